/* Shared by the notes store's tests (test_notes.c, test_notes_open.c): each
 * test has a scratch directory of its own, work, with the notes file,
 * db_path, inside, and XDG_DATA_HOME pointing into it (notes_setup,
 * notes_teardown); notes files opened, their bytes, and the notes they
 * hold. */
#ifndef ICSVIEW_TEST_NOTES_FIXTURE_H
#define ICSVIEW_TEST_NOTES_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>
#include "icsview/store/notes.h"

extern char *work;          /* a scratch directory for the test */
extern char *db_path;       /* work/notes.db */

/* Makes work and points XDG_DATA_HOME into it: nothing may reach the real
 * data directory, whatever the test does. */
void notes_setup(void);
void notes_teardown(void);

/* Opening must succeed; open_default opens db_path for the model "default". */
struct notes *open_ok(const char *path, const char *key, const struct notes_options *opts);
struct notes *open_default(void);

/* A file's content, read whole; the caller frees data. */
struct bytes {
	unsigned char *data;
	size_t len;
};
struct bytes read_bytes(const char *path);
void expect_same_bytes(struct bytes before, const char *path);

void expect_note(struct notes *n, const char *id, const char *text, enum note_flag flag,
                 bool reviewed);
void expect_no_note(struct notes *n, const char *id);
size_t count_notes(struct notes *n);

/* db_path made a notes file with one note: n-sth, "existing", a question. */
void make_notes_file(void);

#endif
