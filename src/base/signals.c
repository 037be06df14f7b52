/* The signals that end the program and the temporary files they remove
 * (signals.h): the handlers, their installation, and the registry of
 * temporary files that a handler reads. */
#include "icsview/base/signals.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

const int signals_ending[SIGNALS_ENDING_COUNT] = { SIGINT, SIGTERM, SIGHUP };

/* A handler reads the registry while another thread may change it: the
 * slots' flags are lock-free atomics, which a handler may use. */
_Static_assert(ATOMIC_INT_LOCK_FREE == 2, "a signal handler needs lock-free atomic ints");

/* The registry: a path is written before its slot is marked used, and its
 * slot is marked unused before the path is written again. */
static char temporary_paths[SIGNALS_MAX_TEMPORARIES][PATH_MAX];
static atomic_int temporary_used[SIGNALS_MAX_TEMPORARIES];
/* Set before the slot is marked used: the slot holds a directory, removed
 * (rmdir) once every file is. */
static atomic_int temporary_is_dir[SIGNALS_MAX_TEMPORARIES];
/* Registrations and the handlers they install, one thread at a time. */
static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static size_t registered;
static struct signals_saved registry_handlers;

/* The only state SIGNALS_NOTE's handler touches. */
static volatile sig_atomic_t pending;

void signals_ending_set(sigset_t *set)
{
	sigemptyset(set);
	for (size_t i = 0; i < SIGNALS_ENDING_COUNT; i++)
		sigaddset(set, signals_ending[i]);
}

void signals_wait_mask(sigset_t *mask)
{
	pthread_sigmask(SIG_BLOCK, NULL, mask);
	for (size_t i = 0; i < SIGNALS_ENDING_COUNT; i++)
		sigdelset(mask, signals_ending[i]);
}

void signals_remove_temporaries(void)
{
	for (size_t i = 0; i < SIGNALS_MAX_TEMPORARIES; i++)
		if (atomic_load(&temporary_used[i]) && !atomic_load(&temporary_is_dir[i]))
			unlink(temporary_paths[i]);
	for (size_t i = 0; i < SIGNALS_MAX_TEMPORARIES; i++)
		if (atomic_load(&temporary_used[i]) && atomic_load(&temporary_is_dir[i]))
			rmdir(temporary_paths[i]);
}

void signals_end(int sig)
{
	struct sigaction default_action;
	sigset_t only;

	memset(&default_action, 0, sizeof(default_action));
	default_action.sa_handler = SIG_DFL;
	sigemptyset(&default_action.sa_mask);
	sigaction(sig, &default_action, NULL);
	raise(sig);
	/* in sig's own handler sig is blocked: it is delivered once let through */
	sigemptyset(&only);
	sigaddset(&only, sig);
	pthread_sigmask(SIG_UNBLOCK, &only, NULL);
}

static void end_handler(int sig)
{
	int saved = errno;

	signals_remove_temporaries();
	signals_end(sig);
	errno = saved;
}

static void note_handler(int sig)
{
	pending = sig;
}

static void (*handler_of(enum signals_action action))(int)
{
	return action == SIGNALS_END ? end_handler : note_handler;
}

/* The default action (with SA_SIGINFO the handler is in sa_sigaction, a
 * union with sa_handler). */
static bool is_default(const struct sigaction *act)
{
	return !(act->sa_flags & SA_SIGINFO) && act->sa_handler == SIG_DFL;
}

static bool is_ours(const struct sigaction *act, enum signals_action action)
{
	return !(act->sa_flags & SA_SIGINFO) && act->sa_handler == handler_of(action);
}

void signals_install(enum signals_action action, struct signals_saved *saved)
{
	struct sigaction act;

	memset(&act, 0, sizeof(act));
	act.sa_handler = handler_of(action);
	/* SIGNALS_END: the other ending signals wait while the files are
	 * removed (a burst of them would otherwise end the process halfway,
	 * leaving files), and the handler stays: signals_end puts back the
	 * default for the signal that ends the process.  SIGNALS_NOTE: no
	 * SA_RESTART (see signals.h). */
	if (action == SIGNALS_END)
		signals_ending_set(&act.sa_mask);
	else
		sigemptyset(&act.sa_mask);
	act.sa_flags = 0;
	saved->action = action;
	for (size_t i = 0; i < SIGNALS_ENDING_COUNT; i++) {
		struct sigaction *previous = &saved->previous[i];

		saved->installed[i] = false;
		if (sigaction(signals_ending[i], NULL, previous) != 0)
			continue;
		if (action == SIGNALS_END && !is_default(previous))
			continue;
		saved->installed[i] = sigaction(signals_ending[i], &act, NULL) == 0;
	}
}

void signals_uninstall(struct signals_saved *saved)
{
	for (size_t i = 0; i < SIGNALS_ENDING_COUNT; i++) {
		struct sigaction current;

		if (!saved->installed[i])
			continue;
		if (sigaction(signals_ending[i], NULL, &current) == 0 && is_ours(&current, saved->action))
			sigaction(signals_ending[i], &saved->previous[i], NULL);
		saved->installed[i] = false;
	}
}

int signals_pending(void)
{
	return pending;
}

bool signals_ending_waiting(void)
{
	sigset_t waiting;

	if (pending)
		return true;
	if (sigpending(&waiting) != 0)
		return false;
	for (size_t i = 0; i < SIGNALS_ENDING_COUNT; i++)
		if (sigismember(&waiting, signals_ending[i]) == 1)
			return true;
	return false;
}

static int add_temporary(const char *path, bool is_dir)
{
	size_t length = strlen(path);
	int slot = -1;

	if (length >= PATH_MAX)
		return -1;
	pthread_mutex_lock(&registry_lock);
	for (int i = 0; i < SIGNALS_MAX_TEMPORARIES && slot < 0; i++) {
		if (!atomic_load(&temporary_used[i])) {
			memcpy(temporary_paths[i], path, length + 1);
			atomic_store(&temporary_is_dir[i], is_dir);
			atomic_store(&temporary_used[i], 1);
			slot = i;
		}
	}
	if (slot >= 0 && registered++ == 0)
		signals_install(SIGNALS_END, &registry_handlers);
	pthread_mutex_unlock(&registry_lock);
	return slot;
}

int signals_add_temporary(const char *path)
{
	return add_temporary(path, false);
}

int signals_add_temporary_dir(const char *path)
{
	return add_temporary(path, true);
}

void signals_forget_temporary(int slot)
{
	if (slot < 0 || slot >= SIGNALS_MAX_TEMPORARIES)
		return;
	pthread_mutex_lock(&registry_lock);
	if (atomic_load(&temporary_used[slot])) {
		atomic_store(&temporary_used[slot], 0);
		if (--registered == 0)
			signals_uninstall(&registry_handlers);
	}
	pthread_mutex_unlock(&registry_lock);
}
