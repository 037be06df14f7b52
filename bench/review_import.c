/* A review handed over (icsbench review): `review import` of a JSON export
 * of REVIEW_NOTES notes, as the command runs it (review_import_file: the
 * file read and checked whole, then merged in one transaction), into a
 * fresh notes file; then the same file again, which changes nothing but
 * reads and compares every note.  Each in a child of its own, for its peak
 * RSS; the model is opened through the (warm) cache. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "benchutil.h"
#include "icsbench.h"
#include "icsview/base/json_writer.h"
#include "icsview/base/output.h"
#include "icsview/loader/model_cache.h"
#include "icsview/query/review_import.h"
#include "icsview/store/notes.h"
#include "icsview/store/store_sql.h"

#define REVIEW_NOTES 10000

struct review_args {
	const char *const *paths;
	size_t count;
	const char *cache;
	const char *json, *notes;     /* the export, the notes file imported into */
};

struct review_result {
	double seconds;
	size_t changes;
	long hwm_kb;
	int ok;
};

static struct store *open_model(const struct review_args *a, struct model_cache_info *info)
{
	struct model_cache_options opts = { .dir = a->cache };
	struct diag_list diags;
	struct store *st = NULL;

	diag_init(&diags, 100);
	if (model_cache_open(a->paths, a->count, &opts, &diags, &st, info) != LOAD_VALID)
		st = NULL;
	diag_free(&diags);
	return st;
}

/* The export: the first REVIEW_NOTES entities of the model, each with a
 * note of a few lines, a flag and a mark, as `review export -F json`
 * writes them (what the import reads of it). */
static int write_export(struct store *st, const char *path)
{
	struct sql_stmt *ids = store_sql_prepare(st, "SELECT id FROM entities ORDER BY eid LIMIT ?1");
	static const char *const flags[] = { "none", "ok", "question", "concern" };
	struct string_list roots;
	struct json_writer w;
	struct out out;
	FILE *f = fopen(path, "w");
	int n = 0;

	if (!ids || !f || review_model_roots(st, &roots) != STORE_OK)
		return -1;
	sql_bind_int(ids, 1, REVIEW_NOTES);
	out_init(&out, f);
	json_init(&w, &out, 2);
	json_begin_object(&w);
	json_key_string(&w, "format", REVIEW_JSON_FORMAT);
	json_key_int(&w, "version", REVIEW_JSON_VERSION);
	json_key(&w, "model_roots");
	json_begin_array(&w);
	for (size_t i = 0; i < roots.count; i++)
		json_string(&w, roots.items[i]);
	json_end_array(&w);
	json_key(&w, "entities");
	json_begin_array(&w);
	while (sql_step(ids) == SQL_ROW) {
		char note[160];

		snprintf(note, sizeof note, "Note %d on %s:\nask about the board's terms of reference,\n"
		         "and who chairs it.", n, sql_text(ids, 0));
		json_begin_object(&w);
		json_key_string(&w, "id", sql_text(ids, 0));
		json_key_string(&w, "flag", flags[n % 4]);
		json_key_bool(&w, "reviewed", n % 2);
		json_key_string(&w, "note", note);
		json_key(&w, "changes");
		json_begin_object(&w);
		for (int field = 0; field < 3; field++) {
			json_key(&w, field == 0 ? "text" : field == 1 ? "flag" : "reviewed");
			json_begin_object(&w);
			json_key_string(&w, "who", "colleague");
			json_key_string(&w, "when", "2026-12-01T10:00:00Z");
			json_end_object(&w);
		}
		json_end_object(&w);
		json_end_object(&w);
		n++;
	}
	json_end_array(&w);
	json_end_object(&w);
	json_finish(&w);
	sql_free(ids);
	string_list_clear(&roots);
	return fclose(f) == 0 && !out.error && n > 0 ? 0 : -1;
}

static void child_import(void *argp, void *resp)
{
	struct review_args *a = argp;
	struct review_result *r = resp;
	struct model_cache_info info = { 0 };
	struct notes_options nopts = { .user = "bench" };
	struct notes_status status;
	struct store *st = open_model(a, &info);
	struct notes *notes = st ? notes_open_with(a->notes, "bench", &nopts, &status) : NULL;
	struct review_import im;
	char *error = NULL;
	double t0;

	if (notes) {
		t0 = bench_now();
		if (review_import_file(st, notes, a->json, false, &im, &error) == REVIEW_IMPORT_OK) {
			r->seconds = bench_now() - t0;
			r->changes = im.report.count;
			r->ok = 1;
			review_import_clear(&im);
		} else {
			fprintf(stderr, "icsbench: review import: %s\n", error);
			free(error);
		}
		notes_close(notes);
	}
	if (st)
		notes_status_clear(&status);
	r->hwm_kb = bench_hwm_kb();
	model_cache_close(st, &info);
}

static void child_export(void *argp, void *resp)
{
	struct review_args *a = argp;
	struct review_result *r = resp;
	struct model_cache_info info = { 0 };
	struct store *st = open_model(a, &info);

	r->ok = st && write_export(st, a->json) == 0;
	model_cache_close(st, &info);
}

int cmd_review(int runs, const char *cache, const char *tmp, char **paths, size_t count)
{
	double first[MAX_RUNS], again[MAX_RUNS];
	char json[4096], notes[4096], extra[64];
	struct review_args a = { (const char *const *)paths, count, cache, json, notes };
	struct review_result r = { 0 };
	long hwm = 0;

	snprintf(json, sizeof json, "%s/review.json", tmp);
	snprintf(notes, sizeof notes, "%s/review-notes.db", tmp);
	if (in_child(child_export, &a, &r, sizeof r) != 0 || !r.ok) {
		fprintf(stderr, "icsbench: cannot write the review to import\n");
		return 1;
	}
	for (int i = 0; i < runs; i++) {
		unlink(notes);
		if (in_child(child_import, &a, &r, sizeof r) != 0 || !r.ok || r.changes == 0)
			return 1;
		first[i] = r.seconds;
		hwm = r.hwm_kb > hwm ? r.hwm_kb : hwm;
		if (in_child(child_import, &a, &r, sizeof r) != 0 || !r.ok || r.changes != 0)
			return 1;
		again[i] = r.seconds;
	}
	snprintf(extra, sizeof extra, "runs=%d notes=%d", runs, REVIEW_NOTES);
	bench_line("review_import", bench_median(first, (size_t)runs), "s", extra);
	bench_line("review_import_again", bench_median(again, (size_t)runs), "s", extra);
	bench_line("peak_rss_review_import", (double)hwm / 1024.0, "MB", NULL);
	unlink(notes);
	unlink(json);
	return 0;
}
