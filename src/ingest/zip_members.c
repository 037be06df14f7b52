/* Zip archives through libarchive (zip_members.h): the only file besides
 * the workbook reader that names it. */
#include <archive.h>
#include <archive_entry.h>
#include <stdlib.h>
#include <string.h>
#include "icsview/base/util.h"
#include "icsview/ingest/ingest.h"
#include "icsview/ingest/table.h"
#include "zip_members.h"

enum { READ_BLOCK = 64 * 1024 };

bool zip_signature(const char *data, size_t len)
{
	return len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0;
}

void zip_members_free(struct zip_members *members)
{
	if (!members)
		return;
	for (size_t i = 0; i < members->count; i++) {
		free(members->items[i].name);
		free(members->items[i].data);
	}
	free(members->items);
	memset(members, 0, sizeof(*members));
}

const struct zip_member *zip_find(const struct zip_members *members, const char *member)
{
	for (size_t i = 0; i < members->count; i++)
		if (strcmp(members->items[i].name, member) == 0)
			return &members->items[i];
	return NULL;
}

static char *damaged(const char *name, struct archive *a)
{
	const char *why = archive_error_string(a);
	return table_error(name, 0, "a damaged or truncated zip archive (%s)",
	                   why ? why : "no reason given");
}

/* The current entry's bytes into m; *total counts every archive byte. */
static int read_entry(const char *name, struct archive *a, struct zip_member *m,
                      size_t *total, char **error)
{
	size_t cap = 0;

	for (;;) {
		GROW(m->data, cap, m->len + READ_BLOCK + 1);
		la_ssize_t got = archive_read_data(a, m->data + m->len, READ_BLOCK);
		if (got < 0) {
			*error = damaged(name, a);
			return -1;
		}
		if (got == 0)
			break;
		m->len += (size_t)got;
		*total += (size_t)got;
		if (*total > INGEST_MAX_ARCHIVE_BYTES) {
			*error = table_error(name, 0, "more than %zu bytes uncompressed",
			                     (size_t)INGEST_MAX_ARCHIVE_BYTES);
			return -1;
		}
	}
	GROW(m->data, cap, m->len + 1);
	m->data[m->len] = '\0';
	return 0;
}

static int read_members(const char *name, struct archive *a, zip_wanted_fn wanted,
                        struct zip_members *out, char **error)
{
	struct archive_entry *entry;
	size_t total = 0;

	for (;;) {
		int r = archive_read_next_header(a, &entry);
		if (r == ARCHIVE_EOF)
			return 0;
		if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
			*error = damaged(name, a);
			return -1;
		}
		const char *member = archive_entry_pathname(entry);
		if (!member || archive_entry_filetype(entry) != AE_IFREG || !wanted(member)) {
			if (archive_read_data_skip(a) != ARCHIVE_OK) {
				*error = damaged(name, a);
				return -1;
			}
			continue;
		}
		GROW(out->items, out->cap, out->count + 1);
		struct zip_member *m = &out->items[out->count++];
		memset(m, 0, sizeof(*m));
		m->name = xstrdup(member);
		if (read_entry(name, a, m, &total, error) < 0)
			return -1;
	}
}

int zip_read(const char *name, const char *data, size_t len, zip_wanted_fn wanted,
             struct zip_members *out, char **error)
{
	struct archive *a = archive_read_new();
	int status = -1;

	memset(out, 0, sizeof(*out));
	if (!a)
		die("out of memory");
	if (archive_read_support_format_zip(a) != ARCHIVE_OK ||
	    archive_read_open_memory(a, data, len) != ARCHIVE_OK)
		*error = damaged(name, a);
	else
		status = read_members(name, a, wanted, out, error);
	archive_read_free(a);
	if (status < 0)
		zip_members_free(out);
	return status;
}
