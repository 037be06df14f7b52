/* icsview tree, run as a user runs it: box and ASCII drawing, depth,
 * secondary children, JSON parsed back, a closed pipe and a full disk. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include "helpers.h"

/* tree */

static const char roots_box[] =
	"[SYS] South Yorkshire and Bassetlaw ICS (n-system)\n"
	"\u251c\u2500\u2500 [PLC] Sheffield (n-sheffield)\n"
	"\u2502   \u2514\u2500\u2500 [ORG] Sheffield Teaching Hospitals NHS Foundation Trust (n-sth)\n"
	"\u251c\u2500\u2500 [PLC] Doncaster (n-doncaster)\n"
	"\u2514\u2500\u2500 [BRD] Collaborative Partnership Board (n-board)\n"
	"[SRC] A year of integrated care systems: reviewing the journey so far (nested-doc)\n"
	"[SRC] Committee visit note (other-doc)\n"
	"[SYS] A system (p-system)\n"
	"\u251c\u2500\u2500 [PLC] Doncaster (p-doncaster)\n"
	"\u2502   \u2514\u2500\u2500 [ORG] Doncaster and Bassetlaw Teaching Hospitals NHS Foundation Trust (p-trust)\n"
	"\u2514\u2500\u2500 [PLC] Bassetlaw (p-bassetlaw)\n"
	"    \u2514\u2500\u2500 \u2192 [ORG] Doncaster and Bassetlaw Teaching Hospitals NHS Foundation Trust (p-trust)\n";

static const char roots_ascii[] =
	"[SYS] South Yorkshire and Bassetlaw ICS (n-system)\n"
	"|-- [PLC] Sheffield (n-sheffield)\n"
	"|   `-- [ORG] Sheffield Teaching Hospitals NHS Foundation Trust (n-sth)\n"
	"|-- [PLC] Doncaster (n-doncaster)\n"
	"`-- [BRD] Collaborative Partnership Board (n-board)\n"
	"[SRC] A year of integrated care systems: reviewing the journey so far (nested-doc)\n"
	"[SRC] Committee visit note (other-doc)\n"
	"[SYS] A system (p-system)\n"
	"|-- [PLC] Doncaster (p-doncaster)\n"
	"|   `-- [ORG] Doncaster and Bassetlaw Teaching Hospitals NHS Foundation Trust (p-trust)\n"
	"`-- [PLC] Bassetlaw (p-bassetlaw)\n"
	"    `-- -> [ORG] Doncaster and Bassetlaw Teaching Hospitals NHS Foundation Trust (p-trust)\n";

Test(tree, box_characters_with_secondary_children_marked)
{
	struct run r = run_icsview("tree " BOTH " --depth 2");

	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect_str_eq(r.err, "");
	expect_lines(r.out, roots_box);
	run_free(&r);
}

Test(tree, ascii_with_the_option_or_outside_utf8_locales)
{
	struct run r = run_icsview("tree " BOTH " --depth 2 --ascii");

	cr_expect_eq(r.status, 0, "%s", r.err);
	expect_lines(r.out, roots_ascii);
	run_free(&r);
	r = run_icsview_env("LC_ALL=C", "tree " BOTH " --depth 2");
	cr_expect_eq(r.status, 0, "%s", r.err);
	expect_lines(r.out, roots_ascii);
	run_free(&r);
}

Test(tree, roots_show_one_level_by_default_with_child_counts)
{
	struct run r = run_icsview("tree " BOTH);

	cr_expect_eq(r.status, 0, "%s", r.err);
	expect_lines(r.out,
		"[SYS] South Yorkshire and Bassetlaw ICS (n-system)\n"
		"\u251c\u2500\u2500 [PLC] Sheffield (n-sheffield) +1\n"
		"\u251c\u2500\u2500 [PLC] Doncaster (n-doncaster)\n"
		"\u2514\u2500\u2500 [BRD] Collaborative Partnership Board (n-board)\n"
		"[SRC] A year of integrated care systems: reviewing the journey so far (nested-doc)\n"
		"[SRC] Committee visit note (other-doc)\n"
		"[SYS] A system (p-system)\n"
		"\u251c\u2500\u2500 [PLC] Doncaster (p-doncaster) +1\n"
		"\u2514\u2500\u2500 [PLC] Bassetlaw (p-bassetlaw) +1\n");
	run_free(&r);
	r = run_icsview("tree " NESTED " --depth 0");
	expect_lines(r.out,
		"[SYS] South Yorkshire and Bassetlaw ICS (n-system) +3\n"
		"[SRC] A year of integrated care systems: reviewing the journey so far (nested-doc)\n"
		"[SRC] Committee visit note (other-doc)\n");
	run_free(&r);
}

Test(tree, under_an_entity_all_levels_or_depth)
{
	struct run r = run_icsview("tree -m good/explicit-parent.yaml p-system");

	cr_expect_eq(r.status, 0, "%s", r.err);
	expect_lines(r.out, strstr(roots_box, "[SYS] A system"));
	run_free(&r);
	r = run_icsview("tree " NESTED " SYB --depth=1");
	cr_expect_eq(r.status, 0, "%s", r.err);
	expect_lines(r.out,
		"[SYS] South Yorkshire and Bassetlaw ICS (n-system)\n"
		"\u251c\u2500\u2500 [PLC] Sheffield (n-sheffield) +1\n"
		"\u251c\u2500\u2500 [PLC] Doncaster (n-doncaster)\n"
		"\u2514\u2500\u2500 [BRD] Collaborative Partnership Board (n-board)\n");
	run_free(&r);
	r = run_icsview("tree " NESTED " -d 0 RHQ");
	cr_expect_str_eq(r.out, "[ORG] Sheffield Teaching Hospitals NHS Foundation Trust (n-sth)\n");
	run_free(&r);
	r = run_icsview("tree " BOTH " Doncaster");
	cr_expect_eq(r.status, 3);
	cr_expect_str_eq(r.out, "");
	run_free(&r);
	r = run_icsview("tree " BOTH " Leeds");
	cr_expect_eq(r.status, 1);
	cr_expect_str_eq(r.err, "icsview: no entity matches 'Leeds'\n");
	run_free(&r);
}

Test(tree, json_is_parsed_back)
{
	check_json("tree --json -m good/explicit-parent.yaml p-system",
		"d['root'] == 'p-system' and d['depth'] is None and len(d['entities']) == 1\n"
		"d['entities'][0]['id'] == 'p-system' and d['entities'][0]['badge'] == 'SYS'\n"
		"[c['id'] for c in d['entities'][0]['children']] == ['p-doncaster', 'p-bassetlaw']\n"
		"d['entities'][0]['children'][0]['children'][0]['secondary'] is False\n"
		"d['entities'][0]['children'][1]['children'][0]['id'] == 'p-trust'\n"
		"d['entities'][0]['children'][1]['children'][0]['secondary'] is True\n"
		"'children' not in d['entities'][0]['children'][1]['children'][0]");
	check_json("tree --json " NESTED,
		"d['root'] is None and d['depth'] == 1\n"
		"[e['id'] for e in d['entities']] == ['n-system', 'nested-doc', 'other-doc']\n"
		"d['entities'][0]['child_count'] == 3 and d['entities'][1]['child_count'] == 0\n"
		"'children' not in d['entities'][1]\n"
		"[c['child_count'] for c in d['entities'][0]['children']] == [1, 0, 0]\n"
		"'children' not in d['entities'][0]['children'][0]");
}

/* Output that nobody reads */

static char *big_model(void)
{
	char *dir = scratch_dir();
	char *path = xasprintf("%s/big.yaml", dir);
	FILE *f = fopen(path, "w");

	cr_assert(f);
	fputs("icsview: 1\nentities:\n", f);
	for (int i = 0; i < 5000; i++)
		fprintf(f, "  - {id: e%d, kind: place, name: Place %d with a name long enough to fill pipes}\n",
		        i, i);
	fclose(f);
	free(path);
	return dir;
}

static void expect_quiet_stop(const char *dir, const char *args)
{
	char *command = xasprintf("{ '%s' %s -m '%s/big.yaml'; echo $? >'%s/status'; } 2>'%s/err'"
	                          " | head -1 >'%s/out'", getenv("ICSVIEW_BIN"), args, dir, dir, dir, dir);
	char *status_path = xasprintf("%s/status", dir), *err_path = xasprintf("%s/err", dir);
	char *out_path = xasprintf("%s/out", dir);
	char *status, *err, *out;

	cr_assert_eq(system(command), 0);
	status = slurp(status_path);
	err = slurp(err_path);
	out = slurp(out_path);
	cr_expect_str_eq(status, "0\n", "%s: exit %s", args, status);
	cr_expect_str_eq(err, "", "%s", args);
	cr_expect(strchr(out, '\n') == out + strlen(out) - 1, "%s: %s", args, out);
	free(status); free(err); free(out);
	free(command); free(status_path); free(err_path); free(out_path);
}

Test(tree, closed_pipe_exits_quietly)
{
	char *dir = big_model();

	expect_quiet_stop(dir, "tree");
	expect_quiet_stop(dir, "tree --json");
	expect_quiet_stop(dir, "tree --ascii");
	remove_tree(dir);
	free(dir);
}

Test(tree, write_error_is_reported)
{
	char *dir = scratch_dir();
	char *command = xasprintf("cd '%s' && '%s' tree " NESTED " >/dev/full 2>'%s/err'",
	                          getenv("TEST_MODELS"), getenv("ICSVIEW_BIN"), dir);
	char *err_path = xasprintf("%s/err", dir), *err;
	int status = system(command);

	cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 4, "status %d", status);
	err = slurp(err_path);
	cr_expect_str_eq(err, "icsview: write error: No space left on device\n");
	free(err); free(err_path); free(command);
	remove_tree(dir);
	free(dir);
}


/* Long lists of siblings, paged */

static char *siblings_model(void)
{
	char *dir = scratch_dir();
	char *path = xasprintf("%s/m.yaml", dir);
	FILE *f = fopen(path, "w");

	cr_assert(f);
	fputs("icsview: 1\nentities:\n  - {id: sys, kind: system, name: System}\n"
	      "  - {id: other, kind: system, name: Elsewhere}\n", f);
	for (int i = 0; i < 600; i++)
		fprintf(f, "  - {id: p%d, kind: place, name: Place %d, parent: sys}\n", i, i);
	for (int i = 0; i < 3; i++)
		fprintf(f, "  - {id: t%d, kind: organisation, name: Trust %d, parent: other,"
		        " links: [{rel: serves, to: sys}]}\n", i, i);
	fclose(f);
	free(path);
	return dir;
}

static struct store *open_model(const char *dir)
{
	char *path = xasprintf("%s/m.yaml", dir);
	const char *paths[] = { path };
	struct store *st = load_paths(dir, paths, 1);

	free(path);
	return st;
}

Test(tree, pages_of_children_are_the_children_in_order)
{
	char *dir = siblings_model();
	struct child_list all = { 0 }, paged = { 0 };
	struct child after = { 0 };
	struct store *st = open_model(dir);

	for (int64_t parent = 0; parent <= 2; parent++) {
		cr_assert_eq(store_children(st, parent, 0, 100000, &all), STORE_OK);
		memset(&after, 0, sizeof(after));
		for (;;) {
			size_t before = paged.count;

			cr_assert_eq(store_children_after(st, parent, &after, 7, &paged), STORE_OK);
			if (paged.count == before)
				break;
			after = paged.items[paged.count - 1];
		}
		cr_assert_eq(paged.count, all.count, "parent %lld", (long long)parent);
		for (size_t i = 0; i < all.count; i++) {
			cr_expect_eq(paged.items[i].eid, all.items[i].eid, "parent %lld, child %zu",
			             (long long)parent, i);
			cr_expect_eq(paged.items[i].secondary, all.items[i].secondary);
			cr_expect_eq(paged.items[i].n_children, all.items[i].n_children);
		}
		child_list_clear(&all);
		child_list_clear(&paged);
	}
	store_close(st);
	remove_tree(dir);
	free(dir);
}

Test(tree, long_lists_of_siblings_are_drawn_whole)
{
	char *dir = siblings_model();
	char *args = xasprintf("tree -m '%s/m.yaml' sys", dir);
	struct run r = run_icsview(args);
	const char *line = r.out;
	size_t rows = 0;

	cr_expect_eq(r.status, 0, "%s", r.err);
	for (; *line; line = strchr(line, '\n') + 1, rows++) {
		const char *connector = rows == 603 ? "\u2514\u2500\u2500 " : "\u251c\u2500\u2500 ";

		if (rows == 0 || !strchr(line, '\n'))
			continue;
		cr_expect(strncmp(line, connector, strlen(connector)) == 0, "row %zu: %.60s", rows, line);
	}
	cr_expect_eq(rows, 604);
	cr_expect(strstr(r.out, "\u251c\u2500\u2500 [PLC] Place 599 (p599)\n"
	                        "\u251c\u2500\u2500 \u2192 [ORG] Trust 0 (t0)\n"
	                        "\u251c\u2500\u2500 \u2192 [ORG] Trust 1 (t1)\n"
	                        "\u2514\u2500\u2500 \u2192 [ORG] Trust 2 (t2)\n"), "%s", r.out + strlen(r.out) - 200);
	run_free(&r);
	free(args);
	remove_tree(dir);
	free(dir);
}

Test(cli_tree, filter_keeps_matches_and_their_ancestors)
{
	struct run r = run_icsview("tree " BOTH " --ascii --filter kind:organisation");

	cr_expect_eq(r.status, 0, "%s", r.err);
	expect_lines(r.out,
	             "[SYS] South Yorkshire and Bassetlaw ICS (n-system)\n"
	             "`-- [PLC] Sheffield (n-sheffield)\n"
	             "    `-- [ORG] Sheffield Teaching Hospitals NHS Foundation Trust (n-sth)\n"
	             "[SYS] A system (p-system)\n"
	             "|-- [PLC] Doncaster (p-doncaster)\n"
	             "|   `-- [ORG] Doncaster and Bassetlaw Teaching Hospitals NHS Foundation Trust (p-trust)\n"
	             "`-- [PLC] Bassetlaw (p-bassetlaw)\n"
	             "    `-- -> [ORG] Doncaster and Bassetlaw Teaching Hospitals NHS Foundation Trust (p-trust)\n");
	run_free(&r);
	r = run_icsview("tree " BOTH " --filter 'kind:'");
	cr_expect_eq(r.status, 2);
	cr_expect_str_eq(r.err, "icsview: tree: filter: expected a value after 'kind:' (at column 6)\n");
	run_free(&r);
}

/* A match is shown under every place it is linked to, and those places
 * with their ancestors, though nothing else under them matches. */
Test(cli_tree, filter_shows_matches_under_the_places_they_are_linked_to)
{
	struct run r = run_icsview("tree " BOTH " --ascii --filter id:p-trust");

	cr_expect_eq(r.status, 0, "%s", r.err);
	expect_lines(r.out,
	             "[SYS] A system (p-system)\n"
	             "|-- [PLC] Doncaster (p-doncaster)\n"
	             "|   `-- [ORG] Doncaster and Bassetlaw Teaching Hospitals NHS Foundation Trust (p-trust)\n"
	             "`-- [PLC] Bassetlaw (p-bassetlaw)\n"
	             "    `-- -> [ORG] Doncaster and Bassetlaw Teaching Hospitals NHS Foundation Trust (p-trust)\n");
	run_free(&r);
}
