/* icsview history: a body's succession along successor_of links, as a tree.
 *
 * Plain text (history_text.h; lines wrapped as show wraps them):
 *
 *   Alpha (03A) (h-place-a) under NHS Xenia ICB
 *     predecessors
 *       ← NHS Alpha CCG (h-ccg-a) under …, 2022-07-01 (whole); opened 2013-04-01, closed 2022-06-30
 *         ← NHS Alpha Primary Care Trust (h-pct) under …, 2013-04-01; opened …
 *     successors
 *       → …
 *
 * With --json, one object:
 *
 *   {
 *     "id": str, "kind": str, "name": str, "parent": str|null (its id),
 *     "dates": {KEY: str},                   opened/established/since, closed/…
 *     "predecessors": [STEP], "successors": [STEP],
 *     "cut": bool                            a bound stopped the walk
 *   }
 *   STEP = {"id", "kind", "name", "parent": str|null, "parent_name": str|null,
 *           "date": str|null, "extent": str|null  (of the successor_of link),
 *           "dates": {KEY: str}, "repeated": bool (listed before, not followed),
 *           "predecessors" or "successors": [STEP]} */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "icsview/cli/cli.h"
#include "icsview/cli/cli_model.h"
#include "icsview/cli/cli_options.h"
#include "icsview/base/json_writer.h"
#include "icsview/base/output.h"
#include "icsview/query/history_chain.h"
#include "icsview/store/store.h"
#include "icsview/views/history_text.h"

static const char history_usage[] =
	"usage: icsview history [OPTION]... ID|CODE|NAME\n"
	"Show a body's predecessors and successors along successor_of links (A\n"
	"successor_of B: A succeeded B), followed link by link, as a tree: each with\n"
	"the body it sits under, the link's date and extent, and its own opening and\n"
	"closing dates.  A body met again (a merge seen twice, a cycle) is marked\n"
	"\"listed above\" and not followed again; a chain is followed at most 32 links\n"
	"and 200 bodies each way.\n"
	"\n"
	"The entity is found as `icsview show` finds it.\n"
	"\n"
	"  -m, --model=PATH   the model: a YAML file or directory (repeatable; default:\n"
	"                     $ICSVIEW_MODEL, else the bundled data)\n"
	"      --json         write one JSON document instead of text\n"
	"      --rebuild      load the model afresh instead of from the cache\n"
	"  -h, --help         show this help\n"
	"\n"
	"Exit status: 0 shown, 1 no such entity or invalid model, 2 usage error,\n"
	"3 ambiguous, 4 cannot read or write.\n";

/* JSON */

static void json_dates(struct json_writer *w, const struct history_dates *dates)
{
	json_key(w, "dates");
	json_begin_object(w);
	if (dates->began)
		json_key_string(w, dates->began_key, dates->began);
	if (dates->ended)
		json_key_string(w, dates->ended_key, dates->ended);
	json_end_object(w);
}

static size_t json_steps(struct json_writer *w, const struct history_chain *c, size_t i,
                         enum history_direction direction, unsigned depth);

/* The step at i and the steps under it; returns the index after them. */
static size_t json_step(struct json_writer *w, const struct history_chain *c, size_t i)
{
	const struct history_step *s = &c->items[i];

	json_begin_object(w);
	json_key_string(w, "id", s->id);
	json_key_string(w, "kind", s->kind);
	json_key_string(w, "name", s->name);
	json_key_string(w, "parent", s->parent_id);
	json_key_string(w, "parent_name", s->parent_name);
	json_key_string(w, "date", s->date);
	json_key_string(w, "extent", s->extent);
	json_dates(w, &s->dates);
	json_key_bool(w, "repeated", s->repeated);
	i = json_steps(w, c, i + 1, s->direction, s->depth + 1);
	json_end_object(w);
	return i;
}

/* The steps of one direction at `depth` from i on, as a keyed array. */
static size_t json_steps(struct json_writer *w, const struct history_chain *c, size_t i,
                         enum history_direction direction, unsigned depth)
{
	json_key(w, history_direction_label(direction));
	json_begin_array(w);
	while (i < c->count && c->items[i].direction == direction && c->items[i].depth == depth)
		i = json_step(w, c, i);
	json_end_array(w);
	return i;
}

/* The first entry in `direction` (the chain lists predecessors first). */
static size_t first_of(const struct history_chain *c, enum history_direction direction)
{
	size_t i = 0;

	while (i < c->count && c->items[i].direction != direction)
		i++;
	return i;
}

static void history_json(struct out *o, const struct entity *body, const char *parent_id,
                         const struct history_chain *c)
{
	struct json_writer w;

	json_init(&w, o, 2);
	json_begin_object(&w);
	json_key_string(&w, "id", body->id);
	json_key_string(&w, "kind", body->kind);
	json_key_string(&w, "name", body->name);
	json_key_string(&w, "parent", parent_id);
	json_dates(&w, &c->dates);
	json_steps(&w, c, first_of(c, HISTORY_BEFORE), HISTORY_BEFORE, 1);
	json_steps(&w, c, first_of(c, HISTORY_AFTER), HISTORY_AFTER, 1);
	json_key_bool(&w, "cut", c->cut);
	json_end_object(&w);
	json_finish(&w);
}

/* The command */

/* Everything is read before anything is written: no partial output. */
static int history_load(struct store *st, const struct entity *body, struct entity *parent,
                        struct history_chain *chain)
{
	if ((body->parent != 0 && store_entity(st, body->parent, parent) != STORE_OK) ||
	    history_chain_read(st, body->eid, chain) != STORE_OK) {
		fprintf(stderr, "icsview: cannot read the model: %s\n", store_errmsg(st));
		return EXIT_IO;
	}
	return EXIT_OK;
}

/* A cli_model_fn: `options` is the command's struct cli_entity_options. */
static int history_entity(struct store *st, const void *options)
{
	const struct cli_entity_options *opts = options;
	struct entity body = { 0 }, parent = { 0 };
	struct history_chain chain = { 0 };
	struct out o;
	int rc = cli_find_entity(st, opts->query, &body);

	if (rc == EXIT_OK)
		rc = history_load(st, &body, &parent, &chain);
	if (rc == EXIT_OK) {
		out_init(&o, stdout);
		if (opts->json)
			history_json(&o, &body, parent.id, &chain);
		else
			history_text_tree(&o, &body, parent.name, &chain, output_width(stdout));
		rc = out_finish(&o) ? EXIT_OK : EXIT_IO;
	}
	history_chain_clear(&chain);
	entity_clear(&parent);
	entity_clear(&body);
	return rc;
}

int cmd_history(int argc, char **argv)
{
	return cli_entity_command("history", history_usage, argc, argv, history_entity);
}
