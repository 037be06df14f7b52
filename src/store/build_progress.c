#include "icsview/store/build_progress.h"

#include <stdio.h>

void build_progress_set_file(struct build_progress *p, const char *path)
{
	pthread_mutex_lock(&p->file_lock);
	snprintf(p->file, sizeof(p->file), "%s", path);
	pthread_mutex_unlock(&p->file_lock);
}

void build_progress_file(struct build_progress *p, char *buf, size_t size)
{
	pthread_mutex_lock(&p->file_lock);
	snprintf(buf, size, "%s", p->file);
	pthread_mutex_unlock(&p->file_lock);
}

const char *build_phase_name(enum build_phase phase)
{
	switch (phase) {
	case BUILD_PHASE_NONE: return "opening";
	case BUILD_PHASE_READING: return "reading";
	case BUILD_PHASE_CHECKING: return "checking";
	case BUILD_PHASE_INDEXING: return "indexing";
	case BUILD_PHASE_SEARCH: return "search index";
	case BUILD_PHASE_DONE: return "done";
	}
	return "building";
}

/* Below these the rate read so far says too little to extrapolate from. */
#define ESTIMATE_MIN_SECONDS 0.5
#define ESTIMATE_MIN_PERMILLE 10

void build_progress_snapshot(struct build_progress *p, double elapsed,
                             struct build_progress_view *out)
{
	size_t read = atomic_load_explicit(&p->bytes_read, memory_order_relaxed);
	size_t total = atomic_load_explicit(&p->bytes_total, memory_order_relaxed);

	out->phase = build_progress_phase_now(p);
	build_progress_file(p, out->file, sizeof(out->file));
	out->file_no = atomic_load_explicit(&p->file_no, memory_order_relaxed);
	out->files = atomic_load_explicit(&p->files, memory_order_relaxed);
	out->entities = atomic_load_explicit(&p->entities, memory_order_relaxed);
	out->links = atomic_load_explicit(&p->links, memory_order_relaxed);
	if (read > total)
		read = total;   /* a file grown since its size was taken */
	out->permille = total ? (unsigned)((double)read * 1000.0 / (double)total) : 0;
	if (out->phase > BUILD_PHASE_READING)
		out->permille = 1000;
	if (out->phase == BUILD_PHASE_SEARCH)
		out->permille = atomic_load_explicit(&p->search_permille, memory_order_relaxed);
	out->elapsed = elapsed;
	out->walking = atomic_load_explicit(&p->walk.walking, memory_order_relaxed);
	out->walk_files = atomic_load_explicit(&p->walk.files, memory_order_relaxed);
	out->walk_dirs = atomic_load_explicit(&p->walk.dirs, memory_order_relaxed);
	model_walk_dir(&p->walk, out->walk_dir, sizeof(out->walk_dir));
	out->left = -1;
	if (out->phase == BUILD_PHASE_READING && elapsed >= ESTIMATE_MIN_SECONDS &&
	    out->permille >= ESTIMATE_MIN_PERMILLE)
		out->left = elapsed * (double)(1000 - out->permille) / (double)out->permille;
}
