/* Back and forward through the places visited, like a browser: every jump
 * and drill-down records where it came from and where it went. */
#ifndef ICSVIEW_HISTORY_H
#define ICSVIEW_HISTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct location {
	int64_t root;           /* the tree's root (0: the model's roots) */
	int64_t selected;       /* the selected entity */
};

struct history {
	struct location *items;
	size_t count, cap;
	size_t pos;             /* the current location; meaningful when count > 0 */
	size_t limit;           /* oldest entries are dropped past this */
};

void history_init(struct history *h, size_t limit);
void history_free(struct history *h);
/* Records a move from `from` to `to`: what lay forward is forgotten. */
void history_navigate(struct history *h, struct location from, struct location to);
/* Steps back (or forward); `current` is remembered where we stand, so that
 * stepping the other way returns to it.  False when there is nowhere to go. */
bool history_back(struct history *h, struct location current, struct location *out);
bool history_forward(struct history *h, struct location current, struct location *out);

#endif
