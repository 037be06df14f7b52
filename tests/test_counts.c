/* An entity's descendants counted by type: the counts kept when the model
 * is built agree with a walk of the tree, the most numerous come first,
 * and the line reads as English plurals. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"
#include "icsview/query/counts.h"
#include "icsview/store/store_sql.h"
#include "icsview/base/util.h"

static struct store *st;
static char *dir, *model;

/* icb: 3 practices and a PCN under a place, 2 trusts, a body and a board
 * of no type (its kind counts); a practice under a practice too. */
static const char model_text[] =
	"icsview: 1\n"
	"entities:\n"
	"  - id: icb\n"
	"    kind: system\n"
	"    type: integrated care board\n"
	"    name: The ICB\n"
	"    children:\n"
	"      - id: place\n"
	"        kind: place\n"
	"        name: A place\n"
	"        children:\n"
	"          - {id: p1, kind: organisation, type: GP practice, name: P1,\n"
	"             children: [{id: p4, kind: organisation, type: GP practice, name: P4}]}\n"
	"          - {id: p2, kind: organisation, type: GP practice, name: P2}\n"
	"          - {id: p3, kind: organisation, type: GP practice, name: P3}\n"
	"          - {id: pcn, kind: organisation, type: PCN, name: A network}\n"
	"      - {id: t1, kind: organisation, type: NHS trust, name: T1}\n"
	"      - {id: t2, kind: organisation, type: NHS trust, name: T2}\n"
	"      - {id: hwb, kind: organisation, type: statutory body, name: H}\n"
	"      - {id: brd, kind: board, name: A board}\n"
	"  - {id: alone, kind: organisation, name: Nobody under it}\n";

static void load(void)
{
	const char *files[1];

	dir = scratch_dir();
	model = write_file(dir, "counts.yaml", model_text);
	files[0] = model;
	st = load_valid(dir, files, 1);
}

static void unload(void)
{
	free(model);
	unload_model(st, dir);
}

TestSuite(counts, .init = load, .fini = unload);

static char *line_of(const char *id)
{
	struct type_count_list list = { 0 };
	char *line;

	cr_assert_eq(counts_by_type(st, eid_of(st, id), &list), STORE_OK);
	line = counts_line(&list, 0);
	type_count_list_clear(&list);
	return line;
}

static char *line_at_most(const char *id, size_t most)
{
	struct type_count_list list = { 0 };
	char *line;

	cr_assert_eq(counts_by_type(st, eid_of(st, id), &list), STORE_OK);
	line = counts_line(&list, most);
	type_count_list_clear(&list);
	return line;
}

Test(counts, beyond_the_most_types_the_rest_are_summed)
{
	char *line = line_at_most("icb", 3);

	cr_expect_str_eq(line, "4 GP practices · 2 NHS trusts · 4 others of 4 types");
	free(line);
	line = line_at_most("icb", 6);
	cr_expect_str_eq(line, "4 GP practices · 2 NHS trusts · 1 PCN · 1 board · 1 place · 1 statutory body");
	free(line);
	line = line_at_most("icb", 1);
	cr_expect_str_eq(line, "10 others of 6 types");
	free(line);
}

Test(counts, descendants_by_type_the_most_first)
{
	char *line = line_of("icb");

	cr_expect_str_eq(line, "4 GP practices · 2 NHS trusts · 1 PCN · 1 board · 1 place · 1 statutory body");
	free(line);
	line = line_of("place");
	cr_expect_str_eq(line, "4 GP practices · 1 PCN");
	free(line);
	line = line_of("p1");
	cr_expect_str_eq(line, "1 GP practice");
	free(line);
	cr_expect_null(line_of("alone"), "a leaf has no counts");
}

/* The counts kept agree with a recursive walk of every entity's subtree. */
Test(counts, the_kept_counts_agree_with_a_walk_of_the_tree)
{
	static const char walk_sql[] =
		"WITH RECURSIVE under(top, eid) AS ("
		" SELECT parent, eid FROM entities WHERE parent IS NOT NULL"
		" UNION ALL SELECT under.top, e.eid FROM entities e JOIN under ON e.parent = under.eid)"
		" SELECT count(*), (SELECT sum(n) FROM type_counts) FROM under";
	struct sql_stmt *stmt = store_sql_cached(st, walk_sql);

	cr_assert_not_null(stmt);
	cr_assert_eq(sql_step(stmt), SQL_ROW);
	cr_expect_eq(sql_int64(stmt, 0), sql_int64(stmt, 1));
	/* each entity once under each of its ancestors: five at depth 1,
	 * four at depth 2, one at depth 3 */
	cr_expect_eq(sql_int64(stmt, 0), 5 * 1 + 4 * 2 + 1 * 3);
	store_sql_done(st, stmt);
}

static void expect_phrase(int64_t n, const char *noun, const char *expected)
{
	char *phrase = counts_phrase(n, noun);

	cr_expect_str_eq(phrase, expected);
	free(phrase);
}

Test(counts, plurals_by_simple_english_rules)
{
	expect_phrase(170, "GP practice", "170 GP practices");
	expect_phrase(6, "NHS trust", "6 NHS trusts");
	expect_phrase(2, "statutory body", "2 statutory bodies");
	expect_phrase(3, "partnership", "3 partnerships");
	expect_phrase(24, "PCN", "24 PCNs");
	expect_phrase(4, "ICB", "4 ICBs");
	expect_phrase(2, "pharmacy", "2 pharmacies");
	expect_phrase(2, "survey", "2 surveys");
	expect_phrase(2, "box", "2 boxes");
	expect_phrase(2, "church", "2 churches");
	expect_phrase(2, "campus", "2 campuses");
	expect_phrase(1, "GP practice", "1 GP practice");
	expect_phrase(12345, "care home", "12,345 care homes");
	expect_phrase(7, "integrated care board (abolished 2026-04-01)",
	              "7 integrated care boards (abolished 2026-04-01)");
	expect_phrase(10, "board of directors", "10 boards of directors");
	expect_phrase(2, "council of governors", "2 councils of governors");
	expect_phrase(1, "council of governors", "1 council of governors");
}
