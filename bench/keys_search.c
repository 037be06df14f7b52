/* Search as typed (icsbench keys): search_run (limit 200) for each prefix
 * of `sheffield` from 1 to 6 characters, and for a practice's code, on the
 * model keys.c opened. */
#include <stdio.h>
#include <string.h>

#include "benchutil.h"
#include "icsbench.h"
#include "icsview/query/search.h"

void keys_search(struct browse *b, const char *code)
{
	static const char *words[] = { "s", "sh", "she", "shef", "sheff", "sheffi" };
	struct search_options so = { .limit = 200, .path_separator = " › " };
	struct search_results res = { 0 };
	struct samples all2 = { 0 };
	char extra[160];
	double t;

	for (size_t w = 0; w < 7; w++) {
		const char *q = w < 6 ? words[w] : code;
		char name[64];
		size_t hits = 0;
		if (!q)
			continue;
		for (int i = 0; i < b->runs * 5; i++) {
			t = bench_now();
			search_run(b->st, q, &so, &res);
			samples_add(b->s, bench_now() - t);
			if (w >= 1)
				samples_add(&all2, bench_now() - t);
			hits = res.count;
			search_results_clear(&res);
			memset(&res, 0, sizeof res);
		}
		if (w < 6)
			snprintf(name, sizeof name, "key_search_%zuch", w + 1);
		else
			snprintf(name, sizeof name, "key_search_code");
		snprintf(extra, sizeof extra, "query=%s hits=%zu", q, hits);
		samples_report(name, b->s, w == 0 ? 16 : 2, extra);
		b->s->n = 0;
	}
	samples_report("key_search_2plus_all", &all2, 2, NULL);
}
