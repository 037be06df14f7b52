/* The bounded queue of batches between the build's threads: the loader's
 * thread fills a batch of records and hands it over; the SQLite thread (or
 * the search thread) takes it, reads it and gives it back for reuse.  At
 * most QUEUE_BATCHES wait, so a loader that gets ahead waits too, and
 * memory stays flat however big the model is. */
#include <stdlib.h>
#include <string.h>
#include "icsview/base/util.h"
#include "build_private.h"

#define QUEUE_BATCHES 4            /* full batches waiting, at most */
#define SPARE_BATCHES 4            /* emptied batches kept for reuse */

void queue_init(struct queue *q)
{
	memset(q, 0, sizeof(*q));
	q->current = xcalloc(1, sizeof(*q->current));
	pthread_mutex_init(&q->lock, NULL);
	pthread_cond_init(&q->filled, NULL);
	pthread_cond_init(&q->emptied, NULL);
	atomic_init(&q->aborted, false);
}

static void free_batches(struct batch *b)
{
	while (b) {
		struct batch *next = b->next;
		free(b->data);
		free(b);
		b = next;
	}
}

void queue_destroy(struct queue *q)
{
	free_batches(q->current);
	free_batches(q->head);
	free_batches(q->spare);
	pthread_mutex_destroy(&q->lock);
	pthread_cond_destroy(&q->filled);
	pthread_cond_destroy(&q->emptied);
}

void queue_hand_over(struct queue *q)
{
	struct batch *b = q->current;

	pthread_mutex_lock(&q->lock);
	while (q->queued >= QUEUE_BATCHES)
		pthread_cond_wait(&q->emptied, &q->lock);
	if (q->tail)
		q->tail->next = b;
	else
		q->head = b;
	q->tail = b;
	q->queued++;
	pthread_cond_signal(&q->filled);
	if (q->spare) {
		q->current = q->spare;
		q->spare = q->spare->next;
		q->spare_count--;
		q->current->next = NULL;
	} else {
		q->current = xcalloc(1, sizeof(*q->current));
	}
	pthread_mutex_unlock(&q->lock);
}

void queue_close(struct queue *q)
{
	if (q->current->len)
		queue_hand_over(q);
	pthread_mutex_lock(&q->lock);
	q->closed = true;
	pthread_cond_signal(&q->filled);
	pthread_mutex_unlock(&q->lock);
}

struct batch *queue_take(struct queue *q)
{
	struct batch *b;

	pthread_mutex_lock(&q->lock);
	while (!q->head && !q->closed)
		pthread_cond_wait(&q->filled, &q->lock);
	b = q->head;
	if (b) {
		q->head = b->next;
		if (!q->head)
			q->tail = NULL;
		q->queued--;
		pthread_cond_signal(&q->emptied);
	}
	pthread_mutex_unlock(&q->lock);
	return b;
}

/* Kept for reuse unless enough are kept already or it grew past twice the
 * usual size (an outsized record): then freed. */
void queue_recycle(struct queue *q, struct batch *b)
{
	b->len = 0;
	b->next = NULL;
	pthread_mutex_lock(&q->lock);
	if (q->spare_count < SPARE_BATCHES && b->cap <= 2 * BATCH_BYTES) {
		b->next = q->spare;
		q->spare = b;
		q->spare_count++;
		b = NULL;
	}
	pthread_mutex_unlock(&q->lock);
	if (b) {
		free(b->data);
		free(b);
	}
}
