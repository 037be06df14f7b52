/* An entity's descendants in the tree (its children by parent, theirs, and
 * so on) counted by type, the entity's type or else its kind, for the
 * detail pane's `170 GP practices · 24 PCNs · 6 trusts` line.  The counts
 * are kept in the model's database when it is built (store.c:
 * type_counts), so that an answer costs one index range, not a walk of
 * the subtree. */
#ifndef ICSVIEW_COUNTS_H
#define ICSVIEW_COUNTS_H

#include <stddef.h>
#include <stdint.h>
#include "icsview/store/store.h"

struct type_count {
	char *type;             /* the type, or the kind of entities of none */
	int64_t n;
};
struct type_count_list {
	struct type_count *items;
	size_t count, cap;
};

/* Appends eid's descendants by type, the most numerous first (ties by
 * name).  STORE_OK (none for a leaf) or STORE_ERROR (store_errmsg). */
int counts_by_type(struct store *st, int64_t eid, struct type_count_list *out);
void type_count_list_clear(struct type_count_list *list);

/* "n NOUN" with the noun made plural by simple English rules when n is
 * not 1, on its last word before any parenthesis: practice → practices,
 * body → bodies, box → boxes, an acronym in capitals (PCN) → PCNs; n is
 * written with thousands separated (12,345).  Caller frees. */
char *counts_phrase(int64_t n, const char *noun);
/* The list as one line, its phrases joined by " · "; NULL when it is
 * empty.  With more than `most` types (0: no limit), the first most - 1
 * are named and the rest summed: "45 others of 38 types".  Caller
 * frees. */
char *counts_line(const struct type_count_list *list, size_t most);

#endif
