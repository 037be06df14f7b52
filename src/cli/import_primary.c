/* Primary care (primary-care.yaml): primary care networks under the
 * sub-ICB location that commissions them, and GP practices under their
 * network, or under their sub-ICB location when they have none. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "icsview/base/util.h"
#include "import_build.h"
#include "import_names.h"

static const char ods_mergers[] = "ods-icb-mergers-2026";

struct practice {
	char *code, *name, *postcode, *opened, *sicbl, *pcn;
	bool moved;
};

struct pcn {
	char *code, *name, *sicbl, *opened, *closed, *postcode;
	size_t *members;       /* indexes of practices, in the join's order */
	size_t member_count, member_cap;
};

struct primary {
	struct england *en;
	struct practice *practices;
	size_t practice_count, practice_cap;
	struct pcn *pcns;
	size_t pcn_count, pcn_cap;
	struct strmap pcn_index;
	size_t *member_order;  /* PCNs in the order their first member came */
	size_t member_order_count, member_order_cap;
	char *error;
};

static int pcn_row(void *ctx, const char *const *c, size_t n)
{
	struct primary *p = ctx;
	bool added;
	int32_t *slot = strmap_insert(&p->pcn_index, c[0], &added);

	(void)n;
	if (!added)
		return 0;
	GROW(p->pcns, p->pcn_cap, p->pcn_count + 1);
	p->pcns[p->pcn_count] = (struct pcn){ xstrdup(c[0]), xstrdup(c[1]), xstrdup(c[2]),
	                                      xstrdup(c[3]), xstrdup(c[4]), xstrdup(c[5]),
	                                      NULL, 0, 0 };
	*slot = (int32_t)p->pcn_count++;
	return 0;
}

static int practice_row(void *ctx, const char *const *c, size_t n)
{
	struct primary *p = ctx;

	(void)n;
	if (england_sicbl(p->en, c[4]) == SIZE_MAX) {
		p->error = xasprintf("import: practice %s is commissioned by %s, which is no "
		                     "sub-ICB location of April 2026", c[0], c[4]);
		return 1;
	}
	GROW(p->practices, p->practice_cap, p->practice_count + 1);
	p->practices[p->practice_count] = (struct practice){
		xstrdup(c[0]), xstrdup(c[1]), xstrdup(c[2]), xstrdup(c[3]), xstrdup(c[4]),
		xstrdup(c[6]), strcmp(c[5], "1") == 0 };
	size_t index = p->practice_count++;
	if (!*c[6])
		return 0;
	int32_t *slot = strmap_find(&p->pcn_index, c[6]);
	if (!slot) {
		p->error = xasprintf("import: practice %s is in PCN %s, which ePCN does not list",
		                     c[0], c[6]);
		return 1;
	}
	struct pcn *pcn = &p->pcns[*slot];
	if (pcn->member_count == 0) {
		GROW(p->member_order, p->member_order_cap, p->member_order_count + 1);
		p->member_order[p->member_order_count++] = (size_t)*slot;
	}
	GROW(pcn->members, pcn->member_cap, pcn->member_count + 1);
	pcn->members[pcn->member_count++] = index;
	return 0;
}

static char *ymd(const char *s)
{
	if (!*s)
		return xstrdup("");
	return xasprintf("%.4s-%.2s-%.2s", s, s + 4, s + 6);
}

static struct ientity *practice_entity(const struct england *en, const struct practice *r,
                                       const char *pcn_sicbl)
{
	char *name = title_case(r->name), *date = ymd(r->opened);
	struct ientity *e = entity_new(r->code, "organisation", name, "GP practice");
	bool elsewhere = pcn_sicbl && strcmp(r->sicbl, pcn_sicbl) != 0;

	free(name);
	entity_fact_text(e, "postcode", r->postcode);
	entity_fact_text(e, "opened", date);
	free(date);
	if (r->moved) {
		char *from = england_moved_from(en);
		char *note = xasprintf("moved from %s on %s", from, MERGER_DATE);
		entity_fact_sourced(e, "commissioner", value_text(r->sicbl), ods_mergers, note);
		free(note);
		free(from);
		entity_source(e, "ods-epraccur-2026-02");
		entity_source(e, ods_mergers);
		e->source_list = true;
	} else if (elsewhere) {
		entity_fact_text(e, "commissioner", r->sicbl);
	}
	/* in a PCN of another sub-ICB location: say who commissions it */
	if (elsewhere)
		entity_link(e, "commissioned_by", r->sicbl);
	return e;
}

/* The entities under each sub-ICB location, by its index. */
struct under {
	struct ientity **items;
	size_t count, cap;
};

static void put_under(struct under *u, struct ientity *e)
{
	GROW(u->items, u->cap, u->count + 1);
	u->items[u->count++] = e;
}

static struct ientity *pcn_entity(struct primary *p, const struct pcn *pcn, const char **sicbl)
{
	const char *s = pcn->sicbl, *moved_to = NULL;
	char *name, *date;

	if (*pcn->closed) {
		p->error = xasprintf("import: PCN %s has practices but closed", pcn->code);
		return NULL;
	}
	if (england_sicbl(p->en, s) == SIZE_MAX) {
		moved_to = textmap_get(&p->en->pcn_moves, pcn->code);
		if (!moved_to) {
			p->error = xasprintf("import: PCN %s is commissioned by %s, which is no sub-ICB "
			                     "location of April 2026, and the change summary moves it "
			                     "nowhere", pcn->code, s);
			return NULL;
		}
		s = moved_to;
	}
	name = title_case(pcn->name);
	struct ientity *e = entity_new(pcn->code, "organisation", name, "primary care network");
	free(name);
	entity_fact_int(e, "practices", (long long)pcn->member_count);
	entity_fact_text(e, "postcode", pcn->postcode);
	date = ymd(pcn->opened);
	entity_fact_text(e, "opened", date);
	free(date);
	if (moved_to) {
		char *from = england_moved_from(p->en);
		char *note = xasprintf("commissioner moved from %s on %s (indicative in the ODS "
		                       "change summary)", from, MERGER_DATE);
		entity_fact_sourced(e, "commissioner", value_text(s), ods_mergers, note);
		free(note);
		free(from);
		entity_source(e, "ods-epcn-2024");
		entity_source(e, ods_mergers);
		e->source_list = true;
	} else {
		entity_source(e, "ods-epcn-2024");
	}
	entity_set_parent(e, s);
	for (size_t i = 0; i < pcn->member_count; i++)
		entity_add_child(e, practice_entity(p->en, &p->practices[pcn->members[i]], s));
	entity_sort(e->children, e->child_count);
	*sicbl = s;
	return e;
}

/* Networks first (by name), then practices without one (by name). */
static int networks_first(const void *a, const void *b)
{
	const struct ientity *x = *(struct ientity *const *)a, *y = *(struct ientity *const *)b;
	bool px = strcmp(x->type, "primary care network") == 0;
	bool py = strcmp(y->type, "primary care network") == 0;

	if (px != py)
		return px ? -1 : 1;
	return entity_compare(a, b);
}

static void primary_free(struct primary *p)
{
	for (size_t i = 0; i < p->practice_count; i++) {
		struct practice *r = &p->practices[i];
		free(r->code);
		free(r->name);
		free(r->postcode);
		free(r->opened);
		free(r->sicbl);
		free(r->pcn);
	}
	free(p->practices);
	for (size_t i = 0; i < p->pcn_count; i++) {
		struct pcn *r = &p->pcns[i];
		free(r->code);
		free(r->name);
		free(r->sicbl);
		free(r->opened);
		free(r->closed);
		free(r->postcode);
		free(r->members);
	}
	free(p->pcns);
	free(p->member_order);
	strmap_free(&p->pcn_index);
	free(p->error);
}

static int fill(struct primary *p, struct under *under, char **error)
{
	if (import_db_rows(p->en->db, IMPORT_EPCN, pcn_row, p, error) < 0)
		return -1;
	if (import_db_join(p->en->db, IMPORT_JOIN_PRACTICES, NULL, practice_row, p, error) != 0) {
		if (!*error) {
			*error = p->error;
			p->error = NULL;
		}
		return -1;
	}
	for (size_t i = 0; i < p->member_order_count; i++) {
		const char *s;
		struct ientity *e = pcn_entity(p, &p->pcns[p->member_order[i]], &s);
		if (!e) {
			*error = p->error;
			p->error = NULL;
			return -1;
		}
		put_under(&under[england_sicbl(p->en, s)], e);
	}
	for (size_t i = 0; i < p->practice_count; i++) {
		const struct practice *r = &p->practices[i];
		if (*r->pcn)
			continue;
		struct ientity *e = practice_entity(p->en, r, NULL);
		entity_set_parent(e, r->sicbl);
		put_under(&under[england_sicbl(p->en, r->sicbl)], e);
	}
	return 0;
}

int build_primary_care(struct england *en, struct entity_list *out, char **error)
{
	struct primary p = { .en = en };
	struct under *under = xcalloc(en->sicbl_count, sizeof(*under));
	size_t *order = xcalloc(en->sicbl_count, sizeof(*order));
	int status = fill(&p, under, error);

	for (size_t s = 0; s < en->sicbl_count; s++)
		order[england_sicbl_order(en, s)] = s;
	for (size_t k = 0; k < en->sicbl_count; k++) {
		struct under *u = &under[order[k]];
		if (u->count > 1)
			qsort(u->items, u->count, sizeof(*u->items), networks_first);
		for (size_t i = 0; i < u->count; i++) {
			if (status == 0)
				entity_list_add(out, u->items[i]);
			else
				entity_free(u->items[i]);
		}
		free(u->items);
	}
	free(under);
	free(order);
	primary_free(&p);
	return status;
}
