/* The rows' records read back: the SQLite thread takes each batch off the
 * queue and inserts its records, each with its prepared statement, its
 * fields bound where they lie in the batch.  The record formats and the
 * binding of their fields are made from the field lists of
 * build_records.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "icsview/base/util.h"
#include "build_private.h"
#include "store_private.h"

void build_bind_text(sqlite3_stmt *stmt, int index, const char *text)
{
	if (text)
		sqlite3_bind_text(stmt, index, text, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(stmt, index);
}

int build_run(sqlite3_stmt *stmt)
{
	int rc = sqlite3_step(stmt);

	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* ---- binding a field, by its kind (build_records.h) ------------------------------- */

static void bind_INT(sqlite3_stmt *s, int at, int v)
{
	sqlite3_bind_int(s, at, v);
}

static void bind_I64(sqlite3_stmt *s, int at, int64_t v)
{
	sqlite3_bind_int64(s, at, v);
}

static void bind_ID(sqlite3_stmt *s, int at, int64_t id)
{
	if (id)
		sqlite3_bind_int64(s, at, id);
	else
		sqlite3_bind_null(s, at);
}

static void bind_INT_OR_NULL(sqlite3_stmt *s, int at, int v)
{
	if (v != NULL_INT)
		sqlite3_bind_int(s, at, v);
	else
		sqlite3_bind_null(s, at);
}

static void bind_TEXT(sqlite3_stmt *s, int at, const char *text)
{
	build_bind_text(s, at, text);
}

static void bind_VALUE(sqlite3_stmt *s, int at, const char *value)
{
	double number;

	build_bind_text(s, at, value);
	if (value && parse_number(value, strlen(value), &number))
		sqlite3_bind_double(s, at + 1, number);
	else
		sqlite3_bind_null(s, at + 1);
}

static void bind_POS(sqlite3_stmt *s, int at, struct position pos)
{
	sqlite3_bind_int(s, at, pos.file_no);
	sqlite3_bind_int(s, at + 1, (int)pos.line);
	sqlite3_bind_int(s, at + 2, (int)pos.col);
}

static void bind_POS_OR_NULL(sqlite3_stmt *s, int at, struct position pos)
{
	if (pos.file_no >= 0) {
		bind_POS(s, at, pos);
		return;
	}
	for (int i = 0; i < FIELD_PARAMETERS_POS_OR_NULL; i++)
		sqlite3_bind_null(s, at + i);
}

/* ---- the statements ------------------------------------------------------------- */

#define COUNT_PARAMETERS(KIND, field) + FIELD_PARAMETERS_##KIND
#define ROW_STATEMENT(OP, name, sql) [OP_##OP] = { #name, sql, 0 RECORD_##OP(COUNT_PARAMETERS) },
static const struct {
	const char *name, *sql;
	int parameters;                 /* as the record's fields bind */
} row_statements[OP_COUNT] = {
	ROW_RECORDS(ROW_STATEMENT)
};

int records_prepare(struct store_writer *w, char **error)
{
	for (size_t op = 0; op < OP_COUNT; op++) {
		sqlite3_stmt *s = store_prepare(w->db, row_statements[op].sql);

		if (!s) {
			*error = xasprintf("preparing %s: %s", row_statements[op].name,
			                   sqlite3_errmsg(w->db));
			return -1;
		}
		w->insert[op] = s;
		if (sqlite3_bind_parameter_count(s) != row_statements[op].parameters) {
			*error = xasprintf("preparing %s: %d parameters for fields that bind %d",
			                   row_statements[op].name, sqlite3_bind_parameter_count(s),
			                   row_statements[op].parameters);
			return -1;
		}
	}
	return 0;
}

/* ---- replaying a batch ------------------------------------------------------------ */

#define GET_FIELD(KIND, field) FIELD_TYPE_##KIND field = FIELD_GET_##KIND(r);
#define BIND_FIELD(KIND, field) bind_##KIND(s, at, field); at += FIELD_PARAMETERS_##KIND;
#define REPLAY_ROW(OP, name, sql) \
	case OP_##OP: { \
		RECORD_##OP(GET_FIELD) \
		RECORD_##OP(BIND_FIELD) \
		return build_run(s); \
	}

/* Inserts one record; returns 0 or -1 (the statement's error in the db). */
static int replay(struct store_writer *w, struct reader *r)
{
	enum record_op op = (enum record_op)*r->p++;
	sqlite3_stmt *s;
	int at = 1;

	if (op >= OP_COUNT)
		return -1;
	s = w->insert[op];
	switch (op) {
	ROW_RECORDS(REPLAY_ROW)
	case OP_COUNT:
		break;
	}
	return -1;
}

int records_replay(struct store_writer *w, const struct batch *b)
{
	struct reader r = { b->data, b->data + b->len };

	while (r.p < r.end)
		if (replay(w, &r) != 0)
			return -1;
	return 0;
}

static void fail(struct store_writer *w, const char *message)
{
	pthread_mutex_lock(&w->error_lock);
	if (!w->error)
		w->error = xstrdup(message);
	pthread_mutex_unlock(&w->error_lock);
	atomic_store(&w->failed, true);
}

void *records_thread(void *arg)
{
	struct store_writer *w = arg;
	struct batch *b;

	while ((b = queue_take(&w->rows)) != NULL) {
		if (!atomic_load(&w->failed)) {
			errno = 0;
			if (records_replay(w, b) != 0) {
				char *why = store_error_text(w->db, errno);
				fail(w, why);
				free(why);
			}
		}
		queue_recycle(&w->rows, b);
	}
	return NULL;
}
