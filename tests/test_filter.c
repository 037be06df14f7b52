/* Filters: the language (every operator, precedence, mistakes at their
 * position, limits, messages that quote the user's text safely), and a
 * few hundred hostile strings that must end in a clean error or a result,
 * on the test models and on the bundled data.  What filters select is
 * test_filter_eval.c's; a filter a step at a time, test_filter_steps.c's. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "icsview/query/filter.h"
#include "icsview/store/store_sql.h"
#include "helpers.h"
#include "filter_fixture.h"

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
		{ "review:conflict", "review:conflict" },
		{ "Review:CONFLICT", "review:conflict" },
		{ "-review:\"conflict\" kind:board", "-review:conflict kind:board" },
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
		{ "review:conflicts", 7, "expected 'conflict' after 'review:'" },
		{ "kind:board review:", 18, "expected a value after 'review:'" },
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

/* --- hostile input, on the test models and on the bundled data --- */

TestSuite(filter_models, .init = load_models, .fini = unload);
TestSuite(filter_data, .init = load_bundled, .fini = unload);

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
		"has:note", "flag:", "reviewed:", "reviewed:yes", "review:", "review:conflict", "unknown_rel:foo", "\x01", "\x1b[31m",
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

Test(filter_data, hostile_input_ends_in_an_error_or_a_result)
{
	run_hostile();
}
