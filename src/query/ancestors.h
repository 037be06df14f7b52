/* The parent and name of entities, looked up once for a list of them (a
 * search's hits, the candidates of a name): the entities of one list share
 * most of their ancestors.  Private to the query layer. */
#ifndef ICSVIEW_QUERY_ANCESTORS_H
#define ICSVIEW_QUERY_ANCESTORS_H

#include <stddef.h>
#include <stdint.h>
#include "icsview/store/store.h"

struct ancestors {
	struct store *st;
	int64_t *eids;           /* open addressing, 0 empty */
	int64_t *parents;
	char **names;
	size_t mask;
	size_t count;
};

/* Remembers an entity's parent and name (name is copied): an entity listed
 * is often the ancestor of another.  Returns its slot. */
size_t ancestors_put(struct ancestors *a, int64_t eid, int64_t parent, const char *name);
/* The names of the ancestors of an entity whose parent is `up`, root
 * first, joined by `separator` ("" at the top; caller frees). */
char *ancestors_path(struct ancestors *a, int64_t up, const char *separator);
/* Frees what the table holds, not the store. */
void ancestors_free(struct ancestors *a);

#endif
