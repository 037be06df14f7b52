/* icsview [PATH]...: the interface. */
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "icsview/cli/cli.h"
#include "icsview/cli/cli_model.h"
#include "icsview/cli/cli_notes.h"
#include "icsview/cli/cli_options.h"
#include "icsview/base/model_files.h"
#include "icsview/base/output.h"
#include "icsview/base/signals.h"
#include "icsview/loader/diff_cache.h"
#include "icsview/tui/tui.h"
#include "icsview/query/since.h"
#include "icsview/tui/tui_progress.h"

static const char browse_usage[] =
	"usage: icsview [-m PATH]... [--notes FILE] [--fresh] [--ascii] [--color=auto|always|never]\n"
	"               [--since OLD]... [PATH]...\n"
	"Open the interface on the model (default: the bundled data).\n"
	"--since OLD compares it with an older model (a file or directory; repeat\n"
	"it for several): the tree marks what was added, removed, moved, renamed\n"
	"or changed, the detail pane says how, and the filter changed:KIND lists it.\n"
	"Notes, flags and reviewed marks go to FILE (default:\n"
	"$XDG_DATA_HOME/icsview/notes.db, or ~/.local/share/icsview/notes.db),\n"
	"with the view last left (root, selection, filter, marks), which opens\n"
	"again; --fresh starts clean.\n"
	"Keys: ? in the interface lists them all.\n";

/* The interface's reload key: the model open now, and the one before. */
struct reloading {
	const struct cli_paths *paths;
	struct cli_model current, previous;
};

static enum tui_reload reload_model(void *ctx, struct store **st, char **error)
{
	struct reloading *r = ctx;
	struct cli_model fresh;
	enum cli_reopen found = cli_reopen_model(r->paths->items, r->paths->count, &r->current,
	                                         &fresh, error);

	if (found == CLI_REOPEN_FAILED)
		return TUI_RELOAD_FAILED;
	if (found == CLI_REOPEN_UNCHANGED)
		return TUI_RELOAD_UNCHANGED;
	r->previous = r->current;
	r->current = fresh;
	*st = fresh.store;
	return found == CLI_REOPEN_REBUILT ? TUI_RELOAD_REBUILT : TUI_RELOAD_CHANGED;
}

static void release_model(void *ctx)
{
	struct reloading *r = ctx;

	cli_close_model(&r->previous);
}

/* The exit status for how the interface ended (icsview(1), EXIT STATUS). */
static int exit_status(enum tui_outcome outcome, int ending_signal)
{
	switch (outcome) {
	case TUI_QUIT:
	case TUI_INPUT_LOST:
		return EXIT_OK;
	case TUI_SIGNALLED:
		return EXIT_SIGNAL + ending_signal;
	case TUI_MODEL_UNREADABLE:
		return EXIT_IO;
	case TUI_NO_TERMINAL:
		return EXIT_USAGE;
	}
	return EXIT_IO;
}

/* The first open of the model, on a thread of its own while the main
 * thread draws the build's progress and reads q. */
struct opening {
	const struct cli_paths *paths;
	struct build_progress progress;
	struct diag_list diags;
	struct cli_model model;
	enum load_result rc;
	/* --since: the older model, opened after the model, then compared */
	const struct cli_paths *since_paths;
	struct diag_list since_diags;
	struct cli_model since_model;
	enum load_result since_rc;
	struct since *since;
	char *since_error;      /* the comparison failed: why */
	atomic_bool finished;
};

/* The counts of a build back to nothing, for the next build to fill: the
 * progress screen shows each build in turn. */
static void progress_restart(struct build_progress *p)
{
	build_progress_phase(p, BUILD_PHASE_NONE);
	atomic_store(&p->file_no, 0);
	atomic_store(&p->files, 0);
	atomic_store(&p->bytes_read, 0);
	atomic_store(&p->bytes_total, 0);
	atomic_store(&p->entities, 0);
	atomic_store(&p->links, 0);
	/* the older model of --since is not searched */
	p->search_next = false;
}

/* What changed since the older model, through the diff cache
 * (diff_cache.h): a second start with the same two models reads the
 * comparison kept by the first. */
static struct since *compare_since(struct store *old_st, struct store *new_st, char **error)
{
	struct diff_cache *cache = diff_cache_open(old_st, new_st);
	struct diff_keeper keeper = { diff_cache_read, diff_cache_write, cache };
	struct since *since = since_open(old_st, new_st, cache ? &keeper : NULL, error);

	diff_cache_close(cache);
	return since;
}

/* The older model of --since, and the comparison, when the model opened. */
static void open_older(struct opening *o)
{
	if (o->rc != LOAD_VALID || !o->since_paths->count)
		return;
	progress_restart(&o->progress);
	o->since_rc = cli_open_model_quiet(o->since_paths->items, o->since_paths->count,
	                                   &o->progress, &o->since_diags, &o->since_model);
	if (o->since_rc == LOAD_VALID)
		o->since = compare_since(o->since_model.store, o->model.store, &o->since_error);
}

static void *open_in_background(void *arg)
{
	struct opening *o = arg;

	o->rc = cli_open_model_quiet(o->paths->items, o->paths->count, &o->progress, &o->diags,
	                             &o->model);
	open_older(o);
	atomic_store(&o->finished, true);
	return NULL;
}

/* Starts the open with the ending signals blocked in its thread (and the
 * build's, which inherit them): they go to the main thread, which restores
 * the terminal.  False when no thread can be started. */
static bool start_opening(struct opening *o, pthread_t *thread)
{
	sigset_t ending, saved;
	bool started;

	signals_ending_set(&ending);
	sigaddset(&ending, SIGTSTP);
	pthread_sigmask(SIG_BLOCK, &ending, &saved);
	started = pthread_create(thread, NULL, open_in_background, o) == 0;
	pthread_sigmask(SIG_SETMASK, &saved, NULL);
	return started;
}

/* What opening gave the interface: the model, and with --since the older
 * one and what changed since it (taken by the interface). */
struct opened {
	struct cli_model model, since_model;
	struct since *since;
};

static void discard_opening(struct opening *o)
{
	since_close(o->since, false);
	free(o->since_error);
	diag_free(&o->diags);
	diag_free(&o->since_diags);
	cli_close_model(&o->since_model);
	cli_close_model(&o->model);
}

/* Once the terminal is the shell's: the problems of each model, or why
 * they could not be compared.  Returns -1 with *out filled, or the exit
 * status (a model's: EXIT_INVALID or EXIT_IO; a failed comparison EXIT_IO). */
static int report_opening(struct opening *o, struct opened *out)
{
	int status = cli_open_model_report(o->rc, &o->diags, &o->model);

	if (status != EXIT_OK) {
		diag_free(&o->since_diags);
		return status;
	}
	if (o->since_paths->count && (o->since_rc != LOAD_VALID || o->since_diags.count))
		fputs("icsview: --since: the older model:\n", stderr);
	status = cli_open_model_report(o->since_rc, &o->since_diags, &o->since_model);
	if (status == EXIT_OK && o->since_paths->count && !o->since) {
		struct strbuf sb = STRBUF_INIT;

		sb_text_line(&sb, o->since_error ? o->since_error : "");
		fprintf(stderr, "icsview: --since: the models cannot be compared: %s\n",
		        sb_str(&sb));
		sb_free(&sb);
		status = EXIT_IO;
	}
	free(o->since_error);
	o->since_error = NULL;
	if (status != EXIT_OK) {
		cli_close_model(&o->since_model);
		cli_close_model(&o->model);
		return status;
	}
	out->model = o->model;
	out->since_model = o->since_model;
	out->since = o->since;
	return -1;
}

/* Without a thread: the same opens, their problems printed as they come. */
static int open_in_foreground(struct opening *o, struct opened *out)
{
	int status = cli_open_model(o->paths->items, o->paths->count, &out->model);
	char *error = NULL;

	if (status != EXIT_OK || !o->since_paths->count)
		return status == EXIT_OK ? -1 : status;
	status = cli_open_model(o->since_paths->items, o->since_paths->count, &out->since_model);
	if (status == EXIT_OK && !(out->since = compare_since(out->since_model.store,
	                                                      out->model.store, &error))) {
		struct strbuf sb = STRBUF_INIT;

		sb_text_line(&sb, error);
		fprintf(stderr, "icsview: --since: the models cannot be compared: %s\n", sb_str(&sb));
		sb_free(&sb);
		free(error);
		cli_close_model(&out->since_model);
		status = EXIT_IO;
	}
	if (status != EXIT_OK)
		cli_close_model(&out->model);
	return status == EXIT_OK ? -1 : status;
}

/* Opens the model (and the older one of --since, and compares them),
 * showing a build's progress (tui_progress.h).  Returns -1 with *out
 * filled, or the exit status: a model's problems, q at the progress screen
 * (EXIT_OK: the user quit) or an ending signal (EXIT_SIGNAL + the signal),
 * every temporary file of the build removed. */
static int open_model(const struct cli_paths *paths, const struct cli_paths *since_paths,
                      struct opened *out, struct tui_typeahead *typed)
{
	struct opening o = { .paths = paths, .since_paths = since_paths,
	                     .progress = BUILD_PROGRESS_INIT };
	enum tui_progress_end end;
	pthread_t thread;
	int signal;

	/* the interface builds the search index once the tree is shown */
	o.progress.search_next = true;
	tui_progress_prepare();
	model_files_watch(&o.progress.walk);
	if (!start_opening(&o, &thread)) {
		model_files_watch(NULL);
		return open_in_foreground(&o, out);
	}
	end = tui_progress_watch(&o.progress, &o.finished, &signal, typed);
	pthread_join(thread, NULL);
	model_files_watch(NULL);
	pthread_mutex_destroy(&o.progress.file_lock);
	pthread_mutex_destroy(&o.progress.walk.dir_lock);
	if (end != TUI_PROGRESS_FINISHED) {
		discard_opening(&o);
		return end == TUI_PROGRESS_QUIT ? EXIT_OK : EXIT_SIGNAL + signal;
	}
	return report_opening(&o, out);
}

enum { OPT_FRESH = 256, OPT_SINCE };

/* Returns -1 to go on, else the exit status. */
static int parse_options(int argc, char **argv, struct cli_globals *g, bool *fresh,
                         struct cli_paths *since)
{
	static const struct option options[] = {
		{ "fresh", no_argument, NULL, OPT_FRESH },
		{ "since", required_argument, NULL, OPT_SINCE },
		{ "help", no_argument, NULL, 'h' },
		CLI_GLOBAL_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	int opt, rc;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":m:h", options, NULL)) != -1) {
		switch (opt) {
		case OPT_FRESH: *fresh = true; break;
		case OPT_SINCE: cli_paths_add(since, optarg); break;
		case 'h': fputs(browse_usage, stdout); return EXIT_OK;
		default:
			if ((rc = cli_other_option("", opt, argv, g)) >= 0)
				return rc;
			break;
		}
	}
	for (int i = optind; i < argc; i++)
		cli_paths_add(&g->paths, argv[i]);
	return -1;
}

int cmd_browse(int argc, char **argv)
{
	struct cli_globals globals = { 0 };
	struct cli_paths since_paths = { 0 };
	struct tui_options tui = { 0 };
	struct tui_typeahead typed = { .count = 0 };
	struct cli_paths *paths = &globals.paths;
	struct reloading reloading = { .paths = paths };
	struct notes_status notes_status = { 0 };
	struct opened opened = { 0 };
	char *problem = NULL;
	enum tui_outcome outcome;
	int status, ending_signal;

	status = parse_options(argc, argv, &globals, &tui.fresh, &since_paths);
	if (status < 0 && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))) {
		fputs("icsview: the interface needs a terminal; in scripts use 'icsview show', "
		      "'icsview tree' or 'icsview check' (see icsview --help)\n", stderr);
		status = EXIT_USAGE;
	}
	if (status < 0)
		status = open_model(paths, &since_paths, &opened, &typed);
	if (status >= 0) {
		cli_paths_free(&since_paths);
		cli_globals_free(&globals);
		return status;
	}
	reloading.current = opened.model;
	tui.ascii = globals.ascii;
	tui.color = globals.color;
	tui.since = opened.since;
	tui.since_old = opened.since_model.store;
	/* a notes file that cannot be used leaves the interface browsing, and
	 * says why; it is never written to */
	tui.notes = cli_open_notes(globals.notes, paths->items, paths->count, false, &notes_status);
	if (notes_status.message) {
		struct strbuf sb = STRBUF_INIT;
		sb_text_line(&sb, notes_status.message);
		problem = sb_detach(&sb);
		tui.notes_problem = problem;
	}
	tui.typeahead = &typed;
	tui.reload = reload_model;
	tui.release = release_model;
	tui.reload_ctx = &reloading;
	outcome = tui_run(reloading.current.store, &tui, &ending_signal);
	status = exit_status(outcome, ending_signal);
	notes_close(tui.notes);
	notes_status_clear(&notes_status);
	free(problem);
	cli_discard_damaged(&reloading.current);   /* the terminal is restored by now */
	cli_close_model(&reloading.current);
	cli_close_model(&reloading.previous);
	cli_discard_damaged(&opened.since_model);
	cli_close_model(&opened.since_model);
	cli_paths_free(&since_paths);
	cli_globals_free(&globals);
	return status;
}
