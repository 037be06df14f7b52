/* The parsed form of a filter, shared by the parser (filter_parse.c) and
 * the evaluator (filter_sql.c). */
#ifndef ICSVIEW_FILTER_PRIVATE_H
#define ICSVIEW_FILTER_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include "icsview/query/filter.h"
#include "icsview/store/store.h"
#include "icsview/store/store_sql.h"
#include "icsview/base/util.h"

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
	NODE_CHANGED,           /* changed:value: since an older model (since.h) */
	NODE_CONFLICT,          /* review:conflict: an import's text to resolve */
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

/* ---- a filter compiled for one model (filter_sql.c) ----------------------
 * A condition on `entities e` for the entities whose eid is from ?1 to ?2
 * (each term reads only what that range needs), every user value a bound
 * parameter from ?3 on.  A REL:TARGET term tests temp.filter_target_<k>,
 * the entities its TARGET names (filter_targets.c resolves them first). */
struct filter_param {
	const char *text;       /* NULL for a number */
	double number;
};
struct filter_sql {
	struct strbuf where;
	struct filter_param *params;
	size_t count, cap;
	struct string_list owned;       /* texts the parameters point into */
	struct string_list targets;     /* the TARGET of term k, k = 0, 1, ... */
};
#define FILTER_FIRST_PARAM 3
/* The SQL name of the table of target k of filter number j (j, k). */
#define FILTER_TARGET_TABLE "temp.filter_target_%u_%zu"

/* Compiles f for the model, as filter number `job` (its targets' tables):
 * FILTER_OK, or FILTER_INVALID / FILTER_FAILED
 * with *err.  `final` false checks the filter and lists its targets, and
 * chooses no plan (its SQL is not to be run: the targets' tables may not be
 * filled yet); true, once they are, also chooses how each term reads (by
 * counting, a bounded number of index entries at most, how many rows it
 * would read otherwise).  Free with filter_sql_free whatever it returns. */
int filter_compile(struct store *st, const struct filter *f, unsigned job, bool final,
                   struct filter_sql *out, struct filter_error *err);
void filter_sql_free(struct filter_sql *sql);
/* Binds the filter's parameters (?3 on) to a statement made from it. */
void filter_sql_bind(struct sql_stmt *stmt, const struct filter_sql *sql);
/* The database's last error as a filter error ("database error: ..."). */
void filter_db_error(struct store *st, struct filter_error *err);

/* ---- the entities a REL:TARGET names (filter_targets.c) -------------------
 * Those whose id, aka or name equals TARGET ignoring case (index lookups,
 * at once), else those whose name contains it (a scan, a range of eids at
 * a time), in temp.filter_target_<k>. */
/* Creates (or empties) the tables of targets 0 to count - 1 of filter
 * number `job`.  0 or -1 (store_sql_error says why). */
int filter_targets_create(struct store *st, unsigned job, size_t count);
/* Drops them. */
void filter_targets_drop(struct store *st, unsigned job, size_t count);
/* The exact ones of target k; *found says whether there are any. */
int filter_target_exact(struct store *st, unsigned job, size_t k, const char *text, bool *found);
/* Those among the eids lo to hi whose name contains the text. */
int filter_target_contains(struct store *st, unsigned job, size_t k, const char *text,
                           int64_t lo, int64_t hi);

#endif
