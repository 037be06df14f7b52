/* The database an import joins its inputs in: an SQLite database in
 * memory, its tables the publishers' rows as read (one table a kind of
 * input, text columns in the order import_db_insert takes them), and the
 * joins the England model needs made in SQL.  Nothing of it is kept. */
#ifndef ICSVIEW_IMPORT_DB_H
#define ICSVIEW_IMPORT_DB_H

#include <stddef.h>

enum import_table {
	/* sicbl_gss, sicbl, sicbl_name, icb_gss, icb, icb_name, region_gss, region, region_name */
	IMPORT_ONS_SICBL26,
	IMPORT_ONS_ICB24,         /* gss, code, name */
	/* loc_gss, loc, icb_gss, icb, region_gss, region, region_name */
	IMPORT_ONS_LOC22,
	IMPORT_CCG_NAMES,         /* gss, name */
	IMPORT_LTLA_UTLA,         /* ltla, ltla_name, utla, utla_name */
	IMPORT_LAD_SICBL26,       /* lad, lad_name, sicbl, icb, region, n */
	IMPORT_LAD_SICBL24,       /* lad, sicbl, sicbl_name, icb, n, lad_name, sicbl_gss */
	IMPORT_TRUST_ICB22,       /* trust, icb_gss, share */
	IMPORT_TRUST_LTLA21,      /* trust, ltla, share */
	IMPORT_ETR,               /* code, name, region, icb, postcode, opened, closed */
	IMPORT_ETR_PREVIOUS,      /* the same, from an earlier extract */
	/* code, name, postcode, opened, status, commissioner, setting, region */
	IMPORT_EPRACCUR,
	IMPORT_EPCN,              /* code, name, sicbl, opened, closed, postcode */
	IMPORT_EPCN_PARTNERS,     /* practice, pcn, ended */
	IMPORT_GP_MOVES,          /* practice, sicbl: commissioners from the merger date */
	IMPORT_CCG_STP17,         /* ccg_gss, ccg, ccg_name, stp_gss, stp_name */
	IMPORT_CCG_STP18,         /* the same, April 2018 */
	IMPORT_CCG_STP19,         /* the same, April 2019 */
	IMPORT_CCG_STP20,         /* ccg_gss, ccg, ccg_name, stp_gss, stp, stp_name */
	/* practice, ccg_gss, ccg, ccg_name, stp_gss, stp, stp_name */
	IMPORT_GP_REG_2022,
	IMPORT_TABLE_COUNT
};

/* The joins. */
enum import_join {
	/* The active GP practices (prescribing setting RO76) commissioned by
	 * a sub-ICB location of the ONS 2026 lookup, after the moves:
	 * code, name, postcode, opened, sicbl, moved ("1" or "0"), pcn ("" for
	 * none: the practice's open membership in ePCN). */
	IMPORT_JOIN_PRACTICES,
	/* The trusts of the current etr whose headquarters lie in an ICB of
	 * the ONS 2026 lookup, open or closed on or after the date bound
	 * (YYYYMMDD): code, name, icb, postcode, opened, closed. */
	IMPORT_JOIN_TRUSTS,
	/* Where the practices of each CCG of January 2022 are commissioned
	 * from in the model (as IMPORT_JOIN_PRACTICES, after the moves):
	 * ccg_gss, sicbl, practices; in the order of each pair's first
	 * practice in the map. */
	IMPORT_JOIN_CCG_PRACTICES_2026,
	IMPORT_JOIN_COUNT
};

struct import_db;

/* An empty database.  NULL with *error (caller frees) on failure. */
struct import_db *import_db_open(char **error);
void import_db_close(struct import_db *db);

/* Adds a row of `count` cells (the table's columns, in order) to table.
 * Rows are kept in the order added.  0, or -1 with *error set. */
int import_db_insert(struct import_db *db, enum import_table table,
                     const char *const *cells, size_t count, char **error);
/* How many columns table has; how many rows it holds. */
size_t import_db_columns(enum import_table table);
long long import_db_count(struct import_db *db, enum import_table table);

/* Called with each row's cells (never NULL) and their count; a non-zero
 * return stops the walk and is returned. */
typedef int (*import_row_fn)(void *ctx, const char *const *cells, size_t count);

/* Every row of table in the order added. */
int import_db_rows(struct import_db *db, enum import_table table, import_row_fn fn,
                   void *ctx, char **error);
/* The rows of a join, in the order of their first table's rows; `param`
 * is the join's bound value (NULL when it takes none). */
int import_db_join(struct import_db *db, enum import_join join, const char *param,
                   import_row_fn fn, void *ctx, char **error);

#endif
