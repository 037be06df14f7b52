/* The warm start (icsbench warm): the real binary with a warm cache,
 * `tree --depth 1` and `show ID`, wall time from fork to exit (its first
 * run builds the cache: the cold start through the command line); and the
 * same start in process (model_cache_open, outline_open and the screen,
 * detail_build), with its peak RSS. */
#include <stdio.h>
#include <stdlib.h>

#include "benchutil.h"
#include "icsbench.h"
#include "icsview/loader/model_cache.h"

struct warm_args {
	const char *const *paths;
	size_t count;
	const char *cache;
};

struct warm_result {
	double open, outline, detail, total;
	long hwm_kb;
	int ok;
};

static void child_warm(void *argp, void *resp)
{
	struct warm_args *a = argp;
	struct warm_result *r = resp;
	struct model_cache_options opts = { .dir = a->cache };
	struct model_cache_info info = { 0 };
	struct diag_list diags;
	struct store *st = NULL;
	struct outline o = { 0 };
	struct detail d = { 0 };
	double t0 = bench_now(), t1, t2;
	size_t top = 0;

	diag_init(&diags, 100);
	if (model_cache_open(a->paths, a->count, &opts, &diags, &st, &info) != LOAD_VALID || !info.hit)
		goto out;
	t1 = bench_now();
	if (outline_open(&o, st, 0) != STORE_OK || read_screen(&o, &top) != STORE_OK)
		goto out;
	t2 = bench_now();
	if (detail_build(&d, st, outline_selected_eid(&o), DETAIL_WIDTH) != STORE_OK)
		goto out;
	r->total = bench_now() - t0;
	r->open = t1 - t0;
	r->outline = t2 - t1;
	r->detail = bench_now() - t2;
	r->ok = 1;
out:
	r->hwm_kb = bench_hwm_kb();
	detail_clear(&d);
	outline_close(&o);
	model_cache_close(st, &info);
	diag_free(&diags);
}

int cmd_warm(int runs, const char *icsview, const char *cache, const char *show_id,
             char **paths, size_t count)
{
	double tree_t[MAX_RUNS], show_t[MAX_RUNS], inproc[MAX_RUNS], open_t[MAX_RUNS];
	struct warm_args a = { (const char *const *)paths, count, cache };
	struct warm_result wr;
	size_t n = 0;
	char **tree_argv = calloc(count * 2 + 5, sizeof(char *));
	char **show_argv = calloc(count * 2 + 5, sizeof(char *));
	char extra[128];
	int status;
	long hwm = 0;

	setenv("ICSVIEW_CACHE_DIR", cache, 1);
	tree_argv[n] = show_argv[n] = (char *)icsview;
	n++;
	tree_argv[n] = "tree";
	show_argv[n] = "show";
	n++;
	for (size_t i = 0; i < count; i++) {
		tree_argv[n] = show_argv[n] = "-m";
		n++;
		tree_argv[n] = show_argv[n] = paths[i];
		n++;
	}
	tree_argv[n] = "--depth=1";
	show_argv[n] = (char *)show_id;
	/* the first run builds the cache (cold, through the real binary) */
	{
		double t = spawn_timed(tree_argv, NULL, &status);
		if (status != 0) {
			fprintf(stderr, "icsbench: %s tree failed (status %d)\n", icsview, status);
			return 1;
		}
		bench_line("cli_cold_tree", t, "s", "note=first_start_builds_cache");
	}
	for (int r = 0; r < runs; r++) {
		tree_t[r] = spawn_timed(tree_argv, NULL, &status) * 1000;
		if (status != 0)
			return 1;
		show_t[r] = spawn_timed(show_argv, NULL, &status) * 1000;
		if (status != 0) {
			fprintf(stderr, "icsbench: show %s failed\n", show_id);
			return 1;
		}
		if (in_child(child_warm, &a, &wr, sizeof wr) != 0 || !wr.ok) {
			fprintf(stderr, "icsbench: warm open failed (no cache hit?)\n");
			return 1;
		}
		inproc[r] = wr.total * 1000;
		open_t[r] = wr.open * 1000;
		hwm = wr.hwm_kb;
	}
	snprintf(extra, sizeof extra, "runs=%d target=10", runs);
	bench_line("warm_tree_depth1", bench_median(tree_t, (size_t)runs), "ms", extra);
	bench_line("warm_show", bench_median(show_t, (size_t)runs), "ms", extra);
	bench_line("warm_first_screen_inproc", bench_median(inproc, (size_t)runs), "ms", extra);
	bench_line("warm_cache_open_inproc", bench_median(open_t, (size_t)runs), "ms", NULL);
	bench_line("peak_rss_warm_start", (double)hwm / 1024.0, "MB", NULL);
	free(tree_argv);
	free(show_argv);
	return 0;
}
