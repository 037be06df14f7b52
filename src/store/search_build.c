/* The search index built from a database, on a thread with connections of
 * its own (store_search_build, store.h).
 *
 * A database is moved into place as soon as what browsing needs is in it;
 * its search index, `<database>-search`, comes later: this thread reads
 * the documents back from the database (the same texts the loader would
 * have sent: name, aka, facts, text) into one bulk insert in rowid order,
 * writes them to a temporary file, syncs it and renames it into place.  A
 * build whose caller will search next starts it earlier, beside the
 * database's own indexes (search_build_start_beside): the rows are
 * committed, copied (the thread reads the copy while the database is
 * written on) and the index waits for its database to be in place before
 * it follows.  A half-built index is never used: it only ever exists under
 * its temporary name, which a signal's handler removes, and which the
 * cache removes once its process has gone (SIGKILL), as it does the copy
 * of the rows.  The index carries the build id it read from the database,
 * so an index built from a database replaced meanwhile is never attached
 * to another. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/syscall.h>
#endif
#include "icsview/base/paths.h"
#include "icsview/base/signals.h"
#include "icsview/base/util.h"
#include "build_private.h"
#include "search_build.h"
#include "store_private.h"

/* The statements check for a cancel every this many virtual machine steps. */
#define CANCEL_CHECK_INSTRUCTIONS 10000

/* The documents: the name, the aka, the facts and the text
 * (STORE_SEARCH_DOC_*); tests/test_build.c checks every term's place
 * against golden dumps.  Each column passes through with_initials, which
 * writes the first characters of its words to `initials` (store.c) as
 * they go by, then the entities of each initial are counted
 * (initial_docs).  search_tick publishes how far it got. */
static const char fill_sql[] =
	"INSERT INTO search(rowid, name, aka, facts, text)"
	" SELECT e.eid, with_initials(e.eid, e.name),"
	"  with_initials(e.eid, " STORE_SEARCH_DOC_AKA("m.") "),"
	"  with_initials(e.eid, " STORE_SEARCH_DOC_FACTS("m.") "), with_initials(e.eid, e.text)"
	" FROM m.entities e WHERE search_tick(e.eid) ORDER BY e.eid";
static const char count_initials_sql[] =
	"CREATE VIRTUAL TABLE temp.initial_vocab USING fts5vocab(main, initials, 'row');"
	"INSERT INTO initial_docs(initial, docs) SELECT term, doc FROM temp.initial_vocab;"
	"DROP TABLE temp.initial_vocab";

/* No journal and no syncs while it is written (a temporary file, synced
 * once whole); FTS5 merges segments as documents go in, and
 * incremental_vacuum gives the pages they freed back before the commit
 * (auto_vacuum must be set before the first table is made). */
static const char index_pragmas[] =
	"PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA temp_store=FILE;"
	"PRAGMA cache_size=-1024; PRAGMA auto_vacuum=INCREMENTAL;";

static unsigned build_counter;
static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;

/* "file:" and the path with every byte but the plainest escaped, for
 * ATTACH with ?mode=ro.  Caller frees. */
static char *file_uri(const char *path)
{
	struct strbuf sb = STRBUF_INIT;

	sb_puts(&sb, "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    *p == '/' || *p == '.' || *p == '_' || *p == '-')
			sb_putc(&sb, (char)*p);
		else
			sb_printf(&sb, "%%%02X", *p);
	}
	sb_puts(&sb, "?mode=ro");
	return sb_detach(&sb);
}

static int cancel_requested(void *arg)
{
	struct search_build *b = arg;

	return atomic_load_explicit(&b->cancel, memory_order_relaxed);
}

static void search_tick(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct search_build *b = sqlite3_user_data(ctx);

	(void)argc;
	atomic_store_explicit(&b->at, sqlite3_value_int64(argv[0]), memory_order_relaxed);
	sqlite3_result_int(ctx, 1);
}

/* One integer from a statement without parameters: 0 or -1. */
static int read_int64(sqlite3 *db, const char *sql, int64_t *out)
{
	sqlite3_stmt *stmt = store_prepare(db, sql);
	int rc = -1;

	if (stmt && sqlite3_step(stmt) == SQLITE_ROW) {
		*out = sqlite3_column_int64(stmt, 0);
		rc = 0;
	}
	sqlite3_finalize(stmt);
	return rc;
}

static int attach_model(struct search_build *b, sqlite3 *db)
{
	char *uri = file_uri(b->rows_path ? b->rows_path : b->db_path);
	sqlite3_stmt *stmt = store_prepare(db, "ATTACH ?1 AS m");
	int rc = -1;

	if (stmt) {
		sqlite3_bind_text(stmt, 1, uri, -1, SQLITE_STATIC);
		rc = sqlite3_step(stmt) == SQLITE_DONE ? 0 : -1;
	}
	sqlite3_finalize(stmt);
	free(uri);
	return rc;
}

/* The index's meta row: the build id of the database read, in the same
 * transaction as the documents (one snapshot of one build). */
static int copy_build_id(sqlite3 *db)
{
	sqlite3_stmt *stmt = store_prepare(db, "INSERT INTO main.meta(key, value)"
	                                       " SELECT 'build', value FROM m.meta WHERE key = 'build'");
	int rc = stmt && sqlite3_step(stmt) == SQLITE_DONE && sqlite3_changes(db) == 1 ? 0 : -1;

	sqlite3_finalize(stmt);
	return rc;
}

/* The documents and their initials (fill_sql), then the initials
 * counted: 0, or -1 with b->error. */
static int fill_documents(struct search_build *b, sqlite3 *db, struct initials_writer *w)
{
	if (store_exec(db, fill_sql, &b->error) != 0)
		return -1;
	if (store_initials_writer_end(w, true) != 0) {
		b->error = store_error_text(db, 0);
		return -1;
	}
	return store_exec(db, count_initials_sql, &b->error);
}

/* Fills the temporary file: 0, or -1 with b->error. */
static int fill(struct search_build *b, sqlite3 *db)
{
	struct initials_writer *w = NULL;
	int64_t total = 0;
	int rc;

	sqlite3_progress_handler(db, CANCEL_CHECK_INSTRUCTIONS, cancel_requested, b);
	if (store_exec(db, index_pragmas, &b->error) != 0 ||
	    store_create_search_schema(db, &b->error) != 0)
		return -1;
	/* the rows are read once, in order: a small cache for them keeps the
	 * build's memory down while the database's indexes are built beside it */
	if (attach_model(b, db) != 0 || store_exec(db, "PRAGMA m.cache_size=-256", NULL) != 0 ||
	    sqlite3_create_function(db, "search_tick", 1, SQLITE_UTF8, b, search_tick, NULL, NULL) !=
	        SQLITE_OK || !(w = store_initials_writer(db)) ||
	    store_exec(db, "BEGIN", NULL) != 0 ||
	    read_int64(db, "SELECT coalesce(max(eid), 0) FROM m.entities", &total) != 0 ||
	    copy_build_id(db) != 0) {
		b->error = store_error_text(db, 0);
		if (w)
			store_initials_writer_end(w, false);
		return -1;
	}
	atomic_store(&b->total, total);
	rc = fill_documents(b, db, w);
	/* its statement finalized, whatever happened: the connection closes */
	store_initials_writer_end(w, false);
	if (rc != 0)
		return -1;
	return store_exec(db, "PRAGMA incremental_vacuum; COMMIT", &b->error);
}

/* Waits until the database is in place: false when cancelled first. */
static bool wait_until_placed(struct search_build *b)
{
	bool placed;

	pthread_mutex_lock(&b->placed_lock);
	while (!b->placed && !cancel_requested(b))
		pthread_cond_wait(&b->placed_cond, &b->placed_lock);
	placed = b->placed && !cancel_requested(b);
	pthread_mutex_unlock(&b->placed_lock);
	return placed;
}

/* Renames the finished index into place, under the directory's lock as a
 * build moves its pair (build_files.c), once its database is there. */
static int move_in(struct search_build *b)
{
	int lock, rc = 0;

	if (!wait_until_placed(b)) {
		b->error = xstrdup("the search index's build was stopped");
		return -1;
	}
	lock = dir_lock(b->db_path, LOCK_EX);

	if (rename(b->tmp_path, b->search_path) != 0) {
		b->error = xasprintf("cannot move the search index into place: %s", strerror(errno));
		rc = -1;
	}
	dir_unlock(lock);
	return rc;
}

/* ICSVIEW_SEARCH_GATE=FILE, a test hook: the build starts only once FILE
 * exists, so that the interface's tests see the index being built for as
 * long as they need.  Unset: no wait. */
#define GATE_POLL_NS 10000000L

static void wait_for_gate(struct search_build *b)
{
	struct timespec poll = { 0, GATE_POLL_NS };

	while (b->gate && access(b->gate, F_OK) != 0 && !cancel_requested(b))
		nanosleep(&poll, NULL);
}

/* A build beside the database's indexes yields to them when the two want
 * one core: the first screen waits for the indexes, not for the search
 * index.  Measured at 250,000 entities on a busy machine: the indexes take
 * as long as with no build beside them (1.31-1.34 s against 1.27-1.35),
 * where at the same priority they took 1.52-1.76 s.  Linux gives each
 * thread its own nice value (this one's, raised by BESIDE_NICE over the
 * process's); elsewhere the thread keeps the process's. */
#define BESIDE_NICE 5

static void yield_to_the_indexes(void)
{
#ifdef __linux__
	id_t self = (id_t)syscall(SYS_gettid);
	int now;

	errno = 0;
	now = getpriority(PRIO_PROCESS, self);
	if (errno == 0)
		(void)setpriority(PRIO_PROCESS, self, now + BESIDE_NICE);
#endif
}

static void *build_thread(void *arg)
{
	struct search_build *b = arg;
	sqlite3 *db = NULL;
	int rc = -1;

	if (b->rows_path)
		yield_to_the_indexes();
	wait_for_gate(b);
	if (cancel_requested(b))
		b->error = xstrdup("the search index's build was stopped");
	else if (sqlite3_open_v2(b->tmp_path, &db,
	                    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOFOLLOW |
	                    SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI,
	                    NULL) != SQLITE_OK)
		b->error = xasprintf("%s: cannot create search index: %s", b->tmp_path,
		                     db ? sqlite3_errmsg(db) : "out of memory");
	else
		rc = fill(b, db);
	if (sqlite3_close(db) != SQLITE_OK && rc == 0) {
		b->error = xstrdup("cannot close the search index");
		rc = -1;
	}
	/* the copy of the rows is read: its disk space goes back at once */
	if (b->rows_path)
		unlink(b->rows_path);
	if (rc == 0)
		rc = sync_private(b->tmp_path, &b->error);
	if (rc == 0)
		rc = move_in(b);
	if (rc != 0)
		unlink(b->tmp_path);
	b->rc = rc;
	atomic_store_explicit(&b->finished, true, memory_order_release);
	return NULL;
}

/* A new build of db_path's index, not started; beside: one that reads a
 * copy of the rows of the database being built (rows_path, named here). */
static struct search_build *search_build_new(const char *db_path, bool beside)
{
	struct search_build *b = xcalloc(1, sizeof(*b));
	unsigned n;
	int fd;

	pthread_mutex_lock(&counter_lock);
	n = build_counter++;
	pthread_mutex_unlock(&counter_lock);
	b->db_path = xstrdup(db_path);
	b->search_path = xasprintf("%s-search", db_path);
	/* NAME.tmp-PID-N: two builds of one process (a reload) never share a
	 * file; the cache knows the name as a build's temporary */
	b->tmp_path = xasprintf("%s.tmp-%ld-%u", b->search_path, (long)getpid(), n);
	b->slot = signals_add_temporary(b->tmp_path);
	/* the copy of the rows as DATABASE.tmp-PID-N: a name the cache knows too */
	b->rows_path = beside ? xasprintf("%s.tmp-%ld-%u", db_path, (long)getpid(), n) : NULL;
	b->rows_slot = beside ? signals_add_temporary(b->rows_path) : -1;
	/* made here, 0600 from the start (made by SQLite it would be readable
	 * by all until synced) */
	fd = open(b->tmp_path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, S_IRUSR | S_IWUSR);
	if (fd >= 0)
		close(fd);
	b->gate = getenv("ICSVIEW_SEARCH_GATE") && *getenv("ICSVIEW_SEARCH_GATE")
	          ? xstrdup(getenv("ICSVIEW_SEARCH_GATE")) : NULL;
	atomic_init(&b->cancel, false);
	atomic_init(&b->finished, false);
	pthread_mutex_init(&b->placed_lock, NULL);
	pthread_cond_init(&b->placed_cond, NULL);
	b->placed = !beside;
	return b;
}

static void search_build_free(struct search_build *b)
{
	unlink(b->tmp_path);
	if (b->rows_path)
		unlink(b->rows_path);
	signals_forget_temporary(b->slot);
	signals_forget_temporary(b->rows_slot);
	pthread_mutex_destroy(&b->placed_lock);
	pthread_cond_destroy(&b->placed_cond);
	free(b->db_path);
	free(b->search_path);
	free(b->tmp_path);
	free(b->rows_path);
	free(b->error);
	free(b->gate);
	free(b);
}

/* Starts b's thread: b, or NULL with *error (b freed). */
static struct search_build *search_build_run(struct search_build *b, char **error)
{
	sigset_t ending, saved;
	int rc;

	/* the ending signals stay the main thread's, whose handlers remove the
	 * temporary files */
	signals_ending_set(&ending);
	pthread_sigmask(SIG_BLOCK, &ending, &saved);
	rc = pthread_create(&b->thread, NULL, build_thread, b);
	pthread_sigmask(SIG_SETMASK, &saved, NULL);
	if (rc != 0) {
		*error = xasprintf("cannot start the search index's thread: %s", strerror(rc));
		search_build_free(b);
		return NULL;
	}
	return b;
}

struct search_build *search_build_start(const char *db_path, char **error)
{
	return search_build_run(search_build_new(db_path, false), error);
}

struct search_build *search_build_start_beside(const char *db_path, const char *rows_path,
                                               char **error)
{
	struct search_build *b = search_build_new(db_path, true);
	char *why = NULL;

	if (copy_private(rows_path, b->rows_path, &why) != 0) {
		*error = xasprintf("cannot copy the rows for the search index: %s", why);
		free(why);
		search_build_free(b);
		return NULL;
	}
	return search_build_run(b, error);
}

void search_build_placed(struct search_build *b)
{
	pthread_mutex_lock(&b->placed_lock);
	b->placed = true;
	pthread_cond_broadcast(&b->placed_cond);
	pthread_mutex_unlock(&b->placed_lock);
}

bool search_build_finished(const struct search_build *b)
{
	return atomic_load_explicit(&b->finished, memory_order_acquire);
}

unsigned search_build_permille(const struct search_build *b)
{
	int64_t at = atomic_load_explicit(&b->at, memory_order_relaxed);
	int64_t total = atomic_load_explicit(&b->total, memory_order_relaxed);

	if (search_build_finished(b))
		return 1000;
	if (total <= 0 || at <= 0)
		return 0;
	/* 999 at most: the commit and the sync are still to come */
	return at >= total ? 999 : (unsigned)(at * 1000 / total);
}

int search_build_end(struct search_build *b, bool cancel, char **error)
{
	int rc;

	if (cancel) {
		/* under the lock: a thread waiting for its database wakes */
		pthread_mutex_lock(&b->placed_lock);
		atomic_store(&b->cancel, true);
		pthread_cond_broadcast(&b->placed_cond);
		pthread_mutex_unlock(&b->placed_lock);
	}
	pthread_join(b->thread, NULL);
	rc = b->rc;
	if (rc != 0 && error)
		*error = b->error ? xstrdup(b->error) : xstrdup("the search index was not built");
	search_build_free(b);
	return rc;
}
