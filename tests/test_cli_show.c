/* icsview show, run as a user runs it: the text compared line by line with
 * what is expected, the JSON parsed back by python3 and checked, every exit
 * status, control characters shown escaped, and no scratch file left. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"

/* show */

static const char sth_text[] =
	"South Yorkshire and Bassetlaw ICS \u203a Sheffield"
	" \u203a Sheffield Teaching Hospitals NHS Foundation Trust\n"
	"  id        n-sth\n"
	"  kind      organisation\n"
	"  type      NHS foundation trust\n"
	"  aka       RHQ\n"
	"  defined   good/nested.yaml:23:13\n"
	"\n"
	"Links\n"
	"  member_of\n"
	"    South Yorkshire and Bassetlaw ICS (n-system)  role: member\n"
	"\n"
	"Sources (file default)\n"
	"  nested-doc  A year of integrated care systems: reviewing the journey so far\n";

Test(show, by_id)
{
	struct run r = run_icsview("show " NESTED " n-sth");

	cr_expect_eq(r.status, 0);
	cr_expect_str_eq(r.err, "");
	expect_lines(r.out, sth_text);
	run_free(&r);
}

Test(show, by_code_ignoring_case)
{
	struct run r = run_icsview("show " NESTED " RHQ");

	cr_expect_eq(r.status, 0);
	expect_lines(r.out, sth_text);
	run_free(&r);
	r = run_icsview("show " NESTED " rhq");
	cr_expect_eq(r.status, 0);
	expect_lines(r.out, sth_text);
	run_free(&r);
}

Test(show, by_name_and_by_part_of_a_name)
{
	struct run r = run_icsview("show " NESTED " 'sheffield teaching hospitals nhs foundation trust'");

	cr_expect_eq(r.status, 0, "%s", r.err);
	expect_lines(r.out, sth_text);
	run_free(&r);
	r = run_icsview("show " NESTED " 'Teaching Hosp'");
	cr_expect_eq(r.status, 0, "%s", r.err);
	expect_lines(r.out, sth_text);
	run_free(&r);
	/* an exact name wins over names that contain it */
	r = run_icsview("show " NESTED " sheffield");
	cr_expect_eq(r.status, 0, "%s", r.err);
	expect_head(r.out, "South Yorkshire and Bassetlaw ICS \u203a Sheffield\n  id        n-sheffield\n");
	run_free(&r);
}

Test(show, facts_notes_sources_text_and_backlinks)
{
	struct run r = run_icsview("show " NESTED " SYB");

	cr_expect_eq(r.status, 0, "%s", r.err);
	expect_lines(r.out,
		"South Yorkshire and Bassetlaw ICS\n"
		"  id        n-system\n"
		"  kind      system\n"
		"  aka       SYB, SY&B, E54000009\n"
		"  children  3\n"
		"  defined   good/nested.yaml:5:5\n"
		"\n"
		"Facts\n"
		"  population  1500000\n"
		"  wave        first\n"
		"  members     23 [source: nested-doc]\n"
		"  members     20 (20 local bodies) [source: other-doc]\n"
		"\n"
		"Text\n"
		"  Covers the four boroughs in South Yorkshire \u2013 Barnsley, Doncaster,\n"
		"  Rotherham and Sheffield \u2013 and Bassetlaw.\n"
		"\n"
		"Backlinks\n"
		"  members\n"
		"    Sheffield Teaching Hospitals NHS Foundation Trust (n-sth)  role: member\n"
		"\n"
		"Sources (file default)\n"
		"  nested-doc  A year of integrated care systems: reviewing the journey so far\n");
	run_free(&r);
}

Test(show, links_grouped_by_relation_with_facts_and_sources)
{
	struct run r = run_icsview("show -m good/multi m-ccg");

	cr_expect_eq(r.status, 0, "%s", r.err);
	expect_lines(r.out,
		"Multi-file system \u203a Sheffield CCG\n"
		"  id        m-ccg\n"
		"  kind      organisation\n"
		"  type      clinical commissioning group\n"
		"  defined   good/multi/b-members.yaml:4:5\n"
		"\n"
		"Links\n"
		"  member_of\n"
		"    Partnership board (m-board) [source: m-source]\n"
		"  commissions\n"
		"    Provider trust (m-provider)\n"
		"  sits_on\n"
		"    Joint Committee of Clinical Commissioning Groups (m-jcc)\n"
		"\n"
		"Backlinks\n"
		"  delegates_authority_to\n"
		"    Joint Committee of Clinical Commissioning Groups (m-jcc)  scope: hyper"
		" acute stroke services\n"
		"\n"
		"Sources\n"
		"  m-source  The source document\n");
	run_free(&r);
	r = run_icsview("show -m good/multi m-board");
	cr_expect_eq(r.status, 0, "%s", r.err);
	expect_lines(r.out,
		"Multi-file system \u203a Partnership board\n"
		"  id        m-board\n"
		"  kind      board\n"
		"  defined   good/multi/a-system.yaml:19:9\n"
		"\n"
		"Backlinks\n"
		"  members\n"
		"    Sheffield CCG (m-ccg) [source: m-source]\n"
		"  receives_reports_from\n"
		"    Joint Committee of Clinical Commissioning Groups (m-jcc)\n"
		"  chaired_by\n"
		"    Ms Example (m-person)  since: 2018\n"
		"\n"
		"Sources (file default)\n"
		"  m-source  The source document\n");
	run_free(&r);
}

Test(show, breadcrumb_is_ascii_outside_utf8_locales)
{
	struct run r = run_icsview_env("LC_ALL=C", "show " NESTED " RHQ");

	cr_expect_eq(r.status, 0, "%s", r.err);
	expect_head(r.out, "South Yorkshire and Bassetlaw ICS > Sheffield"
	                   " > Sheffield Teaching Hospitals NHS Foundation Trust\n");
	run_free(&r);
}

Test(show, ambiguous_name_lists_the_candidates_and_exits_3)
{
	struct run r = run_icsview("show " BOTH " Doncaster");

	cr_expect_eq(r.status, 3);
	cr_expect_str_eq(r.out, "");
	cr_expect_str_eq(r.err, "icsview: 'Doncaster' is ambiguous: 2 entities match\n"
	                        "n-doncaster\tplace\tDoncaster\n"
	                        "p-doncaster\tplace\tDoncaster\n");
	run_free(&r);
	r = run_icsview("show " NESTED " Shef");
	cr_expect_eq(r.status, 3);
	cr_expect_str_eq(r.err, "icsview: 'Shef' is ambiguous: 2 entities match\n"
	                        "n-sheffield\tplace\tSheffield\n"
	                        "n-sth\torganisation\tSheffield Teaching Hospitals NHS Foundation Trust\n");
	run_free(&r);
}

Test(show, nothing_found_exits_1)
{
	struct run r = run_icsview("show " NESTED " no-such-thing");

	cr_expect_eq(r.status, 1);
	cr_expect_str_eq(r.out, "");
	cr_expect_str_eq(r.err, "icsview: no entity matches 'no-such-thing'\n");
	run_free(&r);
}

Test(show, invalid_model_prints_its_problems_and_exits_1)
{
	struct run r = run_icsview("show -m bad/dangling-link.yaml anything");

	cr_expect_eq(r.status, 1);
	cr_expect_str_eq(r.out, "");
	cr_expect_str_eq(r.err, "bad/dangling-link.yaml:7:31: error: link to unknown entity 'no-such-board'\n");
	run_free(&r);
}

Test(show, usage_errors_exit_2)
{
	static const char *const cases[] = {
		"show " NESTED, "show " NESTED " a b", "show " NESTED " ''", "show --no-such x",
		"show -m", "show --json=yes x", "tree --depth=-1", "tree --depth lots",
		"tree " NESTED " a b", "tree --no-such",
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct run r = run_icsview(cases[i]);

		cr_expect_eq(r.status, 2, "%s: exit %d", cases[i], r.status);
		cr_expect_str_eq(r.out, "");
		cr_expect(strncmp(r.err, "icsview: ", 9) == 0 && strchr(r.err, '\n') == r.err + strlen(r.err) - 1,
		          "%s: not one line 'icsview: ...': %s", cases[i], r.err);
		run_free(&r);
	}
}

Test(show, help)
{
	struct run r = run_icsview("show --help");

	cr_expect_eq(r.status, 0);
	cr_expect(strncmp(r.out, "usage: icsview show ", 20) == 0, "%s", r.out);
	run_free(&r);
	r = run_icsview("tree --help");
	cr_expect_eq(r.status, 0);
	cr_expect(strncmp(r.out, "usage: icsview tree ", 20) == 0, "%s", r.out);
	run_free(&r);
	r = run_icsview("--help");
	cr_expect(strstr(r.out, "  show ") && strstr(r.out, "  tree "), "%s", r.out);
	run_free(&r);
}

Test(show, json_is_parsed_back)
{
	check_json("show --json " NESTED " RHQ",
		"d['id'] == 'n-sth' and d['kind'] == 'organisation' and d['badge'] == 'ORG'\n"
		"d['name'] == 'Sheffield Teaching Hospitals NHS Foundation Trust'\n"
		"d['type'] == 'NHS foundation trust' and d['aka'] == ['RHQ'] and d['text'] is None\n"
		"[p['id'] for p in d['path']] == ['n-system', 'n-sheffield', 'n-sth']\n"
		"d['parent'] == 'n-sheffield' and d['child_count'] == 0 and d['linked_count'] == 0\n"
		"d['facts'] == [] and d['backlinks'] == {}\n"
		"list(d['links']) == ['member_of']\n"
		"d['links']['member_of'][0]['id'] == 'n-system'\n"
		"d['links']['member_of'][0]['kind'] == 'system'\n"
		"d['links']['member_of'][0]['facts'] == {'role': 'member'}\n"
		"d['links']['member_of'][0]['defined']['file'] == 'good/nested.yaml'\n"
		"d['sources'] == [{'id': 'nested-doc', 'name': 'A year of integrated care systems: reviewing the journey so far'}]\n"
		"d['sources_inherited'] is True\n"
		"d['defined'] == {'file': 'good/nested.yaml', 'line': 23, 'col': 13}");
	check_json("show --json " NESTED " n-system",
		"d['path'] == [{'id': 'n-system', 'kind': 'system', 'name': 'South Yorkshire and Bassetlaw ICS'}]\n"
		"d['parent'] is None and d['type'] is None and d['child_count'] == 3\n"
		"d['aka'] == ['SYB', 'SY&B', 'E54000009']\n"
		"[(f['key'], f['value']) for f in d['facts']] == [('population', '1500000'), ('wave', 'first'), ('members', '23'), ('members', '20')]\n"
		"d['facts'][3]['note'] == '20 local bodies' and d['facts'][0]['note'] is None\n"
		"[s['id'] for s in d['facts'][3]['sources']] == ['other-doc']\n"
		"d['text'].startswith('Covers the four boroughs in South Yorkshire \u2013 Barnsley')\n"
		"d['text'].endswith('and Bassetlaw.\\n')\n"
		"d['links'] == {} and [b['id'] for b in d['backlinks']['members']] == ['n-sth']");
	check_json("show --json -m good/explicit-parent.yaml p-bassetlaw",
		"d['child_count'] == 1 and d['linked_count'] == 1\n"
		"d['backlinks']['served_by'][0]['facts'] == {'share': '0.3'}");
	check_json("show --json -m good/multi m-board",
		"list(d['backlinks']) == ['members', 'receives_reports_from', 'chaired_by']\n"
		"d['backlinks']['chaired_by'][0]['facts'] == {'since': '2018'}\n"
		"d['backlinks']['members'][0]['sources'][0]['id'] == 'm-source'");
}

/* Control characters in data */

static char *control_model(void)
{
	char *dir = scratch_dir();

	free(write_file(dir, "m.yaml",
		"icsview: 1\n"
		"entities:\n"
		"  - id: evil\n"
		"    kind: place\n"
		"    name: \"Clear \\e[2J screen\\ttab del\\x7f\"\n"
		"    text: \"red \\e[31m text\\nsecond line\"\n"
		"    facts: {bell: \"\\a\"}\n"));
	return dir;
}

Test(show, control_characters_are_shown_escaped)
{
	char *dir = control_model();
	char *args = xasprintf("show -m '%s/m.yaml' evil", dir);
	struct run r = run_icsview(args);

	cr_expect_eq(r.status, 0, "%s", r.err);
	expect_head(r.out,
		"Clear ^[[2J screen^Itab del^?\n"
		"  id        evil\n"
		"  kind      place\n");
	cr_expect(strstr(r.out, "\nText\n  red ^[[31m text\n  second line\n"), "%s", r.out);
	cr_expect(strstr(r.out, "\n  bell  ^G\n"), "%s", r.out);
	cr_expect(!strchr(r.out, '\x1b') && !strchr(r.out, '\a') && !strchr(r.out, '\x7f'));
	run_free(&r);
	free(args);
	args = xasprintf("tree -m '%s/m.yaml'", dir);
	r = run_icsview(args);
	cr_expect_str_eq(r.out, "[PLC] Clear ^[[2J screen^Itab del^? (evil)\n");
	run_free(&r);
	free(args);
	args = xasprintf("show --json -m '%s/m.yaml' evil", dir);
	r = run_icsview(args);
	cr_expect(strstr(r.out, "\"name\": \"Clear \\u001b[2J screen\\ttab del\\u007f\""), "%s", r.out);
	cr_expect(!strchr(r.out, '\x1b'));
	run_free(&r);
	check_json(args, "d['name'] == 'Clear \\x1b[2J screen\\ttab del\\x7f'\n"
	                 "d['text'] == 'red \\x1b[31m text\\nsecond line'\n"
	                 "d['facts'][0]['value'] == '\\x07'");
	free(args);
	r = run_icsview("show " NESTED " \"$(printf 'no\\033[2J')\"");
	cr_expect_eq(r.status, 1);
	cr_expect_str_eq(r.err, "icsview: no entity matches 'no^[[2J'\n");
	run_free(&r);
	remove_tree(dir);
	free(dir);
}

/* `env icsview args` on a terminal (script(1) gives it one), from
 * TEST_MODELS; the terminal's line ends (\r\n) read as \n. */
static struct run run_on_terminal(const char *env, const char *args)
{
	char *command = xasprintf("cd '%s' && script -qec \"env %s '%s' %s\" /dev/null </dev/null",
	                          getenv("TEST_MODELS"), env, getenv("ICSVIEW_BIN"), args);
	FILE *p = popen(command, "r");
	struct strbuf sb = STRBUF_INIT;
	struct run r;
	char buf[4096], *w;
	size_t n;
	int status;

	cr_assert(p, "popen");
	while ((n = fread(buf, 1, sizeof(buf), p)) > 0)
		sb_add(&sb, buf, n);
	status = pclose(p);
	cr_assert(WIFEXITED(status), "script did not exit normally");
	r.status = WEXITSTATUS(status);
	r.out = sb_detach(&sb);
	r.err = xstrdup("");    /* script(1) joins stderr to the terminal */
	for (w = r.out; *w; w++)
		if (*w == '\r')
			memmove(w, w + 1, strlen(w));
	free(command);
	return r;
}

static char *write_long_text_model(const char *dir)
{
	struct strbuf yaml = STRBUF_INIT;
	char *path;

	sb_puts(&yaml, "icsview: 1\nentities:\n  - id: long\n    kind: place\n    name: Long\n"
	               "    text: \"");
	for (int i = 0; i < 60; i++)
		sb_printf(&yaml, "word%d ", i);
	sb_puts(&yaml, "end\"\n");
	path = write_file(dir, "m.yaml", sb_str(&yaml));
	sb_free(&yaml);
	return path;
}

/* Piped, a field is one line, whatever COLUMNS says: grep sees it whole. */
Test(show, piped_text_is_not_wrapped)
{
	char *dir = scratch_dir();
	char *path = write_long_text_model(dir);
	char *args = xasprintf("show -m '%s' long", path);
	struct strbuf line = STRBUF_INIT;
	struct run r = run_icsview_env("COLUMNS=40", args);

	sb_puts(&line, "\nText\n ");
	for (int i = 0; i < 60; i++)
		sb_printf(&line, " word%d", i);
	sb_puts(&line, " end\n");
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect_str_eq(strstr(r.out, "\nText\n"), sb_str(&line));
	run_free(&r);
	sb_free(&line);
	free(args);
	free(path);
	remove_tree(dir);
	free(dir);
}

/* On a terminal, text wraps at COLUMNS when it is set, else at the
 * terminal's width (script's is 80 columns wide, or the caller's). */
Test(show, text_on_a_terminal_wraps_at_columns)
{
	char *dir = scratch_dir();
	char *path = write_long_text_model(dir);
	char *args = xasprintf("show -m '%s' long", path);
	struct run r = run_on_terminal("COLUMNS=78", args);

	cr_expect_eq(r.status, 0, "%s", r.out);
	cr_assert(strstr(r.out, "\nText\n"), "%s", r.out);
	expect_lines(strstr(r.out, "\nText\n"),
		"\nText\n"
		"  word0 word1 word2 word3 word4 word5 word6 word7 word8 word9 word10 word11\n"
		"  word12 word13 word14 word15 word16 word17 word18 word19 word20 word21 word22\n"
		"  word23 word24 word25 word26 word27 word28 word29 word30 word31 word32 word33\n"
		"  word34 word35 word36 word37 word38 word39 word40 word41 word42 word43 word44\n"
		"  word45 word46 word47 word48 word49 word50 word51 word52 word53 word54 word55\n"
		"  word56 word57 word58 word59 end\n");
	run_free(&r);
	r = run_on_terminal("COLUMNS=40", args);
	expect_lines(strstr(r.out, "\nText\n"),
		"\nText\n"
		"  word0 word1 word2 word3 word4 word5\n"
		"  word6 word7 word8 word9 word10 word11\n"
		"  word12 word13 word14 word15 word16\n"
		"  word17 word18 word19 word20 word21\n"
		"  word22 word23 word24 word25 word26\n"
		"  word27 word28 word29 word30 word31\n"
		"  word32 word33 word34 word35 word36\n"
		"  word37 word38 word39 word40 word41\n"
		"  word42 word43 word44 word45 word46\n"
		"  word47 word48 word49 word50 word51\n"
		"  word52 word53 word54 word55 word56\n"
		"  word57 word58 word59 end\n");
	run_free(&r);
	free(args);
	free(path);
	remove_tree(dir);
	free(dir);
}

/* At a narrow width the column of fact keys takes at most a third of it;
 * a longer key has its value on the next line, under the column. */
Test(show, long_fact_keys_do_not_take_a_narrow_width)
{
	char *dir = scratch_dir();
	char *path = write_file(dir, "m.yaml",
		"icsview: 1\nentities:\n  - id: a\n    kind: board\n    name: A\n    facts:\n"
		"      integrated_care_partnerships: 3\n      beds: 20\n");
	char *args = xasprintf("show -m '%s' a", path);
	struct run r = run_on_terminal("COLUMNS=60", args);

	cr_assert(strstr(r.out, "\nFacts\n"), "%s", r.out);
	expect_lines(strstr(r.out, "\nFacts\n"),
		"\nFacts\n"
		"  integrated_care_partnerships\n"
		"                      3\n"
		"  beds                20\n");
	run_free(&r);
	r = run_icsview(args);
	expect_lines(strstr(r.out, "\nFacts\n"),
		"\nFacts\n"
		"  integrated_care_partnerships  3\n"
		"  beds                          20\n");
	run_free(&r);
	free(args);
	free(path);
	remove_tree(dir);
	free(dir);
}

/* The column of fact keys is at most 32 wide at any width: a longer key
 * has its value after it on the same line when piped (one fact, one line
 * for grep), and on the next line, under the column, on a wide terminal. */
Test(show, long_fact_keys_are_capped_wrapped_or_not)
{
	char *dir = scratch_dir();
	char *path = write_file(dir, "m.yaml",
		"icsview: 1\nentities:\n  - id: a\n    kind: board\n    name: A\n    facts:\n"
		"      public_and_patient_involvement_manager: appointed\n      beds: 20\n"
		"      collaboration_approaches_evaluated: 4\n");
	char *args = xasprintf("show -m '%s' a", path);
	struct run r = run_icsview(args);

	cr_assert(strstr(r.out, "\nFacts\n"), "%s", r.out);
	expect_lines(strstr(r.out, "\nFacts\n"),
		"\nFacts\n"
		"  public_and_patient_involvement_manager  appointed\n"
		"  beds                            20\n"
		"  collaboration_approaches_evaluated  4\n");
	run_free(&r);
	r = run_on_terminal("COLUMNS=200", args);
	expect_lines(strstr(r.out, "\nFacts\n"),
		"\nFacts\n"
		"  public_and_patient_involvement_manager\n"
		"                                  appointed\n"
		"  beds                            20\n"
		"  collaboration_approaches_evaluated\n"
		"                                  4\n");
	run_free(&r);
	free(args);
	free(path);
	remove_tree(dir);
	free(dir);
}

Test(show, long_facts_and_links_are_wrapped_under_their_value)
{
	char *dir = scratch_dir();
	char *args = xasprintf("show -m '%s/m.yaml' a", dir);
	struct run r;

	free(write_file(dir, "m.yaml",
		"icsview: 1\n"
		"entities:\n"
		"  - id: a\n"
		"    kind: board\n"
		"    name: A board\n"
		"    facts:\n"
		"      remit: {value: \"the planning and oversight of urgent and emergency care across the whole system\","
		" note: from the terms of reference, source: doc}\n"
		"    links:\n"
		"      - {rel: reports_to, to: b, scope: delegated decisions on the commissioning of specialised services}\n"
		"  - {id: b, kind: board, name: B board}\n"
		"  - {id: doc, kind: source, name: Terms of reference}\n"));
	r = run_on_terminal("COLUMNS=78", args);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "\nFacts\n"), "%s", r.out);
	expect_lines(strstr(r.out, "\nFacts\n"),
		"\nFacts\n"
		"  remit  the planning and oversight of urgent and emergency care across the\n"
		"         whole system (from the terms of reference) [source: doc]\n"
		"\n"
		"Links\n"
		"  reports_to\n"
		"    B board (b)  scope: delegated decisions on the commissioning of\n"
		"      specialised services\n");
	run_free(&r);
	free(args);
	remove_tree(dir);
	free(dir);
}

Test(show, scratch_database_is_removed)
{
	char *dir = scratch_dir();
	char *env = xasprintf("TMPDIR='%s'", dir);
	struct run r = run_icsview_env(env, "show " NESTED " RHQ");
	DIR *d = opendir(dir);
	struct dirent *entry;
	size_t left = 0;

	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_assert(d);
	while ((entry = readdir(d)) != NULL)
		left += strcmp(entry->d_name, ".") != 0 && strcmp(entry->d_name, "..") != 0;
	closedir(d);
	cr_expect_eq(left, 0, "files left in TMPDIR");
	run_free(&r);
	free(env);
	remove_tree(dir);
	free(dir);
}

