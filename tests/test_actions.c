/* The key table (actions.c): the default keys, their parsing, and the help
 * every action has. */
#include <criterion/criterion.h>
#include <string.h>
#include "icsview/views/actions.h"

Test(actions, every_default_key_parses_and_every_action_has_help)
{
	static const struct key_name named[] = {
		{ "Up", 2001 }, { "Down", 2002 }, { "Left", 2003 }, { "Right", 2004 }, { "PgUp", 2005 },
		{ "PgDn", 2006 }, { "Home", 2007 }, { "End", 2008 }, { "Enter", '\n' }, { "Tab", '\t' },
		{ "BTab", 2009 }, { "Backspace", 2010 }, { "Esc", 27 }, { "Space", ' ' },
	};
	struct keymap km;

	cr_expect_eq(keymap_init(&km, named, sizeof(named) / sizeof(named[0])), 10,
	             "the ten bindings to codes past the table are reported");
	cr_expect_eq(keymap_lookup(&km, 'j'), ACTION_MOVE_DOWN);
	cr_expect_eq(keymap_lookup(&km, 'q'), ACTION_QUIT);
	cr_expect_eq(keymap_lookup(&km, '\n'), ACTION_DRILL_DOWN);
	cr_expect_eq(keymap_lookup(&km, 15), ACTION_BACK, "^O");
	cr_expect_eq(key_parse("^L", 2, named, 0), 12);
	cr_expect_eq(key_parse("Nope", 4, named, 0), -1);
	for (int a = ACTION_NONE + 1; a < ACTION_COUNT; a++) {
		cr_expect_gt(strlen(action_info((enum action)a)->help), 0);
		cr_expect_gt(strlen(action_info((enum action)a)->keys), 0);
	}
}
