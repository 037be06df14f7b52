/* icsbench diff: `icsview diff OLD NEW`, the real binary, from fork to
 * exit, its output written to a file.  Cold: with an empty cache (it
 * builds both cached databases and keeps their comparison), beside the two
 * cold loads it makes (`tree --depth=1` of each model with an empty
 * cache), run by run.  Warm, run by run side by side: the first diff with
 * both databases cached but no comparison kept (the diff cache's files
 * removed), the second (the comparison the first kept), which must print
 * the same, the warm start of one model (`tree --depth=1`), and the time
 * to write the same output again (`cat` of the output to a file), which
 * the target allows on top. */
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "benchutil.h"
#include "icsbench.h"

/* A fresh directory under tmp for the cache of one step of one run. */
static char *fresh_cache(const char *tmp, const char *step, int run)
{
	size_t size = strlen(tmp) + strlen(step) + 32;
	char *dir = malloc(size);

	if (!dir)
		return NULL;
	snprintf(dir, size, "%s/diff-cache-%s-%d", tmp, step, run);
	if (mkdir(dir, 0700) != 0) {
		perror(dir);
		free(dir);
		return NULL;
	}
	return dir;
}

/* Runs argv with ICSVIEW_CACHE_DIR=cache, stdout to out (NULL: nowhere);
 * the wall time, or -1 when its exit status is not one of `ok`'s. */
static double timed(char *const argv[], const char *cache, const char *out, int ok_a, int ok_b)
{
	int status;
	double t;

	setenv("ICSVIEW_CACHE_DIR", cache, 1);
	t = spawn_timed(argv, out, &status);
	if (!WIFEXITED(status) || (WEXITSTATUS(status) != ok_a && WEXITSTATUS(status) != ok_b)) {
		fprintf(stderr, "icsbench: %s %s failed (status %d)\n", argv[0], argv[1], status);
		return -1;
	}
	return t;
}

/* Whether two files hold the same bytes. */
static bool same_file_contents(const char *a, const char *b)
{
	FILE *x = fopen(a, "rb"), *y = fopen(b, "rb");
	bool same = x && y;
	int c, d;

	while (same) {
		c = getc(x);
		d = getc(y);
		same = c == d;
		if (c == EOF)
			break;
	}
	if (x)
		fclose(x);
	if (y)
		fclose(y);
	return same;
}

static size_t count_lines(const char *path)
{
	FILE *f = fopen(path, "r");
	size_t n = 0;
	int c;

	if (!f)
		return 0;
	while ((c = getc(f)) != EOF)
		n += c == '\n';
	fclose(f);
	return n;
}

/* The cold runs: each an empty cache for each load and for the diff. */
static int cold(int runs, const char *icsview, const char *tmp, char *old_model,
                char *new_model, const char *out)
{
	double diff_t[MAX_RUNS], loads_t[MAX_RUNS], ratio[MAX_RUNS];
	char *tree_old[] = { (char *)icsview, "tree", "--depth=1", "-m", old_model, NULL };
	char *tree_new[] = { (char *)icsview, "tree", "--depth=1", "-m", new_model, NULL };
	char *diff[] = { (char *)icsview, "diff", old_model, new_model, NULL };
	char extra[64];

	for (int r = 0; r < runs; r++) {
		char *c1 = fresh_cache(tmp, "old", r), *c2 = fresh_cache(tmp, "new", r);
		char *c3 = fresh_cache(tmp, "diff", r);
		double t_old = c1 ? timed(tree_old, c1, NULL, 0, 0) : -1;
		double t_new = c2 ? timed(tree_new, c2, NULL, 0, 0) : -1;
		double t_diff = c3 ? timed(diff, c3, out, 0, 1) : -1;

		free(c1);
		free(c2);
		free(c3);
		if (t_old < 0 || t_new < 0 || t_diff < 0)
			return -1;
		diff_t[r] = t_diff;
		loads_t[r] = t_old + t_new;
		ratio[r] = t_diff / loads_t[r];
	}
	snprintf(extra, sizeof extra, "runs=%d", runs);
	bench_line("diff_cold", bench_median(diff_t, (size_t)runs), "s", extra);
	bench_line("diff_cold_two_loads", bench_median(loads_t, (size_t)runs), "s", extra);
	snprintf(extra, sizeof extra, "runs=%d target=1.2", runs);
	bench_line("diff_cold_over_two_loads", bench_median(ratio, (size_t)runs), "x", extra);
	return 0;
}

/* Removes the diff cache's comparisons (diff-*.cache) from the cache
 * directory, the model databases left: the first warm diff. */
static int forget_comparisons(const char *cache)
{
	DIR *d = opendir(cache);
	struct dirent *entry;
	char path[4096];
	int rc = 0;

	if (!d) {
		perror(cache);
		return -1;
	}
	while ((entry = readdir(d)) != NULL) {
		if (strncmp(entry->d_name, "diff-", 5) != 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", cache, entry->d_name);
		if (unlink(path) != 0) {
			perror(path);
			rc = -1;
		}
	}
	closedir(d);
	return rc;
}

/* The warm runs, on the caches the last cold diff built, each run side by
 * side: the first diff with both databases cached but no comparison kept,
 * then the same diff again (the comparison the first kept), the warm
 * start of one model and the printing. */
static int warm(int runs, const char *icsview, const char *tmp, char *old_model,
                char *new_model, const char *out)
{
	double first_t[MAX_RUNS], second_t[MAX_RUNS], start_t[MAX_RUNS], print_t[MAX_RUNS];
	double first_ratio[MAX_RUNS], second_ratio[MAX_RUNS];
	char cache[4096], printed[4096], second_out[4096], extra[96];
	char *tree[] = { (char *)icsview, "tree", "--depth=1", "-m", old_model, NULL };
	char *diff[] = { (char *)icsview, "diff", old_model, new_model, NULL };
	char *cat[] = { "/bin/cat", (char *)out, NULL };

	snprintf(cache, sizeof cache, "%s/diff-cache-diff-0", tmp);
	snprintf(printed, sizeof printed, "%s/diff-printed.txt", tmp);
	snprintf(second_out, sizeof second_out, "%s/diff-output-second.txt", tmp);
	for (int r = 0; r < runs; r++) {
		double t_first = forget_comparisons(cache) == 0 ? timed(diff, cache, out, 0, 1) : -1;
		double t_second = timed(diff, cache, second_out, 0, 1);
		double t_start = timed(tree, cache, NULL, 0, 0);
		double t_print = timed(cat, cache, printed, 0, 0);

		if (t_first < 0 || t_second < 0 || t_start < 0 || t_print < 0)
			return -1;
		if (!same_file_contents(out, second_out)) {
			fprintf(stderr, "icsbench: the second diff printed otherwise than the first\n");
			return -1;
		}
		first_t[r] = t_first * 1000;
		second_t[r] = t_second * 1000;
		start_t[r] = t_start * 1000;
		print_t[r] = t_print * 1000;
		/* the target: 3 warm starts plus the printing */
		first_ratio[r] = (t_first - t_print) / t_start;
		second_ratio[r] = (t_second - t_print) / t_start;
	}
	snprintf(extra, sizeof extra, "runs=%d lines=%zu", runs, count_lines(out));
	bench_line("diff_warm", bench_median(first_t, (size_t)runs), "ms", extra);
	bench_line("diff_warm_cached", bench_median(second_t, (size_t)runs), "ms", extra);
	snprintf(extra, sizeof extra, "runs=%d", runs);
	bench_line("diff_warm_start", bench_median(start_t, (size_t)runs), "ms", extra);
	bench_line("diff_warm_printing", bench_median(print_t, (size_t)runs), "ms", extra);
	bench_line("diff_warm_over_start", bench_median(first_ratio, (size_t)runs), "x", extra);
	snprintf(extra, sizeof extra, "runs=%d target=3", runs);
	bench_line("diff_warm_cached_over_start", bench_median(second_ratio, (size_t)runs), "x",
	           extra);
	return 0;
}

int cmd_diff(int runs, const char *icsview, const char *tmp, char **paths, size_t count)
{
	char out[4096];
	int cold_runs = runs < 3 ? runs : 3;   /* each builds three databases */
	int warm_runs = runs * 5 > 15 ? runs * 5 : 15;

	if (count != 2) {
		fprintf(stderr, "icsbench: diff compares two models: OLD NEW\n");
		return 2;
	}
	snprintf(out, sizeof out, "%s/diff-output.txt", tmp);
	if (cold(cold_runs, icsview, tmp, paths[0], paths[1], out) != 0)
		return 1;
	if (warm(warm_runs > MAX_RUNS ? MAX_RUNS : warm_runs, icsview, tmp, paths[0], paths[1], out) != 0)
		return 1;
	return 0;
}
