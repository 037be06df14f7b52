/* The search index's build from a database in place, or from the rows of
 * one still being built, on a thread of its own (search_build.c); the store
 * drives it (store_search_build, store_search_adopt, store.h). */
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
	char *rows_path;                /* a copy of the rows to read, removed once read;
	                                   NULL: the database in place is read */
	int rows_slot;                  /* signals_add_temporary's, for rows_path */
	pthread_mutex_t placed_lock;
	pthread_cond_t placed_cond;
	bool placed;                    /* the database is in place: the index may follow */
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
/* Starts building the search index of a database still being built at
 * `rows_path`, to go beside `db_path` once that is in place
 * (search_build_placed).  The rows committed there so far are copied first,
 * on the caller's thread, so that the caller can write on (the database's
 * indexes) while the thread reads the copy.  NULL with *error (caller
 * frees) when the copy or the thread cannot be made. */
struct search_build *search_build_start_beside(const char *db_path, const char *rows_path,
                                               char **error);
/* The database is in place: the index goes beside it once built (until
 * then it waits, so that the move of the database, which removes the index
 * of the one it replaces, never removes this one). */
void search_build_placed(struct search_build *b);
/* Whether the thread is done (never blocks). */
bool search_build_finished(const struct search_build *b);
/* How far it has gone, in thousandths; 1000 once finished. */
unsigned search_build_permille(const struct search_build *b);
/* Waits for the thread (cancel: stops it first, its file removed) and frees
 * b: 0 when the index was put in place, else -1 with *error when error is
 * not NULL (caller frees). */
int search_build_end(struct search_build *b, bool cancel, char **error);

#endif
