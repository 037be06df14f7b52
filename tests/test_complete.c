/* Completing a filter's words (complete.c) from a real model: the term
 * names, the model's relations and facts, and each term's values. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"
#include "icsview/query/complete.h"
#include "icsview/query/filter.h"

static struct store *st;
static char *dir;

static void load(void)
{
	static const char *const files[] = { "good/nested.yaml", "good/multi" };

	dir = scratch_dir();
	st = load_valid(dir, files, 2);
}

static void unload(void)
{
	unload_model(st, dir);
}

TestSuite(complete, .init = load, .fini = unload);

/* The candidates for `text` with the cursor at its end, joined by spaces. */
static char *candidates(const char *text, struct completion *c)
{
	struct strbuf joined = STRBUF_INIT;

	cr_assert_eq(filter_complete(st, text, strlen(text), c), STORE_OK, "%s", store_errmsg(st));
	for (size_t i = 0; i < c->count; i++)
		sb_printf(&joined, "%s%s", i ? " " : "", c->items[i]);
	return sb_detach(&joined);
}

static void expect_candidates(const char *text, const char *expected)
{
	struct completion c;
	char *got;

	completion_init(&c);
	got = candidates(text, &c);
	cr_expect_str_eq(got ? got : "", expected, "completing '%s'", text);
	free(got);
	completion_clear(&c);
}

Test(complete, kinds_from_the_model)
{
	expect_candidates("kind:bo", "kind:board");
	expect_candidates("kind:co", "kind:committee");
	expect_candidates("KIND:S", "KIND:service KIND:source KIND:system");
	expect_candidates("kind:zz", "");
}

Test(complete, the_word_at_the_cursor_only)
{
	struct completion c;
	const char *text = "type:nhs -kind:pl or x";

	completion_init(&c);
	cr_assert_eq(filter_complete(st, text, 17, &c), STORE_OK);
	cr_expect_eq(c.start, 10, "after the minus");
	cr_expect_eq(c.end, 17);
	cr_assert_eq(c.count, 1);
	cr_expect_str_eq(c.items[0], "kind:place");
	cr_assert_eq(filter_complete(st, "(kind:pl", 8, &c), STORE_OK);
	cr_expect_eq(c.start, 1, "after a parenthesis");
	completion_clear(&c);
}

Test(complete, types_quoted_when_they_have_spaces)
{
	expect_candidates("type:nhs", "type:\"NHS foundation trust\"");
	expect_candidates("type:\"part", "type:\"partnership board\"");
	expect_candidates("x type:\"clinical comm", "type:\"clinical commissioning group\"");
}

Test(complete, term_names_relations_and_facts)
{
	expect_candidates("k", "kind:");
	expect_candidates("mem", "member_of: members members:");
	expect_candidates("re", "receives_recommendations_from: receives_reports_from: "
	                  "recommends_to: reports_to: review: reviewed:");
	expect_candidates("si", "sits_on:");
	expect_candidates("pop", "population");
	expect_candidates("population>1", "");
	expect_candidates("\"a phr", "");
}

Test(complete, values_of_has_flag_reviewed_and_ids)
{
	expect_candidates("has:se", "has:seats has:served_by has:serves");
	expect_candidates("has:no", "has:note");
	expect_candidates("flag:q", "flag:question");
	expect_candidates("reviewed:", "reviewed:no reviewed:yes");
	expect_candidates("review:", "review:conflict");
	expect_candidates("REVIEW:co", "REVIEW:conflict");
	expect_candidates("id:N-S", "id:n-sheffield id:n-sth id:n-system");
	expect_candidates("member_of:m-b", "member_of:m-board");
}

Test(complete, the_common_part_of_the_candidates)
{
	struct completion c;
	char *got;

	completion_init(&c);
	got = candidates("id:n-s", &c);
	free(got);
	cr_expect_eq(completion_common_length(&c), strlen("id:n-s"));
	got = candidates("kind:S", &c);
	free(got);
	cr_expect_eq(completion_common_length(&c), strlen("kind:s"), "ignoring case");
	got = candidates("kind:bo", &c);
	free(got);
	cr_expect_eq(completion_common_length(&c), strlen("kind:board"));
	completion_clear(&c);
	cr_expect_eq(completion_common_length(&c), 0);
}

Test(complete, completed_text_parses)
{
	struct completion c;
	struct filter_error error;
	char *got;

	completion_init(&c);
	got = candidates("type:\"fou", &c);
	free(got);
	cr_assert_eq(c.count, 0, "a type completes from its start");
	got = candidates("type:nhs", &c);
	free(got);
	cr_assert_eq(c.count, 1);
	struct filter *f = filter_parse(c.items[0], &error);
	cr_expect_not_null(f, "'%s': %s", c.items[0], error.message);
	filter_free(f);
	completion_clear(&c);
}

Test(complete, offers_within_the_limit)
{
	struct completion c;
	char name[32];

	completion_init(&c);
	for (int i = 0; i < COMPLETE_LIMIT + 10; i++) {
		snprintf(name, sizeof(name), "name%03d", i);
		completion_offer(&c, "NAME", name);
	}
	completion_offer(&c, "NAME", "name000");
	completion_offer(&c, "NAME", "other");
	cr_expect_eq(c.count, COMPLETE_LIMIT);
	cr_expect(c.truncated);
	completion_clear(&c);
}
