/* The records the loader's thread writes into batches and the build's
 * SQLite thread reads back: the rows of the database (each an op byte and
 * the parameters of the statement that inserts it).  Each record's fields are listed once, below; the code that
 * writes a record, the code that reads it and the binding of its fields to
 * its statement's parameters are all made from that list, so they cannot
 * disagree.  Writing is the hot path of a load (several records per
 * entity): fields are copied straight into the batch, and read back where
 * they lie (strings included, NUL-terminated, bound without a copy). */
#ifndef ICSVIEW_BUILD_RECORDS_H
#define ICSVIEW_BUILD_RECORDS_H

#include <limits.h>
#include <stdint.h>
#include <string.h>
#include "icsview/base/util.h"
#include "icsview/store/store_build.h"

/* Record fields, F(KIND, name), KIND one of:
 *   INT          an int
 *   I64          an int64_t
 *   ID           an int64_t, bound as NULL when 0 (no such row)
 *   INT_OR_NULL  an int, bound as NULL when NULL_INT
 *   TEXT         a string or NULL
 *   VALUE        a string or NULL, bound as itself and, in the next
 *                parameter, as the number it is (NULL when it is none)
 *   POS          a position, bound as its file, line and column
 *   POS_OR_NULL  the same, or three NULLs when its file_no is negative
 *                (the core vocabulary, declared in no file) */
#define NULL_INT INT_MIN   /* no line offset, column or place reaches it */

#define FIELD_TYPE_INT int
#define FIELD_TYPE_I64 int64_t
#define FIELD_TYPE_ID int64_t
#define FIELD_TYPE_INT_OR_NULL int
#define FIELD_TYPE_TEXT const char *
#define FIELD_TYPE_VALUE const char *
#define FIELD_TYPE_POS struct position
#define FIELD_TYPE_POS_OR_NULL struct position

#define FIELD_PUT_INT batch_put_int
#define FIELD_PUT_I64 batch_put_i64
#define FIELD_PUT_ID batch_put_i64
#define FIELD_PUT_INT_OR_NULL batch_put_int
#define FIELD_PUT_TEXT batch_put_str
#define FIELD_PUT_VALUE batch_put_str
#define FIELD_PUT_POS batch_put_position
#define FIELD_PUT_POS_OR_NULL batch_put_position

#define FIELD_GET_INT reader_int
#define FIELD_GET_I64 reader_i64
#define FIELD_GET_ID reader_i64
#define FIELD_GET_INT_OR_NULL reader_int
#define FIELD_GET_TEXT reader_str
#define FIELD_GET_VALUE reader_str
#define FIELD_GET_POS reader_position
#define FIELD_GET_POS_OR_NULL reader_position

/* The statement parameters a field binds. */
#define FIELD_PARAMETERS_INT 1
#define FIELD_PARAMETERS_I64 1
#define FIELD_PARAMETERS_ID 1
#define FIELD_PARAMETERS_INT_OR_NULL 1
#define FIELD_PARAMETERS_TEXT 1
#define FIELD_PARAMETERS_VALUE 2
#define FIELD_PARAMETERS_POS 3
#define FIELD_PARAMETERS_POS_OR_NULL 3

/* The rows: R(OP, name, sql).  RECORD_<OP>(F) lists the record's fields
 * in the order of the statement's parameters (store_writer_begin checks
 * that their numbers agree). */
#define ROW_RECORDS(R) \
	R(FILE, file, "INSERT INTO files(file_no, path, size, mtime_ns) VALUES(?,?,?,?)") \
	R(TITLE, title, "UPDATE files SET title=? WHERE file_no=?") \
	R(TYPE, type, "INSERT INTO types(type_no, name) VALUES(?,?)") \
	R(ENTITY, entity, "INSERT INTO entities(eid, id, kind_no, name, type_no, text, parent," \
	                  " file_no, line, col, parent_line_off, parent_col, id_aka)" \
	                  " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)") \
	R(AKA, aka, "INSERT INTO aka(eid, ord, value) VALUES(?,?,?)") \
	R(FACT_KEY, fact_key, "INSERT INTO fact_keys(key_no, name) VALUES(?,?)") \
	R(FACT, fact, "INSERT INTO facts(fid, eid, key_no, value, num, note, reason, line_off," \
	              " col) VALUES(?,?,?,?,?,?,?,?,?)") \
	R(LINK, link, "INSERT INTO links(lid, src, rel_no, dst, line_off, col) VALUES(?,?,?,?,?,?)") \
	R(LINK_FACT, link_fact, "INSERT INTO link_facts(lid, ord, key, value, num)" \
	                        " VALUES(?,?,?,?,?)") \
	R(CITATION, citation, "INSERT INTO citations(owner_type, owner, ord, source_id, source," \
	                      " file_no, line, col) VALUES(?,?,?,?,?,?,?,?)") \
	R(KIND, kind, "INSERT INTO kinds(kind_no, name, badge, description, core, file_no, line," \
	              " col) VALUES(?,?,?,?,?,?,?,?)") \
	R(RELATION, relation, "INSERT INTO relations(rel_no, name, inverse, secondary," \
	                      " description, core, file_no, line, col) VALUES(?,?,?,?,?,?,?,?,?)")

#define RECORD_FILE(F) F(INT, file_no) F(TEXT, path) F(I64, size) F(I64, mtime_ns)
#define RECORD_TITLE(F) F(TEXT, title) F(INT, file_no)
#define RECORD_TYPE(F) F(INT, type_no) F(TEXT, name)
/* parent_line_off: the line of an explicit `parent:` less the entity's */
#define RECORD_ENTITY(F) \
	F(I64, eid) F(TEXT, id) F(INT, kind_no) F(TEXT, name) F(ID, type_no) F(TEXT, text) \
	F(ID, parent) F(POS, pos) F(INT_OR_NULL, parent_line_off) F(INT_OR_NULL, parent_col) \
	F(INT_OR_NULL, id_aka)
#define RECORD_AKA(F) F(I64, eid) F(INT, ord) F(TEXT, value)
#define RECORD_FACT_KEY(F) F(INT, key_no) F(TEXT, name)
/* reason: an inferred value's (NULL: stated); line_off: the fact's line
 * less its entity's */
#define RECORD_FACT(F) \
	F(I64, fid) F(I64, eid) F(INT, key_no) F(VALUE, value) F(TEXT, note) F(TEXT, reason) \
	F(INT, line_off) F(INT, col)
/* line_off: see writer_add_link */
#define RECORD_LINK(F) \
	F(I64, lid) F(I64, src) F(INT, rel_no) F(ID, dst) F(INT, line_off) F(INT, col)
#define RECORD_LINK_FACT(F) F(I64, lid) F(INT, ord) F(TEXT, key) F(VALUE, value)
#define RECORD_CITATION(F) \
	F(INT, owner_type) F(I64, owner) F(INT, ord) F(TEXT, source_id) F(ID, source) F(POS, pos)
#define RECORD_KIND(F) \
	F(INT, kind_no) F(TEXT, name) F(TEXT, badge) F(TEXT, description) F(INT, core) \
	F(POS_OR_NULL, pos)
#define RECORD_RELATION(F) \
	F(INT, rel_no) F(TEXT, name) F(TEXT, inverse) F(INT, secondary) F(TEXT, description) \
	F(INT, core) F(POS_OR_NULL, pos)

#define RECORD_OP(OP, name, sql) OP_##OP,
enum record_op { ROW_RECORDS(RECORD_OP) OP_COUNT };
#undef RECORD_OP

/* ---- batches: records, back to back ------------------------------------------ */

#define BATCH_BYTES (128 * 1024)   /* a batch is handed over once this full */

struct batch {
	unsigned char *data;
	size_t len, cap;
	struct batch *next;
};

static inline void batch_put(struct batch *b, const void *data, size_t n)
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

static inline void batch_put_op(struct batch *b, enum record_op op)
{
	unsigned char byte = (unsigned char)op;

	batch_put(b, &byte, 1);
}

static inline void batch_put_i64(struct batch *b, int64_t v)
{
	batch_put(b, &v, sizeof(v));
}

static inline void batch_put_int(struct batch *b, int v)
{
	batch_put(b, &v, sizeof(v));
}

/* A string, or NULL: its length (UINT32_MAX for NULL), then its bytes and
 * a NUL, so that the reader binds it where it lies. */
static inline void batch_put_str(struct batch *b, const char *s)
{
	uint32_t n = s ? (uint32_t)strlen(s) : UINT32_MAX;

	batch_put(b, &n, sizeof(n));
	if (s)
		batch_put(b, s, (size_t)n + 1);
}

static inline void batch_put_position(struct batch *b, struct position pos)
{
	batch_put_int(b, pos.file_no);
	batch_put_int(b, (int)pos.line);
	batch_put_int(b, (int)pos.col);
}

/* ---- reading a batch back ----------------------------------------------------- */

struct reader {
	const unsigned char *p, *end;
};

static inline int64_t reader_i64(struct reader *r)
{
	int64_t v;

	memcpy(&v, r->p, sizeof(v));
	r->p += sizeof(v);
	return v;
}

static inline int reader_int(struct reader *r)
{
	int v;

	memcpy(&v, r->p, sizeof(v));
	r->p += sizeof(v);
	return v;
}

static inline const char *reader_str(struct reader *r)
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

static inline struct position reader_position(struct reader *r)
{
	struct position pos;

	pos.file_no = reader_int(r);
	pos.line = (unsigned)reader_int(r);
	pos.col = (unsigned)reader_int(r);
	return pos;
}

/* ---- what the field lists make -------------------------------------------------- */

#define RECORD_PARAMETER(KIND, field) , FIELD_TYPE_##KIND field
#define RECORD_PUT_FIELD(KIND, field) FIELD_PUT_##KIND(b, field);

/* put_<name>(batch, fields...): appends a row record. */
#define DEFINE_ROW_PUT(OP, name, sql) \
	static inline void put_##name(struct batch *b RECORD_##OP(RECORD_PARAMETER)) \
	{ \
		batch_put_op(b, OP_##OP); \
		RECORD_##OP(RECORD_PUT_FIELD) \
	}
ROW_RECORDS(DEFINE_ROW_PUT)
#undef DEFINE_ROW_PUT

#endif
