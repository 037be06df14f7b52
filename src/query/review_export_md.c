/* icsview review export --format md: the review for a meeting.
 *
 *   # Review                    the model, the notes file, when, the scope
 *   ## Summary                  counts; then every concern and question
 *                               with its note (### Concerns, ### Questions)
 *   ## Review by tree path      a heading per level (### for a system, ####
 *                               for a place, …, ###### at most), each
 *                               entity's flag, mark, kind, sources by
 *                               number and last change, its note quoted,
 *                               then an imported note still to resolve
 *   ## Orphaned notes           their entities are no longer in the model
 *   ## Sources                  every source once, numbered: the entities
 *                               refer to them as [1], [2], …
 *
 * A note is written so that a CommonMark renderer shows it as written
 * (review_md_note_line); everything else read from the model or the notes
 * file goes through md_escape. */
#include <stdlib.h>
#include <string.h>
#include "export_private.h"
#include "review_export_private.h"

#define MAX_HEADING 6
#define TREE_HEADING 3          /* the level of a top entity's heading */

/* The sources, numbered by first use (the number is the index + 1). */
struct numbered {
	struct source_ref *items;   /* borrowed from the entries */
	size_t count, cap;
};

static size_t source_number(struct numbered *list, const struct source_ref *source)
{
	for (size_t i = 0; i < list->count; i++)
		if (strcmp(list->items[i].id, source->id) == 0)
			return i + 1;
	GROW(list->items, list->cap, list->count + 1);
	list->items[list->count++] = *source;
	return list->count;
}

static void md_text(struct out *o, const char *s, bool line_start)
{
	struct strbuf sb = STRBUF_INIT;

	md_escape(&sb, s, line_start);
	out_write(o, sb_str(&sb), sb.len);
	sb_free(&sb);
}

static void md_heading(struct out *o, size_t level, const char *name)
{
	out_putc(o, '\n');
	for (size_t i = 0; i < (level > MAX_HEADING ? MAX_HEADING : level); i++)
		out_putc(o, '#');
	out_putc(o, ' ');
	md_text(o, name, false);
	out_putc(o, '\n');
}

static void md_item(struct out *o, const char *label, const char *value)
{
	out_printf(o, "- **%s:** ", label);
	md_text(o, value, false);
	out_putc(o, '\n');
}

void review_md_note_line(struct strbuf *sb, const char *line, size_t n)
{
	char *raw = xstrndup(line, n);
	size_t spaces = strspn(raw, " ");

	/* a space cannot be escaped: as a reference it is text, not indentation */
	for (size_t i = 0; i < spaces; i++)
		sb_puts(sb, "&#32;");
	md_escape(sb, raw + spaces, spaces == 0);
	free(raw);
}

/* The note as a quotation at `indent`, each of its lines kept (a hard
 * break ends each); an empty line of it ends a paragraph, as it would. */
static void md_note(struct out *o, const char *text, size_t indent)
{
	struct strbuf line = STRBUF_INIT;

	out_putc(o, '\n');
	while (*text) {
		size_t n = strcspn(text, "\n");

		sb_reset(&line);
		review_md_note_line(&line, text, n);
		out_spaces(o, indent);
		out_puts(o, line.len ? "> " : ">");
		out_write(o, sb_str(&line), line.len);
		out_puts(o, line.len ? "  \n" : "\n");
		text += n + (text[n] == '\n');
	}
	sb_free(&line);
}

static bool has_text(const struct entry *x)
{
	return x->note.text && x->note.text[0];
}

/* ---- the head and the summary ------------------------------------------------ */

static void head(struct review_doc *d)
{
	struct out *o = d->out;
	struct strbuf sb = STRBUF_INIT;

	out_puts(o, "# Review\n\n");
	/* a model of several files is their paths, one a line: one line here */
	for (const char *k = notes_model_key(d->notes); *k; k++)
		*k == '\n' ? sb_puts(&sb, ", ") : sb_putc(&sb, *k);
	md_item(o, "Model", sb_str(&sb));
	md_item(o, "Notes file", notes_file(d->notes));
	sb_reset(&sb);
	sb_printf(&sb, "%s by %s", d->when, notes_user(d->notes));
	md_item(o, "Exported", sb_str(&sb));
	if (d->opts->scope)
		md_item(o, "Scope", d->opts->scope);
	sb_free(&sb);
}

static void summary_counts(struct review_doc *d)
{
	static const enum note_flag order[] = { NOTE_FLAG_CONCERN, NOTE_FLAG_QUESTION, NOTE_FLAG_OK };
	struct out *o = d->out;

	out_puts(o, "\n## Summary\n\n");
	out_printf(o, "- **Entities with notes or marks:** %zu\n", d->placed);
	out_printf(o, "- **Reviewed:** %zu\n", d->reviewed);
	out_printf(o, "- **Flagged:** %zu", d->flagged);
	for (size_t i = 0, shown = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		if (!d->flags[order[i]])
			continue;
		out_printf(o, "%s%zu %s", shown++ ? ", " : " (", d->flags[order[i]],
		           note_flag_name(order[i]));
	}
	out_puts(o, d->flagged ? ")\n" : "\n");
	out_printf(o, "- **With notes:** %zu\n", d->noted);
	if (d->count > d->placed)
		out_printf(o, "- **Orphaned notes:** %zu (listed at the end)\n", d->count - d->placed);
	if (d->conflicts)
		out_printf(o, "- **Unresolved conflicts:** %zu (an imported note differs from the"
		           " entity's; both are below)\n", d->conflicts);
}

/* "- **NAME** (ID), in PATH" and the note below it. */
static void flagged_entry(struct review_doc *d, const struct entry *x)
{
	struct out *o = d->out;

	out_puts(o, "\n- **");
	md_text(o, x->e.eid ? x->e.name : x->note.entity_id, false);
	out_puts(o, "**");
	if (x->e.eid) {
		char *path = review_path_of(d, x, d->opts->path_separator);
		out_puts(o, " (");
		md_text(o, x->note.entity_id, false);
		out_putc(o, ')');
		if (*path) {
			out_puts(o, ", in ");
			md_text(o, path, false);
		}
		free(path);
	} else {
		out_puts(o, " (no longer in the model)");
	}
	out_putc(o, '\n');
	if (has_text(x))
		md_note(o, x->note.text, 2);
}

static void flagged_list(struct review_doc *d, enum note_flag flag, const char *title)
{
	bool any = false;

	for (size_t i = 0; i < d->count; i++) {
		if (d->entries[i].note.flag != flag)
			continue;
		if (!any)
			out_printf(d->out, "\n### %s\n", title);
		any = true;
		flagged_entry(d, &d->entries[i]);
	}
}

/* ---- the review by tree path --------------------------------------------------- */

/* An imported note still to resolve, after the entity's own: who wrote
 * it and when, and its text quoted as written. */
static void conflict(struct review_doc *d, const struct entry *x)
{
	struct strbuf sb = STRBUF_INIT;

	if (!review_has_pending(x))
		return;
	sb_printf(&sb, "imported note of %s, %s", x->conflict.who, x->conflict.when);
	out_putc(d->out, '\n');
	md_item(d->out, "Unresolved conflict", sb_str(&sb));
	sb_free(&sb);
	if (x->conflict.text[0])
		md_note(d->out, x->conflict.text, 0);
}

static void details(struct review_doc *d, const struct entry *x, struct numbered *sources)
{
	struct out *o = d->out;
	struct strbuf sb = STRBUF_INIT;

	out_putc(o, '\n');
	if (x->note.flag != NOTE_FLAG_NONE)
		md_item(o, "Flag", review_flag_name(&x->note));
	md_item(o, "Reviewed", x->note.reviewed ? "yes" : "no");
	if (x->e.eid) {
		sb_printf(&sb, "%s%s%s · %s", x->e.kind, x->e.type ? " · " : "",
		          x->e.type ? x->e.type : "", x->e.id);
		md_item(o, "Kind", sb_str(&sb));
	}
	if (x->sources.count) {
		/* the brackets escaped: a number, not a link to resolve */
		out_printf(o, "- **%s:** ", x->sources.count == 1 ? "Source" : "Sources");
		for (size_t i = 0; i < x->sources.count; i++)
			out_printf(o, "%s\\[%zu\\]", i ? ", " : "",
			           source_number(sources, &x->sources.items[i]));
		out_putc(o, '\n');
	}
	if (x->note.who) {
		sb_reset(&sb);
		sb_printf(&sb, "%s, %s", x->note.who, x->note.when ? x->note.when : "?");
		md_item(o, "Last change", sb_str(&sb));
	}
	sb_free(&sb);
	if (has_text(x))
		md_note(o, x->note.text, 0);
	conflict(d, x);
}

static void by_tree_path(struct review_doc *d, struct numbered *sources)
{
	struct eid_list shown = { 0 };   /* the headings above, by depth */

	if (d->placed)
		out_puts(d->out, "\n## Review by tree path\n");
	for (size_t i = 0; i < d->placed; i++) {
		const struct entry *x = &d->entries[i];

		for (size_t depth = 0; depth < x->chain.count; depth++) {
			int64_t eid = x->chain.items[depth];
			char *name;

			if (depth < shown.count && shown.items[depth] == eid)
				continue;
			shown.count = depth;
			GROW(shown.items, shown.cap, depth + 1);
			shown.items[shown.count++] = eid;
			name = depth + 1 == x->chain.count ? xstrdup(x->e.name) : review_name_of(d, eid);
			md_heading(d->out, TREE_HEADING + depth, name);
			free(name);
		}
		details(d, x, sources);
	}
	eid_list_clear(&shown);
}

static void orphans(struct review_doc *d, struct numbered *sources)
{
	if (d->count == d->placed)
		return;
	out_puts(d->out, "\n## Orphaned notes\n\nTheir entities are no longer in the model; the notes"
	                 " are kept.\n");
	for (size_t i = d->placed; i < d->count; i++) {
		md_heading(d->out, TREE_HEADING, d->entries[i].note.entity_id);
		details(d, &d->entries[i], sources);
	}
}

static void source_list(struct review_doc *d, const struct numbered *sources)
{
	struct strbuf sb = STRBUF_INIT;

	if (!sources->count)
		return;
	out_puts(d->out, "\n## Sources\n\n");
	for (size_t i = 0; i < sources->count; i++) {
		sb_reset(&sb);
		sb_printf(&sb, "%s (%s)", sources->items[i].name, sources->items[i].id);
		out_printf(d->out, "%zu. ", i + 1);
		md_text(d->out, sb_str(&sb), false);
		out_putc(d->out, '\n');
	}
	sb_free(&sb);
}

void review_write_md(struct review_doc *d)
{
	struct numbered sources = { 0 };

	head(d);
	summary_counts(d);
	flagged_list(d, NOTE_FLAG_CONCERN, "Concerns");
	flagged_list(d, NOTE_FLAG_QUESTION, "Questions");
	if (d->count == 0)
		out_puts(d->out, "\nNothing has been reviewed, flagged or noted yet.\n");
	by_tree_path(d, &sources);
	orphans(d, &sources);
	source_list(d, &sources);
	free(sources.items);
}
