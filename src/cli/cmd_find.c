/* icsview find QUERY: the interface's search, one result a line.
 *
 * Text: `id<TAB>kind<TAB>name<TAB>path`, the path being the ancestors'
 * names joined by " › " (" > " outside UTF-8 locales); control characters
 * shown escaped.
 * JSON: {"query": Q, "results": [{"id", "kind", "name", "path": [names…],
 *        "matched": "id"|"name"|"code"|"fact"|"text"}, …]}
 * Exit status: 0 with results, 1 with none. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "icsview/cli/cli.h"
#include "icsview/cli/cli_model.h"
#include "icsview/cli/cli_options.h"
#include "icsview/base/json_writer.h"
#include "icsview/base/output.h"
#include "icsview/query/search.h"

static const char find_usage[] =
	"usage: icsview find [-m PATH]... [--kind KIND] [--limit N] [--json] QUERY\n"
	"Search names, codes, facts and prose; the best matches first: an exact\n"
	"name or code, then names that start with QUERY, then the rest.\n"
	"Every word must match, as a prefix; \"a phrase\" matches as a phrase.\n"
	"\n"
	"  -m, --model PATH  the model (repeatable; default: the bundled data)\n"
	"  -k, --kind KIND   only entities of this kind\n"
	"  -n, --limit N     at most N results (default 20)\n"
	"      --json        one JSON document\n"
	"\n"
	"Exit status: 0 results found, 1 none, 2 usage error.\n";

enum { OPT_JSON = 256 };

struct find_options {
	struct cli_globals globals;   /* -m and the other global options */
	const char *kind;
	size_t limit;
	bool json;
	const char *query;
};

static int parse_options(int argc, char **argv, struct find_options *opts)
{
	static const struct option options[] = {
		{ "kind", required_argument, NULL, 'k' },
		{ "limit", required_argument, NULL, 'n' },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "help", no_argument, NULL, 'h' },
		CLI_GLOBAL_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	int opt, rc;
	char *end;

	optind = 1;
	opterr = 0;
	opts->limit = 20;
	while ((opt = getopt_long(argc, argv, ":m:k:n:h", options, NULL)) != -1) {
		switch (opt) {
		case 'k': opts->kind = optarg; break;
		case 'n':
			opts->limit = (size_t)strtoul(optarg, &end, 10);
			if (*end || opts->limit == 0 || opts->limit > 10000) {
				struct strbuf shown = STRBUF_INIT;

				sb_text_line(&shown, optarg);
				fprintf(stderr, "icsview: find: --limit takes a number from 1 to 10000, not '%s'\n",
				        sb_str(&shown));
				sb_free(&shown);
				return EXIT_USAGE;
			}
			break;
		case OPT_JSON: opts->json = true; break;
		case 'h': fputs(find_usage, stdout); return EXIT_OK;
		default:
			if ((rc = cli_other_option("find", opt, argv, &opts->globals)) >= 0)
				return rc;
			break;
		}
	}
	if (argc - optind != 1) {
		fprintf(stderr, "icsview: find: %s (try 'icsview find --help')\n",
		        argc - optind > 1 ? "one query at a time: quote it" : "what should I find?");
		return EXIT_USAGE;
	}
	opts->query = argv[optind];
	return -1;
}

static void print_text(struct out *o, const struct search_results *r)
{
	for (size_t i = 0; i < r->count && !out_failed(o); i++) {
		const struct search_hit *hit = &r->items[i];
		out_text_line(o, hit->id);
		out_putc(o, '\t');
		out_text_line(o, hit->kind);
		out_putc(o, '\t');
		out_text_line(o, hit->name);
		out_putc(o, '\t');
		out_text_line(o, hit->path);
		out_putc(o, '\n');
	}
}

/* The path as a list: the text form is split again on its separator. */
static void print_json(struct out *o, const char *query, const struct search_results *r)
{
	static const char separator[] = "\x1f";
	struct json_writer w;

	json_init(&w, o, 2);
	json_begin_object(&w);
	json_key_string(&w, "query", query);
	json_key(&w, "results");
	json_begin_array(&w);
	for (size_t i = 0; i < r->count; i++) {
		const struct search_hit *hit = &r->items[i];
		const char *p = hit->path;

		json_begin_object(&w);
		json_key_string(&w, "id", hit->id);
		json_key_string(&w, "kind", hit->kind);
		json_key_string(&w, "name", hit->name);
		json_key(&w, "path");
		json_begin_array(&w);
		while (*p) {
			size_t n = strcspn(p, separator);
			json_string_n(&w, p, n);
			p += n;
			if (*p)
				p++;
		}
		json_end_array(&w);
		json_key_string(&w, "matched", search_field_name(hit->field));
		json_end_object(&w);
	}
	json_end_array(&w);
	json_end_object(&w);
	json_finish(&w);
	json_free(&w);
}

/* A cli_model_fn: `options` is the command's struct find_options. */
static int find(struct store *st, const void *options)
{
	const struct find_options *opts = options;
	struct search_options search = {
		.limit = opts->limit, .kind = opts->kind,
		/* JSON splits the path on a separator no name holds */
		.path_separator = opts->json ? "\x1f" : locale_is_utf8() ? " › " : " > ",
	};
	struct search_results r = { 0 };
	struct out o;
	int rc;

	if (search_run(st, opts->query, &search, &r) != STORE_OK) {
		fprintf(stderr, "icsview: find: %s\n", store_errmsg(st));
		search_results_clear(&r);
		return EXIT_IO;
	}
	out_init(&o, stdout);
	if (opts->json)
		print_json(&o, opts->query, &r);
	else
		print_text(&o, &r);
	rc = out_finish(&o) ? EXIT_OK : EXIT_IO;
	if (rc == EXIT_OK && r.count == 0)
		rc = EXIT_INVALID;
	search_results_clear(&r);
	return rc;
}

int cmd_find(int argc, char **argv)
{
	struct find_options opts = { 0 };
	int rc = parse_options(argc, argv, &opts);

	if (rc < 0)
		rc = cli_run_on_model(&opts.globals.paths, NULL, find, &opts);
	cli_globals_free(&opts.globals);
	return rc;
}
