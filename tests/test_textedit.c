/* The note editor's buffer (textedit.h): editing, moving by character,
 * word, line and displayed row, and the soft-wrapped layout. */
#include <criterion/criterion.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include "icsview/views/textedit.h"

static struct textedit te;

static void setup(void)
{
	setlocale(LC_ALL, "C.UTF-8");
}

static void teardown(void)
{
	textedit_free(&te);
}

TestSuite(textedit, .init = setup, .fini = teardown);

/* The text with the cursor shown as '|'. */
static char *show(void)
{
	static char out[512];
	const char *t = textedit_text(&te);

	snprintf(out, sizeof(out), "%.*s|%s", (int)te.cursor, t, t + te.cursor);
	return out;
}

static void type(const char *s)
{
	cr_assert(textedit_insert(&te, s, strlen(s)));
}

Test(textedit, typing_and_deleting)
{
	textedit_init(&te, "");
	cr_expect(!te.modified);
	type("Ask about");
	type(" stroke");
	cr_expect(te.modified);
	cr_expect_str_eq(show(), "Ask about stroke|");
	textedit_word_left(&te);
	type("the ");
	cr_expect_str_eq(show(), "Ask about the |stroke");
	textedit_backspace(&te);
	textedit_backspace(&te);
	cr_expect_str_eq(show(), "Ask about th|stroke");
	textedit_delete(&te);
	cr_expect_str_eq(show(), "Ask about th|troke");
	textedit_text_start(&te);
	textedit_backspace(&te);    /* nothing before: nothing happens */
	cr_expect_str_eq(show(), "|Ask about thtroke");
	textedit_text_end(&te);
	textedit_delete(&te);
	cr_expect_str_eq(show(), "Ask about thtroke|");
}

Test(textedit, characters_not_bytes)
{
	textedit_init(&te, "Trust’s café 日本");
	textedit_backspace(&te);
	cr_expect_str_eq(show(), "Trust’s café 日|");
	textedit_left(&te);
	textedit_left(&te);
	textedit_left(&te);
	cr_expect_str_eq(show(), "Trust’s caf|é 日");
	textedit_delete(&te);
	cr_expect_str_eq(show(), "Trust’s caf| 日");
	textedit_text_start(&te);
	for (int i = 0; i < 6; i++)
		textedit_right(&te);
	cr_expect_str_eq(show(), "Trust’|s caf 日");
	textedit_backspace(&te);
	cr_expect_str_eq(show(), "Trust|s caf 日");
	/* an invalid byte is one character */
	textedit_free(&te);
	textedit_init(&te, "a\xff\xfe");
	textedit_left(&te);
	cr_expect_eq(te.cursor, 2);
	textedit_backspace(&te);
	cr_expect_eq(te.text.len, 2);
	cr_expect_eq(memcmp(textedit_text(&te), "a\xfe", 2), 0);
}

Test(textedit, words_and_lines)
{
	textedit_init(&te, "first line, here\nsecond-line (x)");
	textedit_word_left(&te);
	cr_expect_str_eq(show(), "first line, here\nsecond-line (|x)");
	textedit_word_left(&te);
	textedit_word_left(&te);
	cr_expect_str_eq(show(), "first line, here\n|second-line (x)");
	textedit_word_left(&te);
	cr_expect_str_eq(show(), "first line, |here\nsecond-line (x)");
	textedit_word_right(&te);
	cr_expect_str_eq(show(), "first line, here|\nsecond-line (x)");
	textedit_word_right(&te);
	cr_expect_str_eq(show(), "first line, here\nsecond|-line (x)");
	textedit_home(&te);
	cr_expect_str_eq(show(), "first line, here\n|second-line (x)");
	textedit_end(&te);
	cr_expect_str_eq(show(), "first line, here\nsecond-line (x)|");
	textedit_delete_word_back(&te);
	cr_expect_str_eq(show(), "first line, here\nsecond-line (|");
	textedit_kill_to_start(&te);
	cr_expect_str_eq(show(), "first line, here\n|");
	textedit_backspace(&te);
	textedit_home(&te);
	textedit_word_right(&te);
	textedit_kill_to_end(&te);
	cr_expect_str_eq(show(), "first|");
	type("\nnext");
	textedit_vertical(&te, 80, -1, 1);
	textedit_kill_to_end(&te);
	cr_expect_str_eq(show(), "firs|\nnext");
	textedit_kill_to_end(&te);      /* at a line's end: joins the next */
	cr_expect_str_eq(show(), "firs|next");
}

/* The rows as "start-end" pairs. */
static char *rows_of(size_t width)
{
	static char out[512];
	struct text_rows rows = { 0 };
	size_t used = 0;

	textedit_layout(&te, width, &rows);
	out[0] = '\0';
	for (size_t i = 0; i < rows.count; i++)
		used += (size_t)snprintf(out + used, sizeof(out) - used, "%s[%.*s]", i ? " " : "",
		                         (int)(rows.items[i].end - rows.items[i].start),
		                         textedit_text(&te) + rows.items[i].start);
	text_rows_clear(&rows);
	return out;
}

Test(textedit, layout_wraps_at_spaces)
{
	textedit_init(&te, "the board meets monthly\n\nin public");
	cr_expect_str_eq(rows_of(80), "[the board meets monthly] [] [in public]");
	cr_expect_str_eq(rows_of(10), "[the board ] [meets ] [monthly] [] [in public]");
	cr_expect_str_eq(rows_of(4), "[the ] [boar] [d ] [meet] [s ] [mont] [hly] [] [in ] [publ] [ic]");
	textedit_free(&te);
	textedit_init(&te, "");
	cr_expect_str_eq(rows_of(10), "[]");
	textedit_free(&te);
	/* double width: 日本語 is 6 columns */
	textedit_init(&te, "日本語 text");
	cr_expect_str_eq(rows_of(5), "[日本] [語 ] [text]");
	/* a character wider than the row still goes somewhere */
	cr_expect_str_eq(rows_of(1), "[日] [本] [語] [ ] [t] [e] [x] [t]");
}

Test(textedit, up_and_down_by_rows_keep_the_column)
{
	size_t row, col;
	struct text_rows rows = { 0 };

	textedit_init(&te, "short\na much longer line here\nmid line");
	textedit_text_start(&te);
	textedit_word_right(&te);
	cr_expect_str_eq(show(), "short|\na much longer line here\nmid line");
	textedit_vertical(&te, 80, 1, 1);
	cr_expect_str_eq(show(), "short\na muc|h longer line here\nmid line");
	textedit_vertical(&te, 80, 1, 1);
	cr_expect_str_eq(show(), "short\na much longer line here\nmid l|ine");
	textedit_vertical(&te, 80, -1, 1);
	textedit_end(&te);
	textedit_vertical(&te, 80, 1, 1);
	cr_expect_str_eq(show(), "short\na much longer line here\nmid line|");
	/* the goal column survives a short row */
	textedit_text_start(&te);
	textedit_vertical(&te, 80, 1, 1);
	textedit_end(&te);
	textedit_vertical(&te, 80, -1, 1);
	cr_expect_str_eq(show(), "short|\na much longer line here\nmid line");
	textedit_vertical(&te, 80, 1, 1);
	cr_expect_str_eq(show(), "short\na much longer line here|\nmid line");
	/* a page up past the top stops on the first row; past the top and the
	 * bottom: the ends of the text */
	textedit_vertical(&te, 80, -1, 5);
	cr_expect_str_eq(show(), "short|\na much longer line here\nmid line");
	textedit_vertical(&te, 80, -1, 1);
	cr_expect_eq(te.cursor, 0);
	textedit_text_end(&te);
	textedit_vertical(&te, 80, 1, 1);
	cr_expect_eq(te.cursor, te.text.len);

	/* by wrapped rows: "a much " / "longer " / "line " / "here" at 8 columns */
	textedit_text_start(&te);
	textedit_vertical(&te, 8, 1, 1);
	cr_expect_str_eq(show(), "short\n|a much longer line here\nmid line");
	textedit_vertical(&te, 8, 1, 1);
	cr_expect_str_eq(show(), "short\na much |longer line here\nmid line");
	textedit_layout(&te, 8, &rows);
	textedit_cursor_at(&te, &rows, &row, &col);
	cr_expect_eq(row, 2);
	cr_expect_eq(col, 0);
	text_rows_clear(&rows);
	textedit_end(&te);
	textedit_vertical(&te, 8, -1, 1);
	/* the wrapped row above: before its trailing space, not past it */
	cr_expect_str_eq(show(), "short\na much longer line| here\nmid line");
}

Test(textedit, size_is_bounded)
{
	static char big[TEXTEDIT_MAX];

	memset(big, 'x', sizeof(big));
	textedit_init(&te, "");
	cr_expect(textedit_insert(&te, big, TEXTEDIT_MAX));
	cr_expect(!textedit_insert(&te, "y", 1));
	cr_expect_eq(te.text.len, TEXTEDIT_MAX);
}
