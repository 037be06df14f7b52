/* Search: what a user types, found in names, codes, facts and prose, ranked
 * as a person expects (an exact id, code or name first, in that order;
 * then names that start with it, then the rest by relevance).  Ids and
 * codes match whatever their case.  Any text is something to find:
 * nothing a user types reaches SQL or FTS5 as syntax. */
#ifndef ICSVIEW_SEARCH_H
#define ICSVIEW_SEARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "icsview/store/store.h"

enum search_field {
	FOUND_ID,               /* the id exactly */
	FOUND_NAME,
	FOUND_CODE,             /* an aka: another name or a code; or the id in another case */
	FOUND_FACT,
	FOUND_TEXT,
};

struct search_hit {
	int64_t eid;
	char *id, *kind, *badge, *name;
	char *path;             /* names of the ancestors, root first, joined by " › " */
	enum search_field field;
	int rank_class;         /* 0 exact, 1 name prefix, 2 anywhere */
};

struct search_results {
	struct search_hit *items;
	size_t count, cap;
	char **tokens;          /* the words searched for, lower-cased, for highlighting */
	size_t token_count;
};

struct search_options {
	size_t limit;           /* at most this many hits (0: 100) */
	const char *kind;       /* only this kind, or NULL */
	const char *path_separator;   /* default " › " */
};

/* The FTS5 query for `text`: every word quoted and prefix-matched, a
 * double-quoted part kept as a phrase.  NULL when the text holds no word. */
char *search_fts_query(const char *text);
/* The words of `text` as the index sees them (lower-case ASCII letters and
 * digits; other bytes above 0x7F kept), for highlighting. */
size_t search_tokens(const char *text, char ***out);

/* Runs a search.  STORE_OK (possibly with no hits) or STORE_ERROR. */
int search_run(struct store *st, const char *text, const struct search_options *options,
               struct search_results *out);
void search_results_clear(struct search_results *results);
const char *search_field_name(enum search_field field);

/* Where the words of a search occur in `s` (ASCII case folded): fills
 * starts/ends (byte offsets) up to `max` ranges, returns how many. */
size_t search_highlights(const char *s, char *const *tokens, size_t token_count,
                         size_t *starts, size_t *ends, size_t max);

#endif
