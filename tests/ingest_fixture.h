/* Shared by the readers' tests: zip archives and .xlsx workbooks made in
 * memory with libarchive's writer, so that every case is written out in
 * the test that uses it. */
#ifndef ICSVIEW_TEST_INGEST_FIXTURE_H
#define ICSVIEW_TEST_INGEST_FIXTURE_H

#include <stddef.h>

struct member {
	const char *name;
	const char *text;
};

/* A zip (deflated) of count members; *len is its size; caller frees. */
char *make_zip(const struct member *members, size_t count, size_t *len);
/* An .xlsx workbook with one sheet per (name, sheet XML body) pair and
 * the given shared strings (NULL-terminated, or NULL for none): the
 * body is what goes inside <sheetData>.  Caller frees. */
char *make_xlsx(const char *const *sheet_names, const char *const *sheet_rows,
                size_t sheets, const char *const *shared, size_t *len);

#endif
