/* Small helpers shared by the benchmark programs (header only). */
#ifndef ICSVIEW_BENCHUTIL_H
#define ICSVIEW_BENCHUTIL_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

struct bench_paths {
	char **items;
	size_t count, cap;
};

static inline double bench_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static inline int bench_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Sorts v in place. */
static inline double bench_median(double *v, size_t n)
{
	if (n == 0)
		return 0;
	qsort(v, n, sizeof *v, bench_cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Nearest-rank percentile; sorts v in place. */
static inline double bench_percentile(double *v, size_t n, double p)
{
	size_t k;
	if (n == 0)
		return 0;
	qsort(v, n, sizeof *v, bench_cmp_double);
	k = (size_t)(p / 100.0 * (double)n + 0.999999);
	return v[k ? k - 1 : 0];
}

/* Peak resident set size of this process (VmHWM), in KiB. */
static inline long bench_hwm_kb(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kb = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof line, f))
		if (strncmp(line, "VmHWM:", 6) == 0)
			kb = strtol(line + 6, NULL, 10);
	fclose(f);
	return kb;
}

static inline void bench_push(struct bench_paths *p, const char *s)
{
	if (p->count == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 16;
		p->items = realloc(p->items, p->cap * sizeof *p->items);
		if (!p->items)
			abort();
	}
	p->items[p->count++] = strdup(s);
}

static inline int bench_cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A file as itself; a directory as its *.yaml / *.yml files, sorted. */
static inline void bench_collect(struct bench_paths *out, const char *path)
{
	struct stat sb;
	struct bench_paths names = { 0 };
	DIR *d;
	struct dirent *de;

	if (stat(path, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		bench_push(out, path);
		return;
	}
	d = opendir(path);
	if (!d)
		return;
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);
		if (de->d_name[0] == '.')
			continue;
		if ((len > 5 && strcmp(de->d_name + len - 5, ".yaml") == 0) ||
		    (len > 4 && strcmp(de->d_name + len - 4, ".yml") == 0))
			bench_push(&names, de->d_name);
	}
	closedir(d);
	qsort(names.items, names.count, sizeof *names.items, bench_cmp_str);
	for (size_t i = 0; i < names.count; i++) {
		size_t n = strlen(path) + strlen(names.items[i]) + 2;
		char *full = malloc(n);
		snprintf(full, n, "%s/%s", path, names.items[i]);
		bench_push(out, full);
		free(full);
		free(names.items[i]);
	}
	free(names.items);
}

static inline void bench_paths_free(struct bench_paths *p)
{
	for (size_t i = 0; i < p->count; i++)
		free(p->items[i]);
	free(p->items);
	p->items = NULL;
	p->count = p->cap = 0;
}

#endif
