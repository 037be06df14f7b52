/* The export (export.h) over real models loaded from YAML: each format's
 * writer and its escaping (CSV by RFC 4180 with control characters shown,
 * Markdown's structure characters, DOT's quoted strings, JSON's control
 * characters and bytes that are not UTF-8), the subtree under an entity, a
 * filter, and the choice of relations.
 *
 * The models are loaded by their paths relative to tests/models (the
 * working directory), so that the "file" each entity gives reads as it
 * does from the command line. */
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "helpers.h"
#include "icsview/base/output.h"
#include "icsview/base/util.h"
#include "icsview/query/export.h"
#include "icsview/query/filter.h"

#define ESCAPES "export/escapes.yaml"
#define SPECIAL "export/special.yaml"
#define NESTED_MODEL "good/nested.yaml"

static char *dir;
static struct store *st;

static void teardown(void)
{
	if (st)
		unload_model(st, dir);
	st = NULL;
	dir = NULL;
}

TestSuite(export_core, .fini = teardown);

static void load(const char *relative)
{
	const char *models = getenv("TEST_MODELS");

	cr_assert_not_null(models, "TEST_MODELS is not set: run the tests through meson test");
	cr_assert_eq(chdir(models), 0, "cd %s", models);
	dir = scratch_dir();
	st = load_paths(dir, &relative, 1);
}

/* What export_write writes with these options: the subtree under root_id
 * (NULL: the whole model).  Caller frees. */
static char *exported(const struct export_options *opts, const char *root_id)
{
	struct export *x = NULL;
	struct entity root = { 0 };
	struct out o;
	char *error = NULL, *text = NULL;
	size_t size = 0;
	FILE *f;

	cr_assert_eq(export_open(st, opts, &x, &error), EXPORT_OK, "%s",
	             error ? error : store_errmsg(st));
	cr_assert_null(error);
	if (root_id)
		cr_assert_eq(store_entity(st, eid_of(st, root_id), &root), STORE_OK);
	f = open_memstream(&text, &size);
	cr_assert_not_null(f);
	out_init(&o, f);
	cr_assert_eq(export_write(x, root_id ? &root : NULL, &o), EXPORT_OK, "%s", store_errmsg(st));
	cr_assert(!out_failed(&o));
	cr_assert_eq(fclose(f), 0);
	entity_clear(&root);
	export_free(x);
	return text;
}

static char *exported_as(enum export_format format, const char *root_id)
{
	/* dot: the picture of everything, which shows every entity's text */
	struct export_options opts = { .format = format, .all = format == EXPORT_DOT };

	return exported(&opts, root_id);
}

/* Line by line (naming the first that differs), then byte for byte. */
static void expect_text(const char *actual, const char *expected)
{
	expect_lines(actual, expected);
	cr_expect(strcmp(actual, expected) == 0, "not byte for byte the expected text:\n%s", actual);
}

/* Gives the entity `id` a name that is not UTF-8, in the database (YAML
 * cannot carry one: libyaml refuses it, but a database can hold one), the
 * store closed meanwhile. */
static void plant_name(const char *id, const char *name)
{
	char *path = xasprintf("%s/model.db", dir), *error = NULL;
	sqlite3 *db = NULL;
	sqlite3_stmt *stmt = NULL;

	store_close(st);
	cr_assert_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_prepare_v2(db, "UPDATE entities SET name = ? WHERE id = ?", -1, &stmt,
	                                NULL), SQLITE_OK, "%s", sqlite3_errmsg(db));
	sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, id, -1, SQLITE_STATIC);
	cr_assert_eq(sqlite3_step(stmt), SQLITE_DONE, "%s", sqlite3_errmsg(db));
	cr_assert_eq(sqlite3_changes(db), 1);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	st = store_open(path, &error);
	cr_assert_not_null(st, "%s", error);
	free(path);
}

static void apply_filter(const char *text)
{
	struct filter_error error;
	struct filter *f = filter_parse(text, &error);
	struct filter_result result;

	cr_assert_not_null(f, "%s: %s", text, error.message);
	cr_assert_eq(filter_apply(st, f, &result), FILTER_OK, "%s: %s", text, result.error.message);
	filter_free(f);
}

/* formats */

Test(export_core, format_names)
{
	static const struct { const char *name; enum export_format format; } known[] = {
		{ "json", EXPORT_JSON }, { "csv", EXPORT_CSV }, { "dot", EXPORT_DOT },
		{ "md", EXPORT_MD }, { "markdown", EXPORT_MD },
	};
	static const char *const unknown[] = { "", "JSON", "yaml", "md ", "txt" };
	enum export_format format;

	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		cr_expect(export_format_parse(known[i].name, &format), "%s", known[i].name);
		cr_expect_eq(format, known[i].format, "%s", known[i].name);
	}
	for (size_t i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++)
		cr_expect(!export_format_parse(unknown[i], &format), "'%s'", unknown[i]);
}

/* csv */

Test(export_core, csv_quotes_commas_and_quotes_and_shows_line_breaks)
{
	char *csv;

	load(ESCAPES);
	csv = exported_as(EXPORT_CSV, NULL);
	/* a field with a comma or a quote is quoted, its quotes doubled; a line
	 * break (here in a type) and other controls are shown, so that each
	 * record is one line */
	expect_text(csv,
		"id,kind,type,name,parent,aka,sources,file,line,motto,lines\r\n"
		"e-root,system,,\"Tab^Ihere, bell ^G, DEL ^?, NEL <U+0085> and <U+202E>evil\",,"
		"\"comma, in aka;semi;colon\",e-doc,export/escapes.yaml,5,"
		"\"quote \"\" and back\\slash\",one^M^Jtwo\r\n"
		"e-child,organisation,two^Jlines,\"Single 'quoted' and \"\"double\"\"\",e-root,,e-doc,"
		"export/escapes.yaml,20,,\r\n"
		"e-doc,source,,The document,,,e-doc,export/escapes.yaml,26,,\r\n");
	free(csv);
}

/* The file column: relative to base_dir when the file lies under it (a
 * trailing slash or a doubled one makes no difference), else as stored. */
Test(export_core, csv_files_relative_to_the_base_directory)
{
	static const struct { const char *base, *file; } cases[] = {
		{ "good", "nested.yaml" },
		{ "good/", "nested.yaml" },
		{ "good//", "nested.yaml" },
		{ "goo", "good/nested.yaml" },          /* a prefix, not a directory */
		{ "other", "good/nested.yaml" },
		{ "good/nested.yaml", "good/nested.yaml" },   /* the file itself */
		{ "", "good/nested.yaml" },
	};

	load(NESTED_MODEL);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct export_options opts = { .format = EXPORT_CSV, .base_dir = cases[i].base };
		char *text = exported(&opts, "n-sth");
		char *expected = xasprintf(
			"id,kind,type,name,parent,aka,sources,file,line\r\n"
			"n-sth,organisation,NHS foundation trust,Sheffield Teaching Hospitals NHS Foundation Trust,"
			"n-sheffield,RHQ,nested-doc,%s,23\r\n", cases[i].file);

		expect_text(text, expected);
		free(expected);
		free(text);
	}
}

Test(export_core, csv_links_quote_their_facts)
{
	struct export_options opts = { .format = EXPORT_CSV, .links_only = true };
	char *csv;

	load(ESCAPES);
	csv = exported(&opts, NULL);
	expect_text(csv,
		"from,rel,to,facts,sources\r\n"
		"e-child,member_of,e-root,\"role=a \"\"chair\"\", b\",\r\n");
	free(csv);
}

/* markdown */

Test(export_core, md_escapes_what_would_change_the_structure)
{
	char *md;

	load(ESCAPES);
	md = exported_as(EXPORT_MD, NULL);
	/* < > \ always; _ only where it could start emphasis (not in snake_case);
	 * & only before what reads as an entity (&amp;, not a&b); at the start
	 * of a line of text, the markers of a quote, a list or an ordered list */
	expect_text(md,
		"# Tab^Ihere, bell ^G, DEL ^?, NEL \\<U+0085\\> and \\<U+202E\\>evil\n"
		"\n"
		"- **id:** e-root\n"
		"- **kind:** system\n"
		"- **aka:** comma, in aka, semi;colon\n"
		"- **facts:**\n"
		"  - motto: quote \" and back\\\\slash\n"
		"  - lines: one^M^Jtwo\n"
		"- **backlinks:**\n"
		"  - members:\n"
		"    - Single 'quoted' and \"double\" (e-child), role: a \"chair\", b\n"
		"- **sources (file default):**\n"
		"  - e-doc: The document\n"
		"\n"
		"Snake_case, \\_under\\_ and a&b, \\&amp; and 3 \\< 4.\n"
		"\\> not a quote\n"
		"\\+ not a list\n"
		"2\\) not ordered\n"
		"\n"
		"Second paragraph.\n"
		"\n"
		"## Single 'quoted' and \"double\"\n"
		"\n"
		"- **id:** e-child\n"
		"- **kind:** organisation\n"
		"- **type:** two^Jlines\n"
		"- **links:**\n"
		"  - member_of:\n"
		"    - Tab^Ihere, bell ^G, DEL ^?, NEL \\<U+0085\\> and \\<U+202E\\>evil (e-root), role: a \"chair\", b\n"
		"- **sources (file default):**\n"
		"  - e-doc: The document\n"
		"\n"
		"# The document\n"
		"\n"
		"- **id:** e-doc\n"
		"- **kind:** source\n"
		"- **sources (file default):**\n"
		"  - e-doc: The document\n");
	free(md);
}

Test(export_core, md_escapes_emphasis_links_tables_and_headings)
{
	char *md;

	load(SPECIAL);
	md = exported_as(EXPORT_MD, "x-system");
	expect_head(md,
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
	cr_expect(strstr(md, "\n### Escape ^\\[ here\n"), "%s", md);
	cr_expect(strstr(md, "\n## Board \\| \\#1\n"), "%s", md);
	free(md);
}

/* dot */

Test(export_core, dot_quotes_ids_and_labels)
{
	char *dot;

	load(ESCAPES);
	dot = exported_as(EXPORT_DOT, NULL);
	expect_text(dot,
		"digraph \"icsview\" {\n"
		"  node [shape=box];\n"
		"  \"e-root\" [label=\"Tab^Ihere, bell ^G, DEL ^?, NEL <U+0085> and <U+202E>evil\", shape=box3d];\n"
		"  \"e-child\" [label=\"Single 'quoted' and \\\"double\\\"\", shape=box];\n"
		"  \"e-doc\" [label=\"The document\", shape=note];\n"
		"  \"e-root\" -> \"e-child\";\n"
		"  \"e-child\" -> \"e-root\" [style=dashed, label=\"member_of\"];\n"
		"}\n");
	free(dot);
	teardown();
	load(SPECIAL);
	dot = exported_as(EXPORT_DOT, "x-place");
	expect_text(dot,
		"digraph \"icsview\" {\n"
		"  node [shape=box];\n"
		"  \"x-place\" [label=\"Back\\\\slash <place>\", shape=ellipse];\n"
		"  \"x-esc\" [label=\"Escape ^[ here\", shape=box];\n"
		"  \"x-place\" -> \"x-esc\";\n"
		"}\n");
	free(dot);
}

/* json */

Test(export_core, json_escapes_control_characters)
{
	char *json;

	load(ESCAPES);
	json = exported_as(EXPORT_JSON, "e-child");
	/* the parent is given for the root asked for too */
	expect_text(json,
		"{\n"
		"  \"format\": \"icsview-export\",\n"
		"  \"version\": 1,\n"
		"  \"root\": \"e-child\",\n"
		"  \"entities\": [\n"
		"    {\n"
		"      \"id\": \"e-child\",\n"
		"      \"kind\": \"organisation\",\n"
		"      \"type\": \"two\\nlines\",\n"
		"      \"name\": \"Single 'quoted' and \\\"double\\\"\",\n"
		"      \"parent\": \"e-root\",\n"
		"      \"aka\": [],\n"
		"      \"facts\": [],\n"
		"      \"text\": null,\n"
		"      \"sources\": [\n"
		"        \"e-doc\"\n"
		"      ],\n"
		"      \"sources_inherited\": true,\n"
		"      \"file\": \"export/escapes.yaml\",\n"
		"      \"line\": 20,\n"
		"      \"col\": 9\n"
		"    }\n"
		"  ],\n"
		"  \"links\": [\n"
		"    {\n"
		"      \"from\": \"e-child\",\n"
		"      \"rel\": \"member_of\",\n"
		"      \"inverse\": \"members\",\n"
		"      \"to\": \"e-root\",\n"
		"      \"facts\": {\n"
		"        \"role\": \"a \\\"chair\\\", b\"\n"
		"      },\n"
		"      \"sources\": []\n"
		"    }\n"
		"  ]\n"
		"}\n");
	free(json);
	json = exported_as(EXPORT_JSON, "e-root");
	/* C0 as \t or \u00XX, DEL and C1, the bidirectional controls */
	cr_expect(strstr(json, "\n      \"name\": \"Tab\\there, bell \\u0007, DEL \\u007f, NEL \\u0085"
	                       " and \\u202eevil\",\n"), "%s", json);
	cr_expect(strstr(json, "\n          \"value\": \"quote \\\" and back\\\\slash\",\n"), "%s", json);
	cr_expect(strstr(json, "\n          \"value\": \"one\\r\\ntwo\",\n"), "%s", json);
	cr_expect(strstr(json, "\n      \"text\": \"Snake_case, _under_ and a&b, &amp; and 3 < 4.\\n"
	                       "  > not a quote\\n+ not a list\\n2) not ordered\\n\\nSecond paragraph.\\n\",\n"),
	          "%s", json);
	free(json);
}

/* Bytes that are not UTF-8: a lone continuation byte, bytes never used,
 * a character cut short and an overlong encoding. */
#define NOT_UTF8 "The \xff\xfe document, cut \xe2\x80 and overlong \xc0\xaf"

Test(export_core, bytes_that_are_not_utf8)
{
	char *text;

	load(ESCAPES);
	plant_name("e-doc", NOT_UTF8);
	/* json: each byte is U+FFFD */
	text = exported_as(EXPORT_JSON, "e-doc");
	expect_text(text,
		"{\n"
		"  \"format\": \"icsview-export\",\n"
		"  \"version\": 1,\n"
		"  \"root\": \"e-doc\",\n"
		"  \"entities\": [\n"
		"    {\n"
		"      \"id\": \"e-doc\",\n"
		"      \"kind\": \"source\",\n"
		"      \"type\": null,\n"
		"      \"name\": \"The \\ufffd\\ufffd document, cut \\ufffd\\ufffd and overlong \\ufffd\\ufffd\",\n"
		"      \"parent\": null,\n"
		"      \"aka\": [],\n"
		"      \"facts\": [],\n"
		"      \"text\": null,\n"
		"      \"sources\": [\n"
		"        \"e-doc\"\n"
		"      ],\n"
		"      \"sources_inherited\": true,\n"
		"      \"file\": \"export/escapes.yaml\",\n"
		"      \"line\": 26,\n"
		"      \"col\": 5\n"
		"    }\n"
		"  ],\n"
		"  \"links\": []\n"
		"}\n");
	free(text);
	/* the text formats: each byte as <XX> */
	text = exported_as(EXPORT_CSV, "e-doc");
	expect_text(text,
		"id,kind,type,name,parent,aka,sources,file,line\r\n"
		"e-doc,source,,\"The <FF><FE> document, cut <E2><80> and overlong <C0><AF>\",,,e-doc,"
		"export/escapes.yaml,26\r\n");
	free(text);
	text = exported_as(EXPORT_DOT, "e-doc");
	expect_text(text,
		"digraph \"icsview\" {\n"
		"  node [shape=box];\n"
		"  \"e-doc\" [label=\"The <FF><FE> document, cut <E2><80> and overlong <C0><AF>\", shape=note];\n"
		"}\n");
	free(text);
	text = exported_as(EXPORT_MD, "e-doc");
	expect_text(text,
		"# The \\<FF\\>\\<FE\\> document, cut \\<E2\\>\\<80\\> and overlong \\<C0\\>\\<AF\\>\n"
		"\n"
		"- **id:** e-doc\n"
		"- **kind:** source\n"
		"- **sources (file default):**\n"
		"  - e-doc: The \\<FF\\>\\<FE\\> document, cut \\<E2\\>\\<80\\> and overlong \\<C0\\>\\<AF\\>\n");
	free(text);
}

/* what is exported */

Test(export_core, subtree_holds_the_own_descendants_at_their_levels)
{
	char *text;
	const char *tail;

	load(SPECIAL);
	text = exported_as(EXPORT_CSV, "x-board");
	expect_text(text,
		"id,kind,type,name,parent,aka,sources,file,line\r\n"
		"x-board,board,,Board | #1,x-system,,x-doc;y-doc,export/special.yaml,27\r\n"
		"x-l2,board,,Level 2,x-board,,x-doc,export/special.yaml,32\r\n"
		"x-l3,board,,Level 3,x-l2,,x-doc,export/special.yaml,38\r\n"
		"x-l4,board,,Level 4,x-l3,,x-doc,export/special.yaml,42\r\n"
		"x-l5,board,,Level 5,x-l4,,x-doc,export/special.yaml,46\r\n"
		"x-l6,board,,Level 6,x-l5,,x-doc,export/special.yaml,50\r\n"
		"x-l7,board,,\"'- Level 7\",x-l6,,x-doc,export/special.yaml,54\r\n");
	free(text);
	/* levels count from the entity asked for: its sixth level is the last
	 * heading, the seventh a list item */
	text = exported_as(EXPORT_MD, "x-board");
	cr_assert(strncmp(text, "# Board \\| \\#1\n", 15) == 0, "%s", text);
	tail = strstr(text, "###### Level 6\n");
	cr_assert_not_null(tail, "%s", text);
	expect_text(tail,
		"###### Level 6\n"
		"\n"
		"- **id:** x-l6\n"
		"- **kind:** board\n"
		"- **sources (file default):**\n"
		"  - x-doc: The document\n"
		"\n"
		"- **- Level 7**\n"
		"  - **id:** x-l7\n"
		"  - **kind:** board\n"
		"  - **sources (file default):**\n"
		"    - x-doc: The document\n"
		"\n"
		"  deep prose\n");
	free(text);
}

/* The first field of each record after the header, one a line (for
 * exports whose ids need no quoting).  Caller frees. */
static char *ids_of(const char *csv)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p = strstr(csv, "\r\n");

	cr_assert_not_null(p);
	for (p += 2; *p; p += 2) {
		sb_add(&sb, p, strcspn(p, ","));
		sb_putc(&sb, '\n');
		p = strstr(p, "\r\n");
		cr_assert_not_null(p, "a record does not end in CR LF: %s", csv);
	}
	return sb_detach(&sb);
}

Test(export_core, secondary_children_stay_under_their_own_parent)
{
	char *text, *ids;

	load("good/explicit-parent.yaml");
	/* p-trust serves p-bassetlaw, and is shown there in the tree, but is
	 * exported under its own parent only, and once */
	text = exported_as(EXPORT_CSV, "p-bassetlaw");
	ids = ids_of(text);
	expect_text(ids, "p-bassetlaw\n");
	free(ids);
	free(text);
	text = exported_as(EXPORT_CSV, "p-system");
	ids = ids_of(text);
	expect_text(ids, "p-system\np-doncaster\np-trust\np-bassetlaw\n");
	free(ids);
	free(text);
	text = exported_as(EXPORT_CSV, NULL);
	ids = ids_of(text);
	expect_text(ids, "p-system\np-doncaster\np-trust\np-bassetlaw\n");
	free(ids);
	free(text);
}

Test(export_core, filter_exports_the_matches_and_their_ancestors)
{
	char *text;

	load(NESTED_MODEL);
	apply_filter("kind:organisation");
	text = exported_as(EXPORT_CSV, NULL);
	expect_text(text,
		"id,kind,type,name,parent,aka,sources,file,line,population,wave,members\r\n"
		"n-system,system,,South Yorkshire and Bassetlaw ICS,,SYB;SY&B;E54000009,nested-doc,good/nested.yaml,5,1500000,first,23; 20\r\n"
		"n-sheffield,place,,Sheffield,n-system,,nested-doc,good/nested.yaml,19,,,\r\n"
		"n-sth,organisation,NHS foundation trust,Sheffield Teaching Hospitals NHS Foundation Trust,n-sheffield,RHQ,nested-doc,good/nested.yaml,23,,,\r\n");
	free(text);
	/* a filter and a subtree together */
	apply_filter("kind:place");
	text = exported_as(EXPORT_CSV, "n-system");
	expect_text(text,
		"id,kind,type,name,parent,aka,sources,file,line,population,wave,members\r\n"
		"n-system,system,,South Yorkshire and Bassetlaw ICS,,SYB;SY&B;E54000009,nested-doc,good/nested.yaml,5,1500000,first,23; 20\r\n"
		"n-sheffield,place,,Sheffield,n-system,,nested-doc,good/nested.yaml,19,,,\r\n"
		"n-doncaster,place,,Doncaster,n-system,,nested-doc,good/nested.yaml,30,,,\r\n");
	free(text);
	/* the links stay those the exported entities make */
	text = exported(&(struct export_options){ .format = EXPORT_CSV, .links_only = true }, "n-system");
	expect_text(text, "from,rel,to,facts,sources\r\n");
	free(text);
	cr_assert_eq(filter_clear(st), FILTER_OK);
	text = exported(&(struct export_options){ .format = EXPORT_CSV, .links_only = true }, "n-system");
	expect_text(text,
		"from,rel,to,facts,sources\r\n"
		"n-sth,member_of,n-system,role=member,\r\n");
	free(text);
}

Test(export_core, an_export_written_twice_is_the_same)
{
	struct export_options opts = { .format = EXPORT_JSON };
	struct export *x = NULL;
	char *error = NULL, *texts[2] = { NULL, NULL };
	size_t sizes[2];

	load(SPECIAL);
	cr_assert_eq(export_open(st, &opts, &x, &error), EXPORT_OK);
	for (int i = 0; i < 2; i++) {
		FILE *f = open_memstream(&texts[i], &sizes[i]);
		struct out o;

		cr_assert_not_null(f);
		out_init(&o, f);
		cr_assert_eq(export_write(x, NULL, &o), EXPORT_OK, "%s", store_errmsg(st));
		cr_assert_eq(fclose(f), 0);
	}
	cr_expect_str_eq(texts[0], texts[1]);
	cr_expect_eq(sizes[0], sizes[1]);
	cr_expect(strstr(texts[0], "\"id\": \"y-doc\""), "%s", texts[0]);
	free(texts[0]);
	free(texts[1]);
	export_free(x);
}

/* relations */

Test(export_core, relations_by_name_or_inverse_name)
{
	struct export_options opts = { .format = EXPORT_CSV, .links_only = true };
	char *text;

	load(SPECIAL);
	text = exported(&opts, NULL);
	expect_text(text,
		"from,rel,to,facts,sources\r\n"
		"x-esc,member_of,x-board,\"role=chair, vice\",\r\n"
		"x-esc,serves,x-other,,\r\n"
		"x-l2,reports_to,x-board,,\r\n");
	free(text);
	opts.relations = "members";
	text = exported(&opts, NULL);
	expect_text(text,
		"from,rel,to,facts,sources\r\n"
		"x-esc,member_of,x-board,\"role=chair, vice\",\r\n");
	free(text);
	opts.relations = "reports_to,serves";
	text = exported(&opts, NULL);
	expect_text(text,
		"from,rel,to,facts,sources\r\n"
		"x-esc,serves,x-other,,\r\n"
		"x-l2,reports_to,x-board,,\r\n");
	free(text);
}

Test(export_core, dot_draws_its_default_relations_between_exported_entities)
{
	struct export_options opts = { .format = EXPORT_DOT, .all = true };
	char *dot;

	load(SPECIAL);
	dot = exported(&opts, NULL);
	cr_expect(strstr(dot, "\n  \"x-esc\" -> \"x-board\" [style=dashed, label=\"member_of\"];\n"), "%s", dot);
	cr_expect(strstr(dot, "\n  \"x-l2\" -> \"x-board\" [style=dashed, label=\"reports_to\"];\n"), "%s", dot);
	cr_expect(!strstr(dot, "serves"), "%s", dot);
	free(dot);
	opts.relations = "serves";
	dot = exported(&opts, NULL);
	cr_expect(strstr(dot, "\n  \"x-esc\" -> \"x-other\" [style=dashed, label=\"serves\"];\n"), "%s", dot);
	cr_expect(!strstr(dot, "member_of") && !strstr(dot, "reports_to"), "%s", dot);
	free(dot);
	/* x-board's subtree holds x-l2 but not x-esc: only x-l2's edge is drawn */
	opts.relations = NULL;
	dot = exported(&opts, "x-board");
	cr_expect(strstr(dot, "\n  \"x-l2\" -> \"x-board\" [style=dashed, label=\"reports_to\"];\n"), "%s", dot);
	cr_expect(!strstr(dot, "member_of"), "%s", dot);
	free(dot);
}

Test(export_core, unknown_or_empty_relations_are_refused)
{
	static const char *const empty[] = { "", ",member_of", "member_of,", "member_of,,serves" };
	struct export_options opts = { .format = EXPORT_JSON };
	/* any pointer but NULL: export_open must clear it on failure */
	struct export *const unset = (struct export *)&opts, *x;
	char *error;

	load(SPECIAL);
	for (size_t i = 0; i < sizeof(empty) / sizeof(empty[0]); i++) {
		opts.relations = empty[i];
		x = unset;
		cr_expect_eq(export_open(st, &opts, &x, &error), EXPORT_EMPTY_RELATION, "'%s'", empty[i]);
		cr_expect_null(x);
		cr_expect_str_eq(error, "an empty relation name");
		free(error);
	}
	/* the name is shown made safe for a terminal */
	opts.relations = "member_of,no_such\x1b[2J";
	x = unset;
	cr_expect_eq(export_open(st, &opts, &x, &error), EXPORT_UNKNOWN_RELATION);
	cr_expect_null(x);
	cr_expect_str_eq(error, "unknown relation 'no_such^[[2J'");
	free(error);
}
