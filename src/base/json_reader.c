/* A strict JSON reader: recursive descent over the whole text, bounded by
 * the caller's limits (the depth bounds the recursion). */
#include "icsview/base/json_reader.h"

#include <errno.h>
#include <stdarg.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "icsview/base/output.h"
#include "icsview/base/util.h"

struct reader {
	const char *text;
	size_t length, pos;
	size_t line, line_start;      /* for messages: 1-based line, its first byte */
	struct json_limits limits;
	size_t values;
	char *error;
	/* Where the values of the arrays and objects being read wait, to be
	 * copied out at their end in one allocation each: growing each array
	 * as it is read would reallocate millions of times. */
	struct json_value *items;
	struct json_member *members;
	size_t item_count, item_cap, member_count, member_cap;
	struct strbuf scratch;          /* the string being read */
};

static const char *const type_names[] = {
	[JSON_NULL] = "null", [JSON_FALSE] = "false", [JSON_TRUE] = "true",
	[JSON_NUMBER] = "number", [JSON_STRING] = "string", [JSON_ARRAY] = "array",
	[JSON_OBJECT] = "object",
};

const char *json_type_name(enum json_type type)
{
	return (unsigned)type < sizeof(type_names) / sizeof(type_names[0]) ? type_names[type] : "?";
}

static int fail(struct reader *r, const char *fmt, ...) ICS_PRINTF(2, 3);
static int fail(struct reader *r, const char *fmt, ...)
{
	va_list ap;
	char *why;

	if (r->error)
		return -1;   /* the first fault is the one to tell */
	va_start(ap, fmt);
	why = xvasprintf(fmt, ap);
	va_end(ap);
	r->error = xasprintf("line %zu, column %zu: %s", r->line, r->pos - r->line_start + 1, why);
	free(why);
	return -1;
}

static bool at_end(const struct reader *r)
{
	return r->pos >= r->length;
}

static unsigned char peek(const struct reader *r)
{
	return at_end(r) ? 0 : (unsigned char)r->text[r->pos];
}

static void skip_space(struct reader *r)
{
	while (!at_end(r)) {
		char c = r->text[r->pos];

		if (c == '\n') {
			r->pos++;
			r->line++;
			r->line_start = r->pos;
		} else if (c == ' ' || c == '\t' || c == '\r') {
			r->pos++;
		} else {
			return;
		}
	}
}

/* A byte as a message may show it. */
static char *shown_byte(unsigned char c)
{
	if (c >= 0x21 && c < 0x7f)
		return xasprintf("'%c'", c);
	return xasprintf("byte 0x%02x", c);
}

static int unexpected(struct reader *r, const char *wanted)
{
	char *got;
	int rc;

	if (at_end(r))
		return fail(r, "the text ends where %s was expected (truncated?)", wanted);
	got = shown_byte(peek(r));
	rc = fail(r, "%s where %s was expected", got, wanted);
	free(got);
	return rc;
}

static int count_value(struct reader *r)
{
	if (++r->values > r->limits.max_values)
		return fail(r, "more than %zu values", r->limits.max_values);
	return 0;
}

/* ---- strings --------------------------------------------------------------- */

static int hex4(struct reader *r, unsigned *out)
{
	*out = 0;
	for (int i = 0; i < 4; i++) {
		unsigned char c = peek(r);
		unsigned digit;

		if (c >= '0' && c <= '9')
			digit = c - '0';
		else if (c >= 'a' && c <= 'f')
			digit = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			digit = c - 'A' + 10;
		else
			return unexpected(r, "a hexadecimal digit of \\u");
		*out = *out << 4 | digit;
		r->pos++;
	}
	return 0;
}

static void put_utf8(struct strbuf *sb, unsigned cp)
{
	char b[4];
	size_t n;

	if (cp < 0x80) {
		b[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (char)(0xc0 | cp >> 6);
		b[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xe0 | cp >> 12);
		b[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		b[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		b[0] = (char)(0xf0 | cp >> 18);
		b[1] = (char)(0x80 | (cp >> 12 & 0x3f));
		b[2] = (char)(0x80 | (cp >> 6 & 0x3f));
		b[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	sb_add(sb, b, n);
}

/* After the backslash and 'u': one code point, a surrogate pair whole. */
static int unicode_escape(struct reader *r, struct strbuf *sb)
{
	unsigned cp, low;

	if (hex4(r, &cp) != 0)
		return -1;
	if (cp >= 0xdc00 && cp <= 0xdfff)
		return fail(r, "a lone low surrogate \\u%04x", cp);
	if (cp >= 0xd800 && cp <= 0xdbff) {
		if (peek(r) != '\\' || r->pos + 1 >= r->length || r->text[r->pos + 1] != 'u')
			return fail(r, "a high surrogate \\u%04x without its low half", cp);
		r->pos += 2;
		if (hex4(r, &low) != 0)
			return -1;
		if (low < 0xdc00 || low > 0xdfff)
			return fail(r, "a high surrogate \\u%04x without its low half", cp);
		cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
	}
	if (cp == 0)
		return fail(r, "\\u0000 (a NUL character) is not accepted in a string");
	put_utf8(sb, cp);
	return 0;
}

static int escape(struct reader *r, struct strbuf *sb)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	unsigned char c = peek(r);
	const char *at = c ? strchr(from, c) : NULL;

	if (c == 'u') {
		r->pos++;
		return unicode_escape(r, sb);
	}
	if (!at)
		return unexpected(r, "an escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u)");
	sb_putc(sb, to[at - from]);
	r->pos++;
	return 0;
}

/* The length of the valid UTF-8 sequence at the reader's position (not
 * ASCII), or 0: no overlong forms, no surrogates, nothing above U+10FFFF. */
static size_t utf8_length(const struct reader *r)
{
	const unsigned char *s = (const unsigned char *)r->text + r->pos;
	size_t left = r->length - r->pos, n;
	unsigned cp;

	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (left < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

/* At the opening quote: the decoded string into *text, *length. */
static int string(struct reader *r, char **text, size_t *length)
{
	struct strbuf sb = r->scratch;
	int rc = 0;

	sb.len = 0;

	r->pos++;
	for (;;) {
		unsigned char c = peek(r);

		if (at_end(r)) {
			rc = fail(r, "the text ends inside a string (truncated?)");
			break;
		}
		if (c == '"') {
			r->pos++;
			break;
		}
		if (c < 0x20) {
			rc = fail(r, "a control character (0x%02x) not escaped in a string", c);
			break;
		}
		if (c == '\\') {
			r->pos++;
			rc = escape(r, &sb);
		} else if (c < 0x80) {
			sb_putc(&sb, (char)c);
			r->pos++;
		} else {
			size_t n = utf8_length(r);
			if (n == 0) {
				rc = fail(r, "a string that is not valid UTF-8 (byte 0x%02x)", c);
				break;
			}
			sb_add(&sb, r->text + r->pos, n);
			r->pos += n;
		}
		if (rc == 0 && sb.len > r->limits.max_string)
			rc = fail(r, "a string longer than %zu bytes", r->limits.max_string);
		if (rc != 0)
			break;
	}
	r->scratch = sb;   /* kept for the next string */
	if (rc != 0)
		return -1;
	*length = sb.len;
	*text = xstrndup(sb.buf ? sb.buf : "", sb.len);
	return 0;
}

/* ---- numbers and words ------------------------------------------------------- */

static bool is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static int digits(struct reader *r, const char *what)
{
	if (!is_digit(peek(r)))
		return unexpected(r, what);
	while (is_digit(peek(r)))
		r->pos++;
	return 0;
}

static int number(struct reader *r, struct json_value *out)
{
	size_t start = r->pos;

	if (peek(r) == '-')
		r->pos++;
	if (peek(r) == '0') {
		r->pos++;
		if (is_digit(peek(r)))
			return fail(r, "a number with a leading zero");
	} else if (digits(r, "a digit") != 0) {
		return -1;
	}
	if (peek(r) == '.') {
		r->pos++;
		if (digits(r, "a digit after the decimal point") != 0)
			return -1;
	}
	if (peek(r) == 'e' || peek(r) == 'E') {
		r->pos++;
		if (peek(r) == '+' || peek(r) == '-')
			r->pos++;
		if (digits(r, "a digit of the exponent") != 0)
			return -1;
	}
	if (r->pos - start > r->limits.max_string)
		return fail(r, "a number longer than %zu bytes", r->limits.max_string);
	out->type = JSON_NUMBER;
	out->length = r->pos - start;
	out->text = xstrndup(r->text + start, out->length);
	return 0;
}

static int word(struct reader *r, struct json_value *out)
{
	static const struct { const char *word; enum json_type type; } words[] = {
		{ "null", JSON_NULL }, { "false", JSON_FALSE }, { "true", JSON_TRUE },
	};

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		size_t n = strlen(words[i].word);

		if (r->length - r->pos >= n && memcmp(r->text + r->pos, words[i].word, n) == 0) {
			r->pos += n;
			out->type = words[i].type;
			return 0;
		}
	}
	return unexpected(r, "a value");
}

/* ---- arrays and objects ------------------------------------------------------- */

static int value(struct reader *r, struct json_value *out, size_t depth);

/* Moves the values read since `base` into one array of their own. */
static void *take(void *pending, size_t *count, size_t base, size_t size, size_t *taken)
{
	void *all;

	*taken = *count - base;
	if (*taken == 0)
		return NULL;
	all = xcalloc(*taken, size);
	memcpy(all, (char *)pending + base * size, *taken * size);
	*count = base;
	return all;
}

static int array(struct reader *r, struct json_value *out, size_t depth)
{
	size_t base = r->item_count;

	out->type = JSON_ARRAY;
	r->pos++;
	skip_space(r);
	if (peek(r) == ']') {
		r->pos++;
		return 0;
	}
	for (;;) {
		struct json_value item = { 0 };
		int rc = value(r, &item, depth + 1);

		GROW(r->items, r->item_cap, r->item_count + 1);
		r->items[r->item_count++] = item;   /* freed by json_parse if this fails */
		if (rc != 0)
			return -1;
		skip_space(r);
		if (peek(r) == ']') {
			r->pos++;
			out->items = take(r->items, &r->item_count, base, sizeof(*r->items), &out->count);
			return 0;
		}
		if (peek(r) != ',')
			return unexpected(r, "',' or ']'");
		r->pos++;
	}
}

static int compare_members(const void *a, const void *b)
{
	const struct json_member *p = *(const struct json_member *const *)a;
	const struct json_member *q = *(const struct json_member *const *)b;
	size_t n = p->key_length < q->key_length ? p->key_length : q->key_length;
	int c = memcmp(p->key, q->key, n);

	if (c)
		return c;
	return (p->key_length > q->key_length) - (p->key_length < q->key_length);
}

/* The first key that appears twice, or NULL (sorting: a hostile object of
 * many keys costs n log n, not n squared). */
static const struct json_member *duplicate_key(const struct json_value *object)
{
	const struct json_member **sorted, *found = NULL;

	if (object->count < 2)
		return NULL;
	sorted = xcalloc(object->count, sizeof(*sorted));
	for (size_t i = 0; i < object->count; i++)
		sorted[i] = &object->members[i];
	qsort(sorted, object->count, sizeof(*sorted), compare_members);
	for (size_t i = 1; !found && i < object->count; i++)
		if (compare_members(&sorted[i - 1], &sorted[i]) == 0)
			found = sorted[i];
	free(sorted);
	return found;
}

static int member(struct reader *r, struct json_member *m, size_t depth)
{
	skip_space(r);
	if (peek(r) != '"')
		return unexpected(r, "a key (a string)");
	if (string(r, &m->key, &m->key_length) != 0)
		return -1;
	skip_space(r);
	if (peek(r) != ':')
		return unexpected(r, "':'");
	r->pos++;
	return value(r, &m->value, depth + 1);
}

static int object(struct reader *r, struct json_value *out, size_t depth)
{
	const struct json_member *twice;
	size_t base = r->member_count;

	out->type = JSON_OBJECT;
	r->pos++;
	skip_space(r);
	if (peek(r) == '}') {
		r->pos++;
		return 0;
	}
	for (;;) {
		struct json_member m = { 0 };
		int rc = member(r, &m, depth);

		GROW(r->members, r->member_cap, r->member_count + 1);
		r->members[r->member_count++] = m;   /* freed by json_parse if this fails */
		if (rc != 0)
			return -1;
		skip_space(r);
		if (peek(r) == '}') {
			r->pos++;
			break;
		}
		if (peek(r) != ',')
			return unexpected(r, "',' or '}'");
		r->pos++;
	}
	out->members = take(r->members, &r->member_count, base, sizeof(*r->members), &out->count);
	if ((twice = duplicate_key(out)) != NULL) {
		struct strbuf sb = STRBUF_INIT;
		int rc;

		sb_text_line(&sb, twice->key);
		rc = fail(r, "the key \"%s\" appears twice in one object", sb_str(&sb));
		sb_free(&sb);
		return rc;
	}
	return 0;
}

static int value(struct reader *r, struct json_value *out, size_t depth)
{
	unsigned char c;

	skip_space(r);
	if (count_value(r) != 0)
		return -1;
	c = peek(r);
	if (c == '{' || c == '[') {
		if (depth >= r->limits.max_depth)
			return fail(r, "nested deeper than %zu", r->limits.max_depth);
		return c == '{' ? object(r, out, depth) : array(r, out, depth);
	}
	if (c == '"') {
		out->type = JSON_STRING;
		return string(r, &out->text, &out->length);
	}
	if (c == '-' || is_digit(c))
		return number(r, out);
	return word(r, out);
}

int json_parse(const char *text, size_t length, const struct json_limits *limits,
               struct json_value *out, char **error)
{
	struct reader r = {
		.text = text, .length = length, .line = 1,
		.limits = { JSON_DEFAULT_DEPTH, JSON_DEFAULT_STRING, JSON_DEFAULT_VALUES },
	};

	memset(out, 0, sizeof(*out));
	*error = NULL;
	if (limits)
		r.limits = *limits;
	if (length >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		fail(&r, "a byte order mark (JSON has none)");
	else if (value(&r, out, 0) == 0) {
		skip_space(&r);
		if (!at_end(&r))
			unexpected(&r, "the end of the text");
	}
	/* left waiting only when the reading stopped short */
	for (size_t i = 0; i < r.item_count; i++)
		json_value_free(&r.items[i]);
	for (size_t i = 0; i < r.member_count; i++) {
		free(r.members[i].key);
		json_value_free(&r.members[i].value);
	}
	free(r.items);
	free(r.members);
	sb_free(&r.scratch);
	if (r.error) {
		json_value_free(out);
		*error = r.error;
		return -1;
	}
	return 0;
}

void json_value_free(struct json_value *v)
{
	if (!v)
		return;
	for (size_t i = 0; v->items && i < v->count; i++)
		json_value_free(&v->items[i]);
	for (size_t i = 0; v->members && i < v->count; i++) {
		free(v->members[i].key);
		json_value_free(&v->members[i].value);
	}
	free(v->items);
	free(v->members);
	free(v->text);
	memset(v, 0, sizeof(*v));
}

const struct json_value *json_object_get(const struct json_value *object, const char *key)
{
	size_t n = strlen(key);

	if (!object || object->type != JSON_OBJECT)
		return NULL;
	for (size_t i = 0; i < object->count; i++) {
		const struct json_member *m = &object->members[i];
		if (m->key_length == n && memcmp(m->key, key, n) == 0)
			return &m->value;
	}
	return NULL;
}

bool json_int64(const struct json_value *v, int64_t *out)
{
	char *end;
	intmax_t n;

	if (!v || v->type != JSON_NUMBER || strpbrk(v->text, ".eE"))
		return false;
	errno = 0;
	n = strtoimax(v->text, &end, 10);
	if (errno || *end || n < INT64_MIN || n > INT64_MAX)
		return false;
	*out = (int64_t)n;
	return true;
}
