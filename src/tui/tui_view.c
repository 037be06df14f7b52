/* What the loop works out before each frame is drawn: the screen's
 * areas, the detail pane's content, the scroll positions, and the tree's
 * rows opened to a filter's matches. */
#include <curses.h>
#include "tui_private.h"

int64_t tui_current_eid(const struct tui *t)
{
	if (t->prompt.kind == PROMPT_SEARCH)
		return t->search.selected < t->search.results.count
		       ? t->search.results.items[t->search.selected].eid : 0;
	return outline_selected_eid(&t->tree.outline);
}

void tui_refresh_detail(struct tui *t)
{
	struct detail *d = &t->detail.content;
	int64_t eid = tui_current_eid(t);
	size_t width = t->layout.detail_w > 2 ? (size_t)t->layout.detail_w - 2 : 10;
	bool same = eid == d->eid && width == d->width && d->count, noted;

	if (same && !t->detail.stale)
		return;
	t->detail.stale = false;
	noted = tui_review_note(t, eid);   /* sets t->review.note and t->review.draft_when */
	if (detail_build_reviewed(d, t->st, eid, width, noted ? &t->review.note : NULL,
	                          t->review.draft_when) != STORE_OK)
		tui_message(t, true, "cannot read entity: %s", store_errmsg(t->st));
	if (same)
		return;     /* the same entity again: stay where the reader was */
	t->detail.top = 0;
	t->detail.link = (size_t)-1;
}

/* The screen's rows opened the way to a filter's matches: rows that
 * open above the selection push it down, and the rows then shown open in
 * turn (a few rounds at most: each opens what it shows). */
void tui_open_screen(struct tui *t)
{
	struct outline *o = &t->tree.outline;

	for (int round = 0; round < 3 && o->opening && t->prompt.kind != PROMPT_SEARCH; round++) {
		size_t count = o->count;

		if (outline_open_rows(o, t->tree.top, (size_t)(t->layout.tree_h > 0 ? t->layout.tree_h : 0))
		    != STORE_OK) {
			tui_message(t, true, "cannot read the tree: %s", store_errmsg(t->st));
			return;
		}
		tui_scroll_tree(t);
		if (o->count == count)
			return;
	}
}
