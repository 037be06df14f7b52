/* A note changed by another while it was being edited: the editor's box
 * shows the other's text, who wrote it and when, and the user keeps
 * theirs, keeps the other's, or keeps both (each attributed).  Found when
 * saving (^S: the choice saves at once) or by ^R in the editor (the
 * choice goes into the editor, saved with ^S as usual).  The same for a
 * different text an import kept beside the note (notes_import.h), shown
 * when its editor opens: the choice is saved and resolves it at once. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "tui_private.h"

enum { CONFLICT_ESC = 27, CONFLICT_CTRL_C = 3 };

void tui_conflict_open(struct tui *t, struct note *theirs, bool at_save)
{
	struct note_editor *ed = &t->editor;

	tui_conflict_close(t);
	ed->theirs = *theirs;
	memset(theirs, 0, sizeof(*theirs));
	textedit_init(&ed->theirs_te, ed->theirs.text);
	ed->conflict = true;
	ed->conflict_at_save = at_save;
	ed->confirm_discard = false;
	tui_message(t, true, "%s saved this note meanwhile: keep m yours, t theirs, b both",
	            ed->theirs.who ? ed->theirs.who : "someone");
}

void tui_conflict_open_imported(struct tui *t, struct note *theirs)
{
	tui_conflict_open(t, theirs, false);
	t->editor.conflict_imported = true;
	tui_message(t, true, "%s's imported note differs: keep m yours, t theirs, b both",
	            t->editor.theirs.who ? t->editor.theirs.who : "someone");
}

void tui_conflict_close(struct tui *t)
{
	note_clear(&t->editor.theirs);
	textedit_free(&t->editor.theirs_te);
	t->editor.conflict = false;
	t->editor.conflict_at_save = false;
	t->editor.conflict_imported = false;
}

/* The editor's text replaced (its cursor at the end). */
static void replace_text(struct tui *t, const char *text, bool modified)
{
	textedit_free(&t->editor.te);
	textedit_init(&t->editor.te, text);
	t->editor.te.modified = modified;
	t->editor.top = 0;
}

static void keep_mine(struct tui *t)
{
	bool at_save = t->editor.conflict_at_save;

	t->editor.base = t->editor.theirs.version;
	t->editor.te.modified = true;
	tui_conflict_close(t);
	if (at_save)
		tui_editor_save(t);   /* over the version just shown: another change asks again */
	else
		tui_message(t, false, "keeping your text: ^S saves it over theirs");
}

static void keep_theirs(struct tui *t)
{
	struct entity e = { .eid = t->editor.eid, .id = t->editor.entity_id };
	char *who = xstrdup(t->editor.theirs.who ? t->editor.theirs.who : "someone");

	if (t->editor.conflict_at_save) {
		tui_review_changed(t, &e);
		tui_editor_close(t);
	} else {
		t->editor.base = t->editor.theirs.version;
		replace_text(t, t->editor.theirs.text, false);
		tui_conflict_close(t);
	}
	tui_message(t, false, "kept %s's text", who);
	free(who);
}

/* Now in UTC, as the notes file writes times. */
static void utc_now(char buf[32])
{
	time_t now = time(NULL);
	struct tm tm;

	if (!gmtime_r(&now, &tm) || strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(buf, 32, "%lld", (long long)now);
}

static void keep_both(struct tui *t)
{
	struct note_editor *ed = &t->editor;
	char now[32], *mine = xstrdup(textedit_text(&ed->te)), *both;
	bool at_save = ed->conflict_at_save;

	utc_now(now);
	both = notes_join_texts(ed->theirs.text, ed->theirs.who, ed->theirs.when, mine,
	                        notes_user(t->review.notes), now);
	ed->base = ed->theirs.version;
	replace_text(t, both, true);
	tui_conflict_close(t);
	if (at_save)
		tui_editor_save(t);
	else
		tui_message(t, false, "both texts kept in the editor: ^S saves them");
	free(both);
	free(mine);
}

/* An import's conflict resolved: the text kept (NULL: the note's as it
 * is) saved with the resolution, and the editor closed. */
static void resolve_imported(struct tui *t, const char *text, const char *how)
{
	struct note_editor *ed = &t->editor;
	struct entity e = { .eid = ed->eid, .id = ed->entity_id };
	char *who = xstrdup(ed->theirs.who ? ed->theirs.who : "someone");

	if (notes_resolve_conflict(t->review.notes, ed->entity_id, text, how) < 0) {
		tui_message(t, true, "cannot resolve the conflict: %s", notes_errmsg(t->review.notes));
		free(who);
		return;
	}
	tui_review_changed(t, &e);
	tui_editor_close(t);
	tui_message(t, false, "%s (%s's imported text stays in the history)", how, who);
	free(who);
}

static void keep_both_imported(struct tui *t)
{
	struct note_editor *ed = &t->editor;
	struct note mine;
	char *both;

	if (notes_text_change(t->review.notes, ed->entity_id, &mine) < 0) {
		tui_message(t, true, "cannot read the note: %s", notes_errmsg(t->review.notes));
		return;
	}
	both = notes_join_texts(ed->theirs.text, ed->theirs.who, ed->theirs.when, mine.text,
	                        mine.who, mine.when);
	note_clear(&mine);
	resolve_imported(t, both, "kept both");
	free(both);
}

static void imported_key(struct tui *t, int key)
{
	switch (key) {
	case 'm': resolve_imported(t, NULL, "kept mine"); break;
	case 't': {
		char *theirs = xstrdup(t->editor.theirs.text ? t->editor.theirs.text : "");
		resolve_imported(t, theirs, "kept theirs");
		free(theirs);
		break;
	}
	case 'b': keep_both_imported(t); break;
	case CONFLICT_ESC:
	case CONFLICT_CTRL_C:
		tui_conflict_close(t);
		tui_message(t, false, "the imported text still waits: e on this entity asks again");
		break;
	default: break;
	}
}

void tui_conflict_key(struct tui *t, int key, bool is_code)
{
	if (is_code)
		return;
	if (t->editor.conflict_imported) {
		imported_key(t, key);
		return;
	}
	switch (key) {
	case 'm': keep_mine(t); break;
	case 't': keep_theirs(t); break;
	case 'b': keep_both(t); break;
	case CONFLICT_ESC:
	case CONFLICT_CTRL_C:
		/* back to the text: ^S asks again, nothing is lost */
		tui_conflict_close(t);
		tui_message(t, false, "back to your text: ^S will ask again");
		break;
	default: break;
	}
}

void tui_conflict_check(struct tui *t)
{
	struct note theirs;

	if (!t->review.notes)
		return;
	if (notes_text_change(t->review.notes, t->editor.entity_id, &theirs) < 0) {
		tui_message(t, true, "cannot read the note: %s", notes_errmsg(t->review.notes));
		return;
	}
	if (theirs.version == t->editor.base) {
		tui_message(t, false, "nobody else has changed this note");
		note_clear(&theirs);
		return;
	}
	tui_conflict_open(t, &theirs, false);
}
