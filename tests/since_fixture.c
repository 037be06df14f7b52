#include "since_fixture.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include "helpers.h"
#include "icsview/base/util.h"

void since_models_open(struct since_models *m, const char *name)
{
	char *new_model = xasprintf("diff-%s/model.yaml", name);
	const char *old_path[] = { "diff-old/model.yaml" }, *new_path[] = { new_model };
	char *error = NULL;

	m->old_dir = scratch_dir();
	m->new_dir = scratch_dir();
	m->old_st = load_valid(m->old_dir, old_path, 1);
	m->new_st = load_valid(m->new_dir, new_path, 1);
	m->since = since_open(m->old_st, m->new_st, NULL, &error);
	cr_assert_not_null(m->since, "%s", error ? error : "");
	free(new_model);
}

void since_models_close(struct since_models *m)
{
	since_close(m->since, true);
	m->since = NULL;
	unload_model(m->old_st, m->old_dir);
	unload_model(m->new_st, m->new_dir);
}
