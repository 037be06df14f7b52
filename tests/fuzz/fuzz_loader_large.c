/* Fuzzes the loader with large structured models, which the byte-level
 * target (inputs of at most 64 KiB) cannot reach: the input is a recipe,
 * not the file.  Its first bytes choose a shape (many facts on one entity,
 * many anchors, wide aliases, many links, declarations, facts on one link,
 * deep children, many entities), a count (up to 262,140) and a width; the
 * rest is written into the model verbatim, at the place the shape puts it
 * (a key, a value, or after the structure), so the fuzzer also breaks the
 * large files in every way it finds.  libFuzzer's -timeout catches a load
 * that grows faster than its input, and -rss_limit_mb one whose memory
 * does. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz_common.h"
#include "icsview/base/diag.h"
#include "icsview/base/limits.h"
#include "icsview/base/util.h"
#include "icsview/loader/loader.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The bytes a recipe starts with: shape, count (two bytes), width. */
#define RECIPE_HEADER 4
/* The count is the two bytes times this: up to 262,140 items. */
#define COUNT_SCALE 4

enum shape {
	SHAPE_FACTS, SHAPE_ANCHORS, SHAPE_WIDE_ALIASES, SHAPE_LINKS, SHAPE_RELATIONS,
	SHAPE_KINDS, SHAPE_LINK_FACTS, SHAPE_DEEP_CHILDREN, SHAPE_ENTITIES, SHAPE_COUNT
};

static char *input_path;
static struct load_limits limits;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc; (void)argv;
	input_path = xasprintf("%s/input.yaml", fuzz_scratch_dir());
	load_limits_default(&limits);
	/* The defaults but for the bytes: a run stays within seconds. */
	limits.max_file_size = (size_t)16 << 20;
	limits.max_alias_bytes = (size_t)16 << 20;
	limits.max_anchor_bytes = (size_t)4 << 20;
	limits.max_errors = 50;
	return 0;
}

struct recipe {
	enum shape shape;
	size_t count, width;
	const char *text;      /* the fuzzer's own bytes, written verbatim */
	size_t text_len;
};

static void put_text(FILE *f, const struct recipe *r)
{
	fwrite(r->text, 1, r->text_len, f);
}

static void entity(FILE *f, const char *id)
{
	fprintf(f, "  - id: %s\n    kind: organisation\n    name: N\n", id);
}

static void write_model(FILE *f, const struct recipe *r)
{
	fputs("icsview: 1\n", f);
	switch (r->shape) {
	case SHAPE_FACTS:
		fputs("entities:\n", f);
		entity(f, "E1");
		fputs("    facts:\n", f);
		for (size_t i = 0; i < r->count; i++)
			fprintf(f, "      f%zu: v\n", i % (r->width + 1 + r->count / 2));
		fputs("      last: ", f);
		put_text(f, r);
		break;
	case SHAPE_ANCHORS:
		fputs("x-a:\n", f);
		for (size_t i = 0; i < r->count; i++)
			fprintf(f, "  - &a%zu x\n", i % (r->width * 256 + 1));
		fputs("x-b: [*a0, ", f);
		put_text(f, r);
		fputs("]\n", f);
		break;
	case SHAPE_WIDE_ALIASES:
		fputs("x-a: &a \"", f);
		for (size_t i = 0; i < r->width * 4096; i++)
			fputc('x', f);
		fputs("\"\nx-b: &b [", f);
		for (size_t i = 0; i < r->count % 4096; i++)
			fputs(i ? ", *a" : "*a", f);
		fputs("]\nx-c: [*b, *b, ", f);
		put_text(f, r);
		fputs("]\n", f);
		break;
	case SHAPE_LINKS:
		fputs("entities:\n", f);
		entity(f, "E0");
		fputs("    links:\n", f);
		for (size_t i = 0; i < r->count; i++)
			fprintf(f, "      - {rel: partner_in, to: E%zu}\n", 1 + i % (r->width + 1));
		for (size_t i = 0; i <= r->width; i++)
			fprintf(f, "  - {id: E%zu, kind: organisation, name: N}\n", i + 1);
		put_text(f, r);
		break;
	case SHAPE_RELATIONS:
	case SHAPE_KINDS:
		fputs(r->shape == SHAPE_KINDS ? "kinds:\n" : "relations:\n", f);
		for (size_t i = 0; i < r->count; i++)
			fprintf(f, r->shape == SHAPE_KINDS ? "  k%zu: {badge: K}\n" :
			        "  r%zu: {inverse: q%zu}\n", i, i);
		fputs("  ", f);
		put_text(f, r);
		fputs(": {}\nentities:\n", f);
		entity(f, "E1");
		break;
	case SHAPE_LINK_FACTS:
		fputs("entities:\n", f);
		entity(f, "E1");
		entity(f, "E2");
		fputs("    links:\n      - rel: partner_in\n        to: E1\n", f);
		for (size_t i = 0; i < r->count; i++)
			fprintf(f, "        k%zu: v\n", i);
		fputs("        last: ", f);
		put_text(f, r);
		break;
	case SHAPE_DEEP_CHILDREN:
		fputs("entities:\n", f);
		for (size_t i = 0, depth = r->count % 128; i < depth; i++)
			fprintf(f, "%*s- {id: D%zu, kind: place, name: N, children: [\n", (int)i, "", i);
		put_text(f, r);
		for (size_t i = 0, depth = r->count % 128; i < depth; i++)
			fputs("]}", f);
		fputs("\n", f);
		break;
	case SHAPE_ENTITIES:
	case SHAPE_COUNT:
		fputs("entities:\n", f);
		for (size_t i = 0; i < r->count; i++)
			fprintf(f, "  - {id: E%zu, kind: organisation, name: N%zu}\n", i, i);
		put_text(f, r);
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *paths[] = { input_path };
	struct recipe r;
	struct diag_list diags;
	enum load_result rc;
	FILE *f;

	if (size < RECIPE_HEADER)
		return 0;
	r.shape = (enum shape)(data[0] % SHAPE_COUNT);
	r.count = ((size_t)data[1] << 8 | data[2]) * COUNT_SCALE;
	r.width = data[3];
	r.text = (const char *)data + RECIPE_HEADER;
	r.text_len = size - RECIPE_HEADER;
	f = fopen(input_path, "wb");
	if (!f) {
		perror("fuzz_loader_large: writing the input");
		abort();
	}
	write_model(f, &r);
	if (fclose(f) != 0) {
		perror("fuzz_loader_large: writing the input");
		abort();
	}
	diag_init(&diags, limits.max_errors);
	rc = model_load(paths, 1, NULL, &limits, &diags, NULL);
	if (rc == LOAD_FAILED) {
		fprintf(stderr, "fuzz_loader_large: LOAD_FAILED:\n");
		diag_print(&diags, stderr);
		abort();
	}
	if (rc == LOAD_INVALID && diag_total(&diags) == 0) {
		fprintf(stderr, "fuzz_loader_large: an invalid model with no diagnostic\n");
		abort();
	}
	for (size_t i = 0; i < diags.count; i++)
		free(diag_format(&diags.items[i]));
	diag_free(&diags);
	return 0;
}
