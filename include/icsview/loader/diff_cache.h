/* The diff cache: the comparison of two models' cached databases (what
 * `icsview diff` and `icsview --since` find, before any filter, as
 * query/diff.h's diff_encode writes it) kept in the model cache's
 * directory beside them, so that comparing the same two databases again
 * reads one file instead of both models.
 *
 * A comparison is named diff-<old key>-<new key>.cache after the content
 * keys of the two databases (model-<key>.db, model_cache.h), and used
 * only when its header names those keys and the build ids of the two
 * databases open now (store_build_id: a database rebuilt from the same
 * files, by --rebuild or because a file changed within its time's
 * granularity, is another build), and the bytes after it have the length
 * and checksum (64-bit FNV-1a over 8-byte words) the header gives.  What it holds is then
 * checked again as it is decoded (diff_decode).  Anything else (missing,
 * cut short, damaged, of another version, for other builds) is ignored,
 * and the comparison made again replaces it.
 *
 * Its hygiene is the model cache's: only a directory that is the user's
 * and that no one else may write to is used; the file is read without
 * following a link at its name and only when it is a regular file of the
 * user's that no one else may write; it is written to a temporary named
 * after the process (mode 0600, made without following a link, removed
 * if an ending signal comes; one a killed process left is removed by the
 * model cache's next open), synced and renamed into place.  A link planted
 * at its name is never followed: it is replaced.  When the model cache
 * removes old databases (model_cache_open), it removes the comparisons of
 * the databases no longer there and those as old as the databases
 * removed.  A read-only cache directory serves comparisons, keeps none.
 *
 * Nothing here prints: a comparison that cannot be kept is made again
 * next time. */
#ifndef ICSVIEW_DIFF_CACHE_H
#define ICSVIEW_DIFF_CACHE_H

#include <stddef.h>
#include "icsview/store/store.h"

/* The largest comparison kept, in bytes: a larger one is made each time. */
#define DIFF_CACHE_MAX_BYTES ((size_t)1 << 30)

struct diff_cache;

/* The place of the comparison of old_st with new_st; NULL when there is
 * none: either is not a database of the model cache (a scratch build, a
 * database opened from elsewhere), they are in different directories,
 * the directory is not the user's alone, or a build id cannot be read.
 * Both stores must stay open while it is used.  Free with diff_cache_close. */
struct diff_cache *diff_cache_open(struct store *old_st, struct store *new_st);
void diff_cache_close(struct diff_cache *c);

/* The bytes kept for these two databases, or NULL (caller frees); `cache`
 * is a struct diff_cache, so that these two serve as query/diff.h's
 * struct diff_keeper. */
char *diff_cache_read(void *cache, size_t *size);
/* Keeps bytes for them; a failure (a full disk) leaves nothing behind. */
void diff_cache_write(void *cache, const char *bytes, size_t size);

#endif
