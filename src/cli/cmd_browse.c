/* icsview [PATH]...: the interface. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "icsview/cli/cli.h"
#include "icsview/cli/cli_model.h"
#include "icsview/cli/cli_notes.h"
#include "icsview/base/output.h"
#include "icsview/tui/tui.h"

static const char browse_usage[] =
	"usage: icsview [-m PATH]... [--notes FILE] [--fresh] [--ascii] [--color=auto|always|never]\n"
	"               [PATH]...\n"
	"Open the interface on the model (default: the bundled data).\n"
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

int cmd_browse(int argc, char **argv)
{
	static const struct option options[] = {
		{ "model", required_argument, NULL, 'm' },
		{ "ascii", no_argument, NULL, 'a' },
		{ "color", required_argument, NULL, 'c' },
		{ "colour", required_argument, NULL, 'c' },
		{ "notes", required_argument, NULL, 'n' },
		{ "fresh", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct tui_options tui = { .ascii = false, .color = COLOR_AUTO };
	struct cli_paths paths = { 0 };
	struct reloading reloading = { .paths = &paths };
	struct notes_status notes_status = { 0 };
	const char *notes_path = NULL;
	char *problem = NULL;
	enum tui_outcome outcome;
	int opt, status, ending_signal;

	optind = 1;
	while ((opt = getopt_long(argc, argv, ":m:h", options, NULL)) != -1) {
		switch (opt) {
		case 'm': cli_paths_add(&paths, optarg); break;
		case 'a': tui.ascii = true; break;
		case 'n': notes_path = optarg; break;
		case 'f': tui.fresh = true; break;
		case 'c':
			if (strcmp(optarg, "auto") == 0) tui.color = COLOR_AUTO;
			else if (strcmp(optarg, "always") == 0) tui.color = COLOR_ALWAYS;
			else if (strcmp(optarg, "never") == 0) tui.color = COLOR_NEVER;
			else {
				struct strbuf shown = STRBUF_INIT;

				sb_text_line(&shown, optarg);
				fprintf(stderr, "icsview: --color takes auto, always or never, not '%s'\n",
				        sb_str(&shown));
				sb_free(&shown);
				cli_paths_free(&paths);
				return EXIT_USAGE;
			}
			break;
		case 'h': fputs(browse_usage, stdout); cli_paths_free(&paths); return EXIT_OK;
		default:
			cli_paths_free(&paths);
			return cli_option_error("", opt, argv);
		}
	}
	for (int i = optind; i < argc; i++)
		cli_paths_add(&paths, argv[i]);
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fputs("icsview: the interface needs a terminal; in scripts use 'icsview show', "
		      "'icsview tree' or 'icsview check' (see icsview --help)\n", stderr);
		cli_paths_free(&paths);
		return EXIT_USAGE;
	}
	status = cli_open_model(paths.items, paths.count, &reloading.current);
	if (status != EXIT_OK) {
		cli_paths_free(&paths);
		return status;
	}
	/* a notes file that cannot be used leaves the interface browsing, and
	 * says why; it is never written to */
	tui.notes = cli_open_notes(notes_path, paths.items, paths.count, false, &notes_status);
	if (notes_status.message) {
		struct strbuf sb = STRBUF_INIT;
		sb_text_line(&sb, notes_status.message);
		problem = sb_detach(&sb);
		tui.notes_problem = problem;
	}
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
	cli_paths_free(&paths);
	return status;
}
