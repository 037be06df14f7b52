/* The source entities (sources.yaml): one per public data set read, with
 * its publisher, vintage, licence, attribution and the files read.  What
 * is known of the copies in data/raw (when and where each was published,
 * where it was copied from, what it holds) is said of a file only when
 * it is that copy, row for row; of any other file of the kind, the
 * source says what the file itself gives: its latest date, or the year
 * of its codes. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "icsview/base/util.h"
#include "icsview/ingest/shape.h"
#include "import_build.h"
#include "import_inputs.h"

#define OGL "Open Government Licence v3.0"
#define ODS_ATTRIBUTION "Contains public sector information licensed under the Open " \
	"Government Licence v3.0 (NHS England Organisation Data Service)"
#define ONS_ATTRIBUTION(year) "Source: Office for National Statistics licensed under the " \
	"Open Government Licence v.3.0. Contains OS data \u00a9 Crown copyright and " \
	"database right " year

/* The previous etr extract, which has no kind of its own. */
#define PREVIOUS_ETR INPUT_KIND_COUNT

/* The most kinds of input one source is read from. */
enum { SOURCE_KINDS = 5 };

#define JTRIM_COPIED(file) "jtrim-ons/ons-lookups csv/" file " (with dataset_info/" file \
	".md as its .md) @ e01854390e5a365d04ba5eff46246e42b320e2cf"
#define CCG_STP_NOTE "Which STP each CCG belonged to on that date. It does not say " \
	"who merged into whom: the model infers it, and says so on each link."


static const struct {
	const char *id, *name, *publisher, *vintage;
	int kinds[SOURCE_KINDS];      /* its inputs, up to INPUT_NONE */
	const char *copied_from, *attribution, *note;
} sources[] = {
	{ "ons-sicbl26-2026",
	  "Sub ICB Locations to Integrated Care Boards to NHS England (Region) "
	  "(April 2026) Lookup in EN",
	  "Office for National Statistics (Open Geography Portal)",
	  "2026-04",
	  { INPUT_ONS_SICBL26, INPUT_NONE },
	  "mohammadadnann/nhs-rtt-waiting-time-analytics "
	  "data/reference/icb_region_lookup.csv @ "
	  "d83d31167fe66d544f25290213b01dc201878453",
	  ONS_ATTRIBUTION("2026"),
	  "106 sub-ICB locations, 36 ICBs, 7 NHS England regions with GSS and "
	  "ODS codes." },
	{ "ods-icb-mergers-2026",
	  "ICB Mergers Phase 1 April 2026 – Change Summary (version 1)",
	  "NHS England Organisation Data Service (ODS)",
	  "2025-11-06",
	  { INPUT_MERGERS_SUMMARY, INPUT_MERGERS_SICBL, INPUT_MERGERS_LSOA,
	    INPUT_MERGERS_GP_MOVES, INPUT_NONE },
	  "Will-Suvera/Tech-growth-map "
	  "ODS+Change+Summary+ICB+Mergers+Phase+1+Apr+2026 (2).xlsx @ "
	  "0449113e71ffbb7dceee8ccee29baa7d261dd24a",
	  ODS_ATTRIBUTION,
	  "12 ICBs abolished and 6 created on 2026-04-01, sub-ICB location "
	  "renames, the Frimley split, GP practice and PCN commissioner moves. "
	  "Joined to the ONS April 2026 lookup and the 2024 sub-ICB locations "
	  "for the predecessors of each ICB." },
	{ "ons-icb-names-2024",
	  "Integrated Care Boards (December 2024) Names and Codes in EN",
	  "Office for National Statistics (Open Geography Portal)",
	  "2024-12",
	  { INPUT_ONS_ICB24, INPUT_NONE },
	  "jhau/nhs-spend data/icb_names_codes_dec_2024.csv @ "
	  "5274f1eac65a4a07431469c051cf26f3e901aa82",
	  ONS_ATTRIBUTION("2024"),
	  "The 42 ICBs in being until 31 March 2026 (GSS and ODS codes, names)." },
	{ "ons-loc22-2022",
	  "Sub ICB Locations to ICB to NHS England Region (July 2022) Lookup in "
	  "EN",
	  "Office for National Statistics (Open Geography Portal)",
	  "2022-07",
	  { INPUT_ONS_LOC22, INPUT_NONE },
	  "craig-shenton/cqc-icb-lookup data/LOC22_ICB22_NHSER22_EN_LU.csv @ "
	  "2415e278a01b08befd10ad28dc9d20d0d878830f",
	  ONS_ATTRIBUTION("2022"),
	  "Used to translate the 2022 ICB GSS codes of the trust catchment data "
	  "to ODS codes." },
	{ "ons-ccg-names-2022",
	  "CCG names by GSS code (ONS Postcode Directory names, as joined to CQC "
	  "locations, November 2022)",
	  "Office for National Statistics (ONSPD), compiled by "
	  "craig-shenton/cqc-icb-lookup",
	  "2022-11",
	  { INPUT_ONS_CCG_NAMES, INPUT_NONE },
	  "craig-shenton/cqc-icb-lookup data/subicb-la-lookup.csv @ "
	  "867a17cdf905953f4c67dbd3112febf7281eb8ec",
	  ONS_ATTRIBUTION("2022"),
	  "Only the CCG code -> CCG name pairs are used: a sub-ICB location "
	  "whose GSS code is unchanged since its CCG is named after that CCG." },
	{ "ods-etr-2026",
	  "ODS etr: NHS trusts (England and Wales)",
	  "NHS England Organisation Data Service (ODS)",
	  "2026 (post April 2026 reorganisation)",
	  { INPUT_ODS_ETR, INPUT_NONE },
	  "Riyaburman-analytics/UK-healthcare-analysis etr.csv @ "
	  "be5d9213db84e4fa6c2e2f6f88cf13a79e062eb2",
	  ODS_ATTRIBUTION,
	  "The ICB of a trust is the ODS 'high level health geography' of its "
	  "headquarters postcode, not a membership or commissioning relation. "
	  "Its English trusts in being, or closed since 2026-01-01, are read." },
	{ "ods-etr-2025",
	  "ODS etr: NHS trusts (England and Wales), previous extract",
	  "NHS England Organisation Data Service (ODS)",
	  "2025 (before the April 2026 reorganisation)",
	  { PREVIOUS_ETR, INPUT_NONE },
	  "jhau/nhs-spend data/etr.csv @ e602ea98154e694e9afddca87e50caef0b8488b9",
	  ODS_ATTRIBUTION,
	  "Used only for former names of trusts renamed since this extract." },
	{ "ods-eccg-2025",
	  "ODS eccg: sub-ICB locations (formerly clinical commissioning groups)",
	  "NHS England Organisation Data Service (ODS)",
	  "2025 (before the April 2026 reorganisation)",
	  { INPUT_ODS_ECCG, INPUT_NONE },
	  "jhau/nhs-spend data/eccg.csv @ e602ea98154e694e9afddca87e50caef0b8488b9",
	  ODS_ATTRIBUTION,
	  "Read only for England before April 2026: its open sub-ICB locations "
	  "(role RO319) are checked to be the 2024 ones the model is built from, "
	  "under the same ICBs." },
	{ "icsview-care-trusts",
	  "Care trusts missing from the ODS etr file (hand-entered)",
	  "icsview maintainers, from NHS England ODS organisation records (ODS "
	  "'ect' care-trust file not among the copied inputs)",
	  "2026",
	  { INPUT_NONE },
	  NULL,
	  ODS_ATTRIBUTION,
	  "NHS foundation trusts with a T-code (ODS care-trust role) are "
	  "published in the ODS 'ect' file, not in 'etr'. The three that still "
	  "exist in 2026 are entered by hand in icsview import "
	  "(src/cli/import_trusts.c): code, name and the ICB of their "
	  "headquarters." },
	{ "icsview-ccg-mergers",
	  "CCG mergers of 2018 and 2020 that the ONS lookups do not state (hand-entered)",
	  "icsview maintainers, from NHS England's approvals of CCG mergers (April 2018 "
	  "and April 2020) and the ODS records of the CCGs formed",
	  "2018, 2020",
	  { INPUT_NONE },
	  NULL,
	  ODS_ATTRIBUTION,
	  "The ONS lookups show a merger only as CCGs gone and a CCG new. Twenty "
	  "CCGs whose successor no rule of icsview import finds from them (a new "
	  "name, or several new CCGs in one STP) are given their successor by hand "
	  "in src/cli/import_history.c: Buckinghamshire and Berkshire West (2018); "
	  "Tees Valley, North Yorkshire, Surrey Heartlands, West Sussex and East "
	  "Sussex (2020)." },
	{ "ohid-trust-catchment-2022",
	  "NHS acute trust catchment populations (proportion of each trust's "
	  "patients by 2022 ICB and by lower-tier local authority)",
	  "Office for Health Improvement and Disparities (OHID), via the "
	  "humaniverse/geographr R package",
	  "2022",
	  { INPUT_OHID_TRUST_ICB22, INPUT_OHID_TRUST_LTLA21, INPUT_NONE },
	  "humaniverse/geographr data/lookup_nhs_trusts22_icb22.rda, "
	  "lookup_nhs_trusts22_ltla21.rda @ "
	  "c026be5cc76cb576358082b53f1f13d69ab577ae (converted to CSV)",
	  "Contains public sector information licensed under the Open Government "
		  "Licence v3.0 (OHID); packaged by humaniverse/geographr (MIT)",
	  "Covers 138 acute trusts. 2022 ICBs are mapped to their April 2026 "
	  "successors; the three ICBs split in 2026 (QM7, QJG, QNQ) are "
	  "apportioned using the trust's local-authority catchment." },
	{ "ods-epraccur-2026-02",
	  "ODS epraccur: GP practices and prescribing cost centres",
	  "NHS England Organisation Data Service (ODS)",
	  "2026-02",
	  { INPUT_ODS_EPRACCUR, INPUT_NONE },
	  "benstanbury/antibiotic-prescribing-analysis data/raw/epraccur.csv @ "
	  "875785333337beea7f1b1270b7a7c653a19a3bf8",
	  ODS_ATTRIBUTION,
	  "Active GP practices (prescribing setting RO76); the Frimley practices "
	  "are moved to their April 2026 sub-ICB location per the ODS merger "
	  "change summary." },
	{ "ods-epcn-2024",
	  "ODS ePCN: primary care networks and their member practices",
	  "NHS England Organisation Data Service (ODS)",
	  "2024-10",
	  { INPUT_EPCN_DETAILS, INPUT_EPCN_PARTNERS, INPUT_NONE },
	  "efejiroe/r-tutorials data/ePCN.xlsx @ "
	  "ad9f875afe9c62a04f63c7ac30c22c7e71482c31",
	  ODS_ATTRIBUTION,
	  "Content vintage about October 2024: PCNs formed or dissolved since "
	  "then are not shown. Sheets PCNDetails (the networks) and PCN Core "
	  "Partner Details (practices' membership) are read." },
	{ "ons-lad-lsoa-2024",
	  "LSOA (2021) to Sub ICB Location to ICB to Local Authority District "
	  "(April 2024) lookup, aggregated to local authority districts, with "
	  "the April 2026 Frimley split applied",
	  "Office for National Statistics (Open Geography Portal); aggregation "
	  "for icsview",
	  "2024-04 (with 2026 changes)",
	  { INPUT_LAD_SICBL26, INPUT_LAD_SICBL24, INPUT_NONE },
	  "humaniverse/geographr data/lookup_lsoa21_icb24.rda @ "
	  "8fa83ff1f9b5cebfc5c83dd4e28851a369f7ab2c, aggregated to LAD in "
	  "shared/data/derived",
	  ONS_ATTRIBUTION("2024"),
	  "Counts of LSOA21s per local authority district and sub-ICB location. "
	  "The official ONS April 2026 LSOA lookup was not available; Frimley "
	  "LSOAs were re-assigned from the ODS change summary." },
	{ "ons-ltla-utla-2023",
	  "Lower Tier Local Authority to Upper Tier Local Authority (2023) lookup",
	  "Office for National Statistics (Open Geography Portal), via "
	  "humaniverse/geographr",
	  "2023",
	  { INPUT_ONS_LTLA_UTLA, INPUT_NONE },
	  "humaniverse/geographr data/lookup_ltla23_utla23.rda @ "
	  "c026be5cc76cb576358082b53f1f13d69ab577ae (converted to CSV)",
	  ONS_ATTRIBUTION("2023"),
	  "Districts and the county each lies in (unchanged in 2024)." },
	{ "ons-ccg-stp-2017",
	  "Clinical Commissioning Group to STPs (April 2017) Lookup in England (Version 3)",
	  "Office for National Statistics (Open Geography Portal)",
	  "2017-04",
	  { INPUT_ONS_CCG_STP17, INPUT_NONE },
	  JTRIM_COPIED("066"),
	  ONS_ATTRIBUTION("2017"),
	  "207 CCGs in 44 STPs. " CCG_STP_NOTE },
	{ "ons-ccg-stp-2018",
	  "Clinical Commissioning Group to STPs (April 2018) Lookup in England (Version 2)",
	  "Office for National Statistics (Open Geography Portal)",
	  "2018-04",
	  { INPUT_ONS_CCG_STP18, INPUT_NONE },
	  JTRIM_COPIED("065"),
	  ONS_ATTRIBUTION("2018"),
	  "195 CCGs in 42 STPs; its notes name the CCGs newly formed in 2018 and the "
	  "merger of three STPs into Cumbria and North East (E54000049). " CCG_STP_NOTE },
	{ "ons-ccg-stp-2019",
	  "Clinical Commissioning Group to STPs (April 2019) Lookup in England",
	  "Office for National Statistics (Open Geography Portal)",
	  "2019-04",
	  { INPUT_ONS_CCG_STP19, INPUT_NONE },
	  JTRIM_COPIED("028"),
	  ONS_ATTRIBUTION("2019"),
	  "191 CCGs in 42 STPs; its notes name the mergers forming NHS Derby and "
	  "Derbyshire CCG and NHS Devon CCG. " CCG_STP_NOTE },
	{ "ons-ccg-stp-2020",
	  "Clinical Commissioning Group to STPs (April 2020) Lookup in England",
	  "Office for National Statistics (Open Geography Portal)",
	  "2020-04",
	  { INPUT_ONS_CCG_STP20, INPUT_NONE },
	  JTRIM_COPIED("031"),
	  ONS_ATTRIBUTION("2020"),
	  "135 CCGs in 42 STPs, with the STPs' ODS codes. " CCG_STP_NOTE },
	{ "nhsd-gp-reg-2022",
	  "Patients Registered at a GP Practice: practice to PCN, CCG, STP and region "
	  "mapping (January 2022)",
	  "NHS Digital, via nhsx-mirror/SystemHierarchies",
	  "2022-01-01",
	  { INPUT_NHSD_GP_REG_2022, INPUT_NONE },
	  "nhsx-mirror/SystemHierarchies data/gp-reg-pat-prac-map.csv @ "
	  "c4d6cff5a8ca65ee287814ee312d0cdfa0c35833",
	  "Contains public sector information licensed under the Open Government "
	  "Licence v3.0 (NHS Digital); carried by nhsx-mirror/SystemHierarchies (MIT)",
	  "6,527 practices in 106 CCGs and 42 STPs, the last extract before ICBs: the "
	  "CCGs of 2021-22, their STPs, and the practices used to follow each CCG to "
	  "the ICBs of 2026." },
};

/* Each source as any file of its kinds gives it: a name without the
 * copy's date, the year an ONS file's codes give (NULL: none), a note
 * without the copy's counts (NULL: the copy's note holds for any); and
 * the digest (table_digest) of the tables of the copy in data/raw. */
static const struct {
	const char *id, *name, *codes_year, *note;
	uint64_t copy;
} any_file[] = {
	{ "ons-sicbl26-2026", "Sub ICB Locations to Integrated Care Boards to NHS England (Region) "
	  "Lookup in EN", "2026", "Sub-ICB locations, ICBs and NHS England regions with GSS and "
	  "ODS codes.", 0x672de0638d3220c4u },
	{ "ods-icb-mergers-2026", "ICB Mergers Phase 1 April 2026 – Change Summary", NULL,
	  "ICBs abolished and created on 2026-04-01, sub-ICB location renames and closures, "
	  "LSOA moves, GP practice and PCN commissioner moves. Joined to the ONS sub-ICB "
	  "location lookup and the 2024 sub-ICB locations for the predecessors of each ICB.", 0x9dfe06627e433107u },
	{ "ons-icb-names-2024", "Integrated Care Boards Names and Codes in EN", "2024",
	  "ICBs with their GSS and ODS codes and names.", 0xe9d24f5073e437b9u },
	{ "ons-loc22-2022", NULL, "2022", NULL, 0x540ec17a3a1b2a55u },
	{ "ons-ccg-names-2022", NULL, "2022", NULL, 0x660f09548273bfa3u },
	{ "ods-etr-2026", NULL, NULL, NULL, 0xd63556be054bdcd8u },
	{ "ods-etr-2025", NULL, NULL, NULL, 0x6b3b6e93d3116ad4u },
	{ "ods-eccg-2025", NULL, NULL, NULL, 0x1ca34757f442803du },
	{ "ohid-trust-catchment-2022", NULL, "2022", "Acute trusts' catchments. 2022 ICBs are "
	  "mapped to the model's ICBs; an ICB split between several is apportioned using the "
	  "trust's local-authority catchment.", 0xc73355ea744edecbu },
	{ "ods-epraccur-2026-02", NULL, NULL, "Active GP practices (prescribing setting RO76), "
	  "under their commissioning sub-ICB location, moved as an ODS ICB mergers change "
	  "summary says when one is read.", 0x0ce370ea007bc3fcu },
	{ "ods-epcn-2024", NULL, NULL, "Sheets PCNDetails (the networks) and PCN Core Partner "
	  "Details (practices' membership) are read.", 0x771c41d9246a45c5u },
	{ "ons-lad-lsoa-2024", "LSOA (2021) to Sub ICB Location to ICB to Local Authority "
	  "District lookup, aggregated to local authority districts", "2024", "Counts of LSOA21s "
	  "per local authority district and sub-ICB location.", 0x6301b130ff00b88fu },
	{ "ons-ltla-utla-2023", NULL, "2023", "Districts and the county each lies in.",
	  0x0680c49024a46709u },
};

static const struct table *input_of(const struct import_inputs *in, int kind)
{
	return kind == PREVIOUS_ETR ? in->previous_etr : in->by_kind[kind];
}

/* The files a source was read from, as named under the inputs given,
 * each once; an ODS file with the latest date in it, the nearest it
 * comes to saying when it was extracted. */
static char *files_read(const struct import_inputs *in, const int *kinds)
{
	struct strbuf sb = STRBUF_INIT;
	const char *named[SOURCE_KINDS];
	size_t count = 0;

	for (size_t i = 0; i < SOURCE_KINDS && kinds[i] != INPUT_NONE; i++) {
		const struct table *t = input_of(in, kinds[i]);
		bool seen = false;
		if (!t)
			continue;
		for (size_t j = 0; j < count && !seen; j++)
			seen = strcmp(named[j], t->file) == 0;
		if (seen)
			continue;
		named[count++] = t->file;
		sb_printf(&sb, "%s%s", sb.len ? ", " : "", t->file);
		const char *latest = shape_latest_date(t, &in->shapes[t - in->tables.items]);
		if (strlen(latest) == 8)
			sb_printf(&sb, " (latest date in it: %.4s-%.2s-%.2s)", latest, latest + 4,
			          latest + 6);
	}
	return sb_detach(&sb);
}

/* Whether the source is one of the inputs given, or none (entered by
 * hand): a source whose files were not given is not cited. */
static bool given(const struct import_inputs *in, const int *kinds)
{
	if (kinds[0] == INPUT_NONE)
		return true;
	for (size_t i = 0; i < SOURCE_KINDS && kinds[i] != INPUT_NONE; i++)
		if (input_of(in, kinds[i]))
			return true;
	return false;
}

/* FNV-1a, 64 bits, over bytes. */
static uint64_t fnv(uint64_t h, const void *bytes, size_t n)
{
	const unsigned char *p = bytes;

	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 0x100000001b3u;
	return h;
}

/* A digest of the tables of a source's kinds that were given: their
 * shapes and every cell, in order. */
static uint64_t table_digest(const struct import_inputs *in, const int *kinds)
{
	uint64_t h = 0xcbf29ce484222325u;

	for (size_t i = 0; i < SOURCE_KINDS && kinds[i] != INPUT_NONE; i++) {
		const struct table *t = input_of(in, kinds[i]);
		if (!t)
			continue;
		size_t size[2] = { t->width, t->rows };
		h = fnv(h, size, sizeof(size));
		for (size_t r = 0; r < t->rows; r++)
			for (size_t c = 0; c < t->width; c++) {
				const char *cell = table_cell(t, r, c);
				h = fnv(h, cell, strlen(cell) + 1);
			}
	}
	return h;
}

/* The latest date in any of the source's ODS files (YYYYMMDD), or "". */
static const char *latest_date(const struct import_inputs *in, const int *kinds)
{
	const char *latest = "";

	for (size_t i = 0; i < SOURCE_KINDS && kinds[i] != INPUT_NONE; i++) {
		const struct table *t = input_of(in, kinds[i]);
		const char *date = t ? shape_latest_date(t, &in->shapes[t - in->tables.items]) : "";
		if (strcmp(date, latest) > 0)
			latest = date;
	}
	return latest;
}

/* The vintage a file gives of itself: its latest date, or the year of
 * its codes (caller frees). */
static char *own_vintage(const struct import_inputs *in, const int *kinds, const char *year)
{
	const char *latest = latest_date(in, kinds);

	if (strlen(latest) == 8)
		return xasprintf("%.4s-%.2s-%.2s or later (the latest date in it)", latest,
		                 latest + 4, latest + 6);
	if (year)
		return xasprintf("%s (the year of its codes)", year);
	return xstrdup("not stated in the rows read");
}

static size_t any_file_of(const char *id)
{
	for (size_t i = 0; i < sizeof(any_file) / sizeof(any_file[0]); i++)
		if (strcmp(any_file[i].id, id) == 0)
			return i;
	return SIZE_MAX;
}

static struct ientity *source_entity(const struct import_inputs *in, size_t i)
{
	/* a source that is no file (entered by hand) is as its entry says */
	size_t a = any_file_of(sources[i].id);
	bool by_hand = a == SIZE_MAX;
	bool copy = by_hand || table_digest(in, sources[i].kinds) == any_file[a].copy;
	/* the copies' notes describe the model of data/raw, mergers and all */
	bool as_bundled = copy && in->by_kind[INPUT_MERGERS_SUMMARY];
	const char *name = sources[i].name, *note = sources[i].note;

	if (!copy && any_file[a].name)
		name = any_file[a].name;
	if (!by_hand && !as_bundled && any_file[a].note)
		note = any_file[a].note;
	struct ientity *e = entity_new(sources[i].id, "source", name, NULL);

	entity_set_parent(e, SOURCES_ROOT_ID);
	entity_fact_text(e, "publisher", sources[i].publisher);
	if (copy) {
		entity_fact_text(e, "vintage", sources[i].vintage);
	} else {
		char *vintage = own_vintage(in, sources[i].kinds, any_file[a].codes_year);
		entity_fact_text(e, "vintage", vintage);
		free(vintage);
	}
	entity_fact_text(e, "licence", OGL);
	entity_fact_text(e, "attribution", sources[i].attribution);
	if (copy && sources[i].copied_from)
		entity_fact_text(e, "copied_from", sources[i].copied_from);
	if (sources[i].kinds[0] != INPUT_NONE) {
		char *files = files_read(in, sources[i].kinds);
		entity_fact_text(e, "files", files);
		free(files);
	}
	entity_set_text(e, note);
	return e;
}

void build_sources(const struct import_inputs *in, struct entity_list *out)
{
	for (size_t i = 0; i < sizeof(sources) / sizeof(sources[0]); i++) {
		if (given(in, sources[i].kinds))
			entity_list_add(out, source_entity(in, i));
	}
}
