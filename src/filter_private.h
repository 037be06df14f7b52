/* The parsed form of a filter, shared by the parser (filter_parse.c) and
 * the evaluator (filter_sql.c). */
#ifndef ICSVIEW_FILTER_PRIVATE_H
#define ICSVIEW_FILTER_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include "icsview/filter.h"
#include "icsview/util.h"

enum node_type {
	NODE_AND,               /* children: all of them */
	NODE_OR,                /* children: any of them */
	NODE_NOT,               /* one child */
	NODE_KIND,              /* kind:value */
	NODE_TYPE,              /* type:value */
	NODE_ID,                /* id:value */
	NODE_FACT,              /* name op value */
	NODE_REL,               /* name:value, name a relation or an inverse */
	NODE_HAS,               /* has:value, value a relation or an inverse */
	NODE_NOTE,              /* has:note        } the review's terms: */
	NODE_FLAG,              /* flag:value      } parsed, not evaluated */
	NODE_REVIEWED,          /* reviewed:yes|no }   yet (filter_sql.c) */
	NODE_TEXT,              /* free text: a word, or a phrase */
};

enum fact_op { FACT_LT, FACT_LE, FACT_GT, FACT_GE, FACT_EQ, FACT_NE };

struct filter_node {
	enum node_type type;
	size_t position;        /* where the term starts in the text */
	char *name;             /* fact or relation name, as typed */
	char *value;            /* the value, as typed (without quotes) */
	bool quoted;            /* the value was typed in double quotes */
	enum fact_op op;
	bool numeric;           /* NODE_FACT: value is a number (always for < > <= >=) */
	double number;
	struct filter_node **children;
	size_t count, cap;
};

struct filter {
	struct filter_node *root;
};

/* The length of the valid UTF-8 sequence at s (at most n bytes): 1 for
 * ASCII, 0 for an invalid byte. */
size_t utf8_sequence(const unsigned char *s, size_t n);
/* Fills *err (if not NULL) with a position and a message. */
void filter_error_set(struct filter_error *err, size_t position, const char *fmt, ...)
	ICS_PRINTF(3, 4);
/* The same with a message "<before>'<s>'", s (n bytes) made safe by
 * filter_snippet. */
void filter_error_quote(struct filter_error *err, size_t position, const char *before,
                        const char *s, size_t n);
/* A piece of user text safe to quote in a message: as much as fits in
 * size - 4 bytes (then "…"), valid UTF-8, control characters and invalid
 * bytes as '?'. */
void filter_snippet(char *out, size_t size, const char *s, size_t n);

extern const char *const fact_op_text[];

#endif
