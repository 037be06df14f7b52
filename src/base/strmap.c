#include "icsview/base/strmap.h"

#include <stdlib.h>
#include <string.h>
#include "icsview/base/util.h"

/* The first table and pool are small: most maps are the keys of one YAML
 * mapping (a handful), made and freed for every entity and link while a
 * model loads, where a 64-slot table and a 4 kB pool cost more to allocate,
 * clear and free than the keys themselves.  Big maps double from here. */
#define FIRST_SLOTS 16
#define FIRST_POOL 128

static uint32_t hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h ^ (h >> 15);
}

static size_t find_slot(const struct strmap *m, const char *key, uint32_t h)
{
	size_t i = h & m->mask;

	while (m->slots[i].key && strcmp(m->pool + m->slots[i].key - 1, key) != 0)
		i = (i + 1) & m->mask;
	return i;
}

int32_t *strmap_find(const struct strmap *m, const char *key)
{
	size_t i;

	if (!m->count)
		return NULL;
	i = find_slot(m, key, hash(key));
	return m->slots[i].key ? &m->slots[i].value : NULL;
}

static void rehash(struct strmap *m, size_t slots)
{
	struct strmap_slot *old = m->slots;
	size_t old_count = old ? m->mask + 1 : 0;

	m->slots = xcalloc(slots, sizeof(*m->slots));
	m->mask = slots - 1;
	for (size_t i = 0; i < old_count; i++) {
		if (old[i].key) {
			size_t j = hash(m->pool + old[i].key - 1) & m->mask;
			while (m->slots[j].key)
				j = (j + 1) & m->mask;
			m->slots[j] = old[i];
		}
	}
	free(old);
}

int32_t *strmap_insert(struct strmap *m, const char *key, bool *added)
{
	size_t n = strlen(key) + 1, i;
	uint32_t h = hash(key);

	if (!m->slots || (m->count + 1) * 2 > m->mask + 1)
		rehash(m, m->slots ? (m->mask + 1) * 2 : FIRST_SLOTS);
	i = find_slot(m, key, h);
	if (m->slots[i].key) {
		*added = false;
		return &m->slots[i].value;
	}
	if (m->pool_len + n >= UINT32_MAX)
		die("too many ids");
	if (m->pool_len + n > m->pool_cap) {
		size_t cap = m->pool_cap ? m->pool_cap : FIRST_POOL;
		while (cap < m->pool_len + n)
			cap *= 2;
		m->pool = xrealloc(m->pool, cap);
		m->pool_cap = cap;
	}
	memcpy(m->pool + m->pool_len, key, n);
	m->slots[i].key = (uint32_t)m->pool_len + 1;
	m->slots[i].value = 0;
	m->pool_len += n;
	m->count++;
	*added = true;
	return &m->slots[i].value;
}

void strmap_free(struct strmap *m)
{
	free(m->slots);
	free(m->pool);
	memset(m, 0, sizeof(*m));
}
