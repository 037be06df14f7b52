#include "icsview/loader/model_cache.h"

#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "icsview/base/model.h"
#include "icsview/base/model_files.h"
#include "icsview/base/paths.h"
#include "icsview/base/signals.h"
#include "icsview/base/util.h"
#include "diff_cache_files.h"

/* Bump when what goes into the key, or how a database is checked, changes. */
#define CACHE_LAYOUT_VERSION 2

#define NS_PER_SEC INT64_C(1000000000)
#define SECONDS_PER_DAY 86400

/* ---- the key: 64-bit FNV-1a --------------------------------------------- */

#define FNV_OFFSET UINT64_C(0xcbf29ce484222325)
#define FNV_PRIME UINT64_C(0x100000001b3)

static uint64_t fnv_bytes(uint64_t h, const void *data, size_t n)
{
	const unsigned char *p = data;

	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= FNV_PRIME;
	}
	return h;
}

/* With its terminating NUL, so that ("ab", "c") and ("a", "bc") differ. */
static uint64_t fnv_string(uint64_t h, const char *s)
{
	return fnv_bytes(h, s, strlen(s) + 1);
}

/* Little-endian whatever the machine, so keys do not depend on it. */
static uint64_t fnv_u64(uint64_t h, uint64_t v)
{
	unsigned char bytes[8];

	for (int i = 0; i < 8; i++)
		bytes[i] = (unsigned char)(v >> (8 * i));
	return fnv_bytes(h, bytes, sizeof(bytes));
}

static uint64_t file_key(uint64_t h, const struct model_file *f)
{
	char real[PATH_MAX];

	/* the file itself, however it is named (relative, absolute, through a
	 * link): one database for all (store_built_from matches them) */
	h = fnv_string(h, realpath(f->path, real) ? real : f->path);
	h = fnv_u64(h, f->size);
	return fnv_u64(h, (uint64_t)f->mtime_ns);
}

static uint64_t model_key(const struct model_files *files)
{
	uint64_t h = FNV_OFFSET;

	h = fnv_u64(h, CACHE_LAYOUT_VERSION);
	h = fnv_u64(h, STORE_SCHEMA_VERSION);
	h = fnv_u64(h, MODEL_FORMAT_VERSION);
	h = fnv_string(h, ICSVIEW_VERSION);
	h = fnv_u64(h, files->count);
	for (size_t i = 0; i < files->count; i++)
		h = file_key(h, &files->items[i]);
	return h;
}

/* ---- the cache directory ------------------------------------------------- */

/* The cache directory to use when the options name none, or NULL when there
 * is none; caller frees. */
static char *default_dir(void)
{
	const char *dir = env_value("ICSVIEW_CACHE_DIR");

	if (dir)
		return xstrdup(dir);
	return xdg_app_dir("XDG_CACHE_HOME", ".cache");
}

/* Returns NULL when the directory is usable, else why not (caller frees).
 * The directory must be ours and writable by no one else: a database
 * another user could put there would be opened as the model.  *readable
 * says whether it may still be read (ours and private, but not writable:
 * a database already built there is used). */
static char *prepare_dir(const char *dir, bool *readable)
{
	struct stat st;
	int error = make_private_dirs(dir);

	*readable = false;
	if (stat(dir, &st) != 0)
		return xasprintf("%s: %s", dir, strerror(error ? error : errno));
	if (!S_ISDIR(st.st_mode))
		return xasprintf("%s: %s", dir, strerror(ENOTDIR));
	if (st.st_uid != geteuid())
		return xasprintf("%s: owned by another user", dir);
	if (st.st_mode & (S_IWGRP | S_IWOTH))
		return xasprintf("%s: writable by other users", dir);
	*readable = true;
	if (access(dir, W_OK | X_OK) != 0)
		return xasprintf("%s: %s", dir, strerror(errno));
	return NULL;
}

/* Sets info->cache_dir when a usable directory is found, else
 * info->cache_problem (and *readable when it may still be read). */
static void choose_dir(const struct model_cache_options *opts, struct model_cache_info *info,
                       bool *readable)
{
	char *real;

	*readable = false;
	info->cache_dir = opts->dir && *opts->dir ? xstrdup(opts->dir) : default_dir();
	if (!info->cache_dir) {
		info->cache_problem = xstrdup("no cache directory: neither XDG_CACHE_HOME nor HOME is set");
		return;
	}
	/* relative, it would put a cache in every directory icsview is run from */
	if (info->cache_dir[0] != '/') {
		info->cache_problem = xasprintf("%s: not an absolute path", info->cache_dir);
		return;
	}
	info->cache_problem = prepare_dir(info->cache_dir, readable);
	/* the databases are made without following links at their own names:
	 * the links above them (a ~/.cache that is a link) are resolved first */
	real = real_dir(info->cache_dir);
	free(info->cache_dir);
	info->cache_dir = real;
}

/* ---- names of cache files ------------------------------------------------- */

#define CACHE_PREFIX "model-"
#define CACHE_SUFFIX ".db"
#define KEY_DIGITS 16

static bool is_hex_digit(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

/* Exactly model-<16 lower-case hex digits>.db: nothing else is ever removed. */
static bool is_cache_name(const char *name)
{
	size_t prefix = strlen(CACHE_PREFIX);

	if (strlen(name) != prefix + KEY_DIGITS + strlen(CACHE_SUFFIX) ||
	    strncmp(name, CACHE_PREFIX, prefix) != 0 ||
	    strcmp(name + prefix + KEY_DIGITS, CACHE_SUFFIX) != 0)
		return false;
	for (size_t i = 0; i < KEY_DIGITS; i++)
		if (!is_hex_digit(name[prefix + i]))
			return false;
	return true;
}

/* ---- is the database at the cache path usable? ---------------------------- */

static int64_t mtime_ns(const struct stat *st)
{
	return (int64_t)st->st_mtim.tv_sec * NS_PER_SEC + st->st_mtim.tv_nsec;
}

/* The racy window of a file with sub-second times. */
#define FINE_RACY_WINDOW (20 * (NS_PER_SEC / 1000))

static bool whole_seconds(int64_t mtime)
{
	return mtime % NS_PER_SEC == 0;
}

static int64_t racy_window(int64_t mtime)
{
	return whole_seconds(mtime) ? 2 * NS_PER_SEC : FINE_RACY_WINDOW;
}

static bool racy_file(int64_t mtime, int64_t built_ns)
{
	int64_t window = racy_window(mtime);

	return mtime > built_ns - window && mtime < built_ns + window;
}

/* A file changed within the timestamp granularity of the moment its
 * database was built could have been changed again since without its
 * size or time changing.  The database's mtime is set to the start of its
 * build; a file whose mtime is that close to it is re-read.  Files on
 * file systems with whole-second times (no nanoseconds) get 2 s.  Times far
 * in the future (clock skew) are not treated as racy: that would rebuild on
 * every start. */
static bool racy(const struct model_files *files, int64_t built_ns)
{
	for (size_t i = 0; i < files->count; i++)
		if (racy_file(files->items[i].mtime_ns, built_ns))
			return true;
	return false;
}

/* Opens the database at path and its search index under the directory's
 * shared lock: a build moves the pair into place together under the
 * exclusive one, so the pair opened (and the date *sb read, when sb is
 * given) is one build's.  NULL with *missing when sb is given and there is
 * no such file; else NULL with *error (caller frees). */
static struct store *open_shared(const char *path, struct stat *sb, bool *missing,
                                 char **error)
{
	int lock = dir_lock(path, LOCK_SH);
	struct store *st = NULL;

	*missing = sb && (lstat(path, sb) != 0 || !S_ISREG(sb->st_mode));
	if (!*missing)
		st = store_open(path, error);
	dir_unlock(lock);
	return st;
}

/* Opens the database at path when it is valid for these files; otherwise
 * returns NULL with the reason it must be rebuilt. */
static struct store *try_cached(const char *path, const struct model_files *files,
                                bool writable, enum model_cache_reason *reason)
{
	struct store *st;
	struct stat sb;
	char *error = NULL;
	bool missing;

	st = open_shared(path, &sb, &missing, &error);
	free(error);
	if (!st) {
		*reason = missing ? CACHE_REASON_MISSING : CACHE_REASON_UNUSABLE;
		return NULL;
	}
	if (!store_built_from(st, files) || racy(files, mtime_ns(&sb))) {
		store_close(st);
		*reason = CACHE_REASON_CHANGED;
		return NULL;
	}
	/* the search index comes after its database (store_search_build);
	 * where none can be written, a database without one is of no use */
	if (!writable && !store_search_ready(st)) {
		store_close(st);
		*reason = CACHE_REASON_UNUSABLE;
		return NULL;
	}
	return st;
}

/* ---- building ---------------------------------------------------------------- */

static int64_t clock_ns(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (int64_t)ts.tv_sec * NS_PER_SEC + ts.tv_nsec;
}

/* A build of files written a moment ago would be racy, and the next open
 * would rebuild it although nothing changed (an interface's ^R would say
 * its files changed).  With sub-second file times the build waits until
 * they are out of the window (40 ms at most): a later write has a later
 * time.  Whole-second files are not waited for (up to 4 s): they are
 * re-read next time instead. */
static void wait_out_racy_window(const struct model_files *files)
{
	int64_t now = clock_ns(CLOCK_REALTIME), until = now;
	struct timespec deadline;

	for (size_t i = 0; i < files->count; i++) {
		int64_t t = files->items[i].mtime_ns;

		if (!whole_seconds(t) && racy_file(t, now) && t + FINE_RACY_WINDOW > until)
			until = t + FINE_RACY_WINDOW;
	}
	if (until == now)
		return;
	/* on the monotonic clock: a change of the wall clock cannot stretch it */
	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_nsec += (long)(until - now);
	deadline.tv_sec += deadline.tv_nsec / NS_PER_SEC;
	deadline.tv_nsec %= NS_PER_SEC;
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &deadline, NULL) == EINTR)
		;
}

static enum load_result build(const char *const *paths, size_t count,
                              const struct model_cache_options *opts,
                              const struct load_limits *limits, struct diag_list *diags,
                              struct model_cache_info *info)
{
	int64_t started = clock_ns(CLOCK_MONOTONIC);
	enum load_result rc;

	/* the writer dates the database to the start of its build, for racy() */
	rc = model_load_watched(paths, count, info->db_path, limits, opts->progress, diags,
	                        &info->summary);
	info->build_seconds = (double)(clock_ns(CLOCK_MONOTONIC) - started) / (double)NS_PER_SEC;
	return rc;
}

/* The database just built, with the search index's build it started (one
 * that cannot be opened stops it). */
static struct store *open_built(const char *path, struct build_progress *progress,
                                struct diag_list *diags)
{
	char *error = NULL;
	bool missing;
	struct store *st = open_shared(path, NULL, &missing, &error);   /* another build may be moving in */

	store_search_adopt(st, progress);
	if (!st) {
		diag_add(diags, -1, "", 0, 0, "%s", error);
		free(error);
	}
	return st;
}

/* ---- removing old databases ------------------------------------------------ */

/* An old database goes with its search index (<name>-search). */
static bool old_cache_file(const char *dir, const char *name, time_t cutoff)
{
	char *path = xasprintf("%s/%s", dir, name), *search = xasprintf("%s-search", path);
	struct stat st;
	bool old = lstat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_mtime < cutoff &&
	           unlink(path) == 0;

	if (old && lstat(search, &st) == 0 && S_ISREG(st.st_mode))
		unlink(search);
	free(search);
	free(path);
	return old;
}

/* Removes model-<key>.db files (and nothing else) not built for
 * max_age_days, then the comparisons of the diff cache (diff_cache.h)
 * whose databases are gone or that are as old. */
static size_t remove_old(const char *dir, const char *keep, unsigned max_age_days)
{
	time_t cutoff = time(NULL) - (time_t)max_age_days * SECONDS_PER_DAY;
	struct dirent *entry;
	size_t removed = 0;
	DIR *d;

	if (max_age_days == 0 || (d = opendir(dir)) == NULL)
		return 0;
	while ((entry = readdir(d)) != NULL)
		if (is_cache_name(entry->d_name) && strcmp(entry->d_name, keep) != 0 &&
		    old_cache_file(dir, entry->d_name, cutoff))
			removed++;
	closedir(d);
	diff_cache_remove_old(dir, cutoff);
	return removed;
}

/* ---- temporaries that ended processes left ------------------------------------ */

/* A temporary younger than this is left even when its process seems gone:
 * on a cache shared between machines, the pid may be another's. */
#define STALE_TEMPORARY_SECONDS 60

/* The pid of a build's temporary, NAME.tmp-PID with NAME a database or its
 * search index (model-<key>.db, model-<key>.db-search) or a comparison of
 * the diff cache (diff-<key>-<key>.cache), or NAME.tmp-PID-N for a search
 * index built after its database or the copy of a database's rows it is
 * built from; 0 for any other name. */
static pid_t temporary_pid(const char *name)
{
	const char *tmp = strstr(name, ".tmp-");
	char *base, *end;
	long pid;
	bool ours;

	if (!tmp || !tmp[5])
		return 0;
	base = xasprintf("%.*s", (int)(tmp - name), name);
	if (strlen(base) > strlen("-search") &&
	    strcmp(base + strlen(base) - strlen("-search"), "-search") == 0)
		base[strlen(base) - strlen("-search")] = '\0';
	ours = is_cache_name(base) || diff_cache_is_name(base);
	free(base);
	errno = 0;
	pid = strtol(tmp + 5, &end, 10);
	if (*end == '-' && end[1] >= '0' && end[1] <= '9')
		strtoul(end + 1, &end, 10);
	if (!ours || *end || errno || pid <= 0 || pid != (pid_t)pid)
		return 0;
	return (pid_t)pid;
}

/* Removes the temporaries of builds whose process has ended without
 * removing them (SIGKILL, a crash, a power cut).  Returns how many. */
static size_t remove_stale_temporaries(const char *dir)
{
	time_t cutoff = time(NULL) - STALE_TEMPORARY_SECONDS;
	struct dirent *entry;
	size_t removed = 0;
	DIR *d = opendir(dir);

	if (!d)
		return 0;
	while ((entry = readdir(d)) != NULL) {
		pid_t pid = temporary_pid(entry->d_name);
		struct stat st;
		char *path;

		if (pid == 0 || pid == getpid() || kill(pid, 0) == 0 || errno != ESRCH)
			continue;
		path = xasprintf("%s/%s", dir, entry->d_name);
		if (lstat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_mtime < cutoff &&
		    unlink(path) == 0)
			removed++;
		free(path);
	}
	closedir(d);
	return removed;
}

/* ---- a scratch build, when there is no cache directory ----------------------- */

/* The scratch directory holds only what the loader and SQLite put there. */
static void remove_scratch_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *entry;

	if (!d)
		return;
	while ((entry = readdir(d)) != NULL) {
		char *path;

		if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0)
			continue;
		path = xasprintf("%s/%s", dir, entry->d_name);
		unlink(path);
		free(path);
	}
	closedir(d);
	rmdir(dir);
}

static enum load_result open_scratch(const char *const *paths, size_t count,
                                     const struct model_cache_options *opts,
                                     const struct load_limits *limits, struct diag_list *diags,
                                     struct store **out, struct model_cache_info *info)
{
	struct diag_list attempt;
	enum load_result rc;
	char *search;

	info->scratch = true;
	info->reason = CACHE_REASON_SCRATCH;
	for (size_t i = 0; i < sizeof(info->scratch_slots) / sizeof(info->scratch_slots[0]); i++)
		info->scratch_slots[i] = -1;
	info->scratch_dir = load_scratch_dir("icsview", &info->scratch_slots[0], diags);
	if (!info->scratch_dir)
		return LOAD_FAILED;
	info->db_path = xasprintf("%s/model.db", info->scratch_dir);
	/* a signal ending a command that uses the scratch build leaves nothing */
	search = xasprintf("%s-search", info->db_path);
	info->scratch_slots[1] = signals_add_temporary(info->db_path);
	info->scratch_slots[2] = signals_add_temporary(search);
	free(search);
	diag_init(&attempt, diags->limit);
	rc = build(paths, count, opts, limits, &attempt, info);
	if (rc == LOAD_VALID && (*out = open_built(info->db_path, opts->progress, &attempt)) == NULL)
		rc = LOAD_FAILED;
	/* a cancelled build's interrupted statements are no problem of the model */
	if (rc == LOAD_CANCELLED)
		diag_free(&attempt);
	else
		diag_move(diags, &attempt);
	return rc;
}

/* ---- opening through the cache ---------------------------------------------- */

/* Why the cache could not take the database, from the diagnostics of the
 * failed build: the last one is the failure (caller frees). */
static char *write_problem(const struct diag_list *attempt)
{
	const struct diag *d;

	if (attempt->count == 0)
		return xstrdup("cannot write the model database");
	d = &attempt->items[attempt->count - 1];
	return d->file[0] ? xasprintf("%s: %s", d->file, d->message) : xstrdup(d->message);
}

static enum load_result open_cached(const char *const *paths, size_t count,
                                    const struct model_cache_options *opts,
                                    const struct load_limits *limits, bool writable,
                                    struct diag_list *diags, struct store **out,
                                    struct model_cache_info *info)
{
	struct model_files files = { 0 };
	struct diag_list ignored;   /* model_load reports them */
	struct diag_list attempt;
	bool missing;               /* a path names no model files: never a hit */
	char *name;
	enum load_result rc;

	if (writable)
		remove_stale_temporaries(info->cache_dir);
	diag_init(&ignored, 1);
	missing = model_files_collect(&files, paths, count, &ignored) != 0;
	diag_free(&ignored);
	name = xasprintf(CACHE_PREFIX "%016llx" CACHE_SUFFIX, (unsigned long long)model_key(&files));
	info->db_path = xasprintf("%s/%s", info->cache_dir, name);
	if (opts->rebuild)
		info->reason = CACHE_REASON_FORCED;
	else if (missing)
		info->reason = CACHE_REASON_MISSING;
	else
		*out = try_cached(info->db_path, &files, writable, &info->reason);
	if (!*out && writable)
		wait_out_racy_window(&files);
	model_files_free(&files);
	if (*out) {
		info->hit = true;
		info->reason = CACHE_REASON_NONE;
		free(name);
		return LOAD_VALID;
	}
	if (!writable) {
		/* a read-only cache directory without this model's database */
		free(name);
		free(info->db_path);
		info->db_path = NULL;
		return open_scratch(paths, count, opts, limits, diags, out, info);
	}
	diag_init(&attempt, diags->limit);
	rc = build(paths, count, opts, limits, &attempt, info);
	if (rc == LOAD_VALID && (*out = open_built(info->db_path, opts->progress, &attempt)) == NULL)
		rc = LOAD_FAILED;
	if (rc == LOAD_CANCELLED) {
		/* what stopped it (statements interrupted) is no problem of the model */
		diag_free(&attempt);
		free(name);
		return rc;
	}
	if (rc == LOAD_FAILED) {
		/* The cache could not take the database (disk full, an I/O error):
		 * nothing of it is left there; build it where scratch builds go. */
		info->cache_problem = write_problem(&attempt);
		diag_free(&attempt);
		free(name);
		free(info->db_path);
		info->db_path = NULL;
		return open_scratch(paths, count, opts, limits, diags, out, info);
	}
	diag_move(diags, &attempt);
	if (rc == LOAD_VALID)
		info->removed = remove_old(info->cache_dir, name, opts->max_age_days);
	free(name);
	return rc;
}

enum load_result model_cache_open(const char *const *paths, size_t count,
                                  const struct model_cache_options *opts,
                                  struct diag_list *diags, struct store **out,
                                  struct model_cache_info *info)
{
	static const struct model_cache_options defaults = {
		.max_age_days = MODEL_CACHE_DEFAULT_MAX_AGE_DAYS,
	};
	const char *default_path[1] = { model_default_path() };
	struct load_limits limits;
	bool readable;

	memset(info, 0, sizeof(*info));
	*out = NULL;
	if (!opts)
		opts = &defaults;
	if (opts->limits)
		limits = *opts->limits;
	else
		load_limits_default(&limits);
	if (count == 0) {
		paths = default_path;
		count = 1;
	}
	choose_dir(opts, info, &readable);
	if (info->cache_problem && !readable)
		return open_scratch(paths, count, opts, &limits, diags, out, info);
	return open_cached(paths, count, opts, &limits, !info->cache_problem, diags, out, info);
}

bool model_cache_discard_damaged(struct store *st, struct model_cache_info *info)
{
	if (!st || !info->db_path || info->scratch || !store_damaged(st))
		return false;
	/* the damage may be in either file: both go (the search index first,
	 * as a build puts it in place first) */
	{
		char *search = xasprintf("%s-search", info->db_path);
		unlink(search);
		free(search);
	}
	return unlink(info->db_path) == 0 || errno == ENOENT;
}

void model_cache_close(struct store *st, struct model_cache_info *info)
{
	store_close(st);
	if (info->scratch_dir)
		remove_scratch_dir(info->scratch_dir);
	if (info->scratch)
		for (size_t i = 0; i < sizeof(info->scratch_slots) / sizeof(info->scratch_slots[0]); i++)
			signals_forget_temporary(info->scratch_slots[i]);
	free(info->scratch_dir);
	free(info->db_path);
	free(info->cache_dir);
	free(info->cache_problem);
	memset(info, 0, sizeof(*info));
}
