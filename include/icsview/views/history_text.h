/* A body's succession (history_chain.h) as text: one line per predecessor
 * or successor, each deeper link indented further, the same words in
 * `icsview show`'s History section, the detail pane's and `icsview
 * history`'s tree.  Text from the model is escaped where it is written
 * (out_* and the pane's own lines), not here. */
#ifndef ICSVIEW_HISTORY_TEXT_H
#define ICSVIEW_HISTORY_TEXT_H

#include <stddef.h>
#include "icsview/base/output.h"
#include "icsview/base/util.h"
#include "icsview/query/history_chain.h"

/* Columns each step of depth indents by. */
#define HISTORY_TEXT_INDENT 2

/* The heading of a direction's entries: "predecessors", "successors". */
const char *history_direction_label(enum history_direction direction);
/* `← ` before a predecessor, `→ ` before a successor (`<- `, `-> ` where
 * the locale is not UTF-8). */
const char *history_arrow(enum history_direction direction);
/* "established 2022-07-01, legally_closed 2026-03-31" appended to sb;
 * nothing for a body without dates. */
void history_dates_describe(struct strbuf *sb, const struct history_dates *dates);
/* One entry, appended to sb: `NAME (ID) under PARENT, DATE (EXTENT);
 * DATES`, ending `(listed above)` for an entry not followed again. */
void history_step_describe(struct strbuf *sb, const struct history_step *step);
/* The line ending a chain cut by a bound. */
const char *history_cut_text(void);

/* show's History section (nothing when the chain is empty), its lines
 * wrapped at `width` (OUTPUT_NO_WRAP: one line each). */
void history_text_section(struct out *o, const struct history_chain *chain, size_t width);
/* `icsview history`: the body's line (NAME (ID) under PARENT; DATES),
 * then its predecessors and successors as in show's section. */
void history_text_tree(struct out *o, const struct entity *body, const char *parent_name,
                       const struct history_chain *chain, size_t width);

#endif
