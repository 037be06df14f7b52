#include "icsview/outline.h"

#include <stdlib.h>
#include <string.h>
#include "icsview/util.h"

/* Children are fetched in pages keyed by the last child seen, so each page
 * is an index range however long the list of siblings is. */
#define CHILD_PAGE 4096

static size_t set_position(const struct eid_set *set, int64_t eid)
{
	size_t lo = 0, hi = set->count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (set->items[mid] < eid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

bool eid_set_contains(const struct eid_set *set, int64_t eid)
{
	size_t at = set_position(set, eid);

	return at < set->count && set->items[at] == eid;
}

void eid_set_add(struct eid_set *set, int64_t eid)
{
	size_t at = set_position(set, eid);

	if (at < set->count && set->items[at] == eid)
		return;
	GROW(set->items, set->cap, set->count + 1);
	memmove(set->items + at + 1, set->items + at, (set->count - at) * sizeof(*set->items));
	set->items[at] = eid;
	set->count++;
}

void eid_set_remove(struct eid_set *set, int64_t eid)
{
	size_t at = set_position(set, eid);

	if (at >= set->count || set->items[at] != eid)
		return;
	memmove(set->items + at, set->items + at + 1, (set->count - at - 1) * sizeof(*set->items));
	set->count--;
}

void eid_set_clear(struct eid_set *set)
{
	free(set->items);
	memset(set, 0, sizeof(*set));
}

static void row_free(struct outline_row *row)
{
	free(row->id);
	free(row->kind);
	free(row->badge);
	free(row->name);
}

static void clear_rows(struct outline *o)
{
	for (size_t i = 0; i < o->count; i++)
		row_free(&o->rows[i]);
	o->count = 0;
	o->selected = OUTLINE_NONE;
}

/* Makes room for `n` rows at `at`. */
static void open_gap(struct outline *o, size_t at, size_t n)
{
	GROW(o->rows, o->cap, o->count + n);
	memmove(o->rows + at + n, o->rows + at, (o->count - at) * sizeof(*o->rows));
	o->count += n;
}

/* The children of `parent` as rows at `depth`, inserted at `at`.  Returns
 * how many were inserted, or -1 on a store error. */
static long insert_children(struct outline *o, int64_t parent, unsigned depth, size_t at)
{
	size_t inserted = 0;
	struct child after = { 0 };

	for (;;) {
		struct child_list page = { 0 };
		size_t count;

		if (store_children_filtered_after(o->st, parent, &after, CHILD_PAGE, &page) != STORE_OK) {
			child_list_clear(&page);
			return -1;
		}
		count = page.count;
		open_gap(o, at + inserted, page.count);
		for (size_t i = 0; i < page.count; i++) {
			struct child *c = &page.items[i];
			struct outline_row *row = &o->rows[at + inserted + i];

			*row = (struct outline_row){
				.eid = c->eid, .depth = depth, .secondary = c->secondary, .matched = c->matched,
				.n_children = c->n_children, .id = c->id, .kind = c->kind,
				.badge = c->badge, .name = c->name,
			};
			c->id = c->kind = c->badge = c->name = NULL;   /* now the row's */
		}
		inserted += page.count;
		if (page.count) {
			after.eid = page.items[page.count - 1].eid;
			after.secondary = page.items[page.count - 1].secondary;
		}
		child_list_clear(&page);   /* (which zeroes page.count) */
		if (count < CHILD_PAGE)
			return (long)inserted;
	}
}

/* The rows below `row` that descend from it. */
static size_t subtree_end(const struct outline *o, size_t row)
{
	size_t end = row + 1;

	while (end < o->count && o->rows[end].depth > o->rows[row].depth)
		end++;
	return end;
}

static int expand_row(struct outline *o, size_t row, bool remembered_only)
{
	struct outline_row *r = &o->rows[row];
	long added;

	if (r->expanded || r->n_children == 0 || r->secondary)
		return STORE_OK;
	added = insert_children(o, r->eid, r->depth + 1, row + 1);
	if (added < 0)
		return STORE_ERROR;
	o->rows[row].expanded = true;
	if (!remembered_only)
		eid_set_add(&o->expanded, o->rows[row].eid);
	/* children remembered as expanded open too */
	for (size_t i = row + 1; i < row + 1 + (size_t)added; i++) {
		if (!o->rows[i].secondary && eid_set_contains(&o->expanded, o->rows[i].eid)) {
			size_t before = o->count;
			if (expand_row(o, i, true) != STORE_OK)
				return STORE_ERROR;
			added += (long)(o->count - before);
		}
	}
	return STORE_OK;
}

int outline_expand(struct outline *o, size_t row)
{
	if (row >= o->count)
		return STORE_OK;
	return expand_row(o, row, false);
}

void outline_collapse(struct outline *o, size_t row)
{
	size_t end;

	if (row >= o->count || !o->rows[row].expanded)
		return;
	end = subtree_end(o, row);
	for (size_t i = row + 1; i < end; i++)
		row_free(&o->rows[i]);
	memmove(o->rows + row + 1, o->rows + end, (o->count - end) * sizeof(*o->rows));
	o->count -= end - row - 1;
	o->rows[row].expanded = false;
	eid_set_remove(&o->expanded, o->rows[row].eid);
	if (o->selected != OUTLINE_NONE && o->selected > row) {
		if (o->selected < end)
			o->selected = row;
		else
			o->selected -= end - row - 1;
	}
}

int outline_expand_all(struct outline *o, size_t row, size_t max_rows)
{
	size_t limit, end;

	if (row >= o->count)
		return STORE_OK;
	limit = o->count + max_rows;
	if (outline_expand(o, row) != STORE_OK)
		return STORE_ERROR;
	end = subtree_end(o, row);
	for (size_t i = row + 1; i < end && o->count < limit; i++) {
		size_t before = o->count;
		if (outline_expand(o, i) != STORE_OK)
			return STORE_ERROR;
		end += o->count - before;
	}
	return STORE_OK;
}

void outline_collapse_all(struct outline *o)
{
	int64_t selected = outline_selected_eid(o);

	eid_set_clear(&o->expanded);
	outline_set_root(o, o->root, selected);
}

size_t outline_find(const struct outline *o, int64_t eid)
{
	for (size_t i = 0; i < o->count; i++)
		if (o->rows[i].eid == eid && !o->rows[i].secondary)
			return i;
	return OUTLINE_NONE;
}

size_t outline_parent(const struct outline *o, size_t row)
{
	if (row >= o->count || o->rows[row].depth == 0)
		return OUTLINE_NONE;
	for (size_t i = row; i-- > 0;)
		if (o->rows[i].depth < o->rows[row].depth)
			return i;
	return OUTLINE_NONE;
}

void outline_select(struct outline *o, size_t row)
{
	if (o->count == 0) {
		o->selected = OUTLINE_NONE;
		return;
	}
	o->selected = row >= o->count ? o->count - 1 : row;
}

int64_t outline_selected_eid(const struct outline *o)
{
	return o->selected < o->count ? o->rows[o->selected].eid : 0;
}

int outline_reveal(struct outline *o, int64_t eid)
{
	struct eid_list chain = { 0 };
	size_t start = 0;
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
		size_t row = outline_find(o, chain.items[i]);
		if (row == OUTLINE_NONE || outline_expand(o, row) != STORE_OK) {
			eid_list_clear(&chain);
			return row == OUTLINE_NONE ? STORE_NOT_FOUND : STORE_ERROR;
		}
	}
	eid_list_clear(&chain);
	if (outline_find(o, eid) == OUTLINE_NONE)
		return STORE_NOT_FOUND;
	o->selected = outline_find(o, eid);
	return STORE_OK;
}

/* Appends the children of `parent` at `depth`, each followed by its own
 * children when it is remembered as expanded: the rows of a whole tree in
 * one pass, each appended once (inserting them where they belong, one
 * expanded row at a time, moved the rows below each time: quadratic in a
 * tree of some thousand rows). */
static int append_children(struct outline *o, int64_t parent, unsigned depth)
{
	struct child after = { 0 };

	for (;;) {
		struct child_list page = { 0 };
		size_t count;

		if (store_children_filtered_after(o->st, parent, &after, CHILD_PAGE, &page) != STORE_OK) {
			child_list_clear(&page);
			return STORE_ERROR;
		}
		count = page.count;
		if (count) {
			after.eid = page.items[count - 1].eid;
			after.secondary = page.items[count - 1].secondary;
		}
		for (size_t i = 0; i < count; i++) {
			struct child *c = &page.items[i];
			size_t row = o->count;
			bool open = !c->secondary && c->n_children != 0 &&
			            eid_set_contains(&o->expanded, c->eid);

			GROW(o->rows, o->cap, o->count + 1);
			o->rows[o->count++] = (struct outline_row){
				.eid = c->eid, .depth = depth, .secondary = c->secondary,
				.matched = c->matched, .n_children = c->n_children, .id = c->id,
				.kind = c->kind, .badge = c->badge, .name = c->name, .expanded = open,
			};
			c->id = c->kind = c->badge = c->name = NULL;   /* now the row's */
			if (open && append_children(o, o->rows[row].eid, depth + 1) != STORE_OK) {
				child_list_clear(&page);
				return STORE_ERROR;
			}
		}
		child_list_clear(&page);
		if (count < CHILD_PAGE)
			return STORE_OK;
	}
}

int outline_set_root(struct outline *o, int64_t root, int64_t select)
{
	clear_rows(o);
	o->root = root;
	if (append_children(o, root, 0) != STORE_OK)
		return STORE_ERROR;
	o->selected = o->count ? 0 : OUTLINE_NONE;
	if (select) {
		size_t row = outline_find(o, select);
		if (row != OUTLINE_NONE)
			o->selected = row;
	}
	return STORE_OK;
}

int outline_open(struct outline *o, struct store *st, int64_t root)
{
	memset(o, 0, sizeof(*o));
	o->st = st;
	o->selected = OUTLINE_NONE;
	return outline_set_root(o, root, 0);
}

void outline_close(struct outline *o)
{
	clear_rows(o);
	free(o->rows);
	eid_set_clear(&o->expanded);
	memset(o, 0, sizeof(*o));
}
