/* The one-line progress of a build on stderr for the commands: updated in
 * place (carriage return) on a terminal once a build has taken half a
 * second, and cleared when it ends.  Not on anything but a terminal,
 * unless --progress: then from the start of a build, one line each update
 * ending in a newline when stderr is not a terminal, and a last line when
 * the build ends. */
#ifndef ICSVIEW_CLI_PROGRESS_H
#define ICSVIEW_CLI_PROGRESS_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include "icsview/store/build_progress.h"

struct progress_line {
	struct build_progress progress;   /* handed to the build */
	pthread_t thread;
	bool running;
	bool terminal;                    /* stderr is a terminal */
	bool forced;                      /* --progress */
	bool shown;                       /* a line was printed */
	atomic_bool stop;
	double started;                   /* when the model began to be opened */
};

/* --progress: the line is printed whatever stderr is, from the start. */
void progress_line_force(void);

/* Starts watching pl->progress on a thread of its own when the line may
 * be shown at all.  pl is zeroed here. */
void progress_line_start(struct progress_line *pl);
/* Stops the thread, then clears the line (a terminal) or prints the last
 * one (--progress elsewhere).  Safe when it never started. */
void progress_line_stop(struct progress_line *pl);

#endif
