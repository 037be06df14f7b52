/* A filter a step at a time (filter_start, filter_step, filter_finish):
 * whole after every step, and coming to exactly the result of the filter
 * applied at once, on the test models and on the bundled data; another
 * filter or a clear cancelling one under way. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "icsview/query/filter.h"
#include "icsview/store/store_sql.h"
#include "helpers.h"
#include "filter_fixture.h"

TestSuite(filter_models, .init = load_models, .fini = unload);
TestSuite(filter_data, .init = load_bundled, .fini = unload);

/* The tree under the filter from `parent` down, two children a page:
 * "id" for ancestors, "id*" for matches, "+" for secondary, "/n" for n
 * visible children, "(...)" around the children of each own child; the
 * count and the positions the outline reads agree with the list. */
static void tree_text(int64_t parent, struct strbuf *sb)
{
	struct child after = { 0 };
	size_t listed = 0, count = 0;

	for (;;) {
		struct child_list page = { 0 };

		cr_assert_eq(store_children_filtered_after(st, parent, &after, 2, &page), STORE_OK,
		             "%s", store_errmsg(st));
		for (size_t i = 0; i < page.count; i++) {
			const struct child *c = &page.items[i];
			struct child at;

			cr_expect_eq(store_child_at_filtered(st, parent, listed, &at), STORE_OK);
			cr_expect_eq(at.eid, c->eid, "child %zu of %lld", listed, (long long)parent);
			sb_printf(sb, " %s%s%s/%lld", c->secondary ? "+" : "", c->id,
			          c->matched ? "*" : "", (long long)c->n_children);
			if (!c->secondary && c->n_children) {
				sb_puts(sb, " (");
				tree_text(c->eid, sb);
				sb_puts(sb, " )");
			}
			listed++;
		}
		if (page.count < 2) {
			child_list_clear(&page);
			break;
		}
		after.eid = page.items[page.count - 1].eid;
		after.secondary = page.items[page.count - 1].secondary;
		child_list_clear(&page);
	}
	cr_expect_eq(store_children_count_filtered(st, parent, &count), STORE_OK);
	cr_expect_eq(count, listed, "children of %lld: %zu counted, %zu listed", (long long)parent,
	             count, listed);
}

/* Everything a result is: its entities and matches, and the tree. */
static char *whole_result(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct sql_stmt *stmt = store_sql_prepare(st,
		"SELECT e.id, v.matched FROM temp.filter_visible v JOIN entities e"
		" ON e.eid = v.eid ORDER BY e.eid");

	cr_assert_not_null(stmt, "%s", store_errmsg(st));
	while (sql_step(stmt) == SQL_ROW)
		sb_printf(&sb, "%s%s ", sql_text(stmt, 0), sql_int(stmt, 1) ? "*" : "");
	sql_free(stmt);
	sb_puts(&sb, "| tree:");
	tree_text(0, &sb);
	return sb_detach(&sb);
}

/* Starts a filter that must fit the model, `chunk` entities a step. */
static struct filter_result start_ok(const char *text, int64_t chunk)
{
	struct filter_pace pace = { .chunk = chunk };
	struct filter_error err;
	struct filter *f = filter_parse(text, &err);
	struct filter_result r;
	int rc;

	cr_assert_not_null(f, "'%s' does not parse: %zu: %s", text, err.position, err.message);
	rc = filter_start(st, f, &pace, &r);
	cr_assert_eq(rc, FILTER_OK, "'%s': %d: %s", text, rc, r.error.message);
	filter_free(f);
	return r;
}

/* The rest of a filter a step at a time, checking after each that the
 * result stands as documented: whole (closed under ancestors), only
 * growing, and counted as reported.  Returns the steps taken. */
static size_t finish_in_steps(const char *text, struct filter_result *r)
{
	size_t steps = 0;

	for (;;) {
		int64_t visible = r->visible, matched = r->matched;
		double done = r->done;

		expect_closed_result(text);
		cr_expect_eq(count_of("SELECT count(*) FROM temp.filter_visible"), r->visible, "%s",
		             text);
		cr_expect_eq(count_of("SELECT count(*) FROM temp.filter_visible WHERE matched"),
		             r->matched, "%s", text);
		cr_expect_eq(filter_running(st), !r->complete, "%s", text);
		if (r->complete)
			break;
		cr_assert_eq(filter_step(st, r), FILTER_OK, "'%s': %s", text, r->error.message);
		steps++;
		cr_expect_geq(r->visible, visible, "'%s': the result shrank", text);
		cr_expect_geq(r->matched, matched, "'%s': the matches shrank", text);
		cr_expect_geq(r->done, done, "'%s': the work done went back", text);
		cr_assert_lt(steps, 100000, "'%s' never ends", text);
	}
	cr_expect_eq(r->done, 1.0, "%s", text);
	return steps;
}

/* A filter evaluated a few entities at a time comes to exactly what it
 * comes to all at once: the same entities, matches, counts and tree. */
static void expect_same_in_steps(const char *text, const int64_t *chunks, size_t nchunks)
{
	struct filter_result once = apply_ok(text), r;
	char *whole = whole_result();

	for (size_t i = 0; i < nchunks; i++) {
		char *got;
		size_t steps;

		r = start_ok(text, chunks[i]);
		steps = finish_in_steps(text, &r);
		if (chunks[i] < 4)
			cr_expect_gt(steps, 3, "'%s', %lld a step: %zu steps", text,
			             (long long)chunks[i], steps);
		got = whole_result();
		cr_expect_str_eq(got, whole, "'%s', %lld a step:\n  got:      %s\n  expected: %s", text,
		                 (long long)chunks[i], got, whole);
		cr_expect_eq(r.matched, once.matched, "'%s', %lld a step", text, (long long)chunks[i]);
		cr_expect_eq(r.visible, once.visible, "'%s', %lld a step", text, (long long)chunks[i]);
		free(got);
	}
	free(whole);
}

static const char *const stepped_filters[] = {
	"kind:board", "kind:organisation", "-kind:source -kind:organisation",
	"kind:board or kind:committee", "(kind:board or kind:place) kind:place",
	"kind:place or kind:organisation",      /* p-trust comes before its place */
	"type:trust", "-type:trust kind:organisation", "id:p-trust or id:p-bassetlaw",
	"id:p-trust",                           /* shown under p-bassetlaw through a link */
	"population>=1500000", "members=23", "members!=24", "statutory!=no", "meets=monthly",
	"-statutory=no kind:board", "nosuchfact>1",
	"member_of:syb", "members:RHQ", "serves:bassetlaw", "served_by:p-trust",
	"member_of:\"south yorkshire\"", "chairs:partnership",    /* names containing it */
	"members:sheffield", "member_of:nobody", "has:serves or has:served_by", "has:members",
	"-has:chairs", "sits_on:m-jcc or seats:\"Sheffield CCG\"",
	"shef", "\"teaching hospitals\"", "sheffield teaching or kind:source", "*", "-*",
	"has:note", "reviewed:no", "flag:none kind:board", "-flag:any or has:note",
	"review:conflict", "-review:conflict kind:board",
};

Test(filter_models, a_step_at_a_time_comes_to_the_same_result)
{
	static const int64_t chunks[] = { 1, 2, 3, 7, 1000 };

	for (size_t i = 0; i < sizeof(stepped_filters) / sizeof(stepped_filters[0]); i++)
		expect_same_in_steps(stepped_filters[i], chunks, sizeof(chunks) / sizeof(chunks[0]));
	filter_clear(st);
}

/* Paced by time instead: the same result, whatever the steps were. */
Test(filter_models, paced_by_time_comes_to_the_same_result)
{
	for (size_t i = 0; i < sizeof(stepped_filters) / sizeof(stepped_filters[0]); i++) {
		const char *text = stepped_filters[i];
		struct filter_result once = apply_ok(text), r;
		struct filter_pace pace = { .step_ms = 0.001 };
		struct filter *f = filter_parse(text, NULL);
		char *whole = whole_result(), *got;

		cr_assert_eq(filter_start(st, f, &pace, &r), FILTER_OK, "%s", text);
		filter_free(f);
		cr_assert_eq(filter_finish(st, &r), FILTER_OK, "%s", text);
		cr_expect(r.complete);
		got = whole_result();
		cr_expect_str_eq(got, whole, "'%s'", text);
		cr_expect_eq(r.matched, once.matched, "%s", text);
		free(got);
		free(whole);
	}
	filter_clear(st);
}

Test(filter_models, another_filter_or_a_clear_cancels_one_under_way)
{
	struct filter_result r = start_ok("kind:organisation", 1), board;
	char *expected, *got;

	/* another filter started: the first is gone, the second comes out whole */
	cr_assert_eq(filter_step(st, &r), FILTER_OK);
	cr_assert(filter_running(st));
	board = apply_ok("kind:board");
	expected = whole_result();
	r = start_ok("kind:organisation", 1);
	cr_assert_eq(filter_step(st, &r), FILTER_OK);
	r = start_ok("kind:board", 1);
	finish_in_steps("kind:board", &r);
	got = whole_result();
	cr_expect_str_eq(got, expected);
	cr_expect_eq(r.matched, board.matched);
	free(got);
	/* another applied at once */
	r = start_ok("kind:organisation", 2);
	cr_assert_eq(filter_step(st, &r), FILTER_OK);
	r = apply_ok("kind:board");
	cr_expect(r.complete);
	cr_expect(!filter_running(st));
	got = whole_result();
	cr_expect_str_eq(got, expected);
	free(got);
	/* one that does not fit the model leaves the one under way going */
	r = start_ok("kind:board", 1);
	cr_assert_eq(filter_step(st, &r), FILTER_OK);
	{
		struct filter *f = filter_parse("kind:board unknown_rel:x", NULL);
		struct filter_result bad;

		cr_expect_eq(filter_start(st, f, NULL, &bad), FILTER_INVALID);
		filter_free(f);
	}
	cr_expect(filter_running(st));
	cr_assert_eq(filter_finish(st, &r), FILTER_OK);
	got = whole_result();
	cr_expect_str_eq(got, expected);
	free(got);
	/* cleared under way: no filter at all, and no step left to take */
	r = start_ok("kind:organisation", 1);
	cr_assert_eq(filter_step(st, &r), FILTER_OK);
	cr_expect_eq(filter_clear(st), STORE_OK);
	cr_expect(!store_filter_active(st));
	cr_expect(!filter_running(st));
	cr_expect_eq(filter_step(st, &r), FILTER_OK);
	cr_expect(r.complete);
	cr_expect_eq(r.matched, 0);
	expect_level(0, "n-system*/3 nested-doc*/0 other-doc*/0 p-system*/2 m-system*/4"
	                " m-source*/0 m-person*/0");
	free(expected);
}

/* A filter that does not fit the model, started while one is complete,
 * leaves that one as it was. */
Test(filter_models, a_start_that_does_not_fit_keeps_the_previous_result)
{
	struct filter *f = filter_parse("flag:maybe", NULL);
	struct filter_result r;
	char *before, *after;

	apply_ok("kind:committee");
	before = whole_result();
	cr_expect_eq(filter_start(st, f, NULL, &r), FILTER_INVALID);
	cr_expect_str_eq(r.error.message, "unknown flag 'maybe' (none, ok, question, concern or any)");
	filter_free(f);
	after = whole_result();
	cr_expect_str_eq(after, before);
	cr_expect(!filter_running(st));
	free(before);
	free(after);
	filter_clear(st);
}

/* --- the bundled data --- */

/* On the bundled data (8,277 entities), in ranges of 97, and in ranges
 * of all of it, which the matches cut short (a range takes 1,024 matches
 * at most). */
Test(filter_data, a_step_at_a_time_comes_to_the_same_result)
{
	static const char *const filters[] = {
		"kind:board", "-kind:person", "kind:organisation or kind:place", "serves:bassetlaw",
		"member_of:syb", "commissions:sheffield", "type:trust or type:practice",
		"population>500000", "stroke", "-has:member_of",
	};
	static const int64_t chunks[] = { 97, 100000 };

	for (size_t i = 0; i < sizeof(filters) / sizeof(filters[0]); i++)
		expect_same_in_steps(filters[i], chunks, 2);
	filter_clear(st);
}
