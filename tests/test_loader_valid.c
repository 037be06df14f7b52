/* Valid models load completely: what the files say is what the store holds. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "helpers.h"
#include "icsview/query/search.h"

static struct store *st;
static char *dir;

static void open_models(const char *const *relative, size_t count)
{
	dir = scratch_dir();
	st = load_valid(dir, relative, count);
}

static void close_models(void)
{
	unload_model(st, dir);
}


static void load_nested(void)
{
	static const char *const files[] = { "good/nested.yaml" };
	open_models(files, 1);
}

TestSuite(nested, .init = load_nested, .fini = close_models);

Test(nested, counts)
{
	struct store_counts counts;

	cr_assert_eq(store_count(st, &counts), STORE_OK);
	cr_expect_eq(counts.entities, 7);
	cr_expect_eq(counts.links, 1);
	cr_expect_eq(counts.sources, 2);
	cr_expect_eq(counts.files, 1);
}

Test(nested, entity_fields_and_position)
{
	struct entity e;

	cr_assert_eq(store_entity_by_id(st, "n-sth", &e), STORE_OK);
	cr_expect_str_eq(e.kind, "organisation");
	cr_expect_str_eq(e.badge, "ORG");
	cr_expect_str_eq(e.type, "NHS foundation trust");
	cr_expect_str_eq(e.name, "Sheffield Teaching Hospitals NHS Foundation Trust");
	cr_expect_eq(e.parent, eid_of(st, "n-sheffield"));
	/* the entity's position is its first key, after the list's dash */
	cr_expect_eq(e.line, 23, "line %u", e.line);
	cr_expect_eq(e.col, 13, "column %u", e.col);
	cr_expect(strstr(e.file, "good/nested.yaml") != NULL);
	entity_clear(&e);
	cr_assert_eq(store_entity_by_id(st, "n-system", &e), STORE_OK);
	cr_expect_str_eq(e.text, "Covers the four boroughs in South Yorkshire – Barnsley, Doncaster,\n"
	                         "Rotherham and Sheffield – and Bassetlaw.\n");
	cr_expect_eq(e.parent, 0);
	cr_expect_eq(e.n_children, 3);
	entity_clear(&e);
}

Test(nested, children_in_file_order)
{
	struct child_list children = { 0 };
	const char *expected[] = { "n-sheffield", "n-doncaster", "n-board" };

	cr_assert_eq(store_children(st, eid_of(st, "n-system"), 0, 100, &children), STORE_OK);
	cr_assert_eq(children.count, 3);
	for (size_t i = 0; i < 3; i++) {
		cr_expect_str_eq(children.items[i].id, expected[i]);
		cr_expect_not(children.items[i].secondary);
	}
	cr_expect_eq(children.items[0].n_children, 1);
	child_list_clear(&children);
}

Test(nested, roots_are_the_top_level_entities)
{
	struct child_list roots = { 0 };

	cr_assert_eq(store_children(st, 0, 0, 100, &roots), STORE_OK);
	cr_assert_eq(roots.count, 3);
	cr_expect_str_eq(roots.items[0].id, "n-system");
	cr_expect_str_eq(roots.items[1].id, "nested-doc");
	cr_expect_str_eq(roots.items[2].id, "other-doc");
	child_list_clear(&roots);
}

Test(nested, aka_in_order_and_scalar_aka)
{
	struct string_list aka = { 0 };

	cr_assert_eq(store_aka(st, eid_of(st, "n-system"), &aka), STORE_OK);
	cr_assert_eq(aka.count, 3);
	cr_expect_str_eq(aka.items[0], "SYB");
	cr_expect_str_eq(aka.items[1], "SY&B");
	cr_expect_str_eq(aka.items[2], "E54000009");
	string_list_clear(&aka);
	cr_assert_eq(store_aka(st, eid_of(st, "n-sth"), &aka), STORE_OK);
	cr_assert_eq(aka.count, 1);
	cr_expect_str_eq(aka.items[0], "RHQ");
	string_list_clear(&aka);
}

Test(nested, disagreeing_facts_keep_both_values_with_their_sources)
{
	struct fact_list facts = { 0 };

	cr_assert_eq(store_facts(st, eid_of(st, "n-system"), &facts), STORE_OK);
	cr_assert_eq(facts.count, 4);
	cr_expect_str_eq(facts.items[0].key, "population");
	cr_expect_str_eq(facts.items[0].value, "1500000");
	cr_expect_eq(facts.items[0].sources.count, 0);
	cr_expect_str_eq(facts.items[2].key, "members");
	cr_expect_str_eq(facts.items[2].value, "23");
	cr_assert_eq(facts.items[2].sources.count, 1);
	cr_expect_str_eq(facts.items[2].sources.items[0].id, "nested-doc");
	cr_expect_str_eq(facts.items[3].value, "20");
	cr_expect_str_eq(facts.items[3].note, "20 local bodies");
	cr_assert_eq(facts.items[3].sources.count, 1);
	cr_expect_str_eq(facts.items[3].sources.items[0].id, "other-doc");
	fact_list_clear(&facts);
}

Test(nested, effective_source_own_or_file_default)
{
	struct source_list sources = { 0 };

	cr_assert_eq(store_sources(st, eid_of(st, "n-board"), &sources), STORE_OK);
	cr_assert_eq(sources.count, 1);
	cr_expect_str_eq(sources.items[0].id, "other-doc");
	cr_expect_not(sources.inherited);
	source_list_clear(&sources);
	cr_assert_eq(store_sources(st, eid_of(st, "n-doncaster"), &sources), STORE_OK);
	cr_assert_eq(sources.count, 1);
	cr_expect_str_eq(sources.items[0].id, "nested-doc");
	cr_expect_str_eq(sources.items[0].name,
	                 "A year of integrated care systems: reviewing the journey so far");
	cr_expect(sources.inherited);
	source_list_clear(&sources);
}

static void load_explicit(void)
{
	static const char *const files[] = { "good/explicit-parent.yaml" };
	open_models(files, 1);
}

TestSuite(explicit_parent, .init = load_explicit, .fini = close_models);

Test(explicit_parent, forward_references_resolve)
{
	struct eid_list chain = { 0 };

	cr_assert_eq(store_parent_chain(st, eid_of(st, "p-trust"), &chain), STORE_OK);
	cr_assert_eq(chain.count, 3);
	cr_expect_eq(chain.items[0], eid_of(st, "p-system"));
	cr_expect_eq(chain.items[1], eid_of(st, "p-doncaster"));
	cr_expect_eq(chain.items[2], eid_of(st, "p-trust"));
	eid_list_clear(&chain);
}

Test(explicit_parent, children_order_follows_the_files_not_the_parent_key)
{
	struct child_list children = { 0 };

	cr_assert_eq(store_children(st, eid_of(st, "p-system"), 0, 10, &children), STORE_OK);
	cr_assert_eq(children.count, 2);
	cr_expect_str_eq(children.items[0].id, "p-doncaster");
	cr_expect_str_eq(children.items[1].id, "p-bassetlaw");
	child_list_clear(&children);
}

/* A trust that serves a second place appears under both, marked there. */
Test(explicit_parent, serving_organisation_is_a_secondary_child)
{
	struct child_list children = { 0 };
	struct entity place;

	cr_assert_eq(store_children(st, eid_of(st, "p-bassetlaw"), 0, 10, &children), STORE_OK);
	cr_assert_eq(children.count, 1);
	cr_expect_str_eq(children.items[0].id, "p-trust");
	cr_expect(children.items[0].secondary);
	child_list_clear(&children);
	cr_assert_eq(store_children(st, eid_of(st, "p-doncaster"), 0, 10, &children), STORE_OK);
	cr_assert_eq(children.count, 1);
	cr_expect_not(children.items[0].secondary);
	child_list_clear(&children);
	cr_assert_eq(store_entity_by_id(st, "p-bassetlaw", &place), STORE_OK);
	cr_expect_eq(place.n_children, 0);
	cr_expect_eq(place.n_linked, 1);
	entity_clear(&place);
}

static void load_multi(void)
{
	static const char *const files[] = { "good/multi" };
	open_models(files, 1);
}

TestSuite(multi_file, .init = load_multi, .fini = close_models);

Test(multi_file, ids_are_global_across_files)
{
	struct entity e;

	cr_assert_eq(store_entity_by_id(st, "m-ccg", &e), STORE_OK);
	cr_expect_eq(e.parent, eid_of(st, "m-system"));
	cr_expect(strstr(e.file, "b-members.yaml") != NULL);
	entity_clear(&e);
}

Test(multi_file, declared_kind_has_its_badge)
{
	struct entity e;

	cr_assert_eq(store_entity_by_id(st, "m-jcc", &e), STORE_OK);
	cr_expect_str_eq(e.kind, "committee");
	cr_expect_str_eq(e.badge, "COM");
	entity_clear(&e);
}

Test(multi_file, links_grouped_by_relation_with_facts_and_sources)
{
	struct link_list links = { 0 };

	cr_assert_eq(store_links(st, eid_of(st, "m-jcc"), LINKS_OUT, &links), STORE_OK);
	cr_assert_eq(links.count, 2);
	/* core relations in vocabulary order: reports_to before delegated_authority */
	cr_expect_str_eq(links.items[0].label, "reports_to");
	cr_expect_str_eq(links.items[0].other_id, "m-board");
	cr_expect_str_eq(links.items[1].label, "delegated_authority");
	cr_expect_str_eq(links.items[1].other_id, "m-ccg");
	cr_assert_eq(links.items[1].fact_count, 1);
	cr_expect_str_eq(links.items[1].facts[0].key, "scope");
	cr_expect_str_eq(links.items[1].facts[0].value, "hyper acute stroke services");
	link_list_clear(&links);

	cr_assert_eq(store_links(st, eid_of(st, "m-ccg"), LINKS_OUT, &links), STORE_OK);
	cr_assert_eq(links.count, 3);
	cr_expect_str_eq(links.items[0].label, "member_of");
	cr_assert_eq(links.items[0].sources.count, 1);
	cr_expect_str_eq(links.items[0].sources.items[0].id, "m-source");
	/* the link written on m-provider as commissioned_by is stored forwards */
	cr_expect_str_eq(links.items[1].label, "commissions");
	cr_expect_str_eq(links.items[1].other_id, "m-provider");
	cr_expect_str_eq(links.items[2].label, "sits_on");
	cr_expect_str_eq(links.items[2].other_id, "m-jcc");
	link_list_clear(&links);
}

Test(multi_file, backlinks_use_the_inverse_names)
{
	struct link_list links = { 0 };

	cr_assert_eq(store_links(st, eid_of(st, "m-board"), LINKS_IN, &links), STORE_OK);
	cr_assert_eq(links.count, 3);
	cr_expect_str_eq(links.items[0].label, "members");
	cr_expect_str_eq(links.items[0].other_id, "m-ccg");
	cr_expect_str_eq(links.items[1].label, "receives_reports_from");
	cr_expect_str_eq(links.items[1].other_id, "m-jcc");
	cr_expect_str_eq(links.items[2].label, "chaired_by");
	cr_expect_str_eq(links.items[2].other_id, "m-person");
	cr_expect_str_eq(links.items[2].facts[0].value, "2018");
	link_list_clear(&links);

	cr_assert_eq(store_links(st, eid_of(st, "m-jcc"), LINKS_IN, &links), STORE_OK);
	cr_assert_eq(links.count, 1);
	cr_expect_str_eq(links.items[0].label, "seats");
	link_list_clear(&links);
}

Test(multi_file, link_positions_point_into_their_file)
{
	struct link_list links = { 0 };

	cr_assert_eq(store_links(st, eid_of(st, "m-person"), LINKS_OUT, &links), STORE_OK);
	cr_assert_eq(links.count, 1);
	cr_expect(strstr(links.items[0].file, "b-members.yaml") != NULL);
	cr_expect_eq(links.items[0].line, 18, "line %u", links.items[0].line);
	cr_expect_eq(links.items[0].col, 9, "column %u", links.items[0].col);
	link_list_clear(&links);
}

/* Declared kinds without a badge get one from the letters of their name;
 * a null fact says nothing and is not stored. */
Test(declarations, derived_badge_and_null_fact)
{
	char *scratch = scratch_dir();
	char *path = write_file(scratch, "kinds.yaml",
		"icsview: 1\n"
		"kinds:\n  x2y: ~\n  care_home: ~\n"
		"entities:\n"
		"  - {id: a, kind: x2y, name: A, facts: {population: ~, meets: monthly}}\n"
		"  - {id: b, kind: care_home, name: B}\n");
	const char *paths[] = { path };
	struct fact_list facts = { 0 };
	struct entity e;

	st = load_paths(scratch, paths, 1);
	cr_assert_eq(store_entity_by_id(st, "a", &e), STORE_OK);
	cr_expect_str_eq(e.badge, "XY");
	cr_assert_eq(store_facts(st, e.eid, &facts), STORE_OK);
	cr_assert_eq(facts.count, 1);
	cr_expect_str_eq(facts.items[0].key, "meets");
	fact_list_clear(&facts);
	entity_clear(&e);
	cr_assert_eq(store_entity_by_id(st, "b", &e), STORE_OK);
	cr_expect_str_eq(e.badge, "CAR");
	entity_clear(&e);
	store_close(st);
	remove_tree(scratch);
	free(path);
	free(scratch);
}

/* An entity may come before the declaration of its kind (in a later file):
 * it is stored with its kind once every file is read, and the kinds keep
 * the order they were declared in. */
Test(declarations, a_kind_declared_after_its_entities)
{
	char *scratch = scratch_dir();
	char *first = write_file(scratch, "a.yaml",
		"icsview: 1\n"
		"entities:\n"
		"  - {id: j, kind: committee, name: J, links: [{rel: sits_on, to: s}]}\n"
		"  - {id: s, kind: system, name: S}\n");
	char *second = write_file(scratch, "b.yaml",
		"icsview: 1\n"
		"kinds:\n  board_like: ~\n  committee: {badge: COM}\n"
		"relations:\n  sits_on: {inverse: seats}\n"
		"entities:\n"
		"  - {id: k, kind: committee, name: K}\n");
	const char *paths[] = { first, second };
	struct link_list links = { 0 };
	struct entity e;

	st = load_paths(scratch, paths, 2);
	cr_assert_eq(store_entity_by_id(st, "j", &e), STORE_OK);
	cr_expect_str_eq(e.kind, "committee");
	cr_expect_str_eq(e.badge, "COM");
	entity_clear(&e);
	cr_assert_eq(store_entity_by_id(st, "k", &e), STORE_OK);
	cr_expect_str_eq(e.kind, "committee");
	entity_clear(&e);
	cr_assert_eq(store_links(st, eid_of(st, "s"), LINKS_IN, &links), STORE_OK);
	cr_assert_eq(links.count, 1);
	cr_expect_str_eq(links.items[0].label, "seats");
	cr_expect_str_eq(links.items[0].other_kind, "committee");
	link_list_clear(&links);
	store_close(st);
	st = NULL;
	remove_tree(scratch);
	free(first);
	free(second);
	free(scratch);
}

/* ---- where links are written ------------------------------------------------------ */

/* A link's position is stored as an offset from the line of the entity in
 * whose mapping it is written (store.c): its source, or its target when it
 * is written with the inverse name, whether its target is read before it
 * or after; a node reached through an alias has its anchor's position,
 * which can be before that entity. */
static const char positions_model[] =
	"icsview: 1\n"                                          /* 1 */
	"entities:\n"
	"  - id: a\n"
	"    kind: organisation\n"
	"    name: A\n"                                         /* 5 */
	"    links:\n"
	"      - &l1 {rel: member_of, to: s}\n"
	"  - {id: s, kind: system, name: S}\n"
	"  - id: b\n"
	"    kind: organisation\n"                              /* 10 */
	"    name: B\n"
	"    links:\n"
	"      - *l1\n"
	"      - {rel: commissioned_by, to: c}\n"
	"  - id: c\n"                                           /* 15 */
	"    kind: organisation\n"
	"    name: C\n"
	"    links:\n"
	"      - &l2 {rel: serves, to: s}\n"
	"  - id: d\n"                                           /* 20 */
	"    kind: organisation\n"
	"    name: D\n"
	"    links: [*l2, {rel: commissioned_by, to: c}]\n";

static void expect_link_at(const struct link_list *links, size_t i, const char *label,
                           const char *other, unsigned line, unsigned col)
{
	cr_assert_gt(links->count, i);
	cr_expect_str_eq(links->items[i].label, label);
	cr_expect_str_eq(links->items[i].other_id, other);
	cr_expect(strstr(links->items[i].file, "positions.yaml") != NULL);
	cr_expect_eq(links->items[i].line, line, "%s %s: line %u, expected %u", label, other,
	             links->items[i].line, line);
	cr_expect_eq(links->items[i].col, col, "%s %s: column %u, expected %u", label, other,
	             links->items[i].col, col);
}

Test(declarations, link_positions_through_inverse_names_and_aliases)
{
	char *scratch = scratch_dir();
	char *path = write_file(scratch, "positions.yaml", positions_model);
	const char *paths[] = { path };
	struct link_list links = { 0 };

	st = load_paths(scratch, paths, 1);
	cr_assert_eq(store_links(st, eid_of(st, "b"), LINKS_OUT, &links), STORE_OK);
	expect_link_at(&links, 0, "member_of", "s", 7, 9);        /* the anchor's, in a */
	link_list_clear(&links);
	cr_assert_eq(store_links(st, eid_of(st, "c"), LINKS_OUT, &links), STORE_OK);
	cr_assert_eq(links.count, 3);
	expect_link_at(&links, 0, "serves", "s", 19, 9);
	expect_link_at(&links, 1, "commissions", "b", 14, 9);     /* in b, c read after it */
	expect_link_at(&links, 2, "commissions", "d", 23, 18);    /* in d, c read before it */
	link_list_clear(&links);
	cr_assert_eq(store_links(st, eid_of(st, "s"), LINKS_IN, &links), STORE_OK);
	cr_assert_eq(links.count, 4);
	expect_link_at(&links, 0, "members", "a", 7, 9);
	expect_link_at(&links, 1, "members", "b", 7, 9);
	expect_link_at(&links, 2, "served_by", "c", 19, 9);
	expect_link_at(&links, 3, "served_by", "d", 19, 9);      /* the anchor's, in c */
	link_list_clear(&links);
	store_close(st);
	st = NULL;
	remove_tree(scratch);
	free(path);
	free(scratch);
}

/* ---- codes that are the entity's id -------------------------------------------- */

/* Most entities have their id among their codes (aka): the first such aka
 * read after the id is not stored as an aka row, the entity says where it
 * comes (store.c).  Every reader sees the same codes in the same order, and
 * a look-up of a code ignores case as for any other aka. */
static const char codes_model[] =
	"icsview: 1\n"
	"entities:\n"
	"  - {id: X1, kind: organisation, name: Ex one, aka: [X1, Other one, X1]}\n"
	"  - {aka: [Y1], id: Y1, kind: organisation, name: Why one}\n"
	"  - {id: Z1, kind: organisation, name: Zed one, aka: [Zed, Z1]}\n"
	"  - {id: ab, kind: organisation, name: Lower case id}\n";

static void expect_codes(struct store *s, const char *id, const char *expected)
{
	struct string_list aka = { 0 };
	struct strbuf sb = STRBUF_INIT;

	cr_assert_eq(store_aka(s, eid_of(s, id), &aka), STORE_OK);
	for (size_t i = 0; i < aka.count; i++)
		sb_printf(&sb, "%s%s", i ? "|" : "", aka.items[i]);
	cr_expect_str_eq(sb_str(&sb), expected, "%s: aka %s, expected %s", id, sb_str(&sb),
	                 expected);
	sb_free(&sb);
	string_list_clear(&aka);
}

static void expect_found(struct store *s, const char *text, const char *id,
                         enum search_field field)
{
	struct search_results r = { 0 };
	struct match_list m = { 0 };
	struct entity e;

	cr_assert_eq(store_entity_by_id(s, text, &e), STORE_OK, "'%s' not found", text);
	cr_expect_str_eq(e.id, id);
	entity_clear(&e);
	cr_assert_eq(store_lookup(s, text, 10, &m), STORE_OK);
	cr_assert_eq(m.count, 1, "'%s': %zu matches", text, m.count);
	cr_expect_str_eq(m.items[0].id, id);
	cr_expect_eq(m.step, field == FOUND_ID ? LOOKUP_ID : LOOKUP_CODE);
	match_list_clear(&m);
	cr_assert_eq(search_run(s, text, NULL, &r), STORE_OK);
	cr_assert_gt(r.count, 0, "'%s': no hit", text);
	cr_expect_str_eq(r.items[0].id, id);
	cr_expect_eq(r.items[0].rank_class, 0);
	cr_expect_eq(r.items[0].field, field, "'%s': found in %s", text,
	             search_field_name(r.items[0].field));
	search_results_clear(&r);
}

Test(declarations, a_code_that_is_the_id_reads_as_any_other_code)
{
	char *scratch = scratch_dir();
	char *path = write_file(scratch, "codes.yaml", codes_model);
	const char *paths[] = { path };
	struct search_results r = { 0 };
	struct entity e;

	st = load_paths(scratch, paths, 1);
	expect_codes(st, "X1", "X1|Other one|X1");
	expect_codes(st, "Y1", "Y1");
	expect_codes(st, "Z1", "Zed|Z1");
	expect_codes(st, "ab", "");
	/* the exact id, then a code ignoring case, as before */
	expect_found(st, "X1", "X1", FOUND_ID);
	expect_found(st, "x1", "X1", FOUND_CODE);
	expect_found(st, "y1", "Y1", FOUND_CODE);
	expect_found(st, "z1", "Z1", FOUND_CODE);
	expect_found(st, "other ONE", "X1", FOUND_CODE);
	/* the id is exact; a search finds it in any case, as a code, first */
	cr_expect_eq(store_entity_by_id(st, "AB", &e), STORE_NOT_FOUND);
	cr_assert_eq(search_run(st, "AB", NULL, &r), STORE_OK);
	cr_assert_gt(r.count, 0, "AB: no hit");
	cr_expect_str_eq(r.items[0].id, "ab");
	cr_expect_eq(r.items[0].rank_class, 0);
	cr_expect_eq(r.items[0].field, FOUND_CODE);
	search_results_clear(&r);
	store_close(st);
	st = NULL;
	remove_tree(scratch);
	free(path);
	free(scratch);
}

/* ---- the scratch database of a check ----------------------------------------- */

#define NOBODY 65534

/* In a child, as nobody: checks the model with TMPDIR in a shared sticky
 * directory (as /tmp is).  No criterion assertions here. */
static int check_as_nobody(const char *tmp, const char *model, int go)
{
	const char *paths[1] = { model };
	struct load_limits limits;
	struct diag_list diags;
	char byte;
	int rc;

	if (read(go, &byte, 1) != 1 || setgid(NOBODY) != 0 || setuid(NOBODY) != 0)
		return 10;
	setenv("TMPDIR", tmp, 1);
	load_limits_default(&limits);
	diag_init(&diags, 10);
	rc = model_load(paths, 1, NULL, &limits, &diags, NULL);
	diag_free(&diags);
	return rc == LOAD_VALID ? 0 : 1;
}

/* Another user of a shared /tmp can plant a link at any name it can guess;
 * a check that built its scratch database at a name made of its pid
 * (unable to remove the planted link: the directory is sticky) wrote
 * through the link into the file it pointed at.  The scratch database is
 * in a directory of its own with a name no one can guess. */
Test(scratch, a_link_planted_in_a_shared_tmp_is_not_written_through)
{
	char *work = scratch_dir();
	char *tmp = xasprintf("%s/shared-tmp", work), *target = xasprintf("%s/precious", work);
	char *model = model_path("good/nested.yaml");
	char *link = NULL, *text, *listing_cmd;
	int go[2], status;
	pid_t pid;

	if (geteuid() != 0) {
		remove_tree(work);
		free(work); free(tmp); free(target); free(model);
		cr_skip_test("needs root, to act as two users");
	}
	cr_assert_eq(chmod(work, 0755), 0);
	/* a copy that the other user can read wherever the checkout is (a
	 * clone under a `mktemp -d` directory is not readable to others) */
	text = slurp(model);
	free(model);
	model = write_file(work, "model.yaml", text);
	free(text);
	cr_assert_eq(mkdir(tmp, 0755), 0);
	cr_assert_eq(chmod(tmp, 01777), 0);
	free(write_file(work, "precious", "precious data\n"));
	cr_assert_eq(chown(target, NOBODY, NOBODY), 0);   /* the victim's own file */
	cr_assert_eq(pipe(go), 0);
	pid = fork();
	cr_assert_neq(pid, -1);
	if (pid == 0) {
		int rc;

		close(go[1]);
		rc = check_as_nobody(tmp, model, go[0]);
		free(work); free(tmp); free(target); free(model);
		_exit(rc);
	}
	close(go[0]);
	/* planted by root, so that nobody cannot remove it from the sticky
	 * directory; at both names a pid-named build would use */
	link = xasprintf("%s/icsview-check-%ld.db.tmp-%ld", tmp, (long)pid, (long)pid);
	cr_assert_eq(symlink(target, link), 0);
	free(link);
	link = xasprintf("%s/icsview-check-%ld.db", tmp, (long)pid);
	cr_assert_eq(symlink(target, link), 0);
	cr_assert_eq(write(go[1], "x", 1), 1);
	close(go[1]);
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the check failed: %d", status);
	text = slurp(target);
	cr_expect_str_eq(text, "precious data\n", "the planted link was written through");
	free(text);
	/* nothing left but the two links */
	listing_cmd = xasprintf("test $(ls -A '%s' | wc -l) -eq 2", tmp);
	cr_expect_eq(system(listing_cmd), 0, "the check left files in %s", tmp);
	free(listing_cmd);
	free(link);
	remove_tree(work);
	free(work); free(tmp); free(target); free(model);
}
