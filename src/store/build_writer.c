/* The writer of a model database (store_build.h): beginning a build, the
 * rows the loader hands over, draining the SQLite thread, and finishing or
 * abandoning the build.  How the work is shared out is told in
 * build_private.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "icsview/base/signals.h"
#include "icsview/base/util.h"
#include "store_index.h"
#include "build_private.h"
#include "search_build.h"
#include "store_private.h"

static void finalize_statements(struct store_writer *w)
{
	for (size_t op = 0; op < OP_COUNT; op++) {
		sqlite3_finalize(w->insert[op]);
		w->insert[op] = NULL;
	}
	finalize_fixups(w);
}

/* Hands over what is left and waits for the SQLite thread to finish. */
static void drain(struct store_writer *w)
{
	if (!w->running)
		return;
	queue_close(&w->rows);
	pthread_join(w->thread, NULL);
	w->running = false;
}

static void writer_free(struct store_writer *w)
{
	drain(w);
	finalize_statements(w);
	sqlite3_close(w->db);
	free_vocabulary(w);
	queue_destroy(&w->rows);
	pthread_mutex_destroy(&w->error_lock);
	free(w->error);
	free(w->path);
	free(w->tmp_path);
	free(w->build_id);
	free(w->errmsg);
	signals_forget_temporary(w->temporary_slot);
	free(w);
}

void store_writer_abort(struct store_writer *w)
{
	if (!w)
		return;
	drain(w);
	if (w->search)
		search_build_end(w->search, true, NULL);
	w->search = NULL;
	finalize_statements(w);
	sqlite3_close(w->db);
	w->db = NULL;
	unlink(w->tmp_path);
	writer_free(w);
}

/* The build runs in one transaction on a private temporary file that is
 * thrown away unless the model is valid, so durability is not needed until
 * the final commit: no journal, no syncs.  A small page cache: rows are
 * mostly appended, the sorts of CREATE INDEX spill to temporary files that
 * stay in the operating system's cache, and measured on a national model a
 * 2 MB cache builds with less CPU than a 16 MB one (memory first touched
 * is dear on these machines) and a third of the peak memory.  No sorting
 * helper threads (PRAGMA threads): they take 0.4 s of CPU off the main
 * thread's indexes at 250,000 entities but add as much again in all, and
 * the index phase ended no sooner, even with the other core free. */
static const char build_pragmas[] =
	"PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA temp_store=FILE;"
	"PRAGMA cache_size=-2048; PRAGMA foreign_keys=OFF; PRAGMA locking_mode=EXCLUSIVE;";

/* Opens the temporary database and makes its tables: 0, or -1 with *error. */
static int create_database(struct store_writer *w, char **error)
{
	char *why = NULL;

	errno = 0;
	/* NOFOLLOW: never write through a link someone put at this name.  One
	 * thread at a time uses the connection (the SQLite thread, then the
	 * caller's once it is joined): no need for SQLite's own locking. */
	if (sqlite3_open_v2(w->tmp_path, &w->db,
	                    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOFOLLOW |
	                    SQLITE_OPEN_NOMUTEX,
	                    NULL) != SQLITE_OK) {
		why = w->db ? store_error_text(w->db, errno) : xstrdup("out of memory");
		*error = xasprintf("%s: cannot create model database: %s", w->tmp_path, why);
		free(why);
		return -1;
	}
	writer_watch_cancel(w->db, w->progress);
	if (store_exec(w->db, build_pragmas, &why) != 0 ||
	    store_create_schema(w->db, &why) != 0 ||
	    store_exec(w->db, "BEGIN", &why) != 0) {
		*error = xasprintf("%s: cannot create model database: %s", w->tmp_path, why);
		free(why);
		return -1;
	}
	return 0;
}

/* The build's id and the core vocabulary: 0, or -1 with *error. */
static int write_first_rows(struct store_writer *w, char **error)
{
	sqlite3_stmt *stmt = store_prepare(w->db, "INSERT INTO meta(key, value) VALUES('build', ?)");

	if (stmt)
		sqlite3_bind_text(stmt, 1, w->build_id, -1, SQLITE_STATIC);
	if (!stmt || build_run(stmt) != 0 || insert_core_vocabulary(w) != 0) {
		*error = xasprintf("%s: %s", w->tmp_path, writer_errmsg(w));
		sqlite3_finalize(stmt);
		return -1;
	}
	sqlite3_finalize(stmt);
	return 0;
}

/* SQLite asks this every WATCH_INSTRUCTIONS virtual machine steps: a
 * cancelled build's long statements (CREATE INDEX, the search index's
 * merges) stop within milliseconds instead of running to their end. */
#define WATCH_INSTRUCTIONS 10000

static int cancelled(void *progress)
{
	return build_progress_cancelled(progress);
}

void writer_watch_cancel(sqlite3 *db, struct build_progress *progress)
{
	if (progress)
		sqlite3_progress_handler(db, WATCH_INSTRUCTIONS, cancelled, progress);
}

struct store_writer *store_writer_begin(const char *path, struct build_progress *progress,
                                        char **error)
{
	struct store_writer *w = xcalloc(1, sizeof(*w));

	clock_gettime(CLOCK_REALTIME, &w->started);
	w->path = xstrdup(path);
	w->build_id = new_build_id();
	w->tmp_path = start_temporary(path, &w->temporary_slot);
	w->progress = progress;
	queue_init(&w->rows);
	pthread_mutex_init(&w->error_lock, NULL);
	atomic_init(&w->failed, false);
	if (create_database(w, error) != 0 || records_prepare(w, error) != 0 ||
	    write_first_rows(w, error) != 0) {
		store_writer_abort(w);
		return NULL;
	}
	if (pthread_create(&w->thread, NULL, records_thread, w) != 0) {
		*error = xasprintf("cannot start the database thread: %s", strerror(errno));
		store_writer_abort(w);
		return NULL;
	}
	w->running = true;
	return w;
}

const char *writer_errmsg(struct store_writer *w)
{
	if (atomic_load(&w->failed)) {
		const char *error;
		pthread_mutex_lock(&w->error_lock);
		error = w->error;
		pthread_mutex_unlock(&w->error_lock);
		return error;
	}
	if (w->running)
		return "unknown error";
	free(w->errmsg);
	w->errmsg = store_error_text(w->db, 0);
	return w->errmsg;
}

/* ---- rows from the loader ---------------------------------------------------------- */

int record_done(struct store_writer *w)
{
	if (w->rows.current->len >= BATCH_BYTES)
		queue_hand_over(&w->rows);
	return atomic_load(&w->failed) ? -1 : 0;
}

int writer_add_file(struct store_writer *w, int file_no, const struct model_file *file)
{
	put_file(w->rows.current, file_no, file->path, (int64_t)file->size, file->mtime_ns);
	return record_done(w);
}

int writer_set_file_title(struct store_writer *w, int file_no, const char *title)
{
	put_title(w->rows.current, title, file_no);
	return record_done(w);
}

/* The number a name that is not declared (a fact's key, an entity's type)
 * is stored as: given, and its row written (put_row), the first time it is
 * used.  0 for NULL. */
static int name_code(struct store_writer *w, struct strmap *names,
                     void (*put_row)(struct batch *b, int code, const char *name),
                     const char *name)
{
	bool added;
	int32_t *code;

	if (!name)
		return 0;
	code = strmap_insert(names, name, &added);
	if (added) {
		*code = (int32_t)names->count;
		put_row(w->rows.current, *code, name);
	}
	return *code;
}

int writer_add_entity(struct store_writer *w, const struct entity_row *row)
{
	int type_no = name_code(w, &w->types, put_type, row->type);
	int kind_no = kind_code(w, row->kind);

	if (kind_no == 0) {
		GROW(w->late_kinds, w->late_kind_cap, w->late_kind_count + 1);
		w->late_kinds[w->late_kind_count++] = (struct late_kind){ row->eid, xstrdup(row->kind) };
	}
	put_entity(w->rows.current, row->eid, row->id, kind_no, row->name, type_no, row->text,
	           row->parent, row->pos,
	           row->explicit_parent ? (int)row->parent_line - (int)row->pos.line : NULL_INT,
	           row->explicit_parent ? (int)row->parent_col : NULL_INT,
	           row->id_aka >= 0 ? row->id_aka : NULL_INT);
	return record_done(w);
}

int writer_add_aka(struct store_writer *w, int64_t eid, int ord, const char *value)
{
	put_aka(w->rows.current, eid, ord, value);
	return record_done(w);
}

int writer_add_fact(struct store_writer *w, int64_t fid, int64_t eid, const char *key,
                    const char *value, const char *note, const char *reason,
                    struct position pos, unsigned owner_line)
{
	int key_no = name_code(w, &w->fact_keys, put_fact_key, key);

	put_fact(w->rows.current, fid, eid, key_no, value, note, reason,
	         (int)pos.line - (int)owner_line, (int)pos.col);
	return record_done(w);
}

/* A link is stored at its line's offset from its owner's, doubled, plus 1
 * when its owner is its target (written in the target's mapping). */
int writer_add_link(struct store_writer *w, const struct link_row *row)
{
	int line_off = (int)row->pos.line - (int)row->owner_line;

	/* a link whose target or relation is not known yet (dst 0) is stored
	 * with relation 0 until writer_fix_link */
	put_link(w->rows.current, row->lid, row->src, row->dst ? relation_code(w, row->rel) : 0,
	         row->dst, 2 * line_off + (row->src != row->owner), (int)row->pos.col);
	return record_done(w);
}

int writer_add_link_fact(struct store_writer *w, int64_t lid, int ord, const char *key,
                         const char *value)
{
	put_link_fact(w->rows.current, lid, ord, key, value);
	return record_done(w);
}

int writer_add_citation(struct store_writer *w, enum citation_owner owner_type, int64_t owner,
                        int ord, const char *source_id, int64_t source, struct position pos)
{
	put_citation(w->rows.current, (int)owner_type, owner, ord, source_id, source, pos);
	return record_done(w);
}

/* ---- after the last file ---------------------------------------------------------------- */

/* When the caller searches next (progress->search_next): commits the rows,
 * which are all the search index reads (the fix-ups and checks that follow
 * change none of what it reads), and starts the index's build from a copy
 * of them, so that it runs on the other core while this one checks the
 * model and builds the database's indexes, instead of after them.  Without
 * it (the copy or the thread failed) the index is built after the
 * database, as the store does for a database it finds without one.  0, or
 * -1 with the reason in diags when the database can no longer be written. */
static int start_search_beside(struct store_writer *w, struct diag_list *diags)
{
	char *error = NULL;

	if (!w->progress || !w->progress->search_next)
		return 0;
	if (store_exec(w->db, "COMMIT", &error) != 0) {
		diag_add(diags, -1, w->path, 0, 0, "cannot save model database: %s", error);
		free(error);
		return -1;
	}
	w->search = search_build_start_beside(w->path, w->tmp_path, &error);
	free(error);
	if (store_exec(w->db, "BEGIN", &error) != 0) {
		diag_add(diags, -1, w->path, 0, 0, "cannot save model database: %s", error);
		free(error);
		return -1;
	}
	return 0;
}

int writer_drain(struct store_writer *w, struct diag_list *diags)
{
	bool first = w->running;

	drain(w);
	if (atomic_load(&w->failed)) {
		diag_add(diags, -1, "", 0, 0, "cannot store the model: %s", w->error);
		return -1;
	}
	return first ? start_search_beside(w, diags) : 0;
}

sqlite3 *writer_db(struct store_writer *w)
{
	return w->db;
}

static int commit_and_move(struct store_writer *w, struct diag_list *diags)
{
	char *error = NULL;

	finalize_statements(w);
	if (store_exec(w->db, "COMMIT", &error) != 0) {
		diag_add(diags, -1, w->path, 0, 0, "cannot save model database: %s", error);
		free(error);
		return -1;
	}
	if (sqlite3_close(w->db) != SQLITE_OK) {
		diag_add(diags, -1, w->path, 0, 0, "cannot close model database");
		return -1;
	}
	w->db = NULL;
	/* The database is written with synchronous=OFF: its bytes reach the
	 * disk before its name does, so that a crash never leaves a
	 * half-written database under the final name.  Only their owner may read them (0600;
	 * the cache directory is 0700 too). */
	if (sync_private(w->tmp_path, &error) != 0) {
		diag_add(diags, -1, w->path, 0, 0, "cannot save model database: %s", error);
		free(error);
		return -1;
	}
	return move_into_place(w, diags);
}

/* The database is in place: its search index may follow, and the store
 * opened on it takes its build over (store_search_adopt). */
static void hand_search_over(struct store_writer *w)
{
	if (!w->search)
		return;
	search_build_placed(w->search);
	if (w->progress->search_build)     /* an earlier build's, never taken over */
		search_build_end(w->progress->search_build, true, NULL);
	w->progress->search_build = w->search;
	w->search = NULL;
}

int store_writer_finish(struct store_writer *w, struct diag_list *diags)
{
	int rc = writer_drain(w, diags);

	finalize_statements(w);
	if (rc == 0)
		start_writeback(w->tmp_path);
	if (rc == 0)
		rc = record_real_paths(w, diags);
	build_progress_phase(w->progress, BUILD_PHASE_INDEXING);
	if (rc == 0)
		rc = store_build_indexes(w->db, diags);
	if (rc == 0)
		rc = commit_and_move(w, diags);
	if (rc != 0) {
		store_writer_abort(w);
		return rc;
	}
	hand_search_over(w);
	writer_free(w);
	return 0;
}
