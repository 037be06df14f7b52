/* Entities: an entity's mapping read key by key into its draft, the entity
 * stored when the mapping ends (a parent not known yet is kept for the end
 * of the model), and its aka.  The search index is built after the
 * database, from it (store_search_build). */
#include "loader_private.h"

#include <stdlib.h>
#include <string.h>
#include "icsview/base/model.h"

/* The draft of the open entity eid (the innermost frames are searched
 * first: it is usually one to three frames down). */
static struct entity_draft *draft_of(struct loader *ld, int64_t eid)
{
	for (size_t i = ld->depth; i-- > 0;)
		if (ld->frames[i].type == F_ENTITY && ld->frames[i].owner == eid)
			return &ld->frames[i].d.entity;
	return NULL;
}

/* Scalars are NUL-terminated: those that go straight to the writer are
 * handed over as they are (the writer copies them).  The first aka that is
 * the entity's id (read before it: as most are, a code given as both) is
 * not stored: the entity row says where it comes (store.c). */
void add_aka(struct loader *ld, int64_t eid, int *ord, const struct yevent *ev)
{
	struct entity_draft *e;

	if (ev->type != YEV_SCALAR) {
		wrong_type(ld, ev, "an 'aka' entry", "a scalar");
		return;
	}
	if (is_null(ev))
		return;
	e = draft_of(ld, eid);
	if (e && e->id && !e->id_aka && strcmp(ev->value, e->id) == 0) {
		e->id_aka = ++*ord;
		return;
	}
	stored(ld, writer_add_aka(ld->writer, eid, (*ord)++, ev->value));
}

/* ---- entities ----------------------------------------------------------- */

void entity_start(struct loader *ld, int64_t nested_in, const struct yevent *ev)
{
	struct frame *f;

	if (ev->type != YEV_MAP_START) {
		wrong_type(ld, ev, "an entity", "a mapping");
		return;
	}
	if ((size_t)ld->next_eid >= ld->limits->max_entities || ld->next_eid >= REFS_MAX_EID) {
		error_at(ld, ev->line, ev->col, "more entities than the limit of %zu",
		         ld->limits->max_entities < REFS_MAX_EID ? ld->limits->max_entities
		                                                 : (size_t)REFS_MAX_EID);
		ld->fatal = true;
		return;
	}
	f = frame_push(ld, F_ENTITY, ev);
	f->owner = ++ld->next_eid;
	f->d.entity.nested_in = nested_in;
}

/* The id of entity nested_in, whose `children:` are being read, for a
 * message. */
static const char *enclosing_entity_id(struct loader *ld, int64_t nested_in)
{
	const struct entity_draft *enclosing = draft_of(ld, nested_in);

	return enclosing && enclosing->id ? enclosing->id : "the enclosing entity";
}

void entity_value(struct loader *ld, struct frame *f, const struct yevent *ev)
{
	struct entity_draft *e = &f->d.entity;
	const char *key = f->key;
	int64_t eid = f->owner;

	if (strcmp(key, "id") == 0) {
		if (take_scalar(ld, ev, key, &e->id, true) && !model_id_valid(e->id, ev->length))
			error_at(ld, ev->line, ev->col,
			         "invalid id '%s': use 1-%d letters, digits and . _ : / + -, "
			         "starting with a letter or digit", e->id, MODEL_ID_MAX);
	} else if (strcmp(key, "kind") == 0) {
		if (take_scalar(ld, ev, key, &e->kind, true) && !writer_kind_known(ld->writer, e->kind))
			stored(ld, writer_add_pending(ld->writer, "kind", e->kind,
			                              here(ld, ev->line, ev->col)));
	} else if (strcmp(key, "name") == 0) {
		take_scalar(ld, ev, key, &e->name, true);
	} else if (strcmp(key, "type") == 0) {
		take_scalar(ld, ev, key, &e->type, false);
	} else if (strcmp(key, "text") == 0) {
		take_scalar(ld, ev, key, &e->text, false);
	} else if (strcmp(key, "aka") == 0) {
		if (ev->type == YEV_SEQ_START) {
			size_t entity_frame = ld->depth - 1;
			struct frame *list = frame_push(ld, F_AKA, ev);
			list->owner = eid;
			list->counter_frame = entity_frame;
		} else {
			add_aka(ld, eid, &e->aka_count, ev);
		}
	} else if (strcmp(key, "source") == 0) {
		take_sources(ld, ev, CITE_ENTITY, eid, ld->depth - 1);
	} else if (strcmp(key, "parent") == 0) {
		if (e->nested_in) {
			error_at(ld, f->key_line, f->key_col,
			         "'parent' is not allowed on an entity nested in 'children' of '%s'",
			         enclosing_entity_id(ld, e->nested_in));
			skip_value(ld, ev);
		} else if (take_scalar(ld, ev, key, &e->parent_id, true)) {
			e->parent_line = ev->line;
			e->parent_col = ev->col;
		}
	} else if (strcmp(key, "facts") == 0) {
		if (ev->type == YEV_MAP_START)
			frame_push(ld, F_FACTS, ev)->owner = eid;
		else if (!is_null(ev))
			wrong_type(ld, ev, "'facts'", "a mapping of fact names to values");
	} else if (strcmp(key, "children") == 0 || strcmp(key, "links") == 0) {
		bool children = key[0] == 'c';
		if (ev->type == YEV_SEQ_START)
			frame_push(ld, children ? F_ENTITY_LIST : F_LINKS, ev)->owner = eid;
		else if (!is_null(ev))
			wrong_type(ld, ev, children ? "'children'" : "'links'",
			           children ? "a list of entities" : "a list of links");
	} else {
		unknown_key(ld, f, "an entity",
		            "id, kind, name, aka, type, facts, text, source, parent, children, links", ev);
	}
}

void entity_end(struct loader *ld, struct frame *f)
{
	struct entity_draft *e = &f->d.entity;
	struct entity_row row;
	const char *missing[3];     /* of id, kind and name */
	size_t n = 0;

	/* a key that is present but bad has been reported already */
	if (!e->id && !frame_has_key(f, "id")) missing[n++] = "id";
	if (!e->kind && !frame_has_key(f, "kind")) missing[n++] = "kind";
	if (!e->name && !frame_has_key(f, "name")) missing[n++] = "name";
	if (!e->id || !e->kind || !e->name) {
		if (!n)
			return;
		struct strbuf list = STRBUF_INIT;
		for (size_t i = 0; i < n; i++)
			sb_printf(&list, "%s'%s'", i == 0 ? "" : i + 1 == n ? " and " : ", ", missing[i]);
		if (e->id)
			error_at(ld, f->line, f->col, "entity '%s' has no %s", e->id, sb_str(&list));
		else
			error_at(ld, f->line, f->col, "entity has no %s", sb_str(&list));
		sb_free(&list);
		return;
	}
	row = (struct entity_row){
		.eid = f->owner, .id = e->id, .kind = e->kind, .name = e->name, .type = e->type,
		.text = e->text, .parent = e->nested_in, .explicit_parent = e->parent_id != NULL,
		.pos = { ld->file_no, f->line, f->col },
		.parent_line = e->parent_line, .parent_col = e->parent_col,
		.id_aka = e->id_aka - 1,
	};
	if (e->parent_id && !(row.parent = resolve_settled(ld, e->parent_id))) {
		GROW(ld->refs.parents, ld->refs.parent_cap, ld->refs.parent_count + 1);
		ld->refs.parents[ld->refs.parent_count++] = (struct deferred_parent){
			f->owner, refs_keep(&ld->refs, e->parent_id), ld->file_no, e->parent_line,
			e->parent_col,
		};
	}
	if (stored(ld, writer_add_entity(ld->writer, &row)) == 0) {
		bool source = strcmp(e->kind, "source") == 0;
		refs_stored(&ld->refs, e->id, f->owner, row.parent, source);
		ld->summary.entities++;
		if (source)
			ld->summary.sources++;
	}
}
