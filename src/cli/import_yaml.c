/* The import's entities and their YAML (import_model.h): block style,
 * strings double-quoted with JSON's escapes (valid YAML), ids plain when
 * nothing could read them otherwise, reals with three decimals. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "import_model.h"

struct ientity *entity_new(const char *id, const char *kind, const char *name, const char *type)
{
	struct ientity *e = xcalloc(1, sizeof(*e));

	e->id = xstrdup(id);
	e->kind = xstrdup(kind);
	e->name = xstrdup(name);
	e->type = type ? xstrdup(type) : NULL;
	return e;
}

static void value_clear(struct value *v)
{
	free(v->text);
}

void entity_free(struct ientity *e)
{
	if (!e)
		return;
	free(e->id);
	free(e->kind);
	free(e->type);
	free(e->name);
	free(e->text);
	free(e->parent);
	for (size_t i = 0; i < e->aka_count; i++)
		free(e->aka[i]);
	free(e->aka);
	for (size_t i = 0; i < e->fact_count; i++) {
		free(e->facts[i].key);
		value_clear(&e->facts[i].value);
		free(e->facts[i].source);
		free(e->facts[i].note);
	}
	free(e->facts);
	for (size_t i = 0; i < e->source_count; i++)
		free(e->sources[i]);
	free(e->sources);
	for (size_t i = 0; i < e->child_count; i++)
		entity_free(e->children[i]);
	free(e->children);
	for (size_t i = 0; i < e->link_count; i++) {
		struct ilink *l = &e->links[i];
		free(l->rel);
		free(l->to);
		for (size_t j = 0; j < l->count; j++) {
			free(l->attrs[j].key);
			value_clear(&l->attrs[j].value);
		}
		free(l->attrs);
	}
	free(e->links);
	free(e);
}

void entity_aka(struct ientity *e, const char *aka)
{
	if (!aka || !*aka || strcmp(aka, e->name) == 0)
		return;
	for (size_t i = 0; i < e->aka_count; i++)
		if (strcmp(e->aka[i], aka) == 0)
			return;
	GROW(e->aka, e->aka_cap, e->aka_count + 1);
	e->aka[e->aka_count++] = xstrdup(aka);
}

static struct value value_copy(struct value v)
{
	if (v.type == VALUE_TEXT)
		v.text = xstrdup(v.text);
	return v;
}

struct value value_text(const char *text)
{
	return (struct value){ VALUE_TEXT, (char *)text, 0, 0.0 };
}

struct value value_int(long long n)
{
	return (struct value){ VALUE_INT, NULL, n, 0.0 };
}

static struct value value_real(double x)
{
	return (struct value){ VALUE_REAL, NULL, 0, x };
}

void entity_fact_sourced(struct ientity *e, const char *key, struct value value,
                         const char *source, const char *note)
{
	if (value.type == VALUE_TEXT && !*value.text)
		return;
	GROW(e->facts, e->fact_cap, e->fact_count + 1);
	e->facts[e->fact_count++] = (struct ifact){
		xstrdup(key), value_copy(value), source ? xstrdup(source) : NULL,
		note ? xstrdup(note) : NULL };
}

void entity_fact_text(struct ientity *e, const char *key, const char *text)
{
	entity_fact_sourced(e, key, value_text(text), NULL, NULL);
}

void entity_fact_int(struct ientity *e, const char *key, long long n)
{
	entity_fact_sourced(e, key, value_int(n), NULL, NULL);
}

void entity_fact_real(struct ientity *e, const char *key, double x)
{
	entity_fact_sourced(e, key, value_real(x), NULL, NULL);
}

void entity_source(struct ientity *e, const char *source)
{
	GROW(e->sources, e->source_cap, e->source_count + 1);
	e->sources[e->source_count++] = xstrdup(source);
}

void entity_set_text(struct ientity *e, const char *text)
{
	free(e->text);
	e->text = xstrdup(text);
}

void entity_set_parent(struct ientity *e, const char *parent)
{
	free(e->parent);
	e->parent = xstrdup(parent);
}

void entity_add_child(struct ientity *e, struct ientity *child)
{
	GROW(e->children, e->child_cap, e->child_count + 1);
	e->children[e->child_count++] = child;
}

struct ilink *entity_link(struct ientity *e, const char *rel, const char *to)
{
	GROW(e->links, e->link_cap, e->link_count + 1);
	struct ilink *l = &e->links[e->link_count++];
	memset(l, 0, sizeof(*l));
	l->rel = xstrdup(rel);
	l->to = xstrdup(to);
	return l;
}

static void link_attr(struct ilink *l, const char *key, struct value v, bool is_id)
{
	GROW(l->attrs, l->cap, l->count + 1);
	l->attrs[l->count++] = (struct attr){ xstrdup(key), value_copy(v), is_id };
}

void link_text(struct ilink *l, const char *key, const char *text)
{
	link_attr(l, key, value_text(text), false);
}

void link_int(struct ilink *l, const char *key, long long n)
{
	link_attr(l, key, value_int(n), false);
}

void link_real(struct ilink *l, const char *key, double x)
{
	link_attr(l, key, value_real(x), false);
}

/* A second source of a link joins the first, as a list: ids hold no
 * commas, so "a, b" is the list [a, b]. */
void link_source(struct ilink *l, const char *source)
{
	for (size_t i = 0; i < l->count; i++) {
		struct attr *a = &l->attrs[i];
		if (a->is_id && strcmp(a->key, "source") == 0) {
			char *both = xasprintf("%s, %s", a->value.text, source);
			free(a->value.text);
			a->value.text = both;
			return;
		}
	}
	link_attr(l, "source", value_text(source), true);
}

static int compare_lower(const char *a, const char *b)
{
	for (;; a++, b++) {
		int x = tolower((unsigned char)*a), y = tolower((unsigned char)*b);
		if (x != y || !x)
			return x - y;
	}
}

int entity_compare(const void *a, const void *b)
{
	const struct ientity *x = *(struct ientity *const *)a, *y = *(struct ientity *const *)b;
	int c = compare_lower(x->name, y->name);
	return c ? c : strcmp(x->id, y->id);
}

void entity_sort(struct ientity **items, size_t count)
{
	if (count > 1)
		qsort(items, count, sizeof(*items), entity_compare);
}

void entity_list_add(struct entity_list *list, struct ientity *e)
{
	GROW(list->items, list->cap, list->count + 1);
	list->items[list->count++] = e;
}

void entity_list_free(struct entity_list *list)
{
	for (size_t i = 0; i < list->count; i++)
		entity_free(list->items[i]);
	free(list->items);
	memset(list, 0, sizeof(*list));
}

/* --- YAML ----------------------------------------------------------- */

/* A double-quoted scalar with JSON's escapes, other text as it is. */
static void quoted(struct strbuf *out, const char *s)
{
	sb_putc(out, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': sb_puts(out, "\\\""); break;
		case '\\': sb_puts(out, "\\\\"); break;
		case '\n': sb_puts(out, "\\n"); break;
		case '\r': sb_puts(out, "\\r"); break;
		case '\t': sb_puts(out, "\\t"); break;
		case '\b': sb_puts(out, "\\b"); break;
		case '\f': sb_puts(out, "\\f"); break;
		default:
			if (*p < 0x20)
				sb_printf(out, "\\u%04x", *p);
			else
				sb_putc(out, (char)*p);
		}
	}
	sb_putc(out, '"');
}

static const char *const yaml_words[] = {
	"y", "n", "yes", "no", "on", "off", "true", "false", "null",
};

/* An id: plain when it is a letter then [A-Za-z0-9._/-] and not a word
 * YAML could read as something else (RHQ, E08000019), else quoted (03N). */
static void ident(struct strbuf *out, const char *s)
{
	bool plain = isalpha((unsigned char)s[0]);

	for (const char *p = s; plain && *p; p++)
		plain = isalnum((unsigned char)*p) || strchr("._/-", *p);
	for (size_t i = 0; plain && i < sizeof(yaml_words) / sizeof(yaml_words[0]); i++)
		if (compare_lower(s, yaml_words[i]) == 0)
			plain = false;
	if (plain)
		sb_puts(out, s);
	else
		quoted(out, s);
}

static void scalar(struct strbuf *out, const struct value *v)
{
	switch (v->type) {
	case VALUE_TEXT: quoted(out, v->text); break;
	case VALUE_INT: sb_printf(out, "%lld", v->whole); break;
	case VALUE_REAL: sb_printf(out, "%.3f", v->real); break;
	}
}

static void indent(struct strbuf *out, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sb_putc(out, ' ');
}

static void render_fact(struct strbuf *out, size_t ind, const struct ifact *f)
{
	indent(out, ind);
	sb_puts(out, f->key);
	if (!f->source && !f->note) {
		sb_puts(out, ": ");
		scalar(out, &f->value);
		sb_putc(out, '\n');
		return;
	}
	sb_puts(out, ":\n");
	indent(out, ind + 2);
	sb_puts(out, "value: ");
	scalar(out, &f->value);
	sb_putc(out, '\n');
	if (f->source) {
		indent(out, ind + 2);
		sb_puts(out, "source: ");
		ident(out, f->source);
		sb_putc(out, '\n');
	}
	if (f->note) {
		indent(out, ind + 2);
		sb_puts(out, "note: ");
		quoted(out, f->note);
		sb_putc(out, '\n');
	}
}

/* The start of an entity's key line: "- " for its first, "  " after. */
static void key(struct strbuf *out, size_t ind, bool *first, const char *text)
{
	indent(out, ind);
	sb_puts(out, *first ? "- " : "  ");
	*first = false;
	sb_puts(out, text);
}

/* One id, or a list of them joined by ", " (link_source). */
static void ids(struct strbuf *out, const char *text)
{
	const char *comma = strstr(text, ", ");

	if (!comma) {
		ident(out, text);
		return;
	}
	sb_putc(out, '[');
	for (;;) {
		char *one = comma ? xstrndup(text, (size_t)(comma - text)) : xstrdup(text);
		ident(out, one);
		free(one);
		if (!comma)
			break;
		sb_puts(out, ", ");
		text = comma + 2;
		comma = strstr(text, ", ");
	}
	sb_putc(out, ']');
}

static void render_links(struct strbuf *out, size_t sub, const struct ientity *e)
{
	for (size_t i = 0; i < e->link_count; i++) {
		const struct ilink *l = &e->links[i];
		indent(out, sub + 2);
		sb_printf(out, "- rel: %s\n", l->rel);
		indent(out, sub + 4);
		sb_puts(out, "to: ");
		ident(out, l->to);
		sb_putc(out, '\n');
		for (size_t j = 0; j < l->count; j++) {
			indent(out, sub + 4);
			sb_printf(out, "%s: ", l->attrs[j].key);
			if (l->attrs[j].is_id)
				ids(out, l->attrs[j].value.text);
			else
				scalar(out, &l->attrs[j].value);
			sb_putc(out, '\n');
		}
	}
}

static void render_entity(struct strbuf *out, const struct ientity *e, size_t ind)
{
	bool first = true;
	size_t sub = ind + 2;

	key(out, ind, &first, "id: ");
	ident(out, e->id);
	sb_putc(out, '\n');
	key(out, ind, &first, "kind: ");
	sb_printf(out, "%s\n", e->kind);
	if (e->type) {
		key(out, ind, &first, "type: ");
		quoted(out, e->type);
		sb_putc(out, '\n');
	}
	key(out, ind, &first, "name: ");
	quoted(out, e->name);
	sb_putc(out, '\n');
	if (e->aka_count) {
		key(out, ind, &first, "aka:\n");
		for (size_t i = 0; i < e->aka_count; i++) {
			indent(out, sub + 2);
			sb_puts(out, "- ");
			quoted(out, e->aka[i]);
			sb_putc(out, '\n');
		}
	}
	if (e->fact_count) {
		key(out, ind, &first, "facts:\n");
		for (size_t i = 0; i < e->fact_count; i++)
			render_fact(out, sub + 2, &e->facts[i]);
	}
	if (e->text) {
		key(out, ind, &first, "text: ");
		quoted(out, e->text);
		sb_putc(out, '\n');
	}
	if (e->source_count == 1 && !e->source_list) {
		key(out, ind, &first, "source: ");
		ident(out, e->sources[0]);
		sb_putc(out, '\n');
	} else if (e->source_count) {
		key(out, ind, &first, "source:\n");
		for (size_t i = 0; i < e->source_count; i++) {
			indent(out, sub + 2);
			sb_puts(out, "- ");
			ident(out, e->sources[i]);
			sb_putc(out, '\n');
		}
	}
	if (e->parent) {
		key(out, ind, &first, "parent: ");
		ident(out, e->parent);
		sb_putc(out, '\n');
	}
	if (e->child_count) {
		key(out, ind, &first, "children:\n");
		for (size_t i = 0; i < e->child_count; i++)
			render_entity(out, e->children[i], sub + 2);
	}
	if (e->link_count) {
		key(out, ind, &first, "links:\n");
		render_links(out, sub, e);
	}
}

void yaml_render_file(struct strbuf *out, const char *title, const char *source,
                      const char *relations, const struct entity_list *entities)
{
	sb_puts(out, "# Generated by icsview import from the ODS and ONS files its sources name.\n"
	        "# Do not edit by hand: change the inputs or the import and import again.\n");
	sb_puts(out, "icsview: 1\ntitle: ");
	quoted(out, title);
	sb_putc(out, '\n');
	if (source) {
		sb_puts(out, "source: ");
		ident(out, source);
		sb_putc(out, '\n');
	}
	if (relations)
		sb_printf(out, "relations:\n%s", relations);
	sb_puts(out, "entities:\n");
	for (size_t i = 0; i < entities->count; i++)
		render_entity(out, entities->items[i], 2);
}
