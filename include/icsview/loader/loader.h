/* The model loader: reads the YAML files of a model as a stream of events
 * (no document tree is built), checks them against the model format and
 * hands every row to the store writer.  Problems are reported with their
 * file, line and column; a model with any problem is never kept. */
#ifndef ICSVIEW_LOADER_H
#define ICSVIEW_LOADER_H

#include <stddef.h>
#include "icsview/base/diag.h"
#include "icsview/base/limits.h"

struct load_summary {
	size_t files, entities, links, sources;
};

enum load_result {
	LOAD_VALID = 0,
	LOAD_INVALID = 1,      /* the model has problems: see diags */
	LOAD_FAILED = -1,      /* the database could not be written: see diags */
	LOAD_CANCELLED = 2,    /* build_progress's cancel was set: nothing kept */
};

/* A new private directory under $TMPDIR named PREFIX-XXXXXX (mkdtemp: a
 * name no one can guess, so no one can plant a link there for a build to
 * write through); NULL with the reason in diags.  Caller frees.  It is
 * registered to be removed if an ending signal comes (signals.h), in
 * *slot (-1 when it is not), which the caller forgets once it has
 * removed it. */
char *load_scratch_dir(const char *prefix, int *slot, struct diag_list *diags);

/* Loads the model made of `paths` (files or directories).  With a db_path,
 * a valid model's database is moved there (atomically); without one the
 * model is only checked.  summary may be NULL. */
enum load_result model_load(const char *const *paths, size_t count, const char *db_path,
                            const struct load_limits *limits, struct diag_list *diags,
                            struct load_summary *summary);

/* model_load(), saying how far it has gone in *progress (may be NULL;
 * build_progress.h), whose phase is BUILD_PHASE_DONE when it returns.
 * Once progress->cancel is set the build stops, removes what it wrote and
 * returns LOAD_CANCELLED (unless it had already ended otherwise). */
struct build_progress;
enum load_result model_load_watched(const char *const *paths, size_t count, const char *db_path,
                                    const struct load_limits *limits,
                                    struct build_progress *progress, struct diag_list *diags,
                                    struct load_summary *summary);

#endif
