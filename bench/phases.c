/* The cold load's phases, from link-time wrappers (-Wl,--wrap, listed in
 * bench/meson.build) around the calls between the core library's files and
 * into SQLite and pthreads, so the product code is untouched: reading on
 * the loader's thread, the SQLite thread catching up, the checks, the
 * index script statement by statement, the wait for the search index and
 * the CPU time of each thread.  phases_begin and phases_end bracket one
 * model_load (cold.c). */
#include <dirent.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "benchutil.h"
#include "icsbench.h"
#include "icsview/store/store_build.h"

static struct phases g_ph;
static bool g_time_steps, g_reading;
static pthread_t g_main_thread;
static double g_t0;

int __wrap_yaml_read_file(const char *path, int file_no, const struct load_limits *limits,
                          struct diag_list *diags, yevent_handler handler, void *ctx,
                          struct build_progress *progress);
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
                          struct diag_list *diags, yevent_handler handler, void *ctx,
                          struct build_progress *progress)
{
	double t = bench_now(), cpu = thread_cpu();
	int rc;

	if (g_ph.first_read == 0)
		g_ph.first_read = t;
	g_reading = true;
	rc = __real_yaml_read_file(path, file_no, limits, diags, handler, ctx, progress);
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

void phases_begin(bool time_steps)
{
	g_time_steps = time_steps;
	memset(&g_ph, 0, sizeof g_ph);
	g_drained = 0;
	g_main_thread = pthread_self();
	g_t0 = bench_now();
}

void phases_end(int rc, const struct load_summary *sum, struct phases *out)
{
	g_ph.total = bench_now() - g_t0;
	g_ph.rc = rc;
	g_ph.setup = g_ph.first_read - g_t0;
	g_ph.finish = g_ph.total - g_ph.setup - g_ph.read - g_ph.check - g_ph.indexes - g_ph.counts -
	              g_ph.fts - g_ph.other_sql;
	g_ph.hwm_kb = bench_hwm_kb();
	g_ph.entities = sum->entities;
	g_ph.links = sum->links;
	*out = g_ph;
}
