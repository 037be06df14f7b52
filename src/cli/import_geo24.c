/* The geography before April 2026, when no ONS April 2026 lookup is
 * given (import_inputs.h): the sub-ICB locations and their ICBs from the
 * district × sub-ICB location 2024 counts, the ICBs' names from the ONS
 * ICB (December 2024) names and codes, their NHS England regions from
 * the ONS July 2022 lookup (the ICBs kept their codes and regions until
 * April 2026).  The rows are put where the April 2026 lookup's would
 * be, so that the model is built from them the same way. */
#include <stdint.h>
#include <string.h>
#include "icsview/base/strmap.h"
#include "icsview/base/util.h"
#include "import_inputs.h"

/* Each code of a column → its first row. */
static void index_rows(const struct input_rows *x, size_t column, struct strmap *into)
{
	bool added;

	for (size_t r = x->first; r < x->t->rows; r++) {
		int32_t *slot = strmap_insert(into, input_cell(x, r, column), &added);
		if (added)
			*slot = (int32_t)r;
	}
}

/* One row of the counts (district, sub-ICB location, its name, ICB,
 * LSOAs, district name, sub-ICB location GSS code) as a row of the
 * lookup (its first) and of the 2026 counts. */
static int put_row(struct import_db *db, const struct input_rows *lad, size_t r,
                   const struct input_rows *names, size_t n, const struct input_rows *loc, size_t l,
                   bool first, char **error)
{
	if (first) {
		const char *lookup[] = { input_cell(lad, r, 6), input_cell(lad, r, 1), input_cell(lad, r, 2),
		                         input_cell(names, n, 0), input_cell(names, n, 1), input_cell(names, n, 2),
		                         input_cell(loc, l, 4), input_cell(loc, l, 5), input_cell(loc, l, 6) };
		if (import_db_insert(db, IMPORT_ONS_SICBL26, lookup, 9, error) < 0)
			return -1;
	}
	const char *counts[] = { input_cell(lad, r, 0), input_cell(lad, r, 5), input_cell(lad, r, 1), input_cell(lad, r, 3),
	                         input_cell(loc, l, 5), input_cell(lad, r, 4) };
	return import_db_insert(db, IMPORT_LAD_SICBL26, counts, 6, error);
}

int import_inputs_geography_2024(const struct import_inputs *in, struct import_db *db,
                                 char **error)
{
	struct input_rows lad, names, loc;
	struct strmap by_name = STRMAP_INIT, by_loc = STRMAP_INIT, seen = STRMAP_INIT;
	int status = 0;
	bool first;

	if (!import_inputs_rows(in, INPUT_LAD_SICBL24, &lad) ||
	    !import_inputs_rows(in, INPUT_ONS_ICB24, &names) ||
	    !import_inputs_rows(in, INPUT_ONS_LOC22, &loc)) {
		*error = xstrdup("import: no ONS sub-ICB location lookup among the inputs");
		return -1;
	}
	index_rows(&names, 1, &by_name);
	index_rows(&loc, 3, &by_loc);
	for (size_t r = lad.first; r < lad.t->rows && status == 0; r++) {
		const char *icb = input_cell(&lad, r, 3);
		int32_t *n = strmap_find(&by_name, icb), *l = strmap_find(&by_loc, icb);
		if (!n || !l) {
			*error = table_error(lad.t->name, lad.t->lines[r], "ICB %s is not in %s",
			                     icb, !n ? names.t->name : loc.t->name);
			status = -1;
			break;
		}
		strmap_insert(&seen, input_cell(&lad, r, 1), &first);
		status = put_row(db, &lad, r, &names, (size_t)*n, &loc, (size_t)*l, first, error);
	}
	strmap_free(&by_name);
	strmap_free(&by_loc);
	strmap_free(&seen);
	return status;
}
