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

/* The removed entities by the place they show in (since_removed_under):
 * two arrays in the same order, sorted by place, then by old eid (the old
 * model's order of siblings), so that a place's are a range. */
struct removed_index {
	int64_t *places;
	const struct diff_change **changes;
	size_t count;
};

/* A removed entity in tree order (since_removed_between): where it is,
 * the place its removed subtree shows under, and the removed entity it is
 * under (NULL: it shows under the place itself). */
struct removed_stop {
	struct since_position at;
	int64_t place;
	size_t depth;           /* the place's: a subtree ends before its parent's */
	const struct diff_change *change, *holder;
};

struct since {
	struct store *old_st, *new_st;
	struct removed_index removed_at;
	/* tree order, made the first time it is asked for: the new model's
	 * preorder and the last of each subtree by eid, the removed in order,
	 * and each removed change's stop (by index in the result) */
	size_t *pre, *last;
	struct removed_stop *stops;
	size_t stop_count, *stop_of;
	bool ordered;
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

/* ---- the removed entities by place ------------------------------------------ */

struct placed {
	int64_t place, old_eid;
	const struct diff_change *change;
};

static int cmp_placed(const void *a, const void *b)
{
	const struct placed *x = a, *y = b;

	if (x->place != y->place)
		return x->place < y->place ? -1 : 1;
	return (x->old_eid > y->old_eid) - (x->old_eid < y->old_eid);
}

static int cmp_old_eid(const void *a, const void *b)
{
	const struct placed *x = a, *y = b;

	return (x->old_eid > y->old_eid) - (x->old_eid < y->old_eid);
}

/* Where removed entity p shows: under its old parent when that was removed
 * too, else under the nearest old ancestor the new model has (0: the top).
 * by_old: every removed entity, sorted by old eid. */
static int place_of(struct since *s, struct placed *p, const struct placed *by_old, size_t n)
{
	struct entity e;
	struct placed key;
	int64_t parent;

	if (store_entity(s->old_st, p->old_eid, &e) != STORE_OK)
		return -1;
	key.old_eid = e.parent;
	entity_clear(&e);
	if (key.old_eid != 0 && bsearch(&key, by_old, n, sizeof(*by_old), cmp_old_eid)) {
		p->place = since_removed_place_of(key.old_eid);
		return 0;
	}
	if (parent_kept(s->old_st, s->new_st, p->old_eid, &parent) != STORE_OK)
		return -1;
	p->place = parent;
	return 0;
}

/* The index of the removed entities by place, read once: a place's
 * removed children are then found by a binary search, whatever the
 * model's size. */
static int index_removed(struct since *s)
{
	const struct diff_change *removed;
	size_t n = 0, first = 0;
	struct placed *all;
	struct removed_index *ix = &s->removed_at;

	while (first < s->result.count && s->result.items[first].kind != DIFF_REMOVED)
		first++;
	removed = s->result.items + first;
	while (first + n < s->result.count && removed[n].kind == DIFF_REMOVED)
		n++;
	if (n == 0)
		return 0;
	all = xreallocarray(NULL, n, sizeof(*all));
	for (size_t i = 0; i < n; i++)
		all[i] = (struct placed){ .old_eid = removed[i].before.eid, .change = &removed[i] };
	qsort(all, n, sizeof(*all), cmp_old_eid);
	for (size_t i = 0; i < n; i++)
		if (place_of(s, &all[i], all, n) != 0) {
			free(all);
			return -1;
		}
	qsort(all, n, sizeof(*all), cmp_placed);
	ix->places = xreallocarray(NULL, n, sizeof(*ix->places));
	ix->changes = xreallocarray(NULL, n, sizeof(*ix->changes));
	for (size_t i = 0; i < n; i++) {
		ix->places[i] = all[i].place;
		ix->changes[i] = all[i].change;
	}
	ix->count = n;
	free(all);
	return 0;
}

int64_t since_removed_place_of(int64_t old_eid)
{
	return -old_eid;
}

size_t since_removed_under(const struct since *s, int64_t place,
                           const struct diff_change *const **changes)
{
	const struct removed_index *ix;
	size_t lo = 0, hi, end;

	*changes = NULL;
	if (!s)
		return 0;
	ix = &s->removed_at;
	hi = ix->count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ix->places[mid] < place)
			lo = mid + 1;
		else
			hi = mid;
	}
	end = lo;
	while (end < ix->count && ix->places[end] == place)
		end++;
	if (end == lo)
		return 0;
	*changes = ix->changes + lo;
	return end - lo;
}

struct store *since_old_store(const struct since *s)
{
	return s ? s->old_st : NULL;
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

	s->old_st = old_st;
	s->new_st = new_st;
	if (diff_run(old_st, new_st, &opts, &s->result) != DIFF_OK) {
		*error = xstrdup(s->result.error ? s->result.error : "the models cannot be compared");
		since_close(s, false);
		return NULL;
	}
	if (index_changes(s, old_st) != 0 || index_removed(s) != 0) {
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
	free(s->removed_at.places);
	free(s->removed_at.changes);
	free(s->pre);
	free(s->last);
	free(s->stops);
	free(s->stop_of);
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

/* ---- tree order, with the removed in it ------------------------------------- */

/* The new model's preorder (children in eid order, as the tree lists
 * them) from the parents read: pre and last by eid. */
static void order_entities(struct since *s)
{
	size_t n = s->parent_count, *first = xcalloc(n + 1, sizeof(*first));
	int64_t *kids = xreallocarray(NULL, n ? n : 1, sizeof(*kids));
	int64_t *stack = xreallocarray(NULL, n ? n : 1, sizeof(*stack));
	size_t *next = xreallocarray(NULL, n + 1, sizeof(*next)), depth = 0, order = 0;

	s->pre = xcalloc(n ? n : 1, sizeof(*s->pre));
	s->last = xcalloc(n ? n : 1, sizeof(*s->last));
	/* children by parent, counted then placed in eid order (0: the roots) */
	for (size_t e = 1; e < n; e++)
		first[s->parent[e] >= 0 && (size_t)s->parent[e] < n ? s->parent[e] : 0]++;
	for (size_t p = 0, sum = 0; p <= n; p++) {
		size_t c = p < n ? first[p] : 0;
		first[p] = sum;
		sum += c;
	}
	memcpy(next, first, (n + 1) * sizeof(*next));
	for (size_t e = 1; e < n; e++) {
		size_t p = s->parent[e] >= 0 && (size_t)s->parent[e] < n ? (size_t)s->parent[e] : 0;
		kids[next[p]++] = (int64_t)e;
	}
	/* depth first without recursion: next[p] walks p's children again */
	memcpy(next, first, (n + 1) * sizeof(*next));
	stack[depth++] = 0;
	while (depth > 0) {
		size_t p = (size_t)stack[depth - 1];

		if (next[p] < first[p + 1] && depth < n) {
			int64_t child = kids[next[p]++];
			s->pre[child] = ++order;
			stack[depth++] = child;
			continue;
		}
		s->last[p] = order;
		depth--;
	}
	free(first);
	free(kids);
	free(stack);
	free(next);
}

/* Appends the stops of c and the removed under it, depth first. */
static void add_stops(struct since *s, const struct diff_change *c, uint64_t key, int64_t place,
                      size_t depth, const struct diff_change *holder, size_t *cap)
{
	const struct diff_change *const *under;
	size_t n, at = s->stop_count;

	GROW(s->stops, *cap, s->stop_count + 1);
	/* sub: the order added, which is depth first within a place */
	s->stops[at] = (struct removed_stop){
		.at = { key, at }, .place = place, .depth = depth, .holder = holder, .change = c,
	};
	s->stop_count++;
	n = since_removed_under(s, since_removed_place_of(c->before.eid), &under);
	for (size_t i = 0; i < n; i++)
		add_stops(s, under[i], key, place, depth, c, cap);
}

/* By key; at the same key (subtrees that end together) the deeper
 * place's first; then in the order added. */
static int cmp_stop(const void *a, const void *b)
{
	const struct removed_stop *x = a, *y = b;

	if (x->at.key != y->at.key)
		return x->at.key < y->at.key ? -1 : 1;
	if (x->depth != y->depth)
		return x->depth > y->depth ? -1 : 1;
	return (x->at.sub > y->at.sub) - (x->at.sub < y->at.sub);
}

/* The depth of the new model's entity eid (0 for a root). */
static size_t depth_of(const struct since *s, int64_t eid)
{
	size_t depth = 0;

	while (eid > 0 && (size_t)eid < s->parent_count && depth < PARENT_WALK_LIMIT) {
		eid = s->parent[eid];
		depth++;
	}
	return depth;
}

/* The removed entities in tree order: a place's after its subtree (the
 * top's after everything), each place's depth first. */
static void order_removed(struct since *s)
{
	const struct removed_index *ix = &s->removed_at;
	size_t cap = 0;

	s->stop_of = xcalloc(s->result.count ? s->result.count : 1, sizeof(*s->stop_of));
	for (size_t i = 0; i < ix->count; i++) {
		int64_t place = ix->places[i];
		uint64_t key;

		if (place < 0)
			continue;       /* nested: added under its holder */
		key = place > 0 && (size_t)place < s->parent_count ? 2 * (uint64_t)s->last[place] + 1
		                                                   : 2 * (uint64_t)s->parent_count + 1;
		add_stops(s, ix->changes[i], key, place, depth_of(s, place), NULL, &cap);
	}
	qsort(s->stops, s->stop_count, sizeof(*s->stops), cmp_stop);
	for (size_t i = 0; i < s->stop_count; i++) {
		s->stops[i].at.sub = i;         /* the order within a key, as sorted */
		s->stop_of[s->stops[i].change - s->result.items] = i;
	}
}

static void ensure_order(struct since *s)
{
	if (s->ordered)
		return;
	order_entities(s);
	order_removed(s);
	s->ordered = true;
}

bool since_position_of(struct since *s, int64_t eid, const struct diff_change *removed,
                       struct since_position *out)
{
	ensure_order(s);
	if (removed) {
		*out = s->stops[s->stop_of[removed - s->result.items]].at;
		return true;
	}
	if (eid <= 0 || (size_t)eid >= s->parent_count)
		return false;
	*out = (struct since_position){ 2 * (uint64_t)s->pre[eid], 0 };
	return true;
}

bool since_position_before(const struct since_position *a, const struct since_position *b)
{
	return a->key < b->key || (a->key == b->key && a->sub < b->sub);
}

/* Whether stop i shows under root: its place is root or under it. */
static bool stop_under(const struct since *s, size_t i, int64_t root)
{
	int64_t place = s->stops[i].place;

	if (root == 0)
		return true;
	if (place <= 0 || (size_t)place >= s->parent_count || (size_t)root >= s->parent_count)
		return false;
	return place == root || (s->pre[place] > s->pre[root] && s->pre[place] <= s->last[root]);
}

/* The first stop under root from index i on that is before `to` (to NULL:
 * any), or SIZE_MAX. */
static size_t first_stop(const struct since *s, size_t i, int64_t root,
                         const struct since_position *to)
{
	for (; i < s->stop_count; i++) {
		if (to && !since_position_before(&s->stops[i].at, to))
			return SIZE_MAX;
		if (stop_under(s, i, root))
			return i;
	}
	return SIZE_MAX;
}

const struct diff_change *since_removed_between(struct since *s, int64_t root,
                                                const struct since_position *from,
                                                const struct since_position *to)
{
	size_t lo = 0, hi, found;

	ensure_order(s);
	hi = s->stop_count;
	while (lo < hi) {       /* the first stop after from */
		size_t mid = lo + (hi - lo) / 2;
		if (since_position_before(from, &s->stops[mid].at))
			hi = mid;
		else
			lo = mid + 1;
	}
	if (since_position_before(from, to)) {
		found = first_stop(s, lo, root, to);
	} else {        /* round past the end to the start */
		found = first_stop(s, lo, root, NULL);
		if (found == SIZE_MAX)
			found = first_stop(s, 0, root, to);
	}
	return found == SIZE_MAX ? NULL : s->stops[found].change;
}

/* The removed entity that removed entity c shows under, or NULL. */
static const struct diff_change *holder_of(const struct since *s, const struct diff_change *c)
{
	return s->stops[s->stop_of[c - s->result.items]].holder;
}

size_t since_removed_holders(struct since *s, const struct diff_change *c,
                             const struct diff_change **holders, size_t max, int64_t *place)
{
	size_t n = 0, k;

	ensure_order(s);
	*place = s->stops[s->stop_of[c - s->result.items]].place;
	for (const struct diff_change *h = holder_of(s, c); h; h = holder_of(s, h))
		n++;
	if (n > max)
		return n;
	k = n;          /* outermost first */
	for (const struct diff_change *h = holder_of(s, c); h; h = holder_of(s, h))
		holders[--k] = h;
	return n;
}
