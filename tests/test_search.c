/* Search ranking and the rules of what a query means, on real models; and
 * a few hundred hostile queries that must never surface an error. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"
#include "icsview/query/filter.h"
#include "icsview/query/search.h"
#include "icsview/base/util.h"
#include "icsview/store/store_sql.h"

static struct store *st;
static char *dir;

static void load(void)
{
	static const char *const files[] = { "good/nested.yaml", "good/multi", "tui/wide.yaml" };

	dir = scratch_dir();
	st = load_valid(dir, files, 3);
}

static void unload(void)
{
	unload_model(st, dir);
}

TestSuite(search, .init = load, .fini = unload);

static void run(const char *text, struct search_results *out)
{
	memset(out, 0, sizeof(*out));
	cr_assert_eq(search_run(st, text, NULL, out), STORE_OK, "search '%s' failed: %s", text,
	             store_errmsg(st));
}

static bool has_hit(const struct search_results *r, const char *id)
{
	for (size_t i = 0; i < r->count; i++)
		if (strcmp(r->items[i].id, id) == 0)
			return true;
	return false;
}

Test(search, fts_query_quotes_every_word_and_keeps_phrases)
{
	char *q;

	q = search_fts_query("shef");
	cr_expect_str_eq(q, "\"shef\"*");
	free(q);
	q = search_fts_query("Sheffield Teaching");
	cr_expect_str_eq(q, "\"sheffield\"* \"teaching\"*");
	free(q);
	q = search_fts_query("\"teaching hospitals\" shef");
	cr_expect_str_eq(q, "\"teaching hospitals\"* \"shef\"*");
	free(q);
	q = search_fts_query("SY&B");
	cr_expect_str_eq(q, "\"sy\"* \"b\"*");
	free(q);
	cr_expect_null(search_fts_query("  -- ** "));
	cr_expect_null(search_fts_query(""));
}

Test(search, a_code_finds_its_entity_first)
{
	struct search_results r;

	run("RHQ", &r);
	cr_assert_gt(r.count, 0);
	cr_expect_str_eq(r.items[0].id, "n-sth");
	cr_expect_eq(r.items[0].field, FOUND_CODE);
	cr_expect_eq(r.items[0].rank_class, 0);
	search_results_clear(&r);
}

Test(search, exact_name_then_name_prefix_then_the_rest)
{
	struct search_results r;

	run("sheffield", &r);
	cr_assert_geq(r.count, 3);
	cr_expect_str_eq(r.items[0].id, "n-sheffield", "the exact name comes first");
	/* then the names that start with it, shortest first */
	cr_expect_str_eq(r.items[1].id, "m-ccg");
	cr_expect_str_eq(r.items[2].id, "n-sth");
	cr_expect_eq(r.items[1].rank_class, 1);
	cr_expect_eq(r.items[2].rank_class, 1);
	cr_expect(has_hit(&r, "n-system"), "prose mentions Sheffield");
	for (size_t i = 0; i < r.count; i++)
		if (strcmp(r.items[i].id, "n-system") == 0)
			cr_expect_eq(r.items[i].field, FOUND_TEXT);
	search_results_clear(&r);
}

Test(search, prefix_case_and_accents_are_ignored)
{
	struct search_results r;

	run("shef", &r);
	cr_expect(has_hit(&r, "n-sheffield"));
	search_results_clear(&r);
	run("SHEF", &r);
	cr_expect(has_hit(&r, "n-sheffield"));
	search_results_clear(&r);
	run("cafe nene", &r);
	cr_expect(has_hit(&r, "w-combining"), "accents are folded");
	search_results_clear(&r);
}

Test(search, all_words_must_match_and_phrases_match_as_phrases)
{
	struct search_results r;

	run("sheffield hospitals", &r);
	cr_expect(has_hit(&r, "n-sth"));
	cr_expect_not(has_hit(&r, "n-sheffield"));
	search_results_clear(&r);
	run("\"teaching hospitals\"", &r);
	cr_expect(has_hit(&r, "n-sth"));
	search_results_clear(&r);
	run("\"hospitals teaching\"", &r);
	cr_expect_not(has_hit(&r, "n-sth"), "a phrase keeps its order");
	search_results_clear(&r);
}

Test(search, facts_and_link_targets_are_found_with_their_field)
{
	struct search_results r;

	run("monthly", &r);
	cr_assert_eq(r.count, 1);
	cr_expect_str_eq(r.items[0].id, "n-board");
	cr_expect_eq(r.items[0].field, FOUND_FACT);
	cr_expect_str_eq(r.items[0].path, "South Yorkshire and Bassetlaw ICS");
	search_results_clear(&r);
}

Test(search, kind_restricts_the_hits)
{
	struct search_results r;
	struct search_options options = { .kind = "place" };

	memset(&r, 0, sizeof(r));
	cr_assert_eq(search_run(st, "sheffield", &options, &r), STORE_OK);
	cr_assert_eq(r.count, 1);
	cr_expect_str_eq(r.items[0].id, "n-sheffield");
	search_results_clear(&r);
}

Test(search, highlights_mark_word_starts)
{
	char *tokens[] = { "shef", "hosp" };
	size_t starts[8], ends[8];
	size_t n = search_highlights("Sheffield Teaching Hospitals (shef)", tokens, 2, starts, ends, 8);

	cr_assert_eq(n, 3);
	cr_expect_eq(starts[0], 0);
	cr_expect_eq(ends[0], 4);
	cr_expect_eq(starts[1], 19);
	cr_expect_eq(starts[2], 30);
	cr_expect_eq(search_highlights("Mashef", tokens, 2, starts, ends, 8), 0, "not inside a word");
}

/* Every kind of junk a user (or a fuzzer) can type: none may turn into an
 * error, whatever it finds. */
Test(search, hostile_queries_never_fail)
{
	static const char *const seeds[] = {
		"\"", "\"\"", "\"\"\"", "*", "**", "-", "--", "(", ")", "()", ":", "a:b", "name:x",
		"{name}:x", "NEAR", "NEAR(a b)", "AND", "OR", "NOT", "a AND b", "a OR", "NOT a",
		"^", "^a", "a^", "+", "'", "';", "'; DROP TABLE entities; --", "%", "_", "\\",
		"%_%", "\\%", "a\"b", "\"a", "a\"", "\x01\x02", "\x1b[2J", "\xff\xfe", "\xc3",
		"\xe2\x80", "\xf0\x9f\x98", "caf\xc3\xa9", "東京", "–", "“quoted”", "   ", "\t",
		"a b c d e f g h i j k l m n o p q r s t u v w x y z a b c d e f g h i j k l",
		"rowid", "rank", "bm25", "MATCH", "search", "*a", "a*", "\"a\"*", "x-y-z", "0",
		"-1", "1e9", "NaN", "\xb3", "\xb3\xb3\xbb\xb3\xfe\xb3\xb3", "\xfe\xb3",
	};
	size_t count = sizeof(seeds) / sizeof(seeds[0]);
	size_t runs = 0;

	for (size_t i = 0; i < count; i++) {
		for (size_t j = 0; j < count; j += 7) {
			char *text = xasprintf("%s%s", seeds[i], seeds[j]);
			struct search_results r;

			memset(&r, 0, sizeof(r));
			cr_expect_eq(search_run(st, text, NULL, &r), STORE_OK, "'%s': %s", text,
			             store_errmsg(st));
			search_results_clear(&r);
			free(text);
			runs++;
		}
	}
	{
		char *junk = xmalloc(2049);
		for (size_t i = 0; i < 2048; i++)
			junk[i] = (char)(1 + (i * 37) % 254);
		junk[2048] = '\0';
		struct search_results r;
		memset(&r, 0, sizeof(r));
		cr_expect_eq(search_run(st, junk, NULL, &r), STORE_OK, "2 KB of junk: %s",
		             store_errmsg(st));
		search_results_clear(&r);
		free(junk);
	}
	cr_expect_gt(runs, 300);
}

/* The kind is applied inside each bounded part of the search, not after
 * the limit: a few boards among many other hits are still found. */
Test(search, kind_is_applied_before_the_limit)
{
	struct search_results r;
	struct search_options options = { .kind = "organisation", .limit = 1 };

	memset(&r, 0, sizeof(r));
	cr_assert_eq(search_run(st, "sheffield", &options, &r), STORE_OK);
	cr_assert_eq(r.count, 1);
	cr_expect_str_eq(r.items[0].kind, "organisation");
	search_results_clear(&r);
}

/* A search keeps its statements for the next one, but none stays active:
 * the filter's temporary table can still be dropped after it. */
Test(search, no_statement_stays_active_after_a_search)
{
	struct search_results r;
	struct filter_error error;
	struct filter_result result;
	struct filter *f = filter_parse("kind:place", &error);

	cr_assert(f);
	run("sheffield", &r);
	search_results_clear(&r);
	cr_assert_eq(filter_apply(st, f, &result), FILTER_OK);
	run("shef", &r);
	search_results_clear(&r);
	cr_expect_eq(filter_clear(st), STORE_OK, "%s", store_errmsg(st));
	cr_expect_not(store_filter_active(st));
	filter_free(f);
}

/* The names that start with the text come in name order, names that tie in
 * load order, and each is listed in full (kind, badge, path) from that
 * step alone: the first `limit` of them are the hits. */
Test(search, names_that_tie_come_in_load_order_up_to_the_limit)
{
	static const char *const files[] = { "search/ties.yaml" };
	static const char *const expected[] = { "tie-e", "tie-d", "tie-c" };
	char *ties_dir = scratch_dir();
	struct store *ties = load_valid(ties_dir, files, 1);
	struct search_options options = { .limit = 3 };
	struct search_results r;

	memset(&r, 0, sizeof(r));
	cr_assert_eq(search_run(ties, "tie", &options, &r), STORE_OK, "%s", store_errmsg(ties));
	cr_assert_eq(r.count, 3);
	for (size_t i = 0; i < r.count; i++) {
		cr_expect_str_eq(r.items[i].id, expected[i], "hit %zu", i);
		cr_expect_str_eq(r.items[i].name, "Tied");
		cr_expect_str_eq(r.items[i].kind, "place");
		cr_expect_str_eq(r.items[i].badge, "PLC");
		cr_expect_str_eq(r.items[i].path, "Sample ICS");
		cr_expect_eq(r.items[i].rank_class, 1);
		cr_expect_eq(r.items[i].field, FOUND_NAME);
		cr_expect_eq(r.items[i].eid, eid_of(ties, expected[i]));
	}
	search_results_clear(&r);
	/* with room for all: every tie, then the longer name */
	options.limit = 10;
	cr_assert_eq(search_run(ties, "tie", &options, &r), STORE_OK, "%s", store_errmsg(ties));
	cr_assert_geq(r.count, 6);
	cr_expect_str_eq(r.items[4].id, "tie-a");
	cr_expect_str_eq(r.items[5].id, "tier-1");
	search_results_clear(&r);
	unload_model(ties, ties_dir);
}

/* ---- ids and codes, whatever their case ------------------------------------------- */

static struct store *finding_model(char **model_dir)
{
	static const char *const files[] = { "search/finding.yaml" };

	*model_dir = scratch_dir();
	return load_valid(*model_dir, files, 1);
}

static void run_on(struct store *s, const char *text, struct search_results *out)
{
	memset(out, 0, sizeof(*out));
	cr_assert_eq(search_run(s, text, NULL, out), STORE_OK, "search '%s': %s", text,
	             store_errmsg(s));
}

Test(search, an_id_or_code_is_found_whatever_its_case)
{
	static const char *const texts[] = { "rhq", "Rhq", "RHQ", "sth", "e54000061", "E54000061" };
	static const char *const ids[] = { "RHQ", "RHQ", "RHQ", "RHQ", "QF7", "QF7" };
	char *model_dir;
	struct store *s = finding_model(&model_dir);

	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		struct search_results r;

		run_on(s, texts[i], &r);
		cr_assert_gt(r.count, 0, "'%s' finds nothing", texts[i]);
		cr_expect_str_eq(r.items[0].id, ids[i], "'%s'", texts[i]);
		cr_expect_eq(r.items[0].rank_class, 0, "'%s'", texts[i]);
		search_results_clear(&r);
	}
	unload_model(s, model_dir);
}

/* QF7 is one system's id and another's code: the id first, then the code,
 * whatever the case typed. */
Test(search, an_exact_id_comes_before_an_exact_code)
{
	static const char *const texts[] = { "QF7", "qf7" };
	char *model_dir;
	struct store *s = finding_model(&model_dir);

	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		struct search_results r;

		run_on(s, texts[i], &r);
		cr_assert_geq(r.count, 2);
		cr_expect_str_eq(r.items[0].id, "QF7", "'%s'", texts[i]);
		/* the id in another case is found as a code is */
		cr_expect_eq(r.items[0].field, i == 0 ? FOUND_ID : FOUND_CODE, "'%s'", texts[i]);
		cr_expect_str_eq(r.items[1].id, "syb", "'%s'", texts[i]);
		cr_expect_eq(r.items[1].field, FOUND_CODE, "'%s'", texts[i]);
		search_results_clear(&r);
	}
	unload_model(s, model_dir);
}

/* "west-yorkshire" is one system's id, another's code: the id first, then
 * the code, then names. */
Test(search, an_exact_code_comes_before_an_exact_name)
{
	char *model_dir;
	struct store *s = finding_model(&model_dir);
	struct search_results r;

	run_on(s, "west-yorkshire", &r);
	cr_assert_geq(r.count, 2);
	cr_expect_str_eq(r.items[0].id, "west-yorkshire");
	cr_expect_eq(r.items[0].field, FOUND_ID);
	cr_expect_str_eq(r.items[1].id, "wy-leeds");
	cr_expect_eq(r.items[1].field, FOUND_CODE);
	search_results_clear(&r);
	/* in another case the id still comes first */
	run_on(s, "West-Yorkshire", &r);
	cr_assert_geq(r.count, 2);
	cr_expect_str_eq(r.items[0].id, "west-yorkshire");
	cr_expect_eq(r.items[0].field, FOUND_CODE);
	cr_expect_str_eq(r.items[1].id, "wy-leeds");
	cr_expect_eq(r.items[1].field, FOUND_CODE);
	search_results_clear(&r);
	run_on(s, "west yorkshire", &r);
	cr_assert_geq(r.count, 2);
	cr_expect_str_eq(r.items[0].id, "QWO");
	cr_expect_eq(r.items[0].field, FOUND_CODE);
	cr_expect_str_eq(r.items[1].id, "west-yorkshire");
	cr_expect_eq(r.items[1].field, FOUND_NAME);
	cr_expect_eq(r.items[1].rank_class, 0);
	search_results_clear(&r);
	unload_model(s, model_dir);
}

/* A word of one character is answered from the index's initials
 * (store.c); what FTS5 answers for "c"* on the same index, row by row:
 * the same rows in the same order, the same score to the bit, the same
 * column.  Every character that starts a word of the models, in both
 * cases, accented, and a few that start none. */
#define TRUTH_SQL "SELECT rowid, one_phrase_score(search, 10.0, 8.0, 2.0, 1.0)," \
	" hit_field(search) FROM search WHERE search MATCH ?1 ORDER BY rowid LIMIT ?2"
#define INITIAL_SQL \
	"WITH d AS MATERIALIZED (SELECT e.eid, e.name, " STORE_SEARCH_DOC_AKA("") " AS aka," \
	"  " STORE_SEARCH_DOC_FACTS("") " AS facts, e.text FROM" \
	"  (SELECT rowid AS hit FROM initials WHERE initials MATCH ?1 LIMIT ?2) h" \
	"  CROSS JOIN entities e ON e.eid = h.hit)" \
	" SELECT eid, initial_score(?1, (SELECT search_average(search) FROM search LIMIT 1)," \
	"  name, aka, facts, text, 10.0, 8.0, 2.0, 1.0), initial_field(?1, name, aka, facts, text)" \
	" FROM d ORDER BY eid"

static size_t compare_initial(const char *c, int64_t limit)
{
	char *prefix = xasprintf("\"%s\"*", c), *word = xasprintf("\"%s\"", c);
	struct sql_stmt *truth = store_sql_prepare(st, TRUTH_SQL);
	struct sql_stmt *initial = store_sql_prepare(st, INITIAL_SQL);
	size_t rows = 0;

	cr_assert_not_null(truth, "%s", store_sql_error(st));
	cr_assert_not_null(initial, "%s", store_sql_error(st));
	sql_bind_text(truth, 1, prefix);
	sql_bind_int64(truth, 2, limit);
	sql_bind_text(initial, 1, word);
	sql_bind_int64(initial, 2, limit);
	for (;;) {
		enum sql_step a = sql_step(truth), b = sql_step(initial);

		cr_assert_eq(a, b, "'%s': row %zu: one ended first", c, rows);
		cr_assert_neq(a, SQL_FAILED, "'%s': %s", c, store_sql_error(st));
		if (a != SQL_ROW)
			break;
		cr_expect_eq(sql_int64(truth, 0), sql_int64(initial, 0), "'%s': row %zu", c, rows);
		cr_expect_eq(sql_double(truth, 1), sql_double(initial, 1), "'%s': row %zu: score", c,
		             rows);
		cr_expect_eq(sql_int(truth, 2), sql_int(initial, 2), "'%s': row %zu: column", c, rows);
		rows++;
	}
	sql_free(truth);
	sql_free(initial);
	free(prefix);
	free(word);
	return rows;
}

Test(search, a_word_of_one_character_is_found_as_the_index_would_find_it)
{
	static const char *const characters[] = {
		"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q",
		"r", "s", "t", "u", "v", "w", "x", "y", "z", "0", "1", "2", "3", "4", "5", "6", "7",
		"8", "9", "S", "É", "é", "ß", "€", "\xe2\x80\x94",
	};
	size_t found = 0;

	for (size_t i = 0; i < sizeof(characters) / sizeof(*characters); i++) {
		found += compare_initial(characters[i], 200);
		compare_initial(characters[i], 2);
	}
	cr_expect_gt(found, 50, "the models' words start with many of them");
}

Test(search, a_search_for_one_character_ranks_its_hits)
{
	struct search_results r;
	struct search_options options = { .kind = "place" };

	run("m", &r);
	cr_expect(has_hit(&r, "n-board"), "a fact's word (monthly)");
	for (size_t i = 0; i < r.count; i++)
		if (strcmp(r.items[i].id, "n-board") == 0)
			cr_expect_eq(r.items[i].field, FOUND_FACT);
	search_results_clear(&r);
	memset(&r, 0, sizeof(r));
	cr_assert_eq(search_run(st, "s", &options, &r), STORE_OK);
	cr_assert_gt(r.count, 0);
	for (size_t i = 0; i < r.count; i++)
		cr_expect_str_eq(r.items[i].kind, "place");
	search_results_clear(&r);
}

/* Words followed by one of one character: bm25 of the other words plus
 * the initial's term, and the columns of both, against FTS5's bm25 and
 * hit_field of the whole query, row by row, to the bit. */
#define WHOLE_SQL "SELECT rowid, bm25(search, 10.0, 8.0, 2.0, 1.0), hit_field(search)" \
	" FROM search WHERE search MATCH ?1 ORDER BY rowid"
#define TAIL_SQL \
	"SELECT s.rowid, -(-bm25(search, 10.0, 8.0, 2.0, 1.0) + initial_term(?2," \
	"  (SELECT search_rows(search) FROM search LIMIT 1)," \
	"  (SELECT docs FROM initial_docs WHERE initial = ?2)," \
	"  (SELECT search_words(search) FROM search LIMIT 1)," \
	"  e.name, " STORE_SEARCH_DOC_AKA("") ", " STORE_SEARCH_DOC_FACTS("") ", e.text," \
	"  10.0, 8.0, 2.0, 1.0))," \
	" hit_columns(search) & initial_columns(?2, e.name, " STORE_SEARCH_DOC_AKA("") "," \
	"  " STORE_SEARCH_DOC_FACTS("") ", e.text)" \
	" FROM search s CROSS JOIN entities e ON e.eid = s.rowid WHERE search MATCH ?1" \
	" AND s.rowid IN (SELECT rowid FROM initials WHERE initials MATCH ?3) ORDER BY s.rowid"

static int first_of(int64_t columns)
{
	for (int c = 0; c < 3; c++)
		if ((columns >> c) & 1)
			return c;
	return 3;
}

Test(search, words_then_one_character_score_as_bm25_would)
{
	static const char *const queries[][2] = {
		{ "sheffield", "t" }, { "sheffield", "h" }, { "teaching", "h" }, { "south", "y" },
		{ "south yorkshire", "b" }, { "nhs", "s" }, { "sheffield", "x" }, { "board", "m" },
	};
	size_t rows = 0;

	for (size_t i = 0; i < sizeof(queries) / sizeof(*queries); i++) {
		struct sql_stmt *whole = store_sql_prepare(st, WHOLE_SQL);
		struct sql_stmt *tail = store_sql_prepare(st, TAIL_SQL);
		struct strbuf words = STRBUF_INIT;
		char *all, *initial = xasprintf("\"%s\"", queries[i][1]);
		char *copy = xstrdup(queries[i][0]);

		cr_assert_not_null(whole, "%s", store_sql_error(st));
		cr_assert_not_null(tail, "%s", store_sql_error(st));
		for (char *w = strtok(copy, " "); w; w = strtok(NULL, " "))
			sb_printf(&words, "%s\"%s\"*", words.len ? " " : "", w);
		all = xasprintf("%s \"%s\"*", sb_str(&words), queries[i][1]);
		sql_bind_text(whole, 1, all);
		sql_bind_text(tail, 1, sb_str(&words));
		sql_bind_text(tail, 2, queries[i][1]);
		sql_bind_text(tail, 3, initial);
		for (;;) {
			enum sql_step a = sql_step(whole), b = sql_step(tail);

			cr_assert_eq(a, b, "'%s': one ended first", all);
			cr_assert_neq(a, SQL_FAILED, "'%s': %s", all, store_sql_error(st));
			if (a != SQL_ROW)
				break;
			cr_expect_eq(sql_int64(whole, 0), sql_int64(tail, 0), "'%s'", all);
			cr_expect_eq(sql_double(whole, 1), sql_double(tail, 1), "'%s': score", all);
			cr_expect_eq(sql_int(whole, 2), first_of(sql_int64(tail, 2)), "'%s': column", all);
			rows++;
		}
		sql_free(whole);
		sql_free(tail);
		sb_free(&words);
		free(all);
		free(initial);
		free(copy);
	}
	cr_expect_gt(rows, 5);
}

/* The full-text hits of a search (rank class 2): of its candidates, the
 * first hits in load order (as many as its limit, here 1000, when more
 * than 200), those not listed by name, in bm25's order of the whole
 * query, then the shorter name, then load order. */
static void expect_bm25_order(const char *text, const char *fts)
{
	struct search_results r;
	struct sql_stmt *whole = store_sql_prepare(st,
		"SELECT id, field FROM (SELECT e.id, e.name, e.eid,"
		" bm25(search, 10.0, 8.0, 2.0, 1.0) AS score, hit_field(search) AS field"
		" FROM search s CROSS JOIN entities e ON e.eid = s.rowid WHERE search MATCH ?1"
		" ORDER BY s.rowid LIMIT 1000) ORDER BY score, length(name), eid");
	static const enum search_field fields[] = { FOUND_NAME, FOUND_CODE, FOUND_FACT, FOUND_TEXT };
	struct search_options options = { .limit = 1000 };   /* all the candidates */
	size_t next = 0, full_text = 0;

	cr_assert_not_null(whole, "%s", store_sql_error(st));
	memset(&r, 0, sizeof(r));
	cr_assert_eq(search_run(st, text, &options, &r), STORE_OK, "%s", store_errmsg(st));
	sql_bind_text(whole, 1, fts);
	while (sql_step(whole) == SQL_ROW) {
		const char *id = sql_text(whole, 0);
		bool listed_before = false;

		for (size_t i = 0; i < r.count; i++)
			if (r.items[i].rank_class < 2 && strcmp(r.items[i].id, id) == 0)
				listed_before = true;
		if (listed_before)
			continue;
		while (next < r.count && r.items[next].rank_class < 2)
			next++;
		cr_assert_lt(next, r.count, "'%s': %s is missing", text, id);
		cr_expect_str_eq(r.items[next].id, id, "'%s': hit %zu", text, next);
		cr_expect_eq(r.items[next].field, fields[sql_int(whole, 1)], "'%s': hit %zu's field",
		             text, next);
		next++;
		full_text++;
	}
	cr_expect_gt(full_text, 0, "'%s' has full-text hits", text);
	cr_expect_lt(r.count, options.limit, "'%s': none cut by the limit", text);
	sql_free(whole);
	search_results_clear(&r);
}

Test(search, words_then_one_character_find_what_all_the_words_find)
{
	struct search_results r;

	expect_bm25_order("sheffield t", "\"sheffield\"* \"t\"*");
	expect_bm25_order("teaching h", "\"teaching\"* \"h\"*");
	expect_bm25_order("nhs s", "\"nhs\"* \"s\"*");
	run("sheffield x", &r);
	cr_expect_not(has_hit(&r, "n-sth"));
	search_results_clear(&r);
}

/* On the bundled data, thousands of entities: the join of a word's hits
 * with an initial (search.c) where many hits come from the index. */
static void load_data(void)
{
	st = load_bundled_data(&dir);
}

TestSuite(search_data, .init = load_data, .fini = unload);

Test(search_data, words_then_one_character_rank_as_bm25_would)
{
	expect_bm25_order("health c", "\"health\"* \"c\"*");
	expect_bm25_order("medical s", "\"medical\"* \"s\"*");
	expect_bm25_order("centre w", "\"centre\"* \"w\"*");
	expect_bm25_order("nhs trust m", "\"nhs\"* \"trust\"* \"m\"*");
}
