/* The matches under one entity (filter_scope.c), counted in batches as a
 * filter is evaluated a step at a time, against a recursive query of the
 * whole result. */
#include <criterion/criterion.h>
#include <stdio.h>
#include "filter_fixture.h"
#include "helpers.h"
#include "icsview/query/filter.h"

TestSuite(filter_models, .init = load_models, .fini = unload);
TestSuite(filter_data, .init = load_bundled, .fini = unload);

/* The matches the tree under root shows: its descendants by parent, and
 * the entities shown under it or under one of them through a secondary
 * relation, each once. */
static int64_t expected_under(int64_t root)
{
	char sql[1024];

	snprintf(sql, sizeof(sql),
	         "WITH RECURSIVE under(eid) AS (SELECT eid FROM entities WHERE parent = %lld"
	         " UNION ALL SELECT e.eid FROM entities e JOIN under u ON e.parent = u.eid),"
	         " shown(eid) AS (SELECT eid FROM under UNION SELECT l.src FROM links l"
	         "  JOIN relations r ON r.rel_no = l.rel_no AND r.secondary"
	         "  WHERE l.dst = %lld OR l.dst IN (SELECT eid FROM under))"
	         " SELECT count(*) FROM shown s JOIN temp.filter_visible v ON v.eid = s.eid"
	         " WHERE v.matched AND s.eid != %lld", (long long)root, (long long)root,
	         (long long)root);
	return count_of(sql);
}

/* Steps `text` a chunk of entities at a time, counting a small batch
 * between steps, as the interface does between frames; the count then
 * agrees with the whole result's. */
static int64_t count_stepwise(const char *text, const char *root_id, int64_t chunk, size_t batch)
{
	struct filter_error err;
	struct filter *f = filter_parse(text, &err);
	struct filter_pace pace = { .chunk = chunk };
	struct filter_result r;
	int64_t root = eid_of(st, root_id), here = -1, previous = 0;
	struct filter_scope *scope = filter_scope_new(root);
	bool caught_up = false;

	cr_assert_not_null(f, "%s", text);
	cr_assert_eq(filter_start(st, f, &pace, &r), FILTER_OK);
	cr_expect_eq(filter_scope_root(scope), root);
	for (int steps = 0;; steps++) {
		bool complete = r.complete;

		cr_assert_lt(steps, 100000);
		cr_assert_eq(filter_scope_count(st, scope, batch, &here, &caught_up), FILTER_OK);
		cr_expect_geq(here, previous, "the count only grows");
		cr_expect_leq(here, r.matched);
		previous = here;
		if (complete && caught_up)
			break;
		if (!complete)
			cr_assert_eq(filter_step(st, &r), FILTER_OK);
	}
	cr_expect_eq(here, expected_under(root), "%s under %s", text, root_id);
	filter_scope_free(scope);
	filter_free(f);
	return here;
}

Test(filter_models, matches_under_a_root_counted_in_batches)
{
	count_stepwise("kind:organisation", "n-system", 1, 1);
	count_stepwise("sheffield", "n-system", 2, 3);
	count_stepwise("kind:place or kind:board", "n-system", 1, 2);
}

Test(filter_models, no_filter_no_count)
{
	struct filter_scope *scope = filter_scope_new(eid_of(st, "n-system"));
	int64_t here;
	bool caught_up;

	filter_clear(st);
	cr_expect_eq(filter_scope_count(st, scope, 10, &here, &caught_up), FILTER_FAILED);
	filter_scope_free(scope);
	filter_scope_free(NULL);
}

Test(filter_data, matches_under_an_icb_and_a_region)
{
	count_stepwise("kind:organisation", "Z9B2Z", 500, 64);
	count_stepwise("type:trust", "england", 2000, 100);
	count_stepwise("kind:organisation", "Y56", 3000, 1000);
	count_stepwise("closed=2026-03-31", "Z9B2Z", 4000, 8);
}

/* Sheffield's trusts are linked to the place (they serve it), not its
 * children: the tree shows them under it, and so does the count. */
Test(filter_data, matches_shown_under_a_place_through_links_count_there)
{
	cr_expect_eq(count_stepwise("type:trust", "syb-sheffield", 100, 4), 4);
	cr_expect_eq(count_stepwise("type:trust", "syb", 50, 16), 12, "as many as tree syb --filter type:trust names");
}
