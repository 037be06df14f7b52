/* The import's inputs (import_inputs.h). */
#include <stdlib.h>
#include <string.h>
#include "icsview/base/util.h"
#include "icsview/ingest/ingest.h"
#include "import_inputs.h"

/* Each kind's table in the import's database. */
static const struct {
	enum input_kind kind;
	enum import_table table;
} loads[] = {
	{ INPUT_ONS_SICBL26, IMPORT_ONS_SICBL26 },
	{ INPUT_ONS_ICB24, IMPORT_ONS_ICB24 },
	{ INPUT_ONS_LOC22, IMPORT_ONS_LOC22 },
	{ INPUT_ONS_CCG_NAMES, IMPORT_CCG_NAMES },
	{ INPUT_ONS_LTLA_UTLA, IMPORT_LTLA_UTLA },
	{ INPUT_LAD_SICBL26, IMPORT_LAD_SICBL26 },
	{ INPUT_LAD_SICBL24, IMPORT_LAD_SICBL24 },
	{ INPUT_OHID_TRUST_ICB22, IMPORT_TRUST_ICB22 },
	{ INPUT_OHID_TRUST_LTLA21, IMPORT_TRUST_LTLA21 },
	{ INPUT_ODS_ETR, IMPORT_ETR },
	{ INPUT_ODS_EPRACCUR, IMPORT_EPRACCUR },
	{ INPUT_EPCN_DETAILS, IMPORT_EPCN },
	{ INPUT_EPCN_PARTNERS, IMPORT_EPCN_PARTNERS },
	{ INPUT_ONS_CCG_STP17, IMPORT_CCG_STP17 },
	{ INPUT_ONS_CCG_STP18, IMPORT_CCG_STP18 },
	{ INPUT_ONS_CCG_STP19, IMPORT_CCG_STP19 },
	{ INPUT_ONS_CCG_STP20, IMPORT_CCG_STP20 },
	{ INPUT_NHSD_GP_REG_2022, IMPORT_GP_REG_2022 },
};

/* What a user downloads to give each kind: for the message when one is
 * missing. */
static const char *where(enum input_kind kind)
{
	switch (kind) {
	case INPUT_ODS_ETR: return "etr.csv (or etr.zip) from ODS";
	case INPUT_ODS_EPRACCUR: return "epraccur.csv (or epraccur.zip) from ODS";
	case INPUT_ODS_ECCG: return "eccg.csv (or eccg.zip) from ODS";
	case INPUT_NHSD_GP_REG_2022:
		return "NHS Digital's gp-reg-pat-prac-map.csv of January 2022";
	case INPUT_EPCN_DETAILS:
	case INPUT_EPCN_PARTNERS: return "the ePCN workbook (ePCN.xlsx) from ODS";
	case INPUT_MERGERS_SUMMARY:
	case INPUT_MERGERS_SICBL:
	case INPUT_MERGERS_LSOA:
	case INPUT_MERGERS_GP_MOVES: return "the ODS ICB mergers phase 1 change summary workbook";
	default: return "the ONS Open Geography Portal file of that name (data/SOURCES.md)";
	}
}

/* The ODS ICB mergers change summary is read when given: without it
 * nothing was abolished, moved or split (import_geo.c).  The ONS April
 * 2026 lookup and its district counts come together, or not at all: the
 * 2024 files then give the geography (import_geo24.c), and an ODS eccg,
 * when given, is checked against them (import_check.c). */
static bool optional(enum input_kind kind)
{
	switch (kind) {
	case INPUT_ONS_SICBL26:
	case INPUT_LAD_SICBL26:
	case INPUT_ODS_ECCG:
	case INPUT_MERGERS_SUMMARY:
	case INPUT_MERGERS_SICBL:
	case INPUT_MERGERS_LSOA:
	case INPUT_MERGERS_GP_MOVES: return true;
	default: return false;
	}
}

static int recognise(struct import_inputs *in, size_t i, char **error)
{
	const struct table *t = &in->tables.items[i];
	struct shape *s = &in->shapes[i];

	if (shape_recognise(t, s, error) < 0)
		return -1;
	if (s->kind == INPUT_NONE)
		return 0;
	const struct table *had = in->by_kind[s->kind];
	if (!had) {
		in->by_kind[s->kind] = t;
		in->first_row[s->kind] = s->first_row;
		return 0;
	}
	if (s->kind == INPUT_ODS_ETR && !in->previous_etr) {
		/* Two etr extracts: the one with the later dates is today's. */
		const struct shape *hs = &in->shapes[had - in->tables.items];
		if (strcmp(shape_latest_date(t, s), shape_latest_date(had, hs)) > 0) {
			in->previous_etr = had;
			in->by_kind[s->kind] = t;
		} else {
			in->previous_etr = t;
		}
		in->previous_etr_first = 0;
		return 0;
	}
	*error = table_error(t->name, 0, "a second %s (the first is %s)", shape_kind_name(s->kind),
	                     had->name);
	return -1;
}

int import_inputs_read(struct import_inputs *in, char *const *paths, size_t count,
                       char **error)
{
	memset(in, 0, sizeof(*in));
	for (size_t i = 0; i < count; i++)
		if (ingest_read_path(paths[i], &in->tables, error) < 0)
			return -1;
	in->shapes = xcalloc(in->tables.count ? in->tables.count : 1, sizeof(*in->shapes));
	for (size_t i = 0; i < in->tables.count; i++)
		if (recognise(in, i, error) < 0)
			return -1;
	for (int k = INPUT_NONE + 1; k < INPUT_KIND_COUNT; k++)
		if (!in->by_kind[k] && !optional((enum input_kind)k)) {
			*error = xasprintf("icsview import: no %s among the inputs (give %s)",
			                   shape_kind_name((enum input_kind)k), where((enum input_kind)k));
			return -1;
		}
	if (!in->by_kind[INPUT_ONS_SICBL26] != !in->by_kind[INPUT_LAD_SICBL26]) {
		enum input_kind given = in->by_kind[INPUT_ONS_SICBL26] ? INPUT_ONS_SICBL26
		                                                       : INPUT_LAD_SICBL26;
		enum input_kind missing = given == INPUT_ONS_SICBL26 ? INPUT_LAD_SICBL26
		                                                     : INPUT_ONS_SICBL26;
		*error = xasprintf("icsview import: %s is given, but no %s (give both, or neither "
		                   "for the geography of the 2024 files)", in->by_kind[given]->name,
		                   shape_kind_name(missing));
		return -1;
	}
	/* the sub-ICB locations ODS lists are those before the April 2026
	 * lookup's: with that lookup the eccg says nothing of the model */
	if (in->by_kind[INPUT_ONS_SICBL26])
		in->by_kind[INPUT_ODS_ECCG] = NULL;
	return 0;
}

bool import_inputs_rows(const struct import_inputs *in, enum input_kind kind,
                        struct input_rows *rows)
{
	const struct table *t = in->by_kind[kind];

	if (!t)
		return false;
	*rows = (struct input_rows){ t, &in->shapes[t - in->tables.items], in->first_row[kind] };
	return true;
}

const char *input_cell(const struct input_rows *rows, size_t r, size_t i)
{
	return table_cell(rows->t, r, rows->s->columns[i]);
}

static int load_table(const struct table *t, const struct shape *s, size_t first,
                      struct import_db *db, enum import_table table, char **error)
{
	size_t n = shape_column_count(s->kind);
	const char *cells[SHAPE_MAX_COLUMNS];

	for (size_t r = first; r < t->rows; r++) {
		for (size_t c = 0; c < n; c++)
			cells[c] = table_cell(t, r, s->columns[c]);
		if (import_db_insert(db, table, cells, n, error) < 0)
			return -1;
	}
	return 0;
}

int import_inputs_load(const struct import_inputs *in, struct import_db *db, char **error)
{
	for (size_t i = 0; i < sizeof(loads) / sizeof(loads[0]); i++) {
		const struct table *t = in->by_kind[loads[i].kind];
		if (!t)
			continue;
		const struct shape *s = &in->shapes[t - in->tables.items];
		if (load_table(t, s, in->first_row[loads[i].kind], db, loads[i].table, error) < 0)
			return -1;
	}
	if (!in->by_kind[INPUT_ONS_SICBL26] && import_inputs_geography_2024(in, db, error) < 0)
		return -1;
	/* an earlier etr gives renamed trusts their former names */
	if (!in->previous_etr)
		return 0;
	const struct shape *s = &in->shapes[in->previous_etr - in->tables.items];
	return load_table(in->previous_etr, s, in->previous_etr_first, db, IMPORT_ETR_PREVIOUS,
	                  error);
}

void import_inputs_free(struct import_inputs *in)
{
	table_list_free(&in->tables);
	free(in->shapes);
	memset(in, 0, sizeof(*in));
}
