/* A body's succession along successor_of links: direct and transitive
 * predecessors and successors, merges and splits in link order, the
 * dates of links and bodies (and their absence), cycles and diamonds that
 * end, and the bounds on a long or wide chain. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"
#include "icsview/base/util.h"
#include "icsview/query/history_chain.h"

static struct store *st;
static char *dir;

static void load(void)
{
	const char *models[] = { "history/succession.yaml" };

	dir = scratch_dir();
	st = load_valid(dir, models, 1);
}

static void unload(void)
{
	unload_model(st, dir);
}

static struct history_chain chain_of(const char *id)
{
	struct history_chain c;

	cr_assert_eq(history_chain_read(st, eid_of(st, id), &c), STORE_OK, "%s", store_errmsg(st));
	return c;
}

static void expect_step(const struct history_chain *c, size_t i, enum history_direction direction,
                        unsigned depth, const char *id, bool repeated)
{
	cr_assert_lt(i, c->count, "entry %zu of %zu", i, c->count);
	cr_expect_eq(c->items[i].direction, direction, "entry %zu", i);
	cr_expect_eq(c->items[i].depth, depth, "entry %zu", i);
	cr_expect_str_eq(c->items[i].id, id, "entry %zu", i);
	cr_expect_eq(c->items[i].repeated, repeated, "entry %zu", i);
}

TestSuite(history_chain, .init = load, .fini = unload);

Test(history_chain, a_merge_lists_each_predecessor_in_link_order)
{
	struct history_chain c = chain_of("h-icb-m");

	cr_assert_eq(c.count, 2);
	expect_step(&c, 0, HISTORY_BEFORE, 1, "h-icb-x", false);
	expect_step(&c, 1, HISTORY_BEFORE, 1, "h-icb-y", false);
	cr_expect_str_eq(c.items[0].date, "2026-04-01");
	cr_expect_str_eq(c.items[0].extent, "whole");
	cr_expect_str_eq(c.items[1].extent, "part");
	cr_expect_str_eq(c.items[0].parent_name, "Bodies from 2022");
	cr_expect_str_eq(c.items[0].parent_id, "h-new");
	cr_expect_str_eq(c.items[0].dates.began_key, "established");
	cr_expect_str_eq(c.items[0].dates.ended_key, "legally_closed");
	cr_expect_str_eq(c.items[0].dates.ended, "2026-03-31");
	cr_expect_str_eq(c.dates.began, "2026-04-01");
	cr_expect_null(c.dates.ended);
	cr_expect_not(c.cut);
	cr_expect_eq(history_chain_count(&c, HISTORY_AFTER), 0);
	history_chain_clear(&c);
}

Test(history_chain, a_split_lists_each_successor)
{
	struct history_chain c = chain_of("h-icb-y");

	cr_assert_eq(c.count, 2);
	expect_step(&c, 0, HISTORY_AFTER, 1, "h-icb-m", false);
	expect_step(&c, 1, HISTORY_AFTER, 1, "h-icb-n", false);
	cr_expect_str_eq(c.items[1].dates.began_key, "since");
	cr_expect_eq(history_chain_count(&c, HISTORY_BEFORE), 0);
	history_chain_clear(&c);
}

Test(history_chain, predecessors_are_followed_transitively)
{
	struct history_chain c = chain_of("h-place-a");

	cr_assert_eq(c.count, 2);
	expect_step(&c, 0, HISTORY_BEFORE, 1, "h-ccg-a", false);
	expect_step(&c, 1, HISTORY_BEFORE, 2, "h-pct", false);
	cr_expect_str_eq(c.items[1].date, "2013-04-01");
	cr_expect_str_eq(c.items[1].dates.began, "2002-04-01");
	cr_expect_str_eq(c.items[1].dates.ended, "2013-03-31");
	history_chain_clear(&c);
	c = chain_of("h-pct");
	cr_assert_eq(c.count, 2);
	expect_step(&c, 0, HISTORY_AFTER, 1, "h-ccg-a", false);
	expect_step(&c, 1, HISTORY_AFTER, 2, "h-place-a", false);
	cr_expect_str_eq(c.items[1].parent_name, "NHS Xenia ICB");
	history_chain_clear(&c);
}

Test(history_chain, missing_dates_are_null)
{
	struct history_chain c = chain_of("h-place-b");

	cr_assert_eq(c.count, 1);
	expect_step(&c, 0, HISTORY_BEFORE, 1, "h-ccg-b", false);
	cr_expect_null(c.items[0].date);
	cr_expect_null(c.items[0].extent);
	cr_expect_null(c.items[0].dates.began);
	cr_expect_null(c.items[0].dates.began_key);
	cr_expect_str_eq(c.items[0].dates.ended, "2022-06-30");
	cr_expect_null(c.dates.began);
	cr_expect_null(c.dates.ended);
	history_chain_clear(&c);
}

Test(history_chain, a_cycle_ends_at_the_body_met_again)
{
	struct history_chain c = chain_of("h-c1");

	cr_assert_eq(c.count, 4);
	expect_step(&c, 0, HISTORY_BEFORE, 1, "h-c2", false);
	expect_step(&c, 1, HISTORY_BEFORE, 2, "h-c1", true);
	expect_step(&c, 2, HISTORY_AFTER, 1, "h-c2", false);
	expect_step(&c, 3, HISTORY_AFTER, 2, "h-c1", true);
	cr_expect_not(c.cut);
	history_chain_clear(&c);
}

Test(history_chain, a_body_without_links_has_an_empty_chain)
{
	struct history_chain c = chain_of("h-alone");

	cr_expect_eq(c.count, 0);
	cr_expect_not(c.cut);
	history_chain_clear(&c);
	history_chain_clear(NULL);
}

/* Generated models: a long chain, a wide split and a diamond. */

static struct store *gen_st;
static char *gen_dir;

static void load_generated(const char *text)
{
	char *path;
	const char *paths[1];

	gen_dir = scratch_dir();
	path = write_file(gen_dir, "gen.yaml", text);
	paths[0] = path;
	gen_st = load_paths(gen_dir, paths, 1);
	free(path);
}

static void unload_generated(void)
{
	unload_model(gen_st, gen_dir);
}

static char *chain_model(size_t length, size_t width)
{
	struct strbuf sb = STRBUF_INIT;

	sb_puts(&sb, "icsview: 1\nentities:\n  - {id: b0, kind: system, name: B0}\n");
	for (size_t i = 1; i < length; i++)
		sb_printf(&sb, "  - {id: b%zu, kind: system, name: B%zu,"
		          " links: [{rel: successor_of, to: b%zu}]}\n", i, i, i - 1);
	for (size_t i = 0; i < width; i++)
		sb_printf(&sb, "  - {id: w%zu, kind: system, name: W%zu,"
		          " links: [{rel: successor_of, to: b0}]}\n", i, i);
	return sb_detach(&sb);
}

Test(history_chain_bounds, a_long_chain_is_cut_at_the_depth_bound)
{
	char *text = chain_model(HISTORY_MAX_DEPTH + 20, 0);
	struct history_chain c;
	char last[32];

	load_generated(text);
	snprintf(last, sizeof(last), "b%d", HISTORY_MAX_DEPTH + 19);
	cr_assert_eq(history_chain_read(gen_st, eid_of(gen_st, last), &c), STORE_OK);
	cr_expect_eq(c.count, HISTORY_MAX_DEPTH);
	cr_expect_eq(c.items[c.count - 1].depth, HISTORY_MAX_DEPTH);
	cr_expect(c.cut, "a link left unfollowed cuts the chain");
	history_chain_clear(&c);
	/* exactly as long as the bound: nothing is left, nothing is cut */
	snprintf(last, sizeof(last), "b%d", HISTORY_MAX_DEPTH);
	cr_assert_eq(history_chain_read(gen_st, eid_of(gen_st, last), &c), STORE_OK);
	cr_expect_eq(history_chain_count(&c, HISTORY_BEFORE), HISTORY_MAX_DEPTH);
	cr_expect_eq(history_chain_count(&c, HISTORY_AFTER), 19);
	cr_expect_not(c.cut);
	history_chain_clear(&c);
	unload_generated();
	free(text);
}

Test(history_chain_bounds, a_wide_split_is_cut_at_the_count_bound)
{
	char *text = chain_model(1, HISTORY_MAX_STEPS + 50);
	struct history_chain c;

	load_generated(text);
	cr_assert_eq(history_chain_read(gen_st, eid_of(gen_st, "b0"), &c), STORE_OK);
	cr_expect_eq(c.count, HISTORY_MAX_STEPS);
	cr_expect_eq(history_chain_count(&c, HISTORY_AFTER), HISTORY_MAX_STEPS);
	cr_expect(c.cut);
	expect_step(&c, 0, HISTORY_AFTER, 1, "w0", false);
	history_chain_clear(&c);
	unload_generated();
	free(text);
}

Test(history_chain_bounds, a_diamond_lists_the_shared_predecessor_once_in_full)
{
	load_generated(
		"icsview: 1\nentities:\n"
		"  - {id: d, kind: system, name: D}\n"
		"  - {id: b, kind: system, name: B, links: [{rel: successor_of, to: d}]}\n"
		"  - {id: c, kind: system, name: C, links: [{rel: successor_of, to: d}]}\n"
		"  - {id: a, kind: system, name: A,"
		" links: [{rel: successor_of, to: b}, {rel: successor_of, to: c}]}\n");
	struct history_chain c;

	cr_assert_eq(history_chain_read(gen_st, eid_of(gen_st, "a"), &c), STORE_OK);
	cr_assert_eq(c.count, 4);
	expect_step(&c, 0, HISTORY_BEFORE, 1, "b", false);
	expect_step(&c, 1, HISTORY_BEFORE, 2, "d", false);
	expect_step(&c, 2, HISTORY_BEFORE, 1, "c", false);
	expect_step(&c, 3, HISTORY_BEFORE, 2, "d", true);
	history_chain_clear(&c);
	cr_assert_eq(history_chain_read(gen_st, eid_of(gen_st, "d"), &c), STORE_OK);
	cr_assert_eq(c.count, 4);
	expect_step(&c, 0, HISTORY_AFTER, 1, "b", false);
	expect_step(&c, 1, HISTORY_AFTER, 2, "a", false);
	expect_step(&c, 2, HISTORY_AFTER, 1, "c", false);
	expect_step(&c, 3, HISTORY_AFTER, 2, "a", true);
	history_chain_clear(&c);
	unload_generated();
}
