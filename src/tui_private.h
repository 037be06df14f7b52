/* The interface's state, shared by its event loop (tui.c) and its drawing
 * (tui_draw.c).  This is the top level: the only place with state that
 * lives as long as the program. */
#ifndef ICSVIEW_TUI_PRIVATE_H
#define ICSVIEW_TUI_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include "icsview/actions.h"
#include "icsview/detail.h"
#include "icsview/history.h"
#include "icsview/outline.h"
#include "icsview/search.h"
#include "icsview/store.h"
#include "icsview/tui.h"
#include "icsview/util.h"

enum focus { FOCUS_TREE, FOCUS_DETAIL };
enum prompt_kind {
	PROMPT_NONE, PROMPT_COMMAND, PROMPT_GOTO, PROMPT_MARK, PROMPT_JUMP_MARK, PROMPT_SEARCH,
	PROMPT_FILTER,
};

/* Screen areas, recomputed on every resize. */
struct layout {
	int rows, cols;
	bool too_small;
	bool stacked;           /* narrow: the detail pane below the tree */
	int tree_y, tree_x, tree_h, tree_w;
	int detail_y, detail_x, detail_h, detail_w;   /* detail_h 0: hidden */
};

struct mark {
	int64_t root, eid;
};

struct tui {
	struct store *st;
	struct tui_options options;
	bool utf8;              /* draw Unicode markers and separators */
	bool color;
	struct keymap keys;
	struct outline tree;
	struct history history;
	struct detail detail;
	struct layout layout;
	size_t tree_top;        /* first tree row on screen */
	size_t detail_top;      /* first detail line on screen */
	size_t detail_link;     /* selected link line, (size_t)-1 for none */
	enum focus focus;
	bool detail_hidden;     /* narrow windows: user hid the detail pane */
	bool help;              /* the help overlay is up */
	size_t help_top;
	enum prompt_kind prompt;
	struct strbuf input;
	char message[256];      /* shown in the status line until the next key */
	bool message_is_error;
	struct mark marks[26];
	struct search_results results;   /* the last search: the list while typing, n/N after */
	size_t result_sel;
	size_t result_top;
	bool search_failed;
	char *filter_text;      /* the filter in force (normalised), NULL for none */
	int64_t filter_matched;
	int64_t unfiltered_selection;   /* selected when the filter came: restored when it goes */
	int64_t total_entities;
	bool quit;
};

void tui_layout(struct tui *t, int rows, int cols);
void tui_draw(struct tui *t);
/* Colour pairs, when the terminal and the user want colour. */
void tui_init_colors(struct tui *t);
/* Keeps the selection on screen after it moved. */
void tui_scroll_tree(struct tui *t);
void tui_scroll_detail(struct tui *t);
void tui_message(struct tui *t, bool error, const char *fmt, ...) ICS_PRINTF(3, 4);
/* The entity the detail pane shows: the selected search result while
 * searching, else the tree's selection. */
int64_t tui_current_eid(const struct tui *t);

#endif
