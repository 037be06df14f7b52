/* icsview diff, run as a user runs it: its exit statuses (as diff(1)'s,
 * a model's own problems keeping theirs), its three outputs pinned in
 * tests/golden/diff/, the filter, models of several paths, usage errors;
 * and the diff cache: a second diff the same, from the comparison the
 * first kept. */
#define _GNU_SOURCE     /* memmem */
#include <criterion/criterion.h>
#include <dirent.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "helpers.h"
#include "icsview/base/util.h"

#define OLD "diff-old"
#define MIXED "diff-mixed"

Test(cli_diff, the_same_models_exit_0_with_zero_counts)
{
	struct run r = run_icsview("diff " OLD " diff-same");

	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect_str_eq(r.err, "");
	expect_head(r.out, "added     0\n");
	cr_expect(strstr(r.out, "total     0\n"), "%s", r.out);
	run_free(&r);
}

Test(cli_diff, different_models_exit_1)
{
	static const char *const variants[] = {
		"added", "removed", "replaced", "divided", "renamed", "moved", "kind", "type", "facts",
		"links", "sources", "mixed",
	};

	for (size_t i = 0; i < sizeof(variants) / sizeof(variants[0]); i++) {
		char *args = xasprintf("diff " OLD " diff-%s", variants[i]);
		struct run r = run_icsview(args);

		cr_expect_eq(r.status, 1, "%s: %d %s", variants[i], r.status, r.err);
		cr_expect_str_eq(r.err, "");
		run_free(&r);
		free(args);
	}
}

Test(cli_diff, text_golden)
{
	struct run r = run_icsview("diff " OLD " " MIXED);

	cr_expect_eq(r.status, 1, "%s", r.err);
	expect_golden("diff/mixed.txt", r.out);
	run_free(&r);
}

Test(cli_diff, text_in_ascii)
{
	struct run r = run_icsview_env("LC_ALL=C", "diff " OLD " diff-moved");

	cr_expect_eq(r.status, 1, "%s", r.err);
	cr_expect(strstr(r.out, "  gp-2  Practice Two  (North > Alpha ICB > Place Two)\n"
	                 "      from: North > Alpha ICB > Place One\n"), "%s", r.out);
	run_free(&r);
}

Test(cli_diff, markdown_golden)
{
	struct run r = run_icsview("diff --format md " OLD " " MIXED);

	cr_expect_eq(r.status, 1, "%s", r.err);
	expect_golden("diff/mixed.md", r.out);
	run_free(&r);
}

Test(cli_diff, json_golden)
{
	struct run r = run_icsview("diff --json " OLD " " MIXED);

	cr_expect_eq(r.status, 1, "%s", r.err);
	expect_golden("diff/mixed.json", r.out);
	run_free(&r);
}

Test(cli_diff, json_parsed_back)
{
	struct run r = run_icsview("diff --json " OLD " " MIXED);
	char *dir = scratch_dir(), *path = write_file(dir, "diff.json", r.out);
	char *command = xasprintf("python3 -c 'import json,sys; d=json.load(open(sys.argv[1]));"
	                          " print(d[\"diff_version\"], d[\"counts\"][\"total\"],"
	                          " d[\"changes\"][\"replaced\"][0][\"new\"][\"id\"],"
	                          " d[\"changes\"][\"facts\"][0][\"facts\"][1][\"after\"])'"
	                          " '%s' >'%s/out'", path, dir);
	char *out_path = xasprintf("%s/out", dir), *out;

	cr_expect_eq(r.status, 1, "%s", r.err);
	cr_assert_eq(system(command), 0);
	out = slurp(out_path);
	cr_expect_str_eq(out, "1 15 icb-c ['community', 'mental health']\n");
	free(out);
	free(out_path);
	free(command);
	free(path);
	remove_tree(dir);
	free(dir);
	run_free(&r);
}

Test(cli_diff, the_filter_on_either_model)
{
	struct run r = run_icsview("diff --filter kind:service " OLD " " MIXED);

	cr_expect_eq(r.status, 1, "%s", r.err);
	cr_expect(strstr(r.out, "removed   1\n"), "%s", r.out);
	cr_expect(strstr(r.out, "total     1\n"), "%s", r.out);
	cr_expect(strstr(r.out, "  clinic-x  Clinic X  (North › Alpha ICB › Place Two)\n"), "%s",
	          r.out);
	run_free(&r);
	/* nothing that matches changed: the same, as far as it goes */
	r = run_icsview("diff -f id:doc-a " OLD " " MIXED);
	cr_expect_eq(r.status, 0, "%s", r.err);
	run_free(&r);
}

Test(cli_diff, several_paths_a_side)
{
	struct run r = run_icsview("diff --old " OLD " --new diff-split/a.yaml --new diff-split/b.yaml");

	cr_expect_eq(r.status, 0, "%s %s", r.err, r.out);
	run_free(&r);
	r = run_icsview("diff --new " OLD " diff-split/a.yaml");
	cr_expect_eq(r.status, 1, "an invalid model: %s", r.err);
	run_free(&r);
}

Test(cli_diff, usage_errors_exit_2)
{
	static const char *const bad[] = {
		"diff", "diff " OLD, "diff " OLD " " MIXED " diff-same", "diff --format xml " OLD " " MIXED,
		"diff --filter '(' " OLD " " MIXED, "diff --filter kind:nosuch " OLD " " MIXED,
		"diff -m " OLD " " MIXED, "diff --nosuch " OLD " " MIXED,
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct run r = run_icsview(bad[i]);

		cr_expect_eq(r.status, 2, "%s: %d", bad[i], r.status);
		cr_expect(strstr(r.err, "icsview: diff: "), "%s: %s", bad[i], r.err);
		cr_expect_str_eq(r.out, "");
		run_free(&r);
	}
}

Test(cli_diff, model_errors_keep_their_statuses)
{
	struct run r = run_icsview("diff " OLD " bad/duplicate-id.yaml");

	cr_expect_eq(r.status, 1, "%s", r.err);
	cr_expect(strstr(r.err, "duplicate-id.yaml:"), "%s", r.err);
	cr_expect_str_eq(r.out, "");
	run_free(&r);
	/* a file that is not there is a problem of the model, as for show */
	r = run_icsview("diff " OLD " no/such/model.yaml");
	cr_expect_eq(r.status, 1, "%s", r.err);
	cr_expect(strstr(r.err, "no/such/model.yaml: error: cannot read"), "%s", r.err);
	cr_expect_str_eq(r.out, "");
	run_free(&r);
}

Test(cli_diff, help_usage_and_did_you_mean)
{
	struct run r = run_icsview("diff --help");

	cr_expect_eq(r.status, 0);
	expect_head(r.out, "usage: icsview diff [OPTION]... OLD NEW\n");
	run_free(&r);
	r = run_icsview("help diff");
	cr_expect_eq(r.status, 0);
	expect_head(r.out, "usage: icsview diff [OPTION]... OLD NEW\n");
	run_free(&r);
	r = run_icsview("--help");
	cr_expect(strstr(r.out, "\n  diff OLD NEW "), "%s", r.out);
	run_free(&r);
	r = run_icsview("dif");
	cr_expect_eq(r.status, 2);
	cr_expect(strstr(r.err, "did you mean 'diff'?"), "%s", r.err);
	run_free(&r);
}

/* ---- the diff cache ----------------------------------------------------------- */

/* The comparison kept in dir (diff-*.cache), which must be there alone;
 * caller frees. */
static char *kept_comparison(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *entry;
	char *found = NULL;

	cr_assert_not_null(d, "%s", dir);
	while ((entry = readdir(d)) != NULL) {
		if (strncmp(entry->d_name, "diff-", 5) != 0)
			continue;
		cr_assert_null(found, "two comparisons kept");
		found = xasprintf("%s/%s", dir, entry->d_name);
	}
	closedir(d);
	cr_assert_not_null(found, "no comparison kept in %s", dir);
	return found;
}

/* The diff cache's checksum: FNV-1a over 64-bit little-endian words,
 * then the bytes left one by one. */
static uint64_t checksum(const char *bytes, size_t n)
{
	const unsigned char *p = (const unsigned char *)bytes;
	uint64_t h = UINT64_C(0xcbf29ce484222325);
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		uint64_t word = 0;

		for (int b = 0; b < 8; b++)
			word |= (uint64_t)p[i + b] << (8 * b);
		h = (h ^ word) * UINT64_C(0x100000001b3);
	}
	for (; i < n; i++)
		h = (h ^ p[i]) * UINT64_C(0x100000001b3);
	return h;
}

/* Changes `from` to `to` (as long) in the kept comparison, its header's
 * checksum made to fit: a comparison that is sound but says otherwise
 * than the models, to tell whether it is read. */
static void rewrite_kept(const char *path, const char *from, const char *to)
{
	size_t size, start;
	char *bytes = slurp_bytes(path, &size), *at, *line3, *header;
	FILE *f;

	cr_assert_eq(strlen(from), strlen(to));
	at = memmem(bytes, size, from, strlen(from));
	cr_assert_not_null(at, "%s not kept", from);
	memcpy(at, to, strlen(to));
	line3 = strchr(strchr(bytes, '\n') + 1, '\n') + 1;
	start = (size_t)(strchr(line3, '\n') + 1 - bytes);
	header = xasprintf("%.*s%zu %016" PRIx64 "\n", (int)(line3 - bytes), bytes, size - start,
	                   checksum(bytes + start, size - start));
	f = fopen(path, "wb");
	cr_assert_not_null(f);
	fputs(header, f);
	fwrite(bytes + start, 1, size - start, f);
	cr_assert_eq(fclose(f), 0);
	free(header);
	free(bytes);
}

Test(cli_diff, a_second_diff_reads_the_comparison_kept_by_the_first)
{
	static const char *const commands[] = {
		"diff " OLD " " MIXED, "diff --format md " OLD " " MIXED, "diff --json " OLD " " MIXED,
		"diff --filter kind:organisation " OLD " " MIXED, "diff -f id:doc-a " OLD " " MIXED,
	};
	char *dir = scratch_dir(), *env = xasprintf("ICSVIEW_CACHE_DIR='%s/cache'", dir);
	char *cache_dir = xasprintf("%s/cache", dir), *kept;
	struct run first[sizeof(commands) / sizeof(commands[0])], r;

	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		first[i] = run_icsview_env(env, commands[i]);
		r = run_icsview_env(env, commands[i]);
		cr_expect_eq(r.status, first[i].status, "%s", commands[i]);
		cr_expect_str_eq(r.err, "");
		cr_expect_str_eq(r.out, first[i].out, "%s: not the same the second time", commands[i]);
		run_free(&r);
	}
	expect_golden("diff/mixed.txt", first[0].out);
	expect_golden("diff/mixed.md", first[1].out);
	expect_golden("diff/mixed.json", first[2].out);
	kept = kept_comparison(cache_dir);
	/* read: what it says shows, filtered or not */
	rewrite_kept(kept, "Practice Three", "Practice Thr3e");
	r = run_icsview_env(env, commands[0]);
	cr_expect(strstr(r.out, "  gp-3  Practice Thr3e  (North › Alpha ICB › Place One)\n"),
	          "the kept comparison was not read: %s", r.out);
	run_free(&r);
	r = run_icsview_env(env, commands[3]);
	cr_expect(strstr(r.out, "Practice Thr3e"), "not read under a filter: %s", r.out);
	run_free(&r);
	/* cut short: ignored, made again */
	cr_assert_eq(truncate(kept, 100), 0);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		r = run_icsview_env(env, commands[i]);
		cr_expect_str_eq(r.out, first[i].out, "%s: not the same after damage", commands[i]);
		run_free(&r);
		run_free(&first[i]);
	}
	free(kept);
	free(cache_dir);
	free(env);
	remove_tree(dir);
	free(dir);
}
