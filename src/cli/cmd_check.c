/* icsview check: validate a model and report every problem. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include "icsview/cli/cli.h"
#include "icsview/base/diag.h"
#include "icsview/base/limits.h"
#include "icsview/loader/loader.h"
#include "icsview/base/model_files.h"

static const char check_usage[] =
	"usage: icsview check [OPTION]... [PATH]...\n"
	"Load the model made of PATHs (YAML files or directories; default: the bundled\n"
	"data) and report every problem as FILE:LINE:COL: error: MESSAGE.\n"
	"\n"
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
		fprintf(stderr, "icsview: check: invalid value '%s' for --%s\n", value, name);
		return -1;
	}
	return 0;
}

int cmd_check(int argc, char **argv)
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
		{ NULL, 0, NULL, 0 },
	};
	struct load_limits limits;
	struct diag_list diags;
	struct load_summary summary;
	const char *default_path[1];
	bool quiet = false;
	int opt, rc = 0;

	load_limits_default(&limits);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "qh", options, NULL)) != -1) {
		switch (opt) {
		case 'q': quiet = true; break;
		case 'h': fputs(check_usage, stdout); return EXIT_OK;
		case OPT_MAX_FILE_SIZE: rc |= set_limit("max-file-size", optarg, &limits.max_file_size); break;
		case OPT_MAX_DEPTH: rc |= set_limit("max-depth", optarg, &limits.max_depth); break;
		case OPT_MAX_SCALAR: rc |= set_limit("max-scalar", optarg, &limits.max_scalar); break;
		case OPT_MAX_ALIASES: rc |= set_limit("max-aliases", optarg, &limits.max_alias_nodes); break;
		case OPT_MAX_ALIAS_BYTES:
			rc |= set_limit("max-alias-bytes", optarg, &limits.max_alias_bytes);
			break;
		case OPT_MAX_ANCHOR_BYTES:
			rc |= set_limit("max-anchor-bytes", optarg, &limits.max_anchor_bytes);
			break;
		case OPT_MAX_ENTITIES: rc |= set_limit("max-entities", optarg, &limits.max_entities); break;
		case OPT_MAX_ERRORS: rc |= set_limit("max-errors", optarg, &limits.max_errors); break;
		default: rc = -1; break;
		}
	}
	if (rc != 0) {
		fputs("Try 'icsview check --help'.\n", stderr);
		return EXIT_USAGE;
	}
	diag_init(&diags, limits.max_errors);
	if (optind == argc) {
		default_path[0] = model_default_path();
		rc = model_load(default_path, 1, NULL, &limits, &diags, &summary);
	} else {
		rc = model_load((const char *const *)argv + optind, (size_t)(argc - optind), NULL,
		                &limits, &diags, &summary);
	}
	diag_sort(&diags);
	diag_print(&diags, stderr);
	diag_free(&diags);
	if (rc == LOAD_FAILED)
		return EXIT_IO;
	if (rc == LOAD_INVALID)
		return EXIT_INVALID;
	if (!quiet)
		printf("%zu entities, %zu links, %zu sources in %zu file%s\n", summary.entities,
		       summary.links, summary.sources, summary.files, summary.files == 1 ? "" : "s");
	return EXIT_OK;
}
