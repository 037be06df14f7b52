/* The search index's one-character prefixes (store.c: the `initials`
 * table) and the scores of their hits, as SQL functions of the store.
 *
 * A prefix index of one character was about 40% of the search index (every
 * position of every word again, under its first letter): instead,
 * `initials` lists for each entity the first characters of its words
 * (positions left out, detail=none), and a word of one character takes
 * its candidates from there and scores them by reading their documents
 * again, word by word, through the index's own tokenizer: the instances
 * FTS5 would count for `"c"*`, so the score one_phrase_score would give
 * and the column hit_field would (search_rank.c), or, after other words,
 * the term bm25 would add for it. */
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "icsview/base/util.h"
#include "store_private.h"

/* The columns of a document (store.c): name, aka, facts, text. */
enum { DOC_COLUMNS = 4 };

/* The tokenizer of the search index, as store.c declares it. */
static const char *const tokenizer_args[] = { "remove_diacritics", "2" };

struct tokenizer {
	fts5_tokenizer api;
	Fts5Tokenizer *tok;
};

static void tokenizer_free(void *p)
{
	struct tokenizer *t = p;

	if (!t)
		return;
	if (t->tok)
		t->api.xDelete(t->tok);
	free(t);
}

static struct tokenizer *tokenizer_new(sqlite3 *db)
{
	fts5_api *api = store_fts5_api(db);
	struct tokenizer *t;
	void *user = NULL;

	if (!api)
		return NULL;
	t = xcalloc(1, sizeof(*t));
	if (api->xFindTokenizer(api, "unicode61", &user, &t->api) != SQLITE_OK ||
	    t->api.xCreate(user, (const char **)tokenizer_args, 2, &t->tok) != SQLITE_OK) {
		t->tok = NULL;
		tokenizer_free(t);
		return NULL;
	}
	return t;
}

static int tokenize(struct tokenizer *t, sqlite3_value *value, void *ctx,
                    int (*each)(void *, int, const char *, int, int, int))
{
	const char *text = (const char *)sqlite3_value_text(value);

	if (!text)
		return SQLITE_OK;
	return t->api.xTokenize(t->tok, ctx, FTS5_TOKENIZE_DOCUMENT, text,
	                        sqlite3_value_bytes(value), each);
}

/* The bytes of the first character of a token (UTF-8). */
static int first_character(const char *token, int n)
{
	unsigned char lead = (unsigned char)token[0];
	int len = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;

	return len < n ? len : n;
}

/* ---- with_initials(eid, column) ------------------------------------------------------ */

/* The distinct first characters, each once, joined by spaces. */
struct initials {
	struct strbuf out;
	bool ascii[128];
};

static bool seen_before(const struct initials *in, const char *c, int n)
{
	const char *s = in->out.buf, *end;

	if (n == 1)
		return in->ascii[(unsigned char)c[0]];
	if (!s)                 /* nothing listed yet */
		return false;
	/* a character of several bytes: among those listed (a few dozen) */
	for (end = s + in->out.len; s < end; s += strcspn(s, " ") + 1)
		if ((int)strcspn(s, " ") == n && memcmp(s, c, (size_t)n) == 0)
			return true;
	return false;
}

static int add_initial(void *ctx, int flags, const char *token, int n, int start, int end)
{
	struct initials *in = ctx;
	int len;

	(void)start;
	(void)end;
	if (n <= 0 || (flags & FTS5_TOKEN_COLOCATED))
		return SQLITE_OK;
	len = first_character(token, n);
	if (seen_before(in, token, len))
		return SQLITE_OK;
	if (len == 1)
		in->ascii[(unsigned char)token[0]] = true;
	if (in->out.len)
		sb_putc(&in->out, ' ');
	sb_add(&in->out, token, (size_t)len);
	return SQLITE_OK;
}

/* The initials of the documents as the search index reads them: each
 * entity's row of `initials` is written once its last column has gone by
 * (the documents come in row order, each column once). */
struct initials_writer {
	struct tokenizer *t;
	sqlite3_stmt *insert;
	int64_t eid;            /* the entity being read; 0 before the first */
	struct initials in;
};

static int flush_initials(struct initials_writer *w)
{
	int rc;

	if (!w->eid)
		return SQLITE_OK;
	if (!w->insert)
		return SQLITE_MISUSE;    /* after store_initials_writer_end */
	sqlite3_bind_int64(w->insert, 1, w->eid);
	sqlite3_bind_text(w->insert, 2, w->in.out.buf ? w->in.out.buf : "", (int)w->in.out.len,
	                  SQLITE_STATIC);
	rc = sqlite3_step(w->insert);
	sqlite3_reset(w->insert);
	sb_reset(&w->in.out);
	memset(w->in.ascii, 0, sizeof(w->in.ascii));
	w->eid = 0;
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* with_initials(eid, column): the column, its initials noted for eid. */
static void with_initials(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct initials_writer *w = sqlite3_user_data(ctx);
	int64_t eid = sqlite3_value_int64(argv[0]);
	int rc = SQLITE_OK;

	(void)argc;
	if (eid != w->eid)
		rc = flush_initials(w);
	w->eid = eid;
	if (rc == SQLITE_OK)
		rc = tokenize(w->t, argv[1], &w->in, add_initial);
	if (rc != SQLITE_OK) {
		sqlite3_result_error_code(ctx, rc);
		return;
	}
	sqlite3_result_value(ctx, argv[1]);
}

static void writer_free(void *p)
{
	struct initials_writer *w = p;

	if (!w)
		return;
	sqlite3_finalize(w->insert);
	tokenizer_free(w->t);
	sb_free(&w->in.out);
	free(w);
}

/* ---- initial_score(query, average, name, aka, facts, text, w1, w2, w3, w4) -------- */
/* ---- initial_field(query, name, aka, facts, text) --------------------------------- */

/* What a query `"c"*` finds in one document: the instances of words that
 * start with c, by column, and the document's size in words. */
struct initial_hits {
	char initial[8];
	int initial_len;        /* 0: the query has no word */
	int column;
	int size;
	double frequency;       /* the instances' column weights, summed */
	const double *weights;
	unsigned columns;       /* the columns with an instance, a bit each */
};

static int take_query_word(void *ctx, int flags, const char *token, int n, int start, int end)
{
	struct initial_hits *h = ctx;

	(void)start;
	(void)end;
	if (h->initial_len || n <= 0 || (flags & FTS5_TOKEN_COLOCATED))
		return SQLITE_OK;
	h->initial_len = first_character(token, n);
	memcpy(h->initial, token, (size_t)h->initial_len);
	return SQLITE_OK;
}

static int count_instance(void *ctx, int flags, const char *token, int n, int start, int end)
{
	struct initial_hits *h = ctx;

	(void)start;
	(void)end;
	if (flags & FTS5_TOKEN_COLOCATED)
		return SQLITE_OK;
	h->size++;
	if (h->initial_len && n >= h->initial_len &&
	    memcmp(token, h->initial, (size_t)h->initial_len) == 0) {
		h->frequency += h->weights[h->column];
		h->columns |= 1u << h->column;
	}
	return SQLITE_OK;
}

/* Tokenizes the query (its first word's first character) and the document
 * (DOC_COLUMNS values from docs): SQLITE_OK or the tokenizer's error. */
static int find_hits(struct tokenizer *t, sqlite3_value *query, sqlite3_value **docs,
                     struct initial_hits *h)
{
	int rc = tokenize(t, query, h, take_query_word);

	for (h->column = 0; h->column < DOC_COLUMNS && rc == SQLITE_OK; h->column++)
		rc = tokenize(t, docs[h->column], h, count_instance);
	return rc;
}

static void initial_score(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	double weights[DOC_COLUMNS];
	struct initial_hits h = { .weights = weights };
	int rc;

	(void)argc;
	for (int i = 0; i < DOC_COLUMNS; i++)
		weights[i] = sqlite3_value_double(argv[2 + DOC_COLUMNS + i]);
	rc = find_hits(sqlite3_user_data(ctx), argv[0], argv + 2, &h);
	if (rc != SQLITE_OK) {
		sqlite3_result_error_code(ctx, rc);
		return;
	}
	sqlite3_result_double(ctx, store_one_phrase_bm25(h.frequency, h.size,
	                                                 sqlite3_value_double(argv[1])));
}

/* The hits of f(query, name, aka, facts, text), every column weighing 1;
 * false, with the error set as f's result, when they cannot be found. */
static bool unit_hits(sqlite3_context *ctx, sqlite3_value **argv, struct initial_hits *h)
{
	static const double unit[DOC_COLUMNS] = { 1, 1, 1, 1 };
	int rc;

	h->weights = unit;
	rc = find_hits(sqlite3_user_data(ctx), argv[0], argv + 1, h);
	if (rc != SQLITE_OK)
		sqlite3_result_error_code(ctx, rc);
	return rc == SQLITE_OK;
}

static void initial_field(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct initial_hits h = { 0 };

	(void)argc;
	if (unit_hits(ctx, argv, &h))
		sqlite3_result_int(ctx, store_first_hit_field(h.columns));
}

/* initial_term(query, rows, hits, words, name, aka, facts, text, w1, w2, w3, w4):
 * what FTS5's bm25 adds to its sum for the phrase `"c"*` (c the query's
 * first character), in its own words: an index of `rows` documents and
 * `words` words, `hits` of them with the phrase. */
static void initial_term(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	double weights[DOC_COLUMNS], idf, avgdl;
	struct initial_hits h = { .weights = weights };
	sqlite3_int64 rows = sqlite3_value_int64(argv[1]), hits = sqlite3_value_int64(argv[2]);
	int rc;

	(void)argc;
	for (int i = 0; i < DOC_COLUMNS; i++)
		weights[i] = sqlite3_value_double(argv[4 + DOC_COLUMNS + i]);
	rc = find_hits(sqlite3_user_data(ctx), argv[0], argv + 4, &h);
	if (rc != SQLITE_OK) {
		sqlite3_result_error_code(ctx, rc);
		return;
	}
	idf = log((rows - hits + 0.5) / (hits + 0.5));
	if (idf <= 0.0)
		idf = 1e-6;
	avgdl = (double)sqlite3_value_int64(argv[3]) / (double)rows;
	/* bm25 sums idf times the phrase's score, which ours gives negated */
	sqlite3_result_double(ctx, idf * -store_one_phrase_bm25(h.frequency, h.size, avgdl));
}

/* initial_columns(query, name, aka, facts, text): the columns with a word
 * that starts with the query's first character, a bit each. */
static void initial_columns(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct initial_hits h = { 0 };

	(void)argc;
	if (unit_hits(ctx, argv, &h))
		sqlite3_result_int64(ctx, h.columns);
}

/* ---- registration ------------------------------------------------------------------ */

/* One function with a tokenizer of its own, freed with the function. */
static int add_function(sqlite3 *db, const char *name, int args,
                        void (*fn)(sqlite3_context *, int, sqlite3_value **))
{
	struct tokenizer *t = tokenizer_new(db);

	if (!t)
		return -1;
	/* on failure SQLite calls tokenizer_free itself */
	return sqlite3_create_function_v2(db, name, args, SQLITE_UTF8 | SQLITE_DETERMINISTIC, t, fn,
	                                  NULL, NULL, tokenizer_free) == SQLITE_OK ? 0 : -1;
}

struct initials_writer *store_initials_writer(sqlite3 *db)
{
	struct initials_writer *w = xcalloc(1, sizeof(*w));

	w->t = tokenizer_new(db);
	w->insert = store_prepare(db, "INSERT INTO initials(rowid, initial) VALUES(?1, ?2)");
	if (!w->t || !w->insert) {
		writer_free(w);
		return NULL;
	}
	/* on failure SQLite calls writer_free itself */
	if (sqlite3_create_function_v2(db, "with_initials", 2, SQLITE_UTF8, w, with_initials, NULL,
	                               NULL, writer_free) != SQLITE_OK)
		return NULL;
	return w;
}

int store_initials_writer_end(struct initials_writer *w, bool flush)
{
	int rc = flush && w->insert ? flush_initials(w) : SQLITE_OK;

	/* the connection closes only once its statements are finalized; the
	 * writer itself goes with the function, when it does */
	sqlite3_finalize(w->insert);
	w->insert = NULL;
	return rc == SQLITE_OK ? 0 : -1;
}

int store_register_initials_scores(sqlite3 *db)
{
	if (add_function(db, "initial_score", 2 + 2 * DOC_COLUMNS, initial_score) != 0 ||
	    add_function(db, "initial_field", 1 + DOC_COLUMNS, initial_field) != 0 ||
	    add_function(db, "initial_term", 4 + 2 * DOC_COLUMNS, initial_term) != 0 ||
	    add_function(db, "initial_columns", 1 + DOC_COLUMNS, initial_columns) != 0)
		return -1;
	return 0;
}
