/* The detail pane's content for one entity, as lines already wrapped to the
 * pane's width and made safe for a terminal (control characters escaped).
 * Lines that name another entity carry it, so the pane can follow links. */
#ifndef ICSVIEW_DETAIL_H
#define ICSVIEW_DETAIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "icsview/store/store.h"

enum detail_style {
	DETAIL_TITLE,           /* the entity's name */
	DETAIL_SUBTITLE,        /* kind, type, id; closed; counts by type */
	DETAIL_HEADING,         /* Facts, Links, …: can be folded (`fold`) */
	DETAIL_GROUP,           /* a relation name and its count: can be folded */
	DETAIL_KEY_VALUE,       /* `key` is drawn in its own column, `column`
	                           wide; its value's later lines are
	                           DETAIL_KEY_VALUE lines without a key */
	DETAIL_TEXT,
	DETAIL_LINK,            /* names another entity: `target` */
	DETAIL_NOTE,            /* sources, positions: drawn dim */
	DETAIL_MORE,            /* `… N more REL links`: a group cut short, whose
	                           next page detail_load_more reads */
	DETAIL_KEY,             /* a key too wide for its column, alone on its
	                           line (its value follows, indented) */
};

/* Links are listed DETAIL_PAGE to a group at first, and each
 * detail_load_more adds DETAIL_PAGE more. */
#define DETAIL_PAGE 50

struct detail_line {
	enum detail_style style;
	char *key;              /* DETAIL_KEY_VALUE: the key, else NULL */
	char *text;
	int64_t target;         /* DETAIL_LINK: the entity it names */
	unsigned indent;
	unsigned column;        /* DETAIL_KEY_VALUE with a key: where the value
	                           starts, after `indent` */
	bool continuation;      /* a wrapped line's later line: selected with its first */
	size_t group;           /* DETAIL_MORE: the group it continues (in groups) */
	char *fold;             /* a heading or group's first line: what names it
	                           among the folded (detail.folded), else NULL */
	bool folded;            /* that heading or group is folded: its lines are
	                           left out */
};

/* A heading's text starts this many columns after its indent: the place of
 * its fold marker (▾ or ▸), which the pane draws. */
#define DETAIL_MARKER_WIDTH 2
/* The widest column a key takes: a third of the pane when that is less. */
#define DETAIL_KEY_COLUMN 22

/* A group of links (one relation, one direction) as listed so far. */
struct detail_group {
	enum link_direction direction;
	char *rel, *label;
	size_t shown;           /* links listed (or kept while folded) */
	int64_t after;          /* the last of them (its lid) */
	int64_t left;           /* links not listed yet: 0 when the group is whole */
};

struct review_history;

struct detail {
	int64_t eid;
	enum entity_state state;        /* where it stands, as its tree row has it */
	size_t width;
	struct detail_line *lines;
	size_t count, cap;
	struct detail_group *groups;    /* every link group, in the order shown */
	size_t group_count, group_cap;
	char **folded;          /* the fold keys of the folded headings and groups */
	size_t folded_count, folded_cap;
	/* Set before detail_build_reviewed (not owned; NULL: none): the note's
	 * history (review_history_read, newest first), whose first
	 * DETAIL_REVIEW_CHANGES changes the Review section lists. */
	const struct review_history *review_changes;
	/* The same for a text an import left beside the note, still to resolve
	 * (notes_conflict; NULL: none): said first among the changes. */
	const struct note *review_conflict;
};
#define DETAIL_REVIEW_CHANGES 3

/* Builds the lines for `eid` at `width` columns, every line within it (a
 * word wider than the pane is broken).  STORE_OK or STORE_ERROR.
 * Each group of links lists its first DETAIL_PAGE links, then a
 * DETAIL_MORE line when there are more; building the same entity again
 * (d->eid == eid: a resize, a changed note, a fold) lists as many as
 * before and keeps what is folded; another entity starts unfolded. */
int detail_build(struct detail *d, struct store *st, int64_t eid, size_t width);
struct note;
/* The same with a Review section after the heading: the note's flag,
 * reviewed mark, text (its line breaks kept), last change and, from
 * d->review_changes, the last few changes (who, when, what: before →
 * after, a text by its first line); for an
 * entity without a note (note->who NULL and nothing set), a line saying
 * how to write one; draft_when (or NULL): when the draft the editor offers
 * back was kept (notes_keep_draft), said in a line of its own.  note
 * NULL: no section (no notes file). */
int detail_build_reviewed(struct detail *d, struct store *st, int64_t eid, size_t width,
                          const struct note *note, const char *draft_when);
void detail_clear(struct detail *d);
struct review_change;
/* The line saying that an import left theirs beside the note (a note
 * from notes_conflict: who, when): "imported note of ann (2026-12-06
 * 09:24) differs: e to choose".  Caller frees. */
char *detail_conflict_line(const struct note *theirs);
/* One change in a few words, as the Review section lists it: "2026-12-06
 * 09:24 ann: flag none → concern", a text by its first line, cut short
 * (quoted).  Caller frees.  The values are as stored: the drawing
 * escapes them. */
char *detail_change_line(const struct review_change *c);
/* Lists the next DETAIL_PAGE links of the group cut at line `index` (a
 * DETAIL_MORE line or one of its continuations): they take the place of
 * its more line, followed by a new one if some are still left.  The lines
 * before keep their index; *first is the first line added (the first new
 * link).  STORE_OK, STORE_NOT_FOUND (not a more line) or STORE_ERROR (the
 * lines are left as they were). */
int detail_load_more(struct detail *d, struct store *st, size_t index, size_t *first);
/* The next (dir 1) or previous (dir -1) link or more line from `from`,
 * or (size_t)-1. */
size_t detail_next_link(const struct detail *d, size_t from, int dir);
/* The same for every line that can be selected: a link, a more line, a
 * heading or a group's header. */
size_t detail_next_stop(const struct detail *d, size_t from, int dir);
/* The same for headings and group headers alone. */
size_t detail_next_header(const struct detail *d, size_t from, int dir);
/* Line `index` starts a heading or a group header (one that folds). */
bool detail_is_header(const struct detail *d, size_t index);
/* Line `index` is part of a line that can be selected. */
bool detail_is_selectable(const struct detail *d, size_t index);
/* Folds the heading or group at line `index`, or unfolds it; the lines
 * change at the next detail_build of the same entity.  False when it is
 * not a header. */
bool detail_toggle_fold(struct detail *d, size_t index);
/* The first line of the link that line `index` belongs to (itself when it
 * is not a continuation). */
size_t detail_link_head(const struct detail *d, size_t index);

#endif
