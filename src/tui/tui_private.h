/* The interface's state, grouped by concern, and the functions its files
 * share.  One struct tui lives as long as tui_run: the only state that
 * lasts.  Drawing (tui_draw.c) only reads it. */
#ifndef ICSVIEW_TUI_PRIVATE_H
#define ICSVIEW_TUI_PRIVATE_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>
#include "icsview/views/actions.h"
#include "icsview/views/detail.h"
#include "icsview/views/diagram.h"
#include "icsview/query/filter.h"
#include "icsview/views/help.h"
#include "icsview/views/history.h"
#include "icsview/views/prompt_history.h"
#include "icsview/query/complete.h"
#include "icsview/store/notes.h"
#include "icsview/store/notes_import.h"
#include "icsview/views/outline.h"
#include "icsview/query/resolve.h"
#include "icsview/query/review.h"
#include "icsview/query/review_history.h"
#include "icsview/query/search.h"
#include "icsview/query/since.h"
#include "icsview/views/saved_view.h"
#include "icsview/store/store.h"
#include "icsview/views/textedit.h"
#include "icsview/tui/tui.h"
#include "icsview/base/util.h"

/* Places kept for back and forward (history.h). */
#define HISTORY_LIMIT 1000
/* Search results listed at most ("200+ results" past it). */
#define SEARCH_LIMIT 200

enum focus { FOCUS_TREE, FOCUS_DETAIL };
enum prompt_kind {
	PROMPT_NONE, PROMPT_COMMAND, PROMPT_GOTO, PROMPT_MARK, PROMPT_JUMP_MARK, PROMPT_SEARCH,
	PROMPT_FILTER,
};

/* A rectangle of the screen. */
struct area {
	int y, x, h, w;
};

/* Screen areas, worked out before every frame (tui_layout). */
struct layout {
	int rows, cols;
	bool too_small;
	bool stacked;           /* narrow: the detail pane below the tree */
	int tree_y, tree_x, tree_h, tree_w;
	int detail_y, detail_x, detail_h, detail_w;   /* detail_h 0: hidden */
};

/* Where a mark letter leads: the root, the selection. */
struct mark {
	int64_t root, eid;
};

/* The note being written in the interface. */
struct note_editor {
	bool active;
	struct textedit te;
	int64_t eid;
	char *entity_id, *name;
	size_t top;             /* first row shown (tui_editor_place keeps the cursor's in sight) */
	bool confirm_discard;   /* Esc on a changed note asks first */
	bool recovered;         /* the text is a draft kept from an interrupted session */
	int h, w;               /* the text area's size as last placed (tui_editor_place): the
	                         * up, down and page keys go by it; 0 before */
	int64_t base;           /* the version of the note's text the editing began from */
	/* Another changed the note meanwhile (tui_conflict.c): their note and
	 * its text, shown until the user chooses whose text to keep. */
	bool conflict;
	bool conflict_at_save;  /* found by ^S (else by ^R): a choice saves at once */
	bool conflict_imported; /* their text came with an import (notes_import.h): a
	                         * choice resolves it and closes the editor */
	struct note theirs;
	struct textedit theirs_te;
};

/* Key codes of keys that terminfo names but curses has no constant for. */
struct extra_keys {
	int ctrl_left, ctrl_right, ctrl_home, ctrl_end;
};

/* What the terminal can show, and how its keys come. */
struct tui_terminal {
	bool utf8;              /* draw Unicode markers and separators */
	bool color;             /* colour pairs are set (tui_init_colors) */
	struct extra_keys extra;
};

/* The tree pane. */
struct tree_pane {
	struct outline outline; /* the rows under the drill-down root, the selection */
	int64_t chosen_root;    /* the root the user chose (tui_tree_root): the
	                         * outline's root but while a filter matches
	                         * nothing under it, when the outline shows the
	                         * top, and the next filter comes back to it */
	size_t top;             /* first row on screen */
};

/* The detail pane. */
struct detail_pane {
	struct detail content;  /* the lines shown for tui_current_eid() */
	size_t top;             /* first line on screen */
	size_t link;            /* selected link line, (size_t)-1 for none */
	bool hidden;            /* narrow windows: user hid the pane */
	bool stale;             /* build it again (its entity's note changed) */
};

/* Where the user has been, and marked. */
struct places {
	struct history history; /* back and forward */
	struct mark marks[26];  /* by letter, a-z; eid 0: not set */
};

/* The help overlay. */
struct help_overlay {
	bool shown;
	struct help content;    /* every line of it (help.h), built once */
	struct help_rows rows;  /* those wrapped to the overlay's width */
	size_t top;             /* first row shown */
	bool typing;            /* a search is being typed on the bottom border */
	struct strbuf query;    /* the search typed, its matches highlighted; "" none */
};

/* The status line's prompt. */
struct prompt {
	enum prompt_kind kind;  /* PROMPT_NONE: no prompt */
	struct strbuf input;    /* the line typed so far */
	size_t cursor;          /* where in it (a byte offset, at a character's start) */
	struct prompt_history history;  /* what was typed before, by kind */
	char *history_path;     /* where it is kept; NULL: not kept */
	bool walking;           /* the line is one Up brought back, not edited since */
	struct completion completion;   /* the candidates of the last Tab */
	size_t cycle;           /* the candidate a Tab put in; PROMPT_NO_CYCLE before */
	bool completing;        /* the last key was a Tab that left several candidates */
	struct {
		bool shown;     /* the line was refused: the error shows under it */
		struct filter_error error;
	} refused;
};
#define PROMPT_NO_CYCLE ((size_t)-1)

/* The last search: listed in the tree pane while typing, n/N after. */
struct search_list {
	struct search_results results;
	size_t selected;        /* the result the detail pane shows */
	size_t top;             /* first result on screen */
	bool failed;            /* the search could not run */
	bool waiting;           /* typed while the search index was being built: run
	                           again once it is ready */
	enum store_search_state index;  /* the search index, as last seen */
	unsigned index_permille;        /* how far its build has gone */
};

/* The filter in force and its evaluation between keys. */
struct filter_view {
	char *text;             /* the filter (normalised), NULL for none */
	struct filter_result result;   /* its result as it stands (complete or not) */
	struct filter_pace pace;       /* how its steps are paced */
	int64_t seek;           /* to select when the filter finds it (0: none) */
	int64_t unfiltered_selection;  /* selected when the filter came: restored when it goes */
	char *pending;          /* a filter with free text, entered while the search
	                           index was being built: applied once it is ready */
	struct {
		struct filter_scope *scope;    /* the matches under the drill-down root, NULL */
		unsigned generation;   /* t->review.generation it counts for */
		int64_t count;
		bool caught_up;        /* every match found so far is counted */
		bool done;             /* and the filter was complete then */
	} here;
	struct {
		bool ready;     /* a key read while the filter was being evaluated */
		int rc;         /* get_wch's return for it */
		wint_t ch;
	} key;
};

/* The review: notes NULL when they are off (problem says why). */
struct review_view {
	struct notes *notes;    /* not owned (tui_options) */
	char *problem;          /* why notes are off or read-only, NULL */
	struct review marks;    /* the notes' marks matched to the model */
	bool ready;             /* marks opened */
	struct review_progress progress;   /* the status line's counts */
	int64_t progress_root;  /* the root progress was counted under */
	unsigned generation;    /* bumped when marks or the filter change */
	unsigned progress_generation;      /* what progress was counted for */
	struct note note;       /* the detail pane's entity's note */
	char *draft_when;       /* that entity's kept draft: when (tui_review_note), NULL */
	struct review_history changes;     /* that note's history, newest first */
	struct note conflict;   /* an import's text beside it, to resolve; who NULL: none */
	int64_t seen;           /* the last change in the notes file's history ^R listed */
	/* Where U or X last went, and which: from there that key goes on;
	 * from anywhere else it starts at the selection itself. */
	int64_t landed;
	enum review_target landed_for;
};

/* The pick list (tui_pick.c): the entities a goto named, to choose one. */
struct pick_list {
	bool shown;
	struct resolve_result candidates;   /* at least two while shown */
	char *text;             /* what was typed */
	size_t selected;        /* the candidate Enter goes to */
	size_t top;             /* first candidate on screen (tui_pick_top keeps it in reach) */
	char **about;           /* the ^R list: each candidate's change, shown in place of its
	                         * type and path; NULL for a goto's candidates */
};

/* The view remembered in the notes file between runs (tui_saved.c). */
struct saved_state {
	bool on;                /* notes are writable: the view is stored */
	struct saved_view stored;      /* as last stored, in the eids of `store` */
	const struct store *store;     /* the model stored's eids belong to */
	bool pending;           /* the view changed since it was stored */
	double stored_ms;       /* when it was last stored (monotonic) */
	bool said_failure;      /* a failed write was told on the status line */
};

/* The status line's message. */
struct status_message {
	char text[256];         /* shown until the next key; "" for none */
	bool is_error;
	bool whole;             /* not an error, but read whole as one is (tui_draw.c) */
};

/* The governance diagram, full screen (tui_diagram.c). */
struct diagram_view {
	bool shown;
	int64_t eid;                /* whose governance */
	char *name;                 /* its name */
	struct governance *g;
	struct diagram_text text;   /* drawn for `width` columns */
	size_t width;
	struct diagram_gv *gv;      /* Graphviz, opened on first use */
	size_t selected;            /* the node whose box is selected */
	size_t top;                 /* the first line of the text on screen */
	/* The box last brought into view: a new selection is, once, so that
	 * the text below the drawing can be scrolled to (SIZE_MAX: none). */
	size_t followed;
};

struct tui {
	/* the model */
	struct store *st;       /* replaced by a reload (tui_reload.c) */
	struct tui_options options;
	int64_t total_entities; /* in the model, for the filter's counts */
	struct since *since;    /* what changed since --since OLD (since.h), NULL */
	size_t since_here;      /* of them, those under the root (tui_view_prepare) */
	/* the loop */
	struct keymap keys;     /* key to action (actions.h) */
	bool quit;              /* it ends after this key */

	struct tui_terminal term;
	struct layout layout;
	enum focus focus;       /* the pane that moving keys move in */
	struct tree_pane tree;
	struct detail_pane detail;
	struct places places;
	struct help_overlay help;
	struct prompt prompt;
	struct search_list search;
	struct filter_view filter;
	struct review_view review;
	struct note_editor editor;
	struct pick_list pick;
	struct diagram_view diagram;
	struct saved_state saved;
	struct status_message message;
};

/* ---- the loop (tui_loop.c) ---- */

/* Sets the status line's message, shown until the next key.  An error
 * says too when the model's database is damaged. */
void tui_message(struct tui *t, bool error, const char *fmt, ...) ICS_PRINTF(3, 4);

/* ---- the view, worked out before drawing (tui_view.c) ---- */

/* Everything a frame needs worked out before tui_draw, in order: the
 * layout for the window's size, the detail pane, the review's counts,
 * the scroll positions, the rows opened to a filter's matches and those
 * on screen read, the note editor's place. */
void tui_view_prepare(struct tui *t);
void tui_layout(struct tui *t, int rows, int cols);
/* The entity the detail pane shows: the selected search result while
 * searching, else the tree's selection. */
int64_t tui_current_eid(const struct tui *t);
/* --since: the removed entity whose row is selected (outline_row.removed),
 * NULL when the selection is in the model or a search result. */
const struct diff_change *tui_current_removed(const struct tui *t);
/* Whether action a needs an entity of the model and the selection is a
 * removed entity's row: then it says so (one line) and does nothing. */
bool tui_refuse_removed(struct tui *t, enum action a);
/* Builds the detail pane again when its entity, its width or its note
 * changed. */
void tui_refresh_detail(struct tui *t);
/* Opens the rows on screen to a filter's matches (outline_open_rows). */
void tui_open_screen(struct tui *t);
/* Counts a batch more of the filter's matches under the drill-down root
 * (t->filter.here); true while some are left to count once the filter is
 * complete. */
bool tui_count_here(struct tui *t);
/* Keeps the selection on screen after it moved. */
void tui_scroll_tree(struct tui *t);
void tui_scroll_detail(struct tui *t);
/* Keeps the detail pane's view within its lines; returns its height. */
size_t tui_clamp_detail(struct tui *t);
/* The note editor's box: over the detail pane, or the whole body when
 * there is none; its text area is inside a row of title above, a row of
 * keys below and a column either side.  False when the window has no
 * room for it. */
bool tui_editor_box(const struct layout *l, struct area *box);

/* The help overlay: its box (centred, bordered), the columns of text
 * inside its borders and margins, the rows between its borders. */
void tui_help_box(const struct layout *l, struct area *box);
size_t tui_help_width(const struct layout *l);
size_t tui_help_rows(const struct layout *l);
/* The help wrapped to the overlay's width (again when that changed). */
void tui_help_wrap(struct tui *t);
/* Opens the help at the first row of `section` (help.h). */
void tui_help_show(struct tui *t, enum help_section section);
/* A key while the help is shown: scrolling, searching, closing. */
void tui_help_key(struct tui *t, int key, bool is_code);

/* ---- drawing (tui_draw.c) ---- */

/* Draws the frame tui_view_prepare worked out. */
void tui_draw(const struct tui *t);
/* Colour pairs, when the terminal and the user want colour. */
void tui_init_colors(const struct tui *t);

/* ---- moving about (tui_nav.c) ---- */

/* Makes `root` the tree's root, the one the user chose, with `selected`
 * selected if it is under it (0: the first row).  outline_set_root's
 * result. */
int tui_tree_root(struct tui *t, int64_t root, int64_t selected);
/* Goes to an entity (revealed in the tree), recorded in history. */
void tui_jump_to(struct tui *t, int64_t eid);
/* Shows a location: its root, its selection (revealed). */
void tui_show_location(struct tui *t, struct location loc);
/* i, :goto TEXT: the one entity TEXT names, or the pick list of those it
 * names (resolve.h). */
void tui_goto_text(struct tui *t, const char *text);
void tui_set_mark(struct tui *t, int letter);
void tui_jump_mark(struct tui *t, int letter);
/* The rows a page key moves in the tree. */
size_t tui_page_rows(const struct tui *t);
/* Handles the actions that move about (in the tree, the detail pane,
 * history); false for any other. */
bool tui_nav_action(struct tui *t, enum action a);
void tui_mouse_event(struct tui *t);

/* ---- the governance diagram (tui_diagram.c) ---- */

/* D: the diagram of the selection (a message when it has no bodies). */
void tui_diagram_open(struct tui *t);
/* Draws it again when the width changed; keeps the selected box in view. */
void tui_diagram_prepare(struct tui *t);
/* A key while it is shown: moving, going to a box, scrolling, closing. */
void tui_diagram_key(struct tui *t, int key, bool is_code);
/* The whole screen: a title, the text from its top line, the keys. */
void tui_diagram_draw(const struct tui *t);
/* Frees it and Graphviz's context. */
void tui_diagram_free(struct tui *t);

/* ---- the pick list (tui_pick.c) ---- */

/* Shows the candidates a goto's `text` named (taken: *candidates is left
 * empty), the first selected. */
void tui_pick_open(struct tui *t, const char *text, struct resolve_result *candidates);
/* Closes it (if shown) and frees what it held. */
void tui_pick_close(struct tui *t);
/* The ^R list: the entities others changed (taken), about[i] saying what
 * was done to candidates->items[i] (taken, count strings). */
void tui_pick_open_changes(struct tui *t, struct resolve_result *candidates, char **about);

/* ---- what others changed (tui_changes.c) ---- */

/* ^R: says how many changes others made, and lists them. */
void tui_changes_show(struct tui *t, struct note_history *changes);
/* A key while it is shown: moving, Enter to go, Esc ^C q to close. */
void tui_pick_key(struct tui *t, int key, bool is_code);
/* Its box for the window (centred under the first row, no taller than
 * its candidates need); false when the window has no room for it. */
bool tui_pick_box(const struct tui *t, struct area *box);
/* Candidates the box shows at once, and the first of them: the stored top
 * moved to keep the selection in sight after a resize. */
size_t tui_pick_shown(const struct tui *t);
size_t tui_pick_top(const struct tui *t);
/* ---- the selection leaving the interface (tui_share.c) ---- */

/* o: the selection's full text, as `icsview show` prints it at the
 * window's width, in $PAGER (less -R when unset). */
void tui_pager_open(struct tui *t);
/* y: the selection's id, said on the status line and sent to the
 * terminal's clipboard (OSC 52) when it takes it. */
void tui_copy_id(struct tui *t);

/* ---- prompts and search (tui_prompt.c) ---- */

/* Opens a prompt: the filter's with the filter in force, to edit. */
void tui_prompt_open(struct tui *t, enum prompt_kind kind);
/* Reads the prompts' history from its file (a note on the status line
 * when it is damaged or unreadable), once, as the interface starts. */
void tui_prompt_history_load(struct tui *t);
/* Frees the prompt's line, history and completion. */
void tui_prompt_free(struct tui *t);
/* A key typed at the prompt; is_wide: a character, not a key code. */
void tui_prompt_key(struct tui *t, int key, bool is_wide);
/* n and N: the next (dir 1) or previous (-1) result of the last search. */
void tui_search_step(struct tui *t, int dir);
/* Before each frame: the search index's state; once its build ends, the
 * search and the filter that waited for it run. */
void tui_search_index_tick(struct tui *t);
/* How long a key may be waited for while the search index is built (its
 * percentage is redrawn), or `wait` when it is not. */
int tui_search_index_wait_ms(const struct tui *t, int wait);

/* ---- filters (tui_filter.c) ---- */

/* f: the filter TEXT in force, replacing any other; a filter that does not
 * parse leaves the previous one and says why. */
void tui_filter_apply(struct tui *t, const char *text);
/* The same, saying nothing: false, with *error filled, when TEXT does not
 * parse or fit the model (the previous filter stays); true when it was
 * put in force (or failed while evaluated, which the status line says). */
bool tui_filter_try(struct tui *t, const char *text, struct filter_error *error);
/* F: no filter. */
void tui_filter_clear(struct tui *t);
/* Evaluates the filter for a frame's time between keys, or until a key
 * (kept in t->filter.key) or an ending signal comes. */
void tui_filter_frame(struct tui *t);
/* Evaluates the filter being evaluated to its end, for what needs all of
 * it (the next entity to review, an entity not yet found); false when
 * that failed (the filter is dropped and the status line says why). */
bool tui_filter_finish(struct tui *t);
/* After a filter started: eid, selected before it, is selected when the
 * filter finds it. */
void tui_filter_seek_selection(struct tui *t, int64_t eid);
/* The remembered filter TEXT in force at startup; false when it no longer
 * parses or fits the model (the status line says why: it is dropped). */
bool tui_filter_restore(struct tui *t, const char *text);
/* How the filter's steps are paced (ICSVIEW_FILTER_CHUNK). */
void tui_filter_pace_from_env(struct filter_pace *pace);

/* ---- reloading (tui_reload.c) ---- */

/* ^R, :reload: the model again when its files changed, then the notes. */
void tui_reload(struct tui *t);

/* ---- the review (tui_note.c) ---- */

/* Reads the review's marks: before the remembered view is restored, whose
 * filter may test them (has:note, review:conflict, ...). */
void tui_review_open(struct tui *t);
/* What the review has to say at startup (orphans, read-only, drafts kept,
 * conflicts), said last so that it stands. */
void tui_review_greet(struct tui *t);
void tui_review_close(struct tui *t);
/* Handles the review's actions; false for any other. */
bool tui_review_action(struct tui *t, enum action a);
/* Counts the view again when the root, the filter or a mark changed. */
void tui_review_update(struct tui *t);
/* "reviewed 3/37 · 2 flagged", "notes read-only", … for the status line. */
void tui_review_status(const struct tui *t, char *buf, size_t size);
/* The note shown with the detail of eid (t->review.note, and when its
 * draft was kept); false without notes. */
bool tui_review_note(struct tui *t, int64_t eid);
/* :export review FILE [ID] [--filter EXPR] (the argument after :export) */
void tui_review_export(struct tui *t, const char *argument);
/* The selection's entity, for the review's keys; false (with a message)
 * when there is none, notes are off, or (writing) they are read-only. */
bool tui_review_selected(struct tui *t, bool writing, struct entity *e);
/* After this process changed an entity's note. */
void tui_review_changed(struct tui *t, const struct entity *e);
/* Says that the `what` could not be saved, and why. */
void tui_review_write_failed(struct tui *t, const char *what);

/* ---- the view remembered between runs (tui_saved.c) ---- */

/* At startup: the view the user last left this model in (unless
 * options.fresh), and whether it will be stored (notes writable). */
void tui_saved_restore(struct tui *t);
/* Between keys: notes a change of the view, and stores it when one is
 * pending and the last store is a few seconds old. */
void tui_saved_tick(struct tui *t);
/* How long the loop may wait for a key before tui_saved_tick must run
 * again: -1 for ever. */
int tui_saved_wait_ms(const struct tui *t);
/* At the end, however it came: the view as it is now.  Returns why it
 * could not be stored, or NULL (caller frees). */
char *tui_saved_store(struct tui *t);
void tui_saved_free(struct tui *t);

/* ---- the note editor (tui_editor.c) ---- */

/* e: the box over the detail pane, on the selection's note. */
void tui_editor_open(struct tui *t);
/* E: the user's own editor on the selection's note. */
void tui_editor_external(struct tui *t);
void tui_editor_close(struct tui *t);
void tui_editor_key(struct tui *t, int key, bool is_code);
/* ^S: saves the editor's text over the version it began from; closes the
 * editor when saved, opens the choice when another changed the note. */
void tui_editor_save(struct tui *t);

/* ---- a note changed by another while edited (tui_conflict.c) ---- */

/* Shows theirs (taken) beside the text being edited, to choose from:
 * keep mine, keep theirs, keep both. */
void tui_conflict_open(struct tui *t, struct note *theirs, bool at_save);
void tui_conflict_close(struct tui *t);
/* The conflict an import left on the note, shown when its editor opens
 * (theirs moved in, as by tui_conflict_open). */
void tui_conflict_open_imported(struct tui *t, struct note *theirs);
void tui_conflict_key(struct tui *t, int key, bool is_code);
/* ^R in the editor: the choice when another changed the note since. */
void tui_conflict_check(struct tui *t);
/* Before drawing: the text area's size, and the first row shown scrolled
 * to keep the cursor in sight. */
void tui_editor_place(struct tui *t);
/* The interface was ended from outside (a signal, its terminal gone): the
 * text of a changed note in the editor is kept as a draft (notes.h), which
 * the editor offers back when it next opens on that entity.  Returns what
 * to tell once the terminal is restored, or NULL (caller frees). */
char *tui_editor_keep_draft(struct tui *t);

#endif
