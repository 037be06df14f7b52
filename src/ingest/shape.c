/* Knowing each input by its shape (shape.h). */
#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "icsview/base/suggest.h"
#include "icsview/base/util.h"
#include "icsview/ingest/shape.h"

/* ODS's files have 27 columns and no header (the ODS documentation
 * gives each column's place). */
enum { ODS_WIDTH = 27 };

struct kind_info {
	enum input_kind kind;
	const char *name;
	enum { BY_HEADER, BY_ODS_NAME, BY_SHEET } how;
	const char *match;                    /* ODS file name, or sheet name */
	const char *columns[SHAPE_MAX_COLUMNS];
	size_t positions[SHAPE_MAX_COLUMNS];  /* ODS files: 1-based column numbers */
	const char *not_with;                 /* a column that makes a file another kind */
};

static const struct kind_info kinds[] = {
	{ INPUT_ONS_SICBL26, "ONS SICBL26 → ICB26 → NHSER26 lookup", BY_HEADER, NULL,
	  { "SICBL26CD", "SICBL26CDH", "SICBL26NM", "ICB26CD", "ICB26CDH", "ICB26NM",
	    "NHSER26CD", "NHSER26CDH", "NHSER26NM" }, { 0 },
	  /* the district counts repeat the lookup's columns */
	  "LAD24CD" },
	{ INPUT_ONS_ICB24, "ONS ICB (December 2024) names and codes", BY_HEADER, NULL,
	  { "ICB24CD", "ICB24CDH", "ICB24NM" }, { 0 }, NULL },
	{ INPUT_ONS_LOC22, "ONS LOC22 → ICB22 → NHSER22 lookup", BY_HEADER, NULL,
	  { "LOC22CD", "LOC22CDH", "ICB22CD", "ICB22CDH", "NHSER22CD", "NHSER22CDH",
	    "NHSER22NM" }, { 0 }, NULL },
	{ INPUT_ONS_CCG_NAMES, "CCG names (CQC locations × ONSPD, 2022)", BY_HEADER, NULL,
	  { "Location.ONSPD.CCG.Code", "Location.ONSPD.CCG" }, { 0 }, NULL },
	{ INPUT_ONS_LTLA_UTLA, "ONS LTLA23 → UTLA23 lookup", BY_HEADER, NULL,
	  { "ltla23_code", "ltla23_name", "utla23_code", "utla23_name" }, { 0 }, NULL },
	{ INPUT_LAD_SICBL26, "LAD24 × SICBL26 LSOA21 counts", BY_HEADER, NULL,
	  { "LAD24CD", "LAD24NM", "SICBL26CDH", "ICB26CDH", "NHSER26CDH", "n_lsoa21" }, { 0 }, NULL },
	{ INPUT_LAD_SICBL24, "LAD24 × SICBL24 LSOA21 counts", BY_HEADER, NULL,
	  { "LAD24CD", "SICBL24CDH", "SICBL24NM", "ICB24CDH", "n_lsoa21", "LAD24NM",
	    "SICBL24CD" }, { 0 }, NULL },
	{ INPUT_OHID_TRUST_ICB22, "OHID trust catchments by ICB22", BY_HEADER, NULL,
	  { "nhs_trust22_code", "icb22_code", "proportion_trust_came_from_icb" }, { 0 }, NULL },
	{ INPUT_OHID_TRUST_LTLA21, "OHID trust catchments by LTLA21", BY_HEADER, NULL,
	  { "nhs_trust22_code", "ltla21_code", "proportion_trust_came_from_ltla" }, { 0 }, NULL },
	/* code, name, region, ICB, postcode, opened, closed */
	{ INPUT_ODS_ETR, "ODS etr", BY_ODS_NAME, "etr", { 0 },
	  { 1, 2, 3, 4, 10, 11, 12 }, NULL },
	/* code, name, region, ICB, opened, closed, roles */
	{ INPUT_ODS_ECCG, "ODS eccg", BY_ODS_NAME, "eccg", { 0 }, { 1, 2, 3, 4, 11, 12, 14 },
	  NULL },
	/* code, name, postcode, opened, status, commissioner, prescribing setting,
	 * region */
	{ INPUT_ODS_EPRACCUR, "ODS epraccur", BY_ODS_NAME, "epraccur", { 0 },
	  { 1, 2, 10, 11, 13, 15, 26, 3 }, NULL },
	{ INPUT_EPCN_DETAILS, "ODS ePCN PCN details", BY_HEADER, NULL,
	  { "PCN Code", "PCN Name", "Current Sub ICB Loc Code", "Open Date", "Close Date",
	    "Postcode" }, { 0 }, NULL },
	{ INPUT_EPCN_PARTNERS, "ODS ePCN core partner details", BY_HEADER, NULL,
	  { "Partner Organisation Code", "PCN Code", "Practice to PCN Relationship End Date" },
	  { 0 }, NULL },
	{ INPUT_MERGERS_SUMMARY, "ODS ICB mergers change summary (Summary)", BY_SHEET,
	  "Summary", { 0 }, { 0 }, NULL },
	{ INPUT_MERGERS_SICBL, "ODS ICB mergers change summary (SICBL Changes)", BY_SHEET,
	  "SICBL Changes", { 0 }, { 0 }, NULL },
	{ INPUT_MERGERS_LSOA, "ODS ICB mergers change summary (ICB Footprints_LSOA Changes)",
	  BY_SHEET, "ICB Footprints_LSOA Changes", { 0 }, { 0 }, NULL },
	{ INPUT_MERGERS_GP_MOVES, "ODS ICB mergers change summary (GP Practice Moves)",
	  BY_SHEET, "GP Practice Moves", { 0 }, { 0 }, NULL },
	{ INPUT_ONS_CCG_STP17, "ONS CCG17 → STP17 lookup", BY_HEADER, NULL,
	  { "CCG17CD", "CCG17CDH", "CCG17NM", "STP17CD", "STP17NM" }, { 0 }, NULL },
	{ INPUT_ONS_CCG_STP18, "ONS CCG18 → STP18 lookup", BY_HEADER, NULL,
	  { "CCG18CD", "CCG18CDH", "CCG18NM", "STP18CD", "STP18NM" }, { 0 }, NULL },
	/* the July 2019 lookup repeats these columns beside the cancer alliances */
	{ INPUT_ONS_CCG_STP19, "ONS CCG19 → STP19 lookup", BY_HEADER, NULL,
	  { "CCG19CD", "CCG19CDH", "CCG19NM", "STP19CD", "STP19NM" }, { 0 }, "CAL19CD" },
	{ INPUT_ONS_CCG_STP20, "ONS CCG20 → STP20 lookup", BY_HEADER, NULL,
	  { "CCG20CD", "CCG20CDH", "CCG20NM", "STP20CD", "STP20CDH", "STP20NM" }, { 0 }, NULL },
	{ INPUT_NHSD_GP_REG_2022, "NHS Digital GP registration practice map", BY_HEADER, NULL,
	  { "PRACTICE_CODE", "ONS_CCG_CODE", "CCG_CODE", "CCG_NAME", "ONS_STP_CODE", "STP_CODE",
	    "STP_NAME" }, { 0 }, NULL },
	/* ONS files published beside the lookups above, known so that the
	 * directory they came in can be named whole, and not read: the July
	 * 2019 lookup with cancer alliances, the regions and local offices of
	 * 2017 and 2018, the first integrated care systems (2019), names and
	 * codes of 2019-2020, districts to counties (2019). */
	{ INPUT_NONE, "ONS CCG19 → STP19 → CAL19 lookup", BY_HEADER, NULL,
	  { "CCG19CD", "STP19CD", "CAL19CD", "CAL19NM" }, { 0 }, NULL },
	{ INPUT_NONE, "ONS CCG18 → NHSRLO18 → NHSER18 lookup", BY_HEADER, NULL,
	  { "CCG18CD", "NHSRLO18CD", "NHSER18CD" }, { 0 }, NULL },
	{ INPUT_NONE, "ONS CCG17 → NHSRLO17 → NHSER17 lookup", BY_HEADER, NULL,
	  { "CCG17CD", "NHSRLO17CD", "NHSER17CD" }, { 0 }, NULL },
	{ INPUT_NONE, "ONS ICS19 names and codes", BY_HEADER, NULL,
	  { "ICS19CD", "ICS19NM" }, { 0 }, NULL },
	{ INPUT_NONE, "ONS CCG20 names and codes", BY_HEADER, NULL,
	  { "CCG20CD", "CCG20CDH", "CCG20NM" }, { 0 }, NULL },
	{ INPUT_NONE, "ONS NHSER19 names and codes", BY_HEADER, NULL,
	  { "NHSER19CD", "NHSER19CDH", "NHSER19NM" }, { 0 }, NULL },
	{ INPUT_NONE, "ONS STP20 names and codes", BY_HEADER, NULL,
	  { "STP20CD", "STP20CDH", "STP20NM" }, { 0 }, NULL },
	{ INPUT_NONE, "ONS LTLA19 → UTLA19 lookup", BY_HEADER, NULL,
	  { "LTLA19CD", "LTLA19NM", "UTLA19CD", "UTLA19NM" }, { 0 }, NULL },
};
enum { KIND_TABLE = sizeof(kinds) / sizeof(kinds[0]) };

/* An ODS workbook's sheets open with the service's name in their first
 * rows. */
static const char ods_banner[] = "Organisation Data Service";
enum { BANNER_ROWS = 3 };

static const struct kind_info *info_of(enum input_kind kind)
{
	if (kind == INPUT_NONE)
		return NULL;
	for (size_t i = 0; i < KIND_TABLE; i++)
		if (kinds[i].kind == kind)
			return &kinds[i];
	return NULL;
}

const char *shape_kind_name(enum input_kind kind)
{
	const struct kind_info *k = info_of(kind);
	return k ? k->name : "an unused sheet";
}

static size_t count_of(const struct kind_info *k)
{
	size_t n = 0;

	if (k->how == BY_SHEET)
		return 0;
	while (n < SHAPE_MAX_COLUMNS && (k->how == BY_HEADER ? k->columns[n] != NULL
	                                                     : k->positions[n] != 0))
		n++;
	return n;
}

size_t shape_column_count(enum input_kind kind)
{
	const struct kind_info *k = info_of(kind);
	return k ? count_of(k) : 0;
}

/* The file's own name: the last part of a path or a member, without
 * its extension, in lower case ("data/raw/epraccur.csv" → "epraccur"). */
static char *base_name(const struct table *t)
{
	const char *name = t->name, *slash, *paren = strrchr(name, '(');
	char *copy, *dot;

	if (paren && name[strlen(name) - 1] == ')')
		name = paren + 1;
	slash = strrchr(name, '/');
	copy = xstrdup(slash ? slash + 1 : name);
	if (copy[0] && copy[strlen(copy) - 1] == ')')
		copy[strlen(copy) - 1] = '\0';
	dot = strrchr(copy, '.');
	if (dot)
		*dot = '\0';
	for (char *p = copy; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return copy;
}

static bool has_banner(const struct table *t)
{
	for (size_t r = 0; r < t->rows && r < BANNER_ROWS; r++)
		for (size_t c = 0; c < t->width; c++)
			if (strcmp(table_cell(t, r, c), ods_banner) == 0)
				return true;
	return false;
}

/* Whether a header is the column's name, whatever whitespace it has:
 * the workbooks break long headers over lines ("Partner\nOrganisation\n
 * Code"), the CSVs extracted from them have spaces. */
static bool same_header(const char *header, const char *column)
{
	while (isspace((unsigned char)*header))
		header++;
	while (*header && *column) {
		if (isspace((unsigned char)*header) && *column == ' ') {
			while (isspace((unsigned char)*header))
				header++;
			column++;
			continue;
		}
		if (*header != *column)
			return false;
		header++;
		column++;
	}
	while (isspace((unsigned char)*header))
		header++;
	return !*header && !*column;
}

static bool header_has(const struct table *t, const char *column, size_t *at)
{
	for (size_t c = 0; c < t->width; c++)
		if (same_header(table_cell(t, 0, c), column)) {
			*at = c;
			return true;
		}
	return false;
}

static int by_ods_name(const struct table *t, const struct kind_info *k, struct shape *shape,
                       char **error)
{
	size_t n = count_of(k);

	if (t->width != ODS_WIDTH) {
		*error = table_error(t->name, t->rows ? t->lines[0] : 1,
		                     "an %s file has %d columns; this one has %zu", k->name,
		                     ODS_WIDTH, t->width);
		return -1;
	}
	shape->kind = k->kind;
	shape->first_row = 0;
	for (size_t i = 0; i < n; i++)
		shape->columns[i] = k->positions[i] - 1;
	return 0;
}

static int missing_column(const struct table *t, const struct kind_info *k, char **error)
{
	size_t at;

	for (size_t i = 0; i < count_of(k); i++) {
		if (header_has(t, k->columns[i], &at))
			continue;
		/* the nearest of the headers no other column of the kind took */
		struct suggest near;
		suggest_init(&near, k->columns[i]);
		for (size_t c = 0; c < t->width; c++) {
			bool taken = false;
			for (size_t j = 0; j < count_of(k) && !taken; j++)
				taken = same_header(table_cell(t, 0, c), k->columns[j]);
			if (!taken)
				suggest_consider(&near, table_cell(t, 0, c));
		}
		if (near.best)
			*error = table_error(t->name, t->lines[0],
			                     "an %s has no column \"%s\" (renamed \"%s\"?)", k->name,
			                     k->columns[i], near.best);
		else
			*error = table_error(t->name, t->lines[0], "an %s has no column \"%s\"",
			                     k->name, k->columns[i]);
		return -1;
	}
	return 0;
}

/* The header kind whose columns the first row has most of (a share
 * of them, more columns winning a tie); *found is how many it has. */
static const struct kind_info *nearest_header_kind(const struct table *t, size_t *found)
{
	const struct kind_info *best = NULL;
	size_t best_found = 0, best_count = 1, at;

	for (size_t i = 0; i < KIND_TABLE; i++) {
		const struct kind_info *k = &kinds[i];
		size_t n = count_of(k), have = 0;
		if (k->how != BY_HEADER || (k->not_with && header_has(t, k->not_with, &at)))
			continue;
		for (size_t c = 0; c < n; c++)
			have += header_has(t, k->columns[c], &at);
		/* have/n against best_found/best_count, without division */
		if (have * best_count > best_found * n ||
		    (have * best_count == best_found * n && have > best_found)) {
			best = k;
			best_found = have;
			best_count = n;
		}
	}
	*found = best_found;
	return best;
}

static int by_header(const struct table *t, struct shape *shape, char **error)
{
	size_t found;
	const struct kind_info *k = nearest_header_kind(t, &found);
	size_t n = k ? count_of(k) : 0;

	if (!k || found == 0 || found * 2 < n) {
		*error = table_error(t->name, 1, "not a file icsview import reads (no ODS, ONS "
		                     "or OHID file it knows has these columns)");
		return -1;
	}
	if (found < n)
		return missing_column(t, k, error);
	shape->kind = k->kind;
	shape->first_row = 1;
	for (size_t i = 0; i < n; i++)
		header_has(t, k->columns[i], &shape->columns[i]);
	return 0;
}

int shape_recognise(const struct table *t, struct shape *shape, char **error)
{
	char *base;

	memset(shape, 0, sizeof(*shape));
	if (t->rows == 0) {
		*error = table_error(t->name, 1, "an empty file");
		return -1;
	}
	if (t->sheet) {
		for (size_t i = 0; i < KIND_TABLE; i++)
			if (kinds[i].how == BY_SHEET && strcmp(t->sheet, kinds[i].match) == 0 &&
			    has_banner(t)) {
				shape->kind = kinds[i].kind;
				return 0;
			}
		size_t found;
		if (!nearest_header_kind(t, &found) || found == 0) {
			shape->kind = INPUT_NONE;
			return 0;
		}
		return by_header(t, shape, error);
	}
	base = base_name(t);
	for (size_t i = 0; i < KIND_TABLE; i++) {
		if (kinds[i].how == BY_ODS_NAME && strcmp(base, kinds[i].match) == 0) {
			free(base);
			return by_ods_name(t, &kinds[i], shape, error);
		}
	}
	free(base);
	return by_header(t, shape, error);
}

const char *shape_latest_date(const struct table *t, const struct shape *shape)
{
	/* the opened and closed columns among each kind's */
	enum { ETR_OPENED = 5, ETR_CLOSED = 6, ECCG_OPENED = 4, ECCG_CLOSED = 5,
	       EPRACCUR_OPENED = 3, EPCN_OPENED = 3, EPCN_CLOSED = 4 };
	size_t opened, closed;
	const char *latest = "";

	switch (shape->kind) {
	case INPUT_ODS_ETR:
		opened = shape->columns[ETR_OPENED];
		closed = shape->columns[ETR_CLOSED];
		break;
	case INPUT_ODS_ECCG:
		opened = shape->columns[ECCG_OPENED];
		closed = shape->columns[ECCG_CLOSED];
		break;
	case INPUT_ODS_EPRACCUR:
		opened = closed = shape->columns[EPRACCUR_OPENED];
		break;
	case INPUT_EPCN_DETAILS:
		opened = shape->columns[EPCN_OPENED];
		closed = shape->columns[EPCN_CLOSED];
		break;
	default:
		return "";
	}
	for (size_t r = shape->first_row; r < t->rows; r++) {
		const char *a = table_cell(t, r, opened), *b = table_cell(t, r, closed);
		if (strcmp(a, latest) > 0)
			latest = a;
		if (strcmp(b, latest) > 0)
			latest = b;
	}
	return latest;
}
