/* The entities removed since an older model, where the tree shows them
 * (since.h's index by place): under their old parent, nested when that was
 * removed too, under the nearest ancestor kept, at the top; in the old
 * model's order.  Then the outline's rows of them (outline.h): after the
 * real children, expanded and collapsed, counted, kept by a filter that
 * asks for them; the detail pane built from the older model; and the
 * filter's question whether it asks for them. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"
#include "since_fixture.h"
#include "icsview/base/util.h"
#include "icsview/query/filter.h"
#include "icsview/query/since.h"
#include "icsview/views/detail_since.h"
#include "icsview/views/outline.h"

static struct since_models models;
static struct store *old_st, *new_st;
static struct since *since;
static struct outline o;

/* diff-old against diff-NAME, compared. */
static void open_since(const char *name)
{
	since_models_open(&models, name);
	old_st = models.old_st;
	new_st = models.new_st;
	since = models.since;
}

static void close_since(void)
{
	outline_close(&o);
	since_models_close(&models);
	since = NULL;
}

/* The ids of the removed entities shown under `place`, space-separated. */
static char *under(int64_t place)
{
	const struct diff_change *const *list;
	size_t n = since_removed_under(since, place, &list);
	struct strbuf sb = STRBUF_INIT;

	cr_assert(n == 0 || list != NULL);
	for (size_t i = 0; i < n; i++) {
		cr_expect_eq(list[i]->kind, DIFF_REMOVED);
		sb_printf(&sb, "%s%s", i ? " " : "", list[i]->before.id);
	}
	return sb_detach(&sb);
}

static void expect_under(int64_t place, const char *expected)
{
	char *got = under(place);

	cr_expect_str_eq(got, expected, "place %lld: got '%s', expected '%s'", (long long)place,
	                 got, expected);
	free(got);
}

/* The place of an entity the older model had and this one has not. */
static int64_t removed_place(const char *id)
{
	int64_t old_eid = eid_of(old_st, id);

	cr_assert_neq(old_eid, 0, "no %s in the old model", id);
	return since_removed_place_of(old_eid);
}

Test(since_removed, nested_under_the_removed_parent)
{
	open_since("nested");
	cr_expect_eq(since_removed_count(since), 6);
	expect_under(eid_of(new_st, "icb-a"), "place-1");
	expect_under(removed_place("place-1"), "gp-1 gp-2");
	expect_under(eid_of(new_st, "place-2"), "clinic-x");
	expect_under(eid_of(new_st, "north"), "icb-b");
	expect_under(0, "doc-b");
	expect_under(eid_of(new_st, "pcn-1"), "");
	expect_under(removed_place("gp-1"), "");
	/* the mark stays on the nearest ancestor kept, for the nested too */
	cr_expect(since_flags(since, eid_of(new_st, "icb-a")) & SINCE_BIT(DIFF_REMOVED));
	cr_expect_not_null(since_change(since, eid_of(new_st, "icb-a"), DIFF_REMOVED));
	cr_expect_eq(since_old_store(since), old_st);
	close_since();
}

Test(since_removed, under_the_parent_kept_where_it_moved)
{
	/* place-2 moved under icb-c: the clinic removed from it shows there */
	open_since("mixed");
	expect_under(eid_of(new_st, "place-2"), "clinic-x");
	expect_under(0, "");
	close_since();
}

Test(since_removed, none_without_removals)
{
	const struct diff_change *const *list = (const void *)1;

	open_since("same");
	cr_expect_eq(since_removed_under(since, 0, &list), 0);
	cr_expect_null(list);
	cr_expect_eq(since_removed_under(NULL, 0, &list), 0);
	cr_expect_null(since_old_store(NULL));
	close_since();
}

/* The removed entities in tree order under root, from entity `from`
 * round to it again, space-separated. */
static char *walk(int64_t root, const char *from)
{
	struct since_position at, end;
	struct strbuf sb = STRBUF_INIT;
	const struct diff_change *c;

	cr_assert(since_position_of(since, eid_of(new_st, from), NULL, &at));
	end = at;
	while ((c = since_removed_between(since, root, &at, &end))) {
		sb_printf(&sb, "%s%s", sb.len ? " " : "", c->before.id);
		cr_assert(since_position_of(since, 0, c, &at));
		cr_assert(sb.len < 1000, "it goes round and round: %s", sb_str(&sb));
	}
	return sb_detach(&sb);
}

static void expect_walk(int64_t root, const char *from, const char *expected)
{
	char *got = walk(root, from);

	cr_expect_str_eq(got, expected, "from %s: got '%s', expected '%s'", from, got, expected);
	free(got);
}

static const struct diff_change *removed_change(const char *id)
{
	const struct diff_result *r = since_result(since);

	for (size_t i = 0; i < r->count; i++)
		if (r->items[i].kind == DIFF_REMOVED && strcmp(r->items[i].before.id, id) == 0)
			return &r->items[i];
	cr_assert_fail("%s was not removed", id);
	return NULL;
}

Test(since_removed, tree_order_puts_them_after_their_place)
{
	const struct diff_change *holders[4];
	struct since_position a, b;
	int64_t place;

	open_since("nested");
	/* a place's after its subtree, the ICB's before the region's that
	 * ends with it, the top's last */
	expect_walk(0, "north", "clinic-x place-1 gp-1 gp-2 icb-b doc-b");
	expect_walk(0, "doc-a", "doc-b clinic-x place-1 gp-1 gp-2 icb-b");
	expect_walk(eid_of(new_st, "icb-a"), "icb-a", "clinic-x place-1 gp-1 gp-2");
	expect_walk(eid_of(new_st, "pcn-1"), "pcn-1", "");
	/* between two entities of the model */
	cr_assert(since_position_of(since, eid_of(new_st, "place-2"), NULL, &a));
	cr_assert(since_position_of(since, eid_of(new_st, "pcn-1"), NULL, &b));
	cr_expect_eq(since_removed_between(since, 0, &a, &b), removed_change("clinic-x"));
	cr_expect_eq(since_removed_between(since, 0, &b, &b), removed_change("place-1"),
	             "from pcn-1 round to it: the ICB's first");
	cr_expect(!since_position_of(since, 0, NULL, &a), "no entity 0");
	/* where a nested one shows */
	cr_expect_eq(since_removed_holders(since, removed_change("gp-2"), holders, 4, &place), 1);
	cr_expect_eq(holders[0], removed_change("place-1"));
	cr_expect_eq(place, eid_of(new_st, "icb-a"));
	cr_expect_eq(since_removed_holders(since, removed_change("doc-b"), holders, 4, &place), 0);
	cr_expect_eq(place, 0);
	cr_expect_eq(since_removed_holders(since, removed_change("gp-2"), holders, 0, &place), 1,
	             "too many for the room: counted, not filled");
	close_since();
}

/* The visible rows as "id/depth", '+' after an expanded row, '-' before a
 * removed one. */
static char *rows_text(void)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < o.count; i++) {
		const struct outline_row *r = outline_row(&o, i);
		cr_assert(r, "row %zu", i);
		sb_printf(&sb, "%s%s%s/%u%s", i ? " " : "", r->removed ? "-" : "", r->id, r->depth,
		          r->expanded ? "+" : "");
	}
	return sb_detach(&sb);
}

static void expect_rows(const char *expected)
{
	char *text = rows_text();

	cr_expect_str_eq(text, expected);
	free(text);
}

static void open_outline(void)
{
	open_since("nested");
	cr_assert_eq(outline_open_since(&o, new_st, 0, since), STORE_OK);
}

Test(since_removed, rows_after_the_real_children)
{
	const struct outline_row *r;

	open_outline();
	expect_rows("north/0 doc-a/0 -doc-b/0");
	r = outline_row(&o, 0);
	cr_expect_eq(r->n_children, 1);
	cr_expect_eq(r->n_removed, 1);
	cr_expect_eq(outline_row_children(r), 2);
	cr_assert_eq(outline_expand_all(&o, 0, 100), STORE_OK);
	expect_rows("north/0+ icb-a/1+ place-2/2+ -clinic-x/3 pcn-1/2 -place-1/2+ -gp-1/3 -gp-2/3 "
	            "-icb-b/1 doc-a/0 -doc-b/0");
	r = outline_row(&o, 5);
	cr_expect_eq(r->eid, 0, "a removed entity is not in this model");
	cr_expect_eq(r->n_removed, 2);
	cr_expect_str_eq(r->removed->before.name, "Place One");
	cr_expect_str_eq(r->tag, "PLC");
	cr_expect_eq(outline_parent(&o, 6), 5);
	close_since();
}

Test(since_removed, removed_rows_expand_collapse_and_are_remembered)
{
	open_outline();
	cr_assert_eq(outline_expand(&o, 0), STORE_OK);
	cr_assert_eq(outline_expand(&o, 1), STORE_OK);
	expect_rows("north/0+ icb-a/1+ place-2/2 pcn-1/2 -place-1/2 -icb-b/1 doc-a/0 -doc-b/0");
	cr_assert_eq(outline_select(&o, 4), STORE_OK);
	cr_expect_eq(outline_selected_eid(&o), 0);
	cr_assert_not_null(outline_selected_removed(&o));
	cr_expect_str_eq(outline_selected_removed(&o)->before.id, "place-1");
	cr_assert_eq(outline_expand(&o, 4), STORE_OK);
	expect_rows("north/0+ icb-a/1+ place-2/2 pcn-1/2 -place-1/2+ -gp-1/3 -gp-2/3 -icb-b/1 "
	            "doc-a/0 -doc-b/0");
	cr_assert_eq(outline_select(&o, 7), STORE_OK);
	/* collapsed and opened again: the removed row opens as it was */
	outline_collapse(&o, 1);
	expect_rows("north/0+ icb-a/1 -icb-b/1 doc-a/0 -doc-b/0");
	cr_expect_eq(o.selected, 2, "the selection follows its row");
	cr_assert_eq(outline_expand(&o, 1), STORE_OK);
	expect_rows("north/0+ icb-a/1+ place-2/2 pcn-1/2 -place-1/2+ -gp-1/3 -gp-2/3 -icb-b/1 "
	            "doc-a/0 -doc-b/0");
	outline_collapse(&o, 4);
	expect_rows("north/0+ icb-a/1+ place-2/2 pcn-1/2 -place-1/2 -icb-b/1 doc-a/0 -doc-b/0");
	/* drilled down, a root's removed are under it */
	cr_assert_eq(outline_set_root(&o, eid_of(new_st, "place-2"), 0), STORE_OK);
	expect_rows("-clinic-x/0");
	cr_expect_eq(outline_find(&o, 0), OUTLINE_NONE, "a removed row is no entity's place");
	close_since();
}

Test(since_removed, none_without_the_comparison)
{
	open_since("nested");
	cr_assert_eq(outline_open(&o, new_st, 0), STORE_OK);
	expect_rows("north/0 doc-a/0");
	cr_expect_eq(outline_row(&o, 0)->n_removed, 0);
	close_since();
}

static void apply(const char *text)
{
	struct filter_error error;
	struct filter *f = filter_parse(text, &error);
	struct filter_result r;

	cr_assert_not_null(f, "%s: %s", text, error.message);
	cr_assert_eq(filter_apply(new_st, f, &r), FILTER_OK, "%s: %s", text, r.error.message);
	outline_keep_removed(&o, filter_keeps_removed(f));
	filter_free(f);
	cr_assert_eq(outline_set_root(&o, 0, 0), STORE_OK);
}

Test(since_removed, a_filter_keeps_them_when_it_asks_for_them)
{
	open_outline();
	apply("changed:removed");
	cr_assert_eq(outline_expand_all(&o, 0, 100), STORE_OK);
	expect_rows("north/0+ icb-a/1+ place-2/2+ -clinic-x/3 -place-1/2+ -gp-1/3 -gp-2/3 "
	            "-icb-b/1 -doc-b/0");
	apply("kind:place");
	cr_assert_eq(outline_expand_all(&o, 0, 100), STORE_OK);
	expect_rows("north/0+ icb-a/1+ place-2/2");
	cr_assert_eq(filter_clear(new_st), FILTER_OK);
	outline_keep_removed(&o, false);
	cr_assert_eq(outline_set_root(&o, 0, 0), STORE_OK);
	expect_rows("north/0+ icb-a/1+ place-2/2+ -clinic-x/3 pcn-1/2 -place-1/2+ -gp-1/3 -gp-2/3 "
	            "-icb-b/1 doc-a/0 -doc-b/0");
	close_since();
}

Test(since_removed, filters_that_ask_for_the_removed)
{
	static const struct {
		const char *text;
		bool keeps;
	} cases[] = {
		{ "changed:removed", true }, { "changed:any", true },
		{ "changed:removed kind:place", true }, { "kind:place or changed:any", true },
		{ "changed:moved", false }, { "kind:place", false },
		{ "-changed:removed", false }, { "-(changed:any or kind:place)", false },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct filter_error error;
		struct filter *f = filter_parse(cases[i].text, &error);

		cr_assert_not_null(f, "%s: %s", cases[i].text, error.message);
		cr_expect_eq(filter_keeps_removed(f), cases[i].keeps, "%s", cases[i].text);
		filter_free(f);
	}
}

/* The detail's lines, one a line of text, '>' before a link. */
static char *detail_text(const struct detail *d)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < d->count; i++)
		sb_printf(&sb, "%s%s%s\n", d->lines[i].style == DETAIL_LINK ? ">" : "",
		          d->lines[i].key ? d->lines[i].key : "", d->lines[i].text);
	return sb_detach(&sb);
}

Test(since_removed, detail_as_the_older_model_had_it)
{
	const struct diff_change *const *list;
	struct detail d = { 0 };
	char *text;

	open_since("nested");
	cr_assert_eq(since_removed_under(since, removed_place("place-1"), &list), 2);
	cr_assert_eq(detail_build_removed(&d, since, list[0], 60, false), STORE_OK);
	text = detail_text(&d);
	cr_expect_eq(d.eid, removed_place("gp-1"), "never an eid of this model");
	cr_expect(strstr(text, "Practice One\n") != NULL, "%s", text);
	cr_expect(strstr(text, "Removed since the older model") != NULL, "%s", text);
	cr_expect(strstr(text, "was under North › Alpha ICB › Place One") != NULL, "%s", text);
	cr_expect(strstr(text, "AA1 1AA") != NULL, "the old facts: %s", text);
	cr_expect(strstr(text, "PCN One (pcn-1)") != NULL, "the old links: %s", text);
	cr_expect(strstr(text, "\n>") == NULL, "no link to follow into this model: %s", text);
	cr_expect(strstr(text, "Removed since") < strstr(text, "AA1 1AA"), "said first: %s", text);
	free(text);
	/* folded, then built again: the fold is kept */
	for (size_t i = 0; i < d.count; i++)
		if (d.lines[i].style == DETAIL_HEADING && strstr(d.lines[i].text, "Facts"))
			cr_assert(detail_toggle_fold(&d, i));
	cr_assert_eq(detail_build_removed(&d, since, list[0], 60, false), STORE_OK);
	text = detail_text(&d);
	cr_expect(strstr(text, "AA1 1AA") == NULL, "Facts folded: %s", text);
	free(text);
	detail_clear(&d);
	close_since();
}
