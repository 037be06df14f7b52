#include "icsview/views/detail.h"

#include <stdlib.h>
#include <string.h>
#include "icsview/store/notes.h"
#include "icsview/base/output.h"
#include "icsview/base/util.h"


static void add_line(struct detail *d, enum detail_style style, unsigned indent, const char *key,
                     const char *text, int64_t target)
{
	struct detail_line *line;
	struct strbuf sb = STRBUF_INIT;

	GROW(d->lines, d->cap, d->count + 1);
	line = &d->lines[d->count++];
	line->style = style;
	line->indent = indent;
	line->target = target;
	line->continuation = false;
	line->group = 0;
	line->key = NULL;
	if (key) {
		sb_text_line(&sb, key);
		line->key = sb_detach(&sb);
	}
	sb_text_line(&sb, text);
	line->text = sb_detach(&sb);
}

static bool starts_item(const char *line)
{
	if ((line[0] == '-' || line[0] == '*') && line[1] == ' ')
		return true;
	while (*line >= '0' && *line <= '9')
		line++;
	return *line == '.' && line[1] == ' ';
}

/* Prose is written with line breaks where its author's editor put them:
 * join the lines of a paragraph (an indented line continues the one
 * before), keeping blank lines and the start of each list item. */
static char *reflow(const char *text)
{
	struct strbuf sb = STRBUF_INIT;
	bool blank_before = true;

	while (*text) {
		size_t length = strcspn(text, "\n");
		const char *line = text;

		while (*line == ' ' && line < text + length)
			line++;
		length -= (size_t)(line - text);
		if (length == 0) {
			sb_puts(&sb, sb.len ? "\n\n" : "");
			blank_before = true;
		} else {
			if (sb.len && !blank_before)
				sb_putc(&sb, starts_item(line) ? '\n' : ' ');
			else if (sb.len && sb.buf[sb.len - 1] != '\n')
				sb_putc(&sb, '\n');
			sb_add(&sb, line, length);
			blank_before = false;
		}
		text = line + length;
		if (*text == '\n')
			text++;
	}
	/* a blank line is one empty line, not two */
	return sb_detach(&sb);
}

/* Adds `text` wrapped at word boundaries to the pane's width, its later
 * lines indented by `hang` more; a link's lines all name its target.  A
 * word wider than the pane is cut by the drawing code, never here. */
static void add_wrapped_lines(struct detail *d, enum detail_style style, unsigned indent,
                              unsigned hang, const char *text, int64_t target)
{
	const char *p = text;
	bool first = true;

	while (*p) {
		size_t para = strcspn(p, "\n");
		struct strbuf line = STRBUF_INIT;
		size_t used = 0, i = 0;

		while (i < para) {
			size_t start = i, word_w;
			unsigned at = first ? indent : indent + hang;
			size_t width = d->width > at + 10 ? d->width - at : 10;
			while (i < para && p[i] != ' ')
				i++;
			word_w = text_width(p + start, i - start);
			if (used && used + 1 + word_w > width) {
				add_line(d, style, at, NULL, sb_str(&line), target);
				d->lines[d->count - 1].continuation = !first;
				first = false;
				sb_reset(&line);
				used = 0;
			}
			if (used) {
				sb_putc(&line, ' ');
				used++;
			}
			sb_add(&line, p + start, i - start);
			used += word_w;
			while (i < para && p[i] == ' ')
				i++;
		}
		add_line(d, style, first ? indent : indent + hang, NULL, sb_str(&line), target);
		d->lines[d->count - 1].continuation = !first;
		first = target != 0 ? false : true;
		sb_free(&line);
		p += para;
		if (*p == '\n')
			p++;
	}
}

static void add_wrapped(struct detail *d, enum detail_style style, unsigned indent,
                        const char *raw)
{
	char *text = reflow(raw);

	add_wrapped_lines(d, style, indent, 0, text, 0);
	free(text);
}

static void add_sources_suffix(struct strbuf *sb, const struct source_list *sources)
{
	for (size_t i = 0; i < sources->count; i++)
		sb_printf(sb, "%s%s", i ? ", " : "  [source: ", sources->items[i].id);
	if (sources->count)
		sb_putc(sb, ']');
}

static int add_facts(struct detail *d, struct store *st, int64_t eid)
{
	struct fact_list facts = { 0 };

	if (store_facts(st, eid, &facts) != STORE_OK) {
		fact_list_clear(&facts);
		return STORE_ERROR;
	}
	if (facts.count)
		add_line(d, DETAIL_HEADING, 0, NULL, "Facts", 0);
	for (size_t i = 0; i < facts.count; i++) {
		const struct fact *f = &facts.items[i];
		struct strbuf value = STRBUF_INIT;

		sb_puts(&value, f->value);
		if (f->note)
			sb_printf(&value, " (%s)", f->note);
		add_sources_suffix(&value, &f->sources);
		add_line(d, DETAIL_KEY_VALUE, 2, f->key, sb_str(&value), 0);
		sb_free(&value);
	}
	fact_list_clear(&facts);
	return STORE_OK;
}

static void add_link_line(struct detail *d, const struct link_item *l)
{
	struct strbuf text = STRBUF_INIT;

	sb_printf(&text, "[%s] %s (%s)", l->other_badge, l->other_name, l->other_id);
	for (size_t j = 0; j < l->fact_count; j++)
		sb_printf(&text, "%s%s: %s", j ? ", " : "  ", l->facts[j].key, l->facts[j].value);
	add_sources_suffix(&text, &l->sources);
	add_wrapped_lines(d, DETAIL_LINK, 4, 2, sb_str(&text), l->other);
	sb_free(&text);
}

/* `… 9,950 more members links (+ or Enter: the next 50)`, its lines naming the
 * group they continue. */
static void add_more_line(struct detail *d, size_t group)
{
	const struct detail_group *g = &d->groups[group];
	struct strbuf text = STRBUF_INIT;
	char count[32];
	size_t first = d->count;

	format_count(count, sizeof(count), (size_t)g->left);
	sb_printf(&text, "… %s more %s link%s (+ or Enter: the next %lld)", count, g->label,
	          g->left == 1 ? "" : "s",
	          (long long)(g->left < DETAIL_PAGE ? g->left : DETAIL_PAGE));
	add_wrapped_lines(d, DETAIL_MORE, 4, 2, sb_str(&text), 0);
	for (size_t i = first; i < d->count; i++)
		d->lines[i].group = group;
	sb_free(&text);
}

/* Lists at most `limit` more links of a group, after those it lists. */
static int add_group_page(struct detail *d, struct store *st, size_t group, size_t limit,
                          size_t *added)
{
	struct detail_group *g = &d->groups[group];
	struct link_list links = { 0 };

	*added = 0;
	if (store_links_page(st, d->eid, g->direction, g->rel, g->after, limit, &links) != STORE_OK) {
		link_list_clear(&links);
		return STORE_ERROR;
	}
	for (size_t i = 0; i < links.count; i++)
		add_link_line(d, &links.items[i]);
	if (links.count) {
		g->after = links.items[links.count - 1].lid;
		g->shown += links.count;
	}
	*added = links.count;
	link_list_clear(&links);
	return STORE_OK;
}

/* What a previous build of the same entity listed of each group. */
struct kept_groups {
	const struct detail_group *items;
	size_t count;
};

static size_t kept_shown(const struct kept_groups *kept, enum link_direction dir, const char *rel)
{
	for (size_t i = 0; i < kept->count; i++)
		if (kept->items[i].direction == dir && strcmp(kept->items[i].rel, rel) == 0)
			return kept->items[i].shown;
	return 0;
}

/* The links in groups, each group's first page only: a page of an index
 * range, and a count of the rest only where the group is cut. */
static int add_links(struct detail *d, struct store *st, int64_t eid, enum link_direction dir,
                     const struct kept_groups *kept)
{
	struct link_group_list groups = { 0 };
	int rc = STORE_OK;

	if (store_link_groups(st, eid, dir, &groups) != STORE_OK) {
		link_group_list_clear(&groups);
		return STORE_ERROR;
	}
	if (groups.count)
		add_line(d, DETAIL_HEADING, 0, NULL, dir == LINKS_OUT ? "Links" : "Backlinks", 0);
	for (size_t i = 0; i < groups.count && rc == STORE_OK; i++) {
		size_t index = d->group_count, limit = kept_shown(kept, dir, groups.items[i].rel), added;
		struct detail_group *g;

		if (limit < DETAIL_PAGE)
			limit = DETAIL_PAGE;
		GROW(d->groups, d->group_cap, d->group_count + 1);
		g = &d->groups[d->group_count++];
		memset(g, 0, sizeof(*g));
		g->direction = dir;
		g->rel = xstrdup(groups.items[i].rel);
		g->label = xstrdup(groups.items[i].label);
		add_line(d, DETAIL_GROUP, 2, NULL, g->label, 0);
		rc = add_group_page(d, st, index, limit, &added);
		if (rc == STORE_OK && added == limit)
			rc = store_links_count_after(st, eid, dir, d->groups[index].rel,
			                             d->groups[index].after, &d->groups[index].left);
		if (rc == STORE_OK && d->groups[index].left > 0)
			add_more_line(d, index);
	}
	link_group_list_clear(&groups);
	return rc;
}

static int add_header(struct detail *d, struct store *st, const struct entity *e)
{
	struct string_list aka = { 0 };
	struct strbuf sb = STRBUF_INIT;

	add_line(d, DETAIL_TITLE, 0, NULL, e->name, 0);
	sb_printf(&sb, "%s%s%s · %s", e->kind, e->type ? " · " : "", e->type ? e->type : "", e->id);
	add_line(d, DETAIL_SUBTITLE, 0, NULL, sb_str(&sb), 0);
	sb_free(&sb);
	if (store_aka(st, e->eid, &aka) != STORE_OK) {
		string_list_clear(&aka);
		return STORE_ERROR;
	}
	for (size_t i = 0; i < aka.count; i++)
		sb_printf(&sb, "%s%s", i ? ", " : "", aka.items[i]);
	if (aka.count)
		add_line(d, DETAIL_KEY_VALUE, 0, "also known as", sb_str(&sb), 0);
	if (e->n_children || e->n_linked) {
		sb_reset(&sb);
		sb_printf(&sb, "%lld own, %lld through links", (long long)e->n_children,
		          (long long)e->n_linked);
		add_line(d, DETAIL_KEY_VALUE, 0, "children", sb_str(&sb), 0);
	}
	sb_free(&sb);
	string_list_clear(&aka);
	return STORE_OK;
}

static int add_sources(struct detail *d, struct store *st, const struct entity *e)
{
	struct source_list sources = { 0 };
	struct strbuf sb = STRBUF_INIT;

	if (store_sources(st, e->eid, &sources) != STORE_OK) {
		source_list_clear(&sources);
		return STORE_ERROR;
	}
	add_line(d, DETAIL_HEADING, 0, NULL, sources.inherited ? "Sources (file default)" : "Sources", 0);
	for (size_t i = 0; i < sources.count; i++) {
		sb_reset(&sb);
		sb_printf(&sb, "%s (%s)", sources.items[i].name, sources.items[i].id);
		add_line(d, DETAIL_LINK, 2, NULL, sb_str(&sb), sources.items[i].eid);
	}
	if (!sources.count)
		add_line(d, DETAIL_NOTE, 2, NULL, "none given", 0);
	sb_reset(&sb);
	sb_printf(&sb, "defined at %s:%u:%u", e->file, e->line, e->col);
	add_line(d, DETAIL_NOTE, 0, NULL, sb_str(&sb), 0);
	sb_free(&sb);
	source_list_clear(&sources);
	return STORE_OK;
}

static void add_draft(struct detail *d, const char *draft_when)
{
	char *line = xasprintf("unsaved draft kept when icsview was interrupted (%s): e offers it back",
	                       draft_when);

	add_wrapped_lines(d, DETAIL_NOTE, 2, 0, line, 0);
	free(line);
}

static void add_review(struct detail *d, const struct note *note, const char *draft_when)
{
	bool empty = !note->text[0] && note->flag == NOTE_FLAG_NONE && !note->reviewed;
	struct strbuf sb = STRBUF_INIT;

	add_line(d, DETAIL_HEADING, 0, NULL, "Review", 0);
	if (draft_when)
		add_draft(d, draft_when);
	if (empty && !note->who) {
		add_line(d, DETAIL_NOTE, 2, NULL, "no note: e writes one, ! flags, r marks reviewed", 0);
		return;
	}
	add_line(d, DETAIL_KEY_VALUE, 2, "flag", note_flag_name(note->flag), 0);
	add_line(d, DETAIL_KEY_VALUE, 2, "reviewed", note->reviewed ? "yes" : "no", 0);
	/* the reviewer's own line breaks are kept: a blank line stays blank */
	for (const char *p = note->text; *p;) {
		size_t n = strcspn(p, "\n");
		char *line = xstrndup(p, n);

		if (n == 0)
			add_line(d, DETAIL_TEXT, 2, NULL, "", 0);
		else
			add_wrapped_lines(d, DETAIL_TEXT, 2, 0, line, 0);
		free(line);
		p += n + (p[n] == '\n');
	}
	if (note->who) {
		sb_printf(&sb, "last change: %s, %s", note->who, note->when ? note->when : "?");
		add_line(d, DETAIL_NOTE, 2, NULL, sb_str(&sb), 0);
	}
	sb_free(&sb);
}

int detail_build(struct detail *d, struct store *st, int64_t eid, size_t width)
{
	return detail_build_reviewed(d, st, eid, width, NULL, NULL);
}

static void free_groups(struct detail_group *groups, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		free(groups[i].rel);
		free(groups[i].label);
	}
	free(groups);
}

int detail_build_reviewed(struct detail *d, struct store *st, int64_t eid, size_t width,
                          const struct note *note, const char *draft_when)
{
	struct kept_groups kept = { NULL, 0 };
	struct detail_group *old = NULL;
	struct entity e;
	int rc;

	if (eid != 0 && d->eid == eid) {
		/* the same entity again: list as much of each group as before */
		old = d->groups;
		kept.items = old;
		kept.count = d->group_count;
		d->groups = NULL;
		d->group_count = d->group_cap = 0;
	}
	detail_clear(d);
	d->eid = eid;
	d->width = width;
	if (eid == 0)
		return STORE_OK;
	rc = store_entity(st, eid, &e);
	if (rc != STORE_OK) {
		free_groups(old, kept.count);
		return rc;
	}
	rc = add_header(d, st, &e);
	if (rc == STORE_OK && note)
		add_review(d, note, draft_when);
	if (rc == STORE_OK && e.text) {
		add_line(d, DETAIL_HEADING, 0, NULL, "Text", 0);
		add_wrapped(d, DETAIL_TEXT, 2, e.text);
	}
	if (rc == STORE_OK)
		rc = add_facts(d, st, eid);
	if (rc == STORE_OK)
		rc = add_links(d, st, eid, LINKS_OUT, &kept);
	if (rc == STORE_OK)
		rc = add_links(d, st, eid, LINKS_IN, &kept);
	if (rc == STORE_OK)
		rc = add_sources(d, st, &e);
	entity_clear(&e);
	free_groups(old, kept.count);
	return rc;
}

static void free_lines(struct detail_line *lines, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++) {
		free(lines[i].key);
		free(lines[i].text);
	}
}

void detail_clear(struct detail *d)
{
	free_lines(d->lines, 0, d->count);
	free(d->lines);
	free_groups(d->groups, d->group_count);
	memset(d, 0, sizeof(*d));
}

int detail_load_more(struct detail *d, struct store *st, size_t index, size_t *first)
{
	size_t end, old_count = d->count, added, fresh, removed;
	struct detail_group *g, saved;
	struct detail_line *block;

	index = detail_link_head(d, index);
	if (index >= d->count || d->lines[index].style != DETAIL_MORE)
		return STORE_NOT_FOUND;
	for (end = index + 1; end < d->count && d->lines[end].continuation; end++)
		;
	g = &d->groups[d->lines[index].group];
	saved = *g;
	/* the new lines are added at the end, then moved into the more
	 * line's place */
	if (add_group_page(d, st, d->lines[index].group, DETAIL_PAGE, &added) != STORE_OK) {
		free_lines(d->lines, old_count, d->count);
		d->count = old_count;
		*g = saved;
		return STORE_ERROR;
	}
	g = &d->groups[d->lines[index].group];
	g->left = added < DETAIL_PAGE || (size_t)g->left <= added ? 0 : g->left - (int64_t)added;
	if (g->left > 0)
		add_more_line(d, d->lines[index].group);
	fresh = d->count - old_count;
	removed = end - index;
	block = fresh ? xreallocarray(NULL, fresh, sizeof(*block)) : NULL;
	if (fresh)
		memcpy(block, d->lines + old_count, fresh * sizeof(*block));
	free_lines(d->lines, index, end);
	memmove(d->lines + index + fresh, d->lines + end, (old_count - end) * sizeof(*block));
	if (fresh)
		memcpy(d->lines + index, block, fresh * sizeof(*block));
	free(block);
	d->count = old_count - removed + fresh;
	*first = index;
	return STORE_OK;
}

size_t detail_next_link(const struct detail *d, size_t from, int dir)
{
	size_t i = from;

	for (;;) {
		if (dir > 0) {
			if (i == (size_t)-1)
				i = 0;
			else if (++i >= d->count)
				return (size_t)-1;
		} else {
			if (i == 0 || i == (size_t)-1)
				return (size_t)-1;
			i--;
		}
		if (i < d->count && (d->lines[i].style == DETAIL_LINK || d->lines[i].style == DETAIL_MORE) &&
		    !d->lines[i].continuation)
			return i;
	}
}

size_t detail_link_head(const struct detail *d, size_t index)
{
	while (index > 0 && index < d->count && d->lines[index].continuation)
		index--;
	return index;
}
