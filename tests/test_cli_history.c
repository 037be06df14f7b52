/* icsview history, and show's History section, run as a user runs them:
 * text and JSON pinned in tests/golden/history/ for a merge, a split, a
 * chain followed transitively, a cycle and a body with no succession;
 * the JSON parsed back by python3; every exit status. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include "helpers.h"

#define SUCCESSION "-m history/succession.yaml"

static void expect_golden_run(const char *args, const char *golden)
{
	struct run r = run_icsview(args);

	cr_expect_eq(r.status, 0, "%s: %s", args, r.err);
	cr_expect_str_eq(r.err, "");
	expect_golden(golden, r.out);
	run_free(&r);
}

Test(history, text_of_merges_splits_chains_and_cycles)
{
	expect_golden_run("history " SUCCESSION " h-icb-m", "history/merge.txt");
	expect_golden_run("history " SUCCESSION " h-icb-y", "history/split.txt");
	expect_golden_run("history " SUCCESSION " h-pct", "history/chain.txt");
	expect_golden_run("history " SUCCESSION " h-place-b", "history/no-dates.txt");
	expect_golden_run("history " SUCCESSION " 'cycle one'", "history/cycle.txt");
	expect_golden_run("history " SUCCESSION " h-alone", "history/none.txt");
}

Test(history, json_nests_each_direction)
{
	expect_golden_run("history --json " SUCCESSION " h-pct", "history/chain.json");
	check_json("history --json " SUCCESSION " h-c1",
		"d['id'] == 'h-c1' and d['parent'] == 'h-loop' and d['cut'] is False\n"
		"[s['id'] for s in d['predecessors']] == ['h-c2']\n"
		"d['predecessors'][0]['predecessors'][0]['id'] == 'h-c1'\n"
		"d['predecessors'][0]['predecessors'][0]['repeated'] is True\n"
		"d['predecessors'][0]['predecessors'][0]['predecessors'] == []\n"
		"[s['id'] for s in d['successors']] == ['h-c2']");
	check_json("history --json " SUCCESSION " h-icb-m",
		"d['dates'] == {'established': '2026-04-01'} and d['successors'] == []\n"
		"[(s['id'], s['date'], s['extent']) for s in d['predecessors']] =="
		" [('h-icb-x', '2026-04-01', 'whole'), ('h-icb-y', '2026-04-01', 'part')]\n"
		"d['predecessors'][0]['dates'] == {'established': '2022-07-01', 'legally_closed': '2026-03-31'}\n"
		"d['predecessors'][0]['parent_name'] == 'Bodies from 2022'");
}

Test(history, show_lists_the_succession)
{
	expect_golden_run("show " SUCCESSION " h-place-a", "history/show-place-a.txt");
	expect_golden_run("show " SUCCESSION " h-c1", "history/show-cycle.txt");
}

Test(history, a_body_without_successor_links_shows_no_history_section)
{
	struct run r = run_icsview("show " SUCCESSION " h-alone");

	cr_expect_eq(r.status, 0);
	cr_expect_null(strstr(r.out, "History"));
	run_free(&r);
}

Test(history, exit_statuses)
{
	struct run r = run_icsview("history " SUCCESSION " no-such-body");

	cr_expect_eq(r.status, 1);
	cr_expect_str_eq(r.out, "");
	run_free(&r);
	r = run_icsview("history " SUCCESSION " ICB");
	cr_expect_eq(r.status, 3, "several names hold ICB: %s", r.err);
	run_free(&r);
	r = run_icsview("history " SUCCESSION);
	cr_expect_eq(r.status, 2);
	cr_expect(strstr(r.err, "which entity?") != NULL, "%s", r.err);
	run_free(&r);
	r = run_icsview("history " SUCCESSION " h-c1 h-c2");
	cr_expect_eq(r.status, 2);
	cr_expect(strstr(r.err, "one entity at a time") != NULL, "%s", r.err);
	run_free(&r);
	r = run_icsview("history --no-such-option h-c1");
	cr_expect_eq(r.status, 2);
	run_free(&r);
	r = run_icsview("history --help");
	cr_expect_eq(r.status, 0);
	cr_expect(strncmp(r.out, "usage: icsview history", 22) == 0, "%s", r.out);
	run_free(&r);
}
