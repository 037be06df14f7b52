/* The history of a review: every change to a note's text, flag or reviewed
 * mark, with who made it, when, and the value before and after.  The notes
 * file keeps only the new value of each change, so "before" is the value
 * of the previous change to the same field of the same entity (a deletion
 * empties them all), NULL when there was none.  Shared by `icsview review
 * history`.
 *
 * Formats:
 *   text  one change a block, newest first: a header line (when, who,
 *         entity, what) then the before and after texts indented, every
 *         value escaped for a terminal
 *   json  {"version", "model", "notes_file", "entity", "changes": [{"entity",
 *         "what", "before", "after", "who", "when"}, …]}, newest first */
#ifndef ICSVIEW_REVIEW_HISTORY_H
#define ICSVIEW_REVIEW_HISTORY_H

#include <stdbool.h>
#include <stddef.h>
#include "icsview/base/output.h"
#include "icsview/store/notes.h"

#define REVIEW_HISTORY_VERSION 1   /* of the JSON document's format */

struct review_change {
	char *entity_id;
	char *what;              /* "text", "flag", "reviewed", "delete" (or
	                            whatever a hand-edited file holds) */
	char *before, *after;    /* NULL: none */
	char *who, *when;
};
struct review_history {
	struct review_change *items;   /* newest first */
	size_t count, cap;
};
void review_history_clear(struct review_history *history);

/* Every change of the notes' model key, or only those to entity_id when it
 * is not NULL.  NOTES_OK, or the error of notes.h (notes_errmsg says why),
 * with out empty. */
int review_history_read(struct notes *notes, const char *entity_id, struct review_history *out);

/* Writes the history as text or, with json, as JSON; entity_id the scope
 * asked for (NULL: all).  A failed write shows in out (out_failed). */
void review_history_write(struct notes *notes, const char *entity_id,
                          const struct review_history *history, bool json, struct out *out);

#endif
