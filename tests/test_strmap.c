/* The string map: keys found again with their values while the table and
 * the pool of keys grow from their small first sizes. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include "icsview/base/strmap.h"

Test(strmap, an_empty_map_finds_nothing)
{
	struct strmap m = STRMAP_INIT;

	cr_expect_null(strmap_find(&m, "a"));
	strmap_free(&m);
}

Test(strmap, a_key_inserted_twice_is_added_once_and_keeps_its_value)
{
	struct strmap m = STRMAP_INIT;
	bool added;

	*strmap_insert(&m, "name", &added) = 7;
	cr_expect(added);
	cr_expect_eq(*strmap_insert(&m, "name", &added), 7);
	cr_expect_not(added);
	cr_expect_eq(m.count, 1);
	cr_expect_null(strmap_find(&m, "Name"));
	strmap_free(&m);
}

Test(strmap, many_keys_survive_the_table_growing)
{
	struct strmap m = STRMAP_INIT;
	char key[32];
	bool added;

	for (int i = 0; i < 5000; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		*strmap_insert(&m, key, &added) = i;
		cr_assert(added);
	}
	cr_expect_eq(m.count, 5000);
	for (int i = 0; i < 5000; i++) {
		const int32_t *value;
		snprintf(key, sizeof(key), "k%d", i);
		value = strmap_find(&m, key);
		cr_assert_not_null(value, "%s lost", key);
		cr_expect_eq(*value, i);
	}
	cr_expect_null(strmap_find(&m, "k5000"));
	strmap_free(&m);
}

Test(strmap, keys_longer_than_the_first_pool_are_kept_whole)
{
	struct strmap m = STRMAP_INIT;
	char long_key[1000];
	bool added;

	strmap_insert(&m, "short", &added);
	for (int n = 100; n < 1000; n += 300) {
		memset(long_key, 'a' + n % 26, (size_t)n);
		long_key[n] = '\0';
		*strmap_insert(&m, long_key, &added) = n;
		cr_assert(added);
	}
	for (int n = 100; n < 1000; n += 300) {
		memset(long_key, 'a' + n % 26, (size_t)n);
		long_key[n] = '\0';
		cr_assert_not_null(strmap_find(&m, long_key));
		cr_expect_eq(*strmap_find(&m, long_key), n);
	}
	cr_expect_not_null(strmap_find(&m, "short"));
	strmap_free(&m);
}
