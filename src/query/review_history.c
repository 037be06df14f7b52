/* icsview review history: the changes of the notes file, each with the
 * value it replaced, newest first, as text or JSON. */
#include "icsview/query/review_history.h"

#include <stdlib.h>
#include <string.h>
#include "icsview/base/json_writer.h"
#include "icsview/base/util.h"

/* A value's label and its text's indent: "  before: " */
#define LABEL_WIDTH 8
#define VALUE_INDENT (2 + LABEL_WIDTH)

/* The fields a change sets; a deletion empties them all. */
enum history_field { FIELD_TEXT, FIELD_FLAG, FIELD_REVIEWED, FIELD_COUNT, FIELD_ALL };

static void change_free(struct review_change *c)
{
	free(c->entity_id);
	free(c->what);
	free(c->before);
	free(c->after);
	free(c->who);
	free(c->when);
}

void review_history_clear(struct review_history *history)
{
	for (size_t i = 0; i < history->count; i++)
		change_free(&history->items[i]);
	free(history->items);
	memset(history, 0, sizeof(*history));
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static enum history_field field_of(const char *what)
{
	if (!what)
		return FIELD_COUNT;
	if (strcmp(what, "text") == 0)
		return FIELD_TEXT;
	if (strcmp(what, "flag") == 0)
		return FIELD_FLAG;
	if (strcmp(what, "reviewed") == 0)
		return FIELD_REVIEWED;
	if (strcmp(what, "delete") == 0)
		return FIELD_ALL;
	return FIELD_COUNT;   /* unknown: no before, and no effect on the others */
}

/* Moves the store's changes (oldest first) into the history, in the same
 * order for now; `entity_id` fills in the entity where the store left it
 * out. */
static void take_changes(struct review_history *out, struct note_history *in,
                         const char *entity_id)
{
	for (size_t i = 0; i < in->count; i++) {
		struct note_change *c = &in->items[i];
		struct review_change *r;

		GROW(out->items, out->cap, out->count + 1);
		r = &out->items[out->count++];
		memset(r, 0, sizeof(*r));
		r->entity_id = c->entity_id ? c->entity_id : dup_or_null(entity_id);
		r->what = c->what;
		r->after = c->value;
		r->who = c->who;
		r->when = c->when;
		memset(c, 0, sizeof(*c));
	}
	note_history_clear(in);
}

static int read_all(struct notes *notes, struct review_history *out)
{
	int64_t since = 0, last = 0;

	for (;;) {
		struct note_history batch;
		int rc = notes_changes_since(notes, since, &batch, &last);

		if (rc != NOTES_OK)
			return rc;
		if (last == since) {
			note_history_clear(&batch);
			return NOTES_OK;
		}
		take_changes(out, &batch, NULL);
		since = last;
	}
}

struct by_entity {
	const char *entity_id;
	size_t index;
};

static int compare_by_entity(const void *a, const void *b)
{
	const struct by_entity *p = a, *q = b;
	int c = strcmp(p->entity_id ? p->entity_id : "", q->entity_id ? q->entity_id : "");

	if (c)
		return c;
	return (p->index > q->index) - (p->index < q->index);
}

/* Each change's "before", the value of the change before it to the same
 * field of the same entity; a deletion's "before" is the text it deleted
 * (its stored value) and its "after" nothing. */
static void set_befores(struct review_history *h)
{
	struct by_entity *order = xcalloc(h->count ? h->count : 1, sizeof(*order));
	const char *last[FIELD_COUNT] = { 0 };

	for (size_t i = 0; i < h->count; i++)
		order[i] = (struct by_entity){ h->items[i].entity_id, i };
	qsort(order, h->count, sizeof(*order), compare_by_entity);
	for (size_t i = 0; i < h->count; i++) {
		struct review_change *c = &h->items[order[i].index];
		enum history_field field = field_of(c->what);

		if (i == 0 || compare_by_entity(&(struct by_entity){ order[i - 1].entity_id, 0 },
		                                &(struct by_entity){ c->entity_id, 0 }) != 0)
			memset(last, 0, sizeof(last));
		if (field == FIELD_ALL) {
			c->before = c->after;
			c->after = NULL;
			memset(last, 0, sizeof(last));
		} else if (field < FIELD_COUNT) {
			c->before = dup_or_null(last[field]);
			last[field] = c->after;
		}
	}
	free(order);
}

static void reverse(struct review_history *h)
{
	for (size_t i = 0, j = h->count; i + 1 < j; i++, j--) {
		struct review_change t = h->items[i];
		h->items[i] = h->items[j - 1];
		h->items[j - 1] = t;
	}
}

int review_history_read(struct notes *notes, const char *entity_id, struct review_history *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	if (entity_id) {
		struct note_history one;
		rc = notes_history(notes, entity_id, &one);
		if (rc == NOTES_OK)
			take_changes(out, &one, entity_id);
	} else {
		rc = read_all(notes, out);
	}
	if (rc != NOTES_OK) {
		review_history_clear(out);
		return rc;
	}
	set_befores(out);
	reverse(out);
	return NOTES_OK;
}

/* ---- writing -------------------------------------------------------------- */

/* A value under its label, each of its lines escaped and indented alike. */
static void write_value(struct out *o, const char *label, const char *value)
{
	const char *line = value ? value : "";

	out_printf(o, "  %-*s", LABEL_WIDTH, label);
	if (!*line) {
		out_puts(o, "(none)\n");
		return;
	}
	for (bool first = true; *line || first; first = false) {
		const char *end = strchr(line, '\n');
		size_t n = end ? (size_t)(end - line) : strlen(line);

		if (!first)
			out_spaces(o, VALUE_INDENT);
		out_text(o, line, n);
		out_putc(o, '\n');
		if (!end)
			break;
		line = end + 1;
		if (!*line)
			break;
	}
}

static void write_text(const struct review_history *h, struct out *o)
{
	for (size_t i = 0; i < h->count; i++) {
		const struct review_change *c = &h->items[i];

		if (i)
			out_putc(o, '\n');
		out_text_line(o, c->when ? c->when : "");
		out_puts(o, "  ");
		out_text_line(o, c->who ? c->who : "");
		out_puts(o, "  ");
		out_text_line(o, c->entity_id ? c->entity_id : "");
		out_puts(o, "  ");
		out_text_line(o, c->what ? c->what : "");
		out_putc(o, '\n');
		write_value(o, "before:", c->before);
		write_value(o, "after:", c->after);
	}
}

static void write_json(struct notes *notes, const char *entity_id,
                       const struct review_history *h, struct out *o)
{
	struct json_writer w;

	json_init(&w, o, 2);
	json_begin_object(&w);
	json_key_int(&w, "version", REVIEW_HISTORY_VERSION);
	json_key_string(&w, "model", notes_model_key(notes));
	json_key_string(&w, "notes_file", notes_file(notes));
	json_key_string(&w, "entity", entity_id);
	json_key(&w, "changes");
	json_begin_array(&w);
	for (size_t i = 0; i < h->count; i++) {
		const struct review_change *c = &h->items[i];

		json_begin_object(&w);
		json_key_string(&w, "entity", c->entity_id);
		json_key_string(&w, "what", c->what);
		json_key_string(&w, "before", c->before);
		json_key_string(&w, "after", c->after);
		json_key_string(&w, "who", c->who);
		json_key_string(&w, "when", c->when);
		json_end_object(&w);
	}
	json_end_array(&w);
	json_end_object(&w);
	json_finish(&w);
}

void review_history_write(struct notes *notes, const char *entity_id,
                          const struct review_history *history, bool json, struct out *out)
{
	if (json)
		write_json(notes, entity_id, history, out);
	else
		write_text(history, out);
}
