#include "icsview/store/store_check.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "icsview/store/load_refs.h"
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

static void check_duplicates(struct checker *c)
{
	sqlite3_stmt *stmt = prepare(c,
		"SELECT e.id, e.file_no, e.line, e.col, f.file_no, f.line, f.col"
		" FROM entities e JOIN entities f"
		"  ON f.eid = (SELECT min(g.eid) FROM entities g"
		"   WHERE g.id = e.id COLLATE NOCASE AND g.id = e.id)"
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
		"SELECT c.source_id, k.name, c.file_no, c.line, c.col FROM citations c"
		" JOIN entities e ON e.eid = c.source JOIN kinds k ON k.kind_no = e.kind_no"
		" WHERE k.name <> 'source'");

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
 * what made each edge (for the report). */
struct graph {
	size_t nodes;          /* row ids 1..nodes-1 */
	uint32_t *first;       /* edges of node n: first[n] .. first[n+1]-1 */
	uint32_t *target;
	uint32_t *edge_ref;    /* what to name in a report: an index into the caller's edges */
	size_t edge_count;
};

static void graph_free(struct graph *g)
{
	free(g->first);
	free(g->target);
	free(g->edge_ref);
}

static int compare_edges(const void *pa, const void *pb)
{
	const struct ref_edge *a = pa, *b = pb;

	if (a->src != b->src)
		return a->src < b->src ? -1 : 1;
	return a->lid < b->lid ? -1 : a->lid > b->lid;
}

/* The edges (sorted here by source, then link) as a graph. */
static void graph_from_edges(struct graph *g, size_t nodes, struct ref_edge *edges, size_t count)
{
	memset(g, 0, sizeof(*g));
	g->nodes = nodes;
	g->first = xcalloc(nodes + 1, sizeof(*g->first));
	g->target = xcalloc(count ? count : 1, sizeof(*g->target));
	g->edge_ref = xcalloc(count ? count : 1, sizeof(*g->edge_ref));
	if (count > 1)
		qsort(edges, count, sizeof(*edges), compare_edges);
	for (size_t i = 0; i < count; i++) {
		int32_t from = edges[i].src, to = edges[i].dst;

		if (from <= 0 || to <= 0 || (size_t)from >= nodes || (size_t)to >= nodes)
			continue;
		g->target[g->edge_count] = (uint32_t)to;
		g->edge_ref[g->edge_count] = (uint32_t)i;
		g->edge_count++;
		g->first[from + 1]++;
	}
	for (size_t n = 1; n <= nodes; n++)
		g->first[n] += g->first[n - 1];
}

struct cycle_report {
	const char *relation;
	const char *position_sql;        /* (file_no, line, col) of the entity `ref`, or */
	const struct ref_edge *edges;    /* the position of edges[ref] */
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
	sqlite3_stmt *where = what->position_sql ? prepare(c, what->position_sql) : NULL;
	struct strbuf members = STRBUF_INIT;

	if (!lookup || (what->position_sql && !where))
		goto out;
	for (size_t i = 0; i <= length; i++) {
		char *id = entity_id(c, lookup, path[i % length]);
		sb_printf(&members, "%s%s", i ? " -> " : "", id);
		free(id);
	}
	if (!where) {
		const struct ref_edge *e = &what->edges[closing_ref];
		diag_add(c->diags, e->file_no, file_path(c, e->file_no), e->line, e->col,
		         "cycle in %s: %s", what->relation, sb_str(&members));
		goto out;
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
	uint32_t *next_edge = xmalloc(g->nodes * sizeof(*next_edge));

	for (size_t start = 1; start < g->nodes; start++) {
		size_t depth = 0;

		if (colour[start] != WHITE)
			continue;
		stack[depth++] = (int64_t)start;
		colour[start] = GREY;
		next_edge[start] = g->first[start];
		while (depth > 0) {
			int64_t node = stack[depth - 1];
			uint32_t e = next_edge[node];

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

/* The same search where every node has at most one edge, to its parent:
 * a walk up from each node not seen yet. */
static void find_parent_cycles(struct checker *c, const int64_t *parent, size_t nodes,
                               const struct cycle_report *what)
{
	unsigned char *colour = xcalloc(nodes ? nodes : 1, 1);
	int64_t *stack = NULL;
	size_t cap = 0;

	for (size_t start = 1; start < nodes; start++) {
		size_t depth = 0;
		int64_t node = (int64_t)start;

		if (colour[start] != WHITE)
			continue;
		for (;;) {
			int64_t to = parent[node];

			GROW(stack, cap, depth + 1);
			stack[depth++] = node;
			colour[node] = GREY;
			if (to <= 0 || (size_t)to >= nodes || colour[to] == BLACK)
				break;
			if (colour[to] == GREY) {
				size_t at = depth;
				while (at > 0 && stack[at - 1] != to)
					at--;
				if (at > 0)
					report_cycle(c, what, &stack[at - 1], depth - at + 1, node);
				break;
			}
			node = to;
		}
		while (depth > 0)
			colour[stack[--depth]] = BLACK;
	}
	free(colour);
	free(stack);
}

int store_check_duplicates(struct store_writer *w, const struct model_files *files,
                           struct diag_list *diags)
{
	struct checker c = { .db = writer_db(w), .files = files, .diags = diags };

	if (exec_step(&c, "CREATE INDEX IF NOT EXISTS entities_by_id"
	                  " ON entities(id COLLATE NOCASE)") != 0)
		return -1;
	check_duplicates(&c);
	return c.failed ? -1 : 0;
}

int store_check_source_kinds(struct store_writer *w, const struct model_files *files,
                             struct diag_list *diags)
{
	struct checker c = { .db = writer_db(w), .files = files, .diags = diags };

	check_wrong_source_kind(&c);
	return c.failed ? -1 : 0;
}

int store_check_cycles(struct store_writer *w, const struct model_files *files,
                       struct diag_list *diags, struct load_refs *refs)
{
	static const struct cycle_report parent_report = {
		"parent", "SELECT file_no, line + parent_line_off, parent_col FROM entities WHERE eid=?",
		NULL,
	};
	struct cycle_report reports_report = { "reports_to", NULL, refs->reports };
	struct checker c = { .db = writer_db(w), .files = files, .diags = diags };
	size_t nodes = (size_t)refs->max_eid + 1;
	struct graph g;

	/* only explicit parents can close a cycle, but one may pass through nesting */
	find_parent_cycles(&c, refs->parent, nodes, &parent_report);
	graph_from_edges(&g, nodes, refs->reports, refs->report_count);
	find_cycles(&c, &g, &reports_report);
	graph_free(&g);
	return c.failed ? -1 : 0;
}
