/* The whole-model checks run once every file is read, on the database as
 * the loader built it and on what it learnt while reading (load_refs.h):
 * duplicate ids, cited entities that are not sources, and cycles. */
#ifndef ICSVIEW_STORE_CHECK_H
#define ICSVIEW_STORE_CHECK_H

#include "icsview/base/diag.h"
#include "icsview/store/load_refs.h"
#include "icsview/base/model_files.h"
#include "icsview/store/store_build.h"

/* Each runs on the database of a build, once the writer is drained
 * (writer_drain), reports every problem it finds in diags and returns 0,
 * or -1 on an SQLite error (also in diags). */

/* Every entity whose id an entity before it already has (run only when the
 * loader saw a duplicate; creates the index on ids). */
int store_check_duplicates(struct store_writer *w, const struct model_files *files,
                           struct diag_list *diags);
/* Every citation of an entity that is not a source. */
int store_check_source_kinds(struct store_writer *w, const struct model_files *files,
                             struct diag_list *diags);
/* Cycles of parents and of reports_to links, each named by its members
 * and reported where the reference that closes it is written.  Sorts
 * refs->reports. */
int store_check_cycles(struct store_writer *w, const struct model_files *files,
                       struct diag_list *diags, struct load_refs *refs);

#endif
