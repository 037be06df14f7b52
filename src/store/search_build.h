/* The search index's build from a database in place, on a thread of its own
 * (search_build.c); the store drives it (store_search_build, store.h). */
#ifndef ICSVIEW_SEARCH_BUILD_H
#define ICSVIEW_SEARCH_BUILD_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

struct search_build {
	pthread_t thread;
	char *db_path, *search_path, *tmp_path;
	int slot;                       /* signals_add_temporary's, for tmp_path */
	atomic_bool cancel;             /* set: the thread stops at its next check */
	atomic_bool finished;           /* the thread's work is over: b->rc says how */
	atomic_llong at, total;         /* the entity reached, of how many */
	int rc;                         /* 0: the index is in place */
	char *error;                    /* why not */
	char *gate;                     /* ICSVIEW_SEARCH_GATE's file, or NULL */
};

/* Starts building `db_path`-search.  NULL with *error (caller frees) when
 * the thread cannot start. */
struct search_build *search_build_start(const char *db_path, char **error);
/* Whether the thread is done (never blocks). */
bool search_build_finished(const struct search_build *b);
/* How far it has gone, in thousandths; 1000 once finished. */
unsigned search_build_permille(const struct search_build *b);
/* Waits for the thread (cancel: stops it first, its file removed) and frees
 * b: 0 when the index was put in place, else -1 with *error when error is
 * not NULL (caller frees). */
int search_build_end(struct search_build *b, bool cancel, char **error);

#endif
