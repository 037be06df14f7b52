/* What the governance (governance.c) reads from the store, and no more:
 * the own children of an entity as eids, whether an entity is a body, and
 * the links of the relations drawn, each with its scope.  Under the
 * system with the most bodies at 250,000 entities the walk meets about
 * 15,000 entities and the system has 15,000 links it commissions: read
 * as the tree and the detail read them (every column, every fact and
 * source of a link), they took a quarter of a second.
 *
 * What does not change while a model is open (which entities have
 * children, which are of a body's kind or of a declared kind, and which
 * of the latter are bodies) is kept with the store (store_on_close), read
 * the first time it is asked for: a few milliseconds at 250,000
 * entities, and a byte an entity. */
#ifndef ICSVIEW_GOVERNANCE_READ_H
#define ICSVIEW_GOVERNANCE_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "icsview/store/store.h"

struct eids {
	int64_t *items;
	size_t count, cap;
};
void eids_add(struct eids *l, int64_t eid);

/* The model's relations in the order store_links groups links by (core
 * first, then as declared). */
struct gov_relation {
	int64_t rel_no;
	char *name, *inverse;
};
struct gov_relations {
	struct gov_relation *items;
	size_t count, cap;
};
int gov_relations_read(struct store *st, struct gov_relations *out);
void gov_relations_clear(struct gov_relations *rels);

/* The entity's own children, visible under the store's filter, by eid,
 * appended to `out` (parent 0: the roots); `filtered` is
 * store_filter_active's answer.  0, or -1 when the store failed. */
int gov_children(struct store *st, bool filtered, int64_t parent, struct eids *out);

/* Whether the entity is a body: a board or partnership, or an entity of a
 * kind the model declares that reports, recommends or holds delegated
 * authority.  0, or -1 when the store failed. */
int gov_is_body(struct store *st, int64_t eid, bool *yes);

/* The entity's links in one direction whose relation (rels->items[k])
 * has wanted[k] set, in store_links' order: lid, label, the entity at the
 * other end (other, other_id, other_kind, other_badge, other_name) and,
 * as the only fact, the link's first fact named scope if it has one; no
 * sources and no position.  0, or -1 when the store failed. */
int gov_links(struct store *st, const struct gov_relations *rels, const bool *wanted, int64_t eid,
              enum link_direction direction, struct link_list *out);

#endif
