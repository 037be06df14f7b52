/* Shared by the unit tests: paths to the test models, scratch directories,
 * and loading a model into a real on-disk database. */
#ifndef ICSVIEW_TEST_HELPERS_H
#define ICSVIEW_TEST_HELPERS_H

#include "icsview/diag.h"
#include "icsview/limits.h"
#include "icsview/loader.h"
#include "icsview/store.h"

/* TEST_MODELS/<relative>; caller frees. */
char *model_path(const char *relative);
/* A new empty directory under TMPDIR; caller frees (and may remove it). */
char *scratch_dir(void);
void remove_tree(const char *path);
/* Writes text to dir/name; returns the path (caller frees). */
char *write_file(const char *dir, const char *name, const char *text);

/* Loads the named test models into dir/model.db and opens it. Fails the
 * test (with every diagnostic printed) if the model is not valid. */
struct store *load_valid(const char *dir, const char *const *relative, size_t count);
/* The row id of the entity with this id or code; fails the test if none. */
int64_t eid_of(struct store *st, const char *id);
/* Checks a model (no database kept) with the given limits (NULL: defaults). */
enum load_result check_paths(const char *const *paths, size_t count,
                             const struct load_limits *limits, struct diag_list *diags);

#endif
