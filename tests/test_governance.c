/* The governance around an entity (governance.h) read from real models:
 * which bodies, the lines and which way they run, the groups of entities
 * at their other ends, members counted, scopes numbered, the depth, the
 * limit on bodies, relations chosen, and a cycle. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "helpers.h"
#include "icsview/query/filter.h"
#include "icsview/query/governance.h"

#define GROUPS "diagram/groups.yaml"
#define HOSTILE "diagram/hostile.yaml"
#define STATUTORY "diagram/statutory.yaml"

static char *dir;
static struct store *st;
static struct governance *gov;

static void teardown(void)
{
	governance_free(gov);
	gov = NULL;
	if (st)
		unload_model(st, dir);
	st = NULL;
	dir = NULL;
}

TestSuite(governance, .fini = teardown);

static void load(const char *relative)
{
	dir = scratch_dir();
	st = load_valid(dir, &relative, 1);
}

static void build(const char *id, const struct governance_options *opts)
{
	struct entity e = { 0 };
	char *error = NULL;

	cr_assert_eq(store_entity_by_id(st, id, &e), STORE_OK, "%s", id);
	governance_free(gov);
	gov = NULL;
	cr_assert_eq(governance_build(st, &e, opts, &gov, &error), GOVERNANCE_OK, "%s", error ? error : "");
	entity_clear(&e);
}

static long node(const char *name)
{
	for (size_t i = 0; i < gov->node_count; i++)
		if (strcmp(gov->nodes[i].name, name) == 0)
			return (long)i;
	return -1;
}

static const struct governance_line *line_of(const char *top, const char *bottom, const char *relation)
{
	long t = node(top), b = node(bottom);

	for (size_t i = 0; i < gov->line_count; i++) {
		const struct governance_line *l = &gov->lines[i];

		if ((long)l->top == t && (long)l->bottom == b && strcmp(gov->relations[l->relation].name, relation) == 0)
			return l;
	}
	return NULL;
}

Test(governance, the_bodies_directly_under_a_system)
{
	struct governance_options opts = { 0 };

	load(GROUPS);
	build("g-system", &opts);
	cr_expect_eq(gov->depth, 1);
	cr_expect_geq(node("Partnership board"), 0);
	cr_expect_geq(node("Joint committee"), 0);
	cr_expect_geq(node("A board with no lines"), 0);
	cr_expect_eq(node("A board two levels down"), -1, "below the depth");
	/* a declared kind is a body when it governs */
	cr_expect_geq(node("A declared committee"), 0);
	cr_expect_eq(node("A committee that governs nothing"), -1);
	cr_expect_eq(gov->bodies_found, 4);
	cr_expect_eq(gov->bodies_drawn, 4);
	cr_expect_eq(gov->unlinked, 1);
	cr_expect_eq(gov->bodies_below, 1, "the board two levels down, left out");
	cr_expect_eq(gov->deepest, 2);
	cr_expect_eq(gov->nodes[node("Partnership board")].members, 3);
	cr_expect_eq(gov->nodes[node("Joint committee")].members, 2);
}

static void apply_filter(const char *text)
{
	struct filter_error error;
	struct filter *f = filter_parse(text, &error);
	struct filter_result result;

	cr_assert_not_null(f, "%s: %s", text, error.message);
	cr_assert_eq(filter_apply(st, f, &result), FILTER_OK, "%s: %s", text, result.error.message);
	filter_free(f);
}

/* Under a filter the bodies are those the tree shows: the matches and
 * their ancestors, counted further down too; the count of those left
 * out changes with the filter, on the same store. */
Test(governance, under_a_filter_the_bodies_the_tree_shows)
{
	struct governance_options opts = { 0 };

	load(GROUPS);
	build("g-system", &opts);
	cr_expect_eq(gov->bodies_found, 4);
	apply_filter("kind:board");
	build("g-system", &opts);
	cr_expect_geq(node("Partnership board"), 0);
	/* not a match: drawn only at the end of a body's line, not as one */
	cr_assert_geq(node("A declared committee"), 0);
	cr_expect_eq(gov->nodes[node("A declared committee")].type, GOVERNANCE_ENTITY);
	cr_expect_eq(gov->bodies_found, 3);
	cr_expect_eq(gov->bodies_below, 1, "the board two levels down, under its place");
	cr_expect_eq(gov->deepest, 2);
	apply_filter("id:g-board");
	build("g-system", &opts);
	cr_expect_eq(gov->bodies_found, 1);
	cr_expect_eq(gov->bodies_below, 0, "its place is not shown");
	cr_assert_eq(filter_clear(st), FILTER_OK);
	build("g-system", &opts);
	cr_expect_eq(gov->bodies_found, 4);
	cr_expect_eq(gov->bodies_below, 1);
}

Test(governance, lines_run_from_top_to_bottom)
{
	struct governance_options opts = { 0 };
	const struct governance_line *l;

	load(GROUPS);
	build("g-system", &opts);
	/* reported to above, the arrow up to it */
	l = line_of("Partnership board", "Joint committee", "reports_to");
	cr_assert_not_null(l);
	cr_expect(l->arrow_up);
	/* the delegating bodies above the holder, the arrow down to it */
	l = line_of("2 organisations", "Joint committee", "delegated_authority");
	cr_assert_not_null(l);
	cr_expect(!l->arrow_up);
	cr_assert_eq(l->scope_count, 2);
	cr_expect_str_eq(gov->scopes[l->scopes[0]], "stroke");
	cr_expect_str_eq(gov->scopes[l->scopes[1]], "surgery");
	/* the chair and the host above what they chair and host */
	l = line_of("A chair", "Partnership board", "chairs");
	cr_assert_not_null(l);
	cr_expect(!l->arrow_up);
	cr_expect_not_null(line_of("Third organisation", "Joint committee", "hosts"));
	/* recommended to above */
	l = line_of("3 organisations", "Partnership board", "recommends_to");
	cr_assert_not_null(l);
	cr_expect(l->arrow_up);
	cr_expect_eq(gov->line_count, 6);
}

Test(governance, entities_at_the_other_ends_are_grouped)
{
	struct governance_options opts = { 0 };
	const struct governance_node *g;

	load(GROUPS);
	build("g-system", &opts);
	cr_assert_geq(node("3 organisations"), 0);
	g = &gov->nodes[node("3 organisations")];
	cr_expect_eq(g->type, GOVERNANCE_GROUP);
	cr_expect_eq(g->group_count, 3);
	cr_expect_str_eq(g->group_names[0], "First organisation");
	cr_expect_str_eq(g->group_names[2], "Third organisation");
	cr_expect_str_eq(g->members_of, "Partnership board");
	cr_expect(g->all_members);
	cr_expect_eq(g->group_number, 1);
	g = &gov->nodes[node("2 organisations")];
	cr_expect_str_eq(g->members_of, "Joint committee");
	cr_expect(g->all_members);
	/* one entity alone keeps its own box */
	cr_expect_eq(gov->nodes[node("Third organisation")].type, GOVERNANCE_ENTITY);
	cr_expect_str_eq(gov->nodes[node("Third organisation")].id, "g-org3");
}

Test(governance, a_board_and_its_neighbourhood)
{
	struct governance_options opts = { 0 };

	load(GROUPS);
	build("g-joint", &opts);
	cr_expect(gov->around_body);
	cr_expect_eq(gov->bodies_drawn, 1);
	cr_expect_eq(gov->nodes[node("Partnership board")].type, GOVERNANCE_ENTITY);
	cr_expect_eq(gov->nodes[node("A declared committee")].type, GOVERNANCE_ENTITY);
	cr_expect_eq(node("A chair"), -1, "two lines out");
	opts.depth = 2;
	build("g-joint", &opts);
	cr_expect_eq(gov->bodies_drawn, 3);
	cr_expect_eq(gov->nodes[node("Partnership board")].type, GOVERNANCE_BODY);
	cr_expect_geq(node("A chair"), 0);
}

Test(governance, depth_limit_and_relations)
{
	struct governance_options opts = { .depth = 2 };

	load(GROUPS);
	build("g-system", &opts);
	cr_expect_geq(node("A board two levels down"), 0);
	cr_expect_eq(gov->bodies_below, 0);
	opts = (struct governance_options){ .max_bodies = 2 };
	build("g-system", &opts);
	cr_expect_eq(gov->bodies_found, 4);
	cr_expect_eq(gov->bodies_drawn, 2);
	opts = (struct governance_options){ .relations = "delegates_authority_to" };
	build("g-system", &opts);
	cr_expect_eq(gov->relation_count, 1);
	cr_expect_eq(gov->line_count, 1);
	cr_expect_eq(gov->relations[0].style, GOVERNANCE_DOUBLE);
	cr_expect_eq(gov->unlinked, 3);
}

Test(governance, relation_errors)
{
	struct entity e = { 0 };
	struct governance_options opts = { .relations = "reports_to,no_such" };
	char *error = NULL;

	load(GROUPS);
	cr_assert_eq(store_entity_by_id(st, "g-system", &e), STORE_OK);
	cr_expect_eq(governance_build(st, &e, &opts, &gov, &error), GOVERNANCE_UNKNOWN_RELATION);
	cr_expect_null(gov);
	cr_expect_str_eq(error, "unknown relation 'no_such'");
	free(error);
	opts.relations = "reports_to,";
	cr_expect_eq(governance_build(st, &e, &opts, &gov, &error), GOVERNANCE_EMPTY_RELATION);
	cr_expect_str_eq(error, "an empty relation name");
	free(error);
	entity_clear(&e);
}

Test(governance, a_cycle_of_recommendations)
{
	struct governance_options opts = { 0 };

	load(HOSTILE);
	build("d-system", &opts);
	cr_expect_eq(gov->bodies_drawn, 4);
	cr_expect_eq(gov->line_count, 4);
	cr_expect_eq(gov->unlinked, 0);
}

Test(governance, the_whole_model)
{
	struct governance_options opts = { 0 };
	char *error = NULL;

	load(GROUPS);
	cr_assert_eq(governance_build(st, NULL, &opts, &gov, &error), GOVERNANCE_OK);
	cr_expect_eq(gov->bodies_drawn, 5, "every body, at every depth");
}

static const struct governance_relation *relation_named(const char *name)
{
	for (size_t i = 0; i < gov->relation_count; i++)
		if (strcmp(gov->relations[i].name, name) == 0)
			return &gov->relations[i];
	return NULL;
}

Test(governance, declared_governance_relations_are_drawn_by_default)
{
	struct governance_options opts = { 0 };
	const struct governance_line *l;

	load(STATUTORY);
	build("s-icb", &opts);
	cr_expect_eq(gov->unlinked, 0, "the board and the partnership each have a line");
	l = line_of("The board", "An integrated care board", "governs");
	cr_assert_not_null(l, "the board above what it governs");
	cr_expect_not(l->arrow_up);
	l = line_of("An integrated care board", "The partnership", "committee_of");
	cr_assert_not_null(l, "a committee below the body it is a committee of");
	cr_expect(l->arrow_up);
	cr_expect_not_null(line_of("2 local authorities", "The partnership", "committee_of"),
	                   "the councils gathered, named by their shared type");
	cr_expect_eq(gov->nodes[node("The partnership")].members, 3);
	/* styles go to the drawn relations: no declared one shares a style */
	cr_expect_eq(relation_named("governs")->style, GOVERNANCE_SOLID);
	cr_expect_eq(relation_named("committee_of")->style, GOVERNANCE_DASHED);
	cr_expect_not(relation_named("governs")->labelled);
	cr_expect_not(relation_named("committee_of")->labelled);
	cr_expect_not(relation_named("reports_to")->used);
}

Test(governance, the_entity_is_a_node_of_its_own_not_part_of_a_group)
{
	struct governance_options opts = { 0 };

	load(STATUTORY);
	build("s-icb", &opts);
	cr_expect_geq(node("An integrated care board"), 0);
	cr_expect_eq(node("3 entities"), -1, "the board's system is not gathered with the councils");
}

Test(governance, a_council_shows_the_bodies_whose_lines_reach_it)
{
	struct governance_options opts = { 0 };

	load(STATUTORY);
	build("s-council1", &opts);
	cr_expect_geq(node("First council's health and wellbeing board"), 0);
	cr_expect_geq(node("The partnership"), 0, "a committee of the council, elsewhere in the tree");
	cr_expect_eq(gov->bodies_reaching, 1);
	cr_expect_not_null(line_of("First council", "The partnership", "committee_of"));
	cr_expect_not_null(line_of("First council", "First council's health and wellbeing board", "committee_of"));
}

Test(governance, governors_hold_the_board_to_account_from_above)
{
	struct governance_options opts = { 0 };
	const struct governance_line *l;

	load(STATUTORY);
	build("s-trust", &opts);
	l = line_of("The council of governors", "The trust's board", "holds_to_account");
	cr_assert_not_null(l);
	cr_expect_eq(l->scope_count, 1);
	cr_expect_not_null(line_of("The trust's board", "A foundation trust", "governs"));
	cr_expect_eq(gov->bodies_reaching, 0);
}

Test(governance, rel_leaves_the_declared_relations_out)
{
	struct governance_options opts = { .relations = "reports_to" };

	load(STATUTORY);
	build("s-icb", &opts);
	cr_expect_eq(gov->line_count, 0);
	cr_expect_eq(gov->unlinked, 2);
	cr_expect_eq(node("An integrated care board"), -1, "no line reaches it: not drawn");
}
