/* The review written out (review_export.h) in each format, over a real
 * model (good/nested.yaml) and a real notes file written through the notes
 * API: notes, flags and reviewed marks in tree order, then the orphans (an
 * entity no longer in the model, and a code that is not an id); text
 * escaped in each format; the file written whole.  Times are made constant
 * (TIME) before comparing.
 *
 * The model's tree, in order:
 *   n-system › n-sheffield › n-sth;  n-system › n-doncaster;  n-system › n-board;
 *   nested-doc;  other-doc */
#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "helpers.h"
#include "icsview/base/output.h"
#include "icsview/base/util.h"
#include "icsview/query/review_export.h"
#include "icsview/store/notes.h"
#include "icsview/store/notes_import.h"

/* A model of two files is filed under both paths, one a line. */
#define MODEL_KEY "one.yaml\ntwo.yaml"

static char *dir;
static struct store *st;
static struct notes *notes;

/* The notes file is opened by a relative path (in the scratch directory),
 * so that the file named in the output is the same on every run. */
static void setup(void)
{
	static const char *const models[] = { "good/nested.yaml" };
	struct notes_options opts = { .user = "alice" };
	struct notes_status status;

	dir = scratch_dir();
	st = load_valid(dir, models, 1);
	cr_assert_eq(chdir(dir), 0);
	notes = notes_open_with("notes.db", MODEL_KEY, &opts, &status);
	cr_assert_not_null(notes, "%s", status.message);
	notes_status_clear(&status);
}

static void teardown(void)
{
	notes_close(notes);
	unload_model(st, dir);
}

TestSuite(review_export, .init = setup, .fini = teardown);

static void set_text(const char *id, const char *text)
{
	cr_assert_eq(notes_set_text(notes, id, text), NOTES_OK, "%s", notes_errmsg(notes));
}

static void set_flag(const char *id, enum note_flag flag)
{
	cr_assert_eq(notes_set_flag(notes, id, flag), NOTES_OK, "%s", notes_errmsg(notes));
}

static void set_reviewed(const char *id)
{
	cr_assert_eq(notes_set_reviewed(notes, id, true), NOTES_OK, "%s", notes_errmsg(notes));
}

/* Five entities of the model and two orphans: n-gone is in no model, RHQ
 * is n-sth's code (notes are filed by id, so it matches nothing). */
static void write_notes(void)
{
	set_flag("n-system", NOTE_FLAG_QUESTION);
	set_text("n-system", "Whole system");
	set_flag("n-sth", NOTE_FLAG_CONCERN);
	set_reviewed("n-sth");
	set_text("n-sth", "Ask about \"beds\", <b>waits</b> & A&amp;E\n\nSecond line");
	set_text("n-doncaster", "esc \x1b[2J bad \xff end");
	set_reviewed("n-board");
	set_flag("nested-doc", NOTE_FLAG_OK);
	set_text("n-gone", "left the model, note");
	set_reviewed("RHQ");
}

/* Times (2024-05-01T12:34:56Z) become TIME.  Takes text; caller frees. */
static char *normalise(char *text)
{
	char *timeless = times_replaced(text);

	free(text);
	return timeless;
}

/* What review_export writes, times made constant.  Caller frees. */
static char *exported(enum review_format format, const char *separator)
{
	struct review_export_options opts = { .format = format, .path_separator = separator };
	char *text = NULL, *error = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);
	struct out o;

	cr_assert_not_null(f);
	out_init(&o, f);
	cr_assert_eq(review_export(st, notes, &opts, &o, &error), STORE_OK, "%s", error);
	cr_assert_null(error);
	cr_assert(!out_failed(&o));
	cr_assert_eq(fclose(f), 0);
	return normalise(text);
}

/* Line by line (naming the first that differs), then byte for byte. */
static void expect_text(const char *actual, const char *expected)
{
	expect_lines(actual, expected);
	cr_expect(strcmp(actual, expected) == 0, "not byte for byte the expected text:\n%s", actual);
}

static const char text_expected[] =
	"5 entities with notes or marks: 2 reviewed, 3 with notes; flagged: 1 concern, 1 question, 1 ok\n"
	"\n"
	"question -         n-system  South Yorkshire and Bassetlaw ICS\n"
	"    Whole system\n"
	"    last changed by alice, TIME\n"
	"\n"
	"concern  reviewed  n-sth  Sheffield Teaching Hospitals NHS Foundation Trust\n"
	"    in South Yorkshire and Bassetlaw ICS \u203a Sheffield\n"
	"    Ask about \"beds\", <b>waits</b> & A&amp;E\n"
	"\n"
	"    Second line\n"
	"    last changed by alice, TIME\n"
	"\n"
	"none     -         n-doncaster  Doncaster\n"
	"    in South Yorkshire and Bassetlaw ICS\n"
	"    esc ^[[2J bad <FF> end\n"
	"    last changed by alice, TIME\n"
	"\n"
	"none     reviewed  n-board  Collaborative Partnership Board\n"
	"    in South Yorkshire and Bassetlaw ICS\n"
	"    last changed by alice, TIME\n"
	"\n"
	"ok       -         nested-doc  A year of integrated care systems: reviewing the journey so far\n"
	"    last changed by alice, TIME\n"
	"\n"
	"2 orphaned (their entity is no longer in the model):\n"
	"\n"
	"none     reviewed  RHQ\n"
	"    last changed by alice, TIME\n"
	"\n"
	"none     -         n-gone\n"
	"    left the model, note\n"
	"    last changed by alice, TIME\n";

static const char md_expected[] =
	"# Review\n"
	"\n"
	"- **Model:** one.yaml, two.yaml\n"
	"- **Notes file:** notes.db\n"
	"- **Exported:** TIME by alice\n"
	"\n"
	"## Summary\n"
	"\n"
	"- **Entities with notes or marks:** 5\n"
	"- **Reviewed:** 2\n"
	"- **Flagged:** 3 (1 concern, 1 question, 1 ok)\n"
	"- **With notes:** 3\n"
	"- **Orphaned notes:** 2 (listed at the end)\n"
	"\n"
	"### Concerns\n"
	"\n"
	"- **Sheffield Teaching Hospitals NHS Foundation Trust** (n-sth), in South Yorkshire and Bassetlaw ICS \u203a Sheffield\n"
	"\n"
	"  > Ask about \"beds\", \\<b\\>waits\\</b\\> & A\\&amp;E  \n"
	"  >\n"
	"  > Second line  \n"
	"\n"
	"### Questions\n"
	"\n"
	"- **South Yorkshire and Bassetlaw ICS** (n-system)\n"
	"\n"
	"  > Whole system  \n"
	"\n"
	"## Review by tree path\n"
	"\n"
	"### South Yorkshire and Bassetlaw ICS\n"
	"\n"
	"- **Flag:** question\n"
	"- **Reviewed:** no\n"
	"- **Kind:** system \u00b7 n-system\n"
	"- **Source:** \\[1\\]\n"
	"- **Last change:** alice, TIME\n"
	"\n"
	"> Whole system  \n"
	"\n"
	"#### Sheffield\n"
	"\n"
	"##### Sheffield Teaching Hospitals NHS Foundation Trust\n"
	"\n"
	"- **Flag:** concern\n"
	"- **Reviewed:** yes\n"
	"- **Kind:** organisation \u00b7 NHS foundation trust \u00b7 n-sth\n"
	"- **Source:** \\[1\\]\n"
	"- **Last change:** alice, TIME\n"
	"\n"
	"> Ask about \"beds\", \\<b\\>waits\\</b\\> & A\\&amp;E  \n"
	">\n"
	"> Second line  \n"
	"\n"
	"#### Doncaster\n"
	"\n"
	"- **Reviewed:** no\n"
	"- **Kind:** place \u00b7 n-doncaster\n"
	"- **Source:** \\[1\\]\n"
	"- **Last change:** alice, TIME\n"
	"\n"
	"> esc ^\\[\\[2J bad \\<FF\\> end  \n"
	"\n"
	"#### Collaborative Partnership Board\n"
	"\n"
	"- **Reviewed:** yes\n"
	"- **Kind:** board \u00b7 partnership board \u00b7 n-board\n"
	"- **Source:** \\[2\\]\n"
	"- **Last change:** alice, TIME\n"
	"\n"
	"### A year of integrated care systems: reviewing the journey so far\n"
	"\n"
	"- **Flag:** ok\n"
	"- **Reviewed:** no\n"
	"- **Kind:** source \u00b7 nested-doc\n"
	"- **Source:** \\[1\\]\n"
	"- **Last change:** alice, TIME\n"
	"\n"
	"## Orphaned notes\n"
	"\n"
	"Their entities are no longer in the model; the notes are kept.\n"
	"\n"
	"### RHQ\n"
	"\n"
	"- **Reviewed:** yes\n"
	"- **Last change:** alice, TIME\n"
	"\n"
	"### n-gone\n"
	"\n"
	"- **Reviewed:** no\n"
	"- **Last change:** alice, TIME\n"
	"\n"
	"> left the model, note  \n"
	"\n"
	"## Sources\n"
	"\n"
	"1. A year of integrated care systems: reviewing the journey so far (nested-doc)\n"
	"2. Committee visit note (other-doc)\n";

static const char csv_expected[] =
	"path,id,kind,name,flag,reviewed,note,who,when,sources,orphaned,"
	"conflict,conflict_note,conflict_who,conflict_when\r\n"
	",n-system,system,South Yorkshire and Bassetlaw ICS,question,no,Whole system,alice,TIME,nested-doc,no,none,,,\r\n"
	"South Yorkshire and Bassetlaw ICS > Sheffield,n-sth,organisation,"
	"Sheffield Teaching Hospitals NHS Foundation Trust,concern,yes,"
	"\"Ask about \"\"beds\"\", <b>waits</b> & A&amp;E\n\nSecond line\",alice,TIME,nested-doc,no,none,,,\r\n"
	"South Yorkshire and Bassetlaw ICS,n-doncaster,place,Doncaster,none,no,esc ^[[2J bad <FF> end,"
	"alice,TIME,nested-doc,no,none,,,\r\n"
	"South Yorkshire and Bassetlaw ICS,n-board,board,Collaborative Partnership Board,none,yes,,"
	"alice,TIME,other-doc,no,none,,,\r\n"
	",nested-doc,source,A year of integrated care systems: reviewing the journey so far,ok,no,,"
	"alice,TIME,nested-doc,no,none,,,\r\n"
	",RHQ,,,none,yes,,alice,TIME,,yes,none,,,\r\n"
	",n-gone,,,none,no,\"left the model, note\",alice,TIME,,yes,none,,,\r\n";

static const char json_expected[] =
	"{\n"
	"  \"format\": \"icsview review\",\n"
	"  \"version\": 1,\n"
	"  \"model\": \"one.yaml\\ntwo.yaml\",\n"
	"  \"model_roots\": [\n"
	"    \"n-system\",\n"
	"    \"nested-doc\",\n"
	"    \"other-doc\"\n"
	"  ],\n"
	"  \"notes_file\": \"notes.db\",\n"
	"  \"exported\": \"TIME\",\n"
	"  \"by\": \"alice\",\n"
	"  \"summary\": {\n"
	"    \"entities\": 5,\n"
	"    \"reviewed\": 2,\n"
	"    \"noted\": 3,\n"
	"    \"ok\": 1,\n"
	"    \"question\": 1,\n"
	"    \"concern\": 1,\n"
	"    \"orphaned\": 2,\n"
	"    \"conflicts\": 0\n"
	"  },\n"
	"  \"entities\": [\n"
	"    {\n"
	"      \"id\": \"n-system\",\n"
	"      \"name\": \"South Yorkshire and Bassetlaw ICS\",\n"
	"      \"kind\": \"system\",\n"
	"      \"path\": [],\n"
	"      \"flag\": \"question\",\n"
	"      \"reviewed\": false,\n"
	"      \"note\": \"Whole system\",\n"
	"      \"who\": \"alice\",\n"
	"      \"when\": \"TIME\",\n"
	"      \"sources\": [\n"
	"        \"nested-doc\"\n"
	"      ],\n"
	"      \"orphaned\": false,\n"
	"      \"changes\": {\n"
	"        \"text\": {\n"
	"          \"who\": \"alice\",\n"
	"          \"when\": \"TIME\"\n"
	"        },\n"
	"        \"flag\": {\n"
	"          \"who\": \"alice\",\n"
	"          \"when\": \"TIME\"\n"
	"        },\n"
	"        \"reviewed\": null\n"
	"      },\n"
	"      \"conflict\": null\n"
	"    },\n"
	"    {\n"
	"      \"id\": \"n-sth\",\n"
	"      \"name\": \"Sheffield Teaching Hospitals NHS Foundation Trust\",\n"
	"      \"kind\": \"organisation\",\n"
	"      \"type\": \"NHS foundation trust\",\n"
	"      \"path\": [\n"
	"        \"South Yorkshire and Bassetlaw ICS\",\n"
	"        \"Sheffield\"\n"
	"      ],\n"
	"      \"flag\": \"concern\",\n"
	"      \"reviewed\": true,\n"
	"      \"note\": \"Ask about \\\"beds\\\", <b>waits</b> & A&amp;E\\n\\nSecond line\",\n"
	"      \"who\": \"alice\",\n"
	"      \"when\": \"TIME\",\n"
	"      \"sources\": [\n"
	"        \"nested-doc\"\n"
	"      ],\n"
	"      \"orphaned\": false,\n"
	"      \"changes\": {\n"
	"        \"text\": {\n"
	"          \"who\": \"alice\",\n"
	"          \"when\": \"TIME\"\n"
	"        },\n"
	"        \"flag\": {\n"
	"          \"who\": \"alice\",\n"
	"          \"when\": \"TIME\"\n"
	"        },\n"
	"        \"reviewed\": {\n"
	"          \"who\": \"alice\",\n"
	"          \"when\": \"TIME\"\n"
	"        }\n"
	"      },\n"
	"      \"conflict\": null\n"
	"    },\n"
	"    {\n"
	"      \"id\": \"n-doncaster\",\n"
	"      \"name\": \"Doncaster\",\n"
	"      \"kind\": \"place\",\n"
	"      \"path\": [\n"
	"        \"South Yorkshire and Bassetlaw ICS\"\n"
	"      ],\n"
	"      \"flag\": \"none\",\n"
	"      \"reviewed\": false,\n"
	"      \"note\": \"esc \\u001b[2J bad \\ufffd end\",\n"
	"      \"who\": \"alice\",\n"
	"      \"when\": \"TIME\",\n"
	"      \"sources\": [\n"
	"        \"nested-doc\"\n"
	"      ],\n"
	"      \"orphaned\": false,\n"
	"      \"changes\": {\n"
	"        \"text\": {\n"
	"          \"who\": \"alice\",\n"
	"          \"when\": \"TIME\"\n"
	"        },\n"
	"        \"flag\": null,\n"
	"        \"reviewed\": null\n"
	"      },\n"
	"      \"conflict\": null\n"
	"    },\n";
/* the rest, apart: a string literal of C99 holds 4095 bytes at most */
static const char json_expected_tail[] =
	"    {\n"
	"      \"id\": \"n-board\",\n"
	"      \"name\": \"Collaborative Partnership Board\",\n"
	"      \"kind\": \"board\",\n"
	"      \"type\": \"partnership board\",\n"
	"      \"path\": [\n"
	"        \"South Yorkshire and Bassetlaw ICS\"\n"
	"      ],\n"
	"      \"flag\": \"none\",\n"
	"      \"reviewed\": true,\n"
	"      \"note\": \"\",\n"
	"      \"who\": \"alice\",\n"
	"      \"when\": \"TIME\",\n"
	"      \"sources\": [\n"
	"        \"other-doc\"\n"
	"      ],\n"
	"      \"orphaned\": false,\n"
	"      \"changes\": {\n"
	"        \"text\": null,\n"
	"        \"flag\": null,\n"
	"        \"reviewed\": {\n"
	"          \"who\": \"alice\",\n"
	"          \"when\": \"TIME\"\n"
	"        }\n"
	"      },\n"
	"      \"conflict\": null\n"
	"    },\n"
	"    {\n"
	"      \"id\": \"nested-doc\",\n"
	"      \"name\": \"A year of integrated care systems: reviewing the journey so far\",\n"
	"      \"kind\": \"source\",\n"
	"      \"path\": [],\n"
	"      \"flag\": \"ok\",\n"
	"      \"reviewed\": false,\n"
	"      \"note\": \"\",\n"
	"      \"who\": \"alice\",\n"
	"      \"when\": \"TIME\",\n"
	"      \"sources\": [\n"
	"        \"nested-doc\"\n"
	"      ],\n"
	"      \"orphaned\": false,\n"
	"      \"changes\": {\n"
	"        \"text\": null,\n"
	"        \"flag\": {\n"
	"          \"who\": \"alice\",\n"
	"          \"when\": \"TIME\"\n"
	"        },\n"
	"        \"reviewed\": null\n"
	"      },\n"
	"      \"conflict\": null\n"
	"    },\n"
	"    {\n"
	"      \"id\": \"RHQ\",\n"
	"      \"flag\": \"none\",\n"
	"      \"reviewed\": true,\n"
	"      \"note\": \"\",\n"
	"      \"who\": \"alice\",\n"
	"      \"when\": \"TIME\",\n"
	"      \"sources\": [],\n"
	"      \"orphaned\": true,\n"
	"      \"changes\": {\n"
	"        \"text\": null,\n"
	"        \"flag\": null,\n"
	"        \"reviewed\": {\n"
	"          \"who\": \"alice\",\n"
	"          \"when\": \"TIME\"\n"
	"        }\n"
	"      },\n"
	"      \"conflict\": null\n"
	"    },\n"
	"    {\n"
	"      \"id\": \"n-gone\",\n"
	"      \"flag\": \"none\",\n"
	"      \"reviewed\": false,\n"
	"      \"note\": \"left the model, note\",\n"
	"      \"who\": \"alice\",\n"
	"      \"when\": \"TIME\",\n"
	"      \"sources\": [],\n"
	"      \"orphaned\": true,\n"
	"      \"changes\": {\n"
	"        \"text\": {\n"
	"          \"who\": \"alice\",\n"
	"          \"when\": \"TIME\"\n"
	"        },\n"
	"        \"flag\": null,\n"
	"        \"reviewed\": null\n"
	"      },\n"
	"      \"conflict\": null\n"
	"    }\n"
	"  ]\n"
	"}\n";

/* formats */

Test(review_export, text_in_tree_order_then_orphans)
{
	char *text;

	write_notes();
	text = exported(REVIEW_TEXT, " \u203a ");
	expect_text(text, text_expected);
	free(text);
}

Test(review_export, markdown_summary_first_then_the_tree_then_numbered_sources)
{
	char *text;

	write_notes();
	text = exported(REVIEW_MD, " \u203a ");
	expect_text(text, md_expected);
	free(text);
}

Test(review_export, csv_keeps_a_notes_line_breaks_in_its_field)
{
	char *text;

	write_notes();
	text = exported(REVIEW_CSV, " > ");
	expect_text(text, csv_expected);
	free(text);
}

Test(review_export, json_escapes_controls_and_bytes_that_are_not_utf8)
{
	char *expected = xasprintf("%s%s", json_expected, json_expected_tail), *text;

	write_notes();
	text = exported(REVIEW_JSON, " \u203a ");
	expect_text(text, expected);
	free(expected);
	free(text);
}

Test(review_export, nothing_reviewed_yet)
{
	char *text;

	text = exported(REVIEW_TEXT, " > ");
	expect_text(text, "0 entities with notes or marks: 0 reviewed, 0 with notes\n");
	free(text);
	text = exported(REVIEW_MD, " > ");
	expect_text(text,
		"# Review\n"
		"\n"
		"- **Model:** one.yaml, two.yaml\n"
		"- **Notes file:** notes.db\n"
		"- **Exported:** TIME by alice\n"
		"\n"
		"## Summary\n"
		"\n"
		"- **Entities with notes or marks:** 0\n"
		"- **Reviewed:** 0\n"
		"- **Flagged:** 0\n"
		"- **With notes:** 0\n"
		"\n"
		"Nothing has been reviewed, flagged or noted yet.\n");
	free(text);
	text = exported(REVIEW_CSV, " > ");
	expect_text(text, "path,id,kind,name,flag,reviewed,note,who,when,sources,orphaned,"
	                  "conflict,conflict_note,conflict_who,conflict_when\r\n");
	free(text);
}

/* ---- conflicts an import left ------------------------------------------------ */

/* bob's text on id, imported beside the note alice wrote (ours: NULL,
 * the note is cleared afterwards). */
static void conflict_on(const char *id, const char *ours, const char *theirs)
{
	struct note_import entry = {
		.entity_id = id, .text = theirs,
		.text_change = { .who = "bob", .when = "2026-01-02T03:04:05Z" },
	};
	struct note_import_report report;

	set_text(id, ours ? ours : "for now");
	cr_assert_eq(notes_import(notes, &entry, 1, "bob.json", false, &report), NOTES_OK,
	             "%s", notes_errmsg(notes));
	cr_assert_eq(report.count, 1);
	cr_assert_eq(report.items[0].action, IMPORT_CONFLICT);
	note_import_report_clear(&report);
	if (!ours)
		set_text(id, "");
}

/* Three pending (one on a note cleared since, one on an orphan) and one
 * resolved, which is not shown. */
static void write_conflicts(void)
{
	conflict_on("n-sth", "Ours on STH", "Theirs \x1b[2J line\nsecond");
	conflict_on("n-doncaster", NULL, "Theirs on Doncaster");
	conflict_on("n-board", "Ours on the board", "Theirs on the board");
	cr_assert_eq(notes_resolve_conflict(notes, "n-board", NULL, "kept mine"), NOTES_OK);
	conflict_on("n-gone", "Ours on an orphan", "Theirs on an orphan");
}

Test(review_export, text_shows_each_conflict_unresolved)
{
	char *text;

	write_conflicts();
	text = exported(REVIEW_TEXT, " \u203a ");
	expect_text(text,
		"3 entities with notes or marks: 0 reviewed, 2 with notes; 3 unresolved conflicts\n"
		"\n"
		"none     -         n-sth  Sheffield Teaching Hospitals NHS Foundation Trust\n"
		"    in South Yorkshire and Bassetlaw ICS \u203a Sheffield\n"
		"    Ours on STH\n"
		"    last changed by alice, TIME\n"
		"    conflict, unresolved: imported note of bob, TIME\n"
		"      Theirs ^[[2J line\n"
		"      second\n"
		"\n"
		"none     -         n-doncaster  Doncaster\n"
		"    in South Yorkshire and Bassetlaw ICS\n"
		"    conflict, unresolved: imported note of bob, TIME\n"
		"      Theirs on Doncaster\n"
		"\n"
		"none     -         n-board  Collaborative Partnership Board\n"
		"    in South Yorkshire and Bassetlaw ICS\n"
		"    Ours on the board\n"
		"    last changed by alice, TIME\n"
		"\n"
		"1 orphaned (their entity is no longer in the model):\n"
		"\n"
		"none     -         n-gone\n"
		"    Ours on an orphan\n"
		"    last changed by alice, TIME\n"
		"    conflict, unresolved: imported note of bob, TIME\n"
		"      Theirs on an orphan\n");
	free(text);
}

static void expect_in(const char *text, const char *part)
{
	cr_expect_not_null(strstr(text, part), "lacks:\n%s\nin:\n%s", part, text);
}

Test(review_export, markdown_counts_conflicts_and_quotes_theirs)
{
	char *text;

	write_conflicts();
	text = exported(REVIEW_MD, " \u203a ");
	expect_in(text, "- **With notes:** 2\n"
	                "- **Orphaned notes:** 1 (listed at the end)\n"
	                "- **Unresolved conflicts:** 3 (an imported note differs from the entity's;"
	                " both are below)\n");
	expect_in(text, "> Ours on STH  \n"
	                "\n"
	                "- **Unresolved conflict:** imported note of bob, TIME\n"
	                "\n"
	                "> Theirs ^\\[\\[2J line  \n"
	                "> second  \n");
	expect_in(text, "#### Doncaster\n"
	                "\n"
	                "- **Reviewed:** no\n"
	                "- **Kind:** place \u00b7 n-doncaster\n"
	                "- **Source:** \\[1\\]\n"
	                "\n"
	                "- **Unresolved conflict:** imported note of bob, TIME\n"
	                "\n"
	                "> Theirs on Doncaster  \n");
	expect_in(text, "> Ours on the board  \n\n## Orphaned");   /* resolved: not shown */
	expect_in(text, "> Ours on an orphan  \n"
	                "\n"
	                "- **Unresolved conflict:** imported note of bob, TIME\n"
	                "\n"
	                "> Theirs on an orphan  \n");
	free(text);
}

Test(review_export, csv_has_the_conflicts_columns)
{
	char *text;

	write_conflicts();
	text = exported(REVIEW_CSV, " > ");
	expect_text(text,
		"path,id,kind,name,flag,reviewed,note,who,when,sources,orphaned,"
		"conflict,conflict_note,conflict_who,conflict_when\r\n"
		"South Yorkshire and Bassetlaw ICS > Sheffield,n-sth,organisation,"
		"Sheffield Teaching Hospitals NHS Foundation Trust,none,no,Ours on STH,alice,TIME,"
		"nested-doc,no,unresolved,\"Theirs ^[[2J line\nsecond\",bob,TIME\r\n"
		"South Yorkshire and Bassetlaw ICS,n-doncaster,place,Doncaster,none,no,,,,nested-doc,no,"
		"unresolved,Theirs on Doncaster,bob,TIME\r\n"
		"South Yorkshire and Bassetlaw ICS,n-board,board,Collaborative Partnership Board,none,no,"
		"Ours on the board,alice,TIME,other-doc,no,none,,,\r\n"
		",n-gone,,,none,no,Ours on an orphan,alice,TIME,,yes,unresolved,Theirs on an orphan,bob,"
		"TIME\r\n");
	free(text);
}

Test(review_export, json_has_each_conflict_and_their_count)
{
	char *text;

	write_conflicts();
	text = exported(REVIEW_JSON, " > ");
	expect_in(text, "    \"orphaned\": 1,\n"
	                "    \"conflicts\": 3\n"
	                "  },\n");
	expect_in(text, "      \"note\": \"Ours on STH\",\n");
	expect_in(text, "      \"conflict\": {\n"
	                "        \"state\": \"unresolved\",\n"
	                "        \"note\": \"Theirs \\u001b[2J line\\nsecond\",\n"
	                "        \"who\": \"bob\",\n"
	                "        \"when\": \"TIME\"\n"
	                "      }\n");
	expect_in(text, "      \"note\": \"Ours on the board\",\n");
	cr_expect_null(strstr(text, "Theirs on the board"), "a resolved conflict is not exported");
	free(text);
}

Test(review_export, format_names_and_extensions)
{
	static const struct { const char *name; enum review_format format; } names[] = {
		{ "text", REVIEW_TEXT }, { "md", REVIEW_MD }, { "Markdown", REVIEW_MD },
		{ "CSV", REVIEW_CSV }, { "json", REVIEW_JSON },
	};
	static const struct { const char *path; enum review_format format; } paths[] = {
		{ "review.md", REVIEW_MD }, { "a/b.MARKDOWN", REVIEW_MD }, { "r.csv", REVIEW_CSV },
		{ "r.json", REVIEW_JSON }, { "r.txt", REVIEW_TEXT }, { "x.y.Csv", REVIEW_CSV },
	};
	static const char *const no_format[] = { "review", "r.text", "r.yaml", "dir.md/review", "r." };
	enum review_format format;

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		cr_expect(review_format_parse(names[i].name, &format), "%s", names[i].name);
		cr_expect_eq(format, names[i].format, "%s", names[i].name);
	}
	cr_expect(!review_format_parse("txt", &format));
	cr_expect(!review_format_parse("", &format));
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		cr_expect(review_format_of_path(paths[i].path, &format), "%s", paths[i].path);
		cr_expect_eq(format, paths[i].format, "%s", paths[i].path);
	}
	for (size_t i = 0; i < sizeof(no_format) / sizeof(no_format[0]); i++)
		cr_expect(!review_format_of_path(no_format[i], &format), "%s", no_format[i]);
}

/* files */

/* True when the scratch directory holds a file whose name starts so. */
static bool any_file_named(const char *prefix)
{
	DIR *d = opendir(".");
	struct dirent *entry;
	bool found = false;

	cr_assert_not_null(d);
	while ((entry = readdir(d)) != NULL)
		if (strncmp(entry->d_name, prefix, strlen(prefix)) == 0)
			found = true;
	closedir(d);
	return found;
}

Test(review_export, a_new_file_is_written_whole_with_the_umask)
{
	struct review_export_options opts = { .format = REVIEW_MD, .path_separator = " \u203a " };
	char *error = NULL, *text;
	struct stat sb;

	write_notes();
	umask(027);
	cr_assert_eq(review_export_file(st, notes, &opts, "review.md", &error), STORE_OK, "%s", error);
	cr_assert_null(error);
	text = normalise(slurp("review.md"));
	expect_text(text, md_expected);
	free(text);
	cr_assert_eq(stat("review.md", &sb), 0);
	cr_expect_eq(sb.st_mode & 0777, 0640, "mode %o", (unsigned)(sb.st_mode & 0777));
	cr_expect(!any_file_named("review.md.tmp-"), "a temporary file is left");
}

/* A private file stays private when a review is written over it. */
Test(review_export, an_existing_file_is_replaced_whole_keeping_its_mode)
{
	struct review_export_options opts = { .format = REVIEW_MD, .path_separator = " \u203a " };
	char *error = NULL, *text;
	struct stat sb;

	write_notes();
	free(write_file(".", "review.md", "an older review\n"));
	cr_assert_eq(chmod("review.md", 0600), 0);
	umask(022);
	cr_assert_eq(review_export_file(st, notes, &opts, "review.md", &error), STORE_OK, "%s", error);
	text = normalise(slurp("review.md"));
	expect_text(text, md_expected);
	free(text);
	cr_assert_eq(stat("review.md", &sb), 0);
	cr_expect_eq(sb.st_mode & 0777, 0600, "mode %o", (unsigned)(sb.st_mode & 0777));
	cr_expect(!any_file_named("review.md.tmp-"), "a temporary file is left");
}

Test(review_export, a_file_that_cannot_be_written_leaves_nothing)
{
	struct review_export_options opts = { .format = REVIEW_CSV, .path_separator = " > " };
	char *error = NULL;

	write_notes();
	cr_expect_eq(review_export_file(st, notes, &opts, "no-such-dir/review.csv", &error),
	             STORE_ERROR);
	cr_expect_str_eq(error, "cannot write no-such-dir/review.csv: No such file or directory");
	free(error);
	cr_expect(!any_file_named("no-such-dir"));
	cr_expect(!any_file_named("review"));
}
