/* The local authorities (local-authorities.yaml): districts, unitaries,
 * boroughs and counties under their NHS England region, with `serves`
 * links to the ICBs and sub-ICB locations they overlap. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "icsview/base/util.h"
#include "import_build.h"
#include "import_names.h"

static const struct { const char *prefix, *tier; } tiers[] = {
	{ "E06", "unitary authority" },
	{ "E07", "district council" },
	{ "E08", "metropolitan borough" },
	{ "E09", "London borough" },
	{ "E10", "county council" },
};
static const struct { const char *code, *tier; } sui_generis[] = {
	{ "E09000001", "sui generis (City of London Corporation)" },
	{ "E06000053", "sui generis (Council of the Isles of Scilly)" },
};

static const char *tier_of(const char *code)
{
	for (size_t i = 0; i < sizeof(sui_generis) / sizeof(sui_generis[0]); i++)
		if (strcmp(code, sui_generis[i].code) == 0)
			return sui_generis[i].tier;
	for (size_t i = 0; i < sizeof(tiers) / sizeof(tiers[0]); i++)
		if (strncmp(code, tiers[i].prefix, 3) == 0)
			return tiers[i].tier;
	return NULL;
}

/* Councils' formal names, which people search for ("Sheffield City
 * Council"), where they are not the generic ones (council_akas): each
 * checked against the council's own name for itself. */
static const struct { const char *code, *formal; } formal_names[] = {
	{ "E06000010", "Hull City Council" },
	{ "E06000014", "City of York Council" },
	{ "E06000015", "Derby City Council" },
	{ "E06000016", "Leicester City Council" },
	{ "E06000018", "Nottingham City Council" },
	{ "E06000019", "Herefordshire Council" },
	{ "E06000021", "Stoke-on-Trent City Council" },
	{ "E06000023", "Bristol City Council" },
	{ "E06000026", "Plymouth City Council" },
	{ "E06000031", "Peterborough City Council" },
	{ "E06000033", "Southend-on-Sea City Council" },
	{ "E06000040", "Royal Borough of Windsor and Maidenhead" },
	{ "E06000042", "Milton Keynes City Council" },
	{ "E06000043", "Brighton and Hove City Council" },
	{ "E06000044", "Portsmouth City Council" },
	{ "E06000045", "Southampton City Council" },
	{ "E06000047", "Durham County Council" },
	{ "E06000053", "Council of the Isles of Scilly" },
	{ "E06000057", "Northumberland County Council" },
	{ "E08000003", "Manchester City Council" },
	{ "E08000006", "Salford City Council" },
	{ "E08000012", "Liverpool City Council" },
	{ "E08000013", "St Helens Borough Council" },
	{ "E08000016", "Barnsley Metropolitan Borough Council" },
	{ "E08000017", "City of Doncaster Council" },
	{ "E08000018", "Rotherham Metropolitan Borough Council" },
	{ "E08000019", "Sheffield City Council" },
	{ "E08000021", "Newcastle City Council" },
	{ "E08000024", "Sunderland City Council" },
	{ "E08000025", "Birmingham City Council" },
	{ "E08000026", "Coventry City Council" },
	{ "E08000031", "City of Wolverhampton Council" },
	{ "E08000032", "City of Bradford Metropolitan District Council" },
	{ "E08000035", "Leeds City Council" },
	{ "E09000001", "City of London Corporation" },
	{ "E09000011", "Royal Borough of Greenwich" },
	{ "E09000020", "Royal Borough of Kensington and Chelsea" },
	{ "E09000021", "Royal Borough of Kingston upon Thames" },
	{ "E09000033", "Westminster City Council" },
};

static const char *formal_name(const char *code)
{
	for (size_t i = 0; i < sizeof(formal_names) / sizeof(formal_names[0]); i++)
		if (strcmp(formal_names[i].code, code) == 0)
			return formal_names[i].formal;
	return NULL;
}

/* The names a council is also known by: its formal name, else the generic
 * one of its tier (counties' "X County Council", London boroughs' "London
 * Borough of X"); "X Council", as people say it; and the ONS form. */
static void council_akas(struct ientity *e, const char *code, const char *ons_name)
{
	const char *formal = formal_name(code);
	char *name;

	if (formal) {
		entity_aka(e, formal);
	} else if (strncmp(code, "E10", 3) == 0) {
		name = xasprintf("%s County Council", e->name);
		entity_aka(e, name);
		free(name);
	} else if (strncmp(code, "E09", 3) == 0) {
		name = xasprintf("London Borough of %s", e->name);
		entity_aka(e, name);
		free(name);
	}
	name = xasprintf("%s Council", e->name);
	entity_aka(e, name);
	free(name);
	entity_aka(e, ons_name);
}

/* The area of a (district, area) pair key, if its district is `lad`. */
static const char *area_of(const char *key, const char *lad)
{
	const char *sep = strchr(key, '\x1f');
	size_t n = (size_t)(sep - key);
	return n == strlen(lad) && strncmp(key, lad, n) == 0 ? sep + 1 : NULL;
}

static const struct counter *sort_counts;

/* Most LSOAs first, then code. */
static int by_count(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	long long x = sort_counts->counts[i], y = sort_counts->counts[j];

	if (x != y)
		return x > y ? -1 : 1;
	return strcmp(sort_counts->keys[i], sort_counts->keys[j]);
}

static size_t *ranked(const struct counter *c)
{
	size_t *order = xcalloc(c->count ? c->count : 1, sizeof(*order));

	for (size_t i = 0; i < c->count; i++)
		order[i] = i;
	sort_counts = c;
	qsort(order, c->count, sizeof(*order), by_count);
	return order;
}

static void serves(struct ientity *e, const char *to, long long n, long long total)
{
	struct ilink *l = entity_link(e, "serves", to);
	if (n < total)
		link_real(l, "share", (double)n / (double)total);
}

static void serves_links(const struct england *en, struct ientity *e, const struct counter *n_sic,
                         long long total)
{
	struct counter n_icb = { 0 };

	for (size_t i = 0; i < n_sic->count; i++)
		counter_add(&n_icb, en->icbs[en->sicbls[england_sicbl(en, n_sic->keys[i])].icb].code,
		            n_sic->counts[i]);
	for (size_t r = 0; r < en->icb_count; r++) {
		size_t icb = SIZE_MAX;
		for (size_t i = 0; i < en->icb_count; i++)
			if (england_icb_order(en, i) == r)
				icb = i;
		const char *y = en->icbs[icb].code;
		if (!counter_get(&n_icb, y) && !strmap_find(&n_icb.index, y))
			continue;
		serves(e, y, counter_get(&n_icb, y), total);
		for (size_t k = 0; k < en->sicbl_count; k++) {
			size_t s = SIZE_MAX;
			for (size_t i = 0; i < en->sicbl_count; i++)
				if (england_sicbl_order(en, i) == k)
					s = i;
			if (en->sicbls[s].icb != icb || !strmap_find(&n_sic->index, en->sicbls[s].code))
				continue;
			serves(e, en->sicbls[s].code, counter_get(n_sic, en->sicbls[s].code), total);
		}
	}
	counter_free(&n_icb);
}

/* One authority made of districts `lads`: its region is the one with
 * most of its LSOAs (*region, caller frees). */
static struct ientity *authority(const struct england *en, const char *code, const char *name,
                                char **lads, size_t lad_count, char **region)
{
	struct counter n_sic = { 0 }, n_reg = { 0 };
	long long total = 0;
	char *plain = plain_ons_place(name);
	struct ientity *e = entity_new(code, "organisation", plain, "local authority");

	free(plain);
	council_akas(e, code, name);

	for (size_t d = 0; d < lad_count; d++) {
		for (size_t i = 0; i < en->n_lad_sic.count; i++) {
			const char *s = area_of(en->n_lad_sic.keys[i], lads[d]);
			if (s)
				counter_add(&n_sic, s, en->n_lad_sic.counts[i]);
		}
		for (size_t i = 0; i < en->n_lad_reg.count; i++) {
			const char *g = area_of(en->n_lad_reg.keys[i], lads[d]);
			if (g)
				counter_add(&n_reg, g, en->n_lad_reg.counts[i]);
		}
	}
	for (size_t i = 0; i < n_sic.count; i++)
		total += n_sic.counts[i];
	size_t *order = ranked(&n_reg);
	*region = xstrdup(n_reg.count ? n_reg.keys[order[0]] : "");
	entity_fact_text(e, "tier", tier_of(code));
	entity_fact_int(e, "lsoa21", total);
	if (n_reg.count > 1) {
		struct strbuf sb = STRBUF_INIT;
		for (size_t i = 0; i < n_reg.count; i++)
			sb_printf(&sb, "%s%s (%lld LSOAs)", i ? ", " : "", n_reg.keys[order[i]],
			          n_reg.counts[order[i]]);
		entity_fact_text(e, "nhs_england_regions", sb_str(&sb));
		sb_free(&sb);
	}
	free(order);
	if (lad_count != 1 || strcmp(lads[0], code) != 0)
		entity_fact_int(e, "districts", (long long)lad_count);
	serves_links(en, e, &n_sic, total);
	if (strncmp(code, "E07", 3) == 0) {
		struct ilink *l = entity_link(e, "part_of", textmap_get(&en->utla, code));
		link_source(l, "ons-ltla-utla-2023");
	}
	char *group = xasprintf("%s-councils", *region);
	entity_set_parent(e, group);
	free(group);
	counter_free(&n_sic);
	counter_free(&n_reg);
	return e;
}

static int by_region_then_name(const void *a, const void *b)
{
	const struct ientity *x = *(struct ientity *const *)a, *y = *(struct ientity *const *)b;
	int c = strcmp(x->parent, y->parent);
	return c ? c : entity_compare(a, b);
}

static int by_text(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int build_local_authorities(struct england *en, struct entity_list *out, char **error)
{
	struct entity_list all = { 0 };
	struct textmap counties = { 0 };
	char *region;

	for (size_t i = 0; i < en->lad.count; i++) {
		const char *lad = en->lad.keys[i], *county = textmap_get(&en->utla, lad);
		if (!tier_of(lad)) {
			*error = xasprintf("import: district %s is of no tier the model knows", lad);
			goto fail;
		}
		if (strcmp(county, lad) == 0)
			continue;
		if (strncmp(county, "E10", 3) != 0 || strncmp(lad, "E07", 3) != 0) {
			*error = xasprintf("import: district %s lies in %s, which is no county", lad,
			                   county);
			goto fail;
		}
		const char *had = textmap_get(&counties, county);
		char *now = had ? xasprintf("%s;%s", had, lad) : xstrdup(lad);
		textmap_set(&counties, county, now);
		free(now);
	}
	for (size_t i = 0; i < en->lad.count; i++) {
		char *lad = en->lad.keys[i];
		entity_list_add(&all, authority(en, lad, en->lad.values[i], &lad, 1, &region));
		free(region);
	}
	for (size_t i = 0; i < counties.count; i++) {
		char *list = xstrdup(counties.values[i]), *save = NULL, **lads = NULL;
		size_t n = 0, cap = 0;
		for (char *p = strtok_r(list, ";", &save); p; p = strtok_r(NULL, ";", &save)) {
			GROW(lads, cap, n + 1);
			lads[n++] = xstrdup(p);
		}
		free(list);
		qsort(lads, n, sizeof(*lads), by_text);
		entity_list_add(&all, authority(en, counties.keys[i],
		                                textmap_get(&en->utla_name, counties.keys[i]), lads, n,
		                                &region));
		free(region);
		free_strings(lads, n);
	}
	qsort(all.items, all.count, sizeof(*all.items), by_region_then_name);
	for (size_t i = 0; i < all.count; i++)
		entity_list_add(out, all.items[i]);
	free(all.items);
	textmap_free(&counties);
	return 0;
fail:
	textmap_free(&counties);
	entity_list_free(&all);
	return -1;
}
