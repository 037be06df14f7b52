/* The detail pane's content, without a terminal. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"
#include "icsview/views/detail.h"
#include "icsview/store/notes.h"
#include "icsview/query/review_history.h"

static struct store *st;
static char *dir;

static void load(void)
{
	static const char *const files[] = { "good/multi", "tui/wide.yaml" };

	dir = scratch_dir();
	st = load_valid(dir, files, 2);
}

static void unload(void)
{
	unload_model(st, dir);
}

TestSuite(detail, .init = load, .fini = unload);

static size_t find_line(const struct detail *d, const char *text)
{
	for (size_t i = 0; i < d->count; i++)
		if (strstr(d->lines[i].text, text))
			return i;
	return (size_t)-1;
}

Test(detail, links_name_their_targets_in_groups)
{
	struct detail d = { 0 };
	size_t group, link;

	cr_assert_eq(detail_build(&d, st, eid_of(st, "m-jcc"), 40), STORE_OK);
	/* the title wraps to the pane's width */
	cr_expect_str_eq(d.lines[0].text, "Joint Committee of Clinical");
	cr_expect_eq(d.lines[0].style, DETAIL_TITLE);
	cr_expect_str_eq(d.lines[1].text, "Commissioning Groups");
	cr_expect_eq(d.lines[1].indent, 2);
	cr_expect_eq(d.lines[1].style, DETAIL_TITLE);
	group = find_line(&d, "delegated_authority");
	cr_assert_neq(group, (size_t)-1);
	cr_expect_eq(d.lines[group].style, DETAIL_GROUP);
	link = detail_next_link(&d, group, 1);
	cr_assert_neq(link, (size_t)-1);
	cr_expect_eq(d.lines[link].target, eid_of(st, "m-ccg"));
	{
		/* a long link wraps: its later lines belong to it */
		struct strbuf whole = STRBUF_INIT;
		size_t i = link;
		do {
			sb_printf(&whole, "%s%s", i == link ? "" : " ", d.lines[i].text);
			cr_expect_eq(d.lines[i].target, d.lines[link].target);
			cr_expect_eq(detail_link_head(&d, i), link);
			i++;
		} while (i < d.count && d.lines[i].continuation);
		cr_expect(strstr(sb_str(&whole), "scope: hyper acute stroke services") != NULL, "%s",
		          sb_str(&whole));
		sb_free(&whole);
	}
	cr_expect_neq(find_line(&d, "seats"), (size_t)-1, "no backlinks shown");
	cr_expect_eq(detail_next_link(&d, 0, -1), (size_t)-1);
	detail_clear(&d);
}

Test(detail, control_characters_are_escaped_and_prose_is_wrapped)
{
	struct detail d = { 0 };

	cr_assert_eq(detail_build(&d, st, eid_of(st, "w-escape"), 30), STORE_OK);
	cr_expect_str_eq(d.lines[0].text, "Bad^[[2Jname^[]0;pwned^G end");
	for (size_t i = 0; i < d.count; i++) {
		for (const char *p = d.lines[i].text; *p; p++)
			cr_expect((unsigned char)*p >= 0x20 && *p != 0x7f, "raw control byte on line %zu", i);
		if (d.lines[i].style == DETAIL_TEXT)
			cr_expect_leq(strlen(d.lines[i].text), 28, "'%s' is wider than the pane", d.lines[i].text);
	}
	detail_clear(&d);
}

/* The lines from `from` that are of the Review section, as "style:text". */
static char *review_lines(const struct detail *d)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i = find_line(d, "Review");

	cr_assert_neq(i, (size_t)-1, "no Review section");
	cr_assert_eq(d->lines[i].style, DETAIL_HEADING);
	for (i++; i < d->count && d->lines[i].style != DETAIL_HEADING; i++)
		sb_printf(&sb, "%d:%s%s%s\n", (int)d->lines[i].style, d->lines[i].key ? d->lines[i].key : "",
		          d->lines[i].key ? "=" : "", d->lines[i].text);
	return sb_detach(&sb);
}

Test(detail, the_review_section_shows_the_note_as_written)
{
	struct detail d = { 0 };
	struct note note = {
		.entity_id = "m-jcc", .text = "First line, long enough to wrap at this width.\n\n"
		                              "Then \x1b]0;title\x07 escaped.",
		.flag = NOTE_FLAG_QUESTION, .reviewed = true, .who = "alice",
		.when = "2026-11-23T10:00:00Z",
	};
	struct note none = { .entity_id = "m-jcc", .text = "" };
	char *lines;

	cr_assert_eq(detail_build_reviewed(&d, st, eid_of(st, "m-jcc"), 30, &note, NULL), STORE_OK);
	/* before the prose: right under the heading */
	cr_expect_lt(find_line(&d, "Review"), 6);
	lines = review_lines(&d);
	cr_expect_str_eq(lines,
		"4:flag=question\n"
		"4:reviewed=yes\n"
		"5:First line, long enough to\n"
		"5:wrap at this width.\n"
		"5:\n"
		"5:Then ^[]0;title^G escaped.\n"
		"7:last change: alice,\n"
		"7:2026-11-23T10:00:00Z\n");
	free(lines);
	detail_clear(&d);

	cr_assert_eq(detail_build_reviewed(&d, st, eid_of(st, "m-jcc"), 60, &none, NULL), STORE_OK);
	lines = review_lines(&d);
	cr_expect_str_eq(lines, "7:no note (e: write one · !: flag · r: reviewed)\n");
	free(lines);
	detail_clear(&d);

	/* a draft kept from an interrupted session is said first */
	cr_assert_eq(detail_build_reviewed(&d, st, eid_of(st, "m-jcc"), 60, &none,
	                                   "2026-11-23T16:30:07Z"), STORE_OK);
	lines = review_lines(&d);
	cr_expect_str_eq(lines,
		"7:unsaved draft kept when icsview was interrupted\n"
		"7:(2026-11-23T16:30:07Z): e offers it back\n"
		"7:no note (e: write one · !: flag · r: reviewed)\n");
	free(lines);
	detail_clear(&d);

	/* without notes, no section */
	cr_assert_eq(detail_build_reviewed(&d, st, eid_of(st, "m-jcc"), 60, NULL, NULL), STORE_OK);
	cr_expect_eq(find_line(&d, "Review"), (size_t)-1);
	detail_clear(&d);
}

/* The note's last changes, newest first, at most DETAIL_REVIEW_CHANGES,
 * each in a few words: a text by its first line, cut, escaped. */
Test(detail, the_review_section_lists_the_last_changes)
{
	struct review_change items[] = {
		{ .what = "flag", .before = "none", .after = "concern", .who = "bob",
		  .when = "2026-12-06T09:24:18Z" },
		{ .what = "text", .before = "Old words", .after = "A long new text \x1b[2J that goes on\nline two",
		  .who = "ann", .when = "2026-12-05T08:00:00Z" },
		{ .what = "conflict", .after = "Their words", .who = "cy", .when = "2026-12-04T07:00:00Z" },
		{ .what = "reviewed", .after = "yes", .who = "ann", .when = "2026-12-03T07:00:00Z" },
	};
	struct review_history h = { .items = items, .count = 4 };
	struct note note = { .entity_id = "m-jcc", .text = "", .flag = NOTE_FLAG_CONCERN,
	                     .who = "bob", .when = "2026-12-06T09:24:18Z" };
	struct detail d = { 0 };
	char *lines;

	d.review_changes = &h;
	cr_assert_eq(detail_build_reviewed(&d, st, eid_of(st, "m-jcc"), 60, &note, NULL), STORE_OK);
	lines = review_lines(&d);
	cr_expect_str_eq(lines,
		"4:flag=concern\n"
		"4:reviewed=no\n"
		"7:last change: bob, 2026-12-06T09:24:18Z\n"
		"7:recent changes:\n"
		"7:2026-12-06 09:24 bob: flag none → concern\n"
		"7:2026-12-05 08:00 ann: note \"Old words\" → \"A long new\n"
		"7:text ^[[2J tha…\"\n"
		"7:2026-12-04 07:00 cy: imported note differs: \"Their\n"
		"7:words\"\n");
	free(lines);
	cr_expect_eq(d.review_changes, &h, "kept for the next build");
	detail_clear(&d);
}

Test(detail, a_change_in_a_few_words)
{
	struct review_change deleted = { .what = "delete", .before = "gone\nsecond", .who = "ann",
	                                  .when = "then" };
	struct review_change resolved = { .what = "resolved", .after = "kept both", .who = "bob",
	                                  .when = "2026-12-06T09:00:00Z" };
	struct review_change lost = { .what = "lost flag", .after = "question", .who = "cy",
	                              .when = "2026-12-06T09:00:00Z" };
	char *s;

	s = detail_change_line(&deleted);
	cr_expect_str_eq(s, "then ann: deleted \"gone…\"");
	free(s);
	s = detail_change_line(&resolved);
	cr_expect_str_eq(s, "2026-12-06 09:00 bob: imported note resolved, kept both");
	free(s);
	s = detail_change_line(&lost);
	cr_expect_str_eq(s, "2026-12-06 09:00 cy: lost flag question");
	free(s);
}

Test(detail, a_first_flag_or_mark_was_none_or_no)
{
	struct review_change flag = { .what = "flag", .after = "ok", .who = "ann", .when = "t" };
	struct review_change mark = { .what = "reviewed", .after = "yes", .who = "ann", .when = "t" };
	struct review_change text = { .what = "text", .after = "hi", .who = "ann", .when = "t" };
	char *s;

	s = detail_change_line(&flag);
	cr_expect_str_eq(s, "t ann: flag none → ok");
	free(s);
	s = detail_change_line(&mark);
	cr_expect_str_eq(s, "t ann: reviewed no → yes");
	free(s);
	s = detail_change_line(&text);
	cr_expect_str_eq(s, "t ann: note (none) → \"hi\"");
	free(s);
}

/* An import's text waiting beside the note is said first, where to act. */
Test(detail, an_imported_conflict_is_said_first)
{
	struct note theirs = { .entity_id = "m-jcc", .text = "Theirs", .who = "ann",
	                       .when = "2026-12-06T09:24:18Z" };
	struct note note = { .entity_id = "m-jcc", .text = "Mine", .who = "bob",
	                     .when = "2026-12-06T09:30:00Z" };
	struct detail d = { 0 };
	char *lines;

	d.review_conflict = &theirs;
	cr_assert_eq(detail_build_reviewed(&d, st, eid_of(st, "m-jcc"), 70, &note, NULL), STORE_OK);
	lines = review_lines(&d);
	cr_expect_str_eq(lines,
		"4:flag=none\n"
		"4:reviewed=no\n"
		"5:Mine\n"
		"7:last change: bob, 2026-12-06T09:30:00Z\n"
		"7:imported note of ann (2026-12-06 09:24) differs: e to choose\n");
	free(lines);
	detail_clear(&d);
}
