/* The notes store tests' fixture and helpers (notes_fixture.h). */
#include "notes_fixture.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "helpers.h"

char *work;                 /* a scratch directory for the test */
char *db_path;              /* work/notes.db */

void notes_setup(void)
{
	work = scratch_dir();
	db_path = xasprintf("%s/notes.db", work);
	/* nothing may reach the real data directory, whatever the test does */
	char *xdg = xasprintf("%s/xdg", work);
	setenv("XDG_DATA_HOME", xdg, 1);
	free(xdg);
}

void notes_teardown(void)
{
	chmod(work, 0700);
	remove_tree(work);
	free(work);
	free(db_path);
}

struct notes *open_ok(const char *path, const char *key, const struct notes_options *opts)
{
	struct notes_status status;
	struct notes *n = notes_open_with(path, key, opts, &status);

	cr_assert(n, "notes_open %s: %s", path ? path : "(default)",
	          status.message ? status.message : "?");
	notes_status_clear(&status);
	return n;
}

struct notes *open_default(void)
{
	return open_ok(db_path, "default", NULL);
}

struct bytes read_bytes(const char *path)
{
	FILE *f = fopen(path, "rb");
	struct bytes b = { NULL, 0 };
	size_t cap = 0, n;
	unsigned char buf[4096];

	cr_assert(f, "cannot read %s", path);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		GROW(b.data, cap, b.len + n);
		memcpy(b.data + b.len, buf, n);
		b.len += n;
	}
	fclose(f);
	return b;
}

void expect_same_bytes(struct bytes before, const char *path)
{
	struct bytes after = read_bytes(path);

	cr_expect_eq(after.len, before.len, "%s changed size: %zu → %zu", path, before.len,
	             after.len);
	cr_expect(after.len == before.len && memcmp(after.data, before.data, before.len) == 0,
	          "%s was modified", path);
	free(after.data);
}

void expect_note(struct notes *n, const char *id, const char *text, enum note_flag flag,
                 bool reviewed)
{
	struct note note;

	cr_assert_eq(notes_get(n, id, &note), NOTES_OK, "no note for %s: %s", id, notes_errmsg(n));
	cr_expect_str_eq(note.entity_id, id);
	cr_expect_str_eq(note.text, text);
	cr_expect_eq(note.flag, flag, "%s: flag %s, expected %s", id, note_flag_name(note.flag),
	             note_flag_name(flag));
	cr_expect_eq(note.reviewed, reviewed);
	note_clear(&note);
}

void expect_no_note(struct notes *n, const char *id)
{
	struct note note;

	cr_expect_eq(notes_get(n, id, &note), NOTES_NOT_FOUND, "%s should have no note", id);
	cr_expect_str_eq(note.text, "");
	cr_expect_eq(note.flag, NOTE_FLAG_NONE);
	cr_expect_not(note.reviewed);
	cr_expect_null(note.who);
	note_clear(&note);
}

size_t count_notes(struct notes *n)
{
	struct note_list list;
	size_t count;

	cr_assert_eq(notes_list(n, &list), NOTES_OK, "%s", notes_errmsg(n));
	count = list.count;
	note_list_clear(&list);
	return count;
}

void make_notes_file(void)
{
	struct notes *n = open_default();

	cr_assert_eq(notes_set_text(n, "n-sth", "existing"), NOTES_OK);
	cr_assert_eq(notes_set_flag(n, "n-sth", NOTE_FLAG_QUESTION), NOTES_OK);
	notes_close(n);
}
