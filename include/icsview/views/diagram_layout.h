/* The layout of a diagram, and pictures rendered, by Graphviz's dot
 * layout (src/views/diagram_layout.c, the one file that uses Graphviz):
 * boxes of a size in character cells ranked top-down along their lines and
 * ordered in each rank to reduce crossings; and a digraph's text rendered
 * as SVG or PNG.  Graphviz's global state is held in a context, opened
 * once and closed when done. */
#ifndef ICSVIEW_DIAGRAM_LAYOUT_H
#define ICSVIEW_DIAGRAM_LAYOUT_H

#include <stddef.h>

struct diagram_gv;

/* NULL when Graphviz cannot start (its plugins missing): *error says why
 * (caller frees). */
struct diagram_gv *diagram_gv_open(char **error);
void diagram_gv_close(struct diagram_gv *gv);

struct layout_box {
	size_t width, height;   /* cells */
};
struct layout_edge {
	size_t top, bottom;     /* box indexes: top is ranked above where it can be */
};
struct layout_result {
	size_t *rank;           /* per box, 0 at the top */
	double *x;              /* per box, its centre, in columns from the left */
	/* per edge: the x (columns) where it crosses each rank strictly between its
	 * ends' ranks, from top's rank down; NULL when there are none */
	double **via;
	size_t box_count, edge_count;
};

/* 0 with *out filled (layout_result_clear it), or -1 with *error set. */
int diagram_gv_layout(struct diagram_gv *gv, const struct layout_box *boxes, size_t box_count,
                      const struct layout_edge *edges, size_t edge_count,
                      struct layout_result *out, char **error);
void layout_result_clear(struct layout_result *r);

/* Renders a digraph's text (`format`: "svg" or "png") into *data, *len
 * bytes (caller frees).  0, or -1 with *error set (caller frees). */
int diagram_gv_render(struct diagram_gv *gv, const char *dot, const char *format,
                      char **data, size_t *len, char **error);

#endif
