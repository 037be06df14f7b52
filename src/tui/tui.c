/* The interface's event loop: one key (or mouse event, or resize) at a
 * time, each answered by acting on the outline and redrawing. */
#include <curses.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include "icsview/query/filter.h"
#include "icsview/base/output.h"
#include "tui_private.h"

/* The only state a signal handler touches. */
static volatile sig_atomic_t pending_signal;
/* The signals that end the interface, and the mask to wait for a key
 * with (they are blocked while the screen is drawn: see read_key). */
static const int ending[] = { SIGINT, SIGTERM, SIGHUP };
static sigset_t ending_signals, wait_mask;
static bool curses_active;

static void on_signal(int sig)
{
	pending_signal = sig;
}

static void restore_terminal(void)
{
	if (curses_active) {
		endwin();
		curses_active = false;
	}
}

static void install_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&ending_signals);
	sigprocmask(SIG_BLOCK, NULL, &wait_mask);
	for (size_t i = 0; i < sizeof(ending) / sizeof(ending[0]); i++) {
		/* no SA_RESTART: a signal interrupts the wait for a key */
		sigaction(ending[i], &sa, NULL);
		sigaddset(&ending_signals, ending[i]);
		sigdelset(&wait_mask, ending[i]);
	}
}

/* An ending signal has come, handled or (blocked while the screen is
 * drawn and a filter steps) waiting. */
static bool ending_signal_waiting(void)
{
	sigset_t waiting;

	if (pending_signal)
		return true;
	if (sigpending(&waiting) != 0)
		return false;
	for (size_t i = 0; i < sizeof(ending) / sizeof(ending[0]); i++)
		if (sigismember(&waiting, ending[i]) == 1)
			return true;
	return false;
}

/* A key if one is there (ncurses holds it, or it is waiting), else ERR at
 * once. */
static int poll_key(wint_t *ch)
{
	int rc;

	nodelay(stdscr, TRUE);
	rc = get_wch(ch);
	nodelay(stdscr, FALSE);
	return rc;
}

/* Reads a key.  The signals that end the interface are blocked from the
 * top of the loop, and let through only while it waits for input
 * (pselect): one that came while the screen was drawn would otherwise be
 * handled just before a read that then waits for a key, for ever if none
 * comes.  A key ncurses already holds is read without waiting.  ERR with
 * pending_signal set when a signal ended the wait. */
static int read_key(wint_t *ch)
{
	fd_set in;
	int rc = poll_key(ch);

	if (rc != ERR || pending_signal)
		return rc;
	FD_ZERO(&in);
	FD_SET(STDIN_FILENO, &in);
	if (pselect(STDIN_FILENO + 1, &in, NULL, NULL, NULL, &wait_mask) < 0)
		return ERR;      /* errno EINTR: a signal (or a resize) */
	return get_wch(ch);
}

static const struct key_name key_names[] = {
	{ "Up", KEY_UP }, { "Down", KEY_DOWN }, { "Left", KEY_LEFT }, { "Right", KEY_RIGHT },
	{ "PgUp", KEY_PPAGE }, { "PgDn", KEY_NPAGE }, { "Home", KEY_HOME }, { "End", KEY_END },
	{ "Enter", '\n' }, { "Tab", '\t' }, { "BTab", KEY_BTAB }, { "Backspace", KEY_BACKSPACE },
	{ "Esc", 27 }, { "Space", ' ' },
};

/* ---- detail pane ------------------------------------------------------ */

int64_t tui_current_eid(const struct tui *t)
{
	if (t->prompt == PROMPT_SEARCH)
		return t->result_sel < t->results.count ? t->results.items[t->result_sel].eid : 0;
	return outline_selected_eid(&t->tree);
}

static void refresh_detail(struct tui *t)
{
	int64_t eid = tui_current_eid(t);
	size_t width = t->layout.detail_w > 2 ? (size_t)t->layout.detail_w - 2 : 10;

	bool same = eid == t->detail.eid && width == t->detail.width && t->detail.count, noted;

	if (same && !t->detail_stale)
		return;
	t->detail_stale = false;
	noted = tui_review_note(t, eid);   /* sets t->note and t->note_draft_when */
	if (detail_build_reviewed(&t->detail, t->st, eid, width, noted ? &t->note : NULL,
	                          t->note_draft_when) != STORE_OK)
		tui_message(t, true, "cannot read entity: %s", store_errmsg(t->st));
	if (same)
		return;     /* the same entity again: stay where the reader was */
	t->detail_top = 0;
	t->detail_link = (size_t)-1;
}

/* ---- moving ----------------------------------------------------------- */

static struct location here(const struct tui *t)
{
	struct location loc = { t->tree.root, outline_selected_eid(&t->tree) };
	return loc;
}

/* Reveals eid in the tree; one that a filter under way has not reached
 * yet may match, so then the filter finishes first and it is tried again. */
static int reveal_filtered(struct tui *t, int64_t eid)
{
	int rc = outline_reveal(&t->tree, eid);

	if (rc != STORE_OK && t->filter_text && !t->filter.complete && tui_filter_finish(t))
		rc = outline_reveal(&t->tree, eid);
	return rc;
}

/* Shows a location: its root, its selection (revealed). */
static void show_location(struct tui *t, struct location loc)
{
	if (outline_set_root(&t->tree, loc.root, 0) != STORE_OK) {
		tui_message(t, true, "cannot read the tree: %s", store_errmsg(t->st));
		return;
	}
	if (loc.selected && reveal_filtered(t, loc.selected) != STORE_OK)
		tui_message(t, true, "that entity is no longer here");
}

/* Jumps to an entity, keeping the root when the entity is under it, else
 * going back to the model's roots; recorded in history. */
void tui_jump_to(struct tui *t, int64_t eid)
{
	struct location from = here(t), to;

	if (reveal_filtered(t, eid) != STORE_OK) {
		if (outline_set_root(&t->tree, 0, 0) != STORE_OK || outline_reveal(&t->tree, eid) != STORE_OK) {
			tui_message(t, true, t->filter_text ? "that entity is hidden by the filter (F clears it)"
			                                    : "cannot find that entity in the tree");
			show_location(t, from);
			return;
		}
	}
	to = here(t);
	history_navigate(&t->history, from, to);
	t->focus = FOCUS_TREE;
}

static size_t page_rows(const struct tui *t)
{
	return t->layout.tree_h > 1 ? (size_t)t->layout.tree_h - 1 : 1;
}

static void tree_move(struct tui *t, long delta)
{
	size_t sel = t->tree.selected;

	if (sel == OUTLINE_NONE)
		return;
	if (delta < 0 && (size_t)-delta > sel)
		sel = 0;
	else
		sel = (size_t)((long)sel + delta);
	outline_select(&t->tree, sel);
}

static void detail_move(struct tui *t, int dir, size_t steps)
{
	for (size_t i = 0; i < steps; i++) {
		size_t next = detail_next_link(&t->detail, t->detail_link, dir);
		if (next == (size_t)-1) {
			/* no more links that way: scroll instead */
			if (dir > 0 && t->detail_top + 1 < t->detail.count)
				t->detail_top++;
			else if (dir < 0 && t->detail_top > 0)
				t->detail_top--;
			continue;
		}
		t->detail_link = next;
	}
}

/* After the detail pane scrolled a page or to an end, the selected link
 * goes with the view (the first link shown, or the last when it went up;
 * none when it shows no link): keeping the old one in sight would pull the
 * view back to it, and PgDn or End would stop short of the end. */
static void detail_link_into_view(struct tui *t, int dir)
{
	size_t h = tui_clamp_detail(t), top = t->detail_top, link;

	if (t->detail_link != (size_t)-1 && t->detail_link >= top && t->detail_link < top + h)
		return;
	link = dir > 0 ? detail_next_link(&t->detail, top ? top - 1 : (size_t)-1, 1)
	               : detail_next_link(&t->detail, top + h, -1);
	t->detail_link = link != (size_t)-1 && link >= top && link < top + h ? link : (size_t)-1;
}

static void expand_or_enter(struct tui *t)
{
	size_t row = t->tree.selected;
	const struct outline_row *r;

	if (row == OUTLINE_NONE)
		return;
	r = outline_row(&t->tree, row);
	if (!r) {
		tui_message(t, true, "cannot read the tree: %s", store_errmsg(t->st));
		return;
	}
	if (r->secondary) {
		tui_jump_to(t, r->eid);     /* a link: go to its own place */
		return;
	}
	if (!r->expanded && r->n_children) {
		if (outline_expand(&t->tree, row) != STORE_OK)
			tui_message(t, true, "cannot read the tree: %s", store_errmsg(t->st));
		return;
	}
	if (r->expanded && row + 1 < t->tree.count)
		outline_select(&t->tree, row + 1);
}

static void collapse_or_parent(struct tui *t)
{
	size_t row = t->tree.selected, parent;
	const struct outline_row *r;

	if (row == OUTLINE_NONE)
		return;
	r = outline_row(&t->tree, row);
	if (r && r->expanded) {
		outline_collapse(&t->tree, row);
		return;
	}
	parent = outline_parent(&t->tree, row);
	if (parent != OUTLINE_NONE)
		outline_select(&t->tree, parent);
}

static void drill_down(struct tui *t)
{
	struct location from = here(t);
	int64_t eid = outline_selected_eid(&t->tree);
	const struct outline_row *r;

	if (!eid)
		return;
	r = outline_row(&t->tree, t->tree.selected);
	if (r && r->n_children == 0) {
		tui_message(t, false, "%s has nothing under it", r->name);
		return;
	}
	if (outline_set_root(&t->tree, eid, 0) != STORE_OK) {
		tui_message(t, true, "cannot read the tree: %s", store_errmsg(t->st));
		return;
	}
	history_navigate(&t->history, from, here(t));
}

static void drill_up(struct tui *t)
{
	struct location from = here(t);
	struct entity root;
	int64_t old_root = t->tree.root;

	if (old_root == 0) {
		tui_message(t, false, "already at the top");
		return;
	}
	if (store_entity(t->st, old_root, &root) != STORE_OK)
		return;
	if (outline_set_root(&t->tree, root.parent, old_root) == STORE_OK)
		history_navigate(&t->history, from, here(t));
	entity_clear(&root);
}

static void goto_text(struct tui *t, const char *text)
{
	struct match_list matches = { 0 };
	int rc = store_lookup(t->st, text, 5, &matches);

	if (rc == STORE_NOT_FOUND)
		tui_message(t, true, "nothing matches '%s'", text);
	else if (rc != STORE_OK)
		tui_message(t, true, "lookup failed: %s", store_errmsg(t->st));
	else if (matches.total > 1)
		tui_message(t, true, "'%s' matches %zu entities; be more precise (first: %s)", text,
		            matches.total, matches.items[0].id);
	else
		tui_jump_to(t, matches.items[0].eid);
	match_list_clear(&matches);
}

static void refresh_all(struct tui *t);

static void run_command(struct tui *t, const char *line)
{
	while (*line == ' ')
		line++;
	if (strncmp(line, "goto ", 5) == 0 || strncmp(line, "g ", 2) == 0)
		goto_text(t, strchr(line, ' ') + 1);
	else if (strcmp(line, "q") == 0 || strcmp(line, "quit") == 0)
		t->quit = true;
	else if (strcmp(line, "help") == 0)
		t->help = true;
	else if (strncmp(line, "export review", 13) == 0 && (line[13] == ' ' || !line[13]))
		tui_review_export(t, line + 13);
	else if (strcmp(line, "refresh") == 0 || strcmp(line, "reload") == 0)
		refresh_all(t);
	else if (strcmp(line, "root") == 0 || strcmp(line, "top") == 0)
		show_location(t, (struct location){ 0, outline_selected_eid(&t->tree) });
	else if (*line)
		tui_message(t, true, "unknown command '%s' (try :goto ID, :root, :export review FILE, "
		            ":quit, :help)", line);
}

static void set_mark(struct tui *t, int letter)
{
	if (letter < 'a' || letter > 'z') {
		tui_message(t, true, "marks are letters a-z");
		return;
	}
	t->marks[letter - 'a'] = (struct mark){ t->tree.root, outline_selected_eid(&t->tree) };
	tui_message(t, false, "mark '%c' set", letter);
}

static void jump_mark(struct tui *t, int letter)
{
	struct mark m;

	if (letter < 'a' || letter > 'z' || !t->marks[letter - 'a'].eid) {
		tui_message(t, true, "no mark '%c'", letter >= ' ' && letter < 127 ? letter : '?');
		return;
	}
	m = t->marks[letter - 'a'];
	history_navigate(&t->history, here(t), (struct location){ m.root, m.eid });
	show_location(t, (struct location){ m.root, m.eid });
}

/* ---- filter ----------------------------------------------------------- */

/* A filter is evaluated a step at a time between keys (filter.h): the
 * tree shows what is found as it lands, keeping the selection where it is
 * on the screen, and the screen's rows open the way to the matches
 * (outline_set_opening) until the user collapses them. */

/* The tree again under the current filter (or none), keeping the root when
 * something under it is still visible, and the selection when it is. */
static void rebuild_tree(struct tui *t)
{
	int64_t selected = outline_selected_eid(&t->tree);

	if (outline_set_root(&t->tree, t->tree.root, selected) != STORE_OK)
		tui_message(t, true, "cannot read the tree: %s", store_errmsg(t->st));
	/* nothing under the root yet may be something later */
	if (t->tree.count == 0 && t->tree.root && t->filter.complete)
		outline_set_root(&t->tree, 0, selected);
	if (selected && outline_selected_eid(&t->tree) != selected)
		outline_reveal(&t->tree, selected);
}

/* The tree with what the last steps found: the selected entity stays on
 * its line of the screen (rows land above it as well as below).  The
 * entity selected when the filter came, not found yet, is selected when it
 * lands, unless a key came first. */
static void refresh_filtered(struct tui *t)
{
	int64_t selected = outline_selected_eid(&t->tree);
	size_t line = t->tree.selected != OUTLINE_NONE && t->tree.selected >= t->tree_top
	              ? t->tree.selected - t->tree_top : 0;

	rebuild_tree(t);
	if (t->filter_seek && outline_reveal(&t->tree, t->filter_seek) == STORE_OK)
		t->filter_seek = 0;
	else if (selected && outline_selected_eid(&t->tree) == selected)
		t->tree_top = t->tree.selected > line ? t->tree.selected - line : 0;
	if (t->filter.complete)
		t->filter_seek = 0;
}

/* After a filter started: the entity selected before it, when the first
 * step has not found it, is looked for as the steps land. */
static void seek_selection(struct tui *t, int64_t eid)
{
	t->filter_seek = eid && !t->filter.complete && outline_selected_eid(&t->tree) != eid ? eid
	                                                                                    : 0;
}

/* Says what a complete filter found when it found nothing; the review's
 * counts are made again over all of it. */
static void filter_completed(struct tui *t)
{
	t->review_generation++;
	if (t->filter.matched == 0)
		tui_message(t, false, "nothing matches: F clears the filter");
}

/* No filter any more (the store's is gone or cleared): the whole tree. */
static void forget_filter(struct tui *t)
{
	free(t->filter_text);
	t->filter_text = NULL;
	memset(&t->filter, 0, sizeof(t->filter));
	t->filter_seek = 0;
	outline_set_opening(&t->tree, false);
	t->review_generation++;
	rebuild_tree(t);
}

/* The filter failed while being evaluated: it is gone. */
static void filter_failed(struct tui *t)
{
	char why[sizeof(t->filter.error.message)];

	snprintf(why, sizeof(why), "%s", t->filter.error.message);
	forget_filter(t);
	tui_message(t, true, "filter: %s; the filter is cleared", why);
}

bool tui_filter_finish(struct tui *t)
{
	if (!t->filter_text || t->filter.complete)
		return true;
	if (filter_finish(t->st, &t->filter) != FILTER_OK) {
		filter_failed(t);
		return false;
	}
	refresh_filtered(t);
	filter_completed(t);
	return true;
}

static void apply_filter(struct tui *t, const char *text)
{
	struct filter_error error;
	struct filter_result result;
	struct filter *f;
	int64_t selected;
	int rc;

	if (!*text) {
		tui_message(t, false, "empty filter: F clears the filter");
		return;
	}
	f = filter_parse(text, &error);
	if (!f) {
		tui_message(t, true, "filter: %s (column %zu); the previous filter stays", error.message,
		            error.position + 1);
		return;
	}
	rc = filter_start(t->st, f, &t->filter_pace, &result);
	if (rc == FILTER_INVALID) {
		tui_message(t, true, "filter: %s (column %zu); the previous filter stays",
		            result.error.message, result.error.position + 1);
		filter_free(f);
		return;
	}
	if (!t->filter_text)
		t->unfiltered_selection = outline_selected_eid(&t->tree);
	free(t->filter_text);
	t->filter_text = filter_describe(f);
	t->filter = result;
	filter_free(f);
	if (rc != FILTER_OK) {
		filter_failed(t);
		return;
	}
	t->review_generation++;
	/* the matches are the point: the screen opens the way to them */
	outline_set_opening(&t->tree, true);
	selected = outline_selected_eid(&t->tree);
	rebuild_tree(t);
	seek_selection(t, selected);
	if (result.complete)
		filter_completed(t);
}

static void clear_filter(struct tui *t)
{
	if (!t->filter_text) {
		tui_message(t, false, "no filter to clear");
		return;
	}
	filter_clear(t->st);    /* a filter still being evaluated stops */
	forget_filter(t);
	if (t->unfiltered_selection)
		outline_reveal(&t->tree, t->unfiltered_selection);
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Between keys while a filter is being evaluated: steps until a key comes
 * (kept in t->key for the loop), a signal, the end, or a frame's time
 * (the tree and the status line are drawn again after each frame); then
 * the tree with what landed.  A key waits for the step under way at most. */
#define FILTER_FRAME_MS 40.0

static void filter_frame(struct tui *t)
{
	double started = now_ms();
	int64_t visible = t->filter.visible, matched = t->filter.matched;

	for (;;) {
		int rc = poll_key(&t->key.ch);

		if (rc != ERR) {
			t->key.rc = rc;
			t->key.ready = true;
			break;
		}
		if (ending_signal_waiting())
			break;
		if (filter_step(t->st, &t->filter) != FILTER_OK) {
			filter_failed(t);
			return;
		}
		if (t->filter.complete || now_ms() - started >= FILTER_FRAME_MS)
			break;
	}
	if (t->filter.visible != visible || t->filter.matched != matched || t->filter.complete)
		refresh_filtered(t);
	if (t->filter.complete)
		filter_completed(t);
}

/* ICSVIEW_FILTER_CHUNK=N, a test hook: each step of a filter evaluates N
 * entities, so that a small model takes many steps (tests/tui/filter-steps.sh
 * watches a filter's progress with it).  Unset: steps paced by time. */
static void filter_pace_from_env(struct filter_pace *pace)
{
	const char *chunk = getenv("ICSVIEW_FILTER_CHUNK");
	char *end;
	long long n;

	memset(pace, 0, sizeof(*pace));
	if (!chunk || !*chunk)
		return;
	n = strtoll(chunk, &end, 10);
	if (!*end && n > 0 && n <= 1000000)
		pace->chunk = n;
}

/* ---- reload ----------------------------------------------------------- */

static char *id_of(struct tui *t, int64_t eid)
{
	struct entity e;
	char *id;

	if (!eid || store_entity(t->st, eid, &e) != STORE_OK)
		return NULL;
	id = xstrdup(e.id);
	entity_clear(&e);
	return id;
}

static int64_t eid_by_id(struct store *st, const char *id)
{
	struct entity e;
	int64_t eid;

	if (!id || store_entity_by_id(st, id, &e) != STORE_OK)
		return 0;
	eid = e.eid;
	entity_clear(&e);
	return eid;
}

/* Moves everything to the new store: row numbers and eids of the old one
 * mean nothing there, so history and marks go, and what was shown (root,
 * selection, filter) is found again by id. */
static void switch_store(struct tui *t, struct store *fresh)
{
	char *root_id = id_of(t, t->tree.root), *selected_id = id_of(t, outline_selected_eid(&t->tree));
	char *filter = t->filter_text;
	struct store_counts counts;
	int64_t root;

	t->filter_text = NULL;
	memset(&t->filter, 0, sizeof(t->filter));
	if (t->review_ready)
		review_close(&t->review);
	outline_close(&t->tree);
	detail_clear(&t->detail);
	search_results_clear(&t->results);
	history_free(&t->history);
	history_init(&t->history, 1000);
	memset(t->marks, 0, sizeof(t->marks));
	t->st = fresh;
	t->options.release(t->options.reload_ctx);
	if (store_count(fresh, &counts) == STORE_OK)
		t->total_entities = counts.entities;
	outline_open(&t->tree, fresh, 0);
	if (filter)
		apply_filter(t, filter);
	t->review_ready = review_open(&t->review, fresh, t->notes) == STORE_OK;
	t->review_generation++;
	root = eid_by_id(fresh, root_id);
	if (root)
		outline_set_root(&t->tree, root, 0);
	if (selected_id && eid_by_id(fresh, selected_id)) {
		outline_reveal(&t->tree, eid_by_id(fresh, selected_id));
		seek_selection(t, eid_by_id(fresh, selected_id));
	}
	t->detail_stale = true;
	free(root_id);
	free(selected_id);
	free(filter);
}

/* ^R: the model again when its files changed, then the notes. */
static void refresh_all(struct tui *t)
{
	struct store *fresh = NULL;
	char *error = NULL;
	int rc = t->options.reload ? t->options.reload(t->options.reload_ctx, &fresh, &error) : 0;

	if (t->notes)
		tui_review_action(t, ACTION_REFRESH);
	else if (rc == 0)
		tui_message(t, false, "the model's files have not changed");
	if (rc < 0) {
		tui_message(t, true, "model not reloaded: %s", error);
		free(error);
	} else if (rc == 1 || rc == 2) {
		switch_store(t, fresh);
		tui_message(t, false, rc == 2 ? "model rebuilt: its cached database was damaged "
		                                "(%lld entities)"
		                              : "model reloaded: its files changed (%lld entities)",
		            (long long)t->total_entities);
	}
}

/* ---- search ----------------------------------------------------------- */

static void run_search(struct tui *t)
{
	struct search_options options = { .limit = 200, .path_separator = t->utf8 ? " › " : " > " };

	search_results_clear(&t->results);
	t->result_sel = t->result_top = 0;
	t->search_failed = search_run(t->st, sb_str(&t->input), &options, &t->results) != STORE_OK;
}

static void search_step(struct tui *t, int dir)
{
	if (t->results.count == 0) {
		tui_message(t, false, "no search results: / to search");
		return;
	}
	t->result_sel = (t->result_sel + t->results.count + (size_t)(dir > 0 ? 1 : -1)) % t->results.count;
	tui_jump_to(t, t->results.items[t->result_sel].eid);
	tui_message(t, false, "result %zu of %zu", t->result_sel + 1, t->results.count);
}

static bool search_list_key(struct tui *t, int key, bool is_code)
{
	size_t count = t->results.count;

	if (count == 0)
		return false;
	if ((is_code && key == KEY_DOWN) || key == 14 /* ^N */) {
		t->result_sel = t->result_sel + 1 < count ? t->result_sel + 1 : t->result_sel;
		return true;
	}
	if ((is_code && key == KEY_UP) || key == 16 /* ^P */) {
		t->result_sel = t->result_sel ? t->result_sel - 1 : 0;
		return true;
	}
	if (is_code && key == KEY_NPAGE) {
		t->result_sel = t->result_sel + page_rows(t) < count ? t->result_sel + page_rows(t) : count - 1;
		return true;
	}
	if (is_code && key == KEY_PPAGE) {
		t->result_sel = t->result_sel > page_rows(t) ? t->result_sel - page_rows(t) : 0;
		return true;
	}
	return false;
}

/* ---- prompt ----------------------------------------------------------- */

static void open_prompt(struct tui *t, enum prompt_kind kind)
{
	t->prompt = kind;
	sb_reset(&t->input);
	if (kind == PROMPT_SEARCH)
		search_results_clear(&t->results);
}

static void prompt_key(struct tui *t, int key, bool is_wide)
{
	enum prompt_kind kind = t->prompt;
	size_t length = t->input.len;

	if (kind == PROMPT_SEARCH && search_list_key(t, key, !is_wide))
		return;

	if (kind == PROMPT_MARK || kind == PROMPT_JUMP_MARK) {
		t->prompt = PROMPT_NONE;
		if (key == 27)
			return;
		if (kind == PROMPT_MARK)
			set_mark(t, key);
		else
			jump_mark(t, key);
		return;
	}
	if (key == 27) {
		/* back where we were: nothing moved while typing */
		t->prompt = PROMPT_NONE;
		if (kind == PROMPT_SEARCH)
			search_results_clear(&t->results);
	} else if (key == '\n' || key == KEY_ENTER) {
		char *line = xstrdup(sb_str(&t->input));
		t->prompt = PROMPT_NONE;
		if (kind == PROMPT_COMMAND)
			run_command(t, line);
		else if (kind == PROMPT_SEARCH && t->results.count)
			tui_jump_to(t, t->results.items[t->result_sel].eid);
		else if (kind == PROMPT_SEARCH)
			tui_message(t, true, "nothing found for '%s'", line);
		else if (kind == PROMPT_FILTER)
			apply_filter(t, line);
		else if (*line)
			goto_text(t, line);
		free(line);
	} else if (key == 21) {         /* ^U: clear the line */
		sb_reset(&t->input);
	} else if ((!is_wide && key == KEY_BACKSPACE) || key == 127 || key == 8) {
		/* remove the last character, not the last byte */
		while (t->input.len && (t->input.buf[t->input.len - 1] & 0xC0) == 0x80)
			t->input.len--;
		if (t->input.len)
			t->input.len--;
		if (t->input.buf)
			t->input.buf[t->input.len] = '\0';
	} else if (is_wide && key >= ' ' && t->input.len < 512) {
		char bytes[8];
		int n = wctomb(bytes, (wchar_t)key);
		if (n > 0)
			sb_add(&t->input, bytes, (size_t)n);
	}
	if (kind == PROMPT_SEARCH && t->prompt == PROMPT_SEARCH && t->input.len != length)
		run_search(t);
}

/* ---- actions ---------------------------------------------------------- */

/* The group cut at more line `index` lists its next page in the more
 * line's place.  From the detail pane the first new link is selected;
 * the view stays where it is. */
static void load_more(struct tui *t, size_t index)
{
	size_t first, before = t->detail.count, selected = t->detail_link;

	if (detail_load_more(&t->detail, t->st, index, &first) != STORE_OK) {
		tui_message(t, true, "cannot read the links: %s", store_errmsg(t->st));
		return;
	}
	/* lines after the more line moved by the difference */
	if (selected != (size_t)-1 && selected > first && selected < before)
		selected = selected + t->detail.count - before;
	if (t->detail_top > first)
		t->detail_top = t->detail_top + t->detail.count - before;
	if (t->focus == FOCUS_DETAIL || selected == first)
		selected = first < t->detail.count && (t->detail.lines[first].style == DETAIL_LINK ||
		                                        t->detail.lines[first].style == DETAIL_MORE)
		           ? first : detail_next_link(&t->detail, first, -1);
	t->detail_link = selected;
}

/* +: the selected more line, else the first one from the top of the
 * view down, else the first one above it. */
static void more_links(struct tui *t)
{
	size_t found = (size_t)-1;

	if (t->detail_link != (size_t)-1 && t->detail_link < t->detail.count &&
	    t->detail.lines[t->detail_link].style == DETAIL_MORE) {
		load_more(t, t->detail_link);
		return;
	}
	for (size_t i = t->detail_top; i < t->detail.count && found == (size_t)-1; i++)
		if (t->detail.lines[i].style == DETAIL_MORE)
			found = i;
	for (size_t i = 0; i < t->detail_top && i < t->detail.count && found == (size_t)-1; i++)
		if (t->detail.lines[i].style == DETAIL_MORE)
			found = i;
	if (found == (size_t)-1) {
		tui_message(t, false, "every link is listed");
		return;
	}
	load_more(t, found);
}

static void follow_detail_link(struct tui *t)
{
	if (t->detail_link == (size_t)-1 || t->detail_link >= t->detail.count)
		return;
	if (t->detail.lines[t->detail_link].style == DETAIL_MORE) {
		load_more(t, t->detail_link);
		return;
	}
	tui_jump_to(t, t->detail.lines[t->detail_link].target);
}

static void switch_focus(struct tui *t)
{
	if (t->focus == FOCUS_DETAIL || t->layout.detail_h <= 0) {
		t->focus = FOCUS_TREE;
		return;
	}
	t->focus = FOCUS_DETAIL;
	if (t->detail_link == (size_t)-1)
		t->detail_link = detail_next_link(&t->detail, (size_t)-1, 1);
}

static void history_step(struct tui *t, bool back)
{
	struct location to;
	bool moved = back ? history_back(&t->history, here(t), &to)
	                  : history_forward(&t->history, here(t), &to);

	if (!moved) {
		tui_message(t, false, back ? "nothing further back" : "nothing further forward");
		return;
	}
	show_location(t, to);
	t->focus = FOCUS_TREE;
}

static void act_move(struct tui *t, enum action a)
{
	bool detail = t->focus == FOCUS_DETAIL;
	size_t page = page_rows(t);

	switch (a) {
	case ACTION_MOVE_DOWN: detail ? detail_move(t, 1, 1) : tree_move(t, 1); break;
	case ACTION_MOVE_UP: detail ? detail_move(t, -1, 1) : tree_move(t, -1); break;
	case ACTION_PAGE_DOWN:
		if (detail) t->detail_top += (size_t)(t->layout.detail_h > 1 ? t->layout.detail_h - 1 : 1);
		else tree_move(t, (long)page);
		break;
	case ACTION_PAGE_UP:
		if (detail) {
			size_t h = (size_t)(t->layout.detail_h > 1 ? t->layout.detail_h - 1 : 1);
			t->detail_top = t->detail_top > h ? t->detail_top - h : 0;
		} else {
			tree_move(t, -(long)page);
		}
		break;
	case ACTION_FIRST: detail ? (void)(t->detail_top = 0) : (void)outline_select(&t->tree, 0); break;
	case ACTION_LAST:
		if (detail) t->detail_top = t->detail.count;
		else outline_select(&t->tree, t->tree.count ? t->tree.count - 1 : 0);
		break;
	default: break;
	}
	if (detail && a != ACTION_MOVE_DOWN && a != ACTION_MOVE_UP)
		detail_link_into_view(t, a == ACTION_PAGE_DOWN || a == ACTION_LAST ? 1 : -1);
}

static void act(struct tui *t, enum action a)
{
	switch (a) {
	case ACTION_MOVE_DOWN: case ACTION_MOVE_UP: case ACTION_PAGE_DOWN: case ACTION_PAGE_UP:
	case ACTION_FIRST: case ACTION_LAST:
		act_move(t, a);
		break;
	case ACTION_EXPAND:
		if (t->focus == FOCUS_DETAIL) follow_detail_link(t);
		else expand_or_enter(t);
		break;
	case ACTION_COLLAPSE:
		if (t->focus == FOCUS_DETAIL) t->focus = FOCUS_TREE;
		else collapse_or_parent(t);
		break;
	case ACTION_EXPAND_ALL:
		if (outline_expand_all(&t->tree, t->tree.selected, 100000) != STORE_OK)
			tui_message(t, true, "cannot read the tree: %s", store_errmsg(t->st));
		break;
	case ACTION_COLLAPSE_ALL: outline_collapse_all(&t->tree); break;
	case ACTION_DRILL_DOWN:
		if (t->focus == FOCUS_DETAIL) follow_detail_link(t);
		else drill_down(t);
		break;
	case ACTION_DRILL_UP: drill_up(t); break;
	case ACTION_BACK: history_step(t, true); break;
	case ACTION_FORWARD: history_step(t, false); break;
	case ACTION_FOCUS: switch_focus(t); break;
	case ACTION_MORE_LINKS: more_links(t); break;
	case ACTION_TOGGLE_DETAIL:
		t->detail_hidden = !t->detail_hidden;
		if (t->detail_hidden) t->focus = FOCUS_TREE;
		break;
	case ACTION_SEARCH: open_prompt(t, PROMPT_SEARCH); break;
	case ACTION_SEARCH_NEXT: search_step(t, 1); break;
	case ACTION_SEARCH_PREV: search_step(t, -1); break;
	case ACTION_FILTER:
		open_prompt(t, PROMPT_FILTER);
		if (t->filter_text)
			sb_puts(&t->input, t->filter_text);   /* edit the filter in force */
		break;
	case ACTION_CLEAR_FILTER: clear_filter(t); break;
	case ACTION_GOTO: open_prompt(t, PROMPT_GOTO); break;
	case ACTION_COMMAND: open_prompt(t, PROMPT_COMMAND); break;
	case ACTION_MARK: open_prompt(t, PROMPT_MARK); break;
	case ACTION_JUMP_MARK: open_prompt(t, PROMPT_JUMP_MARK); break;
	case ACTION_REDRAW: clearok(curscr, TRUE); break;
	case ACTION_HELP: t->help = true; t->help_top = 0; break;
	case ACTION_QUIT: t->quit = true; break;
	case ACTION_REFRESH: refresh_all(t); break;
	default: tui_review_action(t, a); break;
	}
}

/* ---- mouse -------------------------------------------------------------- */

static void mouse_event(struct tui *t)
{
	MEVENT ev;
	const struct layout *l = &t->layout;
	bool in_tree, in_detail;

	if (getmouse(&ev) != OK)
		return;
	in_tree = ev.y >= l->tree_y && ev.y < l->tree_y + l->tree_h && ev.x >= l->tree_x &&
	          ev.x < l->tree_x + l->tree_w;
	in_detail = l->detail_h > 0 && ev.y >= l->detail_y && ev.y < l->detail_y + l->detail_h &&
	            ev.x >= l->detail_x;
	if (ev.bstate & BUTTON4_PRESSED) {
		if (in_detail) t->detail_top = t->detail_top > 3 ? t->detail_top - 3 : 0;
		else if (t->tree_top) { t->tree_top = t->tree_top > 3 ? t->tree_top - 3 : 0; }
		return;
	}
#ifdef BUTTON5_PRESSED
	if (ev.bstate & BUTTON5_PRESSED) {
		if (in_detail) t->detail_top += 3;
		else if (t->tree_top + (size_t)l->tree_h < t->tree.count) t->tree_top += 3;
		return;
	}
#endif
	if (!(ev.bstate & (BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED | BUTTON1_PRESSED)))
		return;
	if (in_tree) {
		size_t row = t->tree_top + (size_t)(ev.y - l->tree_y);
		if (row >= t->tree.count)
			return;
		t->focus = FOCUS_TREE;
		outline_select(&t->tree, row);
		if (ev.bstate & BUTTON1_DOUBLE_CLICKED) {
			const struct outline_row *r = outline_row(&t->tree, row);
			if (r && r->expanded) outline_collapse(&t->tree, row);
			else expand_or_enter(t);
		}
	} else if (in_detail) {
		size_t line = t->detail_top + (size_t)(ev.y - l->detail_y);
		if (line >= t->detail.count || (t->detail.lines[line].style != DETAIL_LINK &&
		                                t->detail.lines[line].style != DETAIL_MORE))
			return;
		t->focus = FOCUS_DETAIL;
		t->detail_link = detail_link_head(&t->detail, line);
		if (ev.bstate & BUTTON1_DOUBLE_CLICKED)
			follow_detail_link(t);
	}
}

/* ---- the loop --------------------------------------------------------- */

static void handle_key(struct tui *t, int key, bool is_code)
{
	t->message[0] = '\0';
	t->filter_seek = 0;     /* the user has moved on */
	if (t->editor.active) {
		tui_editor_key(t, key, is_code);
		return;
	}
	if (t->prompt != PROMPT_NONE) {
		prompt_key(t, key, !is_code);
		return;
	}
	if (t->help) {
		if (key == 'j' || key == KEY_DOWN) t->help_top++;
		else if ((key == 'k' || key == KEY_UP) && t->help_top) t->help_top--;
		else t->help = false;
		return;
	}
	if (is_code && key == KEY_MOUSE) {
		mouse_event(t);
		return;
	}
	if (key == 27) {
		t->focus = FOCUS_TREE;
		return;
	}
	if (is_code && key == KEY_ENTER)
		key = '\n';
	/* characters past Latin-1 share numbers with function keys: no
	 * character there is bound, so they cannot be mistaken for one */
	if (!is_code && key >= 256)
		return;
	act(t, keymap_lookup(&t->keys, key));
}

/* The codes curses gives Ctrl+arrows, when the terminal describes them. */
static int extra_key(const char *capability)
{
	char *seq = tigetstr(capability);

	if (!seq || seq == (char *)-1 || !*seq)
		return 0;
	return key_defined(seq) > 0 ? key_defined(seq) : 0;
}

static void find_extra_keys(struct extra_keys *k)
{
	k->ctrl_left = extra_key("kLFT5");
	k->ctrl_right = extra_key("kRIT5");
	k->ctrl_home = extra_key("kHOM5");
	k->ctrl_end = extra_key("kEND5");
}

/* ^S saves a note: the terminal must not take it (and ^Q) for flow
 * control.  Recorded as the program's mode, so that it comes back after an
 * external editor; endwin() restores the user's own setting. */
static void flow_control_off(void)
{
	struct termios tio;

	if (tcgetattr(STDIN_FILENO, &tio) != 0)
		return;
	tio.c_iflag &= ~(tcflag_t)IXON;
	tcsetattr(STDIN_FILENO, TCSANOW, &tio);
	def_prog_mode();
}

int tui_run_editor(struct tui *t, const char *path)
{
	const char *editor = getenv("VISUAL");
	struct sigaction ignore, old_int, old_quit;
	pid_t pid;
	int status = -1;

	if (!editor || !*editor)
		editor = getenv("EDITOR");
	if (!editor || !*editor)
		editor = "vi";
	def_prog_mode();
	endwin();
	/* like system(3): ^C and ^\ are the editor's while it runs */
	memset(&ignore, 0, sizeof(ignore));
	ignore.sa_handler = SIG_IGN;
	sigemptyset(&ignore.sa_mask);
	sigaction(SIGINT, &ignore, &old_int);
	sigaction(SIGQUIT, &ignore, &old_quit);
	pid = fork();
	if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
		signal(SIGPIPE, SIG_DFL);
		/* as git does: the editor is shell words (EDITOR="code -w"), the
		 * file one argument whatever its name */
		char *command = xasprintf("%s \"$1\"", editor);
		execl("/bin/sh", "sh", "-c", command, "sh", path, (char *)NULL);
		_exit(127);
	}
	if (pid > 0) {
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	}
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	reset_prog_mode();
	clearok(curscr, TRUE);
	refresh();
	(void)t;
	return status == 127 ? -1 : status;
}

static bool start_curses(struct tui *t, char **error)
{
	const char *no_color = getenv("NO_COLOR");

	if (!newterm(NULL, stdout, stdin)) {
		const char *term = getenv("TERM");
		*error = xasprintf("cannot use terminal type '%s'; for scripts use 'icsview show', "
		                   "'icsview tree' or 'icsview check'", term ? term : "");
		return false;
	}
	curses_active = true;
	set_die_hook(restore_terminal);
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	mousemask(BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED | BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
	          | BUTTON5_PRESSED
#endif
	          , NULL);
	mouseinterval(250);
	find_extra_keys(&t->extra);
	flow_control_off();
	t->color = has_colors() && t->options.color != COLOR_NEVER &&
	           (t->options.color == COLOR_ALWAYS || !(no_color && *no_color));
	tui_init_colors(t);
	return true;
}

/* The screen's rows opened the way to a filter's matches: rows that
 * open above the selection push it down, and the rows then shown open in
 * turn (a few rounds at most: each opens what it shows). */
static void open_screen(struct tui *t)
{
	for (int round = 0; round < 3 && t->tree.opening && t->prompt != PROMPT_SEARCH; round++) {
		size_t count = t->tree.count;

		if (outline_open_rows(&t->tree, t->tree_top, (size_t)(t->layout.tree_h > 0
		                                                      ? t->layout.tree_h : 0))
		    != STORE_OK) {
			tui_message(t, true, "cannot read the tree: %s", store_errmsg(t->st));
			return;
		}
		tui_scroll_tree(t);
		if (t->tree.count == count)
			return;
	}
}

static int event_loop(struct tui *t)
{
	int errors = 0;

	while (!t->quit) {
		wint_t ch;
		int rc;

		sigprocmask(SIG_BLOCK, &ending_signals, NULL);
		tui_layout(t, getmaxy(stdscr), getmaxx(stdscr));
		refresh_detail(t);
		tui_review_update(t);
		tui_scroll_tree(t);
		open_screen(t);
		tui_scroll_detail(t);
		tui_draw(t);
		if (t->filter_text && !t->filter.complete && !t->key.ready && !pending_signal) {
			filter_frame(t);
			/* a signal that came meanwhile (blocked) is handled now */
			sigprocmask(SIG_SETMASK, &wait_mask, NULL);
			if (pending_signal)
				return 128 + pending_signal;
			if (!t->key.ready)
				continue;
		}
		if (t->key.ready) {
			t->key.ready = false;
			ch = t->key.ch;
			rc = t->key.rc;
		} else {
			rc = pending_signal ? ERR : read_key(&ch);
		}
		/* what the key does (a reload, the user's editor) runs as before */
		sigprocmask(SIG_SETMASK, &wait_mask, NULL);
		if (pending_signal)
			return 128 + pending_signal;
		if (rc == ERR) {
			/* input gone (a dropped connection): leave instead of spinning */
			if (errno != EINTR && ++errors >= 3) {
				t->terminal_lost = true;
				return 0;
			}
			continue;
		}
		errors = 0;
		if (rc == KEY_CODE_YES && ch == KEY_RESIZE)
			continue;
		handle_key(t, (int)ch, rc == KEY_CODE_YES);
	}
	return 0;
}

int tui_run(struct store *st, const struct tui_options *options)
{
	struct tui t;
	struct store_counts counts;
	char *error = NULL, *kept = NULL;
	int status;

	memset(&t, 0, sizeof(t));
	t.st = st;
	t.options = *options;
	t.utf8 = locale_is_utf8() && !options->ascii;
	t.detail_link = (size_t)-1;
	filter_pace_from_env(&t.filter_pace);
	keymap_init(&t.keys, key_names, sizeof(key_names) / sizeof(key_names[0]));
	history_init(&t.history, 1000);
	if (store_count(st, &counts) == STORE_OK)
		t.total_entities = counts.entities;
	if (outline_open(&t.tree, st, 0) != STORE_OK) {
		fprintf(stderr, "icsview: cannot read the model: %s\n", store_errmsg(st));
		outline_close(&t.tree);
		return 4;
	}
	install_signals();
	if (!start_curses(&t, &error)) {
		fprintf(stderr, "icsview: %s\n", error);
		free(error);
		outline_close(&t.tree);
		return 2;
	}
	tui_review_open(&t);
	status = event_loop(&t);
	if (status > 128 || t.terminal_lost)
		kept = tui_review_keep_draft(&t);
	tui_review_close(&t);
	restore_terminal();
	if (kept)
		fprintf(stderr, "icsview: %s\n", kept);
	free(kept);
	set_die_hook(NULL);
	outline_close(&t.tree);
	history_free(&t.history);
	detail_clear(&t.detail);
	search_results_clear(&t.results);
	free(t.filter_text);
	sb_free(&t.input);
	return status;
}
