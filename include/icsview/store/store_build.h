/* Building a model database: the loader hands every entity, fact, link and
 * declaration to a writer, which inserts them on a thread of its own, in one
 * transaction with prepared statements; the loader resolves references as it
 * reads (load_refs.h), so rows arrive with row ids, and fixes up the few it
 * could not resolve once the writer is drained.  Finishing builds the
 * indexes and moves the database into place; the caller finishes only a
 * valid model.  Its search index is built from it, after it
 * (store_search_build, store.h) or, for a caller that searches next,
 * beside its indexes (build_progress.h: search_next). */
#ifndef ICSVIEW_STORE_BUILD_H
#define ICSVIEW_STORE_BUILD_H

#include <stdbool.h>
#include <stdint.h>
#include "icsview/base/diag.h"
#include "icsview/base/model_files.h"
#include "icsview/store/store.h"

struct store_writer;

struct position {
	int file_no;
	unsigned line, col;
};

struct entity_row {
	int64_t eid;
	const char *id, *kind, *name, *type, *text;
	int64_t parent;          /* 0: none, or an explicit parent not resolved yet */
	bool explicit_parent;    /* given by `parent:`, written at parent_line:parent_col */
	struct position pos;
	unsigned parent_line, parent_col;
	int id_aka;              /* the place among its aka of one that is its id and is
	                            not written with writer_add_aka; -1: none */
};

struct link_row {
	int64_t lid;
	int64_t src, dst;        /* dst 0: not resolved yet (writer_fix_link) */
	const char *rel;         /* the relation's name once resolved; until then as written */
	struct position pos;
	int64_t owner;           /* the entity in whose mapping it is written (src or dst) */
	unsigned owner_line;     /* that entity's line */
};

/* Starts a new database at a temporary name beside `path`, and the thread
 * that writes it.  With progress (may be NULL),
 * store_writer_finish says its phases there, and its statements fail once
 * progress->cancel is set (build_progress.h).  NULL with *error set on
 * failure. */
struct build_progress;
struct store_writer *store_writer_begin(const char *path, struct build_progress *progress,
                                        char **error);
/* Registers a model file; its number is its index in `files`. */
int writer_add_file(struct store_writer *w, int file_no, const struct model_file *file);
int writer_set_file_title(struct store_writer *w, int file_no, const char *title);

int writer_add_entity(struct store_writer *w, const struct entity_row *row);
int writer_add_aka(struct store_writer *w, int64_t eid, int ord, const char *value);
/* reason: an inferred value's (NULL: stated); owner_line: the line of the
 * fact's entity (a fact is written in its mapping) */
int writer_add_fact(struct store_writer *w, int64_t fid, int64_t eid, const char *key,
                    const char *value, const char *note, const char *reason,
                    struct position pos, unsigned owner_line);
int writer_add_link(struct store_writer *w, const struct link_row *row);
int writer_add_link_fact(struct store_writer *w, int64_t lid, int ord, const char *key,
                         const char *value);
/* source: the cited entity's row id, 0 when not resolved yet */
int writer_add_citation(struct store_writer *w, enum citation_owner owner_type, int64_t owner,
                        int ord, const char *source_id, int64_t source, struct position pos);

/* What a declaration of a kind or relation found. */
enum writer_declared {
	WRITER_DECLARE_FAILED = -1,     /* the writer failed: writer_errmsg says why */
	WRITER_DECLARED = 0,            /* recorded, or the same as the first */
	WRITER_DECLARED_DIFFERENTLY,    /* *previous names the first, which differs */
};
/* Declarations.  A second declaration of the same name must agree with the
 * first. */
enum writer_declared writer_declare_kind(struct store_writer *w, const char *name,
                                         const char *badge, const char *description,
                                         struct position pos, struct position *previous);
enum writer_declared writer_declare_relation(struct store_writer *w, const char *name, const char *inverse,
                            bool secondary, const char *description, struct position pos,
                            struct position *previous);
bool writer_kind_known(struct store_writer *w, const char *name);
bool writer_relation_known(struct store_writer *w, const char *name);
/* The relation declared with `name` as its name or its inverse name: its
 * name, whether `name` is the inverse, whether it is secondary.  False
 * when no relation is declared with that name (yet). */
bool writer_relation(struct store_writer *w, const char *name, const char **forward,
                     bool *inverse, bool *secondary);
/* Remembers a kind or relation name to check once every file is read
 * (what: "kind" or "relation"). */
int writer_add_pending(struct store_writer *w, const char *what, const char *name,
                       struct position pos);

/* Waits until every row handed over is written: from then on the database
 * belongs to the caller's thread, for the calls below.  For a watcher that
 * searches next (build_progress.h), the search index's build starts here,
 * from the rows (store_writer_finish hands it over, store_writer_abort
 * stops it).  Returns -1 (with the reason in diags) when the writer
 * failed. */
int writer_drain(struct store_writer *w, struct diag_list *diags);
/* Reports every pending kind and relation name that was never declared. */
void writer_report_unknown_names(struct store_writer *w, const struct model_files *files,
                                 struct diag_list *diags);
/* Fix-ups of references resolved after the last file (after writer_drain). */
int writer_fix_parent(struct store_writer *w, int64_t eid, int64_t parent);
/* The kind of every entity written before its kind was declared (after
 * writer_report_unknown_names). */
int writer_fix_kinds(struct store_writer *w);
/* A link written by written_src before its relation or target was known,
 * stored as src rel dst (rel: its name as declared, or as written when no
 * relation has it). */
int writer_fix_link(struct store_writer *w, int64_t lid, int64_t written_src, int64_t src,
                    const char *rel, int64_t dst);
int writer_fix_citation(struct store_writer *w, enum citation_owner owner_type, int64_t owner,
                        int ord, int64_t source);
/* For a reference to an id that no entity has (after writer_drain): the
 * id of the entity that has `code` among its codes and other names
 * (ignoring case; an exact match first), so that the report can name it;
 * NULL when none has it, or when the database cannot say.  Caller frees.
 * The first call indexes the codes, as the finished build would: it is
 * meant for a model that is invalid already. */
char *writer_code_owner(struct store_writer *w, const char *code);
/* The stored counts of an entity's own and secondary children. */
int writer_set_counts(struct store_writer *w, int64_t eid, int64_t n_children, int64_t n_linked);

/* Finishes the build of a valid model (after writer_drain): builds the
 * indexes, commits and renames the database to its path (removing the
 * search index of the database it replaces).  Returns 0, or -1 on an internal or I/O error (in diags).  Frees the
 * writer, and removes the temporary file on failure. */
int store_writer_finish(struct store_writer *w, struct diag_list *diags);
/* Abandons the build (an invalid model, a failure, `icsview check`) and
 * removes the temporary file. */
void store_writer_abort(struct store_writer *w);
const char *writer_errmsg(struct store_writer *w);

#endif
