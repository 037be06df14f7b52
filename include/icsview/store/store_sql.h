/* The store's SQL for the layer built on it (search, filters, the review)
 * and for the tests: statements on the model's connection, with the
 * database library kept out of sight.  The command line and the interface
 * ask the store (store.h) or the query layer instead.
 *
 * These are thin: a statement is the library's own, and each call one call
 * of the library's (nothing is allocated but what sql_text_dup returns), so
 * that a query reading thousands of rows costs what it would on the
 * library itself. */
#ifndef ICSVIEW_STORE_SQL_H
#define ICSVIEW_STORE_SQL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "icsview/store/store.h"

/* The eighth and ninth columns of a child row (struct child), for the
 * entity `e`: its type, NULL for none, and its enum entity_state: not
 * yet open (a status fact of that value), else closing (a status fact
 * "closing": open on the model's day, its closing date to come), else
 * closed (a fact named closed or legally_closed: an organisation
 * dissolved or merged), else open.  The one rule for the state: the
 * detail pane reads it too (store_entity_state).
 * A tenth column, when there is one, says whether a filter matched it. */
#define STORE_CHILD_STATUS_COLUMNS \
	"(SELECT ty.name FROM types ty WHERE ty.type_no = e.type_no)," \
	" CASE WHEN EXISTS(SELECT 1 FROM facts sf WHERE sf.eid = e.eid AND sf.key_no IN" \
	"  (SELECT key_no FROM fact_keys WHERE name = 'status') AND sf.value = 'not yet open')" \
	" THEN 2 WHEN EXISTS(SELECT 1 FROM facts sf WHERE sf.eid = e.eid AND sf.key_no IN" \
	"  (SELECT key_no FROM fact_keys WHERE name = 'status') AND sf.value = 'closing')" \
	" THEN 3 WHEN EXISTS(SELECT 1 FROM facts cf WHERE cf.eid = e.eid AND cf.key_no IN" \
	"  (SELECT key_no FROM fact_keys WHERE name IN ('closed', 'legally_closed')))" \
	" THEN 1 ELSE 0 END"

/* A prepared statement on a store's connection. */
struct sql_stmt;

enum sql_step {
	SQL_ROW,                /* a row is ready to read */
	SQL_DONE,               /* the statement ran to its end */
	SQL_FAILED,             /* store_sql_error says why */
};

/* The statement for sql, a string that does not change or move (a string
 * literal: statements are found by its address), prepared the first time
 * and kept with the store, reset, bindings cleared.  NULL on an error.  The
 * caller releases it with store_sql_done once its rows are read: none may
 * stay active (a read transaction would stay open). */
struct sql_stmt *store_sql_cached(struct store *st, const char *sql);
void store_sql_done(struct store *st, struct sql_stmt *stmt);

/* A statement of the caller's own, for SQL made at run time or kept
 * between calls: freed with sql_free before the store closes (a module
 * keeping statements per store frees them from its store_on_close hook).
 * NULL on an error. */
struct sql_stmt *store_sql_prepare(struct store *st, const char *sql);
void sql_free(struct sql_stmt *stmt);

/* Runs sql (one statement or several, none taking parameters): 0, or -1
 * with the reason in store_sql_error. */
int store_sql_exec(struct store *st, const char *sql);
/* The rows changed by the last INSERT, UPDATE or DELETE that ran. */
int64_t store_sql_changes(struct store *st);
/* The connection's last error message as it is.  It may quote the
 * database (which may be hostile): the caller makes it safe to show
 * (store_errmsg in store.h returns it escaped). */
const char *store_sql_error(struct store *st);

/* Parameters are numbered from 1.  A text is not copied: it must stay as
 * it is while the statement runs, until it is reset or freed. */
void sql_bind_int64(struct sql_stmt *stmt, int param, int64_t value);
void sql_bind_int(struct sql_stmt *stmt, int param, int value);
void sql_bind_double(struct sql_stmt *stmt, int param, double value);
void sql_bind_text(struct sql_stmt *stmt, int param, const char *text);
void sql_bind_null(struct sql_stmt *stmt, int param);

enum sql_step sql_step(struct sql_stmt *stmt);
/* Ready to run again, with the same bindings. */
void sql_reset(struct sql_stmt *stmt);
/* Every parameter back to NULL. */
void sql_clear(struct sql_stmt *stmt);

/* The columns of the row that sql_step returned, numbered from 0.  A text
 * stays valid until the statement is stepped, reset or freed; NULL for
 * SQL NULL (sql_bytes is then 0). */
int64_t sql_int64(struct sql_stmt *stmt, int column);
int sql_int(struct sql_stmt *stmt, int column);
double sql_double(struct sql_stmt *stmt, int column);
const char *sql_text(struct sql_stmt *stmt, int column);
size_t sql_bytes(struct sql_stmt *stmt, int column);
bool sql_is_null(struct sql_stmt *stmt, int column);
/* A copy of a text column, "" for SQL NULL; caller frees. */
char *sql_text_dup(struct sql_stmt *stmt, int column);

/* State a module keeps per store (a filter being evaluated, with its
 * statements), which the store holds for it without knowing what it is:
 * `release` is called with ctx when the store closes, before its
 * connection does, the hooks last added first.  store_on_close_ctx finds
 * the ctx added with `release` (NULL: none). */
typedef void store_close_fn(struct store *st, void *ctx);
void store_on_close(struct store *st, store_close_fn *release, void *ctx);
void *store_on_close_ctx(struct store *st, store_close_fn *release);

/* The search index (attached when store_search_ready) has two ranking
 * functions of the store's besides FTS5's own, for queries of `search`:
 *   hit_field(search)  the first of name (0), aka (1) and facts (2) in
 *                      which every phrase of the query has an instance,
 *                      else 3 (the text): what a query restricted to each
 *                      column in turn would say, from the hit's instances;
 *                      phrases beyond STORE_SEARCH_MAX_PHRASES are not
 *                      looked at;
 *   one_phrase_score(search, w1, w2, ...)  for a query of one phrase,
 *                      bm25 with these column weights less the phrase's
 *                      inverse document frequency: the same order as bm25,
 *                      without the count of every row the phrase matches
 *                      that bm25 makes before it scores the first. */
#define STORE_SEARCH_MAX_PHRASES 32

/* The search index's document of the entity `e` (its name and text are
 * its own columns), from the tables of schema S ("" or "m."): its aka in
 * their order, the id among them where its id_aka says; its facts as
 * "key value" in theirs; each joined by spaces.  group_concat takes the
 * rows in the order of the subquery it reads (SQLite 3.40 has no ORDER BY
 * inside an aggregate). */
#define STORE_SEARCH_DOC_AKA(S) \
	"(SELECT group_concat(v, ' ') FROM" \
	"  (SELECT ord, value AS v FROM " S "aka WHERE eid = e.eid" \
	"   UNION ALL SELECT e.id_aka, e.id WHERE e.id_aka IS NOT NULL ORDER BY 1))"
#define STORE_SEARCH_DOC_FACTS(S) \
	"(SELECT group_concat(kv, ' ') FROM" \
	"  (SELECT k.name || ' ' || f.value AS kv FROM " S "facts f" \
	"   JOIN " S "fact_keys k ON k.key_no = f.key_no WHERE f.eid = e.eid ORDER BY f.fid))"

/* A query of one word of one character, `"c"` (no star), is answered from
 * `initials` (store.c) instead of `search`: its rows in rowid order are
 * those `search MATCH '"c"*'` gives, and
 *   search_average(search)  the average size of a document, for
 *   initial_score(query, average, name, aka, facts, text, w1, w2, w3, w4)
 *                      one_phrase_score of `"c"*` on that document
 *                      (its columns as STORE_SEARCH_DOC_* make them);
 *   initial_field(query, name, aka, facts, text)  hit_field of it.
 * And when it follows other words, whose query bm25 scores (with
 * hit_columns(search): the columns in which every phrase has an
 * instance, a bit each), these add what its phrase adds to bm25:
 *   search_rows(search), search_words(search)  the documents and words
 *                      of the index;
 *   initial_docs       a table of the index: the documents (docs) with
 *                      the initial (initial);
 *   initial_term(query, rows, hits, words, name, aka, facts, text,
 *                w1, w2, w3, w4)  the phrase's term of bm25's sum;
 *   initial_columns(query, name, aka, facts, text)  the columns with an
 *                      instance of it, a bit each. */

/* Children a page at a time, as store_children_after pages them: own ones
 * then secondary ones, each from a query (a string literal, as for
 * store_sql_cached) taking ?1 the parent (NULL for the roots), ?2 the eid
 * to start after, ?3 the limit, and returning (eid, id, kind, badge, name,
 * count, secondary[, matched]). */
int store_children_pages(struct store *st, const char *own_sql, const char *secondary_sql,
                         int64_t parent, const struct child *after, size_t limit,
                         struct child_list *out);

#endif
