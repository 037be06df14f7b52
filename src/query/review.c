/* The review's marks matched to the model: in memory for the tree's rows,
 * in temp.review_marks for filters; progress over the view; the next entity
 * to review in tree order. */
#include "icsview/query/review.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "icsview/base/util.h"
#include "icsview/query/filter.h"
#include "icsview/store/store_sql.h"
#include "review_marks.h"

static int fail(struct review *r, const char *what)
{
	const char *why = r->notes && notes_errmsg(r->notes)[0] ? notes_errmsg(r->notes)
	                                                         : store_sql_error(r->st);
	snprintf(r->errmsg, sizeof(r->errmsg), "cannot %s: %s", what, why);
	return STORE_ERROR;
}

int review_fail(struct review *r, const char *what)
{
	return fail(r, what);
}

const char *review_errmsg(const struct review *r)
{
	return r->errmsg;
}

int64_t review_eid_of_id(struct store *st, const char *id, bool *failed)
{
	/* entities_by_id ignores case (store.c): the exact id within it */
	struct sql_stmt *stmt = store_sql_prepare(st,
		"SELECT eid FROM entities WHERE id = ?1 COLLATE NOCASE AND id = ?1");
	int64_t eid = 0;
	enum sql_step rc;

	if (!stmt) {
		*failed = true;
		return 0;
	}
	sql_bind_text(stmt, 1, id);
	rc = sql_step(stmt);
	if (rc == SQL_ROW)
		eid = sql_int64(stmt, 0);
	else if (rc != SQL_DONE)
		*failed = true;
	sql_free(stmt);
	return eid;
}

static int compare_marks(const void *a, const void *b)
{
	int64_t x = ((const struct review_mark *)a)->eid, y = ((const struct review_mark *)b)->eid;
	return (x > y) - (x < y);
}

static struct review_mark mark_of(int64_t eid, const struct note *n)
{
	struct review_mark m = { eid, n->flag, n->reviewed, n->text && n->text[0] };
	return m;
}

/* temp.review_marks as the in-memory marks are: one statement each, inside
 * one savepoint. */
static int write_marks_table(struct review *r)
{
	struct store *st = r->st;
	struct sql_stmt *stmt;

	if (store_sql_exec(st, "SAVEPOINT review_marks;" REVIEW_MARKS_TABLE_SQL
	                       "DELETE FROM temp.review_marks") != 0)
		return fail(r, "record the review's marks");
	stmt = store_sql_prepare(st, "INSERT INTO temp.review_marks(eid, flag, reviewed, noted)"
	                             " VALUES (?1, ?2, ?3, ?4)");
	for (size_t i = 0; stmt && i < r->count; i++) {
		const struct review_mark *m = &r->marks[i];

		sql_bind_int64(stmt, 1, m->eid);
		sql_bind_int(stmt, 2, (int)m->flag);
		sql_bind_int(stmt, 3, m->reviewed);
		sql_bind_int(stmt, 4, m->has_text);
		if (sql_step(stmt) != SQL_DONE) {
			sql_free(stmt);
			stmt = NULL;
			break;
		}
		sql_reset(stmt);
	}
	if (!stmt) {
		fail(r, "record the review's marks");
		store_sql_exec(st, "ROLLBACK TO review_marks; RELEASE review_marks");
		return STORE_ERROR;
	}
	sql_free(stmt);
	return store_sql_exec(st, "RELEASE review_marks") == 0 ? STORE_OK
	                                                        : fail(r, "record the review's marks");
}

int review_sync(struct review *r)
{
	struct note_list list = { 0 };
	bool failed = false;

	r->count = 0;
	r->orphans = 0;
	r->errmsg[0] = '\0';
	if (r->notes && notes_list(r->notes, &list) != NOTES_OK)
		return fail(r, "read the notes");
	for (size_t i = 0; i < list.count && !failed; i++) {
		int64_t eid = review_eid_of_id(r->st, list.items[i].entity_id, &failed);

		if (!eid) {
			r->orphans += !failed;
			continue;
		}
		GROW(r->marks, r->cap, r->count + 1);
		r->marks[r->count++] = mark_of(eid, &list.items[i]);
	}
	note_list_clear(&list);
	if (failed)
		return fail(r, "match the notes to the model");
	if (r->count > 1)
		qsort(r->marks, r->count, sizeof(r->marks[0]), compare_marks);
	if (write_marks_table(r) != STORE_OK)
		return STORE_ERROR;
	return review_conflicts_sync(r);
}

int review_open(struct review *r, struct store *st, struct notes *notes)
{
	memset(r, 0, sizeof(*r));
	r->st = st;
	r->notes = notes;
	return review_sync(r);
}

void review_close(struct review *r)
{
	free(r->marks);
	free(r->conflicts);
	if (r->st)
		store_sql_exec(r->st, "DROP TABLE IF EXISTS temp.review_marks;"
		                      " DROP TABLE IF EXISTS temp.review_conflicts");
	memset(r, 0, sizeof(*r));
}

static struct review_mark *find_mark(const struct review *r, int64_t eid)
{
	struct review_mark key = { .eid = eid };

	if (r->count == 0)
		return NULL;    /* marks may be NULL: bsearch must not see it */
	return bsearch(&key, r->marks, r->count, sizeof(r->marks[0]), compare_marks);
}

const struct review_mark *review_mark(const struct review *r, int64_t eid)
{
	return find_mark(r, eid);
}

static int store_one_mark(struct review *r, const struct review_mark *m, bool present)
{
	struct sql_stmt *stmt = store_sql_prepare(r->st, present
		? "INSERT OR REPLACE INTO temp.review_marks(eid, flag, reviewed, noted)"
		  " VALUES (?1, ?2, ?3, ?4)"
		: "DELETE FROM temp.review_marks WHERE eid = ?1");
	enum sql_step rc;

	if (!stmt)
		return fail(r, "record the mark");
	sql_bind_int64(stmt, 1, m->eid);
	if (present) {
		sql_bind_int(stmt, 2, (int)m->flag);
		sql_bind_int(stmt, 3, m->reviewed);
		sql_bind_int(stmt, 4, m->has_text);
	}
	rc = sql_step(stmt);
	sql_free(stmt);
	return rc == SQL_DONE ? STORE_OK : fail(r, "record the mark");
}

static int reload_mark(struct review *r, int64_t eid, const char *entity_id)
{
	struct note n;
	struct review_mark *m;
	int rc;

	r->errmsg[0] = '\0';
	if (!r->notes)
		return STORE_OK;
	rc = notes_get(r->notes, entity_id, &n);
	if (rc != NOTES_OK && rc != NOTES_NOT_FOUND) {
		note_clear(&n);
		return fail(r, "read the note");
	}
	m = find_mark(r, eid);
	if (rc == NOTES_NOT_FOUND) {
		note_clear(&n);
		if (!m)
			return STORE_OK;
		memmove(m, m + 1, (size_t)(r->marks + r->count - (m + 1)) * sizeof(*m));
		r->count--;
		return store_one_mark(r, &(struct review_mark){ .eid = eid }, false);
	}
	if (!m) {
		GROW(r->marks, r->cap, r->count + 1);
		m = &r->marks[r->count++];
	}
	*m = mark_of(eid, &n);
	note_clear(&n);
	qsort(r->marks, r->count, sizeof(r->marks[0]), compare_marks);
	return store_one_mark(r, find_mark(r, eid), true);
}

int review_reload_one(struct review *r, int64_t eid, const char *entity_id)
{
	if (reload_mark(r, eid, entity_id) != STORE_OK)
		return STORE_ERROR;
	return review_conflict_reload(r, eid, entity_id);
}

/* ---- progress ------------------------------------------------------------ */

static bool read_counts(struct sql_stmt *stmt, int64_t *values, int n)
{
	bool ok = stmt && sql_step(stmt) == SQL_ROW;

	for (int i = 0; ok && i < n; i++)
		values[i] = sql_int64(stmt, i);
	sql_free(stmt);
	return ok;
}

/* ?1 the root.  The view's entities, walking only visible ones under a
 * filter, counted with their marks. */
#define SUBTREE(join) \
	"WITH RECURSIVE sub(eid) AS (SELECT e.eid FROM entities e " join " WHERE e.parent = ?1" \
	" UNION ALL SELECT e.eid FROM sub JOIN entities e ON e.parent = sub.eid " join ")"
#define MARK_SUMS \
	" coalesce(sum(r.reviewed), 0), coalesce(sum(r.flag > 0), 0), coalesce(sum(r.flag = 3), 0)"

int review_progress(struct review *r, int64_t root, struct review_progress *out)
{
	bool filtered = store_filter_active(r->st);
	const char *sql;
	struct sql_stmt *stmt;
	int64_t v[4];

	memset(out, 0, sizeof(*out));
	if (root == 0 && !filtered)
		sql = "SELECT (SELECT count(*) FROM entities)," MARK_SUMS
		      " FROM temp.review_marks r WHERE ?1 IS NOT NULL";
	else if (root == 0)
		sql = "SELECT count(*)," MARK_SUMS " FROM temp.filter_visible v"
		      " LEFT JOIN temp.review_marks r ON r.eid = v.eid WHERE v.matched AND ?1 IS NOT NULL";
	else if (!filtered)
		sql = SUBTREE("") " SELECT count(*)," MARK_SUMS
		      " FROM sub LEFT JOIN temp.review_marks r ON r.eid = sub.eid";
	else
		sql = SUBTREE("JOIN temp.filter_visible v ON v.eid = e.eid")
		      " SELECT count(*)," MARK_SUMS " FROM sub"
		      " JOIN temp.filter_visible m ON m.eid = sub.eid AND m.matched"
		      " LEFT JOIN temp.review_marks r ON r.eid = sub.eid";
	/* temp.review_marks exists: review_open made it */
	if (!(stmt = store_sql_prepare(r->st, sql)))
		return fail(r, "count the review");
	sql_bind_int64(stmt, 1, root);
	if (!read_counts(stmt, v, 4))
		return fail(r, "count the review");
	out->total = v[0];
	out->reviewed = v[1];
	out->flagged = v[2];
	out->concerns = v[3];
	return STORE_OK;
}

/* ---- tree order ------------------------------------------------------------ */

struct placed {
	int64_t eid;
	struct eid_list chain;      /* root first, the entity last; empty: not in the model */
	size_t given;               /* position in the input, to keep it for the missing */
};

static int compare_placed(const void *a, const void *b)
{
	const struct placed *x = a, *y = b;
	size_t i = 0;

	if (!x->chain.count || !y->chain.count) {
		if (x->chain.count != y->chain.count)
			return x->chain.count ? -1 : 1;
		return (x->given > y->given) - (x->given < y->given);
	}
	while (i < x->chain.count && i < y->chain.count && x->chain.items[i] == y->chain.items[i])
		i++;
	if (i == x->chain.count || i == y->chain.count)
		return (x->chain.count > y->chain.count) - (x->chain.count < y->chain.count);
	return (x->chain.items[i] > y->chain.items[i]) - (x->chain.items[i] < y->chain.items[i]);
}

static int place_all(struct store *st, const int64_t *eids, size_t count, struct placed **out)
{
	struct placed *p = xcalloc(count ? count : 1, sizeof(*p));

	for (size_t i = 0; i < count; i++) {
		p[i].eid = eids[i];
		p[i].given = i;
		if (store_parent_chain(st, eids[i], &p[i].chain) == STORE_ERROR) {
			for (size_t j = 0; j <= i; j++)
				eid_list_clear(&p[j].chain);
			free(p);
			return STORE_ERROR;
		}
	}
	*out = p;
	return STORE_OK;
}

static void free_placed(struct placed *p, size_t count)
{
	for (size_t i = 0; i < count; i++)
		eid_list_clear(&p[i].chain);
	free(p);
}

int review_sort_tree_order(struct store *st, int64_t *eids, size_t count)
{
	struct placed *p;

	if (place_all(st, eids, count, &p) != STORE_OK)
		return STORE_ERROR;
	qsort(p, count, sizeof(*p), compare_placed);
	for (size_t i = 0; i < count; i++)
		eids[i] = p[i].eid;
	free_placed(p, count);
	return STORE_OK;
}

/* ---- the next one ------------------------------------------------------------ */

/* Under root (not root itself): root appears in the chain before the end. */
static bool chain_under(const struct eid_list *chain, int64_t root)
{
	if (chain->count == 0)
		return false;
	if (root == 0)
		return true;
	for (size_t i = 0; i + 1 < chain->count; i++)
		if (chain->items[i] == root)
			return true;
	return false;
}

static bool under_root(struct store *st, int64_t eid, int64_t root, bool *failed)
{
	struct eid_list chain = { 0 };
	bool under;

	if (store_parent_chain(st, eid, &chain) == STORE_ERROR)
		*failed = true;
	under = chain_under(&chain, root);
	eid_list_clear(&chain);
	return under;
}

/* 1 when the entity matches the filter in force (or there is none), 0 when
 * it does not, -1 on error. */
static int filter_matches(struct store *st, bool filtered, int64_t eid)
{
	struct sql_stmt *stmt;
	enum sql_step rc;
	int matched;

	if (!filtered)
		return 1;
	stmt = store_sql_prepare(st, "SELECT matched FROM temp.filter_visible WHERE eid = ?1");
	if (!stmt)
		return -1;
	sql_bind_int64(stmt, 1, eid);
	rc = sql_step(stmt);
	matched = rc == SQL_ROW ? sql_int(stmt, 0) != 0 : rc == SQL_DONE ? 0 : -1;
	sql_free(stmt);
	return matched;
}

/* The flagged entities are few: place them all and take the first after
 * `from`. */
static int next_flagged(struct review *r, int64_t root, int64_t from, int64_t *out)
{
	bool filtered = store_filter_active(r->st);
	int64_t *eids = xcalloc(r->count + 1, sizeof(*eids));
	size_t n = 0, start = 0;
	struct placed *p;
	int rc = STORE_NOT_FOUND;
	bool failed = false;

	if (from && !under_root(r->st, from, root, &failed))
		from = 0;
	if (failed) {
		free(eids);
		return fail(r, "find the next flagged entity");
	}
	for (size_t i = 0; i < r->count; i++)
		if (r->marks[i].flag != NOTE_FLAG_NONE)
			eids[n++] = r->marks[i].eid;
	eids[n++] = from;   /* placed with them, to find what follows it */
	if (place_all(r->st, eids, n, &p) != STORE_OK) {
		free(eids);
		return fail(r, "find the next flagged entity");
	}
	free(eids);
	qsort(p, n, sizeof(*p), compare_placed);
	for (size_t i = 0; i < n; i++)
		if (p[i].given == n - 1)
			start = i;
	for (size_t k = 1; k < n && rc == STORE_NOT_FOUND; k++) {
		const struct placed *c = &p[(start + k) % n];
		int matched;

		if (c->eid == from || !chain_under(&c->chain, root))
			continue;
		matched = filter_matches(r->st, filtered, c->eid);
		if (matched < 0)
			rc = fail(r, "find the next flagged entity");
		else if (matched) {
			*out = c->eid;
			rc = STORE_OK;
		}
	}
	free_placed(p, n);
	return rc;
}

/* One step of a depth-first walk of the view, through visible entities
 * only under a filter. */
struct walk {
	struct sql_stmt *first_child, *next_sibling, *parent_of, *matched;
	int64_t root;
	bool failed;
};

static int64_t step_query(struct walk *w, struct sql_stmt *stmt, int64_t a, int64_t b)
{
	int64_t result = 0;
	enum sql_step rc;

	sql_reset(stmt);
	if (a) sql_bind_int64(stmt, 1, a);
	else sql_bind_null(stmt, 1);
	sql_bind_int64(stmt, 2, b);
	rc = sql_step(stmt);
	if (rc == SQL_ROW)
		result = sql_int64(stmt, 0);
	else if (rc != SQL_DONE)
		w->failed = true;
	return result;
}

/* The entity after cur in tree order, within the root; 0 at the end. */
static int64_t walk_next(struct walk *w, int64_t cur)
{
	int64_t child = step_query(w, w->first_child, cur ? cur : w->root, 0);

	if (child || cur == 0)
		return child;
	while (cur != w->root && !w->failed) {
		int64_t parent = step_query(w, w->parent_of, cur, 0);
		int64_t sibling = step_query(w, w->next_sibling, parent, cur);

		if (sibling)
			return sibling;
		cur = parent;
	}
	return 0;
}

static int next_unreviewed(struct review *r, int64_t root, int64_t from, int64_t *out)
{
	bool filtered = store_filter_active(r->st);
	const char *visible = filtered ? " CROSS JOIN temp.filter_visible v ON v.eid = e.eid" : "";
	char *sql;
	struct walk w = { .root = root };
	int64_t cur;
	bool wrapped = false;
	int rc = STORE_NOT_FOUND;

	sql = xasprintf("SELECT e.eid FROM entities e%s WHERE e.parent IS ?1 AND e.eid > ?2"
	                " ORDER BY e.eid LIMIT 1", visible);
	w.first_child = w.next_sibling = store_sql_prepare(r->st, sql);
	free(sql);
	w.parent_of = store_sql_prepare(r->st, "SELECT coalesce(parent, 0) FROM entities"
	                                       " WHERE eid = ?1 AND ?2 IS NOT NULL");
	w.matched = filtered ? store_sql_prepare(r->st, "SELECT matched FROM temp.filter_visible"
	                                                " WHERE eid = ?1 AND ?2 IS NOT NULL") : NULL;
	if (!w.first_child || !w.parent_of || (filtered && !w.matched)) {
		rc = fail(r, "find the next entity to review");
		goto done;
	}
	if (from && !under_root(r->st, from, root, &w.failed))
		from = 0;
	cur = from;
	for (;;) {
		const struct review_mark *m;

		cur = walk_next(&w, cur);
		if (w.failed)
			break;
		if (cur == 0) {
			if (wrapped || from == 0)
				break;
			wrapped = true;
			continue;
		}
		if (cur == from)
			break;
		m = find_mark(r, cur);
		if (m && m->reviewed)
			continue;
		if (filtered && !step_query(&w, w.matched, cur, 0))
			continue;
		if (w.failed)
			break;
		*out = cur;
		rc = STORE_OK;
		break;
	}
	if (w.failed)
		rc = fail(r, "find the next entity to review");
done:
	sql_free(w.first_child);
	sql_free(w.parent_of);
	sql_free(w.matched);
	return rc;
}

int review_is_target(struct review *r, int64_t root, int64_t eid, enum review_target target)
{
	const struct review_mark *m;
	bool failed = false;
	int matched;

	r->errmsg[0] = '\0';
	if (!eid || eid == root || !under_root(r->st, eid, root, &failed))
		return failed ? fail(r, "read the view") : STORE_NOT_FOUND;
	m = find_mark(r, eid);
	if (target == REVIEW_NEXT_FLAGGED ? !m || m->flag == NOTE_FLAG_NONE : m && m->reviewed)
		return STORE_NOT_FOUND;
	matched = filter_matches(r->st, store_filter_active(r->st), eid);
	if (matched < 0)
		return fail(r, "read the view");
	return matched ? STORE_OK : STORE_NOT_FOUND;
}

int review_next(struct review *r, int64_t root, int64_t from, enum review_target target,
                int64_t *out)
{
	struct review_progress progress;

	r->errmsg[0] = '\0';
	*out = 0;
	if (target == REVIEW_NEXT_FLAGGED)
		return next_flagged(r, root, from, out);
	/* everything reviewed: say so at once rather than walk the whole view */
	if (review_progress(r, root, &progress) != STORE_OK)
		return STORE_ERROR;
	if (progress.reviewed >= progress.total)
		return STORE_NOT_FOUND;
	return next_unreviewed(r, root, from, out);
}
