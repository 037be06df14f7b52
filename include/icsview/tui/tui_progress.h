/* The progress screen shown while a model's database is built: the file
 * being read, the entities and links so far, the phase, a bar by bytes
 * read, the time taken and an estimate of the time left; before that,
 * while a long walk of the model's directories finds its files, the
 * directory being read and the files found.  It reads a build_progress
 * that a build on another thread fills, draws nothing while no build has
 * started and no walk has taken long (a cached database opens in
 * milliseconds), and cancels the walk and the build on q or an ending
 * signal. */
#ifndef ICSVIEW_TUI_PROGRESS_H
#define ICSVIEW_TUI_PROGRESS_H

#include <stdatomic.h>
#include "icsview/store/build_progress.h"
#include "icsview/tui/tui.h"

/* How the wait for a build ended. */
enum tui_progress_end {
	TUI_PROGRESS_FINISHED,   /* the build (or the open) ended by itself */
	TUI_PROGRESS_QUIT,       /* q: the build was cancelled, and has ended */
	TUI_PROGRESS_SIGNALLED,  /* an ending signal: cancelled, and ended */
};

/* Before the build's thread starts: the ending signals are noted from now
 * on (signals.h, SIGNALS_NOTE), so that they reach the watcher, which
 * restores the terminal, instead of ending the process mid-screen. */
void tui_progress_prepare(void);

/* Waits until *finished (set by the thread that opens the model), drawing
 * the progress screen once a build starts and until it ends, then leaves
 * the terminal as it found it.  On q or an ending signal it sets
 * progress->cancel and still waits for *finished, so that the build has
 * removed its temporary files when this returns; *signal is the signal
 * for TUI_PROGRESS_SIGNALLED.  A terminal curses cannot use is drawn on
 * not at all (the interface says why afterwards).  Keys other than q
 * read meanwhile are kept in *typed for the interface (tui_options). */
enum tui_progress_end tui_progress_watch(struct build_progress *progress,
                                         const atomic_bool *finished, int *signal,
                                         struct tui_typeahead *typed);

#endif
