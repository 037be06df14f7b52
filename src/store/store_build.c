/* sync_file_range (Linux): see start_writeback */
#define _GNU_SOURCE
#include "icsview/store/store_build.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "icsview/base/model.h"
#include "icsview/base/paths.h"
#include "store_index.h"
#include "store_private.h"
#include "icsview/base/strmap.h"

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
	_(ins_entity, "INSERT INTO entities(eid, id, kind_no, name, type_no, text, parent," \
	              " file_no, line, col, parent_line_off, parent_col, id_aka)" \
	              " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)") \
	_(ins_aka, "INSERT INTO aka(eid, ord, value) VALUES(?,?,?)") \
	_(ins_fact_key, "INSERT INTO fact_keys(key_no, name) VALUES(?,?)") \
	_(ins_type, "INSERT INTO types(type_no, name) VALUES(?,?)") \
	_(ins_fact, "INSERT INTO facts(fid, eid, key_no, value, num, note, line_off, col)" \
	            " VALUES(?,?,?,?,?,?,?,?)") \
	_(ins_link, "INSERT INTO links(lid, src, rel_no, dst, line_off, col) VALUES(?,?,?,?,?,?)") \
	_(ins_link_fact, "INSERT INTO link_facts(lid, ord, key, value, num) VALUES(?,?,?,?,?)") \
	_(ins_citation, "INSERT INTO citations(owner_type, owner, ord, source_id, source, file_no," \
	                " line, col) VALUES(?,?,?,?,?,?,?,?)") \
	_(ins_kind, "INSERT INTO kinds(kind_no, name, badge, description, core, file_no, line," \
	            " col) VALUES(?,?,?,?,?,?,?,?)") \
	_(ins_relation, "INSERT INTO relations(rel_no, name, inverse, secondary, description," \
	                " core, file_no, line, col) VALUES(?,?,?,?,?,?,?,?,?)")

/* The fix-ups run on the caller's thread once the SQLite thread is done. */
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
	_(set_counts, "UPDATE entities SET n_children=?, n_linked=? WHERE eid=?")

/* What a batch holds: records, each an op byte and its fields. */
enum op {
	OP_FILE, OP_TITLE, OP_TYPE, OP_ENTITY, OP_AKA, OP_FACT_KEY, OP_FACT, OP_LINK, OP_LINK_FACT,
	OP_CITATION, OP_KIND, OP_RELATION,
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

/* An entity written before its kind was declared: its kind is stored as 0
 * until writer_fix_kinds. */
struct late_kind {
	int64_t eid;
	char *name;
};

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

/* A late search document (see writer_add_document), kept until the rest. */
struct late_doc {
	int64_t eid;
	char *name, *aka, *facts, *text;
};

struct store_writer {
	sqlite3 *db;
	char *path;
	char *tmp_path;
	char *build_id;                 /* pairs the database with its search index */
	struct timespec started;        /* wall clock before any file was read: the
	                                 * database's date, for the cache's racy check */
	char *errmsg;                   /* writer_errmsg()'s text */
#define DECLARE_STATEMENT(name, sql) sqlite3_stmt *name;
	WRITER_STATEMENTS(DECLARE_STATEMENT)
	FIXUP_STATEMENTS(DECLARE_STATEMENT)

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

	/* the search documents, to the search thread and its own database */
	struct queue docs;
	pthread_t search_thread;
	bool search_running;
	bool with_search;
	sqlite3 *search_db;
	char *search_path, *search_tmp_path;
	struct late_doc *late;
	size_t late_count, late_cap;
	int64_t last_doc;               /* the largest eid sent in order */
	int search_rc;                  /* the search thread's result: 0 when built */
	char *search_error;             /* why not */

	pthread_mutex_t error_lock;
	atomic_bool failed;             /* a write failed: the rest is thrown away */
	char *error;                    /* why (the first failure) */
	int interrupt_slot, search_interrupt_slot;   /* see watch_interrupts */
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

/* The number a kind is stored as: its place in the vocabulary, from 1 (the
 * kind_no of its row in kinds); 0 while it is not declared. */
static int kind_code(const struct store_writer *w, const char *name)
{
	const int32_t *index = strmap_find(&w->kind_names, name);

	return index ? *index + 1 : 0;
}

/* The number a relation is stored as, by its name (not its inverse name):
 * as kind_code. */
static int relation_code(const struct store_writer *w, const char *name)
{
	const int32_t *index = strmap_find(&w->relation_names, name);

	return index && *index >= 0 ? *index + 1 : 0;
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
	for (size_t i = 0; i < w->late_kind_count; i++)
		free(w->late_kinds[i].name);
	free(w->kinds);
	free(w->relations);
	free(w->pending);
	free(w->late_kinds);
	strmap_free(&w->kind_names);
	strmap_free(&w->relation_names);
	strmap_free(&w->fact_keys);
	strmap_free(&w->types);
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

/* Binds a position (file, line, column) to parameters first, first+1, first+2. */
static void bind_position(sqlite3_stmt *s, int first, struct position pos)
{
	sqlite3_bind_int(s, first, pos.file_no);
	sqlite3_bind_int(s, first + 1, (int)pos.line);
	sqlite3_bind_int(s, first + 2, (int)pos.col);
}

static int insert_entity(struct store_writer *w, const struct entity_row *row, int kind_no,
                         int type_no)
{
	sqlite3_stmt *s = w->ins_entity;

	sqlite3_bind_int64(s, 1, row->eid);
	bind_text(s, 2, row->id);
	sqlite3_bind_int(s, 3, kind_no);
	bind_text(s, 4, row->name);
	bind_id(s, 5, type_no);
	bind_text(s, 6, row->text);
	bind_id(s, 7, row->parent);
	bind_position(s, 8, row->pos);
	if (row->explicit_parent) {
		sqlite3_bind_int(s, 11, (int)row->parent_line - (int)row->pos.line);
		sqlite3_bind_int(s, 12, (int)row->parent_col);
	}
	if (row->id_aka >= 0)
		sqlite3_bind_int(s, 13, row->id_aka);
	return run(s);
}

static int insert_link(struct store_writer *w, int64_t lid, int64_t src, int64_t dst,
                       int rel_no, int line_off, int col)
{
	sqlite3_stmt *s = w->ins_link;

	sqlite3_bind_int64(s, 1, lid);
	sqlite3_bind_int64(s, 2, src);
	sqlite3_bind_int(s, 3, rel_no);
	bind_id(s, 4, dst);
	sqlite3_bind_int(s, 5, line_off);
	sqlite3_bind_int(s, 6, col);
	return run(s);
}

static int insert_kind(struct store_writer *w, int kind_no, const char *name, const char *badge,
                       const char *description, bool core, struct position pos)
{
	sqlite3_stmt *s = w->ins_kind;

	sqlite3_bind_int(s, 1, kind_no);
	bind_text(s, 2, name);
	bind_text(s, 3, badge);
	bind_text(s, 4, description);
	sqlite3_bind_int(s, 5, core);
	if (!core) {
		bind_position(s, 6, pos);
	}
	return run(s);
}

static int insert_relation(struct store_writer *w, int rel_no, const char *name,
                           const char *inverse, bool secondary, const char *description,
                           bool core, struct position pos)
{
	sqlite3_stmt *s = w->ins_relation;

	sqlite3_bind_int(s, 1, rel_no);
	bind_text(s, 2, name);
	bind_text(s, 3, inverse);
	sqlite3_bind_int(s, 4, secondary);
	bind_text(s, 5, description);
	sqlite3_bind_int(s, 6, core);
	if (!core) {
		bind_position(s, 7, pos);
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
	case OP_TYPE:
		s = w->ins_type;
		sqlite3_bind_int(s, 1, get_int(r));
		bind_text(s, 2, get_str(r));
		return run(s);
	case OP_ENTITY: {
		struct entity_row row;
		int kind_no, type_no;
		row.eid = get_i64(r);
		row.id = get_str(r);
		row.kind = NULL;
		kind_no = get_int(r);
		row.name = get_str(r);
		row.type = NULL;
		type_no = get_int(r);
		row.text = get_str(r);
		row.parent = get_i64(r);
		row.explicit_parent = get_int(r) != 0;
		row.pos = get_position(r);
		row.parent_line = (unsigned)get_int(r);
		row.parent_col = (unsigned)get_int(r);
		row.id_aka = get_int(r);
		return insert_entity(w, &row, kind_no, type_no);
	}
	case OP_AKA:
		s = w->ins_aka;
		sqlite3_bind_int64(s, 1, get_i64(r));
		sqlite3_bind_int(s, 2, get_int(r));
		bind_text(s, 3, get_str(r));
		return run(s);
	case OP_FACT_KEY:
		s = w->ins_fact_key;
		sqlite3_bind_int(s, 1, get_int(r));
		bind_text(s, 2, get_str(r));
		return run(s);
	case OP_FACT: {
		const char *value;
		s = w->ins_fact;
		sqlite3_bind_int64(s, 1, get_i64(r));
		sqlite3_bind_int64(s, 2, get_i64(r));
		sqlite3_bind_int(s, 3, get_int(r));
		value = get_str(r);
		bind_text(s, 4, value);
		bind_number(s, 5, value);
		bind_text(s, 6, get_str(r));
		sqlite3_bind_int(s, 7, get_int(r));
		sqlite3_bind_int(s, 8, get_int(r));
		return run(s);
	}
	case OP_LINK: {
		int64_t lid = get_i64(r), src = get_i64(r), dst = get_i64(r);
		int rel_no = get_int(r), line_off = get_int(r);
		return insert_link(w, lid, src, dst, rel_no, line_off, get_int(r));
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
		bind_position(s, 6, pos);
		return run(s);
	}
	case OP_KIND: {
		int kind_no = get_int(r);
		const char *name = get_str(r), *badge = get_str(r), *description = get_str(r);
		return insert_kind(w, kind_no, name, badge, description, false, get_position(r));
	}
	case OP_RELATION: {
		int rel_no = get_int(r);
		const char *name = get_str(r), *inverse = get_str(r);
		bool secondary = get_int(r) != 0;
		const char *description = get_str(r);
		return insert_relation(w, rel_no, name, inverse, secondary, description, false,
		                       get_position(r));
	}
	}
	return -1;
}

static void fail(struct store_writer *w, const char *message)
{
	pthread_mutex_lock(&w->error_lock);
	if (!w->error)
		w->error = xstrdup(message);
	pthread_mutex_unlock(&w->error_lock);
	atomic_store(&w->failed, true);
}

/* ---- the queues ------------------------------------------------------------------- */

static void queue_init(struct queue *q)
{
	memset(q, 0, sizeof(*q));
	q->current = xcalloc(1, sizeof(*q->current));
	pthread_mutex_init(&q->lock, NULL);
	pthread_cond_init(&q->filled, NULL);
	pthread_cond_init(&q->emptied, NULL);
	atomic_init(&q->aborted, false);
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

static void queue_destroy(struct queue *q)
{
	free_batches(q->current);
	free_batches(q->head);
	free_batches(q->spare);
	pthread_mutex_destroy(&q->lock);
	pthread_cond_destroy(&q->filled);
	pthread_cond_destroy(&q->emptied);
}

/* Hands the current batch to the consumer, waiting while the queue is
 * full, and takes an empty one. */
static void queue_hand_over(struct queue *q)
{
	struct batch *b = q->current;

	pthread_mutex_lock(&q->lock);
	while (q->queued >= QUEUE_BATCHES)
		pthread_cond_wait(&q->emptied, &q->lock);
	if (q->tail)
		q->tail->next = b;
	else
		q->head = b;
	q->tail = b;
	q->queued++;
	pthread_cond_signal(&q->filled);
	if (q->spare) {
		q->current = q->spare;
		q->spare = q->spare->next;
		q->spare_count--;
		q->current->next = NULL;
	} else {
		q->current = xcalloc(1, sizeof(*q->current));
	}
	pthread_mutex_unlock(&q->lock);
}

/* Hands over what is left, then tells the consumer that nothing more comes. */
static void queue_close(struct queue *q)
{
	if (q->current->len)
		queue_hand_over(q);
	pthread_mutex_lock(&q->lock);
	q->closed = true;
	pthread_cond_signal(&q->filled);
	pthread_mutex_unlock(&q->lock);
}

/* The consumer's next batch; NULL once the queue is closed and empty. */
static struct batch *queue_take(struct queue *q)
{
	struct batch *b;

	pthread_mutex_lock(&q->lock);
	while (!q->head && !q->closed)
		pthread_cond_wait(&q->filled, &q->lock);
	b = q->head;
	if (b) {
		q->head = b->next;
		if (!q->head)
			q->tail = NULL;
		q->queued--;
		pthread_cond_signal(&q->emptied);
	}
	pthread_mutex_unlock(&q->lock);
	return b;
}

static void queue_recycle(struct queue *q, struct batch *b)
{
	b->len = 0;
	b->next = NULL;
	pthread_mutex_lock(&q->lock);
	if (q->spare_count < SPARE_BATCHES && b->cap <= 2 * BATCH_BYTES) {
		b->next = q->spare;
		q->spare = b;
		q->spare_count++;
		b = NULL;
	}
	pthread_mutex_unlock(&q->lock);
	if (b) {
		free(b->data);
		free(b);
	}
}

static void *sqlite_thread(void *arg)
{
	struct store_writer *w = arg;
	struct batch *b;

	while ((b = queue_take(&w->rows)) != NULL) {
		if (!atomic_load(&w->failed)) {
			struct reader r = { b->data, b->data + b->len };
			errno = 0;
			while (r.p < r.end) {
				if (replay(w, &r) != 0) {
					char *why = store_error_text(w->db, errno);
					fail(w, why);
					free(why);
					break;
				}
			}
		}
		queue_recycle(&w->rows, b);
	}
	return NULL;
}

/* After each row: the batch goes when it is full.  Returns -1 once a
 * writing thread has failed, so that the loader stops reading. */
static int record_done(struct store_writer *w)
{
	if (w->rows.current->len >= BATCH_BYTES)
		queue_hand_over(&w->rows);
	return atomic_load(&w->failed) ? -1 : 0;
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

/* ---- the search index, on a thread and in a database of its own ------------------------ */

/* The search index is built from documents the loader sends as it reads:
 * one statement, INSERT INTO search ... SELECT ... FROM doc_stream, where
 * doc_stream is a virtual table whose rows come off the queue, so that
 * FTS5 sees one bulk insert in ascending rowid order (several times faster
 * than any other order, and than a statement per document, after each of
 * which FTS5 flushes).  An entity is sent when it ends, so one that
 * contains others comes after them: such late documents are kept here and
 * come last, in order. */

struct stream_cursor {
	sqlite3_vtab_cursor base;
	struct store_writer *w;
	struct batch *batch;
	struct reader r;
	bool in_late, eof;
	size_t late_at;
	int64_t eid;
	const char *column[4];          /* name, aka, facts, text */
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

/* Moves to the next document in order, keeping late ones for the end. */
static int stream_advance(struct stream_cursor *c)
{
	struct store_writer *w = c->w;

	for (;;) {
		if (c->in_late) {
			if (c->late_at == w->late_count) {
				c->eof = true;
				return SQLITE_OK;
			}
			c->eid = w->late[c->late_at].eid;
			c->column[0] = w->late[c->late_at].name;
			c->column[1] = w->late[c->late_at].aka;
			c->column[2] = w->late[c->late_at].facts;
			c->column[3] = w->late[c->late_at].text;
			c->late_at++;
			return SQLITE_OK;
		}
		if (c->batch && c->r.p < c->r.end) {
			bool late;
			c->eid = get_i64(&c->r);
			late = get_int(&c->r) != 0;
			for (int i = 0; i < 4; i++)
				c->column[i] = get_str(&c->r);
			if (!late)
				return SQLITE_OK;
			GROW(w->late, w->late_cap, w->late_count + 1);
			w->late[w->late_count++] = (struct late_doc){
				c->eid, copy_or_null(c->column[0]), copy_or_null(c->column[1]),
				copy_or_null(c->column[2]), copy_or_null(c->column[3]),
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

static int sync_private(const char *path, char **error);

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

static int start_search(struct store_writer *w, char **error)
{
	sqlite3_stmt *stmt;

	w->search_path = xasprintf("%s-search", w->path);
	w->search_tmp_path = xasprintf("%s.tmp-%ld", w->search_path, (long)getpid());
	w->search_interrupt_slot = watch_interrupts(w->search_tmp_path);
	unlink(w->search_tmp_path);
	if (sqlite3_open_v2(w->search_tmp_path, &w->search_db,
	                    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
	                    NULL) != SQLITE_OK) {
		*error = xasprintf("%s: cannot create search index: %s", w->search_tmp_path,
		                   w->search_db ? sqlite3_errmsg(w->search_db) : "out of memory");
		return -1;
	}
	if (store_exec(w->search_db, search_pragmas, error) != 0 ||
	    store_create_search_schema(w->search_db, error) != 0 ||
	    store_exec(w->search_db, "BEGIN", error) != 0)
		return -1;
	stmt = store_prepare(w->search_db, "INSERT INTO meta(key, value) VALUES('build', ?)");
	if (stmt)
		sqlite3_bind_text(stmt, 1, w->build_id, -1, SQLITE_STATIC);
	if (!stmt || run(stmt) != 0 ||
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

/* Waits for the search thread: once every document is in (abort: at once,
 * throwing its work away). */
static void finish_search(struct store_writer *w, bool abort)
{
	if (!w->search_running)
		return;
	if (abort)
		atomic_store(&w->docs.aborted, true);
	queue_close(&w->docs);
	pthread_join(w->search_thread, NULL);
	w->search_running = false;
}

static void free_search(struct store_writer *w)
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
	struct batch *b = w->docs.current;
	bool late = eid <= w->last_doc;

	if (!w->with_search)
		return 0;
	if (!late)
		w->last_doc = eid;
	put_i64(b, eid);
	put_int(b, late);
	put_str(b, name);
	put_str(b, aka);
	put_str(b, facts);
	put_str(b, text);
	if (b->len >= BATCH_BYTES)
		queue_hand_over(&w->docs);
	return atomic_load(&w->failed) ? -1 : 0;
}

/* ---- starting and ending --------------------------------------------------------- */

static int insert_core_vocabulary(struct store_writer *w)
{
	struct position none = { -1, 0, 0 };

	for (size_t i = 0; i < core_kind_count; i++) {
		if (insert_kind(w, (int)w->kind_count + 1, core_kinds[i].name, core_kinds[i].badge,
		                core_kinds[i].description, true, none) != 0)
			return -1;
		remember_kind(w, core_kinds[i].name, core_kinds[i].badge, none);
	}
	for (size_t i = 0; i < core_relation_count; i++) {
		if (insert_relation(w, (int)w->relation_count + 1, core_relations[i].name,
		                    core_relations[i].inverse, core_relations[i].secondary,
		                    core_relations[i].description, true, none) != 0)
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

static void writer_free(struct store_writer *w)
{
	drain(w);
	finish_search(w, true);
	finalize_statements(w);
	sqlite3_close(w->db);
	free_vocabulary(w);
	free_search(w);
	queue_destroy(&w->rows);
	queue_destroy(&w->docs);
	pthread_mutex_destroy(&w->error_lock);
	free(w->error);
	free(w->path);
	free(w->tmp_path);
	free(w->build_id);
	free(w->errmsg);
	unwatch_interrupts(w->interrupt_slot);
	unwatch_interrupts(w->search_interrupt_slot);
	free(w);
}

void store_writer_abort(struct store_writer *w)
{
	if (!w)
		return;
	drain(w);
	finish_search(w, true);
	finalize_statements(w);
	sqlite3_close(w->db);
	w->db = NULL;
	sqlite3_close(w->search_db);
	w->search_db = NULL;
	unlink(w->tmp_path);
	if (w->search_tmp_path)
		unlink(w->search_tmp_path);
	writer_free(w);
}

/* A random id shared by the database and its search index, so that a
 * search index is never used with a database it was not built with. */
static char *new_build_id(void)
{
	uint64_t id = (uint64_t)getpid() * UINT64_C(0x9e3779b97f4a7c15) ^ (uint64_t)time(NULL);
	FILE *f = fopen("/dev/urandom", "rb");
	uint64_t random = 0;

	if (f) {
		if (fread(&random, sizeof(random), 1, f) != 1)
			random = 0;
		fclose(f);
	}
	id ^= random ^ (uint64_t)(uintptr_t)&id;
	return xasprintf("%016llx", (unsigned long long)id);
}

/* The build runs in one transaction on a private temporary file that is
 * thrown away unless the model is valid, so durability is not needed until
 * the final commit: no journal, no syncs.  A small page cache: rows are
 * mostly appended, the sorts of CREATE INDEX spill to temporary files that
 * stay in the operating system's cache, and measured on a national model a
 * 2 MB cache builds with less CPU than a 16 MB one (memory first touched
 * is dear on these machines) and a third of the peak memory. */
static const char build_pragmas[] =
	"PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA temp_store=FILE;"
	"PRAGMA cache_size=-2048; PRAGMA foreign_keys=OFF; PRAGMA locking_mode=EXCLUSIVE;";

struct store_writer *store_writer_begin(const char *path, bool with_search, char **error)
{
	struct store_writer *w = xcalloc(1, sizeof(*w));
	sqlite3_stmt *stmt;
	char *why = NULL;

	clock_gettime(CLOCK_REALTIME, &w->started);
	w->path = xstrdup(path);
	w->tmp_path = xasprintf("%s.tmp-%ld", path, (long)getpid());
	w->build_id = new_build_id();
	w->interrupt_slot = watch_interrupts(w->tmp_path);
	w->search_interrupt_slot = -1;
	queue_init(&w->rows);
	queue_init(&w->docs);
	pthread_mutex_init(&w->error_lock, NULL);
	atomic_init(&w->failed, false);
	unlink(w->tmp_path);
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
		store_writer_abort(w);
		return NULL;
	}
	if (store_exec(w->db, build_pragmas, &why) != 0 ||
	    store_create_schema(w->db, &why) != 0 ||
	    store_exec(w->db, "BEGIN", &why) != 0) {
		*error = xasprintf("%s: cannot create model database: %s", w->tmp_path, why);
		free(why);
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
	stmt = store_prepare(w->db, "INSERT INTO meta(key, value) VALUES('build', ?)");
	if (stmt)
		sqlite3_bind_text(stmt, 1, w->build_id, -1, SQLITE_STATIC);
	if (!stmt || run(stmt) != 0 || insert_core_vocabulary(w) != 0) {
		*error = xasprintf("%s: %s", w->tmp_path, writer_errmsg(w));
		sqlite3_finalize(stmt);
		store_writer_abort(w);
		return NULL;
	}
	sqlite3_finalize(stmt);
	w->with_search = with_search;
	if (with_search && start_search(w, error) != 0) {
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

int writer_add_file(struct store_writer *w, int file_no, const struct model_file *file)
{
	struct batch *b = w->rows.current;

	put_op(b, OP_FILE);
	put_int(b, file_no);
	put_str(b, file->path);
	put_i64(b, (int64_t)file->size);
	put_i64(b, file->mtime_ns);
	return record_done(w);
}

int writer_set_file_title(struct store_writer *w, int file_no, const char *title)
{
	struct batch *b = w->rows.current;

	put_op(b, OP_TITLE);
	put_str(b, title);
	put_int(b, file_no);
	return record_done(w);
}

/* The number a name that is not declared (a fact's key, an entity's type)
 * is stored as: given, and its row written (op), the first time it is
 * used.  0 for NULL. */
static int name_code(struct store_writer *w, struct strmap *names, enum op op, const char *name)
{
	struct batch *b = w->rows.current;
	bool added;
	int32_t *code;

	if (!name)
		return 0;
	code = strmap_insert(names, name, &added);
	if (added) {
		*code = (int32_t)names->count;
		put_op(b, op);
		put_int(b, *code);
		put_str(b, name);
	}
	return *code;
}

int writer_add_entity(struct store_writer *w, const struct entity_row *row)
{
	int type_no = name_code(w, &w->types, OP_TYPE, row->type);
	struct batch *b = w->rows.current;
	int kind_no = kind_code(w, row->kind);

	if (kind_no == 0) {
		GROW(w->late_kinds, w->late_kind_cap, w->late_kind_count + 1);
		w->late_kinds[w->late_kind_count++] = (struct late_kind){ row->eid, xstrdup(row->kind) };
	}
	put_op(b, OP_ENTITY);
	put_i64(b, row->eid);
	put_str(b, row->id);
	put_int(b, kind_no);
	put_str(b, row->name);
	put_int(b, type_no);
	put_str(b, row->text);
	put_i64(b, row->parent);
	put_int(b, row->explicit_parent);
	put_position(b, row->pos);
	put_int(b, (int)row->parent_line);
	put_int(b, (int)row->parent_col);
	put_int(b, row->id_aka);
	return record_done(w);
}

int writer_add_aka(struct store_writer *w, int64_t eid, int ord, const char *value)
{
	struct batch *b = w->rows.current;

	put_op(b, OP_AKA);
	put_i64(b, eid);
	put_int(b, ord);
	put_str(b, value);
	return record_done(w);
}

int writer_add_fact(struct store_writer *w, int64_t fid, int64_t eid, const char *key,
                    const char *value, const char *note, struct position pos,
                    unsigned owner_line)
{
	int key_no = name_code(w, &w->fact_keys, OP_FACT_KEY, key);
	struct batch *b = w->rows.current;

	put_op(b, OP_FACT);
	put_i64(b, fid);
	put_i64(b, eid);
	put_int(b, key_no);
	put_str(b, value);
	put_str(b, note);
	put_int(b, (int)pos.line - (int)owner_line);
	put_int(b, (int)pos.col);
	return record_done(w);
}

int writer_add_link(struct store_writer *w, const struct link_row *row)
{
	struct batch *b = w->rows.current;
	int line_off = (int)row->pos.line - (int)row->owner_line;

	put_op(b, OP_LINK);
	put_i64(b, row->lid);
	put_i64(b, row->src);
	put_i64(b, row->dst);
	/* a link whose target or relation is not known yet (dst 0) is stored
	 * with relation 0 until writer_fix_link */
	put_int(b, row->dst ? relation_code(w, row->rel) : 0);
	put_int(b, 2 * line_off + (row->src != row->owner));
	put_int(b, (int)row->pos.col);
	return record_done(w);
}

int writer_add_link_fact(struct store_writer *w, int64_t lid, int ord, const char *key,
                         const char *value)
{
	struct batch *b = w->rows.current;

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
	struct batch *b = w->rows.current;

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
	struct batch *b = w->rows.current;

	if (known) {
		*previous = known->pos;
		return strcmp(known->badge, badge) == 0 ? 0 : 1;
	}
	remember_kind(w, name, badge, pos);
	put_op(b, OP_KIND);
	put_int(b, (int)w->kind_count);
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
	struct batch *b = w->rows.current;

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
	put_int(b, (int)w->relation_count);
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

/* The number of a kind that was never declared (reported by
 * writer_report_unknown_names: the model is invalid, its database never
 * kept), given a row of its own after the vocabulary's so that the checks
 * that follow can still name it. */
static int undeclared_kind_code(struct store_writer *w, struct strmap *undeclared,
                                const char *name)
{
	sqlite3_stmt *s = FIXUP(w, add_undeclared_kind);
	bool added;
	int32_t *slot = strmap_insert(undeclared, name, &added);
	int kind_no;

	if (!added)
		return *slot;
	kind_no = *slot = (int32_t)(w->kind_count + undeclared->count);
	if (!s)
		return -1;
	sqlite3_bind_int(s, 1, kind_no);
	bind_text(s, 2, name);
	return run(s) == 0 ? kind_no : -1;
}

int writer_fix_kinds(struct store_writer *w)
{
	struct strmap undeclared = STRMAP_INIT;
	sqlite3_stmt *s = FIXUP(w, fix_kind);
	int rc = s ? 0 : -1;

	for (size_t i = 0; i < w->late_kind_count && rc == 0; i++) {
		const struct late_kind *late = &w->late_kinds[i];
		int kind_no = kind_code(w, late->name);

		if (kind_no == 0)
			kind_no = undeclared_kind_code(w, &undeclared, late->name);
		if (kind_no < 0) {
			rc = -1;
			break;
		}
		sqlite3_bind_int(s, 1, kind_no);
		sqlite3_bind_int64(s, 2, late->eid);
		rc = run(s);
	}
	strmap_free(&undeclared);
	return rc;
}

int writer_fix_link(struct store_writer *w, int64_t lid, int64_t written_src, int64_t src,
                    const char *rel, int64_t dst)
{
	sqlite3_stmt *s = FIXUP(w, fix_link);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, src);
	sqlite3_bind_int(s, 2, relation_code(w, rel));
	sqlite3_bind_int64(s, 3, dst);
	sqlite3_bind_int64(s, 4, written_src);
	sqlite3_bind_int64(s, 5, lid);
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
	/* the search thread finishes while the rest of the build goes on */
	if (w->search_running && !w->docs.closed)
		queue_close(&w->docs);
	if (atomic_load(&w->failed)) {
		diag_add(diags, -1, "", 0, 0, "cannot store the model: %s", w->error);
		return -1;
	}
	return 0;
}

static int sync_private(const char *path, char **error)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || fchmod(fd, S_IRUSR | S_IWUSR) != 0 || fsync(fd) != 0) {
		*error = xasprintf("%s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (close(fd) != 0) {
		*error = xasprintf("%s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* Asks the kernel to start writing the file's dirty pages to disk now,
 * without waiting.  The bulk rows are written long before the indexes are
 * built; left alone they would stay in the page cache until the final fsync
 * and the build would wait for all of them there (about a second at 250,000
 * entities).  Started here, the writes overlap the index builds.  Only a
 * hint: a failure changes nothing (the fsync before the rename still says
 * whether the bytes are down). */
static void start_writeback(const char *path)
{
#ifdef __linux__
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return;
	(void)sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
	close(fd);
#else
	(void)path;
#endif
}

sqlite3 *writer_db(struct store_writer *w)
{
	return w->db;
}

/* ---- finishing ------------------------------------------------------------------------- */

/* Dates the database to the build's start (see the cache's racy check),
 * then renames the search index and the database into place: the index
 * first, so that a database is never in place without it, and both under
 * the directory's lock, so that two processes building the same model at
 * once cannot leave one's database beside the other's index (readers take
 * the lock shared while they open the pair). */
static int move_into_place(struct store_writer *w, struct diag_list *diags)
{
	struct timespec times[2] = { { .tv_sec = 0, .tv_nsec = UTIME_OMIT }, w->started };
	int lock = dir_lock(w->path, LOCK_EX), rc = -1;

	utimensat(AT_FDCWD, w->tmp_path, times, 0);
	if (w->with_search && rename(w->search_tmp_path, w->search_path) != 0)
		diag_add(diags, -1, w->path, 0, 0, "cannot move the search index into place: %s",
		         strerror(errno));
	else if (rename(w->tmp_path, w->path) != 0)
		diag_add(diags, -1, w->path, 0, 0, "cannot move model database into place: %s",
		         strerror(errno));
	else
		rc = 0;
	dir_unlock(lock);
	return rc;
}

static int commit_and_move(struct store_writer *w, struct diag_list *diags)
{
	char *error = NULL;

	finish_search(w, false);
	if (w->with_search && w->search_rc != 0) {
		diag_add(diags, -1, w->path, 0, 0, "cannot save model database: %s",
		         w->search_error ? w->search_error : "the search index was not built");
		return -1;
	}
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
	/* The database and its search index are written with synchronous=OFF:
	 * their bytes reach the disk before their names do (the search index's
	 * are synced by its thread), so that a crash never leaves a half-written
	 * database under the final name.  Only their owner may read them (0600;
	 * the cache directory is 0700 too). */
	if (sync_private(w->tmp_path, &error) != 0) {
		diag_add(diags, -1, w->path, 0, 0, "cannot save model database: %s", error);
		free(error);
		return -1;
	}
	return move_into_place(w, diags);
}

int store_writer_finish(struct store_writer *w, struct diag_list *diags)
{
	int rc = writer_drain(w, diags);

	finalize_statements(w);
	if (rc == 0)
		start_writeback(w->tmp_path);
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
