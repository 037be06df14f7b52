/* The entities a relation term's TARGET names (`member_of:syb`), resolved
 * once per filter into a table of their own, which the compiled filter
 * tests (filter_sql.c): those whose id, aka or name equals TARGET ignoring
 * case, or, when there are none, those whose name contains it (as `show`
 * looks an entity up).  The exact ones are index lookups; the names
 * containing it are a scan, which filter_run.c makes a range of eids at a
 * time like the filter itself. */
#include "filter_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "store_private.h"

/* The table of target k of filter `job` (a number of the store's: the
 * tables of a filter being replaced are still there while the new one
 * starts); caller frees. */
static char *table_name(unsigned job, size_t k)
{
	return xasprintf(FILTER_TARGET_TABLE, job, k);
}

int filter_targets_create(sqlite3 *db, unsigned job, size_t count)
{
	for (size_t k = 0; k < count; k++) {
		char *table = table_name(job, k);
		char *sql = xasprintf("CREATE TEMP TABLE IF NOT EXISTS %s(eid INTEGER PRIMARY KEY);"
		                      "DELETE FROM %s", table, table);
		int rc = store_exec(db, sql, NULL);

		free(sql);
		free(table);
		if (rc != 0)
			return -1;
	}
	return 0;
}

void filter_targets_drop(sqlite3 *db, unsigned job, size_t count)
{
	for (size_t k = 0; k < count; k++) {
		char *table = table_name(job, k), *sql = xasprintf("DROP TABLE IF EXISTS %s", table);

		store_exec(db, sql, NULL);
		free(sql);
		free(table);
	}
}

/* A value bound to ?2 or ?3: a text of `len` bytes, or an integer. */
struct bound {
	const char *text;       /* NULL: the integer */
	size_t len;
	int64_t number;
};

/* Adds to target k's table the eids that `select` lists, a query taking
 * ?1 the target's text and ?2, ?3 the values given (NULL: not bound). */
static int insert(sqlite3 *db, unsigned job, size_t k, const char *select, const char *text,
                  const struct bound *a, const struct bound *b)
{
	char *table = table_name(job, k), *sql = xasprintf("INSERT OR IGNORE INTO %s(eid) %s", table,
	                                                   select);
	sqlite3_stmt *stmt = store_prepare(db, sql);
	int rc = -1;

	free(sql);
	free(table);
	if (!stmt)
		return -1;
	sqlite3_bind_text(stmt, 1, text, -1, SQLITE_STATIC);
	for (int i = 0; i < 2; i++) {
		const struct bound *p = i ? b : a;

		if (p && p->text)
			sqlite3_bind_text(stmt, i + 2, p->text, (int)p->len, SQLITE_STATIC);
		else if (p)
			sqlite3_bind_int64(stmt, i + 2, p->number);
	}
	if (sqlite3_step(stmt) == SQLITE_DONE)
		rc = 0;
	sqlite3_finalize(stmt);
	return rc;
}

/* Ids equal to the text ignoring case.  The ids' index is in binary order,
 * where the case variants of a text are not together, but each begins
 * with a case variant of the text's first bytes: a range of the index for
 * each variant of a prefix with at most ID_PREFIX_LETTERS letters (so at
 * most 16 ranges), rather than the whole index (which costs about 10 ms at
 * 250,000 entities; the scan before, once per filter, was the same). */
#define ID_PREFIX_LETTERS 4

static bool is_ascii_letter(unsigned char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

static int exact_ids(sqlite3 *db, unsigned job, size_t k, const char *text)
{
	static const char bounded[] =
		"SELECT eid FROM entities WHERE id >= ?2 AND id < ?3 AND id = ?1 COLLATE NOCASE";
	static const char open_ended[] =
		"SELECT eid FROM entities WHERE id >= ?2 AND id = ?1 COLLATE NOCASE";
	size_t n = strlen(text), len = 0, letters = 0, at[ID_PREFIX_LETTERS];
	unsigned char low[ID_PREFIX_LETTERS * 8], high[sizeof(low)];

	/* the prefix: every byte up to the fifth letter (and at most 32 bytes) */
	while (len < n && len < sizeof(low)) {
		if (is_ascii_letter((unsigned char)text[len])) {
			if (letters == ID_PREFIX_LETTERS)
				break;
			at[letters++] = len;
		}
		len++;
	}
	for (unsigned variant = 0; variant < (1u << letters); variant++) {
		struct bound a = { .len = len }, b = { .len = len };
		bool has_high;

		memcpy(low, text, len);
		for (size_t i = 0; i < letters; i++) {
			unsigned char ch = low[at[i]] | 0x20;     /* lower case */
			low[at[i]] = variant & (1u << i) ? (unsigned char)(ch - 0x20) : ch;
		}
		/* the ids beginning with the variant: from it to the prefix just
		 * after it (its last byte that is not 0xFF, plus one) */
		memcpy(high, low, len);
		b.len = len;
		while (b.len && high[b.len - 1] == 0xFF)
			b.len--;
		has_high = b.len > 0;
		if (has_high)
			high[b.len - 1]++;
		a.text = (const char *)low;
		b.text = (const char *)high;
		if (insert(db, job, k, has_high ? bounded : open_ended, text, &a, has_high ? &b : NULL)
		    != 0)
			return -1;
	}
	return 0;
}

int filter_target_exact(sqlite3 *db, unsigned job, size_t k, const char *text, bool *found)
{
	char *table, *sql;
	sqlite3_stmt *stmt;
	int rc;

	*found = false;
	if (exact_ids(db, job, k, text) != 0 ||
	    insert(db, job, k, "SELECT eid FROM entities WHERE name = ?1 COLLATE NOCASE", text, NULL,
	           NULL) != 0 ||
	    insert(db, job, k, "SELECT eid FROM aka WHERE value = ?1 COLLATE NOCASE", text, NULL,
	           NULL) != 0)
		return -1;
	table = table_name(job, k);
	sql = xasprintf("SELECT EXISTS(SELECT 1 FROM %s)", table);
	stmt = store_prepare(db, sql);
	free(sql);
	free(table);
	if (!stmt)
		return -1;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*found = sqlite3_column_int(stmt, 0) != 0;
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW ? 0 : -1;
}

int filter_target_contains(sqlite3 *db, unsigned job, size_t k, const char *text, int64_t lo,
                           int64_t hi)
{
	struct bound a = { .number = lo }, b = { .number = hi };

	return insert(db, job, k, "SELECT eid FROM entities WHERE eid BETWEEN ?2 AND ?3"
	                          " AND instr(lower(name), lower(?1)) > 0", text, &a, &b);
}
