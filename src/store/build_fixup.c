/* The fix-ups of a build, once the SQLite thread is drained and the
 * database belongs to the caller's thread: the references the loader could
 * resolve only after the last file (parents, kinds, links, citations) and
 * the stored counts of children.  Each statement is prepared when first
 * used. */
#include "icsview/base/strmap.h"
#include "build_private.h"
#include "store_private.h"

static sqlite3_stmt *fixup(struct store_writer *w, sqlite3_stmt **stmt, const char *sql)
{
	if (!*stmt)
		*stmt = store_prepare(w->db, sql);
	return *stmt;
}

#define FIXUP(w, name) fixup((w), &(w)->name, FIXUP_SQL_##name)
#define FIXUP_SQL(name, sql) static const char FIXUP_SQL_##name[] = sql;
FIXUP_STATEMENTS(FIXUP_SQL)

void finalize_fixups(struct store_writer *w)
{
#define FINALIZE_STATEMENT(name, sql) sqlite3_finalize(w->name); w->name = NULL;
	FIXUP_STATEMENTS(FINALIZE_STATEMENT)
#undef FINALIZE_STATEMENT
}

int writer_fix_parent(struct store_writer *w, int64_t eid, int64_t parent)
{
	sqlite3_stmt *s = FIXUP(w, fix_parent);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, parent);
	sqlite3_bind_int64(s, 2, eid);
	return build_run(s);
}

/* The number of a kind that was never declared (reported by
 * writer_report_unknown_names: the model is invalid, its database never
 * kept), given a row of its own after the vocabulary's so that the checks
 * that follow can still name it. */
static int undeclared_kind_code(struct store_writer *w, struct strmap *undeclared,
                                const char *name)
{
	sqlite3_stmt *s = FIXUP(w, add_undeclared_kind);
	bool added;
	int32_t *slot = strmap_insert(undeclared, name, &added);
	int kind_no;

	if (!added)
		return *slot;
	kind_no = *slot = (int32_t)(w->kind_count + undeclared->count);
	if (!s)
		return -1;
	sqlite3_bind_int(s, 1, kind_no);
	build_bind_text(s, 2, name);
	return build_run(s) == 0 ? kind_no : -1;
}

int writer_fix_kinds(struct store_writer *w)
{
	struct strmap undeclared = STRMAP_INIT;
	sqlite3_stmt *s = FIXUP(w, fix_kind);
	int rc = s ? 0 : -1;

	for (size_t i = 0; i < w->late_kind_count && rc == 0; i++) {
		const struct late_kind *late = &w->late_kinds[i];
		int kind_no = kind_code(w, late->name);

		if (kind_no == 0)
			kind_no = undeclared_kind_code(w, &undeclared, late->name);
		if (kind_no < 0) {
			rc = -1;
			break;
		}
		sqlite3_bind_int(s, 1, kind_no);
		sqlite3_bind_int64(s, 2, late->eid);
		rc = build_run(s);
	}
	strmap_free(&undeclared);
	return rc;
}

int writer_fix_link(struct store_writer *w, int64_t lid, int64_t written_src, int64_t src,
                    const char *rel, int64_t dst)
{
	sqlite3_stmt *s = FIXUP(w, fix_link);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, src);
	sqlite3_bind_int(s, 2, relation_code(w, rel));
	sqlite3_bind_int64(s, 3, dst);
	sqlite3_bind_int64(s, 4, written_src);
	sqlite3_bind_int64(s, 5, lid);
	return build_run(s);
}

int writer_fix_citation(struct store_writer *w, enum citation_owner owner_type, int64_t owner,
                        int ord, int64_t source)
{
	sqlite3_stmt *s = FIXUP(w, fix_citation);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, source);
	sqlite3_bind_int(s, 2, (int)owner_type);
	sqlite3_bind_int64(s, 3, owner);
	sqlite3_bind_int(s, 4, ord);
	return build_run(s);
}

int writer_set_counts(struct store_writer *w, int64_t eid, int64_t n_children, int64_t n_linked)
{
	sqlite3_stmt *s = FIXUP(w, set_counts);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, n_children);
	sqlite3_bind_int64(s, 2, n_linked);
	sqlite3_bind_int64(s, 3, eid);
	return build_run(s);
}

char *writer_code_owner(struct store_writer *w, const char *code)
{
	sqlite3_stmt *s;
	char *owner = NULL;

	if (!w->aka_indexed) {
		s = FIXUP(w, index_aka);
		if (!s || build_run(s) != 0)
			return NULL;
		w->aka_indexed = true;
	}
	s = FIXUP(w, code_owner);
	if (!s)
		return NULL;
	sqlite3_bind_text(s, 1, code, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
		owner = xstrdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return owner;
}
