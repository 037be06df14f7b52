/* Resolving what a user types to go to an entity (the interface's i and
 * :goto): an id, a code or a name, each ignoring case (ASCII), else a part
 * of a name; and when the text names several entities, the candidates to
 * choose from, each with what a person needs to tell them apart.
 *
 * The rules, in order:
 *   1. an id, exactly or ignoring case, that only one entity has: that
 *      entity, even when the text is also others' code or name (they are
 *      counted in also_named);
 *   2. otherwise every entity whose id, code or name is the text, ignoring
 *      case: one is the entity, several are candidates, ordered by how
 *      they matched (the id, a code, a name), then in load order;
 *   3. otherwise the entities whose name holds the words of the text,
 *      each the start of a word of the name, as search finds them (the
 *      full-text index): likewise, in load order.
 * A current body and a historical one with the same name are both
 * candidates: neither is chosen for the other. */
#ifndef ICSVIEW_RESOLVE_H
#define ICSVIEW_RESOLVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "icsview/store/store.h"

enum resolve_match {
	RESOLVE_BY_ID,          /* the id, ignoring case */
	RESOLVE_BY_CODE,        /* one of its aka */
	RESOLVE_BY_NAME,        /* the whole name */
	RESOLVE_BY_NAME_PART,   /* words of the name */
};

struct resolve_candidate {
	int64_t eid;
	char *id, *kind, *badge, *name;
	char *type;             /* "" when it has none */
	char *path;             /* names of the ancestors, root first, joined by the separator */
	enum resolve_match match;
};

struct resolve_result {
	struct resolve_candidate *items;
	size_t count, cap;
	size_t total;           /* that matched: more than count when the limit cut the list */
	bool more;              /* rule 3 found more than the limit (total is count then) */
	size_t also_named;      /* an id that won (rule 1): the others the text names */
};

enum resolve_outcome {
	RESOLVE_NONE,           /* nothing matches */
	RESOLVE_ONE,            /* items[0] is the entity */
	RESOLVE_SEVERAL,        /* items are the candidates */
	RESOLVE_FAILED,         /* the store failed: store_errmsg */
};

struct resolve_options {
	size_t limit;           /* candidates listed at most (0: RESOLVE_DEFAULT_LIMIT) */
	const char *path_separator;   /* default " › " */
};

#define RESOLVE_DEFAULT_LIMIT 500

/* Resolves `text` into `out` (zeroed by the caller, freed with
 * resolve_result_clear whatever the outcome).  Every step is an indexed
 * look-up, well within a frame at 250,000 entities. */
enum resolve_outcome resolve_text(struct store *st, const char *text,
                                  const struct resolve_options *options,
                                  struct resolve_result *out);
void resolve_result_clear(struct resolve_result *result);

/* Where to start showing `path` in `width` columns: 0 when it fits, else
 * the byte offset of the longest tail that fits after an ellipsis of
 * `ellipsis_width` columns (the nearest ancestors are kept, the root is
 * cut first); strlen(path) when not even the ellipsis fits.  `path` is
 * UTF-8 as the terminal shows it (escaped). */
size_t resolve_path_tail(const char *path, size_t width, size_t ellipsis_width);

#endif
