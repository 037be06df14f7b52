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

/* Candidates in rank order: exact id, name or code; then names starting
 * with the text; then the full-text index by bm25, names weighing most.
 * Each part is bounded, so no keystroke ranks the whole model. */
static const char search_sql[] =
	"WITH hits(eid, class, score) AS ("
	" SELECT eid, 0, 0.0 FROM entities WHERE id = ?1"
	" UNION ALL SELECT eid, 0, 0.0 FROM entities WHERE name = ?1 COLLATE NOCASE"
	" UNION ALL SELECT eid, 0, 0.0 FROM aka WHERE value = ?1 COLLATE NOCASE"
	" UNION ALL SELECT * FROM (SELECT eid, 1, 0.0 FROM entities"
	"  WHERE name LIKE ?2 ESCAPE '\\' AND (?5 IS NULL OR kind = ?5)"
	"  ORDER BY name COLLATE NOCASE LIMIT ?4)"
	" UNION ALL SELECT * FROM (SELECT rowid, 2, bm25(search, 10.0, 8.0, 2.0, 1.0) FROM search"
	"  WHERE search MATCH ?3 AND (?5 IS NULL OR rowid IN (SELECT eid FROM entities WHERE kind = ?5))"
	"  ORDER BY rank LIMIT ?4))"
	" SELECT e.eid, e.id, e.kind, k.badge, e.name, min(h.class) AS class, min(h.score) AS score"
	" FROM hits h JOIN entities e ON e.eid = h.eid JOIN kinds k ON k.name = e.kind"
	" WHERE ?5 IS NULL OR e.kind = ?5"
	" GROUP BY e.eid ORDER BY class, score, length(e.name), e.eid LIMIT ?4";

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

/* Which column made a full-text hit, asked of the index with a column
 * filter on that one row. */
static enum search_field found_in(struct store *st, int64_t eid, const char *fts)
{
	static const char *const columns[] = { "name", "aka", "facts" };
	static const enum search_field fields[] = { FOUND_NAME, FOUND_CODE, FOUND_FACT };
	sqlite3_stmt *stmt = store_prepare(st->db,
		"SELECT 1 FROM search WHERE search MATCH ? AND rowid = ?");
	enum search_field field = FOUND_TEXT;

	if (!stmt)
		return FOUND_TEXT;
	for (size_t i = 0; i < 3; i++) {
		char *query = xasprintf("{%s} : (%s)", columns[i], fts);
		bool hit;

		sqlite3_bind_text(stmt, 1, query, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(stmt, 2, eid);
		hit = sqlite3_step(stmt) == SQLITE_ROW;
		sqlite3_reset(stmt);
		free(query);
		if (hit) {
			field = fields[i];
			break;
		}
	}
	sqlite3_finalize(stmt);
	return field;
}

static char *path_of(struct store *st, int64_t eid, const char *separator)
{
	struct eid_list chain = { 0 };
	struct strbuf sb = STRBUF_INIT;

	if (store_parent_chain(st, eid, &chain) == STORE_OK) {
		for (size_t i = 0; i + 1 < chain.count; i++) {
			struct entity e;
			if (store_entity(st, chain.items[i], &e) != STORE_OK)
				continue;
			sb_printf(&sb, "%s%s", sb.len ? separator : "", e.name);
			entity_clear(&e);
		}
	}
	eid_list_clear(&chain);
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
	size_t limit = options && options->limit ? options->limit : DEFAULT_LIMIT;
	const char *separator = options && options->path_separator ? options->path_separator : " › ";
	char *fts = search_fts_query(text);
	char *prefix;
	sqlite3_stmt *stmt;
	int rc;

	out->token_count = search_tokens(text, &out->tokens);
	if (!fts)
		return STORE_OK;    /* nothing to look for */
	prefix = like_prefix(text);
	stmt = store_prepare(st->db, search_sql);
	if (!stmt) {
		free(fts);
		free(prefix);
		return STORE_ERROR;
	}
	sqlite3_bind_text(stmt, 1, text, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(stmt, 2, prefix, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(stmt, 3, fts, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(stmt, 4, (sqlite3_int64)limit);
	if (options && options->kind)
		sqlite3_bind_text(stmt, 5, options->kind, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct search_hit *hit;

		GROW(out->items, out->cap, out->count + 1);
		hit = &out->items[out->count++];
		hit->eid = sqlite3_column_int64(stmt, 0);
		hit->id = column_strdup_empty(stmt, 1);
		hit->kind = column_strdup_empty(stmt, 2);
		hit->badge = column_strdup_empty(stmt, 3);
		hit->name = column_strdup_empty(stmt, 4);
		hit->rank_class = sqlite3_column_int(stmt, 5);
		hit->path = NULL;
	}
	sqlite3_finalize(stmt);
	for (size_t i = 0; rc == SQLITE_DONE && i < out->count; i++) {
		struct search_hit *hit = &out->items[i];
		hit->field = hit->rank_class == 0 ? exact_field(hit, text)
		           : hit->rank_class == 1 ? FOUND_NAME : found_in(st, hit->eid, fts);
		hit->path = path_of(st, hit->eid, separator);
	}
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
