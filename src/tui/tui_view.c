/* What the loop works out before each frame is drawn: the screen's
 * areas, the detail pane's content, the scroll positions, and the tree's
 * rows opened to a filter's matches. */
#include <curses.h>
#include "tui_private.h"

int64_t tui_current_eid(const struct tui *t)
{
	if (t->prompt == PROMPT_SEARCH)
		return t->result_sel < t->results.count ? t->results.items[t->result_sel].eid : 0;
	return outline_selected_eid(&t->tree);
}

void tui_refresh_detail(struct tui *t)
{
	int64_t eid = tui_current_eid(t);
	size_t width = t->layout.detail_w > 2 ? (size_t)t->layout.detail_w - 2 : 10;

	bool same = eid == t->detail.eid && width == t->detail.width && t->detail.count, noted;

	if (same && !t->detail_stale)
		return;
	t->detail_stale = false;
	noted = tui_review_note(t, eid);   /* sets t->note and t->note_draft_when */
	if (detail_build_reviewed(&t->detail, t->st, eid, width, noted ? &t->note : NULL,
	                          t->note_draft_when) != STORE_OK)
		tui_message(t, true, "cannot read entity: %s", store_errmsg(t->st));
	if (same)
		return;     /* the same entity again: stay where the reader was */
	t->detail_top = 0;
	t->detail_link = (size_t)-1;
}

/* The screen's rows opened the way to a filter's matches: rows that
 * open above the selection push it down, and the rows then shown open in
 * turn (a few rounds at most: each opens what it shows). */
void tui_open_screen(struct tui *t)
{
	for (int round = 0; round < 3 && t->tree.opening && t->prompt != PROMPT_SEARCH; round++) {
		size_t count = t->tree.count;

		if (outline_open_rows(&t->tree, t->tree_top, (size_t)(t->layout.tree_h > 0
		                                                      ? t->layout.tree_h : 0))
		    != STORE_OK) {
			tui_message(t, true, "cannot read the tree: %s", store_errmsg(t->st));
			return;
		}
		tui_scroll_tree(t);
		if (t->tree.count == count)
			return;
	}
}
