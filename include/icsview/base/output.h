/* Output of the command line: a stream that remembers its first write error
 * (so that a closed pipe stops a long listing quietly), text made safe for a
 * terminal, display widths and word wrapping. */
#ifndef ICSVIEW_OUTPUT_H
#define ICSVIEW_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "icsview/base/util.h"

struct out {
	FILE *f;
	int error;              /* errno of the first failed write; 0 while all is well */
};

void out_init(struct out *o, FILE *f);
/* Once a write has failed, further writes do nothing. */
void out_write(struct out *o, const char *s, size_t n);
void out_puts(struct out *o, const char *s);
void out_putc(struct out *o, char c);
void out_spaces(struct out *o, size_t n);
void out_printf(struct out *o, const char *fmt, ...) ICS_PRINTF(2, 3);
bool out_failed(const struct out *o);
/* Flushes.  True when all was written or the reader went away (a closed
 * pipe, EPIPE: quietly); otherwise prints `icsview: write error: ...` on
 * stderr and returns false. */
bool out_finish(struct out *o);

/* Writing to a closed pipe then fails with EPIPE instead of killing us. */
void out_ignore_sigpipe(void);

/* Text as it may reach a terminal: UTF-8 is copied, control characters
 * (newlines and tabs too) are written visibly instead: ESC as ^[, other C0
 * as ^X, DEL as ^?, C1 as <U+0080>, a byte that is not UTF-8 as <XX>. */
void out_text(struct out *o, const char *s, size_t n);
/* What one character at s (n bytes left) is written as: NULL for itself,
 * or its escape (in buf, or a constant); *len gets its length in bytes. */
typedef const char *(*escape_fn)(const char *s, size_t n, size_t *len, char buf[16]);
/* Writes s, each character replaced by its escape where it has one. */
void out_escaped(struct out *o, const char *s, size_t n, escape_fn escape);
void out_text_line(struct out *o, const char *s);   /* s NUL-terminated */
/* The escaped form of s, as out_text_line writes it, appended to sb. */
void sb_text_line(struct strbuf *sb, const char *s);
/* The escaped form of s[0..n), as out_text writes it, appended to sb. */
void sb_text(struct strbuf *sb, const char *s, size_t n);

/* n in decimal with a comma between groups of three digits (12,345),
 * cut to fit `size` bytes. */
void format_count(char *buf, size_t size, size_t n);

/* Columns that out_text(s, n) takes on a terminal. */
size_t text_width(const char *s, size_t n);
/* The bytes at the start of s[0..n) that fit in `width` columns: at least
 * one character, so that a line always moves on. */
size_t text_fitting(const char *s, size_t n, size_t width);
/* Writes s (one line, escaped) then spaces up to `width` columns. */
void out_padded(struct out *o, const char *s, size_t width);
/* Writes text wrapped at word boundaries so that no line passes `width`
 * columns (a longer word is broken), each line indented by `indent`
 * spaces.  The text's own line breaks are kept, blank lines too. */
void out_wrapped(struct out *o, const char *text, size_t indent, size_t width);
/* Writes a one-line field (a line break in it is escaped) wrapped likewise,
 * the cursor being at column `col` already: the first line goes on from
 * there, the next ones are indented by `indent` spaces.  Ends the line.
 * Runs of spaces are kept where no line is broken. */
void out_wrapped_field(struct out *o, const char *text, size_t col, size_t indent, size_t width);

/* True when the locale's character set is UTF-8 (nl_langinfo). */
bool locale_is_utf8(void);
/* A width that wraps nothing: one field, one line. */
#define OUTPUT_NO_WRAP SIZE_MAX
/* Columns to wrap at: when f is a terminal, $COLUMNS (a number from 20 to
 * 10000), else the terminal's width when known and 20 or more, else 78;
 * when it is not (a pipe or a file), OUTPUT_NO_WRAP, so that grep and cut
 * see one field a line. */
size_t output_width(FILE *f);
/* The choice output_width makes, from what it finds: whether f is a
 * terminal, $COLUMNS (NULL when unset) and the terminal's columns (0 when
 * unknown). */
size_t output_width_of(bool terminal, const char *columns, size_t terminal_cols);

/* The bidirectional controls (ALM, LRM, RLM, the embeddings, overrides
 * and isolates: U+061C, U+200E, U+200F, U+202A-202E, U+2066-2069), which
 * reorder the text around them on a terminal: escaped wherever text is
 * written (out_text, the interface, JSON). */
bool is_bidi_control(uint32_t cp);

/* What a character is drawn as where only ASCII can be shown: NULL for
 * an ASCII character (itself); else a typographic one's look-alike (’ as
 * ', · as ., – as -, … as ...), a Latin-1 letter without its accent, ""
 * for a combining mark or a character of no width, and "_" for any other,
 * never "?" (which the interface shows as a flag). */
const char *ascii_look_alike(uint32_t cp);

/* Decodes one UTF-8 character of s[0..n) (n > 0) into *cp; returns its
 * length, or 0 for a byte that does not start a valid character.  The
 * overlong pair C0 80 is decoded as U+0000 (length 2), as Modified UTF-8
 * writes it: the form a NUL byte read from a notes file takes in a C
 * string (OUTPUT_NUL), so that every escaping shows it as the NUL it is. */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);
#define OUTPUT_NUL "\xc0\x80"
/* The columns a printable character takes on a terminal: wcwidth's, and
 * one for what wcwidth does not know. */
size_t code_point_width(uint32_t cp);

#endif
