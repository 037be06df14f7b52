/* The signals that end the program and the temporary files they remove
 * (signals.h): a registered file is gone and the process ended by the
 * signal itself, in the mode a build uses; the signal is only noted, and
 * the program goes on, in the mode the interface uses. */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "icsview/base/signals.h"
#include "icsview/base/util.h"
#include "helpers.h"

/* Each test starts with the ending signals at their default action and
 * let through, whatever the test runner left. */
static void reset_ending_signals(void)
{
	sigset_t set;

	for (size_t i = 0; i < SIGNALS_ENDING_COUNT; i++)
		signal(signals_ending[i], SIG_DFL);
	signals_ending_set(&set);
	cr_assert_eq(pthread_sigmask(SIG_UNBLOCK, &set, NULL), 0);
}

static char *make_file(const char *dir, const char *name)
{
	char *path = xasprintf("%s/%s", dir, name);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	cr_assert_geq(fd, 0, "cannot create %s: %s", path, strerror(errno));
	close(fd);
	return path;
}

static bool exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

static void (*handler_now(int sig))(int)
{
	struct sigaction act;

	cr_assert_eq(sigaction(sig, NULL, &act), 0);
	return act.sa_handler;
}

/* Waits for the child and checks that sig ended it. */
static void expect_ended_by(pid_t pid, int sig)
{
	int status;

	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_assert(WIFSIGNALED(status), "the child was not ended by a signal (exit status %d)",
	          WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	cr_expect_eq(WTERMSIG(status), sig, "the child was ended by signal %d, not %d",
	             WTERMSIG(status), sig);
}

Test(signals, each_ending_signal_removes_the_registered_file_and_ends_the_program)
{
	char *dir = scratch_dir();

	for (size_t i = 0; i < SIGNALS_ENDING_COUNT; i++) {
		int sig = signals_ending[i];
		char *path = make_file(dir, "db.tmp-1");
		pid_t pid = fork();

		cr_assert_neq(pid, -1);
		if (pid == 0) {
			reset_ending_signals();
			if (signals_add_temporary(path) < 0)
				_exit(2);
			raise(sig);
			_exit(3);       /* not reached: the signal ends the child */
		}
		expect_ended_by(pid, sig);
		cr_expect_not(exists(path), "signal %d left %s", sig, path);
		unlink(path);
		free(path);
	}
	remove_tree(dir);
	free(dir);
}

static void *idle(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

/* SIGTERM from another process, taken by a thread other than the one that
 * registered the files (the main thread blocks it, as a build's main thread
 * may be busy): every registered file is removed. */
Test(signals, sigterm_from_outside_removes_every_registered_file)
{
	char *dir = scratch_dir();
	char *first = make_file(dir, "model.db.tmp-1"), *second = make_file(dir, "search.tmp-1");
	char *kept = make_file(dir, "kept");
	int ready[2];
	char byte = 0;
	pid_t pid;

	cr_assert_eq(pipe(ready), 0);
	pid = fork();
	cr_assert_neq(pid, -1);
	if (pid == 0) {
		pthread_t thread;
		sigset_t ending;

		reset_ending_signals();
		if (signals_add_temporary(first) < 0 || signals_add_temporary(second) < 0)
			_exit(2);
		if (pthread_create(&thread, NULL, idle, NULL) != 0)
			_exit(2);
		signals_ending_set(&ending);
		pthread_sigmask(SIG_BLOCK, &ending, NULL);
		if (write(ready[1], &byte, 1) != 1)
			_exit(2);
		for (;;)
			pause();
	}
	close(ready[1]);
	cr_assert_eq(read(ready[0], &byte, 1), 1, "the child did not start");
	close(ready[0]);
	cr_assert_eq(kill(pid, SIGTERM), 0);
	expect_ended_by(pid, SIGTERM);
	cr_expect_not(exists(first), "%s was left", first);
	cr_expect_not(exists(second), "%s was left", second);
	cr_expect(exists(kept), "a file never registered was removed");
	remove_tree(dir);
	free(first);
	free(second);
	free(kept);
	free(dir);
}

Test(signals, a_forgotten_file_is_left)
{
	char *dir = scratch_dir();
	char *forgotten = make_file(dir, "done.tmp-1"), *registered = make_file(dir, "busy.tmp-1");
	pid_t pid = fork();

	cr_assert_neq(pid, -1);
	if (pid == 0) {
		int slot;

		reset_ending_signals();
		slot = signals_add_temporary(forgotten);
		if (slot < 0 || signals_add_temporary(registered) < 0)
			_exit(2);
		signals_forget_temporary(slot);
		raise(SIGTERM);
		_exit(3);
	}
	expect_ended_by(pid, SIGTERM);
	cr_expect(exists(forgotten), "a forgotten file was removed");
	cr_expect_not(exists(registered), "a registered file was left");
	remove_tree(dir);
	free(forgotten);
	free(registered);
	free(dir);
}

/* The handler is there while a file is registered, and the previous
 * action is back once the last one is forgotten; a signal the program
 * ignores stays ignored throughout (and removes nothing). */
Test(signals, handlers_last_while_files_are_registered_and_ignored_signals_stay_ignored)
{
	char *dir = scratch_dir(), *path = make_file(dir, "db.tmp-1");
	int first, second;

	reset_ending_signals();
	signal(SIGHUP, SIG_IGN);
	first = signals_add_temporary(path);
	second = signals_add_temporary(path);
	cr_assert_geq(first, 0);
	cr_assert_geq(second, 0);
	cr_expect_neq(first, second);
	cr_expect_neq(handler_now(SIGTERM), SIG_DFL);
	cr_expect_neq(handler_now(SIGINT), SIG_DFL);
	cr_expect_eq(handler_now(SIGHUP), SIG_IGN);
	raise(SIGHUP);
	cr_expect(exists(path), "an ignored signal removed a registered file");
	signals_forget_temporary(first);
	cr_expect_neq(handler_now(SIGTERM), SIG_DFL, "uninstalled while a file is registered");
	signals_forget_temporary(second);
	signals_forget_temporary(second);     /* a second time changes nothing */
	cr_expect_eq(handler_now(SIGTERM), SIG_DFL);
	cr_expect_eq(handler_now(SIGINT), SIG_DFL);
	cr_expect_eq(handler_now(SIGHUP), SIG_IGN);
	signals_forget_temporary(-1);
	remove_tree(dir);
	free(path);
	free(dir);
}

Test(signals, the_registry_refuses_files_past_its_slots_and_paths_too_long)
{
	char *dir = scratch_dir(), *path = make_file(dir, "db.tmp-1");
	char *long_path = xcalloc(PATH_MAX + 1, 1);
	int slots[SIGNALS_MAX_TEMPORARIES];

	reset_ending_signals();
	memset(long_path, 'x', PATH_MAX);
	cr_expect_eq(signals_add_temporary(long_path), -1);
	cr_expect_eq(handler_now(SIGTERM), SIG_DFL, "a refused file installed the handler");
	for (size_t i = 0; i < SIGNALS_MAX_TEMPORARIES; i++) {
		slots[i] = signals_add_temporary(path);
		cr_assert_geq(slots[i], 0, "slot %zu refused", i);
	}
	cr_expect_eq(signals_add_temporary(path), -1);
	for (size_t i = 0; i < SIGNALS_MAX_TEMPORARIES; i++)
		signals_forget_temporary(slots[i]);
	cr_expect_eq(handler_now(SIGTERM), SIG_DFL);
	cr_expect_geq(signals_add_temporary(path), 0, "a forgotten slot is not free again");
	remove_tree(dir);
	free(long_path);
	free(path);
	free(dir);
}

/* The interface's mode: the signal is noted and the program goes on; the
 * handler does not restart an interrupted wait; uninstalling puts back what
 * was there. */
Test(signals, the_note_handler_notes_the_signal_and_the_program_goes_on)
{
	struct signals_saved saved;
	struct sigaction act;

	reset_ending_signals();
	signal(SIGHUP, SIG_IGN);
	signals_install(SIGNALS_NOTE, &saved);
	for (size_t i = 0; i < SIGNALS_ENDING_COUNT; i++) {
		cr_assert_eq(sigaction(signals_ending[i], NULL, &act), 0);
		cr_expect(act.sa_handler != SIG_DFL && act.sa_handler != SIG_IGN,
		          "signal %d has no handler", signals_ending[i]);
		cr_expect_not(act.sa_flags & SA_RESTART);
	}
	cr_expect_eq(signals_pending(), 0);
	cr_expect_not(signals_ending_waiting());
	raise(SIGINT);
	cr_expect_eq(signals_pending(), SIGINT);
	cr_expect(signals_ending_waiting());
	raise(SIGHUP);
	cr_expect_eq(signals_pending(), SIGHUP, "the last signal is the one noted");
	signals_uninstall(&saved);
	cr_expect_eq(handler_now(SIGINT), SIG_DFL);
	cr_expect_eq(handler_now(SIGTERM), SIG_DFL);
	cr_expect_eq(handler_now(SIGHUP), SIG_IGN);
}

/* Blocked (as the interface blocks them while it draws), an ending signal
 * waits, and is seen waiting; the wait mask lets it through, and only it. */
Test(signals, a_blocked_ending_signal_is_seen_waiting_and_the_wait_mask_lets_it_through)
{
	struct signals_saved saved;
	sigset_t ending, wait_mask, other;

	reset_ending_signals();
	signals_install(SIGNALS_NOTE, &saved);
	sigemptyset(&other);
	sigaddset(&other, SIGUSR1);
	cr_assert_eq(pthread_sigmask(SIG_BLOCK, &other, NULL), 0);
	signals_wait_mask(&wait_mask);
	signals_ending_set(&ending);
	for (size_t i = 0; i < SIGNALS_ENDING_COUNT; i++) {
		cr_expect_eq(sigismember(&ending, signals_ending[i]), 1);
		cr_expect_eq(sigismember(&wait_mask, signals_ending[i]), 0);
	}
	cr_expect_eq(sigismember(&wait_mask, SIGUSR1), 1, "the wait mask let another signal in");
	cr_assert_eq(pthread_sigmask(SIG_BLOCK, &ending, NULL), 0);
	raise(SIGTERM);
	cr_expect_eq(signals_pending(), 0, "a blocked signal was handled");
	cr_expect(signals_ending_waiting(), "a blocked ending signal is not seen waiting");
	cr_assert_eq(pthread_sigmask(SIG_SETMASK, &wait_mask, NULL), 0);
	cr_expect_eq(signals_pending(), SIGTERM);
	signals_uninstall(&saved);
}

/* A build inside the interface: registering a file while the note handler
 * is installed leaves that handler in place (the signal is noted, the file
 * stays for its build to finish); a program that then ends on the note
 * removes the files and ends by the signal itself. */
Test(signals, files_registered_under_the_note_handler_stay_until_the_program_ends)
{
	char *dir = scratch_dir(), *path = make_file(dir, "db.tmp-1");
	pid_t pid = fork();

	cr_assert_neq(pid, -1);
	if (pid == 0) {
		struct signals_saved saved;
		struct sigaction before, after;
		int slot;

		reset_ending_signals();
		signals_install(SIGNALS_NOTE, &saved);
		sigaction(SIGTERM, NULL, &before);
		slot = signals_add_temporary(path);
		sigaction(SIGTERM, NULL, &after);
		if (slot < 0 || after.sa_handler != before.sa_handler)
			_exit(2);
		raise(SIGTERM);
		if (signals_pending() != SIGTERM || !exists(path))
			_exit(3);
		signals_forget_temporary(slot);
		sigaction(SIGTERM, NULL, &after);
		if (after.sa_handler != before.sa_handler)
			_exit(4);
		if (signals_add_temporary(path) < 0)
			_exit(5);
		signals_remove_temporaries();
		signals_end(signals_pending());
		_exit(6);
	}
	expect_ended_by(pid, SIGTERM);
	cr_expect_not(exists(path), "the file was left");
	remove_tree(dir);
	free(path);
	free(dir);
}
