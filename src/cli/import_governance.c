/* The governance of England's NHS as the law sets it up (governance.yaml):
 * each integrated care board's unitary board and its integrated care
 * partnership, each upper-tier council's health and wellbeing board, each
 * open trust's board of directors and each foundation trust's council of
 * governors.  Every one of them exists because an Act says it must; the
 * inputs name none of them, so each has a generic name and says that its
 * own may differ, and each cites the Act it rests on (the sources built by
 * governance_sources).  Which councils sit on a partnership and which areas
 * a board covers come from the councils' overlaps (import_councils.c). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "icsview/base/util.h"
#include "import_build.h"

#define SRC_HCA_2022 "law-hca-2022"
#define SRC_LGPIHA_2007 "law-lgpiha-2007-s116za"
#define SRC_HSCA_2012 "law-hsca-2012-s194"
#define SRC_NHS_ACT_2006 "law-nhs-act-2006"
#define SRC_OVERLAPS "ons-lad-lsoa-2024"

#define LOCAL_NAME "not in the sources: a generic name; the body's own name may differ"

static const struct {
	const char *id, *name, *url, *what;
} laws[] = {
	{ SRC_HCA_2022, "Health and Care Act 2022",
	  "https://www.legislation.gov.uk/ukpga/2022/31/contents",
	  "Established integrated care boards (inserting sections 14Z25 onwards and "
	  "Schedule 1B into the National Health Service Act 2006) and integrated care "
	  "partnerships (inserting section 116ZA into the Local Government and Public "
	  "Involvement in Health Act 2007), in force from 1 July 2022." },
	{ SRC_LGPIHA_2007, "Local Government and Public Involvement in Health Act 2007, "
	  "section 116ZA (integrated care partnerships)",
	  "https://www.legislation.gov.uk/ukpga/2007/28/section/116ZA",
	  "An integrated care board and each responsible local authority whose area "
	  "coincides with or falls wholly or partly within the board's area must "
	  "establish a joint committee for the board's area: the integrated care "
	  "partnership. Responsible local authorities are county councils, unitary "
	  "and metropolitan district councils, London borough councils, the Council of "
	  "the Isles of Scilly and the Common Council of the City of London." },
	{ SRC_HSCA_2012, "Health and Social Care Act 2012, section 194 (establishment of "
	  "Health and Wellbeing Boards)",
	  "https://www.legislation.gov.uk/ukpga/2012/7/section/194",
	  "Each upper-tier local authority in England must establish a Health and "
	  "Wellbeing Board for its area, a committee of the authority, whose members "
	  "include councillors, the directors of adult social services, children's "
	  "services and public health, Local Healthwatch and each relevant integrated "
	  "care board." },
	{ SRC_NHS_ACT_2006, "National Health Service Act 2006",
	  "https://www.legislation.gov.uk/ukpga/2006/41/contents",
	  "NHS trusts (Schedule 4: a chair and executive and non-executive directors) "
	  "and NHS foundation trusts (Schedule 7: a council of governors and a board of "
	  "directors; section 151: the governors hold the non-executive directors to "
	  "account for the board's performance); integrated care boards' constitution "
	  "(Schedule 1B: a chair, a chief executive and at least three ordinary "
	  "members)." },
};

/* The relations governance.yaml declares. */
static const char governance_relations[] =
	"  governs:\n"
	"    inverse: governed_by\n"
	"    description: \"A is the board that governs B\"\n"
	"  committee_of:\n"
	"    inverse: committees\n"
	"    description: \"A is a committee of B\"\n"
	"  holds_to_account:\n"
	"    inverse: held_to_account_by\n"
	"    description: \"A holds B to account\"\n";

const char *governance_relation_declarations(void)
{
	return governance_relations;
}

void build_governance_sources(struct entity_list *out)
{
	for (size_t i = 0; i < sizeof(laws) / sizeof(laws[0]); i++) {
		struct ientity *e = entity_new(laws[i].id, "source", laws[i].name, "legislation");
		entity_set_parent(e, SOURCES_ROOT_ID);
		entity_fact_text(e, "publisher", "The National Archives (legislation.gov.uk)");
		entity_fact_text(e, "licence", "Open Government Licence v3.0");
		entity_fact_text(e, "attribution", "Contains public sector information licensed "
		                 "under the Open Government Licence v3.0");
		entity_fact_text(e, "url", laws[i].url);
		entity_set_text(e, laws[i].what);
		entity_list_add(out, e);
	}
}

/* The text of an entity's fact, or NULL. */
static const char *fact_of(const struct ientity *e, const char *key)
{
	for (size_t i = 0; i < e->fact_count; i++)
		if (strcmp(e->facts[i].key, key) == 0 && e->facts[i].value.type == VALUE_TEXT)
			return e->facts[i].value.text;
	return NULL;
}

/* A governance body: generic, so it says its own name may differ. */
static struct ientity *body(const char *owner, const char *suffix, const char *kind,
                            const char *type, const char *name)
{
	char *id = xasprintf("%s-%s", owner, suffix);
	struct ientity *e = entity_new(id, kind, name, type);

	free(id);
	entity_set_parent(e, owner);
	entity_fact_text(e, "statutory", "yes");
	entity_fact_text(e, "local_name", LOCAL_NAME);
	return e;
}

/* ---- integrated care boards ------------------------------------------------ */

/* "Greater Manchester" of "NHS Greater Manchester Integrated Care Board". */
static char *icb_area(const char *name)
{
	static const char prefix[] = "NHS ", suffix[] = " Integrated Care Board";
	size_t n = strlen(name), start = 0;

	if (strncmp(name, prefix, sizeof(prefix) - 1) == 0)
		start = sizeof(prefix) - 1;
	if (n >= start + sizeof(suffix) - 1 &&
	    strcmp(name + n - (sizeof(suffix) - 1), suffix) == 0)
		n -= sizeof(suffix) - 1;
	return xstrndup(name + start, n - start);
}

static struct ientity *icb_board(const struct icb *icb)
{
	char *name = xasprintf("%s: board", icb->name);
	struct ientity *e = body(icb->code, "board", "board", "unitary board", name);

	free(name);
	entity_fact_text(e, "established_by", "National Health Service Act 2006, s.14Z25 and "
	                 "Schedule 1B (inserted by the Health and Care Act 2022)");
	entity_fact_text(e, "members", "a chair, a chief executive and at least three "
	                 "ordinary members");
	entity_source(e, SRC_NHS_ACT_2006);
	entity_source(e, SRC_HCA_2022);
	struct ilink *l = entity_link(e, "governs", icb->code);
	link_source(l, SRC_NHS_ACT_2006);
	return e;
}

/* True when council serves (overlaps) the area `code`. */
static bool overlaps(const struct ientity *council, const char *code)
{
	for (size_t i = 0; i < council->link_count; i++)
		if (strcmp(council->links[i].rel, "serves") == 0 &&
		    strcmp(council->links[i].to, code) == 0)
			return true;
	return false;
}

/* Upper-tier councils: the responsible local authorities of s.116ZA and
 * the authorities of s.194 (counties, unitaries, metropolitan and London
 * boroughs, the City of London, the Isles of Scilly); districts are not. */
static bool upper_tier(const struct ientity *council)
{
	static const char *const prefixes[] = { "E06", "E08", "E09", "E10" };

	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (strncmp(council->id, prefixes[i], 3) == 0)
			return true;
	return false;
}

/* The partnership of an ICB; NULL when no council overlaps the ICB,
 * which the inputs of a whole England never say. */
static struct ientity *icp(const struct icb *icb, const struct entity_list *councils)
{
	size_t members = 0;

	char *area = icb_area(icb->name);
	char *name = xasprintf("%s integrated care partnership", area);
	char *aka = xasprintf("%s: integrated care partnership", icb->name);
	struct ientity *e = body(icb->code, "icp", "partnership", "integrated care partnership",
	                         name);
	struct ilink *l;

	entity_aka(e, aka);
	entity_aka(e, "ICP");
	free(area);
	free(name);
	free(aka);
	entity_fact_text(e, "established_by", "Local Government and Public Involvement in "
	                 "Health Act 2007, s.116ZA (inserted by the Health and Care Act 2022, "
	                 "s.26)");
	entity_fact_text(e, "form", "a joint committee of the integrated care board and the "
	                 "upper-tier councils whose areas overlap the board's");
	entity_source(e, SRC_LGPIHA_2007);
	entity_source(e, SRC_HCA_2022);
	/* the Act makes it a joint committee of the board and the councils
	 * it names, and each of them a member */
	l = entity_link(e, "committee_of", icb->code);
	link_source(l, SRC_LGPIHA_2007);
	l = entity_link(e, "members", icb->code);
	link_source(l, SRC_LGPIHA_2007);
	for (size_t i = 0; i < councils->count; i++) {
		const struct ientity *c = councils->items[i];
		if (!upper_tier(c) || !overlaps(c, icb->code))
			continue;
		l = entity_link(e, "committee_of", c->id);
		link_source(l, SRC_LGPIHA_2007);
		link_source(l, SRC_OVERLAPS);
		link_text(l, "basis", "inferred");
		link_text(l, "reason", "the council's area overlaps the board's (LSOA21 lookup), "
		          "and the Act makes the partnership a joint committee of each such council");
		l = entity_link(e, "members", c->id);
		members++;
		link_source(l, SRC_LGPIHA_2007);
		link_source(l, SRC_OVERLAPS);
		link_text(l, "basis", "inferred");
		link_text(l, "reason", "the council's area overlaps the board's (LSOA21 lookup), "
		          "and the Act makes each such council a member");
	}
	if (members == 0) {
		entity_free(e);
		return NULL;
	}
	return e;
}

/* ---- councils -------------------------------------------------------------- */

static struct ientity *hwb(const struct ientity *council)
{
	char *name = xasprintf("%s Health and Wellbeing Board", council->name);
	struct ientity *e = body(council->id, "hwb", "board", "health and wellbeing board",
	                         name);
	struct ilink *l;

	free(name);
	entity_aka(e, "HWB");
	entity_fact_text(e, "established_by", "Health and Social Care Act 2012, s.194");
	entity_source(e, SRC_HSCA_2012);
	l = entity_link(e, "committee_of", council->id);
	link_source(l, SRC_HSCA_2012);
	/* the areas it covers are the council's: the same links, the same shares */
	for (size_t i = 0; i < council->link_count; i++) {
		const struct ilink *cl = &council->links[i];
		if (strcmp(cl->rel, "serves") != 0)
			continue;
		l = entity_link(e, "serves", cl->to);
		for (size_t j = 0; j < cl->count; j++)
			if (cl->attrs[j].value.type == VALUE_REAL)
				link_real(l, cl->attrs[j].key, cl->attrs[j].value.real);
		link_source(l, SRC_OVERLAPS);
	}
	return e;
}

/* ---- trusts ---------------------------------------------------------------- */

/* Open on the day the model describes: opened by then and not closed
 * before it. */
static bool trust_open(const struct ientity *trust)
{
	const char *opened = fact_of(trust, "opened"), *closed = fact_of(trust, "closed");

	if (opened && strcmp(opened, MERGER_DATE) > 0)
		return false;
	return !closed || strcmp(closed, MERGER_DATE) >= 0;
}

static void trust_bodies(const struct ientity *trust, struct entity_list *out)
{
	bool foundation = trust->type && strcmp(trust->type, "NHS foundation trust") == 0;
	char *name = xasprintf("%s: board of directors", trust->name);
	struct ientity *board = body(trust->id, "board", "board", "board of directors", name);
	struct ilink *l;

	free(name);
	entity_fact_text(board, "established_by", foundation
	                 ? "National Health Service Act 2006, Schedule 7"
	                 : "National Health Service Act 2006, Schedule 4");
	entity_source(board, SRC_NHS_ACT_2006);
	l = entity_link(board, "governs", trust->id);
	link_source(l, SRC_NHS_ACT_2006);
	entity_list_add(out, board);
	if (!foundation)
		return;
	name = xasprintf("%s: council of governors", trust->name);
	struct ientity *governors = body(trust->id, "governors", "board", "council of governors",
	                                 name);
	free(name);
	entity_fact_text(governors, "established_by", "National Health Service Act 2006, "
	                 "Schedule 7 and s.151");
	entity_source(governors, SRC_NHS_ACT_2006);
	l = entity_link(governors, "holds_to_account", board->id);
	link_text(l, "scope", "the non-executive directors, individually and collectively, "
	          "for the performance of the board");
	link_source(l, SRC_NHS_ACT_2006);
	entity_list_add(out, governors);
}

static bool is_trust(const struct ientity *e)
{
	return e->type && (strcmp(e->type, "NHS trust") == 0 ||
	                   strcmp(e->type, "NHS foundation trust") == 0);
}

int build_governance(const struct england *en, const struct entity_list *councils,
                     const struct entity_list *trusts, struct entity_list *out, char **error)
{
	size_t *by_rank = xcalloc(en->icb_count ? en->icb_count : 1, sizeof(*by_rank));

	for (size_t i = 0; i < en->icb_count; i++)
		by_rank[england_icb_order(en, i)] = i;
	for (size_t r = 0; r < en->icb_count; r++) {
		const struct icb *icb = &en->icbs[by_rank[r]];
		struct ientity *partnership = icp(icb, councils);
		if (!partnership) {
			*error = xasprintf("import: no upper-tier council overlaps ICB %s", icb->code);
			free(by_rank);
			return -1;
		}
		entity_list_add(out, icb_board(icb));
		entity_list_add(out, partnership);
	}
	free(by_rank);
	for (size_t i = 0; i < councils->count; i++)
		if (upper_tier(councils->items[i]))
			entity_list_add(out, hwb(councils->items[i]));
	for (size_t i = 0; i < trusts->count; i++)
		if (is_trust(trusts->items[i]) && trust_open(trusts->items[i]))
			trust_bodies(trusts->items[i], out);
	return 0;
}
