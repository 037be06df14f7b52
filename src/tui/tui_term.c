/* The terminal: curses set up and restored, keys read, the terminal lent
 * to a child (the user's editor), and the signals that end the interface.
 * Every signal handler, mask and disposition of the interface is here,
 * behind tui_term.h. */
#include <curses.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include "icsview/base/output.h"
#include "icsview/base/signals.h"
#include "icsview/base/util.h"
#include "tui_private.h"
#include "tui_term.h"

/* ---- the signals that end the interface ------------------------------- */

/* The ending signals (base/signals.h) are noted, not acted on: the loop
 * sees the note, restores the terminal and ends.  They are blocked while
 * the screen is drawn and let through only while a key is awaited: see
 * tui_term_read_key. */
static sigset_t ending_signals, wait_mask;

/* ^Z (SIGTSTP) is noted too, and blocked and let through with the ending
 * signals, so that the loop suspends between frames (tui_term_suspend)
 * and never in the middle of drawing, as curses' own handler would. */
static volatile sig_atomic_t suspend_noted;

static void note_suspend(int sig)
{
	(void)sig;
	suspend_noted = 1;
}

static void set_suspend_handler(void (*handler)(int), struct sigaction *old)
{
	struct sigaction act;

	memset(&act, 0, sizeof(act));
	act.sa_handler = handler;
	sigemptyset(&act.sa_mask);
	sigaction(SIGTSTP, &act, old);
}

void tui_term_install_signals(void)
{
	static struct signals_saved replaced;   /* never put back: see below */

	signal(SIGPIPE, SIG_IGN);
	signals_ending_set(&ending_signals);
	signals_wait_mask(&wait_mask);
	sigaddset(&ending_signals, SIGTSTP);
	sigdelset(&wait_mask, SIGTSTP);
	/* for the whole life of the process: a signal after the interface
	 * ends is still noted, so the terminal is restored first */
	signals_install(SIGNALS_NOTE, &replaced);
	/* before curses starts: it installs its own handler only where the
	 * default is in force */
	set_suspend_handler(note_suspend, NULL);
}

bool tui_term_suspend_noted(void)
{
	return suspend_noted != 0;
}

/* The terminal as the shell had it, the process stopped as ^Z stops any
 * other; on fg, curses again on a window that may have changed size. */
void tui_term_suspend(void)
{
	struct sigaction ours;
	sigset_t only, saved;
	struct winsize ws;

	suspend_noted = 0;
	sigemptyset(&only);
	sigaddset(&only, SIGTSTP);
	sigprocmask(SIG_BLOCK, &only, &saved);
	def_prog_mode();
	endwin();
	set_suspend_handler(SIG_DFL, &ours);
	raise(SIGTSTP);
	/* delivered here: the process stops until it is continued */
	sigprocmask(SIG_UNBLOCK, &only, NULL);
	sigprocmask(SIG_BLOCK, &only, NULL);
	sigaction(SIGTSTP, &ours, NULL);
	suspend_noted = 0;
	sigprocmask(SIG_SETMASK, &saved, NULL);
	reset_prog_mode();
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0 &&
	    (ws.ws_row != LINES || ws.ws_col != COLS))
		resizeterm(ws.ws_row, ws.ws_col);
	clearok(curscr, TRUE);
	refresh();
}

void tui_term_block_ending(void)
{
	sigprocmask(SIG_BLOCK, &ending_signals, NULL);
}

void tui_term_unblock_ending(void)
{
	sigprocmask(SIG_SETMASK, &wait_mask, NULL);
}

int tui_term_ending_signal(void)
{
	return signals_pending();
}

/* An ending signal has come, handled or (blocked while the screen is
 * drawn and a filter steps) waiting. */
bool tui_term_ending_signal_waiting(void)
{
	return signals_ending_waiting();
}

/* ---- keys -------------------------------------------------------------- */

/* A key if one is there (ncurses holds it, or it is waiting), else ERR at
 * once. */
int tui_term_poll_key(wint_t *ch)
{
	int rc;

	nodelay(stdscr, TRUE);
	rc = get_wch(ch);
	nodelay(stdscr, FALSE);
	return rc;
}

/* Reads a key.  The signals that end the interface are blocked from the
 * top of the loop, and let through only while it waits for input
 * (pselect): one that came while the screen was drawn would otherwise be
 * handled just before a read that then waits for a key, for ever if none
 * comes.  A key ncurses already holds is read without waiting.  ERR with
 * signals_pending() set when a signal ended the wait; TUI_TERM_NO_KEY when
 * wait_ms (>= 0) passed without one. */
int tui_term_read_key(wint_t *ch, int wait_ms)
{
	struct timespec wait = { wait_ms / 1000, (long)(wait_ms % 1000) * 1000000L };
	fd_set in;
	int rc = tui_term_poll_key(ch), ready;

	if (rc != ERR || signals_pending())
		return rc;
	FD_ZERO(&in);
	FD_SET(STDIN_FILENO, &in);
	ready = pselect(STDIN_FILENO + 1, &in, NULL, NULL, wait_ms >= 0 ? &wait : NULL, &wait_mask);
	if (ready < 0)
		return ERR;      /* errno EINTR: a signal (or a resize) */
	if (ready == 0)
		return TUI_TERM_NO_KEY;
	return get_wch(ch);
}

/* The interrupt character is turned off in the terminal, not ISIG: ^Z
 * and ^\ keep their meaning.  Recorded as the program's mode, as flow
 * control is (flow_control_off); endwin() restores the user's own. */
void tui_term_interrupt_as_key(bool as_key)
{
	static bool is_key;
	static cc_t interrupt;  /* the terminal's, while it is turned off */
	struct termios tio;

	if (as_key == is_key || tcgetattr(STDIN_FILENO, &tio) != 0)
		return;
	if (as_key) {
		interrupt = tio.c_cc[VINTR];
		tio.c_cc[VINTR] = _POSIX_VDISABLE;
	} else {
		tio.c_cc[VINTR] = interrupt;
	}
	if (tcsetattr(STDIN_FILENO, TCSANOW, &tio) != 0)
		return;
	is_key = as_key;
	def_prog_mode();
}

/* ---- curses ------------------------------------------------------------ */

/* curses is running: a fatal error restores the terminal first. */
static bool curses_active;

static void restore_terminal(void)
{
	if (curses_active) {
		endwin();
		curses_active = false;
	}
}

/* The codes curses gives Ctrl+arrows, when the terminal describes them. */
static int extra_key(const char *capability)
{
	char *seq = tigetstr(capability);

	if (!seq || seq == (char *)-1 || !*seq)
		return 0;
	return key_defined(seq) > 0 ? key_defined(seq) : 0;
}

static void find_extra_keys(struct extra_keys *k)
{
	k->ctrl_left = extra_key("kLFT5");
	k->ctrl_right = extra_key("kRIT5");
	k->ctrl_home = extra_key("kHOM5");
	k->ctrl_end = extra_key("kEND5");
}

/* What terminals send for the editing keys, whichever their type says:
 * tmux sends ESC [1~ and ESC [4~ for Home and End under any TERM, rxvt
 * ESC [7~ and ESC [8~, xterm ESC [H or ESC OH by its cursor mode.  A
 * sequence the terminal type does not list would reach the keymap as ESC
 * and the keys after it ('[' is history back, and the note editor would
 * type "4~"). */
static const struct {
	const char *sequence;
	int key;
} common_keys[] = {
	{ "\033[1~", KEY_HOME }, { "\033[7~", KEY_HOME }, { "\033[H", KEY_HOME },
	{ "\033OH", KEY_HOME },
	{ "\033[4~", KEY_END }, { "\033[8~", KEY_END }, { "\033[F", KEY_END },
	{ "\033OF", KEY_END },
	{ "\033[5~", KEY_PPAGE }, { "\033[6~", KEY_NPAGE },
	{ "\033[2~", KEY_IC }, { "\033[3~", KEY_DC },
};

/* Each common sequence the terminal type leaves free (key_defined 0: not
 * a key, nor the start of a longer one) is taken as its key; one that
 * curses cannot take stays undecoded, as it was. */
static void define_common_keys(void)
{
	for (size_t i = 0; i < sizeof(common_keys) / sizeof(common_keys[0]); i++)
		if (key_defined(common_keys[i].sequence) == 0)
			define_key(common_keys[i].sequence, common_keys[i].key);
}

/* ^S saves a note: the terminal must not take it (and ^Q) for flow
 * control.  Recorded as the program's mode, so that it comes back after an
 * external editor; endwin() restores the user's own setting. */
static void flow_control_off(void)
{
	struct termios tio;

	if (tcgetattr(STDIN_FILENO, &tio) != 0)
		return;
	tio.c_iflag &= ~(tcflag_t)IXON;
	tcsetattr(STDIN_FILENO, TCSANOW, &tio);
	def_prog_mode();
}

bool tui_term_lacks_cursor_motion(void)
{
	const char *cup = tigetstr("cup");

	return !cup || cup == (char *)-1 || !*cup;
}

/* LINES and COLUMNS, when set, override the window's size in curses; a
 * value no window has would make newterm fail as if the terminal type were
 * wrong.  Such values are not used: the window says its own size. */
#define WINDOW_SIDE_MAX 10000

static bool size_variable_usable(const char *name)
{
	const char *value = getenv(name);
	char *end;
	long n;

	if (!value || !*value)
		return true;
	errno = 0;
	n = strtol(value, &end, 10);
	return errno == 0 && *end == '\0' && n >= 1 && n <= WINDOW_SIDE_MAX;
}

SCREEN *tui_term_new_screen(void)
{
	if (!size_variable_usable("LINES") || !size_variable_usable("COLUMNS"))
		use_env(FALSE);
	return newterm(NULL, stdout, stdin);
}

bool tui_term_start(struct tui *t, char **error)
{
	const char *no_color = getenv("NO_COLOR");
	const char *term = getenv("TERM");
	SCREEN *screen;

	screen = tui_term_new_screen();

	if (!screen || tui_term_lacks_cursor_motion()) {
		/* TERM comes from the environment, which SSH fills from the client's */
		struct strbuf shown = STRBUF_INIT;

		sb_text_line(&shown, term ? term : "");
		*error = xasprintf(screen ? "terminal type '%s' cannot move the cursor; for scripts use "
		                            "'icsview show', 'icsview tree' or 'icsview check'"
		                          : "cannot use terminal type '%s'; for scripts use 'icsview show', "
		                            "'icsview tree' or 'icsview check'", sb_str(&shown));
		sb_free(&shown);
		if (screen) {
			endwin();
			delscreen(screen);
		}
		return false;
	}
	curses_active = true;
	set_die_hook(restore_terminal);
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	mousemask(BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED | BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
	          | BUTTON5_PRESSED
#endif
	          , NULL);
	mouseinterval(250);
	define_common_keys();
	find_extra_keys(&t->term.extra);
	flow_control_off();
	t->term.color = has_colors() && t->options.color != COLOR_NEVER &&
	                (t->options.color == COLOR_ALWAYS || !(no_color && *no_color));
	tui_init_colors(t);
	return true;
}

void tui_term_end(void)
{
	restore_terminal();
	set_die_hook(NULL);
	set_suspend_handler(SIG_DFL, NULL);
}

/* ---- the terminal lent to a child ------------------------------------- */

void tui_term_lend(struct tui_term_lent *lent)
{
	struct sigaction ignore;

	def_prog_mode();
	endwin();
	/* like system(3): ^C and ^\ are the child's while it runs */
	memset(&ignore, 0, sizeof(ignore));
	ignore.sa_handler = SIG_IGN;
	sigemptyset(&ignore.sa_mask);
	sigaction(SIGINT, &ignore, &lent->old_int);
	sigaction(SIGQUIT, &ignore, &lent->old_quit);
	/* ^Z stops the child and the interface together, as a job */
	set_suspend_handler(SIG_DFL, &lent->old_tstp);
}

void tui_term_take_back(const struct tui_term_lent *lent)
{
	sigaction(SIGINT, &lent->old_int, NULL);
	sigaction(SIGQUIT, &lent->old_quit, NULL);
	sigaction(SIGTSTP, &lent->old_tstp, NULL);
	reset_prog_mode();
	clearok(curscr, TRUE);
	refresh();
}

void tui_term_child_signals(void)
{
	signal(SIGINT, SIG_DFL);
	signal(SIGQUIT, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
	signal(SIGTSTP, SIG_DFL);
}

int tui_term_run_on_file(const char *command, const char *path)
{
	struct tui_term_lent lent;
	pid_t pid;
	int status = 0;

	tui_term_lend(&lent);
	pid = fork();
	if (pid == 0) {
		char *words;

		tui_term_child_signals();
		words = xasprintf("%s \"$1\"", command);
		execl("/bin/sh", "sh", "-c", words, "sh", path, (char *)NULL);
		_exit(TUI_STATUS_CANNOT_RUN);
	}
	if (pid < 0)
		status = TUI_STATUS_CANNOT_RUN << 8;
	while (pid > 0 && waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			status = TUI_STATUS_CANNOT_RUN << 8;
			break;
		}
		if (signals_pending())
			signals_remove_temporaries();
	}
	tui_term_take_back(&lent);
	return WIFEXITED(status) ? WEXITSTATUS(status) : TUI_STATUS_SIGNALLED + WTERMSIG(status);
}
