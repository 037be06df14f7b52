#define _XOPEN_SOURCE 700
#include "helpers.h"
#include "icsview/store/notes.h"

#include <criterion/criterion.h>
#include <sqlite3.h>
#include <ftw.h>
#include <regex.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

char *model_path(const char *relative)
{
	const char *root = getenv("TEST_MODELS");

	if (relative[0] == '/')
		return xstrdup(relative);     /* a model a test wrote */
	cr_assert(root, "TEST_MODELS is not set: run the tests through meson test");
	return xasprintf("%s/%s", root, relative);
}

struct notes *open_model_notes(const char *path, const char *relative, const char *user)
{
	char *model = model_path(relative);
	char *key = realpath(model, NULL);
	struct notes_options opts = { .user = user };
	struct notes_status status;
	struct notes *n;

	cr_assert_not_null(key, "%s", model);
	n = notes_open_with(path, key, &opts, &status);
	cr_assert_not_null(n, "%s", status.message);
	notes_status_clear(&status);
	free(key);
	free(model);
	return n;
}

char *scratch_dir(void)
{
	const char *tmp = getenv("TMPDIR");
	char *dir = xasprintf("%s/icsview-test-XXXXXX", tmp && *tmp ? tmp : "/tmp");

	cr_assert(mkdtemp(dir), "mkdtemp failed");
	return dir;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st; (void)flag; (void)ftw;
	return remove(path);
}

void remove_tree(const char *path)
{
	nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

char *write_file(const char *dir, const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "wb");

	cr_assert(f, "cannot write %s", path);
	fputs(text, f);
	fclose(f);
	return path;
}

static void print_diags(const struct diag_list *diags)
{
	for (size_t i = 0; i < diags->count; i++) {
		char *line = diag_format(&diags->items[i]);
		cr_log_error("%s", line);
		free(line);
	}
}

/* The loader's promise, which the build no longer checks itself
 * (store_index.h). */
void expect_references_resolve(const char *db_path)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *stmt = NULL;
	int rc = sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL);

	cr_assert_eq(rc, SQLITE_OK, "%s: %s", db_path, sqlite3_errmsg(db));
	rc = sqlite3_prepare_v2(db, "PRAGMA foreign_key_check", -1, &stmt, NULL);
	cr_assert_eq(rc, SQLITE_OK, "foreign_key_check: %s", sqlite3_errmsg(db));
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		cr_expect_fail("%s: a reference from table %s row %lld to %s does not resolve", db_path,
		               (const char *)sqlite3_column_text(stmt, 0),
		               (long long)sqlite3_column_int64(stmt, 1),
		               (const char *)sqlite3_column_text(stmt, 2));
	cr_expect_eq(rc, SQLITE_DONE, "foreign_key_check: %s", sqlite3_errmsg(db));
	sqlite3_finalize(stmt);
	sqlite3_close(db);
}

struct store *load_paths(const char *dir, const char *const *paths, size_t count)
{
	char *db = xasprintf("%s/model.db", dir);
	struct load_limits limits;
	struct diag_list diags;
	struct store *st;
	char *error = NULL;
	enum load_result rc;

	load_limits_default(&limits);
	diag_init(&diags, 100);
	rc = model_load(paths, count, db, &limits, &diags, NULL);
	print_diags(&diags);
	cr_assert_eq(rc, LOAD_VALID, "model did not load (%zu problems)", diag_total(&diags));
	diag_free(&diags);
	expect_references_resolve(db);
	st = store_open(db, &error);
	cr_assert(st, "store_open: %s", error ? error : "?");
	/* the search index comes after the database */
	cr_assert_eq(store_search_build(st), 0, "%s", store_search_problem(st));
	cr_assert_eq(store_search_wait(st), STORE_SEARCH_READY, "%s", store_search_problem(st));
	free(db);
	return st;
}

struct store *load_valid(const char *dir, const char *const *relative, size_t count)
{
	char **paths = xcalloc(count, sizeof(*paths));
	struct store *st;

	for (size_t i = 0; i < count; i++)
		paths[i] = model_path(relative[i]);
	st = load_paths(dir, (const char *const *)paths, count);
	for (size_t i = 0; i < count; i++)
		free(paths[i]);
	free(paths);
	return st;
}

enum load_result check_paths(const char *const *paths, size_t count,
                             const struct load_limits *limits, struct diag_list *diags)
{
	struct load_limits defaults;
	enum load_result rc;

	if (!limits) {
		load_limits_default(&defaults);
		limits = &defaults;
	}
	diag_init(diags, limits->max_errors);
	rc = model_load(paths, count, NULL, limits, diags, NULL);
	diag_sort(diags);
	return rc;
}

int64_t eid_of(struct store *st, const char *id)
{
	struct entity e;
	int64_t eid;

	cr_assert_eq(store_entity_by_id(st, id, &e), STORE_OK, "no entity '%s'", id);
	eid = e.eid;
	entity_clear(&e);
	return eid;
}

char *slurp_bytes(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	struct strbuf sb = STRBUF_INIT;
	char buffer[4096];
	size_t n;

	cr_assert(f, "cannot read %s", path);
	while ((n = fread(buffer, 1, sizeof(buffer), f)) > 0)
		sb_add(&sb, buffer, n);
	fclose(f);
	if (size)
		*size = sb.len;
	return sb_detach(&sb);
}

char *slurp(const char *path)
{
	return slurp_bytes(path, NULL);
}

struct run run_icsview_env(const char *env, const char *args)
{
	char *dir = scratch_dir();
	char *command = xasprintf("cd '%s' && %s '%s' %s >'%s/out' 2>'%s/err' </dev/null",
	                          getenv("TEST_MODELS"), env, getenv("ICSVIEW_BIN"), args, dir, dir);
	char *out = xasprintf("%s/out", dir), *err = xasprintf("%s/err", dir);
	struct run r;
	int status = system(command);

	cr_assert(WIFEXITED(status), "icsview did not exit normally");
	r.status = WEXITSTATUS(status);
	r.out = slurp(out);
	r.err = slurp(err);
	remove_tree(dir);
	free(command); free(out); free(err); free(dir);
	return r;
}

struct run run_icsview(const char *args)
{
	return run_icsview_env("", args);
}

void run_free(struct run *r)
{
	free(r->out);
	free(r->err);
}

/* Compares text line by line, naming the first line that differs; with
 * head_only, only as many lines as expected has. */
static void compare_lines(const char *actual, const char *expected, bool head_only)
{
	size_t line = 1;

	while (*actual && *expected) {
		size_t a = strcspn(actual, "\n"), e = strcspn(expected, "\n");

		cr_expect(a == e && memcmp(actual, expected, a) == 0,
		          "line %zu:\n  got:      %.*s\n  expected: %.*s", line, (int)a, actual,
		          (int)e, expected);
		if (a != e || memcmp(actual, expected, a) != 0)
			return;
		actual += a + (actual[a] == '\n');
		expected += e + (expected[e] == '\n');
		line++;
	}
	if (head_only && !*expected)
		return;
	cr_expect(!*actual && !*expected, "from line %zu:\n  got:      %.60s\n  expected: %.60s",
	          line, actual, expected);
}

void expect_lines(const char *actual, const char *expected)
{
	compare_lines(actual, expected, false);
}

void expect_head(const char *actual, const char *expected)
{
	compare_lines(actual, expected, true);
}

static char *golden_path(const char *relative)
{
	const char *root = getenv("TEST_GOLDEN");

	cr_assert(root, "TEST_GOLDEN is not set: run the tests through meson test");
	return xasprintf("%s/%s", root, relative);
}

/* `diff -u expected actual`, at most `limit` bytes of it; caller frees. */
static char *diff_files(const char *expected, const char *actual, size_t limit)
{
	char *command = xasprintf("diff -u '%s' '%s' 2>&1", expected, actual);
	char *out = xmalloc(limit + 1);
	FILE *p = popen(command, "r");
	size_t n = 0;

	cr_assert(p, "cannot run %s", command);
	n = fread(out, 1, limit, p);
	out[n] = '\0';
	pclose(p);
	free(command);
	return out;
}

void expect_golden(const char *relative, const char *actual)
{
	const char *update = getenv("ICSVIEW_UPDATE_GOLDEN");
	char *path = golden_path(relative), *expected, *dir, *written, *diff;

	if (update && strcmp(update, "1") == 0) {
		FILE *f = fopen(path, "w");

		cr_assert(f, "cannot write %s", path);
		cr_assert_eq(fputs(actual, f) >= 0 && fclose(f) == 0, true, "cannot write %s", path);
		cr_log_info("%s written", path);
		free(path);
		return;
	}
	cr_assert_eq(access(path, R_OK), 0,
	             "no golden file %s (ICSVIEW_UPDATE_GOLDEN=1 writes it)", path);
	expected = slurp(path);
	if (strcmp(actual, expected) != 0) {
		dir = scratch_dir();
		written = write_file(dir, "actual", actual);
		diff = diff_files(path, written, 16384);
		cr_expect_fail("%s differs from what was built (- pinned, + built):\n%s", path, diff);
		free(diff);
		free(written);
		remove_tree(dir);
		free(dir);
	}
	free(expected);
	free(path);
}

/* Runs a python3 script on the JSON that `icsview ARGS` writes, as `d`;
 * each line of `checks` is an assertion. */
void check_json(const char *args, const char *checks)
{
	struct run r = run_icsview(args);
	char *dir = scratch_dir();
	struct strbuf script = STRBUF_INIT;
	char *json, *err, *command, *err_path;
	int status;

	cr_assert_eq(r.status, 0, "icsview %s: exit %d: %s", args, r.status, r.err);
	cr_expect_str_eq(r.err, "");
	json = write_file(dir, "out.json", r.out);
	sb_puts(&script, "import json, sys\n"
	                 "d = json.load(open(sys.argv[1], encoding='utf-8', errors='strict'))\n");
	for (const char *line = checks; *line;) {
		size_t n = strcspn(line, "\n");

		sb_printf(&script, "assert %.*s, %s\n", (int)n, line, "repr(d)[:2000]");
		line += n + (line[n] == '\n');
	}
	sb_puts(&script, "print('ok')\n");
	free(write_file(dir, "check.py", sb_str(&script)));
	err_path = xasprintf("%s/err", dir);
	command = xasprintf("cd '%s' && python3 check.py '%s' >/dev/null 2>err", dir, json);
	status = system(command);
	err = slurp(err_path);
	cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 0, "icsview %s:\n%s", args, err);
	free(err); free(command); free(err_path); free(json);
	sb_free(&script);
	remove_tree(dir);
	free(dir);
	run_free(&r);
}

void unload_model(struct store *st, char *dir)
{
	store_close(st);
	remove_tree(dir);
	free(dir);
}

struct store *load_bundled_data(char **dir)
{
	const char *data = getenv("ICSVIEW_DATA");
	const char *paths[] = { data };

	cr_assert(data, "ICSVIEW_DATA is not set: run the tests through meson test");
	*dir = scratch_dir();
	return load_paths(*dir, paths, 1);
}

char *times_replaced(const char *text)
{
	regex_t re;
	regmatch_t m;
	struct strbuf sb = STRBUF_INIT;
	const char *p = text;

	cr_assert_eq(regcomp(&re, "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z",
	                     REG_EXTENDED), 0);
	while (regexec(&re, p, 1, &m, 0) == 0) {
		sb_add(&sb, p, (size_t)m.rm_so);
		sb_puts(&sb, "TIME");
		p += m.rm_eo;
	}
	sb_puts(&sb, p);
	regfree(&re);
	return sb_detach(&sb);
}
