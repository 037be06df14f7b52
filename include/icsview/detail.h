/* The detail pane's content for one entity, as lines already wrapped to the
 * pane's width and made safe for a terminal (control characters escaped).
 * Lines that name another entity carry it, so the pane can follow links. */
#ifndef ICSVIEW_DETAIL_H
#define ICSVIEW_DETAIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "icsview/store.h"

enum detail_style {
	DETAIL_TITLE,           /* the entity's name */
	DETAIL_SUBTITLE,        /* kind, type, id */
	DETAIL_HEADING,         /* Facts, Links, … */
	DETAIL_GROUP,           /* a relation name */
	DETAIL_KEY_VALUE,       /* `key` is drawn in its own column */
	DETAIL_TEXT,
	DETAIL_LINK,            /* names another entity: `target` */
	DETAIL_NOTE,            /* sources, positions: drawn dim */
};

struct detail_line {
	enum detail_style style;
	char *key;              /* DETAIL_KEY_VALUE: the key, else NULL */
	char *text;
	int64_t target;         /* DETAIL_LINK: the entity it names */
	unsigned indent;
	bool continuation;      /* a wrapped link's later line: selected with its first */
};

struct detail {
	int64_t eid;
	size_t width;
	struct detail_line *lines;
	size_t count, cap;
};

/* Builds the lines for `eid` at `width` columns.  STORE_OK or STORE_ERROR. */
int detail_build(struct detail *d, struct store *st, int64_t eid, size_t width);
struct note;
/* The same with a Review section after the heading: the note's flag,
 * reviewed mark, text (its line breaks kept) and last change; for an
 * entity without a note (note->who NULL and nothing set), a line saying
 * how to write one.  note NULL: no section (no notes file). */
int detail_build_reviewed(struct detail *d, struct store *st, int64_t eid, size_t width,
                          const struct note *note);
void detail_clear(struct detail *d);
/* The next (dir 1) or previous (dir -1) link line from `from`, or
 * (size_t)-1. */
size_t detail_next_link(const struct detail *d, size_t from, int dir);
/* The first line of the link that line `index` belongs to (itself when it
 * is not a continuation). */
size_t detail_link_head(const struct detail *d, size_t index);

#endif
