#include "icsview/base/json_writer.h"

#include <assert.h>
#include <inttypes.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "icsview/base/util.h"

void json_init(struct json_writer *w, struct out *out, unsigned indent)
{
	memset(w, 0, sizeof(*w));
	w->out = out;
	w->indent = indent;
}

void json_finish(struct json_writer *w)
{
	assert(w->depth == 0);
	out_putc(w->out, '\n');
	json_free(w);
}

void json_free(struct json_writer *w)
{
	free(w->levels);
	w->levels = NULL;
	w->depth = w->cap = 0;
}

static void newline(struct json_writer *w, size_t depth)
{
	if (w->indent == 0)
		return;
	out_putc(w->out, '\n');
	out_spaces(w->out, depth * w->indent);
}

/* Before any value or key: the comma and the line break it needs. */
static void before_item(struct json_writer *w)
{
	struct json_level *level;

	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (w->depth == 0)
		return;
	level = &w->levels[w->depth - 1];
	if (!level->empty)
		out_putc(w->out, ',');
	level->empty = false;
	newline(w, w->depth);
}

static void begin(struct json_writer *w, char open, char close)
{
	before_item(w);
	out_putc(w->out, open);
	GROW(w->levels, w->cap, w->depth + 1);
	w->levels[w->depth].close = close;
	w->levels[w->depth].empty = true;
	w->depth++;
}

static void end(struct json_writer *w, char close)
{
	struct json_level *level;

	assert(w->depth > 0 && !w->after_key);
	level = &w->levels[--w->depth];
	assert(level->close == close);
	if (!level->empty)
		newline(w, w->depth);
	out_putc(w->out, close);
}

void json_begin_object(struct json_writer *w)
{
	begin(w, '{', '}');
}

void json_end_object(struct json_writer *w)
{
	end(w, '}');
}

void json_begin_array(struct json_writer *w)
{
	begin(w, '[', ']');
}

void json_end_array(struct json_writer *w)
{
	end(w, ']');
}

/* The escape for one character, or NULL to copy it; *len is its length. */
static const char *escape_char(const char *s, size_t n, size_t *len, char buf[16])
{
	uint32_t cp;

	*len = utf8_decode(s, n, &cp);
	if (*len == 0) {
		*len = 1;
		return "\\ufffd";
	}
	switch (cp) {
	case '"': return "\\\"";
	case '\\': return "\\\\";
	case '\b': return "\\b";
	case '\f': return "\\f";
	case '\n': return "\\n";
	case '\r': return "\\r";
	case '\t': return "\\t";
	default: break;
	}
	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp == 0x2028 || cp == 0x2029 ||
	    is_bidi_control(cp)) {
		snprintf(buf, 16, "\\u%04x", (unsigned)cp);
		return buf;
	}
	return NULL;
}

static void write_string(struct out *o, const char *s, size_t n)
{
	out_putc(o, '"');
	out_escaped(o, s, n, escape_char);
	out_putc(o, '"');
}

void json_key(struct json_writer *w, const char *key)
{
	assert(w->depth > 0 && w->levels[w->depth - 1].close == '}' && !w->after_key);
	before_item(w);
	write_string(w->out, key, strlen(key));
	out_puts(w->out, w->indent ? ": " : ":");
	w->after_key = true;
}

void json_string_n(struct json_writer *w, const char *s, size_t n)
{
	before_item(w);
	write_string(w->out, s, n);
}

void json_string(struct json_writer *w, const char *s)
{
	if (!s) {
		json_null(w);
		return;
	}
	json_string_n(w, s, strlen(s));
}

void json_int(struct json_writer *w, int64_t value)
{
	before_item(w);
	out_printf(w->out, "%" PRId64, value);
}

void json_number(struct json_writer *w, double value)
{
	if (!isfinite(value)) {
		json_null(w);
		return;
	}
	char buf[64];
	char point = *localeconv()->decimal_point;

	snprintf(buf, sizeof(buf), "%.17g", value);
	for (char *p = buf; point != '.' && *p; p++)   /* whatever LC_NUMERIC says */
		if (*p == point)
			*p = '.';
	before_item(w);
	out_puts(w->out, buf);
}

void json_bool(struct json_writer *w, bool value)
{
	before_item(w);
	out_puts(w->out, value ? "true" : "false");
}

void json_null(struct json_writer *w)
{
	before_item(w);
	out_puts(w->out, "null");
}

void json_key_string(struct json_writer *w, const char *key, const char *s)
{
	json_key(w, key);
	json_string(w, s);
}

void json_key_int(struct json_writer *w, const char *key, int64_t value)
{
	json_key(w, key);
	json_int(w, value);
}

void json_key_bool(struct json_writer *w, const char *key, bool value)
{
	json_key(w, key);
	json_bool(w, value);
}
