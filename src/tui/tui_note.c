/* The review in the interface: flags and reviewed marks, the progress in
 * the status line, the next entity to review, the refresh key and :export
 * review (the note editor is tui_editor.c).  Every change is saved at once
 * by the notes store; a change that cannot be saved says why and loses
 * nothing typed. */
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
#include "icsview/query/filter.h"
#include "icsview/query/resolve.h"
#include "icsview/query/review_export.h"
#include "icsview/views/commands.h"
#include "tui_private.h"

/* ---- opening ---------------------------------------------------------------- */

/* An import left texts beside notes: say where to resolve them. */
static void say_conflicts(struct tui *t)
{
	size_t count = 0;
	char *first = NULL;

	if (t->review.notes)
		notes_conflicts_pending(t->review.notes, &count, &first);   /* on failure: nothing */
	/* short: the status line also holds the progress at 80 columns */
	if (count == 1)
		tui_message(t, false, "an imported note differs: :goto %s, e", first);
	else if (count > 1)
		tui_message(t, false, "%zu imported notes differ: :goto %s, e", count, first);
	free(first);
}

/* After an SSH drop nobody saw the message that a draft was kept: say so
 * when the interface opens again. */
static void say_drafts_kept(struct tui *t)
{
	size_t count = 0;
	char *newest = NULL;

	if (t->review.notes)
		notes_drafts_kept(t->review.notes, &count, &newest);   /* on failure: nothing to say */
	if (count == 0 || !newest) {
		free(newest);
		say_conflicts(t);
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

	t->review.notes = t->options.notes;
	if (problem && t->review.notes) {
		/* read-only: the file is the one in use, the reason is what matters */
		size_t n = strlen(notes_file(t->review.notes));
		if (strncmp(problem, notes_file(t->review.notes), n) == 0 && strncmp(problem + n, ": ", 2) == 0)
			problem += n + 2;
	}
	if (problem)
		t->review.problem = xstrdup(problem);
	if (review_open(&t->review.marks, t->st, t->review.notes) != STORE_OK)
		return;   /* tui_review_greet says why */
	t->review.ready = true;
	t->review.generation = 1;
	/* ^R lists what others change from now on; on failure, from the start */
	if (t->review.notes)
		notes_last_change(t->review.notes, &t->review.seen);
}

void tui_review_greet(struct tui *t)
{
	if (!t->review.ready)
		tui_message(t, true, "notes: %s", review_errmsg(&t->review.marks));
	else if (t->review.notes && t->review.marks.orphans)
		tui_message(t, false, "notes: %zu note%s for entities no longer in the model "
		            "(icsview review list shows them)", t->review.marks.orphans,
		            t->review.marks.orphans == 1 ? " is" : "s are");
	else if (t->review.problem)
		tui_message(t, true, "%s", t->review.problem);
	else
		say_drafts_kept(t);
}

void tui_review_close(struct tui *t)
{
	review_close(&t->review.marks);   /* a failed open may have read some: freed too */
	t->review.ready = false;
	note_clear(&t->review.note);
	free(t->review.draft_when);
	t->review.draft_when = NULL;
	review_history_clear(&t->review.changes);
	note_clear(&t->review.conflict);
	tui_editor_close(t);
	free(t->review.problem);
}

/* ---- what is selected ---------------------------------------------------------- */

static void notes_off(struct tui *t)
{
	tui_message(t, true, "notes are off: %s",
	            t->review.problem ? t->review.problem : "no notes file");
}

/* The selection's entity, for the review's keys; false (with a message)
 * when there is none or notes are off. */
bool tui_review_selected(struct tui *t, bool writing, struct entity *e)
{
	int64_t eid = tui_current_eid(t);

	if (!t->review.notes) {
		notes_off(t);
		return false;
	}
	if (writing && notes_read_only(t->review.notes)) {
		tui_message(t, true, "%s", t->review.problem ? t->review.problem : "notes are read-only");
		return false;
	}
	if (!eid || store_entity(t->st, eid, e) != STORE_OK) {
		tui_message(t, true, "nothing selected");
		return false;
	}
	return true;
}

/* After this process changed an entity's note. */
void tui_review_changed(struct tui *t, const struct entity *e)
{
	if (review_reload_one(&t->review.marks, e->eid, e->id) != STORE_OK)
		tui_message(t, true, "notes: %s", review_errmsg(&t->review.marks));
	t->review.generation++;
	t->detail.stale = true;
}

void tui_review_write_failed(struct tui *t, const char *what)
{
	tui_message(t, true, "cannot save the %s: %s", what, notes_errmsg(t->review.notes));
}

bool tui_review_note(struct tui *t, int64_t eid)
{
	struct entity e;

	struct note_change draft;

	note_clear(&t->review.note);
	free(t->review.draft_when);
	t->review.draft_when = NULL;
	review_history_clear(&t->review.changes);
	note_clear(&t->review.conflict);
	if (!t->review.notes || !eid || store_entity(t->st, eid, &e) != STORE_OK)
		return false;
	if (notes_get(t->review.notes, e.id, &t->review.note) < 0) {
		tui_message(t, true, "cannot read the note: %s", notes_errmsg(t->review.notes));
		note_clear(&t->review.note);
		entity_clear(&e);
		return false;
	}
	if (notes_draft(t->review.notes, e.id, &draft) == NOTES_OK) {
		t->review.draft_when = draft.when;
		draft.when = NULL;
		note_change_clear(&draft);
	}
	/* the last changes are a help, not the note: without them it still shows */
	if (review_history_read(t->review.notes, e.id, &t->review.changes) != NOTES_OK)
		review_history_clear(&t->review.changes);
	notes_conflict(t->review.notes, e.id, &t->review.conflict);   /* zeroed when none */
	entity_clear(&e);
	return true;
}

/* ---- flags, reviewed, next ------------------------------------------------------ */

static void cycle_flag(struct tui *t)
{
	struct entity e;
	enum note_flag flag;

	if (!tui_review_selected(t, true, &e))
		return;
	if (notes_cycle_flag(t->review.notes, e.id, &flag) != NOTES_OK)
		tui_review_write_failed(t, "flag");
	else {
		tui_review_changed(t, &e);
		tui_message(t, false, "flag: %s", note_flag_name(flag));
	}
	entity_clear(&e);
}

static void set_flag(struct tui *t, enum note_flag flag)
{
	struct entity e;

	if (!tui_review_selected(t, true, &e))
		return;
	if (notes_set_flag(t->review.notes, e.id, flag) != NOTES_OK)
		tui_review_write_failed(t, "flag");
	else {
		tui_review_changed(t, &e);
		tui_message(t, false, "flag: %s", note_flag_name(flag));
	}
	entity_clear(&e);
}

static void toggle_reviewed(struct tui *t)
{
	struct entity e;
	bool reviewed;

	if (!tui_review_selected(t, true, &e))
		return;
	if (notes_toggle_reviewed(t->review.notes, e.id, &reviewed) != NOTES_OK)
		tui_review_write_failed(t, "reviewed mark");
	else {
		tui_review_changed(t, &e);
		tui_message(t, false, reviewed ? "reviewed" : "not reviewed");
	}
	entity_clear(&e);
}

/* A review resumes at the selection: U or X on a row that is itself what
 * they look for stays there (true), unless that key just went there. */
static bool resume_here(struct tui *t, enum review_target target)
{
	int64_t selected = outline_selected_eid(&t->tree.outline);
	int rc;

	if (!selected || (selected == t->review.landed && target == t->review.landed_for))
		return false;
	rc = review_is_target(&t->review.marks, t->tree.outline.root, selected, target);
	if (rc == STORE_ERROR) {
		tui_message(t, true, "notes: %s", review_errmsg(&t->review.marks));
		return true;
	}
	if (rc != STORE_OK)
		return false;
	t->review.landed = selected;
	t->review.landed_for = target;
	tui_message(t, false, target == REVIEW_NEXT_FLAGGED
	                      ? "this one is flagged: X again goes to the next"
	                      : "this one is not yet reviewed: U again goes to the next");
	return true;
}

/* Where U and X go on from: the selection, or for a removed entity's row
 * (which cannot be reviewed: it is not in the model) the row of the model
 * nearest above it, the removed rows coming after their place's own. */
static int64_t review_from(struct tui *t)
{
	struct outline *o = &t->tree.outline;

	if (!outline_selected_removed(o))
		return outline_selected_eid(o);
	for (size_t row = o->selected; row-- > 0;) {
		const struct outline_row *r = outline_row(o, row);

		if (r && !r->removed)
			return r->eid;
	}
	return 0;
}

/* Removed entities nested deeper than this are not gone to. */
#define REMOVED_DEPTH_MAX 64

/* Opens the way to removed entity c and selects it: its place, then the
 * removed it is under.  False when it is not shown (a filter hides it). */
static bool reveal_removed(struct tui *t, const struct diff_change *c)
{
	struct outline *o = &t->tree.outline;
	const struct diff_change *holders[REMOVED_DEPTH_MAX];
	int64_t place;
	size_t n = since_removed_holders(t->since, c, holders, REMOVED_DEPTH_MAX, &place), row;

	if (n > REMOVED_DEPTH_MAX)
		return false;
	/* under the root they are rows of the top; else after the place's row */
	if (place != o->root && (outline_reveal(o, place) != STORE_OK ||
	                         outline_expand(o, o->selected) != STORE_OK))
		return false;
	for (size_t i = 0; i < n; i++) {
		row = outline_find_removed(o, holders[i]);
		if (row == OUTLINE_NONE || outline_expand(o, row) != STORE_OK)
			return false;
	}
	row = outline_find_removed(o, c);
	return row != OUTLINE_NONE && outline_select(o, row) == STORE_OK;
}

/* U on its way to `next`: a removed entity shown between the selection
 * and it in tree order is gone to first (true).  It cannot be reviewed,
 * so it never holds the review open: once all is reviewed U says so. */
static bool visit_removed(struct tui *t, int64_t next)
{
	struct outline *o = &t->tree.outline;
	const struct diff_change *gone = outline_selected_removed(o), *c;
	struct since_position from, to, above;

	if (!t->since || (t->filter.text && !o->keep_removed) ||
	    !since_position_of(t->since, outline_selected_eid(o), gone, &from) ||
	    !since_position_of(t->since, next, NULL, &to))
		return false;
	/* from a removed row, review_next went on from the row above it: what
	 * it found between the two (under a row collapsed) comes first */
	if (gone && since_position_of(t->since, review_from(t), NULL, &above) &&
	    since_position_before(&above, &to) && since_position_before(&to, &from))
		return false;
	c = since_removed_between(t->since, o->root, &from, &to);
	if (!c || !reveal_removed(t, c))
		return false;
	t->focus = FOCUS_TREE;
	tui_message(t, false, "removed since the older model: U again goes to the next");
	return true;
}

static void next_one(struct tui *t, enum review_target target)
{
	int64_t eid = 0;
	int rc;

	if (!t->review.notes) {
		notes_off(t);
		return;
	}
	/* the next one is the next in the whole view: a filter still being
	 * evaluated finishes first (a few hundred milliseconds at most) */
	if (!tui_filter_finish(t))
		return;
	tui_review_update(t);
	if (resume_here(t, target))
		return;
	rc = review_next(&t->review.marks, t->tree.outline.root, review_from(t), target, &eid);
	if (rc == STORE_OK && target == REVIEW_NEXT_UNREVIEWED && visit_removed(t, eid))
		return;
	if (rc == STORE_OK) {
		t->review.landed = eid;
		t->review.landed_for = target;
	}
	if (rc == STORE_ERROR)
		tui_message(t, true, "notes: %s", review_errmsg(&t->review.marks));
	else if (rc == STORE_NOT_FOUND && target == REVIEW_NEXT_FLAGGED)
		tui_message(t, false, "no other flagged entity here");
	else if (rc == STORE_NOT_FOUND)
		tui_message(t, false, "nothing else here to review: all %lld reviewed",
		            (long long)t->review.progress.total);
	else
		tui_jump_to(t, eid);
}

/* ^R: the marks read again, and what others changed listed. */
static void refresh_notes(struct tui *t)
{
	struct note_history changes;
	bool other = false;
	int64_t last;

	if (!t->review.notes) {
		notes_off(t);
		return;
	}
	if (notes_refresh(t->review.notes, &other) != NOTES_OK ||
	    review_sync(&t->review.marks) != STORE_OK) {
		tui_message(t, true, "cannot read the notes: %s", notes_errmsg(t->review.notes));
		return;
	}
	t->review.generation++;
	t->detail.stale = true;
	if (!other) {
		tui_message(t, false, "notes: nothing changed elsewhere");
		return;
	}
	if (notes_changes_since(t->review.notes, t->review.seen, &changes, &last) != NOTES_OK) {
		tui_message(t, true, "cannot read what changed: %s", notes_errmsg(t->review.notes));
		return;
	}
	t->review.seen = last;
	if (changes.count == 0)
		tui_message(t, false, "notes: nothing changed elsewhere");
	else
		tui_changes_show(t, &changes);
	note_history_clear(&changes);
}

/* ---- export, progress ------------------------------------------------------------ */

/* The entity that ID names (as :goto finds it, one only): its eid in
 * *eid and its id and name in *words; false with a message. */
static bool export_root(struct tui *t, const char *id, int64_t *eid, struct strbuf *words)
{
	struct resolve_options opts = { .limit = 2, .path_separator = t->term.utf8 ? " › " : " > " };
	struct resolve_result found = { 0 };
	enum resolve_outcome outcome = resolve_text(t->st, id, &opts, &found);

	if (outcome == RESOLVE_ONE) {
		*eid = found.items[0].eid;
		sb_printf(words, "under %s (%s)", found.items[0].name, found.items[0].id);
	} else if (outcome == RESOLVE_FAILED) {
		tui_message(t, true, "cannot read the model: %s", store_errmsg(t->st));
	} else {
		tui_message(t, true, "export: %s names %s entity: give its id", id,
		            outcome == RESOLVE_NONE ? "no" : "more than one");
	}
	resolve_result_clear(&found);
	return outcome == RESOLVE_ONE;
}

/* The view's own filter again, as it was, after the export's replaced it
 * in the store (NULL: none). */
static void restore_filter(struct tui *t, const char *text)
{
	struct filter *f = text ? filter_parse(text, NULL) : NULL;
	struct filter_result result;

	if (!text) {
		filter_clear(t->st);
		return;
	}
	if (f && filter_apply(t->st, f, &result) == FILTER_OK) {
		filter_free(f);
		tui_filter_finish(t);   /* complete now: the tree takes what it found */
		return;
	}
	filter_free(f);
	tui_filter_apply(t, text);
}

/* Writes the review to file with the filter `filter` applied for it
 * (applied to the store over the view's own, which comes back after). */
static int export_filtered(struct tui *t, struct review_export_options *opts, const char *filter,
                           const char *file, char **error)
{
	struct filter_error parse_error;
	struct filter_result result;
	struct filter *f = filter_parse(filter, &parse_error);
	char *own = t->filter.text ? xstrdup(t->filter.text) : NULL;
	int rc;

	if (!f) {
		*error = xasprintf("filter: %s (column %zu)", parse_error.message, parse_error.position + 1);
		free(own);
		return STORE_ERROR;
	}
	rc = filter_apply(t->st, f, &result);
	filter_free(f);
	if (rc == FILTER_OK) {
		rc = review_export_file(t->st, t->review.notes, opts, file, error);
		restore_filter(t, own);
	} else {
		*error = xasprintf("filter: %s", result.error.message);
		rc = STORE_ERROR;
	}
	free(own);
	return rc;
}

void tui_review_export(struct tui *t, const char *argument)
{
	struct review_export_options opts = { .path_separator = t->term.utf8 ? " › " : " > " };
	struct export_args args;
	struct strbuf scope = STRBUF_INIT;
	const char *home = getenv("HOME");
	char *file = NULL, *error = NULL;
	int rc;

	if (!command_export_args(argument, &args)) {
		tui_message(t, true, "export what where? (:export review FILE [ID] [--filter EXPR])");
		return;
	}
	if (!t->review.notes) {
		notes_off(t);
	} else if (!review_format_of_path(args.file, &opts.format)) {
		tui_message(t, true, "say which format by the file's name: .md, .csv, .json or .txt");
	} else if (!args.under || export_root(t, args.under, &opts.root, &scope)) {
		if (args.filter)
			sb_printf(&scope, "%sfilter: %s", scope.len ? "; " : "", args.filter);
		opts.scope = scope.len ? sb_str(&scope) : NULL;
		opts.filtered = args.filter != NULL;
		file = args.file[0] == '~' && args.file[1] == '/' && home
		       ? xasprintf("%s%s", home, args.file + 1) : xstrdup(args.file);
		rc = args.filter ? export_filtered(t, &opts, args.filter, file, &error)
		                 : review_export_file(t->st, t->review.notes, &opts, file, &error);
		if (rc != STORE_OK)
			tui_message(t, true, "%s", error);
		else
			tui_message(t, false, "review written to %s", file);
	}
	free(error);
	free(file);
	sb_free(&scope);
	export_args_clear(&args);
}

void tui_review_update(struct tui *t)
{
	if (!t->review.ready || !t->review.notes)
		return;
	if (t->review.progress_generation == t->review.generation &&
	    t->review.progress_root == t->tree.outline.root)
		return;
	/* counted once the filter's view is whole (filter_completed asks again) */
	if (t->filter.text && !t->filter.result.complete)
		return;
	if (review_progress(&t->review.marks, t->tree.outline.root, &t->review.progress) != STORE_OK)
		memset(&t->review.progress, 0, sizeof(t->review.progress));
	t->review.progress_generation = t->review.generation;
	t->review.progress_root = t->tree.outline.root;
}

/* ", 2 conflicts": the imported notes still to resolve in the model. */
static size_t conflicts_status(const struct tui *t, char *buf, size_t size)
{
	size_t pending = review_conflicts_pending(&t->review.marks);
	int n;

	if (!pending || size == 0)
		return 0;
	n = snprintf(buf, size, ", %zu conflict%s", pending, pending == 1 ? "" : "s");
	return n < 0 ? 0 : (size_t)n;
}

void tui_review_status(const struct tui *t, char *buf, size_t size)
{
	const struct review_progress *p = &t->review.progress;
	size_t used;

	buf[0] = '\0';
	if (!t->review.notes) {
		snprintf(buf, size, "notes off");
		return;
	}
	if (t->filter.text && !t->filter.result.complete) {
		snprintf(buf, size, "reviewed %s", t->term.utf8 ? "…" : "...");
		return;
	}
	used = (size_t)snprintf(buf, size, "reviewed %lld/%lld", (long long)p->reviewed,
	                        (long long)p->total);
	if (p->flagged && used < size)
		used += (size_t)snprintf(buf + used, size - used, ", %lld flagged", (long long)p->flagged);
	if (used < size)
		used += conflicts_status(t, buf + used, size - used);
	if (notes_read_only(t->review.notes) && used < size)
		snprintf(buf + used, size - used, ", notes read-only");
}

bool tui_review_action(struct tui *t, enum action a)
{
	switch (a) {
	case ACTION_EDIT_NOTE: tui_editor_open(t); return true;
	case ACTION_EDIT_EXTERNAL: tui_editor_external(t); return true;
	case ACTION_CYCLE_FLAG: cycle_flag(t); return true;
	case ACTION_FLAG_NONE: set_flag(t, NOTE_FLAG_NONE); return true;
	case ACTION_FLAG_OK: set_flag(t, NOTE_FLAG_OK); return true;
	case ACTION_FLAG_QUESTION: set_flag(t, NOTE_FLAG_QUESTION); return true;
	case ACTION_FLAG_CONCERN: set_flag(t, NOTE_FLAG_CONCERN); return true;
	case ACTION_TOGGLE_REVIEWED: toggle_reviewed(t); return true;
	case ACTION_NEXT_UNREVIEWED: next_one(t, REVIEW_NEXT_UNREVIEWED); return true;
	case ACTION_NEXT_FLAGGED: next_one(t, REVIEW_NEXT_FLAGGED); return true;
	case ACTION_REFRESH: refresh_notes(t); return true;
	default: return false;
	}
}
