/* The last step of a build: the indexes, after the bulk insert because
 * building them in one pass is several times faster.  (The stored counts
 * are the loader's; the search index is built after the database is in
 * place: search_build.c.)  That every reference resolves (PRAGMA
 * foreign_key_check) is the loader's work and is checked by the tests on
 * every model they build (tests/helpers.c): checked at every build it took
 * a tenth of a cold load at 250,000 entities. */
#ifndef ICSVIEW_STORE_INDEX_H
#define ICSVIEW_STORE_INDEX_H

#include <sqlite3.h>
#include "icsview/base/diag.h"

int store_build_indexes(sqlite3 *db, struct diag_list *diags);

#endif
