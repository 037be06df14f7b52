/* The CSV reader (csv.h): checks the encoding, then one pass over the
 * bytes with a small state machine, cells appended to the table. */
#include <string.h>
#include "icsview/base/util.h"
#include "icsview/ingest/csv.h"

static const char utf8_bom[] = "\xEF\xBB\xBF";
enum { UTF8_BOM_LEN = 3 };

/* The length of the UTF-8 sequence at s (n bytes left), or 0 when it is
 * not valid. */
static size_t utf8_sequence(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	size_t len;
	unsigned lo = 0x80, hi = 0xBF;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		len = 2;
	else if (c >= 0xE0 && c <= 0xEF)
		len = 3;
	else if (c >= 0xF0 && c <= 0xF4)
		len = 4;
	else
		return 0;
	if (n < len)
		return 0;
	/* The second byte's range rules out overlongs, surrogates and
	 * code points past U+10FFFF. */
	if (c == 0xE0)
		lo = 0xA0;
	else if (c == 0xED)
		hi = 0x9F;
	else if (c == 0xF0)
		lo = 0x90;
	else if (c == 0xF4)
		hi = 0x8F;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xBF)
			return 0;
	return len;
}

bool utf8_valid(const char *s, size_t len, size_t *bad)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;

	while (i < len) {
		size_t n = utf8_sequence(u + i, len - i);
		if (n == 0) {
			*bad = i;
			return false;
		}
		i += n;
	}
	return true;
}

static unsigned line_at(const char *data, size_t offset)
{
	unsigned line = 1;

	for (size_t i = 0; i < offset; i++)
		if (data[i] == '\n')
			line++;
	return line;
}

/* Refuses what is not the publishers' UTF-8 text, naming the line. */
static int check_encoding(const char *data, size_t len, const struct table *t, char **error)
{
	const char *nul;
	size_t bad;

	if (len >= 2 && ((data[0] == '\xFF' && data[1] == '\xFE') ||
	                 (data[0] == '\xFE' && data[1] == '\xFF'))) {
		*error = table_error(t->name, 1, "UTF-16 text: the publisher's files are UTF-8");
		return -1;
	}
	nul = memchr(data, '\0', len);
	if (nul) {
		*error = table_error(t->name, line_at(data, (size_t)(nul - data)),
		                     "a NUL byte: not a CSV text file");
		return -1;
	}
	if (!utf8_valid(data, len, &bad)) {
		*error = table_error(t->name, line_at(data, bad),
		                     "byte 0x%02X is not UTF-8: the publisher's files are UTF-8",
		                     (unsigned char)data[bad]);
		return -1;
	}
	return 0;
}

/* One field of a record; data[*at] is its first byte.  Quoted fields
 * unquote into *cell; unquoted ones run to the next comma or line end. */
static int read_field(const char *data, size_t len, size_t *at, unsigned *line,
                      struct strbuf *cell, const struct table *t, char **error)
{
	size_t i = *at;

	sb_reset(cell);
	if (i < len && data[i] == '"') {
		unsigned opened = *line;
		for (i++;; i++) {
			if (i >= len) {
				*error = table_error(t->name, opened,
				                     "a quoted field is never closed");
				return -1;
			}
			if (data[i] == '"') {
				if (i + 1 < len && data[i + 1] == '"') {
					sb_putc(cell, '"');
					i++;
					continue;
				}
				i++;
				break;
			}
			if (data[i] == '\n')
				(*line)++;
			sb_putc(cell, data[i]);
		}
		if (i < len && data[i] != ',' && data[i] != '\n' &&
		    !(data[i] == '\r' && i + 1 < len && data[i + 1] == '\n') &&
		    !(data[i] == '\r' && i + 1 == len)) {
			*error = table_error(t->name, *line, "text after a quoted field's closing quote");
			return -1;
		}
		*at = i;
		return 0;
	}
	size_t start = i;
	while (i < len && data[i] != ',' && data[i] != '\n')
		i++;
	size_t end = i;
	if (end > start && data[end - 1] == '\r')
		end--;
	sb_add(cell, data + start, end - start);
	*at = i;
	return 0;
}

int csv_parse(const char *data, size_t len, struct table *t, char **error)
{
	struct strbuf cell = STRBUF_INIT;
	size_t i = 0;
	unsigned line = 1;

	if (check_encoding(data, len, t, error) < 0)
		return -1;
	if (len >= UTF8_BOM_LEN && memcmp(data, utf8_bom, UTF8_BOM_LEN) == 0)
		i = UTF8_BOM_LEN;
	while (i < len) {
		unsigned start = line;
		if (data[i] == '\n' || (data[i] == '\r' && (i + 1 == len || data[i + 1] == '\n'))) {
			/* a blank line */
			i += (data[i] == '\r' && i + 1 < len) ? 2 : 1;
			line++;
			continue;
		}
		for (;;) {
			if (read_field(data, len, &i, &line, &cell, t, error) < 0) {
				sb_free(&cell);
				return -1;
			}
			table_add_cell(t, sb_str(&cell), cell.len);
			if (i < len && data[i] == ',') {
				i++;
				continue;
			}
			break;
		}
		/* at a line end (LF, or CR then LF) or the end of the data */
		while (i < len && data[i] != '\n')
			i++;
		if (i < len) {
			i++;
			line++;
		}
		if (table_end_row(t, start, false, error) < 0) {
			sb_free(&cell);
			return -1;
		}
	}
	sb_free(&cell);
	return 0;
}
