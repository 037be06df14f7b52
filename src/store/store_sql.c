/* The store's SQL for the query layer (store_sql.h): each call is the
 * library's own, on its own statement, which struct sql_stmt only names. */
#include "icsview/store/store_sql.h"

#include <stdlib.h>
#include "icsview/base/util.h"
#include "store_private.h"

/* struct sql_stmt is never defined: a pointer to one is the sqlite3_stmt. */
static sqlite3_stmt *raw(struct sql_stmt *stmt)
{
	return (sqlite3_stmt *)(void *)stmt;
}

static struct sql_stmt *wrap(sqlite3_stmt *stmt)
{
	return (struct sql_stmt *)(void *)stmt;
}

struct sql_stmt *store_sql_cached(struct store *st, const char *sql)
{
	return wrap(store_cached(st, sql));
}

void store_sql_done(struct store *st, struct sql_stmt *stmt)
{
	store_done(st, raw(stmt));
}

struct sql_stmt *store_sql_prepare(struct store *st, const char *sql)
{
	return wrap(store_prepare(st->db, sql));
}

void sql_free(struct sql_stmt *stmt)
{
	sqlite3_finalize(raw(stmt));
}

int store_sql_exec(struct store *st, const char *sql)
{
	return sqlite3_exec(st->db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

int64_t store_sql_changes(struct store *st)
{
	return sqlite3_changes(st->db);
}

const char *store_sql_error(struct store *st)
{
	return sqlite3_errmsg(st->db);
}

void sql_bind_int64(struct sql_stmt *stmt, int param, int64_t value)
{
	sqlite3_bind_int64(raw(stmt), param, value);
}

void sql_bind_int(struct sql_stmt *stmt, int param, int value)
{
	sqlite3_bind_int(raw(stmt), param, value);
}

void sql_bind_double(struct sql_stmt *stmt, int param, double value)
{
	sqlite3_bind_double(raw(stmt), param, value);
}

void sql_bind_text(struct sql_stmt *stmt, int param, const char *text)
{
	sqlite3_bind_text(raw(stmt), param, text, -1, SQLITE_STATIC);
}

void sql_bind_null(struct sql_stmt *stmt, int param)
{
	sqlite3_bind_null(raw(stmt), param);
}

enum sql_step sql_step(struct sql_stmt *stmt)
{
	switch (sqlite3_step(raw(stmt))) {
	case SQLITE_ROW: return SQL_ROW;
	case SQLITE_DONE: return SQL_DONE;
	default: return SQL_FAILED;
	}
}

void sql_reset(struct sql_stmt *stmt)
{
	sqlite3_reset(raw(stmt));
}

void sql_clear(struct sql_stmt *stmt)
{
	sqlite3_clear_bindings(raw(stmt));
}

int64_t sql_int64(struct sql_stmt *stmt, int column)
{
	return sqlite3_column_int64(raw(stmt), column);
}

int sql_int(struct sql_stmt *stmt, int column)
{
	return sqlite3_column_int(raw(stmt), column);
}

double sql_double(struct sql_stmt *stmt, int column)
{
	return sqlite3_column_double(raw(stmt), column);
}

const char *sql_text(struct sql_stmt *stmt, int column)
{
	return (const char *)sqlite3_column_text(raw(stmt), column);
}

size_t sql_bytes(struct sql_stmt *stmt, int column)
{
	return (size_t)sqlite3_column_bytes(raw(stmt), column);
}

bool sql_is_null(struct sql_stmt *stmt, int column)
{
	return sqlite3_column_type(raw(stmt), column) == SQLITE_NULL;
}

char *sql_text_dup(struct sql_stmt *stmt, int column)
{
	return column_strdup_empty(raw(stmt), column);
}

void store_on_close(struct store *st, store_close_fn *release, void *ctx)
{
	GROW(st->hooks, st->hook_cap, st->hook_count + 1);
	st->hooks[st->hook_count].release = release;
	st->hooks[st->hook_count].ctx = ctx;
	st->hook_count++;
}

void *store_on_close_ctx(struct store *st, store_close_fn *release)
{
	for (size_t i = 0; i < st->hook_count; i++)
		if (st->hooks[i].release == release)
			return st->hooks[i].ctx;
	return NULL;
}
