/* D: the governance diagram of the selection, full screen (diagram.h):
 * the arrow keys move from box to box along the lines, + and - draw a
 * level more or less, Enter goes to the selected box's entity in the
 * tree, Esc comes back; drawn again for the window's width when it
 * changes. */
#include <curses.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "tui_draw.h"
#include "tui_private.h"

/* The rows above and below the drawing: a title and the keys. */
#define DIAGRAM_CHROME 2

enum direction { DIR_UP, DIR_DOWN, DIR_LEFT, DIR_RIGHT };

static size_t body_rows(const struct tui *t)
{
	return t->layout.rows > DIAGRAM_CHROME ? (size_t)t->layout.rows - DIAGRAM_CHROME : 1;
}

/* Draws the governance again for the window's width. */
static bool redraw_text(struct tui *t)
{
	struct diagram_view *v = &t->diagram;
	struct diagram_options opts = { .width = (size_t)t->layout.cols, .ascii = !t->term.utf8, .view_keys = true };
	char *error = NULL;

	diagram_text_clear(&v->text);
	if (diagram_draw(v->gv, v->g, &opts, &v->text, &error) != 0) {
		tui_message(t, true, "cannot draw the diagram: %s", error ? error : "the layout failed");
		free(error);
		return false;
	}
	v->width = (size_t)t->layout.cols;
	return true;
}

/* The node of the entity itself when it is drawn, else the body drawn
 * highest (leftmost of those). */
static size_t first_selected(const struct diagram_view *v)
{
	size_t best = 0;
	bool body = false;

	for (size_t i = 0; i < v->g->node_count; i++) {
		const struct grid_place *p = &v->text.places[i], *b = &v->text.places[best];
		bool is_body = v->g->nodes[i].type == GOVERNANCE_BODY;

		if (v->g->nodes[i].eid == v->eid)
			return i;
		if ((is_body && !body) ||
		    (is_body == body && (p->row < b->row || (p->row == b->row && p->col < b->col)))) {
			best = i;
			body = is_body;
		}
	}
	return best;
}

static void close_view(struct tui *t)
{
	struct diagram_view *v = &t->diagram;

	v->shown = false;
	free(v->name);
	v->name = NULL;
	diagram_text_clear(&v->text);
	governance_free(v->g);
	v->g = NULL;
}

/* The governance of `eid` to `depth` (0: the default); NULL with a
 * message when it cannot be read. */
static struct governance *build(struct tui *t, int64_t eid, size_t depth, char **name)
{
	struct governance_options opts = { .depth = depth, .max_bodies = GOVERNANCE_MAX_BODIES };
	struct governance *g = NULL;
	struct entity e = { 0 };
	char *error = NULL;

	if (store_entity(t->st, eid, &e) != STORE_OK) {
		tui_message(t, true, "cannot read the model: %s", store_errmsg(t->st));
		return NULL;
	}
	if (governance_build(t->st, &e, &opts, &g, &error) != GOVERNANCE_OK) {
		tui_message(t, true, "cannot read the model: %s", error ? error : store_errmsg(t->st));
		free(error);
		entity_clear(&e);
		return NULL;
	}
	if (name)
		*name = xstrdup(e.name);
	entity_clear(&e);
	return g;
}

void tui_diagram_open(struct tui *t)
{
	struct diagram_view *v = &t->diagram;
	char *error = NULL, *name = NULL;
	int64_t eid = tui_current_eid(t);
	struct governance *g;

	if (!eid)
		return;
	if (!v->gv && !(v->gv = diagram_gv_open(&error))) {
		tui_message(t, true, "no diagram: %s", error);
		free(error);
		return;
	}
	close_view(t);
	if (!(g = build(t, eid, 0, &name)))
		return;
	if (g->node_count == 0) {
		tui_message(t, false, "no boards, committees or partnerships here");
		governance_free(g);
		free(name);
		return;
	}
	v->g = g;
	v->eid = eid;
	v->name = name;
	if (!redraw_text(t)) {
		close_view(t);
		return;
	}
	v->selected = first_selected(v);
	v->followed = SIZE_MAX;
	v->top = 0;
	v->shown = true;
}

/* The node of entity `eid` in the graph drawn, or none. */
static bool node_of(const struct governance *g, int64_t eid, size_t *index)
{
	for (size_t i = 0; eid && i < g->node_count; i++)
		if (g->nodes[i].eid == eid) {
			*index = i;
			return true;
		}
	return false;
}

/* + and -: the same governance a level deeper or shallower, the selected
 * box kept where it is still drawn; the drawing as it was when the other
 * depth has no bodies or cannot be read. */
static void change_depth(struct tui *t, bool deeper)
{
	struct diagram_view *v = &t->diagram;
	int64_t selected_eid = v->g->nodes[v->selected].eid;
	size_t depth = v->g->depth;
	struct governance *g, *old = v->g;

	if (deeper && !old->around_body && old->bodies_below == 0) {
		tui_message(t, false, "no bodies further down than depth %zu", depth);
		return;
	}
	if (!deeper && depth <= 1) {
		tui_message(t, false, "depth 1 already: the least there is");
		return;
	}
	if (!(g = build(t, v->eid, deeper ? depth + 1 : depth - 1, NULL)))
		return;
	if (g->node_count == 0) {
		tui_message(t, false, "no bodies within depth %zu", depth - 1);
		governance_free(g);
		return;
	}
	/* around a body, a level more can reach no one new */
	if (deeper && g->bodies_found == old->bodies_found) {
		tui_message(t, false, "no bodies further out than depth %zu", depth);
		governance_free(g);
		return;
	}
	v->g = g;
	if (!redraw_text(t)) {
		v->g = old;
		governance_free(g);
		if (!redraw_text(t))
			close_view(t);
		return;
	}
	governance_free(old);
	if (!node_of(g, selected_eid, &v->selected))
		v->selected = first_selected(v);
	v->followed = SIZE_MAX;
	tui_message(t, false, "depth %zu: %zu bod%s drawn", g->depth, g->bodies_drawn,
	            g->bodies_drawn == 1 ? "y" : "ies");
}

void tui_diagram_free(struct tui *t)
{
	close_view(t);
	diagram_gv_close(t->diagram.gv);
	t->diagram.gv = NULL;
}

void tui_diagram_prepare(struct tui *t)
{
	struct diagram_view *v = &t->diagram;
	const struct grid_place *p;
	size_t rows = body_rows(t);

	if (!v->shown || t->layout.too_small)
		return;
	if (v->width != (size_t)t->layout.cols) {
		if (!redraw_text(t)) {
			close_view(t);
			return;
		}
		v->followed = SIZE_MAX;
	}
	/* a newly selected box in view, whole where it fits */
	p = &v->text.places[v->selected];
	if (v->followed != v->selected) {
		if (p->row < v->top)
			v->top = p->row;
		else if (p->row + p->height > v->top + rows)
			v->top = p->row + p->height > rows ? p->row + p->height - rows : 0;
		if (v->top > p->row)
			v->top = p->row;
		v->followed = v->selected;
	}
	if (v->text.count <= rows)
		v->top = 0;
	else if (v->top > v->text.count - rows)
		v->top = v->text.count - rows;
}

static bool linked(const struct governance *g, size_t a, size_t b)
{
	for (size_t i = 0; i < g->line_count; i++)
		if ((g->lines[i].top == a && g->lines[i].bottom == b) || (g->lines[i].top == b && g->lines[i].bottom == a))
			return true;
	return false;
}

static long centre(const struct grid_place *p)
{
	return (long)(p->col + p->width / 2);
}

/* How far box b lies from a in the direction, or -1 when it is not that
 * way: the distance along it, and across it counted double. */
static long distance(const struct grid_place *a, const struct grid_place *b, enum direction d)
{
	long along, across;

	switch (d) {
	case DIR_UP:
	case DIR_DOWN:
		if (d == DIR_UP ? b->row >= a->row : b->row <= a->row)
			return -1;
		along = labs((long)b->row - (long)a->row);
		across = labs(centre(b) - centre(a));
		break;
	case DIR_LEFT:
	case DIR_RIGHT:
	default:
		if (d == DIR_LEFT ? centre(b) >= centre(a) : centre(b) <= centre(a))
			return -1;
		along = labs(centre(b) - centre(a));
		across = labs((long)b->row - (long)a->row);
		break;
	}
	return along + 2 * across;
}

/* The nearest box that way joined to the selection by a line, else the
 * nearest box that way. */
static void move_along(struct tui *t, enum direction d)
{
	struct diagram_view *v = &t->diagram;
	const struct grid_place *here = &v->text.places[v->selected];
	long best[2] = { -1, -1 };
	size_t found[2] = { 0, 0 };

	for (size_t i = 0; i < v->g->node_count; i++) {
		long dist = i == v->selected ? -1 : distance(here, &v->text.places[i], d);
		int k = linked(v->g, v->selected, i) ? 0 : 1;

		if (dist >= 0 && (best[k] < 0 || dist < best[k])) {
			best[k] = dist;
			found[k] = i;
		}
	}
	if (best[0] >= 0)
		v->selected = found[0];
	else if (best[1] >= 0)
		v->selected = found[1];
}

static void go_to_selected(struct tui *t)
{
	const struct governance_node *n = &t->diagram.g->nodes[t->diagram.selected];
	int64_t eid = n->eid;

	if (n->type == GOVERNANCE_GROUP) {
		tui_message(t, false, "a group of %zu: the key below the drawing names them", n->group_count);
		return;
	}
	close_view(t);
	tui_jump_to(t, eid);
}

void tui_diagram_key(struct tui *t, int key, bool is_code)
{
	struct diagram_view *v = &t->diagram;
	size_t rows = body_rows(t);

	if (is_code) {
		switch (key) {
		case KEY_MOUSE: { MEVENT ev; getmouse(&ev); break; }
		case KEY_UP: move_along(t, DIR_UP); break;
		case KEY_DOWN: move_along(t, DIR_DOWN); break;
		case KEY_LEFT: move_along(t, DIR_LEFT); break;
		case KEY_RIGHT: move_along(t, DIR_RIGHT); break;
		case KEY_ENTER: go_to_selected(t); break;
		case KEY_NPAGE: v->top += rows; break;
		case KEY_PPAGE: v->top = v->top > rows ? v->top - rows : 0; break;
		default: break;
		}
		return;
	}
	switch (key) {
	case 'k': move_along(t, DIR_UP); break;
	case 'j': move_along(t, DIR_DOWN); break;
	case 'h': move_along(t, DIR_LEFT); break;
	case 'l': move_along(t, DIR_RIGHT); break;
	case '+': case '=': change_depth(t, true); break;
	case '-': change_depth(t, false); break;
	case '\n': case '\r': go_to_selected(t); break;
	case 27: case 'q': case 'D': close_view(t); break;
	default: break;
	}
}

/* Drawing */

void tui_diagram_draw(const struct tui *t)
{
	const struct diagram_view *v = &t->diagram;
	const struct grid_place *p = &v->text.places[v->selected];
	const struct governance_node *n = &v->g->nodes[v->selected];
	attr_t bar = t->term.color ? COLOR_PAIR(PAIR_BAR) : A_REVERSE;
	int cols = t->layout.cols, last = t->layout.rows - 1;
	size_t rows = body_rows(t);
	struct strbuf title = STRBUF_INIT;

	draw_fill(0, 0, cols, bar);
	sb_printf(&title, "Governance of %s %s %s", v->name, t->term.utf8 ? "·" : "-", n->name);
	draw_text(t, 0, 1, cols - 2, sb_str(&title), bar | A_BOLD);
	sb_free(&title);
	for (size_t i = 0; i < rows && v->top + i < v->text.count; i++)
		draw_text(t, 1 + (int)i, 0, cols, v->text.lines[v->top + i], A_NORMAL);
	/* the selected box stands out */
	for (size_t r = p->row; r < p->row + p->height; r++)
		if (r >= v->top && r < v->top + rows)
			mvchgat(1 + (int)(r - v->top), (int)p->col, (int)p->width, A_REVERSE, 0, NULL);
	draw_fill(last, 0, cols, bar);
	draw_text(t, last, 1, cols - 2,
	          t->message.text[0] ? t->message.text
	          : t->term.utf8 ? "arrows: move along the lines · + -: depth · Enter: go to it · PgUp PgDn · Esc"
	                         : "arrows: move along the lines, + -: depth, Enter: go to it, PgUp PgDn, Esc",
	          bar);
}
