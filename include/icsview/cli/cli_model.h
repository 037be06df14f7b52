/* The command line's access to a model: opening the model a user names
 * through the model cache (model_cache.h: a database under the user's cache
 * directory, rebuilt only when the files change), and finding the entity a
 * user means.  The one place that decides where that database lives. */
#ifndef ICSVIEW_CLI_MODEL_H
#define ICSVIEW_CLI_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include "icsview/base/diag.h"
#include "icsview/loader/model_cache.h"
#include "icsview/store/store.h"

struct cli_model {
	struct store *store;
	struct model_cache_info cache;   /* hit or built, the database's path, … */
};

struct cli_model_options {
	bool rebuild;           /* --rebuild: build the cached database afresh */
	bool without_search;    /* the command looks up no name and applies no filter:
	                           the search index is not waited for (otherwise it is,
	                           built when it is not there yet) */
};

/* Opens the model made of `paths` (files or directories; with count 0 the
 * default model, model_default_path()) through the model cache, building
 * its database when the files changed.  The cache directory is
 * $ICSVIEW_CACHE_DIR, else $XDG_CACHE_HOME/icsview, else ~/.cache/icsview;
 * when none is usable the model is loaded into a scratch directory (removed
 * at close) and a warning says so.  On failure prints what went wrong on
 * stderr (every problem of an invalid model, as check does) and returns the
 * exit status: EXIT_INVALID or EXIT_IO.  opts may be NULL. */
int cli_open_model_with(const char *const *paths, size_t count,
                        const struct cli_model_options *opts, struct cli_model *model);
/* The two halves of cli_open_model(), for the interface, which opens the
 * model on another thread while it draws the build's progress (progress
 * may be NULL): the open, printing nothing, its problems in diags; then,
 * once the terminal is the shell's again, the warnings and problems
 * printed, diags freed, the model closed unless valid, and the exit
 * status returned (EXIT_OK, EXIT_INVALID, EXIT_IO; a cancelled build is
 * the caller's to handle before). */
enum load_result cli_open_model_quiet(const char *const *paths, size_t count,
                                     struct build_progress *progress, struct diag_list *diags,
                                     struct cli_model *model);
int cli_open_model_report(enum load_result rc, struct diag_list *diags, struct cli_model *model);
/* --progress: the commands print a build's progress on stderr whatever it
 * is (cli_progress.h), not only on a terminal and after half a second. */
void cli_progress_force(void);
/* cli_open_model_with() with default options. */
int cli_open_model(const char *const *paths, size_t count, struct cli_model *model);
/* What opening a model again found. */
enum cli_reopen {
	CLI_REOPEN_FAILED,      /* it cannot be loaded now: *problem says why */
	CLI_REOPEN_UNCHANGED,   /* its files did not change: nothing kept open */
	CLI_REOPEN_CHANGED,     /* its files changed: *fresh is the new model */
	CLI_REOPEN_REBUILT,     /* the cached database was damaged (store_damaged):
	                           removed, built again, *fresh */
};
/* For the interface's reload key: opens the model of `paths` again,
 * quietly, comparing it with `current`.  On CLI_REOPEN_FAILED, *problem
 * (caller frees) is the model's first problem, as `file:line:col:
 * message`, and how many more there are. */
enum cli_reopen cli_reopen_model(const char *const *paths, size_t count,
                                 struct cli_model *current, struct cli_model *fresh,
                                 char **problem);
/* Closes the store (and removes a scratch database).  Safe on a zeroed model. */
void cli_close_model(struct cli_model *model);
/* When reading the model found its cached database damaged: removes it
 * (the next run builds it again) and says so on stderr. */
void cli_discard_damaged(struct cli_model *model);

struct cli_paths;

/* What a subcommand does with the open model; `options` is its own. */
typedef int (*cli_model_fn)(struct store *st, const void *options);
/* The common shape of a subcommand that reads a model: ignore SIGPIPE (a
 * closed pipe ends it quietly), open the model, run `fn`, close.  When `fn`
 * fails (EXIT_IO) because the cached database turns out to be damaged, the
 * database is removed from the cache and stderr says so: the next run
 * builds it again.  Returns the exit status. */
int cli_run_on_model(const struct cli_paths *paths, const struct cli_model_options *model_opts,
                     cli_model_fn fn, const void *options);

/* Candidates listed when a name is ambiguous. */
#define CLI_MAX_CANDIDATES 50

/* The entity `text` names (resolve_text: id, code, name, words of a name).
 * Returns EXIT_OK with *out filled (entity_clear it), or prints on stderr
 * and returns EXIT_INVALID (nothing matches), EXIT_AMBIGUOUS (the
 * candidates, one `id<TAB>kind<TAB>name` a line) or EXIT_IO. */
int cli_find_entity(struct store *st, const char *text, struct entity *out);

/* Applies a --filter to the store (filter.h: filter_parse, filter_apply):
 * the walks over store_children_filtered_after then see only the matches
 * and their ancestors.  A filter that does not parse or does not fit the
 * model is reported on stderr as `icsview: COMMAND: filter: MESSAGE (at
 * column N)` and returns EXIT_USAGE; a database failure EXIT_IO; else
 * EXIT_OK. */
int cli_apply_filter(struct store *st, const char *command, const char *text);

/* Appends a path given with -m/--model. */
struct cli_paths {
	const char **items;
	size_t count, cap;
};
void cli_paths_add(struct cli_paths *paths, const char *path);
void cli_paths_free(struct cli_paths *paths);

#endif
