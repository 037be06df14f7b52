#include "icsview/views/outline.h"

#include <stdlib.h>
#include <string.h>
#include "icsview/base/util.h"
#include "icsview/query/filter.h"

/* Rows not read yet are read this many at a time, at positions aligned to
 * it: a screen of rows is one page or two. */
#define ROW_PAGE 64
/* Expanding everything reads children this many at a time. */
#define ALL_PAGE 256

/* ---- entities remembered as expanded ------------------------------------ */

/* The first entry not before (parent, eid). */
static size_t expanded_position(const struct expanded_set *set, int64_t parent, int64_t eid)
{
	size_t lo = 0, hi = set->count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct expanded_entry *e = &set->items[mid];
		if (e->parent < parent || (e->parent == parent && e->eid < eid))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static bool expanded_contains(const struct expanded_set *set, int64_t parent, int64_t eid)
{
	size_t at = expanded_position(set, parent, eid);

	return at < set->count && set->items[at].parent == parent && set->items[at].eid == eid;
}

static void expanded_add(struct expanded_set *set, int64_t parent, int64_t eid)
{
	size_t at = expanded_position(set, parent, eid);

	if (at < set->count && set->items[at].parent == parent && set->items[at].eid == eid)
		return;
	GROW(set->items, set->cap, set->count + 1);
	memmove(set->items + at + 1, set->items + at, (set->count - at) * sizeof(*set->items));
	set->items[at] = (struct expanded_entry){ parent, eid };
	set->count++;
}

static void expanded_remove(struct expanded_set *set, int64_t parent, int64_t eid)
{
	size_t at = expanded_position(set, parent, eid);

	if (at >= set->count || set->items[at].parent != parent || set->items[at].eid != eid)
		return;
	memmove(set->items + at, set->items + at + 1, (set->count - at - 1) * sizeof(*set->items));
	set->count--;
}

static void expanded_clear(struct expanded_set *set)
{
	free(set->items);
	memset(set, 0, sizeof(*set));
}

/* The eids remembered as expanded under `parent`, in eid order (a copy:
 * opening them may add others).  Caller frees. */
static int64_t *expanded_children(const struct expanded_set *set, int64_t parent, size_t *count)
{
	size_t lo = expanded_position(set, parent, INT64_MIN), hi = lo;
	int64_t *eids;

	while (hi < set->count && set->items[hi].parent == parent)
		hi++;
	*count = hi - lo;
	if (hi == lo)
		return NULL;
	eids = xreallocarray(NULL, hi - lo, sizeof(*eids));
	for (size_t i = lo; i < hi; i++)
		eids[i - lo] = set->items[i].eid;
	return eids;
}

/* ---- segments --------------------------------------------------------------- */

struct seg_list {
	struct outline_seg *items;
	size_t count, cap;
};

static void rows_free(struct outline_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(rows[i].id);
		free(rows[i].kind);
		free(rows[i].badge);
		free(rows[i].name);
	}
	free(rows);
}

static void seg_free(struct outline_seg *g)
{
	if (g->rows)
		rows_free(g->rows, g->len);
	g->rows = NULL;
}

static void list_push(struct seg_list *l, int64_t parent, unsigned depth, size_t first, size_t len,
                      struct outline_row *rows)
{
	GROW(l->items, l->cap, l->count + 1);
	l->items[l->count++] = (struct outline_seg){
		.parent = parent, .depth = depth, .first = first, .len = len, .rows = rows,
	};
}

static void list_free(struct seg_list *l)
{
	for (size_t i = 0; i < l->count; i++)
		seg_free(&l->items[i]);
	free(l->items);
	memset(l, 0, sizeof(*l));
}

/* The segment holding row `row` (< o->count). */
static size_t seg_at(const struct outline *o, size_t row)
{
	size_t lo = 0, hi = o->nsegs;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (o->segs[mid].start <= row)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* Sets the first row of each segment from `from` on, and the count. */
static void renumber(struct outline *o, size_t from)
{
	size_t start = from ? o->segs[from - 1].start + o->segs[from - 1].len : 0;

	for (size_t s = from; s < o->nsegs; s++) {
		o->segs[s].start = start;
		start += o->segs[s].len;
	}
	o->count = start;
}

static void segs_insert(struct outline *o, size_t at, const struct outline_seg *src, size_t n)
{
	GROW(o->segs, o->segs_cap, o->nsegs + n);
	memmove(o->segs + at + n, o->segs + at, (o->nsegs - at) * sizeof(*o->segs));
	memcpy(o->segs + at, src, n * sizeof(*o->segs));
	o->nsegs += n;
}

/* Takes n segments out at `at`, freeing their rows when `free_rows`. */
static void segs_remove(struct outline *o, size_t at, size_t n, bool free_rows)
{
	if (free_rows)
		for (size_t i = at; i < at + n; i++)
			seg_free(&o->segs[i]);
	memmove(o->segs + at, o->segs + at + n, (o->nsegs - at - n) * sizeof(*o->segs));
	o->nsegs -= n;
}

static void clear_segs(struct outline *o)
{
	for (size_t i = 0; i < o->nsegs; i++)
		seg_free(&o->segs[i]);
	o->nsegs = 0;
	o->count = 0;
	o->selected = OUTLINE_NONE;
}

/* Cuts segment s after its row k (which is read): the rows after it become
 * a segment of their own. */
static void split_after(struct outline *o, size_t s, size_t k)
{
	struct outline_seg *g = &o->segs[s];
	struct outline_seg tail = {
		.parent = g->parent, .removed = g->removed, .depth = g->depth, .first = g->first + k + 1,
		.len = g->len - k - 1,
	};

	tail.rows = xreallocarray(NULL, tail.len, sizeof(*tail.rows));
	memcpy(tail.rows, g->rows + k + 1, tail.len * sizeof(*tail.rows));
	g->len = k + 1;      /* the rows moved are the tail's now */
	segs_insert(o, s + 1, &tail, 1);
}

/* Joins segment s and the next when they are consecutive siblings, both
 * read or both not. */
static void merge_next(struct outline *o, size_t s)
{
	struct outline_seg *a, *b;

	if (s + 1 >= o->nsegs)
		return;
	a = &o->segs[s];
	b = &o->segs[s + 1];
	if (a->parent != b->parent || a->removed != b->removed || a->depth != b->depth ||
	    a->first + a->len != b->first || !a->rows != !b->rows)
		return;
	if (a->rows) {
		a->rows = xreallocarray(a->rows, a->len + b->len, sizeof(*a->rows));
		memcpy(a->rows + a->len, b->rows, b->len * sizeof(*b->rows));
		free(b->rows);  /* the strings are a's now */
		b->rows = NULL;
	}
	a->len += b->len;
	segs_remove(o, s + 1, 1, false);
}

/* ---- reading rows ------------------------------------------------------------- */

/* The removed entities shown under `place` (since.h). */
static size_t removed_under(const struct outline *o, int64_t place)
{
	const struct diff_change *const *list;

	return o->since ? since_removed_under(o->since, place, &list) : 0;
}

/* Whether the removed entities show: always without a filter, with one
 * when it keeps them (outline_keep_removed). */
static bool shows_removed(const struct outline *o)
{
	return o->since && (o->keep_removed || !store_filter_active(o->st));
}

/* What the expanded set knows a row by: its eid, or a removed entity's place. */
static int64_t row_key(const struct outline_row *r)
{
	return r->removed ? since_removed_place_of(r->removed->before.eid) : r->eid;
}

size_t outline_row_children(const struct outline_row *r)
{
	return (size_t)r->n_children + r->n_removed;
}

static void take_child(const struct outline *o, struct outline_row *row, struct child *c,
                       unsigned depth)
{
	*row = (struct outline_row){
		.eid = c->eid, .depth = depth, .secondary = c->secondary, .matched = c->matched,
		.n_children = c->n_children, .id = c->id, .kind = c->kind, .badge = c->badge,
		.name = c->name,
	};
	c->id = c->kind = c->badge = c->name = NULL;   /* now the row's */
	row->tag = outline_type_tag(row->kind, row->badge, c->type);
	row->state = c->state;
	/* a link's row is not the entity's place; an ancestor shown for a
	 * filter's sake keeps to the way there */
	row->n_removed = !row->secondary && row->matched ? removed_under(o, row->eid) : 0;
	if (row->n_removed && !shows_removed(o))
		row->n_removed = 0;
}

/* The row of removed entity c, as the older model had it (its badge read
 * there). */
static int removed_row(const struct outline *o, struct outline_row *row,
                       const struct diff_change *c, unsigned depth)
{
	struct entity e;

	if (store_entity(since_old_store(o->since), c->before.eid, &e) != STORE_OK)
		return STORE_ERROR;
	*row = (struct outline_row){
		.depth = depth, .matched = true, .removed = c, .id = xstrdup(c->before.id),
		.kind = xstrdup(c->before.kind), .badge = e.badge, .name = xstrdup(c->before.name),
	};
	e.badge = NULL;         /* the row's now */
	entity_clear(&e);
	row->tag = outline_type_tag(row->kind, row->badge, c->before.type);
	row->n_removed = removed_under(o, since_removed_place_of(c->before.eid));
	return STORE_OK;
}

/* Reads exactly n children of parent after the child `after` as rows at
 * `depth` into *out (caller frees). */
static int read_rows(struct outline *o, int64_t parent, unsigned depth, const struct child *after,
                     size_t n, struct outline_row **out)
{
	struct child_list page = { 0 };
	struct outline_row *rows;

	if (store_children_filtered_after(o->st, parent, after, n, &page) != STORE_OK ||
	    page.count != n) {
		child_list_clear(&page);
		return STORE_ERROR;
	}
	rows = xreallocarray(NULL, n, sizeof(*rows));
	for (size_t i = 0; i < n; i++)
		take_child(o, &rows[i], &page.items[i], depth);
	child_list_clear(&page);
	*out = rows;
	return STORE_OK;
}

/* The child before position `pos` of segment s (a zeroed key at position
 * 0): from the sibling row before, when it is read, else from the store. */
static int key_before(struct outline *o, size_t s, size_t pos, struct child *after)
{
	const struct outline_seg *g = &o->segs[s];

	memset(after, 0, sizeof(*after));
	if (pos == 0)
		return STORE_OK;
	if (pos == g->first) {
		for (size_t k = s; k-- > 0;) {
			const struct outline_seg *p = &o->segs[k];
			if (p->depth > g->depth)
				continue;       /* the subtree of an expanded sibling */
			if (p->depth == g->depth && p->parent == g->parent && !p->removed && p->rows &&
			    p->first + p->len == pos) {
				after->eid = p->rows[p->len - 1].eid;
				after->secondary = p->rows[p->len - 1].secondary;
				return STORE_OK;
			}
			break;
		}
	}
	return store_child_at_filtered(o->st, g->parent, pos - 1, after) == STORE_OK ? STORE_OK
	                                                                            : STORE_ERROR;
}

/* Reads the page of rows around `row` in segment s, which is not read:
 * the segment becomes up to three, the page read between the rest. */
static int read_page(struct outline *o, size_t s, size_t row)
{
	struct outline_seg g = o->segs[s], parts[3];
	size_t pos = g.first + (row - g.start), end = g.first + g.len, n = 0, a, b;
	struct outline_row *rows;
	struct child after;

	a = pos - pos % ROW_PAGE;
	b = a + ROW_PAGE < end ? a + ROW_PAGE : end;
	if (a < g.first)
		a = g.first;
	if (key_before(o, s, a, &after) != STORE_OK ||
	    read_rows(o, g.parent, g.depth, &after, b - a, &rows) != STORE_OK)
		return STORE_ERROR;
	if (a > g.first)
		parts[n++] = (struct outline_seg){ .parent = g.parent, .depth = g.depth,
		                                   .first = g.first, .len = a - g.first };
	parts[n++] = (struct outline_seg){ .parent = g.parent, .depth = g.depth, .first = a,
	                                   .len = b - a, .rows = rows };
	if (b < end)
		parts[n++] = (struct outline_seg){ .parent = g.parent, .depth = g.depth, .first = b,
		                                   .len = end - b };
	o->segs[s] = parts[0];
	segs_insert(o, s + 1, parts + 1, n - 1);
	renumber(o, s);
	return STORE_OK;
}

const struct outline_row *outline_row(struct outline *o, size_t row)
{
	size_t s;

	if (row >= o->count)
		return NULL;
	s = seg_at(o, row);
	if (!o->segs[s].rows) {
		if (read_page(o, s, row) != STORE_OK)
			return NULL;
		s = seg_at(o, row);
	}
	return &o->segs[s].rows[row - o->segs[s].start];
}

const struct outline_row *outline_peek_row(const struct outline *o, size_t row)
{
	size_t s;

	if (row >= o->count)
		return NULL;
	s = seg_at(o, row);
	return o->segs[s].rows ? &o->segs[s].rows[row - o->segs[s].start] : NULL;
}

/* ---- building the rows under an entity ------------------------------------ */

struct build {
	struct outline *o;
	struct seg_list list;   /* the segments built, in row order */
	bool all;               /* expanding everything (outline_expand_all) */
	size_t added, max;      /* rows added; expand everything while fewer than max */
};

static int build_children(struct build *b, int64_t parent, unsigned depth, size_t n,
                          size_t n_removed);

/* The children of parent from position `from` to n: those remembered as
 * expanded read and opened, the others left to read when shown. */
static int build_remembered(struct build *b, int64_t parent, unsigned depth, size_t from, size_t n)
{
	size_t count, cur = from;
	int64_t *eids = expanded_children(&b->o->expanded, parent, &count);
	int rc = STORE_OK;

	for (size_t i = 0; i < count && rc == STORE_OK; i++) {
		struct child after = { .eid = eids[i] - 1 };
		struct outline_row *row;
		int64_t at_parent;
		size_t pos;

		if (eids[i] < 0)
			continue;       /* a removed entity: build_removed opens it */
		rc = store_child_position_filtered(b->o->st, eids[i], &at_parent, &pos);
		if (rc == STORE_NOT_FOUND || (rc == STORE_OK && (at_parent != parent || pos < cur ||
		                                                  pos >= n))) {
			rc = STORE_OK;          /* hidden by the filter, or not here */
			continue;
		}
		if (rc != STORE_OK || read_rows(b->o, parent, depth, &after, 1, &row) != STORE_OK) {
			rc = STORE_ERROR;
			break;
		}
		if (row->eid != eids[i]) {
			rows_free(row, 1);
			rc = STORE_ERROR;
			break;
		}
		if (pos > cur)
			list_push(&b->list, parent, depth, cur, pos - cur, NULL);
		row->expanded = !row->secondary && outline_row_children(row) > 0;
		list_push(&b->list, parent, depth, pos, 1, row);
		cur = pos + 1;
		if (row->expanded)
			rc = build_children(b, row->eid, depth + 1, (size_t)row->n_children, row->n_removed);
	}
	free(eids);
	if (rc == STORE_OK && cur < n)
		list_push(&b->list, parent, depth, cur, n - cur, NULL);
	return rc;
}

/* The children of parent read in full, each opened in turn (depth first)
 * while the rows added are fewer than b->max; the rest as
 * build_remembered leaves them. */
static int build_all(struct build *b, int64_t parent, unsigned depth, size_t n)
{
	struct child after = { 0 };
	size_t pos = 0;

	while (pos < n && b->added < b->max) {
		struct child_list page = { 0 };
		size_t want = n - pos < ALL_PAGE ? n - pos : ALL_PAGE;

		if (store_children_filtered_after(b->o->st, parent, &after, want, &page) != STORE_OK ||
		    page.count != want) {
			child_list_clear(&page);
			return STORE_ERROR;
		}
		after.eid = page.items[want - 1].eid;
		after.secondary = page.items[want - 1].secondary;
		/* a segment of rows up to each row opened, then its children */
		for (size_t i = 0; i < want;) {
			struct outline_row *rows = xreallocarray(NULL, want - i, sizeof(*rows));
			struct outline_row *last;
			size_t j = i;
			bool open = false;

			while (j < want && !open) {
				struct outline_row *r = &rows[j - i];

				take_child(b->o, r, &page.items[j], depth);
				open = !r->secondary && outline_row_children(r) > 0 &&
				       (b->added < b->max || expanded_contains(&b->o->expanded, parent, r->eid));
				j++;
			}
			rows = xreallocarray(rows, j - i, sizeof(*rows));
			last = &rows[j - i - 1];
			last->expanded = open;
			list_push(&b->list, parent, depth, pos + i, j - i, rows);
			if (open) {
				expanded_add(&b->o->expanded, parent, last->eid);
				if (build_children(b, last->eid, depth + 1, (size_t)last->n_children,
				                   last->n_removed) != STORE_OK) {
					child_list_clear(&page);
					return STORE_ERROR;
				}
			}
			i = j;
		}
		child_list_clear(&page);
		pos += want;
	}
	return pos < n ? build_remembered(b, parent, depth, pos, n) : STORE_OK;
}

/* The n removed entities shown under `place`, all read, those remembered
 * as expanded (or, expanding everything, while fewer than b->max rows are
 * added) opened. */
static int build_removed(struct build *b, int64_t place, unsigned depth, size_t n)
{
	const struct diff_change *const *list;
	size_t i = 0;

	if (!b->o->since || since_removed_under(b->o->since, place, &list) != n)
		return STORE_ERROR;
	while (i < n) {
		struct outline_row *rows = xreallocarray(NULL, n - i, sizeof(*rows)), *last;
		size_t j = i;
		bool open = false;

		while (j < n && !open) {
			struct outline_row *r = &rows[j - i];

			if (removed_row(b->o, r, list[j], depth) != STORE_OK) {
				rows_free(rows, j - i);
				return STORE_ERROR;
			}
			open = r->n_removed > 0 && ((b->all && b->added < b->max) ||
			                            expanded_contains(&b->o->expanded, place, row_key(r)));
			j++;
		}
		rows = xreallocarray(rows, j - i, sizeof(*rows));
		last = &rows[j - i - 1];
		last->expanded = open;
		list_push(&b->list, place, depth, i, j - i, rows);
		b->list.items[b->list.count - 1].removed = true;
		if (open) {
			expanded_add(&b->o->expanded, place, row_key(last));
			if (build_children(b, row_key(last), depth + 1, 0, last->n_removed) != STORE_OK)
				return STORE_ERROR;
		}
		i = j;
	}
	return STORE_OK;
}

/* Appends to b->list the segments of the n children of parent, at depth,
 * then of the n_removed removed entities shown under it. */
static int build_children(struct build *b, int64_t parent, unsigned depth, size_t n,
                          size_t n_removed)
{
	int rc = STORE_OK;

	b->added += n;
	if (n > 0 && b->all && b->added < b->max)
		rc = build_all(b, parent, depth, n);
	else if (n > 0)
		rc = build_remembered(b, parent, depth, 0, n);
	if (rc != STORE_OK || n_removed == 0)
		return rc;
	b->added += n_removed;
	return build_removed(b, parent, depth, n_removed);
}

/* ---- the outline's operations ------------------------------------------------ */

static int expand_row(struct outline *o, size_t row, bool all, size_t max)
{
	const struct outline_row *r = outline_row(o, row);
	struct build b = { .o = o, .all = all, .max = max };
	size_t s, k, before = o->count;

	if (!r)
		return row < o->count ? STORE_ERROR : STORE_OK;
	if (r->expanded || outline_row_children(r) == 0 || r->secondary)
		return STORE_OK;
	if (build_children(&b, row_key(r), r->depth + 1, (size_t)r->n_children, r->n_removed) !=
	    STORE_OK) {
		list_free(&b.list);
		return STORE_ERROR;
	}
	s = seg_at(o, row);
	k = row - o->segs[s].start;
	expanded_add(&o->expanded, o->segs[s].parent, row_key(r));
	o->segs[s].rows[k].expanded = true;
	if (k + 1 < o->segs[s].len)
		split_after(o, s, k);      /* an expanded row ends its segment */
	segs_insert(o, s + 1, b.list.items, b.list.count);
	free(b.list.items);
	renumber(o, s);
	if (o->selected != OUTLINE_NONE && o->selected > row)
		o->selected += o->count - before;   /* the same row, further down */
	return STORE_OK;
}

int outline_expand(struct outline *o, size_t row)
{
	return expand_row(o, row, false, 0);
}

/* Collapses a row; `by_user`: while opening, it stays collapsed. */
static void collapse_row(struct outline *o, size_t row, bool by_user)
{
	struct outline_seg *g;
	size_t s, e, removed = 0;

	if (row >= o->count)
		return;
	s = seg_at(o, row);
	g = &o->segs[s];
	if (!g->rows || !g->rows[row - g->start].expanded)
		return;
	g->rows[row - g->start].expanded = false;
	expanded_remove(&o->expanded, g->parent, row_key(&g->rows[row - g->start]));
	if (by_user && o->opening)
		expanded_add(&o->closed, g->parent, row_key(&g->rows[row - g->start]));
	if (row + 1 == g->start + g->len) {
		for (e = s + 1; e < o->nsegs && o->segs[e].depth > g->depth; e++)
			removed += o->segs[e].len;
		segs_remove(o, s + 1, e - s - 1, true);
		merge_next(o, s);
	}
	renumber(o, s);
	if (o->selected != OUTLINE_NONE && o->selected > row) {
		if (o->selected <= row + removed)
			o->selected = row;
		else
			o->selected -= removed;
	}
}

void outline_collapse(struct outline *o, size_t row)
{
	collapse_row(o, row, true);
}

int outline_expand_all(struct outline *o, size_t row, size_t max_rows)
{
	const struct outline_row *r = outline_row(o, row);
	int64_t keep = 0;
	int rc;

	if (!r)
		return row < o->count ? STORE_ERROR : STORE_OK;
	if (r->secondary || outline_row_children(r) == 0)
		return STORE_OK;
	if (r->expanded) {
		/* read again with everything open; the selection stays on its entity */
		if (o->selected != OUTLINE_NONE && o->selected > row)
			keep = outline_selected_eid(o);
		collapse_row(o, row, false);
	}
	rc = expand_row(o, row, true, max_rows);
	if (keep) {
		size_t at = outline_find(o, keep);
		if (at != OUTLINE_NONE && outline_select(o, at) != STORE_OK)
			rc = STORE_ERROR;
	}
	return rc;
}

void outline_set_opening(struct outline *o, bool on)
{
	o->opening = on;
	expanded_clear(&o->closed);
}

int outline_open_rows(struct outline *o, size_t first, size_t count)
{
	/* a row expanded here adds its children right after it: the walk goes
	 * on into them, and stops at the last row asked for */
	for (size_t row = first; o->opening && row < o->count && row - first < count; row++) {
		const struct outline_row *r = outline_row(o, row);

		if (!r)
			return STORE_ERROR;
		/* a removed entity's row stays as it is: the filter did not match it */
		if (r->expanded || r->secondary || r->removed || outline_row_children(r) == 0 ||
		    expanded_contains(&o->closed, o->segs[seg_at(o, row)].parent, r->eid))
			continue;
		if (outline_expand(o, row) != STORE_OK)
			return STORE_ERROR;
	}
	return STORE_OK;
}

void outline_collapse_all(struct outline *o)
{
	int64_t selected = outline_selected_eid(o);

	outline_set_opening(o, false);
	expanded_clear(&o->expanded);
	outline_set_root(o, o->root, selected);
}

size_t outline_find(const struct outline *o, int64_t eid)
{
	bool unread = false;
	int64_t parent;
	size_t pos;

	for (size_t s = 0; s < o->nsegs; s++) {
		const struct outline_seg *g = &o->segs[s];
		if (!g->rows) {
			unread = true;
			continue;
		}
		for (size_t i = 0; i < g->len; i++)
			if (g->rows[i].eid == eid && !g->rows[i].secondary && !g->rows[i].removed)
				return g->start + i;
	}
	/* among the rows not read: where the entity's parent lists it */
	if (!unread || store_child_position_filtered(o->st, eid, &parent, &pos) != STORE_OK)
		return OUTLINE_NONE;
	for (size_t s = 0; s < o->nsegs; s++) {
		const struct outline_seg *g = &o->segs[s];
		if (!g->rows && g->parent == parent && pos >= g->first && pos < g->first + g->len)
			return g->start + (pos - g->first);
	}
	return OUTLINE_NONE;
}

size_t outline_parent(const struct outline *o, size_t row)
{
	size_t s;

	if (row >= o->count)
		return OUTLINE_NONE;
	s = seg_at(o, row);
	/* the parent row ends the nearest segment above that is shallower */
	for (size_t k = s; k-- > 0;)
		if (o->segs[k].depth < o->segs[s].depth)
			return o->segs[k].start + o->segs[k].len - 1;
	return OUTLINE_NONE;
}

int outline_select(struct outline *o, size_t row)
{
	if (o->count == 0) {
		o->selected = OUTLINE_NONE;
		return STORE_OK;
	}
	o->selected = row >= o->count ? o->count - 1 : row;
	return outline_row(o, o->selected) ? STORE_OK : STORE_ERROR;
}

int64_t outline_selected_eid(const struct outline *o)
{
	const struct outline_seg *g;

	if (o->selected >= o->count)
		return 0;
	g = &o->segs[seg_at(o, o->selected)];
	return g->rows ? g->rows[o->selected - g->start].eid : 0;
}

size_t outline_find_removed(const struct outline *o, const struct diff_change *c)
{
	for (size_t s = 0; s < o->nsegs; s++) {
		const struct outline_seg *g = &o->segs[s];

		for (size_t i = 0; g->removed && i < g->len; i++)
			if (g->rows[i].removed == c)
				return g->start + i;
	}
	return OUTLINE_NONE;
}

const struct diff_change *outline_selected_removed(const struct outline *o)
{
	const struct outline_seg *g;

	if (o->selected >= o->count)
		return NULL;
	g = &o->segs[seg_at(o, o->selected)];
	return g->rows ? g->rows[o->selected - g->start].removed : NULL;
}

int outline_reveal(struct outline *o, int64_t eid)
{
	struct eid_list chain = { 0 };
	size_t start = 0, row;
	int rc;

	rc = store_parent_chain(o->st, eid, &chain);
	if (rc != STORE_OK) {
		eid_list_clear(&chain);
		return rc;
	}
	/* the chain runs root first; begin below the current root */
	if (o->root) {
		while (start < chain.count && chain.items[start] != o->root)
			start++;
		if (start == chain.count || chain.items[start] == eid) {
			eid_list_clear(&chain);
			return STORE_NOT_FOUND;
		}
		start++;
	}
	for (size_t i = start; i + 1 < chain.count; i++) {
		row = outline_find(o, chain.items[i]);
		if (row == OUTLINE_NONE || outline_expand(o, row) != STORE_OK) {
			eid_list_clear(&chain);
			return row == OUTLINE_NONE ? STORE_NOT_FOUND : STORE_ERROR;
		}
	}
	eid_list_clear(&chain);
	row = outline_find(o, eid);
	if (row == OUTLINE_NONE)
		return STORE_NOT_FOUND;
	return outline_select(o, row);
}

int outline_set_root(struct outline *o, int64_t root, int64_t select)
{
	struct build b = { .o = o };
	size_t n = 0, n_removed, row;

	clear_segs(o);
	o->root = root;
	n_removed = shows_removed(o) ? removed_under(o, root) : 0;
	if (store_children_count_filtered(o->st, root, &n) != STORE_OK ||
	    build_children(&b, root, 0, n, n_removed) != STORE_OK) {
		list_free(&b.list);
		return STORE_ERROR;
	}
	free(o->segs);
	o->segs = b.list.items;
	o->nsegs = b.list.count;
	o->segs_cap = b.list.cap;
	renumber(o, 0);
	if (select && (row = outline_find(o, select)) != OUTLINE_NONE)
		return outline_select(o, row);
	return outline_select(o, 0);
}

int outline_open_since(struct outline *o, struct store *st, int64_t root, const struct since *s)
{
	memset(o, 0, sizeof(*o));
	o->st = st;
	o->since = s;
	o->selected = OUTLINE_NONE;
	return outline_set_root(o, root, 0);
}

int outline_open(struct outline *o, struct store *st, int64_t root)
{
	return outline_open_since(o, st, root, NULL);
}

void outline_keep_removed(struct outline *o, bool keep)
{
	o->keep_removed = keep;
}

void outline_close(struct outline *o)
{
	clear_segs(o);
	free(o->segs);
	expanded_clear(&o->expanded);
	expanded_clear(&o->closed);
	memset(o, 0, sizeof(*o));
}

static bool starts_with_folded(const char *s, const char *prefix)
{
	for (; *prefix; s++, prefix++) {
		char a = *s >= 'A' && *s <= 'Z' ? (char)(*s - 'A' + 'a') : *s;
		char b = *prefix >= 'A' && *prefix <= 'Z' ? (char)(*prefix - 'A' + 'a') : *prefix;

		if (a != b)
			return false;
	}
	return true;
}

const char *outline_type_tag(const char *kind, const char *badge, const char *type)
{
#define TYPE_TAG_ENTRY(tag, type) { tag, type },
	static const struct {
		const char *tag, *type;
	} tags[] = { TYPE_TAG_LIST(TYPE_TAG_ENTRY) };
#undef TYPE_TAG_ENTRY

	if (!type || !kind || strcmp(kind, "organisation") != 0)
		return badge ? badge : "";
	for (size_t i = 0; i < sizeof(tags) / sizeof(tags[0]); i++)
		if (starts_with_folded(type, tags[i].type))
			return tags[i].tag;
	return badge ? badge : "";
}
