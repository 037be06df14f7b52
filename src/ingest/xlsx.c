/* The .xlsx workbook reader (ingest.h): libarchive opens the zip
 * (zip_members.c), expat reads the workbook's sheet list, its
 * relationships, the shared strings and each sheet.  Only the cells'
 * values are read: text as written, numbers as the workbook stores them. */
#include <expat.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "icsview/base/util.h"
#include "icsview/ingest/ingest.h"
#include "icsview/ingest/table.h"
#include "zip_members.h"

/* The largest sheet in cells (rows times the widest row): a workbook
 * that claims far more than any publisher's sheet is refused before it
 * takes the memory. */
#define XLSX_MAX_CELLS ((size_t)1 << 24)
/* The spreadsheet format's own bounds: columns A to XFD. */
#define XLSX_MAX_COLUMN 16384u

static const char ns_rels[] = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
static const char workbook_path[] = "xl/workbook.xml";
static const char workbook_rels[] = "xl/_rels/workbook.xml.rels";
static const char shared_path[] = "xl/sharedStrings.xml";

/* The name after the namespace separator that XML_ParserCreateNS puts in. */
static const char *local(const char *name)
{
	const char *bar = strrchr(name, '|');
	return bar ? bar + 1 : name;
}

static bool in_ns(const char *name, const char *ns)
{
	size_t n = strlen(ns);
	return strncmp(name, ns, n) == 0 && name[n] == '|';
}

static const char *attribute(const char **attrs, const char *name)
{
	for (size_t i = 0; attrs[i]; i += 2)
		if (strcmp(local(attrs[i]), name) == 0 && !strchr(attrs[i], '|'))
			return attrs[i + 1];
	return NULL;
}

static bool wanted(const char *member)
{
	size_t n = strlen(member);

	if (strcmp(member, workbook_path) == 0 || strcmp(member, workbook_rels) == 0 ||
	    strcmp(member, shared_path) == 0)
		return true;
	return strncmp(member, "xl/worksheets/", 14) == 0 && !strchr(member + 14, '/') &&
	       n > 4 && strcmp(member + n - 4, ".xml") == 0;
}

/* Runs expat over a member with the given handlers; -1 with *error set
 * on malformed XML or when a handler failed (its *error already set). */
struct xml_run {
	XML_Parser parser;
	char **error;
	bool failed;
};

static int xml_parse(const char *name, const struct zip_member *m, void *state,
                     XML_StartElementHandler start, XML_EndElementHandler end,
                     XML_CharacterDataHandler text, struct xml_run *run)
{
	XML_Parser p = XML_ParserCreateNS("UTF-8", '|');
	int status = 0;

	if (!p)
		die("out of memory");
	run->parser = p;
	run->failed = false;
	XML_SetUserData(p, state);
	XML_SetElementHandler(p, start, end);
	if (text)
		XML_SetCharacterDataHandler(p, text);
	if (m->len > (size_t)INT32_MAX) {
		*run->error = table_error(name, 0, "%s: too large", m->name);
		status = -1;
	} else if (XML_Parse(p, m->data, (int)m->len, XML_TRUE) != XML_STATUS_OK) {
		if (!run->failed) {
			/* The line is the XML's, so the error names the member. */
			char *where = xasprintf("%s(%s)", name, m->name);
			*run->error = table_error(where, (unsigned)XML_GetCurrentLineNumber(p),
			                          "%s", XML_ErrorString(XML_GetErrorCode(p)));
			free(where);
		}
		status = -1;
	}
	XML_ParserFree(p);
	return status;
}

static void xml_fail(struct xml_run *run, char *error)
{
	*run->error = error;
	run->failed = true;
	XML_StopParser(run->parser, XML_FALSE);
}

/* --- the sheet list and where each sheet is ------------------------- */

struct sheet_ref {
	char *name;
	char *rel_id;
	char *path;     /* member path, from the relationships */
};

struct book {
	struct xml_run run;
	struct sheet_ref *sheets;
	size_t count, cap;
};

static void book_start(void *data, const char *el, const char **attrs)
{
	struct book *b = data;
	const char *name, *id = NULL;

	if (strcmp(local(el), "sheet") != 0)
		return;
	name = attribute(attrs, "name");
	for (size_t i = 0; attrs[i]; i += 2)
		if (in_ns(attrs[i], ns_rels) && strcmp(local(attrs[i]), "id") == 0)
			id = attrs[i + 1];
	if (!name || !id) {
		xml_fail(&b->run, table_error(workbook_path, 0, "a sheet without a name or id"));
		return;
	}
	GROW(b->sheets, b->cap, b->count + 1);
	b->sheets[b->count++] = (struct sheet_ref){ xstrdup(name), xstrdup(id), NULL };
}

static void rels_start(void *data, const char *el, const char **attrs)
{
	struct book *b = data;
	const char *id, *target;

	if (strcmp(local(el), "Relationship") != 0)
		return;
	id = attribute(attrs, "Id");
	target = attribute(attrs, "Target");
	if (!id || !target)
		return;
	for (size_t i = 0; i < b->count; i++) {
		if (b->sheets[i].path || strcmp(b->sheets[i].rel_id, id) != 0)
			continue;
		/* A target is relative to xl/, or absolute from the archive's root. */
		b->sheets[i].path = target[0] == '/' ? xstrdup(target + 1)
		                                     : xasprintf("xl/%s", target);
	}
}

static void no_end(void *data, const char *el)
{
	(void)data; (void)el;
}

static void book_free(struct book *b)
{
	for (size_t i = 0; i < b->count; i++) {
		free(b->sheets[i].name);
		free(b->sheets[i].rel_id);
		free(b->sheets[i].path);
	}
	free(b->sheets);
}

/* --- shared strings ------------------------------------------------- */

struct shared {
	struct xml_run run;
	char **items;
	size_t count, cap;
	struct strbuf text;
	bool in_si, in_t;
	unsigned phonetic;   /* depth inside <rPh>: a reading aid, not the text */
};

static void shared_start(void *data, const char *el, const char **attrs)
{
	struct shared *s = data;
	const char *n = local(el);

	(void)attrs;
	if (strcmp(n, "si") == 0) {
		s->in_si = true;
		sb_reset(&s->text);
	} else if (strcmp(n, "rPh") == 0) {
		s->phonetic++;
	} else if (strcmp(n, "t") == 0 && s->in_si && !s->phonetic) {
		s->in_t = true;
	}
}

static void shared_end(void *data, const char *el)
{
	struct shared *s = data;
	const char *n = local(el);

	if (strcmp(n, "si") == 0 && s->in_si) {
		GROW(s->items, s->cap, s->count + 1);
		s->items[s->count++] = xstrdup(sb_str(&s->text));
		s->in_si = false;
	} else if (strcmp(n, "rPh") == 0 && s->phonetic) {
		s->phonetic--;
	} else if (strcmp(n, "t") == 0) {
		s->in_t = false;
	}
}

static void shared_text(void *data, const char *text, int len)
{
	struct shared *s = data;

	if (s->in_t && len > 0)
		sb_add(&s->text, text, (size_t)len);
}

static void shared_free(struct shared *s)
{
	for (size_t i = 0; i < s->count; i++)
		free(s->items[i]);
	free(s->items);
	sb_free(&s->text);
}

/* --- one sheet ------------------------------------------------------ */

struct cell {
	unsigned col;        /* 0-based */
	char *text;
};

struct sheet {
	struct xml_run run;
	const char *member;
	const struct shared *shared;
	struct table *table;
	unsigned row;        /* the current row's number, 1-based */
	unsigned next_col;   /* where a cell without a reference goes */
	struct cell *cells;
	size_t count, cap;
	char type[16];       /* the current cell's t attribute */
	bool in_cell, in_value, in_inline;
	unsigned cell_col;
	struct strbuf value;
};

/* "BC12" -> column 54 (0-based); false when it is not a cell reference. */
static bool parse_ref(const char *ref, unsigned *col)
{
	unsigned c = 0;
	size_t i = 0;

	for (; ref[i] >= 'A' && ref[i] <= 'Z'; i++) {
		c = c * 26 + (unsigned)(ref[i] - 'A' + 1);
		if (c > XLSX_MAX_COLUMN)
			return false;
	}
	if (i == 0 || ref[i] < '1' || ref[i] > '9')
		return false;
	*col = c - 1;
	return true;
}

static bool parse_row_number(const char *text, unsigned *row)
{
	char *end;
	unsigned long n = strtoul(text, &end, 10);

	if (*end || end == text || n == 0 || n > 1048576)
		return false;
	*row = (unsigned)n;
	return true;
}

static void free_cells(struct sheet *s)
{
	for (size_t i = 0; i < s->count; i++)
		free(s->cells[i].text);
	s->count = 0;
}

static void row_start(struct sheet *s, const char **attrs)
{
	const char *r = attribute(attrs, "r");
	unsigned number = s->row + 1;

	if (r && !parse_row_number(r, &number)) {
		xml_fail(&s->run, table_error(s->table->name, s->row + 1,
		                              "a row numbered \"%s\"", r));
		return;
	}
	if (number <= s->row) {
		xml_fail(&s->run, table_error(s->table->name, number, "row %u after row %u",
		                              number, s->row));
		return;
	}
	s->row = number;
	s->next_col = 0;
	free_cells(s);
}

static void cell_start(struct sheet *s, const char **attrs)
{
	const char *r = attribute(attrs, "r"), *t = attribute(attrs, "t");
	unsigned col = s->next_col;

	if (r && !parse_ref(r, &col)) {
		xml_fail(&s->run, table_error(s->table->name, s->row,
		                              "a cell referenced \"%s\"", r));
		return;
	}
	if (col >= XLSX_MAX_COLUMN) {
		xml_fail(&s->run, table_error(s->table->name, s->row, "a cell past column XFD"));
		return;
	}
	snprintf(s->type, sizeof(s->type), "%s", t ? t : "n");
	s->cell_col = col;
	s->next_col = col + 1;
	s->in_cell = true;
	sb_reset(&s->value);
}

static void cell_end(struct sheet *s)
{
	const char *text = sb_str(&s->value);

	s->in_cell = false;
	if (strcmp(s->type, "s") == 0) {
		char *end;
		unsigned long i = strtoul(text, &end, 10);
		if (*end || end == text || i >= s->shared->count) {
			xml_fail(&s->run, table_error(s->table->name, s->row,
			                              "shared string \"%s\" does not exist", text));
			return;
		}
		text = s->shared->items[i];
	}
	if (!*text)
		return;
	GROW(s->cells, s->cap, s->count + 1);
	s->cells[s->count++] = (struct cell){ s->cell_col, xstrdup(text) };
}

static int by_column(const void *a, const void *b)
{
	const struct cell *x = a, *y = b;
	return x->col < y->col ? -1 : x->col > y->col;
}

/* A row into the table: empty cells fill the gaps; a row with no value
 * (only formatting) is left out. */
static void row_end(struct sheet *s)
{
	struct table *t = s->table;
	unsigned width;
	char *error = NULL;

	if (s->count == 0)
		return;
	qsort(s->cells, s->count, sizeof(*s->cells), by_column);
	width = s->cells[s->count - 1].col + 1;
	if ((t->rows + 1) * (width > t->width ? width : t->width) > XLSX_MAX_CELLS) {
		free_cells(s);
		xml_fail(&s->run, table_error(t->name, s->row, "more than %zu cells in a sheet",
		                              (size_t)XLSX_MAX_CELLS));
		return;
	}
	unsigned col = 0;
	for (size_t i = 0; i < s->count; i++) {
		if (i > 0 && s->cells[i].col == s->cells[i - 1].col) {
			free_cells(s);
			xml_fail(&s->run, table_error(t->name, s->row, "two cells in one column"));
			return;
		}
		for (; col < s->cells[i].col; col++)
			table_add_cell(t, "", 0);
		table_add_cell(t, s->cells[i].text, strlen(s->cells[i].text));
		col++;
	}
	free_cells(s);
	if (table_end_row(t, s->row, true, &error) < 0)
		xml_fail(&s->run, error);
}

static void sheet_start(void *data, const char *el, const char **attrs)
{
	struct sheet *s = data;
	const char *n = local(el);

	if (strcmp(n, "row") == 0)
		row_start(s, attrs);
	else if (strcmp(n, "c") == 0)
		cell_start(s, attrs);
	else if (s->in_cell && strcmp(n, "v") == 0)
		s->in_value = true;
	else if (s->in_cell && strcmp(n, "is") == 0)
		s->in_inline = true;
	else if (s->in_inline && strcmp(n, "t") == 0)
		s->in_value = true;
}

static void sheet_end(void *data, const char *el)
{
	struct sheet *s = data;
	const char *n = local(el);

	if (strcmp(n, "row") == 0)
		row_end(s);
	else if (strcmp(n, "c") == 0 && s->in_cell)
		cell_end(s);
	else if (strcmp(n, "v") == 0 || strcmp(n, "t") == 0)
		s->in_value = false;
	else if (strcmp(n, "is") == 0)
		s->in_inline = false;
}

static void sheet_text(void *data, const char *text, int len)
{
	struct sheet *s = data;

	if (s->in_value && len > 0)
		sb_add(&s->value, text, (size_t)len);
}

static int read_sheet(const char *name, const struct sheet_ref *ref,
                      const struct zip_members *members, const struct shared *shared,
                      struct table *t, char **error)
{
	const struct zip_member *m = ref->path ? zip_find(members, ref->path) : NULL;
	struct sheet s;
	int status;

	if (!m) {
		*error = table_error(name, 0, "sheet \"%s\" is missing from the workbook", ref->name);
		return -1;
	}
	memset(&s, 0, sizeof(s));
	s.run.error = error;
	s.member = m->name;
	s.shared = shared;
	s.table = t;
	status = xml_parse(name, m, &s, sheet_start, sheet_end, sheet_text, &s.run);
	free_cells(&s);
	free(s.cells);
	sb_free(&s.value);
	return status;
}

/* --- the workbook --------------------------------------------------- */

static int read_sheets(const char *name, const struct zip_members *members,
                       const struct book *b, const struct shared *shared,
                       struct table_list *out, char **error)
{
	size_t before = out->count;

	for (size_t i = 0; i < b->count; i++) {
		char *table_name = xasprintf("%s(%s)", name, b->sheets[i].name);
		struct table *t = table_list_add(out, table_name);
		free(table_name);
		t->sheet = xstrdup(b->sheets[i].name);
		if (read_sheet(name, &b->sheets[i], members, shared, t, error) < 0) {
			while (out->count > before)
				table_list_drop_last(out);
			return -1;
		}
	}
	return 0;
}

static int read_book(const char *name, const struct zip_members *members, struct book *b,
                     struct shared *s, char **error)
{
	const struct zip_member *wb = zip_find(members, workbook_path);
	const struct zip_member *rels = zip_find(members, workbook_rels);
	const struct zip_member *strings = zip_find(members, shared_path);

	if (!wb || !rels) {
		*error = table_error(name, 0, "not an .xlsx workbook (no %s)",
		                     wb ? workbook_rels : workbook_path);
		return -1;
	}
	b->run.error = error;
	s->run.error = error;
	if (xml_parse(name, wb, b, book_start, no_end, NULL, &b->run) < 0 ||
	    xml_parse(name, rels, b, rels_start, no_end, NULL, &b->run) < 0)
		return -1;
	if (strings && xml_parse(name, strings, s, shared_start, shared_end, shared_text,
	                         &s->run) < 0)
		return -1;
	return 0;
}

int ingest_read_workbook(const char *name, const char *data, size_t len,
                         struct table_list *out, char **error)
{
	struct zip_members members;
	struct book b;
	struct shared s;
	int status = -1;

	if (zip_read(name, data, len, wanted, &members, error) < 0)
		return -1;
	memset(&b, 0, sizeof(b));
	memset(&s, 0, sizeof(s));
	if (read_book(name, &members, &b, &s, error) == 0)
		status = read_sheets(name, &members, &b, &s, out, error);
	shared_free(&s);
	book_free(&b);
	zip_members_free(&members);
	return status;
}
