/* The review in the interface: the note editor (a box over the detail
 * pane, or the user's $VISUAL/$EDITOR), flags and reviewed marks, the
 * progress in the status line, the next entity to review, the refresh key
 * and :export review.  Every change is saved at once by the notes store;
 * a change that cannot be saved says why and loses nothing typed. */
#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "icsview/base/output.h"
#include "icsview/base/paths.h"
#include "icsview/query/review_export.h"
#include "tui_private.h"

/* ---- opening ---------------------------------------------------------------- */

/* After an SSH drop nobody saw the message that a draft was kept: say so
 * when the interface opens again. */
static void say_drafts_kept(struct tui *t)
{
	size_t count = 0;
	char *newest = NULL;

	if (t->notes)
		notes_drafts_kept(t->notes, &count, &newest);   /* on failure: nothing to say */
	if (count == 0 || !newest) {
		free(newest);
		return;
	}
	if (count == 1)
		tui_message(t, false, "unsaved note for %s kept as a draft (icsview was interrupted): "
		            ":goto it, then e", newest);
	else
		tui_message(t, false, "%zu unsaved notes kept as drafts (icsview was interrupted), "
		            "the newest for %s: :goto it, then e", count, newest);
	free(newest);
}

void tui_review_open(struct tui *t)
{
	const char *problem = t->options.notes_problem;

	t->notes = t->options.notes;
	if (problem && t->notes) {
		/* read-only: the file is the one in use, the reason is what matters */
		size_t n = strlen(notes_file(t->notes));
		if (strncmp(problem, notes_file(t->notes), n) == 0 && strncmp(problem + n, ": ", 2) == 0)
			problem += n + 2;
	}
	if (problem)
		t->notes_problem = xstrdup(problem);
	if (review_open(&t->review, t->st, t->notes) != STORE_OK) {
		tui_message(t, true, "notes: %s", review_errmsg(&t->review));
		return;
	}
	t->review_ready = true;
	t->review_generation = 1;
	if (t->notes && t->review.orphans)
		tui_message(t, false, "notes: %zu note%s for entities no longer in the model "
		            "(icsview review list shows them)", t->review.orphans,
		            t->review.orphans == 1 ? " is" : "s are");
	else if (t->notes_problem)
		tui_message(t, true, "%s", t->notes_problem);
	else
		say_drafts_kept(t);
}

static void close_editor(struct tui *t)
{
	textedit_free(&t->editor.te);
	free(t->editor.entity_id);
	free(t->editor.name);
	memset(&t->editor, 0, sizeof(t->editor));
}

void tui_review_close(struct tui *t)
{
	if (t->review_ready)
		review_close(&t->review);
	t->review_ready = false;
	note_clear(&t->note);
	free(t->note_draft_when);
	t->note_draft_when = NULL;
	close_editor(t);
	free(t->notes_problem);
}

/* ---- what is selected ---------------------------------------------------------- */

static void notes_off(struct tui *t)
{
	tui_message(t, true, "notes are off: %s",
	            t->notes_problem ? t->notes_problem : "no notes file");
}

/* The selection's entity, for the review's keys; false (with a message)
 * when there is none or notes are off. */
static bool selected_entity(struct tui *t, bool writing, struct entity *e)
{
	int64_t eid = tui_current_eid(t);

	if (!t->notes) {
		notes_off(t);
		return false;
	}
	if (writing && notes_read_only(t->notes)) {
		tui_message(t, true, "%s", t->notes_problem ? t->notes_problem : "notes are read-only");
		return false;
	}
	if (!eid || store_entity(t->st, eid, e) != STORE_OK) {
		tui_message(t, true, "nothing selected");
		return false;
	}
	return true;
}

/* After this process changed an entity's note. */
static void changed(struct tui *t, const struct entity *e)
{
	if (review_reload_one(&t->review, e->eid, e->id) != STORE_OK)
		tui_message(t, true, "notes: %s", review_errmsg(&t->review));
	t->review_generation++;
	t->detail_stale = true;
}

static void write_failed(struct tui *t, const char *what)
{
	tui_message(t, true, "cannot save the %s: %s", what, notes_errmsg(t->notes));
}

bool tui_review_note(struct tui *t, int64_t eid)
{
	struct entity e;

	struct note_change draft;

	note_clear(&t->note);
	free(t->note_draft_when);
	t->note_draft_when = NULL;
	if (!t->notes || !eid || store_entity(t->st, eid, &e) != STORE_OK)
		return false;
	if (notes_get(t->notes, e.id, &t->note) < 0) {
		tui_message(t, true, "cannot read the note: %s", notes_errmsg(t->notes));
		note_clear(&t->note);
		entity_clear(&e);
		return false;
	}
	if (notes_draft(t->notes, e.id, &draft) == NOTES_OK) {
		t->note_draft_when = draft.when;
		draft.when = NULL;
		note_change_clear(&draft);
	}
	entity_clear(&e);
	return true;
}

/* ---- flags, reviewed, next ------------------------------------------------------ */

static void cycle_flag(struct tui *t)
{
	struct entity e;
	enum note_flag flag;

	if (!selected_entity(t, true, &e))
		return;
	if (notes_cycle_flag(t->notes, e.id, &flag) != NOTES_OK)
		write_failed(t, "flag");
	else {
		changed(t, &e);
		tui_message(t, false, "flag: %s", note_flag_name(flag));
	}
	entity_clear(&e);
}

static void toggle_reviewed(struct tui *t)
{
	struct entity e;
	bool reviewed;

	if (!selected_entity(t, true, &e))
		return;
	if (notes_toggle_reviewed(t->notes, e.id, &reviewed) != NOTES_OK)
		write_failed(t, "reviewed mark");
	else {
		changed(t, &e);
		tui_message(t, false, reviewed ? "reviewed" : "not reviewed");
	}
	entity_clear(&e);
}

static void next_one(struct tui *t, enum review_target target)
{
	int64_t eid = 0;
	int rc;

	if (!t->notes) {
		notes_off(t);
		return;
	}
	/* the next one is the next in the whole view: a filter still being
	 * evaluated finishes first (a few hundred milliseconds at most) */
	if (!tui_filter_finish(t))
		return;
	tui_review_update(t);
	rc = review_next(&t->review, t->tree.root, outline_selected_eid(&t->tree), target, &eid);
	if (rc == STORE_ERROR)
		tui_message(t, true, "notes: %s", review_errmsg(&t->review));
	else if (rc == STORE_NOT_FOUND && target == REVIEW_NEXT_FLAGGED)
		tui_message(t, false, "no other flagged entity here");
	else if (rc == STORE_NOT_FOUND)
		tui_message(t, false, "nothing else here to review: all %lld reviewed",
		            (long long)t->progress.total);
	else
		tui_jump_to(t, eid);
}

static void refresh_notes(struct tui *t)
{
	bool other = false;

	if (!t->notes) {
		notes_off(t);
		return;
	}
	if (notes_refresh(t->notes, &other) != NOTES_OK || review_sync(&t->review) != STORE_OK) {
		tui_message(t, true, "cannot read the notes: %s", notes_errmsg(t->notes));
		return;
	}
	t->review_generation++;
	t->detail_stale = true;
	tui_message(t, false, other ? "notes: showing changes made elsewhere"
	                            : "notes: nothing changed elsewhere");
}

/* ---- the editor ------------------------------------------------------------------ */

/* A draft kept when an earlier session was interrupted replaces the text
 * in the editor, unsaved: ^S makes it the note, Esc discards it. */
static void offer_draft(struct tui *t, const char *entity_id)
{
	struct note_change draft;

	if (notes_draft(t->notes, entity_id, &draft) != NOTES_OK)
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

char *tui_review_keep_draft(struct tui *t)
{
	const char *text;
	char *said;

	if (!t->editor.active || !t->editor.te.modified || !t->notes)
		return NULL;
	text = textedit_text(&t->editor.te);
	if (notes_keep_draft(t->notes, t->editor.entity_id, text) != NOTES_OK)
		return xasprintf("the note being written for %s was not saved and could not be kept "
		                 "as a draft: %s", t->editor.entity_id, notes_errmsg(t->notes));
	said = xasprintf("the unsaved note for %s is kept as a draft: e on it offers it back",
	                 t->editor.entity_id);
	close_editor(t);
	return said;
}

static void open_editor(struct tui *t)
{
	struct entity e;
	struct note n;

	if (!selected_entity(t, true, &e))
		return;
	if (notes_get(t->notes, e.id, &n) < 0) {
		tui_message(t, true, "cannot read the note: %s", notes_errmsg(t->notes));
		entity_clear(&e);
		return;
	}
	close_editor(t);
	textedit_init(&t->editor.te, n.text);
	offer_draft(t, e.id);
	t->editor.active = true;
	t->editor.eid = e.eid;
	t->editor.entity_id = xstrdup(e.id);
	t->editor.name = xstrdup(e.name);
	note_clear(&n);
	entity_clear(&e);
}

/* The text without the line breaks and spaces an editor leaves at the end. */
static void trim_end(char *text)
{
	size_t n = strlen(text);

	while (n && (text[n - 1] == '\n' || text[n - 1] == ' ' || text[n - 1] == '\r'))
		text[--n] = '\0';
}

static bool save_text(struct tui *t, int64_t eid, const char *entity_id, const char *raw)
{
	char *text = xstrdup(raw);
	struct entity e = { .eid = eid, .id = (char *)entity_id };
	bool saved;

	trim_end(text);
	saved = notes_set_text(t->notes, entity_id, text) == NOTES_OK;
	if (saved) {
		changed(t, &e);
		tui_message(t, false, "note saved");
	} else {
		write_failed(t, "note");
	}
	free(text);
	return saved;
}

static void editor_save(struct tui *t)
{
	if (!t->editor.te.modified) {
		close_editor(t);
		tui_message(t, false, "note unchanged");
		return;
	}
	/* on failure the editor stays open with the text: nothing is lost */
	if (save_text(t, t->editor.eid, t->editor.entity_id, textedit_text(&t->editor.te)))
		close_editor(t);
}

static void editor_cancel(struct tui *t)
{
	if (t->editor.te.modified && !t->editor.confirm_discard) {
		t->editor.confirm_discard = true;
		return;
	}
	close_editor(t);
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
	case KEY_F(2): editor_save(t); return true;
	default: break;
	}
	if (key == t->extra.ctrl_left && key)
		textedit_word_left(te);
	else if (key == t->extra.ctrl_right && key)
		textedit_word_right(te);
	else if (key == t->extra.ctrl_home && key)
		textedit_text_start(te);
	else if (key == t->extra.ctrl_end && key)
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
	case 19: editor_save(t); return;                   /* ^S */
	case 27: editor_escape(t); return;
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
	if (t->editor.confirm_discard) {
		t->editor.confirm_discard = false;
		if (!is_code && (key == 'y' || key == 'Y')) {
			if (t->editor.recovered && t->notes &&
			    notes_drop_draft(t->notes, t->editor.entity_id) != NOTES_OK) {
				tui_message(t, true, "cannot discard the draft: %s", notes_errmsg(t->notes));
				return;
			}
			close_editor(t);
			t->detail_stale = true;   /* the draft's line goes */
			tui_message(t, false, "changes discarded");
		}
		return;
	}
	if (is_code && key == KEY_RESIZE)
		return;
	if (is_code ? editor_code(t, key) : (editor_char(t, key), true))
		return;
}

/* The box over the detail pane (the whole body when there is none):
 * a title, the text soft-wrapped, the keys at the foot. */
void tui_editor_draw(struct tui *t)
{
	const struct layout *l = &t->layout;
	struct note_editor *ed = &t->editor;
	int top = 1, left = l->detail_h > 0 ? l->detail_x : 0;
	int height = l->rows - 2, width = l->cols - left;
	struct text_rows rows = { 0 };
	size_t row, col;
	struct strbuf title = STRBUF_INIT;
	const char *hints = ed->confirm_discard ? " discard the changes? y: discard, any other key: keep editing "
	                                        : " ^S save  Esc cancel  ^W/^K/^U cut  Alt-b/f word ";

	if (height < 3 || width < 8)
		return;
	for (int y = top; y < top + height; y++)
		tui_fill(y, left, width, A_NORMAL);
	sb_puts(&title, "Note: ");
	sb_text_line(&title, ed->name ? ed->name : "");
	tui_draw_text(t, top, left + 1, width - 2, sb_str(&title), A_BOLD | A_UNDERLINE);
	sb_free(&title);
	tui_draw_text(t, top + height - 1, left + 1, width - 2, hints,
	              ed->confirm_discard ? A_BOLD | A_REVERSE : A_DIM);
	ed->y = top + 1;
	ed->x = left + 1;
	ed->h = height - 2;
	ed->w = width - 2;
	textedit_layout(&ed->te, (size_t)ed->w, &rows);
	textedit_cursor_at(&ed->te, &rows, &row, &col);
	if (row < ed->top)
		ed->top = row;
	else if (row >= ed->top + (size_t)ed->h)
		ed->top = row - (size_t)ed->h + 1;
	for (int i = 0; i < ed->h && ed->top + (size_t)i < rows.count; i++) {
		const struct text_row *r = &rows.items[ed->top + (size_t)i];
		char *text = xstrndup(textedit_text(&ed->te) + r->start, r->end - r->start);
		struct strbuf safe = STRBUF_INIT;

		sb_text_line(&safe, text);
		tui_draw_text(t, ed->y + i, ed->x, ed->w, sb_str(&safe), A_NORMAL);
		sb_free(&safe);
		free(text);
	}
	text_rows_clear(&rows);
	curs_set(1);
	move(ed->y + (int)(row - ed->top), ed->x + (int)(col < (size_t)ed->w ? col : (size_t)ed->w - 1));
}

/* ---- the user's own editor --------------------------------------------------------- */

static char *read_back(const char *path, bool *too_big)
{
	FILE *f = fopen(path, "rb");
	struct strbuf sb = STRBUF_INIT;
	char buf[8192];
	size_t n;

	*too_big = false;
	if (!f)
		return NULL;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		if (sb.len + n > NOTES_MAX_TEXT) {
			*too_big = true;
			break;
		}
		sb_add(&sb, buf, n);
	}
	fclose(f);
	return sb_detach(&sb);
}

static void edit_external(struct tui *t)
{
	char *file = temp_path("icsview-note-XXXXXX");
	struct entity e;
	struct note n;
	bool too_big;
	char *text;
	int fd, status;

	if (!selected_entity(t, true, &e)) {
		free(file);
		return;
	}
	if (notes_get(t->notes, e.id, &n) < 0) {
		tui_message(t, true, "cannot read the note: %s", notes_errmsg(t->notes));
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
	status = tui_run_editor(t, file);
	text = read_back(file, &too_big);
	unlink(file);
	if (status != 0)
		tui_message(t, true, status < 0 ? "cannot run the editor: the note is unchanged"
		                                : "the editor failed (status %d): the note is unchanged",
		            status);
	else if (!text || too_big)
		tui_message(t, true, too_big ? "the note is over %d bytes: not saved"
		                             : "cannot read the editor's file back: the note is unchanged",
		            NOTES_MAX_TEXT);
	else {
		trim_end(text);
		if (strcmp(text, n.text) == 0)
			tui_message(t, false, "note unchanged");
		else
			save_text(t, e.eid, e.id, text);
	}
	free(text);
done:
	note_clear(&n);
	entity_clear(&e);
	free(file);
}

/* ---- export, progress ------------------------------------------------------------ */

void tui_review_export(struct tui *t, const char *path)
{
	struct review_export_options opts = { .path_separator = t->utf8 ? " › " : " > " };
	const char *home = getenv("HOME");
	char *file, *error = NULL;

	while (*path == ' ')
		path++;
	if (!*path) {
		tui_message(t, true, "export review to which file? (:export review FILE.md|.csv|.json)");
		return;
	}
	if (!t->notes) {
		notes_off(t);
		return;
	}
	if (!review_format_of_path(path, &opts.format)) {
		tui_message(t, true, "say which format by the file's name: .md, .csv, .json or .txt");
		return;
	}
	file = path[0] == '~' && path[1] == '/' && home ? xasprintf("%s%s", home, path + 1)
	                                                 : xstrdup(path);
	if (review_export_file(t->st, t->notes, &opts, file, &error) != STORE_OK)
		tui_message(t, true, "%s", error);
	else
		tui_message(t, false, "review written to %s", file);
	free(error);
	free(file);
}

void tui_review_update(struct tui *t)
{
	if (!t->review_ready || !t->notes)
		return;
	if (t->progress_generation == t->review_generation && t->progress_root == t->tree.root)
		return;
	/* counted once the filter's view is whole (filter_completed asks again) */
	if (t->filter_text && !t->filter.complete)
		return;
	if (review_progress(&t->review, t->tree.root, &t->progress) != STORE_OK)
		memset(&t->progress, 0, sizeof(t->progress));
	t->progress_generation = t->review_generation;
	t->progress_root = t->tree.root;
}

void tui_review_status(struct tui *t, char *buf, size_t size)
{
	const struct review_progress *p = &t->progress;
	size_t used;

	buf[0] = '\0';
	if (!t->notes) {
		snprintf(buf, size, "notes off");
		return;
	}
	if (t->filter_text && !t->filter.complete) {
		snprintf(buf, size, "reviewed %s", t->utf8 ? "…" : "...");
		return;
	}
	used = (size_t)snprintf(buf, size, "reviewed %lld/%lld", (long long)p->reviewed,
	                        (long long)p->total);
	if (p->flagged && used < size)
		used += (size_t)snprintf(buf + used, size - used, ", %lld flagged", (long long)p->flagged);
	if (notes_read_only(t->notes) && used < size)
		snprintf(buf + used, size - used, ", notes read-only");
}

bool tui_review_action(struct tui *t, enum action a)
{
	switch (a) {
	case ACTION_EDIT_NOTE: open_editor(t); return true;
	case ACTION_EDIT_EXTERNAL: edit_external(t); return true;
	case ACTION_CYCLE_FLAG: cycle_flag(t); return true;
	case ACTION_TOGGLE_REVIEWED: toggle_reviewed(t); return true;
	case ACTION_NEXT_UNREVIEWED: next_one(t, REVIEW_NEXT_UNREVIEWED); return true;
	case ACTION_NEXT_FLAGGED: next_one(t, REVIEW_NEXT_FLAGGED); return true;
	case ACTION_REFRESH: refresh_notes(t); return true;
	default: return false;
	}
}
