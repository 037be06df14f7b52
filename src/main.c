/* icsview: explore England's integrated care systems. */
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include "config.h"
#include "icsview/cli.h"
#include "icsview/cli_model.h"

static const char main_usage[] =
	"usage: icsview [-m PATH]... [--ascii] [--color=WHEN] [PATH]...\n"
	"       icsview COMMAND [OPTION]... [ARG]...\n"
	"Explore the structure of England's integrated care systems: systems, places,\n"
	"organisations, boards and the links between them.\n"
	"\n"
	"Commands:\n"
	"  check [PATH]...   validate a model; report every problem with its position\n"
	"  show ID|CODE|NAME show one entity in full (-m PATH for the model, --json)\n"
	"  tree [ID]         draw the outline under an entity, or the roots (--depth N)\n"
	"  find QUERY        search names, codes, facts and prose (--kind K, --json)\n"
	"\n"
	"With no command, icsview opens its interface on the model: a tree of systems,\n"
	"places, organisations and boards beside the detail of the selection (? lists\n"
	"the keys).\n"
	"\n"
	"Options:\n"
	"  -m, --model PATH  a model file or directory (repeatable)\n"
	"      --ascii       ASCII markers and lines, whatever the locale\n"
	"      --color=WHEN  auto (the default; NO_COLOR turns it off), always, never\n"
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
};

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		fputs(main_usage, stdout);
		return EXIT_OK;
	}
	if (argc >= 2 && (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0)) {
		printf("icsview %s\n", ICSVIEW_VERSION);
		return EXIT_OK;
	}
	if (argc >= 2) {
		for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
			if (strcmp(argv[1], commands[i].name) == 0)
				return commands[i].run(argc - 1, argv + 1);
	}
	return cmd_browse(argc, argv);
}
