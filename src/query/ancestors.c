/* The paths of entities, their ancestors' names looked up once for many. */
#include "ancestors.h"

#include <stdlib.h>
#include "icsview/base/util.h"
#include "icsview/store/store_sql.h"

#define ANCESTOR_SQL "SELECT coalesce(parent, 0), name FROM entities WHERE eid = ?1"

static size_t ancestors_slot(const struct ancestors *a, int64_t eid)
{
	size_t i = (size_t)((uint64_t)eid * UINT64_C(0x9e3779b97f4a7c15) >> 20) & a->mask;

	while (a->eids[i] && a->eids[i] != eid)
		i = (i + 1) & a->mask;
	return i;
}

static void ancestors_grow(struct ancestors *a)
{
	struct ancestors old = *a;
	size_t slots = old.eids ? (old.mask + 1) * 2 : 256;

	a->eids = xcalloc(slots, sizeof(*a->eids));
	a->parents = xcalloc(slots, sizeof(*a->parents));
	a->names = xcalloc(slots, sizeof(*a->names));
	a->mask = slots - 1;
	for (size_t i = 0; old.eids && i <= old.mask; i++) {
		if (old.eids[i]) {
			size_t j = ancestors_slot(a, old.eids[i]);
			a->eids[j] = old.eids[i];
			a->parents[j] = old.parents[i];
			a->names[j] = old.names[i];
		}
	}
	free(old.eids);
	free(old.parents);
	free(old.names);
}

size_t ancestors_put(struct ancestors *a, int64_t eid, int64_t parent, const char *name)
{
	size_t i;

	if (!a->eids || (a->count + 1) * 2 > a->mask + 1)
		ancestors_grow(a);
	i = ancestors_slot(a, eid);
	if (!a->eids[i]) {
		a->eids[i] = eid;
		a->parents[i] = parent;
		a->names[i] = xstrdup(name);
		a->count++;
	}
	return i;
}

/* The slot of eid, looked up if not yet; SIZE_MAX when there is no such
 * entity. */
static size_t ancestors_get(struct ancestors *a, int64_t eid)
{
	struct sql_stmt *lookup;
	size_t i;

	if (a->eids) {
		i = ancestors_slot(a, eid);
		if (a->eids[i])
			return i;
	}
	lookup = store_sql_cached(a->st, ANCESTOR_SQL);
	if (!lookup)
		return SIZE_MAX;
	sql_bind_int64(lookup, 1, eid);
	i = sql_step(lookup) == SQL_ROW
	    ? ancestors_put(a, eid, sql_int64(lookup, 0), sql_text(lookup, 1)) : SIZE_MAX;
	store_sql_done(a->st, lookup);
	return i;
}

void ancestors_free(struct ancestors *a)
{
	for (size_t i = 0; a->eids && i <= a->mask; i++)
		free(a->names[i]);
	free(a->eids);
	free(a->parents);
	free(a->names);
}

char *ancestors_path(struct ancestors *a, int64_t up, const char *separator)
{
	const char *names[64];
	char **more = NULL;
	size_t count = 0, cap = 0, at;
	struct strbuf sb = STRBUF_INIT;

	/* a valid model has no cycle; the bound is for one that does */
	for (size_t steps = 0; up && steps < 10000; steps++) {
		at = ancestors_get(a, up);
		if (at == SIZE_MAX)
			break;
		if (count < 64) {
			names[count] = a->names[at];
		} else {
			GROW(more, cap, count - 64 + 1);
			more[count - 64] = a->names[at];
		}
		count++;
		up = a->parents[at];
	}
	for (size_t i = count; i-- > 0;) {
		if (sb.len)
			sb_puts(&sb, separator);
		sb_puts(&sb, i < 64 ? names[i] : more[i - 64]);
	}
	free(more);
	return sb_detach(&sb);
}

