/* The marks a tree row shows when the model is compared with an older one
 * (icsview --since, since.h): one glyph a row, for its most telling change,
 * with its ASCII form and the colour it is drawn in, shared by the tree
 * and the help's legend so that they cannot disagree. */
#ifndef ICSVIEW_CHANGE_MARKS_H
#define ICSVIEW_CHANGE_MARKS_H

#include <stdbool.h>

/* The colour of a mark, which the interface maps to its colour pairs. */
enum change_colour {
	CHANGE_GREEN,           /* added */
	CHANGE_RED,             /* something under it removed */
	CHANGE_YELLOW,          /* replaced, moved, renamed */
	CHANGE_CYAN,            /* its kind, type, facts, links or sources */
};

struct change_mark {
	unsigned bits;          /* the kinds of change it stands for (since.h's bits) */
	const char *unicode, *ascii;
	enum change_colour colour;
	const char *meaning;    /* for the legend */
};

/* The marks in the order they are chosen: the first whose bits a row's
 * changes have is the one it shows. */
extern const struct change_mark change_marks[];
extern const unsigned change_mark_count;

/* The mark for an entity's kinds of change (since_flags), NULL for none. */
const struct change_mark *change_mark_of(unsigned flags);

#endif
