/* The view remembered between runs (saved_view.h): eids to ids and back,
 * and the marks' text. */
#include "icsview/views/saved_view.h"

#include <stdlib.h>
#include <string.h>
#include "icsview/base/model.h"
#include "icsview/base/util.h"

/* Marks' lines hold a letter, "-" or a root id, and a selection id. */
#define TOP_FIELD "-"

void saved_view_clear(struct saved_view *view)
{
	if (!view)
		return;
	free(view->filter);
	memset(view, 0, sizeof(*view));
}

static bool same_text(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

bool saved_view_equal(const struct saved_view *a, const struct saved_view *b)
{
	if (a->root != b->root || a->selected != b->selected || !same_text(a->filter, b->filter))
		return false;
	for (size_t i = 0; i < SAVED_VIEW_MARKS; i++)
		if (a->marks[i].root != b->marks[i].root ||
		    a->marks[i].selected != b->marks[i].selected)
			return false;
	return true;
}

void saved_view_copy(struct saved_view *to, const struct saved_view *from)
{
	saved_view_clear(to);
	*to = *from;
	to->filter = from->filter ? xstrdup(from->filter) : NULL;
}

/* ---- the marks' text ------------------------------------------------------ */

void saved_marks_clear(struct saved_mark_ids marks[SAVED_VIEW_MARKS])
{
	for (size_t i = 0; i < SAVED_VIEW_MARKS; i++) {
		free(marks[i].root);
		free(marks[i].selected);
		marks[i].root = marks[i].selected = NULL;
	}
}

char *saved_marks_format(const struct saved_mark_ids marks[SAVED_VIEW_MARKS])
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < SAVED_VIEW_MARKS; i++) {
		if (!marks[i].selected)
			continue;
		sb_printf(&sb, "%c %s %s\n", (char)('a' + i),
		          marks[i].root ? marks[i].root : TOP_FIELD, marks[i].selected);
	}
	return sb_detach(&sb);
}

/* An id field of a line: [start, end). */
static bool id_field(const char *start, const char *end)
{
	return model_id_valid(start, (size_t)(end - start));
}

/* One line, without its newline: "L ROOT SELECTED". */
static bool parse_line(const char *line, size_t len, struct saved_mark_ids marks[])
{
	const char *end = line + len, *root, *root_end, *selected;
	size_t letter;

	if (len < 5 || line[0] < 'a' || line[0] > 'z' || line[1] != ' ')
		return false;
	letter = (size_t)(line[0] - 'a');
	root = line + 2;
	root_end = memchr(root, ' ', (size_t)(end - root));
	if (!root_end)
		return false;
	selected = root_end + 1;
	if (memchr(selected, ' ', (size_t)(end - selected)) || !id_field(selected, end))
		return false;
	if (!(root_end - root == 1 && *root == '-') && !id_field(root, root_end))
		return false;
	free(marks[letter].root);
	free(marks[letter].selected);
	marks[letter].root = *root == '-' ? NULL : xstrndup(root, (size_t)(root_end - root));
	marks[letter].selected = xstrndup(selected, (size_t)(end - selected));
	return true;
}

int saved_marks_parse(const char *text, struct saved_mark_ids marks[SAVED_VIEW_MARKS],
                      char **error)
{
	size_t line_no = 1;

	memset(marks, 0, SAVED_VIEW_MARKS * sizeof(marks[0]));
	*error = NULL;
	for (const char *p = text; p && *p; line_no++) {
		const char *nl = strchr(p, '\n');

		if (!nl || !parse_line(p, (size_t)(nl - p), marks)) {
			saved_marks_clear(marks);
			*error = xasprintf("the marks are damaged (line %zu is not a mark)", line_no);
			return -1;
		}
		p = nl + 1;
	}
	return 0;
}

/* ---- eids and ids ------------------------------------------------------------ */

/* The id of eid into *id (NULL for eid 0 or one the model does not have). */
static int id_of(struct store *st, int64_t eid, char **id, char **error)
{
	struct entity e;
	int rc;

	*id = NULL;
	if (!eid)
		return 0;
	rc = store_entity(st, eid, &e);
	if (rc == STORE_NOT_FOUND)
		return 0;
	if (rc != STORE_OK) {
		*error = xasprintf("cannot read the model: %s", store_errmsg(st));
		return -1;
	}
	*id = xstrdup(e.id);
	entity_clear(&e);
	return 0;
}

static int marks_record(struct store *st, const struct location marks[], char **text,
                        char **error)
{
	struct saved_mark_ids ids[SAVED_VIEW_MARKS] = { { 0 } };
	int rc = 0;

	for (size_t i = 0; i < SAVED_VIEW_MARKS && rc == 0; i++) {
		if (!marks[i].selected)
			continue;
		rc = id_of(st, marks[i].root, &ids[i].root, error);
		if (rc == 0)
			rc = id_of(st, marks[i].selected, &ids[i].selected, error);
	}
	*text = rc == 0 ? saved_marks_format(ids) : NULL;
	saved_marks_clear(ids);
	return rc;
}

int saved_view_record(struct store *st, const struct saved_view *view, struct notes_view *out,
                      char **error)
{
	memset(out, 0, sizeof(*out));
	*error = NULL;
	out->version = NOTES_VIEW_VERSION;
	if (id_of(st, view->root, &out->root, error) != 0 ||
	    id_of(st, view->selected, &out->selection, error) != 0 ||
	    marks_record(st, view->marks, &out->marks, error) != 0)
		return -1;
	out->filter = view->filter ? xstrdup(view->filter) : NULL;
	return 0;
}

enum found { FOUND, GONE, UNREADABLE };

/* The eid of the entity whose id is exactly id (store_entity_by_id also
 * takes an aka: not here, where an id was stored). */
static enum found eid_of(struct store *st, const char *id, int64_t *eid)
{
	struct entity e;
	int rc;

	*eid = 0;
	if (!id || !model_id_valid(id, strlen(id)))
		return GONE;
	rc = store_entity_by_id(st, id, &e);
	if (rc == STORE_NOT_FOUND)
		return GONE;
	if (rc != STORE_OK)
		return UNREADABLE;
	if (strcmp(e.id, id) == 0)
		*eid = e.eid;
	entity_clear(&e);
	return *eid ? FOUND : GONE;
}

/* The marks whose entities the model still has; the others counted. */
static enum found resolve_marks(struct store *st, const struct saved_mark_ids ids[],
                                struct saved_view *out, size_t *lost)
{
	for (size_t i = 0; i < SAVED_VIEW_MARKS; i++) {
		struct location *m = &out->marks[i];
		enum found root = FOUND, selected;

		if (!ids[i].selected)
			continue;
		if (ids[i].root)
			root = eid_of(st, ids[i].root, &m->root);
		selected = eid_of(st, ids[i].selected, &m->selected);
		if (root == UNREADABLE || selected == UNREADABLE)
			return UNREADABLE;
		if (root == GONE || selected == GONE) {
			*m = (struct location){ 0, 0 };
			(*lost)++;
		}
	}
	return FOUND;
}

static enum saved_view_result resolve_failed(struct store *st, struct saved_view *out,
                                             char **error)
{
	saved_view_clear(out);
	*error = xasprintf("cannot read the model: %s", store_errmsg(st));
	return SAVED_VIEW_FAILED;
}

enum saved_view_result saved_view_resolve(struct store *st, const struct notes_view *record,
                                          struct saved_view *out,
                                          struct saved_view_losses *lost, char **error)
{
	struct saved_mark_ids ids[SAVED_VIEW_MARKS];
	enum found root, selected, marks;

	memset(out, 0, sizeof(*out));
	memset(lost, 0, sizeof(*lost));
	*error = NULL;
	if (record->version > NOTES_VIEW_VERSION) {
		*error = xasprintf("the remembered view is of a newer format (%lld)",
		                   (long long)record->version);
		return SAVED_VIEW_NEWER;
	}
	if (record->version < 1) {
		*error = xasprintf("the remembered view is damaged (format %lld)",
		                   (long long)record->version);
		return SAVED_VIEW_DAMAGED;
	}
	if (saved_marks_parse(record->marks, ids, error) != 0)
		return SAVED_VIEW_DAMAGED;
	root = eid_of(st, record->root, &out->root);
	selected = eid_of(st, record->selection, &out->selected);
	marks = resolve_marks(st, ids, out, &lost->marks);
	saved_marks_clear(ids);
	if (root == UNREADABLE || selected == UNREADABLE || marks == UNREADABLE)
		return resolve_failed(st, out, error);
	lost->root = record->root && root == GONE;
	lost->selected = record->selection && selected == GONE;
	out->filter = record->filter && *record->filter ? xstrdup(record->filter) : NULL;
	return SAVED_VIEW_OK;
}
