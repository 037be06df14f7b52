/* A review exported by one reviewer and imported into another's notes file
 * (review_import.h, notes_import.h), over a real model (good/nested.yaml):
 * the merge rules (new, identical, conflicting, flags and marks by time,
 * idempotence), the conflict resolved, the refusals (not an export, another
 * model, a newer version, a truncated file, bad entries) and what is hard
 * (a busy file, 100,000 notes, notes of 1 MB, escapes kept as data); nothing
 * written whenever an import fails.  Alice exports; Bob imports. */
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>
#include "helpers.h"
#include "icsview/base/util.h"
#include "icsview/query/review_export.h"
#include "icsview/query/review_import.h"
#include "icsview/store/notes.h"
#include "icsview/store/notes_import.h"

#define MODEL_KEY "nested"

static char *dir;
static struct store *st;
static struct notes *alice, *bob;

static struct notes *open_as(const char *file, const char *user)
{
	struct notes_options opts = { .user = user, .busy_timeout_ms = 200 };
	struct notes_status status;
	struct notes *n = notes_open_with(file, MODEL_KEY, &opts, &status);

	cr_assert_not_null(n, "%s", status.message);
	notes_status_clear(&status);
	return n;
}

static void setup(void)
{
	static const char *const models[] = { "good/nested.yaml" };

	dir = scratch_dir();
	st = load_valid(dir, models, 1);
	cr_assert_eq(chdir(dir), 0);
	alice = open_as("alice.db", "alice");
	bob = open_as("bob.db", "bob");
}

static void teardown(void)
{
	notes_close(alice);
	notes_close(bob);
	unload_model(st, dir);
}

TestSuite(review_import, .init = setup, .fini = teardown);

static void export_alice(const char *path)
{
	struct review_export_options opts = { .format = REVIEW_JSON, .path_separator = " > " };
	char *error = NULL;

	cr_assert_eq(review_export_file(st, alice, &opts, path, &error), STORE_OK, "%s", error);
}

/* Imports path into bob's file, which must succeed. */
static void import_ok(const char *path, bool dry_run, struct review_import *im)
{
	char *error = NULL;

	cr_assert_eq(review_import_file(st, bob, path, dry_run, im, &error), REVIEW_IMPORT_OK,
	             "%s", error);
}

static size_t count_actions(const struct review_import *im, enum note_import_action action)
{
	size_t n = 0;

	for (size_t i = 0; i < im->report.count; i++)
		n += im->report.items[i].action == action;
	return n;
}

static void expect_note(struct notes *n, const char *id, const char *text, enum note_flag flag,
                        bool reviewed)
{
	struct note note;

	cr_assert_geq(notes_get(n, id, &note), 0, "%s", notes_errmsg(n));
	cr_expect_str_eq(note.text, text, "%s's text", id);
	cr_expect_eq(note.flag, flag, "%s's flag", id);
	cr_expect_eq(note.reviewed, reviewed, "%s's mark", id);
	note_clear(&note);
}

/* Every row of bob's notes and history, as one text: what "nothing
 * changed" compares. */
static char *fingerprint(void)
{
	struct strbuf sb = STRBUF_INIT;
	sqlite3 *db;
	sqlite3_stmt *stmt;

	cr_assert_eq(sqlite3_open_v2("bob.db", &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_prepare_v2(db, "SELECT entity_id || '|' || text || '|' || flag || '|'"
	                                " || reviewed || '|' || who || '|' || changed FROM notes UNION ALL"
	                                " SELECT hid || '|' || entity_id || '|' || what || '|' ||"
	                                " coalesce(value, '') || '|' || who FROM history", -1, &stmt,
	                                NULL), SQLITE_OK);
	while (sqlite3_step(stmt) == SQLITE_ROW)
		sb_printf(&sb, "%s\n", (const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return sb.buf ? sb_detach(&sb) : xstrdup("");
}

/* The import of path into bob's file is refused (or fails: `status`),
 * saying `why`, and changes nothing. */
static void refused(const char *path, enum review_import_status status, const char *why)
{
	char *before = fingerprint(), *after, *error = NULL;
	struct review_import im;

	cr_assert_eq(review_import_file(st, bob, path, false, &im, &error), status,
	             "%s", error ? error : "imported");
	cr_assert_not_null(error);
	cr_expect(strstr(error, why), "'%s' lacks '%s'", error, why);
	cr_expect(strstr(error, "nothing imported"), "%s", error);
	after = fingerprint();
	cr_expect_str_eq(after, before, "the notes file changed");
	free(error);
	free(before);
	free(after);
}

static void alice_writes(void)
{
	cr_assert_eq(notes_set_text(alice, "n-system", "Whole system"), NOTES_OK);
	cr_assert_eq(notes_set_flag(alice, "n-system", NOTE_FLAG_QUESTION), NOTES_OK);
	cr_assert_eq(notes_set_text(alice, "n-sth", "esc \x1b[2J, bidi \xe2\x80\xae, tab\there\n"
	                                            "second line"), NOTES_OK);
	cr_assert_eq(notes_set_reviewed(alice, "n-sth", true), NOTES_OK);
	cr_assert_eq(notes_set_flag(alice, "n-doncaster", NOTE_FLAG_CONCERN), NOTES_OK);
	cr_assert_eq(notes_set_text(alice, "n-gone", "an orphan"), NOTES_OK);
}

Test(review_import, new_notes_are_added_with_their_authors)
{
	struct review_import im;
	struct note note;
	struct note_history h;

	alice_writes();
	export_alice("alice.json");
	import_ok("alice.json", false, &im);
	cr_expect_eq(im.count, 4);
	cr_expect_eq(count_actions(&im, IMPORT_ADD), 3, "three texts");
	cr_expect_eq(count_actions(&im, IMPORT_TAKE), 3, "two flags and a mark");
	review_import_clear(&im);
	expect_note(bob, "n-system", "Whole system", NOTE_FLAG_QUESTION, false);
	expect_note(bob, "n-sth", "esc \x1b[2J, bidi \xe2\x80\xae, tab\there\nsecond line",
	            NOTE_FLAG_NONE, true);
	expect_note(bob, "n-doncaster", "", NOTE_FLAG_CONCERN, false);
	expect_note(bob, "n-gone", "an orphan", NOTE_FLAG_NONE, false);
	cr_assert_eq(notes_get(bob, "n-system", &note), NOTES_OK);
	cr_expect_str_eq(note.who, "alice", "attributed to its author");
	note_clear(&note);
	cr_assert_eq(notes_history(bob, "n-sth", &h), NOTES_OK);
	cr_assert_eq(h.count, 2);
	cr_expect_str_eq(h.items[0].who, "alice");
	note_history_clear(&h);
}

Test(review_import, the_import_is_in_the_history_with_its_file)
{
	struct review_import im;
	struct note_history all;
	int64_t last;
	bool found = false;

	alice_writes();
	export_alice("alice.json");
	import_ok("alice.json", false, &im);
	review_import_clear(&im);
	cr_assert_eq(notes_changes_since(bob, 0, &all, &last), NOTES_OK);
	for (size_t i = 0; i < all.count; i++) {
		if (strcmp(all.items[i].what, "import") != 0)
			continue;
		found = true;
		{
			char *real = realpath("alice.json", NULL);
			cr_expect_str_eq(all.items[i].value, real, "the file by its full path");
			free(real);
		}
		cr_expect_str_eq(all.items[i].who, "bob", "by who imported");
		cr_expect_str_eq(all.items[i].entity_id, "");
	}
	cr_expect(found, "no import row");
	note_history_clear(&all);
}

Test(review_import, importing_twice_changes_nothing)
{
	struct review_import im;
	char *before;

	alice_writes();
	cr_assert_eq(notes_set_text(bob, "n-system", "Bob's own view"), NOTES_OK);
	export_alice("alice.json");
	import_ok("alice.json", false, &im);
	cr_expect_gt(im.report.count, 0);
	review_import_clear(&im);
	before = fingerprint();
	import_ok("alice.json", false, &im);
	cr_expect_eq(im.report.count, 0, "a second import finds nothing to do");
	cr_expect_eq(im.report.unchanged, 4);
	review_import_clear(&im);
	char *after = fingerprint();
	cr_expect_str_eq(after, before, "not even a history row");
	free(before);
	free(after);
}

Test(review_import, an_identical_note_changes_nothing)
{
	struct review_import im;

	cr_assert_eq(notes_set_text(alice, "n-sth", "same words"), NOTES_OK);
	cr_assert_eq(notes_set_text(bob, "n-sth", "same words"), NOTES_OK);
	export_alice("alice.json");
	import_ok("alice.json", false, &im);
	cr_expect_eq(im.report.count, 0);
	cr_expect_eq(im.report.unchanged, 1);
	review_import_clear(&im);
}

Test(review_import, a_different_note_is_kept_beside_as_a_conflict)
{
	struct review_import im;
	struct note theirs;

	cr_assert_eq(notes_set_text(alice, "n-sth", "Alice's words"), NOTES_OK);
	cr_assert_eq(notes_set_text(bob, "n-sth", "Bob's words"), NOTES_OK);
	cr_expect_eq(notes_conflict(bob, "n-sth", &theirs), NOTES_NOT_FOUND);
	export_alice("alice.json");
	import_ok("alice.json", false, &im);
	cr_assert_eq(im.report.count, 1);
	cr_expect_eq(im.report.items[0].action, IMPORT_CONFLICT);
	cr_expect_str_eq(im.report.items[0].ours, "Bob's words");
	cr_expect_str_eq(im.report.items[0].theirs, "Alice's words");
	review_import_clear(&im);
	expect_note(bob, "n-sth", "Bob's words", NOTE_FLAG_NONE, false);
	cr_assert_eq(notes_conflict(bob, "n-sth", &theirs), NOTES_OK);
	cr_expect_str_eq(theirs.text, "Alice's words");
	cr_expect_str_eq(theirs.who, "alice");
	note_clear(&theirs);
	import_ok("alice.json", false, &im);
	cr_expect_eq(im.report.count, 0, "the same conflict is not raised twice");
	review_import_clear(&im);
}

Test(review_import, a_conflict_is_resolved_once)
{
	struct review_import im;
	struct note theirs;
	char *both;

	cr_assert_eq(notes_set_text(alice, "n-sth", "Alice's words"), NOTES_OK);
	cr_assert_eq(notes_set_text(bob, "n-sth", "Bob's words"), NOTES_OK);
	export_alice("alice.json");
	import_ok("alice.json", false, &im);
	review_import_clear(&im);
	{
		size_t pending;
		char *first;
		cr_assert_eq(notes_conflicts_pending(bob, &pending, &first), NOTES_OK);
		cr_expect_eq(pending, 1);
		cr_expect_str_eq(first, "n-sth");
		free(first);
	}
	cr_assert_eq(notes_conflict(bob, "n-sth", &theirs), NOTES_OK);
	both = notes_join_texts(theirs.text, theirs.who, theirs.when, "Bob's words", "bob", "now");
	note_clear(&theirs);
	cr_assert_eq(notes_resolve_conflict(bob, "n-sth", both, "kept both"), NOTES_OK,
	             "%s", notes_errmsg(bob));
	expect_note(bob, "n-sth", both, NOTE_FLAG_NONE, false);
	cr_expect_eq(notes_conflict(bob, "n-sth", &theirs), NOTES_NOT_FOUND, "resolved");
	cr_expect_eq(notes_resolve_conflict(bob, "n-sth", NULL, "kept mine"), NOTES_NOT_FOUND);
	{
		size_t pending;
		char *first;
		cr_assert_eq(notes_conflicts_pending(bob, &pending, &first), NOTES_OK);
		cr_expect_eq(pending, 0, "none left");
		cr_expect_null(first);
	}
	import_ok("alice.json", false, &im);
	cr_expect_eq(im.report.count, 0, "a resolved conflict does not come back");
	review_import_clear(&im);
	free(both);
}

/* What review list and export show of each entity: its latest conflict
 * still to resolve, an orphan's included, in entity id order. */
Test(review_import, pending_conflicts_are_listed_one_per_entity)
{
	struct review_import im;
	struct note_list list;

	cr_assert_eq(notes_set_text(alice, "n-sth", "Alice's words"), NOTES_OK);
	cr_assert_eq(notes_set_text(alice, "n-board", "Alice on the board"), NOTES_OK);
	cr_assert_eq(notes_set_text(alice, "n-gone", "Alice on an orphan"), NOTES_OK);
	cr_assert_eq(notes_set_text(bob, "n-sth", "Bob's words"), NOTES_OK);
	cr_assert_eq(notes_set_text(bob, "n-board", "Bob on the board"), NOTES_OK);
	cr_assert_eq(notes_set_text(bob, "n-gone", "Bob on an orphan"), NOTES_OK);
	cr_assert_eq(notes_conflicts_list(bob, &list), NOTES_OK);
	cr_expect_eq(list.count, 0, "no import yet");
	note_list_clear(&list);
	export_alice("alice.json");
	import_ok("alice.json", false, &im);
	review_import_clear(&im);
	cr_assert_eq(notes_set_text(alice, "n-sth", "Alice's second words"), NOTES_OK);
	export_alice("alice.json");
	import_ok("alice.json", false, &im);
	cr_expect_eq(count_actions(&im, IMPORT_CONFLICT), 1, "a second conflict on n-sth");
	review_import_clear(&im);

	cr_assert_eq(notes_conflicts_list(bob, &list), NOTES_OK, "%s", notes_errmsg(bob));
	cr_assert_eq(list.count, 3);
	cr_expect_str_eq(list.items[0].entity_id, "n-board");
	cr_expect_str_eq(list.items[0].text, "Alice on the board");
	cr_expect_str_eq(list.items[0].who, "alice");
	cr_expect_not_null(list.items[0].when);
	cr_expect_str_eq(list.items[1].entity_id, "n-gone", "an orphan's too");
	cr_expect_str_eq(list.items[2].entity_id, "n-sth");
	cr_expect_str_eq(list.items[2].text, "Alice's second words", "the latest only");
	note_list_clear(&list);

	cr_assert_eq(notes_resolve_conflict(bob, "n-board", NULL, "kept mine"), NOTES_OK);
	cr_assert_eq(notes_conflicts_list(bob, &list), NOTES_OK);
	cr_assert_eq(list.count, 2, "a resolved one is not listed");
	cr_expect_str_eq(list.items[0].entity_id, "n-gone");
	note_list_clear(&list);
}

/* An export carries a pending conflict for people to read; an import
 * elsewhere takes the note and leaves the conflict behind. */
Test(review_import, an_exported_conflict_is_not_imported)
{
	struct review_export_options opts = { .format = REVIEW_JSON, .path_separator = " > " };
	struct review_import im;
	struct notes *carol = open_as("carol.db", "carol");
	struct note_list list;
	char *error = NULL;

	cr_assert_eq(notes_set_text(alice, "n-sth", "Alice's words"), NOTES_OK);
	cr_assert_eq(notes_set_text(bob, "n-sth", "Bob's words"), NOTES_OK);
	export_alice("alice.json");
	import_ok("alice.json", false, &im);
	review_import_clear(&im);
	cr_assert_eq(review_export_file(st, bob, &opts, "bob.json", &error), STORE_OK, "%s", error);
	cr_assert_eq(review_import_file(st, carol, "bob.json", false, &im, &error), REVIEW_IMPORT_OK,
	             "%s", error);
	cr_expect_eq(count_actions(&im, IMPORT_ADD), 1);
	cr_expect_eq(count_actions(&im, IMPORT_CONFLICT), 0);
	review_import_clear(&im);
	expect_note(carol, "n-sth", "Bob's words", NOTE_FLAG_NONE, false);
	cr_assert_eq(notes_conflicts_list(carol, &list), NOTES_OK);
	cr_expect_eq(list.count, 0, "bob's conflict stays bob's");
	note_list_clear(&list);
	notes_close(carol);
}

Test(review_import, keeping_mine_leaves_the_text)
{
	struct review_import im;
	struct note theirs;

	cr_assert_eq(notes_set_text(alice, "n-sth", "Alice's words"), NOTES_OK);
	cr_assert_eq(notes_set_text(bob, "n-sth", "Bob's words"), NOTES_OK);
	export_alice("alice.json");
	import_ok("alice.json", false, &im);
	review_import_clear(&im);
	cr_assert_eq(notes_resolve_conflict(bob, "n-sth", NULL, "kept mine"), NOTES_OK);
	expect_note(bob, "n-sth", "Bob's words", NOTE_FLAG_NONE, false);
	cr_expect_eq(notes_conflict(bob, "n-sth", &theirs), NOTES_NOT_FOUND);
}

/* A document by hand, with its times chosen. */
static void write_doc(const char *path, const char *entities)
{
	char *text = xasprintf("{\"format\": \"icsview review\", \"version\": 1,"
	                       " \"model_roots\": [\"n-system\", \"nested-doc\", \"other-doc\"],"
	                       " \"entities\": [%s]}", entities);
	FILE *f = fopen(path, "w");

	cr_assert_not_null(f);
	fputs(text, f);
	cr_assert_eq(fclose(f), 0);
	free(text);
}

#define FLAG_AT(id, flag, when) \
	"{\"id\": \"" id "\", \"flag\": \"" flag "\", \"reviewed\": false, \"note\": \"\"," \
	" \"changes\": {\"text\": null, \"flag\": {\"who\": \"alice\", \"when\": \"" when "\"}," \
	" \"reviewed\": null}}"

Test(review_import, flags_go_by_the_latest_change)
{
	struct review_import im;
	struct note_history h;
	char *before;

	cr_assert_eq(notes_set_flag(bob, "n-sth", NOTE_FLAG_OK), NOTES_OK);        /* now */
	cr_assert_eq(notes_set_flag(bob, "n-board", NOTE_FLAG_OK), NOTES_OK);      /* now */
	write_doc("flags.json", FLAG_AT("n-sth", "concern", "2999-01-01T00:00:00Z") ","
	                        FLAG_AT("n-board", "question", "2001-01-01T00:00:00Z"));
	import_ok("flags.json", false, &im);
	cr_assert_eq(im.report.count, 2);
	cr_expect_eq(im.report.items[0].action, IMPORT_TAKE, "theirs is later");
	cr_expect_eq(im.report.items[1].action, IMPORT_KEEP, "ours is later");
	review_import_clear(&im);
	expect_note(bob, "n-sth", "", NOTE_FLAG_CONCERN, false);
	expect_note(bob, "n-board", "", NOTE_FLAG_OK, false);
	cr_assert_eq(notes_history(bob, "n-board", &h), NOTES_OK);
	cr_assert_eq(h.count, 2);
	cr_expect_str_eq(h.items[1].what, "lost flag", "the loser is in the history");
	cr_expect_str_eq(h.items[1].value, "question");
	cr_expect_str_eq(h.items[1].who, "alice");
	note_history_clear(&h);
	before = fingerprint();
	import_ok("flags.json", false, &im);
	cr_expect_eq(im.report.count, 0, "neither is recorded twice");
	review_import_clear(&im);
	char *after = fingerprint();
	cr_expect_str_eq(after, before);
	free(before);
	free(after);
}

Test(review_import, marks_go_by_the_latest_change)
{
	struct review_import im;

	cr_assert_eq(notes_set_reviewed(bob, "n-sth", true), NOTES_OK);
	write_doc("marks.json", "{\"id\": \"n-sth\", \"flag\": \"none\", \"reviewed\": false,"
	          " \"note\": \"\", \"changes\": {\"text\": null, \"flag\": null,"
	          " \"reviewed\": {\"who\": \"alice\", \"when\": \"2999-01-01T00:00:00Z\"}}}");
	import_ok("marks.json", false, &im);
	cr_assert_eq(im.report.count, 1);
	cr_expect_eq(im.report.items[0].action, IMPORT_TAKE);
	review_import_clear(&im);
	expect_note(bob, "n-sth", "", NOTE_FLAG_NONE, false);
}

/* Their flag, cleared later than ours was set: the note left empty is
 * no note, as when a reviewer clears it. */
Test(review_import, a_note_left_empty_is_removed)
{
	struct review_import im;
	struct note note;

	cr_assert_eq(notes_set_flag(bob, "n-sth", NOTE_FLAG_OK), NOTES_OK);
	write_doc("clear.json", FLAG_AT("n-sth", "none", "2999-01-01T00:00:00Z"));
	import_ok("clear.json", false, &im);
	cr_assert_eq(im.report.count, 1);
	cr_expect_eq(im.report.items[0].action, IMPORT_TAKE);
	review_import_clear(&im);
	cr_expect_eq(notes_get(bob, "n-sth", &note), NOTES_NOT_FOUND);
	note_clear(&note);
	import_ok("clear.json", false, &im);
	cr_expect_eq(im.report.count, 0, "and importing it again changes nothing");
	review_import_clear(&im);
}

Test(review_import, a_flag_never_set_there_changes_nothing)
{
	struct review_import im;

	cr_assert_eq(notes_set_flag(bob, "n-sth", NOTE_FLAG_CONCERN), NOTES_OK);
	cr_assert_eq(notes_set_text(alice, "n-sth", "later words"), NOTES_OK);
	export_alice("alice.json");
	import_ok("alice.json", false, &im);
	cr_expect_eq(count_actions(&im, IMPORT_TAKE) + count_actions(&im, IMPORT_KEEP), 0);
	review_import_clear(&im);
	expect_note(bob, "n-sth", "later words", NOTE_FLAG_CONCERN, false);
}

Test(review_import, a_dry_run_says_and_changes_nothing)
{
	struct review_import dry, real;
	char *before, *after;

	alice_writes();
	export_alice("alice.json");
	before = fingerprint();
	import_ok("alice.json", true, &dry);
	after = fingerprint();
	cr_expect_str_eq(after, before);
	import_ok("alice.json", false, &real);
	cr_assert_eq(dry.report.count, real.report.count, "the dry run said what the import did");
	for (size_t i = 0; i < dry.report.count; i++)
		cr_expect_eq(dry.report.items[i].action, real.report.items[i].action);
	review_import_clear(&dry);
	review_import_clear(&real);
	free(before);
	free(after);
}

Test(review_import, what_is_not_an_export_is_refused)
{
	cr_assert_eq(notes_set_text(bob, "n-sth", "kept"), NOTES_OK);
	free(write_file(".", "text.json", "hello"));
	refused("text.json", REVIEW_IMPORT_REFUSED, "not JSON (line 1, column 1");
	free(write_file(".", "other.json", "{\"entities\": []}"));
	refused("other.json", REVIEW_IMPORT_REFUSED, "not a review exported by icsview");
	free(write_file(".", "export.json", "{\"format\": \"icsview review\", \"entities\": []}"));
	refused("export.json", REVIEW_IMPORT_REFUSED, "no version");
	free(write_file(".", "newer.json", "{\"format\": \"icsview review\", \"version\": 2,"
	                " \"entities\": []}"));
	refused("newer.json", REVIEW_IMPORT_REFUSED, "version 2, written by a newer icsview");
	free(write_file(".", "roots.json", "{\"format\": \"icsview review\", \"version\": 1,"
	                " \"entities\": []}"));
	refused("roots.json", REVIEW_IMPORT_REFUSED, "does not say which model");
	refused("no-such.json", REVIEW_IMPORT_FAILED, "cannot read no-such.json");
}

Test(review_import, another_models_review_is_refused)
{
	free(write_file(".", "model.json", "{\"format\": \"icsview review\", \"version\": 1,"
	                " \"model_roots\": [\"england\"], \"entities\": []}"));
	refused("model.json", REVIEW_IMPORT_REFUSED, "made on another model (its top-level"
	        " entities: england; this model's: n-system, nested-doc, other-doc)");
}

Test(review_import, a_truncated_file_is_refused_at_every_length)
{
	size_t size;
	char *whole;

	alice_writes();
	export_alice("alice.json");
	whole = slurp_bytes("alice.json", &size);
	for (size_t len = 0; len + 1 < size; len += 97) {
		FILE *f = fopen("cut.json", "w");
		cr_assert_not_null(f);
		fwrite(whole, 1, len, f);
		fclose(f);
		refused("cut.json", REVIEW_IMPORT_REFUSED, "not JSON");
	}
	free(whole);
}

Test(review_import, bad_entries_are_refused_whole)
{
	write_doc("bad.json", FLAG_AT("n-sth", "concern", "2999-01-01T00:00:00Z") ","
	                      FLAG_AT("n-board", "alarming", "2999-01-01T00:00:00Z"));
	refused("bad.json", REVIEW_IMPORT_REFUSED, "entity 2: flag is not one of");
	write_doc("time.json", FLAG_AT("n-sth", "concern", "yesterday"));
	refused("time.json", REVIEW_IMPORT_REFUSED, "changes.flag.when is 'yesterday'");
	write_doc("twice.json", FLAG_AT("n-sth", "concern", "2999-01-01T00:00:00Z") ","
	                        FLAG_AT("n-sth", "ok", "2999-01-01T00:00:00Z"));
	refused("twice.json", REVIEW_IMPORT_REFUSED, "n-sth is imported twice");
	write_doc("noid.json", "{\"flag\": \"ok\"}");
	refused("noid.json", REVIEW_IMPORT_REFUSED, "entity 1 has no id");
}

/* Another process holds the file for writing through the whole import:
 * the import fails whole, saying so. */
Test(review_import, a_busy_notes_file_fails_the_import_whole)
{
	sqlite3 *other;

	alice_writes();
	export_alice("alice.json");
	cr_assert_eq(sqlite3_open("bob.db", &other), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
	refused("alice.json", REVIEW_IMPORT_FAILED, "bob.db: the notes file stayed busy with another"
	        " process's change for 200 ms: try again");
	sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(other);
}

/* A large note: 1 MB is kept byte for byte; one byte more is refused. */
Test(review_import, notes_of_a_megabyte)
{
	struct review_import im;
	char *big = xmalloc(NOTES_MAX_TEXT + 2);
	struct note note;

	memset(big, 'x', NOTES_MAX_TEXT);
	big[0] = '\x1b';
	big[NOTES_MAX_TEXT] = '\0';
	cr_assert_eq(notes_set_text(alice, "n-sth", big), NOTES_OK);
	export_alice("alice.json");
	import_ok("alice.json", false, &im);
	review_import_clear(&im);
	cr_assert_eq(notes_get(bob, "n-sth", &note), NOTES_OK);
	cr_expect_eq(strlen(note.text), NOTES_MAX_TEXT);
	cr_expect(strcmp(note.text, big) == 0);
	note_clear(&note);
	big[0] = 'x';
	{
		struct strbuf sb = STRBUF_INIT;
		sb_printf(&sb, "{\"id\": \"n-board\", \"flag\": \"none\", \"reviewed\": false,"
		          " \"note\": \"%sy\", \"changes\": {\"text\": {\"who\": \"a\", \"when\":"
		          " \"2001-01-01T00:00:00Z\"}, \"flag\": null, \"reviewed\": null}}", big);
		write_doc("big.json", sb_str(&sb));
		sb_free(&sb);
	}
	refused("big.json", REVIEW_IMPORT_REFUSED, "longer than 1048576 bytes");
	free(big);
}

Test(review_import, a_hundred_thousand_notes, .timeout = 120)
{
	struct strbuf sb = STRBUF_INIT;
	struct review_import im;
	size_t n = 100000;

	for (size_t i = 0; i < n; i++)
		sb_printf(&sb, "%s{\"id\": \"e%zu\", \"flag\": \"none\", \"reviewed\": false,"
		          " \"note\": \"note %zu\", \"changes\": {\"text\": {\"who\": \"alice\","
		          " \"when\": \"2001-01-01T00:00:00Z\"}, \"flag\": null, \"reviewed\": null}}",
		          i ? "," : "", i, i);
	write_doc("many.json", sb_str(&sb));
	sb_free(&sb);
	import_ok("many.json", false, &im);
	cr_expect_eq(count_actions(&im, IMPORT_ADD), n);
	review_import_clear(&im);
	expect_note(bob, "e99999", "note 99999", NOTE_FLAG_NONE, false);
	import_ok("many.json", false, &im);
	cr_expect_eq(im.report.count, 0);
	review_import_clear(&im);
}
