/* Building a model database: the content of the store, table by table,
 * against golden dumps (tests/golden/equivalence/) of what the
 * single-threaded loader built, which resolved every reference with SQL
 * after the bulk insert (so the threaded loader, which resolves them while
 * it reads, must agree with it row for row); and what a build leaves
 * behind when it fails or is interrupted. */
#include <criterion/criterion.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include <dirent.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "helpers.h"
#include "icsview/loader/model_cache.h"
#include "icsview/store/build_progress.h"

/* A value as the golden dumps show it: NULL; an integer; a real with a
 * point or an exponent; text in double quotes with C escapes, so that
 * NULL, '' and 0 differ and a separator in a value cannot mislead. */
static void dump_value(struct strbuf *sb, sqlite3_stmt *stmt, int c)
{
	const unsigned char *text;
	int n;

	switch (sqlite3_column_type(stmt, c)) {
	case SQLITE_NULL:
		sb_puts(sb, "NULL");
		return;
	case SQLITE_INTEGER:
		sb_printf(sb, "%lld", (long long)sqlite3_column_int64(stmt, c));
		return;
	case SQLITE_FLOAT: {
		char real[40];

		snprintf(real, sizeof(real), "%.17g", sqlite3_column_double(stmt, c));
		sb_printf(sb, "%s%s", real, strpbrk(real, ".eni") ? "" : ".0");
		return;
	}
	default:
		break;
	}
	text = sqlite3_column_text(stmt, c);
	n = sqlite3_column_bytes(stmt, c);
	sb_puts(sb, "\"");
	for (int i = 0; i < n; i++) {
		unsigned char ch = text[i];

		if (ch == '"' || ch == '\\')
			sb_printf(sb, "\\%c", ch);
		else if (ch == '\n')
			sb_puts(sb, "\\n");
		else if (ch == '\t')
			sb_puts(sb, "\\t");
		else if (ch < 0x20 || ch == 0x7f)
			sb_printf(sb, "\\x%02x", ch);
		else
			sb_printf(sb, "%c", ch);
	}
	sb_puts(sb, "\"");
}

/* Every row of a query, a line each, values separated by " | ", after a
 * line naming the columns; caller frees. */
static char *dump_rows(sqlite3 *db, const char *sql)
{
	struct strbuf sb = STRBUF_INIT;
	sqlite3_stmt *stmt;
	int rc;

	cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), SQLITE_OK, "%s: %s", sql,
	             sqlite3_errmsg(db));
	sb_puts(&sb, "#");
	for (int c = 0; c < sqlite3_column_count(stmt); c++)
		sb_printf(&sb, "%s%s", c ? " | " : " ", sqlite3_column_name(stmt, c));
	sb_puts(&sb, "\n");
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		for (int c = 0; c < sqlite3_column_count(stmt); c++) {
			if (c)
				sb_puts(&sb, " | ");
			dump_value(&sb, stmt, c);
		}
		sb_puts(&sb, "\n");
	}
	cr_assert_eq(rc, SQLITE_DONE, "%s: %s", sql, sqlite3_errmsg(db));
	sqlite3_finalize(stmt);
	return sb_detach(&sb);
}

struct table_dump {
	const char *name;       /* tests/golden/equivalence/<name>.txt */
	const char *sql;
};

/* The columns that every schema version since 2 has, in a fixed order:
 * since version 7 an entity's kind, a fact's key and a link's relation are
 * stored as numbers (since version 10 an entity's type too), since version
 * 8 the line of a fact or link as an offset from its entity's (since
 * version 11 that of an explicit parent too), and since version 9 an aka
 * that is the id only as the entity's id_aka (store.c): read back here as
 * the names, positions and rows they stand for, so that the dumps stay
 * those of the content.  The search index is contentless: its content is
 * read back through an fts5vocab table, every instance of every term. */
static const struct table_dump equivalence[] = {
	{ "entities", "SELECT eid, id, (SELECT name FROM kinds k WHERE k.kind_no = e.kind_no) AS kind,"
	  " name, (SELECT name FROM types t WHERE t.type_no = e.type_no) AS type, text, parent,"
	  " n_children, n_linked, file_no, line, col, line + parent_line_off AS parent_line,"
	  " parent_col FROM entities e ORDER BY eid" },
	{ "aka", "SELECT eid, ord, value FROM aka UNION ALL"
	  " SELECT eid, id_aka, id FROM entities WHERE id_aka IS NOT NULL ORDER BY eid, ord" },
	{ "facts", "SELECT fid, f.eid, (SELECT name FROM fact_keys k WHERE k.key_no = f.key_no) AS key,"
	  " value, num, note, e.file_no, e.line + f.line_off AS line, f.col"
	  " FROM facts f JOIN entities e ON e.eid = f.eid ORDER BY fid" },
	{ "links", "SELECT lid, src, (SELECT name FROM relations r WHERE r.rel_no = l.rel_no) AS rel,"
	  " dst, w.file_no, w.line + (l.line_off >> 1) AS line, l.col"
	  " FROM links l JOIN entities w"
	  "  ON w.eid = CASE WHEN l.line_off & 1 THEN l.dst ELSE l.src END ORDER BY lid" },
	{ "link_facts", "SELECT lid, ord, key, value, num FROM link_facts ORDER BY lid, ord" },
	{ "citations", "SELECT owner_type, owner, ord, source_id, source, file_no, line, col"
	  " FROM citations ORDER BY owner_type, owner, ord" },
	{ "kinds", "SELECT rowid, name, badge, description, core, file_no, line, col FROM kinds"
	  " ORDER BY rowid" },
	{ "relations", "SELECT rowid, name, inverse, secondary, description, core, file_no, line,"
	  " col FROM relations ORDER BY rowid" },
	{ "files", "SELECT file_no, size, title FROM files ORDER BY file_no" },
	{ "search", "SELECT term, doc, col, offset FROM temp.search_vocab"
	  " ORDER BY term, doc, col, offset" },
};

/* The content of the store, table by table, against the golden dumps in
 * tests/golden/equivalence/ (what the single-threaded loader built). */
Test(build, the_store_has_the_content_the_single_threaded_loader_gave_it)
{
	static const char *const files[] = {
		"equivalence/1-systems.yaml", "equivalence/2-places.yaml",
		"equivalence/3-declarations.yaml",
	};
	char *dir = scratch_dir();
	struct store *st = load_valid(dir, files, 3);
	char *path = xasprintf("%s/model.db", dir);
	char *attach = xasprintf("ATTACH '%s/model.db-search' AS fts", dir);
	sqlite3 *db;

	cr_assert_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(db, attach, NULL, NULL, NULL), SQLITE_OK, "%s",
	             sqlite3_errmsg(db));
	cr_assert_eq(sqlite3_exec(db, "CREATE VIRTUAL TABLE temp.search_vocab USING"
	                              " fts5vocab(fts, search, instance)", NULL, NULL, NULL),
	             SQLITE_OK, "%s", sqlite3_errmsg(db));
	for (size_t i = 0; i < sizeof(equivalence) / sizeof(equivalence[0]); i++) {
		char *golden = xasprintf("equivalence/%s.txt", equivalence[i].name);
		char *dump = dump_rows(db, equivalence[i].sql);

		expect_golden(golden, dump);
		free(dump);
		free(golden);
	}
	sqlite3_close(db);
	free(attach);
	free(path);
	unload_model(st, dir);
}

/* The search index a build starts beside its own indexes, for a caller
 * that searches next (build_progress.h: search_next), from a copy of the
 * rows while the database is written on: the same index, term for term. */
Test(build, the_search_index_built_beside_the_indexes_is_the_same)
{
	static const char *const files[] = {
		"equivalence/1-systems.yaml", "equivalence/2-places.yaml",
		"equivalence/3-declarations.yaml",
	};
	const char *paths[3];
	char *dir = scratch_dir(), *db = xasprintf("%s/model.db", dir), *error = NULL;
	char *attach = xasprintf("ATTACH '%s-search' AS fts", db), *dump;
	struct build_progress progress = BUILD_PROGRESS_INIT;
	struct load_limits limits;
	struct diag_list diags;
	struct store *st;
	sqlite3 *raw;

	for (size_t i = 0; i < 3; i++)
		paths[i] = model_path(files[i]);
	progress.search_next = true;
	load_limits_default(&limits);
	diag_init(&diags, 10);
	cr_assert_eq(model_load_watched(paths, 3, db, &limits, &progress, &diags, NULL),
	             LOAD_VALID);
	diag_free(&diags);
	cr_assert_not_null(progress.search_build, "no search index was started beside");
	st = store_open(db, &error);
	cr_assert(st, "%s", error);
	store_search_adopt(st, &progress);
	cr_expect_null(progress.search_build);
	cr_assert_eq(store_search_wait(st), STORE_SEARCH_READY, "%s", store_search_problem(st));
	store_close(st);
	cr_assert_eq(sqlite3_open_v2(db, &raw, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(raw, attach, NULL, NULL, NULL), SQLITE_OK, "%s",
	             sqlite3_errmsg(raw));
	cr_assert_eq(sqlite3_exec(raw, "CREATE VIRTUAL TABLE temp.search_vocab USING"
	                               " fts5vocab(fts, search, instance)", NULL, NULL, NULL),
	             SQLITE_OK, "%s", sqlite3_errmsg(raw));
	for (size_t i = 0; i < sizeof(equivalence) / sizeof(equivalence[0]); i++) {
		if (strcmp(equivalence[i].name, "search") != 0)
			continue;
		dump = dump_rows(raw, equivalence[i].sql);
		expect_golden("equivalence/search.txt", dump);
		free(dump);
	}
	sqlite3_close(raw);
	for (size_t i = 0; i < 3; i++)
		free((char *)paths[i]);
	remove_tree(dir);
	free(attach);
	free(db);
	free(dir);
}

/* ---- failures ------------------------------------------------------------------ */

/* A model of n organisations under one place, each with a link, a fact
 * and `text` bytes of prose. */
static char *write_big_model(const char *dir, size_t n, size_t text)
{
	struct strbuf sb = STRBUF_INIT;
	char *prose = xmalloc(text + 1), *path;

	for (size_t i = 0; i < text; i++)
		prose[i] = (char)(i % 7 == 6 ? ' ' : 'a' + (char)(i % 26));
	prose[text] = '\0';
	sb_puts(&sb, "icsview: 1\nentities:\n  - id: p\n    kind: place\n    name: The place\n");
	for (size_t i = 0; i < n; i++)
		sb_printf(&sb, "  - id: o%zu\n    kind: organisation\n    parent: p\n"
		          "    name: Organisation number %zu of the big model\n"
		          "    facts: {list_size: %zu}\n    text: %s\n"
		          "    links: [{rel: serves, to: p}]\n", i, i, 1000 + i, prose);
	path = write_file(dir, "big.yaml", sb_str(&sb));
	sb_free(&sb);
	free(prose);
	return path;
}

static size_t count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	cr_assert(d, "cannot list %s", dir);
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

/* The database may not grow past 1 MiB while the model needs some 30 MiB:
 * an insert on the SQLite thread fails (when its page cache spills) while
 * the loader is still reading, and the loader stops with the reason;
 * nothing is left behind. */
Test(build, a_write_that_fails_on_the_database_thread_stops_the_load)
{
	char *dir = scratch_dir(), *out = xasprintf("%s/out", dir);
	char *model = write_big_model(dir, 300, 100000);
	char *db = xasprintf("%s/model.db", out);
	pid_t pid;
	int status;

	cr_assert_eq(mkdir(out, 0700), 0);
	pid = fork();
	cr_assert_neq(pid, -1);
	if (pid == 0) {
		const char *paths[] = { model };
		struct rlimit limit = { 1024 * 1024, 1024 * 1024 };
		struct load_limits limits;
		struct diag_list diags;
		enum load_result rc;
		struct load_summary summary;
		bool said;

		signal(SIGXFSZ, SIG_IGN);
		setrlimit(RLIMIT_FSIZE, &limit);
		load_limits_default(&limits);
		diag_init(&diags, 10);
		rc = model_load(paths, 1, db, &limits, &diags, &summary);
		said = diags.count == 1 &&
		       strncmp(diags.items[0].message, "cannot store the model: ", 24) == 0;
		for (size_t i = 0; i < diags.count; i++)
			fprintf(stderr, "%s\n", diags.items[i].message);
		diag_free(&diags);
		/* it stopped reading soon after the failure, not at the end */
		_exit(rc == LOAD_FAILED && said && summary.entities < 300 ? 0 : 1);
	}
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	          "the load did not stop with one 'cannot store the model' error");
	cr_expect_eq(count_entries(out), 0, "files left behind in %s", out);
	remove_tree(dir);
	free(db);
	free(model);
	free(out);
	free(dir);
}

/* Starts a build of `model` into the cache in a child and sends it `sig`
 * once its temporary file exists. */
static void interrupt_a_build(const char *model, const char *cache, int sig)
{
	const char *paths[] = { model };
	struct model_cache_options opts = { .dir = cache };
	bool seen = false;
	pid_t pid;
	int status;

	pid = fork();
	cr_assert_neq(pid, -1);
	if (pid == 0) {
		struct model_cache_info info;
		struct diag_list diags;
		struct store *st = NULL;

		diag_init(&diags, 10);
		model_cache_open(paths, 1, &opts, &diags, &st, &info);
		_exit(0);
	}
	for (int i = 0; i < 10000 && !seen; i++) {
		DIR *d = opendir(cache);
		struct dirent *e;

		while (d && (e = readdir(d)) != NULL)
			seen = seen || strstr(e->d_name, ".tmp-") != NULL;
		if (d)
			closedir(d);
		if (!seen)
			usleep(500);
	}
	kill(pid, sig);
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_assert(seen, "the builder never started");
	cr_assert(WIFSIGNALED(status) && WTERMSIG(status) == sig,
	          "the builder was not ended by signal %d", sig);
}

/* A builder interrupted halfway leaves no cache: on SIGINT or SIGTERM it
 * removes its temporary file; killed, it leaves the temporary file, which
 * is never taken for a database.  Either way the next start builds. */
Test(build, an_interrupted_build_leaves_no_cache)
{
	char *dir = scratch_dir(), *cache = xasprintf("%s/cache", dir);
	char *model = write_big_model(dir, 40000, 0);
	const char *paths[] = { model };
	struct model_cache_options opts = { .dir = cache };
	struct model_cache_info info;
	struct diag_list diags;
	struct store *st = NULL;
	DIR *d;
	struct dirent *e;

	cr_assert_eq(mkdir(cache, 0700), 0);
	interrupt_a_build(model, cache, SIGINT);
	cr_expect_eq(count_entries(cache), 0, "SIGINT left files in the cache");
	interrupt_a_build(model, cache, SIGTERM);
	cr_expect_eq(count_entries(cache), 0, "SIGTERM left files in the cache");
	interrupt_a_build(model, cache, SIGKILL);
	d = opendir(cache);
	while ((e = readdir(d)) != NULL)
		cr_expect(strncmp(e->d_name, "model-", 6) != 0 || strstr(e->d_name, ".tmp-"),
		          "a database was left: %s", e->d_name);
	closedir(d);
	diag_init(&diags, 10);
	cr_assert_eq(model_cache_open(paths, 1, &opts, &diags, &st, &info), LOAD_VALID);
	cr_expect_not(info.hit);
	model_cache_close(st, &info);
	diag_free(&diags);
	remove_tree(dir);
	free(model);
	free(cache);
	free(dir);
}

/* An entity and one nested in it share an id: a reference to that id read
 * after the nested one closes, but before the outer one does, resolves to
 * the outer one (the first defined), as it would once every file is read. */
Test(build, a_reference_waits_while_an_open_entity_could_take_its_id)
{
	char *dir = scratch_dir();
	char *model = write_file(dir, "dup.yaml",
		"icsview: 1\n"
		"entities:\n"
		"  - id: dup\n"
		"    kind: source\n"
		"    name: The outer one, a source\n"
		"    children:\n"
		"      - id: dup\n"
		"        kind: organisation\n"
		"        name: The nested one\n"
		"      - id: citing\n"
		"        kind: board\n"
		"        name: A board citing dup\n"
		"        source: dup\n");
	const char *paths[] = { model };
	struct diag_list diags;

	cr_assert_eq(check_paths(paths, 1, NULL, &diags), LOAD_INVALID);
	for (size_t i = 0; i < diags.count; i++)
		cr_log_info("%s", diags.items[i].message);
	cr_assert_eq(diags.count, 1, "expected only the duplicate, got %zu problems", diags.count);
	cr_expect_eq(diags.items[0].line, 7);
	cr_expect_eq(diags.items[0].col, 9);
	diag_free(&diags);
	remove_tree(dir);
	free(model);
	free(dir);
}
