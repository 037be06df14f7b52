/* A build's progress (build_progress.h): what the loader and the writer
 * publish, and a watcher's cancel, which leaves nothing behind. */
#define _XOPEN_SOURCE 700
#include <criterion/criterion.h>
#include <dirent.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "cache_fixture.h"
#include "helpers.h"
#include "icsview/store/build_progress.h"

TestSuite(progress, .init = cache_setup, .fini = cache_teardown);

/* Every name in dir but . and .. (0 when it does not exist). */
static size_t count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	while (d && (e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	if (d)
		closedir(d);
	return n;
}

static struct opened open_watched(const char *path, struct build_progress *progress)
{
	struct model_cache_options opts = { .dir = cache, .progress = progress };

	return open_with(path, &opts);
}

Test(progress, a_build_publishes_its_counts_and_ends_done)
{
	struct build_progress p = BUILD_PROGRESS_INIT;
	char *path = model_path("good/nested.yaml");
	struct opened o = open_watched(path, &p);
	char file[PATH_MAX];
	struct stat st;

	cr_assert_eq(o.rc, LOAD_VALID);
	cr_assert_eq(stat(path, &st), 0);
	cr_expect_eq(build_progress_phase_now(&p), BUILD_PHASE_DONE);
	cr_expect_eq(atomic_load(&p.entities), o.info.summary.entities);
	cr_expect_eq(atomic_load(&p.links), o.info.summary.links);
	cr_expect_eq(atomic_load(&p.files), 1);
	cr_expect_eq(atomic_load(&p.bytes_total), (size_t)st.st_size);
	cr_expect_eq(atomic_load(&p.bytes_read), (size_t)st.st_size);
	build_progress_file(&p, file, sizeof(file));
	cr_expect_str_eq(file, path);
	close_opened(&o);
	free(path);
}

Test(progress, a_cache_hit_builds_nothing_and_says_nothing)
{
	struct build_progress p = BUILD_PROGRESS_INIT;
	char *path = model_path("good/nested.yaml");
	struct opened first = open_model(path), second;

	cr_assert_eq(first.rc, LOAD_VALID);
	close_opened(&first);
	second = open_watched(path, &p);
	cr_assert_eq(second.rc, LOAD_VALID);
	cr_expect(second.info.hit);
	cr_expect_eq(build_progress_phase_now(&p), BUILD_PHASE_NONE);
	close_opened(&second);
	free(path);
}

/* Cancelled, a build reports no problem, falls back on no scratch
 * directory, and leaves no file in the cache directory. */
Test(progress, a_cancelled_build_leaves_nothing)
{
	struct build_progress p = BUILD_PROGRESS_INIT;
	char *path = model_path("good/nested.yaml");
	struct opened o;

	build_progress_cancel(&p);
	o = open_watched(path, &p);
	for (size_t i = 0; i < o.diags.count; i++)
		cr_log_error("%s", o.diags.items[i].message);
	cr_expect_eq(o.rc, LOAD_CANCELLED, "rc %d", o.rc);
	cr_expect_null(o.st);
	cr_expect_eq(o.diags.count, 0);
	cr_expect_not(o.info.scratch);
	cr_expect_eq(count_entries(cache), 0, "files left in the cache directory");
	close_opened(&o);
	free(path);
}

/* A model big enough that the cancel comes while it is read. */
static char *write_big_model(size_t entities)
{
	FILE *f;
	char *path = xasprintf("%s/big.yaml", work);

	f = fopen(path, "w");
	cr_assert(f);
	fputs("icsview: 1\nentities:\n  - id: root\n    kind: system\n    name: Root\n", f);
	for (size_t i = 0; i < entities; i++)
		fprintf(f, "  - id: e%zu\n    kind: organisation\n    name: Entity %zu\n"
		        "    parent: root\n    facts:\n      beds: %zu\n", i, i, i);
	cr_assert_eq(fclose(f), 0);
	set_mtime(path, time(NULL) - 3600);
	return path;
}

struct watched_build {
	const char *path;
	struct build_progress progress;
	struct opened opened;
};

static void *build_in_thread(void *arg)
{
	struct watched_build *b = arg;

	b->opened = open_watched(b->path, &b->progress);
	return NULL;
}

Test(progress, a_build_cancelled_while_reading_stops_and_leaves_nothing)
{
	struct watched_build b = { .progress = BUILD_PROGRESS_INIT };
	pthread_t thread;

	b.path = write_big_model(20000);
	cr_assert_eq(pthread_create(&thread, NULL, build_in_thread, &b), 0);
	/* the first counts published: the build is reading */
	while (atomic_load(&b.progress.entities) == 0 &&
	       build_progress_phase_now(&b.progress) != BUILD_PHASE_DONE)
		sched_yield();
	build_progress_cancel(&b.progress);
	pthread_join(thread, NULL);
	cr_expect_eq(b.opened.rc, LOAD_CANCELLED);
	cr_expect_eq(b.opened.diags.count, 0);
	cr_expect_lt(atomic_load(&b.progress.entities), 20001, "stopped before the end");
	cr_expect_eq(build_progress_phase_now(&b.progress), BUILD_PHASE_DONE);
	cr_expect_eq(count_entries(cache), 0, "files left in the cache directory");
	close_opened(&b.opened);
	free((char *)b.path);
}

Test(progress, the_estimate_extrapolates_the_bytes_read)
{
	struct build_progress p = BUILD_PROGRESS_INIT;
	struct build_progress_view v;

	atomic_store(&p.bytes_total, 1000);
	atomic_store(&p.bytes_read, 250);
	build_progress_phase(&p, BUILD_PHASE_READING);
	build_progress_snapshot(&p, 1.0, &v);
	cr_expect_eq(v.permille, 250);
	cr_expect_float_eq(v.left, 3.0, 1e-9);
	/* too early to say */
	build_progress_snapshot(&p, 0.2, &v);
	cr_expect_lt(v.left, 0);
	/* past reading: the bar is full, the rest has no estimate */
	build_progress_phase(&p, BUILD_PHASE_INDEXING);
	build_progress_snapshot(&p, 2.0, &v);
	cr_expect_eq(v.permille, 1000);
	cr_expect_lt(v.left, 0);
	cr_expect_str_eq(build_phase_name(v.phase), "indexing");
	/* a file that grew after its size was taken */
	build_progress_phase(&p, BUILD_PHASE_READING);
	atomic_store(&p.bytes_read, 1500);
	build_progress_snapshot(&p, 1.0, &v);
	cr_expect_eq(v.permille, 1000);
}

/* work/tree: `dirs` directories, each holding one YAML file. */
static char *make_tree(size_t dirs)
{
	char *top = xasprintf("%s/tree", work);

	cr_assert_eq(mkdir(top, 0700), 0);
	for (size_t i = 0; i < dirs; i++) {
		char *dir = xasprintf("%s/d%03zu", top, i), *name = xasprintf("m%03zu.yaml", i);
		char *text = xasprintf("icsview: 1\nentities:\n  - {id: e%zu, kind: system, name: E%zu}\n",
		                       i, i);

		cr_assert_eq(mkdir(dir, 0700), 0);
		free(write_file(dir, name, text));
		free(text);
		free(name);
		free(dir);
	}
	return top;
}

Test(progress, a_watched_walk_counts_what_it_finds)
{
	struct build_progress p = BUILD_PROGRESS_INIT;
	char *top = make_tree(12);
	const char *paths[] = { top };
	struct model_files files = { 0 };
	struct diag_list diags;
	struct build_progress_view view;

	diag_init(&diags, 10);
	model_files_watch(&p.walk);
	cr_expect_eq(model_files_collect(&files, paths, 1, &diags), 0);
	model_files_watch(NULL);
	cr_expect_eq(files.count, 12);
	build_progress_snapshot(&p, 0, &view);
	cr_expect_not(view.walking, "the walk has ended");
	cr_expect_eq(view.walk_files, 12);
	cr_expect_eq(view.walk_dirs, 13, "the top and its 12 directories");
	cr_expect(strncmp(view.walk_dir, top, strlen(top)) == 0, "%s", view.walk_dir);
	model_files_free(&files);
	diag_free(&diags);
	free(top);
}

Test(progress, a_cancelled_walk_stops_and_says_so)
{
	struct build_progress p = BUILD_PROGRESS_INIT;
	char *top = make_tree(5);
	const char *paths[] = { top };
	struct model_files files = { 0 };
	struct diag_list diags;
	struct opened o;

	build_progress_cancel(&p);
	cr_expect(atomic_load(&p.walk.cancel), "a build's cancel stops its walk too");
	diag_init(&diags, 10);
	model_files_watch(&p.walk);
	cr_expect_eq(model_files_collect(&files, paths, 1, &diags), 1);
	cr_expect_eq(files.count, 0);
	cr_assert_eq(diags.count, 1);
	cr_expect_str_eq(diags.items[0].message, "the walk of the model's directories was cancelled");
	/* opening the model through the cache: cancelled, nothing built */
	o = open_watched(top, &p);
	model_files_watch(NULL);
	cr_expect_eq(o.rc, LOAD_CANCELLED, "rc %d", o.rc);
	cr_expect_null(o.st);
	cr_expect_eq(count_entries(cache), 0, "files left in the cache directory");
	close_opened(&o);
	model_files_free(&files);
	diag_free(&diags);
	free(top);
}
