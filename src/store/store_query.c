#include <stdlib.h>
#include <string.h>
#include "icsview/base/util.h"
#include "store_private.h"

/* Each query's statement is prepared once and kept with the store
 * (store_cached): preparing cost more than running most of them, and a
 * selection in the interface runs some for every link it lists. */

/* Steps a statement to the end, handing each row to `row`, and releases
 * it.  A row callback returning non-zero stops with an error. */
static int each_row(struct store *st, sqlite3_stmt *stmt,
                    int (*row)(sqlite3_stmt *stmt, void *ctx), void *ctx)
{
	int rc;

	if (!stmt)
		return STORE_ERROR;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (row(stmt, ctx) != 0) {
			rc = SQLITE_ERROR;
			break;
		}
	}
	store_done(st, stmt);
	return rc == SQLITE_DONE ? STORE_OK : STORE_ERROR;
}

/* A statement taking one row id. */
static sqlite3_stmt *prepare_with_id(struct store *st, const char *sql, int64_t id)
{
	sqlite3_stmt *stmt = store_cached(st, sql);

	if (stmt)
		sqlite3_bind_int64(stmt, 1, id);
	return stmt;
}

static int step_error(struct store *st, sqlite3_stmt *stmt)
{
	store_done(st, stmt);
	return STORE_ERROR;
}

int store_count(struct store *st, struct store_counts *out)
{
	sqlite3_stmt *stmt = store_cached(st,
		"SELECT (SELECT count(*) FROM entities), (SELECT count(*) FROM links),"
		" (SELECT count(*) FROM entities"
		"  WHERE kind_no = (SELECT kind_no FROM kinds WHERE name = 'source')),"
		" (SELECT count(*) FROM files)");

	if (!stmt || sqlite3_step(stmt) != SQLITE_ROW)
		return step_error(st, stmt);
	out->entities = sqlite3_column_int64(stmt, 0);
	out->links = sqlite3_column_int64(stmt, 1);
	out->sources = sqlite3_column_int64(stmt, 2);
	out->files = sqlite3_column_int64(stmt, 3);
	store_done(st, stmt);
	return STORE_OK;
}

#define ENTITY_COLUMNS \
	"e.eid, e.id, k.name, k.badge, e.name, t.name, e.text, coalesce(e.parent, 0)," \
	" e.n_children, e.n_linked, f.path, e.line, e.col" \
	" FROM entities e JOIN kinds k ON k.kind_no = e.kind_no" \
	" LEFT JOIN types t ON t.type_no = e.type_no JOIN files f ON f.file_no = e.file_no"

static void read_entity(sqlite3_stmt *stmt, struct entity *out)
{
	out->eid = sqlite3_column_int64(stmt, 0);
	out->id = column_strdup_empty(stmt, 1);
	out->kind = column_strdup_empty(stmt, 2);
	out->badge = column_strdup_empty(stmt, 3);
	out->name = column_strdup_empty(stmt, 4);
	out->type = column_strdup(stmt, 5);
	out->text = column_strdup(stmt, 6);
	out->parent = sqlite3_column_int64(stmt, 7);
	out->n_children = sqlite3_column_int64(stmt, 8);
	out->n_linked = sqlite3_column_int64(stmt, 9);
	out->file = column_strdup_empty(stmt, 10);
	out->line = (unsigned)sqlite3_column_int(stmt, 11);
	out->col = (unsigned)sqlite3_column_int(stmt, 12);
}

static int entity_query(struct store *st, sqlite3_stmt *stmt, struct entity *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	if (!stmt)
		return STORE_ERROR;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		read_entity(stmt, out);
	store_done(st, stmt);
	(void)st;
	return rc == SQLITE_ROW ? STORE_OK : rc == SQLITE_DONE ? STORE_NOT_FOUND : STORE_ERROR;
}

int store_entity(struct store *st, int64_t eid, struct entity *out)
{
	sqlite3_stmt *stmt = store_cached(st, "SELECT " ENTITY_COLUMNS " WHERE e.eid = ?");

	if (stmt)
		sqlite3_bind_int64(stmt, 1, eid);
	return entity_query(st, stmt, out);
}

int store_entity_by_id(struct store *st, const char *id, struct entity *out)
{
	sqlite3_stmt *stmt = store_cached(st,
		"SELECT " ENTITY_COLUMNS " WHERE e.eid = coalesce("
		" (SELECT eid FROM entities WHERE id = ?1 COLLATE NOCASE AND id = ?1),"
		" (SELECT min(eid) FROM (SELECT eid FROM aka WHERE value = ?1 COLLATE NOCASE"
		"  UNION ALL SELECT eid FROM entities WHERE id = ?1 COLLATE NOCASE"
		"  AND id_aka IS NOT NULL)))");

	if (stmt)
		sqlite3_bind_text(stmt, 1, id, -1, SQLITE_TRANSIENT);
	return entity_query(st, stmt, out);
}

void entity_clear(struct entity *e)
{
	free(e->id);
	free(e->kind);
	free(e->badge);
	free(e->name);
	free(e->type);
	free(e->text);
	free(e->file);
	memset(e, 0, sizeof(*e));
}

/* The state STORE_CHILD_STATUS_COLUMNS gives as a number. */
static enum entity_state entity_state_of(int n)
{
	switch (n) {
	case ENTITY_CLOSED:
		return ENTITY_CLOSED;
	case ENTITY_NOT_YET_OPEN:
		return ENTITY_NOT_YET_OPEN;
	case ENTITY_CLOSING:
		return ENTITY_CLOSING;
	default:
		return ENTITY_OPEN;
	}
}

int store_entity_state(struct store *st, int64_t eid, enum entity_state *out)
{
	sqlite3_stmt *stmt = prepare_with_id(st,
		"SELECT " STORE_CHILD_STATUS_COLUMNS " FROM entities e WHERE e.eid = ?", eid);
	int rc;

	*out = ENTITY_OPEN;
	if (!stmt)
		return STORE_ERROR;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*out = entity_state_of(sqlite3_column_int(stmt, 1));
	store_done(st, stmt);
	return rc == SQLITE_ROW ? STORE_OK : rc == SQLITE_DONE ? STORE_NOT_FOUND : STORE_ERROR;
}

static int read_child(sqlite3_stmt *stmt, void *ctx)
{
	struct child_list *out = ctx;
	struct child *c;

	GROW(out->items, out->cap, out->count + 1);
	c = &out->items[out->count++];
	c->eid = sqlite3_column_int64(stmt, 0);
	c->id = column_strdup_empty(stmt, 1);
	c->kind = column_strdup_empty(stmt, 2);
	c->badge = column_strdup_empty(stmt, 3);
	c->name = column_strdup_empty(stmt, 4);
	c->n_children = sqlite3_column_int64(stmt, 5);
	c->secondary = sqlite3_column_int(stmt, 6) != 0;
	c->type = sqlite3_column_type(stmt, 7) == SQLITE_NULL ? NULL : column_strdup_empty(stmt, 7);
	c->state = entity_state_of(sqlite3_column_int(stmt, 8));
	/* a tenth column says whether a filter matched it; none: no filter */
	c->matched = sqlite3_column_count(stmt) < 10 || sqlite3_column_int(stmt, 9) != 0;
	return 0;
}

int store_children(struct store *st, int64_t parent, size_t offset, size_t limit,
                   struct child_list *out)
{
	/* own children by load order, then those shown here through a
	 * secondary relation whose parent is elsewhere */
	sqlite3_stmt *stmt = store_cached(st,
		"SELECT * FROM ("
		" SELECT e.eid, e.id, k.name AS kind, k.badge, e.name, e.n_children + e.n_linked AS n,"
		"  0 AS secondary, " STORE_CHILD_STATUS_COLUMNS
		"  FROM entities e JOIN kinds k ON k.kind_no = e.kind_no"
		"  WHERE e.parent IS ?1"
		" UNION ALL"
		" SELECT e.eid, e.id, k.name, k.badge, e.name, e.n_children + e.n_linked, 1, "
		STORE_CHILD_STATUS_COLUMNS
		"  FROM entities e JOIN kinds k ON k.kind_no = e.kind_no"
		"  WHERE ?1 IS NOT NULL AND e.eid IN (SELECT l.src FROM links l"
		"   JOIN relations r ON r.rel_no = l.rel_no AND r.secondary WHERE l.dst = ?1)"
		"  AND e.parent IS NOT ?1 AND e.eid <> ?1)"
		" ORDER BY secondary, eid LIMIT ?2 OFFSET ?3");

	if (!stmt)
		return STORE_ERROR;
	if (parent)
		sqlite3_bind_int64(stmt, 1, parent);
	sqlite3_bind_int64(stmt, 2, (sqlite3_int64)limit);
	sqlite3_bind_int64(stmt, 3, (sqlite3_int64)offset);
	return each_row(st, stmt, read_child, out);
}

/* The children that store_children lists, in its order, as two queries
 * keyed by the last child of the previous page instead of an offset: each
 * page is an index range, however far down a long list of siblings it is.
 * ?1 the parent (NULL for the roots), ?2 the eid after which to start,
 * ?3 the limit. */
static const char own_children_after_sql[] =
	"SELECT e.eid, e.id, k.name, k.badge, e.name, e.n_children + e.n_linked, 0, "
	STORE_CHILD_STATUS_COLUMNS
	" FROM entities e JOIN kinds k ON k.kind_no = e.kind_no"
	" WHERE e.parent IS ?1 AND e.eid > ?2 ORDER BY e.eid LIMIT ?3";
static const char secondary_children_after_sql[] =
	"SELECT e.eid, e.id, k.name, k.badge, e.name, e.n_children + e.n_linked, 1, "
	STORE_CHILD_STATUS_COLUMNS
	" FROM entities e JOIN kinds k ON k.kind_no = e.kind_no"
	" WHERE e.eid IN (SELECT l.src FROM relations r CROSS JOIN links l"
	"  ON l.dst = ?1 AND l.rel_no = r.rel_no WHERE r.secondary)"
	" AND e.parent IS NOT ?1 AND e.eid <> ?1 AND e.eid > ?2 ORDER BY e.eid LIMIT ?3";

static int children_page(struct store *st, const char *sql, int64_t parent, int64_t after,
                         size_t limit, struct child_list *out)
{
	sqlite3_stmt *stmt = store_cached(st, sql);

	if (!stmt)
		return STORE_ERROR;
	if (parent)
		sqlite3_bind_int64(stmt, 1, parent);
	sqlite3_bind_int64(stmt, 2, after);
	sqlite3_bind_int64(stmt, 3, (sqlite3_int64)limit);
	return each_row(st, stmt, read_child, out);
}

int store_children_pages(struct store *st, const char *own_sql, const char *secondary_sql,
                         int64_t parent, const struct child *after, size_t limit,
                         struct child_list *out)
{
	size_t before = out->count;

	if (!after->secondary) {
		if (children_page(st, own_sql, parent, after->eid, limit, out) != STORE_OK)
			return STORE_ERROR;
		if (out->count - before == limit || parent == 0)
			return STORE_OK;
	}
	return children_page(st, secondary_sql, parent, after->secondary ? after->eid : 0,
	                     limit - (out->count - before), out);
}

int store_children_after(struct store *st, int64_t parent, const struct child *after,
                         size_t limit, struct child_list *out)
{
	return store_children_pages(st, own_children_after_sql, secondary_children_after_sql, parent,
	                            after, limit, out);
}

void child_list_clear(struct child_list *list)
{
	for (size_t i = 0; i < list->count; i++) {
		free(list->items[i].id);
		free(list->items[i].kind);
		free(list->items[i].badge);
		free(list->items[i].name);
		free(list->items[i].type);
	}
	free(list->items);
	memset(list, 0, sizeof(*list));
}

static int read_eid(sqlite3_stmt *stmt, void *ctx)
{
	struct eid_list *out = ctx;

	GROW(out->items, out->cap, out->count + 1);
	out->items[out->count++] = sqlite3_column_int64(stmt, 0);
	return 0;
}

int store_parent_chain(struct store *st, int64_t eid, struct eid_list *out)
{
	sqlite3_stmt *stmt = prepare_with_id(st,
		"WITH RECURSIVE up(eid, parent, depth) AS ("
		" SELECT eid, parent, 0 FROM entities WHERE eid = ?"
		" UNION ALL SELECT e.eid, e.parent, up.depth + 1 FROM entities e"
		"  JOIN up ON e.eid = up.parent WHERE up.depth < 10000)"
		" SELECT eid FROM up ORDER BY depth DESC", eid);

	if (each_row(st, stmt, read_eid, out) != STORE_OK)
		return STORE_ERROR;
	return out->count ? STORE_OK : STORE_NOT_FOUND;
}

void eid_list_clear(struct eid_list *list)
{
	free(list->items);
	memset(list, 0, sizeof(*list));
}

static int read_source(sqlite3_stmt *stmt, void *ctx)
{
	struct source_list *out = ctx;
	struct source_ref *s;

	GROW(out->items, out->cap, out->count + 1);
	s = &out->items[out->count++];
	s->eid = sqlite3_column_int64(stmt, 0);
	s->id = column_strdup_empty(stmt, 1);
	s->name = column_strdup_empty(stmt, 2);
	return 0;
}

static int load_citations(struct store *st, enum citation_owner owner_type, int64_t owner,
                          struct source_list *out)
{
	sqlite3_stmt *stmt = prepare_with_id(st,
		"SELECT e.eid, e.id, e.name FROM citations c JOIN entities e ON e.eid = c.source"
		" WHERE c.owner = ?1 AND c.owner_type = ?2 ORDER BY c.ord", owner);

	if (stmt)
		sqlite3_bind_int(stmt, 2, (int)owner_type);
	return each_row(st, stmt, read_source, out);
}

void source_list_clear(struct source_list *list)
{
	for (size_t i = 0; i < list->count; i++) {
		free(list->items[i].id);
		free(list->items[i].name);
	}
	free(list->items);
	memset(list, 0, sizeof(*list));
}

int store_sources(struct store *st, int64_t eid, struct source_list *out)
{
	sqlite3_stmt *stmt;
	int64_t file_no = -1;

	if (load_citations(st, CITE_ENTITY, eid, out) != STORE_OK)
		return STORE_ERROR;
	if (out->count)
		return STORE_OK;
	stmt = store_cached(st, "SELECT file_no FROM entities WHERE eid = ?");
	if (!stmt)
		return STORE_ERROR;
	sqlite3_bind_int64(stmt, 1, eid);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		file_no = sqlite3_column_int64(stmt, 0);
	store_done(st, stmt);
	if (file_no < 0)
		return STORE_NOT_FOUND;
	out->inherited = true;
	return load_citations(st, CITE_FILE, file_no, out);
}

struct fact_rows {
	struct store *st;
	struct fact_list *out;
};

static int read_fact(sqlite3_stmt *stmt, void *ctx)
{
	struct fact_rows *rows = ctx;
	struct fact_list *out = rows->out;
	struct fact *f;

	GROW(out->items, out->cap, out->count + 1);
	f = &out->items[out->count++];
	memset(f, 0, sizeof(*f));
	f->key = column_strdup_empty(stmt, 1);
	f->value = column_strdup_empty(stmt, 2);
	f->note = column_strdup(stmt, 3);
	f->reason = column_strdup(stmt, 4);
	return load_citations(rows->st, CITE_FACT, sqlite3_column_int64(stmt, 0), &f->sources);
}

int store_facts(struct store *st, int64_t eid, struct fact_list *out)
{
	struct fact_rows rows = { st, out };

	return each_row(st, prepare_with_id(st,
		"SELECT f.fid, k.name, f.value, f.note, f.reason FROM facts f"
		" JOIN fact_keys k ON k.key_no = f.key_no WHERE f.eid = ? ORDER BY f.fid", eid),
		read_fact, &rows);
}

void fact_list_clear(struct fact_list *list)
{
	for (size_t i = 0; i < list->count; i++) {
		free(list->items[i].key);
		free(list->items[i].value);
		free(list->items[i].note);
		free(list->items[i].reason);
		source_list_clear(&list->items[i].sources);
	}
	free(list->items);
	memset(list, 0, sizeof(*list));
}

static int read_string(sqlite3_stmt *stmt, void *ctx)
{
	struct string_list *out = ctx;

	GROW(out->items, out->cap, out->count + 1);
	out->items[out->count++] = column_strdup_empty(stmt, 0);
	return 0;
}

int store_aka(struct store *st, int64_t eid, struct string_list *out)
{
	/* with the one that is the id, when it is not stored (store.c) */
	return each_row(st, prepare_with_id(st,
		"SELECT value FROM (SELECT ord, value FROM aka WHERE eid = ?1"
		" UNION ALL SELECT id_aka, id FROM entities WHERE eid = ?1 AND id_aka IS NOT NULL)"
		" ORDER BY ord", eid), read_string, out);
}

void string_list_clear(struct string_list *list)
{
	for (size_t i = 0; i < list->count; i++)
		free(list->items[i]);
	free(list->items);
	memset(list, 0, sizeof(*list));
}

static int read_link_fact(sqlite3_stmt *stmt, void *ctx)
{
	struct link_item *item = ctx;

	/* counts are small: grow one at a time */
	item->facts = xreallocarray(item->facts, item->fact_count + 1, sizeof(*item->facts));
	item->facts[item->fact_count].key = column_strdup_empty(stmt, 0);
	item->facts[item->fact_count].value = column_strdup_empty(stmt, 1);
	item->fact_count++;
	return 0;
}

static int load_link_facts(struct store *st, struct link_item *item)
{
	return each_row(st, prepare_with_id(st,
		"SELECT key, value FROM link_facts WHERE lid = ? ORDER BY ord", item->lid),
		read_link_fact, item);
}

struct link_rows {
	struct store *st;
	struct link_list *out;
};

/* Where a link is written (store.c): in the mapping of its source, or of
 * its target when the lowest bit of line_off is set; the rest of line_off
 * is its line as an offset from that entity's.  The columns file, line,
 * column of read_link. */
#define LINK_PLACE \
	" JOIN entities w ON w.eid = CASE WHEN l.line_off & 1 THEN l.dst ELSE l.src END" \
	" JOIN files f ON f.file_no = w.file_no"
#define LINK_POSITION "f.path, w.line + (l.line_off >> 1), l.col"

static int read_link(sqlite3_stmt *stmt, void *ctx)
{
	struct link_rows *rows = ctx;
	struct link_list *out = rows->out;
	struct link_item *item;

	GROW(out->items, out->cap, out->count + 1);
	item = &out->items[out->count++];
	memset(item, 0, sizeof(*item));
	item->lid = sqlite3_column_int64(stmt, 0);
	item->label = column_strdup_empty(stmt, 1);
	item->other = sqlite3_column_int64(stmt, 2);
	item->other_id = column_strdup_empty(stmt, 3);
	item->other_kind = column_strdup_empty(stmt, 4);
	item->other_badge = column_strdup_empty(stmt, 5);
	item->other_name = column_strdup_empty(stmt, 6);
	item->file = column_strdup_empty(stmt, 7);
	item->line = (unsigned)sqlite3_column_int(stmt, 8);
	item->col = (unsigned)sqlite3_column_int(stmt, 9);
	if (load_link_facts(rows->st, item) != STORE_OK)
		return -1;
	return load_citations(rows->st, CITE_LINK, item->lid, &item->sources);
}

int store_links(struct store *st, int64_t eid, enum link_direction direction,
                struct link_list *out)
{
	/* grouped by relation in the vocabulary's order (core first, as
	 * declared), then in load order within a relation */
	static const char out_sql[] =
		"SELECT l.lid, r.name, o.eid, o.id, k.name, k.badge, o.name, " LINK_POSITION
		" FROM links l JOIN relations r ON r.rel_no = l.rel_no JOIN entities o ON o.eid = l.dst"
		" JOIN kinds k ON k.kind_no = o.kind_no" LINK_PLACE
		" WHERE l.src = ? ORDER BY r.core DESC, r.rel_no, l.lid";
	static const char in_sql[] =
		"SELECT l.lid, r.inverse, o.eid, o.id, k.name, k.badge, o.name, " LINK_POSITION
		" FROM links l JOIN relations r ON r.rel_no = l.rel_no JOIN entities o ON o.eid = l.src"
		" JOIN kinds k ON k.kind_no = o.kind_no" LINK_PLACE
		" WHERE l.dst = ? ORDER BY r.core DESC, r.rel_no, l.lid";
	struct link_rows rows = { st, out };

	return each_row(st, prepare_with_id(st, direction == LINKS_OUT ? out_sql : in_sql, eid),
	                read_link, &rows);
}

static int read_relation(sqlite3_stmt *stmt, void *ctx)
{
	struct relation_list *out = ctx;
	struct relation_name *r;

	GROW(out->items, out->cap, out->count + 1);
	r = &out->items[out->count++];
	r->name = column_strdup_empty(stmt, 0);
	r->inverse = column_strdup_empty(stmt, 1);
	return 0;
}

int store_relations(struct store *st, struct relation_list *out)
{
	return each_row(st, store_cached(st, "SELECT name, inverse FROM relations ORDER BY name"),
	                read_relation, out);
}

void relation_list_clear(struct relation_list *list)
{
	for (size_t i = 0; i < list->count; i++) {
		free(list->items[i].name);
		free(list->items[i].inverse);
	}
	free(list->items);
	memset(list, 0, sizeof(*list));
}

void link_list_clear(struct link_list *list)
{
	for (size_t i = 0; i < list->count; i++) {
		struct link_item *item = &list->items[i];
		free(item->label);
		free(item->other_id);
		free(item->other_kind);
		free(item->other_badge);
		free(item->other_name);
		free(item->file);
		for (size_t j = 0; j < item->fact_count; j++) {
			free(item->facts[j].key);
			free(item->facts[j].value);
		}
		free(item->facts);
		source_list_clear(&item->sources);
	}
	free(list->items);
	memset(list, 0, sizeof(*list));
}

static int read_link_group(sqlite3_stmt *stmt, void *ctx)
{
	struct link_group_list *out = ctx;
	struct link_group *g;

	GROW(out->items, out->cap, out->count + 1);
	g = &out->items[out->count++];
	g->rel = column_strdup_empty(stmt, 0);
	g->label = column_strdup_empty(stmt, 1);
	return 0;
}

int store_link_groups(struct store *st, int64_t eid, enum link_direction direction,
                      struct link_group_list *out)
{
	/* a link whose target is not stored (dst NULL) is not listed by
	 * store_links' join: it makes no group either */
	static const char out_sql[] =
		"SELECT r.name, r.name FROM relations r WHERE EXISTS (SELECT 1 FROM links l"
		" WHERE l.src = ?1 AND l.rel_no = r.rel_no AND l.dst IS NOT NULL)"
		" ORDER BY r.core DESC, r.rel_no";
	static const char in_sql[] =
		"SELECT r.name, r.inverse FROM relations r WHERE EXISTS (SELECT 1 FROM links l"
		" WHERE l.dst = ?1 AND l.rel_no = r.rel_no)"
		" ORDER BY r.core DESC, r.rel_no";

	return each_row(st, prepare_with_id(st, direction == LINKS_OUT ? out_sql : in_sql, eid),
	                read_link_group, out);
}

void link_group_list_clear(struct link_group_list *list)
{
	for (size_t i = 0; i < list->count; i++) {
		free(list->items[i].rel);
		free(list->items[i].label);
	}
	free(list->items);
	memset(list, 0, sizeof(*list));
}

int store_links_page(struct store *st, int64_t eid, enum link_direction direction,
                     const char *rel, int64_t after_lid, size_t limit, struct link_list *out)
{
	/* the columns of store_links; each page is a range of the links' key
	 * (src, rel_no, lid) or of links_by_dst (dst, rel_no, lid), the
	 * relation's number looked up once */
	static const char out_sql[] =
		"SELECT l.lid, r.name, o.eid, o.id, k.name, k.badge, o.name, " LINK_POSITION
		" FROM relations r CROSS JOIN links l ON l.src = ?1 AND l.rel_no = r.rel_no"
		" JOIN entities o ON o.eid = l.dst"
		" JOIN kinds k ON k.kind_no = o.kind_no" LINK_PLACE
		" WHERE r.name = ?2 AND l.lid > ?3 ORDER BY l.lid LIMIT ?4";
	static const char in_sql[] =
		"SELECT l.lid, r.inverse, o.eid, o.id, k.name, k.badge, o.name, " LINK_POSITION
		" FROM relations r CROSS JOIN links l ON l.dst = ?1 AND l.rel_no = r.rel_no"
		" JOIN entities o ON o.eid = l.src"
		" JOIN kinds k ON k.kind_no = o.kind_no" LINK_PLACE
		" WHERE r.name = ?2 AND l.lid > ?3 ORDER BY l.lid LIMIT ?4";
	struct link_rows rows = { st, out };
	sqlite3_stmt *stmt = prepare_with_id(st, direction == LINKS_OUT ? out_sql : in_sql, eid);

	if (stmt) {
		sqlite3_bind_text(stmt, 2, rel, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(stmt, 3, after_lid);
		sqlite3_bind_int64(stmt, 4, limit > (uint64_t)INT64_MAX ? INT64_MAX : (sqlite3_int64)limit);
	}
	return each_row(st, stmt, read_link, &rows);
}

int store_links_count_after(struct store *st, int64_t eid, enum link_direction direction,
                            const char *rel, int64_t after_lid, int64_t *count)
{
	static const char out_sql[] =
		"SELECT count(*) FROM links WHERE src = ?1"
		" AND rel_no = (SELECT rel_no FROM relations WHERE name = ?2) AND lid > ?3"
		" AND dst IS NOT NULL";
	static const char in_sql[] =
		"SELECT count(*) FROM links WHERE dst = ?1"
		" AND rel_no = (SELECT rel_no FROM relations WHERE name = ?2) AND lid > ?3";
	sqlite3_stmt *stmt = prepare_with_id(st, direction == LINKS_OUT ? out_sql : in_sql, eid);

	if (!stmt)
		return STORE_ERROR;
	sqlite3_bind_text(stmt, 2, rel, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(stmt, 3, after_lid);
	if (sqlite3_step(stmt) != SQLITE_ROW)
		return step_error(st, stmt);
	*count = sqlite3_column_int64(stmt, 0);
	store_done(st, stmt);
	return STORE_OK;
}
