#include <string.h>
#include "icsview/util.h"
#include "store_private.h"

/* The children that store_children lists, in its order, as two queries
 * keyed by the last child of the previous page instead of an offset: each
 * page is an index range, however far down a long list of siblings it is.
 * ?1 the parent (NULL for the roots), ?2 the eid after which to start,
 * ?3 the limit. */
static const char own_sql[] =
	"SELECT e.eid, e.id, e.kind, k.badge, e.name, e.n_children + e.n_linked"
	" FROM entities e JOIN kinds k ON k.name = e.kind"
	" WHERE e.parent IS ?1 AND e.eid > ?2 ORDER BY e.eid LIMIT ?3";
static const char secondary_sql[] =
	"SELECT e.eid, e.id, e.kind, k.badge, e.name, e.n_children + e.n_linked"
	" FROM entities e JOIN kinds k ON k.name = e.kind"
	" WHERE e.eid IN (SELECT l.src FROM links l JOIN relations r ON r.name = l.rel"
	"  AND r.secondary WHERE l.dst = ?1)"
	" AND e.parent IS NOT ?1 AND e.eid <> ?1 AND e.eid > ?2 ORDER BY e.eid LIMIT ?3";

static int page(struct store *st, const char *sql, int64_t parent, int64_t after, size_t limit,
                bool secondary, struct child_list *out)
{
	sqlite3_stmt *stmt = store_prepare(st->db, sql);
	int rc;

	if (!stmt)
		return STORE_ERROR;
	if (parent)
		sqlite3_bind_int64(stmt, 1, parent);
	sqlite3_bind_int64(stmt, 2, after);
	sqlite3_bind_int64(stmt, 3, (sqlite3_int64)limit);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct child *c;

		GROW(out->items, out->cap, out->count + 1);
		c = &out->items[out->count++];
		c->eid = sqlite3_column_int64(stmt, 0);
		c->id = column_strdup_empty(stmt, 1);
		c->kind = column_strdup_empty(stmt, 2);
		c->badge = column_strdup_empty(stmt, 3);
		c->name = column_strdup_empty(stmt, 4);
		c->n_children = sqlite3_column_int64(stmt, 5);
		c->secondary = secondary;
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? STORE_OK : STORE_ERROR;
}

int store_children_after(struct store *st, int64_t parent, const struct child *after,
                         size_t limit, struct child_list *out)
{
	size_t before = out->count;

	if (!after->secondary) {
		if (page(st, own_sql, parent, after->eid, limit, false, out) != STORE_OK)
			return STORE_ERROR;
		if (out->count - before == limit || parent == 0)
			return STORE_OK;
	}
	return page(st, secondary_sql, parent, after->secondary ? after->eid : 0,
	            limit - (out->count - before), true, out);
}
