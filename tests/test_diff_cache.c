/* The diff cache (loader/diff_cache.h) under diff_run's keeper (diff.h),
 * on models opened through the model cache in a directory of the test's
 * own (cache_fixture.h): a second comparison reads what the first kept
 * and gives the same result, filtered or not; a model changed or rebuilt
 * makes another; a file cut short, damaged, planted as a link or writable
 * by others is not read; old comparisons go with their databases, and
 * a killed writer's temporary after it.  And
 * the bytes themselves (diff_encode, diff_decode): read back exactly, and
 * refused when cut or damaged. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "cache_fixture.h"
#include "helpers.h"
#include "icsview/base/util.h"
#include "icsview/loader/diff_cache.h"
#include "icsview/query/diff.h"
#include "icsview/query/filter.h"

TestSuite(diff_cache, .init = cache_setup, .fini = cache_teardown);
TestSuite(diff_kept);

/* A keeper that counts what the diff cache gave and took. */
struct counting {
	struct diff_cache *cache;
	int hits, misses, writes;
};

static char *counted_read(void *ctx, size_t *size)
{
	struct counting *c = ctx;
	char *bytes = diff_cache_read(c->cache, size);

	if (bytes)
		c->hits++;
	else
		c->misses++;
	return bytes;
}

static void counted_write(void *ctx, const char *bytes, size_t size)
{
	struct counting *c = ctx;

	c->writes++;
	diff_cache_write(c->cache, bytes, size);
}

struct models {
	struct opened old_m, new_m;
};

static struct models open_models(const char *old_path, const char *new_path)
{
	struct models m = { open_model(old_path), open_model(new_path) };

	cr_assert_eq(m.old_m.rc, LOAD_VALID);
	cr_assert_eq(m.new_m.rc, LOAD_VALID);
	return m;
}

static void close_models(struct models *m)
{
	close_opened(&m->old_m);
	close_opened(&m->new_m);
}

/* The result as bytes, to compare two results whole. */
static char *encoded(const struct diff_result *r, size_t *size)
{
	struct strbuf sb = STRBUF_INIT;

	diff_encode(r, &sb);
	*size = sb.len;
	return sb_detach(&sb);
}

static void expect_same_result(const struct diff_result *a, const struct diff_result *b)
{
	size_t na, nb;
	char *x = encoded(a, &na), *y = encoded(b, &nb);

	cr_expect_eq(a->count, b->count);
	for (int k = 0; k < DIFF_KIND_COUNT; k++)
		cr_expect_eq(a->counts[k], b->counts[k], "%s", diff_kind_name((enum diff_kind)k));
	cr_expect(na == nb && memcmp(x, y, na) == 0, "the results differ");
	free(x);
	free(y);
}

/* diff_run through the diff cache of the two models, counted. */
static struct counting run_kept(struct models *m, const char *filter_text,
                                struct diff_result *out)
{
	struct counting c = { .cache = diff_cache_open(m->old_m.st, m->new_m.st) };
	struct diff_keeper keeper = { counted_read, counted_write, &c };
	struct filter_error error;
	struct filter *f = filter_text ? filter_parse(filter_text, &error) : NULL;
	struct diff_options opts = { .filter = f, .keeper = &keeper };

	cr_assert_not_null(c.cache, "no diff cache for two cached models");
	cr_assert(!filter_text || f);
	cr_assert_eq(diff_run(m->old_m.st, m->new_m.st, &opts, out), DIFF_OK, "%s",
	             out->error ? out->error : "");
	diff_cache_close(c.cache);
	filter_free(f);
	return c;
}

/* diff_run on the models themselves. */
static void run_fresh(struct models *m, const char *filter_text, struct diff_result *out)
{
	struct filter_error error;
	struct filter *f = filter_text ? filter_parse(filter_text, &error) : NULL;
	struct diff_options opts = { .filter = f };

	cr_assert_eq(diff_run(m->old_m.st, m->new_m.st, &opts, out), DIFF_OK);
	filter_free(f);
}

/* The one comparison the cache directory holds; caller frees. */
static char *kept_path(void)
{
	char *listing = list_dir(cache), *line = listing, *found = NULL;

	while (*line) {
		size_t n = strcspn(line, "\n");

		if (strncmp(line, "diff-", 5) == 0) {
			cr_assert_null(found, "two comparisons kept: %s", listing);
			found = xasprintf("%s/%.*s", cache, (int)n, line);
		}
		line += n + (line[n] == '\n');
	}
	cr_assert_not_null(found, "no comparison kept: %s", listing);
	free(listing);
	return found;
}

static size_t kept_count(void)
{
	char *listing = list_dir(cache);
	size_t n = 0;

	for (const char *p = listing; (p = strstr(p, "diff-")); p++)
		n++;
	free(listing);
	return n;
}

Test(diff_cache, a_second_comparison_reads_the_first_and_is_the_same)
{
	char *old_path = model_path("diff-old/model.yaml");
	char *new_path = model_path("diff-mixed/model.yaml");
	struct models m = open_models(old_path, new_path);
	struct diff_result fresh, first, second;
	struct counting c;
	char *path;
	struct stat st;

	run_fresh(&m, NULL, &fresh);
	c = run_kept(&m, NULL, &first);
	cr_expect_eq(c.misses, 1);
	cr_expect_eq(c.writes, 1);
	path = kept_path();
	cr_assert_eq(lstat(path, &st), 0);
	cr_expect(S_ISREG(st.st_mode));
	cr_expect_eq(st.st_mode & 0777, 0600, "mode %o", (unsigned)(st.st_mode & 0777));
	c = run_kept(&m, NULL, &second);
	cr_expect_eq(c.hits, 1, "the second comparison did not read the first");
	cr_expect_eq(c.writes, 0);
	cr_expect_eq(fresh.count, 15);
	expect_same_result(&fresh, &first);
	expect_same_result(&fresh, &second);
	diff_result_clear(&fresh);
	diff_result_clear(&first);
	diff_result_clear(&second);
	free(path);
	close_models(&m);
	free(old_path);
	free(new_path);
}

Test(diff_cache, every_filter_selects_from_the_one_kept_as_from_the_models)
{
	static const char *const filters[] = {
		"kind:service", "id:doc-a", "kind:organisation", "type:\"GP practice\"",
		"kind:place OR kind:partnership", "member_of:pcn-1",
		"kind:organisation -type:\"GP practice\"", "-kind:service",
	};
	char *old_path = model_path("diff-old/model.yaml");
	char *new_path = model_path("diff-mixed/model.yaml");
	struct models m = open_models(old_path, new_path);
	struct diff_result all;

	run_kept(&m, NULL, &all);
	diff_result_clear(&all);
	for (size_t i = 0; i < sizeof(filters) / sizeof(filters[0]); i++) {
		struct diff_result fresh, kept;
		struct filter_error error;
		struct filter *f = filter_parse(filters[i], &error);
		struct counting c;

		cr_assert_not_null(f, "%s: %s", filters[i], error.message);
		filter_free(f);
		run_fresh(&m, filters[i], &fresh);
		c = run_kept(&m, filters[i], &kept);
		cr_expect_eq(c.hits, 1, "%s: not from the diff cache", filters[i]);
		cr_expect_eq(c.writes, 0, "%s", filters[i]);
		cr_expect_lt(kept.count, 15, "%s selected nothing out", filters[i]);
		expect_same_result(&fresh, &kept);
		diff_result_clear(&fresh);
		diff_result_clear(&kept);
	}
	cr_expect_eq(kept_count(), 1);
	close_models(&m);
	free(old_path);
	free(new_path);
}

Test(diff_cache, a_filter_fitting_neither_model_is_refused_as_without)
{
	char *old_path = model_path("diff-old/model.yaml");
	char *new_path = model_path("diff-mixed/model.yaml");
	struct models m = open_models(old_path, new_path);
	struct diff_cache *dc = diff_cache_open(m.old_m.st, m.new_m.st);
	struct diff_keeper keeper = { diff_cache_read, diff_cache_write, dc };
	struct filter_error error;
	struct filter *f = filter_parse("kind:nosuch", &error);
	struct diff_options opts = { .filter = f, .keeper = &keeper };
	struct diff_result r;

	cr_assert_not_null(f);
	cr_expect_eq(diff_run(m.old_m.st, m.new_m.st, &opts, &r), DIFF_BAD_FILTER);
	cr_expect_not_null(r.error);
	diff_result_clear(&r);
	filter_free(f);
	diff_cache_close(dc);
	close_models(&m);
	free(old_path);
	free(new_path);
}

/* Two one-entity models, a.yaml ("Alpha") and b.yaml (`name`). */
static struct models open_pair(const char *name, char **a, char **b)
{
	*a = write_model_aged("a.yaml", "Alpha", 3600);
	*b = write_model_aged("b.yaml", name, 3600);
	return open_models(*a, *b);
}

static const char *renamed_to(const struct diff_result *r)
{
	cr_assert_eq(r->count, 1);
	cr_assert_eq(r->items[0].kind, DIFF_RENAMED);
	return r->items[0].after.name;
}

Test(diff_cache, a_changed_model_is_compared_again)
{
	char *a, *b;
	struct models m = open_pair("Beta", &a, &b);
	struct diff_result r;
	struct counting c;

	run_kept(&m, NULL, &r);
	cr_expect_str_eq(renamed_to(&r), "Beta");
	diff_result_clear(&r);
	close_models(&m);
	free(a);
	free(b);
	/* the new model changed: another key, another comparison */
	m = open_pair("Gamma", &a, &b);
	c = run_kept(&m, NULL, &r);
	cr_expect_eq(c.hits, 0, "a changed model read the old comparison");
	cr_expect_str_eq(renamed_to(&r), "Gamma");
	diff_result_clear(&r);
	close_models(&m);
	/* and the old one */
	free(a);
	a = write_model_aged("a.yaml", "Gamma", 7200);
	m = open_models(a, b);
	c = run_kept(&m, NULL, &r);
	cr_expect_eq(c.hits, 0, "a changed model read the old comparison");
	cr_expect_eq(r.count, 0);
	diff_result_clear(&r);
	close_models(&m);
	free(a);
	free(b);
}

Test(diff_cache, a_database_rebuilt_from_the_same_files_is_compared_again)
{
	char *a, *b;
	struct models m = open_pair("Beta", &a, &b);
	struct model_cache_options rebuild = { .dir = cache, .rebuild = true };
	struct diff_result r;
	struct counting c;

	run_kept(&m, NULL, &r);
	diff_result_clear(&r);
	close_opened(&m.new_m);
	/* the same key, another build: the kept comparison's eids are not its */
	m.new_m = open_with(b, &rebuild);
	cr_assert_eq(m.new_m.rc, LOAD_VALID);
	c = run_kept(&m, NULL, &r);
	cr_expect_eq(c.hits, 0, "a rebuilt database read the comparison of the one before");
	cr_expect_eq(c.writes, 1);
	cr_expect_str_eq(renamed_to(&r), "Beta");
	diff_result_clear(&r);
	cr_expect_eq(kept_count(), 1, "the comparison was not replaced");
	close_models(&m);
	free(a);
	free(b);
}

/* Writes bytes over the kept comparison (its mode kept: 0600). */
static void overwrite(const char *path, const char *bytes, size_t size)
{
	FILE *f = fopen(path, "wb");

	cr_assert_not_null(f);
	cr_assert_eq(fwrite(bytes, 1, size, f), size);
	cr_assert_eq(fclose(f), 0);
}

/* Damages the kept comparison with `damage`, then expects the next run to
 * ignore it, give the same result and keep a sound one again. */
static void expect_damage_ignored(void (*damage)(const char *path, char *bytes, size_t size),
                                  const char *what)
{
	char *old_path = model_path("diff-old/model.yaml");
	char *new_path = model_path("diff-mixed/model.yaml");
	struct models m = open_models(old_path, new_path);
	struct diff_result fresh, r;
	struct counting c;
	size_t size;
	char *path, *bytes, *again;

	run_fresh(&m, NULL, &fresh);
	run_kept(&m, NULL, &r);
	diff_result_clear(&r);
	path = kept_path();
	bytes = slurp_bytes(path, &size);
	damage(path, bytes, size);
	c = run_kept(&m, NULL, &r);
	cr_expect_eq(c.hits, 0, "%s: read", what);
	cr_expect_eq(c.writes, 1, "%s: not kept again", what);
	expect_same_result(&fresh, &r);
	diff_result_clear(&r);
	again = slurp_bytes(path, &size);
	c = run_kept(&m, NULL, &r);
	cr_expect_eq(c.hits, 1, "%s: the one kept again is not read", what);
	expect_same_result(&fresh, &r);
	diff_result_clear(&r);
	diff_result_clear(&fresh);
	free(again);
	free(bytes);
	free(path);
	close_models(&m);
	free(old_path);
	free(new_path);
}

static void cut_in_half(const char *path, char *bytes, size_t size)
{
	overwrite(path, bytes, size / 2);
}

static void cut_by_one(const char *path, char *bytes, size_t size)
{
	overwrite(path, bytes, size - 1);
}

static void flip_a_payload_byte(const char *path, char *bytes, size_t size)
{
	bytes[size - size / 4] ^= 0x20;
	overwrite(path, bytes, size);
}

static void flip_a_header_byte(const char *path, char *bytes, size_t size)
{
	bytes[strlen("icsview diff cache\n") + 2] ^= 0x01;
	overwrite(path, bytes, size);
}

static void one_byte_more(const char *path, char *bytes, size_t size)
{
	char *longer = xmalloc(size + 1);

	memcpy(longer, bytes, size);
	longer[size] = '\0';
	overwrite(path, longer, size + 1);
	free(longer);
}

static void emptied(const char *path, char *bytes, size_t size)
{
	(void)bytes;
	(void)size;
	overwrite(path, "", 0);
}

Test(diff_cache, a_comparison_cut_short_is_ignored_and_made_again)
{
	expect_damage_ignored(cut_in_half, "cut in half");
	expect_damage_ignored(cut_by_one, "cut by one byte");
	expect_damage_ignored(emptied, "emptied");
}

Test(diff_cache, a_damaged_comparison_is_ignored_and_made_again)
{
	expect_damage_ignored(flip_a_payload_byte, "a byte changed");
	expect_damage_ignored(flip_a_header_byte, "a key changed");
	expect_damage_ignored(one_byte_more, "a byte added");
}

static void made_writable_by_others(const char *path, char *bytes, size_t size)
{
	(void)bytes;
	(void)size;
	cr_assert_eq(chmod(path, 0622), 0);
}

Test(diff_cache, a_comparison_others_may_write_is_not_read)
{
	expect_damage_ignored(made_writable_by_others, "writable by others");
}

Test(diff_cache, a_link_planted_at_its_name_is_not_followed)
{
	char *old_path = model_path("diff-old/model.yaml");
	char *new_path = model_path("diff-mixed/model.yaml");
	struct models m = open_models(old_path, new_path);
	char *target = xasprintf("%s/elsewhere", work), *path, *bytes, *after;
	struct diff_result r;
	struct counting c;
	size_t size, after_size;
	struct stat st;

	run_kept(&m, NULL, &r);
	diff_result_clear(&r);
	path = kept_path();
	/* a sound comparison, moved away and linked to: never read through
	 * the link, and never written through it */
	cr_assert_eq(rename(path, target), 0);
	cr_assert_eq(symlink(target, path), 0);
	bytes = slurp_bytes(target, &size);
	c = run_kept(&m, NULL, &r);
	cr_expect_eq(c.hits, 0, "read through a planted link");
	cr_expect_eq(r.count, 15);
	diff_result_clear(&r);
	cr_assert_eq(lstat(path, &st), 0);
	cr_expect(S_ISREG(st.st_mode), "the link was not replaced by a file");
	after = slurp_bytes(target, &after_size);
	cr_expect(after_size == size && memcmp(after, bytes, size) == 0,
	          "the link's target was written");
	c = run_kept(&m, NULL, &r);
	cr_expect_eq(c.hits, 1);
	diff_result_clear(&r);
	free(after);
	free(bytes);
	free(path);
	free(target);
	close_models(&m);
	free(old_path);
	free(new_path);
}

Test(diff_cache, a_directory_others_may_write_keeps_nothing)
{
	char *old_path = model_path("diff-old/model.yaml");
	char *new_path = model_path("diff-mixed/model.yaml");
	struct models m = open_models(old_path, new_path);

	cr_assert_eq(chmod(cache, 0770), 0);
	cr_expect_null(diff_cache_open(m.old_m.st, m.new_m.st));
	cr_assert_eq(chmod(cache, 0700), 0);
	close_models(&m);
	free(old_path);
	free(new_path);
}

Test(diff_cache, a_scratch_build_keeps_nothing)
{
	char *dir = scratch_dir();
	const char *old_rel[] = { "diff-old/model.yaml" }, *new_rel[] = { "diff-mixed/model.yaml" };
	struct store *old_st = load_valid(dir, old_rel, 1);
	char *dir2 = scratch_dir();
	struct store *new_st = load_valid(dir2, new_rel, 1);

	cr_expect_null(diff_cache_open(old_st, new_st));
	unload_model(old_st, dir);
	unload_model(new_st, dir2);
}

/* Opens as the commands do: old databases removed after a build. */
static struct model_cache_options tidying_options(void)
{
	return (struct model_cache_options){ .dir = cache,
	                                     .max_age_days = MODEL_CACHE_DEFAULT_MAX_AGE_DAYS };
}

Test(diff_cache, comparisons_go_with_their_databases)
{
	char *a, *b, *path, *db, *other;
	struct models m = open_pair("Beta", &a, &b);
	struct model_cache_options tidying = tidying_options();
	struct diff_result r;
	struct opened o;

	run_kept(&m, NULL, &r);
	diff_result_clear(&r);
	path = kept_path();
	db = xstrdup(m.old_m.info.db_path);
	close_models(&m);
	/* a database removed (as old, or damaged): its comparisons go at the
	 * next build's tidying */
	cr_assert_eq(unlink(db), 0);
	other = write_model_aged("c.yaml", "Other", 3600);
	o = open_with(other, &tidying);
	cr_assert_eq(o.rc, LOAD_VALID);
	cr_expect(!o.info.hit);
	close_opened(&o);
	cr_expect(!exists(path), "a comparison outlived its database");
	free(path);
	free(db);
	free(other);
	free(a);
	free(b);
}

Test(diff_cache, comparisons_as_old_as_old_databases_go)
{
	char *a, *b, *path, *other;
	struct models m = open_pair("Beta", &a, &b);
	struct model_cache_options tidying = tidying_options();
	struct diff_result r;
	struct opened o;

	run_kept(&m, NULL, &r);
	diff_result_clear(&r);
	close_models(&m);
	path = kept_path();
	set_mtime(path, time(NULL) - (MODEL_CACHE_DEFAULT_MAX_AGE_DAYS + 1) * 86400);
	other = write_model_aged("c.yaml", "Other", 3600);
	o = open_with(other, &tidying);
	cr_assert_eq(o.rc, LOAD_VALID);
	close_opened(&o);
	cr_expect(!exists(path), "an old comparison was kept");
	free(path);
	free(other);
	free(a);
	free(b);
}

/* ---- the bytes ---------------------------------------------------------------- */

static void fresh_mixed(struct diff_result *r, char **dirs)
{
	const char *old_rel[] = { "diff-old/model.yaml" }, *new_rel[] = { "diff-mixed/model.yaml" };
	struct store *old_st, *new_st;

	dirs[0] = scratch_dir();
	dirs[1] = scratch_dir();
	old_st = load_valid(dirs[0], old_rel, 1);
	new_st = load_valid(dirs[1], new_rel, 1);
	cr_assert_eq(diff_run(old_st, new_st, NULL, r), DIFF_OK);
	unload_model(old_st, dirs[0]);
	unload_model(new_st, dirs[1]);
}

Test(diff_kept, bytes_read_back_are_the_result)
{
	struct diff_result r, back;
	char *dirs[2], *bytes, *again;
	size_t size, again_size;

	fresh_mixed(&r, dirs);
	bytes = encoded(&r, &size);
	cr_assert_eq(diff_decode(bytes, size, &back), 0);
	expect_same_result(&r, &back);
	again = encoded(&back, &again_size);
	cr_expect(again_size == size && memcmp(again, bytes, size) == 0);
	/* a field read back as it was, including one that is NULL */
	for (size_t i = 0; i < r.count; i++) {
		cr_expect_eq(back.items[i].kind, r.items[i].kind);
		cr_expect_eq(back.items[i].before.eid, r.items[i].before.eid);
		cr_expect_eq(back.items[i].after.eid, r.items[i].after.eid);
		cr_expect_eq(!back.items[i].after.type, !r.items[i].after.type);
	}
	diff_result_clear(&back);
	diff_result_clear(&r);
	free(bytes);
	free(again);
}

/* Whether p lies in the n bytes from start. */
static bool within(const void *p, const void *start, size_t n)
{
	return p && (const char *)p >= (const char *)start && (const char *)p < (const char *)start + n;
}

Test(diff_kept, read_back_with_its_texts_in_a_copy_of_the_bytes)
{
	struct diff_result r, back;
	char *dirs[2], *bytes, *again;
	size_t size, again_size;

	fresh_mixed(&r, dirs);
	bytes = encoded(&r, &size);
	cr_assert_eq(diff_decode(bytes, size, &back), 0);
	cr_expect(back.block != NULL && back.bytes != NULL, "the arrays in a block, the texts in "
	          "the bytes");
	for (size_t i = 0; i < back.count; i++) {
		const struct diff_side *s = back.items[i].after.eid ? &back.items[i].after
		                                                    : &back.items[i].before;

		cr_expect(within(s->name, back.bytes, size), "a text is in the result's bytes");
		cr_expect(!within(s->name, bytes, size), "not in the caller's");
	}
	/* nothing read back points into the caller's bytes: they may go first */
	memset(bytes, 0, size);
	free(bytes);
	expect_same_result(&r, &back);
	again = encoded(&back, &again_size);
	bytes = encoded(&r, &size);
	cr_expect(again_size == size && memcmp(again, bytes, size) == 0);
	diff_result_clear(&back);
	cr_expect_null(back.block);
	cr_expect_null(back.bytes);
	cr_expect_eq(back.count, 0);
	diff_result_clear(&r);
	free(bytes);
	free(again);
}

Test(diff_kept, bytes_taken_hold_the_texts_read)
{
	struct diff_result r, back;
	char *dirs[2], *bytes, *taken;
	size_t size;

	fresh_mixed(&r, dirs);
	bytes = encoded(&r, &size);
	taken = xmalloc(size);
	memcpy(taken, bytes, size);
	cr_assert_eq(diff_decode_taking(taken, size, &back), 0);
	cr_expect_eq(back.bytes, taken);
	for (size_t i = 0; i < back.count; i++)
		cr_expect(within(back.items[i].before.eid ? back.items[i].before.id
		                                          : back.items[i].after.id, taken, size));
	expect_same_result(&r, &back);
	diff_result_clear(&back);
	/* refused, they are freed (the sanitizer's leak check sees to it) */
	for (size_t n = 0; n < size; n++) {
		taken = xmalloc(size);
		memcpy(taken, bytes, size);
		cr_expect_eq(diff_decode_taking(taken, n, &back), -1, "cut to %zu of %zu bytes", n,
		             size);
		cr_expect_null(back.bytes);
		cr_expect_eq(back.count, 0);
	}
	diff_result_clear(&r);
	free(bytes);
}

Test(diff_kept, every_cut_and_a_byte_more_are_refused)
{
	struct diff_result r, back;
	char *dirs[2], *bytes, *longer;
	size_t size;

	fresh_mixed(&r, dirs);
	bytes = encoded(&r, &size);
	for (size_t n = 0; n < size; n++) {
		cr_expect_eq(diff_decode(bytes, n, &back), -1, "cut to %zu of %zu bytes: read", n, size);
		cr_expect_eq(back.count, 0);
	}
	longer = xmalloc(size + 1);
	memcpy(longer, bytes, size);
	longer[size] = 0;
	cr_expect_eq(diff_decode(longer, size + 1, &back), -1);
	free(longer);
	diff_result_clear(&r);
	free(bytes);
}

Test(diff_kept, another_version_is_refused)
{
	struct diff_result r, back;
	char *dirs[2], *bytes;
	size_t size;

	fresh_mixed(&r, dirs);
	bytes = encoded(&r, &size);
	cr_assert_eq((unsigned char)bytes[0], DIFF_KEPT_VERSION);
	bytes[0] = DIFF_KEPT_VERSION + 1;
	cr_expect_eq(diff_decode(bytes, size, &back), -1);
	diff_result_clear(&r);
	free(bytes);
}

Test(diff_kept, changes_out_of_order_or_with_a_side_missing_are_refused)
{
	struct diff_result r, back;
	char *dirs[2], *bytes;
	size_t size;
	struct diff_change swap;
	int64_t eid;

	fresh_mixed(&r, dirs);
	/* the groups out of enum diff_kind's order */
	swap = r.items[0];
	r.items[0] = r.items[r.count - 1];
	r.items[r.count - 1] = swap;
	bytes = encoded(&r, &size);
	cr_expect_eq(diff_decode(bytes, size, &back), -1, "out of order: read");
	free(bytes);
	r.items[r.count - 1] = r.items[0];
	r.items[0] = swap;
	/* an added entity said to be in the old model */
	cr_assert_eq(r.items[0].kind, DIFF_ADDED);
	eid = r.items[0].before.eid;
	r.items[0].before.eid = r.items[0].after.eid;
	bytes = encoded(&r, &size);
	cr_expect_eq(diff_decode(bytes, size, &back), -1, "an added entity in the old model: read");
	free(bytes);
	r.items[0].before.eid = eid;
	diff_result_clear(&r);
}

/* A writer killed (SIGKILL) while it wrote a comparison leaves its
 * temporary; the next process to use the cache removes it once its
 * process is gone, as it does a database's. */
Test(diff_cache, a_killed_writers_temporary_is_removed)
{
	char *model = write_model("Alpha"), *dead, *live, *listing;
	pid_t gone = fork();
	int status;
	struct opened o;

	cr_assert_neq(gone, -1);
	if (gone == 0)
		_exit(0);
	cr_assert_eq(waitpid(gone, &status, 0), gone);
	cr_assert_eq(mkdir(cache, 0700), 0);
	dead = xasprintf("diff-0123456789abcdef-0123456789abcdee.cache.tmp-%ld", (long)gone);
	live = xasprintf("diff-0123456789abcdef-0123456789abcded.cache.tmp-%ld", (long)getppid());
	{
		const char *left[] = { dead, live };

		for (size_t i = 0; i < sizeof(left) / sizeof(left[0]); i++) {
			char *path = write_file(cache, left[i], "left\n");

			set_mtime(path, time(NULL) - 3600);
			free(path);
		}
	}
	o = open_model(model);
	cr_assert_eq(o.rc, LOAD_VALID);
	close_opened(&o);
	listing = list_dir(cache);
	cr_expect(strstr(listing, dead) == NULL, "%s was left", dead);
	cr_expect(strstr(listing, live) != NULL, "%s, a live process's, was removed", live);
	free(listing);
	free(dead);
	free(live);
	free(model);
}

/* Bytes damaged at random (a fixed sequence, the same every run): each is
 * refused or read as a result that is whole (it encodes and reads back
 * the same, its counts add up); under the sanitizers nothing is read out
 * of bounds or leaked either way. */
Test(diff_kept, bytes_damaged_at_random_are_refused_or_read_whole)
{
	enum { TRIES = 2000, MAX_FLIPS = 4 };
	struct diff_result r;
	char *dirs[2], *bytes, *damaged;
	size_t size;
	unsigned seed = 1;
	int read_back = 0;

	fresh_mixed(&r, dirs);
	bytes = encoded(&r, &size);
	damaged = xmalloc(size);
	for (int t = 0; t < TRIES; t++) {
		struct diff_result back;
		int flips = 1 + rand_r(&seed) % MAX_FLIPS;
		size_t total = 0;

		memcpy(damaged, bytes, size);
		for (int f = 0; f < flips; f++)
			damaged[(size_t)rand_r(&seed) % size] = (char)(rand_r(&seed) & 0xff);
		if (diff_decode(damaged, size, &back) != 0) {
			cr_expect_eq(back.count, 0);
			continue;
		}
		read_back++;
		for (int k = 0; k < DIFF_KIND_COUNT; k++)
			total += back.counts[k];
		cr_expect_eq(total, back.count);
		{
			size_t again_size;
			char *again = encoded(&back, &again_size);
			struct diff_result twice;

			cr_expect_eq(diff_decode(again, again_size, &twice), 0);
			expect_same_result(&back, &twice);
			diff_result_clear(&twice);
			free(again);
		}
		diff_result_clear(&back);
	}
	cr_log_info("%d of %d damaged read back", read_back, TRIES);
	free(damaged);
	free(bytes);
	diff_result_clear(&r);
}
