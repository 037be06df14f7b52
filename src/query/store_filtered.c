/* The tree under a filter: the children that store_children_after lists,
 * less those that temp.filter_visible does not hold.  filter_run.c keeps,
 * with the result, the visible entities by parent (temp.filter_tree) and
 * the visible entities shown under another through a secondary relation
 * (temp.filter_linked, as the loader counts n_linked), growing as the
 * filter is evaluated: the visible children of an entity, and their
 * number, are then one range of each, however many of its children and
 * backlinks are not visible. */
#include <stdlib.h>
#include <string.h>
#include "icsview/base/util.h"
#include "icsview/query/filter.h"
#include "icsview/store/store_sql.h"

bool store_filter_active(struct store *st)
{
	struct sql_stmt *stmt = store_sql_cached(st,
		"SELECT 1 FROM temp.sqlite_master WHERE type = 'table' AND name = 'filter_visible'");
	bool active = stmt && sql_step(stmt) == SQL_ROW;

	store_sql_done(st, stmt);
	return active;
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
#define MATCHED(eid) "(SELECT v.matched FROM temp.filter_visible v WHERE v.eid = " eid ")"
static const char own_sql[] =
	"SELECT e.eid, e.id, k.name, k.badge, e.name, " VISIBLE_CHILDREN ", 0, "
	STORE_CHILD_STATUS_COLUMNS ", " MATCHED("t.eid")
	" FROM temp.filter_tree t CROSS JOIN entities e ON e.eid = t.eid"
	" JOIN kinds k ON k.kind_no = e.kind_no"
	" WHERE t.parent = coalesce(?1, 0) AND t.eid > ?2 ORDER BY t.eid LIMIT ?3";
static const char secondary_sql[] =
	"SELECT e.eid, e.id, k.name, k.badge, e.name, " VISIBLE_CHILDREN ", 1, "
	STORE_CHILD_STATUS_COLUMNS ", " MATCHED("t.src")
	" FROM temp.filter_linked t CROSS JOIN entities e ON e.eid = t.src"
	" JOIN kinds k ON k.kind_no = e.kind_no"
	" WHERE t.dst = ?1 AND t.src > ?2 ORDER BY t.src LIMIT ?3";

int store_children_filtered_after(struct store *st, int64_t parent, const struct child *after,
                                  size_t limit, struct child_list *out)
{
	if (!store_filter_active(st))
		return store_children_after(st, parent, after, limit, out);
	return store_children_pages(st, own_sql, secondary_sql, parent, after, limit, out);
}

/* ---- children by position --------------------------------------------------------
 * The outline (outline.c) keeps a long list of children as a count and reads
 * the rows a screen shows a page at a time: it needs how many children there
 * are, the child at a position (to read a page from it), and the position of
 * a child (to reveal it).  Own children come first, by eid, then the
 * secondary ones, by eid, as store_children_filtered_after lists them.  ?1
 * is the parent (NULL for the roots). */

static const char roots_count_sql[] = "SELECT count(*) FROM entities WHERE parent IS NULL";
static const char counts_sql[] = "SELECT n_children, n_linked FROM entities WHERE eid = ?1";
static const char own_at_sql[] =
	"SELECT eid FROM entities WHERE parent IS ?1 ORDER BY eid LIMIT 1 OFFSET ?2";
static const char own_at_desc_sql[] =
	"SELECT eid FROM entities WHERE parent IS ?1 ORDER BY eid DESC LIMIT 1 OFFSET ?2";
static const char secondary_at_sql[] =
	"SELECT e.eid FROM entities e"
	" WHERE e.eid IN (SELECT l.src FROM relations r CROSS JOIN links l"
	"  ON l.dst = ?1 AND l.rel_no = r.rel_no WHERE r.secondary)"
	" AND e.parent IS NOT ?1 AND e.eid <> ?1 ORDER BY e.eid LIMIT 1 OFFSET ?2";
static const char own_position_sql[] =
	"SELECT (SELECT count(*) FROM entities WHERE parent IS ?1 AND eid < ?2),"
	" EXISTS(SELECT 1 FROM entities WHERE eid = ?2 AND parent IS ?1)";
static const char parent_sql[] = "SELECT coalesce(parent, 0) FROM entities WHERE eid = ?1";

static const char visible_own_count_sql[] =
	"SELECT count(*) FROM temp.filter_tree WHERE parent = coalesce(?1, 0)";
static const char visible_linked_count_sql[] =
	"SELECT count(*) FROM temp.filter_linked WHERE dst = ?1";
static const char visible_own_at_sql[] =
	"SELECT eid FROM temp.filter_tree WHERE parent = coalesce(?1, 0)"
	" ORDER BY eid LIMIT 1 OFFSET ?2";
static const char visible_own_at_desc_sql[] =
	"SELECT eid FROM temp.filter_tree WHERE parent = coalesce(?1, 0)"
	" ORDER BY eid DESC LIMIT 1 OFFSET ?2";
static const char visible_secondary_at_sql[] =
	"SELECT src FROM temp.filter_linked WHERE dst = ?1 ORDER BY src LIMIT 1 OFFSET ?2";
static const char visible_own_position_sql[] =
	"SELECT (SELECT count(*) FROM temp.filter_tree WHERE parent = coalesce(?1, 0) AND eid < ?2),"
	" EXISTS(SELECT 1 FROM temp.filter_tree WHERE parent = coalesce(?1, 0) AND eid = ?2)";

/* Runs a statement taking ?1 the parent (NULL for 0) and optionally ?2,
 * and reads its first row's integer columns into out[0..n).  STORE_NOT_FOUND
 * when there is no row. */
static int query_ints(struct store *st, const char *sql, int64_t parent, bool bind2, int64_t arg2,
                      int64_t *out, int n)
{
	struct sql_stmt *stmt = store_sql_cached(st, sql);
	enum sql_step rc;

	if (!stmt)
		return STORE_ERROR;
	if (parent)
		sql_bind_int64(stmt, 1, parent);
	if (bind2)
		sql_bind_int64(stmt, 2, arg2);
	rc = sql_step(stmt);
	if (rc == SQL_ROW)
		for (int i = 0; i < n; i++)
			out[i] = sql_int64(stmt, i);
	store_sql_done(st, stmt);
	return rc == SQL_ROW ? STORE_OK : rc == SQL_DONE ? STORE_NOT_FOUND : STORE_ERROR;
}

/* The number of own and of secondary children store_children_filtered_after
 * lists under parent. */
static int child_counts(struct store *st, bool filtered, int64_t parent, int64_t *own,
                        int64_t *linked)
{
	int64_t counts[2] = { 0, 0 };
	int rc;

	if (filtered) {
		rc = query_ints(st, visible_own_count_sql, parent, false, 0, own, 1);
		if (rc == STORE_OK && parent)
			rc = query_ints(st, visible_linked_count_sql, parent, false, 0, linked, 1);
		else
			*linked = 0;
		return rc;
	}
	if (parent == 0) {
		*linked = 0;
		return query_ints(st, roots_count_sql, 0, false, 0, own, 1);
	}
	rc = query_ints(st, counts_sql, parent, false, 0, counts, 2);
	*own = counts[0];
	*linked = counts[1];
	return rc;
}

/* Whether the tree is filtered. */
static int filtered_tree(struct store *st, bool *filtered)
{
	*filtered = store_filter_active(st);
	return STORE_OK;
}

int store_children_count_filtered(struct store *st, int64_t parent, size_t *count)
{
	int64_t own = 0, linked = 0;
	bool filtered;

	if (filtered_tree(st, &filtered) != STORE_OK ||
	    child_counts(st, filtered, parent, &own, &linked) == STORE_ERROR)
		return STORE_ERROR;
	*count = (size_t)(own + linked);
	return STORE_OK;
}

int store_child_at_filtered(struct store *st, int64_t parent, size_t position, struct child *key)
{
	int64_t own = 0, linked = 0, eid = 0;
	bool filtered;
	int rc;

	memset(key, 0, sizeof(*key));
	if (filtered_tree(st, &filtered) != STORE_OK ||
	    child_counts(st, filtered, parent, &own, &linked) == STORE_ERROR)
		return STORE_ERROR;
	if (position < (size_t)own) {
		/* an offset costs a step per row skipped: count from the nearer end */
		if (position < (size_t)own / 2)
			rc = query_ints(st, filtered ? visible_own_at_sql : own_at_sql, parent, true,
			                (int64_t)position, &eid, 1);
		else
			rc = query_ints(st, filtered ? visible_own_at_desc_sql : own_at_desc_sql, parent,
			                true, own - 1 - (int64_t)position, &eid, 1);
	} else if (parent && position - (size_t)own < (size_t)linked) {
		rc = query_ints(st, filtered ? visible_secondary_at_sql : secondary_at_sql, parent, true,
		                (int64_t)(position - (size_t)own), &eid, 1);
		key->secondary = true;
	} else {
		return STORE_NOT_FOUND;
	}
	key->eid = eid;
	return rc;
}

int store_child_position_filtered(struct store *st, int64_t eid, int64_t *parent, size_t *position)
{
	int64_t found[2] = { 0, 0 };
	bool filtered;
	int rc;

	if (filtered_tree(st, &filtered) != STORE_OK)
		return STORE_ERROR;
	rc = query_ints(st, parent_sql, eid, false, 0, parent, 1);
	if (rc != STORE_OK)
		return rc;
	rc = query_ints(st, filtered ? visible_own_position_sql : own_position_sql, *parent, true, eid,
	                found, 2);
	if (rc != STORE_OK)
		return rc == STORE_NOT_FOUND ? STORE_ERROR : rc;
	if (!found[1])
		return STORE_NOT_FOUND;
	*position = (size_t)found[0];
	return STORE_OK;
}
