/* The export (export.h): the relations chosen, the entities collected in
 * display order and each one's facts, links and sources loaded for the
 * writers (export_json.c, export_csv.c, export_dot.c, export_md.c). */
#include "icsview/query/export.h"

#include <stdlib.h>
#include <string.h>
#include "export_private.h"
#include "icsview/query/filter.h"
#include "icsview/base/util.h"

static const char *const dot_default_relations[] = {
	"reports_to", "recommends_to", "delegated_authority", "member_of",
};

/* Children read from the store at a time. */
#define PAGE_SIZE 512

bool export_format_parse(const char *name, enum export_format *out)
{
	static const struct { const char *name; enum export_format format; } names[] = {
		{ "json", EXPORT_JSON }, { "csv", EXPORT_CSV }, { "dot", EXPORT_DOT },
		{ "md", EXPORT_MD }, { "markdown", EXPORT_MD },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(name, names[i].name) == 0) {
			*out = names[i].format;
			return true;
		}
	}
	return false;
}

/* Shared with the writers */

void export_text(struct out *o, const char *s, escape_fn escape)
{
	struct strbuf sb = STRBUF_INIT;

	if (!s)
		return;
	sb_text_line(&sb, s);
	if (escape)
		out_escaped(o, sb_str(&sb), sb.len, escape);
	else
		out_write(o, sb_str(&sb), sb.len);
	sb_free(&sb);
}

bool export_has(const struct export *x, int64_t eid)
{
	return eid > 0 && x->count > 0 &&
	       bsearch(&eid, x->sorted, x->count, sizeof(int64_t), compare_int64) != NULL;
}

const struct export_relation *export_relation(const struct export *x, const char *name)
{
	for (size_t i = 0; i < x->relation_count; i++)
		if (strcmp(x->relations[i].name, name) == 0)
			return &x->relations[i];
	return NULL;
}

static const struct export_relation *relation_by_inverse(const struct export *x, const char *name)
{
	for (size_t i = 0; i < x->relation_count; i++)
		if (strcmp(x->relations[i].inverse, name) == 0)
			return &x->relations[i];
	return NULL;
}

/* Puts the links of the chosen relations first, in their order, and
 * returns how many they are (labels are relation names, or inverse names
 * for backlinks).  The others stay behind them, to be freed with the list. */
static size_t keep_chosen(struct export *x, struct link_list *links, bool backlinks)
{
	struct link_item *sorted;
	size_t kept = 0, dropped;

	if (!links->count)
		return 0;
	sorted = xcalloc(links->count, sizeof(*sorted));
	dropped = links->count;
	for (size_t i = links->count; i-- > 0;) {
		const struct export_relation *r = backlinks ? relation_by_inverse(x, links->items[i].label)
		                                            : export_relation(x, links->items[i].label);

		if (!r || !r->chosen)
			sorted[--dropped] = links->items[i];
	}
	for (size_t i = 0; i < links->count; i++) {
		const struct export_relation *r = backlinks ? relation_by_inverse(x, links->items[i].label)
		                                            : export_relation(x, links->items[i].label);

		if (r && r->chosen)
			sorted[kept++] = links->items[i];
	}
	memcpy(links->items, sorted, links->count * sizeof(*sorted));
	free(sorted);
	return kept;
}

int export_entity_load(struct export *x, int64_t eid, bool want_backlinks,
                       struct export_entity *out)
{
	struct entity parent;

	memset(out, 0, sizeof(*out));
	if (store_entity(x->st, eid, &out->e) != STORE_OK)
		return STORE_ERROR;
	if (out->e.parent) {
		if (store_entity(x->st, out->e.parent, &parent) != STORE_OK)
			return STORE_ERROR;
		out->parent_id = xstrdup(parent.id);
		entity_clear(&parent);
	}
	if (store_aka(x->st, eid, &out->aka) != STORE_OK ||
	    store_facts(x->st, eid, &out->facts) != STORE_OK ||
	    store_sources(x->st, eid, &out->sources) != STORE_OK ||
	    store_links(x->st, eid, LINKS_OUT, &out->links) != STORE_OK ||
	    (want_backlinks && store_links(x->st, eid, LINKS_IN, &out->backlinks) != STORE_OK))
		return STORE_ERROR;
	out->link_count = keep_chosen(x, &out->links, false);
	out->backlink_count = keep_chosen(x, &out->backlinks, true);
	return STORE_OK;
}

void export_entity_clear(struct export_entity *xe)
{
	entity_clear(&xe->e);
	free(xe->parent_id);
	string_list_clear(&xe->aka);
	fact_list_clear(&xe->facts);
	source_list_clear(&xe->sources);
	link_list_clear(&xe->links);
	link_list_clear(&xe->backlinks);
	memset(xe, 0, sizeof(*xe));
}

/* Collecting the entities */

struct pending {
	int64_t eid;
	size_t level;
};

struct stack {
	struct pending *items;
	size_t count, cap;
};

/* Pushes the own visible children of `parent` (0: the roots) in reverse, so
 * that they are popped in display order. */
static int push_children(struct store *st, int64_t parent, size_t level, struct stack *stack)
{
	struct child after = { 0 };
	size_t first = stack->count;
	bool more = true;

	while (more) {
		struct child_list page = { 0 };

		if (store_children_filtered_after(st, parent, &after, PAGE_SIZE, &page) != STORE_OK) {
			child_list_clear(&page);
			return -1;
		}
		more = page.count == PAGE_SIZE;
		for (size_t i = 0; i < page.count; i++) {
			/* own children come first: the rest are secondary */
			if (page.items[i].secondary) {
				more = false;
				break;
			}
			GROW(stack->items, stack->cap, stack->count + 1);
			stack->items[stack->count++] = (struct pending){ page.items[i].eid, level };
		}
		if (page.count) {
			after.eid = page.items[page.count - 1].eid;
			after.secondary = page.items[page.count - 1].secondary;
		}
		child_list_clear(&page);
	}
	for (size_t i = first, j = stack->count; i + 1 < j; i++, j--) {
		struct pending t = stack->items[i];

		stack->items[i] = stack->items[j - 1];
		stack->items[j - 1] = t;
	}
	return 0;
}

/* Forgets the entities of an earlier export_write. */
static void forget_entities(struct export *x)
{
	free(x->eids);
	free(x->levels);
	free(x->sorted);
	x->eids = NULL;
	x->levels = NULL;
	x->sorted = NULL;
	x->count = x->cap = 0;
}

static int collect(struct export *x, const struct entity *top)
{
	struct stack stack = { 0 };
	int rc = 0;

	forget_entities(x);
	if (top) {
		GROW(stack.items, stack.cap, 1);
		stack.items[stack.count++] = (struct pending){ top->eid, 0 };
	} else {
		rc = push_children(x->st, 0, 0, &stack);
	}
	while (rc == 0 && stack.count > 0) {
		struct pending p = stack.items[--stack.count];

		GROW(x->eids, x->cap, x->count + 1);
		x->levels = xreallocarray(x->levels, x->cap, sizeof(*x->levels));
		x->eids[x->count] = p.eid;
		x->levels[x->count++] = p.level;
		rc = push_children(x->st, p.eid, p.level + 1, &stack);
	}
	free(stack.items);
	x->sorted = xcalloc(x->count ? x->count : 1, sizeof(int64_t));
	if (x->count)
		memcpy(x->sorted, x->eids, x->count * sizeof(int64_t));
	qsort(x->sorted, x->count, sizeof(int64_t), compare_int64);
	return rc;
}

/* Choosing the relations */

/* Marks the relations of a comma-separated list (names, or inverse names)
 * as the chosen ones. */
static enum export_status choose_relations(struct export *x, const char *list, char **error)
{
	char *copy, *save = NULL;
	enum export_status rc = EXPORT_OK;

	for (size_t i = 0; i < x->relation_count; i++)
		x->relations[i].chosen = false;
	if (!*list || list[strlen(list) - 1] == ',' || list[0] == ',' || strstr(list, ",,")) {
		*error = xstrdup("an empty relation name");
		return EXPORT_EMPTY_RELATION;
	}
	copy = xstrdup(list);
	for (char *name = strtok_r(copy, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
		struct export_relation *r = (struct export_relation *)export_relation(x, name);

		if (!r)
			r = (struct export_relation *)relation_by_inverse(x, name);
		if (!r) {
			struct strbuf sb = STRBUF_INIT;

			sb_text_line(&sb, name);
			*error = xasprintf("unknown relation '%s'", sb_str(&sb));
			sb_free(&sb);
			rc = EXPORT_UNKNOWN_RELATION;
			break;
		}
		r->chosen = true;
	}
	free(copy);
	return rc;
}

static void choose_dot_default(struct export *x)
{
	for (size_t i = 0; i < x->relation_count; i++) {
		x->relations[i].chosen = false;
		for (size_t j = 0; j < sizeof(dot_default_relations) / sizeof(char *); j++)
			if (strcmp(x->relations[i].name, dot_default_relations[j]) == 0)
				x->relations[i].chosen = true;
	}
}

/* Writing */

static int write_format(struct export *x)
{
	switch (x->format) {
	case EXPORT_JSON: return export_json(x);
	case EXPORT_CSV: return export_csv(x);
	case EXPORT_DOT: return x->all ? export_dot(x) : export_dot_governance(x);
	case EXPORT_MD: return export_md(x);
	}
	return -1;
}

/* The relations of the model, and which are chosen (all, until
 * export_open chooses). */
static int load_relations(struct export *x)
{
	struct relation_list list = { 0 };

	if (store_relations(x->st, &list) != STORE_OK) {
		relation_list_clear(&list);
		return -1;
	}
	x->relations = xcalloc(list.count ? list.count : 1, sizeof(*x->relations));
	for (size_t i = 0; i < list.count; i++) {
		struct export_relation *r = &x->relations[x->relation_count++];

		r->name = list.items[i].name;       /* the strings are the export's now */
		r->inverse = list.items[i].inverse;
		r->chosen = true;
	}
	free(list.items);
	return 0;
}

enum export_status export_write(struct export *x, const struct entity *root, struct out *o)
{
	int rc;

	x->out = o;
	x->root = root ? root->id : NULL;
	x->top = root;
	/* one read transaction: one snapshot, and the lock taken once, not per query */
	if (store_snapshot_begin(x->st) != STORE_OK)
		return EXPORT_STORE_ERROR;
	rc = collect(x, root);
	if (rc == 0)
		rc = write_format(x);
	if (store_snapshot_end(x->st) != STORE_OK)
		rc = -1;
	x->out = NULL;
	x->root = NULL;
	x->top = NULL;
	return rc == 0 ? EXPORT_OK : EXPORT_STORE_ERROR;
}

/* Opening and closing */

enum export_status export_open(struct store *st, const struct export_options *opts,
                               struct export **out, char **error)
{
	struct export *x = xcalloc(1, sizeof(*x));
	enum export_status rc = EXPORT_OK;

	*out = NULL;
	*error = NULL;
	x->st = st;
	x->format = opts->format;
	x->links_only = opts->links_only;
	x->base_dir = opts->base_dir ? xstrdup(opts->base_dir) : NULL;
	x->all = opts->all;
	x->chosen = opts->relations ? xstrdup(opts->relations) : NULL;
	if (load_relations(x) != 0)
		rc = EXPORT_STORE_ERROR;
	else if (opts->relations)
		rc = choose_relations(x, opts->relations, error);
	else if (opts->format == EXPORT_DOT)
		choose_dot_default(x);
	if (rc != EXPORT_OK) {
		export_free(x);
		return rc;
	}
	*out = x;
	return EXPORT_OK;
}

void export_free(struct export *x)
{
	if (!x)
		return;
	forget_entities(x);
	for (size_t i = 0; i < x->relation_count; i++) {
		free(x->relations[i].name);
		free(x->relations[i].inverse);
	}
	free(x->relations);
	free(x->base_dir);
	free(x->chosen);
	free(x);
}
