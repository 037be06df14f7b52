#include "icsview/query/search.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "icsview/base/output.h"
#include "icsview/base/util.h"
#include "icsview/store/store_sql.h"
#include "ancestors.h"

#define DEFAULT_LIMIT 100
#define MAX_TOKENS 32
_Static_assert(MAX_TOKENS <= STORE_SEARCH_MAX_PHRASES, "hit_field sees every phrase of a query");

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
#define FTS_CANDIDATES 200

/* A search is three bounded steps, each a prepared statement kept with the
 * store: exact id, code or name, ignoring case (rank class 0: the id
 * first, then a code, then a name); names that start with the
 * text, the first `limit` in name order (class 1); and the first
 * FTS_CANDIDATES full-text hits, scored by bm25 with names weighing most
 * (class 2, those not found already).  An entity is listed once, in its
 * best class; within a class by score (exact and name hits take the score
 * of their full-text hit when it is among the candidates; 0, after those
 * that have one, when not), then the shorter name, then load order.  ?1
 * the text (or the LIKE prefix, or the FTS5 query), ?2 the limit, ?3 the
 * kind (or NULL), looked up once as the number entities store (KIND_NO: an
 * unknown kind is NULL, which no entity has).  An id is matched ignoring
 * case as codes are: an id is a code (its aka row is often not stored,
 * see store.c).  The name prefix
 * step reads what a hit lists from the name index, which covers it
 * (store_index.c): its hits are scattered across the entities table, and
 * reading their rows was most of the time of a short search typed for the
 * first time (200 pages for "sh"). */
enum search_statement {
	STMT_EXACT, STMT_PREFIX, STMT_FTS, STMT_FTS_KIND, STMT_FTS1, STMT_FTS1_KIND, STMT_INITIAL,
	STMT_INITIAL_KIND, STMT_TAIL_WORDS, STMT_TAIL_WORDS_KIND, STMT_TAIL_INITIALS,
	STMT_TAIL_TOTALS, STMT_TAIL_TERM, STMT_ENTITY, STMT_COUNT,
};

#define KIND_NO "(SELECT kind_no FROM kinds WHERE name = ?3)"

/* The rows of STMT_FTS1 for the candidates (column hit) of `hits`. */
#define INITIAL_HITS(hits) \
	"WITH d AS MATERIALIZED (SELECT e.eid, e.name, " STORE_SEARCH_DOC_AKA("") " AS aka," \
	"  " STORE_SEARCH_DOC_FACTS("") " AS facts, e.text FROM (" hits ") h" \
	"  CROSS JOIN entities e ON e.eid = h.hit)" \
	" SELECT eid, initial_score(?1, (SELECT search_average(search) FROM search LIMIT 1)," \
	"  name, aka, facts, text, 10.0, 8.0, 2.0, 1.0), initial_field(?1, name, aka, facts, text)" \
	" FROM d ORDER BY eid"

static const char *const statement_sql[STMT_COUNT] = {
	/* each row says how it matched (enum exact_match), best first: an
	 * entity found twice is listed by its first row */
	[STMT_EXACT] =
		"SELECT eid, CASE WHEN id = ?1 THEN 0 ELSE 1 END FROM entities"
		"  WHERE id = ?1 COLLATE NOCASE AND (?3 IS NULL OR kind_no = " KIND_NO ")"
		" UNION ALL SELECT a.eid, 2 FROM aka a JOIN entities e ON e.eid = a.eid"
		"  WHERE a.value = ?1 COLLATE NOCASE AND (?3 IS NULL OR e.kind_no = " KIND_NO ")"
		" UNION ALL SELECT eid, 3 FROM entities WHERE name = ?1 COLLATE NOCASE"
		"  AND (?3 IS NULL OR kind_no = " KIND_NO ")"
		" ORDER BY 2, 1",
	[STMT_PREFIX] =
		"SELECT e.eid, e.id, k.name, k.badge, e.name, coalesce(e.parent, 0) FROM entities e"
		" JOIN kinds k ON k.kind_no = e.kind_no WHERE e.name LIKE ?1 ESCAPE '\\'"
		" AND (?3 IS NULL OR e.kind_no = " KIND_NO ")"
		" ORDER BY e.name COLLATE NOCASE, e.eid LIMIT ?2",
	[STMT_FTS] =
		"SELECT rowid, bm25(search, 10.0, 8.0, 2.0, 1.0), hit_field(search) FROM search"
		" WHERE search MATCH ?1 LIMIT ?2",
	[STMT_FTS_KIND] =
		"SELECT s.rowid, bm25(search, 10.0, 8.0, 2.0, 1.0), hit_field(search) FROM search s"
		" CROSS JOIN entities c ON c.eid = s.rowid WHERE search MATCH ?1"
		" AND c.kind_no = " KIND_NO " LIMIT ?2",
	/* a query of one word or phrase: ordered as bm25 would order it
	 * (one_phrase_score, store_sql.h) */
	[STMT_FTS1] =
		"SELECT rowid, one_phrase_score(search, 10.0, 8.0, 2.0, 1.0), hit_field(search)"
		" FROM search WHERE search MATCH ?1 LIMIT ?2",
	[STMT_FTS1_KIND] =
		"SELECT s.rowid, one_phrase_score(search, 10.0, 8.0, 2.0, 1.0), hit_field(search)"
		" FROM search s CROSS JOIN entities c ON c.eid = s.rowid WHERE search MATCH ?1"
		" AND c.kind_no = " KIND_NO " LIMIT ?2",
	/* a query of one word of one character: its candidates from the
	 * index's initials, scored from their documents (store_sql.h), read
	 * once for both functions (MATERIALIZED) */
	[STMT_INITIAL] = INITIAL_HITS("SELECT rowid AS hit FROM initials WHERE initials MATCH ?1"
	                              " LIMIT ?2"),
	[STMT_INITIAL_KIND] = INITIAL_HITS("SELECT i.rowid AS hit FROM initials i"
	                                   " CROSS JOIN entities c ON c.eid = i.rowid"
	                                   " WHERE initials MATCH ?1 AND c.kind_no = " KIND_NO
	                                   " LIMIT ?2"),
	/* words, then one of one character (search_tail_step) */
	[STMT_TAIL_WORDS] =
		"SELECT rowid, bm25(search, 10.0, 8.0, 2.0, 1.0), hit_columns(search) FROM search"
		" WHERE search MATCH ?1",
	[STMT_TAIL_WORDS_KIND] =
		"SELECT s.rowid, bm25(search, 10.0, 8.0, 2.0, 1.0), hit_columns(search) FROM search s"
		" CROSS JOIN entities c ON c.eid = s.rowid WHERE search MATCH ?1"
		" AND c.kind_no = " KIND_NO,
	[STMT_TAIL_INITIALS] = "SELECT rowid FROM initials WHERE initials MATCH ?1",
	[STMT_TAIL_TOTALS] =
		"SELECT search_rows(search), search_words(search),"
		" (SELECT coalesce(max(docs), 0) FROM initial_docs WHERE initial = ?1) FROM search LIMIT 1",
	[STMT_TAIL_TERM] =
		"WITH d AS MATERIALIZED (SELECT e.name, " STORE_SEARCH_DOC_AKA("") " AS aka,"
		"  " STORE_SEARCH_DOC_FACTS("") " AS facts, e.text FROM entities e WHERE e.eid = ?5)"
		" SELECT initial_term(?1, ?2, ?3, ?4, name, aka, facts, text, 10.0, 8.0, 2.0, 1.0),"
		" initial_columns(?1, name, aka, facts, text) FROM d",
	[STMT_ENTITY] =
		"SELECT e.eid, e.id, k.name, k.badge, e.name, coalesce(e.parent, 0) FROM entities e"
		" JOIN kinds k ON k.kind_no = e.kind_no WHERE e.eid = ?1",
};

/* The statement, kept with the store; the caller releases it with
 * store_sql_done. */
static struct sql_stmt *statement(struct store *st, enum search_statement which)
{
	return store_sql_cached(st, statement_sql[which]);
}

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

/* How an exact hit matched, best first: the order of rank class 0. */
enum exact_match { EXACT_ID, EXACT_ID_FOLDED, EXACT_CODE, EXACT_NAME };

static enum search_field exact_field(const struct search_hit *hit, int exact, const char *text)
{
	/* the id in another case is found as a code is: ignoring case */
	if (exact == EXACT_ID)
		return FOUND_ID;
	if (exact == EXACT_ID_FOLDED)
		return FOUND_CODE;
	/* a name that is also one of its codes is said to be found by name */
	if (strcasecmp(hit->name, text) == 0)
		return FOUND_NAME;
	return FOUND_CODE;
}

/* ---- the steps -------------------------------------------------------------------- */

struct candidate {
	int64_t eid;
	int rank_class;
	int exact;               /* rank class 0: how it matched (enum exact_match) */
	double score;
	int column;              /* full-text hits: hit_field's answer */
	struct search_hit hit;   /* filled for those listed */
	size_t length;           /* of its name, in characters */
	int64_t parent;
};

struct candidates {
	struct candidate *items;
	size_t count, cap;
	int64_t *seen;           /* open addressing over eids, 0 empty */
	size_t *where;           /* the index in items of seen[i] */
	size_t mask;
};

static size_t seen_slot(const struct candidates *c, int64_t eid)
{
	size_t i = (size_t)((uint64_t)eid * UINT64_C(0x9e3779b97f4a7c15) >> 20) & c->mask;

	while (c->seen[i] && c->seen[i] != eid)
		i = (i + 1) & c->mask;
	return i;
}

/* Adds eid as items[c->count] unless it is there: then returns its index. */
static size_t seen_add(struct candidates *c, int64_t eid)
{
	size_t i;

	if (!c->seen || (c->count + 1) * 2 > c->mask + 1) {
		int64_t *old = c->seen;
		size_t *old_where = c->where;
		size_t old_slots = old ? c->mask + 1 : 0, slots = old ? old_slots * 2 : 1024;

		c->seen = xcalloc(slots, sizeof(*c->seen));
		c->where = xcalloc(slots, sizeof(*c->where));
		c->mask = slots - 1;
		for (size_t j = 0; j < old_slots; j++) {
			if (old[j]) {
				size_t k = seen_slot(c, old[j]);
				c->seen[k] = old[j];
				c->where[k] = old_where[j];
			}
		}
		free(old);
		free(old_where);
	}
	i = seen_slot(c, eid);
	if (c->seen[i])
		return c->where[i];
	c->seen[i] = eid;
	c->where[i] = c->count;
	return SIZE_MAX;
}

static void add_candidate(struct candidates *c, int64_t eid, int rank_class, double score,
                          int column)
{
	size_t found = seen_add(c, eid);

	if (found != SIZE_MAX) {
		/* found already in a better class: it keeps its best score */
		if (score < c->items[found].score)
			c->items[found].score = score;
		return;
	}
	GROW(c->items, c->cap, c->count + 1);
	memset(&c->items[c->count], 0, sizeof(c->items[c->count]));
	c->items[c->count].eid = eid;
	c->items[c->count].rank_class = rank_class;
	c->items[c->count].score = score;
	c->items[c->count].column = column;
	c->count++;
}

/* Runs one bounded step, adding its entities in its order: SQL_DONE when
 * it ran to the end. */
static enum sql_step run_step(struct sql_stmt *stmt, struct candidates *c, int rank_class,
                              bool scored)
{
	enum sql_step rc;

	if (!stmt)
		return SQL_FAILED;
	while ((rc = sql_step(stmt)) == SQL_ROW)
		add_candidate(c, sql_int64(stmt, 0), rank_class, scored ? sql_double(stmt, 1) : 0.0,
		              scored ? sql_int(stmt, 2) : 0);
	return rc;
}

/* The exact step: as run_step, each entity keeping how it first matched. */
static enum sql_step run_exact_step(struct sql_stmt *stmt, struct candidates *c)
{
	enum sql_step rc;

	if (!stmt)
		return SQL_FAILED;
	while ((rc = sql_step(stmt)) == SQL_ROW) {
		size_t before = c->count;

		add_candidate(c, sql_int64(stmt, 0), 0, 0.0, 0);
		if (c->count > before)
			c->items[before].exact = sql_int(stmt, 1);
	}
	return rc;
}

static int compare_candidates(const void *pa, const void *pb)
{
	const struct candidate *a = pa, *b = pb;
	size_t la = a->length, lb = b->length;

	if (a->rank_class != b->rank_class)
		return a->rank_class < b->rank_class ? -1 : 1;
	if (a->exact != b->exact)
		return a->exact < b->exact ? -1 : 1;
	if (a->score != b->score)
		return a->score < b->score ? -1 : 1;
	if (la != lb)
		return la < lb ? -1 : 1;
	return a->eid < b->eid ? -1 : a->eid > b->eid;
}

static int compare_scores(const void *pa, const void *pb)
{
	const struct candidate *a = pa, *b = pb;

	if (a->score != b->score)
		return a->score < b->score ? -1 : 1;
	return a->eid < b->eid ? -1 : a->eid > b->eid;
}

/* Characters, as SQL's length() counts them (up to the first NUL). */
static size_t characters(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* Fills the hit of a candidate from a row of STMT_ENTITY or STMT_PREFIX:
 * eid, id, kind, badge, name, parent. */
static void fill_hit(struct candidate *c, struct sql_stmt *stmt)
{
	c->hit.eid = c->eid;
	c->hit.id = sql_text_dup(stmt, 1);
	c->hit.kind = sql_text_dup(stmt, 2);
	c->hit.badge = sql_text_dup(stmt, 3);
	c->hit.name = sql_text_dup(stmt, 4);
	c->hit.rank_class = c->rank_class;
	c->length = characters(c->hit.name);
	c->parent = sql_int64(stmt, 5);
}

/* Fills the hit of a candidate, unless its step did. */
static int describe(struct store *st, struct candidate *c)
{
	struct sql_stmt *stmt;
	bool found;

	if (c->hit.id)
		return 0;
	stmt = statement(st, STMT_ENTITY);
	if (!stmt)
		return -1;
	sql_bind_int64(stmt, 1, c->eid);
	found = sql_step(stmt) == SQL_ROW;
	if (found)
		fill_hit(c, stmt);
	store_sql_done(st, stmt);
	return found ? 0 : -1;
}

/* The name prefix step: as run_step, and each new candidate is filled from
 * its row. */
static enum sql_step run_prefix_step(struct sql_stmt *stmt, struct candidates *c)
{
	enum sql_step rc;

	if (!stmt)
		return SQL_FAILED;
	while ((rc = sql_step(stmt)) == SQL_ROW) {
		size_t before = c->count;

		add_candidate(c, sql_int64(stmt, 0), 1, 0.0, 0);
		if (c->count > before)
			fill_hit(&c->items[before], stmt);
	}
	return rc;
}

static void hit_free(struct search_hit *hit)
{
	free(hit->id);
	free(hit->kind);
	free(hit->badge);
	free(hit->name);
	free(hit->path);
	memset(hit, 0, sizeof(*hit));
}

static void candidates_free(struct candidates *c, size_t from)
{
	for (size_t i = from; i < c->count; i++)
		hit_free(&c->items[i].hit);
	free(c->items);
	free(c->seen);
	free(c->where);
}

/* Whether the query is words, not phrases, the last an ASCII letter or
 * digit and the others longer, all of ASCII: the words FTS5 would take
 * them for, none dropped. */
static bool trailing_initial(const struct search_results *out, const char *text)
{
	const char *last;

	if (out->token_count < 2 || strchr(text, '"'))
		return false;
	last = out->tokens[out->token_count - 1];
	if (strlen(last) != 1 || (unsigned char)last[0] >= 0x80)
		return false;
	for (size_t i = 0; i + 1 < out->token_count; i++) {
		if (strlen(out->tokens[i]) < 2)
			return false;
		for (const char *p = out->tokens[i]; *p; p++)
			if ((unsigned char)*p >= 0x80)
				return false;
	}
	return true;
}

/* When fewer than one entity in this many has the initial, FTS5's own
 * merge of the postings of the words it starts costs about what the join
 * does, which reads the other words' hits until it has enough: at 250,000
 * entities "practice q" (8,002 with q) takes 104 million instructions
 * so, 134 million joined; "sheffield s" (170,908) 59 million joined, 530
 * million so (valgrind, the whole command). */
#define TAIL_MIN_SHARE 25

/* A hit of the other words that has the initial too: its bm25 for them
 * and the columns in which all of them have an instance. */
struct tail_hit {
	int64_t eid;
	double bm25;
	unsigned columns;
};

/* The first `want` entities, in row order, that both the index (the other
 * words) and the initials (the last) list. */
static enum sql_step join_tail(struct sql_stmt *words, struct sql_stmt *initials, size_t want,
                               struct tail_hit *hits, size_t *count)
{
	enum sql_step a = sql_step(words), b = sql_step(initials);

	*count = 0;
	while (a == SQL_ROW && b == SQL_ROW && *count < want) {
		int64_t ra = sql_int64(words, 0), rb = sql_int64(initials, 0);

		if (ra < rb) {
			a = sql_step(words);
		} else if (rb < ra) {
			b = sql_step(initials);
		} else {
			hits[(*count)++] = (struct tail_hit){ ra, sql_double(words, 1),
			                                      (unsigned)sql_int64(words, 2) };
			a = sql_step(words);
			b = sql_step(initials);
		}
	}
	return a == SQL_FAILED || b == SQL_FAILED ? SQL_FAILED : SQL_DONE;
}

/* hit_field's column of a set of columns (store_sql.h). */
static int first_field(unsigned columns)
{
	for (int c = 0; c < 3; c++)
		if ((columns >> c) & 1)
			return c;
	return 3;
}

/* Adds each joined hit with bm25 of the whole query: the other words'
 * sum (the negated bm25) plus the initial's term, added last as bm25 adds
 * its last phrase's, so the same score to the bit; and hit_field's column. */
/* The index's documents and words, and how many have the initial. */
struct tail_totals {
	int64_t rows, words, docs;
};

static bool read_tail_totals(struct store *st, const char *letter, struct tail_totals *t)
{
	struct sql_stmt *totals = statement(st, STMT_TAIL_TOTALS);
	bool found;

	if (!totals)
		return false;
	sql_bind_text(totals, 1, letter);
	found = sql_step(totals) == SQL_ROW;
	if (found)
		*t = (struct tail_totals){ sql_int64(totals, 0), sql_int64(totals, 1),
		                           sql_int64(totals, 2) };
	store_sql_done(st, totals);
	return found;
}

static enum sql_step score_tail(struct store *st, const char *letter, const struct tail_totals *t,
                                const struct tail_hit *hits, size_t count, struct candidates *c)
{
	enum sql_step rc = SQL_DONE;

	for (size_t i = 0; i < count && rc == SQL_DONE; i++) {
		struct sql_stmt *term = statement(st, STMT_TAIL_TERM);

		if (!term)
			return SQL_FAILED;
		sql_bind_text(term, 1, letter);
		sql_bind_int64(term, 2, t->rows);
		sql_bind_int64(term, 3, t->docs);
		sql_bind_int64(term, 4, t->words);
		sql_bind_int64(term, 5, hits[i].eid);
		if (sql_step(term) == SQL_ROW)
			add_candidate(c, hits[i].eid, 2, -(-hits[i].bm25 + sql_double(term, 0)),
			              first_field(hits[i].columns & (unsigned)sql_int64(term, 1)));
		else
			rc = SQL_FAILED;
		store_sql_done(st, term);
	}
	return rc;
}

/* The full-text step of words followed by one of one character: "c"*
 * alone would merge the postings of every word that starts with c, twice
 * (bm25 counts its rows).  The other words' hits and the entities with
 * the initial (both in row order) are joined here, and bm25 made whole
 * from the initial's term: the same rows, scores and columns as
 * STMT_FTS. */
static enum sql_step run_tail_step(struct store *st, const struct search_results *out,
                                   const struct tail_totals *t, const char *kind, size_t want,
                                   struct candidates *c)
{
	struct strbuf query = STRBUF_INIT;
	const char *letter = out->tokens[out->token_count - 1];
	char initial[8];
	struct sql_stmt *words, *initials;
	struct tail_hit *hits = xcalloc(want ? want : 1, sizeof(*hits));
	size_t count = 0;
	enum sql_step rc = SQL_FAILED;

	for (size_t i = 0; i + 1 < out->token_count; i++)
		sb_printf(&query, "%s\"%s\"*", i ? " " : "", out->tokens[i]);
	snprintf(initial, sizeof(initial), "\"%s\"", letter);
	words = statement(st, kind ? STMT_TAIL_WORDS_KIND : STMT_TAIL_WORDS);
	initials = statement(st, STMT_TAIL_INITIALS);
	if (words && initials) {
		sql_bind_text(words, 1, sb_str(&query));
		if (kind)
			sql_bind_text(words, 3, kind);
		sql_bind_text(initials, 1, initial);
		rc = join_tail(words, initials, want, hits, &count);
	}
	store_sql_done(st, words);
	store_sql_done(st, initials);
	if (rc == SQL_DONE)
		rc = score_tail(st, letter, t, hits, count, c);
	free(hits);
	sb_free(&query);
	return rc;
}

/* Whether the query is one word (not a phrase) of one character. */
static bool one_character_word(const struct search_results *out, const char *text)
{
	const char *word = out->token_count == 1 ? out->tokens[0] : NULL;
	uint32_t cp;

	/* one valid character: bytes that are not UTF-8 are no initial the
	 * index keeps, and FTS5 would read them as several words */
	return word && *word && !strchr(text, '"') &&
	       utf8_decode(word, strlen(word), &cp) == strlen(word);
}

/* The full-text step's statement for the query. */
static enum search_statement fts_statement(const struct search_results *out, const char *text,
                                           const char *kind)
{
	if (one_character_word(out, text))
		return kind ? STMT_INITIAL_KIND : STMT_INITIAL;
	if (out->token_count == 1 && !strchr(text, '"'))
		return kind ? STMT_FTS1_KIND : STMT_FTS1;
	return kind ? STMT_FTS_KIND : STMT_FTS;
}

int search_run(struct store *st, const char *text, const struct search_options *options,
               struct search_results *out)
{
	static const enum search_field columns[] = { FOUND_NAME, FOUND_CODE, FOUND_FACT, FOUND_TEXT };
	size_t limit = options && options->limit ? options->limit : DEFAULT_LIMIT;
	const char *separator = options && options->path_separator ? options->path_separator : " › ";
	const char *kind = options ? options->kind : NULL;
	char *fts = search_fts_query(text), *prefix = NULL;
	struct candidates c = { 0 };
	struct tail_totals totals;
	struct ancestors ancestors = { .st = st };
	struct sql_stmt *stmt;
	enum sql_step rc = SQL_DONE;

	out->token_count = search_tokens(text, &out->tokens);
	if (!fts)
		return STORE_OK;    /* nothing to look for */
	if (!store_search_ready(st)) {
		free(fts);
		return STORE_ERROR;
	}
	/* exact id, name or code */
	if ((stmt = statement(st, STMT_EXACT))) {
		sql_bind_text(stmt, 1, text);
		if (kind)
			sql_bind_text(stmt, 3, kind);
	}
	rc = run_exact_step(stmt, &c);
	store_sql_done(st, stmt);
	/* names that start with the text */
	if (rc == SQL_DONE && c.count < limit && (stmt = statement(st, STMT_PREFIX))) {
		prefix = like_prefix(text);
		sql_bind_text(stmt, 1, prefix);
		sql_bind_int64(stmt, 2, (int64_t)limit);
		if (kind)
			sql_bind_text(stmt, 3, kind);
		rc = run_prefix_step(stmt, &c);
		store_sql_done(st, stmt);
	}
	/* the full-text index: the best of its candidates, and the scores of
	 * those found above */
	if (rc == SQL_DONE && trailing_initial(out, text) &&
	    read_tail_totals(st, out->tokens[out->token_count - 1], &totals) &&
	    totals.docs * TAIL_MIN_SHARE >= totals.rows) {
		size_t before = c.count;

		rc = run_tail_step(st, out, &totals, kind,
		                   limit > FTS_CANDIDATES ? limit : FTS_CANDIDATES, &c);
		if (c.count - before > 1)
			qsort(c.items + before, c.count - before, sizeof(*c.items), compare_scores);
	} else if (rc == SQL_DONE && (stmt = statement(st, fts_statement(out, text, kind)))) {
		size_t before = c.count;

		/* initials holds words of one character: "c", not "c"* */
		if (one_character_word(out, text))
			fts[strlen(fts) - 1] = '\0';
		sql_bind_text(stmt, 1, fts);
		sql_bind_int64(stmt, 2, (int64_t)(limit > FTS_CANDIDATES ? limit : FTS_CANDIDATES));
		if (kind)
			sql_bind_text(stmt, 3, kind);
		rc = run_step(stmt, &c, 2, true);
		store_sql_done(st, stmt);
		if (c.count - before > 1)
			qsort(c.items + before, c.count - before, sizeof(*c.items), compare_scores);
	}
	for (; c.count > limit; c.count--)
		hit_free(&c.items[c.count - 1].hit);
	for (size_t i = 0; rc == SQL_DONE && i < c.count; i++) {
		if (describe(st, &c.items[i]) != 0)
			rc = SQL_FAILED;
	}
	if (rc == SQL_DONE) {
		if (c.count > 1)
			qsort(c.items, c.count, sizeof(*c.items), compare_candidates);
		GROW(out->items, out->cap, out->count + c.count);
		for (size_t i = 0; i < c.count; i++) {
			struct candidate *cand = &c.items[i];
			struct search_hit *hit = &out->items[out->count++];

			*hit = cand->hit;
			memset(&cand->hit, 0, sizeof(cand->hit));
			hit->field = hit->rank_class == 0 ? exact_field(hit, cand->exact, text)
			           : hit->rank_class == 1 ? FOUND_NAME
			           : columns[cand->column >= 0 && cand->column <= 3 ? cand->column : 3];
			ancestors_put(&ancestors, hit->eid, cand->parent, hit->name);
			hit->path = ancestors_path(&ancestors, cand->parent, separator);
		}
	}
	candidates_free(&c, 0);
	ancestors_free(&ancestors);
	free(fts);
	free(prefix);
	return rc == SQL_DONE ? STORE_OK : STORE_ERROR;
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
