/* Where an entity stands on the model's day is one rule, the store's
 * (STORE_CHILD_STATUS_COLUMNS): the tree's rows and the detail pane's
 * subtitle read the same state, for every case of tests/models/states. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"
#include "icsview/base/util.h"
#include "icsview/store/store.h"
#include "icsview/views/detail.h"
#include "icsview/views/outline.h"

static struct store *st;
static char *dir;

static void load(void)
{
	const char *model = "states/states.yaml";

	dir = scratch_dir();
	st = load_valid(dir, &model, 1);
}

static void unload(void)
{
	unload_model(st, dir);
}

TestSuite(entity_state, .init = load, .fini = unload);

/* Each organisation, its state, and what the detail's subtitle says of
 * it after its id (NULL: nothing). */
static const struct {
	const char *id;
	enum entity_state state;
	const char *said;
} cases[] = {
	{ "open", ENTITY_OPEN, NULL },
	{ "closed", ENTITY_CLOSED, " · closed 2026-03-31" },
	{ "dissolved", ENTITY_CLOSED, " · closed 2025-04-01" },
	{ "unopened", ENTITY_NOT_YET_OPEN, " · not yet open, opens 2026-06-01" },
	{ "unopened-undated", ENTITY_NOT_YET_OPEN, " · not yet open" },
	{ "unopened-closing", ENTITY_NOT_YET_OPEN, " · not yet open, opens 2026-06-01" },
	{ "closing", ENTITY_CLOSING, " · closes 2026-06-30" },
	{ "closing-undated", ENTITY_CLOSING, NULL },
	{ "active", ENTITY_OPEN, NULL },
};
#define CASE_COUNT (sizeof(cases) / sizeof(cases[0]))

/* The state of the system's child `id` in its tree row. */
static enum entity_state row_state(struct outline *o, const char *id)
{
	for (size_t i = 0; i < o->count; i++) {
		const struct outline_row *r = outline_row(o, i);

		cr_assert(r, "row %zu", i);
		if (strcmp(r->id, id) == 0)
			return r->state;
	}
	cr_assert_fail("%s has no row", id);
	return ENTITY_OPEN;
}

/* The subtitle: the line after the title that starts with the kind. */
static const char *subtitle(const struct detail *d)
{
	for (size_t i = 0; i < d->count; i++)
		if (strncmp(d->lines[i].text, "organisation · ", strlen("organisation · ")) == 0)
			return d->lines[i].text;
	return "";
}

Test(entity_state, the_tree_and_the_detail_agree_on_each_case)
{
	struct child_list children = { 0 };
	struct outline o;

	cr_assert_eq(store_children(st, eid_of(st, "sys"), 0, 100, &children), STORE_OK);
	cr_assert_eq(children.count, CASE_COUNT, "one child a case");
	cr_assert_eq(outline_open(&o, st, 0), STORE_OK);
	cr_assert_eq(outline_expand(&o, 0), STORE_OK);
	for (size_t k = 0; k < CASE_COUNT; k++) {
		struct detail d = { 0 };
		enum entity_state child = ENTITY_OPEN, one = ENTITY_OPEN;
		char *expected;

		for (size_t i = 0; i < children.count; i++)
			if (strcmp(children.items[i].id, cases[k].id) == 0)
				child = children.items[i].state;
		cr_expect_eq(child, cases[k].state, "%s: the store's child row", cases[k].id);
		cr_expect_eq(row_state(&o, cases[k].id), child, "%s: the tree's row", cases[k].id);
		cr_assert_eq(store_entity_state(st, eid_of(st, cases[k].id), &one), STORE_OK);
		cr_expect_eq(one, child, "%s: the entity alone", cases[k].id);
		cr_assert_eq(detail_build(&d, st, eid_of(st, cases[k].id), 120), STORE_OK);
		cr_expect_eq(d.state, child, "%s: the detail", cases[k].id);
		expected = xasprintf("organisation · %s%s", cases[k].id, cases[k].said ? cases[k].said : "");
		cr_expect_str_eq(subtitle(&d), expected, "%s", cases[k].id);
		free(expected);
		detail_clear(&d);
	}
	outline_close(&o);
	child_list_clear(&children);
}

Test(entity_state, an_entity_not_in_the_model_has_none)
{
	enum entity_state state = ENTITY_CLOSED;

	cr_expect_eq(store_entity_state(st, 1 << 30, &state), STORE_NOT_FOUND);
	cr_expect_eq(state, ENTITY_OPEN);
}
