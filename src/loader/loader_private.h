/* What the parts of the model loader share: the state of a load (struct
 * loader) and its stack of frames, one for each mapping or list being read,
 * each with the draft of what it will store once it ends.
 *
 *   loader.c               model_load; each file read as events, dispatched
 *   loader_frames.c        the frame stack; reporting, storing, taking scalars
 *   loader_entities.c      entities, their aka and their search documents
 *   loader_facts.c         facts, links and citations
 *   loader_declarations.c  declarations of kinds and relations
 *   loader_check.c         references, and what runs once every file is read */
#ifndef ICSVIEW_LOADER_PRIVATE_H
#define ICSVIEW_LOADER_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "icsview/base/diag.h"
#include "icsview/base/limits.h"
#include "icsview/base/model.h"
#include "icsview/base/model_files.h"
#include "icsview/base/strmap.h"
#include "icsview/base/util.h"
#include "icsview/loader/loader.h"
#include "icsview/loader/yaml_events.h"
#include "icsview/store/load_refs.h"
#include "icsview/store/store_build.h"

/* What the mapping or list being read is. */
enum frame_type {
	F_TOP,                  /* a file's top-level mapping */
	F_ENTITY_LIST,          /* `entities:` or an entity's `children:` */
	F_ENTITY,               /* an entity */
	F_AKA,                  /* an entity's list of aka */
	F_SOURCES,              /* a list of cited sources */
	F_FACTS,                /* an entity's `facts:` */
	F_FACT_LIST,            /* a fact with a list of values */
	F_FACT_MAP,             /* a fact value written as {value, source, note} */
	F_LINKS,                /* an entity's `links:` */
	F_LINK,                 /* a link */
	F_KINDS,                /* `kinds:` */
	F_KIND_DEF,             /* a kind's declaration */
	F_RELATIONS,            /* `relations:` */
	F_RELATION_DEF,         /* a relation's declaration */
	F_SKIP,                 /* a value passed over: reported already, or an extension's */
};

struct entity_draft {
	char *id, *kind, *name, *type, *text, *parent_id;
	unsigned parent_line, parent_col;
	int64_t nested_in;     /* the enclosing entity, 0 at the top level */
	int aka_count, source_count;
	int id_aka;            /* 1 + the place among the aka of one that is the id and was
	                          not stored (writer_add_aka), 0: none */
};

struct link_draft {
	int64_t src;
	char *rel, *to;
	unsigned to_line, to_col;
	int fact_count, source_count;
	enum claim_basis basis;      /* BASIS_STATED unless it says otherwise */
	bool has_reason, bad_basis;  /* bad_basis: reported, nothing more to check */
};

struct fact_draft {
	int64_t fid;                 /* taken at the start, so citations can name it */
	char *value, *note, *reason;
	unsigned value_line, value_col;
	int source_count;
	enum claim_basis basis;
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
	char *key;                   /* maps: the key whose value comes next, freed after it */
	unsigned key_line, key_col;
	bool skip_value;             /* the key was bad: ignore its value */
	struct strmap keys;          /* the keys seen: a map, since one mapping may hold
	                                a hundred thousand facts */
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
	size_t ids_suggested;        /* unknown references given a nearest id (loader_check.c) */
	int file_source_count;
	bool saw_version;
	bool fatal;                  /* stop everything: the writer failed or a limit hit */
	bool store_failed;
	struct build_progress *progress;   /* NULL: nobody watches */
	unsigned events;             /* since the counts were last published */
};

/* counter_frame of the file's own `source:` list */
#define NO_FRAME SIZE_MAX


static inline struct frame *frame_top(struct loader *ld)
{
	return &ld->frames[ld->depth - 1];
}

static inline struct position here(const struct loader *ld, unsigned line, unsigned col)
{
	struct position pos = { ld->file_no, line, col };
	return pos;
}

static inline bool is_null(const struct yevent *ev)
{
	return ev->plain && (ev->length == 0 || strcmp(ev->value, "~") == 0 ||
	                     strcmp(ev->value, "null") == 0 || strcmp(ev->value, "Null") == 0 ||
	                     strcmp(ev->value, "NULL") == 0);
}

static inline bool is_start(const struct yevent *ev)
{
	return ev->type == YEV_MAP_START || ev->type == YEV_SEQ_START;
}

/* ---- loader_frames.c ------------------------------------------------------ */

/* Opens a frame for the mapping or list that ev starts.  The frames may
 * move: a pointer to another frame is not valid after it. */
struct frame *frame_push(struct loader *ld, enum frame_type type, const struct yevent *ev);
/* Closes the innermost frame. */
void frame_pop(struct loader *ld);
/* Frees what a frame holds (not the frame itself). */
void frame_free(struct frame *f);
/* Whether the mapping of frame f has had the key already. */
bool frame_has_key(const struct frame *f, const char *key);
/* The counter of aka entries or sources of the draft in frame `index`. */
int *draft_counter(struct loader *ld, size_t index, bool aka);
/* Reports a problem at line:col of the file being read. */
void error_at(struct loader *ld, unsigned line, unsigned col, const char *fmt, ...)
	ICS_PRINTF(4, 5);
/* Passes on rc, the result of a writer call (0 or -1); -1 is reported once,
 * and stops the load. */
int stored(struct loader *ld, int rc);
/* Passes over the value ev starts (a scalar is passed over already). */
void skip_value(struct loader *ld, const struct yevent *ev);
/* Reports a value of the wrong shape and skips it. */
void wrong_type(struct loader *ld, const struct yevent *ev, const char *what,
                const char *expected);
/* Takes a scalar into *slot (replacing what it held), or reports the wrong
 * shape; an empty value is reported when the field is required.  True when
 * *slot was set. */
bool take_scalar(struct loader *ld, const struct yevent *ev, const char *key, char **slot,
                 bool required);
/* Reports frame f's key as unknown (`expected`: the keys allowed in
 * `where`) and skips its value. */
void unknown_key(struct loader *ld, const struct frame *f, const char *where,
                 const char *expected, const struct yevent *ev);

/* ---- loader_entities.c ---------------------------------------------------- */

/* An item of an entity list: opens the entity's frame (nested_in: the
 * entity whose `children:` it is in, 0 at the top level). */
void entity_start(struct loader *ld, int64_t nested_in, const struct yevent *ev);
void entity_value(struct loader *ld, struct frame *f, const struct yevent *ev);
/* Stores the entity once its mapping ends, if it has all it needs. */
void entity_end(struct loader *ld, struct frame *f);
/* One aka of entity eid, the ord-th. */
void add_aka(struct loader *ld, int64_t eid, int *ord, const struct yevent *ev);

/* ---- loader_facts.c ------------------------------------------------------- */

/* A value of fact `key` of entity eid (in_list: an item of a list of them). */
void fact_value(struct loader *ld, int64_t eid, const char *key, const struct yevent *ev,
                bool in_list);
void fact_map_value(struct loader *ld, struct frame *f, const struct yevent *ev);
void fact_map_end(struct loader *ld, struct frame *f);
/* An item of entity src's `links:`. */
void link_start(struct loader *ld, int64_t src, const struct yevent *ev);
void link_value(struct loader *ld, struct frame *f, const struct yevent *ev);
void link_end(struct loader *ld, struct frame *f);
/* One cited source of an entity, fact, link or file, the ord-th. */
void add_citation(struct loader *ld, enum citation_owner owner_type, int64_t owner, int *ord,
                  const struct yevent *ev);
/* The value of a `source:` key. */
void take_sources(struct loader *ld, const struct yevent *ev, enum citation_owner owner_type,
                  int64_t owner, size_t counter_frame);

/* ---- loader_declarations.c ------------------------------------------------ */

/* A key of `kinds:` or `relations:` (frame f) and the start of its value. */
void declaration_start(struct loader *ld, struct frame *f, const struct yevent *ev);
void declaration_value(struct loader *ld, struct frame *f, const struct yevent *ev);
/* Declares the kind or relation once its mapping ends. */
void declaration_end(struct loader *ld, struct frame *f);

/* ---- loader_check.c ------------------------------------------------------- */

/* The row id a reference to `id` resolves to when that is settled already;
 * 0: it must wait for the end of the model. */
int64_t resolve_settled(struct loader *ld, const char *id);
/* Keeps what the checks and counts need of a link stored the forward way
 * round (where: the link as read, for a message). */
void note_link(struct loader *ld, int64_t lid, int64_t src, const char *rel, int64_t dst,
               bool secondary, const struct deferred_link *where);
/* Once every file is read and the writer drained: resolves the references
 * that waited and checks the whole model.  0 when the checks ran (the
 * problems are in diags), -1 when the database failed. */
int check_model(struct loader *ld);
/* Stores the counts each tree row shows, for a model that is kept: 0, or -1
 * when the database failed. */
int save_tree_counts(struct loader *ld);

#endif
