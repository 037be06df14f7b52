#include "icsview/query/history_chain.h"

#include <stdlib.h>
#include <string.h>
#include "icsview/base/util.h"

#define SUCCESSOR_OF "successor_of"

static const char *const began_keys[] = { "opened", "established", "since" };
static const char *const ended_keys[] = { "closed", "legally_closed", "until" };

struct walk {
	struct store *st;
	struct history_chain *chain;
	enum history_direction direction;
	size_t listed;          /* entries in this direction so far */
};

static void dates_clear(struct history_dates *d)
{
	free(d->began_key);
	free(d->began);
	free(d->ended_key);
	free(d->ended);
	memset(d, 0, sizeof(*d));
}

static void step_clear(struct history_step *s)
{
	free(s->id);
	free(s->kind);
	free(s->badge);
	free(s->name);
	free(s->parent_name);
	free(s->parent_id);
	free(s->date);
	free(s->extent);
	dates_clear(&s->dates);
}

void history_chain_clear(struct history_chain *chain)
{
	if (!chain)
		return;
	for (size_t i = 0; i < chain->count; i++)
		step_clear(&chain->items[i]);
	free(chain->items);
	dates_clear(&chain->dates);
	memset(chain, 0, sizeof(*chain));
}

size_t history_chain_count(const struct history_chain *chain, enum history_direction direction)
{
	size_t n = 0;

	for (size_t i = 0; i < chain->count; i++)
		n += chain->items[i].direction == direction;
	return n;
}

/* The first fact of `facts` named one of keys[], in the order of keys[]. */
static const struct fact *first_fact(const struct fact_list *facts, const char *const *keys,
                                     size_t nkeys)
{
	for (size_t k = 0; k < nkeys; k++)
		for (size_t i = 0; i < facts->count; i++)
			if (strcmp(facts->items[i].key, keys[k]) == 0)
				return &facts->items[i];
	return NULL;
}

static int dates_read(struct store *st, int64_t eid, struct history_dates *out)
{
	struct fact_list facts = { 0 };
	const struct fact *f;

	if (store_facts(st, eid, &facts) != STORE_OK) {
		fact_list_clear(&facts);
		return STORE_ERROR;
	}
	if ((f = first_fact(&facts, began_keys, sizeof(began_keys) / sizeof(began_keys[0])))) {
		out->began_key = xstrdup(f->key);
		out->began = xstrdup(f->value);
	}
	if ((f = first_fact(&facts, ended_keys, sizeof(ended_keys) / sizeof(ended_keys[0])))) {
		out->ended_key = xstrdup(f->key);
		out->ended = xstrdup(f->value);
	}
	fact_list_clear(&facts);
	return STORE_OK;
}

static char *link_fact(const struct link_item *l, const char *key)
{
	for (size_t i = 0; i < l->fact_count; i++)
		if (strcmp(l->facts[i].key, key) == 0)
			return xstrdup(l->facts[i].value);
	return NULL;
}

/* Whether eid is the body or already listed in the walk's direction. */
static bool listed_before(const struct walk *w, int64_t eid)
{
	if (eid == w->chain->eid)
		return true;
	for (size_t i = 0; i < w->chain->count; i++)
		if (w->chain->items[i].direction == w->direction && w->chain->items[i].eid == eid)
			return true;
	return false;
}

static int parent_read(struct store *st, int64_t eid, struct history_step *s)
{
	struct entity e, parent;
	int rc = store_entity(st, eid, &e);

	if (rc != STORE_OK)
		return STORE_ERROR;
	if (e.parent != 0) {
		rc = store_entity(st, e.parent, &parent);
		if (rc == STORE_OK) {
			s->parent_name = xstrdup(parent.name);
			s->parent_id = xstrdup(parent.id);
			entity_clear(&parent);
		}
	}
	entity_clear(&e);
	return rc == STORE_OK ? STORE_OK : STORE_ERROR;
}

/* Appends the entry for the link `l`, reached `depth` links from the body. */
static int add_step(struct walk *w, const struct link_item *l, unsigned depth,
                    bool repeated)
{
	struct history_chain *c = w->chain;
	struct history_step *s;

	GROW(c->items, c->cap, c->count + 1);
	s = &c->items[c->count++];
	memset(s, 0, sizeof(*s));
	s->direction = w->direction;
	s->depth = depth;
	s->eid = l->other;
	s->id = xstrdup(l->other_id);
	s->kind = xstrdup(l->other_kind);
	s->badge = xstrdup(l->other_badge);
	s->name = xstrdup(l->other_name);
	s->date = link_fact(l, "date");
	if (!s->date)
		s->date = link_fact(l, "since");
	s->extent = link_fact(l, "extent");
	s->repeated = repeated;
	w->listed++;
	if (parent_read(w->st, l->other, s) != STORE_OK ||
	    dates_read(w->st, l->other, &s->dates) != STORE_OK)
		return STORE_ERROR;
	return STORE_OK;
}

/* The successor_of links of eid in the walk's direction, at most `most`
 * (the walk lists no more than that anyway). */
static int links_read(struct walk *w, int64_t eid, size_t most, struct link_list *out)
{
	enum link_direction dir = w->direction == HISTORY_BEFORE ? LINKS_OUT : LINKS_IN;

	return store_links_page(w->st, eid, dir, SUCCESSOR_OF, 0, most, out);
}

static int walk_from(struct walk *w, int64_t eid, unsigned depth)
{
	struct link_list links = { 0 };
	int rc;

	if (depth > HISTORY_MAX_DEPTH || w->listed >= HISTORY_MAX_STEPS) {
		/* a link not followed: cut only when there is one */
		rc = links_read(w, eid, 1, &links);
		if (rc == STORE_OK && links.count)
			w->chain->cut = true;
		link_list_clear(&links);
		return rc == STORE_OK ? STORE_OK : STORE_ERROR;
	}
	rc = links_read(w, eid, HISTORY_MAX_STEPS - w->listed + 1, &links);
	for (size_t i = 0; i < links.count && rc == STORE_OK; i++) {
		bool repeated;

		if (w->listed >= HISTORY_MAX_STEPS) {
			w->chain->cut = true;
			break;
		}
		repeated = listed_before(w, links.items[i].other);
		rc = add_step(w, &links.items[i], depth, repeated);
		if (rc == STORE_OK && !repeated)
			rc = walk_from(w, links.items[i].other, depth + 1);
	}
	link_list_clear(&links);
	return rc == STORE_OK ? STORE_OK : STORE_ERROR;
}

int history_chain_read(struct store *st, int64_t eid, struct history_chain *out)
{
	struct walk w = { st, out, HISTORY_BEFORE, 0 };

	memset(out, 0, sizeof(*out));
	out->eid = eid;
	if (dates_read(st, eid, &out->dates) != STORE_OK || walk_from(&w, eid, 1) != STORE_OK)
		return STORE_ERROR;
	w.direction = HISTORY_AFTER;
	w.listed = 0;
	return walk_from(&w, eid, 1);
}
