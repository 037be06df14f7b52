#define _XOPEN_SOURCE 700
#include "icsview/base/output.h"

#include <errno.h>
#include <langinfo.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <wchar.h>

#define DEFAULT_WIDTH 78
#define MIN_WIDTH 20
#define MAX_WIDTH 10000   /* a COLUMNS past this is a mistake, not a terminal */

void out_init(struct out *o, FILE *f)
{
	o->f = f;
	o->error = 0;
}

void out_write(struct out *o, const char *s, size_t n)
{
	if (o->error || n == 0)
		return;
	errno = 0;
	if (fwrite(s, 1, n, o->f) != n)
		o->error = errno ? errno : EIO;
}

void out_puts(struct out *o, const char *s)
{
	out_write(o, s, strlen(s));
}

void out_putc(struct out *o, char c)
{
	out_write(o, &c, 1);
}

void out_spaces(struct out *o, size_t n)
{
	static const char blanks[] = "                                ";

	while (n > 0) {
		size_t chunk = n < sizeof(blanks) - 1 ? n : sizeof(blanks) - 1;

		out_write(o, blanks, chunk);
		n -= chunk;
	}
}

void out_printf(struct out *o, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	out_puts(o, s);
	free(s);
}

bool out_failed(const struct out *o)
{
	return o->error != 0;
}

bool out_finish(struct out *o)
{
	if (!o->error) {
		errno = 0;
		if (fflush(o->f) != 0 || ferror(o->f))
			o->error = errno ? errno : EIO;
	}
	if (!o->error || o->error == EPIPE)
		return true;
	fprintf(stderr, "icsview: write error: %s\n", strerror(o->error));
	return false;
}

void out_ignore_sigpipe(void)
{
	signal(SIGPIPE, SIG_IGN);
}

size_t utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t len;
	uint32_t c, min;

	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if (u[0] == 0xc0 && n >= 2 && u[1] == 0x80) {
		*cp = 0;
		return 2;
	}
	if (u[0] >= 0xc2 && u[0] <= 0xdf) {
		len = 2; c = u[0] & 0x1f; min = 0x80;
	} else if (u[0] >= 0xe0 && u[0] <= 0xef) {
		len = 3; c = u[0] & 0x0f; min = 0x800;
	} else if (u[0] >= 0xf0 && u[0] <= 0xf4) {
		len = 4; c = u[0] & 0x07; min = 0x10000;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (u[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

/* What a character is shown as: itself (NULL) or an escape in buf. */
/* Characters that reorder the text around them: in a name they could make
 * a line read other than it is ("Trojan Source"), so they are shown. */
bool is_bidi_control(uint32_t cp)
{
	return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

/* Latin-1's letters, U+00C0 to U+00FF, without their accents. */
static const char *const latin1_letters[] = {
	"A", "A", "A", "A", "A", "A", "AE", "C", "E", "E", "E", "E", "I", "I", "I", "I",
	"D", "N", "O", "O", "O", "O", "O", "x", "O", "U", "U", "U", "U", "Y", "Th", "ss",
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "o", "/", "o", "u", "u", "u", "u", "y", "th", "y",
};

static const struct {
	uint32_t cp;
	const char *ascii;
} look_alikes[] = {
	{ 0x00A0, " " }, { 0x00A3, "GBP" }, { 0x00A9, "(c)" }, { 0x00AB, "<<" }, { 0x00AD, "" },
	{ 0x00AE, "(R)" }, { 0x00B1, "+/-" }, { 0x00B7, "." }, { 0x00BB, ">>" },
	{ 0x00BC, "1/4" }, { 0x00BD, "1/2" }, { 0x00BE, "3/4" },
	{ 0x2010, "-" }, { 0x2011, "-" }, { 0x2012, "-" }, { 0x2013, "-" }, { 0x2014, "-" },
	{ 0x2015, "-" }, { 0x2018, "'" }, { 0x2019, "'" }, { 0x201A, "'" }, { 0x201C, "\"" },
	{ 0x201D, "\"" }, { 0x201E, "\"" }, { 0x2022, "*" }, { 0x2026, "..." }, { 0x2032, "'" },
	{ 0x2033, "\"" }, { 0x2039, "<" }, { 0x203A, ">" }, { 0x20AC, "EUR" }, { 0x2122, "TM" },
	{ 0x2190, "<-" }, { 0x2192, "->" }, { 0x2212, "-" }, { 0x2264, "<=" }, { 0x2265, ">=" },
	{ 0x2713, "v" },
};

/* Marks drawn over the character before them, and characters of no width. */
static bool shows_nothing(uint32_t cp)
{
	return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
	       (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0x20D0 && cp <= 0x20FF) ||
	       (cp >= 0xFE20 && cp <= 0xFE2F) || (cp >= 0x200B && cp <= 0x200D) || cp == 0xFEFF;
}

const char *ascii_look_alike(uint32_t cp)
{
	if (cp < 0x80)
		return NULL;
	if (shows_nothing(cp))
		return "";
	if (cp >= 0xC0 && cp <= 0xFF)
		return latin1_letters[cp - 0xC0];
	for (size_t i = 0; i < sizeof(look_alikes) / sizeof(look_alikes[0]); i++)
		if (look_alikes[i].cp == cp)
			return look_alikes[i].ascii;
	return "_";
}

static const char *escape_of(const char *s, size_t n, size_t *len, char buf[16])
{
	uint32_t cp;

	*len = utf8_decode(s, n, &cp);
	if (*len == 0) {
		*len = 1;
		snprintf(buf, 16, "<%02X>", (unsigned char)s[0]);
		return buf;
	}
	if (cp < 0x20) {
		buf[0] = '^';
		buf[1] = (char)(cp + 0x40);
		buf[2] = '\0';
		return buf;
	}
	if (cp == 0x7f)
		return "^?";
	if ((cp >= 0x80 && cp < 0xa0) || is_bidi_control(cp)) {
		snprintf(buf, 16, "<U+%04X>", (unsigned)cp);
		return buf;
	}
	return NULL;
}

/* Each byte of a word, and its high bit. */
#define EACH_BYTE UINT64_C(0x0101010101010101)
#define HIGH_BITS UINT64_C(0x8080808080808080)

/* Whether a byte of word is below ' ' or above '~' (the byte order does
 * not matter): below, its byte minus ' ' borrows into the high bit where
 * the byte had none; above, adding 0x7f - '~' carries into it, and a byte
 * of 0x80 or more had it already. */
static bool word_has_byte_outside_plain(uint64_t word)
{
	uint64_t below = (word - EACH_BYTE * ' ') & ~word & HIGH_BITS;
	uint64_t above = (((word & ~HIGH_BITS) + EACH_BYTE * (0x7f - '~')) | word) & HIGH_BITS;

	return (below | above) != 0;
}

/* The length of the run of printable ASCII at the start of s[0..n):
 * bytes escape_of leaves as they are, one column each, so that the
 * common case is copied in one piece without decoding a character at a
 * time. */
static size_t plain_run(const char *s, size_t n)
{
	size_t i = 0;

	/* eight bytes at a time while none of them is below ' ' or above '~' */
	for (; i + sizeof(uint64_t) <= n; i += sizeof(uint64_t)) {
		uint64_t word;

		memcpy(&word, s + i, sizeof(word));
		if (word_has_byte_outside_plain(word))
			break;
	}
	while (i < n && (unsigned char)s[i] >= ' ' && (unsigned char)s[i] < 0x7f)
		i++;
	return i;
}

/* out_escaped with escape_of, its plain runs skipped whole. */
void out_text(struct out *o, const char *s, size_t n)
{
	size_t start = 0, i = 0;

	while (i < n) {
		char buf[16];
		size_t len;
		const char *esc;

		i += plain_run(s + i, n - i);
		if (i == n)
			break;
		esc = escape_of(s + i, n - i, &len, buf);
		if (esc) {
			out_write(o, s + start, i - start);
			out_puts(o, esc);
			start = i + len;
		}
		i += len;
	}
	out_write(o, s + start, n - start);
}

void out_escaped(struct out *o, const char *s, size_t n, escape_fn escape)
{
	size_t start = 0, i = 0;

	while (i < n) {
		char buf[16];
		size_t len;
		const char *esc = escape(s + i, n - i, &len, buf);

		if (esc) {
			out_write(o, s + start, i - start);
			out_puts(o, esc);
			start = i + len;
		}
		i += len;
	}
	out_write(o, s + start, n - start);
}

void out_text_line(struct out *o, const char *s)
{
	out_text(o, s, strlen(s));
}

void sb_text_line(struct strbuf *sb, const char *s)
{
	sb_text(sb, s, strlen(s));
}

void sb_text(struct strbuf *sb, const char *s, size_t n)
{
	for (size_t i = 0, len; i < n; i += len) {
		char buf[16];
		const char *esc;

		len = plain_run(s + i, n - i);
		if (len) {
			sb_add(sb, s + i, len);
			continue;
		}
		esc = escape_of(s + i, n - i, &len, buf);
		if (esc)
			sb_puts(sb, esc);
		else
			sb_add(sb, s + i, len);
	}
}

void format_count(char *buf, size_t size, size_t n)
{
	char digits[32];
	size_t len, out = 0;

	if (size == 0)
		return;
	snprintf(digits, sizeof(digits), "%zu", n);
	len = strlen(digits);
	for (size_t i = 0; i < len && out + 2 < size; i++) {
		if (i && (len - i) % 3 == 0)
			buf[out++] = ',';
		buf[out++] = digits[i];
	}
	buf[out] = '\0';
}

size_t code_point_width(uint32_t cp)
{
	int w = cp < 0x80 ? 1 : wcwidth((wchar_t)cp);

	return w < 0 ? 1 : (size_t)w;
}

size_t text_width(const char *s, size_t n)
{
	size_t width = 0;

	for (size_t i = 0, len; i < n; i += len) {
		char buf[16];
		const char *esc;
		uint32_t cp;

		len = plain_run(s + i, n - i);
		if (len) {
			width += len;
			continue;
		}
		esc = escape_of(s + i, n - i, &len, buf);
		if (esc) {
			width += strlen(esc);
			continue;
		}
		utf8_decode(s + i, n - i, &cp);
		width += code_point_width(cp);
	}
	return width;
}

size_t text_fitting(const char *s, size_t n, size_t width)
{
	size_t used = 0, i = 0;

	while (i < n) {
		uint32_t cp;
		size_t len = utf8_decode(s + i, n - i, &cp), w;

		if (len == 0)
			len = 1;
		w = text_width(s + i, len);
		if (i > 0 && used + w > width)
			break;
		used += w;
		i += len;
	}
	return i;
}

void out_padded(struct out *o, const char *s, size_t width)
{
	size_t n = strlen(s), w = text_width(s, n);

	out_text(o, s, n);
	if (w < width)
		out_spaces(o, width - w);
}

/* The end of the word at s[i], and the columns it takes. */
static size_t word_end(const char *s, size_t n, size_t i, size_t *width)
{
	size_t end = i;

	while (end < n && s[end] != ' ')
		end++;
	*width = text_width(s + i, end - i);
	return end;
}

/* The columns the word at s[i..end) needs on its line: a word ending in a
 * colon (a label such as "role:") keeps the next word with it. */
static size_t keep_width(const char *s, size_t n, size_t end, size_t w)
{
	size_t next = end, next_w;

	if (end == 0 || s[end - 1] != ':')
		return w;
	while (next < n && s[next] == ' ')
		next++;
	if (next == n)
		return w;
	word_end(s, n, next, &next_w);
	return w + (next - end) + next_w;
}

/* Writes s[0..n) wrapped, from column col (where the cursor is), breaking
 * to column `indent`; a word wider than a whole line is broken.  Ends the
 * line. */
static void wrap_words(struct out *o, const char *s, size_t n, size_t col, size_t indent,
                       size_t width)
{
	size_t line_start = col, i = 0;

	while (i < n) {
		size_t spaces = i, end, w, gap;

		while (i < n && s[i] == ' ')
			i++;
		if (i == n)
			break;
		end = word_end(s, n, i, &w);
		gap = col > line_start ? i - spaces : 0;   /* the spaces as written */
		if (col > line_start && col + gap + keep_width(s, n, end, w) > width) {
			out_putc(o, '\n');
			out_spaces(o, indent);
			col = line_start = indent;
			gap = 0;
		}
		/* a word wider than a whole line (a long path) is broken */
		while (col == line_start && col + w > width) {
			size_t part = text_fitting(s + i, end - i, width > col ? width - col : 1);

			out_text(o, s + i, part);
			out_putc(o, '\n');
			out_spaces(o, indent);
			col = line_start = indent;
			i += part;
			w = text_width(s + i, end - i);
		}
		out_spaces(o, gap);
		out_text(o, s + i, end - i);
		col += gap + w;
		i = end;
	}
	out_putc(o, '\n');
}

/* One line of text (no newline in it), indented and wrapped; its leading
 * spaces indent its continuation lines too. */
static void wrap_line(struct out *o, const char *s, size_t n, size_t indent, size_t width)
{
	size_t lead = 0;

	while (lead < n && s[lead] == ' ')
		lead++;
	if (lead == n) {
		out_putc(o, '\n');
		return;
	}
	out_spaces(o, indent + lead);
	wrap_words(o, s + lead, n - lead, indent + lead, indent + lead, width);
}

void out_wrapped(struct out *o, const char *text, size_t indent, size_t width)
{
	size_t n = strlen(text);

	while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == ' ' || text[n - 1] == '\r'))
		n--;
	while (n > 0 && text[0] == '\n') {
		text++;
		n--;
	}
	while (n > 0) {
		const char *nl = memchr(text, '\n', n);
		size_t len = nl ? (size_t)(nl - text) : n;

		wrap_line(o, text, len, indent, width);
		if (!nl)
			break;
		text += len + 1;
		n -= len + 1;
	}
}

void out_wrapped_field(struct out *o, const char *text, size_t col, size_t indent, size_t width)
{
	wrap_words(o, text, strlen(text), col, indent, width);
}

bool locale_is_utf8(void)
{
	const char *codeset = nl_langinfo(CODESET);

	return codeset && (strcasecmp(codeset, "UTF-8") == 0 || strcasecmp(codeset, "utf8") == 0);
}

size_t output_width_of(bool terminal, const char *columns, size_t terminal_cols)
{
	char *end;
	unsigned long n;

	if (!terminal)
		return OUTPUT_NO_WRAP;
	if (columns && *columns) {
		errno = 0;
		n = strtoul(columns, &end, 10);
		if (errno == 0 && *end == '\0' && columns[0] != '-' && n >= MIN_WIDTH && n <= MAX_WIDTH)
			return n;
	}
	return terminal_cols >= MIN_WIDTH ? terminal_cols : DEFAULT_WIDTH;
}

size_t output_width(FILE *f)
{
	struct winsize ws;
	bool terminal = isatty(fileno(f));
	size_t cols = 0;

	if (terminal && ioctl(fileno(f), TIOCGWINSZ, &ws) == 0)
		cols = ws.ws_col;
	return output_width_of(terminal, getenv("COLUMNS"), cols);
}
