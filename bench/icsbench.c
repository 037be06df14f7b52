/* The benchmark harness: links the core library and measures what the
 * interface and the command line do, each phase in a child process of its
 * own so that each has its own peak RSS.  bench/run drives it; every figure
 * is printed as one machine-readable line
 *
 *   BENCH name=NAME value=VALUE unit=UNIT [key=value]...
 *
 * Subcommands:
 *   icsbench cold --runs N --yamlscan PATH --tmp DIR MODEL...
 *       the floor (a bare libyaml scan, the yamlscan program) and
 *       model_load into a fresh database, alternately, N times each; also
 *       icsview's own YAML reader with a handler that does nothing, and one
 *       instrumented load that splits reading into libyaml+validation and
 *       SQLite inserts.  Phases come from link-time wrappers (--wrap) around
 *       the loader's internal calls, so the product code is untouched.
 *   icsbench warm --runs N --icsview BIN --cache DIR --show ID MODEL...
 *       spawns the real binary with a warm cache: `tree --depth 1` and
 *       `show ID`, wall time from fork to exit; and the same start in
 *       process (model_cache_open, outline_open, detail_build).
 *   icsbench keys --runs N --cache DIR MODEL...
 *       keystroke latencies through the query layer, as the interface
 *       calls it, with the model opened through the (warm) cache; each
 *       key that moves or opens the tree includes reading the screen of
 *       rows it shows (the outline reads rows as they are drawn). */
#include <errno.h>
#include <pthread.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <dirent.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <sqlite3.h>

#include "benchutil.h"
#include "icsview/views/detail.h"
#include "icsview/base/diag.h"
#include "icsview/query/filter.h"
#include "icsview/base/limits.h"
#include "icsview/loader/loader.h"
#include "icsview/loader/model_cache.h"
#include "icsview/base/model_files.h"
#include "icsview/views/outline.h"
#include "icsview/query/search.h"
#include "icsview/store/store.h"
#include "icsview/store/store_build.h"
#include "icsview/store/store_sql.h"
#include "icsview/loader/yaml_events.h"

#define MAX_RUNS 64
#define DETAIL_WIDTH 60
#define SCREEN_ROWS 40

static int read_screen(struct outline *o, size_t *top);

static void bench_line(const char *name, double value, const char *unit, const char *extra)
{
	printf("BENCH name=%s value=%.6g unit=%s%s%s\n", name, value, unit, extra ? " " : "",
	       extra ? extra : "");
	fflush(stdout);
}

/* ---- link-time wrappers: load phases ------------------------------------------ */

struct phases {
	double total, setup, read, drain, check, indexes, counts, fts, other_sql, finish;
	double step;           /* sqlite3_step on the SQLite thread (instrumented run only) */
	double read_cpu;       /* CPU time of the loader's thread while reading */
	double search_wait;    /* waiting for the search index's thread once the rest is built */
	double sqlite_cpu;     /* CPU time of the SQLite thread (instrumented run only) */
	double first_read;     /* when the first file started */
	long hwm_kb;
	int rc;
	unsigned long long entities, links;
};

static struct phases g_ph;
static bool g_time_steps, g_reading;
static pthread_t g_main_thread;
static double g_t0;

int __real_yaml_read_file(const char *path, int file_no, const struct load_limits *limits,
                          struct diag_list *diags, yevent_handler handler, void *ctx);
int __wrap_yaml_read_file(const char *path, int file_no, const struct load_limits *limits,
                          struct diag_list *diags, yevent_handler handler, void *ctx);
int __real_writer_drain(struct store_writer *w, struct diag_list *diags);
int __wrap_writer_drain(struct store_writer *w, struct diag_list *diags);
int __real_store_build_indexes(sqlite3 *db, struct diag_list *diags);
int __wrap_store_build_indexes(sqlite3 *db, struct diag_list *diags);
int __real_store_exec(sqlite3 *db, const char *sql, char **error);
int __wrap_store_exec(sqlite3 *db, const char *sql, char **error);
int __real_sqlite3_step(sqlite3_stmt *stmt);
int __wrap_sqlite3_step(sqlite3_stmt *stmt);

static double thread_cpu(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int __wrap_yaml_read_file(const char *path, int file_no, const struct load_limits *limits,
                          struct diag_list *diags, yevent_handler handler, void *ctx)
{
	double t = bench_now(), cpu = thread_cpu();
	int rc;

	if (g_ph.first_read == 0)
		g_ph.first_read = t;
	g_reading = true;
	rc = __real_yaml_read_file(path, file_no, limits, diags, handler, ctx);
	g_reading = false;
	g_ph.read += bench_now() - t;
	g_ph.read_cpu += thread_cpu() - cpu;
	return rc;
}

/* The SQLite thread catching up once the last file is read. */
static double g_drained;

/* After the drain, the only join is the search index's thread: the time
 * the database, built, waits for its search index. */
int __real_pthread_join(pthread_t thread, void **result);
int __wrap_pthread_join(pthread_t thread, void **result);
int __wrap_pthread_join(pthread_t thread, void **result)
{
	double t = bench_now();
	int rc = __real_pthread_join(thread, result);

	if (g_drained)
		g_ph.search_wait += bench_now() - t;
	return rc;
}

/* CPU time of this process's threads other than the caller's, from
 * /proc (10 ms ticks): the SQLite thread, just before it is joined. */
static double other_threads_cpu(void)
{
	DIR *d = opendir("/proc/self/task");
	struct dirent *e;
	double total = 0;
	long self = (long)syscall(SYS_gettid), ticks = sysconf(_SC_CLK_TCK);

	while (d && (e = readdir(d)) != NULL) {
		char path[300], buf[1024], *p;
		unsigned long utime, stime;
		FILE *f;

		if (e->d_name[0] == '.' || atol(e->d_name) == self)
			continue;
		snprintf(path, sizeof path, "/proc/self/task/%s/stat", e->d_name);
		if (!(f = fopen(path, "r")))
			continue;
		if (fgets(buf, sizeof buf, f) && (p = strrchr(buf, ')')) &&
		    sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &utime,
		           &stime) == 2)
			total += (double)(utime + stime) / (double)ticks;
		fclose(f);
	}
	if (d)
		closedir(d);
	return total;
}

int __wrap_writer_drain(struct store_writer *w, struct diag_list *diags)
{
	double t = bench_now();
	int rc;

	if (g_drained == 0)
		g_ph.sqlite_cpu = other_threads_cpu();
	rc = __real_writer_drain(w, diags);

	if (g_drained == 0) {
		g_drained = bench_now();
		g_ph.drain = g_drained - t;
	}
	return rc;
}

/* From the drain to the indexes: the references left to resolve, the
 * checks of the whole model and the stored counts. */
int __wrap_store_build_indexes(sqlite3 *db, struct diag_list *diags)
{
	if (g_drained)
		g_ph.check = bench_now() - g_drained;
	return __real_store_build_indexes(db, diags);
}

int __wrap_sqlite3_step(sqlite3_stmt *stmt)
{
	double t;
	int rc;

	/* only the SQLite thread's inserts, which run while the loader reads */
	if (!g_time_steps || pthread_equal(pthread_self(), g_main_thread))
		return __real_sqlite3_step(stmt);
	t = bench_now();
	rc = __real_sqlite3_step(stmt);
	g_ph.step += bench_now() - t;
	return rc;
}

/* The index script of store_index.c, run statement by statement so that
 * indexes, stored counts and the FTS build are timed apart. */
int __wrap_store_exec(sqlite3 *db, const char *sql, char **error)
{
	const char *tail = sql;

	if (strncmp(sql, "CREATE INDEX", 12) != 0)
		return __real_store_exec(db, sql, error);
	while (tail && *tail) {
		sqlite3_stmt *stmt = NULL;
		const char *start = tail;
		double t = bench_now(), *slot;
		int rc;

		while (*start == ' ' || *start == '\n' || *start == ';')
			start++;
		if (!*start)
			break;
		if (sqlite3_prepare_v2(db, start, -1, &stmt, &tail) != SQLITE_OK) {
			if (error)
				*error = strdup(sqlite3_errmsg(db));
			return -1;
		}
		if (!stmt)
			break;
		while ((rc = __real_sqlite3_step(stmt)) == SQLITE_ROW)
			;
		sqlite3_finalize(stmt);
		if (rc != SQLITE_DONE) {
			if (error)
				*error = strdup(sqlite3_errmsg(db));
			return -1;
		}
		slot = strncmp(start, "CREATE INDEX", 12) == 0 ? &g_ph.indexes
		     : strncmp(start, "UPDATE entities", 15) == 0 ? &g_ph.counts
		     : strncmp(start, "INSERT INTO search", 18) == 0 ? &g_ph.fts : &g_ph.other_sql;
		*slot += bench_now() - t;
	}
	return 0;
}

/* ---- children --------------------------------------------------------------------- */

/* Runs fn in a forked child, which sends back `size` bytes of result. */
static int in_child(void (*fn)(void *arg, void *result), void *arg, void *result, size_t size)
{
	int fds[2], status;
	pid_t pid;
	size_t got = 0;

	if (pipe(fds) != 0)
		return -1;
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		close(fds[0]);
		memset(result, 0, size);
		fn(arg, result);
		if (write(fds[1], result, size) != (ssize_t)size)
			_exit(1);
		_exit(0);
	}
	close(fds[1]);
	while (got < size) {
		ssize_t n = read(fds[0], (char *)result + got, size - got);
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fds[0]);
	waitpid(pid, &status, 0);
	return got == size && WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

/* Spawns argv with stdout to /dev/null (or to `out` if not NULL); returns wall time. */
static double spawn_timed(char *const argv[], const char *out, int *status_out)
{
	double t0 = bench_now();
	int status = -1;
	pid_t pid = fork();

	if (pid == 0) {
		int fd = open(out ? out : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd >= 0) {
			dup2(fd, 1);
			close(fd);
		}
		execv(argv[0], argv);
		_exit(127);
	}
	if (pid > 0)
		waitpid(pid, &status, 0);
	if (status_out)
		*status_out = status;
	return bench_now() - t0;
}

/* ---- cold load --------------------------------------------------------------------- */

struct load_args {
	const char *const *paths;
	size_t count;
	const char *db;
	bool time_steps;
};

static void child_load(void *argp, void *resp)
{
	struct load_args *a = argp;
	struct phases *r = resp;
	struct load_limits limits;
	struct diag_list diags;
	struct load_summary sum = { 0 };
	double t0;

	load_limits_default(&limits);
	diag_init(&diags, 100);
	unlink(a->db);
	g_time_steps = a->time_steps;
	memset(&g_ph, 0, sizeof g_ph);
	g_drained = 0;
	g_main_thread = pthread_self();
	t0 = g_t0 = bench_now();
	g_ph.rc = model_load(a->paths, a->count, a->db, &limits, &diags, &sum);
	g_ph.total = bench_now() - t0;
	if (g_ph.rc != LOAD_VALID)
		diag_print(&diags, stderr);
	g_ph.setup = g_ph.first_read - g_t0;
	g_ph.finish = g_ph.total - g_ph.setup - g_ph.read - g_ph.check - g_ph.indexes - g_ph.counts -
	              g_ph.fts - g_ph.other_sql;
	g_ph.hwm_kb = bench_hwm_kb();
	g_ph.entities = sum.entities;
	g_ph.links = sum.links;
	*r = g_ph;
	diag_free(&diags);
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
		__real_yaml_read_file(files.items[i], (int)i, &limits, &diags, noop_handler, NULL);
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

static int cmd_cold(int runs, const char *yamlscan, const char *tmp, char **paths, size_t count)
{
	double floor_t[MAX_RUNS], load_t[MAX_RUNS], reader_t[MAX_RUNS], ratio[MAX_RUNS];
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
		reader_t[r] = rr.seconds;
		ratio[r] = ph[r].total / floor_t[r];
		load_hwm = ph[r].hwm_kb > load_hwm ? ph[r].hwm_kb : load_hwm;
		reader_hwm = rr.hwm_kb;
		fprintf(stderr, "  run %d: floor %.3f s, load %.3f s (%.2fx)\n", r + 1, floor_t[r],
		        load_t[r], ratio[r]);
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
	/* the search index is built on its own thread while the database is, and
	 * is never the last thing done (phase_search_wait): the first screen can
	 * open when the database is in place, which is when search is ready */
	bench_line("cold_first_screen", bench_median(load_t, (size_t)runs), "s",
	           "note=database_and_search_index_in_place");
	bench_line("first_over_floor", bench_median(ratio, (size_t)runs), "x", "target=2.0");
	bench_line("full_over_floor", bench_median(ratio, (size_t)runs), "x", "target=2.5");
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
		           "note=sqlite_and_search_threads");
		bench_line("phase_search_wait", ph[mid].search_wait, "s",
		           "note=database_built_waiting_for_search_index");
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

/* ---- warm start -------------------------------------------------------------------- */

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

static int cmd_warm(int runs, const char *icsview, const char *cache, const char *show_id,
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

/* ---- keystrokes ---------------------------------------------------------------------- */

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

struct samples {
	double v[4096];
	size_t n;
};

static void report(const char *name, struct samples *s, double target, const char *extra)
{
	char buf[256];
	double med, p95;

	if (s->n == 0)
		return;
	med = bench_median(s->v, s->n);
	p95 = bench_percentile(s->v, s->n, 95);
	snprintf(buf, sizeof buf, "n=%zu%s%s", s->n, extra ? " " : "", extra ? extra : "");
	printf("BENCH name=%s_median value=%.4f unit=ms %s\n", name, med, buf);
	if (target > 0)
		printf("BENCH name=%s_p95 value=%.4f unit=ms target=%g %s\n", name, p95, target, buf);
	else
		printf("BENCH name=%s_p95 value=%.4f unit=ms %s\n", name, p95, buf);
	fflush(stdout);
}

static void add(struct samples *s, double seconds)
{
	if (s->n < sizeof s->v / sizeof s->v[0])
		s->v[s->n++] = seconds * 1000;
}

static int64_t query_int(struct store *store, const char *sql)
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

static char *query_text(struct store *store, const char *sql)
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
static int read_screen(struct outline *o, size_t *top)
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

static void child_keys(void *argp, void *resp)
{
	struct keys_args *a = argp;
	struct keys_result *r = resp;
	struct model_cache_options opts = { .dir = a->cache };
	struct model_cache_info info = { 0 };
	struct diag_list diags;
	struct store *st = NULL;
	struct outline o = { 0 };
	struct detail d = { 0 };
	struct samples *s = calloc(1, sizeof *s);
	int64_t big, hub, big_children, hub_links, big_middle;
	size_t row, top = 0;
	char *code, extra[160];
	int runs = a->runs;
	double t;

	diag_init(&diags, 100);
	if (model_cache_open(a->paths, a->count, &opts, &diags, &st, &info) != LOAD_VALID) {
		diag_print(&diags, stderr);
		goto out;
	}
	/* setup queries, not timed: the place with the most children, the most
	 * linked-to entity, a practice's code */
	big = query_int(st, "SELECT eid FROM entities WHERE " IS_PLACE
	                    " ORDER BY n_children + n_linked DESC, eid LIMIT 1");
	big_children = query_int(st, "SELECT n_children + n_linked FROM entities WHERE " IS_PLACE
	                             " ORDER BY n_children + n_linked DESC, eid LIMIT 1");
	hub = query_int(st, "SELECT dst FROM links GROUP BY dst ORDER BY count(*) DESC LIMIT 1");
	hub_links = query_int(st, "SELECT count(*) FROM links GROUP BY dst ORDER BY count(*) DESC LIMIT 1");
	/* its first code: an aka, or its id when that is one (id_aka, store.c) */
	code = query_text(st, "WITH p(eid) AS (SELECT eid FROM entities"
	                      " WHERE type_no = (SELECT type_no FROM types WHERE name = 'GP practice')"
	                      " ORDER BY eid LIMIT 1 OFFSET 100)"
	                      " SELECT value FROM (SELECT ord, value FROM aka WHERE eid = (SELECT eid FROM p)"
	                      " UNION ALL SELECT id_aka, id FROM entities WHERE eid = (SELECT eid FROM p)"
	                      " AND id_aka IS NOT NULL) ORDER BY ord LIMIT 1");

	/* first screen on an open store */
	for (int i = 0; i < runs * 5; i++) {
		t = bench_now();
		outline_close(&o);
		memset(&o, 0, sizeof o);
		outline_open(&o, st, 0);
		top = 0;
		read_screen(&o, &top);
		detail_clear(&d);
		memset(&d, 0, sizeof d);
		detail_build(&d, st, outline_selected_eid(&o), DETAIL_WIDTH);
		add(s, bench_now() - t);
	}
	report("key_open_outline", s, 0, NULL);
	s->n = 0;

	/* the big place, revealed as the interface reveals a search hit */
	if (outline_reveal(&o, big) != STORE_OK)
		goto out;
	row = o.selected;
	/* expand a 10,000-child node (collapse between runs), and read the
	 * screen of rows it shows, as a key press draws them; 20 per run (and
	 * for End, the last child and the deep :goto), so that the p95 is not
	 * just the slowest of a handful */
	for (int i = 0; i < runs * 20; i++) {
		outline_collapse(&o, row);
		read_screen(&o, &top);
		t = bench_now();
		if (outline_expand(&o, row) != STORE_OK || read_screen(&o, &top) != STORE_OK)
			goto out;
		add(s, bench_now() - t);
	}
	snprintf(extra, sizeof extra, "children=%lld", (long long)big_children);
	report("key_expand_big", s, 1, extra);
	s->n = 0;
	/* move down one row, inside the big expanded node */
	for (int i = 0; i < runs * 40; i++) {
		t = bench_now();
		select_and_detail(&o, &d, &top, row + 1 + (size_t)i);
		add(s, bench_now() - t);
	}
	report("key_move", s, 1, NULL);
	s->n = 0;
	/* page down */
	for (int i = 0; i < runs * 20; i++) {
		t = bench_now();
		select_and_detail(&o, &d, &top, row + 1 + (size_t)(i + 1) * SCREEN_ROWS);
		add(s, bench_now() - t);
	}
	report("key_page", s, 1, NULL);
	s->n = 0;
	/* End, then Home, alternately: End timed */
	for (int i = 0; i < runs * 20; i++) {
		select_and_detail(&o, &d, &top, row);
		t = bench_now();
		select_and_detail(&o, &d, &top, o.count - 1);
		add(s, bench_now() - t);
	}
	report("key_end", s, 1, NULL);
	s->n = 0;
	/* the big place's last child, right after expanding it (none of its
	 * rows read yet): End when the big place ends the tree */
	for (int i = 0; i < runs * 20; i++) {
		outline_collapse(&o, row);
		if (outline_expand(&o, row) != STORE_OK || select_and_detail(&o, &d, &top, row) != STORE_OK)
			goto out;
		t = bench_now();
		if (select_and_detail(&o, &d, &top, row + (size_t)big_children) != STORE_OK)
			goto out;
		add(s, bench_now() - t);
	}
	report("key_end_big", s, 1, extra);
	s->n = 0;
	/* :goto a child in the middle of the big place, the place collapsed:
	 * revealed as the interface reveals it, then its screen and detail */
	big_middle = query_int(st, "SELECT eid FROM entities WHERE parent = (SELECT eid FROM entities"
	                           " WHERE " IS_PLACE " ORDER BY n_children + n_linked DESC, eid LIMIT 1)"
	                           " ORDER BY eid LIMIT 1 OFFSET (SELECT n_children / 2 FROM entities"
	                           " WHERE " IS_PLACE " ORDER BY n_children + n_linked DESC, eid LIMIT 1)");
	for (int i = 0; i < runs * 20 && big_middle; i++) {
		outline_collapse(&o, row);
		select_and_detail(&o, &d, &top, row);
		t = bench_now();
		if (outline_reveal(&o, big_middle) != STORE_OK || read_screen(&o, &top) != STORE_OK ||
		    detail_build(&d, st, outline_selected_eid(&o), DETAIL_WIDTH) != STORE_OK)
			goto out;
		add(s, bench_now() - t);
	}
	report("key_reveal_deep", s, 1, extra);
	s->n = 0;
	/* selecting the most linked-to entity: its detail pane lists every backlink */
	for (int i = 0; i < runs * 3; i++) {
		detail_clear(&d);
		memset(&d, 0, sizeof d);
		t = bench_now();
		detail_build(&d, st, hub, DETAIL_WIDTH);
		add(s, bench_now() - t);
	}
	snprintf(extra, sizeof extra, "backlinks=%lld lines=%zu", (long long)hub_links, d.count);
	report("key_detail_hub", s, 1, extra);
	s->n = 0;

	/* search: prefixes of 1-6 characters, a code, as typed */
	{
		static const char *words[] = { "s", "sh", "she", "shef", "sheff", "sheffi" };
		struct search_options so = { .limit = 200, .path_separator = " › " };
		struct search_results res = { 0 };
		struct samples all2 = { 0 };
		for (size_t w = 0; w < 7; w++) {
			const char *q = w < 6 ? words[w] : code;
			char name[64];
			size_t hits = 0;
			if (!q)
				continue;
			for (int i = 0; i < runs * 5; i++) {
				t = bench_now();
				search_run(st, q, &so, &res);
				add(s, bench_now() - t);
				if (w >= 1)
					add(&all2, bench_now() - t);
				hits = res.count;
				search_results_clear(&res);
				memset(&res, 0, sizeof res);
			}
			if (w < 6)
				snprintf(name, sizeof name, "key_search_%zuch", w + 1);
			else
				snprintf(name, sizeof name, "key_search_code");
			snprintf(extra, sizeof extra, "query=%s hits=%zu", q, hits);
			report(name, s, w == 0 ? 16 : 2, extra);
			s->n = 0;
		}
		report("key_search_2plus_all", &all2, 2, NULL);
	}

	/* filters as the interface applies them: the key is parse, the first
	 * step (filter_start), the tree rebuilt and the screen's rows opened
	 * the way to the matches and read.  Then as the interface goes on
	 * between keys: steps, and after each frame of them (40 ms) the tree
	 * rebuilt and the screen read again; a key waits for the step under
	 * way and that at most.  Then the time to the complete result on
	 * screen; then clear. */
	{
		static const char *filters[] = { "kind:board", "population>500000", "type:pharmacy",
		                                 "serves:sheffield", "has:chairs", "shef",
		                                 "kind:organisation cqc_rating=good" };
		struct samples *done = calloc(1, sizeof *done), *steps = calloc(1, sizeof *steps);
		struct samples *frames = calloc(1, sizeof *frames);
		for (size_t k = 0; k < sizeof filters / sizeof filters[0] && done && steps && frames; k++) {
			struct filter_error err;
			struct filter_result fr = { 0 };
			char name[64];
			size_t nsteps = 0;
			for (int i = 0; i < runs * 2; i++) {
				struct filter *f;
				double frame;
				t = bench_now();
				f = filter_parse(filters[k], &err);
				if (!f || filter_start(st, f, NULL, &fr) != FILTER_OK) {
					fprintf(stderr, "icsbench: filter %s failed: %s\n", filters[k],
					        f ? fr.error.message : err.message);
					filter_free(f);
					break;
				}
				filter_free(f);
				outline_set_root(&o, 0, 0);
				outline_set_opening(&o, true);
				top = 0;
				outline_open_rows(&o, top, SCREEN_ROWS);
				read_screen(&o, &top);
				add(s, bench_now() - t);
				frame = bench_now();
				while (!fr.complete) {
					double ts = bench_now();
					if (filter_step(st, &fr) != FILTER_OK)
						break;
					add(steps, bench_now() - ts);
					nsteps++;
					if (fr.complete || bench_now() - frame >= 0.040) {
						int64_t sel = outline_selected_eid(&o);
						ts = bench_now();
						outline_set_root(&o, 0, sel);
						outline_open_rows(&o, top, SCREEN_ROWS);
						read_screen(&o, &top);
						add(frames, bench_now() - ts);
						frame = bench_now();
					}
				}
				add(done, bench_now() - t);
				filter_clear(st);
				outline_set_opening(&o, false);
				outline_set_root(&o, 0, 0);
			}
			snprintf(name, sizeof name, "key_filter_%zu", k + 1);
			snprintf(extra, sizeof extra, "filter=\"%s\" matched=%lld", filters[k],
			         (long long)fr.matched);
			report(name, s, 16, extra);
			s->n = 0;
			snprintf(name, sizeof name, "key_filter_%zu_complete", k + 1);
			report(name, done, 0, extra);
			done->n = 0;
			snprintf(name, sizeof name, "key_filter_%zu_step", k + 1);
			snprintf(extra, sizeof extra, "filter=\"%s\" steps=%zu", filters[k],
			         nsteps / (size_t)(runs * 2));
			report(name, steps, 0, extra);
			steps->n = 0;
			snprintf(name, sizeof name, "key_filter_%zu_refresh", k + 1);
			report(name, frames, 0, NULL);
			frames->n = 0;
		}
		free(done);
		free(steps);
		free(frames);
	}
	r->ok = 1;
out:
	r->hwm_kb = bench_hwm_kb();
	free(s);
	detail_clear(&d);
	outline_close(&o);
	model_cache_close(st, &info);
	diag_free(&diags);
}

static int cmd_keys(int runs, const char *cache, char **paths, size_t count)
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

/* ---- main ---------------------------------------------------------------------------- */

static void usage(void)
{
	fprintf(stderr,
	        "usage: icsbench cold --runs N --yamlscan PATH --tmp DIR MODEL...\n"
	        "       icsbench warm --runs N --icsview BIN --cache DIR --show ID MODEL...\n"
	        "       icsbench keys --runs N --cache DIR MODEL...\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *yamlscan = NULL, *tmp = "/tmp", *icsview = NULL, *cache = NULL, *show = NULL;
	int runs = 3, i = 2;

	if (argc < 3)
		usage();
	for (; i + 1 < argc && strncmp(argv[i], "--", 2) == 0; i += 2) {
		if (strcmp(argv[i], "--runs") == 0)
			runs = atoi(argv[i + 1]);
		else if (strcmp(argv[i], "--yamlscan") == 0)
			yamlscan = argv[i + 1];
		else if (strcmp(argv[i], "--tmp") == 0)
			tmp = argv[i + 1];
		else if (strcmp(argv[i], "--icsview") == 0)
			icsview = argv[i + 1];
		else if (strcmp(argv[i], "--cache") == 0)
			cache = argv[i + 1];
		else if (strcmp(argv[i], "--show") == 0)
			show = argv[i + 1];
		else
			usage();
	}
	if (runs < 1 || runs > MAX_RUNS || i >= argc)
		usage();
	if (strcmp(argv[1], "cold") == 0 && yamlscan)
		return cmd_cold(runs, yamlscan, tmp, argv + i, (size_t)(argc - i));
	if (strcmp(argv[1], "warm") == 0 && icsview && cache && show)
		return cmd_warm(runs, icsview, cache, show, argv + i, (size_t)(argc - i));
	if (strcmp(argv[1], "keys") == 0 && cache)
		return cmd_keys(runs, cache, argv + i, (size_t)(argc - i));
	usage();
	return 2;
}
