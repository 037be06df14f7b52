/* What the detail pane's sections outside detail.c build their lines
 * with: the same headings and wrapped lines as detail.c's own. */
#ifndef ICSVIEW_DETAIL_LINES_H
#define ICSVIEW_DETAIL_LINES_H

#include <stdbool.h>
#include "icsview/views/detail.h"

/* A heading at the left edge that folds; returns whether it is folded
 * (its lines are then left out). */
bool detail_add_heading(struct detail *d, const char *text, const char *fold);
/* Text wrapped to the pane at `indent`, its later lines indented by
 * `hang` more; target: the entity a DETAIL_LINK names, else 0. */
void detail_add_lines(struct detail *d, enum detail_style style, unsigned indent,
                      unsigned hang, const char *text, int64_t target);

/* The History section (detail_history.c): the succession along
 * successor_of links, each body a link to follow.  STORE_OK (no section
 * for a body without any) or STORE_ERROR. */
int detail_add_history(struct detail *d, struct store *st, int64_t eid);

#endif
