/* The real binary, as a user runs it: exit statuses, what goes to stdout
 * and what to stderr. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <sqlite3.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "helpers.h"

static size_t count_lines(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

Test(cli, check_valid_model_prints_the_summary)
{
	struct run r = run_icsview("check good/multi");

	cr_expect_eq(r.status, 0);
	cr_expect_str_eq(r.out, "7 entities, 6 links, 1 sources in 2 files\n");
	cr_expect_str_eq(r.err, "");
	run_free(&r);
}

Test(cli, check_bad_models_prints_one_error_per_file_and_exits_1)
{
	struct run r = run_icsview("check bad/*.yaml");
	const char *line = r.err;
	size_t files = 24;

	cr_expect_eq(r.status, 1);
	cr_expect_str_eq(r.out, "");
	cr_expect_eq(count_lines(r.err), files, "stderr:\n%s", r.err);
	while (*line) {
		cr_expect(strncmp(line, "bad/", 4) == 0 && strstr(line, ": error: ") != NULL,
		          "not file:line:col: error: ...: %.80s", line);
		line = strchr(line, '\n');
		if (!line)
			break;
		line++;
	}
	run_free(&r);
}

Test(cli, check_error_format_is_file_line_col)
{
	struct run r = run_icsview("check bad/unknown-parent.yaml");

	cr_expect_eq(r.status, 1);
	cr_expect_str_eq(r.err, "bad/unknown-parent.yaml:6:13: error: unknown parent 'no-such-place'\n");
	run_free(&r);
}

Test(cli, check_json_is_one_versioned_object)
{
	check_json("check --json good/multi",
	           "d == {'version': 1, 'valid': True, 'entities': 7, 'links': 6,"
	           " 'sources': 1, 'files': 2, 'errors': [], 'errors_not_shown': 0}\n");
}

/* The problems are the data: on stdout, stderr empty, the exit status as
 * without --json. */
Test(cli, check_json_errors_are_objects)
{
	struct run r = run_icsview("check --json bad/unknown-parent.yaml");

	cr_expect_eq(r.status, 1);
	cr_expect_str_eq(r.err, "");
	expect_lines(r.out,
	             "{\n"
	             "  \"version\": 1,\n"
	             "  \"valid\": false,\n"
	             "  \"entities\": 1,\n"
	             "  \"links\": 0,\n"
	             "  \"sources\": 0,\n"
	             "  \"files\": 1,\n"
	             "  \"errors\": [\n"
	             "    {\n"
	             "      \"file\": \"bad/unknown-parent.yaml\",\n"
	             "      \"line\": 6,\n"
	             "      \"column\": 13,\n"
	             "      \"severity\": \"error\",\n"
	             "      \"message\": \"unknown parent 'no-such-place'\"\n"
	             "    }\n"
	             "  ],\n"
	             "  \"errors_not_shown\": 0\n"
	             "}\n");
	run_free(&r);
}

/* A problem without a position has null line and column; those past
 * --max-errors are counted. */
Test(cli, check_json_positions_and_dropped_errors)
{
	struct run r = run_icsview("check --json no-such-model.yaml");

	cr_expect_eq(r.status, 1);
	cr_expect_str_eq(r.err, "");
	cr_expect(strstr(r.out, "\"file\": \"no-such-model.yaml\",\n"
	                        "      \"line\": null,\n"
	                        "      \"column\": null,\n") != NULL, "%s", r.out);
	run_free(&r);
	r = run_icsview("check --json --max-errors=2 bad/*.yaml");
	cr_expect_eq(r.status, 1);
	cr_expect_str_eq(r.err, "");
	cr_expect(strstr(r.out, "\"errors_not_shown\": 22\n}\n") != NULL, "%s", r.out);
	run_free(&r);
}

Test(cli, check_json_to_a_full_disk_exits_4)
{
	char *dir = scratch_dir();
	char *command = xasprintf("cd '%s' && '%s' check --json good/multi >/dev/full 2>'%s/err'",
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

/* A link to a code names the id to use; the exit status is an invalid
 * model's. */
Test(cli, check_names_the_id_of_a_linked_code)
{
	char *dir = scratch_dir();
	char *path = write_file(dir, "m.yaml",
		"icsview: 1\n"
		"entities:\n"
		"  - {id: n-sth, kind: organisation, name: A trust, aka: [RHQ]}\n"
		"  - {id: b, kind: board, name: B, links: [{rel: member_of, to: RHQ}]}\n");
	char *args = xasprintf("check '%s'", path);
	char *expected = xasprintf("%s:4:64: error: link to unknown entity 'RHQ'"
	                           " ('RHQ' is a code of n-sth; links name ids)\n", path);
	struct run r = run_icsview(args);

	cr_expect_eq(r.status, 1);
	cr_expect_str_eq(r.out, "");
	cr_expect_str_eq(r.err, expected);
	run_free(&r);
	free(expected);
	free(args);
	free(path);
	remove_tree(dir);
	free(dir);
}

Test(cli, check_limits_are_options)
{
	struct run r = run_icsview("check --max-file-size=10 good/nested.yaml");

	cr_expect_eq(r.status, 1);
	cr_expect(strstr(r.err, "file is larger than the limit of 10 bytes") != NULL, "%s", r.err);
	run_free(&r);
}

/* Every limit of struct load_limits is an option of check, and each
 * option reaches the loader: a small value refuses a model the default
 * accepts, with that limit's message. */
Test(cli, check_every_limit_is_an_option)
{
	static const struct {
		const char *args, *err;
	} cases[] = {
		{ "--max-file-size=10 good/nested.yaml",
		  "good/nested.yaml:1:1: error: file is larger than the limit of 10 bytes (1320 bytes)\n" },
		{ "--max-depth=3 good/nested.yaml",
		  "good/nested.yaml:3:9: error: unknown source 'nested-doc'\n"
		  "good/nested.yaml:8:10: error: nesting deeper than the limit of 3 levels\n" },
		{ "--max-scalar=8 good/nested.yaml",
		  "good/nested.yaml:1:1: error: line is longer than the limit of 8 bytes\n" },
		{ "--max-aliases=10 bad/alias-bomb.yaml",
		  "bad/alias-bomb.yaml:5:10: error: alias expansion exceeds the limit of 10 nodes\n" },
		{ "--max-anchor-bytes=200 bad/alias-bomb.yaml",
		  "bad/alias-bomb.yaml:4:16: error: anchored content exceeds the limit of 200 bytes\n" },
		{ "--max-alias-bytes=40 bad/alias-bomb.yaml",
		  "bad/alias-bomb.yaml:5:13: error: alias expansion exceeds the limit of 40 bytes\n" },
		{ "--max-entities=3 good/nested.yaml",
		  "good/nested.yaml:30:9: error: more entities than the limit of 3\n" },
		{ "--max-errors=1 bad/unknown-parent.yaml bad/dangling-link.yaml bad/unknown-kind.yaml",
		  NULL },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *args = xasprintf("check %s", cases[i].args);
		struct run r = run_icsview(args);

		cr_expect_eq(r.status, 1, "%s: exit %d", args, r.status);
		cr_expect_str_eq(r.out, "", "%s", args);
		if (cases[i].err) {
			cr_expect_str_eq(r.err, cases[i].err, "%s", args);
		} else {
			/* one problem shown, then the count of the others */
			const char *nl = strchr(r.err, '\n');

			cr_expect(nl && strcmp(nl + 1, "icsview: 2 more errors not shown\n") == 0,
			          "%s: %s", args, r.err);
		}
		run_free(&r);
		free(args);
	}
	/* with the default limits, the model the small ones refused is valid */
	{
		struct run r = run_icsview("check good/nested.yaml");

		cr_expect_eq(r.status, 0, "%s", r.err);
		run_free(&r);
	}
}

Test(cli, usage_errors_exit_2)
{
	struct run r = run_icsview("check --max-depth=lots good/nested.yaml");

	cr_expect_eq(r.status, 2);
	cr_expect(strstr(r.err, "invalid value 'lots' for --max-depth") != NULL, "%s", r.err);
	run_free(&r);
	r = run_icsview("--no-such-option");
	cr_expect_eq(r.status, 2);
	run_free(&r);
}

Test(cli, help_and_version)
{
	struct run r = run_icsview("--help");

	cr_expect_eq(r.status, 0);
	cr_expect(strstr(r.out, "usage: icsview") != NULL);
	cr_expect(strstr(r.out, "check") != NULL);
	run_free(&r);
	r = run_icsview("--version");
	cr_expect_eq(r.status, 0);
	cr_expect(strncmp(r.out, "icsview ", 8) == 0);
	run_free(&r);
	r = run_icsview("check --help");
	cr_expect_eq(r.status, 0);
	cr_expect(strstr(r.out, "usage: icsview check") != NULL);
	run_free(&r);
}

/* Without a terminal the interface says where to go instead (stdin and
 * stdout are files here). */
Test(cli, interface_without_a_terminal_points_at_the_subcommands)
{
	struct run r = run_icsview("-m good/nested.yaml");

	cr_expect_eq(r.status, 2);
	cr_expect_str_eq(r.out, "");
	cr_expect(strstr(r.err, "the interface needs a terminal") != NULL, "%s", r.err);
	cr_expect(strstr(r.err, "icsview show") != NULL, "%s", r.err);
	cr_expect_eq(count_lines(r.err), 1);
	run_free(&r);
}

Test(cli, bad_color_value_is_a_usage_error)
{
	struct run r = run_icsview("--color=sometimes");

	cr_expect_eq(r.status, 2);
	cr_expect(strstr(r.err, "--color takes auto, always or never") != NULL, "%s", r.err);
	run_free(&r);
}

Test(cli, find_prints_ranked_results_and_exits_by_what_it_found)
{
	struct run r = run_icsview("find -m good/nested.yaml -m good/multi sheffield");
	char *first_line;

	cr_expect_eq(r.status, 0);
	first_line = xstrndup(r.out, strcspn(r.out, "\n"));
	cr_expect_str_eq(first_line, "n-sheffield\tplace\tSheffield\tSouth Yorkshire and Bassetlaw ICS");
	free(first_line);
	run_free(&r);
	r = run_icsview("find -m good/nested.yaml --kind organisation rhq");
	cr_expect_eq(r.status, 0);
	cr_expect(strncmp(r.out, "n-sth\torganisation\t", 19) == 0, "%s", r.out);
	cr_expect_eq(count_lines(r.out), 1);
	run_free(&r);
	r = run_icsview("find -m good/nested.yaml 'no such thing anywhere'");
	cr_expect_eq(r.status, 1);
	cr_expect_str_eq(r.out, "");
	run_free(&r);
	r = run_icsview("find -m good/nested.yaml");
	cr_expect_eq(r.status, 2);
	run_free(&r);
}

Test(cli, find_json_parses_back)
{
	check_json("find -m good/nested.yaml --json shef",
	           "d['query'] == 'shef'\n"
	           "len(d['results']) == 3\n"
	           "d['results'][0]['id'] == 'n-sheffield'\n"
	           "d['results'][0]['matched'] == 'name'\n"
	           "d['results'][0]['path'] == ['South Yorkshire and Bassetlaw ICS']\n"
	           "d['results'][1]['path'] == ['South Yorkshire and Bassetlaw ICS', 'Sheffield']\n");
}

/* Global options may come before the command. */
Test(cli, model_option_before_the_command)
{
	struct run r = run_icsview("-m good/nested.yaml show RHQ");

	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "id        n-sth") != NULL, "%s", r.out);
	run_free(&r);
	r = run_icsview("--model=good/nested.yaml check");
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect_str_eq(r.out, "7 entities, 1 links, 2 sources in 1 file\n");
	run_free(&r);
	r = run_icsview("-m good/nested.yaml --ascii --color=never tree");
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "|-- [PLC] Sheffield (n-sheffield)") != NULL, "%s", r.out);
	run_free(&r);
}

/* ---- a reader that goes away ------------------------------------------- */

/* Runs `/bin/sh -c line` in dir with SIGPIPE at its default action, whatever
 * the test runner left it at (an ignored signal is inherited across exec,
 * and a shell cannot restore one ignored at its start): otherwise a program
 * that forgot to handle SIGPIPE would pass here and die in a user's shell.
 * Returns the shell's exit status. */
static int sh_with_default_sigpipe(const char *dir, const char *line)
{
	int status;
	pid_t pid = fork();

	cr_assert_neq(pid, -1);
	if (pid == 0) {
		signal(SIGPIPE, SIG_DFL);
		if (chdir(dir) != 0)
			_exit(126);
		execl("/bin/sh", "sh", "-c", line, (char *)NULL);
		_exit(127);
	}
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_assert(WIFEXITED(status), "sh did not exit normally");
	return WEXITSTATUS(status);
}

/* dir/name, whole; caller frees. */
static char *slurp_in(const char *dir, const char *name)
{
	char *path = xasprintf("%s/%s", dir, name);
	char *text = slurp(path);

	free(path);
	return text;
}

/* A model whose every listing is far larger than a pipe's buffer. */
static char *write_big_model(const char *dir)
{
	char *path = xasprintf("%s/big.yaml", dir);
	FILE *f = fopen(path, "w");

	cr_assert(f);
	fputs("icsview: 1\nentities:\n  - {id: top, kind: system, name: Top}\n", f);
	for (int i = 0; i < 3000; i++)
		fprintf(f, "  - {id: place-%d, kind: place, parent: top, name: \"Place %d, with a name"
		        " long enough to fill pipes\", links: [{rel: member_of, to: top}]}\n", i, i);
	fclose(f);
	return path;
}

/* cli_run_on_model() promises that a closed pipe ends a command quietly:
 * SIGPIPE is ignored, the failed write (EPIPE) stops the output, and the
 * command exits 0 with nothing on stderr.  Without that the shell would
 * report status 141 (killed by SIGPIPE). */
Test(cli, every_model_command_stops_quietly_when_the_reader_goes_away)
{
	static const char *const commands[] = {
		"tree", "tree --json", "tree --depth 1 top", "show top", "show top --json",
		"find place --limit 3000", "find place --limit 3000 --json",
		"export", "export --format csv", "export --format csv --links",
		"export --format dot", "export --format md",
	};
	char *dir = scratch_dir();
	char *model = write_big_model(dir);
	char *line, *status, *err, *out;

	/* the control: without a handler, the writer dies of SIGPIPE here */
	cr_assert_eq(sh_with_default_sigpipe(dir, "{ yes; echo $? >status; } | head -1 >/dev/null"),
	             0);
	status = slurp_in(dir, "status");
	cr_assert_str_eq(status, "141\n", "the control did not get SIGPIPE: %s", status);
	free(status);

	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		line = xasprintf("{ ICSVIEW_CACHE_DIR='%s/cache' '%s' %s -m '%s'; echo $? >status; }"
		                 " 2>err | head -1 >out", dir, getenv("ICSVIEW_BIN"), commands[i], model);
		cr_assert_eq(sh_with_default_sigpipe(dir, line), 0, "%s", commands[i]);
		free(line);
		status = slurp_in(dir, "status");
		err = slurp_in(dir, "err");
		out = slurp_in(dir, "out");
		cr_expect_str_eq(status, "0\n", "%s: exit %s", commands[i], status);
		cr_expect_str_eq(err, "", "%s", commands[i]);
		cr_expect(*out && strchr(out, '\n') == out + strlen(out) - 1, "%s: %s", commands[i], out);
		free(status); free(err); free(out);
	}
	remove_tree(dir);
	free(model);
	free(dir);
}

/* Diagnostics quote the model; a hostile one (a terminal title, a cleared
 * screen, a clipboard write, colours, a bidi override) is shown escaped on
 * stderr, never obeyed. */
Test(cli, check_diagnostics_escape_what_they_quote)
{
	char *dir = scratch_dir();
	char *path = write_file(dir, "hostile.yaml",
		"icsview: 1\nentities:\n"
		"  - {id: \"a\\e]0;pwned\\a\", kind: \"hosp\\e[2Jitle\", name: A}\n"
		"  - {id: b, kind: place, name: B, parent: \"no\\e]52;c;ZXZpbA==\\a\"}\n"
		"  - {id: c, kind: place, name: C, parent: \"x\\u202Ey \\x9b31m\"}\n");
	char *args = xasprintf("check '%s'", path);
	char *expected = xasprintf(
		"%s:3:10: error: invalid id 'a^[]0;pwned^G': use 1-128 letters, digits and . _ : /"
		" + -, starting with a letter or digit\n"
		"%s:3:33: error: unknown kind 'hosp^[[2Jitle'\n"
		"%s:4:43: error: unknown parent 'no^[]52;c;ZXZpbA==^G'\n"
		"%s:5:43: error: unknown parent 'x<U+202E>y <U+009B>31m'\n", path, path, path, path);
	struct run r = run_icsview(args);

	cr_expect_eq(r.status, 1);
	cr_expect_str_eq(r.err, expected);
	cr_expect(!strchr(r.err, '\x1b') && !strchr(r.err, '\a'), "raw control bytes on stderr");
	run_free(&r);
	free(expected);
	free(args);
	free(path);
	remove_tree(dir);
	free(dir);
}

/* Values typed on the command line come back in error messages escaped: a
 * script passing on someone else's text must not let it drive the
 * terminal.  (TERM is checked in the interface's tests: it needs one.) */
Test(cli, usage_errors_escape_the_values_they_echo)
{
	static const char *const cases[][2] = {
		{ "check --max-depth=\"$(printf 'x\\033]0;T\\007')\" good/nested.yaml",
		  "icsview: check: invalid value 'x^[]0;T^G' for --max-depth"
		  " (try 'icsview check --help')\n" },
		{ "check --max-anchor-bytes=\"$(printf '\\033[2J')\" good/nested.yaml",
		  "icsview: check: invalid value '^[[2J' for --max-anchor-bytes"
		  " (try 'icsview check --help')\n" },
		{ "--color \"$(printf 'x\\033[2J')\" " NESTED,
		  "icsview: --color takes auto, always or never, not 'x^[[2J' (try 'icsview --help')\n" },
		{ "find --limit \"$(printf '1\\033[2J')\" sheffield " NESTED,
		  "icsview: find: --limit takes a number from 1 to 10000, not '1^[[2J'\n" },
		{ "review export -F \"$(printf 'md\\033]52;c;eA==\\007')\" " NESTED,
		  "icsview: review: --format takes text, md, csv or json, not 'md^[]52;c;eA==^G'\n" },
		{ "review export -o \"$(printf 'r\\033[2J.x')\" " NESTED,
		  "icsview: review: cannot tell the format of 'r^[[2J.x' by its name"
		  " (.md, .csv, .json, .txt): give --format\n" },
		{ "review export -o \"$(printf '/no-such-dir/\\033[2J.md')\" --notes /no-such-notes.db "
		  NESTED, "icsview: review: cannot write /no-such-dir/^[[2J.md: No such file or directory\n" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct run r = run_icsview(cases[i][0]);

		cr_expect(r.status == 2 || r.status == 4, "%s: status %d", cases[i][0], r.status);
		cr_expect_str_eq(r.err, cases[i][1], "%s", cases[i][0]);
		cr_expect(!strchr(r.err, '\x1b') && !strchr(r.err, '\a'), "%s: raw controls", cases[i][0]);
		run_free(&r);
	}
}

/* A cached model missing rows that others refer to (every kind deleted):
 * SQLite itself reports no error, yet the command must not say "not an
 * error": it names the inconsistency, removes the cache, and the next run
 * builds it again. */
Test(cli, an_inconsistent_cache_is_named_and_rebuilt)
{
	char *dir = scratch_dir(), *env = xasprintf("ICSVIEW_CACHE_DIR='%s'", dir), *db = NULL;
	struct run r = run_icsview_env(env, "find board " NESTED);
	struct dirent *entry;
	DIR *d;
	sqlite3 *sql;

	cr_assert_eq(r.status, 0, "%s", r.err);
	run_free(&r);
	d = opendir(dir);
	cr_assert_not_null(d);
	while ((entry = readdir(d)) != NULL)
		if (!db && strncmp(entry->d_name, "model-", 6) == 0 &&
		    strcmp(entry->d_name + strlen(entry->d_name) - 3, ".db") == 0)
			db = xasprintf("%s/%s", dir, entry->d_name);
	closedir(d);
	cr_assert_not_null(db, "no cached model in %s", dir);
	cr_assert_eq(sqlite3_open(db, &sql), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(sql, "DELETE FROM kinds", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(sql);
	r = run_icsview_env(env, "find board " NESTED);
	cr_expect_eq(r.status, 4);
	cr_expect(strstr(r.err, "not an error") == NULL, "%s", r.err);
	cr_expect(strstr(r.err, "icsview: find: the model database is inconsistent (a row it refers"
	                        " to is missing)\n") != NULL, "%s", r.err);
	cr_expect(strstr(r.err, "is damaged: it has been removed") != NULL, "%s", r.err);
	run_free(&r);
	r = run_icsview_env(env, "find board " NESTED);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "n-board") != NULL, "%s", r.out);
	run_free(&r);
	free(db);
	free(env);
	remove_tree(dir);
	free(dir);
}

/* Running out of memory ends icsview with status 70 (EX_SOFTWARE), as
 * icsview(1) documents, saying so on stderr.  (AddressSanitizer reports a
 * huge allocation itself instead of returning NULL.) */
#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif
Test(cli, out_of_memory_exits_70_saying_so)
{
#ifdef UNDER_ASAN
	cr_skip_test("AddressSanitizer does not return NULL for a huge allocation");
#else
	char *dir = scratch_dir(), *path = xasprintf("%s/err", dir), *err;
	int status;
	pid_t pid = fork();

	cr_assert_neq(pid, -1);
	if (pid == 0) {
		volatile size_t huge = SIZE_MAX / 2;

		if (!freopen(path, "w", stderr))
			_exit(1);
		free(xmalloc(huge));
		_exit(0);
	}
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 70, "status %d", status);
	err = slurp(path);
	cr_expect_str_eq(err, "icsview: out of memory\n");
	free(err);
	free(path);
	remove_tree(dir);
	free(dir);
#endif
}
