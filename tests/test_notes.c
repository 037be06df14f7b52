/* The notes store's notes: create, edit and delete; flags and reviewed
 * marks; who and when; drafts; persistence and model keys; orphans after a
 * model change; two connections and two processes writing at once; a
 * process killed right after saving.  The notes file itself (where it is,
 * whether it may be used) is test_notes_open.c's.  Every test works in a
 * scratch directory of its own (notes_fixture.h). */
#define _XOPEN_SOURCE 700
#include <criterion/criterion.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "helpers.h"
#include "icsview/store/notes.h"
#include "notes_fixture.h"

TestSuite(notes, .init = notes_setup, .fini = notes_teardown);

/* ---- create, edit, delete ---------------------------------------------- */

Test(notes, create_edit_delete)
{
	struct notes_status status;
	struct notes *n = notes_open(db_path, "default", &status);
	struct note_history history;

	cr_assert(n, "%s", status.message);
	cr_expect(status.created);
	cr_expect_not(status.read_only);
	cr_expect_null(status.message);
	cr_expect_str_eq(status.path, db_path);
	notes_status_clear(&status);

	expect_no_note(n, "n-sth");
	cr_assert_eq(notes_set_text(n, "n-sth", "First line\nsecond line"), NOTES_OK, "%s",
	             notes_errmsg(n));
	expect_note(n, "n-sth", "First line\nsecond line", NOTE_FLAG_NONE, false);
	cr_assert_eq(notes_set_text(n, "n-sth", "Edited – with an en dash"), NOTES_OK);
	expect_note(n, "n-sth", "Edited – with an en dash", NOTE_FLAG_NONE, false);
	cr_expect_eq(count_notes(n), 1);

	cr_assert_eq(notes_delete(n, "n-sth"), NOTES_OK, "%s", notes_errmsg(n));
	expect_no_note(n, "n-sth");
	cr_expect_eq(notes_delete(n, "n-sth"), NOTES_NOT_FOUND);
	cr_expect_eq(count_notes(n), 0);

	/* the history keeps every change, and the text that was deleted */
	cr_assert_eq(notes_history(n, "n-sth", &history), NOTES_OK);
	cr_assert_eq(history.count, 3);
	cr_expect_str_eq(history.items[0].what, "text");
	cr_expect_str_eq(history.items[0].value, "First line\nsecond line");
	cr_expect_str_eq(history.items[1].value, "Edited – with an en dash");
	cr_expect_str_eq(history.items[2].what, "delete");
	cr_expect_str_eq(history.items[2].value, "Edited – with an en dash");
	note_history_clear(&history);

	/* an empty text on an otherwise empty note leaves no note */
	cr_assert_eq(notes_set_text(n, "n-board", "x"), NOTES_OK);
	cr_assert_eq(notes_set_text(n, "n-board", ""), NOTES_OK);
	expect_no_note(n, "n-board");
	cr_expect_eq(notes_set_text(n, "", "x"), NOTES_INVALID);
	notes_close(n);
}

Test(notes, text_is_stored_exactly_and_capped)
{
	struct notes *n = open_default();
	const char *odd = "tab\there\r\nescape \x1b[31mred\x1b[0m bell\a \xe2\x80\x9cquoted\xe2\x80\x9d\n";
	char *big = xmalloc(NOTES_MAX_TEXT + 2);

	cr_assert_eq(notes_set_text(n, "odd", odd), NOTES_OK);
	expect_note(n, "odd", odd, NOTE_FLAG_NONE, false);

	memset(big, 'a', NOTES_MAX_TEXT);
	big[NOTES_MAX_TEXT] = '\0';
	cr_assert_eq(notes_set_text(n, "big", big), NOTES_OK, "%s", notes_errmsg(n));
	big[NOTES_MAX_TEXT] = 'b';
	big[NOTES_MAX_TEXT + 1] = '\0';
	cr_expect_eq(notes_set_text(n, "big", big), NOTES_TOO_LARGE);
	cr_expect(strstr(notes_errmsg(n), "at most"), "%s", notes_errmsg(n));
	big[NOTES_MAX_TEXT] = '\0';
	expect_note(n, "big", big, NOTE_FLAG_NONE, false);
	free(big);
	notes_close(n);
}

/* ---- flags and reviewed ------------------------------------------------------ */

Test(notes, flags_cycle)
{
	struct notes *n = open_default();
	static const enum note_flag expected[] = {
		NOTE_FLAG_OK, NOTE_FLAG_QUESTION, NOTE_FLAG_CONCERN, NOTE_FLAG_NONE, NOTE_FLAG_OK,
	};
	enum note_flag flag;

	for (size_t i = 0; i < sizeof(expected) / sizeof(expected[0]); i++) {
		cr_assert_eq(notes_cycle_flag(n, "n-board", &flag), NOTES_OK, "%s", notes_errmsg(n));
		cr_expect_eq(flag, expected[i], "cycle %zu: %s", i, note_flag_name(flag));
		if (flag == NOTE_FLAG_NONE)
			expect_no_note(n, "n-board");
		else
			expect_note(n, "n-board", "", flag, false);
	}
	cr_assert_eq(notes_set_flag(n, "n-board", NOTE_FLAG_CONCERN), NOTES_OK);
	expect_note(n, "n-board", "", NOTE_FLAG_CONCERN, false);
	cr_expect_eq(notes_set_flag(n, "n-board", NOTE_FLAG_COUNT), NOTES_INVALID);
	expect_note(n, "n-board", "", NOTE_FLAG_CONCERN, false);

	/* a flag cleared on a note with text keeps the text */
	cr_assert_eq(notes_set_text(n, "n-board", "keep me"), NOTES_OK);
	cr_assert_eq(notes_set_flag(n, "n-board", NOTE_FLAG_NONE), NOTES_OK);
	expect_note(n, "n-board", "keep me", NOTE_FLAG_NONE, false);
	notes_close(n);
}

Test(notes, flag_names)
{
	enum note_flag flag;

	cr_expect_str_eq(note_flag_name(NOTE_FLAG_NONE), "none");
	cr_expect_str_eq(note_flag_name(NOTE_FLAG_OK), "ok");
	cr_expect_str_eq(note_flag_name(NOTE_FLAG_QUESTION), "question");
	cr_expect_str_eq(note_flag_name(NOTE_FLAG_CONCERN), "concern");
	cr_expect_null(note_flag_name(NOTE_FLAG_COUNT));
	cr_expect(note_flag_parse("Concern", &flag) && flag == NOTE_FLAG_CONCERN);
	cr_expect_not(note_flag_parse("worry", &flag));
	cr_expect_eq(note_flag_next(NOTE_FLAG_CONCERN), NOTE_FLAG_NONE);
}

Test(notes, reviewed_toggle)
{
	struct notes *n = open_default();
	bool reviewed;

	cr_assert_eq(notes_toggle_reviewed(n, "n-sth", &reviewed), NOTES_OK);
	cr_expect(reviewed);
	expect_note(n, "n-sth", "", NOTE_FLAG_NONE, true);
	cr_assert_eq(notes_toggle_reviewed(n, "n-sth", &reviewed), NOTES_OK);
	cr_expect_not(reviewed);
	expect_no_note(n, "n-sth");
	cr_assert_eq(notes_set_reviewed(n, "n-sth", true), NOTES_OK);
	cr_assert_eq(notes_set_reviewed(n, "n-sth", true), NOTES_OK);
	expect_note(n, "n-sth", "", NOTE_FLAG_NONE, true);
	cr_assert_eq(notes_set_flag(n, "n-sth", NOTE_FLAG_QUESTION), NOTES_OK);
	cr_assert_eq(notes_set_reviewed(n, "n-sth", false), NOTES_OK);
	expect_note(n, "n-sth", "", NOTE_FLAG_QUESTION, false);
	notes_close(n);
}

/* ---- who and when ------------------------------------------------------------------ */

static time_t parse_utc(const char *when)
{
	struct tm tm;
	const char *end;

	memset(&tm, 0, sizeof(tm));
	end = strptime(when, "%Y-%m-%dT%H:%M:%SZ", &tm);
	cr_assert(end && !*end, "not UTC ISO-8601: '%s'", when);
	return timegm(&tm);
}

Test(notes, who_and_when_are_recorded)
{
	struct notes_options opts = { .user = "alice" };
	struct notes *n = open_ok(db_path, "default", &opts), *m;
	struct passwd *pw = getpwuid(getuid());
	struct note note;
	struct note_history history;
	time_t now = time(NULL);

	cr_assert_eq(notes_set_text(n, "n-sth", "hello"), NOTES_OK);
	cr_assert_eq(notes_get(n, "n-sth", &note), NOTES_OK);
	cr_expect_str_eq(note.who, "alice");
	cr_expect(labs((long)(parse_utc(note.when) - now)) <= 5, "when %s", note.when);
	note_clear(&note);
	notes_close(n);

	/* by default, the login name; the last change names its author */
	m = open_default();
	cr_assert(pw);
	cr_expect_str_eq(notes_user(m), pw->pw_name);
	cr_assert_eq(notes_set_flag(m, "n-sth", NOTE_FLAG_OK), NOTES_OK);
	cr_assert_eq(notes_get(m, "n-sth", &note), NOTES_OK);
	cr_expect_str_eq(note.who, pw->pw_name);
	note_clear(&note);
	cr_assert_eq(notes_history(m, "n-sth", &history), NOTES_OK);
	cr_assert_eq(history.count, 2);
	cr_expect_str_eq(history.items[0].who, "alice");
	cr_expect_str_eq(history.items[1].who, pw->pw_name);
	cr_expect_str_eq(history.items[1].what, "flag");
	cr_expect_str_eq(history.items[1].value, "ok");
	parse_utc(history.items[1].when);
	note_history_clear(&history);
	notes_close(m);
}

/* ---- drafts: the text of an interrupted editor ---------------------------------------- */

static void expect_draft(struct notes *n, const char *id, const char *text)
{
	struct note_change draft;
	int rc = notes_draft(n, id, &draft);

	if (!text) {
		cr_expect_eq(rc, NOTES_NOT_FOUND, "a draft of %s: %s", id, rc == NOTES_OK ? draft.value : "");
		return;
	}
	cr_assert_eq(rc, NOTES_OK, "no draft of %s: %s", id, notes_errmsg(n));
	cr_expect_str_eq(draft.what, "draft");
	cr_expect_str_eq(draft.value, text);
	cr_expect_str_eq(draft.who, notes_user(n));
	parse_utc(draft.when);
	note_change_clear(&draft);
}

Test(notes, a_draft_is_kept_beside_the_note_not_in_it)
{
	struct notes_options opts = { .user = "alice" };
	struct notes *n = open_ok(db_path, "default", &opts);
	struct note_history history;

	cr_assert_eq(notes_set_text(n, "n-sth", "saved text"), NOTES_OK);
	expect_draft(n, "n-sth", NULL);
	cr_assert_eq(notes_keep_draft(n, "n-sth", "saved text and half a"), NOTES_OK);
	expect_note(n, "n-sth", "saved text", NOTE_FLAG_NONE, false);
	expect_draft(n, "n-sth", "saved text and half a");
	/* no change to the note: its history does not list it */
	cr_assert_eq(notes_history(n, "n-sth", &history), NOTES_OK);
	cr_expect_eq(history.count, 1);
	cr_expect_str_eq(history.items[0].what, "text");
	note_history_clear(&history);
	/* one draft per entity: a later one replaces it */
	cr_assert_eq(notes_keep_draft(n, "n-sth", "second try"), NOTES_OK);
	expect_draft(n, "n-sth", "second try");
	/* an entity without a note may have a draft, and it makes no note */
	cr_assert_eq(notes_keep_draft(n, "n-doncaster", "first words"), NOTES_OK);
	expect_no_note(n, "n-doncaster");
	cr_expect_eq(count_notes(n), 1);
	expect_draft(n, "n-doncaster", "first words");
	{
		size_t count;
		char *newest;

		cr_assert_eq(notes_drafts_kept(n, &count, &newest), NOTES_OK);
		cr_expect_eq(count, 2);
		cr_expect_str_eq(newest, "n-doncaster");
		free(newest);
	}
	notes_close(n);

	/* it survives the process, and is the writer's own */
	n = open_ok(db_path, "default", &opts);
	expect_draft(n, "n-sth", "second try");
	notes_close(n);
	opts.user = "bob";
	n = open_ok(db_path, "default", &opts);
	expect_draft(n, "n-sth", NULL);
	notes_close(n);
	n = open_ok(db_path, "another-model", NULL);
	expect_draft(n, "n-sth", NULL);
	notes_close(n);
}

Test(notes, saving_the_text_or_dropping_the_draft_removes_it)
{
	struct notes_options alice = { .user = "alice" }, bob = { .user = "bob" };
	struct notes *n = open_ok(db_path, "default", &alice), *m = open_ok(db_path, "default", &bob);

	cr_assert_eq(notes_keep_draft(n, "n-sth", "alice's words"), NOTES_OK);
	cr_assert_eq(notes_keep_draft(m, "n-sth", "bob's words"), NOTES_OK);
	/* a flag is no text: the draft stays */
	cr_assert_eq(notes_set_flag(n, "n-sth", NOTE_FLAG_CONCERN), NOTES_OK);
	expect_draft(n, "n-sth", "alice's words");
	cr_assert_eq(notes_set_text(n, "n-sth", "alice's words, finished"), NOTES_OK);
	expect_draft(n, "n-sth", NULL);
	expect_draft(m, "n-sth", "bob's words");
	cr_assert_eq(notes_drop_draft(m, "n-sth"), NOTES_OK);
	expect_draft(m, "n-sth", NULL);
	{
		size_t count;
		char *newest;

		cr_assert_eq(notes_drafts_kept(m, &count, &newest), NOTES_OK);
		cr_expect_eq(count, 0);
		cr_expect_null(newest);
	}
	cr_expect_eq(notes_drop_draft(m, "n-sth"), NOTES_OK, "dropping no draft is no error");
	expect_note(n, "n-sth", "alice's words, finished", NOTE_FLAG_CONCERN, false);
	notes_close(m);
	notes_close(n);
}

Test(notes, drafts_are_refused_where_notes_are)
{
	struct notes *n = open_default();
	char *big = xcalloc(NOTES_MAX_TEXT + 2, 1);
	struct note_change draft;

	memset(big, 'x', NOTES_MAX_TEXT + 1);
	cr_expect_eq(notes_keep_draft(n, "n-sth", big), NOTES_TOO_LARGE);
	cr_expect_eq(notes_keep_draft(n, "", "x"), NOTES_INVALID);
	cr_expect_eq(notes_draft(n, "", &draft), NOTES_INVALID);
	expect_draft(n, "n-sth", NULL);
	free(big);
	notes_close(n);
	make_notes_file();
	{
		struct notes_options opts = { .read_only = true };
		struct notes_status status;
		struct bytes before = read_bytes(db_path);

		n = notes_open_with(db_path, "default", &opts, &status);
		cr_assert(n, "%s", status.message);
		notes_status_clear(&status);
		cr_expect_eq(notes_keep_draft(n, "n-sth", "x"), NOTES_READ_ONLY);
		cr_expect_eq(notes_drop_draft(n, "n-sth"), NOTES_READ_ONLY);
		notes_close(n);
		expect_same_bytes(before, db_path);
		free(before.data);
	}
}

/* ---- persistence and keys ------------------------------------------------------------- */

Test(notes, persist_across_close_and_reopen)
{
	struct notes *n = open_default(), *other;

	cr_assert_eq(notes_set_text(n, "n-sth", "a\nb"), NOTES_OK);
	cr_assert_eq(notes_set_flag(n, "n-sth", NOTE_FLAG_CONCERN), NOTES_OK);
	cr_assert_eq(notes_set_reviewed(n, "n-board", true), NOTES_OK);
	notes_close(n);

	n = open_default();
	expect_note(n, "n-sth", "a\nb", NOTE_FLAG_CONCERN, false);
	expect_note(n, "n-board", "", NOTE_FLAG_NONE, true);
	cr_expect_eq(count_notes(n), 2);

	/* another model key in the same file has notes of its own */
	other = open_ok(db_path, "other-model", NULL);
	expect_no_note(other, "n-sth");
	cr_assert_eq(notes_set_text(other, "n-sth", "other"), NOTES_OK);
	cr_expect_eq(count_notes(other), 1);
	expect_note(n, "n-sth", "a\nb", NOTE_FLAG_CONCERN, false);
	notes_close(other);
	notes_close(n);
}

/* ---- orphans ----------------------------------------------------------------------------------- */

/* Loads the model file at an absolute path into dir/model.db. */
static struct store *load_file(const char *dir, const char *file)
{
	const char *paths[1] = { file };

	return load_paths(dir, paths, 1);
}

Test(notes, orphans_are_listed_never_deleted)
{
	static const char *const nested[] = { "good/nested.yaml" };
	char *dir_a = xasprintf("%s/a", work), *dir_b = xasprintf("%s/b", work), *file;
	struct store *before, *after;
	struct notes *n = open_default();
	struct note_list orphans;
	char *source = model_path("good/nested.yaml");
	char *text = slurp(source);
	char *cut = strstr(text, "      - id: n-doncaster\n");

	cr_assert(mkdir(dir_a, 0700) == 0 && mkdir(dir_b, 0700) == 0);
	before = load_valid(dir_a, nested, 1);
	/* the same model without n-doncaster (three lines) */
	cr_assert(cut);
	memmove(cut, strstr(cut, "      - id: n-board"), strlen(strstr(cut, "      - id: n-board")) + 1);
	file = write_file(work, "changed.yaml", text);
	after = load_file(dir_b, file);

	cr_assert_eq(notes_set_text(n, "n-sth", "trust"), NOTES_OK);
	cr_assert_eq(notes_set_flag(n, "n-doncaster", NOTE_FLAG_CONCERN), NOTES_OK);
	cr_assert_eq(notes_set_reviewed(n, "n-board", true), NOTES_OK);

	cr_assert_eq(notes_orphans(n, before, &orphans), NOTES_OK, "%s", notes_errmsg(n));
	cr_expect_eq(orphans.count, 0);
	note_list_clear(&orphans);

	cr_assert_eq(notes_orphans(n, after, &orphans), NOTES_OK, "%s", notes_errmsg(n));
	cr_assert_eq(orphans.count, 1);
	cr_expect_str_eq(orphans.items[0].entity_id, "n-doncaster");
	cr_expect_eq(orphans.items[0].flag, NOTE_FLAG_CONCERN);
	note_list_clear(&orphans);

	/* still there, and no longer orphaned when the entity comes back */
	cr_expect_eq(count_notes(n), 3);
	expect_note(n, "n-doncaster", "", NOTE_FLAG_CONCERN, false);
	cr_assert_eq(notes_orphans(n, before, &orphans), NOTES_OK);
	cr_expect_eq(orphans.count, 0);
	note_list_clear(&orphans);

	store_close(before);
	store_close(after);
	notes_close(n);
	free(source); free(text); free(file); free(dir_a); free(dir_b);
}

/* ---- two writers ------------------------------------------------------------------------------- */

#define WRITES 300

Test(notes, two_connections_in_one_process)
{
	struct notes *a = open_default(), *b = open_default();
	bool changed;
	char id[32];

	cr_assert_eq(notes_refresh(a, &changed), NOTES_OK);
	cr_expect_not(changed);
	for (int i = 0; i < WRITES; i++) {
		snprintf(id, sizeof(id), "a-%d", i);
		cr_assert_eq(notes_set_text(a, id, "from a"), NOTES_OK, "%s", notes_errmsg(a));
		snprintf(id, sizeof(id), "b-%d", i);
		cr_assert_eq(notes_set_text(b, id, "from b"), NOTES_OK, "%s", notes_errmsg(b));
		cr_assert_eq(notes_cycle_flag(i % 2 ? a : b, "shared", NULL), NOTES_OK);
	}
	/* each sees the other's notes */
	expect_note(a, "b-7", "from b", NOTE_FLAG_NONE, false);
	expect_note(b, "a-7", "from a", NOTE_FLAG_NONE, false);
	cr_expect_eq(count_notes(a), 2 * WRITES + (WRITES % 4 != 0));
	cr_assert_eq(notes_refresh(a, &changed), NOTES_OK);
	cr_expect(changed, "b's writes are seen as a change by a");
	cr_assert_eq(notes_refresh(a, &changed), NOTES_OK);
	cr_expect_not(changed);
	notes_close(a);
	notes_close(b);
}

static int child_check(struct notes *n, int rc, int i)
{
	if (rc == NOTES_OK)
		return 0;
	fprintf(stderr, "child: write %d: %d: %s\n", i, rc, notes_errmsg(n));
	return 1;
}

/* In a child process: no criterion assertions, only the exit status. */
static int child_writes(const char *path)
{
	struct notes_status status;
	struct notes *n = notes_open(path, "default", &status);
	char id[32];
	int failures = 0;

	notes_status_clear(&status);
	if (!n)
		return 2;
	for (int i = 0; i < WRITES; i++) {
		snprintf(id, sizeof(id), "child-%d", i);
		failures += child_check(n, notes_set_text(n, id, "from the child"), i);
		failures += child_check(n, notes_cycle_flag(n, "shared", NULL), i);
		failures += child_check(n, notes_toggle_reviewed(n, "shared", NULL), i);
	}
	notes_close(n);
	return failures ? 1 : 0;
}

Test(notes, two_processes_write_at_once)
{
	struct notes *n = open_default();
	char id[32];
	int status;
	pid_t pid;

	cr_assert_eq(notes_set_text(n, "shared", "both change this one"), NOTES_OK);
	/* SQLite connections must not cross a fork: the child would share the
	 * parent's lock bookkeeping without holding its locks */
	notes_close(n);
	pid = fork();
	cr_assert_neq(pid, -1);
	if (pid == 0)
		_exit(child_writes(db_path));
	n = open_default();
	for (int i = 0; i < WRITES; i++) {
		snprintf(id, sizeof(id), "parent-%d", i);
		cr_assert_eq(notes_set_text(n, id, "from the parent"), NOTES_OK, "%s",
		             notes_errmsg(n));
		cr_assert_eq(notes_cycle_flag(n, "shared", NULL), NOTES_OK, "%s", notes_errmsg(n));
		cr_assert_eq(notes_toggle_reviewed(n, "shared", NULL), NOTES_OK, "%s",
		             notes_errmsg(n));
	}
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the child's writes failed");
	cr_expect_eq(count_notes(n), 2 * WRITES + 1);
	expect_note(n, "child-299", "from the child", NOTE_FLAG_NONE, false);
	/* every cycle and toggle counted: 600 of each */
	expect_note(n, "shared", "both change this one",
	            (enum note_flag)((2 * WRITES) % NOTE_FLAG_COUNT), (2 * WRITES) % 2 != 0);
	notes_close(n);
}

Test(notes, killed_right_after_saving_loses_nothing)
{
	int fds[2], status;
	char ready;
	pid_t pid;
	struct notes *n;

	cr_assert_eq(pipe(fds), 0);
	pid = fork();
	cr_assert_neq(pid, -1);
	if (pid == 0) {
		struct notes_status st;
		struct notes *c = notes_open(db_path, "default", &st);

		close(fds[0]);
		if (!c || notes_set_text(c, "n-sth", "saved just before the kill") != NOTES_OK ||
		    notes_set_flag(c, "n-sth", NOTE_FLAG_CONCERN) != NOTES_OK)
			_exit(1);
		if (write(fds[1], "x", 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	close(fds[1]);
	cr_assert_eq(read(fds[0], &ready, 1), 1, "the child did not save");
	close(fds[0]);
	kill(pid, SIGKILL);
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);

	n = open_default();
	expect_note(n, "n-sth", "saved just before the kill", NOTE_FLAG_CONCERN, false);
	cr_assert_eq(notes_set_text(n, "n-sth", "and writable after"), NOTES_OK);
	notes_close(n);
}
