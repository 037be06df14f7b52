/* The review's marks (review.c) as filters test them (filter_sql.c): one
 * row per entity with a note in the model connection's temp.review_marks;
 * flag as enum note_flag. */
#ifndef ICSVIEW_REVIEW_MARKS_H
#define ICSVIEW_REVIEW_MARKS_H

#define REVIEW_MARKS_TABLE_SQL \
	"CREATE TEMP TABLE IF NOT EXISTS review_marks(eid INTEGER PRIMARY KEY," \
	" flag INTEGER NOT NULL, reviewed INTEGER NOT NULL, noted INTEGER NOT NULL);"

#endif
