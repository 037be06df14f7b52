/* The tree as the interface shows it: the rows visible under the current
 * root, which of them are expanded, and which is selected.  Plain logic
 * over the store's queries, with no terminal in sight, so that it can be
 * tested row by row.  Expansion is remembered by entity (not by row), so
 * it survives drill-down and coming back. */
#ifndef ICSVIEW_OUTLINE_H
#define ICSVIEW_OUTLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "icsview/store.h"

#define OUTLINE_NONE ((size_t)-1)

struct outline_row {
	int64_t eid;
	unsigned depth;         /* 0 for the children of the root */
	bool secondary;         /* shown here through a link: its parent is elsewhere */
	bool matched;           /* false: shown only as an ancestor of a filter match */
	bool expanded;
	int64_t n_children;     /* own and secondary children */
	char *id, *kind, *badge, *name;
};

struct eid_set {
	int64_t *items;         /* sorted */
	size_t count, cap;
};

struct outline {
	struct store *st;
	int64_t root;           /* 0: the model's roots */
	struct outline_row *rows;
	size_t count, cap;
	size_t selected;        /* OUTLINE_NONE when there are no rows */
	struct eid_set expanded;
};

/* Shows the children of `root` (0: the model's roots), expanding those
 * remembered as expanded; while a filter is applied to the store, only what
 * it keeps visible.  Returns STORE_OK or STORE_ERROR. */
int outline_open(struct outline *o, struct store *st, int64_t root);
void outline_close(struct outline *o);
/* Makes another entity the root, keeping what is expanded; the selection
 * goes to `select` when it is visible, else to the first row. */
int outline_set_root(struct outline *o, int64_t root, int64_t select);

int outline_expand(struct outline *o, size_t row);
void outline_collapse(struct outline *o, size_t row);
/* Expands everything under `row` (secondary rows excepted: they are links,
 * and following them could loop), adding at most `max_rows` rows. */
int outline_expand_all(struct outline *o, size_t row, size_t max_rows);
/* Collapses every row, leaving the root's children. */
void outline_collapse_all(struct outline *o);

/* The row showing `eid` in its own place (not as a link), or OUTLINE_NONE. */
size_t outline_find(const struct outline *o, int64_t eid);
/* The row of the parent of `row`, or OUTLINE_NONE at the top. */
size_t outline_parent(const struct outline *o, size_t row);
/* Opens the ancestors of `eid` under the current root and selects it.
 * STORE_NOT_FOUND when it is not under the current root. */
int outline_reveal(struct outline *o, int64_t eid);
/* Selects a row, clamped to the rows there are. */
void outline_select(struct outline *o, size_t row);
/* The selected row's entity, 0 when none. */
int64_t outline_selected_eid(const struct outline *o);

bool eid_set_contains(const struct eid_set *set, int64_t eid);
void eid_set_add(struct eid_set *set, int64_t eid);
void eid_set_remove(struct eid_set *set, int64_t eid);
void eid_set_clear(struct eid_set *set);

#endif
