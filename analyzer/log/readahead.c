#include "log/readahead.h"
#include "input/filemap.h"
#include "util/xalloc.h"

/* The next block of a mapped file, in place; the end comes early when the file was cut. */
static void map_block(struct readahead *ra, struct ra_block *b)
{
	struct file_map *fm = ra->src->map;

	b->got = (long)file_map_avail(fm, ra->off, ra->block);
	b->data = fm->base + ra->off;
	if (!b->got && (b->err = file_map_trouble(fm)))
		b->got = -1;
}

static void read_into(struct readahead *ra, struct ra_block *b)
{
	if (!b->mem)
		b->mem = xmalloc(RA_HEADROOM + RA_BLOCK);
	b->data = b->mem + RA_HEADROOM;
	b->got = ra->src->read(ra->src->handle, b->data, ra->block, &b->err);
}

/* Read the next block into its slot (or find it in the map), with the bytes before it. */
static void read_block(struct readahead *ra, struct ra_block *b)
{
	size_t n, take, keep;

	b->off = ra->off;
	memcpy(b->before, ra->tail, ra->ntail);
	b->nbefore = ra->ntail;
	b->scan = RA_UNSCANNED;
	pf_hits_reset(&b->hits);
	b->err = NULL;
	if (ra->src->map)
		map_block(ra, b);
	else
		read_into(ra, b);
	if (b->got <= 0)
		return;
	n = (size_t)b->got;
	ra->off += n;
	/* the tail: the last PF_BEFORE bytes read, from this block and, when it is short, before it */
	take = n < PF_BEFORE ? n : PF_BEFORE;
	keep = ra->ntail + take > PF_BEFORE ? PF_BEFORE - take : ra->ntail;
	memmove(ra->tail, ra->tail + ra->ntail - keep, keep);
	memcpy(ra->tail + keep, b->data + n - take, take);
	ra->ntail = keep + take;
}

static void scan_block(struct pf_scanner *sc, struct ra_block *b)
{
	pf_scan_block(sc, b->before, b->nbefore, b->data, (size_t)b->got, b->off, &b->hits);
}

/* Wake the thread that said it @waits (the caller holds the mutex). */
static void wake(struct readahead *ra, bool *waits)
{
	if (*waits) {
		*waits = false;
		pthread_cond_broadcast(&ra->cv);
	}
}

static void *reader_main(void *arg)
{
	struct readahead *ra = arg;

	for (;;) {
		struct ra_block *b;
		bool mine;

		pthread_mutex_lock(&ra->mu);
		while (ra->filled - ra->back == RA_BLOCKS && !ra->stop) {
			ra->reader_waits = true;
			pthread_cond_wait(&ra->cv, &ra->mu);
		}
		if (ra->stop) {
			pthread_mutex_unlock(&ra->mu);
			return NULL;
		}
		b = &ra->blocks[ra->filled % RA_BLOCKS];
		pthread_mutex_unlock(&ra->mu);

		read_block(ra, b);

		pthread_mutex_lock(&ra->mu);
		/* the other thread is two blocks behind: help it, scan this one here */
		mine = ra->pf && b->got > 0 && ra->filled - ra->lent >= 2;
		if (mine)
			b->scan = RA_SCANNING;
		__atomic_store_n(&ra->filled, ra->filled + 1, __ATOMIC_RELEASE);
		wake(ra, &ra->lender_waits);
		pthread_mutex_unlock(&ra->mu);
		if (mine) {
			scan_block(&ra->theirs, b);
			pthread_mutex_lock(&ra->mu);
			__atomic_store_n(&b->scan, RA_SCANNED, __ATOMIC_RELEASE);
			wake(ra, &ra->lender_waits);
			pthread_mutex_unlock(&ra->mu);
		}
		if (b->got <= 0)
			return NULL;
	}
}

/*
 * Take the next block into the ring: read it, or find it in the map.  Once
 * the thread runs, under the mutex (for a mapped file: it takes no time).
 */
static void fill_one(struct readahead *ra)
{
	struct ra_block *b = &ra->blocks[ra->filled % RA_BLOCKS];

	read_block(ra, b);
	ra->ended = b->got <= 0;
	__atomic_store_n(&ra->filled, ra->filled + 1, __ATOMIC_RELEASE);
}

/* The first block, past the one the lender takes next, nobody scans yet. */
static struct ra_block *ahead_unscanned(struct readahead *ra)
{
	for (size_t i = ra->lent + 1; i < ra->filled; i++) {
		struct ra_block *b = &ra->blocks[i % RA_BLOCKS];

		if (b->got > 0 && b->scan == RA_UNSCANNED)
			return b;
	}
	return NULL;
}

/*
 * The thread for a mapped file: nothing to read, so it fills the ring at
 * once and scans ahead of the lender, which scans a block itself when it
 * gets there first.
 */
static void *scanner_main(void *arg)
{
	struct readahead *ra = arg;

	pthread_mutex_lock(&ra->mu);
	while (!ra->stop) {
		struct ra_block *b;

		while (!ra->ended && ra->filled - ra->back < RA_BLOCKS)
			fill_one(ra);
		if (!(b = ahead_unscanned(ra))) {
			ra->reader_waits = true;
			pthread_cond_wait(&ra->cv, &ra->mu);
			continue;
		}
		b->scan = RA_SCANNING;
		pthread_mutex_unlock(&ra->mu);
		scan_block(&ra->theirs, b);
		pthread_mutex_lock(&ra->mu);
		__atomic_store_n(&b->scan, RA_SCANNED, __ATOMIC_RELEASE);
		wake(ra, &ra->lender_waits);
	}
	pthread_mutex_unlock(&ra->mu);
	return NULL;
}

static void start_thread(struct readahead *ra)
{
	if (ra->pf && ra->theirs.pf != ra->pf) {
		pf_scanner_release(&ra->theirs);
		pf_scanner_init(&ra->theirs, ra->pf);
	}
	ra->started = true;
	if (pthread_create(&ra->thread, NULL, ra->src->map ? scanner_main : reader_main, ra)) {
		fputs("memtriage: error: cannot start a thread\n", stderr);
		exit(5);
	}
}

/*
 * Poll a little before sleeping on the condition: when the other thread is
 * only just behind, waking a sleeping core (in a VM above all) costs more
 * than the wait, once per block.  The polls are hints; what they see is
 * read again under the mutex.
 */
#define RA_SPINS 20000

static void spin_pause(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#endif
}

static bool block_read(struct readahead *ra)
{
	return __atomic_load_n(&ra->filled, __ATOMIC_ACQUIRE) != ra->lent;
}

static bool block_scanned(struct ra_block *b)
{
	return __atomic_load_n(&b->scan, __ATOMIC_ACQUIRE) == RA_SCANNED;
}

/*
 * The next block: read here until the stream proves long, then by the
 * thread; a mapped file's is taken here whenever the thread has not yet
 * (it takes no time), and without a prefilter there is nothing to share.
 */
static struct ra_block *next_filled(struct readahead *ra)
{
	bool map = ra->src->map != NULL;

	if (!ra->started && (ra->read_alone < ra->thread_after || (map && !ra->pf))) {
		if (ra->filled == ra->lent) {
			long got;

			fill_one(ra);
			got = ra->blocks[ra->lent % RA_BLOCKS].got;
			ra->read_alone += got > 0 ? (uint64_t)got : 0;
		}
		return &ra->blocks[ra->lent % RA_BLOCKS];
	}
	if (!ra->started)
		start_thread(ra);
	if (!map)
		for (int i = 0; i < RA_SPINS && !block_read(ra); i++)
			spin_pause();
	pthread_mutex_lock(&ra->mu);
	if (map && ra->filled == ra->lent)
		fill_one(ra);
	while (ra->filled == ra->lent) {
		ra->lender_waits = true;
		pthread_cond_wait(&ra->cv, &ra->mu);
	}
	pthread_mutex_unlock(&ra->mu);
	return &ra->blocks[ra->lent % RA_BLOCKS];
}

/*
 * Have @b scanned (the caller holds the mutex): here, unless the other
 * thread is on it; then scan a block after it meanwhile, and wait only when
 * there is none left.
 */
static void scan_until_scanned(struct readahead *ra, struct ra_block *b)
{
	while (b->scan != RA_SCANNED) {
		struct ra_block *s = b->scan == RA_UNSCANNED ? b : ahead_unscanned(ra);

		if (s) {
			s->scan = RA_SCANNING;
			pthread_mutex_unlock(&ra->mu);
			scan_block(&ra->mine, s);
			pthread_mutex_lock(&ra->mu);
			__atomic_store_n(&s->scan, RA_SCANNED, __ATOMIC_RELEASE);
			continue;
		}
		pthread_mutex_unlock(&ra->mu);
		for (int i = 0; i < RA_SPINS && !block_scanned(b); i++)
			spin_pause();
		pthread_mutex_lock(&ra->mu);
		if (b->scan != RA_SCANNED) {
			ra->lender_waits = true;
			pthread_cond_wait(&ra->cv, &ra->mu);
		}
	}
}

/*
 * byte_reader.next_block: lend the next block; the older of the two lent
 * before comes back.  The end and an error stay: every later call says
 * the same, and the blocks lent stay valid.
 */
static long ra_next_block(void *handle, char **p, const char **err)
{
	struct readahead *ra = handle;
	struct ra_block *b = next_filled(ra);

	if (b->got <= 0) {
		*err = b->err;
		return b->got;
	}
	pthread_mutex_lock(&ra->mu);
	if (ra->pf) {
		scan_until_scanned(ra, b);
		pf_hits_move(ra->hits, &b->hits);
	}
	if (ra->lent - ra->back == 2) {
		ra->back++;
		/* wake the reader when half the blocks are free, not at each: waking costs */
		if (ra->filled - ra->back <= RA_BLOCKS / 2)
			wake(ra, &ra->reader_waits);
	}
	ra->lent++;
	pthread_mutex_unlock(&ra->mu);
	/* a line begun before the block is in the headroom's place: older pages are done */
	if (ra->src->map && b->off > RA_HEADROOM)
		file_map_drop_before(ra->src->map, b->off - RA_HEADROOM);
	*p = b->data;
	return b->got;
}

void readahead_init(struct readahead *ra)
{
	memset(ra, 0, sizeof(*ra));
	pthread_mutex_init(&ra->mu, NULL);
	pthread_cond_init(&ra->cv, NULL);
}

void readahead_start(struct readahead *ra, struct byte_reader *src, uint64_t off, size_t block,
		     uint64_t thread_after, struct prefilter *pf, struct pf_hits *hits)
{
	ra->rd = (struct byte_reader){ .handle = ra, .next_block = ra_next_block, .headroom = RA_HEADROOM };
	ra->src = src;
	ra->block = block < RA_BLOCK ? block : RA_BLOCK;
	ra->thread_after = thread_after;
	ra->read_alone = 0;
	ra->filled = ra->lent = ra->back = 0;
	ra->off = off;
	ra->ntail = 0;
	ra->pf = pf;
	ra->hits = hits;
	if (pf && ra->mine.pf != pf) {
		pf_scanner_release(&ra->mine);
		pf_scanner_init(&ra->mine, pf);
	}
	ra->started = ra->stop = ra->ended = ra->reader_waits = ra->lender_waits = false;
}

void readahead_stop(struct readahead *ra)
{
	if (!ra->started)
		return;
	pthread_mutex_lock(&ra->mu);
	ra->stop = true;
	pthread_cond_broadcast(&ra->cv);
	pthread_mutex_unlock(&ra->mu);
	pthread_join(ra->thread, NULL);
	ra->started = false;
}

void readahead_release(struct readahead *ra)
{
	size_t i;

	readahead_stop(ra);
	for (i = 0; i < RA_BLOCKS; i++) {
		free(ra->blocks[i].mem);
		pf_hits_release(&ra->blocks[i].hits);
	}
	pf_scanner_release(&ra->mine);
	pf_scanner_release(&ra->theirs);
	pthread_mutex_destroy(&ra->mu);
	pthread_cond_destroy(&ra->cv);
	memset(ra, 0, sizeof(*ra));
}
