/* The full-screen interface: breadcrumb, tree pane, detail pane and status
 * line over an open model. */
#ifndef ICSVIEW_TUI_H
#define ICSVIEW_TUI_H

#include <stdbool.h>
#include "icsview/store.h"

enum color_mode { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };

struct notes;

struct tui_options {
	bool ascii;             /* ASCII markers and lines, whatever the locale */
	enum color_mode color;
	struct notes *notes;    /* the review's notes (not owned); NULL: notes are off */
	const char *notes_problem;   /* why notes are off, or read-only; NULL */
};

/* Runs the interface until the user quits or a signal ends it; the
 * terminal is restored in every case.  Returns the exit status. */
int tui_run(struct store *st, const struct tui_options *options);

#endif
