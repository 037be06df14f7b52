/* Fuzzes the model loader end to end: bytes → a YAML file → model_load
 * (YAML events, checks, the store writer, the database) → and, when the
 * model is valid, the database opened again as the program would. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include "fuzz_common.h"
#include "icsview/base/diag.h"
#include "icsview/base/limits.h"
#include "icsview/loader/loader.h"
#include "icsview/store/store.h"
#include "icsview/base/util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *input_path, *db_path;
static struct load_limits limits;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc; (void)argv;
	input_path = xasprintf("%s/input.yaml", fuzz_scratch_dir());
	db_path = xasprintf("%s/model.db", fuzz_scratch_dir());
	load_limits_default(&limits);
	/* Small limits keep every run fast; they are limits like any other. */
	limits.max_file_size = (size_t)1 << 20;
	limits.max_alias_nodes = 10000;
	limits.max_alias_bytes = (size_t)4 << 20;
	limits.max_anchor_bytes = (size_t)1 << 20;
	limits.max_scalar = (size_t)64 << 10;
	limits.max_entities = 10000;
	limits.max_errors = 50;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *paths[] = { input_path };
	struct diag_list diags;
	struct load_summary summary;
	enum load_result rc;
	FILE *f = fopen(input_path, "wb");

	if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0) {
		perror("fuzz_loader: writing the input");
		abort();
	}
	remove(db_path);
	diag_init(&diags, limits.max_errors);
	rc = model_load(paths, 1, db_path, &limits, &diags, &summary);
	if (rc == LOAD_FAILED) {
		/* The database could not be written: on a scratch directory of our
		 * own that is a bug, not a bad model. */
		fprintf(stderr, "fuzz_loader: LOAD_FAILED:\n");
		diag_print(&diags, stderr);
		abort();
	}
	diag_sort(&diags);
	for (size_t i = 0; i < diags.count; i++)
		free(diag_format(&diags.items[i]));
	if (rc == LOAD_VALID) {
		char *error = NULL;
		struct store *st = store_open(db_path, &error);

		if (!st) {
			fprintf(stderr, "fuzz_loader: a valid model's database does not open: %s\n",
			        error ? error : "?");
			abort();
		}
		store_close(st);
	} else if (diag_total(&diags) == 0) {
		fprintf(stderr, "fuzz_loader: an invalid model with no diagnostic\n");
		abort();
	}
	diag_free(&diags);
	return 0;
}
