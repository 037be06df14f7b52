/* Internals shared by the notes store's source files (notes_open.c: the
 * file, its checks and its schema; notes.c: reading and changing notes;
 * notes_view.c: the remembered view; notes_merge.c: edits made at once by
 * several people, and what others changed; notes_import.c: a review merged
 * from elsewhere). */
#ifndef ICSVIEW_NOTES_PRIVATE_H
#define ICSVIEW_NOTES_PRIVATE_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include "icsview/base/util.h"
#include "icsview/store/notes.h"

struct notes {
	sqlite3 *db;
	char *path;
	char *model_key;
	char *user;
	char *error;             /* the last error, NULL when none */
	bool read_only;
	bool has_views;          /* the file has the views table (an older one read-only has not) */
	int64_t data_version;    /* at the last notes_refresh */
	int busy_ms;             /* how long a write waits for another's */
	int64_t busy_since_ns;   /* when the current wait began */
	int64_t *own;            /* history ids written through this handle since the
	                          * last notes_changes_since: not others' changes */
	size_t own_count, own_cap;
};

/* The busy handler: waits up to busy_ms, polling every few milliseconds
 * (SQLite's own handler sleeps up to 100 ms between tries, so that a
 * waiter can starve while another process writes in a loop). */
int notes_busy_handler(void *notes, int count);

/* Sets the store's last error (notes_errmsg) and returns code. */
int notes_fail(struct notes *notes, int code, const char *fmt, ...) ICS_PRINTF(3, 4);
/* An SQLite failure while doing `what`: NOTES_ERROR. */
int notes_db_fail(struct notes *notes, const char *what);
void notes_clear_error(struct notes *notes);
/* Now, in UTC: 2024-05-01T12:34:56Z. */
void notes_utc_now(char buf[32]);

/* Remembers that this handle wrote history row hid. */
void notes_own_change(struct notes *notes, int64_t hid);
/* Inside a transaction: the version of the entity's text (notes.h). */
int notes_read_version(struct notes *notes, const char *entity_id, int64_t *version);

/* A text column of a notes file's row, read by its byte length: a NUL
 * byte in it (planted by another program: icsview writes none) is kept
 * as OUTPUT_NUL (output.h), which every output escapes as a NUL, so that
 * nothing after it is cut off.  "" for NULL; caller frees. */
char *notes_column_text(sqlite3_stmt *stmt, int column);

/* Inside a transaction: the entity's text set by this user, now, recorded
 * in the history (as notes_set_text does). */
int notes_apply_text(struct notes *notes, const char *entity_id, const char *text);

/* PRAGMA data_version of the connection, or -1. */
int64_t notes_data_version(sqlite3 *db);

#endif
