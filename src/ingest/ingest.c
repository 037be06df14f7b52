/* Reading inputs (ingest.h): files and directories, each file's kind
 * known by its bytes. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include "icsview/base/util.h"
#include "icsview/ingest/csv.h"
#include "icsview/ingest/ingest.h"
#include "zip_members.h"

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

static bool csv_member(const char *member)
{
	const char *base = strrchr(member, '/');
	base = base ? base + 1 : member;
	/* macOS archivers add resource forks as __MACOSX/._NAME: not data. */
	return ends_with(member, ".csv") && strncmp(member, "__MACOSX/", 9) != 0 &&
	       strncmp(base, "._", 2) != 0;
}

static bool workbook_member(const char *member)
{
	return strcmp(member, "xl/workbook.xml") == 0;
}

static void drop_to(struct table_list *out, size_t count)
{
	while (out->count > count)
		table_list_drop_last(out);
}

static int read_csv(const char *name, const char *data, size_t len, struct table_list *out,
                    char **error)
{
	struct table *t = table_list_add(out, name);

	if (csv_parse(data, len, t, error) < 0) {
		table_list_drop_last(out);
		return -1;
	}
	return 0;
}

static int read_zip(const char *name, const char *data, size_t len, struct table_list *out,
                    char **error)
{
	struct zip_members members;
	size_t before = out->count;

	if (zip_read(name, data, len, workbook_member, &members, error) < 0)
		return -1;
	if (members.count) {
		zip_members_free(&members);
		return ingest_read_workbook(name, data, len, out, error);
	}
	if (zip_read(name, data, len, csv_member, &members, error) < 0)
		return -1;
	if (members.count == 0) {
		*error = table_error(name, 0, "a zip archive with no CSV file and no workbook in it");
		return -1;
	}
	for (size_t i = 0; i < members.count; i++) {
		char *member = xasprintf("%s(%s)", name, members.items[i].name);
		int r = read_csv(member, members.items[i].data, members.items[i].len, out, error);
		free(member);
		if (r < 0) {
			drop_to(out, before);
			zip_members_free(&members);
			return -1;
		}
	}
	zip_members_free(&members);
	return 0;
}

int ingest_read_bytes(const char *name, const char *data, size_t len,
                      struct table_list *out, char **error)
{
	if (zip_signature(data, len))
		return read_zip(name, data, len, out, error);
	if (ends_with(name, ".zip") || ends_with(name, ".xlsx")) {
		*error = table_error(name, 0, "not a zip archive (it does not begin with one's "
		                              "signature)");
		return -1;
	}
	return read_csv(name, data, len, out, error);
}

/* Reads the file at path, naming it `as` in its tables. */
static int read_file(const char *path, const char *as, struct table_list *out, char **error)
{
	size_t before = out->count;
	FILE *f = fopen(path, "rb");
	struct strbuf data = STRBUF_INIT;
	char block[65536];
	size_t got;
	int status;

	if (!f) {
		*error = table_error(path, 0, "%s", strerror(errno));
		return -1;
	}
	while ((got = fread(block, 1, sizeof(block), f)) > 0) {
		if (data.len + got > INGEST_MAX_FILE_BYTES) {
			fclose(f);
			sb_free(&data);
			*error = table_error(path, 0, "larger than %zu bytes",
			                     (size_t)INGEST_MAX_FILE_BYTES);
			return -1;
		}
		sb_add(&data, block, got);
	}
	if (ferror(f)) {
		*error = table_error(path, 0, "%s", strerror(errno));
		fclose(f);
		sb_free(&data);
		return -1;
	}
	fclose(f);
	status = ingest_read_bytes(path, sb_str(&data), data.len, out, error);
	sb_free(&data);
	for (size_t i = before; status == 0 && i < out->count; i++)
		out->items[i].file = xstrdup(as);
	return status;
}

static bool input_name(const char *name)
{
	return name[0] != '.' &&
	       (ends_with(name, ".csv") || ends_with(name, ".zip") || ends_with(name, ".xlsx"));
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* Reads the directory at path, `under` naming it in its files' names
 * ("" for the input given). */
static int read_dir(const char *path, const char *under, struct table_list *out, char **error)
{
	struct dirent **names;
	int n = scandir(path, &names, NULL, by_name);
	int status = 0;

	if (n < 0) {
		*error = table_error(path, 0, "%s", strerror(errno));
		return -1;
	}
	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		char *child = xasprintf("%s/%s", path, name);
		char *as = *under ? xasprintf("%s/%s", under, name) : xstrdup(name);
		struct stat st;
		if (status == 0 && name[0] != '.' && stat(child, &st) == 0) {
			if (S_ISDIR(st.st_mode))
				status = read_dir(child, as, out, error);
			else if (S_ISREG(st.st_mode) && input_name(name))
				status = read_file(child, as, out, error);
		}
		free(as);
		free(child);
		free(names[i]);
	}
	free(names);
	return status;
}

int ingest_read_path(const char *path, struct table_list *out, char **error)
{
	struct stat st;
	size_t before = out->count;
	int status;

	if (stat(path, &st) < 0) {
		*error = table_error(path, 0, "%s", strerror(errno));
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		status = read_dir(path, "", out, error);
	} else {
		const char *slash = strrchr(path, '/');
		status = read_file(path, slash ? slash + 1 : path, out, error);
	}
	if (status < 0)
		drop_to(out, before);
	return status;
}
