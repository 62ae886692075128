/*
 * The engine's matcher of the rules' log regexes (engine/log_match.h) as
 * the log scan takes it (struct line_matcher, log/logscan.h).  The log
 * layer knows no rules and the engine no log lines but their text, so the
 * two meet only here, above both: in run.c and in the fuzz targets that
 * run rules over logs.
 */
#ifndef MT_RULES_MATCHER_H
#define MT_RULES_MATCHER_H

#include "engine/log_match.h"
#include "log/logscan.h"

/** The line matcher of @lm's regexes, valid while @lm is (log_match_init() first). */
struct line_matcher rules_matcher(struct log_match *lm);

#endif
