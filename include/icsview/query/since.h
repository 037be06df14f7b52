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
 * NULL: the comparison kept by an earlier run) and keeps the result;
 * fills new_st's temp.since_changes.  NULL on failure, with *error
 * (caller frees) saying why.  Neither store is owned; both must stay open
 * while the result is used (the details of a change are read from it). */
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
/* The whole result, grouped by kind (diff.h). */
const struct diff_result *since_result(const struct since *s);

/* The word after `changed:` for a bit of since_flags, and back: the
 * names of enum diff_kind, and "any" (all bits). */
bool since_term_parse(const char *word, unsigned *bits);

#endif
