/* The global options, and usage errors: see cli_options.h. */
#include <stdio.h>
#include <string.h>
#include "icsview/cli/cli.h"
#include "icsview/cli/cli_options.h"
#include "icsview/base/output.h"
#include "icsview/base/util.h"

static bool parse_color(const char *text, enum color_mode *out)
{
	static const struct {
		const char *name;
		enum color_mode mode;
	} modes[] = {
		{ "auto", COLOR_AUTO }, { "always", COLOR_ALWAYS }, { "never", COLOR_NEVER },
	};

	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
		if (strcmp(text, modes[i].name) == 0) {
			*out = modes[i].mode;
			return true;
		}
	return false;
}

enum cli_global cli_global_option(const char *command, int opt, const char *arg,
                                  struct cli_globals *g)
{
	struct strbuf sb = STRBUF_INIT;

	switch (opt) {
	case 'm': cli_paths_add(&g->paths, arg); return CLI_GLOBAL_TAKEN;
	case CLI_OPT_NOTES: g->notes = arg; return CLI_GLOBAL_TAKEN;
	case CLI_OPT_ASCII: g->ascii = true; return CLI_GLOBAL_TAKEN;
	/* the process's one stderr: set once, for whichever command opens a model */
	case CLI_OPT_PROGRESS: cli_progress_force(); return CLI_GLOBAL_TAKEN;
	case CLI_OPT_COLOR:
		if (parse_color(arg, &g->color))
			return CLI_GLOBAL_TAKEN;
		sb_puts(&sb, "--color takes auto, always or never, not '");
		sb_text_line(&sb, arg);
		sb_putc(&sb, '\'');
		cli_usage_error(command, sb_str(&sb));
		sb_free(&sb);
		return CLI_GLOBAL_BAD;
	default:
		return CLI_GLOBAL_NONE;
	}
}

void cli_globals_free(struct cli_globals *g)
{
	cli_paths_free(&g->paths);
}

int cli_usage_error(const char *command, const char *message)
{
	if (*command)
		fprintf(stderr, "icsview: %s: %s (try 'icsview %s --help')\n", command, message,
		        command);
	else
		fprintf(stderr, "icsview: %s (try 'icsview --help')\n", message);
	return EXIT_USAGE;
}

int cli_option_error(const char *command, int opt, char *const *argv)
{
	struct strbuf name = STRBUF_INIT, message = STRBUF_INIT;
	const char *arg = argv[optind - 1], *problem = "unknown option";
	bool is_long = strncmp(arg, "--", 2) == 0;

	/* a short option is named by optopt, a long one only by its argument */
	if (optopt > 32 && optopt < 127 && !is_long)
		sb_printf(&name, "-%c", optopt);
	else
		sb_text_line(&name, arg);
	if (opt == ':')
		problem = "missing value for option";
	else if (optopt != 0 && is_long && strchr(arg, '='))
		problem = "no value allowed for option";
	sb_printf(&message, "%s '%s'", problem, sb_str(&name));
	cli_usage_error(command, sb_str(&message));
	sb_free(&name);
	sb_free(&message);
	return EXIT_USAGE;
}

int cli_other_option(const char *command, int opt, char *const *argv, struct cli_globals *g)
{
	switch (cli_global_option(command, opt, optarg, g)) {
	case CLI_GLOBAL_TAKEN: return -1;
	case CLI_GLOBAL_BAD: return EXIT_USAGE;
	case CLI_GLOBAL_NONE: break;
	}
	return cli_option_error(command, opt, argv);
}

enum { ENTITY_OPT_JSON = 256, ENTITY_OPT_REBUILD };

/* Returns -1 to go on, else the exit status. */
static int parse_entity_options(const char *command, const char *usage, int argc, char **argv,
                                struct cli_entity_options *opts)
{
	static const struct option options[] = {
		{ "json", no_argument, NULL, ENTITY_OPT_JSON },
		{ "rebuild", no_argument, NULL, ENTITY_OPT_REBUILD },
		{ "help", no_argument, NULL, 'h' },
		CLI_GLOBAL_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	int opt, rc;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":m:h", options, NULL)) != -1) {
		switch (opt) {
		case ENTITY_OPT_JSON: opts->json = true; break;
		case ENTITY_OPT_REBUILD: opts->model.rebuild = true; break;
		case 'h': fputs(usage, stdout); return EXIT_OK;
		default:
			if ((rc = cli_other_option(command, opt, argv, &opts->globals)) >= 0)
				return rc;
			break;
		}
	}
	if (argc - optind != 1 || argv[optind][0] == '\0') {
		fprintf(stderr, "icsview: %s: %s (try 'icsview %s --help')\n", command,
		        argc - optind > 1 ? "one entity at a time" : "which entity? give an id, code or name",
		        command);
		return EXIT_USAGE;
	}
	opts->query = argv[optind];
	return -1;
}

int cli_entity_command(const char *command, const char *usage, int argc, char **argv,
                       cli_model_fn fn)
{
	struct cli_entity_options opts = { 0 };
	int rc = parse_entity_options(command, usage, argc, argv, &opts);

	if (rc < 0)
		rc = cli_run_on_model(&opts.globals.paths, &opts.model, fn, &opts);
	cli_globals_free(&opts.globals);
	return rc;
}
