#ifndef MT_LITSET_H
#define MT_LITSET_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include "util/scan.h"

/*
 * Which of a few fixed literals (up to 64, each of two bytes or more) a line
 * holds, in one pass over it.  A line of an OOM report is asked for a dozen
 * phrases, and a search for each (memmem) is most of the time spent on a
 * log full of reports; here the literals' first bytes, then their first two,
 * pick the places worth comparing, and a literal found is looked for no more.
 */
struct litset {
	uint64_t first[256];        /* bit k: lit[k] starts with this byte */
	uint64_t pairs[65536 / 64]; /* bit (b0 | b1 << 8): some literal starts with b0 b1 */
	const char *lit[64];
	uint16_t pair[64];
	uint8_t len[64];
	unsigned nr;
};

/** The set of the NULL-terminated @lits: at most 64, each 2 to 255 bytes. */
void litset_init(struct litset *set, const char *const *lits);
/** Bit i set: @s holds lits[i]. */
uint64_t litset_scan(const struct litset *set, struct span s);

/*
 * A set of a module's fixed literals, built the first time any thread asks
 * (the log is read on one thread and the snapshot's files may be on another).
 */
struct litset_lazy {
	const char *const *lits;
	pthread_mutex_t lock;
	atomic_bool built;
	struct litset set;
};
#define LITSET_LAZY(l) { .lits = (l), .lock = PTHREAD_MUTEX_INITIALIZER }

/** litset_scan() over the set of @lazy, built now if it is the first call. */
uint64_t litset_lazy_scan(struct litset_lazy *lazy, struct span s);

#endif
