/* The tree as the interface shows it: the rows visible under the current
 * root, which of them are expanded, and which is selected.  Plain logic
 * over the store's queries, with no terminal in sight, so that it can be
 * tested row by row.  Expansion is remembered by entity (not by row), so
 * it survives drill-down and coming back.
 *
 * Rows are read lazily: expanding an entity records how many children it
 * has (a segment of rows not read yet, whatever their number), and a row is
 * read, with the page of rows around it, the first time outline_row or
 * outline_select asks for it.  Expanding a node of 10,000 children costs
 * what expanding one of ten does; the screen reads the rows it draws.
 *
 * Compared with an older model (outline_open_since), the entities it had
 * and this one has not show too, as rows of their own after the real
 * children of the place since.h puts them under (a removed entity's own
 * removed children under it): read from the comparison, all at once. */
#ifndef ICSVIEW_OUTLINE_H
#define ICSVIEW_OUTLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "icsview/query/since.h"
#include "icsview/store/store.h"

#define OUTLINE_NONE ((size_t)-1)

/* The tags that tell organisations apart in the tree, where every one
 * would otherwise show the kind's badge ORG: _(tag, type).  An
 * organisation whose type starts with `type` (ignoring ASCII case, so
 * "sub-ICB location (closed 2026-03-31)" is a sub-ICB location) takes the
 * tag of the first such entry; any other entity shows its kind's badge. */
#define TYPE_TAG_LIST(_) \
	_("GP",   "GP practice") \
	_("PCN",  "primary care network") \
	_("NHST", "NHS foundation trust") \
	_("NHST", "NHS trust") \
	_("ICB",  "integrated care board") \
	_("SICB", "sub-ICB location") \
	_("CCG",  "clinical commissioning group") \
	_("LA",   "local authority") \
	_("LA",   "combined authority") \
	_("LA",   "metropolitan borough") \
	_("NB",   "national body")
#define OUTLINE_TAG_MAX 4       /* characters in a tag */

/* The tag a row shows for an entity of `kind` (its badge `badge`) and
 * `type` (NULL for none): a static string. */
const char *outline_type_tag(const char *kind, const char *badge, const char *type);

struct outline_row {
	int64_t eid;
	unsigned depth;         /* 0 for the children of the root */
	bool secondary;         /* shown here through a link: its parent is elsewhere */
	bool matched;           /* false: shown only as an ancestor of a filter match */
	bool expanded;
	int64_t n_children;     /* own and secondary children */
	char *id, *kind, *badge, *name;
	const char *tag;        /* outline_type_tag: static, or the row's badge */
	enum entity_state state;        /* open, closed, not yet open (store.h) */
	/* Compared with an older model: the removed entities shown under this
	 * row (after its children), and for the row of a removed entity its
	 * change (since.h), its eid then 0: it is not in this model.  The
	 * rows of a filter's ancestors (not matched) show none. */
	size_t n_removed;
	const struct diff_change *removed;
};

/* A run of consecutive siblings: the children of `parent` at positions
 * first .. first + len - 1 (in store_children_filtered_after's order),
 * shown as rows start .. start + len - 1.  An expanded row is always the
 * last of its segment; the segments of its children follow it. */
struct outline_seg {
	int64_t parent;         /* 0: the roots; < 0: a removed entity (its place) */
	bool removed;           /* rows of removed entities, from since_removed_under
	                           (positions in its list): always read */
	unsigned depth;
	size_t first, len, start;
	struct outline_row *rows;   /* len rows, or NULL: not read yet */
};

/* Entities remembered as expanded, with the parent they were expanded
 * under, sorted by (parent, eid): the children of one parent to open are a
 * range. */
struct expanded_entry {
	int64_t parent, eid;
};
struct expanded_set {
	struct expanded_entry *items;
	size_t count, cap;
};

struct outline {
	struct store *st;
	int64_t root;           /* 0: the model's roots */
	struct outline_seg *segs;
	size_t nsegs, segs_cap;
	size_t count;           /* rows */
	size_t selected;        /* OUTLINE_NONE when there are no rows; always read */
	struct expanded_set expanded;
	bool opening;           /* outline_open_rows opens rows (outline_set_opening) */
	struct expanded_set closed;     /* collapsed while opening: not opened again */
	const struct since *since;      /* NULL: no removed rows */
	bool keep_removed;              /* a filter applied keeps them (outline_keep_removed) */
};

/* Shows the children of `root` (0: the model's roots), expanding those
 * remembered as expanded; while a filter is applied to the store, only what
 * it keeps visible.  Returns STORE_OK or STORE_ERROR. */
int outline_open(struct outline *o, struct store *st, int64_t root);
/* The same, showing the removed entities of the comparison s (NULL:
 * none) after the real children; s must stay open while the outline
 * uses it. */
int outline_open_since(struct outline *o, struct store *st, int64_t root, const struct since *s);
void outline_close(struct outline *o);
/* While a filter is applied to the store, whether the removed entities
 * show: under the rows it matches (and at the root), when the filter asks
 * for them (filter_keeps_removed); else none.  Takes effect when the rows
 * are next built (outline_set_root).  Without a filter they always show. */
void outline_keep_removed(struct outline *o, bool keep);
/* Makes another entity the root, keeping what is expanded; the selection
 * goes to `select` when it is visible, else to the first row. */
int outline_set_root(struct outline *o, int64_t root, int64_t select);

/* Row `row`, read from the store with the rows around it if it was not yet.
 * NULL past the last row or when the store fails.  The pointer stays valid
 * until the rows change shape (expand, collapse, set_root, close); reading
 * other rows leaves it valid. */
const struct outline_row *outline_row(struct outline *o, size_t row);
/* Row `row` as it has been read, reading nothing: NULL past the last row
 * or when it has not been read (or could not be).  For code that only
 * looks, such as drawing what outline_row read before. */
const struct outline_row *outline_peek_row(const struct outline *o, size_t row);

int outline_expand(struct outline *o, size_t row);
void outline_collapse(struct outline *o, size_t row);
/* Expands everything under `row` (secondary rows excepted: they are links,
 * and following them could loop), adding at most `max_rows` rows (the rows
 * of the last node expanded may go past it). */
int outline_expand_all(struct outline *o, size_t row, size_t max_rows);
/* Collapses every row, leaving the root's children; stops opening. */
void outline_collapse_all(struct outline *o);

/* Opening the way to a filter's matches, as far as the screen shows: while
 * opening is on, outline_open_rows(first, count) expands each of those rows
 * that has children of its own, going on into the rows that adds, but
 * those collapsed (outline_collapse) since opening was turned on.  So the
 * matches are in sight wherever the screen goes, and only the rows shown
 * are read.  Turning it on or off forgets the rows collapsed. */
void outline_set_opening(struct outline *o, bool on);
int outline_open_rows(struct outline *o, size_t first, size_t count);

/* The row showing `eid` in its own place (not as a link), or OUTLINE_NONE. */
size_t outline_find(const struct outline *o, int64_t eid);
/* The row of removed entity c (outline_row.removed), or OUTLINE_NONE
 * when it is not shown. */
size_t outline_find_removed(const struct outline *o, const struct diff_change *c);
/* The row of the parent of `row`, or OUTLINE_NONE at the top. */
size_t outline_parent(const struct outline *o, size_t row);
/* Opens the ancestors of `eid` under the current root and selects it.
 * STORE_NOT_FOUND when it is not under the current root. */
int outline_reveal(struct outline *o, int64_t eid);
/* Selects a row, clamped to the rows there are, and reads it.  STORE_ERROR
 * when it cannot be read (the selection moves all the same). */
int outline_select(struct outline *o, size_t row);
/* The selected row's entity, 0 when none (or a removed entity's row). */
int64_t outline_selected_eid(const struct outline *o);
/* The selected row's removed entity (outline_row.removed), NULL when the
 * selection is none or in the model. */
const struct diff_change *outline_selected_removed(const struct outline *o);
/* The rows a row opens onto: its children and the removed shown under it. */
size_t outline_row_children(const struct outline_row *r);

#endif
