/* icsview review list|export|history: the review (notes, flags, reviewed
 * marks) of a model from the command line, in the formats of
 * review_export.h, and its history (review_history.h).  The notes file is
 * only read: these commands never create or change it. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "icsview/cli/cli.h"
#include "icsview/cli/cli_model.h"
#include "icsview/cli/cli_notes.h"
#include "icsview/cli/cli_options.h"
#include "icsview/base/output.h"
#include "icsview/query/review.h"
#include "icsview/query/review_export.h"
#include "icsview/query/review_history.h"

static const char review_usage[] =
	"usage: icsview review list [-m PATH]... [--notes FILE] [-F FORMAT] [--filter EXPR] [ID]\n"
	"       icsview review export [-m PATH]... [--notes FILE] [-F FORMAT] [-o FILE]\n"
	"                             [--filter EXPR] [ID]\n"
	"       icsview review history [-m PATH]... [--notes FILE] [--json] [ID]\n"
	"The review of a model: every entity with a note, a flag or a reviewed mark,\n"
	"in tree order, with its place in the tree, sources and last change; then\n"
	"the orphaned notes (their entity is no longer in the model).  With ID or\n"
	"a filter, only the entities under ID (and ID) that match it, no orphans.\n"
	"history: every change to a note, flag or reviewed mark (when, who, which\n"
	"entity, what; the value before and after), newest first; with ID only\n"
	"that entity's.\n"
	"\n"
	"  -m, --model PATH     the model (repeatable; default: the bundled data)\n"
	"      --notes FILE     the notes file (default: $XDG_DATA_HOME/icsview/notes.db)\n"
	"  -F, --format FORMAT  text (list's default), md (export's default), csv or json\n"
	"  -o, --output FILE    write to FILE (replaced whole, never half-written); the\n"
	"                       format follows its extension (.md, .csv, .json, .txt)\n"
	"      --filter EXPR    only the entities that match EXPR (flag:concern,\n"
	"                       reviewed:no, kind:board ...: see icsview(1), FILTERS)\n"
	"      --json           history as JSON\n"
	"\n"
	"Exit status: 0, 2 usage error, 4 a file could not be read or written.\n";

enum { OPT_FILTER = 256, OPT_JSON };

struct review_options {
	struct cli_globals globals;   /* -m, --notes and the other global options */
	const char *output;
	const char *filter;           /* --filter, or NULL */
	const char *under;            /* the ID to scope by, or NULL */
	enum review_format format;
	bool format_given;
	bool export;
	bool history;
	bool json;                    /* history --json */
};

/* A value typed on the command line, as an error message may show it. */
static char *escaped(const char *value)
{
	struct strbuf sb = STRBUF_INIT;

	sb_text_line(&sb, value);
	return sb_detach(&sb);
}

static int parse_options(int argc, char **argv, struct review_options *opts)
{
	static const struct option options[] = {
		{ "format", required_argument, NULL, 'F' },
		{ "output", required_argument, NULL, 'o' },
		/* no -f: `review list -f json` must not read as a format */
		{ "filter", required_argument, NULL, OPT_FILTER },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "help", no_argument, NULL, 'h' },
		CLI_GLOBAL_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	int opt, rc;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":m:F:o:h", options, NULL)) != -1) {
		switch (opt) {
		case 'o': opts->output = optarg; break;
		case OPT_FILTER: opts->filter = optarg; break;
		case OPT_JSON: opts->json = true; break;
		case 'F':
			if (!review_format_parse(optarg, &opts->format)) {
				char *shown = escaped(optarg);
				fprintf(stderr, "icsview: review: --format takes text, md, csv or json, not '%s'\n",
				        shown);
				free(shown);
				return EXIT_USAGE;
			}
			opts->format_given = true;
			break;
		case 'h': fputs(review_usage, stdout); return -1;
		default:
			if ((rc = cli_other_option("review", opt, argv, &opts->globals)) >= 0)
				return rc;
			break;
		}
	}
	if (argc - optind < 1 || argc - optind > 2 || (strcmp(argv[optind], "list") != 0 &&
	                                               strcmp(argv[optind], "export") != 0 &&
	                                               strcmp(argv[optind], "history") != 0)) {
		fputs("icsview: review: say 'list', 'export' or 'history' (try 'icsview review --help')\n",
		      stderr);
		return EXIT_USAGE;
	}
	opts->export = strcmp(argv[optind], "export") == 0;
	opts->history = strcmp(argv[optind], "history") == 0;
	opts->under = argc - optind == 2 ? argv[optind + 1] : NULL;
	if (opts->history && (opts->output || opts->filter || opts->format_given)) {
		fputs("icsview: review: history takes no -o, --format or --filter (--json for JSON)\n",
		      stderr);
		return EXIT_USAGE;
	}
	if (opts->json && !opts->history) {
		fputs("icsview: review: --json is for 'review history' (list and export: -F json)\n",
		      stderr);
		return EXIT_USAGE;
	}
	if (opts->output && !opts->export) {
		fputs("icsview: review: -o is for 'review export'\n", stderr);
		return EXIT_USAGE;
	}
	if (!opts->format_given) {
		opts->format = opts->export ? REVIEW_MD : REVIEW_TEXT;
		if (opts->output && !review_format_of_path(opts->output, &opts->format)) {
			/* a guess could write Markdown into someone's spreadsheet */
			char *shown = escaped(opts->output);
			fprintf(stderr, "icsview: review: cannot tell the format of '%s' by its name"
			        " (.md, .csv, .json, .txt): give --format\n", shown);
			free(shown);
			return EXIT_USAGE;
		}
	}
	return EXIT_OK;
}

/* The scope asked for, in words for the Markdown's head (caller frees),
 * NULL for none. */
static char *scope_words(const struct review_options *o, const struct entity *under)
{
	struct strbuf sb = STRBUF_INIT;

	if (under->eid)
		sb_printf(&sb, "under %s (%s)", under->name, under->id);
	if (o->filter)
		sb_printf(&sb, "%sfilter: %s", under->eid ? "; " : "", o->filter);
	if (sb.len)
		return sb_detach(&sb);
	sb_free(&sb);
	return NULL;
}

/* Writes the review (to -o's file or stdout): an exit status. */
static int write_review(struct store *st, struct notes *notes, const struct review_options *o,
                        const struct review_export_options *xo)
{
	char *error = NULL;
	int rc;

	if (o->output) {
		rc = review_export_file(st, notes, xo, o->output, &error) == STORE_OK ? EXIT_OK : EXIT_IO;
	} else {
		struct out out;
		out_init(&out, stdout);
		rc = review_export(st, notes, xo, &out, &error) == STORE_OK && out_finish(&out) ? EXIT_OK
		                                                                                : EXIT_IO;
	}
	if (error)
		fprintf(stderr, "icsview: review: %s\n", error);
	free(error);
	return rc;
}

/* Scopes the review by ID and the filter (whose flag:, has:note and
 * reviewed: terms read the review's marks: `marks` opened first), then
 * writes it. */
static int scoped_review(struct store *st, struct notes *notes, const struct review_options *o)
{
	struct review marks = { 0 };
	struct entity under = { 0 };
	struct review_export_options xo = {
		.format = o->format,
		.path_separator = locale_is_utf8() ? " › " : " > ",
		.filtered = o->filter != NULL,
	};
	int rc = EXIT_OK;

	if (o->filter && review_open(&marks, st, notes) != STORE_OK) {
		fprintf(stderr, "icsview: review: %s\n", review_errmsg(&marks));
		rc = EXIT_IO;
	}
	if (rc == EXIT_OK && o->under)
		rc = cli_find_entity(st, o->under, &under);
	if (rc == EXIT_OK && o->filter)
		rc = cli_apply_filter(st, "review", o->filter);
	if (rc == EXIT_OK) {
		char *scope = scope_words(o, &under);
		xo.root = under.eid;
		xo.scope = scope;
		rc = write_review(st, notes, o, &xo);
		free(scope);
	}
	entity_clear(&under);
	if (o->filter)
		review_close(&marks);
	return rc;
}

/* Writes the history of the notes (of ID's entity only, when given). */
static int review_history_of(struct store *st, struct notes *notes, const struct review_options *o)
{
	struct review_history history;
	struct entity entity = { 0 };
	struct out out;
	int rc = EXIT_OK;

	if (o->under)
		rc = cli_find_entity(st, o->under, &entity);
	if (rc != EXIT_OK)
		return rc;
	if (review_history_read(notes, entity.id, &history) != NOTES_OK) {
		struct strbuf sb = STRBUF_INIT;
		sb_text_line(&sb, notes_errmsg(notes));
		fprintf(stderr, "icsview: review: %s\n", sb_str(&sb));
		sb_free(&sb);
		entity_clear(&entity);
		return EXIT_IO;
	}
	out_init(&out, stdout);
	review_history_write(notes, entity.id, &history, o->json, &out);
	rc = out_finish(&out) ? EXIT_OK : EXIT_IO;
	review_history_clear(&history);
	entity_clear(&entity);
	return rc;
}

static int run_review(struct store *st, const void *options)
{
	const struct review_options *o = options;
	struct notes_status status;
	struct notes *notes = cli_open_notes(o->globals.notes, o->globals.paths.items, o->globals.paths.count, true,
	                                     &status);
	int rc;

	if (!notes) {
		struct strbuf sb = STRBUF_INIT;
		sb_text_line(&sb, status.message ? status.message : "cannot open the notes");
		fprintf(stderr, "icsview: review: %s\n", sb_str(&sb));
		sb_free(&sb);
		notes_status_clear(&status);
		return EXIT_IO;
	}
	rc = o->history ? review_history_of(st, notes, o) : scoped_review(st, notes, o);
	notes_close(notes);
	notes_status_clear(&status);
	return rc;
}

int cmd_review(int argc, char **argv)
{
	struct review_options opts = { 0 };
	int rc = parse_options(argc, argv, &opts);

	if (rc == EXIT_OK)
		rc = cli_run_on_model(&opts.globals.paths, NULL, run_review, &opts);
	cli_globals_free(&opts.globals);
	return rc < 0 ? EXIT_OK : rc;
}
