/* The model store: an SQLite database built from the YAML by the loader, and
 * the queries that the command line and the interface share.  Nothing here
 * knows about the terminal. */
#ifndef ICSVIEW_STORE_H
#define ICSVIEW_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "icsview/base/model_files.h"

#define STORE_SCHEMA_VERSION 15

enum store_status {
	STORE_OK = 0,
	STORE_NOT_FOUND = 1,
	STORE_ERROR = -1,
};

/* Owners of citations (sources) in the citations table. */
enum citation_owner {
	CITE_ENTITY = 0,
	CITE_LINK = 1,
	CITE_FACT = 2,
	CITE_FILE = 3,   /* a file's default source */
};

struct store;

/* Opens a model database built by the loader, read-only.  On failure returns
 * NULL and sets *error (caller frees). */
struct store *store_open(const char *path, char **error);
void store_close(struct store *st);
/* SQLite's last error, escaped as out_text escapes text (output.h): it may
 * quote the database.  Valid until the next call or store_close(). */
const char *store_errmsg(struct store *st);
/* Whether the database was found damaged (SQLITE_CORRUPT or SQLITE_NOTADB):
 * by the last call, or by any call whose error store_errmsg() reported. */
bool store_damaged(const struct store *st);
/* The search index, `<database>-search`: built after the database, on a
 * thread of its own (store_search_build), while the database is browsed,
 * or started by the database's build beside its indexes and taken over
 * (store_search_adopt).  A half-built index is never used (search_build.c). */
enum store_search_state {
	STORE_SEARCH_ABSENT,        /* not there, and not being built here */
	STORE_SEARCH_BUILDING,      /* being built (store_search_permille) */
	STORE_SEARCH_READY,         /* attached: search works */
	STORE_SEARCH_ABANDONED,     /* its build failed (store_search_problem says why) */
};
/* Whether the search index is attached; when it was not, tries again (an
 * index another process built, or this store's build just finished). */
bool store_search_ready(struct store *st);
/* The state now, after the same check: never blocks. */
enum store_search_state store_search_state(struct store *st);
/* Starts building the search index when it is not ready and not being
 * built (again after an abandoned build): 0, or -1 with
 * store_search_problem set. */
int store_search_build(struct store *st);
/* Takes over the search index's build that the database's build started
 * (build_progress.h: search_next), if any, as this store's build (as if by
 * store_search_build); with st NULL, or when st needs none, that build is
 * stopped and its files removed. */
struct build_progress;
void store_search_adopt(struct store *st, struct build_progress *progress);
/* How far the build has gone, in thousandths (1000 when ready). */
unsigned store_search_permille(struct store *st);
/* Waits until the build under way is over: the state then. */
enum store_search_state store_search_wait(struct store *st);
/* Why the last build was abandoned; NULL when it was not.  Valid until the
 * next call on st. */
const char *store_search_problem(const struct store *st);
/* Whether the database was built from exactly these files: the same files
 * in the same order (by the path given, or by their real path: one named
 * relative then absolute, or through a linked directory), with the same
 * sizes and modification times.  A database that cannot be read was not.
 * When the paths given differ from those of the build, the store shows the
 * paths given from then on (an entity's file, a link's). */
bool store_built_from(struct store *st, const struct model_files *files);
/* The file the store was opened from (as given to store_open). */
const char *store_path(const struct store *st);
/* The id of the build that wrote the database (a random 64-bit number in
 * hex, new at every build: two databases built from the same files have
 * different ones): 0 with *out (caller frees), or -1 (store_errmsg). */
int store_build_id(struct store *st, char **out);

/* One read transaction over several queries: one snapshot of the model,
 * and its lock taken once rather than by each query.  STORE_OK or
 * STORE_ERROR (store_errmsg says why), for each. */
int store_snapshot_begin(struct store *st);
int store_snapshot_end(struct store *st);

struct store_counts {
	int64_t entities, links, sources, files;
};
int store_count(struct store *st, struct store_counts *out);

struct entity {
	int64_t eid;            /* row id: load order, which is display order */
	char *id, *kind, *badge, *name, *type, *text;
	int64_t parent;         /* 0 for a root */
	int64_t n_children;     /* own children */
	int64_t n_linked;       /* secondary children (entities that serve it, …) */
	char *file;             /* where it is defined */
	unsigned line, col;
};
int store_entity(struct store *st, int64_t eid, struct entity *out);
/* By id; failing that, by an exact aka (a code such as RHQ). */
int store_entity_by_id(struct store *st, const char *id, struct entity *out);
void entity_clear(struct entity *e);

/* Where an entity stands on the model's day, as its tree row shows it
 * and the detail pane says it (the numbers are those
 * STORE_CHILD_STATUS_COLUMNS gives). */
enum entity_state {
	ENTITY_OPEN = 0,        /* none of the below */
	ENTITY_CLOSED = 1,      /* a fact named closed or legally_closed, unless its
	                           status is closing */
	ENTITY_NOT_YET_OPEN = 2,        /* a status fact "not yet open" */
	ENTITY_CLOSING = 3,     /* a status fact "closing": open, its closing date to come */
};
/* The state of one entity, by the same rule as its tree row's. */
int store_entity_state(struct store *st, int64_t eid, enum entity_state *out);

struct child {
	int64_t eid;
	char *id, *kind, *badge, *name;
	char *type;             /* NULL: none */
	enum entity_state state;
	int64_t n_children;     /* own plus secondary children */
	bool secondary;         /* shown here through a link, its parent is elsewhere */
	bool matched;           /* matches the filter (false: shown as an ancestor of a
	                           match); true when no filter is applied */
};
struct child_list {
	struct child *items;
	size_t count, cap;
};
/* Children in display order: own children by load order, then secondary
 * ones.  parent 0 lists the roots.  At most `limit` from `offset`. */
int store_children(struct store *st, int64_t parent, size_t offset, size_t limit,
                   struct child_list *out);
void child_list_clear(struct child_list *list);

struct eid_list {
	int64_t *items;
	size_t count, cap;
};
/* The entity's ancestors, root first, the entity itself last. */
int store_parent_chain(struct store *st, int64_t eid, struct eid_list *out);
void eid_list_clear(struct eid_list *list);

struct source_ref {
	int64_t eid;
	char *id, *name;
};
struct source_list {
	struct source_ref *items;
	size_t count, cap;
	bool inherited;         /* entity sources: from the file's default */
};
void source_list_clear(struct source_list *list);

struct fact {
	char *key, *value, *note;
	char *reason;            /* an inferred value's reason; NULL: stated */
	struct source_list sources;
};
struct fact_list {
	struct fact *items;
	size_t count, cap;
};
int store_facts(struct store *st, int64_t eid, struct fact_list *out);
void fact_list_clear(struct fact_list *list);

struct string_list {
	char **items;
	size_t count, cap;
};
int store_aka(struct store *st, int64_t eid, struct string_list *out);
void string_list_clear(struct string_list *list);

/* The effective sources of an entity: its own, else its file's default. */
int store_sources(struct store *st, int64_t eid, struct source_list *out);

enum link_direction {
	LINKS_OUT,              /* links this entity makes: grouped by relation */
	LINKS_IN,               /* backlinks: grouped by inverse relation */
};
struct link_fact {
	char *key, *value;
};
struct link_item {
	int64_t lid;
	char *label;            /* relation name, or its inverse for backlinks */
	int64_t other;          /* the entity at the other end */
	char *other_id, *other_kind, *other_badge, *other_name;
	struct link_fact *facts;
	size_t fact_count;
	struct source_list sources;
	char *file;
	unsigned line, col;
};
struct link_list {
	struct link_item *items;
	size_t count, cap;
};
/* Every link, in groups: by relation in the vocabulary's order, then in
 * load order (lid) within a relation.  The command line's `show` and
 * `export`; the interface reads a page at a time (below). */
int store_links(struct store *st, int64_t eid, enum link_direction direction,
                struct link_list *out);
void link_list_clear(struct link_list *list);

/* The same links a group and a page at a time, so that an entity with
 * thousands of them costs no more to show than one with a few. */
struct link_group {
	char *rel;              /* the relation */
	char *label;            /* its name, or its inverse for backlinks */
};
struct link_group_list {
	struct link_group *items;
	size_t count, cap;
};
/* The relations the entity has links of in this direction, in
 * store_links' order (not counted: each is one index probe). */
int store_link_groups(struct store *st, int64_t eid, enum link_direction direction,
                      struct link_group_list *out);
void link_group_list_clear(struct link_group_list *list);
/* Appends at most `limit` links of relation `rel`, those after the link
 * `after_lid` (0: from the first), in store_links' order. */
int store_links_page(struct store *st, int64_t eid, enum link_direction direction,
                     const char *rel, int64_t after_lid, size_t limit, struct link_list *out);
/* How many links of relation `rel` come after the link `after_lid`
 * (an index range counted: cost grows with the answer). */
int store_links_count_after(struct store *st, int64_t eid, enum link_direction direction,
                            const char *rel, int64_t after_lid, int64_t *count);

/* The model's relations, each by its name and its inverse name, in byte
 * order of name. */
struct relation_name {
	char *name, *inverse;
};
struct relation_list {
	struct relation_name *items;
	size_t count, cap;
};
int store_relations(struct store *st, struct relation_list *out);
void relation_list_clear(struct relation_list *list);

/* Looking an entity up by what a user types (store_lookup.c), step by
 * step; the command line and the interface use resolve_text (resolve.h),
 * which also lists a current and a historical body of one name. */
enum lookup_step {
	LOOKUP_NONE = 0,        /* nothing matched */
	LOOKUP_ID,              /* the exact id */
	LOOKUP_CODE,            /* an aka or code, or the id, ignoring case */
	LOOKUP_NAME,            /* the whole name, ignoring case */
	LOOKUP_NAME_PART,       /* names containing the text, ignoring case */
};
struct entity_match {
	int64_t eid;
	char *id, *kind, *name;
};
struct match_list {
	struct entity_match *items;
	size_t count, cap;
	size_t total;           /* matches found, of which at most `limit` are listed */
	enum lookup_step step;  /* the step that found them */
};
/* Tries each step in the order of enum lookup_step and stops at the first
 * that finds anything: one match is the entity, several are candidates (in
 * load order).  Case is folded for ASCII letters only.  Returns STORE_OK,
 * STORE_NOT_FOUND or STORE_ERROR. */
int store_lookup(struct store *st, const char *text, size_t limit, struct match_list *out);
void match_list_clear(struct match_list *list);

/* Children a page at a time without OFFSET, for walks over very long lists
 * of siblings (the tree with no filter applied, store_filtered.c): the same
 * children in the same order as store_children, the page starting after
 * the child `after` (a zeroed struct child for the first page). */
int store_children_after(struct store *st, int64_t parent, const struct child *after,
                         size_t limit, struct child_list *out);

#endif
