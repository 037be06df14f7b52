/* Shared by the unit tests: paths to the test models, scratch directories,
 * and loading a model into a real on-disk database. */
#ifndef ICSVIEW_TEST_HELPERS_H
#define ICSVIEW_TEST_HELPERS_H

#include "icsview/base/diag.h"
#include "icsview/base/limits.h"
#include "icsview/loader/loader.h"
#include "icsview/store/store.h"

/* TEST_MODELS/<relative> (an absolute path as it is); caller frees. */
char *model_path(const char *relative);
struct notes;
/* The notes file at `path` for the test model `relative` as the interface
 * files its notes (the model key is the model file's canonical path),
 * opened as `user`; fails the test if it cannot be opened. */
struct notes *open_model_notes(const char *path, const char *relative, const char *user);
/* A new empty directory under TMPDIR; caller frees (and may remove it). */
char *scratch_dir(void);
void remove_tree(const char *path);
/* Writes text to dir/name; returns the path (caller frees). */
char *write_file(const char *dir, const char *name, const char *text);

/* Every reference in the built database at db_path resolves (PRAGMA
 * foreign_key_check), which the build leaves to the tests. */
void expect_references_resolve(const char *db_path);
/* Loads the model files at these paths into dir/model.db, checks its
 * references and opens it.  Fails the test (with every diagnostic
 * printed) if the model is not valid. */
struct store *load_paths(const char *dir, const char *const *paths, size_t count);
/* The same for the named test models (tests/models/...). */
struct store *load_valid(const char *dir, const char *const *relative, size_t count);
/* The row id of the entity with this id or code; fails the test if none. */
int64_t eid_of(struct store *st, const char *id);
/* Closes a store from load_valid and removes its scratch directory (and
 * frees its name). */
void unload_model(struct store *st, char *dir);
/* The bundled data (the ICSVIEW_DATA meson test sets), loaded whole as the
 * default model is, in a new scratch directory (*dir; unload_model). */
struct store *load_bundled_data(char **dir);
/* Checks a model (no database kept) with the given limits (NULL: defaults). */
enum load_result check_paths(const char *const *paths, size_t count,
                             const struct load_limits *limits, struct diag_list *diags);

/* The real binary, run through the shell from TEST_MODELS (so that model
 * paths are relative to it) with stdin from /dev/null. */
struct run {
	int status;             /* exit status */
	char *out;              /* stdout */
	char *err;              /* stderr */
};
/* Runs `ENV icsview ARGS`: env is variable assignments for the shell
 * ("" for none); args are shell words (test constants, quoted as needed). */
struct run run_icsview_env(const char *env, const char *args);
struct run run_icsview(const char *args);
void run_free(struct run *r);
/* A whole file; caller frees.  slurp_bytes also gives its size, for a
 * file that may hold NULs (an SQLite database). */
char *slurp(const char *path);
char *slurp_bytes(const char *path, size_t *size);

/* Compares text line by line, naming the first line that differs;
 * expect_head compares only as many lines as expected has. */
void expect_lines(const char *actual, const char *expected);
void expect_head(const char *actual, const char *expected);
/* Compares text with the golden file TEST_GOLDEN/relative (tests/golden/),
 * failing with `diff -u GOLDEN ACTUAL` when they differ.  With
 * ICSVIEW_UPDATE_GOLDEN=1 in the environment it writes the file instead,
 * for a deliberate change (which the file's own diff then shows). */
void expect_golden(const char *relative, const char *actual);
/* Runs `icsview ARGS` (which must exit 0 with nothing on stderr) and a
 * python3 script on the JSON it writes, loaded as `d`: each line of checks
 * is a Python expression that must hold. */
void check_json(const char *args, const char *checks);
/* A copy of text with every time as notes record it (2024-05-01T12:34:56Z)
 * replaced by TIME, for comparing output made at any moment.  Caller
 * frees. */
char *times_replaced(const char *text);

/* Model options for the test models, relative to TEST_MODELS. */
#define NESTED "-m good/nested.yaml"
#define BOTH "-m good/nested.yaml -m good/explicit-parent.yaml"

#endif
