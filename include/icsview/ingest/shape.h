/* What each table read from the inputs is: which of the ODS and ONS
 * files the England model is built from, known by its shape: ONS and
 * OHID files by the names of their columns (a missing or renamed column
 * is an error naming it), ODS files (27 columns, no header) by their
 * published name and width, the sheets of the ODS workbooks by their
 * sheet names and headers.  Each kind's columns are found once, in the
 * order the kind lists them. */
#ifndef ICSVIEW_INGEST_SHAPE_H
#define ICSVIEW_INGEST_SHAPE_H

#include <stddef.h>
#include "icsview/ingest/table.h"

enum input_kind {
	INPUT_NONE,               /* a sheet of a known workbook, or a known file,
	                             that is not used */
	INPUT_ONS_SICBL26,        /* sub-ICB locations → ICBs → regions, April 2026 */
	INPUT_ONS_ICB24,          /* ICB names and codes, December 2024 */
	INPUT_ONS_LOC22,          /* sub-ICB locations → ICBs → regions, July 2022 */
	INPUT_ONS_CCG_NAMES,      /* CCG names by GSS code (CQC × ONSPD, 2022) */
	INPUT_ONS_LTLA_UTLA,      /* districts → counties, 2023 */
	INPUT_LAD_SICBL26,        /* districts × sub-ICB locations 2026, LSOA counts */
	INPUT_LAD_SICBL24,        /* districts × sub-ICB locations 2024, LSOA counts */
	INPUT_OHID_TRUST_ICB22,   /* trust catchments by 2022 ICB */
	INPUT_OHID_TRUST_LTLA21,  /* trust catchments by district */
	INPUT_ODS_ETR,            /* NHS trusts */
	INPUT_ODS_EPRACCUR,       /* GP practices and prescribing cost centres */
	INPUT_EPCN_DETAILS,       /* ePCN: primary care networks */
	INPUT_EPCN_PARTNERS,      /* ePCN: practices' membership of networks */
	INPUT_MERGERS_SUMMARY,    /* ICB mergers change summary: Summary */
	INPUT_MERGERS_SICBL,      /* …: SICBL Changes */
	INPUT_MERGERS_LSOA,       /* …: ICB Footprints_LSOA Changes */
	INPUT_MERGERS_GP_MOVES,   /* …: GP Practice Moves */
	INPUT_ODS_ECCG,           /* sub-ICB locations (formerly CCGs) and their ICBs */
	INPUT_ONS_CCG_STP17,      /* CCGs → STPs, April 2017 */
	INPUT_ONS_CCG_STP18,      /* CCGs → STPs, April 2018 */
	INPUT_ONS_CCG_STP19,      /* CCGs → STPs, April 2019 */
	INPUT_ONS_CCG_STP20,      /* CCGs → STPs, April 2020, with STP ODS codes */
	INPUT_NHSD_GP_REG_2022,   /* practices → CCGs → STPs, January 2022 */
	INPUT_KIND_COUNT
};

/* The most columns a kind names. */
#define SHAPE_MAX_COLUMNS 12

struct shape {
	enum input_kind kind;
	size_t columns[SHAPE_MAX_COLUMNS];   /* the kind's columns, by position in the table */
	size_t first_row;                    /* the first row of data (after a header) */
};

/* What table t is.  -1 with *error (caller frees) when it is none of the
 * kinds, or one of them with a column missing or renamed. */
int shape_recognise(const struct table *t, struct shape *shape, char **error);

/* The kind's name, for messages ("ODS etr", "ONS SICBL26 lookup"). */
const char *shape_kind_name(enum input_kind kind);
/* How many columns the kind names. */
size_t shape_column_count(enum input_kind kind);

/* The latest date (YYYYMMDD) in the opened and closed columns of an ODS
 * file (etr, eccg, epraccur, ePCN's networks), or "" for a table of another
 * kind: which of two extracts is the newer, and the nearest an ODS file
 * comes to saying when it was made. */
const char *shape_latest_date(const struct table *t, const struct shape *shape);

#endif
