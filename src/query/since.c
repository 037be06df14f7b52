/* What changed since an older model, by entity of the new one: see since.h. */
#include "icsview/query/since.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "icsview/base/util.h"
#include "icsview/store/store_sql.h"

/* An entity of the new model that changed: its kinds of change, and its
 * changes (indexes into the result's items, in their order: by kind). */
struct since_entry {
	int64_t eid;            /* 0: an empty slot */
	unsigned flags;
	size_t *changes, count, cap;
};
/* Ancestors walked at most: a valid model has no cycle of parents, and the
 * bound keeps a damaged database from looping. */
#define PARENT_WALK_LIMIT 10000

struct since {
	struct store *new_st;
	struct diff_result result;
	struct since_entry *slots;      /* open addressing, a power of two */
	size_t slot_count, changed, removed;
	/* the new model's parents by eid (0: a root), read once: the changes
	 * under a root are counted in memory, within a frame at any size */
	int64_t *parent;
	size_t parent_count;
	bool counted;                   /* count_root's count is known */
	int64_t count_root;
	size_t count_here;
};

static size_t slot_of(const struct since *s, int64_t eid)
{
	uint64_t h = (uint64_t)eid * UINT64_C(0x9E3779B97F4A7C15);
	size_t i = (size_t)(h >> 17) & (s->slot_count - 1);

	while (s->slots[i].eid != 0 && s->slots[i].eid != eid)
		i = (i + 1) & (s->slot_count - 1);
	return i;
}

static void mark(struct since *s, int64_t eid, enum diff_kind kind, size_t index)
{
	struct since_entry *e = &s->slots[slot_of(s, eid)];

	if (e->eid == 0) {
		e->eid = eid;
		s->changed++;
	}
	e->flags |= SINCE_BIT(kind);
	GROW(e->changes, e->cap, e->count + 1);
	e->changes[e->count++] = index;
}

/* The nearest ancestor in the old model of the old entity old_eid that
 * the new model has (by id): where a removed entity is told of.  0: none
 * (it was at the top, or under entities all removed). */
static int parent_kept(struct store *old_st, struct store *new_st, int64_t old_eid,
                             int64_t *found)
{
	struct entity e, kept;
	int64_t at = old_eid;
	int rc;

	*found = 0;
	for (size_t depth = 0; depth < PARENT_WALK_LIMIT; depth++) {
		if (store_entity(old_st, at, &e) != STORE_OK)
			return STORE_ERROR;
		at = e.parent;
		entity_clear(&e);
		if (at == 0 || store_entity(old_st, at, &e) != STORE_OK)
			return at == 0 ? STORE_OK : STORE_ERROR;
		rc = store_entity_by_id(new_st, e.id, &kept);
		entity_clear(&e);
		if (rc == STORE_OK) {
			*found = kept.eid;
			entity_clear(&kept);
			return STORE_OK;
		}
		if (rc != STORE_NOT_FOUND)
			return STORE_ERROR;
	}
	return STORE_OK;
}

static int index_changes(struct since *s, struct store *old_st)
{
	size_t want = 16;

	while (want < 2 * s->result.count + 1)
		want *= 2;
	s->slot_count = want;
	s->slots = xcalloc(want, sizeof(*s->slots));
	for (size_t i = 0; i < s->result.count; i++) {
		const struct diff_change *c = &s->result.items[i];

		int64_t parent;

		if (c->after.eid != 0) {
			mark(s, c->after.eid, c->kind, i);
			continue;
		}
		s->removed++;
		if (parent_kept(old_st, s->new_st, c->before.eid, &parent) != STORE_OK)
			return -1;
		if (parent)
			mark(s, parent, DIFF_REMOVED, i);
	}
	return 0;
}

#define SINCE_TABLE_SQL \
	"CREATE TEMP TABLE IF NOT EXISTS since_changes(eid INTEGER PRIMARY KEY," \
	" flags INTEGER NOT NULL);"

/* temp.since_changes as the hash table is, in one savepoint. */
static int fill_table(struct since *s)
{
	struct sql_stmt *stmt;
	bool ok = true;

	if (store_sql_exec(s->new_st, "SAVEPOINT since_changes;" SINCE_TABLE_SQL
	                              "DELETE FROM temp.since_changes") != 0)
		return -1;
	stmt = store_sql_prepare(s->new_st,
	                         "INSERT INTO temp.since_changes(eid, flags) VALUES (?1, ?2)");
	ok = stmt != NULL;
	for (size_t i = 0; ok && i < s->slot_count; i++) {
		if (s->slots[i].eid == 0)
			continue;
		sql_reset(stmt);
		sql_bind_int64(stmt, 1, s->slots[i].eid);
		sql_bind_int64(stmt, 2, s->slots[i].flags);
		ok = sql_step(stmt) == SQL_DONE;
	}
	sql_free(stmt);
	if (!ok) {
		store_sql_exec(s->new_st, "ROLLBACK TO since_changes; RELEASE since_changes");
		return -1;
	}
	return store_sql_exec(s->new_st, "RELEASE since_changes");
}

static int read_parents(struct since *s)
{
	struct sql_stmt *stmt = store_sql_prepare(s->new_st, "SELECT max(eid) FROM entities");
	enum sql_step rc;
	int64_t max = 0;

	if (!stmt)
		return -1;
	rc = sql_step(stmt);
	if (rc == SQL_ROW)
		max = sql_int64(stmt, 0);
	sql_free(stmt);
	if (rc != SQL_ROW || max < 0)
		return -1;
	s->parent_count = (size_t)max + 1;
	s->parent = xcalloc(s->parent_count, sizeof(*s->parent));
	stmt = store_sql_prepare(s->new_st,
	                         "SELECT eid, parent FROM entities WHERE parent IS NOT NULL");
	if (!stmt)
		return -1;
	while ((rc = sql_step(stmt)) == SQL_ROW) {
		int64_t eid = sql_int64(stmt, 0);

		if (eid > 0 && (size_t)eid < s->parent_count)
			s->parent[eid] = sql_int64(stmt, 1);
	}
	sql_free(stmt);
	return rc == SQL_DONE ? 0 : -1;
}

struct since *since_open(struct store *old_st, struct store *new_st,
                         const struct diff_keeper *keeper, char **error)
{
	struct since *s = xcalloc(1, sizeof(*s));
	struct diff_options opts = { .keeper = keeper };

	s->new_st = new_st;
	if (diff_run(old_st, new_st, &opts, &s->result) != DIFF_OK) {
		*error = xstrdup(s->result.error ? s->result.error : "the models cannot be compared");
		since_close(s, false);
		return NULL;
	}
	if (index_changes(s, old_st) != 0) {
		*error = xstrdup(store_errmsg(old_st));
		since_close(s, false);
		return NULL;
	}
	if (read_parents(s) != 0 || fill_table(s) != 0) {
		*error = xstrdup(store_errmsg(new_st));
		since_close(s, true);
		return NULL;
	}
	return s;
}

void since_close(struct since *s, bool drop)
{
	if (!s)
		return;
	if (drop)
		store_sql_exec(s->new_st, "DROP TABLE IF EXISTS temp.since_changes");
	diff_result_clear(&s->result);
	for (size_t i = 0; s->slots && i < s->slot_count; i++)
		free(s->slots[i].changes);
	free(s->slots);
	free(s->parent);
	free(s);
}

unsigned since_flags(const struct since *s, int64_t eid)
{
	if (!s || eid == 0)
		return 0;
	return s->slots[slot_of(s, eid)].flags;
}

const struct diff_change *since_change(const struct since *s, int64_t eid, enum diff_kind kind)
{
	const struct diff_change *c;

	for (size_t i = 0; (c = since_change_at(s, eid, i)); i++)
		if (c->kind == kind)
			return c;
	return NULL;
}

const struct diff_change *since_change_at(const struct since *s, int64_t eid, size_t i)
{
	const struct since_entry *e;

	if (!s || eid == 0)
		return NULL;
	e = &s->slots[slot_of(s, eid)];
	return e->eid != 0 && i < e->count ? &s->result.items[e->changes[i]] : NULL;
}

size_t since_changed_count(const struct since *s)
{
	return s ? s->changed : 0;
}

size_t since_removed_count(const struct since *s)
{
	return s ? s->removed : 0;
}

const struct diff_result *since_result(const struct since *s)
{
	return &s->result;
}

/* Whether eid is a descendant of root, by the parents read. */
static bool is_under(const struct since *s, int64_t eid, int64_t root)
{
	for (size_t depth = 0; depth < PARENT_WALK_LIMIT; depth++) {
		if (eid <= 0 || (size_t)eid >= s->parent_count)
			return false;
		eid = s->parent[eid];
		if (eid == root)
			return true;
	}
	return false;
}

size_t since_count_under(struct since *s, int64_t root)
{
	size_t n = 0;

	if (root == 0)
		return s->changed;
	if (!s->counted || s->count_root != root) {
		for (size_t i = 0; i < s->slot_count; i++)
			if (s->slots[i].eid != 0 && is_under(s, s->slots[i].eid, root))
				n++;
		s->count_here = n;
		s->count_root = root;
		s->counted = true;
	}
	return s->count_here;
}

bool since_term_parse(const char *word, unsigned *bits)
{
	if (strcasecmp(word, "any") == 0) {
		*bits = SINCE_BIT(DIFF_KIND_COUNT) - 1;
		return true;
	}
	for (int k = 0; k < DIFF_KIND_COUNT; k++)
		if (strcasecmp(word, diff_kind_name((enum diff_kind)k)) == 0) {
			*bits = SINCE_BIT(k);
			return true;
		}
	return false;
}
