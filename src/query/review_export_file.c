/* :export review FILE and icsview review export -o FILE: the review
 * written beside the file and renamed over it when whole, never over the
 * notes file or another database. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "icsview/base/util.h"
#include "icsview/query/review_export.h"

/* The path as an error message may show it (escaped: it is typed or read). */
static char *shown(const char *path)
{
	struct strbuf sb = STRBUF_INIT;

	sb_text_line(&sb, path);
	return sb_detach(&sb);
}

static char *write_failed(const char *path, int err)
{
	char *name = shown(path), *message = xasprintf("cannot write %s: %s", name, strerror(err));

	free(name);
	return message;
}

/* True when the regular file at path begins with SQLite's header: a notes
 * file, a model cache, someone's database. */
static bool is_sqlite_file(const char *path)
{
	static const char magic[] = "SQLite format 3";   /* 16 bytes with its NUL */
	char head[sizeof(magic)];
	int fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	bool sqlite;

	if (fd < 0)
		return false;
	sqlite = read(fd, head, sizeof(head)) == (ssize_t)sizeof(head) &&
	         memcmp(head, magic, sizeof(magic)) == 0;
	close(fd);
	return sqlite;
}

static bool same_file(const struct stat *st, const char *path)
{
	struct stat other;

	return stat(path, &other) == 0 && other.st_dev == st->st_dev && other.st_ino == st->st_ino;
}

/* Whether the notes file (or its journal, WAL or shared memory) is st. */
static bool is_notes_file(struct notes *notes, const struct stat *st)
{
	static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };
	const char *file = notes_file(notes);
	bool same = false;

	for (size_t i = 0; file && !same && i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		char *name = xasprintf("%s%s", file, suffixes[i]);
		same = same_file(st, name);
		free(name);
	}
	return same;
}

/* NULL when an existing output may be written over, else why not (caller
 * frees): a review written over a database would destroy it. */
static char *refusal(struct notes *notes, const char *path, const struct stat *st)
{
	char *name, *why = NULL;

	if (is_notes_file(notes, st))
		why = "it is the notes file";
	else if (S_ISREG(st->st_mode) && is_sqlite_file(path))
		why = "it is an SQLite database";
	if (!why)
		return NULL;
	name = shown(path);
	why = xasprintf("refusing to write the review to %s: %s", name, why);
	free(name);
	return why;
}

/* A character device, a FIFO, a socket: written to as it is (replacing it
 * with a regular file would break it: /dev/null, a pipe to a reader). */
static int export_direct(struct store *st, struct notes *notes,
                         const struct review_export_options *opts, const char *path, char **error)
{
	int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC), rc, failed = 0;
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	struct out out;

	if (!f) {
		*error = write_failed(path, errno);
		if (fd >= 0)
			close(fd);
		return STORE_ERROR;
	}
	out_init(&out, f);
	rc = review_export(st, notes, opts, &out, error);
	if (fflush(f) != 0)
		failed = errno;
	if (fclose(f) != 0 && !failed)
		failed = errno;
	if (out.error)
		failed = out.error;
	if (rc == STORE_OK && failed)
		*error = write_failed(path, failed);
	return rc == STORE_OK && !failed ? STORE_OK : STORE_ERROR;
}

/* A regular file (or none yet): written beside it, synced, renamed over
 * it; with `mode` (a new file's: 0666 less the umask; an existing file's
 * own, so that a private file stays private). */
static int export_replacing(struct store *st, struct notes *notes,
                            const struct review_export_options *opts, const char *path,
                            mode_t mode, char **error)
{
	char *tmp = xasprintf("%s.tmp-XXXXXX", path);
	int fd = mkstemp(tmp), rc, failed = 0;
	struct out out;
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;

	if (!f) {
		*error = write_failed(path, errno);
		if (fd >= 0) {
			close(fd);
			unlink(tmp);
		}
		free(tmp);
		return STORE_ERROR;
	}
	if (fchmod(fd, mode) != 0)
		failed = errno;
	out_init(&out, f);
	rc = failed ? STORE_OK : review_export(st, notes, opts, &out, error);
	if (fflush(f) != 0 || fsync(fd) != 0)
		failed = failed ? failed : errno;
	if (fclose(f) != 0 && !failed)
		failed = errno;
	if (out.error)
		failed = out.error;
	if (rc == STORE_OK && !failed && rename(tmp, path) != 0)
		failed = errno;
	if (rc == STORE_OK && failed)
		*error = write_failed(path, failed);
	if (rc != STORE_OK || failed)
		unlink(tmp);
	free(tmp);
	return rc == STORE_OK && !failed ? STORE_OK : STORE_ERROR;
}

int review_export_file(struct store *st, struct notes *notes,
                       const struct review_export_options *opts, const char *path, char **error)
{
	struct stat target;
	mode_t mask;
	char *real;
	int rc;

	*error = NULL;
	if (stat(path, &target) != 0) {
		if (errno != ENOENT) {
			*error = write_failed(path, errno);
			return STORE_ERROR;
		}
		mask = umask(0);   /* as a new file would be, not mkstemp's 0600 */
		umask(mask);
		return export_replacing(st, notes, opts, path, 0666 & ~mask, error);
	}
	if ((*error = refusal(notes, path, &target)) != NULL)
		return STORE_ERROR;
	if (!S_ISREG(target.st_mode))
		return export_direct(st, notes, opts, path, error);
	/* through a symbolic link, the file it names is replaced, not the link */
	real = realpath(path, NULL);
	if (!real) {
		*error = write_failed(path, errno);
		return STORE_ERROR;
	}
	rc = export_replacing(st, notes, opts, real, target.st_mode & 07777, error);
	free(real);
	return rc;
}
