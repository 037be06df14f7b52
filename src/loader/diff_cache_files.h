/* What the model cache (model_cache.c) does with the diff cache's files
 * (diff_cache.c) when it tidies the cache directory. */
#ifndef ICSVIEW_LOADER_DIFF_CACHE_FILES_H
#define ICSVIEW_LOADER_DIFF_CACHE_FILES_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* Exactly diff-<16 hex digits>-<16 hex digits>.cache. */
bool diff_cache_is_name(const char *name);
/* Removes from dir the comparisons (and nothing else) of a database no
 * longer there, and those last written before cutoff.  Returns how many. */
size_t diff_cache_remove_old(const char *dir, time_t cutoff);

#endif
