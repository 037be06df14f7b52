/* The NHS areas: England, its regions, the ICBs of April 2026 and their
 * sub-ICB locations (regions-icbs.yaml), the ICBs abolished on 1 April
 * 2026 (mergers.yaml), the order the other files list them in, and how
 * an area is described by the authorities it covers. */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "icsview/base/util.h"
#include "import_build.h"
#include "import_names.h"

/* An area names a county when this share of the county lies in it, and
 * a district when this share of the district does (else the district is
 * one of its parts). */
#define COVERS_COUNTY 0.9
#define COVERS_DISTRICT 0.5
/* The source of what is counted from the LSOA21 lookups (data/raw/derived). */
#define LSOA_LOOKUP "ons-lad-lsoa-2024"

static const char ods_mergers[] = "ods-icb-mergers-2026";

static int by_text(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted, each once. */
static void sort_unique(char **items, size_t *count)
{
	size_t n = 0;

	if (*count > 1)
		qsort(items, *count, sizeof(*items), by_text);
	for (size_t i = 0; i < *count; i++) {
		if (n > 0 && strcmp(items[n - 1], items[i]) == 0) {
			free(items[i]);
			continue;
		}
		items[n++] = items[i];
	}
	*count = n;
}

static void push(char ***items, size_t *count, size_t *cap, char *s)
{
	GROW(*items, *cap, *count + 1);
	(*items)[(*count)++] = s;
}

void england_covers(const struct england *en, const struct counter *by_lad,
                    char ***names, size_t *name_count, char ***parts, size_t *part_count)
{
	struct textmap counties = { 0 };
	struct counter county_size = { 0 };
	size_t name_cap = 0, part_cap = 0;

	*names = *parts = NULL;
	*name_count = *part_count = 0;
	for (size_t i = 0; i < by_lad->count; i++)
		if (by_lad->counts[i])
			textmap_set(&counties, textmap_get(&en->utla, by_lad->keys[i]), "");
	for (size_t i = 0; i < en->utla.count; i++)
		if (textmap_has(&en->lad, en->utla.keys[i]))
			counter_add(&county_size, en->utla.values[i],
			            counter_get(&en->n_lad, en->utla.keys[i]));
	for (size_t u = 0; u < counties.count; u++) {
		const char *county = counties.keys[u];
		long long in_area = 0;
		for (size_t i = 0; i < by_lad->count; i++)
			if (by_lad->counts[i] && strcmp(textmap_get(&en->utla, by_lad->keys[i]), county) == 0)
				in_area += by_lad->counts[i];
		if ((double)in_area / (double)counter_get(&county_size, county) >= COVERS_COUNTY) {
			push(names, name_count, &name_cap,
			     plain_ons_place(textmap_get(&en->utla_name, county)));
			continue;
		}
		for (size_t i = 0; i < by_lad->count; i++) {
			const char *lad = by_lad->keys[i];
			long long n = by_lad->counts[i];
			if (!n || strcmp(textmap_get(&en->utla, lad), county) != 0)
				continue;
			char *name = plain_ons_place(textmap_get(&en->lad, lad));
			if ((double)n / (double)counter_get(&en->n_lad, lad) >= COVERS_DISTRICT)
				push(names, name_count, &name_cap, name);
			else
				push(parts, part_count, &part_cap, name);
		}
	}
	sort_unique(*names, name_count);
	sort_unique(*parts, part_count);
	textmap_free(&counties);
	counter_free(&county_size);
}

/* "a; b" then "; parts of c and d" when there are parts (leading "; "
 * kept when there are no names only if `always_separator`). */
static char *covers_text(char **names, size_t n, char **parts, size_t p, bool always_separator)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < n; i++) {
		if (i)
			sb_puts(&sb, "; ");
		sb_puts(&sb, names[i]);
	}
	if (p) {
		char *joined = join_names(parts, p);
		if (sb.len || always_separator)
			sb_puts(&sb, "; ");
		sb_printf(&sb, "parts of %s", joined);
		free(joined);
	}
	return sb_detach(&sb);
}

/* --- the order of ICBs and sub-ICB locations ----------------------- */

static const struct england *order_en;

static int icb_rank(const void *a, const void *b)
{
	const struct icb *x = &order_en->icbs[*(const size_t *)a];
	const struct icb *y = &order_en->icbs[*(const size_t *)b];
	int c = strcmp(x->region, y->region);
	if (c)
		return c;
	struct ientity ex = { .name = x->name, .id = x->code }, ey = { .name = y->name, .id = y->code };
	const struct ientity *px = &ex, *py = &ey;
	return entity_compare(&px, &py);
}

static int sicbl_rank(const void *a, const void *b)
{
	const struct sicbl *x = &order_en->sicbls[*(const size_t *)a];
	const struct sicbl *y = &order_en->sicbls[*(const size_t *)b];
	size_t rx = order_en->icb_rank[x->icb], ry = order_en->icb_rank[y->icb];

	if (rx != ry)
		return rx < ry ? -1 : 1;
	return strcmp(x->code, y->code);
}

void england_rank(struct england *en)
{
	size_t *order = xcalloc(en->icb_count, sizeof(*order));

	order_en = en;
	for (size_t i = 0; i < en->icb_count; i++)
		order[i] = i;
	qsort(order, en->icb_count, sizeof(*order), icb_rank);
	en->icb_rank = xcalloc(en->icb_count, sizeof(*en->icb_rank));
	for (size_t i = 0; i < en->icb_count; i++)
		en->icb_rank[order[i]] = i;
	free(order);
	order = xcalloc(en->sicbl_count, sizeof(*order));
	for (size_t i = 0; i < en->sicbl_count; i++)
		order[i] = i;
	qsort(order, en->sicbl_count, sizeof(*order), sicbl_rank);
	en->sicbl_rank = xcalloc(en->sicbl_count, sizeof(*en->sicbl_rank));
	for (size_t i = 0; i < en->sicbl_count; i++)
		en->sicbl_rank[order[i]] = i;
	free(order);
}

size_t england_icb_order(const struct england *en, size_t icb)
{
	return en->icb_rank[icb];
}

size_t england_sicbl_order(const struct england *en, size_t sicbl)
{
	return en->sicbl_rank[sicbl];
}

/* --- regions-icbs.yaml ---------------------------------------------- */

static int established(const struct england *en, struct ientity *e, const char *code,
                       bool is_new, char **error)
{
	if (is_new) {
		entity_fact_sourced(e, "established", value_text(MERGER_DATE), ods_mergers, NULL);
		return 0;
	}
	if (!textmap_has(&en->icb22_codes, code)) {
		*error = xasprintf("import: ICB %s is neither new in 2026 nor in the July 2022 lookup",
		                   code);
		return -1;
	}
	entity_fact_sourced(e, "established", value_text("2022-07-01"), "ons-loc22-2022",
	                    "in the ONS Sub ICB Locations to ICB (July 2022) lookup; ICBs were "
	                    "established on 1 July 2022");
	return 0;
}

static char *replace_end(const char *s, const char *end, const char *with)
{
	size_t n = strlen(s), m = strlen(end);

	if (n >= m && strcmp(s + n - m, end) == 0)
		return xasprintf("%.*s%s", (int)(n - m), s, with);
	return xstrdup(s);
}

static char *drop_start(const char *s, const char *start)
{
	size_t m = strlen(start);
	return xstrdup(strncmp(s, start, m) == 0 ? s + m : s);
}

static const char *icb_of(const struct england *en, const char *sicbl)
{
	size_t s = england_sicbl(en, sicbl);
	return s == SIZE_MAX ? "" : en->icbs[en->sicbls[s].icb].code;
}

/* Which part of 2024 ICB x went to 2026 ICB y: its sub-ICB locations,
 * or for a closed one the LSOA11s transferred. */
static char *part_text(const struct england *en, const char *x, const char *y)
{
	char **kept = NULL, *text;
	size_t kept_count = 0, kept_cap = 0;
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < en->sic24_icb24.count; i++)
		if (strcmp(en->sic24_icb24.values[i], x) == 0 &&
		    strcmp(icb_of(en, en->sic24_icb24.keys[i]), y) == 0)
			push(&kept, &kept_count, &kept_cap, xstrdup(en->sic24_icb24.keys[i]));
	sort_unique(kept, &kept_count);
	if (kept_count) {
		sb_printf(&sb, "sub-ICB location%s ", kept_count > 1 ? "s" : "");
		for (size_t i = 0; i < kept_count; i++)
			sb_printf(&sb, "%s%s", i ? ", " : "", kept[i]);
	}
	free_strings(kept, kept_count);
	long long total = 0;
	for (size_t i = 0; i < en->frimley_moves.count; i++)
		total += en->frimley_moves.counts[i];
	/* one closed sub-ICB location; the moves sorted by receiving code */
	for (size_t c = 0; c < en->closed_sicbl_icb.count; c++) {
		if (strcmp(en->closed_sicbl_icb.values[c], x) != 0)
			continue;
		char **to = NULL;
		size_t to_count = 0, to_cap = 0;
		for (size_t i = 0; i < en->frimley_moves.count; i++)
			push(&to, &to_count, &to_cap, xstrdup(en->frimley_moves.keys[i]));
		sort_unique(to, &to_count);
		for (size_t i = 0; i < to_count; i++) {
			if (strcmp(icb_of(en, to[i]), y) != 0)
				continue;
			sb_printf(&sb, "%s%lld of %lld LSOA11s of %s (to %s)", sb.len ? "; " : "",
			          counter_get(&en->frimley_moves, to[i]), total,
			          en->closed_sicbl_icb.keys[c], to[i]);
		}
		free_strings(to, to_count);
	}
	text = sb_detach(&sb);
	return text;
}

/* The share of 2024 ICB x's LSOA21s that lie in 2026 ICB y (no district
 * is split both before and after April 2026, so district counts are
 * exact), summed in the districts' order. */
static double lsoa_share(const struct england *en, const char *x, const char *y)
{
	char key[PAIR_KEY_SIZE];
	double n_xy = 0.0;
	long long n_x = 0;

	for (size_t l = 0; l < en->lad.count; l++) {
		const char *lad = en->lad.keys[l];
		long long a = counter_get(&en->n_lad_icb24, pair_key(key, lad, x)), b = 0;
		if (!a)
			continue;
		n_x += a;
		for (size_t i = 0; i < en->n_lad_sic.count; i++) {
			const char *k = en->n_lad_sic.keys[i], *sep = strchr(k, '\x1f');
			if ((size_t)(sep - k) == strlen(lad) && strncmp(k, lad, (size_t)(sep - k)) == 0 &&
			    strcmp(icb_of(en, sep + 1), y) == 0)
				b += en->n_lad_sic.counts[i];
		}
		n_xy += (double)(a * b) / (double)counter_get(&en->n_lad, lad);
	}
	return n_xy / (double)n_x;
}

/* The districts' LSOA21 counts of one area, from a (district, area)
 * counter. */
static void counts_of(const struct counter *pairs, const char *area, struct counter *out)
{
	for (size_t i = 0; i < pairs->count; i++) {
		const char *k = pairs->keys[i], *sep = strchr(k, '\x1f');
		if (strcmp(sep + 1, area) == 0) {
			char *lad = xstrndup(k, (size_t)(sep - k));
			counter_add(out, lad, pairs->counts[i]);
			free(lad);
		}
	}
}

static long long total_of(const struct counter *c)
{
	long long n = 0;
	for (size_t i = 0; i < c->count; i++)
		n += c->counts[i];
	return n;
}

static char *strip_nhs_ccg(const char *ccg)
{
	char *a = drop_start(ccg, "NHS "), *b = replace_end(a, " CCG", "");
	free(a);
	return b;
}

static struct ientity *sicbl_entity(const struct england *en, size_t index)
{
	const struct sicbl *si = &en->sicbls[index];
	struct counter counts = { 0 };
	char **names, **parts, *geo, *name, *cov, *old = NULL;
	size_t n, p;
	const char *ccg = textmap_get(&en->ccg_name, si->gss);

	counts_of(&en->n_lad_sic, si->code, &counts);
	england_covers(en, &counts, &names, &n, &parts, &p);
	if (n)
		geo = join_names(names, n);
	else if (p)
		geo = xasprintf("%s (part)", parts[p - 1]);
	else
		geo = xstrdup(si->code);
	name = ccg ? strip_nhs_ccg(ccg) : xstrdup(geo);
	char *bare = replace_end(name, " CCG", "");
	struct ientity *e = entity_new(si->code, "place", bare, "sub-ICB location");
	free(bare);
	free(name);
	free(geo);
	entity_fact_text(e, "ons_code", si->gss);
	cov = covers_text(names, n, parts, p, false);
	/* counted from the LSOA lookup, not read from the ONS 2026 lookup */
	entity_fact_sourced(e, "covers", value_text(cov), LSOA_LOOKUP, NULL);
	free(cov);
	entity_fact_sourced(e, "lsoa21", value_int(total_of(&counts)), LSOA_LOOKUP, NULL);
	if (ccg)
		entity_fact_sourced(e, "former_ccg", value_text(ccg), "ons-ccg-names-2022", NULL);
	const char *old_name = textmap_get(&en->sicbl_old_name, si->code);
	if (old_name) {
		old = title_case(old_name);
		char *note = xasprintf("formerly %s", old);
		entity_fact_sourced(e, "renamed", value_text(MERGER_DATE), ods_mergers, note);
		free(note);
	}
	if (en->new_tv_sicbl && strcmp(si->code, en->new_tv_sicbl) == 0)
		entity_fact_sourced(e, "established", value_text(MERGER_DATE), ods_mergers, NULL);
	entity_aka(e, si->gss);
	entity_aka(e, si->ons_name);
	entity_aka(e, ccg);
	entity_aka(e, old);
	free(old);
	long long moved = counter_get(&en->frimley_moves, si->code);
	if (moved)
		for (size_t i = 0; i < en->closed_sicbl_icb.count; i++) {
			struct ilink *l = entity_link(e, "successor_of", en->closed_sicbl_icb.keys[i]);
			link_text(l, "date", MERGER_DATE);
			link_text(l, "extent", "part");
			link_int(l, "lsoa11_transferred", moved);
			link_source(l, ods_mergers);
		}
	free_strings(names, n);
	free_strings(parts, p);
	counter_free(&counts);
	return e;
}

char *england_moved_from(const struct england *en)
{
	if (en->closed_sicbl_icb.count != 1)
		return xstrdup("a closed sub-ICB location");
	const char *icb = en->closed_sicbl_icb.values[0], *name = textmap_get(&en->icb24_name, icb);
	char *shorter = name ? replace_end(name, " Integrated Care Board", " ICB") : xstrdup(icb);
	char *text = xasprintf("%s (%s)", en->closed_sicbl_icb.keys[0], shorter);

	free(shorter);
	return text;
}

/* "NHS X Integrated Care Board" → "NHS X ICB", "X ICB", "X". */
static void icb_names(const char *name, char **shorter, char **bare, char **core)
{
	*shorter = replace_end(name, " Integrated Care Board", " ICB");
	*bare = drop_start(*shorter, "NHS ");
	if (core)
		*core = replace_end(*bare, " ICB", "");
}

static const char *only_successor(const struct england *en, const char *x)
{
	const char *s = textmap_get(&en->succ, x);
	return s && !strchr(s, ';') ? s : NULL;
}

static struct ientity *icb_entity(const struct england *en, size_t index, char **error)
{
	const struct icb *i = &en->icbs[index];
	char *shorter, *bare, *core;
	struct ientity *e = entity_new(i->code, "system", i->name, "integrated care board");

	icb_names(i->name, &shorter, &bare, &core);
	entity_aka(e, i->gss);
	/* the GSS code it had until 2026, when its area changed */
	const char *former = textmap_get(&en->icb24_gss, i->code);
	if (former && strcmp(former, i->gss) != 0)
		entity_aka(e, former);
	entity_aka(e, shorter);
	entity_aka(e, bare);
	entity_aka(e, core);
	free(shorter);
	free(bare);
	free(core);
	entity_fact_text(e, "ons_code", i->gss);
	entity_fact_int(e, "sub_icb_locations", (long long)i->sicbl_count);
	if (established(en, e, i->code, i->is_new, error) < 0) {
		entity_free(e);
		return NULL;
	}
	if (i->boundary_changed)
		entity_fact_text(e, "boundary_changed", MERGER_DATE);
	for (size_t p = 0; p < i->pred_count; p++) {
		const struct pred *x = &i->preds[p];
		if (strcmp(x->code, i->code) == 0)
			continue;
		if (!x->part && (!only_successor(en, x->code) ||
		                 strcmp(only_successor(en, x->code), i->code) != 0)) {
			*error = xasprintf("import: %s is wholly succeeded by %s, and by others", x->code,
			                   i->code);
			entity_free(e);
			return NULL;
		}
		struct ilink *l = entity_link(e, "successor_of", x->code);
		link_text(l, "date", MERGER_DATE);
		link_text(l, "extent", x->part ? "part" : "whole");
		if (x->part) {
			char *part = part_text(en, x->code, i->code);
			link_text(l, "part", part);
			free(part);
			link_real(l, "share_of_predecessor", lsoa_share(en, x->code, i->code));
		}
		link_source(l, ods_mergers);
	}
	for (size_t s = 0; s < i->sicbl_count; s++)
		entity_add_child(e, sicbl_entity(en, i->sicbls[s]));
	entity_sort(e->children, e->child_count);
	return e;
}

/* A count as a word, as prose writes the small ones. */
static char *count_words(size_t n)
{
	static const char *const words[] = { "no", "one", "two", "three", "four", "five", "six",
	                                     "seven", "eight", "nine", "ten" };

	if (n < sizeof(words) / sizeof(words[0]))
		return xstrdup(words[n]);
	return xasprintf("%zu", n);
}

/* "1 April 2026" for "2026-04-01". */
static char *date_words(const char *ymd)
{
	static const char *const months[] = { "January", "February", "March", "April", "May",
	                                      "June", "July", "August", "September", "October",
	                                      "November", "December" };
	int y, m, d;

	if (sscanf(ymd, "%d-%d-%d", &y, &m, &d) != 3 || m < 1 || m > 12)
		return xstrdup(ymd);
	return xasprintf("%d %s %d", d, months[m - 1], y);
}

/* When the ICBs were in being: from the merger date, or on the latest
 * date of the ODS files read. */
static char *in_being(const struct england *en)
{
	char *date, *text;

	if (!*en->as_at)
		return xstrdup("in being");
	date = date_words(en->as_at);
	text = xasprintf(en->mergers ? "in being from %s" : "in being on %s (the latest date "
	                 "in the ODS files read)", date);
	free(date);
	return text;
}

/* The local authorities of a region, after its ICBs (their file is
 * read first: the group, not the file, puts them after). */
static struct ientity *councils_group(const struct region *reg)
{
	char *id = xasprintf("%s-councils", reg->code);
	char *name = xasprintf("Local authorities in %s", reg->name);
	struct ientity *g = entity_new(id, "region", name, "local authorities of a region");

	free(id);
	free(name);
	entity_set_text(g, "The councils whose area lies mostly in this NHS England region; "
	                "each also appears, as serving it, under the ICBs and sub-ICB "
	                "locations it overlaps.");
	entity_source(g, "ons-lad-lsoa-2024");
	return g;
}

/* The roots after England: its history, then every source. */
static void add_other_roots(const struct england *en, struct entity_list *out)
{
	struct ientity *history = entity_new(HISTORY_ROOT_ID, "region",
	                                     "History: England's systems, 2017\u2013March 2026",
	                                     NULL);
	entity_set_text(history, "What came before April 2026: the systems the 2018 documents "
	                "describe, every STP and CCG of 2017 to 2022, and the integrated care "
	                "boards abolished on 1 April 2026, each linked to its successors.");
	entity_source(history, "ons-ccg-stp-2017");
	if (en->mergers)
		entity_source(history, "ods-icb-mergers-2026");
	entity_list_add(out, history);
	struct ientity *sources = entity_new(SOURCES_ROOT_ID, "region", "Sources", NULL);
	entity_set_text(sources, "Every document and data set the model cites: the 2018 "
	                "documents, then the ODS, ONS, NHS Digital and OHID files.");
	entity_list_add(out, sources);
}

int build_regions_icbs(struct england *en, struct entity_list *out, char **error)
{
	struct ientity *root = entity_new(ENGLAND_ROOT_ID, "region", "England", NULL);

	entity_fact_int(root, "nhs_england_regions", (long long)en->region_count);
	entity_fact_int(root, "integrated_care_boards", (long long)en->icb_count);
	entity_fact_int(root, "sub_icb_locations", (long long)en->sicbl_count);
	if (*en->as_at)
		entity_fact_text(root, "as_at", en->as_at);
	char *regions = count_words(en->region_count), *when = in_being(en);
	char *text = xasprintf("NHS England's %s regions, the %zu integrated care boards %s and "
	                       "their %zu sub-ICB locations. Trusts, primary care networks, GP "
	                       "practices and local authorities hang off these (see the other "
	                       "files).", regions, en->icb_count, when, en->sicbl_count);
	entity_set_text(root, text);
	free(text);
	free(regions);
	free(when);
	entity_list_add(out, root);
	for (size_t r = 0; r < en->region_count; r++) {
		const struct region *reg = &en->regions[r];
		struct ientity *e = entity_new(reg->code, "region", reg->name, "NHS England region");
		char *a = xasprintf("NHS England \u2013 %s", reg->name);
		char *b = xasprintf("NHS England %s region", reg->name);
		long long count = 0;
		entity_aka(e, reg->gss);
		entity_aka(e, a);
		entity_aka(e, b);
		free(a);
		free(b);
		for (size_t i = 0; i < en->icb_count; i++)
			count += strcmp(en->icbs[i].region, reg->code) == 0;
		entity_fact_text(e, "ons_code", reg->gss);
		entity_fact_int(e, "integrated_care_boards", count);
		entity_add_child(root, e);
		for (size_t i = 0; i < en->icb_count; i++) {
			if (strcmp(en->icbs[i].region, reg->code) != 0)
				continue;
			struct ientity *icb = icb_entity(en, i, error);
			if (!icb)
				return -1;
			entity_add_child(e, icb);
		}
		entity_sort(e->children, e->child_count);
		entity_add_child(e, councils_group(reg));
	}
	add_other_roots(en, out);
	return 0;
}

/* --- mergers.yaml --------------------------------------------------- */

static struct ientity *closed_sicbl_entity(const struct england *en, size_t c)
{
	const char *code = en->closed_sicbl_icb.keys[c], *sname = en->closed_sicbl_name.values[c];
	struct counter counts = { 0 };
	char **names, **parts, *cov, *base, *tmp;
	size_t n, p;
	struct strbuf dest = STRBUF_INIT;

	counts_of(&en->n_lad_sic24, code, &counts);
	england_covers(en, &counts, &names, &n, &parts, &p);
	cov = covers_text(names, n, parts, p, true);
	tmp = drop_start(sname, "NHS ");
	char *dash = strstr(tmp, " ICB - ");
	if (dash)
		*dash = '\0';
	base = title_case(tmp);
	free(tmp);
	struct ientity *e = entity_new(code, "place", base, "sub-ICB location (closed 2026-03-31)");
	free(base);
	tmp = title_case(sname);
	entity_aka(e, tmp);
	free(tmp);
	char **to = NULL;
	size_t to_count = 0, to_cap = 0;
	for (size_t i = 0; i < en->frimley_moves.count; i++)
		push(&to, &to_count, &to_cap, xstrdup(en->frimley_moves.keys[i]));
	sort_unique(to, &to_count);
	for (size_t i = 0; i < to_count; i++)
		sb_printf(&dest, "%s%s (%lld)", i ? ", " : "", to[i],
		          counter_get(&en->frimley_moves, to[i]));
	free_strings(to, to_count);
	entity_fact_sourced(e, "covers", value_text(cov), LSOA_LOOKUP, NULL);
	entity_fact_sourced(e, "lsoa21", value_int(total_of(&counts)), LSOA_LOOKUP, NULL);
	entity_fact_text(e, "legally_closed", "2026-03-31");
	entity_fact_text(e, "lsoa11_transferred_to", sb_str(&dest));
	entity_source(e, ods_mergers);
	entity_source(e, "ons-lad-lsoa-2024");
	e->source_list = true;
	sb_free(&dest);
	free(cov);
	free_strings(names, n);
	free_strings(parts, p);
	counter_free(&counts);
	return e;
}

static char *joined_sorted(char **items, size_t count, const char *sep)
{
	struct strbuf sb = STRBUF_INIT;

	sort_unique(items, &count);
	for (size_t i = 0; i < count; i++)
		sb_printf(&sb, "%s%s", i ? sep : "", items[i]);
	free_strings(items, count);
	return sb_detach(&sb);
}

static struct ientity *abolished_entity(const struct england *en, size_t a, char **error)
{
	const char *x = en->abolished.keys[a], *reg = en->abolished.values[a];
	const char *gss = textmap_get(&en->icb24_gss, x), *nm = textmap_get(&en->icb24_name, x);
	char *shorter, *bare, **list = NULL, *text;
	size_t count = 0, cap = 0;
	struct ientity *e = entity_new(x, "system", nm, "integrated care board (abolished 2026-04-01)");

	icb_names(nm, &shorter, &bare, NULL);
	entity_aka(e, gss);
	entity_aka(e, shorter);
	entity_aka(e, bare);
	free(shorter);
	free(bare);
	/* the change summary has no ONS codes: the December 2024 names have */
	entity_fact_sourced(e, "ons_code", value_text(gss), "ons-icb-names-2024", NULL);
	entity_fact_text(e, "nhs_england_region", reg);
	if (established(en, e, x, false, error) < 0) {
		entity_free(e);
		return NULL;
	}
	entity_fact_text(e, "legally_closed", "2026-03-31");
	for (size_t i = 0; i < en->sic24_icb24.count; i++)
		if (strcmp(en->sic24_icb24.values[i], x) == 0)
			push(&list, &count, &cap, xstrdup(en->sic24_icb24.keys[i]));
	text = joined_sorted(list, count, ", ");
	entity_fact_text(e, "sub_icb_locations_until_2026", text);
	free(text);
	list = NULL;
	count = cap = 0;
	char *succ = xstrdup(textmap_get(&en->succ, x)), *save = NULL;
	for (char *y = strtok_r(succ, ";", &save); y; y = strtok_r(NULL, ";", &save))
		push(&list, &count, &cap, xstrdup(y));
	free(succ);
	text = joined_sorted(list, count, ", ");
	entity_fact_text(e, "successors", text);
	free(text);
	for (size_t c = 0; c < en->closed_sicbl_icb.count; c++)
		if (strcmp(en->closed_sicbl_icb.values[c], x) == 0)
			entity_add_child(e, closed_sicbl_entity(en, c));
	return e;
}

int build_mergers(struct england *en, struct entity_list *out, char **error)
{
	struct ientity *root = entity_new("england-icbs-2022-2026", "region",
	                                 "Integrated care boards, 2022\u2013March 2026", NULL);

	entity_fact_int(root, "abolished", (long long)en->abolished.count);
	entity_fact_text(root, "date", MERGER_DATE);
	size_t continued = 0;
	for (size_t i = 0; i < en->icb_count; i++)
		continued += !en->icbs[i].is_new;
	char *text = xasprintf("The integrated care boards abolished on 1 April 2026 (ICB mergers "
	                       "phase 1). Their successors, in the England tree, carry "
	                       "successor_of links to them; the %zu ICBs that continued keep a "
	                       "single entity there. Legally closed 31 March 2026, operationally "
	                       "active for up to six months afterwards.", continued);
	entity_set_text(root, text);
	free(text);
	entity_source(root, ods_mergers);
	entity_source(root, "ons-icb-names-2024");
	root->source_list = true;
	entity_set_parent(root, HISTORY_ROOT_ID);
	entity_list_add(out, root);
	for (size_t a = 0; a < en->abolished.count; a++) {
		struct ientity *e = abolished_entity(en, a, error);
		if (!e)
			return -1;
		entity_add_child(root, e);
	}
	entity_sort(root->children, root->child_count);
	return 0;
}
