/* Compiling a parsed filter: the tree of terms becomes a condition on the
 * entities whose eid is in a range (?1 to ?2), every user value a bound
 * parameter (the SQL text is made from the node types alone), which
 * filter_run.c evaluates over one range of eids after another.  Each term
 * is a test of the entity's own columns, membership in a subquery limited
 * to the same range (facts are clustered by entity, the full-text index
 * takes a rowid range), or a lookup of the entity's links: a range costs
 * about its size whatever the filter's shape, and never a whole term's
 * rows.  Where a term's rows are few (a rare fact, the links to a few
 * targets), its index is read instead, as it costs less than the range. */
#include "filter_private.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "icsview/query/since.h"
#include "icsview/store/notes.h"

struct compiler {
	struct store *st;
	struct strbuf sql;
	struct filter_sql *out;     /* its parameters, owned texts and targets */
	unsigned job;               /* the filter's number: its targets' tables */
	bool final;                 /* choose plans (filter_compile) */
	bool under_or;              /* the term is inside an OR */
	struct filter_error *err;
	int status;
};

/* Parameters ?1 and ?2 are the range of eids. */
static int param_text(struct compiler *c, const char *text)
{
	struct filter_sql *o = c->out;

	GROW(o->params, o->cap, o->count + 1);
	o->params[o->count].text = text;
	return (int)++o->count + FILTER_FIRST_PARAM - 1;
}

static int param_owned(struct compiler *c, char *text)
{
	struct string_list *owned = &c->out->owned;

	GROW(owned->items, owned->cap, owned->count + 1);
	owned->items[owned->count++] = text;
	return param_text(c, text);
}

static int param_number(struct compiler *c, double number)
{
	struct filter_sql *o = c->out;

	GROW(o->params, o->cap, o->count + 1);
	o->params[o->count].text = NULL;
	o->params[o->count].number = number;
	return (int)++o->count + FILTER_FIRST_PARAM - 1;
}

/* A mistake in the filter for this model, at a term. */
static int invalid(struct compiler *c, size_t position, const char *message)
{
	filter_error_set(c->err, position, "%s", message);
	c->status = FILTER_INVALID;
	return -1;
}

/* The same, quoting a name from the filter: "<before>'<s>'". */
static int invalid_name(struct compiler *c, size_t position, const char *before, const char *s)
{
	filter_error_quote(c->err, position, before, s, strlen(s));
	c->status = FILTER_INVALID;
	return -1;
}

void filter_db_error(struct store *st, struct filter_error *err)
{
	char snippet[120];
	const char *message = store_sql_error(st);

	filter_snippet(snippet, sizeof(snippet), message, strlen(message));
	filter_error_set(err, 0, "database error: %s", snippet);
}

static int db_failed(struct compiler *c)
{
	filter_db_error(c->st, c->err);
	c->status = FILTER_FAILED;
	return -1;
}

/* The first column of the first row of a query taking one text parameter:
 * a copy, or NULL when there is no row (or on an error: c->status). */
static char *lookup(struct compiler *c, const char *sql, const char *param)
{
	struct sql_stmt *stmt = store_sql_prepare(c->st, sql);
	char *found = NULL;
	enum sql_step rc;

	if (!stmt) {
		db_failed(c);
		return NULL;
	}
	sql_bind_text(stmt, 1, param);
	rc = sql_step(stmt);
	if (rc == SQL_ROW)
		found = sql_text_dup(stmt, 0);
	else if (rc != SQL_DONE)
		db_failed(c);
	sql_free(stmt);
	return found;
}

/* The range of eids being evaluated, on a subquery's column. */
static void emit_range(struct compiler *c, const char *column)
{
	sb_printf(&c->sql, " AND %s BETWEEN ?1 AND ?2", column);
}

/* Whether the rows a term would read through an index, when it may, are
 * many: then it reads the range's rows instead (a `+` before a column
 * keeps SQLite from using an index on it), as an index read whole for each
 * range would cost the whole set each time.  `probe` counts them, up to
 * PLAN_ROWS, with ?1 and ?2 bound to a and b (NULL: not bound).  Only when
 * compiling for good (the targets are known then). */
#define PLAN_ROWS 4096

static bool many_rows(struct compiler *c, const char *probe, const struct filter_param *a,
                      const struct filter_param *b)
{
	struct sql_stmt *stmt;
	bool many = false;

	if (!c->final || c->status != FILTER_OK)
		return false;
	if (!(stmt = store_sql_prepare(c->st, probe))) {
		db_failed(c);
		return false;
	}
	for (int i = 0; i < 2; i++) {
		const struct filter_param *p = i ? b : a;
		if (p && p->text)
			sql_bind_text(stmt, i + 1, p->text);
		else if (p)
			sql_bind_double(stmt, i + 1, p->number);
	}
	if (sql_step(stmt) == SQL_ROW)
		many = sql_int64(stmt, 0) >= PLAN_ROWS;
	else
		db_failed(c);
	sql_free(stmt);
	return many;
}

static int emit_kind(struct compiler *c, const struct filter_node *n)
{
	char *kind = lookup(c, "SELECT name FROM kinds WHERE name = ?1 COLLATE NOCASE"
	                       " ORDER BY name = ?1 DESC LIMIT 1", n->value);

	if (!kind && c->status == FILTER_OK)
		return invalid_name(c, n->position, "unknown kind ", n->value);
	if (!kind)
		return -1;
	/* inside an OR, SQLite reads each branch through an index of its own
	 * if it can, and the kind's index read so would be read whole for each
	 * range: `+` keeps the kind a test of the range's rows */
	/* entities store the kind's number (store.c), looked up once */
	sb_printf(&c->sql, "%se.kind_no = (SELECT kind_no FROM kinds WHERE name = ?%d)",
	          c->under_or ? "+" : "", param_owned(c, kind));
	return 0;
}

/* The fact's name as the model spells it: the exact one, else one that
 * differs in case (the first in byte order; fact_keys is a short table);
 * an unknown fact is no mistake (it matches nothing). */
static int fact_key(struct compiler *c, const struct filter_node *n)
{
	char *key = lookup(c, "SELECT name FROM fact_keys WHERE name = ?1", n->name);

	if (!key && c->status == FILTER_OK)
		key = lookup(c, "SELECT name FROM fact_keys WHERE name = ?1 COLLATE NOCASE"
		                " ORDER BY name LIMIT 1", n->name);
	if (c->status != FILTER_OK) {
		free(key);
		return -1;
	}
	return key ? param_owned(c, key) : param_text(c, n->name);
}

/* Entities store their type's number (store.c): the types whose name
 * contains the value, ignoring case, found once; no type at all is as an
 * empty one (which only an empty value is in).  Never NULL, so that NOT
 * (-type:) is its opposite. */
static int emit_type(struct compiler *c, const struct filter_node *n)
{
	int value = param_text(c, n->value);

	sb_printf(&c->sql, "(CASE WHEN e.type_no IS NULL THEN instr('', lower(?%d)) > 0"
	          " ELSE e.type_no IN (SELECT type_no FROM types"
	          " WHERE instr(lower(name), lower(?%d)) > 0) END)", value, value);
	return 0;
}

/* facts store the key's number (store.c), looked up once: an unknown
 * key's is NULL, which no fact has */
#define KEY_NO "(SELECT key_no FROM fact_keys WHERE name = ?%d)"

/* Whether the facts of the term's key (and, for a numeric comparison,
 * within its bound) are many: then its subqueries read the facts of the
 * range (clustered by entity) rather than those of the key's index. */
static bool many_facts(struct compiler *c, const struct filter_node *n, int key, int value)
{
	static const char *const probe[] = {
		[FACT_LT] = "num < ?2", [FACT_LE] = "num <= ?2", [FACT_GT] = "num > ?2",
		[FACT_GE] = "num >= ?2", [FACT_EQ] = "num = ?2", [FACT_NE] = "1",
	};
	bool compare = n->numeric && n->op != FACT_NE;
	char *sql = xasprintf("SELECT count(*) FROM (SELECT 1 FROM facts"
	                      " WHERE key_no = (SELECT key_no FROM fact_keys WHERE name = ?1) AND %s"
	                      " LIMIT %d)", compare ? probe[n->op] : "1", PLAN_ROWS);
	const struct filter_param *params = c->out->params;
	bool many = many_rows(c, sql, &params[key - FILTER_FIRST_PARAM],
	                      compare ? &params[value - FILTER_FIRST_PARAM] : NULL);

	free(sql);
	return many;
}

static int emit_fact(struct compiler *c, const struct filter_node *n)
{
	static const char *const sql_op[] = {
		[FACT_LT] = "<", [FACT_LE] = "<=", [FACT_GT] = ">", [FACT_GE] = ">=",
		[FACT_EQ] = "=", [FACT_NE] = "=",
	};
	int key = fact_key(c, n), value;
	const char *plus;

	if (key < 0)
		return -1;
	value = n->numeric ? param_number(c, n->number) : param_text(c, n->value);
	plus = many_facts(c, n, key, value) ? "+" : "";
	if (c->status != FILTER_OK)
		return -1;
	if (n->op == FACT_NE) {
		sb_printf(&c->sql, "(e.eid IN (SELECT eid FROM facts WHERE %skey_no = " KEY_NO, plus,
		          key);
		emit_range(c, "eid");
		sb_puts(&c->sql, ") AND ");
	}
	sb_printf(&c->sql, "%se.eid IN (SELECT eid FROM facts WHERE %skey_no = " KEY_NO " AND ",
	          n->op == FACT_NE ? "NOT " : "", plus, key);
	if (n->numeric)
		sb_printf(&c->sql, "num %s ?%d", sql_op[n->op], value);
	else
		sb_printf(&c->sql, "value = ?%d COLLATE NOCASE", value);
	emit_range(c, "eid");
	sb_putc(&c->sql, ')');
	if (n->op == FACT_NE)
		sb_putc(&c->sql, ')');
	return 0;
}

/* The ways a relation term reads: a relation's name (links from the
 * entity) or its inverse name (links to it); both for a relation that is
 * its own inverse. */
struct reading {
	char *rel;
	bool forward;
};
#define MAX_READINGS 8

static int relation_readings(struct compiler *c, const struct filter_node *n,
                             struct reading *out, size_t *count)
{
	struct sql_stmt *stmt = store_sql_prepare(c->st,
		"SELECT name, name = ?1 COLLATE NOCASE, inverse = ?1 COLLATE NOCASE FROM relations"
		" WHERE name = ?1 COLLATE NOCASE OR inverse = ?1 COLLATE NOCASE ORDER BY rowid");
	const char *name = n->type == NODE_HAS ? n->value : n->name;
	enum sql_step rc;

	*count = 0;
	if (!stmt)
		return db_failed(c);
	sql_bind_text(stmt, 1, name);
	while ((rc = sql_step(stmt)) == SQL_ROW) {
		for (int column = 1; column <= 2; column++) {
			if (sql_int(stmt, column) && *count < MAX_READINGS) {
				out[*count].rel = sql_text_dup(stmt, 0);
				out[*count].forward = column == 1;
				++*count;
			}
		}
	}
	sql_free(stmt);
	if (rc != SQL_DONE) {
		while (*count)
			free(out[--*count].rel);
		return db_failed(c);
	}
	if (*count == 0)
		return invalid_name(c, n->position, "unknown relation ", name);
	return 0;
}

/* The entities a relation's TARGET names, resolved before the filter is
 * evaluated (filter_targets.c): a table of eids, which SQLite reads as it
 * is for IN, or drives a lookup from. */
static size_t add_target(struct compiler *c, const char *text)
{
	struct string_list *targets = &c->out->targets;

	GROW(targets->items, targets->cap, targets->count + 1);
	targets->items[targets->count] = xstrdup(text);
	return targets->count++;
}

static void emit_targets(struct compiler *c, size_t k)
{
	sb_printf(&c->sql, "(SELECT eid FROM " FILTER_TARGET_TABLE ")", c->job, k);
}

/* links store the relation's number (store.c), looked up once */
#define REL_NO "(SELECT rel_no FROM relations WHERE name = ?%d)"

/* Whether the links of a reading to (or from) the targets are many. */
static bool many_links(struct compiler *c, const struct reading *r, size_t k, int rel)
{
	char *sql = xasprintf("SELECT count(*) FROM (SELECT 1 FROM " FILTER_TARGET_TABLE " t"
	                      " CROSS JOIN links l ON l.%s = t.eid"
	                      " AND l.rel_no = (SELECT rel_no FROM relations WHERE name = ?1) LIMIT %d)",
	                      c->job, k, r->forward ? "dst" : "src", PLAN_ROWS);
	bool many = many_rows(c, sql, &c->out->params[rel - FILTER_FIRST_PARAM], NULL);

	free(sql);
	return many;
}

/* A relation term, each reading the links of one relation from (or to)
 * the entity.  With few links to the targets: those links, by the index
 * of links by their other end, in the range.  Otherwise a lookup of the
 * entity's links of the relation, each entity of the range: the links are
 * clustered by (src, rel) and indexed by (dst, rel), but a range of them
 * by src or dst alone holds every relation's links, and a few entities
 * make thousands (an ICB commissions 2,900): a range of eids that took
 * 4 ms took 80 when it held them, where a lookup costs the same for each
 * entity. */
static int emit_relation(struct compiler *c, const struct filter_node *n)
{
	struct reading readings[MAX_READINGS];
	size_t count, target = 0;

	if (relation_readings(c, n, readings, &count) != 0)
		return -1;
	if (n->type == NODE_REL)
		target = add_target(c, n->value);
	sb_putc(&c->sql, '(');
	for (size_t i = 0; i < count; i++) {
		const char *self = readings[i].forward ? "src" : "dst";
		const char *other = readings[i].forward ? "dst" : "src";
		int rel = param_owned(c, readings[i].rel);

		if (i)
			sb_puts(&c->sql, " OR ");
		if (n->type == NODE_REL && !many_links(c, &readings[i], target, rel)) {
			sb_printf(&c->sql, "e.eid IN (SELECT l.%s FROM links l WHERE l.rel_no = " REL_NO
			          " AND l.%s IS NOT NULL", self, rel, self);
			sb_printf(&c->sql, " AND l.%s BETWEEN ?1 AND ?2 AND l.%s IN ", self, other);
			emit_targets(c, target);
		} else {
			sb_printf(&c->sql, "EXISTS (SELECT 1 FROM links l WHERE l.%s = e.eid"
			          " AND l.rel_no = " REL_NO, self, rel);
			if (n->type == NODE_REL) {
				sb_printf(&c->sql, " AND l.%s IN ", other);
				emit_targets(c, target);
			}
		}
		sb_putc(&c->sql, ')');
	}
	sb_putc(&c->sql, ')');
	return c->status == FILTER_OK ? 0 : -1;
}

/* Free text as an FTS5 query that no input can break: the words (ASCII
 * letters and digits, and valid UTF-8 beyond ASCII) each double-quoted and
 * a prefix ("shef"*), all of which must match; a phrase's words in one
 * quoted string, the last a prefix ("hyper acute"*).  Returns the number
 * of words. */
static bool is_word_byte(const unsigned char *s, size_t n, size_t *len)
{
	*len = utf8_sequence(s, n);
	if (*len == 1)
		return (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9');
	return *len > 1;
}

static size_t fts_query(const char *s, bool phrase, struct strbuf *out)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = strlen(s), i = 0, words = 0;

	while (i < n) {
		size_t start, len;

		while (i < n && !is_word_byte(u + i, n - i, &len))
			i += len ? len : 1;
		if (i >= n)
			break;
		for (start = i; i < n && is_word_byte(u + i, n - i, &len); i += len)
			;
		sb_puts(out, words == 0 ? "\"" : phrase ? " " : " \"");
		sb_add(out, s + start, i - start);
		if (!phrase)
			sb_puts(out, "\"*");
		words++;
	}
	if (phrase && words)
		sb_puts(out, "\"*");
	return words;
}

/* Splits the words of plain text (not a phrase) between `words`, as
 * fts_query writes them, and `initials`, those of one ASCII letter or
 * digit as `"c"`: these are found in the index's initials (store.c),
 * where "c"* would merge the postings of every word that starts with c,
 * at each range a filter is evaluated over.  Only when every word is
 * ASCII: a word of other characters may have none that the index keeps,
 * and such a word is dropped from a query of several but matches nothing
 * alone, which two queries would not reproduce.  false: not split. */
static bool split_initials(const char *s, struct strbuf *words, struct strbuf *initials)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = strlen(s), i = 0;

	for (size_t k = 0; k < n; k++)
		if (u[k] >= 0x80)
			return false;
	while (i < n) {
		size_t start, len;
		struct strbuf *to;

		while (i < n && !is_word_byte(u + i, n - i, &len))
			i++;
		if (i >= n)
			break;
		for (start = i; i < n && is_word_byte(u + i, n - i, &len); i++)
			;
		to = i - start == 1 ? initials : words;
		sb_puts(to, to->len ? " \"" : "\"");
		sb_add(to, s + start, i - start);
		sb_puts(to, to == words ? "\"*" : "\"");
	}
	return true;
}

static void emit_match(struct compiler *c, const char *table, struct strbuf *query)
{
	sb_printf(&c->sql, "e.eid IN (SELECT rowid FROM %s WHERE %s MATCH ?%d", table, table,
	          param_owned(c, sb_detach(query)));
	emit_range(c, "rowid");
	sb_putc(&c->sql, ')');
}

static int emit_text(struct compiler *c, const struct filter_node *n)
{
	struct strbuf query = STRBUF_INIT, initials = STRBUF_INIT;
	bool both;

	if (fts_query(n->value, n->quoted, &query) == 0) {
		sb_free(&query);
		sb_puts(&c->sql, "0");   /* no word: nothing to find */
		return 0;
	}
	if (!n->quoted && query.len) {
		sb_reset(&query);
		if (!split_initials(n->value, &query, &initials)) {
			sb_reset(&query);
			fts_query(n->value, n->quoted, &query);
		}
	}
	both = query.len && initials.len;
	if (both)
		sb_putc(&c->sql, '(');
	if (query.len)
		emit_match(c, "search", &query);
	if (both)
		sb_puts(&c->sql, " AND ");
	if (initials.len)
		emit_match(c, "initials", &initials);
	if (both)
		sb_putc(&c->sql, ')');
	sb_free(&query);
	sb_free(&initials);
	return 0;
}

/* The review's terms (has:note, flag:X, reviewed:yes|no), tested against
 * temp.review_marks, the notes' marks that review.c copies into this
 * connection (an empty table when no review is open: nothing has a note). */
static int emit_review(struct compiler *c, const struct filter_node *n)
{
	enum note_flag flag;

	if (n->type == NODE_NOTE) {
		sb_puts(&c->sql, "e.eid IN (SELECT eid FROM temp.review_marks WHERE noted)");
		return 0;
	}
	if (n->type == NODE_REVIEWED) {
		sb_printf(&c->sql, "e.eid %sIN (SELECT eid FROM temp.review_marks WHERE reviewed)",
		          strcasecmp(n->value, "yes") == 0 ? "" : "NOT ");
		return 0;
	}
	if (strcasecmp(n->value, "any") == 0) {
		sb_puts(&c->sql, "e.eid IN (SELECT eid FROM temp.review_marks WHERE flag > 0)");
		return 0;
	}
	if (!note_flag_parse(n->value, &flag)) {
		char snippet[64];

		filter_snippet(snippet, sizeof(snippet), n->value, strlen(n->value));
		filter_error_set(c->err, n->position,
		                 "unknown flag '%s' (none, ok, question, concern or any)", snippet);
		c->status = FILTER_INVALID;
		return -1;
	}
	if (flag == NOTE_FLAG_NONE)
		sb_puts(&c->sql, "e.eid NOT IN (SELECT eid FROM temp.review_marks WHERE flag > 0)");
	else
		sb_printf(&c->sql, "e.eid IN (SELECT eid FROM temp.review_marks WHERE flag = %d)",
		          (int)flag);
	return 0;
}

/* Whether since.c made temp.since_changes on this connection: the model
 * is being compared with an older one. */
static int since_table_exists(struct store *st, bool *exists)
{
	static const char sql[] =
		"SELECT 1 FROM sqlite_temp_master WHERE type = 'table' AND name = 'since_changes'";
	struct sql_stmt *stmt = store_sql_cached(st, sql);
	enum sql_step rc;

	if (!stmt)
		return -1;
	rc = sql_step(stmt);
	*exists = rc == SQL_ROW;
	store_sql_done(st, stmt);
	return rc == SQL_FAILED ? -1 : 0;
}

/* changed:KIND, tested against temp.since_changes (since.h): refused when
 * the model is not compared with another. */
static int emit_changed(struct compiler *c, const struct filter_node *n)
{
	unsigned bits = 0;
	bool exists = false;

	if (since_table_exists(c->st, &exists) != 0) {
		filter_db_error(c->st, c->err);
		c->status = FILTER_FAILED;
		return -1;
	}
	if (!exists)
		return invalid(c, n->position,
		               "changed: needs an older model to compare with (icsview --since OLD)");
	since_term_parse(n->value, &bits);
	sb_printf(&c->sql, "e.eid IN (SELECT eid FROM temp.since_changes WHERE flags & %u", bits);
	emit_range(c, "eid");
	sb_putc(&c->sql, ')');
	return 0;
}

/* review:conflict, tested against temp.review_conflicts, which
 * review_conflicts.c fills (empty when no review is open). */
static int emit_conflict(struct compiler *c)
{
	sb_puts(&c->sql, "e.eid IN (SELECT eid FROM temp.review_conflicts)");
	return 0;
}

static int emit(struct compiler *c, const struct filter_node *n)
{
	switch (n->type) {
	case NODE_AND:
	case NODE_OR: {
		bool under_or = c->under_or;

		c->under_or = under_or || n->type == NODE_OR;
		sb_putc(&c->sql, '(');
		for (size_t i = 0; i < n->count; i++) {
			if (i)
				sb_puts(&c->sql, n->type == NODE_AND ? " AND " : " OR ");
			if (emit(c, n->children[i]) != 0)
				return -1;
		}
		sb_putc(&c->sql, ')');
		c->under_or = under_or;
		return 0;
	}
	case NODE_NOT:
		sb_puts(&c->sql, "NOT (");
		if (emit(c, n->children[0]) != 0)
			return -1;
		sb_putc(&c->sql, ')');
		return 0;
	case NODE_KIND:
		return emit_kind(c, n);
	case NODE_TYPE:
		return emit_type(c, n);
	case NODE_ID:
		sb_printf(&c->sql, "e.id = ?%d COLLATE NOCASE", param_text(c, n->value));
		return 0;
	case NODE_FACT:
		return emit_fact(c, n);
	case NODE_REL:
	case NODE_HAS:
		return emit_relation(c, n);
	case NODE_NOTE:
	case NODE_FLAG:
	case NODE_REVIEWED:
		return emit_review(c, n);
	case NODE_CHANGED:
		return emit_changed(c, n);
	case NODE_CONFLICT:
		return emit_conflict(c);
	case NODE_TEXT:
		return emit_text(c, n);
	}
	return invalid(c, n->position, "unknown term");
}

int filter_compile(struct store *st, const struct filter *f, unsigned job, bool final,
                   struct filter_sql *out, struct filter_error *err)
{
	struct compiler c = {
		.st = st, .out = out, .job = job, .final = final, .err = err, .status = FILTER_OK,
	};

	memset(out, 0, sizeof(*out));
	if (!f || !f->root) {
		filter_error_set(err, 0, "empty filter");
		return FILTER_INVALID;
	}
	if (emit(&c, f->root) == 0 && c.status == FILTER_OK)
		out->where = c.sql;
	else
		sb_free(&c.sql);
	return c.status;
}

void filter_sql_free(struct filter_sql *sql)
{
	sb_free(&sql->where);
	free(sql->params);
	string_list_clear(&sql->owned);
	string_list_clear(&sql->targets);
	memset(sql, 0, sizeof(*sql));
}

void filter_sql_bind(struct sql_stmt *stmt, const struct filter_sql *sql)
{
	for (size_t i = 0; i < sql->count; i++) {
		int at = (int)i + FILTER_FIRST_PARAM;

		if (sql->params[i].text)
			sql_bind_text(stmt, at, sql->params[i].text);
		else
			sql_bind_double(stmt, at, sql->params[i].number);
	}
}
