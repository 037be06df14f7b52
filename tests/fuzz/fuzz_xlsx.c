/* Fuzzes the workbook reader: the input becomes a workbook's parts, so
 * that expat and the cell handling see XML rather than a broken zip:
 * the bytes before the first NUL are a sheet's XML, those after it the
 * shared strings' XML (none without a NUL).  An input that begins with a
 * zip's signature is read as the archive itself, for the zip layer.  The
 * tables made must keep table.h's promises; a failure must say why in the
 * documented form. */
#include <archive.h>
#include <archive_entry.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "icsview/ingest/ingest.h"
#include "icsview/ingest/table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what)
{
	fprintf(stderr, "fuzz_xlsx: %s\n", what);
	abort();
}

static const char book[] =
	"<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
	"xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
	"<sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char rels[] =
	"<Relationships><Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/>"
	"</Relationships>";

static void add(struct archive *a, const char *name, const char *bytes, size_t n)
{
	struct archive_entry *e = archive_entry_new();

	if (!e)
		fail("out of memory");
	archive_entry_set_pathname(e, name);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_size(e, (la_int64_t)n);
	if (archive_write_header(a, e) != ARCHIVE_OK ||
	    (n && archive_write_data(a, bytes, n) != (la_ssize_t)n))
		fail("cannot write the workbook");
	archive_entry_free(e);
}

/* The workbook made of the input's parts; *len its size; caller frees. */
static char *workbook(const char *data, size_t size, size_t *len)
{
	size_t cap = size + 4096;
	char *buf = malloc(cap);
	struct archive *a = archive_write_new();
	const char *nul = memchr(data, '\0', size);
	size_t sheet = nul ? (size_t)(nul - data) : size;

	if (!buf || !a)
		fail("out of memory");
	*len = 0;
	if (archive_write_set_format_zip(a) != ARCHIVE_OK ||
	    archive_write_set_format_option(a, "zip", "compression", "store") != ARCHIVE_OK ||
	    archive_write_open_memory(a, buf, cap, len) != ARCHIVE_OK)
		fail("cannot start the workbook");
	add(a, "xl/workbook.xml", book, sizeof(book) - 1);
	add(a, "xl/_rels/workbook.xml.rels", rels, sizeof(rels) - 1);
	add(a, "xl/worksheets/sheet1.xml", data, sheet);
	if (nul)
		add(a, "xl/sharedStrings.xml", nul + 1, size - sheet - 1);
	if (archive_write_close(a) != ARCHIVE_OK)
		fail("cannot end the workbook");
	archive_write_free(a);
	return buf;
}

static void check(const struct table_list *list)
{
	for (size_t i = 0; i < list->count; i++) {
		const struct table *t = &list->items[i];
		for (size_t r = 0; r < t->rows; r++) {
			if (t->lines[r] == 0 || (r > 0 && t->lines[r] <= t->lines[r - 1]))
				fail("sheet rows out of order");
			for (size_t c = 0; c < t->width; c++)
				(void)strlen(table_cell(t, r, c));
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *bytes = (const char *)data;
	struct table_list list = { 0 };
	char *error = NULL, *zip = NULL;
	size_t len = size;
	int status;

	if (size >= 2 && memcmp(bytes, "PK", 2) == 0) {
		status = ingest_read_bytes("fuzz.xlsx", bytes, size, &list, &error);
	} else {
		zip = workbook(bytes, size, &len);
		status = ingest_read_workbook("fuzz.xlsx", zip, len, &list, &error);
	}
	if (status == 0)
		check(&list);
	else if (!error || strncmp(error, "fuzz.xlsx", 9) != 0 || !strstr(error, "error: "))
		fail("a failure without a NAME:LINE: error: message");
	if (status != 0 && list.count)
		fail("tables kept after a failure");
	free(error);
	free(zip);
	table_list_free(&list);
	return 0;
}
