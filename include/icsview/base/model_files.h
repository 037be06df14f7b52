/* Turns the paths a user names (files or directories) into the ordered list
 * of YAML files that make up one model. */
#ifndef ICSVIEW_MODEL_FILES_H
#define ICSVIEW_MODEL_FILES_H

#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
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

/* How far a walk of the directories a user names has gone, for a watcher
 * on another thread (the progress screen, the progress line): a tree of
 * very many directories takes long to walk before any file is read.  The
 * watcher owns it and sets `cancel` to stop the walk. */
struct model_walk {
	atomic_size_t files, dirs;      /* YAML files found, directories read: by
	                                   the walk under way (each starts at 0) */
	atomic_bool walking;            /* a walk is under way */
	pthread_mutex_t dir_lock;       /* over dir */
	char dir[PATH_MAX];             /* the directory being read */
	atomic_bool cancel;
};
#define MODEL_WALK_INIT { .dir_lock = PTHREAD_MUTEX_INITIALIZER }

/* Every walk of the process publishes into *walk from now on, and stops
 * when its cancel is set (NULL: none watched).  The process's, not a
 * walk's argument: the walks happen deep inside opening a model (the
 * cache's key, then the load), which hand no watcher down to them. */
void model_files_watch(struct model_walk *walk);
/* The directory being read, copied into buf ("" before the first). */
void model_walk_dir(struct model_walk *walk, char *buf, size_t size);

/* Appends the files under each path: a file as named, a directory's *.yaml
 * and *.yml files recursively in byte order of path, hidden entries skipped.
 * Unreadable paths and directories without models are reported in diags,
 * and so is a walk cancelled through model_files_watch (what it found so
 * far is kept).  Returns the number of problems found (0 on success). */
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
