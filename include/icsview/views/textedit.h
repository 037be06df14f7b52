/* A multi-line text being edited: the note editor's buffer and cursor, and
 * its layout into rows of a given width (soft-wrapped at spaces).  Nothing
 * here knows about the terminal: the interface maps keys to these calls
 * and draws the rows.
 *
 * The cursor is a byte offset that is always on a character boundary.
 * Left/right move by character (a code point; an invalid byte counts as
 * one), word moves stop at the start (left) or end (right) of words, Home
 * and End go to the ends of the line (up to the line break), up and down
 * move by displayed rows keeping the column where the vertical moves
 * began. */
#ifndef ICSVIEW_TEXTEDIT_H
#define ICSVIEW_TEXTEDIT_H

#include <stdbool.h>
#include <stddef.h>
#include "icsview/base/util.h"

#define TEXTEDIT_MAX (1024 * 1024)   /* bytes; inserts past it are refused */

struct textedit {
	struct strbuf text;
	size_t cursor;
	size_t goal;            /* the column up/down aim for; (size_t)-1: none */
	bool modified;
};

/* One displayed row: bytes [start, end) of the text. */
struct text_row {
	size_t start, end;
};
struct text_rows {
	struct text_row *items;
	size_t count, cap;
};

void textedit_init(struct textedit *te, const char *text);
void textedit_free(struct textedit *te);
const char *textedit_text(struct textedit *te);

/* false when the text would pass TEXTEDIT_MAX. */
bool textedit_insert(struct textedit *te, const char *s, size_t n);
void textedit_backspace(struct textedit *te);
void textedit_delete(struct textedit *te);
void textedit_delete_word_back(struct textedit *te);    /* ^W */
void textedit_kill_to_end(struct textedit *te);         /* ^K: to the line break (or it) */
void textedit_kill_to_start(struct textedit *te);       /* ^U */

void textedit_left(struct textedit *te);
void textedit_right(struct textedit *te);
void textedit_word_left(struct textedit *te);
void textedit_word_right(struct textedit *te);
void textedit_home(struct textedit *te);
void textedit_end(struct textedit *te);
void textedit_text_start(struct textedit *te);
void textedit_text_end(struct textedit *te);
/* Up (dir -1) or down (1) `count` rows of the layout at `width` columns. */
void textedit_vertical(struct textedit *te, size_t width, int dir, size_t count);

/* The rows of the text at `width` columns (at least 1 row, even empty). */
void textedit_layout(const struct textedit *te, size_t width, struct text_rows *rows);
void text_rows_clear(struct text_rows *rows);
/* Where the cursor is in the rows: its row and column. */
void textedit_cursor_at(const struct textedit *te, const struct text_rows *rows, size_t *row,
                        size_t *col);

#endif
