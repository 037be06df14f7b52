/* A review over a model: the notes store's notes, flags and reviewed marks
 * (notes.h) matched to the model's entities, so that the tree can show
 * them, filters can test them, the status line can count them and the
 * reviewer can jump to the next one still to do.  Nothing here knows about
 * the terminal.
 *
 * The marks are copied from the notes file into memory (sorted by eid, for
 * the tree's rows) and into the model connection's temp.review_marks (for
 * filters: has:note, flag:X, reviewed:yes|no).  Notes are few beside the
 * model (one per entity a person looked at), so the copy is cheap; it is
 * made again by review_sync() after another process may have written, and
 * one entity at a time by review_reload_one() after this one wrote.
 *
 * "The view" is what the tree shows: the entities under the drill-down root
 * (the root itself not included; 0: the whole model) and, with a filter,
 * only the filter's matches.  "Tree order" is the tree's own order: depth
 * first, each entity's own children in load order. */
#ifndef ICSVIEW_REVIEW_H
#define ICSVIEW_REVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "icsview/store/notes.h"
#include "icsview/store/store.h"

struct review_mark {
	int64_t eid;
	enum note_flag flag;
	bool reviewed;
	bool has_text;
};

struct review {
	struct store *st;
	struct notes *notes;        /* NULL: no notes file (every mark empty) */
	struct review_mark *marks;  /* by eid */
	size_t count, cap;
	size_t orphans;             /* notes whose entity is not in the model */
	int64_t *conflicts;         /* entities with an imported note still to
	                               resolve (review_conflicts.c), sorted */
	size_t conflict_count, conflict_cap;
	char errmsg[256];
};

/* Ties a review to a model and a notes store (not owned; notes may be
 * NULL) and reads every mark.  STORE_OK or STORE_ERROR (review_errmsg). */
int review_open(struct review *r, struct store *st, struct notes *notes);
void review_close(struct review *r);
const char *review_errmsg(const struct review *r);

/* Reads every mark again (another process may have written). */
int review_sync(struct review *r);
/* Reads one entity's mark again, after this process changed its note. */
int review_reload_one(struct review *r, int64_t eid, const char *entity_id);

/* The entity's mark, or NULL when it has none. */
const struct review_mark *review_mark(const struct review *r, int64_t eid);

/* ---- conflicts (review_conflicts.c) ----------------------------------------
 * The entities of the model with a conflict an import left still to
 * resolve (notes_conflicts_list), in memory for the tree's rows and in
 * temp.review_conflicts for the filter term review:conflict.  review_sync
 * reads them again with the marks, review_reload_one the entity's. */
/* Whether the entity has a conflict still to resolve. */
bool review_has_conflict(const struct review *r, int64_t eid);
/* How many entities of the model have one. */
size_t review_conflicts_pending(const struct review *r);
/* Reads every conflict again: STORE_OK or STORE_ERROR (review_errmsg). */
int review_conflicts_sync(struct review *r);
/* Reads one entity's again, after this process resolved it. */
int review_conflict_reload(struct review *r, int64_t eid, const char *entity_id);

struct review_progress {
	int64_t total;              /* entities in the view */
	int64_t reviewed;           /* of which reviewed */
	int64_t flagged;            /* of which flagged (ok, question or concern) */
	int64_t concerns;           /* of which flagged concern */
};
/* Counts the view under `root` (0: everything), through the filter when
 * one is applied (filter.h). */
int review_progress(struct review *r, int64_t root, struct review_progress *out);

enum review_target {
	REVIEW_NEXT_UNREVIEWED,     /* not marked reviewed */
	REVIEW_NEXT_FLAGGED,        /* flag ok, question or concern */
};
/* The first entity of the view after `from` in tree order that is the
 * target, wrapping round to the view's start: STORE_OK with *out,
 * STORE_NOT_FOUND when there is none other than `from` itself, STORE_ERROR.
 * `from` 0, or not in the view: from the view's start. */
/* Whether eid is in the view under root and the target itself: STORE_OK,
 * STORE_NOT_FOUND, STORE_ERROR.  So that a review resumes at the
 * selection rather than after it. */
int review_is_target(struct review *r, int64_t root, int64_t eid, enum review_target target);
int review_next(struct review *r, int64_t root, int64_t from, enum review_target target,
                int64_t *out);

/* Sorts eids into tree order (ancestors before descendants, siblings in
 * load order).  Eids that are not in the model go last, in the order given. */
int review_sort_tree_order(struct store *st, int64_t *eids, size_t count);

#endif
