/* Evaluating a compiled filter (filter_sql.c) a range of eids at a time, so
 * that a step costs a few milliseconds whatever the model's size: each
 * range's matches, and what they make visible that is not yet (their
 * ancestors, the entities a match is shown under through a secondary
 * relation and theirs), go into temp.filter_visible, and the tree under
 * the filter (temp.filter_tree by parent, temp.filter_linked for
 * secondary children, which store_filtered.c reads) grows with them, so
 * that what is found can be shown at once.  A range grows while the steps are quick and shrinks when
 * they are slow.  A filter with REL:TARGET terms whose TARGET names nothing
 * exactly first scans the names for it (filter_targets.c), in ranges too.
 *
 * The filter being evaluated is kept with the store it runs on (struct
 * filter_state, store_on_close), which frees it when it closes: starting
 * another, or clearing, cancels it. */
#include "filter_private.h"

#include <stdlib.h>
#include <string.h>
#include "icsview/base/util.h"
#include "review_marks.h"

/* The first range is small: the first eids (regions, systems, their boards)
 * make ten times the average links, and facts common to most entities cost
 * about 4 µs an entity to test; it doubles at each range while they are
 * quick (CHUNK_MAX: the model at 250,000 entities in two). */
#define CHUNK_FIRST 256
#define CHUNK_MIN 64
#define CHUNK_MAX (1 << 18)
/* A range ends early at its hit_cap-th match, which adapts likewise. */
#define HITS_FIRST 256
#define HITS_MIN 32
#define HITS_MAX 4096

enum {
	RANGE_COUNT = 7,        /* the statements of a range's work (range_sql) */
	CLIMB_COUNT = 3,        /* and of the climb to their ancestors (climb_sql) */
};

enum phase {
	PHASE_TARGETS,          /* scanning names for the targets with no exact match */
	PHASE_MATCH,            /* evaluating the filter */
	PHASE_DONE,
};

struct filter_job {
	unsigned serial;            /* its number: its targets' tables */
	char *text;                 /* the filter, described (compiled again once the
	                               targets are known) */
	struct string_list targets; /* the TARGET of each REL:TARGET term */
	bool *scan;                 /* target k names nothing exactly: scan the names */
	bool scans;                 /* any: the scan is the first half of the work */
	struct filter_pace pace;
	enum phase phase;
	int64_t last;               /* the largest eid */
	int64_t next;               /* the first eid of the next range */
	int64_t chunk;              /* eids in the next range */
	int64_t hit_cap;            /* matches in a range at most */
	double ms_next;             /* what the next range should cost */
	struct sql_stmt *hits;      /* the compiled filter over a range, into temp.filter_hits */
	struct sql_stmt *range[RANGE_COUNT];    /* range_sql's, climb_sql's and last_hit_sql's, */
	struct sql_stmt *climb[CLIMB_COUNT];    /* prepared for the job (the store's cache of */
	struct sql_stmt *last_hit;              /* statements may be full) */
	struct filter_sql sql;      /* its parameters */
	struct filter *filter;      /* parsed from text: the parameters point into it */
	int64_t matched, visible;
};

/* ---- the result's tables ------------------------------------------------------ */

/* The result, the tree made from it, and two tables of one range's work:
 * the range's matches, and the entities they make visible. */
static const char create_sql[] =
	REVIEW_MARKS_TABLE_SQL
	REVIEW_CONFLICTS_TABLE_SQL
	"CREATE TEMP TABLE IF NOT EXISTS filter_visible(eid INTEGER PRIMARY KEY,"
	" matched INTEGER NOT NULL);"
	"CREATE TEMP TABLE IF NOT EXISTS filter_tree(parent INTEGER NOT NULL,"
	" eid INTEGER NOT NULL, PRIMARY KEY(parent, eid)) WITHOUT ROWID;"
	"CREATE TEMP TABLE IF NOT EXISTS filter_linked(dst INTEGER NOT NULL,"
	" src INTEGER NOT NULL, PRIMARY KEY(dst, src)) WITHOUT ROWID;"
	"CREATE TEMP TABLE IF NOT EXISTS filter_hits(eid INTEGER PRIMARY KEY);"
	"CREATE TEMP TABLE IF NOT EXISTS filter_new(eid INTEGER PRIMARY KEY,"
	" matched INTEGER NOT NULL);";
static const char empty_sql[] =
	"DELETE FROM temp.filter_visible; DELETE FROM temp.filter_tree;"
	"DELETE FROM temp.filter_linked; DELETE FROM temp.filter_hits; DELETE FROM temp.filter_new;";
static const char drop_sql[] =
	"DROP TABLE IF EXISTS temp.filter_visible; DROP TABLE IF EXISTS temp.filter_tree;"
	"DROP TABLE IF EXISTS temp.filter_linked; DROP TABLE IF EXISTS temp.filter_hits;"
	"DROP TABLE IF EXISTS temp.filter_new;";

/* One range, after its matches are in temp.filter_hits: an ancestor
 * already visible may turn out to be a match (an entity can come before
 * its parent); the matches not yet visible; then (climb_sql, between the
 * two halves) what they make visible that is not yet; then all of those
 * in the result and in the tree.  Secondary children are listed as the loader
 * counts n_linked: under each entity they link to through a secondary
 * relation, but their own parent and themselves. */
static const char *const range_sql[] = {
	"UPDATE temp.filter_visible SET matched = 1 WHERE matched = 0"
	" AND eid IN (SELECT eid FROM temp.filter_hits)",
	"INSERT INTO temp.filter_new(eid, matched) SELECT h.eid, 1 FROM temp.filter_hits h"
	" WHERE NOT EXISTS (SELECT 1 FROM temp.filter_visible v WHERE v.eid = h.eid)",
	/* the climb */
	"INSERT INTO temp.filter_visible(eid, matched) SELECT eid, matched FROM temp.filter_new",
	"INSERT INTO temp.filter_tree(parent, eid) SELECT coalesce(e.parent, 0), n.eid"
	" FROM temp.filter_new n CROSS JOIN entities e ON e.eid = n.eid",
	/* links are clustered by (src, rel): a lookup per new entity and
	 * secondary relation, not all its links (an ICB commissions thousands),
	 * and the entity read only when it has one */
	"INSERT OR IGNORE INTO temp.filter_linked(dst, src) SELECT l.dst, n.eid"
	" FROM temp.filter_new n CROSS JOIN links l ON l.src = n.eid"
	"  AND l.rel_no IN (SELECT rel_no FROM relations WHERE secondary)"
	" CROSS JOIN entities e ON e.eid = n.eid"
	" WHERE l.dst IS NOT NULL AND l.dst <> coalesce(e.parent, 0) AND l.dst <> n.eid",
	"DELETE FROM temp.filter_hits",
	"DELETE FROM temp.filter_new",
};
#define RANGE_STATEMENTS (sizeof(range_sql) / sizeof(range_sql[0]))
enum {
	RANGE_CLIMB = 2,        /* range_sql's statement the climb comes before */
	RANGE_VISIBLE = 2,      /* range_sql's statement whose changes are new rows */
};
_Static_assert(RANGE_STATEMENTS == RANGE_COUNT, "a statement for each of range_sql");
/* The climb: the parents of the matches, and the entities a match is shown
 * under through a secondary relation (as range_sql lists it there), that
 * are neither visible nor new (most are: the climb starts from a few), and
 * from each, up while the entity is neither, each one new as an ancestor:
 * a match is shown wherever the whole tree shows it.  A recursive query
 * did the same, but its temporary tables cost 0.15 to 0.4 ms a range even
 * when there was nothing to climb.  The links are looked up as range_sql
 * does, a lookup per match and secondary relation. */
static const char *const climb_sql[] = {
	"SELECT e.parent FROM temp.filter_hits h CROSS JOIN entities e ON e.eid = h.eid"
	" WHERE e.parent IS NOT NULL"
	" AND NOT EXISTS (SELECT 1 FROM temp.filter_visible v WHERE v.eid = e.parent)"
	" AND NOT EXISTS (SELECT 1 FROM temp.filter_new n WHERE n.eid = e.parent)"
	" UNION ALL "
	"SELECT l.dst FROM temp.filter_hits h CROSS JOIN links l ON l.src = h.eid"
	"  AND l.rel_no IN (SELECT rel_no FROM relations WHERE secondary)"
	" CROSS JOIN entities e ON e.eid = h.eid"
	" WHERE l.dst IS NOT NULL AND l.dst <> coalesce(e.parent, 0) AND l.dst <> h.eid"
	" AND NOT EXISTS (SELECT 1 FROM temp.filter_visible v WHERE v.eid = l.dst)"
	" AND NOT EXISTS (SELECT 1 FROM temp.filter_new n WHERE n.eid = l.dst)",
	"SELECT EXISTS (SELECT 1 FROM temp.filter_visible v WHERE v.eid = ?1)"
	" OR EXISTS (SELECT 1 FROM temp.filter_new n WHERE n.eid = ?1),"
	" (SELECT parent FROM entities WHERE eid = ?1)",
	"INSERT INTO temp.filter_new(eid, matched) VALUES (?1, 0)",
};
enum { CLIMB_START, CLIMB_UP, CLIMB_ADD };
static const char last_hit_sql[] = "SELECT max(eid) FROM temp.filter_hits";

static int run(struct store *st, struct sql_stmt *stmt, int64_t *changes)
{
	enum sql_step rc = sql_step(stmt);

	if (changes)
		*changes = store_sql_changes(st);
	sql_reset(stmt);
	return rc == SQL_DONE ? 0 : -1;
}

/* The ancestors of the range's matches not yet visible, into filter_new. */
static int climb(struct filter_job *job)
{
	struct sql_stmt *start = job->climb[CLIMB_START], *up = job->climb[CLIMB_UP];
	struct sql_stmt *add = job->climb[CLIMB_ADD];
	enum sql_step rc;

	while ((rc = sql_step(start)) == SQL_ROW) {
		int64_t eid = sql_int64(start, 0);

		/* the entity: known already (an earlier climb), or new, then its parent */
		for (;;) {
			bool known, root;

			sql_bind_int64(up, 1, eid);
			if ((rc = sql_step(up)) != SQL_ROW)
				break;
			known = sql_int(up, 0) != 0;
			root = sql_is_null(up, 1);
			sql_bind_int64(add, 1, eid);
			eid = sql_int64(up, 1);
			sql_reset(up);
			if (known)
				break;
			rc = sql_step(add);
			sql_reset(add);
			if (rc != SQL_DONE || root)
				break;
		}
		sql_reset(up);
		if (rc == SQL_FAILED)
			break;
	}
	sql_reset(start);
	return rc == SQL_DONE ? 0 : -1;
}

/* The filter's matches among the eids lo to hi, added to the result: the
 * first job->hit_cap of them at most (what a match costs, its ancestors and
 * its place in the tree, is more than what an entity tested costs, and a
 * range of eids can be dense with matches); *end is the last eid done,
 * *cut whether the range was cut there. */
static int match_range(struct store *st, struct filter_job *job, int64_t lo, int64_t hi,
                       int64_t *end, bool *cut)
{
	int64_t hits = 0, added = 0;
	enum sql_step rc;

	sql_reset(job->hits);
	sql_bind_int64(job->hits, 1, lo);
	sql_bind_int64(job->hits, 2, hi);
	sql_bind_int64(job->hits, FILTER_FIRST_PARAM + (int)job->sql.count, job->hit_cap);
	rc = sql_step(job->hits);
	hits = store_sql_changes(st);
	sql_reset(job->hits);
	if (rc != SQL_DONE)
		return -1;
	*end = hi;
	*cut = hits == job->hit_cap;
	if (*cut) {
		rc = sql_step(job->last_hit);
		if (rc == SQL_ROW)
			*end = sql_int64(job->last_hit, 0);
		sql_reset(job->last_hit);
		if (rc != SQL_ROW)
			return -1;
	}
	for (size_t i = 0; i < RANGE_STATEMENTS; i++) {
		if (i == RANGE_CLIMB && climb(job) != 0)
			return -1;
		if (run(st, job->range[i], i == RANGE_VISIBLE ? &added : NULL) != 0)
			return -1;
	}
	job->matched += hits;
	job->visible += added;
	return 0;
}

/* The names containing each target that names nothing exactly, among the
 * eids lo to hi. */
static int scan_range(struct store *st, struct filter_job *job, int64_t lo, int64_t hi)
{
	for (size_t k = 0; k < job->targets.count; k++)
		if (job->scan[k] &&
		    filter_target_contains(st, job->serial, k, job->targets.items[k], lo, hi) != 0)
			return -1;
	return 0;
}

/* ---- the job ------------------------------------------------------------------- */

static void finalize_match(struct filter_job *job)
{
	sql_free(job->hits);
	sql_free(job->last_hit);
	job->hits = job->last_hit = NULL;
	for (size_t i = 0; i < RANGE_COUNT; i++) {
		sql_free(job->range[i]);
		job->range[i] = NULL;
	}
	for (size_t i = 0; i < CLIMB_COUNT; i++) {
		sql_free(job->climb[i]);
		job->climb[i] = NULL;
	}
}

/* What only the evaluation needs: let go of when it is complete, and when
 * the job is freed. */
static void release_evaluation(struct store *st, struct filter_job *job)
{
	finalize_match(job);
	filter_sql_free(&job->sql);
	filter_free(job->filter);
	job->filter = NULL;
	filter_targets_drop(st, job->serial, job->targets.count);
	string_list_clear(&job->targets);
}

static void job_free(struct store *st, struct filter_job *job)
{
	if (!job)
		return;
	release_evaluation(st, job);
	free(job->scan);
	free(job->text);
	free(job);
}

/* ---- the store's filter ----------------------------------------------------------- */

/* What the module keeps with each store it has run a filter on. */
struct filter_state {
	struct filter_job *job;     /* the filter applied, being evaluated or complete; NULL
	                               for none */
	unsigned serial;            /* numbers the filters started */
};

/* store_close's hook: the job's statements go before the connection does. */
static void state_free(struct store *st, void *ctx)
{
	struct filter_state *state = ctx;

	job_free(st, state->job);
	free(state);
}

/* The store's filter state, NULL when it has never had a filter. */
static struct filter_state *state_find(struct store *st)
{
	return store_on_close_ctx(st, state_free);
}

static struct filter_state *state_of(struct store *st)
{
	struct filter_state *state = state_find(st);

	if (!state) {
		state = xcalloc(1, sizeof(*state));
		store_on_close(st, state_free, state);
	}
	return state;
}

/* Compiles the filter for good, the targets known, and prepares the
 * statement that finds a range's matches. */
static int prepare_match(struct store *st, struct filter_job *job, struct filter_error *err)
{
	struct strbuf sql = STRBUF_INIT;
	int rc;

	job->filter = filter_parse(job->text, err);
	if (!job->filter)
		return FILTER_INVALID;      /* the description of a filter parses: not reached */
	rc = filter_compile(st, job->filter, job->serial, true, &job->sql, err);
	if (rc != FILTER_OK)
		return rc;
	sb_puts(&sql, "INSERT INTO temp.filter_hits(eid) SELECT e.eid FROM entities e"
	              " WHERE e.eid BETWEEN ?1 AND ?2 AND ");
	sb_puts(&sql, sb_str(&job->sql.where));
	sb_printf(&sql, " ORDER BY e.eid LIMIT ?%d", FILTER_FIRST_PARAM + (int)job->sql.count);
	job->hits = store_sql_prepare(st, sb_str(&sql));
	sb_free(&sql);
	if (!job->hits) {
		filter_db_error(st, err);
		return FILTER_FAILED;
	}
	filter_sql_bind(job->hits, &job->sql);
	for (size_t i = 0; i < RANGE_COUNT; i++)
		if (!(job->range[i] = store_sql_prepare(st, range_sql[i])))
			break;
	for (size_t i = 0; i < CLIMB_COUNT; i++)
		if (!(job->climb[i] = store_sql_prepare(st, climb_sql[i])))
			break;
	job->last_hit = store_sql_prepare(st, last_hit_sql);
	if (!job->range[RANGE_COUNT - 1] || !job->climb[CLIMB_COUNT - 1] || !job->last_hit) {
		filter_db_error(st, err);
		return FILTER_FAILED;
	}
	return FILTER_OK;
}

static int64_t largest_eid(struct store *st, bool *failed)
{
	struct sql_stmt *stmt = store_sql_prepare(st, "SELECT coalesce(max(eid), 0) FROM entities");
	int64_t last = 0;

	if (stmt && sql_step(stmt) == SQL_ROW)
		last = sql_int64(stmt, 0);
	else
		*failed = true;
	sql_free(stmt);
	return last;
}

/* Everything that leaves the result as it is: the filter checked against
 * the model, its targets' exact matches, and, when none needs a scan, its
 * statement.  NULL with *rc and *err when it does not fit the model or the
 * database failed. */
static struct filter_job *job_new(struct store *st, const struct filter *f,
                                  const struct filter_pace *pace, int *rc,
                                  struct filter_error *err)
{
	struct filter_job *job = xcalloc(1, sizeof(*job));
	struct filter_sql check;
	bool failed = false;

	job->serial = ++state_of(st)->serial;
	job->pace = pace ? *pace : (struct filter_pace){ 0 };
	if (job->pace.step_ms <= 0)
		job->pace.step_ms = FILTER_STEP_MS;
	job->chunk = CHUNK_FIRST;
	job->hit_cap = HITS_FIRST;
	*rc = filter_compile(st, f, job->serial, false, &check, err);
	if (*rc != FILTER_OK) {
		filter_sql_free(&check);
		free(job);
		return NULL;
	}
	job->text = filter_describe(f);
	job->targets = check.targets;       /* the texts are the job's now */
	memset(&check.targets, 0, sizeof(check.targets));
	filter_sql_free(&check);
	job->scan = xcalloc(job->targets.count + 1, sizeof(*job->scan));
	job->last = largest_eid(st, &failed);
	/* the tables exist for its statements (made, they change no result) */
	if (failed || store_sql_exec(st, create_sql) != 0 ||
	    filter_targets_create(st, job->serial, job->targets.count) != 0)
		goto failed;
	for (size_t k = 0; k < job->targets.count; k++) {
		bool found;

		if (filter_target_exact(st, job->serial, k, job->targets.items[k], &found) != 0)
			goto failed;
		job->scan[k] = !found;
		job->scans = job->scans || !found;
	}
	job->phase = job->scans ? PHASE_TARGETS : PHASE_MATCH;
	job->next = 1;
	if (!job->scans && (*rc = prepare_match(st, job, err)) != FILTER_OK) {
		job_free(st, job);
		return NULL;
	}
	return job;
failed:
	filter_db_error(st, err);
	*rc = FILTER_FAILED;
	job_free(st, job);
	return NULL;
}

/* ---- steps --------------------------------------------------------------------- */

/* A size for the next range from what the last one cost (n, ms): aiming at
 * a third of a step, so that a step of a few ranges comes near its time
 * (a range's cost per eid varies: two or three times the last one's, in
 * some measured), and at most twice the last (part of a range's cost is
 * the same whatever its size). */
static int64_t scaled(int64_t n, double ms, double target, int64_t min, int64_t max)
{
	double want = ms > 0 ? (double)n * target / ms : (double)(2 * n);

	if (want > (double)(2 * n))
		want = (double)(2 * n);
	return want < (double)min ? min : want > (double)max ? max : (int64_t)want;
}

/* After a range of n eids that took ms, cut at its hit_cap-th match or not. */
static void adapt(struct filter_job *job, int64_t n, double ms, bool cut)
{
	double target = job->pace.step_ms / 3;

	job->chunk = scaled(n, ms, target, CHUNK_MIN, CHUNK_MAX);
	if (cut)
		job->hit_cap = scaled(job->hit_cap, ms, target, HITS_MIN, HITS_MAX);
	job->ms_next = n > 0 ? ms * (double)job->chunk / (double)n : 0;
	if (cut && job->ms_next > target)
		job->ms_next = target;      /* the next range stops at the cap too */
}

/* One range of at most n eids of the current phase, then on to the next
 * phase at its end; *done is the eids done, *cut whether they were cut
 * short at the cap of matches. */
static int run_range(struct store *st, struct filter_job *job, int64_t n, int64_t *done,
                     bool *cut, struct filter_error *err)
{
	int64_t lo = job->next, hi = lo + n - 1 < job->last ? lo + n - 1 : job->last, end = hi;
	int rc;

	*cut = false;
	rc = job->phase == PHASE_TARGETS ? scan_range(st, job, lo, hi)
	                                 : match_range(st, job, lo, hi, &end, cut);

	if (rc != 0) {
		filter_db_error(st, err);
		return FILTER_FAILED;
	}
	*done = end - lo + 1;
	job->next = end + 1;
	if (job->next <= job->last)
		return FILTER_OK;
	job->next = 1;
	if (job->phase == PHASE_TARGETS) {
		/* the names cost little an entity: the filter starts small again */
		job->phase = PHASE_MATCH;
		job->chunk = CHUNK_FIRST;
		return prepare_match(st, job, err);
	}
	/* complete: what remains is the result and its counts */
	job->phase = PHASE_DONE;
	release_evaluation(st, job);
	return FILTER_OK;
}

/* Ranges until about the step's time is spent (one range of pace.chunk
 * eids when it is set), each in a transaction of its own.  `started` is
 * when the step began. */
static int step(struct store *st, struct filter_job *job, double started, struct filter_error *err)
{
	int rc = FILTER_OK;

	if (job->last == 0 && job->phase != PHASE_DONE) {
		job->phase = PHASE_DONE;        /* no entities */
		return FILTER_OK;
	}
	while (job->phase != PHASE_DONE && rc == FILTER_OK) {
		int64_t n = job->pace.chunk > 0 ? job->pace.chunk : job->chunk, done = 0;
		double t = monotonic_ms();
		bool cut;

		if (store_sql_exec(st, "SAVEPOINT filter_range") != 0) {
			filter_db_error(st, err);
			return FILTER_FAILED;
		}
		rc = run_range(st, job, n, &done, &cut, err);
		if (store_sql_exec(st, rc == FILTER_OK ? "RELEASE filter_range"
		                                       : "ROLLBACK TO filter_range; RELEASE filter_range")
		    != 0 && rc == FILTER_OK) {
			filter_db_error(st, err);
			rc = FILTER_FAILED;
		}
		if (job->pace.chunk > 0)
			break;
		adapt(job, done, monotonic_ms() - t, cut);
		if (monotonic_ms() - started + job->ms_next > job->pace.step_ms)
			break;
	}
	return rc;
}

static void report(const struct filter_job *job, struct filter_result *out)
{
	double work;

	out->matched = job ? job->matched : 0;
	out->visible = job ? job->visible : 0;
	out->complete = !job || job->phase == PHASE_DONE;
	if (out->complete) {
		out->done = 1;
		return;
	}
	work = (double)(job->next - 1) / (double)job->last;
	/* with a scan of names first, that is the first half of the work */
	out->done = !job->scans ? work : job->phase == PHASE_TARGETS ? work / 2 : 0.5 + work / 2;
}

/* ---- the interface ----------------------------------------------------------------- */

/* Drops the result and the filter being evaluated. */
static int drop_result(struct store *st)
{
	struct filter_state *state = state_find(st);

	if (state) {
		job_free(st, state->job);
		state->job = NULL;
	}
	return store_sql_exec(st, drop_sql) == 0 ? FILTER_OK : FILTER_FAILED;
}

static int begin(struct store *st, struct filter_job *job, double started,
                 struct filter_error *err)
{
	if (store_sql_exec(st, create_sql) != 0 || store_sql_exec(st, empty_sql) != 0) {
		filter_db_error(st, err);
		return FILTER_FAILED;
	}
	return step(st, job, started, err);
}

int filter_start(struct store *st, const struct filter *f, const struct filter_pace *pace,
                 struct filter_result *out)
{
	double started = monotonic_ms();
	struct filter_state *state = state_of(st);
	struct filter_job *job;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!(job = job_new(st, f, pace, &rc, &out->error)))
		return rc;
	job_free(st, state->job);
	state->job = job;
	rc = begin(st, job, started, &out->error);
	if (rc != FILTER_OK) {
		drop_result(st);
		return rc;
	}
	report(job, out);
	return FILTER_OK;
}

int filter_step(struct store *st, struct filter_result *out)
{
	struct filter_state *state = state_find(st);
	struct filter_job *job = state ? state->job : NULL;
	int rc = FILTER_OK;

	memset(out, 0, sizeof(*out));
	if (job && job->phase != PHASE_DONE)
		rc = step(st, job, monotonic_ms(), &out->error);
	if (rc != FILTER_OK) {
		drop_result(st);
		return rc;
	}
	report(job, out);
	return FILTER_OK;
}

int filter_finish(struct store *st, struct filter_result *out)
{
	int rc;

	do
		rc = filter_step(st, out);
	while (rc == FILTER_OK && !out->complete);
	return rc;
}

bool filter_running(struct store *st)
{
	struct filter_state *state = state_find(st);

	return state && state->job && state->job->phase != PHASE_DONE;
}

/* All at once, keeping the previous result on any failure: the work is
 * done inside a savepoint, and the previous filter is only let go of when
 * it is done. */
int filter_apply(struct store *st, const struct filter *f, struct filter_result *out)
{
	struct filter_state *state = state_of(st);
	struct filter_job *previous = state->job, *job;
	double started = monotonic_ms();
	int rc;

	memset(out, 0, sizeof(*out));
	if (!(job = job_new(st, f, NULL, &rc, &out->error)))
		return rc;
	if (store_sql_exec(st, "SAVEPOINT filter_apply") != 0) {
		filter_db_error(st, &out->error);
		job_free(st, job);
		return FILTER_FAILED;
	}
	state->job = job;
	rc = begin(st, job, started, &out->error);
	while (rc == FILTER_OK && job->phase != PHASE_DONE)
		rc = step(st, job, monotonic_ms(), &out->error);
	if (rc == FILTER_OK && store_sql_exec(st, "RELEASE filter_apply") != 0) {
		filter_db_error(st, &out->error);
		rc = FILTER_FAILED;
	}
	if (rc != FILTER_OK) {
		store_sql_exec(st, "ROLLBACK TO filter_apply; RELEASE filter_apply");
		job_free(st, job);
		state->job = previous;
		return rc;
	}
	/* a previous filter still being evaluated is cancelled all the same */
	job_free(st, previous);
	report(job, out);
	return FILTER_OK;
}

int filter_clear(struct store *st)
{
	return drop_result(st) == FILTER_OK ? STORE_OK : STORE_ERROR;
}
