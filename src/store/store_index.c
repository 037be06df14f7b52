#include "store_index.h"

#include <stdlib.h>
#include "icsview/base/util.h"
#include "store_private.h"

/* entities_by_id ignores case: it finds a code that is an entity's id as
 * aka_by_value finds the others (see store.c); an exact id is looked up
 * with "id = ?1 COLLATE NOCASE AND id = ?1" (the CREATE is shared with
 * store_check.c, which makes it first).
 * An index of the entities ends with their row id (eid) already: naming
 * eid as a column would store it twice, so entities_by_parent and
 * entities_by_kind serve "parent = ? AND eid > ? ORDER BY eid" as a range
 * without it.  entities_by_name covers what a search lists of a hit (see
 * search.c): the hits of a name prefix are scattered across the table, and
 * reading their rows was most of the time of a short search the first time
 * it is typed; eid follows the name so that names that tie come in load
 * order. */
static const char index_sql[] =
	"CREATE INDEX IF NOT EXISTS entities_by_id ON entities(id COLLATE NOCASE);"
	"CREATE INDEX entities_by_parent ON entities(parent);"
	"CREATE INDEX links_by_dst ON links(dst, rel_no, lid);"
	"CREATE INDEX facts_by_key ON facts(key_no, num);"
	"CREATE INDEX aka_by_value ON aka(value COLLATE NOCASE);"
	"CREATE INDEX entities_by_name ON entities(name COLLATE NOCASE, eid, kind_no, id, parent);"
	"CREATE INDEX entities_by_kind ON entities(kind_no);"
	"CREATE INDEX citations_by_source ON citations(source);"
	"INSERT INTO meta(key, value) VALUES('format', '1');";

int store_build_indexes(sqlite3 *db, struct diag_list *diags)
{
	char *error = NULL;

	if (store_exec(db, index_sql, &error) != 0) {
		diag_add(diags, -1, "", 0, 0, "cannot index the model: %s", error);
		free(error);
		return -1;
	}
	return 0;
}
