/* icsview export --format csv: RFC 4180.  A header line, then one record a
 * line, lines ending in CR LF; a field containing a comma, a double quote,
 * CR or LF is quoted, its quotes doubled.  Control characters are written
 * visibly as out_text writes them (ESC as ^[, a line break as ^J, …), so a
 * record is always one line.  A field that a spreadsheet would take as a
 * formula (its first character =, +, -, @, tab or CR) is written quoted,
 * behind a single quote: "'=1+2".  Header cells are fields like any other.
 *
 * Entities (the default), in display order:
 *   id,kind,type,name,parent,aka,sources,file,line,FACT...
 * (aka and sources, the entity's effective source ids, joined by ';'; file
 * relative to export_options.base_dir when it lies under it).  Then one
 * column per fact key that an exported entity has, in the order the keys
 * are first met; the cell holds the entity's values of that fact, several
 * joined by "; ", and is empty when it has none.  A fact named as a fixed
 * column is headed fact:NAME.
 *
 * With links_only (--links), the links the exported entities make, instead:
 *   from,rel,to,facts,sources
 * (facts as key=value joined by ';', sources joined by ';'). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "export_private.h"
#include "icsview/base/util.h"

/* A cell a spreadsheet would take as a formula (OWASP's list: =, +, -, @,
 * tab, carriage return first); "=cmd|' /C calc'!A0" would run a program. */
static bool formula_like(const char *text)
{
	return text[0] != '\0' && strchr("=+-@\t\r", text[0]) != NULL;
}

/* Writes text that is already safe, quoted when it has to be; a cell that
 * looks like a formula is quoted with a single quote before it, which a
 * spreadsheet shows as text. */
static void csv_write(struct out *o, const struct strbuf *safe)
{
	const char *text = safe->buf ? safe->buf : "";
	bool formula = formula_like(text);

	if (!formula && !strpbrk(text, ",\"\r\n")) {
		out_write(o, text, safe->len);
		return;
	}
	out_putc(o, '"');
	if (formula)
		out_putc(o, '\'');
	for (const char *p = text; *p; p++) {
		if (*p == '"')
			out_putc(o, '"');
		out_putc(o, *p);
	}
	out_putc(o, '"');
}

void csv_field(struct out *o, const char *s, bool first)
{
	struct strbuf sb = STRBUF_INIT;

	if (!first)
		out_putc(o, ',');
	if (!s)
		return;
	sb_text_line(&sb, s);
	csv_write(o, &sb);
	sb_free(&sb);
}

void csv_field_lines(struct out *o, const char *s, bool first)
{
	struct strbuf sb = STRBUF_INIT;

	if (!first)
		out_putc(o, ',');
	while (s && *s) {
		size_t n = strcspn(s, "\n");
		char *line = xstrndup(s, n);

		sb_text_line(&sb, line);
		free(line);
		s += n;
		if (*s == '\n') {
			sb_putc(&sb, '\n');
			s++;
		}
	}
	csv_write(o, &sb);
	sb_free(&sb);
}

void csv_end(struct out *o)
{
	out_puts(o, "\r\n");
}

static void csv_sources(struct out *o, const struct source_list *sources)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < sources->count; i++)
		sb_printf(&sb, "%s%s", i ? ";" : "", sources->items[i].id);
	csv_field(o, sb_str(&sb), false);
	sb_free(&sb);
}

/* A fact key, met first at `seq` among the facts of the exported entities;
 * `column` counts the fact columns in that order. */
struct fact_column {
	char *key;
	size_t seq, column;
};

/* The fact columns: by_key sorted by key (for a row's look-up), keys in
 * column order (for the header). */
struct fact_columns {
	struct fact_column *by_key;
	const char **keys;
	size_t count;
};

static int compare_key_then_seq(const void *a, const void *b)
{
	const struct fact_column *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

static int compare_seq(const void *a, const void *b)
{
	const struct fact_column *x = *(const struct fact_column *const *)a;
	const struct fact_column *y = *(const struct fact_column *const *)b;

	return (x->seq > y->seq) - (x->seq < y->seq);
}

static void fact_columns_free(struct fact_columns *cols)
{
	for (size_t i = 0; i < cols->count; i++)
		free(cols->by_key[i].key);
	free(cols->by_key);
	free(cols->keys);
}

/* Every fact key of the exported entities, once each (the first meeting
 * kept), then numbered in the order they were met. */
static void fact_columns_index(struct fact_columns *cols)
{
	struct fact_column **order;
	size_t kept = 0;

	if (cols->count == 0)
		return;         /* keys stays NULL: no column, no header cell */
	qsort(cols->by_key, cols->count, sizeof(*cols->by_key), compare_key_then_seq);
	for (size_t i = 0; i < cols->count; i++) {
		if (kept > 0 && strcmp(cols->by_key[kept - 1].key, cols->by_key[i].key) == 0) {
			free(cols->by_key[i].key);
			continue;
		}
		cols->by_key[kept++] = cols->by_key[i];
	}
	cols->count = kept;
	order = xcalloc(kept, sizeof(*order));
	cols->keys = xcalloc(kept, sizeof(*cols->keys));
	for (size_t i = 0; i < kept; i++)
		order[i] = &cols->by_key[i];
	qsort(order, kept, sizeof(*order), compare_seq);
	for (size_t i = 0; i < kept; i++) {
		order[i]->column = i;
		cols->keys[i] = order[i]->key;
	}
	free(order);
}

/* Reads the facts of every exported entity for their keys; 0, or -1 when
 * the store failed. */
static int fact_columns_read(struct export *x, struct fact_columns *cols)
{
	size_t cap = 0, seq = 0;

	for (size_t i = 0; i < x->count; i++) {
		struct fact_list facts = { 0 };

		if (store_facts(x->st, x->eids[i], &facts) != STORE_OK) {
			fact_list_clear(&facts);
			return -1;
		}
		for (size_t j = 0; j < facts.count; j++) {
			if (cols->count == cap) {
				cap = cap ? 2 * cap : 64;
				cols->by_key = xreallocarray(cols->by_key, cap, sizeof(*cols->by_key));
			}
			cols->by_key[cols->count++] = (struct fact_column){
				.key = xstrdup(facts.items[j].key), .seq = seq++,
			};
		}
		fact_list_clear(&facts);
	}
	fact_columns_index(cols);
	return 0;
}

/* The column of a key that fact_columns_read collected. */
static size_t column_of(const struct fact_columns *cols, const char *key)
{
	size_t lo = 0, hi = cols->count;

	/* by_key holds each key once, so the key alone orders the search */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(key, cols->by_key[mid].key);

		if (c == 0)
			return cols->by_key[mid].column;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return cols->count;     /* not reached: every key was collected */
}

/* A fact of the row, placed: its column, then its place in the entity. */
struct placed_fact {
	size_t column, index;
};

static int compare_placed(const void *a, const void *b)
{
	const struct placed_fact *x = a, *y = b;

	if (x->column != y->column)
		return (x->column > y->column) - (x->column < y->column);
	return (x->index > y->index) - (x->index < y->index);
}

/* One cell per fact column: the entity's values of that key, in the order
 * of the model, joined by "; ". */
static void csv_facts(struct out *o, const struct fact_list *facts, const struct fact_columns *cols)
{
	struct placed_fact *placed = xcalloc(facts->count, sizeof(*placed));
	struct strbuf sb = STRBUF_INIT;
	size_t next = 0;

	for (size_t i = 0; i < facts->count; i++)
		placed[i] = (struct placed_fact){ column_of(cols, facts->items[i].key), i };
	qsort(placed, facts->count, sizeof(*placed), compare_placed);
	for (size_t c = 0; c < cols->count; c++) {
		sb_reset(&sb);
		for (bool first = true; next < facts->count && placed[next].column == c; next++) {
			sb_printf(&sb, "%s%s", first ? "" : "; ", facts->items[placed[next].index].value);
			first = false;
		}
		csv_field(o, sb.len ? sb_str(&sb) : NULL, false);
	}
	sb_free(&sb);
	free(placed);
}

/* The path under base (and the slashes after it) without them; any other
 * path, or with no base, the path as it is. */
static const char *relative_path(const char *path, const char *base)
{
	size_t n;
	const char *rest;

	if (!path || !base || !base[0])
		return path;
	n = strlen(base);
	while (n > 0 && base[n - 1] == '/')
		n--;                    /* "data/" as "data"; "/" as "" */
	if (strncmp(path, base, n) != 0 || path[n] != '/')
		return path;
	for (rest = path + n; *rest == '/'; rest++)
		;
	return *rest ? rest : path;
}

static void csv_entity(struct out *o, const struct export_entity *xe, const char *base_dir,
                       const struct fact_columns *cols)
{
	struct strbuf sb = STRBUF_INIT;
	char line[32];

	csv_field(o, xe->e.id, true);
	csv_field(o, xe->e.kind, false);
	csv_field(o, xe->e.type, false);
	csv_field(o, xe->e.name, false);
	csv_field(o, xe->parent_id, false);
	for (size_t i = 0; i < xe->aka.count; i++)
		sb_printf(&sb, "%s%s", i ? ";" : "", xe->aka.items[i]);
	csv_field(o, sb_str(&sb), false);
	csv_sources(o, &xe->sources);
	csv_field(o, relative_path(xe->e.file, base_dir), false);
	snprintf(line, sizeof(line), "%u", xe->e.line);
	csv_field(o, line, false);
	csv_facts(o, &xe->facts, cols);
	csv_end(o);
	sb_free(&sb);
}

static void csv_link(struct out *o, const char *from, const struct link_item *item)
{
	struct strbuf sb = STRBUF_INIT;

	csv_field(o, from, true);
	csv_field(o, item->label, false);
	csv_field(o, item->other_id, false);
	for (size_t i = 0; i < item->fact_count; i++)
		sb_printf(&sb, "%s%s=%s", i ? ";" : "", item->facts[i].key, item->facts[i].value);
	csv_field(o, sb_str(&sb), false);
	csv_sources(o, &item->sources);
	csv_end(o);
	sb_free(&sb);
}

static const char *const fixed_columns[] = {
	"id", "kind", "type", "name", "parent", "aka", "sources", "file", "line",
};

static bool is_fixed_column(const char *key)
{
	for (size_t i = 0; i < sizeof(fixed_columns) / sizeof(fixed_columns[0]); i++)
		if (strcmp(key, fixed_columns[i]) == 0)
			return true;
	return false;
}

/* A fact named as a fixed column ("file" is one in the bundled data) is
 * headed fact:NAME, so that a reader by header name keeps both. */
static void csv_header(struct out *o, const struct fact_columns *cols)
{
	for (size_t i = 0; i < sizeof(fixed_columns) / sizeof(fixed_columns[0]); i++)
		csv_field(o, fixed_columns[i], i == 0);
	for (size_t i = 0; i < cols->count; i++) {
		char *name = is_fixed_column(cols->keys[i]) ? xasprintf("fact:%s", cols->keys[i])
		                                            : NULL;

		csv_field(o, name ? name : cols->keys[i], false);
		free(name);
	}
	csv_end(o);
}

static int csv_links(struct export *x)
{
	int rc = 0;

	out_puts(x->out, "from,rel,to,facts,sources\r\n");
	for (size_t i = 0; i < x->count && rc == 0 && !out_failed(x->out); i++) {
		struct export_entity xe;

		rc = export_entity_load(x, x->eids[i], false, &xe) == STORE_OK ? 0 : -1;
		for (size_t j = 0; rc == 0 && j < xe.link_count; j++)
			csv_link(x->out, xe.e.id, &xe.links.items[j]);
		export_entity_clear(&xe);
	}
	return rc;
}

static int csv_entities(struct export *x)
{
	struct fact_columns cols = { 0 };
	int rc = fact_columns_read(x, &cols);

	if (rc == 0)
		csv_header(x->out, &cols);
	for (size_t i = 0; i < x->count && rc == 0 && !out_failed(x->out); i++) {
		struct export_entity xe;

		rc = export_entity_load(x, x->eids[i], false, &xe) == STORE_OK ? 0 : -1;
		if (rc == 0)
			csv_entity(x->out, &xe, x->base_dir, &cols);
		export_entity_clear(&xe);
	}
	fact_columns_free(&cols);
	return rc;
}

int export_csv(struct export *x)
{
	return x->links_only ? csv_links(x) : csv_entities(x);
}
