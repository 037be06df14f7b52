/* Internals shared by the store's source files (store, build, check, query,
 * the notes' look-ups in the model). */
#ifndef ICSVIEW_STORE_PRIVATE_H
#define ICSVIEW_STORE_PRIVATE_H

#include <sqlite3.h>
#include "icsview/store/store.h"
#include "icsview/store/store_sql.h"

#define STORE_CACHE 64

struct store {
	sqlite3 *db;
	char *path;
	bool search_ready;      /* the search index is attached, its functions registered */
	struct search_build *search_build;  /* the index's build under way, or NULL */
	char *search_problem;   /* why the last build was abandoned */
	struct {
		const char *sql;            /* a static string: compared by address */
		sqlite3_stmt *stmt;
	} cache[STORE_CACHE];           /* store_cached */
	size_t cached;
	struct {
		store_close_fn *release;
		void *ctx;
	} *hooks;                       /* store_on_close */
	size_t hook_count, hook_cap;
	char *error;            /* store_errmsg()'s text */
	bool damaged;           /* store_errmsg() saw SQLITE_CORRUPT or SQLITE_NOTADB */
};

/* Creates every table of the current schema in an empty database. */
int store_create_schema(sqlite3 *db, char **error);
/* The same for the search index's own database. */
int store_create_search_schema(sqlite3 *db, char **error);
/* Duplicates a text column, NULL for SQL NULL. */
char *column_strdup(sqlite3_stmt *stmt, int column);
/* Duplicates a text column, "" for SQL NULL. */
char *column_strdup_empty(sqlite3_stmt *stmt, int column);
/* Prepares a statement; NULL on an error (sqlite3_errmsg says why). */
sqlite3_stmt *store_prepare(sqlite3 *db, const char *sql);
/* The statement for sql, a string that does not change or move (a string
 * literal: statements are found by its address), prepared the first time
 * and kept with the store, reset, bindings cleared.  NULL on an error.  The
 * caller releases it with store_done once its rows are read: none may stay
 * active (a read transaction would stay open). */
sqlite3_stmt *store_cached(struct store *st, const char *sql);
void store_done(struct store *st, sqlite3_stmt *stmt);
/* Runs sql; on failure *error (if not NULL) says why (caller frees). */
int store_exec(sqlite3 *db, const char *sql, char **error);
/* The last error of db as text; for an I/O error, disk full or a file that
 * cannot be opened, with the system's reason: "disk I/O error (File too
 * large)".  SQLite does not always keep that reason (sqlite3_system_errno):
 * sys is errno as the caller saw it right after the failed call, set to 0
 * before it (0: unknown).  Caller frees. */
char *store_error_text(sqlite3 *db, int sys);
/* Registers the search index's ranking functions (store_sql.h) with the
 * connection: 0 or -1. */
int store_register_search_functions(sqlite3 *db);
/* The connection's FTS5 interface, or NULL. */
fts5_api *store_fts5_api(sqlite3 *db);
/* bm25 of a query of one phrase less its inverse document frequency
 * (search_rank.c: one_phrase_score), from the weighted count of its
 * instances in a document of `size` words, `average` being the index's. */
double store_one_phrase_bm25(double frequency, int size, double average);
/* hit_field's column of a set of columns (a bit each) in which every
 * phrase has an instance: the first of name, aka and facts, else the
 * text. */
int store_first_hit_field(unsigned columns);
/* The functions of the search index's one-character prefixes
 * (search_initials.c): with_initials(eid, column), which returns the
 * column and writes the entity's row of `initials` once the next entity
 * comes, for the build's connection (store_initials_writer: NULL on an
 * error; store_initials_writer_end writes the last row when `flush` and
 * must come before the connection closes: 0 or -1); and
 * initial_score(query, average, name, aka, facts, text, w1, w2, w3, w4)
 * and initial_field(query, name, aka, facts, text), one_phrase_score and
 * hit_field of `"c"*` for the first character c of the query;
 * initial_term(query, rows, hits, words, name, aka, facts, text, w1..w4)
 * and initial_columns(query, name, aka, facts, text), its term of bm25 and
 * its columns; for queries (store_sql.h).  0 or -1. */
struct initials_writer;
struct initials_writer *store_initials_writer(sqlite3 *db);
int store_initials_writer_end(struct initials_writer *w, bool flush);
int store_register_initials_scores(sqlite3 *db);
/* The connection of a build, for the whole-model checks (store_check.c),
 * once the writer is drained (store_build.c). */
struct store_writer;
sqlite3 *writer_db(struct store_writer *w);

#endif
