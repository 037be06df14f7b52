/* What the files of the benchmark harness (bench/icsbench) share: the
 * BENCH lines and samples (harness.c), children (harness.c), the load's
 * phases timed by link-time wrappers (phases.c), the screen a key press
 * reads (keys.c) and each scenario's entry (cold.c, warm.c, keys.c,
 * keys_search.c, keys_filter.c).  Private to bench/. */
#ifndef ICSVIEW_BENCH_ICSBENCH_H
#define ICSVIEW_BENCH_ICSBENCH_H

#include <stdbool.h>
#include <stddef.h>

#include "icsview/base/diag.h"
#include "icsview/base/limits.h"
#include "icsview/loader/loader.h"
#include "icsview/loader/yaml_events.h"
#include "icsview/store/store.h"
#include "icsview/views/detail.h"
#include "icsview/views/outline.h"

#define MAX_RUNS 64
#define DETAIL_WIDTH 60
#define SCREEN_ROWS 40

/* ---- output and children (harness.c) ---- */

/* One figure: `BENCH name=NAME value=VALUE unit=UNIT [EXTRA]`. */
void bench_line(const char *name, double value, const char *unit, const char *extra);

/* Latencies of one key, in milliseconds. */
struct samples {
	double v[4096];
	size_t n;
};

/* Adds a latency given in seconds; beyond the array's room, drops it. */
void samples_add(struct samples *s, double seconds);
/* Prints NAME_median and NAME_p95 (with target=TARGET when it is > 0);
 * nothing when there are no samples.  Sorts the samples. */
void samples_report(const char *name, struct samples *s, double target, const char *extra);

/* Runs fn in a forked child, which sends back `size` bytes of result;
 * 0 when the child ran to the end and exited 0, else -1. */
int in_child(void (*fn)(void *arg, void *result), void *arg, void *result, size_t size);
/* Spawns argv with stdout to /dev/null (or to `out` if not NULL); returns
 * the wall time, the wait status in *status_out. */
double spawn_timed(char *const argv[], const char *out, int *status_out);

/* ---- the load's phases (phases.c) ---- */

struct phases {
	double total, setup, read, drain, check, indexes, counts, fts, other_sql, finish;
	double step;           /* sqlite3_step on the SQLite thread (instrumented run only) */
	double read_cpu;       /* CPU time of the loader's thread while reading */
	double search_wait;    /* waiting for the search index's thread once the rest is built */
	double search_build;   /* the search index, built after the database is in place */
	double sqlite_cpu;     /* CPU time of the SQLite thread (instrumented run only) */
	double first_read;     /* when the first file started */
	long hwm_kb;
	int rc;
	unsigned long long entities, links;
};

/* Starts timing a model_load on this thread; time_steps also times the
 * SQLite thread's sqlite3_step calls. */
void phases_begin(bool time_steps);
/* Ends it: the load returned rc with *sum; the phases go to *out. */
void phases_end(int rc, const struct load_summary *sum, struct phases *out);

/* icsview's YAML reader itself, past its timing wrapper. */
int __real_yaml_read_file(const char *path, int file_no, const struct load_limits *limits,
                          struct diag_list *diags, yevent_handler handler, void *ctx,
                          struct build_progress *progress);

/* ---- browsing (keys.c) ---- */

/* Reads the rows a screen of SCREEN_ROWS shows, scrolled to the selection
 * from *top; STORE_OK or STORE_ERROR. */
int read_screen(struct outline *o, size_t *top);

/* The open model and the interface's state as each key leaves it. */
struct browse {
	struct store *st;
	struct outline o;
	struct detail d;
	size_t top;          /* the first row on the screen */
	struct samples *s;   /* the key being timed */
	int runs;
};

/* ---- the scenarios ---- */

int cmd_cold(int runs, const char *yamlscan, const char *tmp, char **paths, size_t count);
int cmd_warm(int runs, const char *icsview, const char *cache, const char *show_id,
             char **paths, size_t count);
int cmd_keys(int runs, const char *cache, char **paths, size_t count);
int cmd_diff(int runs, const char *icsview, const char *tmp, char **paths, size_t count);
/* review_import.c */
int cmd_review(int runs, const char *cache, const char *tmp, char **paths, size_t count);
/* diagram.c */
int cmd_diagram(int runs, const char *icsview, const char *cache, char **paths, size_t count);

/* The first column of the first row of an untimed setup query (0 or
 * NULL for none; the text is the caller's to free). */
int64_t query_int(struct store *store, const char *sql);
char *query_text(struct store *store, const char *sql);

/* Searches as typed: prefixes of `sheffield`, then `code` if not NULL. */
void keys_search(struct browse *b, const char *code);
/* The detail pane's counts by type on the biggest subtree, i and :goto
 * on a name many entities share (the pick list), Tab in the filter
 * prompt. */
void keys_answers(struct browse *b);
/* Filters as the interface applies them, on the outline as it is. */
void keys_filter(struct browse *b);

#endif
