/* The bundled data answers the questions a user brings to it.  Loads the
 * whole of data/ as the default model does. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include "icsview/query/resolve.h"
#include "icsview/store/store.h"
#include "icsview/store/store_sql.h"
#include "helpers.h"

static struct store *st;
static char *dir;

static void load_bundled(void)
{
	st = load_bundled_data(&dir);
}

static void unload(void)
{
	unload_model(st, dir);
}

TestSuite(data, .init = load_bundled, .fini = unload);

/* One integer from a query with one text parameter. */
static int64_t count_of(const char *sql, const char *param)
{
	struct sql_stmt *stmt = store_sql_prepare(st, sql);
	int64_t n;

	cr_assert_not_null(stmt, "%s", store_errmsg(st));
	if (param)
		sql_bind_text(stmt, 1, param);
	cr_assert_eq(sql_step(stmt), SQL_ROW);
	n = sql_int64(stmt, 0);
	sql_free(stmt);
	return n;
}

Test(data, england_has_about_6200_gp_practices)
{
	int64_t practices = count_of("SELECT count(*) FROM entities e JOIN types t"
	                             " ON t.type_no = e.type_no WHERE t.name = ?", "GP practice");

	cr_expect_eq(practices, 6202, "%lld GP practices", (long long)practices);
}

Test(data, qf7_is_south_yorkshire_icb_with_its_sub_icb_locations)
{
	struct entity icb;
	struct child_list children = { 0 };
	const char *expected[] = { "02P", "02X", "03L", "03N" };
	size_t places = 0;

	cr_assert_eq(store_entity_by_id(st, "QF7", &icb), STORE_OK);
	cr_expect_str_eq(icb.name, "NHS South Yorkshire Integrated Care Board");
	cr_expect_str_eq(icb.kind, "system");
	cr_assert_eq(store_children(st, icb.eid, 0, 1000, &children), STORE_OK);
	for (size_t i = 0; i < children.count; i++) {
		if (strcmp(children.items[i].kind, "place") != 0 || children.items[i].secondary)
			continue;
		cr_expect(places < 4 && strcmp(children.items[i].id, expected[places]) == 0,
		          "unexpected place %s", children.items[i].id);
		places++;
	}
	cr_expect_eq(places, 4);
	child_list_clear(&children);
	entity_clear(&icb);
}

Test(data, ons_code_finds_the_icb)
{
	struct entity icb;

	cr_assert_eq(store_entity_by_id(st, "E54000061", &icb), STORE_OK);
	cr_expect_str_eq(icb.id, "QF7");
	entity_clear(&icb);
}

Test(data, rhq_is_sheffield_teaching_hospitals_under_south_yorkshire)
{
	struct entity trust, icb;

	cr_assert_eq(store_entity_by_id(st, "RHQ", &trust), STORE_OK);
	cr_expect_str_eq(trust.name, "Sheffield Teaching Hospitals NHS Foundation Trust");
	cr_assert_eq(store_entity(st, trust.parent, &icb), STORE_OK);
	cr_expect_str_eq(icb.id, "QF7");
	entity_clear(&icb);
	entity_clear(&trust);
}

Test(data, every_entity_has_a_source)
{
	int64_t unsourced = count_of(
		"SELECT count(*) FROM entities e JOIN kinds k ON k.kind_no = e.kind_no"
		" WHERE k.name <> 'source'"
		" AND NOT EXISTS (SELECT 1 FROM citations c WHERE c.owner_type = 0 AND c.owner = e.eid)"
		" AND NOT EXISTS (SELECT 1 FROM citations c WHERE c.owner_type = 3"
		"  AND c.owner = e.file_no) AND ? IS NOT NULL", "");

	cr_expect_eq(unsourced, 0, "%lld entities have no source", (long long)unsourced);
}

Test(data, names_are_written_as_people_write_them)
{
	int64_t shouting = count_of(
		"SELECT count(*) FROM entities e JOIN kinds k ON k.kind_no = e.kind_no"
		" JOIN types t ON t.type_no = e.type_no"
		" WHERE k.name = 'organisation' AND t.name = ? AND e.name = upper(e.name)",
		"GP practice");

	cr_expect_lt(shouting, 10, "%lld practice names are all capitals", (long long)shouting);
}

/* A council's name as people write it; its formal and ONS names find it. */
static void expect_council(const char *text, const char *id, const char *name)
{
	struct resolve_result r = { 0 };

	cr_assert_eq(resolve_text(st, text, NULL, &r), RESOLVE_ONE, "%s", text);
	cr_expect_str_eq(r.items[0].id, id, "%s", text);
	cr_expect_str_eq(r.items[0].name, name, "%s", text);
	resolve_result_clear(&r);
}

Test(data, councils_by_the_names_people_use_and_their_formal_names)
{
	expect_council("Sheffield City Council", "E08000019", "Sheffield");
	expect_council("Bristol City Council", "E06000023", "Bristol");
	expect_council("Bristol, City of", "E06000023", "Bristol");
	expect_council("Cornwall Council", "E06000052", "Cornwall");
	expect_council("Herefordshire, County of", "E06000019", "Herefordshire");
	expect_council("St Helens Borough Council", "E08000013", "St Helens");
	expect_council("St. Helens", "E08000013", "St Helens");
	expect_council("Kent County Council", "E10000016", "Kent");
	expect_council("London Borough of Camden", "E09000007", "Camden");
}

Test(data, joint_committee_holds_delegated_authority_for_hyper_acute_stroke)
{
	struct sql_stmt *stmt = store_sql_prepare(st,
		"SELECT DISTINCT e.id FROM links l JOIN link_facts f ON f.lid = l.lid"
		" JOIN entities e ON e.eid = l.src JOIN relations r ON r.rel_no = l.rel_no"
		" WHERE r.name = 'delegated_authority'"
		" AND f.key = 'scope' AND f.value = ?");
	size_t holders = 0;

	cr_assert_not_null(stmt, "%s", store_errmsg(st));
	sql_bind_text(stmt, 1, "hyper acute stroke services");
	while (sql_step(stmt) == SQL_ROW) {
		cr_expect_str_eq(sql_text(stmt, 0), "syb-joint-committee-commissioners");
		holders++;
	}
	sql_free(stmt);
	cr_expect_eq(holders, 1);
}

static bool has_child(const struct child_list *children, const char *id, bool secondary)
{
	for (size_t i = 0; i < children->count; i++)
		if (strcmp(children->items[i].id, id) == 0 && children->items[i].secondary == secondary)
			return true;
	return false;
}

Test(data, organisations_serving_bassetlaw_appear_under_it)
{
	struct child_list children = { 0 };
	const char *serving[] = { "E10000024", "E07000171", "RP5", "RHA", "RX9" };

	cr_assert_eq(store_children(st, eid_of(st, "syb-bassetlaw"), 0, 100, &children), STORE_OK);
	cr_expect(has_child(&children, "bassetlaw-ccg", false));
	for (size_t i = 0; i < sizeof(serving) / sizeof(serving[0]); i++)
		cr_expect(has_child(&children, serving[i], true), "%s is not under Bassetlaw", serving[i]);
	child_list_clear(&children);
}

Test(data, partnership_board_recommends_to_its_members_and_hears_the_steering_group)
{
	struct link_list out = { 0 }, in = { 0 };
	size_t recommends = 0, from_steering_group = 0;

	cr_assert_eq(store_links(st, eid_of(st, "syb-partnership-board"), LINKS_OUT, &out), STORE_OK);
	for (size_t i = 0; i < out.count; i++)
		recommends += strcmp(out.items[i].label, "recommends_to") == 0;
	cr_expect_eq(recommends, 24, "recommends to %zu bodies", recommends);
	cr_assert_eq(store_links(st, eid_of(st, "syb-partnership-board"), LINKS_IN, &in), STORE_OK);
	for (size_t i = 0; i < in.count; i++)
		from_steering_group += strcmp(in.items[i].label, "receives_recommendations_from") == 0 &&
		                       strcmp(in.items[i].other_id, "syb-executive-steering-group") == 0;
	cr_expect_eq(from_steering_group, 1);
	link_list_clear(&out);
	link_list_clear(&in);
}

Test(data, membership_count_is_kept_per_source)
{
	struct fact_list facts = { 0 };
	bool kf = false, hsc = false;

	cr_assert_eq(store_facts(st, eid_of(st, "syb"), &facts), STORE_OK);
	for (size_t i = 0; i < facts.count; i++) {
		const struct fact *f = &facts.items[i];
		if (strcmp(f->key, "members") != 0 || f->sources.count != 1)
			continue;
		kf |= strcmp(f->value, "23") == 0 && strcmp(f->sources.items[0].id, "kf-2018-syb") == 0;
		hsc |= strcmp(f->value, "20") == 0 &&
		       strcmp(f->sources.items[0].id, "hsc-2018-visit") == 0;
	}
	cr_expect(kf, "no '23 members' from the King's Fund profile");
	cr_expect(hsc, "no '20 local bodies' from the committee's visit");
	fact_list_clear(&facts);
}

Test(data, syb_has_23_members_linked)
{
	struct link_list in = { 0 };
	size_t members = 0;

	cr_assert_eq(store_links(st, eid_of(st, "syb"), LINKS_IN, &in), STORE_OK);
	for (size_t i = 0; i < in.count; i++)
		members += strcmp(in.items[i].label, "members") == 0;
	/* 23 members, one of them the county and district councils together */
	cr_expect_eq(members, 24, "%zu members", members);
	link_list_clear(&in);
}

Test(data, syb_is_succeeded_by_south_yorkshire_and_for_bassetlaw_nottinghamshire)
{
	struct link_list in = { 0 };
	bool qf7 = false, qt1 = false;

	cr_assert_eq(store_links(st, eid_of(st, "syb"), LINKS_IN, &in), STORE_OK);
	for (size_t i = 0; i < in.count; i++) {
		if (strcmp(in.items[i].label, "succeeded_by") != 0)
			continue;
		qf7 |= strcmp(in.items[i].other_id, "QF7") == 0;
		qt1 |= strcmp(in.items[i].other_id, "QT1") == 0;
	}
	cr_expect(qf7 && qt1);
	link_list_clear(&in);
}

/* Every mark on a link is documented: a known basis, and an inference
 * with its reason; none is written instead in a link's or a value's note,
 * where show and the detail pane would not mark it. */
Test(data, every_marked_link_says_how_it_is_known)
{
	const char *marked_notes =
		"SELECT (SELECT count(*) FROM link_facts WHERE key = 'note'"
		"  AND (value LIKE ?1 OR value LIKE 'stated by hand%'))"
		" + (SELECT count(*) FROM facts WHERE note LIKE ?1 OR note LIKE 'stated by hand%')";

	cr_expect_eq(count_of("SELECT count(*) FROM link_facts WHERE key = ?"
	                      " AND value NOT IN ('stated', 'inferred')", "basis"), 0);
	cr_expect_eq(count_of("SELECT count(*) FROM link_facts b WHERE b.key = ?"
	                      " AND b.value = 'inferred' AND NOT EXISTS (SELECT 1 FROM link_facts r"
	                      " WHERE r.lid = b.lid AND r.key = 'reason' AND r.value <> '')",
	                      "basis"), 0);
	cr_expect_eq(count_of(marked_notes, "inferred%"), 0);
	cr_expect_eq(count_of(marked_notes, "%inference%"), 0);
}

/* What the profile does not say is marked: which trusts serve each place
 * (16), the trusts among the place partnerships' partners (11), and who
 * delegated authority to the joint committee (10). */
Test(data, claims_the_profile_does_not_make_are_inferred)
{
	const char *inferred =
		"SELECT count(*) FROM links l JOIN relations r ON r.rel_no = l.rel_no"
		" JOIN link_facts b ON b.lid = l.lid AND b.key = 'basis' AND b.value = 'inferred'"
		" JOIN citations c ON c.owner_type = 1 AND c.owner = l.lid"
		" AND c.source_id = 'kf-2018-syb' WHERE r.name = ?";
	const char *serving_places =
		"SELECT count(*) FROM links l JOIN relations r ON r.rel_no = l.rel_no"
		" JOIN entities d ON d.eid = l.dst JOIN kinds k ON k.kind_no = d.kind_no"
		" JOIN link_facts b ON b.lid = l.lid AND b.key = 'basis' AND b.value = 'inferred'"
		" JOIN citations c ON c.owner_type = 1 AND c.owner = l.lid"
		" AND c.source_id = 'kf-2018-syb' WHERE r.name = ? AND k.name = 'place'";

	cr_expect_eq(count_of(serving_places, "serves"), 16);
	cr_expect_eq(count_of(inferred, "delegated_authority"), 10);
	cr_expect_eq(count_of(inferred, "partner_in"), 11);
}

/* The discharge team's partners are the three the document names. */
Test(data, the_integrated_discharge_team_has_three_partners)
{
	cr_expect_eq(count_of("SELECT count(*) FROM links l JOIN relations r"
	                      " ON r.rel_no = l.rel_no JOIN entities d ON d.eid = l.dst"
	                      " WHERE r.name = 'partner_in' AND d.id = ?",
	                      "syb-integrated-discharge-team"), 3);
}

/* The trust leaders' four governance questions are where their
 * submission is. */
Test(data, the_trust_leaders_ask_four_governance_questions)
{
	cr_expect_eq(count_of("SELECT count(*) FROM facts f JOIN fact_keys k"
	                      " ON k.key_no = f.key_no JOIN entities e ON e.eid = f.eid"
	                      " WHERE e.id = ? AND k.name = 'governance_questions'",
	                      "trust-leaders-2018"), 4);
}

/* A trust not simply open on the model's day says where it stands. */
static char *status_of(const char *id)
{
	struct sql_stmt *stmt = store_sql_prepare(st,
		"SELECT f.value FROM facts f JOIN fact_keys k ON k.key_no = f.key_no"
		" JOIN entities e ON e.eid = f.eid WHERE e.id = ? AND k.name = 'status'");
	char *status = NULL;

	cr_assert_not_null(stmt, "%s", store_errmsg(st));
	sql_bind_text(stmt, 1, id);
	if (sql_step(stmt) == SQL_ROW)
		status = xstrdup(sql_text(stmt, 0));
	sql_free(stmt);
	return status ? status : xstrdup("(none)");
}

Test(data, closed_closing_and_unopened_trusts_say_so)
{
	static const char *const expected[][2] = {
		{ "RNK", "closed" }, { "RY2", "closed" }, { "RYV", "closed" },
		{ "RVJ", "closing" }, { "K0N6A", "not yet open" }, { "RHQ", "(none)" },
	};

	for (size_t i = 0; i < sizeof(expected) / sizeof(expected[0]); i++) {
		char *status = status_of(expected[i][0]);
		cr_expect_str_eq(status, expected[i][1], "%s", expected[i][0]);
		free(status);
	}
}

/* The tree shows which trusts are closed and which not yet open; one
 * closing is open on the model's day (its row has no tag). */
Test(data, the_tree_row_of_a_trust_says_whether_it_is_open)
{
	static const struct { const char *parent, *id; enum entity_state state; } expected[] = {
		{ "QKK", "K0N6A", ENTITY_NOT_YET_OPEN }, { "Z9B2Z", "RNK", ENTITY_CLOSED },
		{ "QKK", "RJ6", ENTITY_OPEN }, { "QUY", "RVJ", ENTITY_CLOSING },
	};

	for (size_t i = 0; i < sizeof(expected) / sizeof(expected[0]); i++) {
		struct child_list children = { 0 };
		bool found = false;

		cr_assert_eq(store_children(st, eid_of(st, expected[i].parent), 0, 1000, &children),
		             STORE_OK);
		for (size_t k = 0; k < children.count; k++) {
			if (strcmp(children.items[k].id, expected[i].id) != 0)
				continue;
			found = true;
			cr_expect_eq(children.items[k].state, expected[i].state, "%s", expected[i].id);
		}
		cr_expect(found, "%s under %s", expected[i].id, expected[i].parent);
		child_list_clear(&children);
	}
}

/* W93019, in England but commissioned by a Welsh health board, is left
 * out on purpose (data/SOURCES.md says why). */
Test(data, the_practice_commissioned_from_wales_is_left_out)
{
	cr_expect_eq(count_of("SELECT count(*) FROM entities WHERE id = ?", "W93019"), 0);
	cr_expect_eq(count_of("SELECT count(*) FROM aka WHERE value = ?", "W93019"), 0);
}

/* A value cites the file it came from: what is counted from the LSOA
 * lookup cites it, and abolished ICBs' ONS codes the ONS names file. */
Test(data, fact_values_cite_the_file_they_came_from)
{
	const char *cited =
		"SELECT c.source_id FROM facts f JOIN fact_keys k ON k.key_no = f.key_no"
		" JOIN entities e ON e.eid = f.eid JOIN citations c ON c.owner_type = 2"
		" AND c.owner = f.fid WHERE e.id = ?1 AND k.name = ?2";
	static const char *const expected[][3] = {
		{ "02Q", "covers", "ons-lad-lsoa-2024" },
		{ "02Q", "lsoa21", "ons-lad-lsoa-2024" },
		{ "QF7", "ons_code", NULL },
	};

	for (size_t i = 0; i < sizeof(expected) / sizeof(expected[0]); i++) {
		struct sql_stmt *stmt = store_sql_prepare(st, cited);
		cr_assert_not_null(stmt, "%s", store_errmsg(st));
		sql_bind_text(stmt, 1, expected[i][0]);
		sql_bind_text(stmt, 2, expected[i][1]);
		if (expected[i][2]) {
			cr_assert_eq(sql_step(stmt), SQL_ROW, "%s %s", expected[i][0], expected[i][1]);
			cr_expect_str_eq(sql_text(stmt, 0), expected[i][2]);
		} else {
			cr_expect_eq(sql_step(stmt), SQL_DONE, "a plain fact rests on its entity");
		}
		sql_free(stmt);
	}
	cr_expect_eq(count_of("SELECT count(*) FROM facts f JOIN fact_keys k"
	                      " ON k.key_no = f.key_no JOIN entities e ON e.eid = f.eid"
	                      " JOIN types t ON t.type_no = e.type_no"
	                      " WHERE t.name = ? AND k.name = 'ons_code' AND NOT EXISTS"
	                      " (SELECT 1 FROM citations c WHERE c.owner_type = 2"
	                      " AND c.owner = f.fid AND c.source_id = 'ons-icb-names-2024')",
	                      "integrated care board (abolished 2026-04-01)"), 0);
}

/* Every CCG of 2017-2022 says which STP it was in, and when. */
Test(data, every_ccg_of_2017_to_2022_has_its_stp_by_year)
{
	int64_t ccgs = count_of("SELECT count(*) FROM entities WHERE id LIKE ?", "ccg-E38%");
	int64_t undated = count_of(
		"SELECT count(*) FROM entities e WHERE e.id LIKE ? AND NOT EXISTS ("
		" SELECT 1 FROM links l JOIN relations r ON r.rel_no = l.rel_no"
		" JOIN entities s ON s.eid = l.dst"
		" WHERE l.src = e.eid AND r.name = 'member_of' AND s.id LIKE 'stp-E54%'"
		" AND EXISTS (SELECT 1 FROM link_facts f WHERE f.lid = l.lid AND f.key = 'since')"
		" AND EXISTS (SELECT 1 FROM link_facts f WHERE f.lid = l.lid AND f.key = 'until'))",
		"ccg-E38%");

	cr_expect_geq(ccgs, 207, "%lld CCGs: fewer than the 207 of April 2017", (long long)ccgs);
	cr_expect_eq(undated, 0, "%lld CCGs without a dated STP", (long long)undated);
}

/* A CCG the 2018 documents name is the CCG the ONS lookups record by the
 * same GSS code: the document's entity links to the record, so that the
 * two are not two unrelated bodies of one code. */
Test(data, the_documents_ccgs_are_recorded_as_the_lookups_ccgs)
{
	int64_t named = count_of(
		"SELECT count(*) FROM entities e JOIN types t ON t.type_no = e.type_no"
		" WHERE t.name = ? AND e.id NOT LIKE 'ccg-E38%'",
		"clinical commissioning group");
	int64_t unrecorded = count_of(
		"SELECT count(*) FROM entities e JOIN types t ON t.type_no = e.type_no"
		" WHERE t.name = ? AND e.id NOT LIKE 'ccg-E38%' AND NOT EXISTS ("
		" SELECT 1 FROM links l JOIN relations r ON r.rel_no = l.rel_no"
		" JOIN entities c ON c.eid = l.dst JOIN aka a ON a.eid = e.eid"
		" WHERE l.src = e.eid AND r.name = 'recorded_as' AND c.id = 'ccg-' || a.value)",
		"clinical commissioning group");

	cr_expect_geq(named, 6, "%lld CCGs named by the documents", (long long)named);
	cr_expect_eq(unrecorded, 0, "%lld CCGs of the documents not linked to their record",
	             (long long)unrecorded);
}

/* A succession between CCGs or STPs is nowhere stated by the lookups:
 * each is marked inferred with its reason, or cites the source that
 * states it (the mergers entered by hand, or the sub-ICB location lookup
 * that gives the CCG's GSS code to its sub-ICB location). */
Test(data, every_ccg_and_stp_succession_says_how_it_is_known)
{
	const char *from[] = { "ccg-E38%", "stp-E54%" };
	int64_t all = 0, unsaid = 0;

	for (size_t i = 0; i < 2; i++) {
		unsaid += count_of(
			"SELECT count(*) FROM links l JOIN relations r ON r.rel_no = l.rel_no"
			" JOIN entities old ON old.eid = l.dst"
			" WHERE r.name = 'successor_of' AND old.id LIKE ? AND NOT EXISTS ("
			"  SELECT 1 FROM link_facts b JOIN link_facts w ON w.lid = b.lid"
			"  WHERE b.lid = l.lid AND b.key = 'basis' AND b.value = 'inferred'"
			"  AND w.key = 'reason' AND w.value <> '')"
			" AND NOT EXISTS (SELECT 1 FROM citations c WHERE c.owner_type = 1"
			"  AND c.owner = l.lid AND c.source_id IN ('icsview-ccg-mergers',"
			"  'ons-loc22-2022'))", from[i]);
		all += count_of(
			"SELECT count(*) FROM links l JOIN relations r ON r.rel_no = l.rel_no"
			" JOIN entities old ON old.eid = l.dst"
			" WHERE r.name = 'successor_of' AND old.id LIKE ?", from[i]);
	}
	cr_expect_gt(all, 200, "%lld successions", (long long)all);
	cr_expect_eq(unsaid, 0, "%lld successions that do not say how they are known",
	             (long long)unsaid);
}

/* A user starts at England today: it is the first of at most four
 * roots. */
Test(data, the_tree_starts_at_england_today)
{
	int64_t roots = count_of("SELECT count(*) FROM entities WHERE parent IS NULL"
	                         " AND id <> ?", "");
	int64_t england_first = count_of("SELECT id = ? FROM entities WHERE parent IS NULL"
	                                 " ORDER BY eid LIMIT 1", "england");

	cr_expect_leq(roots, 4, "%lld roots", (long long)roots);
	cr_expect_eq(england_first, 1);
}

/* How a succession is known: stated by its sources, with a note, or
 * inferred, with a reason. */
enum known { STATED, INFERRED };

/* The succession from old to new (ids) known so, its note or reason
 * beginning with `prefix`: the number of its sources (0 when there is no
 * such link). */
static int64_t succession(const char *old, const char *new_id, enum known known,
                          const char *prefix)
{
	struct sql_stmt *stmt = store_sql_prepare(st,
		"SELECT count(*), (SELECT count(*) FROM citations c"
		"  WHERE c.owner_type = ?4 AND c.owner = l.lid)"
		" FROM links l JOIN relations r ON r.rel_no = l.rel_no"
		" JOIN entities a ON a.eid = l.dst JOIN entities b ON b.eid = l.src"
		" WHERE r.name = 'successor_of' AND a.id = ?1 AND b.id = ?2"
		" AND ?5 = EXISTS (SELECT 1 FROM link_facts m WHERE m.lid = l.lid"
		"  AND m.key = 'basis' AND m.value = 'inferred')"
		" AND EXISTS (SELECT 1 FROM link_facts f WHERE f.lid = l.lid"
		"  AND f.key = CASE ?5 WHEN 1 THEN 'reason' ELSE 'note' END"
		"  AND substr(f.value, 1, length(?3)) = ?3)");
	int64_t n, sources;

	cr_assert_not_null(stmt, "%s", store_errmsg(st));
	sql_bind_text(stmt, 1, old);
	sql_bind_text(stmt, 2, new_id);
	sql_bind_text(stmt, 3, prefix);
	sql_bind_int64(stmt, 4, CITE_LINK);
	sql_bind_int64(stmt, 5, known == INFERRED);
	cr_assert_eq(sql_step(stmt), SQL_ROW);
	n = sql_int64(stmt, 0);
	sources = sql_int64(stmt, 1);
	sql_free(stmt);
	return n ? sources : 0;
}

/* Each way a merger is known, on a case of it. */
Test(data, ccg_mergers_by_each_rule)
{
	/* Fylde and Wyre kept its ODS code 02M under a new GSS code in 2018 */
	cr_expect_geq(succession("ccg-E38000060", "ccg-E38000226", INFERRED, "the CCG with its "
	                         "ODS code 02M"), 2);
	/* Leeds North: the only CCG new in its STP in 2018 */
	cr_expect_geq(succession("ccg-E38000094", "ccg-E38000225", INFERRED, "the only CCG new "
	                         "on 2018-04-01 in its STP"), 2);
	/* Airedale, Wharfedale and Craven: its STP took a new code in 2020 */
	cr_expect_geq(succession("ccg-E38000001", "ccg-E38000232", INFERRED, "the only CCG new "
	                         "on 2020-04-01 in the STP of its neighbours"), 2);
	/* Harrogate and Rural District, which the lookups cannot place: the
	 * hand-entered source states it, the lookups date it */
	cr_expect_eq(succession("ccg-E38000073", "ccg-E38000241", STATED, "entered by hand "),
	             3, "two lookups and the hand-entered source");
	cr_expect_eq(succession("ccg-E38000073", "ccg-E38000241", INFERRED, ""), 0);
	/* Bassetlaw's CCG, by its GSS code and by its practices */
	cr_expect_eq(succession("ccg-E38000008", "02Q", STATED, "the sub-ICB location "), 1);
	cr_expect_eq(succession("ccg-E38000008", "QT1", INFERRED, "the 2026 ICB its GP "), 2);
	/* Glossop's practices went to Derbyshire */
	cr_expect_eq(succession("ccg-E38000182", "QJ2", INFERRED, "the 2026 ICB its GP "), 2);
	cr_expect_eq(succession("stp-E54000007", "QJ2", INFERRED, "the 2026 ICB that GP "), 2);
	/* an STP to the next year's, by where its CCGs went */
	cr_expect_geq(succession("stp-E54000005", "stp-E54000054", INFERRED, "where its CCGs"),
	              2);
}
