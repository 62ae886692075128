#ifndef MT_LITSET_H
#define MT_LITSET_H

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

#endif
