/* The tree under a filter: the children that store_children_after lists,
 * less those that temp.filter_visible (made by filter_apply, filter_sql.c)
 * does not hold.  The entities are the outer loop (CROSS JOIN fixes the
 * order), so a page is still a walk of entities_by_parent from a key. */
#include <stdlib.h>
#include <string.h>
#include "icsview/util.h"
#include "store_private.h"

bool store_filter_active(struct store *st)
{
	sqlite3_stmt *stmt = store_prepare(st->db,
		"SELECT 1 FROM temp.sqlite_master WHERE type = 'table' AND name = 'filter_visible'");
	bool active = stmt && sqlite3_step(stmt) == SQLITE_ROW;

	sqlite3_finalize(stmt);
	return active;
}

/* The visible children of e: its own, and those shown under it through a
 * secondary relation (counted as store_index.c counts n_linked). */
#define VISIBLE_CHILDREN \
	"(CASE WHEN e.n_children = 0 THEN 0 ELSE" \
	" (SELECT count(*) FROM entities c CROSS JOIN temp.filter_visible cv ON cv.eid = c.eid" \
	"  WHERE c.parent = e.eid) END)" \
	" + (CASE WHEN e.n_linked = 0 THEN 0 ELSE" \
	" (SELECT count(DISTINCT l.src) FROM links l" \
	"   JOIN relations r ON r.name = l.rel AND r.secondary" \
	"   JOIN entities s ON s.eid = l.src JOIN temp.filter_visible sv ON sv.eid = l.src" \
	"  WHERE l.dst = e.eid AND s.parent IS NOT l.dst AND s.eid <> l.dst) END)"

/* ?1 the parent (NULL for the roots), ?2 the eid after which to start,
 * ?3 the limit. */
static const char own_sql[] =
	"SELECT e.eid, e.id, e.kind, k.badge, e.name, " VISIBLE_CHILDREN ", 0, v.matched"
	" FROM entities e CROSS JOIN temp.filter_visible v ON v.eid = e.eid"
	" JOIN kinds k ON k.name = e.kind"
	" WHERE e.parent IS ?1 AND e.eid > ?2 ORDER BY e.eid LIMIT ?3";
static const char secondary_sql[] =
	"SELECT e.eid, e.id, e.kind, k.badge, e.name, " VISIBLE_CHILDREN ", 1, v.matched"
	" FROM entities e CROSS JOIN temp.filter_visible v ON v.eid = e.eid"
	" JOIN kinds k ON k.name = e.kind"
	" WHERE e.eid IN (SELECT l.src FROM links l JOIN relations r ON r.name = l.rel"
	"  AND r.secondary WHERE l.dst = ?1)"
	" AND e.parent IS NOT ?1 AND e.eid <> ?1 AND e.eid > ?2 ORDER BY e.eid LIMIT ?3";

int store_children_filtered_after(struct store *st, int64_t parent, const struct child *after,
                                  size_t limit, struct child_list *out)
{
	if (!store_filter_active(st))
		return store_children_after(st, parent, after, limit, out);
	return store_children_pages(st, own_sql, secondary_sql, parent, after, limit, out);
}
