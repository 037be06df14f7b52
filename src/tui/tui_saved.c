/* The view remembered between runs: restored at startup (unless --fresh),
 * stored at the end however the interface ends, and between keys a few
 * seconds at most after it changed, so that a crash loses little.  Only
 * with notes writable: read-only or off, the view is neither restored nor
 * stored, and nothing is said (icsview(1), FILES).  A store is one UPSERT
 * made after the frame is drawn, waiting at most a frame for another
 * process's write. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tui_private.h"

/* At most one store this often while the view changes. */
#define SAVE_INTERVAL_MS 2000.0
/* How long a store between keys waits for another process's write: a
 * frame; a busy file is tried again at the next interval. */
#define SAVE_WAIT_MS 40
/* At the end there is no key to answer: longer. */
#define SAVE_END_WAIT_MS 1000

/* The view as it is; its filter is borrowed from t. */
static void capture(const struct tui *t, struct saved_view *view)
{
	memset(view, 0, sizeof(*view));
	view->root = t->tree.chosen_root;
	view->selected = outline_selected_eid(&t->tree.outline);
	view->filter = t->filter.text;
	for (size_t i = 0; i < SAVED_VIEW_MARKS; i++)
		view->marks[i] = (struct location){ t->places.marks[i].root, t->places.marks[i].eid };
}

/* Stores view; a failure is said once on the status line (and tried again
 * after the interval); returns why it failed, or NULL (caller frees). */
static char *store_view(struct tui *t, const struct saved_view *view, int wait_ms)
{
	struct notes_view record;
	char *error = NULL;

	t->saved.stored_ms = monotonic_ms();
	if (saved_view_record(t->st, view, &record, &error) == 0 &&
	    notes_view_put(t->options.notes, &record, wait_ms) != NOTES_OK)
		error = xstrdup(notes_errmsg(t->options.notes));
	notes_view_clear(&record);
	if (error)
		return error;
	saved_view_copy(&t->saved.stored, view);
	t->saved.store = t->st;
	t->saved.pending = false;
	t->saved.said_failure = false;
	return NULL;
}

void tui_saved_tick(struct tui *t)
{
	struct saved_view now;
	char *error;

	if (!t->saved.on)
		return;
	capture(t, &now);
	if (t->saved.store != t->st || !saved_view_equal(&now, &t->saved.stored))
		t->saved.pending = true;
	if (!t->saved.pending || monotonic_ms() - t->saved.stored_ms < SAVE_INTERVAL_MS)
		return;
	error = store_view(t, &now, SAVE_WAIT_MS);
	if (error && !t->saved.said_failure && !t->message.text[0]) {
		tui_message(t, true, "the view is not remembered: %s", error);
		t->saved.said_failure = true;
	}
	free(error);
}

int tui_saved_wait_ms(const struct tui *t)
{
	double left;

	if (!t->saved.on || !t->saved.pending)
		return -1;
	left = SAVE_INTERVAL_MS - (monotonic_ms() - t->saved.stored_ms);
	return left > 0 ? (int)left + 1 : 0;
}

char *tui_saved_store(struct tui *t)
{
	struct saved_view now;

	if (!t->saved.on)
		return NULL;
	capture(t, &now);
	return store_view(t, &now, SAVE_END_WAIT_MS);
}

void tui_saved_free(struct tui *t)
{
	saved_view_clear(&t->saved.stored);
}

/* ---- restoring ---------------------------------------------------------- */

/* "; gone from the model: the root, 2 marks" for what was dropped. */
static void describe_losses(const struct saved_view_losses *lost, char *buf, size_t size)
{
	size_t n = 0;
	const char *sep = "; gone from the model: ";

	buf[0] = '\0';
	if (lost->root)
		n += (size_t)snprintf(buf + n, size - n, "%sthe root", sep), sep = ", ";
	if (lost->selected && n < size)
		n += (size_t)snprintf(buf + n, size - n, "%sthe selection", sep), sep = ", ";
	if (lost->marks && n < size)
		snprintf(buf + n, size - n, "%s%zu mark%s", sep, lost->marks,
		         lost->marks == 1 ? "" : "s");
}

/* The root, the selection, the marks, then the filter (which keeps the
 * root and looks for the selection as it lands). */
static void show_view(struct tui *t, const struct saved_view *view,
                      struct saved_view_losses *lost)
{
	if (view->root && tui_tree_root(t, view->root, 0) != STORE_OK) {
		lost->root = true;
		tui_tree_root(t, 0, 0);
	}
	if (view->selected && outline_reveal(&t->tree.outline, view->selected) != STORE_OK)
		lost->selected = true;
	for (size_t i = 0; i < SAVED_VIEW_MARKS; i++)
		t->places.marks[i] = (struct mark){ view->marks[i].root, view->marks[i].selected };
}

static void restore(struct tui *t, struct notes *notes)
{
	struct notes_view record;
	struct saved_view view;
	struct saved_view_losses lost;
	char *error = NULL, losses[96];
	int rc = notes_view_get(notes, &record);

	if (rc == NOTES_NOT_FOUND)
		return;
	if (rc != NOTES_OK) {
		tui_message(t, true, "the last view is not restored: %s", notes_errmsg(notes));
		return;
	}
	if (saved_view_resolve(t->st, &record, &view, &lost, &error) != SAVED_VIEW_OK) {
		tui_message(t, true, "the last view is not restored: %s", error);
		free(error);
		notes_view_clear(&record);
		return;
	}
	notes_view_clear(&record);
	show_view(t, &view, &lost);
	describe_losses(&lost, losses, sizeof(losses));
	if (view.filter && !tui_filter_restore(t, view.filter)) {
		char why[sizeof(t->message.text)];

		snprintf(why, sizeof(why), "%s", t->message.text);
		tui_message(t, true, "%s; the rest of the last view is restored%s", why, losses);
	} else {
		tui_message(t, false, "restored the last view (--fresh to start clean)%s", losses);
	}
	t->message.whole = true;   /* said once: the filter's description gives way */
	saved_view_clear(&view);
}

void tui_saved_restore(struct tui *t)
{
	struct notes *notes = t->options.notes;
	struct saved_view now;

	t->saved.on = notes && !notes_read_only(notes);
	if (!t->saved.on)
		return;
	if (!t->options.fresh)
		restore(t, notes);
	capture(t, &now);
	saved_view_copy(&t->saved.stored, &now);
	t->saved.store = t->st;
	t->saved.stored_ms = monotonic_ms();
}
