/* icsview export, run as a user runs it: each format compared with the
 * expected text, JSON parsed back by python3, CSV by python3's csv module,
 * dot rendered by Graphviz (when installed), the governance picture as
 * dot, SVG parsed as XML and PNG, Markdown line by line; a
 * subtree, a filter, the exit statuses and a closed pipe. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"

#define MULTI "-m good/multi"
#define SPECIAL "-m export/special.yaml"

static const char json_sheffield[] =
	"{\n"
	"  \"format\": \"icsview-export\",\n"
	"  \"version\": 1,\n"
	"  \"root\": \"n-sheffield\",\n"
	"  \"entities\": [\n"
	"    {\n"
	"      \"id\": \"n-sheffield\",\n"
	"      \"kind\": \"place\",\n"
	"      \"type\": null,\n"
	"      \"name\": \"Sheffield\",\n"
	"      \"parent\": \"n-system\",\n"
	"      \"aka\": [],\n"
	"      \"facts\": [],\n"
	"      \"text\": null,\n"
	"      \"sources\": [\n"
	"        \"nested-doc\"\n"
	"      ],\n"
	"      \"sources_inherited\": true,\n"
	"      \"file\": \"good/nested.yaml\",\n"
	"      \"line\": 19,\n"
	"      \"col\": 9\n"
	"    },\n"
	"    {\n"
	"      \"id\": \"n-sth\",\n"
	"      \"kind\": \"organisation\",\n"
	"      \"type\": \"NHS foundation trust\",\n"
	"      \"name\": \"Sheffield Teaching Hospitals NHS Foundation Trust\",\n"
	"      \"parent\": \"n-sheffield\",\n"
	"      \"aka\": [\n"
	"        \"RHQ\"\n"
	"      ],\n"
	"      \"facts\": [],\n"
	"      \"text\": null,\n"
	"      \"sources\": [\n"
	"        \"nested-doc\"\n"
	"      ],\n"
	"      \"sources_inherited\": true,\n"
	"      \"file\": \"good/nested.yaml\",\n"
	"      \"line\": 23,\n"
	"      \"col\": 13\n"
	"    }\n"
	"  ],\n"
	"  \"links\": [\n"
	"    {\n"
	"      \"from\": \"n-sth\",\n"
	"      \"rel\": \"member_of\",\n"
	"      \"inverse\": \"members\",\n"
	"      \"to\": \"n-system\",\n"
	"      \"facts\": {\n"
	"        \"role\": \"member\"\n"
	"      },\n"
	"      \"sources\": []\n"
	"    }\n"
	"  ]\n"
	"}\n";

/* file relative to the model's directory; a fact column for each key, in
 * the order met; the two values of members joined */
static const char csv_nested[] =
	"id,kind,type,name,parent,aka,sources,file,line,population,wave,members,meets,statutory,published\r\n"
	"n-system,system,,South Yorkshire and Bassetlaw ICS,,SYB;SY&B;E54000009,nested-doc,nested.yaml,5,1500000,first,23; 20,,,\r\n"
	"n-sheffield,place,,Sheffield,n-system,,nested-doc,nested.yaml,19,,,,,,\r\n"
	"n-sth,organisation,NHS foundation trust,Sheffield Teaching Hospitals NHS Foundation Trust,n-sheffield,RHQ,nested-doc,nested.yaml,23,,,,,,\r\n"
	"n-doncaster,place,,Doncaster,n-system,,nested-doc,nested.yaml,30,,,,,,\r\n"
	"n-board,board,partnership board,Collaborative Partnership Board,n-system,,other-doc,nested.yaml,33,,,,monthly,no,\r\n"
	"nested-doc,source,,A year of integrated care systems: reviewing the journey so far,,,nested-doc,nested.yaml,39,,,,,,2018-09\r\n"
	"other-doc,source,,Committee visit note,,,nested-doc,nested.yaml,43,,,,,,\r\n";

static const char csv_links_multi[] =
	"from,rel,to,facts,sources\r\n"
	"m-jcc,reports_to,m-board,,\r\n"
	"m-jcc,delegated_authority,m-ccg,scope=hyper acute stroke services,\r\n"
	"m-ccg,member_of,m-board,,m-source\r\n"
	"m-ccg,commissions,m-provider,,\r\n"
	"m-ccg,sits_on,m-jcc,,\r\n"
	"m-person,chairs,m-board,since=2018,\r\n";

static const char dot_multi[] =
	"digraph \"icsview\" {\n"
	"  node [shape=box];\n"
	"  \"m-system\" [label=\"Multi-file system\", shape=box3d];\n"
	"  \"m-jcc\" [label=\"Joint Committee of Clinical Commissioning Groups\", shape=box];\n"
	"  \"m-board\" [label=\"Partnership board\", shape=component];\n"
	"  \"m-ccg\" [label=\"Sheffield CCG\", shape=box];\n"
	"  \"m-provider\" [label=\"Provider trust\", shape=box];\n"
	"  \"m-source\" [label=\"The source document\", shape=note];\n"
	"  \"m-person\" [label=\"Ms Example\", shape=egg];\n"
	"  \"m-system\" -> \"m-jcc\";\n"
	"  \"m-system\" -> \"m-board\";\n"
	"  \"m-system\" -> \"m-ccg\";\n"
	"  \"m-system\" -> \"m-provider\";\n"
	"  \"m-jcc\" -> \"m-board\" [style=dashed, label=\"reports_to\"];\n"
	"  \"m-jcc\" -> \"m-ccg\" [style=dashed, label=\"delegated_authority\"];\n"
	"  \"m-ccg\" -> \"m-board\" [style=dashed, label=\"member_of\"];\n"
	"}\n";

static const char md_nested[] =
	"# South Yorkshire and Bassetlaw ICS\n"
	"\n"
	"- **id:** n-system\n"
	"- **kind:** system\n"
	"- **aka:** SYB, SY&B, E54000009\n"
	"- **facts:**\n"
	"  - population: 1500000\n"
	"  - wave: first\n"
	"  - members: 23 [source: nested-doc]\n"
	"  - members: 20 (20 local bodies) [source: other-doc]\n"
	"- **backlinks:**\n"
	"  - members:\n"
	"    - Sheffield Teaching Hospitals NHS Foundation Trust (n-sth), role: member\n"
	"- **sources (file default):**\n"
	"  - nested-doc: A year of integrated care systems: reviewing the journey so far\n"
	"\n"
	"Covers the four boroughs in South Yorkshire \u2013 Barnsley, Doncaster,\n"
	"Rotherham and Sheffield \u2013 and Bassetlaw.\n"
	"\n"
	"## Sheffield\n"
	"\n"
	"- **id:** n-sheffield\n"
	"- **kind:** place\n"
	"- **sources (file default):**\n"
	"  - nested-doc: A year of integrated care systems: reviewing the journey so far\n"
	"\n"
	"### Sheffield Teaching Hospitals NHS Foundation Trust\n"
	"\n"
	"- **id:** n-sth\n"
	"- **kind:** organisation\n"
	"- **type:** NHS foundation trust\n"
	"- **aka:** RHQ\n"
	"- **links:**\n"
	"  - member_of:\n"
	"    - South Yorkshire and Bassetlaw ICS (n-system), role: member\n"
	"- **sources (file default):**\n"
	"  - nested-doc: A year of integrated care systems: reviewing the journey so far\n"
	"\n"
	"## Doncaster\n"
	"\n"
	"- **id:** n-doncaster\n"
	"- **kind:** place\n"
	"- **sources (file default):**\n"
	"  - nested-doc: A year of integrated care systems: reviewing the journey so far\n"
	"\n"
	"## Collaborative Partnership Board\n"
	"\n"
	"- **id:** n-board\n"
	"- **kind:** board\n"
	"- **type:** partnership board\n"
	"- **facts:**\n"
	"  - meets: monthly\n"
	"  - statutory: no\n"
	"- **sources:**\n"
	"  - other-doc: Committee visit note\n"
	"\n"
	"# A year of integrated care systems: reviewing the journey so far\n"
	"\n"
	"- **id:** nested-doc\n"
	"- **kind:** source\n"
	"- **facts:**\n"
	"  - published: 2018-09\n"
	"- **sources (file default):**\n"
	"  - nested-doc: A year of integrated care systems: reviewing the journey so far\n"
	"\n"
	"# Committee visit note\n"
	"\n"
	"- **id:** other-doc\n"
	"- **kind:** source\n"
	"- **sources (file default):**\n"
	"  - nested-doc: A year of integrated care systems: reviewing the journey so far\n";

static const char md_special[] =
	"# Back\\\\slash \\<place\\>\n"
	"\n"
	"- **id:** x-place\n"
	"- **kind:** place\n"
	"- **sources (file default):**\n"
	"  - x-doc: The document\n"
	"\n"
	"## Escape ^\\[ here\n"
	"\n"
	"- **id:** x-esc\n"
	"- **kind:** organisation\n"
	"- **type:** trust_like\n"
	"- **links:**\n"
	"  - member_of:\n"
	"    - Board \\| \\#1 (x-board), role: chair, vice\n"
	"  - serves:\n"
	"    - Other place (x-other)\n"
	"- **sources (file default):**\n"
	"  - x-doc: The document\n";


static void expect_output(const char *args, const char *expected)
{
	struct run r = run_icsview(args);

	cr_expect_eq(r.status, 0, "%s: exit %d: %s", args, r.status, r.err);
	cr_expect_str_eq(r.err, "", "%s", args);
	expect_lines(r.out, expected);
	run_free(&r);
}

/* Runs a shell command line in a scratch directory; returns its exit status
 * (its stderr in *err when err is not NULL; caller frees). */
static int shell(const char *dir, const char *line, char **err)
{
	char *command = xasprintf("cd '%s' && { %s; } 2>err", dir, line);
	char *err_path = xasprintf("%s/err", dir);
	int status = system(command);

	if (err)
		*err = slurp(err_path);
	free(command);
	free(err_path);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Writes what `icsview ARGS` prints to dir/name. */
static void export_to(const char *dir, const char *name, const char *args)
{
	struct run r = run_icsview(args);

	cr_assert_eq(r.status, 0, "%s: exit %d: %s", args, r.status, r.err);
	cr_expect_str_eq(r.err, "");
	free(write_file(dir, name, r.out));
	run_free(&r);
}

/* json */

Test(export, json_of_a_subtree_is_the_expected_text)
{
	expect_output("export --format json " NESTED " n-sheffield", json_sheffield);
	/* json is the default format; the entity is looked up as show does */
	expect_output("export " NESTED " sheffield", json_sheffield);
}

Test(export, json_is_parsed_back)
{
	check_json("export --format json " NESTED,
		"d['format'] == 'icsview-export' and d['version'] == 1 and d['root'] is None\n"
		"[e['id'] for e in d['entities']] == ['n-system', 'n-sheffield', 'n-sth', 'n-doncaster', 'n-board', 'nested-doc', 'other-doc']\n"
		"d['entities'][0]['aka'] == ['SYB', 'SY&B', 'E54000009'] and d['entities'][0]['parent'] is None\n"
		"d['entities'][0]['facts'][3] == {'key': 'members', 'value': '20', 'note': '20 local bodies', 'sources': ['other-doc']}\n"
		"d['entities'][0]['text'].startswith('Covers the four boroughs in South Yorkshire \u2013 Barnsley')\n"
		"d['entities'][0]['sources'] == ['nested-doc'] and d['entities'][0]['sources_inherited'] is True\n"
		"d['entities'][4]['sources'] == ['other-doc'] and d['entities'][4]['sources_inherited'] is False\n"
		"d['entities'][4]['type'] == 'partnership board'\n"
		"(d['entities'][2]['file'], d['entities'][2]['line'], d['entities'][2]['col']) == ('good/nested.yaml', 23, 13)\n"
		"all(set(e) == {'id', 'kind', 'type', 'name', 'parent', 'aka', 'facts', 'text', 'sources', 'sources_inherited', 'file', 'line', 'col'} for e in d['entities'])\n"
		"d['links'] == [{'from': 'n-sth', 'rel': 'member_of', 'inverse': 'members', 'to': 'n-system', 'facts': {'role': 'member'}, 'sources': []}]");
	check_json("export " MULTI,
		"[(l['from'], l['rel'], l['to']) for l in d['links']] == [('m-jcc', 'reports_to', 'm-board'), ('m-jcc', 'delegated_authority', 'm-ccg'), ('m-ccg', 'member_of', 'm-board'), ('m-ccg', 'commissions', 'm-provider'), ('m-ccg', 'sits_on', 'm-jcc'), ('m-person', 'chairs', 'm-board')]\n"
		"d['links'][4]['inverse'] == 'seats' and d['links'][3]['inverse'] == 'commissioned_by'\n"
		"d['links'][2]['sources'] == ['m-source'] and d['links'][5]['facts'] == {'since': '2018'}\n"
		"[e['id'] for e in d['entities']][:5] == ['m-system', 'm-jcc', 'm-board', 'm-ccg', 'm-provider']");
	/* control characters escaped, quotes and commas kept */
	check_json("export " SPECIAL " x-esc",
		"d['root'] == 'x-esc' and [e['id'] for e in d['entities']] == ['x-esc']\n"
		"d['entities'][0]['name'] == 'Escape \\x1b here'\n"
		"d['links'][0]['facts'] == {'role': 'chair, vice'}");
}

Test(export, subtree_holds_own_descendants_only)
{
	/* p-trust serves p-bassetlaw: shown there in the tree, exported only under
	 * its own parent */
	check_json("export -m good/explicit-parent.yaml p-bassetlaw",
		"[e['id'] for e in d['entities']] == ['p-bassetlaw'] and d['links'] == []");
	check_json("export -m good/explicit-parent.yaml p-system",
		"[e['id'] for e in d['entities']] == ['p-system', 'p-doncaster', 'p-trust', 'p-bassetlaw']\n"
		"[(l['from'], l['rel'], l['to'], l['facts']) for l in d['links']] == [('p-trust', 'serves', 'p-bassetlaw', {'share': '0.3'})]");
	check_json("export " SPECIAL " x-board",
		"[e['id'] for e in d['entities']] == ['x-board', 'x-l2', 'x-l3', 'x-l4', 'x-l5', 'x-l6', 'x-l7']\n"
		"d['entities'][0]['sources'] == ['x-doc', 'y-doc'] and d['entities'][0]['parent'] == 'x-system'");
}

Test(export, filter_exports_the_matches_and_their_ancestors)
{
	check_json("export " NESTED " --filter kind:organisation",
		"[e['id'] for e in d['entities']] == ['n-system', 'n-sheffield', 'n-sth']");
	check_json("export " NESTED " -f kind:place n-system",
		"[e['id'] for e in d['entities']] == ['n-system', 'n-sheffield', 'n-doncaster'] and d['links'] == []");
	expect_output("export --format csv " NESTED " --filter=meets=monthly",
		"id,kind,type,name,parent,aka,sources,file,line,population,wave,members,meets,statutory\r\n"
		"n-system,system,,South Yorkshire and Bassetlaw ICS,,SYB;SY&B;E54000009,nested-doc,nested.yaml,5,1500000,first,23; 20,,\r\n"
		"n-board,board,partnership board,Collaborative Partnership Board,n-system,,other-doc,nested.yaml,33,,,,monthly,no\r\n");
}

/* csv */

Test(export, csv_is_the_expected_text)
{
	expect_output("export --format csv " NESTED, csv_nested);
	expect_output("export --format csv --links " MULTI, csv_links_multi);
	expect_output("export --format csv --links --rel member_of,sits_on " MULTI,
		"from,rel,to,facts,sources\r\n"
		"m-ccg,member_of,m-board,,m-source\r\n"
		"m-ccg,sits_on,m-jcc,,\r\n");
}

Test(export, csv_is_parsed_back_by_python)
{
	char *dir = scratch_dir(), *err = NULL;
	int status;

	export_to(dir, "entities.csv", "export --format csv " SPECIAL);
	export_to(dir, "links.csv", "export --format csv --links " SPECIAL);
	free(write_file(dir, "check.py",
		"import csv\n"
		"with open('entities.csv', newline='', encoding='utf-8') as f:\n"
		"    rows = list(csv.reader(f))\n"
		"assert rows[0] == ['id', 'kind', 'type', 'name', 'parent', 'aka', 'sources', 'file', 'line', 'population'], rows[0]\n"
		"assert all(len(r) == 10 for r in rows), rows\n"
		"assert rows[1] == ['x-system', 'system', '', 'Smith, Jones and \"Partners\" ICS', '', 'X,1;*X*', 'x-doc', 'special.yaml', '5', '1000'], rows[1]\n"
		"assert rows[2][3] == 'Back\\\\slash <place>', rows[2]\n"
		"assert rows[3][0] == 'x-esc' and rows[3][3] == 'Escape ^[ here' and rows[3][2] == 'trust_like', rows[3]\n"
		"assert rows[4][0] == 'x-board' and rows[4][6] == 'x-doc;y-doc', rows[4]\n"
		"assert [r[0] for r in rows[1:]] == ['x-system', 'x-place', 'x-esc', 'x-board', 'x-l2', 'x-l3', 'x-l4', 'x-l5', 'x-l6', 'x-l7', 'x-other', 'x-doc', 'y-doc'], rows\n"
		"raw = open('entities.csv', 'rb').read()\n"
		"assert b'\\x1b' not in raw and raw.endswith(b'\\r\\n') and raw.count(b'\\n') == len(rows), raw\n"
		"with open('links.csv', newline='', encoding='utf-8') as f:\n"
		"    links = list(csv.reader(f))\n"
		"assert links == [['from', 'rel', 'to', 'facts', 'sources'], ['x-esc', 'member_of', 'x-board', 'role=chair, vice', ''], ['x-esc', 'serves', 'x-other', '', ''], ['x-l2', 'reports_to', 'x-board', '', '']], links\n"));
	status = shell(dir, "python3 check.py", &err);
	cr_expect_eq(status, 0, "%s", err);
	free(err);
	remove_tree(dir);
	free(dir);
}

/* Facts as columns, read back by Python's csv module: one column per key
 * met, in the order met; several values joined by "; "; a key or value
 * that looks like a formula neutralised; file paths relative to the
 * model's directory, or as given for a model of several paths. */
Test(export, csv_facts_are_columns_and_paths_relative)
{
	char *dir = scratch_dir(), *err = NULL, *args;
	int status;

	cr_assert_eq(shell(dir, "mkdir -p model/sub", &err), 0, "%s", err);
	free(err);
	err = NULL;
	free(write_file(dir, "model/sub/a.yaml",
		"icsview: 1\n"
		"title: Facts\n"
		"source: c-doc\n"
		"entities:\n"
		"  - id: c-sys\n"
		"    kind: system\n"
		"    name: A system\n"
		"    facts:\n"
		"      population: 1500000\n"
		"      members:\n"
		"        - {value: 23, source: c-doc}\n"
		"        - {value: \"=2+3\", note: disputed}\n"
		"    children:\n"
		"      - {id: c-place, kind: place, name: A place,\n"
		"         facts: {\"=key\": \"-1\", postcode: \"S1 2AB, S2 3CD\", file: F1}}\n"
		"  - {id: c-doc, kind: source, name: The document}\n"));
	free(write_file(dir, "other.yaml",
		"icsview: 1\n"
		"title: Other\n"
		"entities:\n"
		"  - {id: c-other, kind: system, name: Other, facts: {beds: 40}}\n"));
	args = xasprintf("export --format csv -m '%s/model'", dir);
	export_to(dir, "entities.csv", args);
	free(args);
	args = xasprintf("export --format csv -m '%s/model' -m '%s/other.yaml'", dir, dir);
	export_to(dir, "several.csv", args);
	free(args);
	args = xasprintf("export --format csv -m '%s/model/sub/a.yaml' c-place", dir);
	export_to(dir, "place.csv", args);
	free(args);
	free(write_file(dir, "check.py",
		"import csv, os\n"
		"def read(name):\n"
		"    with open(name, newline='', encoding='utf-8') as f:\n"
		"        return list(csv.reader(f))\n"
		"rows = read('entities.csv')\n"
		"fixed = ['id', 'kind', 'type', 'name', 'parent', 'aka', 'sources', 'file', 'line']\n"
		"assert rows[0] == fixed + ['population', 'members', \"'=key\", 'postcode', 'fact:file'], rows[0]\n"
		"assert all(len(r) == 14 for r in rows), rows\n"
		"by_id = {r[0]: r for r in rows[1:]}\n"
		"assert by_id['c-sys'][7:] == ['sub/a.yaml', '5', '1500000', '23; =2+3', '', '', ''], by_id['c-sys']\n"
		"assert by_id['c-place'][7:] == ['sub/a.yaml', '14', '', '', \"'-1\", 'S1 2AB, S2 3CD', 'F1'], by_id['c-place']\n"
		"assert by_id['c-doc'][7:] == ['sub/a.yaml', '16', '', '', '', '', ''], by_id['c-doc']\n"
		"several = read('several.csv')\n"
		"assert several[0] == fixed + ['population', 'members', \"'=key\", 'postcode', 'fact:file', 'beds'], several[0]\n"
		"files = {r[0]: r[7] for r in several[1:]}\n"
		"d = os.getcwd()\n"
		"assert os.path.samefile(files['c-sys'], d + '/model/sub/a.yaml'), files\n"
		"assert files['c-other'].endswith('/other.yaml') and os.path.isabs(files['c-other']), files\n"
		"place = read('place.csv')\n"
		"assert place == [fixed + [\"'=key\", 'postcode', 'fact:file'], ['c-place', 'place', '', 'A place', 'c-sys', '', 'c-doc', 'a.yaml', '14', \"'-1\", 'S1 2AB, S2 3CD', 'F1']], place\n"));
	status = shell(dir, "python3 check.py", &err);
	cr_expect_eq(status, 0, "%s", err);
	free(err);
	remove_tree(dir);
	free(dir);
}

/* Cells a spreadsheet would run as formulas (OWASP: = + - @ tab CR first)
 * are quoted behind a single quote, in entities and links alike. */
Test(export, csv_neutralises_formulas)
{
	char *dir = scratch_dir(), *err = NULL, *model, *args;
	int status;

	model = write_file(dir, "formulas.yaml",
		"icsview: 1\n"
		"title: Formulas\n"
		"source: f-doc\n"
		"entities:\n"
		"  - {id: f-eq, kind: system, name: \"=cmd|' /C calc'!A0\", aka: [\"+1\", \"@SUM(A1)\"]}\n"
		"  - {id: f-minus, kind: system, name: \"-2+3\", type: \"@t\",\n"
		"     links: [{rel: member_of, to: f-eq, role: \"=1\"}]}\n"
		"  - {id: f-tab, kind: system, name: \"\\t=1\\r\", text: plain}\n"
		"  - {id: f-doc, kind: source, name: \"=HYPERLINK(1)\"}\n");
	args = xasprintf("export --format csv -m '%s'", model);
	export_to(dir, "entities.csv", args);
	free(args);
	args = xasprintf("export --format csv --links -m '%s'", model);
	export_to(dir, "links.csv", args);
	free(args);
	free(write_file(dir, "check.py",
		"import csv\n"
		"rows = []\n"
		"for name in ('entities.csv', 'links.csv'):\n"
		"    with open(name, newline='', encoding='utf-8') as f:\n"
		"        rows += list(csv.reader(f))\n"
		"for r in rows:\n"
		"    for cell in r:\n"
		"        assert not cell or cell[0] not in '=+-@\\t\\r', (cell, r)\n"
		"names = {r[0]: r for r in rows[1:] if len(r) == 9}\n"
		"assert names['f-eq'][3] == \"'=cmd|' /C calc'!A0\", names['f-eq']\n"
		"assert names['f-eq'][5] == \"'+1;@SUM(A1)\", names['f-eq']\n"
		"assert names['f-minus'][3] == \"'-2+3\" and names['f-minus'][2] == \"'@t\", names['f-minus']\n"
		"assert names['f-tab'][3] == '^I=1^M', names['f-tab']\n"
		"assert ['f-minus', 'member_of', 'f-eq', 'role==1', ''] in rows, rows\n"
		"raw = open('entities.csv', 'rb').read()\n"
		"assert b',\"\\'=cmd|\\' /C calc\\'!A0\",' in raw, raw\n"));
	status = shell(dir, "python3 check.py", &err);
	cr_expect_eq(status, 0, "%s", err);
	free(err);
	free(model);
	remove_tree(dir);
	free(dir);
}

/* dot */

Test(export, dot_is_the_expected_text)
{
	expect_output("export --format dot --all " MULTI, dot_multi);
	/* only edges between exported entities; --rel chooses the relations */
	expect_output("export --format dot --all --rel sits_on,delegates_authority_to " MULTI " m-system",
		"digraph \"icsview\" {\n"
		"  node [shape=box];\n"
		"  \"m-system\" [label=\"Multi-file system\", shape=box3d];\n"
		"  \"m-jcc\" [label=\"Joint Committee of Clinical Commissioning Groups\", shape=box];\n"
		"  \"m-board\" [label=\"Partnership board\", shape=component];\n"
		"  \"m-ccg\" [label=\"Sheffield CCG\", shape=box];\n"
		"  \"m-provider\" [label=\"Provider trust\", shape=box];\n"
		"  \"m-system\" -> \"m-jcc\";\n"
		"  \"m-system\" -> \"m-board\";\n"
		"  \"m-system\" -> \"m-ccg\";\n"
		"  \"m-system\" -> \"m-provider\";\n"
		"  \"m-jcc\" -> \"m-ccg\" [style=dashed, label=\"delegated_authority\"];\n"
		"  \"m-ccg\" -> \"m-jcc\" [style=dashed, label=\"sits_on\"];\n"
		"}\n");
	expect_output("export --format dot --all " SPECIAL " x-place",
		"digraph \"icsview\" {\n"
		"  node [shape=box];\n"
		"  \"x-place\" [label=\"Back\\\\slash <place>\", shape=ellipse];\n"
		"  \"x-esc\" [label=\"Escape ^[ here\", shape=box];\n"
		"  \"x-place\" -> \"x-esc\";\n"
		"}\n");
}

Test(export, dot_renders_with_graphviz)
{
	char *dir = scratch_dir(), *err = NULL;
	const char *const models[] = { MULTI, NESTED, SPECIAL, "-m good/explicit-parent.yaml" };

	if (shell(dir, "command -v dot >/dev/null", NULL) != 0) {
		remove_tree(dir);
		free(dir);
		cr_skip("Graphviz (dot) is not installed");
	}
	for (size_t i = 0; i < sizeof(models) / sizeof(models[0]); i++) {
		char *args = xasprintf("export --format dot %s", models[i]);
		int status;

		export_to(dir, "graph.dot", args);
		status = shell(dir, "dot -Tsvg graph.dot >graph.svg && grep -q '<svg' graph.svg", &err);
		cr_expect_eq(status, 0, "%s: dot -Tsvg: exit %d: %s", args, status, err);
		cr_expect_str_eq(err, "", "%s", args);
		free(err);
		free(args);
	}
	remove_tree(dir);
	free(dir);
}

/* The governance picture: the default dot */
Test(export, dot_draws_the_governance_by_default)
{
	expect_output("export --format dot " MULTI " m-system",
		"digraph \"icsview\" {\n"
		"  graph [rankdir=TB, compound=true, nodesep=0.4, ranksep=0.6, fontname=\"Helvetica\", "
		"labelloc=t, label=\"Governance of Multi-file system\"];\n"
		"  node [shape=box, fontname=\"Helvetica\", fontsize=11];\n"
		"  edge [fontname=\"Helvetica\", fontsize=9];\n"
		"  \"m-jcc\" [label=\"Joint Committee of Clinical Commissioning Groups\"];\n"
		"  \"m-board\" [label=\"Partnership board\\n1 member\"];\n"
		"  \"m-ccg\" [label=\"Sheffield CCG\", style=rounded];\n"
		"  \"m-person\" [label=\"Ms Example\", style=rounded];\n"
		"  \"m-board\" -> \"m-jcc\" [style=solid, dir=back, label=\"reports to\"];\n"
		/* from the delegating body to the holder, the scope on the line */
		"  \"m-ccg\" -> \"m-jcc\" [color=\"black:invis:black\", dir=forward, "
		"label=\"delegates authority to\\n(hyper acute stroke services)\"];\n"
		"  \"m-person\" -> \"m-board\" [style=dotted, dir=forward, label=\"chairs\"];\n"
		"  subgraph \"cluster_legend\" {\n"
		"    label=\"Legend: read each line along its arrow\";\n"
		"    node [shape=point, width=0.05];\n"
		"    \"legend-0-a\" -> \"legend-0-b\" [style=solid, label=\"reports to\"];\n"
		"    \"legend-2-a\" -> \"legend-2-b\" [color=\"black:invis:black\", label=\"delegates authority to\"];\n"
		"    \"legend-3-a\" -> \"legend-3-b\" [style=dotted, label=\"chairs\"];\n"
		"  }\n"
		"}\n");
}

Test(export, dot_clusters_groups_and_escapes_names)
{
	struct run r = run_icsview("export --format dot -m diagram/groups.yaml g-system");

	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "  subgraph \"cluster_group-1\" {\n"
	                        "    label=\"G1: 3 organisations, all members of Partnership board\";\n"), "%s", r.out);
	cr_expect(strstr(r.out, "\"group-1\" [shape=plaintext, label=\"First organisation\\lSecond organisation"
	                        "\\lThird organisation\\l\"];"), "%s", r.out);
	cr_expect(strstr(r.out, ", ltail=\"cluster_group-2\"];\n"), "%s", r.out);
	cr_expect(strstr(r.out, "  { rank=sink; \"g-alone\"; }\n"), "%s", r.out);
	run_free(&r);
	r = run_icsview("export --format dot -m diagram/hostile.yaml d-system");
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(!strchr(r.out, '\033') && !strchr(r.out, '\a'), "%s", r.out);
	cr_expect(strstr(r.out, "Board A ^[]52;c;cGF3bmVk^G copies"), "%s", r.out);
	run_free(&r);
}

/* svg and png come from Graphviz's library: no dot program is run (PATH
 * is emptied), and the SVG parses as XML. */
Test(export, svg_parses_as_xml_and_png_is_a_png)
{
	char *dir = scratch_dir(), *err = NULL;
	static const char *const models[] = {
		MULTI, "-m diagram/groups.yaml", "-m diagram/hostile.yaml", "-m \"$ICSVIEW_DATA\" syb",
	};

	for (size_t i = 0; i < sizeof(models) / sizeof(models[0]); i++) {
		char *line = xasprintf("cd '%s' && PATH= '%s' export --format svg %s >'%s/out.svg'",
		                       getenv("TEST_MODELS"), getenv("ICSVIEW_BIN"), models[i], dir);
		int status = shell(dir, line, &err);

		cr_expect_eq(status, 0, "%s: %s", models[i], err);
		free(err);
		free(line);
		status = shell(dir, "python3 -c 'import sys, xml.etree.ElementTree as t; "
		                    "r = t.parse(sys.argv[1]).getroot(); "
		                    "sys.exit(0 if r.tag == \"{http://www.w3.org/2000/svg}svg\" and "
		                    "len(list(r.iter(\"{http://www.w3.org/2000/svg}text\"))) > 0 else 1)' out.svg", &err);
		cr_expect_eq(status, 0, "%s: not an SVG document: %s", models[i], err);
		free(err);
	}
	export_to(dir, "out.png", "export --format png " MULTI);
	cr_expect_eq(shell(dir, "head -c 8 out.png | od -An -tx1 | tr -d ' \n' | grep -qx 89504e470d0a1a0a", NULL), 0,
	             "not a PNG");
	remove_tree(dir);
	free(dir);
}

Test(export, all_goes_with_pictures_only)
{
	struct run r = run_icsview("export --all --format json " MULTI);

	cr_expect_eq(r.status, 2);
	cr_expect_str_eq(r.err, "icsview: export: --all goes with --format dot, svg or png\n");
	run_free(&r);
}

/* md */

Test(export, md_is_the_expected_text)
{
	expect_output("export --format md " NESTED, md_nested);
	expect_output("export --format markdown " SPECIAL " x-place", md_special);
}

Test(export, md_escapes_what_would_break_the_structure)
{
	struct run r = run_icsview("export --format md " SPECIAL);

	cr_expect_eq(r.status, 0, "%s", r.err);
	expect_head(r.out,
		"# Smith, Jones and \"Partners\" ICS\n"
		"\n"
		"- **id:** x-system\n"
		"- **kind:** system\n"
		"- **aka:** X,1, \\*X\\*\n"
		"- **facts:**\n"
		"  - population: 1000\n"
		"- **sources (file default):**\n"
		"  - x-doc: The document\n"
		"\n"
		"\\# Not a heading\n"
		"\\- not a list, but a \\*star\\* and \\[brackets\\]\n"
		"\n"
		"1\\. nor an ordered list\n"
		"\n"
		"## Back\\\\slash \\<place\\>\n");
	cr_expect(!strchr(r.out, '\x1b'), "ESC in the output");
	/* past ###### the levels are nested lists */
	cr_assert(strstr(r.out, "###### Level 5\n"), "%s", r.out);
	expect_lines(strstr(r.out, "###### Level 5\n"),
		"###### Level 5\n"
		"\n"
		"- **id:** x-l5\n"
		"- **kind:** board\n"
		"- **sources (file default):**\n"
		"  - x-doc: The document\n"
		"\n"
		"- **Level 6**\n"
		"  - **id:** x-l6\n"
		"  - **kind:** board\n"
		"  - **sources (file default):**\n"
		"    - x-doc: The document\n"
		"\n"
		"  - **- Level 7**\n"
		"    - **id:** x-l7\n"
		"    - **kind:** board\n"
		"    - **sources (file default):**\n"
		"      - x-doc: The document\n"
		"\n"
		"    deep prose\n"
		"\n"
		"# Other place\n"
		"\n"
		"- **id:** x-other\n"
		"- **kind:** place\n"
		"- **backlinks:**\n"
		"  - served_by:\n"
		"    - Escape ^\\[ here (x-esc)\n"
		"- **sources (file default):**\n"
		"  - x-doc: The document\n"
		"\n"
		"# The document\n"
		"\n"
		"- **id:** x-doc\n"
		"- **kind:** source\n"
		"- **sources (file default):**\n"
		"  - x-doc: The document\n"
		"\n"
		"# Another document\n"
		"\n"
		"- **id:** y-doc\n"
		"- **kind:** source\n"
		"- **sources (file default):**\n"
		"  - x-doc: The document\n");
	run_free(&r);
}

Test(export, no_control_character_reaches_text_formats)
{
	static const char *const formats[] = { "csv", "csv --links", "dot", "md" };

	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		char *args = xasprintf("export --format %s " SPECIAL, formats[i]);
		struct run r = run_icsview(args);

		cr_expect_eq(r.status, 0, "%s: %s", args, r.err);
		for (const char *p = r.out; *p; p++)
			if ((unsigned char)*p < 0x20 && *p != '\n' && *p != '\r') {
				cr_expect(false, "%s: control character %#x", args, (unsigned char)*p);
				break;
			}
		free(args);
		run_free(&r);
	}
}

/* statuses */

static void expect_failure(const char *args, int status, const char *err)
{
	struct run r = run_icsview(args);

	cr_expect_eq(r.status, status, "%s: exit %d: %s", args, r.status, r.err);
	cr_expect_str_eq(r.out, "", "%s", args);
	if (err)
		cr_expect_str_eq(r.err, err, "%s", args);
	else
		cr_expect(strncmp(r.err, "icsview: ", 9) == 0 &&
		          strchr(r.err, '\n') == r.err + strlen(r.err) - 1,
		          "%s: not one line 'icsview: ...': %s", args, r.err);
	run_free(&r);
}

Test(export, exit_statuses)
{
	expect_failure("export --format yaml " NESTED,
	               2, "icsview: export: unknown format 'yaml': json, csv, dot, svg, png or md\n");
	expect_failure("export " NESTED " no-such-thing", 1, "icsview: no entity matches 'no-such-thing'\n");
	expect_failure("export " BOTH " Doncaster", 3,
	               "icsview: 'Doncaster' is ambiguous: 2 entities match\n"
	               "n-doncaster\tplace\tDoncaster\np-doncaster\tplace\tDoncaster\n");
	expect_failure("export --format json --links " NESTED, 2, NULL);
	expect_failure("export --format dot --rel no_such_rel " NESTED,
	               2, "icsview: export: unknown relation 'no_such_rel'\n");
	expect_failure("export --rel member_of, " NESTED, 2, NULL);
	expect_failure("export --filter 'kind:nonsense' " NESTED, 2, NULL);
	expect_failure("export --filter '(' " NESTED, 2, NULL);
	expect_failure("export " NESTED " a b", 2, NULL);
	expect_failure("export --no-such", 2, NULL);
	expect_failure("export --format", 2, NULL);
	expect_failure("export -m bad/dangling-link.yaml", 1,
	               "bad/dangling-link.yaml:7:31: error: link to unknown entity 'no-such-board'\n");
}

Test(export, help)
{
	struct run r = run_icsview("export --help");

	cr_expect_eq(r.status, 0);
	cr_expect(strncmp(r.out, "usage: icsview export ", 22) == 0, "%s", r.out);
	run_free(&r);
	r = run_icsview("--help");
	cr_expect(strstr(r.out, "  export "), "%s", r.out);
	run_free(&r);
}

/* A closed pipe */

static char *big_model(void)
{
	char *dir = scratch_dir();
	char *path = xasprintf("%s/big.yaml", dir);
	FILE *f = fopen(path, "w");

	cr_assert(f);
	fputs("icsview: 1\nentities:\n  - {id: top, kind: system, name: Top}\n", f);
	for (int i = 0; i < 3000; i++)
		fprintf(f, "  - {id: e%d, kind: place, parent: top, name: \"Place %d, with a name long"
		        " enough to fill pipes\", links: [{rel: member_of, to: top}]}\n", i, i);
	fclose(f);
	free(path);
	return dir;
}

Test(export, closed_pipe_exits_quietly)
{
	static const char *const formats[] = { "json", "csv", "csv --links", "dot", "md" };
	char *dir = big_model();

	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		char *line = xasprintf("{ '%s' export --format %s -m '%s/big.yaml'; echo $? >status; }"
		                       " 2>stderr | head -1 >out", getenv("ICSVIEW_BIN"), formats[i], dir);
		char *status_path = xasprintf("%s/status", dir), *err_path = xasprintf("%s/stderr", dir);
		char *status, *err;

		cr_assert_eq(shell(dir, line, NULL), 0);
		status = slurp(status_path);
		err = slurp(err_path);
		cr_expect_str_eq(status, "0\n", "%s: exit %s", formats[i], status);
		cr_expect_str_eq(err, "", "%s", formats[i]);
		free(status); free(err); free(status_path); free(err_path); free(line);
	}
	remove_tree(dir);
	free(dir);
}
