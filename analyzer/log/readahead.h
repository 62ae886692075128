/*
 * Reading ahead on the second core: a thread reads the stream (inflating it
 * when it is compressed) a few blocks ahead of the thread that goes through
 * the lines, and runs the prefilter over the blocks that thread has not
 * reached yet when it falls behind; that thread scans the others as it
 * takes them, and when the block it needs is being scanned, scans a later
 * one meanwhile.  The blocks are lent, not copied: each has room in front
 * of it where the line reader puts the start of a line begun in the block
 * before.  A mapped file is not read at all: its blocks are lent in place
 * (the start of a line is there already), taken into the ring by whichever
 * thread gets there first, and the thread only scans.  Bytes and hits are
 * the same whoever reads and scans, so the output does not depend on it.
 * Small streams are read without a thread.
 */
#ifndef MT_READAHEAD_H
#define MT_READAHEAD_H

#include "input/input.h"
#include "log/prefilter.h"

#include <pthread.h>

#define RA_BLOCKS 8
#define RA_BLOCK (1u << 20)      /* bytes per read, unless the tests ask for small reads */
#define RA_HEADROOM (MT_MAX_LINE + 2)
/* Streams shorter than this are read by the caller's thread alone. */
#define RA_THREAD_AFTER (1u << 20)

enum ra_scan { RA_UNSCANNED, RA_SCANNING, RA_SCANNED };

struct ra_block {
	char *mem;                   /* RA_HEADROOM, then the block read */
	char *data;                  /* the block: in mem, or in the mapped file */
	long got;                    /* what the read returned: > 0, 0 at the end, < 0 on error */
	const char *err;
	uint64_t off;                /* file offset of its first byte */
	char before[PF_BEFORE];      /* the stream's bytes before it, for the prefilter */
	size_t nbefore;
	enum ra_scan scan;
	struct pf_hits hits;
};

struct readahead {
	struct byte_reader rd;       /* lends the blocks (next_block) */
	struct byte_reader *src;
	size_t block;                /* bytes per read */
	uint64_t read_alone;         /* bytes read before the thread started */
	uint64_t thread_after;       /* start it past this many */
	struct ra_block blocks[RA_BLOCKS];
	struct prefilter *pf;        /* NULL: no prefilter */
	struct pf_hits *hits;        /* each block's hits go here as it is lent */
	struct pf_scanner mine, theirs; /* the lending thread's, the reading thread's */
	uint64_t off;                /* file offset of the next byte read */
	char tail[PF_BEFORE];        /* the last bytes read */
	size_t ntail;
	/* running counts: blocks read, lent, given back; the reader lends two at most */
	size_t filled, lent, back;
	bool started, stop, ended; /* ended: the end (or an error) is in the ring */
	bool reader_waits, lender_waits;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

void readahead_init(struct readahead *ra);
/**
 * Read @src, whose first byte is at file offset @off, through @ra->rd from
 * now on, in reads of @block bytes; the thread starts once @thread_after
 * bytes were read without it.  With @pf, the hits of each block lent are
 * appended to @hits.
 */
void readahead_start(struct readahead *ra, struct byte_reader *src, uint64_t off, size_t block,
		     uint64_t thread_after, struct prefilter *pf, struct pf_hits *hits);
/** Stop the thread, if one started: @src is the caller's again. */
void readahead_stop(struct readahead *ra);
void readahead_release(struct readahead *ra);

#endif
