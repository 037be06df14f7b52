/* The overlays drawn over the panes: the help, the pick list and the note
 * editor's box.  Like the panes they only read the interface's state. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "icsview/base/output.h"
#include "tui_draw.h"
#include "tui_private.h"

/* s[0..n) of the help at y,x in `width` columns, the help's search
 * standing out; returns the columns used. */
static int draw_help_text(const struct tui *t, int y, int x, int width, const char *s, size_t n,
                          attr_t attr)
{
	attr_t mark = t->term.color ? (attr_t)COLOR_PAIR(PAIR_MATCH) | A_BOLD : A_STANDOUT | A_BOLD;
	const char *query = text_of(&t->help.query);
	struct strbuf piece = STRBUF_INIT;
	int used = 0;

	while (n > 0 && used < width) {
		const char *m = help_match(s, n, query);
		size_t before = m ? (size_t)(m - s) : n, len = m ? strlen(query) : 0;

		sb_reset(&piece);
		sb_add(&piece, s, before);
		used += draw_text(t, y, x + used, width - used, sb_str(&piece), attr);
		if (!m)
			break;
		sb_reset(&piece);
		sb_add(&piece, m, len);
		used += draw_text(t, y, x + used, width - used, sb_str(&piece), attr | mark);
		s = m + len;
		n -= before + len;
	}
	sb_free(&piece);
	return used;
}

static attr_t help_attr(const struct tui *t, enum help_style style)
{
	if (style == HELP_HEADING)
		return A_BOLD | (t->term.color ? COLOR_PAIR(PAIR_HEADING) : A_UNDERLINE);
	return A_NORMAL;
}

/* One row of the help (help_wrap): a key in bold, then its text. */
static void draw_help_row(const struct tui *t, int y, int x, int width, const struct help_row *row)
{
	const struct help_line *line = &t->help.content.lines[row->line];

	if (row->key && line->key)
		draw_help_text(t, y, x, row->indent ? (int)row->indent - 1 : width, line->key,
		               strlen(line->key), A_BOLD);
	if ((int)row->indent >= width)
		return;
	draw_help_text(t, y, x + (int)row->indent, width - (int)row->indent,
	               line->text + row->start, row->end - row->start, help_attr(t, line->style));
}

/* The bottom border: the search being typed or in force, and where the
 * view is; the cursor at the search while it is typed. */
static void draw_help_foot(const struct tui *t, const struct area *box, size_t rows)
{
	int y = box->y + box->h - 1, x = box->x + 2, w = box->w - 4, used = 0;
	char where[48];

	snprintf(where, sizeof(where), " %zu-%zu of %zu ", t->help.top + 1,
	         t->help.top + rows < t->help.rows.count ? t->help.top + rows : t->help.rows.count,
	         t->help.rows.count);
	if (t->help.typing || t->help.query.len) {
		struct strbuf q = STRBUF_INIT;

		sb_puts(&q, " /");
		sb_text_line(&q, text_of(&t->help.query));
		sb_puts(&q, t->help.typing ? " " : "  n/N: next/previous  Esc: end ");
		used = draw_text(t, y, x, w, sb_str(&q), A_BOLD);
		sb_free(&q);
	}
	if (w - used > (int)strlen(where) + 1)
		draw_text(t, y, x + w - (int)strlen(where), (int)strlen(where), where, A_DIM);
	if (t->help.typing) {
		curs_set(1);
		move(y, x + (used > 1 ? used - 1 : 0));
	}
}

void draw_help(const struct tui *t)
{
	struct area box;
	int width = (int)tui_help_width(&t->layout);
	size_t rows = tui_help_rows(&t->layout);
	const char *v = t->term.utf8 ? "│" : "|", *h = t->term.utf8 ? "─" : "-";

	tui_help_box(&t->layout, &box);
	for (int y = box.y; y < box.y + box.h; y++) {
		draw_fill(y, box.x, box.w, A_NORMAL);
		draw_text(t, y, box.x, 1, v, A_DIM);
		draw_text(t, y, box.x + box.w - 1, 1, v, A_DIM);
	}
	for (int x = box.x; x < box.x + box.w; x++) {
		draw_text(t, box.y, x, 1, h, A_DIM);
		draw_text(t, box.y + box.h - 1, x, 1, h, A_DIM);
	}
	draw_text(t, box.y, box.x + 2, box.w - 4,
	          " icsview help (j/k scroll, / search, q closes) ", A_BOLD);
	for (size_t r = 0; r < rows && t->help.top + r < t->help.rows.count; r++)
		draw_help_row(t, box.y + 1 + (int)r, box.x + 2, width,
		              &t->help.rows.items[t->help.top + r]);
	draw_help_foot(t, &box, rows);
}

/* The pick list's top border: what was typed and how many it matches, or
 * (the ^R list) how many changes it holds. */
static void pick_title(const struct tui *t, struct strbuf *sb, const char *count,
                       const char *total)
{
	const struct resolve_result *found = &t->pick.candidates;

	if (t->pick.about) {
		sb_printf(sb, " %s changed elsewhere since the last refresh ", count);
		return;
	}
	sb_puts(sb, " '");
	sb_text_line(sb, t->pick.text);
	if (found->more)
		sb_printf(sb, "' matches more than %s entities, the first %s listed ", count, count);
	else if (found->total > found->count)
		sb_printf(sb, "' matches %s entities, the first %s listed ", total, count);
	else
		sb_printf(sb, "' matches %s entities ", count);
}

/* The pick list's box (tui_pick_box): how many candidates in its top
 * border, each candidate on two rows (its badge, name and id; its type
 * and path, cut from the left to fit, or in the ^R list the change), the
 * keys in its foot. */
void draw_pick(const struct tui *t)
{
	const struct resolve_result *found = &t->pick.candidates;
	const char *ellipsis = t->term.utf8 ? "…" : "...";
	size_t top = tui_pick_top(t), shown = tui_pick_shown(t);
	struct strbuf sb = STRBUF_INIT;
	char count[32], total[32];
	struct area box;
	int w;

	if (!tui_pick_box(t, &box))
		return;
	w = box.w - 2;
	for (int y = box.y; y < box.y + box.h; y++) {
		draw_fill(y, box.x, box.w, A_NORMAL);
		draw_text(t, y, box.x, 1, t->term.utf8 ? "│" : "|", A_DIM);
		draw_text(t, y, box.x + box.w - 1, 1, t->term.utf8 ? "│" : "|", A_DIM);
	}
	for (int x = box.x; x < box.x + box.w; x++) {
		draw_text(t, box.y, x, 1, t->term.utf8 ? "─" : "-", A_DIM);
		draw_text(t, box.y + box.h - 1, x, 1, t->term.utf8 ? "─" : "-", A_DIM);
	}
	format_count(count, sizeof(count), found->count);
	format_count(total, sizeof(total), found->total);
	pick_title(t, &sb, count, total);
	draw_text(t, box.y, box.x + 2, w - 2, sb_str(&sb), A_BOLD);
	for (size_t r = 0; r < shown && top + r < found->count; r++) {
		const struct resolve_candidate *c = &found->items[top + r];
		attr_t base = top + r == t->pick.selected ? A_REVERSE : A_NORMAL;
		int y = box.y + 1 + (int)r * 2, x = box.x + 1, right = box.x + 1 + w;
		char badge[16];
		size_t cut;

		draw_fill(y, x, w, base);
		draw_fill(y + 1, x, w, base);
		snprintf(badge, sizeof(badge), " %-3s ", c->badge);
		x += draw_text(t, y, x, right - x, badge, base | kind_attr(t, c->kind));
		sb_reset(&sb);
		sb_text_line(&sb, c->name);
		x += draw_text(t, y, x, right - x, sb_str(&sb), base | A_BOLD);
		sb_reset(&sb);
		sb_puts(&sb, "  ");
		sb_text_line(&sb, c->id);
		draw_text(t, y, x, right - x, sb_str(&sb), base | A_DIM);
		x = box.x + 6;
		sb_reset(&sb);
		if (t->pick.about) {   /* who did what, when: from the file, escaped */
			sb_text_line(&sb, t->pick.about[top + r]);
			draw_text(t, y + 1, x, right - x, sb_str(&sb), base);
			continue;
		}
		sb_text_line(&sb, *c->type ? c->type : c->kind);
		sb_puts(&sb, t->term.utf8 ? " · " : " - ");
		x += draw_text(t, y + 1, x, right - x, sb_str(&sb), base);
		sb_reset(&sb);
		sb_text_line(&sb, *c->path ? c->path : "(at the top)");
		if (x >= right)
			continue;
		cut = resolve_path_tail(sb_str(&sb), (size_t)(right - x), (size_t)text_cells(t, ellipsis));
		if (cut)
			x += draw_text(t, y + 1, x, right - x, ellipsis, base | A_DIM);
		draw_text(t, y + 1, x, right - x, sb_str(&sb) + cut, base | A_DIM);
	}
	sb_reset(&sb);
	sb_printf(&sb, " %zu/%s  %s move  Enter go  Esc close ", t->pick.selected + 1, count,
	          t->term.utf8 ? "↑↓" : "Up/Down");
	draw_text(t, box.y + box.h - 1, box.x + 2, w - 2, sb_str(&sb), A_DIM);
	sb_free(&sb);
}

#define HINT_GAP "  "   /* between the keys of a hint */

struct hint_rows {
	struct strbuf *items;
	size_t count, cap;
};

/* The hint's keys (separated by HINT_GAP) in rows of at most w columns,
 * broken between keys only (a key wider than a row has one of its own). */
static void wrap_hint(const struct tui *t, const char *hints, int w, struct hint_rows *out)
{
	struct strbuf *line = NULL;
	const char *s = hints + strspn(hints, " ");

	while (*s) {
		const char *gap = strstr(s, HINT_GAP);
		size_t n = gap ? (size_t)(gap - s) : strlen(s);
		char *key;

		while (n && s[n - 1] == ' ')
			n--;
		key = xstrndup(s, n);
		if (!line || text_cells(t, sb_str(line)) + (int)strlen(HINT_GAP) +
		             text_cells(t, key) + 1 > w) {
			GROW(out->items, out->cap, out->count + 1);
			line = &out->items[out->count++];
			*line = (struct strbuf)STRBUF_INIT;
			sb_putc(line, ' ');
		} else {
			sb_puts(line, HINT_GAP);
		}
		sb_puts(line, key);
		free(key);
		s += n;
		s += strspn(s, " ");
	}
}

/* A hint's keys at the foot of the box, in w columns from x: on the foot
 * row, or when they do not fit there, wrapped between keys onto the rows
 * above it (max_rows in all at most).  Returns the rows it took above the
 * foot. */
static int draw_hint_rows(const struct tui *t, int foot, int x, int w, int max_rows,
                          const char *hints, attr_t attr)
{
	struct hint_rows rows = { 0 };
	int count;

	wrap_hint(t, hints, w, &rows);
	count = rows.count < (size_t)max_rows ? (int)rows.count : max_rows;
	for (int i = 0; i < count; i++) {
		int y = foot - (count - 1 - i);

		sb_putc(&rows.items[i], ' ');
		draw_fill(y, x, w, A_NORMAL);
		draw_text(t, y, x, w, sb_str(&rows.items[i]), attr);
	}
	for (size_t i = 0; i < rows.count; i++)
		sb_free(&rows.items[i]);
	free(rows.items);
	return count > 1 ? count - 1 : 0;
}

/* The note editor's box (tui_editor_box): a title, the text soft-wrapped
 * from the row tui_editor_place scrolled to, the keys at the foot. */
void draw_editor(const struct tui *t)
{
	const struct note_editor *ed = &t->editor;
	struct text_rows rows = { 0 };
	struct area box;
	size_t row, col;
	int y, x, h, w;         /* the text area */
	struct strbuf title = STRBUF_INIT;
	/* another's change shows their text in place of the user's */
	const struct textedit *te = ed->conflict ? &ed->theirs_te : &ed->te;
	size_t top = ed->conflict ? 0 : ed->top;
	/* a conflict's keys in few words: one row in the box at 80 columns */
	const char *hints = ed->conflict_imported ? " m yours  t theirs  b both  Esc later "
	                    : ed->conflict ? " m yours  t theirs  b both  Esc back "
	                    : ed->confirm_discard
	                    ? " discard the changes? y: discard, any other key: keep editing "
	                    : " ^S save  Esc cancel  ^W/^K/^U cut  Alt-b/f word ";

	if (!tui_editor_box(&t->layout, &box))
		return;
	y = box.y + 1;
	x = box.x + 1;
	h = box.h - 2;
	w = box.w - 2;
	for (int r = box.y; r < box.y + box.h; r++)
		draw_fill(r, box.x, box.w, A_NORMAL);
	if (ed->conflict) {   /* who and when come from the file: escaped */
		/* short: the box is narrow at 80 columns */
		sb_puts(&title, ed->conflict_imported ? "Imported: " : "Theirs: ");
		sb_text_line(&title, ed->theirs.who ? ed->theirs.who : "someone");
		sb_puts(&title, ", ");
		sb_text_line(&title, ed->theirs.when ? ed->theirs.when : "?");
	} else {
		sb_puts(&title, "Note: ");
		sb_text_line(&title, ed->name ? ed->name : "");
	}
	draw_text(t, box.y, x, w, sb_str(&title), A_BOLD | A_UNDERLINE);
	sb_free(&title);
	if (ed->conflict)   /* only read: its text can give up rows to the keys */
		h -= draw_hint_rows(t, box.y + box.h - 1, x, w, h, hints, A_BOLD | A_REVERSE);
	else
		draw_text(t, box.y + box.h - 1, x, w, hints,
		          ed->confirm_discard ? A_BOLD | A_REVERSE : A_DIM);
	textedit_layout(te, (size_t)w, &rows);
	textedit_cursor_at(te, &rows, &row, &col);
	for (int i = 0; i < h && top + (size_t)i < rows.count; i++) {
		const struct text_row *r = &rows.items[top + (size_t)i];
		char *text = xstrndup(text_of(&te->text) + r->start, r->end - r->start);
		struct strbuf safe = STRBUF_INIT;

		sb_text_line(&safe, text);
		draw_text(t, y + i, x, w, sb_str(&safe), A_NORMAL);
		sb_free(&safe);
		free(text);
	}
	text_rows_clear(&rows);
	if (ed->conflict || row < top || row >= top + (size_t)h)
		return;
	curs_set(1);
	move(y + (int)(row - top), x + (int)(col < (size_t)w ? col : (size_t)w - 1));
}
