#include "icsview/store_build.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "icsview/model.h"
#include "icsview/store_check.h"
#include "icsview/store_index.h"
#include "store_private.h"

/* The statements the loader runs for every row, prepared once. */
#define WRITER_STATEMENTS(_) \
	_(ins_file, "INSERT INTO files(file_no, path, size, mtime_ns) VALUES(?,?,?,?)") \
	_(set_title, "UPDATE files SET title=? WHERE file_no=?") \
	_(ins_entity, "INSERT INTO entities(eid, id, kind, name, type, text, parent, parent_id," \
	              " file_no, line, col, parent_line, parent_col)" \
	              " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)") \
	_(ins_aka, "INSERT INTO aka(eid, ord, value) VALUES(?,?,?)") \
	_(ins_fact, "INSERT INTO facts(fid, eid, key, value, num, note, file_no, line, col)" \
	            " VALUES(?,?,?,?,?,?,?,?,?)") \
	_(ins_link, "INSERT INTO links(lid, src, rel, to_id, file_no, line, col, to_line, to_col)" \
	            " VALUES(?,?,?,?,?,?,?,?,?)") \
	_(ins_link_fact, "INSERT INTO link_facts(lid, ord, key, value, num) VALUES(?,?,?,?,?)") \
	_(ins_citation, "INSERT INTO citations(owner_type, owner, ord, source_id, file_no, line, col)" \
	                " VALUES(?,?,?,?,?,?,?)") \
	_(ins_kind, "INSERT INTO kinds(name, badge, description, core, file_no, line, col)" \
	            " VALUES(?,?,?,?,?,?,?)") \
	_(get_kind, "SELECT badge, file_no, line, col FROM kinds WHERE name=?") \
	_(ins_relation, "INSERT INTO relations(name, inverse, secondary, description, core," \
	                " file_no, line, col) VALUES(?,?,?,?,?,?,?,?)") \
	_(get_relation, "SELECT name, inverse, secondary, file_no, line, col FROM relations" \
	                " WHERE name=?1 OR inverse=?1 OR name=?2 OR inverse=?2") \
	_(ins_pending, "INSERT INTO pending(what, name, file_no, line, col) VALUES(?,?,?,?,?)")

struct store_writer {
	sqlite3 *db;
	char *path;
	char *tmp_path;
	char *error;           /* writer_errmsg()'s text */
#define DECLARE_STATEMENT(name, sql) sqlite3_stmt *name;
	WRITER_STATEMENTS(DECLARE_STATEMENT)
};

static void bind_text(sqlite3_stmt *stmt, int index, const char *text)
{
	if (text)
		sqlite3_bind_text(stmt, index, text, -1, SQLITE_TRANSIENT);
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

static int insert_core_vocabulary(struct store_writer *w)
{
	for (size_t i = 0; i < core_kind_count; i++) {
		bind_text(w->ins_kind, 1, core_kinds[i].name);
		bind_text(w->ins_kind, 2, core_kinds[i].badge);
		bind_text(w->ins_kind, 3, core_kinds[i].description);
		sqlite3_bind_int(w->ins_kind, 4, 1);
		if (run(w->ins_kind) != 0)
			return -1;
	}
	for (size_t i = 0; i < core_relation_count; i++) {
		bind_text(w->ins_relation, 1, core_relations[i].name);
		bind_text(w->ins_relation, 2, core_relations[i].inverse);
		sqlite3_bind_int(w->ins_relation, 3, core_relations[i].secondary);
		bind_text(w->ins_relation, 4, core_relations[i].description);
		sqlite3_bind_int(w->ins_relation, 5, 1);
		if (run(w->ins_relation) != 0)
			return -1;
	}
	return 0;
}

static void finalize_statements(struct store_writer *w)
{
#define FINALIZE_STATEMENT(name, sql) sqlite3_finalize(w->name); w->name = NULL;
	WRITER_STATEMENTS(FINALIZE_STATEMENT)
}

static void writer_free(struct store_writer *w)
{
	finalize_statements(w);
	sqlite3_close(w->db);
	free(w->path);
	free(w->tmp_path);
	free(w->error);
	free(w);
}

void store_writer_abort(struct store_writer *w)
{
	if (!w)
		return;
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
	char *why = NULL;

	w->path = xstrdup(path);
	w->tmp_path = xasprintf("%s.tmp-%ld", path, (long)getpid());
	unlink(w->tmp_path);
	errno = 0;
	/* NOFOLLOW: never write through a link someone put at this name */
	if (sqlite3_open_v2(w->tmp_path, &w->db,
	                    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOFOLLOW,
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
	if (insert_core_vocabulary(w) != 0) {
		*error = xasprintf("%s: %s", w->tmp_path, writer_errmsg(w));
		store_writer_abort(w);
		return NULL;
	}
	return w;
}

const char *writer_errmsg(struct store_writer *w)
{
	free(w->error);
	w->error = store_error_text(w->db, 0);
	return w->error;
}

int writer_add_file(struct store_writer *w, int file_no, const struct model_file *file)
{
	sqlite3_bind_int(w->ins_file, 1, file_no);
	bind_text(w->ins_file, 2, file->path);
	sqlite3_bind_int64(w->ins_file, 3, (sqlite3_int64)file->size);
	sqlite3_bind_int64(w->ins_file, 4, file->mtime_ns);
	return run(w->ins_file);
}

int writer_set_file_title(struct store_writer *w, int file_no, const char *title)
{
	bind_text(w->set_title, 1, title);
	sqlite3_bind_int(w->set_title, 2, file_no);
	return run(w->set_title);
}

int writer_add_entity(struct store_writer *w, const struct entity_row *row)
{
	sqlite3_stmt *s = w->ins_entity;

	sqlite3_bind_int64(s, 1, row->eid);
	bind_text(s, 2, row->id);
	bind_text(s, 3, row->kind);
	bind_text(s, 4, row->name);
	bind_text(s, 5, row->type);
	bind_text(s, 6, row->text);
	bind_id(s, 7, row->parent);
	bind_text(s, 8, row->parent_id);
	sqlite3_bind_int(s, 9, row->file_no);
	sqlite3_bind_int(s, 10, (int)row->line);
	sqlite3_bind_int(s, 11, (int)row->col);
	if (row->parent_id) {
		sqlite3_bind_int(s, 12, (int)row->parent_line);
		sqlite3_bind_int(s, 13, (int)row->parent_col);
	}
	return run(s);
}

int writer_add_aka(struct store_writer *w, int64_t eid, int ord, const char *value)
{
	sqlite3_bind_int64(w->ins_aka, 1, eid);
	sqlite3_bind_int(w->ins_aka, 2, ord);
	bind_text(w->ins_aka, 3, value);
	return run(w->ins_aka);
}

int writer_add_fact(struct store_writer *w, int64_t fid, int64_t eid, const char *key,
                    const char *value, const char *note, struct position pos)
{
	sqlite3_stmt *s = w->ins_fact;

	sqlite3_bind_int64(s, 1, fid);
	sqlite3_bind_int64(s, 2, eid);
	bind_text(s, 3, key);
	bind_text(s, 4, value);
	bind_number(s, 5, value);
	bind_text(s, 6, note);
	sqlite3_bind_int(s, 7, pos.file_no);
	sqlite3_bind_int(s, 8, (int)pos.line);
	sqlite3_bind_int(s, 9, (int)pos.col);
	return run(s);
}

int writer_add_link(struct store_writer *w, const struct link_row *row)
{
	sqlite3_stmt *s = w->ins_link;

	sqlite3_bind_int64(s, 1, row->lid);
	sqlite3_bind_int64(s, 2, row->src);
	bind_text(s, 3, row->rel);
	bind_text(s, 4, row->to_id);
	sqlite3_bind_int(s, 5, row->file_no);
	sqlite3_bind_int(s, 6, (int)row->line);
	sqlite3_bind_int(s, 7, (int)row->col);
	sqlite3_bind_int(s, 8, (int)row->to_line);
	sqlite3_bind_int(s, 9, (int)row->to_col);
	return run(s);
}

int writer_add_link_fact(struct store_writer *w, int64_t lid, int ord, const char *key,
                         const char *value)
{
	sqlite3_stmt *s = w->ins_link_fact;

	sqlite3_bind_int64(s, 1, lid);
	sqlite3_bind_int(s, 2, ord);
	bind_text(s, 3, key);
	bind_text(s, 4, value);
	bind_number(s, 5, value);
	return run(s);
}

int writer_add_citation(struct store_writer *w, enum citation_owner owner_type, int64_t owner,
                        int ord, const char *source_id, struct position pos)
{
	sqlite3_stmt *s = w->ins_citation;

	sqlite3_bind_int(s, 1, (int)owner_type);
	sqlite3_bind_int64(s, 2, owner);
	sqlite3_bind_int(s, 3, ord);
	bind_text(s, 4, source_id);
	sqlite3_bind_int(s, 5, pos.file_no);
	sqlite3_bind_int(s, 6, (int)pos.line);
	sqlite3_bind_int(s, 7, (int)pos.col);
	return run(s);
}

static void read_position(sqlite3_stmt *s, int first_column, struct position *pos)
{
	pos->file_no = sqlite3_column_type(s, first_column) == SQLITE_NULL
	               ? -1 : sqlite3_column_int(s, first_column);
	pos->line = (unsigned)sqlite3_column_int(s, first_column + 1);
	pos->col = (unsigned)sqlite3_column_int(s, first_column + 2);
}

int writer_declare_kind(struct store_writer *w, const char *name, const char *badge,
                        const char *description, struct position pos, struct position *previous)
{
	sqlite3_stmt *s = w->get_kind;
	int rc;

	bind_text(s, 1, name);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		bool same = strcmp((const char *)sqlite3_column_text(s, 0), badge) == 0;
		read_position(s, 1, previous);
		sqlite3_reset(s);
		return same ? 0 : 1;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return -1;
	s = w->ins_kind;
	bind_text(s, 1, name);
	bind_text(s, 2, badge);
	bind_text(s, 3, description);
	sqlite3_bind_int(s, 4, 0);
	sqlite3_bind_int(s, 5, pos.file_no);
	sqlite3_bind_int(s, 6, (int)pos.line);
	sqlite3_bind_int(s, 7, (int)pos.col);
	return run(s);
}

int writer_declare_relation(struct store_writer *w, const char *name, const char *inverse,
                            bool secondary, const char *description, struct position pos,
                            struct position *previous)
{
	sqlite3_stmt *s = w->get_relation;
	int rc;

	bind_text(s, 1, name);
	bind_text(s, 2, inverse);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		bool same = strcmp((const char *)sqlite3_column_text(s, 0), name) == 0 &&
		            strcmp((const char *)sqlite3_column_text(s, 1), inverse) == 0 &&
		            sqlite3_column_int(s, 2) == (int)secondary;
		read_position(s, 3, previous);
		sqlite3_reset(s);
		return same ? 0 : 1;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return -1;
	s = w->ins_relation;
	bind_text(s, 1, name);
	bind_text(s, 2, inverse);
	sqlite3_bind_int(s, 3, secondary);
	bind_text(s, 4, description);
	sqlite3_bind_int(s, 5, 0);
	sqlite3_bind_int(s, 6, pos.file_no);
	sqlite3_bind_int(s, 7, (int)pos.line);
	sqlite3_bind_int(s, 8, (int)pos.col);
	return run(s);
}

bool writer_kind_known(struct store_writer *w, const char *name)
{
	bool known;

	bind_text(w->get_kind, 1, name);
	known = sqlite3_step(w->get_kind) == SQLITE_ROW;
	sqlite3_reset(w->get_kind);
	return known;
}

bool writer_relation_known(struct store_writer *w, const char *name)
{
	bool known;

	bind_text(w->get_relation, 1, name);
	bind_text(w->get_relation, 2, name);
	known = sqlite3_step(w->get_relation) == SQLITE_ROW;
	sqlite3_reset(w->get_relation);
	return known;
}

int writer_add_pending(struct store_writer *w, const char *what, const char *name,
                       struct position pos)
{
	sqlite3_stmt *s = w->ins_pending;

	bind_text(s, 1, what);
	bind_text(s, 2, name);
	sqlite3_bind_int(s, 3, pos.file_no);
	sqlite3_bind_int(s, 4, (int)pos.line);
	sqlite3_bind_int(s, 5, (int)pos.col);
	return run(s);
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
	 * half-written database under the final name.  Only its owner may read
	 * it (0600; the cache directory is 0700 too). */
	if (sync_private(w->tmp_path, &error) != 0) {
		diag_add(diags, -1, w->path, 0, 0, "cannot save model database: %s", error);
		free(error);
		return -1;
	}
	if (rename(w->tmp_path, w->path) != 0) {
		diag_add(diags, -1, w->path, 0, 0, "cannot move model database into place: %s",
		         strerror(errno));
		return -1;
	}
	return 0;
}

int store_writer_finish(struct store_writer *w, const struct model_files *files,
                        struct diag_list *diags, bool keep)
{
	int rc;

	finalize_statements(w);
	rc = store_check_model(w->db, files, diags);
	/* `icsview check` keeps nothing, so it needs no indexes */
	if (rc == 0 && keep)
		rc = store_build_indexes(w->db, diags);
	if (rc == 0 && keep)
		rc = commit_and_move(w, diags);
	if (rc != 0 || !keep) {
		store_writer_abort(w);
		return rc;
	}
	writer_free(w);
	return 0;
}
