/* CSV as RFC 4180 writes it, in the publishers' encoding: UTF-8 (ONS
 * files open with a byte order mark, ODS files are plain ASCII), lines
 * ended by CRLF or LF, fields quoted with '"' and a quote inside doubled.
 * Blank lines are skipped.  Anything else is refused with the line it is
 * on: UTF-16 or other non-UTF-8 text, a NUL byte (not a text file), a
 * stray quote after a quoted field, a quote left open, rows of unequal
 * width. */
#ifndef ICSVIEW_INGEST_CSV_H
#define ICSVIEW_INGEST_CSV_H

#include <stddef.h>
#include "icsview/ingest/table.h"

/* Appends the rows of `len` bytes of CSV to t (whose name the errors
 * use).  0, or -1 with *error set (caller frees). */
int csv_parse(const char *data, size_t len, struct table *t, char **error);

/* True when the len bytes at s are valid UTF-8 (no overlongs, no
 * surrogates, nothing past U+10FFFF); *bad is the offset of the first
 * invalid byte otherwise. */
bool utf8_valid(const char *s, size_t len, size_t *bad);

#endif
