/* icsview diagram, run as a user runs it: South Yorkshire and Bassetlaw's
 * governance pinned at 80 and 120 columns and in ASCII, Greater
 * Manchester's at 100 (tests/golden/diagram/), a board's neighbourhood,
 * names built to hurt (escapes, wide and combining characters, 500
 * characters), a cycle, 500 boards, a width of 20, and the usage errors. */
#include <criterion/criterion.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"
#include "icsview/base/output.h"
#include "icsview/base/util.h"

#define DATA "-m \"$ICSVIEW_DATA\""
#define HOSTILE "-m diagram/hostile.yaml"

/* Columns are measured as the terminal of the tests' locale shows them. */
static void use_locale(void)
{
	setlocale(LC_ALL, "");
}

TestSuite(diagram, .init = use_locale);

static char *diagram_of(const char *args)
{
	struct run r = run_icsview(args);
	char *out;

	cr_assert_eq(r.status, 0, "%s: exit %d: %s", args, r.status, r.err);
	cr_expect_str_eq(r.err, "", "%s", args);
	out = r.out;
	r.out = NULL;
	run_free(&r);
	return out;
}

/* The widest line, in columns as a terminal shows them. */
static size_t widest(const char *text)
{
	size_t most = 0;

	while (*text) {
		size_t n = strcspn(text, "\n"), w = text_width(text, n);

		most = w > most ? w : most;
		text += n + (text[n] == '\n');
	}
	return most;
}

Test(diagram, syb_at_80_columns_is_pinned)
{
	char *out = diagram_of("diagram " DATA " --width 80 syb");

	expect_golden("diagram/syb-80.txt", out);
	cr_expect_leq(widest(out), 80, "%s", out);
	free(out);
}

Test(diagram, syb_at_120_columns_is_pinned)
{
	char *out = diagram_of("diagram " DATA " --width 120 syb");

	expect_golden("diagram/syb-120.txt", out);
	cr_expect_leq(widest(out), 120, "%s", out);
	free(out);
}

/* Today's Greater Manchester: the board above the ICB it governs, the
 * partnership a committee of the ICB and of its ten councils, gathered. */
Test(diagram, greater_manchester_at_100_columns_is_pinned)
{
	char *out = diagram_of("diagram " DATA " --width 100 QOP");

	expect_golden("diagram/qop-100.txt", out);
	cr_expect_leq(widest(out), 100, "%s", out);
	free(out);
}

Test(diagram, syb_in_ascii_is_pinned)
{
	char *out = diagram_of("diagram " DATA " --width 80 --ascii syb");

	expect_golden("diagram/syb-ascii.txt", out);
	for (const char *p = out; *p; p++)
		cr_assert((unsigned char)*p < 0x80, "not ASCII at %zu:\n%s", (size_t)(p - out), out);
	free(out);
}

Test(diagram, outside_a_utf8_locale_it_is_ascii)
{
	struct run r = run_icsview_env("LC_ALL=C", "diagram " DATA " syb");

	cr_expect_eq(r.status, 0, "%s", r.err);
	for (const char *p = r.out; *p; p++)
		cr_assert((unsigned char)*p < 0x80, "not ASCII:\n%s", r.out);
	cr_expect(strstr(r.out, "=== delegates authority to"), "%s", r.out);
	run_free(&r);
}

Test(diagram, the_same_model_gives_the_same_text)
{
	char *a = diagram_of("diagram " DATA " --width 100 syb");
	char *b = diagram_of("diagram " DATA " --width 100 syb");

	cr_expect_str_eq(a, b);
	free(a);
	free(b);
}

/* Who holds authority delegated by whom: the delegating bodies above the
 * holder, the arrow down to it, the scopes in the key. */
Test(diagram, delegation_runs_from_the_delegating_bodies_to_the_holder)
{
	char *out = diagram_of("diagram " DATA " --width 100 syb");

	cr_expect(strstr(out, "║\n"), "%s", out);
	cr_expect(strstr(out, "▼ ["), "%s", out);
	cr_expect(strstr(out, "hyper acute stroke services (5 clinical commissioning groups → Joint committee of "
	                      "commissioners)"), "%s", out);
	cr_expect(strstr(out, "children’s surgery (5 clinical commissioning groups → Joint committee of commissioners)"),
	          "%s", out);
	cr_expect(strstr(out, "G2 5 clinical commissioning groups: NHS Barnsley CCG, NHS Doncaster CCG, NHS Rotherham CCG"),
	          "%s", out);
	/* the delegating group, named by what its entities are, is drawn above the holder */
	cr_expect_lt(strstr(out, "│ 5 clinical commissioning groups │") - out,
	             strstr(out, "│ Joint committee of commissioners │") - out, "%s", out);
	free(out);
}

Test(diagram, a_board_shows_its_neighbourhood)
{
	char *out = diagram_of("diagram " DATA " --width 80 syb-executive-steering-group");

	cr_expect(strstr(out, "Around Executive steering group (syb-executive-steering-group): its lines\n"), "%s", out);
	cr_expect(strstr(out, "│ Programme boards │"), "%s", out);
	cr_expect(strstr(out, "Collaborative"), "%s", out);
	cr_expect(!strstr(out, "24 organisations"), "one line out only:\n%s", out);
	free(out);
	out = diagram_of("diagram " DATA " --width 80 --depth 2 syb-executive-steering-group");
	cr_expect(strstr(out, "24 organisations"), "two lines out:\n%s", out);
	free(out);
}

Test(diagram, rel_chooses_the_relations)
{
	char *out = diagram_of("diagram " DATA " --width 80 --rel delegates_authority_to syb");

	cr_expect(strstr(out, "Lines: ═══ delegates authority to\n"), "%s", out);
	cr_expect(!strstr(out, "recommends"), "%s", out);
	free(out);
}

Test(diagram, escapes_are_shown_not_obeyed)
{
	char *out = diagram_of("diagram " HOSTILE " --width 80 d-system");

	cr_expect(!strchr(out, '\033') && !strchr(out, '\a'), "%s", out);
	cr_expect(strstr(out, "^[]52;c;cGF3bmVk^G"), "%s", out);
	cr_expect(strstr(out, "^[[2J"), "%s", out);
	free(out);
}

Test(diagram, wide_and_combining_characters_keep_the_boxes_square)
{
	char *out = diagram_of("diagram " HOSTILE " --width 80 d-system");

	/* every line of a box is as wide as its frame */
	cr_expect(strstr(out, "│ 委員会 Board B: wide 漢字 │\n"), "%s", out);
	cr_expect(strstr(out, "│ and cafe\u0301 e\u0301\u0301 combining      │\n"), "%s", out);
	cr_expect(strstr(out, "┌─────────┴────────┴────────┐\n"), "%s", out);
	free(out);
}

Test(diagram, a_long_name_is_cut_to_three_lines)
{
	char *out = diagram_of("diagram " HOSTILE " --width 80 d-system");

	cr_expect(strstr(out, "│ A board whose name goes on │"), "%s", out);
	cr_expect(strstr(out, "│ and on and on and on and   │"), "%s", out);
	cr_expect(strstr(out, "│ on and on and on and on…   │"), "%s", out);
	cr_expect(strstr(out, "└──────────────┬─────────────┘"), "four lines would be too many:\n%s", out);
	free(out);
}

/* recommends_to goes round A, B, C: drawn once each, the layout ends. */
Test(diagram, a_cycle_is_drawn)
{
	char *out = diagram_of("diagram " HOSTILE " --width 80 d-system");
	size_t arrows = 0;

	for (const char *p = out; (p = strstr(p, "▲")) != NULL; p++)
		arrows++;
	cr_expect_eq(arrows, 3, "three lines point up, one down:\n%s", out);
	cr_expect(strstr(out, "▼"), "%s", out);
	free(out);
}

Test(diagram, a_width_of_20_is_kept)
{
	char *out = diagram_of("diagram " HOSTILE " --width 20 d-system");

	cr_expect_leq(widest(out), 20, "%s", out);
	cr_expect(strstr(out, "│ Board C"), "%s", out);
	free(out);
	out = diagram_of("diagram " DATA " --width 20 syb");
	cr_expect_leq(widest(out), 20, "%s", out);
	cr_expect(strstr(out, "│ Executive"), "%s", out);
	free(out);
}

/* 500 boards under one system: some are drawn, and it says how many; the
 * pairs that report to each other are packed side by side, not wrapped. */
Test(diagram, five_hundred_boards)
{
	char *dir = scratch_dir(), *path, *args, *out;
	struct strbuf sb = STRBUF_INIT;

	sb_puts(&sb, "icsview: 1\ntitle: many boards\nentities:\n  - id: big\n    kind: system\n"
	             "    name: Big system\n    children:\n");
	for (int i = 0; i < 500; i++) {
		sb_printf(&sb, "      - {id: b%d, kind: board, name: Board number %d", i, i);
		if (i % 3 == 1)
			sb_printf(&sb, ", links: [{rel: reports_to, to: b%d}]", i - 1);
		sb_puts(&sb, "}\n");
	}
	path = write_file(dir, "big.yaml", sb_str(&sb));
	static const size_t widths[] = { 20, 80, 120 };

	for (size_t i = 0; i < sizeof widths / sizeof widths[0]; i++) {
		size_t width = widths[i];

		args = xasprintf("diagram -m '%s' --width %zu big", path, width);
		out = diagram_of(args);
		cr_expect(strstr(out, "\nDrew ") && strstr(out, " of 500"), "%s:\n%s", args, out);
		cr_expect(strstr(out, "--rel") && strstr(out, "--depth"), "%s:\n%s", args, out);
		cr_expect_leq(widest(out), width, "%s:\n%s", args, out);
		/* each pair joined by a line drawn together, side by side with
		 * the next pairs: no line crosses another to a wrapped row */
		cr_expect(!strstr(out, "─│─") && !strstr(out, "│─│"), "%s:\n%s", args, out);
		free(out);
		free(args);
	}
	out = diagram_of(args = xasprintf("diagram -m '%s' --width 80 big", path));
	cr_expect(strstr(out, "│ Board number 0 │   │ Board number 3 │   │ Board number 6 │\n"), "%s", out);
	cr_expect(strstr(out, "│ Board number 1 │   │ Board number 4 │   │ Board number 7 │\n"), "%s", out);
	free(out);
	free(args);
	sb_free(&sb);
	free(path);
	remove_tree(dir);
	free(dir);
}

/* Five committees reporting to one board, wrapped under it: each line
 * leaves the board and turns off above the lines that go on further,
 * so none crosses another. */
Test(diagram, lines_fanning_out_to_a_wrapped_rank_do_not_cross)
{
	char *dir = scratch_dir(), *path, *args, *out;
	struct strbuf sb = STRBUF_INIT;

	sb_puts(&sb, "icsview: 1\ntitle: a fan\nentities:\n  - id: sys\n    kind: system\n"
	             "    name: A system\n    children:\n"
	             "      - {id: icb, kind: board, name: A long named Integrated Care Board of the system}\n");
	for (int i = 0; i < 5; i++)
		sb_printf(&sb, "      - {id: b%d, kind: board, name: A long named committee number %d of the board,"
		               " links: [{rel: reports_to, to: icb}]}\n", i, i);
	path = write_file(dir, "fan.yaml", sb_str(&sb));
	args = xasprintf("diagram -m '%s' --width 80 sys", path);
	out = diagram_of(args);
	cr_expect(strstr(out, "number 4 of the board"), "%s", out);
	cr_expect(!strstr(out, "─│─") && !strstr(out, "│─│") && !strstr(out, "─│┐"), "lines cross:\n%s", out);
	free(out);
	free(args);
	sb_free(&sb);
	free(path);
	remove_tree(dir);
	free(dir);
}

Test(diagram, usage_errors)
{
	static const struct { const char *args, *err; } cases[] = {
		{ "diagram", "icsview: diagram: which entity? give an id, code or name (try 'icsview diagram --help')\n" },
		{ "diagram a b", "icsview: diagram: one entity at a time (try 'icsview diagram --help')\n" },
		{ "diagram --width 19 syb",
		  "icsview: diagram: invalid width '19': give a number from 20 to 10000 (try 'icsview diagram --help')\n" },
		{ "diagram --depth 0 syb",
		  "icsview: diagram: invalid depth '0': give a number from 1 to 1000 (try 'icsview diagram --help')\n" },
		{ "diagram " DATA " --rel nope syb", "icsview: diagram: unknown relation 'nope'\n" },
		{ "diagram " DATA " --rel , syb", "icsview: diagram: --rel: an empty relation name\n" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct run r = run_icsview(cases[i].args);

		cr_expect_eq(r.status, 2, "%s: exit %d", cases[i].args, r.status);
		cr_expect_str_eq(r.out, "", "%s", cases[i].args);
		cr_expect_str_eq(r.err, cases[i].err, "%s", cases[i].args);
		run_free(&r);
	}
}

Test(diagram, no_such_entity_and_help)
{
	struct run r = run_icsview("diagram " DATA " no-such-thing");

	cr_expect_eq(r.status, 1);
	cr_expect_str_eq(r.err, "icsview: no entity matches 'no-such-thing'\n");
	run_free(&r);
	r = run_icsview("diagram --help");
	cr_expect_eq(r.status, 0);
	cr_expect(strncmp(r.out, "usage: icsview diagram [OPTION]... ID|CODE|NAME\n", 48) == 0, "%s", r.out);
	run_free(&r);
}

Test(diagram, an_entity_with_no_bodies_says_so)
{
	char *out = diagram_of("diagram " DATA " --width 80 J82015");

	cr_expect(strstr(out, "No boards, committees or partnerships here.\n"), "%s", out);
	free(out);
}
