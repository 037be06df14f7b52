/* The detail pane's lines for a note's last changes (detail.h): each
 * change in a few words, who and when first. */
#include <stdbool.h>
#include <string.h>
#include "icsview/base/util.h"
#include "icsview/query/review_history.h"
#include "icsview/store/notes.h"
#include "icsview/views/detail.h"

#define CHANGE_VALUE_MAX 24   /* bytes of a value shown, before "…" */

/* A change's value in a few words: a text's first line, cut short (never
 * inside a character); "(none)" for none. */
static void change_value(struct strbuf *sb, const char *value, bool text)
{
	size_t n = value ? strcspn(value, "\n") : 0;
	bool cut = value && (value[n] || n > CHANGE_VALUE_MAX);

	if (!value || !*value) {
		sb_puts(sb, "(none)");
		return;
	}
	if (n > CHANGE_VALUE_MAX) {
		n = CHANGE_VALUE_MAX;
		while (n && ((unsigned char)value[n] & 0xc0) == 0x80)
			n--;
	}
	sb_puts(sb, text ? "\"" : "");
	sb_add(sb, value, n);
	sb_puts(sb, cut ? "…" : "");
	sb_puts(sb, text ? "\"" : "");
}

/* "2026-12-06T09:24:18Z" as "2026-12-06 09:24"; anything else as it is. */
static void change_time(struct strbuf *sb, const char *when)
{
	if (when && strlen(when) == 20 && when[10] == 'T' && when[19] == 'Z') {
		sb_add(sb, when, 10);
		sb_putc(sb, ' ');
		sb_add(sb, when + 11, 5);
	} else {
		sb_puts(sb, when ? when : "?");
	}
}

char *detail_change_line(const struct review_change *c)
{
	struct strbuf line = STRBUF_INIT, *sb = &line;
	const char *what = c->what ? c->what : "";
	bool text = strcmp(what, "text") == 0 || strcmp(what, "delete") == 0 ||
	            strcmp(what, "conflict") == 0;

	change_time(sb, c->when);
	sb_printf(sb, " %s: ", c->who ? c->who : "?");
	if (strcmp(what, "conflict") == 0) {
		sb_puts(sb, "imported note differs: ");
		change_value(sb, c->after, true);
	} else if (strcmp(what, "resolved") == 0) {
		sb_puts(sb, "imported note resolved, ");
		change_value(sb, c->after, false);
	} else if (strcmp(what, "delete") == 0) {
		sb_puts(sb, "deleted ");
		change_value(sb, c->before, true);
	} else {
		sb_printf(sb, "%s ", strcmp(what, "text") == 0 ? "note" : what);
		/* no change before: a flag was none, a mark no */
		const char *before = c->before ? c->before
		                     : strcmp(what, "flag") == 0 ? "none"
		                     : strcmp(what, "reviewed") == 0 ? "no" : NULL;
		if (before || strcmp(what, "text") == 0) {
			change_value(sb, before, text);
			sb_puts(sb, " → ");
		}
		change_value(sb, c->after, text);
	}
	return sb_detach(&line);
}

char *detail_conflict_line(const struct note *theirs)
{
	struct strbuf sb = STRBUF_INIT;

	sb_printf(&sb, "imported note of %s (", theirs->who ? theirs->who : "someone");
	change_time(&sb, theirs->when);
	sb_puts(&sb, ") differs: e to choose");
	return sb_detach(&sb);
}
