/* Turns the paths a user names (files or directories) into the ordered list
 * of YAML files that make up one model. */
#ifndef ICSVIEW_MODEL_FILES_H
#define ICSVIEW_MODEL_FILES_H

#include <stddef.h>
#include <stdint.h>
#include "icsview/base/diag.h"

struct model_file {
	char *path;
	uint64_t size;
	int64_t mtime_ns;
	uint64_t device, inode;   /* a file named twice is loaded once */
};

struct model_files {
	struct model_file *items;
	size_t count, cap;
};

/* Appends the files under each path: a file as named, a directory's *.yaml
 * and *.yml files recursively in byte order of path, hidden entries skipped.
 * Unreadable paths and directories without models are reported in diags.
 * Returns the number of problems found (0 on success). */
int model_files_collect(struct model_files *files, const char *const *paths, size_t count,
                        struct diag_list *diags);
void model_files_free(struct model_files *files);

/* The model to load when none is named: $ICSVIEW_MODEL; else, for an
 * executable in the build directory it was built in, the data/ of that
 * build's source tree (which the build directory's file source-data names);
 * else the installed data directory (collecting it when it does
 * not exist says how to name a model).  Returns a static string. */
const char *model_default_path(void);

#endif
