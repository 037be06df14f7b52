/* Filters: the language (every operator, precedence, mistakes at their
 * position), the evaluator on the test models and on the bundled data
 * (matches and their ancestors, the filtered tree), and a few hundred
 * hostile strings that must end in a clean error or a result. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "icsview/query/filter.h"
#include "icsview/store/store_sql.h"
#include "helpers.h"

/* --- the language, without a store --- */

/* The description of a filter that must parse; describing it again after
 * parsing the description gives the same text. */
static char *describe_ok(const char *text)
{
	struct filter_error err;
	struct filter *f = filter_parse(text, &err), *again;
	char *d, *d2;

	cr_assert_not_null(f, "'%s' does not parse: %zu: %s", text, err.position, err.message);
	d = filter_describe(f);
	again = filter_parse(d, &err);
	cr_assert_not_null(again, "the description '%s' of '%s' does not parse: %zu: %s", d, text,
	                   err.position, err.message);
	d2 = filter_describe(again);
	cr_expect_str_eq(d2, d, "'%s' described as '%s', then as '%s'", text, d, d2);
	free(d2);
	filter_free(again);
	filter_free(f);
	return d;
}

static void expect_describe(const char *text, const char *expected)
{
	char *d = describe_ok(text);

	cr_expect_str_eq(d, expected, "'%s' described as '%s', expected '%s'", text, d, expected);
	free(d);
}

static void expect_parse_error(const char *text, size_t position, const char *message)
{
	struct filter_error err;
	struct filter *f = filter_parse(text, &err);

	cr_expect_null(f, "'%s' parsed", text);
	filter_free(f);
	if (f)
		return;
	cr_expect_eq(err.position, position, "'%s': error at %zu (%s), expected %zu", text,
	             err.position, err.message, position);
	cr_expect_str_eq(err.message, message, "'%s'", text);
}

Test(filter_parse, every_term)
{
	static const char *const cases[][2] = {
		{ "kind:board", "kind:board" },
		{ "KIND:board", "kind:board" },
		{ "kind:\"board\"", "kind:board" },
		{ "type:trust", "type:trust" },
		{ "type:\"foundation trust\"", "type:\"foundation trust\"" },
		{ "id:n-sth", "id:n-sth" },
		{ "Id:RHQ", "id:RHQ" },
		{ "population>500000", "population>500000" },
		{ "population<500000", "population<500000" },
		{ "population>=1.5e6", "population>=1.5e6" },
		{ "population<=-3", "population<=-3" },
		{ "population>\"12\"", "population>\"12\"" },
		{ "meets=monthly", "meets=monthly" },
		{ "meets=\"not stated\"", "meets=\"not stated\"" },
		{ "members=23", "members=23" },
		{ "members=\"23\"", "members=\"23\"" },   /* quoted: compared as text */
		{ "statutory!=no", "statutory!=no" },
		{ "member_of:syb", "member_of:syb" },
		{ "serves:\"South Yorkshire\"", "serves:\"South Yorkshire\"" },
		{ "members:RHQ", "members:RHQ" },
		{ "has:delegated_authority", "has:delegated_authority" },
		{ "has:note", "has:note" },
		{ "HAS:Note", "has:note" },
		{ "flag:concern", "flag:concern" },
		{ "reviewed:YES", "reviewed:yes" },
		{ "reviewed:no", "reviewed:no" },
		{ "stroke", "stroke" },
		{ "\"hyper acute\"", "\"hyper acute\"" },
		{ "\"\"", "\"\"" },
		{ "*", "*" },
		{ "NEAR", "NEAR" },
		{ "sy&b", "sy&b" },
		{ ":foo", ":foo" },
		{ "2018-09", "2018-09" },
		{ "-kind:person", "-kind:person" },
		{ "--kind:person", "kind:person" },
		{ "-\"a phrase\"", "-\"a phrase\"" },
		{ "bassetlaw-ccg", "bassetlaw-ccg" },
		{ "  kind:board \t\r\n stroke\x01x  ", "kind:board stroke x" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		expect_describe(cases[i][0], cases[i][1]);
}

Test(filter_parse, and_binds_tighter_than_or)
{
	static const char *const cases[][2] = {
		{ "a or b c", "a or b c" },             /* a or (b c) */
		{ "a or (b c)", "a or b c" },
		{ "(a or b) c", "(a or b) c" },
		{ "a b or c", "a b or c" },             /* (a b) or c */
		{ "(a b) or c", "a b or c" },
		{ "a OR b Or c", "a or b or c" },
		{ "(a or b) or c", "a or b or c" },
		{ "a and b", "a b" },                   /* an explicit and */
		{ "a AND b or c", "a b or c" },
		{ "((a))", "a" },
		{ "(a b) c", "a b c" },
		{ "a (b or c) d", "a (b or c) d" },
		{ "-a b", "-a b" },                     /* not sticks to its term */
		{ "-(a b)", "-(a b)" },
		{ "-(a or b) c", "-(a or b) c" },
		{ "-(-a)", "a" },
		{ "a(b)c", "a b c" },
		{ "x\"y z\"w", "x \"y z\" w" },
		{ "\"or\"", "\"or\"" },                 /* quoted: text */
		{ "orchard or oregon", "orchard or oregon" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		expect_describe(cases[i][0], cases[i][1]);
}

Test(filter_parse, mistakes_at_their_position)
{
	static const struct {
		const char *text;
		size_t position;
		const char *message;
	} cases[] = {
		{ "kind:", 5, "expected a value after 'kind:'" },
		{ "kind: board", 5, "expected a value after 'kind:'" },
		{ "kind:\"\"", 5, "expected a value after 'kind:'" },
		{ "stroke member_of:", 17, "expected a value after 'member_of:'" },
		{ "population>", 11, "expected a number after 'population>'" },
		{ "population>lots", 11, "expected a number after 'population>'" },
		{ "population<=1,000", 12, "expected a number after 'population<='" },
		{ "meets=", 6, "expected a value after 'meets='" },
		{ "meets!=", 7, "expected a value after 'meets!='" },
		{ "(kind:board", 0, "unbalanced parenthesis" },
		{ "a ((b) c", 2, "unbalanced parenthesis" },
		{ "kind:board)", 10, "unbalanced parenthesis" },
		{ ")", 0, "unbalanced parenthesis" },
		{ "a)b", 1, "unbalanced parenthesis" },
		{ "x>=>3", 1, "unknown comparison '>=>'" },
		{ "x=>3", 1, "unknown comparison '=>'" },
		{ "x==3", 1, "unknown comparison '=='" },
		{ "x<>3", 1, "unknown comparison '<>'" },
		{ "a!b", 1, "unknown comparison '!'" },
		{ "", 0, "empty filter" },
		{ "   ", 0, "empty filter" },
		{ "or kind:board", 0, "expected a term before 'or'" },
		{ "AND x", 0, "expected a term before 'AND'" },
		{ "kind:board or", 13, "expected a term after 'or'" },
		{ "a or or b", 5, "expected a term after 'or'" },
		{ "a and or b", 6, "expected a term after 'and'" },
		{ "a or )", 5, "expected a term after 'or'" },
		{ "()", 1, "expected a term after '('" },
		{ "a (", 3, "expected a term after '('" },
		{ "- a", 0, "expected a term after '-'" },
		{ "a -", 2, "expected a term after '-'" },
		{ "(a -)", 3, "expected a term after '-'" },
		{ "-or", 1, "expected a term after '-'" },
		{ "\"abc", 0, "missing closing quote" },
		{ "a \"b\" \"c", 6, "missing closing quote" },
		{ "type:\"abc", 5, "missing closing quote" },
		{ "reviewed:maybe", 9, "expected 'yes' or 'no' after 'reviewed:'" },
		{ "kind:board \"unterminated (kind:", 11, "missing closing quote" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		expect_parse_error(cases[i].text, cases[i].position, cases[i].message);
}

/* n nested groups around one term: "((((a))))" */
static char *nested(size_t n)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < n; i++)
		sb_putc(&sb, '(');
	sb_putc(&sb, 'a');
	for (size_t i = 0; i < n; i++)
		sb_putc(&sb, ')');
	return sb_detach(&sb);
}

Test(filter_parse, limits_are_errors_not_truncations)
{
	struct strbuf sb = STRBUF_INIT;
	char *text = nested(FILTER_MAX_DEPTH);

	expect_describe(text, "a");
	free(text);
	text = nested(FILTER_MAX_DEPTH + 1);
	expect_parse_error(text, FILTER_MAX_DEPTH, "too many nested parentheses (at most 32)");
	free(text);
	text = nested(40);
	expect_parse_error(text, FILTER_MAX_DEPTH, "too many nested parentheses (at most 32)");
	free(text);

	for (int i = 0; i < FILTER_MAX_TERMS; i++)
		sb_printf(&sb, "%sw%02d", i ? " " : "", i);
	free(describe_ok(sb_str(&sb)));
	sb_puts(&sb, " -w64");
	/* the 65th term, after its '-' */
	expect_parse_error(sb_str(&sb), sb.len - 3, "too many terms (at most 64)");
	sb_reset(&sb);

	while (sb.len < FILTER_MAX_LENGTH)
		sb_putc(&sb, 'x');   /* one word of FILTER_MAX_LENGTH bytes: allowed */
	free(describe_ok(sb_str(&sb)));
	sb_putc(&sb, 'x');
	expect_parse_error(sb_str(&sb), FILTER_MAX_LENGTH, "filter too long (at most 4096 bytes)");
	sb_free(&sb);
}

/* A message is short, valid UTF-8 and free of control characters. */
static void expect_clean_message(const char *text, const struct filter_error *err)
{
	const unsigned char *m = (const unsigned char *)err->message;
	size_t n = strlen(err->message);

	cr_expect(n > 0 && n < sizeof(err->message), "'%s': an empty message", text);
	cr_expect_leq(err->position, strlen(text), "'%s': error at %zu, beyond the text", text,
	              err->position);
	for (size_t i = 0; i < n;) {
		int len = m[i] < 0x80 ? 1 : (m[i] & 0xe0) == 0xc0 ? 2 : (m[i] & 0xf0) == 0xe0 ? 3
		          : (m[i] & 0xf8) == 0xf0 ? 4 : 0;

		cr_expect(len > 0 && m[i] >= 0x20 && m[i] != 0x7f && i + (size_t)len <= n,
		          "'%s': message '%s' has a bad byte at %zu", text, err->message, i);
		if (len == 0)
			return;
		for (int k = 1; k < len; k++)
			cr_expect((m[i + k] & 0xc0) == 0x80, "'%s': message not UTF-8", text);
		i += (size_t)len;
	}
}

Test(filter_parse, messages_quote_user_text_safely)
{
	struct filter_error err;
	struct filter *f;
	static const char *const cases[] = {
		"averyveryveryveryverylongfactnamethatgoesonandon>=>x",
		"x=>\x01\x02", "x\xe2\x80\x93=>1", "\xff\xfe:", "\"\xff",
		"a or \xc3", "averyveryveryveryverylongrelationnameforsure_and_more:",
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		f = filter_parse(cases[i], &err);
		if (!f)
			expect_clean_message(cases[i], &err);
		filter_free(f);
	}
	f = filter_parse("averyveryveryveryverylongfactnamethatgoesonandon>=>x", &err);
	cr_assert_null(f);
	cr_expect_str_eq(err.message, "unknown comparison '>=>'");
	f = filter_parse("averyveryveryveryverylongfactnamethatgoesonandon>", &err);
	cr_assert_null(f);
	cr_expect_str_eq(err.message,
	                 "expected a number after 'averyveryveryveryverylongfactnam\xe2\x80\xa6'");
	cr_expect_null(filter_parse(NULL, &err));
	cr_expect_str_eq(err.message, "empty filter");
	cr_expect_null(filter_parse("(", NULL));   /* no error wanted: no crash */
	filter_free(NULL);
}

/* --- the evaluator on the test models --- */

static struct store *st;
static char *dir;

static void load_models(void)
{
	static const char *const files[] = {
		"good/nested.yaml", "good/explicit-parent.yaml", "good/multi",
	};

	dir = scratch_dir();
	st = load_valid(dir, files, 3);
}

static void load_bundled(void)
{
	const char *data = getenv("ICSVIEW_DATA");
	const char *paths[] = { data };

	cr_assert(data, "ICSVIEW_DATA is not set: run the tests through meson test");
	dir = scratch_dir();
	st = load_paths(dir, paths, 1);
}

static void unload(void)
{
	store_close(st);
	remove_tree(dir);
	free(dir);
}

static int64_t count_of(const char *sql)
{
	struct sql_stmt *stmt = store_sql_prepare(st, sql);
	int64_t n;

	cr_assert_not_null(stmt, "%s: %s", sql, store_errmsg(st));
	cr_assert_eq(sql_step(stmt), SQL_ROW, "%s: %s", sql, store_errmsg(st));
	n = sql_int64(stmt, 0);
	sql_free(stmt);
	return n;
}

/* The kept result is whole: every visible entity's parent is visible, and
 * every ancestor-only row has a visible child. */
static void expect_closed_result(const char *text)
{
	cr_expect_eq(count_of("SELECT count(*) FROM temp.filter_visible v JOIN entities e"
	                      " ON e.eid = v.eid WHERE e.parent IS NOT NULL"
	                      " AND e.parent NOT IN (SELECT eid FROM temp.filter_visible)"), 0,
	             "'%s': a visible entity's parent is hidden", text);
	cr_expect_eq(count_of("SELECT count(*) FROM temp.filter_visible v WHERE matched = 0"
	                      " AND NOT EXISTS (SELECT 1 FROM entities c JOIN temp.filter_visible cv"
	                      " ON cv.eid = c.eid WHERE c.parent = v.eid)"), 0,
	             "'%s': an ancestor with nothing visible under it", text);
}

/* Applies a filter that must parse and fit the model. */
static struct filter_result apply_ok(const char *text)
{
	struct filter_error err;
	struct filter *f = filter_parse(text, &err);
	struct filter_result r;
	int rc;

	cr_assert_not_null(f, "'%s' does not parse: %zu: %s", text, err.position, err.message);
	rc = filter_apply(st, f, &r);
	cr_assert_eq(rc, FILTER_OK, "'%s': %d: %zu: %s", text, rc, r.error.position,
	             r.error.message);
	filter_free(f);
	expect_closed_result(text);
	return r;
}

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
	               "p-trust* p-system p-doncaster m-system m-ccg* m-provider*");
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
	expect_visible("serves:bassetlaw", "p-trust* p-system p-doncaster");
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
	               " p-doncaster");
	expect_visible("\"hospitals teaching\"", "");                              /* in order */
	expect_visible("\"teaching hosp\"", "n-system n-sheffield n-sth* p-trust* p-system"
	               " p-doncaster");                                             /* last: prefix */
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
	cr_expect_eq(apply_ok("kind:board reviewed:no").matched, apply_ok("kind:board").matched);
	cr_expect_eq(apply_ok("kind:board flag:none").matched, apply_ok("kind:board").matched);
}

/* One level of the filtered tree, a page of `limit` at a time: "id" for
 * ancestors, "id*" for matches, "+" for secondary, "/n" for n visible
 * children. */
static char *level(int64_t parent, size_t limit)
{
	struct strbuf sb = STRBUF_INIT;
	struct child after = { 0 };

	for (;;) {
		struct child_list page = { 0 };

		cr_assert_eq(store_children_filtered_after(st, parent, &after, limit, &page),
		             STORE_OK, "%s", store_errmsg(st));
		for (size_t i = 0; i < page.count; i++) {
			const struct child *c = &page.items[i];

			sb_printf(&sb, "%s%s%s%s/%lld", sb.len ? " " : "", c->secondary ? "+" : "",
			          c->id, c->matched ? "*" : "", (long long)c->n_children);
		}
		if (page.count < limit) {
			child_list_clear(&page);
			break;
		}
		after.eid = page.items[page.count - 1].eid;
		after.secondary = page.items[page.count - 1].secondary;
		child_list_clear(&page);
	}
	return sb_detach(&sb);
}

static void expect_level(int64_t parent, const char *expected)
{
	for (size_t limit = 1; limit <= 3; limit += 2) {
		char *got = level(parent, limit);

		cr_expect_str_eq(got, expected, "children of %lld, %zu a page:\n  got:      %s\n"
		                 "  expected: %s", (long long)parent, limit, got, expected);
		free(got);
	}
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

/* --- the filter a step at a time (filter_start, filter_step) --- */

/* The tree under the filter from `parent` down, two children a page:
 * "id" for ancestors, "id*" for matches, "+" for secondary, "/n" for n
 * visible children, "(...)" around the children of each own child; the
 * count and the positions the outline reads agree with the list. */
static void tree_text(int64_t parent, struct strbuf *sb)
{
	struct child after = { 0 };
	size_t listed = 0, count = 0;

	for (;;) {
		struct child_list page = { 0 };

		cr_assert_eq(store_children_filtered_after(st, parent, &after, 2, &page), STORE_OK,
		             "%s", store_errmsg(st));
		for (size_t i = 0; i < page.count; i++) {
			const struct child *c = &page.items[i];
			struct child at;

			cr_expect_eq(store_child_at_filtered(st, parent, listed, &at), STORE_OK);
			cr_expect_eq(at.eid, c->eid, "child %zu of %lld", listed, (long long)parent);
			sb_printf(sb, " %s%s%s/%lld", c->secondary ? "+" : "", c->id,
			          c->matched ? "*" : "", (long long)c->n_children);
			if (!c->secondary && c->n_children) {
				sb_puts(sb, " (");
				tree_text(c->eid, sb);
				sb_puts(sb, " )");
			}
			listed++;
		}
		if (page.count < 2) {
			child_list_clear(&page);
			break;
		}
		after.eid = page.items[page.count - 1].eid;
		after.secondary = page.items[page.count - 1].secondary;
		child_list_clear(&page);
	}
	cr_expect_eq(store_children_count_filtered(st, parent, &count), STORE_OK);
	cr_expect_eq(count, listed, "children of %lld: %zu counted, %zu listed", (long long)parent,
	             count, listed);
}

/* Everything a result is: its entities and matches, and the tree. */
static char *whole_result(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct sql_stmt *stmt = store_sql_prepare(st,
		"SELECT e.id, v.matched FROM temp.filter_visible v JOIN entities e"
		" ON e.eid = v.eid ORDER BY e.eid");

	cr_assert_not_null(stmt, "%s", store_errmsg(st));
	while (sql_step(stmt) == SQL_ROW)
		sb_printf(&sb, "%s%s ", sql_text(stmt, 0), sql_int(stmt, 1) ? "*" : "");
	sql_free(stmt);
	sb_puts(&sb, "| tree:");
	tree_text(0, &sb);
	return sb_detach(&sb);
}

/* Starts a filter that must fit the model, `chunk` entities a step. */
static struct filter_result start_ok(const char *text, int64_t chunk)
{
	struct filter_pace pace = { .chunk = chunk };
	struct filter_error err;
	struct filter *f = filter_parse(text, &err);
	struct filter_result r;
	int rc;

	cr_assert_not_null(f, "'%s' does not parse: %zu: %s", text, err.position, err.message);
	rc = filter_start(st, f, &pace, &r);
	cr_assert_eq(rc, FILTER_OK, "'%s': %d: %s", text, rc, r.error.message);
	filter_free(f);
	return r;
}

/* The rest of a filter a step at a time, checking after each that the
 * result stands as documented: whole (closed under ancestors), only
 * growing, and counted as reported.  Returns the steps taken. */
static size_t finish_in_steps(const char *text, struct filter_result *r)
{
	size_t steps = 0;

	for (;;) {
		int64_t visible = r->visible, matched = r->matched;
		double done = r->done;

		expect_closed_result(text);
		cr_expect_eq(count_of("SELECT count(*) FROM temp.filter_visible"), r->visible, "%s",
		             text);
		cr_expect_eq(count_of("SELECT count(*) FROM temp.filter_visible WHERE matched"),
		             r->matched, "%s", text);
		cr_expect_eq(filter_running(st), !r->complete, "%s", text);
		if (r->complete)
			break;
		cr_assert_eq(filter_step(st, r), FILTER_OK, "'%s': %s", text, r->error.message);
		steps++;
		cr_expect_geq(r->visible, visible, "'%s': the result shrank", text);
		cr_expect_geq(r->matched, matched, "'%s': the matches shrank", text);
		cr_expect_geq(r->done, done, "'%s': the work done went back", text);
		cr_assert_lt(steps, 100000, "'%s' never ends", text);
	}
	cr_expect_eq(r->done, 1.0, "%s", text);
	return steps;
}

/* A filter evaluated a few entities at a time comes to exactly what it
 * comes to all at once: the same entities, matches, counts and tree. */
static void expect_same_in_steps(const char *text, const int64_t *chunks, size_t nchunks)
{
	struct filter_result once = apply_ok(text), r;
	char *whole = whole_result();

	for (size_t i = 0; i < nchunks; i++) {
		char *got;
		size_t steps;

		r = start_ok(text, chunks[i]);
		steps = finish_in_steps(text, &r);
		if (chunks[i] < 4)
			cr_expect_gt(steps, 3, "'%s', %lld a step: %zu steps", text,
			             (long long)chunks[i], steps);
		got = whole_result();
		cr_expect_str_eq(got, whole, "'%s', %lld a step:\n  got:      %s\n  expected: %s", text,
		                 (long long)chunks[i], got, whole);
		cr_expect_eq(r.matched, once.matched, "'%s', %lld a step", text, (long long)chunks[i]);
		cr_expect_eq(r.visible, once.visible, "'%s', %lld a step", text, (long long)chunks[i]);
		free(got);
	}
	free(whole);
}

static const char *const stepped_filters[] = {
	"kind:board", "kind:organisation", "-kind:source -kind:organisation",
	"kind:board or kind:committee", "(kind:board or kind:place) kind:place",
	"kind:place or kind:organisation",      /* p-trust comes before its place */
	"type:trust", "-type:trust kind:organisation", "id:p-trust or id:p-bassetlaw",
	"population>=1500000", "members=23", "members!=24", "statutory!=no", "meets=monthly",
	"-statutory=no kind:board", "nosuchfact>1",
	"member_of:syb", "members:RHQ", "serves:bassetlaw", "served_by:p-trust",
	"member_of:\"south yorkshire\"", "chairs:partnership",    /* names containing it */
	"members:sheffield", "member_of:nobody", "has:serves or has:served_by", "has:members",
	"-has:chairs", "sits_on:m-jcc or seats:\"Sheffield CCG\"",
	"shef", "\"teaching hospitals\"", "sheffield teaching or kind:source", "*", "-*",
	"has:note", "reviewed:no", "flag:none kind:board", "-flag:any or has:note",
};

Test(filter_models, a_step_at_a_time_comes_to_the_same_result)
{
	static const int64_t chunks[] = { 1, 2, 3, 7, 1000 };

	for (size_t i = 0; i < sizeof(stepped_filters) / sizeof(stepped_filters[0]); i++)
		expect_same_in_steps(stepped_filters[i], chunks, sizeof(chunks) / sizeof(chunks[0]));
	filter_clear(st);
}

/* Paced by time instead: the same result, whatever the steps were. */
Test(filter_models, paced_by_time_comes_to_the_same_result)
{
	for (size_t i = 0; i < sizeof(stepped_filters) / sizeof(stepped_filters[0]); i++) {
		const char *text = stepped_filters[i];
		struct filter_result once = apply_ok(text), r;
		struct filter_pace pace = { .step_ms = 0.001 };
		struct filter *f = filter_parse(text, NULL);
		char *whole = whole_result(), *got;

		cr_assert_eq(filter_start(st, f, &pace, &r), FILTER_OK, "%s", text);
		filter_free(f);
		cr_assert_eq(filter_finish(st, &r), FILTER_OK, "%s", text);
		cr_expect(r.complete);
		got = whole_result();
		cr_expect_str_eq(got, whole, "'%s'", text);
		cr_expect_eq(r.matched, once.matched, "%s", text);
		free(got);
		free(whole);
	}
	filter_clear(st);
}

Test(filter_models, another_filter_or_a_clear_cancels_one_under_way)
{
	struct filter_result r = start_ok("kind:organisation", 1), board;
	char *expected, *got;

	/* another filter started: the first is gone, the second comes out whole */
	cr_assert_eq(filter_step(st, &r), FILTER_OK);
	cr_assert(filter_running(st));
	board = apply_ok("kind:board");
	expected = whole_result();
	r = start_ok("kind:organisation", 1);
	cr_assert_eq(filter_step(st, &r), FILTER_OK);
	r = start_ok("kind:board", 1);
	finish_in_steps("kind:board", &r);
	got = whole_result();
	cr_expect_str_eq(got, expected);
	cr_expect_eq(r.matched, board.matched);
	free(got);
	/* another applied at once */
	r = start_ok("kind:organisation", 2);
	cr_assert_eq(filter_step(st, &r), FILTER_OK);
	r = apply_ok("kind:board");
	cr_expect(r.complete);
	cr_expect(!filter_running(st));
	got = whole_result();
	cr_expect_str_eq(got, expected);
	free(got);
	/* one that does not fit the model leaves the one under way going */
	r = start_ok("kind:board", 1);
	cr_assert_eq(filter_step(st, &r), FILTER_OK);
	{
		struct filter *f = filter_parse("kind:board unknown_rel:x", NULL);
		struct filter_result bad;

		cr_expect_eq(filter_start(st, f, NULL, &bad), FILTER_INVALID);
		filter_free(f);
	}
	cr_expect(filter_running(st));
	cr_assert_eq(filter_finish(st, &r), FILTER_OK);
	got = whole_result();
	cr_expect_str_eq(got, expected);
	free(got);
	/* cleared under way: no filter at all, and no step left to take */
	r = start_ok("kind:organisation", 1);
	cr_assert_eq(filter_step(st, &r), FILTER_OK);
	cr_expect_eq(filter_clear(st), STORE_OK);
	cr_expect(!store_filter_active(st));
	cr_expect(!filter_running(st));
	cr_expect_eq(filter_step(st, &r), FILTER_OK);
	cr_expect(r.complete);
	cr_expect_eq(r.matched, 0);
	expect_level(0, "n-system*/3 nested-doc*/0 other-doc*/0 p-system*/2 m-system*/4"
	                " m-source*/0 m-person*/0");
	free(expected);
}

/* A filter that does not fit the model, started while one is complete,
 * leaves that one as it was. */
Test(filter_models, a_start_that_does_not_fit_keeps_the_previous_result)
{
	struct filter *f = filter_parse("flag:maybe", NULL);
	struct filter_result r;
	char *before, *after;

	apply_ok("kind:committee");
	before = whole_result();
	cr_expect_eq(filter_start(st, f, NULL, &r), FILTER_INVALID);
	cr_expect_str_eq(r.error.message, "unknown flag 'maybe' (none, ok, question, concern or any)");
	filter_free(f);
	after = whole_result();
	cr_expect_str_eq(after, before);
	cr_expect(!filter_running(st));
	free(before);
	free(after);
	filter_clear(st);
}

/* --- hostile input --- */

static void add(struct string_list *list, char *s)
{
	GROW(list->items, list->cap, list->count + 1);
	list->items[list->count++] = s;
}

/* Deterministic junk: n bytes from 1 to 255, or printable ASCII only. */
static char *junk(unsigned seed, size_t n, bool printable)
{
	char *s = xmalloc(n + 1);

	for (size_t i = 0; i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		s[i] = printable ? (char)(' ' + (seed >> 16) % 95) : (char)(1 + (seed >> 16) % 255);
	}
	s[n] = '\0';
	return s;
}

static void hostile_strings(struct string_list *list)
{
	static const char *const pieces[] = {
		"\"", "'", "*", "-", "(", ")", ":", "^", "+", "NEAR", "AND", "OR", "NOT", "and", "or",
		"NEAR(a b)", "a NOT b", "\"\"", "\"a\"\"b\"", "{a b}", "col:x", "name:x", "-x", "--",
		"'; DROP TABLE entities; --", "\"; DROP TABLE entities; --\"",
		"1=1", "x' OR '1'='1", "?", "?1", ":a", "@a", "$a", "%", "_", "\\", "\\\"",
		"kind:", "kind:board", "kind:\"board", "type:'", "id:*", "population>", "population>x",
		"population>1e999", "population>-0", "population<=NaN", "x=\"\"", "x!=", "x>=>3",
		"serves:", "serves:*", "serves:\"", "member_of:%", "member_of:_", "has:", "has:*",
		"has:note", "flag:", "reviewed:", "reviewed:yes", "unknown_rel:foo", "\x01", "\x1b[31m",
		"\x7f", "\t\n\r", "\xff", "\xc3", "\xc3(", "\xe2\x80", "\xed\xa0\x80", "\xf4\x90\x80\x80",
		"\xc0\xaf", "\xe2\x80\x93", "\xe2\x80\x9cquoted\xe2\x80\x9d", "\xef\xbb\xbf",
		"sheffield", "shef*", "\"hyper acute", "()", "(()", "())", ")(", "- -", "-(", "-)",
		"a:b:c", "::", "=", "!=", "<", ">", "<=", ">=", "a<b", "a<\"", "or or", "\"or\"",
	};
	size_t n = sizeof(pieces) / sizeof(pieces[0]);

	for (size_t i = 0; i < n; i++) {
		add(list, xstrdup(pieces[i]));
		add(list, xasprintf("kind:board %s", pieces[i]));
		add(list, xasprintf("%s%s", pieces[i], pieces[(i * 7 + 3) % n]));
		add(list, xasprintf("(%s or %s) -%s", pieces[i], pieces[(i * 5 + 1) % n],
		                    pieces[(i * 11 + 2) % n]));
	}
	for (unsigned seed = 1; seed <= 20; seed++) {
		add(list, junk(seed, 2048, false));
		add(list, junk(seed, 2048, true));
		add(list, junk(seed, 64, true));
	}
	add(list, junk(99, 10240, true));
	add(list, nested(40));
	add(list, nested(32));
	{
		struct strbuf sb = STRBUF_INIT;

		for (int i = 0; i < 40; i++)
			sb_puts(&sb, "-(");
		sb_puts(&sb, "a");
		for (int i = 0; i < 40; i++)
			sb_putc(&sb, ')');
		add(list, sb_detach(&sb));
		for (int i = 0; i < 2000; i++)
			sb_puts(&sb, "a ");
		add(list, sb_detach(&sb));
		for (int i = 0; i < 1000; i++)
			sb_puts(&sb, "-");
		sb_puts(&sb, "a");
		add(list, sb_detach(&sb));
		for (int i = 0; i < 500; i++)
			sb_puts(&sb, "\xc3\xa9");
		add(list, sb_detach(&sb));
	}
}

static void run_hostile(void)
{
	struct string_list list = { 0 };
	size_t parsed = 0, refused = 0, applied = 0;
	int64_t entities = count_of("SELECT count(*) FROM entities");

	hostile_strings(&list);
	cr_expect_geq(list.count, 300);
	for (size_t i = 0; i < list.count; i++) {
		const char *text = list.items[i];
		struct filter_error err;
		struct filter_result r;
		struct filter *f = filter_parse(text, &err);
		char *d;
		int rc;

		if (!f) {
			expect_clean_message(text, &err);
			refused++;
			continue;
		}
		parsed++;
		d = filter_describe(f);
		free(describe_ok(d));
		free(d);
		rc = filter_apply(st, f, &r);
		cr_expect(rc == FILTER_OK || rc == FILTER_INVALID, "'%s': %d: %s", text, rc,
		          r.error.message);
		if (rc == FILTER_INVALID)
			expect_clean_message(text, &r.error);
		else
			applied++;
		filter_free(f);
	}
	cr_log_info("%zu hostile filters: %zu refused, %zu parsed, %zu applied", list.count,
	            refused, parsed, applied);
	cr_expect_gt(refused, 0);
	cr_expect_gt(applied, 0);
	cr_expect_eq(count_of("SELECT count(*) FROM entities"), entities);
	string_list_clear(&list);
}

Test(filter_models, hostile_input_ends_in_an_error_or_a_result)
{
	run_hostile();
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

static bool matched(const char *id)
{
	struct sql_stmt *stmt = store_sql_prepare(st, "SELECT 1 FROM temp.filter_visible v"
		" JOIN entities e ON e.eid = v.eid WHERE v.matched AND e.id = ?");
	bool found;

	cr_assert_not_null(stmt, "%s", store_errmsg(st));
	sql_bind_text(stmt, 1, id);
	found = sql_step(stmt) == SQL_ROW;
	sql_free(stmt);
	return found;
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

	expect_matches("serves:bassetlaw", "E07000171 E10000024 RHA RP5 RX9");
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

/* On the bundled data (8,277 entities), in ranges of 97, and in ranges
 * of all of it, which the matches cut short (a range takes 1,024 matches
 * at most). */
Test(filter_data, a_step_at_a_time_comes_to_the_same_result)
{
	static const char *const filters[] = {
		"kind:board", "-kind:person", "kind:organisation or kind:place", "serves:bassetlaw",
		"member_of:syb", "commissions:sheffield", "type:trust or type:practice",
		"population>500000", "stroke", "-has:member_of",
	};
	static const int64_t chunks[] = { 97, 100000 };

	for (size_t i = 0; i < sizeof(filters) / sizeof(filters[0]); i++)
		expect_same_in_steps(filters[i], chunks, 2);
	filter_clear(st);
}

Test(filter_data, hostile_input_ends_in_an_error_or_a_result)
{
	run_hostile();
}
