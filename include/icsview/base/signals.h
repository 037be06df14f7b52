/* The signals that end the program (SIGINT, SIGTERM, SIGHUP), and the
 * temporary files to remove when one of them comes.
 *
 * A program meets an ending signal in one of two ways (enum signals_action):
 * it ends at once, as the signal's default action would, after removing
 * every temporary file registered here; or its handler notes the signal and
 * the program ends when it sees the note (the interface, which must restore
 * the terminal first).  A build registers its temporary database for as
 * long as it writes it: while any file is registered, the ending signals
 * left to their default action end the program at once, removing the files
 * first; a signal the program ignores or handles itself stays as it is.
 * (SIGKILL cannot be caught: a killed build leaves its temporary file,
 * which the next process to use the model cache removes.)
 *
 * Of these functions only signals_remove_temporaries and signals_end may be
 * called from a signal handler. */
#ifndef ICSVIEW_SIGNALS_H
#define ICSVIEW_SIGNALS_H

#include <signal.h>
#include <stdbool.h>

/* The signals that end the program, in signals_ending[]. */
#define SIGNALS_ENDING_COUNT 3
extern const int signals_ending[SIGNALS_ENDING_COUNT];

/* Temporary files registered at once, at most: signals_add_temporary
 * refuses more. */
#define SIGNALS_MAX_TEMPORARIES 8

/* *set: the ending signals (to block them, e.g. while a screen is drawn). */
void signals_ending_set(sigset_t *set);
/* *mask: the calling thread's signal mask without the ending signals, to
 * wait with (pselect, sigsuspend) so that one of them ends the wait. */
void signals_wait_mask(sigset_t *mask);

enum signals_action {
	/* Removes every registered temporary file, then ends the process as
	 * the signal's default action does; the other ending signals wait
	 * meanwhile, so a burst of them cannot end it halfway.  Installed
	 * only on the signals left to their default action. */
	SIGNALS_END,
	/* Notes the signal for signals_pending and returns.  Installed on
	 * every ending signal, without SA_RESTART, so that the signal
	 * interrupts a call that waits (read, pselect).  It removes no file:
	 * the program ends when it sees the note, once whatever holds a
	 * temporary file has finished or abandoned it (or it calls
	 * signals_remove_temporaries first). */
	SIGNALS_NOTE,
};

/* The handlers an install replaced, for signals_uninstall. */
struct signals_saved {
	enum signals_action action;
	bool installed[SIGNALS_ENDING_COUNT];
	struct sigaction previous[SIGNALS_ENDING_COUNT];
};

/* Installs the action's handler on the ending signals, keeping what it
 * replaces in *saved. */
void signals_install(enum signals_action action, struct signals_saved *saved);
/* Puts back the handlers *saved replaced, on each signal whose handler is
 * still the one installed (one that was replaced since stays). */
void signals_uninstall(struct signals_saved *saved);

/* The ending signal SIGNALS_NOTE's handler noted last, 0 for none. */
int signals_pending(void);
/* An ending signal was noted, or is waiting, blocked. */
bool signals_ending_waiting(void);

/* Registers a temporary file to remove if an ending signal comes; the first
 * registration installs SIGNALS_END (see above), the last one forgotten
 * uninstalls it.  Returns the slot to forget it by, or -1 when every slot
 * is taken or the path is too long (that file is then not removed). */
int signals_add_temporary(const char *path);
/* The same for a directory that holds only registered files: removed
 * (rmdir) after them.  A scratch directory of a build. */
int signals_add_temporary_dir(const char *path);
/* Forgets a registration (the file is left as it is); -1 is ignored. */
void signals_forget_temporary(int slot);
/* Removes every registered temporary file (unlink), then every registered
 * directory (rmdir): safe in a signal handler.  The registrations stay. */
void signals_remove_temporaries(void);

/* Ends the process by sig with its default action, as if the signal had
 * not been handled: safe in a signal handler, and from the handler of sig
 * itself.  Returns only if that action does not end the process. */
void signals_end(int sig);

#endif
