/* A body's succession: its predecessors and successors along successor_of
 * links (A successor_of B: A succeeded B), followed transitively, with the
 * dates the model gives: the link's date and the bodies' own opening and
 * closing facts.  `show`, the detail pane's History section and `icsview
 * history` all read it here.
 *
 * The model allows cycles in successor_of and any number of merges and
 * splits, so the walk is bounded: an entity already listed in a direction
 * is listed again where it recurs, marked `repeated`, but not followed
 * again; at most HISTORY_MAX_DEPTH links are followed from the body and at
 * most HISTORY_MAX_STEPS entries listed in each direction. */
#ifndef ICSVIEW_HISTORY_CHAIN_H
#define ICSVIEW_HISTORY_CHAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "icsview/store/store.h"

#define HISTORY_MAX_DEPTH 32
#define HISTORY_MAX_STEPS 200

enum history_direction {
	HISTORY_BEFORE,         /* predecessors: what the body succeeded */
	HISTORY_AFTER,          /* successors: what succeeded it */
};

/* The dates of a body as its facts give them: the first fact named
 * opened, established or since (began), and the first named closed,
 * legally_closed or until (ended); NULL where it has none. */
struct history_dates {
	char *began_key, *began;
	char *ended_key, *ended;
};

struct history_step {
	enum history_direction direction;
	unsigned depth;         /* 1: a direct predecessor or successor */
	int64_t eid;
	char *id, *kind, *badge, *name;
	char *parent_name;      /* the entity it sits under; NULL for a root */
	char *parent_id;
	char *date;             /* the link's `date` fact (else `since`); NULL: none */
	char *extent;           /* the link's `extent` fact; NULL: none */
	struct history_dates dates;
	bool repeated;          /* listed before in this direction: not followed again */
};

struct history_chain {
	int64_t eid;            /* the body */
	struct history_dates dates;
	/* depth first: the predecessors, each followed by its own, then the
	 * successors likewise; siblings in the order of their links */
	struct history_step *items;
	size_t count, cap;
	bool cut;               /* a bound stopped the walk: there is more */
};

/* Reads the succession of `eid` into *out (zeroed first).  STORE_OK (an
 * empty chain for a body without successor_of links either way) or
 * STORE_ERROR (store_errmsg); either way history_chain_clear frees it. */
int history_chain_read(struct store *st, int64_t eid, struct history_chain *out);
void history_chain_clear(struct history_chain *chain);
/* How many of the chain's entries are in this direction. */
size_t history_chain_count(const struct history_chain *chain, enum history_direction direction);

#endif
