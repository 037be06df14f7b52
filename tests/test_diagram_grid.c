/* The diagram's drawing without a model: boxes and routed lines on the
 * grid (diagram_grid.h), the text wrapped into boxes (diagram_wrap), and
 * Graphviz's ranks and order (diagram_layout.h). */
#include <criterion/criterion.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include "icsview/base/output.h"
#include "icsview/base/util.h"
#include "icsview/views/diagram.h"
#include "icsview/views/diagram_grid.h"
#include "icsview/views/diagram_layout.h"

static void use_locale(void)
{
	setlocale(LC_ALL, "");
}

TestSuite(grid, .init = use_locale);
TestSuite(wrap, .init = use_locale);
TestSuite(layout, .init = use_locale);

static const char *const name_a[] = { "Board A" };
static const char *const name_b[] = { "Board B" };
static const char *const name_c[] = { "Board C" };
static const char *const name_d[] = { "Board D" };

static struct grid_box box(const char *const *lines, size_t rank, double x)
{
	return (struct grid_box){ lines, 1, GRID_SQUARE, rank, x };
}

static struct grid_line line(size_t top, size_t bottom, enum grid_style style, const char *label)
{
	return (struct grid_line){ top, bottom, style, false, true, label, NULL };
}

/* All of the drawing, one row a line. */
static char *joined(const struct grid_output *out)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < out->row_count; i++)
		sb_printf(&sb, "%s\n", out->rows[i]);
	sb_str(&sb);
	return sb_detach(&sb);
}

static size_t widest(const struct grid_output *out)
{
	size_t most = 0;

	for (size_t i = 0; i < out->row_count; i++) {
		size_t w = text_width(out->rows[i], strlen(out->rows[i]));

		most = w > most ? w : most;
	}
	return most;
}

Test(grid, a_line_runs_straight_down_between_aligned_boxes)
{
	struct grid_box boxes[] = { box(name_a, 0, 10), box(name_b, 1, 10) };
	struct grid_line lines[] = { line(0, 1, GRID_SOLID, NULL) };
	struct grid_input in = { boxes, 2, lines, 1, 40, false, false };
	struct grid_output out;
	char *text;

	grid_draw(&in, &out);
	text = joined(&out);
	cr_expect_str_eq(text,
		"┌─────────┐\n"
		"│ Board A │\n"
		"└────┬────┘\n"
		"     │\n"
		"     ▼\n"
		"┌────┴────┐\n"
		"│ Board B │\n"
		"└─────────┘\n");
	cr_expect_eq(out.places[1].row, 5);
	cr_expect_eq(out.places[1].col, 0);
	cr_expect_eq(out.places[1].width, 11);
	free(text);
	grid_output_clear(&out);
}

/* A over D and B over C: the two lines must cross; the vertical one runs
 * through, the horizontal one is broken by it. */
Test(grid, crossing_lines_keep_the_vertical_whole)
{
	struct grid_box boxes[] = { box(name_a, 0, 8), box(name_b, 0, 40), box(name_c, 1, 8), box(name_d, 1, 40) };
	struct grid_line lines[] = { line(0, 3, GRID_SOLID, NULL), line(1, 2, GRID_DOUBLE, NULL) };
	struct grid_input in = { boxes, 4, lines, 2, 60, false, false };
	struct grid_output out;
	char *text;
	bool crossed = false;

	grid_draw(&in, &out);
	text = joined(&out);
	for (size_t i = 0; i < out.row_count; i++)
		crossed = crossed || strstr(out.rows[i], "═│") || strstr(out.rows[i], "│═") ||
		          strstr(out.rows[i], "─║") || strstr(out.rows[i], "║─");
	cr_expect(crossed, "no crossing drawn:\n%s", text);
	/* no column is shared: the line arriving at D keeps its corner, off
	 * the column where B's line leaves */
	cr_expect(strstr(text, "┐") && strstr(text, "╝"), "%s", text);
	/* each line has its own track: two rows with a horizontal */
	cr_expect(strstr(text, "└─") || strstr(text, "┌─"), "%s", text);
	cr_expect(strstr(text, "═╗") || strstr(text, "═╝") || strstr(text, "╔═") || strstr(text, "╚═"), "%s", text);
	free(text);
	grid_output_clear(&out);
}

Test(grid, a_label_goes_beside_the_lower_end)
{
	struct grid_box boxes[] = { box(name_a, 0, 10), box(name_b, 1, 10) };
	struct grid_line lines[] = { line(0, 1, GRID_DASHED, "[1,2]") };
	struct grid_input in = { boxes, 2, lines, 1, 40, false, false };
	struct grid_output out;

	grid_draw(&in, &out);
	cr_expect_str_eq(out.rows[3], "     ┆");
	cr_expect_str_eq(out.rows[4], "     ▼ [1,2]");
	grid_output_clear(&out);
}

Test(grid, arrows_point_either_way_in_ascii)
{
	struct grid_box boxes[] = { box(name_a, 0, 10), box(name_b, 1, 10) };
	struct grid_line lines[] = { { 0, 1, GRID_DOUBLE, true, false, NULL, NULL } };
	struct grid_input in = { boxes, 2, lines, 1, 40, true, false };
	struct grid_output out;
	char *text;

	grid_draw(&in, &out);
	text = joined(&out);
	cr_expect_str_eq(text,
		"+---------+\n"
		"| Board A |\n"
		"+----+----+\n"
		"     ^\n"
		"     #\n"
		"+----+----+\n"
		"| Board B |\n"
		"+---------+\n");
	free(text);
	grid_output_clear(&out);
}

/* Six boxes of one rank in 50 columns: wrapped onto rows, each whole. */
Test(grid, a_wide_layer_is_wrapped_not_cut)
{
	static const char *const names[6][1] = {
		{ "First board of six" }, { "Second board of six" }, { "Third board of six" },
		{ "Fourth board of six" }, { "Fifth board of six" }, { "Sixth board of six" },
	};
	static const char *const top[] = { "The top" };
	struct grid_box boxes[7];
	struct grid_line lines[6];
	struct grid_input in = { boxes, 7, lines, 6, 50, false, false };
	struct grid_output out;
	char *text;

	boxes[0] = box(top, 0, 60);
	for (size_t i = 0; i < 6; i++) {
		boxes[i + 1] = box(names[i], 1, 12.0 + 24.0 * (double)i);
		lines[i] = line(0, i + 1, GRID_SOLID, NULL);
	}
	grid_draw(&in, &out);
	text = joined(&out);
	cr_expect_leq(widest(&out), 50, "%s", text);
	for (size_t i = 0; i < 6; i++) {
		cr_expect(strstr(text, names[i][0]), "%s missing:\n%s", names[i][0], text);
		if (i > 0)
			cr_expect_gt(out.places[i + 1].row + out.places[i + 1].col,
			             out.places[i].row + out.places[i].col, "out of order:\n%s", text);
	}
	/* more than one row below the top, and the later rows are reached by
	 * lines passing beside the boxes of the earlier ones */
	cr_expect_gt(out.places[6].row, out.places[1].row, "%s", text);
	cr_expect(strstr(text, "│ ┌") || strstr(text, "┐ │") || strstr(text, "│  ┌"), "no line passes:\n%s", text);
	free(text);
	grid_output_clear(&out);
}

/* A line from rank 0 to rank 2 passes rank 1 between its boxes. */
Test(grid, a_long_line_passes_the_ranks_between)
{
	struct grid_box boxes[] = { box(name_a, 0, 30), box(name_b, 1, 10), box(name_c, 2, 30), box(name_d, 1, 50) };
	double via[] = { 30 };
	struct grid_line lines[] = { line(0, 2, GRID_SOLID, NULL), line(0, 1, GRID_SOLID, NULL),
	                             line(3, 2, GRID_SOLID, NULL) };
	struct grid_input in = { boxes, 4, lines, 3, 70, false, false };
	struct grid_output out;
	char *text;
	size_t row;

	lines[0].via = via;
	grid_draw(&in, &out);
	text = joined(&out);
	row = out.places[1].row + 1;
	cr_expect(strstr(out.rows[row], "│ Board B │") && strstr(strstr(out.rows[row], "│ Board B │") + 1, "│"),
	          "no line beside Board B:\n%s", text);
	free(text);
	grid_output_clear(&out);
}

Test(grid, boxes_wider_than_the_width_are_clipped)
{
	static const char *const long_name[] = { "A name far too long for twenty columns" };
	struct grid_box boxes[] = { box(long_name, 0, 0) };
	struct grid_input in = { boxes, 1, NULL, 0, 20, false, false };
	struct grid_output out;

	grid_draw(&in, &out);
	cr_expect_str_eq(out.rows[1], "│ A name far too…  │");
	cr_expect_eq(widest(&out), 20);
	grid_output_clear(&out);
}

/* Ten lines passing a box they do not reach, in 30 columns: the drawing
 * is wider than asked.  Sizing it gives that width alone, as a caller
 * trying narrower boxes needs; one that fits is drawn whole. */
Test(grid, sizing_gives_the_width_of_a_drawing_too_wide)
{
	static const char *const middle[] = { "A box in the middle rank" };
	struct grid_box boxes[12];
	struct grid_line lines[10];
	struct grid_input in = { boxes, 12, lines, 10, 30, false, false };
	struct grid_output full, sized;

	boxes[0] = box(name_a, 0, 15);
	boxes[1] = box(middle, 1, 15);
	for (size_t i = 0; i < 10; i++) {
		boxes[i + 2] = box(name_b, 2, 4.0 * (double)i);
		lines[i] = line(0, i + 2, GRID_SOLID, NULL);
	}
	grid_draw(&in, &full);
	cr_assert_gt(full.widest, 30, "the drawing fits: make it wider");
	in.sizing = true;
	grid_draw(&in, &sized);
	cr_expect_eq(sized.widest, full.widest);
	cr_expect_eq(sized.row_count, 0);
	grid_output_clear(&full);
	grid_output_clear(&sized);

	in.width = 400;
	grid_draw(&in, &sized);
	cr_expect_leq(sized.widest, 400);
	cr_expect_gt(sized.row_count, 0, "a drawing that fits is drawn");
	grid_output_clear(&sized);
}

/* Wrapping */

static char *wrapped(const char *text, size_t width, size_t max, size_t indent, bool ascii)
{
	struct string_list lines = { 0 };
	struct strbuf sb = STRBUF_INIT;

	diagram_wrap(&lines, text, width, max, indent, ascii);
	for (size_t i = 0; i < lines.count; i++)
		sb_printf(&sb, "%s|\n", lines.items[i]);
	string_list_clear(&lines);
	sb_str(&sb);
	return sb_detach(&sb);
}

static void expect_wrapped(const char *text, size_t width, size_t max, size_t indent, bool ascii,
                           const char *expected)
{
	char *got = wrapped(text, width, max, indent, ascii);

	cr_expect_str_eq(got, expected, "%s", text);
	free(got);
}

Test(wrap, at_words_with_a_hanging_indent)
{
	expect_wrapped("one two three four five", 10, 0, 2, false, "one two|\n  three|\n  four|\n  five|\n");
	expect_wrapped("one two three four five", 10, 2, 0, false, "one two|\nthree fou…|\n");
	expect_wrapped("", 10, 0, 0, false, "|\n");
}

Test(wrap, long_words_are_cut_by_columns)
{
	expect_wrapped("abcdefghijklmnop", 6, 0, 0, false, "abcdef|\nghijkl|\nmnop|\n");
	expect_wrapped("漢字漢字漢字", 5, 0, 0, false, "漢字|\n漢字|\n漢字|\n");
	expect_wrapped("cafe\u0301s cafe\u0301s", 5, 0, 0, false, "cafe\u0301s|\ncafe\u0301s|\n");
}

Test(wrap, escapes_are_shown_and_ascii_is_ascii)
{
	expect_wrapped("red \033[31m here", 40, 0, 0, false, "red ^[[31m here|\n");
	expect_wrapped("Providers\u2019 caf\u00e9 \u2013 x", 40, 0, 0, true, "Providers' cafe - x|\n");
	expect_wrapped("one two three", 7, 1, 0, true, "one...|\n");
}

/* Graphviz */

static struct diagram_gv *open_gv(void)
{
	char *error = NULL;
	struct diagram_gv *gv = diagram_gv_open(&error);

	cr_assert_not_null(gv, "%s", error);
	return gv;
}

Test(layout, ranks_follow_the_lines)
{
	struct diagram_gv *gv = open_gv();
	struct layout_box boxes[] = { { 10, 3 }, { 12, 3 }, { 8, 3 }, { 10, 3 } };
	struct layout_edge edges[] = { { 0, 1 }, { 1, 2 }, { 0, 2 }, { 0, 3 } };
	struct layout_result r;
	char *error = NULL;

	cr_assert_eq(diagram_gv_layout(gv, boxes, 4, edges, 4, &r, &error), 0, "%s", error);
	cr_expect_eq(r.rank[0], 0);
	cr_expect_eq(r.rank[1], 1);
	cr_expect_eq(r.rank[2], 2);
	cr_expect_eq(r.rank[3], 1);
	cr_expect_neq(r.x[1], r.x[3]);
	/* the line from rank 0 to 2 crosses rank 1 once */
	cr_expect_not_null(r.via[2]);
	cr_expect_null(r.via[0]);
	layout_result_clear(&r);
	diagram_gv_close(gv);
}

Test(layout, a_cycle_is_ranked)
{
	struct diagram_gv *gv = open_gv();
	struct layout_box boxes[] = { { 10, 3 }, { 10, 3 }, { 10, 3 } };
	struct layout_edge edges[] = { { 0, 1 }, { 1, 2 }, { 2, 0 } };
	struct layout_result r;
	char *error = NULL;

	cr_assert_eq(diagram_gv_layout(gv, boxes, 3, edges, 3, &r, &error), 0, "%s", error);
	cr_expect(r.rank[0] != r.rank[1] && r.rank[1] != r.rank[2] && r.rank[0] != r.rank[2]);
	layout_result_clear(&r);
	diagram_gv_close(gv);
}

Test(layout, a_picture_is_rendered_and_bad_text_refused)
{
	struct diagram_gv *gv = open_gv();
	char *data = NULL, *error = NULL;
	size_t len = 0;

	cr_assert_eq(diagram_gv_render(gv, "digraph { a -> b }", "svg", &data, &len, &error), 0, "%s", error);
	cr_expect(len > 0 && strstr(data, "<svg"), "%.*s", (int)len, data);
	free(data);
	cr_expect_eq(diagram_gv_render(gv, "digraph { a -> ", "svg", &data, &len, &error), -1);
	cr_expect_not_null(error);
	cr_expect_null(data);
	free(error);
	diagram_gv_close(gv);
}
