/* The governance of today's England in the bundled data answers what a
 * user asks of it: who sits on which partnership, which boards a body
 * has, which board covers a place, and that no body the law requires is
 * missing.  Loads the whole of data/ as the default model does. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include "icsview/query/governance.h"
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

TestSuite(data_governance, .init = load_bundled, .fini = unload);

/* The ids a query with up to two text parameters returns, ";"-joined in
 * the query's order. */
static char *ids_of(const char *sql, const char *p1, const char *p2)
{
	struct sql_stmt *stmt = store_sql_prepare(st, sql);
	struct strbuf sb = STRBUF_INIT;
	enum sql_step r;

	cr_assert_not_null(stmt, "%s", store_errmsg(st));
	if (p1)
		sql_bind_text(stmt, 1, p1);
	if (p2)
		sql_bind_text(stmt, 2, p2);
	while ((r = sql_step(stmt)) == SQL_ROW)
		sb_printf(&sb, "%s%s", sb.len ? ";" : "", sql_text(stmt, 0));
	cr_assert_eq(r, SQL_DONE);
	sql_free(stmt);
	return sb_detach(&sb);
}

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

/* The ids of the entities `from` links to by relation ?2 (forward). */
static const char links_from[] =
	"SELECT d.id FROM links l JOIN entities s ON s.eid = l.src"
	" JOIN entities d ON d.eid = l.dst JOIN relations r ON r.rel_no = l.rel_no"
	" WHERE s.id = ?1 AND r.name = ?2 ORDER BY d.id";
/* The ids of the entities that link to ?1 by relation ?2. */
static const char links_to[] =
	"SELECT s.id FROM links l JOIN entities s ON s.eid = l.src"
	" JOIN entities d ON d.eid = l.dst JOIN relations r ON r.rel_no = l.rel_no"
	" WHERE d.id = ?1 AND r.name = ?2 ORDER BY s.id";

Test(data_governance, rotherham_council_sits_on_the_south_yorkshire_partnership)
{
	/* today's partnership: 2018's place partnerships are in the history */
	char *on = ids_of("SELECT d.id FROM links l JOIN entities s ON s.eid = l.src"
	                  " JOIN entities d ON d.eid = l.dst JOIN types t ON t.type_no = d.type_no"
	                  " WHERE s.id = ? AND t.name = 'integrated care partnership'"
	                  " AND d.file_no = (SELECT file_no FROM files WHERE path LIKE ?)",
	                  "E08000018", "%/governance.yaml");
	char *members = ids_of(links_to, "QF7-icp", "member_of");
	char *name = ids_of("SELECT name FROM entities WHERE id = ?", "QF7-icp", NULL);

	cr_expect_str_eq(on, "QF7-icp");
	cr_expect_str_eq(name, "South Yorkshire integrated care partnership");
	cr_expect_str_eq(members, "E08000016;E08000017;E08000018;E08000019;QF7",
	                 "the ICB and the four councils of South Yorkshire");
	free(on);
	free(members);
	free(name);
}

Test(data_governance, greater_manchester_icb_has_a_board_and_a_partnership)
{
	char *boards = ids_of("SELECT c.id FROM entities c JOIN entities p ON p.eid = c.parent"
	                      " JOIN kinds k ON k.kind_no = c.kind_no"
	                      " WHERE p.id = ?1 AND k.name IN ('board', 'partnership')"
	                      " ORDER BY c.eid", "QOP", NULL);
	char *governs = ids_of(links_from, "QOP-board", "governs");
	char *councils = ids_of("SELECT count(*) FROM links l JOIN entities d ON d.eid = l.dst"
	                        " JOIN entities s ON s.eid = l.src"
	                        " WHERE d.id = ? AND s.id LIKE 'E08%'", "QOP-icp", NULL);

	cr_expect_str_eq(boards, "QOP-board;QOP-icp");
	cr_expect_str_eq(governs, "QOP");
	cr_expect_str_eq(councils, "10", "the ten metropolitan boroughs of Greater Manchester");
	free(boards);
	free(governs);
	free(councils);
}

Test(data_governance, nottinghamshire_health_and_wellbeing_board_covers_bassetlaw)
{
	char *boards = ids_of("SELECT s.id FROM links l JOIN entities s ON s.eid = l.src"
	                      " JOIN entities d ON d.eid = l.dst JOIN types t"
	                      " ON t.type_no = s.type_no WHERE d.id = ?"
	                      " AND t.name = 'health and wellbeing board' ORDER BY s.id",
	                      "02Q", NULL);
	char *council = ids_of(links_from, "E10000024-hwb", "committee_of");

	cr_expect_str_eq(boards, "E10000024-hwb");
	cr_expect_str_eq(council, "E10000024");
	free(boards);
	free(council);
}

Test(data_governance, every_icb_has_a_board_and_a_partnership)
{
	const char *missing =
		"SELECT count(*) FROM entities e JOIN types t ON t.type_no = e.type_no"
		" WHERE t.name = 'integrated care board' AND NOT EXISTS (SELECT 1 FROM entities c"
		" JOIN types ct ON ct.type_no = c.type_no WHERE c.parent = e.eid AND ct.name = ?)";

	cr_expect_eq(count_of("SELECT count(*) FROM entities e JOIN types t"
	                      " ON t.type_no = e.type_no WHERE t.name = ?",
	                      "integrated care board"), 36);
	cr_expect_eq(count_of(missing, "unitary board"), 0);
	cr_expect_eq(count_of(missing, "integrated care partnership"), 0);
}

Test(data_governance, every_upper_tier_council_has_a_health_and_wellbeing_board)
{
	const char *councils =
		"SELECT count(*) FROM entities e JOIN types t ON t.type_no = e.type_no"
		" WHERE t.name = 'local authority' AND substr(e.id, 1, 3) IN"
		" ('E06', 'E08', 'E09', 'E10')";
	const char *without = "SELECT count(*) FROM entities e JOIN types t"
		" ON t.type_no = e.type_no WHERE t.name = 'local authority'"
		" AND substr(e.id, 1, 3) IN ('E06', 'E08', 'E09', 'E10') AND NOT EXISTS"
		" (SELECT 1 FROM entities c JOIN types ct ON ct.type_no = c.type_no"
		" WHERE c.parent = e.eid AND ct.name = ?)";

	cr_expect_eq(count_of(councils, NULL), 153);
	cr_expect_eq(count_of(without, "health and wellbeing board"), 0);
}

/* An open trust: no `closed` fact before the model's day, opened by it. */
#define OPEN_TRUSTS \
	"FROM entities e JOIN types t ON t.type_no = e.type_no" \
	" WHERE t.name IN ('NHS trust', 'NHS foundation trust') AND NOT EXISTS" \
	" (SELECT 1 FROM facts f JOIN fact_keys k ON k.key_no = f.key_no WHERE f.eid = e.eid" \
	" AND ((k.name = 'closed' AND f.value < '2026-04-01')" \
	" OR (k.name = 'opened' AND f.value > '2026-04-01')))"

Test(data_governance, every_open_trust_has_a_board_and_every_foundation_trust_governors)
{
	const char *without = "SELECT count(*) " OPEN_TRUSTS " AND NOT EXISTS"
		" (SELECT 1 FROM entities c JOIN types ct ON ct.type_no = c.type_no"
		" WHERE c.parent = e.eid AND ct.name = ?)";
	const char *fts_without = "SELECT count(*) " OPEN_TRUSTS
		" AND t.name = 'NHS foundation trust' AND NOT EXISTS"
		" (SELECT 1 FROM entities c JOIN types ct ON ct.type_no = c.type_no"
		" WHERE c.parent = e.eid AND ct.name = ?)";

	cr_expect_gt(count_of("SELECT count(*) " OPEN_TRUSTS, NULL), 200);
	cr_expect_eq(count_of(without, "board of directors"), 0);
	cr_expect_eq(count_of(fts_without, "council of governors"), 0);
	cr_expect_eq(count_of("SELECT count(*) FROM entities c JOIN entities p"
	                      " ON p.eid = c.parent WHERE p.id = ?", "RNK"), 0,
	                      "a trust closed on 31 March 2026 has no board");
}

Test(data_governance, every_governance_body_cites_the_law_it_rests_on)
{
	const char *uncited =
		"SELECT count(*) FROM entities e JOIN types t ON t.type_no = e.type_no"
		" WHERE t.name IN ('unitary board', 'integrated care partnership',"
		" 'health and wellbeing board', 'board of directors', 'council of governors')"
		" AND e.file_no = (SELECT file_no FROM files WHERE path LIKE ?)"
		" AND NOT EXISTS (SELECT 1 FROM citations c JOIN entities s ON s.eid = c.source"
		" WHERE c.owner_type = 0 AND c.owner = e.eid AND s.id LIKE 'law-%')";

	cr_expect_eq(count_of(uncited, "%/governance.yaml"), 0);
}

/* The node of the entity `id` in a diagram's graph, or -1. */
static long node_of_id(const struct governance *g, const char *id)
{
	for (size_t i = 0; i < g->node_count; i++)
		if (g->nodes[i].type != GOVERNANCE_GROUP && strcmp(g->nodes[i].id, id) == 0)
			return (long)i;
	return -1;
}

static bool joined(const struct governance *g, long a, long b)
{
	for (size_t i = 0; i < g->line_count; i++)
		if ((g->lines[i].top == (size_t)a && g->lines[i].bottom == (size_t)b) ||
		    (g->lines[i].top == (size_t)b && g->lines[i].bottom == (size_t)a))
			return true;
	return false;
}

/* `body` has a line to the other or to the ICB itself. */
static bool reaches(const struct governance *g, long body, long other, long icb)
{
	return (other >= 0 && joined(g, body, other)) || (icb >= 0 && joined(g, body, icb));
}

Test(data_governance, every_icbs_diagram_joins_its_board_and_partnership)
{
	/* the ICBs of today: those the import gave a partnership */
	char *icbs = ids_of("SELECT e.id FROM entities e JOIN entities c ON c.id = e.id || '-icp'"
	                    " WHERE c.file_no = (SELECT file_no FROM files WHERE path LIKE ?)"
	                    " ORDER BY e.eid", "%/governance.yaml", NULL);
	size_t checked = 0;
	char *save = NULL;

	for (char *id = strtok_r(icbs, ";", &save); id; id = strtok_r(NULL, ";", &save)) {
		struct governance_options opts = { .max_bodies = GOVERNANCE_MAX_BODIES };
		struct governance *g = NULL;
		struct entity e;
		char *error = NULL, *board = xasprintf("%s-board", id), *icp = xasprintf("%s-icp", id);
		long b, p, self;

		cr_assert_eq(store_entity_by_id(st, id, &e), STORE_OK, "%s", id);
		cr_assert_eq(governance_build(st, &e, &opts, &g, &error), GOVERNANCE_OK, "%s: %s", id,
		             error ? error : "");
		b = node_of_id(g, board);
		p = node_of_id(g, icp);
		self = node_of_id(g, id);
		cr_expect_geq(b, 0, "%s: its board is drawn", id);
		cr_expect_geq(p, 0, "%s: its partnership is drawn", id);
		cr_expect(b >= 0 && reaches(g, b, p, self), "%s: a line from its board", id);
		cr_expect(p >= 0 && reaches(g, p, b, self), "%s: a line from its partnership", id);
		cr_expect_eq(g->unlinked, 0, "%s: every body drawn has a line", id);
		governance_free(g);
		entity_clear(&e);
		free(board);
		free(icp);
		checked++;
	}
	cr_expect_geq(checked, 30, "today's England has some forty ICBs, found %zu", checked);
	free(icbs);
}
