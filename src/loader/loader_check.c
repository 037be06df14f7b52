/* References and the end of a load.  A reference (a parent, a link's
 * target, a cited source) is resolved as it is read when it can be
 * (load_refs.h); once every file is read the rest are resolved, the whole
 * model is checked, and a valid model's tree counts are stored. */
#include "loader_private.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "icsview/base/suggest.h"
#include "icsview/store/store_check.h"

/* ---- references ------------------------------------------------------- */

/* The row id that `id` resolves to, if that is settled already: a stored
 * entity has it, and no entity still open could take it (an open entity
 * has a smaller row id than any it contains, and the smallest row id with
 * an id is the one it resolves to).  0 when the reference must wait for
 * the end of the model. */
int64_t resolve_settled(struct loader *ld, const char *id)
{
	int64_t eid = refs_lookup(&ld->refs, id);

	if (!eid)
		return 0;
	for (size_t i = 0; i < ld->depth; i++) {
		const struct frame *f = &ld->frames[i];
		if (f->type == F_ENTITY && (!f->d.entity.id || strcmp(f->d.entity.id, id) == 0))
			return 0;
	}
	return eid;
}

/* A link whose relation and target are both known, the right way round:
 * reports_to links and those of secondary relations are kept for the checks
 * and counts. */
void note_link(struct loader *ld, int64_t lid, int64_t src, const char *rel, int64_t dst,
               bool secondary, const struct deferred_link *where)
{
	struct load_refs *r = &ld->refs;

	if (secondary) {
		GROW(r->secondary, r->secondary_cap, r->secondary_count + 1);
		r->secondary[r->secondary_count++] = (struct ref_pair){ (int32_t)src, (int32_t)dst };
	}
	if (strcmp(rel, "reports_to") == 0) {
		GROW(r->reports, r->report_cap, r->report_count + 1);
		r->reports[r->report_count++] = (struct ref_edge){
			(int32_t)src, (int32_t)dst, lid > UINT32_MAX ? UINT32_MAX : (uint32_t)lid,
			where->file_no, where->to_line, where->to_col,
		};
	}
}

/* ---- once every file is read ----------------------------------------------- */

static const char *file_path(const struct loader *ld, int file_no)
{
	return file_no >= 0 && (size_t)file_no < ld->files->count ? ld->files->items[file_no].path
	                                                         : "";
}

static int compare_parents(const void *pa, const void *pb)
{
	const struct deferred_parent *a = pa, *b = pb;

	return a->eid < b->eid ? -1 : a->eid > b->eid;
}

static int compare_citations(const void *pa, const void *pb)
{
	const struct deferred_citation *a = pa, *b = pb;

	if (a->owner_type != b->owner_type)
		return a->owner_type < b->owner_type ? -1 : 1;
	if (a->owner != b->owner)
		return a->owner < b->owner ? -1 : 1;
	return a->ord < b->ord ? -1 : a->ord > b->ord;
}

/* A fix-up the database refused: the database is broken. */
static int fixed(struct loader *ld, int rc)
{
	if (rc != 0)
		diag_add(ld->diags, -1, "", 0, 0, "cannot store the model: %s",
		         writer_errmsg(ld->writer));
	return rc;
}

/* The id nearest to a misspelt one (suggest.h), or NULL.  Every id is
 * weighed, so only the first SUGGEST_IDS_MAX unknown references get one:
 * a model full of bad references is still reported at once. */
#define SUGGEST_IDS_MAX 20

static const char *nearest_id(struct loader *ld, const char *word)
{
	const struct strmap *ids = &ld->refs.ids;
	struct suggest s;

	if (ld->ids_suggested >= SUGGEST_IDS_MAX)
		return NULL;
	ld->ids_suggested++;
	suggest_init(&s, word);
	for (size_t at = 0; at < ids->pool_len; at += strlen(ids->pool + at) + 1)
		suggest_consider(&s, ids->pool + at);
	return s.best;
}

/* A link to no id: when the word is a code of an entity (RHQ for a
 * trust), the report names the id the link should use; else the nearest
 * id, if one is close. */
static void unknown_link_target(struct loader *ld, const struct deferred_link *l)
{
	const char *to = refs_string(&ld->refs, l->to);
	char *owner = writer_code_owner(ld->writer, to);
	const char *near = owner ? NULL : nearest_id(ld, to);

	if (owner)
		diag_add(ld->diags, l->file_no, file_path(ld, l->file_no), l->to_line, l->to_col,
		         "link to unknown entity '%s' ('%s' is a code of %s; links name ids)",
		         to, to, owner);
	else if (near)
		diag_add(ld->diags, l->file_no, file_path(ld, l->file_no), l->to_line, l->to_col,
		         "link to unknown entity '%s' (did you mean '%s'?)", to, near);
	else
		diag_add(ld->diags, l->file_no, file_path(ld, l->file_no), l->to_line, l->to_col,
		         "link to unknown entity '%s'", to);
	free(owner);
}

/* Resolves the references that had to wait, now that every id is known,
 * reporting those to nothing. */
static int resolve_the_rest(struct loader *ld)
{
	struct load_refs *r = &ld->refs;

	if (r->parent_count > 1)
		qsort(r->parents, r->parent_count, sizeof(*r->parents), compare_parents);
	for (size_t i = 0; i < r->parent_count; i++) {
		const struct deferred_parent *p = &r->parents[i];
		int64_t parent = refs_lookup(r, refs_string(r, p->id));

		if (!parent) {
			const char *id = refs_string(r, p->id), *near = nearest_id(ld, id);

			if (near)
				diag_add(ld->diags, p->file_no, file_path(ld, p->file_no), p->line, p->col,
				         "unknown parent '%s' (did you mean '%s'?)", id, near);
			else
				diag_add(ld->diags, p->file_no, file_path(ld, p->file_no), p->line, p->col,
				         "unknown parent '%s'", id);
			continue;
		}
		r->parent[p->eid] = parent;
		if (fixed(ld, writer_fix_parent(ld->writer, p->eid, parent)) != 0)
			return -1;
	}
	for (size_t i = 0; i < r->link_count; i++) {
		const struct deferred_link *l = &r->links[i];
		const char *rel = refs_string(r, l->rel), *forward;
		int64_t dst = refs_lookup(r, refs_string(r, l->to)), src = l->src;
		bool inverse = false, secondary = false;

		if (!dst) {
			unknown_link_target(ld, l);
			continue;
		}
		if (writer_relation(ld->writer, rel, &forward, &inverse, &secondary)) {
			rel = forward;
			if (inverse) {
				src = dst;
				dst = l->src;
			}
			note_link(ld, l->lid, src, rel, dst, secondary, l);
		}
		if (fixed(ld, writer_fix_link(ld->writer, l->lid, l->src, src, rel, dst)) != 0)
			return -1;
	}
	if (r->citation_count > 1)
		qsort(r->citations, r->citation_count, sizeof(*r->citations), compare_citations);
	for (size_t i = 0; i < r->citation_count; i++) {
		const struct deferred_citation *c = &r->citations[i];
		int64_t source = refs_lookup(r, refs_string(r, c->source));

		if (!source) {
			diag_add(ld->diags, c->file_no, file_path(ld, c->file_no), c->line, c->col,
			         "unknown source '%s'", refs_string(r, c->source));
			continue;
		}
		if (!(r->flags[source] & REF_SOURCE))
			r->cites_non_source = true;
		if (fixed(ld, writer_fix_citation(ld->writer, (enum citation_owner)c->owner_type,
		                                  c->owner, c->ord, source)) != 0)
			return -1;
	}
	return 0;
}

/* The checks of the whole model, in this order: duplicate ids, unknown
 * kinds and relations, references to nothing, citations of what is not a
 * source, cycles.  0 when they ran (problems are in diags), -1 when the
 * database failed. */
int check_model(struct loader *ld)
{
	if (ld->refs.duplicate_ids &&
	    store_check_duplicates(ld->writer, ld->files, ld->diags) != 0)
		return -1;
	writer_report_unknown_names(ld->writer, ld->files, ld->diags);
	if (fixed(ld, writer_fix_kinds(ld->writer)) != 0 || resolve_the_rest(ld) != 0)
		return -1;
	if (ld->refs.cites_non_source &&
	    store_check_source_kinds(ld->writer, ld->files, ld->diags) != 0)
		return -1;
	return store_check_cycles(ld->writer, ld->files, ld->diags, &ld->refs);
}

static int compare_pairs(const void *pa, const void *pb)
{
	const struct ref_pair *a = pa, *b = pb;

	if (a->dst != b->dst)
		return a->dst < b->dst ? -1 : 1;
	return a->src < b->src ? -1 : a->src > b->src;
}

/* The counts each tree row shows, stored so that browsing never counts:
 * own children, and the entities shown under an entity through a
 * secondary relation (each once, unless it is already a child or the
 * entity itself). */
int save_tree_counts(struct loader *ld)
{
	struct load_refs *r = &ld->refs;
	size_t nodes = (size_t)r->max_eid + 1;
	uint32_t *children = xcalloc(nodes, sizeof(*children));
	uint32_t *linked = xcalloc(nodes, sizeof(*linked));
	int rc = 0;

	for (size_t eid = 1; eid < nodes; eid++)
		if (r->parent[eid] > 0 && (size_t)r->parent[eid] < nodes)
			children[r->parent[eid]]++;
	if (r->secondary_count > 1)
		qsort(r->secondary, r->secondary_count, sizeof(*r->secondary), compare_pairs);
	for (size_t i = 0; i < r->secondary_count; i++) {
		const struct ref_pair *p = &r->secondary[i];

		if (i > 0 && p->src == p[-1].src && p->dst == p[-1].dst)
			continue;
		if (r->parent[p->src] != p->dst && p->src != p->dst && (size_t)p->dst < nodes)
			linked[p->dst]++;
	}
	for (size_t eid = 1; eid < nodes && rc == 0; eid++)
		if (children[eid] || linked[eid])
			rc = fixed(ld, writer_set_counts(ld->writer, (int64_t)eid, children[eid],
			                                 linked[eid]));
	free(children);
	free(linked);
	return rc;
}
