/* icsview export: the whole model, or the subtree under an entity, as JSON,
 * CSV, a Graphviz digraph or a Markdown document.
 *
 * What is exported: the entity asked for and its own descendants by parent
 * (an entity shown under another only through a link, a secondary child,
 * is exported under its own parent, never repeated), or, without one, every
 * root and its descendants; with --filter, only those visible under the
 * filter (the matches and their ancestors).  Entities come in display
 * order: depth first, each entity's own children in load order.  The links
 * exported are those the exported entities make (outgoing), of the chosen
 * relations (--rel; by default every relation, and for dot reports_to,
 * recommends_to, delegated_authority and member_of); their other end may
 * lie outside the export, except in dot, which draws only edges between
 * exported entities.
 *
 * --format json writes one document, stable within its version:
 *
 *   {
 *     "format": "icsview-export",
 *     "version": 1,
 *     "root": str|null,                 the id asked for; null: the whole model
 *     "entities": [{
 *       "id": str, "kind": str, "type": str|null, "name": str,
 *       "parent": str|null,             the parent's id (also for the root asked for)
 *       "aka": [str],
 *       "facts": [{"key": str, "value": str, "note": str|null, "sources": [str]}],
 *       "text": str|null,
 *       "sources": [str],               source ids: the entity's own, else its file's default
 *       "sources_inherited": bool,      true: the file's default
 *       "file": str, "line": int, "col": int     where it is defined
 *     }],
 *     "links": [{
 *       "from": str, "rel": str, "inverse": str, "to": str,
 *       "facts": {str: str},            in written order
 *       "sources": [str]
 *     }]                                by entity (as above), then in written order
 *   }
 *
 * Fact values are strings, as written in the model.  Later versions may add
 * keys; a change to the meaning of a key changes "version".
 *
 * (written by export_json.c).  --format csv (export_csv.c), dot
 * (export_dot.c) and md (export_md.c) are described there and in
 * icsview(1). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "export_private.h"
#include "icsview/cli/cli.h"
#include "icsview/cli/cli_model.h"
#include "icsview/base/output.h"
#include "icsview/query/filter.h"
#include "icsview/store/store.h"

static const char export_usage[] =
	"usage: icsview export [OPTION]... [ID|CODE|NAME]\n"
	"Export the whole model, or the subtree under an entity (looked up as\n"
	"'icsview show' does), as JSON, CSV, a Graphviz digraph or Markdown.\n"
	"\n"
	"  -m, --model=PATH    the model: a YAML file or directory (repeatable; default:\n"
	"                      $ICSVIEW_MODEL, else the bundled data)\n"
	"  -F, --format=FORMAT json (the default: one documented document), csv\n"
	"                      (entities, or links with --links), dot (containment and\n"
	"                      relations, for 'dot -Tsvg') or md (a Markdown document)\n"
	"      --links         csv: write the links instead of the entities\n"
	"  -r, --rel=REL,...   only links of these relations (default: all; for dot\n"
	"                      reports_to,recommends_to,delegated_authority,member_of)\n"
	"  -f, --filter=EXPR   only what matches EXPR and its ancestors (kind:board,\n"
	"                      population>500000, serves:bassetlaw, -kind:person, …)\n"
	"      --rebuild       load the model afresh instead of from the cache\n"
	"  -h, --help          show this help\n"
	"\n"
	"Exit status: 0 exported, 1 no such entity or invalid model, 2 usage error,\n"
	"3 ambiguous, 4 cannot read or write.\n";

enum export_format { FORMAT_JSON, FORMAT_CSV, FORMAT_DOT, FORMAT_MD };

static const char *const dot_default_relations[] = {
	"reports_to", "recommends_to", "delegated_authority", "member_of",
};

#define PAGE_SIZE 512

/* Shared with the writers */

void export_text(struct out *o, const char *s, escape_fn escape)
{
	struct strbuf sb = STRBUF_INIT;

	if (!s)
		return;
	sb_text_line(&sb, s);
	if (escape)
		out_escaped(o, sb_str(&sb), sb.len, escape);
	else
		out_write(o, sb_str(&sb), sb.len);
	sb_free(&sb);
}

static int compare_eid(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

bool export_has(const struct export *x, int64_t eid)
{
	return eid > 0 && x->count > 0 &&
	       bsearch(&eid, x->sorted, x->count, sizeof(int64_t), compare_eid) != NULL;
}

const struct export_relation *export_relation(const struct export *x, const char *name)
{
	for (size_t i = 0; i < x->relation_count; i++)
		if (strcmp(x->relations[i].name, name) == 0)
			return &x->relations[i];
	return NULL;
}

static const struct export_relation *relation_by_inverse(const struct export *x, const char *name)
{
	for (size_t i = 0; i < x->relation_count; i++)
		if (strcmp(x->relations[i].inverse, name) == 0)
			return &x->relations[i];
	return NULL;
}

/* Puts the links of the chosen relations first, in their order, and
 * returns how many they are (labels are relation names, or inverse names
 * for backlinks).  The others stay behind them, to be freed with the list. */
static size_t keep_chosen(struct export *x, struct link_list *links, bool backlinks)
{
	struct link_item *sorted;
	size_t kept = 0, dropped;

	if (!links->count)
		return 0;
	sorted = xcalloc(links->count, sizeof(*sorted));
	dropped = links->count;
	for (size_t i = links->count; i-- > 0;) {
		const struct export_relation *r = backlinks ? relation_by_inverse(x, links->items[i].label)
		                                            : export_relation(x, links->items[i].label);

		if (!r || !r->chosen)
			sorted[--dropped] = links->items[i];
	}
	for (size_t i = 0; i < links->count; i++) {
		const struct export_relation *r = backlinks ? relation_by_inverse(x, links->items[i].label)
		                                            : export_relation(x, links->items[i].label);

		if (r && r->chosen)
			sorted[kept++] = links->items[i];
	}
	memcpy(links->items, sorted, links->count * sizeof(*sorted));
	free(sorted);
	return kept;
}

int export_entity_load(struct export *x, int64_t eid, bool want_backlinks,
                       struct export_entity *out)
{
	struct entity parent;

	memset(out, 0, sizeof(*out));
	if (store_entity(x->st, eid, &out->e) != STORE_OK)
		return STORE_ERROR;
	if (out->e.parent) {
		if (store_entity(x->st, out->e.parent, &parent) != STORE_OK)
			return STORE_ERROR;
		out->parent_id = xstrdup(parent.id);
		entity_clear(&parent);
	}
	if (store_aka(x->st, eid, &out->aka) != STORE_OK ||
	    store_facts(x->st, eid, &out->facts) != STORE_OK ||
	    store_sources(x->st, eid, &out->sources) != STORE_OK ||
	    store_links(x->st, eid, LINKS_OUT, &out->links) != STORE_OK ||
	    (want_backlinks && store_links(x->st, eid, LINKS_IN, &out->backlinks) != STORE_OK))
		return STORE_ERROR;
	out->link_count = keep_chosen(x, &out->links, false);
	out->backlink_count = keep_chosen(x, &out->backlinks, true);
	return STORE_OK;
}

void export_entity_clear(struct export_entity *xe)
{
	entity_clear(&xe->e);
	free(xe->parent_id);
	string_list_clear(&xe->aka);
	fact_list_clear(&xe->facts);
	source_list_clear(&xe->sources);
	link_list_clear(&xe->links);
	link_list_clear(&xe->backlinks);
	memset(xe, 0, sizeof(*xe));
}

/* Collecting the entities */

struct pending {
	int64_t eid;
	size_t level;
};

struct stack {
	struct pending *items;
	size_t count, cap;
};

/* Pushes the own visible children of `parent` (0: the roots) in reverse, so
 * that they are popped in display order. */
static int push_children(struct store *st, int64_t parent, size_t level, struct stack *stack)
{
	struct child after = { 0 };
	size_t first = stack->count;
	bool more = true;

	while (more) {
		struct child_list page = { 0 };

		if (store_children_filtered_after(st, parent, &after, PAGE_SIZE, &page) != STORE_OK) {
			child_list_clear(&page);
			return -1;
		}
		more = page.count == PAGE_SIZE;
		for (size_t i = 0; i < page.count; i++) {
			/* own children come first: the rest are secondary */
			if (page.items[i].secondary) {
				more = false;
				break;
			}
			GROW(stack->items, stack->cap, stack->count + 1);
			stack->items[stack->count++] = (struct pending){ page.items[i].eid, level };
		}
		if (page.count) {
			after.eid = page.items[page.count - 1].eid;
			after.secondary = page.items[page.count - 1].secondary;
		}
		child_list_clear(&page);
	}
	for (size_t i = first, j = stack->count; i + 1 < j; i++, j--) {
		struct pending t = stack->items[i];

		stack->items[i] = stack->items[j - 1];
		stack->items[j - 1] = t;
	}
	return 0;
}

static int collect(struct export *x, const struct entity *top)
{
	struct stack stack = { 0 };
	int rc = 0;

	if (top) {
		GROW(stack.items, stack.cap, 1);
		stack.items[stack.count++] = (struct pending){ top->eid, 0 };
	} else {
		rc = push_children(x->st, 0, 0, &stack);
	}
	while (rc == 0 && stack.count > 0) {
		struct pending p = stack.items[--stack.count];

		GROW(x->eids, x->cap, x->count + 1);
		x->levels = xreallocarray(x->levels, x->cap, sizeof(*x->levels));
		x->eids[x->count] = p.eid;
		x->levels[x->count++] = p.level;
		rc = push_children(x->st, p.eid, p.level + 1, &stack);
	}
	free(stack.items);
	x->sorted = xcalloc(x->count ? x->count : 1, sizeof(int64_t));
	if (x->count)
		memcpy(x->sorted, x->eids, x->count * sizeof(int64_t));
	qsort(x->sorted, x->count, sizeof(int64_t), compare_eid);
	return rc;
}

/* The relations of the model, and which are chosen. */
static int load_relations(struct export *x)
{
	struct relation_list list = { 0 };

	if (store_relations(x->st, &list) != STORE_OK) {
		relation_list_clear(&list);
		return -1;
	}
	x->relations = xcalloc(list.count ? list.count : 1, sizeof(*x->relations));
	for (size_t i = 0; i < list.count; i++) {
		struct export_relation *r = &x->relations[x->relation_count++];

		r->name = list.items[i].name;
		r->inverse = list.items[i].inverse;
		r->chosen = true;
	}
	free(list.items);
	return 0;
}

/* Marks the relations of a comma-separated list (names, or inverse names)
 * as the chosen ones; returns EXIT_OK or EXIT_USAGE. */
static int choose_relations(struct export *x, const char *list)
{
	char *copy = xstrdup(list), *save = NULL;
	int rc = EXIT_OK;

	for (size_t i = 0; i < x->relation_count; i++)
		x->relations[i].chosen = false;
	if (!*list || list[strlen(list) - 1] == ',' || list[0] == ',' || strstr(list, ",,")) {
		fprintf(stderr, "icsview: export: --rel: an empty relation name\n");
		free(copy);
		return EXIT_USAGE;
	}
	for (char *name = strtok_r(copy, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
		struct export_relation *r = (struct export_relation *)export_relation(x, name);

		if (!r)
			r = (struct export_relation *)relation_by_inverse(x, name);
		if (!r) {
			struct strbuf sb = STRBUF_INIT;

			sb_text_line(&sb, name);
			fprintf(stderr, "icsview: export: unknown relation '%s'\n", sb_str(&sb));
			sb_free(&sb);
			rc = EXIT_USAGE;
			break;
		}
		r->chosen = true;
	}
	free(copy);
	return rc;
}

static void export_free(struct export *x)
{
	free(x->eids);
	free(x->levels);
	free(x->sorted);
	for (size_t i = 0; i < x->relation_count; i++) {
		free(x->relations[i].name);
		free(x->relations[i].inverse);
	}
	free(x->relations);
}

/* The command */

enum { OPT_LINKS = 256, OPT_REBUILD };

struct export_options {
	struct cli_paths paths;
	struct cli_model_options model;
	enum export_format format;
	bool links;
	const char *rel;        /* --rel, or NULL */
	const char *filter;     /* --filter, or NULL */
	const char *query;      /* NULL: the whole model */
};

static int parse_format(const char *text, enum export_format *out)
{
	static const struct { const char *name; enum export_format format; } names[] = {
		{ "json", FORMAT_JSON }, { "csv", FORMAT_CSV }, { "dot", FORMAT_DOT },
		{ "md", FORMAT_MD }, { "markdown", FORMAT_MD },
	};
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(text, names[i].name) == 0) {
			*out = names[i].format;
			return 0;
		}
	}
	sb_text_line(&sb, text);
	fprintf(stderr, "icsview: export: unknown format '%s': json, csv, dot or md\n", sb_str(&sb));
	sb_free(&sb);
	return -1;
}

/* Returns -1 to go on, else the exit status. */
static int parse_options(int argc, char **argv, struct export_options *opts)
{
	static const struct option options[] = {
		{ "model", required_argument, NULL, 'm' },
		{ "format", required_argument, NULL, 'F' },
		{ "links", no_argument, NULL, OPT_LINKS },
		{ "rel", required_argument, NULL, 'r' },
		{ "filter", required_argument, NULL, 'f' },
		{ "rebuild", no_argument, NULL, OPT_REBUILD },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int opt;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":m:F:r:f:h", options, NULL)) != -1) {
		switch (opt) {
		case 'm': cli_paths_add(&opts->paths, optarg); break;
		case 'F': if (parse_format(optarg, &opts->format) != 0) return EXIT_USAGE; break;
		case OPT_LINKS: opts->links = true; break;
		case 'r': opts->rel = optarg; break;
		case 'f': opts->filter = optarg; break;
		case OPT_REBUILD: opts->model.rebuild = true; break;
		case 'h': fputs(export_usage, stdout); return EXIT_OK;
		default: return cli_option_error("export", opt, argv);
		}
	}
	if (argc - optind > 1 || (argc - optind == 1 && argv[optind][0] == '\0')) {
		fprintf(stderr, "icsview: export: %s (try 'icsview export --help')\n",
		        argc - optind > 1 ? "one entity at a time" : "empty entity name");
		return EXIT_USAGE;
	}
	if (opts->links && opts->format != FORMAT_CSV) {
		fprintf(stderr, "icsview: export: --links goes with --format csv\n");
		return EXIT_USAGE;
	}
	opts->query = argc - optind == 1 ? argv[optind] : NULL;
	return -1;
}

static int prepare(struct export *x, const struct export_options *opts)
{
	if (load_relations(x) != 0) {
		fprintf(stderr, "icsview: cannot read the model: %s\n", store_errmsg(x->st));
		return EXIT_IO;
	}
	if (opts->rel)
		return choose_relations(x, opts->rel);
	if (opts->format == FORMAT_DOT) {
		for (size_t i = 0; i < x->relation_count; i++) {
			x->relations[i].chosen = false;
			for (size_t j = 0; j < sizeof(dot_default_relations) / sizeof(char *); j++)
				if (strcmp(x->relations[i].name, dot_default_relations[j]) == 0)
					x->relations[i].chosen = true;
		}
	}
	return EXIT_OK;
}

static int write_export(struct export *x, enum export_format format)
{
	switch (format) {
	case FORMAT_JSON: return export_json(x);
	case FORMAT_CSV: return export_csv(x);
	case FORMAT_DOT: return export_dot(x);
	case FORMAT_MD: return export_md(x);
	}
	return -1;
}

/* A cli_model_fn: `options` is the command's struct export_options. */
static int run_export(struct store *st, const void *options)
{
	const struct export_options *opts = options;
	struct export x = { 0 };
	struct entity e = { 0 };
	struct out o;
	bool began = false;
	int rc;

	x.st = st;
	x.out = &o;
	x.links_only = opts->links;
	rc = prepare(&x, opts);
	if (rc == EXIT_OK && opts->filter)
		rc = cli_apply_filter(st, "export", opts->filter);
	if (rc == EXIT_OK && opts->query) {
		rc = cli_find_entity(st, opts->query, &e);
		x.root = e.id;
	}
	/* one read transaction: one snapshot, and the lock taken once, not per query */
	if (rc == EXIT_OK && store_snapshot_begin(st) != STORE_OK) {
		fprintf(stderr, "icsview: cannot read the model: %s\n", store_errmsg(st));
		rc = EXIT_IO;
	} else if (rc == EXIT_OK) {
		began = true;
	}
	if (rc == EXIT_OK && collect(&x, opts->query ? &e : NULL) != 0) {
		fprintf(stderr, "icsview: cannot read the model: %s\n", store_errmsg(st));
		rc = EXIT_IO;
	}
	if (rc == EXIT_OK) {
		out_init(&o, stdout);
		if (write_export(&x, opts->format) != 0) {
			fprintf(stderr, "icsview: cannot read the model: %s\n", store_errmsg(st));
			out_finish(&o);
			rc = EXIT_IO;
		} else {
			rc = out_finish(&o) ? EXIT_OK : EXIT_IO;
		}
	}
	if (began && store_snapshot_end(st) != STORE_OK && rc == EXIT_OK) {
		fprintf(stderr, "icsview: cannot read the model: %s\n", store_errmsg(st));
		rc = EXIT_IO;
	}
	entity_clear(&e);
	export_free(&x);
	return rc;
}

int cmd_export(int argc, char **argv)
{
	struct export_options opts = { 0 };
	int rc = parse_options(argc, argv, &opts);

	if (rc < 0)
		rc = cli_run_on_model(&opts.paths, &opts.model, run_export, &opts);
	cli_paths_free(&opts.paths);
	return rc;
}
