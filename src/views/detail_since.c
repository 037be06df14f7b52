/* The detail pane's Changes section: see detail_since.h. */
#include "icsview/views/detail_since.h"

#include <stdlib.h>
#include <string.h>
#include "detail_lines.h"
#include "icsview/base/util.h"

#define CHANGE_INDENT 2
#define CHANGE_HANG 4

struct glyphs {
	const char *arrow, *separator;
};

static void line(struct detail *d, const char *text)
{
	detail_add_lines(d, DETAIL_TEXT, CHANGE_INDENT, CHANGE_HANG, text, 0);
}

/* A diff_side's path with the separator the pane draws; "the top" for none. */
static void put_path(struct strbuf *sb, const char *path, const struct glyphs *g)
{
	size_t sep = strlen(DIFF_PATH_SEPARATOR);

	if (!path || !*path) {
		sb_puts(sb, "the top");
		return;
	}
	for (const char *p = path; *p;) {
		if (strncmp(p, DIFF_PATH_SEPARATOR, sep) == 0) {
			sb_puts(sb, g->separator);
			p += sep;
		} else {
			sb_putc(sb, *p++);
		}
	}
}

static void put_values(struct strbuf *sb, const struct string_list *values)
{
	if (values->count == 0) {
		sb_puts(sb, "(none)");
		return;
	}
	for (size_t i = 0; i < values->count; i++)
		sb_printf(sb, "%s%s", i ? ", " : "", values->items[i]);
}

static void before_after(struct detail *d, const char *label, const char *before,
                         const char *after, const struct glyphs *g)
{
	struct strbuf sb = STRBUF_INIT;

	sb_printf(&sb, "%s: %s %s %s", label, before ? before : "(none)", g->arrow,
	          after ? after : "(none)");
	line(d, sb_str(&sb));
	sb_free(&sb);
}

static void add_facts(struct detail *d, const struct diff_change *c, const struct glyphs *g)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < c->fact_count; i++) {
		sb_reset(&sb);
		sb_printf(&sb, "%s: ", c->facts[i].key);
		put_values(&sb, &c->facts[i].before);
		sb_printf(&sb, " %s ", g->arrow);
		put_values(&sb, &c->facts[i].after);
		line(d, sb_str(&sb));
	}
	sb_free(&sb);
}

static void add_link_list(struct detail *d, const char *sign, const struct diff_link_list *links)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < links->count; i++) {
		const struct diff_link *l = &links->items[i];

		sb_reset(&sb);
		sb_printf(&sb, "%s %s %s (%s)", sign, l->rel,
		          l->target_name ? l->target_name : l->target_id, l->target_id);
		for (size_t k = 0; k < l->fact_keys.count && k < l->fact_values.count; k++)
			sb_printf(&sb, "%s%s: %s", k ? ", " : "  [", l->fact_keys.items[k],
			          l->fact_values.items[k]);
		if (l->fact_keys.count)
			sb_putc(&sb, ']');
		line(d, sb_str(&sb));
	}
	sb_free(&sb);
}

static void add_sources(struct detail *d, const struct diff_change *c, const struct glyphs *g)
{
	struct strbuf sb = STRBUF_INIT;

	sb_puts(&sb, "sources: ");
	put_values(&sb, &c->sources_before);
	sb_printf(&sb, " %s ", g->arrow);
	put_values(&sb, &c->sources_after);
	line(d, sb_str(&sb));
	sb_free(&sb);
}

static void add_one(struct detail *d, const struct diff_change *c, const struct glyphs *g)
{
	struct strbuf sb = STRBUF_INIT;

	switch (c->kind) {
	case DIFF_ADDED:
		line(d, "added: not in the older model");
		break;
	case DIFF_REMOVED:
		sb_printf(&sb, "removed: %s (%s), was under ", c->before.name, c->before.id);
		put_path(&sb, c->before.path, g);
		line(d, sb_str(&sb));
		break;
	case DIFF_REPLACED:
		sb_printf(&sb, "replaces %s (%s) as its successor", c->before.name, c->before.id);
		line(d, sb_str(&sb));
		break;
	case DIFF_RENAMED:
		sb_printf(&sb, "was named %s", c->before.name);
		line(d, sb_str(&sb));
		break;
	case DIFF_MOVED:
		sb_puts(&sb, "was under ");
		put_path(&sb, c->before.path, g);
		sb_printf(&sb, " %s now under ", g->arrow);
		put_path(&sb, c->after.path, g);
		line(d, sb_str(&sb));
		break;
	case DIFF_KIND:
		before_after(d, "kind", c->before.kind, c->after.kind, g);
		break;
	case DIFF_TYPE:
		before_after(d, "type", c->before.type, c->after.type, g);
		break;
	case DIFF_FACTS:
		add_facts(d, c, g);
		break;
	case DIFF_LINKS:
		add_link_list(d, "-", &c->links_removed);
		add_link_list(d, "+", &c->links_added);
		break;
	case DIFF_SOURCES:
		add_sources(d, c, g);
		break;
	case DIFF_KIND_COUNT:
		break;
	}
	sb_free(&sb);
}

/* Moves the lines from `first` on to before the first heading: the
 * section is read before the entity's own. */
static void move_before_headings(struct detail *d, size_t first)
{
	size_t at = 0, n = d->count - first;
	struct detail_line *block;

	while (at < first && d->lines[at].style != DETAIL_HEADING)
		at++;
	if (at == first || n == 0)
		return;
	block = xmalloc(n * sizeof(*block));
	memcpy(block, d->lines + first, n * sizeof(*block));
	memmove(d->lines + at + n, d->lines + at, (first - at) * sizeof(*block));
	memcpy(d->lines + at, block, n * sizeof(*block));
	free(block);
}

static struct glyphs glyphs_for(bool ascii)
{
	struct glyphs g = { ascii ? "->" : "→", ascii ? " > " : " › " };
	return g;
}

void detail_add_changes(struct detail *d, const struct since *s, int64_t eid, bool ascii)
{
	struct glyphs g = glyphs_for(ascii);
	const struct diff_change *c;
	size_t first = d->count;

	if (!s || !since_flags(s, eid) || d->eid != eid)
		return;
	if (!detail_add_heading(d, "Changes", "Changes")) {
		/* its own changes, then those removed from under it */
		for (size_t i = 0; (c = since_change_at(s, eid, i)); i++)
			if (c->kind != DIFF_REMOVED)
				add_one(d, c, &g);
		for (size_t i = 0; (c = since_change_at(s, eid, i)); i++)
			if (c->kind == DIFF_REMOVED)
				add_one(d, c, &g);
	}
	move_before_headings(d, first);
}

/* A removed entity's lines name entities of the older model: plain text
 * here, so that nothing follows them into this one (a link's eid, or a
 * group's next page, would be read from the wrong model). */
static void unlink_lines(struct detail *d)
{
	for (size_t i = 0; i < d->count; i++) {
		if (d->lines[i].style == DETAIL_LINK) {
			d->lines[i].style = DETAIL_TEXT;
			d->lines[i].target = 0;
		} else if (d->lines[i].style == DETAIL_MORE) {
			d->lines[i].style = DETAIL_NOTE;
		}
	}
}

int detail_build_removed(struct detail *d, const struct since *s, const struct diff_change *c,
                         size_t width, bool ascii)
{
	struct glyphs g = glyphs_for(ascii);
	int64_t key = since_removed_place_of(c->before.eid);
	struct strbuf sb = STRBUF_INIT;
	size_t first;
	int rc;

	/* the same removed entity again keeps what is folded; an entity of
	 * this model that has its old eid is another */
	d->eid = d->eid == key ? c->before.eid : 0;
	rc = detail_build(d, since_old_store(s), c->before.eid, width);
	d->eid = key;
	if (rc != STORE_OK)
		return rc;
	unlink_lines(d);
	first = d->count;
	if (!detail_add_heading(d, "Removed since the older model", "Removed")) {
		line(d, "not in this model: as the older model had it");
		sb_puts(&sb, "was under ");
		put_path(&sb, c->before.path, &g);
		line(d, sb_str(&sb));
	}
	sb_free(&sb);
	move_before_headings(d, first);
	return STORE_OK;
}
