/*
 * --format text: for a person at a terminal.  Per host a one-line verdict,
 * then the time line of events with the few numbers that matter.
 */
#include "report/report.h"
#include "engine/event_fields.h"
#include "model/esx_match.h"
#include "util/strbuf.h"

#include <inttypes.h>
#include <math.h>

/* Pages are 4 KiB on the x86 guests this tool is for; the text says so. */
#define PAGE_KB 4

static void human_kb(struct strbuf *sb, int64_t kb)
{
	if (kb == MT_UNKNOWN)
		strbuf_addstr(sb, "?");
	else
		strbuf_add_kb(sb, (double)kb);
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
		fprintf(out, "  %s (%s:%u)\n", sb.buf, h->notes[i]->src.file, h->notes[i]->src.line);
	}
	strbuf_reset(&sb);
	if (host_suppressed_sentence(&sb, h))
		fprintf(out, "  %s\n", sb.buf);
	strbuf_release(&sb);
}

/* The verdict: one line saying how bad and what happened. */
static void verdict(const struct report_ctx *ctx, const struct host *h, const struct verdict *v)
{
	struct strbuf sb = STRBUF_INIT, lbl = STRBUF_INIT, t = STRBUF_INIT;
	const char *word = v->worst >= 0 ? severity_names[v->worst] : "ok";
	FILE *out = ctx->out;

	fprintf(out, "%s%s%s: %s%s%s: %s\n", ctx->color ? "\033[1m" : "", host_label(h, &lbl), reset(ctx),
		paint(ctx, v->worst), word, reset(ctx), v->host.summary ? v->host.summary : "");
	host_summary(&sb, h);
	if (h->nr_events && event_time_str(h->events[0], &t)) {
		strbuf_addf(&sb, ", %s", t.buf);
		strbuf_reset(&t);
		if (h->nr_events > 1 && event_time_str(h->events[h->nr_events - 1], &t))
			strbuf_addf(&sb, " to %s", t.buf);
	}
	fprintf(out, "  %s\n", sb.buf);
	if (h->kernel || h->hypervisor)
		fprintf(out, "  kernel %s, hypervisor %s\n", h->kernel ? h->kernel : "unknown",
			host_hypervisor_label(h, &lbl));
	host_notes(out, h);
	strbuf_release(&sb);
	strbuf_release(&lbl);
	strbuf_release(&t);
}

/* With several hosts, a table first: which to look at. */
static void fleet(const struct report_ctx *ctx)
{
	struct strbuf lbl = STRBUF_INIT;
	size_t i;

	fprintf(ctx->out, "\n%-28s %6s %6s %6s  %s\n", "HOST", "KILLS", "PANICS", "ALLOC", "VERDICT");
	for (i = 0; i < ctx->model->nr_hosts; i++) {
		const struct host *h = ctx->model->hosts[i];
		const struct verdict *v = &ctx->verdicts[i];

		fprintf(ctx->out, "%-28.28s %6zu %6zu %6zu  ", host_label(h, &lbl), host_count(h, OOM_KILL),
			host_count(h, OOM_PANIC), host_count(h, OOM_ALLOC_FAILURE));
		fprintf(ctx->out, "%s%s%s", paint(ctx, v->worst), verdict_severity(v), reset(ctx));
		strbuf_reset(&lbl);
		verdict_causes(&lbl, v, ctx->rules);
		fprintf(ctx->out, "%s%s\n", lbl.len ? " " : "", lbl.buf);
	}
	strbuf_release(&lbl);
}

static void line_zones(FILE *out, const struct oom_event *e)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < e->nr_zones; i++) {
		const struct oom_zone *z = &e->zones[i];
		int64_t fr = oom_zone_field(z, "free"), mn = oom_zone_field(z, "min");

		if (fr == MT_UNKNOWN || oom_zone_field(z, "present") == 0)
			continue;
		strbuf_addf(&sb, "%s", sb.len ? "; " : "");
		if (z->node >= 0 && event_nodes(e) > 1)
			strbuf_addf(&sb, "node %d ", z->node);
		strbuf_addf(&sb, "%s free ", z->name);
		human_kb(&sb, fr);
		strbuf_addstr(&sb, mn != MT_UNKNOWN && fr < mn ? " < min " : " (min ");
		human_kb(&sb, mn);
		if (!(mn != MT_UNKNOWN && fr < mn))
			strbuf_addch(&sb, ')');
	}
	if (sb.len)
		fprintf(out, "      zones    %s\n", sb.buf);
	strbuf_release(&sb);
}

static int64_t pages_kb(const struct kv_list *l, const char *key)
{
	int64_t v = kv_get(l, key);

	return v == MT_UNKNOWN ? v : v * PAGE_KB;
}

static void line_memory(FILE *out, const struct oom_event *e)
{
	struct strbuf sb = STRBUF_INIT;
	int64_t dirty = pages_kb(&e->mem_info, "dirty"), wb = pages_kb(&e->mem_info, "writeback");
	int64_t sf = kv_get(&e->totals, "swap_free_kb"), st = kv_get(&e->totals, "swap_total_kb");

	if (dirty != MT_UNKNOWN || wb != MT_UNKNOWN) {
		strbuf_addstr(&sb, "dirty ");
		human_kb(&sb, dirty);
		strbuf_addstr(&sb, ", writeback ");
		human_kb(&sb, wb);
	}
	if (st != MT_UNKNOWN) {
		strbuf_addf(&sb, "%sswap ", sb.len ? "; " : "");
		if (st == 0) {
			strbuf_addstr(&sb, "none");
		} else {
			human_kb(&sb, sf);
			strbuf_addstr(&sb, " free of ");
			human_kb(&sb, st);
		}
	}
	if (sb.len)
		fprintf(out, "      memory   %s\n", sb.buf);
	strbuf_release(&sb);
}

/* The three largest tasks by rss (pages). */
/* The biggest programs: rows of one name summed, resident + swapped out. */
static void line_biggest(FILE *out, const struct oom_event *e)
{
	struct strbuf sb = STRBUF_INIT;
	size_t n, k;
	struct program *p = event_programs(e, &n);

	for (k = 0; p && k < n && k < 3; k++) {
		strbuf_addf(&sb, "%s%s", k ? ", " : "", p[k].name);
		if (p[k].tasks > 1)
			strbuf_addf(&sb, " x%zu", p[k].tasks);
		strbuf_addch(&sb, ' ');
		human_kb(&sb, p[k].kb);
	}
	if (sb.len)
		fprintf(out, "      biggest  %s (rss + swap, of %zu tasks)\n", sb.buf, e->nr_tasks);
	free(p);
	strbuf_release(&sb);
}

static void mb(struct strbuf *sb, double v)
{
	if (isnan(v))
		strbuf_addstr(sb, "?");
	else
		human_kb(sb, (int64_t)(v * 1024));
}

/* What the ESX host showed of this VM at the event. */
static void line_esx(FILE *out, const struct esx_picture *p)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb, "balloon ");
	mb(&sb, p->balloon_mb);
	strbuf_addstr(&sb, " (target ");
	mb(&sb, p->balloon_target_mb);
	strbuf_addstr(&sb, "), host-swapped ");
	mb(&sb, p->swapped_mb);
	strbuf_addstr(&sb, ", compressed ");
	mb(&sb, p->compressed_mb);
	strbuf_addstr(&sb, "; ESX free ");
	mb(&sb, p->host_free_mb);
	strbuf_addf(&sb, " (%s)", p->host_band ? p->host_band : "state unknown");
	if (!isnan(p->limit_mb) && p->limit_mb >= 0 && !isnan(p->memsz_mb) && p->limit_mb < p->memsz_mb) {
		strbuf_addstr(&sb, "; limit ");
		mb(&sb, p->limit_mb);
		strbuf_addstr(&sb, " below its ");
		mb(&sb, p->memsz_mb);
	}
	strbuf_addf(&sb, "; sample %llds before", (long long)p->before_s);
	fprintf(out, "      esx      %s\n", sb.buf);
	strbuf_release(&sb);
}

static void write_event(FILE *out, const struct oom_event *e, const struct event_cause *c,
			const struct ruleset *rs)
{
	struct strbuf sb = STRBUF_INIT, t = STRBUF_INIT;
	static const char *const kinds[OOM__TYPES] = { "OOM kill", "OOM panic", "allocation failure" };

	if (!event_time_str(e, &t)) {
		if (e->has_uptime)
			strbuf_addf(&t, "uptime %.3fs", (double)e->uptime_us / 1e6);
		else
			strbuf_addstr(&t, "time unknown");
	}
	strbuf_addf(&sb, "  %s  %s", t.buf, kinds[e->type]);
	if (e->constraint != CONSTRAINT_UNKNOWN)
		strbuf_addf(&sb, " (%s%s%s)", oom_constraint_names[e->constraint],
			    e->cgroup ? " " : "", e->cgroup ? e->cgroup : "");
	if (c && c->kind >= 0)
		strbuf_addf(&sb, ": %s: %s", rs->kinds[c->kind].name, c->summary);
	fprintf(out, "%s\n", sb.buf);
	strbuf_reset(&sb);
	if (e->victim_pid != MT_UNKNOWN) {
		strbuf_addf(&sb, "%s pid %lld", e->victim_comm ? e->victim_comm : "?", (long long)e->victim_pid);
		if (kv_get(&e->victim, "anon_rss_kb") != MT_UNKNOWN) {
			strbuf_addstr(&sb, ", anon-rss ");
			human_kb(&sb, kv_get(&e->victim, "anon_rss_kb"));
		}
	} else if (e->type == OOM_KILL) {
		strbuf_addstr(&sb, "none in the log");
	}
	if (sb.len)
		fprintf(out, "      killed   %s\n", sb.buf);
	strbuf_reset(&sb);
	strbuf_addf(&sb, "%s", e->trigger_comm ? e->trigger_comm : "?");
	if (e->trigger_pid != MT_UNKNOWN)
		strbuf_addf(&sb, " pid %lld", (long long)e->trigger_pid);
	if (e->order != MT_UNKNOWN)
		strbuf_addf(&sb, ", order %lld", (long long)e->order);
	if (e->gfp_mask)
		strbuf_addf(&sb, ", gfp_mask %s%s%s%s", e->gfp_mask, e->gfp_flags ? " (" : "",
			    e->gfp_flags ? e->gfp_flags : "", e->gfp_flags ? ")" : "");
	if (e->sysrq)
		strbuf_addstr(&sb, ", forced by SysRq-f");
	if (e->sysrq_src.line)
		strbuf_addf(&sb, " (%s:%u)", e->sysrq_src.file, e->sysrq_src.line);
	fprintf(out, "      trigger  %s\n", sb.buf);
	line_zones(out, e);
	line_memory(out, e);
	line_biggest(out, e);
	if (e->memcg.nr) {
		strbuf_reset(&sb);
		human_kb(&sb, kv_get(&e->memcg, "memory_usage_kb"));
		strbuf_addstr(&sb, " used of limit ");
		human_kb(&sb, kv_get(&e->memcg, "memory_limit_kb"));
		fprintf(out, "      memcg    %s\n", sb.buf);
	}
	if (e->esx)
		line_esx(out, e->esx);
	else if (hv_sample_words(e, &sb))   /* a snapshot's reading, with its time */
		fprintf(out, "      balloon  %s (%s)\n", sb.buf, e->hv->source);
	if (e->suppressed_before != MT_UNKNOWN)
		fprintf(out, "      dropped  %lld messages right before it (the %s rate limit)\n",
			(long long)e->suppressed_before, e->suppressed_by);
	if (e->other_panic)
		fprintf(out, "      panic    not for memory, while it was printed: %s\n", e->other_panic);
	fprintf(out, "      source   %s:%u%s%s%s\n", e->src.file, e->src.line,
		e->complete ? "" : " (incomplete: ", e->complete ? "" : e->incomplete_why,
		e->complete ? "" : ")");
	strbuf_release(&sb);
	strbuf_release(&t);
}

static void write_findings(const struct report_ctx *ctx, const struct verdict *v, bool verbose)
{
	FILE *out = ctx->out;
	size_t i, k;

	if (v->nr_findings)
		fputs("\n  Findings:\n", out);
	for (i = 0; i < v->nr_findings; i++) {
		const struct finding *f = &v->findings[i];
		struct strbuf seen = STRBUF_INIT;

		strbuf_addstr(&seen, f->rule->id);
		strbuf_addstr(&seen, "; ");
		if (!finding_seen_words(&seen, ctx, v, i))
			strbuf_setlen(&seen, strlen(f->rule->id));
		fprintf(out, "  %s[%s]%s %s (%s)\n", paint(ctx, (int)f->rule->severity),
			severity_names[f->rule->severity], reset(ctx), f->rule->title, seen.buf);
		strbuf_release(&seen);
		for (k = 0; k < f->nr_details && (verbose || k < 3); k++)
			fprintf(out, "      %s\n", f->details[k]);
		if (!verbose && f->nr_details > 3)
			fprintf(out, "      ... %zu more (-v)\n", f->nr_details - 3);
		if (verbose) {
			print_wrapped(out, f->rule->explanation, 6, 78);
			fputs("      evidence:", out);
			for (k = 0; k < f->nr_evidence; k++)
				fprintf(out, " %s:%u", f->evidence[k].file, f->evidence[k].line);
			fputc('\n', out);
		}
	}
}

/* The heading of the sysctl settings, before the first of them. */
static void recs_heading(FILE *out, size_t *shown)
{
	if (!(*shown)++)
		fputs("\n  sysctl settings to change, ready for /etc/sysctl.d (current -> recommended):\n", out);
}

static void write_recs(FILE *out, const struct verdict *v)
{
	struct strbuf sb = STRBUF_INIT;
	const struct sysctl_rec *r;
	size_t i = 0, k, shown = 0;

	while ((r = rec_to_change(v, &i))) {
		recs_heading(out, &shown);
		strbuf_reset(&sb);
		fact_value_str(r->current, &sb);
		fprintf(out, "    %s = %s    # %s -> %s", r->key, r->value, sb.buf, r->value);
		if (r->configured)
			fprintf(out, ", set in %s:%u", r->configured->src.file, r->configured->src.line);
		fputs("; rules:", out);
		for (k = 0; k < r->nr_askers; k++)
			fprintf(out, " %s", r->askers[k].rule->id);
		fputc('\n', out);
		if (r->note)
			fprintf(out, "        note: %s\n", r->note);
		if (r->effect)
			fprintf(out, "        effect: %s\n", r->effect);
	}
	for (i = 0; i < v->nr_dropped; i++)
		if (v->dropped[i].uncomputed) {
			recs_heading(out, &shown);
			fprintf(out, "    %s\n", v->dropped[i].text);
		}
	if (v->nr_actions)
		fputs("\n  Also:\n", out);
	for (i = 0; i < v->nr_actions; i++)
		fprintf(out, "    - %s (%s)\n", v->actions[i].action, v->actions[i].rule->id);
	strbuf_release(&sb);
}

/* Which VMs were paired with a guest, which were not, and whether the times meet. */
static void pairing(const struct report_ctx *ctx, const struct esx_capture *cap)
{
	size_t v, i, k, unpaired = 0;

	for (v = 0; v < cap->nr_vms; v++) {
		const struct esx_vm *vm = &cap->vms[v];

		if (!vm->guest) {
			fprintf(ctx->out, "%s%s", unpaired++ ? ", " : "  VMs paired with no guest of the inputs: ", vm->name);
			continue;
		}
		for (i = 0; i < ctx->model->nr_hosts; i++) {
			const struct host *h = ctx->model->hosts[i];
			size_t with = 0, timed = 0;
			int64_t t;

			if (h->name != vm->guest)
				continue;
			for (k = 0; k < h->nr_events; k++) {
				with += h->events[k]->esx != NULL;
				timed += event_epoch(h->events[k], &t);
			}
			fprintf(ctx->out, "  VM %s is guest %s: the capture covers %zu of its %zu event%s%s\n", vm->name,
				h->name, with, h->nr_events, h->nr_events == 1 ? "" : "s",
				timed && !with ? " (the capture's times do not meet the guest's; a guest in another zone needs --tz)" : "");
		}
	}
	if (unpaired)
		fputs(" (no host of that name: pair them with --vm VMNAME=HOST)\n", ctx->out);
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
static void capture_reclaim(const struct report_ctx *ctx, const struct esx_capacity *c)
{
	struct strbuf sb = STRBUF_INIT;

	if (!c->vms)
		return;
	if (c->vms_balloon_known)
		fprintf(ctx->out, "  VMs ballooned: %zu", c->vms_ballooned);
	else
		fputs("  VMs ballooned: unknown, the capture has no per-VM balloon figures (esxtop -b without -a)",
		      ctx->out);
	if (!c->vms_balloon_known && !isnan(c->host_memctl_mb)) {
		mb(&sb, c->host_memctl_mb);
		fprintf(ctx->out, "; the host's balloon total (Memctl Current) reached %s", sb.buf);
	}
	if (c->vms_swap_known)
		fprintf(ctx->out, ", host-swapped: %zu\n", c->vms_swapped);
	else
		fputs(", host-swapped: unknown\n", ctx->out);
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

		esx_capacity(cap, &c);
		strbuf_reset(&sb);
		fprintf(ctx->out, "\n%s %s (%s%s%s, %zu sample%s, %zu VM%s)\n", hypervisor_label(cap),
			cap->esx_host ? cap->esx_host : "host", cap->file,
			cap->tool && strcmp(cap->tool, "esxtop") ? ", " : "",
			cap->tool && strcmp(cap->tool, "esxtop") ? cap->tool : "", cap->nr_samples,
			cap->nr_samples == 1 ? "" : "s", cap->nr_vms, cap->nr_vms == 1 ? "" : "s");
		capture_times(ctx, cap);
		if (!isnan(c.overcommit)) {
			mb(&sb, c.machine_mb);
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
		capture_reclaim(ctx, &c);
		pairing(ctx, cap);
	}
	strbuf_release(&sb);
}

/* The counts are lower bounds; how much lower, where the rate limits said. */
static void lower_bounds(const struct report_ctx *ctx)
{
	int64_t sum = fleet_suppressed(ctx->model);

	fputs("\nThe kernel rate-limits these reports: counts are lower bounds", ctx->out);
	if (sum != MT_UNKNOWN)
		fprintf(ctx->out, "; it suppressed %lld messages right before them", (long long)sum);
	fputs(".\n", ctx->out);
}

static void text_write(const struct report_ctx *ctx)
{
	const struct model *m = ctx->model;
	size_t i, j, events = 0;

	for (i = 0; i < m->nr_hosts; i++)
		events += m->hosts[i]->nr_events;
	fprintf(ctx->out, "memtriage %s: %zu host%s, %zu event%s, %zu file%s read (%" PRIu64 " log line%s)\n",
		MT_VERSION, m->nr_hosts, m->nr_hosts == 1 ? "" : "s", events, events == 1 ? "" : "s",
		ctx->files_read, ctx->files_read == 1 ? "" : "s", ctx->log_lines,
		ctx->log_lines == 1 ? "" : "s");
	if (!m->nr_hosts && ctx->log_lines)
		fputs("\nNo OOM kill, OOM panic, allocation failure or other sign a rule looks for in these logs.\n",
		      ctx->out);
	if (m->nr_hosts > 1)
		fleet(ctx);
	for (i = 0; i < m->nr_hosts; i++) {
		const struct host *h = m->hosts[i];
		const struct verdict *v = &ctx->verdicts[i];

		fputc('\n', ctx->out);
		verdict(ctx, h, &ctx->verdicts[i]);
		if (h->nr_events)
			fputs("\n  Time line:\n", ctx->out);
		for (j = 0; j < h->nr_events; j++)
			write_event(ctx->out, h->events[j], j < v->nr_causes ? &v->causes[j] : NULL, ctx->rules);
		write_findings(ctx, &ctx->verdicts[i], ctx->verbose);
		write_recs(ctx->out, &ctx->verdicts[i]);
	}
	write_captures(ctx);
	if (events)
		lower_bounds(ctx);
	if (ctx->diag->nr)
		fprintf(ctx->out, "%zu problem%s with the inputs (see stderr).\n", ctx->diag->nr,
			ctx->diag->nr == 1 ? "" : "s");
}

const struct report_writer out_text = { .name = "text", .write = text_write };
