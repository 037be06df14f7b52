/* icsview import, as a user runs it: the bundled model made again from
 * the files in data/raw, and every kind of bad input refused with its
 * file and line, leaving the output as it was. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "helpers.h"
#include "icsview/base/util.h"
#include "ingest_fixture.h"

static const char *const model_files[] = {
	"sources.yaml", "regions-icbs.yaml", "mergers.yaml", "trusts.yaml", "primary-care.yaml",
	"local-authorities.yaml", "history.yaml",
};
enum { MODEL_FILES = sizeof(model_files) / sizeof(model_files[0]) };

/* The inputs in data/raw, by what they are; a test swaps one. */
enum input { ONS26, JHAU, CRAIG, GEOGRAPHR, LAD26, LAD24, ETR26, EPRACCUR, EPCN, MERGERS,
             HISTORIC, GP_REG, INPUTS };
static const char *const inputs[INPUTS] = {
	[ONS26] = "ons_sicbl26_2026",
	[JHAU] = "ods_jhau_2025",
	[CRAIG] = "ons_craig_shenton_2022",
	[GEOGRAPHR] = "geographr",
	[LAD26] = "derived/LAD24_SICBL26_ICB26_NHSER26_from_LSOA21.csv",
	[LAD24] = "derived/LAD24_SICBL24_ICB24_from_LSOA21.csv",
	[ETR26] = "ods_etr_2026",
	[EPRACCUR] = "ods_epraccur_2026-02",
	[EPCN] = "ods_epcn_2026/ePCN.xlsx",
	[MERGERS] = "ods_icb_mergers_2026/ODS_Change_Summary_ICB_Mergers_Phase_1_Apr_2026.xlsx",
	[HISTORIC] = "ons_historic_jtrim",
	[GP_REG] = "nhsd_gp_reg_map_2022",
};

static char *raw(const char *relative)
{
	return xasprintf("%s/raw/%s", getenv("ICSVIEW_DATA"), relative);
}

/* `icsview import` of the inputs, input `swap` given as `with` instead
 * (NULL: left out), written to out. */
static struct run import_with(int swap, const char *with, const char *out)
{
	struct strbuf args = STRBUF_INIT;
	struct run r;

	sb_puts(&args, "import");
	for (int i = 0; i < INPUTS; i++) {
		if (i == swap) {
			if (with)
				sb_printf(&args, " '%s'", with);
			continue;
		}
		char *path = raw(inputs[i]);
		sb_printf(&args, " '%s'", path);
		free(path);
	}
	sb_printf(&args, " -o '%s'", out);
	r = run_icsview(sb_str(&args));
	sb_free(&args);
	return r;
}

static size_t entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	cr_assert(d, "%s", dir);
	while ((e = readdir(d)))
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(d);
	return n;
}

/* The bundled model is what import makes of data/raw, byte for byte. */
Test(cli_import, makes_the_bundled_model_again, .timeout = 60)
{
	char *dir = scratch_dir(), *out = xasprintf("%s/model", dir), *args;
	struct run r;

	cr_assert_eq(mkdir(out, 0755), 0);
	free(write_file(out, "stale.yaml", "icsview: 1\n"));
	args = xasprintf("import '%s/raw' -o '%s'", getenv("ICSVIEW_DATA"), out);
	r = run_icsview(args);
	cr_assert_eq(r.status, 0, "stderr:\n%s", r.err);
	cr_expect_str_eq(r.out, "");
	cr_expect_str_eq(r.err, "", "progress goes only to a terminal");
	cr_expect_eq(entries(out), MODEL_FILES, "the stale file is gone with the model it was in");
	cr_expect_eq(entries(dir), 1, "nothing left beside the model");
	for (size_t i = 0; i < MODEL_FILES; i++) {
		char *made = xasprintf("%s/%s", out, model_files[i]);
		char *bundled = xasprintf("%s/england-2026/%s", getenv("ICSVIEW_DATA"), model_files[i]);
		char *a = slurp(made), *b = slurp(bundled);
		cr_expect(strcmp(a, b) == 0, "%s differs from the bundled one", model_files[i]);
		free(a);
		free(b);
		free(made);
		free(bundled);
	}
	run_free(&r);
	free(args);
	remove_tree(dir);
	free(out);
	free(dir);
}

/* A failed import says why, exits 1 and leaves the output as it was. */
static void expect_refused(int swap, const char *with, const char *message)
{
	char *dir = scratch_dir(), *out = xasprintf("%s/model", dir);
	struct run r;

	cr_assert_eq(mkdir(out, 0755), 0);
	free(write_file(out, "old.yaml", "icsview: 1\n"));
	r = import_with(swap, with, out);
	cr_expect_eq(r.status, 1, "stderr:\n%s", r.err);
	cr_expect(strstr(r.err, message), "stderr has no \"%s\":\n%s", message, r.err);
	cr_expect_eq(entries(out), 1, "the old model stays");
	cr_expect_eq(entries(dir), 1, "nothing written beside it");
	run_free(&r);
	remove_tree(dir);
	free(out);
	free(dir);
}

Test(cli_import, a_missing_input, .timeout = 60)
{
	expect_refused(EPRACCUR, NULL, "icsview import: no ODS epraccur among the inputs "
	               "(give epraccur.csv (or epraccur.zip) from ODS)");
}

Test(cli_import, a_missing_history_input, .timeout = 60)
{
	expect_refused(GP_REG, NULL, "icsview import: no NHS Digital GP registration practice "
	               "map among the inputs (give NHS Digital's gp-reg-pat-prac-map.csv of "
	               "January 2022)");
}

Test(cli_import, a_missing_file, .timeout = 60)
{
	expect_refused(EPRACCUR, "/nonexistent/epraccur.csv",
	               "/nonexistent/epraccur.csv: error: No such file or directory");
}

Test(cli_import, a_renamed_column, .timeout = 60)
{
	char *dir = scratch_dir(), *path = raw("ons_sicbl26_2026/icb_region_lookup.csv");
	char *text = slurp(path), *renamed;

	memcpy(strstr(text, "ICB26NM"), "ICB26XX", 7);
	renamed = write_file(dir, "icb_region_lookup.csv", text);
	expect_refused(ONS26, renamed, "icb_region_lookup.csv:1: error: an ONS SICBL26 → ICB26 → "
	               "NHSER26 lookup has no column \"ICB26NM\" (renamed \"ICB26XX\"?)");
	free(renamed);
	free(text);
	free(path);
	remove_tree(dir);
	free(dir);
}

Test(cli_import, a_file_of_another_encoding, .timeout = 60)
{
	char *dir = scratch_dir(), *path = raw("ods_etr_2026/etr.csv");
	char *text = slurp(path), *latin1, *at = strstr(text, "NORTH LONDON");

	*at = '\xC9';    /* "ÉORTH" in ISO 8859-1 */
	latin1 = write_file(dir, "etr.csv", text);
	expect_refused(ETR26, latin1, "etr.csv:1: error: byte 0xC9 is not UTF-8: the publisher's "
	               "files are UTF-8");
	free(latin1);
	free(text);
	free(path);
	remove_tree(dir);
	free(dir);
}

/* etr.csv zipped as ODS publishes it, cut short or damaged. */
static void expect_bad_zip(bool truncate)
{
	char *dir = scratch_dir(), *path = raw("ods_etr_2026/etr.csv"), *text = slurp(path);
	struct member m = { "etr.csv", text };
	size_t len;
	char *zip = make_zip(&m, 1, &len), *zip_path = xasprintf("%s/etr.zip", dir);
	FILE *f = fopen(zip_path, "wb");

	if (truncate)
		len /= 2;
	else
		memset(zip + len / 3, 0x55, 64);
	cr_assert(f);
	cr_assert_eq(fwrite(zip, 1, len, f), len);
	fclose(f);
	expect_refused(ETR26, zip_path, "etr.zip: error: a damaged or truncated zip archive");
	free(zip_path);
	free(zip);
	free(text);
	free(path);
	remove_tree(dir);
	free(dir);
}

Test(cli_import, a_truncated_zip, .timeout = 60)
{
	expect_bad_zip(true);
}

Test(cli_import, a_corrupted_zip, .timeout = 60)
{
	expect_bad_zip(false);
}

Test(cli_import, a_file_of_the_wrong_kind, .timeout = 60)
{
	char *dir = scratch_dir();
	char *other = write_file(dir, "notes.csv", "when,what\n2026-04-01,the mergers\n");

	struct strbuf args = STRBUF_INIT;
	char *out = xasprintf("%s/model", dir), *ons = raw("ons_sicbl26_2026");
	sb_printf(&args, "import '%s' '%s' -o '%s'", ons, other, out);
	struct run r = run_icsview(sb_str(&args));
	cr_expect_eq(r.status, 1);
	cr_expect(strstr(r.err, "notes.csv:1: error: not a file icsview import reads"), "%s", r.err);
	cr_expect_eq(entries(dir), 1, "no model written");
	run_free(&r);
	sb_free(&args);
	free(ons);
	free(out);
	free(other);
	remove_tree(dir);
	free(dir);
}

/* MODELDIR/ is MODELDIR: the model replaces it, nothing is left in or
 * beside it. */
Test(cli_import, an_output_named_with_a_slash, .timeout = 60)
{
	char *dir = scratch_dir(), *out = xasprintf("%s/model", dir), *slashed;
	struct run r;

	cr_assert_eq(mkdir(out, 0755), 0);
	free(write_file(out, "old.yaml", "icsview: 1\n"));
	slashed = xasprintf("%s/", out);
	r = import_with(-1, NULL, slashed);
	cr_expect_eq(r.status, 0, "stderr:\n%s", r.err);
	cr_expect_eq(entries(out), MODEL_FILES);
	cr_expect_eq(entries(dir), 1);
	run_free(&r);
	free(slashed);
	remove_tree(dir);
	free(out);
	free(dir);
}

Test(cli_import, an_output_that_is_not_a_model, .timeout = 60)
{
	char *dir = scratch_dir(), *out = xasprintf("%s/model", dir);
	struct run r;

	cr_assert_eq(mkdir(out, 0755), 0);
	free(write_file(out, "thesis.tex", "\\documentclass{article}\n"));
	r = import_with(-1, NULL, out);
	cr_expect_eq(r.status, 4, "stderr:\n%s", r.err);
	cr_expect(strstr(r.err, "holds more than model files: not replaced"), "%s", r.err);
	cr_expect_eq(entries(out), 1);
	cr_expect_eq(entries(dir), 1);
	run_free(&r);
	remove_tree(dir);
	free(out);
	free(dir);
}

Test(cli_import, usage_errors)
{
	struct run r = run_icsview("import data");

	cr_expect_eq(r.status, 2);
	cr_expect_str_eq(r.err, "icsview: import: no -o MODELDIR to write (try 'icsview import "
	                        "--help')\n");
	run_free(&r);
	r = run_icsview("import -o out");
	cr_expect_eq(r.status, 2);
	cr_expect_str_eq(r.err, "icsview: import: no input files or directories (try 'icsview "
	                        "import --help')\n");
	run_free(&r);
}

/* Each source names the files it was read from as they were given (a
 * directory's files by their path from it), ODS files with the latest
 * date in them: the same inputs named the same wherever they lie. */
Test(cli_import, sources_name_the_files_read, .timeout = 60)
{
	char *dir = scratch_dir(), *out = xasprintf("%s/model", dir), *path, *text;
	char *etr = raw("ods_etr_2026/etr.csv");
	struct run r = import_with(ETR26, etr, out);

	cr_assert_eq(r.status, 0, "stderr:\n%s", r.err);
	path = xasprintf("%s/sources.yaml", out);
	text = slurp(path);
	cr_expect(strstr(text, "files: \"etr.csv (latest date in it: 2026-06-30)\""), "%s", text);
	cr_expect(strstr(text, "files: \"etr.csv (latest date in it: 2024-12-31)\""), "%s", text);
	cr_expect(strstr(text, "files: \"icb_region_lookup.csv\""), "%s", text);
	cr_expect(strstr(text, "files: \"ePCN.xlsx (latest date in it: 2024-10-01)\""), "%s", text);
	cr_expect(strstr(text, "files: \"lookup_nhs_trusts22_icb22.csv, "
	                       "lookup_nhs_trusts22_ltla21.csv\""), "%s", text);
	free(text);
	free(path);
	free(etr);
	run_free(&r);
	remove_tree(dir);
	free(out);
	free(dir);
}
