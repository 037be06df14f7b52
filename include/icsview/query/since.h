/* What changed since an older model, by entity of the model open now
 * (since.c): the diff (diff.h) of the two, computed once, kept with each
 * changed entity's kinds of change in a hash table keyed by its eid in the
 * new model, so that the interface marks a row or answers `changed:` in a
 * lookup whatever the model's size.  The same marks are copied into the
 * new model connection's temp.since_changes for the filter's `changed:`
 * term (filter_sql.c); without a `since` that table does not exist and the
 * term is refused. */
#ifndef ICSVIEW_QUERY_SINCE_H
#define ICSVIEW_QUERY_SINCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "icsview/query/diff.h"
#include "icsview/store/store.h"

/* An entity's kinds of change, a bit each: 1u << enum diff_kind.  A
 * removed entity is not in the new model: its bit, DIFF_REMOVED, marks the
 * nearest of its old ancestors that the new model has (by id), where it
 * is told of (since_change_at). */
#define SINCE_BIT(kind) (1u << (kind))

struct since;

/* Compares old_st with new_st (diff_run, through keeper when it is not
 * NULL: the comparison kept by an earlier run) and keeps the result, with
 * the removed entities indexed by where they show (since_removed_under);
 * fills new_st's temp.since_changes.  NULL on failure, with *error (caller
 * frees) saying why.  Neither store is owned; both must stay open while
 * the result is used (the details of a change are read from it). */
struct since *since_open(struct store *old_st, struct store *new_st,
                         const struct diff_keeper *keeper, char **error);
/* Drops temp.since_changes from the new store (when it is still open:
 * drop is false after it closed) and frees.  NULL is fine. */
void since_close(struct since *s, bool drop);

/* The kinds of change of the new model's entity eid: 0 when unchanged. */
unsigned since_flags(const struct since *s, int64_t eid);
/* The i-th change told of at entity eid, from 0, in the order of enum
 * diff_kind (an entity may be replaced by several, several removed from
 * under it); NULL past the last. */
const struct diff_change *since_change_at(const struct since *s, int64_t eid, size_t i);
/* Its first change of `kind`, or NULL. */
const struct diff_change *since_change(const struct since *s, int64_t eid, enum diff_kind kind);
/* Entities of the new model that are marked (each counted once), and the
 * entities removed (only in the old model). */
size_t since_changed_count(const struct since *s);
size_t since_removed_count(const struct since *s);
/* Of the marked entities, those under `root` (its descendants by parent;
 * root 0: all): counted in memory, once per root, and kept. */
size_t since_count_under(struct since *s, int64_t root);
/* The removed entities as the tree shows them, each under a place: an
 * eid of the new model (> 0), the top (0), or a removed entity
 * (since_removed_place_of its old eid, < 0).  A removed entity shows
 * under its old parent when that was removed too, else under the nearest
 * of its old ancestors the new model has (the one since_change_at tells
 * of it), or at the top when none is.  Indexed once by since_open. */
int64_t since_removed_place_of(int64_t old_eid);
/* The removed entities shown under `place`, in the old model's order:
 * their count, and *changes pointing at them (valid while s is), NULL
 * for none. */
size_t since_removed_under(const struct since *s, int64_t place,
                           const struct diff_change *const **changes);
/* The older model's store, as since_open was given it (NULL for s NULL):
 * where a removed entity is read. */
struct store *since_old_store(const struct since *s);

/* Going through the removed entities in the order the tree shows them
 * (U): a position in tree order, the new model's entities in preorder
 * (children in eid order, as the tree lists them), the removed entities
 * of a place after its subtree (the top's after everything), depth first.
 * Worked out in memory the first time it is asked for. */
struct since_position {
	uint64_t key;
	size_t sub;
};
/* The position of removed entity `removed` (from this result), or when it
 * is NULL of the new model's entity eid: false when there is no such. */
bool since_position_of(struct since *s, int64_t eid, const struct diff_change *removed,
                       struct since_position *out);
/* Whether a comes before b in tree order. */
bool since_position_before(const struct since_position *a, const struct since_position *b);
/* The first removed entity shown under root (0: everywhere) after `from`
 * and before `to` in tree order, going round past the end when `to` is
 * not after `from`; NULL when none is. */
const struct diff_change *since_removed_between(struct since *s, int64_t root,
                                                const struct since_position *from,
                                                const struct since_position *to);
/* Where removed entity c shows: *place (as since_removed_under's), and
 * the removed entities it is under, outermost first, in holders (room
 * for max).  Returns their count (more than max: holders not filled). */
size_t since_removed_holders(struct since *s, const struct diff_change *c,
                             const struct diff_change **holders, size_t max, int64_t *place);

/* The whole result, grouped by kind (diff.h). */
const struct diff_result *since_result(const struct since *s);

/* The word after `changed:` for a bit of since_flags, and back: the
 * names of enum diff_kind, and "any" (all bits). */
bool since_term_parse(const char *word, unsigned *bits);

#endif
