/* The whole-model checks run once every file is read: ids resolved to rows,
 * duplicates, unknown names, dangling references, and cycles. */
#ifndef ICSVIEW_STORE_CHECK_H
#define ICSVIEW_STORE_CHECK_H

#include <sqlite3.h>
#include "icsview/diag.h"
#include "icsview/model_files.h"

/* Resolves references and reports every problem.  Returns 0 when the model
 * (including problems already in diags) is valid, 1 when not, -1 on an
 * SQLite error. */
int store_check_model(sqlite3 *db, const struct model_files *files, struct diag_list *diags);

#endif
