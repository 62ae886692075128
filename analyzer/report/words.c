/*
 * The words and numbers of an event as every format shows them: the text
 * report's lines, the Markdown tables' cells and the HTML page's captions
 * are built here, so that the formats cannot disagree on a number.  Each
 * function resets @sb and returns false when the event has nothing to say.
 */
#include "report/report.h"
#include "engine/event_fields.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <math.h>

#define PAGE_KB OOM_PAGE_KB
/* The biggest programs an event names. */
#define BIGGEST_SHOWN 3

void words_kb(struct strbuf *sb, int64_t kb)
{
	if (kb == MT_UNKNOWN)
		strbuf_addstr(sb, "?");
	else
		strbuf_add_kb(sb, (double)kb);
}

void words_mb(struct strbuf *sb, double mb)
{
	if (isnan(mb))
		strbuf_addstr(sb, "?");
	else
		words_kb(sb, (int64_t)(mb * 1024));
}

void host_span_words(struct strbuf *sb, const struct host *h)
{
	struct strbuf t = STRBUF_INIT;

	if (h->nr_events && event_time_shown(h->events[0], &t)) {
		strbuf_addf(sb, ", %s", t.buf);
		strbuf_reset(&t);
		if (h->nr_events > 1 && event_time_shown(h->events[h->nr_events - 1], &t))
			strbuf_addf(sb, " to %s", t.buf);
	}
	strbuf_release(&t);
}

void event_when_words(struct strbuf *sb, const struct oom_event *e)
{
	strbuf_reset(sb);
	if (event_time_shown(e, sb))
		return;
	strbuf_reset(sb);
	if (e->has_uptime)
		strbuf_addf(sb, "uptime %.3fs", (double)e->uptime_us / 1e6);
	else
		strbuf_addstr(sb, "time unknown");
}

/* A percentage kept in hundredths, when the killer printed it. */
static void add_pct(struct strbuf *sb, const char *what, int64_t x100)
{
	if (x100 != MT_UNKNOWN)
		strbuf_addf(sb, "%s%s %lld.%02lld%%", sb->len ? ", " : "", what, (long long)(x100 / 100),
			    (long long)(x100 % 100));
}

static void add_kb(struct strbuf *sb, const char *what, int64_t kb)
{
	if (kb == MT_UNKNOWN)
		return;
	strbuf_addf(sb, "%s%s ", sb->len ? ", " : "", what);
	words_kb(sb, kb);
}

bool event_killer_figures_words(struct strbuf *sb, const struct oom_event *e)
{
	const struct kv_list *f = &e->killer_figures;

	strbuf_reset(sb);
	add_pct(sb, "pressure", kv_get(f, "pressure_x100"));
	add_pct(sb, "limit", kv_get(f, "pressure_limit_x100"));
	if (kv_get(f, "pressure_for_s") != MT_UNKNOWN)
		strbuf_addf(sb, " for > %llds", (long long)kv_get(f, "pressure_for_s"));
	add_pct(sb, "swap used", kv_get(f, "swap_used_x100"));
	add_pct(sb, "swap limit", kv_get(f, "swap_limit_x100"));
	add_pct(sb, "memory available", kv_get(f, "mem_avail_x100"));
	add_pct(sb, "swap free", kv_get(f, "swap_free_x100"));
	add_pct(sb, "killing at memory", kv_get(f, "mem_limit_x100"));
	add_pct(sb, "Avg10", kv_get(f, "avg10_x100"));
	add_kb(sb, "victim used", kv_get(f, "victim_usage_kb"));
	add_pct(sb, "its Avg10", kv_get(f, "victim_avg10_x100"));
	add_kb(sb, "VmRSS", kv_get(f, "rss_kb"));
	add_kb(sb, "cache", kv_get(f, "cache_kb"));
	add_kb(sb, "below", kv_get(f, "cache_limit_kb"));
	if (kv_get(f, "oom_score_adj") != MT_UNKNOWN)
		strbuf_addf(sb, "%soom_score_adj %lld", sb->len ? ", " : "", (long long)kv_get(f, "oom_score_adj"));
	return sb->len > 0;
}

bool event_paired_words(struct strbuf *sb, const struct oom_event *e)
{
	strbuf_reset(sb);
	if (e->type == OOM_USERSPACE_KILL) {
		if (e->paired)
			strbuf_addf(sb, "its OOM report at %s:%u", e->paired->src.file, e->paired->src.line);
		else
			strbuf_addstr(sb, "no OOM report of its own in the log (the killer acted first)");
	} else if (e->paired) {
		strbuf_addf(sb, "%s's kill at %s:%u", e->paired->killer ? e->paired->killer : "?",
			    e->paired->src.file, e->paired->src.line);
	}
	return sb->len > 0;
}

void event_kind_words(struct strbuf *sb, const struct oom_event *e)
{
	static const char *const kinds[] = { "OOM kill", "OOM panic", "allocation failure", "userspace kill" };
	_Static_assert(sizeof(kinds) / sizeof(kinds[0]) == OOM__TYPES, "one word per event type");

	strbuf_reset(sb);
	strbuf_addstr(sb, kinds[e->type]);
	if (e->killer)
		strbuf_addf(sb, " by %s", e->killer);
	if (e->constraint != CONSTRAINT_UNKNOWN)
		strbuf_addf(sb, " (%s%s%s)", oom_constraint_names[e->constraint], e->cgroup ? " " : "",
			    e->cgroup ? e->cgroup : "");
}

bool event_killed_words(struct strbuf *sb, const struct oom_event *e)
{
	strbuf_reset(sb);
	if (e->type == OOM_USERSPACE_KILL) {
		/* a killer may name only the cgroup it killed */
		if (e->victim_comm || e->victim_pid != MT_UNKNOWN)
			strbuf_addf(sb, "%s pid %lld", e->victim_comm ? e->victim_comm : "?", (long long)e->victim_pid);
		else
			strbuf_addstr(sb, e->task_memcg ? e->task_memcg : "?");
		if (e->kill_reason)
			strbuf_addf(sb, " (%s)", e->kill_reason);
		return true;
	}
	if (e->victim_pid != MT_UNKNOWN) {
		strbuf_addf(sb, "%s pid %lld", e->victim_comm ? e->victim_comm : "?", (long long)e->victim_pid);
		if (kv_get(&e->victim, "anon_rss_kb") != MT_UNKNOWN) {
			strbuf_addstr(sb, ", anon-rss ");
			words_kb(sb, kv_get(&e->victim, "anon_rss_kb"));
		}
	} else if (e->type == OOM_KILL) {
		strbuf_addstr(sb, "none in the log");
	}
	return sb->len > 0;
}

bool event_trigger_words(struct strbuf *sb, const struct oom_event *e)
{
	strbuf_reset(sb);
	strbuf_addf(sb, "%s", e->trigger_comm ? e->trigger_comm : "?");
	if (e->trigger_pid != MT_UNKNOWN)
		strbuf_addf(sb, " pid %lld", (long long)e->trigger_pid);
	if (e->order != MT_UNKNOWN)
		strbuf_addf(sb, ", order %lld", (long long)e->order);
	if (e->gfp_mask) {
		/* the flags as printed (4.6+), else decoded for the report's era: 0xd1 alone says nothing */
		struct fval names;

		event_field_get(e, "gfp.names", &names);
		strbuf_addf(sb, ", gfp_mask %s", e->gfp_mask);
		if (names.kind == FV_STR)
			strbuf_addf(sb, " (%s)", names.str);
	}
	if (e->sysrq)
		strbuf_addstr(sb, ", forced by SysRq-f");
	if (e->sysrq_src.line)
		strbuf_addf(sb, " (%s:%u)", e->sysrq_src.file, e->sysrq_src.line);
	return true;
}

void zone_name_words(struct strbuf *sb, const struct oom_event *e, const struct oom_zone *z)
{
	strbuf_reset(sb);
	if (z->node >= 0 && event_nodes(e) > 1)
		strbuf_addf(sb, "node %d ", z->node);
	strbuf_addstr(sb, z->name);
}

bool zone_shown(const struct oom_zone *z)
{
	return oom_zone_field(z, "free") != MT_UNKNOWN && oom_zone_field(z, "present") != 0;
}

bool event_zones_words(struct strbuf *sb, const struct oom_event *e)
{
	struct strbuf name = STRBUF_INIT;
	size_t i;

	strbuf_reset(sb);
	for (i = 0; i < e->nr_zones; i++) {
		const struct oom_zone *z = &e->zones[i];
		int64_t fr = oom_zone_field(z, "free"), mn = oom_zone_field(z, "min");
		bool below = mn != MT_UNKNOWN && fr < mn;

		if (!zone_shown(z))
			continue;
		zone_name_words(&name, e, z);
		strbuf_addf(sb, "%s%s free ", sb->len ? "; " : "", name.buf);
		words_kb(sb, fr);
		strbuf_addstr(sb, below ? " < min " : " (min ");
		words_kb(sb, mn);
		if (!below)
			strbuf_addch(sb, ')');
	}
	strbuf_release(&name);
	return sb->len > 0;
}

static int64_t pages_kb(const struct kv_list *l, const char *key)
{
	int64_t v = kv_get(l, key);

	return v == MT_UNKNOWN ? v : v * PAGE_KB;
}

bool event_memory_words(struct strbuf *sb, const struct oom_event *e)
{
	int64_t dirty = pages_kb(&e->mem_info, "dirty"), wb = pages_kb(&e->mem_info, "writeback");
	int64_t sf = kv_get(&e->totals, "swap_free_kb"), st = kv_get(&e->totals, "swap_total_kb");

	strbuf_reset(sb);
	if (dirty != MT_UNKNOWN || wb != MT_UNKNOWN) {
		strbuf_addstr(sb, "dirty ");
		words_kb(sb, dirty);
		strbuf_addstr(sb, ", writeback ");
		words_kb(sb, wb);
	}
	if (st != MT_UNKNOWN) {
		strbuf_addf(sb, "%sswap ", sb->len ? "; " : "");
		if (st == 0) {
			strbuf_addstr(sb, "none");
		} else {
			words_kb(sb, sf);
			strbuf_addstr(sb, " free of ");
			words_kb(sb, st);
		}
	}
	return sb->len > 0;
}

const char *event_programs_measure(const struct oom_event *e)
{
	return oom_event_task_col(e, "swapents") >= 0 ? "rss + swap" : "rss";
}

bool event_biggest_words(struct strbuf *sb, const struct oom_event *e)
{
	size_t n, k;
	struct program *p = event_programs(e, &n);

	strbuf_reset(sb);
	for (k = 0; p && k < n && k < BIGGEST_SHOWN; k++) {
		strbuf_addf(sb, "%s%s", k ? ", " : "", p[k].name);
		if (p[k].tasks > 1)
			strbuf_addf(sb, " x%zu", p[k].tasks);
		strbuf_addch(sb, ' ');
		words_kb(sb, p[k].kb);
	}
	if (sb->len)
		strbuf_addf(sb, " (%s, of %zu tasks)", event_programs_measure(e), e->nr_tasks);
	free(p);
	return sb->len > 0;
}

bool event_memcg_words(struct strbuf *sb, const struct oom_event *e)
{
	strbuf_reset(sb);
	if (!e->memcg.nr)
		return false;
	words_kb(sb, kv_get(&e->memcg, "memory_usage_kb"));
	strbuf_addstr(sb, " used of limit ");
	words_kb(sb, kv_get(&e->memcg, "memory_limit_kb"));
	return true;
}

/* What the ESX host showed of this VM at the event. */
static void esx_words(struct strbuf *sb, const struct esx_picture *p)
{
	strbuf_addstr(sb, "balloon ");
	words_mb(sb, p->balloon_mb);
	strbuf_addstr(sb, " (target ");
	words_mb(sb, p->balloon_target_mb);
	strbuf_addstr(sb, "), host-swapped ");
	words_mb(sb, p->swapped_mb);
	strbuf_addstr(sb, ", compressed ");
	words_mb(sb, p->compressed_mb);
	strbuf_addstr(sb, "; ESX free ");
	words_mb(sb, p->host_free_mb);
	strbuf_addf(sb, " (%s)", p->host_band ? p->host_band : "state unknown");
	if (!isnan(p->limit_mb) && p->limit_mb >= 0 && !isnan(p->memsz_mb) && p->limit_mb < p->memsz_mb) {
		strbuf_addstr(sb, "; limit ");
		words_mb(sb, p->limit_mb);
		strbuf_addstr(sb, " below its ");
		words_mb(sb, p->memsz_mb);
	}
	strbuf_addf(sb, "; sample %llds before", (long long)p->before_s);
}

const char *event_hypervisor_words(struct strbuf *sb, const struct oom_event *e)
{
	strbuf_reset(sb);
	if (e->esx) {
		esx_words(sb, e->esx);
		return "esx";
	}
	if (hv_sample_words(e, sb)) {    /* a snapshot's reading, with its time */
		strbuf_addf(sb, " (%s)", e->hv->source);
		return "balloon";
	}
	return NULL;
}

/* ---- the numbers behind a finding ------------------------------------------ */

static int cmp_line_words(const void *x, const void *y)
{
	const struct finding_line *a = x, *b = y;
	int c = strcmp(a->words, b->words);

	return c ? c : (a->first > b->first) - (a->first < b->first);
}

static int cmp_line_first(const void *x, const void *y)
{
	const struct finding_line *a = x, *b = y;

	return (a->first > b->first) - (a->first < b->first);
}

size_t finding_lines(const struct verdict *v, const struct finding *f, struct finding_line **out)
{
	struct finding_line *l = xcalloc(f->nr_details + v->nr_causes + 1, sizeof(*l));
	size_t n = 0, i;

	for (i = 0; i < v->nr_causes; i++)
		if (v->causes[i].rule == f->rule && v->causes[i].summary)
			l[n] = (struct finding_line){ (long)i, v->causes[i].summary, n }, n++;
	for (i = 0; i < f->nr_details; i++) {
		const struct detail_ref *r = &f->detail_refs[i];

		if (r->event < 0)
			l[n] = (struct finding_line){ -1, f->details[i], n }, n++;
		else if (f->details[i][r->words])
			l[n] = (struct finding_line){ r->event, f->details[i] + r->words, n }, n++;
	}
	/* sorted, not compared pair by pair: a host can have thousands of events */
	qsort(l, n, sizeof(*l), cmp_line_words);
	for (i = 1; i < n; i++)
		if (!strcmp(l[i].words, l[i - 1].words))
			l[i].first = l[i - 1].first;
	qsort(l, n, sizeof(*l), cmp_line_first);
	*out = l;
	return n;
}

const char *finding_line_next(struct strbuf *sb, const struct finding_line *l, size_t n, size_t *k)
{
	size_t *events = xcalloc(n ? n : 1, sizeof(*events)), nr = 0, i;
	const char *words = l[*k].words;

	strbuf_reset(sb);
	for (i = *k; i < n && l[i].first == l[*k].first; i++)
		if (l[i].event >= 0)
			events[nr++] = (size_t)l[i].event;
	event_refs(sb, events, nr);
	*k = i;
	free(events);
	return words;
}
