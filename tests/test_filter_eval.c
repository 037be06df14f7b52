/* Filters applied: what each term selects on the test models and on the
 * bundled data (matches and their ancestors), mistakes only the model can
 * show, the filtered tree, and a failed filter keeping the one before. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "icsview/query/filter.h"
#include "icsview/store/store_sql.h"
#include "helpers.h"
#include "filter_fixture.h"

/* --- the evaluator on the test models --- */

/* The visible entities in load order, matches marked with '*'. */
static char *visible(const char *text)
{
	struct filter_result r = apply_ok(text);
	struct strbuf sb = STRBUF_INIT;
	struct sql_stmt *stmt = store_sql_prepare(st,
		"SELECT e.id, v.matched FROM temp.filter_visible v JOIN entities e"
		" ON e.eid = v.eid ORDER BY e.eid");
	int64_t rows = 0, matched = 0;

	cr_assert_not_null(stmt, "%s", store_errmsg(st));
	while (sql_step(stmt) == SQL_ROW) {
		sb_printf(&sb, "%s%s%s", sb.len ? " " : "", sql_text(stmt, 0),
		          sql_int(stmt, 1) ? "*" : "");
		rows++;
		matched += sql_int(stmt, 1);
	}
	sql_free(stmt);
	cr_expect_eq(r.visible, rows, "'%s': %lld visible reported, %lld kept", text,
	             (long long)r.visible, (long long)rows);
	cr_expect_eq(r.matched, matched, "'%s': %lld matches reported, %lld kept", text,
	             (long long)r.matched, (long long)matched);
	return sb_detach(&sb);
}

static void expect_visible(const char *text, const char *expected)
{
	char *got = visible(text);

	cr_expect_str_eq(got, expected, "'%s':\n  got:      %s\n  expected: %s", text, got,
	                 expected);
	free(got);
}

static void expect_invalid(const char *text, size_t position, const char *message)
{
	struct filter_error err;
	struct filter *f = filter_parse(text, &err);
	struct filter_result r;

	cr_assert_not_null(f, "'%s' does not parse: %zu: %s", text, err.position, err.message);
	cr_expect_eq(filter_apply(st, f, &r), FILTER_INVALID, "'%s' applied", text);
	cr_expect_eq(r.error.position, position, "'%s': error at %zu (%s), expected %zu", text,
	             r.error.position, r.error.message, position);
	cr_expect_str_eq(r.error.message, message, "'%s'", text);
	filter_free(f);
}

TestSuite(filter_models, .init = load_models, .fini = unload);

Test(filter_models, kind_type_and_id)
{
	expect_visible("kind:board", "n-system n-board* m-system m-board*");
	expect_visible("KIND:Board", "n-system n-board* m-system m-board*");
	expect_visible("kind:committee", "m-system m-jcc*");          /* a declared kind */
	expect_visible("kind:source", "nested-doc* other-doc* m-source*");
	expect_visible("type:trust", "n-system n-sheffield n-sth*");
	expect_visible("type:\"Clinical Commissioning\"", "m-system m-ccg*");
	expect_visible("id:N-STH", "n-system n-sheffield n-sth*");
	expect_visible("id:n-", "");                                  /* the whole id */
	/* no type is no match, and its negation keeps it */
	expect_visible("-type:trust kind:organisation",
	               "p-trust* p-system p-doncaster p-bassetlaw m-system m-ccg* m-provider*");
}

Test(filter_models, fact_comparisons)
{
	expect_visible("population>1000000", "n-system*");
	expect_visible("population>1500000", "");
	expect_visible("population>=1500000", "n-system*");
	expect_visible("population<=1.5e6", "n-system*");
	expect_visible("population<1500000", "");
	expect_visible("Population>1000000", "n-system*");         /* the model's spelling */
	expect_visible("members=23", "n-system*");                 /* any of its values */
	expect_visible("members=20", "n-system*");
	expect_visible("members>22 members<21", "n-system*");
	expect_visible("members!=23", "");                         /* has it, none equal */
	expect_visible("members!=24", "n-system*");
	expect_visible("meets=monthly", "n-system n-board*");
	expect_visible("meets=MONTHLY", "n-system n-board*");
	expect_visible("statutory=no", "n-system n-board*");
	expect_visible("statutory!=no", "");
	expect_visible("STATUTORY=no", "n-system n-board*");     /* the model's spelling */
	expect_visible("Statutory!=no", "");
	expect_visible("published=2018-09", "nested-doc*");         /* not a number: text */
	expect_visible("wave=\"first\"", "n-system*");
	expect_visible("nosuchfact>1", "");                          /* no mistake, no match */
	expect_visible("-statutory=no kind:board", "m-system m-board*");
}

Test(filter_models, relations_forward_inverse_and_has)
{
	expect_visible("member_of:n-system", "n-system n-sheffield n-sth*");
	expect_visible("member_of:syb", "n-system n-sheffield n-sth*");           /* aka */
	expect_visible("member_of:e54000009", "n-system n-sheffield n-sth*");     /* code */
	expect_visible("member_of:\"south yorkshire\"", "n-system n-sheffield n-sth*");  /* part */
	expect_visible("members:RHQ", "n-system*");                                /* inverse */
	/* and the place p-trust is shown under through serves */
	expect_visible("serves:bassetlaw", "p-trust* p-system p-doncaster p-bassetlaw");
	expect_visible("served_by:p-trust", "p-system p-bassetlaw*");
	expect_visible("served_by:P-Trust", "p-system p-bassetlaw*");              /* id, any case */
	expect_visible("member_of:N-SYSTEM", "n-system n-sheffield n-sth*");
	expect_visible("delegated_authority:m-ccg", "m-system m-jcc*");
	expect_visible("delegates_authority_to:\"joint committee\"", "m-system m-ccg*");
	expect_visible("sits_on:m-jcc", "m-system m-ccg*");                       /* declared */
	expect_visible("SEATS:\"Sheffield CCG\"", "m-system m-jcc*");
	expect_visible("commissions:m-provider", "m-system m-ccg*");
	expect_visible("commissioned_by:m-ccg", "m-system m-provider*");
	expect_visible("chairs:partnership", "m-person*");                       /* name part */
	expect_visible("receives_reports_from:m-jcc", "m-system m-board*");
	expect_visible("chaired_by:\"ms example\"", "m-system m-board*");
	expect_visible("member_of:\"partnership board\"", "m-system m-ccg*");
	/* an exact name wins over names containing it: n-sheffield is named
	 * "Sheffield" and has no members, though n-sth and m-ccg, whose names
	 * contain it, are members of something */
	expect_visible("members:sheffield", "");
	expect_visible("members:\"sheffield teaching\"", "n-system*");
	expect_visible("member_of:nobody", "");
	expect_visible("has:delegated_authority", "m-system m-jcc*");
	expect_visible("has:delegates_authority_to", "m-system m-ccg*");
	expect_visible("has:chairs", "m-person*");
	expect_visible("has:chaired_by", "m-system m-board*");
	expect_visible("has:members", "n-system* m-system m-board*");
	expect_visible("has:serves or has:served_by", "p-trust* p-system p-doncaster p-bassetlaw*");
}

Test(filter_models, free_text_through_the_index)
{
	expect_visible("sheffield", "n-system* n-sheffield* n-sth* m-system m-ccg*");
	expect_visible("shef", "n-system* n-sheffield* n-sth* m-system m-ccg*");   /* prefix */
	expect_visible("SHÉF", "n-system* n-sheffield* n-sth* m-system m-ccg*");   /* accents */
	expect_visible("sheffield teaching", "n-system n-sheffield n-sth*");       /* all words */
	expect_visible("\"teaching hospitals\"", "n-system n-sheffield n-sth* p-trust* p-system"
	               " p-doncaster p-bassetlaw");
	expect_visible("\"hospitals teaching\"", "");                              /* in order */
	expect_visible("\"teaching hosp\"", "n-system n-sheffield n-sth* p-trust* p-system"
	               " p-doncaster p-bassetlaw");                                 /* last: prefix */
	expect_visible("rhq", "n-system n-sheffield n-sth*");                      /* a code */
	expect_visible("monthly", "n-system n-board*");                            /* a fact */
	expect_visible("rotherham", "n-system*");                                  /* prose */
	expect_visible("sheffield's", "n-system* n-sheffield* n-sth* m-system m-ccg*");
	/* FTS5's own syntax is only text */
	expect_visible("NEAR", "");
	expect_visible("\"sheffield\" NOT", "");
	expect_visible("sheffield*", "n-system* n-sheffield* n-sth* m-system m-ccg*");
	expect_visible("^sheffield", "n-system* n-sheffield* n-sth* m-system m-ccg*");
	/* no word at all: nothing; its negation: everything */
	expect_visible("*", "");
	expect_visible("\"\"", "");
	cr_expect_eq(apply_ok("-*").matched, 18);
	cr_expect_eq(apply_ok("-\xe2\x80\x93").matched, 18);     /* an en dash alone */
}

/* The entities a filter matched, in load order. */
static char *matched_ids(const char *text)
{
	struct filter_result r = apply_ok(text);
	struct strbuf sb = STRBUF_INIT;
	struct sql_stmt *stmt = store_sql_prepare(st,
		"SELECT e.id FROM temp.filter_visible v JOIN entities e ON e.eid = v.eid"
		" WHERE v.matched ORDER BY e.eid");

	(void)r;
	cr_assert_not_null(stmt, "%s", store_errmsg(st));
	while (sql_step(stmt) == SQL_ROW)
		sb_printf(&sb, "%s%s", sb.len ? " " : "", sql_text(stmt, 0));
	sql_free(stmt);
	return sb_detach(&sb);
}

/* The entities an FTS5 query of the index finds, in load order. */
static char *index_ids(const char *query)
{
	struct strbuf sb = STRBUF_INIT;
	struct sql_stmt *stmt = store_sql_prepare(st,
		"SELECT e.id FROM search s JOIN entities e ON e.eid = s.rowid"
		" WHERE search MATCH ?1 ORDER BY e.eid");

	cr_assert_not_null(stmt, "%s", store_errmsg(st));
	sql_bind_text(stmt, 1, query);
	while (sql_step(stmt) == SQL_ROW)
		sb_printf(&sb, "%s%s", sb.len ? " " : "", sql_text(stmt, 0));
	sql_free(stmt);
	return sb_detach(&sb);
}

/* Words of one letter are looked for in the index's initials: the
 * same entities as the index's prefix queries, alone, among others, and
 * beside a word the index keeps nothing of (a term's words; a space
 * separates terms). */
Test(filter_models, words_of_one_letter_match_as_prefixes)
{
	static const char *const cases[][2] = {
		{ "s", "\"s\"*" },
		{ "T", "\"t\"*" },
		{ "7", "\"7\"*" },
		{ "sheffield t", "\"sheffield\"* \"t\"*" },
		{ "s h", "\"s\"* \"h\"*" },
		{ "s-t", "\"s\"* \"t\"*" },
		{ "q", "\"q\"*" },
		{ "\xe2\x82\xac-s", "\"\xe2\x82\xac\"* \"s\"*" },
		{ "\xc3\xa9-t", "\"\xc3\xa9\"* \"t\"*" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char *got = matched_ids(cases[i][0]), *want = index_ids(cases[i][1]);

		cr_expect_str_eq(got, want, "'%s':\n  got:      %s\n  expected: %s", cases[i][0], got,
		                 want);
		free(got);
		free(want);
	}
	/* and negated: everything else */
	cr_expect_eq(apply_ok("s").matched + apply_ok("-s").matched, 18);
}

Test(filter_models, or_not_and_precedence)
{
	expect_visible("kind:board or kind:committee", "n-system n-board* m-system m-jcc* m-board*");
	/* and before or: board, or (place and system), which is nothing */
	expect_visible("kind:board or kind:place kind:system", "n-system n-board* m-system m-board*");
	expect_visible("(kind:board or kind:place) kind:place",
	               "n-system n-sheffield* n-doncaster* p-system p-doncaster* p-bassetlaw*");
	expect_visible("-kind:source -kind:organisation -kind:place -kind:system -kind:board",
	               "m-system m-jcc* m-person*");
	expect_visible("-(kind:source or kind:organisation or kind:place or kind:system)"
	               " -kind:board", "m-system m-jcc* m-person*");
	cr_expect_eq(apply_ok("-kind:source").matched, 15);
	cr_expect_eq(apply_ok("-kind:source").visible, 15);
}

Test(filter_models, mistakes_against_the_model)
{
	expect_invalid("unknown_rel:foo", 0, "unknown relation 'unknown_rel'");
	expect_invalid("kind:board unknown_rel:foo", 11, "unknown relation 'unknown_rel'");
	expect_invalid("-has:nothing", 1, "unknown relation 'nothing'");
	expect_invalid("kind:boards", 0, "unknown kind 'boards'");
	expect_invalid("name:sheffield", 0, "unknown relation 'name'");   /* no FTS5 columns */
	expect_invalid("kind:\"a\x01\xff\"", 0, "unknown kind 'a?" "?'");
	expect_invalid("flag:maybe", 0,
	               "unknown flag 'maybe' (none, ok, question, concern or any)");
	expect_invalid("kind:board -flag:\"a\x1b]0;x\"", 12,
	               "unknown flag 'a?]0;x' (none, ok, question, concern or any)");
}

/* Without a review open nothing has a note, a flag or a reviewed mark
 * (test_review.c tests them with notes). */
Test(filter_models, review_terms_without_notes)
{
	cr_expect_eq(apply_ok("has:note").matched, 0);
	cr_expect_eq(apply_ok("flag:concern or flag:any or reviewed:yes").matched, 0);
	cr_expect_eq(apply_ok("review:conflict").matched, 0);
	cr_expect_eq(apply_ok("kind:board -review:conflict").matched, apply_ok("kind:board").matched);
	cr_expect_eq(apply_ok("kind:board reviewed:no").matched, apply_ok("kind:board").matched);
	cr_expect_eq(apply_ok("kind:board flag:none").matched, apply_ok("kind:board").matched);
}

Test(filter_models, the_tree_lists_only_visible_children)
{
	cr_expect(!store_filter_active(st));
	expect_level(0, "n-system*/3 nested-doc*/0 other-doc*/0 p-system*/2 m-system*/4"
	                " m-source*/0 m-person*/0");
	apply_ok("kind:board");
	cr_expect(store_filter_active(st));
	expect_level(0, "n-system/1 m-system/1");
	expect_level(eid_of(st, "n-system"), "n-board*/0");
	expect_level(eid_of(st, "n-sheffield"), "");
	/* secondary children: p-trust serves p-bassetlaw */
	apply_ok("id:p-trust or id:p-bassetlaw");
	expect_level(0, "p-system/2");
	expect_level(eid_of(st, "p-system"), "p-doncaster/1 p-bassetlaw*/1");
	expect_level(eid_of(st, "p-doncaster"), "p-trust*/0");
	expect_level(eid_of(st, "p-bassetlaw"), "+p-trust*/0");
	/* a match shows under the places it is linked to, though nothing
	 * else under them matches */
	apply_ok("id:p-trust");
	expect_level(0, "p-system/2");
	expect_level(eid_of(st, "p-system"), "p-doncaster/1 p-bassetlaw/1");
	expect_level(eid_of(st, "p-bassetlaw"), "+p-trust*/0");
	apply_ok("id:p-bassetlaw");
	expect_level(eid_of(st, "p-system"), "p-bassetlaw*/0");
	expect_level(eid_of(st, "p-bassetlaw"), "");
	cr_expect_eq(filter_clear(st), STORE_OK);
	cr_expect(!store_filter_active(st));
	expect_level(eid_of(st, "p-bassetlaw"), "+p-trust*/0");
	cr_expect_eq(filter_clear(st), STORE_OK);          /* twice is fine */
}

Test(filter_models, a_failed_filter_keeps_the_previous_one)
{
	struct filter *f = filter_parse("kind:board unknown_rel:x", NULL);
	struct filter_result r;

	apply_ok("kind:committee");
	cr_assert_not_null(f);
	cr_expect_eq(filter_apply(st, f, &r), FILTER_INVALID);
	filter_free(f);
	cr_expect_eq(count_of("SELECT count(*) FROM temp.filter_visible"), 2);
	filter_clear(st);
	f = filter_parse("flag:maybe", NULL);
	cr_expect_eq(filter_apply(st, f, &r), FILTER_INVALID);
	filter_free(f);
	cr_expect(!store_filter_active(st), "a failed filter left a result behind");
}

/* --- the bundled data --- */

TestSuite(filter_data, .init = load_bundled, .fini = unload);

/* The ids of the matches, sorted. */
static char *matches(const char *text)
{
	struct strbuf sb = STRBUF_INIT;
	struct sql_stmt *stmt;

	apply_ok(text);
	stmt = store_sql_prepare(st, "SELECT e.id FROM temp.filter_visible v JOIN entities e"
	                             " ON e.eid = v.eid WHERE v.matched ORDER BY e.id");
	cr_assert_not_null(stmt, "%s", store_errmsg(st));
	while (sql_step(stmt) == SQL_ROW)
		sb_printf(&sb, "%s%s", sb.len ? " " : "", sql_text(stmt, 0));
	sql_free(stmt);
	return sb_detach(&sb);
}

static void expect_matches(const char *text, const char *expected)
{
	char *got = matches(text);

	cr_expect_str_eq(got, expected, "'%s':\n  got:      %s\n  expected: %s", text, got,
	                 expected);
	free(got);
}

/* Whether the entity is visible under the filter: as a match, or (any)
 * as a match or an ancestor. */
static bool in_view(const char *id, bool as_match)
{
	struct sql_stmt *stmt = store_sql_prepare(st, "SELECT 1 FROM temp.filter_visible v"
		" JOIN entities e ON e.eid = v.eid WHERE e.id = ?1 AND (v.matched OR NOT ?2)");
	bool found;

	cr_assert_not_null(stmt, "%s", store_errmsg(st));
	sql_bind_text(stmt, 1, id);
	sql_bind_int(stmt, 2, as_match);
	found = sql_step(stmt) == SQL_ROW;
	sql_free(stmt);
	return found;
}

static bool matched(const char *id)
{
	return in_view(id, true);
}

static bool shown(const char *id)
{
	return in_view(id, false);
}

Test(filter_data, boards_and_their_ancestors)
{
	struct filter_result r = apply_ok("kind:board");

	cr_expect_eq(r.matched, count_of("SELECT count(*) FROM entities e JOIN kinds k"
	                                 " ON k.kind_no = e.kind_no WHERE k.name = 'board'"));
	cr_expect_gt(r.matched, 5);
	cr_expect_gt(r.visible, r.matched);
	cr_expect_eq(count_of("SELECT count(*) FROM temp.filter_visible v JOIN entities e"
	                      " ON e.eid = v.eid JOIN kinds k ON k.kind_no = e.kind_no"
	                      " WHERE v.matched <> (k.name = 'board')"), 0);
	cr_expect(matched("syb-partnership-board"));
	cr_expect(!matched("syb"));
	cr_expect_eq(count_of("SELECT matched FROM temp.filter_visible v JOIN entities e"
	                      " ON e.eid = v.eid WHERE e.id = 'syb'"), 0);
}

/* Every place shows the trusts it has through a link, not only a place
 * with a trust of its own. */
Test(filter_data, trusts_under_every_place_they_serve)
{
	static const char *const places[] = {
		"syb-barnsley", "syb-doncaster", "syb-rotherham", "syb-sheffield", "syb-bassetlaw",
	};

	apply_ok("type:trust");
	for (size_t i = 0; i < sizeof(places) / sizeof(places[0]); i++)
		cr_expect(shown(places[i]) && !matched(places[i]), "%s is hidden", places[i]);
	expect_level(eid_of(st, "syb-barnsley"), "+RFF*/0 +RXG*/0 +RX8*/0");
}

Test(filter_data, facts)
{
	struct filter_result r = apply_ok("population>1000000");

	cr_expect_eq(r.matched, count_of("SELECT count(DISTINCT f.eid) FROM facts f"
	                                 " JOIN fact_keys k ON k.key_no = f.key_no"
	                                 " WHERE k.name = 'population' AND f.num > 1000000"));
	cr_expect(matched("syb"));
	free(matches("meets=monthly"));
	cr_expect(matched("syb-partnership-board"));
	cr_expect(!matched("syb-executive-steering-group"));     /* "not stated" */
	expect_matches("statutory=no", "syb syb-partnership-board");
	expect_matches("STATUTORY=no", "syb syb-partnership-board");   /* nine letters */
	expect_matches("Population>1000000 -population>1000000", "");
	cr_expect_eq(apply_ok("POPULATION>1000000").matched, r.matched);
}

Test(filter_data, relations)
{
	struct filter_result r;

	expect_matches("serves:bassetlaw", "E07000171 E10000024 E10000024-hwb RHA RP5 RX9");
	r = apply_ok("member_of:syb");
	cr_expect_eq(r.matched, count_of("SELECT count(DISTINCT l.src) FROM links l"
	                                 " JOIN entities d ON d.eid = l.dst"
	                                 " JOIN relations r ON r.rel_no = l.rel_no"
	                                 " WHERE r.name = 'member_of' AND d.id = 'syb'"));
	cr_expect_gt(r.matched, 10);
	cr_expect(matched("RHQ"));
	expect_matches("has:delegated_authority", "syb-joint-committee-commissioners");
	expect_matches("members:RHQ", "syb syb-executive-steering-group syb-partnership-board"
	               " syb-providers-committees-in-common");
	/* an id in another case, longer than the eight letters whose case
	 * variants are looked up in the ids' index: the same entities */
	{
		char *lower = matches("delegates_authority_to:syb-joint-committee-commissioners");
		char *upper = matches("delegates_authority_to:SYB-Joint-Committee-COMMISSIONERS");

		cr_expect_gt(strlen(lower), 0);
		cr_expect_str_eq(upper, lower);
		free(lower);
		free(upper);
	}
}

Test(filter_data, negation_free_text_and_or)
{
	struct filter_result r = apply_ok("-kind:source");

	cr_expect_eq(r.matched, count_of("SELECT count(*) FROM entities e JOIN kinds k"
	                                 " ON k.kind_no = e.kind_no WHERE k.name <> 'source'"));
	apply_ok("stroke");
	cr_expect(matched("syb-joint-committee-commissioners"));
	cr_expect(matched("syb-hyper-acute-stroke"));
	cr_expect(!matched("syb-citizens-panel"));
	r = apply_ok("kind:board or kind:programme");
	cr_expect_eq(r.matched, count_of("SELECT count(*) FROM entities e JOIN kinds k"
	                                 " ON k.kind_no = e.kind_no"
	                                 " WHERE k.name IN ('board', 'programme')"));
	r = apply_ok("kind:organisation -type:\"GP practice\" serves:doncaster or kind:system syb");
	cr_expect_gt(r.matched, 1);
}
