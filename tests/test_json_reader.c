/* The strict JSON reader: what it reads, and every kind of text it refuses
 * (with where), including input built to hurt: deep nesting, huge strings,
 * many values, broken UTF-8, truncation at every byte. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include "icsview/base/json_reader.h"
#include "icsview/base/util.h"

static int parse(const char *text, struct json_value *v, char **error)
{
	return json_parse(text, strlen(text), NULL, v, error);
}

/* Refused, with a message holding `expect`. */
static void refused(const char *text, const char *expect)
{
	struct json_value v;
	char *error = NULL;

	cr_assert_eq(parse(text, &v, &error), -1, "accepted: %s", text);
	cr_assert_not_null(error);
	cr_assert(strstr(error, expect), "for %s: '%s' lacks '%s'", text, error, expect);
	cr_assert_eq(v.type, JSON_NULL);
	cr_assert_null(v.items);
	free(error);
}

Test(json_reader, scalars)
{
	struct json_value v;
	char *error;
	int64_t n;

	cr_assert_eq(parse(" true ", &v, &error), 0);
	cr_assert_eq(v.type, JSON_TRUE);
	cr_assert_eq(parse("false", &v, &error), 0);
	cr_assert_eq(v.type, JSON_FALSE);
	cr_assert_eq(parse("null", &v, &error), 0);
	cr_assert_eq(v.type, JSON_NULL);
	cr_assert_eq(parse("-12", &v, &error), 0);
	cr_assert_eq(v.type, JSON_NUMBER);
	cr_assert(json_int64(&v, &n));
	cr_assert_eq(n, -12);
	json_value_free(&v);
	cr_assert_eq(parse("1.5e3", &v, &error), 0);
	cr_assert_str_eq(v.text, "1.5e3");
	cr_assert_not(json_int64(&v, &n));
	json_value_free(&v);
	cr_assert_eq(parse("99999999999999999999", &v, &error), 0);
	cr_assert_not(json_int64(&v, &n), "out of range");
	json_value_free(&v);
}

Test(json_reader, strings_decode_escapes)
{
	struct json_value v;
	char *error;

	cr_assert_eq(parse("\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u001b[31m\\u00e9\\ud83d\\ude00\"",
	                   &v, &error), 0, "%s", error);
	cr_assert_eq(v.type, JSON_STRING);
	cr_assert_str_eq(v.text, "a\"b\\c/d\b\f\n\r\t\x1b[31m\xc3\xa9\xf0\x9f\x98\x80");
	cr_assert_eq(v.length, strlen(v.text));
	json_value_free(&v);
	cr_assert_eq(parse("\"h\xc3\xa9 \xe2\x80\xae\"", &v, &error), 0);
	cr_assert_str_eq(v.text, "h\xc3\xa9 \xe2\x80\xae", "kept as data");
	json_value_free(&v);
}

Test(json_reader, objects_and_arrays)
{
	struct json_value v;
	char *error;
	const struct json_value *x;

	cr_assert_eq(parse("{\"a\": [1, {\"b\": null}, []], \"c\": {}, \"d\": \"e\"}", &v, &error),
	             0, "%s", error);
	cr_assert_eq(v.type, JSON_OBJECT);
	cr_assert_eq(v.count, 3);
	x = json_object_get(&v, "a");
	cr_assert_not_null(x);
	cr_assert_eq(x->type, JSON_ARRAY);
	cr_assert_eq(x->count, 3);
	cr_assert_eq(x->items[1].type, JSON_OBJECT);
	cr_assert_eq(json_object_get(&x->items[1], "b")->type, JSON_NULL);
	cr_assert_eq(json_object_get(&v, "c")->count, 0);
	cr_assert_str_eq(json_object_get(&v, "d")->text, "e");
	cr_assert_null(json_object_get(&v, "z"));
	cr_assert_null(json_object_get(x, "a"), "not an object");
	json_value_free(&v);
	json_value_free(&v);   /* twice: harmless */
}

Test(json_reader, refuses_what_is_not_json)
{
	refused("", "ends where a value was expected");
	refused("   ", "ends where a value was expected");
	refused("{\"a\": 1,}", "where a key");
	refused("[1, 2,]", "where a value");
	refused("[1 2]", "',' or ']'");
	refused("{\"a\" 1}", "':'");
	refused("{a: 1}", "where a key");
	refused("// x\n1", "where a value");
	refused("01", "leading zero");
	refused("-", "a digit");
	refused("1.", "after the decimal point");
	refused("1e", "exponent");
	refused("+1", "where a value");
	refused(".5", "where a value");
	refused("NaN", "where a value");
	refused("tru", "where a value");
	refused("1 2", "the end of the text");
	refused("{} x", "the end of the text");
	refused("'a'", "where a value");
	refused("\xef\xbb\xbf{}", "byte order mark");
	refused("{\"a\": 1, \"a\": 2}", "\"a\" appears twice");
}

Test(json_reader, refuses_bad_strings)
{
	refused("\"abc", "ends inside a string");
	refused("\"a\nb\"", "control character (0x0a)");
	refused("\"a\tb\"", "control character (0x09)");
	refused("\"\\x\"", "an escape");
	refused("\"\\u12\"", "hexadecimal digit");
	refused("\"\\u0000\"", "NUL");
	refused("\"\\udc00\"", "lone low surrogate");
	refused("\"\\ud800\"", "without its low half");
	refused("\"\\ud800\\u0041\"", "without its low half");
	refused("\"\xc3\"", "not valid UTF-8");
	refused("\"\xc0\xaf\"", "not valid UTF-8");            /* overlong '/' */
	refused("\"\xe0\x80\xaf\"", "not valid UTF-8");        /* overlong */
	refused("\"\xed\xa0\x80\"", "not valid UTF-8");        /* a surrogate */
	refused("\"\xf4\x90\x80\x80\"", "not valid UTF-8");    /* above U+10FFFF */
	refused("\"\xff\"", "not valid UTF-8");
}

Test(json_reader, says_where)
{
	struct json_value v;
	char *error;

	cr_assert_eq(parse("{\n  \"a\": 1,\n  \"b\": x\n}", &v, &error), -1);
	cr_assert_str_eq(error, "line 3, column 8: 'x' where a value was expected");
	free(error);
}

Test(json_reader, limits)
{
	struct json_limits small = { .max_depth = 3, .max_string = 4, .max_values = 5 };
	struct json_value v;
	char *error;

	cr_assert_eq(json_parse("[[[1]]]", 7, &small, &v, &error), 0);
	json_value_free(&v);
	cr_assert_eq(json_parse("[[[[1]]]]", 9, &small, &v, &error), -1);
	cr_assert(strstr(error, "nested deeper than 3"), "%s", error);
	free(error);
	cr_assert_eq(json_parse("\"abcd\"", 6, &small, &v, &error), 0);
	json_value_free(&v);
	cr_assert_eq(json_parse("\"abcde\"", 7, &small, &v, &error), -1);
	cr_assert(strstr(error, "longer than 4 bytes"), "%s", error);
	free(error);
	cr_assert_eq(json_parse("{\"abcde\": 1}", 12, &small, &v, &error), -1, "keys too");
	free(error);
	cr_assert_eq(json_parse("[1,2,3,4,5]", 11, &small, &v, &error), -1);
	cr_assert(strstr(error, "more than 5 values"), "%s", error);
	free(error);
}

/* A million brackets: refused at the depth limit, without recursing on. */
Test(json_reader, hostile_nesting)
{
	size_t n = 1000000;
	char *text = xmalloc(n);
	struct json_value v;
	char *error;

	memset(text, '[', n);
	cr_assert_eq(json_parse(text, n, NULL, &v, &error), -1);
	cr_assert(strstr(error, "nested deeper than 64"), "%s", error);
	free(error);
	free(text);
}

/* Many keys in one object: the duplicate check stays quick. */
Test(json_reader, many_keys, .timeout = 20)
{
	struct strbuf sb = STRBUF_INIT;
	struct json_value v;
	char *error;
	size_t n = 200000;

	sb_putc(&sb, '{');
	for (size_t i = 0; i < n; i++)
		sb_printf(&sb, "%s\"k%zu\":%zu", i ? "," : "", i, i);
	sb_putc(&sb, '}');
	cr_assert_eq(json_parse(sb.buf, sb.len, NULL, &v, &error), 0, "%s", error);
	cr_assert_eq(v.count, n);
	json_value_free(&v);
	sb.buf[sb.len - 1] = ',';
	sb_puts(&sb, "\"k7\":1}");
	cr_assert_eq(json_parse(sb.buf, sb.len, NULL, &v, &error), -1);
	cr_assert(strstr(error, "\"k7\" appears twice"), "%s", error);
	free(error);
	sb_free(&sb);
}

/* Every prefix of a document is refused (a truncated file), never read as
 * a smaller whole, and leaks nothing. */
Test(json_reader, every_truncation_refused)
{
	const char *doc = "{\"a\": [1, -2.5e+3, \"x\\u00e9\\n\", true, false, null], \"b\": {\"c\": \"\xc3\xa9\"}}";
	size_t n = strlen(doc);

	for (size_t len = 0; len < n; len++) {
		struct json_value v;
		char *error = NULL;

		if (json_parse(doc, len, NULL, &v, &error) == 0) {
			/* only a prefix that is itself a whole value may pass: none here */
			cr_assert_fail("prefix of %zu bytes accepted", len);
		}
		cr_assert_not_null(error);
		free(error);
	}
}

/* A string holding every escape the writer makes comes back byte for byte. */
Test(json_reader, embedded_bytes_are_data)
{
	struct json_value v;
	char *error;
	const char text[] = "\"\\u0001\\u001f\\u007f\\u0085\\u202e\\u2028\"";

	cr_assert_eq(parse(text, &v, &error), 0, "%s", error);
	cr_assert_str_eq(v.text, "\x01\x1f\x7f\xc2\x85\xe2\x80\xae\xe2\x80\xa8");
	json_value_free(&v);
}
