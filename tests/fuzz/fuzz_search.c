/* Fuzzes search: bytes → search_fts_query, search_tokens, search_run on a
 * small model, and search_highlights over what it found. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz_common.h"
#include "icsview/query/search.h"
#include "icsview/base/util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc; (void)argv;
	fuzz_store();
	return 0;
}

#define MAX_RANGES 32

static void highlight(const char *s, char *const *tokens, size_t count)
{
	size_t starts[MAX_RANGES], ends[MAX_RANGES];
	size_t n, len = strlen(s);

	n = search_highlights(s, tokens, count, starts, ends, MAX_RANGES);
	if (n > MAX_RANGES) {
		fprintf(stderr, "fuzz_search: %zu ranges for room for %d\n", n, MAX_RANGES);
		abort();
	}
	for (size_t i = 0; i < n; i++) {
		if (starts[i] >= ends[i] || ends[i] > len || (i > 0 && starts[i] < ends[i - 1])) {
			fprintf(stderr, "fuzz_search: bad range %zu: [%zu, %zu) in %zu bytes\n", i,
			        starts[i], ends[i], len);
			abort();
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = xstrndup((const char *)data, size);
	char *query = search_fts_query(text);
	char **tokens = NULL;
	size_t count = search_tokens(text, &tokens);
	struct search_options options = { 0 };
	struct search_results results = { 0 };

	/* A kind now and then, so that the kind clause is fuzzed too. */
	if (size && (data[0] & 3) == 1)
		options.kind = "organisation";
	else if (size && (data[0] & 3) == 2)
		options.kind = text;
	if (search_run(fuzz_store(), text, &options, &results) != 0) {
		fprintf(stderr, "fuzz_search: search_run failed for \"%s\" (query %s)\n", text,
		        query ? query : "(none)");
		abort();
	}
	highlight(text, tokens, count);
	for (size_t i = 0; i < results.count; i++) {
		highlight(results.items[i].name, results.tokens, results.token_count);
		highlight(results.items[i].path, results.tokens, results.token_count);
	}
	search_results_clear(&results);
	for (size_t i = 0; i < count; i++)
		free(tokens[i]);
	free(tokens);
	free(query);
	free(text);
	return 0;
}
