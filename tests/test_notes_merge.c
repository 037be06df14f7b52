/* Two people on one notes file: a note saved over a text changed since it
 * was read is caught (the lost update), and the user keeps theirs, the
 * other's or both; flags and reviewed marks go by the latest change, the
 * earlier kept in the history; what others changed, for the refresh.
 * Each test opens two handles on one file, as two interfaces would. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include "icsview/store/notes.h"
#include "notes_fixture.h"

TestSuite(notes_merge, .init = notes_setup, .fini = notes_teardown);

static struct notes *open_as(const char *user)
{
	struct notes_options opts = { .user = user };

	return open_ok(db_path, "default", &opts);
}

static int64_t version_of(struct notes *n, const char *id)
{
	struct note note;
	int64_t version;

	cr_assert_geq(notes_get(n, id, &note), 0, "%s", notes_errmsg(n));
	version = note.version;
	note_clear(&note);
	return version;
}

Test(notes_merge, versions_grow_with_each_change_of_the_text)
{
	struct notes *a = open_as("alice");
	int64_t v0 = version_of(a, "board"), v1, v2;

	cr_expect_eq(v0, 0, "never written: version 0");
	cr_assert_eq(notes_set_text(a, "board", "one"), NOTES_OK);
	v1 = version_of(a, "board");
	cr_expect_gt(v1, v0);
	cr_assert_eq(notes_set_flag(a, "board", NOTE_FLAG_CONCERN), NOTES_OK);
	cr_expect_eq(version_of(a, "board"), v1, "a flag is no change to the text");
	cr_assert_eq(notes_keep_draft(a, "board", "draft"), NOTES_OK);
	cr_expect_eq(version_of(a, "board"), v1, "nor is a draft");
	cr_assert_eq(notes_set_text(a, "board", "two"), NOTES_OK);
	v2 = version_of(a, "board");
	cr_expect_gt(v2, v1);
	cr_assert_eq(notes_set_flag(a, "board", NOTE_FLAG_NONE), NOTES_OK);
	cr_assert_eq(notes_set_text(a, "board", ""), NOTES_OK);
	cr_expect_gt(version_of(a, "board"), v2, "a text emptied (no note left) has a version");
	notes_close(a);
}

/* Both open the note; B saves, then A saves: A is told, nothing of B's is lost. */
Test(notes_merge, the_lost_update_is_caught)
{
	struct notes *a = open_as("alice"), *b = open_as("bob");
	struct note theirs;
	int64_t base_a, base_b;

	cr_assert_eq(notes_set_text(a, "board", "agreed text"), NOTES_OK);
	base_a = version_of(a, "board");
	base_b = version_of(b, "board");
	cr_expect_eq(base_a, base_b);
	cr_assert_eq(notes_save_text(b, "board", "bob's words", base_b, &theirs), NOTES_OK,
	             "%s", notes_errmsg(b));
	cr_expect_null(theirs.text, "nothing to show when the save went through");
	cr_assert_eq(notes_save_text(a, "board", "alice's words", base_a, &theirs), NOTES_CONFLICT);
	cr_expect_str_eq(theirs.text, "bob's words");
	cr_expect_str_eq(theirs.who, "bob");
	cr_expect_not_null(theirs.when);
	cr_expect_eq(theirs.version, version_of(a, "board"));
	expect_note(a, "board", "bob's words", NOTE_FLAG_NONE, false);
	note_clear(&theirs);
	notes_close(a);
	notes_close(b);
}

Test(notes_merge, keep_mine_saves_over_the_version_seen)
{
	struct notes *a = open_as("alice"), *b = open_as("bob");
	struct note theirs, again;
	int64_t base = version_of(a, "board");
	struct note_history history;

	cr_assert_eq(notes_save_text(b, "board", "bob's", base, &theirs), NOTES_OK);
	cr_assert_eq(notes_save_text(a, "board", "alice's", base, &theirs), NOTES_CONFLICT);
	/* keeping mine: saved over the version just shown */
	cr_assert_eq(notes_save_text(a, "board", "alice's", theirs.version, &again), NOTES_OK);
	expect_note(b, "board", "alice's", NOTE_FLAG_NONE, false);
	/* bob's text is in the history */
	cr_assert_eq(notes_history(a, "board", &history), NOTES_OK);
	cr_assert_eq(history.count, 2);
	cr_expect_str_eq(history.items[0].value, "bob's");
	cr_expect_str_eq(history.items[0].who, "bob");
	cr_expect_str_eq(history.items[1].value, "alice's");
	note_history_clear(&history);
	note_clear(&theirs);
	notes_close(a);
	notes_close(b);
}

Test(notes_merge, keep_mine_over_a_stale_choice_conflicts_again)
{
	struct notes *a = open_as("alice"), *b = open_as("bob");
	struct note theirs, again;
	int64_t base = version_of(a, "board");

	cr_assert_eq(notes_save_text(b, "board", "bob 1", base, &theirs), NOTES_OK);
	cr_assert_eq(notes_save_text(a, "board", "alice", base, &theirs), NOTES_CONFLICT);
	/* bob saves again while alice chooses */
	cr_assert_eq(notes_set_text(b, "board", "bob 2"), NOTES_OK);
	cr_assert_eq(notes_save_text(a, "board", "alice", theirs.version, &again), NOTES_CONFLICT);
	cr_expect_str_eq(again.text, "bob 2");
	expect_note(a, "board", "bob 2", NOTE_FLAG_NONE, false);
	note_clear(&theirs);
	note_clear(&again);
	notes_close(a);
	notes_close(b);
}

Test(notes_merge, keep_theirs_writes_nothing)
{
	struct notes *a = open_as("alice"), *b = open_as("bob");
	struct note theirs;
	int64_t base = version_of(a, "board"), after;

	cr_assert_eq(notes_save_text(b, "board", "bob's", base, &theirs), NOTES_OK);
	after = version_of(a, "board");
	cr_assert_eq(notes_save_text(a, "board", "alice's", base, &theirs), NOTES_CONFLICT);
	cr_expect_eq(version_of(a, "board"), after, "the conflict wrote nothing");
	expect_note(a, "board", "bob's", NOTE_FLAG_NONE, false);
	note_clear(&theirs);
	notes_close(a);
	notes_close(b);
}

Test(notes_merge, keep_both_attributes_each_text)
{
	struct notes *a = open_as("alice"), *b = open_as("bob");
	struct note theirs, again;
	int64_t base = version_of(a, "board");
	char *both;

	cr_assert_eq(notes_save_text(b, "board", "bob's", base, &theirs), NOTES_OK);
	cr_assert_eq(notes_save_text(a, "board", "alice's", base, &theirs), NOTES_CONFLICT);
	both = notes_join_texts(theirs.text, theirs.who, theirs.when, "alice's", "alice",
	                        "2026-01-02T03:04:05Z");
	cr_assert_eq(notes_save_text(a, "board", both, theirs.version, &again), NOTES_OK);
	cr_expect(strncmp(both, "bob's\n\xe2\x80\x94 kept both: above, bob (", 32) == 0, "%s", both);
	cr_expect_not_null(strstr(both, "); below, alice (2026-01-02T03:04:05Z)\nalice's"), "%s",
	                   both);
	expect_note(b, "board", both, NOTE_FLAG_NONE, false);
	free(both);
	note_clear(&theirs);
	notes_close(a);
	notes_close(b);
}

Test(notes_merge, both_of_an_empty_or_the_same_text_is_one)
{
	char *s;

	s = notes_join_texts("", "bob", "t1", "mine", "alice", "t2");
	cr_expect_str_eq(s, "mine");
	free(s);
	s = notes_join_texts("theirs", "bob", "t1", "", "alice", "t2");
	cr_expect_str_eq(s, "theirs");
	free(s);
	s = notes_join_texts("same", "bob", "t1", "same", "alice", "t2");
	cr_expect_str_eq(s, "same");
	free(s);
}

Test(notes_merge, a_deleted_note_is_a_change_too)
{
	struct notes *a = open_as("alice"), *b = open_as("bob");
	struct note theirs;
	int64_t base;

	cr_assert_eq(notes_set_text(a, "board", "text"), NOTES_OK);
	base = version_of(b, "board");
	cr_assert_eq(notes_delete(a, "board"), NOTES_OK);
	cr_assert_eq(notes_save_text(b, "board", "bob's", base, &theirs), NOTES_CONFLICT);
	cr_expect_str_eq(theirs.text, "");
	cr_expect_str_eq(theirs.who, "alice");
	note_clear(&theirs);
	notes_close(a);
	notes_close(b);
}

Test(notes_merge, flags_and_marks_go_by_the_latest_change)
{
	struct notes *a = open_as("alice"), *b = open_as("bob");
	struct note_history history;
	struct note note;

	cr_assert_eq(notes_set_flag(a, "board", NOTE_FLAG_CONCERN), NOTES_OK);
	cr_assert_eq(notes_set_flag(b, "board", NOTE_FLAG_OK), NOTES_OK);
	cr_assert_eq(notes_set_reviewed(b, "board", true), NOTES_OK);
	cr_assert_eq(notes_set_reviewed(a, "board", false), NOTES_OK);
	expect_note(b, "board", "", NOTE_FLAG_OK, false);
	cr_assert_eq(notes_set_reviewed(b, "board", true), NOTES_OK);
	cr_assert_eq(notes_get(a, "board", &note), NOTES_OK);
	cr_expect_eq(note.flag, NOTE_FLAG_OK, "bob's flag came last");
	cr_expect(note.reviewed);
	cr_expect_str_eq(note.who, "bob");
	note_clear(&note);
	/* the losers are in the history, in order */
	cr_assert_eq(notes_history(a, "board", &history), NOTES_OK);
	cr_assert_eq(history.count, 5);
	cr_expect_str_eq(history.items[0].value, "concern");
	cr_expect_str_eq(history.items[0].who, "alice");
	cr_expect_str_eq(history.items[1].value, "ok");
	cr_expect_str_eq(history.items[1].who, "bob");
	cr_expect_str_eq(history.items[3].value, "no");
	cr_expect_str_eq(history.items[3].who, "alice");
	note_history_clear(&history);
	notes_close(a);
	notes_close(b);
}

Test(notes_merge, changes_of_others_since_the_last_look)
{
	struct notes *a = open_as("alice"), *b = open_as("bob");
	struct note_history changes;
	int64_t since, last;

	cr_assert_eq(notes_set_text(a, "early", "before"), NOTES_OK);
	cr_assert_eq(notes_last_change(a, &since), NOTES_OK);
	cr_assert_eq(notes_set_text(a, "mine", "alice's own"), NOTES_OK);
	cr_assert_eq(notes_set_flag(b, "board", NOTE_FLAG_QUESTION), NOTES_OK);
	cr_assert_eq(notes_keep_draft(b, "board", "a draft is not a change"), NOTES_OK);
	cr_assert_eq(notes_set_text(b, "place", "bob's note"), NOTES_OK);
	cr_assert_eq(notes_changes_since(a, since, &changes, &last), NOTES_OK, "%s",
	             notes_errmsg(a));
	cr_assert_eq(changes.count, 2, "alice's own change and the draft are left out");
	cr_expect_str_eq(changes.items[0].entity_id, "board");
	cr_expect_str_eq(changes.items[0].what, "flag");
	cr_expect_str_eq(changes.items[0].value, "question");
	cr_expect_str_eq(changes.items[0].who, "bob");
	cr_expect_str_eq(changes.items[1].entity_id, "place");
	cr_expect_str_eq(changes.items[1].what, "text");
	cr_expect_gt(last, since);
	note_history_clear(&changes);
	/* nothing new since: none */
	cr_assert_eq(notes_changes_since(a, last, &changes, &since), NOTES_OK);
	cr_expect_eq(changes.count, 0);
	cr_expect_eq(since, last);
	note_history_clear(&changes);
	notes_close(a);
	notes_close(b);
}

Test(notes_merge, read_only_save_is_refused)
{
	struct notes_options opts = { .read_only = true };
	struct notes *w = open_as("alice"), *r;
	struct note theirs;

	cr_assert_eq(notes_set_text(w, "board", "x"), NOTES_OK);
	r = open_ok(db_path, "default", &opts);
	cr_expect_eq(notes_save_text(r, "board", "y", version_of(r, "board"), &theirs),
	             NOTES_READ_ONLY);
	cr_expect_null(theirs.text);
	notes_close(r);
	notes_close(w);
}
