/* The pick list: when what was typed at i or :goto names several entities,
 * an overlay lists them (resolve.h) and the user chooses one; ^R lists
 * the entities others changed in it too (tui_changes.c).  Its keys
 * come to it before anything else; it changes nothing until Enter. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include "tui_private.h"

/* Screen rows a candidate takes: its badge, name and id; then its type
 * and path. */
#define PICK_LINES 2
/* Rows of the box that are not candidates: its two borders. */
#define PICK_FRAME 2

enum { PICK_CTRL_C = 3, PICK_ESC = 27 };

void tui_pick_open(struct tui *t, const char *text, struct resolve_result *candidates)
{
	tui_pick_close(t);
	t->pick.candidates = *candidates;
	memset(candidates, 0, sizeof(*candidates));
	t->pick.text = xstrdup(text);
	t->pick.shown = true;
}

void tui_pick_open_changes(struct tui *t, struct resolve_result *candidates, char **about)
{
	tui_pick_open(t, "", candidates);
	t->pick.about = about;
}

void tui_pick_close(struct tui *t)
{
	if (t->pick.about)
		for (size_t i = 0; i < t->pick.candidates.count; i++)
			free(t->pick.about[i]);
	free(t->pick.about);
	resolve_result_clear(&t->pick.candidates);
	free(t->pick.text);
	memset(&t->pick, 0, sizeof(t->pick));
}

bool tui_pick_box(const struct tui *t, struct area *box)
{
	const struct layout *l = &t->layout;
	size_t wanted = t->pick.candidates.count * PICK_LINES + PICK_FRAME;
	int most = l->rows - 2;     /* under the first row, above the status line */

	if (most < PICK_LINES + PICK_FRAME || l->cols < 20)
		return false;
	box->h = wanted < (size_t)most ? (int)wanted : most;
	box->w = l->cols < 102 ? l->cols - 2 : 100;
	box->x = (l->cols - box->w) / 2;
	box->y = 1;
	return true;
}

size_t tui_pick_shown(const struct tui *t)
{
	struct area box;

	if (!tui_pick_box(t, &box))
		return 1;
	return (size_t)(box.h - PICK_FRAME) / PICK_LINES;
}

size_t tui_pick_top(const struct tui *t)
{
	size_t shown = tui_pick_shown(t), top = t->pick.top, count = t->pick.candidates.count;

	if (t->pick.selected < top)
		top = t->pick.selected;
	if (t->pick.selected >= top + shown)
		top = t->pick.selected + 1 - shown;
	/* no blank rows at the foot while there are candidates above */
	if (count > shown && top > count - shown)
		top = count - shown;
	return top;
}

static void pick_move(struct tui *t, size_t to)
{
	size_t last = t->pick.candidates.count - 1;

	t->pick.selected = to > last ? last : to;
	t->pick.top = tui_pick_top(t);
}

void tui_pick_key(struct tui *t, int key, bool is_code)
{
	size_t selected = t->pick.selected, page = tui_pick_shown(t);

	if (is_code && key == KEY_MOUSE) {
		MEVENT ev;
		getmouse(&ev);  /* read and dropped: the list is chosen from by key */
		return;
	}
	if (is_code && key == KEY_ENTER)
		key = '\n';
	if (key == '\n') {
		int64_t eid = t->pick.candidates.items[selected].eid;

		tui_pick_close(t);
		tui_jump_to(t, eid);
	} else if (key == PICK_ESC || key == 'q' || (!is_code && key == PICK_CTRL_C)) {
		tui_pick_close(t);
	} else if ((is_code && key == KEY_DOWN) || (!is_code && key == 'j')) {
		pick_move(t, selected + 1);
	} else if ((is_code && key == KEY_UP) || (!is_code && key == 'k')) {
		pick_move(t, selected ? selected - 1 : 0);
	} else if (is_code && key == KEY_NPAGE) {
		pick_move(t, selected + page);
	} else if (is_code && key == KEY_PPAGE) {
		pick_move(t, selected > page ? selected - page : 0);
	} else if (is_code && key == KEY_HOME) {
		pick_move(t, 0);
	} else if (is_code && key == KEY_END) {
		pick_move(t, t->pick.candidates.count - 1);
	}
}
