/* The help overlay's content: the complete reference of the interface, as
 * lines with styles, in sections by context (the keys of the tree, the
 * detail pane, the note editor, prompts and pick lists; the `:` commands;
 * the filter language with an example a term; a legend of what the tree
 * draws; the mouse).  Keys and commands are made from ACTION_LIST and
 * COMMAND_LIST, so the help cannot fall behind them.  No terminal here:
 * the interface wraps the lines to its width (help_wrap) and draws them. */
#ifndef ICSVIEW_HELP_H
#define ICSVIEW_HELP_H

#include <stdbool.h>
#include <stddef.h>

/* The sections, in the order the help shows them. */
enum help_section {
	HELP_KEYS,              /* the tree's keys (ACTION_LIST) */
	HELP_DETAIL,
	HELP_EDITOR,
	HELP_PROMPT,
	HELP_PICK,
	HELP_COMMANDS,          /* COMMAND_LIST */
	HELP_FILTER,
	HELP_LEGEND,
	HELP_MOUSE,
	HELP_OVERLAY,           /* the help's own keys */
	HELP_SECTION_COUNT,
};

enum help_style {
	HELP_HEADING,           /* a section's title */
	HELP_KEY,               /* key (a key, a command, a term, a glyph) and text */
	HELP_TEXT,              /* a paragraph */
	HELP_BLANK,             /* an empty line between sections */
};

struct help_line {
	enum help_style style;
	char *key;              /* HELP_KEY only, else NULL */
	char *text;             /* never NULL */
	const char *example;    /* a filter term's example (in text too), else NULL */
};

struct help {
	struct help_line *lines;
	size_t count, cap;
	size_t section[HELP_SECTION_COUNT];     /* the first line of each */
};

/* Builds the whole help; its glyphs as drawn in ASCII (--ascii, or no
 * UTF-8 locale) when `ascii`.  Free with help_clear. */
void help_build(struct help *h, bool ascii);
void help_clear(struct help *h);

/* The columns a key takes before its text when the help is at least
 * HELP_WIDE columns wide; narrower, a key gets a row of its own. */
#define HELP_KEY_COLUMNS 18
#define HELP_WIDE 48

/* A row of the help wrapped to a width: part of a line's text, from byte
 * start to end; `key` on the first row of a HELP_KEY line (indent says
 * where its text starts). */
struct help_row {
	size_t line;
	size_t start, end;      /* bytes of the line's text shown on this row */
	bool key;               /* the row starts with the line's key */
	size_t indent;          /* columns before the text */
};
struct help_rows {
	struct help_row *items;
	size_t count, cap;
	size_t width;           /* what they were wrapped to */
};

/* Wraps every line to `width` columns (at spaces where it can, never
 * inside a character).  Replaces what *rows held. */
void help_wrap(const struct help *h, size_t width, struct help_rows *rows);
void help_rows_clear(struct help_rows *rows);
/* The first row of a section. */
size_t help_section_row(const struct help *h, const struct help_rows *rows,
                        enum help_section section);

/* The first occurrence of `needle` in s[0..n), ignoring ASCII case, or
 * NULL (an empty needle matches nothing). */
const char *help_match(const char *s, size_t n, const char *needle);
/* The row after `from` (dir 1) or before it (dir -1), going round, whose
 * key or text contains `needle`; with include_from, `from` itself counts
 * first.  False when no row does. */
bool help_find(const struct help *h, const struct help_rows *rows, const char *needle,
               size_t from, int dir, bool include_from, size_t *found);

#endif
