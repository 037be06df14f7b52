#include "detail_lines.h"

#include "icsview/base/util.h"
#include "icsview/query/history_chain.h"
#include "icsview/views/history_text.h"

#define LABEL_INDENT 2
#define STEP_HANG 4   /* deeper than the next step's first line */

static void add_direction(struct detail *d, const struct history_chain *chain,
                          enum history_direction direction)
{
	struct strbuf sb = STRBUF_INIT;

	if (!history_chain_count(chain, direction))
		return;
	detail_add_lines(d, DETAIL_NOTE, LABEL_INDENT, 0, history_direction_label(direction), 0);
	for (size_t i = 0; i < chain->count; i++) {
		const struct history_step *s = &chain->items[i];

		if (s->direction != direction)
			continue;
		sb_puts(&sb, history_arrow(direction));
		history_step_describe(&sb, s);
		detail_add_lines(d, DETAIL_LINK, LABEL_INDENT + s->depth * HISTORY_TEXT_INDENT,
		                 STEP_HANG, sb_str(&sb), s->eid);
		sb_reset(&sb);
	}
	sb_free(&sb);
}

int detail_add_history(struct detail *d, struct store *st, int64_t eid)
{
	struct history_chain chain;

	if (history_chain_read(st, eid, &chain) != STORE_OK) {
		history_chain_clear(&chain);
		return STORE_ERROR;
	}
	if (chain.count && !detail_add_heading(d, "History", "History")) {
		add_direction(d, &chain, HISTORY_BEFORE);
		add_direction(d, &chain, HISTORY_AFTER);
		if (chain.cut)
			detail_add_lines(d, DETAIL_NOTE, LABEL_INDENT, 0, history_cut_text(), 0);
	}
	history_chain_clear(&chain);
	return STORE_OK;
}
