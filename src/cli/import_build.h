/* Building the England model from the import's database: the geography
 * and the April 2026 mergers read first (import_geo.c), then each file's
 * entities (import_areas.c, import_trusts.c, import_primary.c,
 * import_councils.c, import_governance.c, import_sources.c).  Everything here follows the
 * inputs' order where the inputs' order shows, so that the same inputs
 * give the same model. */
#ifndef ICSVIEW_IMPORT_BUILD_H
#define ICSVIEW_IMPORT_BUILD_H

#include <stdbool.h>
#include <stddef.h>
#include "icsview/base/strmap.h"
#include "icsview/ingest/table.h"
#include "icsview/store/import_db.h"
#include "import_maps.h"
#include "import_model.h"

/* The roots of the tree, all defined in regions-icbs.yaml in this order
 * (England today, its history, the sources): every other entity of the
 * model has a parent, so the roots' order is theirs, whatever the files'
 * names. */
#define ENGLAND_ROOT_ID "england"
#define HISTORY_ROOT_ID "england-history"
#define SOURCES_ROOT_ID "sources"
/* The STPs and CCGs of 2017-2022, under the history. */
#define HISTORY_STPS_ID "stps-ccgs-2017-2022"

/* The day the ICB mergers took effect. */
#define MERGER_DATE "2026-04-01"

struct region {
	char *code, *gss, *name;
};

struct pred {
	char *code;
	bool part;             /* only part of it went to this ICB */
};

struct icb {
	char *code, *gss, *name, *region;
	size_t *sicbls;        /* indexes into england.sicbls, in the lookup's order */
	size_t sicbl_count, sicbl_cap;
	bool is_new, boundary_changed;
	struct pred *preds;    /* the ICBs it succeeded on the merger date */
	size_t pred_count, pred_cap;
};

struct sicbl {
	char *code, *gss, *ons_name;
	size_t icb;
};

struct england {
	struct import_db *db;
	struct region *regions;          /* by code */
	size_t region_count;
	struct icb *icbs;                /* in the ONS lookup's order */
	size_t icb_count;
	struct strmap icb_index;
	struct sicbl *sicbls;
	size_t sicbl_count;
	struct strmap sicbl_index;

	struct textmap lad;              /* district → name, in the lookup's order */
	struct counter n_lad;            /* LSOA21s of a district */
	struct counter n_lad_sic;        /* (district, sub-ICB location 2026) */
	struct counter n_lad_reg;        /* (district, region) */
	struct counter n_lad_sic24;      /* (district, sub-ICB location 2024) */
	struct counter n_lad_icb24;      /* (district, ICB 2024) */
	struct textmap sic24_icb24;
	struct textmap sic24_name;
	struct textmap utla, utla_name;  /* district → county; county → name */
	struct textmap ccg_name;         /* GSS code → CCG name */
	struct textmap icb22_ods;        /* 2022 ICB GSS code → ODS code */
	struct textmap icb22_codes;      /* the 2022 ICBs' ODS codes (a set) */
	struct textmap icb24_gss, icb24_name;

	struct textmap abolished;        /* ICB → region, in the summary's order */
	struct textmap sicbl_old_name;
	struct textmap closed_sicbl_icb, closed_sicbl_name;
	const char *new_tv_sicbl;
	struct counter frimley_moves;    /* receiving sub-ICB location → LSOA11s */
	struct textmap pcn_moves;        /* PCN → receiving sub-ICB location */
	struct textmap gp_moves;         /* GP practice → receiving sub-ICB location */
	struct textmap succ;             /* ICB 2024 → its 2026 successors, ";"-joined */
	size_t *icb_rank, *sicbl_rank;   /* england_icb_order, england_sicbl_order */
	bool mergers;                    /* the change summary was read */
	char as_at[sizeof("YYYY-MM-DD")];/* the merger date; without the summary, the
	                                    latest date in the ODS files (england_set_as_at) */
};

/* The change summary's sheets: Summary, SICBL Changes, ICB
 * Footprints_LSOA Changes, GP Practice Moves. */
enum { MERGER_SHEETS = 4 };

/* Reads the geography and the mergers from the database and the
 * change summary's sheets (their tables, by kind: all NULL when there
 * is no change summary, and then nothing was abolished, moved or split).
 * -1 with *error when the inputs do not say what the model needs. */
int england_load(struct england *en, struct import_db *db,
                 const struct table *const *sheets, const size_t *first_rows,
                 char **error);
void england_free(struct england *en);
/* The day the model describes when there is no change summary: the
 * latest date (YYYYMMDD) in the ODS files read. */
void england_set_as_at(struct england *en, const char *latest);

size_t england_icb(const struct england *en, const char *code);     /* SIZE_MAX: none */
size_t england_sicbl(const struct england *en, const char *code);
/* The position of each ICB and sub-ICB location in the model's order:
 * region, then ICB name; sub-ICB locations by their ICB, then code
 * (england_rank works them out, once the lookup is read). */
void england_rank(struct england *en);
size_t england_icb_order(const struct england *en, size_t icb);
size_t england_sicbl_order(const struct england *en, size_t sicbl);
/* An area by the authorities it covers (names, parts: see import_geo.c);
 * counts by district of the area's LSOA21s. */
void england_covers(const struct england *en, const struct counter *by_lad,
                    char ***names, size_t *name_count, char ***parts, size_t *part_count);
void free_strings(char **items, size_t count);

/* Says (as FILE:LINE: warning: ...) each active GP practice of one of
 * the model's regions that no sub-ICB location of the lookup
 * commissions, even after the change summary's moves: the model leaves
 * it out (import_check.c). */
struct import_inputs;
void england_report_left_out(const struct england *en, const struct import_inputs *in,
                             void (*say)(const char *line));

/* Where the practices and PCNs the change summary moves came from, for
 * their notes: the closed sub-ICB location and its ICB, "D4U1Y (NHS
 * Frimley ICB)", when one closed (caller frees). */
char *england_moved_from(const struct england *en);

/* Each file's entities. */
int build_regions_icbs(struct england *en, struct entity_list *out, char **error);
int build_mergers(struct england *en, struct entity_list *out, char **error);
int build_trusts(struct england *en, struct entity_list *out, char **error);
int build_primary_care(struct england *en, struct entity_list *out, char **error);
int build_local_authorities(struct england *en, struct entity_list *out, char **error);
int build_history(struct england *en, struct entity_list *out, char **error);
struct import_inputs;
/* The sources, each naming the files it was read from among `in`. */
void build_sources(const struct import_inputs *in, struct entity_list *out);
/* The governance bodies the law sets up (import_governance.c), from the
 * ICBs and the built councils and trusts; the Acts they rest on, as
 * sources; and the relations the bodies' file declares. */
int build_governance(const struct england *en, const struct entity_list *councils,
                     const struct entity_list *trusts, struct entity_list *out, char **error);
void build_governance_sources(struct entity_list *out);
const char *governance_relation_declarations(void);

#endif
