/* Models built to hurt: directories that loop back on themselves, and
 * files written by editors that other tools refuse. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "helpers.h"
#include "icsview/base/model_files.h"
#include "icsview/base/util.h"

static const char one_entity[] =
	"icsview: 1\n"
	"entities:\n"
	"  - {id: E1, kind: organisation, name: One}\n";

static void expect_valid(const char *path, size_t entities)
{
	const char *paths[] = { path };
	struct load_limits limits;
	struct load_summary summary = { 0 };
	struct diag_list diags;
	enum load_result rc;

	load_limits_default(&limits);
	diag_init(&diags, limits.max_errors);
	rc = model_load(paths, 1, NULL, &limits, &diags, &summary);
	for (size_t i = 0; i < diags.count; i++) {
		char *text = diag_format(&diags.items[i]);
		cr_log_error("%s", text);
		free(text);
	}
	cr_expect_eq(rc, LOAD_VALID, "%s: not valid", path);
	cr_expect_eq(summary.entities, entities);
	diag_free(&diags);
}

/* Two links to the directory they are in made a walk of 2^33 paths down to
 * the depth limit: every command hung.  Each directory is entered once. */
Test(walk, symlink_loops_are_entered_once, .timeout = 20)
{
	char *dir = scratch_dir();
	char *sub = xasprintf("%s/sub", dir), *x = xasprintf("%s/x", dir);
	char *y = xasprintf("%s/y", dir), *up = xasprintf("%s/sub/up", dir);
	const char *paths[] = { dir, x };
	struct model_files files = { 0 };
	struct diag_list diags;

	free(write_file(dir, "a.yaml", one_entity));
	cr_assert_eq(mkdir(sub, 0700), 0);
	free(write_file(sub, "b.yaml", "icsview: 1\n"));
	cr_assert_eq(symlink(".", x), 0);
	cr_assert_eq(symlink(".", y), 0);
	cr_assert_eq(symlink("..", up), 0);
	diag_init(&diags, 10);
	cr_expect_eq(model_files_collect(&files, paths, 2, &diags), 0);
	cr_expect_eq(diags.count, 0);
	cr_assert_eq(files.count, 2, "%zu files", files.count);
	cr_expect(strstr(files.items[0].path, "/a.yaml") != NULL, "%s", files.items[0].path);
	cr_expect(strstr(files.items[1].path, "/sub/b.yaml") != NULL, "%s", files.items[1].path);
	model_files_free(&files);
	diag_free(&diags);
	expect_valid(dir, 1);
	remove_tree(dir);
	free(dir); free(sub); free(x); free(y); free(up);
}
