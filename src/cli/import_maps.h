/* Small maps for the import's joins in memory, keeping the order keys
 * were first added (the model's lists and sums follow the inputs'
 * order): counts by key, text by key.  A pair of keys is one key made
 * with pair_key. */
#ifndef ICSVIEW_IMPORT_MAPS_H
#define ICSVIEW_IMPORT_MAPS_H

#include <stdbool.h>
#include <stddef.h>
#include "icsview/base/strmap.h"

struct counter {
	struct strmap index;
	char **keys;
	long long *counts;
	size_t count, cap;
};

struct textmap {
	struct strmap index;
	char **keys;
	char **values;
	size_t count, cap;
};

void counter_add(struct counter *c, const char *key, long long n);
long long counter_get(const struct counter *c, const char *key);
void counter_free(struct counter *c);

/* Sets key's value (both copied); an existing key keeps its place. */
void textmap_set(struct textmap *m, const char *key, const char *value);
/* The value of key, or NULL. */
const char *textmap_get(const struct textmap *m, const char *key);
bool textmap_has(const struct textmap *m, const char *key);
void textmap_free(struct textmap *m);

/* "a" and "b" as one key, in buf (at least PAIR_KEY_SIZE bytes). */
#define PAIR_KEY_SIZE 160
const char *pair_key(char *buf, const char *a, const char *b);

#endif
