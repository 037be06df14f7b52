/* The interface's terminal and the signals that end it (tui_term.c).
 *
 * SIGINT, SIGTERM and SIGHUP end the interface (^C only while no note
 * editor or prompt is open: see tui_term_interrupt_as_key): their handler only notes
 * the signal, and the loop leaves when it sees one.  The loop blocks them
 * from its top (while the screen is drawn and a filter steps) and lets
 * them through only while it waits for a key (tui_term_read_key), so that
 * one that comes while drawing cannot be handled just before a wait that
 * would then last until the next key. */
#ifndef ICSVIEW_TUI_TERM_H
#define ICSVIEW_TUI_TERM_H

#include <curses.h>
#include <signal.h>
#include <stdbool.h>
#include <wchar.h>

struct tui;

/* ---- the signals that end the interface ---- */

/* Installs their handler (without SA_RESTART: one interrupts the wait for
 * a key) and ignores SIGPIPE. */
void tui_term_install_signals(void);
/* Blocks them: at the top of the loop. */
void tui_term_block_ending(void);
/* Lets them through again: a blocked one that came is handled now. */
void tui_term_unblock_ending(void);
/* The ending signal handled so far, 0 for none. */
int tui_term_ending_signal(void);
/* An ending signal has come, handled or (blocked) waiting. */
bool tui_term_ending_signal_waiting(void);

/* ^Z: SIGTSTP is noted (and blocked and let through with the ending
 * signals); the loop then suspends between frames. */
bool tui_term_suspend_noted(void);
/* Gives the terminal back and stops the process as ^Z does; when it is
 * continued, takes the terminal again (at its size then) for a redraw. */
void tui_term_suspend(void);

/* ---- keys ---- */

/* A key if one is there, else ERR at once (get_wch's codes). */
int tui_term_poll_key(wint_t *ch);
/* What tui_term_read_key returns when its time passed without a key
 * (get_wch's codes are OK, KEY_CODE_YES and ERR). */
#define TUI_TERM_NO_KEY (-2)
/* Waits for a key with the ending signals let through, for ever or (wait_ms
 * >= 0) that long; ERR with tui_term_ending_signal() set when a signal
 * ended the wait, TUI_TERM_NO_KEY when the time passed. */
int tui_term_read_key(wint_t *ch, int wait_ms);
/* as_key: the terminal's interrupt character (^C) comes as a key, not as
 * SIGINT, so that it cancels the note editor or a prompt instead of
 * ending the interface; false: as SIGINT again. */
void tui_term_interrupt_as_key(bool as_key);

/* ---- curses ---- */

/* Starts curses on the terminal (keys, mouse, colours as t->options ask,
 * the Ctrl+arrow codes in t->extra); false with *error (caller frees) when
 * the terminal type is unknown.  Until tui_term_end, a fatal error
 * restores the terminal before the program dies. */
bool tui_term_start(struct tui *t, char **error);
/* A curses screen on the terminal (newterm), the window's own size used
 * when LINES or COLUMNS hold a size no window has; NULL when curses
 * cannot use the terminal.  The progress screen and the interface both
 * start theirs here. */
SCREEN *tui_term_new_screen(void);
/* The terminal type cannot move the cursor (dumb, a printing terminal):
 * curses would draw nothing that could be read, and keys would go to
 * screens nobody sees.  Asked of the description newterm read, before
 * anything is drawn. */
bool tui_term_lacks_cursor_motion(void);
/* Gives the terminal back to the shell as it was. */
void tui_term_end(void);

/* The terminal lent to a child process (the user's editor): curses
 * suspended, and ^C and ^\ the child's, as system(3) does. */
struct tui_term_lent {
	struct sigaction old_int, old_quit, old_tstp;
};
void tui_term_lend(struct tui_term_lent *lent);
/* Takes it back: the signals as before, the screen redrawn whole. */
void tui_term_take_back(const struct tui_term_lent *lent);
/* In the child, before exec: the default dispositions of the signals the
 * interface ignores or leaves to it. */
void tui_term_child_signals(void);

/* The shell's exit status for a command it cannot find or run (ours too
 * when the shell itself cannot be run), and for one a signal ended (plus
 * the signal). */
#define TUI_STATUS_CANNOT_EXEC 126
#define TUI_STATUS_CANNOT_RUN 127
#define TUI_STATUS_SIGNALLED 128
/* Runs `command`, shell words as git runs an editor or a pager
 * (EDITOR="code -w"), on the file `path`, one argument whatever its name,
 * with the terminal lent to it.  An ending signal meanwhile removes the
 * temporary files at once (signals.h): the child may hold them open.
 * Returns its exit status in the shell's terms above. */
int tui_term_run_on_file(const char *command, const char *path);

#endif
