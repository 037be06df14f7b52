/* Loading is linear in every dimension of the input: the work of loading a
 * model twice as large along one dimension (facts of one entity, declared
 * relations, declared kinds, facts of one link, links of one entity, aka,
 * entities) is about twice the work, never four times.  The work is counted,
 * not timed: this program is linked with strcmp wrapped (-Wl,--wrap=strcmp),
 * and every comparison of two strings the loader and the store make in
 * their own code is counted.  A duplicate check that compares each key with
 * every key before it makes the count grow fourfold per doubling. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"
#include "icsview/base/util.h"

int __real_strcmp(const char *a, const char *b);
int __wrap_strcmp(const char *a, const char *b);

static unsigned long long comparisons;

int __wrap_strcmp(const char *a, const char *b)
{
	comparisons++;
	return __real_strcmp(a, b);
}

/* The sizes compared: small enough to load in a moment, large enough that
 * a quadratic step outweighs the fixed work of a load. */
#define SCALE_SMALL 4000
#define SCALE_LARGE (2 * SCALE_SMALL)
/* Doubling the input may at most double the work, with this much slack
 * (hash tables grow by doubling, so their probes vary a little). A
 * quadratic step gives a ratio near 4. */
#define SCALE_RATIO_MAX 2.5

enum dimension { FACTS, RELATIONS, KINDS, LINK_FACTS, LINKS, AKA, ENTITIES };

static const char entity_one[] =
	"entities:\n"
	"  - id: E1\n"
	"    kind: organisation\n"
	"    name: One\n";

static void model_text(struct strbuf *sb, enum dimension dim, int n)
{
	sb_puts(sb, "icsview: 1\n");
	switch (dim) {
	case FACTS:
		sb_puts(sb, entity_one);
		sb_puts(sb, "    facts:\n");
		for (int i = 0; i < n; i++)
			sb_printf(sb, "      f%d: v%d\n", i, i);
		break;
	case RELATIONS:
		sb_puts(sb, "relations:\n");
		for (int i = 0; i < n; i++)
			sb_printf(sb, "  r%d: {inverse: q%d}\n", i, i);
		sb_puts(sb, entity_one);
		break;
	case KINDS:
		sb_puts(sb, "kinds:\n");
		for (int i = 0; i < n; i++)
			sb_printf(sb, "  k%d: {badge: K}\n", i);
		sb_puts(sb, entity_one);
		break;
	case LINK_FACTS:
		sb_puts(sb, entity_one);
		sb_puts(sb, "  - id: E2\n"
		            "    kind: organisation\n"
		            "    name: Two\n"
		            "    links:\n"
		            "      - rel: partner_in\n"
		            "        to: E1\n");
		for (int i = 0; i < n; i++)
			sb_printf(sb, "        k%d: v%d\n", i, i);
		break;
	case LINKS:
		sb_puts(sb, entity_one);
		sb_puts(sb, "    links:\n");
		for (int i = 0; i < n; i++)
			sb_printf(sb, "      - {rel: partner_in, to: E%d}\n", i + 2);
		for (int i = 0; i < n; i++)
			sb_printf(sb, "  - {id: E%d, kind: organisation, name: N%d}\n", i + 2, i);
		break;
	case AKA:
		sb_puts(sb, entity_one);
		sb_puts(sb, "    aka:\n");
		for (int i = 0; i < n; i++)
			sb_printf(sb, "      - a%d\n", i);
		break;
	case ENTITIES:
		sb_puts(sb, "entities:\n");
		for (int i = 0; i < n; i++)
			sb_printf(sb, "  - {id: E%d, kind: organisation, name: N%d}\n", i, i);
		break;
	}
}

/* The comparisons made loading the model of n along dim, which must be
 * valid. */
static unsigned long long work_of(enum dimension dim, int n)
{
	char *dir = scratch_dir();
	struct strbuf text = STRBUF_INIT;
	char *path;
	const char *paths[1];
	struct diag_list diags;
	enum load_result rc;
	unsigned long long work;

	model_text(&text, dim, n);
	path = write_file(dir, "m.yaml", text.buf);
	paths[0] = path;
	comparisons = 0;
	rc = check_paths(paths, 1, NULL, &diags);
	work = comparisons;
	for (size_t i = 0; i < diags.count && i < 3; i++) {
		char *line = diag_format(&diags.items[i]);
		cr_log_error("%s", line);
		free(line);
	}
	cr_assert_eq(rc, LOAD_VALID, "dimension %d, size %d: not valid", dim, n);
	diag_free(&diags);
	sb_free(&text);
	free(path);
	remove_tree(dir);
	free(dir);
	return work;
}

static void expect_linear(enum dimension dim, const char *name)
{
	unsigned long long small = work_of(dim, SCALE_SMALL);
	unsigned long long large = work_of(dim, SCALE_LARGE);
	double ratio = (double)large / (double)(small ? small : 1);

	cr_log_info("%s: %llu comparisons at %d, %llu at %d (x%.2f)", name, small,
	            SCALE_SMALL, large, SCALE_LARGE, ratio);
	cr_expect(ratio <= SCALE_RATIO_MAX,
	          "%s: doubling the input multiplied the work by %.2f (%llu → %llu)",
	          name, ratio, small, large);
}

Test(scale, facts_of_one_entity) { expect_linear(FACTS, "facts of one entity"); }
Test(scale, relation_declarations) { expect_linear(RELATIONS, "relation declarations"); }
Test(scale, kind_declarations) { expect_linear(KINDS, "kind declarations"); }
Test(scale, facts_of_one_link) { expect_linear(LINK_FACTS, "facts of one link"); }
Test(scale, links_of_one_entity) { expect_linear(LINKS, "links of one entity"); }
Test(scale, aka_of_one_entity) { expect_linear(AKA, "aka of one entity"); }
Test(scale, entities) { expect_linear(ENTITIES, "entities"); }
