/* The outputs of a diff (diff.h): text, Markdown and JSON.  Text and
 * Markdown share their shape: the counts, then a block per kind of change
 * with a line per entity (id, name, path) and, under it, what it was and
 * is.  Everything from a model goes through the escaping of output.h
 * (text) or md_escape (Markdown). */
#include "icsview/query/diff.h"

#include <stdlib.h>
#include <string.h>
#include "export_private.h"
#include "icsview/base/json_writer.h"
#include "icsview/base/util.h"

/* Text and Markdown are made in buf and written a block of lines at a
 * time: a second diff prints about 15,000 lines of a dozen pieces each,
 * and writing each piece through the stream cost more than making it. */
struct writer {
	struct out *o;
	const struct diff_write_options *opts;
	bool md;
	struct strbuf buf;      /* lines made, not yet written */
	struct strbuf scratch;
};

/* The lines made are written once they are this long, and at the end. */
#define FLUSH_BYTES ((size_t)64 * 1024)

static void flush(struct writer *w)
{
	out_write(w->o, w->buf.buf, w->buf.len);
	sb_reset(&w->buf);
}

static void add(struct writer *w, const char *s)
{
	sb_puts(&w->buf, s);
}

static void add_char(struct writer *w, char c)
{
	sb_putc(&w->buf, c);
}

/* Writes one piece of model text in the output's escaping. */
static void put(struct writer *w, const char *s)
{
	if (!w->md)
		sb_text(&w->buf, s ? s : "", s ? strlen(s) : 0);
	else
		md_escape(&w->buf, s ? s : "", false);
}

/* put of the n bytes at s (a name within a path): text escapes them in
 * place, Markdown's escaping needs them alone. */
static void put_n(struct writer *w, const char *s, size_t n)
{
	char *alone;

	if (!w->md) {
		sb_text(&w->buf, s, n);
		return;
	}
	alone = xstrndup(s, n);
	put(w, alone);
	free(alone);
}

/* A path with the output's separator between its names. */
static void put_path(struct writer *w, const char *path)
{
	const char *p = path;

	if (!*p) {
		add(w, "(the top)");
		return;
	}
	while (*p) {
		size_t n = strcspn(p, DIFF_PATH_SEPARATOR);

		put_n(w, p, n);
		p += n;
		if (*p) {
			add(w, w->opts->path_separator);
			p++;
		}
	}
}

static void put_list(struct writer *w, const struct string_list *l)
{
	if (l->count == 0) {
		add(w, "(none)");
		return;
	}
	for (size_t i = 0; i < l->count; i++) {
		if (i)
			add(w, ", ");
		put(w, l->items[i]);
	}
}

/* The entity: `id  name  (path)`; Markdown: `` `id` name — path ``. */
static void put_entity(struct writer *w, const struct diff_side *s)
{
	if (w->md) {
		sb_reset(&w->scratch);
		sb_text_line(&w->scratch, s->id);
		add(w, "`");
		/* an id in a code span: only a backtick would end it */
		for (const char *p = sb_str(&w->scratch); *p; p++)
			if (*p != '`')
				add_char(w, *p);
		add(w, "` ");
		put(w, s->name);
		sb_printf(&w->buf, " %s ", w->opts->dash);
		put_path(w, s->path);
		return;
	}
	put(w, s->id);
	add(w, "  ");
	put(w, s->name);
	add(w, "  ");
	if (!*s->path) {
		add(w, "(the top)");
		return;
	}
	add_char(w, '(');
	put_path(w, s->path);
	add_char(w, ')');
}

/* The start of a detail line under an entity. */
static void detail(struct writer *w, const char *label)
{
	add(w, w->md ? "  - " : "      ");
	if (label) {
		add(w, label);
		add(w, ": ");
	}
}

/* " → " between what was and what is. */
static void put_arrow(struct writer *w)
{
	add_char(w, ' ');
	add(w, w->opts->arrow);
	add_char(w, ' ');
}

static void before_after(struct writer *w, const char *label, const char *before,
                         const char *after)
{
	detail(w, label);
	put(w, before ? before : "(none)");
	put_arrow(w);
	put(w, after ? after : "(none)");
	add_char(w, '\n');
}

static void put_link(struct writer *w, char sign, const struct diff_link *l)
{
	detail(w, NULL);
	/* a sign would start a list of its own in Markdown */
	if (w->md)
		add(w, sign == '+' ? "added " : "removed ");
	else {
		add_char(w, sign);
		add_char(w, ' ');
	}
	put(w, l->rel);
	add_char(w, ' ');
	put(w, l->target_id);
	add(w, " (");
	put(w, l->target_name);
	add_char(w, ')');
	for (size_t i = 0; i < l->fact_keys.count; i++) {
		add(w, i ? ", " : " [");
		put(w, l->fact_keys.items[i]);
		add_char(w, '=');
		put(w, l->fact_values.items[i]);
	}
	if (l->fact_keys.count)
		add_char(w, ']');
	add_char(w, '\n');
}

static void put_details(struct writer *w, const struct diff_change *c)
{
	switch (c->kind) {
	case DIFF_RENAMED:
		before_after(w, "name", c->before.name, c->after.name);
		break;
	case DIFF_MOVED:
		detail(w, "from");
		put_path(w, c->before.path);
		add_char(w, '\n');
		break;
	case DIFF_KIND:
		before_after(w, "kind", c->before.kind, c->after.kind);
		break;
	case DIFF_TYPE:
		before_after(w, "type", c->before.type, c->after.type);
		break;
	case DIFF_FACTS:
		for (size_t i = 0; i < c->fact_count; i++) {
			detail(w, NULL);
			put(w, c->facts[i].key);
			add(w, ": ");
			put_list(w, &c->facts[i].before);
			put_arrow(w);
			put_list(w, &c->facts[i].after);
			add_char(w, '\n');
		}
		break;
	case DIFF_LINKS:
		for (size_t i = 0; i < c->links_removed.count; i++)
			put_link(w, '-', &c->links_removed.items[i]);
		for (size_t i = 0; i < c->links_added.count; i++)
			put_link(w, '+', &c->links_added.items[i]);
		break;
	case DIFF_SOURCES:
		detail(w, "sources");
		put_list(w, &c->sources_before);
		put_arrow(w);
		put_list(w, &c->sources_after);
		add_char(w, '\n');
		break;
	default:
		break;
	}
}

static void put_change(struct writer *w, const struct diff_change *c)
{
	add(w, w->md ? "- " : "  ");
	if (c->kind == DIFF_REPLACED) {
		put_entity(w, &c->before);
		add(w, w->md ? "  \n  replaced by " : "\n      replaced by ");
		put_entity(w, &c->after);
	} else {
		put_entity(w, c->after.eid ? &c->after : &c->before);
	}
	add_char(w, '\n');
	put_details(w, c);
}

static size_t total(const struct diff_result *r)
{
	size_t n = 0;

	for (int k = 0; k < DIFF_KIND_COUNT; k++)
		n += r->counts[k];
	return n;
}

static void put_counts(struct writer *w, const struct diff_result *r)
{
	if (w->md) {
		add(w, "# Changes\n\n| change | count |\n|---|---:|\n");
		for (int k = 0; k < DIFF_KIND_COUNT; k++)
			sb_printf(&w->buf, "| %s | %zu |\n", diff_kind_name((enum diff_kind)k), r->counts[k]);
		sb_printf(&w->buf, "| total | %zu |\n", total(r));
		return;
	}
	for (int k = 0; k < DIFF_KIND_COUNT; k++)
		sb_printf(&w->buf, "%-9s %zu\n", diff_kind_name((enum diff_kind)k), r->counts[k]);
	sb_printf(&w->buf, "%-9s %zu\n", "total", total(r));
}

static void write_lines(struct writer *w, const struct diff_result *r)
{
	put_counts(w, r);
	for (size_t i = 0; i < r->count && !out_failed(w->o); i++) {
		const struct diff_change *c = &r->items[i];

		if (i == 0 || r->items[i - 1].kind != c->kind) {
			sb_printf(&w->buf, w->md ? "\n## %s (%zu)\n\n" : "\n%s (%zu)\n",
			           diff_kind_name(c->kind), r->counts[c->kind]);
		}
		put_change(w, c);
		if (w->buf.len >= FLUSH_BYTES)
			flush(w);
	}
	flush(w);
}

/* ---- JSON ---------------------------------------------------------------- */

static void json_path(struct json_writer *j, const char *path)
{
	const char *p = path;

	json_begin_array(j);
	while (*p) {
		size_t n = strcspn(p, DIFF_PATH_SEPARATOR);

		json_string_n(j, p, n);
		p += n;
		if (*p)
			p++;
	}
	json_end_array(j);
}

static void json_key_string_or_null(struct json_writer *j, const char *key, const char *s)
{
	json_key(j, key);
	if (s)
		json_string(j, s);
	else
		json_null(j);
}

static void json_entity_fields(struct json_writer *j, const struct diff_side *s)
{
	json_key_string(j, "id", s->id);
	json_key_string(j, "name", s->name);
	json_key_string(j, "kind", s->kind);
	json_key_string_or_null(j, "type", s->type);
	json_key(j, "path");
	json_path(j, s->path);
}

static void json_entity(struct json_writer *j, const char *key, const struct diff_side *s)
{
	json_key(j, key);
	json_begin_object(j);
	json_entity_fields(j, s);
	json_end_object(j);
}

static void json_strings(struct json_writer *j, const char *key, const struct string_list *l)
{
	json_key(j, key);
	json_begin_array(j);
	for (size_t i = 0; i < l->count; i++)
		json_string(j, l->items[i]);
	json_end_array(j);
}

static void json_links(struct json_writer *j, const char *key, const struct diff_link_list *l)
{
	json_key(j, key);
	json_begin_array(j);
	for (size_t i = 0; i < l->count; i++) {
		const struct diff_link *link = &l->items[i];

		json_begin_object(j);
		json_key_string(j, "rel", link->rel);
		json_key_string(j, "target", link->target_id);
		json_key_string(j, "target_name", link->target_name);
		json_key(j, "facts");
		json_begin_array(j);
		for (size_t f = 0; f < link->fact_keys.count; f++) {
			json_begin_object(j);
			json_key_string(j, "key", link->fact_keys.items[f]);
			json_key_string(j, "value", link->fact_values.items[f]);
			json_end_object(j);
		}
		json_end_array(j);
		json_end_object(j);
	}
	json_end_array(j);
}

static void json_details(struct json_writer *j, const struct diff_change *c)
{
	switch (c->kind) {
	case DIFF_RENAMED:
		json_key_string(j, "before", c->before.name);
		json_key_string(j, "after", c->after.name);
		break;
	case DIFF_MOVED:
		json_key(j, "before");
		json_path(j, c->before.path);
		json_key(j, "after");
		json_path(j, c->after.path);
		break;
	case DIFF_KIND:
		json_key_string(j, "before", c->before.kind);
		json_key_string(j, "after", c->after.kind);
		break;
	case DIFF_TYPE:
		json_key_string_or_null(j, "before", c->before.type);
		json_key_string_or_null(j, "after", c->after.type);
		break;
	case DIFF_FACTS:
		json_key(j, "facts");
		json_begin_array(j);
		for (size_t i = 0; i < c->fact_count; i++) {
			json_begin_object(j);
			json_key_string(j, "key", c->facts[i].key);
			json_strings(j, "before", &c->facts[i].before);
			json_strings(j, "after", &c->facts[i].after);
			json_end_object(j);
		}
		json_end_array(j);
		break;
	case DIFF_LINKS:
		json_links(j, "removed", &c->links_removed);
		json_links(j, "added", &c->links_added);
		break;
	case DIFF_SOURCES:
		json_strings(j, "before", &c->sources_before);
		json_strings(j, "after", &c->sources_after);
		break;
	default:
		break;
	}
}

static void json_change(struct json_writer *j, const struct diff_change *c)
{
	json_begin_object(j);
	if (c->kind == DIFF_REPLACED) {
		json_entity(j, "old", &c->before);
		json_entity(j, "new", &c->after);
	} else {
		json_entity_fields(j, c->after.eid ? &c->after : &c->before);
		json_details(j, c);
	}
	json_end_object(j);
}

static void write_json(struct out *o, const struct diff_result *r)
{
	struct json_writer j;
	size_t i = 0;

	json_init(&j, o, 2);
	json_begin_object(&j);
	json_key_int(&j, "diff_version", DIFF_JSON_VERSION);
	json_key(&j, "counts");
	json_begin_object(&j);
	for (int k = 0; k < DIFF_KIND_COUNT; k++)
		json_key_int(&j, diff_kind_name((enum diff_kind)k), (int64_t)r->counts[k]);
	json_key_int(&j, "total", (int64_t)total(r));
	json_end_object(&j);
	json_key(&j, "changes");
	json_begin_object(&j);
	for (int k = 0; k < DIFF_KIND_COUNT; k++) {
		json_key(&j, diff_kind_name((enum diff_kind)k));
		json_begin_array(&j);
		for (; i < r->count && r->items[i].kind == (enum diff_kind)k; i++)
			json_change(&j, &r->items[i]);
		json_end_array(&j);
	}
	json_end_object(&j);
	json_end_object(&j);
	json_finish(&j);
	json_free(&j);
}

bool diff_write(struct out *o, const struct diff_result *r, const struct diff_write_options *opts)
{
	struct writer w = { .o = o, .opts = opts, .md = opts->format == DIFF_MARKDOWN,
	                    .buf = STRBUF_INIT, .scratch = STRBUF_INIT };

	if (opts->format == DIFF_JSON)
		write_json(o, r);
	else
		write_lines(&w, r);
	sb_free(&w.buf);
	sb_free(&w.scratch);
	return !out_failed(o);
}
