/* The CSV reader (src/ingest/csv.c): RFC 4180 fields, the publishers'
 * encodings, the errors with their lines, the header's columns. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "helpers.h"
#include "icsview/ingest/csv.h"
#include "icsview/ingest/ingest.h"
#include "icsview/ingest/table.h"

/* Parses text as a file called f.csv; *error NULL on success. */
static int parse(const char *text, size_t len, struct table *t, char **error)
{
	*error = NULL;
	table_init(t, "f.csv");
	return csv_parse(text, len, t, error);
}

static void expect_error(const char *text, size_t len, const char *want)
{
	struct table t;
	char *error;

	cr_expect_eq(parse(text, len, &t, &error), -1, "parsed: %s", text);
	cr_expect(error && strcmp(error, want) == 0, "error \"%s\", want \"%s\"",
	          error ? error : "(none)", want);
	free(error);
	table_free(&t);
}

Test(csv, fields_quotes_and_lines)
{
	const char text[] = "code,name,note\r\n"
	                    "A1,\"Smith, Jones and Partners\",\"said \"\"hello\"\"\"\r\n"
	                    "\r\n"
	                    "B2,\"two\r\nlines\",\r\n"
	                    "C3,,last";
	struct table t;
	char *error;

	cr_assert_eq(parse(text, sizeof(text) - 1, &t, &error), 0, "%s", error);
	cr_assert_eq(t.width, 3);
	cr_assert_eq(t.rows, 4);
	cr_expect_str_eq(table_cell(&t, 1, 1), "Smith, Jones and Partners");
	cr_expect_str_eq(table_cell(&t, 1, 2), "said \"hello\"");
	cr_expect_str_eq(table_cell(&t, 2, 1), "two\r\nlines");
	cr_expect_str_eq(table_cell(&t, 2, 2), "");
	cr_expect_str_eq(table_cell(&t, 3, 0), "C3");
	cr_expect_str_eq(table_cell(&t, 3, 2), "last");
	/* the blank line 3 is skipped; B2's record spans lines 4 and 5 */
	cr_expect_eq(t.lines[0], 1);
	cr_expect_eq(t.lines[1], 2);
	cr_expect_eq(t.lines[2], 4);
	cr_expect_eq(t.lines[3], 6);
	table_free(&t);
}

Test(csv, byte_order_mark_and_columns)
{
	const char text[] = "\xEF\xBB\xBFSICBL26CD,SICBL26NM\nE38000255,NHS North East London ICB\n";
	struct table t;
	char *error;
	size_t col = 99;

	cr_assert_eq(parse(text, sizeof(text) - 1, &t, &error), 0, "%s", error);
	cr_assert_eq(table_column(&t, "SICBL26CD", &col, &error), 0);
	cr_expect_eq(col, 0);
	cr_assert_eq(table_column(&t, "SICBL26NM", &col, &error), 0);
	cr_expect_eq(col, 1);
	cr_expect_eq(table_column(&t, "SICBL26NME", &col, &error), -1);
	cr_expect_str_eq(error, "f.csv:1: error: no column \"SICBL26NME\" "
	                        "(did you mean \"SICBL26NM\"?)");
	free(error);
	cr_expect_eq(table_column(&t, "Region", &col, &error), -1);
	cr_expect_str_eq(error, "f.csv:1: error: no column \"Region\"");
	free(error);
	table_free(&t);
}

Test(csv, empty_file)
{
	struct table t;
	char *error;
	size_t col;

	cr_assert_eq(parse("", 0, &t, &error), 0);
	cr_expect_eq(t.rows, 0);
	cr_expect_eq(table_column(&t, "code", &col, &error), -1);
	cr_expect_str_eq(error, "f.csv:1: error: no header row: the file is empty");
	free(error);
	table_free(&t);
}

Test(csv, ragged_row)
{
	expect_error("a,b,c\n1,2,3\n4,5\n", 16,
	             "f.csv:3: error: 2 fields where the first row has 3");
	expect_error("a,b\n1,2,3\n", 10, "f.csv:2: error: 3 fields where the first row has 2");
}

Test(csv, quotes_misused)
{
	expect_error("a,b\n1,\"open\n\n2,3\n", 17, "f.csv:2: error: a quoted field is never closed");
	expect_error("a,b\n\"x\"y,2\n", 11,
	             "f.csv:2: error: text after a quoted field's closing quote");
}

Test(csv, other_encodings_refused)
{
	/* Windows-1252 "é" where the publisher writes UTF-8 */
	expect_error("a,b\nx,y\nCaf\xE9,1\n", 15,
	             "f.csv:3: error: byte 0xE9 is not UTF-8: the publisher's files are UTF-8");
	expect_error("\xFF\xFE" "a\0,\0b\0", 8,
	             "f.csv:1: error: UTF-16 text: the publisher's files are UTF-8");
	expect_error("a,b\n1,\0002\n", 9, "f.csv:2: error: a NUL byte: not a CSV text file");
}

Test(csv, utf8_validity)
{
	size_t bad = 0;

	cr_expect(utf8_valid("Ynys M\xC3\xB4n \xE2\x80\x93 \xF0\x9F\x8F\xA5", 18, &bad));
	cr_expect_not(utf8_valid("x\xC0\x80", 3, &bad));        /* overlong NUL */
	cr_expect_eq(bad, 1);
	cr_expect_not(utf8_valid("\xED\xA0\x80", 3, &bad));     /* a surrogate */
	cr_expect_not(utf8_valid("\xF4\x90\x80\x80", 4, &bad)); /* past U+10FFFF */
	cr_expect_not(utf8_valid("ab\xE2\x80", 4, &bad));       /* cut short */
	cr_expect_eq(bad, 2);
}

/* An ODS file has no header: 27 columns known by position. */
Test(csv, ods_file_without_header)
{
	char *path = xasprintf("%s/raw/ods_jhau_2025/etr.csv", getenv("ICSVIEW_DATA"));
	struct table_list list = { 0 };
	char *error = NULL;

	cr_assert_eq(ingest_read_path(path, &list, &error), 0, "%s", error);
	cr_assert_eq(list.count, 1);
	cr_expect_str_eq(list.items[0].name, path);
	cr_expect_eq(list.items[0].width, 27);
	cr_expect_eq(list.items[0].rows, 273);
	cr_expect_str_eq(table_cell(&list.items[0], 0, 0), "G6V2S");
	cr_expect_str_eq(table_cell(&list.items[0], 0, 4), "4TH FLOOR, EAST WING");
	table_list_free(&list);
	free(path);
}

Test(csv, missing_file)
{
	struct table_list list = { 0 };
	char *error = NULL;

	cr_expect_eq(ingest_read_path("/nonexistent/epraccur.csv", &list, &error), -1);
	cr_expect_str_eq(error, "/nonexistent/epraccur.csv: error: No such file or directory");
	cr_expect_eq(list.count, 0);
	table_list_free(&list);
	free(error);
}

Test(csv, directory_in_name_order)
{
	char *dir = scratch_dir();
	char *sub = xasprintf("%s/sub", dir);
	struct table_list list = { 0 };
	char *error = NULL;

	cr_assert_eq(mkdir(sub, 0755), 0);
	free(write_file(dir, "b.csv", "x\n2\n"));
	free(write_file(dir, "a.csv", "x\n1\n"));
	free(write_file(dir, "README.md", "not read\n"));
	free(write_file(sub, "c.CSV", "x\n3\n"));
	cr_assert_eq(ingest_read_path(dir, &list, &error), 0, "%s", error);
	cr_assert_eq(list.count, 3);
	cr_expect_str_eq(table_cell(&list.items[0], 1, 0), "1");
	cr_expect_str_eq(table_cell(&list.items[1], 1, 0), "2");
	cr_expect_str_eq(table_cell(&list.items[2], 1, 0), "3");
	table_list_free(&list);

	/* one bad file: an error, and the list as it was */
	free(write_file(dir, "bad.csv", "x\n\"\n"));
	cr_expect_eq(ingest_read_path(dir, &list, &error), -1);
	cr_expect(strstr(error, "/bad.csv:2: error: a quoted field is never closed"), "%s", error);
	cr_expect_eq(list.count, 0);
	table_list_free(&list);
	free(error);
	remove_tree(dir);
	free(sub);
	free(dir);
}
