/* The tree's logic without a terminal: visible rows, expansion that is
 * remembered by entity, drill-down roots, revealing an entity, history. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"
#include "icsview/history.h"
#include "icsview/outline.h"

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

	for (size_t i = 0; i < o.count; i++)
		sb_printf(&sb, "%s%s%s/%u%s", i ? " " : "", o.rows[i].secondary ? "~" : "",
		          o.rows[i].id, o.rows[i].depth, o.rows[i].expanded ? "+" : "");
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
	cr_expect_eq(o.rows[0].n_children, 3);
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
	cr_expect_str_eq(o.rows[o.selected].id, "p-system");
}

Test(outline, secondary_children_are_marked_and_not_expanded)
{
	size_t system = outline_find(&o, eid_of(st, "p-system"));

	cr_assert_eq(outline_expand_all(&o, system, 1000), STORE_OK);
	expect_rows("n-system/0 nested-doc/0 other-doc/0 p-system/0+ p-doncaster/1+ p-trust/2 "
	            "p-bassetlaw/1+ ~p-trust/2");
	cr_expect_eq(outline_find(&o, eid_of(st, "p-trust")), 5, "find gives the own place");
	cr_assert_eq(outline_expand(&o, 7), STORE_OK);
	cr_expect_not(o.rows[7].expanded);
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

Test(outline, reveal_opens_the_ancestors_and_selects)
{
	cr_assert_eq(outline_reveal(&o, eid_of(st, "n-sth")), STORE_OK);
	cr_expect_str_eq(o.rows[o.selected].id, "n-sth");
	cr_expect_eq(outline_parent(&o, o.selected), outline_find(&o, eid_of(st, "n-sheffield")));
	cr_expect_eq(outline_parent(&o, 0), OUTLINE_NONE);
}

Test(outline, drill_down_makes_a_new_root_and_remembers_expansion)
{
	int64_t system = eid_of(st, "n-system");

	cr_assert_eq(outline_reveal(&o, eid_of(st, "n-sth")), STORE_OK);
	cr_assert_eq(outline_set_root(&o, system, eid_of(st, "n-sth")), STORE_OK);
	expect_rows("n-sheffield/0+ n-sth/1 n-doncaster/0 n-board/0");
	cr_expect_str_eq(o.rows[o.selected].id, "n-sth");
	/* outside the root: not found, nothing changes */
	cr_expect_eq(outline_reveal(&o, eid_of(st, "p-trust")), STORE_NOT_FOUND);
	cr_assert_eq(outline_set_root(&o, 0, system), STORE_OK);
	expect_rows("n-system/0+ n-sheffield/1+ n-sth/2 n-doncaster/1 n-board/1 nested-doc/0 "
	            "other-doc/0 p-system/0");
	cr_expect_str_eq(o.rows[o.selected].id, "n-system");
}

Test(outline, select_is_clamped)
{
	outline_select(&o, 999);
	cr_expect_eq(o.selected, o.count - 1);
	cr_expect_eq(outline_selected_eid(&o), eid_of(st, "p-system"));
}

Test(history, back_and_forward_like_a_browser)
{
	struct history h;
	struct location a = { 0, 1 }, b = { 0, 2 }, b_moved = { 0, 3 }, c = { 5, 6 }, out;

	history_init(&h, 100);
	cr_expect_not(history_back(&h, a, &out));
	history_navigate(&h, a, b);
	history_navigate(&h, b_moved, c);
	cr_assert(history_back(&h, c, &out));
	cr_expect_eq(out.selected, 3, "back returns to where the cursor was, not the arrival");
	cr_assert(history_back(&h, out, &out));
	cr_expect_eq(out.selected, 1);
	cr_expect_not(history_back(&h, out, &out));
	cr_assert(history_forward(&h, a, &out));
	cr_expect_eq(out.selected, 3);
	cr_assert(history_forward(&h, out, &out));
	cr_expect_eq(out.root, 5);
	cr_expect_not(history_forward(&h, out, &out));
	/* a new jump from the middle forgets what lay forward */
	history_back(&h, c, &out);
	history_navigate(&h, out, a);
	cr_expect_not(history_forward(&h, a, &out));
	history_free(&h);
}

Test(history, keeps_at_most_its_limit)
{
	struct history h;
	struct location out;

	history_init(&h, 3);
	for (int64_t i = 1; i <= 10; i++)
		history_navigate(&h, (struct location){ 0, i }, (struct location){ 0, i + 1 });
	cr_expect_eq(h.count, 3);
	cr_assert(history_back(&h, (struct location){ 0, 11 }, &out));
	cr_assert(history_back(&h, out, &out));
	cr_expect_not(history_back(&h, out, &out));
	history_free(&h);
}

/* A place with more children than one page of them (outline.c reads 4,096
 * at a time) shows every one, when expanded and when a tree is rebuilt
 * with it remembered open. */
Test(big, every_child_of_a_big_place_is_shown)
{
	enum { CHILDREN = 5000 };
	char *tmp = scratch_dir(), *db = xasprintf("%s/model.db", tmp), *error = NULL, *path;
	struct strbuf sb = STRBUF_INIT;
	struct load_limits limits;
	struct diag_list diags;
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
	load_limits_default(&limits);
	diag_init(&diags, 10);
	cr_assert_eq(model_load(paths, 1, db, &limits, &diags, NULL), LOAD_VALID);
	s = store_open(db, &error);
	cr_assert(s, "%s", error ? error : "");
	cr_assert_eq(outline_open(&big, s, 0), STORE_OK);
	cr_assert_eq(big.count, 2);
	cr_assert_eq(outline_expand(&big, 0), STORE_OK);
	cr_expect_eq(big.count, 2 + CHILDREN);
	cr_expect_str_eq(big.rows[big.count - 2].id, "c4999");
	cr_expect_str_eq(big.rows[big.count - 1].id, "q");
	cr_assert_eq(outline_set_root(&big, 0, 0), STORE_OK);
	cr_expect_eq(big.count, 2 + CHILDREN, "rebuilt with the place open");
	cr_expect_str_eq(big.rows[big.count - 1].id, "q");
	outline_close(&big);
	store_close(s);
	diag_free(&diags);
	sb_free(&sb);
	remove_tree(tmp);
	free(path);
	free(db);
	free(tmp);
}
