/*
 * --emit-sysctl PATH: a drop-in for /etc/sysctl.d with the recommended
 * values of one host, one commented block per key citing the evidence
 * (sysctl.conf has no comment after a value: it would be read as part of
 * it, so the evidence goes on the lines above).  memtriage never applies
 * it; an administrator reads it first.  With several hosts, run.c writes
 * one file per host into a directory, each named by sysctl_dropin_name().
 */
#include "report/report.h"
#include "util/strbuf.h"

#include <ctype.h>

/* The evidence a block cites: this many places of each rule's finding, then how many more. */
#define DROPIN_EVIDENCE 3

/* Where a rule's finding rests: its events by number and time, or its files and lines. */
static void cite_finding(FILE *out, const struct host *h, const struct finding *f)
{
	struct strbuf sb = STRBUF_INIT;
	size_t e;

	for (e = 0; e < f->nr_hits && e < DROPIN_EVIDENCE; e++) {
		const struct oom_event *ev = h->events[f->hits[e]];

		strbuf_reset(&sb);
		if (!event_time_shown(ev, &sb))
			strbuf_addstr(&sb, "time unknown");
		fprintf(out, "#     evidence: event #%zu, %s %s, %s:%u\n", f->hits[e] + 1, oom_type_names[ev->type],
			sb.buf, ev->src.file, ev->src.line);
	}
	for (e = f->nr_hits ? f->nr_evidence : 0; e < f->nr_evidence && e < DROPIN_EVIDENCE; e++)
		fprintf(out, "#     evidence: %s:%u\n", f->evidence[e].file, f->evidence[e].line);
	if (f->nr_hits > DROPIN_EVIDENCE)
		fprintf(out, "#     evidence: and %zu more events\n", f->nr_hits - DROPIN_EVIDENCE);
	else if (!f->nr_hits && f->nr_evidence > DROPIN_EVIDENCE)
		fprintf(out, "#     evidence: and %zu more places\n", f->nr_evidence - DROPIN_EVIDENCE);
	strbuf_release(&sb);
}

static void block(FILE *out, const struct host *h, const struct verdict *v, const struct sysctl_rec *r)
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
		for (k = 0; k < v->nr_findings; k++)
			if (v->findings[k].rule == a->rule)
				cite_finding(out, h, &v->findings[k]);
	}
	if (r->note)
		fprintf(out, "#   note: %s\n", r->note);
	if (r->effect)
		fprintf(out, "#   effect: %s\n", r->effect);
	fprintf(out, "%s = %s\n", r->key, r->value);
	strbuf_release(&sb);
}

/* One host's settings to change, and what was left out for want of a value; how many were written. */
static size_t host_dropin(FILE *out, const struct host *h, const struct verdict *v)
{
	const struct sysctl_rec *r;
	size_t k, n = 0;

	for (k = 0; (r = rec_to_change(v, &k)); n++)
		block(out, h, v, r);
	for (k = 0; k < v->nr_dropped; k++)
		if (v->dropped[k].uncomputed)
			fprintf(out, "\n# not set, its value unknown: %s\n", v->dropped[k].text);
	return n;
}

static void sysctl_write(const struct report_ctx *ctx)
{
	struct strbuf label = STRBUF_INIT;
	size_t i, n = 0, from = 0, to = ctx->model->nr_hosts;

	if (ctx->one_host)
		from = ctx->host, to = from + 1;
	fprintf(ctx->out, "# memtriage %s: recommended kernel settings", MT_VERSION);
	if (to - from == 1)
		fprintf(ctx->out, " for %s", host_label(ctx->model->hosts[from], &label));
	/* the name the host's own file has, whatever PATH this one was written to */
	strbuf_reset(&label);
	if (to - from == 1)
		sysctl_dropin_path(&label, ctx->model->hosts[from], from);
	fprintf(ctx->out, ".\n# Review each block, then copy this file %s to\n# %s and run 'sysctl --system'.\n"
			  "# Nothing here has been applied.\n",
		to - from == 1 ? "on that host" : "on each host",
		to - from == 1 ? label.buf : MT_DROPIN_DIR "90-memtriage-HOST.conf");
	for (i = from; i < to; i++) {
		if (to - from > 1)
			fprintf(ctx->out, "\n# ---- host %s\n", host_label(ctx->model->hosts[i], &label));
		n += host_dropin(ctx->out, ctx->model->hosts[i], &ctx->verdicts[i]);
	}
	if (!n)
		fputs("\n# No setting to change.\n", ctx->out);
	strbuf_release(&label);
}

void sysctl_dropin_path(struct strbuf *sb, const struct host *h, size_t index)
{
	strbuf_addstr(sb, MT_DROPIN_DIR);
	sysctl_dropin_name(sb, h, index);
}

void sysctl_dropin_name(struct strbuf *sb, const struct host *h, size_t index)
{
	const char *p;

	strbuf_addstr(sb, "90-memtriage-");
	if (!h->name) {
		strbuf_addf(sb, "unnamed-%zu.conf", index + 1);
		return;
	}
	/* a host name is letters, digits, dots and dashes; anything else is no part of a file name */
	for (p = h->name; *p; p++)
		strbuf_addch(sb, isalnum((unsigned char)*p) || *p == '.' || *p == '-' ? *p : '_');
	strbuf_addstr(sb, ".conf");
}

bool host_has_dropin(const struct verdict *v)
{
	size_t k = 0;

	return rec_to_change(v, &k) != NULL;
}

const struct report_writer out_sysctl = { .name = "sysctl", .write = sysctl_write };
