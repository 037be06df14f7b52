/* The import's inputs: every file or directory read into tables, each
 * table known by its shape (shape.h), each kind given once (two etr
 * extracts: the newer is today's, the older the previous), and the rows
 * of each loaded into the import's database (import_db.h).  The ICB
 * mergers change summary, an earlier etr and the ODS eccg are read when
 * given; the ONS April 2026 lookup and its district counts too, and
 * without them the model is England before April 2026 (import_geo24.c). */
#ifndef ICSVIEW_IMPORT_INPUTS_H
#define ICSVIEW_IMPORT_INPUTS_H

#include <stdbool.h>
#include <stddef.h>
#include "icsview/ingest/shape.h"
#include "icsview/ingest/table.h"
#include "icsview/store/import_db.h"

struct import_inputs {
	struct table_list tables;
	struct shape *shapes;                       /* one per table */
	const struct table *by_kind[INPUT_KIND_COUNT];
	size_t first_row[INPUT_KIND_COUNT];
	const struct table *previous_etr;           /* the older etr, or NULL */
	size_t previous_etr_first;
};

/* A recognised table and where its kind's columns are. */
struct input_rows {
	const struct table *t;
	const struct shape *s;
	size_t first;                               /* the first row of data */
};

/* The table of a kind among the inputs: false when none was given. */
bool import_inputs_rows(const struct import_inputs *in, enum input_kind kind,
                        struct input_rows *rows);
/* Column i (in the order the kind lists its columns) of row r. */
const char *input_cell(const struct input_rows *rows, size_t r, size_t i);

/* Reads and recognises the inputs at paths.  -1 with *error (caller
 * frees) when one cannot be read, is of no known kind, repeats a kind,
 * or a kind the model needs is missing. */
int import_inputs_read(struct import_inputs *in, char *const *paths, size_t count,
                       char **error);
/* Whether the inputs agree with one another: each lookup gives a code
 * one meaning, and the files that name a sub-ICB location or an ICB
 * name one the lookups have (import_check.c).  -1 with *error naming
 * the file and row that do not. */
int import_inputs_check(const struct import_inputs *in, char **error);
/* Loads every recognised table's rows into db; without an April 2026
 * lookup, the lookup's rows made from the 2024 files (import_geo24.c). */
int import_inputs_load(const struct import_inputs *in, struct import_db *db, char **error);
/* The rows of the ONS April 2026 lookup and its district counts, made
 * from the 2024 files: -1 with *error at a row naming an ICB they do
 * not have. */
int import_inputs_geography_2024(const struct import_inputs *in, struct import_db *db,
                                 char **error);
void import_inputs_free(struct import_inputs *in);

#endif
