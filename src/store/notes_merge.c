/* Several people on one notes file: the version of a note's text, so that
 * a save over a text changed since it was read is caught instead of
 * silently replacing it; both texts kept in one; and the changes others
 * made, for the interface's refresh.
 *
 * The version of a text is the id of the history row of its last change
 * (what 'text' or 'delete'): every change to a text appends such a row
 * (notes.c, and every older icsview too), and a new row's id is above
 * every row's that still exists, while text rows are never removed (only
 * drafts are), so the version grows with every change and the schema
 * stays as it is. */
#include "notes_private.h"

#include <stdlib.h>
#include <string.h>
#include "icsview/base/util.h"

void notes_own_change(struct notes *notes, int64_t hid)
{
	GROW(notes->own, notes->own_cap, notes->own_count + 1);
	notes->own[notes->own_count++] = hid;
}

static bool is_own(const struct notes *notes, int64_t hid)
{
	for (size_t i = 0; i < notes->own_count; i++)
		if (notes->own[i] == hid)
			return true;
	return false;
}

static char *column_dup(sqlite3_stmt *stmt, int column)
{
	return notes_column_text(stmt, column);
}

/* The last change to the entity's text: its history id (0 when none), and
 * with who/when non-NULL who made it and when (caller frees). */
static int last_text_change(struct notes *notes, const char *entity_id, int64_t *hid,
                            char **who, char **when)
{
	sqlite3_stmt *stmt = NULL;
	int rc;

	*hid = 0;
	if (sqlite3_prepare_v2(notes->db, "SELECT hid, who, changed FROM history"
	                       " WHERE model_key = ?1 AND entity_id = ?2"
	                       " AND what IN ('text', 'delete') ORDER BY hid DESC LIMIT 1",
	                       -1, &stmt, NULL) != SQLITE_OK) {
		sqlite3_finalize(stmt);
		return notes_db_fail(notes, "read the note's version");
	}
	sqlite3_bind_text(stmt, 1, notes->model_key, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, entity_id, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*hid = sqlite3_column_int64(stmt, 0);
		if (who)
			*who = column_dup(stmt, 1);
		if (when)
			*when = column_dup(stmt, 2);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return notes_db_fail(notes, "read the note's version");
	return NOTES_OK;
}

int notes_read_version(struct notes *notes, const char *entity_id, int64_t *version)
{
	return last_text_change(notes, entity_id, version, NULL, NULL);
}

int notes_text_change(struct notes *notes, const char *entity_id, struct note *out)
{
	char *who = NULL, *when = NULL;
	int64_t version;
	int result = notes_get(notes, entity_id, out);

	if (result < 0)
		return result;
	if (last_text_change(notes, entity_id, &version, &who, &when) != NOTES_OK) {
		note_clear(out);
		return NOTES_ERROR;
	}
	if (who) {
		free(out->who);
		free(out->when);
		out->who = who;
		out->when = when;
	}
	out->version = version;
	return result;
}

char *notes_join_texts(const char *theirs, const char *their_who, const char *their_when,
                       const char *mine, const char *my_who, const char *my_when)
{
	if (!*theirs)
		return xstrdup(mine);
	if (!*mine || strcmp(theirs, mine) == 0)
		return xstrdup(theirs);
	return xasprintf("%s\n\xe2\x80\x94 kept both: above, %s (%s); below, %s (%s)\n%s",
	                 theirs, their_who ? their_who : "someone", their_when ? their_when : "?",
	                 my_who ? my_who : "someone", my_when ? my_when : "?", mine);
}

/* ---- what others changed ---------------------------------------------------------- */

int notes_last_change(struct notes *notes, int64_t *hid)
{
	sqlite3_stmt *stmt = NULL;
	int rc;

	*hid = 0;
	notes_clear_error(notes);
	if (sqlite3_prepare_v2(notes->db, "SELECT max(hid) FROM history", -1, &stmt, NULL)
	    != SQLITE_OK) {
		sqlite3_finalize(stmt);
		return notes_db_fail(notes, "read the history");
	}
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*hid = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW ? NOTES_OK : notes_db_fail(notes, "read the history");
}

static int read_changes(struct notes *notes, sqlite3_stmt *stmt, struct note_history *out,
                        int64_t *last)
{
	int rc;

	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		int64_t hid = sqlite3_column_int64(stmt, 0);
		struct note_change *c;

		if (hid > *last)
			*last = hid;
		if (is_own(notes, hid) || out->count >= NOTES_CHANGES_MAX)
			continue;
		GROW(out->items, out->cap, out->count + 1);
		c = &out->items[out->count++];
		c->entity_id = column_dup(stmt, 1);
		c->what = column_dup(stmt, 2);
		c->value = column_dup(stmt, 3);
		c->who = column_dup(stmt, 4);
		c->when = column_dup(stmt, 5);
	}
	return rc == SQLITE_DONE ? NOTES_OK : notes_db_fail(notes, "read the history");
}

int notes_changes_since(struct notes *notes, int64_t since, struct note_history *out,
                        int64_t *last)
{
	sqlite3_stmt *stmt = NULL;
	int result;

	memset(out, 0, sizeof(*out));
	*last = since;
	notes_clear_error(notes);
	if (sqlite3_prepare_v2(notes->db, "SELECT hid, entity_id, what, value, who, changed"
	                       " FROM history WHERE hid > ?1 AND model_key = ?2"
	                       " AND what <> 'draft' ORDER BY hid", -1, &stmt, NULL) != SQLITE_OK) {
		sqlite3_finalize(stmt);
		return notes_db_fail(notes, "read the history");
	}
	sqlite3_bind_int64(stmt, 1, since);
	sqlite3_bind_text(stmt, 2, notes->model_key, -1, SQLITE_STATIC);
	result = read_changes(notes, stmt, out, last);
	sqlite3_finalize(stmt);
	if (result != NOTES_OK) {
		note_history_clear(out);
		*last = since;
		return result;
	}
	notes->own_count = 0;
	return NOTES_OK;
}
