#include "store_index.h"

#include <stdint.h>
#include <stdlib.h>
#include "icsview/base/util.h"
#include "store_private.h"

/* entities_by_id ignores case: it finds a code that is an entity's id as
 * aka_by_value finds the others (see store.c); an exact id is looked up
 * with "id = ?1 COLLATE NOCASE AND id = ?1" (the CREATE is shared with
 * store_check.c, which makes it first).
 * An index of the entities ends with their row id (eid) already: naming
 * eid as a column would store it twice, so entities_by_parent and
 * entities_by_kind serve "parent = ? AND eid > ? ORDER BY eid" as a range
 * without it.  entities_by_name covers what a search lists of a hit (see
 * search.c): the hits of a name prefix are scattered across the table, and
 * reading their rows was most of the time of a short search the first time
 * it is typed; eid follows the name so that names that tie come in load
 * order. */
static const char index_sql[] =
	"CREATE INDEX IF NOT EXISTS entities_by_id ON entities(id COLLATE NOCASE);"
	"CREATE INDEX entities_by_parent ON entities(parent);"
	"CREATE INDEX links_by_dst ON links(dst, rel_no, lid);"
	"CREATE INDEX facts_by_key ON facts(key_no, num);"
	"CREATE INDEX aka_by_value ON aka(value COLLATE NOCASE);"
	"CREATE INDEX entities_by_name ON entities(name COLLATE NOCASE, eid, kind_no, id, parent);"
	"CREATE INDEX entities_by_kind ON entities(kind_no);"
	"CREATE INDEX citations_by_source ON citations(source);"
	"INSERT INTO meta(key, value) VALUES('format', '1');";

/* Every entity's parent and type key (store.c: type_counts), by eid. */
struct tree_types {
	int64_t *parent;
	int64_t *key;
	size_t nodes;           /* the largest eid, plus one */
};

static int read_tree_types(sqlite3 *db, struct tree_types *tt)
{
	sqlite3_stmt *max = store_prepare(db, "SELECT coalesce(max(eid), 0) FROM entities");
	sqlite3_stmt *rows = store_prepare(db, "SELECT eid, coalesce(parent, 0),"
	                                       " coalesce(type_no, -kind_no) FROM entities");
	int rc = -1;

	if (max && rows && sqlite3_step(max) == SQLITE_ROW) {
		tt->nodes = (size_t)sqlite3_column_int64(max, 0) + 1;
		tt->parent = xcalloc(tt->nodes, sizeof(*tt->parent));
		tt->key = xcalloc(tt->nodes, sizeof(*tt->key));
		while ((rc = sqlite3_step(rows)) == SQLITE_ROW) {
			int64_t eid = sqlite3_column_int64(rows, 0);

			if (eid > 0 && (size_t)eid < tt->nodes) {
				tt->parent[eid] = sqlite3_column_int64(rows, 1);
				tt->key[eid] = sqlite3_column_int64(rows, 2);
			}
		}
		rc = rc == SQLITE_DONE ? 0 : -1;
	}
	sqlite3_finalize(max);
	sqlite3_finalize(rows);
	return rc;
}

/* The count of one type under one ancestor: the table's rows, gathered in
 * a hash table by (ancestor, type key) as the entities are walked, so
 * that memory grows with the rows (about 21,000 at 250,000 entities), not
 * with the entities times their depth. */
struct ancestor_type {
	int64_t ancestor, key, n;      /* ancestor 0: a free slot */
};

struct type_tally {
	struct ancestor_type *slots;
	size_t count, cap;      /* cap a power of two */
};

static size_t tally_slot(const struct type_tally *t, int64_t ancestor, int64_t key)
{
	uint64_t h = (uint64_t)ancestor * 0x9E3779B97F4A7C15u ^ (uint64_t)key * 0xC2B2AE3D27D4EB4Fu;
	size_t i = (size_t)(h >> 17) & (t->cap - 1);

	while (t->slots[i].ancestor &&
	       (t->slots[i].ancestor != ancestor || t->slots[i].key != key))
		i = (i + 1) & (t->cap - 1);
	return i;
}

static void tally_add(struct type_tally *t, int64_t ancestor, int64_t key)
{
	size_t i;

	if ((t->count + 1) * 2 > t->cap) {
		struct type_tally bigger = { NULL, 0, t->cap ? t->cap * 2 : 1024 };

		bigger.slots = xcalloc(bigger.cap, sizeof(*bigger.slots));
		for (size_t j = 0; j < t->cap; j++)
			if (t->slots[j].ancestor)
				bigger.slots[tally_slot(&bigger, t->slots[j].ancestor, t->slots[j].key)] =
					t->slots[j];
		bigger.count = t->count;
		free(t->slots);
		*t = bigger;
	}
	i = tally_slot(t, ancestor, key);
	if (!t->slots[i].ancestor) {
		t->slots[i] = (struct ancestor_type){ ancestor, key, 0 };
		t->count++;
	}
	t->slots[i].n++;
}

static int compare_ancestor_types(const void *pa, const void *pb)
{
	const struct ancestor_type *a = pa, *b = pb;

	if (a->ancestor != b->ancestor)
		return a->ancestor < b->ancestor ? -1 : 1;
	return a->key < b->key ? -1 : a->key > b->key;
}

/* The tally's rows, in key order (the table's own). */
static int save_type_counts(sqlite3 *db, struct type_tally *t)
{
	sqlite3_stmt *insert = store_prepare(db, "INSERT INTO type_counts(eid, type_key, n)"
	                                         " VALUES(?1, ?2, ?3)");
	size_t rows = 0;
	int rc = insert ? 0 : -1;

	for (size_t i = 0; i < t->cap; i++)
		if (t->slots[i].ancestor)
			t->slots[rows++] = t->slots[i];
	if (rows > 1)
		qsort(t->slots, rows, sizeof(*t->slots), compare_ancestor_types);
	for (size_t i = 0; i < rows && rc == 0; i++) {
		sqlite3_bind_int64(insert, 1, t->slots[i].ancestor);
		sqlite3_bind_int64(insert, 2, t->slots[i].key);
		sqlite3_bind_int64(insert, 3, t->slots[i].n);
		rc = sqlite3_step(insert) == SQLITE_DONE ? 0 : -1;
		sqlite3_reset(insert);
	}
	sqlite3_finalize(insert);
	return rc;
}

/* Counts each entity's descendants by type (type_counts), walking up from
 * each entity in memory: a few hundred milliseconds at 250,000 entities,
 * where a recursive query would take seconds.  A walk stops after as many
 * steps as there are entities (a model with a cycle is refused by its
 * checks, but its database is indexed first). */
static int build_type_counts(sqlite3 *db)
{
	struct tree_types tt = { NULL, NULL, 0 };
	struct type_tally tally = { NULL, 0, 0 };
	int rc = read_tree_types(db, &tt);

	for (size_t eid = 1; eid < tt.nodes && rc == 0; eid++) {
		int64_t up = tt.parent[eid];

		for (size_t steps = 0; up > 0 && (size_t)up < tt.nodes && steps < tt.nodes; steps++) {
			tally_add(&tally, up, tt.key[eid]);
			up = tt.parent[up];
		}
	}
	free(tt.parent);
	free(tt.key);
	if (rc == 0)
		rc = save_type_counts(db, &tally);
	free(tally.slots);
	return rc;
}

int store_build_indexes(sqlite3 *db, struct diag_list *diags)
{
	char *error = NULL;

	if (build_type_counts(db) != 0) {
		diag_add(diags, -1, "", 0, 0, "cannot count the model's entities by type: %s",
		         sqlite3_errmsg(db));
		return -1;
	}
	if (store_exec(db, index_sql, &error) != 0) {
		diag_add(diags, -1, "", 0, 0, "cannot index the model: %s", error);
		free(error);
		return -1;
	}
	return 0;
}
