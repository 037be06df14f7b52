/* How a link or a fact value is known: one its source states is shown as
 * it is; one inferred carries its reason, which `show` writes after it
 * and the detail pane on a dim line of its own. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"
#include "icsview/views/detail.h"

static struct store *st;
static char *dir;

static void load(void)
{
	static const char *const files[] = { "good/basis.yaml" };

	dir = scratch_dir();
	st = load_valid(dir, files, 1);
}

static void unload(void)
{
	unload_model(st, dir);
}

TestSuite(basis, .init = load, .fini = unload);

static size_t find_line(const struct detail *d, const char *text)
{
	for (size_t i = 0; i < d->count; i++)
		if (strstr(d->lines[i].text, text))
			return i;
	return (size_t)-1;
}

Test(basis, the_detail_pane_marks_an_inferred_link_dim_below_it)
{
	struct detail d = { 0 };
	size_t trust, ccg, mark;

	cr_assert_eq(detail_build(&d, st, eid_of(st, "b-icp"), 200), STORE_OK);
	trust = find_line(&d, "(b-trust)");
	ccg = find_line(&d, "(b-ccg)");
	mark = find_line(&d, "(inferred: relevant NHS provider;");
	cr_assert_neq(trust, (size_t)-1);
	cr_assert_neq(ccg, (size_t)-1);
	cr_assert_neq(mark, (size_t)-1);
	cr_expect_eq(mark, trust + 1, "the mark follows its link");
	cr_expect_eq(d.lines[mark].style, DETAIL_NOTE);
	cr_expect_str_eq(d.lines[trust].text,
	                 "[ORG] Doncaster and Bassetlaw Teaching Hospitals (b-trust) role: "
	                 "provider [source: b-doc]");
	cr_expect_str_eq(d.lines[ccg].text, "[ORG] NHS Doncaster CCG (b-ccg) [source: b-doc]",
	                 "a stated link has no mark");
	cr_expect_eq(find_line(&d, "basis:"), (size_t)-1, "basis is a mark, not a fact");
	cr_expect_eq(find_line(&d, "reason:"), (size_t)-1);
	detail_clear(&d);
}

Test(basis, show_writes_the_reason_after_the_facts)
{
	struct run r = run_icsview("show -m good/basis.yaml b-icp");

	cr_expect_eq(r.status, 0);
	cr_expect(strstr(r.out, "    NHS Doncaster CCG (b-ccg) [source: b-doc]\n"), "%s", r.out);
	cr_expect(strstr(r.out, "    Doncaster and Bassetlaw Teaching Hospitals (b-trust)  role: "
	                        "provider  (inferred: relevant NHS provider; the profile lists no "
	                        "partners by name) [source: b-doc]\n"), "%s", r.out);
	run_free(&r);
}

Test(basis, an_inferred_fact_value_keeps_its_reason)
{
	struct fact_list facts = { 0 };

	cr_assert_eq(store_facts(st, eid_of(st, "b-icp"), &facts), STORE_OK);
	cr_assert_eq(facts.count, 2);
	cr_expect_null(facts.items[0].reason, "a stated value has no reason");
	cr_expect_str_eq(facts.items[1].value, "7");
	cr_expect_str_eq(facts.items[1].note, "with the council");
	cr_assert_not_null(facts.items[1].reason);
	cr_expect_str_eq(facts.items[1].reason,
	                 "the profile counts the council among the partners elsewhere");
	fact_list_clear(&facts);
}

Test(basis, the_detail_pane_marks_an_inferred_fact_dim_below_it)
{
	struct detail d = { 0 };
	size_t value, mark;

	cr_assert_eq(detail_build(&d, st, eid_of(st, "b-icp"), 200), STORE_OK);
	value = find_line(&d, "7 (with the council)");
	mark = find_line(&d, "(inferred: the profile counts");
	cr_assert_neq(value, (size_t)-1);
	cr_assert_neq(mark, (size_t)-1);
	cr_expect_eq(mark, value + 1);
	cr_expect_eq(d.lines[mark].style, DETAIL_NOTE);
	detail_clear(&d);
}

Test(basis, show_marks_an_inferred_fact_in_text_and_json)
{
	struct run r = run_icsview("show -m good/basis.yaml b-icp");

	cr_expect_eq(r.status, 0);
	cr_expect(strstr(r.out, "  members  6 [source: b-doc]\n"), "%s", r.out);
	cr_expect(strstr(r.out, "  members  7 (with the council) (inferred: the profile counts "
	                        "the council among the partners elsewhere) [source: b-doc]\n"),
	          "%s", r.out);
	run_free(&r);
	check_json("show --json -m good/basis.yaml b-icp",
	           "'basis' not in d['facts'][0] and 'reason' not in d['facts'][0]\n"
	           "d['facts'][1]['basis'] == 'inferred'\n"
	           "d['facts'][1]['reason'].startswith('the profile counts')\n"
	           "d['backlinks']['partners'][1]['facts']['basis'] == 'inferred'\n");
}
