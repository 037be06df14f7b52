/* icsview review list|export, run as a user runs it, over a notes file
 * written through the notes store: each format against the expected text
 * (times made constant), JSON parsed back by python3, CSV by its csv
 * module; orphans listed; hostile note text escaped; files written whole;
 * a missing notes file is never created and a corrupt one never touched. */
#include <criterion/criterion.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "helpers.h"
#include "icsview/store/notes.h"
#include "icsview/store/notes_import.h"
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

TestSuite(cli_review, .init = setup, .fini = teardown);

/* The notes of good/nested.yaml, as the interface files them (its model
 * key is the model file's canonical path), written by "alice". */
static void write_notes(void)
{
	struct notes *n = open_model_notes(notes_path, "good/nested.yaml", "alice");

	cr_assert_eq(notes_set_flag(n, "n-board", NOTE_FLAG_CONCERN), NOTES_OK);
	cr_assert_eq(notes_set_reviewed(n, "n-board", true), NOTES_OK);
	cr_assert_eq(notes_set_text(n, "n-board", "Meets monthly, but \"in private\".\n\n"
	                                          "Ask: who, what, when?"), NOTES_OK);
	cr_assert_eq(notes_set_reviewed(n, "n-sth", true), NOTES_OK);
	cr_assert_eq(notes_set_flag(n, "n-system", NOTE_FLAG_QUESTION), NOTES_OK);
	cr_assert_eq(notes_set_text(n, "n-gone", "its entity left the model"), NOTES_OK);
	cr_assert_eq(notes_set_text(n, "n-doncaster", "title \x1b]0;owned\x07 and \x1b[2J"), NOTES_OK);
	notes_close(n);
}

static void replace_all(struct strbuf *sb, const char *what, const char *with)
{
	struct strbuf out = STRBUF_INIT;
	const char *p = sb_str(sb);

	for (const char *at; (at = strstr(p, what)) != NULL; p = at + strlen(what)) {
		sb_add(&out, p, (size_t)(at - p));
		sb_puts(&out, with);
	}
	sb_puts(&out, p);
	sb_free(sb);
	*sb = out;
}

/* Times (2024-05-01T12:34:56Z) become TIME, the notes file's path NOTES,
 * the model's MODEL. */
static char *normalise(const char *text)
{
	char *model = model_path("good/nested.yaml");
	char *key = realpath(model, NULL);
	char *timeless = times_replaced(text);
	struct strbuf sb = STRBUF_INIT;

	sb_puts(&sb, timeless);
	free(timeless);
	replace_all(&sb, notes_path, "NOTES");
	replace_all(&sb, key, "MODEL");
	{
		struct passwd *pw = getpwuid(getuid());
		char *by = xasprintf(" by %s\n", pw ? pw->pw_name : "?");
		replace_all(&sb, by, " by USER\n");
		free(by);
	}
	free(key);
	free(model);
	return sb_detach(&sb);
}

static struct run review(const char *args)
{
	char *command = xasprintf("review %s --notes '%s' " NESTED, args, notes_path);
	struct run r = run_icsview(command);

	free(command);
	return r;
}

static void expect_output(const char *args, const char *expected)
{
	struct run r = review(args);
	char *out = normalise(r.out);

	cr_expect_eq(r.status, 0, "review %s: status %d: %s", args, r.status, r.err);
	cr_expect_str_eq(r.err, "");
	expect_lines(out, expected);
	free(out);
	run_free(&r);
}

Test(cli_review, list_in_tree_order_then_orphans)
{
	write_notes();
	expect_output("list",
		"4 entities with notes or marks: 2 reviewed, 2 with notes; flagged: 1 concern, 1 question\n"
		"\n"
		"question -         n-system  South Yorkshire and Bassetlaw ICS\n"
		"    last changed by alice, TIME\n"
		"\n"
		"none     reviewed  n-sth  Sheffield Teaching Hospitals NHS Foundation Trust\n"
		"    in South Yorkshire and Bassetlaw ICS › Sheffield\n"
		"    last changed by alice, TIME\n"
		"\n"
		"none     -         n-doncaster  Doncaster\n"
		"    in South Yorkshire and Bassetlaw ICS\n"
		"    title ^[]0;owned^G and ^[[2J\n"
		"    last changed by alice, TIME\n"
		"\n"
		"concern  reviewed  n-board  Collaborative Partnership Board\n"
		"    in South Yorkshire and Bassetlaw ICS\n"
		"    Meets monthly, but \"in private\".\n"
		"\n"
		"    Ask: who, what, when?\n"
		"    last changed by alice, TIME\n"
		"\n"
		"1 orphaned (their entity is no longer in the model):\n"
		"\n"
		"none     -         n-gone\n"
		"    its entity left the model\n"
		"    last changed by alice, TIME\n");
}

Test(cli_review, export_markdown_concerns_first_sources_numbered)
{
	write_notes();
	expect_output("export",
		"# Review\n"
		"\n"
		"- **Model:** MODEL\n"
		"- **Notes file:** NOTES\n"
		"- **Exported:** TIME by USER\n"
		"\n"
		"## Summary\n"
		"\n"
		"- **Entities with notes or marks:** 4\n"
		"- **Reviewed:** 2\n"
		"- **Flagged:** 2 (1 concern, 1 question)\n"
		"- **With notes:** 2\n"
		"- **Orphaned notes:** 1 (listed at the end)\n"
		"\n"
		"### Concerns\n"
		"\n"
		"- **Collaborative Partnership Board** (n-board), in South Yorkshire and Bassetlaw ICS\n"
		"\n"
		"  > Meets monthly, but \"in private\".  \n"
		"  >\n"
		"  > Ask: who, what, when?  \n"
		"\n"
		"### Questions\n"
		"\n"
		"- **South Yorkshire and Bassetlaw ICS** (n-system)\n"
		"\n"
		"## Review by tree path\n"
		"\n"
		"### South Yorkshire and Bassetlaw ICS\n"
		"\n"
		"- **Flag:** question\n"
		"- **Reviewed:** no\n"
		"- **Kind:** system · n-system\n"
		"- **Source:** \\[1\\]\n"
		"- **Last change:** alice, TIME\n"
		"\n"
		"#### Sheffield\n"
		"\n"
		"##### Sheffield Teaching Hospitals NHS Foundation Trust\n"
		"\n"
		"- **Reviewed:** yes\n"
		"- **Kind:** organisation · NHS foundation trust · n-sth\n"
		"- **Source:** \\[1\\]\n"
		"- **Last change:** alice, TIME\n"
		"\n"
		"#### Doncaster\n"
		"\n"
		"- **Reviewed:** no\n"
		"- **Kind:** place · n-doncaster\n"
		"- **Source:** \\[1\\]\n"
		"- **Last change:** alice, TIME\n"
		"\n"
		"> title ^\\[\\]0;owned^G and ^\\[\\[2J  \n"
		"\n"
		"#### Collaborative Partnership Board\n"
		"\n"
		"- **Flag:** concern\n"
		"- **Reviewed:** yes\n"
		"- **Kind:** board · partnership board · n-board\n"
		"- **Source:** \\[2\\]\n"
		"- **Last change:** alice, TIME\n"
		"\n"
		"> Meets monthly, but \"in private\".  \n"
		">\n"
		"> Ask: who, what, when?  \n"
		"\n"
		"## Orphaned notes\n"
		"\n"
		"Their entities are no longer in the model; the notes are kept.\n"
		"\n"
		"### n-gone\n"
		"\n"
		"- **Reviewed:** no\n"
		"- **Last change:** alice, TIME\n"
		"\n"
		"> its entity left the model  \n"
		"\n"
		"## Sources\n"
		"\n"
		"1. A year of integrated care systems: reviewing the journey so far (nested-doc)\n"
		"2. Committee visit note (other-doc)\n");
}

/* Runs a python3 script in the work directory; fails the test with its stderr. */
static void python(const char *script)
{
	char *path = write_file(work, "check.py", script);
	char *command = xasprintf("cd '%s' && python3 check.py 2>err", work);
	char *err_path = xasprintf("%s/err", work), *err;
	int status = system(command);

	err = slurp(err_path);
	cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 0, "%s", err);
	free(err); free(err_path); free(command); free(path);
}

Test(cli_review, csv_file_one_record_per_entity)
{
	char *args = xasprintf("export -o '%s/review.csv'", work);
	struct run r = review(args);

	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_expect_str_eq(r.out, "");
	python("import csv\n"
	       "with open('review.csv', newline='', encoding='utf-8') as f:\n"
	       "    rows = list(csv.reader(f))\n"
	       "assert rows[0] == ['path', 'id', 'kind', 'name', 'flag', 'reviewed', 'note', 'who', 'when', 'sources', 'orphaned', 'conflict', 'conflict_note', 'conflict_who', 'conflict_when'], rows[0]\n"
	       "assert [r[1] for r in rows[1:]] == [], rows\n");
	run_free(&r);
	free(args);
	write_notes();
	args = xasprintf("export -o '%s/review.csv'", work);
	r = review(args);
	cr_assert_eq(r.status, 0, "%s", r.err);
	python("import csv\n"
	       "with open('review.csv', newline='', encoding='utf-8') as f:\n"
	       "    rows = list(csv.reader(f))\n"
	       "assert all(len(r) == 15 for r in rows), rows\n"
	       "assert [r[1] for r in rows[1:]] == ['n-system', 'n-sth', 'n-doncaster', 'n-board', 'n-gone'], rows\n"
	       "b = rows[4]\n"
	       "assert b[0] == 'South Yorkshire and Bassetlaw ICS' and b[2:6] == ['board', 'Collaborative Partnership Board', 'concern', 'yes'], b\n"
	       "assert b[6] == 'Meets monthly, but \"in private\".\\n\\nAsk: who, what, when?', b[6]\n"
	       "assert b[7] == 'alice' and b[9] == 'other-doc' and b[10] == 'no', b\n"
	       "assert rows[2][0] == 'South Yorkshire and Bassetlaw ICS › Sheffield', rows[2]\n"
	       "assert rows[3][6] == 'title ^[]0;owned^G and ^[[2J', rows[3]\n"
	       "assert rows[5][1:4] == ['n-gone', '', ''] and rows[5][10] == 'yes', rows[5]\n"
	       "raw = open('review.csv', 'rb').read()\n"
	       "assert b'\\x1b' not in raw and b'\\x07' not in raw, raw\n"
	       "import os, glob\n"
	       "assert glob.glob('review.csv.tmp*') == [], os.listdir('.')\n");
	run_free(&r);
	free(args);
}

Test(cli_review, json_parsed_back)
{
	char *args;

	write_notes();
	args = xasprintf("review export --format json --notes '%s' " NESTED, notes_path);
	check_json(args,
		"d['summary'] == {'entities': 4, 'reviewed': 2, 'noted': 2, 'ok': 0, 'question': 1, 'concern': 1, 'orphaned': 1, 'conflicts': 0}\n"
		"[e['id'] for e in d['entities']] == ['n-system', 'n-sth', 'n-doncaster', 'n-board', 'n-gone']\n"
		"d['entities'][1]['path'] == ['South Yorkshire and Bassetlaw ICS', 'Sheffield']\n"
		"d['entities'][2]['note'] == 'title \\x1b]0;owned\\x07 and \\x1b[2J'\n"
		"d['entities'][3]['flag'] == 'concern' and d['entities'][3]['reviewed'] is True\n"
		"d['entities'][3]['who'] == 'alice' and d['entities'][3]['sources'] == ['other-doc']\n"
		"d['entities'][4]['orphaned'] is True and 'name' not in d['entities'][4]\n"
		"d['notes_file'].endswith('/notes.db') and d['model'].endswith('/good/nested.yaml')\n");
	free(args);
}

Test(cli_review, a_missing_notes_file_is_not_created)
{
	struct stat sb;

	expect_output("list", "0 entities with notes or marks: 0 reviewed, 0 with notes\n");
	cr_expect_neq(stat(notes_path, &sb), 0, "review list created %s", notes_path);
}

Test(cli_review, a_corrupt_notes_file_is_refused_and_left_alone)
{
	static const char junk[] = "this is not a notes file, but someone's thesis\n";
	char *path = write_file(work, "notes.db", junk);
	struct run r = review("list");
	char *after;

	cr_expect_eq(r.status, 4);
	cr_expect_str_eq(r.out, "");
	cr_expect(strstr(r.err, "refusing to use this notes file") != NULL, "%s", r.err);
	cr_expect(strstr(r.err, "left as it was") != NULL, "%s", r.err);
	after = slurp(path);
	cr_expect_str_eq(after, junk);
	free(after);
	free(path);
	run_free(&r);
}

Test(cli_review, an_unwritable_output_leaves_nothing)
{
	struct run r = review("export -o /nonexistent-dir/review.md");

	cr_expect_eq(r.status, 4);
	cr_expect(strstr(r.err, "icsview: review: cannot write /nonexistent-dir/review.md") != NULL,
	          "%s", r.err);
	run_free(&r);
}

Test(cli_review, usage_errors)
{
	static const char *const cases[][2] = {
		{ "review", "icsview: review: say 'list', 'export', 'history' or 'import' (try 'icsview review --help')\n" },
		{ "review lists", "icsview: review: say 'list', 'export', 'history' or 'import' (try 'icsview review --help')\n" },
		{ "review list -o x.md", "icsview: review: -o is for 'review export'\n" },
		{ "review export --format xml",
		  "icsview: review: --format takes text, md, csv or json, not 'xml'\n" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct run r = run_icsview(cases[i][0]);
		cr_expect_eq(r.status, 2, "%s: status %d", cases[i][0], r.status);
		cr_expect_str_eq(r.err, cases[i][1], "%s", cases[i][0]);
		run_free(&r);
	}
}

/* The file's bytes (a database holds NULs); *size gets their count. */
/* -o onto the notes file itself, or onto any SQLite database (a copy of
 * it, under another name and extension), is refused and leaves it whole. */
Test(cli_review, an_output_onto_a_database_is_refused)
{
	static const char *const targets[] = { "notes.db", "copy.md", "notes.db-wal" };
	char *copy = xasprintf("%s/copy.md", work);
	char *wal = xasprintf("%s/notes.db-wal", work);
	char *before, *command;
	size_t before_size;

	write_notes();
	before = slurp_bytes(notes_path, &before_size);
	command = xasprintf("cp '%s' '%s' && : > '%s'", notes_path, copy, wal);
	cr_assert_eq(system(command), 0);
	free(command);
	for (size_t i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
		char *args = xasprintf("export -F md -o '%s/%s'", work, targets[i]);
		char *expected = xasprintf("icsview: review: refusing to write the review to %s/%s: %s\n",
		                           work, targets[i], i == 1 ? "it is an SQLite database"
		                                                    : "it is the notes file");
		struct run r = review(args);
		char *after;
		size_t after_size;

		cr_expect_eq(r.status, 4, "%s: status %d", targets[i], r.status);
		cr_expect_str_eq(r.err, expected);
		after = slurp_bytes(i == 1 ? copy : notes_path, &after_size);
		cr_expect(after_size == before_size && memcmp(after, before, after_size) == 0,
		          "%s: the database was changed", targets[i]);
		free(after);
		free(expected);
		free(args);
		run_free(&r);
	}
	free(before);
	free(copy);
	free(wal);
}

/* Without --format, a name whose extension says no format is refused: a
 * guess would write Markdown into review.xlsx.  With --format it is used. */
Test(cli_review, an_output_of_unknown_extension_needs_a_format)
{
	char *args = xasprintf("export -o '%s/review.xlsx'", work);
	char *expected = xasprintf("icsview: review: cannot tell the format of '%s/review.xlsx' by its"
	                           " name (.md, .csv, .json, .txt): give --format\n", work);
	char *path = xasprintf("%s/review.xlsx", work);
	struct run r = review(args);
	struct stat sb;

	cr_expect_eq(r.status, 2);
	cr_expect_str_eq(r.err, expected);
	cr_expect_neq(stat(path, &sb), 0, "a file was written");
	run_free(&r);
	free(args);
	args = xasprintf("export --format csv -o '%s/review.xlsx'", work);
	r = review(args);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect_eq(stat(path, &sb), 0);
	run_free(&r);
	free(path);
	free(expected);
	free(args);
}

/* A FIFO, a character device and a link to one are written to, never
 * replaced by a regular file. */
Test(cli_review, special_files_are_written_to_not_replaced)
{
	char *fifo = xasprintf("%s/pipe.md", work), *got = xasprintf("%s/got", work);
	char *link = xasprintf("%s/null.md", work), *command, *args, *text;
	struct stat sb;
	struct run r;
	int fd;

	write_notes();
	cr_assert_eq(mkfifo(fifo, 0600), 0);
	command = xasprintf("cat '%s' > '%s' &", fifo, got);
	cr_assert_eq(system(command), 0);
	free(command);
	args = xasprintf("export -o '%s'", fifo);
	r = review(args);
	/* a reader left waiting (the FIFO replaced) gets its end of file */
	fd = open(fifo, O_WRONLY | O_NONBLOCK);
	if (fd >= 0)
		close(fd);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(lstat(fifo, &sb) == 0 && S_ISFIFO(sb.st_mode), "the FIFO was replaced");
	for (int i = 0; i < 100; i++) {   /* the reader writes what it read, then ends */
		text = slurp(got);
		if (strstr(text, "n-board"))
			break;
		free(text);
		text = NULL;
		usleep(20000);
	}
	cr_expect_not_null(text, "the reader did not get the review");
	free(text);
	run_free(&r);
	free(args);

	cr_assert_eq(symlink("/dev/null", link), 0);
	args = xasprintf("export -o '%s'", link);
	r = review(args);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(lstat(link, &sb) == 0 && S_ISLNK(sb.st_mode), "the link was replaced");
	cr_expect(lstat("/dev/null", &sb) == 0 && S_ISCHR(sb.st_mode), "/dev/null was replaced");
	run_free(&r);
	r = review("export -F md -o /dev/null");
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(lstat("/dev/null", &sb) == 0 && S_ISCHR(sb.st_mode), "/dev/null was replaced");
	run_free(&r);
	free(args);
	free(link);
	free(got);
	free(fifo);
}

/* The ids of the entities a command lists (the third word of each line of
 * `review list` that starts with a flag), space-separated.  Caller frees. */
static char *listed_ids(const char *args)
{
	struct run r = review(args);
	struct strbuf ids = STRBUF_INIT;

	cr_expect_eq(r.status, 0, "review %s: status %d: %s", args, r.status, r.err);
	for (const char *line = r.out; *line; ) {
		size_t n = strcspn(line, "\n");
		char flag[16], mark[16], id[64];

		if (line[0] != ' ' && line[0] != '\n' && sscanf(line, "%15s %15s %63s", flag, mark, id) == 3 &&
		    strncmp(id, "n-", 2) == 0)
			sb_printf(&ids, "%s%s", ids.len ? " " : "", id);
		line += n + (line[n] == '\n');
	}
	run_free(&r);
	return sb_detach(&ids);
}

Test(cli_review, scoped_by_a_filter_an_entity_or_both)
{
	static const char *const cases[][2] = {
		{ "list", "n-system n-sth n-doncaster n-board n-gone" },
		{ "list --filter flag:concern", "n-board" },
		{ "list --filter reviewed:yes", "n-sth n-board" },
		{ "list n-sheffield", "n-sth" },
		{ "list --filter has:note n-system", "n-doncaster n-board" },
		{ "list --filter 'flag:any or has:note' n-system", "n-system n-doncaster n-board" },
		{ "list --filter kind:organisation", "n-sth" },
		{ "list --filter flag:ok", "" },
	};

	write_notes();
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *ids = listed_ids(cases[i][0]);
		cr_expect_str_eq(ids, cases[i][1], "review %s", cases[i][0]);
		free(ids);
	}
}

/* bob's text imported beside alice's notes on n-board and n-doncaster. */
static void write_conflicts(void)
{
	static const char *const ids[] = { "n-doncaster", "n-board" };
	struct notes *n = open_model_notes(notes_path, "good/nested.yaml", "alice");

	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		struct note_import entry = {
			.entity_id = ids[i], .text = "bob's words",
			.text_change = { .who = "bob", .when = "2026-01-02T03:04:05Z" },
		};
		struct note_import_report report;

		cr_assert_eq(notes_import(n, &entry, 1, "bob.json", false, &report), NOTES_OK,
		             "%s", notes_errmsg(n));
		cr_assert_eq(report.count, 1);
		note_import_report_clear(&report);
	}
	notes_close(n);
}

Test(cli_review, a_filter_lists_the_conflicts_still_to_resolve)
{
	static const char *const cases[][2] = {
		{ "list --filter review:conflict", "n-doncaster n-board" },
		{ "list --filter 'review:conflict flag:concern'", "n-board" },
		{ "list --filter -review:conflict", "n-system n-sth" },
		{ "list --filter review:conflict n-sheffield", "" },
	};
	struct run r;

	write_notes();
	write_conflicts();
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *ids = listed_ids(cases[i][0]);
		cr_expect_str_eq(ids, cases[i][1], "review %s", cases[i][0]);
		free(ids);
	}
	r = review("list --filter review:conflicts");
	cr_expect_eq(r.status, 2, "%s", r.err);
	cr_expect(strstr(r.err, "expected 'conflict' after 'review:'"), "%s", r.err);
	run_free(&r);
	r = review("export -F md --filter review:conflict");
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "- **Unresolved conflicts:** 2 "), "%s", r.out);
	run_free(&r);
}

Test(cli_review, a_scoped_markdown_export_says_its_scope)
{
	struct run r;

	write_notes();
	r = review("export --filter flag:concern n-system");
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "- **Scope:** under South Yorkshire and Bassetlaw ICS (n-system);"
	                        " filter: flag:concern\n") != NULL, "%s", r.out);
	cr_expect(strstr(r.out, "- **Entities with notes or marks:** 1\n") != NULL, "%s", r.out);
	cr_expect(strstr(r.out, "#### Collaborative Partnership Board\n") != NULL, "%s", r.out);
	cr_expect(strstr(r.out, "Doncaster") == NULL, "%s", r.out);
	cr_expect(strstr(r.out, "Orphaned") == NULL, "%s", r.out);
	cr_expect(strstr(r.out, "1. Committee visit note (other-doc)\n") != NULL, "%s", r.out);
	run_free(&r);
}

Test(cli_review, csv_and_json_scoped_as_markdown)
{
	write_notes();
	{
		struct run r = review("export -F csv --filter reviewed:yes n-system");
		cr_expect_eq(r.status, 0, "%s", r.err);
		cr_expect(strstr(r.out, ",n-sth,") != NULL, "%s", r.out);
		cr_expect(strstr(r.out, ",n-board,") != NULL, "%s", r.out);
		cr_expect(strstr(r.out, "n-gone") == NULL && strstr(r.out, "n-doncaster") == NULL, "%s", r.out);
		run_free(&r);
	}
	{
		char *out = xasprintf("%s/scoped.json", work);
		char *command = xasprintf("export -o '%s' --filter 'flag:concern or flag:question' n-system", out);
		struct run r = review(command);
		cr_expect_eq(r.status, 0, "%s", r.err);
		python("import json\n"
		       "d = json.load(open('scoped.json'))\n"
		       "ids = [e['id'] for e in d['entities']]\n"
		       "assert ids == ['n-system', 'n-board'], ids\n"
		       "assert d['summary']['entities'] == 2 and d['summary']['orphaned'] == 0, d['summary']\n");
		run_free(&r);
		free(command);
		free(out);
	}
}

Test(cli_review, a_bad_scope_is_refused)
{
	static const struct { const char *args; int status; const char *err; } cases[] = {
		{ "list --filter 'flag:'", 2, "icsview: review: filter: " },
		{ "list --filter kind:nothing", 2, "icsview: review: filter: " },
		{ "list n-nowhere", 1, "no entity matches 'n-nowhere'" },
		{ "list n-system extra", 2, "icsview: review: say 'list', 'export', 'history' or 'import'" },
	};

	write_notes();
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct run r = review(cases[i].args);
		cr_expect_eq(r.status, cases[i].status, "%s: status %d: %s", cases[i].args, r.status, r.err);
		cr_expect(strstr(r.err, cases[i].err) != NULL, "%s: %s", cases[i].args, r.err);
		cr_expect_str_eq(r.out, "", "%s", cases[i].args);
		run_free(&r);
	}
}
