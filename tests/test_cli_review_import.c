/* icsview review import, run as a user runs it: Alice's review exported with
 * `review export --format json` and imported into Bob's notes file, what
 * --dry-run and the import print, their exit statuses, the refusals, the
 * usage errors, and the import in `review history`. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "helpers.h"
#include "icsview/base/util.h"
#include "icsview/store/notes.h"

static char *work, *alice_db, *bob_db, *export_path;

static void setup(void)
{
	work = scratch_dir();
	alice_db = xasprintf("%s/alice.db", work);
	bob_db = xasprintf("%s/bob.db", work);
	export_path = xasprintf("%s/alice.json", work);
}

static void teardown(void)
{
	remove_tree(work);
	free(work);
	free(alice_db);
	free(bob_db);
	free(export_path);
}

TestSuite(cli_review_import, .init = setup, .fini = teardown);

static void write_notes(const char *path, const char *user)
{
	struct notes *n = open_model_notes(path, "good/nested.yaml", user);

	if (strcmp(user, "alice") == 0) {
		cr_assert_eq(notes_set_text(n, "n-board", "Meets monthly \x1b[2J\nsecond line"), NOTES_OK);
		cr_assert_eq(notes_set_flag(n, "n-board", NOTE_FLAG_CONCERN), NOTES_OK);
		cr_assert_eq(notes_set_reviewed(n, "n-sth", true), NOTES_OK);
		cr_assert_eq(notes_set_text(n, "n-system", "Alice's view"), NOTES_OK);
	} else {
		cr_assert_eq(notes_set_text(n, "n-system", "Bob's view"), NOTES_OK);
	}
	notes_close(n);
}

/* `icsview review ARGS --notes NOTES -m good/nested.yaml`, with times in
 * its output made TIME and the work directory WORK. */
static struct run review(const char *args, const char *notes)
{
	char *command = xasprintf("review %s --notes '%s' " NESTED, args, notes);
	struct run r = run_icsview(command);
	char *out = times_replaced(r.out);
	struct strbuf sb = STRBUF_INIT;

	for (const char *p = out, *at; ; p = at + strlen(work)) {
		at = strstr(p, work);
		sb_add(&sb, p, at ? (size_t)(at - p) : strlen(p));
		if (!at)
			break;
		sb_puts(&sb, "WORK");
	}
	free(r.out);
	free(out);
	r.out = sb.buf ? sb_detach(&sb) : xstrdup("");
	free(command);
	return r;
}

static void export_alice(void)
{
	char *args;
	struct run r;

	write_notes(alice_db, "alice");
	args = xasprintf("export --format json -o '%s'", export_path);
	r = review(args, alice_db);
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_free(&r);
	free(args);
}

static struct run import(const char *options)
{
	char *args = xasprintf("import %s '%s'", options, export_path);
	struct run r = review(args, bob_db);

	free(args);
	return r;
}

static const char import_said[] =
	"  n-system  note in conflict: theirs \"Alice's view\" kept beside ours\n"
	"  n-sth  reviewed no -> yes (theirs is later)\n"
	"  n-board  note added: \"Meets monthly ^[[2J...\"\n"
	"  n-board  flag none -> concern (theirs is later)\n";

Test(cli_review_import, a_dry_run_says_what_would_change_and_changes_nothing)
{
	struct stat st;
	struct run r;
	char *expected;

	export_alice();
	write_notes(bob_db, "bob");
	cr_assert_eq(stat(bob_db, &st), 0);
	{
		char *before = slurp(bob_db);
		r = import("--dry-run");
		cr_expect_eq(r.status, 0, "%s", r.err);
		expected = xasprintf("%swould import WORK/alice.json: 3 entities; 1 note added,"
		                     " 1 conflict, 2 flags or marks taken, 0 kept; 0 unchanged\n"
		                     "dry run: nothing was changed\n", import_said);
		expect_lines(r.out, expected);
		cr_expect_str_eq(r.err, "");
		char *after = slurp(bob_db);
		cr_expect_str_eq(after, before, "the notes file changed");
		free(before);
		free(after);
		free(expected);
		run_free(&r);
	}
}

Test(cli_review_import, a_dry_run_creates_no_notes_file)
{
	struct stat st;
	struct run r;

	export_alice();
	r = import("--dry-run");
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect_neq(stat(bob_db, &st), 0, "a notes file was created");
	run_free(&r);
}

Test(cli_review_import, the_import_says_what_changed_and_a_second_nothing)
{
	struct run r;
	char *expected;

	export_alice();
	write_notes(bob_db, "bob");
	r = import("");
	cr_expect_eq(r.status, 0, "%s", r.err);
	expected = xasprintf("%simported WORK/alice.json: 3 entities; 1 note added, 1 conflict,"
	                     " 2 flags or marks taken, 0 kept; 0 unchanged\n"
	                     "conflicts: e on the entity in the interface shows both texts to"
	                     " choose\n", import_said);
	expect_lines(r.out, expected);
	free(expected);
	run_free(&r);
	r = import("");
	cr_expect_eq(r.status, 0, "%s", r.err);
	expect_lines(r.out, "imported WORK/alice.json: 3 entities; 0 notes added, 0 conflicts,"
	             " 0 flags or marks taken, 0 kept; 3 unchanged\n");
	run_free(&r);
}

Test(cli_review_import, the_history_shows_the_import_and_its_file)
{
	struct run r;

	export_alice();
	r = import("");
	cr_assert_eq(r.status, 0, "%s", r.err);
	run_free(&r);
	r = review("history", bob_db);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "import\n  before: (none)\n  after:  WORK/alice.json\n"),
	          "%s", r.out);
	run_free(&r);
}

/* Refused files leave Bob's notes exactly as they were: exit status 1. */
static void expect_refused(const char *content, const char *message)
{
	FILE *f = fopen(export_path, "w");
	struct run r;
	char *before;

	cr_assert_not_null(f);
	fputs(content, f);
	fclose(f);
	write_notes(bob_db, "bob");
	before = slurp(bob_db);
	r = import("");
	cr_expect_eq(r.status, 1, "%s: status %d", content, r.status);
	cr_expect(strstr(r.err, message), "'%s' lacks '%s'", r.err, message);
	cr_expect_str_eq(r.out, "");
	char *after = slurp(bob_db);
	cr_expect_str_eq(after, before, "the notes file changed");
	free(after);
	free(before);
	run_free(&r);
}

Test(cli_review_import, files_that_are_not_such_an_export_are_refused)
{
	expect_refused("not json", "alice.json: not a review exported by icsview: not JSON"
	               " (line 1, column 1: 'n' where a value was expected): nothing imported\n");
	expect_refused("{\"format\": \"icsview review\", \"version\": 1, \"model_roots\": [\"n-system\","
	               " \"nested-doc\", \"other-doc\"], \"entities\": [{\"id\": \"n-sth\"",
	               "the text ends where ',' or '}' was expected (truncated?)");
	expect_refused("[1, 2]", "not a review exported by icsview (icsview review export --format"
	               " json writes one): nothing imported\n");
	expect_refused("{\"format\": \"icsview review\", \"version\": 1, \"model_roots\": [\"england\"],"
	               " \"entities\": []}", "the review was made on another model (its top-level"
	               " entities: england; this model's: n-system, nested-doc, other-doc)");
}

Test(cli_review_import, a_control_character_in_the_file_name_is_escaped)
{
	char *args = xasprintf("import '%s/no\x1b[2J.json'", work);
	struct run r = review(args, bob_db);

	cr_expect_eq(r.status, 4);
	cr_expect(strstr(r.err, "cannot read WORK/no^[[2J.json") || strstr(r.err, "no^[[2J.json"),
	          "%s", r.err);
	cr_expect_null(strchr(r.err, '\x1b'));
	run_free(&r);
	free(args);
}

Test(cli_review_import, usage_errors)
{
	static const char *const cases[][2] = {
		{ "review import", "icsview: review: import needs the file to import"
		                   " (review import FILE.json)\n" },
		{ "review import -o x.md a.json", "icsview: review: import takes no -o, --format,"
		                                  " --filter or --json\n" },
		{ "review import --filter flag:ok a.json", "icsview: review: import takes no -o,"
		                                           " --format, --filter or --json\n" },
		{ "review list --dry-run", "icsview: review: --dry-run is for 'review import'\n" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct run r = run_icsview(cases[i][0]);
		cr_expect_eq(r.status, 2, "%s: status %d", cases[i][0], r.status);
		cr_expect_str_eq(r.err, cases[i][1], "%s", cases[i][0]);
		run_free(&r);
	}
}
