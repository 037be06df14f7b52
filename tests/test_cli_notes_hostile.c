/* A notes file written by someone else, read by `icsview review`: every
 * column it holds is untrusted.  Terminal controls planted in any of them
 * (the time of a change, its author, an entity id, the note) come out
 * escaped in every format and in the history, never raw; a file holding schema objects that
 * icsview did not create (a trigger, a view, a table, an index) is refused
 * and left as it was. */
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "helpers.h"
#include "icsview/store/notes.h"
#include "icsview/base/util.h"

static char *work, *notes_path;

static void setup(void)
{
	work = scratch_dir();
	notes_path = xasprintf("%s/notes.db", work);
}

static void teardown(void)
{
	remove_tree(work);
	free(work);
	free(notes_path);
}

TestSuite(cli_notes_hostile, .init = setup, .fini = teardown);

/* The terminal title, the clipboard (OSC 52), a clear screen, a C1 CSI, a
 * right-to-left override, a byte that is not UTF-8, CR, LF and DEL. */
#define HOSTILE "\x1b]0;PWNED\x07\x1b]52;c;cHduZWQ=\x07\x1b[2J \xc2\x9b" "31m \xe2\x80\xae" \
	"rtl \x9b cut\r\nhere\x7f"

/* A note on n-board and one on n-sth, written by icsview; then every text
 * column of every row overwritten with HOSTILE, as another program could. */
static void write_hostile_notes(void)
{
	char *model = model_path("good/nested.yaml");
	char *key = realpath(model, NULL);      /* the model key, for the planted row */
	struct notes *n = open_model_notes(notes_path, "good/nested.yaml", "alice");
	sqlite3 *db;
	sqlite3_stmt *stmt;

	cr_assert_not_null(key);
	cr_assert_eq(notes_set_text(n, "n-board", "a note"), NOTES_OK);
	cr_assert_eq(notes_set_flag(n, "n-sth", NOTE_FLAG_CONCERN), NOTES_OK);
	notes_close(n);
	cr_assert_eq(sqlite3_open(notes_path, &db), SQLITE_OK);
	cr_assert_eq(sqlite3_prepare_v2(db, "UPDATE notes SET changed = ?1, who = ?1", -1, &stmt,
	                                NULL), SQLITE_OK);
	sqlite3_bind_text(stmt, 1, HOSTILE, -1, SQLITE_STATIC);
	cr_assert_eq(sqlite3_step(stmt), SQLITE_DONE);
	sqlite3_finalize(stmt);
	cr_assert_eq(sqlite3_prepare_v2(db, "INSERT INTO notes(model_key, entity_id, text, who,"
	                                " changed) VALUES (?1, ?2, ?2, ?2, ?2)", -1, &stmt, NULL),
	             SQLITE_OK);
	sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, HOSTILE, -1, SQLITE_STATIC);
	cr_assert_eq(sqlite3_step(stmt), SQLITE_DONE);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	free(key);
	free(model);
}

/* No terminal control reaches the output: no byte below 0x20 but LF (and
 * CR before LF where crlf), no DEL, no C1 control, no U+202E, no byte that
 * is not UTF-8 from the planted value. */
static void expect_no_raw_controls(const char *what, const char *text, bool crlf)
{
	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		bool line_end = *p == '\n' || (crlf && p[0] == '\r' && p[1] == '\n');

		cr_expect(line_end || (*p >= 0x20 && *p != 0x7f),
		          "%s: raw byte 0x%02x at %zu", what, *p, (size_t)(p - (const unsigned char *)text));
		cr_expect(!(p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f), "%s: raw C1 control", what);
		cr_expect(!(p[0] == 0xe2 && p[1] == 0x80 && p[2] == 0xae), "%s: raw U+202E", what);
	}
	cr_expect(strstr(text, "\x9b cut") == NULL, "%s: a byte that is not UTF-8, raw", what);
}

/* The export's time, in JSON and in Markdown, to dashes: the two exports
 * compared may fall in different seconds. */
static void blank_export_time(char *text)
{
	static const struct { const char *key; char end; } keys[] = {
		{ "\"exported\": \"", '"' },
		{ "- **Exported:** ", ' ' },
	};

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		char *at = strstr(text, keys[i].key);

		if (!at)
			continue;
		for (at += strlen(keys[i].key); *at && *at != keys[i].end && *at != '\n'; at++)
			*at = '-';
	}
}

static struct run review(const char *args)
{
	char *command = xasprintf("review %s --notes '%s' " NESTED, args, notes_path);
	struct run r = run_icsview(command);

	free(command);
	return r;
}

Test(cli_notes_hostile, review_list_escapes_every_column)
{
	struct run r;

	write_hostile_notes();
	r = review("list");
	cr_assert_eq(r.status, 0, "%s", r.err);
	expect_no_raw_controls("review list", r.out, false);
	/* shown, not obeyed: the title sequence, the line break, the override */
	cr_expect(strstr(r.out, "last changed by ^[]0;PWNED^G") != NULL, "%s", r.out);
	cr_expect(strstr(r.out, "cut^M^Jhere^?") != NULL, "%s", r.out);
	cr_expect(strstr(r.out, "<U+202E>") != NULL, "%s", r.out);
	run_free(&r);
}

/* Each format, to stdout and to a file: escaped (JSON: \u escapes). */
Test(cli_notes_hostile, review_export_escapes_every_column_in_every_format)
{
	static const struct { const char *args, *file; bool crlf; } cases[] = {
		{ "export -F text", "r.txt", false },
		{ "export -F md", "r.md", false },
		{ "export -F csv", "r.csv", true },
		{ "export -F json", "r.json", false },
	};

	write_hostile_notes();
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *to_file = xasprintf("%s -o '%s/%s'", cases[i].args, work, cases[i].file);
		char *path = xasprintf("%s/%s", work, cases[i].file);
		struct run r = review(cases[i].args), w = review(to_file);
		char *written;

		cr_assert_eq(r.status, 0, "%s: %s", cases[i].args, r.err);
		cr_assert_eq(w.status, 0, "%s: %s", to_file, w.err);
		written = slurp(path);
		expect_no_raw_controls(cases[i].args, r.out, cases[i].crlf);
		expect_no_raw_controls(to_file, written, cases[i].crlf);
		blank_export_time(written);
		blank_export_time(r.out);
		cr_expect_str_eq(written, r.out, "%s: the file differs from stdout", cases[i].args);
		cr_expect(strstr(r.out, "PWNED") != NULL, "%s: the value is not shown", cases[i].args);
		free(written);
		free(path);
		free(to_file);
		run_free(&r);
		run_free(&w);
	}
}

/* The JSON still holds the values exactly (escaped as JSON does). */
Test(cli_notes_hostile, review_json_keeps_the_values)
{
	char *args;

	write_hostile_notes();
	args = xasprintf("review export --format json --notes '%s' " NESTED, notes_path);
	check_json(args,
		"all(e['when'] == '\\x1b]0;PWNED\\x07\\x1b]52;c;cHduZWQ=\\x07\\x1b[2J \\x9b31m \\u202ertl"
		" \\ufffd cut\\r\\nhere\\x7f' for e in d['entities'])\n"
		"len(d['entities']) == 3\n");
	free(args);
}

/* Every text column of every history row overwritten with HOSTILE: the
 * entity, what changed, the value, who and when. */
static void write_hostile_history(void)
{
	sqlite3 *db;
	sqlite3_stmt *stmt;

	write_hostile_notes();
	cr_assert_eq(sqlite3_open(notes_path, &db), SQLITE_OK);
	cr_assert_eq(sqlite3_prepare_v2(db, "UPDATE history SET entity_id = ?1, what = ?1,"
	                                " value = ?1, who = ?1, changed = ?1", -1, &stmt, NULL),
	             SQLITE_OK);
	sqlite3_bind_text(stmt, 1, HOSTILE, -1, SQLITE_STATIC);
	cr_assert_eq(sqlite3_step(stmt), SQLITE_DONE);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
}

Test(cli_notes_hostile, review_history_escapes_every_column)
{
	struct run r;
	char *args;

	write_hostile_history();
	r = review("history");
	cr_assert_eq(r.status, 0, "%s", r.err);
	expect_no_raw_controls("review history", r.out, false);
	cr_expect(strstr(r.out, "^[]0;PWNED^G") != NULL, "%s", r.out);
	cr_expect(strstr(r.out, "<U+202E>") != NULL, "%s", r.out);
	run_free(&r);
	args = xasprintf("review history --json --notes '%s' " NESTED, notes_path);
	check_json(args,
		"len(d['changes']) == 2\n"
		"all(c[k] == '\\x1b]0;PWNED\\x07\\x1b]52;c;cHduZWQ=\\x07\\x1b[2J \\x9b31m \\u202ertl"
		" \\ufffd cut\\r\\nhere\\x7f' for c in d['changes']"
		" for k in ('entity', 'what', 'after', 'who', 'when'))\n");
	free(args);
	r = review("history --json");
	cr_assert_eq(r.status, 0, "%s", r.err);
	expect_no_raw_controls("review history --json", r.out, false);
	run_free(&r);
}

/* ---- schema objects icsview did not create ------------------------------ */

static void plant(const char *sql)
{
	sqlite3 *db;
	char *err = NULL;

	cr_assert_eq(sqlite3_open(notes_path, &db), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(db, sql, NULL, NULL, &err), SQLITE_OK, "%s: %s", sql, err);
	sqlite3_close(db);
}

Test(cli_notes_hostile, a_notes_file_with_objects_of_its_own_is_refused)
{
	static const char *const planted[] = {
		"CREATE TRIGGER wipe AFTER UPDATE ON notes BEGIN DELETE FROM notes; END",
		"CREATE VIEW everything AS SELECT * FROM notes",
		"CREATE TABLE extra(x)",
		"CREATE INDEX notes_by_who ON notes(who)",
	};

	for (size_t i = 0; i < sizeof(planted) / sizeof(planted[0]); i++) {
		struct run r;
		char *before, *after;
		size_t before_size, after_size;

		unlink(notes_path);
		write_hostile_notes();
		plant(planted[i]);
		before = slurp_bytes(notes_path, &before_size);
		r = review("list");
		cr_expect_eq(r.status, 4, "%s: status %d", planted[i], r.status);
		cr_expect_str_eq(r.out, "", "%s", planted[i]);
		cr_expect(strstr(r.err, "refusing to use this notes file: it holds schema objects"
		                        " icsview did not create") != NULL, "%s: %s", planted[i], r.err);
		after = slurp_bytes(notes_path, &after_size);
		cr_expect(after_size == before_size && memcmp(after, before, after_size) == 0,
		          "%s: the file was changed", planted[i]);
		free(before);
		free(after);
		run_free(&r);
	}
}

/* ---- the review's CSV: no cell a spreadsheet would run ------------------ */

Test(cli_notes_hostile, review_csv_neutralises_formulas)
{
	struct notes *n = open_model_notes(notes_path, "good/nested.yaml", "alice");
	char *args, *script, *command, *err_path, *err;
	sqlite3 *db;
	struct run r;
	int rc;

	cr_assert_eq(notes_set_text(n, "n-board", "=cmd|' /C calc'!A0\nsecond line"), NOTES_OK);
	cr_assert_eq(notes_set_text(n, "@gone", "+1"), NOTES_OK);
	notes_close(n);
	cr_assert_eq(sqlite3_open(notes_path, &db), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(db, "UPDATE notes SET who = '@who', changed = '-1'", NULL, NULL,
	                          NULL), SQLITE_OK);
	sqlite3_close(db);
	args = xasprintf("export -o '%s/review.csv'", work);
	r = review(args);
	cr_assert_eq(r.status, 0, "%s", r.err);
	script = write_file(work, "check.py",
		"import csv\n"
		"with open('review.csv', newline='', encoding='utf-8') as f:\n"
		"    rows = list(csv.reader(f))\n"
		"for r in rows:\n"
		"    for cell in r:\n"
		"        assert not cell or cell[0] not in '=+-@\\t\\r', (cell, r)\n"
		"board = [r for r in rows if r[1] == 'n-board'][0]\n"
		"assert board[6] == \"'=cmd|' /C calc'!A0\\nsecond line\", board\n"
		"assert board[7:9] == [\"'@who\", \"'-1\"], board\n"
		"gone = [r for r in rows if r[1] == \"'@gone\"][0]\n"
		"assert gone[6] == \"'+1\", gone\n");
	command = xasprintf("cd '%s' && python3 check.py 2>err", work);
	err_path = xasprintf("%s/err", work);
	rc = system(command);
	err = slurp(err_path);
	cr_expect_eq(rc, 0, "%s", err);
	free(err); free(err_path); free(command); free(script); free(args);
	run_free(&r);
}

/* A NUL byte planted in the note, its author and its time (and in the
 * history's value): read with the column's length, shown escaped (^@,
 * JSON \u0000) in every output, nothing after it cut off. */
#define WITH_NUL "before\0after the NUL"
#define WITH_NUL_BYTES (sizeof(WITH_NUL) - 1)

static void write_notes_with_nul(void)
{
	struct notes *n = open_model_notes(notes_path, "good/nested.yaml", "alice");
	sqlite3 *db;
	sqlite3_stmt *stmt;

	cr_assert_eq(notes_set_text(n, "n-board", "a note"), NOTES_OK);
	notes_close(n);
	cr_assert_eq(sqlite3_open(notes_path, &db), SQLITE_OK);
	cr_assert_eq(sqlite3_prepare_v2(db, "UPDATE notes SET text = ?1, who = ?1, changed = ?1;",
	                                -1, &stmt, NULL), SQLITE_OK);
	sqlite3_bind_text(stmt, 1, WITH_NUL, (int)WITH_NUL_BYTES, SQLITE_STATIC);
	cr_assert_eq(sqlite3_step(stmt), SQLITE_DONE);
	sqlite3_finalize(stmt);
	cr_assert_eq(sqlite3_prepare_v2(db, "UPDATE history SET value = ?1, who = ?1", -1, &stmt,
	                                NULL), SQLITE_OK);
	sqlite3_bind_text(stmt, 1, WITH_NUL, (int)WITH_NUL_BYTES, SQLITE_STATIC);
	cr_assert_eq(sqlite3_step(stmt), SQLITE_DONE);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
}

Test(cli_notes_hostile, a_planted_nul_is_shown_escaped_and_nothing_is_cut)
{
	static const char *const text_outputs[] = {
		"list", "export -F text", "export -F md", "export -F csv", "history",
	};
	char *args;

	write_notes_with_nul();
	for (size_t i = 0; i < sizeof(text_outputs) / sizeof(text_outputs[0]); i++) {
		struct run r = review(text_outputs[i]);

		cr_assert_eq(r.status, 0, "%s: %s", text_outputs[i], r.err);
		expect_no_raw_controls(text_outputs[i], r.out, strstr(text_outputs[i], "csv") != NULL);
		cr_expect(strstr(r.out, "before^@after the NUL") != NULL, "%s: %s", text_outputs[i],
		          r.out);
		run_free(&r);
	}
	args = xasprintf("review export --format json --notes '%s' " NESTED, notes_path);
	check_json(args,
		"[(e['id'], e['note'], e['who'], e['when']) for e in d['entities']] =="
		" [('n-board', 'before\\x00after the NUL', 'before\\x00after the NUL',"
		" 'before\\x00after the NUL')]\n");
	free(args);
	args = xasprintf("review history --json --notes '%s' " NESTED, notes_path);
	check_json(args,
		"[(c['after'], c['who']) for c in d['changes']] =="
		" [('before\\x00after the NUL', 'before\\x00after the NUL')]\n");
	free(args);
}
