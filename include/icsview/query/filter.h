/* Filters: a small query language that narrows the tree to what matters
 * (filter_parse.c parses it, filter_sql.c compiles it to SQL, filter_run.c
 * evaluates it on the store, store_filtered.c reads the tree under it).
 * Nothing here knows about the terminal.
 *
 * The language, loosest binding first:
 *
 *   filter  := or_expr
 *   or_expr := and_expr ( "or" and_expr )*       "or" is a word on its own, any case
 *   and_expr:= unary ( ["and"] unary )*           terms side by side are ANDed
 *   unary   := "-" unary | primary                 "-" sticks to what follows it
 *   primary := "(" or_expr ")" | PHRASE | TERM
 *
 * so AND binds tighter than OR: `a or b c` is `a or (b c)`, `-a b` is
 * `(-a) b`.  Terms (keywords and relation names are case-insensitive):
 *
 *   kind:K            the kind named K (an unknown kind is an error)
 *   type:T            the type contains T, ignoring case
 *   id:X              the id is X, ignoring case
 *   FACT>N FACT<N FACT>=N FACT<=N
 *                     a numeric fact compared with the number N
 *   FACT=V            numeric equality when V is a number, else the fact's
 *                     text equals V ignoring case (`meets=monthly`)
 *   FACT!=V           the entity has FACT and none of its values equals V
 *                     (`-FACT=V` also keeps the entities without FACT)
 *   REL:TARGET        a link of relation REL (or, given an inverse name, a
 *                     backlink) to TARGET: the entities whose id, aka/code or
 *                     name equals TARGET ignoring case, or, when there are
 *                     none, those whose name contains it (as `show` looks an
 *                     entity up): `member_of:syb`, `serves:bassetlaw`,
 *                     `members:RHQ`; an unknown relation is an error
 *   has:REL           at least one link of REL (outgoing for a relation's
 *                     name, incoming for its inverse name)
 *   has:note flag:X reviewed:yes|no
 *                     the review's marks (review.h): a note's text, its
 *                     flag (none, ok, question, concern, any), the
 *                     reviewed mark; nothing has them when no review is open
 *   review:conflict   a note an import kept beside the entity's, still to
 *                     resolve (review.h, review_conflicts.c)
 *   "a phrase"        free text, the words in this order
 *   anything else     free text: each word a prefix (`shef`), through the
 *                     full-text index (ignoring case and accents)
 *
 * FACT and REL are [A-Za-z0-9_]+.  A value (after `:` or a comparison) is
 * the rest of the word, or a double-quoted string (`type:"foundation
 * trust"`); it may not be empty.  Words are split at spaces, control
 * characters, parentheses and double quotes.  Free text is split into words
 * of ASCII letters and digits and non-ASCII characters (valid UTF-8); text
 * with no such word (`*`, `^`, `'`) matches nothing, as FTS5 does for a
 * query of punctuation alone.  Case folding (ids, codes, names, types, fact
 * values) is for ASCII letters only, as everywhere in the store.
 *
 * Limits: FILTER_MAX_LENGTH bytes, FILTER_MAX_TERMS terms,
 * FILTER_MAX_DEPTH nested parentheses; beyond them the filter is refused
 * with an error, never truncated. */
#ifndef ICSVIEW_FILTER_H
#define ICSVIEW_FILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "icsview/store/store.h"

#define FILTER_MAX_LENGTH 4096
#define FILTER_MAX_TERMS 64
#define FILTER_MAX_DEPTH 32

struct filter_error {
	size_t position;        /* byte offset of the mistake in the filter's text */
	char message[160];      /* short, for the status line; valid UTF-8, no controls */
};

struct filter;

/* Parses a filter.  On a mistake returns NULL and fills *err (which may be
 * NULL).  Never fails on any input otherwise. */
struct filter *filter_parse(const char *text, struct filter_error *err);
void filter_free(struct filter *f);
/* The filter in a normalised form (single spaces, lower-case keywords,
 * parentheses only where needed, `-` for not): parsing it gives the same
 * filter.  Caller frees. */
char *filter_describe(const struct filter *f);
/* Whether the filter has a free-text term, which the search index answers
 * (store_search_ready must be true before it is run). */
bool filter_uses_search(const struct filter *f);
/* Whether the filter asks for the entities removed since an older model:
 * a changed: term that takes removed (removed or any) outside a `not`.
 * They are in the older model alone, where no other term is evaluated:
 * the interface shows them under the rows the filter matches. */
bool filter_keeps_removed(const struct filter *f);

enum filter_status {
	FILTER_OK = 0,
	FILTER_INVALID = 1,     /* the filter does not fit the model: see error */
	FILTER_FAILED = -1,     /* the database failed: error.message says why */
};

struct filter_result {
	int64_t matched;        /* entities that match (so far, while not complete) */
	int64_t visible;        /* those, the entities they are shown under through a
	                           secondary relation, and their ancestors (so far) */
	bool complete;          /* the whole model has been evaluated */
	double done;            /* the part of the work done, 0 to 1 (1 when complete) */
	struct filter_error error;
};

/* Evaluates the filter over the whole model and keeps the result in the
 * connection's temporary table temp.filter_visible(eid, matched): every
 * matching entity (matched = 1), and every entity one is shown under
 * through a secondary relation (such as serves) and every ancestor of
 * those (matched = 0).
 * Relation and kind names are checked against the model first: a filter
 * that does not fit it returns FILTER_INVALID with out->error.  On any
 * failure the previous result (or the absence of one) is kept (a previous
 * filter still being evaluated, filter_start, as it stood).  The same
 * result as filter_start then filter_finish. */
int filter_apply(struct store *st, const struct filter *f, struct filter_result *out);
/* Drops the result, and cancels a filter still being evaluated: the tree
 * shows everything again. */
int filter_clear(struct store *st);

/* ---- evaluating a filter a bounded step at a time ----------------------
 * For an interface that must answer a key within a frame whatever the
 * model's size: filter_start does the first step, each filter_step one
 * more, and between them the caller reads the result as it stands and
 * stays responsive.  Entities are evaluated in load order (eid ranges,
 * which is the tree's order), so the top of the tree fills first.  While a
 * filter is incomplete, temp.filter_visible holds the matches found so far
 * with what each makes visible (the result only grows: an entity once
 * visible stays visible, an ancestor may become a match); once complete it
 * is exactly filter_apply's result.  The evaluation is kept with the
 * store: another filter_start or filter_apply, or filter_clear, cancels
 * it, and store_close frees it. */

/* How a step is paced.  Zeroed: the defaults. */
struct filter_pace {
	double step_ms;         /* the time a step aims at (0: FILTER_STEP_MS); the
	                           entities per chunk adapt to it */
	int64_t chunk;          /* > 0: one range of this many entities (eids) a
	                           step instead, whatever the time (for tests); a
	                           range ends early at its 256th match */
};
#define FILTER_STEP_MS 4.0

/* Checks the filter against the model as filter_apply does (FILTER_INVALID
 * keeps the previous result), then drops the previous result and does the
 * first step.  FILTER_OK with out->complete false: call filter_step (or
 * filter_finish) for the rest.  FILTER_FAILED when the database failed
 * after the check: the result is dropped (no filter). */
int filter_start(struct store *st, const struct filter *f, const struct filter_pace *pace,
                 struct filter_result *out);
/* One more step of the filter being evaluated, with the result as it
 * stands in *out.  With nothing left to do (complete, or no filter), only
 * fills *out.  FILTER_FAILED: the result is dropped (no filter). */
int filter_step(struct store *st, struct filter_result *out);
/* Runs the filter being evaluated to completion (as filter_step). */
int filter_finish(struct store *st, struct filter_result *out);
/* True while a filter is applied and not yet complete. */
bool filter_running(struct store *st);

/* ---- the matches under one entity (filter_scope.c) ---------------------
 * The matches of the filter applied that are under `root` (its
 * descendants by parent, not those shown under it through a link),
 * counted as the evaluation finds them, in bounded batches: what the
 * interface reports as "12 here" beside the whole model's count.  Matches
 * are found in eid order and never lost until the filter changes, so each
 * batch goes on from the last eid counted; an entity's place (under root
 * or not) is remembered, so a match costs a lookup or two. */
struct filter_scope;

struct filter_scope *filter_scope_new(int64_t root);
void filter_scope_free(struct filter_scope *scope);
int64_t filter_scope_root(const struct filter_scope *scope);
/* Counts at most `budget` more of the matches found so far: *here, the
 * count so far; *caught_up, whether every match found so far is counted.
 * FILTER_OK, or FILTER_FAILED when the database failed (or no filter is
 * applied). */
int filter_scope_count(struct store *st, struct filter_scope *scope, size_t budget,
                       int64_t *here, bool *caught_up);

/* ---- the tree under a filter (store_filtered.c) ---------------------------
 * The children the store lists (store.h), less those the filter applied
 * hides.  store_filter_active: whether a filter's result is kept. */
bool store_filter_active(struct store *st);
/* As store_children_after, but only the children that are visible under
 * the filter (matches and ancestors of matches), each with `matched` set,
 * and n_children counting only the visible children of each child.  With
 * no filter applied, exactly store_children_after. */
int store_children_filtered_after(struct store *st, int64_t parent, const struct child *after,
                                  size_t limit, struct child_list *out);

/* Children by position, for an outline that reads only the rows it shows
 * (store_filtered.c): each as store_children_filtered_after lists them,
 * under the filter when one is applied.  How many children `parent` (0:
 * the roots) has: */
int store_children_count_filtered(struct store *st, int64_t parent, size_t *count);
/* The child at `position` (from 0): its eid and whether it is secondary
 * only, enough to read on after it with store_children_filtered_after.
 * STORE_NOT_FOUND past the last child.  Costs a step per child between the
 * position and the nearer end of the own children (the secondary ones
 * from their start). */
int store_child_at_filtered(struct store *st, int64_t parent, size_t position, struct child *key);
/* The parent of `eid` (0 for a root) and the position of `eid` among its
 * children, where it is shown in its own place.  STORE_NOT_FOUND when it
 * does not exist or the filter hides it. */
int store_child_position_filtered(struct store *st, int64_t eid, int64_t *parent, size_t *position);

#endif
