/* Shared by the tests of --since (test_since.c, test_since_removed.c): the
 * model tests/models/diff-old and a later diff-NAME, each loaded into a
 * scratch directory of its own, and compared as the interface compares
 * them (since_open). */
#ifndef ICSVIEW_TEST_SINCE_FIXTURE_H
#define ICSVIEW_TEST_SINCE_FIXTURE_H

#include "icsview/query/since.h"
#include "icsview/store/store.h"

struct since_models {
	char *old_dir, *new_dir;
	struct store *old_st, *new_st;
	struct since *since;
};

/* Loads diff-old and diff-NAME and compares them; fails the test if
 * either cannot be loaded or compared. */
void since_models_open(struct since_models *m, const char *name);
/* Frees the comparison, closes both stores and removes their directories. */
void since_models_close(struct since_models *m);

#endif
