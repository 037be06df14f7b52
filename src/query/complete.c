/* Completion of a filter's words from the model's vocabulary tables
 * (kinds, types, relations, fact keys: each a few rows to a few thousand),
 * and of ids through their index, so that a Tab is answered within a
 * frame whatever the model's size. */
#include "icsview/query/complete.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "icsview/store/store_sql.h"
#include "icsview/base/util.h"

void completion_init(struct completion *c)
{
	memset(c, 0, sizeof(*c));
}

void completion_clear(struct completion *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->count; i++)
		free(c->items[i]);
	free(c->items);
	memset(c, 0, sizeof(*c));
}

static bool starts_with(const char *s, const char *prefix)
{
	return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

/* Adds text (owned from here) unless it is there already. */
static void add_owned(struct completion *c, char *text)
{
	for (size_t i = 0; i < c->count; i++) {
		if (strcmp(c->items[i], text) == 0) {
			free(text);
			return;
		}
	}
	if (c->count == COMPLETE_LIMIT) {
		c->truncated = true;
		free(text);
		return;
	}
	grow_array((void **)&c->items, &c->cap, c->count + 1, sizeof(*c->items));
	c->items[c->count++] = text;
}

void completion_offer(struct completion *c, const char *prefix, const char *candidate)
{
	if (starts_with(candidate, prefix))
		add_owned(c, xstrdup(candidate));
}

static int compare_items(const void *a, const void *b)
{
	int by_case = strcasecmp(*(char *const *)a, *(char *const *)b);

	return by_case ? by_case : strcmp(*(char *const *)a, *(char *const *)b);
}

void completion_sort(struct completion *c)
{
	if (c->count > 1)
		qsort(c->items, c->count, sizeof(*c->items), compare_items);
}

static unsigned char fold(char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : (unsigned char)c;
}

size_t completion_common_length(const struct completion *c)
{
	size_t n;

	if (c->count == 0)
		return 0;
	n = strlen(c->items[0]);
	for (size_t i = 1; i < c->count; i++) {
		size_t k = 0;

		while (k < n && c->items[i][k] && fold(c->items[i][k]) == fold(c->items[0][k]))
			k++;
		n = k;
	}
	/* never half a character */
	while (n > 0 && (c->items[0][n] & 0xC0) == 0x80)
		n--;
	return n;
}

/* ---- the words of a filter ------------------------------------------------ */

static bool splits_words(unsigned char c)
{
	return c <= ' ' || c == 0x7f || c == '(' || c == ')';
}

/* Where the word that ends at `cursor` starts: after the last space or
 * parenthesis outside double quotes, and after a leading `-` (not). */
static size_t word_start(const char *text, size_t cursor)
{
	size_t start = 0;
	bool quoted = false;

	for (size_t i = 0; i < cursor; i++) {
		if (text[i] == '"')
			quoted = !quoted;
		else if (!quoted && splits_words((unsigned char)text[i]))
			start = i + 1;
	}
	while (start < cursor && text[start] == '-')
		start++;
	return start;
}

static const char *const term_names[] = {
	"kind:", "type:", "id:", "has:", "flag:", "reviewed:", "review:", "changed:",
};
static const char *const flag_values[] = { "none", "ok", "question", "concern", "any" };
static const char *const reviewed_values[] = { "yes", "no" };
static const char *const review_values[] = { "conflict" };
/* since.h's words: the kinds of change (diff.h), then any */
static const char *const changed_values[] = {
	"added", "removed", "replaced", "renamed", "moved", "kind", "type", "facts", "links",
	"sources", "any",
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* `head` then `value`, in double quotes when the grammar would split it
 * (a value with a double quote of its own cannot be written at all). */
static void offer_value(struct completion *c, const char *head, const char *typed,
                        const char *value)
{
	bool quote = false;

	if (!starts_with(value, typed) || !*value)
		return;
	for (const char *s = value; *s; s++) {
		if (*s == '"')
			return;
		if (splits_words((unsigned char)*s))
			quote = true;
	}
	add_owned(c, xasprintf(quote ? "%s\"%s\"" : "%s%s", head, value));
}

static const char kinds_sql[] = "SELECT name FROM kinds";
static const char types_sql[] = "SELECT name FROM types";
static const char facts_sql[] = "SELECT name FROM fact_keys";
static const char relations_sql[] = "SELECT name FROM relations UNION ALL "
                                    "SELECT inverse FROM relations";
/* ids from the prefix on, by the index of ids ignoring case */
static const char ids_sql[] = "SELECT id FROM entities WHERE id >= ?1 COLLATE NOCASE "
                              "ORDER BY id COLLATE NOCASE LIMIT ?2";

/* Each name the statement lists that starts with `typed`, after `head`
 * and before `tail`.  Stops at the first that does not, when `ordered`. */
static int offer_rows(struct store *st, const char *sql, const char *bind, const char *head,
                      const char *typed, const char *tail, bool ordered, struct completion *c)
{
	struct sql_stmt *stmt = store_sql_cached(st, sql);
	enum sql_step step;

	if (!stmt)
		return STORE_ERROR;
	if (bind) {
		sql_bind_text(stmt, 1, bind);
		sql_bind_int(stmt, 2, COMPLETE_LIMIT + 1);
	}
	while ((step = sql_step(stmt)) == SQL_ROW) {
		const char *name = sql_text(stmt, 0);

		if (!name)
			continue;
		if (ordered && !starts_with(name, typed))
			break;
		if (*tail) {
			char *with = xasprintf("%s%s", name, tail);
			offer_value(c, head, typed, with);
			free(with);
		} else {
			offer_value(c, head, typed, name);
		}
	}
	store_sql_done(st, stmt);
	return step == SQL_FAILED ? STORE_ERROR : STORE_OK;
}

static void offer_list(struct completion *c, const char *head, const char *typed,
                       const char *const *values, size_t count)
{
	for (size_t i = 0; i < count; i++)
		offer_value(c, head, typed, values[i]);
}

/* The word is `name:` then what is typed of the value. */
static int complete_value(struct store *st, const char *name, size_t name_len,
                          const char *typed, struct completion *c)
{
	char *head = xasprintf("%.*s:", (int)name_len, name);
	int rc = STORE_OK;

	if (*typed == '"')
		typed++;
	if (name_len == 4 && strncasecmp(name, "kind", 4) == 0)
		rc = offer_rows(st, kinds_sql, NULL, head, typed, "", false, c);
	else if (name_len == 4 && strncasecmp(name, "type", 4) == 0)
		rc = offer_rows(st, types_sql, NULL, head, typed, "", false, c);
	else if (name_len == 3 && strncasecmp(name, "has", 3) == 0) {
		offer_value(c, head, typed, "note");
		rc = offer_rows(st, relations_sql, NULL, head, typed, "", false, c);
	} else if (name_len == 4 && strncasecmp(name, "flag", 4) == 0)
		offer_list(c, head, typed, flag_values, COUNT(flag_values));
	else if (name_len == 8 && strncasecmp(name, "reviewed", 8) == 0)
		offer_list(c, head, typed, reviewed_values, COUNT(reviewed_values));
	else if (name_len == 7 && strncasecmp(name, "changed", 7) == 0)
		offer_list(c, head, typed, changed_values, COUNT(changed_values));
	else if (name_len == 6 && strncasecmp(name, "review", 6) == 0)
		offer_list(c, head, typed, review_values, COUNT(review_values));
	else    /* id: and a relation's target: the ids that start so */
		rc = offer_rows(st, ids_sql, typed, head, typed, "", true, c);
	free(head);
	return rc;
}

/* The word is a term's name, or a fact's, being typed. */
static int complete_name(struct store *st, const char *typed, struct completion *c)
{
	int rc;

	for (size_t i = 0; i < COUNT(term_names); i++)
		completion_offer(c, typed, term_names[i]);
	rc = offer_rows(st, relations_sql, NULL, "", typed, ":", false, c);
	if (rc == STORE_OK)
		rc = offer_rows(st, facts_sql, NULL, "", typed, "", false, c);
	return rc;
}

int complete_ids(struct store *st, const char *typed, struct completion *out)
{
	return offer_rows(st, ids_sql, typed, "", typed, "", true, out);
}

int filter_complete(struct store *st, const char *text, size_t cursor, struct completion *out)
{
	size_t length = strlen(text), start;
	char *word;
	const char *colon;
	int rc = STORE_OK;

	completion_clear(out);
	if (cursor > length)
		cursor = length;
	start = word_start(text, cursor);
	out->start = start;
	out->end = cursor;
	word = xstrndup(text + start, cursor - start);
	colon = strchr(word, ':');
	if (colon)
		rc = complete_value(st, word, (size_t)(colon - word), colon + 1, out);
	else if (!strpbrk(word, "<>=!\""))      /* a comparison's value, a phrase: no names */
		rc = complete_name(st, word, out);
	free(word);
	if (rc != STORE_OK)
		completion_clear(out);
	else
		completion_sort(out);
	return rc;
}
