/* Declarations of kinds and relations: each key of `kinds:` or
 * `relations:` is a name, its value a mapping (or, for a kind, nothing)
 * declared to the writer when it ends; a name declared twice must be
 * declared the same way. */
#include "loader_private.h"

#include <stdlib.h>
#include <string.h>
#include "icsview/base/model.h"

void declaration_start(struct loader *ld, struct frame *f, const struct yevent *ev)
{
	bool kind = f->type == F_KINDS;
	unsigned line = f->key_line, col = f->key_col;

	if (!model_name_valid(f->key, strlen(f->key))) {
		error_at(ld, line, col,
		         "invalid %s name '%s': use lower-case letters, digits and _",
		         kind ? "kind" : "relation", f->key);
		skip_value(ld, ev);
		return;
	}
	if (ev->type == YEV_MAP_START) {
		char *name = xstrdup(f->key);
		struct frame *def = frame_push(ld, kind ? F_KIND_DEF : F_RELATION_DEF, ev);

		/* f may have moved: the name and position were taken before */
		def->name = name;
		def->line = line;
		def->col = col;
		return;
	}
	if (kind && is_null(ev)) {
		/* `name: ~` declares a kind with a badge made from its name */
		struct frame bare = {
			.type = F_KIND_DEF, .name = xstrdup(f->key), .line = line, .col = col,
		};
		declaration_end(ld, &bare);
		frame_free(&bare);
		return;
	}
	wrong_type(ld, ev, kind ? "a kind declaration" : "a relation declaration",
	           kind ? "a mapping with 'badge'" : "a mapping with 'inverse'");
}

void declaration_value(struct loader *ld, struct frame *f, const struct yevent *ev)
{
	struct declaration_draft *d = &f->d.decl;
	bool kind = f->type == F_KIND_DEF;
	const char *key = f->key;
	char *flag = NULL;

	if (strcmp(key, "description") == 0) {
		take_scalar(ld, ev, key, &d->description, false);
	} else if (kind && strcmp(key, "badge") == 0) {
		if (take_scalar(ld, ev, key, &d->badge, true) && !model_badge_valid(d->badge, ev->length))
			error_at(ld, ev->line, ev->col, "invalid badge '%s': use 1-%d letters", d->badge,
			         MODEL_BADGE_MAX);
	} else if (!kind && strcmp(key, "inverse") == 0) {
		if (take_scalar(ld, ev, key, &d->inverse, true) &&
		    !model_name_valid(d->inverse, ev->length))
			error_at(ld, ev->line, ev->col,
			         "invalid relation name '%s': use lower-case letters, digits and _",
			         d->inverse);
	} else if (!kind && strcmp(key, "secondary") == 0) {
		if (take_scalar(ld, ev, key, &flag, true)) {
			if (strcmp(flag, "true") == 0 || strcmp(flag, "yes") == 0)
				d->secondary = true;
			else if (strcmp(flag, "false") != 0 && strcmp(flag, "no") != 0)
				error_at(ld, ev->line, ev->col, "'secondary' must be true or false, not '%s'",
				         flag);
		}
		free(flag);
	} else {
		unknown_key(ld, f, kind ? "a kind declaration" : "a relation declaration",
		            kind ? "badge, description" : "inverse, secondary, description", ev);
	}
}

void declaration_end(struct loader *ld, struct frame *f)
{
	struct declaration_draft *d = &f->d.decl;
	struct position previous = { 0 }, pos = here(ld, f->line, f->col);
	bool kind = f->type == F_KIND_DEF;
	char badge[MODEL_BADGE_MAX + 1] = { 0 };
	enum writer_declared rc;

	if (kind) {
		if (!d->badge) {
			/* the name's first letters (up to MODEL_BADGE_MAX), in capitals */
			size_t n = 0;
			for (size_t i = 0; n < MODEL_BADGE_MAX && f->name[i]; i++)
				if (f->name[i] >= 'a' && f->name[i] <= 'z')
					badge[n++] = (char)(f->name[i] - 'a' + 'A');
			d->badge = xstrdup(n ? badge : "X");
		}
		rc = writer_declare_kind(ld->writer, f->name, d->badge, d->description, pos, &previous);
	} else {
		if (!d->inverse) {
			error_at(ld, f->line, f->col, "relation '%s' has no 'inverse'", f->name);
			return;
		}
		if (strcmp(d->inverse, f->name) == 0) {
			error_at(ld, f->line, f->col, "relation '%s' cannot be its own inverse", f->name);
			return;
		}
		rc = writer_declare_relation(ld->writer, f->name, d->inverse, d->secondary,
		                             d->description, pos, &previous);
	}
	if (rc == WRITER_DECLARE_FAILED) {
		stored(ld, -1);
	} else if (rc == WRITER_DECLARED_DIFFERENTLY && previous.file_no < 0) {
		error_at(ld, f->line, f->col, "%s '%s' conflicts with a core %s",
		         kind ? "kind" : "relation", f->name,
		         kind ? "kind of that name" : "relation or inverse of that name");
	} else if (rc == WRITER_DECLARED_DIFFERENTLY) {
		error_at(ld, f->line, f->col, "%s '%s' is declared differently at %s:%u:%u",
		         kind ? "kind" : "relation", f->name, ld->files->items[previous.file_no].path,
		         previous.line, previous.col);
	}
}
