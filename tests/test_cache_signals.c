/* What an ended build leaves: nothing, when ending signals come in a burst
 * during a cold load (the real binary, signalled from here); temporaries
 * private from the start; and those that a killed process left, removed by
 * the next one. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "cache_fixture.h"
#include "helpers.h"
#include "icsview/base/util.h"

TestSuite(ended, .init = cache_setup, .fini = cache_teardown);

/* A model that takes a moment to load: time for signals to come mid-build. */
static char *write_slow_model(void)
{
	struct strbuf text = STRBUF_INIT;
	char *path;

	sb_puts(&text, "icsview: 1\nentities:\n  - {id: sys, kind: system, name: Top}\n");
	for (int i = 0; i < 40000; i++)
		sb_printf(&text, "  - {id: p%d, kind: place, parent: sys, name: \"Place %d\", "
		          "links: [{rel: member_of, to: sys}]}\n", i, i);
	path = write_file(work, "slow.yaml", text.buf);
	sb_free(&text);
	set_mtime(path, time(NULL) - 3600);
	return path;
}

/* The path of the first file in dir whose name holds part, or NULL;
 * caller frees. */
static char *find_in(const char *dir, const char *part)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char *found = NULL;

	if (!d)
		return NULL;
	while (!found && (e = readdir(d)) != NULL)
		if (strstr(e->d_name, part))
			found = xasprintf("%s/%s", dir, e->d_name);
	closedir(d);
	return found;
}

/* Starts `icsview ARGS...` (stdout and stderr to /dev/null). */
static pid_t start_icsview(char *const args[])
{
	pid_t pid = fork();

	cr_assert_neq(pid, -1);
	if (pid == 0) {
		if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr))
			_exit(126);
		/* as a shell's background job would not: every signal at its default */
		signal(SIGINT, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		execv(getenv("ICSVIEW_BIN"), args);
		_exit(127);
	}
	return pid;
}

/* Waits (up to 20 s) until a file whose name holds part is in dir; its
 * path, or NULL if the process ended first.  Caller frees. */
static char *wait_for_file(pid_t pid, const char *dir, const char *part)
{
	for (int i = 0; i < 20000; i++) {
		char *path = find_in(dir, part);
		int status;

		if (path)
			return path;
		if (waitpid(pid, &status, WNOHANG) == pid)
			return NULL;
		usleep(1000);
	}
	return NULL;
}

static const int burst[] = { SIGHUP, SIGTERM, SIGINT, SIGHUP, SIGTERM, SIGINT, SIGHUP };

static void send_burst(pid_t pid)
{
	for (size_t i = 0; i < sizeof(burst) / sizeof(burst[0]); i++)
		kill(pid, burst[i]);
}

static void expect_ended_by_a_signal(pid_t pid)
{
	int status;

	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_expect(WIFSIGNALED(status), "icsview was not ended by a signal (status %d)", status);
}

/* A burst of mixed ending signals during a cold load left the build's
 * temporary database (mode 0644) in the cache in most runs: the handler
 * was reset on entry, and the second signal of a kind ended the process
 * while the first was still removing the files. */
Test(ended, a_burst_of_signals_during_a_build_leaves_nothing, .timeout = 120)
{
	char *model = write_slow_model();
	char *const args[] = { "icsview", "show", "-m", model, "sys", NULL };

	for (int run = 0; run < 5; run++) {
		pid_t pid = start_icsview(args);
		char *tmp = wait_for_file(pid, cache, ".tmp-");
		struct stat st;
		char *listing;

		cr_assert_not_null(tmp, "run %d: no temporary database appeared", run);
		if (stat(tmp, &st) == 0)
			cr_expect_eq(st.st_mode & 0777, 0600, "run %d: %s has mode %o", run, tmp,
			             st.st_mode & 0777);
		send_burst(pid);
		expect_ended_by_a_signal(pid);
		listing = list_dir(cache);
		cr_expect_str_eq(listing, "", "run %d: left in the cache", run);
		free(listing);
		free(tmp);
	}
	free(model);
}

/* `check` builds in a directory of its own under TMPDIR: a signal left it
 * there, empty. */
Test(ended, a_signalled_check_leaves_no_scratch_directory, .timeout = 120)
{
	char *model = write_slow_model();
	char *tmp = xasprintf("%s/tmp", work);
	char *const args[] = { "icsview", "check", model, NULL };

	cr_assert_eq(mkdir(tmp, 0700), 0);
	setenv("TMPDIR", tmp, 1);
	for (int run = 0; run < 3; run++) {
		pid_t pid = start_icsview(args);
		char *dir = wait_for_file(pid, tmp, "icsview-check-");
		char *listing;

		cr_assert_not_null(dir, "run %d: no scratch directory appeared", run);
		send_burst(pid);
		expect_ended_by_a_signal(pid);
		listing = list_dir(tmp);
		cr_expect_str_eq(listing, "", "run %d: left in TMPDIR", run);
		free(listing);
		free(dir);
	}
	free(tmp);
	free(model);
}

/* The same for a command built in a scratch directory because the cache
 * cannot be used: its directory and database went only at a normal end. */
Test(ended, a_signalled_scratch_build_leaves_nothing, .timeout = 120)
{
	char *model = write_slow_model();
	char *tmp = xasprintf("%s/tmp", work);
	char *const args[] = { "icsview", "show", "-m", model, "sys", NULL };

	cr_assert_eq(mkdir(tmp, 0700), 0);
	setenv("TMPDIR", tmp, 1);
	setenv("ICSVIEW_CACHE_DIR", "/dev/null/icsview", 1);
	for (int run = 0; run < 3; run++) {
		pid_t pid = start_icsview(args);
		char *dir = wait_for_file(pid, tmp, "icsview-");
		char *listing;

		cr_assert_not_null(dir, "run %d: no scratch directory appeared", run);
		send_burst(pid);
		expect_ended_by_a_signal(pid);
		listing = list_dir(tmp);
		cr_expect_str_eq(listing, "", "run %d: left in TMPDIR", run);
		free(listing);
		free(dir);
	}
	free(tmp);
	free(model);
}

/* A process killed mid-build (SIGKILL cannot be caught) leaves its
 * temporaries; the next process to use the cache removes those of
 * processes that are gone, and nothing else. */
Test(ended, temporaries_of_ended_processes_are_removed)
{
	char *model = write_model("Alpha");
	pid_t gone = fork();
	int status;
	char *dead_db, *dead_search, *live_db, *young_db, *foreign, *listing, *expected;
	struct opened o;

	cr_assert_neq(gone, -1);
	if (gone == 0)
		_exit(0);
	cr_assert_eq(waitpid(gone, &status, 0), gone);
	cr_assert_eq(mkdir(cache, 0700), 0);
	dead_db = xasprintf("model-0123456789abcdef.db.tmp-%ld", (long)gone);
	dead_search = xasprintf("model-0123456789abcdef.db-search.tmp-%ld", (long)gone);
	live_db = xasprintf("model-0123456789abcdee.db.tmp-%ld", (long)getppid());
	young_db = xasprintf("model-0123456789abcded.db.tmp-%ld", (long)gone);
	foreign = xasprintf("notes.db.tmp-%ld", (long)gone);
	{
		const char *old[] = { dead_db, dead_search, live_db, foreign };

		for (size_t i = 0; i < sizeof(old) / sizeof(old[0]); i++) {
			char *path = write_file(cache, old[i], "left\n");
			set_mtime(path, time(NULL) - 3600);
			free(path);
		}
		free(write_file(cache, young_db, "left\n"));
	}
	o = open_model(model);
	cr_assert_eq(o.rc, LOAD_VALID);
	close_opened(&o);
	listing = list_dir(cache);
	/* left: a live process's, a young one, a name not the cache's */
	cr_expect(strstr(listing, dead_db) == NULL, "%s was left", dead_db);
	cr_expect(strstr(listing, dead_search) == NULL, "%s was left", dead_search);
	expected = xasprintf("%s\n%s\n%s\n", live_db, young_db, foreign);
	for (char *line = expected, *nl; (nl = strchr(line, '\n')) != NULL; line = nl + 1) {
		*nl = '\0';
		cr_expect(strstr(listing, line) != NULL, "%s was removed", line);
	}
	free(expected);
	free(listing);
	free(dead_db); free(dead_search); free(live_db); free(young_db); free(foreign);
	free(model);
}

/* Removes every file in dir whose name holds part. */
static void remove_in(const char *dir, const char *part)
{
	char *path;

	while ((path = find_in(dir, part)) != NULL) {
		cr_assert_eq(unlink(path), 0, "unlink %s", path);
		free(path);
	}
}

static double seconds_since(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

/* Killed (SIGKILL) at a random moment of a build, of the database or of
 * its search index after it: whatever the moment, the next run answers
 * `find` as a whole build does, never from a half-built index. */
Test(ended, killed_at_any_moment_the_next_run_finds_correctly, .timeout = 300)
{
	enum { KILLS = 20 };
	char *model = write_slow_model();
	char *args_text = xasprintf("find -m '%s' 'place 39999'", model);
	char *const args[] = { "icsview", "find", "-m", model, "place 39999", NULL };
	unsigned seed = (unsigned)time(NULL) ^ (unsigned)getpid();
	struct run reference;
	struct timespec start;
	double whole;

	cr_log_info("seed %u", seed);
	clock_gettime(CLOCK_MONOTONIC, &start);
	reference = run_icsview(args_text);
	whole = seconds_since(&start);
	cr_assert_eq(reference.status, 0, "%s", reference.err);
	cr_assert(strstr(reference.out, "Place 39999"), "%s", reference.out);
	for (int run = 0; run < KILLS; run++) {
		/* from nothing, or from a database without its index */
		long delay_us = (long)(whole * 1e6 * (double)rand_r(&seed) / RAND_MAX);
		pid_t pid;
		int status;
		struct run next;

		if (run % 2)
			remove_in(cache, "-search");
		else
			remove_in(cache, "model-");
		pid = start_icsview(args);
		usleep((useconds_t)delay_us);
		kill(pid, SIGKILL);
		cr_assert_eq(waitpid(pid, &status, 0), pid);
		next = run_icsview(args_text);
		cr_expect_eq(next.status, 0, "run %d (killed after %ld us): %s", run, delay_us,
		             next.err);
		cr_expect_str_eq(next.out, reference.out, "run %d (killed after %ld us)", run,
		                 delay_us);
		run_free(&next);
	}
	run_free(&reference);
	free(args_text);
	free(model);
}

/* Commands started together on a cold cache: each builds the model, and
 * one's database may replace another's while that one builds its search
 * index; every one still finds as a lone command does. */
Test(ended, commands_started_together_all_find, .timeout = 300)
{
	enum { COMMANDS = 4, ROUNDS = 3 };
	char *model = write_slow_model();
	char *args_text = xasprintf("find -m '%s' 'place 39999'", model);
	struct run reference = run_icsview(args_text);

	cr_assert_eq(reference.status, 0, "%s", reference.err);
	for (int round = 0; round < ROUNDS; round++) {
		char *outs[COMMANDS];
		pid_t pids[COMMANDS];

		remove_in(cache, "model-");
		for (int i = 0; i < COMMANDS; i++) {
			char *command = xasprintf("'%s' %s > '%s/out-%d' 2>&1", getenv("ICSVIEW_BIN"),
			                          args_text, work, i);

			outs[i] = xasprintf("%s/out-%d", work, i);
			pids[i] = fork();
			cr_assert_neq(pids[i], -1);
			if (pids[i] == 0)
				_exit(system(command) == 0 ? 0 : 1);
			free(command);
		}
		for (int i = 0; i < COMMANDS; i++) {
			int status;
			char *out;

			cr_assert_eq(waitpid(pids[i], &status, 0), pids[i]);
			out = slurp(outs[i]);
			cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 0, "round %d, %d: %s",
			          round, i, out);
			cr_expect_str_eq(out, reference.out, "round %d, command %d", round, i);
			free(out);
			free(outs[i]);
		}
	}
	run_free(&reference);
	free(args_text);
	free(model);
}
