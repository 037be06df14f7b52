/* icsview review history, run as a user runs it, over a notes file written
 * through the notes store: every change newest first with the value it
 * replaced, scoped by an entity, as text (times made constant) and as JSON
 * parsed back by python3; usage errors refused. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

TestSuite(cli_review_history, .init = setup, .fini = teardown);

/* Two texts of n-board's note (the second of two lines), its flag raised
 * then changed, a mark on n-sth and a note on n-system deleted, by
 * "alice" (the model key is the model file's canonical path). */
static void write_changes(void)
{
	struct notes *n = open_model_notes(notes_path, "good/nested.yaml", "alice");

	cr_assert_eq(notes_set_text(n, "n-board", "first words"), NOTES_OK);
	cr_assert_eq(notes_set_flag(n, "n-board", NOTE_FLAG_QUESTION), NOTES_OK);
	cr_assert_eq(notes_set_reviewed(n, "n-sth", true), NOTES_OK);
	cr_assert_eq(notes_set_text(n, "n-board", "second words\nover two lines"), NOTES_OK);
	cr_assert_eq(notes_set_flag(n, "n-board", NOTE_FLAG_CONCERN), NOTES_OK);
	cr_assert_eq(notes_set_text(n, "n-system", "short-lived"), NOTES_OK);
	cr_assert_eq(notes_delete(n, "n-system"), NOTES_OK);
	notes_close(n);
}

static struct run history(const char *args)
{
	char *command = xasprintf("review history %s --notes '%s' " NESTED, args, notes_path);
	struct run r = run_icsview(command);

	free(command);
	return r;
}

static void expect_history(const char *args, const char *expected)
{
	struct run r = history(args);
	char *out = times_replaced(r.out);

	cr_expect_eq(r.status, 0, "history %s: status %d: %s", args, r.status, r.err);
	cr_expect_str_eq(r.err, "");
	expect_lines(out, expected);
	free(out);
	run_free(&r);
}

Test(cli_review_history, every_change_newest_first_with_before_and_after)
{
	write_changes();
	expect_history("",
		"TIME  alice  n-system  delete\n"
		"  before: short-lived\n"
		"  after:  (none)\n"
		"\n"
		"TIME  alice  n-system  text\n"
		"  before: (none)\n"
		"  after:  short-lived\n"
		"\n"
		"TIME  alice  n-board  flag\n"
		"  before: question\n"
		"  after:  concern\n"
		"\n"
		"TIME  alice  n-board  text\n"
		"  before: first words\n"
		"  after:  second words\n"
		"          over two lines\n"
		"\n"
		"TIME  alice  n-sth  reviewed\n"
		"  before: (none)\n"
		"  after:  yes\n"
		"\n"
		"TIME  alice  n-board  flag\n"
		"  before: (none)\n"
		"  after:  question\n"
		"\n"
		"TIME  alice  n-board  text\n"
		"  before: (none)\n"
		"  after:  first words\n");
}

Test(cli_review_history, an_id_shows_that_entity_only)
{
	write_changes();
	expect_history("n-sth",
		"TIME  alice  n-sth  reviewed\n"
		"  before: (none)\n"
		"  after:  yes\n");
}

Test(cli_review_history, nothing_changed_prints_nothing)
{
	struct run r = history("");

	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect_str_eq(r.out, "");
	run_free(&r);
}

Test(cli_review_history, json_parsed_back)
{
	char *args;

	write_changes();
	args = xasprintf("review history --json --notes '%s' " NESTED " n-board", notes_path);
	check_json(args,
		"d['version'] == 1 and d['entity'] == 'n-board'\n"
		"d['notes_file'].endswith('/notes.db') and d['model'].endswith('/good/nested.yaml')\n"
		"[c['what'] for c in d['changes']] == ['flag', 'text', 'flag', 'text']\n"
		"d['changes'][1]['before'] == 'first words'\n"
		"d['changes'][1]['after'] == 'second words\\nover two lines'\n"
		"d['changes'][0]['before'] == 'question' and d['changes'][0]['after'] == 'concern'\n"
		"d['changes'][3]['before'] is None and d['changes'][3]['who'] == 'alice'\n"
		"all(c['entity'] == 'n-board' and len(c['when']) == 20 for c in d['changes'])\n");
	free(args);
	args = xasprintf("review history --json --notes '%s' " NESTED, notes_path);
	check_json(args,
		"d['entity'] is None and len(d['changes']) == 7\n"
		"d['changes'][0]['what'] == 'delete' and d['changes'][0]['after'] is None\n"
		"d['changes'][0]['before'] == 'short-lived'\n");
	free(args);
}

Test(cli_review_history, usage_and_lookup_errors)
{
	static const struct { const char *args; int status; } cases[] = {
		{ "-F json", 2 },
		{ "-o out.txt", 2 },
		{ "--filter flag:concern", 2 },
		{ "n-board n-sth", 2 },
		{ "no-such-entity", 1 },
	};
	struct run r;

	write_changes();
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		r = history(cases[i].args);
		cr_expect_eq(r.status, cases[i].status, "%s: %d: %s", cases[i].args, r.status, r.err);
		cr_expect_str_eq(r.out, "", "%s", cases[i].args);
		run_free(&r);
	}
	r = run_icsview("review list --json " NESTED);
	cr_expect_eq(r.status, 2, "%s", r.err);
	run_free(&r);
}
