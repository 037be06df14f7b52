/* The model cache tests' fixture and helpers (cache_fixture.h). */
#define _XOPEN_SOURCE 700
#include "cache_fixture.h"

#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "helpers.h"

char *work;                 /* a scratch directory for the test */
char *cache;                /* work/cache: the cache directory */

void cache_setup(void)
{
	work = scratch_dir();
	cache = xasprintf("%s/cache", work);
	/* nothing may reach the real cache directory, whatever the test does */
	setenv("ICSVIEW_CACHE_DIR", cache, 1);
}

void cache_teardown(void)
{
	remove_tree(work);
	free(work);
	free(cache);
}


void set_mtime(const char *path, time_t when)
{
	struct timespec times[2] = { { when, 0 }, { when, 0 } };

	cr_assert_eq(utimensat(AT_FDCWD, path, times, 0), 0, "utimensat %s", path);
}

/* A one-entity model named `name`, dated `age` seconds ago (an hour unless
 * given: a file changed just before a build is re-read, see racy()). */
char *write_model_aged(const char *file, const char *name, time_t age)
{
	char *text = xasprintf("icsview: 1\ntitle: cache test\nentities:\n"
	                       "  - id: sys\n    kind: system\n    name: %s\n", name);
	char *path = write_file(work, file, text);

	set_mtime(path, time(NULL) - age);
	free(text);
	return path;
}

char *write_model(const char *name)
{
	return write_model_aged("model.yaml", name, 3600);
}

struct opened open_only(const char *path, const struct model_cache_options *opts)
{
	struct opened o;
	const char *paths[1] = { path };

	diag_init(&o.diags, 100);
	o.rc = model_cache_open(paths, 1, opts, &o.diags, &o.st, &o.info);
	for (size_t i = 0; i < o.diags.count && o.rc == LOAD_VALID; i++) {
		char *line = diag_format(&o.diags.items[i]);
		cr_log_error("%s", line);
		free(line);
	}
	return o;
}

struct opened open_with(const char *path, const struct model_cache_options *opts)
{
	struct opened o = open_only(path, opts);

	/* as a command does: the search index built, when it is not there */
	if (o.rc == LOAD_VALID) {
		cr_assert_eq(store_search_build(o.st), 0, "%s", store_search_problem(o.st));
		cr_assert_eq(store_search_wait(o.st), STORE_SEARCH_READY, "%s",
		             store_search_problem(o.st));
	}
	return o;
}

struct opened open_model(const char *path)
{
	struct model_cache_options opts = { .dir = cache };

	return open_with(path, &opts);
}

void close_opened(struct opened *o)
{
	model_cache_close(o->st, &o->info);
	diag_free(&o->diags);
}

char *name_of(struct store *st, const char *id)
{
	struct entity e;
	char *name;

	cr_assert_eq(store_entity_by_id(st, id, &e), STORE_OK, "no entity '%s'", id);
	name = xstrdup(e.name);
	entity_clear(&e);
	return name;
}

void expect_name(struct store *st, const char *expected)
{
	char *name = name_of(st, "sys");

	cr_expect_str_eq(name, expected);
	free(name);
}

struct stat stat_of(const char *path)
{
	struct stat st;

	cr_assert_eq(stat(path, &st), 0, "stat %s", path);
	return st;
}

bool same_file_and_time(const struct stat *a, const struct stat *b)
{
	return a->st_ino == b->st_ino && a->st_dev == b->st_dev &&
	       a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

/* Names in a directory (without . and ..), sorted, one per line. */
char *list_dir(const char *dir)
{
	char *command = xasprintf("ls -A '%s' > '%s/ls' 2>/dev/null", dir, work);
	char *out = xasprintf("%s/ls", work), *text;

	cr_assert_neq(system(command), -1);
	text = slurp(out);
	unlink(out);
	free(command);
	free(out);
	return text;
}

bool exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

/* The directory holds one model database, with its search index when
 * with_index (store.h: built after it, by what needs search), and nothing
 * else; returns the database's path. */
static char *expect_database(const char *dir, bool with_index)
{
	char *listing = list_dir(dir), *expected, *path;
	size_t n = strcspn(listing, "\n");

	cr_assert_eq(n, strlen("model-0123456789abcdef.db"), "%s", listing);
	cr_assert_eq(strncmp(listing, "model-", 6), 0, "%s", listing);
	expected = with_index ? xasprintf("%.*s\n%.*s-search\n", (int)n, listing, (int)n, listing)
	                      : xasprintf("%.*s\n", (int)n, listing);
	cr_expect_str_eq(listing, expected, "%s", with_index
	                 ? "expected one database and its search index"
	                 : "expected one database alone");
	path = xasprintf("%s/%.*s", dir, (int)n, listing);
	free(expected);
	free(listing);
	return path;
}

char *expect_one_database(const char *dir)
{
	return expect_database(dir, true);
}

char *expect_database_alone(const char *dir)
{
	return expect_database(dir, false);
}

/* Builds the model once and returns where its database is; caller frees. */
char *built_path(const char *model)
{
	struct opened o = open_model(model);
	char *path;

	cr_assert_eq(o.rc, LOAD_VALID);
	path = xstrdup(o.info.db_path);
	close_opened(&o);
	return path;
}
