#include "icsview/base/diag.h"

#include <stdlib.h>
#include <string.h>
#include "icsview/base/output.h"

void diag_init(struct diag_list *diags, size_t limit)
{
	memset(diags, 0, sizeof(*diags));
	diags->limit = limit ? limit : 1;
}

void diag_free(struct diag_list *diags)
{
	for (size_t i = 0; i < diags->count; i++) {
		free(diags->items[i].file);
		free(diags->items[i].message);
	}
	free(diags->items);
	memset(diags, 0, sizeof(*diags));
}

void diag_add(struct diag_list *diags, int file_no, const char *file,
              unsigned line, unsigned col, const char *fmt, ...)
{
	struct diag *d;
	va_list ap;

	if (diags->count >= diags->limit) {
		diags->dropped++;
		return;
	}
	GROW(diags->items, diags->cap, diags->count + 1);
	d = &diags->items[diags->count];
	d->file_no = file_no;
	d->file = xstrdup(file ? file : "");
	d->line = line;
	d->col = col;
	d->seq = diags->count;
	va_start(ap, fmt);
	d->message = xvasprintf(fmt, ap);
	va_end(ap);
	diags->count++;
}

void diag_move(struct diag_list *to, struct diag_list *from)
{
	for (size_t i = 0; i < from->count; i++) {
		const struct diag *d = &from->items[i];

		diag_add(to, d->file_no, d->file, d->line, d->col, "%s", d->message);
	}
	to->dropped += from->dropped;
	diag_free(from);
}

size_t diag_total(const struct diag_list *diags)
{
	return diags->count + diags->dropped;
}

static int compare_diags(const void *pa, const void *pb)
{
	const struct diag *a = pa, *b = pb;

	if (a->file_no != b->file_no)
		return a->file_no < b->file_no ? -1 : 1;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static bool same_diag(const struct diag *a, const struct diag *b)
{
	return a->file_no == b->file_no && a->line == b->line && a->col == b->col &&
	       strcmp(a->file, b->file) == 0 && strcmp(a->message, b->message) == 0;
}

/* Sorts by position and drops exact repeats (a problem inside an anchored
 * node is met again at every alias that repeats it). */
void diag_sort(struct diag_list *diags)
{
	size_t kept = 0;

	if (diags->count > 1)
		qsort(diags->items, diags->count, sizeof(*diags->items), compare_diags);
	for (size_t i = 0; i < diags->count; i++) {
		if (kept && same_diag(&diags->items[kept - 1], &diags->items[i])) {
			free(diags->items[i].file);
			free(diags->items[i].message);
			continue;
		}
		diags->items[kept++] = diags->items[i];
	}
	diags->count = kept;
}

char *diag_format(const struct diag *d)
{
	if (d->line)
		return xasprintf("%s:%u:%u: error: %s", d->file, d->line, d->col, d->message);
	if (d->file[0])
		return xasprintf("%s: error: %s", d->file, d->message);
	return xasprintf("error: %s", d->message);
}

void diag_print(const struct diag_list *diags, FILE *out)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < diags->count; i++) {
		char *line = diag_format(&diags->items[i]);

		/* messages quote the model ("unknown kind '...'"): a hostile one
		 * must not reach the terminal raw */
		sb_reset(&sb);
		sb_text_line(&sb, line);
		fprintf(out, "%s\n", sb_str(&sb));
		free(line);
	}
	sb_free(&sb);
	if (diags->dropped)
		fprintf(out, "icsview: %zu more error%s not shown\n", diags->dropped,
		        diags->dropped == 1 ? "" : "s");
}
