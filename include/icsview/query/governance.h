/* The governance around an entity, as a graph for a diagram (`icsview
 * diagram`, `export --format dot`): which bodies (boards, committees,
 * partnerships) are drawn, the lines between them and the entities at the
 * other ends of their lines, how many members each body has, and the
 * scopes of the lines, numbered for a key.
 *
 * The bodies (boards, partnerships, and entities of kinds the model
 * declares that report, recommend or hold delegated authority): for a body, the entity itself and, with a
 * depth above 1, the bodies its lines reach, depth - 1 steps out; for any
 * other entity, the bodies among its descendants down to `depth` levels
 * (0: the shallowest level that has one) and those elsewhere whose lines
 * reach it (a council's partnership); with no entity, every body.  The
 * entity itself, when a line reaches it, is a node of its own.
 * Each line is one relation between two nodes: the links of one relation
 * between a body and entities that are not drawn as bodies are gathered
 * per body, and two or more such entities become one group node ("24
 * organisations"), shared by every body whose line reaches the same set.
 * Members (member_of) are counted, never drawn.  Everything is in load
 * order, so the same model gives the same graph. */
#ifndef ICSVIEW_GOVERNANCE_H
#define ICSVIEW_GOVERNANCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "icsview/store/store.h"

/* The relations drawn when none are asked for: these, then each of
 * GOVERNANCE_DECLARED_RELATIONS the model declares. */
#define GOVERNANCE_DEFAULT_RELATIONS "reports_to,recommends_to,delegated_authority,chairs,hosts"
/* Relations a model may declare whose meaning is governance (the statutory
 * boards of today's NHS: a board governs its organisation, a health and
 * wellbeing board is a committee of its council, governors hold a board to
 * account): drawn by default when the model has them. */
#define GOVERNANCE_DECLARED_RELATIONS "governs,committee_of,holds_to_account"
/* The bodies drawn at most by default: more would not read in a terminal. */
#define GOVERNANCE_MAX_BODIES 40

enum governance_node_type {
	GOVERNANCE_BODY,        /* a board, committee or partnership */
	GOVERNANCE_ENTITY,      /* one entity at the other end of a body's line */
	GOVERNANCE_GROUP,       /* several, drawn as one node */
};

struct governance_node {
	enum governance_node_type type;
	int64_t eid;            /* 0 for a group */
	char *id;               /* the entity's id; a group's is "group-N" */
	char *name;             /* a group's: "5 organisations" */
	char *kind;             /* the entity's kind; a group's, if its entities share one */
	size_t members;         /* a body's members (member_of links to it) */
	/* A group's entities, in load order, and their names. */
	int64_t *group;
	char **group_names;
	size_t group_count;
	size_t group_number;    /* from 1, the group's place in the key */
	/* A group that is all or part of a body's members: that body's name. */
	const char *members_of;
	bool all_members;       /* ... and it is all of them */
};

/* How a line reads.  `top` is the node drawn above: the body reported or
 * recommended to, the delegating body, the chair or the host. */
struct governance_line {
	size_t top, bottom;     /* node indexes */
	size_t relation;        /* index into relations */
	bool arrow_up;          /* the relation points from bottom to top */
	size_t *scopes;         /* indexes into scopes, in first-seen order */
	size_t scope_count, scope_cap;
};

/* The styles a relation's lines are drawn in, the same in a terminal and
 * a picture: reports_to solid, recommends_to dashed, delegated_authority
 * double, chairs dotted, hosts heavy; any other the first one no drawn
 * relation has. */
enum governance_style { GOVERNANCE_SOLID, GOVERNANCE_DASHED, GOVERNANCE_DOUBLE, GOVERNANCE_DOTTED,
                        GOVERNANCE_HEAVY, GOVERNANCE_STYLE_COUNT };

struct governance_relation {
	char *name;             /* reports_to */
	char *legend;           /* "reports to", "delegates authority to" */
	bool used;              /* some line is of it */
	enum governance_style style;    /* set for the used ones */
	bool labelled;          /* it shares its style: its lines carry its name */
};

struct governance {
	struct governance_node *nodes;
	size_t node_count, node_cap;
	struct governance_line *lines;
	size_t line_count, line_cap;
	struct governance_relation *relations;   /* the chosen ones, in the order asked */
	size_t relation_count, relation_cap;
	char **scopes;          /* distinct scopes, numbered from 1 in the key */
	size_t scope_count, scope_cap;
	size_t group_count;
	size_t bodies_found;    /* bodies that qualified */
	size_t bodies_drawn;    /* of which drawn (at most max_bodies) */
	size_t depth;           /* the depth used */
	size_t bodies_below;    /* bodies under the entity deeper than that */
	size_t deepest;         /* the depth that would reach them all */
	bool around_body;       /* drawn around a body (its lines), not under an entity */
	size_t bodies_reaching; /* drawn bodies outside the tree under the entity whose lines reach it */
	size_t unlinked;        /* drawn bodies with no line */
};

struct governance_options {
	const char *relations;  /* comma-separated names or inverse names; NULL: the default
	                         * (GOVERNANCE_DEFAULT_RELATIONS and the declared ones) */
	size_t depth;           /* 0: see above */
	size_t max_bodies;      /* 0: no limit */
};

enum governance_status {
	GOVERNANCE_OK,
	GOVERNANCE_EMPTY_RELATION,      /* the list of relations names an empty one */
	GOVERNANCE_UNKNOWN_RELATION,    /* it names one the model does not have */
	GOVERNANCE_STORE_ERROR,         /* store_errmsg() */
};

/* Builds the governance around `root` (NULL: the whole model), under the
 * store's filter.  GOVERNANCE_OK with *out set (governance_free it);
 * otherwise *out is NULL and for the two relation errors *error says what
 * is wrong, made safe for a terminal (caller frees). */
enum governance_status governance_build(struct store *st, const struct entity *root,
                                        const struct governance_options *opts,
                                        struct governance **out, char **error);
void governance_free(struct governance *g);

/* True for the kinds always drawn as bodies: board and partnership (an
 * entity of a kind the model declares is one too when it reports,
 * recommends or holds delegated authority). */
bool governance_is_body_kind(const char *kind);

#endif
