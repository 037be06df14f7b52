/* Comparing two models' databases (store_diff.c): which entities were
 * added, removed or replaced, and, of those in both (matched by id), what
 * differs.  The details of a difference (the facts before and after, the
 * links) are read afterwards from each store with store.h's calls, for the
 * few entities that differ: the query layer's diff (diff.h) does that. */
#ifndef ICSVIEW_STORE_DIFF_H
#define ICSVIEW_STORE_DIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "icsview/store/store.h"

/* What differs between an entity's old and new forms. */
enum store_diff_flag {
	STORE_DIFF_RENAMED = 1u << 0,   /* its name */
	STORE_DIFF_MOVED = 1u << 1,     /* its parent (compared by id) */
	STORE_DIFF_KIND = 1u << 2,
	STORE_DIFF_TYPE = 1u << 3,
	STORE_DIFF_FACTS = 1u << 4,     /* the values of its facts, by key */
	STORE_DIFF_LINKS = 1u << 5,     /* the links it makes, with their facts */
	STORE_DIFF_SOURCES = 1u << 6,   /* its sources (its own, else its file's) */
};

/* One entity that differs.  old_eid 0: added; new_eid 0: removed; both
 * with `replaced`: the new entity, not in the old model, is a successor
 * (successor_of, in the new model) of the old one, which had no successor
 * in the old model; both without: the same
 * id in both models, `flags` saying what differs. */
struct store_diff_item {
	int64_t old_eid, new_eid;
	unsigned flags;
	bool replaced;
};

struct store_diff {
	struct store_diff_item *items;
	size_t count, cap;
	struct store *failed;   /* on STORE_ERROR: the store whose read failed */
};

/* Compares the two models: every entity added, removed or replaced, and
 * every one whose name, parent, kind, type, facts, links or sources
 * differ: the replacements first (by successor, in the new model's load
 * order), then the added and the matched in the new model's load order,
 * then the removed in the old model's.  Ids are compared exactly.  Facts are compared as the
 * values of each key (a multiset, notes and order aside), links as their
 * relation, the id of their target and their facts in order.  Each table of
 * each model is read once, in its stored order, and each entity's facts,
 * links and sources are kept as a 64-bit digest: two different sets of
 * them share one with a chance of about 2^-64.  STORE_OK or STORE_ERROR
 * (out->failed says which store; store_errmsg says why). */
int store_diff_compare(struct store *old_st, struct store *new_st, struct store_diff *out);
void store_diff_clear(struct store_diff *d);

#endif
