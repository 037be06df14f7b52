/* The detail pane's links a page at a time: a model written here with
 * hundreds of links to one entity, the first page of each group, the
 * `… N more` line with its exact count, the next pages loaded in its
 * place, the last page whole; and `icsview show` still printing them all. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"
#include "icsview/views/detail.h"
#include "icsview/base/util.h"

#define MEMBERS 300     /* entities member_of hub */

static struct store *st;
static char *dir, *model;

/* hub: 300 members (o-001 … o-300, in load order) and 3 reporting to it;
 * hub50 exactly one page of members, hub51 one more; spoke makes 60
 * partner_in links. */
static char *write_model(const char *where)
{
	struct strbuf sb = STRBUF_INIT;
	char *path;

	sb_puts(&sb, "icsview: 1\nentities:\n"
	             "  - {id: hub, kind: system, name: The hub}\n"
	             "  - {id: hub50, kind: system, name: Fifty}\n"
	             "  - {id: hub51, kind: system, name: Fifty-one}\n");
	for (int i = 1; i <= MEMBERS; i++) {
		sb_printf(&sb, "  - id: o-%03d\n    kind: organisation\n    name: Member %03d\n"
		               "    links:\n      - {rel: member_of, to: hub, role: member}\n", i, i);
		if (i <= 50)
			sb_puts(&sb, "      - {rel: member_of, to: hub50}\n");
		if (i <= 51)
			sb_puts(&sb, "      - {rel: member_of, to: hub51}\n");
		if (i <= 3)
			sb_puts(&sb, "      - {rel: reports_to, to: hub}\n");
	}
	sb_puts(&sb, "  - id: spoke\n    kind: organisation\n    name: Spoke\n    links:\n");
	for (int i = 1; i <= 60; i++)
		sb_printf(&sb, "      - {rel: partner_in, to: o-%03d}\n", i);
	path = write_file(where, "many.yaml", sb_str(&sb));
	sb_free(&sb);
	return path;
}

static void load(void)
{
	const char *files[1];

	dir = scratch_dir();
	model = write_model(dir);
	files[0] = model;
	st = load_valid(dir, files, 1);
}

static void unload(void)
{
	free(model);
	unload_model(st, dir);
}

TestSuite(detail_pages, .init = load, .fini = unload);

static size_t find_line(const struct detail *d, size_t from, const char *text)
{
	for (size_t i = from; i < d->count; i++)
		if (strstr(d->lines[i].text, text))
			return i;
	return (size_t)-1;
}

/* The links listed from line `from` (a group's first link) up to the next
 * line that is not a link: checks they name o-001, o-002, … in order and
 * returns how many. */
static size_t links_in_order(const struct detail *d, size_t from)
{
	size_t n = 0;

	for (size_t i = from; i < d->count && d->lines[i].style == DETAIL_LINK; i++) {
		char id[16], shown[20];

		if (d->lines[i].continuation)
			continue;
		n++;
		snprintf(id, sizeof(id), "o-%03zu", n);
		snprintf(shown, sizeof(shown), "(%s)", id);
		cr_assert(strstr(d->lines[i].text, shown), "link %zu is '%s', expected %s", n,
		          d->lines[i].text, shown);
		cr_assert_eq(d->lines[i].target, eid_of(st, id));
	}
	return n;
}

static size_t count_style(const struct detail *d, enum detail_style style)
{
	size_t n = 0;

	for (size_t i = 0; i < d->count; i++)
		n += d->lines[i].style == style && !d->lines[i].continuation;
	return n;
}

Test(detail_pages, the_first_page_and_the_exact_count_of_the_rest)
{
	struct detail d = { 0 };
	size_t group, more, next;

	cr_assert_eq(detail_build(&d, st, eid_of(st, "hub"), 80), STORE_OK);
	cr_assert_neq(find_line(&d, 0, "Backlinks"), (size_t)-1);
	group = find_line(&d, 0, "members");
	cr_assert_neq(group, (size_t)-1);
	cr_expect_eq(d.lines[group].style, DETAIL_GROUP);
	/* the header counts the whole group, links not listed yet too */
	cr_expect_str_eq(d.lines[group].text, "members (300)");
	cr_expect_eq(links_in_order(&d, group + 1), DETAIL_PAGE);
	more = group + 1 + DETAIL_PAGE;
	cr_assert_eq(d.lines[more].style, DETAIL_MORE);
	cr_expect_str_eq(d.lines[more].text, "… 250 more members links (+ or Enter: the next 50)");
	cr_expect_eq(d.lines[more].indent, 4);
	cr_expect_eq(d.lines[more].target, 0);
	cr_expect_eq(count_style(&d, DETAIL_MORE), 1, "only the cut group has a more line");
	/* the more line can be selected like a link */
	cr_expect_eq(detail_next_link(&d, more - 1, 1), more);
	/* the next group follows, whole */
	next = more + 1;
	cr_assert_eq(d.lines[next].style, DETAIL_GROUP);
	cr_expect_str_eq(d.lines[next].text, "receives_reports_from (3)");
	cr_expect_eq(links_in_order(&d, next + 1), 3);
	cr_expect_eq(d.lines[next + 4].style, DETAIL_HEADING, "%s", d.lines[next + 4].text);
	detail_clear(&d);
}

Test(detail_pages, a_group_of_one_page_has_no_more_line_and_one_more_is_singular)
{
	struct detail d = { 0 };
	size_t group;

	cr_assert_eq(detail_build(&d, st, eid_of(st, "hub50"), 80), STORE_OK);
	group = find_line(&d, 0, "members");
	cr_expect_eq(links_in_order(&d, group + 1), 50);
	cr_expect_eq(count_style(&d, DETAIL_MORE), 0);
	detail_clear(&d);

	cr_assert_eq(detail_build(&d, st, eid_of(st, "hub51"), 80), STORE_OK);
	group = find_line(&d, 0, "members");
	cr_expect_eq(links_in_order(&d, group + 1), 50);
	cr_assert_eq(d.lines[group + 51].style, DETAIL_MORE);
	cr_expect_str_eq(d.lines[group + 51].text, "… 1 more members link (+ or Enter: the next 1)");
	detail_clear(&d);
}

Test(detail_pages, each_load_lists_the_next_page_in_place_of_the_more_line)
{
	struct detail d = { 0 };
	size_t group, more, first, before;
	char *title, *heading;
	static const char *const counts[] = {
		"… 200 more members links (+ or Enter: the next 50)",
		"… 150 more members links (+ or Enter: the next 50)",
		"… 100 more members links (+ or Enter: the next 50)",
		"… 50 more members links (+ or Enter: the next 50)",
	};

	cr_assert_eq(detail_build(&d, st, eid_of(st, "hub"), 80), STORE_OK);
	group = find_line(&d, 0, "members");
	more = group + 1 + DETAIL_PAGE;
	title = xstrdup(d.lines[0].text);
	heading = xstrdup(d.lines[group - 1].text);
	for (size_t page = 1; page * DETAIL_PAGE < MEMBERS; page++) {
		before = d.count;
		cr_assert_eq(d.lines[more].style, DETAIL_MORE, "page %zu", page);
		cr_assert_eq(detail_load_more(&d, st, more, &first), STORE_OK);
		/* the new links start where the more line was; what was before
		 * it stays where it was */
		cr_expect_eq(first, more);
		cr_expect_str_eq(d.lines[0].text, title);
		cr_expect_str_eq(d.lines[group - 1].text, heading);
		cr_expect_eq(d.lines[first].style, DETAIL_LINK);
		cr_expect_eq(links_in_order(&d, group + 1), (page + 1) * DETAIL_PAGE);
		more = group + 1 + (page + 1) * DETAIL_PAGE;
		if ((page + 1) * DETAIL_PAGE < MEMBERS) {
			cr_expect_eq(d.count, before + DETAIL_PAGE);
			cr_assert_eq(d.lines[more].style, DETAIL_MORE);
			cr_expect_str_eq(d.lines[more].text, counts[page - 1]);
		} else {
			/* the last page: no more line, the group is whole */
			cr_expect_eq(d.count, before + DETAIL_PAGE - 1);
			cr_expect_eq(count_style(&d, DETAIL_MORE), 0);
			cr_expect_str_eq(d.lines[more].text, "receives_reports_from (3)");
		}
	}
	cr_expect_eq(links_in_order(&d, group + 1), MEMBERS);
	cr_expect_eq(find_line(&d, 0, "more members"), (size_t)-1);
	/* built again (a resize, a changed note): as much as was listed */
	cr_assert_eq(detail_build(&d, st, eid_of(st, "hub"), 60), STORE_OK);
	cr_expect_eq(links_in_order(&d, group + 1), MEMBERS);
	cr_expect_eq(count_style(&d, DETAIL_MORE), 0);
	/* another entity, then this one: the first page again */
	cr_assert_eq(detail_build(&d, st, eid_of(st, "hub50"), 80), STORE_OK);
	cr_assert_eq(detail_build(&d, st, eid_of(st, "hub"), 80), STORE_OK);
	cr_expect_eq(links_in_order(&d, group + 1), DETAIL_PAGE);
	cr_expect_eq(count_style(&d, DETAIL_MORE), 1);
	free(title);
	free(heading);
	detail_clear(&d);
}

Test(detail_pages, a_wrapped_more_line_loads_from_any_of_its_lines)
{
	struct detail d = { 0 };
	size_t more, first;

	cr_assert_eq(detail_build(&d, st, eid_of(st, "hub"), 24), STORE_OK);
	more = find_line(&d, 0, "… 250 more");
	cr_assert_neq(more, (size_t)-1);
	cr_assert_eq(d.lines[more].style, DETAIL_MORE);
	cr_assert(d.lines[more + 1].continuation, "a more line this narrow wraps");
	cr_expect_eq(d.lines[more + 1].style, DETAIL_MORE);
	cr_expect_eq(detail_link_head(&d, more + 1), more);
	cr_assert_eq(detail_load_more(&d, st, more + 1, &first), STORE_OK);
	cr_expect_eq(first, more);
	cr_expect_neq(find_line(&d, 0, "… 200 more"), (size_t)-1);
	cr_expect_eq(find_line(&d, 0, "… 250 more"), (size_t)-1);
	detail_clear(&d);
}

Test(detail_pages, only_a_more_line_loads)
{
	struct detail d = { 0 };
	size_t group, first = 12345, count;

	cr_assert_eq(detail_build(&d, st, eid_of(st, "hub"), 80), STORE_OK);
	group = find_line(&d, 0, "members");
	count = d.count;
	cr_expect_eq(detail_load_more(&d, st, group, &first), STORE_NOT_FOUND);
	cr_expect_eq(detail_load_more(&d, st, group + 1, &first), STORE_NOT_FOUND);
	cr_expect_eq(detail_load_more(&d, st, d.count + 5, &first), STORE_NOT_FOUND);
	cr_expect_eq(first, 12345);
	cr_expect_eq(d.count, count);
	detail_clear(&d);
}

Test(detail_pages, links_an_entity_makes_are_paged_too)
{
	struct detail d = { 0 };
	size_t group, first;

	cr_assert_eq(detail_build(&d, st, eid_of(st, "spoke"), 80), STORE_OK);
	group = find_line(&d, 0, "partner_in");
	cr_assert_neq(group, (size_t)-1);
	cr_expect_str_eq(d.lines[group - 1].text, "Links");
	cr_expect_eq(links_in_order(&d, group + 1), 50);
	cr_assert_eq(d.lines[group + 51].style, DETAIL_MORE);
	cr_expect_str_eq(d.lines[group + 51].text, "… 10 more partner_in links (+ or Enter: the next 10)");
	cr_assert_eq(detail_load_more(&d, st, group + 51, &first), STORE_OK);
	cr_expect_eq(links_in_order(&d, group + 1), 60);
	cr_expect_eq(count_style(&d, DETAIL_MORE), 0);
	detail_clear(&d);
}

Test(detail_pages, the_store_reads_a_page_and_counts_the_rest)
{
	struct link_group_list groups = { 0 };
	struct link_list page = { 0 };
	int64_t hub = eid_of(st, "hub"), left = -1;

	cr_assert_eq(store_link_groups(st, hub, LINKS_IN, &groups), STORE_OK);
	cr_assert_eq(groups.count, 2);
	cr_expect_str_eq(groups.items[0].rel, "member_of");
	cr_expect_str_eq(groups.items[0].label, "members");
	cr_expect_str_eq(groups.items[1].rel, "reports_to");
	link_group_list_clear(&groups);
	cr_assert_eq(store_link_groups(st, hub, LINKS_OUT, &groups), STORE_OK);
	cr_expect_eq(groups.count, 0);
	link_group_list_clear(&groups);

	cr_assert_eq(store_links_page(st, hub, LINKS_IN, "member_of", 0, 7, &page), STORE_OK);
	cr_assert_eq(page.count, 7);
	cr_expect_str_eq(page.items[6].other_id, "o-007");
	cr_expect_str_eq(page.items[6].label, "members");
	cr_assert_eq(page.items[0].fact_count, 1);
	cr_expect_str_eq(page.items[0].facts[0].key, "role");
	cr_assert_eq(store_links_count_after(st, hub, LINKS_IN, "member_of", page.items[6].lid, &left),
	             STORE_OK);
	cr_expect_eq(left, MEMBERS - 7);
	cr_assert_eq(store_links_page(st, hub, LINKS_IN, "member_of", page.items[6].lid, 1000, &page),
	             STORE_OK);
	cr_expect_eq(page.count, MEMBERS);
	cr_expect_str_eq(page.items[7].other_id, "o-008");
	cr_assert_eq(store_links_count_after(st, hub, LINKS_IN, "member_of", page.items[MEMBERS - 1].lid,
	                                     &left), STORE_OK);
	cr_expect_eq(left, 0);
	link_list_clear(&page);
}

Test(detail_pages, show_prints_every_link)
{
	char *args = xasprintf("show -m '%s' hub", model);
	struct run r = run_icsview(args);
	const char *members, *reports, *p;
	int n = 0;

	cr_expect_eq(r.status, 0, "%s", r.err);
	members = strstr(r.out, "\n  members\n");
	reports = strstr(r.out, "\n  receives_reports_from\n");
	cr_assert(members && reports && members < reports, "%s", r.out);
	for (p = members; (p = strstr(p, "    Member ")) && p < reports; p++) {
		char line[64];

		n++;
		snprintf(line, sizeof(line), "    Member %03d (o-%03d)  role: member\n", n, n);
		cr_assert(strncmp(p, line, strlen(line)) == 0, "backlink %d: %.60s", n, p);
	}
	cr_expect_eq(n, MEMBERS);
	cr_expect(!strstr(r.out, "more"), "show cuts nothing: %s", r.out);
	run_free(&r);
	free(args);
}
