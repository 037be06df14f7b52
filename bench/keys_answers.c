/* Keys that answer where-am-I and which-one (icsbench keys), on the model
 * keys.c opened: the detail pane's counts by type for the entity with the
 * most descendants; i or :goto on a name many entities share (what the
 * pick list lists) and on a word of many names; Tab in the filter prompt
 * after a term name and in the middle of a type. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "benchutil.h"
#include "icsbench.h"
#include "icsview/query/complete.h"
#include "icsview/query/counts.h"
#include "icsview/query/resolve.h"

/* Counts by type as the detail pane asks for them, on `eid`. */
static void time_counts(struct browse *b, int64_t eid, int64_t descendants)
{
	char extra[96];
	size_t types = 0;

	for (int i = 0; i < b->runs * 10; i++) {
		struct type_count_list list = { 0 };
		double t = bench_now();

		counts_by_type(b->st, eid, &list);
		samples_add(b->s, bench_now() - t);
		types = list.count;
		type_count_list_clear(&list);
	}
	snprintf(extra, sizeof extra, "descendants=%lld types=%zu", (long long)descendants, types);
	samples_report("key_counts_biggest", b->s, 1, extra);
	b->s->n = 0;
}

/* i TEXT Enter: resolving it, up to the candidates a pick list shows. */
static void time_resolve(struct browse *b, const char *name, const char *text)
{
	struct resolve_options options = { .path_separator = " › " };
	char extra[160];
	size_t candidates = 0;

	for (int i = 0; i < b->runs * 10; i++) {
		struct resolve_result found = { 0 };
		double t = bench_now();

		resolve_text(b->st, text, &options, &found);
		samples_add(b->s, bench_now() - t);
		candidates = found.count;
		resolve_result_clear(&found);
	}
	snprintf(extra, sizeof extra, "text=\"%.60s\" candidates=%zu", text, candidates);
	samples_report(name, b->s, 16, extra);
	b->s->n = 0;
}

/* Tab at the end of `text` in the filter prompt. */
static void time_complete(struct browse *b, const char *name, const char *text)
{
	char extra[96];
	size_t offered = 0;

	for (int i = 0; i < b->runs * 10; i++) {
		struct completion c;
		double t;

		completion_init(&c);
		t = bench_now();
		filter_complete(b->st, text, strlen(text), &c);
		samples_add(b->s, bench_now() - t);
		offered = c.count;
		completion_clear(&c);
	}
	snprintf(extra, sizeof extra, "text=%s offered=%zu", text, offered);
	samples_report(name, b->s, 16, extra);
	b->s->n = 0;
}

void keys_answers(struct browse *b)
{
	/* setup queries, not timed */
	int64_t biggest = query_int(b->st, "SELECT eid FROM type_counts GROUP BY eid"
	                                   " ORDER BY sum(n) DESC, eid LIMIT 1");
	int64_t descendants = query_int(b->st, "SELECT sum(n) FROM type_counts GROUP BY eid"
	                                       " ORDER BY sum(n) DESC, eid LIMIT 1");
	char *shared = query_text(b->st, "SELECT name FROM entities GROUP BY name"
	                                 " ORDER BY count(*) DESC, name LIMIT 1");

	if (biggest)
		time_counts(b, biggest, descendants);
	if (shared)
		time_resolve(b, "key_goto_shared_name", shared);
	time_resolve(b, "key_goto_word", "practice");
	time_complete(b, "key_complete_term", "kind:");
	time_complete(b, "key_complete_type", "type:p");
	free(shared);
}
