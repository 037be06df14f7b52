/* The model cache: the database built from a model's YAML is kept under the
 * user's cache directory and opened directly on later starts while the
 * model's files are unchanged, so that a second start costs no load.
 *
 * The cache directory is, in order: the `dir` option; $ICSVIEW_CACHE_DIR
 * (for tests and unusual set-ups; it must be absolute); $XDG_CACHE_HOME/
 * icsview; $HOME/.cache/icsview, with the links in it resolved (realpath)
 * once it exists.  It is created with mode 0700, and used only when it belongs to
 * the user and no one else may write to it (a database planted there would
 * be opened as the model); databases are written with mode 0600.  When none
 * is usable the model is built in a scratch directory under $TMPDIR that
 * model_cache_close() removes, and info->scratch says so.  A directory that
 * is the user's but read-only is still searched for a database built
 * earlier; a build then goes to the scratch directory.
 *
 * A database is named model-<16 hex digits>.db after a 64-bit FNV-1a hash of
 * the schema version, the model format version, the icsview version and the
 * ordered list of model files (path as given, real path, size, mtime).  The
 * hash only names the file: a database is used only when it opens as a model
 * database of this schema version and the files table inside it lists
 * exactly the current files with the same sizes and modification times.
 * Anything else (missing, another schema version, not a database, changed
 * files, --rebuild, a database locked by another program or too damaged to
 * open) is rebuilt by model_load(), which writes a temporary file (named
 * after the pid), syncs it and renames it into place: an interrupted build
 * is never used, and concurrent builders each end with a valid database.
 * The temporaries of processes that ended without removing them (SIGKILL)
 * are removed at the next open, once a minute old.
 * Its search index, <name>-search, is built after it, from it, by the
 * store (store_search_build: the caller starts it, the tree need not
 * wait); a database is a hit without it, except in a cache directory that
 * cannot be written (no index could be built there), and an old database
 * is removed with it.  A new database removes the index of the one it
 * replaces.
 * When the cache directory cannot take the database (disk full, an I/O
 * error) the build is made again in a scratch directory, with
 * info->cache_problem saying why.  Damage that only shows when the
 * database is read is handled by model_cache_discard_damaged().
 * The comparisons that the diff cache keeps in the same directory
 * (diff_cache.h) are removed with the old databases.
 *
 * Nothing here prints: problems go to the caller's diagnostics. */
#ifndef ICSVIEW_MODEL_CACHE_H
#define ICSVIEW_MODEL_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include "icsview/base/diag.h"
#include "icsview/base/limits.h"
#include "icsview/loader/loader.h"
#include "icsview/store/build_progress.h"
#include "icsview/store/store.h"

/* Databases not rebuilt for this many days are removed after a build,
 * with the diff cache's comparisons as old or of databases gone. */
#define MODEL_CACHE_DEFAULT_MAX_AGE_DAYS 30

struct model_cache_options {
	const char *dir;                    /* NULL: as described above */
	bool rebuild;                       /* build even when the cache is valid */
	const struct load_limits *limits;   /* NULL: load_limits_default() */
	unsigned max_age_days;              /* 0: never remove old databases */
	struct build_progress *progress;    /* NULL, or where a build says how far it
	                                       has gone and may be cancelled
	                                       (build_progress.h; untouched on a hit) */
};

/* Why a database was built rather than reused. */
enum model_cache_reason {
	CACHE_REASON_NONE = 0,    /* a hit */
	CACHE_REASON_MISSING,     /* no database for these files yet */
	CACHE_REASON_FORCED,      /* options->rebuild */
	CACHE_REASON_UNUSABLE,    /* not a model database, another schema version,
	                             damaged or locked */
	CACHE_REASON_CHANGED,     /* its files table differs from the files now */
	CACHE_REASON_SCRATCH,     /* no cache directory: built in a scratch directory */
};

struct model_cache_info {
	bool hit;                   /* opened an existing database */
	bool scratch;               /* built in a scratch directory, removed at close */
	enum model_cache_reason reason;
	char *db_path;              /* the database opened */
	char *cache_dir;            /* the cache directory tried (NULL if none) */
	char *cache_problem;        /* why the cache directory could not be written
	                               (with scratch, or a hit in a read-only one) */
	double build_seconds;       /* time spent in model_load(); 0 on a hit */
	struct load_summary summary;   /* of the build; zero on a hit */
	size_t removed;             /* old databases removed after the build */
	char *scratch_dir;          /* private: removed by model_cache_close() */
	int scratch_slots[3];       /* private, with scratch: the scratch directory, its
	                               database and search index, registered to be removed
	                               if an ending signal comes (signals.h) */
};

/* Opens the model made of `paths` (files or directories, as for
 * model_load(); with count 0 the default model, model_default_path())
 * through the cache, building its database when needed.  A path that names
 * no model files is never a hit: the build reports it.
 * opts may be NULL (defaults).  Returns LOAD_VALID with *out open and info
 * filled; LOAD_INVALID (the model's problems in diags) or LOAD_FAILED
 * (an I/O problem, in diags) with *out NULL and no database left behind;
 * LOAD_CANCELLED when opts->progress's cancel stopped a build (nothing
 * left behind, nothing in diags).
 * In every case info must be released with model_cache_close(). */
enum load_result model_cache_open(const char *const *paths, size_t count,
                                  const struct model_cache_options *opts,
                                  struct diag_list *diags, struct store **out,
                                  struct model_cache_info *info);

/* Closes the store (may be NULL), removes a scratch build and frees info.
 * Safe on a zeroed info. */
void model_cache_close(struct store *st, struct model_cache_info *info);

/* After a read from the opened database failed: when SQLite found the
 * database damaged (SQLITE_CORRUPT, SQLITE_NOTADB), removes it from the
 * cache, so that the next open rebuilds it instead of failing again, and
 * returns true.  False for any other failure, and for a scratch build. */
bool model_cache_discard_damaged(struct store *st, struct model_cache_info *info);

#endif
