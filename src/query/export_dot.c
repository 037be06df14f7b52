/* icsview export --format dot --all: a Graphviz digraph of everything.
 *
 *   digraph "icsview" {
 *     node [shape=box];
 *     "ID" [label="NAME", shape=SHAPE];           one a line, in display order
 *     "PARENT" -> "CHILD";                        containment, solid
 *     "FROM" -> "TO" [style=dashed, label="REL"]; links of the chosen relations
 *   }
 *
 * Ids are node ids, always quoted; names are labels.  In both, backslash
 * and double quote are escaped, and control characters written visibly as
 * out_text writes them (ESC as ^[).  The shape is by kind (box for an
 * organisation, ellipse for a place, component for a board, note for a
 * source, …; box for a kind the model declares).  Only edges between
 * exported entities are drawn. */
#include <string.h>
#include "export_private.h"
#include "icsview/base/util.h"

static const struct {
	const char *kind, *shape;
} shapes[] = {
	{ "region", "tripleoctagon" },
	{ "system", "box3d" },
	{ "place", "ellipse" },
	{ "partnership", "hexagon" },
	{ "organisation", "box" },
	{ "board", "component" },
	{ "programme", "folder" },
	{ "service", "tab" },
	{ "initiative", "parallelogram" },
	{ "person", "egg" },
	{ "source", "note" },
};

static const char *shape_of(const char *kind)
{
	for (size_t i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++)
		if (strcmp(shapes[i].kind, kind) == 0)
			return shapes[i].shape;
	return "box";
}

static const char *dot_escape(const char *s, size_t n, size_t *len, char buf[16])
{
	(void)n;
	(void)buf;
	*len = 1;
	if (*s == '"')
		return "\\\"";
	if (*s == '\\')
		return "\\\\";
	return NULL;
}

void export_dot_text(struct out *o, const char *s)
{
	export_text(o, s, dot_escape);
}

void export_dot_string(struct out *o, const char *s)
{
	out_putc(o, '"');
	export_text(o, s, dot_escape);
	out_putc(o, '"');
}

static void dot_node(struct out *o, const struct export_entity *xe)
{
	out_puts(o, "  ");
	export_dot_string(o, xe->e.id);
	out_puts(o, " [label=");
	export_dot_string(o, xe->e.name);
	out_printf(o, ", shape=%s];\n", shape_of(xe->e.kind));
}

static void dot_edge(struct out *o, const char *from, const char *to, const char *rel)
{
	out_puts(o, "  ");
	export_dot_string(o, from);
	out_puts(o, " -> ");
	export_dot_string(o, to);
	if (rel) {
		out_puts(o, " [style=dashed, label=");
		export_dot_string(o, rel);
		out_putc(o, ']');
	}
	out_puts(o, ";\n");
}

/* One pass over the entities: nodes (pass 0), containment (1), links (2). */
static int dot_pass(struct export *x, int pass)
{
	int rc = 0;

	for (size_t i = 0; i < x->count && rc == 0 && !out_failed(x->out); i++) {
		struct export_entity xe;

		rc = export_entity_load(x, x->eids[i], false, &xe) == STORE_OK ? 0 : -1;
		if (rc == 0 && pass == 0)
			dot_node(x->out, &xe);
		if (rc == 0 && pass == 1 && export_has(x, xe.e.parent))
			dot_edge(x->out, xe.parent_id, xe.e.id, NULL);
		for (size_t j = 0; rc == 0 && pass == 2 && j < xe.link_count; j++)
			if (export_has(x, xe.links.items[j].other))
				dot_edge(x->out, xe.e.id, xe.links.items[j].other_id, xe.links.items[j].label);
		export_entity_clear(&xe);
	}
	return rc;
}

int export_dot(struct export *x)
{
	int rc = 0;

	out_puts(x->out, "digraph \"icsview\" {\n  node [shape=box];\n");
	for (int pass = 0; pass < 3 && rc == 0; pass++)
		rc = dot_pass(x, pass);
	out_puts(x->out, "}\n");
	return rc;
}
