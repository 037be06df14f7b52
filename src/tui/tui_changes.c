/* What others changed, for ^R: the notes, flags and reviewed marks other
 * processes wrote to the notes file since the last refresh, listed in the
 * pick list (who, when, which entity), from which Enter goes to the
 * entity. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tui_private.h"

/* What one change did, in a few words: the first line of a text only. */
static char *describe(const struct note_change *c)
{
	const char *who = c->who ? c->who : "someone", *when = c->when ? c->when : "?";
	const char *value = c->value ? c->value : "";
	size_t first_line = strcspn(value, "\n");

	if (strcmp(c->what, "text") == 0 && !*value)
		return xasprintf("%s emptied the note, %s", who, when);
	if (strcmp(c->what, "text") == 0)
		return xasprintf("%s wrote \"%.*s%s\", %s", who, (int)first_line, value,
		                 value[first_line] ? " ..." : "", when);
	if (strcmp(c->what, "flag") == 0)
		return xasprintf("%s set the flag to %s, %s", who, value, when);
	if (strcmp(c->what, "reviewed") == 0)
		return xasprintf("%s marked it %s, %s", who,
		                 strcmp(value, "yes") == 0 ? "reviewed" : "not reviewed", when);
	if (strcmp(c->what, "delete") == 0)
		return xasprintf("%s deleted the note, %s", who, when);
	if (strcmp(c->what, "conflict") == 0)
		return xasprintf("%s's imported note differs: e to choose, %s", who, when);
	if (strcmp(c->what, "resolved") == 0)
		return xasprintf("%s resolved an imported note (%s), %s", who, value, when);
	if (strncmp(c->what, "lost ", 5) == 0)
		return xasprintf("%s's imported %s %s was older: yours stays, %s", who, c->what + 5,
		                 value, when);
	return xasprintf("%s changed its %s, %s", who, c->what, when);
}

/* The entity of id as a candidate of the list, appended to out; false
 * when the model has no such entity. */
static bool add_entity(struct tui *t, const char *id, struct resolve_result *out)
{
	struct resolve_options opts = { .limit = 1, .path_separator = t->term.utf8 ? " › " : " > " };
	struct resolve_result found = { 0 };
	bool added = false;

	if (resolve_text(t->st, id, &opts, &found) == RESOLVE_ONE && strcmp(found.items[0].id, id) == 0) {
		GROW(out->items, out->cap, out->count + 1);
		out->items[out->count++] = found.items[0];
		memset(&found.items[0], 0, sizeof(found.items[0]));
		found.count = 0;
		added = true;
	}
	resolve_result_clear(&found);
	return added;
}

void tui_changes_show(struct tui *t, struct note_history *changes)
{
	struct resolve_result list = { 0 };
	char **about = xcalloc(changes->count ? changes->count : 1, sizeof(*about));
	size_t elsewhere = 0, imports = 0, count;

	for (size_t i = 0; i < changes->count; i++) {
		const struct note_change *c = &changes->items[i];

		if (strcmp(c->what, "import") == 0) {
			imports++;   /* an import's changes are listed; the import itself is none */
			continue;
		}
		if (!c->entity_id || !add_entity(t, c->entity_id, &list)) {
			elsewhere++;   /* an entity no longer in the model */
			continue;
		}
		about[list.count - 1] = describe(c);
	}
	list.total = list.count;
	count = changes->count - imports;
	if (elsewhere)
		tui_message(t, false, "notes: %zu change%s made elsewhere since the last refresh "
		            "(%zu to entities not in the model)", count, count == 1 ? "" : "s",
		            elsewhere);
	else
		tui_message(t, false, "notes: %zu change%s made elsewhere since the last refresh",
		            count, count == 1 ? "" : "s");
	t->message.whole = true;   /* asked for: the review's counts give way to it */
	if (list.count == 0) {
		free(about);
		return;
	}
	tui_pick_open_changes(t, &list, about);
}
