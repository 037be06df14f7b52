#include "icsview/store/load_refs.h"

#include <stdlib.h>
#include <string.h>
#include "icsview/base/util.h"

void refs_init(struct load_refs *r)
{
	memset(r, 0, sizeof(*r));
}

void refs_free(struct load_refs *r)
{
	strmap_free(&r->ids);
	free(r->parent);
	free(r->flags);
	free(r->pool);
	free(r->parents);
	free(r->links);
	free(r->citations);
	free(r->reports);
	free(r->secondary);
	memset(r, 0, sizeof(*r));
}

void refs_reserve(struct load_refs *r, int64_t eid)
{
	size_t need = (size_t)eid + 1, cap = r->cap;

	if (need <= r->cap)
		return;
	while (cap < need)
		cap = cap ? cap * 2 : 1024;
	r->parent = xreallocarray(r->parent, cap, sizeof(*r->parent));
	r->flags = xrealloc(r->flags, cap);
	memset(r->parent + r->cap, 0, (cap - r->cap) * sizeof(*r->parent));
	memset(r->flags + r->cap, 0, cap - r->cap);
	r->cap = cap;
}

void refs_stored(struct load_refs *r, const char *id, int64_t eid, int64_t parent, bool source)
{
	bool added;
	int32_t *slot = strmap_insert(&r->ids, id, &added);

	if (added) {
		*slot = (int32_t)eid;
	} else {
		r->duplicate_ids = true;
		if (eid < *slot)
			*slot = (int32_t)eid;
	}
	refs_reserve(r, eid);
	r->parent[eid] = parent;
	r->flags[eid] = (unsigned char)(REF_STORED | (source ? REF_SOURCE : 0));
	if (eid > r->max_eid)
		r->max_eid = eid;
}

int64_t refs_lookup(const struct load_refs *r, const char *id)
{
	const int32_t *slot = strmap_find(&r->ids, id);

	return slot ? *slot : 0;
}

uint32_t refs_keep(struct load_refs *r, const char *s)
{
	size_t n = strlen(s) + 1;
	size_t at = r->pool_len;

	if (r->pool_len + n > UINT32_MAX)
		die("too many unresolved references");
	if (r->pool_len + n > r->pool_cap) {
		size_t cap = r->pool_cap ? r->pool_cap : 4096;
		while (cap < r->pool_len + n)
			cap *= 2;
		r->pool = xrealloc(r->pool, cap);
		r->pool_cap = cap;
	}
	memcpy(r->pool + at, s, n);
	r->pool_len += n;
	return (uint32_t)at;
}

const char *refs_string(const struct load_refs *r, uint32_t offset)
{
	return r->pool + offset;
}
