/* The marks of the tree's changed rows: see change_marks.h. */
#include "icsview/views/change_marks.h"

#include <stddef.h>
#include "icsview/query/since.h"

#define CONTENT_BITS \
	(SINCE_BIT(DIFF_KIND) | SINCE_BIT(DIFF_TYPE) | SINCE_BIT(DIFF_FACTS) | \
	 SINCE_BIT(DIFF_LINKS) | SINCE_BIT(DIFF_SOURCES))

const struct change_mark change_marks[] = {
	{ SINCE_BIT(DIFF_ADDED), "+", "+", CHANGE_GREEN, "added since the older model" },
	{ SINCE_BIT(DIFF_REPLACED), "⇄", "=", CHANGE_YELLOW,
	  "replaced: new, the successor_of an entity of the older model" },
	{ SINCE_BIT(DIFF_MOVED), "↷", ">", CHANGE_YELLOW, "moved: under another parent" },
	{ SINCE_BIT(DIFF_RENAMED), "✎", "~", CHANGE_YELLOW, "renamed" },
	{ SINCE_BIT(DIFF_REMOVED), "-", "-", CHANGE_RED,
	  "removed: shown dimmed under its old parent, which has the mark too" },
	{ CONTENT_BITS, "*", "*", CHANGE_CYAN, "changed: its kind, type, facts, links or sources" },
};
const unsigned change_mark_count = sizeof(change_marks) / sizeof(change_marks[0]);

const struct change_mark *change_mark_of(unsigned flags)
{
	for (unsigned i = 0; i < change_mark_count; i++)
		if (flags & change_marks[i].bits)
			return &change_marks[i];
	return NULL;
}
