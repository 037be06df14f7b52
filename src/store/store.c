#include "store_private.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "icsview/base/output.h"
#include "icsview/base/util.h"
#include "icsview/store/build_progress.h"
#include "search_build.h"

/* SQLite counts every allocation under one process-wide mutex unless told
 * otherwise, before its first use.  Nothing here reads those counts, and
 * every allocation of every thread paid for them: without them the SQLite
 * thread of a national load of 250,000 entities takes 1.6-1.75 s of CPU
 * instead of 1.84-1.86. */
__attribute__((constructor)) static void configure_sqlite(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/* Rows are keyed by integer row ids in load order, so that display order is
 * an index walk.  Text ids are resolved to row ids as the model is read: no
 * reference is stored as text but a citation's source id.  The names that
 * repeat on every row (an entity's kind and type, a link's relation, a
 * fact's key: a few dozen, on up to millions of rows and their indexes) are
 * stored as the number of their row in kinds, types, relations or
 * fact_keys; kinds and relations are numbered in the vocabulary's order
 * (core first, then as declared), which is the order links are grouped in;
 * types and fact keys as first used.
 * Foreign keys are declared but not enforced while a database is built
 * (store_build.c turns them off): the loader resolves every reference
 * itself, and the tests check that each model they build has none that
 * dangles (PRAGMA foreign_key_check, tests/helpers.c). */
static const char schema_sql[] =
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;"
	"CREATE TABLE files(file_no INTEGER PRIMARY KEY, path TEXT NOT NULL,"
	" size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, title TEXT);"
	"CREATE TABLE kinds(kind_no INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
	" badge TEXT NOT NULL, description TEXT,"
	" core INTEGER NOT NULL, file_no INTEGER, line INTEGER, col INTEGER);"
	"CREATE TABLE relations(rel_no INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
	" inverse TEXT NOT NULL UNIQUE,"
	" secondary INTEGER NOT NULL, description TEXT, core INTEGER NOT NULL,"
	" file_no INTEGER, line INTEGER, col INTEGER);"
	"CREATE TABLE fact_keys(key_no INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);"
	"CREATE TABLE types(type_no INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);"
	"CREATE TABLE entities(eid INTEGER PRIMARY KEY, id TEXT NOT NULL,"
	" kind_no INTEGER NOT NULL REFERENCES kinds(kind_no),"
	" name TEXT NOT NULL, type_no INTEGER REFERENCES types(type_no), text TEXT,"
	" parent INTEGER REFERENCES entities(eid),"
	" n_children INTEGER NOT NULL DEFAULT 0, n_linked INTEGER NOT NULL DEFAULT 0,"
	" file_no INTEGER NOT NULL REFERENCES files(file_no), line INTEGER NOT NULL,"
	" col INTEGER NOT NULL, parent_line_off INTEGER, parent_col INTEGER, id_aka INTEGER);"
	/* parent_line_off, parent_col: where an explicit parent is named, the
	 * line as an offset from the entity's (the key is in its mapping).
	 * An entity's aka, in order (ord); but most entities have their id
	 * (a code) among them, and its row and its entry in aka_by_value would
	 * take 8 MB at 250,000 entities: the first aka that is the id is not
	 * stored when it is read after the id, and the entity's id_aka says
	 * where it comes (NULL: nowhere).  A look-up of a code finds it by the
	 * id (entities_by_id ignores case, as aka_by_value does). */
	"CREATE TABLE aka(eid INTEGER NOT NULL REFERENCES entities(eid), ord INTEGER NOT NULL,"
	" value TEXT NOT NULL, PRIMARY KEY(eid, ord)) WITHOUT ROWID;"
	/* facts and links are stored in the order they are read for an entity
	 * (clustered by it): an entity's facts, or the links it makes, are one
	 * range, with no index to build for them.  Both are written in the
	 * mapping of an entity, in its file: their position is that file, a
	 * line as an offset from the entity's line (one byte, not three; it
	 * may be negative: an alias's node has the position of its anchor),
	 * and a column.  A fact's entity is its own; a link's is its source,
	 * or its target when it was written with the inverse name (in the
	 * target's mapping), which the lowest bit of line_off says:
	 * line_off = 2 * offset + (written by the target). */
	"CREATE TABLE facts(eid INTEGER NOT NULL REFERENCES entities(eid), fid INTEGER NOT NULL,"
	" key_no INTEGER NOT NULL REFERENCES fact_keys(key_no), value TEXT NOT NULL, num REAL,"
	" note TEXT, reason TEXT, line_off INTEGER NOT NULL, col INTEGER NOT NULL,"
	" PRIMARY KEY(eid, fid)) WITHOUT ROWID;"
	"CREATE TABLE links(src INTEGER NOT NULL REFERENCES entities(eid),"
	" rel_no INTEGER NOT NULL REFERENCES relations(rel_no), lid INTEGER NOT NULL,"
	" dst INTEGER REFERENCES entities(eid), line_off INTEGER NOT NULL, col INTEGER NOT NULL,"
	" PRIMARY KEY(src, rel_no, lid)) WITHOUT ROWID;"
	"CREATE TABLE link_facts(lid INTEGER NOT NULL, ord INTEGER NOT NULL,"
	" key TEXT NOT NULL, value TEXT NOT NULL, num REAL, PRIMARY KEY(lid, ord)) WITHOUT ROWID;"
	"CREATE TABLE citations(owner_type INTEGER NOT NULL, owner INTEGER NOT NULL,"
	" ord INTEGER NOT NULL, source_id TEXT NOT NULL, source INTEGER REFERENCES entities(eid),"
	" file_no INTEGER NOT NULL, line INTEGER NOT NULL, col INTEGER NOT NULL,"
	" PRIMARY KEY(owner_type, owner, ord)) WITHOUT ROWID;"
	/* An entity's descendants (by parent) counted by type: type_key is
	 * the type's type_no, or minus the kind's kind_no for an entity of no
	 * type.  Counted once when the model is indexed (store_index.c), so
	 * that the detail pane never walks a subtree: about 21,000 rows and
	 * 300 kB at 250,000 entities. */
	"CREATE TABLE type_counts(eid INTEGER NOT NULL, type_key INTEGER NOT NULL,"
	" n INTEGER NOT NULL, PRIMARY KEY(eid, type_key)) WITHOUT ROWID;"
	;

/* The search index lives in a database of its own beside the model's,
 * `<database>-search`, built on a thread of its own while the model is
 * read, and attached (as `fts`) when the model is opened: its queries name
 * `search` as if it were in the main database.  Contentless: rows are added
 * once, in rowid order.  A query for a word of one letter (`"s"*`) would
 * merge the postings of every word that starts with it (20 ms at 250,000
 * entities); a prefix index of one character would avoid that but double
 * the index (every position again, under its first letter).  `initials`
 * takes its place: each entity's first letters of words, without
 * positions (search_initials.c), from which such a query takes its
 * candidates; initial_docs counts the entities of each initial, which
 * bm25 would count when such a word follows others (search.c). */
static const char search_schema_sql[] =
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;"
	"CREATE VIRTUAL TABLE search USING fts5(name, aka, facts, text, content='',"
	" tokenize='unicode61 remove_diacritics 2');"
	"CREATE VIRTUAL TABLE initials USING fts5(initial, content='', detail=none, columnsize=0,"
	" tokenize='unicode61 remove_diacritics 2');"
	"CREATE TABLE initial_docs(initial TEXT PRIMARY KEY, docs INTEGER NOT NULL) WITHOUT ROWID;";

char *store_error_text(sqlite3 *db, int sys)
{
	int code = sqlite3_errcode(db) & 0xff;

	if (sqlite3_system_errno(db))
		sys = sqlite3_system_errno(db);
	if (sys && (code == SQLITE_IOERR || code == SQLITE_FULL || code == SQLITE_CANTOPEN))
		return xasprintf("%s (%s)", sqlite3_errmsg(db), strerror(sys));
	return xstrdup(sqlite3_errmsg(db));
}

int store_exec(sqlite3 *db, const char *sql, char **error)
{
	int sys;

	errno = 0;
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK)
		return 0;
	sys = errno;
	if (error)
		*error = store_error_text(db, sys);
	return -1;
}

static int create(sqlite3 *db, const char *sql, char **error)
{
	char version[64];

	if (store_exec(db, sql, error) != 0)
		return -1;
	snprintf(version, sizeof(version), "PRAGMA user_version=%d", STORE_SCHEMA_VERSION);
	return store_exec(db, version, error);
}

int store_create_schema(sqlite3 *db, char **error)
{
	return create(db, schema_sql, error);
}

int store_create_search_schema(sqlite3 *db, char **error)
{
	return create(db, search_schema_sql, error);
}

sqlite3_stmt *store_prepare(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *stmt = NULL;

	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK) {
		sqlite3_finalize(stmt);
		return NULL;
	}
	return stmt;
}

sqlite3_stmt *store_cached(struct store *st, const char *sql)
{
	sqlite3_stmt *stmt;

	for (size_t i = 0; i < st->cached; i++) {
		if (st->cache[i].sql == sql) {
			sqlite3_reset(st->cache[i].stmt);
			sqlite3_clear_bindings(st->cache[i].stmt);
			return st->cache[i].stmt;
		}
	}
	stmt = store_prepare(st->db, sql);
	if (stmt && st->cached < STORE_CACHE) {
		st->cache[st->cached].sql = sql;
		st->cache[st->cached].stmt = stmt;
		st->cached++;
	}
	return stmt;
}

void store_done(struct store *st, sqlite3_stmt *stmt)
{
	if (!stmt)
		return;
	for (size_t i = 0; i < st->cached; i++) {
		if (st->cache[i].stmt == stmt) {
			sqlite3_reset(stmt);
			return;
		}
	}
	sqlite3_finalize(stmt);   /* the cache was full */
}

char *column_strdup(sqlite3_stmt *stmt, int column)
{
	const unsigned char *text = sqlite3_column_text(stmt, column);

	if (!text)
		return NULL;
	return xstrndup((const char *)text, (size_t)sqlite3_column_bytes(stmt, column));
}

char *column_strdup_empty(sqlite3_stmt *stmt, int column)
{
	char *s = column_strdup(stmt, column);

	return s ? s : xstrdup("");
}

static int read_schema_version(sqlite3 *db, int *version)
{
	sqlite3_stmt *stmt = store_prepare(db, "PRAGMA user_version");
	int rc = -1;

	if (stmt && sqlite3_step(stmt) == SQLITE_ROW) {
		*version = sqlite3_column_int(stmt, 0);
		rc = 0;
	}
	sqlite3_finalize(stmt);
	return rc;
}

struct store *store_open(const char *path, char **error)
{
	struct store *st;
	sqlite3 *db = NULL;
	int version = 0;

	/* a store is used by one thread: SQLite's own locking is not needed */
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK) {
		*error = xasprintf("%s: cannot open model database: %s", path,
		                   db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return NULL;
	}
	/* A model database is never changed once it is in place (a build writes
	 * a new file and renames it over the old name): the connection keeps
	 * the shared lock it takes first, rather than taking and dropping it,
	 * and checking the file for changes, for every statement, which costs a
	 * few system calls each time (a search makes hundreds of small
	 * lookups).  Taking it still fails on a database someone is writing. */
	sqlite3_exec(db, "PRAGMA locking_mode=EXCLUSIVE", NULL, NULL, NULL);
	if (read_schema_version(db, &version) != 0) {
		*error = xasprintf("%s: not a model database: %s", path, sqlite3_errmsg(db));
		sqlite3_close(db);
		return NULL;
	}
	if (version != STORE_SCHEMA_VERSION) {
		*error = xasprintf("%s: model database has schema version %d, expected %d", path,
		                   version, STORE_SCHEMA_VERSION);
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_exec(db, "PRAGMA foreign_keys=ON", NULL, NULL, NULL);
	st = xcalloc(1, sizeof(*st));
	st->db = db;
	st->path = xstrdup(path);
	store_search_ready(st);
	return st;
}

/* Attaches the search index when it is there and was built with this
 * database (the same build id), and registers its ranking functions. */
static bool attach_search(struct store *st)
{
	char *path = xasprintf("%s-search", st->path);
	sqlite3_stmt *stmt = NULL;
	bool ok = false;

	if (access(path, F_OK) != 0)
		goto out;
	stmt = store_prepare(st->db, "ATTACH ?1 AS fts");
	if (!stmt)
		goto out;
	sqlite3_bind_text(stmt, 1, path, -1, SQLITE_STATIC);
	ok = sqlite3_step(stmt) == SQLITE_DONE;
	sqlite3_finalize(stmt);
	if (!ok)
		goto out;
	stmt = store_prepare(st->db,
		"SELECT (SELECT value FROM main.meta WHERE key = 'build')"
		" = (SELECT value FROM fts.meta WHERE key = 'build')");
	ok = stmt && sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_int(stmt, 0) == 1;
	sqlite3_finalize(stmt);
	stmt = store_prepare(st->db, "PRAGMA fts.user_version");
	ok = ok && stmt && sqlite3_step(stmt) == SQLITE_ROW &&
	     sqlite3_column_int(stmt, 0) == STORE_SCHEMA_VERSION;
	sqlite3_finalize(stmt);
	ok = ok && store_register_search_functions(st->db) == 0;
	if (!ok)
		sqlite3_exec(st->db, "DETACH fts", NULL, NULL, NULL);
out:
	free(path);
	return ok;
}

/* Joins a finished build: attached, or abandoned with the reason. */
static void end_build(struct store *st)
{
	char *error = NULL;

	if (search_build_end(st->search_build, false, &error) == 0) {
		st->search_ready = attach_search(st);
		if (!st->search_ready)
			error = xstrdup("the search index built is not this database's"
			                " (the database was replaced meanwhile)");
	}
	st->search_build = NULL;
	free(st->search_problem);
	st->search_problem = error;
}

bool store_search_ready(struct store *st)
{
	if (st->search_ready)
		return true;
	if (st->search_build) {
		if (search_build_finished(st->search_build))
			end_build(st);
		return st->search_ready;
	}
	st->search_ready = attach_search(st);
	return st->search_ready;
}

enum store_search_state store_search_state(struct store *st)
{
	if (store_search_ready(st))
		return STORE_SEARCH_READY;
	if (st->search_build)
		return STORE_SEARCH_BUILDING;
	return st->search_problem ? STORE_SEARCH_ABANDONED : STORE_SEARCH_ABSENT;
}

int store_search_build(struct store *st)
{
	char *error = NULL;

	if (store_search_ready(st) || st->search_build)
		return 0;
	free(st->search_problem);
	st->search_problem = NULL;
	st->search_build = search_build_start(st->path, &error);
	if (!st->search_build) {
		st->search_problem = error;
		return -1;
	}
	return 0;
}

void store_search_adopt(struct store *st, struct build_progress *progress)
{
	struct search_build *b = progress ? progress->search_build : NULL;

	if (!b)
		return;
	progress->search_build = NULL;
	/* no store, or one with an index already (another process's, moved in
	 * meanwhile): the build is of no use */
	if (!st || st->search_ready || st->search_build) {
		search_build_end(b, true, NULL);
		return;
	}
	free(st->search_problem);
	st->search_problem = NULL;
	st->search_build = b;
}

unsigned store_search_permille(struct store *st)
{
	if (store_search_ready(st))
		return 1000;
	return st->search_build ? search_build_permille(st->search_build) : 0;
}

enum store_search_state store_search_wait(struct store *st)
{
	if (st->search_build)
		end_build(st);
	return store_search_state(st);
}

const char *store_search_problem(const struct store *st)
{
	return st->search_problem;
}

void store_close(struct store *st)
{
	if (!st)
		return;
	/* the modules' statements, before the connection goes */
	for (size_t i = st->hook_count; i-- > 0;)
		st->hooks[i].release(st, st->hooks[i].ctx);
	free(st->hooks);
	for (size_t i = 0; i < st->cached; i++)
		sqlite3_finalize(st->cache[i].stmt);
	/* an unfinished index is thrown away: the next open builds it */
	if (st->search_build)
		search_build_end(st->search_build, true, NULL);
	free(st->search_problem);
	sqlite3_close(st->db);
	free(st->path);
	free(st->error);
	free(st);
}

static bool is_damage(int code)
{
	return (code & 0xff) == SQLITE_CORRUPT || (code & 0xff) == SQLITE_NOTADB;
}

bool store_damaged(const struct store *st)
{
	return st && (st->damaged || is_damage(sqlite3_errcode(st->db)));
}

const char *store_errmsg(struct store *st)
{
	struct strbuf sb = STRBUF_INIT;

	/* SQLite's messages can quote the database ("malformed database
	 * schema (name)"), and the database may be hostile */
	if (sqlite3_errcode(st->db) == SQLITE_OK) {
		/* SQLite found nothing wrong, yet a read failed: a row that another
		 * refers to is missing, which a database built whole never lacks */
		sb_puts(&sb, "the model database is inconsistent (a row it refers to is missing)");
		st->damaged = true;
	} else {
		sb_text_line(&sb, sqlite3_errmsg(st->db));
	}
	if (is_damage(sqlite3_errcode(st->db)))
		st->damaged = true;
	free(st->error);
	st->error = sb_detach(&sb);
	return st->error;
}

int store_snapshot_begin(struct store *st)
{
	return sqlite3_exec(st->db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK ? STORE_OK : STORE_ERROR;
}

int store_snapshot_end(struct store *st)
{
	return sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK ? STORE_OK : STORE_ERROR;
}

/* The real path of each file, as meta rows `real_path N`, is written by
 * the build (store_writer_finish), from where it ran. */
static const char files_sql[] =
	"SELECT f.path, f.size, f.mtime_ns, m.value FROM files f"
	" LEFT JOIN meta m ON m.key = 'real_path ' || f.file_no ORDER BY f.file_no";

static bool same_file(sqlite3_stmt *stmt, const struct model_file *f, bool *renamed)
{
	const char *path = (const char *)sqlite3_column_text(stmt, 0);
	const char *real = (const char *)sqlite3_column_text(stmt, 3);
	char now[PATH_MAX];

	if (!path || sqlite3_column_int64(stmt, 1) != (sqlite3_int64)f->size ||
	    sqlite3_column_int64(stmt, 2) != f->mtime_ns)
		return false;
	if (strcmp(path, f->path) == 0)
		return true;
	*renamed = true;
	return real && realpath(f->path, now) && strcmp(real, now) == 0;
}

/* The files as given now, over the build's names: a temporary table that
 * the queries' `files` finds before the database's.  0 or -1. */
static int show_paths_given(struct store *st, const struct model_files *files)
{
	sqlite3_stmt *stmt;
	int rc = 0;

	if (store_exec(st->db, "DROP TABLE IF EXISTS temp.files;"
	                       "CREATE TEMP TABLE files AS SELECT * FROM main.files", NULL) != 0)
		return -1;
	stmt = store_prepare(st->db, "UPDATE temp.files SET path = ?1 WHERE file_no = ?2");
	for (size_t i = 0; stmt && rc == 0 && i < files->count; i++) {
		sqlite3_bind_text(stmt, 1, files->items[i].path, -1, SQLITE_STATIC);
		sqlite3_bind_int64(stmt, 2, (sqlite3_int64)i);
		rc = sqlite3_step(stmt) == SQLITE_DONE ? 0 : -1;
		sqlite3_reset(stmt);
	}
	sqlite3_finalize(stmt);
	return stmt ? rc : -1;
}

bool store_built_from(struct store *st, const struct model_files *files)
{
	sqlite3_stmt *stmt = store_prepare(st->db, files_sql);
	size_t n = 0;
	bool same = true, renamed = false;
	int rc = SQLITE_ERROR;

	if (!stmt)
		return false;
	while (same && (rc = sqlite3_step(stmt)) == SQLITE_ROW)
		same = n < files->count && same_file(stmt, &files->items[n++], &renamed);
	if (same)
		same = rc == SQLITE_DONE && n == files->count;
	sqlite3_finalize(stmt);
	return same && (!renamed || show_paths_given(st, files) == 0);
}

const char *store_path(const struct store *st)
{
	return st->path;
}

int store_build_id(struct store *st, char **out)
{
	sqlite3_stmt *stmt = store_prepare(st->db, "SELECT value FROM main.meta WHERE key = 'build'");
	int rc = -1;

	*out = NULL;
	if (!stmt)
		return -1;
	if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_type(stmt, 0) == SQLITE_TEXT) {
		*out = column_strdup(stmt, 0);
		rc = 0;
	}
	sqlite3_finalize(stmt);
	return rc;
}
