/*
 * Reading ahead on the second core: a thread reads the stream (inflating it
 * when it is compressed) a few blocks ahead of the thread that goes through
 * the lines, which gets the same bytes as when it reads them itself, so the
 * output does not depend on it.  Small streams are read without a thread.
 */
#ifndef MT_READAHEAD_H
#define MT_READAHEAD_H

#include "input/input.h"

#include <pthread.h>

#define RA_BLOCKS 8
#define RA_BLOCK (1u << 20)      /* bytes per read, unless the tests ask for small reads */
/* Streams shorter than this are read by the caller's thread alone. */
#define RA_THREAD_AFTER (1u << 20)

struct ra_block {
	char *buf;
	size_t len, pos;
	long got;                    /* what the read returned: > 0, 0 at the end, < 0 on error */
	const char *err;
};

struct readahead {
	struct byte_reader rd;       /* read from this */
	struct byte_reader *src;
	size_t block;                /* bytes per read */
	uint64_t read_alone;         /* bytes read before the thread started */
	uint64_t thread_after;       /* start it past this many */
	struct ra_block blocks[RA_BLOCKS];
	size_t filled, taken;        /* blocks the thread filled, blocks handed on: running counts */
	bool started, stop;
	bool reader_waits, consumer_waits;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

/**
 * Read @src through @ra->rd in reads of @block bytes; the thread starts once
 * @thread_after bytes were read without it.
 */
void readahead_init(struct readahead *ra, struct byte_reader *src, size_t block,
		    uint64_t thread_after);
/** Stop the thread, if one started, and free the blocks. */
void readahead_release(struct readahead *ra);

#endif
