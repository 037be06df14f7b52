/* Facts, links and citations: a fact's value (a scalar, a {value, source,
 * note} mapping or a list of them), a link's mapping (stored the forward
 * way round once its relation and target are known, else kept for the end
 * of the model), and the sources cited by an entity, fact, link or file. */
#include "loader_private.h"

#include <stdlib.h>
#include <string.h>

/* The line of the entity whose mapping is being read: facts and links are
 * stored with their line as an offset from it. */
static unsigned owner_line(const struct loader *ld)
{
	for (size_t i = ld->depth; i-- > 0;)
		if (ld->frames[i].type == F_ENTITY)
			return ld->frames[i].line;
	return 0;
}

/* ---- facts ------------------------------------------------------------- */

static void add_fact(struct loader *ld, int64_t eid, const char *key, const struct yevent *ev)
{
	if (is_null(ev))
		return;    /* `population: ~` says nothing: no fact */
	stored(ld, writer_add_fact(ld->writer, ++ld->next_fid, eid, key, ev->value, NULL, NULL,
	                           here(ld, ev->line, ev->col), owner_line(ld)));
}

static void fact_map_start(struct loader *ld, int64_t eid, const char *key, const struct yevent *ev)
{
	struct frame *f = frame_push(ld, F_FACT_MAP, ev);

	f->owner = eid;
	f->name = xstrdup(key);
	f->d.fact.fid = ++ld->next_fid;
}

/* A fact value: a scalar, a {value, source, note, basis, reason} mapping,
 * or a list of them. */
void fact_value(struct loader *ld, int64_t eid, const char *key, const struct yevent *ev,
                bool in_list)
{
	struct frame *list;

	switch (ev->type) {
	case YEV_SCALAR:
		add_fact(ld, eid, key, ev);
		break;
	case YEV_MAP_START:
		fact_map_start(ld, eid, key, ev);
		break;
	case YEV_SEQ_START:
		if (in_list) {
			error_at(ld, ev->line, ev->col, "fact '%s': a list inside a list is not allowed", key);
			skip_value(ld, ev);
			break;
		}
		list = frame_push(ld, F_FACT_LIST, ev);
		list->owner = eid;
		list->name = xstrdup(key);
		break;
	default:
		break;
	}
}

void fact_map_value(struct loader *ld, struct frame *f, const struct yevent *ev)
{
	struct fact_draft *fact = &f->d.fact;
	char *what;

	if (strcmp(f->key, "source") == 0) {
		take_sources(ld, ev, CITE_FACT, fact->fid, ld->depth - 1);
		return;
	}
	if (strcmp(f->key, "value") != 0 && strcmp(f->key, "note") != 0 &&
	    strcmp(f->key, BASIS_KEY) != 0 && strcmp(f->key, REASON_KEY) != 0) {
		error_at(ld, f->key_line, f->key_col,
		         "fact '%s' must be a scalar; a mapping here holds only value, source, note, "
		         "basis and reason, not '%s'", f->name, f->key);
		fact->reported = true;
		skip_value(ld, ev);
		return;
	}
	what = xasprintf("'%s' of fact '%s'", f->key, f->name);
	if (ev->type != YEV_SCALAR) {
		wrong_type(ld, ev, what, "a scalar");
		fact->reported = true;
	} else if (f->key[0] == 'v') {
		if (is_null(ev)) {
			error_at(ld, ev->line, ev->col, "'value' of fact '%s' must not be empty", f->name);
			fact->reported = true;
			free(what);
			return;
		}
		fact->value = xstrndup(ev->value, ev->length);
		fact->value_line = ev->line;
		fact->value_col = ev->col;
	} else if (strcmp(f->key, BASIS_KEY) == 0) {
		if (!is_null(ev) && !claim_basis_parse(ev->value, &fact->basis)) {
			error_at(ld, ev->line, ev->col, "basis '%s' of fact '%s' is none of: "
			         BASIS_NAMES, ev->value, f->name);
			fact->reported = true;
		}
	} else if (strcmp(f->key, REASON_KEY) == 0) {
		if (!is_null(ev))
			fact->reason = xstrndup(ev->value, ev->length);
	} else if (!is_null(ev)) {
		fact->note = xstrndup(ev->value, ev->length);
	}
	free(what);
}

/* An inferred value says why; a reason belongs to an inferred value. */
static void check_fact_basis(struct loader *ld, const struct frame *f)
{
	const struct fact_draft *fact = &f->d.fact;

	if (fact->reported)
		return;
	if (fact->basis == BASIS_INFERRED && !fact->reason)
		error_at(ld, f->line, f->col, "fact '%s' with 'basis: inferred' has no 'reason'",
		         f->name);
	else if (fact->basis != BASIS_INFERRED && fact->reason)
		error_at(ld, f->line, f->col, "fact '%s' has a 'reason' but no 'basis: inferred'",
		         f->name);
}

void fact_map_end(struct loader *ld, struct frame *f)
{
	struct fact_draft *fact = &f->d.fact;

	if (!fact->value) {
		if (!fact->reported)
			error_at(ld, f->line, f->col, "fact '%s' has no 'value'", f->name);
		return;
	}
	check_fact_basis(ld, f);
	stored(ld, writer_add_fact(ld->writer, fact->fid, f->owner, f->name, fact->value,
	                           fact->note, fact->reason, here(ld, fact->value_line, fact->value_col),
	                           owner_line(ld)));
}

/* ---- links --------------------------------------------------------------- */

void link_start(struct loader *ld, int64_t src, const struct yevent *ev)
{
	struct frame *f;

	if (ev->type != YEV_MAP_START) {
		wrong_type(ld, ev, "a link", "a mapping with 'rel' and 'to'");
		return;
	}
	f = frame_push(ld, F_LINK, ev);
	f->owner = ++ld->next_lid;
	f->d.link.src = src;
}

void link_value(struct loader *ld, struct frame *f, const struct yevent *ev)
{
	struct link_draft *link = &f->d.link;
	const char *key = f->key;

	if (strcmp(key, "rel") == 0) {
		if (take_scalar(ld, ev, key, &link->rel, true) &&
		    !writer_relation_known(ld->writer, link->rel))
			stored(ld, writer_add_pending(ld->writer, "relation", link->rel,
			                              here(ld, ev->line, ev->col)));
	} else if (strcmp(key, "to") == 0) {
		if (take_scalar(ld, ev, key, &link->to, true)) {
			link->to_line = ev->line;
			link->to_col = ev->col;
		}
	} else if (strcmp(key, "source") == 0) {
		take_sources(ld, ev, CITE_LINK, f->owner, ld->depth - 1);
	} else if (ev->type != YEV_SCALAR) {
		char *what = xasprintf("link fact '%s'", key);
		wrong_type(ld, ev, what, "a scalar");
		free(what);
	} else if (!is_null(ev)) {
		if (strcmp(key, BASIS_KEY) == 0 && !claim_basis_parse(ev->value, &link->basis)) {
			error_at(ld, ev->line, ev->col, "link basis '%s' is none of: " BASIS_NAMES,
			         ev->value);
			link->bad_basis = true;
			return;
		}
		if (strcmp(key, REASON_KEY) == 0)
			link->has_reason = true;
		stored(ld, writer_add_link_fact(ld->writer, f->owner, link->fact_count++, key,
		                                ev->value));
	}
}

/* An inferred link says why; a reason belongs to an inferred link. */
static void check_link_basis(struct loader *ld, const struct frame *f)
{
	const struct link_draft *link = &f->d.link;

	if (link->bad_basis)
		return;
	if (link->basis == BASIS_INFERRED && !link->has_reason)
		error_at(ld, f->line, f->col, "link with 'basis: inferred' has no 'reason'");
	else if (link->basis != BASIS_INFERRED && link->has_reason)
		error_at(ld, f->line, f->col, "link has a 'reason' but no 'basis: inferred'");
}

void link_end(struct loader *ld, struct frame *f)
{
	struct link_draft *link = &f->d.link;
	struct link_row row;

	if (!link->rel || !link->to) {
		bool no_rel = !link->rel && !frame_has_key(f, "rel");
		bool no_to = !link->to && !frame_has_key(f, "to");

		if (no_rel || no_to)
			error_at(ld, f->line, f->col, "link has no %s",
			         no_rel && no_to ? "'rel' and 'to'" : no_rel ? "'rel'" : "'to'");
		return;
	}
	check_link_basis(ld, f);
	row = (struct link_row){
		.lid = f->owner, .src = link->src, .rel = link->rel,
		.pos = { ld->file_no, f->line, f->col },
		.owner = link->src, .owner_line = owner_line(ld),
	};
	struct deferred_link where = {
		.lid = f->owner, .src = link->src, .file_no = ld->file_no,
		.to_line = link->to_line, .to_col = link->to_col,
	};
	const char *forward;
	bool inverse, secondary;
	int64_t dst = 0;

	/* written with an inverse name, a link is stored the forward way round */
	if (writer_relation(ld->writer, link->rel, &forward, &inverse, &secondary) &&
	    (dst = resolve_settled(ld, link->to)) != 0) {
		row.rel = forward;
		row.src = inverse ? dst : link->src;
		row.dst = inverse ? link->src : dst;
		note_link(ld, row.lid, row.src, forward, row.dst, secondary, &where);
	} else {
		where.rel = refs_keep(&ld->refs, link->rel);
		where.to = refs_keep(&ld->refs, link->to);
		GROW(ld->refs.links, ld->refs.link_cap, ld->refs.link_count + 1);
		ld->refs.links[ld->refs.link_count++] = where;
	}
	if (stored(ld, writer_add_link(ld->writer, &row)) == 0)
		ld->summary.links++;
}

/* ---- citations ------------------------------------------------------------ */

void add_citation(struct loader *ld, enum citation_owner owner_type, int64_t owner, int *ord,
                  const struct yevent *ev)
{
	const char *id = ev->value;
	int64_t source;

	if (ev->type != YEV_SCALAR || is_null(ev)) {
		if (ev->type != YEV_SCALAR)
			wrong_type(ld, ev, "a source", "a source id");
		else
			error_at(ld, ev->line, ev->col, "a source must not be empty");
		return;
	}
	source = resolve_settled(ld, id);
	if (!source) {
		GROW(ld->refs.citations, ld->refs.citation_cap, ld->refs.citation_count + 1);
		ld->refs.citations[ld->refs.citation_count++] = (struct deferred_citation){
			.owner = owner, .owner_type = (int)owner_type, .ord = *ord,
			.source = refs_keep(&ld->refs, id), .file_no = ld->file_no,
			.line = ev->line, .col = ev->col,
		};
	} else if (!(ld->refs.flags[source] & REF_SOURCE)) {
		ld->refs.cites_non_source = true;
	}
	stored(ld, writer_add_citation(ld->writer, owner_type, owner, (*ord)++, id, source,
	                               here(ld, ev->line, ev->col)));
}

/* `source:` takes one id or a list of them, counted in the draft of frame
 * `counter_frame`. */
void take_sources(struct loader *ld, const struct yevent *ev, enum citation_owner owner_type,
                  int64_t owner, size_t counter_frame)
{
	struct frame *f;

	if (ev->type == YEV_SEQ_START) {
		f = frame_push(ld, F_SOURCES, ev);
		f->cite_owner = owner_type;
		f->owner = owner;
		f->counter_frame = counter_frame;
		return;
	}
	add_citation(ld, owner_type, owner, draft_counter(ld, counter_frame, false), ev);
}
