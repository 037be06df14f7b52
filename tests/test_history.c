/* History (history.c): back and forward as in a browser, within a limit. */
#include <criterion/criterion.h>
#include <stdint.h>
#include "icsview/views/history.h"

Test(history, back_and_forward_like_a_browser)
{
	struct history h;
	struct location a = { 0, 1 }, b = { 0, 2 }, b_moved = { 0, 3 }, c = { 5, 6 }, out;

	history_init(&h, 100);
	cr_expect_not(history_back(&h, a, &out));
	history_navigate(&h, a, b);
	history_navigate(&h, b_moved, c);
	cr_assert(history_back(&h, c, &out));
	cr_expect_eq(out.selected, 3, "back returns to where the cursor was, not the arrival");
	cr_assert(history_back(&h, out, &out));
	cr_expect_eq(out.selected, 1);
	cr_expect_not(history_back(&h, out, &out));
	cr_assert(history_forward(&h, a, &out));
	cr_expect_eq(out.selected, 3);
	cr_assert(history_forward(&h, out, &out));
	cr_expect_eq(out.root, 5);
	cr_expect_not(history_forward(&h, out, &out));
	/* a new jump from the middle forgets what lay forward */
	history_back(&h, c, &out);
	history_navigate(&h, out, a);
	cr_expect_not(history_forward(&h, a, &out));
	history_free(&h);
}

Test(history, keeps_at_most_its_limit)
{
	struct history h;
	struct location out;

	history_init(&h, 3);
	for (int64_t i = 1; i <= 10; i++)
		history_navigate(&h, (struct location){ 0, i }, (struct location){ 0, i + 1 });
	cr_expect_eq(h.count, 3);
	cr_assert(history_back(&h, (struct location){ 0, 11 }, &out));
	cr_assert(history_back(&h, out, &out));
	cr_expect_not(history_back(&h, out, &out));
	history_free(&h);
}
