/* References between entities, resolved while the model is read.
 *
 * Every stored entity's id goes into a map (id -> the smallest row id with
 * that id, as a lookup in SQL would find), so that most references (a
 * parent, a link's target, a cited source) become row ids before their row
 * is written: no text id is stored twice and no pass over the tables is
 * needed afterwards.  A reference that cannot be resolved yet (its target
 * comes later, or an entity still open could still take its id) is written
 * unresolved and kept here, with what is needed to resolve or report it
 * once every file is read.  The model checks that need the whole graph
 * (cycles, counts of children) run on the arrays kept here, not on SQL. */
#ifndef ICSVIEW_LOAD_REFS_H
#define ICSVIEW_LOAD_REFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "icsview/store/store.h"
#include "icsview/base/strmap.h"

/* The largest row id the maps and arrays hold. */
#define REFS_MAX_EID INT32_MAX

struct deferred_parent {
	int64_t eid;
	uint32_t id;            /* offset of the parent's id in the pool */
	int file_no;
	unsigned line, col;
};

struct deferred_link {
	int64_t lid, src;
	uint32_t rel, to;       /* offsets in the pool: the relation as written, the target */
	int file_no;
	unsigned to_line, to_col;
};

struct deferred_citation {
	int64_t owner;
	int owner_type, ord;
	uint32_t source;        /* offset of the source's id in the pool */
	int file_no;
	unsigned line, col;
};

/* A reports_to link, for the search for cycles: the position of its `to`. */
struct ref_edge {
	int32_t src, dst;
	uint32_t lid;           /* for the order of the search */
	int32_t file_no;
	uint32_t line, col;
};

/* A link of a secondary relation (src is also shown under dst). */
struct ref_pair {
	int32_t src, dst;
};

enum ref_flags {
	REF_SOURCE = 1,         /* of kind source */
	REF_STORED = 2,         /* a valid entity, in the database */
};

struct load_refs {
	struct strmap ids;      /* id -> smallest eid */
	bool duplicate_ids;     /* some id is defined twice */
	bool cites_non_source;  /* some citation names an entity that is not a source */
	int64_t *parent;        /* by eid: the parent's eid (nested or resolved), 0 for none */
	unsigned char *flags;   /* by eid: enum ref_flags */
	size_t cap;             /* eids 0 .. cap-1 have room */
	int64_t max_eid;
	char *pool;             /* ids and names of unresolved references */
	size_t pool_len, pool_cap;
	struct deferred_parent *parents;
	size_t parent_count, parent_cap;
	struct deferred_link *links;
	size_t link_count, link_cap;
	struct deferred_citation *citations;
	size_t citation_count, citation_cap;
	struct ref_edge *reports;
	size_t report_count, report_cap;
	struct ref_pair *secondary;
	size_t secondary_count, secondary_cap;
};

void refs_init(struct load_refs *r);
void refs_free(struct load_refs *r);
/* Makes room for eid in the arrays. */
void refs_reserve(struct load_refs *r, int64_t eid);
/* An entity has been stored: its id resolves to it from now on (unless an
 * entity with a smaller row id has the same id). */
void refs_stored(struct load_refs *r, const char *id, int64_t eid, int64_t parent, bool source);
/* The row id the id resolves to now, or 0. */
int64_t refs_lookup(const struct load_refs *r, const char *id);
/* Copies a string into the pool; returns its offset. */
uint32_t refs_keep(struct load_refs *r, const char *s);
const char *refs_string(const struct load_refs *r, uint32_t offset);

#endif
