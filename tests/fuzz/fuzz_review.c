/* Fuzzes the notes file's rows as every output reads them: bytes → one row
 * of the notes table written straight into the file with SQLite, as
 * another program could (every text column: the entity id, the note, who
 * changed it and when; the flag and the reviewed mark), then the review
 * written in each format (review_export.h: text, md, csv, json) and the
 * interface's detail pane of the entity (detail_build_reviewed, with the
 * row's values as a recent change and as an import's conflict too), each
 * checked against SECURITY.md: no control character (C0 but the line
 * breaks, DEL, C1), no bidi control and only UTF-8 in what reaches a
 * terminal; no CSV cell that a spreadsheet would take as a formula.
 *
 * The input: the fields are separated by NUL bytes, in the order entity
 * id, note, who, when (a missing one is a plain value; an empty id is
 * n-board, an entity of the model); the last byte chooses the flag (its
 * low two bits) and the reviewed mark (the next bit). */
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz_common.h"
#include "icsview/base/output.h"
#include "icsview/base/util.h"
#include "icsview/query/review_export.h"
#include "icsview/query/review_history.h"
#include "icsview/store/notes.h"
#include "icsview/views/detail.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MODEL_KEY "fuzz"
#define FIELD_COUNT 4

static struct notes *notes;
static sqlite3 *db;             /* the same file, as another program writes it */
static sqlite3_stmt *insert;

static void fail(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_review: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
	abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct notes_options opts = { .user = "fuzzer" };
	struct notes_status status;
	char *path;

	(void)argc; (void)argv;
	fuzz_store();
	path = xasprintf("%s/review-notes.db", fuzz_scratch_dir());
	notes = notes_open_with(path, MODEL_KEY, &opts, &status);
	if (!notes || status.read_only)
		fail("cannot open the notes file", status.message);
	notes_status_clear(&status);
	if (sqlite3_open(path, &db) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT INTO notes(model_key, entity_id, text, flag, reviewed,"
	                       " who, changed) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", -1, &insert,
	                       NULL) != SQLITE_OK)
		fail("cannot write the notes file", sqlite3_errmsg(db));
	free(path);
	return 0;
}

/* ---- the oracles ----------------------------------------------------------- */

/* The bidirectional controls, listed here again rather than taken from
 * output.c: the oracle must not share the code it checks. */
static bool reorders_text(uint32_t cp)
{
	return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

/* UTF-8 with no control character but LF (and CR before LF where crlf),
 * and no bidi control. */
static void check_terminal_safe(const char *how, const char *s, size_t n, bool crlf)
{
	for (size_t i = 0, len; i < n; i += len) {
		uint32_t cp;
		bool line_end;

		len = utf8_decode(s + i, n - i, &cp);
		if (len == 0) {
			fprintf(stderr, "fuzz_review: %s wrote a byte 0x%02X that is not UTF-8 at %zu\n",
			        how, (unsigned char)s[i], i);
			abort();
		}
		line_end = cp == '\n' || (crlf && cp == '\r' && i + 1 < n && s[i + 1] == '\n');
		if ((cp < 0x20 && !line_end) || (cp >= 0x7f && cp < 0xa0) || reorders_text(cp)) {
			fprintf(stderr, "fuzz_review: %s let U+%04X through at byte %zu\n", how,
			        (unsigned)cp, i);
			abort();
		}
	}
}

/* OWASP: no cell begins with = + - @ tab or CR, quoted or not. */
static void check_csv_cells(const char *s, size_t n)
{
	bool quoted = false, cell_start = true;

	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (cell_start) {
			size_t first = i + (c == '"');

			if (first < n && strchr("=+-@\t\r", s[first]) && !(s[first] == '\r' && !quoted &&
			                                                    c != '"' && s[first + 1] == '\n')) {
				fprintf(stderr, "fuzz_review: a CSV cell at byte %zu begins with 0x%02X\n", i,
				        (unsigned char)s[first]);
				abort();
			}
			cell_start = false;
		}
		if (c == '"')
			quoted = !quoted;   /* a doubled quote toggles twice */
		else if (!quoted && (c == ',' || c == '\n'))
			cell_start = true;
	}
}

/* ---- the outputs ----------------------------------------------------------- */

static void check_export(enum review_format format, const char *how)
{
	struct review_export_options opts = { .format = format, .path_separator = " \u203a " };
	char *buf = NULL, *error = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);
	struct out o;

	if (!f)
		fail("open_memstream", NULL);
	out_init(&o, f);
	if (review_export(fuzz_store(), notes, &opts, &o, &error) != STORE_OK)
		fail(how, error);
	if (!out_finish(&o) || fclose(f) != 0)
		fail("writing to memory failed", how);
	check_terminal_safe(how, buf, n, format == REVIEW_CSV);
	if (format == REVIEW_CSV)
		check_csv_cells(buf, n);
	free(buf);
}

static void check_detail(const char *entity_id)
{
	static char *const whats[] = { "text", "flag", "conflict", "resolved", "lost flag" };
	struct store *st = fuzz_store();
	struct detail d = { 0 };
	struct entity e;
	struct note note;
	struct review_change change;
	struct review_history changes = { .items = &change, .count = 1 };

	if (notes_get(notes, entity_id, &note) < 0)
		fail("notes_get", notes_errmsg(notes));
	if (store_entity_by_id(st, entity_id, &e) != STORE_OK &&
	    store_entity_by_id(st, "n-board", &e) != STORE_OK)
		fail("no entity n-board in the model", NULL);
	/* the row's values as a change and as an import's conflict: the
	 * Review section says them too (detail_changes.c) */
	change = (struct review_change){ .entity_id = note.entity_id, .before = note.text,
		.after = note.text, .who = note.who, .when = note.when,
		.what = whats[strlen(note.text) % (sizeof(whats) / sizeof(whats[0]))] };
	d.review_changes = &changes;
	d.review_conflict = &note;
	if (detail_build_reviewed(&d, st, e.eid, 60, &note, note.when) != STORE_OK)
		fail("detail_build_reviewed", store_errmsg(st));
	for (size_t i = 0; i < d.count; i++) {
		if (d.lines[i].key)
			check_terminal_safe("the detail pane's key", d.lines[i].key,
			                    strlen(d.lines[i].key), false);
		check_terminal_safe("the detail pane", d.lines[i].text, strlen(d.lines[i].text), false);
	}
	detail_clear(&d);
	entity_clear(&e);
	note_clear(&note);
}

/* ---- one input --------------------------------------------------------------- */

static void put_row(char *const *fields, uint8_t choice)
{
	sqlite3_reset(insert);
	sqlite3_bind_text(insert, 1, MODEL_KEY, -1, SQLITE_STATIC);
	for (int i = 0; i < FIELD_COUNT; i++)
		sqlite3_bind_text(insert, i == 0 ? 2 : i == 1 ? 3 : i + 4, fields[i], -1,
		                  SQLITE_STATIC);
	sqlite3_bind_int(insert, 4, choice & 3);
	sqlite3_bind_int(insert, 5, (choice >> 2) & 1);
	if (sqlite3_exec(db, "DELETE FROM notes", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_step(insert) != SQLITE_DONE)
		fail("cannot write the row", sqlite3_errmsg(db));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const defaults[FIELD_COUNT] = {
		"n-board", "a note", "someone", "2024-05-01T12:34:56Z",
	};
	char *fields[FIELD_COUNT];
	const char *p = (const char *)data, *end = p + size;
	uint8_t choice = size ? data[size - 1] : 0;

	for (int i = 0; i < FIELD_COUNT; i++) {
		const char *nul = p < end ? memchr(p, '\0', (size_t)(end - p)) : NULL;
		size_t n = p < end ? (size_t)((nul ? nul : end) - p) : 0;

		fields[i] = p < end ? xstrndup(p, n) : xstrdup(defaults[i]);
		if (i == 0 && !fields[i][0]) {
			free(fields[i]);
			fields[i] = xstrdup(defaults[0]);
		}
		p += n + 1;
	}
	put_row(fields, choice);
	check_export(REVIEW_TEXT, "review text");
	check_export(REVIEW_MD, "review md");
	check_export(REVIEW_CSV, "review csv");
	check_export(REVIEW_JSON, "review json");
	check_detail(fields[0]);
	for (int i = 0; i < FIELD_COUNT; i++)
		free(fields[i]);
	return 0;
}
