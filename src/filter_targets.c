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

/* ---- equal ignoring case, through an index in binary order ------------------
 * The case variants of a text are not together in binary order, but each
 * begins with a case variant of the text's first bytes. */

static bool is_ascii_letter(unsigned char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

int filter_nocase_ranges(const char *text, nocase_visit *visit, void *ctx)
{
	size_t n = strlen(text), len = 0, letters = 0, at[NOCASE_LETTERS];
	unsigned char low[32], high[sizeof(low)];
	int rc = 0;

	/* the prefix: every byte up to the letter after the last variant's */
	while (len < n && len < sizeof(low)) {
		if (is_ascii_letter((unsigned char)text[len])) {
			if (letters == NOCASE_LETTERS)
				break;
			at[letters++] = len;
		}
		len++;
	}
	for (unsigned variant = 0; variant < (1u << letters) && rc == 0; variant++) {
		size_t high_len = len;

		memcpy(low, text, len);
		for (size_t i = 0; i < letters; i++) {
			unsigned char ch = low[at[i]] | 0x20;     /* lower case */
			low[at[i]] = variant & (1u << i) ? (unsigned char)(ch - 0x20) : ch;
		}
		/* up to the text just after all that begin with the variant: its
		 * last byte that is not 0xFF, plus one */
		memcpy(high, low, len);
		while (high_len && high[high_len - 1] == 0xFF)
			high_len--;
		if (high_len)
			high[high_len - 1]++;
		rc = visit((const char *)low, len, high_len ? (const char *)high : NULL, high_len, ctx);
	}
	return rc;
}

/* Ids equal to the text ignoring case: a few ranges of the ids' index
 * (256 at most, a seek each), rather than all of it (about 10 ms at
 * 250,000 entities, as the scan once per filter before cost). */
struct id_lookup {
	sqlite3_stmt *bounded, *open_ended;
};

static int add_ids(const char *lo, size_t lo_len, const char *hi, size_t hi_len, void *ctx)
{
	struct id_lookup *l = ctx;
	sqlite3_stmt *stmt = hi ? l->bounded : l->open_ended;
	int rc;

	sqlite3_bind_text(stmt, 2, lo, (int)lo_len, SQLITE_STATIC);
	if (hi)
		sqlite3_bind_text(stmt, 3, hi, (int)hi_len, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? 0 : -1;
}

static sqlite3_stmt *prepare_insert(sqlite3 *db, unsigned job, size_t k, const char *select,
                                    const char *text)
{
	char *table = table_name(job, k), *sql = xasprintf("INSERT OR IGNORE INTO %s(eid) %s", table,
	                                                   select);
	sqlite3_stmt *stmt = store_prepare(db, sql);

	free(sql);
	free(table);
	if (stmt)
		sqlite3_bind_text(stmt, 1, text, -1, SQLITE_STATIC);
	return stmt;
}

/* Adds to target k's table the eids that `select` lists, a query taking
 * ?1 the target's text and, when range is not NULL, ?2 and ?3 its ends. */
static int insert(sqlite3 *db, unsigned job, size_t k, const char *select, const char *text,
                  const int64_t *range)
{
	sqlite3_stmt *stmt = prepare_insert(db, job, k, select, text);
	int rc = -1;

	if (!stmt)
		return -1;
	if (range) {
		sqlite3_bind_int64(stmt, 2, range[0]);
		sqlite3_bind_int64(stmt, 3, range[1]);
	}
	if (sqlite3_step(stmt) == SQLITE_DONE)
		rc = 0;
	sqlite3_finalize(stmt);
	return rc;
}

static int exact_ids(sqlite3 *db, unsigned job, size_t k, const char *text)
{
	struct id_lookup l = {
		prepare_insert(db, job, k, "SELECT eid FROM entities"
		               " WHERE id >= ?2 AND id < ?3 AND id = ?1 COLLATE NOCASE", text),
		prepare_insert(db, job, k, "SELECT eid FROM entities"
		               " WHERE id >= ?2 AND id = ?1 COLLATE NOCASE", text),
	};
	int rc = l.bounded && l.open_ended ? filter_nocase_ranges(text, add_ids, &l) : -1;

	sqlite3_finalize(l.bounded);
	sqlite3_finalize(l.open_ended);
	return rc;
}

int filter_target_exact(sqlite3 *db, unsigned job, size_t k, const char *text, bool *found)
{
	char *table, *sql;
	sqlite3_stmt *stmt;
	int rc;

	*found = false;
	if (exact_ids(db, job, k, text) != 0 ||
	    insert(db, job, k, "SELECT eid FROM entities WHERE name = ?1 COLLATE NOCASE", text,
	           NULL) != 0 ||
	    insert(db, job, k, "SELECT eid FROM aka WHERE value = ?1 COLLATE NOCASE", text, NULL) != 0)
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
	const int64_t range[2] = { lo, hi };

	return insert(db, job, k, "SELECT eid FROM entities WHERE eid BETWEEN ?2 AND ?3"
	                          " AND instr(lower(name), lower(?1)) > 0", text, range);
}
