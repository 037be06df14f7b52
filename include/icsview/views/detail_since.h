/* The detail pane's Changes section (detail_since.c): what changed in an
 * entity since the older model icsview --since compares with (since.h),
 * each change as "old → new": added, replaced, "was named Y", "was under
 * X", its kind, type, facts, links and sources before and after, and the
 * entities removed from under it. */
#ifndef ICSVIEW_DETAIL_SINCE_H
#define ICSVIEW_DETAIL_SINCE_H

#include <stdbool.h>
#include <stdint.h>
#include "icsview/query/since.h"
#include "icsview/views/detail.h"

/* Adds the section for `eid` (an eid of the new model) to lines built by
 * detail_build, before their first heading: nothing when it did not
 * change (or s is NULL).  ascii: "->" and " > " for "→" and " › ". */
void detail_add_changes(struct detail *d, const struct since *s, int64_t eid, bool ascii);
/* The lines of removed entity c (since_removed_under) as the older model
 * had it, read from its store: its name, kind, type, facts and links,
 * the links as text (they name the older model's entities), after a
 * section saying it was removed and where it was.  d->eid is then its
 * place (since_removed_place_of), never an eid of this model.  STORE_OK or
 * STORE_ERROR (the older store's message says why). */
int detail_build_removed(struct detail *d, const struct since *s, const struct diff_change *c,
                         size_t width, bool ascii);
#endif
