/* Keystrokes (icsbench keys): the latencies of the keys that open and move
 * through the tree, as the interface calls the query and views layers, with
 * the model opened through the (warm) cache.  Each key that moves or opens
 * the tree includes reading the screen of rows it shows (the outline reads
 * rows as they are drawn).  Then search (keys_search.c), the keys that
 * answer where-am-I and which-one (keys_answers.c) and filters
 * (keys_filter.c) on the same open model, and the peak RSS of it all
 * (browsing). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "benchutil.h"
#include "icsbench.h"
#include "icsview/loader/model_cache.h"
#include "icsview/store/store_sql.h"

struct keys_args {
	const char *const *paths;
	size_t count;
	const char *cache;
	int runs;
};

struct keys_result {
	long hwm_kb;
	int ok;
};

/* What the keys are timed on, found by queries that are not timed. */
struct key_targets {
	int64_t big;            /* the place with the most children */
	int64_t big_children;
	int64_t hub;            /* the most linked-to entity */
	int64_t hub_links;
	char *code;             /* a practice's code, or NULL */
};

int64_t query_int(struct store *store, const char *sql)
{
	struct sql_stmt *st = store_sql_prepare(store, sql);
	int64_t v = 0;

	if (!st)
		return 0;
	if (sql_step(st) == SQL_ROW)
		v = sql_int64(st, 0);
	sql_free(st);
	return v;
}

char *query_text(struct store *store, const char *sql)
{
	struct sql_stmt *st = store_sql_prepare(store, sql);
	char *v = NULL;

	if (!st)
		return NULL;
	if (sql_step(st) == SQL_ROW && sql_text(st, 0))
		v = strdup(sql_text(st, 0));
	sql_free(st);
	return v;
}

/* The rows a screen of SCREEN_ROWS shows, scrolled to the selection as
 * the interface scrolls (tui_scroll_tree), read as it draws them: the
 * outline reads rows lazily, so a key press costs this too. */
int read_screen(struct outline *o, size_t *top)
{
	size_t h = SCREEN_ROWS;

	if (o->selected == OUTLINE_NONE) {
		*top = 0;
		return STORE_OK;
	}
	if (o->selected < *top)
		*top = o->selected;
	else if (o->selected >= *top + h)
		*top = o->selected - h + 1;
	if (*top + h > o->count)
		*top = o->count > h ? o->count - h : 0;
	for (size_t r = *top; r < *top + h && r < o->count; r++)
		if (!outline_row(o, r))
			return STORE_ERROR;
	return STORE_OK;
}

/* A move as the interface makes it: select, the screen's rows, then the
 * detail pane. */
static int select_and_detail(struct outline *o, struct detail *d, size_t *top, size_t row)
{
	if (outline_select(o, row) != STORE_OK || read_screen(o, top) != STORE_OK)
		return STORE_ERROR;
	if (outline_selected_eid(o) == d->eid)
		return STORE_OK;
	return detail_build(d, o->st, outline_selected_eid(o), DETAIL_WIDTH);
}

/* Entities store their kind's number (store.c). */
#define IS_PLACE "kind_no = (SELECT kind_no FROM kinds WHERE name = 'place')"

/* The place with the most children, the most linked-to entity, a
 * practice's code. */
static void find_targets(struct store *st, struct key_targets *tg)
{
	tg->big = query_int(st, "SELECT eid FROM entities WHERE " IS_PLACE
	                        " ORDER BY n_children + n_linked DESC, eid LIMIT 1");
	tg->big_children = query_int(st, "SELECT n_children + n_linked FROM entities"
	                                 " WHERE " IS_PLACE
	                                 " ORDER BY n_children + n_linked DESC, eid LIMIT 1");
	tg->hub = query_int(st, "SELECT dst FROM links GROUP BY dst ORDER BY count(*) DESC LIMIT 1");
	tg->hub_links = query_int(st, "SELECT count(*) FROM links GROUP BY dst"
	                              " ORDER BY count(*) DESC LIMIT 1");
	/* its first code: an aka, or its id when that is one (id_aka, store.c) */
	tg->code = query_text(st, "WITH p(eid) AS (SELECT eid FROM entities"
	                          " WHERE type_no = (SELECT type_no FROM types"
	                          " WHERE name = 'GP practice')"
	                          " ORDER BY eid LIMIT 1 OFFSET 100)"
	                          " SELECT value FROM (SELECT ord, value FROM aka"
	                          " WHERE eid = (SELECT eid FROM p)"
	                          " UNION ALL SELECT id_aka, id FROM entities"
	                          " WHERE eid = (SELECT eid FROM p)"
	                          " AND id_aka IS NOT NULL) ORDER BY ord LIMIT 1");
}

/* The first screen on an open store: the outline, its screen, the detail. */
static void time_open_outline(struct browse *b)
{
	double t;

	for (int i = 0; i < b->runs * 5; i++) {
		t = bench_now();
		outline_close(&b->o);
		memset(&b->o, 0, sizeof b->o);
		outline_open(&b->o, b->st, 0);
		b->top = 0;
		read_screen(&b->o, &b->top);
		detail_clear(&b->d);
		memset(&b->d, 0, sizeof b->d);
		detail_build(&b->d, b->st, outline_selected_eid(&b->o), DETAIL_WIDTH);
		samples_add(b->s, bench_now() - t);
	}
	samples_report("key_open_outline", b->s, 0, NULL);
	b->s->n = 0;
}

/* Expanding the big place at `row` (collapsed between runs), and reading
 * the screen of rows it shows, as a key press draws them; 20 per run (and
 * for End, the last child and the deep :goto), so that the p95 is not just
 * the slowest of a handful.  false when a key fails. */
static bool time_expand(struct browse *b, size_t row, const char *extra)
{
	double t;

	for (int i = 0; i < b->runs * 20; i++) {
		outline_collapse(&b->o, row);
		read_screen(&b->o, &b->top);
		t = bench_now();
		if (outline_expand(&b->o, row) != STORE_OK || read_screen(&b->o, &b->top) != STORE_OK)
			return false;
		samples_add(b->s, bench_now() - t);
	}
	samples_report("key_expand_big", b->s, 1, extra);
	b->s->n = 0;
	return true;
}

/* Moving, paging and End inside the big place, expanded at `row`. */
static void time_moves(struct browse *b, size_t row)
{
	double t;

	/* move down one row, inside the big expanded node */
	for (int i = 0; i < b->runs * 40; i++) {
		t = bench_now();
		select_and_detail(&b->o, &b->d, &b->top, row + 1 + (size_t)i);
		samples_add(b->s, bench_now() - t);
	}
	samples_report("key_move", b->s, 1, NULL);
	b->s->n = 0;
	/* page down */
	for (int i = 0; i < b->runs * 20; i++) {
		t = bench_now();
		select_and_detail(&b->o, &b->d, &b->top, row + 1 + (size_t)(i + 1) * SCREEN_ROWS);
		samples_add(b->s, bench_now() - t);
	}
	samples_report("key_page", b->s, 1, NULL);
	b->s->n = 0;
	/* End, then Home, alternately: End timed */
	for (int i = 0; i < b->runs * 20; i++) {
		select_and_detail(&b->o, &b->d, &b->top, row);
		t = bench_now();
		select_and_detail(&b->o, &b->d, &b->top, b->o.count - 1);
		samples_add(b->s, bench_now() - t);
	}
	samples_report("key_end", b->s, 1, NULL);
	b->s->n = 0;
}

/* The big place's last child right after expanding it, then :goto its
 * middle child with the place collapsed.  false when a key fails. */
static bool time_jumps(struct browse *b, size_t row, const struct key_targets *tg,
                       const char *extra)
{
	int64_t big_middle;
	double t;

	/* the big place's last child, right after expanding it (none of its
	 * rows read yet): End when the big place ends the tree */
	for (int i = 0; i < b->runs * 20; i++) {
		outline_collapse(&b->o, row);
		if (outline_expand(&b->o, row) != STORE_OK ||
		    select_and_detail(&b->o, &b->d, &b->top, row) != STORE_OK)
			return false;
		t = bench_now();
		if (select_and_detail(&b->o, &b->d, &b->top, row + (size_t)tg->big_children) != STORE_OK)
			return false;
		samples_add(b->s, bench_now() - t);
	}
	samples_report("key_end_big", b->s, 1, extra);
	b->s->n = 0;
	/* :goto a child in the middle of the big place, the place collapsed:
	 * revealed as the interface reveals it, then its screen and detail */
	big_middle = query_int(b->st, "SELECT eid FROM entities"
	                              " WHERE parent = (SELECT eid FROM entities WHERE " IS_PLACE
	                              " ORDER BY n_children + n_linked DESC, eid LIMIT 1)"
	                              " ORDER BY eid LIMIT 1 OFFSET (SELECT n_children / 2"
	                              " FROM entities WHERE " IS_PLACE
	                              " ORDER BY n_children + n_linked DESC, eid LIMIT 1)");
	for (int i = 0; i < b->runs * 20 && big_middle; i++) {
		outline_collapse(&b->o, row);
		select_and_detail(&b->o, &b->d, &b->top, row);
		t = bench_now();
		if (outline_reveal(&b->o, big_middle) != STORE_OK || read_screen(&b->o, &b->top) != STORE_OK ||
		    detail_build(&b->d, b->st, outline_selected_eid(&b->o), DETAIL_WIDTH) != STORE_OK)
			return false;
		samples_add(b->s, bench_now() - t);
	}
	samples_report("key_reveal_deep", b->s, 1, extra);
	b->s->n = 0;
	return true;
}

/* Selecting the most linked-to entity: its detail pane lists every backlink. */
static void time_hub(struct browse *b, const struct key_targets *tg)
{
	char extra[160];
	double t;

	for (int i = 0; i < b->runs * 3; i++) {
		detail_clear(&b->d);
		memset(&b->d, 0, sizeof b->d);
		t = bench_now();
		detail_build(&b->d, b->st, tg->hub, DETAIL_WIDTH);
		samples_add(b->s, bench_now() - t);
	}
	snprintf(extra, sizeof extra, "backlinks=%lld lines=%zu", (long long)tg->hub_links, b->d.count);
	samples_report("key_detail_hub", b->s, 1, extra);
	b->s->n = 0;
}

/* The tree's keys, in order; false when a key fails. */
static bool time_tree_keys(struct browse *b, const struct key_targets *tg)
{
	char extra[160];
	size_t row;

	time_open_outline(b);
	/* the big place, revealed as the interface reveals a search hit */
	if (outline_reveal(&b->o, tg->big) != STORE_OK)
		return false;
	row = b->o.selected;
	snprintf(extra, sizeof extra, "children=%lld", (long long)tg->big_children);
	if (!time_expand(b, row, extra))
		return false;
	time_moves(b, row);
	if (!time_jumps(b, row, tg, extra))
		return false;
	time_hub(b, tg);
	return true;
}

static void child_keys(void *argp, void *resp)
{
	struct keys_args *a = argp;
	struct keys_result *r = resp;
	struct model_cache_options opts = { .dir = a->cache };
	struct model_cache_info info = { 0 };
	struct diag_list diags;
	struct browse b = { .runs = a->runs };
	struct key_targets tg = { 0 };

	diag_init(&diags, 100);
	b.s = calloc(1, sizeof *b.s);
	if (!b.s)
		goto out;
	if (model_cache_open(a->paths, a->count, &opts, &diags, &b.st, &info) != LOAD_VALID) {
		diag_print(&diags, stderr);
		goto out;
	}
	/* the search index comes after the database: as a command, wait for it */
	if (store_search_build(b.st) != 0 || store_search_wait(b.st) != STORE_SEARCH_READY) {
		fprintf(stderr, "icsbench: no search index: %s\n",
		        store_search_problem(b.st) ? store_search_problem(b.st) : "not built");
		goto out;
	}
	/* setup queries, not timed */
	find_targets(b.st, &tg);
	if (!time_tree_keys(&b, &tg))
		goto out;
	keys_search(&b, tg.code);
	keys_answers(&b);
	keys_filter(&b);
	r->ok = 1;
out:
	r->hwm_kb = bench_hwm_kb();
	free(tg.code);
	free(b.s);
	detail_clear(&b.d);
	outline_close(&b.o);
	model_cache_close(b.st, &info);
	diag_free(&diags);
}

int cmd_keys(int runs, const char *cache, char **paths, size_t count)
{
	struct keys_args a = { (const char *const *)paths, count, cache, runs };
	struct keys_result r;

	if (in_child(child_keys, &a, &r, sizeof r) != 0 || !r.ok) {
		fprintf(stderr, "icsbench: keystrokes failed\n");
		return 1;
	}
	bench_line("peak_rss_browsing", (double)r.hwm_kb / 1024.0, "MB", "target=16");
	return 0;
}
