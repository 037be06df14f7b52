/* The diff cache: see diff_cache.h. */
#include "icsview/loader/diff_cache.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "diff_cache_files.h"
#include "icsview/base/signals.h"
#include "icsview/base/util.h"

#define MODEL_PREFIX "model-"
#define MODEL_SUFFIX ".db"
#define DIFF_PREFIX "diff-"
#define DIFF_SUFFIX ".cache"
#define KEY_DIGITS 16
/* A build id is 16 hex digits (the store's new_build_id); a few more are
 * allowed, never a character that could end a header's field. */
#define MAX_BUILD_DIGITS 32

/* The header's first line; a header of another layout gets another one.
 * The second: the two keys and build ids; the third: the length and
 * checksum of the bytes after it. */
#define HEADER_MAGIC "icsview diff cache\n"
/* The longest header: the magic, four fields, a 20-digit length and a
 * 16-digit checksum, with their separators. */
#define HEADER_MAX (sizeof(HEADER_MAGIC) + 2 * KEY_DIGITS + 2 * MAX_BUILD_DIGITS + 64)

struct diff_cache {
	char *path;             /* dir/diff-<old key>-<new key>.cache */
	char *identity;         /* the header's second line, with its newline */
	bool writable;
};

/* ---- names ----------------------------------------------------------------- */

static bool hex_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

/* The key of a database named model-<key>.db, into key (KEY_DIGITS + 1). */
static bool model_key_of(const char *name, char *key)
{
	size_t prefix = strlen(MODEL_PREFIX);

	if (strlen(name) != prefix + KEY_DIGITS + strlen(MODEL_SUFFIX) ||
	    strncmp(name, MODEL_PREFIX, prefix) != 0 ||
	    strcmp(name + prefix + KEY_DIGITS, MODEL_SUFFIX) != 0 ||
	    !hex_digits(name + prefix, KEY_DIGITS))
		return false;
	memcpy(key, name + prefix, KEY_DIGITS);
	key[KEY_DIGITS] = '\0';
	return true;
}

bool diff_cache_is_name(const char *name)
{
	size_t prefix = strlen(DIFF_PREFIX);

	return strlen(name) == prefix + 2 * KEY_DIGITS + 1 + strlen(DIFF_SUFFIX) &&
	       strncmp(name, DIFF_PREFIX, prefix) == 0 && hex_digits(name + prefix, KEY_DIGITS) &&
	       name[prefix + KEY_DIGITS] == '-' &&
	       hex_digits(name + prefix + KEY_DIGITS + 1, KEY_DIGITS) &&
	       strcmp(name + prefix + 2 * KEY_DIGITS + 1, DIFF_SUFFIX) == 0;
}

/* The directory and key of a store's database; false when it is not a
 * database of the model cache.  *dir: caller frees. */
static bool cached_database(struct store *st, char **dir, char *key)
{
	const char *path = store_path(st), *slash = path ? strrchr(path, '/') : NULL;

	if (!slash || slash == path || !model_key_of(slash + 1, key))
		return false;
	*dir = xstrndup(path, (size_t)(slash - path));
	return true;
}

/* ---- the directory ---------------------------------------------------------- */

/* The model cache's rule (model_cache.c, prepare_dir): the user's, and no
 * one else may write to it.  *writable: and the user may. */
static bool private_dir(const char *dir, bool *writable)
{
	struct stat st;

	*writable = false;
	if (lstat(dir, &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != geteuid() ||
	    (st.st_mode & (S_IWGRP | S_IWOTH)))
		return false;
	*writable = access(dir, W_OK | X_OK) == 0;
	return true;
}

static bool valid_build_id(const char *id)
{
	size_t n = id ? strlen(id) : 0;

	return n > 0 && n <= MAX_BUILD_DIGITS && hex_digits(id, n);
}

struct diff_cache *diff_cache_open(struct store *old_st, struct store *new_st)
{
	char old_key[KEY_DIGITS + 1], new_key[KEY_DIGITS + 1];
	char *old_dir = NULL, *new_dir = NULL, *old_build = NULL, *new_build = NULL;
	struct diff_cache *c = NULL;
	bool writable;

	if (cached_database(old_st, &old_dir, old_key) &&
	    cached_database(new_st, &new_dir, new_key) && strcmp(old_dir, new_dir) == 0 &&
	    private_dir(old_dir, &writable) && store_build_id(old_st, &old_build) == 0 &&
	    store_build_id(new_st, &new_build) == 0 && valid_build_id(old_build) &&
	    valid_build_id(new_build)) {
		c = xcalloc(1, sizeof(*c));
		c->path = xasprintf("%s/" DIFF_PREFIX "%s-%s" DIFF_SUFFIX, old_dir, old_key, new_key);
		c->identity = xasprintf("%s %s %s %s\n", old_key, new_key, old_build, new_build);
		c->writable = writable;
	}
	free(old_dir);
	free(new_dir);
	free(old_build);
	free(new_build);
	return c;
}

void diff_cache_close(struct diff_cache *c)
{
	if (!c)
		return;
	free(c->path);
	free(c->identity);
	free(c);
}

/* ---- the file ---------------------------------------------------------------- */

#define FNV_OFFSET UINT64_C(0xcbf29ce484222325)
#define FNV_PRIME UINT64_C(0x100000001b3)
#define WORD_BYTES 8

/* The 8 bytes at p as a little-endian number: one load where the
 * machine is little-endian. */
static uint64_t little_endian_word(const unsigned char *p)
{
	uint64_t word;

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	memcpy(&word, p, sizeof(word));
#else
	word = 0;
	for (int b = 0; b < WORD_BYTES; b++)
		word |= (uint64_t)p[b] << (8 * b);
#endif
	return word;
}

/* FNV-1a over 64-bit little-endian words, then the bytes left one by one:
 * a comparison is megabytes, read at every diff, and a byte at a time
 * the checksum alone took about half as long as a warm start. */
static uint64_t checksum(const char *bytes, size_t n)
{
	const unsigned char *p = (const unsigned char *)bytes;
	uint64_t h = FNV_OFFSET;
	size_t i = 0;

	for (; i + WORD_BYTES <= n; i += WORD_BYTES) {
		uint64_t word = little_endian_word(p + i);

		h ^= word;
		h *= FNV_PRIME;
	}
	for (; i < n; i++) {
		h ^= p[i];
		h *= FNV_PRIME;
	}
	return h;
}

static char *header(const struct diff_cache *c, const char *bytes, size_t size)
{
	return xasprintf(HEADER_MAGIC "%s%zu %016" PRIx64 "\n", c->identity, size,
	                 checksum(bytes, size));
}

/* The size of the file at fd, a regular file of the user's that no one
 * else may write, of at most `limit` bytes; false otherwise. */
static bool private_file(int fd, size_t limit, size_t *size)
{
	struct stat st;

	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid() ||
	    (st.st_mode & (S_IWGRP | S_IWOTH)) || st.st_size < 0 || (uint64_t)st.st_size > limit)
		return false;
	*size = (size_t)st.st_size;
	return true;
}

/* n bytes from fd into buf: false when fewer came. */
static bool read_all(int fd, char *buf, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = read(fd, buf + got, n - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return false;
		got += (size_t)r;
	}
	return true;
}

/* The length of a header that names this comparison, at the start of the
 * `n` bytes at head; 0 when there is none. */
static size_t header_length(const struct diff_cache *c, const char *head, size_t n)
{
	size_t fixed = strlen(HEADER_MAGIC) + strlen(c->identity);
	const char *end;

	if (n < fixed || memcmp(head, HEADER_MAGIC, strlen(HEADER_MAGIC)) != 0 ||
	    memcmp(head + strlen(HEADER_MAGIC), c->identity, strlen(c->identity)) != 0)
		return 0;
	end = memchr(head + fixed, '\n', n - fixed);
	return end ? (size_t)(end - head) + 1 : 0;
}

/* The bytes after the header, read into a buffer of their own (the
 * header first, so that megabytes are not moved to drop it); NULL when
 * the header or the bytes are not what it says. */
static char *payload(const struct diff_cache *c, int fd, size_t file_size, size_t *size)
{
	char head[HEADER_MAX], *buf, *expected;
	size_t got = file_size < HEADER_MAX ? file_size : HEADER_MAX, start, length;
	bool same;

	if (!read_all(fd, head, got) || (start = header_length(c, head, got)) == 0)
		return NULL;
	length = file_size - start;
	buf = xmalloc(length + 1);
	memcpy(buf, head + start, got - start);
	if (!read_all(fd, buf + (got - start), length - (got - start))) {
		free(buf);
		return NULL;
	}
	buf[length] = '\0';
	/* the header these bytes would have: the same, or not ours */
	expected = header(c, buf, length);
	same = strlen(expected) == start && memcmp(expected, head, start) == 0;
	free(expected);
	if (!same) {
		free(buf);
		return NULL;
	}
	*size = length;
	return buf;
}

char *diff_cache_read(void *cache, size_t *size)
{
	struct diff_cache *c = cache;
	/* O_NONBLOCK: a FIFO planted at the name would block the open */
	int fd = open(c->path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	size_t file_size;
	char *buf = NULL;

	*size = 0;
	if (fd < 0)
		return NULL;
	if (private_file(fd, DIFF_CACHE_MAX_BYTES + HEADER_MAX, &file_size))
		buf = payload(c, fd, file_size, size);
	close(fd);
	return buf;
}

/* Writes the file at tmp, synced: false when any of it failed. */
static bool write_file(const char *tmp, const char *head, const char *bytes, size_t size)
{
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, S_IRUSR | S_IWUSR);
	bool ok;

	if (fd < 0)
		return false;
	ok = fchmod(fd, S_IRUSR | S_IWUSR) == 0 && fd_write_all(fd, head, strlen(head)) == 0 &&
	     fd_write_all(fd, bytes, size) == 0 && fsync(fd) == 0;
	return close(fd) == 0 && ok;
}

void diff_cache_write(void *cache, const char *bytes, size_t size)
{
	struct diff_cache *c = cache;
	char *tmp, *head;
	int slot;

	if (!c->writable || size > DIFF_CACHE_MAX_BYTES)
		return;
	/* named after the process, as the model cache's temporaries are, so
	 * that a killed writer's is found and removed */
	tmp = xasprintf("%s.tmp-%ld", c->path, (long)getpid());
	slot = signals_add_temporary(tmp);
	unlink(tmp);
	head = header(c, bytes, size);
	/* rename replaces whatever is at the name, a planted link included,
	 * without following it */
	if (!write_file(tmp, head, bytes, size) || rename(tmp, c->path) != 0)
		unlink(tmp);
	signals_forget_temporary(slot);
	free(head);
	free(tmp);
}

/* ---- tidying -------------------------------------------------------------------- */

/* Whether the comparison `name` in dir is of a database no longer there. */
static bool orphaned(const char *dir, const char *name)
{
	const char *keys = name + strlen(DIFF_PREFIX);
	bool gone = false;
	struct stat st;

	for (int side = 0; side < 2 && !gone; side++) {
		char *db = xasprintf("%s/" MODEL_PREFIX "%.*s" MODEL_SUFFIX, dir, KEY_DIGITS,
		                     keys + side * (KEY_DIGITS + 1));

		gone = lstat(db, &st) != 0 && errno == ENOENT;
		free(db);
	}
	return gone;
}

size_t diff_cache_remove_old(const char *dir, time_t cutoff)
{
	struct dirent *entry;
	size_t removed = 0;
	DIR *d = opendir(dir);

	if (!d)
		return 0;
	while ((entry = readdir(d)) != NULL) {
		struct stat st;
		char *path;

		if (!diff_cache_is_name(entry->d_name))
			continue;
		path = xasprintf("%s/%s", dir, entry->d_name);
		if (lstat(path, &st) == 0 && (S_ISREG(st.st_mode) || S_ISLNK(st.st_mode)) &&
		    (st.st_mtime < cutoff || orphaned(dir, entry->d_name)) && unlink(path) == 0)
			removed++;
		free(path);
	}
	closedir(d);
	return removed;
}
