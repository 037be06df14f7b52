/* icsview review list|export and :export review: the review's entities in
 * tree order, then the orphans, in text, Markdown, CSV or JSON. */
#include "icsview/query/review_export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include "export_private.h"
#include "review_export_private.h"
#include "icsview/base/json_writer.h"
#include "icsview/query/filter.h"
#include "icsview/query/review.h"
#include "icsview/query/review_import.h"
#include "icsview/store/store_sql.h"
#include "icsview/base/util.h"

bool review_format_parse(const char *name, enum review_format *out)
{
	static const struct { const char *name; enum review_format format; } names[] = {
		{ "text", REVIEW_TEXT }, { "md", REVIEW_MD }, { "markdown", REVIEW_MD },
		{ "csv", REVIEW_CSV }, { "json", REVIEW_JSON },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcasecmp(name, names[i].name) == 0) {
			*out = names[i].format;
			return true;
		}
	}
	return false;
}

bool review_format_of_path(const char *path, enum review_format *out)
{
	const char *dot = strrchr(path, '.');

	if (!dot || strchr(dot, '/'))
		return false;
	if (strcasecmp(dot, ".txt") == 0) {
		*out = REVIEW_TEXT;
		return true;
	}
	return strcasecmp(dot, ".text") != 0 && review_format_parse(dot + 1, out);
}

/* ---- gathering ------------------------------------------------------------ */

static int compare_eid(const void *a, const void *b)
{
	const struct entry *p = a, *q = b;
	int64_t x = p->e.eid, y = q->e.eid;

	if (x == y && p->note.entity_id && q->note.entity_id)
		return strcmp(p->note.entity_id, q->note.entity_id);
	return (x > y) - (x < y);
}

static int gather_failed(struct review_doc *d, const char *what, const char *why)
{
	d->error = xasprintf("cannot %s: %s", what, why);
	return STORE_ERROR;
}

static bool scoped(const struct review_export_options *opts)
{
	return opts->root > 0 || opts->filtered;
}

static void entry_clear(struct entry *x)
{
	note_clear(&x->note);
	entity_clear(&x->e);
	eid_list_clear(&x->chain);
	source_list_clear(&x->sources);
	note_field_changes_clear(&x->changes);
	note_clear(&x->conflict);
}

/* Whether a placed entry is under the root asked for and, when asked, a
 * match of the filter applied (`matched`: its statement). */
static int in_scope(struct review_doc *d, const struct entry *x, struct sql_stmt *matched,
                    bool *in)
{
	enum sql_step step;

	*in = d->opts->root <= 0;
	for (size_t i = 0; !*in && i < x->chain.count; i++)
		*in = x->chain.items[i] == d->opts->root;
	if (!*in || !matched)
		return STORE_OK;
	sql_reset(matched);
	sql_bind_int64(matched, 1, x->e.eid);
	step = sql_step(matched);
	if (step == SQL_FAILED)
		return gather_failed(d, "read the filter's matches", store_errmsg(d->st));
	*in = step == SQL_ROW && sql_int(matched, 0) != 0;
	return STORE_OK;
}

/* Reads the entity of an entry's note, looked up by id (exactly: not by
 * code), its chain and sources; *keep: whether it is in the scope (an
 * orphan is in none). */
static int gather_one(struct review_doc *d, struct entry *x, struct sql_stmt *matched, bool *keep)
{
	int rc = store_entity_by_id(d->st, x->note.entity_id, &x->e);

	*keep = !scoped(d->opts);
	if (rc == STORE_ERROR)
		return gather_failed(d, "read the model", store_errmsg(d->st));
	if (rc == STORE_OK && strcmp(x->e.id, x->note.entity_id) != 0)
		entity_clear(&x->e);   /* found by a code, not its id */
	if (rc != STORE_OK || !x->e.eid) {
		memset(&x->e, 0, sizeof(x->e));
		return STORE_OK;
	}
	if (store_parent_chain(d->st, x->e.eid, &x->chain) == STORE_ERROR ||
	    store_sources(d->st, x->e.eid, &x->sources) == STORE_ERROR)
		return gather_failed(d, "read the model", store_errmsg(d->st));
	return in_scope(d, x, matched, keep);
}

/* The entries of the notes in the scope asked for. */
static int gather_entities(struct review_doc *d, struct note_list *list)
{
	struct sql_stmt *matched = NULL;
	int rc = STORE_OK;

	if (d->opts->filtered) {
		if (!store_filter_active(d->st))
			return gather_failed(d, "scope the review by a filter", "no filter is applied");
		matched = store_sql_prepare(d->st, "SELECT matched FROM temp.filter_visible WHERE eid = ?1");
		if (!matched)
			return gather_failed(d, "read the filter's matches", store_errmsg(d->st));
	}
	d->entries = xcalloc(list->count ? list->count : 1, sizeof(*d->entries));
	for (size_t i = 0; rc == STORE_OK && i < list->count; i++) {
		struct entry *x = &d->entries[d->count++];
		bool keep;

		x->note = list->items[i];
		memset(&list->items[i], 0, sizeof(list->items[i]));
		rc = gather_one(d, x, matched, &keep);
		if (rc == STORE_OK && !keep) {
			entry_clear(x);
			d->count--;
		}
	}
	sql_free(matched);
	return rc;
}

/* Placed entries first in tree order, then the orphans by id. */
static int order_entries(struct review_doc *d)
{
	int64_t *eids = xcalloc(d->count ? d->count : 1, sizeof(*eids));
	struct entry *sorted = xcalloc(d->count ? d->count : 1, sizeof(*sorted));
	size_t n = 0, out = 0;

	for (size_t i = 0; i < d->count; i++)
		if (d->entries[i].e.eid)
			eids[n++] = d->entries[i].e.eid;
	qsort(d->entries, d->count, sizeof(*d->entries), compare_eid);  /* orphans (0) first */
	if (review_sort_tree_order(d->st, eids, n) != STORE_OK) {
		free(eids);
		free(sorted);
		return gather_failed(d, "order the review", store_errmsg(d->st));
	}
	for (size_t i = 0; i < n; i++) {
		struct entry key = { .e.eid = eids[i] };
		struct entry *x = bsearch(&key, d->entries + (d->count - n), n, sizeof(key), compare_eid);
		sorted[out++] = *x;
	}
	for (size_t i = 0; i < d->count - n; i++)
		sorted[out++] = d->entries[i];
	free(d->entries);
	free(eids);
	d->entries = sorted;
	d->placed = n;
	return STORE_OK;
}

/* ---- conflicts ---------------------------------------------------------------- */

static int compare_notes_by_id(const void *a, const void *b)
{
	return strcmp(((const struct note *)a)->entity_id, ((const struct note *)b)->entity_id);
}

static struct note *find_note(struct note *items, size_t count, const char *entity_id)
{
	struct note key = { .entity_id = (char *)entity_id };

	if (count == 0)
		return NULL;    /* items may be NULL: bsearch must not see it */
	return bsearch(&key, items, count, sizeof(key), compare_notes_by_id);
}

/* An entity whose note was cleared after an import still has its conflict
 * to resolve: it is listed with an empty note. */
static void add_conflicted(struct note_list *list, const struct note_list *conflicts)
{
	size_t notes = list->count;

	if (notes > 1)   /* items may be NULL: qsort must not see it */
		qsort(list->items, notes, sizeof(*list->items), compare_notes_by_id);
	for (size_t i = 0; i < conflicts->count; i++) {
		struct note *n;

		if (find_note(list->items, notes, conflicts->items[i].entity_id))
			continue;
		GROW(list->items, list->cap, list->count + 1);
		n = &list->items[list->count++];
		memset(n, 0, sizeof(*n));
		n->entity_id = xstrdup(conflicts->items[i].entity_id);
		n->text = xstrdup("");
	}
}

/* Each entry's conflict moved into it from the list (sorted by id). */
static void attach_conflicts(struct review_doc *d, struct note_list *conflicts)
{
	for (size_t i = 0; i < d->count; i++) {
		struct note *c = find_note(conflicts->items, conflicts->count,
		                           d->entries[i].note.entity_id);
		if (!c)
			continue;
		d->entries[i].conflict = *c;
		memset(c, 0, sizeof(*c));
		c->entity_id = xstrdup(d->entries[i].note.entity_id);   /* still sorted */
	}
}

bool review_has_pending(const struct entry *x)
{
	return x->conflict.entity_id != NULL;
}

static void count_entries(struct review_doc *d)
{
	for (size_t i = 0; i < d->placed; i++) {
		const struct note *n = &d->entries[i].note;
		d->reviewed += n->reviewed;
		d->noted += n->text && n->text[0];
		d->flags[n->flag < NOTE_FLAG_COUNT ? n->flag : NOTE_FLAG_NONE]++;
		d->flagged += n->flag != NOTE_FLAG_NONE && n->flag < NOTE_FLAG_COUNT;
	}
	for (size_t i = 0; i < d->count; i++)
		d->conflicts += review_has_pending(&d->entries[i]);
}

static void free_doc(struct review_doc *d)
{
	for (size_t i = 0; i < d->count; i++)
		entry_clear(&d->entries[i]);
	free(d->entries);
	string_list_clear(&d->roots);
	free(d->error);
}

char *review_name_of(struct review_doc *d, int64_t eid)
{
	struct entity e;
	char *name;

	if (store_entity(d->st, eid, &e) != STORE_OK)
		return xstrdup("?");
	name = xstrdup(e.name);
	entity_clear(&e);
	return name;
}

char *review_path_of(struct review_doc *d, const struct entry *x, const char *separator)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i + 1 < x->chain.count; i++) {
		char *name = review_name_of(d, x->chain.items[i]);
		sb_printf(&sb, "%s%s", i ? separator : "", name);
		free(name);
	}
	return sb_detach(&sb);
}

const char *review_flag_name(const struct note *n)
{
	const char *name = note_flag_name(n->flag);
	return name ? name : "none";
}

static void summary_text(struct review_doc *d, struct strbuf *sb)
{
	static const enum note_flag order[] = { NOTE_FLAG_CONCERN, NOTE_FLAG_QUESTION, NOTE_FLAG_OK };
	bool any = false;

	sb_printf(sb, "%zu %s with notes or marks: %zu reviewed, %zu with notes", d->placed,
	          d->placed == 1 ? "entity" : "entities", d->reviewed, d->noted);
	for (size_t i = 0; i < 3; i++) {
		if (!d->flags[order[i]])
			continue;
		sb_printf(sb, "%s%zu %s", any ? ", " : "; flagged: ", d->flags[order[i]],
		          note_flag_name(order[i]));
		any = true;
	}
	if (d->conflicts)
		sb_printf(sb, "; %zu unresolved conflict%s", d->conflicts, d->conflicts == 1 ? "" : "s");
}

/* ---- text ------------------------------------------------------------------ */

static void text_note(struct out *o, const char *text, size_t indent)
{
	while (text && *text) {
		size_t n = strcspn(text, "\n");
		if (n)
			out_spaces(o, indent);
		out_text(o, text, n);
		out_putc(o, '\n');
		text += n + (text[n] == '\n');
	}
}

/* "conflict, unresolved: imported note of WHO, WHEN" and their text. */
static void text_conflict(struct out *o, const struct entry *x)
{
	if (!review_has_pending(x))
		return;
	out_spaces(o, 4);
	out_puts(o, "conflict, unresolved: imported note of ");
	out_text_line(o, x->conflict.who);
	out_puts(o, ", ");
	out_text_line(o, x->conflict.when);
	out_putc(o, '\n');
	text_note(o, x->conflict.text, 6);
}

static void text_entry(struct review_doc *d, const struct entry *x)
{
	struct out *o = d->out;

	out_padded(o, review_flag_name(&x->note), 9);
	out_padded(o, x->note.reviewed ? "reviewed" : "-", 10);
	out_text_line(o, x->note.entity_id);
	if (x->e.eid) {
		char *path = review_path_of(d, x, d->opts->path_separator);
		out_puts(o, "  ");
		out_text_line(o, x->e.name);
		out_putc(o, '\n');
		if (*path) {
			out_spaces(o, 4);
			out_puts(o, "in ");
			out_text_line(o, path);
			out_putc(o, '\n');
		}
		free(path);
	} else {
		out_putc(o, '\n');
	}
	text_note(o, x->note.text, 4);
	if (x->note.who) {
		out_spaces(o, 4);
		out_puts(o, "last changed by ");
		out_text_line(o, x->note.who);
		out_puts(o, ", ");
		out_text_line(o, x->note.when ? x->note.when : "?");   /* from the file: untrusted */
		out_putc(o, '\n');
	}
	text_conflict(o, x);
}

static void write_text(struct review_doc *d)
{
	struct strbuf sb = STRBUF_INIT;

	summary_text(d, &sb);
	out_puts(d->out, sb_str(&sb));
	out_putc(d->out, '\n');
	sb_free(&sb);
	for (size_t i = 0; i < d->count; i++) {
		if (i == d->placed)
			out_printf(d->out, "\n%zu orphaned (their entity is no longer in the model):\n",
			           d->count - d->placed);
		out_putc(d->out, '\n');
		text_entry(d, &d->entries[i]);
	}
}

/* ---- CSV and JSON ------------------------------------------------------------ */

/* The conflict's columns: "unresolved" and theirs, or "none" and empty. */
static void csv_conflict(struct out *o, const struct entry *x)
{
	bool pending = review_has_pending(x);

	csv_field(o, pending ? "unresolved" : "none", false);
	csv_field_lines(o, pending ? x->conflict.text : NULL, false);
	csv_field(o, pending ? x->conflict.who : NULL, false);
	csv_field(o, pending ? x->conflict.when : NULL, false);
}

static void write_csv(struct review_doc *d)
{
	struct out *o = d->out;

	out_puts(o, "path,id,kind,name,flag,reviewed,note,who,when,sources,orphaned,"
	            "conflict,conflict_note,conflict_who,conflict_when\r\n");
	for (size_t i = 0; i < d->count; i++) {
		const struct entry *x = &d->entries[i];
		char *path = x->e.eid ? review_path_of(d, x, d->opts->path_separator) : NULL;
		struct strbuf sources = STRBUF_INIT;

		for (size_t j = 0; j < x->sources.count; j++)
			sb_printf(&sources, "%s%s", j ? ";" : "", x->sources.items[j].id);
		csv_field(o, path, true);
		csv_field(o, x->note.entity_id, false);
		csv_field(o, x->e.kind, false);
		csv_field(o, x->e.name, false);
		csv_field(o, review_flag_name(&x->note), false);
		csv_field(o, x->note.reviewed ? "yes" : "no", false);
		csv_field_lines(o, x->note.text, false);
		csv_field(o, x->note.who, false);
		csv_field(o, x->note.when, false);
		csv_field(o, sb_str(&sources), false);
		csv_field(o, x->e.eid ? "no" : "yes", false);
		csv_conflict(o, x);
		csv_end(o);
		sb_free(&sources);
		free(path);
	}
}

static const char *const field_keys[IMPORT_FIELD_COUNT] = {
	[IMPORT_TEXT] = "text", [IMPORT_FLAG] = "flag", [IMPORT_REVIEWED] = "reviewed",
};

/* "conflict": null, or the text an import kept beside the note, still to
 * resolve (not read on import: icsview-review(5)). */
static void json_conflict(struct json_writer *w, const struct entry *x)
{
	json_key(w, "conflict");
	if (!review_has_pending(x)) {
		json_null(w);
		return;
	}
	json_begin_object(w);
	json_key_string(w, "state", "unresolved");
	json_key_string(w, "note", x->conflict.text);
	json_key_string(w, "who", x->conflict.who);
	json_key_string(w, "when", x->conflict.when);
	json_end_object(w);
}

static void json_entry(struct review_doc *d, struct json_writer *w, const struct entry *x)
{
	json_begin_object(w);
	json_key_string(w, "id", x->note.entity_id);
	if (x->e.eid) {
		json_key_string(w, "name", x->e.name);
		json_key_string(w, "kind", x->e.kind);
		if (x->e.type)
			json_key_string(w, "type", x->e.type);
		json_key(w, "path");
		json_begin_array(w);
		for (size_t i = 0; i + 1 < x->chain.count; i++) {
			char *name = review_name_of(d, x->chain.items[i]);
			json_string(w, name);
			free(name);
		}
		json_end_array(w);
	}
	json_key_string(w, "flag", review_flag_name(&x->note));
	json_key_bool(w, "reviewed", x->note.reviewed);
	json_key_string(w, "note", x->note.text ? x->note.text : "");
	json_key(w, "who");
	x->note.who ? json_string(w, x->note.who) : json_null(w);
	json_key(w, "when");
	x->note.when ? json_string(w, x->note.when) : json_null(w);
	json_key(w, "sources");
	json_begin_array(w);
	for (size_t i = 0; i < x->sources.count; i++)
		json_string(w, x->sources.items[i].id);
	json_end_array(w);
	json_key_bool(w, "orphaned", x->e.eid == 0);
	json_key(w, "changes");
	json_begin_object(w);
	for (int f = 0; f < IMPORT_FIELD_COUNT; f++) {
		json_key(w, field_keys[f]);
		if (!x->changes.who[f]) {
			json_null(w);
			continue;
		}
		json_begin_object(w);
		json_key_string(w, "who", x->changes.who[f]);
		json_key_string(w, "when", x->changes.when[f]);
		json_end_object(w);
	}
	json_end_object(w);
	json_conflict(w, x);
	json_end_object(w);
}

static void write_json(struct review_doc *d)
{
	struct json_writer w;

	json_init(&w, d->out, 2);
	json_begin_object(&w);
	json_key_string(&w, "format", REVIEW_JSON_FORMAT);
	json_key_int(&w, "version", REVIEW_JSON_VERSION);
	json_key_string(&w, "model", notes_model_key(d->notes));
	json_key(&w, "model_roots");
	json_begin_array(&w);
	for (size_t i = 0; i < d->roots.count; i++)
		json_string(&w, d->roots.items[i]);
	json_end_array(&w);
	json_key_string(&w, "notes_file", notes_file(d->notes));
	json_key_string(&w, "exported", d->when);
	json_key_string(&w, "by", notes_user(d->notes));
	json_key(&w, "summary");
	json_begin_object(&w);
	json_key_int(&w, "entities", (int64_t)d->placed);
	json_key_int(&w, "reviewed", (int64_t)d->reviewed);
	json_key_int(&w, "noted", (int64_t)d->noted);
	for (int f = NOTE_FLAG_OK; f < NOTE_FLAG_COUNT; f++)
		json_key_int(&w, note_flag_name((enum note_flag)f), (int64_t)d->flags[f]);
	json_key_int(&w, "orphaned", (int64_t)(d->count - d->placed));
	json_key_int(&w, "conflicts", (int64_t)d->conflicts);
	json_end_object(&w);
	json_key(&w, "entities");
	json_begin_array(&w);
	for (size_t i = 0; i < d->count; i++)
		json_entry(d, &w, &d->entries[i]);
	json_end_array(&w);
	json_end_object(&w);
	json_finish(&w);
	json_free(&w);
}

/* What only the JSON carries, for an import elsewhere: the model's
 * identity and when each field of each note last changed. */
static int gather_for_json(struct review_doc *d)
{
	if (review_model_roots(d->st, &d->roots) != STORE_OK)
		return gather_failed(d, "read the model", store_errmsg(d->st));
	for (size_t i = 0; i < d->count; i++)
		if (notes_field_changes(d->notes, d->entries[i].note.entity_id,
		                        &d->entries[i].changes) != NOTES_OK)
			return gather_failed(d, "read the history", notes_errmsg(d->notes));
	return STORE_OK;
}

int review_export(struct store *st, struct notes *notes, const struct review_export_options *opts,
                  struct out *out, char **error)
{
	struct review_doc d = { .st = st, .notes = notes, .opts = opts, .out = out };
	struct note_list list = { 0 }, conflicts = { 0 };
	time_t now = time(NULL);
	struct tm tm;
	int rc;

	*error = NULL;
	strftime(d.when, sizeof(d.when), "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&now, &tm));
	if (notes_list(notes, &list) != NOTES_OK || notes_conflicts_list(notes, &conflicts) != NOTES_OK) {
		*error = xasprintf("cannot read the notes: %s", notes_errmsg(notes));
		note_list_clear(&list);
		return STORE_ERROR;
	}
	if (conflicts.count > 1)
		qsort(conflicts.items, conflicts.count, sizeof(*conflicts.items), compare_notes_by_id);
	add_conflicted(&list, &conflicts);
	rc = gather_entities(&d, &list);
	note_list_clear(&list);
	if (rc == STORE_OK)
		rc = order_entries(&d);
	if (rc == STORE_OK)
		attach_conflicts(&d, &conflicts);
	note_list_clear(&conflicts);
	if (rc == STORE_OK && opts->format == REVIEW_JSON)
		rc = gather_for_json(&d);
	if (rc == STORE_OK) {
		count_entries(&d);
		switch (opts->format) {
		case REVIEW_TEXT: write_text(&d); break;
		case REVIEW_MD: review_write_md(&d); break;
		case REVIEW_CSV: write_csv(&d); break;
		case REVIEW_JSON: write_json(&d); break;
		}
	}
	if (rc != STORE_OK)
		*error = xstrdup(d.error ? d.error : "cannot export the review");
	free_doc(&d);
	return rc;
}
