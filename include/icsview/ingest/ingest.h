/* Reading the publishers' files into tables (table.h): CSV files, the
 * CSV files inside a zip archive, and every sheet of an .xlsx workbook,
 * whatever the file is called: a zip is known by its signature, a
 * workbook by its xl/workbook.xml.  A directory is read in name order,
 * its subdirectories too, taking its .csv, .zip and .xlsx files. */
#ifndef ICSVIEW_INGEST_H
#define ICSVIEW_INGEST_H

#include <stddef.h>
#include "icsview/ingest/table.h"

/* Bounds on what one input may make the reader hold: a file, and the
 * uncompressed bytes taken from one archive (a zip bomb stops there). */
#define INGEST_MAX_FILE_BYTES ((size_t)1 << 30)
#define INGEST_MAX_ARCHIVE_BYTES ((size_t)1 << 30)

/* Appends to `out` the tables of the file or directory at path, each
 * with the file it came from named as under path (a file given: its own
 * name; in a directory: its path from there), so that the same inputs
 * are named the same wherever they lie.  On an error (`NAME:LINE: error:
 * ...` in *error, caller frees) -1, and out holds only the tables it
 * held before. */
int ingest_read_path(const char *path, struct table_list *out, char **error);

/* The tables of `len` bytes read from a file called `name`: a zip (CSV
 * members or a workbook) or CSV text.  Same contract as above. */
int ingest_read_bytes(const char *name, const char *data, size_t len,
                      struct table_list *out, char **error);

/* The sheets of an .xlsx workbook's bytes, each a table named
 * NAME(SHEET).  Same contract as above. */
int ingest_read_workbook(const char *name, const char *data, size_t len,
                         struct table_list *out, char **error);

#endif
