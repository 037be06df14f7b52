/* An entity in full, as `icsview show` prints it (the format is described
 * in src/cli/cmd_show.c): read whole from the store first, then written as
 * text wrapped at a width.  The command and the interface's pager (o) both
 * write it through entity_text_write, so they show the same text. */
#ifndef ICSVIEW_ENTITY_TEXT_H
#define ICSVIEW_ENTITY_TEXT_H

#include <stddef.h>
#include <stdint.h>
#include "icsview/base/output.h"
#include "icsview/query/history_chain.h"
#include "icsview/store/store.h"

struct entity_full {
	struct entity e;            /* filled by the caller (store_entity) */
	struct entity *path;        /* root first, the entity's parent last */
	size_t path_count;
	struct string_list aka;
	struct fact_list facts;
	struct link_list links, backlinks;
	struct source_list sources;
	struct history_chain history;  /* predecessors and successors */
};

/* The entity's ancestors, root first, its parent last (none for a root):
 * *path gets *count entities.  STORE_OK, or STORE_ERROR (store_errmsg);
 * either way entity_path_clear frees what was read.  Both `show`'s path
 * and the detail pane's come from here. */
int entity_path_read(struct store *st, int64_t eid, struct entity **path, size_t *count);
void entity_path_clear(struct entity *path, size_t count);

/* Reads the rest of full->e: its path, codes, facts, links, backlinks,
 * sources and succession.  STORE_OK, or STORE_ERROR (store_errmsg says why); either way
 * entity_full_clear frees what it holds. */
int entity_full_read(struct store *st, struct entity_full *full);
/* Frees everything, e too; leaves it empty. */
void entity_full_clear(struct entity_full *full);
/* The plain text of `icsview show`, its lines wrapped at `width` columns
 * (OUTPUT_NO_WRAP: each field on one line); the columns of fact keys and
 * source ids take at most a third of a narrow width, and at most 32
 * columns at any width: a longer key has its value on the next line
 * when wrapping, after it on the same line when not. */
void entity_text_write(struct out *o, const struct entity_full *full, size_t width);
/* How a link is known when its sources do not state it, as `show` and the
 * detail pane mark it: "(inferred: REASON)"; NULL for a stated link.
 * The caller frees it. */
char *link_item_basis_mark(const struct link_item *item);

#endif
