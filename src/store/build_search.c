/* The search index's build, on a thread and in a database of its own.
 *
 * It is built from documents the loader sends as it reads: one statement,
 * INSERT INTO search ... SELECT ... FROM doc_stream, where doc_stream is a
 * virtual table whose rows come off the queue, so that FTS5 sees one bulk
 * insert in ascending rowid order (several times faster than any other
 * order, and than a statement per document, after each of which FTS5
 * flushes).  An entity is sent when it ends, so one that contains others
 * comes after them: such late documents are kept here and come last, in
 * order. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "icsview/base/util.h"
#include "build_private.h"
#include "store_private.h"

enum { STREAM_COLUMNS = 4 };

struct stream_cursor {
	sqlite3_vtab_cursor base;
	struct store_writer *w;
	struct batch *batch;
	struct reader r;
	bool in_late, eof;
	size_t late_at;
	int64_t eid;
	const char *column[STREAM_COLUMNS];   /* name, aka, facts, text */
};

struct stream_vtab {
	sqlite3_vtab base;
	struct store_writer *w;
};

static int stream_connect(sqlite3 *db, void *aux, int argc, const char *const *argv,
                          sqlite3_vtab **out, char **error)
{
	struct stream_vtab *v;
	int rc = sqlite3_declare_vtab(db, "CREATE TABLE x(name TEXT, aka TEXT, facts TEXT,"
	                                  " text TEXT)");

	(void)argc;
	(void)argv;
	(void)error;
	if (rc != SQLITE_OK)
		return rc;
	v = sqlite3_malloc(sizeof(*v));
	if (!v)
		return SQLITE_NOMEM;
	memset(v, 0, sizeof(*v));
	v->w = aux;
	*out = &v->base;
	return SQLITE_OK;
}

static int stream_disconnect(sqlite3_vtab *vtab)
{
	sqlite3_free(vtab);
	return SQLITE_OK;
}

static int stream_best_index(sqlite3_vtab *vtab, sqlite3_index_info *info)
{
	(void)vtab;
	info->estimatedCost = 1e9;
	return SQLITE_OK;
}

static int stream_open(sqlite3_vtab *vtab, sqlite3_vtab_cursor **out)
{
	struct stream_cursor *c = sqlite3_malloc(sizeof(*c));

	if (!c)
		return SQLITE_NOMEM;
	memset(c, 0, sizeof(*c));
	c->w = ((struct stream_vtab *)vtab)->w;
	*out = &c->base;
	return SQLITE_OK;
}

static int stream_close(sqlite3_vtab_cursor *cursor)
{
	struct stream_cursor *c = (struct stream_cursor *)cursor;

	if (c->batch)
		queue_recycle(&c->w->docs, c->batch);
	sqlite3_free(c);
	return SQLITE_OK;
}

static int compare_late(const void *pa, const void *pb)
{
	const struct late_doc *a = pa, *b = pb;

	return a->eid < b->eid ? -1 : a->eid > b->eid;
}

static char *copy_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static void set_row(struct stream_cursor *c, int64_t eid, const char *name, const char *aka,
                    const char *facts, const char *text)
{
	c->eid = eid;
	c->column[0] = name;
	c->column[1] = aka;
	c->column[2] = facts;
	c->column[3] = text;
}

/* Moves to the next document in order, keeping late ones for the end. */
static int stream_advance(struct stream_cursor *c)
{
	struct store_writer *w = c->w;

	for (;;) {
		if (c->in_late) {
			const struct late_doc *late;

			if (c->late_at == w->late_count) {
				c->eof = true;
				return SQLITE_OK;
			}
			late = &w->late[c->late_at++];
			set_row(c, late->eid, late->name, late->aka, late->facts, late->text);
			return SQLITE_OK;
		}
		if (c->batch && c->r.p < c->r.end) {
			struct document doc;

			get_document(&c->r, &doc);
			if (!doc.late) {
				set_row(c, doc.eid, doc.name, doc.aka, doc.facts, doc.text);
				return SQLITE_OK;
			}
			GROW(w->late, w->late_cap, w->late_count + 1);
			w->late[w->late_count++] = (struct late_doc){
				doc.eid, copy_or_null(doc.name), copy_or_null(doc.aka),
				copy_or_null(doc.facts), copy_or_null(doc.text),
			};
			continue;
		}
		if (c->batch) {
			queue_recycle(&w->docs, c->batch);
			c->batch = NULL;
		}
		if (atomic_load(&w->docs.aborted))
			return SQLITE_INTERRUPT;
		c->batch = queue_take(&w->docs);
		if (atomic_load(&w->docs.aborted))
			return SQLITE_INTERRUPT;
		if (c->batch) {
			c->r = (struct reader){ c->batch->data, c->batch->data + c->batch->len };
		} else {
			if (w->late_count > 1)
				qsort(w->late, w->late_count, sizeof(*w->late), compare_late);
			c->in_late = true;
		}
	}
}

static int stream_filter(sqlite3_vtab_cursor *cursor, int idx, const char *idx_str, int argc,
                         sqlite3_value **argv)
{
	(void)idx;
	(void)idx_str;
	(void)argc;
	(void)argv;
	return stream_advance((struct stream_cursor *)cursor);
}

static int stream_next(sqlite3_vtab_cursor *cursor)
{
	return stream_advance((struct stream_cursor *)cursor);
}

static int stream_eof(sqlite3_vtab_cursor *cursor)
{
	return ((struct stream_cursor *)cursor)->eof;
}

static int stream_column(sqlite3_vtab_cursor *cursor, sqlite3_context *ctx, int column)
{
	const char *text = ((struct stream_cursor *)cursor)->column[column];

	if (text)
		sqlite3_result_text(ctx, text, -1, SQLITE_TRANSIENT);
	else
		sqlite3_result_null(ctx);
	return SQLITE_OK;
}

static int stream_rowid(sqlite3_vtab_cursor *cursor, sqlite3_int64 *rowid)
{
	*rowid = ((struct stream_cursor *)cursor)->eid;
	return SQLITE_OK;
}

static const sqlite3_module stream_module = {
	.iVersion = 0,
	.xCreate = NULL,                /* eponymous only: FROM doc_stream */
	.xConnect = stream_connect,
	.xBestIndex = stream_best_index,
	.xDisconnect = stream_disconnect,
	.xOpen = stream_open,
	.xClose = stream_close,
	.xFilter = stream_filter,
	.xNext = stream_next,
	.xEof = stream_eof,
	.xColumn = stream_column,
	.xRowid = stream_rowid,
};

static void *search_thread(void *arg)
{
	struct store_writer *w = arg;
	char *error = NULL;

	if (store_exec(w->search_db, "INSERT INTO search(rowid, name, aka, facts, text)"
	                             " SELECT rowid, name, aka, facts, text FROM doc_stream;"
	                             "PRAGMA incremental_vacuum; COMMIT", &error) != 0) {
		/* reported when the build ends (the database fails the same way,
		 * mostly, long before) */
		w->search_error = error;
		w->search_rc = -1;
		/* let the loader go on (it stops at its next row) */
		while (!atomic_load(&w->docs.aborted)) {
			struct batch *b = queue_take(&w->docs);
			if (!b)
				break;
			queue_recycle(&w->docs, b);
		}
		return NULL;
	}
	w->search_rc = sqlite3_close(w->search_db) == SQLITE_OK ? 0 : -1;
	w->search_db = NULL;
	/* synced here, while the database's indexes are built (see
	 * commit_and_move) */
	if (w->search_rc == 0 && sync_private(w->search_tmp_path, &w->search_error) != 0)
		w->search_rc = -1;
	return NULL;
}

/* FTS5 merges the segments of its index as the documents go in, which
 * frees the pages of the segments merged (1.6 MB at 250,000 entities):
 * incremental_vacuum gives them back before the commit (auto_vacuum must
 * be set before the first table is made). */
static const char search_pragmas[] =
	"PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA temp_store=FILE;"
	"PRAGMA cache_size=-1024; PRAGMA locking_mode=EXCLUSIVE;"
	"PRAGMA auto_vacuum=INCREMENTAL;";

int start_search(struct store_writer *w, char **error)
{
	sqlite3_stmt *stmt;

	w->search_path = xasprintf("%s-search", w->path);
	w->search_tmp_path = start_temporary(w->search_path, &w->search_temporary_slot);
	if (sqlite3_open_v2(w->search_tmp_path, &w->search_db,
	                    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
	                    NULL) != SQLITE_OK) {
		*error = xasprintf("%s: cannot create search index: %s", w->search_tmp_path,
		                   w->search_db ? sqlite3_errmsg(w->search_db) : "out of memory");
		return -1;
	}
	writer_watch_cancel(w->search_db, w->progress);
	if (store_exec(w->search_db, search_pragmas, error) != 0 ||
	    store_create_search_schema(w->search_db, error) != 0 ||
	    store_exec(w->search_db, "BEGIN", error) != 0)
		return -1;
	stmt = store_prepare(w->search_db, "INSERT INTO meta(key, value) VALUES('build', ?)");
	if (stmt)
		sqlite3_bind_text(stmt, 1, w->build_id, -1, SQLITE_STATIC);
	if (!stmt || build_run(stmt) != 0 ||
	    sqlite3_create_module_v2(w->search_db, "doc_stream", &stream_module, w, NULL) !=
	        SQLITE_OK) {
		*error = xasprintf("%s: %s", w->search_tmp_path, sqlite3_errmsg(w->search_db));
		sqlite3_finalize(stmt);
		return -1;
	}
	sqlite3_finalize(stmt);
	if (pthread_create(&w->search_thread, NULL, search_thread, w) != 0) {
		*error = xasprintf("cannot start the search index thread: %s", strerror(errno));
		return -1;
	}
	w->search_running = true;
	return 0;
}

void finish_search(struct store_writer *w, bool abort)
{
	if (!w->search_running)
		return;
	if (abort)
		atomic_store(&w->docs.aborted, true);
	queue_close(&w->docs);
	pthread_join(w->search_thread, NULL);
	w->search_running = false;
}

void free_search(struct store_writer *w)
{
	for (size_t i = 0; i < w->late_count; i++) {
		free(w->late[i].name);
		free(w->late[i].aka);
		free(w->late[i].facts);
		free(w->late[i].text);
	}
	free(w->late);
	sqlite3_close(w->search_db);
	free(w->search_path);
	free(w->search_tmp_path);
	free(w->search_error);
}

bool writer_wants_documents(struct store_writer *w)
{
	return w->with_search;
}

int writer_add_document(struct store_writer *w, int64_t eid, const char *name, const char *aka,
                        const char *facts, const char *text)
{
	bool late = eid <= w->last_doc;

	if (!w->with_search)
		return 0;
	if (!late)
		w->last_doc = eid;
	put_document(w->docs.current, eid, late, name, aka, facts, text);
	if (w->docs.current->len >= BATCH_BYTES)
		queue_hand_over(&w->docs);
	return atomic_load(&w->failed) ? -1 : 0;
}
