/* Drawing's parts shared by the panes (tui_draw.c) and the overlays drawn
 * over them (tui_draw_overlay.c).  Private to src/tui. */
#ifndef ICSVIEW_TUI_DRAW_H
#define ICSVIEW_TUI_DRAW_H

#include <curses.h>
#include "icsview/base/util.h"
#include "tui_private.h"

enum pair {
	PAIR_BADGE = 1, PAIR_BAR, PAIR_LINK, PAIR_HEADING, PAIR_ERROR, PAIR_MATCH, PAIR_OK, PAIR_QUESTION,
	PAIR_CONCERN, PAIR_KIND0,
};

/* Blanks `width` cells at y,x in attr. */
void draw_fill(int y, int x, int width, attr_t attr);
/* The columns s takes as drawn (look-alikes and escapes counted). */
int text_cells(const struct tui *t, const char *s);
/* s at y,x in at most `width` columns, clipped between characters;
 * returns the columns used. */
int draw_text(const struct tui *t, int y, int x, int width, const char *s, attr_t attr);
/* The buffer's text, "" when it has none. */
const char *text_of(const struct strbuf *sb);
/* The colour of a kind's badge. */
attr_t kind_attr(const struct tui *t, const char *kind);

/* ---- the overlays (tui_draw_overlay.c), drawn after the panes ---- */

/* The help: its box, its rows from t->help.top, its foot. */
void draw_help(const struct tui *t);
/* The pick list: a title, two rows a candidate, the position and keys. */
void draw_pick(const struct tui *t);
/* The note editor's box; it places the cursor, so it is drawn last. */
void draw_editor(const struct tui *t);

#endif
