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
	"local-authorities.yaml", "governance.yaml", "history.yaml",
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
	/* progress goes only to a terminal; the one practice of an English
	 * region commissioned from Wales is said to be left out */
	char *left_out = xasprintf("%s/raw/ods_epraccur_2026-02/epraccur.csv:8118: warning: GP "
	                           "practice W93019, in region Y58, is commissioned by 7A6, no "
	                           "sub-ICB location of the lookup: left out\n",
	                           getenv("ICSVIEW_DATA"));
	cr_expect_str_eq(r.err, left_out);
	free(left_out);
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

/* A copy in dir of the file at data/raw/relative with `from` (which it
 * must hold) changed to `to` the first time; caller frees the path. */
static char *edited(const char *dir, const char *relative, const char *from, const char *to)
{
	char *path = raw(relative), *text = slurp(path), *at = strstr(text, from);
	const char *name = strrchr(relative, '/') ? strrchr(relative, '/') + 1 : relative;
	struct strbuf sb = STRBUF_INIT;

	cr_assert(at, "%s has no \"%s\"", relative, from);
	sb_printf(&sb, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
	char *copy = write_file(dir, name, sb_str(&sb));
	sb_free(&sb);
	free(text);
	free(path);
	return copy;
}

/* Input `swap` of data/raw edited, and the import refused with message. */
static void expect_edit_refused(int swap, const char *from, const char *to,
                                const char *message)
{
	char *dir = scratch_dir(), *copy = edited(dir, inputs[swap], from, to);

	expect_refused(swap, copy, message);
	free(copy);
	remove_tree(dir);
	free(dir);
}

/* The lookups' counts are theirs to say; a file that contradicts another
 * is refused at the row that does. */
Test(cli_import, a_sub_icb_location_twice_in_the_lookup, .timeout = 60)
{
	char *dir = scratch_dir(), *copy = edited(dir, "ons_sicbl26_2026/icb_region_lookup.csv",
	                                          "E38000244,72Q,", "E38000244,A3A8R,");

	expect_refused(ONS26, copy, "icb_region_lookup.csv:3: error: sub-ICB location A3A8R "
	               "again (first at line 2)");
	free(copy);
	remove_tree(dir);
	free(dir);
}

Test(cli_import, an_icb_in_two_regions, .timeout = 60)
{
	char *dir = scratch_dir(), *copy = edited(dir, "ons_sicbl26_2026/icb_region_lookup.csv",
	                                          "Integrated Care Board,E40000012,Y63,North East "
	                                          "and Yorkshire,44",
	                                          "Integrated Care Board,E40000010,Y62,North "
	                                          "West,44");

	expect_refused(ONS26, copy, "icb_region_lookup.csv:45: error: ICB QHM is \"NHS North East "
	               "and North Cumbria Integrated Care Board\" in region Y62 here, but \"NHS "
	               "North East and North Cumbria Integrated Care Board\" in region Y63 at line "
	               "44");
	free(copy);
	remove_tree(dir);
	free(dir);
}

Test(cli_import, district_counts_naming_an_unknown_sub_icb_location, .timeout = 60)
{
	expect_edit_refused(LAD26, "E38000247,16C,", "E38000247,16X,",
	                    "LAD24_SICBL26_ICB26_NHSER26_from_LSOA21.csv:2: error: sub-ICB "
	                    "location 16X is not in ");
}

Test(cli_import, a_sub_icb_location_under_an_unknown_icb, .timeout = 60)
{
	expect_edit_refused(LAD24, "E54000050,QHM,", "E54000050,QZZ,",
	                    "LAD24_SICBL24_ICB24_from_LSOA21.csv:2: error: sub-ICB location 16C "
	                    "is under ICB QZZ, which is not in ");
}

/* Without the change summary nothing was abolished: the April 2026
 * ICBs then leave the ICBs of 2024 without successors. */
Test(cli_import, april_2026_without_the_change_summary, .timeout = 60)
{
	expect_refused(MERGERS, NULL, "of 2024 has no successor among the ICBs of the ONS "
	               "sub-ICB location lookup (and there is no ODS ICB mergers change summary "
	               "among the inputs)");
}

/* The inputs of England before April 2026 (no April 2026 lookup, no
 * change summary), jhau's eccg given as `eccg`. */
static struct run import_before(const char *eccg, const char *out)
{
	static const char *const before[] = {
		"ods_jhau_2025/etr.csv", "ods_jhau_2025/icb_names_codes_dec_2024.csv",
		"ods_epraccur_2026-02", "ons_craig_shenton_2022", "geographr",
		"derived/LAD24_SICBL24_ICB24_from_LSOA21.csv", "ods_epcn_2026/ePCN.xlsx",
		"ons_historic_jtrim", "nhsd_gp_reg_map_2022",
	};
	struct strbuf args = STRBUF_INIT;
	struct run r;

	sb_printf(&args, "import '%s'", eccg);
	for (size_t i = 0; i < sizeof(before) / sizeof(before[0]); i++) {
		char *path = raw(before[i]);
		sb_printf(&args, " '%s'", path);
		free(path);
	}
	sb_printf(&args, " -o '%s'", out);
	r = run_icsview(sb_str(&args));
	sb_free(&args);
	return r;
}

Test(cli_import, england_before_the_mergers, .timeout = 60)
{
	char *dir = scratch_dir(), *out = xasprintf("%s/model", dir);
	char *eccg = raw("ods_jhau_2025/eccg.csv");
	struct run r = import_before(eccg, out);
	char *path, *text;

	cr_assert_eq(r.status, 0, "stderr:\n%s", r.err);
	cr_expect_eq(entries(out), MODEL_FILES - 1, "no mergers file");
	path = xasprintf("%s/regions-icbs.yaml", out);
	text = slurp(path);
	cr_expect(strstr(text, "integrated_care_boards: 42\n"), "%s", text);
	cr_expect(strstr(text, "sub_icb_locations: 106\n"), "%s", text);
	cr_expect(strstr(text, "as_at: \"2026-02-03\"\n"), "%s", text);
	cr_expect(strstr(text, "NHS England's seven regions, the 42 integrated care boards in "
	                       "being on 3 February 2026"), "%s", text);
	free(text);
	free(path);
	path = xasprintf("%s/sources.yaml", out);
	text = slurp(path);
	cr_expect(!strstr(text, "ods-icb-mergers-2026"), "the summary was not read");
	cr_expect(strstr(text, "id: ods-eccg-2025"), "%s", text);
	/* the 2025 etr is today's here: what it is not said of it */
	cr_expect(strstr(text, "vintage: \"2024-12-31 or later (the latest date in it)\""),
	          "%s", text);
	cr_expect(!strstr(text, "Riyaburman-analytics"), "not the copy of the 2026 etr");
	free(text);
	free(path);
	run_free(&r);
	free(eccg);
	remove_tree(dir);
	free(out);
	free(dir);
}

Test(cli_import, an_eccg_that_disagrees, .timeout = 60)
{
	char *dir = scratch_dir(), *out = xasprintf("%s/model", dir);
	char *eccg = edited(dir, "ods_jhau_2025/eccg.csv", "\"00L\",\"NHS NORTH EAST AND NORTH "
	                    "CUMBRIA ICB - 00L\",\"Y63\",\"QHM\"", "\"00L\",\"NHS NORTH EAST AND "
	                    "NORTH CUMBRIA ICB - 00L\",\"Y63\",\"QOQ\"");
	struct run r = import_before(eccg, out);

	cr_expect_eq(r.status, 1, "stderr:\n%s", r.err);
	cr_expect(strstr(r.err, "error: sub-ICB location 00L is under ICB QHM here, but under "
	                        "QOQ in "), "%s", r.err);
	cr_expect(strstr(r.err, "LAD24_SICBL24_ICB24_from_LSOA21.csv:"), "%s", r.err);
	cr_expect_eq(entries(dir), 1, "nothing written");
	run_free(&r);
	free(eccg);
	remove_tree(dir);
	free(out);
	free(dir);
}

/* The April 2026 lookup and its district counts come together. */
Test(cli_import, the_april_2026_lookup_without_its_counts, .timeout = 60)
{
	expect_refused(LAD26, NULL, "icb_region_lookup.csv is given, but no LAD24 × SICBL26 "
	               "LSOA21 counts (give both, or neither for the geography of the 2024 "
	               "files)");
}
