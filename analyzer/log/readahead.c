#include "log/readahead.h"
#include "util/xalloc.h"

static void *reader_main(void *arg)
{
	struct readahead *ra = arg;

	for (;;) {
		struct ra_block *b;

		pthread_mutex_lock(&ra->mu);
		while (ra->filled - ra->taken == RA_BLOCKS && !ra->stop) {
			ra->reader_waits = true;
			pthread_cond_wait(&ra->cv, &ra->mu);
		}
		if (ra->stop) {
			pthread_mutex_unlock(&ra->mu);
			return NULL;
		}
		b = &ra->blocks[ra->filled % RA_BLOCKS];
		pthread_mutex_unlock(&ra->mu);

		b->err = NULL;
		b->got = ra->src->read(ra->src->handle, b->buf, ra->block, &b->err);
		b->len = b->got > 0 ? (size_t)b->got : 0;
		b->pos = 0;

		pthread_mutex_lock(&ra->mu);
		ra->filled++;
		if (ra->consumer_waits) {
			ra->consumer_waits = false;
			pthread_cond_broadcast(&ra->cv);
		}
		pthread_mutex_unlock(&ra->mu);
		if (b->got <= 0)
			return NULL;
	}
}

/* Until the stream proves long, it is read here, as without read-ahead. */
static long read_alone(struct readahead *ra, char *buf, size_t n, const char **err)
{
	long got = ra->src->read(ra->src->handle, buf, n, err);

	if (got > 0)
		ra->read_alone += (uint64_t)got;
	return got;
}

static void start(struct readahead *ra)
{
	size_t i;

	for (i = 0; i < RA_BLOCKS; i++)
		ra->blocks[i].buf = xmalloc(ra->block);
	pthread_mutex_init(&ra->mu, NULL);
	pthread_cond_init(&ra->cv, NULL);
	ra->started = true;
	if (pthread_create(&ra->thread, NULL, reader_main, ra)) {
		fputs("memtriage: error: cannot start a thread\n", stderr);
		exit(5);
	}
}

static long ra_read(void *handle, char *buf, size_t n, const char **err)
{
	struct readahead *ra = handle;
	struct ra_block *b;
	size_t copy;

	if (!ra->started && ra->read_alone < ra->thread_after)
		return read_alone(ra, buf, n, err);
	if (!ra->started)
		start(ra);
	pthread_mutex_lock(&ra->mu);
	while (ra->filled == ra->taken) {
		ra->consumer_waits = true;
		pthread_cond_wait(&ra->cv, &ra->mu);
	}
	b = &ra->blocks[ra->taken % RA_BLOCKS];
	pthread_mutex_unlock(&ra->mu);
	if (b->got <= 0) {
		*err = b->err;
		return b->got; /* the block stays: every later read says the same */
	}
	copy = n < b->len - b->pos ? n : b->len - b->pos;
	memcpy(buf, b->buf + b->pos, copy);
	b->pos += copy;
	if (b->pos == b->len) {
		pthread_mutex_lock(&ra->mu);
		ra->taken++;
		/* wake the reader when half the blocks are free, not at each: waking costs */
		if (ra->reader_waits && ra->filled - ra->taken <= RA_BLOCKS / 2) {
			ra->reader_waits = false;
			pthread_cond_broadcast(&ra->cv);
		}
		pthread_mutex_unlock(&ra->mu);
	}
	return (long)copy;
}

void readahead_init(struct readahead *ra, struct byte_reader *src, size_t block,
		    uint64_t thread_after)
{
	memset(ra, 0, sizeof(*ra));
	ra->rd = (struct byte_reader){ ra_read, ra };
	ra->src = src;
	ra->block = block;
	ra->thread_after = thread_after;
}

void readahead_release(struct readahead *ra)
{
	size_t i;

	if (ra->started) {
		pthread_mutex_lock(&ra->mu);
		ra->stop = true;
		ra->reader_waits = false;
		pthread_cond_broadcast(&ra->cv);
		pthread_mutex_unlock(&ra->mu);
		pthread_join(ra->thread, NULL);
		pthread_mutex_destroy(&ra->mu);
		pthread_cond_destroy(&ra->cv);
	}
	for (i = 0; i < RA_BLOCKS; i++)
		free(ra->blocks[i].buf);
	memset(ra, 0, sizeof(*ra));
}
