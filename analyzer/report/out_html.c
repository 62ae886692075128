/*
 * --format html: one self-contained page (no script, font or style fetched
 * from anywhere), readable on a phone and on paper.  Per host an SVG time
 * line of the events over the period the inputs cover, with the VM's balloon
 * and host-swapped memory from an ESX capture where one is paired; per event
 * the zones' free memory against their min watermark and the dirty pages.
 */
#include "report/report.h"
#include "esx/esx.h"

#include <math.h>

#define TL_W 860.0
#define TL_H 170.0
#define TL_X0 60.0
#define TL_X1 (TL_W - 20.0)

static void esc(FILE *out, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '&': fputs("&amp;", out); break;
		case '"': fputs("&quot;", out); break;
		default: fputc(*s, out);
		}
	}
}

static const char style[] =
	"body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:0 auto;max-width:980px;padding:12px;color:#1b1b1b}"
	"h1{font-size:1.5em}h2{border-bottom:2px solid #ccc;margin-top:2em}"
	"table{border-collapse:collapse;width:100%;display:block;overflow-x:auto}"
	"td,th{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}"
	".critical{color:#fff;background:#b3261e;padding:0 5px;border-radius:3px}"
	".warning{color:#1b1b1b;background:#f2b705;padding:0 5px;border-radius:3px}"
	".info{color:#fff;background:#3b6ea8;padding:0 5px;border-radius:3px}"
	".ok{color:#fff;background:#2e7d32;padding:0 5px;border-radius:3px}"
	"svg{max-width:100%;height:auto}pre{background:#f5f5f5;padding:8px;overflow-x:auto}"
	"code{font-size:.92em}.muted{color:#666}"
	"@media print{body{max-width:none}h2{page-break-before:auto}.finding{page-break-inside:avoid}}";

static const char *sev_class(int s)
{
	return s < 0 ? "ok" : severity_names[s];
}

/* ---- the time line -------------------------------------------------------- */

struct span_t {
	int64_t lo, hi;
	bool any;
};

static void widen(struct span_t *s, int64_t t)
{
	if (!s->any || t < s->lo)
		s->lo = t;
	if (!s->any || t > s->hi)
		s->hi = t;
	s->any = true;
}

static double xat(const struct span_t *s, int64_t t)
{
	if (s->hi == s->lo)
		return (TL_X0 + TL_X1) / 2;
	return TL_X0 + (TL_X1 - TL_X0) * (double)(t - s->lo) / (double)(s->hi - s->lo);
}

/* The capture and VM paired with this host, if any. */
static const struct esx_capture *paired(const struct model *m, const struct host *h, const struct esx_vm **vm)
{
	size_t c, v;

	for (c = 0; c < m->nr_captures; c++)
		for (v = 0; v < m->captures[c]->nr_vms; v++)
			if (m->captures[c]->vms[v].guest && m->captures[c]->vms[v].guest == h->name) {
				*vm = &m->captures[c]->vms[v];
				return m->captures[c];
			}
	return NULL;
}

static void polyline(FILE *out, const struct esx_capture *cap, const struct series *s, const struct span_t *sp,
		     double max, const char *color, const char *label)
{
	size_t i;

	if (!s || max <= 0)
		return;
	fprintf(out, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"", color);
	for (i = 0; i < cap->nr_samples; i++)
		if (!isnan(s->v[i]))
			fprintf(out, "%.1f,%.1f ", xat(sp, cap->times[i]), TL_H - 25 - (TL_H - 80) * s->v[i] / max);
	fprintf(out, "\"><title>%s</title></polyline>\n", label);
}

static void time_label(FILE *out, int64_t t, double x, const char *anchor)
{
	struct mt_time tm;
	struct strbuf sb = STRBUF_INIT;

	mt_time_from_epoch(&tm, t, -1, 0, false);
	mt_time_format(&tm, &sb);
	fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"%s\">%.16s</text>\n", x,
		TL_H - 5, anchor, sb.buf);
	strbuf_release(&sb);
}

static void timeline(FILE *out, const struct model *m, const struct host *h)
{
	const struct esx_vm *vm = NULL;
	const struct esx_capture *cap = paired(m, h, &vm);
	const struct series *balloon = cap ? esx_series(cap, vm, "memctl_mb") : NULL;
	const struct series *swapped = cap ? esx_series(cap, vm, "swapped_mb") : NULL;
	struct span_t sp = { 0, 0, false };
	double max = 0;
	size_t i, untimed = 0;
	int64_t t;

	for (i = 0; i < h->nr_events; i++)
		if (event_epoch(h->events[i], &t))
			widen(&sp, t);
	for (i = 0; cap && i < cap->nr_samples; i++) {
		widen(&sp, cap->times[i]);
		if (balloon && !isnan(balloon->v[i]) && balloon->v[i] > max)
			max = balloon->v[i];
		if (swapped && !isnan(swapped->v[i]) && swapped->v[i] > max)
			max = swapped->v[i];
	}
	if (!sp.any)
		return;
	fprintf(out, "<svg viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" role=\"img\" aria-label=\"time line\">\n", TL_W, TL_H, TL_W);
	fprintf(out, "<line x1=\"%.0f\" y1=\"30\" x2=\"%.0f\" y2=\"30\" stroke=\"#999\"/>\n", TL_X0, TL_X1);
	fprintf(out, "<line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" stroke=\"#ccc\"/>\n", TL_X0, TL_H - 25, TL_X1, TL_H - 25);
	time_label(out, sp.lo, TL_X0, "start");
	if (sp.hi != sp.lo)
		time_label(out, sp.hi, TL_X1, "end");
	if (cap) {
		polyline(out, cap, balloon, &sp, max, "#3b6ea8", "balloon (MB)");
		polyline(out, cap, swapped, &sp, max, "#b3261e", "host-swapped (MB)");
		fprintf(out, "<text x=\"4\" y=\"60\" font-size=\"11\">%.0f MB</text>\n", max);
		fputs("<text x=\"4\" y=\"100\" font-size=\"11\" fill=\"#3b6ea8\">balloon</text>"
		      "<text x=\"4\" y=\"114\" font-size=\"11\" fill=\"#b3261e\">swapped</text>\n", out);
	}
	for (i = 0; i < h->nr_events; i++) {
		const struct oom_event *e = h->events[i];
		struct strbuf sb = STRBUF_INIT;

		if (!event_epoch(e, &t)) {
			untimed++;
			continue;
		}
		event_time_str(e, &sb);
		fprintf(out, "<circle cx=\"%.1f\" cy=\"30\" r=\"7\" fill=\"%s\" class=\"event\"><title>", xat(&sp, t),
			e->type == OOM_ALLOC_FAILURE ? "#f2b705" : e->type == OOM_PANIC ? "#000" : "#b3261e");
		esc(out, sb.buf);
		fprintf(out, " %s", oom_type_names[e->type]);
		if (e->victim_comm) {
			fputs(": killed ", out);
			esc(out, e->victim_comm);
		}
		fputs("</title></circle>\n", out);
		strbuf_release(&sb);
	}
	fputs("<text x=\"4\" y=\"34\" font-size=\"11\">events</text>\n</svg>\n", out);
	if (untimed)
		fprintf(out, "<p class=\"muted\">%zu event%s without a wall-clock time (raw dmesg) are listed below, not drawn.</p>\n",
			untimed, untimed == 1 ? "" : "s");
}

/* ---- one event ------------------------------------------------------------ */

/* Each zone's free memory (bar) against its min watermark (line), and the dirty share. */
static void zone_bars(FILE *out, const struct oom_event *e)
{
	double y = 4;
	size_t i, n = 0;
	int64_t d = kv_get(&e->mem_info, "dirty"), w = kv_get(&e->mem_info, "writeback");
	int64_t af = kv_get(&e->mem_info, "active_file"), inf = kv_get(&e->mem_info, "inactive_file");

	for (i = 0; i < e->nr_zones; i++)
		n += oom_zone_field(&e->zones[i], "free") != MT_UNKNOWN && oom_zone_field(&e->zones[i], "present") != 0;
	if (!n)
		return;
	fprintf(out, "<svg viewBox=\"0 0 420 %zu\" width=\"420\" role=\"img\" aria-label=\"zones\">\n", n * 18 + 26);
	for (i = 0; i < e->nr_zones; i++) {
		const struct oom_zone *z = &e->zones[i];
		double fr = (double)oom_zone_field(z, "free"), mn = (double)oom_zone_field(z, "min");
		double hi = (double)oom_zone_field(z, "high"), scale;

		if (oom_zone_field(z, "free") == MT_UNKNOWN || oom_zone_field(z, "present") == 0)
			continue;
		scale = fmax(fmax(fr, hi), 1) * 1.1;
		fprintf(out, "<text x=\"0\" y=\"%.0f\" font-size=\"11\">", y + 11);
		if (z->node >= 0 && event_nodes(e) > 1)
			fprintf(out, "node %d ", z->node);
		esc(out, z->name);
		fprintf(out, "</text><rect x=\"90\" y=\"%.0f\" width=\"%.1f\" height=\"12\" fill=\"%s\"><title>free %.0f kB, min %.0f kB</title></rect>",
			y, 300 * fr / scale, fr < mn ? "#b3261e" : "#2e7d32", fr, mn);
		if (oom_zone_field(z, "min") != MT_UNKNOWN)
			fprintf(out, "<line x1=\"%.1f\" y1=\"%.0f\" x2=\"%.1f\" y2=\"%.0f\" stroke=\"#000\" stroke-width=\"2\"/>",
				90 + 300 * mn / scale, y - 2, 90 + 300 * mn / scale, y + 14);
		fputc('\n', out);
		y += 18;
	}
	if (d != MT_UNKNOWN && af != MT_UNKNOWN && inf != MT_UNKNOWN && af + inf > 0) {
		double share = (double)(d + (w == MT_UNKNOWN ? 0 : w)) / (double)(af + inf);

		fprintf(out, "<text x=\"0\" y=\"%.0f\" font-size=\"11\">dirty+wb</text><rect x=\"90\" y=\"%.0f\" width=\"%.1f\" height=\"12\" fill=\"#f2b705\"><title>%.0f%% of the file pages</title></rect>\n",
			y + 11, y, 300 * fmin(share, 1), share * 100);
	}
	fputs("</svg>\n", out);
}

static void event_row(FILE *out, const struct oom_event *e)
{
	struct strbuf sb = STRBUF_INIT;

	fputs("<tr><td>", out);
	esc(out, event_time_str(e, &sb) ? sb.buf : "unknown");
	fprintf(out, "</td><td>%s", oom_type_names[e->type]);
	if (e->constraint != CONSTRAINT_UNKNOWN)
		fprintf(out, " (%s)", oom_constraint_names[e->constraint]);
	if (hv_sample_words(e, &sb)) {
		fputs("<br><span class=\"muted\">", out);
		esc(out, sb.buf);
		fputs("</span>", out);
	}
	fputs("</td><td>", out);
	if (e->victim_comm) {
		esc(out, e->victim_comm);
		fprintf(out, " (%lld)", (long long)e->victim_pid);
	}
	fputs("</td><td>", out);
	esc(out, e->trigger_comm ? e->trigger_comm : "?");
	fputs("</td><td>", out);
	zone_bars(out, e);
	fputs("</td><td><code>", out);
	esc(out, e->src.file);
	fprintf(out, ":%u</code>%s</td></tr>\n", e->src.line, e->complete ? "" : " <span class=\"muted\">(incomplete)</span>");
	strbuf_release(&sb);
}

/* The host's panics and the rate limits' counts, an item each. */
static void notes(FILE *out, const struct host *h)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, n = 0;

	for (i = 0; i < h->nr_notes; i++) {
		if (h->notes[i]->kind != NOTE_PANIC)
			continue;
		strbuf_reset(&sb);
		note_panic_sentence(&sb, h->notes[i]);
		fputs(n++ ? "<li>" : "<ul class=\"notes\"><li>", out);
		esc(out, sb.buf);
		fputs(" <code>", out);
		esc(out, h->notes[i]->src.file);
		fprintf(out, ":%u</code></li>", h->notes[i]->src.line);
	}
	strbuf_reset(&sb);
	if (host_suppressed_sentence(&sb, h)) {
		fputs(n++ ? "<li>" : "<ul class=\"notes\"><li>", out);
		esc(out, sb.buf);
		fputs("</li>", out);
	}
	if (n)
		fputs("</ul>\n", out);
	strbuf_release(&sb);
}

/* ---- findings and recommendations ------------------------------------------- */

static void findings(const struct report_ctx *ctx, const struct verdict *v)
{
	FILE *out = ctx->out;
	size_t i, k;

	for (i = 0; i < v->nr_findings; i++) {
		const struct finding *f = &v->findings[i];
		struct strbuf seen = STRBUF_INIT;

		fprintf(out, "<div class=\"finding\"><h3><span class=\"%s\">%s</span> ", severity_names[f->rule->severity],
			severity_names[f->rule->severity]);
		esc(out, f->rule->title);
		fputs(" <code class=\"muted\">", out);
		esc(out, f->rule->id);
		fputs("</code>", out);
		if (finding_seen_words(&seen, ctx, v, i)) {
			fputs(" <span class=\"muted\">", out);
			esc(out, seen.buf);
			fputs("</span>", out);
		}
		strbuf_release(&seen);
		fputs("</h3><p>", out);
		esc(out, f->rule->explanation);
		fputs("</p><p class=\"muted\">Evidence:", out);
		for (k = 0; k < f->nr_evidence; k++) {
			fputs(k ? ", <code>" : " <code>", out);
			esc(out, f->evidence[k].file);
			fprintf(out, ":%u</code>", f->evidence[k].line);
		}
		fputs("</p>", out);
		for (k = 0; k < f->rule->nr_refs; k++) {
			fputs(k ? " · <a href=\"" : "<p class=\"muted\">References: <a href=\"", out);
			esc(out, f->rule->refs[k]);
			fputs("\">", out);
			esc(out, f->rule->refs[k]);
			fputs("</a>", out);
		}
		fputs(f->rule->nr_refs ? "</p></div>\n" : "</div>\n", out);
	}
}

static void dropin(FILE *out, const struct verdict *v)
{
	const struct sysctl_rec *r;
	size_t i = 0, n = 0;

	while ((r = rec_to_change(v, &i))) {
		if (!n++)
			fputs("<h3>Settings to change</h3><pre>" MT_DROPIN_HEADER, out);
		fputs("# ", out);
		esc(out, r->key);
		if (r->current && r->current->type == FACT_INT)
			fprintf(out, ": now %lld", (long long)r->current->i);
		if (r->note) {
			fputs("; ", out);
			esc(out, r->note);
		}
		fputc('\n', out);
		if (r->effect) {
			fputs("# effect: ", out);
			esc(out, r->effect);
			fputc('\n', out);
		}
		esc(out, r->key);
		fputs(" = ", out);
		esc(out, r->value);
		fputc('\n', out);
	}
	if (n)
		fputs("</pre>\n", out);
	for (i = 0, n = 0; i < v->nr_dropped; i++) {
		if (!v->dropped[i].uncomputed)
			continue;
		fputs(n++ ? "<li>" : "<p>Not computed:</p><ul><li>", out);
		esc(out, v->dropped[i].text);
		fputs("</li>", out);
	}
	if (n)
		fputs("</ul>\n", out);
	for (i = 0; i < v->nr_actions; i++) {
		fputs(i ? "<li>" : "<h3>Also</h3><ul><li>", out);
		esc(out, v->actions[i].action);
		fputs("</li>", out);
	}
	if (v->nr_actions)
		fputs("</ul>\n", out);
}

static void html_write(const struct report_ctx *ctx)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, k;

	fprintf(ctx->out, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
			  "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
			  "<title>memtriage report</title><style>%s</style></head><body>\n"
			  "<h1>memtriage report</h1>\n", style);
	fputs("<table><tr><th>host</th><th>OOM kills</th><th>OOM panics</th><th>allocation failures</th><th>verdict</th></tr>\n", ctx->out);
	for (i = 0; i < ctx->model->nr_hosts; i++) {
		const struct host *h = ctx->model->hosts[i];
		const struct verdict *v = &ctx->verdicts[i];

		fprintf(ctx->out, "<tr><td><a href=\"#host-%zu\">", i);
		esc(ctx->out, host_label(h, &sb));
		fprintf(ctx->out, "</a></td><td>%zu</td><td>%zu</td><td>%zu</td><td><span class=\"%s\">%s</span> ",
			host_count(h, OOM_KILL), host_count(h, OOM_PANIC), host_count(h, OOM_ALLOC_FAILURE),
			sev_class(v->worst), verdict_severity(v));
		strbuf_reset(&sb);
		verdict_causes(&sb, v, ctx->rules);
		esc(ctx->out, sb.buf);
		fputs("</td></tr>\n", ctx->out);
	}
	fputs("</table>\n", ctx->out);
	for (i = 0; i < ctx->model->nr_hosts; i++) {
		const struct host *h = ctx->model->hosts[i];
		const struct verdict *v = &ctx->verdicts[i];

		fprintf(ctx->out, "<h2 id=\"host-%zu\">", i);
		esc(ctx->out, host_label(h, &sb));
		fprintf(ctx->out, "</h2>\n<p class=\"verdict\"><span class=\"%s\">%s</span> ", sev_class(v->worst),
			verdict_severity(v));
		esc(ctx->out, v->host.summary);
		strbuf_reset(&sb);
		host_summary(&sb, h);
		fputs("</p>\n<p>", ctx->out);
		esc(ctx->out, sb.buf);
		fputs(". Kernel ", ctx->out);
		esc(ctx->out, h->kernel ? h->kernel : "unknown");
		fputs(", hypervisor ", ctx->out);
		esc(ctx->out, host_hypervisor_label(h, &sb));
		fputs(".</p>\n", ctx->out);
		notes(ctx->out, h);
		timeline(ctx->out, ctx->model, h);
		if (h->nr_events)
			fputs("<table><tr><th>time</th><th>event</th><th>killed</th><th>trigger</th><th>zones: free vs min; dirty</th><th>source</th></tr>\n", ctx->out);
		for (k = 0; k < h->nr_events; k++)
			event_row(ctx->out, h->events[k]);
		if (h->nr_events)
			fputs("</table>\n", ctx->out);
		findings(ctx, v);
		dropin(ctx->out, v);
	}
	fprintf(ctx->out, "<p class=\"muted\">memtriage %s. The kernel rate-limits OOM reports: counts are lower bounds", MT_VERSION);
	if (fleet_suppressed(ctx->model) != MT_UNKNOWN)
		fprintf(ctx->out, "; it suppressed %lld messages right before them", (long long)fleet_suppressed(ctx->model));
	fputs(".</p>\n</body></html>\n", ctx->out);
	strbuf_release(&sb);
}

const struct report_writer out_html = { .name = "html", .write = html_write };
