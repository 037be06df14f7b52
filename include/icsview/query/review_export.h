/* A review written out: every entity with a note, a flag or a reviewed
 * mark, in tree order, with where it sits in the tree, its sources and who
 * changed it last, when; then the orphaned notes (their entity is no longer
 * in the model), which are never dropped.  An imported note still to
 * resolve (notes_conflicts_list) is shown with its entity's, marked
 * unresolved, in every format; an entity whose own note was cleared since
 * is listed for it.  Shared by `icsview review` and the interface's
 * `:export review FILE`.
 *
 * Formats:
 *   text  one entity a line (flag, reviewed, id, name) and its note
 *         indented below, then a conflict's author, time and text: for a
 *         terminal (control characters escaped)
 *   md    Markdown for a meeting: a summary (counts, then every concern
 *         and question with its note), the review by tree path (a heading
 *         per level, each entity's flag, reviewed state, kind, sources by
 *         number and last change, its note quoted as written), the
 *         orphans, then the sources once, numbered (review_export_md.c)
 *   csv   RFC 4180, one record per entity: path,id,kind,name,flag,
 *         reviewed,note,who,when,sources,orphaned,conflict ("unresolved"
 *         or "none"),conflict_note,conflict_who,conflict_when (a note's
 *         line breaks are kept inside its quoted field)
 *   json  {"format": "icsview review", "version", "model", "model_roots",
 *         "notes_file", "exported", "by", "summary", "entities":[…]}, each
 *         entity with its fields' last changes ("changes"), so that
 *         `icsview review import` can merge it elsewhere (review_import.h;
 *         icsview-review(5)), and its "conflict" (null, or theirs with
 *         "state": "unresolved"; not read on import) */
#ifndef ICSVIEW_REVIEW_EXPORT_H
#define ICSVIEW_REVIEW_EXPORT_H

#include <stdbool.h>
#include <stdint.h>
#include "icsview/store/notes.h"
#include "icsview/base/output.h"
#include "icsview/store/store.h"

enum review_format { REVIEW_TEXT, REVIEW_MD, REVIEW_CSV, REVIEW_JSON };

/* "text", "md" (or "markdown"), "csv", "json". */
bool review_format_parse(const char *name, enum review_format *out);
/* By the file's extension: .md/.markdown, .csv, .json; .txt is text. */
bool review_format_of_path(const char *path, enum review_format *out);

struct review_export_options {
	enum review_format format;
	const char *path_separator; /* between the names of a path: " › " */
	/* The scope: with either, only the entities in it (no orphans). */
	int64_t root;               /* > 0: this entity and those under it */
	bool filtered;              /* only the matches of the filter applied to
	                               the model (filter.h); an error when none is */
	const char *scope;          /* the scope in words, for the Markdown's
	                               head (NULL: none said) */
};

/* Writes the review of `notes` over the model `st`.  STORE_OK, or
 * STORE_ERROR with *error set (caller frees); a failed write shows in
 * out (out_failed). */
int review_export(struct store *st, struct notes *notes, const struct review_export_options *opts,
                  struct out *out, char **error);

/* The same into the file `path`: written beside it and renamed over it
 * when complete, so that it is never half-written (through a symbolic
 * link, over the file it names); a new file gets mode 0666 less the umask,
 * an existing one keeps its mode.  A character device, FIFO or socket is
 * written to as it is, never replaced.  Refused: the notes file (or its
 * -wal, -shm, -journal) and any SQLite database.  STORE_OK, or STORE_ERROR
 * with *error set (caller frees; the path in it escaped). */
int review_export_file(struct store *st, struct notes *notes,
                       const struct review_export_options *opts, const char *path, char **error);

#endif
