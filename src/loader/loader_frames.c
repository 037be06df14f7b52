/* The loader's stack of frames, and what every part of it uses to report
 * a problem, hand a row to the writer and take a scalar. */
#include "loader_private.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "icsview/base/suggest.h"
#include "icsview/base/util.h"

/* ---- the frame stack ----------------------------------------------------- */

struct frame *frame_push(struct loader *ld, enum frame_type type, const struct yevent *ev)
{
	struct frame *f;

	GROW(ld->frames, ld->cap, ld->depth + 1);
	f = &ld->frames[ld->depth++];
	memset(f, 0, sizeof(*f));
	f->type = type;
	f->is_map = ev->type == YEV_MAP_START;
	f->line = ev->line;
	f->col = ev->col;
	if (type == F_SKIP)
		f->skip_depth = 1;
	return f;
}

void frame_pop(struct loader *ld)
{
	frame_free(frame_top(ld));
	ld->depth--;
}

void frame_free(struct frame *f)
{
	free(f->key);
	strmap_free(&f->keys);
	free(f->name);
	switch (f->type) {
	case F_ENTITY:
		free(f->d.entity.id); free(f->d.entity.kind); free(f->d.entity.name);
		free(f->d.entity.type); free(f->d.entity.text); free(f->d.entity.parent_id);
		break;
	case F_LINK:
		free(f->d.link.rel); free(f->d.link.to);
		break;
	case F_FACT_MAP:
		free(f->d.fact.value); free(f->d.fact.note); free(f->d.fact.reason);
		break;
	case F_KIND_DEF: case F_RELATION_DEF:
		free(f->d.decl.badge); free(f->d.decl.inverse); free(f->d.decl.description);
		break;
	default:
		break;
	}
}

bool frame_has_key(const struct frame *f, const char *key)
{
	return strmap_find(&f->keys, key) != NULL;
}

void skip_value(struct loader *ld, const struct yevent *ev)
{
	if (is_start(ev))
		frame_push(ld, F_SKIP, ev);
}

int *draft_counter(struct loader *ld, size_t index, bool aka)
{
	struct frame *f;

	if (index == NO_FRAME)
		return &ld->file_source_count;
	f = &ld->frames[index];
	switch (f->type) {
	case F_ENTITY: return aka ? &f->d.entity.aka_count : &f->d.entity.source_count;
	case F_FACT_MAP: return &f->d.fact.source_count;
	default: return &f->d.link.source_count;
	}
}

/* ---- reporting, storing, taking a scalar ------------------------------------ */

void error_at(struct loader *ld, unsigned line, unsigned col, const char *fmt, ...)
{
	va_list ap;
	char *message;

	va_start(ap, fmt);
	message = xvasprintf(fmt, ap);
	va_end(ap);
	diag_add(ld->diags, ld->file_no, ld->path, line, col, "%s", message);
	free(message);
}

/* A failed insert means the database itself is broken (disk full, …): no
 * point in reading on. */
int stored(struct loader *ld, int rc)
{
	if (rc != 0 && !ld->fatal) {
		diag_add(ld->diags, -1, "", 0, 0, "cannot store the model: %s",
		         writer_errmsg(ld->writer));
		ld->fatal = true;
		ld->store_failed = true;
	}
	return rc;
}

void wrong_type(struct loader *ld, const struct yevent *ev, const char *what,
                const char *expected)
{
	error_at(ld, ev->line, ev->col, "%s must be %s, not %s", what, expected,
	         yevent_describe(ev->type));
	skip_value(ld, ev);
}

bool take_scalar(struct loader *ld, const struct yevent *ev, const char *key, char **slot,
                 bool required)
{
	char *what;

	if (ev->type != YEV_SCALAR) {
		what = xasprintf("'%s'", key);
		wrong_type(ld, ev, what, "a scalar");
		free(what);
		return false;
	}
	/* a quoted "" is as empty as a null */
	if (is_null(ev) || (required && ev->length == 0)) {
		if (required)
			error_at(ld, ev->line, ev->col, "'%s' must not be empty", key);
		return false;
	}
	free(*slot);
	*slot = xstrndup(ev->value, ev->length);
	return true;
}

/* The word of `expected` ("a, b, c") nearest to key, copied into out
 * (size bytes); false when none is close. */
static bool nearest_key(const char *key, const char *expected, char *out, size_t size)
{
	struct suggest s;
	char *words = xstrdup(expected), *save = NULL, *best = NULL;

	suggest_init(&s, key);
	for (char *w = strtok_r(words, ", ", &save); w; w = strtok_r(NULL, ", ", &save))
		suggest_consider(&s, w);
	best = (char *)s.best;
	if (best)
		snprintf(out, size, "%s", best);
	free(words);
	return best != NULL;
}

void unknown_key(struct loader *ld, const struct frame *f, const char *where,
                 const char *expected, const struct yevent *ev)
{
	char nearest[64];

	if (nearest_key(f->key, expected, nearest, sizeof(nearest)))
		error_at(ld, f->key_line, f->key_col,
		         "unknown key '%s' in %s (did you mean '%s'? expected %s)", f->key, where,
		         nearest, expected);
	else
		error_at(ld, f->key_line, f->key_col, "unknown key '%s' in %s (expected %s)", f->key,
		         where, expected);
	skip_value(ld, ev);
}
