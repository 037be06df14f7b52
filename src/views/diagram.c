/* The governance drawn as text (diagram.h): the boxes' text, the layout,
 * the grid, the legend and the key. */
#include "icsview/views/diagram.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "icsview/base/output.h"
#include "icsview/base/util.h"

/* A box's frame and padding around its text: "│ " and " │". */
#define BOX_FRAME 4
/* A box's text is made at most this fraction of the width (within the
 * bounds of diagram.h). */
#define BOX_TEXT_SHARE 3
/* Columns between the boxes of the bodies with no line. */
#define UNLINKED_GAP 3
/* Columns between the parts of a drawing packed side by side. */
#define PART_GAP 4

/* Wrapping text */

static void push_line(struct string_list *lines, char *line)
{
	GROW(lines->items, lines->cap, lines->count + 1);
	lines->items[lines->count++] = line;
}

/* The text made safe, and ASCII when asked. */
static char *safe_text(const char *text, bool ascii)
{
	struct strbuf safe = STRBUF_INIT, out = STRBUF_INIT;
	const char *s;
	size_t n;

	sb_text_line(&safe, text ? text : "");
	if (!ascii)
		return sb_detach(&safe);
	s = sb_str(&safe);
	n = safe.len;
	for (size_t i = 0, len; i < n; i += len) {
		uint32_t cp = '?';
		const char *look;

		len = utf8_decode(s + i, n - i, &cp);
		if (len == 0) {
			len = 1;
			cp = '?';
		}
		look = ascii_look_alike(cp);
		if (look)
			sb_puts(&out, look);
		else
			sb_putc(&out, (char)cp);
	}
	sb_free(&safe);
	sb_str(&out);
	return sb_detach(&out);
}

/* The bytes of s that fit in `width` columns, combining marks kept with
 * their character. */
static size_t fit(const char *s, size_t n, size_t width)
{
	size_t used = 0, i = 0;

	while (i < n) {
		uint32_t cp = '?';
		size_t len = utf8_decode(s + i, n - i, &cp), w;

		len = len ? len : 1;
		w = code_point_width(cp);
		if (used + w > width)
			break;
		used += w;
		i += len;
	}
	return i;
}

struct wrapper {
	struct string_list *lines;
	struct strbuf line;
	size_t width, indent, max, cols;
	size_t first;           /* lines->count when it started */
	bool full;              /* max lines made: the rest is cut */
};

static size_t line_width(const struct wrapper *w)
{
	bool first = w->lines->count == w->first;

	return first || w->width <= w->indent ? w->width : w->width - w->indent;
}

static void push_wrapped(struct wrapper *w, const char *text, size_t n, const char *tail)
{
	bool first = w->lines->count == w->first;

	push_line(w->lines, xasprintf("%*s%.*s%s", first ? 0 : (int)w->indent, "", (int)n, text, tail));
}

/* Ends the line with more text to come: the last line allowed is kept
 * back, to be cut short at the end. */
static void end_line(struct wrapper *w)
{
	if (w->full)
		return;
	if (w->max && w->lines->count - w->first + 1 == w->max) {
		w->full = true;
		return;
	}
	push_wrapped(w, sb_str(&w->line), w->line.len, "");
	sb_reset(&w->line);
	w->cols = 0;
}

static void add_word(struct wrapper *w, const char *word, size_t n)
{
	size_t width = text_width(word, n);

	if (w->full)
		return;
	if (w->cols > 0 && w->cols + 1 + width > line_width(w))
		end_line(w);
	/* a word longer than a line is cut */
	while (!w->full && w->cols == 0 && width > line_width(w)) {
		size_t cut = fit(word, n, line_width(w));

		cut = cut ? cut : n;
		sb_add(&w->line, word, cut);
		w->cols = text_width(word, cut);
		word += cut;
		n -= cut;
		width = text_width(word, n);
		if (n == 0)
			return;
		end_line(w);
	}
	if (w->full)
		return;
	if (w->cols)
		sb_putc(&w->line, ' ');
	sb_add(&w->line, word, n);
	w->cols += (w->cols ? 1 : 0) + width;
}

/* The last line of a text cut short, ending in "…". */
static void end_cut(struct wrapper *w, bool ascii)
{
	const char *more = ascii ? "..." : "…";
	size_t mw = ascii ? 3 : 1, room = line_width(w) > mw ? line_width(w) - mw : 0;
	const char *s = sb_str(&w->line);
	size_t keep = fit(s, w->line.len, room);

	while (keep > 0 && s[keep - 1] == ' ')
		keep--;
	push_wrapped(w, s, keep, more);
}

void diagram_wrap(struct string_list *lines, const char *text, size_t width, size_t max_lines,
                  size_t indent, bool ascii)
{
	char *safe = safe_text(text, ascii);
	struct wrapper w = { .lines = lines, .line = STRBUF_INIT, .width = width ? width : 1,
	                     .indent = indent, .max = max_lines, .first = lines->count };
	const char *s = safe;

	while (*s) {
		size_t n = strcspn(s, " ");

		if (n)
			add_word(&w, s, n);
		s += n;
		while (*s == ' ')
			s++;
	}
	if (w.full)
		end_cut(&w, ascii);
	else if (w.cols > 0 || lines->count == w.first)
		push_wrapped(&w, sb_str(&w.line), w.line.len, "");
	sb_free(&w.line);
	free(safe);
}

static enum grid_style grid_style_of(enum governance_style style)
{
	switch (style) {
	case GOVERNANCE_SOLID: return GRID_SOLID;
	case GOVERNANCE_DASHED: return GRID_DASHED;
	case GOVERNANCE_DOUBLE: return GRID_DOUBLE;
	case GOVERNANCE_DOTTED: return GRID_DOTTED;
	case GOVERNANCE_HEAVY: case GOVERNANCE_STYLE_COUNT: break;
	}
	return GRID_HEAVY;
}

/* The boxes */

static void box_text(const struct governance *g, size_t i, size_t width, bool ascii,
                     struct string_list *out)
{
	const struct governance_node *n = &g->nodes[i];
	char *text;

	switch (n->type) {
	case GOVERNANCE_BODY:
		diagram_wrap(out, n->name, width, DIAGRAM_NAME_LINES, 0, ascii);
		if (n->members) {
			text = xasprintf("%zu member%s", n->members, n->members == 1 ? "" : "s");
			diagram_wrap(out, text, width, 1, 0, ascii);
			free(text);
		}
		break;
	case GOVERNANCE_ENTITY:
		diagram_wrap(out, n->name, width, DIAGRAM_NAME_LINES, 0, ascii);
		break;
	case GOVERNANCE_GROUP:
		text = xasprintf("%s (G%zu)", n->name, n->group_number);
		diagram_wrap(out, text, width, 2, 0, ascii);
		free(text);
		if (n->members_of) {
			text = xasprintf("%s %s", n->all_members ? "all members of" : "members of", n->members_of);
			diagram_wrap(out, text, width, DIAGRAM_NAME_LINES, 0, ascii);
			free(text);
		}
		break;
	}
}

/* A line's label: its scopes' numbers, and its relation's name when the
 * styles have run out. */
static char *line_label(const struct governance *g, const struct governance_line *l)
{
	struct strbuf sb = STRBUF_INIT;

	if (g->relations[l->relation].labelled)
		sb_puts(&sb, g->relations[l->relation].legend);
	for (size_t i = 0; i < l->scope_count; i++)
		sb_printf(&sb, "%s%zu", i == 0 ? (sb.len ? " [" : "[") : ",", l->scopes[i] + 1);
	if (l->scope_count)
		sb_putc(&sb, ']');
	return sb.len ? sb_detach(&sb) : NULL;
}

static bool has_line(const struct governance *g, size_t node)
{
	for (size_t i = 0; i < g->line_count; i++)
		if (g->lines[i].top == node || g->lines[i].bottom == node)
			return true;
	return false;
}

/* Everything the drawing needs, freed together. */
struct drawing {
	struct string_list *texts;
	struct grid_box *boxes;
	struct grid_line *lines;
	char **labels;
	struct layout_box *sizes;
	struct layout_edge *edges;
	struct layout_result layout;
	size_t node_count, line_count;
};

static void drawing_free(struct drawing *d)
{
	for (size_t i = 0; i < d->node_count; i++)
		string_list_clear(&d->texts[i]);
	for (size_t i = 0; i < d->line_count; i++)
		free(d->labels[i]);
	free(d->texts);
	free(d->boxes);
	free(d->lines);
	free(d->labels);
	free(d->sizes);
	free(d->edges);
	layout_result_clear(&d->layout);
}

static void prepare(const struct governance *g, size_t text_cols, bool ascii, struct drawing *d)
{
	size_t n = g->node_count ? g->node_count : 1, m = g->line_count ? g->line_count : 1;

	d->node_count = g->node_count;
	d->line_count = g->line_count;
	d->texts = xcalloc(n, sizeof(*d->texts));
	d->boxes = xcalloc(n, sizeof(*d->boxes));
	d->sizes = xcalloc(n, sizeof(*d->sizes));
	d->lines = xcalloc(m, sizeof(*d->lines));
	d->labels = xcalloc(m, sizeof(*d->labels));
	d->edges = xcalloc(m, sizeof(*d->edges));
	for (size_t i = 0; i < g->node_count; i++) {
		size_t inner = 1;

		box_text(g, i, text_cols, ascii, &d->texts[i]);
		for (size_t j = 0; j < d->texts[i].count; j++) {
			size_t w = text_width(d->texts[i].items[j], strlen(d->texts[i].items[j]));

			inner = w > inner ? w : inner;
		}
		d->sizes[i] = (struct layout_box){ inner + BOX_FRAME, d->texts[i].count + 2 };
		d->boxes[i] = (struct grid_box){ (const char *const *)d->texts[i].items, d->texts[i].count,
		                                 g->nodes[i].type == GOVERNANCE_BODY ? GRID_SQUARE : GRID_ROUND, 0, 0 };
	}
	for (size_t i = 0; i < g->line_count; i++) {
		const struct governance_line *l = &g->lines[i];

		d->labels[i] = line_label(g, l);
		d->edges[i] = (struct layout_edge){ l->top, l->bottom };
		d->lines[i] = (struct grid_line){ l->top, l->bottom, grid_style_of(g->relations[l->relation].style),
		                                  l->arrow_up, !l->arrow_up, d->labels[i], NULL };
	}
}

/* Packing the separate parts */

/* A part of the drawing whose boxes are joined by lines, as the layout
 * placed it, and where it goes. */
struct part {
	size_t root;            /* the union-find root of its boxes */
	size_t first_rank, last_rank;
	double left, right;     /* columns */
	size_t to_rank;         /* the rank its first rank goes to */
	double shift;           /* added to its columns */
};

static size_t find_root(size_t *parent, size_t i)
{
	while (parent[i] != i)
		i = parent[i] = parent[parent[i]];
	return i;
}

static int compare_parts(const void *a, const void *b)
{
	const struct part *p = a, *q = b;

	if (p->left != q->left)
		return p->left < q->left ? -1 : 1;
	return p->root < q->root ? -1 : p->root > q->root;
}

/* The parts of the linked boxes, each box's in part_of; their count. */
static size_t find_parts(const struct governance *g, const struct drawing *d, size_t *part_of,
                         struct part *parts)
{
	size_t *parent = xcalloc(g->node_count, sizeof(*parent)), count = 0;

	for (size_t i = 0; i < g->node_count; i++)
		parent[i] = i;
	for (size_t i = 0; i < g->line_count; i++)
		parent[find_root(parent, g->lines[i].top)] = find_root(parent, g->lines[i].bottom);
	for (size_t i = 0; i < g->node_count; i++) {
		size_t root = find_root(parent, i), k = 0;
		double half = (double)d->sizes[i].width / 2;

		if (!has_line(g, i))
			continue;
		while (k < count && parts[k].root != root)
			k++;
		if (k == count)
			parts[count++] = (struct part){ root, d->boxes[i].rank, d->boxes[i].rank,
			                                d->boxes[i].x - half, d->boxes[i].x + half, 0, 0 };
		struct part *p = &parts[k];
		p->first_rank = d->boxes[i].rank < p->first_rank ? d->boxes[i].rank : p->first_rank;
		p->last_rank = d->boxes[i].rank > p->last_rank ? d->boxes[i].rank : p->last_rank;
		p->left = d->boxes[i].x - half < p->left ? d->boxes[i].x - half : p->left;
		p->right = d->boxes[i].x + half > p->right ? d->boxes[i].x + half : p->right;
	}
	for (size_t i = 0; i < g->node_count; i++)
		part_of[i] = has_line(g, i) ? find_root(parent, i) : SIZE_MAX;
	free(parent);
	return count;
}

/* Each part's place: side by side in the layout's order while they fit
 * the width, then on the ranks below. */
static void place_parts(struct part *parts, size_t count, size_t width)
{
	double col = 0;
	size_t band = 0, band_ranks = 0;

	qsort(parts, count, sizeof(*parts), compare_parts);
	for (size_t k = 0; k < count; k++) {
		struct part *p = &parts[k];
		size_t ranks = p->last_rank - p->first_rank + 1;

		if (col > 0 && col + (p->right - p->left) > (double)width) {
			band += band_ranks;
			band_ranks = 0;
			col = 0;
		}
		p->to_rank = band;
		p->shift = col - p->left;
		col += p->right - p->left + PART_GAP;
		band_ranks = ranks > band_ranks ? ranks : band_ranks;
	}
}

/* When the layout is wider than the width and made of several parts
 * (bodies joined by lines to each other and to nothing else), the parts
 * go side by side and then below each other: a wide rank wrapped onto
 * several rows would send every part's lines across all the others. */
static void pack_parts(const struct governance *g, struct drawing *d, size_t width)
{
	struct part *parts = xcalloc(g->node_count ? g->node_count : 1, sizeof(*parts));
	size_t *part_of = xcalloc(g->node_count ? g->node_count : 1, sizeof(*part_of));
	size_t count = find_parts(g, d, part_of, parts);
	double left = 0, right = 0;

	for (size_t k = 0; k < count; k++) {
		left = k == 0 || parts[k].left < left ? parts[k].left : left;
		right = k == 0 || parts[k].right > right ? parts[k].right : right;
	}
	if (count > 1 && right - left > (double)width) {
		place_parts(parts, count, width);
		for (size_t i = 0; i < g->line_count; i++) {
			const struct part *p = parts;
			size_t top = d->lines[i].top, bottom = d->lines[i].bottom;
			size_t a = d->boxes[top].rank, b = d->boxes[bottom].rank;
			size_t between = a > b ? a - b : b - a;

			while (p->root != part_of[top])
				p++;
			for (size_t j = 0; d->layout.via[i] && j + 1 < between; j++)
				d->layout.via[i][j] += p->shift;
		}
		for (size_t i = 0; i < g->node_count; i++) {
			const struct part *p = parts;

			if (part_of[i] == SIZE_MAX)
				continue;
			while (p->root != part_of[i])
				p++;
			d->boxes[i].rank = p->to_rank + (d->boxes[i].rank - p->first_rank);
			d->boxes[i].x += p->shift;
		}
	}
	free(parts);
	free(part_of);
}

/* The ranks and places from the layout, its parts packed to the width;
 * bodies with no line on a row of their own below the rest, in the
 * model's order. */
static void place_boxes(const struct governance *g, struct drawing *d, size_t width)
{
	size_t last = 0;
	bool any = false;

	for (size_t i = 0; i < g->node_count; i++) {
		d->boxes[i].rank = d->layout.rank[i];
		d->boxes[i].x = d->layout.x[i];
	}
	pack_parts(g, d, width);
	for (size_t i = 0; i < g->node_count; i++) {
		if (!has_line(g, i))
			continue;
		any = true;
		last = d->boxes[i].rank > last ? d->boxes[i].rank : last;
	}
	for (size_t i = 0, k = 0; i < g->node_count; i++) {
		if (!has_line(g, i)) {
			d->boxes[i].rank = any ? last + 1 : 0;
			d->boxes[i].x = (double)k + (double)d->sizes[i].width / 2;
			k += d->sizes[i].width + UNLINKED_GAP;
		}
	}
	for (size_t i = 0; i < g->line_count; i++)
		d->lines[i].via = d->layout.via[i];
}

/* Lays out and draws the boxes with text `text_cols` wide at most. */
static int draw_once(struct diagram_gv *gv, const struct governance *g, size_t text_cols, size_t width,
                     bool ascii, struct drawing *d, struct grid_output *grid, char **error)
{
	struct grid_input in;

	prepare(g, text_cols, ascii, d);
	if (g->node_count &&
	    diagram_gv_layout(gv, d->sizes, g->node_count, d->edges, g->line_count, &d->layout, error) != 0) {
		drawing_free(d);
		return -1;
	}
	if (g->node_count)
		place_boxes(g, d, width);
	in = (struct grid_input){ d->boxes, g->node_count, d->lines, g->line_count, width, ascii,
	                          .sizing = text_cols > DIAGRAM_MIN_BOX_TEXT };
	grid_draw(&in, grid);
	return 0;
}

/* The legend, the key and the notes */

static void legend(const struct governance *g, size_t width, bool ascii, struct string_list *out)
{
	struct strbuf sb = STRBUF_INIT;
	const char *arrow = ascii ? "->" : "→", *example = NULL;

	for (size_t i = 0; i < g->relation_count; i++) {
		const char *sample = grid_style_sample(grid_style_of(g->relations[i].style), ascii);

		if (!g->relations[i].used)
			continue;
		sb_puts(&sb, sb.len ? "; " : "Lines: ");
		if (!g->relations[i].labelled)
			sb_printf(&sb, "%s%s%s ", sample, sample, sample);
		sb_puts(&sb, g->relations[i].legend);
		if (g->relations[i].labelled)
			sb_puts(&sb, " (named on its lines)");
		example = example ? example : g->relations[i].legend;
	}
	if (sb.len) {
		diagram_wrap(out, sb_str(&sb), width, 0, 7, ascii);
		sb_reset(&sb);
		sb_printf(&sb, "Read a line along its arrow: A %s B is \"A %s B\".%s", arrow, example,
		          g->scope_count ? " [n]: a scope, below." : "");
		diagram_wrap(out, sb_str(&sb), width, 0, 0, ascii);
		sb_reset(&sb);
		sb_puts(&sb, g->around_body ? "Square boxes: the bodies whose lines are drawn; round: what their lines reach."
		             : g->bodies_reaching ? "Square boxes: the bodies under it or whose lines reach it; round: what their lines reach."
		                                  : "Square boxes: the bodies under it; round: what their lines reach.");
		diagram_wrap(out, sb_str(&sb), width, 0, 0, ascii);
	}
	sb_free(&sb);
}

static void scope_key(const struct governance *g, size_t width, bool ascii, struct string_list *out)
{
	const char *arrow = ascii ? "->" : "→";

	for (size_t s = 0; s < g->scope_count; s++) {
		struct strbuf sb = STRBUF_INIT;
		size_t lines = 0, only = 0;

		for (size_t i = 0; i < g->line_count; i++)
			for (size_t j = 0; j < g->lines[i].scope_count; j++)
				if (g->lines[i].scopes[j] == s) {
					lines++;
					only = i;
				}
		sb_printf(&sb, "[%zu] %s", s + 1, g->scopes[s]);
		if (lines == 1) {
			const struct governance_line *l = &g->lines[only];
			size_t from = l->arrow_up ? l->bottom : l->top, to = l->arrow_up ? l->top : l->bottom;

			sb_printf(&sb, " (%s %s %s)", g->nodes[from].name, arrow, g->nodes[to].name);
		}
		diagram_wrap(out, sb_str(&sb), width, 0, 4, ascii);
		sb_free(&sb);
	}
}

static void group_key(const struct governance *g, size_t width, bool ascii, struct string_list *out)
{
	for (size_t i = 0; i < g->node_count; i++) {
		const struct governance_node *n = &g->nodes[i];
		struct strbuf sb = STRBUF_INIT;

		if (n->type != GOVERNANCE_GROUP)
			continue;
		sb_printf(&sb, "G%zu %s:", n->group_number, n->name);
		for (size_t j = 0; j < n->group_count; j++)
			sb_printf(&sb, "%s %s", j ? "," : "", n->group_names[j]);
		sb_putc(&sb, '.');
		diagram_wrap(out, sb_str(&sb), width, 0, 4, ascii);
		sb_free(&sb);
	}
}

/* What was left out, and how to draw it: the command's options, or the
 * interface's keys where those options do not apply. */
static void left_out(const struct governance *g, size_t width, bool ascii, bool view_keys,
                     struct string_list *out)
{
	const char *bodies_below = g->bodies_below == 1 ? "y" : "ies";
	char *text;

	if (g->bodies_below) {
		text = view_keys
		     ? xasprintf("%zu more bod%s further down, to depth %zu: + draws a level more.",
		                 g->bodies_below, bodies_below, g->deepest)
		     : xasprintf("%zu more bod%s further down: --depth %zu draws %s.", g->bodies_below,
		                 bodies_below, g->deepest, g->bodies_below == 1 ? "it" : "them");
		diagram_wrap(out, text, width, 0, 0, ascii);
		free(text);
	}
	if (g->bodies_found <= g->bodies_drawn)
		return;
	if (!view_keys)
		text = xasprintf("Drew %zu of %zu bodies (the first in the model's order): "
		                 "choose fewer with --rel or --depth.", g->bodies_drawn, g->bodies_found);
	else if (g->depth > 1)
		text = xasprintf("Drew %zu of %zu bodies (the first in the model's order): "
		                 "- draws a level less.", g->bodies_drawn, g->bodies_found);
	else
		text = xasprintf("Drew %zu of %zu bodies (the first in the model's order): "
		                 "icsview diagram --rel draws fewer relations.", g->bodies_drawn, g->bodies_found);
	diagram_wrap(out, text, width, 0, 0, ascii);
	free(text);
}

static void notes(const struct governance *g, size_t width, bool ascii, bool view_keys,
                  struct string_list *out)
{
	char *text;

	if (g->node_count == 0) {
		diagram_wrap(out, "No boards, committees or partnerships here.", width, 0, 0, ascii);
		return;
	}
	if (g->unlinked) {
		text = xasprintf("%zu bod%s with no line of these relations: the last row.", g->unlinked,
		                 g->unlinked == 1 ? "y" : "ies");
		diagram_wrap(out, text, width, 0, 0, ascii);
		free(text);
	}
	left_out(g, width, ascii, view_keys, out);
}

int diagram_draw(struct diagram_gv *gv, const struct governance *g,
                 const struct diagram_options *opts, struct diagram_text *out, char **error)
{
	size_t width = opts->width < DIAGRAM_MIN_WIDTH ? DIAGRAM_MIN_WIDTH : opts->width;
	size_t text_cols = width / BOX_TEXT_SHARE;

	/* wider boxes, with fewer lines each, on a wider terminal */
	text_cols = text_cols < DIAGRAM_BOX_TEXT ? DIAGRAM_BOX_TEXT
	          : text_cols > DIAGRAM_BOX_TEXT_MAX ? DIAGRAM_BOX_TEXT_MAX : text_cols;
	text_cols = width - BOX_FRAME < text_cols ? width - BOX_FRAME : text_cols;
	struct drawing d = { 0 };
	struct grid_output grid = { 0 };
	struct string_list lines = { 0 };

	memset(out, 0, sizeof(*out));
	*error = NULL;
	/* narrower boxes while the lines passing beside them do not fit */
	for (;;) {
		if (draw_once(gv, g, text_cols, width, opts->ascii, &d, &grid, error) != 0)
			return -1;
		if (grid.widest <= width || text_cols <= DIAGRAM_MIN_BOX_TEXT)
			break;
		text_cols = text_cols > DIAGRAM_MIN_BOX_TEXT + (grid.widest - width)
		          ? text_cols - (grid.widest - width) : DIAGRAM_MIN_BOX_TEXT;
		grid_output_clear(&grid);
		drawing_free(&d);
		memset(&d, 0, sizeof(d));
	}
	for (size_t i = 0; i < grid.row_count; i++) {
		push_line(&lines, grid.rows[i]);
		grid.rows[i] = NULL;
	}
	out->diagram_rows = lines.count;
	if (lines.count)
		push_line(&lines, xstrdup(""));
	legend(g, width, opts->ascii, &lines);
	scope_key(g, width, opts->ascii, &lines);
	group_key(g, width, opts->ascii, &lines);
	notes(g, width, opts->ascii, opts->view_keys, &lines);
	out->lines = lines.items;
	out->count = lines.count;
	out->widest = grid.widest;
	out->places = grid.places;
	out->place_count = g->node_count;
	grid.places = NULL;
	grid_output_clear(&grid);
	drawing_free(&d);
	return 0;
}

void diagram_text_clear(struct diagram_text *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->count; i++)
		free(t->lines[i]);
	free(t->lines);
	free(t->places);
	memset(t, 0, sizeof(*t));
}
