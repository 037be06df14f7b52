/* The benchmark harness: links the core library and measures what the
 * interface and the command line do, each phase in a child process of its
 * own so that each has its own peak RSS.  bench/run drives it; every figure
 * is printed as one machine-readable line
 *
 *   BENCH name=NAME value=VALUE unit=UNIT [key=value]...
 *
 * Subcommands:
 *   icsbench cold --runs N --yamlscan PATH --tmp DIR MODEL...
 *       the floor (a bare libyaml scan, the yamlscan program) and
 *       model_load into a fresh database, alternately, N times each; also
 *       icsview's own YAML reader with a handler that does nothing, and one
 *       instrumented load that splits reading into libyaml+validation and
 *       SQLite inserts.  Phases come from link-time wrappers (--wrap) around
 *       the loader's internal calls, so the product code is untouched.
 *   icsbench warm --runs N --icsview BIN --cache DIR --show ID MODEL...
 *       spawns the real binary with a warm cache: `tree --depth 1` and
 *       `show ID`, wall time from fork to exit; and the same start in
 *       process (model_cache_open, outline_open, detail_build).
 *   icsbench keys --runs N --cache DIR MODEL...
 *       keystroke latencies through the query layer, as the interface
 *       calls it, with the model opened through the (warm) cache; each
 *       key that moves or opens the tree includes reading the screen of
 *       rows it shows (the outline reads rows as they are drawn).
 *   icsbench diff --runs N --icsview BIN --tmp DIR OLD NEW
 *       the real binary's `diff OLD NEW`, cold (beside the two cold loads
 *       it makes) and warm, without and with the comparison kept (beside
 *       the warm start of one model), diff.c.
 *   icsbench review --runs N --cache DIR --tmp DIR MODEL...
 *       `review import` of a JSON export of 10,000 notes into a fresh notes
 *       file, then of the same file again (nothing to change).
 *   icsbench diagram --runs N --icsview BIN --cache DIR MODEL...
 *       the governance diagram of the system with the most bodies under
 *       it: the interface's D in process, and `icsview diagram ID` from
 *       fork to exit with a warm cache, diagram.c.
 *
 * The files, by job: this one (the subcommands), harness.c (BENCH lines,
 * samples, children), phases.c (the link-time wrappers), cold.c, warm.c,
 * keys.c (opening and moving through the tree), keys_search.c,
 * keys_filter.c, diff.c, review_import.c and diagram.c; icsbench.h is what they share. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "icsbench.h"

static void usage(void)
{
	fprintf(stderr,
	        "usage: icsbench cold --runs N --yamlscan PATH --tmp DIR MODEL...\n"
	        "       icsbench warm --runs N --icsview BIN --cache DIR --show ID MODEL...\n"
	        "       icsbench keys --runs N --cache DIR MODEL...\n"
	        "       icsbench diff --runs N --icsview BIN --tmp DIR OLD NEW\n"
	        "       icsbench review --runs N --cache DIR --tmp DIR MODEL...\n"
	        "       icsbench diagram --runs N --icsview BIN --cache DIR MODEL...\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *yamlscan = NULL, *tmp = "/tmp", *icsview = NULL, *cache = NULL, *show = NULL;
	int runs = 3, i = 2;

	if (argc < 3)
		usage();
	for (; i + 1 < argc && strncmp(argv[i], "--", 2) == 0; i += 2) {
		if (strcmp(argv[i], "--runs") == 0)
			runs = atoi(argv[i + 1]);
		else if (strcmp(argv[i], "--yamlscan") == 0)
			yamlscan = argv[i + 1];
		else if (strcmp(argv[i], "--tmp") == 0)
			tmp = argv[i + 1];
		else if (strcmp(argv[i], "--icsview") == 0)
			icsview = argv[i + 1];
		else if (strcmp(argv[i], "--cache") == 0)
			cache = argv[i + 1];
		else if (strcmp(argv[i], "--show") == 0)
			show = argv[i + 1];
		else
			usage();
	}
	if (runs < 1 || runs > MAX_RUNS || i >= argc)
		usage();
	if (strcmp(argv[1], "cold") == 0 && yamlscan)
		return cmd_cold(runs, yamlscan, tmp, argv + i, (size_t)(argc - i));
	if (strcmp(argv[1], "warm") == 0 && icsview && cache && show)
		return cmd_warm(runs, icsview, cache, show, argv + i, (size_t)(argc - i));
	if (strcmp(argv[1], "diff") == 0 && icsview)
		return cmd_diff(runs, icsview, tmp, argv + i, (size_t)(argc - i));
	if (strcmp(argv[1], "keys") == 0 && cache)
		return cmd_keys(runs, cache, argv + i, (size_t)(argc - i));
	if (strcmp(argv[1], "diagram") == 0 && icsview && cache)
		return cmd_diagram(runs, icsview, cache, argv + i, (size_t)(argc - i));
	if (strcmp(argv[1], "review") == 0 && cache)
		return cmd_review(runs, cache, tmp, argv + i, (size_t)(argc - i));
	usage();
	return 2;
}
