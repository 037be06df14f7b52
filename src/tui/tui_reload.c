/* The reload key (^R, :reload): the model opened again when its files
 * changed, then the notes read again. */
#include <stdlib.h>
#include <string.h>
#include "icsview/loader/diff_cache.h"
#include "tui_private.h"

static char *id_of(struct tui *t, int64_t eid)
{
	struct entity e;
	char *id;

	if (!eid || store_entity(t->st, eid, &e) != STORE_OK)
		return NULL;
	id = xstrdup(e.id);
	entity_clear(&e);
	return id;
}

static int64_t eid_by_id(struct store *st, const char *id)
{
	struct entity e;
	int64_t eid;

	if (!id || store_entity_by_id(st, id, &e) != STORE_OK)
		return 0;
	eid = e.eid;
	entity_clear(&e);
	return eid;
}

/* --since: the new model compared with the older one again (through the
 * diff cache, diff_cache.h: a model reloaded to one compared before reads
 * that comparison), before the filter (changed:) is put back in force. */
static void compare_again(struct tui *t)
{
	struct diff_cache *cache;
	struct diff_keeper keeper = { .read = diff_cache_read, .write = diff_cache_write };
	char *error = NULL;

	if (!t->options.since_old)
		return;
	cache = diff_cache_open(t->options.since_old, t->st);
	keeper.ctx = cache;
	t->since = since_open(t->options.since_old, t->st, cache ? &keeper : NULL, &error);
	diff_cache_close(cache);
	if (!t->since) {
		tui_message(t, true, "changes no longer marked: %s", error);
		free(error);
	}
}

/* Moves everything to the new store: row numbers and eids of the old one
 * mean nothing there, so history and marks go, and what was shown (root,
 * selection, filter) is found again by id. */
static void switch_store(struct tui *t, struct store *fresh)
{
	char *root_id = id_of(t, t->tree.outline.root);
	char *selected_id = id_of(t, outline_selected_eid(&t->tree.outline));
	char *filter = t->filter.text;
	struct store_counts counts;
	int64_t root;

	t->filter.text = NULL;
	memset(&t->filter.result, 0, sizeof(t->filter.result));
	if (t->review.ready)
		review_close(&t->review.marks);
	outline_close(&t->tree.outline);
	detail_clear(&t->detail.content);
	search_results_clear(&t->search.results);
	history_free(&t->places.history);
	history_init(&t->places.history, HISTORY_LIMIT);
	memset(t->places.marks, 0, sizeof(t->places.marks));
	since_close(t->since, true);
	t->since = NULL;
	t->st = fresh;
	t->options.release(t->options.reload_ctx);
	store_search_build(fresh);
	t->search.index = store_search_state(fresh);
	if (store_count(fresh, &counts) == STORE_OK)
		t->total_entities = counts.entities;
	compare_again(t);
	outline_open_since(&t->tree.outline, fresh, 0, t->since);
	t->tree.chosen_root = 0;        /* an eid of the old store */
	if (filter)
		tui_filter_apply(t, filter);
	t->review.ready = review_open(&t->review.marks, fresh, t->review.notes) == STORE_OK;
	t->review.generation++;
	root = eid_by_id(fresh, root_id);
	if (root)
		tui_tree_root(t, root, 0);
	if (selected_id && eid_by_id(fresh, selected_id)) {
		outline_reveal(&t->tree.outline, eid_by_id(fresh, selected_id));
		tui_filter_seek_selection(t, eid_by_id(fresh, selected_id));
	}
	t->detail.stale = true;
	free(root_id);
	free(selected_id);
	free(filter);
}

/* ^R: the model again when its files changed, then the notes. */
void tui_reload(struct tui *t)
{
	struct store *fresh = NULL;
	char *error = NULL;
	enum tui_reload found = t->options.reload
	                        ? t->options.reload(t->options.reload_ctx, &fresh, &error)
	                        : TUI_RELOAD_UNCHANGED;

	if (t->review.notes)
		tui_review_action(t, ACTION_REFRESH);
	else if (found == TUI_RELOAD_UNCHANGED)
		tui_message(t, false, "the model's files have not changed");
	switch (found) {
	case TUI_RELOAD_UNCHANGED:
		break;
	case TUI_RELOAD_FAILED:
		tui_message(t, true, "model not reloaded: %s", error);
		free(error);
		break;
	case TUI_RELOAD_CHANGED:
	case TUI_RELOAD_REBUILT:
		switch_store(t, fresh);
		if (t->options.since_old && !t->since)
			break;  /* compare_again said why the changes are no longer marked */
		tui_message(t, false, found == TUI_RELOAD_REBUILT
		                      ? "model rebuilt: its cached database was damaged (%lld entities)"
		                      : "model reloaded: its files changed (%lld entities)",
		            (long long)t->total_entities);
		break;
	}
}
