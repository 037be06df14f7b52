#include "icsview/views/detail.h"

#include <stdlib.h>
#include <string.h>
#include "icsview/query/counts.h"
#include "icsview/views/entity_text.h"
#include "icsview/store/notes.h"
#include "icsview/query/review_history.h"
#include "icsview/base/output.h"
#include "icsview/base/model.h"
#include "icsview/base/util.h"
#include "detail_lines.h"

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
	line->column = 0;
	line->continuation = false;
	line->group = 0;
	line->key = NULL;
	line->fold = NULL;
	line->folded = false;
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

/* A paragraph being wrapped into lines. */
struct wrap {
	struct detail *d;
	enum detail_style style;
	unsigned indent, hang;
	int64_t target;
	bool first;             /* the next line is the text's first */
	struct strbuf line;
	size_t used;            /* columns in `line` */
};

static unsigned wrap_at(const struct wrap *w)
{
	return w->first ? w->indent : w->indent + w->hang;
}

/* The columns a line starting at `at` has: never past the pane's edge. */
static size_t wrap_room(const struct wrap *w)
{
	unsigned at = wrap_at(w);

	return w->d->width > at ? w->d->width - at : 1;
}

static void wrap_flush(struct wrap *w)
{
	add_line(w->d, w->style, wrap_at(w), NULL, sb_str(&w->line), w->target);
	w->d->lines[w->d->count - 1].continuation = !w->first;
	w->first = false;
	sb_reset(&w->line);
	w->used = 0;
}

/* Adds one word, on a line of its own when it does not fit the line's
 * rest, broken where it is wider than a whole line. */
static void wrap_word(struct wrap *w, const char *word, size_t n)
{
	size_t width = text_width(word, n);

	if (w->used && w->used + 1 + width > wrap_room(w))
		wrap_flush(w);
	while (w->used == 0 && width > wrap_room(w)) {
		size_t part = text_fitting(word, n, wrap_room(w));

		sb_add(&w->line, word, part);
		wrap_flush(w);
		word += part;
		n -= part;
		width = text_width(word, n);
	}
	if (w->used) {
		sb_putc(&w->line, ' ');
		w->used++;
	}
	sb_add(&w->line, word, n);
	w->used += width;
}

/* Adds `text` wrapped at word boundaries to the pane's width, its later
 * lines indented by `hang` more; a link's lines all name its target.  A
 * word wider than the pane is broken: nothing is left for the drawing to
 * cut.  Empty text is one empty line. */
static void add_wrapped_lines(struct detail *d, enum detail_style style, unsigned indent,
                              unsigned hang, const char *text, int64_t target)
{
	struct wrap w = { d, style, indent, hang, target, true, STRBUF_INIT, 0 };
	const char *p = text;

	if (!*p)
		add_line(d, style, indent, NULL, "", target);
	while (*p) {
		size_t para = strcspn(p, "\n"), i = 0;

		while (i < para) {
			size_t start = i;

			while (i < para && p[i] != ' ')
				i++;
			if (i > start)
				wrap_word(&w, p + start, i - start);
			while (i < para && p[i] == ' ')
				i++;
		}
		wrap_flush(&w);
		w.first = target == 0;
		p += para;
		if (*p == '\n')
			p++;
	}
	sb_free(&w.line);
}

/* The column a key takes at this width. */
static unsigned key_column(const struct detail *d)
{
	size_t third = d->width / 3;

	return third < DETAIL_KEY_COLUMN ? (unsigned)third : DETAIL_KEY_COLUMN;
}

/* The indent of a value under a key too wide for its column. */
#define VALUE_HANG 4

/* A key and its value: the value in the key's column, wrapped there;
 * or, when the key does not fit its column, the key on a line of its own
 * and the value under it, indented. */
static void add_key_value(struct detail *d, unsigned indent, const char *key, const char *value)
{
	unsigned column = key_column(d);
	size_t first = d->count;
	struct strbuf sb = STRBUF_INIT;

	if (column > 0 && text_width(key, strlen(key)) + 1 <= column &&
	    indent + column < d->width) {
		add_wrapped_lines(d, DETAIL_KEY_VALUE, indent + column, 0, value, 0);
		sb_text_line(&sb, key);
		d->lines[first].key = sb_detach(&sb);
		d->lines[first].indent = indent;
		d->lines[first].column = column;
		return;
	}
	add_wrapped_lines(d, DETAIL_KEY, indent, 0, key, 0);
	add_wrapped_lines(d, DETAIL_KEY_VALUE, indent + VALUE_HANG, 0, value, 0);
}

static bool is_folded(const struct detail *d, const char *fold)
{
	for (size_t i = 0; i < d->folded_count; i++)
		if (strcmp(d->folded[i], fold) == 0)
			return true;
	return false;
}

/* A heading or a group's header, its text after the place of its fold
 * marker; returns whether it is folded (its lines are then left out). */
static bool add_header_line(struct detail *d, enum detail_style style, unsigned indent,
                            const char *text, const char *fold)
{
	size_t first = d->count;

	add_wrapped_lines(d, style, indent + DETAIL_MARKER_WIDTH, 0, text, 0);
	d->lines[first].fold = xstrdup(fold);
	d->lines[first].folded = is_folded(d, fold);
	return d->lines[first].folded;
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

static void add_facts(struct detail *d, const struct fact_list *facts)
{
	if (!facts->count || add_header_line(d, DETAIL_HEADING, 0, "Facts", "Facts"))
		return;
	for (size_t i = 0; i < facts->count; i++) {
		const struct fact *f = &facts->items[i];
		struct strbuf value = STRBUF_INIT;

		sb_puts(&value, f->value);
		if (f->note)
			sb_printf(&value, " (%s)", f->note);
		add_sources_suffix(&value, &f->sources);
		add_key_value(d, 2, f->key, sb_str(&value));
		sb_free(&value);
		if (f->reason) {
			/* dim, below the value: how it is known, not what it says */
			char *mark = xasprintf("(inferred: %s)", f->reason);
			add_wrapped_lines(d, DETAIL_NOTE, 4, 2, mark, 0);
			free(mark);
		}
	}
}

static void add_link_line(struct detail *d, const struct link_item *l)
{
	struct strbuf text = STRBUF_INIT;

	size_t shown = 0;
	char *mark = link_item_basis_mark(l);

	sb_printf(&text, "[%s] %s (%s)", l->other_badge, l->other_name, l->other_id);
	for (size_t j = 0; j < l->fact_count; j++) {
		if (claim_basis_key(l->facts[j].key))
			continue;
		sb_printf(&text, "%s%s: %s", shown++ ? ", " : "  ", l->facts[j].key,
		          l->facts[j].value);
	}
	add_sources_suffix(&text, &l->sources);
	add_wrapped_lines(d, DETAIL_LINK, 4, 2, sb_str(&text), l->other);
	sb_free(&text);
	/* dim, on a line of its own: how the link is known, not what it says */
	if (mark)
		add_wrapped_lines(d, DETAIL_NOTE, 6, 2, mark, 0);
	free(mark);
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

/* Adds a page of a group's links, after those it lists. */
static void list_page(struct detail *d, size_t group, const struct link_list *links)
{
	struct detail_group *g = &d->groups[group];

	for (size_t i = 0; i < links->count; i++)
		add_link_line(d, &links->items[i]);
	if (links->count) {
		g->after = links->items[links->count - 1].lid;
		g->shown += links->count;
	}
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
	list_page(d, group, &links);
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

static char *group_fold_key(const struct detail_group *g)
{
	return xasprintf("%s:%s", g->direction == LINKS_OUT ? "out" : "in", g->rel);
}

/* One group: its header with the count of all its links, `member_of (4)`;
 * then, unless it is folded, as many links as were listed before
 * (`limit`), a page at least, and a more line when some are left. */
static int add_group(struct detail *d, struct store *st, size_t index, size_t limit)
{
	struct detail_group *g = &d->groups[index];
	struct link_list links = { 0 };
	char *fold = group_fold_key(g), *text, count[32];
	int64_t total = 0;
	int rc = STORE_OK;
	bool folded = is_folded(d, fold);

	if (limit < DETAIL_PAGE)
		limit = DETAIL_PAGE;
	if (folded) {
		g->shown = limit;       /* what to list again when it unfolds */
		rc = store_links_count_after(st, d->eid, g->direction, g->rel, 0, &total);
	} else {
		rc = store_links_page(st, d->eid, g->direction, g->rel, 0, limit, &links);
		if (rc == STORE_OK && links.count == limit)
			rc = store_links_count_after(st, d->eid, g->direction, g->rel,
			                             links.items[links.count - 1].lid, &g->left);
		total = (int64_t)links.count + g->left;
	}
	if (rc == STORE_OK) {
		format_count(count, sizeof(count), (size_t)total);
		text = xasprintf("%s (%s)", g->label, count);
		add_header_line(d, DETAIL_GROUP, 2, text, fold);
		free(text);
		if (!folded)
			list_page(d, index, &links);
		if (!folded && d->groups[index].left > 0)
			add_more_line(d, index);
	}
	link_list_clear(&links);
	free(fold);
	return rc == STORE_OK ? STORE_OK : STORE_ERROR;
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
	if (groups.count &&
	    add_header_line(d, DETAIL_HEADING, 0, dir == LINKS_OUT ? "Links" : "Backlinks",
	                    dir == LINKS_OUT ? "Links" : "Backlinks")) {
		link_group_list_clear(&groups);
		return STORE_OK;
	}
	for (size_t i = 0; i < groups.count && rc == STORE_OK; i++) {
		size_t index = d->group_count, limit = kept_shown(kept, dir, groups.items[i].rel);
		struct detail_group *g;

		GROW(d->groups, d->group_cap, d->group_count + 1);
		g = &d->groups[d->group_count++];
		memset(g, 0, sizeof(*g));
		g->direction = dir;
		g->rel = xstrdup(groups.items[i].rel);
		g->label = xstrdup(groups.items[i].label);
		rc = add_group(d, st, index, limit);
	}
	link_group_list_clear(&groups);
	return rc;
}

/* The date an organisation closed: its `closed` fact, else its
 * `legally_closed`; NULL when it has neither. */
static const char *closed_on(const struct fact_list *facts)
{
	static const char *const keys[] = { "closed", "legally_closed" };

	for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
		for (size_t i = 0; i < facts->count; i++)
			if (strcmp(facts->items[i].key, keys[k]) == 0 && facts->items[i].value[0])
				return facts->items[i].value;
	return NULL;
}

/* The date it opens: its first `opened` fact; NULL when it has none. */
static const char *opens_on(const struct fact_list *facts)
{
	for (size_t i = 0; i < facts->count; i++)
		if (strcmp(facts->items[i].key, "opened") == 0 && facts->items[i].value[0])
			return facts->items[i].value;
	return NULL;
}

/* Types named in the counts line at most: a region holds dozens, and a
 * line that fills the pane buries the facts under it. */
#define DETAIL_COUNTS_SHOWN 6

/* Under the subtitle: what is under the entity in the tree, by type. */
static int add_type_counts(struct detail *d, struct store *st, int64_t eid)
{
	struct type_count_list counts = { 0 };
	char *line;

	if (counts_by_type(st, eid, &counts) != STORE_OK) {
		type_count_list_clear(&counts);
		return STORE_ERROR;
	}
	line = counts_line(&counts, DETAIL_COUNTS_SHOWN);
	if (line)
		add_wrapped_lines(d, DETAIL_SUBTITLE, 0, 2, line, 0);
	free(line);
	type_count_list_clear(&counts);
	return STORE_OK;
}

/* Where the entity sits: its ancestors' names, root first (`show` prints
 * the same path above its header).  Not a link: Tab then Enter keeps
 * going to the first of the entity's own links, and h goes up. */
static int add_path(struct detail *d, struct store *st, const struct entity *e)
{
	struct entity *path;
	size_t count;
	struct strbuf sb = STRBUF_INIT;
	int rc = entity_path_read(st, e->eid, &path, &count);

	if (rc == STORE_OK && count) {
		sb_puts(&sb, "in ");
		for (size_t i = 0; i < count; i++)
			sb_printf(&sb, "%s%s", i ? " › " : "", path[i].name);
		add_wrapped_lines(d, DETAIL_SUBTITLE, 0, 2, sb_str(&sb), 0);
	}
	sb_free(&sb);
	entity_path_clear(path, count);
	return rc == STORE_OK ? STORE_OK : STORE_ERROR;
}

/* After the subtitle's kind, type and id: where the entity stands, in
 * the state its tree row has, with the date the facts give. */
static void add_state(struct strbuf *sb, enum entity_state state, const struct fact_list *facts)
{
	const char *closed = closed_on(facts), *opens = opens_on(facts);

	switch (state) {
	case ENTITY_NOT_YET_OPEN:
		sb_puts(sb, " · not yet open");
		if (opens)
			sb_printf(sb, ", opens %s", opens);
		break;
	case ENTITY_CLOSING:
		if (closed)
			sb_printf(sb, " · closes %s", closed);
		break;
	case ENTITY_CLOSED:
		if (closed)
			sb_printf(sb, " · closed %s", closed);
		break;
	case ENTITY_OPEN:
		break;
	}
}

static int add_header(struct detail *d, struct store *st, const struct entity *e,
                      const struct fact_list *facts)
{
	struct string_list aka = { 0 };
	struct strbuf sb = STRBUF_INIT;

	if (store_entity_state(st, e->eid, &d->state) != STORE_OK)
		return STORE_ERROR;
	add_wrapped_lines(d, DETAIL_TITLE, 0, 2, e->name, 0);
	sb_printf(&sb, "%s%s%s · %s", e->kind, e->type ? " · " : "", e->type ? e->type : "", e->id);
	add_state(&sb, d->state, facts);
	add_wrapped_lines(d, DETAIL_SUBTITLE, 0, 2, sb_str(&sb), 0);
	sb_reset(&sb);
	if (add_path(d, st, e) != STORE_OK ||
	    (e->n_children && add_type_counts(d, st, e->eid) != STORE_OK) ||
	    store_aka(st, e->eid, &aka) != STORE_OK) {
		string_list_clear(&aka);
		sb_free(&sb);
		return STORE_ERROR;
	}
	for (size_t i = 0; i < aka.count; i++)
		sb_printf(&sb, "%s%s", i ? ", " : "", aka.items[i]);
	if (aka.count)
		add_key_value(d, 0, "also known as", sb_str(&sb));
	if (e->n_children || e->n_linked) {
		sb_reset(&sb);
		sb_printf(&sb, "%lld own, %lld through links", (long long)e->n_children,
		          (long long)e->n_linked);
		add_key_value(d, 0, "children", sb_str(&sb));
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
	if (add_header_line(d, DETAIL_HEADING, 0,
	                    sources.inherited ? "Sources (file default)" : "Sources", "Sources")) {
		source_list_clear(&sources);
		return STORE_OK;
	}
	for (size_t i = 0; i < sources.count; i++) {
		sb_reset(&sb);
		sb_printf(&sb, "%s (%s)", sources.items[i].name, sources.items[i].id);
		add_wrapped_lines(d, DETAIL_LINK, 2, 2, sb_str(&sb), sources.items[i].eid);
	}
	if (!sources.count)
		add_line(d, DETAIL_NOTE, 2, NULL, "none given", 0);
	sb_reset(&sb);
	sb_printf(&sb, "defined at %s:%u:%u", e->file, e->line, e->col);
	add_wrapped_lines(d, DETAIL_NOTE, 0, 2, sb_str(&sb), 0);
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

	if (add_header_line(d, DETAIL_HEADING, 0, "Review", "Review"))
		return;
	if (draft_when)
		add_draft(d, draft_when);
	if (empty && !note->who) {
		add_wrapped_lines(d, DETAIL_NOTE, 2, 0, "no note (e: write one · !: flag · r: reviewed)", 0);
		return;
	}
	add_key_value(d, 2, "flag", note_flag_name(note->flag));
	add_key_value(d, 2, "reviewed", note->reviewed ? "yes" : "no");
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
		add_wrapped_lines(d, DETAIL_NOTE, 2, 0, sb_str(&sb), 0);
	}
	sb_free(&sb);
}

/* ---- the note's last changes ---------------------------------------------------- */

/* The note's last few changes, newest first, in the Review section. */
static void add_review_changes(struct detail *d, const struct note *conflict,
                               const struct review_history *h)
{
	if (conflict) {
		char *line = detail_conflict_line(conflict);

		add_wrapped_lines(d, DETAIL_NOTE, 2, 0, line, 0);
		free(line);
	}
	if (!h || h->count == 0)
		return;
	add_wrapped_lines(d, DETAIL_NOTE, 2, 0, "recent changes:", 0);
	for (size_t i = 0; i < h->count && i < DETAIL_REVIEW_CHANGES; i++) {
		char *line = detail_change_line(&h->items[i]);

		add_wrapped_lines(d, DETAIL_NOTE, 4, 2, line, 0);
		free(line);
	}
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
	const struct review_history *changes = d->review_changes;
	const struct note *conflict = d->review_conflict;
	struct fact_list facts = { 0 };
	struct entity e;
	char **folded = NULL;
	size_t folded_count = 0, folded_cap = 0;
	int rc;

	if (eid != 0 && d->eid == eid) {
		/* the same entity again: list as much of each group as before,
		 * fold what was folded */
		old = d->groups;
		kept.items = old;
		kept.count = d->group_count;
		d->groups = NULL;
		d->group_count = d->group_cap = 0;
		folded = d->folded;
		folded_count = d->folded_count;
		folded_cap = d->folded_cap;
		d->folded = NULL;
		d->folded_count = d->folded_cap = 0;
	}
	detail_clear(d);
	d->eid = eid;
	d->width = width;
	d->folded = folded;
	d->folded_count = folded_count;
	d->folded_cap = folded_cap;
	d->review_changes = changes;
	d->review_conflict = conflict;
	if (eid == 0)
		return STORE_OK;
	rc = store_entity(st, eid, &e);
	if (rc != STORE_OK) {
		free_groups(old, kept.count);
		return rc;
	}
	rc = store_facts(st, eid, &facts) == STORE_OK ? STORE_OK : STORE_ERROR;
	if (rc == STORE_OK)
		rc = add_header(d, st, &e, &facts);
	if (rc == STORE_OK && note) {
		add_review(d, note, draft_when);
		add_review_changes(d, conflict, changes);
	}
	if (rc == STORE_OK && e.text && !add_header_line(d, DETAIL_HEADING, 0, "Text", "Text"))
		add_wrapped(d, DETAIL_TEXT, 2, e.text);
	if (rc == STORE_OK)
		add_facts(d, &facts);
	if (rc == STORE_OK)
		rc = add_links(d, st, eid, LINKS_OUT, &kept);
	if (rc == STORE_OK)
		rc = add_links(d, st, eid, LINKS_IN, &kept);
	if (rc == STORE_OK)
		rc = detail_add_history(d, st, eid);
	if (rc == STORE_OK)
		rc = add_sources(d, st, &e);
	entity_clear(&e);
	fact_list_clear(&facts);
	free_groups(old, kept.count);
	return rc;
}

bool detail_add_heading(struct detail *d, const char *text, const char *fold)
{
	return add_header_line(d, DETAIL_HEADING, 0, text, fold);
}

void detail_add_lines(struct detail *d, enum detail_style style, unsigned indent,
                      unsigned hang, const char *text, int64_t target)
{
	add_wrapped_lines(d, style, indent, hang, text, target);
}

static void free_lines(struct detail_line *lines, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++) {
		free(lines[i].key);
		free(lines[i].text);
		free(lines[i].fold);
	}
}

void detail_clear(struct detail *d)
{
	free_lines(d->lines, 0, d->count);
	free(d->lines);
	free_groups(d->groups, d->group_count);
	for (size_t i = 0; i < d->folded_count; i++)
		free(d->folded[i]);
	free(d->folded);
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

static bool is_link(const struct detail_line *line)
{
	return line->style == DETAIL_LINK || line->style == DETAIL_MORE;
}

static bool is_header(const struct detail_line *line)
{
	return line->fold != NULL;
}

static bool is_stop(const struct detail_line *line)
{
	return is_link(line) || is_header(line);
}

/* The next (dir > 0) or previous line from `from` that starts a line
 * `wanted` says can be chosen, or (size_t)-1. */
static size_t next_matching(const struct detail *d, size_t from, int dir,
                            bool (*wanted)(const struct detail_line *))
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
		if (i < d->count && wanted(&d->lines[i]) && !d->lines[i].continuation)
			return i;
	}
}

size_t detail_next_link(const struct detail *d, size_t from, int dir)
{
	return next_matching(d, from, dir, is_link);
}

size_t detail_next_stop(const struct detail *d, size_t from, int dir)
{
	return next_matching(d, from, dir, is_stop);
}

size_t detail_next_header(const struct detail *d, size_t from, int dir)
{
	return next_matching(d, from, dir, is_header);
}

bool detail_is_header(const struct detail *d, size_t index)
{
	return index < d->count && is_header(&d->lines[index]);
}

bool detail_is_selectable(const struct detail *d, size_t index)
{
	const struct detail_line *line;

	if (index >= d->count)
		return false;
	line = &d->lines[index];
	return is_link(line) || line->style == DETAIL_HEADING || line->style == DETAIL_GROUP;
}

bool detail_toggle_fold(struct detail *d, size_t index)
{
	const char *fold;

	index = detail_link_head(d, index);
	if (!detail_is_header(d, index))
		return false;
	fold = d->lines[index].fold;
	for (size_t i = 0; i < d->folded_count; i++) {
		if (strcmp(d->folded[i], fold) == 0) {
			free(d->folded[i]);
			d->folded[i] = d->folded[--d->folded_count];
			return true;
		}
	}
	GROW(d->folded, d->folded_cap, d->folded_count + 1);
	d->folded[d->folded_count++] = xstrdup(fold);
	return true;
}

size_t detail_link_head(const struct detail *d, size_t index)
{
	while (index > 0 && index < d->count && d->lines[index].continuation)
		index--;
	return index;
}
