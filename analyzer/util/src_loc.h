/*
 * A place in the inputs.  It lives here, below everything, because facts,
 * OOM events, log hits, rules and findings all carry one.
 */
#ifndef MT_SRC_LOC_H
#define MT_SRC_LOC_H

/* Where a line came from: the input file (shared, interned) and 1-based line. */
struct src_loc {
	const char *file;
	unsigned line;
};

#endif
