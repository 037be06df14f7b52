/* Shared by the model cache's tests (test_cache.c, test_cache_faults.c):
 * each test has a scratch directory of its own, work, with its cache
 * directory, cache, inside (cache_setup, cache_teardown); models written
 * there, opened through the cache, and what the cache directory holds. */
#ifndef ICSVIEW_TEST_CACHE_FIXTURE_H
#define ICSVIEW_TEST_CACHE_FIXTURE_H

#include <stdbool.h>
#include <sys/stat.h>
#include <time.h>
#include "icsview/base/diag.h"
#include "icsview/loader/model_cache.h"
#include "icsview/store/store.h"

extern char *work;          /* a scratch directory for the test */
extern char *cache;         /* work/cache: the cache directory */

/* Makes work and points ICSVIEW_CACHE_DIR at cache: nothing may reach the
 * real cache directory, whatever the test does. */
void cache_setup(void);
void cache_teardown(void);

void set_mtime(const char *path, time_t when);
/* A one-entity model named `name` in work/file, dated `age` seconds ago;
 * write_model: model.yaml, an hour ago (a file changed just before a build
 * is re-read, see racy()).  Caller frees the path. */
char *write_model_aged(const char *file, const char *name, time_t age);
char *write_model(const char *name);

/* A model opened through the cache, with its diagnostics. */
struct opened {
	int rc;
	struct store *st;
	struct model_cache_info info;
	struct diag_list diags;
};
/* model_cache_open with opts; a valid model's search index then built (as
 * a command waits for it), which must succeed. */
struct opened open_with(const char *path, const struct model_cache_options *opts);
/* model_cache_open alone: the search index may not be there yet. */
struct opened open_only(const char *path, const struct model_cache_options *opts);
/* With cache as the cache directory. */
struct opened open_model(const char *path);
void close_opened(struct opened *o);

/* The name of the entity `id`, which must exist; caller frees. */
char *name_of(struct store *st, const char *id);
/* The name of the entity sys. */
void expect_name(struct store *st, const char *expected);

struct stat stat_of(const char *path);
bool same_file_and_time(const struct stat *a, const struct stat *b);
/* Names in a directory (without . and ..), sorted, one per line; caller frees. */
char *list_dir(const char *dir);
bool exists(const char *path);
/* The directory holds one model database and its search index (store.h),
 * and nothing else; returns the database's path (caller frees). */
char *expect_one_database(const char *dir);
/* The same, the database without its search index (a command that needs
 * no search built it). */
char *expect_database_alone(const char *dir);
/* Builds the model once and returns where its database is; caller frees. */
char *built_path(const char *model);

#endif
