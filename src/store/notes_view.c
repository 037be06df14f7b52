/* The remembered view (notes.h): one row of the views table per model key
 * and user, replaced whole by one UPSERT.  The values are read back as
 * untrusted: anything but text (or NULL) of a sane length is refused. */
#include "notes_private.h"

#include <stdlib.h>
#include <string.h>

void notes_view_clear(struct notes_view *view)
{
	if (!view)
		return;
	free(view->selection);
	free(view->root);
	free(view->filter);
	free(view->marks);
	free(view->when);
	memset(view, 0, sizeof(*view));
}

/* ---- reading ------------------------------------------------------------ */

enum view_column { COL_VERSION, COL_SELECTION, COL_ROOT, COL_FILTER, COL_MARKS, COL_CHANGED };
static const char *const column_names[] = {
	"version", "selection", "root", "filter", "marks", "changed",
};

/* A text column into *out (NULL stays NULL); false when the value is not
 * text, holds a NUL byte or is too long. */
static bool text_column(sqlite3_stmt *stmt, enum view_column col, char **out)
{
	int type = sqlite3_column_type(stmt, (int)col);
	const unsigned char *text;
	int bytes;

	*out = NULL;
	if (type == SQLITE_NULL)
		return true;
	if (type != SQLITE_TEXT)
		return false;
	text = sqlite3_column_text(stmt, (int)col);
	bytes = sqlite3_column_bytes(stmt, (int)col);
	if (!text || bytes > NOTES_MAX_TEXT || strlen((const char *)text) != (size_t)bytes)
		return false;
	*out = xstrndup((const char *)text, (size_t)bytes);
	return true;
}

/* The row into out; the first column that is not as written, or -1. */
static int read_row(sqlite3_stmt *stmt, struct notes_view *out)
{
	if (sqlite3_column_type(stmt, COL_VERSION) != SQLITE_INTEGER)
		return COL_VERSION;
	out->version = sqlite3_column_int64(stmt, COL_VERSION);
	if (!text_column(stmt, COL_SELECTION, &out->selection))
		return COL_SELECTION;
	if (!text_column(stmt, COL_ROOT, &out->root))
		return COL_ROOT;
	if (!text_column(stmt, COL_FILTER, &out->filter))
		return COL_FILTER;
	if (!text_column(stmt, COL_MARKS, &out->marks))
		return COL_MARKS;
	if (!text_column(stmt, COL_CHANGED, &out->when) || !out->when)
		return COL_CHANGED;
	return -1;
}

int notes_view_get(struct notes *notes, struct notes_view *out)
{
	sqlite3_stmt *stmt = NULL;
	int rc, bad, result;

	memset(out, 0, sizeof(*out));
	notes_clear_error(notes);
	if (!notes->has_views)
		return NOTES_NOT_FOUND;
	if (sqlite3_prepare_v2(notes->db, "SELECT version, selection, root, filter, marks, changed"
	                       " FROM views WHERE model_key = ?1 AND who = ?2", -1, &stmt,
	                       NULL) != SQLITE_OK) {
		sqlite3_finalize(stmt);
		return notes_db_fail(notes, "read the remembered view");
	}
	sqlite3_bind_text(stmt, 1, notes->model_key, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, notes->user, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_DONE) {
		result = NOTES_NOT_FOUND;
	} else if (rc != SQLITE_ROW) {
		result = notes_db_fail(notes, "read the remembered view");
	} else if ((bad = read_row(stmt, out)) >= 0) {
		result = notes_fail(notes, NOTES_DAMAGED, "%s: the remembered view is damaged"
		                    " (its %s is not a value icsview writes)", notes->path,
		                    column_names[bad]);
	} else {
		result = NOTES_OK;
	}
	sqlite3_finalize(stmt);
	if (result != NOTES_OK)
		notes_view_clear(out);
	return result;
}

/* ---- writing ------------------------------------------------------------ */

static bool too_long(const char *text)
{
	return text && strlen(text) > NOTES_MAX_TEXT;
}

static void bind_text_or_null(sqlite3_stmt *stmt, int index, const char *text)
{
	if (text)
		sqlite3_bind_text(stmt, index, text, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(stmt, index);
}

/* Inside the transaction. */
static int upsert(struct notes *notes, const struct notes_view *view)
{
	sqlite3_stmt *stmt = NULL;
	char when[32];
	int rc;

	if (sqlite3_prepare_v2(notes->db, "INSERT INTO views(model_key, who, version, selection,"
	                       " root, filter, marks, changed) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7,"
	                       " ?8) ON CONFLICT(model_key, who) DO UPDATE SET"
	                       " version = excluded.version, selection = excluded.selection,"
	                       " root = excluded.root, filter = excluded.filter,"
	                       " marks = excluded.marks, changed = excluded.changed", -1, &stmt,
	                       NULL) != SQLITE_OK) {
		sqlite3_finalize(stmt);
		return notes_db_fail(notes, "remember the view");
	}
	notes_utc_now(when);
	sqlite3_bind_text(stmt, 1, notes->model_key, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, notes->user, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 3, view->version);
	bind_text_or_null(stmt, 4, view->selection);
	bind_text_or_null(stmt, 5, view->root);
	bind_text_or_null(stmt, 6, view->filter);
	bind_text_or_null(stmt, 7, view->marks);
	sqlite3_bind_text(stmt, 8, when, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? NOTES_OK : notes_db_fail(notes, "remember the view");
}

int notes_view_put(struct notes *notes, const struct notes_view *view, int wait_ms)
{
	int busy_ms = notes->busy_ms, result;

	notes_clear_error(notes);
	if (notes->read_only)
		return notes_fail(notes, NOTES_READ_ONLY, "%s: the notes file is open read-only",
		                  notes->path);
	if (too_long(view->selection) || too_long(view->root) || too_long(view->filter) ||
	    too_long(view->marks))
		return notes_fail(notes, NOTES_TOO_LARGE, "notes: a view's value may hold at most"
		                  " %d bytes", NOTES_MAX_TEXT);
	if (!notes->has_views)
		return notes_fail(notes, NOTES_ERROR, "%s: this notes file has no views table",
		                  notes->path);
	/* the busy handler waits as long as busy_ms says: this write's own limit */
	if (wait_ms > 0)
		notes->busy_ms = wait_ms;
	if (sqlite3_exec(notes->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
		result = notes_db_fail(notes, "start a transaction");
	} else {
		result = upsert(notes, view);
		if (result == NOTES_OK &&
		    sqlite3_exec(notes->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
			result = notes_db_fail(notes, "commit the view");
	}
	if (!sqlite3_get_autocommit(notes->db))
		sqlite3_exec(notes->db, "ROLLBACK", NULL, NULL, NULL);
	notes->busy_ms = busy_ms;
	return result;
}
