/* The notes file: where it is by default; paths that cannot be used;
 * read-only files and directories; corrupt files, files of other
 * applications and of a newer schema refused and left byte for byte as
 * they were; a full database and a file size limit; a new file's mode.
 * Every test works in a scratch directory of its own (notes_fixture.h). */
#define _XOPEN_SOURCE 700
#include <criterion/criterion.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "helpers.h"
#include "icsview/store/notes.h"
#include "notes_fixture.h"
/* the store's own view of a notes file: its connection, for the full-disk
 * test, which limits that connection's size */
#include "../src/store/notes_private.h"

TestSuite(notes, .init = notes_setup, .fini = notes_teardown);

/* ---- helpers ---------------------------------------------------------- */

/* Opening must fail; returns the message (caller frees). */
static char *open_refused(const char *path)
{
	struct notes_status status;
	struct notes *n = notes_open(path, "default", &status);
	char *message;

	cr_assert_null(n, "notes_open %s should have refused the file", path);
	cr_assert(status.message, "a refusal says why");
	message = xstrdup(status.message);
	notes_status_clear(&status);
	return message;
}

static void write_bytes(const char *path, const void *data, size_t len, long offset)
{
	FILE *f = fopen(path, offset < 0 ? "wb" : "r+b");

	cr_assert(f, "cannot write %s", path);
	if (offset >= 0)
		fseek(f, offset, SEEK_SET);
	cr_assert_eq(fwrite(data, 1, len, f), len);
	fclose(f);
}

/* Pseudo-random bytes that are not an SQLite header. */
static void fill_garbage(unsigned char *buf, size_t len, unsigned seed)
{
	for (size_t i = 0; i < len; i++) {
		seed = seed * 1103515245u + 12345u;
		buf[i] = (unsigned char)(seed >> 16);
	}
}

/* ---- where the file is ---------------------------------------------------------------------- */

Test(notes, default_path_follows_xdg)
{
	char *expected = xasprintf("%s/xdg/icsview/notes.db", work);
	char *path = notes_default_path(), *dir;
	struct notes *n;
	struct stat sb;

	cr_assert(path);
	cr_expect_str_eq(path, expected);
	free(path);

	n = open_ok(NULL, NULL, NULL);
	cr_expect_str_eq(notes_model_key(n), "default");
	cr_assert_eq(notes_set_text(n, "x", "y"), NOTES_OK);
	notes_close(n);
	cr_expect_eq(stat(expected, &sb), 0, "%s was not created", expected);
	dir = xasprintf("%s/xdg/icsview", work);
	cr_assert_eq(stat(dir, &sb), 0);
	cr_expect_eq(sb.st_mode & 0777, 0700, "directory mode %o", (unsigned)(sb.st_mode & 0777));
	free(dir);
	free(expected);

	/* a relative XDG_DATA_HOME is ignored */
	setenv("XDG_DATA_HOME", "relative", 1);
	setenv("HOME", work, 1);
	expected = xasprintf("%s/.local/share/icsview/notes.db", work);
	path = notes_default_path();
	cr_expect_str_eq(path, expected);
	free(path);
	free(expected);
}

Test(notes, unusable_paths_are_refused)
{
	char *missing = xasprintf("%s/no/such/dir/notes.db", work);
	char *message = open_refused(missing);

	cr_expect(strstr(message, "does not exist"), "%s", message);
	free(message);
	free(missing);
	message = open_refused(work);
	cr_expect(strstr(message, "not a regular file"), "%s", message);
	free(message);
}

/* ---- read-only --------------------------------------------------------------------------------- */

Test(notes, read_only_option_never_writes)
{
	struct notes_options opts = { .read_only = true };
	struct notes_status status;
	struct bytes before;
	struct notes *n;

	make_notes_file();
	before = read_bytes(db_path);
	n = notes_open_with(db_path, "default", &opts, &status);
	cr_assert(n, "%s", status.message);
	cr_expect(status.read_only);
	cr_assert(status.message);
	cr_expect(strstr(status.message, "read-only"), "%s", status.message);
	notes_status_clear(&status);
	cr_expect(notes_read_only(n));

	expect_note(n, "n-sth", "existing", NOTE_FLAG_QUESTION, false);
	cr_expect_eq(notes_set_text(n, "n-sth", "changed"), NOTES_READ_ONLY);
	cr_expect(strstr(notes_errmsg(n), "read-only"), "%s", notes_errmsg(n));
	cr_expect_eq(notes_cycle_flag(n, "n-sth", NULL), NOTES_READ_ONLY);
	cr_expect_eq(notes_toggle_reviewed(n, "n-sth", NULL), NOTES_READ_ONLY);
	cr_expect_eq(notes_delete(n, "n-sth"), NOTES_READ_ONLY);
	expect_note(n, "n-sth", "existing", NOTE_FLAG_QUESTION, false);
	notes_close(n);
	expect_same_bytes(before, db_path);
	free(before.data);
}

Test(notes, read_only_option_on_a_missing_file_creates_nothing)
{
	struct notes_options opts = { .read_only = true };
	struct notes *n = open_ok(db_path, "default", &opts);
	struct stat sb;

	expect_no_note(n, "n-sth");
	cr_expect_eq(count_notes(n), 0);
	cr_expect_eq(notes_set_text(n, "n-sth", "x"), NOTES_READ_ONLY);
	notes_close(n);
	cr_expect_neq(stat(db_path, &sb), 0, "a read-only open created %s", db_path);
}

/* Opens path as the current user and checks that the store is read-only but
 * readable.  Returns an exit status (for a child process): 0 when so. */
static int check_read_only_open(const char *path)
{
	struct notes_status status;
	struct notes *n = notes_open(path, "default", &status);
	struct note note;
	int rc = 0;

	if (!n) {
		fprintf(stderr, "open: %s\n", status.message);
		notes_status_clear(&status);
		return 10;
	}
	if (!status.read_only || !status.message || !strstr(status.message, "read-only"))
		rc = 11;
	else if (notes_get(n, "n-sth", &note) != NOTES_OK || strcmp(note.text, "existing") != 0)
		rc = 12;
	else if (notes_set_text(n, "n-sth", "changed") != NOTES_READ_ONLY)
		rc = 13;
	if (rc)
		fprintf(stderr, "read-only open: failure %d: %s / %s\n", rc,
		        status.message ? status.message : "-", notes_errmsg(n));
	note_clear(&note);
	notes_status_clear(&status);
	notes_close(n);
	return rc;
}

/* As root, permissions do not stop writes: the check runs in a child that
 * has become nobody. */
static void expect_read_only_open(const char *path)
{
	int status;
	pid_t pid;

	if (geteuid() != 0) {
		cr_expect_eq(check_read_only_open(path), 0);
		return;
	}
	pid = fork();
	cr_assert_neq(pid, -1);
	if (pid == 0) {
		if (setgid(65534) != 0 || setuid(65534) != 0)
			_exit(20);
		_exit(check_read_only_open(path));
	}
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 0, "read-only open failed: %d",
	          WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

Test(notes, read_only_file_opens_read_only)
{
	struct bytes before;

	make_notes_file();
	cr_assert_eq(chmod(work, 0755), 0);
	cr_assert_eq(chmod(db_path, 0444), 0);
	before = read_bytes(db_path);
	expect_read_only_open(db_path);
	expect_same_bytes(before, db_path);
	free(before.data);
}

Test(notes, read_only_directory_opens_read_only)
{
	struct bytes before;

	make_notes_file();
	cr_assert_eq(chmod(db_path, 0666), 0);
	cr_assert_eq(chmod(work, geteuid() == 0 ? 0755 : 0555), 0);
	before = read_bytes(db_path);
	expect_read_only_open(db_path);
	expect_same_bytes(before, db_path);
	free(before.data);
}

/* ---- files that are refused ---------------------------------------------------------------- */

Test(notes, garbage_file_is_refused_and_untouched)
{
	unsigned char garbage[10000];
	struct bytes before;
	char *message;

	fill_garbage(garbage, sizeof(garbage), 42);
	write_bytes(db_path, garbage, sizeof(garbage), -1);
	before = read_bytes(db_path);
	message = open_refused(db_path);
	cr_expect(strstr(message, "refusing"), "%s", message);
	cr_expect(strstr(message, "left as it was"), "%s", message);
	expect_same_bytes(before, db_path);
	free(message);
	free(before.data);
}

Test(notes, damaged_notes_file_is_refused_and_untouched)
{
	struct notes *n = open_default();
	unsigned char garbage[4096];
	char id[32], text[600];
	struct bytes before;
	char *message;

	memset(text, 'n', sizeof(text) - 1);
	text[sizeof(text) - 1] = '\0';
	for (int i = 0; i < 200; i++) {
		snprintf(id, sizeof(id), "entity-%03d", i);
		cr_assert_eq(notes_set_text(n, id, text), NOTES_OK);
	}
	notes_close(n);
	/* a page in the middle of the file overwritten: the header is intact */
	fill_garbage(garbage, sizeof(garbage), 7);
	write_bytes(db_path, garbage, sizeof(garbage), 3 * 4096);
	before = read_bytes(db_path);
	cr_assert_gt(before.len, 8 * 4096);
	message = open_refused(db_path);
	cr_expect(strstr(message, "refusing"), "%s", message);
	expect_same_bytes(before, db_path);
	free(message);
	free(before.data);
}

static void make_sqlite_file(const char *sql)
{
	sqlite3 *db = NULL;

	cr_assert_eq(sqlite3_open(db_path, &db), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK, "%s", sqlite3_errmsg(db));
	sqlite3_close(db);
}

Test(notes, database_of_another_application_is_refused_and_untouched)
{
	struct bytes before;
	char *message;

	make_sqlite_file("CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT);"
	                 "INSERT INTO notes(body) VALUES('someone else''s data');");
	before = read_bytes(db_path);
	message = open_refused(db_path);
	cr_expect(strstr(message, "not an icsview notes file"), "%s", message);
	expect_same_bytes(before, db_path);
	free(message);
	free(before.data);
}

Test(notes, wal_database_of_another_application_is_refused_and_untouched)
{
	struct bytes before;
	char *message;

	make_sqlite_file("PRAGMA journal_mode=WAL; CREATE TABLE t(x); INSERT INTO t VALUES(1);");
	before = read_bytes(db_path);
	message = open_refused(db_path);
	cr_expect(strstr(message, "not an icsview notes file"), "%s", message);
	expect_same_bytes(before, db_path);
	free(message);
	free(before.data);
}

Test(notes, newer_schema_is_refused_and_untouched)
{
	struct bytes before;
	char *message;
	char *sql = xasprintf("PRAGMA application_id=%d; PRAGMA user_version=%d;"
	                      " CREATE TABLE notes(x);", NOTES_APPLICATION_ID,
	                      NOTES_SCHEMA_VERSION + 1);

	make_sqlite_file(sql);
	before = read_bytes(db_path);
	message = open_refused(db_path);
	cr_expect(strstr(message, "newer"), "%s", message);
	expect_same_bytes(before, db_path);
	free(message);
	free(before.data);
	free(sql);
}

Test(notes, empty_file_becomes_a_notes_file)
{
	struct notes_status status;
	struct notes *n;

	write_bytes(db_path, "", 0, -1);
	n = notes_open(db_path, "default", &status);
	cr_assert(n, "%s", status.message);
	cr_expect(status.created);
	notes_status_clear(&status);
	cr_assert_eq(notes_set_text(n, "x", "y"), NOTES_OK);
	notes_close(n);
}

/* ---- a full disk ---------------------------------------------------------------------------------- */

Test(notes, full_database_fails_cleanly)
{
	struct notes *n = open_default();
	struct note_history history;
	char *big = xmalloc(512 * 1024 + 1);
	char sql[64];
	sqlite3_stmt *stmt;
	int pages;

	cr_assert_eq(notes_set_text(n, "n-sth", "kept"), NOTES_OK);
	cr_assert_eq(sqlite3_prepare_v2(n->db, "PRAGMA page_count", -1, &stmt, NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_step(stmt), SQLITE_ROW);
	pages = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	/* the database may not grow: as if the disk were full (the limit is the
	 * connection's: it is set on the notes store's own) */
	snprintf(sql, sizeof(sql), "PRAGMA max_page_count=%d", pages);
	cr_assert_eq(sqlite3_exec(n->db, sql, NULL, NULL, NULL), SQLITE_OK);

	memset(big, 'x', 512 * 1024);
	big[512 * 1024] = '\0';
	cr_expect_eq(notes_set_text(n, "n-board", big), NOTES_ERROR);
	cr_expect(strstr(notes_errmsg(n), "full"), "%s", notes_errmsg(n));
	cr_expect_eq(notes_set_text(n, "n-sth", big), NOTES_ERROR);
	/* nothing half-written: not the note, not its history */
	expect_note(n, "n-sth", "kept", NOTE_FLAG_NONE, false);
	expect_no_note(n, "n-board");
	cr_assert_eq(notes_history(n, "n-board", &history), NOTES_OK);
	cr_expect_eq(history.count, 0);
	note_history_clear(&history);
	notes_close(n);

	n = open_default();
	expect_note(n, "n-sth", "kept", NOTE_FLAG_NONE, false);
	cr_assert_eq(notes_set_text(n, "n-board", big), NOTES_OK, "%s", notes_errmsg(n));
	notes_close(n);
	free(big);
}

/* In a child with a file size limit (as `ulimit -f`) that the file has
 * room for, but not for a large note: SIGXFSZ ignored as main() ignores it.
 * Returns 0 when the large note fails with NOTES_ERROR, saying why, and a
 * small one still saves.  No criterion assertions here. */
static int write_past_a_file_size_limit(void)
{
	struct rlimit limit = { 256 * 1024, 256 * 1024 };
	struct notes_status status;
	struct notes *n;
	char *big = xmalloc(512 * 1024 + 1);
	int rc = 0, got;

	signal(SIGXFSZ, SIG_IGN);
	memset(big, 'x', 512 * 1024);
	big[512 * 1024] = '\0';
	if (setrlimit(RLIMIT_FSIZE, &limit) != 0)
		return 10;
	n = notes_open(db_path, "default", &status);
	notes_status_clear(&status);
	if (!n)
		return 11;
	if ((got = notes_set_text(n, "n-board", big)) != NOTES_ERROR)
		rc = 1;
	else if (!strstr(notes_errmsg(n), "cannot"))
		rc = 2;
	else if (notes_set_text(n, "n-place", "small, after the failure") != NOTES_OK)
		rc = 3;
	if (rc)
		fprintf(stderr, "file size limit: failure %d (result %d: %s)\n", rc, got,
		        notes_errmsg(n));
	notes_close(n);
	free(big);
	return rc;
}

/* A full disk for real: writes fail in the file system (EFBIG), not at
 * SQLite's page limit.  The note that did not fit is not there, in part or
 * in the history, and every note saved before is intact. */
Test(notes, file_size_limit_fails_cleanly_and_keeps_earlier_notes)
{
	struct notes *n = open_default();
	struct note_history history;
	char *big;
	int status;
	pid_t pid;

	cr_assert_eq(notes_set_text(n, "n-sth", "saved before"), NOTES_OK);
	cr_assert_eq(notes_set_flag(n, "n-sth", NOTE_FLAG_CONCERN), NOTES_OK);
	cr_assert_eq(notes_set_reviewed(n, "n-doncaster", true), NOTES_OK);
	notes_close(n);

	pid = fork();
	cr_assert_neq(pid, -1);
	if (pid == 0)
		_exit(write_past_a_file_size_limit());
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_assert(WIFEXITED(status), "killed by signal %d", WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	cr_assert_eq(WEXITSTATUS(status), 0, "the child's check %d failed", WEXITSTATUS(status));

	n = open_default();
	expect_note(n, "n-sth", "saved before", NOTE_FLAG_CONCERN, false);
	expect_note(n, "n-doncaster", "", NOTE_FLAG_NONE, true);
	expect_note(n, "n-place", "small, after the failure", NOTE_FLAG_NONE, false);
	expect_no_note(n, "n-board");
	cr_assert_eq(notes_history(n, "n-board", &history), NOTES_OK);
	cr_expect_eq(history.count, 0);
	note_history_clear(&history);
	cr_expect_eq(count_notes(n), 3);
	/* without the limit, the same note saves */
	big = xmalloc(512 * 1024 + 1);
	memset(big, 'x', 512 * 1024);
	big[512 * 1024] = '\0';
	cr_assert_eq(notes_set_text(n, "n-board", big), NOTES_OK, "%s", notes_errmsg(n));
	notes_close(n);
	free(big);
}

Test(notes, a_new_notes_file_is_private)
{
	struct notes *n = open_default();
	char *wal = xasprintf("%s-wal", db_path);
	struct stat sb;

	cr_assert_eq(notes_set_text(n, "n-sth", "private"), NOTES_OK);
	cr_assert_eq(stat(db_path, &sb), 0);
	cr_expect_eq(sb.st_mode & 0777, 0600, "notes file mode %o", (unsigned)(sb.st_mode & 0777));
	cr_assert_eq(stat(wal, &sb), 0, "no WAL file while open");
	cr_expect_eq(sb.st_mode & 0777, 0600, "WAL file mode %o", (unsigned)(sb.st_mode & 0777));
	notes_close(n);
	free(wal);
}
