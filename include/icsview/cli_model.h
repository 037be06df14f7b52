/* The command line's access to a model: loading the model a user names
 * into a database the query layer reads, and finding the entity a user
 * means.  The one place that decides where that database lives (for now a
 * scratch directory per run; later a cache keyed by the files' content). */
#ifndef ICSVIEW_CLI_MODEL_H
#define ICSVIEW_CLI_MODEL_H

#include <stddef.h>
#include "icsview/store.h"

struct cli_model {
	struct store *store;
	char *dir;              /* scratch directory holding the database */
	char *db_path;
};

/* Loads the model made of `paths` (files or directories; with count 0 the
 * default model, model_default_path()) and opens it.  On failure prints
 * what went wrong on stderr (every problem of an invalid model, as check
 * does) and returns the exit status: EXIT_INVALID or EXIT_IO. */
int cli_open_model(const char *const *paths, size_t count, struct cli_model *model);
/* Closes the store and removes the database.  Safe on a zeroed model. */
void cli_close_model(struct cli_model *model);

/* Candidates listed when a name is ambiguous. */
#define CLI_MAX_CANDIDATES 50

/* The entity `text` names (store_lookup: id, code, name, part of a name).
 * Returns EXIT_OK with *out filled (entity_clear it), or prints on stderr
 * and returns EXIT_INVALID (nothing matches), EXIT_AMBIGUOUS (the
 * candidates, one `id<TAB>kind<TAB>name` a line) or EXIT_IO. */
int cli_find_entity(struct store *st, const char *text, struct entity *out);

/* Appends a path given with -m/--model. */
struct cli_paths {
	const char **items;
	size_t count, cap;
};
void cli_paths_add(struct cli_paths *paths, const char *path);
void cli_paths_free(struct cli_paths *paths);

/* Reports a getopt_long failure (its optstring starts with ':') as one
 * line, `icsview: COMMAND: ...`, and returns EXIT_USAGE. */
int cli_option_error(const char *command, int opt, char *const *argv);

/* The subcommands that read a model (cmd_show.c, cmd_tree.c); declared
 * here rather than in cli.h while cli.h is being changed elsewhere. */
int cmd_show(int argc, char **argv);
int cmd_tree(int argc, char **argv);

#endif
