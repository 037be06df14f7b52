/* The vocabulary of a build, in memory: the kinds and relations declared
 * so far (the core ones first), the names used before their declaration,
 * and the numbers kinds and relations are stored as.  The loader's questions (is this
 * kind known? is this relation declared differently?) are answered from
 * here, never from the database, so that it never waits for the SQLite
 * thread. */
#include <stdlib.h>
#include <string.h>
#include "icsview/base/model.h"
#include "icsview/base/suggest.h"
#include "icsview/base/util.h"
#include "build_private.h"

void remember_kind(struct store_writer *w, const char *name, const char *badge,
                   struct position pos)
{
	bool added;
	int32_t *slot = strmap_insert(&w->kind_names, name, &added);

	GROW(w->kinds, w->kind_cap, w->kind_count + 1);
	w->kinds[w->kind_count] = (struct vocab_kind){ xstrdup(name), xstrdup(badge), pos };
	*slot = (int32_t)w->kind_count++;
}

void remember_relation(struct store_writer *w, const char *name, const char *inverse,
                       bool secondary, struct position pos)
{
	bool added;
	int32_t index = (int32_t)w->relation_count;

	GROW(w->relations, w->relation_cap, w->relation_count + 1);
	w->relations[w->relation_count++] =
		(struct vocab_relation){ xstrdup(name), xstrdup(inverse), secondary, pos };
	*strmap_insert(&w->relation_names, name, &added) = index;
	*strmap_insert(&w->relation_names, inverse, &added) = -1 - index;
}

static const struct vocab_kind *find_kind(const struct store_writer *w, const char *name)
{
	const int32_t *index = strmap_find(&w->kind_names, name);

	return index ? &w->kinds[*index] : NULL;
}

/* The relation with this name or inverse name; *inverse says which. */
static const struct vocab_relation *find_relation(const struct store_writer *w, const char *name,
                                                  bool *inverse)
{
	const int32_t *index = strmap_find(&w->relation_names, name);

	if (!index)
		return NULL;
	*inverse = *index < 0;
	return &w->relations[*index < 0 ? -1 - *index : *index];
}

int kind_code(const struct store_writer *w, const char *name)
{
	const int32_t *index = strmap_find(&w->kind_names, name);

	return index ? *index + 1 : 0;
}

int relation_code(const struct store_writer *w, const char *name)
{
	const int32_t *index = strmap_find(&w->relation_names, name);

	return index && *index >= 0 ? *index + 1 : 0;
}

/* Written on the caller's thread before the SQLite thread starts, so that
 * a failure is the failure to begin. */
int insert_core_vocabulary(struct store_writer *w)
{
	const struct position none = { -1, 0, 0 };
	struct batch *b = w->rows.current;
	int rc;

	for (size_t i = 0; i < core_kind_count; i++) {
		put_kind(b, (int)w->kind_count + 1, core_kinds[i].name, core_kinds[i].badge,
		         core_kinds[i].description, true, none);
		remember_kind(w, core_kinds[i].name, core_kinds[i].badge, none);
	}
	for (size_t i = 0; i < core_relation_count; i++) {
		put_relation(b, (int)w->relation_count + 1, core_relations[i].name,
		             core_relations[i].inverse, core_relations[i].secondary,
		             core_relations[i].description, true, none);
		remember_relation(w, core_relations[i].name, core_relations[i].inverse,
		                  core_relations[i].secondary, none);
	}
	rc = records_replay(w, b);
	b->len = 0;
	return rc;
}

void free_vocabulary(struct store_writer *w)
{
	for (size_t i = 0; i < w->kind_count; i++) {
		free(w->kinds[i].name);
		free(w->kinds[i].badge);
	}
	for (size_t i = 0; i < w->relation_count; i++) {
		free(w->relations[i].name);
		free(w->relations[i].inverse);
	}
	for (size_t i = 0; i < w->pending_count; i++)
		free(w->pending[i].name);
	for (size_t i = 0; i < w->late_kind_count; i++)
		free(w->late_kinds[i].name);
	free(w->kinds);
	free(w->relations);
	free(w->pending);
	free(w->late_kinds);
	strmap_free(&w->kind_names);
	strmap_free(&w->relation_names);
	strmap_free(&w->fact_keys);
	strmap_free(&w->types);
}

/* ---- declarations ------------------------------------------------------------------ */

enum writer_declared writer_declare_kind(struct store_writer *w, const char *name,
                                         const char *badge, const char *description,
                                         struct position pos, struct position *previous)
{
	const struct vocab_kind *known = find_kind(w, name);

	if (known) {
		*previous = known->pos;
		return strcmp(known->badge, badge) == 0 ? WRITER_DECLARED : WRITER_DECLARED_DIFFERENTLY;
	}
	remember_kind(w, name, badge, pos);
	put_kind(w->rows.current, (int)w->kind_count, name, badge, description, false, pos);
	return record_done(w) == 0 ? WRITER_DECLARED : WRITER_DECLARE_FAILED;
}

/* A declaration is compared with the first relation found by, in order:
 * its name as a name, its name as an inverse, its inverse as a name, its
 * inverse as an inverse. */
enum writer_declared writer_declare_relation(struct store_writer *w, const char *name,
                                             const char *inverse, bool secondary,
                                             const char *description, struct position pos,
                                             struct position *previous)
{
	const char *const probes[2] = { name, inverse };

	for (int wanted = 0; wanted < 4; wanted++) {
		bool as_inverse;
		const struct vocab_relation *known = find_relation(w, probes[wanted / 2], &as_inverse);

		if (known && as_inverse == (wanted % 2 == 1)) {
			*previous = known->pos;
			return strcmp(known->name, name) == 0 && strcmp(known->inverse, inverse) == 0 &&
			       known->secondary == secondary ? WRITER_DECLARED
			                                     : WRITER_DECLARED_DIFFERENTLY;
		}
	}
	remember_relation(w, name, inverse, secondary, pos);
	put_relation(w->rows.current, (int)w->relation_count, name, inverse, secondary, description,
	             false, pos);
	return record_done(w) == 0 ? WRITER_DECLARED : WRITER_DECLARE_FAILED;
}

bool writer_kind_known(struct store_writer *w, const char *name)
{
	return find_kind(w, name) != NULL;
}

bool writer_relation_known(struct store_writer *w, const char *name)
{
	bool inverse;

	return find_relation(w, name, &inverse) != NULL;
}

bool writer_relation(struct store_writer *w, const char *name, const char **forward,
                     bool *inverse, bool *secondary)
{
	const struct vocab_relation *r = find_relation(w, name, inverse);

	if (!r)
		return false;
	*forward = r->name;
	*secondary = r->secondary;
	return true;
}

int writer_add_pending(struct store_writer *w, const char *what, const char *name,
                       struct position pos)
{
	GROW(w->pending, w->pending_cap, w->pending_count + 1);
	w->pending[w->pending_count++] =
		(struct pending_name){ strcmp(what, "kind") == 0, xstrdup(name), pos };
	return atomic_load(&w->failed) ? -1 : 0;
}

static const char *path_of_file(const struct model_files *files, int file_no)
{
	if (file_no < 0 || (size_t)file_no >= files->count)
		return "";
	return files->items[file_no].path;
}

/* The known kind, or relation name (else inverse), nearest to an unknown
 * name, or NULL. */
static const char *nearest_name(const struct store_writer *w, const struct pending_name *p)
{
	struct suggest s;

	suggest_init(&s, p->name);
	if (p->kind) {
		for (size_t i = 0; i < w->kind_count; i++)
			suggest_consider(&s, w->kinds[i].name);
		return s.best;
	}
	/* links are mostly written with a relation's name: an inverse only
	 * when no name is close ("member" is member_of, not members) */
	for (size_t i = 0; i < w->relation_count; i++)
		suggest_consider(&s, w->relations[i].name);
	if (!s.best)
		for (size_t i = 0; i < w->relation_count; i++)
			suggest_consider(&s, w->relations[i].inverse);
	return s.best;
}

/* Unknown kinds first, then unknown relations, each in the order of use,
 * with the nearest known name when one is close. */
void writer_report_unknown_names(struct store_writer *w, const struct model_files *files,
                                 struct diag_list *diags)
{
	for (int kinds = 1; kinds >= 0; kinds--) {
		for (size_t i = 0; i < w->pending_count; i++) {
			const struct pending_name *p = &w->pending[i];
			const char *nearest;
			bool inverse;

			if (p->kind != (kinds == 1))
				continue;
			if (p->kind ? find_kind(w, p->name) != NULL
			            : find_relation(w, p->name, &inverse) != NULL)
				continue;
			nearest = nearest_name(w, p);
			diag_add(diags, p->pos.file_no, path_of_file(files, p->pos.file_no), p->pos.line,
			         p->pos.col, "%s '%s'%s%s%s", p->kind ? "unknown kind" : "unknown relation",
			         p->name, nearest ? " (did you mean '" : "", nearest ? nearest : "",
			         nearest ? "'?)" : "");
		}
	}
}
