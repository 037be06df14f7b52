/* Edit distance for "did you mean": see suggest.h. */
#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include "icsview/base/suggest.h"

/* The longest word compared; longer ones are SUGGEST_FAR from everything. */
#define LONGEST (SUGGEST_FAR * 2)

static size_t min3(size_t a, size_t b, size_t c)
{
	size_t m = a < b ? a : b;
	return m < c ? m : c;
}

static bool same(char a, char b)
{
	return tolower((unsigned char)a) == tolower((unsigned char)b);
}

size_t suggest_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	/* three rows of the table: two back (for swaps), the last, this one */
	size_t rows[3][LONGEST + 1];
	size_t *before = rows[0], *last = rows[1], *row = rows[2], *spare;

	if (la > LONGEST || lb > LONGEST)
		return SUGGEST_FAR;
	for (size_t j = 0; j <= lb; j++)
		last[j] = j;
	for (size_t i = 1; i <= la; i++) {
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t cost = same(a[i - 1], b[j - 1]) ? 0 : 1;

			row[j] = min3(last[j] + 1, row[j - 1] + 1, last[j - 1] + cost);
			if (i > 1 && j > 1 && same(a[i - 1], b[j - 2]) && same(a[i - 2], b[j - 1]) &&
			    before[j - 2] + 1 < row[j])
				row[j] = before[j - 2] + 1;
		}
		spare = before;
		before = last;
		last = row;
		row = spare;
	}
	return last[lb] < SUGGEST_FAR ? last[lb] : SUGGEST_FAR;
}

void suggest_init(struct suggest *s, const char *word)
{
	s->word = word;
	s->best = NULL;
	s->best_distance = SUGGEST_FAR;
}

static bool begins_with(const char *text, const char *prefix)
{
	for (; *prefix; text++, prefix++)
		if (!*text || !same(*text, *prefix))
			return false;
	return true;
}

void suggest_consider(struct suggest *s, const char *candidate)
{
	size_t len = strlen(s->word), allowed = len / 3 ? len / 3 : 1;
	size_t other = strlen(candidate), d;

	/* lengths further apart than allowed are further apart in distance:
	 * a model's ids can be weighed by the hundred thousand */
	if ((other > len ? other - len : len - other) > allowed &&
	    !(len >= 3 && begins_with(candidate, s->word)))
		return;
	d = suggest_distance(s->word, candidate);
	if (strcmp(s->word, candidate) == 0)
		return;
	if (d > allowed && !(len >= 3 && begins_with(candidate, s->word)))
		return;
	if (!s->best || d < s->best_distance) {
		s->best = candidate;
		s->best_distance = d;
	}
}

const char *suggest_nearest(const char *word, const char *const *candidates, size_t count)
{
	struct suggest s;

	suggest_init(&s, word);
	for (size_t i = 0; i < count; i++)
		suggest_consider(&s, candidates[i]);
	return s.best;
}
