/* Every action of the interface, declared once: the key handler, the help
 * overlay and the man page's key table are all made from this list. */
#ifndef ICSVIEW_ACTIONS_H
#define ICSVIEW_ACTIONS_H

#include <stddef.h>

/* _(ID, name, default keys, help) — keys in the syntax of a binding:
 * a character, ^X for control, or a name (Up, Down, Left, Right, PgUp,
 * PgDn, Home, End, Enter, Tab, BTab, Backspace, Esc, Space). */
#define ACTION_LIST(_) \
	_(MOVE_DOWN,     "move-down",     "j Down",          "select the next row or link") \
	_(MOVE_UP,       "move-up",       "k Up",            "select the previous row or link") \
	_(PAGE_DOWN,     "page-down",     "PgDn ^F",         "one page down") \
	_(FOLD,          "fold",          "Space",           "detail: fold or unfold the selected section or group; else one page down") \
	_(PAGE_UP,       "page-up",       "PgUp ^B",         "one page up") \
	_(HALF_PAGE_DOWN, "half-page-down", "^D",            "half a page down") \
	_(HALF_PAGE_UP,  "half-page-up",  "^U",              "half a page up") \
	_(FIRST,         "first",         "Home g",          "the first row") \
	_(LAST,          "last",          "End G",           "the last row") \
	_(EXPAND,        "expand",        "l Right",         "expand, or go to the first child") \
	_(COLLAPSE,      "collapse",      "h Left",          "collapse, or go to the parent") \
	_(EXPAND_ALL,    "expand-all",    "*",               "expand everything under the selection") \
	_(COLLAPSE_ALL,  "collapse-all",  "-",               "collapse everything") \
	_(DRILL_DOWN,    "drill-down",    "Enter",           "make the selection the root (detail: follow the link)") \
	_(DRILL_UP,      "drill-up",      "u Backspace",     "make the root's parent the root") \
	_(BACK,          "back",          "[ ^O",            "back in history") \
	_(FORWARD,       "forward",       "]",               "forward in history") \
	_(FOCUS,         "focus",         "Tab BTab",        "switch between the tree and the detail pane") \
	_(MORE_LINKS,    "more-links",    "+",               "detail: list 50 more links of a group cut short") \
	_(PREV_SECTION,  "prev-section",  "{",               "detail: the previous section or group") \
	_(NEXT_SECTION,  "next-section",  "}",               "detail: the next section or group") \
	_(PAGER,         "pager",         "o",               "the selection's full text (as icsview show) in $PAGER") \
	_(COPY_ID,       "copy-id",       "y",               "copy the selection's id (to the clipboard, where the terminal allows)") \
	_(DIAGRAM,       "diagram",       "D",               "the governance around the selection as a diagram, full screen (arrows move along its lines, + and - change its depth, Enter goes to a box, Esc returns)") \
	_(TOGGLE_DETAIL, "toggle-detail", "d",               "show or hide the detail pane (narrow windows)") \
	_(SEARCH,        "search",        "/",               "search names, codes, facts and prose as you type") \
	_(SEARCH_NEXT,   "search-next",   "n",               "the next search result") \
	_(SEARCH_PREV,   "search-prev",   "N",               "the previous search result") \
	_(FILTER,        "filter",        "f",               "show only what matches a filter, and its ancestors") \
	_(CLEAR_FILTER,  "clear-filter",  "F",               "clear the filter") \
	_(EDIT_NOTE,     "edit-note",     "e",               "write or edit the selection's note") \
	_(EDIT_EXTERNAL, "edit-note-external", "E",          "edit the note in $VISUAL or $EDITOR") \
	_(CYCLE_FLAG,    "cycle-flag",    "!",               "flag: none, ok, question, concern") \
	_(FLAG_NONE,     "flag-none",     "0",               "set the flag to none") \
	_(FLAG_OK,       "flag-ok",       "1",               "set the flag to ok") \
	_(FLAG_QUESTION, "flag-question", "2",               "set the flag to question") \
	_(FLAG_CONCERN,  "flag-concern",  "3",               "set the flag to concern") \
	_(TOGGLE_REVIEWED, "toggle-reviewed", "r",           "mark reviewed, or not reviewed") \
	_(NEXT_UNREVIEWED, "next-unreviewed", "U",           "the next entity here not yet reviewed") \
	_(NEXT_FLAGGED,  "next-flagged",  "X",               "the next flagged entity here") \
	_(REFRESH,       "refresh",       "^R",              "reload the model if its files changed; list what others changed in the notes") \
	_(GOTO,          "goto",          "i",               "jump to an entity by id, code or name") \
	_(COMMAND,       "command",       ":",               "the command line (:goto X, :root, :quit, :help)") \
	_(MARK,          "mark",          "m",               "set a mark: m then a letter") \
	_(JUMP_MARK,     "jump-mark",     "'",               "jump to a mark: ' then a letter") \
	_(REDRAW,        "redraw",        "^L",              "redraw the screen") \
	_(SUSPEND,       "suspend",       "^Z",              "suspend to the shell (fg comes back)") \
	_(HELP,          "help",          "?",               "this help") \
	_(QUIT,          "quit",          "q",               "quit")

enum action {
	ACTION_NONE = 0,
#define ACTION_ENUM(id, name, keys, help) ACTION_##id,
	ACTION_LIST(ACTION_ENUM)
#undef ACTION_ENUM
	ACTION_COUNT,
};

struct action_info {
	const char *name;
	const char *keys;
	const char *help;
};

const struct action_info *action_info(enum action action);

/* Key codes as the interface receives them (ncurses' wide keys fit). */
#define KEYMAP_SIZE 1024

struct keymap {
	enum action map[KEYMAP_SIZE];
};

/* Fills the map from the default keys.  The key-name decoding needs the
 * terminal's codes for the named keys, given by `named` (name → code). */
struct key_name {
	const char *name;
	int code;
};
int keymap_init(struct keymap *km, const struct key_name *named, size_t named_count);
enum action keymap_lookup(const struct keymap *km, int key);
/* Parses one key of the binding syntax; -1 when unknown. */
int key_parse(const char *text, size_t length, const struct key_name *named, size_t named_count);

#endif
