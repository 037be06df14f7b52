/* What a view is, to be remembered between runs: the drill-down root, the
 * selection, the filter and the marks.  In the interface they are eids,
 * which change whenever the model is built again; remembered (in the
 * notes file, notes_view_* in notes.h) they are entity ids, which do not.
 * This module turns one into the other: saved_view_record before storing,
 * saved_view_resolve after reading, dropping what the model no longer has.
 *
 * The marks are kept as text, one line a mark: its letter, the root's id
 * ("-" for the top) and the selection's id, separated by single spaces
 * ("a - syb\nb syb rhq\n").  Ids hold no spaces (icsview-model(5)). */
#ifndef ICSVIEW_SAVED_VIEW_H
#define ICSVIEW_SAVED_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "icsview/store/notes.h"
#include "icsview/store/store.h"
#include "icsview/views/history.h"

#define SAVED_VIEW_MARKS 26       /* the letters a-z */

/* A view as the interface holds it. */
struct saved_view {
	int64_t root;            /* 0: the top */
	int64_t selected;        /* 0: none */
	char *filter;            /* NULL: none */
	struct location marks[SAVED_VIEW_MARKS];   /* by letter; selected 0: not set */
};
void saved_view_clear(struct saved_view *view);
/* Same root, selection, filter and marks. */
bool saved_view_equal(const struct saved_view *a, const struct saved_view *b);
/* A copy of from into to (cleared first). */
void saved_view_copy(struct saved_view *to, const struct saved_view *from);

/* The record to store for view: eids as ids (an eid the model does not
 * have is left out), version NOTES_VIEW_VERSION.  0, or -1 with *error
 * (caller frees) when the model cannot be read; clear out with
 * notes_view_clear either way. */
int saved_view_record(struct store *st, const struct saved_view *view, struct notes_view *out,
                      char **error);

/* What a remembered view named that the model no longer has. */
struct saved_view_losses {
	bool root;               /* the root is gone: the top instead */
	bool selected;           /* the selection is gone */
	size_t marks;            /* marks dropped */
};

enum saved_view_result {
	SAVED_VIEW_OK,           /* *out holds what the model still has */
	SAVED_VIEW_DAMAGED,      /* the record is not one icsview writes: *error */
	SAVED_VIEW_NEWER,        /* written in a newer format: *error */
	SAVED_VIEW_FAILED,       /* the model could not be read: *error */
};
/* The view a record names, in this model's eids.  The filter is passed on
 * as text: whether it still parses and fits the model is for whoever
 * applies it.  *error (caller frees) is set unless SAVED_VIEW_OK; *out is
 * then empty. */
enum saved_view_result saved_view_resolve(struct store *st, const struct notes_view *record,
                                          struct saved_view *out,
                                          struct saved_view_losses *lost, char **error);

/* The marks as ids, by letter; root NULL: the top, selected NULL: not set. */
struct saved_mark_ids {
	char *root, *selected;
};
void saved_marks_clear(struct saved_mark_ids marks[SAVED_VIEW_MARKS]);
/* The text for the marks that are set; "" when none is.  Caller frees. */
char *saved_marks_format(const struct saved_mark_ids marks[SAVED_VIEW_MARKS]);
/* Reads the text back; -1 with *error (caller frees; nothing filled) when
 * it is not what saved_marks_format writes.  NULL text: no marks. */
int saved_marks_parse(const char *text, struct saved_mark_ids marks[SAVED_VIEW_MARKS],
                      char **error);

#endif
