/* The full-screen interface: breadcrumb, tree pane, detail pane and status
 * line over an open model. */
#ifndef ICSVIEW_TUI_H
#define ICSVIEW_TUI_H

#include <stdbool.h>
#include "icsview/store/store.h"

enum color_mode { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };

struct notes;

struct tui_options {
	bool ascii;             /* ASCII markers and lines, whatever the locale */
	enum color_mode color;
	struct notes *notes;    /* the review's notes (not owned); NULL: notes are off */
	const char *notes_problem;   /* why notes are off, or read-only; NULL */
	/* The reload key: `reload` opens the model again when its files
	 * changed (1, with *st the new store; the old one stays open), says
	 * they did not (0) or why it cannot (-1, *error: caller frees); 2 when
	 * the old store was damaged and the model was built again; after a 1
	 * or 2 the interface lets go of the old store and calls `release`,
	 * which closes it.  NULL: no reloading. */
	int (*reload)(void *ctx, struct store **st, char **error);
	void (*release)(void *ctx);
	void *reload_ctx;
};

/* Runs the interface until the user quits or a signal ends it; the
 * terminal is restored in every case.  Returns the exit status. */
int tui_run(struct store *st, const struct tui_options *options);

#endif
