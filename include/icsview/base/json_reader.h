/* A small strict JSON reader (RFC 8259): a whole document read into a
 * tree of values, or refused with the line and column of its first fault.
 * Made for files that come from elsewhere (a review exported on another
 * machine), so it trusts nothing: the nesting depth, each string's length
 * and the number of values are bounded by the caller's limits; strings
 * must be valid UTF-8 with their control characters escaped (a lone
 * surrogate, an overlong or truncated sequence is refused); duplicate
 * keys, trailing commas, comments, a byte order mark, leading zeros and
 * anything after the document are refused.  A string's escapes are
 * decoded into its bytes (control characters kept as data); "\u0000" is
 * refused, since every string is handed out NUL-terminated.  Numbers are
 * kept as their text (json_int64 reads an integer). */
#ifndef ICSVIEW_JSON_READER_H
#define ICSVIEW_JSON_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum json_type {
	JSON_NULL,
	JSON_FALSE,
	JSON_TRUE,
	JSON_NUMBER,
	JSON_STRING,
	JSON_ARRAY,
	JSON_OBJECT,
};

struct json_member;

struct json_value {
	enum json_type type;
	char *text;                   /* STRING: its bytes; NUMBER: as written */
	size_t length;                /* of text, without its NUL */
	struct json_value *items;     /* ARRAY */
	struct json_member *members;  /* OBJECT, in the document's order */
	size_t count;                 /* of items or members */
};

struct json_member {
	char *key;
	size_t key_length;
	struct json_value value;
};

struct json_limits {
	size_t max_depth;             /* arrays and objects nested */
	size_t max_string;            /* bytes of a string or key, decoded */
	size_t max_values;            /* values in the whole document */
};
#define JSON_DEFAULT_DEPTH 64
#define JSON_DEFAULT_STRING (16u * 1024 * 1024)
#define JSON_DEFAULT_VALUES (16u * 1024 * 1024)

/* Reads the document in text[0..length) into *out (free with json_value_free).
 * limits NULL: the defaults above.  0 on success; -1 with *error saying
 * where and why ("line 3, column 14: ..."; caller frees), out then empty. */
int json_parse(const char *text, size_t length, const struct json_limits *limits,
               struct json_value *out, char **error);
void json_value_free(struct json_value *value);

/* The member of an object by key; NULL when absent or v is not an object. */
const struct json_value *json_object_get(const struct json_value *object, const char *key);
/* An integer number without fraction or exponent that fits: true and *out. */
bool json_int64(const struct json_value *v, int64_t *out);
/* "null", "false", "true", "number", "string", "array", "object". */
const char *json_type_name(enum json_type type);

#endif
