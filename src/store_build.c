#include "icsview/store_build.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "icsview/model.h"
#include "icsview/store_index.h"
#include "store_private.h"
#include "icsview/strmap.h"

/* The build runs on two threads: the loader (the caller's thread) reads the
 * YAML and hands each row to the writer, which packs it into a batch; full
 * batches go through a short queue to the SQLite thread, which inserts them
 * with prepared statements in one transaction.  The queue is bounded, so
 * memory stays flat however big the model is: a loader that gets ahead
 * waits.  Questions the loader asks while it reads (is this kind known? is
 * this relation declared differently?) are answered from the vocabulary the
 * writer keeps in memory, never from the database, so the loader never
 * waits for SQLite.  When every file is read the SQLite thread is joined and
 * the rest of the build (checks, indexes, the search index) runs on the
 * caller's thread. */

/* The statements the SQLite thread runs for every row, prepared once. */
#define WRITER_STATEMENTS(_) \
	_(ins_file, "INSERT INTO files(file_no, path, size, mtime_ns) VALUES(?,?,?,?)") \
	_(set_title, "UPDATE files SET title=? WHERE file_no=?") \
	_(ins_entity, "INSERT INTO entities(eid, id, kind, name, type, text, parent," \
	              " file_no, line, col, parent_line, parent_col)" \
	              " VALUES(?,?,?,?,?,?,?,?,?,?,?,?)") \
	_(ins_aka, "INSERT INTO aka(eid, ord, value) VALUES(?,?,?)") \
	_(ins_fact, "INSERT INTO facts(fid, eid, key, value, num, note, file_no, line, col)" \
	            " VALUES(?,?,?,?,?,?,?,?,?)") \
	_(ins_link, "INSERT INTO links(lid, src, rel, dst, file_no, line, col)" \
	            " VALUES(?,?,?,?,?,?,?)") \
	_(ins_link_fact, "INSERT INTO link_facts(lid, ord, key, value, num) VALUES(?,?,?,?,?)") \
	_(ins_citation, "INSERT INTO citations(owner_type, owner, ord, source_id, source, file_no," \
	                " line, col) VALUES(?,?,?,?,?,?,?,?)") \
	_(ins_kind, "INSERT INTO kinds(name, badge, description, core, file_no, line, col)" \
	            " VALUES(?,?,?,?,?,?,?)") \
	_(ins_relation, "INSERT INTO relations(name, inverse, secondary, description, core," \
	                " file_no, line, col) VALUES(?,?,?,?,?,?,?,?)")

/* The fix-ups run on the caller's thread once the SQLite thread is done. */
#define FIXUP_STATEMENTS(_) \
	_(fix_parent, "UPDATE entities SET parent=? WHERE eid=?") \
	_(fix_link, "UPDATE links SET src=?, rel=?, dst=? WHERE lid=?") \
	_(fix_citation, "UPDATE citations SET source=? WHERE owner_type=? AND owner=? AND ord=?") \
	_(set_counts, "UPDATE entities SET n_children=?, n_linked=? WHERE eid=?")

/* What a batch holds: records, each an op byte and its fields. */
enum op {
	OP_FILE, OP_TITLE, OP_ENTITY, OP_AKA, OP_FACT, OP_LINK, OP_LINK_FACT, OP_CITATION,
	OP_KIND, OP_RELATION,
};

#define BATCH_BYTES (128 * 1024)   /* a batch is handed over once this full */
#define QUEUE_BATCHES 4            /* full batches waiting, at most */
#define SPARE_BATCHES 4            /* emptied batches kept for reuse */

struct batch {
	unsigned char *data;
	size_t len, cap;
	struct batch *next;
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

struct store_writer {
	sqlite3 *db;
	char *path;
	char *tmp_path;
#define DECLARE_STATEMENT(name, sql) sqlite3_stmt *name;
	WRITER_STATEMENTS(DECLARE_STATEMENT)
	FIXUP_STATEMENTS(DECLARE_STATEMENT)

	/* the loader's side */
	struct batch *current;
	struct vocab_kind *kinds;
	size_t kind_count, kind_cap;
	struct vocab_relation *relations;
	size_t relation_count, relation_cap;
	struct strmap kind_names;       /* name -> index in kinds */
	struct strmap relation_names;   /* name -> index in relations; inverse -> -1 - index */
	struct pending_name *pending;
	size_t pending_count, pending_cap;

	/* between the threads */
	pthread_t thread;
	bool running;
	pthread_mutex_t lock;
	pthread_cond_t filled, emptied;
	struct batch *head, *tail;      /* full batches, oldest first */
	size_t queued;
	struct batch *spare;
	size_t spare_count;
	bool closed;                    /* no more batches will come */
	atomic_bool failed;             /* an insert failed: the rest is thrown away */
	char *error;                    /* why (set once, by the SQLite thread) */
	int interrupt_slot;             /* see watch_interrupts */
};

static void bind_text(sqlite3_stmt *stmt, int index, const char *text)
{
	if (text)
		sqlite3_bind_text(stmt, index, text, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(stmt, index);
}

static void bind_id(sqlite3_stmt *stmt, int index, int64_t id)
{
	if (id)
		sqlite3_bind_int64(stmt, index, id);
	else
		sqlite3_bind_null(stmt, index);
}

static void bind_number(sqlite3_stmt *stmt, int index, const char *value)
{
	double number;

	if (value && parse_number(value, strlen(value), &number))
		sqlite3_bind_double(stmt, index, number);
	else
		sqlite3_bind_null(stmt, index);
}

/* Runs a bound insert or update and resets it for the next row. */
static int run(sqlite3_stmt *stmt)
{
	int rc = sqlite3_step(stmt);

	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* ---- the vocabulary, in memory ----------------------------------------------- */

static void remember_kind(struct store_writer *w, const char *name, const char *badge,
                          struct position pos)
{
	bool added;
	int32_t *slot = strmap_insert(&w->kind_names, name, &added);

	GROW(w->kinds, w->kind_cap, w->kind_count + 1);
	w->kinds[w->kind_count] = (struct vocab_kind){ xstrdup(name), xstrdup(badge), pos };
	*slot = (int32_t)w->kind_count++;
}

static void remember_relation(struct store_writer *w, const char *name, const char *inverse,
                              bool secondary, struct position pos)
{
	bool added;
	int32_t index = (int32_t)w->relation_count;

	GROW(w->relations, w->relation_cap, w->relation_count + 1);
	w->relations[w->relation_count++] =
		(struct vocab_relation){ xstrdup(name), xstrdup(inverse), secondary, pos };
	*strmap_insert(&w->relation_names, name, &added) = index;
	*strmap_insert(&w->relation_names, inverse, &added) = -1 - index;
}

static const struct vocab_kind *find_kind(const struct store_writer *w, const char *name)
{
	const int32_t *index = strmap_find(&w->kind_names, name);

	return index ? &w->kinds[*index] : NULL;
}

/* The relation with this name or inverse name; *inverse says which. */
static const struct vocab_relation *find_relation(const struct store_writer *w, const char *name,
                                                  bool *inverse)
{
	const int32_t *index = strmap_find(&w->relation_names, name);

	if (!index)
		return NULL;
	*inverse = *index < 0;
	return &w->relations[*index < 0 ? -1 - *index : *index];
}

static void free_vocabulary(struct store_writer *w)
{
	for (size_t i = 0; i < w->kind_count; i++) {
		free(w->kinds[i].name);
		free(w->kinds[i].badge);
	}
	for (size_t i = 0; i < w->relation_count; i++) {
		free(w->relations[i].name);
		free(w->relations[i].inverse);
	}
	for (size_t i = 0; i < w->pending_count; i++)
		free(w->pending[i].name);
	free(w->kinds);
	free(w->relations);
	free(w->pending);
	strmap_free(&w->kind_names);
	strmap_free(&w->relation_names);
}

/* ---- batches ------------------------------------------------------------------- */

static void put(struct batch *b, const void *data, size_t n)
{
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap : BATCH_BYTES + 4096;
		while (cap < b->len + n)
			cap *= 2;
		b->data = xrealloc(b->data, cap);
		b->cap = cap;
	}
	memcpy(b->data + b->len, data, n);
	b->len += n;
}

static void put_op(struct batch *b, enum op op)
{
	unsigned char byte = (unsigned char)op;

	put(b, &byte, 1);
}

static void put_i64(struct batch *b, int64_t v)
{
	put(b, &v, sizeof(v));
}

static void put_int(struct batch *b, int v)
{
	put(b, &v, sizeof(v));
}

/* A string, or NULL: its length (UINT32_MAX for NULL), then its bytes and
 * a NUL, so that the SQLite thread binds it where it lies. */
static void put_str(struct batch *b, const char *s)
{
	uint32_t n = s ? (uint32_t)strlen(s) : UINT32_MAX;

	put(b, &n, sizeof(n));
	if (s)
		put(b, s, (size_t)n + 1);
}

struct reader {
	const unsigned char *p, *end;
};

static int64_t get_i64(struct reader *r)
{
	int64_t v;

	memcpy(&v, r->p, sizeof(v));
	r->p += sizeof(v);
	return v;
}

static int get_int(struct reader *r)
{
	int v;

	memcpy(&v, r->p, sizeof(v));
	r->p += sizeof(v);
	return v;
}

static const char *get_str(struct reader *r)
{
	uint32_t n;
	const char *s;

	memcpy(&n, r->p, sizeof(n));
	r->p += sizeof(n);
	if (n == UINT32_MAX)
		return NULL;
	s = (const char *)r->p;
	r->p += (size_t)n + 1;
	return s;
}

static struct position get_position(struct reader *r)
{
	struct position pos;

	pos.file_no = get_int(r);
	pos.line = (unsigned)get_int(r);
	pos.col = (unsigned)get_int(r);
	return pos;
}

static void put_position(struct batch *b, struct position pos)
{
	put_int(b, pos.file_no);
	put_int(b, (int)pos.line);
	put_int(b, (int)pos.col);
}

/* ---- the SQLite thread ----------------------------------------------------------- */

static int insert_entity(struct store_writer *w, const struct entity_row *row)
{
	sqlite3_stmt *s = w->ins_entity;

	sqlite3_bind_int64(s, 1, row->eid);
	bind_text(s, 2, row->id);
	bind_text(s, 3, row->kind);
	bind_text(s, 4, row->name);
	bind_text(s, 5, row->type);
	bind_text(s, 6, row->text);
	bind_id(s, 7, row->parent);
	sqlite3_bind_int(s, 8, row->file_no);
	sqlite3_bind_int(s, 9, (int)row->line);
	sqlite3_bind_int(s, 10, (int)row->col);
	if (row->explicit_parent) {
		sqlite3_bind_int(s, 11, (int)row->parent_line);
		sqlite3_bind_int(s, 12, (int)row->parent_col);
	}
	return run(s);
}

static int insert_link(struct store_writer *w, const struct link_row *row)
{
	sqlite3_stmt *s = w->ins_link;

	sqlite3_bind_int64(s, 1, row->lid);
	sqlite3_bind_int64(s, 2, row->src);
	bind_text(s, 3, row->rel);
	bind_id(s, 4, row->dst);
	sqlite3_bind_int(s, 5, row->file_no);
	sqlite3_bind_int(s, 6, (int)row->line);
	sqlite3_bind_int(s, 7, (int)row->col);
	return run(s);
}

static int insert_kind(struct store_writer *w, const char *name, const char *badge,
                       const char *description, bool core, struct position pos)
{
	sqlite3_stmt *s = w->ins_kind;

	bind_text(s, 1, name);
	bind_text(s, 2, badge);
	bind_text(s, 3, description);
	sqlite3_bind_int(s, 4, core);
	if (!core) {
		sqlite3_bind_int(s, 5, pos.file_no);
		sqlite3_bind_int(s, 6, (int)pos.line);
		sqlite3_bind_int(s, 7, (int)pos.col);
	}
	return run(s);
}

static int insert_relation(struct store_writer *w, const char *name, const char *inverse,
                           bool secondary, const char *description, bool core,
                           struct position pos)
{
	sqlite3_stmt *s = w->ins_relation;

	bind_text(s, 1, name);
	bind_text(s, 2, inverse);
	sqlite3_bind_int(s, 3, secondary);
	bind_text(s, 4, description);
	sqlite3_bind_int(s, 5, core);
	if (!core) {
		sqlite3_bind_int(s, 6, pos.file_no);
		sqlite3_bind_int(s, 7, (int)pos.line);
		sqlite3_bind_int(s, 8, (int)pos.col);
	}
	return run(s);
}

/* Inserts one record; returns 0 or -1 (the statement's error in the db). */
static int replay(struct store_writer *w, struct reader *r)
{
	enum op op = (enum op)*r->p++;
	sqlite3_stmt *s;

	switch (op) {
	case OP_FILE:
		s = w->ins_file;
		sqlite3_bind_int(s, 1, get_int(r));
		bind_text(s, 2, get_str(r));
		sqlite3_bind_int64(s, 3, get_i64(r));
		sqlite3_bind_int64(s, 4, get_i64(r));
		return run(s);
	case OP_TITLE:
		s = w->set_title;
		bind_text(s, 1, get_str(r));
		sqlite3_bind_int(s, 2, get_int(r));
		return run(s);
	case OP_ENTITY: {
		struct entity_row row;
		row.eid = get_i64(r);
		row.id = get_str(r);
		row.kind = get_str(r);
		row.name = get_str(r);
		row.type = get_str(r);
		row.text = get_str(r);
		row.parent = get_i64(r);
		row.explicit_parent = get_int(r) != 0;
		row.file_no = get_int(r);
		row.line = (unsigned)get_int(r);
		row.col = (unsigned)get_int(r);
		row.parent_line = (unsigned)get_int(r);
		row.parent_col = (unsigned)get_int(r);
		return insert_entity(w, &row);
	}
	case OP_AKA:
		s = w->ins_aka;
		sqlite3_bind_int64(s, 1, get_i64(r));
		sqlite3_bind_int(s, 2, get_int(r));
		bind_text(s, 3, get_str(r));
		return run(s);
	case OP_FACT: {
		const char *value;
		struct position pos;
		s = w->ins_fact;
		sqlite3_bind_int64(s, 1, get_i64(r));
		sqlite3_bind_int64(s, 2, get_i64(r));
		bind_text(s, 3, get_str(r));
		value = get_str(r);
		bind_text(s, 4, value);
		bind_number(s, 5, value);
		bind_text(s, 6, get_str(r));
		pos = get_position(r);
		sqlite3_bind_int(s, 7, pos.file_no);
		sqlite3_bind_int(s, 8, (int)pos.line);
		sqlite3_bind_int(s, 9, (int)pos.col);
		return run(s);
	}
	case OP_LINK: {
		struct link_row row;
		row.lid = get_i64(r);
		row.src = get_i64(r);
		row.dst = get_i64(r);
		row.rel = get_str(r);
		row.file_no = get_int(r);
		row.line = (unsigned)get_int(r);
		row.col = (unsigned)get_int(r);
		return insert_link(w, &row);
	}
	case OP_LINK_FACT: {
		const char *value;
		s = w->ins_link_fact;
		sqlite3_bind_int64(s, 1, get_i64(r));
		sqlite3_bind_int(s, 2, get_int(r));
		bind_text(s, 3, get_str(r));
		value = get_str(r);
		bind_text(s, 4, value);
		bind_number(s, 5, value);
		return run(s);
	}
	case OP_CITATION: {
		struct position pos;
		s = w->ins_citation;
		sqlite3_bind_int(s, 1, get_int(r));
		sqlite3_bind_int64(s, 2, get_i64(r));
		sqlite3_bind_int(s, 3, get_int(r));
		bind_text(s, 4, get_str(r));
		bind_id(s, 5, get_i64(r));
		pos = get_position(r);
		sqlite3_bind_int(s, 6, pos.file_no);
		sqlite3_bind_int(s, 7, (int)pos.line);
		sqlite3_bind_int(s, 8, (int)pos.col);
		return run(s);
	}
	case OP_KIND: {
		const char *name = get_str(r), *badge = get_str(r), *description = get_str(r);
		return insert_kind(w, name, badge, description, false, get_position(r));
	}
	case OP_RELATION: {
		const char *name = get_str(r), *inverse = get_str(r);
		bool secondary = get_int(r) != 0;
		const char *description = get_str(r);
		return insert_relation(w, name, inverse, secondary, description, false,
		                       get_position(r));
	}
	}
	return -1;
}

static void fail(struct store_writer *w, const char *message)
{
	pthread_mutex_lock(&w->lock);
	if (!w->error)
		w->error = xstrdup(message);
	pthread_mutex_unlock(&w->lock);
	atomic_store(&w->failed, true);
}

static void recycle(struct store_writer *w, struct batch *b)
{
	b->len = 0;
	b->next = NULL;
	if (w->spare_count < SPARE_BATCHES && b->cap <= 2 * BATCH_BYTES) {
		b->next = w->spare;
		w->spare = b;
		w->spare_count++;
	} else {
		free(b->data);
		free(b);
	}
}

static void *sqlite_thread(void *arg)
{
	struct store_writer *w = arg;

	for (;;) {
		struct batch *b;

		pthread_mutex_lock(&w->lock);
		while (!w->head && !w->closed)
			pthread_cond_wait(&w->filled, &w->lock);
		b = w->head;
		if (b) {
			w->head = b->next;
			if (!w->head)
				w->tail = NULL;
			w->queued--;
			pthread_cond_signal(&w->emptied);
		}
		pthread_mutex_unlock(&w->lock);
		if (!b)
			return NULL;
		if (!atomic_load(&w->failed)) {
			struct reader r = { b->data, b->data + b->len };
			while (r.p < r.end) {
				if (replay(w, &r) != 0) {
					fail(w, sqlite3_errmsg(w->db));
					break;
				}
			}
		}
		pthread_mutex_lock(&w->lock);
		recycle(w, b);
		pthread_mutex_unlock(&w->lock);
	}
}

/* Hands the current batch to the SQLite thread, waiting while the queue is
 * full, and takes an empty one. */
static void hand_over(struct store_writer *w)
{
	struct batch *b = w->current;

	pthread_mutex_lock(&w->lock);
	while (w->queued >= QUEUE_BATCHES)
		pthread_cond_wait(&w->emptied, &w->lock);
	if (w->tail)
		w->tail->next = b;
	else
		w->head = b;
	w->tail = b;
	w->queued++;
	pthread_cond_signal(&w->filled);
	if (w->spare) {
		w->current = w->spare;
		w->spare = w->spare->next;
		w->spare_count--;
		w->current->next = NULL;
	} else {
		w->current = xcalloc(1, sizeof(*w->current));
	}
	pthread_mutex_unlock(&w->lock);
}

/* After each record: the batch goes when it is full.  Returns -1 once the
 * SQLite thread has failed, so that the loader stops reading. */
static int record_done(struct store_writer *w)
{
	if (w->current->len >= BATCH_BYTES)
		hand_over(w);
	return atomic_load(&w->failed) ? -1 : 0;
}

/* Hands over what is left and waits for the SQLite thread to finish. */
static void drain(struct store_writer *w)
{
	if (!w->running)
		return;
	if (w->current->len)
		hand_over(w);
	pthread_mutex_lock(&w->lock);
	w->closed = true;
	pthread_cond_signal(&w->filled);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	w->running = false;
}

/* ---- an interrupted build removes its temporary file ---------------------------------- */

/* While a build runs, SIGINT, SIGTERM and SIGHUP (when nothing else handles
 * them) first remove its temporary file, then end the process as they
 * would have.  (SIGKILL cannot be caught: a killed build leaves its
 * temporary file, which is never taken for a database.) */
#define MAX_BUILDS 4

static const int interrupt_signals[] = { SIGINT, SIGTERM, SIGHUP };
#define INTERRUPT_SIGNALS (sizeof(interrupt_signals) / sizeof(interrupt_signals[0]))
static char interrupted_paths[MAX_BUILDS][PATH_MAX];
static volatile sig_atomic_t interrupted_used[MAX_BUILDS];
static pthread_mutex_t interrupt_lock = PTHREAD_MUTEX_INITIALIZER;
static size_t builds_running;
static bool handler_installed[INTERRUPT_SIGNALS];

static void on_interrupt(int sig)
{
	int saved = errno;

	for (size_t i = 0; i < MAX_BUILDS; i++)
		if (interrupted_used[i])
			unlink(interrupted_paths[i]);
	errno = saved;
	raise(sig);    /* SA_RESETHAND: now the default action */
}

/* Returns the slot taken, or -1 (too many builds at once, or a path too
 * long: that build is simply not cleaned up). */
static int watch_interrupts(const char *tmp_path)
{
	int slot = -1;

	pthread_mutex_lock(&interrupt_lock);
	for (int i = 0; i < MAX_BUILDS && slot < 0; i++) {
		if (!interrupted_used[i] && strlen(tmp_path) < PATH_MAX) {
			strcpy(interrupted_paths[i], tmp_path);
			interrupted_used[i] = 1;
			slot = i;
		}
	}
	if (slot >= 0 && builds_running++ == 0) {
		for (size_t i = 0; i < INTERRUPT_SIGNALS; i++) {
			struct sigaction old, act;

			memset(&act, 0, sizeof(act));
			act.sa_handler = on_interrupt;
			act.sa_flags = SA_RESETHAND;
			sigemptyset(&act.sa_mask);
			handler_installed[i] = sigaction(interrupt_signals[i], NULL, &old) == 0 &&
			                       old.sa_handler == SIG_DFL &&
			                       sigaction(interrupt_signals[i], &act, NULL) == 0;
		}
	}
	pthread_mutex_unlock(&interrupt_lock);
	return slot;
}

static void unwatch_interrupts(int slot)
{
	if (slot < 0)
		return;
	pthread_mutex_lock(&interrupt_lock);
	interrupted_used[slot] = 0;
	if (--builds_running == 0) {
		for (size_t i = 0; i < INTERRUPT_SIGNALS; i++) {
			struct sigaction old;

			/* restored only if it is still ours (SA_RESETHAND clears it once fired) */
			if (handler_installed[i] && sigaction(interrupt_signals[i], NULL, &old) == 0 &&
			    old.sa_handler == on_interrupt)
				signal(interrupt_signals[i], SIG_DFL);
			handler_installed[i] = false;
		}
	}
	pthread_mutex_unlock(&interrupt_lock);
}

/* ---- starting and ending --------------------------------------------------------- */

static int insert_core_vocabulary(struct store_writer *w)
{
	struct position none = { -1, 0, 0 };

	for (size_t i = 0; i < core_kind_count; i++) {
		if (insert_kind(w, core_kinds[i].name, core_kinds[i].badge, core_kinds[i].description,
		                true, none) != 0)
			return -1;
		remember_kind(w, core_kinds[i].name, core_kinds[i].badge, none);
	}
	for (size_t i = 0; i < core_relation_count; i++) {
		if (insert_relation(w, core_relations[i].name, core_relations[i].inverse,
		                    core_relations[i].secondary, core_relations[i].description, true,
		                    none) != 0)
			return -1;
		remember_relation(w, core_relations[i].name, core_relations[i].inverse,
		                  core_relations[i].secondary, none);
	}
	return 0;
}

static void finalize_statements(struct store_writer *w)
{
#define FINALIZE_STATEMENT(name, sql) sqlite3_finalize(w->name); w->name = NULL;
	WRITER_STATEMENTS(FINALIZE_STATEMENT)
	FIXUP_STATEMENTS(FINALIZE_STATEMENT)
}

static void free_batches(struct batch *b)
{
	while (b) {
		struct batch *next = b->next;
		free(b->data);
		free(b);
		b = next;
	}
}

static void writer_free(struct store_writer *w)
{
	drain(w);
	finalize_statements(w);
	sqlite3_close(w->db);
	free_vocabulary(w);
	free_batches(w->current);
	free_batches(w->head);
	free_batches(w->spare);
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->filled);
	pthread_cond_destroy(&w->emptied);
	free(w->error);
	free(w->path);
	free(w->tmp_path);
	unwatch_interrupts(w->interrupt_slot);
	free(w);
}

void store_writer_abort(struct store_writer *w)
{
	if (!w)
		return;
	drain(w);
	finalize_statements(w);
	sqlite3_close(w->db);
	w->db = NULL;
	unlink(w->tmp_path);
	writer_free(w);
}

/* The build runs in one transaction on a private temporary file that is
 * thrown away unless the model is valid, so durability is not needed until
 * the final commit: no journal, no syncs, a bounded page cache. */
static const char build_pragmas[] =
	"PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA temp_store=FILE;"
	"PRAGMA cache_size=-16384; PRAGMA foreign_keys=OFF; PRAGMA locking_mode=EXCLUSIVE;";

struct store_writer *store_writer_begin(const char *path, char **error)
{
	struct store_writer *w = xcalloc(1, sizeof(*w));

	w->path = xstrdup(path);
	w->tmp_path = xasprintf("%s.tmp-%ld", path, (long)getpid());
	w->interrupt_slot = watch_interrupts(w->tmp_path);
	w->current = xcalloc(1, sizeof(*w->current));
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->filled, NULL);
	pthread_cond_init(&w->emptied, NULL);
	atomic_init(&w->failed, false);
	unlink(w->tmp_path);
	/* one thread at a time uses the connection (the SQLite thread, then the
	 * caller's once it is joined): no need for SQLite's own locking */
	if (sqlite3_open_v2(w->tmp_path, &w->db,
	                    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
	                    NULL) != SQLITE_OK) {
		*error = xasprintf("%s: cannot create model database: %s", w->tmp_path,
		                   w->db ? sqlite3_errmsg(w->db) : "out of memory");
		store_writer_abort(w);
		return NULL;
	}
	if (store_exec(w->db, build_pragmas, error) != 0 ||
	    store_create_schema(w->db, error) != 0 ||
	    store_exec(w->db, "BEGIN", error) != 0) {
		store_writer_abort(w);
		return NULL;
	}
#define PREPARE_STATEMENT(name, sql) \
	if (!(w->name = store_prepare(w->db, sql))) { \
		*error = xasprintf("preparing %s: %s", #name, sqlite3_errmsg(w->db)); \
		store_writer_abort(w); \
		return NULL; \
	}
	WRITER_STATEMENTS(PREPARE_STATEMENT)
	if (insert_core_vocabulary(w) != 0) {
		*error = xasprintf("%s: %s", w->tmp_path, sqlite3_errmsg(w->db));
		store_writer_abort(w);
		return NULL;
	}
	if (pthread_create(&w->thread, NULL, sqlite_thread, w) != 0) {
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
		pthread_mutex_lock(&w->lock);
		error = w->error;
		pthread_mutex_unlock(&w->lock);
		return error;
	}
	return w->running ? "unknown error" : sqlite3_errmsg(w->db);
}

/* ---- rows from the loader ---------------------------------------------------------- */

int writer_add_file(struct store_writer *w, int file_no, const struct model_file *file)
{
	struct batch *b = w->current;

	put_op(b, OP_FILE);
	put_int(b, file_no);
	put_str(b, file->path);
	put_i64(b, (int64_t)file->size);
	put_i64(b, file->mtime_ns);
	return record_done(w);
}

int writer_set_file_title(struct store_writer *w, int file_no, const char *title)
{
	struct batch *b = w->current;

	put_op(b, OP_TITLE);
	put_str(b, title);
	put_int(b, file_no);
	return record_done(w);
}

int writer_add_entity(struct store_writer *w, const struct entity_row *row)
{
	struct batch *b = w->current;

	put_op(b, OP_ENTITY);
	put_i64(b, row->eid);
	put_str(b, row->id);
	put_str(b, row->kind);
	put_str(b, row->name);
	put_str(b, row->type);
	put_str(b, row->text);
	put_i64(b, row->parent);
	put_int(b, row->explicit_parent);
	put_int(b, row->file_no);
	put_int(b, (int)row->line);
	put_int(b, (int)row->col);
	put_int(b, (int)row->parent_line);
	put_int(b, (int)row->parent_col);
	return record_done(w);
}

int writer_add_aka(struct store_writer *w, int64_t eid, int ord, const char *value)
{
	struct batch *b = w->current;

	put_op(b, OP_AKA);
	put_i64(b, eid);
	put_int(b, ord);
	put_str(b, value);
	return record_done(w);
}

int writer_add_fact(struct store_writer *w, int64_t fid, int64_t eid, const char *key,
                    const char *value, const char *note, struct position pos)
{
	struct batch *b = w->current;

	put_op(b, OP_FACT);
	put_i64(b, fid);
	put_i64(b, eid);
	put_str(b, key);
	put_str(b, value);
	put_str(b, note);
	put_position(b, pos);
	return record_done(w);
}

int writer_add_link(struct store_writer *w, const struct link_row *row)
{
	struct batch *b = w->current;

	put_op(b, OP_LINK);
	put_i64(b, row->lid);
	put_i64(b, row->src);
	put_i64(b, row->dst);
	put_str(b, row->rel);
	put_int(b, row->file_no);
	put_int(b, (int)row->line);
	put_int(b, (int)row->col);
	return record_done(w);
}

int writer_add_link_fact(struct store_writer *w, int64_t lid, int ord, const char *key,
                         const char *value)
{
	struct batch *b = w->current;

	put_op(b, OP_LINK_FACT);
	put_i64(b, lid);
	put_int(b, ord);
	put_str(b, key);
	put_str(b, value);
	return record_done(w);
}

int writer_add_citation(struct store_writer *w, enum citation_owner owner_type, int64_t owner,
                        int ord, const char *source_id, int64_t source, struct position pos)
{
	struct batch *b = w->current;

	put_op(b, OP_CITATION);
	put_int(b, (int)owner_type);
	put_i64(b, owner);
	put_int(b, ord);
	put_str(b, source_id);
	put_i64(b, source);
	put_position(b, pos);
	return record_done(w);
}

/* ---- declarations -------------------------------------------------------------------- */

int writer_declare_kind(struct store_writer *w, const char *name, const char *badge,
                        const char *description, struct position pos, struct position *previous)
{
	const struct vocab_kind *known = find_kind(w, name);
	struct batch *b = w->current;

	if (known) {
		*previous = known->pos;
		return strcmp(known->badge, badge) == 0 ? 0 : 1;
	}
	remember_kind(w, name, badge, pos);
	put_op(b, OP_KIND);
	put_str(b, name);
	put_str(b, badge);
	put_str(b, description);
	put_position(b, pos);
	return record_done(w);
}

/* A declaration is compared with the first relation found by, in order:
 * its name as a name, its name as an inverse, its inverse as a name, its
 * inverse as an inverse. */
int writer_declare_relation(struct store_writer *w, const char *name, const char *inverse,
                            bool secondary, const char *description, struct position pos,
                            struct position *previous)
{
	const char *const probes[2] = { name, inverse };
	struct batch *b = w->current;

	for (int wanted = 0; wanted < 4; wanted++) {
		bool as_inverse;
		const struct vocab_relation *known = find_relation(w, probes[wanted / 2], &as_inverse);

		if (known && as_inverse == (wanted % 2 == 1)) {
			*previous = known->pos;
			return strcmp(known->name, name) == 0 && strcmp(known->inverse, inverse) == 0 &&
			       known->secondary == secondary ? 0 : 1;
		}
	}
	remember_relation(w, name, inverse, secondary, pos);
	put_op(b, OP_RELATION);
	put_str(b, name);
	put_str(b, inverse);
	put_int(b, secondary);
	put_str(b, description);
	put_position(b, pos);
	return record_done(w);
}

bool writer_kind_known(struct store_writer *w, const char *name)
{
	return find_kind(w, name) != NULL;
}

bool writer_relation_known(struct store_writer *w, const char *name)
{
	bool inverse;

	return find_relation(w, name, &inverse) != NULL;
}

bool writer_relation(struct store_writer *w, const char *name, const char **forward,
                     bool *inverse, bool *secondary)
{
	const struct vocab_relation *r = find_relation(w, name, inverse);

	if (!r)
		return false;
	*forward = r->name;
	*secondary = r->secondary;
	return true;
}

int writer_add_pending(struct store_writer *w, const char *what, const char *name,
                       struct position pos)
{
	GROW(w->pending, w->pending_cap, w->pending_count + 1);
	w->pending[w->pending_count++] =
		(struct pending_name){ strcmp(what, "kind") == 0, xstrdup(name), pos };
	return atomic_load(&w->failed) ? -1 : 0;
}

static const char *path_of_file(const struct model_files *files, int file_no)
{
	if (file_no < 0 || (size_t)file_no >= files->count)
		return "";
	return files->items[file_no].path;
}

/* Unknown kinds first, then unknown relations, each in the order of use. */
void writer_report_unknown_names(struct store_writer *w, const struct model_files *files,
                                 struct diag_list *diags)
{
	for (int kinds = 1; kinds >= 0; kinds--) {
		for (size_t i = 0; i < w->pending_count; i++) {
			const struct pending_name *p = &w->pending[i];
			bool inverse;

			if (p->kind != (kinds == 1))
				continue;
			if (p->kind ? find_kind(w, p->name) != NULL
			            : find_relation(w, p->name, &inverse) != NULL)
				continue;
			diag_add(diags, p->pos.file_no, path_of_file(files, p->pos.file_no), p->pos.line,
			         p->pos.col, "%s '%s'", p->kind ? "unknown kind" : "unknown relation",
			         p->name);
		}
	}
}

/* ---- after the drain: fix-ups on the caller's thread ------------------------------------ */

static sqlite3_stmt *fixup(struct store_writer *w, sqlite3_stmt **stmt, const char *sql)
{
	if (!*stmt)
		*stmt = store_prepare(w->db, sql);
	return *stmt;
}

#define FIXUP(w, name) fixup((w), &(w)->name, FIXUP_SQL_##name)
#define FIXUP_SQL(name, sql) static const char FIXUP_SQL_##name[] = sql;
FIXUP_STATEMENTS(FIXUP_SQL)

int writer_fix_parent(struct store_writer *w, int64_t eid, int64_t parent)
{
	sqlite3_stmt *s = FIXUP(w, fix_parent);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, parent);
	sqlite3_bind_int64(s, 2, eid);
	return run(s);
}

int writer_fix_link(struct store_writer *w, int64_t lid, int64_t src, const char *rel,
                    int64_t dst)
{
	sqlite3_stmt *s = FIXUP(w, fix_link);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, src);
	bind_text(s, 2, rel);
	sqlite3_bind_int64(s, 3, dst);
	sqlite3_bind_int64(s, 4, lid);
	return run(s);
}

int writer_fix_citation(struct store_writer *w, enum citation_owner owner_type, int64_t owner,
                        int ord, int64_t source)
{
	sqlite3_stmt *s = FIXUP(w, fix_citation);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, source);
	sqlite3_bind_int(s, 2, (int)owner_type);
	sqlite3_bind_int64(s, 3, owner);
	sqlite3_bind_int(s, 4, ord);
	return run(s);
}

int writer_set_counts(struct store_writer *w, int64_t eid, int64_t n_children, int64_t n_linked)
{
	sqlite3_stmt *s = FIXUP(w, set_counts);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, n_children);
	sqlite3_bind_int64(s, 2, n_linked);
	sqlite3_bind_int64(s, 3, eid);
	return run(s);
}

int writer_drain(struct store_writer *w, struct diag_list *diags)
{
	drain(w);
	if (atomic_load(&w->failed)) {
		diag_add(diags, -1, "", 0, 0, "cannot store the model: %s", w->error);
		return -1;
	}
	return 0;
}

sqlite3 *writer_db(struct store_writer *w)
{
	return w->db;
}

/* ---- finishing ------------------------------------------------------------------------- */

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
	if (rename(w->tmp_path, w->path) != 0) {
		diag_add(diags, -1, w->path, 0, 0, "cannot move model database into place: %s",
		         strerror(errno));
		return -1;
	}
	return 0;
}

int store_writer_finish(struct store_writer *w, struct diag_list *diags)
{
	int rc = writer_drain(w, diags);

	finalize_statements(w);
	if (rc == 0)
		rc = store_build_indexes(w->db, diags);
	if (rc == 0)
		rc = commit_and_move(w, diags);
	if (rc != 0) {
		store_writer_abort(w);
		return rc;
	}
	writer_free(w);
	return 0;
}
