/* icsview review import: another's review merged into the notes file in
 * one transaction, by the rules of notes_import.h; and the conflicts it
 * leaves, found and resolved. */
#include "icsview/store/notes_import.h"

#include <stdlib.h>
#include <string.h>
#include "icsview/base/util.h"
#include "notes_private.h"

/* What the history calls each field's change, and its loss. */
static const char *const field_whats[] = {
	[IMPORT_TEXT] = "text", [IMPORT_FLAG] = "flag", [IMPORT_REVIEWED] = "reviewed",
};
static const char *const lost_whats[] = {
	[IMPORT_FLAG] = "lost flag", [IMPORT_REVIEWED] = "lost reviewed",
};

static const char *const upsert_sql[] = {
	[IMPORT_TEXT] = "INSERT INTO notes(model_key, entity_id, text, who, changed)"
	                " VALUES(?1, ?2, ?3, ?4, ?5) ON CONFLICT(model_key, entity_id) DO UPDATE"
	                " SET text = excluded.text,",
	[IMPORT_FLAG] = "INSERT INTO notes(model_key, entity_id, flag, who, changed)"
	                " VALUES(?1, ?2, ?3, ?4, ?5) ON CONFLICT(model_key, entity_id) DO UPDATE"
	                " SET flag = excluded.flag,",
	[IMPORT_REVIEWED] = "INSERT INTO notes(model_key, entity_id, reviewed, who, changed)"
	                    " VALUES(?1, ?2, ?3, ?4, ?5) ON CONFLICT(model_key, entity_id) DO UPDATE"
	                    " SET reviewed = excluded.reviewed,",
};
/* The note's who and changed say its latest change: an imported change
 * older than ours leaves them. */
#define UPSERT_TAIL " who = CASE WHEN excluded.changed > notes.changed THEN excluded.who" \
	" ELSE notes.who END, changed = max(notes.changed, excluded.changed)"

enum statement {
	ST_NOTE,          /* the note's fields */
	ST_LAST,          /* the last change to a field (or a deletion) */
	ST_SEEN_TEXT,     /* a text the file has held or been offered */
	ST_SEEN_VALUE,    /* a flag or mark already recorded, by its author and time */
	ST_HISTORY,       /* a history row */
	ST_UPSERT_TEXT, ST_UPSERT_FLAG, ST_UPSERT_REVIEWED,
	ST_PRUNE,         /* a note left empty is no note (as notes.c does) */
	ST_COUNT,
};

struct importer {
	struct notes *notes;
	sqlite3_stmt *st[ST_COUNT];
	bool dry_run;
	struct note_import_report *out;
};

static int prepare_all(struct importer *im)
{
	char *upserts[3];
	const char *sql[ST_COUNT] = {
		[ST_NOTE] = "SELECT text, flag, reviewed FROM notes WHERE model_key = ?1"
		            " AND entity_id = ?2",
		[ST_LAST] = "SELECT who, changed FROM history WHERE model_key = ?1 AND entity_id = ?2"
		            " AND what IN (?3, 'delete') ORDER BY hid DESC LIMIT 1",
		[ST_SEEN_TEXT] = "SELECT 1 FROM history WHERE model_key = ?1 AND entity_id = ?2"
		                 " AND what IN ('text', 'delete', 'conflict') AND value = ?3 LIMIT 1",
		[ST_SEEN_VALUE] = "SELECT 1 FROM history WHERE model_key = ?1 AND entity_id = ?2"
		                  " AND what IN (?3, ?4) AND value = ?5 AND who = ?6 AND changed = ?7"
		                  " LIMIT 1",
		[ST_HISTORY] = "INSERT INTO history(model_key, entity_id, what, value, who, changed)"
		               " VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
		[ST_PRUNE] = "DELETE FROM notes WHERE model_key = ?1 AND entity_id = ?2 AND text = ''"
		             " AND flag = 0 AND reviewed = 0",
	};
	int rc = 0;

	for (int f = IMPORT_TEXT; f <= IMPORT_REVIEWED; f++) {
		upserts[f] = xasprintf("%s%s", upsert_sql[f], UPSERT_TAIL);
		sql[ST_UPSERT_TEXT + f] = upserts[f];
	}
	for (int i = 0; rc == 0 && i < ST_COUNT; i++)
		if (sqlite3_prepare_v2(im->notes->db, sql[i], -1, &im->st[i], NULL) != SQLITE_OK)
			rc = notes_db_fail(im->notes, "prepare the import");
	for (int f = IMPORT_TEXT; f <= IMPORT_REVIEWED; f++)
		free(upserts[f]);
	return rc;
}

static void finalize_all(struct importer *im)
{
	for (int i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(im->st[i]);
}

/* The statement, reset, with the model key and entity bound as ?1, ?2. */
static sqlite3_stmt *use(struct importer *im, enum statement which, const char *entity_id)
{
	sqlite3_stmt *stmt = im->st[which];

	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
	sqlite3_bind_text(stmt, 1, im->notes->model_key, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, entity_id, -1, SQLITE_STATIC);
	return stmt;
}

/* Our note's current values (empty ones when there is none). */
struct ours {
	char *text;
	int flag;
	bool reviewed;
};

static int read_ours(struct importer *im, const char *entity_id, struct ours *o)
{
	sqlite3_stmt *stmt = use(im, ST_NOTE, entity_id);
	int rc = sqlite3_step(stmt);

	memset(o, 0, sizeof(*o));
	if (rc == SQLITE_ROW) {
		o->text = notes_column_text(stmt, 0);
		o->flag = sqlite3_column_int(stmt, 1);
		o->reviewed = sqlite3_column_int(stmt, 2) != 0;
	} else {
		o->text = xstrdup("");
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return notes_db_fail(im->notes, "read a note");
	if (o->flag < 0 || o->flag >= NOTE_FLAG_COUNT)
		return notes_fail(im->notes, NOTES_DAMAGED, "%s: the note of %s has flag %d,"
		                  " which icsview never writes", im->notes->path, entity_id, o->flag);
	return NOTES_OK;
}

/* When our field last changed ("" when never: older than any time). */
static int last_change(struct importer *im, const char *entity_id, enum note_import_field f,
                       char **when)
{
	sqlite3_stmt *stmt = use(im, ST_LAST, entity_id);
	int rc;

	sqlite3_bind_text(stmt, 3, field_whats[f], -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	*when = rc == SQLITE_ROW ? notes_column_text(stmt, 1) : xstrdup("");
	sqlite3_reset(stmt);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? NOTES_OK
	                                             : notes_db_fail(im->notes, "read the history");
}

/* Whether the step was made before: *seen. */
static int seen(struct importer *im, const char *entity_id, enum note_import_field f,
                const char *value, const struct note_import_change *c, bool *found)
{
	sqlite3_stmt *stmt;
	int rc;

	if (f == IMPORT_TEXT) {
		stmt = use(im, ST_SEEN_TEXT, entity_id);
		sqlite3_bind_text(stmt, 3, value, -1, SQLITE_STATIC);
	} else {
		stmt = use(im, ST_SEEN_VALUE, entity_id);
		sqlite3_bind_text(stmt, 3, field_whats[f], -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 4, lost_whats[f], -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 5, value, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 6, c->who, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 7, c->when, -1, SQLITE_STATIC);
	}
	rc = sqlite3_step(stmt);
	*found = rc == SQLITE_ROW;
	sqlite3_reset(stmt);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? NOTES_OK
	                                             : notes_db_fail(im->notes, "read the history");
}

static int add_history(struct importer *im, const char *entity_id, const char *what,
                       const char *value, const char *who, const char *when)
{
	sqlite3_stmt *stmt = use(im, ST_HISTORY, entity_id);
	int rc;

	sqlite3_bind_text(stmt, 3, what, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, value, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, who, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 6, when, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? NOTES_OK : notes_db_fail(im->notes, "record the import");
}

static const char *who_of(const struct note_import_change *c)
{
	return c->who && *c->who ? c->who : "someone";
}

static const char *when_of(const struct note_import_change *c)
{
	return c->when ? c->when : "";
}

/* Writes their value of the field, as their change. */
static int write_theirs(struct importer *im, const struct note_import *e,
                        enum note_import_field f, const char *value)
{
	const struct note_import_change *c = f == IMPORT_TEXT ? &e->text_change
	                                     : f == IMPORT_FLAG ? &e->flag_change
	                                     : &e->reviewed_change;
	sqlite3_stmt *stmt = use(im, ST_UPSERT_TEXT + f, e->entity_id);
	int rc;

	if (f == IMPORT_TEXT)
		sqlite3_bind_text(stmt, 3, e->text, -1, SQLITE_STATIC);
	else
		sqlite3_bind_int(stmt, 3, f == IMPORT_FLAG ? (int)e->flag : e->reviewed);
	sqlite3_bind_text(stmt, 4, who_of(c), -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, when_of(c), -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE)
		return notes_db_fail(im->notes, "save an imported note");
	return add_history(im, e->entity_id, field_whats[f], value, who_of(c), when_of(c));
}

/* Notes one step (and makes it, unless a dry run). */
static int step(struct importer *im, size_t index, const struct note_import *e,
                enum note_import_field f, enum note_import_action action, const char *ours,
                const char *theirs)
{
	struct note_import_step *s;
	int rc = NOTES_OK;

	if (!im->dry_run) {
		if (action == IMPORT_ADD || action == IMPORT_TAKE)
			rc = write_theirs(im, e, f, theirs);
		else if (action == IMPORT_CONFLICT)
			rc = add_history(im, e->entity_id, "conflict", theirs, who_of(&e->text_change),
			                 when_of(&e->text_change));
		else
			rc = add_history(im, e->entity_id, lost_whats[f], theirs,
			                 who_of(f == IMPORT_FLAG ? &e->flag_change : &e->reviewed_change),
			                 when_of(f == IMPORT_FLAG ? &e->flag_change : &e->reviewed_change));
	}
	if (rc != NOTES_OK)
		return rc;
	GROW(im->out->items, im->out->cap, im->out->count + 1);
	s = &im->out->items[im->out->count++];
	s->entry = index;
	s->field = f;
	s->action = action;
	s->ours = xstrdup(ours);
	s->theirs = xstrdup(theirs);
	return NOTES_OK;
}

static int merge_text(struct importer *im, size_t index, const struct note_import *e,
                      const char *ours)
{
	bool known;
	int rc;

	if (!*e->text || strcmp(e->text, ours) == 0)
		return NOTES_OK;
	if ((rc = seen(im, e->entity_id, IMPORT_TEXT, e->text, NULL, &known)) != NOTES_OK || known)
		return rc;
	return step(im, index, e, IMPORT_TEXT, *ours ? IMPORT_CONFLICT : IMPORT_ADD, ours, e->text);
}

/* A flag or a mark: the latest change wins. */
static int merge_value(struct importer *im, size_t index, const struct note_import *e,
                       enum note_import_field f, const char *ours, const char *theirs)
{
	const struct note_import_change *c = f == IMPORT_FLAG ? &e->flag_change : &e->reviewed_change;
	char *our_when;
	bool known;
	int rc;

	if (!c->who || !c->when || strcmp(ours, theirs) == 0)
		return NOTES_OK;   /* never changed there, or the same */
	if ((rc = last_change(im, e->entity_id, f, &our_when)) != NOTES_OK)
		return rc;
	if (strcmp(c->when, our_when) > 0) {
		rc = step(im, index, e, f, IMPORT_TAKE, ours, theirs);
	} else {
		rc = seen(im, e->entity_id, f, theirs, c, &known);
		if (rc == NOTES_OK && !known)
			rc = step(im, index, e, f, IMPORT_KEEP, ours, theirs);
	}
	free(our_when);
	return rc;
}

static int prune(struct importer *im, const char *entity_id)
{
	sqlite3_stmt *stmt = use(im, ST_PRUNE, entity_id);
	int rc = sqlite3_step(stmt);

	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? NOTES_OK : notes_db_fail(im->notes, "save an imported note");
}

static int merge_one(struct importer *im, size_t index, const struct note_import *e)
{
	size_t before = im->out->count;
	struct ours o;
	int rc = read_ours(im, e->entity_id, &o);

	if (rc == NOTES_OK)
		rc = merge_text(im, index, e, o.text);
	if (rc == NOTES_OK)
		rc = merge_value(im, index, e, IMPORT_FLAG, note_flag_name((enum note_flag)o.flag),
		                 note_flag_name(e->flag));
	if (rc == NOTES_OK)
		rc = merge_value(im, index, e, IMPORT_REVIEWED, o.reviewed ? "yes" : "no",
		                 e->reviewed ? "yes" : "no");
	if (rc == NOTES_OK && im->out->count == before)
		im->out->unchanged++;
	else if (rc == NOTES_OK && !im->dry_run)
		rc = prune(im, e->entity_id);
	free(o.text);
	return rc;
}

/* ---- checking what is imported --------------------------------------------- */

static int compare_ids(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Each entity once, each value one icsview writes. */
static int check_entries(struct notes *notes, const struct note_import *entries, size_t count)
{
	const char **ids = xcalloc(count ? count : 1, sizeof(*ids));
	int rc = NOTES_OK;

	for (size_t i = 0; rc == NOTES_OK && i < count; i++) {
		const struct note_import *e = &entries[i];

		ids[i] = e->entity_id;
		if (!e->entity_id || !*e->entity_id || !e->text)
			rc = notes_fail(notes, NOTES_INVALID, "notes: entry %zu has no entity id", i + 1);
		else if (strlen(e->entity_id) > NOTES_MAX_ID)
			rc = notes_fail(notes, NOTES_TOO_LARGE, "notes: entry %zu: an entity id longer"
			                " than %d bytes", i + 1, NOTES_MAX_ID);
		else if (strlen(e->text) > NOTES_MAX_TEXT)
			rc = notes_fail(notes, NOTES_TOO_LARGE, "notes: entry %zu: a note longer than"
			                " %d bytes", i + 1, NOTES_MAX_TEXT);
		else if ((unsigned)e->flag >= NOTE_FLAG_COUNT)
			rc = notes_fail(notes, NOTES_INVALID, "notes: entry %zu: unknown flag", i + 1);
	}
	if (rc == NOTES_OK && count > 1) {
		qsort(ids, count, sizeof(*ids), compare_ids);
		for (size_t i = 1; rc == NOTES_OK && i < count; i++)
			if (strcmp(ids[i - 1], ids[i]) == 0)
				rc = notes_fail(notes, NOTES_INVALID, "notes: the entity %s is imported twice",
				                ids[i]);
	}
	free(ids);
	return rc;
}

void note_import_report_clear(struct note_import_report *report)
{
	for (size_t i = 0; i < report->count; i++) {
		free(report->items[i].ours);
		free(report->items[i].theirs);
	}
	free(report->items);
	memset(report, 0, sizeof(*report));
}

static int begin(struct notes *notes, bool dry_run)
{
	if (!dry_run && notes->read_only)
		return notes_fail(notes, NOTES_READ_ONLY, "%s: the notes file is open read-only",
		                  notes->path);
	if (sqlite3_exec(notes->db, dry_run ? "BEGIN" : "BEGIN IMMEDIATE", NULL, NULL, NULL)
	    == SQLITE_OK)
		return NOTES_OK;
	if (sqlite3_errcode(notes->db) == SQLITE_BUSY)
		return notes_fail(notes, NOTES_ERROR, "%s: the notes file stayed busy with another"
		                  " process's change for %d ms: try again", notes->path, notes->busy_ms);
	return notes_db_fail(notes, "start a transaction");
}

/* Commits a successful import, else (or for a dry run) rolls it back. */
static int finish(struct notes *notes, int result, bool dry_run)
{
	if (result == NOTES_OK && !dry_run &&
	    sqlite3_exec(notes->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		result = notes_db_fail(notes, "commit the import");
	if (!sqlite3_get_autocommit(notes->db))
		sqlite3_exec(notes->db, "ROLLBACK", NULL, NULL, NULL);
	return result;
}

int notes_import(struct notes *notes, const struct note_import *entries, size_t count,
                 const char *source, bool dry_run, struct note_import_report *out)
{
	struct importer im = { .notes = notes, .dry_run = dry_run, .out = out };
	char now[32];
	int rc;

	memset(out, 0, sizeof(*out));
	notes_clear_error(notes);
	if ((rc = check_entries(notes, entries, count)) != NOTES_OK)
		return rc;
	if ((rc = begin(notes, dry_run)) != NOTES_OK)
		return rc;
	rc = prepare_all(&im);
	for (size_t i = 0; rc == NOTES_OK && i < count; i++)
		rc = merge_one(&im, i, &entries[i]);
	if (rc == NOTES_OK && !dry_run && out->count) {
		notes_utc_now(now);
		rc = add_history(&im, "", "import", source ? source : "", notes->user, now);
	}
	finalize_all(&im);
	rc = finish(notes, rc, dry_run);
	if (rc != NOTES_OK)
		note_import_report_clear(out);
	return rc;
}

/* ---- conflicts ------------------------------------------------------------------- */

/* Inside a read: the latest conflict after the entity's last resolution. */
static int read_conflict(struct notes *notes, const char *entity_id, struct note *theirs)
{
	sqlite3_stmt *stmt = NULL;
	int rc;

	if (sqlite3_prepare_v2(notes->db, "SELECT value, who, changed FROM history"
	                       " WHERE model_key = ?1 AND entity_id = ?2 AND what = 'conflict'"
	                       " AND hid > coalesce((SELECT max(hid) FROM history WHERE model_key = ?1"
	                       " AND entity_id = ?2 AND what = 'resolved'), 0)"
	                       " ORDER BY hid DESC LIMIT 1", -1, &stmt, NULL) != SQLITE_OK) {
		sqlite3_finalize(stmt);
		return notes_db_fail(notes, "read the note's conflicts");
	}
	sqlite3_bind_text(stmt, 1, notes->model_key, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, entity_id, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		theirs->entity_id = xstrdup(entity_id);
		theirs->text = notes_column_text(stmt, 0);
		theirs->who = notes_column_text(stmt, 1);
		theirs->when = notes_column_text(stmt, 2);
	}
	sqlite3_finalize(stmt);
	if (rc == SQLITE_ROW)
		return NOTES_OK;
	return rc == SQLITE_DONE ? NOTES_NOT_FOUND : notes_db_fail(notes, "read the note's conflicts");
}

int notes_conflict(struct notes *notes, const char *entity_id, struct note *theirs)
{
	int rc;

	memset(theirs, 0, sizeof(*theirs));
	notes_clear_error(notes);
	if (!entity_id || !*entity_id)
		return notes_fail(notes, NOTES_INVALID, "notes: no entity id");
	rc = read_conflict(notes, entity_id, theirs);
	if (rc == NOTES_OK && notes_read_version(notes, entity_id, &theirs->version) != NOTES_OK)
		rc = NOTES_ERROR;
	if (rc != NOTES_OK)
		note_clear(theirs);
	return rc;
}

int notes_resolve_conflict(struct notes *notes, const char *entity_id, const char *text,
                           const char *how)
{
	struct note pending;
	char now[32];
	int rc;

	notes_clear_error(notes);
	if (!entity_id || !*entity_id)
		return notes_fail(notes, NOTES_INVALID, "notes: no entity id");
	if (text && strlen(text) > NOTES_MAX_TEXT)
		return notes_fail(notes, NOTES_TOO_LARGE, "notes: a note may hold at most %d bytes",
		                  NOTES_MAX_TEXT);
	if ((rc = begin(notes, false)) != NOTES_OK)
		return rc;
	memset(&pending, 0, sizeof(pending));
	rc = read_conflict(notes, entity_id, &pending);
	note_clear(&pending);
	if (rc == NOTES_OK && text)
		rc = notes_apply_text(notes, entity_id, text);
	if (rc == NOTES_OK) {
		struct importer im = { .notes = notes };
		notes_utc_now(now);
		if (sqlite3_prepare_v2(notes->db, "INSERT INTO history(model_key, entity_id, what,"
		                       " value, who, changed) VALUES(?1, ?2, ?3, ?4, ?5, ?6)", -1,
		                       &im.st[ST_HISTORY], NULL) != SQLITE_OK)
			rc = notes_db_fail(notes, "record the resolution");
		else
			rc = add_history(&im, entity_id, "resolved", how ? how : "", notes->user, now);
		if (rc == NOTES_OK)
			notes_own_change(notes, sqlite3_last_insert_rowid(notes->db));
		sqlite3_finalize(im.st[ST_HISTORY]);
	}
	return finish(notes, rc, false);
}

/* The entity's latest conflict after its last resolution, for every
 * entity of the model key: hid > the last 'resolved' row's, and the
 * latest 'conflict' row (history_by_entity answers both). */
#define PENDING_CONFLICTS_SQL \
	"SELECT h.entity_id, h.value, h.who, h.changed FROM history AS h" \
	" WHERE h.model_key = ?1 AND h.what = 'conflict'" \
	" AND h.hid = (SELECT max(hid) FROM history WHERE model_key = ?1" \
	" AND entity_id = h.entity_id AND what = 'conflict')" \
	" AND h.hid > coalesce((SELECT max(hid) FROM history WHERE model_key = ?1" \
	" AND entity_id = h.entity_id AND what = 'resolved'), 0)" \
	" ORDER BY h.entity_id"

static void take_conflict(sqlite3_stmt *stmt, struct note_list *out)
{
	struct note *n;

	GROW(out->items, out->cap, out->count + 1);
	n = &out->items[out->count++];
	memset(n, 0, sizeof(*n));
	n->entity_id = notes_column_text(stmt, 0);
	n->text = notes_column_text(stmt, 1);
	n->who = notes_column_text(stmt, 2);
	n->when = notes_column_text(stmt, 3);
}

int notes_conflicts_list(struct notes *notes, struct note_list *out)
{
	sqlite3_stmt *stmt = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	notes_clear_error(notes);
	if (sqlite3_prepare_v2(notes->db, PENDING_CONFLICTS_SQL, -1, &stmt, NULL) != SQLITE_OK) {
		sqlite3_finalize(stmt);
		return notes_db_fail(notes, "read the notes' conflicts");
	}
	sqlite3_bind_text(stmt, 1, notes->model_key, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		take_conflict(stmt, out);
	sqlite3_finalize(stmt);
	if (rc == SQLITE_DONE)
		return NOTES_OK;
	note_list_clear(out);
	return notes_db_fail(notes, "read the notes' conflicts");
}

int notes_conflicts_pending(struct notes *notes, size_t *count, char **first_entity_id)
{
	sqlite3_stmt *stmt = NULL;
	int rc;

	*count = 0;
	*first_entity_id = NULL;
	notes_clear_error(notes);
	if (sqlite3_prepare_v2(notes->db, "SELECT count(*), min(entity_id) FROM (SELECT DISTINCT"
	                       " entity_id FROM history AS h WHERE model_key = ?1 AND what = 'conflict'"
	                       " AND hid > coalesce((SELECT max(hid) FROM history WHERE model_key = ?1"
	                       " AND entity_id = h.entity_id AND what = 'resolved'), 0))",
	                       -1, &stmt, NULL) != SQLITE_OK) {
		sqlite3_finalize(stmt);
		return notes_db_fail(notes, "read the note's conflicts");
	}
	sqlite3_bind_text(stmt, 1, notes->model_key, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW && (*count = (size_t)sqlite3_column_int64(stmt, 0)) > 0)
		*first_entity_id = notes_column_text(stmt, 1);
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW ? NOTES_OK : notes_db_fail(notes, "read the note's conflicts");
}

/* ---- the last change to each field ------------------------------------------------ */

void note_field_changes_clear(struct note_field_changes *c)
{
	for (int f = 0; f < IMPORT_FIELD_COUNT; f++) {
		free(c->who[f]);
		free(c->when[f]);
	}
	memset(c, 0, sizeof(*c));
}

/* Newest first: each field takes the first row that is its own or a
 * deletion. */
static void take_change(sqlite3_stmt *stmt, struct note_field_changes *out)
{
	const char *what = (const char *)sqlite3_column_text(stmt, 0);
	bool deletion = what && strcmp(what, "delete") == 0;

	for (int f = 0; f < IMPORT_FIELD_COUNT; f++) {
		if (out->who[f] || !what || (!deletion && strcmp(what, field_whats[f]) != 0))
			continue;
		out->who[f] = notes_column_text(stmt, 1);
		out->when[f] = notes_column_text(stmt, 2);
	}
}

int notes_field_changes(struct notes *notes, const char *entity_id,
                        struct note_field_changes *out)
{
	sqlite3_stmt *stmt = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	notes_clear_error(notes);
	if (sqlite3_prepare_v2(notes->db, "SELECT what, who, changed FROM history"
	                       " WHERE model_key = ?1 AND entity_id = ?2"
	                       " AND what IN ('text', 'flag', 'reviewed', 'delete') ORDER BY hid DESC",
	                       -1, &stmt, NULL) != SQLITE_OK) {
		sqlite3_finalize(stmt);
		return notes_db_fail(notes, "read the history");
	}
	sqlite3_bind_text(stmt, 1, notes->model_key, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, entity_id, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW &&
	       !(out->who[IMPORT_TEXT] && out->who[IMPORT_FLAG] && out->who[IMPORT_REVIEWED]))
		take_change(stmt, out);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		note_field_changes_clear(out);
		return notes_db_fail(notes, "read the history");
	}
	return NOTES_OK;
}
