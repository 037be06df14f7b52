/* How far a model's build has gone, for a watcher on another thread: the
 * loader and the store's writer store into it as they work (cheaply: a
 * relaxed atomic store every BUILD_PROGRESS_EVERY events, one per block of
 * bytes read), the interface or a command reads it to draw a progress
 * screen or line, and sets `cancel` to stop the build, which then ends as
 * LOAD_CANCELLED with its temporary files removed.
 *
 * The watcher owns the struct; it must outlive the build.  Zeroed
 * (BUILD_PROGRESS_INIT) before the build starts. */
#ifndef ICSVIEW_BUILD_PROGRESS_H
#define ICSVIEW_BUILD_PROGRESS_H

#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include "icsview/base/model_files.h"

struct search_build;

/* The loader publishes its counts once every this many events. */
#define BUILD_PROGRESS_EVERY 256

enum build_phase {
	BUILD_PHASE_NONE = 0,       /* no build (yet): a cached database is opened */
	BUILD_PHASE_READING,        /* reading the YAML files */
	BUILD_PHASE_CHECKING,       /* the whole model's checks, once every file is read */
	BUILD_PHASE_INDEXING,       /* the database's indexes */
	BUILD_PHASE_SEARCH,         /* the search index */
	BUILD_PHASE_DONE,           /* the build ended (built, invalid, failed or cancelled) */
};

struct build_progress {
	atomic_int phase;                  /* enum build_phase */
	pthread_mutex_t file_lock;         /* over file */
	char file[PATH_MAX];               /* the file being read: build_progress_file */
	atomic_size_t file_no, files;      /* which file (from 0) of how many */
	atomic_size_t bytes_read;          /* of every file so far */
	atomic_size_t bytes_total;         /* the size of every file */
	atomic_size_t entities, links;
	atomic_bool cancel;                /* set by the watcher: stop the build */
	/* the walk of the model's directories, before the build (and before
	 * a cached database is found): model_files_watch(&walk) */
	struct model_walk walk;
	atomic_uint search_permille;       /* BUILD_PHASE_SEARCH: how far, in thousandths
	                                      (the index is built after the database) */
	/* Set before the build by a watcher that searches next: the build
	 * then starts the search index as soon as its rows are in, beside the
	 * database's own indexes, and leaves that build here for the store
	 * opened on the database to take over (store_search_adopt), on the
	 * thread that ran the build. */
	bool search_next;
	struct search_build *search_build;
};

#define BUILD_PROGRESS_INIT { .file_lock = PTHREAD_MUTEX_INITIALIZER, .walk = MODEL_WALK_INIT }

/* The file being read now: set by the loader as it opens each one, copied
 * out by the watcher into buf (size bytes; "" before the first). */
void build_progress_set_file(struct build_progress *p, const char *path);
void build_progress_file(struct build_progress *p, char *buf, size_t size);

static inline void build_progress_phase(struct build_progress *p, enum build_phase phase)
{
	if (p)
		atomic_store_explicit(&p->phase, (int)phase, memory_order_release);
}

static inline enum build_phase build_progress_phase_now(struct build_progress *p)
{
	return (enum build_phase)atomic_load_explicit(&p->phase, memory_order_acquire);
}

static inline void build_progress_add_bytes(struct build_progress *p, size_t n)
{
	if (p)
		atomic_fetch_add_explicit(&p->bytes_read, n, memory_order_relaxed);
}

static inline bool build_progress_cancelled(struct build_progress *p)
{
	return p && atomic_load_explicit(&p->cancel, memory_order_relaxed);
}

/* Stops the build, and the walk of its directories if one is under way. */
static inline void build_progress_cancel(struct build_progress *p)
{
	atomic_store_explicit(&p->walk.cancel, true, memory_order_relaxed);
	atomic_store_explicit(&p->cancel, true, memory_order_relaxed);
}

/* What a watcher shows, read at one moment. */
struct build_progress_view {
	enum build_phase phase;
	char file[PATH_MAX];
	size_t file_no, files;
	size_t entities, links;
	unsigned permille;          /* of the bytes read; 1000 once reading ended;
	                               of the search index in its phase */
	double elapsed;             /* seconds since the watcher saw the build start */
	double left;                /* seconds still to read, estimated; -1: unknown */
	bool walking;               /* the model's directories are being walked */
	size_t walk_files, walk_dirs;
	char walk_dir[PATH_MAX];    /* the directory being read */
};

/* Reads *p into *out; elapsed is the watcher's own measure. */
void build_progress_snapshot(struct build_progress *p, double elapsed,
                             struct build_progress_view *out);
/* "reading", "indexing", "search index", ... */
const char *build_phase_name(enum build_phase phase);

#endif
