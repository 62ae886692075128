/*
 * The kill lines of the userspace OOM killers, and the lines before them
 * that hold their figures:
 *
 * systemd-oomd (src/oom/oomd-manager.c, oomd-util.c; systemd 247+):
 *   systemd-oomd[1261]: Considered 60 cgroups for killing, top candidates were:
 *   systemd-oomd[1261]:         Path: /system.slice/packagekit.service
 *   systemd-oomd[1261]:                 Pressure: Avg10: 93.66 Avg60: 38.22 Avg300: 9.48 Total: 29s
 *   systemd-oomd[1261]:                 Current Memory Usage: 276.9M
 *   systemd-oomd[1261]: Killed /system.slice/packagekit.service due to memory pressure for /system.slice being 91.73% > 50.00% for > 20s with reclaim activity
 *   systemd-oomd[1261]: Killed /user.slice/user-1000.slice/... due to memory used (15843545088) / total (16497725440) and swap used (4183867392) / total (4294963200) being more than 90.00%
 *   (newer systemd first say "Marked ... for killing due to", then kill)
 *
 * earlyoom (kill.c kill_process(), main.c):
 *   earlyoom[733]: mem avail:   301 of  7842 MiB ( 3.84%), swap free:   97 of 1023 MiB ( 9.48%)
 *   earlyoom[733]: low memory! at or below SIGTERM limits: mem 10.00%, swap 10.00%
 *   earlyoom[733]: sending SIGTERM to process 2931 uid 1000 "java": badness 901, VmRSS 6123 MiB
 *   (1.8+: "oom_score 901, VmRSS 6123 MiB, cmdline ..."; before 1.2 no "uid N")
 *
 * oomd (Meta; Log.h OOMD_KMSG_LOG, written to /dev/kmsg):
 *   oomd kill: 81.28 80.05 42.78 system.slice/build.service 2147483648 ruleset:[protection against heavy workload thrashing] detectorgroup:[...] killer:kill_by_memory_size_or_growth v2
 *   (the pressures of the last 10 and 60 s and a longer span, 300 or 600 s by version,
 *   the cgroup, its memory in bytes; before rulesets: "detector:swap,12345MB killer:...")
 *
 * Android lmkd (lmkd.cpp kill_one_process(), tag lowmemorykiller):
 *   lowmemorykiller: Kill 'com.example.app' (4321), uid 10087, oom_score_adj 900 to free 51234kB rss, 1024kB swap; reason: low watermark is breached
 *   (Android 9: "Kill 'x' (4321), uid 10087, oom_adj 900 to free 51234kB")
 * and the lowmemorykiller driver of Android kernels (drivers/staging/android/lowmemorykiller.c lowmem_scan()):
 *   lowmemorykiller: Killing 'com.example.app' (4321), adj 900,
 *      to free 51234kB on behalf of 'kswapd0' (61) because
 *      cache 98304kB is below limit 122880kB for oom_score_adj 900
 *      Free memory is 4096kB above reserved
 *   (4.12+: "Killing 'x' (4321) (tgid 4321), adj 900,"; one printk, whose lines dmesg stamps
 *   each; they name no killer, so the log reader reads every line while it is open: uk_parser_open())
 *
 * Percentages are kept in hundredths (91.73% is 9173) in the event's
 * killer_figures, sizes in kB; a figure the killer did not print is absent.
 */
#include "oom/userspace_kill.h"
#include "util/litset.h"
#include "util/vocab.h"
#include "util/xalloc.h"

#define OOMD_KMSG "oomd kill: "

void uk_parser_init(struct uk_parser *p, const char *host, oom_emit_fn emit, void *ctx)
{
	memset(p, 0, sizeof(*p));
	p->host = host;
	p->emit = emit;
	p->ctx = ctx;
	p->considered = MT_UNKNOWN;
}

static void forget_candidates(struct uk_parser *p)
{
	size_t i;

	for (i = 0; i < p->nr_cands; i++)
		free(p->cands[i].path);
	p->nr_cands = 0;
	p->considered = MT_UNKNOWN;
}

void uk_parser_release(struct uk_parser *p)
{
	forget_candidates(p);
	free(p->cands);
	kv_release(&p->earlyoom);
	if (p->lmk)
		oom_event_free(p->lmk);
	p->lmk = NULL;
}

static struct oom_event *new_kill(const struct uk_parser *p, const char *killer, const struct oom_line *l)
{
	struct oom_event *e = oom_event_at(OOM_USERSPACE_KILL, p->host, l);

	e->killer = killer;
	e->header_seen = true;
	e->complete = true;
	return e;
}

static void set_figure(struct oom_event *e, const char *key, int64_t v)
{
	if (v != MT_UNKNOWN)
		kv_set(&e->killer_figures, key, strlen(key), v);
}

/* "91.73" (an optional "%") as hundredths: 9173. */
static bool scan_x100(const char **p, const char *end, int64_t *out)
{
	double d;

	if (!scan_double(p, end, &d) || d < 0 || d > 1e15)
		return false;
	*out = (int64_t)(d * 100 + 0.5);
	scan_char(p, end, '%');
	return true;
}

/* "276.9M", "0B", "1.2G": systemd's format_bytes(), as kB. */
static bool scan_bytes_kb(const char **p, const char *end, int64_t *kb)
{
	static const char units[] = "BKMGTPE";
	const char *s = *p, *u;
	double d;

	if (!scan_double(&s, end, &d) || d < 0 || s >= end || !(u = strchr(units, *s)) || !*s)
		return false;
	for (d /= 1024; u > units; u--)
		d *= 1024;
	*kb = (int64_t)(d + 0.5);
	*p = s + 1;
	return true;
}

/* The text after "@tag[pid]: " or "@tag: " at the start of @t, or SPAN_NONE. */
static struct span after_tag(struct span t, const char *tag)
{
	const char *s = t.p, *end = t.p + t.len;
	uint64_t pid;

	if (!scan_lit(&s, end, tag))
		return SPAN_NONE;
	if (scan_char(&s, end, '[') && !(scan_u64(&s, end, &pid) && scan_char(&s, end, ']')))
		return SPAN_NONE;
	if (!scan_char(&s, end, ':'))
		return SPAN_NONE;
	scan_blanks(&s, end);
	return span_make(s, end);
}

/* ---- systemd-oomd ------------------------------------------------------------ */

static struct uk_candidate *last_candidate(struct uk_parser *p)
{
	return p->nr_cands ? &p->cands[p->nr_cands - 1] : NULL;
}

/* The candidate dump's lines: true when @t was one. */
static bool oomd_dump_line(struct uk_parser *p, struct span t)
{
	const char *s = t.p, *end = t.p + t.len;
	struct uk_candidate *c;
	int64_t v;

	if (scan_lit(&s, end, "Considered ")) {
		forget_candidates(p);
		if (scan_i64(&s, end, &v))
			p->considered = v;
		return true;
	}
	if (scan_lit(&s, end, "Path: ")) {
		ALLOC_GROW(p->cands, p->nr_cands, p->alloc_cands);
		c = &p->cands[p->nr_cands++];
		c->path = span_dup(span_trim(span_make(s, end)));
		c->usage_kb = c->avg10_x100 = MT_UNKNOWN;
		return true;
	}
	c = last_candidate(p);
	if (scan_lit(&s, end, "Current Memory Usage: ")) {
		if (c && scan_bytes_kb(&s, end, &v))
			c->usage_kb = v;
		return true;
	}
	if (scan_lit(&s, end, "Pressure: Avg10: ")) {
		if (c && scan_x100(&s, end, &v))
			c->avg10_x100 = v;
		return true;
	}
	return scan_lit(&s, end, "Memory Pressure Limit: ") || scan_lit(&s, end, "Memory Min: ") ||
	       scan_lit(&s, end, "Memory Low: ") || scan_lit(&s, end, "Pgscan: ") ||
	       scan_lit(&s, end, "Last Pgscan: ") || scan_lit(&s, end, "Swap Usage: ");
}

/* The victim's own figures from the dump before its kill line. */
static void oomd_victim_from_dump(struct uk_parser *p, struct oom_event *e)
{
	size_t i;

	set_figure(e, "candidates", p->considered);
	for (i = 0; e->task_memcg && i < p->nr_cands; i++) {
		if (strcmp(p->cands[i].path, e->task_memcg))
			continue;
		set_figure(e, "victim_usage_kb", p->cands[i].usage_kb);
		set_figure(e, "victim_avg10_x100", p->cands[i].avg10_x100);
		break;
	}
	forget_candidates(p);
}

/* "memory pressure for /system.slice being 91.73% > 50.00% for > 20s ..." */
static void oomd_pressure_reason(struct oom_event *e, const char *s, const char *end)
{
	struct span cg;
	int64_t v;
	uint64_t secs;

	if (!scan_lit(&s, end, "memory pressure for ") || !scan_word(&s, end, &cg))
		return;
	e->cgroup = vocab_span(cg);
	if (scan_lit(&s, end, " being ") && scan_x100(&s, end, &v)) {
		set_figure(e, "pressure_x100", v);
		if (scan_lit(&s, end, " > ") && scan_x100(&s, end, &v))
			set_figure(e, "pressure_limit_x100", v);
		if (scan_lit(&s, end, " for > ") && scan_u64(&s, end, &secs) && scan_char(&s, end, 's'))
			set_figure(e, "pressure_for_s", (int64_t)secs);
	}
}

/* "(N) / total (N)": bytes used and in all, as kB. */
static bool scan_used_total(const char **p, const char *end, int64_t *used_kb, int64_t *total_kb)
{
	const char *s = *p;
	uint64_t used, total;

	if (!scan_char(&s, end, '(') || !scan_u64(&s, end, &used) || !scan_lit(&s, end, ") / total (") ||
	    !scan_u64(&s, end, &total) || !scan_char(&s, end, ')'))
		return false;
	*used_kb = (int64_t)(used / 1024);
	*total_kb = (int64_t)(total / 1024);
	*p = s;
	return true;
}

/* "memory used (N) / total (N) and swap used (N) / total (N) being more than 90.00%" */
static void oomd_swap_reason(struct oom_event *e, const char *s, const char *end)
{
	int64_t used, total, v;

	if (scan_lit(&s, end, "memory used ") && scan_used_total(&s, end, &used, &total)) {
		set_figure(e, "mem_used_kb", used);
		set_figure(e, "mem_total_kb", total);
		scan_lit(&s, end, " and");
		scan_blanks(&s, end);
	}
	if (scan_lit(&s, end, "swap used ") && scan_used_total(&s, end, &used, &total)) {
		set_figure(e, "swap_used_kb", used);
		set_figure(e, "swap_total_kb", total);
		if (total > 0)
			set_figure(e, "swap_used_x100", used * 10000 / total);
	}
	if (scan_lit(&s, end, " being more than ") && scan_x100(&s, end, &v))
		set_figure(e, "swap_limit_x100", v);
}

/* "Killed CGROUP due to REASON" (newer systemd: "Marked CGROUP for killing due to REASON") */
static bool oomd_kill_line(struct uk_parser *p, struct span t, const struct oom_line *l)
{
	const char *s = t.p, *end = t.p + t.len;
	struct span cg;
	struct oom_event *e;

	if (!(scan_lit(&s, end, "Killed ") || scan_lit(&s, end, "Marked ")) || !scan_word(&s, end, &cg))
		return false;
	scan_lit(&s, end, " for killing");
	if (!scan_lit(&s, end, " due to "))
		return false;
	e = new_kill(p, "systemd-oomd", l);
	e->task_memcg = vocab_span(cg);
	e->kill_reason = vocab_span(span_make(s, end));
	oomd_pressure_reason(e, s, end);
	oomd_swap_reason(e, s, end);
	oomd_victim_from_dump(p, e);
	p->emit(p->ctx, e);
	return true;
}

static bool systemd_oomd(struct uk_parser *p, struct span t, const struct oom_line *l)
{
	return oomd_kill_line(p, t, l) || oomd_dump_line(p, t);
}

/* ---- earlyoom ------------------------------------------------------------------ */

/* "mem avail:   301 of  7842 MiB ( 3.84%), swap free:   97 of 1023 MiB ( 9.48%)" */
static bool earlyoom_status(struct uk_parser *p, struct span t)
{
	const char *s = t.p, *end = t.p + t.len;
	uint64_t avail, total;
	int64_t pct;

	if (!scan_lit(&s, end, "mem avail:"))
		return false;
	scan_blanks(&s, end);
	if (scan_u64(&s, end, &avail) && scan_lit(&s, end, " of") && (scan_blanks(&s, end), scan_u64(&s, end, &total))) {
		kv_set(&p->earlyoom, "mem_avail_kb", 12, (int64_t)avail * 1024);
		kv_set(&p->earlyoom, "mem_total_kb", 12, (int64_t)total * 1024);
	}
	if (scan_lit(&s, end, " MiB (") && (scan_blanks(&s, end), scan_x100(&s, end, &pct)))
		kv_set(&p->earlyoom, "mem_avail_x100", 14, pct);
	scan_lit(&s, end, "), swap free:");
	scan_blanks(&s, end);
	if (scan_u64(&s, end, &avail) && scan_lit(&s, end, " of") && (scan_blanks(&s, end), scan_u64(&s, end, &total))) {
		kv_set(&p->earlyoom, "swap_free_kb", 12, (int64_t)avail * 1024);
		kv_set(&p->earlyoom, "swap_total_kb", 13, (int64_t)total * 1024);
	}
	if (scan_lit(&s, end, " MiB (") && (scan_blanks(&s, end), scan_x100(&s, end, &pct)))
		kv_set(&p->earlyoom, "swap_free_x100", 14, pct);
	return true;
}

/* "low memory! at or below SIGTERM limits: mem 10.00%, swap 10.00%" */
static bool earlyoom_limits(struct uk_parser *p, struct span t)
{
	const char *at = span_find(t, " limits: mem "), *end = t.p + t.len;
	int64_t v;

	if (!span_starts(t, "low memory!") || !at)
		return false;
	at += 13;
	if (scan_x100(&at, end, &v))
		kv_set(&p->earlyoom, "mem_limit_x100", 14, v);
	if (scan_lit(&at, end, ", swap ") && scan_x100(&at, end, &v))
		kv_set(&p->earlyoom, "swap_limit_x100", 15, v);
	return true;
}

/* "badness 901, VmRSS 6123 MiB", "oom_score 901, oom_score_adj 0, ..." after the victim */
static void earlyoom_victim_figures(struct oom_event *e, const char *s, const char *end)
{
	static const char *const keys[] = { "badness", "oom_score", "oom_score_adj" };
	size_t i;
	int64_t v;

	while (s < end) {
		scan_blanks(&s, end);
		for (i = 0; i < ARRAY_SIZE(keys); i++) {
			const char *q = s;

			if (scan_lit(&q, end, keys[i]) && scan_char(&q, end, ' ') && scan_i64(&q, end, &v)) {
				set_figure(e, keys[i], v);
				s = q;
			}
		}
		if (scan_lit(&s, end, "VmRSS ") && scan_i64(&s, end, &v))
			set_figure(e, "rss_kb", v * 1024);
		s = memchr(s, ',', (size_t)(end - s));
		if (!s)
			break;
		s++;
	}
}

/* 'sending SIGTERM to process 2931 uid 1000 "java": badness 901, VmRSS 6123 MiB' */
static bool earlyoom_kill(struct uk_parser *p, struct span t, const struct oom_line *l)
{
	const char *s = t.p, *end = t.p + t.len, *q;
	struct span sig;
	struct oom_event *e;
	int64_t pid, uid;
	size_t i;

	if (!scan_lit(&s, end, "sending ") || !scan_word(&s, end, &sig) || !scan_lit(&s, end, " to process ") ||
	    !scan_i64(&s, end, &pid))
		return false;
	e = new_kill(p, "earlyoom", l);
	e->victim_pid = pid;
	if (scan_lit(&s, end, " uid ") && scan_i64(&s, end, &uid))
		kv_set(&e->victim, "uid", 3, uid);
	if (scan_lit(&s, end, " \"") && (q = memchr(s, '"', (size_t)(end - s)))) {
		e->victim_comm = vocab_span(span_make(s, q));
		s = q + 1;
	}
	scan_char(&s, end, ':');
	earlyoom_victim_figures(e, s, end);
	e->kill_reason = vocab_span(sig);
	for (i = 0; i < p->earlyoom.nr; i++)
		set_figure(e, p->earlyoom.items[i].key, p->earlyoom.items[i].val);
	kv_release(&p->earlyoom);
	p->emit(p->ctx, e);
	return true;
}

static bool earlyoom(struct uk_parser *p, struct span t, const struct oom_line *l)
{
	return earlyoom_kill(p, t, l) || earlyoom_status(p, t) || earlyoom_limits(p, t);
}

/* ---- oomd ---------------------------------------------------------------------- */

/* "oomd kill: 81.28 80.05 42.78 system.slice/build.service 2147483648 ruleset:[...] ..." */
static bool oomd_kmsg(struct uk_parser *p, struct span t, const struct oom_line *l)
{
	static const char *const avg[] = { "avg10_x100", "avg60_x100", "avg_long_x100" };
	const char *at = span_find(t, OOMD_KMSG), *s, *end = t.p + t.len;
	struct oom_event *e;
	struct span cg;
	uint64_t bytes;
	int64_t v;
	size_t i;

	if (!at)
		return false;
	s = at + strlen(OOMD_KMSG);
	e = new_kill(p, "oomd", l);
	for (i = 0; i < ARRAY_SIZE(avg); i++) {
		scan_blanks(&s, end);
		if (scan_x100(&s, end, &v))
			set_figure(e, avg[i], v);
	}
	scan_blanks(&s, end);
	if (scan_word(&s, end, &cg))
		e->task_memcg = vocab_span(cg);
	scan_blanks(&s, end);
	if (scan_u64(&s, end, &bytes))
		set_figure(e, "victim_usage_kb", (int64_t)(bytes / 1024));
	scan_blanks(&s, end);
	if (s < end)
		e->kill_reason = vocab_span(span_trim(span_make(s, end)));
	p->emit(p->ctx, e);
	return true;
}

/* ---- Android lmkd and the lowmemorykiller driver ---------------------------- */

/* "'com.example.app' (4321)" */
static bool scan_quoted_task(const char **p, const char *end, struct oom_event *e)
{
	const char *s = *p, *q;
	int64_t pid;

	if (!scan_char(&s, end, '\'') || !(q = memchr(s, '\'', (size_t)(end - s))))
		return false;
	e->victim_comm = vocab_span(span_make(s, q));
	s = q + 1;
	if (scan_lit(&s, end, " (") && scan_i64(&s, end, &pid) && scan_char(&s, end, ')'))
		e->victim_pid = pid;
	*p = s;
	return true;
}

/* "N kB" figures of lmkd's line and of the driver's: "to free 51234kB rss, 1024kB swap" */
static void lmk_figures(struct oom_event *e, struct span t)
{
	static const struct { const char *lit, *key; } figs[] = {
		{ ", uid ", NULL }, { "oom_score_adj ", "oom_score_adj" }, { "oom_adj ", "oom_score_adj" },
		{ ", adj ", "oom_score_adj" }, { "to free ", "rss_kb" }, { "kB rss, ", "swap_kb" },
		{ "cache ", "cache_kb" }, { "below limit ", "cache_limit_kb" }, { "Free memory is ", "free_kb" },
	};
	const char *end = t.p + t.len;
	size_t i;
	int64_t v;

	for (i = 0; i < ARRAY_SIZE(figs); i++) {
		const char *at = span_find(t, figs[i].lit);

		if (!at)
			continue;
		at += strlen(figs[i].lit);
		if (!scan_i64(&at, end, &v))
			continue;
		if (figs[i].key)
			set_figure(e, figs[i].key, v);
		else
			kv_set(&e->victim, "uid", 3, v);
	}
}

/* lmkd: "Kill 'com.example.app' (4321), uid 10087, oom_score_adj 900 to free ...; reason: ..." */
static bool lmkd_kill(struct uk_parser *p, struct span t, const struct oom_line *l)
{
	const char *s = t.p, *end = t.p + t.len, *why;
	struct oom_event *e;

	if (!scan_lit(&s, end, "Kill '"))
		return false;
	s--;
	e = new_kill(p, "lmkd", l);
	scan_quoted_task(&s, end, e);
	lmk_figures(e, span_make(s, end));
	if ((why = span_find(span_make(s, end), "; reason: ")))
		e->kill_reason = vocab_span(span_make(why + 10, end));
	p->emit(p->ctx, e);
	return true;
}

static void lmk_close(struct uk_parser *p)
{
	if (p->lmk)
		p->emit(p->ctx, p->lmk);
	p->lmk = NULL;
}

/* The driver: "Killing 'x' (4321), adj 900," then continuation lines. */
static bool lmk_driver(struct uk_parser *p, struct span t, const struct oom_line *l)
{
	const char *s = t.p, *end = t.p + t.len;

	if (!scan_lit(&s, end, "Killing '"))
		return false;
	lmk_close(p);
	s--;
	p->lmk = new_kill(p, "lmkd", l);
	scan_quoted_task(&s, end, p->lmk);
	lmk_figures(p->lmk, span_make(s, end));
	return true;
}

/* The driver's continuation lines: "to free 51234kB on behalf of 'kswapd0' (61) because" ... */
static bool lmk_continuation(struct uk_parser *p, struct span t, const struct oom_line *l)
{
	struct oom_event *e = p->lmk;
	const char *by, *end = t.p + t.len;

	t = span_trim(t);
	if (!e || !(span_starts(t, "to free ") || span_starts(t, "cache ") || span_starts(t, "Free memory is ") ||
		    span_starts(t, "min adj ") || span_starts(t, "Free CMA") || span_starts(t, "Total ") ||
		    span_starts(t, "Slab ") || span_starts(t, "GFP mask")))
		return false;
	lmk_figures(e, t);
	if ((by = span_find(t, "on behalf of '"))) {
		const char *q = by + 14, *qe = memchr(q, '\'', (size_t)(end - q));
		int64_t pid;

		if (qe) {
			e->trigger_comm = vocab_span(span_make(q, qe));
			q = qe + 1;
			if (scan_lit(&q, end, " (") && scan_i64(&q, end, &pid))
				e->trigger_pid = pid;
		}
	}
	if (span_starts(t, "cache ") && !e->kill_reason)
		e->kill_reason = vocab_span(t);
	e->last = l->src;
	return true;
}

static bool lmkd(struct uk_parser *p, struct span t, const struct oom_line *l)
{
	return lmkd_kill(p, t, l) || lmk_driver(p, t, l);
}

/* ---- the killers by tag ---------------------------------------------------- */

struct killer {
	const char *tag;
	bool (*line)(struct uk_parser *p, struct span t, const struct oom_line *l);
};

static const struct killer killers[] = {
	{ "systemd-oomd", systemd_oomd },
	{ "earlyoom", earlyoom },
	{ "lowmemorykiller", lmkd },
	{ "lmkd", lmkd },
};

/*
 * The tags of killers[] in their order (bit i of uk_lits: killers[i]), then
 * oomd's kmsg phrase: a line holds one of them or is no killer's.  The log
 * reader's literal search tells which a line holds; else one pass over the
 * line finds them all, not a search for each.
 */
const char *const uk_literals[] = { "systemd-oomd", "earlyoom", "lowmemorykiller", "lmkd", OOMD_KMSG, NULL };
_Static_assert(ARRAY_SIZE(uk_literals) == ARRAY_SIZE(killers) + 2, "a literal for each killer, then oomd's");
#define LIT_OOMD_KMSG (UINT64_C(1) << ARRAY_SIZE(killers))

static struct litset_lazy uk_lits = LITSET_LAZY(uk_literals);

static uint64_t uk_lits_in(struct span text)
{
	return litset_lazy_scan(&uk_lits, text);
}

bool uk_line_may_matter(struct span text)
{
	return uk_lits_in(text) != 0;
}

bool uk_parser_line(struct uk_parser *p, struct span prog, const struct oom_line *l)
{
	struct span t = span_trim(l->text);
	uint64_t lits;
	size_t i;

	if (lmk_continuation(p, l->text, l))
		return true;
	lmk_close(p);
	/*
	 * The reader's literal search says which tags the line holds, else one
	 * pass finds them; a line of a known program is only asked for oomd's
	 * phrase (its program's reader is chosen by name).
	 */
	lits = l->lits_known ? l->killer_lits : prog.len ? LIT_OOMD_KMSG : uk_lits_in(t);
	if (prog.len)
		lits &= LIT_OOMD_KMSG;
	if ((lits & LIT_OOMD_KMSG) && oomd_kmsg(p, t, l))
		return true;
	for (i = 0; i < ARRAY_SIZE(killers); i++) {
		struct span text = t;

		if (prog.len) {
			if (!span_eq(prog, killers[i].tag))
				continue;
		} else {
			/* a prefix memtriage does not know: the killer's tag is in the text */
			const char *at = (lits & (UINT64_C(1) << i)) ? span_find(t, killers[i].tag) : NULL;

			if (!at || (at > t.p && !is_blank(at[-1])))
				continue;
			text = after_tag(span_make(at, t.p + t.len), killers[i].tag);
			if (!text.p)
				continue;
		}
		return killers[i].line(p, text, l);
	}
	return false;
}

bool uk_parser_open(const struct uk_parser *p)
{
	return p->lmk != NULL;
}

void uk_parser_finish(struct uk_parser *p)
{
	lmk_close(p);
	forget_candidates(p);
	kv_release(&p->earlyoom);
}
