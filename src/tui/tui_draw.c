/* Drawing the interface: every frame is drawn whole with erase() and sent
 * with one doupdate(), so nothing flickers over SSH; text is clipped by
 * display width and never split inside a character.  Drawing only reads
 * the interface's state (const struct tui): what a frame needs worked out
 * (the layout, scroll positions, the rows read, the note editor's place)
 * is worked out before it by tui_view_prepare. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "icsview/base/model.h"
#include "icsview/base/output.h"
#include "tui_draw.h"
#include "tui_private.h"
#include "icsview/views/change_marks.h"

/* The core kinds' badges take these colours in turn (KIND_LIST's order). */
#define KIND_COLORS 6

#define MAX_HIGHLIGHTS 16

/* The code point at s (n bytes left) in *cp; returns its length. */
static size_t code_point_at(const char *s, size_t n, uint32_t *cp)
{
	size_t len = utf8_decode(s, n, cp);

	if (len > 0)
		return len;
	*cp = '?';
	return 1;
}

/* The cells a code point takes as draw_text_hl draws it: on a UTF-8
 * terminal its width, in ASCII its look-alike's length. */
static int drawn_cells(const struct tui *t, uint32_t cp)
{
	if (cp >= 0x80 && !t->term.utf8)
		return (int)strlen(ascii_look_alike(cp));
	return (int)code_point_width(cp);
}

/* The cells draw_text takes for s, unclipped. */
int text_cells(const struct tui *t, const char *s)
{
	size_t n = strlen(s);
	int cells = 0;

	for (size_t i = 0, len; i < n; i += len) {
		uint32_t cp;

		len = code_point_at(s + i, n - i, &cp);
		cells += drawn_cells(t, cp);
	}
	return cells;
}

/* Draws `s` (escaped, valid UTF-8) at y,x in at most `width` columns,
 * the words of the last search standing out when `highlight` is set;
 * returns the columns used.  Drawing in ASCII (no UTF-8 locale, or
 * --ascii), a non-ASCII character becomes its ASCII look-alike, or _:
 * never ?, which would read as the question flag. */
static int draw_text_hl(const struct tui *t, int y, int x, int width, const char *s, attr_t attr,
                        bool highlight)
{
	size_t n = strlen(s), starts[MAX_HIGHLIGHTS], ends[MAX_HIGHLIGHTS], ranges = 0, r = 0;
	attr_t mark = t->term.color ? (attr_t)COLOR_PAIR(PAIR_MATCH) | A_BOLD : A_STANDOUT | A_BOLD;
	int used = 0;

	if (width <= 0)
		return 0;
	if (highlight && t->search.results.token_count)
		ranges = search_highlights(s, t->search.results.tokens, t->search.results.token_count,
		                           starts, ends, MAX_HIGHLIGHTS);
	move(y, x);
	for (size_t i = 0, len; i < n; i += len) {
		uint32_t cp;
		int w;

		while (r < ranges && i >= ends[r])
			r++;
		attrset(r < ranges && i >= starts[r] ? attr | mark : attr);

		len = code_point_at(s + i, n - i, &cp);
		w = drawn_cells(t, cp);
		if (used + w > width)
			break;
		if (cp >= 0x80 && !t->term.utf8)
			addstr(ascii_look_alike(cp));
		else if (w == 0 && used == 0)
			continue;           /* a combining mark with nothing to sit on */
		else
			addnstr(s + i, (int)len);
		used += w;
	}
	attrset(A_NORMAL);
	return used;
}

int draw_text(const struct tui *t, int y, int x, int width, const char *s, attr_t attr)
{
	return draw_text_hl(t, y, x, width, s, attr, false);
}

/* sb_str() for a line that drawing only reads. */
const char *text_of(const struct strbuf *sb)
{
	return sb->buf ? sb->buf : "";
}

static attr_t flag_attr(const struct tui *t, enum note_flag flag)
{
	static const enum pair pairs[] = {
		[NOTE_FLAG_OK] = PAIR_OK, [NOTE_FLAG_QUESTION] = PAIR_QUESTION,
		[NOTE_FLAG_CONCERN] = PAIR_CONCERN,
	};

	if (flag <= NOTE_FLAG_NONE || flag >= NOTE_FLAG_COUNT)
		return A_NORMAL;
	return A_BOLD | (t->term.color ? (attr_t)COLOR_PAIR(pairs[flag]) : 0);
}

/* The review's gutter of a tree row: the flag, then the reviewed mark. */
static int draw_review_marks(const struct tui *t, int y, int x, int width, int64_t eid,
                             attr_t base)
{
	static const char *const flags[] = { " ", "o", "?", "!" };
	const struct review_mark *m = t->review.ready ? review_mark(&t->review.marks, eid) : NULL;
	int used = 0;

	if (width < 3)
		return 0;
	used += draw_text(t, y, x, 1, m && m->flag < NOTE_FLAG_COUNT ? flags[m->flag] : " ",
	                  base | (m ? flag_attr(t, m->flag) : 0));
	used += draw_text(t, y, x + 1, 1, m && m->reviewed ? (t->term.utf8 ? "✓" : "v") : " ",
	                  base | (t->term.color ? (attr_t)COLOR_PAIR(PAIR_OK) : A_BOLD));
	used += draw_text(t, y, x + 2, 1, " ", base);
	return used;
}

/* The change gutter of a tree row under --since: its mark (change_marks.h)
 * in its colour, or blank; a removed entity's row has the removal's. */
static int draw_change_mark(const struct tui *t, int y, int x, int width,
                            const struct outline_row *row, attr_t base)
{
	static const enum pair pairs[] = {
		[CHANGE_GREEN] = PAIR_OK, [CHANGE_RED] = PAIR_CONCERN,
		[CHANGE_YELLOW] = PAIR_QUESTION, [CHANGE_CYAN] = PAIR_LINK,
	};
	const struct change_mark *m = change_mark_of(row->removed ? SINCE_BIT(DIFF_REMOVED)
	                                                          : since_flags(t->since, row->eid));
	attr_t a = base;

	if (width < 2)
		return 0;
	if (m)
		a |= A_BOLD | (t->term.color ? (attr_t)COLOR_PAIR(pairs[m->colour]) : 0);
	draw_text(t, y, x, 1, m ? (t->term.utf8 ? m->unicode : m->ascii) : " ", a);
	draw_text(t, y, x + 1, 1, " ", base);
	return 2;
}

/* A row's imported note still to resolve (review:conflict): a column of
 * its own after the review's gutter, there only while the model has one,
 * so that the tree keeps its width otherwise. */
static int draw_conflict_mark(const struct tui *t, int y, int x, int width, int64_t eid,
                              attr_t base)
{
	bool pending = review_has_conflict(&t->review.marks, eid);
	attr_t look = A_BOLD | (t->term.color ? (attr_t)COLOR_PAIR(PAIR_QUESTION) : 0);

	if (width < 2)
		return 0;
	draw_text(t, y, x, 1, pending ? (t->term.utf8 ? "≠" : "#") : " ", base | (pending ? look : 0));
	draw_text(t, y, x + 1, 1, " ", base);
	return 2;
}

void draw_fill(int y, int x, int width, attr_t attr)
{
	attron(attr);
	for (int i = 0; i < width; i++)
		mvaddch(y, x + i, ' ');
	attroff(attr);
}

/* A badge's colour: its core kind's, the plain badge colour for a kind
 * of the model's own. */
attr_t kind_attr(const struct tui *t, const char *kind)
{
#define KIND_NAME(name, badge, description) #name,
	static const char *const kinds[] = { KIND_LIST(KIND_NAME) };
#undef KIND_NAME

	if (!t->term.color)
		return A_BOLD;
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(kind, kinds[i]) == 0)
			return COLOR_PAIR(PAIR_KIND0 + (int)(i % KIND_COLORS));
	return COLOR_PAIR(PAIR_BADGE);
}

/* The cells a name keeps before it gives way to its row's state tag. */
#define NAME_CELLS_BEFORE_TAG 8

/* After the name of an organisation closed or not yet open (ASCII: the
 * same in every terminal); NULL for one open. */
static const char *state_tag(enum entity_state state)
{
	switch (state) {
	case ENTITY_CLOSED:
		return " closed";
	case ENTITY_NOT_YET_OPEN:
		return " not yet open";
	default:
		return NULL;
	}
}

/* After a row's count: what makes it other than an open entity of the
 * model, NULL for none. */
static const char *row_tag(const struct outline_row *row)
{
	return row->removed ? " (removed)" : state_tag(row->state);
}

/* A row's count while it is collapsed: its children, and the removed
 * entities shown under it ("(12, 3 removed)"); empty for none. */
static void row_count(const struct outline_row *row, char *count, size_t size)
{
	count[0] = '\0';
	if (row->expanded || row->secondary || outline_row_children(row) == 0)
		return;
	if (row->n_removed == 0 || row->removed)
		snprintf(count, size, " (%zu)", outline_row_children(row));
	else if (row->n_children == 0)
		snprintf(count, size, " (%zu removed)", row->n_removed);
	else
		snprintf(count, size, " (%lld, %zu removed)", (long long)row->n_children,
		         row->n_removed);
}

static void draw_tree_row(const struct tui *t, int y, size_t index)
{
	const struct outline_row *row = outline_peek_row(&t->tree.outline, index);
	const struct layout *l = &t->layout;
	bool selected = index == t->tree.outline.selected;
	attr_t base = selected ? (t->focus == FOCUS_TREE ? A_REVERSE : A_UNDERLINE) : A_NORMAL;
	int x = l->tree_x, right = l->tree_x + l->tree_w;
	char badge[16], count[64];
	const char *marker, *tag;

	if (selected)
		draw_fill(y, l->tree_x, l->tree_w, base);
	if (!row) {     /* a row the store could not read (the status line says why) */
		draw_text(t, y, x + 1, right - x - 1, "?", base | A_DIM);
		return;
	}
	tag = row_tag(row);
	x += draw_text(t, y, x, right - x, "", base);
	/* the gutter only once something is marked: a tree nobody reviews
	 * keeps its width for names */
	if (t->review.ready && t->review.marks.count)
		x += draw_review_marks(t, y, x, right - x, row->eid, base);
	if (t->since)
		x += draw_change_mark(t, y, x, right - x, row, base);
	if (t->review.ready && review_conflicts_pending(&t->review.marks))
		x += draw_conflict_mark(t, y, x, right - x, row->eid, base);
	for (unsigned d = 0; d < row->depth && x < right; d++)
		x += draw_text(t, y, x, right - x, "  ", base);
	if (row->secondary)
		marker = t->term.utf8 ? "→ " : "> ";
	else if (outline_row_children(row) == 0)
		marker = t->term.utf8 ? "· " : "  ";
	else if (row->expanded)
		marker = t->term.utf8 ? "▾ " : "- ";
	else
		marker = t->term.utf8 ? "▸ " : "+ ";
	x += draw_text(t, y, x, right - x, marker, base);
	/* an organisation's type tag (GP, PCN, NHST...) where it has one */
	snprintf(badge, sizeof(badge), "%-3s", row->tag ? row->tag : row->badge);
	x += draw_text(t, y, x, right - x, badge, base | kind_attr(t, row->kind));
	x += draw_text(t, y, x, right - x, " ", base);
	{
		/* a long name gives way to the state's tag: it is read first */
		int tag_cells = tag ? (int)strlen(tag) : 0;
		int keep = right - x >= tag_cells + NAME_CELLS_BEFORE_TAG ? tag_cells : 0;
		struct strbuf name = STRBUF_INIT;
		sb_text_line(&name, row->name);
		x += draw_text_hl(t, y, x, right - x - keep, sb_str(&name),
		                  base | (row->secondary || !row->matched || tag ? A_DIM : 0),
		                  true);
		sb_free(&name);
	}
	row_count(row, count, sizeof(count));
	if (count[0])
		x += draw_text(t, y, x, right - x, count, base | A_DIM);
	if (tag)
		draw_text(t, y, x, right - x, tag, base | A_DIM | A_BOLD);
}

static void draw_results(const struct tui *t)
{
	const struct layout *l = &t->layout;
	size_t h = (size_t)l->tree_h;

	if (t->search.results.count == 0) {
		const char *what = t->search.failed ? "(search failed)"
		                 : t->prompt.input.len ? "(nothing found)" : "(type to search)";
		char waiting[64];

		if (t->search.waiting) {
			snprintf(waiting, sizeof(waiting), "(waiting for the search index: %u%%)",
			         t->search.index_permille / 10);
			what = waiting;
		}
		draw_text(t, l->tree_y, l->tree_x + 1, l->tree_w - 1, what, A_DIM);
		return;
	}
	for (size_t r = 0; r < h && t->search.top + r < t->search.results.count; r++) {
		size_t index = t->search.top + r;
		const struct search_hit *hit = &t->search.results.items[index];
		int y = l->tree_y + (int)r, x = l->tree_x, right = l->tree_x + l->tree_w;
		attr_t base = index == t->search.selected ? A_REVERSE : A_NORMAL;
		struct strbuf text = STRBUF_INIT;
		char badge[16];

		if (index == t->search.selected)
			draw_fill(y, l->tree_x, l->tree_w, base);
		snprintf(badge, sizeof(badge), "%-3s ", hit->badge);
		x += draw_text(t, y, x, right - x, badge, base | kind_attr(t, hit->kind));
		sb_text_line(&text, hit->name);
		x += draw_text_hl(t, y, x, right - x, sb_str(&text), base, true);
		sb_reset(&text);
		sb_printf(&text, "  %s", search_field_name(hit->field));
		x += draw_text(t, y, x, right - x, sb_str(&text), base | A_DIM);
		if (hit->path && *hit->path) {
			sb_reset(&text);
			sb_puts(&text, t->term.utf8 ? "  ‹ " : "  < ");
			sb_text_line(&text, hit->path);
			draw_text(t, y, x, right - x, sb_str(&text), base | A_DIM);
		}
		sb_free(&text);
	}
}

static void draw_tree(const struct tui *t)
{
	const struct layout *l = &t->layout;

	if (t->prompt.kind == PROMPT_SEARCH) {
		draw_results(t);
		return;
	}

	if (t->tree.outline.count == 0) {
		draw_text(t, l->tree_y, l->tree_x + 1, l->tree_w - 1,
		          !t->filter.text ? "(nothing here)"
		          : !t->filter.result.complete ? (t->term.utf8 ? "(filtering…)" : "(filtering...)")
		          : "(nothing matches the filter: F clears it)",
		          A_DIM);
		return;
	}
	for (int r = 0; r < l->tree_h; r++) {
		size_t index = t->tree.top + (size_t)r;
		if (index >= t->tree.outline.count)
			break;
		draw_tree_row(t, l->tree_y + r, index);
	}
}

static attr_t detail_attr(const struct tui *t, const struct detail_line *line, bool selected)
{
	attr_t a = A_NORMAL;

	switch (line->style) {
	case DETAIL_TITLE: a = A_BOLD; break;
	case DETAIL_SUBTITLE: a = A_DIM; break;
	case DETAIL_HEADING: a = A_BOLD | (t->term.color ? COLOR_PAIR(PAIR_HEADING) : A_UNDERLINE); break;
	case DETAIL_GROUP: a = A_BOLD; break;
	case DETAIL_KEY: a = A_BOLD; break;
	case DETAIL_LINK: a = t->term.color ? COLOR_PAIR(PAIR_LINK) : A_NORMAL; break;
	case DETAIL_MORE: a = A_BOLD | (t->term.color ? COLOR_PAIR(PAIR_LINK) : A_NORMAL); break;
	case DETAIL_NOTE: a = A_DIM; break;
	default: break;
	}
	if (selected)
		a |= t->focus == FOCUS_DETAIL ? A_REVERSE : A_UNDERLINE;
	return a;
}

static void draw_detail(const struct tui *t)
{
	const struct layout *l = &t->layout;

	if (l->detail_h <= 0)
		return;
	for (int r = 0; r < l->detail_h; r++) {
		size_t index = t->detail.top + (size_t)r;
		const struct detail_line *line;
		int x = l->detail_x + 1, right = l->detail_x + l->detail_w;
		bool selected;

		if (index >= t->detail.content.count)
			break;
		line = &t->detail.content.lines[index];
		selected = t->detail.link != (size_t)-1 &&
		           detail_link_head(&t->detail.content, index) == t->detail.link &&
		           detail_is_selectable(&t->detail.content, index);
		x += (int)line->indent;
		if (x >= right)
			continue;
		if (line->fold && x - DETAIL_MARKER_WIDTH >= l->detail_x)
			draw_text(t, l->detail_y + r, x - DETAIL_MARKER_WIDTH, DETAIL_MARKER_WIDTH,
			          line->folded ? (t->term.utf8 ? "▸ " : "> ") : (t->term.utf8 ? "▾ " : "v "),
			          detail_attr(t, line, selected));
		if (line->key) {
			int w = draw_text(t, l->detail_y + r, x, right - x - 1, line->key, A_BOLD);
			x += w < (int)line->column ? (int)line->column : w + 1;
			if (x >= right)
				continue;
		}
		if (line->style == DETAIL_MORE && !t->term.utf8 && strncmp(line->text, "…", 3) == 0) {
			/* the ellipsis of a more line, in ASCII */
			int w = draw_text(t, l->detail_y + r, x, right - x, "...",
			                  detail_attr(t, line, selected));
			if (x + w >= right)
				continue;
			draw_text_hl(t, l->detail_y + r, x + w, right - x - w, line->text + 3,
			             detail_attr(t, line, selected), true);
			continue;
		}
		draw_text_hl(t, l->detail_y + r, x, right - x, line->text, detail_attr(t, line, selected),
		             true);
	}
}

static void draw_separators(const struct tui *t)
{
	const struct layout *l = &t->layout;

	if (l->detail_h <= 0)
		return;
	if (!l->stacked) {
		for (int y = l->tree_y; y < l->tree_y + l->tree_h; y++)
			mvaddstr(y, l->tree_w, t->term.utf8 ? "│" : "|");
	} else {
		for (int x = 0; x < l->cols; x++)
			mvaddstr(l->detail_y - 1, x, t->term.utf8 ? "─" : "-");
	}
}

/* The names of chain[first..] joined by sep, those before `skip` left
 * out for an ellipsis. */
static void path_names(const struct tui *t, const struct eid_list *chain, size_t first,
                       size_t skip, struct strbuf *path)
{
	const char *sep = t->term.utf8 ? " › " : " > ";

	if (skip > first)
		sb_puts(path, t->term.utf8 ? "…" : "...");
	for (size_t i = skip > first ? skip : first; i < chain->count; i++) {
		struct entity e;

		if (store_entity(t->st, chain->items[i], &e) != STORE_OK)
			continue;
		if (path->len)
			sb_puts(path, sep);
		sb_text_line(path, e.name);
		entity_clear(&e);
	}
}

/* The tree drilled down: "▾ root: Name (id)", in bold on the top line;
 * false at the model's roots (or while a search lists its results). */
static bool root_label(const struct tui *t, struct strbuf *label)
{
	struct entity e;

	if (!t->tree.outline.root || t->prompt.kind == PROMPT_SEARCH ||
	    store_entity(t->st, t->tree.outline.root, &e) != STORE_OK)
		return false;
	sb_puts(label, t->term.utf8 ? "▾ root: " : "- root: ");
	sb_text_line(label, e.name);
	sb_puts(label, " (");
	sb_text_line(label, e.id);
	sb_puts(label, ")");
	entity_clear(&e);
	return true;
}

/* The top line: the root of a drilled-down tree, then the path from it
 * to the selection (else the whole path), the path cut from the left with
 * … when too long. */
static void draw_breadcrumb(const struct tui *t)
{
	struct eid_list chain = { 0 };
	struct strbuf path = STRBUF_INIT, root = STRBUF_INIT;
	int64_t eid = tui_current_eid(t);
	size_t first = 0, skip = 0;
	attr_t bar = t->term.color ? COLOR_PAIR(PAIR_BAR) : A_REVERSE;
	int used = 0, cols = t->layout.cols;
	bool drilled = root_label(t, &root);

	draw_fill(0, 0, cols, bar);
	if (eid && store_parent_chain(t->st, eid, &chain) == STORE_OK) {
		/* under the root: the path below it (the root itself is said) */
		for (size_t i = 0; drilled && i < chain.count; i++)
			if (chain.items[i] == t->tree.outline.root)
				first = skip = i + 1;
		for (;;) {
			sb_reset(&path);
			path_names(t, &chain, first, skip, &path);
			if (text_width(root.buf ? root.buf : "", root.len) + 3 +
			    text_width(path.buf ? path.buf : "", path.len) + 2 <= (size_t)cols ||
			    skip + 1 >= chain.count)
				break;
			skip++;
		}
	} else if (!drilled) {
		sb_puts(&path, "icsview");
	}
	if (drilled) {
		used = draw_text(t, 0, 1, cols - 2, sb_str(&root), bar | A_BOLD);
		if (path.len)
			used += draw_text(t, 0, 1 + used, cols - 2 - used, t->term.utf8 ? " › " : " > ",
			                  bar);
	}
	draw_text(t, 0, 1 + used, cols - 2 - used, sb_str(&path), bar);
	sb_free(&path);
	sb_free(&root);
	eid_list_clear(&chain);
}

/* ---- the prompt ---------------------------------------------------------- */

static const char *prompt_label(enum prompt_kind kind)
{
	switch (kind) {
	case PROMPT_COMMAND: return ":";
	case PROMPT_GOTO: return "goto: ";
	case PROMPT_MARK: return "mark: ";
	case PROMPT_SEARCH: return "/";
	case PROMPT_FILTER: return "filter: ";
	default: return "jump to mark: ";
	}
}

/* The cells of the prompt's text up to byte `at`, as drawn (escaped). */
static int prompt_cells(const struct tui *t, size_t at)
{
	char *part = xstrndup(text_of(&t->prompt.input), at);
	struct strbuf safe = STRBUF_INIT;
	int cells;

	sb_text_line(&safe, part);
	cells = text_cells(t, sb_str(&safe));
	sb_free(&safe);
	free(part);
	return cells;
}

/* s from its code point at cell `skip` on (drawn as draw_text draws it). */
static const char *skip_cells(const struct tui *t, const char *s, int skip)
{
	size_t n = strlen(s), i = 0;

	while (skip > 0 && i < n) {
		uint32_t cp;
		size_t len = code_point_at(s + i, n - i, &cp);

		skip -= drawn_cells(t, cp);
		i += len;
	}
	return s + i;
}

/* The row above the status line while a prompt is open: the error of a
 * refused filter, a caret (^) under where it is; or a message a key at
 * the prompt set; or the candidates of a Tab, the one put in standing
 * out. */
static void draw_prompt_notes(const struct tui *t, int text_x)
{
	int y = t->layout.rows - 2, cols = t->layout.cols;
	attr_t error = t->term.color ? COLOR_PAIR(PAIR_ERROR) | A_BOLD : A_BOLD | A_REVERSE;
	const struct completion *c = &t->prompt.completion;

	if (y < 0)
		return;
	if (t->prompt.refused.shown) {
		const struct filter_error *e = &t->prompt.refused.error;
		size_t at = e->position < t->prompt.input.len ? e->position : t->prompt.input.len;
		int caret = text_x + prompt_cells(t, at), message = text_cells(t, e->message);

		draw_fill(y, 0, cols, A_NORMAL);
		if (caret >= cols)
			caret = cols - 1;
		if (caret < 0)
			caret = 0;
		draw_text(t, y, caret, 1, "^", error);
		if (caret + 2 + message <= cols)
			draw_text(t, y, caret + 2, cols - caret - 2, e->message, error);
		else if (message + 1 <= caret)
			draw_text(t, y, caret - 1 - message, message, e->message, error);
		else
			draw_text(t, y, 0, caret > 1 ? caret - 1 : 0, e->message, error);
		return;
	}
	if (t->message.text[0]) {  /* what a key at the prompt said */
		attr_t a = t->message.is_error ? error : A_REVERSE;

		draw_fill(y, 0, cols, A_NORMAL);
		draw_text(t, y, 0, cols, t->message.text, a);
		return;
	}
	if (t->prompt.completing && c->count > 1) {
		int x = 0;

		draw_fill(y, 0, cols, A_REVERSE);
		for (size_t i = 0; i < c->count && x < cols; i++) {
			struct strbuf safe = STRBUF_INIT;

			sb_text_line(&safe, c->items[i]);
			if (x + text_cells(t, sb_str(&safe)) > cols - 4 && i + 1 < c->count) {
				draw_text(t, y, x, cols - x, t->term.utf8 ? "…" : "...", A_REVERSE);
				sb_free(&safe);
				break;
			}
			x += draw_text(t, y, x, cols - x, sb_str(&safe),
			               i == t->prompt.cycle ? A_BOLD : A_REVERSE);
			x += draw_text(t, y, x, cols - x, "  ", A_REVERSE);
			sb_free(&safe);
		}
	}
}

/* The prompt on the status line, scrolled to keep the cursor in sight,
 * with its count (a search) or its keys (a filter) at the right. */
static void draw_prompt(const struct tui *t, int y, attr_t bar)
{
	int cols = t->layout.cols, label = text_cells(t, prompt_label(t->prompt.kind));
	size_t cursor = t->prompt.cursor < t->prompt.input.len ? t->prompt.cursor
	                : t->prompt.input.len;
	int before = prompt_cells(t, cursor), skip = 0, used;
	const char *hints = t->prompt.kind == PROMPT_FILTER ? "Tab:complete  F1/^G:grammar" : NULL;
	struct strbuf text = STRBUF_INIT;

	if (label + before > cols - 2)
		skip = label + before - (cols - 2);
	sb_text_line(&text, text_of(&t->prompt.input));
	used = draw_text(t, y, 0, cols - 1, prompt_label(t->prompt.kind), bar);
	used += draw_text(t, y, used, cols - 1 - used, skip_cells(t, sb_str(&text), skip), bar);
	sb_free(&text);
	if (t->prompt.kind == PROMPT_SEARCH && t->prompt.input.len) {
		char count[48];
		size_t found = t->search.results.count;

		snprintf(count, sizeof(count), "%zu%s result%s", found,
		         found >= SEARCH_LIMIT ? "+" : "", found == 1 ? "" : "s");
		if (t->search.waiting)
			snprintf(count, sizeof(count), "waiting");
		if (cols - (int)strlen(count) - 1 > used + 2)
			draw_text(t, y, cols - (int)strlen(count) - 1, (int)strlen(count), count, bar);
	}
	if (hints && cols - (int)strlen(hints) - 1 > used + 2)
		draw_text(t, y, cols - (int)strlen(hints) - 1, (int)strlen(hints), hints, bar);
	draw_prompt_notes(t, label - skip);
	move(y, label + before - skip < cols ? label + before - skip : cols - 1);
}

/* --since: the rows marked, "3 changes here · 14 in model" drilled down,
 * "14 changes" at the top. */
static int draw_changes(const struct tui *t, int y, int used, int width, attr_t bar)
{
	size_t total = since_changed_count(t->since);
	char here[32], all[32], text[96];

	format_count(all, sizeof(all), total);
	format_count(here, sizeof(here), t->since_here);
	if (t->tree.outline.root == 0)
		snprintf(text, sizeof(text), "  %s change%s", all, total == 1 ? "" : "s");
	else
		snprintf(text, sizeof(text), "  %s change%s here %s %s in model", here,
		         t->since_here == 1 ? "" : "s", t->term.utf8 ? "·" : "-", all);
	return draw_text(t, y, 1 + used, width, text, bar);
}

static void draw_status(const struct tui *t)
{
	int y = t->layout.rows - 1, cols = t->layout.cols;
	attr_t bar = t->term.color ? COLOR_PAIR(PAIR_BAR) : A_REVERSE;
	char left[128], pos[32], total[32], review[96];
	const char *hints = "?:help  q:quit";
	int used, reserved = 0;     /* cells kept for an error message (and the review) */
	bool show_review = t->review.ready;

	draw_fill(y, 0, cols, bar);
	if (t->prompt.kind != PROMPT_NONE) {
		draw_prompt(t, y, bar);
		return;
	}
	format_count(pos, sizeof(pos),
	             t->tree.outline.selected == OUTLINE_NONE ? 0 : t->tree.outline.selected + 1);
	format_count(total, sizeof(total), t->tree.outline.count);
	snprintf(left, sizeof(left), "%s/%s", pos, total);
	used = draw_text(t, y, 1, cols - 1, left, bar);
	if (t->search.index == STORE_SEARCH_BUILDING) {
		char index[48];

		snprintf(index, sizeof(index), "  search index %u%%", t->search.index_permille / 10);
		used += draw_text(t, y, 1 + used, cols - 2 - used, index, bar);
	}
	if (t->filter.pending) {
		struct strbuf f = STRBUF_INIT;

		sb_puts(&f, "  filter waits for it: ");
		sb_text_line(&f, t->filter.pending);
		used += draw_text(t, y, 1 + used, cols - 2 - used, sb_str(&f), bar | A_BOLD);
		sb_free(&f);
	}
	if (show_review)
		tui_review_status(t, review, sizeof(review));
	/* an error (or a message meant whole) that fits the line is read
	 * whole: the filter's description, then the review, give way to it
	 * (one longer than the line leaves them be, cut as it would be anyway) */
	if (t->message.text[0] && (t->message.is_error || t->message.whole)) {
		int review_cells = show_review ? 2 + text_cells(t, review) : 0;

		reserved = 2 + text_cells(t, t->message.text);
		if (reserved > cols - 2 - used)
			reserved = 0;
		else if (reserved + review_cells <= cols - 2 - used)
			reserved += review_cells;
		else
			show_review = false;
	}
	if (t->filter.text) {
		struct strbuf f = STRBUF_INIT;
		char matched[32];
		format_count(matched, sizeof(matched), (size_t)t->filter.result.matched);
		format_count(total, sizeof(total), (size_t)t->total_entities);
		sb_puts(&f, "  filter: ");
		sb_text_line(&f, t->filter.text);
		if (!t->filter.result.complete)
			sb_printf(&f, " · filtering%s %d%%", t->term.utf8 ? "…" : "...",
			          (int)(t->filter.result.done * 100));
		if (t->filter.here.scope) {
			/* drilled down: the matches under the root, and in the model */
			char here[32];

			format_count(here, sizeof(here), (size_t)t->filter.here.count);
			sb_printf(&f, " · %s%s here · %s in model%s", here,
			          t->filter.here.caught_up ? "" : "+", matched,
			          t->filter.result.complete ? "" : " so far");
		} else if (t->filter.result.complete) {
			sb_printf(&f, " · %s of %s match", matched, total);
		} else {
			sb_printf(&f, " · %s match so far", matched);
		}
		used += draw_text(t, y, 1 + used, cols - 2 - used - reserved, sb_str(&f), bar | A_BOLD);
		sb_free(&f);
	}
	if (t->since)
		used += draw_changes(t, y, used, cols - 2 - used - reserved, bar);
	if (show_review) {
		used += draw_text(t, y, 1 + used, cols - 2 - used, "  ", bar);
		used += draw_text(t, y, 1 + used, cols - 2 - used, review, bar);
	}
	if (t->message.text[0]) {
		attr_t a = t->message.is_error ? (t->term.color ? COLOR_PAIR(PAIR_ERROR) : A_BOLD) : bar;
		used += draw_text(t, y, 1 + used, cols - 2 - used, "  ", bar);
		used += draw_text(t, y, 1 + used, cols - 2 - used, t->message.text, a | A_BOLD);
	}
	if (cols - (int)strlen(hints) - 1 > used + 2)
		draw_text(t, y, cols - (int)strlen(hints) - 1, (int)strlen(hints), hints, bar);
}

/* A window too small for the panes says so, and what keys do there, in
 * as many of the words as fit, wrapped at spaces. */
static void draw_too_small(const struct tui *t)
{
	static const char *const words[] = {
		"window", "too", "small;", "keys", "are", "ignored;", "q quits",
	};
	int y = 0, x = 0;

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		int n = (int)strlen(words[i]);

		if (x > 0 && x + 1 + n > t->layout.cols) {
			y++;
			x = 0;
		}
		if (y >= t->layout.rows)
			return;
		if (x > 0)
			x++;
		x += draw_text(t, y, x, t->layout.cols - x, words[i], A_BOLD);
	}
}

void tui_draw(const struct tui *t)
{
	erase();
	if (t->layout.too_small) {
		draw_too_small(t);
		wnoutrefresh(stdscr);
		doupdate();
		return;
	}
	curs_set(0);
	if (t->diagram.shown) {
		tui_diagram_draw(t);
		wnoutrefresh(stdscr);
		doupdate();
		return;
	}
	draw_breadcrumb(t);
	draw_tree(t);
	draw_separators(t);
	draw_detail(t);
	draw_status(t);
	if (t->prompt.kind != PROMPT_NONE)
		curs_set(1);
	if (t->help.shown)
		draw_help(t);       /* after the status line: it may place the cursor */
	if (t->pick.shown)
		draw_pick(t);
	if (t->editor.active)
		draw_editor(t);     /* last: it places the cursor */
	wnoutrefresh(stdscr);
	doupdate();
}

void tui_init_colors(const struct tui *t)
{
	static const short kind_colors[KIND_COLORS] = {
		COLOR_CYAN, COLOR_GREEN, COLOR_YELLOW, COLOR_MAGENTA, COLOR_BLUE, COLOR_RED,
	};

	if (!t->term.color)
		return;
	start_color();
	use_default_colors();
	init_pair(PAIR_BADGE, COLOR_CYAN, -1);
	init_pair(PAIR_BAR, COLOR_BLACK, COLOR_CYAN);
	init_pair(PAIR_LINK, COLOR_CYAN, -1);
	init_pair(PAIR_HEADING, COLOR_YELLOW, -1);
	init_pair(PAIR_ERROR, COLOR_RED, COLOR_CYAN);
	init_pair(PAIR_MATCH, COLOR_BLACK, COLOR_YELLOW);
	init_pair(PAIR_OK, COLOR_GREEN, -1);
	init_pair(PAIR_QUESTION, COLOR_YELLOW, -1);
	init_pair(PAIR_CONCERN, COLOR_RED, -1);
	for (int i = 0; i < KIND_COLORS; i++)
		init_pair((short)(PAIR_KIND0 + i), kind_colors[i], -1);
}
