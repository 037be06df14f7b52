/* icsview export --format dot: the governance picture (export.h), the
 * same graph `icsview diagram` draws in a terminal (governance.h).
 *
 *   digraph "icsview" {
 *     graph [...]; node [...]; edge [...];      the picture's look
 *     "ID" [label="NAME\n28 members"];         a body: a box
 *     "ID" [label="NAME", style=rounded];      an entity at a line's end
 *     subgraph "cluster_group-1" {             a group: its names, clustered
 *       label="G1: 24 organisations ..."; "group-1" [shape=plaintext, label="A\lB\l"]; }
 *     "TOP" -> "BOTTOM" [style=..., dir=back, label="recommends to\n..."];
 *     { rank=sink; "ID"; }                     bodies with no line, at the foot
 *     subgraph "cluster_legend" { ... }        one sample line per relation
 *   }
 *
 * The body on top of each line is the one reported or recommended to, the
 * delegating body, the chair or the host; the arrow points the way the
 * relation reads (dir=back: towards the top).  Strings are escaped and
 * made safe as in export_dot.c. */
#include <stdlib.h>
#include <string.h>
#include "export_private.h"
#include "icsview/base/util.h"
#include "icsview/query/governance.h"

/* Each style's line (enum governance_style). */
static const char *const line_styles[GOVERNANCE_STYLE_COUNT] = {
	"style=solid",
	"style=dashed",
	"color=\"black:invis:black\"",
	"style=dotted",
	"style=bold, penwidth=2",
};

static void write_node(struct out *o, const struct governance_node *n)
{
	out_puts(o, "  ");
	export_dot_string(o, n->id);
	out_puts(o, " [label=\"");
	export_dot_text(o, n->name);
	if (n->members)
		out_printf(o, "\\n%zu member%s", n->members, n->members == 1 ? "" : "s");
	out_puts(o, n->type == GOVERNANCE_BODY ? "\"];\n" : "\", style=rounded];\n");
}

/* A group: a cluster holding one node that lists its names. */
static void write_group(struct out *o, const struct governance_node *n)
{
	out_puts(o, "  subgraph \"cluster_");
	export_dot_text(o, n->id);
	out_printf(o, "\" {\n    label=\"G%zu: ", n->group_number);
	export_dot_text(o, n->name);
	if (n->members_of) {
		out_puts(o, n->all_members ? ", all members of " : ", members of ");
		export_dot_text(o, n->members_of);
	}
	out_puts(o, "\";\n    style=\"rounded,dashed\";\n    ");
	export_dot_string(o, n->id);
	out_puts(o, " [shape=plaintext, label=\"");
	for (size_t i = 0; i < n->group_count; i++) {
		export_dot_text(o, n->group_names[i]);
		out_puts(o, "\\l");
	}
	out_puts(o, "\"];\n  }\n");
}

static void write_line(struct out *o, const struct governance *g, const struct governance_line *l)
{
	const struct governance_node *top = &g->nodes[l->top], *bottom = &g->nodes[l->bottom];

	out_puts(o, "  ");
	export_dot_string(o, top->id);
	out_puts(o, " -> ");
	export_dot_string(o, bottom->id);
	out_printf(o, " [%s, dir=%s, label=\"", line_styles[g->relations[l->relation].style],
	           l->arrow_up ? "back" : "forward");
	export_dot_text(o, g->relations[l->relation].legend);
	for (size_t i = 0; i < l->scope_count; i++) {
		out_puts(o, i == 0 ? "\\n(" : "; ");
		export_dot_text(o, g->scopes[l->scopes[i]]);
	}
	out_puts(o, l->scope_count ? ")\"" : "\"");
	if (top->type == GOVERNANCE_GROUP) {
		out_puts(o, ", ltail=\"cluster_");
		export_dot_text(o, top->id);
		out_putc(o, '"');
	}
	if (bottom->type == GOVERNANCE_GROUP) {
		out_puts(o, ", lhead=\"cluster_");
		export_dot_text(o, bottom->id);
		out_putc(o, '"');
	}
	out_puts(o, "];\n");
}

static bool has_line(const struct governance *g, size_t node)
{
	for (size_t i = 0; i < g->line_count; i++)
		if (g->lines[i].top == node || g->lines[i].bottom == node)
			return true;
	return false;
}

static void write_unlinked(struct out *o, const struct governance *g)
{
	if (!g->unlinked || g->unlinked == g->node_count)
		return;
	out_puts(o, "  { rank=sink;");
	for (size_t i = 0; i < g->node_count; i++) {
		if (has_line(g, i))
			continue;
		out_putc(o, ' ');
		export_dot_string(o, g->nodes[i].id);
		out_putc(o, ';');
	}
	out_puts(o, " }\n");
}

/* One sample line per relation drawn, between two points. */
static void write_legend(struct out *o, const struct governance *g)
{
	bool any = false;

	for (size_t i = 0; i < g->relation_count; i++)
		any = any || g->relations[i].used;
	if (!any)
		return;
	out_puts(o, "  subgraph \"cluster_legend\" {\n    label=\"Legend: read each line along its arrow\";\n"
	            "    node [shape=point, width=0.05];\n");
	for (size_t i = 0; i < g->relation_count; i++) {
		const struct governance_relation *r = &g->relations[i];

		if (!r->used)
			continue;
		out_printf(o, "    \"legend-%zu-a\" -> \"legend-%zu-b\" [%s, label=\"", i, i, line_styles[r->style]);
		export_dot_text(o, r->legend);
		out_puts(o, "\"];\n");
	}
	out_puts(o, "  }\n");
}

static void write_title(struct out *o, const struct export *x)
{
	out_puts(o, "  graph [rankdir=TB, compound=true, nodesep=0.4, ranksep=0.6, "
	            "fontname=\"Helvetica\", labelloc=t, label=\"");
	if (x->top) {
		out_puts(o, "Governance of ");
		export_dot_text(o, x->top->name);
	} else {
		out_puts(o, "Governance");
	}
	out_puts(o, "\"];\n  node [shape=box, fontname=\"Helvetica\", fontsize=11];\n"
	            "  edge [fontname=\"Helvetica\", fontsize=9];\n");
}

int export_dot_governance(struct export *x)
{
	struct governance_options opts = { .relations = x->chosen };
	struct governance *g = NULL;
	char *error = NULL;
	struct out *o = x->out;

	/* the relations were checked when the export was opened */
	if (governance_build(x->st, x->top, &opts, &g, &error) != GOVERNANCE_OK) {
		free(error);
		return -1;
	}
	out_puts(o, "digraph \"icsview\" {\n");
	write_title(o, x);
	for (size_t i = 0; i < g->node_count; i++) {
		if (g->nodes[i].type == GOVERNANCE_GROUP)
			write_group(o, &g->nodes[i]);
		else
			write_node(o, &g->nodes[i]);
	}
	for (size_t i = 0; i < g->line_count; i++)
		write_line(o, g, &g->lines[i]);
	write_unlinked(o, g);
	write_legend(o, g);
	out_puts(o, "}\n");
	governance_free(g);
	return 0;
}
