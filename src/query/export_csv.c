/* icsview export --format csv: RFC 4180.  A header line, then one record a
 * line, lines ending in CR LF; a field containing a comma, a double quote,
 * CR or LF is quoted, its quotes doubled.  Control characters are written
 * visibly as out_text writes them (ESC as ^[, a line break as ^J, …), so a
 * record is always one line.  A field that a spreadsheet would take as a
 * formula (its first character =, +, -, @, tab or CR) is written quoted,
 * behind a single quote: "'=1+2".
 *
 * Entities (the default), in display order:
 *   id,kind,type,name,parent,aka,sources,file,line
 * (aka and sources, the entity's effective source ids, joined by ';').
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

static void csv_entity(struct out *o, const struct export_entity *xe)
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
	csv_field(o, xe->e.file, false);
	snprintf(line, sizeof(line), "%u", xe->e.line);
	csv_field(o, line, false);
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

int export_csv(struct export *x)
{
	int rc = 0;

	out_puts(x->out, x->links_only ? "from,rel,to,facts,sources\r\n"
	                               : "id,kind,type,name,parent,aka,sources,file,line\r\n");
	for (size_t i = 0; i < x->count && rc == 0 && !out_failed(x->out); i++) {
		struct export_entity xe;

		rc = export_entity_load(x, x->eids[i], false, &xe) == STORE_OK ? 0 : -1;
		if (rc == 0 && x->links_only) {
			for (size_t j = 0; j < xe.link_count; j++)
				csv_link(x->out, xe.e.id, &xe.links.items[j]);
		} else if (rc == 0) {
			csv_entity(x->out, &xe);
		}
		export_entity_clear(&xe);
	}
	return rc;
}
