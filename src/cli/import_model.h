/* The England model as `icsview import` builds it: entities in memory,
 * in the shape of the model format (man/icsview-model.5), and their YAML,
 * written so that the same inputs always give the same bytes. */
#ifndef ICSVIEW_IMPORT_MODEL_H
#define ICSVIEW_IMPORT_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include "icsview/base/util.h"

enum value_type { VALUE_TEXT, VALUE_INT, VALUE_REAL };

/* A fact's or a link attribute's value: text, a whole number, or a real
 * number written with three decimals. */
struct value {
	enum value_type type;
	char *text;
	long long whole;
	double real;
};

struct ifact {
	char *key;
	struct value value;
	char *source;          /* NULL: a plain fact */
	char *note;
};

struct attr {
	char *key;
	struct value value;
	bool is_id;            /* written as an id (a source) */
};

struct ilink {
	char *rel;
	char *to;
	struct attr *attrs;
	size_t count, cap;
};

struct ientity {
	char *id, *kind, *type, *name, *text, *parent;
	char **aka;
	size_t aka_count, aka_cap;
	struct ifact *facts;
	size_t fact_count, fact_cap;
	char **sources;
	size_t source_count, source_cap;
	bool source_list;      /* written as a list even when it has one */
	struct ientity **children;
	size_t child_count, child_cap;
	struct ilink *links;
	size_t link_count, link_cap;
};

/* A new entity (strings copied; type may be NULL). */
struct ientity *entity_new(const char *id, const char *kind, const char *name, const char *type);
void entity_free(struct ientity *e);

/* An alias, unless empty, already there, or the entity's name. */
void entity_aka(struct ientity *e, const char *aka);
/* Facts: empty text is left out, as the model has no empty facts. */
void entity_fact_text(struct ientity *e, const char *key, const char *text);
void entity_fact_int(struct ientity *e, const char *key, long long n);
void entity_fact_real(struct ientity *e, const char *key, double x);
/* A fact with its source and a note (NULL for none). */
void entity_fact_sourced(struct ientity *e, const char *key, struct value value,
                         const char *source, const char *note);
void entity_source(struct ientity *e, const char *source);
void entity_set_text(struct ientity *e, const char *text);
void entity_set_parent(struct ientity *e, const char *parent);
void entity_add_child(struct ientity *e, struct ientity *child);
struct ilink *entity_link(struct ientity *e, const char *rel, const char *to);
void link_text(struct ilink *l, const char *key, const char *text);
void link_int(struct ilink *l, const char *key, long long n);
void link_real(struct ilink *l, const char *key, double x);
void link_source(struct ilink *l, const char *source);

struct value value_text(const char *text);   /* borrows text until copied */
struct value value_int(long long n);

/* Orders entities by name ignoring ASCII case, then id: the order of
 * every list of the model. */
int entity_compare(const void *a, const void *b);
void entity_sort(struct ientity **items, size_t count);

/* A list of entities (a file's top level). */
struct entity_list {
	struct ientity **items;
	size_t count, cap;
};
void entity_list_add(struct entity_list *list, struct ientity *e);
void entity_list_free(struct entity_list *list);

/* One model file's YAML: the header comment lines, title, the file's
 * source (NULL for none), the body of its `relations` mapping as YAML
 * indented by two (NULL for none) and its entities. */
void yaml_render_file(struct strbuf *out, const char *title, const char *source,
                      const char *relations, const struct entity_list *entities);

#endif
