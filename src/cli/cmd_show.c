/* icsview show: one entity in full.
 *
 * Plain text (the breadcrumb, then aligned rows and sections; sections
 * without content are left out; on a terminal, lines wrapped at $COLUMNS
 * or its width, continuation lines indented under what they continue;
 * piped, not wrapped: output_width):
 *
 *   South Yorkshire and Bassetlaw ICS › Sheffield › Sheffield Teaching Hospitals …
 *     id        n-sth
 *     kind      organisation
 *     type      NHS foundation trust
 *     aka       RHQ
 *     children  2 (and 1 linked)
 *     defined   good/nested.yaml:22:13
 *
 *   Facts
 *     members  20 (note) [source: other-doc]
 *
 *   Text
 *     the prose, wrapped
 *
 *   Links                      (grouped by relation)
 *     member_of
 *       NAME (ID)  role: member [source: SOURCE-ID]
 *
 *   Backlinks                  (grouped by inverse relation)
 *
 *   History                    (successor_of links followed: history_text.h)
 *     predecessors
 *       ← NAME (ID) under PARENT, DATE (EXTENT); opened …, closed …
 *
 *   Sources                    ("Sources (file default)" when inherited)
 *     SOURCE-ID  NAME
 *
 * With --json, one object:
 *
 *   {
 *     "id": str, "kind": str, "badge": str, "name": str, "type": str|null,
 *     "aka": [str],
 *     "path": [{"id", "kind", "name"}],        root first, the entity last
 *     "parent": str|null,                       the parent's id
 *     "child_count": int,                       own and linked (as in tree)
 *     "linked_count": int,                      of which shown through a link
 *     "facts": [{"key": str, "value": str, "note": str|null, "sources": [SOURCE]}],
 *               (an inferred value adds "basis": "inferred", "reason": str)
 *     "text": str|null,
 *     "links": {RELATION: [LINK]},              relations in vocabulary order
 *     "backlinks": {INVERSE: [LINK]},
 *     "sources": [SOURCE], "sources_inherited": bool,
 *     "defined": {"file": str, "line": int, "col": int}
 *   }
 *   SOURCE = {"id": str, "name": str}
 *   LINK = {"id", "kind", "badge", "name" (of the other entity),
 *           "facts": {str: str}, "sources": [SOURCE], "defined": {…}}
 *
 * Fact values are always strings, as written in the model. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "icsview/cli/cli.h"
#include "icsview/cli/cli_model.h"
#include "icsview/cli/cli_options.h"
#include "icsview/base/json_writer.h"
#include "icsview/base/output.h"
#include "icsview/store/store.h"
#include "icsview/views/entity_text.h"

static const char show_usage[] =
	"usage: icsview show [OPTION]... ID|CODE|NAME\n"
	"Show one entity in full: its path, id, kind, type, codes, facts, text, links\n"
	"and backlinks grouped by relation, its predecessors and successors (as\n"
	"icsview history lists them), sources, and where it is defined.\n"
	"\n"
	"The entity is the one whose id is the text, ignoring case; else those whose\n"
	"code, other name (aka) or whole name is the text, ignoring case (a current\n"
	"and a historical body of one name both); else those whose names hold its\n"
	"words, each the start of a word.  When several match, they are listed on\n"
	"stderr as ID<TAB>KIND<TAB>NAME and the exit status is 3.\n"
	"\n"
	"  -m, --model=PATH   the model: a YAML file or directory (repeatable; default:\n"
	"                     $ICSVIEW_MODEL, else the bundled data)\n"
	"      --json         write one JSON document instead of text\n"
	"      --rebuild      load the model afresh instead of from the cache\n"
	"  -h, --help         show this help\n"
	"\n"
	"Exit status: 0 shown, 1 no such entity or invalid model, 2 usage error,\n"
	"3 ambiguous, 4 cannot read or write.\n";

/* Everything is read before anything is written: no partial output. */
static int show_load(struct store *st, struct entity_full *s)
{
	if (entity_full_read(st, s) != STORE_OK) {
		fprintf(stderr, "icsview: cannot read the model: %s\n", store_errmsg(st));
		return EXIT_IO;
	}
	return EXIT_OK;
}

/* JSON */

static void json_defined(struct json_writer *w, const char *file, unsigned line, unsigned col)
{
	json_key(w, "defined");
	json_begin_object(w);
	json_key_string(w, "file", file);
	json_key_int(w, "line", line);
	json_key_int(w, "col", col);
	json_end_object(w);
}

static void json_sources(struct json_writer *w, const struct source_list *sources)
{
	json_key(w, "sources");
	json_begin_array(w);
	for (size_t i = 0; i < sources->count; i++) {
		json_begin_object(w);
		json_key_string(w, "id", sources->items[i].id);
		json_key_string(w, "name", sources->items[i].name);
		json_end_object(w);
	}
	json_end_array(w);
}

static void json_path(struct json_writer *w, const struct entity_full *s)
{
	json_key(w, "path");
	json_begin_array(w);
	for (size_t i = 0; i <= s->path_count; i++) {
		const struct entity *e = i < s->path_count ? &s->path[i] : &s->e;

		json_begin_object(w);
		json_key_string(w, "id", e->id);
		json_key_string(w, "kind", e->kind);
		json_key_string(w, "name", e->name);
		json_end_object(w);
	}
	json_end_array(w);
	json_key_string(w, "parent", s->path_count ? s->path[s->path_count - 1].id : NULL);
}

static void json_facts(struct json_writer *w, const struct fact_list *facts)
{
	json_key(w, "facts");
	json_begin_array(w);
	for (size_t i = 0; i < facts->count; i++) {
		json_begin_object(w);
		json_key_string(w, "key", facts->items[i].key);
		json_key_string(w, "value", facts->items[i].value);
		json_key_string(w, "note", facts->items[i].note);
		if (facts->items[i].reason) {
			json_key_string(w, "basis", "inferred");
			json_key_string(w, "reason", facts->items[i].reason);
		}
		json_sources(w, &facts->items[i].sources);
		json_end_object(w);
	}
	json_end_array(w);
}

static void json_link(struct json_writer *w, const struct link_item *item)
{
	json_begin_object(w);
	json_key_string(w, "id", item->other_id);
	json_key_string(w, "kind", item->other_kind);
	json_key_string(w, "badge", item->other_badge);
	json_key_string(w, "name", item->other_name);
	json_key(w, "facts");
	json_begin_object(w);
	for (size_t i = 0; i < item->fact_count; i++)
		json_key_string(w, item->facts[i].key, item->facts[i].value);
	json_end_object(w);
	json_sources(w, &item->sources);
	json_defined(w, item->file, item->line, item->col);
	json_end_object(w);
}

static void json_links(struct json_writer *w, const char *key, const struct link_list *links)
{
	json_key(w, key);
	json_begin_object(w);
	for (size_t i = 0; i < links->count; i++) {
		bool first = i == 0 || strcmp(links->items[i].label, links->items[i - 1].label) != 0;
		bool last = i + 1 == links->count ||
		            strcmp(links->items[i].label, links->items[i + 1].label) != 0;

		if (first) {
			json_key(w, links->items[i].label);
			json_begin_array(w);
		}
		json_link(w, &links->items[i]);
		if (last)
			json_end_array(w);
	}
	json_end_object(w);
}

static void show_json(struct out *o, const struct entity_full *s)
{
	struct json_writer w;

	json_init(&w, o, 2);
	json_begin_object(&w);
	json_key_string(&w, "id", s->e.id);
	json_key_string(&w, "kind", s->e.kind);
	json_key_string(&w, "badge", s->e.badge);
	json_key_string(&w, "name", s->e.name);
	json_key_string(&w, "type", s->e.type);
	json_key(&w, "aka");
	json_begin_array(&w);
	for (size_t i = 0; i < s->aka.count; i++)
		json_string(&w, s->aka.items[i]);
	json_end_array(&w);
	json_path(&w, s);
	json_key_int(&w, "child_count", s->e.n_children + s->e.n_linked);
	json_key_int(&w, "linked_count", s->e.n_linked);
	json_facts(&w, &s->facts);
	json_key_string(&w, "text", s->e.text);
	json_links(&w, "links", &s->links);
	json_links(&w, "backlinks", &s->backlinks);
	json_sources(&w, &s->sources);
	json_key_bool(&w, "sources_inherited", s->sources.inherited);
	json_defined(&w, s->e.file, s->e.line, s->e.col);
	json_end_object(&w);
	json_finish(&w);
}

/* The command */

/* A cli_model_fn: `options` is the command's struct cli_entity_options. */
static int show_entity(struct store *st, const void *options)
{
	const struct cli_entity_options *opts = options;
	struct entity_full s = { 0 };
	struct out o;
	int rc = cli_find_entity(st, opts->query, &s.e);

	if (rc == EXIT_OK)
		rc = show_load(st, &s);
	if (rc == EXIT_OK) {
		out_init(&o, stdout);
		if (opts->json)
			show_json(&o, &s);
		else
			entity_text_write(&o, &s, output_width(stdout));
		rc = out_finish(&o) ? EXIT_OK : EXIT_IO;
	}
	entity_full_clear(&s);
	return rc;
}

int cmd_show(int argc, char **argv)
{
	return cli_entity_command("show", show_usage, argc, argv, show_entity);
}
