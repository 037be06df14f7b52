/* Filters in the interface: applied (f), cleared (F), and evaluated a
 * step at a time between keys (filter.h), so that a key is answered within
 * a frame whatever the model's size: the tree shows what is found as it
 * lands, keeping the selection where it is on the screen, and the screen's
 * rows open the way to the matches (outline_set_opening) until the user
 * collapses them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "icsview/query/filter.h"
#include "tui_private.h"
#include "tui_term.h"

/* The tree again under the current filter (or none), keeping the root when
 * something under it is still visible, and the selection when it is. */
static void rebuild_tree(struct tui *t)
{
	int64_t selected = outline_selected_eid(&t->tree);

	if (outline_set_root(&t->tree, t->tree.root, selected) != STORE_OK)
		tui_message(t, true, "cannot read the tree: %s", store_errmsg(t->st));
	/* nothing under the root yet may be something later */
	if (t->tree.count == 0 && t->tree.root && t->filter.complete)
		outline_set_root(&t->tree, 0, selected);
	if (selected && outline_selected_eid(&t->tree) != selected)
		outline_reveal(&t->tree, selected);
}

/* The tree with what the last steps found: the selected entity stays on
 * its line of the screen (rows land above it as well as below).  The
 * entity selected when the filter came, not found yet, is selected when it
 * lands, unless a key came first. */
static void refresh_filtered(struct tui *t)
{
	int64_t selected = outline_selected_eid(&t->tree);
	size_t line = t->tree.selected != OUTLINE_NONE && t->tree.selected >= t->tree_top
	              ? t->tree.selected - t->tree_top : 0;

	rebuild_tree(t);
	if (t->filter_seek && outline_reveal(&t->tree, t->filter_seek) == STORE_OK)
		t->filter_seek = 0;
	else if (selected && outline_selected_eid(&t->tree) == selected)
		t->tree_top = t->tree.selected > line ? t->tree.selected - line : 0;
	if (t->filter.complete)
		t->filter_seek = 0;
}

/* After a filter started: the entity selected before it, when the first
 * step has not found it, is looked for as the steps land. */
void tui_filter_seek_selection(struct tui *t, int64_t eid)
{
	t->filter_seek = eid && !t->filter.complete && outline_selected_eid(&t->tree) != eid ? eid
	                                                                                    : 0;
}

/* Says what a complete filter found when it found nothing; the review's
 * counts are made again over all of it. */
static void filter_completed(struct tui *t)
{
	t->review_generation++;
	if (t->filter.matched == 0)
		tui_message(t, false, "nothing matches: F clears the filter");
}

/* No filter any more (the store's is gone or cleared): the whole tree. */
static void forget_filter(struct tui *t)
{
	free(t->filter_text);
	t->filter_text = NULL;
	memset(&t->filter, 0, sizeof(t->filter));
	t->filter_seek = 0;
	outline_set_opening(&t->tree, false);
	t->review_generation++;
	rebuild_tree(t);
}

/* The filter failed while being evaluated: it is gone. */
static void filter_failed(struct tui *t)
{
	char why[sizeof(t->filter.error.message)];

	snprintf(why, sizeof(why), "%s", t->filter.error.message);
	forget_filter(t);
	tui_message(t, true, "filter: %s; the filter is cleared", why);
}

bool tui_filter_finish(struct tui *t)
{
	if (!t->filter_text || t->filter.complete)
		return true;
	if (filter_finish(t->st, &t->filter) != FILTER_OK) {
		filter_failed(t);
		return false;
	}
	refresh_filtered(t);
	filter_completed(t);
	return true;
}

void tui_filter_apply(struct tui *t, const char *text)
{
	struct filter_error error;
	struct filter_result result;
	struct filter *f;
	int64_t selected;
	int rc;

	if (!*text) {
		tui_message(t, false, "empty filter: F clears the filter");
		return;
	}
	f = filter_parse(text, &error);
	if (!f) {
		tui_message(t, true, "filter: %s (column %zu); the previous filter stays", error.message,
		            error.position + 1);
		return;
	}
	rc = filter_start(t->st, f, &t->filter_pace, &result);
	if (rc == FILTER_INVALID) {
		tui_message(t, true, "filter: %s (column %zu); the previous filter stays",
		            result.error.message, result.error.position + 1);
		filter_free(f);
		return;
	}
	if (!t->filter_text)
		t->unfiltered_selection = outline_selected_eid(&t->tree);
	free(t->filter_text);
	t->filter_text = filter_describe(f);
	t->filter = result;
	filter_free(f);
	if (rc != FILTER_OK) {
		filter_failed(t);
		return;
	}
	t->review_generation++;
	/* the matches are the point: the screen opens the way to them */
	outline_set_opening(&t->tree, true);
	selected = outline_selected_eid(&t->tree);
	rebuild_tree(t);
	tui_filter_seek_selection(t, selected);
	if (result.complete)
		filter_completed(t);
}

void tui_filter_clear(struct tui *t)
{
	if (!t->filter_text) {
		tui_message(t, false, "no filter to clear");
		return;
	}
	filter_clear(t->st);    /* a filter still being evaluated stops */
	forget_filter(t);
	if (t->unfiltered_selection)
		outline_reveal(&t->tree, t->unfiltered_selection);
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Between keys while a filter is being evaluated: steps until a key comes
 * (kept in t->key for the loop), a signal, the end, or a frame's time
 * (the tree and the status line are drawn again after each frame); then
 * the tree with what landed.  A key waits for the step under way at most. */
#define FILTER_FRAME_MS 40.0

void tui_filter_frame(struct tui *t)
{
	double started = now_ms();
	int64_t visible = t->filter.visible, matched = t->filter.matched;

	for (;;) {
		int rc = tui_term_poll_key(&t->key.ch);

		if (rc != ERR) {
			t->key.rc = rc;
			t->key.ready = true;
			break;
		}
		if (tui_term_ending_signal_waiting())
			break;
		if (filter_step(t->st, &t->filter) != FILTER_OK) {
			filter_failed(t);
			return;
		}
		if (t->filter.complete || now_ms() - started >= FILTER_FRAME_MS)
			break;
	}
	if (t->filter.visible != visible || t->filter.matched != matched || t->filter.complete)
		refresh_filtered(t);
	if (t->filter.complete)
		filter_completed(t);
}

/* ICSVIEW_FILTER_CHUNK=N, a test hook: each step of a filter evaluates N
 * entities, so that a small model takes many steps (tests/tui/run.sh
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
