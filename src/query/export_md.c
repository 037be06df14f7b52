/* icsview export --format md: a Markdown document (CommonMark).
 *
 * Each entity is a heading of its level (# for the top entities, ## for
 * their children, … ###### for the sixth level), followed by a list of what
 * is known about it and its text:
 *
 *   ## Sheffield Teaching Hospitals NHS Foundation Trust
 *
 *   - **id:** n-sth
 *   - **kind:** organisation
 *   - **type:** NHS foundation trust
 *   - **aka:** RHQ
 *   - **facts:**
 *     - members: 20 (20 local bodies) [source: other-doc]
 *   - **links:**
 *     - member\_of:
 *       - South Yorkshire and Bassetlaw ICS (n-system), role: member
 *   - **backlinks:**            (grouped by the inverse relation)
 *   - **sources (file default):**
 *     - nested-doc: A year of integrated care systems: …
 *
 *   The text, as paragraphs.
 *
 * Deeper levels are nested bullet lists: the entity a list item "**NAME**"
 * indented two spaces a level past the sixth, its details nested in it.
 *
 * Data is escaped where it would change the structure: \ ` * [ ] < > # | ~
 * always, _ and & where they could start emphasis or an entity reference,
 * and what would begin a list, a quote or a heading at the start of a line;
 * control characters are written visibly as out_text writes them (ESC as
 * ^[, a line break in a one-line field as ^J). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "export_private.h"
#include "icsview/base/util.h"

#define MAX_HEADING 6

static bool is_word(char c)
{
	return isalnum((unsigned char)c) || (unsigned char)c >= 0x80;
}

/* Looks like an entity or character reference: &name; or &#123; */
static bool entity_like(const char *s)
{
	size_t i = 1;

	while (isalnum((unsigned char)s[i]) || s[i] == '#')
		i++;
	return i > 1 && s[i] == ';';
}

/* Appends s, made safe (sb_text_line) and escaped for Markdown; at the
 * start of a line, a leading block marker is escaped too. */
void md_escape(struct strbuf *sb, const char *s, bool line_start)
{
	struct strbuf safe = STRBUF_INIT;
	const char *t;
	size_t i = 0, n;

	sb_text_line(&safe, s);
	t = sb_str(&safe);
	n = safe.len;
	if (line_start) {
		size_t d = strspn(t, "0123456789");

		if (t[0] == '-' || t[0] == '+' || t[0] == '=') {
			sb_putc(sb, '\\');
		} else if (d > 0 && (t[d] == '.' || t[d] == ')')) {
			sb_add(sb, t, d);
			sb_putc(sb, '\\');
			i = d;
		}
	}
	for (; i < n; i++) {
		char c = t[i];
		bool escape = strchr("\\`*[]<>#|~", c) != NULL;

		if (c == '_')
			escape = !(i > 0 && is_word(t[i - 1]) && is_word(t[i + 1]));
		else if (c == '&')
			escape = entity_like(t + i);
		if (escape && c != '\0')
			sb_putc(sb, '\\');
		sb_putc(sb, c);
	}
	sb_free(&safe);
}

struct md {
	struct out *o;
	struct strbuf sb;
	size_t indent;          /* of the entity's details */
};

static void md_put(struct md *m, const char *s, bool line_start)
{
	sb_reset(&m->sb);
	md_escape(&m->sb, s, line_start);
	out_write(m->o, sb_str(&m->sb), m->sb.len);
}

/* "- **label:** " at the entity's indent plus `extra` levels. */
static void md_item(struct md *m, size_t extra, const char *label)
{
	out_spaces(m->o, m->indent + 2 * extra);
	out_puts(m->o, "- ");
	if (label)
		out_printf(m->o, "**%s:**", label);
}

static void md_row(struct md *m, const char *label, const char *value)
{
	if (!value)
		return;
	md_item(m, 0, label);
	out_putc(m->o, ' ');
	md_put(m, value, false);
	out_putc(m->o, '\n');
}

static void md_source_ids(struct md *m, const struct source_list *sources)
{
	if (!sources->count)
		return;
	out_puts(m->o, sources->count == 1 ? " [source: " : " [sources: ");
	for (size_t i = 0; i < sources->count; i++) {
		if (i)
			out_puts(m->o, ", ");
		md_put(m, sources->items[i].id, false);
	}
	out_putc(m->o, ']');
}

static void md_facts(struct md *m, const struct fact_list *facts)
{
	if (!facts->count)
		return;
	md_item(m, 0, "facts");
	out_putc(m->o, '\n');
	for (size_t i = 0; i < facts->count; i++) {
		const struct fact *f = &facts->items[i];

		md_item(m, 1, NULL);
		md_put(m, f->key, true);
		out_puts(m->o, ": ");
		md_put(m, f->value, false);
		if (f->note) {
			out_puts(m->o, " (");
			md_put(m, f->note, false);
			out_putc(m->o, ')');
		}
		if (f->reason) {
			out_puts(m->o, " (inferred: ");
			md_put(m, f->reason, false);
			out_putc(m->o, ')');
		}
		md_source_ids(m, &f->sources);
		out_putc(m->o, '\n');
	}
}

static void md_links(struct md *m, const char *title, const struct link_list *links, size_t count)
{
	if (!count)
		return;
	md_item(m, 0, title);
	out_putc(m->o, '\n');
	for (size_t i = 0; i < count; i++) {
		const struct link_item *l = &links->items[i];

		if (i == 0 || strcmp(l->label, links->items[i - 1].label) != 0) {
			md_item(m, 1, NULL);
			md_put(m, l->label, true);
			out_puts(m->o, ":\n");
		}
		md_item(m, 2, NULL);
		md_put(m, l->other_name, true);
		out_puts(m->o, " (");
		md_put(m, l->other_id, false);
		out_putc(m->o, ')');
		for (size_t j = 0; j < l->fact_count; j++) {
			out_puts(m->o, ", ");
			md_put(m, l->facts[j].key, false);
			out_puts(m->o, ": ");
			md_put(m, l->facts[j].value, false);
		}
		md_source_ids(m, &l->sources);
		out_putc(m->o, '\n');
	}
}

static void md_sources(struct md *m, const struct source_list *sources)
{
	if (!sources->count)
		return;
	md_item(m, 0, sources->inherited ? "sources (file default)" : "sources");
	out_putc(m->o, '\n');
	for (size_t i = 0; i < sources->count; i++) {
		md_item(m, 1, NULL);
		md_put(m, sources->items[i].id, true);
		out_puts(m->o, ": ");
		md_put(m, sources->items[i].name, false);
		out_putc(m->o, '\n');
	}
}

/* The text as paragraphs: each line trimmed (so that no line becomes code
 * or a hard break), runs of blank lines one paragraph break. */
static void md_text(struct md *m, const char *text)
{
	bool blank = true;

	if (!text)
		return;
	while (*text) {
		size_t n = strcspn(text, "\n");
		char *line;
		size_t start = 0, end = n;

		while (start < end && (text[start] == ' ' || text[start] == '\t'))
			start++;
		while (end > start && (text[end - 1] == ' ' || text[end - 1] == '\t' || text[end - 1] == '\r'))
			end--;
		if (end > start) {
			if (blank)
				out_putc(m->o, '\n');
			line = xstrndup(text + start, end - start);
			out_spaces(m->o, m->indent);
			md_put(m, line, true);
			out_putc(m->o, '\n');
			free(line);
		}
		blank = end == start;
		text += n + (text[n] == '\n');
	}
}

static void md_entity(struct md *m, const struct export_entity *xe, size_t level)
{
	if (level < MAX_HEADING) {
		out_printf(m->o, "%.*s ", (int)(level + 1), "######");
		md_put(m, xe->e.name, false);
		out_puts(m->o, "\n\n");
		m->indent = 0;
	} else {
		out_spaces(m->o, 2 * (level - MAX_HEADING));
		out_puts(m->o, "- **");
		md_put(m, xe->e.name, false);
		out_puts(m->o, "**\n");
		m->indent = 2 * (level - MAX_HEADING) + 2;
	}
	md_row(m, "id", xe->e.id);
	md_row(m, "kind", xe->e.kind);
	md_row(m, "type", xe->e.type);
	if (xe->aka.count) {
		md_item(m, 0, "aka");
		for (size_t i = 0; i < xe->aka.count; i++) {
			out_puts(m->o, i ? ", " : " ");
			md_put(m, xe->aka.items[i], false);
		}
		out_putc(m->o, '\n');
	}
	md_facts(m, &xe->facts);
	md_links(m, "links", &xe->links, xe->link_count);
	md_links(m, "backlinks", &xe->backlinks, xe->backlink_count);
	md_sources(m, &xe->sources);
	md_text(m, xe->e.text);
}

int export_md(struct export *x)
{
	struct md m = { x->out, STRBUF_INIT, 0 };
	int rc = 0;

	for (size_t i = 0; i < x->count && rc == 0 && !out_failed(x->out); i++) {
		struct export_entity xe;

		rc = export_entity_load(x, x->eids[i], true, &xe) == STORE_OK ? 0 : -1;
		if (rc == 0 && i > 0)
			out_putc(x->out, '\n');
		if (rc == 0)
			md_entity(&m, &xe, x->levels[i]);
		export_entity_clear(&xe);
	}
	sb_free(&m.sb);
	return rc;
}
