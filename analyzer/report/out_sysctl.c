/*
 * --emit-sysctl FILE: a drop-in for /etc/sysctl.d with the recommended
 * values, one commented block per key citing the evidence.  memtriage never
 * applies it; an administrator reads it first.
 */
#include "report/report.h"
#include "util/strbuf.h"

static void block(FILE *out, const struct verdict *v, const struct sysctl_rec *r)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, k;

	fact_value_str(r->current, &sb);
	fprintf(out, "\n# %s: running %s", r->key, sb.buf);
	if (r->configured)
		fprintf(out, ", set in %s:%u", r->configured->src.file, r->configured->src.line);
	fputc('\n', out);
	for (i = 0; i < r->nr_askers; i++) {
		const struct asker *a = &r->askers[i];

		fprintf(out, "#   %s (%s): %s\n", a->rule->id, severity_names[a->rule->severity], a->reason);
		for (k = 0; k < v->nr_findings; k++) {
			const struct finding *f = &v->findings[k];
			size_t e;

			if (f->rule != a->rule)
				continue;
			for (e = 0; e < f->nr_evidence && e < 3; e++)
				fprintf(out, "#     evidence: %s:%u\n", f->evidence[e].file, f->evidence[e].line);
		}
	}
	if (r->note)
		fprintf(out, "#   note: %s\n", r->note);
	if (r->effect)
		fprintf(out, "#   effect: %s\n", r->effect);
	fprintf(out, "%s = %s\n", r->key, r->value);
	strbuf_release(&sb);
}

static void sysctl_write(const struct report_ctx *ctx)
{
	struct strbuf label = STRBUF_INIT;
	size_t i, k, n = 0;

	fprintf(ctx->out, "# memtriage %s: recommended kernel settings.\n"
			  "# Review each block, then copy to " MT_DROPIN_PATH " and run\n"
			  "# 'sysctl --system'. Nothing here has been applied.\n", MT_VERSION);
	for (i = 0; i < ctx->model->nr_hosts; i++) {
		const struct verdict *v = &ctx->verdicts[i];
		const struct sysctl_rec *r;
		bool header = false;

		for (k = 0; (r = rec_to_change(v, &k)); n++) {
			if (!header)
				fprintf(ctx->out, "\n# ---- host %s\n", host_label(ctx->model->hosts[i], &label));
			header = true;
			block(ctx->out, v, r);
		}
	}
	if (!n)
		fputs("\n# No setting to change.\n", ctx->out);
	strbuf_release(&label);
}

const struct report_writer out_sysctl = { .name = "sysctl", .write = sysctl_write };
