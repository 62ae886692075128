/*
 * One analysis: the inputs read with the rules' log regexes matched in
 * them, the model finished, every host judged.  The engine's matcher of
 * those regexes (engine/log_match.h) goes to the log scan as its struct
 * line_matcher (log/logscan.h) here, above both: the log layer knows no
 * rules and the engine no log lines but their text.  run.c writes the
 * report of it; the fuzz target fuzz_rules_match runs the same.
 */
#ifndef MT_ANALYSIS_H
#define MT_ANALYSIS_H

#include "engine/log_match.h"
#include "engine/verdict.h"
#include "log/logscan.h"
#include "model/esx_match.h"
#include "report/report.h"
#include "route/route.h"

/* What to read and how (a run's struct mt_options gives them). */
struct analysis_opts {
	const char *const *paths;
	size_t nr_paths;
	int year;                    /* --year, 0: infer */
	bool has_tz;
	int tz_off_min;
	const struct mt_env *env;
	struct model_filter filter;
	struct esx_match_opts esx;    /* its diag is the run's, set by analysis_run() */
	struct state *state;         /* --state, or NULL */
};

struct analysis {
	struct model model;
	struct log_match lm;
	struct logscan ls;
	struct router rt;
	struct verdict *verdicts;    /* one per host of the model, same order */
	size_t files;                /* input files read */
	size_t paths_missed;         /* PATHs that could not be read, or not to their end */
};

/** Read @o's paths with the rules @rs and judge every host; release with analysis_release(). */
void analysis_run(struct analysis *a, const struct ruleset *rs, const struct analysis_opts *o,
		  struct diag *d);
/** What a report writer reads of @a (the rest of @ctx is the caller's). */
void analysis_report_ctx(const struct analysis *a, const struct analysis_opts *o,
			 const struct ruleset *rs, struct diag *d, struct report_ctx *ctx);
void analysis_release(struct analysis *a);

#endif
