/* icsview review import: the export's file read whole (bounded), checked
 * for its format, version and model, its entries turned into the notes
 * store's imports, and merged. */
#include "icsview/query/review_import.h"

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "icsview/base/json_reader.h"
#include "icsview/base/output.h"
#include "icsview/base/util.h"
#include "icsview/store/store_sql.h"

/* Limits of the reader: an export nests a few levels, and its longest
 * string is a note. */
#define IMPORT_MAX_DEPTH 16
#define IMPORT_MAX_VALUES (64u * 1024 * 1024)
/* A time as the notes file writes it: 2024-05-01T12:34:56Z */
#define UTC_TIME_LENGTH 20

int review_model_roots(struct store *st, struct string_list *out)
{
	struct sql_stmt *stmt = store_sql_prepare(st, "SELECT id FROM entities WHERE parent IS NULL"
	                                              " ORDER BY id");
	enum sql_step step;

	memset(out, 0, sizeof(*out));
	if (!stmt)
		return STORE_ERROR;
	while ((step = sql_step(stmt)) == SQL_ROW) {
		GROW(out->items, out->cap, out->count + 1);
		out->items[out->count++] = sql_text_dup(stmt, 0);
	}
	sql_free(stmt);
	if (step != SQL_DONE) {
		string_list_clear(out);
		return STORE_ERROR;
	}
	return STORE_OK;
}

void review_import_clear(struct review_import *im)
{
	note_import_report_clear(&im->report);
	for (size_t i = 0; i < im->count; i++)
		free(im->ids[i]);
	free(im->ids);
	free(im->by);
	free(im->exported);
	memset(im, 0, sizeof(*im));
}

/* ---- reading the file ------------------------------------------------------------ */

static char *shown(const char *text)
{
	struct strbuf sb = STRBUF_INIT;

	sb_text_line(&sb, text);
	return sb_detach(&sb);
}

/* The whole file, or NULL with *error. */
static char *slurp(const char *path, size_t *length, char **error)
{
	int fd = open(path, O_RDONLY | O_NOCTTY | O_CLOEXEC);
	struct strbuf sb = STRBUF_INIT;
	char buf[65536];
	ssize_t n;
	struct stat st;

	if (fd < 0 || fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
		int err = fd < 0 || !S_ISDIR(st.st_mode) ? errno : EISDIR;
		char *name = shown(path);
		*error = xasprintf("cannot read %s: %s: nothing imported", name, strerror(err));
		free(name);
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0 && sb.len <= REVIEW_IMPORT_MAX_BYTES)
		sb_add(&sb, buf, (size_t)n);
	if (n < 0 || sb.len > REVIEW_IMPORT_MAX_BYTES) {
		char *name = shown(path);
		*error = n < 0 ? xasprintf("cannot read %s: %s: nothing imported", name, strerror(errno))
		               : xasprintf("%s is larger than %u MiB: not imported", name,
		                           REVIEW_IMPORT_MAX_BYTES / (1024 * 1024));
		free(name);
		sb_free(&sb);
		close(fd);
		return NULL;
	}
	close(fd);
	*length = sb.len;
	return sb.buf ? sb_detach(&sb) : xstrdup("");
}

/* ---- checking the document ---------------------------------------------------------- */

struct checker {
	const char *name;                 /* the file, escaped */
	char *error;
};

static int refuse(struct checker *c, const char *fmt, ...) ICS_PRINTF(2, 3);
static int refuse(struct checker *c, const char *fmt, ...)
{
	va_list ap;
	char *why;

	va_start(ap, fmt);
	why = xvasprintf(fmt, ap);
	va_end(ap);
	c->error = xasprintf("%s: %s: nothing imported", c->name, why);
	free(why);
	return -1;
}

static const struct json_value *member(const struct json_value *object, const char *key,
                                       enum json_type type)
{
	const struct json_value *v = json_object_get(object, key);

	return v && v->type == type ? v : NULL;
}

/* Format and version: an export of icsview's review, of a version known. */
static int check_format(struct checker *c, const struct json_value *doc)
{
	const struct json_value *format = member(doc, "format", JSON_STRING);
	int64_t version;

	if (doc->type != JSON_OBJECT || !format || strcmp(format->text, REVIEW_JSON_FORMAT) != 0 ||
	    !member(doc, "entities", JSON_ARRAY))
		return refuse(c, "not a review exported by icsview (icsview review export --format"
		              " json writes one)");
	if (!json_int64(json_object_get(doc, "version"), &version) || version < 1)
		return refuse(c, "the review's format has no version");
	if (version > REVIEW_JSON_VERSION)
		return refuse(c, "the review's format is version %lld, written by a newer icsview"
		              " (this one reads version %d)", (long long)version, REVIEW_JSON_VERSION);
	return 0;
}

static void join(struct strbuf *sb, const struct string_list *ids)
{
	for (size_t i = 0; i < ids->count && i < 5; i++) {
		sb_puts(sb, i ? ", " : "");
		sb_text_line(sb, ids->items[i]);
	}
	if (ids->count > 5)
		sb_printf(sb, " and %zu more", ids->count - 5);
}

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The model: the export's top-level entities are this model's. */
static int check_model(struct checker *c, const struct json_value *doc, struct store *st)
{
	const struct json_value *roots = member(doc, "model_roots", JSON_ARRAY);
	struct string_list ours, theirs = { 0 };
	bool same;
	int rc = 0;

	if (!roots)
		return refuse(c, "the review does not say which model it was made on (no model_roots)");
	for (size_t i = 0; i < roots->count; i++)
		if (roots->items[i].type != JSON_STRING)
			return refuse(c, "model_roots holds a %s, not an id",
			              json_type_name(roots->items[i].type));
	if (review_model_roots(st, &ours) != STORE_OK)
		return refuse(c, "cannot read the model: %s", store_errmsg(st));
	theirs.items = xcalloc(roots->count ? roots->count : 1, sizeof(*theirs.items));
	for (size_t i = 0; i < roots->count; i++)
		theirs.items[theirs.count++] = xstrdup(roots->items[i].text);
	qsort(theirs.items, theirs.count, sizeof(*theirs.items), compare_strings);
	same = ours.count == theirs.count;
	for (size_t i = 0; same && i < ours.count; i++)
		same = strcmp(ours.items[i], theirs.items[i]) == 0;
	if (!same) {
		struct strbuf sb = STRBUF_INIT;
		sb_puts(&sb, "the review was made on another model (its top-level entities: ");
		join(&sb, &theirs);
		sb_puts(&sb, "; this model's: ");
		join(&sb, &ours);
		sb_puts(&sb, ")");
		rc = refuse(c, "%s", sb_str(&sb));
		sb_free(&sb);
	}
	string_list_clear(&ours);
	string_list_clear(&theirs);
	return rc;
}

static bool is_utc_time(const char *s)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";

	if (strlen(s) != UTC_TIME_LENGTH)
		return false;
	for (size_t i = 0; i < UTC_TIME_LENGTH; i++)
		if (shape[i] == 'd' ? !(s[i] >= '0' && s[i] <= '9') : s[i] != shape[i])
			return false;
	return true;
}

/* One field's last change: {"who": S, "when": UTC} or null. */
static int read_change(struct checker *c, size_t n, const struct json_value *changes,
                       const char *field, struct note_import_change *out)
{
	const struct json_value *v = json_object_get(changes, field), *who, *when;

	memset(out, 0, sizeof(*out));
	if (!v || v->type == JSON_NULL)
		return 0;
	who = member(v, "who", JSON_STRING);
	when = member(v, "when", JSON_STRING);
	if (v->type != JSON_OBJECT || !who || !when)
		return refuse(c, "entity %zu: changes.%s is not {\"who\", \"when\"}", n, field);
	if (!is_utc_time(when->text)) {
		char *t = shown(when->text);
		int rc = refuse(c, "entity %zu: changes.%s.when is '%s', not a UTC time"
		                " (2024-05-01T12:34:56Z)", n, field, t);
		free(t);
		return rc;
	}
	out->who = who->text;
	out->when = when->text;
	return 0;
}

/* One entry of "entities" as an import (pointing into the document). */
static int read_entry(struct checker *c, size_t n, const struct json_value *v,
                      struct note_import *out)
{
	const struct json_value *id = member(v, "id", JSON_STRING);
	const struct json_value *flag = member(v, "flag", JSON_STRING);
	const struct json_value *note = member(v, "note", JSON_STRING);
	const struct json_value *reviewed = json_object_get(v, "reviewed");
	const struct json_value *changes = member(v, "changes", JSON_OBJECT);

	memset(out, 0, sizeof(*out));
	if (v->type != JSON_OBJECT)
		return refuse(c, "entity %zu is a %s, not an object", n, json_type_name(v->type));
	if (!id || !*id->text || id->length > NOTES_MAX_ID)
		return refuse(c, "entity %zu has no id (a string of 1 to %d bytes)", n, NOTES_MAX_ID);
	if (!flag || !note_flag_parse(flag->text, &out->flag) ||
	    strcmp(flag->text, note_flag_name(out->flag)) != 0)
		return refuse(c, "entity %zu: flag is not one of none, ok, question, concern", n);
	if (!reviewed || (reviewed->type != JSON_TRUE && reviewed->type != JSON_FALSE))
		return refuse(c, "entity %zu: reviewed is not true or false", n);
	if (!note)
		return refuse(c, "entity %zu has no note (a string, \"\" for none)", n);
	if (note->length > NOTES_MAX_TEXT)
		return refuse(c, "entity %zu: its note is longer than %d bytes", n, NOTES_MAX_TEXT);
	if (!changes)
		return refuse(c, "entity %zu has no changes (who changed each field, when)", n);
	out->entity_id = id->text;
	out->text = note->text;
	out->reviewed = reviewed->type == JSON_TRUE;
	if (read_change(c, n, changes, "text", &out->text_change) != 0 ||
	    read_change(c, n, changes, "flag", &out->flag_change) != 0 ||
	    read_change(c, n, changes, "reviewed", &out->reviewed_change) != 0)
		return -1;
	if (*out->text && !out->text_change.who)
		return refuse(c, "entity %zu has a note but not who wrote it (changes.text)", n);
	return 0;
}

static int read_entries(struct checker *c, const struct json_value *doc,
                        struct note_import **entries, size_t *count)
{
	const struct json_value *list = member(doc, "entities", JSON_ARRAY);

	*entries = xcalloc(list->count ? list->count : 1, sizeof(**entries));
	*count = list->count;
	for (size_t i = 0; i < list->count; i++)
		if (read_entry(c, i + 1, &list->items[i], &(*entries)[i]) != 0)
			return -1;
	return 0;
}

/* ---- importing ------------------------------------------------------------------------ */

static char *member_dup(const struct json_value *doc, const char *key)
{
	const struct json_value *v = member(doc, key, JSON_STRING);

	return v ? xstrdup(v->text) : NULL;
}

static enum review_import_status merge(struct notes *notes, const char *path,
                                       const struct json_value *doc,
                                       const struct note_import *entries, size_t count,
                                       bool dry_run, struct review_import *out, char **error)
{
	char *real = realpath(path, NULL);   /* the history names the file wherever it was */
	int rc = notes_import(notes, entries, count, real ? real : path, dry_run, &out->report);

	free(real);

	if (rc == NOTES_INVALID || rc == NOTES_TOO_LARGE || rc == NOTES_DAMAGED) {
		char *name = shown(path), *why = shown(notes_errmsg(notes));
		*error = xasprintf("%s: %s: nothing imported", name, why);
		free(name);
		free(why);
		return rc == NOTES_DAMAGED ? REVIEW_IMPORT_FAILED : REVIEW_IMPORT_REFUSED;
	}
	if (rc != NOTES_OK) {
		char *why = shown(notes_errmsg(notes));
		*error = xasprintf("%s: nothing imported", why);
		free(why);
		return REVIEW_IMPORT_FAILED;
	}
	out->count = count;
	out->ids = xcalloc(count ? count : 1, sizeof(*out->ids));
	for (size_t i = 0; i < count; i++)
		out->ids[i] = xstrdup(entries[i].entity_id);
	out->by = member_dup(doc, "by");
	out->exported = member_dup(doc, "exported");
	return REVIEW_IMPORT_OK;
}

enum review_import_status review_import_file(struct store *st, struct notes *notes,
                                             const char *path, bool dry_run,
                                             struct review_import *out, char **error)
{
	struct json_limits limits = { IMPORT_MAX_DEPTH, NOTES_MAX_TEXT, IMPORT_MAX_VALUES };
	struct checker c = { 0 };
	struct json_value doc;
	struct note_import *entries = NULL;
	enum review_import_status status = REVIEW_IMPORT_REFUSED;
	size_t length, count = 0;
	char *text, *why = NULL, *name;

	memset(out, 0, sizeof(*out));
	*error = NULL;
	if (!(text = slurp(path, &length, error)))
		return REVIEW_IMPORT_FAILED;
	name = shown(path);
	c.name = name;
	if (json_parse(text, length, &limits, &doc, &why) != 0) {
		refuse(&c, "not a review exported by icsview: not JSON (%s)", why);
		free(why);
	} else if (check_format(&c, &doc) == 0 && check_model(&c, &doc, st) == 0 &&
	           read_entries(&c, &doc, &entries, &count) == 0) {
		status = merge(notes, path, &doc, entries, count, dry_run, out, &c.error);
	}
	*error = c.error;
	free(entries);
	json_value_free(&doc);
	free(text);
	free(name);
	return *error ? status : REVIEW_IMPORT_OK;
}
