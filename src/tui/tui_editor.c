/* The note editor: a box over the detail pane, or the user's own editor
 * ($VISUAL, $EDITOR) run on a file with the terminal lent to it; drafts
 * kept when the interface was ended with a note unsaved. */
#include <curses.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "icsview/base/output.h"
#include "icsview/base/paths.h"
#include "tui_private.h"
#include "tui_term.h"

/* A draft kept when an earlier session was interrupted replaces the text
 * in the editor, unsaved: ^S makes it the note, Esc discards it. */
static void offer_draft(struct tui *t, const char *entity_id)
{
	struct note_change draft;

	if (notes_draft(t->review.notes, entity_id, &draft) != NOTES_OK)
		return;
	textedit_free(&t->editor.te);
	textedit_init(&t->editor.te, draft.value ? draft.value : "");
	t->editor.te.modified = true;
	t->editor.recovered = true;
	/* what to do first: at 80 columns the time is cut off */
	tui_message(t, false, "draft from an interrupted session: ^S saves it, Esc discards it (%s)",
	            draft.when ? draft.when : "time unknown");
	note_change_clear(&draft);
}

/* A different text an import kept beside the note is shown to choose
 * from before anything is typed. */
static void offer_imported(struct tui *t, const char *entity_id)
{
	struct note theirs;

	if (notes_conflict(t->review.notes, entity_id, &theirs) == NOTES_OK)
		tui_conflict_open_imported(t, &theirs);
}

void tui_editor_close(struct tui *t)
{
	tui_conflict_close(t);
	textedit_free(&t->editor.te);
	free(t->editor.entity_id);
	free(t->editor.name);
	memset(&t->editor, 0, sizeof(t->editor));
}

char *tui_editor_keep_draft(struct tui *t)
{
	const char *text;
	char *said;

	if (!t->editor.active || !t->editor.te.modified || !t->review.notes)
		return NULL;
	text = textedit_text(&t->editor.te);
	if (notes_keep_draft(t->review.notes, t->editor.entity_id, text) != NOTES_OK)
		return xasprintf("the note being written for %s was not saved and could not be kept "
		                 "as a draft: %s", t->editor.entity_id, notes_errmsg(t->review.notes));
	said = xasprintf("the unsaved note for %s is kept as a draft: e on it offers it back",
	                 t->editor.entity_id);
	tui_editor_close(t);
	return said;
}

void tui_editor_open(struct tui *t)
{
	struct entity e;
	struct note n;

	if (!tui_review_selected(t, true, &e))
		return;
	if (notes_get(t->review.notes, e.id, &n) < 0) {
		tui_message(t, true, "cannot read the note: %s", notes_errmsg(t->review.notes));
		entity_clear(&e);
		return;
	}
	tui_editor_close(t);
	textedit_init(&t->editor.te, n.text);
	offer_draft(t, e.id);
	t->editor.active = true;
	t->editor.eid = e.eid;
	t->editor.entity_id = xstrdup(e.id);
	t->editor.name = xstrdup(e.name);
	t->editor.base = n.version;
	note_clear(&n);
	if (!t->editor.recovered)   /* a draft first: its message says what to do */
		offer_imported(t, e.id);
	entity_clear(&e);
}

void tui_editor_place(struct tui *t)
{
	struct note_editor *ed = &t->editor;
	struct text_rows rows = { 0 };
	struct area box;
	size_t row, col;

	if (!tui_editor_box(&t->layout, &box))
		return;
	ed->h = box.h - 2;
	ed->w = box.w - 2;
	textedit_layout(&ed->te, (size_t)ed->w, &rows);
	textedit_cursor_at(&ed->te, &rows, &row, &col);
	if (row < ed->top)
		ed->top = row;
	else if (row >= ed->top + (size_t)ed->h)
		ed->top = row - (size_t)ed->h + 1;
	text_rows_clear(&rows);
}

/* The text without the line breaks and spaces an editor leaves at the end. */
static void trim_end(char *text)
{
	size_t n = strlen(text);

	while (n && (text[n - 1] == '\n' || text[n - 1] == ' ' || text[n - 1] == '\r'))
		text[--n] = '\0';
}

enum save_outcome { SAVE_DONE, SAVE_FAILED, SAVE_CONFLICT };

/* Saves raw over version base: SAVE_CONFLICT (with *theirs) when another
 * changed the note since. */
static enum save_outcome save_text(struct tui *t, int64_t eid, const char *entity_id,
                                   const char *raw, int64_t base, struct note *theirs)
{
	char *text = xstrdup(raw);
	struct entity e = { .eid = eid, .id = (char *)entity_id };
	enum save_outcome outcome;
	int result;

	trim_end(text);
	result = notes_save_text(t->review.notes, entity_id, text, base, theirs);
	if (result == NOTES_OK) {
		tui_review_changed(t, &e);
		tui_message(t, false, "note saved");
		outcome = SAVE_DONE;
	} else if (result == NOTES_CONFLICT) {
		outcome = SAVE_CONFLICT;
	} else {
		tui_review_write_failed(t, "note");
		outcome = SAVE_FAILED;
	}
	free(text);
	return outcome;
}

void tui_editor_save(struct tui *t)
{
	struct note theirs;

	if (!t->editor.te.modified) {
		tui_editor_close(t);
		tui_message(t, false, "note unchanged");
		return;
	}
	/* on failure the editor stays open with the text: nothing is lost */
	switch (save_text(t, t->editor.eid, t->editor.entity_id, textedit_text(&t->editor.te),
	                  t->editor.base, &theirs)) {
	case SAVE_DONE: tui_editor_close(t); break;
	case SAVE_FAILED: break;
	case SAVE_CONFLICT: tui_conflict_open(t, &theirs, true); break;
	}
}

static void editor_cancel(struct tui *t)
{
	if (t->editor.te.modified && !t->editor.confirm_discard) {
		t->editor.confirm_discard = true;
		return;
	}
	tui_editor_close(t);
	tui_message(t, false, "note not changed");
}

/* ESC then a key: Alt+key.  Plain ESC when nothing follows at once. */
static void editor_escape(struct tui *t)
{
	wint_t next;
	int rc;

	timeout(40);
	rc = get_wch(&next);
	timeout(-1);
	if (rc == ERR) {
		editor_cancel(t);
		return;
	}
	if (rc == OK && next == 'b')
		textedit_word_left(&t->editor.te);
	else if (rc == OK && next == 'f')
		textedit_word_right(&t->editor.te);
	else if ((rc == OK && (next == 127 || next == 8)) || (rc == KEY_CODE_YES && next == KEY_BACKSPACE))
		textedit_delete_word_back(&t->editor.te);
	else {
		/* Esc typed quickly before another key: both, in order */
		editor_cancel(t);
		if (t->editor.active)
			tui_editor_key(t, (int)next, rc == KEY_CODE_YES);
	}
}

static bool editor_code(struct tui *t, int key)
{
	struct textedit *te = &t->editor.te;
	size_t width = t->editor.w > 0 ? (size_t)t->editor.w : 40;
	size_t page = t->editor.h > 1 ? (size_t)t->editor.h - 1 : 1;

	switch (key) {
	case KEY_LEFT: textedit_left(te); return true;
	case KEY_RIGHT: textedit_right(te); return true;
	case KEY_UP: textedit_vertical(te, width, -1, 1); return true;
	case KEY_DOWN: textedit_vertical(te, width, 1, 1); return true;
	case KEY_PPAGE: textedit_vertical(te, width, -1, page); return true;
	case KEY_NPAGE: textedit_vertical(te, width, 1, page); return true;
	case KEY_HOME: textedit_home(te); return true;
	case KEY_END: textedit_end(te); return true;
	case KEY_BACKSPACE: textedit_backspace(te); return true;
	case KEY_DC: textedit_delete(te); return true;
	case KEY_ENTER: textedit_insert(te, "\n", 1); return true;
	case KEY_F(2): tui_editor_save(t); return true;
	default: break;
	}
	if (key == t->term.extra.ctrl_left && key)
		textedit_word_left(te);
	else if (key == t->term.extra.ctrl_right && key)
		textedit_word_right(te);
	else if (key == t->term.extra.ctrl_home && key)
		textedit_text_start(te);
	else if (key == t->term.extra.ctrl_end && key)
		textedit_text_end(te);
	else
		return false;
	return true;
}

static void editor_char(struct tui *t, int key)
{
	struct textedit *te = &t->editor.te;
	char bytes[MB_LEN_MAX > 16 ? MB_LEN_MAX : 16];
	int n;

	switch (key) {
	case 19: tui_editor_save(t); return;               /* ^S */
	case 18: tui_conflict_check(t); return;            /* ^R */
	case 27: editor_escape(t); return;
	case 3: editor_cancel(t); return;                  /* ^C: as Esc alone */
	case 1: textedit_home(te); return;                 /* ^A */
	case 5: textedit_end(te); return;                  /* ^E */
	case 2: textedit_left(te); return;                 /* ^B */
	case 6: textedit_right(te); return;                /* ^F */
	case 4: textedit_delete(te); return;               /* ^D */
	case 11: textedit_kill_to_end(te); return;         /* ^K */
	case 21: textedit_kill_to_start(te); return;       /* ^U */
	case 23: textedit_delete_word_back(te); return;    /* ^W */
	case 127: case 8: textedit_backspace(te); return;
	case '\r': case '\n': textedit_insert(te, "\n", 1); return;
	case '\t': textedit_insert(te, "    ", 4); return;
	default: break;
	}
	if (key < ' ')
		return;
	n = wctomb(bytes, (wchar_t)key);
	if (n > 0 && !textedit_insert(te, bytes, (size_t)n))
		tui_message(t, true, "a note holds at most %d bytes", TEXTEDIT_MAX);
}

void tui_editor_key(struct tui *t, int key, bool is_code)
{
	if (t->editor.conflict) {
		tui_conflict_key(t, key, is_code);
		return;
	}
	if (t->editor.confirm_discard) {
		t->editor.confirm_discard = false;
		if (!is_code && (key == 'y' || key == 'Y')) {
			if (t->editor.recovered && t->review.notes &&
			    notes_drop_draft(t->review.notes, t->editor.entity_id) != NOTES_OK) {
				tui_message(t, true, "cannot discard the draft: %s", notes_errmsg(t->review.notes));
				return;
			}
			tui_editor_close(t);
			t->detail.stale = true;   /* the draft's line goes */
			tui_message(t, false, "changes discarded");
		}
		return;
	}
	if (is_code && key == KEY_RESIZE)
		return;
	if (is_code ? editor_code(t, key) : (editor_char(t, key), true))
		return;
}

/* ---- the user's own editor --------------------------------------------------------- */

/* Runs the user's editor ($VISUAL, $EDITOR, else vi) on a file, the
 * terminal lent to it meanwhile; returns the editor's exit status, -1 if
 * it could not run. */
static int run_editor(const char *path)
{
	const char *editor = getenv("VISUAL");
	int status;

	if (!editor || !*editor)
		editor = getenv("EDITOR");
	if (!editor || !*editor)
		editor = "vi";
	status = tui_term_run_on_file(editor, path);
	return status == TUI_STATUS_CANNOT_RUN ? -1 : status;
}

/* Why what the editor left cannot be a note. */
enum unusable { USABLE, TOO_BIG, HOLDS_NUL };

/* What the editor left (NULL when the file cannot be read), and whether it
 * can be a note. */
static char *read_back(const char *path, enum unusable *unusable)
{
	FILE *f = fopen(path, "rb");
	struct strbuf sb = STRBUF_INIT;
	char buf[8192];
	size_t n;

	*unusable = USABLE;
	if (!f)
		return NULL;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		if (sb.len + n > NOTES_MAX_TEXT) {
			*unusable = TOO_BIG;
			break;
		}
		sb_add(&sb, buf, n);
	}
	fclose(f);
	/* a note is text: a NUL byte would cut it short where it stands */
	if (*unusable == USABLE && memchr(sb_str(&sb), '\0', sb.len))
		*unusable = HOLDS_NUL;
	return sb_detach(&sb);
}

/* What the user's editor left, saved; when another changed the note
 * meanwhile, the text goes to the box and the choice is shown there. */
static void save_external(struct tui *t, const struct entity *e, const char *text,
                          int64_t base)
{
	struct note theirs;

	if (save_text(t, e->eid, e->id, text, base, &theirs) != SAVE_CONFLICT)
		return;
	tui_editor_close(t);
	textedit_init(&t->editor.te, text);
	t->editor.te.modified = true;
	t->editor.active = true;
	t->editor.eid = e->eid;
	t->editor.entity_id = xstrdup(e->id);
	t->editor.name = xstrdup(e->name);
	t->editor.base = base;
	tui_conflict_open(t, &theirs, true);
}

void tui_editor_external(struct tui *t)
{
	char *file = temp_path("icsview-note-XXXXXX");
	struct entity e;
	struct note n;
	enum unusable unusable;
	char *text;
	int fd, status;

	if (!tui_review_selected(t, true, &e)) {
		free(file);
		return;
	}
	if (notes_get(t->review.notes, e.id, &n) < 0) {
		tui_message(t, true, "cannot read the note: %s", notes_errmsg(t->review.notes));
		goto done;
	}
	fd = mkstemp(file);
	if (fd < 0 || write(fd, n.text, strlen(n.text)) < 0 || (n.text[0] && write(fd, "\n", 1) < 0)) {
		tui_message(t, true, "cannot write a file for the editor: %s", strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(file);
		}
		goto done;
	}
	close(fd);
	status = run_editor(file);
	text = read_back(file, &unusable);
	unlink(file);
	if (status != 0)
		tui_message(t, true, status < 0 ? "cannot run the editor: the note is unchanged"
		                                : "the editor failed (status %d): the note is unchanged",
		            status);
	else if (!text)
		tui_message(t, true, "cannot read the editor's file back: the note is unchanged");
	else if (unusable == TOO_BIG)
		tui_message(t, true, "the note is over %d bytes: not saved", NOTES_MAX_TEXT);
	else if (unusable == HOLDS_NUL)
		tui_message(t, true, "the note holds a NUL byte, which a note cannot hold: not saved");
	else {
		trim_end(text);
		if (strcmp(text, n.text) == 0)
			tui_message(t, false, "note unchanged");
		else
			save_external(t, &e, text, n.version);
	}
	free(text);
done:
	note_clear(&n);
	entity_clear(&e);
	free(file);
}
