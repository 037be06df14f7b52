/* icsview: explore England's integrated care systems. */
#include <locale.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include "config.h"
#include <sys/stat.h>
#include "icsview/cli/cli.h"
#include "icsview/cli/cli_options.h"
#include "icsview/base/output.h"
#include "icsview/base/suggest.h"
#include "icsview/base/util.h"

static const char main_usage[] =
	"usage: icsview [-m PATH]... [--notes FILE] [--fresh] [--ascii] [--color=WHEN]\n"
	"               [--since OLD]... [PATH]...\n"
	"       icsview COMMAND [OPTION]... [ARG]...\n"
	"Explore the structure of England's integrated care systems: systems, places,\n"
	"organisations, boards and the links between them.\n"
	"\n"
	"Commands:\n"
	"  check [PATH]...   validate a model; report every problem with its position\n"
	"  show ID|CODE|NAME show one entity in full (-m PATH for the model, --json)\n"
	"  history ID|CODE|NAME  a body's predecessors and successors as a tree\n"
	"                    (successor_of links, with their dates; --json)\n"
	"  tree [ID]         draw the outline under an entity, or the roots (--depth N)\n"
	"  find QUERY        search names, codes, facts and prose (--kind K, --json)\n"
	"  export [ID]       the model or a subtree as json, csv, dot or md (--format)\n"
	"  diagram ID        the governance around an entity as boxes and lines\n"
	"  review list|export|history|import\n"
	"                    the review's notes, flags and reviewed marks, their changes,\n"
	"                    or another's review merged in (-F FORMAT, --notes FILE, ...)\n"
	"  diff OLD NEW      what changed between two models (--filter, -F md, --json)\n"
	"  import FILE-OR-DIR... -o MODELDIR\n"
	"                    build the England model from the files ODS and ONS publish\n"
	"  help [COMMAND]    this help, or a command's (as COMMAND --help)\n"
	"\n"
	"With no command, icsview opens its interface on the model: a tree of systems,\n"
	"places, organisations and boards beside the detail of the selection (? lists\n"
	"the keys).\n"
	"\n"
	"Options (before or after the command, the same everywhere):\n"
	"  -m, --model PATH  a model file or directory (repeatable)\n"
	"      --ascii       ASCII markers and lines, whatever the locale\n"
	"      --color=WHEN  auto (the default; NO_COLOR turns it off), always, never;\n"
	"                    only the interface draws in colour\n"
	"      --notes FILE  the review's notes file (default:\n"
	"                    $XDG_DATA_HOME/icsview/notes.db)\n"
	"      --fresh       open at the top, not at the view last left\n"
	"      --since OLD   the interface marks what changed since the older model OLD\n"
	"                    (repeatable: a model of several paths)\n"
	"      --progress    a model's build reports its progress on stderr even when\n"
	"                    that is not a terminal (on one, builds over 0.5 s do)\n"
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
	{ "history", cmd_history },
	{ "tree", cmd_tree },
	{ "find", cmd_find },
	{ "export", cmd_export },
	{ "diagram", cmd_diagram },
	{ "review", cmd_review },
	{ "diff", cmd_diff },
	{ "import", cmd_import },
};

#define COMMAND_COUNT (sizeof(commands) / sizeof(commands[0]))

static const struct command *find_command(const char *name)
{
	for (size_t i = 0; i < COMMAND_COUNT; i++)
		if (strcmp(name, commands[i].name) == 0)
			return &commands[i];
	return NULL;
}

/* "'WORD' is not an icsview command", with the nearest command when one
 * is close; `context` is "" or "help: ".  Returns EXIT_USAGE. */
static int unknown_command(const char *context, const char *word)
{
	const char *names[COMMAND_COUNT + 1];
	struct strbuf sb = STRBUF_INIT;
	const char *nearest;

	for (size_t i = 0; i < COMMAND_COUNT; i++)
		names[i] = commands[i].name;
	names[COMMAND_COUNT] = "help";
	nearest = suggest_nearest(word, names, COMMAND_COUNT + 1);
	sb_text_line(&sb, word);
	if (nearest)
		fprintf(stderr, "icsview: %s'%s' is not an icsview command; did you mean '%s'?\n",
		        context, sb_str(&sb), nearest);
	else
		fprintf(stderr, "icsview: %s'%s' is not an icsview command (see 'icsview help')\n",
		        context, sb_str(&sb));
	sb_free(&sb);
	return EXIT_USAGE;
}

/* icsview help [COMMAND]: the usage, or the command's own --help. */
static int run_help(int argc, char **argv)
{
	const struct command *cmd;
	char help[] = "--help";
	char *args[3] = { NULL, help, NULL };

	if (argc > 2)
		return cli_usage_error("help", "one command at a time");
	if (argc < 2 || strcmp(argv[1], "help") == 0) {
		fputs(main_usage, stdout);
		return EXIT_OK;
	}
	cmd = find_command(argv[1]);
	if (!cmd)
		return unknown_command("help: ", argv[1]);
	args[0] = argv[1];
	return cmd->run(2, args);
}

/* Runs the command named by argv[at] with the global options before it
 * (argv[1] to argv[at - 1]) moved to just after its name, where its own
 * parser reads them (cli_options.h). */
static int run_command(const struct command *cmd, int at, int argc, char **argv)
{
	char **args = xcalloc((size_t)argc + 1, sizeof(*args));
	int n = 0, rc;

	args[n++] = argv[at];
	for (int i = 1; i < at; i++)
		args[n++] = argv[i];
	for (int i = at + 1; i < argc; i++)
		args[n++] = argv[i];
	rc = cmd->run(n, args);
	free(args);
	return rc;
}

/* The index of the first argument past the leading global options (and
 * the interface's --fresh): the command's name, if there is one. */
static int skip_leading_options(int argc, char **argv)
{
	int i = 1;

	while (i < argc) {
		const char *a = argv[i];
		bool with_value = strcmp(a, "-m") == 0 || strcmp(a, "--model") == 0 ||
		                  strcmp(a, "--notes") == 0 || strcmp(a, "--color") == 0 ||
		                  strcmp(a, "--colour") == 0;

		if (with_value && i + 1 < argc)
			i += 2;
		else if ((a[0] == '-' && a[1] == 'm' && a[2]) || strncmp(a, "--model=", 8) == 0 ||
		         strncmp(a, "--notes=", 8) == 0 || strncmp(a, "--color=", 8) == 0 ||
		         strncmp(a, "--colour=", 9) == 0 || strcmp(a, "--ascii") == 0 ||
		         strcmp(a, "--progress") == 0 || strcmp(a, "--fresh") == 0)
			i++;
		else
			break;
	}
	return i;
}

/* Whether a word that names no command is meant as a model path: it exists,
 * or it looks like one (a '/' or a '.', as in data/ or model.yaml), so that
 * a missing file is reported as one. */
static bool meant_as_path(const char *word)
{
	struct stat st;

	return stat(word, &st) == 0 || strchr(word, '/') || strchr(word, '.');
}

int main(int argc, char **argv)
{
	const struct command *cmd;
	int at;

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
	at = skip_leading_options(argc, argv);
	if (at == argc || argv[at][0] == '-')
		return cmd_browse(argc, argv);
	if (strcmp(argv[at], "help") == 0)
		return run_help(argc - at, argv + at);
	cmd = find_command(argv[at]);
	if (cmd)
		return run_command(cmd, at, argc, argv);
	if (!meant_as_path(argv[at]))
		return unknown_command("", argv[at]);
	return cmd_browse(argc, argv);
}
