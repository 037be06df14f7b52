#include "icsview/views/history.h"

#include <stdlib.h>
#include <string.h>
#include "icsview/base/util.h"

void history_init(struct history *h, size_t limit)
{
	memset(h, 0, sizeof(*h));
	h->limit = limit < 2 ? 2 : limit;
}

void history_free(struct history *h)
{
	free(h->items);
	memset(h, 0, sizeof(*h));
}

static void append(struct history *h, struct location where)
{
	if (h->count == h->limit) {
		memmove(h->items, h->items + 1, (h->count - 1) * sizeof(*h->items));
		h->count--;
	}
	GROW(h->items, h->cap, h->count + 1);
	h->items[h->count++] = where;
	h->pos = h->count - 1;
}

void history_navigate(struct history *h, struct location from, struct location to)
{
	if (h->count == 0) {
		append(h, from);
	} else {
		h->items[h->pos] = from;
		h->count = h->pos + 1;
	}
	append(h, to);
}

bool history_back(struct history *h, struct location current, struct location *out)
{
	if (h->count == 0 || h->pos == 0)
		return false;
	h->items[h->pos] = current;
	*out = h->items[--h->pos];
	return true;
}

bool history_forward(struct history *h, struct location current, struct location *out)
{
	if (h->count == 0 || h->pos + 1 >= h->count)
		return false;
	h->items[h->pos] = current;
	*out = h->items[++h->pos];
	return true;
}
