/* The floor of the benchmark: a bare libyaml event scan of a model's files.
 * Every event is parsed and deleted, nothing else: no validation, no
 * strings kept, no database.  Directories stand for the *.yaml and *.yml
 * files directly inside them, in byte order of their names (the generator
 * writes no subdirectories).
 *
 *   yamlscan [--runs N] PATH...
 *
 * prints one line: the median wall time of N scans (default 1) and the peak
 * resident set size of the process:
 *   yamlscan seconds=0.123456 events=N bytes=N files=N hwm_kb=N runs=N */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <yaml.h>

#include "benchutil.h"

static int scan_file(const char *path, unsigned long long *events)
{
	FILE *f = fopen(path, "rb");
	yaml_parser_t parser;
	yaml_event_t event;
	int done = 0, rc = 0;

	if (!f) {
		perror(path);
		return -1;
	}
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_file(&parser, f);
	while (!done) {
		if (!yaml_parser_parse(&parser, &event)) {
			fprintf(stderr, "%s:%zu:%zu: %s\n", path, parser.problem_mark.line + 1,
			        parser.problem_mark.column + 1, parser.problem ? parser.problem : "error");
			rc = -1;
			break;
		}
		done = event.type == YAML_STREAM_END_EVENT;
		(*events)++;
		yaml_event_delete(&event);
	}
	yaml_parser_delete(&parser);
	fclose(f);
	return rc;
}

int main(int argc, char **argv)
{
	struct bench_paths files = { 0 };
	unsigned long long events = 0, bytes = 0;
	double *times;
	int runs = 1, first = 1;

	if (argc > 2 && strcmp(argv[1], "--runs") == 0) {
		runs = atoi(argv[2]);
		first = 3;
	}
	if (first >= argc || runs < 1) {
		fprintf(stderr, "usage: yamlscan [--runs N] PATH...\n");
		return 2;
	}
	for (int i = first; i < argc; i++)
		bench_collect(&files, argv[i]);
	if (files.count == 0) {
		fprintf(stderr, "yamlscan: no model files\n");
		return 2;
	}
	times = calloc((size_t)runs, sizeof *times);
	for (size_t i = 0; i < files.count; i++) {
		struct stat sb;
		if (stat(files.items[i], &sb) == 0)
			bytes += (unsigned long long)sb.st_size;
	}
	for (int r = 0; r < runs; r++) {
		double t0 = bench_now();
		events = 0;
		for (size_t i = 0; i < files.count; i++)
			if (scan_file(files.items[i], &events) != 0)
				return 1;
		times[r] = bench_now() - t0;
	}
	printf("yamlscan seconds=%.6f events=%llu bytes=%llu files=%zu hwm_kb=%ld runs=%d\n",
	       bench_median(times, (size_t)runs), events, bytes, files.count, bench_hwm_kb(), runs);
	free(times);
	bench_paths_free(&files);
	return 0;
}
