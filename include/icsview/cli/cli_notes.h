/* The command line's and the interface's access to the notes store: which
 * model a set of paths is (the key notes are filed under) and opening the
 * notes file a user names (--notes FILE) or the default one. */
#ifndef ICSVIEW_CLI_NOTES_H
#define ICSVIEW_CLI_NOTES_H

#include <stdbool.h>
#include <stddef.h>
#include "icsview/store/notes.h"

/* The key of the model made of `paths`: "bundled" for the bundled data
 * (no paths and no $ICSVIEW_MODEL), else the paths made absolute and
 * canonical, sorted, joined by newlines; so the notes of a model survive
 * its files being regenerated, and the same files named from another
 * directory are the same model.  Caller frees. */
char *cli_model_key(const char *const *paths, size_t count);

/* Opens the notes of the model made of `paths` in `notes_path` (NULL: the
 * default file, notes_default_path()).  read_only: never write (the
 * commands that only read).  Returns NULL when the file cannot be used;
 * status says why, and whether it opened read-only (clear it with
 * notes_status_clear). */
struct notes *cli_open_notes(const char *notes_path, const char *const *paths, size_t count,
                             bool read_only, struct notes_status *status);

#endif
