/* "Did you mean …?": the word nearest to a misspelt one among the words it
 * could have been (commands, kinds, relations, keys, ids), by edit
 * distance, ignoring ASCII case. */
#ifndef ICSVIEW_SUGGEST_H
#define ICSVIEW_SUGGEST_H

#include <stddef.h>

/* The optimal string alignment distance between a and b (insertions,
 * deletions, substitutions and swaps of neighbours, one each), ignoring
 * ASCII case, counted in bytes; at most SUGGEST_FAR (anything further is
 * SUGGEST_FAR). */
#define SUGGEST_FAR 64
size_t suggest_distance(const char *a, const char *b);

/* The search for the nearest candidate: feed candidates one at a time.
 * A candidate is close enough when its distance is at most a third of the
 * word's length (at least 1), or when it begins with the word (a word of 3
 * or more bytes: "member" for "member_of"); the nearest wins, the first
 * of equals.  The word itself is never
 * suggested (the same word in another case is). */
struct suggest {
	const char *word;
	const char *best;       /* the candidate's pointer as given, or NULL */
	size_t best_distance;
};

void suggest_init(struct suggest *s, const char *word);
void suggest_consider(struct suggest *s, const char *candidate);
/* The nearest of count candidates to word, or NULL when none is close. */
const char *suggest_nearest(const char *word, const char *const *candidates, size_t count);

#endif
