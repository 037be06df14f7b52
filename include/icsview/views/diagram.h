/* The governance around an entity drawn as text (`icsview diagram`):
 * its graph (governance.h) laid out by diagram_layout.h, drawn on a grid
 * of cells by diagram_grid.h, and followed by the legend of the lines,
 * the key of the scopes and of the groups, and what was left out.
 *
 * Bodies are square boxes with their member counts; the entities at the
 * other ends of their lines, and groups of them, are round ones.  Bodies
 * with no line of the chosen relations go on a last row of their own. */
#ifndef ICSVIEW_DIAGRAM_H
#define ICSVIEW_DIAGRAM_H

#include <stdbool.h>
#include <stddef.h>
#include "icsview/query/governance.h"
#include "icsview/views/diagram_grid.h"
#include "icsview/views/diagram_layout.h"

/* The widest a box's text is made, in columns: a third of the width,
 * from DIAGRAM_BOX_TEXT to DIAGRAM_BOX_TEXT_MAX, when the width allows. */
#define DIAGRAM_BOX_TEXT 24
#define DIAGRAM_BOX_TEXT_MAX 32
/* The narrowest a box's text is made to let lines pass beside it. */
#define DIAGRAM_MIN_BOX_TEXT 8
/* The lines of a name in a box at most. */
#define DIAGRAM_NAME_LINES 3
/* The narrowest width drawn. */
#define DIAGRAM_MIN_WIDTH 20

struct diagram_options {
	size_t width;           /* columns (at least DIAGRAM_MIN_WIDTH are used) */
	bool ascii;             /* ASCII only, names included */
	/* The notes on what was left out name the interface's keys (+ and -
	 * for the depth) instead of the command's options (--depth, --rel). */
	bool view_keys;
};

struct diagram_text {
	char **lines;           /* UTF-8 (ASCII with options.ascii), no trailing spaces */
	size_t count;
	size_t diagram_rows;    /* the first lines are the drawing; the rest the key */
	size_t widest;          /* the drawing's widest line, in columns: above the
	                           width only when its lines could not fit */
	struct grid_place *places;      /* where each governance node was drawn */
	size_t place_count;
};

/* Draws `g`.  0, or -1 when the layout failed: *error says why (caller
 * frees).  The text is diagram_text_clear'ed by the caller. */
int diagram_draw(struct diagram_gv *gv, const struct governance *g,
                 const struct diagram_options *opts, struct diagram_text *out, char **error);
void diagram_text_clear(struct diagram_text *t);

/* Appends `text` (made safe for a terminal first) to `lines`, wrapped at
 * word boundaries to `width` columns, words longer than a line cut, at most
 * `max_lines` lines (0: no limit; the last one shortened by "…" when the
 * text goes on), every line after the first indented by `indent`. */
void diagram_wrap(struct string_list *lines, const char *text, size_t width, size_t max_lines,
                  size_t indent, bool ascii);

#endif
