/* What the review's formats share (review_export.c gathers, each format
 * writes): the entries of the review in order, and their counts. */
#ifndef ICSVIEW_REVIEW_EXPORT_PRIVATE_H
#define ICSVIEW_REVIEW_EXPORT_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include "icsview/base/util.h"
#include "icsview/query/review_export.h"
#include "icsview/store/notes_import.h"

struct entry {
	struct note note;
	struct entity e;            /* eid 0: orphaned */
	struct eid_list chain;      /* root first, the entity last */
	struct source_list sources;
	struct note_field_changes changes;   /* JSON only: each field's last change */
	struct note conflict;       /* an import's text still to resolve (theirs:
	                               text, who, when); entity_id NULL: none */
};

struct review_doc {
	struct store *st;
	struct notes *notes;
	const struct review_export_options *opts;
	struct out *out;
	struct entry *entries;      /* in tree order, then the orphans */
	size_t count, placed;       /* placed: those in the model */
	size_t reviewed, noted, flagged, flags[NOTE_FLAG_COUNT];
	size_t conflicts;           /* entries with a conflict still to resolve */
	char when[32];
	struct string_list roots;   /* JSON only: the model's identity */
	char *error;
};

/* The name of an entity (a copy; "?" when it cannot be read). */
char *review_name_of(struct review_doc *d, int64_t eid);
/* The names above the entry's entity, joined by separator (a copy). */
char *review_path_of(struct review_doc *d, const struct entry *x, const char *separator);
/* The flag's name, "none" for none. */
const char *review_flag_name(const struct note *n);
/* Whether the entry has a conflict still to resolve. */
bool review_has_pending(const struct entry *x);

/* The Markdown document (review_export_md.c). */
void review_write_md(struct review_doc *d);

/* Appends one line of a note (no line break in it) escaped so that
 * CommonMark renders it as the text it is: every character that could
 * begin or end inline markup (\ ` * _ [ ] < > # | ~ &) escaped, a block
 * marker at its start escaped, its leading spaces written as character
 * references so that they start no indented code, and control characters
 * shown (^[) as everywhere else. */
void review_md_note_line(struct strbuf *sb, const char *line, size_t n);

#endif
