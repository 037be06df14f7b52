/* The notes store: a reviewer's notes, flags and "reviewed" marks, kept in
 * an SQLite file of their own (never in the model database, which is a
 * cache that is rebuilt at will).  Nothing here knows about the terminal and
 * nothing is printed: every problem is returned as a code and a message.
 *
 * The file.  $XDG_DATA_HOME/icsview/notes.db (or ~/.local/share/icsview/
 * notes.db; the directory is created with mode 0700, a new file with 0600),
 * or any path the caller gives (--notes FILE).  It is identified by PRAGMA
 * application_id and its schema version by PRAGMA user_version.  A file
 * that is not an SQLite database, fails PRAGMA quick_check, belongs to
 * another application or has an unknown schema version is refused and never
 * written to: the checks are made before anything is written, even the
 * switch to WAL.
 *
 * Keys.  Notes are keyed by (model key, entity id).  The model key is a
 * stable name the caller chooses for the model ("default", or the model
 * paths joined), so that notes survive reloading or regenerating the model;
 * one notes file can hold the notes of several models.
 *
 * Durability and sharing.  The file is in WAL mode and every change is one
 * transaction of its own (BEGIN IMMEDIATE … COMMIT, synchronous=FULL), so a
 * crash or kill -9 loses nothing that a call reported as saved, and a
 * failed write (disk full, I/O error) leaves nothing half-written.  Several
 * processes may share the file: a write waits for another's (busy timeout,
 * 5 s by default) instead of failing.  No read transaction is held between
 * calls, so every call sees what other processes have committed.
 *
 * Read-only.  With options.read_only, or when the file or its directory is
 * not writable (or SQLite opens the file read-only), the store opens
 * read-only and says so in notes_status; every write then returns
 * NOTES_READ_ONLY.  As root, permission bits do not stop writes: there the
 * option is the way to ask for read-only.  A missing or empty file opened
 * read-only behaves as an empty store (nothing is created).
 *
 * Schema versions.  A file of an older version (1) is brought up to this
 * one (the tables added since, in one transaction) when it is opened for
 * writing, and read as it is when read-only; a newer one is refused.  An
 * icsview that knows only an older version refuses a file brought up to a
 * newer one.
 *
 * Text.  Note text is stored exactly as given (UTF-8 is expected but not
 * checked; control characters are kept: escaping them is the display's
 * job), up to NOTES_MAX_TEXT bytes.  Every text column is read by its
 * length: a NUL byte that another program put in one is handed over as
 * OUTPUT_NUL (output.h), which every output escapes as a NUL. */
#ifndef ICSVIEW_NOTES_H
#define ICSVIEW_NOTES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NOTES_SCHEMA_VERSION 2
#define NOTES_APPLICATION_ID 0x4943534e   /* "ICSN" */
#define NOTES_MAX_TEXT (1024 * 1024)      /* bytes of one note */
#define NOTES_MAX_ID 4096                 /* bytes of an entity id or model key */
#define NOTES_BUSY_TIMEOUT_MS 5000

enum notes_result {
	NOTES_OK = 0,
	NOTES_NOT_FOUND = 1,     /* no note for this entity (not an error) */
	NOTES_CONFLICT = 2,      /* the text changed since it was read (notes_save_text) */
	NOTES_ERROR = -1,        /* SQLite failed (I/O error, disk full, busy too long, …) */
	NOTES_READ_ONLY = -2,    /* the store was opened read-only */
	NOTES_TOO_LARGE = -3,    /* text longer than NOTES_MAX_TEXT, or id too long */
	NOTES_INVALID = -4,      /* a bad argument (unknown flag, empty id) */
	NOTES_DAMAGED = -5,      /* a stored value is not one icsview writes (hand-edited) */
};

enum note_flag {
	NOTE_FLAG_NONE = 0,
	NOTE_FLAG_OK,
	NOTE_FLAG_QUESTION,
	NOTE_FLAG_CONCERN,
	NOTE_FLAG_COUNT,
};
/* "none", "ok", "question", "concern"; NULL for anything else. */
const char *note_flag_name(enum note_flag flag);
/* By name (ASCII case ignored); false when unknown. */
bool note_flag_parse(const char *name, enum note_flag *out);
/* none → ok → question → concern → none. */
enum note_flag note_flag_next(enum note_flag flag);

struct notes;

struct notes_options {
	bool read_only;          /* never write, even when the file is writable */
	int busy_timeout_ms;     /* 0: NOTES_BUSY_TIMEOUT_MS */
	const char *user;        /* who is recorded; NULL: the login name */
};

struct notes_status {
	bool read_only;          /* opened read-only: message says why */
	bool created;            /* a new notes file was created */
	char *message;           /* why read-only, or why the open failed; else NULL */
	char *path;              /* the file used */
};
void notes_status_clear(struct notes_status *status);

/* $XDG_DATA_HOME/icsview/notes.db, else $HOME/.local/share/icsview/notes.db;
 * NULL when neither variable is usable.  Caller frees. */
char *notes_default_path(void);

/* Opens or creates the notes file at path (NULL: notes_default_path(), whose
 * directory is created).  model_key NULL means "default".  Returns NULL when
 * the file cannot be used, with status->message saying why (the file is
 * then left exactly as it was).  status is always filled; clear it with
 * notes_status_clear.  opts may be NULL. */
struct notes *notes_open_with(const char *path, const char *model_key,
                              const struct notes_options *opts, struct notes_status *status);
struct notes *notes_open(const char *path, const char *model_key, struct notes_status *status);
void notes_close(struct notes *notes);

/* The last error, for the call that returned one; "" otherwise. */
const char *notes_errmsg(struct notes *notes);
bool notes_read_only(struct notes *notes);
const char *notes_model_key(struct notes *notes);
/* The file in use. */
const char *notes_file(struct notes *notes);
const char *notes_user(struct notes *notes);

struct note {
	char *entity_id;
	char *text;              /* "" when there is none */
	enum note_flag flag;
	bool reviewed;
	char *who;               /* who made the last change */
	char *when;              /* and when: UTC, 2024-05-01T12:34:56Z */
	int64_t version;         /* of the text (notes_get, notes_text_change only): it
	                          * grows with every change to the text; 0: never written */
};
void note_clear(struct note *note);

/* The entity's note.  NOTES_NOT_FOUND (with out zeroed: no text, no flag,
 * not reviewed, who and when NULL) when there is none. */
int notes_get(struct notes *notes, const char *entity_id, struct note *out);

/* Each change is committed at once and recorded in the history with who
 * and when.  An entity whose note becomes empty (no text, flag none, not
 * reviewed) has no note any more; its history stays. */
int notes_set_text(struct notes *notes, const char *entity_id, const char *text);
int notes_set_flag(struct notes *notes, const char *entity_id, enum note_flag flag);
int notes_set_reviewed(struct notes *notes, const char *entity_id, bool reviewed);
/* Read and change in one transaction, so that two processes cycling at once
 * both count.  new_flag / new_reviewed may be NULL. */
int notes_cycle_flag(struct notes *notes, const char *entity_id, enum note_flag *new_flag);
int notes_toggle_reviewed(struct notes *notes, const char *entity_id, bool *new_reviewed);
/* Several people editing one note.  notes_save_text saves text only if
 * the note's text is still at version base (the note's version when the
 * editing began): read, compared and written in one transaction, so that
 * two processes cannot both save over the same version.  NOTES_CONFLICT
 * when another changed it since: nothing is written, and *theirs holds
 * the note as notes_text_change reads it (free with note_clear; it is
 * zeroed otherwise).  Flags and reviewed marks need no such check: the
 * latest change wins, the earlier stays in the history. */
int notes_save_text(struct notes *notes, const char *entity_id, const char *text,
                    int64_t base, struct note *theirs);
/* As notes_get, with who and when those of the last change to the text
 * (rather than to the flag or mark). */
int notes_text_change(struct notes *notes, const char *entity_id, struct note *out);
/* Both texts in one, each attributed: theirs, a line "— kept both: above,
 * WHO (WHEN); below, WHO (WHEN)", then mine; only one of them when the
 * other is empty or they are the same.  Caller frees. */
char *notes_join_texts(const char *theirs, const char *their_who, const char *their_when,
                       const char *mine, const char *my_who, const char *my_when);

/* Removes the note (its text is kept in the history).  NOTES_NOT_FOUND when
 * there was none. */
int notes_delete(struct notes *notes, const char *entity_id);

struct note_list {
	struct note *items;
	size_t count, cap;
};
void note_list_clear(struct note_list *list);
/* Every note of the model key, by entity id (byte order). */
int notes_list(struct notes *notes, struct note_list *out);

struct store;
/* The notes of this model key whose entity is not in the model `st` (no
 * entity with that id): listed, never deleted. */
int notes_orphans(struct notes *notes, struct store *st, struct note_list *out);

struct note_change {
	char *entity_id;         /* notes_changes_since only; else NULL */
	char *what;              /* "text", "flag", "reviewed" or "delete"; an import
	                            adds others (notes_import.h) */
	char *value;             /* the new text, flag name, "yes"/"no"; for
	                            "delete" the text that was deleted */
	char *who, *when;
};
struct note_history {
	struct note_change *items;
	size_t count, cap;
};
void note_history_clear(struct note_history *history);
/* The changes to one entity's note, oldest first. */
int notes_history(struct notes *notes, const char *entity_id, struct note_history *out);

/* Drafts: the text of a note being written when the interface was ended
 * from outside (SIGHUP from a dropped connection, SIGTERM), kept so that
 * nothing typed is lost while the note itself stays as last saved.  One
 * draft per entity and user (the notes file may be a team's): keeping a
 * draft replaces the previous one; saving the note's text drops it.
 * notes_draft fills *out (what "draft", value the text, who, when; free
 * with note_change_clear) or returns NOTES_NOT_FOUND. */
int notes_keep_draft(struct notes *notes, const char *entity_id, const char *text);
int notes_draft(struct notes *notes, const char *entity_id, struct note_change *out);
int notes_drop_draft(struct notes *notes, const char *entity_id);
/* How many drafts this user has kept for this model, and the entity of the
 * newest (caller frees; NULL when there is none). */
int notes_drafts_kept(struct notes *notes, size_t *count, char **newest_entity_id);
void note_change_clear(struct note_change *c);

/* The remembered view: what the interface showed when this user last left
 * this model (notes_model_key), so that it opens there again.  One record
 * per model key and user; the fields are text this layer does not
 * interpret (the views layer's saved_view.h makes and reads them), kept up
 * to NOTES_MAX_TEXT bytes each.  Like everything in the file they are
 * untrusted: a hand-edited record may hold anything. */
#define NOTES_VIEW_VERSION 1       /* the record's format, as written here */
struct notes_view {
	int64_t version;         /* of the record's format */
	char *selection;         /* an entity id; NULL: none */
	char *root;              /* the drill-down root's entity id; NULL: the top */
	char *filter;            /* the filter's text; NULL: none */
	char *marks;             /* the marks, serialised; NULL: none */
	char *when;              /* when it was stored (notes_view_get only) */
};
void notes_view_clear(struct notes_view *view);
/* This user's record for the model: NOTES_OK, NOTES_NOT_FOUND (none, or an
 * older file read as it is), NOTES_DAMAGED when a value is not text of at
 * most NOTES_MAX_TEXT bytes (or the version not a number), with
 * notes_errmsg saying which; NOTES_ERROR.  out is zeroed unless NOTES_OK. */
int notes_view_get(struct notes *notes, struct notes_view *out);
/* Replaces this user's record (view->when is ignored), in one transaction.
 * A write waits for another process's at most wait_ms (0: the busy
 * timeout), so that the interface is never held up long: NOTES_ERROR when
 * the file stayed busy.  NOTES_READ_ONLY, NOTES_TOO_LARGE. */
int notes_view_put(struct notes *notes, const struct notes_view *view, int wait_ms);

/* What others changed: the history's changes of this model key after
 * history id `since`, oldest first, but those written through this handle
 * (and drafts); at most NOTES_CHANGES_MAX of them, *last set to the id to
 * pass next time.  notes_last_change gives the first `since`. */
#define NOTES_CHANGES_MAX 1000
int notes_changes_since(struct notes *notes, int64_t since, struct note_history *out,
                        int64_t *last);
int notes_last_change(struct notes *notes, int64_t *hid);

/* For the interface's refresh key.  Every call already reads what was last
 * committed (no read transaction is kept open, and WAL readers see every
 * commit), so there is nothing to re-read: this only reports, through
 * *changed, whether another connection has committed since the previous
 * refresh (PRAGMA data_version), so that the caller knows to redraw. */
int notes_refresh(struct notes *notes, bool *changed);

#endif
