/* Graphviz's dot layout and renderers behind diagram_layout.h: the only
 * file that names Graphviz (scripts/check-layers holds it to that). */
#include "icsview/views/diagram_layout.h"

#include <gvc.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "icsview/base/util.h"

/* Inches per cell across and down: a terminal's cell is about twice as
 * tall as it is wide. */
#define CELL_WIDTH_IN 0.1
#define CELL_HEIGHT_IN 0.2
/* Points per inch, Graphviz's unit of coordinates. */
#define POINTS_PER_IN 72.0
#define CELL_POINTS (CELL_WIDTH_IN * POINTS_PER_IN)

struct diagram_gv {
	GVC_t *gvc;
};

struct diagram_gv *diagram_gv_open(char **error)
{
	struct diagram_gv *gv = xcalloc(1, sizeof(*gv));

	*error = NULL;
	/* errors are taken with aglasterr, not printed by Graphviz */
	agseterr(AGMAX);
	gv->gvc = gvContext();
	if (!gv->gvc) {
		*error = xstrdup("Graphviz could not start");
		free(gv);
		return NULL;
	}
	return gv;
}

void diagram_gv_close(struct diagram_gv *gv)
{
	if (!gv)
		return;
	gvFreeContext(gv->gvc);
	free(gv);
}

static char *last_error(const char *what)
{
	char *message = aglasterr();
	char *error;
	size_t n;

	if (!message || !*message)
		return xstrdup(what);
	n = strlen(message);
	while (n > 0 && (message[n - 1] == '\n' || message[n - 1] == ' '))
		message[--n] = '\0';
	error = xasprintf("%s: %s", what, message);
	free(message);
	return error;
}

static void set_size(Agnode_t *n, const struct layout_box *b)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%.2f", (double)b->width * CELL_WIDTH_IN);
	agsafeset(n, "width", buf, "");
	snprintf(buf, sizeof(buf), "%.2f", (double)b->height * CELL_HEIGHT_IN);
	agsafeset(n, "height", buf, "");
}

static Agraph_t *build_graph(const struct layout_box *boxes, size_t box_count,
                             const struct layout_edge *edges, size_t edge_count,
                             Agnode_t **nodes, Agedge_t **arcs)
{
	Agraph_t *g = agopen("diagram", Agdirected, NULL);

	if (!g)
		return NULL;
	agsafeset(g, "rankdir", "TB", "");
	agsafeset(g, "nodesep", "0.3", "");
	agsafeset(g, "ranksep", "0.6", "");
	agattr(g, AGNODE, "shape", "box");
	agattr(g, AGNODE, "fixedsize", "true");
	agattr(g, AGNODE, "label", "");
	for (size_t i = 0; i < box_count; i++) {
		char name[32];

		snprintf(name, sizeof(name), "n%zu", i);
		nodes[i] = agnode(g, name, 1);
		set_size(nodes[i], &boxes[i]);
	}
	for (size_t i = 0; i < edge_count; i++)
		arcs[i] = agedge(g, nodes[edges[i].top], nodes[edges[i].bottom], NULL, 1);
	return g;
}

static int compare_desc(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x < y) - (x > y);
}

/* The ranks: the distinct heights of the boxes' centres, from the top. */
static size_t rank_of(const double *levels, size_t count, double y)
{
	for (size_t i = 0; i < count; i++)
		if (fabs(levels[i] - y) < 0.5)
			return i;
	return 0;
}

/* The x where the edge's spline crosses the height y. */
static double cross_at(Agedge_t *e, double y, double fallback)
{
	splines *spl = ED_spl(e);

	if (!spl || spl->size == 0)
		return fallback;
	for (size_t i = 0; i + 1 < (size_t)spl->list[0].size; i++) {
		pointf a = spl->list[0].list[i], b = spl->list[0].list[i + 1];

		if ((a.y - y) * (b.y - y) <= 0 && a.y != b.y)
			return a.x + (b.x - a.x) * (y - a.y) / (b.y - a.y);
	}
	return fallback;
}

static void read_layout(Agnode_t **nodes, size_t box_count, Agedge_t **arcs,
                        const struct layout_edge *edges, size_t edge_count, struct layout_result *out)
{
	double *levels = xcalloc(box_count ? box_count : 1, sizeof(double));
	size_t level_count = 0;

	for (size_t i = 0; i < box_count; i++)
		levels[i] = ND_coord(nodes[i]).y;
	qsort(levels, box_count, sizeof(double), compare_desc);
	for (size_t i = 0; i < box_count; i++)
		if (level_count == 0 || fabs(levels[level_count - 1] - levels[i]) >= 0.5)
			levels[level_count++] = levels[i];
	for (size_t i = 0; i < box_count; i++) {
		out->rank[i] = rank_of(levels, level_count, ND_coord(nodes[i]).y);
		out->x[i] = ND_coord(nodes[i]).x / CELL_POINTS;
	}
	for (size_t i = 0; i < edge_count; i++) {
		size_t a = out->rank[edges[i].top], b = out->rank[edges[i].bottom];

		if (b <= a + 1)
			continue;
		out->via[i] = xcalloc(b - a - 1, sizeof(double));
		for (size_t r = a + 1; r < b; r++)
			out->via[i][r - a - 1] = cross_at(arcs[i], levels[r],
			                                  (out->x[edges[i].top] + out->x[edges[i].bottom]) / 2 * CELL_POINTS)
			                         / CELL_POINTS;
	}
	free(levels);
}

int diagram_gv_layout(struct diagram_gv *gv, const struct layout_box *boxes, size_t box_count,
                      const struct layout_edge *edges, size_t edge_count,
                      struct layout_result *out, char **error)
{
	Agnode_t **nodes = xcalloc(box_count ? box_count : 1, sizeof(*nodes));
	Agedge_t **arcs = xcalloc(edge_count ? edge_count : 1, sizeof(*arcs));
	Agraph_t *g = build_graph(boxes, box_count, edges, edge_count, nodes, arcs);
	int rc = -1;

	*error = NULL;
	memset(out, 0, sizeof(*out));
	if (!g) {
		*error = last_error("cannot make the graph");
	} else if (gvLayout(gv->gvc, g, "dot") != 0) {
		*error = last_error("the layout failed");
	} else {
		out->box_count = box_count;
		out->edge_count = edge_count;
		out->rank = xcalloc(box_count ? box_count : 1, sizeof(size_t));
		out->x = xcalloc(box_count ? box_count : 1, sizeof(double));
		out->via = xcalloc(edge_count ? edge_count : 1, sizeof(double *));
		read_layout(nodes, box_count, arcs, edges, edge_count, out);
		gvFreeLayout(gv->gvc, g);
		rc = 0;
	}
	if (g)
		agclose(g);
	free(nodes);
	free(arcs);
	return rc;
}

void layout_result_clear(struct layout_result *r)
{
	if (!r)
		return;
	for (size_t i = 0; r->via && i < r->edge_count; i++)
		free(r->via[i]);
	free(r->via);
	free(r->rank);
	free(r->x);
	memset(r, 0, sizeof(*r));
}

int diagram_gv_render(struct diagram_gv *gv, const char *dot, const char *format,
                      char **data, size_t *len, char **error)
{
	Agraph_t *g = agmemread(dot);
	char *result = NULL;
	unsigned int n = 0;
	int rc = -1;

	*data = NULL;
	*len = 0;
	*error = NULL;
	if (!g) {
		*error = last_error("cannot read the graph");
		return -1;
	}
	if (gvLayout(gv->gvc, g, "dot") != 0) {
		*error = last_error("the layout failed");
	} else {
		if (gvRenderData(gv->gvc, g, format, &result, &n) != 0 || !result) {
			*error = last_error("cannot render the picture");
		} else {
			*data = xmalloc(n ? n : 1);
			memcpy(*data, result, n);
			*len = n;
			rc = 0;
		}
		gvFreeRenderData(result);
		gvFreeLayout(gv->gvc, g);
	}
	agclose(g);
	return rc;
}
