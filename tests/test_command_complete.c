/* Completing the `:` line (command_complete.c): the commands' names from
 * their table, and goto's ids from a real model. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"
#include "icsview/base/util.h"
#include "icsview/views/command_complete.h"
#include "icsview/views/commands.h"

static struct store *st;
static char *dir;

static void load(void)
{
	static const char *const files[] = { "good/nested.yaml" };

	dir = scratch_dir();
	st = load_valid(dir, files, 1);
}

static void unload(void)
{
	unload_model(st, dir);
}

TestSuite(command_complete, .init = load, .fini = unload);

static void expect_candidates(const char *text, size_t start, const char *expected)
{
	struct completion c;
	struct strbuf joined = STRBUF_INIT;

	completion_init(&c);
	cr_assert_eq(command_complete(st, text, strlen(text), &c), STORE_OK);
	for (size_t i = 0; i < c.count; i++)
		sb_printf(&joined, "%s%s", i ? "|" : "", c.items[i]);
	cr_expect_str_eq(sb_str(&joined), expected, "completing '%s'", text);
	cr_expect_eq(c.start, start, "the word of '%s'", text);
	cr_expect_eq(c.end, strlen(text));
	sb_free(&joined);
	completion_clear(&c);
}

Test(command_complete, names_from_the_table)
{
	expect_candidates("go", 0, "goto ");
	expect_candidates("  r", 2, "refresh|root");
	expect_candidates("e", 0, "export ");
	expect_candidates("q", 0, "quit");
	expect_candidates("x", 0, "");
	expect_candidates("", 0, "export |goto |help|quit|refresh|root");
}

Test(command_complete, arguments)
{
	expect_candidates("goto n-s", 5, "n-sheffield|n-sth|n-system");
	expect_candidates("g N-SH", 2, "n-sheffield");
	expect_candidates("export r", 7, "review ");
	expect_candidates("export review ", 14, "");
	expect_candidates("quit x", 5, "");
}

/* :export's argument: review FILE [ID] [--filter EXPR], the rest of the
 * line the filter's. */
Test(command_complete, export_arguments)
{
	static const struct { const char *argument; const char *file, *under, *filter; } good[] = {
		{ "review x.md", "x.md", NULL, NULL },
		{ "  review   x.md  ", "x.md", NULL, NULL },
		{ "review x.md syb", "x.md", "syb", NULL },
		{ "review x.csv --filter flag:concern", "x.csv", NULL, "flag:concern" },
		{ "review x.json syb --filter flag:concern or has:note", "x.json", "syb",
		  "flag:concern or has:note" },
	};
	static const char *const bad[] = {
		"", "review", "reviews x.md", "notes x.md", "review x.md syb extra",
		"review x.md --filter", "review x.md syb --filter  ", "review x.md a b --filter c",
		"review x.md -f flag:ok",
	};

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		struct export_args args;
		cr_assert(command_export_args(good[i].argument, &args), "%s", good[i].argument);
		cr_expect_str_eq(args.file, good[i].file, "%s", good[i].argument);
		if (good[i].under)
			cr_expect_str_eq(args.under, good[i].under, "%s", good[i].argument);
		else
			cr_expect_null(args.under, "%s", good[i].argument);
		if (good[i].filter)
			cr_expect_str_eq(args.filter, good[i].filter, "%s", good[i].argument);
		else
			cr_expect_null(args.filter, "%s", good[i].argument);
		export_args_clear(&args);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct export_args args;
		cr_expect(!command_export_args(bad[i], &args), "%s", bad[i]);
		cr_expect(!args.file && !args.under && !args.filter, "%s", bad[i]);
	}
}
