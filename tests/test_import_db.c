/* The import's database (src/store/import_db.c): rows kept in order,
 * the joins that choose and re-point GP practices and trusts. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include "icsview/base/util.h"
#include "icsview/store/import_db.h"

static struct import_db *db;

static void setup(void)
{
	char *error = NULL;
	db = import_db_open(&error);
	cr_assert(db, "%s", error);
}

static void teardown(void)
{
	import_db_close(db);
}

static void add(enum import_table table, const char *const *cells, size_t n)
{
	char *error = NULL;
	cr_assert_eq(import_db_insert(db, table, cells, n, &error), 0, "%s", error);
}

/* The rows of a join or table as "a|b|c" lines. */
static int collect(void *ctx, const char *const *cells, size_t n)
{
	struct strbuf *sb = ctx;
	for (size_t i = 0; i < n; i++)
		sb_printf(sb, "%s%s", i ? "|" : "", cells[i]);
	sb_putc(sb, '\n');
	return 0;
}

static void sicbl(const char *code, const char *icb)
{
	add(IMPORT_ONS_SICBL26, (const char *const[]){ "E38", code, "n", "E54", icb, "n", "E40",
	                                               "Y59", "South East" }, 9);
}

static void practice(const char *code, const char *status, const char *commissioner,
                     const char *setting)
{
	add(IMPORT_EPRACCUR, (const char *const[]){ code, "A SURGERY", "AB1 2CD", "19740401",
	                                            status, commissioner, setting, "Y59" }, 8);
}

Test(import_db, rows_keep_their_order, .init = setup, .fini = teardown)
{
	struct strbuf sb = STRBUF_INIT;
	char *error = NULL;

	add(IMPORT_ONS_ICB24, (const char *const[]){ "E54000042", "QRL", "Hampshire" }, 3);
	add(IMPORT_ONS_ICB24, (const char *const[]){ "E54000008", "QYG", "Cheshire" }, 3);
	cr_assert_eq(import_db_rows(db, IMPORT_ONS_ICB24, collect, &sb, &error), 0);
	cr_expect_str_eq(sb_str(&sb), "E54000042|QRL|Hampshire\nE54000008|QYG|Cheshire\n");
	cr_expect_eq(import_db_count(db, IMPORT_ONS_ICB24), 2);
	cr_expect_eq(import_db_insert(db, IMPORT_ONS_ICB24, (const char *const[]){ "x" }, 1,
	                              &error), -1);
	cr_expect_str_eq(error, "import: 1 cells for a table of 3 columns");
	free(error);
	sb_free(&sb);
}

/* Active GP practices only, commissioned by a 2026 sub-ICB location once
 * the moves are made; their open PCN membership. */
Test(import_db, practices_join, .init = setup, .fini = teardown)
{
	struct strbuf sb = STRBUF_INIT;
	char *error = NULL;

	sicbl("10R", "QRL");
	sicbl("D9Y0V", "QRL");
	practice("J82001", "ACTIVE", "10R", "RO76");
	practice("J82002", "INACTIVE", "10R", "RO76");     /* closed */
	practice("J82003", "ACTIVE", "10R", "RO177");      /* not a GP practice */
	practice("J82004", "ACTIVE", "D4U1Y", "RO76");     /* moved out of Frimley */
	practice("J82005", "ACTIVE", "D4U1Y", "RO76");     /* Frimley, not moved: gone */
	practice("W93019", "ACTIVE", "7A6", "RO76");       /* a Welsh health board's */
	add(IMPORT_GP_MOVES, (const char *const[]){ "J82004", "D9Y0V" }, 2);
	add(IMPORT_EPCN_PARTNERS, (const char *const[]){ "J82001", "U00001", "20230331" }, 3);
	add(IMPORT_EPCN_PARTNERS, (const char *const[]){ "J82001", "U00002", "" }, 3);
	cr_assert_eq(import_db_join(db, IMPORT_JOIN_PRACTICES, NULL, collect, &sb, &error), 0,
	             "%s", error);
	cr_expect_str_eq(sb_str(&sb),
	                 "J82001|A SURGERY|AB1 2CD|19740401|10R|0|U00002\n"
	                 "J82004|A SURGERY|AB1 2CD|19740401|D9Y0V|1|\n");
	sb_free(&sb);
}

static void trust(const char *code, const char *icb, const char *closed)
{
	add(IMPORT_ETR, (const char *const[]){ code, "A TRUST", "Y59", icb, "AB1 2CD",
	                                       "20000401", closed }, 7);
}

Test(import_db, trusts_join, .init = setup, .fini = teardown)
{
	struct strbuf sb = STRBUF_INIT;
	char *error = NULL;

	sicbl("10R", "QRL");
	trust("RHM", "QRL", "");
	trust("RN5", "QRL", "20260331");   /* closed in the year: kept */
	trust("RQF", "", "");               /* no ICB: Welsh or never placed */
	trust("R1C", "QRL", "20201231");    /* closed long ago */
	cr_assert_eq(import_db_join(db, IMPORT_JOIN_TRUSTS, "20260101", collect, &sb, &error), 0,
	             "%s", error);
	cr_expect_str_eq(sb_str(&sb), "RHM|A TRUST|QRL|AB1 2CD|20000401|\n"
	                              "RN5|A TRUST|QRL|AB1 2CD|20000401|20260331\n");
	sb_free(&sb);
}
