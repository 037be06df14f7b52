/* The detail pane's lines fit its width at every width: facts with a key
 * column or their value under a long key, wrapped titles and words broken;
 * group headers with their counts; headings and groups that fold; the
 * closing date of a closed organisation in the subtitle, and an
 * organisation not yet open said so there and in its tree row's state. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"
#include "icsview/views/detail.h"
#include "icsview/views/outline.h"
#include "icsview/base/output.h"
#include "icsview/base/util.h"

static struct store *st;
static char *dir, *model;

static const char model_text[] =
	"icsview: 1\n"
	"entities:\n"
	"  - id: trust\n"
	"    kind: organisation\n"
	"    type: NHS foundation trust\n"
	"    name: A trust whose name is long enough to wrap in any narrow pane\n"
	"    facts:\n"
	"      catchment_share_own_icb:\n"
	"        value: \"0.869\"\n"
	"        note: share of the trust's admissions from its own integrated care board\n"
	"      beds: \"900\"\n"
	"      closed: \"2026-03-31\"\n"
	"      url: https://example.org/an/address/with/no/spaces/in/it/at/all/anywhere\n"
	"    links:\n"
	"      - {rel: member_of, to: sys}\n"
	"      - {rel: partner_in, to: a}\n"
	"      - {rel: partner_in, to: b}\n"
	"  - {id: sys, kind: system, name: The system}\n"
	"  - {id: a, kind: organisation, name: Partner A}\n"
	"  - {id: b, kind: organisation, name: Partner B}\n"
	"  - {id: place, kind: place, name: A place, parent: sys}\n"
	"  - {id: practice, kind: organisation, name: A practice, parent: place}\n"
	"  - id: old\n"
	"    kind: system\n"
	"    name: An old board\n"
	"    facts:\n"
	"      legally_closed: \"2026-03-31\"\n"
	"  - id: unopened\n"
	"    kind: organisation\n"
	"    name: A trust that opens in June\n"
	"    facts:\n"
	"      status: {value: not yet open, note: on the model's day}\n"
	"      opened: \"2026-06-01\"\n"
	"  - id: closing\n"
	"    kind: organisation\n"
	"    name: A trust that closes in June\n"
	"    facts:\n"
	"      status: closing\n"
	"      closed: \"2026-06-30\"\n";

static void load(void)
{
	const char *files[1];

	dir = scratch_dir();
	model = write_file(dir, "layout.yaml", model_text);
	files[0] = model;
	st = load_valid(dir, files, 1);
}

static void unload(void)
{
	free(model);
	unload_model(st, dir);
}

TestSuite(detail_layout, .init = load, .fini = unload);

static size_t find_line(const struct detail *d, const char *text)
{
	for (size_t i = 0; i < d->count; i++)
		if (strstr(d->lines[i].text, text) || (d->lines[i].key && strstr(d->lines[i].key, text)))
			return i;
	return (size_t)-1;
}

/* The columns line i takes in the pane: its indent, its key's column,
 * its text. */
static size_t line_end(const struct detail_line *line)
{
	size_t end = line->indent + text_width(line->text, strlen(line->text));

	if (line->key) {
		size_t key = text_width(line->key, strlen(line->key));
		end += key < line->column ? line->column : key + 1;
	}
	return end;
}

/* Every line of the entity, joined: what the pane shows, read whole. */
static char *joined(const struct detail *d)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < d->count; i++)
		sb_printf(&sb, "%s%s%s ", d->lines[i].key ? d->lines[i].key : "", d->lines[i].key ? " " : "",
		          d->lines[i].text);
	return sb_detach(&sb);
}

Test(detail_layout, the_path_to_an_entity_is_under_its_subtitle)
{
	struct detail d = { 0 };
	size_t i;

	cr_assert_eq(detail_build(&d, st, eid_of(st, "practice"), 78), STORE_OK);
	i = find_line(&d, "in The system");
	cr_assert_neq(i, (size_t)-1);
	cr_expect_str_eq(d.lines[i].text, "in The system › A place");
	cr_expect_eq(d.lines[i].style, DETAIL_SUBTITLE);
	cr_expect_eq(d.lines[i - 1].style, DETAIL_SUBTITLE, "right under the kind and id");
	detail_clear(&d);
	cr_assert_eq(detail_build(&d, st, eid_of(st, "sys"), 78), STORE_OK);
	for (i = 0; i < d.count; i++)
		cr_expect(d.lines[i].style != DETAIL_SUBTITLE || strncmp(d.lines[i].text, "in ", 3) != 0,
		          "a root sits in nothing: '%s'", d.lines[i].text);
	detail_clear(&d);
}

Test(detail_layout, no_line_is_wider_than_the_pane_at_any_width)
{
	static const size_t widths[] = { 18, 24, 33, 40, 78, 120 };

	for (size_t w = 0; w < sizeof(widths) / sizeof(widths[0]); w++) {
		struct detail d = { 0 };
		char *all;

		cr_assert_eq(detail_build(&d, st, eid_of(st, "trust"), widths[w]), STORE_OK);
		for (size_t i = 0; i < d.count; i++)
			cr_expect_leq(line_end(&d.lines[i]), widths[w], "width %zu: line %zu '%s' ends at %zu",
			              widths[w], i, d.lines[i].text, line_end(&d.lines[i]));
		all = joined(&d);
		/* nothing is lost: the long address is there, in pieces */
		cr_expect_neq(find_line(&d, "https://"), (size_t)-1);
		cr_expect(strstr(all, "its own integrated care board") != NULL, "width %zu", widths[w]);
		free(all);
		detail_clear(&d);
	}
}

Test(detail_layout, a_fact_uses_the_key_column_or_goes_under_a_long_key)
{
	struct detail d = { 0 };
	size_t i;

	cr_assert_eq(detail_build(&d, st, eid_of(st, "trust"), 78), STORE_OK);
	i = find_line(&d, "beds");
	cr_assert_neq(i, (size_t)-1);
	cr_expect_str_eq(d.lines[i].key, "beds");
	cr_expect_str_eq(d.lines[i].text, "900");
	cr_expect_eq(d.lines[i].column, 22);
	/* a key wider than its column: alone, its value under it, indented */
	i = find_line(&d, "catchment_share_own_icb");
	cr_assert_neq(i, (size_t)-1);
	cr_expect_eq(d.lines[i].style, DETAIL_KEY);
	cr_expect_str_eq(d.lines[i].text, "catchment_share_own_icb");
	cr_expect_eq(d.lines[i + 1].style, DETAIL_KEY_VALUE);
	cr_expect_null(d.lines[i + 1].key);
	cr_expect_gt(d.lines[i + 1].indent, d.lines[i].indent);
	cr_expect(strncmp(d.lines[i + 1].text, "0.869 (share of", 15) == 0, "%s", d.lines[i + 1].text);
	detail_clear(&d);

	/* a narrower pane, a narrower column */
	cr_assert_eq(detail_build(&d, st, eid_of(st, "trust"), 40), STORE_OK);
	i = find_line(&d, "beds");
	cr_assert_neq(i, (size_t)-1);
	cr_expect_eq(d.lines[i].column, 13);
	detail_clear(&d);
}

Test(detail_layout, group_headers_count_their_links)
{
	struct detail d = { 0 };

	cr_assert_eq(detail_build(&d, st, eid_of(st, "trust"), 78), STORE_OK);
	cr_expect_neq(find_line(&d, "member_of (1)"), (size_t)-1);
	cr_expect_neq(find_line(&d, "partner_in (2)"), (size_t)-1);
	detail_clear(&d);
}

Test(detail_layout, a_closed_organisation_says_so_in_its_subtitle)
{
	struct detail d = { 0 };
	size_t i;

	cr_assert_eq(detail_build(&d, st, eid_of(st, "trust"), 120), STORE_OK);
	i = find_line(&d, "organisation · NHS foundation trust · trust");
	cr_assert_neq(i, (size_t)-1);
	cr_expect_eq(d.lines[i].style, DETAIL_SUBTITLE);
	cr_expect_str_eq(d.lines[i].text, "organisation · NHS foundation trust · trust · closed 2026-03-31");
	detail_clear(&d);
	/* legally_closed says it as well */
	cr_assert_eq(detail_build(&d, st, eid_of(st, "old"), 120), STORE_OK);
	cr_expect_neq(find_line(&d, "system · old · closed 2026-03-31"), (size_t)-1);
	detail_clear(&d);
	/* an open one does not */
	cr_assert_eq(detail_build(&d, st, eid_of(st, "sys"), 120), STORE_OK);
	cr_expect_eq(find_line(&d, "closed"), (size_t)-1);
	detail_clear(&d);
}

Test(detail_layout, an_organisation_not_yet_open_says_so_in_its_subtitle)
{
	struct detail d = { 0 };

	cr_assert_eq(detail_build(&d, st, eid_of(st, "unopened"), 120), STORE_OK);
	cr_expect_neq(find_line(&d, "organisation · unopened · not yet open, opens 2026-06-01"),
	              (size_t)-1);
	cr_expect_eq(find_line(&d, "closed"), (size_t)-1);
	detail_clear(&d);
	/* closing: open on the model's day, with its closing date to come */
	cr_assert_eq(detail_build(&d, st, eid_of(st, "closing"), 120), STORE_OK);
	cr_expect_neq(find_line(&d, "organisation · closing · closes 2026-06-30"), (size_t)-1);
	cr_expect_eq(find_line(&d, "not yet open"), (size_t)-1);
	detail_clear(&d);
}

/* The state of each root as the store reads it and the tree's row keeps it. */
static enum entity_state state_of(const char *id)
{
	struct child_list roots = { 0 };
	struct outline o;
	enum entity_state child = ENTITY_OPEN, row = ENTITY_OPEN;
	bool found = false;

	cr_assert_eq(store_children(st, 0, 0, 100, &roots), STORE_OK);
	for (size_t i = 0; i < roots.count; i++)
		if (strcmp(roots.items[i].id, id) == 0) {
			child = roots.items[i].state;
			found = true;
		}
	child_list_clear(&roots);
	cr_assert(found, "%s is a root", id);
	cr_assert_eq(outline_open(&o, st, 0), STORE_OK);
	for (size_t i = 0; i < o.count; i++) {
		const struct outline_row *r = outline_row(&o, i);
		cr_assert(r, "row %zu", i);
		if (strcmp(r->id, id) == 0)
			row = r->state;
	}
	outline_close(&o);
	cr_expect_eq(row, child, "%s: the row keeps the store's state", id);
	return child;
}

Test(detail_layout, the_tree_knows_organisations_closed_and_not_yet_open)
{
	cr_expect_eq(state_of("unopened"), ENTITY_NOT_YET_OPEN);
	cr_expect_eq(state_of("trust"), ENTITY_CLOSED);
	cr_expect_eq(state_of("old"), ENTITY_CLOSED, "legally_closed");
	cr_expect_eq(state_of("closing"), ENTITY_CLOSING, "a closing date still to come");
	cr_expect_eq(state_of("sys"), ENTITY_OPEN);
}

Test(detail_layout, headings_and_groups_fold_and_stay_folded_for_the_entity)
{
	struct detail d = { 0 };
	size_t facts, group, before;

	cr_assert_eq(detail_build(&d, st, eid_of(st, "trust"), 78), STORE_OK);
	facts = find_line(&d, "Facts");
	cr_assert_neq(facts, (size_t)-1);
	cr_expect(detail_is_header(&d, facts));
	cr_expect_not(d.lines[facts].folded);
	/* j stops on headings and groups, { and } only on them */
	cr_expect_eq(detail_next_stop(&d, (size_t)-1, 1), facts);
	cr_expect_eq(detail_next_header(&d, facts, 1), find_line(&d, "Links"));
	cr_expect_eq(detail_next_header(&d, find_line(&d, "Links"), 1), find_line(&d, "member_of (1)"));
	cr_expect_eq(detail_next_link(&d, (size_t)-1, 1), find_line(&d, "The system"));
	cr_expect_not(detail_toggle_fold(&d, find_line(&d, "The system")), "a link does not fold");

	before = d.count;
	cr_assert(detail_toggle_fold(&d, facts));
	cr_assert_eq(detail_build(&d, st, eid_of(st, "trust"), 78), STORE_OK);
	cr_expect(d.lines[facts].folded);
	cr_expect_eq(find_line(&d, "beds"), (size_t)-1, "a folded heading hides its lines");
	cr_expect_lt(d.count, before);
	/* a folded group keeps its count */
	group = find_line(&d, "partner_in (2)");
	cr_assert(detail_toggle_fold(&d, group));
	cr_assert_eq(detail_build(&d, st, eid_of(st, "trust"), 40), STORE_OK);   /* a resize */
	group = find_line(&d, "partner_in (2)");
	cr_assert_neq(group, (size_t)-1);
	cr_expect(d.lines[group].folded);
	cr_expect_eq(find_line(&d, "Partner A"), (size_t)-1);
	cr_expect_eq(find_line(&d, "beds"), (size_t)-1, "still folded after a resize");
	/* unfolded again */
	cr_assert(detail_toggle_fold(&d, group));
	cr_assert_eq(detail_build(&d, st, eid_of(st, "trust"), 40), STORE_OK);
	cr_expect_neq(find_line(&d, "Partner A"), (size_t)-1);
	/* another entity starts unfolded, and coming back too */
	cr_assert_eq(detail_build(&d, st, eid_of(st, "sys"), 40), STORE_OK);
	cr_assert_eq(detail_build(&d, st, eid_of(st, "trust"), 40), STORE_OK);
	cr_expect_neq(find_line(&d, "beds"), (size_t)-1);
	detail_clear(&d);
}
