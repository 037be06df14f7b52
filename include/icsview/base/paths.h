/* Where icsview keeps its files: the XDG base directories, private
 * directories made for them, scratch paths under $TMPDIR, and locks on a
 * directory. */
#ifndef ICSVIEW_PATHS_H
#define ICSVIEW_PATHS_H

/* An environment variable's value, NULL when unset or empty. */
const char *env_value(const char *name);
/* `$XDG_VAR/icsview`, else `$HOME/HOME_SUBDIR/icsview`, else NULL; caller
 * frees.  E.g. xdg_app_dir("XDG_CACHE_HOME", ".cache"). */
char *xdg_app_dir(const char *xdg_var, const char *home_subdir);
/* The directory dir with every symbolic link in it resolved (realpath),
 * or dir as it is when it cannot be resolved; caller frees.  Files are
 * made in it without following a link at their own names (a link planted
 * there is refused), which a link above, such as a ~/.cache kept by a
 * dotfile manager, must not trip. */
char *real_dir(const char *dir);
/* `$TMPDIR/name` (/tmp when TMPDIR is unset or empty), the directory
 * resolved by real_dir; caller frees.  For mkstemp and mkdtemp templates. */
char *temp_path(const char *name);
/* mkdir -p, every directory created with mode 0700.  Returns 0 or an errno. */
int make_private_dirs(const char *path);
/* Locks the directory holding file_path (flock: LOCK_SH or LOCK_EX), waiting
 * for it; returns the descriptor to pass to dir_unlock, or -1 when the
 * directory cannot be locked (the caller goes on without). */
int dir_lock(const char *file_path, int operation);
void dir_unlock(int fd);

#endif
