/* icsview export --format json: one document, stable within its version
 * (also described in icsview(1)):
 *
 *   {
 *     "format": "icsview-export",
 *     "version": 1,
 *     "root": str|null,                 the id asked for; null: the whole model
 *     "entities": [{
 *       "id": str, "kind": str, "type": str|null, "name": str,
 *       "parent": str|null,             the parent's id (also for the root asked for)
 *       "aka": [str],
 *       "facts": [{"key": str, "value": str, "note": str|null, "sources": [str]}],
 *                 (an inferred value adds "basis": "inferred", "reason": str)
 *       "text": str|null,
 *       "sources": [str],               source ids: the entity's own, else its file's default
 *       "sources_inherited": bool,      true: the file's default
 *       "file": str, "line": int, "col": int     where it is defined
 *     }],
 *     "links": [{
 *       "from": str, "rel": str, "inverse": str, "to": str,
 *       "facts": {str: str},            in written order
 *       "sources": [str]
 *     }]                                by entity (as above), then in written order
 *   }
 *
 * Fact values are strings, as written in the model.  Later versions may add
 * keys; a change to the meaning of a key changes "version". */
#include "export_private.h"
#include "icsview/base/json_writer.h"

static void json_source_ids(struct json_writer *w, const struct source_list *sources)
{
	json_key(w, "sources");
	json_begin_array(w);
	for (size_t i = 0; i < sources->count; i++)
		json_string(w, sources->items[i].id);
	json_end_array(w);
}

static void json_entity(struct json_writer *w, const struct export_entity *xe)
{
	json_begin_object(w);
	json_key_string(w, "id", xe->e.id);
	json_key_string(w, "kind", xe->e.kind);
	json_key_string(w, "type", xe->e.type);
	json_key_string(w, "name", xe->e.name);
	json_key_string(w, "parent", xe->parent_id);
	json_key(w, "aka");
	json_begin_array(w);
	for (size_t i = 0; i < xe->aka.count; i++)
		json_string(w, xe->aka.items[i]);
	json_end_array(w);
	json_key(w, "facts");
	json_begin_array(w);
	for (size_t i = 0; i < xe->facts.count; i++) {
		const struct fact *f = &xe->facts.items[i];

		json_begin_object(w);
		json_key_string(w, "key", f->key);
		json_key_string(w, "value", f->value);
		json_key_string(w, "note", f->note);
		if (f->reason) {
			json_key_string(w, "basis", "inferred");
			json_key_string(w, "reason", f->reason);
		}
		json_source_ids(w, &f->sources);
		json_end_object(w);
	}
	json_end_array(w);
	json_key_string(w, "text", xe->e.text);
	json_source_ids(w, &xe->sources);
	json_key_bool(w, "sources_inherited", xe->sources.inherited);
	json_key_string(w, "file", xe->e.file);
	json_key_int(w, "line", xe->e.line);
	json_key_int(w, "col", xe->e.col);
	json_end_object(w);
}

static void json_link(struct export *x, struct json_writer *w, const char *from,
                      const struct link_item *item)
{
	const struct export_relation *r = export_relation(x, item->label);

	json_begin_object(w);
	json_key_string(w, "from", from);
	json_key_string(w, "rel", item->label);
	json_key_string(w, "inverse", r ? r->inverse : NULL);
	json_key_string(w, "to", item->other_id);
	json_key(w, "facts");
	json_begin_object(w);
	for (size_t i = 0; i < item->fact_count; i++)
		json_key_string(w, item->facts[i].key, item->facts[i].value);
	json_end_object(w);
	json_source_ids(w, &item->sources);
	json_end_object(w);
}

int export_json(struct export *x)
{
	struct json_writer w;
	int rc = 0;

	json_init(&w, x->out, 2);
	json_begin_object(&w);
	json_key_string(&w, "format", "icsview-export");
	json_key_int(&w, "version", 1);
	json_key_string(&w, "root", x->root);
	json_key(&w, "entities");
	json_begin_array(&w);
	for (size_t i = 0; i < x->count && rc == 0 && !out_failed(x->out); i++) {
		struct export_entity xe;

		rc = export_entity_load(x, x->eids[i], false, &xe) == STORE_OK ? 0 : -1;
		if (rc == 0)
			json_entity(&w, &xe);
		export_entity_clear(&xe);
	}
	json_end_array(&w);
	json_key(&w, "links");
	json_begin_array(&w);
	for (size_t i = 0; i < x->count && rc == 0 && !out_failed(x->out); i++) {
		struct export_entity xe;

		rc = export_entity_load(x, x->eids[i], false, &xe) == STORE_OK ? 0 : -1;
		for (size_t j = 0; rc == 0 && j < xe.link_count; j++)
			json_link(x, &w, xe.e.id, &xe.links.items[j]);
		export_entity_clear(&xe);
	}
	json_end_array(&w);
	json_end_object(&w);
	if (rc == 0 && !out_failed(x->out))
		json_finish(&w);
	else
		json_free(&w);
	return rc;
}
