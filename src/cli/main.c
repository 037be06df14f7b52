/* icsview: explore England's integrated care systems. */
#include <locale.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include "config.h"
#include "icsview/cli/cli.h"
#include "icsview/base/util.h"

static const char main_usage[] =
	"usage: icsview [-m PATH]... [--notes FILE] [--fresh] [--ascii] [--color=WHEN] [PATH]...\n"
	"       icsview COMMAND [OPTION]... [ARG]...\n"
	"Explore the structure of England's integrated care systems: systems, places,\n"
	"organisations, boards and the links between them.\n"
	"\n"
	"Commands:\n"
	"  check [PATH]...   validate a model; report every problem with its position\n"
	"  show ID|CODE|NAME show one entity in full (-m PATH for the model, --json)\n"
	"  tree [ID]         draw the outline under an entity, or the roots (--depth N)\n"
	"  find QUERY        search names, codes, facts and prose (--kind K, --json)\n"
	"  export [ID]       the model or a subtree as json, csv, dot or md (--format)\n"
	"  review list|export  the review's notes, flags and reviewed marks (--format,\n"
	"                    --notes FILE, -o FILE)\n"
	"\n"
	"With no command, icsview opens its interface on the model: a tree of systems,\n"
	"places, organisations and boards beside the detail of the selection (? lists\n"
	"the keys).\n"
	"\n"
	"Options:\n"
	"  -m, --model PATH  a model file or directory (repeatable)\n"
	"      --ascii       ASCII markers and lines, whatever the locale\n"
	"      --color=WHEN  auto (the default; NO_COLOR turns it off), always, never\n"
	"      --notes FILE  the review's notes file (default:\n"
	"                    $XDG_DATA_HOME/icsview/notes.db)\n"
	"      --fresh       open at the top, not at the view last left\n"
	"  -h, --help        show this help (COMMAND --help for a command's)\n"
	"  -V, --version     show the version\n"
	"\n"
	"The model is PATHs (YAML files or directories), else $ICSVIEW_MODEL, else the\n"
	"bundled data.  See icsview(1) and icsview-model(5).\n";

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
};

static const struct command commands[] = {
	{ "check", cmd_check },
	{ "show", cmd_show },
	{ "tree", cmd_tree },
	{ "find", cmd_find },
	{ "export", cmd_export },
	{ "review", cmd_review },
};

static const struct command *find_command(const char *name)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(name, commands[i].name) == 0)
			return &commands[i];
	return NULL;
}

/* Global options may come before the command (`icsview -m data show RHQ`):
 * they are handed to it after its name.  -m works everywhere (check takes
 * its paths as operands); --ascii matters to tree; --color only colours
 * the interface, so commands take no colour and drop it. */
static int run_command(const struct command *cmd, int globals, int argc, char **argv)
{
	char **args = xcalloc((size_t)argc + 1, sizeof(*args));
	int n = 0, rc;

	args[n++] = argv[globals + 1];
	for (int i = 1; i <= globals; i++) {
		const char *a = argv[i];
		bool model = strcmp(a, "-m") == 0 || strcmp(a, "--model") == 0;

		if (model && strcmp(cmd->name, "check") == 0) {
			args[n++] = argv[++i];
		} else if (model) {
			args[n++] = argv[i];
			args[n++] = argv[++i];
		} else if (strncmp(a, "--model=", 8) == 0) {
			args[n++] = strcmp(cmd->name, "check") == 0 ? argv[i] + 8 : argv[i];
		} else if (strcmp(a, "--ascii") == 0 && strcmp(cmd->name, "tree") == 0) {
			args[n++] = argv[i];
		} else if (strcmp(a, "--notes") == 0) {
			i++;    /* only review reads the notes */
			if (strcmp(cmd->name, "review") == 0) {
				args[n++] = argv[i - 1];
				args[n++] = argv[i];
			}
		} else if (strncmp(a, "--notes=", 8) == 0 && strcmp(cmd->name, "review") == 0) {
			args[n++] = argv[i];
		}
	}
	for (int i = globals + 2; i < argc; i++)
		args[n++] = argv[i];
	rc = cmd->run(n, args);
	free(args);
	return rc;
}

/* How many leading arguments are global options, or -1 when they are not
 * followed by a command. */
static int leading_globals(int argc, char **argv, const struct command **cmd)
{
	int i = 1;

	while (i < argc) {
		const char *a = argv[i];
		if ((strcmp(a, "-m") == 0 || strcmp(a, "--model") == 0 || strcmp(a, "--notes") == 0) &&
		    i + 1 < argc)
			i += 2;
		else if (strncmp(a, "--model=", 8) == 0 || strncmp(a, "--notes=", 8) == 0 || strncmp(a, "--color=", 8) == 0 ||
		         strncmp(a, "--colour=", 9) == 0 || strcmp(a, "--ascii") == 0)
			i++;
		else
			break;
	}
	if (i < argc && (*cmd = find_command(argv[i])) != NULL)
		return i - 1;
	return -1;
}

int main(int argc, char **argv)
{
	const struct command *cmd = NULL;
	int globals;

	setlocale(LC_ALL, "");
	/* A write past the file size limit (ulimit -f) then fails with EFBIG,
	 * which the model cache and the notes store report, instead of killing
	 * the process in the middle of a write. */
	signal(SIGXFSZ, SIG_IGN);
	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		fputs(main_usage, stdout);
		return EXIT_OK;
	}
	if (argc >= 2 && (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0)) {
		printf("icsview %s\n", ICSVIEW_VERSION);
		return EXIT_OK;
	}
	globals = leading_globals(argc, argv, &cmd);
	if (globals == 0)
		return cmd->run(argc - 1, argv + 1);
	if (globals > 0)
		return run_command(cmd, globals, argc, argv);
	return cmd_browse(argc, argv);
}
