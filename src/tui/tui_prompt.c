/* The prompts of the status line: : (commands), / (search, its results
 * listed in the tree pane while typing), f (filter), goto, and the marks'
 * letters; their line editing. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include "icsview/views/commands.h"
#include "tui_private.h"

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
	case COMMAND_EXPORT: {
		const char *file = strncmp(arg, "review ", 7) == 0 ? arg + 7 : "";
		while (*file == ' ')
			file++;
		if (*file)
			tui_review_export(t, file);
		else
			needs_argument(t, command);
		break;
	}
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
	t->search.failed = search_run(t->st, sb_str(&t->prompt.input), &options,
	                              &t->search.results) != STORE_OK;
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

/* ---- prompt ----------------------------------------------------------- */

void tui_prompt_open(struct tui *t, enum prompt_kind kind)
{
	t->prompt.kind = kind;
	sb_reset(&t->prompt.input);
	if (kind == PROMPT_SEARCH)
		search_results_clear(&t->search.results);
}

void tui_prompt_key(struct tui *t, int key, bool is_wide)
{
	enum prompt_kind kind = t->prompt.kind;
	size_t length = t->prompt.input.len;

	if (is_wide && key == 3)        /* ^C: as Esc */
		key = 27;
	if (kind == PROMPT_SEARCH && search_list_key(t, key, !is_wide))
		return;

	if (kind == PROMPT_MARK || kind == PROMPT_JUMP_MARK) {
		t->prompt.kind = PROMPT_NONE;
		if (key == 27)
			return;
		if (kind == PROMPT_MARK)
			tui_set_mark(t, key);
		else
			tui_jump_mark(t, key);
		return;
	}
	if (key == 27) {
		/* back where we were: nothing moved while typing */
		t->prompt.kind = PROMPT_NONE;
		if (kind == PROMPT_SEARCH)
			search_results_clear(&t->search.results);
	} else if (key == '\n' || key == KEY_ENTER) {
		char *line = xstrdup(sb_str(&t->prompt.input));
		t->prompt.kind = PROMPT_NONE;
		if (kind == PROMPT_COMMAND)
			run_command(t, line);
		else if (kind == PROMPT_SEARCH && t->search.results.count)
			tui_jump_to(t, t->search.results.items[t->search.selected].eid);
		else if (kind == PROMPT_SEARCH)
			tui_message(t, true, "nothing found for '%s'", line);
		else if (kind == PROMPT_FILTER)
			tui_filter_apply(t, line);
		else if (*line)
			tui_goto_text(t, line);
		free(line);
	} else if (key == 21) {         /* ^U: clear the line */
		sb_reset(&t->prompt.input);
	} else if ((!is_wide && key == KEY_BACKSPACE) || key == 127 || key == 8) {
		/* remove the last character, not the last byte */
		while (t->prompt.input.len && (t->prompt.input.buf[t->prompt.input.len - 1] & 0xC0) == 0x80)
			t->prompt.input.len--;
		if (t->prompt.input.len)
			t->prompt.input.len--;
		if (t->prompt.input.buf)
			t->prompt.input.buf[t->prompt.input.len] = '\0';
	} else if (is_wide && key >= ' ' && t->prompt.input.len < 512) {
		char bytes[8];
		int n = wctomb(bytes, (wchar_t)key);
		if (n > 0)
			sb_add(&t->prompt.input, bytes, (size_t)n);
	}
	if (kind == PROMPT_SEARCH && t->prompt.kind == PROMPT_SEARCH && t->prompt.input.len != length)
		run_search(t);
}
