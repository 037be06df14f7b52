/* The import's database (import_db.h): one table a kind of input, the
 * joins as SQL over them. */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include "icsview/base/util.h"
#include "icsview/store/import_db.h"

enum { MAX_COLUMNS = 9, CACHED = IMPORT_TABLE_COUNT };

struct table_sql {
	size_t columns;
	const char *create;
	const char *insert;
	const char *select;
	const char *count;
};

/* Every table keeps its rows' order in seq (the rowid). */
#define TABLE(name, n, cols, marks) { n, \
	"CREATE TABLE " name " (seq INTEGER PRIMARY KEY, " cols ")", \
	"INSERT INTO " name " VALUES (NULL, " marks ")", \
	"SELECT " cols " FROM " name " ORDER BY seq", \
	"SELECT count(*) FROM " name }

static const struct table_sql tables[IMPORT_TABLE_COUNT] = {
	[IMPORT_ONS_SICBL26] = TABLE("ons_sicbl26", 9, "sicbl_gss, sicbl, sicbl_name, icb_gss, "
	                             "icb, icb_name, region_gss, region, region_name",
	                             "?, ?, ?, ?, ?, ?, ?, ?, ?"),
	[IMPORT_ONS_ICB24] = TABLE("ons_icb24", 3, "gss, code, name", "?, ?, ?"),
	[IMPORT_ONS_LOC22] = TABLE("ons_loc22", 7, "loc_gss, loc, icb_gss, icb, region_gss, region, "
	                             "region_name", "?, ?, ?, ?, ?, ?, ?"),
	[IMPORT_CCG_NAMES] = TABLE("ccg_names", 2, "gss, name", "?, ?"),
	[IMPORT_LTLA_UTLA] = TABLE("ltla_utla", 4, "ltla, ltla_name, utla, utla_name",
	                           "?, ?, ?, ?"),
	[IMPORT_LAD_SICBL26] = TABLE("lad_sicbl26", 6, "lad, lad_name, sicbl, icb, region, n",
	                             "?, ?, ?, ?, ?, ?"),
	[IMPORT_LAD_SICBL24] = TABLE("lad_sicbl24", 7, "lad, sicbl, sicbl_name, icb, n, "
	                             "lad_name, sicbl_gss", "?, ?, ?, ?, ?, ?, ?"),
	[IMPORT_TRUST_ICB22] = TABLE("trust_icb22", 3, "trust, icb_gss, share", "?, ?, ?"),
	[IMPORT_TRUST_LTLA21] = TABLE("trust_ltla21", 3, "trust, ltla, share", "?, ?, ?"),
	[IMPORT_ETR] = TABLE("etr", 7, "code, name, region, icb, postcode, opened, closed",
	                     "?, ?, ?, ?, ?, ?, ?"),
	[IMPORT_ETR_PREVIOUS] = TABLE("etr_previous", 7, "code, name, region, icb, postcode, "
	                              "opened, closed", "?, ?, ?, ?, ?, ?, ?"),
	[IMPORT_EPRACCUR] = TABLE("epraccur", 8, "code, name, postcode, opened, status, "
	                          "commissioner, setting, region", "?, ?, ?, ?, ?, ?, ?, ?"),
	[IMPORT_EPCN] = TABLE("epcn", 6, "code, name, sicbl, opened, closed, postcode",
	                      "?, ?, ?, ?, ?, ?"),
	[IMPORT_EPCN_PARTNERS] = TABLE("epcn_partners", 3, "practice, pcn, ended", "?, ?, ?"),
	[IMPORT_GP_MOVES] = TABLE("gp_moves", 2, "practice, sicbl", "?, ?"),
	[IMPORT_CCG_STP17] = TABLE("ccg_stp17", 5, "ccg_gss, ccg, ccg_name, stp_gss, stp_name",
	                           "?, ?, ?, ?, ?"),
	[IMPORT_CCG_STP18] = TABLE("ccg_stp18", 5, "ccg_gss, ccg, ccg_name, stp_gss, stp_name",
	                           "?, ?, ?, ?, ?"),
	[IMPORT_CCG_STP19] = TABLE("ccg_stp19", 5, "ccg_gss, ccg, ccg_name, stp_gss, stp_name",
	                           "?, ?, ?, ?, ?"),
	[IMPORT_CCG_STP20] = TABLE("ccg_stp20", 6, "ccg_gss, ccg, ccg_name, stp_gss, stp, "
	                           "stp_name", "?, ?, ?, ?, ?, ?"),
	[IMPORT_GP_REG_2022] = TABLE("gp_reg_2022", 7, "practice, ccg_gss, ccg, ccg_name, "
	                             "stp_gss, stp, stp_name", "?, ?, ?, ?, ?, ?, ?"),
};

/* Indexes for the joins' lookups. */
static const char indexes[] =
	"CREATE INDEX epcn_partners_practice ON epcn_partners (practice, ended);"
	"CREATE INDEX gp_moves_practice ON gp_moves (practice);"
	"CREATE INDEX ons_sicbl26_sicbl ON ons_sicbl26 (sicbl);"
	"CREATE INDEX ons_sicbl26_icb ON ons_sicbl26 (icb);"
	"CREATE INDEX epraccur_code ON epraccur (code);";

/* A practice is in the model when an English sub-ICB location commissions
 * it: the one in England that NHS Wales commissions (W93019 Wye Valley
 * Practice, St Briavels: commissioner 7A6, a Welsh health board) belongs
 * to no English ICB's list and is left out, as data/SOURCES.md says. */
static const char *const joins[IMPORT_JOIN_COUNT] = {
	[IMPORT_JOIN_PRACTICES] =
		"SELECT p.code, p.name, p.postcode, p.opened,"
		" coalesce(m.sicbl, p.commissioner), m.sicbl IS NOT NULL,"
		" coalesce((SELECT e.pcn FROM epcn_partners e"
		"           WHERE e.practice = p.code AND e.ended = ''"
		"           ORDER BY e.seq LIMIT 1), '')"
		" FROM epraccur p"
		" LEFT JOIN gp_moves m ON m.practice = p.code"
		" WHERE p.setting = 'RO76' AND p.status = 'ACTIVE'"
		"  AND coalesce(m.sicbl, p.commissioner) IN (SELECT sicbl FROM ons_sicbl26)"
		" ORDER BY p.seq",
	[IMPORT_JOIN_TRUSTS] =
		"SELECT t.code, t.name, t.icb, t.postcode, t.opened, t.closed FROM etr t"
		" WHERE t.icb IN (SELECT icb FROM ons_sicbl26)"
		"  AND (t.closed = '' OR t.closed >= ?1)"
		" ORDER BY t.seq",
	[IMPORT_JOIN_CCG_PRACTICES_2026] =
		"SELECT g.ccg_gss, coalesce(m.sicbl, p.commissioner) AS s, count(*)"
		" FROM gp_reg_2022 g"
		" JOIN epraccur p ON p.code = g.practice"
		" LEFT JOIN gp_moves m ON m.practice = p.code"
		" WHERE p.setting = 'RO76' AND p.status = 'ACTIVE'"
		"  AND coalesce(m.sicbl, p.commissioner) IN (SELECT sicbl FROM ons_sicbl26)"
		" GROUP BY g.ccg_gss, s"
		" ORDER BY min(g.seq)",
};

struct import_db {
	sqlite3 *db;
	sqlite3_stmt *insert[CACHED];
	bool indexed;
};

static char *db_error(sqlite3 *db, const char *what)
{
	return xasprintf("import: %s: %s", what, db ? sqlite3_errmsg(db) : "out of memory");
}

static int create_tables(struct import_db *d, char **error)
{
	for (size_t i = 0; i < IMPORT_TABLE_COUNT; i++) {
		if (sqlite3_exec(d->db, tables[i].create, NULL, NULL, NULL) != SQLITE_OK ||
		    sqlite3_prepare_v2(d->db, tables[i].insert, -1, &d->insert[i], NULL) != SQLITE_OK) {
			*error = db_error(d->db, "cannot make its tables");
			return -1;
		}
	}
	return 0;
}

struct import_db *import_db_open(char **error)
{
	struct import_db *d = xcalloc(1, sizeof(*d));

	if (sqlite3_open_v2(":memory:", &d->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
	                    NULL) != SQLITE_OK) {
		*error = db_error(d->db, "cannot open a database in memory");
		import_db_close(d);
		return NULL;
	}
	/* One transaction for the whole import: nothing is kept. */
	if (sqlite3_exec(d->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK ||
	    create_tables(d, error) < 0) {
		if (!*error)
			*error = db_error(d->db, "cannot begin");
		import_db_close(d);
		return NULL;
	}
	return d;
}

void import_db_close(struct import_db *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < CACHED; i++)
		sqlite3_finalize(d->insert[i]);
	sqlite3_close(d->db);
	free(d);
}

size_t import_db_columns(enum import_table table)
{
	return tables[table].columns;
}

int import_db_insert(struct import_db *d, enum import_table table,
                     const char *const *cells, size_t count, char **error)
{
	sqlite3_stmt *st = d->insert[table];
	int rc;

	if (count != tables[table].columns) {
		*error = xasprintf("import: %zu cells for a table of %zu columns", count,
		                   tables[table].columns);
		return -1;
	}
	for (size_t i = 0; i < count; i++)
		sqlite3_bind_text(st, (int)i + 1, cells[i], -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE) {
		*error = db_error(d->db, "cannot add a row");
		return -1;
	}
	return 0;
}

long long import_db_count(struct import_db *d, enum import_table table)
{
	sqlite3_stmt *st;
	long long n = -1;

	if (sqlite3_prepare_v2(d->db, tables[table].count, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* Runs a prepared statement, handing each row to fn. */
static int each_row(struct import_db *d, sqlite3_stmt *st, import_row_fn fn, void *ctx,
                    char **error)
{
	const char *cells[MAX_COLUMNS];
	int n = sqlite3_column_count(st), rc, stop = 0;

	if (n > MAX_COLUMNS)
		die("import_db: a query of %d columns", n);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (int i = 0; i < n; i++) {
			const unsigned char *text = sqlite3_column_text(st, i);
			if (!text && sqlite3_column_type(st, i) != SQLITE_NULL)
				die("out of memory");
			cells[i] = text ? (const char *)text : "";
		}
		stop = fn(ctx, cells, (size_t)n);
		if (stop)
			break;
	}
	if (!stop && rc != SQLITE_DONE) {
		*error = db_error(d->db, "a query failed");
		stop = -1;
	}
	return stop;
}

int import_db_rows(struct import_db *d, enum import_table table, import_row_fn fn,
                   void *ctx, char **error)
{
	sqlite3_stmt *st;
	int status;

	if (sqlite3_prepare_v2(d->db, tables[table].select, -1, &st, NULL) != SQLITE_OK) {
		*error = db_error(d->db, "cannot read a table");
		return -1;
	}
	status = each_row(d, st, fn, ctx, error);
	sqlite3_finalize(st);
	return status;
}

int import_db_join(struct import_db *d, enum import_join join, const char *param,
                   import_row_fn fn, void *ctx, char **error)
{
	sqlite3_stmt *st;
	int status;

	if (!d->indexed) {
		if (sqlite3_exec(d->db, indexes, NULL, NULL, NULL) != SQLITE_OK) {
			*error = db_error(d->db, "cannot index its tables");
			return -1;
		}
		d->indexed = true;
	}
	if (sqlite3_prepare_v2(d->db, joins[join], -1, &st, NULL) != SQLITE_OK) {
		*error = db_error(d->db, "cannot prepare a join");
		return -1;
	}
	if (param)
		sqlite3_bind_text(st, 1, param, -1, SQLITE_TRANSIENT);
	status = each_row(d, st, fn, ctx, error);
	sqlite3_finalize(st);
	return status;
}
