#include "icsview/views/help.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "icsview/base/model.h"
#include "icsview/base/output.h"
#include "icsview/base/util.h"
#include "icsview/views/actions.h"
#include "icsview/views/commands.h"
#include "icsview/views/outline.h"
#include "icsview/views/change_marks.h"

/* ---- building ----------------------------------------------------------- */

static struct help_line *add(struct help *h, enum help_style style, const char *key,
                             const char *text)
{
	struct help_line *line;

	if (h->count == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 128;
		h->lines = xreallocarray(h->lines, h->cap, sizeof(*h->lines));
	}
	line = &h->lines[h->count++];
	*line = (struct help_line){
		.style = style, .key = key ? xstrdup(key) : NULL, .text = xstrdup(text),
	};
	return line;
}

static void key(struct help *h, const char *k, const char *text)
{
	add(h, HELP_KEY, k, text);
}

static void text(struct help *h, const char *s)
{
	add(h, HELP_TEXT, NULL, s);
}

/* A section starts: a blank line after the one before, then its title. */
static void heading(struct help *h, enum help_section section, const char *title)
{
	if (h->count)
		add(h, HELP_BLANK, NULL, "");
	h->section[section] = h->count;
	add(h, HELP_HEADING, NULL, title);
}

static void tree_keys(struct help *h)
{
	heading(h, HELP_KEYS, "Keys in the tree");
	for (int a = ACTION_NONE + 1; a < ACTION_COUNT; a++) {
		const struct action_info *info = action_info((enum action)a);
		key(h, info->keys, info->help);
	}
}

static void detail_keys(struct help *h)
{
	heading(h, HELP_DETAIL, "Keys in the detail pane (Tab goes there)");
	key(h, "j k Down Up", "select the next or previous link");
	key(h, "Enter", "follow the selected link: its entity in the tree");
	key(h, "+", "list 50 more links of a group cut short");
	key(h, "PgDn PgUp Space", "scroll a page; ^D ^U half a page");
	key(h, "g G Home End", "the first or last line");
	key(h, "Tab BTab Esc", "back to the tree");
	text(h, "Other keys act as they do in the tree.");
}

static void editor_keys(struct help *h)
{
	heading(h, HELP_EDITOR, "Keys in the note editor (e)");
	key(h, "^S F2", "save the note");
	key(h, "Esc ^C", "close without saving (a changed note asks first: y discards)");
	key(h, "Left Right Up Down", "move; PgUp PgDn a page");
	key(h, "^B ^F", "a character left or right");
	key(h, "^A Home ^E End", "the start or end of the line");
	key(h, "^Home ^End", "the start or end of the note");
	key(h, "Alt-b Alt-f", "a word left or right (also ^Left ^Right)");
	key(h, "Backspace ^D Del", "delete the character before or under the cursor");
	key(h, "^W Alt-Backspace", "delete the word before the cursor");
	key(h, "^K", "cut to the end of the line");
	key(h, "^U", "cut to the start of the line");
	key(h, "Enter", "a new line");
	key(h, "Tab", "four spaces");
}

static void prompt_keys(struct help *h)
{
	heading(h, HELP_PROMPT, "Keys at a prompt (/ f i : m ')");
	key(h, "Enter", "run it (a filter with a mistake stays, a caret under it)");
	key(h, "Esc ^C", "cancel");
	key(h, "Left Right ^B ^F", "a character left or right");
	key(h, "^A Home ^E End", "the start or end of the line");
	key(h, "Backspace Del", "delete the character before or under the cursor");
	key(h, "^W", "delete the word before the cursor");
	key(h, "^U ^K", "delete to the start / to the end of the line");
	key(h, "Up Down", "what was entered at this prompt before, kept across runs");
	key(h, "Tab", "complete a filter's term or value, or a command (again: the next)");
	key(h, "F1 ^G", "the filter grammar (at the f prompt)");
	key(h, "Down Up ^N ^P", "searching: the next or previous result (PgDn PgUp a page)");
}

static void pick_keys(struct help *h)
{
	heading(h, HELP_PICK, "Keys in a pick list");
	key(h, "Down Up j k", "the next or previous choice");
	key(h, "PgDn PgUp Home End", "a page down or up, the first or last choice");
	key(h, "Enter", "take the choice");
	key(h, "Esc q ^C", "close the list, taking nothing");
}

static void commands(struct help *h)
{
	struct strbuf k = STRBUF_INIT, t = STRBUF_INIT;

	heading(h, HELP_COMMANDS, "Commands (: then the command, Enter)");
	for (int c = COMMAND_NONE + 1; c < COMMAND_COUNT; c++) {
		const struct command_info *info = command_info((enum command)c);

		sb_reset(&k);
		sb_reset(&t);
		sb_printf(&k, ":%s", info->name);
		if (info->example)
			sb_printf(&k, " %s", info->example);
		sb_puts(&t, info->help);
		if (info->alias)
			sb_printf(&t, " (also :%s)", info->alias);
		key(h, sb_str(&k), sb_str(&t));
	}
	sb_free(&k);
	sb_free(&t);
}

/* A term of the filter language: its form, what it selects, an example
 * (which the tests parse). */
static void term(struct help *h, const char *form, const char *what, const char *example)
{
	struct strbuf t = STRBUF_INIT;

	sb_printf(&t, "%s: %s", what, example);
	add(h, HELP_KEY, form, sb_str(&t))->example = example;
	sb_free(&t);
}

static void filter_terms(struct help *h)
{
	heading(h, HELP_FILTER, "Filters (f): what a term selects, then an example");
	text(h, "The tree shows what matches, and the entities it sits under. "
	        "Keywords and relation names ignore case.");
	term(h, "kind:K", "the kind named K", "kind:organisation");
	term(h, "type:T", "the type contains T", "type:\"foundation trust\"");
	term(h, "id:X", "the id is X", "id:RHQ");
	term(h, "FACT>N", "a numeric fact above N", "population>500000");
	term(h, "FACT<N", "a numeric fact below N", "population<100000");
	term(h, "FACT>=N", "a numeric fact N or above", "wave>=2");
	term(h, "FACT<=N", "a numeric fact N or below", "wave<=1");
	term(h, "FACT=V", "the fact equals V (a number, or text ignoring case)", "meets=monthly");
	term(h, "FACT!=V", "has the fact, none of its values V", "wave!=first");
	term(h, "REL:TARGET", "a link of REL (or its inverse name) to TARGET: an id, code or name",
	     "member_of:syb");
	term(h, "has:REL", "at least one link of REL", "has:serves");
	term(h, "has:note", "the review has a note on it", "has:note");
	term(h, "flag:X", "flagged X: none, ok, question, concern, any", "flag:concern");
	term(h, "reviewed:yes|no", "marked reviewed, or not", "reviewed:no");
	term(h, "changed:KIND", "changed since the older model of --since: added, removed, "
	     "replaced, renamed, moved, kind, type, facts, links, sources or any",
	     "changed:moved");
	term(h, "review:conflict", "an imported note differs, still to resolve (e)",
	     "review:conflict");
	term(h, "\"a phrase\"", "these words in this order", "\"care board\"");
	term(h, "word", "free text: each word a prefix of a word", "shef");
	text(h, "Terms combine:");
	term(h, "A B", "both (and: \"A and B\" is the same)", "kind:organisation shef");
	term(h, "A or B", "either; and binds tighter: a or b c is a or (b c)",
	     "kind:board or kind:programme");
	term(h, "-A", "not A", "-kind:person");
	term(h, "( )", "grouping", "(kind:board or kind:programme) sheffield");
	text(h, "A value may be double-quoted: type:\"foundation trust\". F clears the filter.");
}

/* A glyph as the screen draws it: in Unicode, or its ASCII form. */
static void glyph(struct help *h, bool ascii, const char *unicode, const char *ascii_form,
                  const char *what)
{
	key(h, ascii ? ascii_form : unicode, what);
}

/* The marks of icsview --since OLD (change_marks.h), with their colours. */
static void change_legend(struct help *h, bool ascii)
{
	static const char *const colours[] = {
		[CHANGE_GREEN] = "green", [CHANGE_RED] = "red", [CHANGE_YELLOW] = "yellow",
		[CHANGE_CYAN] = "cyan",
	};
	struct strbuf t = STRBUF_INIT;

	text(h, "Changes, left of a row when icsview --since OLD compares the model with "
	        "an older one (the detail pane's Changes section says what changed; "
	        "the filter changed:KIND lists them):");
	for (unsigned i = 0; i < change_mark_count; i++) {
		const struct change_mark *m = &change_marks[i];

		sb_reset(&t);
		sb_printf(&t, "%s (%s)", m->meaning, colours[m->colour]);
		glyph(h, ascii, m->unicode, m->ascii, sb_str(&t));
	}
	sb_free(&t);
}

static void legend(struct help *h, bool ascii)
{
	struct strbuf t = STRBUF_INIT;

	heading(h, HELP_LEGEND, "Legend: what the tree shows");
	text(h, "Badges: the kind of each row.");
	for (size_t i = 0; i < core_kind_count; i++) {
		sb_reset(&t);
		sb_printf(&t, "%s: %s", core_kinds[i].name, core_kinds[i].description);
		key(h, core_kinds[i].badge, sb_str(&t));
	}
	text(h, "Organisations show their type instead, where it is one of these:");
#define TYPE_TAG_LINE(tag, type) key(h, tag, type);
	TYPE_TAG_LIST(TYPE_TAG_LINE)
#undef TYPE_TAG_LINE
	text(h, "Glyphs:");
	glyph(h, ascii, "▸", "+", "has children, collapsed (the count follows the name)");
	glyph(h, ascii, "▾", "-", "expanded");
	glyph(h, ascii, "·", "(space)", "no children");
	glyph(h, ascii, "→", ">", "shown here through a link (serves): its place is elsewhere");
	glyph(h, ascii, "…", "...", "cut short");
	glyph(h, ascii, "›", ">", "between the names of the path on the top line");
	key(h, "root:", "the top line when the tree is drilled down: the root's name, its id");
	key(h, "closed", "closed (a closed or legally_closed fact): the row dimmed");
	key(h, "not yet open", "not yet open on the model's day (a status fact): the row "
	    "dimmed");
	text(h, "Review marks, left of a row once anything is marked:");
	key(h, "o", "flag: ok (green)");
	key(h, "?", "flag: question (yellow)");
	key(h, "!", "flag: concern (red)");
	glyph(h, ascii, "✓", "v", "reviewed");
	change_legend(h, ascii);
	glyph(h, ascii, "≠", "#", "an imported note differs, still to resolve: e on it (in a "
	      "column of its own while there are any; f review:conflict lists them)");
	text(h, "Colours: each kind's badge its own colour; dimmed names are shown only "
	        "as the way to a filter's match, or through a link; the words of the last "
	        "search on yellow; headings of the detail pane in yellow, links in cyan.");
	sb_free(&t);
}

static void mouse(struct help *h)
{
	heading(h, HELP_MOUSE, "The mouse");
	key(h, "click", "select a row, or a link of the detail pane");
	key(h, "double-click", "expand or collapse a row; follow a link");
	key(h, "wheel", "scroll the pane under the pointer");
}

static void overlay_keys(struct help *h)
{
	heading(h, HELP_OVERLAY, "Keys in this help");
	key(h, "j k Down Up", "scroll a line");
	key(h, "PgDn PgUp Space", "scroll a page");
	key(h, "g G Home End", "the top or the foot");
	key(h, "/", "search the help (typed on its bottom border); Enter jumps to the "
	            "first match below");
	key(h, "n N", "the next or previous match");
	key(h, "Esc", "end the search; with none, close the help");
	key(h, "q ?", "close the help");
}

void help_build(struct help *h, bool ascii)
{
	memset(h, 0, sizeof(*h));
	tree_keys(h);
	detail_keys(h);
	editor_keys(h);
	prompt_keys(h);
	pick_keys(h);
	commands(h);
	filter_terms(h);
	legend(h, ascii);
	mouse(h);
	overlay_keys(h);
}

void help_clear(struct help *h)
{
	if (!h)
		return;
	for (size_t i = 0; i < h->count; i++) {
		free(h->lines[i].key);
		free(h->lines[i].text);
	}
	free(h->lines);
	memset(h, 0, sizeof(*h));
}

/* ---- wrapping ----------------------------------------------------------- */

static void add_row(struct help_rows *rows, struct help_row row)
{
	if (rows->count == rows->cap) {
		rows->cap = rows->cap ? rows->cap * 2 : 256;
		rows->items = xreallocarray(rows->items, rows->cap, sizeof(*rows->items));
	}
	rows->items[rows->count++] = row;
}

/* How much of s[0..n) fits in `width` columns: the bytes up to the last
 * space that fits when the whole does not (else as many characters as
 * fit, at least one). */
static size_t fitting(const char *s, size_t n, size_t width)
{
	size_t used = 0, i = 0, last_space = 0;

	while (i < n) {
		uint32_t cp;
		size_t len = utf8_decode(s + i, n - i, &cp);

		if (len == 0)
			len = 1, cp = '?';
		if (used + code_point_width(cp) > width)
			break;
		used += code_point_width(cp);
		if (cp == ' ')
			last_space = i;
		i += len;
	}
	if (i >= n)
		return n;
	if (last_space > 0)
		return last_space;
	return i > 0 ? i : 1;
}

/* The rows of one line's text from `start`, the first at `first_indent`,
 * the others at `indent`. */
static void wrap_text(struct help_rows *rows, size_t index, const char *s, size_t width,
                      size_t first_indent, size_t indent, bool key)
{
	size_t n = strlen(s), start = 0, at = first_indent;

	do {
		size_t take = width > at ? fitting(s + start, n - start, width - at) : n - start;

		add_row(rows, (struct help_row){
			.line = index, .start = start, .end = start + take, .key = key, .indent = at,
		});
		key = false;
		start += take;
		while (start < n && s[start] == ' ')
			start++;
		at = indent;
	} while (start < n);
}

void help_wrap(const struct help *h, size_t width, struct help_rows *rows)
{
	rows->count = 0;
	rows->width = width;
	if (width < 8)
		width = 8;
	for (size_t i = 0; i < h->count; i++) {
		const struct help_line *line = &h->lines[i];

		if (line->style != HELP_KEY) {
			wrap_text(rows, i, line->text, width, 0, 0, false);
			continue;
		}
		if (width >= HELP_WIDE && text_width(line->key, strlen(line->key)) < HELP_KEY_COLUMNS) {
			wrap_text(rows, i, line->text, width, HELP_KEY_COLUMNS, HELP_KEY_COLUMNS, true);
			continue;
		}
		/* a long key, or a narrow help: the key alone, the text under it */
		add_row(rows, (struct help_row){ .line = i, .key = true });
		wrap_text(rows, i, line->text, width, 2, 2, false);
	}
}

void help_rows_clear(struct help_rows *rows)
{
	if (!rows)
		return;
	free(rows->items);
	memset(rows, 0, sizeof(*rows));
}

size_t help_section_row(const struct help *h, const struct help_rows *rows,
                        enum help_section section)
{
	size_t line = section < HELP_SECTION_COUNT ? h->section[section] : 0;

	for (size_t r = 0; r < rows->count; r++)
		if (rows->items[r].line >= line)
			return r;
	return 0;
}

/* ---- searching ---------------------------------------------------------- */

static char fold(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

const char *help_match(const char *s, size_t n, const char *needle)
{
	size_t m = strlen(needle);

	if (m == 0 || m > n)
		return NULL;
	for (size_t i = 0; i + m <= n; i++) {
		size_t j = 0;

		while (j < m && fold(s[i + j]) == fold(needle[j]))
			j++;
		if (j == m)
			return s + i;
	}
	return NULL;
}

static bool row_matches(const struct help *h, const struct help_row *row, const char *needle)
{
	const struct help_line *line = &h->lines[row->line];

	if (row->key && line->key && help_match(line->key, strlen(line->key), needle))
		return true;
	return help_match(line->text + row->start, row->end - row->start, needle) != NULL;
}

bool help_find(const struct help *h, const struct help_rows *rows, const char *needle,
               size_t from, int dir, bool include_from, size_t *found)
{
	size_t n = rows->count;

	if (n == 0 || !needle[0])
		return false;
	from %= n;
	for (size_t step = include_from ? 0 : 1; step <= n; step++) {
		size_t r = dir >= 0 ? (from + step) % n : (from + n - step % n) % n;

		if (row_matches(h, &rows->items[r], needle)) {
			*found = r;
			return true;
		}
	}
	return false;
}
