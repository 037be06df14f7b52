#include "icsview/cli/cli_model.h"

#include <getopt.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "icsview/cli/cli.h"
#include "icsview/base/diag.h"
#include "icsview/query/filter.h"
#include "icsview/query/resolve.h"
#include "icsview/base/limits.h"
#include "icsview/loader/loader.h"
#include "icsview/loader/model_cache.h"
#include "icsview/base/model_files.h"
#include "icsview/base/output.h"
#include "icsview/base/util.h"
#include "cli_progress.h"

static void warn_scratch(const struct model_cache_info *info)
{
	struct strbuf sb = STRBUF_INIT;

	sb_text_line(&sb, info->cache_problem);
	fprintf(stderr, "icsview: warning: cannot use the model cache (%s); "
	        "set ICSVIEW_CACHE_DIR to a writable directory\n", sb_str(&sb));
	sb_free(&sb);
}

static void warn_damaged(const struct model_cache_info *info)
{
	struct strbuf sb = STRBUF_INIT;

	sb_text_line(&sb, info->db_path);
	fprintf(stderr, "icsview: the cached model database %s is damaged: it has been removed, "
	        "and the next run builds it again\n", sb_str(&sb));
	sb_free(&sb);
}

/* The model through the cache with the default limits; its problems,
 * sorted, in diags (diag_free them). */
static enum load_result open_cached(const char *const *paths, size_t count, bool rebuild,
                                    struct build_progress *progress, struct diag_list *diags,
                                    struct cli_model *model)
{
	struct model_cache_options cache_opts = {
		.rebuild = rebuild,
		.max_age_days = MODEL_CACHE_DEFAULT_MAX_AGE_DAYS,
		.progress = progress,
	};
	struct load_limits limits;
	enum load_result rc;

	memset(model, 0, sizeof(*model));
	load_limits_default(&limits);
	cache_opts.limits = &limits;
	diag_init(diags, limits.max_errors);
	rc = model_cache_open(paths, count, &cache_opts, diags, &model->store, &model->cache);
	diag_sort(diags);
	return rc;
}

enum load_result cli_open_model_quiet(const char *const *paths, size_t count,
                                     struct build_progress *progress, struct diag_list *diags,
                                     struct cli_model *model)
{
	return open_cached(paths, count, false, progress, diags, model);
}

int cli_open_model_report(enum load_result rc, struct diag_list *diags, struct cli_model *model)
{
	if (model->cache.scratch)
		warn_scratch(&model->cache);
	diag_print(diags, stderr);
	diag_free(diags);
	if (rc == LOAD_VALID)
		return EXIT_OK;
	cli_close_model(model);
	return rc == LOAD_INVALID ? EXIT_INVALID : EXIT_IO;
}

void cli_progress_force(void)
{
	progress_line_force();
}

/* How often a command waiting for the search index says how far it is. */
#define SEARCH_POLL_NS 50000000L

/* A command runs once the search index is ready, built when it is not
 * (after a build, or when it was removed or left unfinished), with the
 * one-line progress.  Whether it is ready. */
static bool wait_for_search(struct store *st, struct build_progress *progress)
{
	struct timespec poll = { 0, SEARCH_POLL_NS };
	struct store_counts counts;

	if (store_search_ready(st))
		return true;
	/* the database was there already: the last line counts the model */
	if (atomic_load(&progress->entities) == 0 && store_count(st, &counts) == STORE_OK) {
		atomic_store(&progress->entities, (size_t)counts.entities);
		atomic_store(&progress->links, (size_t)counts.links);
	}
	build_progress_phase(progress, BUILD_PHASE_SEARCH);
	store_search_build(st);
	while (store_search_state(st) == STORE_SEARCH_BUILDING) {
		atomic_store(&progress->search_permille, store_search_permille(st));
		nanosleep(&poll, NULL);
	}
	build_progress_phase(progress, BUILD_PHASE_DONE);
	return store_search_state(st) == STORE_SEARCH_READY;
}

int cli_open_model_with(const char *const *paths, size_t count,
                        const struct cli_model_options *opts, struct cli_model *model)
{
	struct progress_line line;
	struct diag_list diags;
	enum load_result rc;
	bool search = !(opts && opts->without_search);

	progress_line_start(&line);
	line.progress.search_next = search;
	rc = open_cached(paths, count, opts && opts->rebuild, &line.progress, &diags, model);
	if (search && rc == LOAD_VALID && !wait_for_search(model->store, &line.progress) &&
	    !model->cache.scratch) {
		/* most often another process built the model again meanwhile and
		 * its database replaced the one opened: the one in place now */
		diag_free(&diags);
		cli_close_model(model);
		rc = open_cached(paths, count, false, &line.progress, &diags, model);
		if (rc == LOAD_VALID)
			wait_for_search(model->store, &line.progress);
	}
	/* cleared before anything else is printed */
	progress_line_stop(&line);
	/* what the command does without search still works */
	if (search && rc == LOAD_VALID && !store_search_ready(model->store))
		fprintf(stderr, "icsview: warning: no search index: %s\n",
		        store_search_problem(model->store) ? store_search_problem(model->store)
		                                           : "not built");
	return cli_open_model_report(rc, &diags, model);
}

int cli_open_model(const char *const *paths, size_t count, struct cli_model *model)
{
	return cli_open_model_with(paths, count, NULL, model);
}

enum cli_reopen cli_reopen_model(const char *const *paths, size_t count,
                                 struct cli_model *current, struct cli_model *fresh,
                                 char **problem)
{
	struct diag_list diags;
	/* a damaged database is removed first, so that it is built again (the
	 * interface keeps reading its open copy until it switches) */
	bool damaged = model_cache_discard_damaged(current->store, &current->cache);
	enum load_result rc = open_cached(paths, count, false, NULL, &diags, fresh);

	*problem = NULL;
	if (rc != LOAD_VALID) {
		char *first = diags.count ? diag_format(&diags.items[0]) : xstrdup("cannot load the model");
		size_t more = diag_total(&diags) > 1 ? diag_total(&diags) - 1 : 0;

		*problem = more ? xasprintf("%s (and %zu more)", first, more) : xstrdup(first);
		free(first);
		diag_free(&diags);
		cli_close_model(fresh);
		return CLI_REOPEN_FAILED;
	}
	diag_free(&diags);
	if (damaged)
		return CLI_REOPEN_REBUILT;
	if (fresh->cache.hit && current->cache.db_path && fresh->cache.db_path &&
	    strcmp(fresh->cache.db_path, current->cache.db_path) == 0) {
		cli_close_model(fresh);
		return CLI_REOPEN_UNCHANGED;
	}
	return CLI_REOPEN_CHANGED;
}

void cli_discard_damaged(struct cli_model *model)
{
	if (model_cache_discard_damaged(model->store, &model->cache))
		warn_damaged(&model->cache);
}

void cli_close_model(struct cli_model *model)
{
	model_cache_close(model->store, &model->cache);
	memset(model, 0, sizeof(*model));
}

static void print_candidates(const char *text, const struct resolve_result *r)
{
	struct strbuf sb = STRBUF_INIT;
	size_t total = r->total > r->count ? r->total : r->count;

	sb_text_line(&sb, text);
	fprintf(stderr, "icsview: '%s' is ambiguous: %s%zu entities match\n", sb_str(&sb),
	        r->more ? "more than " : "", total);
	for (size_t i = 0; i < r->count; i++) {
		const struct resolve_candidate *c = &r->items[i];

		sb_reset(&sb);
		sb_text_line(&sb, c->id);
		sb_putc(&sb, '\t');
		sb_text_line(&sb, c->kind);
		sb_putc(&sb, '\t');
		sb_text_line(&sb, c->name);
		fprintf(stderr, "%s\n", sb_str(&sb));
	}
	if (total > r->count)
		fprintf(stderr, "icsview: ... and %zu more\n", total - r->count);
	sb_free(&sb);
}

static void print_not_found(const char *text)
{
	struct strbuf sb = STRBUF_INIT;

	sb_text_line(&sb, text);
	fprintf(stderr, "icsview: no entity matches '%s'\n", sb_str(&sb));
	sb_free(&sb);
}

static int store_failed(struct store *st)
{
	fprintf(stderr, "icsview: cannot read the model: %s\n", store_errmsg(st));
	return EXIT_IO;
}

int cli_find_entity(struct store *st, const char *text, struct entity *out)
{
	struct resolve_options options = { .limit = CLI_MAX_CANDIDATES };
	struct resolve_result r = { 0 };
	int rc;

	memset(out, 0, sizeof(*out));
	switch (resolve_text(st, text, &options, &r)) {
	case RESOLVE_ONE:
		rc = store_entity(st, r.items[0].eid, out) == STORE_OK ? EXIT_OK : store_failed(st);
		break;
	case RESOLVE_SEVERAL:
		print_candidates(text, &r);
		rc = EXIT_AMBIGUOUS;
		break;
	case RESOLVE_NONE:
		print_not_found(text);
		rc = EXIT_INVALID;
		break;
	default:
		rc = store_failed(st);
		break;
	}
	resolve_result_clear(&r);
	return rc;
}

int cli_apply_filter(struct store *st, const char *command, const char *text)
{
	struct filter_error error;
	struct filter_result result;
	struct filter *f = filter_parse(text, &error);
	int rc;

	if (!f) {
		fprintf(stderr, "icsview: %s: filter: %s (at column %zu)\n", command, error.message,
		        error.position + 1);
		return EXIT_USAGE;
	}
	rc = filter_apply(st, f, &result);
	filter_free(f);
	if (rc == FILTER_OK)
		return EXIT_OK;
	fprintf(stderr, "icsview: %s: filter: %s (at column %zu)\n", command, result.error.message,
	        result.error.position + 1);
	return rc == FILTER_INVALID ? EXIT_USAGE : EXIT_IO;
}

void cli_paths_add(struct cli_paths *paths, const char *path)
{
	GROW(paths->items, paths->cap, paths->count + 1);
	paths->items[paths->count++] = path;
}

void cli_paths_free(struct cli_paths *paths)
{
	free(paths->items);
	memset(paths, 0, sizeof(*paths));
}

int cli_run_on_model(const struct cli_paths *paths, const struct cli_model_options *model_opts,
                     cli_model_fn fn, const void *options)
{
	static const struct cli_model_options defaults = { 0 };
	struct cli_model model = { 0 };
	int rc;

	out_ignore_sigpipe();
	rc = cli_open_model_with(paths->items, paths->count, model_opts ? model_opts : &defaults,
	                         &model);
	if (rc == EXIT_OK)
		rc = fn(model.store, options);
	if (rc == EXIT_IO)
		cli_discard_damaged(&model);
	cli_close_model(&model);
	return rc;
}
