/*
 * The rules' log regexes against the lines of the logs: the matcher the
 * engine hands the log pipeline (run.c wires it in).  A match is recorded
 * in the line's host (host->log_hits, one per regex, for the rules' log
 * conditions); the log pipeline only says which line, of which host, and
 * which regexes its prefilter lets through.
 */
#ifndef MT_LOG_MATCH_H
#define MT_LOG_MATCH_H

#include "engine/rule.h"
#include "model/model.h"
#include "util/scan.h"
#include "util/strbuf.h"

struct log_match {
	const struct ruleset *rs;
	struct model *model;
	struct diag *diag;
	pcre2_match_data **md;       /* per regex, sized for its groups */
	pcre2_match_context *mctx;   /* the match limits */
	struct strbuf *literals;     /* per regex: the literal it requires ('\n' between alternatives'), empty when none */
	bool *caseless;
	size_t stopped;              /* matches stopped at the limits */
};

void log_match_init(struct log_match *lm, const struct ruleset *rs, struct model *m, struct diag *d);
void log_match_release(struct log_match *lm);

/** How many regexes there are. */
size_t log_match_count(const struct log_match *lm);
/** The literal every match of regex @i holds (owned by @lm), or NULL when it has none. */
const char *log_match_literal(const struct log_match *lm, size_t i, bool *caseless);
/**
 * Match @text, a line of file and line @src, against the regexes @may lets
 * through (may[i] != 0), and record every match in the host called @host
 * (NULL: the unnamed host of @unit), which a match creates when new.
 */
void log_match_line(struct log_match *lm, struct span text, const unsigned char *may,
		    const struct src_loc *src, const char *host, unsigned unit);
/** Whether any regex matches @text; nothing is recorded.  For the prefilter's check. */
bool log_match_any(struct log_match *lm, struct span text);

#endif
