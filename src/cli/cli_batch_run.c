/*
 * cli_batch_run.c - the batch pipeline: the main thread reads rows into a ring of slots,
 * worker threads process them, and the main thread writes the finished slots in input
 * order (see cli_batch.h).
 *
 * Why a ring and not blocks: screening time varies by row (a common name has more
 * candidates), so handing out single rows keeps every worker busy, and the ring bounds how
 * far the readers may run ahead of the writer, which bounds memory whatever the input size.
 * The processing function only reads shared state (the index is immutable), so the one
 * mutex guards nothing but the ring's counters; rows are processed outside it.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli_batch.h"

enum {
	RING = 256,                      /* rows in flight */
	MAX_RECORD = 4 * 1024 * 1024     /* bytes of one output record */
};

typedef struct slot {
	cli_batch_row row;
	cli_batch_out out;
	bool done;
} slot;

typedef struct pipeline {
	pthread_mutex_t mu;
	pthread_cond_t work;   /* a row was added, or stop */
	pthread_cond_t ready;  /* the oldest row is done, or a fatal error */
	slot *slots;
	size_t head;           /* rows read */
	size_t claim;          /* rows handed to workers */
	size_t tail;           /* rows written */
	bool stop;
	int fatal;             /* first fatal error of a worker, or 0 */
	char fatal_msg[1024];
	cli_batch_fn fn;
	void *ctx;
} pipeline;

static void *worker(void *arg)
{
	pipeline *p = arg;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		size_t i;
		slot *s;
		int rc;

		while (!p->stop && p->claim == p->head)
			pthread_cond_wait(&p->work, &p->mu);
		if (p->fatal || p->claim == p->head)
			break;
		i = p->claim++;
		pthread_mutex_unlock(&p->mu);

		s = &p->slots[i % RING];
		lk_buf_clear(&s->out.text);
		s->out.match = false;
		s->out.error = false;
		rc = p->fn(p->ctx, &s->row, &s->out);

		pthread_mutex_lock(&p->mu);
		if (rc < 0 && !p->fatal) {
			p->fatal = rc;
			/* the message is thread-local: carry it to the main thread */
			snprintf(p->fatal_msg, sizeof(p->fatal_msg), "%s",
			         lk_error_last()->message);
			p->stop = true;
			pthread_cond_broadcast(&p->work);
		}
		s->done = true;
		if (i == p->tail || p->fatal)
			pthread_cond_signal(&p->ready);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Write n finished slots from index from on (they belong to the main thread now) and free
 * them for reuse, all of them even after a write error. */
static int write_slots(pipeline *p, size_t from, size_t n, FILE *f, cli_batch_stats *stats)
{
	int rc = 0;

	for (size_t k = 0; k < n; k++) {
		slot *s = &p->slots[(from + k) % RING];

		if (rc == 0 && s->out.text.len &&
		    fwrite(s->out.text.ptr, 1, s->out.text.len, f) != s->out.text.len)
			rc = lk_error_set(LK_EIO, "cannot write the output");
		stats->rows++;
		stats->matches += s->out.match;
		stats->errors += s->out.error;
		cli_batch_row_dispose(&s->row);
		lk_buf_clear(&s->out.text);
		s->done = false;
	}
	return rc;
}

/* The main thread's loop: read while there is room, write what is done, else wait. */
static int feed(pipeline *p, cli_batch_reader *r, FILE *f, cli_progress *progress,
                cli_batch_stats *stats)
{
	bool eof = false;
	int rc = 0;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		size_t ready = 0;

		while (p->tail + ready < p->head && p->slots[(p->tail + ready) % RING].done)
			ready++;
		if (ready > 0) {
			size_t from = p->tail;

			pthread_mutex_unlock(&p->mu);
			rc = write_slots(p, from, ready, f, stats);
			pthread_mutex_lock(&p->mu);
			p->tail += ready;
			if (rc < 0)
				break;
			continue;
		}
		if (p->fatal)
			break;
		if (!eof && p->head - p->tail < RING) {
			slot *s = &p->slots[p->head % RING];

			pthread_mutex_unlock(&p->mu);
			rc = cli_batch_next(r, &s->row);
			if (progress)
				cli_progress_update(progress, cli_batch_consumed(r),
				                    cli_batch_size(r));
			pthread_mutex_lock(&p->mu);
			if (rc < 0)
				break;
			if (rc == 0) {
				eof = true;
				continue;
			}
			rc = 0;
			p->head++;
			pthread_cond_signal(&p->work);
			continue;
		}
		if (eof && p->tail == p->head)
			break;
		pthread_cond_wait(&p->ready, &p->mu);
	}
	if (rc == 0 && p->fatal)
		rc = lk_error_set(p->fatal, "%s", p->fatal_msg);
	p->stop = true;
	pthread_cond_broadcast(&p->work);
	pthread_mutex_unlock(&p->mu);
	return rc;
}

int cli_batch_run(cli_batch_reader *r, cli_batch_fn fn, void *ctx, unsigned threads,
                  FILE *f, const char *header, cli_progress *progress, cli_batch_stats *stats)
{
	pipeline p;
	pthread_t tids[CLI_BATCH_MAX_THREADS];
	unsigned started = 0;
	double t0 = now_seconds();
	int rc = 0;

	memset(stats, 0, sizeof(*stats));
	memset(&p, 0, sizeof(p));
	if (threads < 1)
		threads = 1;
	if (threads > CLI_BATCH_MAX_THREADS)
		threads = CLI_BATCH_MAX_THREADS;
	if (header && fputs(header, f) == EOF)
		return lk_error_set(LK_EIO, "cannot write the output");
	p.slots = calloc(RING, sizeof(*p.slots));
	if (!p.slots)
		return lk_error_set(LK_ENOMEM, "out of memory starting the batch");
	for (size_t i = 0; i < RING; i++)
		lk_buf_init(&p.slots[i].out.text, MAX_RECORD);
	p.fn = fn;
	p.ctx = ctx;
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.work, NULL);
	pthread_cond_init(&p.ready, NULL);
	for (; started < threads; started++) {
		if (pthread_create(&tids[started], NULL, worker, &p) != 0)
			break;
	}
	if (started == 0) {
		rc = lk_error_set(LK_ERROR, "cannot start a worker thread");
		goto done;
	}
	rc = feed(&p, r, f, progress, stats);
done:
	for (unsigned t = 0; t < started; t++)
		pthread_join(tids[t], NULL);
	/* rows read but not written (after an error) */
	for (size_t i = p.tail; i < p.head; i++)
		cli_batch_row_dispose(&p.slots[i % RING].row);
	for (size_t i = 0; i < RING; i++)
		lk_buf_dispose(&p.slots[i].out.text);
	free(p.slots);
	pthread_cond_destroy(&p.ready);
	pthread_cond_destroy(&p.work);
	pthread_mutex_destroy(&p.mu);
	if (progress)
		cli_progress_done(progress);
	if (rc == 0 && fflush(f) != 0)
		rc = lk_error_set(LK_EIO, "cannot write the output");
	stats->seconds = now_seconds() - t0;
	return rc;
}

unsigned cli_batch_default_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 1)
		return 1;
	return n > CLI_BATCH_MAX_THREADS ? CLI_BATCH_MAX_THREADS : (unsigned)n;
}

void cli_batch_print_summary(const char *what, const cli_batch_stats *s)
{
	double rate = s->seconds > 0 ? (double)s->rows / s->seconds : 0.0;

	fprintf(stderr, "%s %llu row%s in %.2f s (%.0f rows/s): %llu matched, %llu error%s\n",
	        what, (unsigned long long)s->rows, s->rows == 1 ? "" : "s", s->seconds, rate,
	        (unsigned long long)s->matches, (unsigned long long)s->errors,
	        s->errors == 1 ? "" : "s");
}

/* ---- output helpers ---- */

int cli_csv_put(lk_buf *b, const char *s)
{
	int rc = 0;

	if (!s)
		return 0;
	if (!strpbrk(s, ",\"\r\n"))
		return lk_buf_puts(b, s);
	rc = lk_buf_putc(b, '"');
	for (; rc == 0 && *s; s++) {
		if (*s == '"')
			rc = lk_buf_putc(b, '"');
		if (rc == 0)
			rc = lk_buf_putc(b, *s);
	}
	return rc == 0 ? lk_buf_putc(b, '"') : rc;
}

static int dump_to_buf(const char *data, size_t size, void *ctx)
{
	return lk_buf_put(ctx, data, size) == 0 ? 0 : -1;
}

int cli_json_put_line(lk_buf *b, const json_t *v)
{
	if (!v)
		return lk_error_set(LK_ENOMEM, "out of memory building JSON output");
	if (json_dump_callback(v, dump_to_buf, b, JSON_COMPACT | JSON_REAL_PRECISION(6)) != 0)
		return lk_error_set(LK_ETOOBIG, "an output record is too large");
	return lk_buf_putc(b, '\n');
}
