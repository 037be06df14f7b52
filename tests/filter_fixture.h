/* Shared by the filter tests that apply filters to a model (test_filter.c,
 * test_filter_eval.c, test_filter_steps.c): the store, st, with the test
 * models loaded (load_models, for the suite filter_models) or the bundled
 * data (load_bundled, for filter_data), each in a scratch directory of its
 * own; and the checks of the result a filter leaves in it. */
#ifndef ICSVIEW_TEST_FILTER_FIXTURE_H
#define ICSVIEW_TEST_FILTER_FIXTURE_H

#include <stddef.h>
#include <stdint.h>
#include "icsview/query/filter.h"
#include "icsview/store/store.h"

extern struct store *st;    /* the model the suite's tests filter */

void load_models(void);
void load_bundled(void);
void unload(void);

/* The single number `sql` selects from st. */
int64_t count_of(const char *sql);
/* The kept result is whole: every visible entity's parent is visible, and
 * every ancestor-only row has a visible child. */
void expect_closed_result(const char *text);
/* Applies a filter that must parse and fit the model. */
struct filter_result apply_ok(const char *text);
/* The children of `parent` under the filter, listed a page of one and of
 * three at a time: "id" for ancestors, "id*" for matches, "+" for
 * secondary, "/n" for n visible children. */
void expect_level(int64_t parent, const char *expected);

#endif
