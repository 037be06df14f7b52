/* The prompts' history (prompt_history.c): one list per kind, walked as a
 * shell does, kept in a file written at once and read whatever it holds. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "helpers.h"
#include "icsview/base/util.h"
#include "icsview/views/prompt_history.h"

Test(prompt_history, walks_back_and_forward_keeping_the_typed_line)
{
	struct prompt_history h;

	prompt_history_init(&h);
	prompt_history_add(&h, PROMPT_HISTORY_FILTER, "kind:board");
	prompt_history_add(&h, PROMPT_HISTORY_FILTER, "type:trust");
	prompt_history_add(&h, PROMPT_HISTORY_COMMAND, "goto RHQ");
	prompt_history_walk_start(&h, PROMPT_HISTORY_FILTER);
	cr_expect_null(prompt_history_newer(&h), "nothing newer than the line typed");
	cr_expect_str_eq(prompt_history_older(&h, "half typ"), "type:trust");
	cr_expect_str_eq(prompt_history_older(&h, "type:trust"), "kind:board");
	cr_expect_null(prompt_history_older(&h, "kind:board"), "the oldest is the last");
	cr_expect_str_eq(prompt_history_newer(&h), "type:trust");
	cr_expect_str_eq(prompt_history_newer(&h), "half typ", "the typed line comes back");
	cr_expect_null(prompt_history_newer(&h));
	prompt_history_walk_start(&h, PROMPT_HISTORY_COMMAND);
	cr_expect_str_eq(prompt_history_older(&h, ""), "goto RHQ", "one list per kind");
	cr_expect_null(prompt_history_older(&h, ""));
	prompt_history_walk_start(&h, PROMPT_HISTORY_SEARCH);
	cr_expect_null(prompt_history_older(&h, "x"));
	prompt_history_free(&h);
}

Test(prompt_history, skips_repeats_empty_and_control_characters)
{
	struct prompt_history h;

	prompt_history_init(&h);
	cr_expect(prompt_history_add(&h, PROMPT_HISTORY_GOTO, "RHQ"));
	cr_expect_not(prompt_history_add(&h, PROMPT_HISTORY_GOTO, "RHQ"), "the newest not repeated");
	cr_expect(prompt_history_add(&h, PROMPT_HISTORY_GOTO, "QF7"));
	cr_expect(prompt_history_add(&h, PROMPT_HISTORY_GOTO, "RHQ"), "an older one may come again");
	cr_expect_not(prompt_history_add(&h, PROMPT_HISTORY_GOTO, ""));
	cr_expect_not(prompt_history_add(&h, PROMPT_HISTORY_GOTO, "a\nb"));
	cr_expect_not(prompt_history_add(&h, PROMPT_HISTORY_GOTO, "a\tb"));
	cr_expect_not(prompt_history_add(&h, PROMPT_HISTORY_GOTO, "a\x1b[31m"));
	cr_expect_eq(h.lists[PROMPT_HISTORY_GOTO].count, 3);
	prompt_history_free(&h);
}

Test(prompt_history, keeps_the_newest_within_its_limit)
{
	struct prompt_history h;
	char text[32];

	prompt_history_init(&h);
	for (int i = 0; i < PROMPT_HISTORY_LIMIT + 50; i++) {
		snprintf(text, sizeof(text), "entry %d", i);
		prompt_history_add(&h, PROMPT_HISTORY_SEARCH, text);
	}
	cr_assert_eq(h.lists[PROMPT_HISTORY_SEARCH].count, PROMPT_HISTORY_LIMIT);
	cr_expect_str_eq(h.lists[PROMPT_HISTORY_SEARCH].items[0], "entry 50");
	prompt_history_walk_start(&h, PROMPT_HISTORY_SEARCH);
	snprintf(text, sizeof(text), "entry %d", PROMPT_HISTORY_LIMIT + 49);
	cr_expect_str_eq(prompt_history_older(&h, ""), text);
	prompt_history_free(&h);
}

Test(prompt_history, saved_and_read_back)
{
	char *dir = scratch_dir();
	char *path = xasprintf("%s/state/icsview/history", dir);
	struct prompt_history h, back;
	struct stat st;
	size_t skipped = 9;

	prompt_history_init(&h);
	prompt_history_add(&h, PROMPT_HISTORY_FILTER, "kind:board");
	prompt_history_add(&h, PROMPT_HISTORY_FILTER, "type:\"foundation trust\" -x");
	prompt_history_add(&h, PROMPT_HISTORY_COMMAND, "export review /tmp/r.md");
	prompt_history_add(&h, PROMPT_HISTORY_SEARCH, "sheffield “café”");
	cr_assert_eq(prompt_history_save(&h, path), 0, "the directory is made");
	cr_assert_eq(stat(path, &st), 0);
	cr_expect_eq(st.st_mode & 0777, 0600);
	char *text = slurp(path);
	cr_expect_str_eq(text, "filter\tkind:board\nfilter\ttype:\"foundation trust\" -x\n"
	                 "command\texport review /tmp/r.md\nsearch\tsheffield “café”\n");
	free(text);
	prompt_history_init(&back);
	cr_expect_eq(prompt_history_load(&back, path, &skipped), PROMPT_HISTORY_READ);
	cr_expect_eq(skipped, 0);
	cr_assert_eq(back.lists[PROMPT_HISTORY_FILTER].count, 2);
	cr_expect_str_eq(back.lists[PROMPT_HISTORY_FILTER].items[1], "type:\"foundation trust\" -x");
	cr_expect_str_eq(back.lists[PROMPT_HISTORY_SEARCH].items[0], "sheffield “café”");
	/* saved again over it: replaced, no temporary left beside it */
	prompt_history_add(&back, PROMPT_HISTORY_GOTO, "RHQ");
	cr_assert_eq(prompt_history_save(&back, path), 0);
	char *listing = xasprintf("ls -A '%s/state/icsview'", dir);
	FILE *ls = popen(listing, "r");
	char names[256] = "";
	size_t n = fread(names, 1, sizeof(names) - 1, ls);
	names[n] = '\0';
	pclose(ls);
	cr_expect_str_eq(names, "history\n");
	free(listing);
	prompt_history_free(&h);
	prompt_history_free(&back);
	free(path);
	remove_tree(dir);
	free(dir);
}

Test(prompt_history, a_damaged_file_gives_what_it_can)
{
	char *dir = scratch_dir();
	struct strbuf text = STRBUF_INIT;
	struct prompt_history h;
	size_t skipped = 0;

	sb_puts(&text, "filter\tkind:board\n");
	sb_puts(&text, "no tab here\n");
	sb_puts(&text, "bogus\tkind:x\n");
	sb_puts(&text, "filter\t\n");
	sb_puts(&text, "goto\tRHQ\x1b]0;title\x07\n");
	sb_puts(&text, "command\t");
	for (int i = 0; i < PROMPT_HISTORY_MAX_ENTRY + 10; i++)
		sb_putc(&text, 'x');
	sb_puts(&text, "\n\n");
	sb_add(&text, "search\tbin\0ary\n", 15);
	sb_puts(&text, "goto\tQF7");       /* no newline at the end */
	char *path = xasprintf("%s/history", dir);
	FILE *f = fopen(path, "wb");
	cr_assert_not_null(f);
	cr_assert_eq(fwrite(text.buf, 1, text.len, f), text.len);
	fclose(f);

	prompt_history_init(&h);
	cr_expect_eq(prompt_history_load(&h, path, &skipped), PROMPT_HISTORY_DAMAGED);
	cr_expect_eq(skipped, 6);
	cr_assert_eq(h.lists[PROMPT_HISTORY_FILTER].count, 1);
	cr_expect_str_eq(h.lists[PROMPT_HISTORY_FILTER].items[0], "kind:board");
	cr_assert_eq(h.lists[PROMPT_HISTORY_GOTO].count, 1);
	cr_expect_str_eq(h.lists[PROMPT_HISTORY_GOTO].items[0], "QF7");
	cr_expect_eq(h.lists[PROMPT_HISTORY_COMMAND].count, 0);
	cr_expect_eq(h.lists[PROMPT_HISTORY_SEARCH].count, 0);
	prompt_history_free(&h);
	sb_free(&text);
	free(path);
	remove_tree(dir);
	free(dir);
}

Test(prompt_history, what_cannot_be_read_is_said)
{
	char *dir = scratch_dir();
	char *missing = xasprintf("%s/none", dir);
	struct prompt_history h;
	size_t skipped = 7;

	prompt_history_init(&h);
	cr_expect_eq(prompt_history_load(&h, missing, &skipped), PROMPT_HISTORY_ABSENT);
	cr_expect_eq(skipped, 0);
	cr_expect_eq(prompt_history_load(&h, dir, NULL), PROMPT_HISTORY_UNREADABLE,
	             "a directory is not a history");
	/* larger than the limit: not read at all */
	char *big = xasprintf("%s/big", dir);
	FILE *f = fopen(big, "w");
	cr_assert_not_null(f);
	for (int i = 0; i < PROMPT_HISTORY_MAX_FILE / 16 + 1; i++)
		fputs("filter\tkind:abc\n", f);
	fclose(f);
	cr_expect_eq(prompt_history_load(&h, big, NULL), PROMPT_HISTORY_UNREADABLE);
	cr_expect_eq(h.lists[PROMPT_HISTORY_FILTER].count, 0);
	/* a save where the directory cannot be made fails and says so */
	char *blocked = xasprintf("%s/big/history", dir);
	prompt_history_add(&h, PROMPT_HISTORY_GOTO, "RHQ");
	cr_expect_eq(prompt_history_save(&h, blocked), -1);
	prompt_history_free(&h);
	free(blocked);
	free(big);
	free(missing);
	remove_tree(dir);
	free(dir);
}
