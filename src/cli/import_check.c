/* The inputs agree with one another (import_inputs.h): each lookup
 * gives every code one meaning, the files that name a sub-ICB location
 * or an ICB name one the lookups have, and an ODS eccg lists the
 * sub-ICB locations of the 2024 counts.  The GP practices of England's
 * regions that no sub-ICB location of the lookup commissions are
 * reported (import_build.h): they are left out.  The import takes the
 * files' own word for how many regions, ICBs and sub-ICB locations
 * there are; what it cannot take is a file that contradicts another,
 * and that is refused at the row that does. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "icsview/base/strmap.h"
#include "icsview/base/util.h"
#include "import_build.h"
#include "import_inputs.h"

static unsigned line_of(const struct input_rows *x, size_t r)
{
	return x->t->lines[r];
}

/* The row that first gave code (rows: code → row), or SIZE_MAX when
 * this is the first, and r is recorded. */
static size_t first_row(struct strmap *rows, const char *code, size_t r)
{
	bool added;
	int32_t *slot = strmap_insert(rows, code, &added);

	if (added) {
		*slot = (int32_t)r;
		return SIZE_MAX;
	}
	return (size_t)*slot;
}

/* The ONS sub-ICB location → ICB → region lookup (columns: sub-ICB
 * location GSS, code, name; ICB GSS, code, name; region GSS, code,
 * name): every row names all three, a sub-ICB location once, an ICB
 * always with its name and region, a region always with its name. */
static int check_sicbl_lookup(const struct input_rows *x, char **error)
{
	struct strmap sicbls = STRMAP_INIT, icbs = STRMAP_INIT, regions = STRMAP_INIT;
	int status = 0;

	for (size_t r = x->first; r < x->t->rows && status == 0; r++) {
		const char *sicbl = input_cell(x, r, 1), *icb = input_cell(x, r, 4), *region = input_cell(x, r, 7);
		size_t was;
		if (!*sicbl || !*icb || !*region) {
			*error = table_error(x->t->name, line_of(x, r), "a row without a %s code",
			                     !*sicbl ? "sub-ICB location" : !*icb ? "ICB" : "region");
			status = -1;
		} else if ((was = first_row(&sicbls, sicbl, r)) != SIZE_MAX) {
			*error = table_error(x->t->name, line_of(x, r), "sub-ICB location %s again "
			                     "(first at line %u)", sicbl, line_of(x, was));
			status = -1;
		} else if ((was = first_row(&icbs, icb, r)) != SIZE_MAX &&
		           (strcmp(input_cell(x, was, 5), input_cell(x, r, 5)) != 0 ||
		            strcmp(input_cell(x, was, 7), region) != 0)) {
			*error = table_error(x->t->name, line_of(x, r), "ICB %s is \"%s\" in region %s "
			                     "here, but \"%s\" in region %s at line %u", icb,
			                     input_cell(x, r, 5), region, input_cell(x, was, 5), input_cell(x, was, 7),
			                     line_of(x, was));
			status = -1;
		} else if ((was = first_row(&regions, region, r)) != SIZE_MAX &&
		           strcmp(input_cell(x, was, 8), input_cell(x, r, 8)) != 0) {
			*error = table_error(x->t->name, line_of(x, r), "region %s is \"%s\" here, but "
			                     "\"%s\" at line %u", region, input_cell(x, r, 8), input_cell(x, was, 8),
			                     line_of(x, was));
			status = -1;
		}
	}
	strmap_free(&sicbls);
	strmap_free(&icbs);
	strmap_free(&regions);
	return status;
}

/* The codes of one column of a table, as a set. */
static void collect(const struct input_rows *x, size_t column, struct strmap *into)
{
	bool added;

	for (size_t r = x->first; r < x->t->rows; r++)
		strmap_insert(into, input_cell(x, r, column), &added);
}

/* The ONS ICB names and codes (GSS, code, name): each ICB once. */
static int check_icb_names(const struct input_rows *x, char **error)
{
	struct strmap icbs = STRMAP_INIT;
	int status = 0;

	for (size_t r = x->first; r < x->t->rows && status == 0; r++) {
		size_t was = first_row(&icbs, input_cell(x, r, 1), r);
		if (!*input_cell(x, r, 1)) {
			*error = table_error(x->t->name, line_of(x, r), "a row without an ICB code");
			status = -1;
		} else if (was != SIZE_MAX) {
			*error = table_error(x->t->name, line_of(x, r), "ICB %s again (first at line "
			                     "%u)", input_cell(x, r, 1), line_of(x, was));
			status = -1;
		}
	}
	strmap_free(&icbs);
	return status;
}

static bool whole_number(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* The district × sub-ICB location counts of 2026 (district, its name,
 * sub-ICB location, ICB, region, LSOAs): each sub-ICB location one of
 * the lookup's, under the ICB and in the region the lookup gives it. */
static int check_lad_sicbl26(const struct input_rows *x, const struct input_rows *lookup, char **error)
{
	struct strmap sicbls = STRMAP_INIT;
	int status = 0;

	for (size_t r = lookup->first; r < lookup->t->rows; r++)
		first_row(&sicbls, input_cell(lookup, r, 1), r);
	for (size_t r = x->first; r < x->t->rows && status == 0; r++) {
		const char *sicbl = input_cell(x, r, 2);
		int32_t *in_lookup = strmap_find(&sicbls, sicbl);
		size_t l = in_lookup ? (size_t)*in_lookup : 0;
		if (!in_lookup) {
			*error = table_error(x->t->name, line_of(x, r), "sub-ICB location %s is not in "
			                     "%s", sicbl, lookup->t->name);
			status = -1;
		} else if (strcmp(input_cell(x, r, 3), input_cell(lookup, l, 4)) != 0 ||
		           strcmp(input_cell(x, r, 4), input_cell(lookup, l, 7)) != 0) {
			*error = table_error(x->t->name, line_of(x, r), "sub-ICB location %s is under "
			                     "ICB %s in region %s here, but under %s in %s in %s:%u",
			                     sicbl, input_cell(x, r, 3), input_cell(x, r, 4), input_cell(lookup, l, 4),
			                     input_cell(lookup, l, 7), lookup->t->name, line_of(lookup, l));
			status = -1;
		} else if (!whole_number(input_cell(x, r, 5))) {
			*error = table_error(x->t->name, line_of(x, r), "\"%s\" is not a count of "
			                     "LSOAs", input_cell(x, r, 5));
			status = -1;
		}
	}
	strmap_free(&sicbls);
	return status;
}

/* The district × sub-ICB location counts of 2024 (district, sub-ICB
 * location, its name, ICB, LSOAs): each ICB one of the ICB names file's. */
static int check_lad_sicbl24(const struct input_rows *x, const struct input_rows *names, char **error)
{
	struct strmap icbs = STRMAP_INIT;
	int status = 0;

	collect(names, 1, &icbs);
	for (size_t r = x->first; r < x->t->rows && status == 0; r++) {
		if (!strmap_find(&icbs, input_cell(x, r, 3))) {
			*error = table_error(x->t->name, line_of(x, r), "sub-ICB location %s is under "
			                     "ICB %s, which is not in %s", input_cell(x, r, 1), input_cell(x, r, 3),
			                     names->t->name);
			status = -1;
		} else if (!whole_number(input_cell(x, r, 4))) {
			*error = table_error(x->t->name, line_of(x, r), "\"%s\" is not a count of "
			                     "LSOAs", input_cell(x, r, 4));
			status = -1;
		}
	}
	strmap_free(&icbs);
	return status;
}

/* An ODS eccg (code, name, region, ICB, opened, closed, roles) against
 * the 2024 counts: the sub-ICB locations open in one (role RO319, no
 * close date) are those of the other, under the same ICBs. */
static int check_eccg(const struct input_rows *eccg, const struct input_rows *lad,
                      char **error)
{
	struct strmap open = STRMAP_INIT, counted = STRMAP_INIT;
	int status = 0;

	for (size_t r = eccg->first; r < eccg->t->rows; r++)
		if (!*input_cell(eccg, r, 5) && strstr(input_cell(eccg, r, 6), "RO319"))
			first_row(&open, input_cell(eccg, r, 0), r);
	for (size_t r = lad->first; r < lad->t->rows && status == 0; r++) {
		const char *sicbl = input_cell(lad, r, 1), *icb = input_cell(lad, r, 3);
		int32_t *e = strmap_find(&open, sicbl);
		bool added;
		strmap_insert(&counted, sicbl, &added);
		if (!e) {
			*error = table_error(lad->t->name, line_of(lad, r), "sub-ICB location %s is "
			                     "no open sub-ICB location of %s", sicbl, eccg->t->name);
			status = -1;
		} else if (strcmp(input_cell(eccg, (size_t)*e, 3), icb) != 0) {
			*error = table_error(lad->t->name, line_of(lad, r), "sub-ICB location %s is "
			                     "under ICB %s here, but under %s in %s:%u", sicbl, icb,
			                     input_cell(eccg, (size_t)*e, 3), eccg->t->name,
			                     line_of(eccg, (size_t)*e));
			status = -1;
		}
	}
	for (size_t r = eccg->first; r < eccg->t->rows && status == 0; r++) {
		const char *sicbl = input_cell(eccg, r, 0);
		int32_t *e = strmap_find(&open, sicbl);
		if (e && (size_t)*e == r && !strmap_find(&counted, sicbl)) {
			*error = table_error(eccg->t->name, line_of(eccg, r), "sub-ICB location %s is "
			                     "open, but %s counts no district in it", sicbl,
			                     lad->t->name);
			status = -1;
		}
	}
	strmap_free(&open);
	strmap_free(&counted);
	return status;
}

int import_inputs_check(const struct import_inputs *in, char **error)
{
	struct input_rows lookup, names, lad, eccg;

	if (import_inputs_rows(in, INPUT_ONS_SICBL26, &lookup)) {
		if (check_sicbl_lookup(&lookup, error) < 0)
			return -1;
		if (import_inputs_rows(in, INPUT_LAD_SICBL26, &lad) &&
		    check_lad_sicbl26(&lad, &lookup, error) < 0)
			return -1;
	}
	if (import_inputs_rows(in, INPUT_ONS_ICB24, &names)) {
		if (check_icb_names(&names, error) < 0)
			return -1;
		if (import_inputs_rows(in, INPUT_LAD_SICBL24, &lad) &&
		    check_lad_sicbl24(&lad, &names, error) < 0)
			return -1;
	}
	if (import_inputs_rows(in, INPUT_ODS_ECCG, &eccg) &&
	    import_inputs_rows(in, INPUT_LAD_SICBL24, &lad) && check_eccg(&eccg, &lad, error) < 0)
		return -1;
	return 0;
}

static bool a_region(const struct england *en, const char *code)
{
	for (size_t i = 0; i < en->region_count; i++)
		if (strcmp(en->regions[i].code, code) == 0)
			return true;
	return false;
}

void england_report_left_out(const struct england *en, const struct import_inputs *in,
                             void (*say)(const char *line))
{
	/* epraccur: code, name, postcode, opened, status, commissioner,
	 * prescribing setting, region */
	enum { CODE = 0, STATUS = 4, COMMISSIONER = 5, SETTING = 6, REGION = 7 };
	struct input_rows p;

	if (!import_inputs_rows(in, INPUT_ODS_EPRACCUR, &p))
		return;
	for (size_t r = p.first; r < p.t->rows; r++) {
		const char *code = input_cell(&p, r, CODE), *by = input_cell(&p, r, COMMISSIONER);
		if (strcmp(input_cell(&p, r, STATUS), "ACTIVE") != 0 ||
		    strcmp(input_cell(&p, r, SETTING), "RO76") != 0 ||
		    !a_region(en, input_cell(&p, r, REGION)) || england_sicbl(en, by) != SIZE_MAX ||
		    textmap_has(&en->gp_moves, code))
			continue;
		char *line = xasprintf("%s:%u: warning: GP practice %s, in region %s, is "
		                       "commissioned by %s, no sub-ICB location of the lookup: left "
		                       "out", p.t->name, line_of(&p, r), code,
		                       input_cell(&p, r, REGION), by);
		say(line);
		free(line);
	}
}
