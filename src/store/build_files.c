/* The files of a build: the temporary name the database is written at
 * (removed if a signal ends the program meanwhile), the id its search
 * index copies, the copy of its rows the search index may be built from,
 * and, when the build is finished, its syncing and its move into place. */
/* sync_file_range, copy_file_range (Linux): see start_writeback, copy_fd */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include "icsview/base/paths.h"
#include "icsview/base/signals.h"
#include "icsview/base/util.h"
#include "build_private.h"
#include "store_private.h"

/* Named after the process, so that two processes building the same model
 * never write the same file.  Whatever is at that name goes first: a file
 * a killed build left (SIGKILL cannot be caught), never taken for a
 * database. */
char *start_temporary(const char *path, int *slot)
{
	char *tmp_path = xasprintf("%s.tmp-%ld", path, (long)getpid());

	int fd;

	*slot = signals_add_temporary(tmp_path);
	unlink(tmp_path);
	/* made here, 0600 from the start, for SQLite to open as an empty
	 * database: made by SQLite it would be readable by all until
	 * sync_private, and so would what a signal or a crash left */
	fd = open(tmp_path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, S_IRUSR | S_IWUSR);
	if (fd >= 0)
		close(fd);
	return tmp_path;
}

char *new_build_id(void)
{
	uint64_t id = (uint64_t)getpid() * UINT64_C(0x9e3779b97f4a7c15) ^ (uint64_t)time(NULL);
	FILE *f = fopen("/dev/urandom", "rb");
	uint64_t random = 0;

	if (f) {
		if (fread(&random, sizeof(random), 1, f) != 1)
			random = 0;
		fclose(f);
	}
	id ^= random ^ (uint64_t)(uintptr_t)&id;
	return xasprintf("%016llx", (unsigned long long)id);
}

int sync_private(const char *path, char **error)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || fchmod(fd, S_IRUSR | S_IWUSR) != 0 || fsync(fd) != 0) {
		*error = xasprintf("%s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (close(fd) != 0) {
		*error = xasprintf("%s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* Copies what is left of `in` to `out`: 0, or -1 with errno.  In the
 * kernel where it can (copy_file_range: no trip through this process's
 * memory, the pages shared on file systems that can). */
#define COPY_CHUNK ((size_t)1 << 30)
#define COPY_BUFFER ((size_t)1 << 16)

static int copy_fd(int in, int out)
{
	char buf[COPY_BUFFER];
	ssize_t n;

#ifdef __linux__
	while ((n = copy_file_range(in, NULL, out, NULL, COPY_CHUNK, 0)) > 0)
		;
	if (n == 0)
		return 0;
	if (errno != EXDEV && errno != ENOSYS && errno != EINVAL && errno != EOPNOTSUPP)
		return -1;
#endif
	while ((n = read(in, buf, sizeof(buf))) > 0) {
		if (fd_write_all(out, buf, (size_t)n) != 0)
			return -1;
	}
	return n < 0 ? -1 : 0;
}

int copy_private(const char *from, const char *to, char **error)
{
	int in = open(from, O_RDONLY | O_CLOEXEC), out = -1, rc = -1;

	unlink(to);
	if (in >= 0)
		out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, S_IRUSR | S_IWUSR);
	if (in >= 0 && out >= 0)
		rc = copy_fd(in, out);
	if (rc != 0)
		*error = xasprintf("%s: %s", in < 0 ? from : to, strerror(errno));
	if (in >= 0)
		close(in);
	if (out >= 0 && close(out) != 0 && rc == 0) {
		*error = xasprintf("%s: %s", to, strerror(errno));
		rc = -1;
	}
	if (rc != 0)
		unlink(to);
	return rc;
}

/* The bulk rows are written long before the indexes are built; left alone
 * they would stay in the page cache until the final fsync and the build
 * would wait for all of them there (about a second at 250,000 entities).
 * Started here, the writes overlap the index builds.  Only a hint: a
 * failure changes nothing (the fsync before the rename still says whether
 * the bytes are down). */
void start_writeback(const char *path)
{
#ifdef __linux__
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return;
	(void)sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
	close(fd);
#else
	(void)path;
#endif
}

/* Dates the database to the build's start (see the cache's racy check),
 * then removes the search index of the database it replaces (of no use to
 * this one, which builds its own once in place: search_build.c) and
 * renames the database into place, under the directory's lock, which
 * readers take shared while they open a database, and a search index's
 * build exclusive to move it in. */
int move_into_place(struct store_writer *w, struct diag_list *diags)
{
	struct timespec times[2] = { { .tv_sec = 0, .tv_nsec = UTIME_OMIT }, w->started };
	int lock = dir_lock(w->path, LOCK_EX), rc = -1;
	char *search = xasprintf("%s-search", w->path);

	utimensat(AT_FDCWD, w->tmp_path, times, 0);
	unlink(search);
	free(search);
	if (rename(w->tmp_path, w->path) != 0)
		diag_add(diags, -1, w->path, 0, 0, "cannot move model database into place: %s",
		         strerror(errno));
	else
		rc = 0;
	dir_unlock(lock);
	return rc;
}

/* Each file's real path, as the meta row `real_path N`, so that the cache
 * knows the files again however they are named (store_built_from).  A file
 * whose real path cannot be found has none: it is known by its path. */
int record_real_paths(struct store_writer *w, struct diag_list *diags)
{
	sqlite3_stmt *files = store_prepare(w->db, "SELECT file_no, path FROM files");
	sqlite3_stmt *put = store_prepare(w->db, "INSERT INTO meta(key, value)"
	                                         " VALUES('real_path ' || ?1, ?2)");
	int rc = files && put ? 0 : -1, step = SQLITE_DONE;

	while (rc == 0 && (step = sqlite3_step(files)) == SQLITE_ROW) {
		const char *path = (const char *)sqlite3_column_text(files, 1);
		char real[PATH_MAX];

		if (!path || !realpath(path, real))
			continue;
		sqlite3_bind_int64(put, 1, sqlite3_column_int64(files, 0));
		sqlite3_bind_text(put, 2, real, -1, SQLITE_TRANSIENT);
		rc = build_run(put);
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = -1;
	if (rc != 0)
		diag_add(diags, -1, w->path, 0, 0, "cannot save model database: %s",
		         sqlite3_errmsg(w->db));
	sqlite3_finalize(files);
	sqlite3_finalize(put);
	return rc;
}
