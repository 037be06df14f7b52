/* "Did you mean": the edit distance and the nearest candidate. */
#include <criterion/criterion.h>
#include <string.h>
#include "icsview/base/suggest.h"

Test(suggest, distance_counts_edits_and_swaps_ignoring_case)
{
	cr_expect_eq(suggest_distance("show", "show"), 0);
	cr_expect_eq(suggest_distance("SHOW", "show"), 0);
	cr_expect_eq(suggest_distance("shwo", "show"), 1);          /* a swap */
	cr_expect_eq(suggest_distance("organization", "organisation"), 1);
	cr_expect_eq(suggest_distance("tre", "tree"), 1);
	cr_expect_eq(suggest_distance("", "abc"), 3);
	cr_expect_eq(suggest_distance("kitten", "sitting"), 3);
}

Test(suggest, a_very_long_word_is_far_from_everything)
{
	char word[300];

	memset(word, 'a', sizeof(word) - 1);
	word[sizeof(word) - 1] = '\0';
	cr_expect_eq(suggest_distance(word, word), SUGGEST_FAR);
}

Test(suggest, nearest_within_a_third_of_the_word_or_by_prefix)
{
	static const char *const kinds[] = { "region", "system", "place", "organisation", "board" };
	static const char *const relations[] = { "member_of", "reports_to", "serves" };

	cr_expect_str_eq(suggest_nearest("organization", kinds, 5), "organisation");
	cr_expect_str_eq(suggest_nearest("Board", kinds, 5), "board");
	cr_expect_str_eq(suggest_nearest("member", relations, 3), "member_of");
	cr_expect_str_eq(suggest_nearest("serve", relations, 3), "serves");
	cr_expect_null(suggest_nearest("hospital", kinds, 5));
	cr_expect_null(suggest_nearest("board", kinds, 5));        /* itself: nothing to suggest */
	cr_expect_null(suggest_nearest("me", relations, 3));       /* too short for a prefix */
}

Test(suggest, the_first_of_equals_wins)
{
	static const char *const words[] = { "cat", "bat", "car" };

	cr_expect_str_eq(suggest_nearest("hat", words, 3), "cat");
	cr_expect_str_eq(suggest_nearest("hat", words + 1, 2), "bat");
}
