/* icsview check: validate a model and report every problem.
 *
 * As text, the problems go to stderr, one a line, and a summary line to
 * stdout.  With --json, one object on stdout instead (the problems are
 * the command's data; stderr keeps only what stops the check itself):
 *
 *   {
 *     "version": 1,
 *     "valid": bool,
 *     "entities": int, "links": int, "sources": int, "files": int,
 *     "errors": [{"file": str|null, "line": int|null, "column": int|null,
 *                 "severity": "error", "message": str}],
 *     "errors_not_shown": int           beyond --max-errors
 *   }
 *
 * The counts are of what was read, which for an invalid model may stop
 * short of its end.  "version" changes only when a field changes meaning
 * or goes away. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include "icsview/base/output.h"
#include "icsview/cli/cli.h"
#include "icsview/cli/cli_options.h"
#include "icsview/base/diag.h"
#include "icsview/base/json_writer.h"
#include "icsview/base/limits.h"
#include "icsview/loader/loader.h"
#include "icsview/base/model_files.h"
#include "icsview/base/util.h"

static const char check_usage[] =
	"usage: icsview check [OPTION]... [PATH]...\n"
	"Load the model made of PATHs and -m PATHs (YAML files or directories; default:\n"
	"$ICSVIEW_MODEL, else the bundled data) and report every problem as\n"
	"FILE:LINE:COL: error: MESSAGE.\n"
	"\n"
	"  -m, --model=PATH         a model file or directory (repeatable), as a PATH\n"
	"  -q, --quiet              print no summary line\n"
	"      --json               write the problems and counts as one JSON document\n"
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
	OPT_JSON,
};

/* The shape of check's JSON document (above); a change of meaning bumps it. */
enum { CHECK_JSON_VERSION = 1 };

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
	bool json;
};

/* Returns -1 to go on, else the exit status. */
static int parse_options(int argc, char **argv, struct check_options *opts)
{
	static const struct option options[] = {
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "json", no_argument, NULL, OPT_JSON },
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
		case OPT_JSON: opts->json = true; break;
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

/* 0 (no position) is written as null. */
static void json_key_position(struct json_writer *w, const char *key, unsigned value)
{
	json_key(w, key);
	if (value)
		json_int(w, value);
	else
		json_null(w);
}

static void json_diag(struct json_writer *w, const struct diag *d)
{
	json_begin_object(w);
	json_key_string(w, "file", d->file[0] ? d->file : NULL);
	json_key_position(w, "line", d->line);
	json_key_position(w, "column", d->line ? d->col : 0);
	json_key_string(w, "severity", "error");
	json_key_string(w, "message", d->message);
	json_end_object(w);
}

/* Returns false when stdout could not be written. */
static bool print_json(const struct diag_list *diags, const struct load_summary *summary,
                       bool valid)
{
	struct json_writer w;
	struct out o;

	out_init(&o, stdout);
	json_init(&w, &o, 2);
	json_begin_object(&w);
	json_key_int(&w, "version", CHECK_JSON_VERSION);
	json_key_bool(&w, "valid", valid);
	json_key_int(&w, "entities", (int64_t)summary->entities);
	json_key_int(&w, "links", (int64_t)summary->links);
	json_key_int(&w, "sources", (int64_t)summary->sources);
	json_key_int(&w, "files", (int64_t)summary->files);
	json_key(&w, "errors");
	json_begin_array(&w);
	for (size_t i = 0; i < diags->count; i++)
		json_diag(&w, &diags->items[i]);
	json_end_array(&w);
	json_key_int(&w, "errors_not_shown", (int64_t)diags->dropped);
	json_end_object(&w);
	json_finish(&w);
	json_free(&w);
	return out_finish(&o);
}

static void print_summary(const struct load_summary *summary)
{
	printf("%zu entities, %zu links, %zu sources in %zu file%s\n", summary->entities,
	       summary->links, summary->sources, summary->files, summary->files == 1 ? "" : "s");
}

static int check(const struct check_options *opts)
{
	const char *default_path[1] = { model_default_path() };
	const char *const *paths = opts->globals.paths.items;
	size_t count = opts->globals.paths.count;
	struct diag_list diags;
	struct load_summary summary;
	enum load_result rc;
	int status;

	if (count == 0) {
		paths = default_path;
		count = 1;
	}
	diag_init(&diags, opts->limits.max_errors);
	rc = model_load(paths, count, NULL, &opts->limits, &diags, &summary);
	diag_sort(&diags);
	status = rc == LOAD_FAILED ? EXIT_IO : rc == LOAD_INVALID ? EXIT_INVALID : EXIT_OK;
	/* a check that could not run has no result to write as data */
	if (!opts->json || rc == LOAD_FAILED) {
		diag_print(&diags, stderr);
		if (rc == LOAD_VALID && !opts->quiet)
			print_summary(&summary);
	} else if (!print_json(&diags, &summary, rc == LOAD_VALID)) {
		status = EXIT_IO;
	}
	diag_free(&diags);
	return status;
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
