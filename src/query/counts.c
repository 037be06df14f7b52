#include "icsview/query/counts.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "icsview/base/output.h"
#include "icsview/base/util.h"
#include "icsview/store/store_sql.h"

/* A type and a kind of the same name (a type `system`, entities of kind
 * system with none) are counted as one. */
static const char counts_sql[] =
	"SELECT name, sum(n) FROM ("
	" SELECT coalesce(t.name, k.name) AS name, c.n AS n FROM type_counts c"
	" LEFT JOIN types t ON c.type_key > 0 AND t.type_no = c.type_key"
	" LEFT JOIN kinds k ON c.type_key < 0 AND k.kind_no = -c.type_key"
	" WHERE c.eid = ?1)"
	" WHERE name IS NOT NULL GROUP BY name ORDER BY 2 DESC, 1";

int counts_by_type(struct store *st, int64_t eid, struct type_count_list *out)
{
	struct sql_stmt *stmt = store_sql_cached(st, counts_sql);
	enum sql_step step;

	if (!stmt)
		return STORE_ERROR;
	sql_bind_int64(stmt, 1, eid);
	while ((step = sql_step(stmt)) == SQL_ROW) {
		GROW(out->items, out->cap, out->count + 1);
		out->items[out->count].type = sql_text_dup(stmt, 0);
		out->items[out->count++].n = sql_int64(stmt, 1);
	}
	store_sql_done(st, stmt);
	return step == SQL_DONE ? STORE_OK : STORE_ERROR;
}

void type_count_list_clear(struct type_count_list *list)
{
	if (!list)
		return;
	for (size_t i = 0; i < list->count; i++)
		free(list->items[i].type);
	free(list->items);
	memset(list, 0, sizeof(*list));
}

static bool is_vowel(char c)
{
	return strchr("aeiouAEIOU", c) != NULL;
}

/* A word of two or more letters, all capitals (digits allowed): PCN, ICB. */
static bool is_acronym(const char *word, size_t n)
{
	size_t capitals = 0;

	for (size_t i = 0; i < n; i++) {
		if (isupper((unsigned char)word[i]))
			capitals++;
		else if (!isdigit((unsigned char)word[i]))
			return false;
	}
	return capitals >= 1 && n >= 2;
}

/* Adds the plural of word[0..n) to sb. */
static void add_plural(struct strbuf *sb, const char *word, size_t n)
{
	char last = n ? (char)tolower((unsigned char)word[n - 1]) : '\0';
	char before = n > 1 ? (char)tolower((unsigned char)word[n - 2]) : '\0';

	if (n == 0)
		return;
	if (is_acronym(word, n)) {
		sb_add(sb, word, n);
		sb_putc(sb, 's');
	} else if (last == 'y' && n > 1 && !is_vowel(before)) {
		sb_add(sb, word, n - 1);
		sb_puts(sb, "ies");
	} else if (last == 's' || last == 'x' || last == 'z' ||
	           ((before == 'c' || before == 's') && last == 'h')) {
		sb_add(sb, word, n);
		sb_puts(sb, "es");
	} else {
		sb_add(sb, word, n);
		sb_putc(sb, 's');
	}
}

char *counts_phrase(int64_t n, const char *noun)
{
	struct strbuf sb = STRBUF_INIT;
	char count[32];
	size_t end = strcspn(noun, "("), start;

	format_count(count, sizeof(count), n > 0 ? (size_t)n : 0);
	sb_printf(&sb, "%s ", count);
	if (n == 1) {
		sb_puts(&sb, noun);
		return sb_detach(&sb);
	}
	/* the last word before a parenthesis, its spaces aside, or before
	 * " of " ("boards of directors") */
	const char *of = strstr(noun, " of ");
	if (of && (size_t)(of - noun) < end)
		end = (size_t)(of - noun);
	while (end > 0 && noun[end - 1] == ' ')
		end--;
	start = end;
	while (start > 0 && noun[start - 1] != ' ')
		start--;
	sb_add(&sb, noun, start);
	add_plural(&sb, noun + start, end - start);
	sb_puts(&sb, noun + end);
	return sb_detach(&sb);
}

char *counts_line(const struct type_count_list *list, size_t most)
{
	struct strbuf sb = STRBUF_INIT;
	size_t named = list->count;
	int64_t rest = 0;

	if (!list->count)
		return NULL;
	/* the last place goes to the rest when it would name one type alone */
	if (most && list->count > most)
		named = most - 1;
	for (size_t i = 0; i < named; i++) {
		char *phrase = counts_phrase(list->items[i].n, list->items[i].type);

		sb_printf(&sb, "%s%s", i ? " · " : "", phrase);
		free(phrase);
	}
	if (named == list->count)
		return sb_detach(&sb);
	for (size_t i = named; i < list->count; i++)
		rest += list->items[i].n;
	{
		char *phrase = counts_phrase(rest, "other");

		sb_printf(&sb, "%s%s of %zu types", named ? " · " : "", phrase, list->count - named);
		free(phrase);
	}
	return sb_detach(&sb);
}
