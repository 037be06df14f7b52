/* Diagnostics: problems found in a model, each with its file position.
 * Collected (up to a cap), sorted by position, printed as
 * `file:line:col: error: message`. */
#ifndef ICSVIEW_DIAG_H
#define ICSVIEW_DIAG_H

#include <stdio.h>
#include "icsview/base/util.h"

struct diag {
	int file_no;          /* load order of the file; sorts the report */
	char *file;           /* path as given by the user */
	unsigned line, col;   /* 1-based; 0 when the problem has no position */
	char *message;
	size_t seq;           /* insertion order breaks ties */
};

struct diag_list {
	struct diag *items;
	size_t count, cap;
	size_t limit;         /* keep at most this many */
	size_t dropped;       /* reported beyond the limit */
};

void diag_init(struct diag_list *diags, size_t limit);
void diag_free(struct diag_list *diags);
void diag_add(struct diag_list *diags, int file_no, const char *file,
              unsigned line, unsigned col, const char *fmt, ...) ICS_PRINTF(6, 7);
/* Adds every diagnostic of `from` to `to` (within its limit), then frees
 * `from`. */
void diag_move(struct diag_list *to, struct diag_list *from);
size_t diag_total(const struct diag_list *diags);
void diag_sort(struct diag_list *diags);
/* Prints every diagnostic, then a line for those dropped past the cap.
 * Each line is escaped as out_text escapes text (output.h): what a message
 * quotes from a model never reaches the terminal raw. */
void diag_print(const struct diag_list *diags, FILE *out);
/* One diagnostic as text, without a newline; caller frees. */
char *diag_format(const struct diag *d);

#endif
