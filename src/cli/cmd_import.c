/* icsview import: the England model from the files ODS and ONS publish.
 *
 * The inputs (files, zip archives, workbooks, directories of them) are
 * read and each known by its shape (import_inputs.c), their rows loaded
 * into a database in memory where the joins are made (import_db.h), the
 * model built (import_geo.c and the files' builders) and written as YAML
 * to a new directory beside MODELDIR, checked by the loader, and only
 * then put in MODELDIR's place: a failed import leaves MODELDIR as it
 * was. */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "icsview/base/diag.h"
#include "icsview/base/limits.h"
#include "icsview/base/output.h"
#include "icsview/base/signals.h"
#include "icsview/base/util.h"
#include "icsview/cli/cli.h"
#include "icsview/cli/cli_options.h"
#include "icsview/loader/loader.h"
#include "icsview/store/import_db.h"
#include "import_build.h"
#include "import_inputs.h"
#include "import_model.h"

static const char import_usage[] =
	"usage: icsview import FILE-OR-DIR... -o MODELDIR\n"
	"Build the England model from the files ODS and ONS publish (CSV files, zip\n"
	"archives of them, the ePCN and ICB mergers workbooks, or directories holding\n"
	"them), each known by its shape, and write it to MODELDIR.  The model is checked\n"
	"before it replaces MODELDIR; on any problem nothing is written.\n"
	"\n"
	"  -o, --output=MODELDIR    the directory to write (made, or replaced if it holds\n"
	"                           only model files)\n"
	"  -h, --help               show this help\n"
	"\n"
	"Exit status: 0 written, 1 an input is missing, unreadable or not as published,\n"
	"2 usage error, 4 MODELDIR cannot be written.\n";

/* The model's files, in the order they are written and loaded. */
enum import_file { FILE_SOURCES, FILE_AREAS, FILE_MERGERS, FILE_TRUSTS, FILE_PRIMARY,
                  FILE_COUNCILS, FILE_GOVERNANCE, FILE_HISTORY, FILE_COUNT };

static const char part_of_relation[] = "  part_of:\n    inverse: has_part\n";
/* The documents' systems of 2018 (data/2018) name their STP's record. */
static const char recorded_as_relation[] = "  recorded_as:\n    inverse: records\n"
	"    description: \"A is recorded in the ONS lookups as B\"\n";

static const struct {
	const char *name, *title, *source;
	const char *relations;   /* declared, as yaml_render_file takes them */
} model_files[FILE_COUNT] = {
	[FILE_SOURCES] = { "sources.yaml",
	                   "Sources: public ODS / ONS / OHID data behind the England 2026 model",
	                   NULL, NULL },
	[FILE_AREAS] = { "regions-icbs.yaml", "England, 2026: NHS England regions, integrated "
	                 "care boards and sub-ICB locations", "ons-sicbl26-2026", NULL },
	[FILE_MERGERS] = { "mergers.yaml", "Integrated care boards abolished on 1 April 2026",
	                   "ods-icb-mergers-2026", NULL },
	[FILE_TRUSTS] = { "trusts.yaml", "NHS trusts in England, 2026, under the ICB of their "
	                  "headquarters", "ods-etr-2026", NULL },
	[FILE_PRIMARY] = { "primary-care.yaml", "Primary care networks and GP practices in "
	                   "England, 2026", "ods-epraccur-2026-02", NULL },
	[FILE_COUNCILS] = { "local-authorities.yaml", "Local authorities in England (2024 "
	                    "boundaries) and the NHS areas they overlap", "ons-lad-lsoa-2024",
	                    part_of_relation },
	[FILE_GOVERNANCE] = { "governance.yaml", "The statutory boards and partnerships of "
	                      "England's NHS, 2026, as the law sets them up", NULL, NULL },
	[FILE_HISTORY] = { "history.yaml", "England, 2017\u20132022: sustainability and "
	                   "transformation partnerships and clinical commissioning groups",
	                   NULL, recorded_as_relation },
};

static bool progress_shown;

/* A step of a long import, on stderr when it is a terminal. */
static void progress(const char *step)
{
	if (!progress_shown)
		return;
	fprintf(stderr, "icsview import: %s\n", step);
}

/* Whether the inputs hold the ICB mergers change summary: without it
 * there is no mergers file. */
static bool has_mergers(const struct import_inputs *in)
{
	return in->by_kind[INPUT_MERGERS_SUMMARY] != NULL;
}

/* The source a file names: the areas are the April 2026 lookup's when
 * it is given, else the December 2024 ICBs' (import_geo24.c). */
static const char *file_source(const struct import_inputs *in, enum import_file f)
{
	if (f == FILE_AREAS && !in->by_kind[INPUT_ONS_SICBL26])
		return "ons-icb-names-2024";
	return model_files[f].source;
}

/* A warning about the inputs, on stderr: it quotes them, so it is shown,
 * not obeyed (SECURITY.md). */
static void warn(const char *line)
{
	struct strbuf shown = STRBUF_INIT;

	sb_text_line(&shown, line);
	fprintf(stderr, "%s\n", sb_str(&shown));
	sb_free(&shown);
}

/* The latest date in the ODS files read (YYYYMMDD, or ""). */
static const char *latest_ods_date(const struct import_inputs *in)
{
	const char *latest = "";

	for (size_t i = 0; i < in->tables.count; i++) {
		const struct table *t = &in->tables.items[i];
		const char *date = shape_latest_date(t, &in->shapes[i]);
		if (in->by_kind[in->shapes[i].kind] == t && strcmp(date, latest) > 0)
			latest = date;
	}
	return latest;
}

static int build_files(const struct import_inputs *in, struct england *en,
                       struct entity_list *files, char **error)
{
	build_sources(in, &files[FILE_SOURCES]);
	build_governance_sources(&files[FILE_SOURCES]);
	if (build_regions_icbs(en, &files[FILE_AREAS], error) < 0 ||
	    (has_mergers(in) && build_mergers(en, &files[FILE_MERGERS], error) < 0))
		return -1;
	progress("trusts and their catchments");
	if (build_trusts(en, &files[FILE_TRUSTS], error) < 0)
		return -1;
	progress("primary care networks and GP practices");
	if (build_primary_care(en, &files[FILE_PRIMARY], error) < 0)
		return -1;
	progress("local authorities");
	if (build_local_authorities(en, &files[FILE_COUNCILS], error) < 0)
		return -1;
	progress("boards and partnerships");
	if (build_governance(en, &files[FILE_COUNCILS], &files[FILE_TRUSTS],
	                     &files[FILE_GOVERNANCE], error) < 0)
		return -1;
	progress("STPs and CCGs, 2017-2022");
	return build_history(en, &files[FILE_HISTORY], error);
}

/* The model of the inputs at paths, as each file's YAML. */
static int make_model(char *const *paths, size_t count, struct strbuf *texts, char **error)
{
	struct import_inputs in;
	struct import_db *db = NULL;
	struct england en;
	struct entity_list files[FILE_COUNT] = { { 0 } };
	int status = -1;
	bool loaded = false;

	progress("reading the inputs");
	if (import_inputs_read(&in, paths, count, error) < 0 ||
	    import_inputs_check(&in, error) < 0)
		goto done;
	progress("joining them");
	db = import_db_open(error);
	if (!db || import_inputs_load(&in, db, error) < 0)
		goto done;
	loaded = true;
	if (england_load(&en, db, (const struct table *const[]){
	                 in.by_kind[INPUT_MERGERS_SUMMARY], in.by_kind[INPUT_MERGERS_SICBL],
	                 in.by_kind[INPUT_MERGERS_LSOA], in.by_kind[INPUT_MERGERS_GP_MOVES] },
	                 (const size_t[]){ 0, 0, 0, 0 }, error) < 0)
		goto done;
	england_set_as_at(&en, latest_ods_date(&in));
	england_report_left_out(&en, &in, warn);
	if (build_files(&in, &en, files, error) < 0)
		goto done;
	for (size_t f = 0; f < FILE_COUNT; f++)
		if (f != FILE_MERGERS || has_mergers(&in))
			yaml_render_file(&texts[f], model_files[f].title, file_source(&in, f),
			                 f == FILE_GOVERNANCE ? governance_relation_declarations()
			                                      : model_files[f].relations, &files[f]);
	status = 0;
done:
	if (loaded)
		england_free(&en);
	for (size_t f = 0; f < FILE_COUNT; f++)
		entity_list_free(&files[f]);
	import_db_close(db);
	import_inputs_free(&in);
	return status;
}

static int write_file(const char *dir, const char *name, const struct strbuf *text)
{
	char *path = xasprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	int status = -1;

	if (f) {
		if (fwrite(text->buf, 1, text->len, f) == text->len && fflush(f) == 0)
			status = 0;
		if (fclose(f) != 0)
			status = -1;
	}
	if (status < 0)
		fprintf(stderr, "icsview import: %s: %s\n", path, strerror(errno));
	free(path);
	return status;
}

/* Removes a directory of model files (files only, one level). */
static void remove_model_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *ent;

	if (!d)
		return;
	while ((ent = readdir(d))) {
		if (strcmp(ent->d_name, ".") == 0 || strcmp(ent->d_name, "..") == 0)
			continue;
		char *path = xasprintf("%s/%s", dir, ent->d_name);
		unlink(path);
		free(path);
	}
	closedir(d);
	rmdir(dir);
}

/* True when dir holds nothing but model files (*.yaml, *.yml). */
static bool only_model_files(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *ent;
	bool only = d != NULL;

	while (only && (ent = readdir(d))) {
		const char *dot = strrchr(ent->d_name, '.');
		if (strcmp(ent->d_name, ".") == 0 || strcmp(ent->d_name, "..") == 0)
			continue;
		only = dot && (strcmp(dot, ".yaml") == 0 || strcmp(dot, ".yml") == 0);
	}
	if (d)
		closedir(d);
	return only;
}

/* The loader's verdict on the model in dir: every problem printed. */
static int check_model(const char *dir)
{
	struct load_limits limits;
	struct diag_list diags;
	const char *paths[] = { dir };
	enum load_result r;

	load_limits_default(&limits);
	diag_init(&diags, limits.max_errors);
	r = model_load(paths, 1, NULL, &limits, &diags, NULL);
	if (r != LOAD_VALID) {
		fprintf(stderr, "icsview import: the model made does not load:\n");
		diag_print(&diags, stderr);
	}
	diag_free(&diags);
	return r == LOAD_VALID ? 0 : -1;
}

/* Puts the checked model in `fresh` in the place of `output`. */
static int replace_output(const char *fresh, const char *output)
{
	struct stat st;
	char *old = NULL;

	if (stat(output, &st) == 0) {
		if (!S_ISDIR(st.st_mode)) {
			fprintf(stderr, "icsview import: %s is not a directory: not replaced\n", output);
			return -1;
		}
		if (!only_model_files(output)) {
			fprintf(stderr, "icsview import: %s holds more than model files: not "
			        "replaced\n", output);
			return -1;
		}
		old = xasprintf("%s.old-XXXXXX", output);
		if (!mkdtemp(old) || rename(output, old) < 0) {
			fprintf(stderr, "icsview import: %s: %s\n", output, strerror(errno));
			free(old);
			return -1;
		}
	}
	if (rename(fresh, output) < 0) {
		fprintf(stderr, "icsview import: %s: %s\n", output, strerror(errno));
		if (old && rename(old, output) < 0)
			fprintf(stderr, "icsview import: the previous model is in %s\n", old);
		free(old);
		return -1;
	}
	if (old)
		remove_model_dir(old);
	free(old);
	return 0;
}

/* The new model's directory and files, registered to be removed if an
 * ending signal comes before they are in place (signals.h). */
struct fresh_model {
	char *dir;
	int slots[FILE_COUNT + 1];
};

static void forget_fresh(struct fresh_model *m)
{
	for (size_t i = 0; i <= FILE_COUNT; i++) {
		signals_forget_temporary(m->slots[i]);
		m->slots[i] = -1;
	}
}

static int write_fresh(struct fresh_model *m, const struct strbuf *texts)
{
	for (size_t f = 0; f < FILE_COUNT; f++) {
		if (texts[f].len == 0)
			continue;       /* a file the inputs have nothing for */
		char *path = xasprintf("%s/%s", m->dir, model_files[f].name);
		m->slots[f + 1] = signals_add_temporary(path);
		free(path);
		if (write_file(m->dir, model_files[f].name, &texts[f]) < 0)
			return -1;
	}
	return 0;
}

static int write_model(const char *output, const struct strbuf *texts)
{
	struct fresh_model m = { .dir = xasprintf("%s.tmp-XXXXXX", output) };
	int status = EXIT_IO;

	for (size_t i = 0; i <= FILE_COUNT; i++)
		m.slots[i] = -1;
	if (!mkdtemp(m.dir)) {
		fprintf(stderr, "icsview import: %s: %s\n", m.dir, strerror(errno));
		free(m.dir);
		return EXIT_IO;
	}
	m.slots[0] = signals_add_temporary_dir(m.dir);
	if (write_fresh(&m, texts) < 0)
		goto done;
	progress("checking the model");
	if (check_model(m.dir) < 0) {
		status = EXIT_INVALID;
		goto done;
	}
	if (chmod(m.dir, 0755) < 0 || replace_output(m.dir, output) < 0)
		goto done;
	status = EXIT_OK;
done:
	if (status != EXIT_OK)
		remove_model_dir(m.dir);
	/* after the rename: a signal meanwhile finds nothing left to remove */
	forget_fresh(&m);
	free(m.dir);
	return status;
}

int cmd_import(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_globals globals = { 0 };
	const char *output = NULL;
	struct strbuf texts[FILE_COUNT];
	char *error = NULL;
	int opt, status;

	while ((opt = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'o':
			output = optarg;
			break;
		case 'h':
			fputs(import_usage, stdout);
			cli_globals_free(&globals);
			return EXIT_OK;
		default:
			status = cli_other_option("import", opt, argv, &globals);
			if (status != -1) {
				cli_globals_free(&globals);
				return status;
			}
		}
	}
	cli_globals_free(&globals);
	if (!output)
		return cli_usage_error("import", "no -o MODELDIR to write");
	if (optind >= argc)
		return cli_usage_error("import", "no input files or directories");
	progress_shown = isatty(STDERR_FILENO);
	for (size_t f = 0; f < FILE_COUNT; f++)
		texts[f] = (struct strbuf)STRBUF_INIT;
	if (make_model(argv + optind, (size_t)(argc - optind), texts, &error) < 0) {
		/* The message quotes the inputs: shown, not obeyed (SECURITY.md). */
		struct strbuf shown = STRBUF_INIT;
		sb_text_line(&shown, error);
		fprintf(stderr, "%s\n", sb_str(&shown));
		sb_free(&shown);
		free(error);
		status = EXIT_INVALID;
	} else {
		/* "model/" is the directory model: its scratch copy goes beside it */
		char *dir = xstrdup(output);
		for (size_t n = strlen(dir); n > 1 && dir[n - 1] == '/'; n--)
			dir[n - 1] = '\0';
		status = write_model(dir, texts);
		free(dir);
	}
	for (size_t f = 0; f < FILE_COUNT; f++)
		sb_free(&texts[f]);
	return status;
}
