#include "fuzz_common.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "icsview/base/diag.h"
#include "icsview/base/limits.h"
#include "icsview/loader/loader.h"
#include "icsview/base/util.h"

#ifndef FUZZ_DEFAULT_MODEL
#error "FUZZ_DEFAULT_MODEL must name the model the filter and search targets use"
#endif

static char *scratch;
static struct store *store;
static char *fuzz_store_path;

static void cleanup(void)
{
	if (store)
		store_close(store);
	store = NULL;
	if (scratch) {
		/* The targets make only plain files here: no recursion needed. */
		DIR *d = opendir(scratch);
		struct dirent *e;

		while (d && (e = readdir(d)) != NULL) {
			if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
				char *p = xasprintf("%s/%s", scratch, e->d_name);
				unlink(p);
				free(p);
			}
		}
		if (d)
			closedir(d);
		rmdir(scratch);
	}
	free(fuzz_store_path);
	free(scratch);
	scratch = NULL;
	fuzz_store_path = NULL;
}

const char *fuzz_scratch_dir(void)
{
	const char *base;

	if (scratch)
		return scratch;
	base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : getenv("TMPDIR");
	if (!base || !*base)
		base = "/tmp";
	scratch = xasprintf("%s/icsview-fuzz-XXXXXX", base);
	if (!mkdtemp(scratch)) {
		perror("icsview fuzz: mkdtemp");
		abort();
	}
	/* model_load without a database path writes its scratch database to
	 * TMPDIR: keep that here too. */
	setenv("TMPDIR", scratch, 1);
	atexit(cleanup);
	return scratch;
}

struct store *fuzz_store(void)
{
	const char *model = getenv("ICSVIEW_FUZZ_MODEL");
	const char *paths[1];
	struct load_limits limits;
	struct diag_list diags;
	char *error = NULL;

	if (store)
		return store;
	if (!model || !*model)
		model = FUZZ_DEFAULT_MODEL;
	paths[0] = model;
	fuzz_store_path = xasprintf("%s/store.db", fuzz_scratch_dir());
	load_limits_default(&limits);
	diag_init(&diags, 20);
	if (model_load(paths, 1, fuzz_store_path, &limits, &diags, NULL) != LOAD_VALID) {
		fprintf(stderr, "icsview fuzz: %s does not load:\n", model);
		diag_print(&diags, stderr);
		abort();
	}
	diag_free(&diags);
	store = store_open(fuzz_store_path, &error);
	if (!store) {
		fprintf(stderr, "icsview fuzz: store_open %s: %s\n", fuzz_store_path, error ? error : "?");
		abort();
	}
	/* the search index comes after the database: the targets search it */
	if (store_search_build(store) != 0 || store_search_wait(store) != STORE_SEARCH_READY) {
		fprintf(stderr, "icsview fuzz: search index of %s: %s\n", fuzz_store_path,
		        store_search_problem(store) ? store_search_problem(store) : "?");
		abort();
	}
	return store;
}
