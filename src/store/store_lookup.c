#include <stdlib.h>
#include <string.h>
#include "icsview/base/util.h"
#include "store_private.h"

/* One query per lookup step, each with the text as ?1 and the limit as ?2.
 * The exact id and the codes are indexed; names are scanned, which at a
 * few hundred thousand entities is still a few milliseconds.  SQLite folds
 * case for ASCII letters only (NOCASE, lower()). */
#define MATCH_COLUMNS "SELECT e.eid, e.id, k.name, e.name, count(*) OVER ()" \
	" FROM entities e CROSS JOIN kinds k ON k.kind_no = e.kind_no"

static const char *const step_sql[] = {
	/* entities_by_id ignores case (store.c): the exact id within it */
	[LOOKUP_ID] = MATCH_COLUMNS " WHERE e.id = ?1 COLLATE NOCASE AND e.id = ?1"
		" ORDER BY e.eid LIMIT ?2",
	[LOOKUP_CODE] = MATCH_COLUMNS
		" WHERE e.eid IN (SELECT eid FROM aka WHERE value = ?1 COLLATE NOCASE)"
		" OR e.id = ?1 COLLATE NOCASE ORDER BY e.eid LIMIT ?2",
	[LOOKUP_NAME] = MATCH_COLUMNS " WHERE e.name = ?1 COLLATE NOCASE ORDER BY e.eid LIMIT ?2",
	[LOOKUP_NAME_PART] = MATCH_COLUMNS
		" WHERE instr(lower(e.name), lower(?1)) > 0 ORDER BY e.eid LIMIT ?2",
};

static int run_step(struct store *st, enum lookup_step step, const char *text, size_t limit,
                    struct match_list *out)
{
	sqlite3_stmt *stmt = store_prepare(st->db, step_sql[step]);
	int rc;

	if (!stmt)
		return STORE_ERROR;
	sqlite3_bind_text(stmt, 1, text, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(stmt, 2, (sqlite3_int64)limit);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct entity_match *m;

		GROW(out->items, out->cap, out->count + 1);
		m = &out->items[out->count++];
		m->eid = sqlite3_column_int64(stmt, 0);
		m->id = column_strdup_empty(stmt, 1);
		m->kind = column_strdup_empty(stmt, 2);
		m->name = column_strdup_empty(stmt, 3);
		out->total = (size_t)sqlite3_column_int64(stmt, 4);
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? STORE_OK : STORE_ERROR;
}

int store_lookup(struct store *st, const char *text, size_t limit, struct match_list *out)
{
	static const enum lookup_step steps[] = {
		LOOKUP_ID, LOOKUP_CODE, LOOKUP_NAME, LOOKUP_NAME_PART,
	};

	out->total = 0;
	out->step = LOOKUP_NONE;
	if (limit == 0)
		limit = 1;
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		if (run_step(st, steps[i], text, limit, out) != STORE_OK)
			return STORE_ERROR;
		if (out->count) {
			out->step = steps[i];
			return STORE_OK;
		}
	}
	return STORE_NOT_FOUND;
}

void match_list_clear(struct match_list *list)
{
	for (size_t i = 0; i < list->count; i++) {
		free(list->items[i].id);
		free(list->items[i].kind);
		free(list->items[i].name);
	}
	free(list->items);
	memset(list, 0, sizeof(*list));
}
