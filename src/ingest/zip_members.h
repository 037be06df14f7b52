/* The members of a zip archive read into memory through libarchive,
 * those a reader asks for by name. */
#ifndef ICSVIEW_INGEST_ZIP_MEMBERS_H
#define ICSVIEW_INGEST_ZIP_MEMBERS_H

#include <stdbool.h>
#include <stddef.h>

struct zip_member {
	char *name;     /* path inside the archive */
	char *data;     /* its bytes, NUL-terminated (not counted in len) */
	size_t len;
};

struct zip_members {
	struct zip_member *items;
	size_t count, cap;
};

/* Which members to keep. */
typedef bool (*zip_wanted_fn)(const char *member);

/* True when data begins with a zip archive's signature. */
bool zip_signature(const char *data, size_t len);

/* Reads the members that `wanted` accepts, in archive order.  -1 on a
 * damaged or truncated archive or one past INGEST_MAX_ARCHIVE_BYTES, with
 * *error naming `name`; out is then empty. */
int zip_read(const char *name, const char *data, size_t len, zip_wanted_fn wanted,
             struct zip_members *out, char **error);
void zip_members_free(struct zip_members *members);
/* The member called `member`, or NULL. */
const struct zip_member *zip_find(const struct zip_members *members, const char *member);

#endif
