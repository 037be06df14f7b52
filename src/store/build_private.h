/* What the files of the model database's build share: the writer, the
 * queues between its threads, and the functions each file offers the
 * others.
 *
 * The build runs on two threads: the loader (the caller's thread) reads the
 * YAML and hands each row to the writer, which packs it into a batch
 * (build_writer.c, build_records.h); full batches go through a short queue
 * (build_queue.c) to the SQLite thread, which inserts them with prepared
 * statements in one transaction (build_records.c).  The queue is bounded,
 * so memory stays flat however big the model is: a loader that gets ahead
 * waits.  Questions the loader asks while it reads (is this kind known? is
 * this relation declared differently?) are answered from the vocabulary the
 * writer keeps in memory (build_vocab.c), never from the database, so the
 * loader never waits for SQLite.  (The search index is built from the
 * database's rows once they are all in: search_build.c.)  When every file
 * is read the SQLite thread is joined and the rest of the build (fix-ups,
 * build_fixup.c; checks, indexes) runs on the caller's thread; finishing
 * syncs the files and moves them into place (build_files.c). */
#ifndef ICSVIEW_BUILD_PRIVATE_H
#define ICSVIEW_BUILD_PRIVATE_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>
#include <sqlite3.h>
#include "icsview/base/strmap.h"
#include "icsview/store/build_progress.h"
#include "icsview/store/store_build.h"
#include "build_records.h"

/* The fix-ups run on the caller's thread once the SQLite thread is done
 * (build_fixup.c), each prepared when first used. */
#define FIXUP_STATEMENTS(_) \
	_(fix_parent, "UPDATE entities SET parent=? WHERE eid=?") \
	_(fix_kind, "UPDATE entities SET kind_no=? WHERE eid=?") \
	_(add_undeclared_kind, "INSERT INTO kinds(kind_no, name, badge, core) VALUES(?,?,'',0)") \
	/* a link turned round (its relation written with the inverse name) is \
	 * now in its target's mapping: its lowest bit says so (store.c) */ \
	_(fix_link, "UPDATE links SET src=?1, rel_no=?2, dst=?3," \
	            " line_off = CASE WHEN ?1 = ?4 THEN line_off ELSE line_off | 1 END" \
	            " WHERE src=?4 AND rel_no=0 AND lid=?5") \
	_(fix_citation, "UPDATE citations SET source=? WHERE owner_type=? AND owner=? AND ord=?") \
	_(set_counts, "UPDATE entities SET n_children=?, n_linked=? WHERE eid=?") \
	/* the same index as the finished build's (store_index.c) */ \
	_(index_aka, "CREATE INDEX IF NOT EXISTS aka_by_value ON aka(value COLLATE NOCASE)") \
	/* an exact match first, then another case; the first entity loaded */ \
	_(code_owner, "SELECT e.id FROM aka a JOIN entities e ON e.eid = a.eid" \
	              " WHERE a.value = ?1 COLLATE NOCASE" \
	              " ORDER BY a.value = ?1 COLLATE BINARY DESC, e.eid LIMIT 1")

/* A bounded queue of batches from one producer to one consumer thread. */
struct queue {
	struct batch *current;          /* the producer's, being filled */
	pthread_mutex_t lock;
	pthread_cond_t filled, emptied;
	struct batch *head, *tail;      /* full batches, oldest first */
	size_t queued;
	struct batch *spare;            /* emptied batches, for reuse */
	size_t spare_count;
	bool closed;                    /* no more batches will come */
	atomic_bool aborted;            /* the consumer should stop */
};

/* The vocabulary, as the loader has declared it so far (core first). */
struct vocab_kind {
	char *name, *badge;
	struct position pos;        /* file_no -1: core */
};
struct vocab_relation {
	char *name, *inverse;
	bool secondary;
	struct position pos;
};

/* A kind or relation name used before any declaration of it was read. */
struct pending_name {
	bool kind;
	char *name;
	struct position pos;
};

/* An entity written before its kind was declared: its kind is stored as 0
 * until writer_fix_kinds. */
struct late_kind {
	int64_t eid;
	char *name;
};

struct store_writer {
	sqlite3 *db;
	struct build_progress *progress;   /* NULL: nobody watches */
	char *path;
	char *tmp_path;
	char *build_id;                 /* pairs the database with its search index
	                                 * (search_build.c copies it) */
	struct timespec started;        /* wall clock before any file was read: the
	                                 * database's date, for the cache's racy check */
	char *errmsg;                   /* writer_errmsg()'s text */
	bool aka_indexed;               /* writer_code_owner built aka_by_value */
	struct search_build *search;    /* the search index, started beside the indexes
	                                 * (progress->search_next), or NULL */
	sqlite3_stmt *insert[OP_COUNT]; /* each row record's statement */
#define DECLARE_STATEMENT(name, sql) sqlite3_stmt *name;
	FIXUP_STATEMENTS(DECLARE_STATEMENT)
#undef DECLARE_STATEMENT

	/* the loader's side */
	struct vocab_kind *kinds;
	size_t kind_count, kind_cap;
	struct vocab_relation *relations;
	size_t relation_count, relation_cap;
	struct strmap kind_names;       /* name -> index in kinds */
	struct strmap relation_names;   /* name -> index in relations; inverse -> -1 - index */
	struct pending_name *pending;
	size_t pending_count, pending_cap;
	struct late_kind *late_kinds;
	size_t late_kind_count, late_kind_cap;
	struct strmap fact_keys;        /* name -> key_no (from 1, numbered as first used) */
	struct strmap types;            /* name -> type_no (likewise) */

	/* the rows, to the SQLite thread */
	struct queue rows;
	pthread_t thread;
	bool running;

	pthread_mutex_t error_lock;
	atomic_bool failed;             /* a write failed: the rest is thrown away */
	char *error;                    /* why (the first failure) */
	int temporary_slot;             /* signals_add_temporary's */
};

/* build_writer.c */
/* Makes db's statements stop (SQLITE_INTERRUPT) once progress->cancel is
 * set; nothing without progress.  Before any thread uses db. */
void writer_watch_cancel(sqlite3 *db, struct build_progress *progress);
/* After each row: the batch goes when it is full.  Returns -1 once a
 * writing thread has failed, so that the loader stops reading. */
int record_done(struct store_writer *w);

/* build_queue.c */
void queue_init(struct queue *q);
void queue_destroy(struct queue *q);
/* Hands the current batch to the consumer, waiting while the queue is
 * full, and takes an empty one. */
void queue_hand_over(struct queue *q);
/* Hands over what is left, then tells the consumer that nothing more comes. */
void queue_close(struct queue *q);
/* The consumer's next batch; NULL once the queue is closed and empty. */
struct batch *queue_take(struct queue *q);
/* Gives an emptied batch back, for the producer to fill again. */
void queue_recycle(struct queue *q, struct batch *b);

/* build_records.c */
/* Binds text, or NULL. */
void build_bind_text(sqlite3_stmt *stmt, int index, const char *text);
/* Runs a bound insert or update and resets it for the next row: 0 or -1. */
int build_run(sqlite3_stmt *stmt);
/* Prepares each row record's statement: 0, or -1 with *error set. */
int records_prepare(struct store_writer *w, char **error);
/* Inserts every record of a batch: 0, or -1 (the error in the database)
 * at the first that fails. */
int records_replay(struct store_writer *w, const struct batch *b);
/* The SQLite thread: replays the rows' batches until their queue closes. */
void *records_thread(void *arg);

/* build_vocab.c */
void remember_kind(struct store_writer *w, const char *name, const char *badge,
                   struct position pos);
void remember_relation(struct store_writer *w, const char *name, const char *inverse,
                       bool secondary, struct position pos);
/* The number a kind is stored as: its place in the vocabulary, from 1 (the
 * kind_no of its row in kinds); 0 while it is not declared. */
int kind_code(const struct store_writer *w, const char *name);
/* The number a relation is stored as, by its name (not its inverse name):
 * as kind_code. */
int relation_code(const struct store_writer *w, const char *name);
/* Writes and remembers the core kinds and relations (store_writer_begin). */
int insert_core_vocabulary(struct store_writer *w);
void free_vocabulary(struct store_writer *w);

/* build_fixup.c */
void finalize_fixups(struct store_writer *w);

/* build_files.c */
/* The temporary name beside path a build writes to, registered to be
 * removed if the program is ended by a signal (*slot, for
 * signals_forget_temporary); whatever was at that name is removed.
 * Caller frees. */
char *start_temporary(const char *path, int *slot);
/* A random id the database's search index copies, so that a search index
 * is never used with a database it was not built from.  Caller frees. */
char *new_build_id(void);
/* Makes the file private to its owner and syncs it: 0, or -1 with *error. */
int sync_private(const char *path, char **error);
/* Copies the file `from` to a new file `to`, private to its owner (made
 * here, never through a link): 0, or -1 with *error (and `to` removed). */
int copy_private(const char *from, const char *to, char **error);
/* Starts writing the file's dirty pages to disk, without waiting. */
void start_writeback(const char *path);
/* Writes each file's real path into meta (after writer_drain): 0, or -1
 * with the reason in diags. */
int record_real_paths(struct store_writer *w, struct diag_list *diags);
/* Moves the database into place (see build_files.c): 0, or -1 with the
 * reason in diags. */
int move_into_place(struct store_writer *w, struct diag_list *diags);

#endif
