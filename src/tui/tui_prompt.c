/* The prompts of the status line: : (commands), / (search, its results
 * listed in the tree pane while typing), f (filter), goto, and the marks'
 * letters; their line editing, history (prompt_history.h) and completion
 * (complete.h). */
#include <curses.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "icsview/base/paths.h"
#include "icsview/views/command_complete.h"
#include "icsview/views/commands.h"
#include "tui_private.h"

#define PROMPT_MAX_INPUT 512    /* bytes typed at most */

/* A command with what it needs missing says what that is. */
static void needs_argument(struct tui *t, enum command command)
{
	const struct command_info *info = command_info(command);

	tui_message(t, true, "%s: needs %s (:%s %s)", info->name, info->argument, info->name,
	            info->example);
}

static void run_command(struct tui *t, const char *line)
{
	const char *arg;
	enum command command = command_parse(line, &arg);
	const struct command_info *info = command_info(command);

	if (info->argument && !*arg) {
		needs_argument(t, command);
		return;
	}
	if (!info->argument && *arg) {
		tui_message(t, true, "%s: takes no argument", info->name);
		return;
	}
	switch (command) {
	case COMMAND_GOTO: tui_goto_text(t, arg); break;
	case COMMAND_QUIT: t->quit = true; break;
	case COMMAND_HELP: tui_help_show(t, HELP_KEYS); break;
	case COMMAND_REFRESH: tui_reload(t); break;
	case COMMAND_ROOT:
		tui_show_location(t, (struct location){ 0, outline_selected_eid(&t->tree.outline) });
		break;
	case COMMAND_EXPORT: tui_review_export(t, arg); break;
	case COMMAND_NONE:
	case COMMAND_COUNT:
		while (*line == ' ')
			line++;
		if (*line)
			tui_message(t, true, "unknown command '%s' (try :goto ID, :root, :export review FILE, "
			            ":quit, :help)", line);
		break;
	}
}

/* ---- search ----------------------------------------------------------- */

static void run_search(struct tui *t)
{
	struct search_options options = {
		.limit = SEARCH_LIMIT, .path_separator = t->term.utf8 ? " › " : " > ",
	};

	search_results_clear(&t->search.results);
	t->search.selected = t->search.top = 0;
	t->search.failed = false;
	/* typed before the index is ready: searched once it is */
	t->search.waiting = t->prompt.input.len &&
	                    store_search_state(t->st) == STORE_SEARCH_BUILDING;
	if (t->search.waiting)
		return;
	t->search.failed = search_run(t->st, sb_str(&t->prompt.input), &options,
	                              &t->search.results) != STORE_OK;
}

/* The index is redrawn every this many milliseconds while it is built. */
#define INDEX_POLL_MS 100

int tui_search_index_wait_ms(const struct tui *t, int wait)
{
	if (t->search.index != STORE_SEARCH_BUILDING)
		return wait;
	return wait >= 0 && wait < INDEX_POLL_MS ? wait : INDEX_POLL_MS;
}

void tui_search_index_tick(struct tui *t)
{
	enum store_search_state was = t->search.index;
	char *pending;

	t->search.index = store_search_state(t->st);
	t->search.index_permille = store_search_permille(t->st);
	if (was != STORE_SEARCH_BUILDING || t->search.index == STORE_SEARCH_BUILDING)
		return;
	pending = t->filter.pending;
	t->filter.pending = NULL;
	if (t->search.index != STORE_SEARCH_READY) {
		tui_message(t, true, "no search index: %s",
		            store_search_problem(t->st) ? store_search_problem(t->st) : "not built");
		t->search.waiting = false;
		free(pending);
		return;
	}
	if (t->prompt.kind == PROMPT_SEARCH && t->search.waiting)
		run_search(t);
	if (pending)
		tui_filter_apply(t, pending);
	free(pending);
}

void tui_search_step(struct tui *t, int dir)
{
	struct search_list *s = &t->search;

	if (s->results.count == 0) {
		tui_message(t, false, "no search results: / to search");
		return;
	}
	s->selected = (s->selected + s->results.count + (size_t)(dir > 0 ? 1 : -1)) % s->results.count;
	tui_jump_to(t, s->results.items[s->selected].eid);
	tui_message(t, false, "result %zu of %zu", s->selected + 1, s->results.count);
}

static bool search_list_key(struct tui *t, int key, bool is_code)
{
	struct search_list *s = &t->search;
	size_t count = s->results.count, page = tui_page_rows(t);

	if (count == 0)
		return false;
	if ((is_code && key == KEY_DOWN) || key == 14 /* ^N */) {
		s->selected = s->selected + 1 < count ? s->selected + 1 : s->selected;
		return true;
	}
	if ((is_code && key == KEY_UP) || key == 16 /* ^P */) {
		s->selected = s->selected ? s->selected - 1 : 0;
		return true;
	}
	if (is_code && key == KEY_NPAGE) {
		s->selected = s->selected + page < count ? s->selected + page : count - 1;
		return true;
	}
	if (is_code && key == KEY_PPAGE) {
		s->selected = s->selected > page ? s->selected - page : 0;
		return true;
	}
	return false;
}

/* ---- the line ------------------------------------------------------- */

static struct strbuf *line_of(struct tui *t)
{
	return &t->prompt.input;
}

static bool continuation(char c)
{
	return ((unsigned char)c & 0xC0) == 0x80;
}

/* The line is now `text`, the cursor at its end. */
static void set_line(struct tui *t, const char *text)
{
	sb_reset(line_of(t));
	sb_puts(line_of(t), text);
	t->prompt.cursor = line_of(t)->len;
}

/* Replaces bytes [from, to) of the line with `text`; the cursor after it. */
static void replace(struct tui *t, size_t from, size_t to, const char *text)
{
	struct strbuf *line = line_of(t);
	char *rest = xstrdup(sb_str(line) + to);

	line->len = from;
	line->buf[from] = '\0';
	sb_puts(line, text);
	t->prompt.cursor = line->len;
	sb_puts(line, rest);
	free(rest);
}

static size_t char_before(const struct strbuf *line, size_t at)
{
	while (at > 0 && continuation(line->buf[--at]))
		;
	return at;
}

static size_t char_after(const struct strbuf *line, size_t at)
{
	if (at < line->len)
		at++;
	while (at < line->len && continuation(line->buf[at]))
		at++;
	return at;
}

/* Where the word before `at` starts (^W): back over spaces, then over
 * what is not a space. */
static size_t word_before(const struct strbuf *line, size_t at)
{
	while (at > 0 && line->buf[at - 1] == ' ')
		at--;
	while (at > 0 && line->buf[at - 1] != ' ')
		at--;
	return at;
}

static bool insert_char(struct tui *t, int key)
{
	char bytes[8];
	int n = wctomb(bytes, (wchar_t)key);

	if (n <= 0 || line_of(t)->len + (size_t)n > PROMPT_MAX_INPUT)
		return false;
	bytes[n] = '\0';
	replace(t, t->prompt.cursor, t->prompt.cursor, bytes);
	return true;
}

/* Line editing as in a shell: false when the key is none of its keys. */
static bool edit_key(struct tui *t, int key, bool is_wide, bool *changed)
{
	struct strbuf *line = line_of(t);
	size_t *cursor = &t->prompt.cursor;

	*changed = false;
	if (!is_wide) {
		switch (key) {
		case KEY_LEFT: *cursor = char_before(line, *cursor); return true;
		case KEY_RIGHT: *cursor = char_after(line, *cursor); return true;
		case KEY_HOME: *cursor = 0; return true;
		case KEY_END: *cursor = line->len; return true;
		case KEY_BACKSPACE: break;
		case KEY_DC:
			if (*cursor < line->len)
				replace(t, *cursor, char_after(line, *cursor), "");
			*changed = true;
			return true;
		default: return false;
		}
	}
	switch (key) {
	case 1: *cursor = 0; return true;                       /* ^A */
	case 5: *cursor = line->len; return true;               /* ^E */
	case 2: *cursor = char_before(line, *cursor); return true;      /* ^B */
	case 6: *cursor = char_after(line, *cursor); return true;       /* ^F */
	case 21: replace(t, 0, *cursor, ""); break;             /* ^U: to the start */
	case 11: line->len = *cursor; line->buf[*cursor] = '\0'; break; /* ^K: to the end */
	case 23: { size_t from = word_before(line, *cursor);   /* ^W: the word before */
		replace(t, from, *cursor, ""); break; }
	case KEY_BACKSPACE: case 127: case 8:
		if (*cursor)
			replace(t, char_before(line, *cursor), *cursor, "");
		break;
	default:
		if (!is_wide || key < ' ' || key == 127)
			return false;
		if (!insert_char(t, key))
			return true;
		break;
	}
	*changed = true;
	return true;
}

/* ---- history ------------------------------------------------------------ */

/* The history of a kind of prompt; false for the marks' letters. */
static bool history_kind(enum prompt_kind kind, enum prompt_history_kind *out)
{
	switch (kind) {
	case PROMPT_FILTER: *out = PROMPT_HISTORY_FILTER; return true;
	case PROMPT_COMMAND: *out = PROMPT_HISTORY_COMMAND; return true;
	case PROMPT_GOTO: *out = PROMPT_HISTORY_GOTO; return true;
	case PROMPT_SEARCH: *out = PROMPT_HISTORY_SEARCH; return true;
	default: return false;
	}
}

void tui_prompt_history_load(struct tui *t)
{
	char *dir = xdg_app_dir("XDG_STATE_HOME", ".local/state");
	size_t skipped = 0;

	prompt_history_init(&t->prompt.history);
	if (!dir)
		return;     /* no place for it: not kept */
	t->prompt.history_path = xasprintf("%s/history", dir);
	free(dir);
	switch (prompt_history_load(&t->prompt.history, t->prompt.history_path, &skipped)) {
	case PROMPT_HISTORY_READ:
	case PROMPT_HISTORY_ABSENT:
		break;
	case PROMPT_HISTORY_DAMAGED:
		tui_message(t, false, "prompt history: %zu damaged line%s skipped", skipped,
		            skipped == 1 ? "" : "s");
		break;
	case PROMPT_HISTORY_UNREADABLE:
		/* not written over either: what cannot be read is left alone */
		tui_message(t, true, "prompt history not read (%s): not kept this time",
		            t->prompt.history_path);
		free(t->prompt.history_path);
		t->prompt.history_path = NULL;
		break;
	}
}

/* What was entered at the prompt, for Up next time. */
static void remember(struct tui *t, enum prompt_kind kind, const char *text)
{
	enum prompt_history_kind h;

	if (!history_kind(kind, &h) || !prompt_history_add(&t->prompt.history, h, text) ||
	    !t->prompt.history_path)
		return;
	if (prompt_history_save(&t->prompt.history, t->prompt.history_path) != 0) {
		tui_message(t, true, "prompt history not saved (%s): %s", t->prompt.history_path,
		            strerror(errno));
		free(t->prompt.history_path);       /* said once */
		t->prompt.history_path = NULL;
	}
}

/* Up (older) and Down: false when there is no entry that way. */
static bool walk(struct tui *t, bool older)
{
	const char *text = older ? prompt_history_older(&t->prompt.history, sb_str(line_of(t)))
	                         : prompt_history_newer(&t->prompt.history);

	if (!text)
		return false;
	set_line(t, text);
	t->prompt.walking = true;
	return true;
}

/* ---- completion ------------------------------------------------------- */

static void forget_completion(struct tui *t)
{
	completion_clear(&t->prompt.completion);
	t->prompt.cycle = PROMPT_NO_CYCLE;
	t->prompt.completing = false;
}

/* The next candidate in the place of the word (Tab again). */
static void cycle(struct tui *t)
{
	struct completion *c = &t->prompt.completion;

	t->prompt.cycle = t->prompt.cycle == PROMPT_NO_CYCLE ? 0 : (t->prompt.cycle + 1) % c->count;
	replace(t, c->start, c->end, c->items[t->prompt.cycle]);
	c->end = t->prompt.cursor;
}

/* A filter's word completed whole: a space after a term's value, as the
 * next word comes after it (not after `kind:`, nor a fact's name, which a
 * comparison follows). */
static bool ends_term(enum prompt_kind kind, const char *candidate)
{
	size_t n = strlen(candidate);

	return kind == PROMPT_FILTER && n && candidate[n - 1] != ':' && strchr(candidate, ':');
}

static void complete(struct tui *t)
{
	struct prompt *p = &t->prompt;
	struct completion *c = &p->completion;
	size_t common;
	int rc;

	if (p->completing && c->count > 1) {
		cycle(t);
		return;
	}
	forget_completion(t);
	rc = p->kind == PROMPT_FILTER
	     ? filter_complete(t->st, sb_str(line_of(t)), p->cursor, c)
	     : command_complete(t->st, sb_str(line_of(t)), p->cursor, c);
	if (rc != STORE_OK) {
		tui_message(t, true, "cannot complete: %s", store_errmsg(t->st));
		return;
	}
	if (c->count == 0) {
		tui_message(t, false, "no completion");
		return;
	}
	if (c->count == 1) {
		bool space = ends_term(p->kind, c->items[0]) && line_of(t)->buf[c->end] != ' ';

		replace(t, c->start, c->end, c->items[0]);
		if (space)
			replace(t, p->cursor, p->cursor, " ");
		forget_completion(t);
		return;
	}
	common = completion_common_length(c);
	if (common > c->end - c->start) {
		char *part = xstrndup(c->items[0], common);
		replace(t, c->start, c->end, part);
		c->end = p->cursor;
		free(part);
	}
	p->completing = true;
}

/* ---- prompt ----------------------------------------------------------- */

void tui_prompt_open(struct tui *t, enum prompt_kind kind)
{
	enum prompt_history_kind h;

	t->prompt.kind = kind;
	set_line(t, kind == PROMPT_FILTER && t->filter.text ? t->filter.text : "");
	t->prompt.walking = false;
	t->prompt.refused.shown = false;
	forget_completion(t);
	if (history_kind(kind, &h))
		prompt_history_walk_start(&t->prompt.history, h);
	if (kind == PROMPT_SEARCH)
		search_results_clear(&t->search.results);
}

void tui_prompt_free(struct tui *t)
{
	sb_free(&t->prompt.input);
	prompt_history_free(&t->prompt.history);
	free(t->prompt.history_path);
	t->prompt.history_path = NULL;
	completion_clear(&t->prompt.completion);
}

/* Enter on a filter: a filter that does not parse or fit the model stays
 * at the prompt to be corrected, its error under it. */
static void enter_filter(struct tui *t, const char *line)
{
	if (!*line) {
		t->prompt.kind = PROMPT_NONE;
		tui_message(t, false, "empty filter: F clears the filter");
		return;
	}
	if (!tui_filter_try(t, line, &t->prompt.refused.error)) {
		t->prompt.refused.shown = true;
		return;
	}
	t->prompt.kind = PROMPT_NONE;
	remember(t, PROMPT_FILTER, line);
}

static void enter(struct tui *t, enum prompt_kind kind)
{
	char *line = xstrdup(sb_str(line_of(t)));

	if (kind == PROMPT_FILTER) {
		enter_filter(t, line);
		free(line);
		return;
	}
	if (kind == PROMPT_SEARCH && t->search.waiting) {
		/* the prompt stays: Enter goes to the first result once there */
		tui_message(t, false, "waiting for the search index (%u%%)",
		            t->search.index_permille / 10);
		free(line);
		return;
	}
	t->prompt.kind = PROMPT_NONE;
	remember(t, kind, line);
	if (kind == PROMPT_COMMAND)
		run_command(t, line);
	else if (kind == PROMPT_SEARCH && t->search.results.count)
		tui_jump_to(t, t->search.results.items[t->search.selected].eid);
	else if (kind == PROMPT_SEARCH)
		tui_message(t, true, "nothing found for '%s'", line);
	else if (*line)
		tui_goto_text(t, line);
	free(line);
}

static void mark_key(struct tui *t, enum prompt_kind kind, int key)
{
	t->prompt.kind = PROMPT_NONE;
	if (key == 27)
		return;
	if (kind == PROMPT_MARK)
		tui_set_mark(t, key);
	else
		tui_jump_mark(t, key);
}

/* Up and Down: the history; in a search, while the line is empty or one
 * they brought back, else the results. */
static bool history_key(struct tui *t, int key, bool is_wide)
{
	bool up = !is_wide && key == KEY_UP, down = !is_wide && key == KEY_DOWN;
	enum prompt_history_kind h;

	if ((!up && !down) || !history_kind(t->prompt.kind, &h))
		return false;
	if (t->prompt.kind == PROMPT_SEARCH && !t->prompt.walking && t->prompt.input.len &&
	    t->search.results.count)
		return false;
	if (!walk(t, up))
		beep();
	if (t->prompt.kind == PROMPT_SEARCH)
		run_search(t);
	return true;
}

void tui_prompt_key(struct tui *t, int key, bool is_wide)
{
	enum prompt_kind kind = t->prompt.kind;
	bool changed;

	if (is_wide && key == 3)        /* ^C: as Esc */
		key = 27;
	if (kind == PROMPT_MARK || kind == PROMPT_JUMP_MARK) {
		mark_key(t, kind, key);
		return;
	}
	if (key == 27) {
		/* back where we were: nothing moved while typing */
		t->prompt.kind = PROMPT_NONE;
		forget_completion(t);
		if (kind == PROMPT_SEARCH)
			search_results_clear(&t->search.results);
		return;
	}
	if (kind == PROMPT_FILTER && ((!is_wide && key == KEY_F(1)) || (is_wide && key == 7))) {
		tui_help_show(t, HELP_FILTER);      /* F1, ^G: the grammar; the prompt stays */
		return;
	}
	if (history_key(t, key, is_wide))
		return;
	if (kind == PROMPT_SEARCH && search_list_key(t, key, !is_wide)) {
		t->prompt.walking = false;
		return;
	}
	if (is_wide && key == '\t' && (kind == PROMPT_FILTER || kind == PROMPT_COMMAND)) {
		t->prompt.refused.shown = false;
		complete(t);
		return;
	}
	forget_completion(t);
	if (key == '\n' || key == KEY_ENTER) {
		enter(t, kind);
		return;
	}
	if (!edit_key(t, key, is_wide, &changed) || !changed)
		return;
	t->prompt.walking = false;
	t->prompt.refused.shown = false;
	if (kind == PROMPT_SEARCH)
		run_search(t);
}
