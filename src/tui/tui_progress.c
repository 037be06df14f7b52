/* The progress screen while a model's database is built (tui_progress.h). */
#include "icsview/tui/tui_progress.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "icsview/base/signals.h"
#include "icsview/base/util.h"
#include "tui_term.h"

/* How often the screen is drawn again, and keys looked at. */
#define FRAME_MS 100
/* How often the open is looked at before a build starts. */
#define POLL_NS 10000000L
#define BAR_MAX 60
#define LABEL_WIDTH 11
/* A walk of the model's directories shorter than this shows no screen
 * (a cached database of a small tree opens in milliseconds). */
#define WALK_QUIET_MS 250

void tui_progress_prepare(void)
{
	tui_term_install_signals();
}

/* A file name as the screen shows it: control characters are shown as
 * '?', never sent to the terminal. */
static void shown_text(char *text)
{
	for (unsigned char *c = (unsigned char *)text; *c; c++)
		if (*c < 0x20 || *c == 0x7f)
			*c = '?';
}

static void line(int y, const char *label, const char *value)
{
	mvaddnstr(y, 2, label, COLS - 2);
	if (COLS > 2 + LABEL_WIDTH)
		mvaddnstr(y, 2 + LABEL_WIDTH, value, COLS - 2 - LABEL_WIDTH);
}

static void draw_bar(int y, unsigned permille)
{
	int width = COLS - 10 < BAR_MAX ? COLS - 10 : BAR_MAX;
	int filled;
	char pct[16];

	if (width < 4)
		return;
	filled = (int)((long)width * permille / 1000);
	mvaddch(y, 2, '[');
	for (int i = 0; i < width; i++)
		addch(i < filled ? '#' : '.');
	addch(']');
	snprintf(pct, sizeof(pct), " %3u%%", permille / 10);
	addstr(pct);
}

static void draw_footer(int y, const struct build_progress_view *v, bool cancelling)
{
	char text[64];

	snprintf(text, sizeof(text), "%.1f s", v->elapsed);
	line(y++, "Elapsed", text);
	y++;
	mvaddnstr(y, 2, cancelling ? "Cancelling..." : "q cancels", COLS - 2);
	refresh();
}

/* Before the build: the walk of the model's directories. */
static void draw_walk(const struct build_progress_view *v, bool cancelling)
{
	char text[PATH_MAX + 64];
	int y = 1;

	erase();
	mvaddnstr(y++, 2, "icsview: finding the model's files", COLS - 2);
	y++;
	snprintf(text, sizeof(text), "%s", v->walk_dir);
	shown_text(text);
	line(y++, "Directory", text);
	snprintf(text, sizeof(text), "%zu YAML %s in %zu %s", v->walk_files,
	         v->walk_files == 1 ? "file" : "files", v->walk_dirs,
	         v->walk_dirs == 1 ? "directory" : "directories");
	line(y++, "Found", text);
	y++;
	draw_footer(y, v, cancelling);
}

static void draw(const struct build_progress_view *v, bool cancelling)
{
	char text[PATH_MAX + 64];
	int y = 1;

	erase();
	mvaddnstr(y++, 2, "icsview: building the model's database", COLS - 2);
	y++;
	snprintf(text, sizeof(text), "%s", v->file);
	shown_text(text);
	if (v->files > 1) {
		size_t used = strlen(text);
		snprintf(text + used, sizeof(text) - used, " (%zu of %zu)", v->file_no + 1, v->files);
	}
	line(y++, "File", text);
	line(y++, "Phase", cancelling ? "cancelling" : build_phase_name(v->phase));
	snprintf(text, sizeof(text), "%zu", v->entities);
	line(y++, "Entities", text);
	snprintf(text, sizeof(text), "%zu", v->links);
	line(y++, "Links", text);
	y++;
	draw_bar(y++, v->permille);
	y++;
	if (v->left < 0) {
		draw_footer(y, v, cancelling);
		return;
	}
	snprintf(text, sizeof(text), "%.1f s, about %.0f s left to read", v->elapsed, v->left + 0.5);
	line(y++, "Elapsed", text);
	y++;
	mvaddnstr(y, 2, cancelling ? "Cancelling..." : "q cancels", COLS - 2);
	refresh();
}

/* Whether the screen is due: a build has started, or a walk of the
 * model's directories has gone on for WALK_QUIET_MS (*walk_seen: when it
 * was first seen, 0 before). */
static bool screen_due(struct build_progress *progress, double *walk_seen)
{
	if (build_progress_phase_now(progress) != BUILD_PHASE_NONE)
		return true;
	if (!atomic_load_explicit(&progress->walk.walking, memory_order_relaxed))
		return false;
	if (*walk_seen == 0)
		*walk_seen = monotonic_ms();
	return monotonic_ms() - *walk_seen >= WALK_QUIET_MS;
}

/* A screen of its own, ended before the interface starts its own; NULL
 * when the terminal cannot be used, or cannot move the cursor (a dumb
 * one): the interface then says why, once the model is open. */
static SCREEN *start_screen(void)
{
	SCREEN *screen = tui_term_new_screen();

	if (!screen)
		return NULL;
	if (tui_term_lacks_cursor_motion()) {
		endwin();
		delscreen(screen);
		return NULL;
	}
	cbreak();
	noecho();
	curs_set(0);
	timeout(FRAME_MS);
	return screen;
}

static void end_screen(SCREEN *screen)
{
	if (!screen)
		return;
	endwin();
	delscreen(screen);
}

static void pause_briefly(void)
{
	struct timespec wait = { 0, POLL_NS };

	nanosleep(&wait, NULL);
}

/* What one turn of the wait found: a key or a signal asking to cancel;
 * other keys are kept for the interface. */
static enum tui_progress_end asked(SCREEN *screen, int *signal, struct tui_typeahead *typed)
{
	int key;

	if ((*signal = signals_pending()) != 0)
		return TUI_PROGRESS_SIGNALLED;
	if (tui_term_suspend_noted() && screen)
		tui_term_suspend();
	if (!screen) {
		pause_briefly();
		return TUI_PROGRESS_FINISHED;
	}
	key = getch();
	/* q alone: a capital is typed ahead, in an id or a name */
	if (key == 'q')
		return TUI_PROGRESS_QUIT;
	if (key != ERR && typed->count < TUI_TYPEAHEAD_MAX)
		typed->keys[typed->count++] = key;
	return TUI_PROGRESS_FINISHED;
}

enum tui_progress_end tui_progress_watch(struct build_progress *progress,
                                         const atomic_bool *finished, int *signal,
                                         struct tui_typeahead *typed)
{
	enum tui_progress_end end = TUI_PROGRESS_FINISHED;
	struct build_progress_view view;
	SCREEN *screen = NULL;
	bool tried = false;
	double started = 0;
	double walk_seen = 0;

	*signal = 0;
	while (!atomic_load(finished)) {
		enum tui_progress_end now;
		int sig;

		if (!tried && screen_due(progress, &walk_seen)) {
			tried = true;
			started = monotonic_ms() / 1e3;
			screen = start_screen();
		}
		if (screen) {
			build_progress_snapshot(progress, monotonic_ms() / 1e3 - started, &view);
			if (view.phase == BUILD_PHASE_NONE)
				draw_walk(&view, end != TUI_PROGRESS_FINISHED);
			else
				draw(&view, end != TUI_PROGRESS_FINISHED);
		}
		now = asked(screen, &sig, typed);
		if (now != TUI_PROGRESS_FINISHED && end == TUI_PROGRESS_FINISHED) {
			end = now;
			*signal = sig;
			build_progress_cancel(progress);
		}
	}
	end_screen(screen);
	return end;
}
