/* The cold load (icsbench cold): the floor (a bare libyaml scan by the
 * yamlscan program) and model_load into a fresh database, alternately, N
 * times each, with the phases of the median run (phases.c); icsview's own
 * YAML reader with a handler that does nothing; one instrumented load
 * that times the SQLite thread's steps; the peak RSS of each, and the
 * size of the database built against the YAML's. */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "benchutil.h"
#include "icsbench.h"
#include "icsview/store/build_progress.h"

struct load_args {
	const char *const *paths;
	size_t count;
	const char *db;
	bool time_steps;
};

/* The search index, as the interface has it once the database is in
 * place: the build the load started beside its indexes taken over
 * (store_search_adopt) and waited for: the time from the database in
 * place to the index in place, and the peak RSS with it. */
static void build_search(const char *db, struct build_progress *progress, struct phases *r)
{
	char *error = NULL;
	struct store *st;
	double t0 = bench_now();
	long hwm;

	st = store_open(db, &error);
	store_search_adopt(st, progress);
	if (!st || store_search_build(st) != 0 || store_search_wait(st) != STORE_SEARCH_READY) {
		fprintf(stderr, "icsbench: search index: %s\n",
		        st && store_search_problem(st) ? store_search_problem(st) : error ? error : "?");
		r->rc = LOAD_FAILED;
	}
	r->search_build = bench_now() - t0;
	store_close(st);
	free(error);
	hwm = bench_hwm_kb();
	if (hwm > r->hwm_kb)
		r->hwm_kb = hwm;
}

static void child_load(void *argp, void *resp)
{
	struct load_args *a = argp;
	struct phases *r = resp;
	struct load_limits limits;
	struct diag_list diags;
	struct load_summary sum = { 0 };
	/* as the interface loads: it searches next */
	struct build_progress progress = BUILD_PROGRESS_INIT;
	int rc;

	progress.search_next = true;
	load_limits_default(&limits);
	diag_init(&diags, 100);
	unlink(a->db);
	phases_begin(a->time_steps);
	rc = model_load_watched(a->paths, a->count, a->db, &limits, &progress, &diags, &sum);
	phases_end(rc, &sum, r);
	if (rc != LOAD_VALID)
		diag_print(&diags, stderr);
	diag_free(&diags);
	if (rc == LOAD_VALID)
		build_search(a->db, &progress, r);
	else
		store_search_adopt(NULL, &progress);
}

static int noop_handler(void *ctx, const struct yevent *ev)
{
	(void)ctx;
	(void)ev;
	return 0;
}

struct reader_result {
	double seconds;
	long hwm_kb;
};

static void child_reader(void *argp, void *resp)
{
	struct load_args *a = argp;
	struct reader_result *r = resp;
	struct bench_paths files = { 0 };
	struct load_limits limits;
	struct diag_list diags;
	double t0;

	load_limits_default(&limits);
	diag_init(&diags, 100);
	for (size_t i = 0; i < a->count; i++)
		bench_collect(&files, a->paths[i]);
	t0 = bench_now();
	for (size_t i = 0; i < files.count; i++)
		__real_yaml_read_file(files.items[i], (int)i, &limits, &diags, noop_handler, NULL, NULL);
	r->seconds = bench_now() - t0;
	r->hwm_kb = bench_hwm_kb();
	diag_free(&diags);
	bench_paths_free(&files);
}

static int parse_scan(const char *file, double *seconds, long *hwm, unsigned long long *bytes)
{
	FILE *f = fopen(file, "r");
	char line[512];
	int ok = 0;

	if (!f)
		return -1;
	if (fgets(line, sizeof line, f) &&
	    sscanf(line, "yamlscan seconds=%lf events=%*u bytes=%llu files=%*u hwm_kb=%ld", seconds,
	           bytes, hwm) == 3)
		ok = 1;
	fclose(f);
	return ok ? 0 : -1;
}

int cmd_cold(int runs, const char *yamlscan, const char *tmp, char **paths, size_t count)
{
	double floor_t[MAX_RUNS], load_t[MAX_RUNS], reader_t[MAX_RUNS], ratio[MAX_RUNS];
	double full_t[MAX_RUNS], full_ratio[MAX_RUNS];
	struct phases ph[MAX_RUNS], inst;
	long floor_hwm = 0, load_hwm = 0, reader_hwm = 0;
	unsigned long long bytes = 0;
	char db[4096], scan_out[4096], extra[256];
	struct load_args a = { (const char *const *)paths, count, db, false };
	struct stat sb;

	snprintf(db, sizeof db, "%s/cold.db", tmp);
	snprintf(scan_out, sizeof scan_out, "%s/yamlscan.out", tmp);
	for (int r = 0; r < runs; r++) {
		char **argv = calloc(count + 2, sizeof *argv);
		struct reader_result rr;
		int status;

		argv[0] = (char *)yamlscan;
		for (size_t i = 0; i < count; i++)
			argv[i + 1] = paths[i];
		spawn_timed(argv, scan_out, &status);
		free(argv);
		if (status != 0 || parse_scan(scan_out, &floor_t[r], &floor_hwm, &bytes) != 0) {
			fprintf(stderr, "icsbench: yamlscan failed\n");
			return 1;
		}
		if (in_child(child_load, &a, &ph[r], sizeof ph[r]) != 0 || ph[r].rc != LOAD_VALID) {
			fprintf(stderr, "icsbench: load failed\n");
			return 1;
		}
		if (in_child(child_reader, &a, &rr, sizeof rr) != 0)
			return 1;
		load_t[r] = ph[r].total;
		full_t[r] = ph[r].total + ph[r].search_build;
		reader_t[r] = rr.seconds;
		ratio[r] = ph[r].total / floor_t[r];
		full_ratio[r] = full_t[r] / floor_t[r];
		load_hwm = ph[r].hwm_kb > load_hwm ? ph[r].hwm_kb : load_hwm;
		reader_hwm = rr.hwm_kb;
		fprintf(stderr, "  run %d: floor %.3f s, load %.3f s (%.2fx), search-ready %.3f s (%.2fx)\n",
		        r + 1, floor_t[r], load_t[r], ratio[r], full_t[r], full_ratio[r]);
	}
	a.time_steps = true;
	if (in_child(child_load, &a, &inst, sizeof inst) != 0)
		return 1;
	stat(db, &sb);
	{
		/* the search index is part of the model's database */
		char search[4200];
		struct stat ss;

		snprintf(search, sizeof search, "%s-search", db);
		if (stat(search, &ss) == 0) {
			bench_line("db_search_bytes", (double)ss.st_size / 1048576.0, "MB", NULL);
			sb.st_size += ss.st_size;
		}
	}

	snprintf(extra, sizeof extra, "runs=%d", runs);
	bench_line("floor_scan", bench_median(floor_t, (size_t)runs), "s", extra);
	bench_line("reader_noop", bench_median(reader_t, (size_t)runs), "s", extra);
	bench_line("cold_load", bench_median(load_t, (size_t)runs), "s", extra);
	/* the first screen opens once the database is in place; the search
	 * index is built after it, from it, while the tree is browsed */
	bench_line("cold_first_screen", bench_median(load_t, (size_t)runs), "s",
	           "note=database_in_place");
	bench_line("cold_search_ready", bench_median(full_t, (size_t)runs), "s",
	           "note=and_its_search_index_built_after_it");
	bench_line("first_over_floor", bench_median(ratio, (size_t)runs), "x", "target=2.0");
	bench_line("full_over_floor", bench_median(full_ratio, (size_t)runs), "x", "target=2.5");
	/* the phases of the median run */
	{
		size_t mid = 0;
		double m = bench_median(load_t, (size_t)runs);
		for (int r = 0; r < runs; r++)
			if (fabs(ph[r].total - m) < fabs(ph[mid].total - m))
				mid = (size_t)r;
		bench_line("phase_setup", ph[mid].setup, "s", NULL);
		bench_line("phase_read_validate_insert", ph[mid].read, "s", NULL);
		bench_line("phase_read_cpu", ph[mid].read_cpu, "s", "note=loader_thread");
		bench_line("phase_drain", ph[mid].drain, "s", "note=sqlite_thread_catching_up");
		bench_line("phase_sqlite_thread_cpu", ph[mid].sqlite_cpu, "s",
		           "note=sqlite_thread");
		bench_line("phase_search_after", ph[mid].search_build, "s",
		           "note=search_index_built_after_the_database");
		bench_line("phase_check", ph[mid].check, "s", NULL);
		bench_line("phase_indexes", ph[mid].indexes, "s", NULL);
		bench_line("phase_counts", ph[mid].counts, "s", NULL);
		bench_line("phase_fts", ph[mid].fts, "s", NULL);
		bench_line("phase_other_sql", ph[mid].other_sql, "s", NULL);
		bench_line("phase_commit_rename", ph[mid].finish, "s", NULL);
		snprintf(extra, sizeof extra, "entities=%llu links=%llu", ph[mid].entities, ph[mid].links);
		bench_line("model_entities", (double)ph[mid].entities, "count", extra);
	}
	bench_line("instrumented_sqlite_step_while_reading", inst.step, "s",
	           "note=one_run_with_step_timing");
	bench_line("instrumented_read_total", inst.read, "s", NULL);

	bench_line("peak_rss_floor", (double)floor_hwm / 1024.0, "MB", NULL);
	bench_line("peak_rss_reader_noop", (double)reader_hwm / 1024.0, "MB", NULL);
	bench_line("peak_rss_cold_load", (double)load_hwm / 1024.0, "MB", "target=32");
	bench_line("yaml_bytes", (double)bytes / 1048576.0, "MB", NULL);
	bench_line("db_bytes", (double)sb.st_size / 1048576.0, "MB", NULL);
	bench_line("db_over_yaml", (double)sb.st_size / (double)bytes, "x", "target=1.5");
	unlink(db);
	{
		char search[4200];
		snprintf(search, sizeof search, "%s-search", db);
		unlink(search);
	}
	return 0;
}
