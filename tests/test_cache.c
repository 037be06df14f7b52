/* The model cache: a second open reuses the database untouched; changed
 * files, --rebuild, another schema version, a file that is not a database
 * and a database of other files are rebuilt; an invalid model leaves
 * nothing behind; without a usable cache directory a scratch build works;
 * concurrent builders both succeed; only old model-<key>.db files are
 * removed.  Every test uses its own cache directory. */
#define _XOPEN_SOURCE 700
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "cache_fixture.h"
#include "helpers.h"
#include "icsview/loader/model_cache.h"

#define DAY INT64_C(86400)

TestSuite(cache, .init = cache_setup, .fini = cache_teardown);

/* ---- hits and misses --------------------------------------------------- */

Test(cache, first_open_builds_second_is_a_hit)
{
	char *model = write_model("Alpha");
	struct opened o = open_model(model);
	struct stat before, after;

	cr_assert_eq(o.rc, LOAD_VALID);
	cr_expect(!o.info.hit);
	cr_expect(!o.info.scratch);
	cr_expect_eq(o.info.reason, CACHE_REASON_MISSING);
	cr_expect_gt(o.info.build_seconds, 0.0);
	cr_expect_eq(o.info.summary.entities, 1);
	cr_expect_eq(strncmp(o.info.db_path, cache, strlen(cache)), 0, "%s", o.info.db_path);
	expect_name(o.st, "Alpha");
	before = stat_of(o.info.db_path);
	cr_expect_eq(stat_of(cache).st_mode & 0777, 0700, "cache directory mode %o",
	             stat_of(cache).st_mode & 0777);
	close_opened(&o);

	o = open_model(model);
	cr_assert_eq(o.rc, LOAD_VALID);
	cr_expect(o.info.hit);
	cr_expect_eq(o.info.reason, CACHE_REASON_NONE);
	cr_expect_eq(o.info.build_seconds, 0.0);
	expect_name(o.st, "Alpha");
	after = stat_of(o.info.db_path);
	cr_expect(same_file_and_time(&before, &after), "the database was rewritten");
	close_opened(&o);

	free(expect_one_database(cache));
	free(model);
}

Test(cache, changed_file_is_rebuilt_and_new_content_visible)
{
	char *model = write_model("Alpha");
	struct opened o = open_model(model);

	cr_assert_eq(o.rc, LOAD_VALID);
	close_opened(&o);

	free(write_model("Beta"));    /* same size, another time */
	o = open_model(model);
	cr_assert_eq(o.rc, LOAD_VALID);
	cr_expect(!o.info.hit);
	expect_name(o.st, "Beta");
	close_opened(&o);

	o = open_model(model);
	cr_expect(o.info.hit);
	expect_name(o.st, "Beta");
	close_opened(&o);
	free(model);
}

Test(cache, touched_file_is_rebuilt)
{
	char *model = write_model("Alpha");
	struct opened o = open_model(model);

	close_opened(&o);
	set_mtime(model, time(NULL) - 1800);
	o = open_model(model);
	cr_assert_eq(o.rc, LOAD_VALID);
	cr_expect(!o.info.hit);
	close_opened(&o);
	free(model);
}

Test(cache, a_new_file_in_a_model_directory_is_rebuilt)
{
	char *dir = xasprintf("%s/model", work), *file;
	struct opened o;

	cr_assert_eq(mkdir(dir, 0700), 0);
	file = write_file(dir, "a.yaml", "icsview: 1\nentities:\n  - {id: sys, kind: system, name: A}\n");
	set_mtime(file, time(NULL) - 3600);
	free(file);
	o = open_model(dir);
	cr_assert_eq(o.rc, LOAD_VALID);
	close_opened(&o);
	file = write_file(dir, "b.yaml", "icsview: 1\nentities:\n  - {id: other, kind: system, name: B}\n");
	set_mtime(file, time(NULL) - 3600);
	free(file);
	o = open_model(dir);
	cr_assert_eq(o.rc, LOAD_VALID);
	cr_expect(!o.info.hit);
	free(name_of(o.st, "other"));
	close_opened(&o);
	o = open_model(dir);
	cr_expect(o.info.hit);
	close_opened(&o);
	free(dir);
}

Test(cache, rebuild_option_forces_a_build)
{
	char *model = write_model("Alpha");
	struct model_cache_options opts = { .dir = cache, .rebuild = true };
	struct opened o = open_model(model);
	struct stat before;

	close_opened(&o);
	o = open_model(model);
	before = stat_of(o.info.db_path);
	cr_expect(o.info.hit);
	close_opened(&o);

	o = open_with(model, &opts);
	cr_assert_eq(o.rc, LOAD_VALID);
	cr_expect(!o.info.hit);
	cr_expect_eq(o.info.reason, CACHE_REASON_FORCED);
	cr_expect_neq(stat_of(o.info.db_path).st_ino, before.st_ino, "not replaced");
	expect_name(o.st, "Alpha");
	close_opened(&o);
	free(model);
}

Test(cache, environment_chooses_the_directory)
{
	char *model = write_model("Alpha");
	char *xdg = xasprintf("%s/xdg", work), *home = xasprintf("%s/home", work);
	char *expected;
	struct opened o = open_with(model, NULL);

	/* $ICSVIEW_CACHE_DIR (set by setup) */
	cr_assert_eq(o.rc, LOAD_VALID);
	cr_expect_str_eq(o.info.cache_dir, cache);
	close_opened(&o);

	/* then $XDG_CACHE_HOME/icsview, created with mode 0700 */
	unsetenv("ICSVIEW_CACHE_DIR");
	setenv("XDG_CACHE_HOME", xdg, 1);
	o = open_with(model, NULL);
	expected = xasprintf("%s/icsview", xdg);
	cr_assert_eq(o.rc, LOAD_VALID);
	cr_expect_str_eq(o.info.cache_dir, expected);
	cr_expect(!o.info.hit);
	cr_expect_eq(stat_of(expected).st_mode & 0777, 0700);
	close_opened(&o);
	free(expected);

	/* then ~/.cache/icsview; a relative XDG_CACHE_HOME is ignored */
	setenv("XDG_CACHE_HOME", "relative/cache", 1);
	setenv("HOME", home, 1);
	o = open_with(model, NULL);
	expected = xasprintf("%s/.cache/icsview", home);
	cr_assert_eq(o.rc, LOAD_VALID);
	cr_expect_str_eq(o.info.cache_dir, expected);
	close_opened(&o);
	free(expected);
	free(xdg);
	free(home);
	free(model);
}

/* ---- what is in the cache is checked, not trusted ---------------------- */

Test(cache, another_schema_version_is_rebuilt)
{
	char *model = write_model("Alpha");
	char *db_path = built_path(model);
	sqlite3 *db;
	struct opened o;

	unlink(db_path);
	cr_assert_eq(sqlite3_open(db_path, &db), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(db,
		"PRAGMA user_version=99;"
		"CREATE TABLE files(file_no INTEGER PRIMARY KEY, path TEXT, size INTEGER,"
		" mtime_ns INTEGER, title TEXT);", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);

	o = open_model(model);
	cr_assert_eq(o.rc, LOAD_VALID);
	cr_expect(!o.info.hit);
	cr_expect_eq(o.info.reason, CACHE_REASON_UNUSABLE);
	cr_expect_str_eq(o.info.db_path, db_path);
	expect_name(o.st, "Alpha");
	close_opened(&o);

	o = open_model(model);
	cr_expect(o.info.hit);
	close_opened(&o);
	free(db_path);
	free(model);
}

/* The search index comes after its database: without it, or with the
 * index of another build beside it, the database is still a hit, its
 * search index absent until built again (never one that does not match). */
Test(cache, a_missing_or_foreign_search_index_is_built_again)
{
	char *alpha = write_model("Alpha"), *search, *db_path;
	struct opened o = open_model(alpha);
	char *saved = xasprintf("%s/saved-search", work);

	cr_assert_eq(o.rc, LOAD_VALID);
	db_path = xstrdup(o.info.db_path);
	search = xasprintf("%s-search", db_path);
	close_opened(&o);
	cr_assert_eq(rename(search, saved), 0, "%s: %s", search, strerror(errno));
	o = open_only(alpha, &(struct model_cache_options){ .dir = cache });
	cr_assert_eq(o.rc, LOAD_VALID);
	cr_expect(o.info.hit);
	cr_expect_eq(store_search_state(o.st), STORE_SEARCH_ABSENT);
	cr_expect_not(exists(search));
	cr_assert_eq(store_search_build(o.st), 0);
	cr_expect_eq(store_search_wait(o.st), STORE_SEARCH_READY);
	cr_expect(exists(search));
	close_opened(&o);
	/* a new build removes the index of the database it replaces */
	cr_assert_eq(unlink(search), 0);
	cr_assert_eq(link(saved, search), 0);
	o = open_only(alpha, &(struct model_cache_options){ .dir = cache, .rebuild = true });
	cr_assert_eq(o.rc, LOAD_VALID);
	cr_expect_not(exists(search), "a new database kept the index of the one it replaced");
	close_opened(&o);
	/* an earlier build's index, beside this build's database */
	cr_assert_eq(link(saved, search), 0);
	o = open_only(alpha, &(struct model_cache_options){ .dir = cache });
	cr_assert_eq(o.rc, LOAD_VALID);
	cr_expect(o.info.hit);
	cr_expect_eq(store_search_state(o.st), STORE_SEARCH_ABSENT,
	             "a search index of another build was used");
	cr_assert_eq(store_search_build(o.st), 0);
	cr_expect_eq(store_search_wait(o.st), STORE_SEARCH_READY);
	close_opened(&o);
	o = open_only(alpha, &(struct model_cache_options){ .dir = cache });
	cr_expect(o.info.hit);
	cr_expect_eq(store_search_state(o.st), STORE_SEARCH_READY);
	close_opened(&o);
	unlink(saved);
	free(search);
	free(saved);
	free(db_path);
	free(alpha);
}

Test(cache, a_file_that_is_not_a_database_is_rebuilt)
{
	static const char *const contents[] = { "this is not an SQLite database\n", "" };
	char *model = write_model("Alpha");
	char *db_path = built_path(model);

	for (size_t i = 0; i < 2; i++) {
		FILE *f = fopen(db_path, "wb");
		struct opened o;

		cr_assert(f);
		for (int n = 0; n < 200 && *contents[i]; n++)
			fputs(contents[i], f);
		fclose(f);
		o = open_model(model);
		cr_assert_eq(o.rc, LOAD_VALID, "contents %zu", i);
		cr_expect(!o.info.hit);
		cr_expect_eq(o.info.reason, CACHE_REASON_UNUSABLE);
		expect_name(o.st, "Alpha");
		close_opened(&o);
	}
	free(db_path);
	free(model);
}

Test(cache, a_database_of_other_files_is_rebuilt)
{
	char *alpha = write_model_aged("alpha.yaml", "Alpha", 3600);
	char *beta = write_model_aged("beta.yaml", "Beta", 3600);
	char *alpha_db = built_path(alpha), *beta_db = built_path(beta);
	char *command = xasprintf("cp '%s' '%s'", alpha_db, beta_db);
	struct opened o;

	/* a valid database of this schema, at the right name, of other files */
	cr_assert_eq(system(command), 0);
	o = open_model(beta);
	cr_assert_eq(o.rc, LOAD_VALID);
	cr_expect(!o.info.hit);
	cr_expect_eq(o.info.reason, CACHE_REASON_CHANGED);
	expect_name(o.st, "Beta");
	close_opened(&o);
	free(command);
	free(alpha_db);
	free(beta_db);
	free(alpha);
	free(beta);
}

Test(cache, a_file_changed_as_its_database_was_built_is_read_again)
{
	char *model = write_model("Alpha");
	char *db_path = built_path(model);
	struct stat st = stat_of(model);
	struct timespec times[2] = { st.st_mtim, st.st_mtim };
	struct opened o;

	/* the build started within the file's timestamp granularity */
	times[1].tv_nsec += 1000000;
	if (times[1].tv_nsec >= 1000000000) {
		times[1].tv_sec++;
		times[1].tv_nsec -= 1000000000;
	}
	cr_assert_eq(utimensat(AT_FDCWD, db_path, times, 0), 0);
	o = open_model(model);
	cr_assert_eq(o.rc, LOAD_VALID);
	cr_expect(!o.info.hit);
	cr_expect_eq(o.info.reason, CACHE_REASON_CHANGED);
	close_opened(&o);

	/* that build dated its database: the next start is a hit */
	o = open_model(model);
	cr_expect(o.info.hit);
	close_opened(&o);
	free(db_path);
	free(model);
}

/* A model written just before its first build (a copy, then the interface
 * at once): the next open is a hit.  A build dated within the racy window
 * of its file would be rebuilt by the next open, and the interface's ^R
 * would report that the files changed when they had not. */
Test(cache, a_file_written_just_before_its_build_is_a_hit_next_time)
{
	char *model = write_file(work, "model.yaml",
		"icsview: 1\ntitle: cache test\nentities:\n"
		"  - id: sys\n    kind: system\n    name: Alpha\n");
	struct opened o;

	if (stat_of(model).st_mtim.tv_nsec == 0) {
		free(model);
		cr_skip_test("the file system keeps whole-second times: such files are re-read");
	}
	o = open_model(model);
	cr_assert_eq(o.rc, LOAD_VALID);
	cr_expect_eq(o.info.reason, CACHE_REASON_MISSING);
	close_opened(&o);
	o = open_model(model);
	cr_assert_eq(o.rc, LOAD_VALID);
	cr_expect(o.info.hit, "rebuilt (reason %d) although the file did not change", o.info.reason);
	close_opened(&o);
	free(model);
}

Test(cache, a_file_dated_in_the_future_is_still_cached)
{
	char *model = write_model_aged("model.yaml", "Alpha", -3600);
	struct opened o = open_model(model);

	cr_assert_eq(o.rc, LOAD_VALID);
	close_opened(&o);
	o = open_model(model);
	cr_expect(o.info.hit);
	close_opened(&o);
	free(model);
}

/* ---- failures ------------------------------------------------------------ */

Test(cache, an_invalid_model_leaves_nothing_behind)
{
	char *model = write_file(work, "bad.yaml",
		"icsview: 1\nentities:\n  - {id: a, kind: place, name: A, parent: nowhere}\n");
	struct opened o;
	char *listing;

	set_mtime(model, time(NULL) - 3600);
	o = open_model(model);
	cr_expect_eq(o.rc, LOAD_INVALID);
	cr_expect_null(o.st);
	cr_expect_gt(diag_total(&o.diags), 0);
	cr_expect(!exists(o.info.db_path), "%s", o.info.db_path);
	close_opened(&o);
	listing = list_dir(cache);
	cr_expect_str_eq(listing, "");
	free(listing);
	free(model);
}

Test(cache, a_missing_model_is_reported)
{
	struct opened o;
	char *missing = xasprintf("%s/no-such.yaml", work), *listing;

	o = open_model(missing);
	cr_expect_eq(o.rc, LOAD_INVALID);
	cr_expect_null(o.st);
	cr_expect_gt(diag_total(&o.diags), 0);
	close_opened(&o);
	listing = list_dir(cache);
	cr_expect_str_eq(listing, "");
	free(listing);
	free(missing);
}

Test(cache, a_missing_path_beside_a_cached_one_is_reported)
{
	char *model = write_model("Alpha");
	char *missing = xasprintf("%s/no-such.yaml", work);
	const char *paths[2] = { model, missing };
	struct model_cache_options opts = { .dir = cache };
	struct model_cache_info info;
	struct diag_list diags;
	struct store *st;
	struct opened o = open_model(model);

	cr_assert_eq(o.rc, LOAD_VALID);
	close_opened(&o);
	/* the files found are those of the cached model: still not a hit */
	diag_init(&diags, 100);
	cr_expect_eq(model_cache_open(paths, 2, &opts, &diags, &st, &info), LOAD_INVALID);
	cr_expect_null(st);
	cr_expect_eq(diag_total(&diags), 1);
	model_cache_close(st, &info);
	diag_free(&diags);
	free(missing);
	free(model);
}

static void expect_scratch_build(const char *dir)
{
	char *model = write_model("Alpha");
	char *tmp = xasprintf("%s/tmp", work), *listing;
	struct model_cache_options opts = { .dir = dir };
	struct opened o;

	cr_assert(mkdir(tmp, 0700) == 0 || errno == EEXIST);
	setenv("TMPDIR", tmp, 1);
	o = open_with(model, &opts);
	cr_assert_eq(o.rc, LOAD_VALID);
	cr_expect(o.info.scratch);
	cr_expect(!o.info.hit);
	cr_expect_eq(o.info.reason, CACHE_REASON_SCRATCH);
	cr_expect_not_null(o.info.cache_problem);
	cr_expect_eq(strncmp(o.info.db_path, tmp, strlen(tmp)), 0, "%s", o.info.db_path);
	expect_name(o.st, "Alpha");
	close_opened(&o);
	listing = list_dir(tmp);
	cr_expect_str_eq(listing, "", "scratch build left behind");
	free(listing);
	free(tmp);
	free(model);
}

Test(cache, no_usable_directory_falls_back_to_a_scratch_build)
{
	char *file = write_file(work, "a-file", "");
	char *under_file = xasprintf("%s/cache", file);

	expect_scratch_build(under_file);
	expect_scratch_build("/dev/null/icsview");
	free(under_file);
	free(file);
}

Test(cache, no_home_at_all_falls_back_to_a_scratch_build)
{
	char *model = write_model("Alpha");
	struct opened o;

	unsetenv("ICSVIEW_CACHE_DIR");
	unsetenv("XDG_CACHE_HOME");
	unsetenv("HOME");
	setenv("TMPDIR", work, 1);
	o = open_with(model, NULL);
	cr_assert_eq(o.rc, LOAD_VALID);
	cr_expect(o.info.scratch);
	cr_expect_null(o.info.cache_dir);
	close_opened(&o);
	free(model);
}

/* ---- several processes, old files ------------------------------------------- */

/* Builders racing on one model each move a database and its search index
 * into place; whichever finishes last, the pair left is one build's, so
 * the next start is a hit.  (Without the directory lock around the moves,
 * one round in a dozen or so left one build's database beside another's
 * index on a loaded 2-core machine.)  Several rounds, for more chances. */
Test(cache, concurrent_builders_all_succeed)
{
	enum { BUILDERS = 4, ROUNDS = 5 };
	char *model = write_model("Alpha");
	pid_t pids[BUILDERS];
	struct opened o;

	for (int round = 0; round < ROUNDS; round++) {
		remove_tree(cache);
		for (int i = 0; i < BUILDERS; i++) {
			pids[i] = fork();
			cr_assert_neq(pids[i], -1);
			if (pids[i] == 0) {
				/* no assertion in a child: its search index may be
				 * abandoned, when another builder's database replaced
				 * its own meanwhile */
				struct opened child = open_only(model, &(struct model_cache_options){
					.dir = cache });
				int ok = child.rc == LOAD_VALID && child.st;

				if (ok && store_search_build(child.st) == 0)
					store_search_wait(child.st);

				close_opened(&child);
				_exit(ok ? 0 : 1);
			}
		}
		for (int i = 0; i < BUILDERS; i++) {
			int status;

			cr_assert_eq(waitpid(pids[i], &status, 0), pids[i]);
			cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 0, "builder %d failed", i);
		}
		o = open_model(model);
		cr_assert_eq(o.rc, LOAD_VALID);
		cr_expect(o.info.hit, "round %d: not a hit after concurrent builds: reason %d", round,
		          (int)o.info.reason);
		expect_name(o.st, "Alpha");
		close_opened(&o);
		free(expect_one_database(cache));
	}
	free(model);
}

Test(cache, only_old_cache_databases_are_removed)
{
	static const char *const old_names[] = {
		"model-0123456789abcdef.db",        /* removed */
		"model-0123456789ABCDEF.db",        /* not a name the cache makes */
		"model-0123456789abcdef.db.tmp-42", /* nor this */
		"model-xyz.db", "notes.db", "model-0123456789abcdef0.db",
	};
	char *model = write_model("Alpha");
	char *recent = xasprintf("%s/model-fedcba9876543210.db", cache);
	struct model_cache_options opts = { .dir = cache, .max_age_days = 30 };
	struct opened o;

	cr_assert_eq(mkdir(cache, 0700), 0);
	for (size_t i = 0; i < sizeof(old_names) / sizeof(*old_names); i++) {
		char *path = write_file(cache, old_names[i], "x");

		set_mtime(path, time(NULL) - 40 * DAY);
		free(path);
	}
	free(write_file(cache, "model-fedcba9876543210.db", "x"));
	set_mtime(recent, time(NULL) - 10 * DAY);

	o = open_with(model, &opts);
	cr_assert_eq(o.rc, LOAD_VALID);
	cr_expect_eq(o.info.removed, 1);
	for (size_t i = 0; i < sizeof(old_names) / sizeof(*old_names); i++) {
		char *path = xasprintf("%s/%s", cache, old_names[i]);

		cr_expect_eq(exists(path), i != 0, "%s %s", old_names[i], i ? "was removed" : "was kept");
		free(path);
	}
	cr_expect(exists(recent));
	cr_expect(exists(o.info.db_path));
	close_opened(&o);
	free(recent);
	free(model);
}

/* ---- the command line --------------------------------------------------------- */

static char *only_database(const char *dir)
{
	return expect_one_database(dir);
}

Test(cache, show_twice_builds_once)
{
	char *env = xasprintf("ICSVIEW_CACHE_DIR='%s'", cache);
	struct run first = run_icsview_env(env, "show " NESTED " n-sth"), second;
	char *db_path;
	struct stat before, after;

	cr_assert_eq(first.status, 0, "%s", first.err);
	cr_expect_str_eq(first.err, "");
	db_path = only_database(cache);
	before = stat_of(db_path);

	second = run_icsview_env(env, "show " NESTED " n-sth");
	cr_assert_eq(second.status, 0, "%s", second.err);
	cr_expect_str_eq(second.err, "");
	cr_expect_str_eq(second.out, first.out);
	after = stat_of(db_path);
	cr_expect(same_file_and_time(&before, &after), "the second run rebuilt the database");
	run_free(&second);

	/* --rebuild replaces it (tree too), with the same answer */
	second = run_icsview_env(env, "show --rebuild " NESTED " n-sth");
	cr_assert_eq(second.status, 0, "%s", second.err);
	cr_expect_str_eq(second.out, first.out);
	cr_expect_neq(stat_of(db_path).st_ino, before.st_ino, "--rebuild did not rebuild");
	run_free(&second);
	second = run_icsview_env(env, "tree --rebuild " NESTED);
	cr_expect_eq(second.status, 0, "%s", second.err);
	run_free(&second);
	/* without the index of the database it replaced: the whole tree
	 * needs none, the next command that searches builds it */
	free(expect_database_alone(cache));

	run_free(&first);
	free(db_path);
	free(env);
}

Test(cache, cli_without_a_usable_cache_warns_and_works)
{
	struct run r = run_icsview_env("ICSVIEW_CACHE_DIR=/dev/null/icsview", "show " NESTED " n-sth");

	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect_str_eq(r.err, "icsview: warning: cannot use the model cache "
	                 "(/dev/null/icsview: Not a directory); "
	                 "set ICSVIEW_CACHE_DIR to a writable directory\n");
	expect_head(r.out, "South Yorkshire and Bassetlaw ICS \u203a Sheffield"
	                   " \u203a Sheffield Teaching Hospitals NHS Foundation Trust\n");
	run_free(&r);
}

Test(cache, cli_invalid_model_is_reported_and_not_cached)
{
	char *env = xasprintf("ICSVIEW_CACHE_DIR='%s'", cache);
	struct run r = run_icsview_env(env, "show -m bad/unknown-parent.yaml x");
	char *listing;

	cr_expect_eq(r.status, 1);
	cr_expect(strstr(r.err, "unknown parent") != NULL, "%s", r.err);
	listing = list_dir(cache);
	cr_expect_str_eq(listing, "");
	free(listing);
	run_free(&r);
	free(env);
}

Test(cache, check_does_not_touch_the_cache)
{
	char *env = xasprintf("ICSVIEW_CACHE_DIR='%s'", cache);
	struct run r = run_icsview_env(env, "check good/nested.yaml");

	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(!exists(cache), "check created the cache directory");
	run_free(&r);
	free(env);
}

/* ---- the files ---------------------------------------------------------------- */

Test(cache, databases_are_private)
{
	char *model = write_model("Alpha");
	struct opened o = open_model(model);

	cr_assert_eq(o.rc, LOAD_VALID);
	cr_expect_eq(stat_of(o.info.db_path).st_mode & 0777, 0600, "database mode %o",
	             stat_of(o.info.db_path).st_mode & 0777);
	cr_expect_eq(stat_of(cache).st_mode & 0777, 0700);
	close_opened(&o);
	free(model);
}

/* ---- links above the cache, and where it may be ---------------------------- */

/* A ~/.cache that is a link (dotfile managers make them) made every build
 * fail ("No such file or directory": a database is made without following
 * links in its path), so every command rebuilt in a scratch directory.  The
 * directories above are resolved; a link at the database's own name is
 * still refused (cache_faults). */
Test(cache, a_link_above_the_cache_directory_is_followed)
{
	char *model = write_model("Alpha");
	char *real = xasprintf("%s/real-cache", work), *home = xasprintf("%s/home", work);
	char *dotcache = xasprintf("%s/.cache", home), *expected;
	struct opened o;

	cr_assert_eq(mkdir(real, 0700), 0);
	cr_assert_eq(mkdir(home, 0700), 0);
	cr_assert_eq(symlink(real, dotcache), 0);
	unsetenv("ICSVIEW_CACHE_DIR");
	unsetenv("XDG_CACHE_HOME");
	setenv("HOME", home, 1);
	o = open_with(model, NULL);
	cr_assert_eq(o.rc, LOAD_VALID);
	cr_expect(!o.info.scratch, "a scratch build: %s", o.info.cache_problem);
	cr_expect_null(o.info.cache_problem, "%s", o.info.cache_problem);
	close_opened(&o);
	o = open_with(model, NULL);
	cr_assert_eq(o.rc, LOAD_VALID);
	cr_expect(o.info.hit, "the second open rebuilt");
	close_opened(&o);
	expected = xasprintf("%s/icsview", real);
	free(expect_one_database(expected));
	free(expected);
	free(dotcache); free(home); free(real); free(model);
}

/* With TMPDIR through a link, every scratch build (and so every `check`)
 * failed with status 4. */
Test(cache, a_tmpdir_through_a_link_takes_scratch_builds)
{
	char *model = write_model("Alpha");
	char *real = xasprintf("%s/real-tmp", work), *link = xasprintf("%s/tmp-link", work);
	const char *paths[] = { model };
	struct diag_list diags;
	char *listing;

	cr_assert_eq(mkdir(real, 0700), 0);
	cr_assert_eq(symlink(real, link), 0);
	setenv("TMPDIR", link, 1);
	cr_expect_eq(check_paths(paths, 1, NULL, &diags), LOAD_VALID);
	for (size_t i = 0; i < diags.count; i++)
		cr_log_error("%s", diags.items[i].message);
	diag_free(&diags);
	expect_scratch_build("/dev/null/icsview");
	listing = list_dir(real);
	cr_expect_str_eq(listing, "", "a scratch build left behind");
	free(listing);
	free(real); free(link); free(model);
}

/* A relative ICSVIEW_CACHE_DIR made a cache in whatever directory icsview
 * was run from.  It is refused, with a scratch build and the reason. */
Test(cache, a_relative_cache_directory_is_refused)
{
	char *model = write_model("Alpha");
	char *tmp = xasprintf("%s/tmp", work), *listing;
	char cwd[4096];
	struct opened o;

	cr_assert_not_null(getcwd(cwd, sizeof(cwd)));
	cr_assert_eq(mkdir(tmp, 0700), 0);
	setenv("TMPDIR", tmp, 1);
	cr_assert_eq(chdir(work), 0);
	setenv("ICSVIEW_CACHE_DIR", "relative-cache", 1);
	o = open_with(model, NULL);
	cr_assert_eq(o.rc, LOAD_VALID);
	cr_expect(o.info.scratch);
	cr_expect_str_eq(o.info.cache_problem, "relative-cache: not an absolute path");
	close_opened(&o);
	cr_expect(!exists("relative-cache"), "a cache was made in the working directory");
	listing = list_dir(tmp);
	cr_expect_str_eq(listing, "");
	free(listing);
	cr_assert_eq(chdir(cwd), 0);
	free(tmp); free(model);
}

/* The file the entity `sys` is defined in, as the store shows it. */
static char *file_of_sys(struct store *st)
{
	struct entity e;
	char *file;

	cr_assert_eq(store_entity_by_id(st, "sys", &e), STORE_OK);
	file = xstrdup(e.file);
	entity_clear(&e);
	return file;
}

/* One model named relative, absolute and through a linked directory is
 * one database: the cache knows its files by their real paths, and shows
 * each path as it was given. */
Test(cache, a_model_however_named_is_cached_once)
{
	char *model = write_model("Alpha"), *linked = xasprintf("%s/linked", work);
	char *through_link = xasprintf("%s/model.yaml", linked), *cwd = getcwd(NULL, 0);
	const char *names[] = { model, "model.yaml", through_link, model };
	char *db_path = NULL;

	cr_assert_eq(symlink(work, linked), 0);
	cr_assert_eq(chdir(work), 0);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		struct opened o = open_model(names[i]);
		char *file;

		cr_assert_eq(o.rc, LOAD_VALID, "%s", names[i]);
		if (i == 0)
			db_path = xstrdup(o.info.db_path);
		else
			cr_expect(o.info.hit, "%s: not a hit (reason %d)", names[i], (int)o.info.reason);
		cr_expect_str_eq(o.info.db_path, db_path, "%s: another database", names[i]);
		file = file_of_sys(o.st);
		cr_expect_str_eq(file, names[i], "the file is shown as it was given");
		free(file);
		close_opened(&o);
	}
	free(expect_one_database(cache));
	cr_assert_eq(chdir(cwd), 0);
	free(cwd);
	free(db_path);
	free(through_link);
	free(linked);
	free(model);
}
