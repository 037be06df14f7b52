/* What the governance reads from the store (governance_read.h). */
#include "governance_read.h"

#include <stdlib.h>
#include <string.h>
#include "icsview/base/model.h"
#include "icsview/base/util.h"
#include "icsview/query/governance.h"
#include "icsview/store/store_sql.h"

void eids_add(struct eids *l, int64_t eid)
{
	GROW(l->items, l->cap, l->count + 1);
	l->items[l->count++] = eid;
}

/* ---- what is kept with the store -------------------------------------------- */

/* A byte of flags an eid. */
enum {
	HAS_CHILDREN = 1,       /* own children, visible or not */
	BODY_KIND = 2,          /* a board or partnership */
	DECLARED_KIND = 4,      /* of a kind the model declares */
	LINKS_READ = 8,         /* of a declared kind, its links looked at: */
	REPORTS = 16,           /* it reports, recommends or holds delegated authority */
};

struct gov_tree {
	unsigned char *flags;   /* by eid */
	size_t nodes;           /* the largest eid, plus one */
};

static void tree_free(struct store *st, void *ctx)
{
	struct gov_tree *tree = ctx;

	(void)st;
	free(tree->flags);
	free(tree);
}

static bool core_kind(const char *kind)
{
	for (size_t i = 0; i < core_kind_count; i++)
		if (strcmp(core_kinds[i].name, kind) == 0)
			return true;
	return false;
}

/* Sets `flag` on each eid the statement returns in its first column. */
static int flag_rows(struct gov_tree *tree, struct sql_stmt *stmt, unsigned char flag)
{
	enum sql_step rc;

	while ((rc = sql_step(stmt)) == SQL_ROW) {
		int64_t eid = sql_int64(stmt, 0);

		if (eid > 0 && (size_t)eid < tree->nodes)
			tree->flags[eid] |= flag;
	}
	return rc == SQL_DONE ? 0 : -1;
}

static const char max_eid_sql[] = "SELECT coalesce(max(eid), 0) FROM entities";
static const char kinds_sql[] = "SELECT kind_no, name FROM kinds";
static const char of_kind_sql[] = "SELECT eid FROM entities WHERE kind_no = ?1";
/* type_counts has rows for an entity exactly when it has descendants:
 * the parents, read from 21,000 rows at 250,000 entities rather than
 * from every entity's row or parent */
static const char parents_sql[] = "SELECT DISTINCT eid FROM type_counts";

static int flag_kinds(struct store *st, struct gov_tree *tree)
{
	struct sql_stmt *kinds = store_sql_cached(st, kinds_sql);
	struct eids body = { 0 }, declared = { 0 };
	enum sql_step rc = SQL_FAILED;
	int failed = 0;

	while (kinds && (rc = sql_step(kinds)) == SQL_ROW) {
		const char *name = sql_text(kinds, 1);

		if (name && governance_is_body_kind(name))
			eids_add(&body, sql_int64(kinds, 0));
		else if (name && !core_kind(name))
			eids_add(&declared, sql_int64(kinds, 0));
	}
	failed = rc == SQL_DONE ? 0 : -1;
	store_sql_done(st, kinds);
	for (size_t i = 0; !failed && i < body.count + declared.count; i++) {
		struct sql_stmt *rows = store_sql_cached(st, of_kind_sql);

		if (!rows) {
			failed = -1;
			break;
		}
		sql_bind_int64(rows, 1, i < body.count ? body.items[i] : declared.items[i - body.count]);
		failed = flag_rows(tree, rows, i < body.count ? BODY_KIND : DECLARED_KIND);
		store_sql_done(st, rows);
	}
	free(body.items);
	free(declared.items);
	return failed;
}

static int tree_read(struct store *st, struct gov_tree *tree)
{
	struct sql_stmt *stmt = store_sql_cached(st, max_eid_sql);
	int failed;

	if (!stmt)
		return -1;
	failed = sql_step(stmt) == SQL_ROW ? 0 : -1;
	if (!failed)
		tree->nodes = (size_t)sql_int64(stmt, 0) + 1;
	store_sql_done(st, stmt);
	if (failed)
		return -1;
	tree->flags = xcalloc(tree->nodes, 1);
	if (flag_kinds(st, tree) != 0 || !(stmt = store_sql_cached(st, parents_sql)))
		return -1;
	failed = flag_rows(tree, stmt, HAS_CHILDREN);
	store_sql_done(st, stmt);
	return failed;
}

/* The store's tree, read the first time; NULL when the store failed. */
static struct gov_tree *tree_of(struct store *st)
{
	struct gov_tree *tree = store_on_close_ctx(st, tree_free);

	if (tree)
		return tree;
	tree = xcalloc(1, sizeof(*tree));
	if (tree_read(st, tree) != 0) {
		tree_free(st, tree);
		return NULL;
	}
	store_on_close(st, tree_free, tree);
	return tree;
}

static unsigned char flags_of(const struct gov_tree *tree, int64_t eid)
{
	return eid > 0 && (size_t)eid < tree->nodes ? tree->flags[eid] : 0;
}

/* ---- children ---------------------------------------------------------------- */

static const char own_children_sql[] = "SELECT eid FROM entities WHERE parent = ?1 ORDER BY eid";
static const char root_sql[] = "SELECT eid FROM entities WHERE parent IS NULL ORDER BY eid";
static const char visible_children_sql[] =
	"SELECT eid FROM temp.filter_tree WHERE parent = ?1 ORDER BY eid";

int gov_children(struct store *st, bool filtered, int64_t parent, struct eids *out)
{
	struct gov_tree *tree = tree_of(st);
	struct sql_stmt *stmt;
	enum sql_step rc;

	if (!tree)
		return -1;
	if (parent && !(flags_of(tree, parent) & HAS_CHILDREN))
		return 0;
	stmt = store_sql_cached(st, filtered ? visible_children_sql : parent ? own_children_sql : root_sql);
	if (!stmt)
		return -1;
	if (filtered || parent)
		sql_bind_int64(stmt, 1, parent);
	while ((rc = sql_step(stmt)) == SQL_ROW)
		eids_add(out, sql_int64(stmt, 0));
	store_sql_done(st, stmt);
	return rc == SQL_DONE ? 0 : -1;
}

/* ---- bodies ------------------------------------------------------------------ */

/* A link that makes an entity of a declared kind a body, to an entity
 * (store_links lists no link whose target is missing). */
static const char reports_sql[] =
	"SELECT EXISTS(SELECT 1 FROM relations r CROSS JOIN links l ON l.src = ?1 AND l.rel_no = r.rel_no"
	" JOIN entities o ON o.eid = l.dst"
	" WHERE r.name IN ('reports_to', 'recommends_to', 'delegated_authority'))";

int gov_is_body(struct store *st, int64_t eid, bool *yes)
{
	struct gov_tree *tree = tree_of(st);
	struct sql_stmt *stmt;
	unsigned char f;
	int failed;

	*yes = false;
	if (!tree)
		return -1;
	f = flags_of(tree, eid);
	if (f & BODY_KIND || !(f & DECLARED_KIND) || f & LINKS_READ) {
		*yes = f & (BODY_KIND | REPORTS);
		return 0;
	}
	if (!(stmt = store_sql_cached(st, reports_sql)))
		return -1;
	sql_bind_int64(stmt, 1, eid);
	failed = sql_step(stmt) == SQL_ROW ? 0 : -1;
	*yes = !failed && sql_int(stmt, 0) != 0;
	store_sql_done(st, stmt);
	if (!failed)
		tree->flags[eid] |= (unsigned char)(LINKS_READ | (*yes ? REPORTS : 0));
	return failed;
}

/* ---- relations and links ----------------------------------------------------- */

static const char relations_sql[] =
	"SELECT rel_no, name, inverse FROM relations ORDER BY core DESC, rel_no";

int gov_relations_read(struct store *st, struct gov_relations *out)
{
	struct sql_stmt *stmt = store_sql_cached(st, relations_sql);
	enum sql_step rc;

	if (!stmt)
		return -1;
	while ((rc = sql_step(stmt)) == SQL_ROW) {
		GROW(out->items, out->cap, out->count + 1);
		out->items[out->count++] = (struct gov_relation){
			.rel_no = sql_int64(stmt, 0), .name = sql_text_dup(stmt, 1),
			.inverse = sql_text_dup(stmt, 2) };
	}
	store_sql_done(st, stmt);
	return rc == SQL_DONE ? 0 : -1;
}

void gov_relations_clear(struct gov_relations *rels)
{
	for (size_t i = 0; i < rels->count; i++) {
		free(rels->items[i].name);
		free(rels->items[i].inverse);
	}
	free(rels->items);
	memset(rels, 0, sizeof(*rels));
}

/* One relation's links, in load order: ?1 the entity, ?2 the relation. */
#define SCOPE_OF_LINK \
	"(SELECT f.value FROM link_facts f WHERE f.lid = l.lid AND f.key = 'scope' ORDER BY f.ord LIMIT 1)"
static const char links_out_sql[] =
	"SELECT l.lid, o.eid, o.id, k.name, k.badge, o.name, " SCOPE_OF_LINK
	" FROM links l JOIN entities o ON o.eid = l.dst JOIN kinds k ON k.kind_no = o.kind_no"
	" WHERE l.src = ?1 AND l.rel_no = ?2 ORDER BY l.lid";
static const char links_in_sql[] =
	"SELECT l.lid, o.eid, o.id, k.name, k.badge, o.name, " SCOPE_OF_LINK
	" FROM links l JOIN entities o ON o.eid = l.src JOIN kinds k ON k.kind_no = o.kind_no"
	" WHERE l.dst = ?1 AND l.rel_no = ?2 ORDER BY l.lid";

static void read_link_row(struct sql_stmt *stmt, const char *label, struct link_list *out)
{
	struct link_item *item;

	GROW(out->items, out->cap, out->count + 1);
	item = &out->items[out->count++];
	memset(item, 0, sizeof(*item));
	item->lid = sql_int64(stmt, 0);
	item->label = xstrdup(label);
	item->other = sql_int64(stmt, 1);
	item->other_id = sql_text_dup(stmt, 2);
	item->other_kind = sql_text_dup(stmt, 3);
	item->other_badge = sql_text_dup(stmt, 4);
	item->other_name = sql_text_dup(stmt, 5);
	if (sql_is_null(stmt, 6))
		return;
	item->facts = xcalloc(1, sizeof(*item->facts));
	item->facts[0] = (struct link_fact){ .key = xstrdup("scope"), .value = sql_text_dup(stmt, 6) };
	item->fact_count = 1;
}

int gov_links(struct store *st, const struct gov_relations *rels, const bool *wanted, int64_t eid,
              enum link_direction direction, struct link_list *out)
{
	for (size_t k = 0; k < rels->count; k++) {
		const struct gov_relation *r = &rels->items[k];
		struct sql_stmt *stmt;
		enum sql_step rc;

		if (!wanted[k])
			continue;
		stmt = store_sql_cached(st, direction == LINKS_OUT ? links_out_sql : links_in_sql);
		if (!stmt)
			return -1;
		sql_bind_int64(stmt, 1, eid);
		sql_bind_int64(stmt, 2, r->rel_no);
		while ((rc = sql_step(stmt)) == SQL_ROW)
			read_link_row(stmt, direction == LINKS_OUT ? r->name : r->inverse, out);
		store_sql_done(st, stmt);
		if (rc != SQL_DONE)
			return -1;
	}
	return 0;
}
