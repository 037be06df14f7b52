/* The governance around an entity (governance.h): the bodies, their lines
 * and the entities at the other ends, read from the store. */
#include "icsview/query/governance.h"

#include <stdlib.h>
#include <string.h>
#include "icsview/base/output.h"
#include "icsview/base/util.h"
#include "icsview/query/counts.h"
#include "icsview/query/filter.h"
#include "governance_read.h"

/* How each relation is drawn: which end is on top, where the arrow points,
 * what the legend calls it.  Any other relation: its object on top, the
 * arrow towards it, its name with spaces. */
static const struct {
	const char *name, *legend;
	bool to_is_top, arrow_up;
	int style;              /* an enum governance_style, or -1: the first left */
} drawn_as[] = {
	{ "reports_to", "reports to", true, true, GOVERNANCE_SOLID },
	{ "recommends_to", "recommends to", true, true, GOVERNANCE_DASHED },
	{ "delegated_authority", "delegates authority to", true, false, GOVERNANCE_DOUBLE },
	{ "chairs", "chairs", false, false, GOVERNANCE_DOTTED },
	{ "hosts", "hosts", false, false, GOVERNANCE_HEAVY },
	{ "governs", "governs", false, false, -1 },
	{ "committee_of", "is a committee of", true, true, -1 },
	{ "holds_to_account", "holds to account", false, false, -1 },
	{ "leads", "leads", false, false, -1 },
	{ "commissions", "commissions", false, false, -1 },
	{ "provides", "provides", false, false, -1 },
};

static int fixed_style(const char *name)
{
	for (size_t i = 0; i < sizeof(drawn_as) / sizeof(drawn_as[0]); i++)
		if (strcmp(drawn_as[i].name, name) == 0)
			return drawn_as[i].style;
	return -1;
}

/* Each drawn relation's style: its own, else the first no other drawn
 * one has; when none is left, a shared one, and its lines are labelled.
 * Only the drawn ones take a style, so that the relations chosen by
 * default but absent from the picture leave theirs free. */
static void choose_styles(struct governance *g)
{
	bool taken[GOVERNANCE_STYLE_COUNT] = { false };

	for (size_t i = 0; i < g->relation_count; i++) {
		int s = fixed_style(g->relations[i].name);

		if (s >= 0 && g->relations[i].used) {
			g->relations[i].style = (enum governance_style)s;
			taken[s] = true;
		}
	}
	for (size_t i = 0, shared = 0; i < g->relation_count; i++) {
		size_t s = 0;

		if (fixed_style(g->relations[i].name) >= 0) {
			g->relations[i].style = (enum governance_style)fixed_style(g->relations[i].name);
			continue;
		}
		if (!g->relations[i].used)
			continue;
		while (s < GOVERNANCE_STYLE_COUNT && taken[s])
			s++;
		if (s == GOVERNANCE_STYLE_COUNT) {
			g->relations[i].style = (enum governance_style)(shared++ % GOVERNANCE_STYLE_COUNT);
			g->relations[i].labelled = true;
			continue;
		}
		g->relations[i].style = (enum governance_style)s;
		taken[s] = true;
	}
}

struct orientation {
	bool to_is_top, arrow_up;
};

static struct orientation orientation_of(const char *name)
{
	for (size_t i = 0; i < sizeof(drawn_as) / sizeof(drawn_as[0]); i++)
		if (strcmp(drawn_as[i].name, name) == 0)
			return (struct orientation){ drawn_as[i].to_is_top, drawn_as[i].arrow_up };
	return (struct orientation){ true, true };
}

static char *legend_of(const char *name)
{
	char *s;

	for (size_t i = 0; i < sizeof(drawn_as) / sizeof(drawn_as[0]); i++)
		if (strcmp(drawn_as[i].name, name) == 0)
			return xstrdup(drawn_as[i].legend);
	s = xstrdup(name);
	for (char *p = s; *p; p++)
		if (*p == '_')
			*p = ' ';
	return s;
}

bool governance_is_body_kind(const char *kind)
{
	return kind && (strcmp(kind, "board") == 0 || strcmp(kind, "partnership") == 0);
}

/* Choosing the relations */

static long relation_index(const struct governance *g, const char *name)
{
	for (size_t i = 0; i < g->relation_count; i++)
		if (strcmp(g->relations[i].name, name) == 0)
			return (long)i;
	return -1;
}

static enum governance_status choose_relations(struct governance *g, const struct relation_list *all,
                                               const char *list, char **error)
{
	char *copy, *save = NULL;
	enum governance_status rc = GOVERNANCE_OK;

	if (!*list || list[0] == ',' || list[strlen(list) - 1] == ',' || strstr(list, ",,")) {
		*error = xstrdup("an empty relation name");
		return GOVERNANCE_EMPTY_RELATION;
	}
	copy = xstrdup(list);
	for (char *name = strtok_r(copy, ",", &save); name && rc == GOVERNANCE_OK;
	     name = strtok_r(NULL, ",", &save)) {
		const char *found = NULL;

		for (size_t i = 0; i < all->count && !found; i++)
			if (strcmp(all->items[i].name, name) == 0 || strcmp(all->items[i].inverse, name) == 0)
				found = all->items[i].name;
		if (!found) {
			struct strbuf sb = STRBUF_INIT;

			sb_text_line(&sb, name);
			*error = xasprintf("unknown relation '%s'", sb_str(&sb));
			sb_free(&sb);
			rc = GOVERNANCE_UNKNOWN_RELATION;
		} else if (relation_index(g, found) < 0) {
			GROW(g->relations, g->relation_cap, g->relation_count + 1);
			g->relations[g->relation_count++] = (struct governance_relation){
				.name = xstrdup(found), .legend = legend_of(found) };
		}
	}
	free(copy);
	return rc;
}

/* The default list: the core relations, then the declared ones of
 * GOVERNANCE_DECLARED_RELATIONS that the model has. */
static char *default_relations(const struct relation_list *all)
{
	char *declared = xstrdup(GOVERNANCE_DECLARED_RELATIONS), *save = NULL;
	struct strbuf sb = STRBUF_INIT;
	char *list;

	sb_puts(&sb, GOVERNANCE_DEFAULT_RELATIONS);
	for (char *name = strtok_r(declared, ",", &save); name; name = strtok_r(NULL, ",", &save))
		for (size_t j = 0; j < all->count; j++)
			if (strcmp(all->items[j].name, name) == 0) {
				sb_puts(&sb, ",");
				sb_puts(&sb, name);
				break;
			}
	free(declared);
	list = xstrdup(sb_str(&sb));
	sb_free(&sb);
	return list;
}

/* The relation a link's label names: its name (outgoing) or inverse. */
static long link_relation(const struct governance *g, const struct relation_list *all,
                          const char *label, bool backlink)
{
	for (size_t i = 0; i < all->count; i++)
		if (strcmp(backlink ? all->items[i].inverse : all->items[i].name, label) == 0)
			return relation_index(g, all->items[i].name);
	return -1;
}

/* The nodes */

static size_t add_node(struct governance *g, enum governance_node_type type, int64_t eid,
                       const char *id, const char *name, const char *kind)
{
	GROW(g->nodes, g->node_cap, g->node_count + 1);
	g->nodes[g->node_count] = (struct governance_node){
		.type = type, .eid = eid, .id = xstrdup(id), .name = xstrdup(name),
		.kind = kind ? xstrdup(kind) : NULL,
	};
	return g->node_count++;
}

static long node_of(const struct governance *g, int64_t eid)
{
	for (size_t i = 0; i < g->node_count; i++)
		if (g->nodes[i].type != GOVERNANCE_GROUP && g->nodes[i].eid == eid)
			return (long)i;
	return -1;
}

static bool is_drawn_body(const struct governance *g, int64_t eid)
{
	long i = node_of(g, eid);

	return i >= 0 && g->nodes[i].type == GOVERNANCE_BODY;
}

/* An entity drawn on its own (not a body): its links are drawn one by one,
 * never gathered into a group. */
static bool is_drawn_entity(const struct governance *g, int64_t eid)
{
	long i = node_of(g, eid);

	return i >= 0 && g->nodes[i].type == GOVERNANCE_ENTITY;
}

/* Adds a body unless it is there or the limit is reached. */
static int add_body(struct store *st, struct governance *g, int64_t eid, size_t max_bodies)
{
	struct entity e;

	if (is_drawn_body(g, eid))
		return 0;
	g->bodies_found++;
	if (max_bodies && g->bodies_drawn >= max_bodies)
		return 0;
	if (store_entity(st, eid, &e) != STORE_OK)
		return -1;
	add_node(g, GOVERNANCE_BODY, eid, e.id, e.name, e.kind);
	g->bodies_drawn++;
	entity_clear(&e);
	return 0;
}

/* Collecting the bodies */

/* What one build reads with: the store, whether a filter is applied, and
 * the model's relations in the order of their links with those drawn. */
struct reading {
	struct store *st;
	bool filtered;
	struct gov_relations rels;
	bool *drawn;            /* by rels' index: a chosen relation */
	bool *drawn_or_members; /* those, and member_of (a body's members) */
};

/* The own visible children of each of `level` (0 alone: the roots), into
 * `next`; those that are bodies are counted in *bodies and added when
 * `add` is set. */
static int next_level(const struct reading *r, const struct eids *level, struct eids *next,
                      struct governance *g, bool add, size_t max_bodies, size_t *bodies)
{
	for (size_t i = 0; i < level->count; i++) {
		size_t first = next->count;

		if (gov_children(r->st, r->filtered, level->items[i], next) != 0)
			return -1;
		for (size_t j = first; j < next->count; j++) {
			bool body;

			if (gov_is_body(r->st, next->items[j], &body) != 0)
				return -1;
			if (!body)
				continue;
			(*bodies)++;
			if (add && add_body(r->st, g, next->items[j], max_bodies) != 0)
				return -1;
		}
	}
	return 0;
}

/* The bodies among the descendants of `top` (0: the roots, all levels). */
static int collect_descendants(const struct reading *r, struct governance *g, int64_t top,
                               size_t depth, size_t max_bodies)
{
	struct eids level = { 0 }, next = { 0 };
	int rc = 0;

	eids_add(&level, top);
	for (size_t d = 1; rc == 0 && level.count > 0 && (depth == 0 || d <= depth || top == 0); d++) {
		size_t bodies = 0;

		rc = next_level(r, &level, &next, g, true, max_bodies, &bodies);
		free(level.items);
		level = next;
		next = (struct eids){ 0 };
		g->depth = d;
		if (depth == 0 && bodies > 0 && top != 0)
			break;
	}
	/* the bodies further down, counted for the note on what was left out */
	for (size_t d = g->depth + 1; rc == 0 && level.count > 0; d++) {
		size_t bodies = 0;

		rc = next_level(r, &level, &next, g, false, max_bodies, &bodies);
		free(level.items);
		level = next;
		next = (struct eids){ 0 };
		g->bodies_below += bodies;
		g->deepest = bodies ? d : g->deepest;
	}
	free(level.items);
	free(next.items);
	return rc;
}

/* Adds the bodies that lines of the chosen relations join to `eid`, in
 * either direction. */
static int add_linked_bodies(const struct reading *r, struct governance *g, int64_t eid,
                             size_t max_bodies)
{
	for (int dir = 0; dir < 2; dir++) {
		struct link_list links = { 0 };

		if (gov_links(r->st, &r->rels, r->drawn, eid, dir ? LINKS_IN : LINKS_OUT, &links) != 0) {
			link_list_clear(&links);
			return -1;
		}
		for (size_t j = 0; j < links.count; j++) {
			const struct link_item *l = &links.items[j];
			bool body = false;

			if (gov_is_body(r->st, l->other, &body) != 0 ||
			    (body && add_body(r->st, g, l->other, max_bodies) != 0)) {
				link_list_clear(&links);
				return -1;
			}
		}
		link_list_clear(&links);
	}
	return 0;
}

/* The bodies within depth - 1 steps of `root` along the chosen relations. */
static int collect_neighbours(const struct reading *r, struct governance *g, int64_t root, size_t depth,
                              size_t max_bodies)
{
	size_t from = 0;

	if (add_body(r->st, g, root, max_bodies) != 0)
		return -1;
	g->depth = depth ? depth : 1;
	g->around_body = true;
	for (size_t d = 1; d < g->depth; d++) {
		size_t to = g->node_count;

		for (size_t i = from; i < to; i++)
			if (add_linked_bodies(r, g, g->nodes[i].eid, max_bodies) != 0)
				return -1;
		from = to;
	}
	return 0;
}

/* The lines */

static size_t scope_index(struct governance *g, const char *scope)
{
	for (size_t i = 0; i < g->scope_count; i++)
		if (strcmp(g->scopes[i], scope) == 0)
			return i;
	GROW(g->scopes, g->scope_cap, g->scope_count + 1);
	g->scopes[g->scope_count] = xstrdup(scope);
	return g->scope_count++;
}

static const char *link_scope(const struct link_item *l)
{
	for (size_t i = 0; i < l->fact_count; i++)
		if (strcmp(l->facts[i].key, "scope") == 0)
			return l->facts[i].value;
	return NULL;
}

static void line_add_scope(struct governance_line *line, size_t scope)
{
	for (size_t i = 0; i < line->scope_count; i++)
		if (line->scopes[i] == scope)
			return;
	GROW(line->scopes, line->scope_cap, line->scope_count + 1);
	line->scopes[line->scope_count++] = scope;
}

/* The line of `relation` from the link's subject to its object, made once. */
static struct governance_line *line_between(struct governance *g, size_t subject, size_t object,
                                            size_t relation)
{
	struct orientation o = orientation_of(g->relations[relation].name);
	size_t top = o.to_is_top ? object : subject, bottom = o.to_is_top ? subject : object;
	for (size_t i = 0; i < g->line_count; i++)
		if (g->lines[i].top == top && g->lines[i].bottom == bottom && g->lines[i].relation == relation)
			return &g->lines[i];
	GROW(g->lines, g->line_cap, g->line_count + 1);
	g->lines[g->line_count] = (struct governance_line){ .top = top, .bottom = bottom,
	                                                    .relation = relation, .arrow_up = o.arrow_up };
	g->relations[relation].used = true;
	return &g->lines[g->line_count++];
}

/* The entities at the other ends of one body's lines of one relation and
 * direction that are not drawn as bodies. */
struct pending {
	long relation;
	bool backlink;
	struct eids others;
	struct string_list ids, names, kinds;
	struct eids scopes;     /* scope indexes, as int64_t */
};

static void pending_clear(struct pending *p)
{
	free(p->others.items);
	string_list_clear(&p->ids);
	string_list_clear(&p->names);
	string_list_clear(&p->kinds);
	free(p->scopes.items);
}

static void pending_add(struct pending *p, const struct link_item *l, long scope)
{
	bool seen = false;

	for (size_t i = 0; i < p->others.count && !seen; i++)
		seen = p->others.items[i] == l->other;
	if (!seen) {
		eids_add(&p->others, l->other);
		GROW(p->ids.items, p->ids.cap, p->ids.count + 1);
		p->ids.items[p->ids.count++] = xstrdup(l->other_id);
		GROW(p->names.items, p->names.cap, p->names.count + 1);
		p->names.items[p->names.count++] = xstrdup(l->other_name);
		GROW(p->kinds.items, p->kinds.cap, p->kinds.count + 1);
		p->kinds.items[p->kinds.count++] = xstrdup(l->other_kind);
	}
	if (scope >= 0)
		eids_add(&p->scopes, scope);
}

static bool same_set(const struct governance_node *n, const struct eids *others)
{
	if (n->group_count != others->count)
		return false;
	for (size_t i = 0; i < others->count; i++)
		if (n->group[i] != others->items[i])
			return false;
	return true;
}

/* The node for a pending set: an entity of its own, or a group. */
static size_t node_for(struct governance *g, struct pending *p, const char *type)
{
	const char *kind = p->kinds.items[0];
	size_t n;
	long found;
	char *name;
	int64_t *sorted;
	size_t *order;

	if (p->others.count == 1) {
		found = node_of(g, p->others.items[0]);
		if (found >= 0)
			return (size_t)found;
		return add_node(g, GOVERNANCE_ENTITY, p->others.items[0], p->ids.items[0], p->names.items[0], kind);
	}
	/* a group's entities in load order, which is eid order */
	order = xcalloc(p->others.count, sizeof(*order));
	sorted = xcalloc(p->others.count, sizeof(*sorted));
	memcpy(sorted, p->others.items, p->others.count * sizeof(*sorted));
	qsort(sorted, p->others.count, sizeof(*sorted), compare_int64);
	for (size_t i = 0; i < p->others.count; i++)
		for (size_t j = 0; j < p->others.count; j++)
			if (p->others.items[j] == sorted[i])
				order[i] = j;
	memcpy(p->others.items, sorted, p->others.count * sizeof(*sorted));
	free(sorted);
	for (size_t i = 0; i < g->node_count; i++) {
		if (g->nodes[i].type == GOVERNANCE_GROUP && same_set(&g->nodes[i], &p->others)) {
			free(order);
			return i;
		}
	}
	for (size_t i = 1; i < p->kinds.count && kind; i++)
		if (strcmp(p->kinds.items[i], kind) != 0)
			kind = NULL;
	name = counts_phrase((int64_t)p->others.count, type ? type : kind ? kind : "entity");
	n = add_node(g, GOVERNANCE_GROUP, 0, "", name, kind);
	free(name);
	free(g->nodes[n].id);
	g->nodes[n].id = xasprintf("group-%zu", ++g->group_count);
	g->nodes[n].group_number = g->group_count;
	g->nodes[n].group = xcalloc(p->others.count, sizeof(int64_t));
	g->nodes[n].group_names = xcalloc(p->others.count, sizeof(char *));
	g->nodes[n].group_count = p->others.count;
	for (size_t i = 0; i < p->others.count; i++) {
		g->nodes[n].group[i] = p->others.items[i];
		g->nodes[n].group_names[i] = xstrdup(p->names.items[order[i]]);
	}
	free(order);
	return n;
}

/* Where a pending set is all or part of the body's members, says so. */
static void note_members(struct governance *g, size_t node, size_t body, const struct eids *members)
{
	struct governance_node *n = &g->nodes[node];
	size_t in = 0;

	if (n->type != GOVERNANCE_GROUP || n->members_of)
		return;
	for (size_t i = 0; i < n->group_count; i++)
		for (size_t j = 0; j < members->count; j++)
			if (members->items[j] == n->group[i]) {
				in++;
				break;
			}
	if (in != n->group_count)
		return;
	n->members_of = g->nodes[body].name;
	n->all_members = in == members->count;
}

/* The type every entity of a pending set has ("local authority"), into
 * *type (NULL when they differ or one has none; caller frees), so that a
 * group is named by what its entities are rather than by their kind. */
static int shared_type(struct store *st, const struct pending *p, char **type)
{
	*type = NULL;
	for (size_t i = 0; i < p->others.count; i++) {
		struct entity e;
		bool same;

		if (store_entity(st, p->others.items[i], &e) != STORE_OK) {
			free(*type);
			*type = NULL;
			return -1;
		}
		same = e.type && *e.type && (i == 0 || (*type && strcmp(*type, e.type) == 0));
		if (i == 0 && same)
			*type = xstrdup(e.type);
		entity_clear(&e);
		if (!same) {
			free(*type);
			*type = NULL;
			return 0;
		}
	}
	return 0;
}

static int pending_to_lines(struct store *st, struct governance *g, size_t body, struct pending *p,
                            const struct eids *members)
{
	char *type = NULL;
	size_t other;
	struct governance_line *line;

	if (p->others.count > 1 && shared_type(st, p, &type) != 0)
		return -1;
	other = node_for(g, p, type);
	free(type);
	line = p->backlink ? line_between(g, other, body, (size_t)p->relation)
	                   : line_between(g, body, other, (size_t)p->relation);
	for (size_t i = 0; i < p->scopes.count; i++)
		line_add_scope(line, (size_t)p->scopes.items[i]);
	note_members(g, other, body, members);
	return 0;
}

static struct pending *pending_for(struct pending **list, size_t *count, size_t *cap, long relation,
                                   bool backlink)
{
	for (size_t i = 0; i < *count; i++)
		if ((*list)[i].relation == relation && (*list)[i].backlink == backlink)
			return &(*list)[i];
	GROW(*list, *cap, *count + 1);
	(*list)[*count] = (struct pending){ .relation = relation, .backlink = backlink };
	return &(*list)[(*count)++];
}

/* The lines of one body: to drawn bodies one by one (from its outgoing
 * links only, so each is made once), to the rest gathered. */
static int body_lines(const struct reading *r, struct governance *g, const struct relation_list *all,
                      size_t body)
{
	struct link_list out = { 0 }, in = { 0 };
	struct pending *pending = NULL;
	size_t pending_count = 0, pending_cap = 0;
	struct eids members = { 0 };
	int64_t eid = g->nodes[body].eid;
	int failed = 0;

	if (gov_links(r->st, &r->rels, r->drawn, eid, LINKS_OUT, &out) != 0 ||
	    gov_links(r->st, &r->rels, r->drawn_or_members, eid, LINKS_IN, &in) != 0) {
		link_list_clear(&out);
		link_list_clear(&in);
		return -1;
	}
	for (size_t i = 0; i < in.count; i++)
		if (strcmp(in.items[i].label, "members") == 0)
			eids_add(&members, in.items[i].other);
	g->nodes[body].members = members.count;
	for (int dir = 0; dir < 2; dir++) {
		const struct link_list *links = dir ? &in : &out;

		for (size_t i = 0; i < links->count; i++) {
			const struct link_item *l = &links->items[i];
			long rel = link_relation(g, all, l->label, dir);
			const char *scope;
			long si;

			if (rel < 0 || l->other == eid)
				continue;
			scope = link_scope(l);
			si = scope ? (long)scope_index(g, scope) : -1;
			if (is_drawn_entity(g, l->other)) {
				struct governance_line *line = dir
					? line_between(g, (size_t)node_of(g, l->other), body, (size_t)rel)
					: line_between(g, body, (size_t)node_of(g, l->other), (size_t)rel);
				if (si >= 0)
					line_add_scope(line, (size_t)si);
				continue;
			}
			if (is_drawn_body(g, l->other)) {
				if (!dir) {
					struct governance_line *line = line_between(g, body, (size_t)node_of(g, l->other),
					                                            (size_t)rel);
					if (si >= 0)
						line_add_scope(line, (size_t)si);
				}
				continue;
			}
			pending_add(pending_for(&pending, &pending_count, &pending_cap, rel, dir), l, si);
		}
	}
	for (size_t i = 0; i < pending_count; i++) {
		if (!failed && pending_to_lines(r->st, g, body, &pending[i], &members) != 0)
			failed = -1;
		pending_clear(&pending[i]);
	}
	free(pending);
	free(members.items);
	link_list_clear(&out);
	link_list_clear(&in);
	return failed;
}

static bool node_linked(const struct governance *g, size_t node)
{
	for (size_t j = 0; j < g->line_count; j++)
		if (g->lines[j].top == node || g->lines[j].bottom == node)
			return true;
	return false;
}

/* Removes a node no line reaches, renumbering the lines' ends. */
static void drop_node(struct governance *g, size_t node)
{
	struct governance_node *n = &g->nodes[node];

	free(n->id);
	free(n->name);
	free(n->kind);
	memmove(n, n + 1, (g->node_count - node - 1) * sizeof(*n));
	g->node_count--;
	for (size_t j = 0; j < g->line_count; j++) {
		g->lines[j].top -= g->lines[j].top > node;
		g->lines[j].bottom -= g->lines[j].bottom > node;
	}
}

/* The entity the diagram is drawn under, when it is not a body: a node of
 * its own before the lines are made, so that the lines reaching it (the
 * board that governs it, the partnership that is its committee) are drawn
 * to it rather than gathered with others into a group; dropped again when
 * none does. */
static size_t add_root_node(struct governance *g, const struct entity *root)
{
	return add_node(g, GOVERNANCE_ENTITY, root->eid, root->id, root->name, root->kind);
}

static void count_unlinked(struct governance *g)
{
	for (size_t i = 0; i < g->node_count; i++) {
		bool linked = false;

		if (g->nodes[i].type != GOVERNANCE_BODY)
			continue;
		for (size_t j = 0; j < g->line_count && !linked; j++)
			linked = g->lines[j].top == i || g->lines[j].bottom == i;
		g->unlinked += !linked;
	}
}

/* The relations the build reads the links of, once they are chosen. */
static int reading_open(struct reading *r, struct store *st, const struct governance *g)
{
	r->st = st;
	r->filtered = store_filter_active(st);
	if (gov_relations_read(st, &r->rels) != 0)
		return -1;
	r->drawn = xcalloc(r->rels.count ? r->rels.count : 1, sizeof(*r->drawn));
	r->drawn_or_members = xcalloc(r->rels.count ? r->rels.count : 1, sizeof(*r->drawn_or_members));
	for (size_t k = 0; k < r->rels.count; k++) {
		r->drawn[k] = relation_index(g, r->rels.items[k].name) >= 0;
		r->drawn_or_members[k] = r->drawn[k] || strcmp(r->rels.items[k].inverse, "members") == 0;
	}
	return 0;
}

static void reading_close(struct reading *r)
{
	gov_relations_clear(&r->rels);
	free(r->drawn);
	free(r->drawn_or_members);
}

enum governance_status governance_build(struct store *st, const struct entity *root,
                                        const struct governance_options *opts,
                                        struct governance **out, char **error)
{
	struct governance *g = xcalloc(1, sizeof(*g));
	struct relation_list all = { 0 };
	struct reading r = { 0 };
	enum governance_status rc = GOVERNANCE_OK;
	size_t bodies, root_node = 0;
	int failed = 0;
	bool root_is_body = false;

	*out = NULL;
	*error = NULL;
	if (store_relations(st, &all) != STORE_OK) {
		rc = GOVERNANCE_STORE_ERROR;
		goto done;
	}
	if (opts->relations) {
		rc = choose_relations(g, &all, opts->relations, error);
	} else {
		char *list = default_relations(&all);

		rc = choose_relations(g, &all, list, error);
		free(list);
	}
	if (rc != GOVERNANCE_OK)
		goto done;
	if (reading_open(&r, st, g) != 0 || (root && gov_is_body(st, root->eid, &root_is_body) != 0))
		failed = -1;
	else if (root && root_is_body)
		failed = collect_neighbours(&r, g, root->eid, opts->depth, opts->max_bodies);
	else
		failed = collect_descendants(&r, g, root ? root->eid : 0, opts->depth, opts->max_bodies);
	if (!failed && root && !root_is_body) {
		size_t before = g->bodies_drawn;

		/* the bodies outside its tree whose lines reach it (a council's
		 * partnership, a committee of it): what it answers to and for */
		failed = add_linked_bodies(&r, g, root->eid, opts->max_bodies);
		g->bodies_reaching = g->bodies_drawn - before;
	}
	bodies = g->node_count;
	if (!failed && root && !root_is_body && bodies > 0)
		root_node = add_root_node(g, root);
	for (size_t i = 0; i < bodies && !failed; i++)
		failed = body_lines(&r, g, &all, i);
	if (root_node && !node_linked(g, root_node))
		drop_node(g, root_node);
	if (failed)
		rc = GOVERNANCE_STORE_ERROR;
	choose_styles(g);
	count_unlinked(g);
done:
	reading_close(&r);
	relation_list_clear(&all);
	if (rc != GOVERNANCE_OK) {
		governance_free(g);
		return rc;
	}
	*out = g;
	return GOVERNANCE_OK;
}

void governance_free(struct governance *g)
{
	if (!g)
		return;
	for (size_t i = 0; i < g->node_count; i++) {
		struct governance_node *n = &g->nodes[i];

		free(n->id);
		free(n->name);
		free(n->kind);
		free(n->group);
		for (size_t j = 0; j < n->group_count; j++)
			free(n->group_names[j]);
		free(n->group_names);
	}
	free(g->nodes);
	for (size_t i = 0; i < g->line_count; i++)
		free(g->lines[i].scopes);
	free(g->lines);
	for (size_t i = 0; i < g->relation_count; i++) {
		free(g->relations[i].name);
		free(g->relations[i].legend);
	}
	free(g->relations);
	for (size_t i = 0; i < g->scope_count; i++)
		free(g->scopes[i]);
	free(g->scopes);
	free(g);
}
