/* Fuzzes the filter language: bytes → filter_parse → filter_describe (whose
 * text must parse to the same filter) → filter_apply on a small model →
 * the same filter a step at a time, one entity a step (filter_start,
 * filter_finish), which must come to the same counts → filter_clear. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz_common.h"
#include "icsview/query/filter.h"
#include "icsview/base/util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc; (void)argv;
	fuzz_store();
	return 0;
}

static void check_message(const char *what, const struct filter_error *err)
{
	size_t n = strnlen(err->message, sizeof(err->message));

	if (n == 0 || n == sizeof(err->message)) {
		fprintf(stderr, "fuzz_filter: %s: message empty or not terminated\n", what);
		abort();
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)err->message[i];

		if (c < 0x20 || c == 0x7f) {
			fprintf(stderr, "fuzz_filter: %s: control byte 0x%02X in \"%s\"\n", what, c,
			        err->message);
			abort();
		}
	}
}

/* The filter one entity a step comes to what it came to at once. */
static void check_stepped(const char *text, const struct filter *f,
                          const struct filter_result *once)
{
	struct filter_pace pace = { .chunk = 1 };
	struct filter_result stepped;
	int rc;

	memset(&stepped, 0, sizeof(stepped));
	rc = filter_start(fuzz_store(), f, &pace, &stepped);
	if (rc == FILTER_OK)
		rc = filter_finish(fuzz_store(), &stepped);
	if (rc != FILTER_OK || !stepped.complete || stepped.matched != once->matched ||
	    stepped.visible != once->visible) {
		fprintf(stderr, "fuzz_filter: \"%s\": %d, a step at a time: matched %lld, visible %lld;"
		        " at once: %lld, %lld\n", text, rc, (long long)stepped.matched,
		        (long long)stepped.visible, (long long)once->matched, (long long)once->visible);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = xstrndup((const char *)data, size);
	struct filter_error err;
	struct filter *f;

	memset(&err, 0, sizeof(err));
	f = filter_parse(text, &err);
	if (!f) {
		check_message("parse error", &err);
		if (err.position > strlen(text)) {
			fprintf(stderr, "fuzz_filter: error position %zu past the end (%zu)\n",
			        err.position, strlen(text));
			abort();
		}
	} else {
		char *described = filter_describe(f);
		struct filter_error err2;
		struct filter *again = filter_parse(described, &err2);
		struct filter_result result;
		int rc;

		/* filter.h: "parsing it gives the same filter". */
		if (!again) {
			fprintf(stderr, "fuzz_filter: \"%s\" describes as \"%s\", which does not parse: "
			        "%s\n", text, described, err2.message);
			abort();
		} else {
			char *described2 = filter_describe(again);

			if (strcmp(described, described2) != 0) {
				fprintf(stderr, "fuzz_filter: \"%s\" describes as \"%s\", then as \"%s\"\n",
				        text, described, described2);
				abort();
			}
			free(described2);
			filter_free(again);
		}
		memset(&result, 0, sizeof(result));
		rc = filter_apply(fuzz_store(), f, &result);
		if (rc == FILTER_FAILED) {
			fprintf(stderr, "fuzz_filter: \"%s\": the database failed: %s\n", text,
			        result.error.message);
			abort();
		}
		if (rc == FILTER_INVALID)
			check_message("apply error", &result.error);
		else if (result.matched < 0 || result.visible < result.matched) {
			fprintf(stderr, "fuzz_filter: \"%s\": matched %lld, visible %lld\n", text,
			        (long long)result.matched, (long long)result.visible);
			abort();
		} else {
			check_stepped(text, f, &result);
		}
		if (filter_clear(fuzz_store()) != 0) {
			fprintf(stderr, "fuzz_filter: filter_clear failed\n");
			abort();
		}
		free(described);
		filter_free(f);
	}
	free(text);
	return 0;
}
