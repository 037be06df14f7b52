/* Building a model database: the loader hands every entity, fact, link and
 * declaration to a writer, which inserts them in one transaction with
 * prepared statements; finishing resolves ids, runs the model checks, builds
 * the indexes and the search index, and moves the database into place only
 * when the model is valid. */
#ifndef ICSVIEW_STORE_BUILD_H
#define ICSVIEW_STORE_BUILD_H

#include <stdbool.h>
#include <stdint.h>
#include "icsview/diag.h"
#include "icsview/model_files.h"
#include "icsview/store.h"

struct store_writer;

struct entity_row {
	int64_t eid;
	const char *id, *kind, *name, *type, *text;
	int64_t parent;          /* 0: none (or given by parent_id) */
	const char *parent_id;   /* explicit `parent:`, resolved at finish */
	int file_no;
	unsigned line, col;
	unsigned parent_line, parent_col;
};

struct link_row {
	int64_t lid;
	int64_t src;
	const char *rel;         /* as written: a relation or an inverse name */
	const char *to_id;
	int file_no;
	unsigned line, col, to_line, to_col;
};

struct position {
	int file_no;
	unsigned line, col;
};

/* Starts a new database at a temporary name beside `path`.  NULL with
 * *error set on failure. */
struct store_writer *store_writer_begin(const char *path, char **error);
/* Registers a model file; its number is its index in `files`. */
int writer_add_file(struct store_writer *w, int file_no, const struct model_file *file);
int writer_set_file_title(struct store_writer *w, int file_no, const char *title);

int writer_add_entity(struct store_writer *w, const struct entity_row *row);
int writer_add_aka(struct store_writer *w, int64_t eid, int ord, const char *value);
int writer_add_fact(struct store_writer *w, int64_t fid, int64_t eid, const char *key,
                    const char *value, const char *note, struct position pos);
int writer_add_link(struct store_writer *w, const struct link_row *row);
int writer_add_link_fact(struct store_writer *w, int64_t lid, int ord, const char *key,
                         const char *value);
int writer_add_citation(struct store_writer *w, enum citation_owner owner_type, int64_t owner,
                        int ord, const char *source_id, struct position pos);

/* Declarations.  A second declaration of the same name must agree with the
 * first: otherwise 1 is returned and *previous names where the first one is. */
int writer_declare_kind(struct store_writer *w, const char *name, const char *badge,
                        const char *description, struct position pos, struct position *previous);
int writer_declare_relation(struct store_writer *w, const char *name, const char *inverse,
                            bool secondary, const char *description, struct position pos,
                            struct position *previous);
bool writer_kind_known(struct store_writer *w, const char *name);
bool writer_relation_known(struct store_writer *w, const char *name);
/* Remembers a kind or relation name to check once every file is read. */
int writer_add_pending(struct store_writer *w, const char *what, const char *name,
                       struct position pos);

/* Finishes the build: checks the whole model and, when valid and
 * `keep` is true, commits and renames the database to its path.  Returns 0
 * for a valid model, 1 for an invalid one (problems in diags), -1 on an
 * internal or I/O error (also in diags).  Frees the writer. */
int store_writer_finish(struct store_writer *w, const struct model_files *files,
                        struct diag_list *diags, bool keep);
/* Abandons the build and removes the temporary file. */
void store_writer_abort(struct store_writer *w);
const char *writer_errmsg(struct store_writer *w);

#endif
