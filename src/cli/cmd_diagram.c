/* icsview diagram: the governance around an entity as boxes and lines.
 * What is drawn is the query's (governance.h) and the views' (diagram.h);
 * here are the options, the model opened and the entity looked up. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include "icsview/base/output.h"
#include "icsview/base/util.h"
#include "icsview/cli/cli.h"
#include "icsview/cli/cli_model.h"
#include "icsview/cli/cli_options.h"
#include "icsview/query/governance.h"
#include "icsview/views/diagram.h"

/* The width when the output is not a terminal. */
#define PIPED_WIDTH 80
/* The widest --width and deepest --depth taken. */
#define MAX_WIDTH 10000
#define MAX_DEPTH 1000

static const char diagram_usage[] =
	"usage: icsview diagram [OPTION]... ID|CODE|NAME\n"
	"Draw the governance around an entity as boxes and lines: for a system or an\n"
	"organisation, its boards, committees and partnerships, those whose lines\n"
	"reach it, and the lines between them; for a board, the bodies its lines\n"
	"reach.  Bodies reported to are drawn above; members are counted in the box;\n"
	"a legend and a key follow.\n"
	"\n"
	"  -m, --model=PATH    the model: a YAML file or directory (repeatable)\n"
	"  -r, --rel=REL,...   the relations drawn (default: reports_to, recommends_to,\n"
	"                      delegated_authority, chairs, hosts, and governs,\n"
	"                      committee_of, holds_to_account where the model\n"
	"                      declares them; any relation of the model, by its\n"
	"                      name or inverse name)\n"
	"  -d, --depth=N       for a board, the bodies N - 1 lines away too (default 1);\n"
	"                      else the bodies down to N levels below the entity\n"
	"                      (default: the first level that has any)\n"
	"  -w, --width=N       columns (default: the terminal's, or 80; at least 20)\n"
	"      --ascii         draw with ASCII characters (default outside UTF-8 locales)\n"
	"      --rebuild       load the model afresh instead of from the cache\n"
	"  -h, --help          show this help\n"
	"\n"
	"Exit status: 0 drawn, 1 no such entity or invalid model, 2 usage error,\n"
	"3 ambiguous, 4 cannot read the model or lay the diagram out.\n";

enum { OPT_REBUILD = 256 };

struct diagram_command {
	struct cli_globals globals;
	struct cli_model_options model;
	struct governance_options governance;
	size_t width;           /* 0: the terminal's */
	const char *query;
};

static int parse_count(const char *option, const char *text, size_t least, size_t most, size_t *out)
{
	char *end;
	long long value;

	errno = 0;
	value = strtoll(text, &end, 10);
	if (errno || end == text || *end || value < (long long)least || value > (long long)most) {
		struct strbuf sb = STRBUF_INIT;
		char *message;

		sb_text_line(&sb, text);
		message = xasprintf("invalid %s '%s': give a number from %zu to %zu", option, sb_str(&sb),
		                    least, most);
		cli_usage_error("diagram", message);
		free(message);
		sb_free(&sb);
		return -1;
	}
	*out = (size_t)value;
	return 0;
}

/* Returns -1 to go on, else the exit status. */
static int parse_options(int argc, char **argv, struct diagram_command *cmd)
{
	static const struct option options[] = {
		{ "rel", required_argument, NULL, 'r' },
		{ "depth", required_argument, NULL, 'd' },
		{ "width", required_argument, NULL, 'w' },
		{ "rebuild", no_argument, NULL, OPT_REBUILD },
		{ "help", no_argument, NULL, 'h' },
		CLI_GLOBAL_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	int opt, rc;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":m:r:d:w:h", options, NULL)) != -1) {
		switch (opt) {
		case 'r': cmd->governance.relations = optarg; break;
		case 'd':
			if (parse_count("depth", optarg, 1, MAX_DEPTH, &cmd->governance.depth) != 0)
				return EXIT_USAGE;
			break;
		case 'w':
			if (parse_count("width", optarg, DIAGRAM_MIN_WIDTH, MAX_WIDTH, &cmd->width) != 0)
				return EXIT_USAGE;
			break;
		case OPT_REBUILD: cmd->model.rebuild = true; break;
		case 'h': fputs(diagram_usage, stdout); return EXIT_OK;
		default:
			if ((rc = cli_other_option("diagram", opt, argv, &cmd->globals)) >= 0)
				return rc;
			break;
		}
	}
	if (argc - optind != 1 || argv[optind][0] == '\0')
		return cli_usage_error("diagram", argc - optind > 1 ? "one entity at a time"
		                                  : "which entity? give an id, code or name");
	cmd->query = argv[optind];
	return -1;
}

static size_t chosen_width(const struct diagram_command *cmd)
{
	size_t width = cmd->width ? cmd->width : output_width(stdout);

	if (width == OUTPUT_NO_WRAP)
		return PIPED_WIDTH;
	return width < DIAGRAM_MIN_WIDTH ? DIAGRAM_MIN_WIDTH : width;
}

static int report_governance(struct store *st, enum governance_status status, const char *error)
{
	switch (status) {
	case GOVERNANCE_OK:
		return EXIT_OK;
	case GOVERNANCE_EMPTY_RELATION:
		fprintf(stderr, "icsview: diagram: --rel: %s\n", error);
		return EXIT_USAGE;
	case GOVERNANCE_UNKNOWN_RELATION:
		fprintf(stderr, "icsview: diagram: %s\n", error);
		return EXIT_USAGE;
	case GOVERNANCE_STORE_ERROR:
		break;
	}
	fprintf(stderr, "icsview: cannot read the model: %s\n", store_errmsg(st));
	return EXIT_IO;
}

/* The line above the drawing: what it is of. */
static void write_title(struct out *o, const struct entity *e, const struct governance *g,
                        const struct diagram_options *d)
{
	struct string_list lines = { 0 };
	char *title;

	const char *reaching = g->bodies_reaching ? ", and those whose lines reach it" : "";

	if (g->around_body)
		title = xasprintf("Around %s (%s): its lines%s", e->name, e->id,
		                  g->depth > 1 ? ", and those of the bodies they reach" : "");
	else if (g->depth == 1)
		title = xasprintf("Governance of %s (%s): the boards, committees and partnerships directly under it%s",
		                  e->name, e->id, reaching);
	else
		title = xasprintf("Governance of %s (%s): the boards, committees and partnerships down to %zu levels under it%s",
		                  e->name, e->id, g->depth, reaching);
	diagram_wrap(&lines, title, d->width, 0, 0, d->ascii);
	for (size_t i = 0; i < lines.count; i++)
		out_printf(o, "%s\n", lines.items[i]);
	out_putc(o, '\n');
	string_list_clear(&lines);
	free(title);
}

/* Draws the governance, with fewer bodies while the drawing is wider than
 * the width (the lines passing between wrapped rows of many bodies can
 * need more columns than there are). */
static int draw(struct store *st, const struct diagram_command *cmd, const struct entity *e,
                struct governance **g)
{
	struct diagram_options d = { .width = chosen_width(cmd), .ascii = cmd->globals.ascii || !locale_is_utf8() };
	struct governance_options narrower = cmd->governance;
	struct diagram_text text = { 0 };
	char *error = NULL;
	struct diagram_gv *gv = diagram_gv_open(&error);
	struct out o;
	enum governance_status status;
	int rc;

	while (gv && diagram_draw(gv, *g, &d, &text, &error) == 0 && text.widest > d.width &&
	       (*g)->bodies_drawn > 1) {
		narrower.max_bodies = (*g)->bodies_drawn / 2;
		diagram_text_clear(&text);
		governance_free(*g);
		*g = NULL;
		if (store_snapshot_begin(st) != STORE_OK) {
			diagram_gv_close(gv);
			return report_governance(st, GOVERNANCE_STORE_ERROR, NULL);
		}
		status = governance_build(st, e, &narrower, g, &error);
		rc = report_governance(st, status, error);
		if (store_snapshot_end(st) != STORE_OK && rc == EXIT_OK)
			rc = report_governance(st, GOVERNANCE_STORE_ERROR, NULL);
		if (rc != EXIT_OK) {
			diagram_gv_close(gv);
			return rc;
		}
	}
	if (!gv || error) {
		fprintf(stderr, "icsview: diagram: %s\n", error ? error : "the layout failed");
		free(error);
		diagram_text_clear(&text);
		diagram_gv_close(gv);
		return EXIT_IO;
	}
	out_init(&o, stdout);
	write_title(&o, e, *g, &d);
	/* the text is made safe as it is drawn (diagram_wrap, the boxes) */
	for (size_t i = 0; i < text.count; i++)
		out_printf(&o, "%s\n", text.lines[i]);
	diagram_text_clear(&text);
	diagram_gv_close(gv);
	return out_finish(&o) ? EXIT_OK : EXIT_IO;
}

/* A cli_model_fn: `options` is the command's struct diagram_command. */
static int run_diagram(struct store *st, const void *options)
{
	const struct diagram_command *cmd = options;
	struct entity e = { 0 };
	struct governance *g = NULL;
	char *error = NULL;
	int rc = cli_find_entity(st, cmd->query, &e);

	if (rc == EXIT_OK && store_snapshot_begin(st) != STORE_OK)
		rc = report_governance(st, GOVERNANCE_STORE_ERROR, NULL);
	else if (rc == EXIT_OK) {
		enum governance_status status = governance_build(st, &e, &cmd->governance, &g, &error);

		rc = report_governance(st, status, error);
		if (store_snapshot_end(st) != STORE_OK && rc == EXIT_OK)
			rc = report_governance(st, GOVERNANCE_STORE_ERROR, NULL);
	}
	if (rc == EXIT_OK)
		rc = draw(st, cmd, &e, &g);
	free(error);
	governance_free(g);
	entity_clear(&e);
	return rc;
}

int cmd_diagram(int argc, char **argv)
{
	struct diagram_command cmd = { .governance.max_bodies = GOVERNANCE_MAX_BODIES };
	int rc = parse_options(argc, argv, &cmd);

	if (rc < 0)
		rc = cli_run_on_model(&cmd.globals.paths, &cmd.model, run_diagram, &cmd);
	cli_globals_free(&cmd.globals);
	return rc;
}
