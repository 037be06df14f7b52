/* Every class of model error: one small bad model each, with the exact
 * message and position the user sees. */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "helpers.h"
#include "icsview/loader/yaml_events.h"

static void expect_one_error(const char *file, unsigned line, unsigned col, const char *message)
{
	char *path = model_path(file);
	const char *paths[] = { path };
	struct diag_list diags;
	enum load_result rc = check_paths(paths, 1, NULL, &diags);

	for (size_t i = 0; i < diags.count; i++) {
		char *text = diag_format(&diags.items[i]);
		cr_log_info("%s", text);
		free(text);
	}
	cr_assert_eq(rc, LOAD_INVALID, "%s: expected an invalid model", file);
	cr_assert_eq(diags.count, 1, "%s: expected exactly one error, got %zu", file, diags.count);
	cr_expect_str_eq(diags.items[0].file, path);
	cr_expect_eq(diags.items[0].line, line, "%s: line %u, expected %u", file,
	             diags.items[0].line, line);
	cr_expect_eq(diags.items[0].col, col, "%s: column %u, expected %u", file,
	             diags.items[0].col, col);
	cr_expect_str_eq(diags.items[0].message, message);
	diag_free(&diags);
	free(path);
}

Test(errors, yaml_syntax)
{
	expect_one_error("bad/syntax.yaml", 6, 1,
	                 "YAML syntax: found unexpected end of stream while scanning a quoted "
	                 "scalar (started at 5:11)");
}

Test(errors, invalid_utf8)
{
	expect_one_error("bad/invalid-utf8.yaml", 5, 15,
	                 "invalid UTF-8: byte 0xE9 does not begin a valid character "
	                 "(the file must be UTF-8)");
}

Test(errors, utf16_is_refused)
{
	expect_one_error("bad/utf16.yaml", 1, 1,
	                 "invalid UTF-8: byte 0xFF does not begin a valid character "
	                 "(the file must be UTF-8)");
}

Test(errors, missing_name)
{
	expect_one_error("bad/missing-name.yaml", 3, 5, "entity 'missing-a' has no 'name'");
}

Test(errors, missing_version)
{
	expect_one_error("bad/missing-version.yaml", 1, 1,
	                 "missing 'icsview: 1' (the format version)");
}

Test(errors, duplicate_id_names_the_first_definition)
{
	char *path = model_path("bad/duplicate-id.yaml");
	char *message = xasprintf("duplicate id 'dup-a' (first defined at %s:3:5)", path);

	expect_one_error("bad/duplicate-id.yaml", 6, 5, message);
	free(message);
	free(path);
}

Test(errors, unknown_parent)
{
	expect_one_error("bad/unknown-parent.yaml", 6, 13, "unknown parent 'no-such-place'");
}

Test(errors, nested_entity_with_parent)
{
	expect_one_error("bad/nested-parent.yaml", 10, 9,
	                 "'parent' is not allowed on an entity nested in 'children' of 'nest-a'");
}

Test(errors, dangling_link)
{
	expect_one_error("bad/dangling-link.yaml", 7, 31, "link to unknown entity 'no-such-board'");
}

Test(errors, unknown_kind)
{
	expect_one_error("bad/unknown-kind.yaml", 4, 11, "unknown kind 'hospitle'");
}

Test(errors, unknown_relation)
{
	expect_one_error("bad/unknown-relation.yaml", 10, 15,
	                 "unknown relation 'reprots_to' (did you mean 'reports_to'?)");
}

/* How a link is known: stated or inferred, and an inference says why. */
Test(errors, unknown_basis)
{
	expect_one_error("bad/unknown-basis.yaml", 10, 44,
	                 "link basis 'guessed' is none of: stated, inferred");
}

Test(errors, inferred_link_without_a_reason)
{
	expect_one_error("bad/inferred-without-reason.yaml", 10, 9,
	                 "link with 'basis: inferred' has no 'reason'");
}

Test(errors, reason_without_an_inferred_basis)
{
	expect_one_error("bad/reason-without-basis.yaml", 10, 9,
	                 "link has a 'reason' but no 'basis: inferred'");
}

Test(errors, fact_basis_unknown_or_without_its_reason)
{
	char *dir = scratch_dir();
	char *path = write_file(dir, "model.yaml",
		"icsview: 1\n"
		"entities:\n"
		"  - id: a\n"
		"    kind: board\n"
		"    name: A\n"
		"    facts:\n"
		"      size: {value: 40, basis: inferred}\n"
		"      meets: {value: monthly, reason: \"the minutes are monthly\"}\n"
		"      chair: {value: rotating, basis: stated}\n");
	const char *paths[] = { path };
	struct diag_list diags;

	cr_assert_eq(check_paths(paths, 1, NULL, &diags), LOAD_INVALID);
	cr_assert_eq(diags.count, 2);
	cr_expect_str_eq(diags.items[0].message, "fact 'size' with 'basis: inferred' has no 'reason'");
	cr_expect_eq(diags.items[0].line, 7);
	cr_expect_str_eq(diags.items[1].message,
	                 "fact 'meets' has a 'reason' but no 'basis: inferred'");
	cr_expect_eq(diags.items[1].line, 8);
	diag_free(&diags);
	remove_tree(dir);
	free(dir);
	free(path);
}

Test(errors, unknown_fact_basis)
{
	expect_one_error("bad/fact-basis.yaml", 8, 29,
	                 "basis 'assumed' of fact 'members' is none of: stated, inferred");
}

/* A misspelt kind, relation or key names the nearest one it could be. */
Test(errors, misspelt_names_suggest_the_nearest)
{
	char *dir = scratch_dir();
	char *path = write_file(dir, "model.yaml",
		"icsview: 1\n"
		"entities:\n"
		"  - {id: a, kind: organization, name: A}\n"
		"  - {id: b, kind: board, nmae: B, name: B, links: [{rel: member, to: a}]}\n"
		"  - {id: c, kind: Board, name: C, links: [{rel: member_off, to: a}]}\n");
	const char *paths[] = { path };
	struct diag_list diags;

	cr_assert_eq(check_paths(paths, 1, NULL, &diags), LOAD_INVALID);
	diag_sort(&diags);
	cr_assert_eq(diags.count, 5, "got %zu errors", diags.count);
	cr_expect_str_eq(diags.items[0].message, "unknown kind 'organization' (did you mean 'organisation'?)");
	cr_expect_str_eq(diags.items[1].message,
	                 "unknown key 'nmae' in an entity (did you mean 'name'? expected id, kind, "
	                 "name, aka, type, facts, text, source, parent, children, links)");
	cr_expect_str_eq(diags.items[2].message, "unknown relation 'member' (did you mean 'member_of'?)");
	cr_expect_str_eq(diags.items[3].message, "unknown kind 'Board' (did you mean 'board'?)");
	cr_expect_str_eq(diags.items[4].message,
	                 "unknown relation 'member_off' (did you mean 'member_of'?)");
	diag_free(&diags);
	remove_tree(dir);
	free(path);
	free(dir);
}

/* A link to a code instead of an id names the id that has the code: an
 * exact match before one in another case, the entity loaded first among
 * several; a word no entity has is only unknown. */
Test(errors, link_to_a_code_names_the_id_that_has_it)
{
	char *dir = scratch_dir();
	char *path = write_file(dir, "model.yaml",
		"icsview: 1\n"
		"entities:\n"
		"  - {id: n-sth, kind: organisation, name: A trust, aka: [RHQ, Sheffield Teaching]}\n"
		"  - {id: n-other, kind: organisation, name: Another, aka: [rhq, QF7]}\n"
		"  - id: b\n"
		"    kind: board\n"
		"    name: B\n"
		"    links:\n"
		"      - {rel: member_of, to: RHQ}\n"
		"      - {rel: member_of, to: rhq}\n"
		"      - {rel: member_of, to: sheffield teaching}\n"
		"      - {rel: member_of, to: qf7}\n"
		"      - {rel: member_of, to: QF7X}\n");
	const char *paths[] = { path };
	struct diag_list diags;

	cr_assert_eq(check_paths(paths, 1, NULL, &diags), LOAD_INVALID);
	diag_sort(&diags);
	cr_assert_eq(diags.count, 5, "got %zu errors", diags.count);
	cr_expect_eq(diags.items[0].line, 9);
	cr_expect_eq(diags.items[0].col, 30);
	cr_expect_str_eq(diags.items[0].message,
	                 "link to unknown entity 'RHQ' ('RHQ' is a code of n-sth; links name ids)");
	cr_expect_str_eq(diags.items[1].message,
	                 "link to unknown entity 'rhq' ('rhq' is a code of n-other; links name ids)");
	cr_expect_str_eq(diags.items[2].message,
	                 "link to unknown entity 'sheffield teaching' ('sheffield teaching' is a code"
	                 " of n-sth; links name ids)");
	cr_expect_str_eq(diags.items[3].message,
	                 "link to unknown entity 'qf7' ('qf7' is a code of n-other; links name ids)");
	cr_expect_str_eq(diags.items[4].message, "link to unknown entity 'QF7X'");
	diag_free(&diags);
	remove_tree(dir);
	free(path);
	free(dir);
}

/* A link or a parent naming an id with a slip in it is told the id it
 * most likely meant; a word near no id is told nothing more. */
Test(errors, a_misspelt_id_is_told_the_nearest)
{
	char *dir = scratch_dir();
	char *path = write_file(dir, "model.yaml",
		"icsview: 1\n"
		"entities:\n"
		"  - {id: syb-sheffield, kind: place, name: Sheffield}\n"
		"  - {id: syb-rotherham, kind: place, name: Rotherham}\n"
		"  - {id: t, kind: organisation, name: T, parent: syb-shefield}\n"
		"  - id: b\n"
		"    kind: board\n"
		"    name: B\n"
		"    links:\n"
		"      - {rel: member_of, to: syb-rotherahm}\n"
		"      - {rel: member_of, to: nowhere-near}\n");
	const char *paths[] = { path };
	struct diag_list diags;

	cr_assert_eq(check_paths(paths, 1, NULL, &diags), LOAD_INVALID);
	diag_sort(&diags);
	cr_assert_eq(diags.count, 3, "got %zu errors", diags.count);
	cr_expect_str_eq(diags.items[0].message,
	                 "unknown parent 'syb-shefield' (did you mean 'syb-sheffield'?)");
	cr_expect_str_eq(diags.items[1].message,
	                 "link to unknown entity 'syb-rotherahm' (did you mean 'syb-rotherham'?)");
	cr_expect_str_eq(diags.items[2].message, "link to unknown entity 'nowhere-near'");
	diag_free(&diags);
	remove_tree(dir);
	free(path);
	free(dir);
}

/* Every id is weighed for a suggestion, so only the first twenty unknown
 * references get one: a model full of them is still reported at once. */
Test(errors, suggestions_stop_after_twenty)
{
	struct strbuf yaml = STRBUF_INIT;
	char *dir = scratch_dir(), *path;
	const char *paths[1];
	struct diag_list diags;
	size_t suggested = 0;

	sb_puts(&yaml, "icsview: 1\nentities:\n  - {id: syb-rotherham, kind: place, name: R}\n"
	               "  - id: b\n    kind: board\n    name: B\n    links:\n");
	for (int i = 0; i < 25; i++)
		sb_puts(&yaml, "      - {rel: member_of, to: syb-rotherahm}\n");
	path = write_file(dir, "model.yaml", sb_str(&yaml));
	paths[0] = path;
	cr_assert_eq(check_paths(paths, 1, NULL, &diags), LOAD_INVALID);
	cr_assert_eq(diag_total(&diags), 25);
	for (size_t i = 0; i < diags.count; i++)
		suggested += strstr(diags.items[i].message, "did you mean") != NULL;
	cr_expect_eq(suggested, 20);
	diag_free(&diags);
	sb_free(&yaml);
	remove_tree(dir);
	free(path);
	free(dir);
}

Test(errors, unknown_key)
{
	expect_one_error("bad/unknown-key.yaml", 6, 5,
	                 "unknown key 'populaton' in an entity (expected id, kind, name, aka, type, "
	                 "facts, text, source, parent, children, links)");
}

Test(errors, unknown_source)
{
	expect_one_error("bad/unknown-source.yaml", 6, 13, "unknown source 'no-such-report'");
}

Test(errors, cited_entity_is_not_a_source)
{
	expect_one_error("bad/not-a-source.yaml", 9, 13,
	                 "'cited-place' is cited as a source but is a place, not a source");
}

/* An entity of a kind never declared is stored with a number that stands
 * for no declared kind: the check of what is cited as a source still
 * names the kind. */
Test(errors, a_cited_entity_of_an_undeclared_kind_is_named_by_its_kind)
{
	char *dir = scratch_dir();
	char *path = write_file(dir, "model.yaml",
		"icsview: 1\n"
		"entities:\n"
		"  - {id: odd, kind: whatnot, name: An odd thing}\n"
		"  - {id: b, kind: board, name: A board, source: odd}\n");
	const char *paths[] = { path };
	struct diag_list diags;

	cr_assert_eq(check_paths(paths, 1, NULL, &diags), LOAD_INVALID);
	cr_assert_eq(diags.count, 2, "got %zu errors", diags.count);
	cr_expect_str_eq(diags.items[0].message, "unknown kind 'whatnot'");
	cr_expect_eq(diags.items[0].line, 3);
	cr_expect_str_eq(diags.items[1].message,
	                 "'odd' is cited as a source but is a whatnot, not a source");
	cr_expect_eq(diags.items[1].line, 4);
	diag_free(&diags);
	free(path);
	remove_tree(dir);
	free(dir);
}

Test(errors, mapping_where_a_scalar_fact_is_expected)
{
	expect_one_error("bad/wrong-type.yaml", 8, 9,
	                 "fact 'population' must be a scalar; a mapping here holds only value, "
	                 "source, note, basis and reason, not 'total'");
}

Test(errors, mapping_where_a_scalar_name_is_expected)
{
	expect_one_error("bad/wrong-type-name.yaml", 6, 7, "'name' must be a scalar, not a mapping");
}

Test(errors, parent_cycle_names_its_members)
{
	expect_one_error("bad/parent-cycle.yaml", 10, 13,
	                 "cycle in parent: cycle-a -> cycle-b -> cycle-a");
}

Test(errors, reports_to_cycle_names_its_members)
{
	expect_one_error("bad/reports-cycle.yaml", 17, 31,
	                 "cycle in reports_to: loop-a -> loop-b -> loop-c -> loop-a");
}

Test(errors, nesting_too_deep)
{
	expect_one_error("bad/nesting-too-deep.yaml", 3, 72,
	                 "nesting deeper than the limit of 64 levels");
}

/* A billion laughs expands to 10^9 nodes; it must be refused at the alias
 * that crosses the budget, long before memory grows. */
Test(errors, alias_bomb_refused_with_bounded_memory)
{
	struct rusage before, after;

	getrusage(RUSAGE_SELF, &before);
	expect_one_error("bad/alias-bomb.yaml", 8, 31, "alias expansion exceeds the limit of 100000 nodes");
	getrusage(RUSAGE_SELF, &after);
	cr_expect_lt(after.ru_maxrss - before.ru_maxrss, 64 * 1024,
	             "peak RSS grew by %ld KiB", after.ru_maxrss - before.ru_maxrss);
}

Test(errors, unreadable_path)
{
	const char *paths[] = { "/nonexistent/icsview/model.yaml" };
	struct diag_list diags;

	cr_assert_eq(check_paths(paths, 1, NULL, &diags), LOAD_INVALID);
	cr_assert_eq(diags.count, 1);
	cr_expect_str_eq(diags.items[0].file, "/nonexistent/icsview/model.yaml");
	cr_expect_str_eq(diags.items[0].message, "cannot read: No such file or directory");
	diag_free(&diags);
}

Test(errors, file_larger_than_the_limit)
{
	char *dir = scratch_dir();
	char *path = write_file(dir, "big.yaml",
	                        "icsview: 1\ntitle: a file of 48 bytes or so\n");
	const char *paths[] = { path };
	struct load_limits limits;
	struct diag_list diags;

	load_limits_default(&limits);
	limits.max_file_size = 16;
	cr_assert_eq(check_paths(paths, 1, &limits, &diags), LOAD_INVALID);
	cr_assert_eq(diags.count, 1);
	cr_expect_eq(diags.items[0].line, 1);
	cr_expect_eq(diags.items[0].col, 1);
	cr_expect_str_eq(diags.items[0].message,
	                 "file is larger than the limit of 16 bytes (43 bytes)");
	diag_free(&diags);
	remove_tree(dir);
	free(path);
	free(dir);
}

Test(errors, line_longer_than_the_scalar_limit)
{
	char *dir = scratch_dir();
	char *text = xmalloc(5000);
	char *path;
	const char *paths[1];
	struct load_limits limits;
	struct diag_list diags;

	strcpy(text, "icsview: 1\ntitle: ");
	memset(text + strlen(text), 'x', 4000);
	strcpy(text + 18 + 4000, "\n");
	path = write_file(dir, "long.yaml", text);
	paths[0] = path;
	load_limits_default(&limits);
	limits.max_scalar = 1024;
	cr_assert_eq(check_paths(paths, 1, &limits, &diags), LOAD_INVALID);
	cr_assert_eq(diags.count, 1);
	cr_expect_eq(diags.items[0].line, 2);
	cr_expect_str_eq(diags.items[0].message, "line is longer than the limit of 1024 bytes");
	diag_free(&diags);
	remove_tree(dir);
	free(text);
	free(path);
	free(dir);
}

Test(errors, too_many_entities)
{
	char *path = model_path("good/nested.yaml");
	const char *paths[] = { path };
	struct load_limits limits;
	struct diag_list diags;

	load_limits_default(&limits);
	limits.max_entities = 3;
	cr_assert_eq(check_paths(paths, 1, &limits, &diags), LOAD_INVALID);
	cr_assert_eq(diags.count, 1);
	cr_expect_str_eq(diags.items[0].message, "more entities than the limit of 3");
	diag_free(&diags);
	free(path);
}

/* All the bad models at once: each file's problem is still found, with no
 * extra noise from the others. */
Test(errors, every_bad_model_together_gives_one_error_each)
{
	static const char *files[] = {
		"alias-bomb", "dangling-link", "duplicate-id", "fact-basis", "inferred-without-reason",
		"invalid-utf8", "missing-name",
		"missing-version", "nested-parent", "nesting-too-deep", "not-a-source",
		"parent-cycle", "reason-without-basis", "reports-cycle", "syntax", "unknown-basis",
		"unknown-key", "unknown-kind",
		"unknown-parent", "unknown-relation", "unknown-source", "utf16", "wrong-type-name",
		"wrong-type",
	};
	size_t count = sizeof(files) / sizeof(files[0]);
	char **paths = xcalloc(count, sizeof(*paths));
	struct diag_list diags;

	for (size_t i = 0; i < count; i++) {
		char *relative = xasprintf("bad/%s.yaml", files[i]);
		paths[i] = model_path(relative);
		free(relative);
	}
	cr_assert_eq(check_paths((const char *const *)paths, count, NULL, &diags), LOAD_INVALID);
	cr_expect_eq(diags.count, count, "got %zu errors for %zu files", diags.count, count);
	for (size_t i = 0; i < count && i < diags.count; i++)
		cr_expect_str_eq(diags.items[i].file, paths[i]);
	diag_free(&diags);
	for (size_t i = 0; i < count; i++)
		free(paths[i]);
	free(paths);
}

/* ---- every limit, each refused with its own message --------------------- */

/* Loads `text` (written to a scratch file) with `limits`; expects exactly
 * one error, at line:col, with this message. */
static void expect_limit(const char *text, const struct load_limits *limits, unsigned line,
                         unsigned col, const char *message)
{
	char *dir = scratch_dir();
	char *path = write_file(dir, "limit.yaml", text);
	const char *paths[] = { path };
	struct diag_list diags;

	cr_assert_eq(check_paths(paths, 1, limits, &diags), LOAD_INVALID);
	for (size_t i = 0; i < diags.count; i++)
		cr_log_info("%s:%u:%u: %s", diags.items[i].file, diags.items[i].line,
		            diags.items[i].col, diags.items[i].message);
	cr_assert_eq(diags.count, 1, "expected one error, got %zu", diags.count);
	cr_expect_str_eq(diags.items[0].file, path);
	cr_expect_eq(diags.items[0].line, line, "line %u, expected %u", diags.items[0].line, line);
	cr_expect_eq(diags.items[0].col, col, "column %u, expected %u", diags.items[0].col, col);
	cr_expect_str_eq(diags.items[0].message, message);
	diag_free(&diags);
	remove_tree(dir);
	free(path);
	free(dir);
}

/* A scalar of many short lines: the line limit does not see it, the scalar
 * limit does. */
Test(errors, scalar_longer_than_the_limit)
{
	struct strbuf sb = STRBUF_INIT;
	struct load_limits limits;

	sb_puts(&sb, "icsview: 1\ntitle: |\n");
	for (int i = 0; i < 100; i++)
		sb_puts(&sb, "  twenty bytes a line\n");
	load_limits_default(&limits);
	limits.max_scalar = 1024;
	expect_limit(sb_str(&sb), &limits, 2, 8, "scalar is longer than the limit of 1024 bytes");
	sb_free(&sb);
}

Test(errors, nesting_limit_is_configurable)
{
	struct load_limits limits;

	load_limits_default(&limits);
	limits.max_depth = 3;
	expect_limit("icsview: 1\nx-a:\n  b:\n    c:\n      d: [deep]\n", &limits, 5, 7,
	             "nesting deeper than the limit of 3 levels");
}

Test(errors, alias_limit_is_configurable)
{
	struct load_limits limits;

	load_limits_default(&limits);
	limits.max_alias_nodes = 10;
	/* each *a repeats four nodes: the third crosses ten */
	expect_limit("icsview: 1\nx-a: &a [1, 2]\nx-b: [*a, *a, *a]\n", &limits, 3, 15,
	             "alias expansion exceeds the limit of 10 nodes");
}

Test(errors, anchored_content_beyond_the_limit)
{
	struct load_limits limits;
	char text[600];

	/* 300 bytes of scalar under an anchor, with room for 256 */
	snprintf(text, sizeof(text), "icsview: 1\nx-a: &a\n  - %0300d\nx-b: *a\n", 7);
	load_limits_default(&limits);
	limits.max_anchor_bytes = 256;
	expect_limit(text, &limits, 3, 5, "anchored content exceeds the limit of 256 bytes");
}

/* Problems past --max-errors are counted, not kept. */
Test(errors, errors_past_the_limit_are_counted_not_kept)
{
	char *dir = scratch_dir();
	char *path = write_file(dir, "many.yaml",
		"icsview: 1\nentities:\n"
		"  - {id: a, kind: place, name: A, parent: no-1}\n"
		"  - {id: b, kind: place, name: B, parent: no-2}\n"
		"  - {id: c, kind: place, name: C, parent: no-3}\n"
		"  - {id: d, kind: place, name: D, parent: no-4}\n"
		"  - {id: e, kind: place, name: E, parent: no-5}\n");
	const char *paths[] = { path };
	struct load_limits limits;
	struct diag_list diags;

	load_limits_default(&limits);
	limits.max_errors = 2;
	cr_assert_eq(check_paths(paths, 1, &limits, &diags), LOAD_INVALID);
	cr_expect_eq(diags.count, 2);
	cr_expect_eq(diags.dropped, 3);
	cr_expect_eq(diag_total(&diags), 5);
	diag_free(&diags);
	remove_tree(dir);
	free(path);
	free(dir);
}

static int count_event(void *ctx, const struct yevent *ev)
{
	(void)ev;
	(*(size_t *)ctx)++;
	return 0;
}

/* The size is checked as the file is read, not only before: a file that
 * grows after it was measured (here a pipe, which has no size) is stopped
 * at the limit. */
Test(errors, file_growing_past_the_limit_is_stopped_while_read)
{
	char *dir = scratch_dir();
	char *fifo = xasprintf("%s/growing.yaml", dir);
	struct load_limits limits;
	struct diag_list diags;
	size_t events = 0;
	int status;
	pid_t pid;

	cr_assert_eq(mkfifo(fifo, 0600), 0);
	pid = fork();
	cr_assert_neq(pid, -1);
	if (pid == 0) {
		FILE *f;

		signal(SIGPIPE, SIG_IGN);
		f = fopen(fifo, "w");
		free(fifo);   /* the child's copies: valgrind checks the child too */
		free(dir);
		if (!f)
			_exit(1);
		fputs("icsview: 1\nentities:\n", f);
		for (int i = 0; i < 2000; i++)
			fprintf(f, "  - {id: e%d, kind: place, name: Place %d}\n", i, i);
		fclose(f);
		_exit(0);
	}
	load_limits_default(&limits);
	limits.max_file_size = 1024;
	diag_init(&diags, 10);
	cr_expect_eq(yaml_read_file(fifo, 0, &limits, &diags, count_event, &events, NULL), -1);
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_assert_eq(diags.count, 1);
	cr_expect_eq(diags.items[0].line, 1);
	cr_expect_eq(diags.items[0].col, 1);
	cr_expect_str_eq(diags.items[0].message, "file is larger than the limit of 1024 bytes");
	diag_free(&diags);
	remove_tree(dir);
	free(fifo);
	free(dir);
}

/* A 50 MB single-line scalar: refused at the line limit (1 MiB), with the
 * file's position, before libyaml has buffered more than that. Without the
 * line limit libyaml would hold the whole 50 MB scalar (and the scalar
 * limit would refuse it only then, at 2:8). */
Test(errors, fifty_megabyte_line_refused_with_bounded_memory)
{
	enum { MB = 1024 * 1024, CHUNK = 64 * 1024 };
	char *dir = scratch_dir();
	char *path = xasprintf("%s/long-line.yaml", dir);
	char *chunk = xmalloc(CHUNK);
	const char *paths[] = { path };
	struct diag_list diags;
	struct rusage before, after;
	FILE *f = fopen(path, "wb");

	cr_assert(f, "cannot write %s", path);
	memset(chunk, 'x', CHUNK);
	fputs("icsview: 1\ntitle: ", f);
	for (size_t written = 0; written < 50 * MB; written += CHUNK)
		cr_assert_eq(fwrite(chunk, 1, CHUNK, f), CHUNK);
	fputs("\n", f);
	cr_assert_eq(fclose(f), 0);
	free(chunk);

	getrusage(RUSAGE_SELF, &before);
	cr_assert_eq(check_paths(paths, 1, NULL, &diags), LOAD_INVALID);
	getrusage(RUSAGE_SELF, &after);
	cr_assert_eq(diags.count, 1, "expected one error, got %zu", diags.count);
	{
		char *text = diag_format(&diags.items[0]);
		char *expected = xasprintf("%s:2:1: error: line is longer than the limit of "
		                           "1048576 bytes", path);

		cr_expect_str_eq(text, expected);
		free(expected);
		free(text);
	}
	cr_expect_lt(after.ru_maxrss - before.ru_maxrss, 16 * 1024,
	             "peak RSS grew by %ld KiB", after.ru_maxrss - before.ru_maxrss);
	diag_free(&diags);
	remove_tree(dir);
	free(path);
	free(dir);
}
