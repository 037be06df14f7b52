/* icsview review list|export|history|import: the review (notes, flags,
 * reviewed marks) of a model from the command line, in the formats of
 * review_export.h, its history (review_history.h), and another's review
 * merged in (review_import.h).  Only import writes to the notes file; the
 * others only read it and never create it. */
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
#include "icsview/query/review_import.h"

static const char review_usage[] =
	"usage: icsview review list [-m PATH]... [--notes FILE] [-F FORMAT] [--filter EXPR] [ID]\n"
	"       icsview review export [-m PATH]... [--notes FILE] [-F FORMAT] [-o FILE]\n"
	"                             [--filter EXPR] [ID]\n"
	"       icsview review history [-m PATH]... [--notes FILE] [--json] [ID]\n"
	"       icsview review import [-m PATH]... [--notes FILE] [--dry-run] FILE.json\n"
	"The review of a model: every entity with a note, a flag or a reviewed mark,\n"
	"in tree order, with its place in the tree, sources and last change; then\n"
	"the orphaned notes (their entity is no longer in the model).  With ID or\n"
	"a filter, only the entities under ID (and ID) that match it, no orphans.\n"
	"history: every change to a note, flag or reviewed mark (when, who, which\n"
	"entity, what; the value before and after), newest first; with ID only\n"
	"that entity's.\n"
	"import: merges a review written by 'review export --format json' on the same\n"
	"model elsewhere: new notes added, a different note kept beside ours as a\n"
	"conflict to resolve in the interface (e on it), flags and reviewed marks by\n"
	"latest change; importing twice changes nothing (icsview-review(5)).\n"
	"\n"
	"  -m, --model PATH     the model (repeatable; default: the bundled data)\n"
	"      --notes FILE     the notes file (default: $XDG_DATA_HOME/icsview/notes.db)\n"
	"  -F, --format FORMAT  text (list's default), md (export's default), csv or json\n"
	"  -o, --output FILE    write to FILE (replaced whole, never half-written); the\n"
	"                       format follows its extension (.md, .csv, .json, .txt)\n"
	"      --filter EXPR    only the entities that match EXPR (flag:concern,\n"
	"                       reviewed:no, kind:board ...: see icsview(1), FILTERS)\n"
	"      --json           history as JSON\n"
	"      --dry-run        import: say what would change, change nothing\n"
	"\n"
	"Exit status: 0, 1 the file to import was refused (not such an export, another\n"
	"model's, damaged), 2 usage error, 4 a file could not be read or written.\n";

enum { OPT_FILTER = 256, OPT_JSON, OPT_DRY_RUN };

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
	bool import;
	bool dry_run;                 /* import --dry-run */
};

/* A value typed on the command line, as an error message may show it. */
static char *escaped(const char *value)
{
	struct strbuf sb = STRBUF_INIT;

	sb_text_line(&sb, value);
	return sb_detach(&sb);
}

/* import FILE takes no option of the others. */
static int check_import_options(const struct review_options *opts)
{
	if (!opts->under) {
		fputs("icsview: review: import needs the file to import (review import FILE.json)\n",
		      stderr);
		return EXIT_USAGE;
	}
	if (opts->output || opts->filter || opts->format_given || opts->json) {
		fputs("icsview: review: import takes no -o, --format, --filter or --json\n", stderr);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

static int parse_options(int argc, char **argv, struct review_options *opts)
{
	static const struct option options[] = {
		{ "format", required_argument, NULL, 'F' },
		{ "output", required_argument, NULL, 'o' },
		/* no -f: `review list -f json` must not read as a format */
		{ "filter", required_argument, NULL, OPT_FILTER },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
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
		case OPT_DRY_RUN: opts->dry_run = true; break;
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
	                                               strcmp(argv[optind], "history") != 0 &&
	                                               strcmp(argv[optind], "import") != 0)) {
		fputs("icsview: review: say 'list', 'export', 'history' or 'import' (try 'icsview review"
		      " --help')\n", stderr);
		return EXIT_USAGE;
	}
	opts->export = strcmp(argv[optind], "export") == 0;
	opts->history = strcmp(argv[optind], "history") == 0;
	opts->import = strcmp(argv[optind], "import") == 0;
	opts->under = argc - optind == 2 ? argv[optind + 1] : NULL;
	if (opts->import)
		return check_import_options(opts);
	if (opts->dry_run) {
		fputs("icsview: review: --dry-run is for 'review import'\n", stderr);
		return EXIT_USAGE;
	}
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

/* A value of a step as one line: a text's first line, cut short. */
#define SHOWN_TEXT_MAX 48
static void write_value(struct out *out, enum note_import_field field, const char *value)
{
	size_t n = strcspn(value, "\n");
	bool cut = value[n] != '\0' || n > SHOWN_TEXT_MAX;

	if (field != IMPORT_TEXT) {
		out_text_line(out, value);
		return;
	}
	if (n > SHOWN_TEXT_MAX) {
		n = SHOWN_TEXT_MAX;
		while (n && ((unsigned char)value[n] & 0xc0) == 0x80)
			n--;   /* not inside a character */
	}
	out_putc(out, '"');
	out_text(out, value, n);
	out_puts(out, cut ? "...\"" : "\"");
}

static void write_step(struct out *out, const struct review_import *im,
                       const struct note_import_step *s)
{
	static const char *const fields[] = { "note", "flag", "reviewed" };

	out_puts(out, "  ");
	out_text_line(out, im->ids[s->entry]);
	out_printf(out, "  %s ", fields[s->field]);
	switch (s->action) {
	case IMPORT_ADD:
		out_puts(out, "added: ");
		write_value(out, s->field, s->theirs);
		break;
	case IMPORT_CONFLICT:
		out_puts(out, "in conflict: theirs ");
		write_value(out, s->field, s->theirs);
		out_puts(out, " kept beside ours");
		break;
	case IMPORT_TAKE:
		write_value(out, s->field, s->ours);
		out_puts(out, " -> ");
		write_value(out, s->field, s->theirs);
		out_puts(out, " (theirs is later)");
		break;
	case IMPORT_KEEP:
		write_value(out, s->field, s->ours);
		out_puts(out, " kept (ours is later; theirs, ");
		write_value(out, s->field, s->theirs);
		out_puts(out, ", to the history)");
		break;
	}
	out_putc(out, '\n');
}

static void write_import(struct out *out, const char *path, const struct review_import *im,
                         bool dry_run)
{
	size_t counts[IMPORT_KEEP + 1] = { 0 };

	for (size_t i = 0; i < im->report.count; i++) {
		counts[im->report.items[i].action]++;
		write_step(out, im, &im->report.items[i]);
	}
	out_puts(out, dry_run ? "would import " : "imported ");
	out_text_line(out, path);
	out_printf(out, ": %zu entit%s; %zu note%s added, %zu conflict%s, %zu flag%s or mark%s"
	           " taken, %zu kept; %zu unchanged\n", im->count, im->count == 1 ? "y" : "ies",
	           counts[IMPORT_ADD], counts[IMPORT_ADD] == 1 ? "" : "s",
	           counts[IMPORT_CONFLICT], counts[IMPORT_CONFLICT] == 1 ? "" : "s",
	           counts[IMPORT_TAKE], counts[IMPORT_TAKE] == 1 ? "" : "s",
	           counts[IMPORT_TAKE] == 1 ? "" : "s", counts[IMPORT_KEEP], im->report.unchanged);
	if (dry_run)
		out_puts(out, "dry run: nothing was changed\n");
	else if (counts[IMPORT_CONFLICT])
		out_puts(out, "conflicts: e on the entity in the interface shows both texts to choose\n");
}

/* review import FILE: merges it and says what changed (or would). */
static int import_review(struct store *st, struct notes *notes, const struct review_options *o)
{
	struct review_import im;
	char *error = NULL;
	enum review_import_status status = review_import_file(st, notes, o->under, o->dry_run, &im,
	                                                      &error);
	struct out out;
	int rc;

	if (status != REVIEW_IMPORT_OK) {
		fprintf(stderr, "icsview: review: %s\n", error);
		free(error);
		return status == REVIEW_IMPORT_REFUSED ? EXIT_INVALID : EXIT_IO;
	}
	out_init(&out, stdout);
	write_import(&out, o->under, &im, o->dry_run);
	rc = out_finish(&out) ? EXIT_OK : EXIT_IO;
	review_import_clear(&im);
	return rc;
}

static int run_review(struct store *st, const void *options)
{
	const struct review_options *o = options;
	struct notes_status status;
	bool read_only = !o->import || o->dry_run;
	struct notes *notes = cli_open_notes(o->globals.notes, o->globals.paths.items,
	                                     o->globals.paths.count, read_only, &status);
	int rc;

	if (!notes) {
		struct strbuf sb = STRBUF_INIT;
		sb_text_line(&sb, status.message ? status.message : "cannot open the notes");
		fprintf(stderr, "icsview: review: %s\n", sb_str(&sb));
		sb_free(&sb);
		notes_status_clear(&status);
		return EXIT_IO;
	}
	if (o->import)
		rc = import_review(st, notes, o);
	else
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
