#include "icsview/views/entity_text.h"

#include <stdlib.h>
#include <string.h>
#include "icsview/base/model.h"
#include "icsview/base/util.h"
#include "icsview/views/history_text.h"

#define ROW_LABEL_WIDTH 10
#define TEXT_INDENT 2
#define LABEL_GAP 2          /* spaces between a label and its value */
#define LABEL_SHARE 3        /* a label column takes at most 1/LABEL_SHARE of the width */
#define LABEL_COLUMN_MAX 32  /* and at most this, gap included, wrapped or not */

void entity_path_clear(struct entity *path, size_t count)
{
	for (size_t i = 0; i < count; i++)
		entity_clear(&path[i]);
	free(path);
}

void entity_full_clear(struct entity_full *s)
{
	entity_clear(&s->e);
	entity_path_clear(s->path, s->path_count);
	string_list_clear(&s->aka);
	fact_list_clear(&s->facts);
	link_list_clear(&s->links);
	link_list_clear(&s->backlinks);
	source_list_clear(&s->sources);
	history_chain_clear(&s->history);
	memset(s, 0, sizeof(*s));
}

int entity_path_read(struct store *st, int64_t eid, struct entity **path, size_t *count)
{
	struct eid_list chain = { 0 };
	int rc = store_parent_chain(st, eid, &chain);

	*path = NULL;
	*count = 0;
	if (rc == STORE_OK && chain.count > 1) {
		*path = xcalloc(chain.count - 1, sizeof(**path));
		for (; *count < chain.count - 1 && rc == STORE_OK; (*count)++)
			rc = store_entity(st, chain.items[*count], &(*path)[*count]);
	}
	eid_list_clear(&chain);
	return rc;
}

int entity_full_read(struct store *st, struct entity_full *s)
{
	if (entity_path_read(st, s->e.eid, &s->path, &s->path_count) != STORE_OK || store_aka(st, s->e.eid, &s->aka) != STORE_OK ||
	    store_facts(st, s->e.eid, &s->facts) != STORE_OK ||
	    store_links(st, s->e.eid, LINKS_OUT, &s->links) != STORE_OK ||
	    store_links(st, s->e.eid, LINKS_IN, &s->backlinks) != STORE_OK ||
	    store_sources(st, s->e.eid, &s->sources) != STORE_OK ||
	    history_chain_read(st, s->e.eid, &s->history) != STORE_OK)
		return STORE_ERROR;
	return STORE_OK;
}

/* Plain text: every line wrapped at the width, continuation lines indented
 * under the value they continue. */

struct text {
	struct out *o;
	size_t width;
	struct strbuf sb;       /* the field being built */
};

static void text_field(struct text *t, size_t col, size_t indent)
{
	out_wrapped_field(t->o, sb_str(&t->sb), col, indent, t->width);
	sb_reset(&t->sb);
}

static void text_row(struct text *t, const char *label)
{
	out_spaces(t->o, TEXT_INDENT);
	out_padded(t->o, label, ROW_LABEL_WIDTH);
	text_field(t, TEXT_INDENT + ROW_LABEL_WIDTH, TEXT_INDENT + ROW_LABEL_WIDTH);
}

/* The names from the root, broken only between names when too wide. */
static void text_crumb(struct text *t, const char *separator, const char *name, size_t *col)
{
	size_t w = text_width(name, strlen(name)), sep = text_width(separator, strlen(separator));

	if (*col == 0) {
		out_text_line(t->o, name);
		*col = w;
		return;
	}
	if (*col + sep + w > t->width) {
		out_putc(t->o, '\n');
		out_spaces(t->o, 2 * TEXT_INDENT - 1);
		*col = 2 * TEXT_INDENT - 1;
	}
	out_puts(t->o, separator);
	out_text_line(t->o, name);
	*col += sep + w;
}

static void text_breadcrumb(struct text *t, const struct entity_full *s)
{
	const char *separator = locale_is_utf8() ? " \u203a " : " > ";
	size_t col = 0;

	for (size_t i = 0; i < s->path_count; i++)
		text_crumb(t, separator, s->path[i].name, &col);
	text_crumb(t, separator, s->e.name, &col);
	out_putc(t->o, '\n');
}

static void text_header(struct text *t, const struct entity_full *s)
{
	text_breadcrumb(t, s);
	sb_puts(&t->sb, s->e.id);
	text_row(t, "id");
	sb_puts(&t->sb, s->e.kind);
	text_row(t, "kind");
	if (s->e.type) {
		sb_puts(&t->sb, s->e.type);
		text_row(t, "type");
	}
	for (size_t i = 0; i < s->aka.count; i++)
		sb_printf(&t->sb, "%s%s", i ? ", " : "", s->aka.items[i]);
	if (s->aka.count)
		text_row(t, "aka");
	if (s->e.n_children || s->e.n_linked) {
		sb_printf(&t->sb, "%lld", (long long)s->e.n_children);
		if (s->e.n_linked)
			sb_printf(&t->sb, " (and %lld linked)", (long long)s->e.n_linked);
		text_row(t, "children");
	}
	sb_printf(&t->sb, "%s:%u:%u", s->e.file, s->e.line, s->e.col);
	text_row(t, "defined");
}

static void add_source_ids(struct strbuf *sb, const struct source_list *sources)
{
	if (!sources->count)
		return;
	sb_puts(sb, sources->count == 1 ? " [source: " : " [sources: ");
	for (size_t i = 0; i < sources->count; i++)
		sb_printf(sb, "%s%s", i ? ", " : "", sources->items[i].id);
	sb_putc(sb, ']');
}

static size_t wider(size_t width, const char *s)
{
	size_t w = text_width(s, strlen(s));

	return w > width ? w : width;
}

/* The column of labels (fact keys, source ids): as wide as the widest
 * label and its gap, but at most a third of a narrow width, so that the
 * values keep room, and at most LABEL_COLUMN_MAX, so that one long key
 * does not push every value far right (unwrapped output included). */
static size_t label_column(const struct text *t, size_t widest)
{
	size_t cap = t->width / LABEL_SHARE;

	if (cap > LABEL_COLUMN_MAX)
		cap = LABEL_COLUMN_MAX;
	if (cap < ROW_LABEL_WIDTH + LABEL_GAP)
		cap = ROW_LABEL_WIDTH + LABEL_GAP;
	return widest + LABEL_GAP < cap ? widest + LABEL_GAP : cap;
}

/* An indented label padded to `width` columns.  A label that leaves no
 * gap is alone on its line when wrapping, its value then starting under
 * the column; unwrapped, its value follows it after the gap, so that each
 * fact stays one line for grep.  Returns the column the value starts at. */
static size_t label_cell(struct text *t, const char *label, size_t width)
{
	size_t label_width = text_width(label, strlen(label));

	out_spaces(t->o, TEXT_INDENT);
	if (label_width + LABEL_GAP <= width) {
		out_padded(t->o, label, width);
		return TEXT_INDENT + width;
	}
	out_text_line(t->o, label);
	if (t->width == OUTPUT_NO_WRAP) {
		out_spaces(t->o, LABEL_GAP);
		return TEXT_INDENT + label_width + LABEL_GAP;
	}
	out_putc(t->o, '\n');
	out_spaces(t->o, TEXT_INDENT + width);
	return TEXT_INDENT + width;
}

static void text_facts(struct text *t, const struct fact_list *facts)
{
	size_t width = 0;

	if (!facts->count)
		return;
	for (size_t i = 0; i < facts->count; i++)
		width = wider(width, facts->items[i].key);
	width = label_column(t, width);
	out_puts(t->o, "\nFacts\n");
	for (size_t i = 0; i < facts->count; i++) {
		const struct fact *f = &facts->items[i];
		size_t col = label_cell(t, f->key, width);

		sb_puts(&t->sb, f->value);
		if (f->note)
			sb_printf(&t->sb, " (%s)", f->note);
		if (f->reason)
			sb_printf(&t->sb, " (inferred: %s)", f->reason);
		add_source_ids(&t->sb, &f->sources);
		text_field(t, col, TEXT_INDENT + width);
	}
}

static void text_prose(struct text *t, const char *text)
{
	if (!text || !*text)
		return;
	out_puts(t->o, "\nText\n");
	out_wrapped(t->o, text, TEXT_INDENT, t->width);
}

char *link_item_basis_mark(const struct link_item *item)
{
	enum claim_basis basis = BASIS_STATED;
	const char *reason = NULL;

	for (size_t i = 0; i < item->fact_count; i++) {
		if (strcmp(item->facts[i].key, BASIS_KEY) == 0)
			claim_basis_parse(item->facts[i].value, &basis);
		else if (strcmp(item->facts[i].key, REASON_KEY) == 0)
			reason = item->facts[i].value;
	}
	if (basis != BASIS_INFERRED)
		return NULL;
	return reason ? xasprintf("(inferred: %s)", reason) : xstrdup("(inferred)");
}

static void text_link(struct text *t, const struct link_item *item)
{
	size_t shown = 0;
	char *mark = link_item_basis_mark(item);

	sb_printf(&t->sb, "%s (%s)", item->other_name, item->other_id);
	for (size_t i = 0; i < item->fact_count; i++) {
		if (claim_basis_key(item->facts[i].key))
			continue;
		sb_printf(&t->sb, "%s%s: %s", shown++ ? ", " : "  ", item->facts[i].key,
		          item->facts[i].value);
	}
	if (mark)
		sb_printf(&t->sb, "  %s", mark);
	free(mark);
	add_source_ids(&t->sb, &item->sources);
	out_spaces(t->o, 2 * TEXT_INDENT);
	text_field(t, 2 * TEXT_INDENT, 3 * TEXT_INDENT);
}

static void text_links(struct text *t, const char *title, const struct link_list *links)
{
	if (!links->count)
		return;
	out_printf(t->o, "\n%s\n", title);
	for (size_t i = 0; i < links->count; i++) {
		if (i == 0 || strcmp(links->items[i].label, links->items[i - 1].label) != 0) {
			out_spaces(t->o, TEXT_INDENT);
			out_text_line(t->o, links->items[i].label);
			out_putc(t->o, '\n');
		}
		text_link(t, &links->items[i]);
	}
}

static void text_sources(struct text *t, const struct source_list *sources)
{
	size_t width = 0;

	if (!sources->count)
		return;
	for (size_t i = 0; i < sources->count; i++)
		width = wider(width, sources->items[i].id);
	width = label_column(t, width);
	out_puts(t->o, sources->inherited ? "\nSources (file default)\n" : "\nSources\n");
	for (size_t i = 0; i < sources->count; i++) {
		size_t col = label_cell(t, sources->items[i].id, width);

		sb_puts(&t->sb, sources->items[i].name);
		text_field(t, col, TEXT_INDENT + width);
	}
}

void entity_text_write(struct out *o, const struct entity_full *s, size_t width)
{
	struct text t = { o, width, STRBUF_INIT };

	text_header(&t, s);
	text_facts(&t, &s->facts);
	text_prose(&t, s->e.text);
	text_links(&t, "Links", &s->links);
	text_links(&t, "Backlinks", &s->backlinks);
	history_text_section(o, &s->history, width);
	text_sources(&t, &s->sources);
	sb_free(&t.sb);
}
