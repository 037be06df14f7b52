/* Completing a word of a filter (filter.h) from the model: the term names
 * of the grammar, and after a term's colon its values (kinds, types,
 * relations, the review's marks), for the interface's Tab and a shell's
 * completion.  A word is completed to a candidate when the candidate
 * starts with it, ignoring ASCII case. */
#ifndef ICSVIEW_COMPLETE_H
#define ICSVIEW_COMPLETE_H

#include <stdbool.h>
#include <stddef.h>
#include "icsview/store/store.h"

/* Candidates listed at most: a word that matches more is completed to
 * their common prefix as far as the first COMPLETE_LIMIT show it. */
#define COMPLETE_LIMIT 200

/* The candidates for the word of `text` from byte `start` to byte `end`
 * (the cursor): each the whole text to put there instead, in the order
 * shown (sorted, ignoring case), none twice. */
struct completion {
	char **items;           /* owned */
	size_t count, cap;
	size_t start, end;      /* the word replaced */
	bool truncated;         /* more matched than COMPLETE_LIMIT */
};

void completion_init(struct completion *c);
void completion_clear(struct completion *c);
/* Adds a candidate when it starts with `prefix` (ignoring ASCII case) and
 * is not there yet; past COMPLETE_LIMIT only sets truncated. */
void completion_offer(struct completion *c, const char *prefix, const char *candidate);
/* Sorts the candidates, ignoring ASCII case. */
void completion_sort(struct completion *c);
/* How many bytes every candidate shares from the start, ignoring ASCII
 * case (0 with none). */
size_t completion_common_length(const struct completion *c);

/* The candidates for the word of a filter's `text` that ends at byte
 * `cursor`: at a word's start or before a colon, the term names (`kind:`,
 * `type:`, `id:`, `has:`, `flag:`, `reviewed:`, `changed:`), the model's
 * relation and inverse names (`member_of:`) and its fact names (compared
 * with `>`, `=`, ...); after `kind:`, `type:`, `has:`, `flag:`,
 * `reviewed:`, `changed:` their values, a value with a space or a parenthesis in double quotes.
 * Words are split as the filter's grammar splits them.  STORE_OK (with
 * none, when nothing fits) or STORE_ERROR. */
int filter_complete(struct store *st, const char *text, size_t cursor, struct completion *out);

/* Adds the ids that start with `typed` (ignoring ASCII case), in the
 * order of the index of ids, at most COMPLETE_LIMIT.  STORE_OK or
 * STORE_ERROR. */
int complete_ids(struct store *st, const char *typed, struct completion *out);

#endif
