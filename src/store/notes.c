/* Reading and changing notes.  Every change is one transaction (BEGIN
 * IMMEDIATE, so that a writer waits for another under the busy timeout
 * rather than failing on a stale snapshot) that updates the note and
 * appends to the history; on any failure it is rolled back whole. */
#include "notes_private.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include "icsview/base/output.h"
#include "icsview/base/util.h"
#include "store_private.h"

static const char *const flag_names[NOTE_FLAG_COUNT] = {
	[NOTE_FLAG_NONE] = "none",
	[NOTE_FLAG_OK] = "ok",
	[NOTE_FLAG_QUESTION] = "question",
	[NOTE_FLAG_CONCERN] = "concern",
};

const char *note_flag_name(enum note_flag flag)
{
	return (unsigned)flag < NOTE_FLAG_COUNT ? flag_names[flag] : NULL;
}

bool note_flag_parse(const char *name, enum note_flag *out)
{
	for (int i = 0; i < NOTE_FLAG_COUNT; i++) {
		if (strcasecmp(name, flag_names[i]) == 0) {
			*out = (enum note_flag)i;
			return true;
		}
	}
	return false;
}

enum note_flag note_flag_next(enum note_flag flag)
{
	return (unsigned)flag + 1 < NOTE_FLAG_COUNT ? flag + 1 : NOTE_FLAG_NONE;
}

/* ---- errors ------------------------------------------------------------------ */

int notes_fail(struct notes *notes, int code, const char *fmt, ...)
{
	va_list ap;

	free(notes->error);
	va_start(ap, fmt);
	notes->error = xvasprintf(fmt, ap);
	va_end(ap);
	return code;
}

int notes_db_fail(struct notes *notes, const char *what)
{
	return notes_fail(notes, NOTES_ERROR, "%s: cannot %s: %s", notes->path, what,
	                  sqlite3_errmsg(notes->db));
}

void notes_clear_error(struct notes *notes)
{
	free(notes->error);
	notes->error = NULL;
}

const char *notes_errmsg(struct notes *notes)
{
	return notes->error ? notes->error : "";
}

bool notes_read_only(struct notes *notes)
{
	return notes->read_only;
}

const char *notes_model_key(struct notes *notes)
{
	return notes->model_key;
}

const char *notes_file(struct notes *notes)
{
	return notes->path;
}

const char *notes_user(struct notes *notes)
{
	return notes->user;
}

static int check_id(struct notes *notes, const char *entity_id)
{
	if (!entity_id || !*entity_id)
		return notes_fail(notes, NOTES_INVALID, "notes: no entity id");
	if (strlen(entity_id) > NOTES_MAX_ID)
		return notes_fail(notes, NOTES_TOO_LARGE, "notes: entity id longer than %d bytes",
		                  NOTES_MAX_ID);
	return NOTES_OK;
}

/* ---- statements ------------------------------------------------------------------ */

static sqlite3_stmt *prepare(struct notes *notes, const char *sql)
{
	sqlite3_stmt *stmt = NULL;

	if (sqlite3_prepare_v2(notes->db, sql, -1, &stmt, NULL) != SQLITE_OK) {
		sqlite3_finalize(stmt);
		return NULL;
	}
	return stmt;
}

static void bind_key(sqlite3_stmt *stmt, struct notes *notes, const char *entity_id)
{
	sqlite3_bind_text(stmt, 1, notes->model_key, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, entity_id, -1, SQLITE_STATIC);
}

char *notes_column_text(sqlite3_stmt *stmt, int column)
{
	const char *text = (const char *)sqlite3_column_text(stmt, column);
	size_t n = (size_t)sqlite3_column_bytes(stmt, column), nuls = 0;
	struct strbuf sb = STRBUF_INIT;

	if (!text)
		return xstrdup("");
	for (size_t i = 0; i < n; i++)
		nuls += text[i] == '\0';
	if (!nuls)
		return xstrndup(text, n);
	for (size_t i = 0; i < n; i++) {
		if (text[i] == '\0')
			sb_puts(&sb, OUTPUT_NUL);
		else
			sb_putc(&sb, text[i]);
	}
	return sb_detach(&sb);
}

static char *column_dup(sqlite3_stmt *stmt, int column)
{
	return notes_column_text(stmt, column);
}

static enum note_flag column_flag(sqlite3_stmt *stmt, int column)
{
	int flag = sqlite3_column_int(stmt, column);

	return flag >= 0 && flag < NOTE_FLAG_COUNT ? (enum note_flag)flag : NOTE_FLAG_NONE;
}

/* Columns entity_id, text, flag, reviewed, who, changed from `first`. */
static void read_note(sqlite3_stmt *stmt, int first, struct note *out)
{
	out->entity_id = column_dup(stmt, first);
	out->text = column_dup(stmt, first + 1);
	out->flag = column_flag(stmt, first + 2);
	out->reviewed = sqlite3_column_int(stmt, first + 3) != 0;
	out->who = column_dup(stmt, first + 4);
	out->when = column_dup(stmt, first + 5);
}

void note_clear(struct note *note)
{
	if (!note)
		return;
	free(note->entity_id);
	free(note->text);
	free(note->who);
	free(note->when);
	memset(note, 0, sizeof(*note));
}

void note_list_clear(struct note_list *list)
{
	for (size_t i = 0; i < list->count; i++)
		note_clear(&list->items[i]);
	free(list->items);
	memset(list, 0, sizeof(*list));
}

void note_change_clear(struct note_change *c)
{
	free(c->entity_id);
	free(c->what);
	free(c->value);
	free(c->who);
	free(c->when);
	memset(c, 0, sizeof(*c));
}

void note_history_clear(struct note_history *history)
{
	for (size_t i = 0; i < history->count; i++)
		note_change_clear(&history->items[i]);
	free(history->items);
	memset(history, 0, sizeof(*history));
}

/* ---- reading ------------------------------------------------------------------------ */

#define NOTE_COLUMNS "entity_id, text, flag, reviewed, who, changed"

int notes_get(struct notes *notes, const char *entity_id, struct note *out)
{
	sqlite3_stmt *stmt;
	int rc, result;

	memset(out, 0, sizeof(*out));
	notes_clear_error(notes);
	if ((result = check_id(notes, entity_id)) != NOTES_OK)
		return result;
	stmt = prepare(notes, "SELECT " NOTE_COLUMNS " FROM notes"
	                      " WHERE model_key = ?1 AND entity_id = ?2");
	if (!stmt)
		return notes_db_fail(notes, "read a note");
	bind_key(stmt, notes, entity_id);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		read_note(stmt, 0, out);
		result = NOTES_OK;
	} else if (rc == SQLITE_DONE) {
		out->entity_id = xstrdup(entity_id);
		out->text = xstrdup("");
		result = NOTES_NOT_FOUND;
	} else {
		result = notes_db_fail(notes, "read a note");
	}
	sqlite3_finalize(stmt);
	if (result >= 0 && notes_read_version(notes, entity_id, &out->version) != NOTES_OK) {
		note_clear(out);
		result = NOTES_ERROR;
	}
	return result;
}

/* Appends every row of stmt (NOTE_COLUMNS) to out; with st, only those
 * whose entity is not in the model. */
static int collect(struct notes *notes, sqlite3_stmt *stmt, sqlite3_stmt *exists,
                   struct note_list *out)
{
	int rc;

	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (exists) {
			int found;

			sqlite3_bind_text(exists, 1, (const char *)sqlite3_column_text(stmt, 0),
			                  sqlite3_column_bytes(stmt, 0), SQLITE_TRANSIENT);
			found = sqlite3_step(exists);
			sqlite3_reset(exists);
			if (found == SQLITE_ROW)
				continue;
			if (found != SQLITE_DONE)
				return notes_fail(notes, NOTES_ERROR, "%s: cannot read the model: %s",
				                  notes->path, sqlite3_errmsg(sqlite3_db_handle(exists)));
		}
		GROW(out->items, out->cap, out->count + 1);
		read_note(stmt, 0, &out->items[out->count++]);
	}
	return rc == SQLITE_DONE ? NOTES_OK : notes_db_fail(notes, "list notes");
}

static int list_notes(struct notes *notes, struct store *st, struct note_list *out)
{
	sqlite3_stmt *stmt, *exists = NULL;
	int result;

	memset(out, 0, sizeof(*out));
	notes_clear_error(notes);
	stmt = prepare(notes, "SELECT " NOTE_COLUMNS " FROM notes WHERE model_key = ?1"
	                      " ORDER BY entity_id");
	if (!stmt)
		return notes_db_fail(notes, "list notes");
	sqlite3_bind_text(stmt, 1, notes->model_key, -1, SQLITE_STATIC);
	/* entities_by_id ignores case (store.c): the exact id within it */
	if (st && sqlite3_prepare_v2(st->db,
	                             "SELECT 1 FROM entities WHERE id = ?1 COLLATE NOCASE AND id = ?1",
	                             -1, &exists, NULL) != SQLITE_OK) {
		result = notes_fail(notes, NOTES_ERROR, "%s: cannot read the model: %s", notes->path,
		                    store_errmsg(st));
	} else {
		result = collect(notes, stmt, exists, out);
	}
	sqlite3_finalize(exists);
	sqlite3_finalize(stmt);
	if (result != NOTES_OK)
		note_list_clear(out);
	return result;
}

int notes_list(struct notes *notes, struct note_list *out)
{
	return list_notes(notes, NULL, out);
}

int notes_orphans(struct notes *notes, struct store *st, struct note_list *out)
{
	if (!st) {
		memset(out, 0, sizeof(*out));
		return notes_fail(notes, NOTES_INVALID, "notes: no model to compare with");
	}
	return list_notes(notes, st, out);
}

/* A row of (what, value, who, changed) from the history. */
static void column_change(sqlite3_stmt *stmt, struct note_change *c)
{
	c->entity_id = NULL;
	c->what = column_dup(stmt, 0);
	c->value = column_dup(stmt, 1);
	c->who = column_dup(stmt, 2);
	c->when = column_dup(stmt, 3);
}

/* The entity's changes, oldest first; or (drafts) this user's draft. */
static int read_history(struct notes *notes, const char *entity_id, bool drafts,
                        struct note_history *out)
{
	sqlite3_stmt *stmt;
	int rc, result;

	memset(out, 0, sizeof(*out));
	notes_clear_error(notes);
	if ((result = check_id(notes, entity_id)) != NOTES_OK)
		return result;
	stmt = prepare(notes, drafts
	               ? "SELECT what, value, who, changed FROM history WHERE model_key = ?1"
	                 " AND entity_id = ?2 AND what = 'draft' AND who = ?3"
	                 " ORDER BY hid DESC LIMIT 1"
	               : "SELECT what, value, who, changed FROM history"
	                 " WHERE model_key = ?1 AND entity_id = ?2 AND what <> 'draft'"
	                 " ORDER BY hid");
	if (!stmt)
		return notes_db_fail(notes, "read the history");
	bind_key(stmt, notes, entity_id);
	if (drafts)
		sqlite3_bind_text(stmt, 3, notes->user, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		GROW(out->items, out->cap, out->count + 1);
		column_change(stmt, &out->items[out->count++]);
	}
	result = rc == SQLITE_DONE ? NOTES_OK : notes_db_fail(notes, "read the history");
	sqlite3_finalize(stmt);
	if (result != NOTES_OK)
		note_history_clear(out);
	return result;
}

int notes_history(struct notes *notes, const char *entity_id, struct note_history *out)
{
	return read_history(notes, entity_id, false, out);
}

int notes_refresh(struct notes *notes, bool *changed)
{
	int64_t version;

	notes_clear_error(notes);
	if (changed)
		*changed = false;
	if ((version = notes_data_version(notes->db)) < 0)
		return notes_db_fail(notes, "read the notes file");
	if (changed)
		*changed = version != notes->data_version;
	notes->data_version = version;
	return NOTES_OK;
}

/* ---- changing ------------------------------------------------------------------------------ */

enum field { FIELD_TEXT, FIELD_FLAG, FIELD_REVIEWED };

struct change {
	enum field field;
	const char *text;        /* FIELD_TEXT */
	int value;               /* FIELD_FLAG, FIELD_REVIEWED */
	bool relative;           /* cycle the flag or toggle reviewed */
};

static const char *const upsert_sql[] = {
	[FIELD_TEXT] = "INSERT INTO notes(model_key, entity_id, text, who, changed)"
	               " VALUES(?1, ?2, ?3, ?4, ?5) ON CONFLICT(model_key, entity_id)"
	               " DO UPDATE SET text = excluded.text, who = excluded.who,"
	               " changed = excluded.changed",
	[FIELD_FLAG] = "INSERT INTO notes(model_key, entity_id, flag, who, changed)"
	               " VALUES(?1, ?2, ?3, ?4, ?5) ON CONFLICT(model_key, entity_id)"
	               " DO UPDATE SET flag = excluded.flag, who = excluded.who,"
	               " changed = excluded.changed",
	[FIELD_REVIEWED] = "INSERT INTO notes(model_key, entity_id, reviewed, who, changed)"
	                   " VALUES(?1, ?2, ?3, ?4, ?5) ON CONFLICT(model_key, entity_id)"
	                   " DO UPDATE SET reviewed = excluded.reviewed, who = excluded.who,"
	                   " changed = excluded.changed",
};
static const char *const field_names[] = { "text", "flag", "reviewed" };

void notes_utc_now(char buf[32])
{
	time_t now = time(NULL);
	struct tm tm;

	if (!gmtime_r(&now, &tm) || strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(buf, 32, "%lld", (long long)now);
}

/* Runs stmt (already bound) to completion; returns its step result. */
static int run(sqlite3_stmt *stmt)
{
	int rc = stmt ? sqlite3_step(stmt) : SQLITE_ERROR;

	sqlite3_finalize(stmt);
	return rc;
}

static int record(struct notes *notes, const char *entity_id, const char *what,
                  const char *value, const char *when)
{
	sqlite3_stmt *stmt = prepare(notes, "INSERT INTO history(model_key, entity_id, what,"
	                                    " value, who, changed) VALUES(?1, ?2, ?3, ?4, ?5, ?6)");

	if (stmt) {
		bind_key(stmt, notes, entity_id);
		sqlite3_bind_text(stmt, 3, what, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 4, value, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 5, notes->user, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 6, when, -1, SQLITE_STATIC);
	}
	if (run(stmt) != SQLITE_DONE)
		return notes_db_fail(notes, "record the change");
	notes_own_change(notes, sqlite3_last_insert_rowid(notes->db));
	return NOTES_OK;
}

/* Inside a transaction: removes this user's drafts of the entity's note. */
static int drop_drafts(struct notes *notes, const char *entity_id)
{
	sqlite3_stmt *stmt = prepare(notes, "DELETE FROM history WHERE model_key = ?1"
	                                    " AND entity_id = ?2 AND what = 'draft' AND who = ?3");

	if (stmt) {
		bind_key(stmt, notes, entity_id);
		sqlite3_bind_text(stmt, 3, notes->user, -1, SQLITE_STATIC);
	}
	return run(stmt) == SQLITE_DONE ? NOTES_OK : notes_db_fail(notes, "drop the draft");
}

/* The current flag or reviewed state, inside the transaction. */
static int current_value(struct notes *notes, const char *entity_id, enum field field,
                         int *value)
{
	sqlite3_stmt *stmt = prepare(notes, field == FIELD_FLAG
	                             ? "SELECT flag FROM notes WHERE model_key = ?1 AND entity_id = ?2"
	                             : "SELECT reviewed FROM notes WHERE model_key = ?1 AND entity_id = ?2");
	int rc;

	*value = 0;
	if (!stmt)
		return notes_db_fail(notes, "read a note");
	bind_key(stmt, notes, entity_id);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*value = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? NOTES_OK : notes_db_fail(notes, "read a note");
}

/* Inside the transaction: the change, its history row, and the removal of
 * a note left empty. */
static int apply(struct notes *notes, const char *entity_id, struct change *c)
{
	sqlite3_stmt *stmt;
	char when[32], *value;
	int result;

	if (c->relative) {
		if ((result = current_value(notes, entity_id, c->field, &c->value)) != NOTES_OK)
			return result;
		c->value = c->field == FIELD_FLAG
		           ? (int)note_flag_next((enum note_flag)c->value) : !c->value;
	}
	notes_utc_now(when);
	if ((stmt = prepare(notes, upsert_sql[c->field])) != NULL) {
		bind_key(stmt, notes, entity_id);
		if (c->field == FIELD_TEXT)
			sqlite3_bind_text(stmt, 3, c->text, -1, SQLITE_STATIC);
		else
			sqlite3_bind_int(stmt, 3, c->value);
		sqlite3_bind_text(stmt, 4, notes->user, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 5, when, -1, SQLITE_STATIC);
	}
	if (run(stmt) != SQLITE_DONE)
		return notes_db_fail(notes, "save the note");
	value = c->field == FIELD_TEXT ? xstrdup(c->text)
	        : c->field == FIELD_FLAG ? xstrdup(note_flag_name((enum note_flag)c->value))
	        : xstrdup(c->value ? "yes" : "no");
	result = record(notes, entity_id, field_names[c->field], value, when);
	free(value);
	if (result == NOTES_OK && c->field == FIELD_TEXT)
		result = drop_drafts(notes, entity_id);   /* the text saved supersedes them */
	if (result != NOTES_OK)
		return result;
	if ((stmt = prepare(notes, "DELETE FROM notes WHERE model_key = ?1 AND entity_id = ?2"
	                           " AND text = '' AND flag = 0 AND reviewed = 0")) != NULL)
		bind_key(stmt, notes, entity_id);
	return run(stmt) == SQLITE_DONE ? NOTES_OK : notes_db_fail(notes, "save the note");
}

int notes_apply_text(struct notes *notes, const char *entity_id, const char *text)
{
	struct change c = { .field = FIELD_TEXT, .text = text };

	return apply(notes, entity_id, &c);
}

static int begin(struct notes *notes, const char *entity_id)
{
	int result;

	notes_clear_error(notes);
	if (notes->read_only)
		return notes_fail(notes, NOTES_READ_ONLY, "%s: the notes file is open read-only",
		                  notes->path);
	if ((result = check_id(notes, entity_id)) != NOTES_OK)
		return result;
	if (sqlite3_exec(notes->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return notes_db_fail(notes, "start a transaction");
	return NOTES_OK;
}

/* Commits when result is NOTES_OK (or NOTES_NOT_FOUND), else rolls back. */
static int finish(struct notes *notes, int result)
{
	if (result >= 0 && sqlite3_exec(notes->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		result = notes_db_fail(notes, "commit the change");
	if (!sqlite3_get_autocommit(notes->db))
		sqlite3_exec(notes->db, "ROLLBACK", NULL, NULL, NULL);
	return result;
}

static int change(struct notes *notes, const char *entity_id, struct change *c)
{
	int result = begin(notes, entity_id);

	if (result != NOTES_OK)
		return result;
	return finish(notes, apply(notes, entity_id, c));
}

int notes_set_text(struct notes *notes, const char *entity_id, const char *text)
{
	struct change c = { .field = FIELD_TEXT, .text = text ? text : "" };

	if (strlen(c.text) > NOTES_MAX_TEXT)
		return notes_fail(notes, NOTES_TOO_LARGE, "notes: a note may hold at most %d bytes",
		                  NOTES_MAX_TEXT);
	return change(notes, entity_id, &c);
}

int notes_save_text(struct notes *notes, const char *entity_id, const char *text,
                    int64_t base, struct note *theirs)
{
	struct change c = { .field = FIELD_TEXT, .text = text ? text : "" };
	int64_t version;
	int result;

	memset(theirs, 0, sizeof(*theirs));
	if (strlen(c.text) > NOTES_MAX_TEXT)
		return notes_fail(notes, NOTES_TOO_LARGE, "notes: a note may hold at most %d bytes",
		                  NOTES_MAX_TEXT);
	if ((result = begin(notes, entity_id)) != NOTES_OK)
		return result;
	result = notes_read_version(notes, entity_id, &version);
	if (result == NOTES_OK && version != base) {
		result = notes_text_change(notes, entity_id, theirs);
		result = result < 0 ? result : NOTES_CONFLICT;
	} else if (result == NOTES_OK) {
		result = apply(notes, entity_id, &c);
	}
	result = finish(notes, result);
	if (result != NOTES_CONFLICT)
		note_clear(theirs);
	return result;
}

int notes_set_flag(struct notes *notes, const char *entity_id, enum note_flag flag)
{
	struct change c = { .field = FIELD_FLAG, .value = (int)flag };

	if ((unsigned)flag >= NOTE_FLAG_COUNT)
		return notes_fail(notes, NOTES_INVALID, "notes: unknown flag %d", (int)flag);
	return change(notes, entity_id, &c);
}

int notes_set_reviewed(struct notes *notes, const char *entity_id, bool reviewed)
{
	struct change c = { .field = FIELD_REVIEWED, .value = reviewed };

	return change(notes, entity_id, &c);
}

int notes_cycle_flag(struct notes *notes, const char *entity_id, enum note_flag *new_flag)
{
	struct change c = { .field = FIELD_FLAG, .relative = true };
	int result = change(notes, entity_id, &c);

	if (result == NOTES_OK && new_flag)
		*new_flag = (enum note_flag)c.value;
	return result;
}

int notes_toggle_reviewed(struct notes *notes, const char *entity_id, bool *new_reviewed)
{
	struct change c = { .field = FIELD_REVIEWED, .relative = true };
	int result = change(notes, entity_id, &c);

	if (result == NOTES_OK && new_reviewed)
		*new_reviewed = c.value != 0;
	return result;
}

int notes_delete(struct notes *notes, const char *entity_id)
{
	struct note old;
	sqlite3_stmt *stmt;
	char when[32];
	int result = begin(notes, entity_id);

	if (result != NOTES_OK)
		return result;
	result = notes_get(notes, entity_id, &old);
	if (result == NOTES_OK) {
		notes_utc_now(when);
		if ((stmt = prepare(notes, "DELETE FROM notes WHERE model_key = ?1"
		                           " AND entity_id = ?2")) != NULL)
			bind_key(stmt, notes, entity_id);
		result = run(stmt) == SQLITE_DONE ? record(notes, entity_id, "delete", old.text, when)
		                                  : notes_db_fail(notes, "delete the note");
	}
	note_clear(&old);
	return finish(notes, result);
}

/* ---- drafts ---------------------------------------------------------------------------------
 * A draft is kept as a history row of what 'draft', which is no change to
 * the note (notes_history leaves it out; the note stays as last saved):
 * the notes file keeps its schema, so that a team sharing one file may run
 * different versions of icsview. */

int notes_keep_draft(struct notes *notes, const char *entity_id, const char *text)
{
	char when[32];
	int result;

	if (text && strlen(text) > NOTES_MAX_TEXT)
		return notes_fail(notes, NOTES_TOO_LARGE, "notes: a note may hold at most %d bytes",
		                  NOTES_MAX_TEXT);
	if ((result = begin(notes, entity_id)) != NOTES_OK)
		return result;
	notes_utc_now(when);
	result = drop_drafts(notes, entity_id);
	if (result == NOTES_OK)
		result = record(notes, entity_id, "draft", text ? text : "", when);
	return finish(notes, result);
}

int notes_draft(struct notes *notes, const char *entity_id, struct note_change *out)
{
	struct note_history found;
	int result = read_history(notes, entity_id, true, &found);

	memset(out, 0, sizeof(*out));
	if (result != NOTES_OK)
		return result;
	if (found.count == 0)
		result = NOTES_NOT_FOUND;
	else
		*out = found.items[0];   /* the one row, moved */
	free(found.items);
	return result;
}

int notes_drop_draft(struct notes *notes, const char *entity_id)
{
	int result = begin(notes, entity_id);

	if (result != NOTES_OK)
		return result;
	return finish(notes, drop_drafts(notes, entity_id));
}

int notes_drafts_kept(struct notes *notes, size_t *count, char **newest_entity_id)
{
	sqlite3_stmt *stmt;
	int rc;

	*count = 0;
	*newest_entity_id = NULL;
	notes_clear_error(notes);
	stmt = prepare(notes, "SELECT count(*), (SELECT entity_id FROM history WHERE model_key = ?1"
	                      " AND what = 'draft' AND who = ?2 ORDER BY hid DESC LIMIT 1)"
	                      " FROM history WHERE model_key = ?1 AND what = 'draft' AND who = ?2");
	if (!stmt)
		return notes_db_fail(notes, "read the drafts");
	sqlite3_bind_text(stmt, 1, notes->model_key, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, notes->user, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*count = (size_t)sqlite3_column_int64(stmt, 0);
		if (*count)
			*newest_entity_id = column_dup(stmt, 1);
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW ? NOTES_OK : notes_db_fail(notes, "read the drafts");
}
