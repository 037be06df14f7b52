/* A small streaming JSON writer: objects, arrays, keys and scalars with the
 * commas and indentation put in for the caller.  Strings are written as
 * valid UTF-8 with every control character escaped (\n, \t, … or \u00XX,
 * DEL and C1 included; U+2028 and U+2029 too, and the bidirectional
 * controls, so that JSON shown on a terminal cannot be reordered); bytes
 * that are not UTF-8 become U+FFFD.  Output goes through a struct out, so a closed pipe stops
 * it quietly. */
#ifndef ICSVIEW_JSON_WRITER_H
#define ICSVIEW_JSON_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "icsview/base/output.h"

struct json_level {
	char close;             /* '}' or ']' */
	bool empty;             /* nothing written in it yet */
};

struct json_writer {
	struct out *out;
	unsigned indent;        /* spaces per level; 0 writes everything on one line */
	struct json_level *levels;
	size_t depth, cap;
	bool after_key;         /* a key was written: its value comes next */
};

void json_init(struct json_writer *w, struct out *out, unsigned indent);
/* Ends the document with a newline and frees the writer's state. */
void json_finish(struct json_writer *w);
/* Frees the writer's state without ending the document (after an error). */
void json_free(struct json_writer *w);

void json_begin_object(struct json_writer *w);
void json_end_object(struct json_writer *w);
void json_begin_array(struct json_writer *w);
void json_end_array(struct json_writer *w);
/* Inside an object: the key of the next value. */
void json_key(struct json_writer *w, const char *key);

/* NULL writes null. */
void json_string(struct json_writer *w, const char *s);
void json_string_n(struct json_writer *w, const char *s, size_t n);
void json_int(struct json_writer *w, int64_t value);
/* Not finite: null. */
void json_number(struct json_writer *w, double value);
void json_bool(struct json_writer *w, bool value);
void json_null(struct json_writer *w);

/* Shorthands for `key: value` in an object. */
void json_key_string(struct json_writer *w, const char *key, const char *s);
void json_key_int(struct json_writer *w, const char *key, int64_t value);
void json_key_bool(struct json_writer *w, const char *key, bool value);

#endif
