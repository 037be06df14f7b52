/* Fuzzes the CSV reader: bytes → csv_parse, then every promise of csv.h
 * and table.h checked on the table it made: rows of equal width, each
 * row's line within the text, every cell UTF-8 without a NUL, the header
 * found by its own name; on an error, a message in the documented form.
 * The table's shape is then recognised (shape.h), as the import would,
 * under the name of an ODS file and of another: a kind, or an error in
 * the documented form, and columns within the table. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "icsview/ingest/csv.h"
#include "icsview/ingest/shape.h"
#include "icsview/ingest/table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what)
{
	fprintf(stderr, "fuzz_csv: %s\n", what);
	abort();
}

static unsigned count_lines(const char *text, size_t len)
{
	unsigned lines = 1;
	for (size_t i = 0; i < len; i++)
		lines += text[i] == '\n';
	return lines;
}

static void check_table(const struct table *t, const char *text, size_t len)
{
	unsigned lines = count_lines(text, len), last = 0;
	size_t bad;

	for (size_t r = 0; r < t->rows; r++) {
		if (t->lines[r] <= last || t->lines[r] > lines)
			fail("a row's line out of order or past the text");
		last = t->lines[r];
		for (size_t c = 0; c < t->width; c++) {
			const char *cell = table_cell(t, r, c);
			if (!utf8_valid(cell, strlen(cell), &bad))
				fail("a cell that is not UTF-8");
			if (strlen(cell) > len)
				fail("a cell longer than the text");
		}
	}
	if (t->rows && t->width) {
		size_t col = t->width;
		char *error = NULL;
		if (table_column(t, table_cell(t, 0, 0), &col, &error) < 0 || col != 0)
			fail("the first header not found by its name");
	}
}

static void check_shape(struct table *t, const char *name)
{
	struct shape shape;
	char *error = NULL;

	free(t->name);
	t->name = strdup(name);
	if (!t->name)
		fail("out of memory");
	if (shape_recognise(t, &shape, &error) < 0) {
		if (!error || strncmp(error, name, strlen(name)) != 0 || !strstr(error, ": error: "))
			fail("a shape refused without a NAME:LINE: error: message");
		free(error);
		return;
	}
	if (shape.first_row > t->rows)
		fail("a shape's data past the table");
	for (size_t i = 0; i < shape_column_count(shape.kind); i++)
		if (shape.columns[i] >= t->width)
			fail("a shape's column past the table");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct table t;
	char *error = NULL;

	table_init(&t, "fuzz.csv");
	if (csv_parse(text, size, &t, &error) == 0) {
		if (error)
			fail("an error message on success");
		check_table(&t, text, size);
		check_shape(&t, "epraccur.csv");
		check_shape(&t, "lookup.csv");
	} else if (!error || strncmp(error, "fuzz.csv:", 9) != 0 || !strstr(error, ": error: ")) {
		fail("a failure without a NAME:LINE: error: message");
	}
	free(error);
	table_free(&t);
	return 0;
}
