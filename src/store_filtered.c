/* The tree under a filter: the children that store_children_after lists,
 * less those that temp.filter_visible (made by filter_apply, filter_sql.c)
 * does not hold. */
#include <stdlib.h>
#include <string.h>
#include "icsview/util.h"
#include "store_private.h"

bool store_filter_active(struct store *st)
{
	sqlite3_stmt *stmt = store_cached(st,
		"SELECT 1 FROM temp.sqlite_master WHERE type = 'table' AND name = 'filter_visible'");
	bool active = stmt && sqlite3_step(stmt) == SQLITE_ROW;

	store_done(st, stmt);
	return active;
}

/* What the tree under a filter needs, made from temp.filter_visible once
 * per filter (st->filter_generation says when it changed): the visible
 * entities by parent (temp.filter_tree), and the visible entities shown
 * under another through a secondary relation (temp.filter_linked, as the
 * loader counts n_linked).  The visible children of an entity, and their
 * number, are then one range of each, however many of its children and
 * backlinks are not visible. */
static int ensure_tree(struct store *st)
{
	if (st->filter_tree_built && st->filter_tree_generation == st->filter_generation)
		return STORE_OK;
	if (store_exec(st->db,
	        "CREATE TEMP TABLE IF NOT EXISTS filter_tree(parent INTEGER NOT NULL,"
	        " eid INTEGER NOT NULL, matched INTEGER NOT NULL, PRIMARY KEY(parent, eid))"
	        " WITHOUT ROWID;"
	        "CREATE TEMP TABLE IF NOT EXISTS filter_linked(dst INTEGER NOT NULL,"
	        " src INTEGER NOT NULL, matched INTEGER NOT NULL, PRIMARY KEY(dst, src))"
	        " WITHOUT ROWID;"
	        "DELETE FROM temp.filter_tree;"
	        "DELETE FROM temp.filter_linked;"
	        "INSERT INTO temp.filter_tree(parent, eid, matched)"
	        " SELECT coalesce(e.parent, 0), v.eid, v.matched FROM temp.filter_visible v"
	        " CROSS JOIN entities e ON e.eid = v.eid;"
	        /* links are clustered by (src, rel): one range per visible entity
	         * and secondary relation, not all its links (an ICB commissions
	         * thousands) */
	        "INSERT OR IGNORE INTO temp.filter_linked(dst, src, matched)"
	        " SELECT l.dst, t.eid, t.matched FROM temp.filter_tree t"
	        " CROSS JOIN relations r CROSS JOIN links l ON l.src = t.eid AND l.rel = r.name"
	        " WHERE r.secondary AND l.dst IS NOT NULL AND l.dst <> t.parent AND l.dst <> t.eid",
	        NULL) != 0)
		return STORE_ERROR;
	st->filter_tree_built = true;
	st->filter_tree_generation = st->filter_generation;
	return STORE_OK;
}

/* The visible children of e: its own, and those shown under it through a
 * secondary relation. */
#define VISIBLE_CHILDREN \
	"(CASE WHEN e.n_children = 0 THEN 0 ELSE" \
	" (SELECT count(*) FROM temp.filter_tree c WHERE c.parent = e.eid) END)" \
	" + (CASE WHEN e.n_linked = 0 THEN 0 ELSE" \
	" (SELECT count(*) FROM temp.filter_linked s WHERE s.dst = e.eid) END)"

/* ?1 the parent (NULL for the roots), ?2 the eid after which to start,
 * ?3 the limit. */
static const char own_sql[] =
	"SELECT e.eid, e.id, e.kind, k.badge, e.name, " VISIBLE_CHILDREN ", 0, t.matched"
	" FROM temp.filter_tree t CROSS JOIN entities e ON e.eid = t.eid"
	" JOIN kinds k ON k.name = e.kind"
	" WHERE t.parent = coalesce(?1, 0) AND t.eid > ?2 ORDER BY t.eid LIMIT ?3";
static const char secondary_sql[] =
	"SELECT e.eid, e.id, e.kind, k.badge, e.name, " VISIBLE_CHILDREN ", 1, t.matched"
	" FROM temp.filter_linked t CROSS JOIN entities e ON e.eid = t.src"
	" JOIN kinds k ON k.name = e.kind"
	" WHERE t.dst = ?1 AND t.src > ?2 ORDER BY t.src LIMIT ?3";

int store_children_filtered_after(struct store *st, int64_t parent, const struct child *after,
                                  size_t limit, struct child_list *out)
{
	if (!store_filter_active(st))
		return store_children_after(st, parent, after, limit, out);
	if (ensure_tree(st) != STORE_OK)
		return STORE_ERROR;
	return store_children_pages(st, own_sql, secondary_sql, parent, after, limit, out);
}
