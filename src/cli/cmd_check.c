/* icsview check: validate a model and report every problem. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include "icsview/base/output.h"
#include "icsview/cli/cli.h"
#include "icsview/cli/cli_options.h"
#include "icsview/base/diag.h"
#include "icsview/base/limits.h"
#include "icsview/loader/loader.h"
#include "icsview/base/model_files.h"
#include "icsview/base/output.h"
#include "icsview/base/util.h"

static const char check_usage[] =
	"usage: icsview check [OPTION]... [PATH]...\n"
	"Load the model made of PATHs and -m PATHs (YAML files or directories; default:\n"
	"$ICSVIEW_MODEL, else the bundled data) and report every problem as\n"
	"FILE:LINE:COL: error: MESSAGE.\n"
	"\n"
	"  -m, --model=PATH         a model file or directory (repeatable), as a PATH\n"
	"  -q, --quiet              print no summary line\n"
	"      --max-file-size=N    refuse files larger than N bytes (K, M, G suffixes)\n"
	"      --max-depth=N        refuse YAML nested deeper than N levels\n"
	"      --max-scalar=N       refuse scalars and lines longer than N bytes\n"
	"      --max-aliases=N      refuse alias expansion beyond N nodes per file\n"
	"      --max-alias-bytes=N  refuse alias expansion beyond N bytes of text per file\n"
	"      --max-anchor-bytes=N refuse anchors holding more than N bytes per file\n"
	"      --max-entities=N     refuse models of more than N entities\n"
	"      --max-errors=N       report at most N problems\n"
	"  -h, --help               show this help\n"
	"\n"
	"Exit status: 0 valid, 1 invalid, 2 usage error, 4 cannot write a scratch database.\n";

enum {
	OPT_MAX_FILE_SIZE = 256, OPT_MAX_DEPTH, OPT_MAX_SCALAR, OPT_MAX_ALIASES,
	OPT_MAX_ALIAS_BYTES, OPT_MAX_ANCHOR_BYTES, OPT_MAX_ENTITIES, OPT_MAX_ERRORS,
};

static int set_limit(const char *name, const char *value, size_t *limit)
{
	if (parse_size(value, limit) != 0 || *limit == 0) {
		struct strbuf sb = STRBUF_INIT;

		sb_puts(&sb, "invalid value '");
		sb_text_line(&sb, value);
		sb_printf(&sb, "' for --%s", name);
		cli_usage_error("check", sb_str(&sb));
		sb_free(&sb);
		return -1;
	}
	return 0;
}

struct check_options {
	struct cli_globals globals;     /* -m PATH: model paths, as operands are */
	struct load_limits limits;
	bool quiet;
};

/* Returns -1 to go on, else the exit status. */
static int parse_options(int argc, char **argv, struct check_options *opts)
{
	static const struct option options[] = {
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "max-file-size", required_argument, NULL, OPT_MAX_FILE_SIZE },
		{ "max-depth", required_argument, NULL, OPT_MAX_DEPTH },
		{ "max-scalar", required_argument, NULL, OPT_MAX_SCALAR },
		{ "max-aliases", required_argument, NULL, OPT_MAX_ALIASES },
		{ "max-alias-bytes", required_argument, NULL, OPT_MAX_ALIAS_BYTES },
		{ "max-anchor-bytes", required_argument, NULL, OPT_MAX_ANCHOR_BYTES },
		{ "max-entities", required_argument, NULL, OPT_MAX_ENTITIES },
		{ "max-errors", required_argument, NULL, OPT_MAX_ERRORS },
		CLI_GLOBAL_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct load_limits *limits = &opts->limits;
	int opt, rc = 0;

	load_limits_default(limits);
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":m:qh", options, NULL)) != -1) {
		switch (opt) {
		case 'q': opts->quiet = true; break;
		case 'h': fputs(check_usage, stdout); return EXIT_OK;
		case OPT_MAX_FILE_SIZE: rc = set_limit("max-file-size", optarg, &limits->max_file_size); break;
		case OPT_MAX_DEPTH: rc = set_limit("max-depth", optarg, &limits->max_depth); break;
		case OPT_MAX_SCALAR: rc = set_limit("max-scalar", optarg, &limits->max_scalar); break;
		case OPT_MAX_ALIASES: rc = set_limit("max-aliases", optarg, &limits->max_alias_nodes); break;
		case OPT_MAX_ALIAS_BYTES:
			rc = set_limit("max-alias-bytes", optarg, &limits->max_alias_bytes);
			break;
		case OPT_MAX_ANCHOR_BYTES:
			rc = set_limit("max-anchor-bytes", optarg, &limits->max_anchor_bytes);
			break;
		case OPT_MAX_ENTITIES: rc = set_limit("max-entities", optarg, &limits->max_entities); break;
		case OPT_MAX_ERRORS: rc = set_limit("max-errors", optarg, &limits->max_errors); break;
		default: rc = cli_other_option("check", opt, argv, &opts->globals) < 0 ? 0 : -1; break;
		}
		if (rc != 0)
			return EXIT_USAGE;
	}
	for (int i = optind; i < argc; i++)
		cli_paths_add(&opts->globals.paths, argv[i]);
	return -1;
}

static int check(const struct check_options *opts)
{
	const char *default_path[1] = { model_default_path() };
	const char *const *paths = opts->globals.paths.items;
	size_t count = opts->globals.paths.count;
	struct diag_list diags;
	struct load_summary summary;
	int rc;

	if (count == 0) {
		paths = default_path;
		count = 1;
	}
	diag_init(&diags, opts->limits.max_errors);
	rc = model_load(paths, count, NULL, &opts->limits, &diags, &summary);
	diag_sort(&diags);
	diag_print(&diags, stderr);
	diag_free(&diags);
	if (rc == LOAD_FAILED)
		return EXIT_IO;
	if (rc == LOAD_INVALID)
		return EXIT_INVALID;
	if (!opts->quiet)
		printf("%zu entities, %zu links, %zu sources in %zu file%s\n", summary.entities,
		       summary.links, summary.sources, summary.files, summary.files == 1 ? "" : "s");
	return EXIT_OK;
}

int cmd_check(int argc, char **argv)
{
	struct check_options opts = { 0 };
	int rc = parse_options(argc, argv, &opts);

	if (rc < 0)
		rc = check(&opts);
	cli_globals_free(&opts.globals);
	return rc;
}
