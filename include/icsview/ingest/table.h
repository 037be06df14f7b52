/* A table read from a publisher's file: the rows of a CSV file, of a CSV
 * inside a zip archive, or of one sheet of a workbook, every cell UTF-8
 * text.  Every row has the same number of cells.  Errors name the table
 * and the line (or sheet row) as `NAME:LINE: error: ...`. */
#ifndef ICSVIEW_INGEST_TABLE_H
#define ICSVIEW_INGEST_TABLE_H

#include <stdbool.h>
#include <stddef.h>

struct table {
	char *name;          /* what errors name: a path, or ARCHIVE(MEMBER) */
	char *sheet;         /* a workbook's sheet: its name; else NULL */
	char *file;          /* the file read, as named under the input given
	                        (ingest_read_path); else NULL */
	size_t width;        /* cells in every row */
	size_t rows;
	char *text;          /* every cell's text, each ended by a NUL */
	size_t *offsets;     /* rows * width offsets into text */
	unsigned *lines;     /* the line (or sheet row) each row starts at */
	size_t pending;      /* cells of the row being built */
	size_t text_len, text_cap, offsets_cap, lines_cap;
};

/* An empty table named `name` (copied). */
void table_init(struct table *t, const char *name);
void table_free(struct table *t);

/* The cell of row r, column c (both in range); never NULL, lives as
 * long as the table. */
const char *table_cell(const struct table *t, size_t row, size_t col);

/* The column of the first row (the header) that is exactly `name`.  On a
 * missing column, -1 and *error (caller frees) says so, naming the
 * nearest header if one is close. */
int table_column(const struct table *t, const char *name, size_t *col, char **error);

/* Appending rows, for the readers.  table_add_cell adds one cell of n
 * bytes to the row being built; table_end_row ends it at source line
 * `line`.  The first row sets the width; a later row of another width is
 * refused (-1, *error set) unless pad is true (a sheet is a grid), when
 * every row is padded with empty cells to the widest. */
void table_add_cell(struct table *t, const char *s, size_t n);
int table_end_row(struct table *t, unsigned line, bool pad, char **error);

/* "NAME:LINE: error: MESSAGE" (LINE left out when 0); caller frees. */
char *table_error(const char *name, unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Tables read from the inputs, in the order read. */
struct table_list {
	struct table *items;
	size_t count, cap;
};

void table_list_free(struct table_list *list);
/* A new empty table at the end of the list, named `name`. */
struct table *table_list_add(struct table_list *list, const char *name);
/* Drops the last table (a reader that failed part way). */
void table_list_drop_last(struct table_list *list);

#endif
