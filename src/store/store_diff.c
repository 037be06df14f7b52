/* Comparing two models (store_diff.h).  Each model is read a table at a
 * time in its stored order (entities, facts, links, link facts, sources:
 * sequential scans, no sorting, no join between the two databases), into
 * arrays by eid of what an entity is (its id, a digest of its name, kind
 * and type, its parent) and digests of its facts, links and sources; the
 * entities are then matched by id through a hash table and compared.  A
 * join of the two databases in SQL would sort or probe an index for each
 * of a million facts and links; this reads each row once.  The two models
 * are read at the same time, the old on a thread of its own: each store's
 * connection is used by one thread only. */
#include "icsview/store/store_diff.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "icsview/base/util.h"
#include "store_private.h"

/* A digest of one model. */
struct side {
	struct store *st;
	int64_t max_eid;        /* arrays below are indexed by eid, 0 to max_eid */
	char **ids;
	uint64_t *id_h, *name_h, *kind_h, *type_h, *facts_h, *links_h, *sources_h;
	int64_t *parent, *file_no;
	bool *own_sources;
	uint64_t *lid_facts_h;  /* by lid, 0 to max_lid: a link's facts */
	int64_t max_lid;
	uint64_t *file_sources_h;   /* by file_no: the file's default sources */
	int64_t max_file;
	int64_t successor_rel;      /* successor_of's rel_no (-1: none) */
	struct successor { int64_t src, lid, dst; } *successors;   /* its links, by src, lid */
	size_t successor_count, successor_cap;
};

static uint64_t mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

/* FNV-1a, finished with a mixer; never 0, which stands for NULL. */
static uint64_t hash_bytes(const unsigned char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (size_t i = 0; i < n; i++) {
		h ^= s[i];
		h *= 0x100000001b3ULL;
	}
	h = mix64(h + n);
	return h ? h : 1;
}

static uint64_t hash_column(sqlite3_stmt *stmt, int column)
{
	const unsigned char *text = sqlite3_column_text(stmt, column);

	if (!text)
		return 0;
	return hash_bytes(text, (size_t)sqlite3_column_bytes(stmt, column));
}

/* An ordered combination: combine(combine(0, a), b) differs from b, a. */
static uint64_t combine(uint64_t h, uint64_t x)
{
	return mix64(h ^ (x + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2)));
}

static int64_t scalar(struct store *st, const char *sql)
{
	sqlite3_stmt *stmt = store_prepare(st->db, sql);
	int64_t value = -1;

	if (stmt && sqlite3_step(stmt) == SQLITE_ROW)
		value = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return value;
}

/* Runs sql, calling row() for each row; 0 or -1. */
typedef void row_fn(struct side *s, sqlite3_stmt *stmt, void *ctx);
static int each_row(struct side *s, const char *sql, row_fn *row, void *ctx)
{
	sqlite3_stmt *stmt = store_prepare(s->st->db, sql);
	int rc;

	if (!stmt)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		row(s, stmt, ctx);
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* The digests of a table of names (kinds, types, relations, fact keys) by
 * their number. */
struct names {
	uint64_t *h;
	int64_t max;
};

static void name_row(struct side *s, sqlite3_stmt *stmt, void *ctx)
{
	struct names *n = ctx;
	int64_t no = sqlite3_column_int64(stmt, 0);

	(void)s;
	if (no >= 0 && no <= n->max)
		n->h[no] = hash_column(stmt, 1);
}

static int read_names(struct side *s, const char *max_sql, const char *sql, struct names *n)
{
	n->max = scalar(s->st, max_sql);
	if (n->max < 0)
		return -1;
	n->h = xcalloc((size_t)n->max + 1, sizeof(*n->h));
	return each_row(s, sql, name_row, n);
}

static uint64_t name_of(const struct names *n, int64_t no)
{
	return no >= 0 && no <= n->max ? n->h[no] : 0;
}

static bool valid_eid(const struct side *s, int64_t eid)
{
	return eid > 0 && eid <= s->max_eid;
}

struct entity_ctx {
	struct names kinds, types;
};

static void entity_row(struct side *s, sqlite3_stmt *stmt, void *ctx)
{
	const struct entity_ctx *c = ctx;
	int64_t eid = sqlite3_column_int64(stmt, 0);

	if (!valid_eid(s, eid))
		return;
	s->ids[eid] = column_strdup_empty(stmt, 1);
	s->id_h[eid] = hash_column(stmt, 1);
	s->name_h[eid] = hash_column(stmt, 2);
	s->kind_h[eid] = name_of(&c->kinds, sqlite3_column_int64(stmt, 3));
	s->type_h[eid] = sqlite3_column_type(stmt, 4) == SQLITE_NULL ?
	                 0 : name_of(&c->types, sqlite3_column_int64(stmt, 4));
	s->parent[eid] = sqlite3_column_int64(stmt, 5);
	s->file_no[eid] = sqlite3_column_int64(stmt, 6);
}

static void alloc_side(struct side *s)
{
	size_t n = (size_t)s->max_eid + 1;

	s->ids = xcalloc(n, sizeof(*s->ids));
	s->id_h = xcalloc(n, sizeof(*s->id_h));
	s->name_h = xcalloc(n, sizeof(*s->name_h));
	s->kind_h = xcalloc(n, sizeof(*s->kind_h));
	s->type_h = xcalloc(n, sizeof(*s->type_h));
	s->facts_h = xcalloc(n, sizeof(*s->facts_h));
	s->links_h = xcalloc(n, sizeof(*s->links_h));
	s->sources_h = xcalloc(n, sizeof(*s->sources_h));
	s->parent = xcalloc(n, sizeof(*s->parent));
	s->file_no = xcalloc(n, sizeof(*s->file_no));
	s->own_sources = xcalloc(n, sizeof(*s->own_sources));
}

static int read_entities(struct side *s)
{
	struct entity_ctx c = { 0 };
	int rc;

	s->max_eid = scalar(s->st, "SELECT coalesce(max(eid), 0) FROM entities");
	if (s->max_eid < 0)
		return -1;
	alloc_side(s);
	rc = read_names(s, "SELECT coalesce(max(kind_no), 0) FROM kinds",
	                "SELECT kind_no, name FROM kinds", &c.kinds);
	if (rc == 0)
		rc = read_names(s, "SELECT coalesce(max(type_no), 0) FROM types",
		                "SELECT type_no, name FROM types", &c.types);
	if (rc == 0)
		rc = each_row(s, "SELECT eid, id, name, kind_no, type_no, coalesce(parent, 0), file_no"
		              " FROM entities", entity_row, &c);
	free(c.kinds.h);
	free(c.types.h);
	return rc;
}

/* Facts: the sum of each value's digest with its key's, so that order
 * does not count and a value given twice does. */
static void fact_row(struct side *s, sqlite3_stmt *stmt, void *ctx)
{
	const struct names *keys = ctx;
	int64_t eid = sqlite3_column_int64(stmt, 0);

	if (valid_eid(s, eid))
		s->facts_h[eid] += combine(name_of(keys, sqlite3_column_int64(stmt, 1)),
		                           hash_column(stmt, 2));
}

static int read_facts(struct side *s)
{
	struct names keys = { 0 };
	int rc = read_names(s, "SELECT coalesce(max(key_no), 0) FROM fact_keys",
	                    "SELECT key_no, name FROM fact_keys", &keys);

	if (rc == 0)
		rc = each_row(s, "SELECT eid, key_no, value FROM facts", fact_row, &keys);
	free(keys.h);
	return rc;
}

/* A link's facts, in order. */
static void link_fact_row(struct side *s, sqlite3_stmt *stmt, void *ctx)
{
	int64_t lid = sqlite3_column_int64(stmt, 0);

	(void)ctx;
	if (lid >= 0 && lid <= s->max_lid)
		s->lid_facts_h[lid] = combine(s->lid_facts_h[lid],
		                              combine(hash_column(stmt, 1), hash_column(stmt, 2)));
}

/* Links: the sum over the links an entity makes of its relation, its
 * target's id and its facts. */
static void link_row(struct side *s, sqlite3_stmt *stmt, void *ctx)
{
	const struct names *rels = ctx;
	int64_t src = sqlite3_column_int64(stmt, 0), dst = sqlite3_column_int64(stmt, 2);
	int64_t lid = sqlite3_column_int64(stmt, 3);
	uint64_t h;

	if (!valid_eid(s, src))
		return;
	h = combine(name_of(rels, sqlite3_column_int64(stmt, 1)), valid_eid(s, dst) ? s->id_h[dst] : 0);
	h = combine(h, lid >= 0 && lid <= s->max_lid ? s->lid_facts_h[lid] : 0);
	s->links_h[src] += h;
	if (sqlite3_column_int64(stmt, 1) == s->successor_rel) {
		GROW(s->successors, s->successor_cap, s->successor_count + 1);
		s->successors[s->successor_count++] = (struct successor){ src, lid, dst };
	}
}

static int cmp_successor(const void *a, const void *b)
{
	const struct successor *x = a, *y = b;

	if (x->src != y->src)
		return x->src < y->src ? -1 : 1;
	return x->lid < y->lid ? -1 : x->lid > y->lid;
}

static int read_links(struct side *s)
{
	struct names rels = { 0 };
	int rc;

	s->max_lid = scalar(s->st, "SELECT coalesce(max(lid), 0) FROM links");
	if (s->max_lid < 0)
		return -1;
	s->successor_rel = scalar(s->st, "SELECT coalesce((SELECT rel_no FROM relations"
	                          " WHERE name = 'successor_of'), -1)");
	s->lid_facts_h = xcalloc((size_t)s->max_lid + 1, sizeof(*s->lid_facts_h));
	rc = each_row(s, "SELECT lid, key, value FROM link_facts", link_fact_row, NULL);
	if (rc == 0)
		rc = read_names(s, "SELECT coalesce(max(rel_no), 0) FROM relations",
		                "SELECT rel_no, name FROM relations", &rels);
	/* in whatever order SQLite reads them best (a covering index may be
	 * smaller than the table): the digests are sums */
	if (rc == 0)
		rc = each_row(s, "SELECT src, rel_no, dst, lid FROM links", link_row, &rels);
	free(rels.h);
	if (s->successor_count > 1)
		qsort(s->successors, s->successor_count, sizeof(*s->successors), cmp_successor);
	return rc;
}

/* Sources: an entity's own, else its file's default (as store_sources
 * reads them), as the sum of their ids' digests. */
static void source_row(struct side *s, sqlite3_stmt *stmt, void *ctx)
{
	int owner_type = sqlite3_column_int(stmt, 0);
	int64_t owner = sqlite3_column_int64(stmt, 1);
	uint64_t h = hash_column(stmt, 2);

	(void)ctx;
	if (owner_type == CITE_ENTITY && valid_eid(s, owner)) {
		s->sources_h[owner] += h;
		s->own_sources[owner] = true;
	} else if (owner_type == CITE_FILE && owner >= 0 && owner <= s->max_file) {
		s->file_sources_h[owner] += h;
	}
}

static int read_sources(struct side *s)
{
	sqlite3_stmt *stmt;
	int rc;

	s->max_file = scalar(s->st, "SELECT coalesce(max(file_no), 0) FROM files");
	if (s->max_file < 0)
		return -1;
	s->file_sources_h = xcalloc((size_t)s->max_file + 1, sizeof(*s->file_sources_h));
	stmt = store_prepare(s->st->db, "SELECT owner_type, owner, source_id FROM citations"
	                     " WHERE owner_type IN (?1, ?2)");
	if (!stmt)
		return -1;
	sqlite3_bind_int(stmt, 1, CITE_ENTITY);
	sqlite3_bind_int(stmt, 2, CITE_FILE);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		source_row(s, stmt, NULL);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return -1;
	for (int64_t eid = 1; eid <= s->max_eid; eid++) {
		int64_t f = s->file_no[eid];

		if (!s->own_sources[eid] && f >= 0 && f <= s->max_file)
			s->sources_h[eid] = s->file_sources_h[f];
	}
	return 0;
}

static int read_side(struct side *s)
{
	if (store_snapshot_begin(s->st) != STORE_OK)
		return -1;
	if (read_entities(s) != 0 || read_facts(s) != 0 || read_links(s) != 0 ||
	    read_sources(s) != 0) {
		store_snapshot_end(s->st);
		return -1;
	}
	return store_snapshot_end(s->st) == STORE_OK ? 0 : -1;
}

static void free_side(struct side *s)
{
	if (s->ids)
		for (int64_t eid = 0; eid <= s->max_eid; eid++)
			free(s->ids[eid]);
	free(s->ids);
	free(s->id_h);
	free(s->name_h);
	free(s->kind_h);
	free(s->type_h);
	free(s->facts_h);
	free(s->links_h);
	free(s->sources_h);
	free(s->parent);
	free(s->file_no);
	free(s->own_sources);
	free(s->lid_facts_h);
	free(s->file_sources_h);
	free(s->successors);
}

/* The new model's entities by id: open addressing over eids. */
struct id_table {
	int64_t *slots;         /* 0: empty */
	size_t mask;
};

static void id_table_build(struct id_table *t, const struct side *s)
{
	size_t cap = 16;

	while (cap < (size_t)s->max_eid * 2)
		cap *= 2;
	t->slots = xcalloc(cap, sizeof(*t->slots));
	t->mask = cap - 1;
	for (int64_t eid = 1; eid <= s->max_eid; eid++) {
		size_t i;

		if (!s->ids[eid])
			continue;
		for (i = s->id_h[eid] & t->mask; t->slots[i]; i = (i + 1) & t->mask)
			;
		t->slots[i] = eid;
	}
}

static int64_t id_table_find(const struct id_table *t, const struct side *s, const char *id,
                             uint64_t h)
{
	for (size_t i = h & t->mask; t->slots[i]; i = (i + 1) & t->mask) {
		int64_t eid = t->slots[i];

		if (s->id_h[eid] == h && strcmp(s->ids[eid], id) == 0)
			return eid;
	}
	return 0;
}

static void add_item(struct store_diff *out, int64_t old_eid, int64_t new_eid, unsigned flags,
                     bool replaced)
{
	GROW(out->items, out->cap, out->count + 1);
	out->items[out->count++] = (struct store_diff_item){ old_eid, new_eid, flags, replaced };
}

/* The old parent of oe as an eid of the new model: 0 for none (the top),
 * -1 for one the new model does not have (moved, even if to the top). */
static int64_t old_parent_in_new(const struct side *o, const int64_t *to_new, int64_t oe)
{
	int64_t op = o->parent[oe];

	if (!op)
		return 0;
	return valid_eid(o, op) && to_new[op] ? to_new[op] : -1;
}

static unsigned differences(const struct side *o, const struct side *n, const int64_t *to_new,
                            int64_t oe, int64_t ne)
{
	unsigned flags = 0;

	if (o->name_h[oe] != n->name_h[ne])
		flags |= STORE_DIFF_RENAMED;
	if (old_parent_in_new(o, to_new, oe) != n->parent[ne])
		flags |= STORE_DIFF_MOVED;
	if (o->kind_h[oe] != n->kind_h[ne])
		flags |= STORE_DIFF_KIND;
	if (o->type_h[oe] != n->type_h[ne])
		flags |= STORE_DIFF_TYPE;
	if (o->facts_h[oe] != n->facts_h[ne])
		flags |= STORE_DIFF_FACTS;
	if (o->links_h[oe] != n->links_h[ne])
		flags |= STORE_DIFF_LINKS;
	if (o->sources_h[oe] != n->sources_h[ne])
		flags |= STORE_DIFF_SOURCES;
	return flags;
}

/* The entities of a model that already have a successor in it (the
 * history it records): one of these is not replaced again when the newer
 * model points its record at a new successor. */
static bool *succeeded_in(const struct side *s)
{
	bool *succeeded = xcalloc((size_t)s->max_eid + 1, sizeof(*succeeded));

	for (size_t i = 0; i < s->successor_count; i++)
		if (valid_eid(s, s->successors[i].dst))
			succeeded[s->successors[i].dst] = true;
	return succeeded;
}

/* The new model's successor_of links (read with its links, sorted by
 * successor and their order) from an entity not in the old model to one
 * that is, and that was current there (no successor yet): each a
 * replacement. */
static void add_replacements(const struct side *o, const struct side *n, const int64_t *to_old,
                             struct store_diff *out, bool *replaced)
{
	bool *succeeded = succeeded_in(o);

	for (size_t i = 0; i < n->successor_count; i++) {
		int64_t src = n->successors[i].src, dst = n->successors[i].dst;

		if (!valid_eid(n, src) || !valid_eid(n, dst) || to_old[src] || !to_old[dst] ||
		    succeeded[to_old[dst]])
			continue;
		add_item(out, to_old[dst], src, 0, true);
		replaced[src] = true;
	}
	free(succeeded);
}

static void compare(const struct side *o, const struct side *n, struct store_diff *out)
{
	struct id_table t;
	int64_t *to_new = xcalloc((size_t)o->max_eid + 1, sizeof(*to_new));
	int64_t *to_old = xcalloc((size_t)n->max_eid + 1, sizeof(*to_old));
	bool *replaced = xcalloc((size_t)n->max_eid + 1, sizeof(*replaced));

	id_table_build(&t, n);
	for (int64_t oe = 1; oe <= o->max_eid; oe++) {
		int64_t ne = o->ids[oe] ? id_table_find(&t, n, o->ids[oe], o->id_h[oe]) : 0;

		to_new[oe] = ne;
		if (ne)
			to_old[ne] = oe;
	}
	add_replacements(o, n, to_old, out, replaced);
	for (int64_t ne = 1; ne <= n->max_eid; ne++) {
		unsigned flags;

		if (!n->ids[ne] || replaced[ne])
			continue;
		if (!to_old[ne]) {
			add_item(out, 0, ne, 0, false);
			continue;
		}
		flags = differences(o, n, to_new, to_old[ne], ne);
		if (flags)
			add_item(out, to_old[ne], ne, flags, false);
	}
	for (int64_t oe = 1; oe <= o->max_eid; oe++)
		if (o->ids[oe] && !to_new[oe])
			add_item(out, oe, 0, 0, false);
	free(t.slots);
	free(to_new);
	free(to_old);
	free(replaced);
}

struct side_job {
	struct side *side;
	int rc;
};

static void *read_side_thread(void *arg)
{
	struct side_job *job = arg;

	job->rc = read_side(job->side);
	return NULL;
}

/* Both sides read, the old on another thread when one can be started. */
static struct store *read_sides(struct side *o, struct side *n)
{
	struct side_job job = { o, -1 };
	pthread_t thread;
	bool threaded = pthread_create(&thread, NULL, read_side_thread, &job) == 0;
	int new_rc = read_side(n);

	if (threaded)
		pthread_join(thread, NULL);
	else
		read_side_thread(&job);
	if (job.rc != 0)
		return o->st;
	return new_rc != 0 ? n->st : NULL;
}

int store_diff_compare(struct store *old_st, struct store *new_st, struct store_diff *out)
{
	struct side o = { .st = old_st }, n = { .st = new_st };
	int rc = STORE_OK;

	if (old_st == new_st)   /* one connection: one thread at a time */
		out->failed = read_side(&o) != 0 ? old_st : read_side(&n) != 0 ? new_st : NULL;
	else
		out->failed = read_sides(&o, &n);
	if (!out->failed)
		compare(&o, &n, out);
	if (out->failed)
		rc = STORE_ERROR;
	free_side(&o);
	free_side(&n);
	return rc;
}

void store_diff_clear(struct store_diff *d)
{
	if (!d)
		return;
	free(d->items);
	memset(d, 0, sizeof(*d));
}
