/* Fuzzes the notes store's text fields and their escaping on the way out:
 * bytes → an entity id and a note text → notes_set_text, notes_get,
 * notes_set_flag, notes_history, notes_delete on a notes file in the
 * scratch directory (opened once per process), each result checked against
 * notes.h; then the text through the plain-text escaping (out_text,
 * sb_text_line, out_wrapped: output.h) and the JSON writer (json_writer.h),
 * whose output must keep every promise made there.
 *
 * The input: the entity id is the bytes before the first NUL, the text the
 * bytes after it up to the next NUL (the API takes C strings); without a
 * NUL, the first line is the id and the rest the text.  The last byte
 * chooses the flag. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz_common.h"
#include "icsview/base/json_writer.h"
#include "icsview/store/notes.h"
#include "icsview/base/output.h"
#include "icsview/base/util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct notes *notes;

static void die_with(const char *what, const char *id, const char *detail)
{
	fprintf(stderr, "fuzz_notes: %s (id of %zu bytes)%s%s\n", what, strlen(id),
	        detail ? ": " : "", detail ? detail : "");
	abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct notes_options opts = { .user = "fuzzer" };
	struct notes_status status;
	char *path;

	(void)argc; (void)argv;
	path = xasprintf("%s/notes.db", fuzz_scratch_dir());
	notes = notes_open_with(path, "fuzz", &opts, &status);
	if (!notes || status.read_only) {
		fprintf(stderr, "fuzz_notes: cannot open %s: %s\n", path,
		        status.message ? status.message : "?");
		abort();
	}
	notes_status_clear(&status);
	free(path);
	return 0;
}

/* ---- the store --------------------------------------------------------- */

/* What every call must return for this id when the store works. */
static int expected_for_id(const char *id)
{
	if (!*id)
		return NOTES_INVALID;
	if (strlen(id) > NOTES_MAX_ID)
		return NOTES_TOO_LARGE;
	return NOTES_OK;
}

static void expect_result(const char *call, int got, int expected, const char *id)
{
	char detail[160];

	if (got == expected)
		return;
	snprintf(detail, sizeof(detail), "returned %d, expected %d: %s", got, expected,
	         notes_errmsg(notes));
	die_with(call, id, detail);
}

/* The note of id must hold text and flag (an empty note is no note). */
static void expect_note(const char *id, const char *text, enum note_flag flag)
{
	struct note note;
	int rc = notes_get(notes, id, &note);

	if (rc != NOTES_OK && rc != NOTES_NOT_FOUND)
		expect_result("notes_get", rc, NOTES_OK, id);
	if (strcmp(note.text, text) != 0)
		die_with("notes_get: the text read back differs from the text saved", id, NULL);
	if (rc == NOTES_NOT_FOUND && (*text || flag != NOTE_FLAG_NONE || note.reviewed))
		die_with("notes_get: a note with content is not found", id, NULL);
	if (rc == NOTES_OK && note.flag != flag)
		die_with("notes_get: the flag read back differs", id, note_flag_name(note.flag));
	if (rc == NOTES_OK && (strcmp(note.entity_id, id) != 0 || !note.who ||
	                       strcmp(note.who, "fuzzer") != 0 || !note.when))
		die_with("notes_get: wrong entity id, author or time", id, NULL);
	note_clear(&note);
}

/* The last changes in id's history: `count` of them, oldest first. */
static void expect_history_tail(const char *id, const char *const *what,
                                const char *const *value, size_t count)
{
	struct note_history h;
	int rc = notes_history(notes, id, &h);

	expect_result("notes_history", rc, NOTES_OK, id);
	if (h.count < count)
		die_with("notes_history: changes missing", id, NULL);
	for (size_t i = 0; i < count; i++) {
		const struct note_change *c = &h.items[h.count - count + i];

		if (strcmp(c->what, what[i]) != 0 || strcmp(c->value, value[i]) != 0 ||
		    strcmp(c->who, "fuzzer") != 0)
			die_with("notes_history: a change is not recorded as made", id, c->what);
	}
	note_history_clear(&h);
}

static void exercise_store(const char *id, const char *text, enum note_flag flag)
{
	int expected = expected_for_id(id), rc;
	struct note_history h;
	struct note note;

	rc = notes_set_text(notes, id, text);
	expect_result("notes_set_text", rc, expected, id);
	rc = notes_set_flag(notes, id, flag);
	expect_result("notes_set_flag", rc, expected, id);
	if (expected != NOTES_OK) {
		rc = notes_get(notes, id, &note);
		note_clear(&note);
		expect_result("notes_get", rc, expected, id);
		rc = notes_history(notes, id, &h);
		note_history_clear(&h);
		expect_result("notes_history", rc, expected, id);
		expect_result("notes_delete", notes_delete(notes, id), expected, id);
		return;
	}
	expect_note(id, text, flag);
	{
		const char *what[] = { "text", "flag" };
		const char *value[] = { text, note_flag_name(flag) };

		expect_history_tail(id, what, value, 2);
	}
	rc = notes_delete(notes, id);
	if (*text || flag != NOTE_FLAG_NONE) {
		const char *what[] = { "delete" };
		const char *value[] = { text };

		expect_result("notes_delete", rc, NOTES_OK, id);
		expect_history_tail(id, what, value, 1);
	} else if (rc != NOTES_OK && rc != NOTES_NOT_FOUND) {
		expect_result("notes_delete", rc, NOTES_OK, id);
	}
	expect_note(id, "", NOTE_FLAG_NONE);
}

/* ---- what reaches a terminal ------------------------------------------------- */

/* The bidirectional controls, listed here again rather than taken from
 * output.c: the oracle must not share the code it checks. */
static bool reorders_text(uint32_t cp)
{
	return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

/* output.h: what out_text writes is UTF-8 with no control character (C0,
 * ESC among them, DEL, C1) and no bidi control; `newlines` allows the line
 * breaks that out_wrapped puts in. */
static void check_terminal_safe(const char *how, const char *s, size_t n, bool newlines)
{
	for (size_t i = 0, len; i < n; i += len) {
		uint32_t cp;

		len = utf8_decode(s + i, n - i, &cp);
		if (len == 0) {
			fprintf(stderr, "fuzz_notes: %s wrote a byte 0x%02X that is not UTF-8 at %zu\n",
			        how, (unsigned char)s[i], i);
			abort();
		}
		if ((cp < 0x20 && !(newlines && cp == '\n')) || (cp >= 0x7f && cp < 0xa0) ||
		    reorders_text(cp)) {
			fprintf(stderr, "fuzz_notes: %s let U+%04X through at byte %zu\n", how,
			        (unsigned)cp, i);
			abort();
		}
	}
}

/* Runs fn on a memory stream and returns what it wrote (caller frees). */
static char *captured(void (*fn)(struct out *, const char *), const char *text, size_t *n)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, n);
	struct out o;

	if (!f) {
		perror("fuzz_notes: open_memstream");
		abort();
	}
	out_init(&o, f);
	fn(&o, text);
	if (!out_finish(&o) || fclose(f) != 0) {
		fprintf(stderr, "fuzz_notes: writing to memory failed\n");
		abort();
	}
	return buf;
}

static void write_text(struct out *o, const char *text)
{
	out_text_line(o, text);
}

static void write_wrapped(struct out *o, const char *text)
{
	out_wrapped(o, text, 4, 40);
}

static void write_json(struct out *o, const char *text)
{
	struct json_writer w;

	json_init(&w, o, 0);
	json_string(&w, text);
	json_finish(&w);
}

static unsigned hex_value(char c)
{
	return c >= '0' && c <= '9' ? (unsigned)(c - '0') : (unsigned)((c | 0x20) - 'a' + 10);
}

static void put_utf8(struct strbuf *sb, uint32_t cp)
{
	char b[4];
	size_t n;

	if (cp == 0) {          /* a NUL in a C string: its Modified UTF-8 form */
		b[0] = (char)0xc0; b[1] = (char)0x80; n = 2;
	} else if (cp < 0x80) {
		b[0] = (char)cp; n = 1;
	} else if (cp < 0x800) {
		b[0] = (char)(0xc0 | cp >> 6); b[1] = (char)(0x80 | (cp & 0x3f)); n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xe0 | cp >> 12); b[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[2] = (char)(0x80 | (cp & 0x3f)); n = 3;
	} else {
		b[0] = (char)(0xf0 | cp >> 18); b[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3f)); b[3] = (char)(0x80 | (cp & 0x3f)); n = 4;
	}
	sb_add(sb, b, n);
}

/* Decodes the one JSON string json_string wrote ("...\n"); aborts on
 * anything RFC 8259 does not allow there. */
static char *json_decode(const char *s, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i = 1;

	if (n < 3 || s[0] != '"' || s[n - 2] != '"' || s[n - 1] != '\n') {
		fprintf(stderr, "fuzz_notes: json_string did not write one string and a newline\n");
		abort();
	}
	while (i < n - 2) {
		char c = s[i++];
		uint32_t cp;

		if (c == '"') {
			fprintf(stderr, "fuzz_notes: an unescaped quote inside a JSON string\n");
			abort();
		}
		if (c != '\\') {
			sb_putc(&sb, c);
			continue;
		}
		switch (s[i++]) {
		case '"': sb_putc(&sb, '"'); break;
		case '\\': sb_putc(&sb, '\\'); break;
		case '/': sb_putc(&sb, '/'); break;
		case 'b': sb_putc(&sb, '\b'); break;
		case 'f': sb_putc(&sb, '\f'); break;
		case 'n': sb_putc(&sb, '\n'); break;
		case 'r': sb_putc(&sb, '\r'); break;
		case 't': sb_putc(&sb, '\t'); break;
		case 'u':
			if (i + 4 > n - 2) {
				fprintf(stderr, "fuzz_notes: a short \\u escape\n");
				abort();
			}
			cp = 0;
			for (int k = 0; k < 4; k++)
				cp = cp << 4 | hex_value(s[i++]);
			if (cp >= 0xd800 && cp < 0xdc00 && i + 6 <= n - 2 && s[i] == '\\' &&
			    s[i + 1] == 'u') {
				uint32_t low = 0;

				for (int k = 0; k < 4; k++)
					low = low << 4 | hex_value(s[i + 2 + k]);
				i += 6;
				cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
			}
			put_utf8(&sb, cp);
			break;
		default:
			fprintf(stderr, "fuzz_notes: an unknown escape in a JSON string\n");
			abort();
		}
	}
	return sb_detach(&sb);
}

/* json_writer.h: the text itself, each byte that is not UTF-8 as U+FFFD. */
static char *json_expected(const char *text)
{
	struct strbuf sb = STRBUF_INIT;
	size_t n = strlen(text);

	for (size_t i = 0, len; i < n; i += len) {
		uint32_t cp;

		len = utf8_decode(text + i, n - i, &cp);
		if (len == 0) {
			sb_puts(&sb, "\xef\xbf\xbd");
			len = 1;
		} else {
			sb_add(&sb, text + i, len);
		}
	}
	return sb_detach(&sb);
}

static void exercise_output(const char *text)
{
	struct strbuf sb = STRBUF_INIT;
	char *s, *decoded, *expected;
	size_t n;

	s = captured(write_text, text, &n);
	check_terminal_safe("out_text", s, n, false);
	sb_text_line(&sb, text);
	if (sb.len != n || memcmp(sb_str(&sb), s, n) != 0) {
		fprintf(stderr, "fuzz_notes: sb_text_line and out_text_line differ\n");
		abort();
	}
	sb_free(&sb);
	free(s);

	s = captured(write_wrapped, text, &n);
	check_terminal_safe("out_wrapped", s, n, true);
	free(s);

	s = captured(write_json, text, &n);
	for (size_t i = 0; i + 1 < n; i++) {
		if ((unsigned char)s[i] < 0x20) {
			fprintf(stderr, "fuzz_notes: a raw control byte 0x%02X in JSON\n",
			        (unsigned char)s[i]);
			abort();
		}
	}
	check_terminal_safe("json_string", s, n - 1, false);
	decoded = json_decode(s, n);
	expected = json_expected(text);
	if (strcmp(decoded, expected) != 0) {
		fprintf(stderr, "fuzz_notes: the JSON string does not decode to the text\n");
		abort();
	}
	free(expected);
	free(decoded);
	free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *bytes = (const char *)data;
	const char *nul = memchr(bytes, '\0', size);
	const char *split = nul ? nul : memchr(bytes, '\n', size);
	char *id, *text;
	enum note_flag flag = size ? (enum note_flag)(data[size - 1] % NOTE_FLAG_COUNT)
	                           : NOTE_FLAG_NONE;

	if (split) {
		id = xstrndup(bytes, (size_t)(split - bytes));
		text = xstrndup(split + 1, size - (size_t)(split - bytes) - 1);   /* to the next NUL */
	} else {
		id = xstrndup(bytes, size);
		text = xstrdup("");
	}
	exercise_store(id, text, flag);
	exercise_output(text);
	exercise_output(id);
	free(id);
	free(text);
	return 0;
}
