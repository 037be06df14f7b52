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
/* `$TMPDIR/name` (/tmp when TMPDIR is unset or empty); caller frees.  For
 * mkstemp and mkdtemp templates. */
char *temp_path(const char *name);
/* mkdir -p, every directory created with mode 0700.  Returns 0 or an errno. */
int make_private_dirs(const char *path);
/* Locks the directory holding file_path (flock: LOCK_SH or LOCK_EX), waiting
 * for it; returns the descriptor to pass to dir_unlock, or -1 when the
 * directory cannot be locked (the caller goes on without). */
int dir_lock(const char *file_path, int operation);
void dir_unlock(int fd);

#endif
