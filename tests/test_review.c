/* The review over a model (review.h): marks matched to entities, the
 * filter terms that test them, progress over the view, the next entity to
 * review or the next flagged one in tree order, and tree order itself.  A
 * real model (good/nested.yaml) in a real database and a real notes file.
 *
 * The model's tree, in order:
 *   n-system › n-sheffield › n-sth;  n-system › n-doncaster;  n-system › n-board;
 *   nested-doc;  other-doc */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"
#include "icsview/query/filter.h"
#include "icsview/store/notes.h"
#include "icsview/store/notes_import.h"
#include "icsview/query/review.h"
#include "icsview/base/util.h"

static char *dir;
static struct store *st;
static struct notes *notes;
static struct review review;

static void setup(void)
{
	static const char *const models[] = { "good/nested.yaml" };
	struct notes_status status;
	char *path;

	dir = scratch_dir();
	st = load_valid(dir, models, 1);
	path = xasprintf("%s/notes.db", dir);
	notes = notes_open(path, "test", &status);
	cr_assert_not_null(notes, "%s", status.message);
	notes_status_clear(&status);
	free(path);
}

static void teardown(void)
{
	review_close(&review);
	notes_close(notes);
	unload_model(st, dir);
}

TestSuite(review, .init = setup, .fini = teardown);

static void open_review(void)
{
	cr_assert_eq(review_open(&review, st, notes), STORE_OK, "%s", review_errmsg(&review));
}

static void set_flag(const char *id, enum note_flag flag)
{
	cr_assert_eq(notes_set_flag(notes, id, flag), NOTES_OK, "%s", notes_errmsg(notes));
}

static void set_reviewed(const char *id)
{
	cr_assert_eq(notes_set_reviewed(notes, id, true), NOTES_OK, "%s", notes_errmsg(notes));
}

static int64_t matched(const char *text)
{
	struct filter_error error;
	struct filter *f = filter_parse(text, &error);
	struct filter_result result;

	cr_assert_not_null(f, "%s: %s", text, error.message);
	cr_assert_eq(filter_apply(st, f, &result), FILTER_OK, "%s: %s", text, result.error.message);
	filter_free(f);
	return result.matched;
}

static void apply(const char *text)
{
	matched(text);
}

/* The id of review_next's answer, or "none". */
static const char *next_id(const char *root, const char *from, enum review_target target)
{
	static char id[64];
	int64_t eid = 0;
	struct entity e;
	int rc = review_next(&review, root ? eid_of(st, root) : 0, from ? eid_of(st, from) : 0,
	                     target, &eid);

	cr_assert_neq(rc, STORE_ERROR, "%s", review_errmsg(&review));
	if (rc == STORE_NOT_FOUND)
		return "none";
	cr_assert_eq(store_entity(st, eid, &e), STORE_OK);
	snprintf(id, sizeof(id), "%s", e.id);
	entity_clear(&e);
	return id;
}

static struct review_progress progress(const char *root)
{
	struct review_progress p;

	cr_assert_eq(review_progress(&review, root ? eid_of(st, root) : 0, &p), STORE_OK, "%s",
	             review_errmsg(&review));
	return p;
}

Test(review, marks_are_matched_to_entities_and_orphans_counted)
{
	set_flag("n-sth", NOTE_FLAG_CONCERN);
	set_reviewed("n-board");
	cr_assert_eq(notes_set_text(notes, "n-doncaster", "Ask about the \"place\" board"), NOTES_OK);
	cr_assert_eq(notes_set_text(notes, "n-gone", "its entity left the model"), NOTES_OK);
	open_review();
	cr_expect_eq(review.count, 3);
	cr_expect_eq(review.orphans, 1);
	cr_assert_not_null(review_mark(&review, eid_of(st, "n-sth")));
	cr_expect_eq(review_mark(&review, eid_of(st, "n-sth"))->flag, NOTE_FLAG_CONCERN);
	cr_expect(review_mark(&review, eid_of(st, "n-board"))->reviewed);
	cr_expect(review_mark(&review, eid_of(st, "n-doncaster"))->has_text);
	cr_expect(!review_mark(&review, eid_of(st, "n-doncaster"))->reviewed);
	cr_expect_null(review_mark(&review, eid_of(st, "n-system")));
}

Test(review, filters_test_the_marks)
{
	set_flag("n-sth", NOTE_FLAG_CONCERN);
	set_flag("other-doc", NOTE_FLAG_QUESTION);
	set_reviewed("n-board");
	cr_assert_eq(notes_set_text(notes, "n-doncaster", "a note"), NOTES_OK);
	open_review();
	cr_expect_eq(matched("has:note"), 1);
	cr_expect_eq(matched("flag:any"), 2);
	cr_expect_eq(matched("flag:concern"), 1);
	cr_expect_eq(matched("flag:question kind:source"), 1);
	cr_expect_eq(matched("flag:ok"), 0);
	cr_expect_eq(matched("flag:none"), 5);
	cr_expect_eq(matched("reviewed:yes"), 1);
	cr_expect_eq(matched("reviewed:no"), 6);
	cr_expect_eq(matched("-reviewed:yes kind:board"), 0);
}

Test(review, progress_counts_the_view)
{
	struct review_progress p;

	set_flag("n-sth", NOTE_FLAG_CONCERN);
	set_flag("other-doc", NOTE_FLAG_OK);
	set_reviewed("n-board");
	set_reviewed("n-sth");
	set_reviewed("n-system");
	open_review();
	p = progress(NULL);
	cr_expect_eq(p.total, 7);
	cr_expect_eq(p.reviewed, 3);
	cr_expect_eq(p.flagged, 2);
	cr_expect_eq(p.concerns, 1);
	/* under the system: not the system itself */
	p = progress("n-system");
	cr_expect_eq(p.total, 4);
	cr_expect_eq(p.reviewed, 2);
	cr_expect_eq(p.flagged, 1);
	p = progress("n-sheffield");
	cr_expect_eq(p.total, 1);
	cr_expect_eq(p.reviewed, 1);
	/* through a filter: its matches only */
	apply("kind:organisation or kind:board");
	p = progress(NULL);
	cr_expect_eq(p.total, 2);
	cr_expect_eq(p.reviewed, 2);
	cr_expect_eq(p.concerns, 1);
	p = progress("n-system");
	cr_expect_eq(p.total, 2);
	cr_expect_eq(p.reviewed, 2);
	apply("kind:source");
	p = progress(NULL);
	cr_expect_eq(p.total, 2);
	cr_expect_eq(p.flagged, 1);
	cr_expect_eq(p.reviewed, 0);
	p = progress("n-system");
	cr_expect_eq(p.total, 0);
}

Test(review, next_unreviewed_in_tree_order)
{
	set_reviewed("n-board");
	set_reviewed("n-sheffield");
	open_review();
	cr_expect_str_eq(next_id(NULL, NULL, REVIEW_NEXT_UNREVIEWED), "n-system");
	cr_expect_str_eq(next_id(NULL, "n-system", REVIEW_NEXT_UNREVIEWED), "n-sth");
	cr_expect_str_eq(next_id(NULL, "n-doncaster", REVIEW_NEXT_UNREVIEWED), "nested-doc");
	/* from the last: round to the start */
	cr_expect_str_eq(next_id(NULL, "other-doc", REVIEW_NEXT_UNREVIEWED), "n-system");
	/* under a root: its view only, wrapping within it */
	cr_expect_str_eq(next_id("n-system", "n-doncaster", REVIEW_NEXT_UNREVIEWED), "n-sth");
	cr_expect_str_eq(next_id("n-system", NULL, REVIEW_NEXT_UNREVIEWED), "n-sth");
	/* from outside the view: its start */
	cr_expect_str_eq(next_id("n-system", "other-doc", REVIEW_NEXT_UNREVIEWED), "n-sth");
	set_reviewed("n-sth");
	set_reviewed("n-doncaster");
	cr_assert_eq(review_sync(&review), STORE_OK);
	cr_expect_str_eq(next_id("n-system", NULL, REVIEW_NEXT_UNREVIEWED), "none");
	cr_expect_str_eq(next_id(NULL, "other-doc", REVIEW_NEXT_UNREVIEWED), "n-system");
	/* only the one we are on is left: nothing else to go to */
	set_reviewed("n-system");
	set_reviewed("nested-doc");
	cr_assert_eq(review_sync(&review), STORE_OK);
	cr_expect_str_eq(next_id(NULL, "other-doc", REVIEW_NEXT_UNREVIEWED), "none");
	cr_expect_str_eq(next_id(NULL, "n-sth", REVIEW_NEXT_UNREVIEWED), "other-doc");
}

static int is_target(const char *root, const char *id, enum review_target target)
{
	return review_is_target(&review, root ? eid_of(st, root) : 0, eid_of(st, id), target);
}

/* A review resumes at the selection: the first row of a view is not
 * skipped when it is itself what U or X looks for. */
Test(review, the_selection_itself_is_a_target)
{
	set_reviewed("n-sheffield");
	set_flag("n-sth", NOTE_FLAG_CONCERN);
	open_review();
	cr_expect_eq(is_target("n-system", "n-sheffield", REVIEW_NEXT_UNREVIEWED), STORE_NOT_FOUND,
	             "reviewed");
	cr_expect_eq(is_target("n-system", "n-doncaster", REVIEW_NEXT_UNREVIEWED), STORE_OK);
	cr_expect_eq(is_target("n-system", "n-system", REVIEW_NEXT_UNREVIEWED), STORE_NOT_FOUND,
	             "the root is not in its own view");
	cr_expect_eq(is_target("n-system", "other-doc", REVIEW_NEXT_UNREVIEWED), STORE_NOT_FOUND,
	             "outside the view");
	cr_expect_eq(is_target(NULL, "n-sth", REVIEW_NEXT_FLAGGED), STORE_OK);
	cr_expect_eq(is_target(NULL, "n-doncaster", REVIEW_NEXT_FLAGGED), STORE_NOT_FOUND);
	apply("kind:organisation");
	cr_expect_eq(is_target(NULL, "n-sth", REVIEW_NEXT_UNREVIEWED), STORE_OK);
	cr_expect_eq(is_target(NULL, "n-system", REVIEW_NEXT_UNREVIEWED), STORE_NOT_FOUND,
	             "an ancestor shown under a filter is not a match");
}

Test(review, next_unreviewed_through_a_filter)
{
	set_reviewed("n-sth");
	open_review();
	apply("kind:organisation or kind:board or kind:source");
	/* n-system and n-sheffield are shown (ancestors) but not matches */
	cr_expect_str_eq(next_id(NULL, NULL, REVIEW_NEXT_UNREVIEWED), "n-board");
	cr_expect_str_eq(next_id(NULL, "n-board", REVIEW_NEXT_UNREVIEWED), "nested-doc");
	cr_expect_str_eq(next_id(NULL, "other-doc", REVIEW_NEXT_UNREVIEWED), "n-board");
}

Test(review, next_flagged_in_tree_order)
{
	set_flag("other-doc", NOTE_FLAG_QUESTION);
	set_flag("n-sth", NOTE_FLAG_CONCERN);
	set_flag("n-system", NOTE_FLAG_OK);
	open_review();
	cr_expect_str_eq(next_id(NULL, NULL, REVIEW_NEXT_FLAGGED), "n-system");
	cr_expect_str_eq(next_id(NULL, "n-system", REVIEW_NEXT_FLAGGED), "n-sth");
	cr_expect_str_eq(next_id(NULL, "n-sheffield", REVIEW_NEXT_FLAGGED), "n-sth");
	cr_expect_str_eq(next_id(NULL, "n-sth", REVIEW_NEXT_FLAGGED), "other-doc");
	cr_expect_str_eq(next_id(NULL, "other-doc", REVIEW_NEXT_FLAGGED), "n-system");
	/* under the system only n-sth: from it, nothing else */
	cr_expect_str_eq(next_id("n-system", "n-sth", REVIEW_NEXT_FLAGGED), "none");
	cr_expect_str_eq(next_id("n-system", "n-board", REVIEW_NEXT_FLAGGED), "n-sth");
	cr_expect_str_eq(next_id("n-system", "other-doc", REVIEW_NEXT_FLAGGED), "n-sth");
	apply("kind:source");
	cr_expect_str_eq(next_id(NULL, "n-sth", REVIEW_NEXT_FLAGGED), "other-doc");
	cr_expect_str_eq(next_id(NULL, "other-doc", REVIEW_NEXT_FLAGGED), "none");
}

/* The view's counts and next entities as text, for the filter in force. */
static char *view_summary(void)
{
	static const char *const roots[] = { NULL, "n-system", "n-sheffield" };
	static const char *const froms[] = { NULL, "n-system", "n-sth", "n-board", "other-doc" };
	struct strbuf sb = STRBUF_INIT;

	for (size_t r = 0; r < sizeof(roots) / sizeof(roots[0]); r++) {
		struct review_progress p = progress(roots[r]);

		sb_printf(&sb, "[%s: %lld %lld %lld %lld", roots[r] ? roots[r] : "top",
		          (long long)p.total, (long long)p.reviewed, (long long)p.flagged,
		          (long long)p.concerns);
		for (size_t f = 0; f < sizeof(froms) / sizeof(froms[0]); f++)
			sb_printf(&sb, " %s>%s,%s", froms[f] ? froms[f] : "start",
			          next_id(roots[r], froms[f], REVIEW_NEXT_UNREVIEWED),
			          next_id(roots[r], froms[f], REVIEW_NEXT_FLAGGED));
		sb_puts(&sb, "] ");
	}
	return sb_detach(&sb);
}

/* A filter evaluated a few entities at a time gives the review the same
 * view, counts and next entities as one evaluated at once. */
Test(review, a_filter_a_step_at_a_time_gives_the_same_view)
{
	static const char *const filters[] = {
		"kind:organisation or kind:board or kind:source", "kind:source", "reviewed:no",
		"flag:any or has:note", "-kind:place", "reviewed:yes -flag:concern", "sheffield",
	};

	set_reviewed("n-sth");
	set_reviewed("n-board");
	set_flag("other-doc", NOTE_FLAG_QUESTION);
	set_flag("n-sth", NOTE_FLAG_CONCERN);
	cr_assert_eq(notes_set_text(notes, "n-doncaster", "a note"), NOTES_OK);
	open_review();
	for (size_t i = 0; i < sizeof(filters) / sizeof(filters[0]); i++) {
		struct filter_pace pace = { .chunk = 1 };
		struct filter *f = filter_parse(filters[i], NULL);
		struct filter_result r;
		char *once, *stepped;
		size_t steps = 0;

		apply(filters[i]);
		once = view_summary();
		cr_assert_eq(filter_start(st, f, &pace, &r), FILTER_OK, "%s", filters[i]);
		filter_free(f);
		while (!r.complete && steps++ < 1000)
			cr_assert_eq(filter_step(st, &r), FILTER_OK, "%s", filters[i]);
		cr_expect_gt(steps, 3, "%s", filters[i]);
		stepped = view_summary();
		cr_expect_str_eq(stepped, once, "'%s':\n  stepped: %s\n  at once: %s", filters[i], stepped,
		                 once);
		free(once);
		free(stepped);
	}
}

Test(review, no_notes_means_no_marks)
{
	cr_assert_eq(review_open(&review, st, NULL), STORE_OK);
	cr_expect_eq(review.count, 0);
	cr_expect_null(review_mark(&review, eid_of(st, "n-sth")));
	cr_expect_eq(progress(NULL).total, 7);
	cr_expect_eq(progress(NULL).reviewed, 0);
	cr_expect_str_eq(next_id(NULL, NULL, REVIEW_NEXT_FLAGGED), "none");
	cr_expect_str_eq(next_id(NULL, "n-sth", REVIEW_NEXT_UNREVIEWED), "n-doncaster");
	cr_expect_eq(matched("has:note or flag:any or reviewed:yes"), 0);
}

Test(review, one_mark_reloads_and_another_process_is_seen_after_a_sync)
{
	struct notes_status status;
	struct notes *other;
	char *path = xasprintf("%s/notes.db", dir);

	open_review();
	cr_expect_eq(matched("reviewed:yes"), 0);
	set_reviewed("n-board");
	cr_assert_eq(review_reload_one(&review, eid_of(st, "n-board"), "n-board"), STORE_OK);
	cr_expect(review_mark(&review, eid_of(st, "n-board"))->reviewed);
	cr_expect_eq(matched("reviewed:yes"), 1);
	/* its note emptied: the mark goes */
	cr_assert_eq(notes_set_reviewed(notes, "n-board", false), NOTES_OK);
	cr_assert_eq(review_reload_one(&review, eid_of(st, "n-board"), "n-board"), STORE_OK);
	cr_expect_null(review_mark(&review, eid_of(st, "n-board")));
	cr_expect_eq(matched("reviewed:yes"), 0);

	other = notes_open(path, "test", &status);
	cr_assert_not_null(other, "%s", status.message);
	notes_status_clear(&status);
	cr_assert_eq(notes_set_flag(other, "n-doncaster", NOTE_FLAG_QUESTION), NOTES_OK);
	notes_close(other);
	free(path);
	cr_expect_null(review_mark(&review, eid_of(st, "n-doncaster")));
	cr_assert_eq(review_sync(&review), STORE_OK);
	cr_assert_not_null(review_mark(&review, eid_of(st, "n-doncaster")));
	cr_expect_eq(review_mark(&review, eid_of(st, "n-doncaster"))->flag, NOTE_FLAG_QUESTION);
	cr_expect_eq(matched("flag:question"), 1);
}

/* notes_import's conflict: bob's text on id, and another's imported
 * beside it. */
static void conflict_on(const char *id, const char *ours, const char *theirs)
{
	struct note_import entry = {
		.entity_id = id, .text = theirs,
		.text_change = { .who = "ann", .when = "2026-01-01T00:00:00Z" },
	};
	struct note_import_report report;

	cr_assert_eq(notes_set_text(notes, id, ours), NOTES_OK, "%s", notes_errmsg(notes));
	cr_assert_eq(notes_import(notes, &entry, 1, "ann.json", false, &report), NOTES_OK,
	             "%s", notes_errmsg(notes));
	cr_assert_eq(report.count, 1);
	cr_assert_eq(report.items[0].action, IMPORT_CONFLICT);
	note_import_report_clear(&report);
}

Test(review, conflicts_are_marked_and_filtered)
{
	conflict_on("n-board", "ours", "theirs");
	conflict_on("n-sth", "ours", "theirs");
	conflict_on("n-gone", "ours", "theirs");   /* an orphan's: no row */
	open_review();
	cr_expect_eq(review_conflicts_pending(&review), 2);
	cr_expect(review_has_conflict(&review, eid_of(st, "n-board")));
	cr_expect(review_has_conflict(&review, eid_of(st, "n-sth")));
	cr_expect(!review_has_conflict(&review, eid_of(st, "n-system")));
	cr_expect_eq(matched("review:conflict"), 2);
	cr_expect_eq(matched("review:conflict kind:board"), 1);
	cr_expect_eq(matched("-review:conflict"), 5);
	cr_expect_eq(matched("review:conflict or flag:any"), 2);

	/* resolved here: one entity read again */
	cr_assert_eq(notes_resolve_conflict(notes, "n-board", NULL, "kept mine"), NOTES_OK);
	cr_expect(review_has_conflict(&review, eid_of(st, "n-board")), "until it is read again");
	cr_assert_eq(review_reload_one(&review, eid_of(st, "n-board"), "n-board"), STORE_OK);
	cr_expect(!review_has_conflict(&review, eid_of(st, "n-board")));
	cr_expect_eq(review_conflicts_pending(&review), 1);
	cr_expect_eq(matched("review:conflict"), 1);
	cr_assert_eq(review_reload_one(&review, eid_of(st, "n-board"), "n-board"), STORE_OK);
	cr_expect_eq(review_conflicts_pending(&review), 1, "reading it twice changes nothing");

	/* imported elsewhere: seen after a sync */
	conflict_on("n-doncaster", "ours", "theirs");
	cr_expect_eq(matched("review:conflict"), 1);
	cr_assert_eq(review_sync(&review), STORE_OK, "%s", review_errmsg(&review));
	cr_expect_eq(review_conflicts_pending(&review), 2);
	cr_expect(review_has_conflict(&review, eid_of(st, "n-doncaster")));
	cr_expect_eq(matched("review:conflict"), 2);
	/* a note cleared keeps its conflict: it is still to resolve */
	cr_assert_eq(notes_set_text(notes, "n-doncaster", ""), NOTES_OK);
	cr_assert_eq(review_reload_one(&review, eid_of(st, "n-doncaster"), "n-doncaster"), STORE_OK);
	cr_expect_null(review_mark(&review, eid_of(st, "n-doncaster")));
	cr_expect(review_has_conflict(&review, eid_of(st, "n-doncaster")));
}

Test(review, sorting_into_tree_order)
{
	int64_t eids[] = {
		eid_of(st, "other-doc"), 999999, eid_of(st, "n-board"), eid_of(st, "n-sth"),
		eid_of(st, "n-system"), 888888, eid_of(st, "n-sheffield"),
	};
	int64_t expected[] = {
		eid_of(st, "n-system"), eid_of(st, "n-sheffield"), eid_of(st, "n-sth"),
		eid_of(st, "n-board"), eid_of(st, "other-doc"), 999999, 888888,
	};

	cr_assert_eq(review_sort_tree_order(st, eids, 7), STORE_OK);
	for (size_t i = 0; i < 7; i++)
		cr_expect_eq(eids[i], expected[i], "at %zu: %lld, expected %lld", i,
		             (long long)eids[i], (long long)expected[i]);
}
