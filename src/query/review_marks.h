/* The review's marks (review.c) as filters test them (filter_sql.c): one
 * row per entity with a note in the model connection's temp.review_marks;
 * flag as enum note_flag.  And what review.c shares with
 * review_conflicts.c. */
#ifndef ICSVIEW_REVIEW_MARKS_H
#define ICSVIEW_REVIEW_MARKS_H

#include <stdbool.h>
#include <stdint.h>
#include "icsview/query/review.h"

#define REVIEW_MARKS_TABLE_SQL \
	"CREATE TEMP TABLE IF NOT EXISTS review_marks(eid INTEGER PRIMARY KEY," \
	" flag INTEGER NOT NULL, reviewed INTEGER NOT NULL, noted INTEGER NOT NULL);"

/* The entities with a conflict still to resolve (review_conflicts.c), as
 * review:conflict tests them: one row each in temp.review_conflicts. */
#define REVIEW_CONFLICTS_TABLE_SQL \
	"CREATE TEMP TABLE IF NOT EXISTS review_conflicts(eid INTEGER PRIMARY KEY);"

/* The eid of the entity whose id is exactly `id` (0: none); *failed set
 * when the model could not be read. */
int64_t review_eid_of_id(struct store *st, const char *id, bool *failed);
/* Records "cannot WHAT: why" in r->errmsg; returns STORE_ERROR. */
int review_fail(struct review *r, const char *what);

#endif
