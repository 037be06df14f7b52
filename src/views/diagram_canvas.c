/* The character cells a diagram is drawn on (diagram_canvas.h). */
#include "diagram_canvas.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "icsview/base/output.h"
#include "icsview/base/util.h"

struct cell *canvas_cell(struct canvas *c, size_t row, size_t col)
{
	if (row >= c->rows || col >= c->cols)
		return NULL;
	return &c->cells[row * c->cols + col];
}

void canvas_put(struct canvas *c, size_t row, size_t col, const char *s, enum cell_kind kind)
{
	struct cell *cell = canvas_cell(c, row, col);
	size_t n = strlen(s);

	if (!cell || n >= CELL_BYTES)
		return;
	memcpy(cell->s, s, n);
	cell->len = (unsigned char)n;
	cell->kind = (unsigned char)kind;
}

/* A line's cell: a vertical runs through a horizontal (a crossing), and
 * nothing is drawn over a box, an arrow or a corner. */
void canvas_put_line(struct canvas *c, size_t row, size_t col, const char *s, enum cell_kind kind)
{
	struct cell *cell = canvas_cell(c, row, col);

	if (!cell)
		return;
	if (cell->kind == CELL_EMPTY || (kind == CELL_VERT && cell->kind == CELL_HORZ))
		canvas_put(c, row, col, s, kind);
}

/* Writes text from col on, at most `width` columns; returns the columns used. */
size_t canvas_put_text(struct canvas *c, size_t row, size_t col, const char *s, size_t width, bool ascii)
{
	size_t used = 0, n = strlen(s);
	struct cell *last = NULL;

	for (size_t i = 0, len; i < n; i += len) {
		uint32_t cp = '?';
		size_t w;
		char buf[8];
		const char *text;

		len = utf8_decode(s + i, n - i, &cp);
		if (len == 0) {
			len = 1;
			cp = '?';
		}
		text = ascii ? ascii_look_alike(cp) : NULL;
		if (ascii && text) {
			used += canvas_put_text(c, row, col + used, text, width - used, false);
			continue;
		}
		w = ascii ? 1 : code_point_width(cp);
		if (w == 0) {
			/* a combining mark goes on the character before it */
			if (last && last->len + len < CELL_BYTES) {
				memcpy(last->s + last->len, s + i, len);
				last->len = (unsigned char)(last->len + len);
			}
			continue;
		}
		if (used + w > width)
			break;
		memcpy(buf, s + i, len);
		buf[len] = '\0';
		canvas_put(c, row, col + used, buf, CELL_TEXT);
		last = canvas_cell(c, row, col + used);
		if (w == 2)
			canvas_put(c, row, col + used + 1, "", CELL_WIDE_TAIL);
		used += w;
	}
	return used;
}

/* The columns a text takes, as put_text writes it. */
size_t canvas_text_cols(const char *s, bool ascii)
{
	size_t n = strlen(s), w = 0;

	for (size_t i = 0, len; i < n; i += len) {
		uint32_t cp = '?';
		const char *text;

		len = utf8_decode(s + i, n - i, &cp);
		if (len == 0) {
			len = 1;
			cp = '?';
		}
		text = ascii ? ascii_look_alike(cp) : NULL;
		w += text ? strlen(text) : ascii ? 1 : code_point_width(cp);
	}
	return w;
}

/* One row of cells as text, without the spaces after its last mark
 * (*cols: the columns up to it); measured first, then copied once: a
 * diagram can have 2,000 rows of 200 cells. */
static char *render_row(const struct cell *cells, size_t count, size_t *cols)
{
	size_t len = 0, keep = 0, at = 0;
	char *text;

	*cols = 0;
	for (size_t x = 0; x < count; x++) {
		if (cells[x].kind == CELL_WIDE_TAIL)
			continue;
		len += cells[x].kind == CELL_EMPTY ? 1 : cells[x].len;
		if (cells[x].kind != CELL_EMPTY) {
			keep = len;
			*cols = x + 1;
		}
	}
	text = xmalloc(keep + 1);
	for (size_t x = 0; x < count && at < keep; x++) {
		if (cells[x].kind == CELL_WIDE_TAIL)
			continue;
		if (cells[x].kind == CELL_EMPTY) {
			text[at++] = ' ';
			continue;
		}
		memcpy(text + at, cells[x].s, cells[x].len);
		at += cells[x].len;
	}
	text[keep] = '\0';
	return text;
}

void canvas_render(const struct canvas *c, struct grid_output *out)
{
	out->rows = xcalloc(c->rows ? c->rows : 1, sizeof(char *));
	out->row_count = c->rows;
	for (size_t y = 0; y < c->rows; y++) {
		size_t cols;

		out->rows[y] = render_row(&c->cells[y * c->cols], c->cols, &cols);
		out->widest = cols > out->widest ? cols : out->widest;
	}
}
