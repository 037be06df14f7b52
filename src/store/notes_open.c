/* The notes file: where it is, whether it may be used, and its schema.
 * Nothing is written to a file before it is known to be an empty database
 * or a notes file of a known schema version that passes PRAGMA quick_check. */
#include "notes_private.h"

#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "icsview/base/paths.h"
#include "icsview/base/util.h"

static const char schema_sql[] =
	"CREATE TABLE notes(model_key TEXT NOT NULL, entity_id TEXT NOT NULL,"
	" text TEXT NOT NULL DEFAULT '',"
	" flag INTEGER NOT NULL DEFAULT 0 CHECK(flag BETWEEN 0 AND 3),"
	" reviewed INTEGER NOT NULL DEFAULT 0 CHECK(reviewed IN (0, 1)),"
	" who TEXT NOT NULL, changed TEXT NOT NULL,"
	" PRIMARY KEY(model_key, entity_id)) WITHOUT ROWID;"
	/* what: text, flag, reviewed or delete; value: the new value (also
	 * draft, notes.c; and import, conflict, resolved, lost flag, lost
	 * reviewed, notes_import.h) */
	"CREATE TABLE history(hid INTEGER PRIMARY KEY, model_key TEXT NOT NULL,"
	" entity_id TEXT NOT NULL, what TEXT NOT NULL, value TEXT,"
	" who TEXT NOT NULL, changed TEXT NOT NULL);"
	"CREATE INDEX history_by_entity ON history(model_key, entity_id, hid);";

/* Version 2 adds the remembered view: one row per model key and user. */
static const char views_sql[] =
	"CREATE TABLE views(model_key TEXT NOT NULL, who TEXT NOT NULL,"
	" version INTEGER NOT NULL, selection TEXT, root TEXT, filter TEXT, marks TEXT,"
	" changed TEXT NOT NULL, PRIMARY KEY(model_key, who)) WITHOUT ROWID;";

/* The oldest schema version that is migrated to this one when opened for
 * writing (and read as it is when read-only). */
#define NOTES_OLDEST_SCHEMA_VERSION 1

/* Statements that must prepare on a notes file of the current schema; the
 * first OLDER_PROBES on one of an older version. */
static const char *const schema_probes[] = {
	"SELECT model_key, entity_id, text, flag, reviewed, who, changed FROM notes LIMIT 0",
	"SELECT hid, model_key, entity_id, what, value, who, changed FROM history LIMIT 0",
	"SELECT model_key, who, version, selection, root, filter, marks, changed FROM views"
	" LIMIT 0",
};
#define OLDER_PROBES 2

/* The schema objects icsview creates (type and name), by the version that
 * added them.  Any other object (a trigger, a view, a table or an index
 * someone added) could run or change something behind icsview's back: a
 * trigger fires on icsview's own writes. */
static const struct { const char *type, *name; int version; } schema_objects[] = {
	{ "table", "notes", 1 },
	{ "table", "history", 1 },
	{ "index", "history_by_entity", 1 },
	{ "table", "views", 2 },
};

/* ---- where the file is ---------------------------------------------------- */

char *notes_default_path(void)
{
	char *dir = xdg_app_dir("XDG_DATA_HOME", ".local/share");
	char *path = dir ? xasprintf("%s/notes.db", dir) : NULL;

	free(dir);
	return path;
}

/* The directory part of path: "." when it has none. */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

static char *login_name(void)
{
	struct passwd *pw = getpwuid(getuid());
	const char *user;

	if (pw && pw->pw_name && *pw->pw_name)
		return xstrdup(pw->pw_name);
	if ((user = env_value("USER")) != NULL)
		return xstrdup(user);
	return xasprintf("uid %u", (unsigned)getuid());
}

void notes_status_clear(struct notes_status *status)
{
	if (!status)
		return;
	free(status->message);
	free(status->path);
	memset(status, 0, sizeof(*status));
}

/* ---- what the file holds --------------------------------------------------- */

enum file_class {
	FILE_NOTES,              /* a notes file of the current schema */
	FILE_OLDER,              /* of an older schema: migrated when writable */
	FILE_EMPTY,              /* an empty database: a schema may be created */
	FILE_REFUSED,            /* anything else: *why says what */
};

int64_t notes_data_version(sqlite3 *db)
{
	sqlite3_stmt *stmt = NULL;
	int64_t version = -1;

	if (sqlite3_prepare_v2(db, "PRAGMA data_version", -1, &stmt, NULL) == SQLITE_OK &&
	    sqlite3_step(stmt) == SQLITE_ROW)
		version = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return version;
}

/* The first column of the first row of sql, as an integer; -1 with *why set
 * when the statement fails. */
static int query_int(sqlite3 *db, const char *sql, int64_t *out, char **why)
{
	sqlite3_stmt *stmt = NULL;
	int rc = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL);

	if (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		*out = sqlite3_column_int64(stmt, 0);
		sqlite3_finalize(stmt);
		return 0;
	}
	*why = xasprintf("not a usable SQLite database (%s)", sqlite3_errmsg(db));
	sqlite3_finalize(stmt);
	return -1;
}

/* PRAGMA quick_check: NULL when "ok", else what it found (caller frees). */
static char *quick_check(sqlite3 *db)
{
	sqlite3_stmt *stmt = NULL;
	char *problem = NULL;
	int rc = sqlite3_prepare_v2(db, "PRAGMA quick_check(3)", -1, &stmt, NULL);

	if (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *first = (const char *)sqlite3_column_text(stmt, 0);

		if (!first || strcmp(first, "ok") != 0)
			problem = xasprintf("damaged (quick_check: %s)", first ? first : "?");
	} else {
		problem = xasprintf("damaged (quick_check failed: %s)", sqlite3_errmsg(db));
	}
	sqlite3_finalize(stmt);
	return problem;
}

static bool is_own_object(const char *type, const char *name, int64_t version)
{
	for (size_t i = 0; i < sizeof(schema_objects) / sizeof(schema_objects[0]); i++)
		if (schema_objects[i].version <= version && strcmp(schema_objects[i].type, type) == 0 &&
		    strcmp(schema_objects[i].name, name) == 0)
			return true;
	return false;
}

/* -1 with *why set when the file holds an object icsview did not create
 * for this schema version (or its schema cannot be read). */
static int only_own_objects(sqlite3 *db, int64_t version, char **why)
{
	sqlite3_stmt *stmt = NULL;
	int rc = sqlite3_prepare_v2(db, "SELECT type, name FROM sqlite_master", -1, &stmt, NULL);
	bool foreign = false;

	while (rc == SQLITE_OK && !foreign && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *type = (const char *)sqlite3_column_text(stmt, 0);
		const char *name = (const char *)sqlite3_column_text(stmt, 1);

		foreign = !type || !name || !is_own_object(type, name, version);
		rc = SQLITE_OK;
	}
	if (rc != SQLITE_OK && rc != SQLITE_DONE)
		*why = xasprintf("not a usable SQLite database (%s)", sqlite3_errmsg(db));
	else if (foreign)
		*why = xstrdup("it holds schema objects icsview did not create (a trigger, view,"
		               " table or index added by another program)");
	sqlite3_finalize(stmt);
	return *why ? -1 : 0;
}

/* Reads, never writes. */
static enum file_class classify(sqlite3 *db, char **why)
{
	int64_t objects, app_id, version;
	size_t probes;

	if (query_int(db, "SELECT count(*) FROM sqlite_master", &objects, why) != 0)
		return FILE_REFUSED;
	if ((*why = quick_check(db)) != NULL)
		return FILE_REFUSED;
	if (query_int(db, "PRAGMA application_id", &app_id, why) != 0 ||
	    query_int(db, "PRAGMA user_version", &version, why) != 0)
		return FILE_REFUSED;
	if (objects == 0 && app_id == 0 && version == 0)
		return FILE_EMPTY;
	if (app_id != NOTES_APPLICATION_ID) {
		*why = xstrdup("an SQLite database, but not an icsview notes file");
		return FILE_REFUSED;
	}
	if (version < NOTES_OLDEST_SCHEMA_VERSION || version > NOTES_SCHEMA_VERSION) {
		*why = xasprintf("notes schema version %lld, this icsview knows version %d%s",
		                 (long long)version, NOTES_SCHEMA_VERSION,
		                 version > NOTES_SCHEMA_VERSION ? " (written by a newer icsview)" : "");
		return FILE_REFUSED;
	}
	probes = version == NOTES_SCHEMA_VERSION
	         ? sizeof(schema_probes) / sizeof(schema_probes[0]) : OLDER_PROBES;
	for (size_t i = 0; i < probes; i++) {
		sqlite3_stmt *stmt = NULL;

		if (sqlite3_prepare_v2(db, schema_probes[i], -1, &stmt, NULL) != SQLITE_OK) {
			*why = xasprintf("a notes file with a damaged schema (%s)", sqlite3_errmsg(db));
			sqlite3_finalize(stmt);
			return FILE_REFUSED;
		}
		sqlite3_finalize(stmt);
	}
	if (only_own_objects(db, version, why) != 0)
		return FILE_REFUSED;
	return version == NOTES_SCHEMA_VERSION ? FILE_NOTES : FILE_OLDER;
}

static int exec(sqlite3 *db, const char *sql)
{
	return sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

static int create_schema(sqlite3 *db)
{
	char pragmas[128];

	snprintf(pragmas, sizeof(pragmas), "PRAGMA application_id=%d; PRAGMA user_version=%d",
	         NOTES_APPLICATION_ID, NOTES_SCHEMA_VERSION);
	return exec(db, schema_sql) == 0 && exec(db, views_sql) == 0 && exec(db, pragmas) == 0
	       ? 0 : -1;
}

static int set_schema_version(sqlite3 *db)
{
	char pragma[64];

	snprintf(pragma, sizeof(pragma), "PRAGMA user_version=%d", NOTES_SCHEMA_VERSION);
	return exec(db, pragma);
}

/* In one transaction, after checking again that the file is still of an
 * older version (another process may have migrated it since classify()):
 * the tables added since, and the version. */
static enum file_class migrate_if_older(sqlite3 *db, char **why)
{
	enum file_class class;

	if (exec(db, "BEGIN IMMEDIATE") != 0) {
		*why = xasprintf("cannot start a transaction (%s)", sqlite3_errmsg(db));
		return FILE_REFUSED;
	}
	class = classify(db, why);
	if (class != FILE_OLDER) {
		exec(db, "ROLLBACK");
		return class;
	}
	if (exec(db, views_sql) != 0 || set_schema_version(db) != 0 || exec(db, "COMMIT") != 0) {
		*why = xasprintf("cannot bring the notes schema up to version %d (%s)",
		                 NOTES_SCHEMA_VERSION, sqlite3_errmsg(db));
		exec(db, "ROLLBACK");
		return FILE_REFUSED;
	}
	return FILE_NOTES;
}

/* In one transaction, after checking again that the file is still empty:
 * another process may have created the schema since classify(). */
static enum file_class create_if_empty(sqlite3 *db, char **why, bool *created)
{
	enum file_class class;

	if (exec(db, "BEGIN IMMEDIATE") != 0) {
		*why = xasprintf("cannot start a transaction (%s)", sqlite3_errmsg(db));
		return FILE_REFUSED;
	}
	class = classify(db, why);
	if (class == FILE_EMPTY) {
		if (create_schema(db) != 0 || exec(db, "COMMIT") != 0) {
			*why = xasprintf("cannot create the notes schema (%s)", sqlite3_errmsg(db));
			exec(db, "ROLLBACK");
			return FILE_REFUSED;
		}
		*created = true;
		return FILE_NOTES;
	}
	exec(db, "ROLLBACK");
	return class;
}

/* An empty store in memory, for a read-only open of a file that does not
 * exist yet or is empty: reads find nothing, writes are refused. */
static sqlite3 *open_empty_memory(void)
{
	sqlite3 *db = NULL;

	if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
	    create_schema(db) != 0) {
		sqlite3_close(db);
		return NULL;
	}
	return db;
}

/* ---- opening ----------------------------------------------------------------- */

struct opening {
	const char *path;
	struct notes_status *status;
	sqlite3 *db;
	bool read_only;
	bool exists;
	bool older;              /* of an older schema, read as it is */
	int busy_ms;
};

/* Replaces status->message (takes message). */
static void set_message(struct opening *o, char *message)
{
	free(o->status->message);
	o->status->message = message;
}

static void set_read_only(struct opening *o, char *reason)
{
	if (o->read_only) {
		free(reason);
		return;
	}
	o->read_only = true;
	o->status->read_only = true;
	set_message(o, xasprintf("%s: notes are read-only: %s", o->path, reason));
	free(reason);
}

/* Why the store must be read-only before opening it, from the permissions;
 * returns -1 (with status->message) when it cannot be used at all. */
static int check_access(struct opening *o)
{
	struct stat sb;
	char *dir = dir_of(o->path);
	int rc = 0;

	o->exists = stat(o->path, &sb) == 0;
	if (o->exists && !S_ISREG(sb.st_mode)) {
		set_message(o, xasprintf("%s: not a regular file", o->path));
		rc = -1;
	} else if (!o->exists && errno != ENOENT) {
		set_message(o, xasprintf("%s: %s", o->path, strerror(errno)));
		rc = -1;
	} else if (o->exists && access(o->path, W_OK) != 0) {
		set_read_only(o, xasprintf("the file is not writable (%s)", strerror(errno)));
	} else if (!o->exists && o->read_only) {
		/* nothing to check: a missing file read-only is an empty store */
	} else if (access(dir, W_OK | X_OK) != 0) {
		if (errno == ENOENT) {
			set_message(o, xasprintf("%s: directory %s does not exist", o->path, dir));
			rc = -1;
		} else {
			set_read_only(o, xasprintf("directory %s is not writable (%s)", dir,
			                           strerror(errno)));
		}
	}
	free(dir);
	return rc;
}

static int open_file(struct opening *o)
{
	int flags = o->read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	int rc;

	if (o->read_only && !o->exists)
		return (o->db = open_empty_memory()) ? 0 : -1;
	rc = sqlite3_open_v2(o->path, &o->db, flags, NULL);
	if (rc != SQLITE_OK && !o->read_only && o->exists) {
		char *reason = xasprintf("cannot open it for writing (%s)",
		                         o->db ? sqlite3_errmsg(o->db) : "out of memory");

		sqlite3_close(o->db);
		o->db = NULL;
		set_read_only(o, reason);
		rc = sqlite3_open_v2(o->path, &o->db, SQLITE_OPEN_READONLY, NULL);
	}
	if (rc != SQLITE_OK) {
		set_message(o, xasprintf("%s: cannot open notes file: %s", o->path,
		                         o->db ? sqlite3_errmsg(o->db) : "out of memory"));
		return -1;
	}
	if (!o->read_only && sqlite3_db_readonly(o->db, "main") == 1)
		set_read_only(o, xstrdup("SQLite opened it read-only"));
	/* A file made here is the user's alone; its -wal and -shm files get
	 * the same mode from SQLite. */
	if (!o->exists && !o->read_only && chmod(o->path, S_IRUSR | S_IWUSR) != 0) {
		set_message(o, xasprintf("%s: cannot make the notes file private: %s", o->path,
		                         strerror(errno)));
		return -1;
	}
	sqlite3_busy_timeout(o->db, o->busy_ms);
	return 0;
}

/* file:PATH?immutable=1, with the characters special in a URI escaped. */
static char *immutable_uri(const char *path)
{
	struct strbuf sb = STRBUF_INIT;

	sb_puts(&sb, "file:");
	for (const char *p = path; *p; p++) {
		if (*p == '%' || *p == '?' || *p == '#')
			sb_printf(&sb, "%%%02X", (unsigned char)*p);
		else
			sb_putc(&sb, *p);
	}
	sb_puts(&sb, "?immutable=1");
	return sb_detach(&sb);
}

/* A WAL file cannot be read when its -shm file does not exist and cannot
 * be created (a read-only directory).  No other connection has it open
 * then (an open one keeps the -shm file), and the last to close it folded
 * the WAL into the file, so the file itself is the whole store: it is read
 * as immutable, a snapshot. */
static enum file_class classify_read_only(struct opening *o, char **why)
{
	enum file_class class = classify(o->db, why);
	int code = sqlite3_errcode(o->db);
	char *uri;

	if (class != FILE_REFUSED || (code != SQLITE_READONLY && code != SQLITE_CANTOPEN))
		return class;
	sqlite3_close(o->db);
	o->db = NULL;
	uri = immutable_uri(o->path);
	if (sqlite3_open_v2(uri, &o->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL) == SQLITE_OK) {
		free(*why);
		*why = NULL;
		class = classify(o->db, why);
	}
	free(uri);
	if (class != FILE_REFUSED)
		set_message(o, xasprintf("%s (read as a snapshot: changes made by others are not"
		                         " seen until it is opened again)", o->status->message));
	return class;
}

/* Checks the file, then (writable only) switches it to WAL and creates the
 * schema of an empty file. */
static int prepare_file(struct opening *o)
{
	char *why = NULL;
	enum file_class class = o->read_only ? classify_read_only(o, &why) : classify(o->db, &why);

	if (class == FILE_EMPTY && o->read_only) {
		sqlite3_close(o->db);
		o->db = open_empty_memory();
		return o->db ? 0 : -1;
	}
	if (class != FILE_REFUSED && !o->read_only) {
		/* journal_mode returns the mode in force: anything but wal (a file
		 * system without shared memory) still works, one writer at a time */
		if (exec(o->db, "PRAGMA journal_mode=WAL") != 0 ||
		    exec(o->db, "PRAGMA synchronous=FULL") != 0) {
			why = xasprintf("cannot set up the file (%s)", sqlite3_errmsg(o->db));
			class = FILE_REFUSED;
		} else {
			if (class == FILE_EMPTY)
				class = create_if_empty(o->db, &why, &o->status->created);
			if (class == FILE_OLDER)
				class = migrate_if_older(o->db, &why);
		}
	}
	o->older = class == FILE_OLDER;
	if (class == FILE_REFUSED) {
		set_message(o, xasprintf("%s: refusing to use this notes file: %s; "
		                         "it has been left as it was", o->path, why));
		free(why);
		return -1;
	}
	return 0;
}

struct notes *notes_open_with(const char *path, const char *model_key,
                              const struct notes_options *opts, struct notes_status *status)
{
	static const struct notes_options defaults = { 0 };
	struct opening o = { .status = status };
	char *default_path = NULL;
	struct notes *notes;

	memset(status, 0, sizeof(*status));
	opts = opts ? opts : &defaults;
	model_key = model_key ? model_key : "default";
	o.busy_ms = opts->busy_timeout_ms > 0 ? opts->busy_timeout_ms : NOTES_BUSY_TIMEOUT_MS;
	if (!*model_key || strlen(model_key) > NOTES_MAX_ID) {
		status->message = xstrdup("notes: the model key must be 1 to 4096 bytes");
		return NULL;
	}
	if (!path) {
		char *dir;
		int error;

		if (!(path = default_path = notes_default_path())) {
			status->message = xstrdup("no notes file: neither XDG_DATA_HOME nor HOME is set");
			return NULL;
		}
		dir = dir_of(path);
		error = opts->read_only ? 0 : make_private_dirs(dir);
		if (error)
			status->message = xasprintf("%s: cannot create directory: %s", dir,
			                            strerror(error));
		free(dir);
		if (error) {
			status->path = default_path;
			return NULL;
		}
	}
	status->path = xstrdup(path);
	o.path = status->path;
	free(default_path);
	if (opts->read_only)
		set_read_only(&o, xstrdup("opened read-only as asked"));
	if (check_access(&o) != 0 || open_file(&o) != 0 || prepare_file(&o) != 0) {
		if (!status->message)
			status->message = xasprintf("%s: cannot open notes file", o.path);
		sqlite3_close(o.db);
		return NULL;
	}
	notes = xcalloc(1, sizeof(*notes));
	notes->db = o.db;
	notes->path = xstrdup(o.path);
	notes->model_key = xstrdup(model_key);
	notes->user = opts->user && *opts->user ? xstrdup(opts->user) : login_name();
	notes->read_only = o.read_only;
	notes->has_views = !o.older;
	notes->data_version = notes_data_version(o.db);
	notes->busy_ms = o.busy_ms;
	sqlite3_busy_handler(o.db, notes_busy_handler, notes);
	return notes;
}

struct notes *notes_open(const char *path, const char *model_key, struct notes_status *status)
{
	return notes_open_with(path, model_key, NULL, status);
}

static int64_t monotonic_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int notes_busy_handler(void *arg, int count)
{
	struct notes *notes = arg;
	int64_t now = monotonic_ns();
	/* 1 to 4 ms, varied so that two waiters do not poll in step */
	struct timespec pause = { 0, (1 + (count + (int)(now / 1000) % 4) % 4) * 1000000L };

	if (count == 0)
		notes->busy_since_ns = now;
	else if (now - notes->busy_since_ns >= (int64_t)notes->busy_ms * 1000000)
		return 0;
	nanosleep(&pause, NULL);
	return 1;
}

void notes_close(struct notes *notes)
{
	if (!notes)
		return;
	sqlite3_close(notes->db);
	free(notes->path);
	free(notes->model_key);
	free(notes->user);
	free(notes->error);
	free(notes->own);
	free(notes);
}

