/* What changed between two models (diff.h, store_diff.h), on the small
 * models under tests/models/diff-*: each differs from diff-old in one
 * way (diff-divided: a body split in two), diff-mixed in all of them,
 * diff-same in none but the order of its facts. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"
#include "icsview/base/util.h"
#include "icsview/query/diff.h"
#include "icsview/query/filter.h"
#include "icsview/store/store_diff.h"

struct pair {
	char *old_dir, *new_dir;
	struct store *old_st, *new_st;
	struct diff_result r;
};

static void open_pair(struct pair *p, const char *old_model, const char *new_model)
{
	const char *old_path[] = { old_model }, *new_path[] = { new_model };

	memset(p, 0, sizeof(*p));
	p->old_dir = scratch_dir();
	p->new_dir = scratch_dir();
	p->old_st = load_valid(p->old_dir, old_path, 1);
	p->new_st = load_valid(p->new_dir, new_path, 1);
}

static void close_pair(struct pair *p)
{
	diff_result_clear(&p->r);
	unload_model(p->old_st, p->old_dir);
	unload_model(p->new_st, p->new_dir);
}

/* diff-old against diff-NAME, with a filter or none. */
static void run_pair(struct pair *p, const char *name, const char *filter_text)
{
	char *new_model = xasprintf("diff-%s/model.yaml", name);
	struct filter_error error;
	struct filter *f = filter_text ? filter_parse(filter_text, &error) : NULL;
	struct diff_options opts = { .filter = f };

	cr_assert(!filter_text || f, "filter: %s", filter_text ? error.message : "");
	open_pair(p, "diff-old/model.yaml", new_model);
	cr_assert_eq(diff_run(p->old_st, p->new_st, &opts, &p->r), DIFF_OK, "%s",
	             p->r.error ? p->r.error : "");
	filter_free(f);
	free(new_model);
}

static size_t total(const struct diff_result *r)
{
	size_t n = 0;

	for (int k = 0; k < DIFF_KIND_COUNT; k++)
		n += r->counts[k];
	return n;
}

/* The only change is one of `kind`, of the entity `id`. */
static const struct diff_change *only(const struct diff_result *r, enum diff_kind kind,
                                      const char *id)
{
	const struct diff_change *c;

	cr_assert_eq(r->count, 1, "%zu changes", r->count);
	cr_assert_eq(total(r), 1);
	c = &r->items[0];
	cr_assert_eq(c->kind, kind, "%s", diff_kind_name(c->kind));
	cr_assert_eq(r->counts[kind], 1);
	cr_expect_str_eq(c->after.eid ? c->after.id : c->before.id, id);
	return c;
}

/* The change of `kind` of entity `id`, which must be there. */
static const struct diff_change *find_change(const struct diff_result *r, enum diff_kind kind,
                                             const char *id)
{
	for (size_t i = 0; i < r->count; i++) {
		const struct diff_change *c = &r->items[i];
		const char *cid = c->after.eid ? c->after.id : c->before.id;

		if (c->kind == kind && strcmp(cid, id) == 0)
			return c;
	}
	cr_assert_fail("no %s change of %s", diff_kind_name(kind), id);
	return NULL;
}

static void expect_values(const struct string_list *l, const char *joined)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < l->count; i++) {
		if (i)
			sb_puts(&sb, "|");
		sb_puts(&sb, l->items[i]);
	}
	cr_expect_str_eq(sb_str(&sb), joined);
	sb_free(&sb);
}

Test(diff, the_same_model_written_otherwise_has_no_change)
{
	struct pair p;

	run_pair(&p, "same", NULL);
	cr_expect(diff_result_empty(&p.r));
	cr_expect_eq(total(&p.r), 0);
	close_pair(&p);
}

Test(diff, a_model_against_itself_has_no_change)
{
	struct pair p;

	open_pair(&p, "diff-mixed/model.yaml", "diff-mixed/model.yaml");
	cr_assert_eq(diff_run(p.old_st, p.new_st, NULL, &p.r), DIFF_OK);
	cr_expect(diff_result_empty(&p.r));
	close_pair(&p);
}

Test(diff, an_entity_added)
{
	struct pair p;
	const struct diff_change *c;

	run_pair(&p, "added", NULL);
	c = only(&p.r, DIFF_ADDED, "gp-3");
	cr_expect_eq(c->before.eid, 0);
	cr_expect_str_eq(c->after.name, "Practice Three");
	cr_expect_str_eq(c->after.kind, "organisation");
	cr_expect_str_eq(c->after.type, "GP practice");
	cr_expect_str_eq(c->after.path, "North" DIFF_PATH_SEPARATOR "Alpha ICB"
	                 DIFF_PATH_SEPARATOR "Place One");
	close_pair(&p);
}

Test(diff, an_entity_removed_with_its_old_path)
{
	struct pair p;
	const struct diff_change *c;

	run_pair(&p, "removed", NULL);
	/* its link went with it: the removal alone is shown */
	c = only(&p.r, DIFF_REMOVED, "gp-2");
	cr_expect_eq(c->after.eid, 0);
	cr_expect_str_eq(c->before.name, "Practice Two");
	cr_expect_str_eq(c->before.path, "North" DIFF_PATH_SEPARATOR "Alpha ICB"
	                 DIFF_PATH_SEPARATOR "Place One");
	close_pair(&p);
}

Test(diff, a_successor_replaces_its_predecessor_rather_than_being_added)
{
	struct pair p;
	const struct diff_change *c;

	run_pair(&p, "replaced", NULL);
	cr_assert_eq(p.r.count, 1);
	c = &p.r.items[0];
	cr_expect_eq(c->kind, DIFF_REPLACED);
	cr_expect_str_eq(c->before.id, "icb-b");
	cr_expect_str_eq(c->after.id, "icb-c");
	cr_expect_str_eq(c->after.name, "Gamma ICB");
	cr_expect_eq(p.r.counts[DIFF_ADDED], 0);
	close_pair(&p);
}

/* A record the old model already gave a successor (a CCG succeeded by
 * its ICB) is history: when the new model points it at the ICB's own
 * successor, the CCG is not counted as replaced again; the ICB is. */
Test(diff, a_body_already_succeeded_in_the_old_model_is_not_replaced_again)
{
	struct pair p;
	struct diff_options opts = { 0 };

	open_pair(&p, "diff-history/old.yaml", "diff-history/new.yaml");
	cr_assert_eq(diff_run(p.old_st, p.new_st, &opts, &p.r), DIFF_OK, "%s",
	             p.r.error ? p.r.error : "");
	cr_expect_eq(p.r.counts[DIFF_REPLACED], 1);
	cr_expect_eq(p.r.counts[DIFF_ADDED], 0);
	for (size_t i = 0; i < p.r.count; i++) {
		if (p.r.items[i].kind != DIFF_REPLACED)
			continue;
		cr_expect_str_eq(p.r.items[i].before.id, "icb-a");
		cr_expect_str_eq(p.r.items[i].after.id, "icb-z");
	}
	close_pair(&p);
}

Test(diff, a_body_split_in_two_is_replaced_by_each_successor)
{
	struct pair p;

	run_pair(&p, "divided", NULL);
	cr_assert_eq(p.r.count, 2);
	cr_expect_eq(p.r.counts[DIFF_REPLACED], 2);
	for (size_t i = 0; i < 2; i++) {
		cr_expect_eq(p.r.items[i].kind, DIFF_REPLACED);
		cr_expect_str_eq(p.r.items[i].before.id, "icb-b");
	}
	cr_expect_str_eq(p.r.items[0].after.id, "icb-d");
	cr_expect_str_eq(p.r.items[1].after.id, "icb-e");
	close_pair(&p);
}

Test(diff, renamed)
{
	struct pair p;
	const struct diff_change *c;

	run_pair(&p, "renamed", NULL);
	c = only(&p.r, DIFF_RENAMED, "gp-1");
	cr_expect_str_eq(c->before.name, "Practice One");
	cr_expect_str_eq(c->after.name, "Practice One Surgery");
	close_pair(&p);
}

Test(diff, moved_to_another_parent)
{
	struct pair p;
	const struct diff_change *c;

	run_pair(&p, "moved", NULL);
	c = only(&p.r, DIFF_MOVED, "gp-2");
	cr_expect_str_eq(c->before.path, "North" DIFF_PATH_SEPARATOR "Alpha ICB"
	                 DIFF_PATH_SEPARATOR "Place One");
	cr_expect_str_eq(c->after.path, "North" DIFF_PATH_SEPARATOR "Alpha ICB"
	                 DIFF_PATH_SEPARATOR "Place Two");
	close_pair(&p);
}

Test(diff, kind_changed)
{
	struct pair p;
	const struct diff_change *c;

	run_pair(&p, "kind", NULL);
	c = only(&p.r, DIFF_KIND, "pcn-1");
	cr_expect_str_eq(c->before.kind, "organisation");
	cr_expect_str_eq(c->after.kind, "partnership");
	close_pair(&p);
}

Test(diff, type_changed)
{
	struct pair p;
	const struct diff_change *c;

	run_pair(&p, "type", NULL);
	c = only(&p.r, DIFF_TYPE, "gp-1");
	cr_expect_str_eq(c->before.type, "GP practice");
	cr_expect_str_eq(c->after.type, "branch surgery");
	close_pair(&p);
}

Test(diff, facts_by_key_with_several_values_old_and_new)
{
	struct pair p;
	const struct diff_change *c;

	run_pair(&p, "facts", NULL);
	cr_assert_eq(p.r.count, 2);
	cr_expect_eq(p.r.counts[DIFF_FACTS], 2);
	c = find_change(&p.r, DIFF_FACTS, "icb-a");
	cr_assert_eq(c->fact_count, 2);
	cr_expect_str_eq(c->facts[0].key, "population");
	expect_values(&c->facts[0].before, "1000");
	expect_values(&c->facts[0].after, "");
	cr_expect_str_eq(c->facts[1].key, "services");
	expect_values(&c->facts[1].before, "acute|community");
	expect_values(&c->facts[1].after, "community|mental health");
	c = find_change(&p.r, DIFF_FACTS, "gp-1");
	cr_assert_eq(c->fact_count, 2);
	cr_expect_str_eq(c->facts[0].key, "postcode");
	expect_values(&c->facts[0].before, "AA1 1AA");
	expect_values(&c->facts[0].after, "AA1 1AB");
	cr_expect_str_eq(c->facts[1].key, "closed");
	expect_values(&c->facts[1].before, "");
	expect_values(&c->facts[1].after, "2026-03-31");
	close_pair(&p);
}

Test(diff, links_added_and_removed_with_their_facts)
{
	struct pair p;
	const struct diff_change *c;

	run_pair(&p, "links", NULL);
	cr_assert_eq(p.r.count, 2);
	/* a link fact changed: the link as it was removed, as it is added */
	c = find_change(&p.r, DIFF_LINKS, "gp-1");
	cr_assert_eq(c->links_removed.count, 1);
	cr_assert_eq(c->links_added.count, 1);
	cr_expect_str_eq(c->links_removed.items[0].rel, "member_of");
	cr_expect_str_eq(c->links_removed.items[0].target_id, "pcn-1");
	cr_expect_str_eq(c->links_removed.items[0].target_name, "PCN One");
	expect_values(&c->links_removed.items[0].fact_keys, "role");
	expect_values(&c->links_removed.items[0].fact_values, "lead");
	expect_values(&c->links_added.items[0].fact_values, "member");
	c = find_change(&p.r, DIFF_LINKS, "gp-2");
	cr_expect_eq(c->links_removed.count, 0);
	cr_assert_eq(c->links_added.count, 1);
	cr_expect_str_eq(c->links_added.items[0].rel, "serves");
	cr_expect_str_eq(c->links_added.items[0].target_id, "place-2");
	close_pair(&p);
}

Test(diff, sources_changed)
{
	struct pair p;
	const struct diff_change *c;

	run_pair(&p, "sources", NULL);
	c = only(&p.r, DIFF_SOURCES, "gp-2");
	/* its file's default before, its own after */
	expect_values(&c->sources_before, "doc-a");
	expect_values(&c->sources_after, "doc-b");
	close_pair(&p);
}

Test(diff, every_kind_at_once_grouped_in_order)
{
	static const size_t expected[DIFF_KIND_COUNT] = {
		[DIFF_ADDED] = 2, [DIFF_REMOVED] = 1, [DIFF_REPLACED] = 2, [DIFF_RENAMED] = 1,
		[DIFF_MOVED] = 2, [DIFF_KIND] = 1, [DIFF_TYPE] = 1, [DIFF_FACTS] = 2,
		[DIFF_LINKS] = 2, [DIFF_SOURCES] = 1,
	};
	struct pair p;
	const struct diff_change *c;

	run_pair(&p, "mixed", NULL);
	for (int k = 0; k < DIFF_KIND_COUNT; k++)
		cr_expect_eq(p.r.counts[k], expected[k], "%s: %zu", diff_kind_name((enum diff_kind)k),
		             p.r.counts[k]);
	for (size_t i = 1; i < p.r.count; i++)
		cr_expect_leq(p.r.items[i - 1].kind, p.r.items[i].kind);
	/* icb-b kept as abolished under a region of its own: replaced by its
	 * successor, and moved and retyped itself */
	find_change(&p.r, DIFF_MOVED, "icb-b");
	c = find_change(&p.r, DIFF_TYPE, "icb-b");
	cr_expect_str_eq(c->after.type, "integrated care board (abolished)");
	c = find_change(&p.r, DIFF_REPLACED, "icb-c");
	cr_expect_str_eq(c->before.id, "icb-b");
	find_change(&p.r, DIFF_REMOVED, "clinic-x");
	find_change(&p.r, DIFF_ADDED, "abolished");
	close_pair(&p);
}

Test(diff, a_filter_keeps_changes_of_entities_matching_on_either_side)
{
	struct pair p;

	/* pcn-1 is an organisation only in the old model */
	run_pair(&p, "mixed", "kind:organisation");
	cr_expect_eq(p.r.counts[DIFF_KIND], 1);
	cr_expect_eq(p.r.counts[DIFF_ADDED], 1);      /* gp-3, not the region */
	cr_expect_eq(p.r.counts[DIFF_REMOVED], 0);    /* clinic-x is a service */
	cr_expect_eq(p.r.counts[DIFF_REPLACED], 0);
	cr_expect_eq(p.r.counts[DIFF_LINKS], 2);
	close_pair(&p);
	/* a removed entity matches in the old model only */
	run_pair(&p, "mixed", "kind:service");
	cr_expect_eq(total(&p.r), 1);
	find_change(&p.r, DIFF_REMOVED, "clinic-x");
	close_pair(&p);
	/* an added one in the new model only */
	run_pair(&p, "mixed", "id:abolished");
	cr_expect_eq(total(&p.r), 1);
	find_change(&p.r, DIFF_ADDED, "abolished");
	close_pair(&p);
}

Test(diff, a_filter_that_fits_neither_model_is_refused)
{
	struct pair p;
	struct filter_error error;
	struct filter *f = filter_parse("kind:nosuchkind", &error);
	struct diff_options opts = { .filter = f };

	cr_assert(f);
	open_pair(&p, "diff-old/model.yaml", "diff-mixed/model.yaml");
	cr_expect_eq(diff_run(p.old_st, p.new_st, &opts, &p.r), DIFF_BAD_FILTER);
	cr_expect(p.r.error && strstr(p.r.error, "nosuchkind"), "%s", p.r.error);
	filter_free(f);
	close_pair(&p);
}

Test(diff, the_store_lists_matched_entities_with_what_differs)
{
	struct pair p;
	struct store_diff d = { 0 };
	bool seen_gp1 = false;

	open_pair(&p, "diff-old/model.yaml", "diff-mixed/model.yaml");
	cr_assert_eq(store_diff_compare(p.old_st, p.new_st, &d), STORE_OK);
	for (size_t i = 0; i < d.count; i++) {
		const struct store_diff_item *it = &d.items[i];

		if (it->new_eid == eid_of(p.new_st, "gp-1") && !it->replaced) {
			seen_gp1 = true;
			cr_expect_eq(it->old_eid, eid_of(p.old_st, "gp-1"));
			cr_expect_eq(it->flags, STORE_DIFF_RENAMED | STORE_DIFF_FACTS | STORE_DIFF_LINKS);
		}
	}
	cr_expect(seen_gp1);
	store_diff_clear(&d);
	close_pair(&p);
}
