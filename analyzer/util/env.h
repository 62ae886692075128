/*
 * The environment memtriage reads: read once, by main.c, and handed down,
 * so that no module calls getenv() and every variable is in one list (README
 * "Environment variables", memtriage(1) ENVIRONMENT).  The tuning ones are
 * for the tests and for bisecting: none of them changes the output.
 */
#ifndef MT_ENV_H
#define MT_ENV_H

#include "util/common.h"

enum mt_prefilter {
	MT_PREFILTER_ON,             /* pass over the lines that cannot matter */
	MT_PREFILTER_OFF,            /* MEMTRIAGE_PREFILTER=off: read every line in full */
	MT_PREFILTER_CHECK,          /* =check: take them apart anyway; one that mattered stops the run */
};

struct mt_env {
	const char *rules_dir;       /* MEMTRIAGE_RULES_DIR: the shipped rules; NULL: beside the binary */
	const char *zoneinfo_dir;    /* MEMTRIAGE_ZONEINFO: the tz database guests' zones are read from; /usr/share/zoneinfo */
	bool no_color;               /* NO_COLOR set, or TERM=dumb: --color auto stays off */
	enum mt_prefilter prefilter; /* MEMTRIAGE_PREFILTER */
	/*
	 * A stream is read ahead on another thread once it is this long:
	 * MEMTRIAGE_READAHEAD_AFTER=N bytes (0: from the first byte), or never
	 * with MEMTRIAGE_THREADS=1.
	 */
	uint64_t readahead_after;
	uint64_t mmap_from;          /* MEMTRIAGE_MMAP=N: plain files this long are mapped; =off: none */
	int64_t now;                 /* MEMTRIAGE_NOW=EPOCH: the time a run records in the history (tests); 0: the clock */
	unsigned state_wait_s;       /* MEMTRIAGE_STATE_WAIT: seconds a run waits for another on --state */
	uint64_t bomb_size;          /* MEMTRIAGE_BOMB_SIZE: bytes inflated before the bomb check */
	size_t read_chunk;           /* MEMTRIAGE_READ_CHUNK: most bytes asked of each read */
	bool no_jit;                 /* MEMTRIAGE_NO_JIT: interpret the regexes (valgrind) */
};

/** Fill @env from the environment; a variable unset or not understood leaves the default. */
void mt_env_read(struct mt_env *env);

#endif
