/* The history of the England model (history.yaml): every clinical
 * commissioning group and sustainability and transformation partnership
 * of the ONS lookups of April 2017 to April 2020 and of the GP
 * registration map of January 2022, the STP each CCG belonged to in each
 * year (member_of links with `since` and `until`), the CCGs' mergers, and
 * their successors of July 2022: the sub-ICB location that took a CCG's
 * GSS code, and the 2026 ICBs its practices are commissioned by.
 *
 * The lookups list who existed on each date; they do not say who merged
 * into whom.  A CCG that disappears is succeeded by the CCG a short table
 * entered by hand names, else by the new CCG with its ODS code, else by
 * the one CCG new that year in its STP (or in its neighbours' STP, sharing
 * a place's name).  A link the table gives is stated by the table, which
 * it cites; one a rule finds is marked `basis: inferred` with the rule as
 * its reason, as is every link drawn from where practices or CCGs went. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "icsview/base/util.h"
#include "import_build.h"

/* The years of the lookups: each CCG existed from 1 April of a year,
 * the last (the map of January 2022) for the year from 1 April 2021. */
enum year { Y2017, Y2018, Y2019, Y2020, Y2021, YEARS };

static const char *const year_start[YEARS] = {
	"2017-04-01", "2018-04-01", "2019-04-01", "2020-04-01", "2021-04-01",
};
static const char *const year_end[YEARS] = {
	"2018-03-31", "2019-03-31", "2020-03-31", "2021-03-31",
	/* CCGs were abolished when ICBs took over (Health and Care Act 2022) */
	"2022-06-30",
};
static const char *const year_source[YEARS] = {
	"ons-ccg-stp-2017", "ons-ccg-stp-2018", "ons-ccg-stp-2019", "ons-ccg-stp-2020",
	"nhsd-gp-reg-2022",
};
static const enum import_table year_table[YEARS] = {
	IMPORT_CCG_STP17, IMPORT_CCG_STP18, IMPORT_CCG_STP19, IMPORT_CCG_STP20,
	IMPORT_GP_REG_2022,
};

#define ICB_DATE "2022-07-01"
#define NOT_IN_YEAR SIZE_MAX

/* The mergers of 2018 and 2020 that no rule below finds from the
 * lookups (their CCGs went into a new CCG of another name, or several
 * were formed in one STP), entered by hand from NHS England's approvals
 * of the mergers: the source icsview-ccg-mergers. */
#define HAND_SOURCE "icsview-ccg-mergers"
static const struct { const char *from, *to; } hand_mergers[] = {
	{ "E38000003", "E38000223" },   /* Aylesbury Vale → Buckinghamshire, 2018 */
	{ "E38000033", "E38000223" },   /* Chiltern */
	{ "E38000110", "E38000221" },   /* Newbury and District → Berkshire West, 2018 */
	{ "E38000114", "E38000221" },   /* North & West Reading */
	{ "E38000160", "E38000221" },   /* South Reading */
	{ "E38000209", "E38000221" },   /* Wokingham */
	{ "E38000042", "E38000247" },   /* Darlington → Tees Valley, 2020 */
	{ "E38000069", "E38000241" },   /* Hambleton, Richmondshire and Whitby → North Yorkshire */
	{ "E38000073", "E38000241" },   /* Harrogate and Rural District */
	{ "E38000145", "E38000241" },   /* Scarborough and Ryedale */
	{ "E38000214", "E38000246" },   /* Guildford and Waverley → Surrey Heartlands, 2020 */
	{ "E38000128", "E38000246" },   /* North West Surrey */
	{ "E38000177", "E38000246" },   /* Surrey Downs */
	{ "E38000054", "E38000246" },   /* East Surrey */
	{ "E38000213", "E38000248" },   /* Coastal West Sussex → West Sussex, 2020 */
	{ "E38000039", "E38000248" },   /* Crawley */
	{ "E38000083", "E38000248" },   /* Horsham and Mid Sussex */
	{ "E38000055", "E38000235" },   /* Eastbourne, Hailsham and Seaford → East Sussex, 2020 */
	{ "E38000076", "E38000235" },   /* Hastings and Rother */
	{ "E38000081", "E38000235" },   /* High Weald Lewes Havens */
};

/* A CCG that succeeded another, and how that is known. */
struct hsucc {
	size_t ccg;                  /* index into ccgs */
	bool by_hand;                /* from hand_mergers: stated by HAND_SOURCE */
	char *why;                   /* the note (by hand) or the reason (inferred) */
};

struct hccg {
	char *gss, *ods, *name;
	size_t stp[YEARS];           /* index into stps, or NOT_IN_YEAR */
	struct hsucc *succ;          /* the CCGs that succeeded it */
	size_t succ_count, succ_cap;
	struct counter icbs;         /* 2026 ICB → its practices of January 2022 */
	long long practices;         /* their total */
};

struct hstp {
	char *gss, *ods, *name;
	bool in[YEARS];
};

struct history {
	const struct england *en;
	struct hccg *ccgs;
	size_t ccg_count, ccg_cap;
	struct strmap ccg_index;
	struct hstp *stps;
	size_t stp_count, stp_cap;
	struct strmap stp_index;
	struct textmap loc22;        /* 2022 sub-ICB location GSS code → ODS code */
	struct textmap icb22;        /* the 2022 ICBs' ODS codes (a set) */
	enum year year;              /* the year being read */
};

static size_t stp_at(struct history *h, const char *gss, const char *ods, const char *name)
{
	bool added;
	int32_t *slot = strmap_insert(&h->stp_index, gss, &added);

	if (added) {
		GROW(h->stps, h->stp_cap, h->stp_count + 1);
		h->stps[h->stp_count] = (struct hstp){ .gss = xstrdup(gss), .ods = xstrdup(""),
		                                       .name = xstrdup(name) };
		*slot = (int32_t)h->stp_count++;
	}
	struct hstp *s = &h->stps[*slot];
	/* the latest name and code the ONS lookups give (the GP map's names
	 * only where they give none: it calls some by older names) */
	if (h->year != Y2021) {
		free(s->name);
		s->name = xstrdup(name);
	}
	if (*ods) {
		free(s->ods);
		s->ods = xstrdup(ods);
	}
	s->in[h->year] = true;
	return (size_t)*slot;
}

static size_t ccg_at(struct history *h, const char *gss, const char *ods, const char *name)
{
	bool added;
	int32_t *slot = strmap_insert(&h->ccg_index, gss, &added);

	if (added) {
		GROW(h->ccgs, h->ccg_cap, h->ccg_count + 1);
		struct hccg *c = &h->ccgs[h->ccg_count];
		memset(c, 0, sizeof(*c));
		c->gss = xstrdup(gss);
		c->ods = xstrdup(ods);
		c->name = xstrdup(name);
		for (size_t y = 0; y < YEARS; y++)
			c->stp[y] = NOT_IN_YEAR;
		*slot = (int32_t)h->ccg_count++;
		return (size_t)*slot;
	}
	struct hccg *c = &h->ccgs[*slot];
	if (h->year != Y2021) {
		free(c->name);
		c->name = xstrdup(name);
	}
	return (size_t)*slot;
}

/* A row of a CCG → STP lookup: ccg_gss, ccg, ccg_name, stp_gss, [stp,]
 * stp_name; of the GP map: practice first, then the same with stp. */
static int read_row(void *ctx, const char *const *cells, size_t count)
{
	struct history *h = ctx;
	const char *const *c = h->year == Y2021 ? cells + 1 : cells;
	bool with_ods = h->year >= Y2020;
	const char *stp_ods = with_ods ? c[4] : "", *stp_name = with_ods ? c[5] : c[4];

	(void)count;
	if (!*c[0] || !*c[3])
		return 0;
	size_t s = stp_at(h, c[3], stp_ods, stp_name);
	size_t i = ccg_at(h, c[0], c[1], c[2]);
	h->ccgs[i].stp[h->year] = s;
	return 0;
}

static int read_loc22(void *ctx, const char *const *cells, size_t count)
{
	struct history *h = ctx;

	(void)count;
	textmap_set(&h->loc22, cells[0], cells[1]);
	textmap_set(&h->icb22, cells[3], "");
	return 0;
}

static bool present(const struct hccg *c, enum year y)
{
	return c->stp[y] != NOT_IN_YEAR;
}

static void add_successor(struct hccg *c, size_t to, bool by_hand, char *why)
{
	GROW(c->succ, c->succ_cap, c->succ_count + 1);
	c->succ[c->succ_count++] = (struct hsucc){ .ccg = to, .by_hand = by_hand, .why = why };
}

/* An inferred link's mark, as icsview-model(5) documents it. */
static void link_inferred(struct ilink *l, const char *reason)
{
	link_text(l, "basis", "inferred");
	link_text(l, "reason", reason);
}

/* Words of a name too common to say two CCGs cover one area, and the
 * shortest word that names a place. */
enum { SHORTEST_PLACE_WORD = 3 };
static const char *const common_words[] = {
	"NHS", "CCG", "and", "North", "South", "East", "West", "Central", "District",
	"Districts", "Rural", "City", "the", "of",
};

static bool common_word(const char *w, size_t n)
{
	for (size_t i = 0; i < sizeof(common_words) / sizeof(common_words[0]); i++)
		if (strlen(common_words[i]) == n && strncmp(common_words[i], w, n) == 0)
			return true;
	return n < SHORTEST_PLACE_WORD;
}

/* Whether names a and b share a word that names a place. */
static bool share_place_word(const char *a, const char *b)
{
	static const char seps[] = " ,&-";

	for (const char *w = a; *w; ) {
		size_t n = strcspn(w, seps);
		if (n && !common_word(w, n)) {
			for (const char *v = b; *v; ) {
				size_t m = strcspn(v, seps);
				if (m == n && strncmp(v, w, n) == 0)
					return true;
				v += m + (v[m] != '\0');
			}
		}
		w += n + (w[n] != '\0');
	}
	return false;
}

/* The CCGs new in year y+1 (absent in y) in STP stp; with `named`, only
 * those sharing a place's name with it. */
static size_t new_in_stp(const struct history *h, enum year y, size_t stp, const char *named,
                         size_t *found)
{
	size_t n = 0;

	for (size_t i = 0; i < h->ccg_count; i++) {
		const struct hccg *c = &h->ccgs[i];
		if (!present(c, y) && c->stp[y + 1] == stp &&
		    (!named || share_place_word(named, c->name))) {
			if (n == 0)
				*found = i;
			n++;
		}
	}
	return n;
}

/* Where c's STP of year y went: the STP in year y+1 of the first CCG of
 * that STP that lived on (SIZE_MAX: none did). */
static size_t stp_of_mates(const struct history *h, enum year y, const struct hccg *c)
{
	for (size_t i = 0; i < h->ccg_count; i++) {
		const struct hccg *m = &h->ccgs[i];
		if (m->stp[y] == c->stp[y] && present(m, y + 1))
			return m->stp[y + 1];
	}
	return SIZE_MAX;
}

/* The merger the hand table gives for c, if its CCG is new in y+1. */
static bool hand_successor(struct history *h, enum year y, struct hccg *c)
{
	for (size_t i = 0; i < sizeof(hand_mergers) / sizeof(hand_mergers[0]); i++) {
		if (strcmp(hand_mergers[i].from, c->gss) != 0)
			continue;
		int32_t *to = strmap_find(&h->ccg_index, hand_mergers[i].to);
		if (!to || present(&h->ccgs[*to], y) || !present(&h->ccgs[*to], y + 1))
			return false;
		add_successor(c, (size_t)*to, true,
		              xasprintf("entered by hand from NHS England's approval of the "
		                        "merger, which the lookups show only as one CCG gone "
		                        "and another new on %s", year_start[y + 1]));
		return true;
	}
	return false;
}

static void find_successor(struct history *h, enum year y, size_t index)
{
	struct hccg *c = &h->ccgs[index];
	size_t found = SIZE_MAX, stp;

	if (hand_successor(h, y, c))
		return;
	for (size_t i = 0; i < h->ccg_count; i++) {
		const struct hccg *n = &h->ccgs[i];
		if (!present(n, y) && present(n, y + 1) && *c->ods && strcmp(n->ods, c->ods) == 0) {
			add_successor(c, i, false,
			              xasprintf("the CCG with its ODS code %s in the lookup of %s, "
			                        "under a new GSS code", c->ods, year_start[y + 1]));
			return;
		}
	}
	bool same_stp = h->stps[c->stp[y]].in[y + 1];
	stp = same_stp ? c->stp[y] : stp_of_mates(h, y, c);
	if (stp == SIZE_MAX)
		return;
	/* In an STP that lived on, the one CCG new there; else, or among
	 * several, the one new CCG there sharing a place's name with it. */
	if (same_stp && new_in_stp(h, y, stp, NULL, &found) == 1) {
		add_successor(c, found, false,
		              xasprintf("the only CCG new on %s in its STP (%s)", year_start[y + 1],
		                        h->stps[stp].name));
		return;
	}
	if (new_in_stp(h, y, stp, c->name, &found) == 1)
		add_successor(c, found, false,
		              xasprintf("the only CCG new on %s in the STP of its neighbours "
		                        "(%s) whose name shares a place with its own",
		                        year_start[y + 1], h->stps[stp].name));
}

static void find_mergers(struct history *h)
{
	for (enum year y = Y2017; y + 1 < YEARS; y++)
		for (size_t i = 0; i < h->ccg_count; i++)
			if (present(&h->ccgs[i], y) && !present(&h->ccgs[i], y + 1))
				find_successor(h, y, i);
}

static char *stp_id(const struct hstp *s)
{
	return xasprintf("stp-%s", s->gss);
}

static char *ccg_id(const struct hccg *c)
{
	return xasprintf("ccg-%s", c->gss);
}

static void link_sources(struct ilink *l, enum year a, enum year b)
{
	link_source(l, year_source[a]);
	if (b != a)
		link_source(l, year_source[b]);
}

/* One member_of link a run of years in one STP. */
static void stp_links(const struct history *h, const struct hccg *c, struct ientity *e)
{
	for (size_t y = 0; y < YEARS;) {
		if (!present(c, (enum year)y)) {
			y++;
			continue;
		}
		size_t last = y;
		while (last + 1 < YEARS && c->stp[last + 1] == c->stp[y])
			last++;
		char *to = stp_id(&h->stps[c->stp[y]]);
		struct ilink *l = entity_link(e, "member_of", to);
		free(to);
		link_text(l, "since", year_start[y]);
		link_text(l, "until", year_end[last]);
		link_sources(l, (enum year)y, (enum year)last);
		y = last + 1;
	}
}

static enum year first_year(const struct hccg *c)
{
	enum year y = Y2017;
	while (y < YEARS && !present(c, y))
		y++;
	return y;
}

static enum year last_year(const struct hccg *c)
{
	enum year y = Y2021;
	while (y > Y2017 && !present(c, y))
		y--;
	return y;
}

/* A row of IMPORT_JOIN_CCG_PRACTICES_2026: ccg_gss, sicbl, practices. */
static int read_practices(void *ctx, const char *const *cells, size_t count)
{
	struct history *h = ctx;
	int32_t *at = strmap_find(&h->ccg_index, cells[0]);
	size_t s = england_sicbl(h->en, cells[1]);

	(void)count;
	if (!at || s == SIZE_MAX)
		return 0;
	struct hccg *c = &h->ccgs[*at];
	long long n = atoll(cells[2]);
	counter_add(&c->icbs, h->en->icbs[h->en->sicbls[s].icb].code, n);
	c->practices += n;
	return 0;
}

/* A CCG of 2021-22: the sub-ICB location that took its GSS code, the
 * 2026 ICBs of its practices. */
static void successors_2022(const struct history *h, const struct hccg *c, struct ientity *e)
{
	const char *loc = textmap_get(&h->loc22, c->gss);
	const struct counter *icbs = &c->icbs;

	if (loc && england_sicbl(h->en, loc) != SIZE_MAX) {
		struct ilink *l = entity_link(e, "succeeded_by", loc);
		link_text(l, "date", ICB_DATE);
		link_text(l, "note", "the sub-ICB location with the CCG's GSS code");
		link_source(l, "ons-loc22-2022");
	}
	for (size_t i = 0; i < icbs->count; i++) {
		struct ilink *l = entity_link(e, "succeeded_by", icbs->keys[i]);
		link_int(l, "practices", icbs->counts[i]);
		if (icbs->counts[i] < c->practices)
			link_real(l, "share", (double)icbs->counts[i] / (double)c->practices);
		link_inferred(l, "the 2026 ICB its GP practices of January 2022 are "
		              "commissioned by (those still open)");
		link_source(l, "nhsd-gp-reg-2022");
		link_source(l, "ods-epraccur-2026-02");
	}
}

static struct ientity *ccg_entity(const struct history *h, const struct hccg *c)
{
	char *id = ccg_id(c);
	struct ientity *e = entity_new(id, "organisation", c->name, "clinical commissioning group");
	enum year first = first_year(c), last = last_year(c);

	free(id);
	entity_aka(e, c->gss);
	entity_aka(e, c->ods);
	entity_fact_text(e, "ons_code", c->gss);
	entity_fact_text(e, "ods_code", c->ods);
	entity_fact_text(e, "since", year_start[first]);
	entity_fact_text(e, "until", year_end[last]);
	entity_source(e, year_source[first]);
	if (last != first)
		entity_source(e, year_source[last]);
	stp_links(h, c, e);
	for (size_t i = 0; i < c->succ_count; i++) {
		const struct hsucc *s = &c->succ[i];
		char *to = ccg_id(&h->ccgs[s->ccg]);
		struct ilink *l = entity_link(e, "succeeded_by", to);
		free(to);
		link_text(l, "date", year_start[last + 1]);
		if (s->by_hand)
			link_text(l, "note", s->why);
		else
			link_inferred(l, s->why);
		link_sources(l, last, (enum year)(last + 1));
		if (s->by_hand)
			link_source(l, HAND_SOURCE);
	}
	if (last != Y2021 && c->succ_count == 0)
		entity_fact_text(e, "successor", "not determined: the lookups do not say which "
		                 "CCG took its area, and no single new CCG of its STP fits");
	if (last == Y2021)
		successors_2022(h, c, e);
	return e;
}

/* The STPs of year y+1 that the CCGs of STP s in year y went to, other
 * than s itself: a link each, with the CCGs that went when not all did. */
static void stp_flows(const struct history *h, size_t s, enum year y, struct ientity *e)
{
	struct textmap to = { 0 };

	for (size_t i = 0; i < h->ccg_count; i++) {
		const struct hccg *c = &h->ccgs[i];
		if (c->stp[y] != s)
			continue;
		size_t next = present(c, y + 1) ? c->stp[y + 1]
		              : c->succ_count ? h->ccgs[c->succ[0].ccg].stp[y + 1] : NOT_IN_YEAR;
		if (next == NOT_IN_YEAR || next == s)
			continue;
		char *key = stp_id(&h->stps[next]);
		const char *had = textmap_get(&to, key);
		char *names = had ? xasprintf("%s; %s", had, c->name) : xstrdup(c->name);
		textmap_set(&to, key, names);
		free(names);
		free(key);
	}
	for (size_t i = 0; i < to.count; i++) {
		struct ilink *l = entity_link(e, "succeeded_by", to.keys[i]);
		link_text(l, "date", year_start[y + 1]);
		if (h->stps[s].in[y + 1] || to.count > 1 || strchr(to.values[i], ';'))
			link_text(l, "part", to.values[i]);
		link_inferred(l, "where its CCGs, or the CCGs that succeeded them, are in the "
		              "next year's lookup");
		link_sources(l, y, (enum year)(y + 1));
	}
	textmap_free(&to);
}

/* Whether ICB `icb26` is the 2022 ICB `icb22` or one of its 2026
 * successors. */
static bool follows(const struct england *en, const char *icb22, const char *icb26)
{
	const char *succ = textmap_get(&en->succ, icb22);
	size_t n = strlen(icb26);

	if (strcmp(icb22, icb26) == 0)
		return true;
	for (const char *p = succ; p && *p; ) {
		size_t m = strcspn(p, ";");
		if (m == n && strncmp(p, icb26, n) == 0)
			return true;
		p += m + (p[m] != '\0');
	}
	return false;
}

/* The 2026 ICBs that practices of an STP's last CCGs went to, beyond
 * the ICB that took its code and that ICB's successors: Glossop's
 * practices, in Greater Manchester until 2022, are in Derbyshire's. */
static void part_successors(const struct history *h, size_t s, struct ientity *e)
{
	const struct hstp *stp = &h->stps[s];
	struct counter moved = { 0 };
	struct textmap from = { 0 };

	for (size_t i = 0; i < h->ccg_count; i++) {
		const struct hccg *c = &h->ccgs[i];
		if (c->stp[Y2021] != s)
			continue;
		for (size_t k = 0; k < c->icbs.count; k++) {
			if (follows(h->en, stp->ods, c->icbs.keys[k]))
				continue;
			counter_add(&moved, c->icbs.keys[k], c->icbs.counts[k]);
			const char *had = textmap_get(&from, c->icbs.keys[k]);
			char *names = had ? xasprintf("%s; %s", had, c->name) : xstrdup(c->name);
			textmap_set(&from, c->icbs.keys[k], names);
			free(names);
		}
	}
	for (size_t i = 0; i < moved.count; i++) {
		struct ilink *l = entity_link(e, "succeeded_by", moved.keys[i]);
		char *part = xasprintf("%lld practices of %s", moved.counts[i],
		                       textmap_get(&from, moved.keys[i]));
		link_text(l, "part", part);
		free(part);
		link_inferred(l, "the 2026 ICB that GP practices of its CCGs of January 2022 "
		              "are commissioned by, outside the ICB that took its code");
		link_source(l, "nhsd-gp-reg-2022");
		link_source(l, "ods-epraccur-2026-02");
	}
	counter_free(&moved);
	textmap_free(&from);
}

static bool icb_in_model(const struct england *en, const char *code)
{
	return england_icb(en, code) != SIZE_MAX || textmap_has(&en->abolished, code);
}

static struct ientity *stp_entity(const struct history *h, size_t s)
{
	const struct hstp *stp = &h->stps[s];
	char *id = stp_id(stp);
	struct ientity *e = entity_new(id, "system", stp->name,
	                               "sustainability and transformation partnership");
	enum year first = Y2017, last = Y2021;

	free(id);
	while (!stp->in[first])
		first++;
	while (!stp->in[last])
		last--;
	entity_aka(e, stp->gss);
	entity_aka(e, stp->ods);
	entity_fact_text(e, "ons_code", stp->gss);
	entity_fact_text(e, "ods_code", stp->ods);
	entity_fact_text(e, "since", year_start[first]);
	entity_fact_text(e, "until", year_end[last]);
	entity_source(e, year_source[first]);
	if (last != first)
		entity_source(e, year_source[last]);
	/* each year of its life to the next, the last to where it went */
	for (enum year y = first; y <= last && y + 1 < YEARS; y++)
		stp_flows(h, s, y, e);
	if (last == Y2021 && *stp->ods && textmap_has(&h->icb22, stp->ods) &&
	    icb_in_model(h->en, stp->ods)) {
		struct ilink *l = entity_link(e, "succeeded_by", stp->ods);
		link_text(l, "date", ICB_DATE);
		link_inferred(l, "the integrated care board that took the STP's ODS code in "
		              "July 2022");
		link_source(l, "nhsd-gp-reg-2022");
		link_source(l, "ons-loc22-2022");
		part_successors(h, s, e);
	}
	return e;
}

static int read_all(struct history *h, struct import_db *db, char **error)
{
	for (enum year y = Y2017; y < YEARS; y++) {
		h->year = y;
		if (import_db_rows(db, year_table[y], read_row, h, error) < 0)
			return -1;
	}
	if (import_db_rows(db, IMPORT_ONS_LOC22, read_loc22, h, error) < 0)
		return -1;
	return import_db_join(db, IMPORT_JOIN_CCG_PRACTICES_2026, NULL, read_practices, h,
	                      error) < 0 ? -1 : 0;
}

static void history_free(struct history *h)
{
	for (size_t i = 0; i < h->ccg_count; i++) {
		struct hccg *c = &h->ccgs[i];
		free(c->gss);
		free(c->ods);
		free(c->name);
		for (size_t j = 0; j < c->succ_count; j++)
			free(c->succ[j].why);
		free(c->succ);
		counter_free(&c->icbs);
	}
	for (size_t i = 0; i < h->stp_count; i++) {
		free(h->stps[i].gss);
		free(h->stps[i].ods);
		free(h->stps[i].name);
	}
	free(h->ccgs);
	free(h->stps);
	strmap_free(&h->ccg_index);
	strmap_free(&h->stp_index);
	textmap_free(&h->loc22);
	textmap_free(&h->icb22);
}

static struct ientity *group_entity(const struct history *h)
{
	struct ientity *g = entity_new(HISTORY_STPS_ID, "region",
	                               "STPs and CCGs, 2017\u20132022", NULL);
	entity_set_parent(g, HISTORY_ROOT_ID);
	entity_fact_int(g, "stps", (long long)h->stp_count);
	entity_fact_int(g, "ccgs", (long long)h->ccg_count);
	entity_set_text(g, "Every sustainability and transformation partnership (STP) and "
	                "clinical commissioning group (CCG) of the ONS lookups of 1 April "
	                "2017 to 1 April 2020 and of NHS Digital's GP registration map of "
	                "January 2022, each CCG under the STP it was last in, with the STP "
	                "of each year as a member_of link (since, until). The lookups say "
	                "who existed on each date, not who merged into whom: every "
	                "succeeded_by link between CCGs or STPs is marked inferred, with the "
	                "reason, or cites the mergers entered by hand from NHS England's "
	                "approvals. CCGs were abolished on 1 July 2022, when integrated care "
	                "boards took over.");
	entity_source(g, year_source[Y2017]);
	entity_source(g, year_source[Y2021]);
	return g;
}

int build_history(struct england *en, struct entity_list *out, char **error)
{
	struct history h = { .en = en };
	struct ientity *g = NULL, **stps = NULL;

	if (read_all(&h, en->db, error) < 0)
		goto fail;
	find_mergers(&h);
	g = group_entity(&h);
	stps = xcalloc(h.stp_count ? h.stp_count : 1, sizeof(*stps));
	for (size_t s = 0; s < h.stp_count; s++)
		stps[s] = stp_entity(&h, s);
	for (size_t i = 0; i < h.ccg_count; i++) {
		struct ientity *c = ccg_entity(&h, &h.ccgs[i]);
		entity_add_child(stps[h.ccgs[i].stp[last_year(&h.ccgs[i])]], c);
	}
	for (size_t s = 0; s < h.stp_count; s++) {
		entity_sort(stps[s]->children, stps[s]->child_count);
		entity_add_child(g, stps[s]);
		stps[s] = NULL;
	}
	entity_sort(g->children, g->child_count);
	entity_list_add(out, g);
	free(stps);
	history_free(&h);
	return 0;
fail:
	for (size_t s = 0; stps && s < h.stp_count; s++)
		entity_free(stps[s]);
	free(stps);
	entity_free(g);
	history_free(&h);
	return -1;
}
