/* Boxes and lines on a grid of character cells: the drawing of a diagram
 * once its layout has ranked the boxes and ordered each rank.
 *
 * Each rank becomes a row of boxes, ordered by their x; a row wider than
 * the width is wrapped onto several rows, never cut.  A line runs from the
 * bottom of its upper box to the top of its lower box: down from a port
 * on the upper box, across on a track of its own in the channel between
 * the two rows, down into a port on the lower box, passing between the
 * boxes of the rows it crosses.  Where a line crosses another, the
 * vertical one runs through unbroken.  Each line has a style (how it is
 * drawn), arrowheads at either end, and a label written beside its lower
 * end where the cells are free. */
#ifndef ICSVIEW_DIAGRAM_GRID_H
#define ICSVIEW_DIAGRAM_GRID_H

#include <stdbool.h>
#include <stddef.h>

enum grid_style {
	GRID_SOLID,             /* │ ─   | - */
	GRID_DASHED,            /* ┆ ┄   : . */
	GRID_DOUBLE,            /* ║ ═   # = */
	GRID_DOTTED,            /* ┊ ┈   ! ~ */
	GRID_HEAVY,             /* ┃ ━   * * */
	GRID_STYLE_COUNT,
};

enum grid_frame {
	GRID_SQUARE,            /* ┌─┐ */
	GRID_ROUND,             /* ╭─╮ */
};

struct grid_box {
	const char *const *lines;   /* the text, made safe for a terminal */
	size_t line_count;
	enum grid_frame frame;
	size_t rank;                /* 0 at the top */
	double x;                   /* its centre, in columns: kept where the width allows,
	                               else the whole drawing is narrowed */
};

struct grid_line {
	size_t top, bottom;         /* box indexes; top's rank above bottom's */
	enum grid_style style;
	bool arrow_top, arrow_bottom;
	const char *label;          /* NULL: none */
	/* The x where it crosses each rank between its ends, in the boxes'
	 * unit (NULL: spread evenly). */
	const double *via;
};

struct grid_input {
	const struct grid_box *boxes;
	size_t box_count;
	const struct grid_line *lines;
	size_t line_count;
	size_t width;               /* columns */
	bool ascii;
	bool sizing;                /* when the layout is wider than width, only
	                               grid_output's widest is wanted */
};

/* Where a box was drawn, for a caller that moves between boxes. */
struct grid_place {
	size_t row, col, width, height;
};

struct grid_output {
	char **rows;                /* UTF-8, no trailing spaces */
	size_t row_count;
	struct grid_place *places;  /* one per box */
	size_t widest;              /* the widest row, in columns */
};

/* Draws the boxes and lines.  Boxes wider than the width are drawn at the
 * width, their lines clipped with "…".  The output is grid_output_clear'ed
 * by the caller. */
void grid_draw(const struct grid_input *in, struct grid_output *out);
void grid_output_clear(struct grid_output *out);

/* The glyphs of a style, for a legend: the horizontal line. */
const char *grid_style_sample(enum grid_style style, bool ascii);

#endif
