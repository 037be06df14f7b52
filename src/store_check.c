#include "icsview/store_check.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "store_private.h"

struct checker {
	sqlite3 *db;
	const struct model_files *files;
	struct diag_list *diags;
	int failed;            /* an SQLite error happened */
};

static const char *file_path(const struct checker *c, int file_no)
{
	if (file_no < 0 || (size_t)file_no >= c->files->count)
		return "";
	return c->files->items[file_no].path;
}

static int exec_step(struct checker *c, const char *sql)
{
	char *error = NULL;

	if (store_exec(c->db, sql, &error) == 0)
		return 0;
	diag_add(c->diags, -1, "", 0, 0, "internal error while checking the model: %s", error);
	free(error);
	c->failed = 1;
	return -1;
}

static sqlite3_stmt *prepare(struct checker *c, const char *sql)
{
	sqlite3_stmt *stmt = store_prepare(c->db, sql);

	if (!stmt) {
		diag_add(c->diags, -1, "", 0, 0, "internal error while checking the model: %s",
		         sqlite3_errmsg(c->db));
		c->failed = 1;
	}
	return stmt;
}

/* Runs a query whose rows are (name, file_no, line, col) and reports each as
 * "<problem> '<name>'". */
static void report_rows(struct checker *c, const char *sql, const char *problem)
{
	sqlite3_stmt *stmt = prepare(c, sql);

	if (!stmt)
		return;
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(stmt, 0);
		int file_no = sqlite3_column_int(stmt, 1);

		diag_add(c->diags, file_no, file_path(c, file_no),
		         (unsigned)sqlite3_column_int(stmt, 2), (unsigned)sqlite3_column_int(stmt, 3),
		         "%s '%s'", problem, name ? name : "");
	}
	sqlite3_finalize(stmt);
}

static void check_duplicates(struct checker *c)
{
	sqlite3_stmt *stmt = prepare(c,
		"SELECT e.id, e.file_no, e.line, e.col, f.file_no, f.line, f.col"
		" FROM entities e JOIN entities f"
		"  ON f.eid = (SELECT min(g.eid) FROM entities g WHERE g.id = e.id)"
		" WHERE f.eid <> e.eid ORDER BY e.eid");

	if (!stmt)
		return;
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		int file_no = sqlite3_column_int(stmt, 1);
		int first_file = sqlite3_column_int(stmt, 4);

		diag_add(c->diags, file_no, file_path(c, file_no),
		         (unsigned)sqlite3_column_int(stmt, 2), (unsigned)sqlite3_column_int(stmt, 3),
		         "duplicate id '%s' (first defined at %s:%d:%d)",
		         (const char *)sqlite3_column_text(stmt, 0), file_path(c, first_file),
		         sqlite3_column_int(stmt, 5), sqlite3_column_int(stmt, 6));
	}
	sqlite3_finalize(stmt);
}

static void check_wrong_source_kind(struct checker *c)
{
	sqlite3_stmt *stmt = prepare(c,
		"SELECT c.source_id, e.kind, c.file_no, c.line, c.col FROM citations c"
		" JOIN entities e ON e.eid = c.source WHERE e.kind <> 'source'");

	if (!stmt)
		return;
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		int file_no = sqlite3_column_int(stmt, 2);

		diag_add(c->diags, file_no, file_path(c, file_no),
		         (unsigned)sqlite3_column_int(stmt, 3), (unsigned)sqlite3_column_int(stmt, 4),
		         "'%s' is cited as a source but is a %s, not a source",
		         (const char *)sqlite3_column_text(stmt, 0),
		         (const char *)sqlite3_column_text(stmt, 1));
	}
	sqlite3_finalize(stmt);
}

/* A directed graph over entity row ids, in compressed sparse row form, with
 * the position of the reference that made each edge. */
struct graph {
	size_t nodes;          /* row ids 1..nodes-1 */
	size_t *first;         /* edges of node n: first[n] .. first[n+1]-1 */
	int64_t *target;
	int64_t *edge_ref;     /* what to name in a report: link id or entity id */
	size_t edge_count;
};

static void graph_free(struct graph *g)
{
	free(g->first);
	free(g->target);
	free(g->edge_ref);
}

static int64_t max_eid(struct checker *c)
{
	sqlite3_stmt *stmt = prepare(c, "SELECT coalesce(max(eid), 0) FROM entities");
	int64_t max = 0;

	if (stmt && sqlite3_step(stmt) == SQLITE_ROW)
		max = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return max;
}

/* Loads edges from a query returning (from, to, ref) ordered by from. */
static int graph_load(struct checker *c, const char *sql, struct graph *g)
{
	sqlite3_stmt *stmt;
	size_t cap = 0;

	memset(g, 0, sizeof(*g));
	g->nodes = (size_t)max_eid(c) + 1;
	g->first = xcalloc(g->nodes + 1, sizeof(*g->first));
	stmt = prepare(c, sql);
	if (!stmt)
		return -1;
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		int64_t from = sqlite3_column_int64(stmt, 0);
		int64_t to = sqlite3_column_int64(stmt, 1);

		if (from <= 0 || to <= 0 || (size_t)from >= g->nodes || (size_t)to >= g->nodes)
			continue;
		if (g->edge_count == cap) {
			GROW(g->target, cap, g->edge_count + 1);
			g->edge_ref = xreallocarray(g->edge_ref, cap, sizeof(*g->edge_ref));
		}
		g->target[g->edge_count] = to;
		g->edge_ref[g->edge_count] = sqlite3_column_int64(stmt, 2);
		g->edge_count++;
		g->first[from + 1]++;
	}
	sqlite3_finalize(stmt);
	for (size_t n = 1; n <= g->nodes; n++)
		g->first[n] += g->first[n - 1];
	return 0;
}

struct cycle_report {
	const char *relation;
	const char *position_sql;   /* (file_no, line, col) of an edge's ref */
};

static char *entity_id(struct checker *c, sqlite3_stmt *lookup, int64_t eid)
{
	char *id;

	sqlite3_bind_int64(lookup, 1, eid);
	id = sqlite3_step(lookup) == SQLITE_ROW ? column_strdup_empty(lookup, 0) : xstrdup("?");
	sqlite3_reset(lookup);
	return id;
}

static void report_cycle(struct checker *c, const struct cycle_report *what,
                         const int64_t *path, size_t length, int64_t closing_ref)
{
	sqlite3_stmt *lookup = prepare(c, "SELECT id FROM entities WHERE eid=?");
	sqlite3_stmt *where = prepare(c, what->position_sql);
	struct strbuf members = STRBUF_INIT;

	if (!lookup || !where)
		goto out;
	for (size_t i = 0; i <= length; i++) {
		char *id = entity_id(c, lookup, path[i % length]);
		sb_printf(&members, "%s%s", i ? " -> " : "", id);
		free(id);
	}
	sqlite3_bind_int64(where, 1, closing_ref);
	if (sqlite3_step(where) == SQLITE_ROW) {
		int file_no = sqlite3_column_int(where, 0);
		diag_add(c->diags, file_no, file_path(c, file_no),
		         (unsigned)sqlite3_column_int(where, 1), (unsigned)sqlite3_column_int(where, 2),
		         "cycle in %s: %s", what->relation, sb_str(&members));
	}
out:
	sb_free(&members);
	sqlite3_finalize(lookup);
	sqlite3_finalize(where);
}

enum { WHITE = 0, GREY = 1, BLACK = 2 };

/* Iterative depth-first search from every node in row order; each edge
 * back to a node on the current path closes a cycle, reported once. */
static void find_cycles(struct checker *c, const struct graph *g, const struct cycle_report *what)
{
	unsigned char *colour = xcalloc(g->nodes, 1);
	int64_t *stack = xmalloc(g->nodes * sizeof(*stack));
	size_t *next_edge = xmalloc(g->nodes * sizeof(*next_edge));

	for (size_t start = 1; start < g->nodes; start++) {
		size_t depth = 0;

		if (colour[start] != WHITE)
			continue;
		stack[depth++] = (int64_t)start;
		colour[start] = GREY;
		next_edge[start] = g->first[start];
		while (depth > 0) {
			int64_t node = stack[depth - 1];
			size_t e = next_edge[node];

			if (e == g->first[node + 1]) {
				colour[node] = BLACK;
				depth--;
				continue;
			}
			next_edge[node]++;
			int64_t to = g->target[e];
			if (colour[to] == GREY) {
				size_t at = depth;
				while (at > 0 && stack[at - 1] != to)
					at--;
				if (at > 0)
					report_cycle(c, what, &stack[at - 1], depth - at + 1, g->edge_ref[e]);
			} else if (colour[to] == WHITE) {
				colour[to] = GREY;
				next_edge[to] = g->first[to];
				stack[depth++] = to;
			}
		}
	}
	free(colour);
	free(stack);
	free(next_edge);
}

static void check_cycles(struct checker *c)
{
	static const struct cycle_report parent_report = {
		"parent", "SELECT file_no, parent_line, parent_col FROM entities WHERE eid=?",
	};
	static const struct cycle_report reports_report = {
		"reports_to", "SELECT file_no, to_line, to_col FROM links WHERE lid=?",
	};
	struct graph g;

	/* Only explicit parents can form a cycle: nesting cannot. */
	if (graph_load(c, "SELECT eid, parent, eid FROM entities WHERE parent IS NOT NULL"
	                  " ORDER BY eid", &g) == 0)
		find_cycles(c, &g, &parent_report);
	graph_free(&g);
	if (graph_load(c, "SELECT src, dst, lid FROM links WHERE rel = 'reports_to'"
	                  " AND dst IS NOT NULL ORDER BY src, lid", &g) == 0)
		find_cycles(c, &g, &reports_report);
	graph_free(&g);
}

int store_check_model(sqlite3 *db, const struct model_files *files, struct diag_list *diags)
{
	struct checker c = { .db = db, .files = files, .diags = diags };

	if (exec_step(&c, "CREATE INDEX entities_by_id ON entities(id)") != 0)
		return -1;
	check_duplicates(&c);
	if (exec_step(&c,
	        "UPDATE entities SET parent = (SELECT min(p.eid) FROM entities p"
	        "  WHERE p.id = entities.parent_id) WHERE parent_id IS NOT NULL;"
	        "UPDATE links SET dst = (SELECT min(e.eid) FROM entities e WHERE e.id = links.to_id);"
	        "UPDATE citations SET source = (SELECT min(e.eid) FROM entities e"
	        "  WHERE e.id = citations.source_id);") != 0)
		return -1;
	report_rows(&c, "SELECT name, file_no, line, col FROM pending WHERE what = 'kind'"
	                " AND name NOT IN (SELECT name FROM kinds) ORDER BY rowid",
	            "unknown kind");
	report_rows(&c, "SELECT name, file_no, line, col FROM pending WHERE what = 'relation'"
	                " AND name NOT IN (SELECT name FROM relations)"
	                " AND name NOT IN (SELECT inverse FROM relations) ORDER BY rowid",
	            "unknown relation");
	/* A link written with an inverse name is stored the forward way round. */
	if (exec_step(&c,
	        "UPDATE links SET rel = (SELECT r.name FROM relations r WHERE r.inverse = links.rel),"
	        " src = dst, dst = src"
	        " WHERE dst IS NOT NULL AND rel IN (SELECT inverse FROM relations)") != 0)
		return -1;
	report_rows(&c, "SELECT parent_id, file_no, parent_line, parent_col FROM entities"
	                " WHERE parent_id IS NOT NULL AND parent IS NULL ORDER BY eid",
	            "unknown parent");
	report_rows(&c, "SELECT to_id, file_no, to_line, to_col FROM links WHERE dst IS NULL"
	                " ORDER BY lid", "link to unknown entity");
	report_rows(&c, "SELECT source_id, file_no, line, col FROM citations WHERE source IS NULL"
	                " ORDER BY owner_type, owner, ord", "unknown source");
	check_wrong_source_kind(&c);
	check_cycles(&c);
	if (c.failed)
		return -1;
	return diag_total(diags) ? 1 : 0;
}
