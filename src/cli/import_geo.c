/* The geography of the England model and the April 2026 mergers, read
 * from the import's database and the ODS change summary's sheets
 * (import_build.h). */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "icsview/base/util.h"
#include "import_build.h"
#include "import_names.h"

size_t england_icb(const struct england *en, const char *code)
{
	int32_t *at = strmap_find(&en->icb_index, code);
	return at ? (size_t)*at : SIZE_MAX;
}

size_t england_sicbl(const struct england *en, const char *code)
{
	int32_t *at = strmap_find(&en->sicbl_index, code);
	return at ? (size_t)*at : SIZE_MAX;
}

void free_strings(char **items, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(items[i]);
	free(items);
}

/* --- the ONS April 2026 lookup --------------------------------------- */

static int add_region(struct england *en, const char *code, const char *gss, const char *name)
{
	size_t i = 0;

	while (i < en->region_count && strcmp(en->regions[i].code, code) < 0)
		i++;
	if (i < en->region_count && strcmp(en->regions[i].code, code) == 0)
		return 0;
	en->regions = xreallocarray(en->regions, en->region_count + 1, sizeof(*en->regions));
	memmove(en->regions + i + 1, en->regions + i,
	        (en->region_count - i) * sizeof(*en->regions));
	en->regions[i] = (struct region){ xstrdup(code), xstrdup(gss), xstrdup(name) };
	en->region_count++;
	return 0;
}

static int sicbl26_row(void *ctx, const char *const *c, size_t n)
{
	struct england *en = ctx;
	bool added;
	int32_t *slot;
	size_t icb;

	(void)n;
	add_region(en, c[7], c[6], c[8]);
	slot = strmap_insert(&en->icb_index, c[4], &added);
	if (added) {
		en->icbs = xreallocarray(en->icbs, en->icb_count + 1, sizeof(*en->icbs));
		memset(&en->icbs[en->icb_count], 0, sizeof(*en->icbs));
		en->icbs[en->icb_count] = (struct icb){ .code = xstrdup(c[4]), .gss = xstrdup(c[3]),
		                                        .name = xstrdup(c[5]),
		                                        .region = xstrdup(c[7]) };
		*slot = (int32_t)en->icb_count++;
	}
	icb = (size_t)*slot;
	slot = strmap_insert(&en->sicbl_index, c[1], &added);
	if (!added)
		return 0;
	en->sicbls = xreallocarray(en->sicbls, en->sicbl_count + 1, sizeof(*en->sicbls));
	en->sicbls[en->sicbl_count] = (struct sicbl){ xstrdup(c[1]), xstrdup(c[0]), xstrdup(c[2]),
	                                              icb };
	*slot = (int32_t)en->sicbl_count;
	struct icb *i = &en->icbs[icb];
	GROW(i->sicbls, i->sicbl_cap, i->sicbl_count + 1);
	i->sicbls[i->sicbl_count++] = en->sicbl_count++;
	return 0;
}

/* --- districts, counties, names ------------------------------------ */

static long long whole(const char *s)
{
	return strtoll(s, NULL, 10);
}

static int lad26_row(void *ctx, const char *const *c, size_t n)
{
	struct england *en = ctx;
	char key[PAIR_KEY_SIZE];
	long long count = whole(c[5]);
	size_t s = england_sicbl(en, c[2]);

	(void)n;
	if (s == SIZE_MAX || strcmp(en->icbs[en->sicbls[s].icb].code, c[3]) != 0)
		return 1;
	textmap_set(&en->lad, c[0], c[1]);
	counter_add(&en->n_lad, c[0], count);
	counter_add(&en->n_lad_sic, pair_key(key, c[0], c[2]), count);
	counter_add(&en->n_lad_reg, pair_key(key, c[0], c[4]), count);
	return 0;
}

static int lad24_row(void *ctx, const char *const *c, size_t n)
{
	struct england *en = ctx;
	char key[PAIR_KEY_SIZE];
	long long count = whole(c[4]);

	(void)n;
	counter_add(&en->n_lad_sic24, pair_key(key, c[0], c[1]), count);
	counter_add(&en->n_lad_icb24, pair_key(key, c[0], c[3]), count);
	textmap_set(&en->sic24_icb24, c[1], c[3]);
	textmap_set(&en->sic24_name, c[1], c[2]);
	return 0;
}

static int utla_row(void *ctx, const char *const *c, size_t n)
{
	struct england *en = ctx;

	(void)n;
	textmap_set(&en->utla, c[0], c[2]);
	textmap_set(&en->utla_name, c[2], c[3]);
	return 0;
}

static int ccg_row(void *ctx, const char *const *c, size_t n)
{
	struct england *en = ctx;
	const char *known = textmap_get(&en->ccg_name, c[0]);

	(void)n;
	if (!*c[0])
		return 0;
	if (known && strcmp(known, c[1]) != 0)
		return 1;
	textmap_set(&en->ccg_name, c[0], c[1]);
	return 0;
}

static int loc22_row(void *ctx, const char *const *c, size_t n)
{
	struct england *en = ctx;

	(void)n;
	textmap_set(&en->icb22_ods, c[2], c[3]);
	textmap_set(&en->icb22_codes, c[3], "");
	return 0;
}

static int icb24_row(void *ctx, const char *const *c, size_t n)
{
	struct england *en = ctx;

	(void)n;
	textmap_set(&en->icb24_gss, c[1], c[0]);
	textmap_set(&en->icb24_name, c[1], c[2]);
	return 0;
}

static int read_lookups(struct england *en, char **error)
{
	if (import_db_rows(en->db, IMPORT_ONS_SICBL26, sicbl26_row, en, error) < 0)
		return -1;
	/* how many there are is the lookup's to say (import_check.c checked
	 * that it says it once); none at all is no lookup */
	if (en->sicbl_count == 0) {
		*error = xstrdup("import: the ONS sub-ICB location lookup has no rows");
		return -1;
	}
	if (import_db_rows(en->db, IMPORT_LAD_SICBL26, lad26_row, en, error) != 0) {
		if (!*error)
			*error = xstrdup("import: the district × sub-ICB location 2026 counts name a "
			                 "sub-ICB location or ICB the ONS April 2026 lookup does not");
		return -1;
	}
	if (import_db_rows(en->db, IMPORT_LAD_SICBL24, lad24_row, en, error) < 0 ||
	    import_db_rows(en->db, IMPORT_LTLA_UTLA, utla_row, en, error) < 0 ||
	    import_db_rows(en->db, IMPORT_ONS_LOC22, loc22_row, en, error) < 0 ||
	    import_db_rows(en->db, IMPORT_ONS_ICB24, icb24_row, en, error) < 0)
		return -1;
	if (import_db_rows(en->db, IMPORT_CCG_NAMES, ccg_row, en, error) != 0) {
		if (!*error)
			*error = xstrdup("import: the CCG names give one code two names");
		return -1;
	}
	for (size_t i = 0; i < en->lad.count; i++)
		if (!textmap_has(&en->utla, en->lad.keys[i])) {
			*error = xasprintf("import: district %s is in no county of the LTLA → UTLA "
			                   "lookup", en->lad.keys[i]);
			return -1;
		}
	return 0;
}

/* --- the change summary's sheets ----------------------------------- */

/* Cell c of row r, without the spaces around it ("" past the row's end). */
static char *cell(const struct table *t, size_t r, size_t c)
{
	const char *s = c < t->width ? table_cell(t, r, c) : "";
	size_t n;

	while (isspace((unsigned char)*s))
		s++;
	n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	return xstrndup(s, n);
}

static bool matches_code(const char *s, char first, size_t min, size_t max)
{
	size_t n = strlen(s);

	if (n < min || n > max || (first && s[0] != first))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isupper((unsigned char)s[i]) && !isdigit((unsigned char)s[i]))
			return false;
	return true;
}

static bool region_code(const char *s)
{
	return strlen(s) == 3 && s[0] == 'Y' && isdigit((unsigned char)s[1]) &&
	       isdigit((unsigned char)s[2]);
}

static bool pcn_code(const char *s)
{
	if (strlen(s) != 6 || s[0] != 'U')
		return false;
	for (size_t i = 1; i < 6; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

/* The whole row's cells joined by spaces, as one line of text. */
static char *row_line(const struct table *t, size_t r)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t c = 0; c < t->width; c++) {
		if (c)
			sb_putc(&sb, ' ');
		sb_puts(&sb, table_cell(t, r, c));
	}
	return sb_detach(&sb);
}

static int read_summary(struct england *en, const struct table *t, size_t first, char **error)
{
	bool on = false;

	for (size_t r = first; r < t->rows; r++) {
		char *line = row_line(t, r), *trimmed = line;
		while (isspace((unsigned char)*trimmed))
			trimmed++;
		if (strstr(line, "existing ICB codes will be legally closed")) {
			on = true;
			free(line);
			continue;
		}
		if (on && (strstr(line, "further ICB") || *trimmed == '*'))
			on = false;
		free(line);
		char *region = cell(t, r, 1), *code = cell(t, r, 2);
		if (on && t->width >= 4 && region_code(region) && matches_code(code, 'Q', 3, 3))
			textmap_set(&en->abolished, code, region);
		free(region);
		free(code);
	}
	for (size_t i = 0; i < en->abolished.count; i++) {
		const char *x = en->abolished.keys[i];
		if (!textmap_has(&en->icb24_gss, x) || england_icb(en, x) != SIZE_MAX) {
			*error = table_error(t->name, 0, "%s is abolished but is not an ICB of 2024 "
			                     "alone", x);
			return -1;
		}
	}
	return 0;
}

static int read_sicbl_changes(struct england *en, const struct table *t, size_t first,
                              char **error)
{
	for (size_t r = first; r < t->rows; r++) {
		char *c[6];
		for (size_t i = 0; i < 6; i++)
			c[i] = cell(t, r, i);
		size_t s = england_sicbl(en, c[1]);
		if (s != SIZE_MAX && *c[2] && *c[4] && strstr(c[4], " - ")) {
			if (strcasecmp(c[4], en->sicbls[s].ons_name) != 0) {
				*error = table_error(t->name, t->lines[r], "sub-ICB location %s is renamed "
				                     "\"%s\", but the ONS lookup calls it \"%s\"", c[1],
				                     c[4], en->sicbls[s].ons_name);
				for (size_t i = 0; i < 6; i++)
					free(c[i]);
				return -1;
			}
			textmap_set(&en->sicbl_old_name, c[1], c[2]);
		}
		if (matches_code(c[1], 'Q', 3, 3) && *c[3] && england_sicbl(en, c[3]) == SIZE_MAX &&
		    matches_code(c[3], 0, 3, 5) && *c[5]) {
			textmap_set(&en->closed_sicbl_icb, c[3], c[1]);
			textmap_set(&en->closed_sicbl_name, c[3], c[4]);
		}
		for (size_t i = 0; i < 6; i++)
			free(c[i]);
	}
	return 0;
}

/* The new Thames Valley sub-ICB location: the one of NHS Thames Valley
 * ICB that was not renamed (the summary could not give its code).  None
 * when the lookup has no such ICB, or it has not exactly one new
 * sub-ICB location: a row of the summary that names it is then refused
 * as naming none the lookup has. */
static void find_new_tv(struct england *en)
{
	size_t found = 0;

	for (size_t i = 0; i < en->icb_count; i++) {
		struct icb *icb = &en->icbs[i];
		if (strcmp(icb->name, "NHS Thames Valley Integrated Care Board") != 0)
			continue;
		for (size_t j = 0; j < icb->sicbl_count; j++) {
			const char *s = en->sicbls[icb->sicbls[j]].code;
			if (!textmap_has(&en->sicbl_old_name, s)) {
				en->new_tv_sicbl = s;
				found++;
			}
		}
	}
	if (found != 1)
		en->new_tv_sicbl = NULL;
}

/* The sub-ICB location a row of the summary names by code, or by
 * "[ANANA]" (a code not yet given) for the new Thames Valley one. */
static const char *resolve_sicbl(const struct england *en, const char *code, const char *name)
{
	size_t s = england_sicbl(en, code);
	char *both;
	bool tv;

	if (s != SIZE_MAX)
		return en->sicbls[s].code;
	both = xasprintf("%s %s", code, name);
	for (char *p = both; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	tv = strstr(both, "THAMES VALLEY") && strstr(both, "ANANA");
	free(both);
	return tv ? en->new_tv_sicbl : NULL;
}

static int read_lsoa_changes(struct england *en, const struct table *t, size_t first,
                             char **error)
{
	for (size_t r = first; r < t->rows; r++) {
		if (t->width <= 16 || strncmp(table_cell(t, r, 1), "E01", 3) != 0)
			continue;
		char *from = cell(t, r, 4), *code = cell(t, r, 13), *name = cell(t, r, 14);
		const char *to = resolve_sicbl(en, code, name);
		bool from_closed = textmap_has(&en->closed_sicbl_icb, from);
		free(from);
		free(code);
		free(name);
		if (!to || !from_closed) {
			*error = table_error(t->name, t->lines[r], "an LSOA moved from other than the "
			                     "closed sub-ICB location, or to none the lookup has");
			return -1;
		}
		counter_add(&en->frimley_moves, to, 1);
	}
	return 0;
}

/* " - CODE" at the end of a name: CODE, or "" (caller frees). */
static char *code_after_dash(const char *name)
{
	const char *dash = strstr(name, " - "), *next;

	while (dash && (next = strstr(dash + 3, " - ")))
		dash = next;
	if (!dash || !dash[3] || strpbrk(dash + 3, " \t"))
		return xstrdup("");
	return xstrdup(dash + 3);
}

static bool practice_code(const char *s)
{
	return strlen(s) == 6 && matches_code(s, 0, 6, 6);
}

static int read_gp_moves(struct england *en, const struct table *t, size_t first, char **error)
{
	enum { NONE, PRACTICES, PCNS } section = NONE;

	for (size_t r = first; r < t->rows && !*error; r++) {
		char *who = cell(t, r, 1), *code = cell(t, r, 2), *dash = NULL;
		if (strncmp(who, "Commissioner as at 1 Apr 2026", 29) == 0 && section == NONE)
			section = PRACTICES;
		else if (strncmp(who, "PCN commissioning arrangements", 30) == 0)
			section = PCNS;
		else if (strncmp(who, "Prescribing Cost Centre Codes due for closure", 45) == 0)
			section = NONE;
		else if ((section == PCNS && pcn_code(code)) ||
		         (section == PRACTICES && practice_code(code) && strstr(who, " - "))) {
			dash = code_after_dash(who);
			const char *to = resolve_sicbl(en, dash, who);
			if (!to)
				*error = table_error(t->name, t->lines[r], "\"%s\" is no sub-ICB location "
				                     "the lookup has", who);
			else if (section == PCNS)
				textmap_set(&en->pcn_moves, code, to);
			else if (import_db_insert(en->db, IMPORT_GP_MOVES,
			                          (const char *const[]){ code, to }, 2, error) == 0)
				textmap_set(&en->gp_moves, code, to);
		}
		free(dash);
		free(who);
		free(code);
	}
	return *error ? -1 : 0;
}

/* --- predecessors and successors ----------------------------------- */

static bool has_pred(const struct icb *icb, const char *x)
{
	for (size_t i = 0; i < icb->pred_count; i++)
		if (strcmp(icb->preds[i].code, x) == 0)
			return true;
	return false;
}

static void add_pred(struct icb *icb, const char *x, bool part)
{
	GROW(icb->preds, icb->pred_cap, icb->pred_count + 1);
	icb->preds[icb->pred_count++] = (struct pred){ xstrdup(x), part };
}

/* Whether ICB y takes only part of 2024 ICB x: x had a sub-ICB location
 * that went elsewhere, or one that closed and was split. */
static bool takes_part(const struct england *en, const struct icb *y, const char *x)
{
	for (size_t i = 0; i < en->closed_sicbl_icb.count; i++)
		if (strcmp(en->closed_sicbl_icb.values[i], x) == 0)
			return true;
	for (size_t i = 0; i < en->sic24_icb24.count; i++) {
		if (strcmp(en->sic24_icb24.values[i], x) != 0)
			continue;
		size_t s = england_sicbl(en, en->sic24_icb24.keys[i]);
		if (s == SIZE_MAX || strcmp(en->icbs[en->sicbls[s].icb].code, y->code) != 0)
			return true;
	}
	return false;
}

/* The 2024 ICBs whose area an April 2026 ICB took: through the sub-ICB
 * locations it kept, and through the LSOAs of a closed one.  Itself
 * first, then the whole ones, then the parts, each in the summary's
 * order. */
static void find_preds(struct england *en, struct icb *y)
{
	struct textmap from = { 0 };

	for (size_t j = 0; j < y->sicbl_count; j++) {
		const char *s = en->sicbls[y->sicbls[j]].code;
		const char *x = textmap_get(&en->sic24_icb24, s);
		if (x)
			textmap_set(&from, x, "");
		if (counter_get(&en->frimley_moves, s))
			for (size_t i = 0; i < en->closed_sicbl_icb.count; i++)
				textmap_set(&from, en->closed_sicbl_icb.values[i], "");
	}
	y->is_new = !textmap_has(&en->icb24_gss, y->code);
	if (!y->is_new && from.count == 1 && textmap_has(&from, y->code)) {
		textmap_free(&from);
		return;
	}
	y->boundary_changed = !y->is_new;
	if (textmap_has(&from, y->code))
		add_pred(y, y->code, false);
	for (int part = 0; part < 2; part++)
		for (size_t i = 0; i < en->abolished.count; i++) {
			const char *x = en->abolished.keys[i];
			if (textmap_has(&from, x) && !has_pred(y, x) && takes_part(en, y, x) == part)
				add_pred(y, x, part);
		}
	textmap_free(&from);
}

static void append_succ(struct england *en, const char *x, const char *y)
{
	const char *had = textmap_get(&en->succ, x);
	char *now = had ? xasprintf("%s;%s", had, y) : xstrdup(y);

	textmap_set(&en->succ, x, now);
	free(now);
}

static int link_successors(struct england *en, bool summary, char **error)
{
	for (size_t i = 0; i < en->icb_count; i++)
		find_preds(en, &en->icbs[i]);
	for (size_t i = 0; i < en->icb_count; i++)
		for (size_t j = 0; j < en->icbs[i].pred_count; j++)
			append_succ(en, en->icbs[i].preds[j].code, en->icbs[i].code);
	for (size_t i = 0; i < en->icb_count; i++)
		if (en->icbs[i].pred_count == 0)
			append_succ(en, en->icbs[i].code, en->icbs[i].code);
	for (size_t i = 0; i < en->icb24_gss.count; i++)
		if (!textmap_has(&en->succ, en->icb24_gss.keys[i])) {
			*error = xasprintf("import: ICB %s of 2024 has no successor among the ICBs "
			                   "of the ONS sub-ICB location lookup%s",
			                   en->icb24_gss.keys[i], summary ? "" : " (and there is no "
			                   "ODS ICB mergers change summary among the inputs)");
			return -1;
		}
	return 0;
}

int england_load(struct england *en, struct import_db *db,
                 const struct table *const *sheets, const size_t *first_rows, char **error)
{
	static const char *const sheet_names[MERGER_SHEETS] = { "Summary", "SICBL Changes",
	                                           "ICB Footprints_LSOA Changes",
	                                           "GP Practice Moves" };
	size_t given = 0;

	memset(en, 0, sizeof(*en));
	en->db = db;
	for (size_t i = 0; i < MERGER_SHEETS; i++)
		given += sheets[i] != NULL;
	/* without the change summary nothing was abolished, moved or split */
	for (size_t i = 0; i < MERGER_SHEETS && given; i++)
		if (!sheets[i]) {
			*error = xasprintf("import: no \"%s\" sheet of the ODS ICB mergers change "
			                   "summary among the inputs", sheet_names[i]);
			return -1;
		}
	if (read_lookups(en, error) < 0)
		return -1;
	if (given && (read_summary(en, sheets[0], first_rows[0], error) < 0 ||
	              read_sicbl_changes(en, sheets[1], first_rows[1], error) < 0))
		return -1;
	if (given)
		find_new_tv(en);
	if (given && (read_lsoa_changes(en, sheets[2], first_rows[2], error) < 0 ||
	              read_gp_moves(en, sheets[3], first_rows[3], error) < 0))
		return -1;
	en->mergers = given > 0;
	if (en->mergers)
		snprintf(en->as_at, sizeof(en->as_at), "%s", MERGER_DATE);
	if (link_successors(en, given > 0, error) < 0)
		return -1;
	england_rank(en);
	return 0;
}

void england_set_as_at(struct england *en, const char *latest)
{
	if (!en->mergers && strlen(latest) == 8)
		snprintf(en->as_at, sizeof(en->as_at), "%.4s-%.2s-%.2s", latest, latest + 4,
		         latest + 6);
}

void england_free(struct england *en)
{
	for (size_t i = 0; i < en->region_count; i++) {
		free(en->regions[i].code);
		free(en->regions[i].gss);
		free(en->regions[i].name);
	}
	free(en->regions);
	for (size_t i = 0; i < en->icb_count; i++) {
		struct icb *icb = &en->icbs[i];
		free(icb->code);
		free(icb->gss);
		free(icb->name);
		free(icb->region);
		free(icb->sicbls);
		for (size_t j = 0; j < icb->pred_count; j++)
			free(icb->preds[j].code);
		free(icb->preds);
	}
	free(en->icbs);
	for (size_t i = 0; i < en->sicbl_count; i++) {
		free(en->sicbls[i].code);
		free(en->sicbls[i].gss);
		free(en->sicbls[i].ons_name);
	}
	free(en->sicbls);
	free(en->icb_rank);
	free(en->sicbl_rank);
	strmap_free(&en->icb_index);
	strmap_free(&en->sicbl_index);
	struct textmap *maps[] = { &en->lad, &en->sic24_icb24, &en->sic24_name, &en->utla,
	                           &en->utla_name, &en->ccg_name, &en->icb22_ods,
	                           &en->icb22_codes, &en->icb24_gss, &en->icb24_name,
	                           &en->abolished, &en->sicbl_old_name, &en->closed_sicbl_icb,
	                           &en->closed_sicbl_name, &en->pcn_moves, &en->gp_moves,
	                           &en->succ };
	for (size_t i = 0; i < sizeof(maps) / sizeof(maps[0]); i++)
		textmap_free(maps[i]);
	struct counter *counters[] = { &en->n_lad, &en->n_lad_sic, &en->n_lad_reg,
	                               &en->n_lad_sic24, &en->n_lad_icb24, &en->frimley_moves };
	for (size_t i = 0; i < sizeof(counters) / sizeof(counters[0]); i++)
		counter_free(counters[i]);
}
