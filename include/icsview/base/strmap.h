/* A map from strings to 32-bit values, compact enough to hold every id of a
 * national model while it is loaded (8 bytes a slot, the keys packed in one
 * pool): open addressing, linear probing, at most half full. */
#ifndef ICSVIEW_STRMAP_H
#define ICSVIEW_STRMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct strmap_slot {
	uint32_t key;           /* offset of the key in the pool, plus one; 0: empty */
	int32_t value;
};

struct strmap {
	struct strmap_slot *slots;
	size_t mask;            /* slot count - 1 (a power of two), or 0 before the first insert */
	size_t count;
	char *pool;             /* the keys, NUL-terminated, one after another */
	size_t pool_len, pool_cap;
};

#define STRMAP_INIT { NULL, 0, 0, NULL, 0, 0 }

/* The value stored for key, or NULL.  The pointer is valid until the next
 * insert. */
int32_t *strmap_find(const struct strmap *m, const char *key);
/* The value slot for key, added (with value 0) if it was not there:
 * *added says which. */
int32_t *strmap_insert(struct strmap *m, const char *key, bool *added);
void strmap_free(struct strmap *m);

#endif
