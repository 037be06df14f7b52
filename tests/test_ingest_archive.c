/* The archive readers (src/ingest/zip_members.c, xlsx.c): CSV files in a
 * zip, the sheets of a workbook, damaged and mistaken archives. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"
#include "icsview/base/util.h"
#include "icsview/ingest/ingest.h"
#include "icsview/ingest/table.h"
#include "ingest_fixture.h"

static const struct member two_csvs[] = {
	{ "epraccur.csv", "\"A81001\",\"THE DENSHAM SURGERY\"\r\n\"A81002\",\"QUEENS PARK\"\r\n" },
	{ "notes.txt", "not a table" },
	{ "sub/etr.csv", "\"R0A\",\"MANCHESTER\"\r\n" },
};

Test(archive, csv_members)
{
	size_t len;
	char *zip = make_zip(two_csvs, 3, &len);
	struct table_list list = { 0 };
	char *error = NULL;

	cr_assert_eq(ingest_read_bytes("epraccur.zip", zip, len, &list, &error), 0, "%s", error);
	cr_assert_eq(list.count, 2);
	cr_expect_str_eq(list.items[0].name, "epraccur.zip(epraccur.csv)");
	cr_expect_str_eq(list.items[1].name, "epraccur.zip(sub/etr.csv)");
	cr_expect_eq(list.items[0].rows, 2);
	cr_expect_str_eq(table_cell(&list.items[0], 1, 1), "QUEENS PARK");
	cr_expect_str_eq(table_cell(&list.items[1], 0, 0), "R0A");
	table_list_free(&list);
	free(zip);
}

Test(archive, member_errors_name_the_member)
{
	const struct member bad[] = { { "etr.csv", "a,b\n1\n" } };
	size_t len;
	char *zip = make_zip(bad, 1, &len);
	struct table_list list = { 0 };
	char *error = NULL;

	cr_expect_eq(ingest_read_bytes("etr.zip", zip, len, &list, &error), -1);
	cr_expect_str_eq(error, "etr.zip(etr.csv):2: error: 1 fields where the first row has 2");
	cr_expect_eq(list.count, 0);
	table_list_free(&list);
	free(error);
	free(zip);
}

Test(archive, truncated_and_corrupted)
{
	size_t len;
	char *zip = make_zip(two_csvs, 3, &len);
	struct table_list list = { 0 };
	char *error = NULL;

	/* cut in the middle of the first member's compressed data */
	cr_expect_eq(ingest_read_bytes("cut.zip", zip, 60, &list, &error), -1);
	cr_expect(strstr(error, "cut.zip: error: a damaged or truncated zip archive"), "%s", error);
	cr_expect_eq(list.count, 0);
	table_list_free(&list);
	free(error);
	error = NULL;

	/* the compressed bytes of the first member overwritten */
	memset(zip + 50, 0xFF, 20);
	cr_expect_eq(ingest_read_bytes("bad.zip", zip, len, &list, &error), -1);
	cr_expect(strstr(error, "bad.zip: error: a damaged or truncated zip archive"), "%s", error);
	cr_expect_eq(list.count, 0);
	table_list_free(&list);
	free(error);
	free(zip);
}

Test(archive, wrong_kinds)
{
	const struct member none[] = { { "readme.txt", "hello" } };
	size_t len;
	char *zip = make_zip(none, 1, &len);
	struct table_list list = { 0 };
	char *error = NULL;

	cr_expect_eq(ingest_read_bytes("x.zip", zip, len, &list, &error), -1);
	cr_expect_str_eq(error, "x.zip: error: a zip archive with no CSV file and no workbook in it");
	free(error);
	cr_expect_eq(ingest_read_bytes("ePCN.xlsx", "a,b\n", 4, &list, &error), -1);
	cr_expect_str_eq(error, "ePCN.xlsx: error: not a zip archive (it does not begin with "
	                        "one's signature)");
	free(error);
	/* a zip given as a .csv is read as the zip it is */
	free(zip);
	zip = make_zip(two_csvs, 1, &len);
	cr_expect_eq(ingest_read_bytes("epraccur.csv", zip, len, &list, &error), 0);
	cr_expect_eq(list.count, 1);
	table_list_free(&list);
	free(zip);
}

static const char *const shared[] = {
	"<t>PCN Code</t>", "<t>PCN Name</t>",
	"<r><t>WEST </t></r><r><t>NORWICH</t></r><rPh><t>reading</t></rPh><t xml:space=\"preserve\"> PCN</t>",
	"<t>A &amp; B</t>", NULL,
};

Test(archive, workbook_cells)
{
	const char *names[] = { "PCNDetails", "Other" };
	const char *rows[] = {
		"<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
		"<c r=\"C1\" t=\"inlineStr\"><is><t>Open Date</t></is></c></row>"
		"<row r=\"2\"><c r=\"A2\" t=\"str\"><v>U00000</v></c><c r=\"B2\" t=\"s\"><v>2</v></c>"
		"<c r=\"C2\"><v>20240401</v></c></row>"
		"<row r=\"3\" ht=\"15\"><c r=\"A3\" s=\"4\"/></row>"
		"<row r=\"5\"><c r=\"B5\" t=\"s\"><v>3</v></c></row>",
		"<row><c><v>1</v></c><c><v>2.5</v></c></row>",
	};
	size_t len;
	char *book = make_xlsx(names, rows, 2, shared, &len);
	struct table_list list = { 0 };
	char *error = NULL;

	cr_assert_eq(ingest_read_bytes("ePCN.xlsx", book, len, &list, &error), 0, "%s", error);
	cr_assert_eq(list.count, 2);
	struct table *t = &list.items[0];
	cr_expect_str_eq(t->name, "ePCN.xlsx(PCNDetails)");
	cr_assert_eq(t->width, 3);
	cr_assert_eq(t->rows, 3, "the formatted empty row 3 is left out");
	cr_expect_str_eq(table_cell(t, 0, 2), "Open Date");
	cr_expect_str_eq(table_cell(t, 1, 0), "U00000");
	cr_expect_str_eq(table_cell(t, 1, 1), "WEST NORWICH PCN");
	cr_expect_str_eq(table_cell(t, 1, 2), "20240401");
	cr_expect_str_eq(table_cell(t, 2, 0), "");
	cr_expect_str_eq(table_cell(t, 2, 1), "A & B");
	cr_expect_str_eq(table_cell(t, 2, 2), "");
	cr_expect_eq(t->lines[2], 5);
	cr_expect_str_eq(list.items[1].name, "ePCN.xlsx(Other)");
	cr_expect_str_eq(table_cell(&list.items[1], 0, 1), "2.5");
	table_list_free(&list);
	free(book);
}

static void expect_book_error(const char *sheet_rows, const char *want)
{
	const char *names[] = { "S" };
	size_t len;
	char *book = make_xlsx(names, &sheet_rows, 1, shared, &len);
	struct table_list list = { 0 };
	char *error = NULL;

	cr_expect_eq(ingest_read_bytes("b.xlsx", book, len, &list, &error), -1, "read: %s",
	             sheet_rows);
	cr_expect(error && strcmp(error, want) == 0, "error \"%s\", want \"%s\"",
	          error ? error : "(none)", want);
	cr_expect_eq(list.count, 0);
	table_list_free(&list);
	free(error);
	free(book);
}

Test(archive, workbook_errors)
{
	expect_book_error("<row r=\"4\"><c r=\"A4\" t=\"s\"><v>9</v></c></row>",
	                  "b.xlsx(S):4: error: shared string \"9\" does not exist");
	expect_book_error("<row r=\"1\"><c r=\"1A\"><v>1</v></c></row>",
	                  "b.xlsx(S):1: error: a cell referenced \"1A\"");
	expect_book_error("<row r=\"1\"><c r=\"A1\"><v>1</v></c>",
	                  "b.xlsx(xl/worksheets/sheet1.xml):1: error: mismatched tag");
}

Test(archive, workbook_without_its_parts)
{
	const struct member parts[] = { { "xl/workbook.xml", "<workbook/>" } };
	size_t len;
	char *zip = make_zip(parts, 1, &len);
	struct table_list list = { 0 };
	char *error = NULL;

	cr_expect_eq(ingest_read_bytes("b.xlsx", zip, len, &list, &error), -1);
	cr_expect_str_eq(error, "b.xlsx: error: not an .xlsx workbook (no xl/_rels/workbook.xml.rels)");
	free(error);
	free(zip);
}

/* The ePCN workbook as ODS publishes it: both sheets, their headers
 * broken over lines as written, every row. */
Test(archive, epcn_workbook)
{
	char *book = xasprintf("%s/raw/ods_epcn_2026/ePCN.xlsx", getenv("ICSVIEW_DATA"));
	struct table_list a = { 0 };
	char *error = NULL;

	cr_assert_eq(ingest_read_path(book, &a, &error), 0, "%s", error);
	cr_assert_eq(a.count, 2);
	struct table *pcns = &a.items[0], *partners = &a.items[1];
	cr_expect(strstr(pcns->name, "ePCN.xlsx(PCNDetails)"));
	cr_expect_str_eq(pcns->sheet, "PCNDetails");
	cr_expect_eq(pcns->rows, 1367);
	cr_expect_eq(pcns->width, 12);
	cr_expect_str_eq(table_cell(pcns, 0, 0), "PCN Code");
	cr_expect_str_eq(table_cell(pcns, 1, 0), "U00000");
	cr_expect_str_eq(table_cell(pcns, 1, 1), "WEST NORWICH PCN");
	cr_expect_str_eq(table_cell(pcns, 1, 3), "NHS NORFOLK AND WAVENEY ICB - 26A");
	cr_expect_str_eq(table_cell(pcns, 1, 4), "20240401");
	cr_expect_str_eq(table_cell(pcns, 1, 5), "");
	cr_expect_str_eq(table_cell(pcns, 1, 11), "NR18 0AF");
	cr_expect_str_eq(partners->sheet, "PCN Core Partner Details");
	cr_expect_eq(partners->rows, 7706);
	cr_expect_str_eq(table_cell(partners, 0, 0), "Partner\nOrganisation\nCode");
	cr_expect_str_eq(table_cell(partners, 1, 0), "A81001");
	cr_expect_str_eq(table_cell(partners, 1, 4), "U89141");
	table_list_free(&a);
	free(book);
}

Test(archive, workbook_rows_in_order)
{
	expect_book_error("<row r=\"3\"><c r=\"A3\"><v>1</v></c></row>"
	                  "<row r=\"2\"><c r=\"A2\"><v>1</v></c></row>",
	                  "b.xlsx(S):2: error: row 2 after row 3");
}

/* A sheet is a grid: a row wider than those before it widens them. */
Test(archive, workbook_rows_of_any_width)
{
	const char *names[] = { "Summary" };
	const char *rows[] = {
		"<row r=\"1\"><c r=\"B1\"><v>1</v></c></row>"
		"<row r=\"2\"><c r=\"A2\"><v>2</v></c><c r=\"D2\"><v>3</v></c></row>"
		"<row r=\"3\"><c r=\"A3\"><v>4</v></c></row>",
	};
	size_t len;
	char *book = make_xlsx(names, rows, 1, NULL, &len);
	struct table_list list = { 0 };
	char *error = NULL;

	cr_assert_eq(ingest_read_bytes("b.xlsx", book, len, &list, &error), 0, "%s", error);
	struct table *t = &list.items[0];
	cr_assert_eq(t->width, 4);
	cr_assert_eq(t->rows, 3);
	cr_expect_str_eq(table_cell(t, 0, 0), "");
	cr_expect_str_eq(table_cell(t, 0, 1), "1");
	cr_expect_str_eq(table_cell(t, 0, 3), "");
	cr_expect_str_eq(table_cell(t, 1, 3), "3");
	cr_expect_str_eq(table_cell(t, 2, 0), "4");
	cr_expect_str_eq(table_cell(t, 2, 2), "");
	table_list_free(&list);
	free(book);
}
