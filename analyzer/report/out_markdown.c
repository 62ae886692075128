/*
 * --format markdown: for pasting into tickets and chat.  Per host the
 * verdict, the findings with their numbers and advice (events by number),
 * the time line and the memory of each event as tables, the drop-in.  Only
 * what GitHub, GitLab and Jira all render: pipe tables with a header row,
 * nested lists, code spans and one fenced block; no HTML, no line breaks
 * inside a cell.
 */
#include "report/report.h"
#include "util/xalloc.h"

/* A finding shows this many lines of numbers, then how many more (the JSON has all). */
#define FINDING_LINES 3

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

/* A cell of an event's words, or "-" when the event has none. */
static void words_cell(FILE *out, bool (*words)(struct strbuf *, const struct oom_event *),
		       const struct oom_event *e, struct strbuf *sb)
{
	fputs(" | ", out);
	cell(out, words(sb, e) ? sb->buf : "-");
}

/* The time line: each event once, numbered as the findings name them. */
static void events(FILE *out, const struct host *h, const struct verdict *v, const struct ruleset *rs)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	if (!h->nr_events)
		return;
	fputs("### Time line\n\n| # | time | event | cause | killed | trigger | source |\n"
	      "| ---: | --- | --- | --- | --- | --- | --- |\n", out);
	for (i = 0; i < h->nr_events; i++) {
		const struct oom_event *e = h->events[i];
		const struct event_cause *c = i < v->nr_causes ? &v->causes[i] : NULL;

		fprintf(out, "| %zu | ", i + 1);
		event_when_words(&sb, e);
		cell(out, sb.buf);
		fputs(" | ", out);
		event_kind_words(&sb, e);
		cell(out, sb.buf);
		fputs(" | ", out);
		cell(out, c && c->kind >= 0 ? rs->kinds[c->kind].name : "-");
		words_cell(out, event_killed_words, e, &sb);
		words_cell(out, event_trigger_words, e, &sb);
		fprintf(out, " | `%s:%u`%s |\n", e->src.file, e->src.line, e->complete ? "" : " (incomplete)");
	}
	fputs("\n### Memory at each event\n\n| # | zones (free, min) | dirty, writeback, swap | biggest | memcg | hypervisor |\n"
	      "| ---: | --- | --- | --- | --- | --- |\n", out);
	for (i = 0; i < h->nr_events; i++) {
		const struct oom_event *e = h->events[i];
		const char *hv;

		fprintf(out, "| %zu", i + 1);
		words_cell(out, event_zones_words, e, &sb);
		words_cell(out, event_memory_words, e, &sb);
		words_cell(out, event_biggest_words, e, &sb);
		words_cell(out, event_memcg_words, e, &sb);
		hv = event_hypervisor_words(&sb, e);
		fputs(" | ", out);
		cell(out, hv ? sb.buf : "-");
		if (hv_admission_words(e, &sb)) {   /* the ESXi host's own words, in the same cell */
			fputs("; ESXi host ", out);
			cell(out, sb.buf);
		}
		fputs(" |\n", out);
	}
	fputc('\n', out);
	strbuf_release(&sb);
}

/* The memory breakdown of each event, the parts the HTML bar draws; "?" where the report cannot say. */
static void breakdown(FILE *out, const struct host *h)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, k;

	if (!h->nr_events)
		return;
	fputs("### Memory breakdown\n\n| # | RAM", out);
	for (k = 0; k < nr_mem_parts; k++)
		if (mem_parts[k].in_bar)
			fprintf(out, " | %s", mem_parts[k].label);
	fputs(" |\n| ---: | ---:", out);
	for (k = 0; k < nr_mem_parts; k++)
		if (mem_parts[k].in_bar)
			fputs(" | ---:", out);
	fputs(" |\n", out);
	for (i = 0; i < h->nr_events; i++) {
		strbuf_reset(&sb);
		words_kb(&sb, event_kb(h->events[i], "ram_kb"));
		fprintf(out, "| %zu | %s", i + 1, sb.buf);
		for (k = 0; k < nr_mem_parts; k++) {
			if (!mem_parts[k].in_bar)
				continue;
			strbuf_reset(&sb);
			words_kb(&sb, event_kb(h->events[i], mem_parts[k].field));
			fprintf(out, " | %s", sb.buf);
		}
		fputs(" |\n", out);
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
	for (i = 0; i < 2; i++) {
		strbuf_reset(&sb);
		if (i ? host_year_sentence(&sb, h) : host_suppressed_sentence(&sb, h)) {
			fputs("- ", out);
			cell(out, sb.buf);
			fputc('\n', out);
			n++;
		}
	}
	if (n)
		fputc('\n', out);
	strbuf_release(&sb);
}

/* A finding's advice: the settings its rule asked for (with their effect) and its actions. */
static void finding_advice(FILE *out, const struct verdict *v, const struct finding *f)
{
	const struct sysctl_rec *r;
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; (r = rec_asked_by(v, f->rule, &i));) {
		strbuf_reset(&sb);
		if (r->current)
			fact_value_str(r->current, &sb);
		fprintf(out, "  - set `%s = %s` (now %s)", r->key, r->value, r->current ? sb.buf : "unknown");
		if (r->effect) {
			fputs(": ", out);
			cell(out, r->effect);
		}
		fputc('\n', out);
	}
	for (i = 0; i < v->nr_actions; i++)
		if (v->actions[i].rule == f->rule) {
			fputs("  - ", out);
			cell(out, v->actions[i].action);
			fputc('\n', out);
		}
	strbuf_release(&sb);
}

static void findings(const struct report_ctx *ctx, const struct verdict *v)
{
	FILE *out = ctx->out;
	struct strbuf sb = STRBUF_INIT;
	size_t i, k, n, shown;

	if (v->nr_findings)
		fputs("### Findings\n\n", out);
	for (i = 0; i < v->nr_findings; i++) {
		const struct finding *f = &v->findings[i];
		struct finding_line *lines;

		fprintf(out, "- **%s** %s (`%s`)", severity_names[f->rule->severity], f->rule->title, f->rule->id);
		strbuf_reset(&sb);
		if (finding_seen_words(&sb, ctx, v, i))
			fprintf(out, " *%s*", sb.buf);
		if (f->nr_hits) {
			strbuf_reset(&sb);
			event_refs(&sb, f->hits, f->nr_hits);
			fprintf(out, ": events %s", sb.buf);
		}
		fputc('\n', out);
		n = finding_lines(v, f, &lines);
		for (k = 0, shown = 0; k < n && shown < FINDING_LINES; shown++) {
			const char *words = finding_line_next(&sb, lines, n, &k);

			fputs("  - ", out);
			if (sb.len)
				fprintf(out, "%s: ", sb.buf);
			cell(out, words);
			fputc('\n', out);
		}
		if (k < n)
			fputs("  - and more: every line is in the text report with -v and in the JSON\n", out);
		free(lines);
		finding_advice(out, v, f);
	}
	if (v->nr_findings)
		fputc('\n', out);
	strbuf_release(&sb);
}

/* The drop-in, ready to copy; what could not be computed, said below it. */
static void sysctls(FILE *out, const struct host *h, size_t host, const struct verdict *v)
{
	struct strbuf sb = STRBUF_INIT;
	const struct sysctl_rec *r;
	size_t i = 0, n = 0;

	while ((r = rec_to_change(v, &i))) {
		strbuf_reset(&sb);
		if (!n++) {
			sysctl_dropin_path(&sb, h, host);
			fprintf(out, "### Drop-in\n\n```ini\n# %s (review before applying)\n", sb.buf);
			strbuf_reset(&sb);
		}
		fact_value_str(r->current, &sb);
		fprintf(out, "# %s: now %s\n%s = %s\n", r->key, sb.buf, r->key, r->value);
	}
	if (n)
		fputs("```\n\n", out);
	for (i = 0; i < v->nr_dropped; i++)
		if (v->dropped[i].uncomputed)
			fprintf(out, "- `%s`\n", v->dropped[i].text);
	strbuf_release(&sb);
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
		bool said;

		fputs("## ", ctx->out);
		cell(ctx->out, host_label(h, &sb));
		fprintf(ctx->out, "\n\n**%s**: ", verdict_severity(v));
		cell(ctx->out, v->host.summary);
		fputs("\n\n", ctx->out);
		said = host_events_words(&sb, h, v);
		fputs(sb.buf, ctx->out);
		if (said && (h->kernel || h->hypervisor))
			fprintf(ctx->out, " (kernel %s, %s)", h->kernel ? h->kernel : "unknown",
				h->hypervisor ? host_hypervisor_label(h, &sb) : "hypervisor unknown");
		else if (h->kernel || h->hypervisor)
			fprintf(ctx->out, "Kernel %s, hypervisor %s.", h->kernel ? h->kernel : "unknown",
				host_hypervisor_label(h, &sb));
		fputs("\n\n", ctx->out);
		notes(ctx->out, h);
		findings(ctx, v);
		events(ctx->out, h, v, ctx->rules);
		breakdown(ctx->out, h);
		sysctls(ctx->out, h, i, v);
	}
	fputs("_The kernel rate-limits OOM reports: counts are lower bounds", ctx->out);
	if (fleet_suppressed(ctx->model) != MT_UNKNOWN)
		fprintf(ctx->out, "; it suppressed %lld messages right before them", (long long)fleet_suppressed(ctx->model));
	fputs("._\n", ctx->out);
	strbuf_release(&sb);
}

const struct report_writer out_markdown = { .name = "markdown", .write = markdown_write };
