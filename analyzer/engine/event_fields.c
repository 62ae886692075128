#include "engine/event_fields.h"
#include "engine/rule.h"
#include "oom/gfp.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <math.h>

#define PAGE_KB 4.0

static void num(struct fval *v, double x)
{
	v->kind = FV_NUM;
	v->num = x;
}

static void known(struct fval *v, int64_t x)
{
	if (x != MT_UNKNOWN)
		num(v, (double)x);
}

static void str(struct fval *v, const char *s)
{
	if (s) {
		v->kind = FV_STR;
		v->str = s;
	}
}

static int64_t info(const struct oom_event *e, const char *key)
{
	return kv_get(&e->mem_info, key);
}

/* Dirty and writeback pages as a share of the file LRU: what reclaim could not free quickly. */
static void dirty_share(const struct oom_event *e, struct fval *v)
{
	int64_t d = info(e, "dirty"), w = info(e, "writeback"), af = info(e, "active_file"),
		inf = info(e, "inactive_file");

	if (af == MT_UNKNOWN) /* 2.6.x before 2.6.28: Active/inactive are not split by type */
		af = info(e, "Active"), inf = info(e, "inactive");
	if (d == MT_UNKNOWN || af == MT_UNKNOWN || inf == MT_UNKNOWN || af + inf <= 0)
		return;
	num(v, (double)(d + (w == MT_UNKNOWN ? 0 : w)) / (double)(af + inf));
}

static void slab_share(const struct oom_event *e, struct fval *v)
{
	int64_t s = info(e, "slab_unreclaimable"), aa = info(e, "active_anon"),
		ia = info(e, "inactive_anon"), af = info(e, "active_file"), inf = info(e, "inactive_file");

	if (s == MT_UNKNOWN || aa == MT_UNKNOWN || ia == MT_UNKNOWN || af == MT_UNKNOWN ||
	    inf == MT_UNKNOWN || aa + ia + af + inf <= 0)
		return;
	num(v, (double)s / (double)(aa + ia + af + inf));
}

/* A zone is short when free is below min (plus the boost printed in it). */
static bool zone_short(const struct oom_zone *z)
{
	int64_t f = oom_zone_field(z, "free"), m = oom_zone_field(z, "min");

	return f != MT_UNKNOWN && m != MT_UNKNOWN && oom_zone_field(z, "present") != 0 && f < m;
}

static void zones_below_min(const struct oom_event *e, const char *zone, struct fval *v)
{
	size_t i, n = 0, seen = 0;

	for (i = 0; i < e->nr_zones; i++) {
		if (zone && strcmp(e->zones[i].name, zone))
			continue;
		seen++;
		n += zone_short(&e->zones[i]);
	}
	if (seen)
		num(v, (double)n);
}

static void zone_sum(const struct oom_event *e, const char *zone, const char *key, struct fval *v)
{
	size_t i, seen = 0;
	double s = 0;

	for (i = 0; i < e->nr_zones; i++) {
		int64_t x = oom_zone_field(&e->zones[i], key);

		if (strcmp(e->zones[i].name, zone) || x == MT_UNKNOWN)
			continue;
		s += (double)x;
		seen++;
	}
	if (seen)
		num(v, s);
}

/* The row of the largest task by rss, or -1. */
static long biggest_task(const struct oom_event *e)
{
	int rss = oom_event_task_col(e, "rss");
	size_t i;
	long best = -1;

	if (rss < 0)
		return -1;
	for (i = 0; i < e->nr_tasks; i++)
		if (best < 0 || e->tasks[i].vals[rss] > e->tasks[best].vals[rss])
			best = (long)i;
	return best;
}

static void victim_biggest(const struct oom_event *e, struct fval *v)
{
	long b = biggest_task(e);
	int pid = oom_event_task_col(e, "pid"), tgid = oom_event_task_col(e, "tgid");

	if (b < 0 || e->victim_pid == MT_UNKNOWN)
		return;
	num(v, e->tasks[b].vals[pid] == e->victim_pid ||
		       (tgid >= 0 && e->tasks[b].vals[tgid] == e->victim_pid));
}

static void biggest_field(const struct oom_event *e, const char *col, struct fval *v)
{
	long b = biggest_task(e);
	int c;

	if (b < 0)
		return;
	if (!strcmp(col, "name")) {
		str(v, e->tasks[b].name);
		return;
	}
	if ((c = oom_event_task_col(e, col)) >= 0)
		num(v, (double)e->tasks[b].vals[c]);
}

static void memcg_share(const struct oom_event *e, struct fval *v)
{
	int64_t u = kv_get(&e->memcg, "memory_usage_kb"), l = kv_get(&e->memcg, "memory_limit_kb");

	if (u != MT_UNKNOWN && l != MT_UNKNOWN && l > 0)
		num(v, (double)u / (double)l);
}

static void esx_num(const struct oom_event *e, size_t off, struct fval *v)
{
	double x;

	if (!e->esx)
		return;
	x = *(const double *)((const char *)e->esx + off);
	if (!isnan(x))
		num(v, x);
}

/* a limit below the configured memory; esxtop shows no limit as -1 */
static void esx_limited(const struct oom_event *e, struct fval *v)
{
	if (e->esx && !isnan(e->esx->limit_mb) && !isnan(e->esx->memsz_mb))
		num(v, e->esx->limit_mb >= 0 && e->esx->limit_mb < e->esx->memsz_mb);
}


/* ---- sizes of the whole machine, as the report states them ---------------- */

static int64_t info_kb(const struct oom_event *e, const char *key)
{
	int64_t v = info(e, key);

	return v == MT_UNKNOWN ? MT_UNKNOWN : v * (int64_t)PAGE_KB;
}

/* RAM from "N pages RAM"; else the zones' present memory. */
static int64_t ram_kb(const struct oom_event *e)
{
	int64_t pages = kv_get(&e->totals, "pages_ram"), sum = 0;
	size_t i;
	bool seen = false;

	if (pages != MT_UNKNOWN && pages > 0)
		return pages * (int64_t)PAGE_KB;
	for (i = 0; i < e->nr_zones; i++) {
		int64_t p = oom_zone_field(&e->zones[i], "present");

		if (p != MT_UNKNOWN) {
			sum += p;
			seen = true;
		}
	}
	return seen && sum > 0 ? sum : MT_UNKNOWN;
}

static int64_t swap_total_kb(const struct oom_event *e)
{
	return kv_get(&e->totals, "swap_total_kb");
}

static void share_of(struct fval *v, int64_t part, int64_t whole)
{
	if (part != MT_UNKNOWN && whole != MT_UNKNOWN && whole > 0)
		num(v, (double)part / (double)whole);
}

static void swap_used(const struct oom_event *e, struct fval *v, bool share)
{
	int64_t t = swap_total_kb(e), f = kv_get(&e->totals, "swap_free_kb");

	if (t == MT_UNKNOWN || f == MT_UNKNOWN)
		return;
	if (share)
		share_of(v, t - f, t);
	else
		num(v, (double)(t - f));
}

/* Free swap / swap space; 0 when there is no swap, for nothing of it is free. */
static void swap_free_share(const struct oom_event *e, struct fval *v)
{
	int64_t t = swap_total_kb(e), f = kv_get(&e->totals, "swap_free_kb");

	if (t == 0)
		num(v, 0);
	else
		share_of(v, f, t);
}

/* "no swap", "8.0 GiB of swap, 100% used": the swap in words, for summaries. */
static void swap_text(const struct oom_event *e, struct fval *v)
{
	int64_t t = swap_total_kb(e), f = kv_get(&e->totals, "swap_free_kb");
	struct strbuf sb = STRBUF_INIT;

	if (t == 0) {
		str(v, "no swap");
		return;
	}
	if (t == MT_UNKNOWN)
		return;
	strbuf_add_kb(&sb, (double)t);
	strbuf_addstr(&sb, " of swap");
	if (f != MT_UNKNOWN && t > 0)
		strbuf_addf(&sb, ", %.0f%% used", 100.0 * (double)(t - f) / (double)t);
	snprintf(v->buf, sizeof(v->buf), "%s", sb.buf);
	str(v, v->buf);
	strbuf_release(&sb);
}

/* Anonymous memory on the LRU lists; 2.6.28 to 2.6.31 printed "Active_anon:". */
static int64_t anon_kb(const struct oom_event *e)
{
	int64_t a = info(e, "active_anon"), i = info(e, "inactive_anon");

	if (a == MT_UNKNOWN)
		a = info(e, "Active_anon");
	if (a == MT_UNKNOWN || i == MT_UNKNOWN)
		return MT_UNKNOWN;
	return (a + i) * (int64_t)PAGE_KB;
}

static int64_t dirty_writeback_kb(const struct oom_event *e)
{
	int64_t d = info(e, "dirty"), w = info(e, "writeback");

	if (d == MT_UNKNOWN)
		return MT_UNKNOWN;
	return (d + (w == MT_UNKNOWN ? 0 : w)) * (int64_t)PAGE_KB;
}

/*
 * What the zones lacked of their high watermark, summed: the memory
 * reclaim had to find.  Zones with no pages present are left out.
 */
static void shortfall(const struct oom_event *e, struct fval *v)
{
	size_t i, seen = 0;
	double s = 0;

	for (i = 0; i < e->nr_zones; i++) {
		const struct oom_zone *z = &e->zones[i];
		int64_t f = oom_zone_field(z, "free"), h = oom_zone_field(z, "high");

		if (f == MT_UNKNOWN || h == MT_UNKNOWN || oom_zone_field(z, "present") == 0)
			continue;
		seen++;
		if (f < h)
			s += (double)(h - f);
	}
	if (seen)
		num(v, s);
}

/* Dirty + writeback against the shortfall: above 1, writing them back would have covered it. */
static void dirty_over_shortfall(const struct oom_event *e, struct fval *v)
{
	struct fval s = { 0 };
	int64_t d = dirty_writeback_kb(e);

	shortfall(e, &s);
	if (d != MT_UNKNOWN && s.kind == FV_NUM && s.num > 0)
		num(v, (double)d / s.num);
}

/* Slab in pages: split into reclaimable and not since 2.6.19, one "slab:" before. */
static int64_t slab_pages(const struct oom_event *e, bool unreclaimable_only)
{
	int64_t r = info(e, "slab_reclaimable"), u = info(e, "slab_unreclaimable");

	if (u != MT_UNKNOWN)
		return unreclaimable_only || r == MT_UNKNOWN ? u : r + u;
	return info(e, "slab");
}

static int64_t zones_sum(const struct oom_event *e, const char *key, bool lowmem_only)
{
	size_t i;
	int64_t s = 0;
	bool seen = false;

	for (i = 0; i < e->nr_zones; i++) {
		int64_t x = oom_zone_field(&e->zones[i], key);

		if (x == MT_UNKNOWN || (lowmem_only && !strcmp(e->zones[i].name, "HighMem")))
			continue;
		s += x;
		seen = true;
	}
	return seen ? s : MT_UNKNOWN;
}

/* Kernel memory that reclaim cannot free: unreclaimable slab, page tables, kernel stacks. */
static int64_t kernel_kb(const struct oom_event *e)
{
	int64_t slab = slab_pages(e, true), pt = info(e, "pagetables"),
		stacks = zones_sum(e, "kernel_stack", false), kb;

	if (slab == MT_UNKNOWN)
		return MT_UNKNOWN;
	kb = slab * (int64_t)PAGE_KB;
	if (pt != MT_UNKNOWN)
		kb += pt * (int64_t)PAGE_KB;
	if (stacks != MT_UNKNOWN)
		kb += stacks;
	return kb;
}

static bool has_highmem(const struct oom_event *e)
{
	size_t i;

	for (i = 0; i < e->nr_zones; i++)
		if (!strcmp(e->zones[i].name, "HighMem") && oom_zone_field(&e->zones[i], "present") != 0)
			return true;
	return false;
}

/* Low memory of a 32-bit kernel with HighMem: the zones below it. */
static int64_t lowmem_kb(const struct oom_event *e)
{
	return has_highmem(e) ? zones_sum(e, "present", true) : MT_UNKNOWN;
}

static void lowmem_below_min(const struct oom_event *e, struct fval *v)
{
	size_t i, n = 0;

	if (!has_highmem(e))
		return;
	for (i = 0; i < e->nr_zones; i++)
		if (strcmp(e->zones[i].name, "HighMem"))
			n += zone_short(&e->zones[i]);
	num(v, (double)n);
}

static int64_t hugepages_kb(const struct oom_event *e)
{
	return kv_get(&e->totals, "hugepages_total_kb");
}

/* ---- the task table: who held the memory ----------------------------------- */

static int cmp_program_kb(const void *x, const void *y)
{
	const struct program *a = x, *b = y;

	return a->kb < b->kb ? 1 : a->kb > b->kb ? -1 : strcmp(a->name, b->name);
}

static int cmp_task_name(const void *x, const void *y)
{
	const struct oom_task *const *a = x, *const *b = y;

	return strcmp((*a)->name ? (*a)->name : "", (*b)->name ? (*b)->name : "");
}

/* A row's memory in kB: rss plus swapents, the pages it had in swap. */
static int64_t task_kb(const struct oom_task *t, int rss, int swp)
{
	int64_t kb = t->vals[rss] * (int64_t)PAGE_KB;

	if (swp >= 0 && t->vals[swp] != MT_UNKNOWN && t->vals[swp] > 0)
		kb += t->vals[swp] * (int64_t)PAGE_KB;
	return kb;
}

struct program *event_programs(const struct oom_event *e, size_t *nr)
{
	int rss = oom_event_task_col(e, "rss"), swp = oom_event_task_col(e, "swapents");
	const struct oom_task **rows;
	struct program *out;
	size_t i, n = 0;

	*nr = 0;
	if (rss < 0 || !e->nr_tasks)
		return NULL;
	rows = xcalloc(e->nr_tasks, sizeof(*rows));
	for (i = 0; i < e->nr_tasks; i++)
		rows[i] = &e->tasks[i];
	qsort(rows, e->nr_tasks, sizeof(*rows), cmp_task_name);
	out = xcalloc(e->nr_tasks, sizeof(*out));
	for (i = 0; i < e->nr_tasks; i++) {
		const char *name = rows[i]->name ? rows[i]->name : "?";

		if (!n || strcmp(out[n - 1].name, name))
			out[n++] = (struct program){ name, 0, 0 };
		out[n - 1].tasks++;
		out[n - 1].kb += task_kb(rows[i], rss, swp);
	}
	free(rows);
	qsort(out, n, sizeof(*out), cmp_program_kb);
	*nr = n;
	return out;
}

static void tasks_user_kb(const struct oom_event *e, struct fval *v, bool share)
{
	size_t n, i;
	struct program *p = event_programs(e, &n);
	int64_t sum = 0, ram = ram_kb(e), swap = swap_total_kb(e);

	if (!p)
		return;
	for (i = 0; i < n; i++)
		sum += p[i].kb;
	free(p);
	if (!share)
		num(v, (double)sum);
	else if (ram != MT_UNKNOWN)
		share_of(v, sum, ram + (swap == MT_UNKNOWN ? 0 : swap));
}

enum top_part { TOP_NAME, TOP_KB, TOP_TASKS, TOP_SHARE };

static void tasks_top(const struct oom_event *e, struct fval *v, enum top_part part)
{
	size_t n;
	struct program *p = event_programs(e, &n);
	int64_t ram = ram_kb(e), swap = swap_total_kb(e);

	if (!p)
		return;
	switch (part) {
	case TOP_NAME:
		snprintf(v->buf, sizeof(v->buf), "%s", p[0].name);
		str(v, v->buf);
		break;
	case TOP_KB:
		num(v, (double)p[0].kb);
		break;
	case TOP_TASKS:
		num(v, (double)p[0].tasks);
		break;
	case TOP_SHARE:
		if (ram != MT_UNKNOWN)
			share_of(v, p[0].kb, ram + (swap == MT_UNKNOWN ? 0 : swap));
		break;
	}
	free(p);
}

/* "mysqld 19.7 GiB (63%), java 10.4 GiB (33%)": the top three programs, with their share of RAM + swap. */
static void tasks_top_text(const struct oom_event *e, struct fval *v)
{
	size_t n, i;
	struct program *p = event_programs(e, &n);
	int64_t ram = ram_kb(e), swap = swap_total_kb(e), whole;
	struct strbuf sb = STRBUF_INIT;

	if (!p)
		return;
	whole = ram == MT_UNKNOWN ? MT_UNKNOWN : ram + (swap == MT_UNKNOWN ? 0 : swap);
	for (i = 0; i < n && i < 3 && p[i].kb > 0; i++) {
		if (i)
			strbuf_addstr(&sb, ", ");
		strbuf_addstr(&sb, p[i].name);
		if (p[i].tasks > 1)
			strbuf_addf(&sb, " x%zu", p[i].tasks);
		strbuf_addch(&sb, ' ');
		strbuf_add_kb(&sb, (double)p[i].kb);
		/* rss counts shared pages in every task that maps them: a sum can pass 100% */
		if (whole != MT_UNKNOWN && whole > 0 && p[i].kb < whole)
			strbuf_addf(&sb, " (%.0f%%)", 100.0 * (double)p[i].kb / (double)whole);
		else if (whole != MT_UNKNOWN && whole > 0)
			strbuf_addstr(&sb, " (all of it, shared pages counted per task)");
	}
	free(p);
	if (sb.len) {
		snprintf(v->buf, sizeof(v->buf), "%s", sb.buf);
		str(v, v->buf);
	}
	strbuf_release(&sb);
}

/* ---- the allocation ----------------------------------------------------------- */

static void gfp_bit(const struct oom_event *e, unsigned long bit, struct fval *v)
{
	unsigned long mask;

	/* 2.6.9 to 2.6.12 print no order; only SysRq-f's order=-1 carries a mask that means nothing */
	if (gfp_parse(e->gfp_mask, &mask) && e->order != -1)
		num(v, (mask & bit) != 0);
}

/* The flags by name: as printed (4.6+), else decoded for the report's kernel. */
static void gfp_names(const struct oom_event *e, struct fval *v)
{
	struct strbuf sb = STRBUF_INIT;
	unsigned long mask;

	if (e->gfp_flags) {
		str(v, e->gfp_flags);
		return;
	}
	if (gfp_parse(e->gfp_mask, &mask) &&
	    gfp_decode(&sb, mask, e->kernel ? version_code_of(e->kernel) : -1)) {
		snprintf(v->buf, sizeof(v->buf), "%s", sb.buf);
		str(v, v->buf);
	}
	strbuf_release(&sb);
}

static bool in_trace(const struct oom_event *e, const char *fn)
{
	size_t i;

	for (i = 0; i < e->nr_trace; i++)
		if (!strcmp(e->trace[i], fn))
			return true;
	return false;
}

/* The page-fault path's OOM: pagefault_out_of_memory, which prints gfp_mask=0x0. */
static void pagefault(const struct oom_event *e, struct fval *v)
{
	unsigned long mask;

	if (e->type != OOM_KILL)
		return;
	num(v, in_trace(e, "pagefault_out_of_memory") ||
		       (gfp_parse(e->gfp_mask, &mask) && !mask && e->order == 0));
}

/* Which cgroup interface the report shows: v2 prints "swap: usage", v1 "memory+swap:" or "kmem:". */
static void memcg_version(const struct oom_event *e, struct fval *v)
{
	size_t i;

	if (kv_get(&e->memcg, "swap_usage_kb") != MT_UNKNOWN) {
		num(v, 2);
		return;
	}
	if (kv_get(&e->memcg, "memsw_usage_kb") != MT_UNKNOWN ||
	    kv_get(&e->memcg, "kmem_usage_kb") != MT_UNKNOWN) {
		num(v, 1);
		return;
	}
	for (i = 0; i < e->nr_memcg_stats; i++) {
		const struct kv_list *s = &e->memcg_stats[i].stats;

		if (kv_get(s, "anon") != MT_UNKNOWN || kv_get(s, "file") != MT_UNKNOWN) {
			num(v, 2);
			return;
		}
		if (kv_get(s, "rss") != MT_UNKNOWN || kv_get(s, "cache") != MT_UNKNOWN) {
			num(v, 1);
			return;
		}
	}
}

/* What a diagnosis would need and the report does not have, or "" when nothing is missing. */
static void report_missing(const struct oom_event *e, struct fval *v)
{
	struct strbuf sb = STRBUF_INIT;

	if (e->type == OOM_USERSPACE_KILL) {
		/* the killer's decision is no memory report: what the kernel could have said is not there */
		strbuf_addf(&sb, "%s killed on its own %s; ", e->killer ? e->killer : "a userspace killer",
			    e->killer && !strcmp(e->killer, "earlyoom") ? "thresholds" : "pressure figures");
		if (e->paired)
			strbuf_addf(&sb, "the kernel's report of the same moment is at %s:%u", e->paired->src.file,
				    e->paired->src.line);
		else
			strbuf_addstr(&sb, "the kernel printed no report of memory");
		snprintf(v->buf, sizeof(v->buf), "%s", sb.buf);
		str(v, v->buf);
		strbuf_release(&sb);
		return;
	}
	strbuf_addstr(&sb, "the report lacks ");
	if (!e->header_seen)
		strbuf_addstr(&sb, "its first line, ");
	if (!e->mem_info.nr && !e->nr_zones)
		strbuf_addstr(&sb, "the memory counters (Mem-Info), ");
	else if (!e->nr_zones)
		strbuf_addstr(&sb, "the zone lines, ");
	if (!e->nr_tasks && e->type == OOM_KILL)
		strbuf_addstr(&sb, "the task table, ");
	if (kv_get(&e->totals, "swap_total_kb") == MT_UNKNOWN)
		strbuf_addstr(&sb, "the swap totals, ");
	if (sb.len > strlen("the report lacks "))
		strbuf_setlen(&sb, sb.len - 2);
	else
		strbuf_addstr(&sb, "nothing a rule reads, and no rule fits its figures");
	if (!e->complete && e->incomplete_why)
		strbuf_addf(&sb, " (%s)", e->incomplete_why);
	snprintf(v->buf, sizeof(v->buf), "%s", sb.buf);
	str(v, v->buf);
	strbuf_release(&sb);
}

typedef void (*field_fn)(const struct oom_event *e, struct fval *v);

#define F(name, body) static void f_##name(const struct oom_event *e, struct fval *v) { body; }
F(type, str(v, oom_type_names[e->type]))
F(killer, str(v, e->killer))
F(constraint, str(v, oom_constraint_names[e->constraint]))
F(order, known(v, e->order))
F(gfp_mask, str(v, e->gfp_mask))
F(gfp_flags, str(v, e->gfp_flags))
F(trigger_comm, str(v, e->trigger_comm))
F(trigger_pid, known(v, e->trigger_pid))
F(trigger_adj, known(v, e->oom_score_adj))
F(victim_comm, str(v, e->victim_comm))
F(victim_pid, known(v, e->victim_pid))
F(victim_anon, known(v, kv_get(&e->victim, "anon_rss_kb")))
F(victim_adj, known(v, kv_get(&e->victim, "oom_score_adj")))
F(victim_biggest, victim_biggest(e, v))
F(biggest_name, biggest_field(e, "name", v))
F(biggest_adj, biggest_field(e, "oom_score_adj", v))
F(biggest_rss, biggest_field(e, "rss", v))
F(complete, num(v, e->complete))
F(sysrq, num(v, e->sysrq))
F(cgroup, str(v, e->cgroup))
F(kernel, str(v, e->kernel))
F(hardware, str(v, e->hardware))
F(trace, v->kind = FV_LIST; v->list = e->trace; v->nr = e->nr_trace)
F(dirty_share, dirty_share(e, v))
F(dirty_kb, if (info(e, "dirty") != MT_UNKNOWN) num(v, (double)info(e, "dirty") * PAGE_KB))
F(writeback_kb, if (info(e, "writeback") != MT_UNKNOWN) num(v, (double)info(e, "writeback") * PAGE_KB))
F(slab_share, slab_share(e, v))
F(swap_free, known(v, kv_get(&e->totals, "swap_free_kb")))
F(swap_total, known(v, kv_get(&e->totals, "swap_total_kb")))
F(below_min, zones_below_min(e, NULL, v))
F(normal_below_min, zones_below_min(e, "Normal", v))
F(dma32_below_min, zones_below_min(e, "DMA32", v))
F(highmem_free, zone_sum(e, "HighMem", "free", v))
F(highmem_present, zone_sum(e, "HighMem", "present", v))
F(normal_free, zone_sum(e, "Normal", "free", v))
F(normal_min, zone_sum(e, "Normal", "min", v))
F(memcg_usage, known(v, kv_get(&e->memcg, "memory_usage_kb")))
F(memcg_limit, known(v, kv_get(&e->memcg, "memory_limit_kb")))
F(memcg_share, memcg_share(e, v))
F(tasks, num(v, (double)e->nr_tasks))
F(reaped, num(v, e->reaped))
F(esx_balloon, esx_num(e, offsetof(struct esx_picture, balloon_mb), v))
F(esx_balloon_target, esx_num(e, offsetof(struct esx_picture, balloon_target_mb), v))
F(esx_swapped, esx_num(e, offsetof(struct esx_picture, swapped_mb), v))
F(esx_compressed, esx_num(e, offsetof(struct esx_picture, compressed_mb), v))
F(esx_reservation, esx_num(e, offsetof(struct esx_picture, reservation_mb), v))
F(esx_limited, esx_limited(e, v))
F(esx_before, if (e->esx) num(v, (double)e->esx->before_s))
F(esx_band, if (e->esx) str(v, e->esx->host_band))
F(ram_kb, known(v, ram_kb(e)))
F(free_kb, known(v, info_kb(e, "free")))
F(swap_used, swap_used(e, v, false))
F(swap_free_share, swap_free_share(e, v))
F(anon_share, share_of(v, anon_kb(e), ram_kb(e)))
F(swap_text, swap_text(e, v))
F(dirty_shortfall, dirty_over_shortfall(e, v))
F(swap_used_share, swap_used(e, v, true))
F(dirty_writeback_kb, known(v, dirty_writeback_kb(e)))
F(dirty_ram_share, share_of(v, dirty_writeback_kb(e), ram_kb(e)))
F(shortfall, shortfall(e, v))
F(anon_kb, known(v, anon_kb(e)))
F(slab_kb, if (slab_pages(e, false) != MT_UNKNOWN) num(v, (double)slab_pages(e, false) * PAGE_KB))
F(kernel_kb, known(v, kernel_kb(e)))
F(kernel_share, share_of(v, kernel_kb(e), ram_kb(e)))
F(lowmem_kb, known(v, lowmem_kb(e)))
F(slab_lowmem_share, if (slab_pages(e, false) != MT_UNKNOWN)
	share_of(v, slab_pages(e, false) * (int64_t)PAGE_KB, lowmem_kb(e)))
F(lowmem_below_min, lowmem_below_min(e, v))
F(highmem_free_cma, zone_sum(e, "HighMem", "free_cma", v))
F(shmem_kb, known(v, info_kb(e, "shmem")))
F(shmem_share, share_of(v, info_kb(e, "shmem"), ram_kb(e)))
F(hugepages_kb, known(v, hugepages_kb(e)))
F(hugepages_share, share_of(v, hugepages_kb(e), ram_kb(e)))
F(user_kb, tasks_user_kb(e, v, false))
F(user_share, tasks_user_kb(e, v, true))
F(top, tasks_top_text(e, v))
F(top_name, tasks_top(e, v, TOP_NAME))
F(top_kb, tasks_top(e, v, TOP_KB))
F(top_tasks, tasks_top(e, v, TOP_TASKS))
F(top_share, tasks_top(e, v, TOP_SHARE))
F(gfp_dma, gfp_bit(e, GFP_BIT_DMA, v))
F(gfp_highmem, gfp_bit(e, GFP_BIT_HIGHMEM, v))
F(gfp_names, gfp_names(e, v))
F(pagefault, pagefault(e, v))
F(memcg_version, memcg_version(e, v))
F(missing, report_missing(e, v))
F(engine, (void)e; (void)v) /* the engine fills these in (rule_eval.c) */
#undef F

static const struct {
	const char *name;
	field_fn fn;
	const char *doc;
} fields[] = {
	{ "type", f_type, "oom_kill, oom_panic, alloc_failure or userspace_kill" },
	{ "killer", f_killer, "the userspace killer of a userspace_kill: systemd-oomd, earlyoom, oomd or lmkd" },
	{ "constraint", f_constraint, "global, memcg, cpuset or mempolicy" },
	{ "order", f_order, "allocation order (0: one page; -1: SysRq-f)" },
	{ "gfp_mask", f_gfp_mask, "the raw gfp mask as printed" },
	{ "gfp_flags", f_gfp_flags, "decoded gfp flags (4.6+), e.g. GFP_KERNEL|__GFP_COMP" },
	{ "trigger.comm", f_trigger_comm, "the task that asked for memory" },
	{ "trigger.pid", f_trigger_pid, "its pid" },
	{ "trigger.oom_score_adj", f_trigger_adj, "its oom_score_adj (or oom_adj on old kernels)" },
	{ "victim.comm", f_victim_comm, "the task killed" },
	{ "victim.pid", f_victim_pid, "its pid" },
	{ "victim.anon_rss_kb", f_victim_anon, "its anonymous memory, kB" },
	{ "victim.oom_score_adj", f_victim_adj, "its oom_score_adj (5.4+ kill line)" },
	{ "victim.biggest", f_victim_biggest, "1 when the victim was the task with the largest rss" },
	{ "biggest.name", f_biggest_name, "the task with the largest rss in the task table" },
	{ "biggest.oom_score_adj", f_biggest_adj, "its oom_score_adj" },
	{ "biggest.rss", f_biggest_rss, "its rss, pages" },
	{ "complete", f_complete, "1 when the whole report is in the log" },
	{ "sysrq", f_sysrq, "1 for an OOM forced with SysRq-f" },
	{ "cgroup", f_cgroup, "the memory cgroup whose limit was hit" },
	{ "kernel", f_kernel, "the kernel release printed in the report" },
	{ "hardware", f_hardware, "the DMI hardware name printed in the report" },
	{ "trace", f_trace, "call trace function names (use contains)" },
	{ "mem.dirty_share", f_dirty_share, "(dirty + writeback) / file LRU pages, a fraction" },
	{ "mem.dirty_kb", f_dirty_kb, "dirty page cache, kB" },
	{ "mem.writeback_kb", f_writeback_kb, "page cache under writeback, kB" },
	{ "mem.slab_unreclaimable_share", f_slab_share, "unreclaimable slab / LRU pages, a fraction" },
	{ "swap.free_kb", f_swap_free, "free swap, kB" },
	{ "swap.total_kb", f_swap_total, "swap space, kB (0: none)" },
	{ "zones.below_min", f_below_min, "how many populated zones had free below min" },
	{ "zone.Normal.below_min", f_normal_below_min, "1 when the Normal zone had free below min" },
	{ "zone.DMA32.below_min", f_dma32_below_min, "1 when the DMA32 zone had free below min" },
	{ "zone.Normal.free_kb", f_normal_free, "free memory in the Normal zone(s), kB" },
	{ "zone.Normal.min_kb", f_normal_min, "the Normal zone(s) min watermark, kB" },
	{ "zone.HighMem.free_kb", f_highmem_free, "free HighMem, kB (32-bit kernels)" },
	{ "zone.HighMem.present_kb", f_highmem_present, "HighMem present, kB (32-bit kernels)" },
	{ "memcg.usage_kb", f_memcg_usage, "the cgroup's usage, kB" },
	{ "memcg.limit_kb", f_memcg_limit, "the cgroup's limit, kB" },
	{ "memcg.usage_share", f_memcg_share, "usage / limit, a fraction" },
	{ "tasks", f_tasks, "rows in the task table" },
	{ "reaped", f_reaped, "1 when the oom_reaper freed the victim's memory" },
	{ "esx.balloon_mb", f_esx_balloon, "the VM's balloon size at the event, from an esxtop capture (MB)" },
	{ "esx.balloon_target_mb", f_esx_balloon_target, "the balloon's target then (MB)" },
	{ "esx.swapped_mb", f_esx_swapped, "the VM's memory the ESX host had swapped out then (MB)" },
	{ "esx.compressed_mb", f_esx_compressed, "the VM's memory the ESX host had compressed then (MB)" },
	{ "esx.reservation_mb", f_esx_reservation, "the VM's memory reservation (MB)" },
	{ "esx.limited", f_esx_limited, "1 when the VM's memory limit is below its configured memory" },
	{ "esx.before_s", f_esx_before, "how long before the event the capture's sample was taken (s)" },
	{ "esx.host_band", f_esx_band, "the ESX host's memory state then: high, clear, soft, hard, low" },
	{ "ram_kb", f_ram_kb, "RAM, kB: \"N pages RAM\", else the zones' present memory" },
	{ "mem.free_kb", f_free_kb, "free memory (Mem-Info free:), kB" },
	{ "mem.anon_kb", f_anon_kb, "anonymous memory on the LRU lists, kB (2.6.28+)" },
	{ "mem.dirty_writeback_kb", f_dirty_writeback_kb, "dirty + writeback page cache, kB (every era)" },
	{ "mem.dirty_ram_share", f_dirty_ram_share, "(dirty + writeback) / RAM, a fraction" },
	{ "mem.slab_kb", f_slab_kb, "slab, reclaimable and not, kB" },
	{ "mem.kernel_kb", f_kernel_kb, "unreclaimable slab + page tables + kernel stacks, kB" },
	{ "mem.kernel_share", f_kernel_share, "mem.kernel_kb / RAM, a fraction" },
	{ "mem.lowmem_kb", f_lowmem_kb, "low memory (the zones below HighMem) present, kB (32-bit kernels)" },
	{ "mem.slab_lowmem_share", f_slab_lowmem_share, "slab / low memory, a fraction (32-bit kernels)" },
	{ "mem.shmem_kb", f_shmem_kb, "shared memory and tmpfs, kB" },
	{ "mem.shmem_share", f_shmem_share, "mem.shmem_kb / RAM, a fraction" },
	{ "mem.hugepages_kb", f_hugepages_kb, "huge pages reserved (hugepages_total x size, every node), kB" },
	{ "mem.hugepages_share", f_hugepages_share, "mem.hugepages_kb / RAM, a fraction" },
	{ "swap.used_kb", f_swap_used, "swap in use, kB" },
	{ "swap.free_share", f_swap_free_share, "free swap / swap space, a fraction; 0 when there is no swap" },
	{ "mem.anon_share", f_anon_share, "anonymous LRU memory / RAM, a fraction (2.6.28+)" },
	{ "mem.dirty_shortfall_ratio", f_dirty_shortfall, "(dirty + writeback) / zones.shortfall_kb: above 1, writing them back would have covered the shortfall" },
	{ "swap.text", f_swap_text, "the swap in words: \"no swap\", \"8.0 GiB of swap, 100% used\"" },
	{ "swap.used_share", f_swap_used_share, "swap in use / swap space, a fraction (none without swap)" },
	{ "zones.shortfall_kb", f_shortfall, "what the populated zones lacked of their high watermark, summed, kB" },
	{ "zone.lowmem.below_min", f_lowmem_below_min, "zones below HighMem with free below min (32-bit kernels)" },
	{ "zone.HighMem.free_cma_kb", f_highmem_free_cma, "free HighMem that is CMA, kB (usable only by movable allocations)" },
	{ "tasks.user_kb", f_user_kb, "the task table's rss + swapents, summed, kB" },
	{ "tasks.user_share", f_user_share, "tasks.user_kb / (RAM + swap), a fraction" },
	{ "tasks.top", f_top, "the three biggest programs by rss + swapents, rows of one name summed, with their share of RAM + swap" },
	{ "tasks.top.name", f_top_name, "the biggest program (rows of one name summed)" },
	{ "tasks.top_kb", f_top_kb, "its rss + swapents, kB" },
	{ "tasks.top.tasks", f_top_tasks, "how many rows of the task table it has" },
	{ "tasks.top_share", f_top_share, "tasks.top_kb / (RAM + swap), a fraction" },
	{ "gfp.dma", f_gfp_dma, "1 when the allocation asked for the DMA zone (__GFP_DMA)" },
	{ "gfp.highmem", f_gfp_highmem, "1 when the allocation could use HighMem (__GFP_HIGHMEM)" },
	{ "gfp.names", f_gfp_names, "the gfp flags by name: as printed (4.6+), else decoded for the kernel's era" },
	{ "pagefault", f_pagefault, "1 for the page-fault path's OOM (pagefault_out_of_memory, gfp_mask=0x0)" },
	{ "memcg.version", f_memcg_version, "1 or 2: the cgroup interface the report shows" },
	{ "cause", f_engine, "the event's primary cause kind (rules/causes.yaml); only rules without a cause of their own can test it" },
	{ "causes", f_engine, "every cause kind that holds for the event, a list (use contains or in)" },
	{ "report.missing", f_missing, "what of the report a diagnosis needs and is missing, in words: \"the report lacks the task table (...)\"" },
};

bool event_field_known(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(fields); i++)
		if (!strcmp(fields[i].name, name))
			return true;
	return false;
}

void event_field_get(const struct oom_event *e, const char *name, struct fval *out)
{
	size_t i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < ARRAY_SIZE(fields); i++) {
		if (!strcmp(fields[i].name, name)) {
			fields[i].fn(e, out);
			return;
		}
	}
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && !strcmp(s + n - k, suffix);
}

void fval_format(struct strbuf *sb, const char *name, const struct fval *fv)
{
	size_t i;

	switch (fv->kind) {
	case FV_NONE:
		strbuf_addstr(sb, "?");
		break;
	case FV_STR:
		strbuf_addstr(sb, fv->str);
		break;
	case FV_LIST:
		for (i = 0; i < fv->nr; i++)
			strbuf_addf(sb, "%s%s", i ? ", " : "", fv->list[i]);
		break;
	case FV_NUM:
		if (ends_with(name, "_kb"))
			strbuf_add_kb(sb, fv->num);
		else if (ends_with(name, "_mb"))
			strbuf_add_kb(sb, fv->num * 1024.0);
		else if (ends_with(name, "_share"))
			strbuf_addf(sb, fv->num < 0.01 && fv->num > 0 ? "%.1f%%" : "%.0f%%", 100.0 * fv->num);
		else if (ends_with(name, "_s"))
			strbuf_addf(sb, "%.0f s", fv->num);
		else
			strbuf_addf(sb, "%.15g", fv->num);
		break;
	}
}

void event_fields_print(FILE *out)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(fields); i++)
		fprintf(out, "| `%s` | %s |\n", fields[i].name, fields[i].doc);
}
