/* The search index's ranking functions (store_sql.h): FTS5 auxiliary
 * functions, registered with the connection when the index is attached. */
#include <stdbool.h>
#include "icsview/store/store_sql.h"
#include "store_private.h"

/* The columns of the index (store.c): name, aka, facts, text. */
enum { FIELD_TEXT = 3 };

/* The columns (a bit each) in which every phrase of the query has an
 * instance; phrases beyond STORE_SEARCH_MAX_PHRASES are not looked at. */
static unsigned all_phrase_columns(const Fts5ExtensionApi *api, Fts5Context *fts)
{
	unsigned columns[STORE_SEARCH_MAX_PHRASES] = { 0 }, all = 0;
	int phrases = api->xPhraseCount(fts), count = 0;

	if (phrases > STORE_SEARCH_MAX_PHRASES)
		phrases = STORE_SEARCH_MAX_PHRASES;
	if (api->xInstCount(fts, &count) == SQLITE_OK) {
		for (int i = 0; i < count; i++) {
			int phrase, col, offset;
			if (api->xInst(fts, i, &phrase, &col, &offset) == SQLITE_OK && phrase < phrases &&
			    col >= 0 && col < 32)
				columns[phrase] |= 1u << col;
		}
	}
	if (phrases > 0)
		all = ~0u;
	for (int p = 0; p < phrases; p++)
		all &= columns[p];
	return all;
}

int store_first_hit_field(unsigned columns)
{
	for (int c = 0; c < FIELD_TEXT; c++)
		if ((columns >> c) & 1)
			return c;
	return FIELD_TEXT;
}

/* hit_field(search) */
static void hit_field(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
                      int argc, sqlite3_value **argv)
{
	(void)argc;
	(void)argv;
	sqlite3_result_int(ctx, store_first_hit_field(all_phrase_columns(api, fts)));
}

/* hit_columns(search): the columns hit_field chooses from, a bit each. */
static void hit_columns(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
                        int argc, sqlite3_value **argv)
{
	(void)argc;
	(void)argv;
	sqlite3_result_int64(ctx, all_phrase_columns(api, fts));
}

/* search_rows(search), search_words(search): the documents of the index
 * and their words, as bm25 reads them. */
static void search_rows(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
                        int argc, sqlite3_value **argv)
{
	sqlite3_int64 rows = 0;

	(void)argc;
	(void)argv;
	if (api->xRowCount(fts, &rows) != SQLITE_OK) {
		sqlite3_result_error(ctx, "search_rows failed", -1);
		return;
	}
	sqlite3_result_int64(ctx, rows);
}

static void search_words(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
                         int argc, sqlite3_value **argv)
{
	sqlite3_int64 tokens = 0;

	(void)argc;
	(void)argv;
	if (api->xColumnTotalSize(fts, -1, &tokens) != SQLITE_OK) {
		sqlite3_result_error(ctx, "search_words failed", -1);
		return;
	}
	sqlite3_result_int64(ctx, tokens);
}

double store_one_phrase_bm25(double frequency, int size, double average)
{
	const double k1 = 1.2, b = 0.75;

	return -(frequency * (k1 + 1.0)) / (frequency + k1 * (1 - b + b * (double)size / average));
}

/* The index's average document size in words (1 when it has none). */
static int average_size(const Fts5ExtensionApi *api, Fts5Context *fts, double *average)
{
	sqlite3_int64 rows = 0, tokens = 0;

	if (api->xRowCount(fts, &rows) != SQLITE_OK ||
	    api->xColumnTotalSize(fts, -1, &tokens) != SQLITE_OK)
		return -1;
	*average = rows > 0 ? (double)tokens / (double)rows : 1.0;
	if (*average <= 0)
		*average = 1.0;
	return 0;
}

/* one_phrase_score(search, weights...): bm25 (as FTS5 computes it) for a
 * query of one phrase, less the phrase's inverse document frequency: a
 * positive factor the same for every row, so rows come in the same order,
 * but one that FTS5 finds by counting every row the phrase matches
 * (170,000 for "s"*, a few milliseconds) before the first row is scored. */
static void one_phrase_score(const Fts5ExtensionApi *api, Fts5Context *fts,
                             sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	double frequency = 0, average;
	int count = 0, size = 0;

	if (average_size(api, fts, &average) != 0 || api->xInstCount(fts, &count) != SQLITE_OK ||
	    api->xColumnSize(fts, -1, &size) != SQLITE_OK) {
		sqlite3_result_error(ctx, "one_phrase_score failed", -1);
		return;
	}
	for (int i = 0; i < count; i++) {
		int phrase, column, offset;
		if (api->xInst(fts, i, &phrase, &column, &offset) == SQLITE_OK && phrase == 0)
			frequency += argc > column ? sqlite3_value_double(argv[column]) : 1.0;
	}
	sqlite3_result_double(ctx, store_one_phrase_bm25(frequency, size, average));
}

/* search_average(search): the average size of a document, as
 * one_phrase_score takes it, for initial_score (search_initials.c). */
static void search_average(const Fts5ExtensionApi *api, Fts5Context *fts,
                           sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	double average;

	(void)argc;
	(void)argv;
	if (average_size(api, fts, &average) != 0) {
		sqlite3_result_error(ctx, "search_average failed", -1);
		return;
	}
	sqlite3_result_double(ctx, average);
}

fts5_api *store_fts5_api(sqlite3 *db)
{
	sqlite3_stmt *stmt = store_prepare(db, "SELECT fts5(?1)");
	fts5_api *api = NULL;

	if (!stmt)
		return NULL;
	sqlite3_bind_pointer(stmt, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	return api;
}

int store_register_search_functions(sqlite3 *db)
{
	fts5_api *api = store_fts5_api(db);

	if (!api || api->xCreateFunction(api, "hit_field", NULL, hit_field, NULL) != SQLITE_OK ||
	    api->xCreateFunction(api, "one_phrase_score", NULL, one_phrase_score, NULL) != SQLITE_OK ||
	    api->xCreateFunction(api, "search_average", NULL, search_average, NULL) != SQLITE_OK ||
	    api->xCreateFunction(api, "hit_columns", NULL, hit_columns, NULL) != SQLITE_OK ||
	    api->xCreateFunction(api, "search_rows", NULL, search_rows, NULL) != SQLITE_OK ||
	    api->xCreateFunction(api, "search_words", NULL, search_words, NULL) != SQLITE_OK)
		return -1;
	return store_register_initials_scores(db);
}
