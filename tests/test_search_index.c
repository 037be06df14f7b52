/* The search index built after its database (store_search_build): its
 * states (absent, building, ready, abandoned), that an unfinished one is
 * never used, and two stores building it at once; and the one a build
 * starts beside its indexes for a caller that searches next, taken over
 * by the store opened on the database (store_search_adopt). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "helpers.h"
#include "icsview/base/limits.h"
#include "icsview/base/util.h"
#include "icsview/loader/loader.h"
#include "icsview/query/search.h"
#include "icsview/store/build_progress.h"
#include "icsview/store/store.h"

static char *dir, *db, *gate;

/* A model database in place without its search index, and a gate that
 * holds every build until it exists (ICSVIEW_SEARCH_GATE). */
static void setup(void)
{
	const char *paths[1];
	char *model = model_path("good/nested.yaml");
	struct load_limits limits;
	struct diag_list diags;

	dir = scratch_dir();
	db = xasprintf("%s/model.db", dir);
	gate = xasprintf("%s/gate", dir);
	paths[0] = model;
	load_limits_default(&limits);
	diag_init(&diags, 10);
	cr_assert_eq(model_load(paths, 1, db, &limits, &diags, NULL), LOAD_VALID);
	diag_free(&diags);
	free(model);
	cr_assert_eq(setenv("ICSVIEW_SEARCH_GATE", gate, 1), 0);
}

static void teardown(void)
{
	unsetenv("ICSVIEW_SEARCH_GATE");
	remove_tree(dir);
	free(dir);
	free(db);
	free(gate);
}

TestSuite(search_index, .init = setup, .fini = teardown);

static struct store *open_db(void)
{
	char *error = NULL;
	struct store *st = store_open(db, &error);

	cr_assert(st, "%s", error);
	return st;
}

static void open_gate(void)
{
	free(write_file(dir, "gate", ""));
}

/* The files in dir whose names contain `part`. */
static size_t files_with(const char *part)
{
	char *listing = xasprintf("ls -A '%s' | grep -c -F -- '%s' > '%s/count'", dir, part, dir);
	char *path = xasprintf("%s/count", dir), *text;
	size_t n;

	cr_assert_neq(system(listing), -1);
	text = slurp(path);
	n = strtoul(text, NULL, 10);
	unlink(path);
	free(text);
	free(path);
	free(listing);
	return n;
}

static size_t hits(struct store *st, const char *text)
{
	struct search_results r = { 0 };
	size_t n;

	cr_assert_eq(search_run(st, text, NULL, &r), STORE_OK, "%s", store_errmsg(st));
	n = r.count;
	search_results_clear(&r);
	return n;
}

Test(search_index, absent_until_built_and_search_says_so)
{
	struct store *st = open_db();
	struct search_results r = { 0 };

	cr_expect_eq(store_search_state(st), STORE_SEARCH_ABSENT);
	cr_expect_not(store_search_ready(st));
	cr_expect_eq(store_search_permille(st), 0);
	cr_expect_eq(search_run(st, "sheffield", NULL, &r), STORE_ERROR);
	search_results_clear(&r);
	cr_expect_null(store_search_problem(st));
	store_close(st);
}

Test(search_index, building_then_ready)
{
	struct store *st = open_db();

	cr_assert_eq(store_search_build(st), 0);
	cr_expect_eq(store_search_state(st), STORE_SEARCH_BUILDING);
	cr_expect_eq(store_search_permille(st), 0);
	cr_expect_eq(files_with("-search.tmp-"), 1, "the index is built under a temporary name");
	cr_expect_eq(files_with("model.db-search"), 1);
	/* a second call while it builds changes nothing */
	cr_assert_eq(store_search_build(st), 0);
	open_gate();
	cr_expect_eq(store_search_wait(st), STORE_SEARCH_READY, "%s", store_search_problem(st));
	cr_expect_eq(store_search_permille(st), 1000);
	cr_expect_gt(hits(st, "sheffield"), 0);
	cr_expect_eq(files_with(".tmp-"), 0, "the temporary file is gone");
	store_close(st);
	/* the next open finds it */
	st = open_db();
	cr_expect_eq(store_search_state(st), STORE_SEARCH_READY);
	store_close(st);
}

Test(search_index, an_unfinished_index_is_thrown_away_and_built_again)
{
	struct store *st = open_db();

	cr_assert_eq(store_search_build(st), 0);
	cr_expect_eq(store_search_state(st), STORE_SEARCH_BUILDING);
	store_close(st);    /* closing stops it */
	cr_expect_eq(files_with("search"), 0, "an unfinished index was left");
	st = open_db();
	cr_expect_eq(store_search_state(st), STORE_SEARCH_ABSENT);
	open_gate();
	cr_assert_eq(store_search_build(st), 0);
	cr_expect_eq(store_search_wait(st), STORE_SEARCH_READY);
	store_close(st);
}

/* The database replaced while its index was built (another process built
 * the model again): the index built is the new database's, never
 * attached to the old one, whose build is abandoned, saying why. */
Test(search_index, abandoned_when_the_database_is_replaced)
{
	struct store *st = open_db(), *fresh;
	char *moved = xasprintf("%s/first.db", dir);
	const char *paths[1];
	char *model = model_path("good/nested.yaml");
	struct load_limits limits;
	struct diag_list diags;

	cr_assert_eq(store_search_build(st), 0);
	/* another build of the model, at the same path */
	cr_assert_eq(rename(db, moved), 0);
	paths[0] = model;
	load_limits_default(&limits);
	diag_init(&diags, 10);
	cr_assert_eq(model_load(paths, 1, db, &limits, &diags, NULL), LOAD_VALID);
	diag_free(&diags);
	open_gate();
	cr_expect_eq(store_search_wait(st), STORE_SEARCH_ABANDONED);
	cr_expect_not(store_search_ready(st));
	cr_assert_not_null(store_search_problem(st));
	cr_expect(strstr(store_search_problem(st), "replaced"), "%s", store_search_problem(st));
	/* the index in place is the new database's */
	fresh = open_db();
	cr_expect_eq(store_search_state(fresh), STORE_SEARCH_READY);
	cr_expect_gt(hits(fresh, "sheffield"), 0);
	store_close(fresh);
	/* built again, it is the old one's no more: abandoned again */
	cr_assert_eq(store_search_build(st), 0);
	cr_expect_eq(store_search_wait(st), STORE_SEARCH_ABANDONED);
	store_close(st);
	free(moved);
	free(model);
}

/* Two stores on one database (two processes opening one cache) both
 * build the index at once: each gets a usable one. */
Test(search_index, two_builds_at_once_both_end_ready)
{
	struct store *a = open_db(), *b = open_db();

	cr_assert_eq(store_search_build(a), 0);
	cr_assert_eq(store_search_build(b), 0);
	cr_expect_eq(files_with("-search.tmp-"), 2, "each build has a file of its own");
	open_gate();
	cr_expect_eq(store_search_wait(a), STORE_SEARCH_READY, "%s", store_search_problem(a));
	cr_expect_eq(store_search_wait(b), STORE_SEARCH_READY, "%s", store_search_problem(b));
	cr_expect_eq(hits(a, "sheffield"), hits(b, "sheffield"));
	cr_expect_eq(files_with(".tmp-"), 0);
	store_close(a);
	store_close(b);
}

/* ---- started by the build, beside its indexes --------------------------------- */

/* Builds the model again at dir/early.db for a caller that searches next:
 * the search index's build it started, not yet taken over, in *progress. */
static char *load_searching_next(struct build_progress *progress)
{
	const char *paths[1];
	char *model = model_path("good/nested.yaml"), *early = xasprintf("%s/early.db", dir);
	struct load_limits limits;
	struct diag_list diags;

	paths[0] = model;
	progress->search_next = true;
	load_limits_default(&limits);
	diag_init(&diags, 10);
	cr_assert_eq(model_load_watched(paths, 1, early, &limits, progress, &diags, NULL),
	             LOAD_VALID);
	diag_free(&diags);
	free(model);
	cr_assert_not_null(progress->search_build, "the build started no search index");
	return early;
}

/* Held by the gate, the build is under way when the database is in place
 * (its copy of the rows read or still there, its index under a temporary
 * name), the store opened on it takes it over as its own build, and it
 * ends ready, with the copy and the temporary gone. */
Test(search_index, started_by_the_build_and_taken_over)
{
	struct build_progress progress = BUILD_PROGRESS_INIT;
	char *early = load_searching_next(&progress), *error = NULL;
	struct store *st = store_open(early, &error), *before = open_db();

	cr_assert(st, "%s", error);
	cr_expect_eq(files_with("early.db-search.tmp-"), 1, "the index is built under a temporary name");
	cr_expect_eq(files_with("early.db.tmp-"), 1, "the copy of the rows it reads");
	cr_expect_eq(store_search_state(st), STORE_SEARCH_ABSENT);
	store_search_adopt(st, &progress);
	cr_expect_null(progress.search_build);
	cr_expect_eq(store_search_state(st), STORE_SEARCH_BUILDING);
	/* taken over: asking for a build changes nothing */
	cr_assert_eq(store_search_build(st), 0);
	open_gate();
	cr_expect_eq(store_search_wait(st), STORE_SEARCH_READY, "%s", store_search_problem(st));
	cr_expect_eq(files_with(".tmp-"), 0, "a temporary file was left");
	cr_assert_eq(store_search_build(before), 0);
	cr_assert_eq(store_search_wait(before), STORE_SEARCH_READY);
	cr_expect_eq(hits(st, "sheffield"), hits(before, "sheffield"));
	cr_expect_gt(hits(st, "sheffield"), 0);
	store_close(before);
	store_close(st);
	free(early);
}

/* Not taken over (the database could not be opened), it is stopped and
 * leaves nothing: no index, no copy of the rows. */
Test(search_index, started_by_the_build_and_not_taken_over_leaves_nothing)
{
	struct build_progress progress = BUILD_PROGRESS_INIT;
	char *early = load_searching_next(&progress);

	store_search_adopt(NULL, &progress);
	cr_expect_null(progress.search_build);
	cr_expect_eq(files_with("early.db-search"), 0, "an index was left");
	cr_expect_eq(files_with(".tmp-"), 0, "a temporary file was left");
	cr_expect_eq(files_with("early.db"), 1);
	free(early);
}

/* A build whose caller does not search next starts none. */
Test(search_index, none_started_unless_the_caller_searches_next)
{
	const char *paths[1];
	char *model = model_path("good/nested.yaml"), *early = xasprintf("%s/early.db", dir);
	struct build_progress progress = BUILD_PROGRESS_INIT;
	struct load_limits limits;
	struct diag_list diags;

	paths[0] = model;
	load_limits_default(&limits);
	diag_init(&diags, 10);
	cr_assert_eq(model_load_watched(paths, 1, early, &limits, &progress, &diags, NULL),
	             LOAD_VALID);
	diag_free(&diags);
	cr_expect_null(progress.search_build);
	cr_expect_eq(files_with("early.db-search"), 0);
	free(model);
	free(early);
}

/* A model found invalid once its rows are in (a link to no entity): the
 * search index's build started from them is stopped with the database's,
 * and nothing of either is left. */
Test(search_index, started_for_an_invalid_model_leaves_nothing)
{
	const char *paths[1];
	char *model = model_path("bad/dangling-link.yaml"), *early = xasprintf("%s/early.db", dir);
	struct build_progress progress = BUILD_PROGRESS_INIT;
	struct load_limits limits;
	struct diag_list diags;

	paths[0] = model;
	progress.search_next = true;
	load_limits_default(&limits);
	diag_init(&diags, 10);
	cr_assert_eq(model_load_watched(paths, 1, early, &limits, &progress, &diags, NULL),
	             LOAD_INVALID);
	diag_free(&diags);
	cr_expect_null(progress.search_build);
	cr_expect_eq(files_with("early.db"), 0, "a file of the build was left");
	free(model);
	free(early);
}
