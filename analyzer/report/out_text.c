/*
 * --format text: for a person at a terminal, read at 80 columns.  Per host
 * the verdict, then the findings (their numbers and advice, events named by
 * number), then the time line with each event once, then the drop-in.
 */
#include "report/report.h"
#include "engine/event_fields.h"
#include "model/esx_match.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <inttypes.h>
#include <math.h>

/* The width the report is written for. */
#define TEXT_WIDTH 80
/* An event's lines: "      zones    " then the text, wrapped under it. */
#define FIELD_INDENT 15
/* Longer time lines show the first and last TEXT_FOLD_KEEP events (-v: all). */
#define TEXT_FOLD_AT 12
#define TEXT_FOLD_KEEP 5
/* A finding shows this many lines of numbers (-v: all). */
#define FINDING_LINES 3
/* The fleet table's host column: as wide as the longest name, up to this. */
#define HOST_COLUMN_MAX 40

/* One line of an event: its label, then @text wrapped under the text's start. */
static void field(FILE *out, const char *label, const char *text)
{
	fprintf(out, "      %-8s", label);
	print_wrapped_at(out, FIELD_INDENT - 1, text, FIELD_INDENT, TEXT_WIDTH);
}

/* ANSI colours, only when the report goes to a terminal that wants them */
static const char *paint(const struct report_ctx *ctx, int severity)
{
	static const char *const colors[] = { "\033[36m", "\033[33m", "\033[1;31m" };

	if (!ctx->color)
		return "";
	return severity < 0 ? "\033[32m" : colors[severity];
}

static const char *reset(const struct report_ctx *ctx)
{
	return ctx->color ? "\033[0m" : "";
}

/* The host's panics and the rate limits' counts, a line each. */
static void host_notes(FILE *out, const struct host *h)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < h->nr_notes; i++) {
		if (h->notes[i]->kind != NOTE_PANIC)
			continue;
		strbuf_reset(&sb);
		note_panic_sentence(&sb, h->notes[i]);
		strbuf_addf(&sb, " (%s:%u)", h->notes[i]->src.file, h->notes[i]->src.line);
		print_wrapped(out, sb.buf, 2, TEXT_WIDTH);
	}
	strbuf_reset(&sb);
	if (host_suppressed_sentence(&sb, h))
		print_wrapped(out, sb.buf, 2, TEXT_WIDTH);
	strbuf_reset(&sb);
	if (host_year_sentence(&sb, h))
		print_wrapped(out, sb.buf, 2, TEXT_WIDTH);
	strbuf_release(&sb);
}

/* The verdict: one line saying how bad and what happened. */
static void verdict(const struct report_ctx *ctx, const struct host *h, const struct verdict *v)
{
	struct strbuf sb = STRBUF_INIT, lbl = STRBUF_INIT;
	const char *word = v->worst >= 0 ? severity_names[v->worst] : "ok";
	FILE *out = ctx->out;
	size_t first;

	if (ctx->color) {
		/* the summary wraps under the host's line; colours take no column */
		fprintf(out, "\033[1m%s%s: %s%s%s:", host_label(h, &lbl), reset(ctx), paint(ctx, v->worst), word,
			reset(ctx));
		print_wrapped_at(out, (unsigned)(lbl.len + strlen(word) + 3), v->host.summary ? v->host.summary : "",
				 2, TEXT_WIDTH);
	} else {
		/* the host's words wrap with the summary: "(host not named in PATH)" is long */
		strbuf_addf(&sb, "%s: %s: %s", host_label(h, &lbl), word, v->host.summary ? v->host.summary : "");
		first = strcspn(sb.buf, " ");
		fwrite(sb.buf, 1, first, out);
		print_wrapped_at(out, (unsigned)first, sb.buf + first, 2, TEXT_WIDTH);
	}
	if (host_events_words(&sb, h, v))
		print_wrapped(out, sb.buf, 2, TEXT_WIDTH);
	if (h->kernel || h->hypervisor)
		fprintf(out, "  kernel %s, hypervisor %s\n", h->kernel ? h->kernel : "unknown",
			host_hypervisor_label(h, &lbl));
	host_notes(out, h);
	strbuf_release(&sb);
	strbuf_release(&lbl);
}

/* The fleet table's host column: "name", or its start and "..." when longer than @width. */
static void host_cell(struct strbuf *sb, const char *name, size_t width)
{
	size_t n = strlen(name);

	if (n <= width)
		strbuf_addf(sb, "%-*s", (int)width, name);
	else
		strbuf_addf(sb, "%.*s...", (int)(width - 3), name);
}

/* With several hosts, a table first: which to look at. */
static void fleet(const struct report_ctx *ctx)
{
	struct strbuf lbl = STRBUF_INIT, cell = STRBUF_INIT;
	size_t i, width = 4;

	for (i = 0; i < ctx->model->nr_hosts; i++) {
		size_t n = strlen(host_label(ctx->model->hosts[i], &lbl));

		if (n > width)
			width = n > HOST_COLUMN_MAX ? HOST_COLUMN_MAX : n;
	}
	fprintf(ctx->out, "\n%-*s %5s %6s %5s  %s\n", (int)width, "HOST", "KILLS", "PANICS", "ALLOC", "VERDICT");
	for (i = 0; i < ctx->model->nr_hosts; i++) {
		const struct host *h = ctx->model->hosts[i];
		const struct verdict *v = &ctx->verdicts[i];

		strbuf_reset(&cell);
		host_cell(&cell, host_label(h, &lbl), width);
		fprintf(ctx->out, "%s %5zu %6zu %5zu  ", cell.buf, host_count(h, OOM_KILL),
			host_count(h, OOM_PANIC), host_count(h, OOM_ALLOC_FAILURE));
		fprintf(ctx->out, "%s%s%s", paint(ctx, v->worst), verdict_severity(v), reset(ctx));
		strbuf_reset(&lbl);
		verdict_causes(&lbl, v, ctx->rules);
		/* the causes wrap under the verdict column */
		print_wrapped_at(ctx->out, (unsigned)(width + 21 + strlen(verdict_severity(v))), lbl.buf,
				 (unsigned)width + 21, TEXT_WIDTH);
	}
	strbuf_release(&lbl);
	strbuf_release(&cell);
}

/*
 * One event of the time line, numbered as the findings name it.  Its cause
 * is named here; the numbers behind the cause are under its finding.
 */
static void write_event(FILE *out, size_t nr, const struct oom_event *e, const struct event_cause *c,
			const struct ruleset *rs)
{
	struct strbuf sb = STRBUF_INIT, t = STRBUF_INIT;
	const char *hv;

	event_when_words(&t, e);
	fprintf(out, "  #%-3zu %s", nr + 1, t.buf);
	event_kind_words(&sb, e);
	if (c && c->kind >= 0)
		strbuf_addf(&sb, ": %s", rs->kinds[c->kind].name);
	/* a cause no rule named (undecided) has its reason here, under no finding */
	if (c && c->kind >= 0 && !c->rule && c->summary)
		strbuf_addf(&sb, ": %s", c->summary);
	print_wrapped_at(out, (unsigned)(7 + t.len), sb.buf, 6, TEXT_WIDTH);
	if (event_killed_words(&sb, e))
		field(out, "killed", sb.buf);
	if (e->type == OOM_USERSPACE_KILL) {
		if (event_killer_figures_words(&sb, e))
			field(out, "figures", sb.buf);
		if (event_paired_words(&sb, e))
			field(out, "kernel", sb.buf);
	}
	if (e->type != OOM_USERSPACE_KILL && event_trigger_words(&sb, e))
		field(out, "trigger", sb.buf);
	if (event_zones_words(&sb, e))
		field(out, "zones", sb.buf);
	if (event_memory_words(&sb, e))
		field(out, "memory", sb.buf);
	if (event_biggest_words(&sb, e))
		field(out, "biggest", sb.buf);
	if (event_memcg_words(&sb, e))
		field(out, "memcg", sb.buf);
	if ((hv = event_hypervisor_words(&sb, e)))
		field(out, hv, sb.buf);
	if (hv_admission_words(e, &sb))
		field(out, "esxi", sb.buf);
	if (e->suppressed_before != MT_UNKNOWN) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%lld messages right before it (the %s rate limit)", (long long)e->suppressed_before,
			    e->suppressed_by);
		field(out, "dropped", sb.buf);
	}
	if (e->other_panic) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "not for memory, while it was printed: %s", e->other_panic);
		field(out, "panic", sb.buf);
	}
	if (e->type != OOM_USERSPACE_KILL && event_paired_words(&sb, e))
		field(out, "userspace", sb.buf);
	strbuf_reset(&sb);
	strbuf_addf(&sb, "%s:%u%s%s%s", e->src.file, e->src.line, e->complete ? "" : " (incomplete: ",
		    e->complete ? "" : e->incomplete_why, e->complete ? "" : ")");
	field(out, "source", sb.buf);
	strbuf_release(&sb);
	strbuf_release(&t);
}

/* The time line, each event once; a long one folded to its first and last events. */
static void write_timeline(const struct report_ctx *ctx, const struct host *h, const struct verdict *v)
{
	bool fold = !ctx->verbose && h->nr_events > TEXT_FOLD_AT;
	size_t j;

	if (!h->nr_events)
		return;
	fprintf(ctx->out, "\n  Time line (%zu event%s):\n", h->nr_events, h->nr_events == 1 ? "" : "s");
	for (j = 0; j < h->nr_events; j++) {
		if (fold && j == TEXT_FOLD_KEEP) {
			fprintf(ctx->out, "  ... %zu more events, #%zu to #%zu (-v shows them)\n",
				h->nr_events - 2 * TEXT_FOLD_KEEP, j + 1, h->nr_events - TEXT_FOLD_KEEP);
			j = h->nr_events - TEXT_FOLD_KEEP;
		}
		write_event(ctx->out, j, h->events[j], j < v->nr_causes ? &v->causes[j] : NULL, ctx->rules);
	}
}

/* What the rule advises: its settings (the effect where first shown) and its actions. */
static void finding_advice(const struct report_ctx *ctx, const struct verdict *v, const struct finding *f,
			   bool *effect_shown)
{
	const struct sysctl_rec *r;
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; (r = rec_asked_by(v, f->rule, &i));) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s = %s (now ", r->key, r->value);
		if (r->current)
			fact_value_str(r->current, &sb);
		else
			strbuf_addstr(&sb, "unknown");
		strbuf_addstr(&sb, ")");
		if (r->effect && !effect_shown[i])
			strbuf_addf(&sb, ": %s", r->effect);
		else if (r->effect)
			strbuf_addstr(&sb, ", its effect above");
		effect_shown[i] = true;
		field(ctx->out, "set", sb.buf);
	}
	for (i = 0; i < v->nr_actions; i++)
		if (v->actions[i].rule == f->rule)
			field(ctx->out, "do", v->actions[i].action);
	strbuf_release(&sb);
}

/* One finding: what held, on which events, the numbers, the advice. */
static void write_finding(const struct report_ctx *ctx, const struct verdict *v, const struct finding *f,
			  bool *effect_shown)
{
	struct strbuf sb = STRBUF_INIT;
	struct finding_line *lines;
	size_t n = finding_lines(v, f, &lines), k, shown, more;

	fprintf(ctx->out, "  %s[%s]%s", paint(ctx, (int)f->rule->severity), severity_names[f->rule->severity],
		reset(ctx));
	strbuf_addf(&sb, "%s (%s; ", f->rule->title, f->rule->id);
	if (!finding_seen_words(&sb, ctx, v, (size_t)(f - v->findings)))   /* "new", "again: ..." with --state */
		strbuf_setlen(&sb, sb.len - 2);
	strbuf_addch(&sb, ')');
	print_wrapped_at(ctx->out, (unsigned)(strlen(severity_names[f->rule->severity]) + 4), sb.buf, 6,
			 TEXT_WIDTH);
	if (f->nr_hits) {
		strbuf_reset(&sb);
		event_refs(&sb, f->hits, f->nr_hits);
		field(ctx->out, "events", sb.buf);
	}
	for (k = 0, shown = 0; k < n && (ctx->verbose || shown < FINDING_LINES); shown++) {
		const char *words = finding_line_next(&sb, lines, n, &k);

		strbuf_addf(&sb, "%s%s", sb.len ? ": " : "", words);
		field(ctx->out, "numbers", sb.buf);
	}
	for (more = 0; k < n; more++) {
		size_t group = lines[k].first;

		while (k < n && lines[k].first == group)
			k++;
	}
	if (more)
		fprintf(ctx->out, "               ... %zu more (-v)\n", more);
	finding_advice(ctx, v, f, effect_shown);
	if (ctx->verbose) {
		print_wrapped(ctx->out, f->rule->explanation, 6, TEXT_WIDTH);
		strbuf_reset(&sb);
		for (k = 0; k < f->nr_evidence; k++)
			strbuf_addf(&sb, "%s%s:%u", k ? " " : "", f->evidence[k].file, f->evidence[k].line);
		field(ctx->out, "evidence", sb.buf);
	}
	free(lines);
	strbuf_release(&sb);
}

static void write_findings(const struct report_ctx *ctx, const struct verdict *v)
{
	bool *effect_shown = xcalloc(v->nr_recs + 1, sizeof(*effect_shown));
	size_t i;

	if (v->nr_findings)
		fputs("\n  Findings:\n", ctx->out);
	for (i = 0; i < v->nr_findings; i++)
		write_finding(ctx, v, &v->findings[i], effect_shown);
	free(effect_shown);
}

/* The heading of the drop-in, before the first of its settings: the file it goes to on the host. */
static void recs_heading(FILE *out, const struct host *h, size_t host, size_t *shown)
{
	struct strbuf sb = STRBUF_INIT;

	if ((*shown)++)
		return;
	strbuf_addstr(&sb, "Drop-in for ");
	sysctl_dropin_path(&sb, h, host);
	strbuf_addstr(&sb, " (current -> recommended; --emit-sysctl writes it):");
	fputc('\n', out);
	print_wrapped(out, sb.buf, 2, TEXT_WIDTH);
	strbuf_release(&sb);
}

/* The settings to change as one block to copy; with -v which rules asked and how they were merged. */
static void write_recs(const struct report_ctx *ctx, const struct host *h, size_t host, const struct verdict *v)
{
	struct strbuf sb = STRBUF_INIT;
	const struct sysctl_rec *r;
	FILE *out = ctx->out;
	size_t i = 0, k, shown = 0;

	while ((r = rec_to_change(v, &i))) {
		recs_heading(out, h, host, &shown);
		strbuf_reset(&sb);
		fact_value_str(r->current, &sb);
		fprintf(out, "    %s = %s    # %s -> %s", r->key, r->value, sb.buf, r->value);
		if (r->configured)
			fprintf(out, ", set in %s:%u", r->configured->src.file, r->configured->src.line);
		fputc('\n', out);
		if (!ctx->verbose)
			continue;
		strbuf_reset(&sb);
		for (k = 0; k < r->nr_askers; k++)
			strbuf_addf(&sb, "%s%s", k ? " " : "", r->askers[k].rule->id);
		field(out, "rules", sb.buf);
		if (r->note)
			field(out, "note", r->note);
	}
	for (i = 0; i < v->nr_dropped; i++)
		if (v->dropped[i].uncomputed) {
			recs_heading(out, h, host, &shown);
			print_wrapped(out, v->dropped[i].text, 4, TEXT_WIDTH);
		}
	strbuf_release(&sb);
}

/* Whether @cap gave @e its figures: esxtop's picture of the event, or another tool's sample. */
static bool event_from_capture(const struct oom_event *e, const struct esx_capture *cap)
{
	return (e->esx && e->esx->capture == cap->file) ||
	       (e->hv && e->hv->from_capture && e->hv->source == cap->file);
}

/* Which VMs were paired with a guest, which were not, and whether the times meet. */
static void pairing(const struct report_ctx *ctx, const struct esx_capture *cap)
{
	struct strbuf unpaired = STRBUF_INIT, sb = STRBUF_INIT;
	size_t v, i, k;

	for (v = 0; v < cap->nr_vms; v++) {
		const struct esx_vm *vm = &cap->vms[v];

		if (!vm->guest) {
			strbuf_addf(&unpaired, "%s%s", unpaired.len ? ", " : "VMs paired with no guest of the inputs: ",
				    vm->name);
			continue;
		}
		for (i = 0; i < ctx->model->nr_hosts; i++) {
			const struct host *h = ctx->model->hosts[i];
			size_t with = 0, timed = 0;
			int64_t t;

			if (h->name != vm->guest)
				continue;
			for (k = 0; k < h->nr_events; k++) {
				with += event_from_capture(h->events[k], cap);
				timed += event_epoch(h->events[k], &t);
			}
			strbuf_reset(&sb);
			strbuf_addf(&sb, "VM %s is guest %s: the capture covers %zu of its %zu event%s%s", vm->name,
				    h->name, with, h->nr_events, h->nr_events == 1 ? "" : "s",
				    timed && !with ? " (the capture's times do not meet the guest's; a guest in another zone needs --tz)" : "");
			print_wrapped(ctx->out, sb.buf, 2, TEXT_WIDTH);
		}
	}
	/* after the paired ones: the list is one sentence, whatever the VMs' order */
	if (unpaired.len) {
		strbuf_addstr(&unpaired, " (no host of that name: pair them with --vm VMNAME=HOST)");
		print_wrapped(ctx->out, unpaired.buf, 2, TEXT_WIDTH);
	}
	strbuf_release(&unpaired);
	strbuf_release(&sb);
}

/* "ESX", "Hyper-V", "KVM", "Xen": whose host a capture shows. */
static const char *hypervisor_label(const struct esx_capture *cap)
{
	static const struct { const char *kind, *label; } labels[] = {
		{ "vmware", "ESX" }, { "hyperv", "Hyper-V" }, { "kvm", "KVM" }, { "xen", "Xen" },
	};
	size_t i;

	for (i = 0; cap->hypervisor && i < ARRAY_SIZE(labels); i++)
		if (!strcmp(cap->hypervisor, labels[i].kind))
			return labels[i].label;
	return "ESX";
}

/* When the capture's figures were true: its times, or that the file gives none. */
static void capture_times(const struct report_ctx *ctx, const struct esx_capture *cap)
{
	size_t i, timed = 0;

	for (i = 0; i < cap->nr_samples; i++)
		timed += cap->times[i] != 0;
	if (!timed && !cap->screen)
		fputs("  the file gives no time: its figures are of when it was taken, paired with no event\n",
		      ctx->out);
	else if (cap->local_times)
		fputs("  times are the exporting machine's local time, its zone not given: read as UTC\n",
		      ctx->out);
}

/* How many VMs the balloon and host swap took from, or that the capture cannot say. */
static void capture_reclaim(const struct report_ctx *ctx, const struct esx_capture *cap,
			    const struct esx_capacity *c)
{
	bool cap_is_esxtop = cap->tool && !strcmp(cap->tool, "esxtop");

	struct strbuf sb = STRBUF_INIT;

	if (!c->vms)
		return;
	if (c->vms_balloon_known)
		fprintf(ctx->out, "  VMs ballooned: %zu", c->vms_ballooned);
	else
		fprintf(ctx->out, "  VMs ballooned: unknown, the capture has no per-VM balloon figures%s",
			cap_is_esxtop ? " (esxtop -b without -a)" : "");
	if (!c->vms_balloon_known && !isnan(c->host_memctl_mb)) {
		words_mb(&sb, c->host_memctl_mb);
		fprintf(ctx->out, "; the host's balloon total (Memctl Current) reached %s", sb.buf);
	}
	if (c->vms_swap_known)
		fprintf(ctx->out, ", host-swapped: %zu\n", c->vms_swapped);
	else
		fputs(", host-swapped: unknown\n", ctx->out);
	strbuf_release(&sb);
}

/* The most admission failures listed one by one; the JSON has them all. */
#define ADMISSIONS_SHOWN 5

static void add_utc(struct strbuf *sb, int64_t t)
{
	struct mt_time tm;

	if (!t) {
		strbuf_addstr(sb, "time not given");
		return;
	}
	mt_time_from_epoch(&tm, t, -1, 0, true);
	mt_time_format(&tm, sb);
}

/* "line 2, 2025-12-31T23:59:41Z: host/vim/...: asked 1.0 MiB of host, which had 0 B available, 63.8 GiB occupied" */
static void admission_line(FILE *out, const struct esx_admission *a)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "line %u, ", a->line);
	add_utc(&sb, a->time);
	strbuf_addf(&sb, ": %s: ", a->path ? a->path : "(its path line not found)");
	if (a->asked_of) {
		strbuf_addstr(&sb, "asked ");
		strbuf_add_kb(&sb, a->requested_kb);
		strbuf_addf(&sb, " of %s, which had ", a->asked_of);
		strbuf_add_kb(&sb, a->available_kb);
		strbuf_addstr(&sb, " available, ");
		strbuf_add_kb(&sb, a->occupied_kb);
		strbuf_addstr(&sb, " occupied");
	} else {
		strbuf_addstr(&sb, "its figures line not found");
	}
	print_wrapped(out, sb.buf, 2, TEXT_WIDTH);
	strbuf_release(&sb);
}

/* Each guest on the log's host, and how near its events came to a failure; or how one would pair. */
static void admission_pairing(const struct report_ctx *ctx, const struct esx_capture *cap)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, k, guests = 0;

	for (i = 0; i < ctx->model->nr_hosts; i++) {
		const struct host *h = ctx->model->hosts[i];
		const struct hv_admission *near = NULL;

		for (k = 0; k < h->nr_events; k++) {
			const struct hv_admission *a = h->events[k]->admission;

			if (a && a->source == cap->file && (!near || llabs(a->after_s) < llabs(near->after_s)))
				near = a;
		}
		if (!near)
			continue;
		guests++;
		strbuf_reset(&sb);
		strbuf_addf(&sb, "guest %s is on this host: the failure nearest one of its events came ", h->name);
		strbuf_add_duration(&sb, near->after_s);
		strbuf_addstr(&sb, near->after_s >= 0 ? " after it" : " before it");
		print_wrapped(ctx->out, sb.buf, 2, TEXT_WIDTH);
	}
	if (!guests && cap->nr_admissions)
		print_wrapped(ctx->out, cap->esx_host
			      ? "paired with no guest: a guest pairs when another capture (esxtop, vCenter) puts its VM on this host, or with --vm vm.N=HOST for a VM's own path; the failures are said, and explain no event"
			      : "paired with no guest: the log names no host (neither in its lines nor a vm-support bundle's name), so only a VM's own path pairs, with --vm vm.N=HOST; the failures are said, and explain no event",
			      2, TEXT_WIDTH);
	strbuf_release(&sb);
}

/* A vmkernel.log: its memory admission failures, when, and with whom they were paired. */
static void write_admission_log(const struct report_ctx *ctx, const struct esx_capture *cap)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, n = cap->nr_admissions;

	fprintf(ctx->out, "\nESX %s (%s, vmkernel.log, %zu memory admission failure%s)\n",
		cap->esx_host ? cap->esx_host : "host", cap->file, n, n == 1 ? "" : "s");
	if (!n)
		fputs("  vmkernel.log: no memory admission failure\n", ctx->out);
	for (i = 0; i < n && i < ADMISSIONS_SHOWN; i++)
		admission_line(ctx->out, &cap->admissions[i]);
	if (n > ADMISSIONS_SHOWN) {
		strbuf_addf(&sb, "  and %zu more, the last at ", n - ADMISSIONS_SHOWN);
		add_utc(&sb, cap->admissions[n - 1].time);
		fprintf(ctx->out, "%s (the JSON lists them all)\n", sb.buf);
	}
	admission_pairing(ctx, cap);
	strbuf_release(&sb);
}

/* The capacity view of each capture: what the host had against what its VMs were given. */
static void write_captures(const struct report_ctx *ctx)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, k, known;

	for (i = 0; i < ctx->model->nr_captures; i++) {
		const struct esx_capture *cap = ctx->model->captures[i];
		struct esx_capacity c;

		if (cap->admission_log) {
			write_admission_log(ctx, cap);
			continue;
		}
		esx_capacity(cap, &c);
		strbuf_reset(&sb);
		fprintf(ctx->out, "\n%s %s (%s%s%s, %zu sample%s, %zu VM%s)\n", hypervisor_label(cap),
			cap->esx_host ? cap->esx_host : "host", cap->file,
			cap->tool && strcmp(cap->tool, "esxtop") ? ", " : "",
			cap->tool && strcmp(cap->tool, "esxtop") ? cap->tool : "", cap->nr_samples,
			cap->nr_samples == 1 ? "" : "s", cap->nr_vms, cap->nr_vms == 1 ? "" : "s");
		capture_times(ctx, cap);
		if (!isnan(c.overcommit)) {
			words_mb(&sb, c.machine_mb);
			fprintf(ctx->out, "  memory %s; VMs configured with %.0f%% of it (overhead included)\n", sb.buf,
				c.overcommit * 100);
		}
		for (k = 0, known = 0; k < 5; k++)
			known += c.samples_by_band[k];
		if (known) {
			fputs("  host state over the capture:", ctx->out);
			for (k = 0; k < 5; k++)
				if (c.samples_by_band[k])
					fprintf(ctx->out, " %s %zu", esx_band_names[k], c.samples_by_band[k]);
			fputc('\n', ctx->out);
		}
		capture_reclaim(ctx, cap, &c);
		pairing(ctx, cap);
	}
	strbuf_release(&sb);
}

/* The counts are lower bounds; how much lower, where the rate limits said. */
static void lower_bounds(const struct report_ctx *ctx)
{
	struct strbuf sb = STRBUF_INIT;
	int64_t sum = fleet_suppressed(ctx->model);

	strbuf_addstr(&sb, "The kernel rate-limits these reports: counts are lower bounds");
	if (sum != MT_UNKNOWN)
		strbuf_addf(&sb, "; it suppressed %lld messages right before them", (long long)sum);
	strbuf_addch(&sb, '.');
	fputc('\n', ctx->out);
	print_wrapped(ctx->out, sb.buf, 0, TEXT_WIDTH);
	strbuf_release(&sb);
}

static void text_write(const struct report_ctx *ctx)
{
	const struct model *m = ctx->model;
	size_t i, events = 0;

	for (i = 0; i < m->nr_hosts; i++)
		events += m->hosts[i]->nr_events;
	fprintf(ctx->out, "memtriage %s: %zu host%s, %zu event%s, %zu file%s read (%" PRIu64 " log line%s)\n",
		MT_VERSION, m->nr_hosts, m->nr_hosts == 1 ? "" : "s", events, events == 1 ? "" : "s",
		ctx->files_read, ctx->files_read == 1 ? "" : "s", ctx->log_lines,
		ctx->log_lines == 1 ? "" : "s");
	if (!m->nr_hosts && ctx->log_lines)
		fputs("\nNo OOM kill, OOM panic, allocation failure or other sign the rules look for.\n",
		      ctx->out);
	if (m->nr_hosts > 1)
		fleet(ctx);
	for (i = 0; i < m->nr_hosts; i++) {
		const struct host *h = m->hosts[i];
		const struct verdict *v = &ctx->verdicts[i];

		fputc('\n', ctx->out);
		verdict(ctx, h, v);
		write_findings(ctx, v);
		write_timeline(ctx, h, v);
		write_recs(ctx, h, i, v);
	}
	write_captures(ctx);
	if (events)
		lower_bounds(ctx);
	if (ctx->diag->nr)
		fprintf(ctx->out, "%zu problem%s with the inputs (see stderr).\n", ctx->diag->nr,
			ctx->diag->nr == 1 ? "" : "s");
}

const struct report_writer out_text = { .name = "text", .write = text_write };
