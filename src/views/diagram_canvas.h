/* The character cells a diagram is drawn on (diagram_grid.c draws on
 * them): a cell holds a character, with any combining marks, and what
 * kind of mark it is, so that a line runs under a box's text, not over
 * it, and a vertical through a horizontal makes a crossing. */
#ifndef ICSVIEW_DIAGRAM_CANVAS_H
#define ICSVIEW_DIAGRAM_CANVAS_H

#include <stdbool.h>
#include <stddef.h>
#include "icsview/views/diagram_grid.h"

/* Bytes a cell holds: a character and the combining marks on it. */
#define CELL_BYTES 16

enum cell_kind { CELL_EMPTY, CELL_TEXT, CELL_WIDE_TAIL, CELL_VERT, CELL_HORZ, CELL_CORNER,
                 CELL_FRAME, CELL_ARROW };

struct cell {
	char s[CELL_BYTES];
	unsigned char len;
	unsigned char kind;
};

struct canvas {
	struct cell *cells;
	size_t rows, cols;
};

/* The cell at row, col; NULL outside the canvas. */
struct cell *canvas_cell(struct canvas *c, size_t row, size_t col);
/* Writes s (one character and its marks) into the cell, whatever is there. */
void canvas_put(struct canvas *c, size_t row, size_t col, const char *s, enum cell_kind kind);
/* A line's cell: a vertical runs through a horizontal (a crossing), and
 * nothing is drawn over a box, an arrow or a corner. */
void canvas_put_line(struct canvas *c, size_t row, size_t col, const char *s, enum cell_kind kind);
/* Writes text from col on, at most `width` columns; returns the columns used. */
size_t canvas_put_text(struct canvas *c, size_t row, size_t col, const char *s, size_t width, bool ascii);
/* The columns a text takes, as canvas_put_text writes it. */
size_t canvas_text_cols(const char *s, bool ascii);
/* The canvas as rows of text, with the widest row's columns. */
void canvas_render(const struct canvas *c, struct grid_output *out);

#endif
