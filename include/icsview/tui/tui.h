/* The full-screen interface: breadcrumb, tree pane, detail pane and status
 * line over an open model. */
#ifndef ICSVIEW_TUI_H
#define ICSVIEW_TUI_H

#include <stdbool.h>
#include "icsview/store/store.h"

enum color_mode { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };

struct notes;
struct since;

/* What the reload key found (tui_options.reload). */
enum tui_reload {
	TUI_RELOAD_UNCHANGED,   /* the model's files have not changed */
	TUI_RELOAD_CHANGED,     /* they have: *st is the model opened again */
	TUI_RELOAD_REBUILT,     /* the old store was damaged: *st is the model built again */
	TUI_RELOAD_FAILED,      /* the model cannot be opened now: *error says why */
};

/* How the interface ended. */
enum tui_outcome {
	TUI_QUIT,               /* the user quit */
	TUI_INPUT_LOST,         /* its input went away (a dropped connection) */
	TUI_SIGNALLED,          /* a signal ended it: SIGINT, SIGTERM or SIGHUP */
	TUI_MODEL_UNREADABLE,   /* the model could not be read; stderr says why */
	TUI_NO_TERMINAL,        /* the terminal could not be used; stderr says why */
};

/* Keys typed while the progress screen was up (tui_progress.h), for the
 * interface to read first, in order: typing ahead is not lost. */
#define TUI_TYPEAHEAD_MAX 256
struct tui_typeahead {
	int keys[TUI_TYPEAHEAD_MAX];
	size_t count;
};

struct tui_options {
	bool ascii;             /* ASCII markers and lines, whatever the locale */
	enum color_mode color;
	struct notes *notes;    /* the review's notes (not owned); NULL: notes are off */
	const char *notes_problem;   /* why notes are off, or read-only; NULL */
	bool fresh;             /* start clean: the remembered view is not restored */
	const struct tui_typeahead *typeahead;   /* read before the terminal; NULL: none */
	/* The reload key: `reload` opens the model again when its files
	 * changed (TUI_RELOAD_CHANGED, with *st the new store; the old one
	 * stays open), or when the old store was damaged (TUI_RELOAD_REBUILT,
	 * the same), says they did not change or why it cannot
	 * (TUI_RELOAD_FAILED, *error: caller frees); after a new store the
	 * interface lets go of the old one and calls `release`, which closes
	 * it.  NULL: no reloading. */
	enum tui_reload (*reload)(void *ctx, struct store **st, char **error);
	void (*release)(void *ctx);
	void *reload_ctx;
	/* icsview --since: what changed since an older model (since.h), its
	 * marks in the tree, the Changes section, the changed: filter.  The
	 * interface takes `since` (it closes it) and compares since_old,
	 * which stays the caller's, with the model again after a reload.
	 * NULL: no comparison. */
	struct since *since;
	struct store *since_old;
};

/* Runs the interface until the user quits or a signal ends it; the
 * terminal is restored in every case.  Returns how it ended, with the
 * signal in *ending_signal when one did (else 0). */
enum tui_outcome tui_run(struct store *st, const struct tui_options *options, int *ending_signal);

#endif
