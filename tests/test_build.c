/* Building a model database: the content of the store, table by table,
 * against digests taken from the single-threaded loader that resolved every
 * reference with SQL after the bulk insert (so the threaded loader, which
 * resolves them while it reads, must agree with it row for row); and what
 * a build leaves behind when it fails or is interrupted. */
#include <criterion/criterion.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include <dirent.h>
#include <sys/wait.h>
#include <unistd.h>
#include "helpers.h"
#include "icsview/model_cache.h"

/* 64-bit FNV-1a over every row of a query: each value with its type, so
 * that NULL, '' and 0 differ. */
static uint64_t digest_rows(sqlite3 *db, const char *sql, size_t *rows)
{
	uint64_t h = UINT64_C(0xcbf29ce484222325);
	sqlite3_stmt *stmt;

	*rows = 0;
	cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), SQLITE_OK, "%s: %s", sql,
	             sqlite3_errmsg(db));
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		for (int c = 0; c < sqlite3_column_count(stmt); c++) {
			int type = sqlite3_column_type(stmt, c);
			const unsigned char *text = sqlite3_column_text(stmt, c);
			size_t n = (size_t)sqlite3_column_bytes(stmt, c);
			unsigned char tag = (unsigned char)('0' + type);

			h = (h ^ tag) * UINT64_C(0x100000001b3);
			for (size_t i = 0; text && i < n; i++)
				h = (h ^ text[i]) * UINT64_C(0x100000001b3);
			h = (h ^ 0x1f) * UINT64_C(0x100000001b3);
		}
		h = (h ^ 0x1e) * UINT64_C(0x100000001b3);
		++*rows;
	}
	sqlite3_finalize(stmt);
	return h;
}

struct table_digest {
	const char *name;
	const char *sql;
	uint64_t expected;
	size_t rows;
};

/* The columns that every schema version since 2 has, in a fixed order.
 * The search index is contentless: its content is read back through an
 * fts5vocab table, every instance of every term. */
static struct table_digest equivalence[] = {
	{ "entities", "SELECT eid, id, kind, name, type, text, parent, n_children, n_linked,"
	  " file_no, line, col, parent_line, parent_col FROM entities ORDER BY eid",
	  UINT64_C(0x2178da8339e763d6), 18 },
	{ "aka", "SELECT eid, ord, value FROM aka ORDER BY eid, ord",
	  UINT64_C(0xbffe884ae5bbbac6), 7 },
	{ "facts", "SELECT fid, eid, key, value, num, note, file_no, line, col FROM facts"
	  " ORDER BY fid", UINT64_C(0xf94644e9e1285b5f), 12 },
	{ "links", "SELECT lid, src, rel, dst, file_no, line, col FROM links ORDER BY lid",
	  UINT64_C(0x2b75b693af0e9671), 30 },
	{ "link_facts", "SELECT lid, ord, key, value, num FROM link_facts ORDER BY lid, ord",
	  UINT64_C(0x514a17534acb0aab), 3 },
	{ "citations", "SELECT owner_type, owner, ord, source_id, source, file_no, line, col"
	  " FROM citations ORDER BY owner_type, owner, ord",
	  UINT64_C(0xbbfe25e09c5e15eb), 11 },
	{ "kinds", "SELECT rowid, name, badge, description, core, file_no, line, col FROM kinds"
	  " ORDER BY rowid", UINT64_C(0x7f63c35cffde07e7), 12 },
	{ "relations", "SELECT rowid, name, inverse, secondary, description, core, file_no, line,"
	  " col FROM relations ORDER BY rowid", UINT64_C(0x003213530bfd3b69), 15 },
	{ "files", "SELECT file_no, size, title FROM files ORDER BY file_no",
	  UINT64_C(0xeb3b67bf0fbb2b2e), 3 },
	{ "search", "SELECT term, doc, col, offset FROM temp.search_vocab"
	  " ORDER BY term, doc, col, offset", UINT64_C(0x075db13ecdc5cfa2), 109 },
};

Test(build, the_store_has_the_content_the_single_threaded_loader_gave_it)
{
	static const char *const files[] = {
		"equivalence/1-systems.yaml", "equivalence/2-places.yaml",
		"equivalence/3-declarations.yaml",
	};
	char *dir = scratch_dir();
	struct store *st = load_valid(dir, files, 3);
	char *path = xasprintf("%s/model.db", dir);
	sqlite3 *db;

	cr_assert_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(db, "CREATE VIRTUAL TABLE temp.search_vocab USING"
	                              " fts5vocab(main, search, instance)", NULL, NULL, NULL),
	             SQLITE_OK, "%s", sqlite3_errmsg(db));
	for (size_t i = 0; i < sizeof(equivalence) / sizeof(equivalence[0]); i++) {
		struct table_digest *t = &equivalence[i];
		size_t rows;
		uint64_t h = digest_rows(db, t->sql, &rows);

		cr_log_info("{ \"%s\", ..., UINT64_C(0x%016llx), %zu },", t->name,
		            (unsigned long long)h, rows);
		cr_expect_eq(rows, t->rows, "%s: %zu rows, expected %zu", t->name, rows, t->rows);
		cr_expect_eq(h, t->expected, "%s: content differs (digest %016llx)", t->name,
		             (unsigned long long)h);
	}
	sqlite3_close(db);
	free(path);
	unload_model(st, dir);
}
