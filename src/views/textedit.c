/* The note editor's buffer: UTF-8 text, a cursor on a character boundary,
 * and the layout into soft-wrapped rows that up/down and drawing share. */
#include "icsview/views/textedit.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "icsview/base/output.h"

#define NO_GOAL ((size_t)-1)

void textedit_init(struct textedit *te, const char *text)
{
	memset(te, 0, sizeof(*te));
	sb_puts(&te->text, text ? text : "");
	te->cursor = te->text.len;
	te->goal = NO_GOAL;
}

void textedit_free(struct textedit *te)
{
	sb_free(&te->text);
	memset(te, 0, sizeof(*te));
}

const char *textedit_text(struct textedit *te)
{
	return sb_str(&te->text);
}

static const char *buf(const struct textedit *te)
{
	return te->text.buf ? te->text.buf : "";
}

/* Bytes of the character at pos (an invalid byte is one character). */
static size_t char_len(const struct textedit *te, size_t pos)
{
	uint32_t cp;

	if (pos >= te->text.len)
		return 0;
	return utf8_decode(buf(te) + pos, te->text.len - pos, &cp);
}

/* The start of the character before pos. */
static size_t char_before(const struct textedit *te, size_t pos)
{
	const char *b = buf(te);
	size_t start = pos;

	if (pos == 0)
		return 0;
	start = pos - 1;
	while (start > 0 && pos - start < 4 && ((unsigned char)b[start] & 0xC0) == 0x80)
		start--;
	return char_len(te, start) == pos - start ? start : pos - 1;
}

static size_t char_width(const struct textedit *te, size_t pos)
{
	return text_width(buf(te) + pos, char_len(te, pos));
}

static bool word_byte(const struct textedit *te, size_t pos)
{
	unsigned char c = (unsigned char)buf(te)[pos];
	return isalnum(c) || c == '_' || c >= 0x80;
}

static void moved(struct textedit *te, size_t cursor)
{
	te->cursor = cursor;
	te->goal = NO_GOAL;
}

static void cut(struct textedit *te, size_t from, size_t to)
{
	if (to <= from)
		return;
	memmove(te->text.buf + from, te->text.buf + to, te->text.len - to + 1);
	te->text.len -= to - from;
	te->modified = true;
	moved(te, from);
}

bool textedit_insert(struct textedit *te, const char *s, size_t n)
{
	size_t tail = te->text.len - te->cursor;

	if (n == 0)
		return true;
	if (te->text.len + n > TEXTEDIT_MAX)
		return false;
	sb_add(&te->text, s, n);    /* grows the buffer; the bytes move below */
	memmove(te->text.buf + te->cursor + n, te->text.buf + te->cursor, tail);
	memcpy(te->text.buf + te->cursor, s, n);
	te->text.buf[te->text.len] = '\0';
	te->modified = true;
	moved(te, te->cursor + n);
	return true;
}

void textedit_backspace(struct textedit *te)
{
	cut(te, char_before(te, te->cursor), te->cursor);
}

void textedit_delete(struct textedit *te)
{
	cut(te, te->cursor, te->cursor + char_len(te, te->cursor));
}

static size_t word_start_before(const struct textedit *te, size_t pos)
{
	while (pos > 0 && !word_byte(te, char_before(te, pos)))
		pos = char_before(te, pos);
	while (pos > 0 && word_byte(te, char_before(te, pos)))
		pos = char_before(te, pos);
	return pos;
}

static size_t word_end_after(const struct textedit *te, size_t pos)
{
	while (pos < te->text.len && !word_byte(te, pos))
		pos += char_len(te, pos);
	while (pos < te->text.len && word_byte(te, pos))
		pos += char_len(te, pos);
	return pos;
}

static size_t line_start(const struct textedit *te, size_t pos)
{
	while (pos > 0 && buf(te)[pos - 1] != '\n')
		pos--;
	return pos;
}

static size_t line_end(const struct textedit *te, size_t pos)
{
	while (pos < te->text.len && buf(te)[pos] != '\n')
		pos++;
	return pos;
}

void textedit_delete_word_back(struct textedit *te)
{
	cut(te, word_start_before(te, te->cursor), te->cursor);
}

void textedit_kill_to_end(struct textedit *te)
{
	size_t end = line_end(te, te->cursor);

	/* at the end of a line: join the next one, as in Emacs and readline */
	cut(te, te->cursor, end == te->cursor && end < te->text.len ? end + 1 : end);
}

void textedit_kill_to_start(struct textedit *te)
{
	cut(te, line_start(te, te->cursor), te->cursor);
}

void textedit_left(struct textedit *te)
{
	moved(te, char_before(te, te->cursor));
}

void textedit_right(struct textedit *te)
{
	moved(te, te->cursor + char_len(te, te->cursor));
}

void textedit_word_left(struct textedit *te)
{
	moved(te, word_start_before(te, te->cursor));
}

void textedit_word_right(struct textedit *te)
{
	moved(te, word_end_after(te, te->cursor));
}

void textedit_home(struct textedit *te)
{
	moved(te, line_start(te, te->cursor));
}

void textedit_end(struct textedit *te)
{
	moved(te, line_end(te, te->cursor));
}

void textedit_text_start(struct textedit *te)
{
	moved(te, 0);
}

void textedit_text_end(struct textedit *te)
{
	moved(te, te->text.len);
}

/* ---- layout -------------------------------------------------------------- */

static void add_row(struct text_rows *rows, size_t start, size_t end)
{
	GROW(rows->items, rows->cap, rows->count + 1);
	rows->items[rows->count++] = (struct text_row){ start, end };
}

/* The rows of one line [start, end): break after the last space that fits,
 * or, in a word longer than the row, before the character that does not. */
static void layout_line(const struct textedit *te, size_t start, size_t end, size_t width,
                        struct text_rows *rows)
{
	size_t row = start, col = 0, brk = 0, i = start;

	while (i < end) {
		size_t w = char_width(te, i);

		if (col + w > width && i > row) {
			size_t at = brk > row ? brk : i;
			add_row(rows, row, at);
			row = at;
			col = text_width(buf(te) + row, i - row);
			brk = 0;
			continue;
		}
		col += w;
		if (buf(te)[i] == ' ')
			brk = i + 1;
		i += char_len(te, i);
	}
	add_row(rows, row, end);
}

void textedit_layout(const struct textedit *te, size_t width, struct text_rows *rows)
{
	size_t pos = 0;

	rows->count = 0;
	if (width < 1)
		width = 1;
	for (;;) {
		size_t end = line_end(te, pos);

		layout_line(te, pos, end, width, rows);
		if (end >= te->text.len)
			break;
		pos = end + 1;
	}
}

void text_rows_clear(struct text_rows *rows)
{
	free(rows->items);
	memset(rows, 0, sizeof(*rows));
}

/* The row holding pos: at a soft break, the later row. */
static size_t row_of(const struct text_rows *rows, size_t pos)
{
	size_t r = 0;

	while (r + 1 < rows->count && rows->items[r + 1].start <= pos)
		r++;
	return r;
}

void textedit_cursor_at(const struct textedit *te, const struct text_rows *rows, size_t *row,
                        size_t *col)
{
	const struct text_row *r;

	*row = row_of(rows, te->cursor);
	r = &rows->items[*row];
	*col = text_width(buf(te) + r->start, te->cursor - r->start);
}

void textedit_vertical(struct textedit *te, size_t width, int dir, size_t count)
{
	struct text_rows rows = { 0 };
	size_t row, col, target, limit, pos, used = 0, goal;

	textedit_layout(te, width, &rows);
	textedit_cursor_at(te, &rows, &row, &col);
	goal = te->goal == NO_GOAL ? col : te->goal;
	if ((dir < 0 && row == 0) || (dir > 0 && row + 1 >= rows.count)) {
		moved(te, dir < 0 ? 0 : te->text.len);   /* past the first or last row */
		text_rows_clear(&rows);
		return;
	}
	target = dir < 0 ? (row > count ? row - count : 0)
	                 : (row + count < rows.count ? row + count : rows.count - 1);
	pos = rows.items[target].start;
	limit = rows.items[target].end;
	/* a row that wraps into the next: stay before its last character */
	if (target + 1 < rows.count && rows.items[target + 1].start == limit && limit > pos)
		limit = char_before(te, limit);
	while (pos < limit && used + char_width(te, pos) <= goal) {
		used += char_width(te, pos);
		pos += char_len(te, pos);
	}
	te->cursor = pos;
	te->goal = goal;
	text_rows_clear(&rows);
}
