/* A review exported elsewhere (icsview review export --format json) merged
 * into this notes file: `icsview review import FILE [--dry-run]`.  The file
 * is read whole and checked before anything is written: its format and
 * version (REVIEW_JSON_FORMAT, REVIEW_JSON_VERSION), the model it was made
 * on (its top-level entities, which must be this model's), and every entry
 * (an id, a known flag, a note within NOTES_MAX_TEXT, times as the notes
 * file writes them); then notes_import (notes_import.h) merges it in one
 * transaction.  icsview-review(5) describes the format. */
#ifndef ICSVIEW_REVIEW_IMPORT_H
#define ICSVIEW_REVIEW_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include "icsview/store/notes.h"
#include "icsview/store/notes_import.h"
#include "icsview/store/store.h"

#define REVIEW_JSON_FORMAT "icsview review"   /* the export's "format" */
#define REVIEW_JSON_VERSION 1                 /* and its "version" */
#define REVIEW_IMPORT_MAX_BYTES (512u * 1024 * 1024)   /* of a file imported */

/* The model's identity as an export carries it: the ids of its top-level
 * entities (those with no parent), in byte order.  STORE_OK or
 * STORE_ERROR (store_errmsg). */
int review_model_roots(struct store *st, struct string_list *out);

enum review_import_status {
	REVIEW_IMPORT_OK,
	REVIEW_IMPORT_REFUSED,    /* not such an export, another model's, or damaged */
	REVIEW_IMPORT_FAILED,     /* the file or the notes file could not be read or written */
};

struct review_import {
	struct note_import_report report;   /* what changed (or would) */
	char **ids;                         /* each entry's entity id, by report index */
	size_t count;                       /* entries in the file */
	char *by, *exported;                /* the export's "by" and "exported" (may be NULL) */
};
void review_import_clear(struct review_import *im);

/* Reads the export at path and merges it into notes (over the model st);
 * with dry_run, only says what would change.  REVIEW_IMPORT_OK with *out;
 * else *error says why (caller frees; the file's name in it escaped) and
 * nothing is written. */
enum review_import_status review_import_file(struct store *st, struct notes *notes,
                                             const char *path, bool dry_run,
                                             struct review_import *out, char **error);

#endif
