#include "icsview/query/resolve.h"

#include <stdlib.h>
#include <string.h>
#include "icsview/base/output.h"
#include "icsview/base/util.h"
#include "icsview/query/search.h"
#include "icsview/store/store_sql.h"
#include "ancestors.h"

/* How a row matched, best first; ids ignoring case share RESOLVE_BY_ID. */
enum match_column { MATCH_ID, MATCH_ID_FOLDED, MATCH_CODE, MATCH_NAME, MATCH_NAME_PART };

/* Each step lists eid, how it matched (enum match_column) and how many
 * match (NULL: not counted), ?1 the text, ?2 the limit.  The exact step
 * reads three indexes (entities_by_id, aka_by_value, entities_by_name: all
 * ignore case); an entity found more than once keeps its best match.
 * SQLite folds case for ASCII letters only.  The part step reads the name
 * column of the search index, each word of the text the start of a word
 * of the name (search_fts_query): a scan of every name for a substring
 * took 70 ms at 250,000 entities, this a few; its rows are not counted
 * past the limit (one more says that there are more). */
static const char exact_sql[] =
	"SELECT eid, min(m), count(*) OVER () FROM ("
	" SELECT eid, CASE WHEN id = ?1 THEN 0 ELSE 1 END AS m FROM entities"
	"  WHERE id = ?1 COLLATE NOCASE"
	" UNION ALL SELECT eid, 2 FROM aka WHERE value = ?1 COLLATE NOCASE"
	" UNION ALL SELECT eid, 3 FROM entities WHERE name = ?1 COLLATE NOCASE)"
	" GROUP BY eid ORDER BY 2, 1 LIMIT ?2";
static const char part_sql[] =
	"SELECT rowid, 4, NULL FROM search WHERE search MATCH ?1 ORDER BY rowid LIMIT ?2";
static const char describe_sql[] =
	"SELECT e.id, k.name, k.badge, e.name, coalesce(t.name, ''), coalesce(e.parent, 0)"
	" FROM entities e JOIN kinds k ON k.kind_no = e.kind_no"
	" LEFT JOIN types t ON t.type_no = e.type_no WHERE e.eid = ?1";

static enum resolve_match match_of(int column)
{
	switch (column) {
	case MATCH_ID:
	case MATCH_ID_FOLDED: return RESOLVE_BY_ID;
	case MATCH_CODE: return RESOLVE_BY_CODE;
	case MATCH_NAME: return RESOLVE_BY_NAME;
	default: return RESOLVE_BY_NAME_PART;
	}
}

/* Runs one step into out (eids and how they matched); false when the
 * store failed.  (*columns)[i] is item i's enum match_column. */
static bool run_step(struct store *st, const char *sql, const char *text, size_t limit,
                     struct resolve_result *out, int **columns)
{
	struct sql_stmt *stmt = store_sql_cached(st, sql);
	size_t cap = 0;
	enum sql_step rc;

	if (!stmt)
		return false;
	sql_bind_text(stmt, 1, text);
	sql_bind_int64(stmt, 2, (int64_t)limit);
	while ((rc = sql_step(stmt)) == SQL_ROW) {
		struct resolve_candidate *c;

		GROW(out->items, out->cap, out->count + 1);
		GROW(*columns, cap, out->count + 1);
		c = &out->items[out->count];
		memset(c, 0, sizeof(*c));
		c->eid = sql_int64(stmt, 0);
		(*columns)[out->count] = sql_int(stmt, 1);
		c->match = match_of((*columns)[out->count]);
		out->total = sql_is_null(stmt, 2) ? out->count + 1 : (size_t)sql_int64(stmt, 2);
		out->count++;
	}
	store_sql_done(st, stmt);
	return rc == SQL_DONE;
}

/* The part step, when the text holds a word: up to limit + 1 rows, the
 * last dropped to say there are more. */
static bool run_part_step(struct store *st, const char *text, size_t limit,
                          struct resolve_result *out, int **columns)
{
	char *words = search_fts_query(text), *query;
	bool ok;

	if (!words)
		return true;
	if (!store_search_ready(st)) {
		free(words);
		return false;
	}
	query = xasprintf("name : (%s)", words);
	ok = run_step(st, part_sql, query, limit + 1, out, columns);
	if (ok && out->count > limit) {
		out->count = limit;
		out->more = true;
	}
	out->total = out->count;
	free(query);
	free(words);
	return ok;
}

/* Fills what a candidate shows; false when the store failed. */
static bool describe(struct store *st, struct ancestors *a, struct resolve_candidate *c,
                     const char *separator)
{
	struct sql_stmt *stmt = store_sql_cached(st, describe_sql);
	int64_t parent = 0;
	bool found;

	if (!stmt)
		return false;
	sql_bind_int64(stmt, 1, c->eid);
	found = sql_step(stmt) == SQL_ROW;
	if (found) {
		c->id = sql_text_dup(stmt, 0);
		c->kind = sql_text_dup(stmt, 1);
		c->badge = sql_text_dup(stmt, 2);
		c->name = sql_text_dup(stmt, 3);
		c->type = sql_text_dup(stmt, 4);
		parent = sql_int64(stmt, 5);
	}
	store_sql_done(st, stmt);
	if (!found)
		return false;
	ancestors_put(a, c->eid, parent, c->name);
	c->path = ancestors_path(a, parent, separator);
	return true;
}

/* Rule 1: the one entity whose id is the text (exactly, else ignoring
 * case), moved first; SIZE_MAX when no single id wins. */
static size_t winning_id(const struct resolve_result *out, const int *columns)
{
	size_t folded = 0, at = SIZE_MAX;

	for (size_t i = 0; i < out->count; i++) {
		if (columns[i] == MATCH_ID)
			return i;
		if (columns[i] == MATCH_ID_FOLDED) {
			folded++;
			at = i;
		}
	}
	return folded == 1 ? at : SIZE_MAX;
}

/* Keeps only items[keep] (first), the others counted in also_named. */
static void keep_only(struct resolve_result *out, size_t keep)
{
	out->also_named = out->total - 1;
	out->items[0] = out->items[keep];
	out->count = 1;
	out->total = 1;
}

enum resolve_outcome resolve_text(struct store *st, const char *text,
                                  const struct resolve_options *options,
                                  struct resolve_result *out)
{
	size_t limit = options && options->limit ? options->limit : RESOLVE_DEFAULT_LIMIT;
	const char *separator = options && options->path_separator ? options->path_separator : " › ";
	struct ancestors ancestors = { .st = st };
	int *columns = NULL;
	size_t id;
	bool ok;

	out->count = out->total = out->also_named = 0;
	out->more = false;
	if (!*text)
		return RESOLVE_NONE;
	ok = run_step(st, exact_sql, text, limit, out, &columns);
	if (ok && out->count == 0)
		ok = run_part_step(st, text, limit, out, &columns);
	if (ok && out->count > 1 && (id = winning_id(out, columns)) != SIZE_MAX)
		keep_only(out, id);
	free(columns);
	for (size_t i = 0; ok && i < out->count; i++)
		ok = describe(st, &ancestors, &out->items[i], separator);
	ancestors_free(&ancestors);
	if (!ok)
		return RESOLVE_FAILED;
	return out->count == 0 ? RESOLVE_NONE : out->count == 1 ? RESOLVE_ONE : RESOLVE_SEVERAL;
}

void resolve_result_clear(struct resolve_result *result)
{
	for (size_t i = 0; i < result->count; i++) {
		struct resolve_candidate *c = &result->items[i];

		free(c->id);
		free(c->kind);
		free(c->badge);
		free(c->name);
		free(c->type);
		free(c->path);
	}
	free(result->items);
	memset(result, 0, sizeof(*result));
}

/* The columns of one character at s (n bytes left) in *len bytes: a byte
 * that starts no character is shown as one column. */
static size_t char_width(const char *s, size_t n, size_t *len)
{
	uint32_t cp;

	*len = utf8_decode(s, n, &cp);
	if (*len == 0) {
		*len = 1;
		return 1;
	}
	return code_point_width(cp);
}

size_t resolve_path_tail(const char *path, size_t width, size_t ellipsis_width)
{
	size_t n = strlen(path), total = 0, len;

	for (size_t i = 0; i < n; i += len)
		total += char_width(path + i, n - i, &len);
	if (total <= width)
		return 0;
	if (ellipsis_width >= width)
		return n;
	for (size_t i = 0; i < n; i += len) {
		if (total + ellipsis_width <= width)
			return i;
		total -= char_width(path + i, n - i, &len);
	}
	return n;
}
