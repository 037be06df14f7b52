/* Filters as the interface applies them (icsbench keys): the key is parse,
 * the first step (filter_start), the tree rebuilt and the screen's rows
 * opened the way to the matches and read.  Then as the interface goes on
 * between keys: steps, and after each frame of them (40 ms) the tree
 * rebuilt and the screen read again; a key waits for the step under way
 * and that at most.  Then the time to the complete result on screen; then
 * clear. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "benchutil.h"
#include "icsbench.h"
#include "icsview/query/filter.h"

/* How long a frame of filter steps runs before the tree is drawn again. */
#define FRAME_SECONDS 0.040

/* What a filter is timed for beyond its key. */
struct filter_samples {
	struct samples *done;     /* to the complete result */
	struct samples *steps;    /* each step */
	struct samples *frames;   /* the tree again after a frame */
};

/* One run of the filter expr, then cleared; *nsteps counts its steps.
 * false when it does not parse or start. */
static bool run_filter(struct browse *b, const char *expr, struct filter_samples *fs,
                       struct filter_result *fr, size_t *nsteps)
{
	struct filter_error err;
	struct filter *f;
	double t, frame;

	t = bench_now();
	f = filter_parse(expr, &err);
	if (!f || filter_start(b->st, f, NULL, fr) != FILTER_OK) {
		fprintf(stderr, "icsbench: filter %s failed: %s\n", expr,
		        f ? fr->error.message : err.message);
		filter_free(f);
		return false;
	}
	filter_free(f);
	outline_set_root(&b->o, 0, 0);
	outline_set_opening(&b->o, true);
	b->top = 0;
	outline_open_rows(&b->o, b->top, SCREEN_ROWS);
	read_screen(&b->o, &b->top);
	samples_add(b->s, bench_now() - t);
	frame = bench_now();
	while (!fr->complete) {
		double ts = bench_now();
		if (filter_step(b->st, fr) != FILTER_OK)
			break;
		samples_add(fs->steps, bench_now() - ts);
		(*nsteps)++;
		if (fr->complete || bench_now() - frame >= FRAME_SECONDS) {
			int64_t sel = outline_selected_eid(&b->o);
			ts = bench_now();
			outline_set_root(&b->o, 0, sel);
			outline_open_rows(&b->o, b->top, SCREEN_ROWS);
			read_screen(&b->o, &b->top);
			samples_add(fs->frames, bench_now() - ts);
			frame = bench_now();
		}
	}
	samples_add(fs->done, bench_now() - t);
	filter_clear(b->st);
	outline_set_opening(&b->o, false);
	outline_set_root(&b->o, 0, 0);
	return true;
}

/* The runs of the filter expr, the k-th (from 1), and their figures. */
static void time_filter(struct browse *b, size_t k, const char *expr, struct filter_samples *fs)
{
	struct filter_result fr = { 0 };
	char name[64], extra[160];
	size_t nsteps = 0;

	for (int i = 0; i < b->runs * 2; i++)
		if (!run_filter(b, expr, fs, &fr, &nsteps))
			break;
	snprintf(name, sizeof name, "key_filter_%zu", k);
	snprintf(extra, sizeof extra, "filter=\"%s\" matched=%lld", expr, (long long)fr.matched);
	samples_report(name, b->s, 16, extra);
	b->s->n = 0;
	snprintf(name, sizeof name, "key_filter_%zu_complete", k);
	samples_report(name, fs->done, 0, extra);
	fs->done->n = 0;
	snprintf(name, sizeof name, "key_filter_%zu_step", k);
	snprintf(extra, sizeof extra, "filter=\"%s\" steps=%zu", expr, nsteps / (size_t)(b->runs * 2));
	samples_report(name, fs->steps, 0, extra);
	fs->steps->n = 0;
	snprintf(name, sizeof name, "key_filter_%zu_refresh", k);
	samples_report(name, fs->frames, 0, NULL);
	fs->frames->n = 0;
}

void keys_filter(struct browse *b)
{
	static const char *filters[] = { "kind:board", "population>500000", "type:pharmacy",
	                                 "serves:sheffield", "has:chairs", "shef",
	                                 "kind:organisation cqc_rating=good" };
	struct filter_samples fs = { calloc(1, sizeof *fs.done), calloc(1, sizeof *fs.steps),
	                             calloc(1, sizeof *fs.frames) };

	for (size_t k = 0; k < sizeof filters / sizeof filters[0] && fs.done && fs.steps && fs.frames;
	     k++)
		time_filter(b, k + 1, filters[k], &fs);
	free(fs.done);
	free(fs.steps);
	free(fs.frames);
}
