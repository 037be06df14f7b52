/* What changed since an older model, as the interface marks it (since.h):
 * each entity's kinds of change on the tests/models/diff-* models, removed
 * entities told of under the nearest ancestor kept, the filter's changed:
 * term (and its refusal without an older model), its completion, the
 * changes under a root, the marks chosen and the detail pane's Changes. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"
#include "since_fixture.h"
#include "icsview/base/util.h"
#include "icsview/query/complete.h"
#include "icsview/query/filter.h"
#include "icsview/query/since.h"
#include "icsview/store/store_sql.h"
#include "icsview/views/change_marks.h"
#include "icsview/views/detail_since.h"

static struct since_models models;
static struct store *old_st, *new_st;
static struct since *since;

/* diff-old against diff-NAME, compared. */
static void open_since(const char *name)
{
	since_models_open(&models, name);
	old_st = models.old_st;
	new_st = models.new_st;
	since = models.since;
}

static void close_since(void)
{
	since_models_close(&models);
	since = NULL;
}

static unsigned flags_of(const char *id)
{
	int64_t eid = eid_of(new_st, id);

	cr_assert_neq(eid, 0, "no %s in the new model", id);
	return since_flags(since, eid);
}

/* The ids of the matches of `text`, in load order, space-separated. */
static char *matches(const char *text)
{
	struct filter_error error;
	struct filter *f = filter_parse(text, &error);
	struct filter_result r;
	struct strbuf sb = STRBUF_INIT;
	struct sql_stmt *stmt;

	cr_assert_not_null(f, "%s: %s", text, error.message);
	cr_assert_eq(filter_apply(new_st, f, &r), FILTER_OK, "%s: %s", text, r.error.message);
	filter_free(f);
	stmt = store_sql_prepare(new_st, "SELECT e.id FROM temp.filter_visible v JOIN entities e"
	                                 " ON e.eid = v.eid WHERE v.matched ORDER BY e.eid");
	cr_assert_not_null(stmt);
	while (sql_step(stmt) == SQL_ROW)
		sb_printf(&sb, "%s%s", sb.len ? " " : "", sql_text(stmt, 0));
	sql_free(stmt);
	return sb_detach(&sb);
}

static void expect_matches(const char *text, const char *expected)
{
	char *got = matches(text);

	cr_expect_str_eq(got, expected, "%s: got '%s', expected '%s'", text, got, expected);
	free(got);
}

Test(since, each_kind_alone_marks_its_entity)
{
	static const struct {
		const char *model, *id;
		enum diff_kind kind;
	} cases[] = {
		{ "added", "gp-3", DIFF_ADDED },
		{ "moved", "gp-2", DIFF_MOVED },
		{ "renamed", "gp-1", DIFF_RENAMED },
		{ "facts", "gp-1", DIFF_FACTS },
		{ "facts", "icb-a", DIFF_FACTS },
		{ "links", "gp-2", DIFF_LINKS },
		{ "kind", "pcn-1", DIFF_KIND },
		{ "replaced", "icb-c", DIFF_REPLACED },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		open_since(cases[i].model);
		cr_expect_eq(flags_of(cases[i].id), SINCE_BIT(cases[i].kind), "diff-%s: %s",
		             cases[i].model, cases[i].id);
		cr_expect_not_null(since_change(since, eid_of(new_st, cases[i].id), cases[i].kind));
		cr_expect_eq(flags_of("north"), 0, "diff-%s: north unmarked", cases[i].model);
		close_since();
	}
}

Test(since, same_model_marks_nothing)
{
	open_since("same");
	cr_expect_eq(since_changed_count(since), 0);
	cr_expect_eq(since_removed_count(since), 0);
	cr_expect_eq(flags_of("gp-1"), 0);
	expect_matches("changed:any", "");
	close_since();
}

Test(since, removed_is_told_under_the_parent_kept)
{
	open_since("removed");
	cr_expect_eq(since_removed_count(since), 1);
	cr_expect_eq(flags_of("place-1"), SINCE_BIT(DIFF_REMOVED));
	{
		const struct diff_change *c = since_change_at(since, eid_of(new_st, "place-1"), 0);

		cr_assert_not_null(c);
		cr_expect_eq(c->kind, DIFF_REMOVED);
		cr_expect_str_eq(c->before.id, "gp-2");
		cr_expect_null(since_change_at(since, eid_of(new_st, "place-1"), 1));
	}
	expect_matches("changed:removed", "place-1");
	close_since();
}

Test(since, mixed_changes_and_the_changed_term)
{
	open_since("mixed");
	cr_expect_eq(flags_of("gp-1"), SINCE_BIT(DIFF_RENAMED) | SINCE_BIT(DIFF_FACTS) |
	                               SINCE_BIT(DIFF_LINKS));
	cr_expect_eq(flags_of("place-2"), SINCE_BIT(DIFF_MOVED) | SINCE_BIT(DIFF_REMOVED));
	expect_matches("changed:added", "gp-3 abolished");
	expect_matches("changed:moved", "place-2 icb-b");
	expect_matches("changed:renamed", "gp-1");
	expect_matches("changed:RENAMED", "gp-1");
	expect_matches("changed:replaced", "icb-c");
	expect_matches("changed:removed", "place-2");
	expect_matches("changed:facts kind:organisation", "gp-1");
	expect_matches("changed:links", "gp-1 gp-2");
	expect_matches("-changed:any kind:organisation", "");
	expect_matches("changed:any -changed:facts -changed:links",
	               "gp-3 pcn-1 icb-c place-2 abolished icb-b");
	close_since();
}

Test(since, changes_counted_under_a_root)
{
	open_since("mixed");
	cr_expect_eq(since_count_under(since, 0), since_changed_count(since));
	cr_expect_eq(since_count_under(since, eid_of(new_st, "place-1")), 3,
	             "gp-1, gp-2, gp-3 under place-1");
	cr_expect_eq(since_count_under(since, eid_of(new_st, "icb-c")), 1, "place-2 under icb-c");
	cr_expect_eq(since_count_under(since, eid_of(new_st, "north")), 7,
	             "icb-a, gp-1 to gp-3, pcn-1, icb-c and place-2");
	cr_expect_eq(since_count_under(since, eid_of(new_st, "place-1")), 3, "asked again");
	cr_expect_eq(since_count_under(since, eid_of(new_st, "gp-3")), 0);
	close_since();
}

Test(since, changed_term_needs_an_older_model)
{
	const char *path[] = { "diff-old/model.yaml" };
	char *dir = scratch_dir();
	struct store *st = load_valid(dir, path, 1);
	struct filter *f = filter_parse("changed:any", NULL);
	struct filter_result r;

	cr_assert_not_null(f);
	cr_expect_eq(filter_apply(st, f, &r), FILTER_INVALID);
	cr_expect(strstr(r.error.message, "--since") != NULL, "%s", r.error.message);
	filter_free(f);
	unload_model(st, dir);
}

Test(since, changed_term_parsed_and_described)
{
	struct filter_error error;
	struct filter *f = filter_parse("Changed:Moved or changed:ANY", &error);
	char *text;

	cr_assert_not_null(f, "%s", error.message);
	text = filter_describe(f);
	cr_expect_str_eq(text, "changed:moved or changed:any");
	free(text);
	filter_free(f);
	cr_expect_null(filter_parse("changed:shifted", &error));
	cr_expect_eq(error.position, 8);
	cr_expect(strstr(error.message, "expected added, removed") != NULL, "%s", error.message);
	cr_expect_null(filter_parse("changed:", &error));
}

Test(since, changed_values_complete)
{
	const char *path[] = { "diff-old/model.yaml" };
	char *dir = scratch_dir();
	struct store *st = load_valid(dir, path, 1);
	struct completion c;

	completion_init(&c);
	cr_assert_eq(filter_complete(st, "chan", 4, &c), STORE_OK);
	cr_assert_eq(c.count, 1);
	cr_expect_str_eq(c.items[0], "changed:");
	completion_clear(&c);
	completion_init(&c);
	cr_assert_eq(filter_complete(st, "kind:place changed:mo", 21, &c), STORE_OK);
	cr_assert_eq(c.count, 1);
	cr_expect_str_eq(c.items[0], "changed:moved");
	completion_clear(&c);
	completion_init(&c);
	cr_assert_eq(filter_complete(st, "changed:re", 10, &c), STORE_OK);
	cr_expect_eq(c.count, 3, "removed, renamed, replaced");
	completion_clear(&c);
	unload_model(st, dir);
}

Test(since, the_mark_shown_is_the_most_telling)
{
	cr_expect_null(change_mark_of(0));
	cr_expect_str_eq(change_mark_of(SINCE_BIT(DIFF_ADDED))->ascii, "+");
	cr_expect_str_eq(change_mark_of(SINCE_BIT(DIFF_MOVED) | SINCE_BIT(DIFF_FACTS))->ascii, ">");
	cr_expect_str_eq(change_mark_of(SINCE_BIT(DIFF_RENAMED) | SINCE_BIT(DIFF_LINKS))->ascii,
	                 "~");
	cr_expect_str_eq(change_mark_of(SINCE_BIT(DIFF_REMOVED))->ascii, "-");
	cr_expect_str_eq(change_mark_of(SINCE_BIT(DIFF_SOURCES))->ascii, "*");
	cr_expect_str_eq(change_mark_of(SINCE_BIT(DIFF_TYPE))->ascii, "*");
	/* every kind of change has a mark */
	for (int k = 0; k < DIFF_KIND_COUNT; k++)
		cr_expect_not_null(change_mark_of(SINCE_BIT(k)), "%s", diff_kind_name(k));
}

/* The detail pane's lines as text, one a line. */
static char *detail_text(int64_t eid)
{
	struct detail d = { 0 };
	struct strbuf sb = STRBUF_INIT;

	cr_assert_eq(detail_build(&d, new_st, eid, 100), STORE_OK);
	detail_add_changes(&d, since, eid, true);
	for (size_t i = 0; i < d.count; i++)
		sb_printf(&sb, "%s\n", d.lines[i].text);
	detail_clear(&d);
	return sb_detach(&sb);
}

Test(since, detail_shows_old_and_new)
{
	char *text;

	open_since("mixed");
	text = detail_text(eid_of(new_st, "gp-1"));
	cr_expect(strstr(text, "Changes\nwas named Practice One\npostcode: AA1 1AA -> AA1 1AB\n"
	                       "closed: (none) -> 2026-03-31\n"
	                       "- member_of PCN One (pcn-1) [role: lead]\n"
	                       "+ member_of PCN One (pcn-1) [role: member]\n") != NULL,
	          "%s", text);
	/* before the entity's own sections */
	cr_expect(strstr(text, "Changes") < strstr(text, "Facts"), "%s", text);
	free(text);
	text = detail_text(eid_of(new_st, "place-2"));
	cr_expect(strstr(text, "was under North > Alpha ICB -> now under North > Gamma ICB\n"
	                       "removed: Clinic X (clinic-x), was under North > Alpha ICB >"
	                       " Place Two\n") != NULL, "%s", text);
	free(text);
	text = detail_text(eid_of(new_st, "icb-c"));
	cr_expect(strstr(text, "Changes\nreplaces Beta ICB (icb-b) as its successor\n"
	                       "replaces Alpha ICB (icb-a) as its successor\n") != NULL, "%s",
	          text);
	free(text);
	text = detail_text(eid_of(new_st, "north"));
	cr_expect(strstr(text, "Changes") == NULL, "%s", text);
	free(text);
	close_since();
}

/* The matches of `text` evaluated a step of one entity at a time, as the
 * interface does between keys. */
static char *matches_in_steps(const char *text)
{
	struct filter *f = filter_parse(text, NULL);
	struct filter_pace pace = { .chunk = 1 };
	struct filter_result r;
	struct strbuf sb = STRBUF_INIT;
	struct sql_stmt *stmt;
	int steps = 0;

	cr_assert_not_null(f);
	cr_assert_eq(filter_start(new_st, f, &pace, &r), FILTER_OK, "%s", r.error.message);
	while (!r.complete && steps++ < 1000)
		cr_assert_eq(filter_step(new_st, &r), FILTER_OK, "%s", r.error.message);
	cr_assert(r.complete);
	filter_free(f);
	stmt = store_sql_prepare(new_st, "SELECT e.id FROM temp.filter_visible v JOIN entities e"
	                                 " ON e.eid = v.eid WHERE v.matched ORDER BY e.eid");
	cr_assert_not_null(stmt);
	while (sql_step(stmt) == SQL_ROW)
		sb_printf(&sb, "%s%s", sb.len ? " " : "", sql_text(stmt, 0));
	sql_free(stmt);
	return sb_detach(&sb);
}

Test(since, changed_term_in_steps_as_whole)
{
	static const char *const filters[] = {
		"changed:any", "changed:moved", "-changed:facts", "changed:removed or changed:added",
	};

	open_since("mixed");
	for (size_t i = 0; i < sizeof(filters) / sizeof(filters[0]); i++) {
		char *whole = matches(filters[i]), *stepped = matches_in_steps(filters[i]);

		cr_expect_str_eq(stepped, whole, "%s", filters[i]);
		free(whole);
		free(stepped);
	}
	close_since();
}
