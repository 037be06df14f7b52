/* Knowing each input by its shape (src/ingest/shape.c). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "icsview/base/util.h"
#include "icsview/ingest/csv.h"
#include "icsview/ingest/shape.h"
#include "icsview/ingest/table.h"

/* The shape of CSV text read as a file called name; *error NULL when
 * it is known. */
static int recognise(const char *name, const char *text, struct shape *shape, char **error)
{
	struct table t;
	int r;

	*error = NULL;
	table_init(&t, name);
	cr_assert_eq(csv_parse(text, strlen(text), &t, error), 0, "%s", *error);
	r = shape_recognise(&t, shape, error);
	table_free(&t);
	return r;
}

static const char ons26[] =
	"\xEF\xBB\xBFSICBL26CD,SICBL26CDH,SICBL26NM,ICB26CD,ICB26CDH,ICB26NM,NHSER26CD,NHSER26CDH,"
	"NHSER26NM,ObjectId\nE38000255,A3A8R,n,E54000029,QMF,n,E40000003,Y56,London,1\n";

Test(shape, ons_lookup_by_its_columns)
{
	struct shape s;
	char *error;

	cr_assert_eq(recognise("lookup.csv", ons26, &s, &error), 0, "%s", error);
	cr_expect_eq(s.kind, INPUT_ONS_SICBL26);
	cr_expect_eq(s.first_row, 1);
	cr_expect_eq(s.columns[0], 0);
	cr_expect_eq(s.columns[8], 8);
	cr_expect_eq(shape_column_count(INPUT_ONS_SICBL26), 9);
}

Test(shape, columns_found_in_any_order)
{
	struct shape s;
	char *error;

	cr_assert_eq(recognise("x.csv", "icb22_code,proportion_trust_came_from_icb,"
	                       "nhs_trust22_code\nE54000008,0.5,R0A\n", &s, &error), 0);
	cr_expect_eq(s.kind, INPUT_OHID_TRUST_ICB22);
	cr_expect_eq(s.columns[0], 2);
	cr_expect_eq(s.columns[1], 0);
	cr_expect_eq(s.columns[2], 1);
}

Test(shape, a_renamed_column_is_named)
{
	struct shape s;
	char *error;
	char *renamed = xstrdup(ons26);
	memcpy(strstr(renamed, "ICB26NM"), "ICB26XX", 7);

	cr_expect_eq(recognise("lookup.csv", renamed, &s, &error), -1);
	cr_expect_str_eq(error, "lookup.csv:1: error: an ONS SICBL26 → ICB26 → NHSER26 lookup "
	                        "has no column \"ICB26NM\" (renamed \"ICB26XX\"?)");
	free(error);
	free(renamed);
}

Test(shape, district_counts_are_not_the_lookup)
{
	struct shape s;
	char *error;

	cr_assert_eq(recognise("lad.csv", "LAD24CD,LAD24NM,SICBL26CD,SICBL26CDH,SICBL26NM,ICB26CD,"
	                       "ICB26CDH,ICB26NM,NHSER26CD,NHSER26CDH,NHSER26NM,n_lsoa21\n"
	                       "E06000001,Hartlepool,E38,16C,n,E54,QHM,n,E40,Y63,n,57\n", &s,
	                       &error), 0, "%s", error);
	cr_expect_eq(s.kind, INPUT_LAD_SICBL26);
}

Test(shape, ods_files_by_name_and_width)
{
	struct shape s;
	char *error;
	char row[256] = "\"R0A\",\"MANCHESTER\",\"Y62\",\"QOP\"";

	for (int i = 4; i < 27; i++)
		strcat(row, ",\"\"");
	strcat(row, "\n");
	cr_assert_eq(recognise("data/ods/etr.csv", row, &s, &error), 0, "%s", error);
	cr_expect_eq(s.kind, INPUT_ODS_ETR);
	cr_expect_eq(s.first_row, 0);
	cr_expect_eq(s.columns[3], 3);      /* the ICB: column 4 */
	cr_assert_eq(recognise("etr.zip(etr.csv)", row, &s, &error), 0, "%s", error);
	cr_expect_eq(s.kind, INPUT_ODS_ETR);
	cr_assert_eq(recognise("EPRACCUR.CSV", row, &s, &error), 0, "%s", error);
	cr_expect_eq(s.kind, INPUT_ODS_EPRACCUR);
	cr_expect_eq(recognise("etr.csv", "\"R0A\",\"MANCHESTER\"\n", &s, &error), -1);
	free(error);
	/* the latest of its opened and closed dates */
	struct table t;
	char rows[1024] = "";
	const char *dates[][2] = { { "20171001", "" }, { "20190401", "20260331" },
	                           { "20260601", "" } };
	for (size_t i = 0; i < 3; i++) {
		strcat(rows, "\"R0A\",\"M\",\"Y62\",\"QOP\",\"\",\"\",\"\",\"\",\"\",\"\"");
		sprintf(rows + strlen(rows), ",\"%s\",\"%s\"", dates[i][0], dates[i][1]);
		for (int c = 12; c < 27; c++)
			strcat(rows, ",\"\"");
		strcat(rows, "\n");
	}
	table_init(&t, "etr.csv");
	cr_assert_eq(csv_parse(rows, strlen(rows), &t, &error), 0, "%s", error);
	cr_assert_eq(shape_recognise(&t, &s, &error), 0, "%s", error);
	cr_expect_str_eq(shape_latest_date(&t, &s), "20260601");
	table_free(&t);
	cr_expect_eq(recognise("etr.csv", "\"R0A\",\"MANCHESTER\"\n", &s, &error), -1);
	cr_expect_str_eq(error, "etr.csv:1: error: an ODS etr file has 27 columns; this one "
	                        "has 2");
	free(error);
}

Test(shape, unknown_files)
{
	struct shape s;
	char *error;

	cr_expect_eq(recognise("notes.csv", "when,what\n2026,meeting\n", &s, &error), -1);
	cr_expect_str_eq(error, "notes.csv:1: error: not a file icsview import reads (no ODS, "
	                        "ONS or OHID file it knows has these columns)");
	free(error);
	cr_expect_eq(recognise("empty.csv", "", &s, &error), -1);
	cr_expect_str_eq(error, "empty.csv:1: error: an empty file");
	free(error);
}

/* Workbook sheets: the ePCN's headers are broken over lines; a sheet of
 * no known kind is left aside. */
Test(shape, workbook_sheets)
{
	struct table t;
	struct shape s;
	char *error = NULL;

	table_init(&t, "ePCN.xlsx(PCN Core Partner Details)");
	t.sheet = xstrdup("PCN Core Partner Details");
	const char *headers[] = { "Partner\nOrganisation\nCode", "PCN Code",
	                          "Practice to PCN\nRelationship\nEnd Date " };
	for (size_t i = 0; i < 3; i++)
		table_add_cell(&t, headers[i], strlen(headers[i]));
	cr_assert_eq(table_end_row(&t, 1, true, &error), 0);
	cr_assert_eq(shape_recognise(&t, &s, &error), 0, "%s", error);
	cr_expect_eq(s.kind, INPUT_EPCN_PARTNERS);
	table_free(&t);

	table_init(&t, "mergers.xlsx(Summary)");
	t.sheet = xstrdup("Summary");
	table_add_cell(&t, "", 0);
	table_add_cell(&t, "Organisation Data Service", 25);
	cr_assert_eq(table_end_row(&t, 1, true, &error), 0);
	cr_assert_eq(shape_recognise(&t, &s, &error), 0, "%s", error);
	cr_expect_eq(s.kind, INPUT_MERGERS_SUMMARY);
	free(t.sheet);
	t.sheet = xstrdup("POD Services");
	cr_assert_eq(shape_recognise(&t, &s, &error), 0, "%s", error);
	cr_expect_eq(s.kind, INPUT_NONE);
	table_free(&t);
}

/* The CCG to STP lookups of each year, told apart by their columns'
 * year; the July 2019 one, which adds cancer alliances, is known and
 * not read. */
Test(shape, ccg_stp_lookups_by_year)
{
	struct shape s;
	char *error;

	cr_assert_eq(recognise("066.csv", "CCG17CD,CCG17CDH,CCG17NM,STP17CD,STP17NM,FID\n"
	                       "E38000058,03X,NHS Erewash CCG,E54000012,Derbyshire,1\n",
	                       &s, &error), 0, "%s", error);
	cr_expect_eq(s.kind, INPUT_ONS_CCG_STP17);
	cr_assert_eq(recognise("028.csv", "FID,CCG19CD,CCG19CDH,CCG19NM,STP19CD,STP19NM\n"
	                       "1,E38000001,02N,n,E54000005,West Yorkshire\n", &s, &error), 0,
	             "%s", error);
	cr_expect_eq(s.kind, INPUT_ONS_CCG_STP19);
	cr_expect_eq(s.columns[0], 1);
	cr_expect_eq(s.columns[4], 5);
	cr_assert_eq(recognise("075.csv", "FID,CCG19CD,CCG19CDH,CCG19NM,STP19CD,STP19NM,CAL19CD,"
	                       "CAL19NM\n1,E38000088,08H,n,E54000028,n,E56000020,n\n", &s, &error),
	             0, "%s", error);
	cr_expect_eq(s.kind, INPUT_NONE);
	cr_assert_eq(recognise("031.csv", "FID,CCG20CD,CCG20CDH,CCG20NM,STP20CD,STP20CDH,STP20NM\n"
	                       "1,E38000016,00T,NHS Bolton CCG,E54000007,QOP,n\n", &s, &error), 0,
	             "%s", error);
	cr_expect_eq(s.kind, INPUT_ONS_CCG_STP20);
	cr_assert_eq(recognise("245.csv", "FID,CCG20CD,CCG20CDH,CCG20NM\n1,E38000150,11X,n\n",
	                       &s, &error), 0, "%s", error);
	cr_expect_eq(s.kind, INPUT_NONE, "the names and codes are not the lookup");
	cr_expect_str_eq(shape_kind_name(INPUT_NONE), "an unused sheet");
}

Test(shape, gp_registration_map)
{
	struct shape s;
	char *error;

	cr_assert_eq(recognise("gp-reg-pat-prac-map.csv",
	                       "PUBLICATION,EXTRACT_DATE,PRACTICE_CODE,PRACTICE_NAME,"
	                       "PRACTICE_POSTCODE,PCN_CODE,PCN_NAME,ONS_CCG_CODE,CCG_CODE,CCG_NAME,"
	                       "ONS_STP_CODE,STP_CODE,STP_NAME,ONS_COMM_REGION_CODE,"
	                       "COMM_REGION_CODE,COMM_REGION_NAME\n"
	                       "G,01Jan2022,A81001,n,TS18 1HU,U89141,n,E38000247,16C,n,E54000050,"
	                       "QHM,n,E40000009,Y63,n\n", &s, &error), 0, "%s", error);
	cr_expect_eq(s.kind, INPUT_NHSD_GP_REG_2022);
	cr_expect_eq(s.columns[0], 2);
	cr_expect_eq(s.columns[6], 12);
}
