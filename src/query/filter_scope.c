/* Counting a filter's matches under one entity (filter.h), as the tree
 * under it shows them: the matches found so far are read in eid order from
 * temp.filter_visible, a batch a call, and each is placed by climbing its
 * parents until one whose place is known (the root, a root of the model,
 * or an entity met before); one that is not under the root by its parents
 * is still here when the tree shows it under the root, or under an entity
 * under it, through a secondary relation (a trust under a place it
 * serves). */
#include <stdlib.h>
#include <string.h>
#include "icsview/base/util.h"
#include "icsview/query/filter.h"
#include "icsview/store/store_sql.h"

enum place { PLACE_UNKNOWN, PLACE_INSIDE, PLACE_OUTSIDE };

/* Entities placed: open addressing on the eid (eids are > 0; 0 is free). */
struct placed {
	int64_t *eids;
	unsigned char *places;
	size_t count, cap;      /* cap a power of two */
};

struct filter_scope {
	int64_t root;
	int64_t last;           /* the last match counted (eids come in order) */
	int64_t here;
	struct placed placed;
};

static const char matches_sql[] =
	"SELECT eid FROM temp.filter_visible WHERE matched AND eid > ?1 ORDER BY eid LIMIT ?2";
static const char parent_sql[] = "SELECT coalesce(parent, 0) FROM entities WHERE eid = ?1";
static const char shown_under_sql[] =
	"SELECT l.dst FROM links l JOIN relations r ON r.rel_no = l.rel_no AND r.secondary"
	" WHERE l.src = ?1";

/* Entities climbed from one match before a known place: a model's depth. */
#define CLIMB_MAX 256

static size_t slot_of(const struct placed *p, int64_t eid)
{
	size_t i = (size_t)((uint64_t)eid * 0x9E3779B97F4A7C15u) & (p->cap - 1);

	while (p->eids[i] && p->eids[i] != eid)
		i = (i + 1) & (p->cap - 1);
	return i;
}

static enum place place_of(const struct placed *p, int64_t eid)
{
	size_t i;

	if (!p->cap)
		return PLACE_UNKNOWN;
	i = slot_of(p, eid);
	return p->eids[i] ? (enum place)p->places[i] : PLACE_UNKNOWN;
}

static void place(struct placed *p, int64_t eid, enum place where)
{
	size_t i;

	if ((p->count + 1) * 2 > p->cap) {
		struct placed bigger = { .cap = p->cap ? p->cap * 2 : 1024 };

		bigger.eids = xcalloc(bigger.cap, sizeof(*bigger.eids));
		bigger.places = xcalloc(bigger.cap, sizeof(*bigger.places));
		for (size_t j = 0; j < p->cap; j++)
			if (p->eids[j])
				place(&bigger, p->eids[j], (enum place)p->places[j]);
		free(p->eids);
		free(p->places);
		*p = bigger;
	}
	i = slot_of(p, eid);
	if (!p->eids[i])
		p->count++;
	p->eids[i] = eid;
	p->places[i] = (unsigned char)where;
}

struct filter_scope *filter_scope_new(int64_t root)
{
	struct filter_scope *scope = xcalloc(1, sizeof(*scope));

	scope->root = root;
	return scope;
}

void filter_scope_free(struct filter_scope *scope)
{
	if (!scope)
		return;
	free(scope->placed.eids);
	free(scope->placed.places);
	free(scope);
}

int64_t filter_scope_root(const struct filter_scope *scope)
{
	return scope->root;
}

/* Whether eid is under the root: up its parents to a known place, each
 * entity passed then known too.  -1 when the database failed. */
static int under_root(struct store *st, struct filter_scope *scope, struct sql_stmt *parent,
                      int64_t eid)
{
	int64_t passed[CLIMB_MAX];
	size_t n = 0;
	enum place where = PLACE_UNKNOWN;
	int64_t at = eid;

	(void)st;
	while (where == PLACE_UNKNOWN) {
		int64_t up;

		sql_reset(parent);
		sql_bind_int64(parent, 1, at);
		if (sql_step(parent) != SQL_ROW)
			return -1;
		up = sql_int64(parent, 0);
		if (n < CLIMB_MAX)
			passed[n++] = at;
		if (up == scope->root)
			where = PLACE_INSIDE;
		else if (up == 0 || up == at || n == CLIMB_MAX)
			where = PLACE_OUTSIDE;
		else
			where = place_of(&scope->placed, up);
		at = up;
	}
	sql_reset(parent);
	for (size_t i = 0; i < n; i++)
		place(&scope->placed, passed[i], where);
	return where == PLACE_INSIDE;
}

/* Whether eid is shown under the root through a secondary relation: the
 * entity it is shown under is the root or under it.  -1 when the database
 * failed. */
static int linked_under_root(struct store *st, struct filter_scope *scope, struct sql_stmt *parent,
                             struct sql_stmt *shown_under, int64_t eid)
{
	enum sql_step rc = SQL_DONE;
	int inside = 0;

	sql_reset(shown_under);
	sql_bind_int64(shown_under, 1, eid);
	while (!inside && (rc = sql_step(shown_under)) == SQL_ROW) {
		int64_t under = sql_int64(shown_under, 0);

		inside = under == scope->root ? 1 : under_root(st, scope, parent, under);
		if (inside < 0)
			break;
	}
	if (!inside && rc == SQL_FAILED)
		inside = -1;
	sql_reset(shown_under);
	return inside;
}

/* Whether a match is here: under the root by its parents or by a link. */
static int match_here(struct store *st, struct filter_scope *scope, struct sql_stmt *parent,
                      struct sql_stmt *shown_under, int64_t eid)
{
	int inside;

	if (eid == scope->root)
		return 0;
	inside = under_root(st, scope, parent, eid);
	if (inside == 0)
		inside = linked_under_root(st, scope, parent, shown_under, eid);
	return inside;
}

int filter_scope_count(struct store *st, struct filter_scope *scope, size_t budget,
                       int64_t *here, bool *caught_up)
{
	struct sql_stmt *matches, *parent, *shown_under;
	size_t read = 0;
	enum sql_step rc;
	int status = FILTER_OK;

	*here = scope->here;
	*caught_up = false;
	if (!store_filter_active(st))
		return FILTER_FAILED;
	matches = store_sql_cached(st, matches_sql);
	parent = store_sql_cached(st, parent_sql);
	shown_under = store_sql_cached(st, shown_under_sql);
	if (!matches || !parent || !shown_under) {
		store_sql_done(st, matches);
		store_sql_done(st, parent);
		store_sql_done(st, shown_under);
		return FILTER_FAILED;
	}
	sql_bind_int64(matches, 1, scope->last);
	sql_bind_int64(matches, 2, (int64_t)budget);
	while ((rc = sql_step(matches)) == SQL_ROW) {
		int64_t eid = sql_int64(matches, 0);
		int inside = match_here(st, scope, parent, shown_under, eid);

		if (inside < 0) {
			status = FILTER_FAILED;
			break;
		}
		scope->here += inside;
		scope->last = eid;
		read++;
	}
	if (status == FILTER_OK && rc == SQL_FAILED)
		status = FILTER_FAILED;
	store_sql_done(st, matches);
	store_sql_done(st, parent);
	store_sql_done(st, shown_under);
	*here = scope->here;
	*caught_up = status == FILTER_OK && read < budget;
	return status;
}
