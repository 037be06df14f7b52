/* What was typed at the interface's prompts, one list per kind of prompt
 * (a filter, a command, a goto, a search), walked with Up and Down as a
 * shell does, and kept across runs in a file of lines `KIND<TAB>TEXT`,
 * oldest first.  Nothing here knows about the terminal. */
#ifndef ICSVIEW_PROMPT_HISTORY_H
#define ICSVIEW_PROMPT_HISTORY_H

#include <stdbool.h>
#include <stddef.h>

enum prompt_history_kind {
	PROMPT_HISTORY_FILTER,
	PROMPT_HISTORY_COMMAND,
	PROMPT_HISTORY_GOTO,
	PROMPT_HISTORY_SEARCH,
	PROMPT_HISTORY_KINDS,
};

/* Entries kept per kind: the oldest go past it. */
#define PROMPT_HISTORY_LIMIT 200
/* An entry longer than this is not kept (the prompts take less). */
#define PROMPT_HISTORY_MAX_ENTRY 2048
/* A history file larger than this is not read. */
#define PROMPT_HISTORY_MAX_FILE (1024 * 1024)

struct prompt_history_list {
	char **items;           /* oldest first; owned */
	size_t count;
};

/* The walk through one kind's list while a prompt is open: `at` is the
 * entry shown (count: the line being typed, kept in `typed`). */
struct prompt_history_walk {
	enum prompt_history_kind kind;
	size_t at;
	char *typed;            /* owned; NULL until the walk leaves the newest */
};

struct prompt_history {
	struct prompt_history_list lists[PROMPT_HISTORY_KINDS];
	struct prompt_history_walk walk;
};

void prompt_history_init(struct prompt_history *h);
void prompt_history_free(struct prompt_history *h);

/* The name of a kind in the file ("filter", "command", "goto", "search"). */
const char *prompt_history_kind_name(enum prompt_history_kind kind);

/* Adds `text` as the newest entry of `kind`.  Not added (false): empty
 * text, text the same as the newest entry, text longer than
 * PROMPT_HISTORY_MAX_ENTRY or with control characters (the file could not
 * hold it as one line).  The oldest entry goes past PROMPT_HISTORY_LIMIT. */
bool prompt_history_add(struct prompt_history *h, enum prompt_history_kind kind,
                        const char *text);

/* Starts a walk through the list of `kind`, from the line being typed. */
void prompt_history_walk_start(struct prompt_history *h, enum prompt_history_kind kind);
/* Up: the entry before the one shown; `current` is the prompt's text,
 * kept as the line being typed when the walk leaves it.  NULL when there
 * is none older.  The text returned lives until the history changes. */
const char *prompt_history_older(struct prompt_history *h, const char *current);
/* Down: the entry after the one shown, or the line that was being typed
 * after the newest.  NULL when the walk is already at that line. */
const char *prompt_history_newer(struct prompt_history *h);

enum prompt_history_read {
	PROMPT_HISTORY_READ,    /* read, every line */
	PROMPT_HISTORY_ABSENT,  /* no file: nothing read, nothing wrong */
	PROMPT_HISTORY_DAMAGED, /* read, some lines skipped: *skipped says how many */
	PROMPT_HISTORY_UNREADABLE, /* not read (not a file, too large, an error) */
};

/* Reads the file at `path` into the lists (each line added as
 * prompt_history_add would).  A line with an unknown kind, no tab, control
 * characters or too long is skipped and counted in *skipped (which may be
 * NULL).  Never fails on any content. */
enum prompt_history_read prompt_history_load(struct prompt_history *h, const char *path,
                                             size_t *skipped);
/* Writes every list to `path`, replacing it at once (a temporary file
 * beside it, mode 0600, renamed over it); its directory is made (0700)
 * when missing.  0, or -1 with errno set and the file as it was. */
int prompt_history_save(const struct prompt_history *h, const char *path);

#endif
