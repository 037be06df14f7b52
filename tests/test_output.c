/* The output modules on their own: text escaped for a terminal, display
 * widths, and the JSON writer (its output parsed back by python3). */
#include <criterion/criterion.h>
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "helpers.h"
#include "icsview/base/json_writer.h"
#include "icsview/base/output.h"
#include "icsview/base/util.h"

static char *captured(void (*write)(struct out *o))
{
	char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);
	struct out o;

	cr_assert(f);
	out_init(&o, f);
	write(&o);
	cr_assert(out_finish(&o));
	fclose(f);
	return text;
}

static void write_controls(struct out *o)
{
	out_text_line(o, "a\x1b[2Jb\x01\x1f\x7f\n\t\xc2\x85\xff \xe2\x80\x93 ok");
}

Test(output, text_escapes_every_control_character)
{
	char *text = captured(write_controls);

	cr_expect_str_eq(text, "a^[[2Jb^A^_^?^J^I<U+0085><FF> \u2013 ok");
	free(text);
	setlocale(LC_ALL, "");   /* C.UTF-8 under meson test */
	cr_expect_eq(text_width("a\x1b\xe2\x80\x93", 5), 4);
	cr_expect_eq(text_width("\xe4\xb8\xad", 3), 2, "a wide character takes two columns");
}

/* What one byte alone (not part of a UTF-8 character) is written as. */
static void escaped_byte(unsigned char b, char *buf, size_t size)
{
	if (b < 0x20)
		snprintf(buf, size, "^%c", b + 0x40);
	else if (b == 0x7f)
		snprintf(buf, size, "^?");
	else if (b < 0x80)
		snprintf(buf, size, "%c", b);
	else
		snprintf(buf, size, "<%02X>", b);
}

/* out_text of s[0..n), captured. */
static char *out_text_of(const char *s, size_t n)
{
	char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);
	struct out o;

	cr_assert(f);
	out_init(&o, f);
	out_text(&o, s, n);
	cr_assert(out_finish(&o));
	fclose(f);
	return text;
}

Test(output, every_byte_is_escaped_alike_within_plain_text_and_at_its_ends)
{
	/* the byte between a plain run before it and one after it */
	static const char *const around[][2] = {
		{ "ab", "zw" }, { "", "abc" }, { "abc", "" }, { "", "" },
		/* where the scan takes eight bytes at a time: the byte at each place */
		{ "", "abcdefghijklmnop" }, { "a", "bcdefghijklmno" }, { "abc", "defghijklmn" },
		{ "abcdefg", "hijklmnop" }, { "abcdefgh", "ijklmnopq" }, { "abcdefghijk", "lm" },
		{ "abcdefghijklmno", "" }, { "~ ~ ~ ~ ~ ~", "~~~~~~~~" },
	};

	for (int b = 1; b < 256; b++) {
		char esc[8];

		escaped_byte((unsigned char)b, esc, sizeof(esc));
		for (size_t k = 0; k < sizeof(around) / sizeof(around[0]); k++) {
			char in[48], want[64], *got;
			struct strbuf sb = STRBUF_INIT;

			snprintf(in, sizeof(in), "%s%c%s", around[k][0], b, around[k][1]);
			snprintf(want, sizeof(want), "%s%s%s", around[k][0], esc, around[k][1]);
			got = out_text_of(in, strlen(in));
			sb_text(&sb, in, strlen(in));
			cr_expect_str_eq(got, want, "byte %02X, out_text", b);
			cr_expect_str_eq(sb_str(&sb), want, "byte %02X, sb_text", b);
			cr_expect_eq(text_width(in, strlen(in)), strlen(want), "byte %02X, width", b);
			free(got);
			sb_free(&sb);
		}
	}
}

Test(output, text_of_a_length_stops_there)
{
	struct strbuf sb = STRBUF_INIT;
	char *got = out_text_of("abc\x01" "def", 4);

	sb_text(&sb, "abc\x01" "def", 4);
	cr_expect_str_eq(got, "abc^A");
	cr_expect_str_eq(sb_str(&sb), "abc^A");
	cr_expect_eq(text_width("abc\x01" "def", 4), 5);
	free(got);
	sb_free(&sb);
}

static void write_json(struct out *o)
{
	struct json_writer w;
	char all[40];

	for (int i = 1; i < 32; i++)
		all[i - 1] = (char)i;
	all[31] = '\x7f';
	all[32] = '\0';
	json_init(&w, o, 2);
	json_begin_object(&w);
	json_key_string(&w, "controls", all);
	json_key_string(&w, "quotes", "\"\\/ \xc2\x85 \xe2\x80\xa8 \xe2\x80\x93 \xff");
	json_key(&w, "scalars");
	json_begin_array(&w);
	json_int(&w, -42);
	json_number(&w, 0.5);
	json_bool(&w, true);
	json_bool(&w, false);
	json_null(&w);
	json_string(&w, NULL);
	json_end_array(&w);
	json_key(&w, "empty");
	json_begin_object(&w);
	json_key(&w, "a");
	json_begin_array(&w);
	json_end_array(&w);
	json_key(&w, "o");
	json_begin_object(&w);
	json_end_object(&w);
	json_end_object(&w);
	json_end_object(&w);
	json_finish(&w);
}

Test(output, json_writer_escapes_and_nests)
{
	char *text = captured(write_json);
	char *dir = scratch_dir();
	char *path = write_file(dir, "out.json", text);
	char *command = xasprintf(
		"python3 -c 'import json, sys\n"
		"d = json.load(open(sys.argv[1], encoding=\"utf-8\"))\n"
		"assert d == {\"controls\": \"\".join(map(chr, range(1, 32))) + chr(127),"
		" \"quotes\": \"\\\"\\\\/ \\x85 \\u2028 \\u2013 \\ufffd\","
		" \"scalars\": [-42, 0.5, True, False, None, None],"
		" \"empty\": {\"a\": [], \"o\": {}}}, d' '%s'", path);

	cr_expect(!strchr(text, '\x1b') && !strchr(text, '\x7f') && !strstr(text, "\xe2\x80\xa8"));
	cr_expect(strstr(text, "\\u001b") && strstr(text, "\\u007f") && strstr(text, "\\n"));
	cr_expect(strstr(text, "\"empty\": {\n    \"a\": [],\n    \"o\": {}\n  }\n}\n"), "%s", text);
	cr_expect_eq(system(command), 0, "python3 rejected:\n%s", text);
	free(command); free(path); free(text);
	remove_tree(dir);
	free(dir);
}


/* Bidirectional overrides and isolates would reorder what a terminal
 * shows; they are written as their code points instead. */
Test(output, bidi_controls_are_shown_not_obeyed)
{
	struct strbuf sb = STRBUF_INIT;

	sb_text_line(&sb, "Trust \xe2\x80\xae" "evil\xe2\x80\xac end \xe2\x81\xa6x\xe2\x81\xa9 \xe2\x80\x8f");
	cr_expect_str_eq(sb_str(&sb), "Trust <U+202E>evil<U+202C> end <U+2066>x<U+2069> <U+200F>");
	sb_free(&sb);
	sb_text_line(&sb, "Café – “ok”");
	cr_expect_str_eq(sb_str(&sb), "Café – “ok”", "ordinary punctuation is left alone");
	sb_free(&sb);
}

/* Where only ASCII can be drawn, a character is drawn as what it looks
 * like, and never as ?, the interface's question flag. */
Test(output, ascii_look_alikes_are_never_a_question_mark)
{
	const char *question = NULL;
	unsigned at = 0;

	cr_expect_null(ascii_look_alike('a'), "ASCII is itself");
	cr_expect_str_eq(ascii_look_alike(0x2019), "'");         /* ’ */
	cr_expect_str_eq(ascii_look_alike(0x201C), "\"");        /* “ */
	cr_expect_str_eq(ascii_look_alike(0x00B7), ".");         /* · */
	cr_expect_str_eq(ascii_look_alike(0x2013), "-");         /* – */
	cr_expect_str_eq(ascii_look_alike(0x2026), "...");       /* … */
	cr_expect_str_eq(ascii_look_alike(0x00E9), "e");         /* é */
	cr_expect_str_eq(ascii_look_alike(0x00DF), "ss");        /* ß */
	cr_expect_str_eq(ascii_look_alike(0x0301), "", "a combining accent takes no room");
	cr_expect_str_eq(ascii_look_alike(0x6771), "_");         /* 東 */
	for (unsigned cp = 0x80; cp < 0x30000 && !question; cp++) {
		question = strchr(ascii_look_alike(cp), '?');
		at = cp;
	}
	cr_expect_null(question, "U+%04X is drawn with a ?", at);
}

static void write_json_bidi(struct out *o)
{
	struct json_writer w;

	json_init(&w, o, 0);
	json_string(&w, "Trust \xe2\x80\xae" "evil\xe2\x80\xac \xe2\x81\xa6x\xe2\x81\xa9 \xe2\x80\x8f"
	                "\xd8\x9c \xe2\x80\x8e \xe2\x80\x93");
	json_finish(&w);
}

/* JSON keeps the text (a decoder gets the same string back) but a terminal
 * showing it must not be reordered by it: bidi controls are \u escapes. */
Test(output, json_escapes_bidi_controls)
{
	char *text = captured(write_json_bidi);

	cr_expect_str_eq(text, "\"Trust \\u202eevil\\u202c \\u2066x\\u2069 \\u200f\\u061c"
	                       " \\u200e \xe2\x80\x93\"\n");
	free(text);
}

/* Piped output is never wrapped; on a terminal COLUMNS wins over the
 * terminal's width, and nonsense in either falls back. */
Test(output, width_follows_the_terminal_and_columns)
{
	cr_expect_eq(output_width_of(false, "100", 120), OUTPUT_NO_WRAP);
	cr_expect_eq(output_width_of(false, NULL, 0), OUTPUT_NO_WRAP);
	cr_expect_eq(output_width_of(true, "100", 120), 100);
	cr_expect_eq(output_width_of(true, NULL, 120), 120);
	cr_expect_eq(output_width_of(true, "", 120), 120);
	cr_expect_eq(output_width_of(true, "wide", 120), 120);
	cr_expect_eq(output_width_of(true, "-80", 120), 120);
	cr_expect_eq(output_width_of(true, "5", 120), 120);
	cr_expect_eq(output_width_of(true, "99999999999999999999", 120), 120);
	cr_expect_eq(output_width_of(true, NULL, 0), 78);
	cr_expect_eq(output_width_of(true, NULL, 10), 78);
}

static void write_nul_form(struct out *o)
{
	struct json_writer w;

	out_text_line(o, "a" OUTPUT_NUL "b \xc0 \xc0\x81\n");
	json_init(&w, o, 0);
	json_string(&w, "a" OUTPUT_NUL "b");
	json_finish(&w);
}

/* The form a NUL byte of a notes file takes (C0 80) is shown as a NUL,
 * ^@ or \u0000; any other use of C0 stays a byte that is not UTF-8. */
Test(output, the_nul_form_is_escaped_as_a_nul)
{
	char *text = captured(write_nul_form);
	uint32_t cp = 1;

	cr_expect_str_eq(text, "a^@b <C0> <C0><81>^J\"a\\u0000b\"\n");
	free(text);
	cr_expect_eq(utf8_decode(OUTPUT_NUL, 2, &cp), 2);
	cr_expect_eq(cp, 0);
	cr_expect_eq(utf8_decode(OUTPUT_NUL, 1, &cp), 0, "cut short: not a character");
	cr_expect_eq(text_width("a" OUTPUT_NUL, 3), 3, "shown as ^@");
}

static void write_long_path(struct out *o)
{
	out_puts(o, "defined   ");
	out_wrapped_field(o, "at /a/very/long/path/to/a/model/file.yaml:14:5 ok", 10, 12, 24);
}

Test(output, a_word_wider_than_a_line_is_broken_to_fit)
{
	char *text = captured(write_long_path);

	cr_assert_str_eq(text, "defined   at\n"
	                       "            /a/very/long\n"
	                       "            /path/to/a/m\n"
	                       "            odel/file.ya\n"
	                       "            ml:14:5 ok\n");
	free(text);
}

static void write_wide_characters(struct out *o)
{
	out_wrapped(o, "前前前前前前", 0, 5);
}

Test(output, a_wide_character_is_never_split_across_the_edge)
{
	char *text;

	cr_assert(setlocale(LC_ALL, "C.UTF-8"));   /* so that 前 is two columns */
	text = captured(write_wide_characters);

	cr_assert_str_eq(text, "前前\n前前\n前前\n");
	free(text);
}

Test(output, fd_write_all_writes_everything_or_says_why)
{
	char path[] = "/tmp/icsview-write-all-XXXXXX";
	size_t n = 1 << 20;
	char *data = xmalloc(n), *back = xmalloc(n);
	int fd = mkstemp(path);

	cr_assert_geq(fd, 0);
	unlink(path);
	for (size_t i = 0; i < n; i++)
		data[i] = (char)(i * 31 + 7);
	cr_assert_eq(fd_write_all(fd, data, n), 0);
	cr_assert_eq(lseek(fd, 0, SEEK_SET), 0);
	cr_assert_eq(read(fd, back, n), (ssize_t)n);
	cr_expect_eq(memcmp(data, back, n), 0);
	close(fd);
	errno = 0;
	cr_expect_eq(fd_write_all(fd, data, 1), -1, "a closed descriptor");
	cr_expect_eq(errno, EBADF);
	free(data);
	free(back);
}
