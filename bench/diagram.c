/* The governance diagram (icsbench diagram): the system with the most
 * bodies (boards and partnerships) under it drawn by the real binary,
 * `icsview diagram ID` with a warm cache from fork to exit (80 columns, as
 * piped), and the interface's D on it in process (governance_build and
 * diagram_draw at 80 columns, as tui_diagram_open calls them). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "benchutil.h"
#include "icsbench.h"
#include "icsview/loader/model_cache.h"
#include "icsview/query/governance.h"
#include "icsview/store/store_sql.h"
#include "icsview/views/diagram.h"

#define DIAGRAM_COLUMNS 80
#define DIAGRAM_ID_MAX 128

struct diagram_args {
	const char *const *paths;
	size_t count;
	const char *cache;
	int runs;
};

struct diagram_result {
	char id[DIAGRAM_ID_MAX];
	long long bodies_under;      /* boards and partnerships under it, at any depth */
	size_t drawn, found, lines;
	long hwm_kb;
	int ok;
};

/* Every system's descendants walked by parent; the one with the most
 * bodies among them, first in load order on a tie. */
#define BIGGEST_SYSTEM \
	"WITH RECURSIVE d(top, eid) AS (" \
	" SELECT eid, eid FROM entities WHERE kind_no = (SELECT kind_no FROM kinds WHERE name = 'system')" \
	" UNION ALL SELECT d.top, e.eid FROM entities e JOIN d ON e.parent = d.eid)," \
	" b(top, n) AS (SELECT d.top, count(*) FROM d JOIN entities x ON x.eid = d.eid" \
	" WHERE x.kind_no IN (SELECT kind_no FROM kinds WHERE name IN ('board', 'partnership'))" \
	" GROUP BY d.top)" \
	" SELECT %s FROM b JOIN entities s ON s.eid = b.top ORDER BY b.n DESC, b.top LIMIT 1"

/* One D: the graph and its drawing, as the interface makes them. */
static bool draw_once(struct store *st, struct diagram_gv *gv, const struct entity *e,
                      struct diagram_result *r)
{
	struct governance_options gopts = { .max_bodies = GOVERNANCE_MAX_BODIES };
	struct diagram_options dopts = { .width = DIAGRAM_COLUMNS };
	struct governance *g = NULL;
	struct diagram_text text = { 0 };
	char *error = NULL;
	bool ok;

	if (governance_build(st, e, &gopts, &g, &error) != GOVERNANCE_OK) {
		fprintf(stderr, "icsbench: governance: %s\n", error ? error : store_errmsg(st));
		free(error);
		return false;
	}
	ok = diagram_draw(gv, g, &dopts, &text, &error) == 0;
	if (!ok)
		fprintf(stderr, "icsbench: diagram: %s\n", error ? error : "the layout failed");
	r->drawn = g->bodies_drawn;
	r->found = g->bodies_found;
	r->lines = text.count;
	free(error);
	diagram_text_clear(&text);
	governance_free(g);
	return ok;
}

static void child_diagram(void *argp, void *resp)
{
	struct diagram_args *a = argp;
	struct diagram_result *r = resp;
	struct model_cache_options opts = { .dir = a->cache };
	struct model_cache_info info = { 0 };
	struct diag_list diags;
	struct store *st = NULL;
	struct diagram_gv *gv = NULL;
	struct entity e = { 0 };
	struct samples *s = calloc(1, sizeof *s);
	char sql[1024], extra[160], *id = NULL, *error = NULL;
	int64_t eid;

	diag_init(&diags, 100);
	if (!s)
		goto out;
	if (model_cache_open(a->paths, a->count, &opts, &diags, &st, &info) != LOAD_VALID) {
		diag_print(&diags, stderr);
		goto out;
	}
	/* setup queries, not timed */
	snprintf(sql, sizeof sql, BIGGEST_SYSTEM, "s.eid");
	eid = query_int(st, sql);
	snprintf(sql, sizeof sql, BIGGEST_SYSTEM, "b.n");
	r->bodies_under = query_int(st, sql);
	snprintf(sql, sizeof sql, BIGGEST_SYSTEM, "s.id");
	id = query_text(st, sql);
	if (!eid || !id || strlen(id) >= sizeof r->id || store_entity(st, eid, &e) != STORE_OK) {
		fprintf(stderr, "icsbench: no system with boards in the model\n");
		goto out;
	}
	snprintf(r->id, sizeof r->id, "%s", id);
	if (!(gv = diagram_gv_open(&error))) {
		fprintf(stderr, "icsbench: %s\n", error);
		goto out;
	}
	for (int i = 0; i < a->runs * 3; i++) {
		double t = bench_now();

		if (!draw_once(st, gv, &e, r))
			goto out;
		samples_add(s, bench_now() - t);
	}
	snprintf(extra, sizeof extra, "bodies=%lld drawn=%zu found=%zu lines=%zu",
	         r->bodies_under, r->drawn, r->found, r->lines);
	samples_report("key_diagram", s, 0, extra);
	r->ok = 1;
out:
	r->hwm_kb = bench_hwm_kb();
	free(error);
	free(id);
	free(s);
	entity_clear(&e);
	diagram_gv_close(gv);
	model_cache_close(st, &info);
	diag_free(&diags);
}

int cmd_diagram(int runs, const char *icsview, const char *cache, char **paths, size_t count)
{
	struct diagram_args a = { (const char *const *)paths, count, cache, runs };
	struct diagram_result r = { 0 };
	double cli_t[MAX_RUNS];
	char **argv = calloc(count * 2 + 4, sizeof(char *));
	char extra[DIAGRAM_ID_MAX + 96];
	size_t n = 0;
	int status;

	if (!argv)
		return 1;
	setenv("ICSVIEW_CACHE_DIR", cache, 1);
	/* in process first: it finds the system, and warms the cache if need be */
	fflush(stdout);
	if (in_child(child_diagram, &a, &r, sizeof r) != 0 || !r.ok) {
		fprintf(stderr, "icsbench: the diagram's key failed\n");
		free(argv);
		return 1;
	}
	argv[n++] = (char *)icsview;
	argv[n++] = "diagram";
	for (size_t i = 0; i < count; i++) {
		argv[n++] = "-m";
		argv[n++] = paths[i];
	}
	argv[n++] = r.id;
	for (int i = 0; i < runs; i++) {
		cli_t[i] = spawn_timed(argv, NULL, &status) * 1000;
		if (status != 0) {
			fprintf(stderr, "icsbench: %s diagram %s failed (status %d)\n", icsview, r.id, status);
			free(argv);
			return 1;
		}
	}
	snprintf(extra, sizeof extra, "runs=%d id=%s bodies=%lld drawn=%zu", runs, r.id,
	         r.bodies_under, r.drawn);
	bench_line("cli_diagram", bench_median(cli_t, (size_t)runs), "ms", extra);
	bench_line("peak_rss_diagram", (double)r.hwm_kb / 1024.0, "MB", NULL);
	free(argv);
	return 0;
}
