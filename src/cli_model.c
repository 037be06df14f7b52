#include "icsview/cli_model.h"

#include <dirent.h>
#include <getopt.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "icsview/cli.h"
#include "icsview/diag.h"
#include "icsview/limits.h"
#include "icsview/loader.h"
#include "icsview/model_files.h"
#include "icsview/output.h"
#include "icsview/util.h"

static char *make_scratch_dir(void)
{
	const char *tmp = getenv("TMPDIR");
	char *dir = xasprintf("%s/icsview-XXXXXX", tmp && *tmp ? tmp : "/tmp");

	if (mkdtemp(dir))
		return dir;
	fprintf(stderr, "icsview: cannot create a scratch directory %s: %s\n", dir, strerror(errno));
	free(dir);
	return NULL;
}

/* The scratch directory holds only what the loader and SQLite put there. */
static void remove_scratch_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *entry;

	if (!d)
		return;
	while ((entry = readdir(d)) != NULL) {
		char *path;

		if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0)
			continue;
		path = xasprintf("%s/%s", dir, entry->d_name);
		unlink(path);
		free(path);
	}
	closedir(d);
	rmdir(dir);
}

static int load_into(const char *const *paths, size_t count, const char *db_path)
{
	const char *default_path[1] = { model_default_path() };
	struct load_limits limits;
	struct diag_list diags;
	enum load_result rc;

	if (count == 0) {
		paths = default_path;
		count = 1;
	}
	load_limits_default(&limits);
	diag_init(&diags, limits.max_errors);
	rc = model_load(paths, count, db_path, &limits, &diags, NULL);
	diag_sort(&diags);
	diag_print(&diags, stderr);
	diag_free(&diags);
	if (rc == LOAD_FAILED)
		return EXIT_IO;
	return rc == LOAD_INVALID ? EXIT_INVALID : EXIT_OK;
}

int cli_open_model(const char *const *paths, size_t count, struct cli_model *model)
{
	char *error = NULL;
	int rc;

	memset(model, 0, sizeof(*model));
	model->dir = make_scratch_dir();
	if (!model->dir)
		return EXIT_IO;
	model->db_path = xasprintf("%s/model.db", model->dir);
	rc = load_into(paths, count, model->db_path);
	if (rc != EXIT_OK) {
		cli_close_model(model);
		return rc;
	}
	model->store = store_open(model->db_path, &error);
	if (!model->store) {
		fprintf(stderr, "icsview: %s\n", error);
		free(error);
		cli_close_model(model);
		return EXIT_IO;
	}
	return EXIT_OK;
}

void cli_close_model(struct cli_model *model)
{
	store_close(model->store);
	if (model->dir)
		remove_scratch_dir(model->dir);
	free(model->dir);
	free(model->db_path);
	memset(model, 0, sizeof(*model));
}

static void print_candidates(const char *text, const struct match_list *matches)
{
	struct strbuf sb = STRBUF_INIT;

	sb_text_line(&sb, text);
	fprintf(stderr, "icsview: '%s' is ambiguous: %zu entities match\n", sb_str(&sb),
	        matches->total);
	for (size_t i = 0; i < matches->count; i++) {
		const struct entity_match *m = &matches->items[i];

		sb_reset(&sb);
		sb_text_line(&sb, m->id);
		sb_putc(&sb, '\t');
		sb_text_line(&sb, m->kind);
		sb_putc(&sb, '\t');
		sb_text_line(&sb, m->name);
		fprintf(stderr, "%s\n", sb_str(&sb));
	}
	if (matches->total > matches->count)
		fprintf(stderr, "icsview: ... and %zu more\n", matches->total - matches->count);
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

static int found(struct store *st, const char *text, const struct match_list *matches,
                 struct entity *out)
{
	if (matches->total > 1) {
		print_candidates(text, matches);
		return EXIT_AMBIGUOUS;
	}
	if (store_entity(st, matches->items[0].eid, out) != STORE_OK)
		return store_failed(st);
	return EXIT_OK;
}

int cli_find_entity(struct store *st, const char *text, struct entity *out)
{
	struct match_list matches = { 0 };
	int rc;

	memset(out, 0, sizeof(*out));
	switch (store_lookup(st, text, CLI_MAX_CANDIDATES, &matches)) {
	case STORE_OK:
		rc = found(st, text, &matches, out);
		break;
	case STORE_NOT_FOUND:
		print_not_found(text);
		rc = EXIT_INVALID;
		break;
	default:
		rc = store_failed(st);
		break;
	}
	match_list_clear(&matches);
	return rc;
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

int cli_option_error(const char *command, int opt, char *const *argv)
{
	struct strbuf sb = STRBUF_INIT;
	const char *arg = argv[optind - 1], *problem = "unknown option";
	bool is_long = strncmp(arg, "--", 2) == 0;

	/* a short option is named by optopt, a long one only by its argument */
	if (optopt > 32 && optopt < 127 && !is_long)
		sb_printf(&sb, "-%c", optopt);
	else
		sb_text_line(&sb, arg);
	if (opt == ':')
		problem = "missing value for option";
	else if (optopt != 0 && is_long && strchr(arg, '='))
		problem = "no value allowed for option";
	fprintf(stderr, "icsview: %s: %s '%s' (try 'icsview %s --help')\n", command, problem,
	        sb_str(&sb), command);
	sb_free(&sb);
	return EXIT_USAGE;
}
