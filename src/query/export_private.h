/* The export (export.h): what the writers of each format share.
 * export.c collects the entities to export; each format is written by its
 * own file: export_json.c, export_csv.c, export_dot.c, export_md.c.  The
 * CSV and Markdown escaping serve the review's export too (review_export.c). */
#ifndef ICSVIEW_EXPORT_PRIVATE_H
#define ICSVIEW_EXPORT_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "icsview/base/output.h"
#include "icsview/query/export.h"
#include "icsview/store/store.h"

struct export_relation {
	char *name, *inverse;
	bool chosen;            /* its links are exported (chosen, or the format's default) */
};

/* The entities to export, in display order (depth first, each entity's own
 * children in load order; secondary children are not repeated). */
struct export {
	struct store *st;
	struct out *out;
	enum export_format format;
	const char *root;       /* the id of the entity asked for; NULL: all roots */
	int64_t *eids;
	size_t *levels;         /* 0 for the top entities (the entity, or the roots) */
	size_t count, cap;
	int64_t *sorted;        /* eids, sorted, for export_has */
	struct export_relation *relations;
	size_t relation_count;
	bool links_only;        /* csv: the links instead of the entities */
	char *base_dir;         /* csv: export_options.base_dir, a copy; or NULL */
	bool all;               /* dot: export_options.all */
	char *chosen;           /* export_options.relations, a copy; or NULL */
	const struct entity *top;       /* the entity asked for, during a write; or NULL */
};

/* Everything about one exported entity. */
struct export_entity {
	struct entity e;
	char *parent_id;        /* NULL for a root */
	struct string_list aka;
	struct fact_list facts;
	struct source_list sources;
	struct link_list links;         /* outgoing: the first link_count are of the */
	size_t link_count;              /* chosen relations, the rest are not exported */
	struct link_list backlinks;     /* only with want_backlinks; likewise */
	size_t backlink_count;
};

/* Loads entity `eid`; returns STORE_OK or STORE_ERROR. */
int export_entity_load(struct export *x, int64_t eid, bool want_backlinks,
                       struct export_entity *out);
void export_entity_clear(struct export_entity *xe);

/* True when the entity is exported. */
bool export_has(const struct export *x, int64_t eid);
/* The relation with this name (or NULL). */
const struct export_relation *export_relation(const struct export *x, const char *name);

/* Writes the text made safe first as out_text does (control characters
 * shown as ^X, …), then each character through `escape` (NULL: none). */
void export_text(struct out *o, const char *s, escape_fn escape);

/* Appends s made safe (sb_text_line) and escaped for Markdown; with
 * line_start, a leading block marker (list, heading, quote) is escaped too. */
void md_escape(struct strbuf *sb, const char *s, bool line_start);
/* One CSV field (RFC 4180), made safe as out_text does, preceded by a comma
 * unless first; NULL is an empty field.  csv_end ends the record (CR LF). */
void csv_field(struct out *o, const char *s, bool first);
void csv_end(struct out *o);
/* The same keeping line breaks (LF, inside quotes): for multi-line text. */
void csv_field_lines(struct out *o, const char *s, bool first);

/* The writers: 0, or -1 when the store failed. */
int export_json(struct export *x);
int export_csv(struct export *x);
int export_dot(struct export *x);
/* dot's governance picture (export_dot_governance.c). */
int export_dot_governance(struct export *x);
/* A dot string: quoted, escaped, made safe as out_text does. */
void export_dot_string(struct out *o, const char *s);
/* The same without its quotes, for a label made of pieces. */
void export_dot_text(struct out *o, const char *s);
int export_md(struct export *x);

#endif
