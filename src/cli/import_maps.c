/* The import's ordered maps (import_maps.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "icsview/base/util.h"
#include "import_maps.h"

void counter_add(struct counter *c, const char *key, long long n)
{
	bool added;
	int32_t *slot = strmap_insert(&c->index, key, &added);

	if (added) {
		GROW(c->keys, c->cap, c->count + 1);
		c->counts = xreallocarray(c->counts, c->cap, sizeof(*c->counts));
		c->keys[c->count] = xstrdup(key);
		c->counts[c->count] = 0;
		*slot = (int32_t)c->count++;
	}
	c->counts[*slot] += n;
}

long long counter_get(const struct counter *c, const char *key)
{
	int32_t *slot = strmap_find(&c->index, key);
	return slot ? c->counts[*slot] : 0;
}

void counter_free(struct counter *c)
{
	for (size_t i = 0; i < c->count; i++)
		free(c->keys[i]);
	free(c->keys);
	free(c->counts);
	strmap_free(&c->index);
	memset(c, 0, sizeof(*c));
}

void textmap_set(struct textmap *m, const char *key, const char *value)
{
	bool added;
	int32_t *slot = strmap_insert(&m->index, key, &added);

	if (added) {
		GROW(m->keys, m->cap, m->count + 1);
		m->values = xreallocarray(m->values, m->cap, sizeof(*m->values));
		m->keys[m->count] = xstrdup(key);
		m->values[m->count] = xstrdup(value);
		*slot = (int32_t)m->count++;
		return;
	}
	free(m->values[*slot]);
	m->values[*slot] = xstrdup(value);
}

const char *textmap_get(const struct textmap *m, const char *key)
{
	int32_t *slot = strmap_find(&m->index, key);
	return slot ? m->values[*slot] : NULL;
}

bool textmap_has(const struct textmap *m, const char *key)
{
	return strmap_find(&m->index, key) != NULL;
}

void textmap_free(struct textmap *m)
{
	for (size_t i = 0; i < m->count; i++) {
		free(m->keys[i]);
		free(m->values[i]);
	}
	free(m->keys);
	free(m->values);
	strmap_free(&m->index);
	memset(m, 0, sizeof(*m));
}

const char *pair_key(char *buf, const char *a, const char *b)
{
	/* \x1f (unit separator) appears in no code */
	snprintf(buf, PAIR_KEY_SIZE, "%s\x1f%s", a, b);
	return buf;
}
