#include "icsview/views/history_text.h"

#include <string.h>

#define SECTION_INDENT 2

const char *history_direction_label(enum history_direction direction)
{
	return direction == HISTORY_BEFORE ? "predecessors" : "successors";
}

const char *history_arrow(enum history_direction direction)
{
	if (locale_is_utf8())
		return direction == HISTORY_BEFORE ? "\u2190 " : "\u2192 ";
	return direction == HISTORY_BEFORE ? "<- " : "-> ";
}

const char *history_cut_text(void)
{
	return "\u2026 more not listed: the chain is longer than icsview follows";
}

void history_dates_describe(struct strbuf *sb, const struct history_dates *dates)
{
	if (dates->began)
		sb_printf(sb, "%s %s", dates->began_key, dates->began);
	if (dates->began && dates->ended)
		sb_puts(sb, ", ");
	if (dates->ended)
		sb_printf(sb, "%s %s", dates->ended_key, dates->ended);
}

void history_step_describe(struct strbuf *sb, const struct history_step *step)
{
	sb_printf(sb, "%s (%s)", step->name, step->id);
	if (step->parent_name)
		sb_printf(sb, " under %s", step->parent_name);
	if (step->date)
		sb_printf(sb, ", %s", step->date);
	if (step->extent)
		sb_printf(sb, " (%s)", step->extent);
	if (step->dates.began || step->dates.ended) {
		sb_puts(sb, "; ");
		history_dates_describe(sb, &step->dates);
	}
	if (step->repeated)
		sb_puts(sb, " (listed above)");
}

/* A line of text at `indent` columns, wrapped under itself. */
static void write_line(struct out *o, struct strbuf *sb, size_t indent, size_t width)
{
	out_spaces(o, indent);
	out_wrapped_field(o, sb_str(sb), indent, indent + HISTORY_TEXT_INDENT, width);
	sb_reset(sb);
}

static void write_direction(struct out *o, const struct history_chain *chain,
                            enum history_direction direction, size_t width)
{
	struct strbuf sb = STRBUF_INIT;

	if (!history_chain_count(chain, direction))
		return;
	sb_puts(&sb, history_direction_label(direction));
	write_line(o, &sb, SECTION_INDENT, width);
	for (size_t i = 0; i < chain->count; i++) {
		const struct history_step *s = &chain->items[i];

		if (s->direction != direction)
			continue;
		sb_puts(&sb, history_arrow(direction));
		history_step_describe(&sb, s);
		write_line(o, &sb, SECTION_INDENT + s->depth * HISTORY_TEXT_INDENT, width);
	}
	sb_free(&sb);
}

static void write_steps(struct out *o, const struct history_chain *chain, size_t width)
{
	struct strbuf sb = STRBUF_INIT;

	write_direction(o, chain, HISTORY_BEFORE, width);
	write_direction(o, chain, HISTORY_AFTER, width);
	if (chain->cut) {
		sb_puts(&sb, history_cut_text());
		write_line(o, &sb, SECTION_INDENT, width);
	}
	sb_free(&sb);
}

void history_text_section(struct out *o, const struct history_chain *chain, size_t width)
{
	if (!chain->count)
		return;
	out_puts(o, "\nHistory\n");
	write_steps(o, chain, width);
}

void history_text_tree(struct out *o, const struct entity *body, const char *parent_name,
                       const struct history_chain *chain, size_t width)
{
	struct strbuf sb = STRBUF_INIT;

	sb_printf(&sb, "%s (%s)", body->name, body->id);
	if (parent_name)
		sb_printf(&sb, " under %s", parent_name);
	if (chain->dates.began || chain->dates.ended) {
		sb_puts(&sb, "; ");
		history_dates_describe(&sb, &chain->dates);
	}
	write_line(o, &sb, 0, width);
	if (!chain->count) {
		sb_puts(&sb, "no predecessors or successors (successor_of links)");
		write_line(o, &sb, SECTION_INDENT, width);
	}
	write_steps(o, chain, width);
	sb_free(&sb);
}
