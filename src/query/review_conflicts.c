/* The conflicts an import left (notes_import.h) matched to the model: the
 * eids of the entities that have one, sorted in memory for the tree's
 * rows and the status line, and in temp.review_conflicts for the filter
 * term review:conflict (filter_sql.c).  Kept apart from the marks: a
 * conflict is not a field of the note, and an entity may have one with
 * no note left. */
#include <stdlib.h>
#include <string.h>
#include "icsview/base/util.h"
#include "icsview/query/review.h"
#include "icsview/store/notes_import.h"
#include "icsview/store/store_sql.h"
#include "review_marks.h"

static int64_t *find(const struct review *r, int64_t eid)
{
	if (r->conflict_count == 0)
		return NULL;    /* conflicts may be NULL: bsearch must not see it */
	return bsearch(&eid, r->conflicts, r->conflict_count, sizeof(eid), compare_int64);
}

bool review_has_conflict(const struct review *r, int64_t eid)
{
	return find(r, eid) != NULL;
}

size_t review_conflicts_pending(const struct review *r)
{
	return r->conflict_count;
}

/* temp.review_conflicts as the eids in memory are, inside one savepoint. */
static int write_table(struct review *r)
{
	struct store *st = r->st;
	struct sql_stmt *stmt;
	bool ok;

	if (store_sql_exec(st, "SAVEPOINT review_conflicts;" REVIEW_CONFLICTS_TABLE_SQL
	                       "DELETE FROM temp.review_conflicts") != 0)
		return review_fail(r, "record the review's conflicts");
	stmt = store_sql_prepare(st, "INSERT INTO temp.review_conflicts(eid) VALUES (?1)");
	ok = stmt != NULL;
	for (size_t i = 0; ok && i < r->conflict_count; i++) {
		sql_reset(stmt);
		sql_bind_int64(stmt, 1, r->conflicts[i]);
		ok = sql_step(stmt) == SQL_DONE;
	}
	sql_free(stmt);
	if (!ok) {
		review_fail(r, "record the review's conflicts");
		store_sql_exec(st, "ROLLBACK TO review_conflicts; RELEASE review_conflicts");
		return STORE_ERROR;
	}
	return store_sql_exec(st, "RELEASE review_conflicts") == 0
	       ? STORE_OK : review_fail(r, "record the review's conflicts");
}

int review_conflicts_sync(struct review *r)
{
	struct note_list list = { 0 };
	bool failed = false;

	r->conflict_count = 0;
	if (r->notes && notes_conflicts_list(r->notes, &list) != NOTES_OK)
		return review_fail(r, "read the notes' conflicts");
	for (size_t i = 0; i < list.count && !failed; i++) {
		int64_t eid = review_eid_of_id(r->st, list.items[i].entity_id, &failed);

		if (!eid)
			continue;   /* an orphan's: no row to mark */
		GROW(r->conflicts, r->conflict_cap, r->conflict_count + 1);
		r->conflicts[r->conflict_count++] = eid;
	}
	note_list_clear(&list);
	if (failed)
		return review_fail(r, "match the notes' conflicts to the model");
	if (r->conflict_count > 1)
		qsort(r->conflicts, r->conflict_count, sizeof(r->conflicts[0]), compare_int64);
	return write_table(r);
}

static int store_one(struct review *r, int64_t eid, bool present)
{
	struct sql_stmt *stmt = store_sql_prepare(r->st, present
		? "INSERT OR IGNORE INTO temp.review_conflicts(eid) VALUES (?1)"
		: "DELETE FROM temp.review_conflicts WHERE eid = ?1");
	enum sql_step rc;

	if (!stmt)
		return review_fail(r, "record the conflict");
	sql_bind_int64(stmt, 1, eid);
	rc = sql_step(stmt);
	sql_free(stmt);
	return rc == SQL_DONE ? STORE_OK : review_fail(r, "record the conflict");
}

int review_conflict_reload(struct review *r, int64_t eid, const char *entity_id)
{
	struct note theirs;
	int64_t *at;
	int rc;

	if (!r->notes)
		return STORE_OK;
	rc = notes_conflict(r->notes, entity_id, &theirs);
	note_clear(&theirs);
	if (rc != NOTES_OK && rc != NOTES_NOT_FOUND)
		return review_fail(r, "read the note's conflict");
	at = find(r, eid);
	if (rc == NOTES_NOT_FOUND) {
		if (!at)
			return STORE_OK;
		memmove(at, at + 1, (size_t)(r->conflicts + r->conflict_count - (at + 1)) * sizeof(*at));
		r->conflict_count--;
		return store_one(r, eid, false);
	}
	if (at)
		return STORE_OK;
	GROW(r->conflicts, r->conflict_cap, r->conflict_count + 1);
	r->conflicts[r->conflict_count++] = eid;
	qsort(r->conflicts, r->conflict_count, sizeof(r->conflicts[0]), compare_int64);
	return store_one(r, eid, true);
}
