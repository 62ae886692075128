/*
 * --format markdown: for pasting into tickets and chat.  Per host the
 * verdict, a table of the events, the findings and the sysctl block.
 */
#include "report/report.h"

/* A table cell: pipes and newlines would break the row. */
static void cell(FILE *out, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '|')
			fputs("\\|", out);
		else if (*s == '\n')
			fputc(' ', out);
		else
			fputc(*s, out);
	}
}

static void fleet(const struct report_ctx *ctx)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	fputs("| host | OOM kills | OOM panics | allocation failures | verdict |\n"
	      "| --- | ---: | ---: | ---: | --- |\n", ctx->out);
	for (i = 0; i < ctx->model->nr_hosts; i++) {
		const struct host *h = ctx->model->hosts[i];
		const struct verdict *v = &ctx->verdicts[i];

		fputs("| ", ctx->out);
		cell(ctx->out, host_label(h, &sb));
		fprintf(ctx->out, " | %zu | %zu | %zu | **%s**", host_count(h, OOM_KILL), host_count(h, OOM_PANIC),
			host_count(h, OOM_ALLOC_FAILURE), verdict_severity(v));
		strbuf_reset(&sb);
		verdict_causes(&sb, v, ctx->rules);
		if (sb.len)
			fprintf(ctx->out, " %s", sb.buf);
		fputs(" |\n", ctx->out);
	}
	fputc('\n', ctx->out);
	strbuf_release(&sb);
}

static void events(FILE *out, const struct host *h)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	if (!h->nr_events)
		return;
	fputs("| time | event | killed | trigger | source |\n| --- | --- | --- | --- | --- |\n", out);
	for (i = 0; i < h->nr_events; i++) {
		const struct oom_event *e = h->events[i];

		strbuf_reset(&sb);
		fputs("| ", out);
		cell(out, event_time_str(e, &sb) ? sb.buf : "unknown");
		fprintf(out, " | %s", oom_type_names[e->type]);
		if (e->constraint != CONSTRAINT_UNKNOWN)
			fprintf(out, " (%s)", oom_constraint_names[e->constraint]);
		if (hv_sample_words(e, &sb)) {
			fputs("; ", out);
			cell(out, sb.buf);
		}
		fputs(" | ", out);
		if (e->victim_pid != MT_UNKNOWN) {
			cell(out, e->victim_comm ? e->victim_comm : "?");
			fprintf(out, " (%lld)", (long long)e->victim_pid);
		}
		fputs(" | ", out);
		cell(out, e->trigger_comm ? e->trigger_comm : "?");
		if (e->order != MT_UNKNOWN)
			fprintf(out, ", order %lld", (long long)e->order);
		fprintf(out, " | `%s:%u`%s |\n", e->src.file, e->src.line, e->complete ? "" : " (incomplete)");
	}
	fputc('\n', out);
	strbuf_release(&sb);
}

/* The host's panics and the rate limits' counts, one item each. */
static void notes(FILE *out, const struct host *h)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, n = 0;

	for (i = 0; i < h->nr_notes; i++) {
		if (h->notes[i]->kind != NOTE_PANIC)
			continue;
		strbuf_reset(&sb);
		note_panic_sentence(&sb, h->notes[i]);
		fputs("- ", out);
		cell(out, sb.buf);
		fprintf(out, " (`%s:%u`)\n", h->notes[i]->src.file, h->notes[i]->src.line);
		n++;
	}
	strbuf_reset(&sb);
	if (host_suppressed_sentence(&sb, h)) {
		fputs("- ", out);
		cell(out, sb.buf);
		fputc('\n', out);
		n++;
	}
	if (n)
		fputc('\n', out);
	strbuf_release(&sb);
}

static void findings(const struct report_ctx *ctx, const struct verdict *v)
{
	FILE *out = ctx->out;
	size_t i, k;

	for (i = 0; i < v->nr_findings; i++) {
		const struct finding *f = &v->findings[i];
		struct strbuf seen = STRBUF_INIT;

		fprintf(out, "- **%s** %s (`%s`)", severity_names[f->rule->severity], f->rule->title, f->rule->id);
		if (finding_seen_words(&seen, ctx, v, i))
			fprintf(out, " *%s*", seen.buf);
		strbuf_release(&seen);
		for (k = 0; k < f->nr_evidence && k < 5; k++)
			fprintf(out, "%s`%s:%u`", k ? ", " : "  \n  evidence: ", f->evidence[k].file, f->evidence[k].line);
		if (f->nr_evidence > 5)
			fprintf(out, " and %zu more", f->nr_evidence - 5);
		fputc('\n', out);
	}
	if (v->nr_findings)
		fputc('\n', out);
}

static void sysctls(FILE *out, const struct verdict *v)
{
	const struct sysctl_rec *r;
	size_t i = 0, n = 0;

	while ((r = rec_to_change(v, &i))) {
		if (!n++)
			fputs("```ini\n" MT_DROPIN_HEADER, out);
		if (r->effect)
			fprintf(out, "# effect: %s\n", r->effect);
		fprintf(out, "%s = %s", r->key, r->value);
		if (r->current) {
			if (r->current->type == FACT_INT)
				fprintf(out, "    # now %lld", (long long)r->current->i);
			else
				fprintf(out, "    # now %s", r->current->s);
		}
		fputc('\n', out);
	}
	if (n)
		fputs("```\n\n", out);
	for (i = 0; i < v->nr_dropped; i++)
		if (v->dropped[i].uncomputed)
			fprintf(out, "- `%s`\n", v->dropped[i].text);
	for (i = 0; i < v->nr_actions; i++)
		fprintf(out, "- %s\n", v->actions[i].action);
	if (v->nr_actions)
		fputc('\n', out);
}

static void markdown_write(const struct report_ctx *ctx)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	fputs("# memtriage report\n\n", ctx->out);
	if (ctx->model->nr_hosts > 1)
		fleet(ctx);
	for (i = 0; i < ctx->model->nr_hosts; i++) {
		const struct host *h = ctx->model->hosts[i];
		const struct verdict *v = &ctx->verdicts[i];

		fputs("## ", ctx->out);
		cell(ctx->out, host_label(h, &sb));
		fprintf(ctx->out, "\n\n**%s**: ", verdict_severity(v));
		cell(ctx->out, v->host.summary);
		strbuf_reset(&sb);
		host_summary(&sb, h);
		fprintf(ctx->out, "\n\n%s", sb.buf);
		if (h->kernel || h->hypervisor)
			fprintf(ctx->out, " (kernel %s, %s)", h->kernel ? h->kernel : "unknown",
				h->hypervisor ? host_hypervisor_label(h, &sb) : "hypervisor unknown");
		fputs("\n\n", ctx->out);
		notes(ctx->out, h);
		events(ctx->out, h);
		findings(ctx, v);
		sysctls(ctx->out, v);
	}
	fputs("_The kernel rate-limits OOM reports: counts are lower bounds", ctx->out);
	if (fleet_suppressed(ctx->model) != MT_UNKNOWN)
		fprintf(ctx->out, "; it suppressed %lld messages right before them", (long long)fleet_suppressed(ctx->model));
	fputs("._\n", ctx->out);
	strbuf_release(&sb);
}

const struct report_writer out_markdown = { .name = "markdown", .write = markdown_write };
