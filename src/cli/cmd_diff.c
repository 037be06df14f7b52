/* icsview diff OLD NEW: what changed between two models (diff.h): the
 * counts, then the changes grouped by kind, as text, Markdown or JSON
 * (its schema in icsview(1)).  Both models are opened through the model
 * cache, as every command opens one, and their comparison is kept in its
 * diff cache (diff_cache.h): a second diff of them, filtered or not, reads
 * it instead of both models.
 * Exit status, as diff(1)'s: 0 the same, 1 different, 2 usage error; a
 * model that cannot be loaded keeps its own (1 invalid, 4 unreadable). */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "icsview/cli/cli.h"
#include "icsview/cli/cli_model.h"
#include "icsview/cli/cli_options.h"
#include "icsview/base/output.h"
#include "icsview/loader/diff_cache.h"
#include "icsview/query/diff.h"
#include "icsview/query/filter.h"

static const char diff_usage[] =
	"usage: icsview diff [OPTION]... OLD NEW\n"
	"       icsview diff [OPTION]... --old PATH... --new PATH...\n"
	"What changed between two models: entities added, removed, replaced (a new\n"
	"entity that is the successor_of an old one), renamed, moved, of another kind\n"
	"or type, with other facts, links or sources.  Entities are matched by id.\n"
	"\n"
	"      --old PATH       a file or directory of the old model (repeatable)\n"
	"      --new PATH       a file or directory of the new model (repeatable)\n"
	"  -f, --filter EXPR    only the entities that match EXPR in either model\n"
	"  -F, --format=FORMAT  text (the default), md or json\n"
	"      --json           the same as --format=json\n"
	"\n"
	"Exit status: 0 the models are the same, 1 they differ (or a model is\n"
	"invalid), 2 usage error, 4 a model could not be read.\n";

enum { OPT_JSON = 256, OPT_OLD, OPT_NEW };

struct diff_cli {
	struct cli_globals globals;
	struct cli_paths old_paths, new_paths;
	const char *filter;
	enum diff_format format;
};

static int parse_format(const char *text, enum diff_format *out)
{
	struct strbuf sb = STRBUF_INIT;

	if (strcmp(text, "text") == 0)
		*out = DIFF_TEXT;
	else if (strcmp(text, "md") == 0 || strcmp(text, "markdown") == 0)
		*out = DIFF_MARKDOWN;
	else if (strcmp(text, "json") == 0)
		*out = DIFF_JSON;
	else {
		sb_text_line(&sb, text);
		fprintf(stderr, "icsview: diff: unknown format '%s': text, md or json\n", sb_str(&sb));
		sb_free(&sb);
		return EXIT_USAGE;
	}
	return -1;
}

/* OLD and NEW given as arguments fill the sides not given by option. */
static int take_arguments(int argc, char **argv, struct diff_cli *d)
{
	if (d->globals.paths.count)
		return cli_usage_error("diff", "name the models with OLD NEW or --old and --new, "
		                       "not -m");
	if (d->old_paths.count == 0 && optind < argc)
		cli_paths_add(&d->old_paths, argv[optind++]);
	if (d->new_paths.count == 0 && optind < argc)
		cli_paths_add(&d->new_paths, argv[optind++]);
	if (optind < argc)
		return cli_usage_error("diff", "two models: OLD and NEW");
	if (d->old_paths.count == 0 || d->new_paths.count == 0)
		return cli_usage_error("diff", "which models? give OLD and NEW");
	return -1;
}

static int parse_options(int argc, char **argv, struct diff_cli *d)
{
	static const struct option options[] = {
		{ "old", required_argument, NULL, OPT_OLD },
		{ "new", required_argument, NULL, OPT_NEW },
		{ "filter", required_argument, NULL, 'f' },
		{ "format", required_argument, NULL, 'F' },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "help", no_argument, NULL, 'h' },
		CLI_GLOBAL_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	int opt, rc;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":m:f:F:h", options, NULL)) != -1) {
		switch (opt) {
		case OPT_OLD: cli_paths_add(&d->old_paths, optarg); break;
		case OPT_NEW: cli_paths_add(&d->new_paths, optarg); break;
		case 'f': d->filter = optarg; break;
		case 'F':
			if ((rc = parse_format(optarg, &d->format)) >= 0)
				return rc;
			break;
		case OPT_JSON: d->format = DIFF_JSON; break;
		case 'h': fputs(diff_usage, stdout); return EXIT_OK;
		default:
			if ((rc = cli_other_option("diff", opt, argv, &d->globals)) >= 0)
				return rc;
			break;
		}
	}
	return take_arguments(argc, argv, d);
}

static int write_result(const struct diff_result *r, const struct diff_cli *d)
{
	bool utf8 = !d->globals.ascii && locale_is_utf8();
	struct diff_write_options opts = {
		.format = d->format,
		.path_separator = utf8 ? " › " : " > ",
		.arrow = utf8 ? "→" : "->",
		.dash = utf8 ? "—" : "-",
	};
	struct out o;

	out_init(&o, stdout);
	diff_write(&o, r, &opts);
	if (!out_finish(&o))
		return EXIT_IO;
	return diff_result_empty(r) ? EXIT_OK : EXIT_DIFFERENT;
}

static int report(enum diff_status status, const struct diff_result *r, struct cli_model *old_m,
                  struct cli_model *new_m)
{
	struct strbuf sb = STRBUF_INIT;

	sb_text_line(&sb, r->error ? r->error : "");
	if (status == DIFF_BAD_FILTER) {
		fprintf(stderr, "icsview: diff: filter: %s (at column %zu)\n", sb_str(&sb),
		        r->error_position + 1);
		sb_free(&sb);
		return EXIT_USAGE;
	}
	fprintf(stderr, "icsview: diff: %s\n", sb_str(&sb));
	sb_free(&sb);
	cli_discard_damaged(old_m);
	cli_discard_damaged(new_m);
	return EXIT_IO;
}

static int run(const struct diff_cli *d, struct filter *f)
{
	struct cli_model old_m = { 0 }, new_m = { 0 };
	struct diff_keeper keeper = { .read = diff_cache_read, .write = diff_cache_write };
	struct diff_options opts = { .filter = f };
	struct diff_result r = { 0 };
	struct diff_cache *cache;
	enum diff_status status;
	int rc;

	out_ignore_sigpipe();
	rc = cli_open_model(d->old_paths.items, d->old_paths.count, &old_m);
	if (rc != EXIT_OK)
		return rc;
	rc = cli_open_model(d->new_paths.items, d->new_paths.count, &new_m);
	if (rc != EXIT_OK) {
		cli_close_model(&old_m);
		return rc;
	}
	cache = diff_cache_open(old_m.store, new_m.store);
	keeper.ctx = cache;
	opts.keeper = cache ? &keeper : NULL;
	status = diff_run(old_m.store, new_m.store, &opts, &r);
	diff_cache_close(cache);
	rc = status == DIFF_OK ? write_result(&r, d) : report(status, &r, &old_m, &new_m);
	diff_result_clear(&r);
	cli_close_model(&old_m);
	cli_close_model(&new_m);
	return rc;
}

int cmd_diff(int argc, char **argv)
{
	struct diff_cli d = { .format = DIFF_TEXT };
	struct filter_error error;
	struct filter *f = NULL;
	int rc = parse_options(argc, argv, &d);

	if (rc < 0 && d.filter && !(f = filter_parse(d.filter, &error))) {
		fprintf(stderr, "icsview: diff: filter: %s (at column %zu)\n", error.message,
		        error.position + 1);
		rc = EXIT_USAGE;
	}
	if (rc < 0)
		rc = run(&d, f);
	filter_free(f);
	cli_paths_free(&d.old_paths);
	cli_paths_free(&d.new_paths);
	cli_globals_free(&d.globals);
	return rc;
}
