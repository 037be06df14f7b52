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

/* The table of target k of filter `job` (a number of the store's: the
 * tables of a filter being replaced are still there while the new one
 * starts); caller frees. */
static char *table_name(unsigned job, size_t k)
{
	return xasprintf(FILTER_TARGET_TABLE, job, k);
}

int filter_targets_create(struct store *st, unsigned job, size_t count)
{
	for (size_t k = 0; k < count; k++) {
		char *table = table_name(job, k);
		char *sql = xasprintf("CREATE TEMP TABLE IF NOT EXISTS %s(eid INTEGER PRIMARY KEY);"
		                      "DELETE FROM %s", table, table);
		int rc = store_sql_exec(st, sql);

		free(sql);
		free(table);
		if (rc != 0)
			return -1;
	}
	return 0;
}

void filter_targets_drop(struct store *st, unsigned job, size_t count)
{
	for (size_t k = 0; k < count; k++) {
		char *table = table_name(job, k), *sql = xasprintf("DROP TABLE IF EXISTS %s", table);

		store_sql_exec(st, sql);
		free(sql);
		free(table);
	}
}

static struct sql_stmt *prepare_insert(struct store *st, unsigned job, size_t k,
                                       const char *select, const char *text)
{
	char *table = table_name(job, k), *sql = xasprintf("INSERT OR IGNORE INTO %s(eid) %s", table,
	                                                   select);
	struct sql_stmt *stmt = store_sql_prepare(st, sql);

	free(sql);
	free(table);
	if (stmt)
		sql_bind_text(stmt, 1, text);
	return stmt;
}

/* Adds to target k's table the eids that `select` lists, a query taking
 * ?1 the target's text and, when range is not NULL, ?2 and ?3 its ends. */
static int insert(struct store *st, unsigned job, size_t k, const char *select,
                  const char *text, const int64_t *range)
{
	struct sql_stmt *stmt = prepare_insert(st, job, k, select, text);
	int rc = -1;

	if (!stmt)
		return -1;
	if (range) {
		sql_bind_int64(stmt, 2, range[0]);
		sql_bind_int64(stmt, 3, range[1]);
	}
	if (sql_step(stmt) == SQL_DONE)
		rc = 0;
	sql_free(stmt);
	return rc;
}

int filter_target_exact(struct store *st, unsigned job, size_t k, const char *text, bool *found)
{
	char *table, *sql;
	struct sql_stmt *stmt;
	enum sql_step rc;

	*found = false;
	/* entities_by_id and aka_by_value ignore case, as the look-ups do */
	if (insert(st, job, k, "SELECT eid FROM entities WHERE id = ?1 COLLATE NOCASE", text,
	           NULL) != 0 ||
	    insert(st, job, k, "SELECT eid FROM entities WHERE name = ?1 COLLATE NOCASE", text,
	           NULL) != 0 ||
	    insert(st, job, k, "SELECT eid FROM aka WHERE value = ?1 COLLATE NOCASE", text, NULL) != 0)
		return -1;
	table = table_name(job, k);
	sql = xasprintf("SELECT EXISTS(SELECT 1 FROM %s)", table);
	stmt = store_sql_prepare(st, sql);
	free(sql);
	free(table);
	if (!stmt)
		return -1;
	rc = sql_step(stmt);
	if (rc == SQL_ROW)
		*found = sql_int(stmt, 0) != 0;
	sql_free(stmt);
	return rc == SQL_ROW ? 0 : -1;
}

int filter_target_contains(struct store *st, unsigned job, size_t k, const char *text,
                           int64_t lo, int64_t hi)
{
	const int64_t range[2] = { lo, hi };

	return insert(st, job, k, "SELECT eid FROM entities WHERE eid BETWEEN ?2 AND ?3"
	                          " AND instr(lower(name), lower(?1)) > 0", text, range);
}
