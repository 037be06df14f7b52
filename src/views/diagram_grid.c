/* Boxes and lines on a grid of character cells (diagram_grid.h). */
#include "icsview/views/diagram_grid.h"
#include "diagram_canvas.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "icsview/base/output.h"
#include "icsview/base/util.h"

/* Columns between two boxes of a row, and beside a line passing between. */
#define BOX_GAP 3
#define PASS_GAP 1
/* A box's frame and padding: "│ " and " │". */
#define BOX_PAD 4
/* Glyphs: [style] = { vertical, horizontal, ┌, ┐, └, ┘ }, Unicode then ASCII. */
static const char *const glyphs[2][GRID_STYLE_COUNT][6] = {
	{
		{ "│", "─", "┌", "┐", "└", "┘" },
		{ "┆", "┄", "┌", "┐", "└", "┘" },
		{ "║", "═", "╔", "╗", "╚", "╝" },
		{ "┊", "┈", "┌", "┐", "└", "┘" },
		{ "┃", "━", "┏", "┓", "┗", "┛" },
	},
	{
		{ "|", "-", "+", "+", "+", "+" },
		{ ":", ".", "+", "+", "+", "+" },
		{ "#", "=", "+", "+", "+", "+" },
		{ "!", "~", "+", "+", "+", "+" },
		{ "*", "*", "+", "+", "+", "+" },
	},
};
enum { G_VERT, G_HORZ, G_TL, G_TR, G_BL, G_BR };

/* Frames: { ┌, ┐, └, ┘, ─, │, ┬ (a line leaving), ┴ (a line arriving) }. */
static const char *const frames[2][2][8] = {
	{ { "┌", "┐", "└", "┘", "─", "│", "┬", "┴" },
	  { "╭", "╮", "╰", "╯", "─", "│", "┬", "┴" } },
	{ { "+", "+", "+", "+", "-", "|", "+", "+" },
	  { ".", ".", "'", "'", "-", "|", "+", "+" } },
};
enum { F_TL, F_TR, F_BL, F_BR, F_H, F_V, F_OUT, F_IN };

static const char *const arrows[2][2] = { { "▲", "▼" }, { "^", "v" } };

const char *grid_style_sample(enum grid_style style, bool ascii)
{
	return glyphs[ascii][style][G_HORZ];
}

/* Rows and what is in them */

struct item {
	bool pass;              /* a line passing between boxes */
	size_t index;           /* the box, or the line passing */
	double x;
	size_t width, height;
	size_t col;
	size_t ports_down, ports_up;    /* ports taken so far */
	size_t need_down, need_up;      /* ports it has */
};

struct row {
	struct item *items;
	size_t count, cap;
	size_t rank;
	size_t y, height;
};

struct rows {
	struct row *items;
	size_t count, cap;
};

struct segment {
	size_t line;
	size_t upper, lower;    /* the rows */
	struct item *from, *to; /* resolved after the rows are final */
	size_t from_index, to_index;
	size_t u, d;            /* the columns where it leaves and arrives */
	size_t track;           /* 0: straight down */
	bool arrow_up, arrow_down;
	const char *label;
};

struct grid {
	const struct grid_input *in;
	struct rows rows;
	size_t *box_row, *box_item;     /* where each box went */
	size_t *box_width, *box_height, *box_inner;
	struct segment *segs;
	size_t seg_count, seg_cap;
	/* the segments leaving each row, in order: those of row r are
	 * channel[channel_first[r] .. channel_first[r + 1]) */
	size_t *channel, *channel_first;
	size_t *channel_height;         /* below each row */
	double xmin, xmax;
	double scale, margin;           /* columns per unit of x, and the left edge's */
};

static struct row *row_add(struct grid *g, size_t at, size_t rank)
{
	GROW(g->rows.items, g->rows.cap, g->rows.count + 1);
	memmove(&g->rows.items[at + 1], &g->rows.items[at], (g->rows.count - at) * sizeof(struct row));
	g->rows.items[at] = (struct row){ .rank = rank };
	g->rows.count++;
	return &g->rows.items[at];
}

static void item_add(struct row *r, struct item it)
{
	GROW(r->items, r->cap, r->count + 1);
	r->items[r->count++] = it;
}

static int compare_item(const void *a, const void *b)
{
	const struct item *x = a, *y = b;

	if (x->x != y->x)
		return x->x < y->x ? -1 : 1;
	if (x->pass != y->pass)
		return x->pass ? 1 : -1;
	return (x->index > y->index) - (x->index < y->index);
}

static void size_boxes(struct grid *g)
{
	const struct grid_input *in = g->in;
	size_t most = in->width > BOX_PAD + 1 ? in->width - BOX_PAD : 1;

	for (size_t i = 0; i < in->box_count; i++) {
		size_t inner = 1;

		for (size_t j = 0; j < in->boxes[i].line_count; j++) {
			size_t w = canvas_text_cols(in->boxes[i].lines[j], in->ascii);

			inner = w > inner ? w : inner;
		}
		g->box_inner[i] = inner > most ? most : inner;
		g->box_width[i] = g->box_inner[i] + BOX_PAD;
		g->box_height[i] = in->boxes[i].line_count + 2;
	}
}

/* How many lines cross rank r without ending there. */
static size_t passing(const struct grid_input *in, size_t r)
{
	size_t n = 0;

	for (size_t i = 0; i < in->line_count; i++)
		n += in->boxes[in->lines[i].top].rank < r && in->boxes[in->lines[i].bottom].rank > r;
	return n;
}

/* One rank's boxes, in order, on as many rows as the width needs. */
static void wrap_rank(struct grid *g, size_t rank, struct item *boxes, size_t count)
{
	const struct grid_input *in = g->in;
	size_t reserve = passing(in, rank) * (PASS_GAP + 1), budget, used = 0;
	struct row *r = NULL;
	double shift = 0;

	qsort(boxes, count, sizeof(*boxes), compare_item);
	for (size_t i = 0, total = 0; i < count; i++)
		total += boxes[i].width + (i ? BOX_GAP : 0), used = total;
	if (used + reserve > in->width) {
		/* the lines ending here pass beside the rows they do not end on */
		for (size_t i = 0; i < in->line_count; i++)
			reserve += ((in->boxes[in->lines[i].top].rank == rank) + (in->boxes[in->lines[i].bottom].rank == rank)) *
			           (PASS_GAP + 1);
	}
	budget = in->width > reserve ? in->width - reserve : 0;
	used = 0;
	for (size_t i = 0; i < count; i++) {
		size_t need = boxes[i].width + (used ? BOX_GAP : 0);
		struct item it = boxes[i];

		if (!r || (used + need > budget && used > 0)) {
			r = row_add(g, g->rows.count, rank);
			used = 0;
			need = boxes[i].width;
			shift = boxes[i].x - boxes[0].x;
		}
		/* a wrapped row starts where the rank's first row starts */
		it.x -= shift;
		item_add(r, it);
		used += need;
	}
}

static void build_rows(struct grid *g)
{
	const struct grid_input *in = g->in;
	size_t ranks = 0;
	struct item *boxes = xcalloc(in->box_count ? in->box_count : 1, sizeof(*boxes));

	for (size_t i = 0; i < in->box_count; i++)
		ranks = in->boxes[i].rank + 1 > ranks ? in->boxes[i].rank + 1 : ranks;
	for (size_t r = 0; r < ranks; r++) {
		size_t count = 0;

		for (size_t i = 0; i < in->box_count; i++)
			if (in->boxes[i].rank == r)
				boxes[count++] = (struct item){ .index = i, .x = in->boxes[i].x,
				                                .width = g->box_width[i], .height = g->box_height[i] };
		if (count)
			wrap_rank(g, r, boxes, count);
	}
	free(boxes);
}

static void locate_boxes(struct grid *g)
{
	for (size_t r = 0; r < g->rows.count; r++)
		for (size_t i = 0; i < g->rows.items[r].count; i++)
			if (!g->rows.items[r].items[i].pass) {
				g->box_row[g->rows.items[r].items[i].index] = r;
				g->box_item[g->rows.items[r].items[i].index] = i;
			}
}

/* The x of line l where it passes row r (between its ends' rows). */
static double pass_x(const struct grid *g, size_t l, size_t r)
{
	const struct grid_input *in = g->in;
	const struct grid_line *line = &in->lines[l];
	size_t top = in->boxes[line->top].rank, bottom = in->boxes[line->bottom].rank;
	size_t rank = g->rows.items[r].rank;
	size_t rt = g->box_row[line->top], rb = g->box_row[line->bottom];

	if (line->via && rank > top && rank < bottom)
		return line->via[rank - top - 1];
	/* a wrapped row of an end's rank: between the two ends */
	return in->boxes[line->top].x + (in->boxes[line->bottom].x - in->boxes[line->top].x) *
	       (double)(r - rt) / (double)(rb - rt);
}

/* Adds the lines passing each row they cross, then orders every row. */
static void add_passes(struct grid *g)
{
	const struct grid_input *in = g->in;

	locate_boxes(g);
	for (size_t l = 0; l < in->line_count; l++) {
		size_t a = g->box_row[in->lines[l].top], b = g->box_row[in->lines[l].bottom];

		if (a > b) {
			size_t t = a;

			a = b;
			b = t;
		}
		for (size_t r = a + 1; r < b; r++)
			item_add(&g->rows.items[r], (struct item){ .pass = true, .index = l,
			                                           .x = pass_x(g, l, r), .width = 1, .height = 1 });
	}
	for (size_t r = 0; r < g->rows.count; r++)
		qsort(g->rows.items[r].items, g->rows.items[r].count, sizeof(struct item), compare_item);
	locate_boxes(g);
}

/* Placing the items of each row at columns */

static size_t gap_between(const struct item *a, const struct item *b)
{
	return a->pass || b->pass ? PASS_GAP : BOX_GAP;
}

static void place_row(struct grid *g, struct row *r)
{
	size_t width = g->in->width;

	for (size_t i = 0; i < r->count; i++) {
		struct item *it = &r->items[i];
		double center = g->margin + (it->x - g->xmin) * g->scale;
		double left = center - (double)it->width / 2;

		it->col = left > 0 ? (size_t)(left + 0.5) : 0;
		if (i > 0) {
			struct item *prev = &r->items[i - 1];
			size_t min = prev->col + prev->width + gap_between(prev, it);

			it->col = it->col < min ? min : it->col;
		}
	}
	/* pulled back from the right edge, keeping the gaps */
	for (size_t i = r->count; i-- > 0;) {
		struct item *it = &r->items[i];
		size_t max = i + 1 < r->count ? r->items[i + 1].col : width;
		size_t gap = i + 1 < r->count ? gap_between(it, &r->items[i + 1]) : 0;

		if (max >= it->width + gap && it->col + it->width + gap > max)
			it->col = max - it->width - gap;
		else if (max < it->width + gap)
			it->col = 0;
	}
	/* and pushed right again where the left edge made them overlap */
	for (size_t i = 1; i < r->count; i++) {
		size_t min = r->items[i - 1].col + r->items[i - 1].width + gap_between(&r->items[i - 1], &r->items[i]);

		r->items[i].col = r->items[i].col < min ? min : r->items[i].col;
	}
	r->height = 1;
	for (size_t i = 0; i < r->count; i++)
		r->height = r->items[i].height > r->height ? r->items[i].height : r->height;
}

/* The segments: each line is one per pair of rows it goes between */

static struct item *item_of_line(struct grid *g, size_t r, size_t l, size_t *index)
{
	const struct grid_input *in = g->in;

	for (size_t i = 0; i < g->rows.items[r].count; i++) {
		struct item *it = &g->rows.items[r].items[i];

		if ((it->pass && it->index == l) ||
		    (!it->pass && (it->index == in->lines[l].top || it->index == in->lines[l].bottom))) {
			*index = i;
			return it;
		}
	}
	*index = 0;
	return NULL;
}

static void add_segments(struct grid *g)
{
	const struct grid_input *in = g->in;

	for (size_t l = 0; l < in->line_count; l++) {
		const struct grid_line *line = &in->lines[l];
		size_t a = g->box_row[line->top], b = g->box_row[line->bottom];
		bool flipped = a > b;

		if (a == b)
			continue;       /* the layout never ranks a line's ends alike */
		if (flipped) {
			size_t t = a;

			a = b;
			b = t;
		}
		for (size_t r = a; r < b; r++) {
			struct segment s = { .line = l, .upper = r, .lower = r + 1 };

			s.from = item_of_line(g, r, l, &s.from_index);
			s.to = item_of_line(g, r + 1, l, &s.to_index);
			if (!s.from || !s.to)
				continue;
			s.from->need_down++;
			s.to->need_up++;
			if (r == a)
				s.arrow_up = flipped ? line->arrow_bottom : line->arrow_top;
			if (r + 1 == b) {
				s.arrow_down = flipped ? line->arrow_top : line->arrow_bottom;
				s.label = line->label;
			}
			GROW(g->segs, g->seg_cap, g->seg_count + 1);
			g->segs[g->seg_count++] = s;
		}
	}
}

/* The segments by the row they leave, each row's in their order: a row's
 * segments are looked at for each of its items and ports, and a diagram
 * can have hundreds of rows (a system's committees at 250,000 entities:
 * 2,000 lines of text). */
static void index_channels(struct grid *g)
{
	size_t *next = xcalloc(g->rows.count + 1, sizeof(*next));

	g->channel = xcalloc(g->seg_count ? g->seg_count : 1, sizeof(*g->channel));
	g->channel_first = xcalloc(g->rows.count + 1, sizeof(*g->channel_first));
	for (size_t s = 0; s < g->seg_count; s++)
		g->channel_first[g->segs[s].upper + 1]++;
	for (size_t r = 0; r < g->rows.count; r++)
		g->channel_first[r + 1] += g->channel_first[r];
	memcpy(next, g->channel_first, (g->rows.count + 1) * sizeof(*next));
	for (size_t s = 0; s < g->seg_count; s++)
		g->channel[next[g->segs[s].upper]++] = s;
	free(next);
}

static size_t center_of(const struct item *it)
{
	return it->col + it->width / 2;
}

/* Port k of n along a box's side: spread over its inner columns. */
static size_t port_col(const struct item *it, size_t k, size_t n)
{
	size_t inner = it->width > 2 ? it->width - 2 : 1;

	if (it->pass)
		return it->col;
	return it->col + 1 + (k + 1) * inner / (n + 1);
}

static int compare_by_other(const void *a, const void *b, bool down)
{
	const struct segment *x = *(struct segment *const *)a, *y = *(struct segment *const *)b;
	size_t cx = down ? center_of(x->to) : center_of(x->from), cy = down ? center_of(y->to) : center_of(y->from);

	if (cx != cy)
		return cx < cy ? -1 : 1;
	return (x->line > y->line) - (x->line < y->line);
}

static int compare_down(const void *a, const void *b) { return compare_by_other(a, b, true); }
static int compare_up(const void *a, const void *b) { return compare_by_other(a, b, false); }

/* A segment alone on both its ends runs straight down where the two
 * boxes overlap: the middle of the overlap. */
static void align_single(struct grid *g)
{
	for (size_t s = 0; s < g->seg_count; s++) {
		struct segment *seg = &g->segs[s];
		const struct item *a = seg->from, *b = seg->to;
		size_t lo, hi;

		if (a->need_down != 1 || b->need_up != 1)
			continue;
		lo = (a->pass ? a->col : a->col + 1) > (b->pass ? b->col : b->col + 1) ? (a->pass ? a->col : a->col + 1)
		                                                                      : (b->pass ? b->col : b->col + 1);
		hi = (a->pass ? a->col : a->col + a->width - 2) < (b->pass ? b->col : b->col + b->width - 2)
		     ? (a->pass ? a->col : a->col + a->width - 2) : (b->pass ? b->col : b->col + b->width - 2);
		if (lo > hi)
			continue;
		seg->u = seg->d = lo + (hi - lo) / 2;
	}
}

static bool port_taken(const struct grid *g, size_t upper, size_t col, const struct segment *self)
{
	for (size_t k = g->channel_first[upper]; k < g->channel_first[upper + 1]; k++) {
		const struct segment *seg = &g->segs[g->channel[k]];

		if (seg != self && (seg->u == col || seg->d == col))
			return true;
	}
	return false;
}

/* Moves a port along its box's side to a free column. */
static void move_port(struct grid *g, struct segment *seg, bool lower)
{
	const struct item *it = lower ? seg->to : seg->from;
	size_t *port = lower ? &seg->d : &seg->u;

	for (size_t step = 1; step < it->width; step++) {
		size_t right = *port + step, left = *port >= step ? *port - step : 0;

		if (right + 1 < it->col + it->width && !port_taken(g, seg->upper, right, seg)) {
			*port = right;
			return;
		}
		if (left > it->col && !port_taken(g, seg->upper, left, seg)) {
			*port = left;
			return;
		}
	}
}

/* A line arriving where another leaves, in the same channel, would run
 * down the same column: the arriving one (or else the leaving one) moves
 * to a free column of its box. */
static void separate_ports(struct grid *g)
{
	for (size_t s = 0; s < g->seg_count; s++) {
		size_t upper = g->segs[s].upper;

		for (size_t k = g->channel_first[upper]; k < g->channel_first[upper + 1]; k++) {
			size_t t = g->channel[k];
			struct segment *a = &g->segs[s], *b = &g->segs[t];

			if (s == t || a->d != b->u)
				continue;
			if (!a->to->pass)
				move_port(g, a, true);
			else if (!b->from->pass)
				move_port(g, b, false);
		}
	}
}

/* Gives each segment its columns: the ports of a box in the order of the
 * boxes at the other ends, so that lines leaving it do not cross there. */
static void assign_ports(struct grid *g)
{
	struct segment **list = xcalloc(g->seg_count ? g->seg_count : 1, sizeof(*list));

	for (size_t r = 0; r < g->rows.count; r++) {
		for (size_t i = 0; i < g->rows.items[r].count; i++) {
			struct item *it = &g->rows.items[r].items[i];
			size_t n = 0;

			/* an item's lines leave into its row's channel and
			 * arrive from the channel above */
			for (size_t k = g->channel_first[r]; k < g->channel_first[r + 1]; k++)
				if (g->segs[g->channel[k]].from == it)
					list[n++] = &g->segs[g->channel[k]];
			qsort(list, n, sizeof(*list), compare_down);
			for (size_t k = 0; k < n; k++)
				list[k]->u = port_col(it, k, n);
			n = 0;
			for (size_t k = r ? g->channel_first[r - 1] : 0; r && k < g->channel_first[r]; k++)
				if (g->segs[g->channel[k]].to == it)
					list[n++] = &g->segs[g->channel[k]];
			qsort(list, n, sizeof(*list), compare_up);
			for (size_t k = 0; k < n; k++)
				list[k]->d = port_col(it, k, n);
		}
	}
	free(list);
	align_single(g);
	separate_ports(g);
}

/* The order tracks are given in, from the top: lines going left first,
 * the one starting leftmost highest, then lines going right, the one
 * starting rightmost highest; so that a line turns off its vertical above
 * where the next one crosses that column. */
static int compare_tracks(const void *a, const void *b)
{
	const struct segment *x = *(struct segment *const *)a, *y = *(struct segment *const *)b;
	bool xl = x->d < x->u, yl = y->d < y->u;

	if (xl != yl)
		return xl ? -1 : 1;
	if (x->u != y->u)
		return (x->u < y->u) == xl ? -1 : 1;
	return (x->line > y->line) - (x->line < y->line);
}

static bool spans_meet(const struct segment *a, const struct segment *b)
{
	size_t alo = a->u < a->d ? a->u : a->d, ahi = a->u < a->d ? a->d : a->u;
	size_t blo = b->u < b->d ? b->u : b->d, bhi = b->u < b->d ? b->d : b->u;

	return alo <= bhi + 1 && blo <= ahi + 1;
}

static bool strictly_within(size_t col, const struct segment *s)
{
	size_t lo = s->u < s->d ? s->u : s->d, hi = s->u < s->d ? s->d : s->u;

	return col > lo && col < hi;
}

/* Room for best_track's counts over the tracks of a channel of n
 * segments: a track below them all is at most n + 1. */
struct track_scratch {
	bool *taken;
	size_t *diff;
};

/* The highest free track (no segment placed before list[i] there has a
 * span that meets its own) where list[i] crosses the fewest of the lines
 * placed before it; a track below them all is always free.  A line runs
 * down from its upper port to its track, across, then down to its lower
 * port, so a line across crosses another's upper part when it is above
 * that one's track, its lower part when below: each line placed adds to
 * the crossings of every track above its own or of every track below, a
 * range of tracks counted with a difference array. */
static size_t best_track(struct segment *const *list, size_t i, struct track_scratch *sc)
{
	const struct segment *s = list[i];
	size_t below = 1, best = 0, fewest = SIZE_MAX, n = 0;

	for (size_t j = 0; j < i; j++)
		below = list[j]->track + 1 > below ? list[j]->track + 1 : below;
	memset(sc->taken, 0, (below + 2) * sizeof(*sc->taken));
	memset(sc->diff, 0, (below + 2) * sizeof(*sc->diff));
	for (size_t j = 0; j < i; j++) {
		const struct segment *o = list[j];
		size_t above = (size_t)strictly_within(o->u, s) + strictly_within(s->d, o);
		size_t under = (size_t)strictly_within(o->d, s) + strictly_within(s->u, o);

		if (spans_meet(s, o))
			sc->taken[o->track] = true;
		/* tracks 1 .. o->track - 1, and o->track + 1 .. below */
		sc->diff[1] += above;
		sc->diff[o->track] -= above;
		sc->diff[o->track + 1] += under;
		sc->diff[below + 1] -= under;
	}
	for (size_t t = 1; t <= below; t++) {
		n += sc->diff[t];
		if (!sc->taken[t] && n < fewest) {
			fewest = n;
			best = t;
		}
	}
	return best;
}

/* Tracks in each channel: a segment that moves across gets the highest
 * row where no other's span meets its own and it crosses the fewest
 * lines. */
static void assign_tracks(struct grid *g)
{
	struct segment **list = xcalloc(g->seg_count ? g->seg_count : 1, sizeof(*list));
	struct track_scratch sc = { xcalloc(g->seg_count + 3, sizeof(bool)),
	                            xcalloc(g->seg_count + 3, sizeof(size_t)) };

	g->channel_height = xcalloc(g->rows.count ? g->rows.count : 1, sizeof(size_t));
	for (size_t r = 0; r < g->rows.count; r++) {
		size_t tracks = 0, segs = 0, n = 0;

		for (size_t k = g->channel_first[r]; k < g->channel_first[r + 1]; k++) {
			struct segment *seg = &g->segs[g->channel[k]];

			segs++;
			if (seg->u != seg->d)
				list[n++] = seg;
		}
		qsort(list, n, sizeof(*list), compare_tracks);
		for (size_t i = 0; i < n; i++) {
			size_t t = best_track(list, i, &sc);

			list[i]->track = t;
			tracks = t > tracks ? t : tracks;
		}
		g->channel_height[r] = r + 1 == g->rows.count ? 0 : segs ? tracks + 2 : 1;
	}
	free(list);
	free(sc.taken);
	free(sc.diff);
}

/* Drawing */

static void draw_box(struct grid *g, struct canvas *c, size_t b, const struct item *it, size_t y)
{
	const struct grid_box *box = &g->in->boxes[b];
	const char *const *f = frames[g->in->ascii][box->frame];
	size_t w = it->width, h = g->box_height[b];

	canvas_put(c, y, it->col, f[F_TL], CELL_FRAME);
	canvas_put(c, y, it->col + w - 1, f[F_TR], CELL_FRAME);
	canvas_put(c, y + h - 1, it->col, f[F_BL], CELL_FRAME);
	canvas_put(c, y + h - 1, it->col + w - 1, f[F_BR], CELL_FRAME);
	for (size_t x = 1; x + 1 < w; x++) {
		canvas_put(c, y, it->col + x, f[F_H], CELL_FRAME);
		canvas_put(c, y + h - 1, it->col + x, f[F_H], CELL_FRAME);
	}
	for (size_t j = 0; j < box->line_count; j++) {
		const char *text = box->lines[j];
		size_t inner = g->box_inner[b];

		canvas_put(c, y + 1 + j, it->col, f[F_V], CELL_FRAME);
		canvas_put(c, y + 1 + j, it->col + w - 1, f[F_V], CELL_FRAME);
		if (canvas_text_cols(text, g->in->ascii) > inner) {
			size_t used = canvas_put_text(c, y + 1 + j, it->col + 2, text, inner - 1, g->in->ascii);
			struct cell *last = used ? canvas_cell(c, y + 1 + j, it->col + 1 + used) : NULL;

			if (last && last->len == 1 && last->s[0] == ' ') {
				last->kind = CELL_EMPTY;
				used--;
			}
			canvas_put_text(c, y + 1 + j, it->col + 2 + used, g->in->ascii ? ">" : "…", 1, false);
		} else {
			canvas_put_text(c, y + 1 + j, it->col + 2, text, inner, g->in->ascii);
		}
	}
}

static void vertical(struct grid *g, struct canvas *c, size_t col, size_t from, size_t to, enum grid_style st)
{
	for (size_t y = from; y <= to; y++)
		canvas_put_line(c, y, col, glyphs[g->in->ascii][st][G_VERT], CELL_VERT);
}

/* Writes the label at row, col if its cells and the one after are free. */
static bool try_label(struct canvas *c, size_t row, size_t col, const char *label, bool ascii)
{
	size_t w = canvas_text_cols(label, ascii);

	for (size_t x = col; x <= col + w; x++) {
		struct cell *cell = canvas_cell(c, row, x);

		if ((!cell && x < col + w) || (cell && cell->kind != CELL_EMPTY))
			return false;
	}
	canvas_put_text(c, row, col, label, w, ascii);
	return true;
}

static void draw_segment(struct grid *g, struct canvas *c, const struct segment *s)
{
	const struct grid_line *line = &g->in->lines[s->line];
	const struct row *up = &g->rows.items[s->upper], *low = &g->rows.items[s->lower];
	bool ascii = g->in->ascii;
	const char *const *gl = glyphs[ascii][line->style];
	size_t from_bottom = up->y + (s->from->pass ? up->height : s->from->height);
	size_t bottom = low->y - 1, track = up->y + up->height + s->track;

	if (!s->from->pass)
		canvas_put(c, from_bottom - 1, s->u, frames[ascii][g->in->boxes[s->from->index].frame][F_OUT], CELL_FRAME);
	if (!s->to->pass)
		canvas_put(c, low->y, s->d, frames[ascii][g->in->boxes[s->to->index].frame][F_IN], CELL_FRAME);
	if (s->arrow_up)
		canvas_put(c, from_bottom, s->u, arrows[ascii][0], CELL_ARROW);
	if (s->arrow_down)
		canvas_put(c, bottom, s->d, arrows[ascii][1], CELL_ARROW);
	if (s->u == s->d) {
		vertical(g, c, s->u, from_bottom, bottom, line->style);
	} else {
		bool right = s->d > s->u;

		vertical(g, c, s->u, from_bottom, track - 1, line->style);
		canvas_put_line(c, track, s->u, right ? gl[G_BL] : gl[G_BR], CELL_CORNER);
		for (size_t x = (right ? s->u : s->d) + 1; x < (right ? s->d : s->u); x++)
			canvas_put_line(c, track, x, gl[G_HORZ], CELL_HORZ);
		canvas_put_line(c, track, s->d, right ? gl[G_TR] : gl[G_TL], CELL_CORNER);
		vertical(g, c, s->d, track + 1, bottom, line->style);
	}
}

/* A label beside the last stretch of its line down into the lower box:
 * right of it, else left, from the bottom up. */
static void draw_labels(struct grid *g, struct canvas *c)
{
	bool ascii = g->in->ascii;

	for (size_t s = 0; s < g->seg_count; s++) {
		const struct segment *seg = &g->segs[s];
		const struct row *up = &g->rows.items[seg->upper], *low = &g->rows.items[seg->lower];
		size_t top = up->y + up->height + seg->track, w;
		bool placed = false;

		if (!seg->label)
			continue;
		w = canvas_text_cols(seg->label, ascii);
		for (size_t row = low->y; !placed && row-- > top;) {
			placed = try_label(c, row, seg->d + 2, seg->label, ascii) ||
			         (seg->d >= w + 2 && try_label(c, row, seg->d - w - 1, seg->label, ascii));
		}
	}
}

static void draw_passes(struct grid *g, struct canvas *c)
{
	for (size_t r = 0; r < g->rows.count; r++) {
		const struct row *row = &g->rows.items[r];

		for (size_t i = 0; i < row->count; i++)
			if (row->items[i].pass)
				vertical(g, c, row->items[i].col, row->y, row->y + row->height - 1,
				         g->in->lines[row->items[i].index].style);
	}
}

static void grid_free(struct grid *g)
{
	for (size_t r = 0; r < g->rows.count; r++)
		free(g->rows.items[r].items);
	free(g->rows.items);
	free(g->box_row);
	free(g->box_item);
	free(g->box_width);
	free(g->box_height);
	free(g->box_inner);
	free(g->segs);
	free(g->channel);
	free(g->channel_first);
	free(g->channel_height);
}

static void lay_out(struct grid *g)
{
	const struct grid_input *in = g->in;

	g->xmin = g->xmax = in->box_count ? in->boxes[0].x : 0;
	for (size_t i = 0; i < in->box_count; i++) {
		g->xmin = in->boxes[i].x < g->xmin ? in->boxes[i].x : g->xmin;
		g->xmax = in->boxes[i].x > g->xmax ? in->boxes[i].x : g->xmax;
	}
	size_boxes(g);
	for (size_t i = 0; i < in->box_count; i++)
		g->margin = (double)g->box_width[i] / 2 > g->margin ? (double)g->box_width[i] / 2 : g->margin;
	g->scale = 1;
	if (g->xmax > g->xmin && (double)in->width > 2 * g->margin &&
	    g->xmax - g->xmin > (double)in->width - 2 * g->margin)
		g->scale = ((double)in->width - 2 * g->margin) / (g->xmax - g->xmin);
	else if (g->xmax > g->xmin && (double)in->width <= 2 * g->margin)
		g->scale = 0;
	build_rows(g);
	add_passes(g);
	for (size_t r = 0; r < g->rows.count; r++)
		place_row(g, &g->rows.items[r]);
	add_segments(g);
	index_channels(g);
	assign_ports(g);
	assign_tracks(g);
}

void grid_draw(const struct grid_input *in, struct grid_output *out)
{
	struct grid g = { .in = in };
	struct canvas c = { 0 };
	size_t n = in->box_count ? in->box_count : 1, y = 0;

	memset(out, 0, sizeof(*out));
	g.box_row = xcalloc(n, sizeof(size_t));
	g.box_item = xcalloc(n, sizeof(size_t));
	g.box_width = xcalloc(n, sizeof(size_t));
	g.box_height = xcalloc(n, sizeof(size_t));
	g.box_inner = xcalloc(n, sizeof(size_t));
	lay_out(&g);
	c.cols = in->width;
	for (size_t r = 0; r < g.rows.count; r++) {
		struct row *row = &g.rows.items[r];

		row->y = y;
		y += row->height + g.channel_height[r];
		for (size_t i = 0; i < row->count; i++)
			c.cols = row->items[i].col + row->items[i].width > c.cols ? row->items[i].col + row->items[i].width
			                                                          : c.cols;
	}
	c.rows = y;
	/* the rightmost item's last column always has a mark (a box's
	 * corner, or a passing line or what it runs under): that is the
	 * widest row */
	if (in->sizing && c.cols > in->width) {
		out->widest = c.cols;
		grid_free(&g);
		return;
	}
	c.cells = xcalloc(c.rows > 0 && c.cols > 0 ? c.rows * c.cols : 1, sizeof(struct cell));
	out->places = xcalloc(n, sizeof(struct grid_place));
	for (size_t r = 0; r < g.rows.count; r++) {
		const struct row *row = &g.rows.items[r];

		for (size_t i = 0; i < row->count; i++) {
			if (row->items[i].pass)
				continue;
			draw_box(&g, &c, row->items[i].index, &row->items[i], row->y);
			out->places[row->items[i].index] = (struct grid_place){ row->y, row->items[i].col,
			                                                        row->items[i].width, row->items[i].height };
		}
	}
	for (size_t s = 0; s < g.seg_count; s++)
		draw_segment(&g, &c, &g.segs[s]);
	draw_passes(&g, &c);
	draw_labels(&g, &c);
	canvas_render(&c, out);
	free(c.cells);
	grid_free(&g);
}

void grid_output_clear(struct grid_output *out)
{
	if (!out)
		return;
	for (size_t i = 0; i < out->row_count; i++)
		free(out->rows[i]);
	free(out->rows);
	free(out->places);
	memset(out, 0, sizeof(*out));
}
