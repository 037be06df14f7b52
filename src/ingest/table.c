/* Tables of cells: storage, the header's columns, errors. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "icsview/base/suggest.h"
#include "icsview/base/util.h"
#include "icsview/ingest/table.h"

void table_init(struct table *t, const char *name)
{
	memset(t, 0, sizeof(*t));
	t->name = xstrdup(name);
}

void table_free(struct table *t)
{
	if (!t)
		return;
	free(t->name);
	free(t->sheet);
	free(t->file);
	free(t->text);
	free(t->offsets);
	free(t->lines);
	memset(t, 0, sizeof(*t));
}

const char *table_cell(const struct table *t, size_t row, size_t col)
{
	return t->text + t->offsets[row * t->width + col];
}

char *table_error(const char *name, unsigned line, const char *fmt, ...)
{
	va_list ap;
	char *message, *full;

	va_start(ap, fmt);
	message = xvasprintf(fmt, ap);
	va_end(ap);
	if (line)
		full = xasprintf("%s:%u: error: %s", name, line, message);
	else
		full = xasprintf("%s: error: %s", name, message);
	free(message);
	return full;
}

int table_column(const struct table *t, const char *name, size_t *col, char **error)
{
	struct suggest near;

	if (t->rows == 0) {
		*error = table_error(t->name, 1, "no header row: the file is empty");
		return -1;
	}
	suggest_init(&near, name);
	for (size_t c = 0; c < t->width; c++) {
		const char *header = table_cell(t, 0, c);
		if (strcmp(header, name) == 0) {
			*col = c;
			return 0;
		}
		suggest_consider(&near, header);
	}
	if (near.best)
		*error = table_error(t->name, t->lines[0], "no column \"%s\" (did you mean \"%s\"?)",
		                     name, near.best);
	else
		*error = table_error(t->name, t->lines[0], "no column \"%s\"", name);
	return -1;
}

void table_add_cell(struct table *t, const char *s, size_t n)
{
	size_t cells = t->rows * t->width + t->pending;

	GROW(t->offsets, t->offsets_cap, cells + 1);
	GROW(t->text, t->text_cap, t->text_len + n + 1);
	t->offsets[cells] = t->text_len;
	if (n)
		memcpy(t->text + t->text_len, s, n);
	t->text_len += n;
	t->text[t->text_len++] = '\0';
	t->pending++;
}

/* Every row so far (and the one being built) gets empty cells up to
 * `width`: the new cells all point at one empty string added to text. */
static void widen(struct table *t, size_t width)
{
	size_t cells = t->rows * width + t->pending, empty = t->text_len, *offsets;

	GROW(t->text, t->text_cap, t->text_len + 1);
	t->text[t->text_len++] = '\0';
	offsets = xreallocarray(NULL, cells, sizeof(*offsets));
	for (size_t r = 0; r < t->rows; r++) {
		memcpy(offsets + r * width, t->offsets + r * t->width, t->width * sizeof(*offsets));
		for (size_t c = t->width; c < width; c++)
			offsets[r * width + c] = empty;
	}
	memcpy(offsets + t->rows * width, t->offsets + t->rows * t->width,
	       t->pending * sizeof(*offsets));
	free(t->offsets);
	t->offsets = offsets;
	t->offsets_cap = cells;
	t->width = width;
}

int table_end_row(struct table *t, unsigned line, bool pad, char **error)
{
	if (pad && t->rows > 0 && t->pending > t->width)
		widen(t, t->pending);
	if (t->rows == 0) {
		t->width = t->pending;
	} else if (t->pending > t->width || (t->pending < t->width && !pad)) {
		*error = table_error(t->name, line, "%zu fields where the first row has %zu",
		                     t->pending, t->width);
		return -1;
	}
	while (t->pending < t->width)
		table_add_cell(t, "", 0);
	GROW(t->lines, t->lines_cap, t->rows + 1);
	t->lines[t->rows++] = line;
	t->pending = 0;
	return 0;
}

void table_list_free(struct table_list *list)
{
	if (!list)
		return;
	for (size_t i = 0; i < list->count; i++)
		table_free(&list->items[i]);
	free(list->items);
	memset(list, 0, sizeof(*list));
}

struct table *table_list_add(struct table_list *list, const char *name)
{
	GROW(list->items, list->cap, list->count + 1);
	table_init(&list->items[list->count], name);
	return &list->items[list->count++];
}

void table_list_drop_last(struct table_list *list)
{
	if (list->count == 0)
		return;
	table_free(&list->items[--list->count]);
}
