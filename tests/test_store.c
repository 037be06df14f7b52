/* The store on a real database file: opening, refusing what it cannot
 * read, lookups by id and code, paging, ancestry and full-text search. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include <unistd.h>
#include "icsview/store/store_sql.h"
#include "helpers.h"

static struct store *st;
static char *dir;

static void load(void)
{
	static const char *const files[] = { "good/nested.yaml", "good/explicit-parent.yaml" };

	dir = scratch_dir();
	st = load_valid(dir, files, 2);
}

static void unload(void)
{
	unload_model(st, dir);
}

TestSuite(store, .init = load, .fini = unload);

static size_t fts_hits(const char *query, int64_t *first)
{
	struct sql_stmt *stmt = store_sql_prepare(st,
		"SELECT rowid FROM search WHERE search MATCH ? ORDER BY rank");
	size_t hits = 0;

	cr_assert_not_null(stmt, "%s", store_errmsg(st));
	sql_bind_text(stmt, 1, query);
	while (sql_step(stmt) == SQL_ROW) {
		if (hits++ == 0 && first)
			*first = sql_int64(stmt, 0);
	}
	sql_free(stmt);
	return hits;
}


Test(store, database_is_a_file_with_the_schema_version)
{
	char *path = xasprintf("%s/model.db", dir);
	sqlite3 *db;
	sqlite3_stmt *stmt;

	cr_assert_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &stmt, NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_step(stmt), SQLITE_ROW);
	cr_expect_eq(sqlite3_column_int(stmt, 0), STORE_SCHEMA_VERSION);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	free(path);
}

Test(store, lookup_by_code_is_case_insensitive)
{
	struct entity e;

	cr_assert_eq(store_entity_by_id(st, "rhq", &e), STORE_OK);
	cr_expect_str_eq(e.id, "n-sth");
	entity_clear(&e);
	cr_expect_eq(store_entity_by_id(st, "no-such-thing", &e), STORE_NOT_FOUND);
	cr_expect_eq(store_entity(st, 999999, &e), STORE_NOT_FOUND);
}

Test(store, children_can_be_paged)
{
	struct child_list page = { 0 };

	cr_assert_eq(store_children(st, eid_of(st, "n-system"), 1, 1, &page), STORE_OK);
	cr_assert_eq(page.count, 1);
	cr_expect_str_eq(page.items[0].id, "n-doncaster");
	child_list_clear(&page);
	cr_assert_eq(store_children(st, eid_of(st, "n-system"), 3, 10, &page), STORE_OK);
	cr_expect_eq(page.count, 0);
	child_list_clear(&page);
}

Test(store, roots_span_both_files_in_load_order)
{
	struct child_list roots = { 0 };

	cr_assert_eq(store_children(st, 0, 0, 100, &roots), STORE_OK);
	cr_assert_eq(roots.count, 4);
	cr_expect_str_eq(roots.items[0].id, "n-system");
	cr_expect_str_eq(roots.items[3].id, "p-system");
	child_list_clear(&roots);
}

Test(store, full_text_search_over_names_codes_facts_and_text)
{
	int64_t first = 0;

	cr_expect_eq(fts_hits("sheffield", NULL), 3);          /* place, trust, system prose */
	cr_expect_eq(fts_hits("rhq", &first), 1);              /* an aka code */
	cr_expect_eq(first, eid_of(st, "n-sth"));
	cr_expect_eq(fts_hits("monthly", &first), 1);          /* a fact value */
	cr_expect_eq(first, eid_of(st, "n-board"));
	cr_expect_eq(fts_hits("rotherham", &first), 1);        /* prose */
	cr_expect_eq(first, eid_of(st, "n-system"));
	cr_expect_eq(fts_hits("shef*", NULL), 3);              /* prefix */
	cr_expect_eq(fts_hits("name:sheffield", NULL), 2);     /* names only */
	cr_expect_eq(fts_hits("e54000009", NULL), 1);
}

Test(store, refuses_a_file_that_is_not_a_model_database)
{
	char *path = write_file(dir, "junk.db", "this is not SQLite at all, just text\n");
	char *error = NULL;

	cr_expect_null(store_open(path, &error));
	cr_assert_not_null(error);
	cr_expect(strstr(error, "not a model database") != NULL, "%s", error);
	free(error);
	free(path);
}

Test(store, refuses_another_schema_version)
{
	char *path = xasprintf("%s/old.db", dir);
	char *error = NULL;
	sqlite3 *db;

	cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(db, "PRAGMA user_version=99", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	cr_expect_null(store_open(path, &error));
	cr_assert_not_null(error);
	char expected[64];
	snprintf(expected, sizeof(expected), "schema version 99, expected %d", STORE_SCHEMA_VERSION);
	cr_expect(strstr(error, expected) != NULL, "%s", error);
	free(error);
	free(path);
}

Test(store, a_missing_database_is_an_error)
{
	char *path = xasprintf("%s/absent/model.db", dir);
	char *error = NULL;

	cr_expect_null(store_open(path, &error));
	cr_expect_not_null(error);
	free(error);
	free(path);
}

Test(store, invalid_model_leaves_no_database_behind)
{
	char *db = xasprintf("%s/bad.db", dir);
	char *bad = model_path("bad/dangling-link.yaml");
	const char *paths[] = { bad };
	struct load_limits limits;
	struct diag_list diags;

	load_limits_default(&limits);
	diag_init(&diags, 10);
	cr_expect_eq(model_load(paths, 1, db, &limits, &diags, NULL), LOAD_INVALID);
	cr_expect_neq(access(db, F_OK), 0, "a database was written for an invalid model");
	diag_free(&diags);
	free(bad);
	free(db);
}

/* SQLite's messages can quote the database (a table name here, as
 * "malformed database schema (name)" would): they are escaped. */
Test(store, error_messages_are_escaped)
{
	cr_assert_null(store_sql_prepare(st, "SELECT * FROM \"t\x1b]0;title\x07\xe2\x80\xae\""));
	cr_expect_str_eq(store_errmsg(st), "no such table: t^[]0;title^G<U+202E>");
}
