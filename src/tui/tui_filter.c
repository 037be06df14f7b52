/* Filters in the interface: applied (f), cleared (F), and evaluated a
 * step at a time between keys (filter.h), so that a key is answered within
 * a frame whatever the model's size: the tree shows what is found as it
 * lands, keeping the selection where it is on the screen, and the screen's
 * rows open the way to the matches (outline_set_opening) until the user
 * collapses them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "icsview/query/filter.h"
#include "tui_private.h"
#include "tui_term.h"

/* The tree again under the current filter (or none), under the root the
 * user chose when something under it is visible or nothing is visible
 * anywhere, else from the top while this filter lasts; the selection
 * kept when it is still shown. */
static void rebuild_tree(struct tui *t)
{
	int64_t selected = outline_selected_eid(&t->tree.outline);

	if (outline_set_root(&t->tree.outline, t->tree.chosen_root, selected) != STORE_OK)
		tui_message(t, true, "cannot read the tree: %s", store_errmsg(t->st));
	/* nothing under the root yet may be something later; matches elsewhere
	 * are shown from the top, the chosen root kept for the next filter */
	if (t->tree.outline.count == 0 && t->tree.outline.root && t->filter.result.complete &&
	    t->filter.result.matched > 0)
		outline_set_root(&t->tree.outline, 0, selected);
	if (selected && outline_selected_eid(&t->tree.outline) != selected)
		outline_reveal(&t->tree.outline, selected);
}

/* The tree with what the last steps found: the selected entity stays on
 * its line of the screen (rows land above it as well as below).  The
 * entity selected when the filter came, not found yet, is selected when it
 * lands, unless a key came first. */
static void refresh_filtered(struct tui *t)
{
	int64_t selected = outline_selected_eid(&t->tree.outline);
	size_t line = t->tree.outline.selected != OUTLINE_NONE && t->tree.outline.selected >= t->tree.top
	              ? t->tree.outline.selected - t->tree.top : 0;

	rebuild_tree(t);
	if (t->filter.seek && outline_reveal(&t->tree.outline, t->filter.seek) == STORE_OK)
		t->filter.seek = 0;
	else if (selected && outline_selected_eid(&t->tree.outline) == selected)
		t->tree.top = t->tree.outline.selected > line ? t->tree.outline.selected - line : 0;
	if (t->filter.result.complete)
		t->filter.seek = 0;
}

/* After a filter started: the entity selected before it, when the first
 * step has not found it, is looked for as the steps land. */
void tui_filter_seek_selection(struct tui *t, int64_t eid)
{
	bool found = outline_selected_eid(&t->tree.outline) == eid;

	t->filter.seek = eid && !t->filter.result.complete && !found ? eid : 0;
}

/* Says what a complete filter found when it found nothing; the review's
 * counts are made again over all of it. */
static void filter_completed(struct tui *t)
{
	t->review.generation++;
	if (t->filter.result.matched == 0)
		tui_message(t, false, "nothing matches: F clears the filter");
}

/* No filter any more (the store's is gone or cleared): the whole tree. */
static void forget_filter(struct tui *t)
{
	free(t->filter.text);
	t->filter.text = NULL;
	memset(&t->filter.result, 0, sizeof(t->filter.result));
	t->filter.seek = 0;
	outline_set_opening(&t->tree.outline, false);
	outline_keep_removed(&t->tree.outline, false);
	t->review.generation++;
	rebuild_tree(t);
}

/* The filter failed while being evaluated: it is gone. */
static void filter_failed(struct tui *t)
{
	char why[sizeof(t->filter.result.error.message)];

	snprintf(why, sizeof(why), "%s", t->filter.result.error.message);
	forget_filter(t);
	tui_message(t, true, "filter: %s; the filter is cleared", why);
}

bool tui_filter_finish(struct tui *t)
{
	if (!t->filter.text || t->filter.result.complete)
		return true;
	if (filter_finish(t->st, &t->filter.result) != FILTER_OK) {
		filter_failed(t);
		return false;
	}
	refresh_filtered(t);
	filter_completed(t);
	return true;
}

bool tui_filter_try(struct tui *t, const char *text, struct filter_error *error)
{
	struct filter_result result;
	struct filter *f;
	int64_t selected;
	int rc;

	f = filter_parse(text, error);
	if (!f)
		return false;
	if (filter_uses_search(f) && store_search_state(t->st) == STORE_SEARCH_BUILDING) {
		/* its free text needs the search index: applied once it is ready */
		free(t->filter.pending);
		t->filter.pending = filter_describe(f);
		filter_free(f);
		return true;
	}
	rc = filter_start(t->st, f, &t->filter.pace, &result);
	if (rc == FILTER_INVALID) {
		*error = result.error;
		filter_free(f);
		return false;
	}
	if (!t->filter.text)
		t->filter.unfiltered_selection = outline_selected_eid(&t->tree.outline);
	free(t->filter.text);
	t->filter.text = filter_describe(f);
	t->filter.result = result;
	outline_keep_removed(&t->tree.outline, filter_keeps_removed(f));
	filter_free(f);
	if (rc != FILTER_OK) {
		filter_failed(t);
		return true;
	}
	t->review.generation++;
	/* the matches are the point: the screen opens the way to them */
	outline_set_opening(&t->tree.outline, true);
	selected = outline_selected_eid(&t->tree.outline);
	rebuild_tree(t);
	tui_filter_seek_selection(t, selected);
	if (result.complete)
		filter_completed(t);
	return true;
}

/* The filter TEXT in force; when it does not parse or fit the model, the
 * status line says why, then `refused` (what became of it). */
static bool start_filter(struct tui *t, const char *text, const char *refused)
{
	struct filter_error error;

	if (!*text) {
		tui_message(t, false, "empty filter: F clears the filter");
		return false;
	}
	if (tui_filter_try(t, text, &error))
		return true;
	tui_message(t, true, "filter: %s (column %zu); %s", error.message, error.position + 1,
	            refused);
	return false;
}

void tui_filter_apply(struct tui *t, const char *text)
{
	start_filter(t, text, "the previous filter stays");
}

bool tui_filter_restore(struct tui *t, const char *text)
{
	return start_filter(t, text, "the remembered filter is dropped");
}

void tui_filter_clear(struct tui *t)
{
	if (t->filter.pending) {
		free(t->filter.pending);
		t->filter.pending = NULL;
		if (!t->filter.text) {
			tui_message(t, false, "the filter waiting for the search index is dropped");
			return;
		}
	}
	if (!t->filter.text) {
		tui_message(t, false, "no filter to clear");
		return;
	}
	filter_clear(t->st);    /* a filter still being evaluated stops */
	forget_filter(t);
	if (t->filter.unfiltered_selection)
		outline_reveal(&t->tree.outline, t->filter.unfiltered_selection);
}

/* Between keys while a filter is being evaluated: steps until a key comes
 * (kept in t->filter.key for the loop), a signal, the end, or a frame's time
 * (the tree and the status line are drawn again after each frame); then
 * the tree with what landed.  A key waits for the step under way at most. */
#define FILTER_FRAME_MS 40.0

void tui_filter_frame(struct tui *t)
{
	double started = monotonic_ms();
	int64_t visible = t->filter.result.visible, matched = t->filter.result.matched;

	for (;;) {
		int rc = tui_term_poll_key(&t->filter.key.ch);

		if (rc != ERR) {
			t->filter.key.rc = rc;
			t->filter.key.ready = true;
			break;
		}
		if (tui_term_ending_signal_waiting())
			break;
		if (filter_step(t->st, &t->filter.result) != FILTER_OK) {
			filter_failed(t);
			return;
		}
		if (t->filter.result.complete || monotonic_ms() - started >= FILTER_FRAME_MS)
			break;
	}
	if (t->filter.result.visible != visible || t->filter.result.matched != matched ||
	    t->filter.result.complete)
		refresh_filtered(t);
	if (t->filter.result.complete)
		filter_completed(t);
}

/* ICSVIEW_FILTER_CHUNK=N, a test hook: each step of a filter evaluates N
 * entities, so that a small model takes many steps (tests/tui/filter-steps.sh
 * watches a filter's progress with it).  Unset: steps paced by time. */
void tui_filter_pace_from_env(struct filter_pace *pace)
{
	const char *chunk = getenv("ICSVIEW_FILTER_CHUNK");
	char *end;
	long long n;

	memset(pace, 0, sizeof(*pace));
	if (!chunk || !*chunk)
		return;
	n = strtoll(chunk, &end, 10);
	if (!*end && n > 0 && n <= 1000000)
		pace->chunk = n;
}
