/* What changed between two models (diff.c): the changes that
 * store_diff_compare finds, grouped by kind of change, each with the
 * entity's id, name and path and what it was and is, optionally limited by
 * a filter; and their text, Markdown and JSON (diff_write.c), as
 * `icsview diff` prints them. */
#ifndef ICSVIEW_QUERY_DIFF_H
#define ICSVIEW_QUERY_DIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "icsview/base/output.h"
#include "icsview/base/util.h"
#include "icsview/query/filter.h"
#include "icsview/store/store.h"

/* The version of the JSON document diff_write_json writes: raised when a
 * field changes meaning or goes; new fields may appear without it. */
#define DIFF_JSON_VERSION 1

/* The kinds of change, in the order they are listed. */
#define DIFF_KIND_LIST(_) \
	_(ADDED, "added") \
	_(REMOVED, "removed") \
	_(REPLACED, "replaced") \
	_(RENAMED, "renamed") \
	_(MOVED, "moved") \
	_(KIND, "kind") \
	_(TYPE, "type") \
	_(FACTS, "facts") \
	_(LINKS, "links") \
	_(SOURCES, "sources")

enum diff_kind {
#define DIFF_KIND_ENUM(id, name) DIFF_##id,
	DIFF_KIND_LIST(DIFF_KIND_ENUM)
#undef DIFF_KIND_ENUM
	DIFF_KIND_COUNT
};
/* "added", "removed", …: the name of a group in every output. */
const char *diff_kind_name(enum diff_kind kind);

/* The path's separator in struct diff_side: a character no name holds,
 * which each output replaces with its own. */
#define DIFF_PATH_SEPARATOR "\x1f"

/* An entity as one model has it; eid 0: not in that model. */
struct diff_side {
	int64_t eid;
	char *id, *name, *kind;
	char *type;             /* NULL: none */
	char *path;             /* its ancestors' names, root first, joined by
	                           DIFF_PATH_SEPARATOR ("" at the top) */
};

/* A fact's values before and after, for one key. */
struct diff_fact {
	char *key;
	struct string_list before, after;
};

/* A link made by the entity: its relation, its target, its facts. */
struct diff_link {
	char *rel, *target_id, *target_name;
	struct string_list fact_keys, fact_values;
};
struct diff_link_list {
	struct diff_link *items;
	size_t count, cap;
};

struct diff_change {
	enum diff_kind kind;
	struct diff_side before, after;   /* added: before.eid 0; removed: after.eid 0 */
	struct diff_fact *facts;          /* DIFF_FACTS: the keys whose values changed */
	size_t fact_count;
	struct diff_link_list links_removed, links_added;   /* DIFF_LINKS */
	struct string_list sources_before, sources_after;   /* DIFF_SOURCES: source ids */
};

struct diff_result {
	struct diff_change *items;        /* grouped by kind, in enum diff_kind's order;
	                                     within a group in the new model's order
	                                     (removed ones in the old model's) */
	size_t count, cap;
	size_t counts[DIFF_KIND_COUNT];
	char *error;                      /* on DIFF_FAILED or DIFF_BAD_FILTER: why */
	size_t error_position;            /* DIFF_BAD_FILTER: where in the filter */
	/* NULL: every text and array of the changes is an allocation of its
	 * own.  Else they were decoded (diff_decode): the arrays are in
	 * block, the texts in the bytes decoded, both freed with the result
	 * (none of them to be grown or freed alone); items is still the
	 * result's own. */
	void *block;
	char *bytes;
};

enum diff_status {
	DIFF_OK = 0,
	DIFF_BAD_FILTER,        /* the filter fits neither model: error says why */
	DIFF_FAILED,            /* a database failed: error says which and why */
};

/* Where the whole comparison of two models (every change, before any
 * filter) is kept between runs: the model cache's diff cache
 * (loader/diff_cache.h), so that a second diff of the same two databases
 * reads it rather than both models.  The keeper answers for the identity
 * of the two databases; the bytes are diff_encode's. */
struct diff_keeper {
	/* The bytes kept, or NULL when there are none (caller frees). */
	char *(*read)(void *ctx, size_t *size);
	/* Keeps bytes for the next run; a failure is the keeper's to ignore. */
	void (*write)(void *ctx, const char *bytes, size_t size);
	void *ctx;
};

struct diff_options {
	/* NULL: every change.  Else only the changes of entities that match it
	 * in the old model or in the new one (evaluated on both: a filter
	 * that fits only one model, a kind only it declares, selects there). */
	const struct filter *filter;
	/* NULL: the models are compared, the details read only for the
	 * changes the filter keeps.  Else the whole comparison is what the
	 * keeper kept, when that decodes (diff_decode), or is made (details
	 * of every change) and handed to it; the filter then selects from it
	 * as it would from the models: the result is the same either way. */
	const struct diff_keeper *keeper;
};

/* Compares old_st with new_st.  opts may be NULL. */
enum diff_status diff_run(struct store *old_st, struct store *new_st,
                          const struct diff_options *opts, struct diff_result *out);
void diff_result_clear(struct diff_result *r);
/* Whether anything changed. */
bool diff_result_empty(const struct diff_result *r);

/* The version of diff_encode's bytes: raised whenever a field of struct
 * diff_change, diff_side, diff_fact or diff_link is added, changes or
 * goes (diff_keep.c lists them, each once), or the way a field is
 * written changes, so that bytes kept by an earlier icsview are not read
 * as this one's. */
#define DIFF_KEPT_VERSION 2

/* A result as bytes (appended to out), and back.  diff_decode trusts
 * nothing: bytes that are not exactly what diff_encode wrote for a result
 * of this version, grouped by kind, give -1 (out left empty); else 0 with
 * out filled, its counts too (diff_result_clear it). */
void diff_encode(const struct diff_result *r, struct strbuf *out);
int diff_decode(const char *bytes, size_t size, struct diff_result *out);
/* diff_decode of bytes (from malloc) that become the result's, which reads its texts in them without a copy; refused,
 * they are freed at once. */
int diff_decode_taking(char *bytes, size_t size, struct diff_result *out);

/* The outputs (diff_write.c); each returns what out_failed says after. */
enum diff_format {
	DIFF_TEXT,              /* the counts, then a block per kind of change */
	DIFF_MARKDOWN,          /* the same as a Markdown document */
	DIFF_JSON,              /* one document, DIFF_JSON_VERSION, icsview(1) */
};
/* path_separator: between the names of a path in text and Markdown
 * (" › ", or " > " outside UTF-8); arrow: between before and after ("→"
 * or "->"); dash: before an entity's path in Markdown ("—" or "-"). */
struct diff_write_options {
	enum diff_format format;
	const char *path_separator, *arrow, *dash;
};
bool diff_write(struct out *o, const struct diff_result *r, const struct diff_write_options *opts);

#endif
