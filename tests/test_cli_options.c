/* The command line's conventions: commands and their help, unknown
 * commands, and the global options that mean the same before or after a
 * command. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"

/* Runs args and expects its exit status and stderr exactly. */
static void expect_error(const char *args, int status, const char *err)
{
	struct run r = run_icsview(args);

	cr_expect_eq(r.status, status, "%s: exit %d", args, r.status);
	cr_expect_str_eq(r.out, "", "%s", args);
	cr_expect_str_eq(r.err, err, "%s", args);
	run_free(&r);
}

Test(cli_options, a_misspelt_command_is_named_with_the_nearest)
{
	expect_error("shwo RHQ", 2, "icsview: 'shwo' is not an icsview command; did you mean 'show'?\n");
	expect_error("trees", 2, "icsview: 'trees' is not an icsview command; did you mean 'tree'?\n");
	expect_error("frobnicate", 2, "icsview: 'frobnicate' is not an icsview command (see 'icsview help')\n");
}

/* A word that exists, or looks like a path, is the interface's model. */
Test(cli_options, a_path_is_not_taken_for_a_command)
{
	struct run r = run_icsview("good");

	cr_expect_eq(r.status, 2);
	cr_expect(strstr(r.err, "the interface needs a terminal") != NULL, "%s", r.err);
	run_free(&r);
	r = run_icsview("no-such-dir/model.yaml");
	cr_expect_neq(r.status, 0);
	cr_expect(strstr(r.err, "is not an icsview command") == NULL, "%s", r.err);
	run_free(&r);
}

Test(cli_options, help_lists_the_commands_and_shows_each_ones_help)
{
	static const char *const names[] = { "check", "show", "tree", "find", "export", "review" };
	struct run r = run_icsview("help");

	cr_expect_eq(r.status, 0);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		cr_expect(strstr(r.out, names[i]) != NULL, "%s", names[i]);
	cr_expect(strstr(r.out, "help [COMMAND]") != NULL, "%s", r.out);
	run_free(&r);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char *help = xasprintf("help %s", names[i]);
		char *dash = xasprintf("%s --help", names[i]);
		char *usage = xasprintf("usage: icsview %s", names[i]);
		struct run a = run_icsview(help), b = run_icsview(dash);

		cr_expect_eq(a.status, 0, "%s", help);
		cr_expect_eq(b.status, 0, "%s", dash);
		cr_expect(strncmp(a.out, usage, strlen(usage)) == 0, "%s: %s", help, a.out);
		cr_expect_str_eq(a.out, b.out, "%s and %s differ", help, dash);
		run_free(&a);
		run_free(&b);
		free(help);
		free(dash);
		free(usage);
	}
	expect_error("help shwo", 2,
	             "icsview: help: 'shwo' is not an icsview command; did you mean 'show'?\n");
	expect_error("help show tree", 2,
	             "icsview: help: one command at a time (try 'icsview help --help')\n");
}

Test(cli_options, option_errors_name_the_command_and_point_at_its_help)
{
	expect_error("--bogus", 2, "icsview: unknown option '--bogus' (try 'icsview --help')\n");
	expect_error("check --bogus", 2,
	             "icsview: check: unknown option '--bogus' (try 'icsview check --help')\n");
	expect_error("check -x", 2, "icsview: check: unknown option '-x' (try 'icsview check --help')\n");
	expect_error("check --max-depth=lots", 2,
	             "icsview: check: invalid value 'lots' for --max-depth (try 'icsview check --help')\n");
	expect_error("show -m", 2,
	             "icsview: show: missing value for option '-m' (try 'icsview show --help')\n");
	expect_error("tree --color=sometimes", 2,
	             "icsview: tree: --color takes auto, always or never, not 'sometimes'"
	             " (try 'icsview tree --help')\n");
	expect_error("--color=sometimes find x", 2,
	             "icsview: find: --color takes auto, always or never, not 'sometimes'"
	             " (try 'icsview find --help')\n");
}

/* -m, --notes, --color and --ascii: the same before or after the command. */
Test(cli_options, global_options_before_and_after_the_command_agree)
{
	static const struct {
		const char *before, *after;
	} pairs[] = {
		{ "-m good/nested.yaml show RHQ", "show RHQ -m good/nested.yaml" },
		{ "--color=never -m good/nested.yaml show RHQ", "show --color=never RHQ -m good/nested.yaml" },
		{ "--ascii -m good/nested.yaml tree", "tree -m good/nested.yaml --ascii" },
		{ "--colour always --model good/nested.yaml find rhq", "find rhq --model=good/nested.yaml --color=always" },
		{ "-m good/nested.yaml check", "check -m good/nested.yaml" },
		{ "-m good/nested.yaml --ascii export --format md", "export --ascii --format md -m good/nested.yaml" },
	};

	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		struct run a = run_icsview(pairs[i].before), b = run_icsview(pairs[i].after);

		cr_expect_eq(a.status, 0, "%s: %s", pairs[i].before, a.err);
		cr_expect_eq(b.status, 0, "%s: %s", pairs[i].after, b.err);
		cr_expect(*a.out != '\0', "%s", pairs[i].before);
		cr_expect_str_eq(a.out, b.out, "%s / %s", pairs[i].before, pairs[i].after);
		run_free(&a);
		run_free(&b);
	}
}

Test(cli_options, check_takes_its_model_from_m_and_operands)
{
	struct run r = run_icsview("check -m good/nested.yaml good/multi");

	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect_str_eq(r.out, "14 entities, 7 links, 3 sources in 3 files\n");
	run_free(&r);
}

/* -f is a filter wherever it is an option; review's format is -F, as in
 * export. */
Test(cli_options, one_letter_one_meaning)
{
	struct run r = run_icsview("-m good/nested.yaml review list -F json --notes /nonexistent/notes.db");

	cr_expect_neq(r.status, 2, "%s", r.err);
	run_free(&r);
	expect_error("review list -f json", 2,
	             "icsview: review: unknown option '-f' (try 'icsview review --help')\n");
	r = run_icsview("tree -m good/nested.yaml -f kind:board");
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "n-board") != NULL, "%s", r.out);
	run_free(&r);
}

/* show finds as the interface's i does (resolve_text): an id in any case,
 * and a name shared by a current and a historical body is ambiguous. */
Test(cli_options, show_lists_every_body_of_an_ambiguous_name)
{
	struct run r = run_icsview_env("", "show -m \"$ICSVIEW_DATA\" 'West Yorkshire'");

	cr_expect_eq(r.status, 3, "%s", r.err);
	cr_expect_str_eq(r.out, "");
	cr_expect_str_eq(r.err, "icsview: 'West Yorkshire' is ambiguous: 2 entities match\n"
	                        "QWO\tsystem\tNHS West Yorkshire Integrated Care Board\n"
	                        "west-yorkshire\tsystem\tWest Yorkshire\n");
	run_free(&r);
	r = run_icsview("show -m \"$ICSVIEW_DATA\" qf7");
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "\n  id        QF7\n") != NULL, "%s", r.out);
	run_free(&r);
	r = run_icsview("tree -m \"$ICSVIEW_DATA\" 'West Yorkshire'");
	cr_expect_eq(r.status, 3, "%s", r.err);
	run_free(&r);
}

/* --progress: a build's progress on stderr even when it is not a
 * terminal, one line an update and a last one when the build ends; none
 * without it (stderr here is a file), and none for a database already
 * built. */
Test(cli_options, progress_is_printed_when_asked_and_only_then)
{
	char *dir = scratch_dir();
	char *env = xasprintf("ICSVIEW_CACHE_DIR='%s/cache'", dir);
	struct run quiet, asked, before, again;

	quiet = run_icsview_env(env, "tree -m good/nested.yaml");
	cr_expect_eq(quiet.status, 0);
	cr_expect_str_eq(quiet.err, "", "without --progress: %s", quiet.err);
	remove_tree(dir);
	asked = run_icsview_env(env, "tree -m good/nested.yaml --progress");
	cr_expect_eq(asked.status, 0);
	cr_expect_str_eq(asked.out, quiet.out, "stdout is the same");
	cr_expect(strncmp(asked.err, "icsview: ", 9) == 0, "%s", asked.err);
	cr_expect(strstr(asked.err, "icsview: done: 7 entities, 1 link, ") != NULL, "%s", asked.err);
	cr_expect(strchr(asked.err, '\r') == NULL && strchr(asked.err, '\033') == NULL,
	          "no terminal controls off a terminal: %s", asked.err);
	cr_expect_eq(asked.err[strlen(asked.err) - 1], '\n');
	remove_tree(dir);
	/* as a global option before the command, too */
	before = run_icsview_env(env, "--progress tree -m good/nested.yaml");
	cr_expect_eq(before.status, 0);
	cr_expect(strstr(before.err, "icsview: done: ") != NULL, "%s", before.err);
	/* the cache is built now: nothing to report */
	again = run_icsview_env(env, "--progress tree -m good/nested.yaml");
	cr_expect_eq(again.status, 0);
	cr_expect_str_eq(again.err, "", "a cache hit: %s", again.err);
	run_free(&quiet);
	run_free(&asked);
	run_free(&before);
	run_free(&again);
	remove_tree(dir);
	free(env);
	free(dir);
}

/* A database whose search index is gone: the command builds the index
 * again, and --progress says when it is done, counting the model (a
 * build this short has no update line before the last). */
Test(cli_options, progress_tells_a_search_index_built_again)
{
	char *dir = scratch_dir();
	char *env = xasprintf("ICSVIEW_CACHE_DIR='%s/cache'", dir);
	char *remove = xasprintf("rm -f '%s'/cache/*-search", dir);
	struct run first, asked;

	first = run_icsview_env(env, "find -m good/nested.yaml sheffield");
	cr_expect_eq(first.status, 0);
	cr_assert_neq(system(remove), -1);
	asked = run_icsview_env(env, "--progress find -m good/nested.yaml sheffield");
	cr_expect_eq(asked.status, 0, "%s", asked.err);
	cr_expect_str_eq(asked.out, first.out, "found as before");
	cr_expect(strstr(asked.err, "icsview: done: 7 entities, 1 link, ") != NULL, "%s",
	          asked.err);
	run_free(&first);
	run_free(&asked);
	remove_tree(dir);
	free(remove);
	free(env);
	free(dir);
}

/* The whole tree needs no search index: a cold `tree` does not wait for
 * it; `find` builds it then, and `tree` with a filter waits for it too. */
Test(cli_options, only_what_needs_search_waits_for_its_index)
{
	char *dir = scratch_dir();
	char *env = xasprintf("ICSVIEW_CACHE_DIR='%s/cache'", dir);
	char *count = xasprintf("ls '%s/cache' | grep -c -- '-search$' > '%s/n'", dir, dir);
	char *n_path = xasprintf("%s/n", dir), *n;
	struct run tree, found, filtered;

	tree = run_icsview_env(env, "tree -m good/nested.yaml");
	cr_expect_eq(tree.status, 0, "%s", tree.err);
	cr_assert_neq(system(count), -1);
	n = slurp(n_path);
	cr_expect_str_eq(n, "0\n", "tree built the search index");
	free(n);
	found = run_icsview_env(env, "find -m good/nested.yaml sheffield");
	cr_expect_eq(found.status, 0, "%s", found.err);
	cr_expect_neq(found.out[0], '\0', "find found nothing");
	cr_assert_neq(system(count), -1);
	n = slurp(n_path);
	cr_expect_str_eq(n, "1\n", "find did not build the search index");
	free(n);
	remove_tree(dir);
	filtered = run_icsview_env(env, "tree -m good/nested.yaml --filter sheffield");
	cr_expect_eq(filtered.status, 0, "a filter's free text before any index: %s", filtered.err);
	run_free(&tree);
	run_free(&found);
	run_free(&filtered);
	remove_tree(dir);
	free(n_path);
	free(count);
	free(env);
	free(dir);
}
