/*
 * Reading ahead on the second core: a thread reads the stream (inflating it
 * when it is compressed) and runs the prefilter over it, a few blocks ahead
 * of the thread that goes through the lines.  That one reads the same bytes
 * and gets the same hits as when it does everything itself, so the output
 * does not depend on it.  Small streams are read without a thread.
 */
#ifndef MT_READAHEAD_H
#define MT_READAHEAD_H

#include "input/input.h"
#include "log/prefilter.h"

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
	struct pf_hits hits;         /* of this block's bytes */
};

struct readahead {
	struct byte_reader rd;       /* read from this */
	struct byte_reader *src;
	struct pf_scan *scan;        /* NULL: no prefilter */
	struct pf_hits *hits;        /* the hits of each block go here as it is first read from */
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
 * Read @src through @ra->rd in reads of @block bytes, feeding @scan (may be
 * NULL); the thread starts once @thread_after bytes were read without it.
 */
void readahead_init(struct readahead *ra, struct byte_reader *src, struct pf_scan *scan,
		    struct pf_hits *hits, size_t block, uint64_t thread_after);
/** Stop the thread, if one started, and free the blocks; the scan is the caller's again. */
void readahead_release(struct readahead *ra);

#endif
