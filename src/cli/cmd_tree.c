/* icsview tree: the outline under an entity, or under every root.
 *
 * Plain text, one row per entity: the top rows (the entity asked for, or
 * the roots) flush left, their descendants drawn with box characters
 * (├── └── │, or |-- `-- | with --ascii or outside a UTF-8 locale):
 *
 *   [SYS] A system (p-system)
 *   ├── [PLC] Doncaster (p-doncaster) +1
 *   └── [PLC] Bassetlaw (p-bassetlaw)
 *       └── → [ORG] Doncaster and Bassetlaw … (p-trust)
 *
 * A row is the kind's badge, the name and the id; "+N" says that N children
 * are not shown (past --depth).  A secondary child, shown under an entity
 * through a link such as `serves` while its parent is elsewhere, is marked
 * "→ " ("-> ") and not expanded: its children are under its own parent.
 *
 * With --json, one object:
 *
 *   {
 *     "root": str|null,          the id asked for; null for the roots
 *     "depth": int|null,         levels shown below the top entries; null: all
 *     "entities": [NODE]
 *   }
 *   NODE = {"id": str, "kind": str, "badge": str, "name": str,
 *           "secondary": bool, "child_count": int,
 *           "children": [NODE]}  (only when the node is expanded)
 *
 * The walk streams: memory is bounded by the depth of the tree times a page
 * of children, not by the model's size. */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "icsview/cli/cli.h"
#include "icsview/cli/cli_model.h"
#include "icsview/cli/cli_options.h"
#include "icsview/base/json_writer.h"
#include "icsview/base/output.h"
#include "icsview/query/filter.h"
#include "icsview/store/store.h"

static const char tree_usage[] =
	"usage: icsview tree [OPTION]... [ID|CODE|NAME]\n"
	"Draw the outline under an entity (default: under every root): one row per\n"
	"entity with its kind, name and id.  '+N' marks N children not shown; an\n"
	"entity shown under another through a link (such as serves) is marked with an\n"
	"arrow and not expanded there.  The entity is looked up as 'icsview show' does.\n"
	"\n"
	"  -m, --model=PATH   the model: a YAML file or directory (repeatable; default:\n"
	"                     $ICSVIEW_MODEL, else the bundled data)\n"
	"  -d, --depth=N      show N levels below the top entries (default: all under\n"
	"                     an entity or with a filter; 1 under the roots)\n"
	"  -f, --filter=EXPR  only what matches EXPR and its ancestors (kind:board,\n"
	"                     population>500000, serves:bassetlaw, -kind:person, …)\n"
	"      --ascii        draw with ASCII characters (default outside UTF-8 locales)\n"
	"      --json         write one JSON document instead of text\n"
	"      --rebuild      load the model afresh instead of from the cache\n"
	"  -h, --help         show this help\n"
	"\n"
	"Exit status: 0 shown, 1 no such entity or invalid model, 2 usage error,\n"
	"3 ambiguous, 4 cannot read or write.\n";

#define PAGE_SIZE 256
#define UNLIMITED SIZE_MAX

struct glyphs {
	const char *tee, *last, *pipe, *blank, *arrow;
};

static const struct glyphs box_glyphs = {
	"\u251c\u2500\u2500 ", "\u2514\u2500\u2500 ", "\u2502   ", "    ", "\u2192 ",
};
static const struct glyphs ascii_glyphs = { "|-- ", "`-- ", "|   ", "    ", "-> " };

/* The children of one entity being walked, a page at a time. */
struct frame {
	int64_t parent;         /* 0: the roots; -1: the one entity asked for */
	struct child_list page;
	size_t index;           /* next in page */
	size_t usable;          /* children of the page to show */
	struct child after;     /* the key of the last child shown (eid, secondary) */
	bool loaded;            /* page holds the children from offset */
	bool more;              /* children past this page */
	size_t prefix_len;      /* of the drawing before this level's rows */
};

struct walk {
	struct store *st;
	struct out *out;
	struct json_writer *json;   /* NULL: text */
	const struct glyphs *glyphs;
	size_t depth;
	struct frame *frames;
	size_t count, cap;
	struct strbuf prefix;
};

static void push_frame(struct walk *w, int64_t parent, size_t prefix_len)
{
	struct frame *f;

	GROW(w->frames, w->cap, w->count + 1);
	f = &w->frames[w->count++];
	memset(f, 0, sizeof(*f));
	f->parent = parent;
	f->prefix_len = prefix_len;
}

static int load_page(struct walk *w, struct frame *f)
{
	if (f->usable > 0) {
		f->after.eid = f->page.items[f->usable - 1].eid;
		f->after.secondary = f->page.items[f->usable - 1].secondary;
	}
	child_list_clear(&f->page);
	f->index = 0;
	if (store_children_filtered_after(w->st, f->parent, &f->after, PAGE_SIZE + 1, &f->page) != STORE_OK)
		return -1;
	f->loaded = true;
	f->more = f->page.count > PAGE_SIZE;
	f->usable = f->more ? PAGE_SIZE : f->page.count;
	return 0;
}

/* The next child of the top frame, or NULL when it has no more; *error on a
 * store error. */
static const struct child *next_child(struct walk *w, bool *error)
{
	struct frame *f = &w->frames[w->count - 1];

	if (f->index == f->usable) {
		if (f->loaded && !f->more)
			return NULL;
		if (load_page(w, f) != 0) {
			*error = true;
			return NULL;
		}
		if (f->usable == 0)
			return NULL;
	}
	return &f->page.items[f->index++];
}

static bool is_last(const struct frame *f)
{
	return f->index == f->usable && !f->more;
}

static void text_row(struct walk *w, const struct frame *f, const struct child *c, size_t level,
                     bool expanded)
{
	struct out *o = w->out;

	out_write(o, w->prefix.buf, f->prefix_len);
	if (level > 0)
		out_puts(o, is_last(f) ? w->glyphs->last : w->glyphs->tee);
	if (c->secondary)
		out_puts(o, w->glyphs->arrow);
	out_putc(o, '[');
	out_text_line(o, c->badge);
	out_puts(o, "] ");
	out_text_line(o, c->name);
	out_puts(o, " (");
	out_text_line(o, c->id);
	out_putc(o, ')');
	if (!expanded && c->n_children > 0)
		out_printf(o, " +%lld", (long long)c->n_children);
	out_putc(o, '\n');
}

static void json_node(struct walk *w, const struct child *c, bool expanded)
{
	json_begin_object(w->json);
	json_key_string(w->json, "id", c->id);
	json_key_string(w->json, "kind", c->kind);
	json_key_string(w->json, "badge", c->badge);
	json_key_string(w->json, "name", c->name);
	json_key_bool(w->json, "secondary", c->secondary);
	json_key_int(w->json, "child_count", c->n_children);
	if (!expanded) {
		json_end_object(w->json);
		return;
	}
	json_key(w->json, "children");
	json_begin_array(w->json);
}

/* The prefix under a row of `level`, for its children's rows. */
static size_t child_prefix(struct walk *w, const struct frame *f, size_t level)
{
	if (level == 0)
		return 0;
	w->prefix.len = f->prefix_len;
	sb_puts(&w->prefix, is_last(f) ? w->glyphs->blank : w->glyphs->pipe);
	return w->prefix.len;
}

static void pop_frame(struct walk *w)
{
	child_list_clear(&w->frames[--w->count].page);
	if (w->json) {
		json_end_array(w->json);
		if (w->count > 0)
			json_end_object(w->json);
	}
}

/* Walks depth first from the top frame; returns 0, or -1 on a store error. */
static int walk(struct walk *w)
{
	bool error = false;

	while (w->count > 0 && !out_failed(w->out)) {
		struct frame *f = &w->frames[w->count - 1];
		size_t level = w->count - 1;
		const struct child *c = next_child(w, &error);
		bool expand;

		if (error)
			return -1;
		if (!c) {
			pop_frame(w);
			continue;
		}
		expand = level < w->depth && !c->secondary && c->n_children > 0;
		if (w->json)
			json_node(w, c, expand);
		else
			text_row(w, f, c, level, expand);
		if (expand)
			push_frame(w, c->eid, child_prefix(w, f, level));
	}
	return 0;
}

static void walk_free(struct walk *w)
{
	while (w->count > 0)
		child_list_clear(&w->frames[--w->count].page);
	free(w->frames);
	sb_free(&w->prefix);
}

/* The top frame: the entity asked for, as a page of one, or the roots. */
static void push_top(struct walk *w, const struct entity *e)
{
	struct frame *f;
	struct child *c;

	if (!e) {
		push_frame(w, 0, 0);
		return;
	}
	push_frame(w, -1, 0);
	f = &w->frames[0];
	GROW(f->page.items, f->page.cap, 1);
	c = &f->page.items[f->page.count++];
	c->eid = e->eid;
	c->id = xstrdup(e->id);
	c->kind = xstrdup(e->kind);
	c->badge = xstrdup(e->badge);
	c->name = xstrdup(e->name);
	c->type = NULL;         /* the tree does not show it */
	c->state = ENTITY_OPEN;   /* the tree does not show it either */
	c->n_children = e->n_children + e->n_linked;
	c->secondary = false;
	f->usable = 1;
	f->loaded = true;
}

/* The command */

enum { OPT_JSON = 256, OPT_REBUILD };

struct tree_options {
	struct cli_globals globals;   /* -m and the other global options */
	bool json;
	struct cli_model_options model;
	size_t depth;
	bool depth_given;
	const char *query;      /* NULL: the roots */
	const char *filter;     /* --filter, or NULL */
};

static int parse_depth(const char *text, struct tree_options *opts)
{
	char *end;
	long long value;

	errno = 0;
	value = strtoll(text, &end, 10);
	if (errno || end == text || *end || value < 0 || text[0] == '-' || text[0] == '+') {
		struct strbuf sb = STRBUF_INIT;

		sb_text_line(&sb, text);
		fprintf(stderr, "icsview: tree: invalid depth '%s': give a number, 0 or more\n",
		        sb_str(&sb));
		sb_free(&sb);
		return -1;
	}
	opts->depth = (unsigned long long)value >= SIZE_MAX ? UNLIMITED : (size_t)value;
	opts->depth_given = true;
	return 0;
}

/* Returns -1 to go on, else the exit status. */
static int parse_options(int argc, char **argv, struct tree_options *opts)
{
	static const struct option options[] = {
		{ "depth", required_argument, NULL, 'd' },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "rebuild", no_argument, NULL, OPT_REBUILD },
		{ "filter", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		CLI_GLOBAL_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	int opt, rc;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":m:d:f:h", options, NULL)) != -1) {
		switch (opt) {
		case 'd': if (parse_depth(optarg, opts) != 0) return EXIT_USAGE; break;
		case OPT_JSON: opts->json = true; break;
		case OPT_REBUILD: opts->model.rebuild = true; break;
		case 'f': opts->filter = optarg; break;
		case 'h': fputs(tree_usage, stdout); return EXIT_OK;
		default:
			if ((rc = cli_other_option("tree", opt, argv, &opts->globals)) >= 0)
				return rc;
			break;
		}
	}
	if (argc - optind > 1 || (argc - optind == 1 && argv[optind][0] == '\0')) {
		fprintf(stderr, "icsview: tree: %s (try 'icsview tree --help')\n",
		        argc - optind > 1 ? "one entity at a time" : "empty entity name");
		return EXIT_USAGE;
	}
	opts->query = argc - optind == 1 ? argv[optind] : NULL;
	/* under a filter the matches are the point: show them all */
	if (!opts->depth_given)
		opts->depth = opts->query || opts->filter ? UNLIMITED : 1;
	return -1;
}

static void json_head(struct json_writer *json, const struct tree_options *opts,
                      const struct entity *e)
{
	json_begin_object(json);
	json_key_string(json, "root", e ? e->id : NULL);
	json_key(json, "depth");
	if (opts->depth == UNLIMITED)
		json_null(json);
	else
		json_int(json, (int64_t)opts->depth);
	json_key(json, "entities");
	json_begin_array(json);   /* closed when the top frame is popped */
}

static int draw(struct store *st, const struct tree_options *opts, const struct entity *e)
{
	struct out o;
	struct json_writer json;
	struct walk w = { 0 };
	int rc;

	out_init(&o, stdout);
	w.st = st;
	w.out = &o;
	w.depth = opts->depth;
	w.glyphs = opts->globals.ascii || !locale_is_utf8() ? &ascii_glyphs : &box_glyphs;
	if (opts->json) {
		json_init(&json, &o, 2);
		w.json = &json;
		json_head(&json, opts, e);
	}
	push_top(&w, e);
	rc = walk(&w);
	if (rc == 0 && opts->json && !out_failed(&o)) {
		json_end_object(&json);
		json_finish(&json);
	} else if (opts->json) {
		json_free(&json);   /* stopped early: no reader, or an error */
	}
	walk_free(&w);
	if (rc != 0) {
		fprintf(stderr, "icsview: cannot read the model: %s\n", store_errmsg(st));
		out_finish(&o);
		return EXIT_IO;
	}
	return out_finish(&o) ? EXIT_OK : EXIT_IO;
}

/* A cli_model_fn: `options` is the command's struct tree_options. */
static int tree(struct store *st, const void *options)
{
	const struct tree_options *opts = options;
	struct entity e;
	int rc;

	if (opts->filter && (rc = cli_apply_filter(st, "tree", opts->filter)) != EXIT_OK)
		return rc;
	if (!opts->query)
		return draw(st, opts, NULL);
	rc = cli_find_entity(st, opts->query, &e);
	if (rc == EXIT_OK)
		rc = draw(st, opts, &e);
	entity_clear(&e);
	return rc;
}

int cmd_tree(int argc, char **argv)
{
	struct tree_options opts = { 0 };
	int rc = parse_options(argc, argv, &opts);

	/* the whole tree needs no search index: it is not waited for */
	opts.model.without_search = !opts.query && !opts.filter;
	if (rc < 0)
		rc = cli_run_on_model(&opts.globals.paths, &opts.model, tree, &opts);
	cli_globals_free(&opts.globals);
	return rc;
}
