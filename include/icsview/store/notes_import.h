/* A review made elsewhere merged into the notes file (icsview review
 * import), and the conflicts it leaves for a person to resolve.
 *
 * The rules, field by field for each entity imported:
 *   text      theirs empty, or the same as ours: nothing.  A text this file
 *             has already seen for the entity (an earlier text of it, a
 *             deleted one, one imported before): nothing, so that importing
 *             twice changes nothing and an old copy does not come back.
 *             Ours empty: theirs is added.  Else both differ: ours stays and
 *             theirs is kept beside it as a conflict (a history row of what
 *             'conflict', attributed to its author), to be resolved in the
 *             interface (notes_conflict, notes_resolve_conflict).
 *   flag,     the latest change wins, by the time of each side's last change
 *   reviewed  to that field (theirs never changed: nothing; a tie: ours).
 *             Theirs winning is written as their change (their name and
 *             time); ours winning, theirs goes to the history as 'lost flag'
 *             or 'lost reviewed' (once: the same loss is not recorded again).
 * Every change written carries its author and time; the import itself is a
 * history row of what 'import' (no entity), by the importing user, whose
 * value is the file it came from.
 *
 * The whole import is one transaction (BEGIN IMMEDIATE): another process
 * writing meanwhile waits, or makes it fail whole; a failure leaves the file
 * as it was.  A dry run computes the same steps in a read transaction and
 * writes nothing. */
#ifndef ICSVIEW_NOTES_IMPORT_H
#define ICSVIEW_NOTES_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include "icsview/store/notes.h"

/* Who last changed one field of an imported note, and when (UTC, as the
 * notes file writes times: 2024-05-01T12:34:56Z); who NULL: never. */
struct note_import_change {
	const char *who;
	const char *when;
};

struct note_import {
	const char *entity_id;
	const char *text;                     /* "" when none */
	enum note_flag flag;
	bool reviewed;
	struct note_import_change text_change, flag_change, reviewed_change;
};

enum note_import_field { IMPORT_TEXT, IMPORT_FLAG, IMPORT_REVIEWED, IMPORT_FIELD_COUNT };

/* The last change to each field of the entity's note (a deletion is a
 * change to every field): who and when, NULL when never; what a review
 * export writes so that another's import can tell the latest change. */
struct note_field_changes {
	char *who[IMPORT_FIELD_COUNT];
	char *when[IMPORT_FIELD_COUNT];
};
void note_field_changes_clear(struct note_field_changes *c);
/* NOTES_OK, or NOTES_ERROR (out empty). */
int notes_field_changes(struct notes *notes, const char *entity_id,
                        struct note_field_changes *out);

enum note_import_action {
	IMPORT_ADD,        /* their text, where ours is empty */
	IMPORT_CONFLICT,   /* their text kept beside ours, to resolve */
	IMPORT_TAKE,       /* their flag or mark is later: it replaces ours */
	IMPORT_KEEP,       /* ours is later: theirs goes to the history */
};

/* One change an import makes (or would make, in a dry run). */
struct note_import_step {
	size_t entry;                         /* index into the entries imported */
	enum note_import_field field;
	enum note_import_action action;
	char *ours, *theirs;                  /* the values, as the history writes them */
};

struct note_import_report {
	struct note_import_step *items;
	size_t count, cap;
	size_t unchanged;                     /* entries that changed nothing */
};
void note_import_report_clear(struct note_import_report *report);

/* Merges entries[0..count) (each entity once: NOTES_INVALID otherwise) by
 * the rules above, recording `source` (the file's name) in the history.
 * NOTES_OK with *out the steps (empty: nothing to change; no history row
 * then either), or NOTES_ERROR, NOTES_READ_ONLY, NOTES_TOO_LARGE,
 * NOTES_INVALID with notes_errmsg saying why and nothing written. */
int notes_import(struct notes *notes, const struct note_import *entries, size_t count,
                 const char *source, bool dry_run, struct note_import_report *out);

/* The entity's conflict still to resolve: its text, author and time in
 * *theirs (free with note_clear; version the note's own), NOTES_OK; or
 * NOTES_NOT_FOUND (out zeroed). */
int notes_conflict(struct notes *notes, const char *entity_id, struct note *theirs);
/* Resolves it in one transaction: with text, the note's text becomes text
 * (by this user, now); then the conflict is marked resolved with `how`
 * ("kept mine", "kept theirs", "kept both") as a history row of what
 * 'resolved'.  NOTES_NOT_FOUND when there was none. */
int notes_resolve_conflict(struct notes *notes, const char *entity_id, const char *text,
                           const char *how);
/* Every conflict still to resolve of the model key, one per entity (its
 * latest), by entity id (byte order): entity_id, text, who and when of
 * theirs (flag none, not reviewed, version 0).  NOTES_OK with *out (free
 * with note_list_clear), or NOTES_ERROR (out empty). */
int notes_conflicts_list(struct notes *notes, struct note_list *out);
/* How many entities of the model key have a conflict still to resolve,
 * and the first of them by id (caller frees; NULL when none). */
int notes_conflicts_pending(struct notes *notes, size_t *count, char **first_entity_id);

#endif
