/* The help's content (help.c): every action's keys and every command are
 * in it, every term of the filter language has an example that parses,
 * the legend names every badge and type tag; wrapping and searching. */
#include <criterion/criterion.h>
#include <string.h>
#include "icsview/base/model.h"
#include "icsview/base/output.h"
#include "icsview/query/filter.h"
#include "icsview/views/actions.h"
#include "icsview/views/commands.h"
#include "icsview/views/help.h"
#include "icsview/views/outline.h"

static struct help h;

static void build(void) { help_build(&h, false); }
static void clear(void) { help_clear(&h); }

TestSuite(help, .init = build, .fini = clear);

/* The line of `section` whose key is `k`, or NULL. */
static const struct help_line *keyed(enum help_section section, const char *k)
{
	size_t end = section + 1 < HELP_SECTION_COUNT ? h.section[section + 1] : h.count;

	for (size_t i = h.section[section]; i < end; i++)
		if (h.lines[i].style == HELP_KEY && strcmp(h.lines[i].key, k) == 0)
			return &h.lines[i];
	return NULL;
}

Test(help, sections_start_with_their_heading_in_order)
{
	for (int s = 0; s < HELP_SECTION_COUNT; s++) {
		cr_assert_lt(h.section[s], h.count);
		cr_expect_eq(h.lines[h.section[s]].style, HELP_HEADING, "section %d", s);
		if (s > 0)
			cr_expect_gt(h.section[s], h.section[s - 1]);
	}
}

Test(help, every_action_has_its_keys_and_help)
{
	for (int a = ACTION_NONE + 1; a < ACTION_COUNT; a++) {
		const struct action_info *info = action_info((enum action)a);
		const struct help_line *line = keyed(HELP_KEYS, info->keys);

		cr_assert_not_null(line, "action %s", info->name);
		cr_expect_str_eq(line->text, info->help);
	}
}

Test(help, every_command_and_its_other_name)
{
	for (int c = COMMAND_NONE + 1; c < COMMAND_COUNT; c++) {
		const struct command_info *info = command_info((enum command)c);
		bool found = false;

		for (size_t i = h.section[HELP_COMMANDS]; i < h.section[HELP_FILTER] && !found; i++) {
			const struct help_line *line = &h.lines[i];
			size_t n = strlen(info->name);

			found = line->style == HELP_KEY && line->key[0] == ':' &&
			        strncmp(line->key + 1, info->name, n) == 0 &&
			        (line->key[n + 1] == '\0' || line->key[n + 1] == ' ') &&
			        strstr(line->text, info->help) &&
			        (!info->alias || strstr(line->text, info->alias));
		}
		cr_expect(found, "command %s", info->name);
	}
}

/* Each term filter.h's grammar names, its form in the help, and a
 * fragment its example must hold. */
Test(help, every_filter_term_has_an_example_that_parses)
{
	static const struct {
		const char *form, *in_example;
	} terms[] = {
		{ "kind:K", "kind:" }, { "type:T", "type:" }, { "id:X", "id:" },
		{ "FACT>N", ">" }, { "FACT<N", "<" }, { "FACT>=N", ">=" }, { "FACT<=N", "<=" },
		{ "FACT=V", "=" }, { "FACT!=V", "!=" }, { "REL:TARGET", "_of:" },
		{ "has:REL", "has:" }, { "has:note", "has:note" }, { "flag:X", "flag:" },
		{ "reviewed:yes|no", "reviewed:" }, { "review:conflict", "review:conflict" },
		{ "\"a phrase\"", "\"" }, { "word", "" },
		{ "A B", " " }, { "A or B", " or " }, { "-A", "-" }, { "( )", "(" },
	};

	for (size_t i = 0; i < sizeof(terms) / sizeof(terms[0]); i++) {
		const struct help_line *line = keyed(HELP_FILTER, terms[i].form);
		struct filter_error err;
		struct filter *f;

		cr_assert_not_null(line, "term %s", terms[i].form);
		cr_assert_not_null(line->example, "term %s", terms[i].form);
		cr_expect_not_null(strstr(line->example, terms[i].in_example), "%s", line->example);
		cr_expect_not_null(strstr(line->text, line->example), "the example is shown");
		f = filter_parse(line->example, &err);
		cr_expect_not_null(f, "%s: %s", line->example, f ? "" : err.message);
		filter_free(f);
	}
}

Test(help, the_legend_names_every_badge_and_type_tag)
{
#define TAG_TYPE(tag, type) type,
	static const char *const types[] = { TYPE_TAG_LIST(TAG_TYPE) };
#undef TAG_TYPE

	for (size_t i = 0; i < core_kind_count; i++)
		cr_expect_not_null(keyed(HELP_LEGEND, core_kinds[i].badge), "%s", core_kinds[i].badge);
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		const char *tag = outline_type_tag("organisation", "ORG", types[i]);
		const struct help_line *line = keyed(HELP_LEGEND, tag);

		cr_expect_not_null(line, "%s", tag);
	}
	cr_expect_not_null(keyed(HELP_LEGEND, "o"));
	cr_expect_not_null(keyed(HELP_LEGEND, "?"));
	cr_expect_not_null(keyed(HELP_LEGEND, "!"));
	cr_expect_not_null(keyed(HELP_LEGEND, "closed"));
	cr_expect_not_null(keyed(HELP_LEGEND, "not yet open"));
}

/* The mark of an imported note still to resolve, in both forms, saying
 * how to find the others. */
Test(help, the_legend_names_the_conflict_mark)
{
	const struct help_line *line = keyed(HELP_LEGEND, "\u2260");
	struct help ascii;
	size_t i;

	cr_assert_not_null(line);
	cr_expect_not_null(strstr(line->text, "review:conflict"), "%s", line->text);
	help_build(&ascii, true);
	for (i = ascii.section[HELP_LEGEND]; i < ascii.section[HELP_MOUSE]; i++)
		if (ascii.lines[i].style == HELP_KEY && strcmp(ascii.lines[i].key, "#") == 0)
			break;
	cr_expect_lt(i, ascii.section[HELP_MOUSE], "no # in the ASCII legend");
	if (i < ascii.section[HELP_MOUSE])
		cr_expect_str_eq(ascii.lines[i].text, line->text);
	help_clear(&ascii);
}

Test(help, wrapping_keeps_every_row_within_the_width)
{
	struct help_rows rows = { 0 };
	size_t widths[] = { 20, 47, 48, 72 };

	for (size_t w = 0; w < sizeof(widths) / sizeof(widths[0]); w++) {
		size_t shown = 0;

		help_wrap(&h, widths[w], &rows);
		cr_assert_geq(rows.count, h.count);
		for (size_t r = 0; r < rows.count; r++) {
			const struct help_row *row = &rows.items[r];
			const struct help_line *line = &h.lines[row->line];
			size_t cells = row->indent + text_width(line->text + row->start, row->end - row->start);

			if (row->key && row->indent == 0)
				cells = text_width(line->key, strlen(line->key));
			cr_expect_leq(cells, widths[w], "width %zu row %zu", widths[w], r);
			shown += row->end - row->start;
		}
		cr_expect_gt(shown, 0);
		cr_expect_eq(help_section_row(&h, &rows, HELP_KEYS), 0);
		cr_expect_eq(rows.items[help_section_row(&h, &rows, HELP_FILTER)].line,
		             h.section[HELP_FILTER]);
	}
	help_rows_clear(&rows);
}

Test(help, search_finds_rows_both_ways_and_goes_round)
{
	struct help_rows rows = { 0 };
	size_t found = 0, first;

	help_wrap(&h, 72, &rows);
	cr_assert(help_find(&h, &rows, "KIND:", 0, 1, true, &first));
	cr_expect_geq(first, help_section_row(&h, &rows, HELP_FILTER), "ignores case");
	cr_assert(help_find(&h, &rows, "kind:", first, 1, false, &found));
	cr_expect_neq(found, first, "the next match is another row");
	cr_assert(help_find(&h, &rows, "kind:", found, -1, false, &found));
	cr_expect_eq(found, first, "and back");
	cr_expect_not(help_find(&h, &rows, "no such words here", 0, 1, true, &found));
	cr_expect_not(help_find(&h, &rows, "", 0, 1, true, &found));
	cr_expect_null(help_match("abc", 3, ""));
	cr_expect_str_eq(help_match("a Filter b", 10, "filter"), "Filter b");
	help_rows_clear(&rows);
}

Test(help, in_ascii_the_glyphs_are_drawn_as_ascii)
{
	struct help ascii;

	help_build(&ascii, true);
	for (size_t i = 0; i < ascii.count; i++)
		if (ascii.lines[i].style == HELP_KEY && i >= ascii.section[HELP_LEGEND] &&
		    i < ascii.section[HELP_MOUSE])
			for (const char *c = ascii.lines[i].key; *c; c++)
				cr_expect_lt((unsigned char)*c, 0x80, "%s", ascii.lines[i].key);
	cr_expect_eq(ascii.count, h.count, "the same lines");
	help_clear(&ascii);
}

Test(help, type_tags)
{
	cr_expect_str_eq(outline_type_tag("organisation", "ORG", "GP practice"), "GP");
	cr_expect_str_eq(outline_type_tag("organisation", "ORG", "primary care network"), "PCN");
	cr_expect_str_eq(outline_type_tag("organisation", "ORG", "NHS Foundation Trust"), "NHST");
	cr_expect_str_eq(outline_type_tag("organisation", "ORG", "NHS trust"), "NHST");
	cr_expect_str_eq(outline_type_tag("organisation", "ORG",
	                                  "sub-ICB location (closed 2026-03-31)"), "SICB");
	cr_expect_str_eq(outline_type_tag("organisation", "ORG",
	                                  "integrated care board (abolished 2026-04-01)"), "ICB");
	cr_expect_str_eq(outline_type_tag("organisation", "ORG", "local authority"), "LA");
	cr_expect_str_eq(outline_type_tag("organisation", "ORG", "voluntary body"), "ORG",
	                 "a type not in the table: the badge");
	cr_expect_str_eq(outline_type_tag("organisation", "ORG", NULL), "ORG");
	cr_expect_str_eq(outline_type_tag("board", "BRD", "GP practice"), "BRD",
	                 "only organisations are tagged by type");
#define TAG_LEN(tag, type) cr_expect_leq(strlen(tag), OUTLINE_TAG_MAX, "%s", tag);
	TYPE_TAG_LIST(TAG_LEN)
#undef TAG_LEN
}
