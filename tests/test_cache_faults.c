/* The model cache when things go wrong: a cache directory others may write
 * to, a truncated, damaged or locked database, a read-only cache directory
 * (as a user whom permissions stop), a full disk.  Every test uses its own
 * cache directory (cache_fixture.h). */
#define _XOPEN_SOURCE 700
#include <criterion/criterion.h>
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
#include "cache_fixture.h"
#include "helpers.h"
#include "icsview/loader/model_cache.h"

TestSuite(cache, .init = cache_setup, .fini = cache_teardown);

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
	/* the whole tree needs no search index */
	char *db_path = expect_database_alone(cache), *expected;

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
