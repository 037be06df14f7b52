/* The NHS trusts (trusts.yaml): each under the ICB of its headquarters,
 * with `serves` links from the OHID catchment shares. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "icsview/base/util.h"
#include "import_build.h"
#include "import_names.h"

/* A trust serves another (non-headquarters) ICB when at least this share
 * of its patients come from that ICB. */
#define SERVES_THRESHOLD 0.05
/* Trusts open, or closed on or after this day, are in the model. */
static const char trusts_since[] = "20260101";
static const char ohid[] = "ohid-trust-catchment-2022";

/* Care trusts (ODS 'ect') that the etr file does not list: code, name,
 * headquarters ICB. */
static const char *const care_trusts[][3] = {
	{ "TAD", "Bradford District Care NHS Foundation Trust", "QWO" },
	{ "TAH", "Sheffield Health and Social Care NHS Foundation Trust", "QF7" },
	{ "TAJ", "Black Country Healthcare NHS Foundation Trust", "QUA" },
};

/* One trust's shares: by 2022 ICB (ODS code) as read, then by April 2026
 * ICB. */
struct shares {
	char **keys;
	double *values;
	size_t count, cap;
};

static double *share_slot(struct shares *s, const char *key)
{
	for (size_t i = 0; i < s->count; i++)
		if (strcmp(s->keys[i], key) == 0)
			return &s->values[i];
	GROW(s->keys, s->cap, s->count + 1);
	s->values = xreallocarray(s->values, s->cap, sizeof(*s->values));
	s->keys[s->count] = xstrdup(key);
	s->values[s->count] = 0.0;
	return &s->values[s->count++];
}

static void shares_free(struct shares *s)
{
	free_strings(s->keys, s->count);
	free(s->values);
	memset(s, 0, sizeof(*s));
}

struct catchments {
	struct england *en;
	struct textmap trust_index;      /* trust → index into by_icb22 / by_ltla */
	struct shares *by_icb22, *by_ltla;
	size_t count, cap;
	char *unknown;                   /* a 2022 ICB code the lookup lacks */
};

static size_t trust_slot(struct catchments *c, const char *trust)
{
	const char *at = textmap_get(&c->trust_index, trust);
	char number[32];

	if (at)
		return (size_t)strtoul(at, NULL, 10);
	GROW(c->by_icb22, c->cap, c->count + 1);
	c->by_ltla = xreallocarray(c->by_ltla, c->cap, sizeof(*c->by_ltla));
	memset(&c->by_icb22[c->count], 0, sizeof(struct shares));
	memset(&c->by_ltla[c->count], 0, sizeof(struct shares));
	snprintf(number, sizeof(number), "%zu", c->count);
	textmap_set(&c->trust_index, trust, number);
	return c->count++;
}

static int icb22_row(void *ctx, const char *const *cells, size_t n)
{
	struct catchments *c = ctx;
	const char *x = textmap_get(&c->en->icb22_ods, cells[1]);

	(void)n;
	if (!x) {
		c->unknown = xstrdup(cells[1]);
		return 1;
	}
	size_t t = trust_slot(c, cells[0]);
	*share_slot(&c->by_icb22[t], x) += strtod(cells[2], NULL);
	return 0;
}

static int ltla_row(void *ctx, const char *const *cells, size_t n)
{
	struct catchments *c = ctx;

	(void)n;
	size_t t = trust_slot(c, cells[0]);
	*share_slot(&c->by_ltla[t], cells[1]) = strtod(cells[2], NULL);
	return 0;
}

static double share_of(const struct shares *s, const char *key)
{
	for (size_t i = 0; i < s->count; i++)
		if (strcmp(s->keys[i], key) == 0)
			return s->values[i];
	return 0.0;
}

/* The weight of April 2026 ICB y in 2022 ICB x for a trust, summed over
 * the districts in their order: by the trust's own patients there, or
 * (by_lsoa) by LSOA counts alone.  *touched says whether any district
 * counted (a weight of 0.0 may still have been added to). */
static double weight(const struct england *en, const struct counter *n_lad_icb26,
                     const struct shares *ltla, const char *x, const char *y, bool by_lsoa,
                     bool *touched)
{
	char key[PAIR_KEY_SIZE];
	double w = 0.0;

	*touched = by_lsoa && en->lad.count > 0;
	for (size_t l = 0; l < en->lad.count; l++) {
		const char *lad = en->lad.keys[l];
		long long nx = counter_get(&en->n_lad_icb24, pair_key(key, lad, x));
		long long ny = counter_get(n_lad_icb26, pair_key(key, lad, y));
		long long total = counter_get(&en->n_lad, lad);
		if (by_lsoa) {
			w += (double)(nx * ny) / (double)total;
			continue;
		}
		double a = (double)(nx * ny) / (double)(total * total);
		if (a != 0.0) {
			w += share_of(ltla, lad) * a;
			*touched = true;
		}
	}
	return w;
}

/* Splits ";"-joined codes; caller frees the array and its strings. */
static size_t split(const char *joined, char ***out)
{
	char *copy = xstrdup(joined), *save = NULL;
	size_t n = 0, cap = 0;

	*out = NULL;
	for (char *p = strtok_r(copy, ";", &save); p; p = strtok_r(NULL, ";", &save)) {
		GROW(*out, cap, n + 1);
		(*out)[n++] = xstrdup(p);
	}
	free(copy);
	return n;
}

/* A trust's shares by April 2026 ICB.  Each 2022 ICB maps to its 2026
 * successor; the ICBs split in 2026 are apportioned over their
 * successors with the trust's own district catchment: w(Y) = sum over
 * districts L of p(trust, L) × share of L in the old ICB × share of L in
 * Y (exact, since no district is split both before and after 2026); if
 * the trust has no patients in those districts, by LSOA counts instead. */
static void shares_2026(const struct england *en, const struct counter *n_lad_icb26,
                        const struct shares *icb22, const struct shares *ltla,
                        struct shares *out)
{
	size_t *order = xcalloc(icb22->count ? icb22->count : 1, sizeof(*order));

	/* the 2022 ICBs in code order */
	for (size_t i = 0; i < icb22->count; i++) {
		size_t j = i;
		while (j > 0 && strcmp(icb22->keys[order[j - 1]], icb22->keys[i]) > 0) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = i;
	}
	for (size_t k = 0; k < icb22->count; k++) {
		const char *x = icb22->keys[order[k]];
		double p = icb22->values[order[k]];
		char **ys;
		size_t n = split(textmap_get(&en->succ, x), &ys);
		if (n == 1) {
			*share_slot(out, ys[0]) += p;
			free_strings(ys, n);
			continue;
		}
		/* The weights are summed in the order each was first added to,
		 * as the division below needs the very same total. */
		double *w = xcalloc(n, sizeof(*w)), total = 0.0;
		size_t *first = xcalloc(n, sizeof(*first)), firsts = 0;
		bool touched, *seen = xcalloc(n, sizeof(*seen));
		for (size_t i = 0; i < n; i++) {
			w[i] = weight(en, n_lad_icb26, ltla, x, ys[i], false, &touched);
			if (touched) {
				seen[i] = true;
				first[firsts++] = i;
			}
		}
		for (size_t i = 0; i < firsts; i++)
			total += w[first[i]];
		if (total == 0.0) {
			for (size_t i = 0; i < n; i++) {
				w[i] += weight(en, n_lad_icb26, ltla, x, ys[i], true, &touched);
				if (touched && !seen[i]) {
					seen[i] = true;
					first[firsts++] = i;
				}
			}
			total = 0.0;
			for (size_t i = 0; i < firsts; i++)
				total += w[first[i]];
		}
		for (size_t i = 0; i < n; i++)
			*share_slot(out, ys[i]) += p * w[i] / total;
		free(w);
		free(first);
		free(seen);
		free_strings(ys, n);
	}
	free(order);
}

static int load_catchments(struct england *en, struct catchments *c, char **error)
{
	memset(c, 0, sizeof(*c));
	c->en = en;
	int r = import_db_rows(en->db, IMPORT_TRUST_ICB22, icb22_row, c, error);
	if (r != 0) {
		if (!*error)
			*error = xasprintf("import: the trust catchments name ICB %s, which the July "
			                   "2022 lookup does not", c->unknown ? c->unknown : "?");
		return -1;
	}
	return import_db_rows(en->db, IMPORT_TRUST_LTLA21, ltla_row, c, error);
}

static void catchments_free(struct catchments *c)
{
	for (size_t i = 0; i < c->count; i++) {
		shares_free(&c->by_icb22[i]);
		shares_free(&c->by_ltla[i]);
	}
	free(c->by_icb22);
	free(c->by_ltla);
	free(c->unknown);
	textmap_free(&c->trust_index);
}

/* "19740401" → "1974-04-01"; "" stays "".  Caller frees. */
static char *ymd(const char *s)
{
	if (!*s)
		return xstrdup("");
	return xasprintf("%.4s-%.2s-%.2s", s, s + 4, s + 6);
}

struct trust_build {
	struct england *en;
	struct catchments *catch;
	struct counter n_lad_icb26;
	struct textmap old_names;
	struct ientity **items;
	size_t count, cap;
	char *error;
};

static int old_name_row(void *ctx, const char *const *c, size_t n)
{
	struct trust_build *b = ctx;

	(void)n;
	textmap_set(&b->old_names, c[0], c[1]);
	return 0;
}

static double rounded(double x, int places)
{
	char text[64];
	snprintf(text, sizeof(text), "%.*f", places, x);
	return strtod(text, NULL);
}

static const struct shares *sort_shares;

/* Largest share first (to six places), then code. */
static int by_share(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	double x = rounded(sort_shares->values[i], 6), y = rounded(sort_shares->values[j], 6);

	if (x != y)
		return x > y ? -1 : 1;
	return strcmp(sort_shares->keys[i], sort_shares->keys[j]);
}

static void add_catchment(struct trust_build *b, struct ientity *e, const char *code,
                          const char *icb)
{
	const char *at = textmap_get(&b->catch->trust_index, code);
	struct shares sh = { 0 };
	size_t t, *order;

	if (!at)
		return;
	t = (size_t)strtoul(at, NULL, 10);
	shares_2026(b->en, &b->n_lad_icb26, &b->catch->by_icb22[t], &b->catch->by_ltla[t], &sh);
	entity_fact_sourced(e, "catchment_share_own_icb",
	                    (struct value){ VALUE_REAL, NULL, 0, share_of(&sh, icb) }, ohid,
	                    "share of the trust's patients living in its headquarters ICB");
	order = xcalloc(sh.count ? sh.count : 1, sizeof(*order));
	for (size_t i = 0; i < sh.count; i++)
		order[i] = i;
	sort_shares = &sh;
	qsort(order, sh.count, sizeof(*order), by_share);
	for (size_t i = 0; i < sh.count; i++) {
		const char *y = sh.keys[order[i]];
		double share = sh.values[order[i]];
		if (strcmp(y, icb) == 0 || share < SERVES_THRESHOLD)
			continue;
		struct ilink *l = entity_link(e, "serves", y);
		link_real(l, "share", share);
		link_source(l, ohid);
	}
	free(order);
	shares_free(&sh);
}

/* Where a trust stands on the day the model describes, from its dates
 * (YYYY-MM-DD, "" for none): closed by then, open but closing on a later
 * day, or not open yet; NULL for open. */
static const char *trust_status(const char *opened, const char *closed)
{
	if (*closed && strcmp(closed, MERGER_DATE) < 0)
		return "closed";
	if (*closed)
		return "closing";
	if (*opened && strcmp(opened, MERGER_DATE) > 0)
		return "not yet open";
	return NULL;
}

static int trust_row(void *ctx, const char *const *c, size_t n)
{
	struct trust_build *b = ctx;
	const char *code = c[0], *raw = c[1], *icb = c[2];
	char *name = title_case(raw), *upper = xstrdup(raw);

	(void)n;
	for (char *p = upper; *p; p++)
		*p = (char)(*p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p);
	struct ientity *e = entity_new(code, "organisation", name,
	                              strstr(upper, "FOUNDATION TRUST") ? "NHS foundation trust"
	                                                                : "NHS trust");
	free(upper);
	free(name);
	entity_fact_text(e, "postcode", c[3]);
	char *opened = ymd(c[4]), *closed = ymd(c[5]);
	const char *status = trust_status(opened, closed);
	if (status)
		entity_fact_sourced(e, "status", value_text(status), NULL,
		                    "on " MERGER_DATE ", the day the model describes");
	entity_fact_text(e, "opened", opened);
	entity_fact_text(e, "closed", closed);
	free(opened);
	free(closed);
	const char *old = textmap_get(&b->old_names, code);
	if (old && strcmp(old, raw) != 0) {
		char *former = title_case(old);
		entity_aka(e, former);
		entity_fact_sourced(e, "former_name", value_text(former), "ods-etr-2025", NULL);
		free(former);
	}
	add_catchment(b, e, code, icb);
	entity_set_parent(e, icb);
	GROW(b->items, b->cap, b->count + 1);
	b->items[b->count++] = e;
	return 0;
}

static const struct england *sort_en;

static int by_icb_then_name(const void *a, const void *b)
{
	const struct ientity *x = *(struct ientity *const *)a, *y = *(struct ientity *const *)b;
	size_t rx = england_icb_order(sort_en, england_icb(sort_en, x->parent));
	size_t ry = england_icb_order(sort_en, england_icb(sort_en, y->parent));

	if (rx != ry)
		return rx < ry ? -1 : 1;
	return entity_compare(a, b);
}

int build_trusts(struct england *en, struct entity_list *out, char **error)
{
	struct catchments catch;
	struct trust_build b = { .en = en, .catch = &catch };
	char key[PAIR_KEY_SIZE];
	int status = -1;

	if (load_catchments(en, &catch, error) < 0)
		goto done;
	for (size_t i = 0; i < en->n_lad_sic.count; i++) {
		const char *k = en->n_lad_sic.keys[i], *sep = strchr(k, '\x1f');
		char *lad = xstrndup(k, (size_t)(sep - k));
		const char *icb = en->icbs[en->sicbls[england_sicbl(en, sep + 1)].icb].code;
		counter_add(&b.n_lad_icb26, pair_key(key, lad, icb), en->n_lad_sic.counts[i]);
		free(lad);
	}
	if (import_db_rows(en->db, IMPORT_ETR_PREVIOUS, old_name_row, &b, error) < 0 ||
	    import_db_join(en->db, IMPORT_JOIN_TRUSTS, trusts_since, trust_row, &b, error) < 0)
		goto done;
	for (size_t i = 0; i < sizeof(care_trusts) / sizeof(care_trusts[0]); i++) {
		struct ientity *e = entity_new(care_trusts[i][0], "organisation", care_trusts[i][1],
		                              "NHS foundation trust");
		entity_fact_text(e, "ods_role", "care trust");
		entity_source(e, "icsview-care-trusts");
		entity_set_parent(e, care_trusts[i][2]);
		GROW(b.items, b.cap, b.count + 1);
		b.items[b.count++] = e;
	}
	sort_en = en;
	qsort(b.items, b.count, sizeof(*b.items), by_icb_then_name);
	for (size_t i = 0; i < b.count; i++)
		entity_list_add(out, b.items[i]);
	b.count = 0;
	status = 0;
done:
	for (size_t i = 0; i < b.count; i++)
		entity_free(b.items[i]);
	free(b.items);
	counter_free(&b.n_lad_icb26);
	textmap_free(&b.old_names);
	catchments_free(&catch);
	return status;
}
