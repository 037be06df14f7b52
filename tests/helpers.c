#define _XOPEN_SOURCE 700
#include "helpers.h"

#include <criterion/criterion.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char *model_path(const char *relative)
{
	const char *root = getenv("TEST_MODELS");

	cr_assert(root, "TEST_MODELS is not set: run the tests through meson test");
	return xasprintf("%s/%s", root, relative);
}

char *scratch_dir(void)
{
	const char *tmp = getenv("TMPDIR");
	char *dir = xasprintf("%s/icsview-test-XXXXXX", tmp && *tmp ? tmp : "/tmp");

	cr_assert(mkdtemp(dir), "mkdtemp failed");
	return dir;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st; (void)flag; (void)ftw;
	return remove(path);
}

void remove_tree(const char *path)
{
	nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

char *write_file(const char *dir, const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "wb");

	cr_assert(f, "cannot write %s", path);
	fputs(text, f);
	fclose(f);
	return path;
}

static void print_diags(const struct diag_list *diags)
{
	for (size_t i = 0; i < diags->count; i++) {
		char *line = diag_format(&diags->items[i]);
		cr_log_error("%s", line);
		free(line);
	}
}

struct store *load_valid(const char *dir, const char *const *relative, size_t count)
{
	char **paths = xcalloc(count, sizeof(*paths));
	char *db = xasprintf("%s/model.db", dir);
	struct load_limits limits;
	struct diag_list diags;
	struct store *st;
	char *error = NULL;
	enum load_result rc;

	for (size_t i = 0; i < count; i++)
		paths[i] = model_path(relative[i]);
	load_limits_default(&limits);
	diag_init(&diags, 100);
	rc = model_load((const char *const *)paths, count, db, &limits, &diags, NULL);
	print_diags(&diags);
	cr_assert_eq(rc, LOAD_VALID, "model did not load (%zu problems)", diag_total(&diags));
	diag_free(&diags);
	st = store_open(db, &error);
	cr_assert(st, "store_open: %s", error ? error : "?");
	for (size_t i = 0; i < count; i++)
		free(paths[i]);
	free(paths);
	free(db);
	return st;
}

enum load_result check_paths(const char *const *paths, size_t count,
                             const struct load_limits *limits, struct diag_list *diags)
{
	struct load_limits defaults;
	enum load_result rc;

	if (!limits) {
		load_limits_default(&defaults);
		limits = &defaults;
	}
	diag_init(diags, limits->max_errors);
	rc = model_load(paths, count, NULL, limits, diags, NULL);
	diag_sort(diags);
	return rc;
}

int64_t eid_of(struct store *st, const char *id)
{
	struct entity e;
	int64_t eid;

	cr_assert_eq(store_entity_by_id(st, id, &e), STORE_OK, "no entity '%s'", id);
	eid = e.eid;
	entity_clear(&e);
	return eid;
}
