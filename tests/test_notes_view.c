/* The remembered view: its record in a real notes file (notes_view_* in
 * notes.h: round trip, one per model key and user, read-only, limits, a
 * busy file, hand-edited garbage) and what the views layer makes of it
 * over a real model (saved_view.h: ids and eids both ways, the marks'
 * text, ids the model no longer has, damaged records).
 *
 * The model (good/nested.yaml), in tree order:
 *   n-system › n-sheffield › n-sth;  n-system › n-doncaster;  n-system › n-board;
 *   nested-doc;  other-doc */
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "helpers.h"
#include "icsview/base/util.h"
#include "icsview/store/notes.h"
#include "icsview/views/saved_view.h"
#include "notes_fixture.h"

static char *model_dir;
static struct store *st;

static void setup(void)
{
	static const char *const models[] = { "good/nested.yaml" };

	notes_setup();
	model_dir = scratch_dir();
	st = load_valid(model_dir, models, 1);
}

static void teardown(void)
{
	unload_model(st, model_dir);
	notes_teardown();
}

TestSuite(notes_view, .init = setup, .fini = teardown);

/* ---- helpers -------------------------------------------------------------------- */

static struct notes *open_as(const char *key, const char *user, bool read_only)
{
	struct notes_options opts = { .user = user, .read_only = read_only };

	return open_ok(db_path, key, &opts);
}

static void put_ok(struct notes *n, const char *selection, const char *root, const char *filter,
                   const char *marks)
{
	struct notes_view v = { NOTES_VIEW_VERSION, (char *)selection, (char *)root,
	                        (char *)filter, (char *)marks, NULL };

	cr_assert_eq(notes_view_put(n, &v, 0), NOTES_OK, "%s", notes_errmsg(n));
}

static void expect_text(const char *what, const char *got, const char *want)
{
	if (!want)
		cr_expect_null(got, "%s: got '%s', want none", what, got ? got : "");
	else
		cr_expect(got && strcmp(got, want) == 0, "%s: got '%s', want '%s'", what,
		          got ? got : "(none)", want);
}

/* Runs sql on the notes file through a connection of the test's own. */
static void edit_file(const char *sql)
{
	sqlite3 *db;

	cr_assert_eq(sqlite3_open(db_path, &db), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK, "%s: %s", sql,
	             sqlite3_errmsg(db));
	sqlite3_close(db);
}

/* ---- the record ------------------------------------------------------------------ */

Test(notes_view, round_trip)
{
	struct notes *n = open_as("m", "ann", false);
	struct notes_view v;

	cr_expect_eq(notes_view_get(n, &v), NOTES_NOT_FOUND);
	cr_expect_null(v.selection);
	put_ok(n, "n-sth", "n-system", "kind:trust", "a - n-board\n");
	notes_close(n);

	n = open_as("m", "ann", false);
	cr_assert_eq(notes_view_get(n, &v), NOTES_OK, "%s", notes_errmsg(n));
	cr_expect_eq(v.version, NOTES_VIEW_VERSION);
	expect_text("selection", v.selection, "n-sth");
	expect_text("root", v.root, "n-system");
	expect_text("filter", v.filter, "kind:trust");
	expect_text("marks", v.marks, "a - n-board\n");
	cr_expect(v.when && strlen(v.when) == 20 && v.when[19] == 'Z', "%s", v.when);
	notes_view_clear(&v);

	/* replaced whole: fields left out are gone */
	put_ok(n, "n-board", NULL, NULL, NULL);
	cr_assert_eq(notes_view_get(n, &v), NOTES_OK);
	expect_text("selection", v.selection, "n-board");
	expect_text("root", v.root, NULL);
	expect_text("filter", v.filter, NULL);
	expect_text("marks", v.marks, NULL);
	notes_view_clear(&v);
	notes_close(n);
}

Test(notes_view, one_record_per_model_key_and_user)
{
	struct notes *ann = open_as("m", "ann", false), *bob = open_as("m", "bob", false);
	struct notes *other = open_as("other", "ann", false);
	struct notes_view v;

	put_ok(ann, "n-sth", NULL, NULL, NULL);
	put_ok(bob, "n-board", NULL, NULL, NULL);
	cr_expect_eq(notes_view_get(other, &v), NOTES_NOT_FOUND);
	cr_assert_eq(notes_view_get(ann, &v), NOTES_OK);
	expect_text("ann's", v.selection, "n-sth");
	notes_view_clear(&v);
	cr_assert_eq(notes_view_get(bob, &v), NOTES_OK);
	expect_text("bob's", v.selection, "n-board");
	notes_view_clear(&v);
	notes_close(ann);
	notes_close(bob);
	notes_close(other);
}

Test(notes_view, read_only_reads_and_refuses_writes)
{
	struct notes *n = open_as("m", "ann", false);
	struct notes_view v;

	put_ok(n, "n-sth", NULL, NULL, NULL);
	notes_close(n);
	n = open_as("m", "ann", true);
	cr_assert_eq(notes_view_get(n, &v), NOTES_OK);
	expect_text("selection", v.selection, "n-sth");
	cr_expect_eq(notes_view_put(n, &v, 0), NOTES_READ_ONLY);
	notes_view_clear(&v);
	notes_close(n);
}

Test(notes_view, values_past_the_limit_are_refused)
{
	struct notes *n = open_as("m", "ann", false);
	char *big = xmalloc(NOTES_MAX_TEXT + 2);
	struct notes_view v = { .version = NOTES_VIEW_VERSION, .filter = big };

	memset(big, 'x', NOTES_MAX_TEXT + 1);
	big[NOTES_MAX_TEXT + 1] = '\0';
	cr_expect_eq(notes_view_put(n, &v, 0), NOTES_TOO_LARGE);
	cr_expect(strstr(notes_errmsg(n), "at most"), "%s", notes_errmsg(n));
	free(big);
	notes_close(n);
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

Test(notes_view, a_busy_file_fails_within_the_wait)
{
	struct notes *n = open_as("m", "ann", false);
	struct notes_view v = { .version = NOTES_VIEW_VERSION, .selection = "n-sth" };
	sqlite3 *other;
	double started;

	put_ok(n, "n-board", NULL, NULL, NULL);
	cr_assert_eq(sqlite3_open(db_path, &other), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
	started = now_ms();
	cr_expect_eq(notes_view_put(n, &v, 50), NOTES_ERROR);
	cr_expect_lt(now_ms() - started, 2000.0, "waited %.0f ms", now_ms() - started);
	sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(other);
	/* the store's own wait is as it was: the next write goes through */
	cr_expect_eq(notes_view_put(n, &v, 0), NOTES_OK, "%s", notes_errmsg(n));
	notes_close(n);
}

/* A hand-edited record: refused with the column named, never a crash. */
static void expect_damaged(const char *set, const char *column)
{
	struct notes *n = open_as("m", "ann", false);
	struct notes_view v;
	char *sql;

	put_ok(n, "n-sth", "n-system", "kind:trust", "a - n-board\n");
	sql = xasprintf("UPDATE views SET %s", set);
	edit_file(sql);
	free(sql);
	cr_expect_eq(notes_view_get(n, &v), NOTES_DAMAGED, "after SET %s", set);
	cr_expect(strstr(notes_errmsg(n), "damaged") && strstr(notes_errmsg(n), column),
	          "%s", notes_errmsg(n));
	cr_expect_null(v.selection);
	cr_expect_null(v.marks);
	notes_close(n);
}

Test(notes_view, damaged_values_are_refused)
{
	expect_damaged("version = 'one'", "version");
	expect_damaged("version = 1.5", "version");
	/* a number in a text column is stored as text: a blob is not */
	expect_damaged("selection = CAST('n-sth' AS BLOB)", "selection");
	expect_damaged("root = x'00ff'", "root");
	expect_damaged("filter = 'kind:' || char(0) || 'x'", "filter");
	expect_damaged("marks = zeroblob(10)", "marks");
	expect_damaged("changed = x'00'", "changed");
}

/* ---- the schema: an older file gains the table -------------------------------------- */

/* db_path made a notes file of schema version 1, with one note. */
static void make_version_1_file(void)
{
	char *sql = xasprintf(
		"PRAGMA application_id=%d; PRAGMA user_version=1;"
		"CREATE TABLE notes(model_key TEXT NOT NULL, entity_id TEXT NOT NULL,"
		" text TEXT NOT NULL DEFAULT '',"
		" flag INTEGER NOT NULL DEFAULT 0 CHECK(flag BETWEEN 0 AND 3),"
		" reviewed INTEGER NOT NULL DEFAULT 0 CHECK(reviewed IN (0, 1)),"
		" who TEXT NOT NULL, changed TEXT NOT NULL,"
		" PRIMARY KEY(model_key, entity_id)) WITHOUT ROWID;"
		"CREATE TABLE history(hid INTEGER PRIMARY KEY, model_key TEXT NOT NULL,"
		" entity_id TEXT NOT NULL, what TEXT NOT NULL, value TEXT,"
		" who TEXT NOT NULL, changed TEXT NOT NULL);"
		"CREATE INDEX history_by_entity ON history(model_key, entity_id, hid);"
		"INSERT INTO notes VALUES('m', 'n-sth', 'kept', 2, 0, 'ann', '2024-05-01T12:00:00Z');",
		NOTES_APPLICATION_ID);

	edit_file(sql);
	free(sql);
}

static long long user_version(void)
{
	sqlite3 *db;
	sqlite3_stmt *stmt;
	long long version;

	cr_assert_eq(sqlite3_open(db_path, &db), SQLITE_OK);
	cr_assert_eq(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &stmt, NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_step(stmt), SQLITE_ROW);
	version = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return version;
}

Test(notes_view, a_new_file_is_of_the_current_version)
{
	notes_close(open_as("m", "ann", false));
	cr_expect_eq(user_version(), NOTES_SCHEMA_VERSION);
}

Test(notes_view, an_older_file_gains_the_table_when_writable)
{
	struct notes *n;
	struct notes_view v;

	make_version_1_file();
	n = open_as("m", "ann", false);
	cr_expect_eq(user_version(), NOTES_SCHEMA_VERSION);
	expect_note(n, "n-sth", "kept", NOTE_FLAG_QUESTION, false);
	cr_expect_eq(notes_view_get(n, &v), NOTES_NOT_FOUND);
	put_ok(n, "n-sth", NULL, NULL, NULL);
	cr_assert_eq(notes_view_get(n, &v), NOTES_OK, "%s", notes_errmsg(n));
	expect_text("selection", v.selection, "n-sth");
	notes_view_clear(&v);
	notes_close(n);
	/* and opens as a file of this version from then on */
	n = open_as("m", "ann", false);
	expect_note(n, "n-sth", "kept", NOTE_FLAG_QUESTION, false);
	notes_close(n);
}

Test(notes_view, an_older_file_read_only_is_read_as_it_is)
{
	struct bytes before;
	struct notes *n;
	struct notes_view v = { .version = NOTES_VIEW_VERSION };

	make_version_1_file();
	before = read_bytes(db_path);
	n = open_as("m", "ann", true);
	expect_note(n, "n-sth", "kept", NOTE_FLAG_QUESTION, false);
	cr_expect_eq(notes_view_get(n, &v), NOTES_NOT_FOUND);
	cr_expect_eq(notes_view_put(n, &v, 0), NOTES_READ_ONLY);
	notes_close(n);
	cr_expect_eq(user_version(), 1);
	expect_same_bytes(before, db_path);
	free(before.data);
}

Test(notes_view, a_current_file_without_the_table_is_refused_and_untouched)
{
	struct notes_status status;
	struct bytes before;
	struct notes *n;

	make_version_1_file();
	edit_file("PRAGMA user_version=2");
	before = read_bytes(db_path);
	n = notes_open(db_path, "m", &status);
	cr_expect_null(n);
	cr_expect(status.message && strstr(status.message, "damaged schema"), "%s",
	          status.message ? status.message : "(none)");
	notes_status_clear(&status);
	notes_close(n);
	expect_same_bytes(before, db_path);
	free(before.data);
}

/* ---- the marks' text ------------------------------------------------------------------ */

Test(notes_view, marks_text_round_trip)
{
	struct saved_mark_ids marks[SAVED_VIEW_MARKS] = { { 0 } }, back[SAVED_VIEW_MARKS];
	char *text, *again, *error;

	marks[0].selected = xstrdup("n-board");
	marks[25].root = xstrdup("n-system");
	marks[25].selected = xstrdup("n-sth");
	marks[3].root = xstrdup("orphan-root");     /* no selection: not set */
	text = saved_marks_format(marks);
	cr_expect_str_eq(text, "a - n-board\nz n-system n-sth\n");
	cr_assert_eq(saved_marks_parse(text, back, &error), 0, "%s", error);
	cr_expect_null(back[0].root);
	cr_expect_str_eq(back[0].selected, "n-board");
	cr_expect_str_eq(back[25].root, "n-system");
	cr_expect_str_eq(back[25].selected, "n-sth");
	cr_expect_null(back[3].selected);
	again = saved_marks_format(back);
	cr_expect_str_eq(again, text);
	saved_marks_clear(marks);
	saved_marks_clear(back);
	free(text);
	free(again);

	cr_assert_eq(saved_marks_parse(NULL, back, &error), 0);
	cr_assert_eq(saved_marks_parse("", back, &error), 0);
	text = saved_marks_format(back);
	cr_expect_str_eq(text, "");
	free(text);
}

static void expect_marks_refused(const char *text)
{
	struct saved_mark_ids marks[SAVED_VIEW_MARKS];
	char *error = NULL;

	cr_expect_eq(saved_marks_parse(text, marks, &error), -1, "accepted: %s", text);
	cr_expect(error && strstr(error, "damaged"), "%s", error ? error : "(no error)");
	for (size_t m = 0; m < SAVED_VIEW_MARKS; m++)
		cr_expect(!marks[m].root && !marks[m].selected);
	free(error);
}

Test(notes_view, damaged_marks_text_is_refused)
{
	static const char *const bad[] = {
		"a", "a - n-sth", "a  n-sth\n", "A - n-sth\n", "a - n-sth extra\n", "a -- n-sth\n",
		"\n", "a - -\n", "a - n-sth\nb\n", "a - \x1b[31mred\n", "a - n sth\n",
		"a - n-sth \n", "1 - n-sth\n", "a\t-\tn-sth\n",
	};
	char long_id[160];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		expect_marks_refused(bad[i]);
	/* an id is 128 bytes at most */
	memset(long_id, 0, sizeof(long_id));
	memcpy(long_id, "a - ", 4);
	memset(long_id + 4, 'x', 129);
	long_id[4 + 129] = '\n';
	expect_marks_refused(long_id);
	long_id[4 + 128] = '\n';
	long_id[4 + 129] = '\0';
	{
		struct saved_mark_ids marks[SAVED_VIEW_MARKS];
		char *error = NULL;

		cr_expect_eq(saved_marks_parse(long_id, marks, &error), 0, "%s", error);
		saved_marks_clear(marks);
	}
}

/* ---- the view over the model ------------------------------------------------------------- */

static struct saved_view example_view(void)
{
	struct saved_view v = { 0 };

	v.root = eid_of(st, "n-system");
	v.selected = eid_of(st, "n-sth");
	v.filter = xstrdup("kind:trust");
	v.marks['a' - 'a'] = (struct location){ 0, eid_of(st, "n-board") };
	v.marks['q' - 'a'] = (struct location){ eid_of(st, "n-system"), eid_of(st, "n-doncaster") };
	return v;
}

Test(notes_view, view_round_trip_through_the_notes_file)
{
	struct saved_view view = example_view(), back;
	struct saved_view_losses lost;
	struct notes_view record;
	struct notes *n = open_as("m", "ann", false);
	char *error;

	cr_assert_eq(saved_view_record(st, &view, &record, &error), 0, "%s", error);
	expect_text("record's root", record.root, "n-system");
	expect_text("record's selection", record.selection, "n-sth");
	expect_text("record's marks", record.marks, "a - n-board\nq n-system n-doncaster\n");
	cr_assert_eq(notes_view_put(n, &record, 0), NOTES_OK, "%s", notes_errmsg(n));
	notes_view_clear(&record);
	notes_close(n);

	n = open_as("m", "ann", false);
	cr_assert_eq(notes_view_get(n, &record), NOTES_OK, "%s", notes_errmsg(n));
	cr_assert_eq(saved_view_resolve(st, &record, &back, &lost, &error), SAVED_VIEW_OK, "%s",
	             error);
	cr_expect(saved_view_equal(&view, &back));
	cr_expect(!lost.root && !lost.selected && lost.marks == 0);
	notes_view_clear(&record);
	saved_view_clear(&back);
	saved_view_clear(&view);
	notes_close(n);
}

Test(notes_view, ids_the_model_no_longer_has_are_dropped)
{
	struct notes_view record = {
		.version = NOTES_VIEW_VERSION, .selection = "gone-entity", .root = "gone-root",
		.filter = "kind:board",
		.marks = "a - n-board\nb gone-root n-sth\nc n-system gone\nd n-system n-doncaster\n",
	};
	struct saved_view back;
	struct saved_view_losses lost;
	char *error;

	cr_assert_eq(saved_view_resolve(st, &record, &back, &lost, &error), SAVED_VIEW_OK, "%s",
	             error);
	cr_expect_eq(back.root, 0);
	cr_expect_eq(back.selected, 0);
	cr_expect(lost.root);
	cr_expect(lost.selected);
	cr_expect_eq(lost.marks, 2);
	cr_expect_eq(back.marks[0].selected, eid_of(st, "n-board"));
	cr_expect_eq(back.marks[1].selected, 0);
	cr_expect_eq(back.marks[2].selected, 0);
	cr_expect_eq(back.marks[3].root, eid_of(st, "n-system"));
	cr_expect_eq(back.marks[3].selected, eid_of(st, "n-doncaster"));
	cr_expect_str_eq(back.filter, "kind:board");
	saved_view_clear(&back);
}

Test(notes_view, an_id_differing_in_case_is_not_taken)
{
	struct notes_view record = { .version = NOTES_VIEW_VERSION, .selection = "N-STH" };
	struct saved_view back;
	struct saved_view_losses lost;
	char *error;

	cr_assert_eq(saved_view_resolve(st, &record, &back, &lost, &error), SAVED_VIEW_OK);
	cr_expect_eq(back.selected, 0);
	cr_expect(lost.selected);
	saved_view_clear(&back);
}

Test(notes_view, damaged_or_newer_records_restore_nothing)
{
	struct notes_view garbage = { .version = NOTES_VIEW_VERSION, .selection = "n-sth",
	                              .marks = "a - n-sth\n\x01garbage" };
	struct notes_view newer = { .version = NOTES_VIEW_VERSION + 1, .selection = "n-sth" };
	struct notes_view zero = { .version = 0, .selection = "n-sth" };
	struct saved_view back;
	struct saved_view_losses lost;
	char *error;

	cr_expect_eq(saved_view_resolve(st, &garbage, &back, &lost, &error), SAVED_VIEW_DAMAGED);
	cr_expect(error && strstr(error, "line 2"), "%s", error ? error : "(none)");
	cr_expect_eq(back.selected, 0);
	free(error);
	cr_expect_eq(saved_view_resolve(st, &newer, &back, &lost, &error), SAVED_VIEW_NEWER);
	cr_expect(error && strstr(error, "newer"), "%s", error ? error : "(none)");
	free(error);
	cr_expect_eq(saved_view_resolve(st, &zero, &back, &lost, &error), SAVED_VIEW_DAMAGED);
	free(error);
}

Test(notes_view, eids_the_model_lacks_are_left_out_of_the_record)
{
	struct saved_view view = { .root = 999999, .selected = eid_of(st, "n-sth") };
	struct notes_view record;
	char *error;

	view.marks[1] = (struct location){ 0, 999998 };
	cr_assert_eq(saved_view_record(st, &view, &record, &error), 0, "%s", error);
	expect_text("root", record.root, NULL);
	expect_text("selection", record.selection, "n-sth");
	expect_text("marks", record.marks, "");
	notes_view_clear(&record);
}

Test(notes_view, equal_compares_everything)
{
	struct saved_view a = example_view(), b = { 0 };

	saved_view_copy(&b, &a);
	cr_expect(saved_view_equal(&a, &b));
	b.marks[5].selected = 1;
	cr_expect_not(saved_view_equal(&a, &b));
	b.marks[5].selected = 0;
	free(b.filter);
	b.filter = NULL;
	cr_expect_not(saved_view_equal(&a, &b));
	saved_view_clear(&a);
	saved_view_clear(&b);
}
