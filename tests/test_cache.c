/* The model cache: a second open reuses the database untouched; changed
 * files, --rebuild, another schema version, a file that is not a database
 * and a database of other files are rebuilt; an invalid model leaves
 * nothing behind; without a usable cache directory a scratch build works;
 * concurrent builders both succeed; only old model-<key>.db files are
 * removed.  Every test uses its own cache directory. */
#define _XOPEN_SOURCE 700
#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "helpers.h"
#include "icsview/loader/model_cache.h"

#define DAY INT64_C(86400)

static char *work;          /* a scratch directory for the test */
static char *cache;         /* work/cache: the cache directory */

static void setup(void)
{
	work = scratch_dir();
	cache = xasprintf("%s/cache", work);
	/* nothing may reach the real cache directory, whatever the test does */
	setenv("ICSVIEW_CACHE_DIR", cache, 1);
}

static void teardown(void)
{
	remove_tree(work);
	free(work);
	free(cache);
}

TestSuite(cache, .init = setup, .fini = teardown);

/* ---- helpers ---------------------------------------------------------- */

static void set_mtime(const char *path, time_t when)
{
	struct timespec times[2] = { { when, 0 }, { when, 0 } };

	cr_assert_eq(utimensat(AT_FDCWD, path, times, 0), 0, "utimensat %s", path);
}

/* A one-entity model named `name`, dated `age` seconds ago (an hour unless
 * given: a file changed just before a build is re-read, see racy()). */
static char *write_model_aged(const char *file, const char *name, time_t age)
{
	char *text = xasprintf("icsview: 1\ntitle: cache test\nentities:\n"
	                       "  - id: sys\n    kind: system\n    name: %s\n", name);
	char *path = write_file(work, file, text);

	set_mtime(path, time(NULL) - age);
	free(text);
	return path;
}

static char *write_model(const char *name)
{
	return write_model_aged("model.yaml", name, 3600);
}

struct opened {
	int rc;
	struct store *st;
	struct model_cache_info info;
	struct diag_list diags;
};

static struct opened open_with(const char *path, const struct model_cache_options *opts)
{
	struct opened o;
	const char *paths[1] = { path };

	diag_init(&o.diags, 100);
	o.rc = model_cache_open(paths, 1, opts, &o.diags, &o.st, &o.info);
	for (size_t i = 0; i < o.diags.count && o.rc == LOAD_VALID; i++) {
		char *line = diag_format(&o.diags.items[i]);
		cr_log_error("%s", line);
		free(line);
	}
	return o;
}

static struct opened open_model(const char *path)
{
	struct model_cache_options opts = { .dir = cache };

	return open_with(path, &opts);
}

static void close_opened(struct opened *o)
{
	model_cache_close(o->st, &o->info);
	diag_free(&o->diags);
}

static char *name_of(struct store *st, const char *id)
{
	struct entity e;
	char *name;

	cr_assert_eq(store_entity_by_id(st, id, &e), STORE_OK, "no entity '%s'", id);
	name = xstrdup(e.name);
	entity_clear(&e);
	return name;
}

static void expect_name(struct store *st, const char *expected)
{
	char *name = name_of(st, "sys");

	cr_expect_str_eq(name, expected);
	free(name);
}

static struct stat stat_of(const char *path)
{
	struct stat st;

	cr_assert_eq(stat(path, &st), 0, "stat %s", path);
	return st;
}

static bool same_file_and_time(const struct stat *a, const struct stat *b)
{
	return a->st_ino == b->st_ino && a->st_dev == b->st_dev &&
	       a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

/* Names in a directory (without . and ..), sorted, one per line. */
static char *list_dir(const char *dir)
{
	char *command = xasprintf("ls -A '%s' > '%s/ls' 2>/dev/null", dir, work);
	char *out = xasprintf("%s/ls", work), *text;

	cr_assert_neq(system(command), -1);
	text = slurp(out);
	unlink(out);
	free(command);
	free(out);
	return text;
}

static bool exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

/* The directory holds one model database and its search index (store.h),
 * and nothing else; returns the database's path. */
static char *expect_one_database(const char *dir)
{
	char *listing = list_dir(dir), *expected, *path;
	size_t n = strcspn(listing, "\n");

	cr_assert_eq(n, strlen("model-0123456789abcdef.db"), "%s", listing);
	cr_assert_eq(strncmp(listing, "model-", 6), 0, "%s", listing);
	expected = xasprintf("%.*s\n%.*s-search\n", (int)n, listing, (int)n, listing);
	cr_expect_str_eq(listing, expected, "expected one database and its search index");
	path = xasprintf("%s/%.*s", dir, (int)n, listing);
	free(expected);
	free(listing);
	return path;
}

/* Builds the model once and returns where its database is; caller frees. */
static char *built_path(const char *model)
{
	struct opened o = open_model(model);
	char *path;

	cr_assert_eq(o.rc, LOAD_VALID);
	path = xstrdup(o.info.db_path);
	close_opened(&o);
	return path;
}

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

/* The search index is part of the cache: without it, or with the index of
 * another build beside it, the database is rebuilt (never used without
 * search, never with a search index that does not match it). */
Test(cache, a_missing_or_foreign_search_index_is_rebuilt)
{
	char *alpha = write_model("Alpha"), *search, *db_path;
	struct opened o = open_model(alpha);
	char *saved = xasprintf("%s/saved-search", work);

	cr_assert_eq(o.rc, LOAD_VALID);
	db_path = xstrdup(o.info.db_path);
	search = xasprintf("%s-search", db_path);
	close_opened(&o);
	cr_assert_eq(rename(search, saved), 0, "%s: %s", search, strerror(errno));
	o = open_model(alpha);
	cr_assert_eq(o.rc, LOAD_VALID);
	cr_expect(!o.info.hit);
	cr_expect_eq(o.info.reason, CACHE_REASON_UNUSABLE);
	cr_expect(exists(search));
	close_opened(&o);
	/* the first build's index, beside the second build's database */
	cr_assert_eq(rename(saved, search), 0);
	o = open_model(alpha);
	cr_assert_eq(o.rc, LOAD_VALID);
	cr_expect(!o.info.hit, "a search index of another build was used");
	cr_expect_eq(o.info.reason, CACHE_REASON_UNUSABLE);
	close_opened(&o);
	o = open_model(alpha);
	cr_expect(o.info.hit);
	close_opened(&o);
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
				struct opened child = open_model(model);
				int ok = child.rc == LOAD_VALID && child.st;

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
	free(only_database(cache));

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
	expect_head(r.out, "South Yorkshire and Bassetlaw ICS \u203a Sheffield\n");
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

/* ---- faults: damaged, locked, read-only, full ----------------------------------- */

/* A model of `n` places under one system: its database is a few hundred
 * KiB, larger than the small limits below.  Dated an hour ago. */
static char *write_big_model(const char *file, int n)
{
	char *path = xasprintf("%s/%s", work, file);
	FILE *f = fopen(path, "w");

	cr_assert(f, "cannot write %s", path);
	fputs("icsview: 1\ntitle: cache faults\nentities:\n  - {id: sys, kind: system, name: Top}\n",
	      f);
	for (int i = 0; i < n; i++)
		fprintf(f, "  - {id: place-%d, kind: place, parent: sys, name: \"Place %d, with a name"
		        " long enough to take some room\", links: [{rel: member_of, to: sys}]}\n", i, i);
	cr_assert_eq(fclose(f), 0);
	set_mtime(path, time(NULL) - 3600);
	return path;
}

static void expect_empty_dir(const char *dir, const char *what)
{
	char *listing = list_dir(dir);

	cr_expect_str_eq(listing, "", "%s left behind in %s", what, dir);
	free(listing);
}

static off_t size_of(const char *path)
{
	return stat_of(path).st_size;
}

/* A directory that others may write to could hold a database someone else
 * put there: it is not used. */
Test(cache, a_directory_others_can_write_to_is_not_used)
{
	char *model = write_model("Alpha");
	char *tmp = xasprintf("%s/tmp", work);
	struct opened o;

	cr_assert_eq(mkdir(cache, 0700), 0);
	cr_assert_eq(mkdir(tmp, 0700), 0);
	setenv("TMPDIR", tmp, 1);
	cr_assert_eq(chmod(cache, 0777), 0);
	o = open_model(model);
	cr_assert_eq(o.rc, LOAD_VALID);
	cr_expect(o.info.scratch);
	cr_expect(!o.info.hit);
	cr_assert_not_null(o.info.cache_problem);
	cr_expect(strstr(o.info.cache_problem, "writable by other users"), "%s",
	          o.info.cache_problem);
	expect_name(o.st, "Alpha");
	close_opened(&o);
	expect_empty_dir(cache, "a database");
	expect_empty_dir(tmp, "a scratch build");
	free(tmp);
	free(model);
}

/* Cut in half, as a crash or a full disk could leave it: SQLite finds
 * fewer pages than the header promises, and the database is rebuilt. */
Test(cache, a_truncated_database_is_rebuilt)
{
	char *model = write_big_model("big.yaml", 1000);
	char *db_path = built_path(model);
	struct stat before = stat_of(db_path);
	struct timespec times[2] = { before.st_atim, before.st_mtim };
	struct opened o;

	cr_assert_eq(truncate(db_path, before.st_size / 2), 0);
	cr_assert_eq(utimensat(AT_FDCWD, db_path, times, 0), 0);
	o = open_model(model);
	cr_assert_eq(o.rc, LOAD_VALID);
	cr_expect(!o.info.hit);
	cr_expect_eq(o.info.reason, CACHE_REASON_UNUSABLE);
	cr_expect_eq(size_of(db_path), before.st_size);
	expect_name(o.st, "Top");
	free(name_of(o.st, "place-999"));
	close_opened(&o);
	free(db_path);
	free(model);
}

/* Overwrites `pages` pages of the file from page `first` (counted from 0)
 * with pseudo-random bytes, keeping its size and times. */
static void damage_pages(const char *path, long first, int pages)
{
	struct stat st = stat_of(path);
	struct timespec times[2] = { st.st_atim, st.st_mtim };
	unsigned char page[4096];
	unsigned seed = 12345;
	FILE *f = fopen(path, "r+b");

	cr_assert(f);
	cr_assert_eq(fseek(f, first * (long)sizeof(page), SEEK_SET), 0);
	for (int p = 0; p < pages; p++) {
		for (size_t i = 0; i < sizeof(page); i++) {
			seed = seed * 1103515245u + 12345u;
			page[i] = (unsigned char)(seed >> 16);
		}
		cr_assert_eq(fwrite(page, 1, sizeof(page), f), sizeof(page));
	}
	cr_assert_eq(fclose(f), 0);
	cr_assert_eq(utimensat(AT_FDCWD, path, times, 0), 0);
}

/* Damage that the cheap checks at open cannot see (its header, schema
 * version and files table are intact) shows when the damaged pages are
 * read: the command fails with SQLite's message, says that the database
 * was removed, and the next run rebuilds it instead of failing again. */
Test(cache, a_database_damaged_inside_is_removed_when_read_and_rebuilt)
{
	char *model = write_big_model("big.yaml", 1000);
	char *env = xasprintf("ICSVIEW_CACHE_DIR='%s'", cache);
	char *args = xasprintf("tree -m '%s'", model);
	struct run pristine = run_icsview_env(env, args), damaged, again;
	char *db_path = only_database(cache), *expected;

	cr_assert_eq(pristine.status, 0, "%s", pristine.err);
	cr_assert_gt(size_of(db_path), 40 * 4096);
	damage_pages(db_path, size_of(db_path) / 4096 / 2, 8);

	damaged = run_icsview_env(env, args);
	cr_expect_eq(damaged.status, 4, "exit %d: %s", damaged.status, damaged.err);
	expected = xasprintf("icsview: cannot read the model: database disk image is malformed\n"
	                     "icsview: the cached model database %s is damaged: it has been removed,"
	                     " and the next run builds it again\n", db_path);
	cr_expect_str_eq(damaged.err, expected);
	cr_expect(!exists(db_path), "the damaged database was kept");

	again = run_icsview_env(env, args);
	cr_expect_eq(again.status, 0, "%s", again.err);
	cr_expect_str_eq(again.err, "");
	cr_expect_str_eq(again.out, pristine.out);
	cr_expect(exists(db_path));
	run_free(&pristine);
	run_free(&damaged);
	run_free(&again);
	free(expected);
	free(db_path);
	free(args);
	free(env);
	free(model);
}

/* Holds an exclusive lock on path (another process writing to it) until
 * told to stop.  In a child: no criterion assertions. */
static int hold_exclusive_lock(const char *path, int ready_fd, int stop_fd)
{
	sqlite3 *db = NULL;
	char byte;

	if (sqlite3_open(path, &db) != SQLITE_OK ||
	    sqlite3_exec(db, "BEGIN EXCLUSIVE", NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "lock holder: %s\n", sqlite3_errmsg(db));
		return 1;
	}
	if (write(ready_fd, "x", 1) != 1 || read(stop_fd, &byte, 1) != 1)
		return 2;
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(db);
	return 0;
}

/* Another program holds a write lock on the cached database: it is not
 * waited for; the model is rebuilt beside it (renamed over the locked
 * file, which the other program keeps), and the lock holder is unharmed. */
Test(cache, a_locked_database_is_rebuilt_not_waited_for)
{
	char *model = write_model("Alpha");
	char *db_path = built_path(model);
	int ready[2], stop[2], status;
	struct opened o;
	char byte;
	pid_t pid;

	cr_assert_eq(pipe(ready), 0);
	cr_assert_eq(pipe(stop), 0);
	pid = fork();
	cr_assert_neq(pid, -1);
	if (pid == 0) {
		int rc;

		close(ready[0]);
		close(stop[1]);
		rc = hold_exclusive_lock(db_path, ready[1], stop[0]);
		free(db_path);   /* the child's copies: valgrind checks the child too */
		free(model);
		_exit(rc);
	}
	close(ready[1]);
	close(stop[0]);
	cr_assert_eq(read(ready[0], &byte, 1), 1, "the lock holder did not start");

	o = open_model(model);
	cr_assert_eq(o.rc, LOAD_VALID);
	cr_expect(!o.info.hit);
	cr_expect(!o.info.scratch);
	cr_expect_eq(o.info.reason, CACHE_REASON_UNUSABLE);
	cr_expect_str_eq(o.info.db_path, db_path);
	expect_name(o.st, "Alpha");
	close_opened(&o);

	cr_assert_eq(write(stop[1], "x", 1), 1);
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the lock holder failed");
	close(ready[0]);
	close(stop[1]);

	o = open_model(model);
	cr_expect(o.info.hit);
	close_opened(&o);
	free(db_path);
	free(model);
}

/* ---- a read-only cache directory, as a user whom permissions stop ---------- */

#define NOBODY 65534

/* The child's exit status when nobody cannot reach the test's scratch
 * directory: a directory above it is private (TMPDIR under a `mktemp -d`
 * directory, mode 0700). */
#define CANNOT_REACH_WORK 101

/* Runs fn in a child process, as nobody when we are root (root ignores
 * permissions), after giving nobody the paths it needs; returns the
 * child's exit status.  Skips the test, saying why, when we are root and
 * there is no such user, or when it cannot reach the scratch directory. */
static int as_a_user(int (*fn)(void), const char *const *owned, size_t count)
{
	int status;
	pid_t pid;

	if (geteuid() == 0) {
		if (!getpwuid(NOBODY))
			cr_skip_test("root ignores permissions, and there is no user %d (nobody) "
			             "to run as", NOBODY);
		cr_assert_eq(chmod(work, 0755), 0);
		for (size_t i = 0; i < count; i++)
			cr_assert_eq(chown(owned[i], NOBODY, NOBODY), 0, "chown %s", owned[i]);
	}
	pid = fork();
	cr_assert_neq(pid, -1);
	if (pid == 0) {
		if (geteuid() == 0 && (setgid(NOBODY) != 0 || setuid(NOBODY) != 0))
			_exit(100);
		if (access(work, X_OK) != 0)
			_exit(CANNOT_REACH_WORK);
		_exit(fn());
	}
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	status = WIFEXITED(status) ? WEXITSTATUS(status) : 200;
	if (status == CANNOT_REACH_WORK)
		cr_skip_test("user %d cannot reach %s: a directory above it is private", NOBODY, work);
	return status;
}

static char *child_model;   /* what the children below open */

/* In a child: opens child_model with the cache directory, and returns what
 * judge makes of the result (0: as expected), saying so on stderr if not.
 * No criterion assertions in a child. */
static int open_in_child(const char *what,
                         int (*judge)(int rc, bool opened, const struct model_cache_info *info,
                                      const struct diag_list *diags))
{
	struct model_cache_options opts = { .dir = cache };
	const char *paths[1] = { child_model };
	struct model_cache_info info;
	struct diag_list diags;
	struct store *st;
	int rc;

	diag_init(&diags, 10);
	rc = model_cache_open(paths, 1, &opts, &diags, &st, &info);
	rc = judge(rc, st != NULL, &info, &diags);
	if (rc)
		fprintf(stderr, "%s: failure %d (%s; %zu diagnostics)\n", what, rc,
		        info.cache_problem ? info.cache_problem : "-", diags.count);
	model_cache_close(st, &info);
	diag_free(&diags);
	return rc;
}

/* The database built earlier is used from the read-only directory. */
static int judge_read_only_hit(int rc, bool opened, const struct model_cache_info *info,
                               const struct diag_list *diags)
{
	(void)opened; (void)diags;
	if (rc != LOAD_VALID)
		return 1;
	if (!info->hit || info->scratch)
		return 2;
	return info->cache_problem ? 0 : 3;
}

/* Nothing there for this model: a scratch build, removed at close. */
static int judge_read_only_miss(int rc, bool opened, const struct model_cache_info *info,
                                const struct diag_list *diags)
{
	(void)opened; (void)diags;
	if (rc != LOAD_VALID)
		return 1;
	if (info->hit || !info->scratch || info->reason != CACHE_REASON_SCRATCH)
		return 2;
	return info->cache_problem && strstr(info->cache_problem, "Permission denied") ? 0 : 3;
}

static int open_read_only_hit(void)
{
	return open_in_child("read-only hit", judge_read_only_hit);
}

static int open_read_only_miss(void)
{
	return open_in_child("read-only miss", judge_read_only_miss);
}

static char *child_tmp;     /* the TMPDIR of the children below */

/* Nothing there and nothing can be put there: a scratch build in TMPDIR. */
static int judge_read_only_scratch(int rc, bool opened, const struct model_cache_info *info,
                                   const struct diag_list *diags)
{
	int miss = judge_read_only_miss(rc, opened, info, diags);

	if (miss)
		return miss;
	return strncmp(info->db_path, child_tmp, strlen(child_tmp)) == 0 ? 0 : 4;
}

static int open_read_only_empty(void)
{
	return open_in_child("read-only, empty", judge_read_only_scratch);
}

Test(cache, read_only_directory_falls_back_to_a_scratch_build)
{
	char *model = write_model("Alpha");
	char *tmp = xasprintf("%s/tmp", work);
	const char *owned[] = { cache, tmp, model };

	cr_assert_eq(mkdir(cache, 0500), 0);
	cr_assert_eq(mkdir(tmp, 0700), 0);
	setenv("TMPDIR", tmp, 1);
	cr_assert_eq(chmod(model, 0644), 0);
	child_model = model;
	child_tmp = tmp;
	cr_expect_eq(as_a_user(open_read_only_empty, owned, 3), 0, "no scratch build");
	chmod(cache, 0700);
	expect_empty_dir(tmp, "a scratch build");
	free(tmp);
	free(model);
}

Test(cache, a_read_only_directory_still_serves_what_it_holds)
{
	char *model = write_model("Alpha");
	char *db_path = built_path(model);
	char *search_path = xasprintf("%s-search", db_path);
	char *tmp = xasprintf("%s/tmp", work);
	const char *owned[] = { cache, db_path, search_path, tmp, model };
	char *other = write_model_aged("other.yaml", "Other", 3600);

	cr_assert_eq(mkdir(tmp, 0700), 0);
	setenv("TMPDIR", tmp, 1);
	cr_assert_eq(chmod(model, 0644), 0);
	cr_assert_eq(chmod(other, 0644), 0);
	cr_assert_eq(chmod(cache, 0500), 0);
	child_model = model;
	cr_expect_eq(as_a_user(open_read_only_hit, owned, 5), 0, "the built database was not used");
	child_model = other;
	cr_expect_eq(as_a_user(open_read_only_miss, owned, 5), 0, "no scratch build");
	chmod(cache, 0700);
	expect_empty_dir(tmp, "a scratch build");
	free(other);
	free(tmp);
	free(search_path);
	free(db_path);
	free(model);
}

/* ---- a full disk ---------------------------------------------------------------- */

/* In a child with a file size limit (as `ulimit -f`): every write past it
 * fails with EFBIG, and SIGXFSZ is ignored as main() ignores it.  The cache
 * cannot take the database, nor can the scratch directory: LOAD_FAILED,
 * saying why, and nothing half-written left anywhere. */
static int judge_file_size_limit(int rc, bool opened, const struct model_cache_info *info,
                                 const struct diag_list *diags)
{
	if (rc != LOAD_FAILED || opened)
		return 1;
	if (!info->scratch || !info->cache_problem ||
	    !strstr(info->cache_problem, "disk I/O error (File too large)"))
		return 2;
	if (diags->count != 1 || !strstr(diags->items[0].message, "(File too large)"))
		return 3;
	return 0;
}

static int open_with_a_file_size_limit(void)
{
	struct rlimit limit = { 64 * 1024, 64 * 1024 };

	signal(SIGXFSZ, SIG_IGN);
	if (setrlimit(RLIMIT_FSIZE, &limit) != 0)
		return 10;
	return open_in_child("file size limit", judge_file_size_limit);
}

Test(cache, a_file_size_limit_fails_cleanly_and_leaves_nothing)
{
	char *model = write_big_model("big.yaml", 1000);
	char *tmp = xasprintf("%s/tmp", work);
	int status;
	pid_t pid;
	struct opened o;

	cr_assert_eq(mkdir(tmp, 0700), 0);
	setenv("TMPDIR", tmp, 1);
	child_model = model;
	pid = fork();
	cr_assert_neq(pid, -1);
	if (pid == 0) {
		int rc = open_with_a_file_size_limit();

		free(tmp);   /* the child's copies: valgrind checks the child too */
		free(model);
		_exit(rc);
	}
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_expect(WIFEXITED(status), "killed by signal %d", WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 0, "exit %d", WEXITSTATUS(status));
	expect_empty_dir(cache, "a half-written database");
	expect_empty_dir(tmp, "a half-written scratch build");

	/* without the limit, it builds: nothing left blocks it */
	o = open_model(model);
	cr_assert_eq(o.rc, LOAD_VALID);
	cr_expect(!o.info.scratch);
	free(name_of(o.st, "place-999"));
	close_opened(&o);
	free(tmp);
	free(model);
}

/* The real binary under `ulimit -f`: not killed by SIGXFSZ, both the cache
 * and the scratch directory refuse the database, exit 4 with the reasons. */
Test(cache, cli_under_a_file_size_limit_exits_4_with_the_reason)
{
	char *model = write_big_model("big.yaml", 1000);
	char *tmp = xasprintf("%s/tmp", work);
	/* 128 KiB (in 512-byte blocks): room for an empty database, not for this model */
	char *env = xasprintf("ulimit -f 256 && TMPDIR='%s' ICSVIEW_CACHE_DIR='%s'", tmp, cache);
	char *args = xasprintf("show -m '%s' sys", model);
	char *warning;
	const char *second;
	struct run r;

	cr_assert_eq(mkdir(tmp, 0700), 0);
	r = run_icsview_env(env, args);
	cr_expect_eq(r.status, 4, "exit %d: %s", r.status, r.err);
	cr_expect_str_eq(r.out, "");
	warning = xasprintf("icsview: warning: cannot use the model cache (%s/model-", cache);
	cr_expect_eq(strncmp(r.err, warning, strlen(warning)), 0, "%s", r.err);
	cr_expect(strstr(r.err, ".db: cannot save model database: disk I/O error (File too large)); "
	                 "set ICSVIEW_CACHE_DIR to a writable directory\n"), "%s", r.err);
	second = strchr(r.err, '\n');
	cr_assert(second, "%s", r.err);
	second++;
	cr_expect_eq(strncmp(second, tmp, strlen(tmp)), 0, "%s", second);
	cr_expect(strstr(second, "/model.db: error: cannot save model database: disk I/O error "
	                 "(File too large)\n"), "%s", second);
	expect_empty_dir(cache, "a half-written database");
	expect_empty_dir(tmp, "a half-written scratch build");
	run_free(&r);
	free(warning);
	free(args);
	free(env);
	free(tmp);
	free(model);
}

/* A small file system of its own for the cache (a tmpfs, mounted in a
 * private mount namespace that unshare(1) makes, so that nothing outside
 * sees it and it goes away with the command): the cache is full, the
 * scratch directory is not; the command warns, works and exits 0. */
Test(cache, cli_with_a_full_cache_disk_falls_back_to_a_scratch_build)
{
	char *model = write_big_model("big.yaml", 1000);
	char *tmp = xasprintf("%s/tmp", work);
	char *probe = xasprintf("unshare -rm sh -c 'mount -t tmpfs -o size=64k tmpfs %s/probe'"
	                        " >/dev/null 2>&1", work);
	char *probe_dir = xasprintf("%s/probe", work);
	char *line, *err_path, *out_path, *listing_path, *err, *out, *listing, *args;
	struct run pristine;
	int status;

	cr_assert_eq(mkdir(probe_dir, 0700), 0);
	if (system(probe) != 0) {
		free(probe); free(probe_dir); free(tmp); free(model);
		cr_skip_test("cannot mount a tmpfs in a private namespace here (unshare -rm)");
	}
	cr_assert_eq(mkdir(tmp, 0700), 0);
	cr_assert_eq(mkdir(cache, 0700), 0);
	line = xasprintf("unshare -rm sh -c \"mount -t tmpfs -o size=128k,mode=0700 tmpfs '%s' &&"
	                 " TMPDIR='%s' ICSVIEW_CACHE_DIR='%s' '%s' show -m '%s' sys >'%s/out' 2>'%s/err';"
	                 " echo \\$? >'%s/status'; ls -A '%s' >'%s/listing'\"",
	                 cache, tmp, cache, getenv("ICSVIEW_BIN"), model, work, work, work, cache,
	                 work);
	status = system(line);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "%s", line);
	err_path = xasprintf("%s/err", work);
	out_path = xasprintf("%s/out", work);
	listing_path = xasprintf("%s/listing", work);
	err = slurp(err_path);
	out = slurp(out_path);
	listing = slurp(listing_path);
	{
		char *status_path = xasprintf("%s/status", work);
		char *code = slurp(status_path);

		cr_expect_str_eq(code, "0\n", "exit %s: %s", code, err);
		free(code);
		free(status_path);
	}
	cr_expect(strstr(err, "icsview: warning: cannot use the model cache (") == err, "%s", err);
	cr_expect(strstr(err, ".db: cannot save model database: database or disk is full"), "%s", err);
	cr_expect(strstr(err, "; set ICSVIEW_CACHE_DIR to a writable directory\n"), "%s", err);
	cr_expect_eq(strchr(err, '\n') - err + 1, (long)strlen(err), "one line: %s", err);
	cr_expect_str_eq(listing, "", "left in the full cache");
	expect_empty_dir(tmp, "a scratch build");
	args = xasprintf("show -m '%s' sys", model);
	pristine = run_icsview_env("", args);
	cr_expect_eq(pristine.status, 0, "%s", pristine.err);
	cr_expect_str_eq(out, pristine.out);
	run_free(&pristine);
	free(args);
	free(err); free(out); free(listing);
	free(err_path); free(out_path); free(listing_path);
	free(line); free(probe); free(probe_dir); free(tmp); free(model);
}
