/* The interface's event loop: one key (or mouse event, or resize) at a
 * time, each answered by acting on the outline and redrawing. */
#include <curses.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "icsview/base/output.h"
#include "tui_private.h"
#include "tui_term.h"

static const struct key_name key_names[] = {
	{ "Up", KEY_UP }, { "Down", KEY_DOWN }, { "Left", KEY_LEFT }, { "Right", KEY_RIGHT },
	{ "PgUp", KEY_PPAGE }, { "PgDn", KEY_NPAGE }, { "Home", KEY_HOME }, { "End", KEY_END },
	{ "Enter", '\n' }, { "Tab", '\t' }, { "BTab", KEY_BTAB }, { "Backspace", KEY_BACKSPACE },
	{ "Esc", 27 }, { "Space", ' ' },
};

static void act(struct tui *t, enum action a)
{
	if (tui_refuse_removed(t, a))
		return;
	if (tui_nav_action(t, a))
		return;
	switch (a) {
	case ACTION_SEARCH: tui_prompt_open(t, PROMPT_SEARCH); break;
	case ACTION_SEARCH_NEXT: tui_search_step(t, 1); break;
	case ACTION_SEARCH_PREV: tui_search_step(t, -1); break;
	case ACTION_FILTER: tui_prompt_open(t, PROMPT_FILTER); break;
	case ACTION_CLEAR_FILTER: tui_filter_clear(t); break;
	case ACTION_GOTO: tui_prompt_open(t, PROMPT_GOTO); break;
	case ACTION_COMMAND: tui_prompt_open(t, PROMPT_COMMAND); break;
	case ACTION_MARK: tui_prompt_open(t, PROMPT_MARK); break;
	case ACTION_JUMP_MARK: tui_prompt_open(t, PROMPT_JUMP_MARK); break;
	case ACTION_REDRAW: clearok(curscr, TRUE); break;
	case ACTION_SUSPEND: tui_term_suspend(); break;
	case ACTION_HELP: tui_help_show(t, HELP_KEYS); break;
	case ACTION_QUIT: t->quit = true; break;
	case ACTION_REFRESH: tui_reload(t); break;
	case ACTION_PAGER: tui_pager_open(t); break;
	case ACTION_COPY_ID: tui_copy_id(t); break;
	case ACTION_DIAGRAM: tui_diagram_open(t); break;
	default: tui_review_action(t, a); break;
	}
}

/* ---- the help overlay ------------------------------------------------ */

/* n and N: the next match after the top row (dir 1) or before it (-1),
 * brought to the top. */
static void help_step(struct tui *t, int dir, bool include_top)
{
	size_t found;

	if (!t->help.query.len)
		return;
	if (help_find(&t->help.content, &t->help.rows, sb_str(&t->help.query), t->help.top, dir,
	              include_top, &found))
		t->help.top = found;
	else
		tui_message(t, false, "not in the help: %s", sb_str(&t->help.query));
}

/* Bytes in a search of the help: more than its border shows. */
#define HELP_QUERY_MAX 80

/* A key typed on the help's bottom border: the search's text. */
static void help_search_key(struct tui *t, int key, bool is_code)
{
	struct strbuf *q = &t->help.query;

	if (!is_code && (key == 27 || key == 3)) {      /* Esc, ^C: no search */
		t->help.typing = false;
		sb_reset(q);
	} else if (key == '\n' || key == '\r' || (is_code && key == KEY_ENTER)) {
		t->help.typing = false;
		help_step(t, 1, true);
	} else if ((is_code && key == KEY_BACKSPACE) || (!is_code && (key == 127 || key == 8))) {
		while (q->len && (q->buf[q->len - 1] & 0xC0) == 0x80)
			q->len--;       /* the continuation bytes of the last character */
		if (q->len)
			q->len--;
		if (q->buf)
			q->buf[q->len] = '\0';
	} else if (!is_code && key >= ' ' && key != 127 && q->len < HELP_QUERY_MAX) {
		char bytes[8];
		int n = wctomb(bytes, (wchar_t)key);

		if (n > 0)
			sb_add(q, bytes, (size_t)n);
	}
}

void tui_help_key(struct tui *t, int key, bool is_code)
{
	size_t page = tui_help_rows(&t->layout);

	if (is_code && key == KEY_MOUSE) {
		MEVENT ev;
		getmouse(&ev);  /* the panes under the help do not take it */
		return;
	}
	if (t->help.typing) {
		help_search_key(t, key, is_code);
		return;
	}
	if (is_code) {
		switch (key) {
		case KEY_DOWN: t->help.top++; break;
		case KEY_UP: t->help.top -= t->help.top > 0; break;
		case KEY_NPAGE: t->help.top += page; break;
		case KEY_PPAGE: t->help.top -= t->help.top > page ? page : t->help.top; break;
		case KEY_HOME: t->help.top = 0; break;
		case KEY_END: t->help.top = t->help.rows.count; break;
		default: break;
		}
		return;         /* the view stops it at its last line (tui_view_prepare) */
	}
	switch (key) {
	case 'j': t->help.top++; break;
	case 'k': t->help.top -= t->help.top > 0; break;
	case ' ': case 6 /* ^F */: t->help.top += page; break;
	case 2 /* ^B */: t->help.top -= t->help.top > page ? page : t->help.top; break;
	case 4 /* ^D */: t->help.top += page / 2; break;
	case 21 /* ^U */: t->help.top -= t->help.top > page / 2 ? page / 2 : t->help.top; break;
	case 'g': t->help.top = 0; break;
	case 'G': t->help.top = t->help.rows.count; break;
	case '/': t->help.typing = true; sb_reset(&t->help.query); break;
	case 'n': help_step(t, 1, false); break;
	case 'N': help_step(t, -1, false); break;
	case 27:
		if (t->help.query.len)
			sb_reset(&t->help.query);
		else
			t->help.shown = false;
		break;
	case 'q': case '?': t->help.shown = false; break;
	default: break;
	}
}

/* ---- the loop --------------------------------------------------------- */

void tui_message(struct tui *t, bool error, const char *fmt, ...)
{
	struct strbuf safe = STRBUF_INIT;
	va_list ap;
	char *raw;

	va_start(ap, fmt);
	raw = xvasprintf(fmt, ap);
	va_end(ap);
	/* messages quote names, paths and SQLite's words: never raw */
	sb_text_line(&safe, raw);
	if (error && store_damaged(t->st))
		sb_puts(&safe, t->options.reload ? " (damaged cache: ^R rebuilds it)"
		                                 : " (the model database is damaged)");
	snprintf(t->message.text, sizeof(t->message.text), "%s", sb_str(&safe));
	sb_free(&safe);
	free(raw);
	t->message.is_error = error;
	t->message.whole = false;
}

/* A key while the window is too small to show anything: only quitting and
 * redrawing act, as nothing else would be seen (a mouse event is read and
 * dropped). */
static void too_small_key(struct tui *t, int key, bool is_code)
{
	enum action a;

	if (is_code && key == KEY_MOUSE) {
		MEVENT ev;
		getmouse(&ev);
		return;
	}
	if (!is_code && key >= 256)
		return;
	a = keymap_lookup(&t->keys, key);
	if (a == ACTION_QUIT || a == ACTION_REDRAW)
		act(t, a);
}

static void handle_key(struct tui *t, int key, bool is_code)
{
	if (t->layout.too_small) {
		too_small_key(t, key, is_code);
		return;
	}
	t->message.text[0] = '\0';
	t->filter.seek = 0;     /* the user has moved on */
	if (t->pick.shown) {
		tui_pick_key(t, key, is_code);
		return;
	}
	if (t->editor.active) {
		tui_editor_key(t, key, is_code);
		return;
	}
	/* the help first: a prompt can open it, and is back when it closes */
	if (t->help.shown) {
		tui_help_key(t, key, is_code);
		return;
	}
	if (t->diagram.shown) {
		tui_diagram_key(t, key, is_code);
		return;
	}
	if (t->prompt.kind != PROMPT_NONE) {
		tui_prompt_key(t, key, !is_code);
		return;
	}
	if (is_code && key == KEY_MOUSE) {
		tui_mouse_event(t);
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

/* Frames and keys until the user quits, a signal ends the interface
 * (*ending_signal) or its input is gone. */
static enum tui_outcome event_loop(struct tui *t, int *ending_signal)
{
	int errors = 0;

	while (!t->quit) {
		wint_t ch;
		int rc;

		tui_term_block_ending();
		if (tui_term_suspend_noted())
			tui_term_suspend();
		/* set before the editor, a prompt or the pick list is drawn: ^C
		 * typed once it shows cancels it */
		tui_term_interrupt_as_key(t->editor.active || t->prompt.kind != PROMPT_NONE ||
		                          t->pick.shown || (t->help.shown && t->help.typing));
		tui_search_index_tick(t);
		tui_view_prepare(t);
		tui_draw(t);
		tui_saved_tick(t);
		if (t->filter.text && !t->filter.result.complete && !t->filter.key.ready &&
		    !tui_term_ending_signal()) {
			tui_filter_frame(t);
			/* a signal that came meanwhile (blocked) is handled now */
			tui_term_unblock_ending();
			*ending_signal = tui_term_ending_signal();
			if (*ending_signal)
				return TUI_SIGNALLED;
			if (!t->filter.key.ready)
				continue;
		}
		if (t->filter.here.scope && !t->filter.here.done && t->filter.result.complete &&
		    !t->filter.key.ready && !tui_term_ending_signal()) {
			/* the matches under the root still being counted: a frame
			 * a batch while no key comes */
			rc = tui_term_poll_key(&t->filter.key.ch);
			t->filter.key.ready = rc != ERR;
			t->filter.key.rc = rc;
			tui_term_unblock_ending();
			*ending_signal = tui_term_ending_signal();
			if (*ending_signal)
				return TUI_SIGNALLED;
			if (!t->filter.key.ready)
				continue;
		}
		if (t->filter.key.ready) {
			t->filter.key.ready = false;
			ch = t->filter.key.ch;
			rc = t->filter.key.rc;
		} else {
			rc = tui_term_ending_signal() ? ERR
			     : tui_term_read_key(&ch, tui_search_index_wait_ms(t, tui_saved_wait_ms(t)));
		}
		/* what the key does (a reload, the user's editor) runs as before */
		tui_term_unblock_ending();
		*ending_signal = tui_term_ending_signal();
		if (*ending_signal)
			return TUI_SIGNALLED;
		if (rc == TUI_TERM_NO_KEY)
			continue;       /* time to store the view (tui_saved_tick) */
		if (rc == ERR) {
			/* input gone (a dropped connection): leave instead of spinning */
			if (errno != EINTR && ++errors >= 3)
				return TUI_INPUT_LOST;
			continue;
		}
		errors = 0;
		if (rc == KEY_CODE_YES && ch == KEY_RESIZE)
			continue;
		handle_key(t, (int)ch, rc == KEY_CODE_YES);
	}
	return TUI_QUIT;
}

enum tui_outcome tui_run(struct store *st, const struct tui_options *options, int *ending_signal)
{
	struct tui t;
	struct store_counts counts;
	char *error = NULL, *kept = NULL, *unsaved;
	enum tui_outcome outcome;

	*ending_signal = 0;
	memset(&t, 0, sizeof(t));
	t.st = st;
	t.options = *options;
	t.since = options->since;
	t.term.utf8 = locale_is_utf8() && !options->ascii;
	t.detail.link = (size_t)-1;
	tui_filter_pace_from_env(&t.filter.pace);
	keymap_init(&t.keys, key_names, sizeof(key_names) / sizeof(key_names[0]));
	history_init(&t.places.history, HISTORY_LIMIT);
	if (store_count(st, &counts) == STORE_OK)
		t.total_entities = counts.entities;
	if (outline_open_since(&t.tree.outline, st, 0, t.since) != STORE_OK) {
		fprintf(stderr, "icsview: cannot read the model: %s\n", store_errmsg(st));
		outline_close(&t.tree.outline);
		since_close(t.since, true);
		return TUI_MODEL_UNREADABLE;
	}
	tui_term_install_signals();
	if (!tui_term_start(&t, &error)) {
		fprintf(stderr, "icsview: %s\n", error);
		free(error);
		outline_close(&t.tree.outline);
		since_close(t.since, true);
		return TUI_NO_TERMINAL;
	}
	/* keys typed while the model was built come first, in order (the
	 * progress screen read them as bytes: curses decodes them again) */
	for (size_t i = options->typeahead ? options->typeahead->count : 0; i-- > 0;)
		ungetch(options->typeahead->keys[i]);
	/* the marks before the view, whose filter may test them; the review's
	 * messages last: what it says about the notes matters more than a note
	 * on the history or the view, and the later message stands */
	tui_prompt_history_load(&t);
	/* the tree is there: the search index is built while it is browsed */
	store_search_build(st);
	t.search.index = store_search_state(st);
	tui_review_open(&t);
	tui_saved_restore(&t);
	tui_review_greet(&t);
	outcome = event_loop(&t, ending_signal);
	/* ended from outside, or by q while the window was too small to show
	 * the editor: a note being written is kept as a draft */
	if (outcome != TUI_QUIT || t.editor.active)
		kept = tui_editor_keep_draft(&t);
	tui_review_close(&t);
	tui_term_end();
	/* however it ended: stored after the terminal is given back */
	unsaved = tui_saved_store(&t);
	if (kept)
		fprintf(stderr, "icsview: %s\n", kept);
	if (unsaved)
		fprintf(stderr, "icsview: the view is not remembered: %s\n", unsaved);
	free(kept);
	free(unsaved);
	tui_saved_free(&t);
	outline_close(&t.tree.outline);
	history_free(&t.places.history);
	detail_clear(&t.detail.content);
	search_results_clear(&t.search.results);
	tui_pick_close(&t);
	tui_diagram_free(&t);
	free(t.filter.text);
	free(t.filter.pending);
	tui_prompt_free(&t);
	filter_scope_free(t.filter.here.scope);
	help_clear(&t.help.content);
	help_rows_clear(&t.help.rows);
	sb_free(&t.help.query);
	since_close(t.since, true);
	return outcome;
}
