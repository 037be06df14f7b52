/* What the loop works out before each frame is drawn: the screen's
 * areas, the detail pane's content, the scroll positions, the tree's rows
 * opened to a filter's matches and read, and the note editor's place.
 * Drawing (tui_draw.c) then only reads them. */
#include <curses.h>
#include <string.h>
#include "tui_private.h"
#include "icsview/views/detail_since.h"

void tui_layout(struct tui *t, int rows, int cols)
{
	struct layout *l = &t->layout;
	int body;

	memset(l, 0, sizeof(*l));
	l->rows = rows;
	l->cols = cols;
	l->too_small = rows < 6 || cols < 20;
	if (l->too_small)
		return;
	body = rows - 2;
	l->stacked = cols < 80;
	l->tree_y = 1;
	l->tree_x = 0;
	if (!l->stacked) {
		l->tree_h = body;
		l->tree_w = cols >= 120 ? cols / 2 : cols * 45 / 100;
		l->detail_y = 1;
		l->detail_x = l->tree_w + 1;
		l->detail_h = body;
		l->detail_w = cols - l->detail_x;
		return;
	}
	l->tree_w = cols;
	if (t->detail.hidden || body < 5) {
		l->tree_h = body;
		return;
	}
	l->tree_h = body * 55 / 100;
	l->detail_y = l->tree_y + l->tree_h + 1;
	l->detail_x = 0;
	l->detail_h = body - l->tree_h - 1;
	l->detail_w = cols;
}

bool tui_editor_box(const struct layout *l, struct area *box)
{
	box->y = 1;
	box->x = l->detail_h > 0 ? l->detail_x : 0;
	box->h = l->rows - 2;
	box->w = l->cols - box->x;
	return !l->too_small && box->h >= 3 && box->w >= 8;
}

int64_t tui_current_eid(const struct tui *t)
{
	if (t->prompt.kind == PROMPT_SEARCH)
		return t->search.selected < t->search.results.count
		       ? t->search.results.items[t->search.selected].eid : 0;
	return outline_selected_eid(&t->tree.outline);
}

const struct diff_change *tui_current_removed(const struct tui *t)
{
	return t->prompt.kind == PROMPT_SEARCH ? NULL : outline_selected_removed(&t->tree.outline);
}

/* What an action would give the selection, for tui_refuse_removed to
 * say it cannot; NULL: it needs no entity of the model. */
static const char *needs_entity(const struct tui *t, enum action a)
{
	switch (a) {
	case ACTION_DRILL_DOWN: return t->focus == FOCUS_TREE ? "not a root" : NULL;
	case ACTION_PAGER: return "no text for the pager";
	case ACTION_COPY_ID: return "nothing copied";
	case ACTION_DIAGRAM: return "no diagram";
	case ACTION_EDIT_NOTE: case ACTION_EDIT_EXTERNAL: return "no note";
	case ACTION_CYCLE_FLAG: case ACTION_FLAG_NONE: case ACTION_FLAG_OK:
	case ACTION_FLAG_QUESTION: case ACTION_FLAG_CONCERN: return "no flag";
	case ACTION_TOGGLE_REVIEWED: return "no reviewed mark";
	case ACTION_MARK: return "no mark";
	default: return NULL;
	}
}

bool tui_refuse_removed(struct tui *t, enum action a)
{
	const struct diff_change *gone = tui_current_removed(t);
	const char *what = gone ? needs_entity(t, a) : NULL;

	if (!what)
		return false;
	/* notes and marks are kept by the model's entities: one the model no
	 * longer has could not show them, nor count in the review */
	tui_message(t, false, "not in this model (removed): %s", what);
	return true;
}

/* The detail pane for a removed entity's row, read from the older model. */
static void refresh_removed(struct tui *t, const struct diff_change *gone, size_t width)
{
	struct detail *d = &t->detail.content;
	bool same = d->eid == since_removed_place_of(gone->before.eid) && width == d->width &&
	            d->count;

	if (same && !t->detail.stale)
		return;
	t->detail.stale = false;
	if (detail_build_removed(d, t->since, gone, width, !t->term.utf8) != STORE_OK)
		tui_message(t, true, "cannot read the older model: %s",
		            store_errmsg(since_old_store(t->since)));
	if (same)
		return;
	t->detail.top = 0;
	t->detail.link = (size_t)-1;
}

void tui_refresh_detail(struct tui *t)
{
	struct detail *d = &t->detail.content;
	int64_t eid = tui_current_eid(t);
	size_t width = t->layout.detail_w > 2 ? (size_t)t->layout.detail_w - 2 : 10;
	const struct diff_change *gone = tui_current_removed(t);
	bool same = eid == d->eid && width == d->width && d->count, noted;

	if (gone) {
		refresh_removed(t, gone, width);
		return;
	}
	if (same && !t->detail.stale)
		return;
	t->detail.stale = false;
	noted = tui_review_note(t, eid);   /* sets t->review.note, .draft_when and .changes */
	d->review_changes = noted ? &t->review.changes : NULL;
	d->review_conflict = noted && t->review.conflict.who ? &t->review.conflict : NULL;
	if (detail_build_reviewed(d, t->st, eid, width, noted ? &t->review.note : NULL,
	                          t->review.draft_when) != STORE_OK)
		tui_message(t, true, "cannot read entity: %s", store_errmsg(t->st));
	detail_add_changes(d, t->since, eid, !t->term.utf8);
	if (same)
		return;     /* the same entity again: stay where the reader was */
	t->detail.top = 0;
	t->detail.link = (size_t)-1;
}

void tui_scroll_tree(struct tui *t)
{
	size_t h = t->layout.tree_h > 0 ? (size_t)t->layout.tree_h : 1;

	if (t->tree.outline.selected == OUTLINE_NONE) {
		t->tree.top = 0;
		return;
	}
	if (t->tree.outline.selected < t->tree.top)
		t->tree.top = t->tree.outline.selected;
	else if (t->tree.outline.selected >= t->tree.top + h)
		t->tree.top = t->tree.outline.selected - h + 1;
	if (t->tree.top + h > t->tree.outline.count)
		t->tree.top = t->tree.outline.count > h ? t->tree.outline.count - h : 0;
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

size_t tui_clamp_detail(struct tui *t)
{
	size_t h = t->layout.detail_h > 0 ? (size_t)t->layout.detail_h : 1;

	if (t->detail.top + h > t->detail.content.count)
		t->detail.top = t->detail.content.count > h ? t->detail.content.count - h : 0;
	return h;
}

void tui_scroll_detail(struct tui *t)
{
	size_t h = t->layout.detail_h > 0 ? (size_t)t->layout.detail_h : 1;

	if (t->detail.link != (size_t)-1) {
		if (t->detail.link < t->detail.top)
			t->detail.top = t->detail.link;
		else if (t->detail.link >= t->detail.top + h)
			t->detail.top = t->detail.link - h + 1;
	}
	tui_clamp_detail(t);
}

/* The search results listed in the tree pane keep the selected one on
 * screen. */
static void scroll_results(struct tui *t)
{
	struct search_list *s = &t->search;
	size_t h = (size_t)t->layout.tree_h;

	if (t->layout.too_small || t->prompt.kind != PROMPT_SEARCH || s->results.count == 0)
		return;
	if (s->selected < s->top)
		s->top = s->selected;
	else if (s->selected >= s->top + h)
		s->top = s->selected - h + 1;
}

/* Reads the tree's rows on screen, which drawing only looks at
 * (outline_peek_row).  One that cannot be read is drawn as "?", and the
 * status line says why unless it shows an error already. */
static void read_shown_rows(struct tui *t)
{
	if (t->layout.too_small || t->prompt.kind == PROMPT_SEARCH)
		return;
	for (int r = 0; r < t->layout.tree_h; r++) {
		size_t index = t->tree.top + (size_t)r;

		if (index >= t->tree.outline.count)
			break;
		if (!outline_row(&t->tree.outline, index) &&
		    (!t->message.is_error || !t->message.text[0]))
			tui_message(t, true, "cannot read the tree: %s", store_errmsg(t->st));
	}
}

/* Matches under the root counted a frame at most: about a millisecond
 * (a match costs a lookup or two of its parents). */
#define HERE_BATCH 1024

bool tui_count_here(struct tui *t)
{
	int64_t root = t->tree.outline.root;
	struct filter_scope *scope = t->filter.here.scope;
	bool complete;

	if (!t->filter.text || !root) {
		filter_scope_free(scope);
		t->filter.here.scope = NULL;
		return false;
	}
	if (scope && (filter_scope_root(scope) != root ||
	              t->filter.here.generation != t->review.generation)) {
		filter_scope_free(scope);
		scope = NULL;
	}
	if (!scope) {
		scope = t->filter.here.scope = filter_scope_new(root);
		t->filter.here.generation = t->review.generation;
		t->filter.here.caught_up = t->filter.here.done = false;
		t->filter.here.count = 0;
	}
	if (t->filter.here.done)
		return false;
	complete = t->filter.result.complete;
	if (filter_scope_count(t->st, scope, HERE_BATCH, &t->filter.here.count,
	                       &t->filter.here.caught_up) != FILTER_OK) {
		/* no count rather than a wrong one: the status line leaves it out */
		filter_scope_free(scope);
		t->filter.here.scope = NULL;
		return false;
	}
	t->filter.here.done = t->filter.here.caught_up && complete;
	return !t->filter.here.done;
}

void tui_help_box(const struct layout *l, struct area *box)
{
	box->w = l->cols < 76 ? l->cols - 2 : 74;
	box->h = l->rows - 2;
	box->x = (l->cols - box->w) / 2;
	box->y = 1;
}

size_t tui_help_width(const struct layout *l)
{
	struct area box;

	tui_help_box(l, &box);
	/* a border and a margin either side */
	return box.w > 4 ? (size_t)(box.w - 4) : 1;
}

size_t tui_help_rows(const struct layout *l)
{
	/* between its borders, which are under the window's first row and
	 * above the status line */
	return l->rows > 4 ? (size_t)(l->rows - 4) : 0;
}

void tui_help_wrap(struct tui *t)
{
	size_t width = tui_help_width(&t->layout);

	if (!t->help.content.count)
		help_build(&t->help.content, !t->term.utf8);
	if (t->help.rows.count && t->help.rows.width == width)
		return;
	help_wrap(&t->help.content, width, &t->help.rows);
}

void tui_help_show(struct tui *t, enum help_section section)
{
	tui_help_wrap(t);
	t->help.shown = true;
	t->help.typing = false;
	sb_reset(&t->help.query);
	t->help.top = help_section_row(&t->help.content, &t->help.rows, section);
}

/* The help scrolls no further than its last line at the foot; wrapped
 * again to a new width, it keeps the line at its top. */
static void clamp_help(struct tui *t)
{
	size_t rows = tui_help_rows(&t->layout), lines, top_line = 0;

	if (!t->help.shown || t->layout.too_small)
		return;
	if (t->help.top < t->help.rows.count)
		top_line = t->help.rows.items[t->help.top].line;
	if (t->help.rows.width != tui_help_width(&t->layout)) {
		tui_help_wrap(t);
		t->help.top = 0;
		while (t->help.top + 1 < t->help.rows.count &&
		       t->help.rows.items[t->help.top].line < top_line)
			t->help.top++;
	}
	lines = t->help.rows.count;
	if (t->help.top + rows > lines)
		t->help.top = lines > rows ? lines - rows : 0;
}

/* --since: the changes under the root, for the status line (kept by
 * since.c for the root last asked). */
static void count_changes(struct tui *t)
{
	if (t->since)
		t->since_here = since_count_under(t->since, t->tree.outline.root);
}

void tui_view_prepare(struct tui *t)
{
	tui_layout(t, getmaxy(stdscr), getmaxx(stdscr));
	tui_refresh_detail(t);
	tui_review_update(t);
	tui_scroll_tree(t);
	tui_open_screen(t);
	tui_scroll_detail(t);
	scroll_results(t);
	read_shown_rows(t);
	tui_count_here(t);
	count_changes(t);
	clamp_help(t);
	if (t->editor.active)
		tui_editor_place(t);
	tui_diagram_prepare(t);
}
