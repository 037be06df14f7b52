/* icsview export: the whole model, or the subtree under an entity, as JSON,
 * CSV, a Graphviz digraph or a Markdown document, or the digraph rendered
 * as SVG or PNG by Graphviz's library (diagram_layout.h).  What is
 * exported and how is the core's (export.h); here are the options, the
 * model opened, the entity looked up and the filter applied. */
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "icsview/cli/cli.h"
#include "icsview/cli/cli_model.h"
#include "icsview/cli/cli_options.h"
#include "icsview/base/model_files.h"
#include "icsview/base/output.h"
#include "icsview/base/util.h"
#include "icsview/query/export.h"
#include "icsview/store/store.h"
#include "icsview/views/diagram_layout.h"

static const char export_usage[] =
	"usage: icsview export [OPTION]... [ID|CODE|NAME]\n"
	"Export the whole model, or the subtree under an entity (looked up as\n"
	"'icsview show' does), as JSON, CSV, a Graphviz digraph or Markdown.\n"
	"\n"
	"  -m, --model=PATH    the model: a YAML file or directory (repeatable; default:\n"
	"                      $ICSVIEW_MODEL, else the bundled data)\n"
	"  -F, --format=FORMAT json (the default: one documented document), csv\n"
	"                      (entities, or links with --links), dot (the governance:\n"
	"                      boards and their lines, as 'icsview diagram' draws it),\n"
	"                      svg or png (that picture rendered) or md (Markdown)\n"
	"      --all           dot, svg, png: every entity, its containment and links\n"
	"                      instead of the governance\n"
	"      --links         csv: write the links instead of the entities\n"
	"                      (without it, one column per fact, after the file path\n"
	"                      relative to the model's directory)\n"
	"  -r, --rel=REL,...   only links of these relations (default: all; for dot\n"
	"                      reports_to,recommends_to,delegated_authority,chairs,hosts,\n"
	"                      and with --all reports_to,recommends_to,\n"
	"                      delegated_authority,member_of)\n"
	"  -f, --filter=EXPR   only what matches EXPR and its ancestors (kind:board,\n"
	"                      population>500000, serves:bassetlaw, -kind:person, …)\n"
	"      --rebuild       load the model afresh instead of from the cache\n"
	"  -h, --help          show this help\n"
	"\n"
	"Exit status: 0 exported, 1 no such entity or invalid model, 2 usage error,\n"
	"3 ambiguous, 4 cannot read or write.\n";

enum { OPT_LINKS = 256, OPT_REBUILD, OPT_ALL };

/* A picture rendered from the dot text (export --format svg or png). */
enum picture { PICTURE_NONE, PICTURE_SVG, PICTURE_PNG };

struct export_command {
	struct cli_globals globals;   /* -m and the other global options */
	struct cli_model_options model;
	struct export_options export;   /* relations: --rel, or NULL */
	const char *filter;             /* --filter, or NULL */
	const char *query;              /* NULL: the whole model */
	enum picture picture;
};

static int parse_format(const char *text, struct export_command *cmd)
{
	struct strbuf sb = STRBUF_INIT;

	cmd->picture = strcmp(text, "svg") == 0 ? PICTURE_SVG : strcmp(text, "png") == 0 ? PICTURE_PNG
	             : PICTURE_NONE;
	if (cmd->picture != PICTURE_NONE) {
		cmd->export.format = EXPORT_DOT;
		return 0;
	}
	if (export_format_parse(text, &cmd->export.format))
		return 0;
	sb_text_line(&sb, text);
	fprintf(stderr, "icsview: export: unknown format '%s': json, csv, dot, svg, png or md\n", sb_str(&sb));
	sb_free(&sb);
	return -1;
}

/* Returns -1 to go on, else the exit status. */
static int parse_options(int argc, char **argv, struct export_command *cmd)
{
	static const struct option options[] = {
		{ "format", required_argument, NULL, 'F' },
		{ "links", no_argument, NULL, OPT_LINKS },
		{ "all", no_argument, NULL, OPT_ALL },
		{ "rel", required_argument, NULL, 'r' },
		{ "filter", required_argument, NULL, 'f' },
		{ "rebuild", no_argument, NULL, OPT_REBUILD },
		{ "help", no_argument, NULL, 'h' },
		CLI_GLOBAL_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	int opt, rc;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":m:F:r:f:h", options, NULL)) != -1) {
		switch (opt) {
		case 'F': if (parse_format(optarg, cmd) != 0) return EXIT_USAGE; break;
		case OPT_ALL: cmd->export.all = true; break;
		case OPT_LINKS: cmd->export.links_only = true; break;
		case 'r': cmd->export.relations = optarg; break;
		case 'f': cmd->filter = optarg; break;
		case OPT_REBUILD: cmd->model.rebuild = true; break;
		case 'h': fputs(export_usage, stdout); return EXIT_OK;
		default:
			if ((rc = cli_other_option("export", opt, argv, &cmd->globals)) >= 0)
				return rc;
			break;
		}
	}
	if (argc - optind > 1 || (argc - optind == 1 && argv[optind][0] == '\0')) {
		fprintf(stderr, "icsview: export: %s (try 'icsview export --help')\n",
		        argc - optind > 1 ? "one entity at a time" : "empty entity name");
		return EXIT_USAGE;
	}
	if (cmd->export.links_only && cmd->export.format != EXPORT_CSV) {
		fprintf(stderr, "icsview: export: --links goes with --format csv\n");
		return EXIT_USAGE;
	}
	if (cmd->export.all && cmd->export.format != EXPORT_DOT) {
		fprintf(stderr, "icsview: export: --all goes with --format dot, svg or png\n");
		return EXIT_USAGE;
	}
	if (cmd->picture == PICTURE_PNG && isatty(STDOUT_FILENO)) {
		fprintf(stderr, "icsview: export: a PNG is binary: send it to a file (> picture.png)\n");
		return EXIT_USAGE;
	}
	cmd->query = argc - optind == 1 ? argv[optind] : NULL;
	return -1;
}

/* Reads the model's relations and chooses those of --rel. */
static int open_export(struct store *st, const struct export_command *cmd, struct export **x)
{
	char *error = NULL;
	enum export_status status = export_open(st, &cmd->export, x, &error);
	int rc = EXIT_OK;

	switch (status) {
	case EXPORT_OK:
		break;
	case EXPORT_EMPTY_RELATION:
		fprintf(stderr, "icsview: export: --rel: %s\n", error);
		rc = EXIT_USAGE;
		break;
	case EXPORT_UNKNOWN_RELATION:
		fprintf(stderr, "icsview: export: %s\n", error);
		rc = EXIT_USAGE;
		break;
	case EXPORT_STORE_ERROR:
		fprintf(stderr, "icsview: cannot read the model: %s\n", store_errmsg(st));
		rc = EXIT_IO;
		break;
	}
	free(error);
	return rc;
}

/* Writes the export into memory, then the picture Graphviz renders of it. */
static int write_picture(struct export *x, const struct entity *root, enum picture picture)
{
	char *dot = NULL, *data = NULL, *error = NULL;
	size_t dot_len = 0, len = 0;
	FILE *mem = open_memstream(&dot, &dot_len);
	struct diagram_gv *gv;
	struct out o;
	int rc = EXIT_OK;

	if (!mem) {
		perror("icsview: export");
		return EXIT_IO;
	}
	out_init(&o, mem);
	if (export_write(x, root, &o) != EXPORT_OK)
		rc = EXIT_INVALID;
	if (!out_finish(&o) && rc == EXIT_OK)
		rc = EXIT_IO;
	if (fclose(mem) != 0 && rc == EXIT_OK)
		rc = EXIT_IO;
	if (rc != EXIT_OK) {
		free(dot);
		return rc;
	}
	gv = diagram_gv_open(&error);
	if (!gv || diagram_gv_render(gv, dot, picture == PICTURE_SVG ? "svg" : "png", &data, &len, &error) != 0) {
		fprintf(stderr, "icsview: export: %s\n", error ? error : "cannot render the picture");
		rc = EXIT_IO;
	} else if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0) {
		perror("icsview: export");
		rc = EXIT_IO;
	}
	diagram_gv_close(gv);
	free(error);
	free(data);
	free(dot);
	return rc;
}

/* A cli_model_fn: `options` is the command's struct export_command. */
static int run_export(struct store *st, const void *options)
{
	const struct export_command *cmd = options;
	struct export *x = NULL;
	struct entity e = { 0 };
	struct out o;
	int rc = open_export(st, cmd, &x);

	if (rc == EXIT_OK && cmd->filter)
		rc = cli_apply_filter(st, "export", cmd->filter);
	if (rc == EXIT_OK && cmd->query)
		rc = cli_find_entity(st, cmd->query, &e);
	if (rc == EXIT_OK && cmd->picture != PICTURE_NONE) {
		rc = write_picture(x, cmd->query ? &e : NULL, cmd->picture);
		if (rc == EXIT_INVALID) {
			fprintf(stderr, "icsview: cannot read the model: %s\n", store_errmsg(st));
			rc = EXIT_IO;
		}
	} else if (rc == EXIT_OK) {
		out_init(&o, stdout);
		if (export_write(x, cmd->query ? &e : NULL, &o) != EXPORT_OK) {
			fprintf(stderr, "icsview: cannot read the model: %s\n", store_errmsg(st));
			out_finish(&o);
			rc = EXIT_IO;
		} else {
			rc = out_finish(&o) ? EXIT_OK : EXIT_IO;
		}
	}
	entity_clear(&e);
	export_free(x);
	return rc;
}

/* The directory CSV writes file paths relative to: the model's, when it
 * is one directory or one file (then the file's directory); NULL for a
 * model of several paths, whose files are written as they were given.
 * Caller frees. */
static char *model_dir(const struct cli_paths *paths)
{
	const char *path = paths->count == 0 ? model_default_path()
	                 : paths->count == 1 ? paths->items[0] : NULL;
	struct stat st;
	char *copy, *dir;

	if (!path || stat(path, &st) != 0)
		return NULL;
	if (S_ISDIR(st.st_mode))
		return xstrdup(path);
	copy = xstrdup(path);
	dir = xstrdup(dirname(copy));
	free(copy);
	return dir;
}

int cmd_export(int argc, char **argv)
{
	struct export_command cmd = { 0 };
	int rc = parse_options(argc, argv, &cmd);
	char *base_dir = NULL;

	if (rc < 0) {
		base_dir = model_dir(&cmd.globals.paths);
		cmd.export.base_dir = base_dir;
		/* the whole model needs no search index: it is not waited for */
		cmd.model.without_search = !cmd.query && !cmd.filter;
		rc = cli_run_on_model(&cmd.globals.paths, &cmd.model, run_export, &cmd);
	}
	free(base_dir);
	cli_globals_free(&cmd.globals);
	return rc;
}
