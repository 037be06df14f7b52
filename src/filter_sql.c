/* Evaluating a parsed filter: the tree of terms becomes the WHERE clause of
 * one statement over the entities, every user value a bound parameter (the
 * SQL text is made from the node types alone), and its result is kept in
 * the connection's temp.filter_visible with the ancestors of every match.
 * Each term is a test of the entity's own columns or membership in an
 * uncorrelated subquery (which SQLite evaluates once), so a filter costs a
 * pass over the entities whatever its shape. */
#include "filter_private.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "icsview/notes.h"
#include "store_private.h"

struct param {
	const char *text;       /* NULL for a number */
	double number;
};

struct compiler {
	struct store *st;
	struct strbuf sql;
	struct param *params;
	size_t count, cap;
	struct string_list owned;   /* texts the parameters point into */
	struct filter_error *err;
	int status;
};

static int param_text(struct compiler *c, const char *text)
{
	GROW(c->params, c->cap, c->count + 1);
	c->params[c->count].text = text;
	return (int)++c->count;
}

static int param_owned(struct compiler *c, char *text)
{
	GROW(c->owned.items, c->owned.cap, c->owned.count + 1);
	c->owned.items[c->owned.count++] = text;
	return param_text(c, text);
}

static int param_number(struct compiler *c, double number)
{
	GROW(c->params, c->cap, c->count + 1);
	c->params[c->count].text = NULL;
	c->params[c->count].number = number;
	return (int)++c->count;
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

static int db_failed(struct compiler *c)
{
	char snippet[120];
	const char *message = sqlite3_errmsg(c->st->db);

	filter_snippet(snippet, sizeof(snippet), message, strlen(message));
	filter_error_set(c->err, 0, "database error: %s", snippet);
	c->status = FILTER_FAILED;
	return -1;
}

/* The first column of the first row of a query taking one text parameter:
 * a copy, or NULL when there is no row (or on an error: c->status). */
static char *lookup(struct compiler *c, const char *sql, const char *param)
{
	sqlite3_stmt *stmt = store_prepare(c->st->db, sql);
	char *found = NULL;
	int rc;

	if (!stmt) {
		db_failed(c);
		return NULL;
	}
	sqlite3_bind_text(stmt, 1, param, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		found = column_strdup_empty(stmt, 0);
	else if (rc != SQLITE_DONE)
		db_failed(c);
	sqlite3_finalize(stmt);
	return found;
}

static int emit_kind(struct compiler *c, const struct filter_node *n)
{
	char *kind = lookup(c, "SELECT name FROM kinds WHERE name = ?1 COLLATE NOCASE"
	                       " ORDER BY name = ?1 DESC LIMIT 1", n->value);

	if (!kind && c->status == FILTER_OK)
		return invalid_name(c, n->position, "unknown kind ", n->value);
	if (!kind)
		return -1;
	/* entities store the kind's number (store.c), looked up once */
	sb_printf(&c->sql, "e.kind_no = (SELECT kind_no FROM kinds WHERE name = ?%d)",
	          param_owned(c, kind));
	return 0;
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

/* The fact's name as the model spells it: the exact one, else one that
 * differs in case (the first in byte order); an unknown fact is no
 * mistake (it matches nothing). */
static int fact_key(struct compiler *c, const struct filter_node *n)
{
	char *key = lookup(c, "SELECT name FROM fact_keys WHERE name = ?1", n->name);

	if (!key && c->status == FILTER_OK)
		key = lookup(c, "SELECT name FROM fact_keys WHERE name = ?1 COLLATE NOCASE"
		                " ORDER BY name LIMIT 1", n->name);
	if (c->status != FILTER_OK)
		return -1;
	return key ? param_owned(c, key) : param_text(c, n->name);
}

#define KEY_NO "(SELECT key_no FROM fact_keys WHERE name = ?%d)"

static int emit_fact(struct compiler *c, const struct filter_node *n)
{
	static const char *const sql_op[] = {
		[FACT_LT] = "<", [FACT_LE] = "<=", [FACT_GT] = ">", [FACT_GE] = ">=",
		[FACT_EQ] = "=", [FACT_NE] = "=",
	};
	int key = fact_key(c, n), value;

	if (key < 0)
		return -1;
	value = n->numeric ? param_number(c, n->number) : param_text(c, n->value);
	/* facts store the key's number (store.c), looked up once: an unknown
	 * key's is NULL, which no fact has */
	if (n->op == FACT_NE)
		sb_printf(&c->sql, "(e.eid IN (SELECT eid FROM facts WHERE key_no = " KEY_NO ") AND ",
		          key);
	sb_printf(&c->sql, "%se.eid IN (SELECT eid FROM facts WHERE key_no = " KEY_NO " AND ",
	          n->op == FACT_NE ? "NOT " : "", key);
	if (n->numeric)
		sb_printf(&c->sql, "num %s ?%d)", sql_op[n->op], value);
	else
		sb_printf(&c->sql, "value = ?%d COLLATE NOCASE)", value);
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
	sqlite3_stmt *stmt = store_prepare(c->st->db,
		"SELECT name, name = ?1 COLLATE NOCASE, inverse = ?1 COLLATE NOCASE FROM relations"
		" WHERE name = ?1 COLLATE NOCASE OR inverse = ?1 COLLATE NOCASE ORDER BY rowid");
	const char *name = n->type == NODE_HAS ? n->value : n->name;
	int rc;

	*count = 0;
	if (!stmt)
		return db_failed(c);
	sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		for (int column = 1; column <= 2; column++) {
			if (sqlite3_column_int(stmt, column) && *count < MAX_READINGS) {
				out[*count].rel = column_strdup_empty(stmt, 0);
				out[*count].forward = column == 1;
				++*count;
			}
		}
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		while (*count)
			free(out[--*count].rel);
		return db_failed(c);
	}
	if (*count == 0)
		return invalid_name(c, n->position, "unknown relation ", name);
	return 0;
}

/* The entities a relation's TARGET names: those whose id, aka or name
 * equals it (ignoring case), else those whose name contains it.  The
 * exact ones are index lookups (but for the id: a scan of its index); the
 * scan for names containing TARGET, behind a gate that lets no row through
 * when there are exact ones, only runs when there are none. */
static void emit_targets(struct compiler *c, int t)
{
	sb_printf(&c->sql,
		"(WITH exact(eid) AS ("
		"SELECT eid FROM entities WHERE id = ?%d COLLATE NOCASE"
		" UNION SELECT eid FROM entities WHERE name = ?%d COLLATE NOCASE"
		" UNION SELECT eid FROM aka WHERE value = ?%d COLLATE NOCASE)"
		" SELECT eid FROM exact UNION ALL SELECT part.eid"
		" FROM (SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM exact)) CROSS JOIN entities part"
		" WHERE instr(lower(part.name), lower(?%d)) > 0)", t, t, t, t);
}

static int emit_relation(struct compiler *c, const struct filter_node *n)
{
	struct reading readings[MAX_READINGS];
	size_t count;
	int target = n->type == NODE_REL ? param_text(c, n->value) : 0;

	if (relation_readings(c, n, readings, &count) != 0)
		return -1;
	sb_putc(&c->sql, '(');
	for (size_t i = 0; i < count; i++) {
		const char *self = readings[i].forward ? "src" : "dst";
		const char *other = readings[i].forward ? "dst" : "src";

		if (i)
			sb_puts(&c->sql, " OR ");
		/* links store the relation's number (store.c), looked up once */
		sb_printf(&c->sql, "e.eid IN (SELECT l.%s FROM links l"
		          " WHERE l.rel_no = (SELECT rel_no FROM relations WHERE name = ?%d)"
		          " AND l.%s IS NOT NULL", self, param_owned(c, readings[i].rel), self);
		if (target) {
			sb_printf(&c->sql, " AND l.%s IN ", other);
			emit_targets(c, target);
		}
		sb_putc(&c->sql, ')');
	}
	sb_putc(&c->sql, ')');
	return 0;
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

static int emit_text(struct compiler *c, const struct filter_node *n)
{
	struct strbuf query = STRBUF_INIT;

	if (fts_query(n->value, n->quoted, &query) == 0) {
		sb_free(&query);
		sb_puts(&c->sql, "0");   /* no word: nothing to find */
		return 0;
	}
	sb_printf(&c->sql, "e.eid IN (SELECT rowid FROM search WHERE search MATCH ?%d)",
	          param_owned(c, sb_detach(&query)));
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

static int emit(struct compiler *c, const struct filter_node *n)
{
	switch (n->type) {
	case NODE_AND:
	case NODE_OR:
		sb_putc(&c->sql, '(');
		for (size_t i = 0; i < n->count; i++) {
			if (i)
				sb_puts(&c->sql, n->type == NODE_AND ? " AND " : " OR ");
			if (emit(c, n->children[i]) != 0)
				return -1;
		}
		sb_putc(&c->sql, ')');
		return 0;
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
	case NODE_TEXT:
		return emit_text(c, n);
	}
	return invalid(c, n->position, "unknown term");
}

/* Every match, then every ancestor of one that is not itself a match. */
static const char apply_head[] =
	"WITH RECURSIVE hit(eid) AS MATERIALIZED (SELECT e.eid FROM entities e WHERE ";
static const char apply_tail[] =
	"), up(eid) AS (SELECT e.parent FROM hit JOIN entities e ON e.eid = hit.eid"
	"  WHERE e.parent IS NOT NULL"
	" UNION SELECT e.parent FROM up JOIN entities e ON e.eid = up.eid"
	"  WHERE e.parent IS NOT NULL)"
	" INSERT INTO temp.filter_visible(eid, matched)"
	" SELECT eid, 1 FROM hit UNION ALL SELECT eid, 0 FROM up WHERE eid NOT IN hit";

static int run(struct compiler *c, struct filter_result *out)
{
	sqlite3 *db = c->st->db;
	sqlite3_stmt *stmt = NULL;

	if (store_exec(db, "SAVEPOINT filter_apply", NULL) != 0)
		return db_failed(c);
	if (store_exec(db, REVIEW_MARKS_TABLE_SQL
	                   "CREATE TEMP TABLE IF NOT EXISTS filter_visible("
	                   "eid INTEGER PRIMARY KEY, matched INTEGER NOT NULL);"
	                   "DELETE FROM temp.filter_visible", NULL) != 0)
		goto failed;
	if (!(stmt = store_prepare(db, sb_str(&c->sql))))
		goto failed;
	for (size_t i = 0; i < c->count; i++) {
		if (c->params[i].text)
			sqlite3_bind_text(stmt, (int)i + 1, c->params[i].text, -1, SQLITE_STATIC);
		else
			sqlite3_bind_double(stmt, (int)i + 1, c->params[i].number);
	}
	if (sqlite3_step(stmt) != SQLITE_DONE)
		goto failed;
	sqlite3_finalize(stmt);
	stmt = store_prepare(db, "SELECT count(*), coalesce(sum(matched), 0) FROM temp.filter_visible");
	if (!stmt || sqlite3_step(stmt) != SQLITE_ROW)
		goto failed;
	out->visible = sqlite3_column_int64(stmt, 0);
	out->matched = sqlite3_column_int64(stmt, 1);
	sqlite3_finalize(stmt);
	if (store_exec(db, "RELEASE filter_apply", NULL) == 0)
		return 0;
	stmt = NULL;
failed:
	db_failed(c);   /* before the rollback resets the message */
	sqlite3_finalize(stmt);
	store_exec(db, "ROLLBACK TO filter_apply; RELEASE filter_apply", NULL);
	return -1;
}

int filter_apply(struct store *st, const struct filter *f, struct filter_result *out)
{
	struct compiler c = { .st = st, .err = &out->error, .status = FILTER_OK };

	memset(out, 0, sizeof(*out));
	st->filter_generation++;   /* store_filtered.c rebuilds what it derives */
	if (!f || !f->root) {
		filter_error_set(&out->error, 0, "empty filter");
		return FILTER_INVALID;
	}
	sb_puts(&c.sql, apply_head);
	if (emit(&c, f->root) == 0) {
		sb_puts(&c.sql, apply_tail);
		run(&c, out);
	}
	sb_free(&c.sql);
	free(c.params);
	string_list_clear(&c.owned);
	return c.status;
}

int filter_clear(struct store *st)
{
	st->filter_generation++;
	return store_exec(st->db, "DROP TABLE IF EXISTS temp.filter_visible", NULL) == 0
	       ? STORE_OK : STORE_ERROR;
}
