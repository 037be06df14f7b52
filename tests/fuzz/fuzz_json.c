/* Fuzzes the strict JSON reader (json_reader.h): any bytes, read with small
 * limits and with the defaults.  Whatever is accepted must keep the
 * reader's promises (every string valid UTF-8 without a NUL, its length
 * right, no object with a key twice, nothing deeper than the limit), and
 * must read back the same after going through the JSON writer. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "icsview/base/json_reader.h"
#include "icsview/base/json_writer.h"
#include "icsview/base/output.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_string(const char *text, size_t length)
{
	if (strlen(text) != length) {
		fprintf(stderr, "fuzz_json: a string's length is wrong or it holds a NUL\n");
		abort();
	}
}

static void check(const struct json_value *v, size_t depth, size_t max_depth)
{
	if (depth > max_depth) {
		fprintf(stderr, "fuzz_json: nested deeper than the limit\n");
		abort();
	}
	if (v->type == JSON_STRING || v->type == JSON_NUMBER)
		check_string(v->text, v->length);
	for (size_t i = 0; v->type == JSON_ARRAY && i < v->count; i++)
		check(&v->items[i], depth + 1, max_depth);
	for (size_t i = 0; v->type == JSON_OBJECT && i < v->count; i++) {
		check_string(v->members[i].key, v->members[i].key_length);
		for (size_t j = 0; j < i; j++)
			if (strcmp(v->members[i].key, v->members[j].key) == 0) {
				fprintf(stderr, "fuzz_json: a key accepted twice\n");
				abort();
			}
		check(&v->members[i].value, depth + 1, max_depth);
	}
}

static void write_value(struct json_writer *w, const struct json_value *v)
{
	switch (v->type) {
	case JSON_NULL: json_null(w); break;
	case JSON_FALSE: json_bool(w, false); break;
	case JSON_TRUE: json_bool(w, true); break;
	case JSON_NUMBER: json_string(w, v->text); break;
	case JSON_STRING: json_string(w, v->text); break;
	case JSON_ARRAY:
		json_begin_array(w);
		for (size_t i = 0; i < v->count; i++)
			write_value(w, &v->items[i]);
		json_end_array(w);
		break;
	case JSON_OBJECT:
		json_begin_object(w);
		for (size_t i = 0; i < v->count; i++) {
			json_key(w, v->members[i].key);
			write_value(w, &v->members[i].value);
		}
		json_end_object(w);
		break;
	}
}

/* Strings survive the writer and the reader unchanged (numbers are
 * written as strings here: the reader keeps their text). */
static bool same(const struct json_value *a, const struct json_value *b)
{
	bool text = a->type == JSON_NUMBER ? b->type == JSON_STRING : a->type == b->type;

	if (!text || a->count != b->count)
		return false;
	if ((a->type == JSON_STRING || a->type == JSON_NUMBER) &&
	    (a->length != b->length || memcmp(a->text, b->text, a->length) != 0))
		return false;
	for (size_t i = 0; a->type == JSON_ARRAY && i < a->count; i++)
		if (!same(&a->items[i], &b->items[i]))
			return false;
	for (size_t i = 0; a->type == JSON_OBJECT && i < a->count; i++)
		if (strcmp(a->members[i].key, b->members[i].key) != 0 ||
		    !same(&a->members[i].value, &b->members[i].value))
			return false;
	return true;
}

static void round_trip(const struct json_value *v)
{
	char *buf = NULL, *error = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct json_writer w;
	struct json_value again;
	struct out out;

	if (!f)
		return;
	out_init(&out, f);
	json_init(&w, &out, 1);
	write_value(&w, v);
	json_finish(&w);
	fclose(f);
	if (json_parse(buf, len, NULL, &again, &error) != 0 || !same(v, &again)) {
		fprintf(stderr, "fuzz_json: written and read again, it differs: %s\n",
		        error ? error : "(a value changed)");
		abort();
	}
	json_value_free(&again);
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct json_limits small = { .max_depth = 8, .max_string = 64, .max_values = 256 };
	struct json_value v;
	char *error = NULL;

	if (json_parse((const char *)data, size, &small, &v, &error) == 0) {
		check(&v, 0, small.max_depth);
		json_value_free(&v);
	} else {
		free(error);
	}
	if (json_parse((const char *)data, size, NULL, &v, &error) == 0) {
		check(&v, 0, JSON_DEFAULT_DEPTH);
		round_trip(&v);
		json_value_free(&v);
	} else {
		free(error);
	}
	return 0;
}
