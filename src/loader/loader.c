#include "icsview/loader/loader.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "icsview/store/load_refs.h"
#include "icsview/base/model.h"
#include "icsview/base/model_files.h"
#include "icsview/base/paths.h"
#include "icsview/store/store_build.h"
#include "icsview/store/store_check.h"
#include "icsview/loader/yaml_events.h"

enum frame_type {
	F_TOP, F_ENTITY_LIST, F_ENTITY, F_AKA, F_SOURCES, F_FACTS, F_FACT_LIST, F_FACT_MAP,
	F_LINKS, F_LINK, F_KINDS, F_KIND_DEF, F_RELATIONS, F_RELATION_DEF, F_SKIP,
};

struct entity_draft {
	char *id, *kind, *name, *type, *text, *parent_id;
	unsigned parent_line, parent_col;
	int64_t nested_in;     /* the enclosing entity, 0 at the top level */
	int aka_count, source_count;
	int id_aka;            /* 1 + the place among the aka of one that is the id and was
	                          not stored (writer_add_aka), 0: none */
	/* for the search index: the aka joined by spaces, the facts as "key
	 * value" joined by spaces, as they are stored */
	struct strbuf aka_text, fact_text;
	int fact_count;
};

struct link_draft {
	int64_t src;
	char *rel, *to;
	unsigned to_line, to_col;
	int fact_count, source_count;
};

struct fact_draft {
	int64_t fid;                 /* taken at the start, so citations can name it */
	char *value, *note;
	unsigned value_line, value_col;
	int source_count;
	bool reported;               /* a problem was reported: say no more */
};

struct declaration_draft {
	char *badge, *inverse, *description;
	bool secondary;
};

struct frame {
	enum frame_type type;
	bool is_map;
	unsigned line, col;          /* where the node starts */
	char *key;                   /* maps: the key whose value comes next (in `keys`,
	                                unless key_owned) */
	bool key_owned;              /* key is not in `keys`: free it after its value */
	unsigned key_line, key_col;
	bool skip_value;             /* the key was bad: ignore its value */
	struct string_set { char **items; size_t count, cap; } keys;  /* seen keys */
	size_t skip_depth;           /* F_SKIP */
	int64_t owner;               /* eid, lid, fid or file number */
	enum citation_owner cite_owner;
	size_t counter_frame;        /* F_AKA, F_SOURCES: the frame whose draft counts the
	                                entries (NO_FRAME: the file's sources); an index,
	                                since a push may move the frames */
	char *name;                  /* facts: the fact key; declarations: the name */
	union {
		struct entity_draft entity;
		struct link_draft link;
		struct fact_draft fact;
		struct declaration_draft decl;
	} d;
};

struct loader {
	const struct load_limits *limits;
	const struct model_files *files;
	struct diag_list *diags;
	struct store_writer *writer;
	struct load_summary summary;
	const char *path;
	int file_no;
	struct frame *frames;
	size_t depth, cap;
	int64_t next_eid, next_lid, next_fid;
	struct load_refs refs;
	int file_source_count;
	bool saw_version;
	bool fatal;                  /* stop everything: the writer failed or a limit hit */
	bool store_failed;
};

#define NO_FRAME SIZE_MAX

/* The counter of aka entries or sources of the draft in frame `index`. */
static int *counter(struct loader *ld, size_t index, bool aka)
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

static struct position here(const struct loader *ld, unsigned line, unsigned col)
{
	struct position pos = { ld->file_no, line, col };
	return pos;
}

/* The line of the entity whose mapping is being read: facts and links are
 * stored with their line as an offset from it. */
static unsigned owner_line(const struct loader *ld)
{
	for (size_t i = ld->depth; i-- > 0;)
		if (ld->frames[i].type == F_ENTITY)
			return ld->frames[i].line;
	return 0;
}

static void error_at(struct loader *ld, unsigned line, unsigned col, const char *fmt, ...)
	ICS_PRINTF(4, 5);

static void error_at(struct loader *ld, unsigned line, unsigned col, const char *fmt, ...)
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
static int stored(struct loader *ld, int rc)
{
	if (rc != 0 && !ld->fatal) {
		diag_add(ld->diags, -1, "", 0, 0, "cannot store the model: %s",
		         writer_errmsg(ld->writer));
		ld->fatal = true;
		ld->store_failed = true;
	}
	return rc;
}

static bool is_null(const struct yevent *ev)
{
	return ev->plain && (ev->length == 0 || strcmp(ev->value, "~") == 0 ||
	                     strcmp(ev->value, "null") == 0 || strcmp(ev->value, "Null") == 0 ||
	                     strcmp(ev->value, "NULL") == 0);
}

static bool is_start(const struct yevent *ev)
{
	return ev->type == YEV_MAP_START || ev->type == YEV_SEQ_START;
}

static struct frame *top(struct loader *ld)
{
	return &ld->frames[ld->depth - 1];
}

static struct frame *push(struct loader *ld, enum frame_type type, const struct yevent *ev)
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

static void skip_value(struct loader *ld, const struct yevent *ev)
{
	if (is_start(ev))
		push(ld, F_SKIP, ev);
}

static void free_frame(struct frame *f)
{
	if (f->key_owned)
		free(f->key);
	for (size_t i = 0; i < f->keys.count; i++)
		free(f->keys.items[i]);
	free(f->keys.items);
	free(f->name);
	switch (f->type) {
	case F_ENTITY:
		free(f->d.entity.id); free(f->d.entity.kind); free(f->d.entity.name);
		free(f->d.entity.type); free(f->d.entity.text); free(f->d.entity.parent_id);
		sb_free(&f->d.entity.aka_text); sb_free(&f->d.entity.fact_text);
		break;
	case F_LINK:
		free(f->d.link.rel); free(f->d.link.to);
		break;
	case F_FACT_MAP:
		free(f->d.fact.value); free(f->d.fact.note);
		break;
	case F_KIND_DEF: case F_RELATION_DEF:
		free(f->d.decl.badge); free(f->d.decl.inverse); free(f->d.decl.description);
		break;
	default:
		break;
	}
}

static void pop(struct loader *ld)
{
	free_frame(top(ld));
	ld->depth--;
}

/* Reports a value of the wrong shape and skips it. */
static void wrong_type(struct loader *ld, const struct yevent *ev, const char *what,
                       const char *expected)
{
	error_at(ld, ev->line, ev->col, "%s must be %s, not %s", what, expected,
	         yevent_describe(ev->type));
	skip_value(ld, ev);
}

/* Takes a scalar into *slot, or reports the wrong shape.  Empty values of
 * required fields are reported. */
static bool take_scalar(struct loader *ld, const struct yevent *ev, const char *key,
                        char **slot, bool required)
{
	char *what;

	if (ev->type != YEV_SCALAR) {
		what = xasprintf("'%s'", key);
		wrong_type(ld, ev, what, "a scalar");
		free(what);
		return false;
	}
	if (is_null(ev)) {
		if (required)
			error_at(ld, ev->line, ev->col, "'%s' must not be empty", key);
		return false;
	}
	free(*slot);
	*slot = xstrndup(ev->value, ev->length);
	return true;
}

static void unknown_key(struct loader *ld, const struct frame *f, const char *where,
                        const char *expected, const struct yevent *ev)
{
	error_at(ld, f->key_line, f->key_col, "unknown key '%s' in %s (expected %s)", f->key,
	         where, expected);
	skip_value(ld, ev);
}

/* ---- the search index's documents ---------------------------------------- */

/* The draft of the open entity eid (the innermost frames are searched
 * first: it is usually one to three frames down). */
static struct entity_draft *draft_of(struct loader *ld, int64_t eid)
{
	for (size_t i = ld->depth; i-- > 0;)
		if (ld->frames[i].type == F_ENTITY && ld->frames[i].owner == eid)
			return &ld->frames[i].d.entity;
	return NULL;
}

static void document_aka(struct loader *ld, int64_t eid, const char *value)
{
	struct entity_draft *e;

	if (!writer_wants_documents(ld->writer) || !(e = draft_of(ld, eid)))
		return;
	if (e->aka_count > 1)
		sb_putc(&e->aka_text, ' ');
	sb_puts(&e->aka_text, value);
}

static void document_fact(struct loader *ld, int64_t eid, const char *key, const char *value)
{
	struct entity_draft *e;

	if (!writer_wants_documents(ld->writer) || !(e = draft_of(ld, eid)))
		return;
	if (e->fact_count++)
		sb_putc(&e->fact_text, ' ');
	sb_printf(&e->fact_text, "%s %s", key, value);
}

/* ---- citations, aka ---------------------------------------------------- */

/* ---- references ------------------------------------------------------- */

/* The row id that `id` resolves to, if that is settled already: a stored
 * entity has it, and no entity still open could take it (an open entity
 * has a smaller row id than any it contains, and the smallest row id with
 * an id is the one it resolves to).  0 when the reference must wait for
 * the end of the model. */
static int64_t resolve(struct loader *ld, const char *id)
{
	int64_t eid = refs_lookup(&ld->refs, id);

	if (!eid)
		return 0;
	for (size_t i = 0; i < ld->depth; i++) {
		const struct frame *f = &ld->frames[i];
		if (f->type == F_ENTITY && (!f->d.entity.id || strcmp(f->d.entity.id, id) == 0))
			return 0;
	}
	return eid;
}

/* A link whose relation and target are both known, the right way round:
 * reports_to links and those of secondary relations are kept for the checks
 * and counts. */
static void note_link(struct loader *ld, int64_t lid, int64_t src, const char *rel, int64_t dst,
                      bool secondary, const struct deferred_link *where)
{
	struct load_refs *r = &ld->refs;

	if (secondary) {
		GROW(r->secondary, r->secondary_cap, r->secondary_count + 1);
		r->secondary[r->secondary_count++] = (struct ref_pair){ (int32_t)src, (int32_t)dst };
	}
	if (strcmp(rel, "reports_to") == 0) {
		GROW(r->reports, r->report_cap, r->report_count + 1);
		r->reports[r->report_count++] = (struct ref_edge){
			(int32_t)src, (int32_t)dst, lid > UINT32_MAX ? UINT32_MAX : (uint32_t)lid,
			where->file_no, where->to_line, where->to_col,
		};
	}
}

/* ---- citations, aka ---------------------------------------------------- */

static void add_citation(struct loader *ld, enum citation_owner owner_type, int64_t owner,
                         int *ord, const struct yevent *ev)
{
	const char *id = ev->value;
	int64_t source;

	if (ev->type != YEV_SCALAR || is_null(ev)) {
		if (ev->type != YEV_SCALAR)
			wrong_type(ld, ev, "a source", "a source id");
		else
			error_at(ld, ev->line, ev->col, "a source must not be empty");
		return;
	}
	source = resolve(ld, id);
	if (!source) {
		GROW(ld->refs.citations, ld->refs.citation_cap, ld->refs.citation_count + 1);
		ld->refs.citations[ld->refs.citation_count++] = (struct deferred_citation){
			.owner = owner, .owner_type = (int)owner_type, .ord = *ord,
			.source = refs_keep(&ld->refs, id), .file_no = ld->file_no,
			.line = ev->line, .col = ev->col,
		};
	} else if (!(ld->refs.flags[source] & REF_SOURCE)) {
		ld->refs.cites_non_source = true;
	}
	stored(ld, writer_add_citation(ld->writer, owner_type, owner, (*ord)++, id, source,
	                               here(ld, ev->line, ev->col)));
}

/* `source:` takes one id or a list of them, counted in the draft of frame
 * `counter_frame`. */
static void take_sources(struct loader *ld, const struct yevent *ev, enum citation_owner owner_type,
                         int64_t owner, size_t counter_frame)
{
	struct frame *f;

	if (ev->type == YEV_SEQ_START) {
		f = push(ld, F_SOURCES, ev);
		f->cite_owner = owner_type;
		f->owner = owner;
		f->counter_frame = counter_frame;
		return;
	}
	add_citation(ld, owner_type, owner, counter(ld, counter_frame, false), ev);
}

/* Scalars are NUL-terminated: those that go straight to the writer are
 * handed over as they are (the writer copies them).  The first aka that is
 * the entity's id (read before it: as most are, a code given as both) is
 * not stored: the entity row says where it comes (store.c). */
static void add_aka(struct loader *ld, int64_t eid, int *ord, const struct yevent *ev)
{
	struct entity_draft *e;

	if (ev->type != YEV_SCALAR) {
		wrong_type(ld, ev, "an 'aka' entry", "a scalar");
		return;
	}
	if (is_null(ev))
		return;
	e = draft_of(ld, eid);
	if (e && e->id && !e->id_aka && strcmp(ev->value, e->id) == 0) {
		e->id_aka = ++*ord;
		document_aka(ld, eid, ev->value);
		return;
	}
	if (stored(ld, writer_add_aka(ld->writer, eid, (*ord)++, ev->value)) == 0)
		document_aka(ld, eid, ev->value);
}

/* ---- the top level ---------------------------------------------------- */

static void top_value(struct loader *ld, struct frame *f, const struct yevent *ev)
{
	const char *key = f->key;
	char *text = NULL;

	if (strcmp(key, "icsview") == 0) {
		ld->saw_version = true;
		if (ev->type != YEV_SCALAR) {
			wrong_type(ld, ev, "'icsview'", "the format version 1");
		} else if (strcmp(ev->value, "1") != 0) {
			error_at(ld, ev->line, ev->col,
			         "unsupported format version '%s' (this icsview reads version %d)",
			         ev->value, MODEL_FORMAT_VERSION);
		}
	} else if (strcmp(key, "title") == 0) {
		if (take_scalar(ld, ev, key, &text, false))
			stored(ld, writer_set_file_title(ld->writer, ld->file_no, text));
		free(text);
	} else if (strcmp(key, "source") == 0) {
		take_sources(ld, ev, CITE_FILE, ld->file_no, NO_FRAME);
	} else if (strcmp(key, "kinds") == 0 || strcmp(key, "relations") == 0) {
		if (ev->type != YEV_MAP_START)
			wrong_type(ld, ev, key[0] == 'k' ? "'kinds'" : "'relations'", "a mapping");
		else
			push(ld, key[0] == 'k' ? F_KINDS : F_RELATIONS, ev);
	} else if (strcmp(key, "entities") == 0) {
		if (ev->type != YEV_SEQ_START && !is_null(ev))
			wrong_type(ld, ev, "'entities'", "a list of entities");
		else if (ev->type == YEV_SEQ_START)
			push(ld, F_ENTITY_LIST, ev);
	} else if (strncmp(key, "x-", 2) == 0) {
		skip_value(ld, ev);    /* extensions: a place for anchors and other tools' data */
	} else {
		unknown_key(ld, f, "the top level",
		            "icsview, title, source, kinds, relations, entities, x-…", ev);
	}
}

/* ---- entities ----------------------------------------------------------- */

static void entity_start(struct loader *ld, int64_t nested_in, const struct yevent *ev)
{
	struct frame *f;

	if (ev->type != YEV_MAP_START) {
		wrong_type(ld, ev, "an entity", "a mapping");
		return;
	}
	if ((size_t)ld->next_eid >= ld->limits->max_entities || ld->next_eid >= REFS_MAX_EID) {
		error_at(ld, ev->line, ev->col, "more entities than the limit of %zu",
		         ld->limits->max_entities < REFS_MAX_EID ? ld->limits->max_entities
		                                                 : (size_t)REFS_MAX_EID);
		ld->fatal = true;
		return;
	}
	f = push(ld, F_ENTITY, ev);
	f->owner = ++ld->next_eid;
	f->d.entity.nested_in = nested_in;
}

static const char *enclosing_entity_id(struct loader *ld)
{
	/* frames: ... F_ENTITY (parent), F_ENTITY_LIST (its children), F_ENTITY (this) */
	if (ld->depth >= 3 && ld->frames[ld->depth - 3].type == F_ENTITY &&
	    ld->frames[ld->depth - 3].d.entity.id)
		return ld->frames[ld->depth - 3].d.entity.id;
	return "the enclosing entity";
}

static void entity_value(struct loader *ld, struct frame *f, const struct yevent *ev)
{
	struct entity_draft *e = &f->d.entity;
	const char *key = f->key;
	int64_t eid = f->owner;

	if (strcmp(key, "id") == 0) {
		if (take_scalar(ld, ev, key, &e->id, true) && !model_id_valid(e->id, ev->length))
			error_at(ld, ev->line, ev->col,
			         "invalid id '%s': use 1-128 letters, digits and . _ : / + -, "
			         "starting with a letter or digit", e->id);
	} else if (strcmp(key, "kind") == 0) {
		if (take_scalar(ld, ev, key, &e->kind, true) && !writer_kind_known(ld->writer, e->kind))
			stored(ld, writer_add_pending(ld->writer, "kind", e->kind,
			                              here(ld, ev->line, ev->col)));
	} else if (strcmp(key, "name") == 0) {
		take_scalar(ld, ev, key, &e->name, true);
	} else if (strcmp(key, "type") == 0) {
		take_scalar(ld, ev, key, &e->type, false);
	} else if (strcmp(key, "text") == 0) {
		take_scalar(ld, ev, key, &e->text, false);
	} else if (strcmp(key, "aka") == 0) {
		if (ev->type == YEV_SEQ_START) {
			size_t entity_frame = ld->depth - 1;
			struct frame *list = push(ld, F_AKA, ev);
			list->owner = eid;
			list->counter_frame = entity_frame;
		} else {
			add_aka(ld, eid, &e->aka_count, ev);
		}
	} else if (strcmp(key, "source") == 0) {
		take_sources(ld, ev, CITE_ENTITY, eid, ld->depth - 1);
	} else if (strcmp(key, "parent") == 0) {
		if (e->nested_in) {
			error_at(ld, f->key_line, f->key_col,
			         "'parent' is not allowed on an entity nested in 'children' of '%s'",
			         enclosing_entity_id(ld));
			skip_value(ld, ev);
		} else if (take_scalar(ld, ev, key, &e->parent_id, true)) {
			e->parent_line = ev->line;
			e->parent_col = ev->col;
		}
	} else if (strcmp(key, "facts") == 0) {
		if (ev->type == YEV_MAP_START)
			push(ld, F_FACTS, ev)->owner = eid;
		else if (!is_null(ev))
			wrong_type(ld, ev, "'facts'", "a mapping of fact names to values");
	} else if (strcmp(key, "children") == 0 || strcmp(key, "links") == 0) {
		bool children = key[0] == 'c';
		if (ev->type == YEV_SEQ_START)
			push(ld, children ? F_ENTITY_LIST : F_LINKS, ev)->owner = eid;
		else if (!is_null(ev))
			wrong_type(ld, ev, children ? "'children'" : "'links'",
			           children ? "a list of entities" : "a list of links");
	} else {
		unknown_key(ld, f, "an entity",
		            "id, kind, name, aka, type, facts, text, source, parent, children, links", ev);
	}
}

static bool has_key(const struct frame *f, const char *key)
{
	for (size_t i = 0; i < f->keys.count; i++)
		if (strcmp(f->keys.items[i], key) == 0)
			return true;
	return false;
}

static void entity_end(struct loader *ld, struct frame *f)
{
	struct entity_draft *e = &f->d.entity;
	struct entity_row row;
	const char *missing[3];
	size_t n = 0;

	/* a key that is present but bad has been reported already */
	if (!e->id && !has_key(f, "id")) missing[n++] = "id";
	if (!e->kind && !has_key(f, "kind")) missing[n++] = "kind";
	if (!e->name && !has_key(f, "name")) missing[n++] = "name";
	if (!e->id || !e->kind || !e->name) {
		if (!n)
			return;
		struct strbuf list = STRBUF_INIT;
		for (size_t i = 0; i < n; i++)
			sb_printf(&list, "%s'%s'", i == 0 ? "" : i + 1 == n ? " and " : ", ", missing[i]);
		if (e->id)
			error_at(ld, f->line, f->col, "entity '%s' has no %s", e->id, sb_str(&list));
		else
			error_at(ld, f->line, f->col, "entity has no %s", sb_str(&list));
		sb_free(&list);
		return;
	}
	row = (struct entity_row){
		.eid = f->owner, .id = e->id, .kind = e->kind, .name = e->name, .type = e->type,
		.text = e->text, .parent = e->nested_in, .explicit_parent = e->parent_id != NULL,
		.pos = { ld->file_no, f->line, f->col },
		.parent_line = e->parent_line, .parent_col = e->parent_col,
		.id_aka = e->id_aka - 1,
	};
	if (e->parent_id && !(row.parent = resolve(ld, e->parent_id))) {
		GROW(ld->refs.parents, ld->refs.parent_cap, ld->refs.parent_count + 1);
		ld->refs.parents[ld->refs.parent_count++] = (struct deferred_parent){
			f->owner, refs_keep(&ld->refs, e->parent_id), ld->file_no, e->parent_line,
			e->parent_col,
		};
	}
	if (stored(ld, writer_add_entity(ld->writer, &row)) == 0) {
		bool source = strcmp(e->kind, "source") == 0;
		refs_stored(&ld->refs, e->id, f->owner, row.parent, source);
		if (writer_wants_documents(ld->writer))
			stored(ld, writer_add_document(ld->writer, f->owner, e->name,
			                               e->aka_count ? sb_str(&e->aka_text) : NULL,
			                               e->fact_count ? sb_str(&e->fact_text) : NULL,
			                               e->text));
		ld->summary.entities++;
		if (source)
			ld->summary.sources++;
	}
}

/* ---- facts ------------------------------------------------------------- */


static void add_fact(struct loader *ld, int64_t eid, const char *key, const struct yevent *ev)
{
	if (is_null(ev))
		return;    /* `population: ~` says nothing: no fact */
	if (stored(ld, writer_add_fact(ld->writer, ++ld->next_fid, eid, key, ev->value, NULL,
	                               here(ld, ev->line, ev->col), owner_line(ld))) == 0)
		document_fact(ld, eid, key, ev->value);
}

static void fact_map_start(struct loader *ld, int64_t eid, const char *key, const struct yevent *ev)
{
	struct frame *f = push(ld, F_FACT_MAP, ev);

	f->owner = eid;
	f->name = xstrdup(key);
	f->d.fact.fid = ++ld->next_fid;
}

/* A fact value: a scalar, a {value, source, note} mapping, or a list of them. */
static void fact_value(struct loader *ld, int64_t eid, const char *key, const struct yevent *ev,
                       bool in_list)
{
	struct frame *list;

	switch (ev->type) {
	case YEV_SCALAR:
		add_fact(ld, eid, key, ev);
		break;
	case YEV_MAP_START:
		fact_map_start(ld, eid, key, ev);
		break;
	case YEV_SEQ_START:
		if (in_list) {
			error_at(ld, ev->line, ev->col, "fact '%s': a list inside a list is not allowed", key);
			skip_value(ld, ev);
			break;
		}
		list = push(ld, F_FACT_LIST, ev);
		list->owner = eid;
		list->name = xstrdup(key);
		break;
	default:
		break;
	}
}

static void fact_map_value(struct loader *ld, struct frame *f, const struct yevent *ev)
{
	struct fact_draft *fact = &f->d.fact;
	char *what;

	if (strcmp(f->key, "source") == 0) {
		take_sources(ld, ev, CITE_FACT, fact->fid, ld->depth - 1);
		return;
	}
	if (strcmp(f->key, "value") != 0 && strcmp(f->key, "note") != 0) {
		error_at(ld, f->key_line, f->key_col,
		         "fact '%s' must be a scalar; a mapping here holds only value, source and note, "
		         "not '%s'", f->name, f->key);
		fact->reported = true;
		skip_value(ld, ev);
		return;
	}
	what = xasprintf("'%s' of fact '%s'", f->key, f->name);
	if (ev->type != YEV_SCALAR) {
		wrong_type(ld, ev, what, "a scalar");
		fact->reported = true;
	} else if (f->key[0] == 'v') {
		if (is_null(ev)) {
			error_at(ld, ev->line, ev->col, "'value' of fact '%s' must not be empty", f->name);
			fact->reported = true;
			free(what);
			return;
		}
		fact->value = xstrndup(ev->value, ev->length);
		fact->value_line = ev->line;
		fact->value_col = ev->col;
	} else if (!is_null(ev)) {
		fact->note = xstrndup(ev->value, ev->length);
	}
	free(what);
}

static void fact_map_end(struct loader *ld, struct frame *f)
{
	struct fact_draft *fact = &f->d.fact;

	if (!fact->value) {
		if (!fact->reported)
			error_at(ld, f->line, f->col, "fact '%s' has no 'value'", f->name);
		return;
	}
	if (stored(ld, writer_add_fact(ld->writer, fact->fid, f->owner, f->name, fact->value,
	                               fact->note, here(ld, fact->value_line, fact->value_col),
	                               owner_line(ld))) == 0)
		document_fact(ld, f->owner, f->name, fact->value);
}

/* ---- links --------------------------------------------------------------- */

static void link_start(struct loader *ld, int64_t src, const struct yevent *ev)
{
	struct frame *f;

	if (ev->type != YEV_MAP_START) {
		wrong_type(ld, ev, "a link", "a mapping with 'rel' and 'to'");
		return;
	}
	f = push(ld, F_LINK, ev);
	f->owner = ++ld->next_lid;
	f->d.link.src = src;
}

static void link_value(struct loader *ld, struct frame *f, const struct yevent *ev)
{
	struct link_draft *link = &f->d.link;
	const char *key = f->key;

	if (strcmp(key, "rel") == 0) {
		if (take_scalar(ld, ev, key, &link->rel, true) &&
		    !writer_relation_known(ld->writer, link->rel))
			stored(ld, writer_add_pending(ld->writer, "relation", link->rel,
			                              here(ld, ev->line, ev->col)));
	} else if (strcmp(key, "to") == 0) {
		if (take_scalar(ld, ev, key, &link->to, true)) {
			link->to_line = ev->line;
			link->to_col = ev->col;
		}
	} else if (strcmp(key, "source") == 0) {
		take_sources(ld, ev, CITE_LINK, f->owner, ld->depth - 1);
	} else if (ev->type != YEV_SCALAR) {
		char *what = xasprintf("link fact '%s'", key);
		wrong_type(ld, ev, what, "a scalar");
		free(what);
	} else if (!is_null(ev)) {
		stored(ld, writer_add_link_fact(ld->writer, f->owner, link->fact_count++, key,
		                                ev->value));
	}
}

static void link_end(struct loader *ld, struct frame *f)
{
	struct link_draft *link = &f->d.link;
	struct link_row row;

	if (!link->rel || !link->to) {
		bool no_rel = !link->rel && !has_key(f, "rel"), no_to = !link->to && !has_key(f, "to");
		if (no_rel || no_to)
			error_at(ld, f->line, f->col, "link has no %s",
			         no_rel && no_to ? "'rel' and 'to'" : no_rel ? "'rel'" : "'to'");
		return;
	}
	row = (struct link_row){
		.lid = f->owner, .src = link->src, .rel = link->rel,
		.pos = { ld->file_no, f->line, f->col },
		.owner = link->src, .owner_line = owner_line(ld),
	};
	struct deferred_link where = {
		.lid = f->owner, .src = link->src, .file_no = ld->file_no,
		.to_line = link->to_line, .to_col = link->to_col,
	};
	const char *forward;
	bool inverse, secondary;
	int64_t dst = 0;

	/* written with an inverse name, a link is stored the forward way round */
	if (writer_relation(ld->writer, link->rel, &forward, &inverse, &secondary) &&
	    (dst = resolve(ld, link->to)) != 0) {
		row.rel = forward;
		row.src = inverse ? dst : link->src;
		row.dst = inverse ? link->src : dst;
		note_link(ld, row.lid, row.src, forward, row.dst, secondary, &where);
	} else {
		where.rel = refs_keep(&ld->refs, link->rel);
		where.to = refs_keep(&ld->refs, link->to);
		GROW(ld->refs.links, ld->refs.link_cap, ld->refs.link_count + 1);
		ld->refs.links[ld->refs.link_count++] = where;
	}
	if (stored(ld, writer_add_link(ld->writer, &row)) == 0)
		ld->summary.links++;
}

/* ---- declarations of kinds and relations -------------------------------- */

static void declaration_end(struct loader *ld, struct frame *f);

static void declaration_start(struct loader *ld, struct frame *f, const struct yevent *ev)
{
	bool kind = f->type == F_KINDS;
	struct frame *def;

	if (!model_name_valid(f->key, strlen(f->key))) {
		error_at(ld, f->key_line, f->key_col,
		         "invalid %s name '%s': use lower-case letters, digits and _",
		         kind ? "kind" : "relation", f->key);
		skip_value(ld, ev);
		return;
	}
	if (ev->type == YEV_MAP_START || (kind && is_null(ev))) {
		unsigned line = f->key_line, col = f->key_col;
		char *name = xstrdup(f->key);

		def = ev->type == YEV_MAP_START ? push(ld, kind ? F_KIND_DEF : F_RELATION_DEF, ev) : NULL;
		if (def) {
			def->name = name;
			def->line = line;
			def->col = col;
			return;
		}
		/* `name: ~` declares a kind with a badge made from its name */
		struct frame bare = { .type = F_KIND_DEF, .name = name, .line = line, .col = col };
		declaration_end(ld, &bare);
		free_frame(&bare);
		return;
	}
	wrong_type(ld, ev, kind ? "a kind declaration" : "a relation declaration",
	           kind ? "a mapping with 'badge'" : "a mapping with 'inverse'");
}

static void declaration_value(struct loader *ld, struct frame *f, const struct yevent *ev)
{
	struct declaration_draft *d = &f->d.decl;
	bool kind = f->type == F_KIND_DEF;
	const char *key = f->key;
	char *flag = NULL;

	if (strcmp(key, "description") == 0) {
		take_scalar(ld, ev, key, &d->description, false);
	} else if (kind && strcmp(key, "badge") == 0) {
		if (take_scalar(ld, ev, key, &d->badge, true) && !model_badge_valid(d->badge, ev->length))
			error_at(ld, ev->line, ev->col, "invalid badge '%s': use 1-3 letters", d->badge);
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
				error_at(ld, ev->line, ev->col, "'secondary' must be true or false, not '%s'", flag);
		}
		free(flag);
	} else {
		unknown_key(ld, f, kind ? "a kind declaration" : "a relation declaration",
		            kind ? "badge, description" : "inverse, secondary, description", ev);
	}
}

static void declaration_end(struct loader *ld, struct frame *f)
{
	struct declaration_draft *d = &f->d.decl;
	struct position previous = { 0 }, pos = here(ld, f->line, f->col);
	bool kind = f->type == F_KIND_DEF;
	char badge[4] = { 0 };
	int rc;

	if (kind) {
		if (!d->badge) {
			/* the first three letters of the name, in capitals */
			size_t n = 0;
			for (size_t i = 0; n < 3 && f->name[i]; i++)
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
	if (rc < 0) {
		stored(ld, rc);
	} else if (rc > 0 && previous.file_no < 0) {
		error_at(ld, f->line, f->col, "%s '%s' conflicts with a core %s",
		         kind ? "kind" : "relation", f->name,
		         kind ? "kind of that name" : "relation or inverse of that name");
	} else if (rc > 0) {
		error_at(ld, f->line, f->col, "%s '%s' is declared differently at %s:%u:%u",
		         kind ? "kind" : "relation", f->name, ld->files->items[previous.file_no].path,
		         previous.line, previous.col);
	}
}

/* ---- the event dispatcher ----------------------------------------------- */

static void map_key(struct loader *ld, struct frame *f, const struct yevent *ev)
{
	if (ev->type != YEV_SCALAR) {
		error_at(ld, ev->line, ev->col, "mapping keys must be scalars, not %s",
		         yevent_describe(ev->type));
		f->key = xstrdup("");
		f->key_owned = true;
		f->skip_value = true;
		skip_value(ld, ev);    /* may move the frames: f is not used after this */
		return;
	}
	f->key = xstrndup(ev->value, ev->length);
	f->key_line = ev->line;
	f->key_col = ev->col;
	if (has_key(f, f->key)) {
		error_at(ld, ev->line, ev->col, "duplicate %s '%s'",
		         f->type == F_FACTS ? "fact" : f->type == F_KINDS ? "kind" :
		         f->type == F_RELATIONS ? "relation" : "key", f->key);
		f->key_owned = true;
		f->skip_value = true;
		return;
	}
	/* the list of keys seen keeps it */
	GROW(f->keys.items, f->keys.cap, f->keys.count + 1);
	f->keys.items[f->keys.count++] = f->key;
}

static void map_value(struct loader *ld, struct frame *f, const struct yevent *ev)
{
	switch (f->type) {
	case F_TOP: top_value(ld, f, ev); break;
	case F_ENTITY: entity_value(ld, f, ev); break;
	case F_FACTS: fact_value(ld, f->owner, f->key, ev, false); break;
	case F_FACT_MAP: fact_map_value(ld, f, ev); break;
	case F_LINK: link_value(ld, f, ev); break;
	case F_KINDS: case F_RELATIONS: declaration_start(ld, f, ev); break;
	case F_KIND_DEF: case F_RELATION_DEF: declaration_value(ld, f, ev); break;
	default: skip_value(ld, ev); break;
	}
}

static void list_item(struct loader *ld, struct frame *f, const struct yevent *ev)
{
	switch (f->type) {
	case F_ENTITY_LIST: entity_start(ld, f->owner, ev); break;
	case F_AKA: add_aka(ld, f->owner, counter(ld, f->counter_frame, true), ev); break;
	case F_SOURCES:
		add_citation(ld, f->cite_owner, f->owner, counter(ld, f->counter_frame, false), ev);
		break;
	case F_FACT_LIST: fact_value(ld, f->owner, f->name, ev, true); break;
	case F_LINKS: link_start(ld, f->owner, ev); break;
	default: skip_value(ld, ev); break;
	}
}

static void close_frame(struct loader *ld)
{
	struct frame *f = top(ld);

	switch (f->type) {
	case F_TOP:
		if (!ld->saw_version)
			error_at(ld, f->line, f->col, "missing 'icsview: %d' (the format version)",
			         MODEL_FORMAT_VERSION);
		break;
	case F_ENTITY: entity_end(ld, f); break;
	case F_FACT_MAP: fact_map_end(ld, f); break;
	case F_LINK: link_end(ld, f); break;
	case F_KIND_DEF: case F_RELATION_DEF: declaration_end(ld, f); break;
	default: break;
	}
	pop(ld);
}

static int on_event(void *ctx, const struct yevent *ev)
{
	struct loader *ld = ctx;
	struct frame *f;
	size_t index;

	if (ld->fatal)
		return 1;
	if (ld->depth == 0) {
		if (ev->type != YEV_MAP_START) {
			error_at(ld, ev->line, ev->col,
			         "a model file must be a mapping with 'icsview: %d', not %s",
			         MODEL_FORMAT_VERSION, yevent_describe(ev->type));
			return 1;
		}
		push(ld, F_TOP, ev);
		return 0;
	}
	f = top(ld);
	if (f->type == F_SKIP) {
		if (is_start(ev))
			f->skip_depth++;
		else if ((ev->type == YEV_MAP_END || ev->type == YEV_SEQ_END) && --f->skip_depth == 0)
			pop(ld);
		return 0;
	}
	if (ev->type == YEV_MAP_END || ev->type == YEV_SEQ_END) {
		close_frame(ld);
		return ld->fatal;
	}
	if (!f->is_map) {
		list_item(ld, f, ev);
		return ld->fatal;
	}
	if (!f->key) {
		map_key(ld, f, ev);
		return ld->fatal;
	}
	index = ld->depth - 1;
	if (f->skip_value)
		skip_value(ld, ev);
	else
		map_value(ld, f, ev);
	/* a pushed frame may have moved the stack: find this map again */
	f = &ld->frames[index];
	if (f->key_owned)
		free(f->key);
	f->key = NULL;
	f->key_owned = false;
	f->skip_value = false;
	return ld->fatal;
}

/* ---- loading a model ------------------------------------------------------ */

static void load_file(struct loader *ld, int file_no)
{
	const struct model_file *file = &ld->files->items[file_no];

	ld->path = file->path;
	ld->file_no = file_no;
	ld->saw_version = false;
	ld->file_source_count = 0;
	if (stored(ld, writer_add_file(ld->writer, file_no, file)) != 0)
		return;
	yaml_read_file(file->path, file_no, ld->limits, ld->diags, on_event, ld);
	while (ld->depth)
		pop(ld);
}

/* ---- once every file is read ----------------------------------------------- */

static const char *file_path(const struct loader *ld, int file_no)
{
	return file_no >= 0 && (size_t)file_no < ld->files->count ? ld->files->items[file_no].path
	                                                         : "";
}

static int compare_parents(const void *pa, const void *pb)
{
	const struct deferred_parent *a = pa, *b = pb;

	return a->eid < b->eid ? -1 : a->eid > b->eid;
}

static int compare_citations(const void *pa, const void *pb)
{
	const struct deferred_citation *a = pa, *b = pb;

	if (a->owner_type != b->owner_type)
		return a->owner_type < b->owner_type ? -1 : 1;
	if (a->owner != b->owner)
		return a->owner < b->owner ? -1 : 1;
	return a->ord < b->ord ? -1 : a->ord > b->ord;
}

/* A fix-up the database refused: the database is broken. */
static int fixed(struct loader *ld, int rc)
{
	if (rc != 0)
		diag_add(ld->diags, -1, "", 0, 0, "cannot store the model: %s",
		         writer_errmsg(ld->writer));
	return rc;
}

/* Resolves the references that had to wait, now that every id is known,
 * reporting those to nothing. */
static int resolve_the_rest(struct loader *ld)
{
	struct load_refs *r = &ld->refs;

	if (r->parent_count > 1)
		qsort(r->parents, r->parent_count, sizeof(*r->parents), compare_parents);
	for (size_t i = 0; i < r->parent_count; i++) {
		const struct deferred_parent *p = &r->parents[i];
		int64_t parent = refs_lookup(r, refs_string(r, p->id));

		if (!parent) {
			diag_add(ld->diags, p->file_no, file_path(ld, p->file_no), p->line, p->col,
			         "unknown parent '%s'", refs_string(r, p->id));
			continue;
		}
		r->parent[p->eid] = parent;
		if (fixed(ld, writer_fix_parent(ld->writer, p->eid, parent)) != 0)
			return -1;
	}
	for (size_t i = 0; i < r->link_count; i++) {
		const struct deferred_link *l = &r->links[i];
		const char *rel = refs_string(r, l->rel), *forward;
		int64_t dst = refs_lookup(r, refs_string(r, l->to)), src = l->src;
		bool inverse = false, secondary = false;

		if (!dst) {
			diag_add(ld->diags, l->file_no, file_path(ld, l->file_no), l->to_line, l->to_col,
			         "link to unknown entity '%s'", refs_string(r, l->to));
			continue;
		}
		if (writer_relation(ld->writer, rel, &forward, &inverse, &secondary)) {
			rel = forward;
			if (inverse) {
				src = dst;
				dst = l->src;
			}
			note_link(ld, l->lid, src, rel, dst, secondary, l);
		}
		if (fixed(ld, writer_fix_link(ld->writer, l->lid, l->src, src, rel, dst)) != 0)
			return -1;
	}
	if (r->citation_count > 1)
		qsort(r->citations, r->citation_count, sizeof(*r->citations), compare_citations);
	for (size_t i = 0; i < r->citation_count; i++) {
		const struct deferred_citation *c = &r->citations[i];
		int64_t source = refs_lookup(r, refs_string(r, c->source));

		if (!source) {
			diag_add(ld->diags, c->file_no, file_path(ld, c->file_no), c->line, c->col,
			         "unknown source '%s'", refs_string(r, c->source));
			continue;
		}
		if (!(r->flags[source] & REF_SOURCE))
			r->cites_non_source = true;
		if (fixed(ld, writer_fix_citation(ld->writer, (enum citation_owner)c->owner_type,
		                                  c->owner, c->ord, source)) != 0)
			return -1;
	}
	return 0;
}

/* The checks of the whole model, in this order: duplicate ids, unknown
 * kinds and relations, references to nothing, citations of what is not a
 * source, cycles.  0 when they ran (problems are in diags), -1 when the
 * database failed. */
static int check_model(struct loader *ld)
{
	if (ld->refs.duplicate_ids &&
	    store_check_duplicates(ld->writer, ld->files, ld->diags) != 0)
		return -1;
	writer_report_unknown_names(ld->writer, ld->files, ld->diags);
	if (fixed(ld, writer_fix_kinds(ld->writer)) != 0 || resolve_the_rest(ld) != 0)
		return -1;
	if (ld->refs.cites_non_source &&
	    store_check_source_kinds(ld->writer, ld->files, ld->diags) != 0)
		return -1;
	return store_check_cycles(ld->writer, ld->files, ld->diags, &ld->refs);
}

static int compare_pairs(const void *pa, const void *pb)
{
	const struct ref_pair *a = pa, *b = pb;

	if (a->dst != b->dst)
		return a->dst < b->dst ? -1 : 1;
	return a->src < b->src ? -1 : a->src > b->src;
}

/* The counts each tree row shows, stored so that browsing never counts:
 * own children, and the entities shown under an entity through a
 * secondary relation (each once, unless it is already a child or the
 * entity itself). */
static int store_counts(struct loader *ld)
{
	struct load_refs *r = &ld->refs;
	size_t nodes = (size_t)r->max_eid + 1;
	uint32_t *children = xcalloc(nodes, sizeof(*children));
	uint32_t *linked = xcalloc(nodes, sizeof(*linked));
	int rc = 0;

	for (size_t eid = 1; eid < nodes; eid++)
		if (r->parent[eid] > 0 && (size_t)r->parent[eid] < nodes)
			children[r->parent[eid]]++;
	if (r->secondary_count > 1)
		qsort(r->secondary, r->secondary_count, sizeof(*r->secondary), compare_pairs);
	for (size_t i = 0; i < r->secondary_count; i++) {
		const struct ref_pair *p = &r->secondary[i];

		if (i > 0 && p->src == p[-1].src && p->dst == p[-1].dst)
			continue;
		if (r->parent[p->src] != p->dst && p->src != p->dst && (size_t)p->dst < nodes)
			linked[p->dst]++;
	}
	for (size_t eid = 1; eid < nodes && rc == 0; eid++)
		if (children[eid] || linked[eid])
			rc = fixed(ld, writer_set_counts(ld->writer, (int64_t)eid, children[eid],
			                                 linked[eid]));
	free(children);
	free(linked);
	return rc;
}

char *load_scratch_dir(const char *prefix, struct diag_list *diags)
{
	char *name = xasprintf("%s-XXXXXX", prefix);
	char *dir = temp_path(name);

	free(name);
	if (mkdtemp(dir))
		return dir;
	diag_add(diags, -1, "", 0, 0, "cannot create a scratch directory %s: %s", dir,
	         strerror(errno));
	free(dir);
	return NULL;
}

enum load_result model_load(const char *const *paths, size_t count, const char *db_path,
                            const struct load_limits *limits, struct diag_list *diags,
                            struct load_summary *summary)
{
	struct model_files files = { 0 };
	struct loader ld = { .limits = limits, .diags = diags, .files = &files };
	char *scratch_dir = NULL, *scratch = NULL;
	char *error = NULL;
	int rc;

	refs_init(&ld.refs);
	model_files_collect(&files, paths, count, diags);
	if (!db_path) {
		if (!(scratch_dir = load_scratch_dir("icsview-check", diags))) {
			rc = LOAD_FAILED;
			goto out;
		}
		scratch = xasprintf("%s/model.db", scratch_dir);
	}
	ld.writer = store_writer_begin(db_path ? db_path : scratch, db_path != NULL, &error);
	if (!ld.writer) {
		diag_add(diags, -1, "", 0, 0, "%s", error);
		free(error);
		rc = LOAD_FAILED;
		goto out;
	}
	for (size_t i = 0; i < files.count && !ld.fatal; i++)
		load_file(&ld, (int)i);
	if (ld.fatal) {
		rc = ld.store_failed ? LOAD_FAILED : LOAD_INVALID;
		goto out;
	}
	if (writer_drain(ld.writer, diags) != 0 || check_model(&ld) != 0) {
		rc = LOAD_FAILED;
		goto out;
	}
	rc = diag_total(diags) ? LOAD_INVALID : LOAD_VALID;
	/* `icsview check` keeps nothing, so it needs no counts and no indexes */
	if (rc == LOAD_VALID && db_path) {
		if (store_counts(&ld) != 0) {
			rc = LOAD_FAILED;
			goto out;
		}
		refs_free(&ld.refs);
		rc = store_writer_finish(ld.writer, diags) == 0 ? LOAD_VALID : LOAD_FAILED;
		ld.writer = NULL;
	}
out:
	store_writer_abort(ld.writer);
	ld.summary.files = files.count;
	if (summary)
		*summary = ld.summary;
	refs_free(&ld.refs);
	free(ld.frames);
	if (scratch_dir)
		rmdir(scratch_dir);   /* the writer removed what it wrote there */
	free(scratch_dir);
	free(scratch);
	model_files_free(&files);
	return (enum load_result)rc;
}
