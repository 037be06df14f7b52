#include "icsview/search.h"

#include <stdlib.h>
#include <string.h>
#include "icsview/util.h"
#include "store_private.h"

#define DEFAULT_LIMIT 100
#define MAX_TOKENS 32

static bool is_word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Appends the words of text[0..n) to sb as `"w1 w2"`, lower-cased; returns
 * how many words. */
static size_t append_phrase(struct strbuf *sb, const char *text, size_t n)
{
	size_t words = 0, i = 0;

	while (i < n && words < MAX_TOKENS) {
		while (i < n && !is_word_byte((unsigned char)text[i]))
			i++;
		if (i == n)
			break;
		sb_puts(sb, words ? " " : "\"");
		while (i < n && is_word_byte((unsigned char)text[i]))
			sb_putc(sb, lower(text[i++]));
		words++;
	}
	if (words)
		sb_putc(sb, '"');
	return words;
}

char *search_fts_query(const char *text)
{
	struct strbuf sb = STRBUF_INIT;
	size_t terms = 0;
	const char *p = text;

	while (*p && terms < MAX_TOKENS) {
		const char *start, *end;
		size_t before = sb.len;

		while (*p == ' ')
			p++;
		if (!*p)
			break;
		if (*p == '"') {
			/* a phrase, up to the closing quote or the end */
			start = ++p;
			end = strchr(start, '"');
			if (!end)
				end = start + strlen(start);
			p = *end ? end + 1 : end;
			if (terms)
				sb_putc(&sb, ' ');
			if (append_phrase(&sb, start, (size_t)(end - start)) == 0) {
				sb.len = before;
				continue;
			}
		} else {
			/* each word of a plain term is its own prefix query */
			start = p;
			while (*p && *p != ' ' && *p != '"')
				p++;
			for (const char *w = start; w < p && terms < MAX_TOKENS;) {
				const char *word_end;
				while (w < p && !is_word_byte((unsigned char)*w))
					w++;
				if (w == p)
					break;
				word_end = w;
				while (word_end < p && is_word_byte((unsigned char)*word_end))
					word_end++;
				if (terms)
					sb_putc(&sb, ' ');
				append_phrase(&sb, w, (size_t)(word_end - w));
				sb_putc(&sb, '*');
				terms++;
				w = word_end;
			}
			continue;
		}
		sb_putc(&sb, '*');
		terms++;
	}
	if (terms == 0) {
		sb_free(&sb);
		return NULL;
	}
	return sb_detach(&sb);
}

size_t search_tokens(const char *text, char ***out)
{
	size_t count = 0, cap = 0, i = 0, n = strlen(text);

	*out = NULL;
	while (i < n && count < MAX_TOKENS) {
		size_t start;
		char *word;

		while (i < n && !is_word_byte((unsigned char)text[i]))
			i++;
		if (i == n)
			break;
		start = i;
		while (i < n && is_word_byte((unsigned char)text[i]))
			i++;
		word = xstrndup(text + start, i - start);
		for (char *c = word; *c; c++)
			*c = lower(*c);
		GROW(*out, cap, count + 1);
		(*out)[count++] = word;
	}
	return count;
}

/* How many full-text hits are ranked, at most: the first ones in row order
 * (load order: regions, systems and places come first).  Ranking every hit
 * of a short prefix would cost tens of milliseconds a keystroke on a
 * national model; these few cost well under one. */
#define FTS_CANDIDATES 400

/* Candidates in rank order: exact id, name or code; then names starting
 * with the text; then the first FTS_CANDIDATES full-text hits by bm25,
 * names weighing most (with the column that matched, see hit_field).
 * Each part is bounded, so no keystroke ranks the whole model.  ?1 the
 * text, ?2 its LIKE prefix, ?3 the FTS5 query, ?4 the limit, ?5 the kind
 * or NULL, ?6 the number of full-text candidates. */
#define SEARCH_SQL(FTS_PART) \
	"WITH hits(eid, class, score, field) AS (" \
	" SELECT eid, 0, 0.0, NULL FROM entities WHERE id = ?1" \
	" UNION ALL SELECT eid, 0, 0.0, NULL FROM entities WHERE name = ?1 COLLATE NOCASE" \
	" UNION ALL SELECT eid, 0, 0.0, NULL FROM aka WHERE value = ?1 COLLATE NOCASE" \
	" UNION ALL SELECT * FROM (SELECT eid, 1, 0.0, NULL FROM entities" \
	"  WHERE name LIKE ?2 ESCAPE '\\' AND (?5 IS NULL OR kind = ?5)" \
	"  ORDER BY name COLLATE NOCASE LIMIT ?4)" \
	" UNION ALL SELECT * FROM (" FTS_PART "))" \
	" SELECT e.eid, e.id, e.kind, k.badge, e.name, min(h.class) AS class, min(h.score) AS score," \
	"  max(h.field)" \
	" FROM hits h JOIN entities e ON e.eid = h.eid JOIN kinds k ON k.name = e.kind" \
	" WHERE ?5 IS NULL OR e.kind = ?5" \
	" GROUP BY e.eid ORDER BY class, score, length(e.name), e.eid LIMIT ?4"

static const char search_sql[] = SEARCH_SQL(
	"SELECT rowid, 2, bm25(search, 10.0, 8.0, 2.0, 1.0), hit_field(search) FROM search"
	" WHERE search MATCH ?3 LIMIT ?6");
/* with a kind: the candidates are those of the kind */
static const char search_kind_sql[] = SEARCH_SQL(
	"SELECT s.rowid, 2, bm25(search, 10.0, 8.0, 2.0, 1.0), hit_field(search) FROM search s"
	" CROSS JOIN entities c ON c.eid = s.rowid WHERE search MATCH ?3 AND c.kind = ?5 LIMIT ?6");

static char *like_prefix(const char *text)
{
	struct strbuf sb = STRBUF_INIT;

	for (const char *p = text; *p; p++) {
		if (*p == '%' || *p == '_' || *p == '\\')
			sb_putc(&sb, '\\');
		sb_putc(&sb, *p);
	}
	sb_putc(&sb, '%');
	return sb_detach(&sb);
}

/* ---- hit_field(search): the column that made a full-text hit ------------- */

/* The first of name, aka and facts in which every phrase of the query has
 * an instance (0, 1, 2), else 3 (the text): what a query restricted to
 * each column in turn would say, from the hit's own instances. */
static void hit_field(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
                      int argc, sqlite3_value **argv)
{
	unsigned columns[MAX_TOKENS] = { 0 };
	int phrases = api->xPhraseCount(fts), count = 0, column = 3;

	(void)argc;
	(void)argv;
	if (phrases > MAX_TOKENS)
		phrases = MAX_TOKENS;
	if (api->xInstCount(fts, &count) == SQLITE_OK) {
		for (int i = 0; i < count; i++) {
			int phrase, col, offset;
			if (api->xInst(fts, i, &phrase, &col, &offset) == SQLITE_OK && phrase < phrases &&
			    col >= 0 && col < 32)
				columns[phrase] |= 1u << col;
		}
	}
	for (int c = 0; c < 3 && column == 3; c++) {
		bool all = phrases > 0;
		for (int p = 0; p < phrases && all; p++)
			all = (columns[p] >> c) & 1;
		if (all)
			column = c;
	}
	sqlite3_result_int(ctx, column);
}

/* Registers hit_field with the connection's FTS5, once. */
static int register_hit_field(struct store *st)
{
	sqlite3_stmt *stmt;
	fts5_api *api = NULL;

	if (st->search_functions)
		return 0;
	stmt = store_prepare(st->db, "SELECT fts5(?1)");
	if (!stmt)
		return -1;
	sqlite3_bind_pointer(stmt, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (!api || api->xCreateFunction(api, "hit_field", NULL, hit_field, NULL) != SQLITE_OK)
		return -1;
	st->search_functions = true;
	return 0;
}

/* ---- paths ---------------------------------------------------------------------- */

/* The parent and name of entities, looked up once in a search: the hits
 * of one search share most of their ancestors. */
struct ancestors {
	sqlite3_stmt *lookup;
	int64_t *eids;           /* open addressing, 0 empty */
	int64_t *parents;
	char **names;
	size_t mask;
	size_t count;
};

static size_t ancestors_slot(const struct ancestors *a, int64_t eid)
{
	size_t i = (size_t)((uint64_t)eid * UINT64_C(0x9e3779b97f4a7c15) >> 20) & a->mask;

	while (a->eids[i] && a->eids[i] != eid)
		i = (i + 1) & a->mask;
	return i;
}

static void ancestors_grow(struct ancestors *a)
{
	struct ancestors old = *a;
	size_t slots = old.eids ? (old.mask + 1) * 2 : 256;

	a->eids = xcalloc(slots, sizeof(*a->eids));
	a->parents = xcalloc(slots, sizeof(*a->parents));
	a->names = xcalloc(slots, sizeof(*a->names));
	a->mask = slots - 1;
	for (size_t i = 0; old.eids && i <= old.mask; i++) {
		if (old.eids[i]) {
			size_t j = ancestors_slot(a, old.eids[i]);
			a->eids[j] = old.eids[i];
			a->parents[j] = old.parents[i];
			a->names[j] = old.names[i];
		}
	}
	free(old.eids);
	free(old.parents);
	free(old.names);
}

/* The slot of eid, looked up if not yet; SIZE_MAX when there is no such
 * entity. */
static size_t ancestors_get(struct ancestors *a, int64_t eid)
{
	size_t i;

	if (!a->eids || (a->count + 1) * 2 > a->mask + 1)
		ancestors_grow(a);
	i = ancestors_slot(a, eid);
	if (a->eids[i])
		return i;
	sqlite3_bind_int64(a->lookup, 1, eid);
	if (sqlite3_step(a->lookup) != SQLITE_ROW) {
		sqlite3_reset(a->lookup);
		return SIZE_MAX;
	}
	a->eids[i] = eid;
	a->parents[i] = sqlite3_column_int64(a->lookup, 0);
	a->names[i] = column_strdup_empty(a->lookup, 1);
	a->count++;
	sqlite3_reset(a->lookup);
	return i;
}

static void ancestors_free(struct ancestors *a)
{
	for (size_t i = 0; a->eids && i <= a->mask; i++)
		free(a->names[i]);
	free(a->eids);
	free(a->parents);
	free(a->names);
	sqlite3_finalize(a->lookup);
}

/* The names of the entity's ancestors, root first. */
static char *path_of(struct ancestors *a, int64_t eid, const char *separator)
{
	const char *names[64];
	char **more = NULL;
	size_t count = 0, cap = 0;
	struct strbuf sb = STRBUF_INIT;
	size_t at = ancestors_get(a, eid);
	int64_t up = at == SIZE_MAX ? 0 : a->parents[at];

	/* a valid model has no cycle; the bound is for one that does */
	for (size_t steps = 0; up && steps < 10000; steps++) {
		at = ancestors_get(a, up);
		if (at == SIZE_MAX)
			break;
		if (count < 64) {
			names[count] = a->names[at];
		} else {
			GROW(more, cap, count - 64 + 1);
			more[count - 64] = a->names[at];
		}
		count++;
		up = a->parents[at];
	}
	for (size_t i = count; i-- > 0;)
		sb_printf(&sb, "%s%s", sb.len ? separator : "", i < 64 ? names[i] : more[i - 64]);
	free(more);
	return sb_detach(&sb);
}

static enum search_field exact_field(const struct search_hit *hit, const char *text)
{
	if (strcmp(hit->id, text) == 0)
		return FOUND_ID;
	if (strcasecmp(hit->name, text) == 0)
		return FOUND_NAME;
	return FOUND_CODE;
}

int search_run(struct store *st, const char *text, const struct search_options *options,
               struct search_results *out)
{
	static const enum search_field columns[] = { FOUND_NAME, FOUND_CODE, FOUND_FACT, FOUND_TEXT };
	size_t limit = options && options->limit ? options->limit : DEFAULT_LIMIT;
	const char *separator = options && options->path_separator ? options->path_separator : " › ";
	const char *kind = options ? options->kind : NULL;
	char *fts = search_fts_query(text);
	struct ancestors ancestors = { 0 };
	char *prefix;
	sqlite3_stmt *stmt;
	int rc;

	out->token_count = search_tokens(text, &out->tokens);
	if (!fts)
		return STORE_OK;    /* nothing to look for */
	if (!store_search_ready(st) || register_hit_field(st) != 0) {
		free(fts);
		return STORE_ERROR;
	}
	prefix = like_prefix(text);
	stmt = store_prepare(st->db, kind ? search_kind_sql : search_sql);
	ancestors.lookup = store_prepare(st->db, "SELECT coalesce(parent, 0), name FROM entities"
	                                         " WHERE eid = ?");
	if (!stmt || !ancestors.lookup) {
		sqlite3_finalize(stmt);
		ancestors_free(&ancestors);
		free(fts);
		free(prefix);
		return STORE_ERROR;
	}
	sqlite3_bind_text(stmt, 1, text, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(stmt, 2, prefix, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(stmt, 3, fts, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(stmt, 4, (sqlite3_int64)limit);
	if (kind)
		sqlite3_bind_text(stmt, 5, kind, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(stmt, 6, (sqlite3_int64)(limit > FTS_CANDIDATES ? limit : FTS_CANDIDATES));
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct search_hit *hit;
		int column = sqlite3_column_int(stmt, 7);

		GROW(out->items, out->cap, out->count + 1);
		hit = &out->items[out->count++];
		hit->eid = sqlite3_column_int64(stmt, 0);
		hit->id = column_strdup_empty(stmt, 1);
		hit->kind = column_strdup_empty(stmt, 2);
		hit->badge = column_strdup_empty(stmt, 3);
		hit->name = column_strdup_empty(stmt, 4);
		hit->rank_class = sqlite3_column_int(stmt, 5);
		hit->field = hit->rank_class == 0 ? exact_field(hit, text)
		           : hit->rank_class == 1 ? FOUND_NAME
		           : columns[column >= 0 && column <= 3 ? column : 3];
		hit->path = NULL;
	}
	sqlite3_finalize(stmt);
	for (size_t i = 0; rc == SQLITE_DONE && i < out->count; i++)
		out->items[i].path = path_of(&ancestors, out->items[i].eid, separator);
	ancestors_free(&ancestors);
	free(fts);
	free(prefix);
	return rc == SQLITE_DONE ? STORE_OK : STORE_ERROR;
}

void search_results_clear(struct search_results *results)
{
	for (size_t i = 0; i < results->count; i++) {
		struct search_hit *hit = &results->items[i];
		free(hit->id);
		free(hit->kind);
		free(hit->badge);
		free(hit->name);
		free(hit->path);
	}
	free(results->items);
	for (size_t i = 0; i < results->token_count; i++)
		free(results->tokens[i]);
	free(results->tokens);
	memset(results, 0, sizeof(*results));
}

const char *search_field_name(enum search_field field)
{
	switch (field) {
	case FOUND_ID: return "id";
	case FOUND_NAME: return "name";
	case FOUND_CODE: return "code";
	case FOUND_FACT: return "fact";
	case FOUND_TEXT: return "text";
	}
	return "?";
}

/* Case-folded (ASCII) comparison of a token at s. */
static bool token_at(const char *s, const char *token)
{
	for (; *token; s++, token++)
		if (lower(*s) != *token)
			return false;
	return true;
}

size_t search_highlights(const char *s, char *const *tokens, size_t token_count,
                         size_t *starts, size_t *ends, size_t max)
{
	size_t found = 0, n = strlen(s);

	for (size_t i = 0; i < n && found < max;) {
		size_t best = 0;

		/* words are matched at their start, as the index matches prefixes */
		if (i == 0 || !is_word_byte((unsigned char)s[i - 1])) {
			for (size_t t = 0; t < token_count; t++) {
				size_t len = strlen(tokens[t]);
				if (len > best && len <= n - i && token_at(s + i, tokens[t]))
					best = len;
			}
		}
		if (best) {
			starts[found] = i;
			ends[found] = i + best;
			found++;
			i += best;
		} else {
			i++;
		}
	}
	return found;
}
