/* icsview review list|export and :export review: the review's entities in
 * tree order, then the orphans, in text, Markdown, CSV or JSON. */
#include "icsview/query/review_export.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "export_private.h"
#include "icsview/base/json_writer.h"
#include "icsview/query/review.h"
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

struct entry {
	struct note note;
	struct entity e;            /* eid 0: orphaned */
	struct eid_list chain;      /* root first, the entity last */
	struct source_list sources;
};

struct review_doc {
	struct store *st;
	struct notes *notes;
	const struct review_export_options *opts;
	struct out *out;
	struct entry *entries;      /* in tree order, then the orphans */
	size_t count, placed;       /* placed: those in the model */
	size_t reviewed, noted, flags[NOTE_FLAG_COUNT];
	char when[32];
	char *error;
};

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

/* The entities of the notes, looked up by id (exactly: not by code). */
static int gather_entities(struct review_doc *d, struct note_list *list)
{
	d->entries = xcalloc(list->count ? list->count : 1, sizeof(*d->entries));
	for (size_t i = 0; i < list->count; i++) {
		struct entry *x = &d->entries[d->count++];
		int rc;

		x->note = list->items[i];
		memset(&list->items[i], 0, sizeof(list->items[i]));
		rc = store_entity_by_id(d->st, x->note.entity_id, &x->e);
		if (rc == STORE_ERROR)
			return gather_failed(d, "read the model", store_errmsg(d->st));
		if (rc == STORE_OK && strcmp(x->e.id, x->note.entity_id) != 0)
			entity_clear(&x->e);   /* found by a code, not its id */
		if (rc != STORE_OK || !x->e.eid) {
			memset(&x->e, 0, sizeof(x->e));
			continue;
		}
		if (store_parent_chain(d->st, x->e.eid, &x->chain) == STORE_ERROR ||
		    store_sources(d->st, x->e.eid, &x->sources) == STORE_ERROR)
			return gather_failed(d, "read the model", store_errmsg(d->st));
	}
	return STORE_OK;
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

static void count_entries(struct review_doc *d)
{
	for (size_t i = 0; i < d->placed; i++) {
		const struct note *n = &d->entries[i].note;
		d->reviewed += n->reviewed;
		d->noted += n->text && n->text[0];
		d->flags[n->flag < NOTE_FLAG_COUNT ? n->flag : NOTE_FLAG_NONE]++;
	}
}

static void free_doc(struct review_doc *d)
{
	for (size_t i = 0; i < d->count; i++) {
		note_clear(&d->entries[i].note);
		entity_clear(&d->entries[i].e);
		eid_list_clear(&d->entries[i].chain);
		source_list_clear(&d->entries[i].sources);
	}
	free(d->entries);
	free(d->error);
}

/* The name of an entity of a chain (a copy; "?" when it cannot be read). */
static char *name_of(struct review_doc *d, int64_t eid)
{
	struct entity e;
	char *name;

	if (store_entity(d->st, eid, &e) != STORE_OK)
		return xstrdup("?");
	name = xstrdup(e.name);
	entity_clear(&e);
	return name;
}

static char *path_of(struct review_doc *d, const struct entry *x, const char *separator)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i + 1 < x->chain.count; i++) {
		char *name = name_of(d, x->chain.items[i]);
		sb_printf(&sb, "%s%s", i ? separator : "", name);
		free(name);
	}
	return sb_detach(&sb);
}

static const char *flag_name(const struct note *n)
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

static void text_entry(struct review_doc *d, const struct entry *x)
{
	struct out *o = d->out;

	out_padded(o, flag_name(&x->note), 9);
	out_padded(o, x->note.reviewed ? "reviewed" : "-", 10);
	out_text_line(o, x->note.entity_id);
	if (x->e.eid) {
		char *path = path_of(d, x, d->opts->path_separator);
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

/* ---- Markdown ---------------------------------------------------------------- */

static void md_text(struct out *o, const char *s, bool line_start)
{
	struct strbuf sb = STRBUF_INIT;

	md_escape(&sb, s, line_start);
	out_write(o, sb_str(&sb), sb.len);
	sb_free(&sb);
}

static void md_heading(struct out *o, size_t depth, const char *name)
{
	size_t level = depth + 2 > 6 ? 6 : depth + 2;

	out_putc(o, '\n');
	for (size_t i = 0; i < level; i++)
		out_putc(o, '#');
	out_putc(o, ' ');
	md_text(o, name, false);
	out_putc(o, '\n');
}

static void md_item(struct out *o, const char *label, const char *value)
{
	out_printf(o, "- **%s:** ", label);
	md_text(o, value, false);
	out_putc(o, '\n');
}

/* The note as a quotation, its lines kept; characters that Markdown would
 * take as HTML are escaped, control characters shown. */
static void md_note(struct out *o, const char *text)
{
	struct strbuf line = STRBUF_INIT;

	out_putc(o, '\n');
	while (*text) {
		size_t n = strcspn(text, "\n");
		char *raw = xstrndup(text, n);

		sb_reset(&line);
		sb_text_line(&line, raw);
		free(raw);
		out_puts(o, line.len ? "> " : ">");
		for (const char *p = sb_str(&line); *p; p++) {
			if (*p == '<' || *p == '&')
				out_putc(o, '\\');
			out_putc(o, *p);
		}
		out_puts(o, line.len ? "  \n" : "\n");   /* a hard break keeps the note's lines */
		text += n + (text[n] == '\n');
	}
	sb_free(&line);
}

static void md_details(struct review_doc *d, const struct entry *x)
{
	struct out *o = d->out;
	struct strbuf sb = STRBUF_INIT;

	out_putc(o, '\n');
	if (x->note.flag != NOTE_FLAG_NONE)
		md_item(o, "Flag", flag_name(&x->note));
	md_item(o, "Reviewed", x->note.reviewed ? "yes" : "no");
	if (x->e.eid) {
		sb_printf(&sb, "%s%s%s · %s", x->e.kind, x->e.type ? " · " : "",
		          x->e.type ? x->e.type : "", x->e.id);
		md_item(o, "Kind", sb_str(&sb));
		sb_reset(&sb);
		for (size_t i = 0; i < x->sources.count; i++)
			sb_printf(&sb, "%s%s (%s)", i ? "; " : "", x->sources.items[i].name,
			          x->sources.items[i].id);
		if (x->sources.count)
			md_item(o, x->sources.count == 1 ? "Source" : "Sources", sb_str(&sb));
	}
	if (x->note.who) {
		sb_reset(&sb);
		sb_printf(&sb, "%s, %s", x->note.who, x->note.when ? x->note.when : "?");
		md_item(o, "Last change", sb_str(&sb));
	}
	sb_free(&sb);
	if (x->note.text && x->note.text[0])
		md_note(o, x->note.text);
}

static void write_md(struct review_doc *d)
{
	struct out *o = d->out;
	struct eid_list shown = { 0 };   /* the headings above, by depth */
	struct strbuf sb = STRBUF_INIT;

	out_puts(o, "# Review\n\n");
	{
		/* a model of several files is their paths, one a line: one line here */
		struct strbuf model = STRBUF_INIT;
		for (const char *k = notes_model_key(d->notes); *k; k++)
			*k == '\n' ? sb_puts(&model, ", ") : sb_putc(&model, *k);
		md_item(o, "Model", sb_str(&model));
		sb_free(&model);
	}
	md_item(o, "Notes file", notes_file(d->notes));
	sb_printf(&sb, "%s by %s", d->when, notes_user(d->notes));
	md_item(o, "Exported", sb_str(&sb));
	sb_reset(&sb);
	summary_text(d, &sb);
	md_item(o, "Summary", sb_str(&sb));
	sb_free(&sb);
	if (d->count > d->placed)
		out_printf(o, "- **Orphaned notes:** %zu (listed at the end)\n", d->count - d->placed);
	if (d->count == 0)
		out_puts(o, "\nNothing has been reviewed, flagged or noted yet.\n");
	for (size_t i = 0; i < d->placed; i++) {
		const struct entry *x = &d->entries[i];

		for (size_t depth = 0; depth < x->chain.count; depth++) {
			int64_t eid = x->chain.items[depth];
			bool own = depth + 1 == x->chain.count;

			if (depth < shown.count && shown.items[depth] == eid)
				continue;
			shown.count = depth;
			GROW(shown.items, shown.cap, depth + 1);
			shown.items[shown.count++] = eid;
			if (own) {
				md_heading(o, depth, x->e.name);
			} else {
				char *name = name_of(d, eid);
				md_heading(o, depth, name);
				free(name);
			}
		}
		md_details(d, x);
	}
	if (d->count > d->placed)
		out_puts(o, "\n## Orphaned notes\n\nTheir entities are no longer in the model; the notes"
		            " are kept.\n");
	for (size_t i = d->placed; i < d->count; i++) {
		md_heading(o, 1, d->entries[i].note.entity_id);
		md_details(d, &d->entries[i]);
	}
	eid_list_clear(&shown);
}

/* ---- CSV and JSON ------------------------------------------------------------ */

static void write_csv(struct review_doc *d)
{
	struct out *o = d->out;

	out_puts(o, "path,id,kind,name,flag,reviewed,note,who,when,sources,orphaned\r\n");
	for (size_t i = 0; i < d->count; i++) {
		const struct entry *x = &d->entries[i];
		char *path = x->e.eid ? path_of(d, x, d->opts->path_separator) : NULL;
		struct strbuf sources = STRBUF_INIT;

		for (size_t j = 0; j < x->sources.count; j++)
			sb_printf(&sources, "%s%s", j ? ";" : "", x->sources.items[j].id);
		csv_field(o, path, true);
		csv_field(o, x->note.entity_id, false);
		csv_field(o, x->e.kind, false);
		csv_field(o, x->e.name, false);
		csv_field(o, flag_name(&x->note), false);
		csv_field(o, x->note.reviewed ? "yes" : "no", false);
		csv_field_lines(o, x->note.text, false);
		csv_field(o, x->note.who, false);
		csv_field(o, x->note.when, false);
		csv_field(o, sb_str(&sources), false);
		csv_field(o, x->e.eid ? "no" : "yes", false);
		csv_end(o);
		sb_free(&sources);
		free(path);
	}
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
			char *name = name_of(d, x->chain.items[i]);
			json_string(w, name);
			free(name);
		}
		json_end_array(w);
	}
	json_key_string(w, "flag", flag_name(&x->note));
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
	json_end_object(w);
}

static void write_json(struct review_doc *d)
{
	struct json_writer w;

	json_init(&w, d->out, 2);
	json_begin_object(&w);
	json_key_string(&w, "model", notes_model_key(d->notes));
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

int review_export(struct store *st, struct notes *notes, const struct review_export_options *opts,
                  struct out *out, char **error)
{
	struct review_doc d = { .st = st, .notes = notes, .opts = opts, .out = out };
	struct note_list list = { 0 };
	time_t now = time(NULL);
	struct tm tm;
	int rc;

	*error = NULL;
	strftime(d.when, sizeof(d.when), "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&now, &tm));
	if (notes_list(notes, &list) != NOTES_OK) {
		*error = xasprintf("cannot read the notes: %s", notes_errmsg(notes));
		return STORE_ERROR;
	}
	rc = gather_entities(&d, &list);
	note_list_clear(&list);
	if (rc == STORE_OK)
		rc = order_entries(&d);
	if (rc == STORE_OK) {
		count_entries(&d);
		switch (opts->format) {
		case REVIEW_TEXT: write_text(&d); break;
		case REVIEW_MD: write_md(&d); break;
		case REVIEW_CSV: write_csv(&d); break;
		case REVIEW_JSON: write_json(&d); break;
		}
	}
	if (rc != STORE_OK)
		*error = xstrdup(d.error ? d.error : "cannot export the review");
	free_doc(&d);
	return rc;
}

/* ---- into a file ------------------------------------------------------------ */

/* The path as an error message may show it (escaped: it is typed or read). */
static char *shown(const char *path)
{
	struct strbuf sb = STRBUF_INIT;

	sb_text_line(&sb, path);
	return sb_detach(&sb);
}

static char *write_failed(const char *path, int err)
{
	char *name = shown(path), *message = xasprintf("cannot write %s: %s", name, strerror(err));

	free(name);
	return message;
}

/* True when the regular file at path begins with SQLite's header: a notes
 * file, a model cache, someone's database. */
static bool is_sqlite_file(const char *path)
{
	static const char magic[] = "SQLite format 3";   /* 16 bytes with its NUL */
	char head[sizeof(magic)];
	int fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	bool sqlite;

	if (fd < 0)
		return false;
	sqlite = read(fd, head, sizeof(head)) == (ssize_t)sizeof(head) &&
	         memcmp(head, magic, sizeof(magic)) == 0;
	close(fd);
	return sqlite;
}

static bool same_file(const struct stat *st, const char *path)
{
	struct stat other;

	return stat(path, &other) == 0 && other.st_dev == st->st_dev && other.st_ino == st->st_ino;
}

/* Whether the notes file (or its journal, WAL or shared memory) is st. */
static bool is_notes_file(struct notes *notes, const struct stat *st)
{
	static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };
	const char *file = notes_file(notes);
	bool same = false;

	for (size_t i = 0; file && !same && i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		char *name = xasprintf("%s%s", file, suffixes[i]);
		same = same_file(st, name);
		free(name);
	}
	return same;
}

/* NULL when an existing output may be written over, else why not (caller
 * frees): a review written over a database would destroy it. */
static char *refusal(struct notes *notes, const char *path, const struct stat *st)
{
	char *name, *why = NULL;

	if (is_notes_file(notes, st))
		why = "it is the notes file";
	else if (S_ISREG(st->st_mode) && is_sqlite_file(path))
		why = "it is an SQLite database";
	if (!why)
		return NULL;
	name = shown(path);
	why = xasprintf("refusing to write the review to %s: %s", name, why);
	free(name);
	return why;
}

/* A character device, a FIFO, a socket: written to as it is (replacing it
 * with a regular file would break it: /dev/null, a pipe to a reader). */
static int export_direct(struct store *st, struct notes *notes,
                         const struct review_export_options *opts, const char *path, char **error)
{
	int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC), rc, failed = 0;
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	struct out out;

	if (!f) {
		*error = write_failed(path, errno);
		if (fd >= 0)
			close(fd);
		return STORE_ERROR;
	}
	out_init(&out, f);
	rc = review_export(st, notes, opts, &out, error);
	if (fflush(f) != 0)
		failed = errno;
	if (fclose(f) != 0 && !failed)
		failed = errno;
	if (out.error)
		failed = out.error;
	if (rc == STORE_OK && failed)
		*error = write_failed(path, failed);
	return rc == STORE_OK && !failed ? STORE_OK : STORE_ERROR;
}

/* A regular file (or none yet): written beside it, synced, renamed over
 * it; with `mode` (a new file's: 0666 less the umask; an existing file's
 * own, so that a private file stays private). */
static int export_replacing(struct store *st, struct notes *notes,
                            const struct review_export_options *opts, const char *path,
                            mode_t mode, char **error)
{
	char *tmp = xasprintf("%s.tmp-XXXXXX", path);
	int fd = mkstemp(tmp), rc, failed = 0;
	struct out out;
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;

	if (!f) {
		*error = write_failed(path, errno);
		if (fd >= 0) {
			close(fd);
			unlink(tmp);
		}
		free(tmp);
		return STORE_ERROR;
	}
	if (fchmod(fd, mode) != 0)
		failed = errno;
	out_init(&out, f);
	rc = failed ? STORE_OK : review_export(st, notes, opts, &out, error);
	if (fflush(f) != 0 || fsync(fd) != 0)
		failed = failed ? failed : errno;
	if (fclose(f) != 0 && !failed)
		failed = errno;
	if (out.error)
		failed = out.error;
	if (rc == STORE_OK && !failed && rename(tmp, path) != 0)
		failed = errno;
	if (rc == STORE_OK && failed)
		*error = write_failed(path, failed);
	if (rc != STORE_OK || failed)
		unlink(tmp);
	free(tmp);
	return rc == STORE_OK && !failed ? STORE_OK : STORE_ERROR;
}

int review_export_file(struct store *st, struct notes *notes,
                       const struct review_export_options *opts, const char *path, char **error)
{
	struct stat target;
	mode_t mask;
	char *real;
	int rc;

	*error = NULL;
	if (stat(path, &target) != 0) {
		if (errno != ENOENT) {
			*error = write_failed(path, errno);
			return STORE_ERROR;
		}
		mask = umask(0);   /* as a new file would be, not mkstemp's 0600 */
		umask(mask);
		return export_replacing(st, notes, opts, path, 0666 & ~mask, error);
	}
	if ((*error = refusal(notes, path, &target)) != NULL)
		return STORE_ERROR;
	if (!S_ISREG(target.st_mode))
		return export_direct(st, notes, opts, path, error);
	/* through a symbolic link, the file it names is replaced, not the link */
	real = realpath(path, NULL);
	if (!real) {
		*error = write_failed(path, errno);
		return STORE_ERROR;
	}
	rc = export_replacing(st, notes, opts, real, target.st_mode & 07777, error);
	free(real);
	return rc;
}
