/* Loading a model (model_load): the files are read one after another as
 * streams of YAML events (yaml_events.h), each event handed to the part of
 * the format the innermost open frame belongs to, with every row going to
 * the store writer as soon as it is complete; then the whole model is
 * checked (loader_check.c) and a valid one kept.  The parts: entities
 * (loader_entities.c), facts, links and citations (loader_facts.c),
 * declarations (loader_declarations.c); the frame stack is
 * loader_frames.c's. */
#include "loader_private.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "icsview/base/model.h"
#include "icsview/base/paths.h"
#include "icsview/base/signals.h"
#include "icsview/store/build_progress.h"

#define STRINGIFY(x) #x
#define TEXT_OF(x) STRINGIFY(x)
/* MODEL_FORMAT_VERSION as a file gives it */
#define FORMAT_VERSION_TEXT TEXT_OF(MODEL_FORMAT_VERSION)

/* ---- the top level ---------------------------------------------------- */

static void top_value(struct loader *ld, struct frame *f, const struct yevent *ev)
{
	const char *key = f->key;
	char *text = NULL;

	if (strcmp(key, "icsview") == 0) {
		ld->saw_version = true;
		if (ev->type != YEV_SCALAR) {
			wrong_type(ld, ev, "'icsview'", "the format version " FORMAT_VERSION_TEXT);
		} else if (strcmp(ev->value, FORMAT_VERSION_TEXT) != 0) {
			error_at(ld, ev->line, ev->col,
			         "unsupported format version '%s' (this icsview reads version %d)",
			         ev->value, MODEL_FORMAT_VERSION);
		}
	} else if (strcmp(key, "title") == 0) {
		if (take_scalar(ld, ev, key, &text, false))
			stored(ld, writer_set_file_title(ld->writer, ld->file_no, text));
		free(text);
	} else if (strcmp(key, "source") == 0) {
		take_sources(ld, ev, CITE_FILE, ld->file_no, NO_FRAME);
	} else if (strcmp(key, "kinds") == 0 || strcmp(key, "relations") == 0) {
		if (ev->type != YEV_MAP_START)
			wrong_type(ld, ev, key[0] == 'k' ? "'kinds'" : "'relations'", "a mapping");
		else
			frame_push(ld, key[0] == 'k' ? F_KINDS : F_RELATIONS, ev);
	} else if (strcmp(key, "entities") == 0) {
		if (ev->type != YEV_SEQ_START && !is_null(ev))
			wrong_type(ld, ev, "'entities'", "a list of entities");
		else if (ev->type == YEV_SEQ_START)
			frame_push(ld, F_ENTITY_LIST, ev);
	} else if (strncmp(key, "x-", 2) == 0) {
		skip_value(ld, ev);    /* extensions: a place for anchors and other tools' data */
	} else {
		unknown_key(ld, f, "the top level",
		            "icsview, title, source, kinds, relations, entities, x-…", ev);
	}
}

/* ---- the event dispatcher ----------------------------------------------- */

static void map_key(struct loader *ld, struct frame *f, const struct yevent *ev)
{
	bool added;

	if (ev->type != YEV_SCALAR) {
		error_at(ld, ev->line, ev->col, "mapping keys must be scalars, not %s",
		         yevent_describe(ev->type));
		f->key = xstrdup("");
		f->skip_value = true;
		skip_value(ld, ev);    /* may move the frames: f is not used after this */
		return;
	}
	f->key = xstrndup(ev->value, ev->length);
	f->key_line = ev->line;
	f->key_col = ev->col;
	strmap_insert(&f->keys, f->key, &added);
	if (!added) {
		error_at(ld, ev->line, ev->col, "duplicate %s '%s'",
		         f->type == F_FACTS ? "fact" : f->type == F_KINDS ? "kind" :
		         f->type == F_RELATIONS ? "relation" : "key", f->key);
		f->skip_value = true;
	}
}

static void map_value(struct loader *ld, struct frame *f, const struct yevent *ev)
{
	switch (f->type) {
	case F_TOP: top_value(ld, f, ev); break;
	case F_ENTITY: entity_value(ld, f, ev); break;
	case F_FACTS: fact_value(ld, f->owner, f->key, ev, false); break;
	case F_FACT_MAP: fact_map_value(ld, f, ev); break;
	case F_LINK: link_value(ld, f, ev); break;
	case F_KINDS: case F_RELATIONS: declaration_start(ld, f, ev); break;
	case F_KIND_DEF: case F_RELATION_DEF: declaration_value(ld, f, ev); break;
	default: skip_value(ld, ev); break;
	}
}

static void list_item(struct loader *ld, struct frame *f, const struct yevent *ev)
{
	switch (f->type) {
	case F_ENTITY_LIST: entity_start(ld, f->owner, ev); break;
	case F_AKA: add_aka(ld, f->owner, draft_counter(ld, f->counter_frame, true), ev); break;
	case F_SOURCES:
		add_citation(ld, f->cite_owner, f->owner, draft_counter(ld, f->counter_frame, false), ev);
		break;
	case F_FACT_LIST: fact_value(ld, f->owner, f->name, ev, true); break;
	case F_LINKS: link_start(ld, f->owner, ev); break;
	default: skip_value(ld, ev); break;
	}
}

static void close_frame(struct loader *ld)
{
	struct frame *f = frame_top(ld);

	switch (f->type) {
	case F_TOP:
		if (!ld->saw_version)
			error_at(ld, f->line, f->col, "missing 'icsview: %d' (the format version)",
			         MODEL_FORMAT_VERSION);
		break;
	case F_ENTITY: entity_end(ld, f); break;
	case F_FACT_MAP: fact_map_end(ld, f); break;
	case F_LINK: link_end(ld, f); break;
	case F_KIND_DEF: case F_RELATION_DEF: declaration_end(ld, f); break;
	default: break;
	}
	frame_pop(ld);
}

/* The event handler's result (yevent_handler): 0 to read on, -1 to stop
 * when a limit was hit or the writer failed. */
static int read_on(const struct loader *ld)
{
	return ld->fatal ? -1 : 0;
}

/* Publishes the counts for a watcher, and stops the build when it asked:
 * true to stop. */
static bool publish_progress(struct loader *ld)
{
	struct build_progress *p = ld->progress;

	ld->events = 0;
	atomic_store_explicit(&p->entities, ld->summary.entities, memory_order_relaxed);
	atomic_store_explicit(&p->links, ld->summary.links, memory_order_relaxed);
	if (!build_progress_cancelled(p))
		return false;
	ld->fatal = true;
	return true;
}

/* Hands one event to the part of the format the innermost frame is in. */
static int on_event(void *ctx, const struct yevent *ev)
{
	struct loader *ld = ctx;
	struct frame *f;
	size_t index;

	if (ld->fatal)
		return -1;
	if (ld->progress && ++ld->events == BUILD_PROGRESS_EVERY && publish_progress(ld))
		return -1;
	if (ld->depth == 0) {
		if (ev->type != YEV_MAP_START) {
			error_at(ld, ev->line, ev->col,
			         "a model file must be a mapping with 'icsview: %d', not %s",
			         MODEL_FORMAT_VERSION, yevent_describe(ev->type));
			return -1;
		}
		frame_push(ld, F_TOP, ev);
		return 0;
	}
	f = frame_top(ld);
	if (f->type == F_SKIP) {
		if (is_start(ev))
			f->skip_depth++;
		else if ((ev->type == YEV_MAP_END || ev->type == YEV_SEQ_END) && --f->skip_depth == 0)
			frame_pop(ld);
		return 0;
	}
	if (ev->type == YEV_MAP_END || ev->type == YEV_SEQ_END) {
		close_frame(ld);
		return read_on(ld);
	}
	if (!f->is_map) {
		list_item(ld, f, ev);
		return read_on(ld);
	}
	if (!f->key) {
		map_key(ld, f, ev);
		return read_on(ld);
	}
	index = ld->depth - 1;
	if (f->skip_value)
		skip_value(ld, ev);
	else
		map_value(ld, f, ev);
	/* a pushed frame may have moved the stack: find this map again */
	f = &ld->frames[index];
	free(f->key);
	f->key = NULL;
	f->skip_value = false;
	return read_on(ld);
}

/* ---- loading a model ------------------------------------------------------ */

static void load_file(struct loader *ld, int file_no)
{
	const struct model_file *file = &ld->files->items[file_no];

	ld->path = file->path;
	ld->file_no = file_no;
	ld->saw_version = false;
	ld->file_source_count = 0;
	if (ld->progress) {
		build_progress_set_file(ld->progress, file->path);
		atomic_store_explicit(&ld->progress->file_no, (size_t)file_no, memory_order_relaxed);
	}
	if (stored(ld, writer_add_file(ld->writer, file_no, file)) != 0)
		return;
	yaml_read_file(file->path, file_no, ld->limits, ld->diags, on_event, ld, ld->progress);
	while (ld->depth)
		frame_pop(ld);
}

char *load_scratch_dir(const char *prefix, int *slot, struct diag_list *diags)
{
	char *name = xasprintf("%s-XXXXXX", prefix);
	char *dir = temp_path(name);
	sigset_t ending, saved;
	bool made;

	free(name);
	/* made and registered with the ending signals held off: one coming in
	 * between would leave the directory */
	signals_ending_set(&ending);
	pthread_sigmask(SIG_BLOCK, &ending, &saved);
	made = mkdtemp(dir) != NULL;
	*slot = made ? signals_add_temporary_dir(dir) : -1;
	pthread_sigmask(SIG_SETMASK, &saved, NULL);
	if (made)
		return dir;
	diag_add(diags, -1, "", 0, 0, "cannot create a scratch directory %s: %s", dir,
	         strerror(errno));
	free(dir);
	return NULL;
}

/* What the watcher learns before the first byte is read. */
static void start_progress(struct build_progress *p, const struct model_files *files)
{
	size_t total = 0;

	if (!p)
		return;
	for (size_t i = 0; i < files->count; i++)
		total += (size_t)files->items[i].size;
	atomic_store_explicit(&p->files, files->count, memory_order_relaxed);
	atomic_store_explicit(&p->bytes_total, total, memory_order_relaxed);
	build_progress_phase(p, BUILD_PHASE_READING);
}

/* The result of a build its watcher cancelled: whatever stopped it. */
static enum load_result cancelled_result(struct build_progress *p, enum load_result rc)
{
	return rc != LOAD_VALID && build_progress_cancelled(p) ? LOAD_CANCELLED : rc;
}

enum load_result model_load(const char *const *paths, size_t count, const char *db_path,
                            const struct load_limits *limits, struct diag_list *diags,
                            struct load_summary *summary)
{
	return model_load_watched(paths, count, db_path, limits, NULL, diags, summary);
}

enum load_result model_load_watched(const char *const *paths, size_t count, const char *db_path,
                                    const struct load_limits *limits,
                                    struct build_progress *progress, struct diag_list *diags,
                                    struct load_summary *summary)
{
	struct model_files files = { 0 };
	struct loader ld = { .limits = limits, .diags = diags, .files = &files,
	                     .progress = progress };
	char *scratch_dir = NULL, *scratch = NULL;
	int scratch_slot = -1;
	char *error = NULL;
	enum load_result rc;

	refs_init(&ld.refs);
	model_files_collect(&files, paths, count, diags);
	if (!db_path) {
		if (!(scratch_dir = load_scratch_dir("icsview-check", &scratch_slot, diags))) {
			rc = LOAD_FAILED;
			goto out;
		}
		scratch = xasprintf("%s/model.db", scratch_dir);
	}
	start_progress(progress, &files);
	/* the search index is built once the database is in place, from it
	 * (store_search_build): the tree comes first */
	ld.writer = store_writer_begin(db_path ? db_path : scratch, progress, &error);
	if (!ld.writer) {
		diag_add(diags, -1, "", 0, 0, "%s", error);
		free(error);
		rc = LOAD_FAILED;
		goto out;
	}
	for (size_t i = 0; i < files.count && !ld.fatal; i++)
		load_file(&ld, (int)i);
	if (ld.fatal) {
		rc = ld.store_failed ? LOAD_FAILED : LOAD_INVALID;
		goto out;
	}
	/* between steps too: a small model has no 256 events to check at */
	if (progress && publish_progress(&ld)) {
		rc = LOAD_CANCELLED;
		goto out;
	}
	build_progress_phase(progress, BUILD_PHASE_CHECKING);
	if (writer_drain(ld.writer, diags) != 0 || check_model(&ld) != 0) {
		rc = LOAD_FAILED;
		goto out;
	}
	rc = diag_total(diags) ? LOAD_INVALID : LOAD_VALID;
	/* `icsview check` keeps nothing, so it needs no counts and no indexes */
	if (rc == LOAD_VALID && db_path) {
		if (save_tree_counts(&ld) != 0) {
			rc = LOAD_FAILED;
			goto out;
		}
		refs_free(&ld.refs);
		if (build_progress_cancelled(progress)) {
			rc = LOAD_CANCELLED;
			goto out;
		}
		rc = store_writer_finish(ld.writer, diags) == 0 ? LOAD_VALID : LOAD_FAILED;
		ld.writer = NULL;
	}
out:
	store_writer_abort(ld.writer);
	ld.summary.files = files.count;
	if (summary)
		*summary = ld.summary;
	refs_free(&ld.refs);
	free(ld.frames);
	if (scratch_dir)
		rmdir(scratch_dir);   /* the writer removed what it wrote there */
	signals_forget_temporary(scratch_slot);
	free(scratch_dir);
	free(scratch);
	model_files_free(&files);
	rc = cancelled_result(progress, rc);
	build_progress_phase(progress, BUILD_PHASE_DONE);
	return rc;
}
