/* The commands' progress line on stderr (cli_progress.h). */
#include "cli_progress.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include "icsview/base/signals.h"
#include "icsview/base/util.h"

/* A build shorter than this shows no line on a terminal. */
#define QUIET_SECONDS 0.5
#define UPDATE_NS 100000000L
#define DEFAULT_WIDTH 80

static bool forced;

void progress_line_force(void)
{
	forced = true;
}

static int terminal_width(void)
{
	struct winsize ws;

	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 1)
		return ws.ws_col;
	return DEFAULT_WIDTH;
}

/* The last part of a path: the line is short. */
static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash && slash[1] ? slash + 1 : path;
}

static const char *entities_word(size_t n)
{
	return n == 1 ? "entity" : "entities";
}

static const char *links_word(size_t n)
{
	return n == 1 ? "link" : "links";
}

static void format(const struct build_progress_view *v, char *text, size_t size)
{
	char file[PATH_MAX];
	int n;

	snprintf(file, sizeof(file), "%s", base_name(v->file));
	for (unsigned char *c = (unsigned char *)file; *c; c++)
		if (*c < 0x20 || *c == 0x7f)
			*c = '?';   /* never a control character to the terminal */
	if (v->phase == BUILD_PHASE_NONE) {
		snprintf(file, sizeof(file), "%s", v->walk_dir);
		for (unsigned char *c = (unsigned char *)file; *c; c++)
			if (*c < 0x20 || *c == 0x7f)
				*c = '?';
		snprintf(text, size, "icsview: finding the model's files: %zu YAML %s in %zu %s,"
		         " %.1f s; %s", v->walk_files, v->walk_files == 1 ? "file" : "files",
		         v->walk_dirs, v->walk_dirs == 1 ? "directory" : "directories", v->elapsed,
		         file);
		return;
	}
	if (v->phase == BUILD_PHASE_DONE) {
		snprintf(text, size, "icsview: done: %zu %s, %zu %s, %.1f s", v->entities,
		         entities_word(v->entities), v->links, links_word(v->links), v->elapsed);
		return;
	}
	if (v->phase == BUILD_PHASE_SEARCH) {
		snprintf(text, size, "icsview: %s: %u%%, %.1f s", build_phase_name(v->phase),
		         v->permille / 10, v->elapsed);
		return;
	}
	/* the figures that change first: a narrow terminal cuts the end */
	n = snprintf(text, size, "icsview: %s %s: %u%%, %.1f s", build_phase_name(v->phase), file,
	             v->permille / 10, v->elapsed);
	if (n > 0 && (size_t)n < size && v->left >= 0)
		n += snprintf(text + n, size - (size_t)n, ", about %.0f s left", v->left + 0.5);
	if (n > 0 && (size_t)n < size)
		snprintf(text + n, size - (size_t)n, "; %zu %s, %zu %s", v->entities,
		         entities_word(v->entities), v->links, links_word(v->links));
}

static void print(struct progress_line *pl)
{
	struct build_progress_view view;
	char text[PATH_MAX + 160];

	build_progress_snapshot(&pl->progress, monotonic_ms() / 1e3 - pl->started, &view);
	format(&view, text, sizeof(text));
	if (pl->terminal) {
		/* one character short of the width: a full line would wrap */
		fprintf(stderr, "\r%.*s\033[K", terminal_width() - 1, text);
	} else {
		fprintf(stderr, "%s\n", text);
	}
	fflush(stderr);
	pl->shown = true;
}

/* Whether the line is due now. */
static bool due(struct progress_line *pl)
{
	if (build_progress_phase_now(&pl->progress) == BUILD_PHASE_NONE &&
	    !atomic_load_explicit(&pl->progress.walk.walking, memory_order_relaxed))
		return false;
	return pl->forced || monotonic_ms() / 1e3 - pl->started >= QUIET_SECONDS;
}

static void *watch(void *arg)
{
	struct progress_line *pl = arg;
	struct timespec wait = { 0, UPDATE_NS };

	while (!atomic_load(&pl->stop)) {
		if (due(pl) && build_progress_phase_now(&pl->progress) != BUILD_PHASE_DONE)
			print(pl);
		nanosleep(&wait, NULL);
	}
	return NULL;
}

void progress_line_start(struct progress_line *pl)
{
	sigset_t ending, saved;

	memset(pl, 0, sizeof(*pl));
	pthread_mutex_init(&pl->progress.file_lock, NULL);
	pthread_mutex_init(&pl->progress.walk.dir_lock, NULL);
	pl->terminal = isatty(STDERR_FILENO);
	pl->forced = forced;
	pl->started = monotonic_ms() / 1e3;
	if (!pl->terminal && !pl->forced)
		return;
	/* the ending signals stay the main thread's, whose handlers remove the
	 * build's temporary files */
	signals_ending_set(&ending);
	pthread_sigmask(SIG_BLOCK, &ending, &saved);
	pl->running = pthread_create(&pl->thread, NULL, watch, pl) == 0;
	pthread_sigmask(SIG_SETMASK, &saved, NULL);
	if (pl->running)
		model_files_watch(&pl->progress.walk);
}

void progress_line_stop(struct progress_line *pl)
{
	if (pl->running) {
		model_files_watch(NULL);
		atomic_store(&pl->stop, true);
		pthread_join(pl->thread, NULL);
		pl->running = false;
	}
	/* with --progress a build too short for an update still shows one */
	if (pl->forced && !pl->terminal && build_progress_phase_now(&pl->progress) != BUILD_PHASE_NONE) {
		print(pl);
	}
	if (pl->terminal && pl->shown) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
	pthread_mutex_destroy(&pl->progress.file_lock);
	pthread_mutex_destroy(&pl->progress.walk.dir_lock);
}
