/* The tree's logic without a terminal: visible rows, expansion that is
 * remembered by entity, drill-down roots, revealing an entity. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"
#include "icsview/query/filter.h"
#include "icsview/views/outline.h"

static struct store *st;
static char *dir;
static struct outline o;

static void load(void)
{
	static const char *const files[] = { "good/nested.yaml", "good/explicit-parent.yaml" };

	dir = scratch_dir();
	st = load_valid(dir, files, 2);
	cr_assert_eq(outline_open(&o, st, 0), STORE_OK);
}

static void unload(void)
{
	outline_close(&o);
	unload_model(st, dir);
}

/* The visible rows as "id/depth" joined by spaces, '+' after an expanded
 * row, '~' before a secondary one. */
static char *rows_text(void)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < o.count; i++) {
		const struct outline_row *r = outline_row(&o, i);
		cr_assert(r, "row %zu", i);
		sb_printf(&sb, "%s%s%s/%u%s", i ? " " : "", r->secondary ? "~" : "", r->id, r->depth,
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

TestSuite(outline, .init = load, .fini = unload);

Test(outline, opens_on_the_roots)
{
	expect_rows("n-system/0 nested-doc/0 other-doc/0 p-system/0");
	cr_expect_eq(o.selected, 0);
	cr_expect_eq(outline_row(&o, 0)->n_children, 3);
}

Test(outline, expand_and_collapse)
{
	cr_assert_eq(outline_expand(&o, 0), STORE_OK);
	expect_rows("n-system/0+ n-sheffield/1 n-doncaster/1 n-board/1 nested-doc/0 other-doc/0 "
	            "p-system/0");
	cr_assert_eq(outline_expand(&o, 1), STORE_OK);
	expect_rows("n-system/0+ n-sheffield/1+ n-sth/2 n-doncaster/1 n-board/1 nested-doc/0 "
	            "other-doc/0 p-system/0");
	outline_select(&o, 2);
	outline_collapse(&o, 0);
	expect_rows("n-system/0 nested-doc/0 other-doc/0 p-system/0");
	cr_expect_eq(o.selected, 0, "the selection moves up to the collapsed row");
	/* expanding again brings back what was open below */
	cr_assert_eq(outline_expand(&o, 0), STORE_OK);
	expect_rows("n-system/0+ n-sheffield/1+ n-sth/2 n-doncaster/1 n-board/1 nested-doc/0 "
	            "other-doc/0 p-system/0");
}

Test(outline, selection_below_a_collapse_keeps_its_entity)
{
	cr_assert_eq(outline_expand(&o, 0), STORE_OK);
	outline_select(&o, 6);          /* p-system */
	outline_collapse(&o, 0);
	cr_expect_str_eq(outline_row(&o, o.selected)->id, "p-system");
}

Test(outline, secondary_children_are_marked_and_not_expanded)
{
	size_t system = outline_find(&o, eid_of(st, "p-system"));

	cr_assert_eq(outline_expand_all(&o, system, 1000), STORE_OK);
	expect_rows("n-system/0 nested-doc/0 other-doc/0 p-system/0+ p-doncaster/1+ p-trust/2 "
	            "p-bassetlaw/1+ ~p-trust/2");
	cr_expect_eq(outline_find(&o, eid_of(st, "p-trust")), 5, "find gives the own place");
	cr_assert_eq(outline_expand(&o, 7), STORE_OK);
	cr_expect_not(outline_row(&o, 7)->expanded);
}

Test(outline, expand_all_is_bounded)
{
	cr_assert_eq(outline_expand_all(&o, 0, 2), STORE_OK);
	cr_expect_leq(o.count, 4 + 3 + 1, "%zu rows", o.count);
}

Test(outline, collapse_all_keeps_the_selection_visible)
{
	cr_assert_eq(outline_reveal(&o, eid_of(st, "n-sth")), STORE_OK);
	outline_collapse_all(&o);
	expect_rows("n-system/0 nested-doc/0 other-doc/0 p-system/0");
}

/* Opening the way to matches: the rows asked for open, and the rows they
 * add, down to the leaves; those beyond stay as they are. */
Test(outline, opening_opens_the_rows_shown_and_no_others)
{
	outline_set_opening(&o, true);
	cr_assert_eq(outline_open_rows(&o, 0, 3), STORE_OK);
	expect_rows("n-system/0+ n-sheffield/1+ n-sth/2 n-doncaster/1 n-board/1 nested-doc/0 "
	            "other-doc/0 p-system/0");
	/* rows 3 to 6 have no children: p-system, row 7, is not shown yet */
	cr_assert_eq(outline_open_rows(&o, 3, 4), STORE_OK);
	expect_rows("n-system/0+ n-sheffield/1+ n-sth/2 n-doncaster/1 n-board/1 nested-doc/0 "
	            "other-doc/0 p-system/0");
	/* further down, what comes into view; secondary rows are links: never
	 * opened */
	cr_assert_eq(outline_open_rows(&o, 7, 100), STORE_OK);
	expect_rows("n-system/0+ n-sheffield/1+ n-sth/2 n-doncaster/1 n-board/1 nested-doc/0 "
	            "other-doc/0 p-system/0+ p-doncaster/1+ p-trust/2 p-bassetlaw/1+ ~p-trust/2");
	cr_expect_not(outline_row(&o, 11)->expanded);
}

Test(outline, opening_leaves_alone_what_the_user_collapsed)
{
	outline_set_opening(&o, true);
	cr_assert_eq(outline_open_rows(&o, 0, 100), STORE_OK);
	outline_collapse(&o, 1);        /* n-sheffield */
	outline_collapse(&o, 6);        /* p-system */
	cr_assert_eq(outline_open_rows(&o, 0, 100), STORE_OK);
	expect_rows("n-system/0+ n-sheffield/1 n-doncaster/1 n-board/1 nested-doc/0 other-doc/0 "
	            "p-system/0");
	/* the tree read again (a filter's step landed): still as the user left it */
	cr_assert_eq(outline_set_root(&o, 0, 0), STORE_OK);
	cr_assert_eq(outline_open_rows(&o, 0, 100), STORE_OK);
	expect_rows("n-system/0+ n-sheffield/1 n-doncaster/1 n-board/1 nested-doc/0 other-doc/0 "
	            "p-system/0");
	/* expanded by the user: open, and its rows open too */
	cr_assert_eq(outline_expand(&o, 6), STORE_OK);
	cr_assert_eq(outline_open_rows(&o, 0, 100), STORE_OK);
	expect_rows("n-system/0+ n-sheffield/1 n-doncaster/1 n-board/1 nested-doc/0 other-doc/0 "
	            "p-system/0+ p-doncaster/1+ p-trust/2 p-bassetlaw/1+ ~p-trust/2");
	/* collapse all stops opening; turned on again, it has forgotten */
	outline_collapse_all(&o);
	cr_expect_not(o.opening);
	cr_assert_eq(outline_open_rows(&o, 0, 100), STORE_OK);
	expect_rows("n-system/0 nested-doc/0 other-doc/0 p-system/0");
	outline_set_opening(&o, true);
	cr_assert_eq(outline_open_rows(&o, 0, 2), STORE_OK);
	expect_rows("n-system/0+ n-sheffield/1+ n-sth/2 n-doncaster/1 n-board/1 nested-doc/0 "
	            "other-doc/0 p-system/0");
	outline_set_opening(&o, false);
	outline_collapse_all(&o);
	cr_assert_eq(outline_open_rows(&o, 0, 100), STORE_OK);
	expect_rows("n-system/0 nested-doc/0 other-doc/0 p-system/0");
}

Test(outline, reveal_opens_the_ancestors_and_selects)
{
	cr_assert_eq(outline_reveal(&o, eid_of(st, "n-sth")), STORE_OK);
	cr_expect_str_eq(outline_row(&o, o.selected)->id, "n-sth");
	cr_expect_eq(outline_parent(&o, o.selected), outline_find(&o, eid_of(st, "n-sheffield")));
	cr_expect_eq(outline_parent(&o, 0), OUTLINE_NONE);
}

Test(outline, drill_down_makes_a_new_root_and_remembers_expansion)
{
	int64_t system = eid_of(st, "n-system");

	cr_assert_eq(outline_reveal(&o, eid_of(st, "n-sth")), STORE_OK);
	cr_assert_eq(outline_set_root(&o, system, eid_of(st, "n-sth")), STORE_OK);
	expect_rows("n-sheffield/0+ n-sth/1 n-doncaster/0 n-board/0");
	cr_expect_str_eq(outline_row(&o, o.selected)->id, "n-sth");
	/* outside the root: not found, nothing changes */
	cr_expect_eq(outline_reveal(&o, eid_of(st, "p-trust")), STORE_NOT_FOUND);
	cr_assert_eq(outline_set_root(&o, 0, system), STORE_OK);
	expect_rows("n-system/0+ n-sheffield/1+ n-sth/2 n-doncaster/1 n-board/1 nested-doc/0 "
	            "other-doc/0 p-system/0");
	cr_expect_str_eq(outline_row(&o, o.selected)->id, "n-system");
}

Test(outline, select_is_clamped)
{
	outline_select(&o, 999);
	cr_expect_eq(o.selected, o.count - 1);
	cr_expect_eq(outline_selected_eid(&o), eid_of(st, "p-system"));
}

/* A place with more children than one page of them (outline.c reads 4,096
 * at a time) shows every one, when expanded and when a tree is rebuilt
 * with it remembered open. */
Test(big, every_child_of_a_big_place_is_shown)
{
	enum { CHILDREN = 5000 };
	char *tmp = scratch_dir(), *path;
	struct strbuf sb = STRBUF_INIT;
	struct outline big = { 0 };
	struct store *s;
	const char *paths[1];

	sb_puts(&sb, "icsview: 1\nentities:\n  - id: p\n    kind: place\n    name: Big\n"
	             "    children:\n");
	for (int i = 0; i < CHILDREN; i++)
		sb_printf(&sb, "      - {id: c%d, kind: organisation, name: Child %d}\n", i, i);
	sb_puts(&sb, "  - id: q\n    kind: place\n    name: After\n");
	path = write_file(tmp, "big.yaml", sb_str(&sb));
	paths[0] = path;
	s = load_paths(tmp, paths, 1);
	cr_assert_eq(outline_open(&big, s, 0), STORE_OK);
	cr_assert_eq(big.count, 2);
	cr_assert_eq(outline_expand(&big, 0), STORE_OK);
	cr_expect_eq(big.count, 2 + CHILDREN);
	cr_expect_str_eq(outline_row(&big, big.count - 2)->id, "c4999");
	cr_expect_str_eq(outline_row(&big, big.count - 1)->id, "q");
	cr_assert_eq(outline_set_root(&big, 0, 0), STORE_OK);
	cr_expect_eq(big.count, 2 + CHILDREN, "rebuilt with the place open");
	cr_expect_str_eq(outline_row(&big, big.count - 1)->id, "q");
	outline_close(&big);
	store_close(s);
	sb_free(&sb);
	remove_tree(tmp);
	free(path);
	free(tmp);
}

/* ---- a place of thousands of children, read lazily ------------------------
 * sys > p (CHILDREN own children c0.., every even one with beds: 10, and
 * c2500 with a child g1; then s1, s2, s3 shown under p through `serves`,
 * s1 with beds) and q (the parent of s1, s2, s3). */
enum { CHILDREN = 5000, SERVERS = 3 };

static struct store *lz;
static char *lz_dir;
static struct outline lo;

static void load_lazy(void)
{
	char *path;
	struct strbuf sb = STRBUF_INIT;
	const char *paths[1];

	lz_dir = scratch_dir();
	sb_puts(&sb, "icsview: 1\nentities:\n  - id: sys\n    kind: system\n    name: System\n"
	             "    children:\n      - id: p\n        kind: place\n        name: Big\n"
	             "        children:\n");
	for (int i = 0; i < CHILDREN; i++) {
		sb_printf(&sb, "          - {id: c%d, kind: organisation, name: Child %d%s", i, i,
		          i % 2 == 0 ? ", facts: {beds: 10}" : "");
		sb_puts(&sb, i == 2500 ? ", children: [{id: g1, kind: board, name: Board of 2500}]}\n"
		                       : "}\n");
	}
	sb_puts(&sb, "      - id: q\n        kind: place\n        name: After\n        children:\n");
	for (int i = 1; i <= SERVERS; i++)
		sb_printf(&sb, "          - {id: s%d, kind: organisation, name: Server %d%s,"
		               " links: [{rel: serves, to: p}]}\n", i, i,
		          i == 1 ? ", facts: {beds: 10}" : "");
	path = write_file(lz_dir, "lazy.yaml", sb_str(&sb));
	paths[0] = path;
	lz = load_paths(lz_dir, paths, 1);
	cr_assert_eq(outline_open(&lo, lz, 0), STORE_OK);
	sb_free(&sb);
	free(path);
}

static void unload_lazy(void)
{
	outline_close(&lo);
	unload_model(lz, lz_dir);
}

/* Rows read so far (the rest are only counted). */
static size_t rows_read(const struct outline *ol)
{
	size_t n = 0;

	for (size_t s = 0; s < ol->nsegs; s++)
		if (ol->segs[s].rows)
			n += ol->segs[s].len;
	return n;
}

static const char *lo_id(size_t row)
{
	const struct outline_row *r = outline_row(&lo, row);

	cr_assert(r, "row %zu of %zu cannot be read", row, lo.count);
	return r->id;
}

static const char *lo_name(size_t row)
{
	const struct outline_row *r = outline_row(&lo, row);

	cr_assert(r, "row %zu of %zu cannot be read", row, lo.count);
	return r->name;
}

/* Opens sys and p: rows sys/0, p/1, c0/2 .., then s1..s3 (secondary), q. */
static size_t open_big(void)
{
	cr_assert_eq(lo.count, 1);
	cr_assert_eq(outline_expand(&lo, 0), STORE_OK);
	cr_assert_str_eq(lo_id(1), "p");
	cr_assert_eq(outline_row(&lo, 1)->n_children, CHILDREN + SERVERS);
	cr_assert_eq(outline_expand(&lo, 1), STORE_OK);
	return 2;       /* the row of c0 */
}

TestSuite(lazy, .init = load_lazy, .fini = unload_lazy);

Test(lazy, expand_counts_every_child_and_reads_none)
{
	size_t read_before = rows_read(&lo), first = open_big();

	cr_expect_eq(lo.count, 3 + CHILDREN + SERVERS);
	cr_expect_leq(rows_read(&lo), read_before + 2, "expanding read %zu rows",
	              rows_read(&lo) - read_before);
	cr_expect(outline_row(&lo, 1)->expanded);
	/* far down first, then the middle, then the top: each by position */
	cr_expect_str_eq(lo_id(lo.count - 1), "q");
	cr_expect_str_eq(lo_id(first + CHILDREN - 1), "c4999");
	cr_expect_str_eq(lo_name(first + CHILDREN - 1), "Child 4999");
	cr_expect_str_eq(lo_id(first + 2717), "c2717");
	cr_expect_str_eq(lo_name(first + 2717), "Child 2717");
	cr_expect_str_eq(lo_id(first + 1), "c1");
	cr_expect_eq(outline_row(&lo, first + 1)->depth, 2);
	cr_expect_lt(rows_read(&lo), 600, "%zu rows read for a few pages", rows_read(&lo));
	for (int i = 1; i <= SERVERS; i++) {
		const struct outline_row *r = outline_row(&lo, first + CHILDREN + (size_t)i - 1);
		char id[8];
		snprintf(id, sizeof(id), "s%d", i);
		cr_assert(r);
		cr_expect_str_eq(r->id, id);
		cr_expect(r->secondary, "%s is shown through its link", id);
	}
	cr_expect_eq(outline_parent(&lo, first + 4321), 1);
	cr_expect_eq(outline_parent(&lo, lo.count - 1), 0);
}

Test(lazy, every_row_in_order_whichever_way_it_is_read)
{
	size_t first = open_big();
	char id[16];

	/* backwards from the end (as End then PgUp), then forwards */
	for (size_t i = CHILDREN; i-- > 0;) {
		snprintf(id, sizeof(id), "c%zu", i);
		cr_assert_str_eq(lo_id(first + i), id);
	}
	for (size_t i = 0; i < CHILDREN; i++) {
		snprintf(id, sizeof(id), "c%zu", i);
		cr_assert_str_eq(lo_id(first + i), id);
		cr_assert_eq(outline_row(&lo, first + i)->n_children, i == 2500 ? 1 : 0);
	}
	cr_expect_eq(rows_read(&lo), lo.count);
}

Test(lazy, select_reads_the_row)
{
	size_t first = open_big();

	cr_assert_eq(outline_select(&lo, first + 3333), STORE_OK);
	cr_expect_eq(outline_selected_eid(&lo), eid_of(lz, "c3333"));
	cr_assert_eq(outline_select(&lo, (size_t)-2), STORE_OK);      /* End */
	cr_expect_eq(outline_selected_eid(&lo), eid_of(lz, "q"));
}

Test(lazy, peek_reads_nothing)
{
	size_t first = open_big(), read;
	const struct outline_row *r;

	read = rows_read(&lo);
	cr_expect_null(outline_peek_row(&lo, first + 4000), "a row not read yet");
	cr_expect_eq(rows_read(&lo), read, "peeking read rows");
	r = outline_row(&lo, first + 4000);
	cr_assert(r);
	cr_expect_eq(outline_peek_row(&lo, first + 4000), r, "the row once read");
	cr_expect_str_eq(outline_peek_row(&lo, first + 4000)->id, "c4000");
	cr_expect_null(outline_peek_row(&lo, lo.count), "past the last row");
}

Test(lazy, find_and_reveal_a_child_deep_in_the_list)
{
	size_t first = open_big();

	cr_expect_eq(outline_find(&lo, eid_of(lz, "c4000")), first + 4000, "found before it is read");
	cr_expect_eq(outline_find(&lo, eid_of(lz, "g1")), OUTLINE_NONE);
	outline_collapse_all(&lo);
	cr_assert_eq(lo.count, 1);
	cr_assert_eq(outline_reveal(&lo, eid_of(lz, "c3777")), STORE_OK);
	cr_expect_eq(lo.selected, first + 3777);
	cr_expect_str_eq(lo_id(lo.selected), "c3777");
	cr_expect_eq(outline_parent(&lo, lo.selected), 1);
	/* a grandchild: its parent opens in the middle of the list */
	cr_assert_eq(outline_reveal(&lo, eid_of(lz, "g1")), STORE_OK);
	cr_expect_eq(lo.selected, first + 2501);
	cr_expect_str_eq(lo_id(lo.selected), "g1");
	cr_expect_eq(outline_row(&lo, lo.selected)->depth, 3);
	cr_expect_str_eq(lo_id(outline_parent(&lo, lo.selected)), "c2500");
	cr_expect_str_eq(lo_id(lo.selected + 1), "c2501");
	cr_expect_eq(lo.count, 3 + CHILDREN + SERVERS + 1);
	cr_expect_str_eq(lo_id(first + CHILDREN), "c4999", "the rows below moved down one");
	cr_expect_eq(outline_find(&lo, eid_of(lz, "c3777")), first + 3778);
}

Test(lazy, collapse_and_expand_again)
{
	size_t first = open_big(), sel;

	cr_assert_eq(outline_expand(&lo, first + 2500), STORE_OK);
	cr_assert_str_eq(lo_id(first + 2501), "g1");
	cr_assert_eq(outline_select(&lo, first + 4000), STORE_OK);
	sel = lo.selected;
	outline_collapse(&lo, 1);
	cr_expect_eq(lo.count, 3);
	cr_expect_eq(lo.selected, 1, "the selection moves up to the collapsed row");
	cr_expect_str_eq(lo_id(2), "q");
	cr_assert_eq(outline_expand(&lo, 1), STORE_OK);
	cr_expect_eq(lo.count, 3 + CHILDREN + SERVERS + 1, "c2500 is remembered open");
	cr_expect(outline_row(&lo, first + 2500)->expanded);
	cr_expect_str_eq(lo_id(first + 2501), "g1");
	cr_expect_str_eq(lo_id(first + 2502), "c2501");
	cr_expect_str_eq(lo_id(sel), "c3999");
	cr_expect_str_eq(lo_id(lo.count - 1), "q");
	/* collapsing inside the list joins the rows around it again */
	outline_collapse(&lo, first + 2500);
	cr_expect_eq(lo.count, 3 + CHILDREN + SERVERS);
	cr_expect_str_eq(lo_id(first + 2501), "c2501");
	cr_expect_str_eq(lo_id(first + 2499), "c2499");
	outline_collapse(&lo, 1);
	cr_assert_eq(outline_expand(&lo, 1), STORE_OK);
	cr_expect_eq(lo.count, 3 + CHILDREN + SERVERS, "c2500 is no longer remembered open");
}

Test(lazy, expand_all_stops_at_its_cap)
{
	cr_assert_eq(outline_expand_all(&lo, 0, 100), STORE_OK);
	/* sys's 2 children, then p's 5,003 pass the cap: nothing more opens */
	cr_expect_eq(lo.count, 3 + CHILDREN + SERVERS);
	cr_expect_not(outline_row(&lo, 2 + 2500)->expanded);
	cr_expect_not(outline_row(&lo, lo.count - 1)->expanded);
	cr_expect_str_eq(lo_id(lo.count - 1), "q");
	/* a cap that allows everything */
	outline_collapse(&lo, 0);
	cr_assert_eq(outline_expand_all(&lo, 0, 100000), STORE_OK);
	cr_expect_eq(lo.count, 3 + CHILDREN + SERVERS + 1 + SERVERS);
	cr_expect(outline_row(&lo, 2 + 2500)->expanded);
	cr_expect_str_eq(lo_id(2 + 2501), "g1");
	cr_expect(outline_row(&lo, lo.count - 1 - SERVERS)->expanded);
	cr_expect_str_eq(lo_id(lo.count - 1), "s3");
	cr_expect_not(outline_row(&lo, lo.count - 1)->secondary);
	/* everything under an open row, again: the selection keeps its entity */
	cr_assert_eq(outline_select(&lo, 2 + 4444), STORE_OK);
	cr_assert_eq(outline_expand_all(&lo, 1, 100000), STORE_OK);
	cr_expect_eq(outline_selected_eid(&lo), eid_of(lz, "c4443"));
}

/* Opening reads the rows it opens and what it is asked to show, not the
 * thousands below: a screen's worth at the top of the big place. */
Test(lazy, opening_reads_only_what_it_opens)
{
	outline_set_opening(&lo, true);
	cr_assert_eq(outline_open_rows(&lo, 0, 40), STORE_OK);
	cr_expect_eq(lo.count, 3 + CHILDREN + SERVERS);
	cr_expect(outline_row(&lo, 0)->expanded);
	cr_expect(outline_row(&lo, 1)->expanded);
	cr_expect_leq(rows_read(&lo), 3 + 64, "%zu rows read", rows_read(&lo));     /* sys, p, q */
	/* c2500's board, when its row is shown */
	cr_assert_eq(outline_open_rows(&lo, 2 + 2500, 1), STORE_OK);
	cr_expect_eq(lo.count, 3 + CHILDREN + SERVERS + 1);
	cr_expect_str_eq(lo_id(2 + 2501), "g1");
	cr_expect_leq(rows_read(&lo), 2 + 4 * 64, "%zu rows read", rows_read(&lo));
	outline_set_opening(&lo, false);
}

Test(lazy, drill_down_into_the_big_place)
{
	size_t first = open_big();

	(void)first;
	cr_assert_eq(outline_set_root(&lo, eid_of(lz, "p"), eid_of(lz, "c4321")), STORE_OK);
	cr_expect_eq(lo.count, CHILDREN + SERVERS);
	cr_expect_eq(lo.selected, 4321);
	cr_expect_str_eq(lo_id(lo.selected), "c4321");
	cr_expect_eq(outline_row(&lo, 4321)->depth, 0);
	cr_expect_eq(outline_parent(&lo, 4321), OUTLINE_NONE);
	cr_expect_str_eq(lo_id(CHILDREN), "s1");
	cr_assert_eq(outline_set_root(&lo, 0, eid_of(lz, "p")), STORE_OK);
	cr_expect_eq(lo.count, 3 + CHILDREN + SERVERS, "p is still open");
	cr_expect_eq(lo.selected, 1);
}

Test(lazy, under_a_filter)
{
	struct filter_error err;
	struct filter_result fr = { 0 };
	struct filter *f = filter_parse("beds>5", &err);
	size_t first;

	cr_assert(f, "%s", err.message);
	cr_assert_eq(filter_apply(lz, f, &fr), FILTER_OK);
	filter_free(f);
	cr_expect_eq(fr.matched, CHILDREN / 2 + 1);
	cr_assert_eq(outline_set_root(&lo, 0, 0), STORE_OK);
	cr_assert_eq(lo.count, 1, "sys, an ancestor of the matches");
	cr_assert_eq(outline_expand(&lo, 0), STORE_OK);
	cr_assert_str_eq(lo_id(1), "p");
	cr_assert_eq(outline_row(&lo, 1)->n_children, CHILDREN / 2 + 1);
	cr_assert_eq(outline_expand(&lo, 1), STORE_OK);
	first = 2;
	/* c0, c2, c4 ... (c2500's g1 has no beds), then s1 through its link */
	cr_expect_eq(lo.count, 3 + CHILDREN / 2 + 1);
	cr_expect_str_eq(lo_id(first + CHILDREN / 2 - 1), "c4998");
	cr_expect_str_eq(lo_id(first + 1234), "c2468");
	cr_expect(outline_row(&lo, first + 1234)->matched);
	cr_expect_eq(outline_row(&lo, first + 1250)->n_children, 0, "g1 is not visible");
	cr_expect_str_eq(lo_id(first + CHILDREN / 2), "s1");
	cr_expect(outline_row(&lo, first + CHILDREN / 2)->secondary);
	cr_expect_str_eq(lo_id(lo.count - 1), "q");
	cr_expect_not(outline_row(&lo, 1)->matched, "p is shown as an ancestor");
	cr_expect_eq(outline_find(&lo, eid_of(lz, "c3001")), OUTLINE_NONE, "hidden");
	outline_collapse_all(&lo);
	cr_assert_eq(outline_reveal(&lo, eid_of(lz, "c3778")), STORE_OK);
	cr_expect_eq(lo.selected, first + 1889);
	cr_expect_str_eq(lo_id(lo.selected), "c3778");
	cr_expect_eq(outline_reveal(&lo, eid_of(lz, "c3779")), STORE_NOT_FOUND);
	cr_assert_eq(filter_clear(lz), 0);
	cr_assert_eq(outline_set_root(&lo, 0, eid_of(lz, "c3778")), STORE_OK);
	cr_expect_eq(lo.count, 3 + CHILDREN + SERVERS);
	cr_expect_eq(lo.selected, first + 3778);
}
