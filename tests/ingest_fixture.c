/* Zip archives and workbooks for the readers' tests (ingest_fixture.h). */
#include <archive.h>
#include <archive_entry.h>
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include "icsview/base/util.h"
#include "ingest_fixture.h"

char *make_zip(const struct member *members, size_t count, size_t *len)
{
	size_t cap = 1 << 20;
	char *buf = xmalloc(cap);
	struct archive *a = archive_write_new();
	size_t used = 0;

	cr_assert(a);
	cr_assert_eq(archive_write_set_format_zip(a), ARCHIVE_OK);
	cr_assert_eq(archive_write_set_format_option(a, "zip", "compression", "deflate"), ARCHIVE_OK);
	cr_assert_eq(archive_write_open_memory(a, buf, cap, &used), ARCHIVE_OK);
	for (size_t i = 0; i < count; i++) {
		struct archive_entry *e = archive_entry_new();
		size_t n = strlen(members[i].text);
		archive_entry_set_pathname(e, members[i].name);
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_perm(e, 0644);
		archive_entry_set_size(e, (la_int64_t)n);
		cr_assert_eq(archive_write_header(a, e), ARCHIVE_OK);
		cr_assert_eq(archive_write_data(a, members[i].text, n), (la_ssize_t)n);
		archive_entry_free(e);
	}
	cr_assert_eq(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
	*len = used;
	return buf;
}

static const char main_ns[] = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
static const char rel_ns[] = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

char *make_xlsx(const char *const *sheet_names, const char *const *sheet_rows,
                size_t sheets, const char *const *shared, size_t *len)
{
	struct member members[16];
	char *owned[16];
	size_t n = 0;
	struct strbuf book = STRBUF_INIT, rels = STRBUF_INIT, strings = STRBUF_INIT;

	cr_assert(sheets + 3 <= 16);
	sb_printf(&book, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<workbook xmlns=\"%s\" "
	          "xmlns:r=\"%s\"><sheets>", main_ns, rel_ns);
	sb_puts(&rels, "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas."
	        "openxmlformats.org/package/2006/relationships\">");
	for (size_t i = 0; i < sheets; i++) {
		sb_printf(&book, "<sheet name=\"%s\" sheetId=\"%zu\" r:id=\"rId%zu\"/>",
		          sheet_names[i], i + 1, i + 1);
		sb_printf(&rels, "<Relationship Id=\"rId%zu\" Type=\"worksheet\" "
		          "Target=\"worksheets/sheet%zu.xml\"/>", i + 1, i + 1);
		owned[n] = xasprintf("xl/worksheets/sheet%zu.xml", i + 1);
		char *body = xasprintf("<?xml version=\"1.0\"?><worksheet xmlns=\"%s\">"
		                       "<sheetData>%s</sheetData></worksheet>", main_ns,
		                       sheet_rows[i]);
		members[n] = (struct member){ owned[n], body };
		n++;
	}
	sb_puts(&book, "</sheets></workbook>");
	sb_puts(&rels, "</Relationships>");
	members[n++] = (struct member){ "xl/workbook.xml", sb_str(&book) };
	members[n++] = (struct member){ "xl/_rels/workbook.xml.rels", sb_str(&rels) };
	if (shared) {
		sb_printf(&strings, "<?xml version=\"1.0\"?><sst xmlns=\"%s\">", main_ns);
		for (size_t i = 0; shared[i]; i++)
			sb_printf(&strings, "<si>%s</si>", shared[i]);
		sb_puts(&strings, "</sst>");
		members[n++] = (struct member){ "xl/sharedStrings.xml", sb_str(&strings) };
	}
	char *zip = make_zip(members, n, len);
	for (size_t i = 0; i < sheets; i++) {
		free(owned[i]);
		free((char *)members[i].text);
	}
	sb_free(&book);
	sb_free(&rels);
	sb_free(&strings);
	return zip;
}
