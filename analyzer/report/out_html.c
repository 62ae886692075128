/*
 * --format html: the page a support engineer attaches to a ticket.  One
 * self-contained file (no script, font or style fetched from anywhere),
 * readable at 1280 px without scrolling sideways, on a phone and on paper.
 * Per host: the verdict; an SVG time line with a time axis, the events and
 * the hypervisor's curves (balloon, host-swapped, MiB) where a capture is
 * paired; the findings with their numbers and advice; per event its words
 * (the text report's), the zones' free memory against min/low/high on one
 * labelled scale, the memory breakdown as one bar, the top consumers; the
 * drop-in.  Every drawn length is proportional to its value, and each mark
 * carries its value (data-kb) so that a test can check it.
 */
#include "report/report.h"
#include "engine/event_fields.h"
#include "esx/esx.h"
#include "util/xalloc.h"

#include <math.h>

/* The time line's drawing, in SVG units (it scales to the page's width). */
#define TL_W 1000.0
#define TL_H 220.0
#define TL_X0 70.0
#define TL_X1 (TL_W - 70.0)
#define TL_EVENTS_Y 34.0          /* the row of event marks */
#define TL_PLOT_TOP 60.0          /* the curves' area */
#define TL_PLOT_BOTTOM (TL_H - 40.0)
#define TL_TICKS 5                /* labelled ticks on each axis */

/* A bar chart's drawing: labels on the left, bars to BAR_X1. */
#define BAR_W 1000.0
#define BAR_X0 170.0
#define BAR_X1 (BAR_W - 20.0)
#define BAR_ROW 26.0
#define BAR_H 16.0

/* The top consumers an event lists. */
#define TOP_CONSUMERS 5

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

/*
 * Long words (paths, cgroups, URLs) wrap anywhere rather than widen the
 * page; tables are laid out to the page's width; nothing scrolls sideways.
 */
static const char style[] =
	"body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:0 auto;max-width:1200px;"
	"padding:12px;color:#1b1b1b;overflow-wrap:anywhere}"
	"h1{font-size:1.5em}h2{border-bottom:2px solid #ccc;margin-top:2em}h3{margin-bottom:.3em}"
	"h4{margin:1.2em 0 .3em}"
	"table{border-collapse:collapse;width:100%;table-layout:fixed}table.fleet{table-layout:auto}"
	"table.top{table-layout:auto;width:auto;min-width:40%}"
	"td,th{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top;overflow-wrap:anywhere}"
	"td.n,th.n{text-align:right}"
	".critical{color:#fff;background:#b3261e;padding:0 5px;border-radius:3px}"
	".warning{color:#1b1b1b;background:#f2b705;padding:0 5px;border-radius:3px}"
	".info{color:#fff;background:#3b6ea8;padding:0 5px;border-radius:3px}"
	".ok{color:#fff;background:#2e7d32;padding:0 5px;border-radius:3px}"
	".verdict{font-size:1.15em}"
	"svg{width:100%;height:auto;display:block}svg text{font-size:13px}"
	"pre{background:#f5f5f5;padding:8px;white-space:pre-wrap;overflow-wrap:anywhere}"
	"code{font-size:.92em}.muted{color:#555}a{overflow-wrap:anywhere}"
	"dl.words{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:.4em 0}"
	"dl.words dt{font-weight:600}dl.words dd{margin:0}"
	"ul.advice li{margin:.2em 0}"
	"@media print{body{max-width:none;font-size:12px}.event,.finding{page-break-inside:avoid}"
	"a{color:inherit;text-decoration:none}}";

static const char *sev_class(int s)
{
	return s < 0 ? "ok" : severity_names[s];
}

/* "12.5 MiB" for a caption */
static void kb_text(FILE *out, int64_t kb)
{
	struct strbuf sb = STRBUF_INIT;

	words_kb(&sb, kb);
	esc(out, sb.buf);
	strbuf_release(&sb);
}

/* ---- the time line -------------------------------------------------------- */

struct span_t {
	int64_t lo, hi;
	bool any;
	bool year_guessed;           /* an event's year was guessed: the axis marks its years too */
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

/* The capture and VM paired with this host, if any (a vmkernel.log has no series to draw). */
static const struct esx_capture *paired(const struct model *m, const struct host *h, const struct esx_vm **vm)
{
	size_t c, v;

	for (c = 0; c < m->nr_captures; c++)
		for (v = 0; !m->captures[c]->admission_log && v < m->captures[c]->nr_vms; v++)
			if (m->captures[c]->vms[v].guest && m->captures[c]->vms[v].guest == h->name) {
				*vm = &m->captures[c]->vms[v];
				return m->captures[c];
			}
	return NULL;
}

static double yat(double v, double max)
{
	return TL_PLOT_BOTTOM - (TL_PLOT_BOTTOM - TL_PLOT_TOP) * v / max;
}

static void polyline(FILE *out, const struct esx_capture *cap, const struct series *s, const struct span_t *sp,
		     double max, const char *color, const char *label)
{
	size_t i;

	if (!s)
		return;
	fprintf(out, "<polyline class=\"curve\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"", color);
	for (i = 0; i < cap->nr_samples; i++)
		if (!isnan(s->v[i]) && cap->times[i])
			fprintf(out, "%.1f,%.1f ", xat(sp, cap->times[i]), yat(s->v[i], max));
	fprintf(out, "\"><title>%s (MiB)</title></polyline>\n", label);
}

/* "2025-12-29 14:37" under a tick of the time axis ("2025?-12-29 14:37" when the years are guessed) */
static void time_tick(FILE *out, int64_t t, double x, bool guessed)
{
	struct mt_time tm;
	struct strbuf sb = STRBUF_INIT;
	const char *at;

	mt_time_from_epoch(&tm, t, -1, 0, false);
	mt_time_format_marked(&tm, guessed, &sb);
	at = strchr(sb.buf, 'T');
	fprintf(out, "<line x1=\"%.1f\" y1=\"%.0f\" x2=\"%.1f\" y2=\"%.0f\" stroke=\"#999\"/>", x, TL_PLOT_BOTTOM,
		x, TL_PLOT_BOTTOM + 5);
	/* the date and the minute: the seconds are in the events' captions */
	fprintf(out, "<text class=\"tick\" x=\"%.1f\" y=\"%.0f\" text-anchor=\"middle\">%.*s %.5s</text>\n", x,
		TL_PLOT_BOTTOM + 20, at ? (int)(at - sb.buf) : (int)sb.len, sb.buf, at ? at + 1 : "");
	strbuf_release(&sb);
}

/* The axes: time along the bottom (UTC), MiB up the left when there are curves. */
static void timeline_axes(FILE *out, const struct span_t *sp, double max, bool curves)
{
	int k;

	fprintf(out, "<line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" stroke=\"#999\"/>\n", TL_X0, TL_PLOT_BOTTOM,
		TL_X1, TL_PLOT_BOTTOM);
	for (k = 0; k <= (sp->hi == sp->lo ? 0 : TL_TICKS); k++) {
		int64_t t = sp->hi == sp->lo ? sp->lo : sp->lo + (sp->hi - sp->lo) * k / TL_TICKS;

		time_tick(out, t, xat(sp, t), sp->year_guessed);
	}
	fprintf(out, "<text x=\"%.0f\" y=\"%.0f\" text-anchor=\"end\">time (UTC)</text>\n", TL_X1 + 60,
		TL_PLOT_BOTTOM + 36);
	fprintf(out, "<text x=\"4\" y=\"%.0f\">events</text>\n", TL_EVENTS_Y + 4);
	if (!curves)
		return;
	fprintf(out, "<line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" stroke=\"#999\"/>\n", TL_X0, TL_PLOT_TOP,
		TL_X0, TL_PLOT_BOTTOM);
	for (k = 0; k <= 2; k++) {
		double v = max * k / 2;

		fprintf(out, "<text class=\"tick\" x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\">%.0f</text>", TL_X0 - 6,
			yat(v, max) + 4, v);
		fprintf(out, "<line x1=\"%.0f\" y1=\"%.1f\" x2=\"%.0f\" y2=\"%.1f\" stroke=\"#eee\"/>\n", TL_X0,
			yat(v, max), TL_X1, yat(v, max));
	}
	fprintf(out, "<text x=\"4\" y=\"%.0f\">MiB</text>\n", TL_PLOT_TOP - 6);
	fprintf(out, "<text x=\"%.0f\" y=\"%.0f\" fill=\"#3b6ea8\">&#9632; balloon</text>"
		     "<text x=\"%.0f\" y=\"%.0f\" fill=\"#b3261e\">&#9632; host-swapped</text>\n",
		TL_X1 - 230, TL_PLOT_TOP - 6, TL_X1 - 120, TL_PLOT_TOP - 6);
}

static void timeline(FILE *out, const struct model *m, const struct host *h, size_t host)
{
	const struct esx_vm *vm = NULL;
	const struct esx_capture *cap = paired(m, h, &vm);
	const struct series *balloon = cap ? esx_series(cap, vm, "memctl_mb") : NULL;
	const struct series *swapped = cap ? esx_series(cap, vm, "swapped_mb") : NULL;
	struct span_t sp = { 0, 0, false, false };
	double max = 0;
	size_t i, untimed = 0;
	int64_t t;

	for (i = 0; i < h->nr_events; i++) {
		if (event_epoch(h->events[i], &t))
			widen(&sp, t);
		sp.year_guessed |= mt_year_guessed(&h->events[i]->time);
	}
	for (i = 0; cap && i < cap->nr_samples; i++) {
		if (!cap->times[i])
			continue;
		widen(&sp, cap->times[i]);
		if (balloon && !isnan(balloon->v[i]) && balloon->v[i] > max)
			max = balloon->v[i];
		if (swapped && !isnan(swapped->v[i]) && swapped->v[i] > max)
			max = swapped->v[i];
	}
	if (!sp.any)
		return;
	max = max > 0 ? ceil(max * 1.1) : 1;
	fprintf(out, "<svg class=\"timeline\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-label=\"time line\">\n", TL_W,
		TL_H);
	timeline_axes(out, &sp, max, balloon || swapped);
	if (cap) {
		polyline(out, cap, balloon, &sp, max, "#3b6ea8", "balloon");
		polyline(out, cap, swapped, &sp, max, "#b3261e", "host-swapped");
	}
	for (i = 0; i < h->nr_events; i++) {
		const struct oom_event *e = h->events[i];
		struct strbuf sb = STRBUF_INIT;

		if (!event_epoch(e, &t)) {
			untimed++;
			continue;
		}
		event_time_shown(e, &sb);
		fprintf(out, "<a href=\"#host-%zu-event-%zu\"><circle cx=\"%.1f\" cy=\"%.0f\" r=\"8\" fill=\"%s\" "
			     "class=\"event\" data-event=\"%zu\"><title>#%zu ", host, i + 1, xat(&sp, t), TL_EVENTS_Y,
			e->type == OOM_ALLOC_FAILURE ? "#f2b705" : e->type == OOM_PANIC ? "#000" : "#b3261e", i + 1,
			i + 1);
		esc(out, sb.buf);
		fprintf(out, " %s", oom_type_names[e->type]);
		if (e->victim_comm) {
			fputs(": killed ", out);
			esc(out, e->victim_comm);
		}
		fprintf(out, "</title></circle><text x=\"%.1f\" y=\"%.0f\" text-anchor=\"middle\">%zu</text></a>\n",
			xat(&sp, t), TL_EVENTS_Y - 12, i + 1);
		strbuf_release(&sb);
	}
	fputs("</svg>\n", out);
	if (untimed)
		fprintf(out, "<p class=\"muted\">%zu event%s without a wall-clock time (raw dmesg) are listed below, not drawn.</p>\n",
			untimed, untimed == 1 ? "" : "s");
}

/* ---- one event ------------------------------------------------------------ */

/* A bar chart's x for @kb on a scale of @max kB. */
static double bar_x(double kb, double max)
{
	return BAR_X0 + (BAR_X1 - BAR_X0) * kb / max;
}

/* A watermark on a zone's row: a tick with its value. */
static void watermark(FILE *out, const char *name, int64_t kb, double max, double y)
{
	if (kb == MT_UNKNOWN)
		return;
	fprintf(out, "<line class=\"wm wm-%s\" data-kb=\"%lld\" x1=\"%.2f\" y1=\"%.1f\" x2=\"%.2f\" y2=\"%.1f\" "
		     "stroke=\"#000\" stroke-width=\"2\"%s><title>%s ", name, (long long)kb, bar_x((double)kb, max),
		y - 3, bar_x((double)kb, max), y + BAR_H + 3,
		!strcmp(name, "min") ? "" : " stroke-dasharray=\"3 2\"", name);
	kb_text(out, kb);
	fputs("</title></line>", out);
}

/*
 * Each zone's free memory (bar) against its min, low and high watermarks
 * (ticks), every zone on the one scale drawn under them: a zone of 14.5 MiB
 * free is drawn shorter than one of 51 MiB, whatever their sizes.
 */
static void zone_chart(FILE *out, const struct oom_event *e)
{
	struct strbuf sb = STRBUF_INIT;
	double max = 0, y = 8;
	size_t i, n = 0;
	int k;

	for (i = 0; i < e->nr_zones; i++) {
		const struct oom_zone *z = &e->zones[i];

		if (!zone_shown(z))
			continue;
		n++;
		max = fmax(max, (double)oom_zone_field(z, "free"));
		if (oom_zone_field(z, "high") != MT_UNKNOWN)
			max = fmax(max, (double)oom_zone_field(z, "high"));
	}
	if (!n)
		return;
	max = max > 0 ? max : 1;
	fputs("<h4>Zones: free against the min (solid), low and high (dashed) watermarks</h4>\n", out);
	fprintf(out, "<svg class=\"zones\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-label=\"zones\">\n", BAR_W,
		n * BAR_ROW + 40);
	for (i = 0; i < e->nr_zones; i++) {
		const struct oom_zone *z = &e->zones[i];
		int64_t fr = oom_zone_field(z, "free"), mn = oom_zone_field(z, "min");

		if (!zone_shown(z))
			continue;
		zone_name_words(&sb, e, z);
		fputs("<text x=\"0\" y=\"", out);
		fprintf(out, "%.1f\">", y + 13);
		esc(out, sb.buf);
		fputs(" ", out);
		kb_text(out, fr);
		fprintf(out, "</text><rect class=\"zone-free\" data-zone=\"");
		esc(out, sb.buf);
		fprintf(out, "\" data-kb=\"%lld\" x=\"%.0f\" y=\"%.1f\" width=\"%.2f\" height=\"%.0f\" fill=\"%s\">"
			     "<title>free ", (long long)fr, BAR_X0, y, bar_x((double)fr, max) - BAR_X0, BAR_H,
			mn != MT_UNKNOWN && fr < mn ? "#b3261e" : "#2e7d32");
		kb_text(out, fr);
		fputs("</title></rect>", out);
		watermark(out, "min", mn, max, y);
		watermark(out, "low", oom_zone_field(z, "low"), max, y);
		watermark(out, "high", oom_zone_field(z, "high"), max, y);
		fputc('\n', out);
		y += BAR_ROW;
	}
	/* the scale: 0 to the largest value, labelled */
	fprintf(out, "<line x1=\"%.0f\" y1=\"%.1f\" x2=\"%.0f\" y2=\"%.1f\" stroke=\"#999\"/>\n", BAR_X0, y, BAR_X1, y);
	for (k = 0; k <= TL_TICKS; k++) {
		double kb = max * k / TL_TICKS;

		fprintf(out, "<line x1=\"%.2f\" y1=\"%.1f\" x2=\"%.2f\" y2=\"%.1f\" stroke=\"#999\"/>"
			     "<text class=\"tick\" x=\"%.2f\" y=\"%.1f\" text-anchor=\"%s\">", bar_x(kb, max), y,
			bar_x(kb, max), y + 5, bar_x(kb, max), y + 20, k == TL_TICKS ? "end" : k ? "middle" : "start");
		kb_text(out, (int64_t)kb);
		fputs("</text>\n", out);
	}
	fputs("</svg>\n", out);
	strbuf_release(&sb);
}

/* The parts of the memory bar, in kB (MT_UNKNOWN: the report cannot say). */
static int64_t bar_part_kb(const struct oom_event *e, const struct mem_part *p)
{
	int64_t kb = event_kb(e, p->field), shmem;

	/* shmem is on the anonymous lists: anon is drawn without it, beside it */
	if (kb != MT_UNKNOWN && !strcmp(p->key, "anon_kb") && (shmem = event_kb(e, "mem.shmem_kb")) != MT_UNKNOWN)
		kb = kb > shmem ? kb - shmem : 0;
	return kb;
}

/*
 * The memory as one bar: the parts of mem_parts[] that are in it, each as
 * long as its share of their sum, labelled in the legend; the parts the
 * report cannot give are named, not drawn as 0.
 */
static void memory_bar(FILE *out, const struct oom_event *e)
{
	static const char *const colors[] = { "#2e7d32", "#6a1b9a", "#3b6ea8", "#00838f", "#8d6e63",
					      "#f2b705", "#b3261e", "#455a64", "#ad1457", "#5d4037" };
	struct strbuf unknown = STRBUF_INIT;
	double sum = 0, x = BAR_X0;
	size_t k, c = 0, legend = 0, known = 0;

	for (k = 0; k < nr_mem_parts; k++)
		if (mem_parts[k].in_bar && bar_part_kb(e, &mem_parts[k]) != MT_UNKNOWN) {
			sum += (double)bar_part_kb(e, &mem_parts[k]);
			known++;
		}
	if (sum <= 0)
		return;
	fputs("<h4>Memory: RAM by use, then swap used</h4>\n", out);
	/* the bar, then its legend four to a row */
	fprintf(out, "<svg class=\"memory\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-label=\"memory\">\n", BAR_W,
		BAR_ROW + 22.0 * (double)((known + 3) / 4) + 4);
	fputs("<text x=\"0\" y=\"21\">total ", out);
	kb_text(out, (int64_t)sum);
	fputs("</text>\n", out);
	for (k = 0; k < nr_mem_parts; k++) {
		const struct mem_part *p = &mem_parts[k];
		int64_t kb = bar_part_kb(e, p);
		double w;

		if (!p->in_bar)
			continue;
		if (kb == MT_UNKNOWN) {
			strbuf_addf(&unknown, "%s%s", unknown.len ? ", " : "", p->label);
			continue;
		}
		w = (BAR_X1 - BAR_X0) * (double)kb / sum;
		fprintf(out, "<rect class=\"part\" data-part=\"%s\" data-kb=\"%lld\" x=\"%.2f\" y=\"8\" width=\"%.2f\" "
			     "height=\"%.0f\" fill=\"%s\"><title>%s%s ", p->label, (long long)kb, x, w, BAR_H,
			colors[c % ARRAY_SIZE(colors)], p->label, !strcmp(p->key, "anon_kb") ? " (less shmem)" : "");
		kb_text(out, kb);
		fputs("</title></rect>\n", out);
		fprintf(out, "<text x=\"%.0f\" y=\"%.0f\"><tspan fill=\"%s\">&#9632;</tspan> %s%s ",
			BAR_X0 + (double)(legend % 4) * 205, BAR_ROW + 22.0 * (double)(legend / 4) + 16,
			colors[c % ARRAY_SIZE(colors)], p->label, !strcmp(p->key, "anon_kb") ? " less shmem" : "");
		kb_text(out, kb);
		fputs("</text>\n", out);
		x += w;
		c++;
		legend++;
	}
	fputs("</svg>\n", out);
	if (unknown.len) {
		fputs("<p class=\"muted\">Not in the report, not drawn: ", out);
		esc(out, unknown.buf);
		fputs(".</p>\n", out);
	}
	strbuf_release(&unknown);
}

/* The biggest programs of the task table: rows of one name summed, rss + swap (rss alone before 3.6). */
static void top_consumers(FILE *out, const struct oom_event *e)
{
	size_t n, k;
	struct program *p = event_programs(e, &n);

	if (!p || !n) {
		free(p);
		return;
	}
	fprintf(out, "<h4>Top consumers (%s, of %zu tasks)</h4>\n<table class=\"top\"><tr><th>program</th>"
		     "<th class=\"n\">tasks</th><th class=\"n\">%s</th></tr>\n", event_programs_measure(e), e->nr_tasks,
		event_programs_measure(e));
	for (k = 0; k < n && k < TOP_CONSUMERS; k++) {
		fputs("<tr><td>", out);
		esc(out, p[k].name);
		fprintf(out, "</td><td class=\"n\">%zu</td><td class=\"n\">", p[k].tasks);
		kb_text(out, p[k].kb);
		fputs("</td></tr>\n", out);
	}
	fputs("</table>\n", out);
	free(p);
}

/* One item of an event's words: the text report's line. */
static void word(FILE *out, const char *label, const char *text)
{
	fputs("<dt>", out);
	esc(out, label);
	fputs("</dt><dd>", out);
	esc(out, text);
	fputs("</dd>", out);
}

static void event_section(FILE *out, const struct oom_event *e, size_t host, size_t nr, const struct event_cause *c,
			  const struct ruleset *rs)
{
	struct strbuf sb = STRBUF_INIT;
	const char *hv;

	fprintf(out, "<div class=\"event\" id=\"host-%zu-event-%zu\"><h3>#%zu ", host, nr + 1, nr + 1);
	event_when_words(&sb, e);
	esc(out, sb.buf);
	fputs(" ", out);
	event_kind_words(&sb, e);
	esc(out, sb.buf);
	if (c && c->kind >= 0) {
		fputs(": ", out);
		esc(out, rs->kinds[c->kind].name);
	}
	fputs("</h3>\n<dl class=\"words\">", out);
	if (c && c->summary)
		word(out, "why", c->summary);
	if (event_killed_words(&sb, e))
		word(out, "killed", sb.buf);
	if (event_trigger_words(&sb, e))
		word(out, "trigger", sb.buf);
	if (event_zones_words(&sb, e))
		word(out, "zones", sb.buf);
	if (event_memory_words(&sb, e))
		word(out, "memory", sb.buf);
	if (event_biggest_words(&sb, e))
		word(out, "biggest", sb.buf);
	if (event_memcg_words(&sb, e))
		word(out, "memcg", sb.buf);
	if ((hv = event_hypervisor_words(&sb, e)))
		word(out, hv, sb.buf);
	if (hv_admission_words(e, &sb))
		word(out, "esxi", sb.buf);
	strbuf_reset(&sb);
	strbuf_addf(&sb, "%s:%u%s%s%s", e->src.file, e->src.line, e->complete ? "" : " (incomplete: ",
		    e->complete ? "" : e->incomplete_why, e->complete ? "" : ")");
	word(out, "source", sb.buf);
	fputs("</dl>\n", out);
	zone_chart(out, e);
	memory_bar(out, e);
	top_consumers(out, e);
	fputs("</div>\n", out);
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
	for (i = 0; i < 2; i++) {
		strbuf_reset(&sb);
		if (i ? host_year_sentence(&sb, h) : host_suppressed_sentence(&sb, h)) {
			fputs(n++ ? "<li>" : "<ul class=\"notes\"><li>", out);
			esc(out, sb.buf);
			fputs("</li>", out);
		}
	}
	if (n)
		fputs("</ul>\n", out);
	strbuf_release(&sb);
}

/* ---- findings and recommendations ------------------------------------------- */

/* The settings the finding's rule asked for, with their effect, and its actions. */
static void finding_advice(FILE *out, const struct verdict *v, const struct finding *f)
{
	const struct sysctl_rec *r;
	struct strbuf sb = STRBUF_INIT;
	size_t i, n = 0;

	for (i = 0; (r = rec_asked_by(v, f->rule, &i));) {
		strbuf_reset(&sb);
		if (r->current)
			fact_value_str(r->current, &sb);
		fputs(n++ ? "<li>set <code>" : "<ul class=\"advice\"><li>set <code>", out);
		esc(out, r->key);
		fputs(" = ", out);
		esc(out, r->value);
		fputs("</code> (now ", out);
		esc(out, r->current ? sb.buf : "unknown");
		fputs(")", out);
		if (r->effect) {
			fputs(": ", out);
			esc(out, r->effect);
		}
		fputs("</li>", out);
	}
	for (i = 0; i < v->nr_actions; i++)
		if (v->actions[i].rule == f->rule) {
			fputs(n++ ? "<li>" : "<ul class=\"advice\"><li>", out);
			esc(out, v->actions[i].action);
			fputs("</li>", out);
		}
	if (n)
		fputs("</ul>", out);
	strbuf_release(&sb);
}

static void findings(const struct report_ctx *ctx, const struct verdict *v)
{
	FILE *out = ctx->out;
	struct strbuf sb = STRBUF_INIT;
	size_t i, k, n;

	if (v->nr_findings)
		fputs("<h3>Findings</h3>\n", out);
	for (i = 0; i < v->nr_findings; i++) {
		const struct finding *f = &v->findings[i];
		struct finding_line *lines;

		fprintf(out, "<div class=\"finding\"><h4><span class=\"%s\">%s</span> ", severity_names[f->rule->severity],
			severity_names[f->rule->severity]);
		esc(out, f->rule->title);
		fputs(" <code class=\"muted\">", out);
		esc(out, f->rule->id);
		fputs("</code>", out);
		strbuf_reset(&sb);
		if (finding_seen_words(&sb, ctx, v, i)) {   /* "new", "again: ..." with --state */
			fputs(" <span class=\"muted\">", out);
			esc(out, sb.buf);
			fputs("</span>", out);
		}
		fputs("</h4>", out);
		if (f->nr_hits) {
			strbuf_reset(&sb);
			event_refs(&sb, f->hits, f->nr_hits);
			fputs("<p>Events (the time line below): ", out);
			esc(out, sb.buf);
			fputs("</p>", out);
		}
		n = finding_lines(v, f, &lines);
		for (k = 0; k < n;) {
			const char *words = finding_line_next(&sb, lines, n, &k);

			fputs("<p class=\"numbers\">", out);
			if (sb.len) {
				esc(out, sb.buf);
				fputs(": ", out);
			}
			esc(out, words);
			fputs("</p>", out);
		}
		free(lines);
		finding_advice(out, v, f);
		fputs("<p class=\"muted\">", out);
		esc(out, f->rule->explanation);
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
	strbuf_release(&sb);
}

static void dropin(FILE *out, const struct host *h, size_t host, const struct verdict *v)
{
	struct strbuf sb = STRBUF_INIT;
	const struct sysctl_rec *r;
	size_t i = 0, n = 0;

	while ((r = rec_to_change(v, &i))) {
		strbuf_reset(&sb);
		if (!n++) {
			sysctl_dropin_path(&sb, h, host);
			fputs("<h3>Drop-in</h3><pre class=\"dropin\"># ", out);
			esc(out, sb.buf);
			fputs(" (review before applying)\n", out);
			strbuf_reset(&sb);
		}
		fact_value_str(r->current, &sb);
		fputs("# ", out);
		esc(out, r->key);
		fputs(": now ", out);
		esc(out, sb.buf);
		fputc('\n', out);
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
	strbuf_release(&sb);
}

static void fleet(const struct report_ctx *ctx)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	fputs("<table class=\"fleet\"><tr><th>host</th><th class=\"n\">OOM kills</th><th class=\"n\">OOM panics</th>"
	      "<th class=\"n\">allocation failures</th><th>verdict</th></tr>\n", ctx->out);
	for (i = 0; i < ctx->model->nr_hosts; i++) {
		const struct host *h = ctx->model->hosts[i];
		const struct verdict *v = &ctx->verdicts[i];

		fprintf(ctx->out, "<tr><td><a href=\"#host-%zu\">", i);
		esc(ctx->out, host_label(h, &sb));
		fprintf(ctx->out, "</a></td><td class=\"n\">%zu</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td>"
				  "<td><span class=\"%s\">%s</span> ",
			host_count(h, OOM_KILL), host_count(h, OOM_PANIC), host_count(h, OOM_ALLOC_FAILURE),
			sev_class(v->worst), verdict_severity(v));
		strbuf_reset(&sb);
		verdict_causes(&sb, v, ctx->rules);
		esc(ctx->out, sb.buf);
		fputs("</td></tr>\n", ctx->out);
	}
	fputs("</table>\n", ctx->out);
	strbuf_release(&sb);
}

static void html_write(const struct report_ctx *ctx)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, k;

	fprintf(ctx->out, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
			  "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
			  "<title>memtriage report</title><style>%s</style></head><body>\n"
			  "<h1>memtriage report</h1>\n", style);
	fleet(ctx);
	for (i = 0; i < ctx->model->nr_hosts; i++) {
		const struct host *h = ctx->model->hosts[i];
		const struct verdict *v = &ctx->verdicts[i];

		fprintf(ctx->out, "<h2 id=\"host-%zu\">", i);
		esc(ctx->out, host_label(h, &sb));
		fprintf(ctx->out, "</h2>\n<p class=\"verdict\"><span class=\"%s\">%s</span> ", sev_class(v->worst),
			verdict_severity(v));
		esc(ctx->out, v->host.summary);
		fputs("</p>\n<p>", ctx->out);
		if (host_events_words(&sb, h, v)) {
			esc(ctx->out, sb.buf);
			fputs(". ", ctx->out);
		}
		fputs("Kernel ", ctx->out);
		esc(ctx->out, h->kernel ? h->kernel : "unknown");
		fputs(", hypervisor ", ctx->out);
		esc(ctx->out, host_hypervisor_label(h, &sb));
		fputs(".</p>\n", ctx->out);
		notes(ctx->out, h);
		timeline(ctx->out, ctx->model, h, i);
		findings(ctx, v);
		if (h->nr_events)
			fputs("<h3>Time line</h3>\n", ctx->out);
		for (k = 0; k < h->nr_events; k++)
			event_section(ctx->out, h->events[k], i, k, k < v->nr_causes ? &v->causes[k] : NULL, ctx->rules);
		dropin(ctx->out, h, i, v);
	}
	fprintf(ctx->out, "<p class=\"muted\">memtriage %s. The kernel rate-limits OOM reports: counts are lower bounds", MT_VERSION);
	if (fleet_suppressed(ctx->model) != MT_UNKNOWN)
		fprintf(ctx->out, "; it suppressed %lld messages right before them", (long long)fleet_suppressed(ctx->model));
	fputs(".</p>\n</body></html>\n", ctx->out);
	strbuf_release(&sb);
}

const struct report_writer out_html = { .name = "html", .write = html_write };
