/* The filter tests' fixture and helpers (filter_fixture.h). */
#include "filter_fixture.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include "icsview/store/store_sql.h"
#include "helpers.h"

struct store *st;           /* the model the suite's tests filter */
static char *dir;           /* its scratch directory */

void load_models(void)
{
	static const char *const files[] = {
		"good/nested.yaml", "good/explicit-parent.yaml", "good/multi",
	};

	dir = scratch_dir();
	st = load_valid(dir, files, 3);
}

void load_bundled(void)
{
	const char *data = getenv("ICSVIEW_DATA");
	const char *paths[] = { data };

	cr_assert(data, "ICSVIEW_DATA is not set: run the tests through meson test");
	dir = scratch_dir();
	st = load_paths(dir, paths, 1);
}

void unload(void)
{
	store_close(st);
	remove_tree(dir);
	free(dir);
}

int64_t count_of(const char *sql)
{
	struct sql_stmt *stmt = store_sql_prepare(st, sql);
	int64_t n;

	cr_assert_not_null(stmt, "%s: %s", sql, store_errmsg(st));
	cr_assert_eq(sql_step(stmt), SQL_ROW, "%s: %s", sql, store_errmsg(st));
	n = sql_int64(stmt, 0);
	sql_free(stmt);
	return n;
}

/* The kept result is whole: every visible entity's parent is visible, every
 * place a match is shown under through a link is visible, and every
 * ancestor-only row has a visible child (its own, or one through a link). */
void expect_closed_result(const char *text)
{
	cr_expect_eq(count_of("SELECT count(*) FROM temp.filter_visible v JOIN entities e"
	                      " ON e.eid = v.eid WHERE e.parent IS NOT NULL"
	                      " AND e.parent NOT IN (SELECT eid FROM temp.filter_visible)"), 0,
	             "'%s': a visible entity's parent is hidden", text);
	cr_expect_eq(count_of("SELECT count(*) FROM temp.filter_linked s JOIN temp.filter_visible v"
	                      " ON v.eid = s.src WHERE v.matched"
	                      " AND s.dst NOT IN (SELECT eid FROM temp.filter_visible)"), 0,
	             "'%s': a place a match is shown under through a link is hidden", text);
	cr_expect_eq(count_of("SELECT count(*) FROM temp.filter_visible v WHERE matched = 0"
	                      " AND NOT EXISTS (SELECT 1 FROM entities c JOIN temp.filter_visible cv"
	                      " ON cv.eid = c.eid WHERE c.parent = v.eid)"
	                      " AND NOT EXISTS (SELECT 1 FROM temp.filter_linked s"
	                      " WHERE s.dst = v.eid)"), 0,
	             "'%s': an ancestor with nothing visible under it", text);
}

/* Applies a filter that must parse and fit the model. */
struct filter_result apply_ok(const char *text)
{
	struct filter_error err;
	struct filter *f = filter_parse(text, &err);
	struct filter_result r;
	int rc;

	cr_assert_not_null(f, "'%s' does not parse: %zu: %s", text, err.position, err.message);
	rc = filter_apply(st, f, &r);
	cr_assert_eq(rc, FILTER_OK, "'%s': %d: %zu: %s", text, rc, r.error.position,
	             r.error.message);
	filter_free(f);
	expect_closed_result(text);
	return r;
}


/* One level of the filtered tree, a page of `limit` at a time: "id" for
 * ancestors, "id*" for matches, "+" for secondary, "/n" for n visible
 * children. */
static char *level(int64_t parent, size_t limit)
{
	struct strbuf sb = STRBUF_INIT;
	struct child after = { 0 };

	for (;;) {
		struct child_list page = { 0 };

		cr_assert_eq(store_children_filtered_after(st, parent, &after, limit, &page),
		             STORE_OK, "%s", store_errmsg(st));
		for (size_t i = 0; i < page.count; i++) {
			const struct child *c = &page.items[i];

			sb_printf(&sb, "%s%s%s%s/%lld", sb.len ? " " : "", c->secondary ? "+" : "",
			          c->id, c->matched ? "*" : "", (long long)c->n_children);
		}
		if (page.count < limit) {
			child_list_clear(&page);
			break;
		}
		after.eid = page.items[page.count - 1].eid;
		after.secondary = page.items[page.count - 1].secondary;
		child_list_clear(&page);
	}
	return sb_detach(&sb);
}

void expect_level(int64_t parent, const char *expected)
{
	for (size_t limit = 1; limit <= 3; limit += 2) {
		char *got = level(parent, limit);

		cr_expect_str_eq(got, expected, "children of %lld, %zu a page:\n  got:      %s\n"
		                 "  expected: %s", (long long)parent, limit, got, expected);
		free(got);
	}
}
