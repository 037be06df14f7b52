/* Models built to hurt: directories that loop back on themselves, and
 * files written by editors that other tools refuse. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "helpers.h"
#include "icsview/base/model_files.h"
#include "icsview/base/util.h"
#include "icsview/loader/yaml_events.h"

/* AddressSanitizer's red zones and quarantine triple what small blocks
 * take; the bounds below are the plain build's, times this. */
#if defined(__SANITIZE_ADDRESS__)
#define RSS_FACTOR 3
#else
#define RSS_FACTOR 1
#endif

static const char one_entity[] =
	"icsview: 1\n"
	"entities:\n"
	"  - {id: E1, kind: organisation, name: One}\n";

static void expect_valid(const char *path, size_t entities)
{
	const char *paths[] = { path };
	struct load_limits limits;
	struct load_summary summary = { 0 };
	struct diag_list diags;
	enum load_result rc;

	load_limits_default(&limits);
	diag_init(&diags, limits.max_errors);
	rc = model_load(paths, 1, NULL, &limits, &diags, &summary);
	for (size_t i = 0; i < diags.count; i++) {
		char *text = diag_format(&diags.items[i]);
		cr_log_error("%s", text);
		free(text);
	}
	cr_expect_eq(rc, LOAD_VALID, "%s: not valid", path);
	cr_expect_eq(summary.entities, entities);
	diag_free(&diags);
}

/* Two links to the directory they are in made a walk of 2^33 paths down to
 * the depth limit: every command hung.  Each directory is entered once. */
Test(walk, symlink_loops_are_entered_once, .timeout = 20)
{
	char *dir = scratch_dir();
	char *sub = xasprintf("%s/sub", dir), *x = xasprintf("%s/x", dir);
	char *y = xasprintf("%s/y", dir), *up = xasprintf("%s/sub/up", dir);
	const char *paths[] = { dir, x };
	struct model_files files = { 0 };
	struct diag_list diags;

	free(write_file(dir, "a.yaml", one_entity));
	cr_assert_eq(mkdir(sub, 0700), 0);
	free(write_file(sub, "b.yaml", "icsview: 1\n"));
	cr_assert_eq(symlink(".", x), 0);
	cr_assert_eq(symlink(".", y), 0);
	cr_assert_eq(symlink("..", up), 0);
	diag_init(&diags, 10);
	cr_expect_eq(model_files_collect(&files, paths, 2, &diags), 0);
	cr_expect_eq(diags.count, 0);
	cr_assert_eq(files.count, 2, "%zu files", files.count);
	cr_expect(strstr(files.items[0].path, "/a.yaml") != NULL, "%s", files.items[0].path);
	cr_expect(strstr(files.items[1].path, "/sub/b.yaml") != NULL, "%s", files.items[1].path);
	model_files_free(&files);
	diag_free(&diags);
	expect_valid(dir, 1);
	remove_tree(dir);
	free(dir); free(sub); free(x); free(y); free(up);
}

/* The one error of loading text with the default limits. */
static void expect_refused(const char *text, unsigned line, unsigned col, const char *message)
{
	char *dir = scratch_dir();
	char *path = write_file(dir, "m.yaml", text);
	const char *paths[] = { path };
	struct diag_list diags;

	cr_assert_eq(check_paths(paths, 1, NULL, &diags), LOAD_INVALID);
	cr_assert_eq(diags.count, 1, "expected one error, got %zu", diags.count);
	cr_expect_eq(diags.items[0].line, line, "line %u, expected %u", diags.items[0].line, line);
	cr_expect_eq(diags.items[0].col, col, "column %u, expected %u", diags.items[0].col, col);
	cr_expect_str_eq(diags.items[0].message, message);
	diag_free(&diags);
	remove_tree(dir);
	free(path);
	free(dir);
}

/* Aliases were counted by node, not size: one anchored scalar of a
 * megabyte aliased a thousand times made a gigabyte.  The bytes they
 * produce are bounded (64 MiB by default): the 68th alias of a megabyte
 * crosses it. */
Test(amplification, alias_expansion_bounded_in_bytes)
{
	struct strbuf text = STRBUF_INIT;
	char *scalar = xmalloc(1000001);
	struct rusage before, after;

	memset(scalar, 'x', 1000000);
	scalar[1000000] = '\0';
	sb_printf(&text, "icsview: 1\nx-a: &a %s\nx-b: [", scalar);
	for (int i = 0; i < 1000; i++)
		sb_puts(&text, i ? ", *a" : "*a");
	sb_puts(&text, "]\n");
	getrusage(RUSAGE_SELF, &before);
	/* "x-b: [" then "*a, " each: the 68th alias at column 7 + 67 * 4 */
	expect_refused(text.buf, 3, 7 + 67 * 4, "alias expansion exceeds the limit of 67108864 bytes");
	getrusage(RUSAGE_SELF, &after);
	cr_expect_lt(after.ru_maxrss - before.ru_maxrss, 32 * 1024 * RSS_FACTOR,
	             "peak RSS grew by %ld KiB", after.ru_maxrss - before.ru_maxrss);
	sb_free(&text);
	free(scalar);
}

/* Each anchor cost some 560 bytes that no limit counted: three million
 * anchors on one-byte scalars took 1.7 GB.  Their bookkeeping counts
 * against the anchored-bytes limit (16 MiB by default), which a million
 * anchors cross long before memory grows. */
Test(amplification, anchors_memory_bounded)
{
	struct strbuf text = STRBUF_INIT;
	struct rusage before, after;
	char *dir = scratch_dir();
	char *path;
	const char *paths[1];
	struct diag_list diags;

	sb_puts(&text, "icsview: 1\nx-a:\n");
	for (int i = 0; i < 1000000; i++)
		sb_printf(&text, "  - &a%d x\n", i);
	path = write_file(dir, "m.yaml", text.buf);
	sb_free(&text);
	paths[0] = path;
	getrusage(RUSAGE_SELF, &before);
	cr_assert_eq(check_paths(paths, 1, NULL, &diags), LOAD_INVALID);
	getrusage(RUSAGE_SELF, &after);
	cr_assert_eq(diags.count, 1, "expected one error, got %zu", diags.count);
	cr_expect_str_eq(diags.items[0].message,
	                 "anchored content exceeds the limit of 16777216 bytes");
	cr_expect_lt(after.ru_maxrss - before.ru_maxrss, 64 * 1024 * RSS_FACTOR,
	             "peak RSS grew by %ld KiB", after.ru_maxrss - before.ru_maxrss);
	diag_free(&diags);
	remove_tree(dir);
	free(path);
	free(dir);
}

/* Windows editors begin a UTF-8 file with a byte-order mark; libyaml, told
 * the input is UTF-8, refused it ("did not find expected <document
 * start>").  It is passed over, and positions count from after it. */
Test(encoding, a_leading_byte_order_mark_is_accepted)
{
	char *dir = scratch_dir();
	char *path = write_file(dir, "bom.yaml", "\xEF\xBB\xBF" "icsview: 1\n"
	                        "entities:\n  - {id: E1, kind: organisation, name: One}\n");

	expect_valid(path, 1);
	remove_tree(dir);
	free(path);
	free(dir);
	expect_refused("\xEF\xBB\xBF" "icsview: 1\ntitle: \"\xE9\"\n", 2, 9,
	               "invalid UTF-8: byte 0xE9 does not begin a valid character "
	               "(the file must be UTF-8)");
	expect_refused("\xEF\xBB\xBF" "icsview: 1\nnope: 1\n", 2, 1,
	               "unknown key 'nope' in the top level (expected icsview, title, source, "
	               "kinds, relations, entities, x-…)");
}

#if !defined(__SANITIZE_ADDRESS__)
static int count_event(void *ctx, const struct yevent *ev)
{
	(void)ev;
	++*(size_t *)ctx;
	return 0;
}

/* The bytes of address space this process has mapped. */
static size_t mapped_bytes(void)
{
	FILE *f = fopen("/proc/self/statm", "r");
	unsigned long pages = 0;

	if (!f)
		return 0;
	if (fscanf(f, "%lu", &pages) != 1)
		pages = 0;
	fclose(f);
	return pages * (size_t)sysconf(_SC_PAGESIZE);
}
#endif

/* libyaml running out of memory was reported as "YAML syntax: unknown
 * error".  A child with little address space to spare reads a scalar of
 * 64 MiB (the limits raised to let it through). */
Test(memory, running_out_is_reported_as_such)
{
#if defined(__SANITIZE_ADDRESS__)
	cr_skip_test("AddressSanitizer needs the address space this test takes away");
#else
	char *dir = scratch_dir();
	char *path = xasprintf("%s/big.yaml", dir);
	FILE *f = fopen(path, "wb");
	int status;
	pid_t pid;

	cr_assert_not_null(f);
	fputs("icsview: 1\ntitle: ", f);
	for (int i = 0; i < 64 * 1024; i++)
		fprintf(f, "%01023d", 0);
	fputs("\n", f);
	cr_assert_eq(fclose(f), 0);
	pid = fork();
	cr_assert_neq(pid, -1);
	if (pid == 0) {
		struct load_limits limits;
		struct diag_list diags;
		size_t events = 0;
		struct rlimit rl;
		int ok;

		load_limits_default(&limits);
		limits.max_scalar = (size_t)128 << 20;
		diag_init(&diags, 10);
		rl.rlim_cur = rl.rlim_max = mapped_bytes() + ((size_t)16 << 20);
		if (setrlimit(RLIMIT_AS, &rl) != 0)
			_exit(3);
		yaml_read_file(path, 0, &limits, &diags, count_event, &events, NULL);
		ok = diags.count == 1 &&
		     strcmp(diags.items[0].message, "out of memory reading the file") == 0;
		if (!ok && diags.count)
			fprintf(stderr, "%s\n", diags.items[0].message);
		_exit(ok ? 0 : 1);
	}
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 0, "status %d", status);
	remove_tree(dir);
	free(path);
	free(dir);
#endif
}

/* A quoted "" passed where a null was refused: an entity without a name
 * to show. */
Test(values, an_empty_quoted_name_is_refused)
{
	expect_refused("icsview: 1\nentities:\n  - {id: E1, kind: organisation, name: \"\"}\n",
	               3, 40, "'name' must not be empty");
	expect_refused("icsview: 1\nentities:\n  - {id: E1, kind: organisation, name: ''}\n",
	               3, 40, "'name' must not be empty");
}
