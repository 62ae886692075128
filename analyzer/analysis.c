#include "analysis.h"
#include "history.h"
#include "model/hv_sample.h"
#include "util/xalloc.h"

/* The engine's matcher as the log scan takes it. */
static const char *rule_regex_literal(void *ctx, size_t i, bool *caseless)
{
	return log_match_literal(ctx, i, caseless);
}

static void rule_regexes_match(void *ctx, struct span text, const unsigned char *may,
			       const struct src_loc *src, const char *host, unsigned unit)
{
	log_match_line(ctx, text, may, src, host, unit);
}

static bool rule_regexes_match_any(void *ctx, struct span text)
{
	return log_match_any(ctx, text);
}

void analysis_run(struct analysis *a, const struct ruleset *rs, const struct analysis_opts *o,
		  struct diag *d)
{
	struct logscan_opts lo = { .has_tz = o->has_tz, .tz_off_min = o->tz_off_min, .env = o->env };
	size_t i;

	model_init(&a->model);
	log_match_init(&a->lm, rs, &a->model, d);
	lo.matcher = (struct line_matcher){
		.nr = log_match_count(&a->lm),
		.literal = rule_regex_literal,
		.match = rule_regexes_match,
		.matches_any = rule_regexes_match_any,
		.ctx = &a->lm,
	};
	logscan_init(&a->ls, &a->model, d, &lo);
	router_init(&a->rt, &a->model, d, &a->ls);
	a->model.year = o->year;
	for (i = 0; i < o->nr_paths; i++)
		model_add_unit(&a->model, o->paths[i]);
	a->files = input_walk_paths(o->paths, o->nr_paths, &a->rt.sink, d, o->state, &a->paths_missed);
	router_finish(&a->rt);
	model_finish(&a->model, &o->filter);
	model_zones(&a->model, o->env->zoneinfo_dir);
	esx_match(&a->model, &(struct esx_match_opts){ o->esx.vm_map, o->esx.nr_vm_map, d });
	hv_samples(&a->model);
	if (o->state) {
		history_watched_hosts(o->state, &a->model, o->filter.host, d);
		history_load_past(o->state, &a->model, rs->max_within_s, d);
	}
	a->verdicts = xcalloc(a->model.nr_hosts ? a->model.nr_hosts : 1, sizeof(*a->verdicts));
	for (i = 0; i < a->model.nr_hosts; i++)
		verdict_build(&a->verdicts[i], rs, a->model.hosts[i]);
}

void analysis_report_ctx(const struct analysis *a, const struct analysis_opts *o,
			 const struct ruleset *rs, struct diag *d, struct report_ctx *ctx)
{
	ctx->model = &a->model;
	ctx->diag = d;
	ctx->inputs = o->paths;
	ctx->nr_inputs = o->nr_paths;
	ctx->files_read = a->files;
	ctx->log_lines = a->ls.lines;
	ctx->verdicts = a->verdicts;
	ctx->rules = rs;
}

void analysis_release(struct analysis *a)
{
	size_t i;

	for (i = 0; i < a->model.nr_hosts; i++)
		verdict_release(&a->verdicts[i]);
	free(a->verdicts);
	router_release(&a->rt);
	logscan_release(&a->ls);
	log_match_release(&a->lm);
	model_release(&a->model);
}
