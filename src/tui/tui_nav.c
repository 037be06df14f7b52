/* Moving about: the selection in the tree and the links of the detail
 * pane, expanding and collapsing, drilling down and up, jumps, history,
 * marks, and the mouse. */
#include <curses.h>
#include <string.h>
#include "tui_private.h"

/* * stops expanding past about this many rows (a whole model can be
 * hundreds of thousands). */
#define EXPAND_ALL_ROWS 100000

static struct location here(const struct tui *t)
{
	struct location loc = { t->tree.outline.root, outline_selected_eid(&t->tree.outline) };
	return loc;
}

/* Reveals eid in the tree; one that a filter under way has not reached
 * yet may match, so then the filter finishes first and it is tried again. */
static int reveal_filtered(struct tui *t, int64_t eid)
{
	int rc = outline_reveal(&t->tree.outline, eid);

	if (rc != STORE_OK && t->filter.text && !t->filter.result.complete && tui_filter_finish(t))
		rc = outline_reveal(&t->tree.outline, eid);
	return rc;
}

int tui_tree_root(struct tui *t, int64_t root, int64_t selected)
{
	int rc = outline_set_root(&t->tree.outline, root, selected);

	if (rc == STORE_OK)
		t->tree.chosen_root = root;
	return rc;
}

/* Shows a location: its root, its selection (revealed). */
void tui_show_location(struct tui *t, struct location loc)
{
	if (tui_tree_root(t, loc.root, 0) != STORE_OK) {
		tui_message(t, true, "cannot read the tree: %s", store_errmsg(t->st));
		return;
	}
	if (loc.selected && reveal_filtered(t, loc.selected) != STORE_OK)
		tui_message(t, true, "that entity is no longer here");
}

/* Jumps to an entity, keeping the root when the entity is under it, else
 * going back to the model's roots; recorded in history. */
void tui_jump_to(struct tui *t, int64_t eid)
{
	struct location from = here(t), to;

	if (reveal_filtered(t, eid) != STORE_OK) {
		if (tui_tree_root(t, 0, 0) != STORE_OK ||
		    outline_reveal(&t->tree.outline, eid) != STORE_OK) {
			tui_message(t, true, t->filter.text ? "that entity is hidden by the filter (F clears it)"
			                                    : "cannot find that entity in the tree");
			tui_show_location(t, from);
			return;
		}
	}
	to = here(t);
	history_navigate(&t->places.history, from, to);
	t->focus = FOCUS_TREE;
}

size_t tui_page_rows(const struct tui *t)
{
	return t->layout.tree_h > 1 ? (size_t)t->layout.tree_h - 1 : 1;
}

static void tree_move(struct tui *t, long delta)
{
	size_t sel = t->tree.outline.selected;

	if (sel == OUTLINE_NONE)
		return;
	if (delta < 0 && (size_t)-delta > sel)
		sel = 0;
	else
		sel = (size_t)((long)sel + delta);
	outline_select(&t->tree.outline, sel);
}

static void detail_move(struct tui *t, int dir, size_t steps)
{
	for (size_t i = 0; i < steps; i++) {
		size_t next = detail_next_stop(&t->detail.content, t->detail.link, dir);
		if (next == (size_t)-1) {
			/* nothing more to select that way: scroll instead */
			if (dir > 0 && t->detail.top + 1 < t->detail.content.count)
				t->detail.top++;
			else if (dir < 0 && t->detail.top > 0)
				t->detail.top--;
			continue;
		}
		t->detail.link = next;
	}
}

/* After the detail pane scrolled a page, the selected link goes with the
 * view (the first link shown, or the last when it went up; none when it
 * shows no link): keeping the old one in sight would pull the view back
 * to it, and PgDn would stop short of the end. */
static void detail_link_into_view(struct tui *t, int dir)
{
	size_t h = tui_clamp_detail(t), top = t->detail.top, link;

	if (t->detail.link != (size_t)-1 && t->detail.link >= top && t->detail.link < top + h)
		return;
	link = dir > 0 ? detail_next_stop(&t->detail.content, top ? top - 1 : (size_t)-1, 1)
	               : detail_next_stop(&t->detail.content, top + h, -1);
	t->detail.link = link != (size_t)-1 && link >= top && link < top + h ? link : (size_t)-1;
}

/* g and G (Home, End) in the detail pane: its first or its last link,
 * when the view at that end shows it. */
static void detail_link_at_end(struct tui *t, int dir)
{
	const struct detail *d = &t->detail.content;
	size_t h = tui_clamp_detail(t), top = t->detail.top;
	size_t link = dir > 0 ? detail_next_link(d, d->count, -1) : detail_next_link(d, (size_t)-1, 1);

	t->detail.link = link != (size_t)-1 && link >= top && link < top + h ? link : (size_t)-1;
}

/* Scrolls the tree so that the `added` rows just opened under `row` are
 * on screen, as many as fit with `row` kept at the top at most: opening
 * the last row on screen would otherwise show nothing of what it opened. */
static void reveal_opened(struct tui *t, size_t row, size_t added)
{
	size_t h = t->layout.tree_h > 0 ? (size_t)t->layout.tree_h : 1;
	size_t last = row + added;

	if (last >= t->tree.top + h)
		t->tree.top = last - h + 1;
	if (t->tree.top > row)
		t->tree.top = row;
}

static void expand_or_enter(struct tui *t)
{
	size_t row = t->tree.outline.selected;
	const struct outline_row *r;

	if (row == OUTLINE_NONE)
		return;
	r = outline_row(&t->tree.outline, row);
	if (!r) {
		tui_message(t, true, "cannot read the tree: %s", store_errmsg(t->st));
		return;
	}
	if (r->secondary) {
		tui_jump_to(t, r->eid);     /* a link: go to its own place */
		return;
	}
	if (!r->expanded && outline_row_children(r)) {
		size_t before = t->tree.outline.count;

		if (outline_expand(&t->tree.outline, row) != STORE_OK)
			tui_message(t, true, "cannot read the tree: %s", store_errmsg(t->st));
		else
			reveal_opened(t, row, t->tree.outline.count - before);
		return;
	}
	if (r->expanded && row + 1 < t->tree.outline.count)
		outline_select(&t->tree.outline, row + 1);
}

static void collapse_or_parent(struct tui *t)
{
	size_t row = t->tree.outline.selected, parent;
	const struct outline_row *r;

	if (row == OUTLINE_NONE)
		return;
	r = outline_row(&t->tree.outline, row);
	if (r && r->expanded) {
		outline_collapse(&t->tree.outline, row);
		return;
	}
	parent = outline_parent(&t->tree.outline, row);
	if (parent != OUTLINE_NONE)
		outline_select(&t->tree.outline, parent);
}

static void drill_down(struct tui *t)
{
	struct location from = here(t);
	int64_t eid = outline_selected_eid(&t->tree.outline);
	const struct outline_row *r;

	if (!eid)
		return;
	r = outline_row(&t->tree.outline, t->tree.outline.selected);
	if (r && outline_row_children(r) == 0) {
		tui_message(t, false, "%s has nothing under it", r->name);
		return;
	}
	if (tui_tree_root(t, eid, 0) != STORE_OK) {
		tui_message(t, true, "cannot read the tree: %s", store_errmsg(t->st));
		return;
	}
	history_navigate(&t->places.history, from, here(t));
}

static void drill_up(struct tui *t)
{
	struct location from = here(t);
	struct entity root;
	int64_t old_root = t->tree.outline.root;

	if (old_root == 0) {
		tui_message(t, false, "already at the top");
		return;
	}
	if (store_entity(t->st, old_root, &root) != STORE_OK)
		return;
	if (tui_tree_root(t, root.parent, old_root) == STORE_OK)
		history_navigate(&t->places.history, from, here(t));
	entity_clear(&root);
}

/* An id wins outright (resolve.h); the others it names are said, and /
 * lists them all. */
void tui_goto_text(struct tui *t, const char *text)
{
	struct resolve_options options = { .path_separator = t->term.utf8 ? " › " : " > " };
	struct resolve_result found = { 0 };

	switch (resolve_text(t->st, text, &options, &found)) {
	case RESOLVE_NONE:
		tui_message(t, true, "nothing matches '%s'", text);
		break;
	case RESOLVE_FAILED:
		/* ids, codes and whole names need no search index; words do */
		if (store_search_state(t->st) == STORE_SEARCH_BUILDING)
			tui_message(t, true, "'%s' needs the search index, not ready yet (%u%%)", text,
			            store_search_permille(t->st) / 10);
		else
			tui_message(t, true, "lookup failed: %s", store_errmsg(t->st));
		break;
	case RESOLVE_ONE:
		tui_jump_to(t, found.items[0].eid);
		if (found.also_named)
			tui_message(t, false, "id %s; %zu other%s also answer%s to '%s': /%s lists all",
			            found.items[0].id, found.also_named, found.also_named == 1 ? "" : "s",
			            found.also_named == 1 ? "s" : "", text, text);
		break;
	case RESOLVE_SEVERAL:
		tui_pick_open(t, text, &found);
		break;
	}
	resolve_result_clear(&found);
}

void tui_set_mark(struct tui *t, int letter)
{
	if (letter < 'a' || letter > 'z') {
		tui_message(t, true, "marks are letters a-z");
		return;
	}
	t->places.marks[letter - 'a'] = (struct mark){ t->tree.outline.root,
	                                               outline_selected_eid(&t->tree.outline) };
	tui_message(t, false, "mark '%c' set", letter);
}

void tui_jump_mark(struct tui *t, int letter)
{
	struct mark m;

	if (letter < 'a' || letter > 'z' || !t->places.marks[letter - 'a'].eid) {
		tui_message(t, true, "no mark '%c'", letter >= ' ' && letter < 127 ? letter : '?');
		return;
	}
	m = t->places.marks[letter - 'a'];
	history_navigate(&t->places.history, here(t), (struct location){ m.root, m.eid });
	tui_show_location(t, (struct location){ m.root, m.eid });
}

/* The group cut at more line `index` lists its next page in the more
 * line's place.  From the detail pane the first new link is selected;
 * the view stays where it is. */
static void load_more(struct tui *t, size_t index)
{
	size_t first, before = t->detail.content.count, selected = t->detail.link;

	if (detail_load_more(&t->detail.content, t->st, index, &first) != STORE_OK) {
		tui_message(t, true, "cannot read the links: %s", store_errmsg(t->st));
		return;
	}
	/* lines after the more line moved by the difference */
	if (selected != (size_t)-1 && selected > first && selected < before)
		selected = selected + t->detail.content.count - before;
	if (t->detail.top > first)
		t->detail.top = t->detail.top + t->detail.content.count - before;
	if (t->focus == FOCUS_DETAIL || selected == first)
		selected = first < t->detail.content.count &&
		           (t->detail.content.lines[first].style == DETAIL_LINK ||
		            t->detail.content.lines[first].style == DETAIL_MORE)
		           ? first : detail_next_link(&t->detail.content, first, -1);
	t->detail.link = selected;
}

/* +: the selected more line, else the first one from the top of the
 * view down, else the first one above it. */
static void more_links(struct tui *t)
{
	size_t found = (size_t)-1;

	if (t->detail.link != (size_t)-1 && t->detail.link < t->detail.content.count &&
	    t->detail.content.lines[t->detail.link].style == DETAIL_MORE) {
		load_more(t, t->detail.link);
		return;
	}
	for (size_t i = t->detail.top; i < t->detail.content.count && found == (size_t)-1; i++)
		if (t->detail.content.lines[i].style == DETAIL_MORE)
			found = i;
	for (size_t i = 0; i < t->detail.top && i < t->detail.content.count && found == (size_t)-1; i++)
		if (t->detail.content.lines[i].style == DETAIL_MORE)
			found = i;
	if (found == (size_t)-1) {
		tui_message(t, false, "every link is listed");
		return;
	}
	load_more(t, found);
}

/* Folds or unfolds the heading or group selected in the detail pane; the
 * pane is built again before the next frame, the header where it was. */
static bool fold_selected(struct tui *t)
{
	if (t->focus != FOCUS_DETAIL || !detail_toggle_fold(&t->detail.content, t->detail.link))
		return false;
	t->detail.stale = true;
	return true;
}

/* { and }: the previous or next heading or group in the detail pane,
 * which takes the focus; from the tree, the search starts at the pane's
 * selection, or at the top of its view. */
static void section_step(struct tui *t, int dir)
{
	const struct detail *d = &t->detail.content;
	size_t from = t->detail.link, next;

	if (t->layout.detail_h <= 0) {
		tui_message(t, false, "the detail pane is hidden (d shows it)");
		return;
	}
	if (from == (size_t)-1)
		from = dir > 0 ? (t->detail.top ? t->detail.top - 1 : (size_t)-1) : t->detail.top;
	next = detail_next_header(d, from, dir);
	if (next == (size_t)-1) {
		tui_message(t, false, dir > 0 ? "no section further down" : "no section further up");
		return;
	}
	t->detail.link = next;
	t->focus = FOCUS_DETAIL;
}

static void follow_detail_link(struct tui *t)
{
	if (t->detail.link == (size_t)-1 || t->detail.link >= t->detail.content.count)
		return;
	if (fold_selected(t))
		return;
	if (t->detail.content.lines[t->detail.link].style == DETAIL_MORE) {
		load_more(t, t->detail.link);
		return;
	}
	tui_jump_to(t, t->detail.content.lines[t->detail.link].target);
}

static void switch_focus(struct tui *t)
{
	if (t->focus == FOCUS_DETAIL || t->layout.detail_h <= 0) {
		t->focus = FOCUS_TREE;
		return;
	}
	t->focus = FOCUS_DETAIL;
	if (t->detail.link == (size_t)-1)
		t->detail.link = detail_next_link(&t->detail.content, (size_t)-1, 1);
}

static void history_step(struct tui *t, bool back)
{
	struct location to;
	bool moved = back ? history_back(&t->places.history, here(t), &to)
	                  : history_forward(&t->places.history, here(t), &to);

	if (!moved) {
		tui_message(t, false, back ? "nothing further back" : "nothing further forward");
		return;
	}
	tui_show_location(t, to);
	t->focus = FOCUS_TREE;
}

/* The rows a page key moves: the tree's page, or the detail pane's height
 * less the row kept in sight; half of that for ^D and ^U. */
static size_t page_step(const struct tui *t, bool detail, bool half)
{
	size_t rows = detail ? (size_t)(t->layout.detail_h > 1 ? t->layout.detail_h - 1 : 1)
	                     : tui_page_rows(t);

	return half && rows > 1 ? rows / 2 : rows;
}

static void act_page(struct tui *t, bool detail, long direction, bool half)
{
	size_t step = page_step(t, detail, half);

	if (!detail)
		tree_move(t, direction * (long)step);
	else if (direction > 0)
		t->detail.top += step;
	else
		t->detail.top = t->detail.top > step ? t->detail.top - step : 0;
}

static bool is_page(enum action a)
{
	return a == ACTION_PAGE_DOWN || a == ACTION_PAGE_UP || a == ACTION_HALF_PAGE_DOWN ||
	       a == ACTION_HALF_PAGE_UP;
}

static void act_move(struct tui *t, enum action a)
{
	bool detail = t->focus == FOCUS_DETAIL;

	switch (a) {
	case ACTION_MOVE_DOWN: detail ? detail_move(t, 1, 1) : tree_move(t, 1); break;
	case ACTION_MOVE_UP: detail ? detail_move(t, -1, 1) : tree_move(t, -1); break;
	case ACTION_PAGE_DOWN: act_page(t, detail, 1, false); break;
	case ACTION_PAGE_UP: act_page(t, detail, -1, false); break;
	case ACTION_HALF_PAGE_DOWN: act_page(t, detail, 1, true); break;
	case ACTION_HALF_PAGE_UP: act_page(t, detail, -1, true); break;
	case ACTION_FIRST:
		if (detail) t->detail.top = 0;
		else outline_select(&t->tree.outline, 0);
		break;
	case ACTION_LAST:
		if (detail) t->detail.top = t->detail.content.count;
		else outline_select(&t->tree.outline, t->tree.outline.count ? t->tree.outline.count - 1 : 0);
		break;
	default: break;
	}
	if (detail && (a == ACTION_FIRST || a == ACTION_LAST))
		detail_link_at_end(t, a == ACTION_LAST ? 1 : -1);
	else if (detail && is_page(a))
		detail_link_into_view(t, a == ACTION_PAGE_DOWN || a == ACTION_HALF_PAGE_DOWN ? 1 : -1);
}

bool tui_nav_action(struct tui *t, enum action a)
{
	switch (a) {
	case ACTION_MOVE_DOWN: case ACTION_MOVE_UP: case ACTION_PAGE_DOWN: case ACTION_PAGE_UP:
	case ACTION_HALF_PAGE_DOWN: case ACTION_HALF_PAGE_UP:
	case ACTION_FIRST: case ACTION_LAST:
		act_move(t, a);
		break;
	case ACTION_EXPAND:
		if (t->focus == FOCUS_DETAIL) follow_detail_link(t);
		else expand_or_enter(t);
		break;
	case ACTION_COLLAPSE:
		if (t->focus == FOCUS_DETAIL) t->focus = FOCUS_TREE;
		else collapse_or_parent(t);
		break;
	case ACTION_EXPAND_ALL:
		if (outline_expand_all(&t->tree.outline, t->tree.outline.selected, EXPAND_ALL_ROWS) != STORE_OK)
			tui_message(t, true, "cannot read the tree: %s", store_errmsg(t->st));
		break;
	case ACTION_COLLAPSE_ALL: outline_collapse_all(&t->tree.outline); break;
	case ACTION_DRILL_DOWN:
		if (t->focus == FOCUS_DETAIL) follow_detail_link(t);
		else drill_down(t);
		break;
	case ACTION_DRILL_UP: drill_up(t); break;
	case ACTION_BACK: history_step(t, true); break;
	case ACTION_FORWARD: history_step(t, false); break;
	case ACTION_FOCUS: switch_focus(t); break;
	case ACTION_MORE_LINKS: more_links(t); break;
	case ACTION_FOLD:
		if (!fold_selected(t)) act_move(t, ACTION_PAGE_DOWN);
		break;
	case ACTION_PREV_SECTION: section_step(t, -1); break;
	case ACTION_NEXT_SECTION: section_step(t, 1); break;
	case ACTION_TOGGLE_DETAIL:
		t->detail.hidden = !t->detail.hidden;
		if (t->detail.hidden) t->focus = FOCUS_TREE;
		break;
	default: return false;
	}
	return true;
}

void tui_mouse_event(struct tui *t)
{
	MEVENT ev;
	const struct layout *l = &t->layout;
	bool in_tree, in_detail;

	if (getmouse(&ev) != OK)
		return;
	in_tree = ev.y >= l->tree_y && ev.y < l->tree_y + l->tree_h && ev.x >= l->tree_x &&
	          ev.x < l->tree_x + l->tree_w;
	in_detail = l->detail_h > 0 && ev.y >= l->detail_y && ev.y < l->detail_y + l->detail_h &&
	            ev.x >= l->detail_x;
	if (ev.bstate & BUTTON4_PRESSED) {
		if (in_detail) t->detail.top = t->detail.top > 3 ? t->detail.top - 3 : 0;
		else if (t->tree.top) { t->tree.top = t->tree.top > 3 ? t->tree.top - 3 : 0; }
		return;
	}
#ifdef BUTTON5_PRESSED
	if (ev.bstate & BUTTON5_PRESSED) {
		if (in_detail) t->detail.top += 3;
		else if (t->tree.top + (size_t)l->tree_h < t->tree.outline.count) t->tree.top += 3;
		return;
	}
#endif
	if (!(ev.bstate & (BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED | BUTTON1_PRESSED)))
		return;
	if (in_tree) {
		size_t row = t->tree.top + (size_t)(ev.y - l->tree_y);
		if (row >= t->tree.outline.count)
			return;
		t->focus = FOCUS_TREE;
		outline_select(&t->tree.outline, row);
		if (ev.bstate & BUTTON1_DOUBLE_CLICKED) {
			const struct outline_row *r = outline_row(&t->tree.outline, row);
			if (r && r->expanded) outline_collapse(&t->tree.outline, row);
			else expand_or_enter(t);
		}
	} else if (in_detail) {
		const struct detail *d = &t->detail.content;
		size_t line = t->detail.top + (size_t)(ev.y - l->detail_y);
		if (!detail_is_selectable(d, line))
			return;
		t->focus = FOCUS_DETAIL;
		t->detail.link = detail_link_head(&t->detail.content, line);
		if (ev.bstate & BUTTON1_DOUBLE_CLICKED)
			follow_detail_link(t);
	}
}
