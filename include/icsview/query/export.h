/* An export of the model, or of the subtree under an entity, as JSON, CSV,
 * a Graphviz digraph or a Markdown document (`icsview export`; each format
 * is described in its writer, src/query/export_{json,csv,dot,md}.c, and in
 * icsview(1)).
 *
 * What is exported: the entity asked for and its own descendants by parent
 * (an entity shown under another only through a link, a secondary child,
 * is exported under its own parent, never repeated), or, without one, every
 * root and its descendants; under a filter applied to the store
 * (filter_apply), only those visible under it (the matches and their
 * ancestors).  Entities come in display order: depth first, each entity's
 * own children in load order.  The links exported are those the exported
 * entities make (outgoing), of the chosen relations (by default every
 * relation, and for dot reports_to, recommends_to, delegated_authority and
 * member_of); their other end may lie outside the export, except in dot,
 * which draws only edges between exported entities.
 *
 * dot without `all` draws the governance instead (governance.h, the
 * picture `icsview diagram` draws in a terminal): the bodies under the
 * entity (the first level that has any; the whole model: every body),
 * ranked along their lines, the bodies reported to above, members counted
 * in the box, groups of entities clustered with their names, each
 * relation's lines drawn in a style of their own with a legend, labelled
 * with their scopes, delegation drawn from the delegating body to the
 * holder; --rel chooses its relations (default
 * GOVERNANCE_DEFAULT_RELATIONS). */
#ifndef ICSVIEW_EXPORT_H
#define ICSVIEW_EXPORT_H

#include <stdbool.h>
#include "icsview/base/output.h"
#include "icsview/store/store.h"

enum export_format { EXPORT_JSON, EXPORT_CSV, EXPORT_DOT, EXPORT_MD };

/* "json", "csv", "dot", "md" or "markdown" (exactly). */
bool export_format_parse(const char *name, enum export_format *out);

enum export_status {
	EXPORT_OK,
	EXPORT_EMPTY_RELATION,      /* the list of relations names an empty one */
	EXPORT_UNKNOWN_RELATION,    /* it names one the model does not have */
	EXPORT_STORE_ERROR,         /* reading the model failed: store_errmsg() */
};

struct export_options {
	enum export_format format;
	bool links_only;            /* csv: the links instead of the entities */
	/* csv: the directory the entities' file paths are written relative
	 * to (a path under it loses it and the slashes after it; any other is
	 * written as it is); NULL: every path as it is. */
	const char *base_dir;
	/* The relations whose links are exported, comma-separated (names or
	 * inverse names); NULL: the format's default. */
	const char *relations;
	/* dot: every exported entity, its containment and links (the picture
	 * of everything), instead of the governance picture (below). */
	bool all;
};

struct export;

/* Prepares an export of `st` (which must outlive it): reads the model's
 * relations and chooses those of opts->relations.  EXPORT_OK with *out set
 * (export_free it); otherwise *out is NULL and, for the two relation
 * errors, *error says what is wrong, made safe for a terminal ("unknown
 * relation 'NAME'", "an empty relation name"; caller frees). */
enum export_status export_open(struct store *st, const struct export_options *opts,
                               struct export **out, char **error);

/* Writes the subtree under `root` (NULL: the whole model), as the store's
 * filter shows it, in the chosen format, read in one snapshot of the
 * database.  EXPORT_OK or EXPORT_STORE_ERROR (what the store said is in
 * store_errmsg); a failed write shows in `o` (out_failed) and ends the
 * export early. */
enum export_status export_write(struct export *x, const struct entity *root, struct out *o);

void export_free(struct export *x);

#endif
