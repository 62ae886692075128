/*
 * The log prefilter.  Nearly every line of a log cannot matter: it holds
 * none of the literals that start an OOM report, name the hypervisor or that
 * a pattern the lines are matched against requires.  The prefilter searches a whole stream for all
 * those literals at once (Vectorscan, SIMD) and says which lines hold one;
 * the log pipeline reads those in full and only glances at the others.
 *
 * It is exact, not a guess: a line it passes over holds none of the
 * literals, and a regex cannot match a line without its required literal.
 */
#ifndef MT_PREFILTER_H
#define MT_PREFILTER_H

#include "util/common.h"

struct prefilter;

/*
 * A literal that every match of a pattern contains, or several separated by
 * '\n' of which every match contains one; text NULL: the pattern has none.
 */
struct pf_literal {
	const char *text;
	bool caseless;
};

/**
 * The prefilter for the literals that make a line read (an empty one stands
 * for the NUL byte) and the required literal of each pattern the lines are
 * matched against.
 * NULL, with *why set, when one pattern has no required literal: every line
 * must then be read in full.
 */
struct prefilter *prefilter_new(const struct pf_literal *lits, size_t nr_lits,
				const struct pf_literal *required, size_t nr_required, const char **why);
void prefilter_free(struct prefilter *pf);

/* Where the literals end in a stream: file offsets just past each match, ascending. */
struct pf_hit {
	uint64_t end;
	uint64_t lines;              /* newlines before it, counted from where its list began */
	unsigned id;                 /* which pattern: see prefilter_regex */
};

/*
 * The hits in the bytes scanned, and their newlines: counted by whichever
 * thread scans a block, while the block is in its cache, so that the lines
 * passed over need not be counted again.
 */
struct pf_hits {
	struct pf_hit *at;
	size_t nr, alloc, head;
	uint64_t lines;              /* newlines in all the bytes scanned into the list */
};

/** The hits past file offset @after (*n of them), in order; the earlier ones are dropped. */
const struct pf_hit *pf_hits_from(struct pf_hits *h, uint64_t after, size_t *n);
/** The regex (its index) whose literal a hit's id is, or -1. */
int prefilter_regex(const struct prefilter *pf, unsigned id);
void pf_hits_reset(struct pf_hits *h);
void pf_hits_release(struct pf_hits *h);

/*
 * Scanning a block at a time: @before holds the stream's bytes just before
 * the block (PF_BEFORE of them, fewer at its start), so that a literal cut by
 * the block's start is found; only hits that end inside the block are kept.
 * Blocks may be scanned in any order, on any thread with its own scanner:
 * the hits do not depend on where the stream was cut.
 */
#define PF_MAX_LITERAL 128       /* longer ones are searched by their first bytes */
#define PF_BEFORE (PF_MAX_LITERAL - 1)

struct pf_scanner {
	struct prefilter *pf;
	void *scratch;
};

void pf_scanner_init(struct pf_scanner *sc, struct prefilter *pf);
void pf_scanner_release(struct pf_scanner *sc);
/**
 * Append to @out the hits that end in p[0, n), which starts at file offset
 * @off, and count the block's newlines.
 */
void pf_scan_block(struct pf_scanner *sc, const char *before, size_t nbefore, const char *p,
		   size_t n, uint64_t off, struct pf_hits *out);
/** Move the hits of @from to the end of @to, their newlines counted from where @to began. */
void pf_hits_move(struct pf_hits *to, struct pf_hits *from);

#endif
