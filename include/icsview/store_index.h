/* The last step of a build: indexes, stored child counts, the full-text
 * search index and a final integrity check, all after the bulk insert
 * because building them in one pass is several times faster. */
#ifndef ICSVIEW_STORE_INDEX_H
#define ICSVIEW_STORE_INDEX_H

#include <sqlite3.h>
#include "icsview/diag.h"

int store_build_indexes(sqlite3 *db, struct diag_list *diags);

#endif
