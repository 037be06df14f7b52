/* The vocabulary of the model format: the core kinds and relations,
 * declared once here and expanded into the tables core_kinds and
 * core_relations, with which the store starts every model's database; and
 * what ids, names and badges may be. */
#ifndef ICSVIEW_MODEL_H
#define ICSVIEW_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#define MODEL_FORMAT_VERSION 1
#define MODEL_ID_MAX 128         /* bytes in an id */
#define MODEL_NAME_MAX 64         /* bytes in a kind or relation name */
#define MODEL_BADGE_MAX 3         /* letters in a badge */

/* _(name, badge, description) */
#define KIND_LIST(_) \
	_(region,       "RGN", "a region, or a root grouping systems") \
	_(system,       "SYS", "an integrated care system, STP or integrated care board") \
	_(place,        "PLC", "a place: a borough, district or sub-ICB location") \
	_(partnership,  "PTN", "a place partnership or integrated care partnership") \
	_(organisation, "ORG", "an NHS body, council, practice, network or voluntary body") \
	_(board,        "BRD", "a board, committee, panel, forum or group") \
	_(programme,    "PRG", "a programme or workstream") \
	_(service,      "SVC", "a service") \
	_(initiative,   "INI", "an initiative or project") \
	_(person,       "PER", "a person") \
	_(source,       "SRC", "a source document or dataset")

/* _(name, inverse, secondary, meaning of "A name B") */
#define RELATION_LIST(_) \
	_(member_of,           "members",                       false, "A is a member of B") \
	_(reports_to,          "receives_reports_from",         false, "A reports to B") \
	_(recommends_to,       "receives_recommendations_from", false, "A makes recommendations to B") \
	_(leads,               "led_by",                        false, "A leads B") \
	_(chairs,              "chaired_by",                    false, "A chairs B") \
	_(hosts,               "hosted_by",                     false, "A hosts B") \
	_(serves,              "served_by",                     true,  "A serves B; A is also shown under B") \
	_(commissions,         "commissioned_by",               false, "A commissions B") \
	_(provides,            "provided_by",                   false, "A provides B") \
	_(delegated_authority, "delegates_authority_to",        false, "A holds authority delegated by B") \
	_(successor_of,        "succeeded_by",                  false, "A is the successor of B") \
	_(partner_in,          "partners",                      false, "A is a partner in B") \
	_(works_for,           "staff",                         false, "A works for B")

struct core_kind {
	const char *name;
	const char *badge;
	const char *description;
};

struct core_relation {
	const char *name;
	const char *inverse;
	bool secondary;
	const char *description;
};

extern const struct core_kind core_kinds[];
extern const size_t core_kind_count;
extern const struct core_relation core_relations[];
extern const size_t core_relation_count;

/* Ids: 1-128 bytes of [A-Za-z0-9._:/+-], starting with a letter or digit. */
bool model_id_valid(const char *id, size_t len);
/* Relation and kind names: 1-64 bytes of [a-z0-9_], starting with a letter. */
bool model_name_valid(const char *name, size_t len);
/* Badges: 1-3 ASCII letters. */
bool model_badge_valid(const char *badge, size_t len);

/* How a claim is known, written as a link's or a fact value's `basis`:
 * stated by its sources (the default), or inferred, a conclusion its
 * sources do not state themselves, which gives its `reason`. */
enum claim_basis { BASIS_STATED, BASIS_INFERRED };
#define BASIS_KEY "basis"
#define REASON_KEY "reason"
#define BASIS_NAMES "stated, inferred"       /* for messages */
bool claim_basis_parse(const char *text, enum claim_basis *out);
/* True for the keys `basis` and `reason`, which a link's facts do not
 * list: they are shown as its mark. */
bool claim_basis_key(const char *key);

#endif
