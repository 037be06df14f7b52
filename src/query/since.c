/* What changed since an older model, by entity of the new one: see since.h. */
#include "icsview/query/since.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "icsview/base/util.h"
#include "icsview/store/store_sql.h"

/* An entity of the new model that changed: its kinds of change, and the
 * change of each kind (an index into the result's items). */
struct since_entry {
	int64_t eid;            /* 0: an empty slot */
	unsigned flags;
	size_t change[DIFF_KIND_COUNT];
};
#define NO_CHANGE ((size_t)-1)

struct since {
	struct store *new_st;
	struct diff_result result;
	struct since_entry *slots;      /* open addressing, a power of two */
	size_t slot_count, changed, removed;
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
		for (size_t k = 0; k < DIFF_KIND_COUNT; k++)
			e->change[k] = NO_CHANGE;
		s->changed++;
	}
	e->flags |= SINCE_BIT(kind);
	e->change[kind] = index;
}

static void index_changes(struct since *s)
{
	size_t want = 16;

	while (want < 2 * s->result.count + 1)
		want *= 2;
	s->slot_count = want;
	s->slots = xcalloc(want, sizeof(*s->slots));
	for (size_t i = 0; i < s->result.count; i++) {
		const struct diff_change *c = &s->result.items[i];

		if (c->after.eid == 0)
			s->removed++;
		else
			mark(s, c->after.eid, c->kind, i);
	}
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

struct since *since_open(struct store *old_st, struct store *new_st, char **error)
{
	struct since *s = xcalloc(1, sizeof(*s));

	s->new_st = new_st;
	if (diff_run(old_st, new_st, NULL, &s->result) != DIFF_OK) {
		*error = xstrdup(s->result.error ? s->result.error : "the models cannot be compared");
		since_close(s, false);
		return NULL;
	}
	index_changes(s);
	if (fill_table(s) != 0) {
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
	free(s->slots);
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
	const struct since_entry *e;

	if (!s || eid == 0 || (unsigned)kind >= DIFF_KIND_COUNT)
		return NULL;
	e = &s->slots[slot_of(s, eid)];
	if (e->eid == 0 || e->change[kind] == NO_CHANGE)
		return NULL;
	return &s->result.items[e->change[kind]];
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

int since_count_under(struct since *s, int64_t root, size_t *count)
{
	/* up from each change to root: a walk as long as the changes are
	 * many times the depth, whatever the size of root's subtree */
	static const char sql[] =
		"WITH RECURSIVE up(eid, p) AS ("
		" SELECT c.eid, e.parent FROM temp.since_changes c JOIN entities e ON e.eid = c.eid"
		" UNION ALL SELECT up.eid, e.parent FROM up JOIN entities e ON e.eid = up.p"
		" WHERE up.p <> ?1)"
		" SELECT count(DISTINCT eid) FROM up WHERE p = ?1";
	struct sql_stmt *stmt;
	enum sql_step rc;

	if (root == 0) {
		*count = s->changed;
		return STORE_OK;
	}
	if (s->counted && s->count_root == root) {
		*count = s->count_here;
		return STORE_OK;
	}
	stmt = store_sql_cached(s->new_st, sql);
	if (!stmt)
		return STORE_ERROR;
	sql_bind_int64(stmt, 1, root);
	rc = sql_step(stmt);
	if (rc == SQL_ROW) {
		s->count_here = (size_t)sql_int64(stmt, 0);
		s->count_root = root;
		s->counted = true;
	}
	store_sql_done(s->new_st, stmt);
	if (rc != SQL_ROW)
		return STORE_ERROR;
	*count = s->count_here;
	return STORE_OK;
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
