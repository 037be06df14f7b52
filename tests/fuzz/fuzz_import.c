/* Fuzzes review import (review_import.h) end to end: bytes → a file →
 * review_import_file into a notes file over the test model.  Whatever the
 * bytes: the outcome is one of the three and says why exactly when it is
 * not OK; a file refused (or failing) leaves the notes file as it was; a
 * dry run changes nothing and says what the import then does; and an
 * import done, run again, changes nothing (importing twice changes
 * nothing).  The first byte chooses a dry run first (its low bit); the rest
 * is the file.  Seeds are exports of the test model (its top-level
 * entities: n-system, nested-doc, other-doc), so that most runs get past
 * the checks of format and model to the merge. */
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz_common.h"
#include "icsview/base/util.h"
#include "icsview/query/review_import.h"
#include "icsview/store/notes.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct notes *notes;
static sqlite3 *db;             /* the same file, to empty and count it */
static char *file;              /* the file imported */

static void fail(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_import: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
	abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct notes_options opts = { .user = "fuzzer" };
	struct notes_status status;
	char *path;

	(void)argc; (void)argv;
	fuzz_store();
	path = xasprintf("%s/import-notes.db", fuzz_scratch_dir());
	file = xasprintf("%s/import.json", fuzz_scratch_dir());
	notes = notes_open_with(path, "fuzz", &opts, &status);
	if (!notes || status.read_only)
		fail("cannot open the notes file", status.message);
	notes_status_clear(&status);
	if (sqlite3_open(path, &db) != SQLITE_OK)
		fail("cannot open the notes file again", sqlite3_errmsg(db));
	free(path);
	return 0;
}

/* Every row of the notes file, as one number that changes with any of
 * them. */
static int64_t rows(void)
{
	sqlite3_stmt *stmt;
	int64_t n = -1;

	if (sqlite3_prepare_v2(db, "SELECT (SELECT count(*) FROM notes) * 1000000 +"
	                       " (SELECT count(*) FROM history) + (SELECT total(length(text) + flag"
	                       " + reviewed) FROM notes)", -1, &stmt, NULL) != SQLITE_OK)
		fail("cannot count", sqlite3_errmsg(db));
	if (sqlite3_step(stmt) == SQLITE_ROW)
		n = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return n;
}

/* Imports the file; checks what every outcome promises. */
static enum review_import_status import(bool dry_run, struct review_import *im)
{
	char *error = NULL;
	int64_t before = rows();
	enum review_import_status status = review_import_file(fuzz_store(), notes, file, dry_run, im,
	                                                      &error);

	if ((status == REVIEW_IMPORT_OK) != (error == NULL))
		fail("an outcome and its message disagree", error);
	if (status != REVIEW_IMPORT_OK && status != REVIEW_IMPORT_REFUSED &&
	    status != REVIEW_IMPORT_FAILED)
		fail("an outcome not of the three", NULL);
	if ((status != REVIEW_IMPORT_OK || dry_run) && rows() != before)
		fail(dry_run ? "a dry run changed the notes file" : "a refused import changed it", error);
	free(error);
	return status;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct review_import dry = { 0 }, first = { 0 }, again = { 0 };
	bool dry_first = size > 0 && (data[0] & 1), dry_ok = false, first_ok;
	FILE *f;

	if (size == 0)
		return 0;
	if (sqlite3_exec(db, "DELETE FROM notes; DELETE FROM history", NULL, NULL, NULL) != SQLITE_OK)
		fail("cannot empty the notes file", sqlite3_errmsg(db));
	if (!(f = fopen(file, "wb")) || fwrite(data + 1, 1, size - 1, f) != size - 1 || fclose(f) != 0)
		fail("cannot write the file to import", NULL);
	if (dry_first)
		dry_ok = import(true, &dry) == REVIEW_IMPORT_OK;
	first_ok = import(false, &first) == REVIEW_IMPORT_OK;
	if (dry_first && dry_ok != first_ok)
		fail("a dry run and the import disagree on the file", NULL);
	if (dry_first && first_ok && dry.report.count != first.report.count)
		fail("the dry run said other changes than the import made", NULL);
	if (first_ok && (import(false, &again) != REVIEW_IMPORT_OK || again.report.count != 0))
		fail("importing twice changed something", NULL);
	review_import_clear(&dry);
	review_import_clear(&first);
	review_import_clear(&again);
	return 0;
}
