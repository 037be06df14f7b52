/* Resolving what a user types to go to an entity: ids and codes whatever
 * their case, the id before anything else, and the candidates when a text
 * names several (their order, kind, type and path). */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"
#include "icsview/query/resolve.h"

static struct store *st;
static char *dir;

static void load(void)
{
	static const char *const files[] = { "search/finding.yaml" };

	dir = scratch_dir();
	st = load_valid(dir, files, 1);
}

static void unload(void)
{
	unload_model(st, dir);
}

TestSuite(resolve, .init = load, .fini = unload);

static enum resolve_outcome resolve(const char *text, struct resolve_result *out)
{
	memset(out, 0, sizeof(*out));
	return resolve_text(st, text, NULL, out);
}

Test(resolve, an_id_or_code_whatever_its_case_is_the_entity)
{
	static const char *const texts[] = { "RHQ", "rhq", "sth", "STH", "e54000061", "qwo" };
	static const char *const ids[] = { "RHQ", "RHQ", "RHQ", "RHQ", "QF7", "QWO" };

	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		struct resolve_result r;

		cr_assert_eq(resolve(texts[i], &r), RESOLVE_ONE, "'%s'", texts[i]);
		cr_expect_str_eq(r.items[0].id, ids[i], "'%s'", texts[i]);
		cr_expect_eq(r.items[0].eid, eid_of(st, ids[i]));
		cr_expect_eq(r.also_named, 0);
		resolve_result_clear(&r);
	}
}

/* QF7 is one system's id and the other's code: the id wins, and the other
 * is counted. */
Test(resolve, an_id_wins_over_a_code_and_counts_the_others)
{
	static const char *const texts[] = { "QF7", "qf7" };

	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		struct resolve_result r;

		cr_assert_eq(resolve(texts[i], &r), RESOLVE_ONE, "'%s'", texts[i]);
		cr_expect_str_eq(r.items[0].id, "QF7");
		cr_expect_eq(r.items[0].match, RESOLVE_BY_ID);
		cr_expect_eq(r.count, 1);
		cr_expect_eq(r.also_named, 1, "'%s': %zu", texts[i], r.also_named);
		resolve_result_clear(&r);
	}
}

/* "West Yorkshire" is the 2018 system's name and the 2026 board's code:
 * both are offered, the code first, each with what tells them apart. */
Test(resolve, a_current_and_a_historical_body_are_both_candidates)
{
	struct resolve_result r;

	cr_assert_eq(resolve("west YORKSHIRE", &r), RESOLVE_SEVERAL);
	cr_assert_eq(r.count, 2);
	cr_expect_eq(r.total, 2);
	cr_expect_eq(r.also_named, 0);
	cr_expect_str_eq(r.items[0].id, "QWO");
	cr_expect_eq(r.items[0].match, RESOLVE_BY_CODE);
	cr_expect_str_eq(r.items[0].kind, "system");
	cr_expect_str_eq(r.items[0].badge, "SYS");
	cr_expect_str_eq(r.items[0].type, "integrated care board");
	cr_expect_str_eq(r.items[0].name, "NHS West Yorkshire Integrated Care Board");
	cr_expect_str_eq(r.items[0].path, "England › North East and Yorkshire");
	cr_expect_str_eq(r.items[1].id, "west-yorkshire");
	cr_expect_eq(r.items[1].match, RESOLVE_BY_NAME);
	cr_expect_str_eq(r.items[1].type, "");
	cr_expect_str_eq(r.items[1].path, "England, 2018");
	cr_expect_eq(r.items[1].eid, eid_of(st, "west-yorkshire"));
	resolve_result_clear(&r);
}

Test(resolve, words_of_a_name_when_nothing_is_exact)
{
	struct resolve_result r;
	struct resolve_options options = { .limit = 2, .path_separator = " > " };

	cr_assert_eq(resolve("teaching hosp", &r), RESOLVE_ONE);
	cr_expect_str_eq(r.items[0].id, "RHQ");
	cr_expect_eq(r.items[0].match, RESOLVE_BY_NAME_PART);
	cr_expect_str_eq(r.items[0].path,
	                 "England › North East and Yorkshire › NHS South Yorkshire Integrated Care Board");
	resolve_result_clear(&r);
	/* "yorkshire": five names hold it, in load order */
	cr_assert_eq(resolve("yorkshire", &r), RESOLVE_SEVERAL);
	cr_expect_eq(r.count, 5);
	cr_expect_eq(r.total, 5);
	cr_expect_not(r.more);
	cr_expect_eq(r.items[4].eid, eid_of(st, "west-yorkshire"));
	resolve_result_clear(&r);
	/* words in any order, each the start of a word of the name */
	cr_assert_eq(resolve("york SOU", &r), RESOLVE_SEVERAL);
	cr_expect_eq(r.count, 2);
	cr_expect_str_eq(r.items[0].id, "QF7");
	cr_expect_str_eq(r.items[1].id, "syb");
	resolve_result_clear(&r);
	cr_expect_eq(resolve("orkshire", &r), RESOLVE_NONE);
	resolve_result_clear(&r);
	/* the first two listed, and more said to be there */
	memset(&r, 0, sizeof(r));
	cr_assert_eq(resolve_text(st, "yorkshire", &options, &r), RESOLVE_SEVERAL);
	cr_expect_eq(r.count, 2);
	cr_expect(r.more);
	cr_expect_str_eq(r.items[0].id, "NEY");
	cr_expect_str_eq(r.items[0].path, "England");
	cr_expect_str_eq(r.items[1].id, "QF7");
	cr_expect_str_eq(r.items[1].path, "England > North East and Yorkshire");
	resolve_result_clear(&r);
}

Test(resolve, nothing_or_nothing_typed)
{
	struct resolve_result r;

	cr_expect_eq(resolve("zz-none", &r), RESOLVE_NONE);
	cr_expect_eq(r.count, 0);
	resolve_result_clear(&r);
	cr_expect_eq(resolve("", &r), RESOLVE_NONE);
	resolve_result_clear(&r);
	/* what SQL or LIKE would read as syntax is text */
	cr_expect_eq(resolve("%' OR 1=1 --", &r), RESOLVE_NONE);
	resolve_result_clear(&r);
}

Test(resolve, a_path_is_cut_from_the_left_to_fit)
{
	const char *path = "England › North East › Leeds";   /* 28 columns */

	cr_expect_eq(resolve_path_tail(path, 28, 1), 0);
	cr_expect_eq(resolve_path_tail(path, 40, 1), 0);
	/* 27 columns: an ellipsis and the last 26 */
	cr_expect_str_eq(path + resolve_path_tail(path, 27, 1), "gland › North East › Leeds");
	cr_expect_str_eq(path + resolve_path_tail(path, 6, 1), "Leeds");
	cr_expect_str_eq(path + resolve_path_tail(path, 6, 3), "eds");
	/* a cut never splits a character: the separator's three bytes go whole */
	cr_expect_str_eq(path + resolve_path_tail(path, 21, 1), "› North East › Leeds");
	cr_expect_str_eq(path + resolve_path_tail(path, 20, 1), " North East › Leeds");
	cr_expect_eq(resolve_path_tail(path, 1, 1), strlen(path));
}
