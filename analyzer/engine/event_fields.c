#include "engine/event_fields.h"
#include "engine/rule.h"
#include "oom/gfp.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <limits.h>
#include <pthread.h>
#include <math.h>

#define PAGE_KB ((double)OOM_PAGE_KB)

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
		if (best < 0 || oom_task_val(&e->tasks, i, (size_t)rss) >
				    oom_task_val(&e->tasks, (size_t)best, (size_t)rss))
			best = (long)i;
	return best;
}

static void victim_biggest(const struct oom_event *e, struct fval *v)
{
	long b = biggest_task(e);
	int pid = oom_event_task_col(e, "pid"), tgid = oom_event_task_col(e, "tgid");

	if (b < 0 || e->victim_pid == MT_UNKNOWN)
		return;
	num(v, oom_task_val(&e->tasks, (size_t)b, (size_t)pid) == e->victim_pid ||
		       (tgid >= 0 && oom_task_val(&e->tasks, (size_t)b, (size_t)tgid) == e->victim_pid));
}

static void biggest_field(const struct oom_event *e, const char *col, struct fval *v)
{
	long b = biggest_task(e);
	int c;

	if (b < 0)
		return;
	if (!strcmp(col, "name")) {
		str(v, oom_task_name(&e->tasks, (size_t)b));
		return;
	}
	if ((c = oom_event_task_col(e, col)) >= 0)
		num(v, (double)oom_task_val(&e->tasks, (size_t)b, (size_t)c));
}

static void memcg_share(const struct oom_event *e, struct fval *v)
{
	int64_t u = kv_get(&e->memcg, "memory_usage_kb"), l = kv_get(&e->memcg, "memory_limit_kb");

	if (u != MT_UNKNOWN && l != MT_UNKNOWN && l > 0)
		num(v, (double)u / (double)l);
}

/* The figure at @off of @obj (an esx_picture, hv_sample, hv_admission), a double; absent when NAN or no @obj. */
static void figure_at(const void *obj, size_t off, struct fval *v)
{
	double x;

	if (!obj)
		return;
	x = *(const double *)((const char *)obj + off);
	if (!isnan(x))
		num(v, x);
}

static void esx_num(const struct oom_event *e, size_t off, struct fval *v)
{
	figure_at(e->esx, off, v);
}

/* a limit below the configured memory; esxtop shows no limit as -1 */
static void esx_limited(const struct oom_event *e, struct fval *v)
{
	if (e->esx && !isnan(e->esx->limit_mb) && !isnan(e->esx->memsz_mb))
		num(v, e->esx->limit_mb >= 0 && e->esx->limit_mb < e->esx->memsz_mb);
}

/* ---- the hypervisor's figures with their time (struct hv_sample) ------------ */

static void hv_num(const struct oom_event *e, size_t off, struct fval *v)
{
	figure_at(e->hv, off, v);
}

static int64_t ram_kb(const struct oom_event *e);

/* The balloon against the guest's configured memory, else against the RAM its report counts. */
static void hv_share(const struct oom_event *e, struct fval *v)
{
	double mem = e->hv ? e->hv->memsz_mb : NAN;

	if (isnan(mem) && ram_kb(e) != MT_UNKNOWN)
		mem = (double)ram_kb(e) / 1024;
	if (e->hv && !isnan(e->hv->balloon_mb) && !isnan(mem) && mem > 0)
		num(v, e->hv->balloon_mb / mem);
}

static int64_t unaccounted_kb(const struct oom_event *e);

/*
 * The report's memory in no counter against the sample's balloon: about 1
 * when the ballooned pages are what no counter accounts for (vmmemctl and
 * vmw_balloon take them from the page allocator and leave them in managed
 * memory).  Only for a balloon that held something.
 */
static void hv_unaccounted_per_balloon(const struct oom_event *e, struct fval *v)
{
	int64_t kb = unaccounted_kb(e);

	if (e->hv && !isnan(e->hv->balloon_mb) && e->hv->balloon_mb > 0 && kb != MT_UNKNOWN)
		num(v, (double)kb / (e->hv->balloon_mb * 1024));
}

static void hv_limited(const struct oom_event *e, struct fval *v)
{
	if (e->hv && !isnan(e->hv->limit_mb) && !isnan(e->hv->memsz_mb))
		num(v, e->hv->limit_mb >= 0 && e->hv->limit_mb < e->hv->memsz_mb);
}

/* "59 s before this event", "3.0 days after this event" */
static void add_relative(struct strbuf *sb, int64_t after_s)
{
	strbuf_add_duration(sb, after_s);
	strbuf_addstr(sb, after_s >= 0 ? " after this event" : " before this event");
}

/*
 * When the figures were true, against the event, in words: "at collection,
 * 3.0 days after this event", "at collection (its time unknown)", "in a
 * sample 59 s before this event".  The text is valid until the next call on
 * this thread: for summaries and reports, which use it at once, not for
 * "same:", which would compare every event's with the last one's.
 */
static void hv_when(const struct oom_event *e, struct fval *v)
{
	static _Thread_local char buf[96];
	struct strbuf sb = STRBUF_INIT;

	if (!e->hv)
		return;
	strbuf_addstr(&sb, e->hv->at_collection ? "at collection" : "in a sample");
	if (!e->hv->has_after) {
		strbuf_addstr(&sb, e->hv->has_time ? " (the event's time unknown)" : " (its time unknown)");
	} else {
		strbuf_addstr(&sb, e->hv->at_collection ? ", " : " ");
		add_relative(&sb, e->hv->after_s);
	}
	snprintf(buf, sizeof(buf), "%s", sb.buf);
	strbuf_release(&sb);
	str(v, buf);
}

/* ---- the guest's ESXi host refusing memory (struct hv_admission) ----------- */

/* What the group asked still had, of all it had given and had: 0 when it had nothing left. */
static void admission_available_share(const struct oom_event *e, struct fval *v)
{
	const struct hv_admission *a = e->admission;

	if (a && !isnan(a->available_kb) && !isnan(a->occupied_kb) && a->available_kb + a->occupied_kb > 0)
		num(v, a->available_kb / (a->available_kb + a->occupied_kb));
}

/* "4 s after this event", valid until the next call on this thread (as hv.when). */
static void admission_when(const struct oom_event *e, struct fval *v)
{
	static _Thread_local char buf[64];
	struct strbuf sb = STRBUF_INIT;

	if (!e->admission)
		return;
	add_relative(&sb, e->admission->after_s);
	snprintf(buf, sizeof(buf), "%s", sb.buf);
	strbuf_release(&sb);
	str(v, buf);
}

/* ---- sizes of the whole machine, as the report states them ---------------- */

static int64_t info_kb(const struct oom_event *e, const char *key)
{
	int64_t v = info(e, key);

	return v == MT_UNKNOWN ? MT_UNKNOWN : v * (int64_t)PAGE_KB;
}

/*
 * Shared memory and tmpfs: "shmem:" from 2.6.32.  2.6.28 to 2.6.31 split
 * the LRU but print no shmem; their page cache ("N total pagecache pages")
 * is the file LRU, the swap cache and the swap-backed pages (tmpfs, shared
 * memory, GEM objects), so the last is what the first two leave.  It holds
 * ramfs and mlocked files too: an upper bound, close when they are small.
 */
static int64_t shmem_kb(const struct oom_event *e)
{
	int64_t shmem = info(e, "shmem"), cache = kv_get(&e->totals, "pagecache_pages"),
		swapcache = kv_get(&e->totals, "swap_cache_pages"), af = info(e, "active_file"),
		inf = info(e, "inactive_file"), rest;

	if (shmem != MT_UNKNOWN)
		return shmem * (int64_t)PAGE_KB;
	if (cache == MT_UNKNOWN || swapcache == MT_UNKNOWN || af == MT_UNKNOWN || inf == MT_UNKNOWN)
		return MT_UNKNOWN;
	rest = cache - swapcache - af - inf;
	return rest > 0 ? rest * (int64_t)PAGE_KB : 0;
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

/* The page cache on the LRU lists (2.6.28+; before, "active:" mixed it with anonymous memory). */
static int64_t file_kb(const struct oom_event *e)
{
	int64_t a = info(e, "active_file"), i = info(e, "inactive_file");

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

/* Kernel stacks: on the zone lines up to 4.8, on the node lines ("Node 0 ... kernel_stack:10592kB") since. */
static int64_t kernel_stack_kb(const struct oom_event *e)
{
	int64_t s = zones_sum(e, "kernel_stack", false), sum = 0;
	size_t i;
	bool seen = false;

	if (s != MT_UNKNOWN)
		return s;
	for (i = 0; i < e->nr_node_stats; i++) {
		int64_t x = kv_get(&e->node_stats[i], "kernel_stack");

		if (x != MT_UNKNOWN) {
			sum += x;
			seen = true;
		}
	}
	return seen ? sum : MT_UNKNOWN;
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

/*
 * Low memory that no counter accounts for, kB, on a 32-bit kernel whose
 * zone lines say what each zone holds (3.x+: managed, the LRU lists,
 * kernel stacks, page tables, per-cpu free pages).  Slab is counted per
 * node, but a 32-bit kernel allocates it from low memory only, so all of it
 * is taken off here.  This is what a driver holds of the memory the kernel
 * itself can use, which the whole machine's figure (mem.unaccounted_kb)
 * dilutes in HighMem.
 */
static bool zone_populated(const struct oom_zone *z);

static int64_t lowmem_unaccounted_kb(const struct oom_event *e, int64_t *managed)
{
	static const char *const held[] = { "free", "active_anon", "inactive_anon", "active_file",
					    "inactive_file" };
	static const char *const optional[] = { "unevictable", "kernel_stack", "pagetables", "bounce",
						"free_pcp" };
	int64_t whole = 0, part = 0, slab = slab_pages(e, false);
	size_t i, k;

	if (!has_highmem(e) || slab == MT_UNKNOWN)
		return MT_UNKNOWN;
	for (i = 0; i < e->nr_zones; i++) {
		const struct oom_zone *z = &e->zones[i];
		int64_t m = oom_zone_field(z, "managed");

		if (!strcmp(z->name, "HighMem") || !zone_populated(z))
			continue;
		if (m == MT_UNKNOWN)
			return MT_UNKNOWN;
		whole += m;
		for (k = 0; k < ARRAY_SIZE(held); k++) {
			if (oom_zone_field(z, held[k]) == MT_UNKNOWN)
				return MT_UNKNOWN;
			part += oom_zone_field(z, held[k]);
		}
		for (k = 0; k < ARRAY_SIZE(optional); k++)
			if (oom_zone_field(z, optional[k]) != MT_UNKNOWN)
				part += oom_zone_field(z, optional[k]);
	}
	part += slab * (int64_t)PAGE_KB;
	if (managed)
		*managed = whole;
	return whole > part ? whole - part : 0;
}

static void lowmem_unaccounted(const struct oom_event *e, struct fval *v, bool share)
{
	int64_t managed = 0, kb = lowmem_unaccounted_kb(e, &managed);

	if (kb == MT_UNKNOWN)
		return;
	if (!share)
		num(v, (double)kb);
	else if (managed > 0)
		share_of(v, kb, managed);
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

/* ---- memory in no counter -------------------------------------------------- */

/* @key summed over the zone lines, MT_UNKNOWN unless every zone line has it. */
static int64_t every_zone_sum(const struct oom_event *e, const char *key)
{
	size_t i;
	int64_t s = 0;

	for (i = 0; i < e->nr_zones; i++) {
		int64_t x = oom_zone_field(&e->zones[i], key);

		if (x == MT_UNKNOWN)
			return MT_UNKNOWN;
		s += x;
	}
	return e->nr_zones ? s : MT_UNKNOWN;
}

/* @key (kB) summed over the 4.8+ node lines, MT_UNKNOWN when none has it. */
static int64_t nodes_sum(const struct oom_event *e, const char *key)
{
	size_t i;
	int64_t s = 0;
	bool seen = false;

	for (i = 0; i < e->nr_node_stats; i++) {
		int64_t x = kv_get(&e->node_stats[i], key);

		if (x != MT_UNKNOWN) {
			s += x;
			seen = true;
		}
	}
	return seen ? s : MT_UNKNOWN;
}

/*
 * The memory the page allocator manages, kB: the zones' managed memory
 * (3.8+), else show_mem's "pages RAM" less its "pages reserved", else the
 * zones' present memory, which also holds what the kernel took at boot (its
 * image, the page structs: a few percent).
 */
static int64_t managed_kb(const struct oom_event *e)
{
	int64_t managed = every_zone_sum(e, "managed"), ram = kv_get(&e->totals, "pages_ram"),
		reserved = kv_get(&e->totals, "pages_reserved");

	if (managed != MT_UNKNOWN && managed > 0)
		return managed;
	if (ram != MT_UNKNOWN && ram > 0)
		return (ram - (reserved != MT_UNKNOWN && reserved < ram ? reserved : 0)) * (int64_t)PAGE_KB;
	managed = every_zone_sum(e, "present");
	return managed != MT_UNKNOWN && managed > 0 ? managed : MT_UNKNOWN;
}

/* The LRU lists in pages: by type since 2.6.28 (2.6.28 to 2.6.31 print "Active_anon:"), before Active + inactive. */
static int64_t lru_pages(const struct oom_event *e)
{
	static const char *const optional[] = { "unevictable", "isolated_anon", "isolated_file" };
	int64_t aa = info(e, "active_anon"), ia = info(e, "inactive_anon"), af = info(e, "active_file"),
		inf = info(e, "inactive_file"), n;
	size_t i;

	if (aa == MT_UNKNOWN)
		aa = info(e, "Active_anon");
	if (aa == MT_UNKNOWN && af == MT_UNKNOWN) {
		aa = info(e, "Active"), inf = info(e, "inactive");
		return aa == MT_UNKNOWN || inf == MT_UNKNOWN ? MT_UNKNOWN : aa + inf;
	}
	if (aa == MT_UNKNOWN || ia == MT_UNKNOWN || af == MT_UNKNOWN || inf == MT_UNKNOWN)
		return MT_UNKNOWN;
	n = aa + ia + af + inf;
	for (i = 0; i < ARRAY_SIZE(optional); i++)
		if (info(e, optional[i]) != MT_UNKNOWN)
			n += info(e, optional[i]);
	return n;
}

/*
 * What the report's counters account for, kB: free pages (and, 4.x+, those
 * on the per-cpu lists), the LRU lists, slab, page tables, bounce buffers,
 * kernel_misc_reclaimable (5.14+), kernel stacks (zone lines 2.6.32 to 5.14,
 * node lines after) and huge pages.  What is part of those (mapped, shmem,
 * dirty, writeback, the swap cache, free_cma) is not added again.
 * MT_UNKNOWN without free memory, the LRU lists or slab.
 */
static int64_t accounted_kb(const struct oom_event *e)
{
	static const char *const optional[] = { "free_pcp", "pagetables", "sec_pagetables", "bounce",
						"kernel_misc_reclaimable" };
	int64_t free = info(e, "free"), lru = lru_pages(e), slab = slab_pages(e, false), pages, kb, x;
	size_t i;

	if (free == MT_UNKNOWN || lru == MT_UNKNOWN || slab == MT_UNKNOWN)
		return MT_UNKNOWN;
	pages = free + lru + slab;
	for (i = 0; i < ARRAY_SIZE(optional); i++)
		if (info(e, optional[i]) != MT_UNKNOWN)
			pages += info(e, optional[i]);
	kb = pages * (int64_t)PAGE_KB;
	if ((x = zones_sum(e, "kernel_stack", false)) != MT_UNKNOWN ||
	    (x = nodes_sum(e, "kernel_stack")) != MT_UNKNOWN)
		kb += x;
	if ((x = nodes_sum(e, "shadow_call_stack")) != MT_UNKNOWN)
		kb += x;
	if ((x = hugepages_kb(e)) != MT_UNKNOWN)
		kb += x;
	return kb;
}

/*
 * Managed memory that no counter of the report accounts for, kB: pages a
 * driver or the kernel took straight from the page allocator (a leak, a
 * balloon, vmalloc, per-cpu areas, GPU or CMA buffers).  The counters are
 * read without locks, so they may pass the whole by a little: then 0.
 */
static int64_t unaccounted_kb(const struct oom_event *e)
{
	int64_t whole = managed_kb(e), part = accounted_kb(e);

	if (whole == MT_UNKNOWN || part == MT_UNKNOWN)
		return MT_UNKNOWN;
	return whole > part ? whole - part : 0;
}

/* ---- the zones an allocation may use ---------------------------------------- */

/* The kernel's zone types in their order (enum zone_type); zones of other names are left out. */
static const char *const zone_types[] = { "DMA", "DMA32", "Normal", "HighMem", "Movable" };
enum { ZT_DMA, ZT_DMA32, ZT_NORMAL, ZT_HIGHMEM, ZT_MOVABLE };

static int zone_type(const struct oom_zone *z)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(zone_types); i++)
		if (!strcmp(z->name, zone_types[i]))
			return (int)i;
	return -1;
}

static bool zone_populated(const struct oom_zone *z)
{
	int64_t p = oom_zone_field(z, "present");

	return p != MT_UNKNOWN ? p > 0 : oom_zone_field(z, "free") > 0;
}

static bool has_zone(const struct oom_event *e, const char *name)
{
	size_t i;

	for (i = 0; i < e->nr_zones; i++)
		if (!strcmp(e->zones[i].name, name))
			return true;
	return false;
}

/* What of the zones an allocation may take. */
struct alloc_req {
	int top;                     /* the highest zone type it may use */
	bool movable;                /* it may take free CMA (ALLOC_CMA) */
	bool harder;                 /* it may take the high-order atomic reserve (ALLOC_HARDER) */
};

/*
 * The allocation, from the zone bits of its gfp mask as gfp_zone() reads
 * them: __GFP_DMA the DMA zone; __GFP_DMA32 DMA32, or Normal on kernels
 * without that zone (32-bit); __GFP_HIGHMEM HighMem, and with __GFP_MOVABLE
 * also the Movable zone; none of them Normal.  Only atomic requests (which
 * never start the OOM killer) may take the high-order atomic reserve, so an
 * allocation failure is given it.  False when the mask is not known, or
 * means nothing (SysRq-f's order=-1).
 */
static bool alloc_req_of(const struct oom_event *e, struct alloc_req *r)
{
	unsigned long mask;

	if (!e->nr_zones || e->order == -1 || !gfp_parse(e->gfp_mask, &mask))
		return false;
	r->movable = (mask & GFP_BIT_MOVABLE) != 0;
	r->harder = e->type == OOM_ALLOC_FAILURE;
	if (mask & GFP_BIT_DMA)
		r->top = ZT_DMA;
	else if (mask & GFP_BIT_DMA32)
		r->top = has_zone(e, "DMA32") ? ZT_DMA32 : ZT_NORMAL;
	else if (mask & GFP_BIT_HIGHMEM)
		r->top = r->movable ? ZT_MOVABLE : ZT_HIGHMEM;
	else
		r->top = ZT_NORMAL;
	return true;
}

/* The highest populated zone of @z's node the allocation may use: the kernel's classzone. */
static const struct oom_zone *class_zone(const struct oom_event *e, const struct oom_zone *z, int top)
{
	const struct oom_zone *best = NULL;
	size_t i;

	for (i = 0; i < e->nr_zones; i++) {
		const struct oom_zone *c = &e->zones[i];
		int t = zone_type(c);

		if (c->node == z->node && t >= 0 && t <= top && zone_populated(c) &&
		    (!best || t > zone_type(best)))
			best = c;
	}
	return best;
}

/*
 * What the kernel keeps of @z from an allocation of classzone @cz, kB:
 * the entry of @z's reserve array for that classzone, which the watermark
 * check adds to min.  Up to 2.6.11 "protections[]" has one entry per zone
 * of DMA, Normal, HighMem, indexed by the classzone (and on 2.6.8 already
 * holds the zone's low watermark).  "lowmem_reserve[]" has one entry per
 * configured zone type, the unpopulated ones too, which the report may not
 * print; the classzone's own array is 0 up to its index and stays 0 over the
 * empty zones above it, where @z's entries do not grow either, so the last
 * of those leading zeros is the index.  0 when the report prints no arrays.
 */
static int64_t zone_reserve_kb(const struct oom_zone *z, const struct oom_zone *cz)
{
	static const int protection_index[] = { [ZT_DMA] = 0, [ZT_DMA32] = -1, [ZT_NORMAL] = 1,
						[ZT_HIGHMEM] = 2, [ZT_MOVABLE] = -1 };
	long k = -1;

	if (!cz || !z->nr_reserve)
		return 0;
	if (z->reserve_is_protections) {
		k = protection_index[zone_type(cz)];
	} else {
		while ((size_t)(k + 1) < cz->nr_reserve && cz->reserve[k + 1] == 0)
			k++;
	}
	return k >= 0 && (size_t)k < z->nr_reserve ? z->reserve[k] * (int64_t)PAGE_KB : 0;
}

/*
 * The high-order atomic reserve of @z, kB: printed from 5.5 (reserved_highatomic);
 * before, free blocks tagged (H) in its buddy line show at least one pageblock
 * reserved (reserve_highatomic_pageblock() reserves whole pageblocks), and a
 * pageblock is at least 2 MiB (order 9 of 4 KiB pages: x86, arm64; order 10 on
 * 32-bit ARM), so 2 MiB is a lower bound.  *bound: the figure is that bound.
 */
#define PAGEBLOCK_MIN_KB 2048
static int64_t zone_highatomic_kb(const struct oom_zone *z, bool *bound)
{
	int64_t atomic = oom_zone_field(z, "reserved_highatomic");

	*bound = false;
	if (atomic != MT_UNKNOWN)
		return atomic;
	for (size_t o = 0; o < z->nr_buddy; o++)
		if (z->buddy_types[o] & OOM_MT_HIGHATOMIC) {
			*bound = true;
			return PAGEBLOCK_MIN_KB;
		}
	return 0;
}

/*
 * Free memory of @z the allocation may take, kB: free CMA only for movable
 * requests, the high-order atomic reserve only for atomic ones.
 */
static int64_t zone_free_for(const struct oom_zone *z, const struct alloc_req *r)
{
	int64_t f = oom_zone_field(z, "free"), cma = oom_zone_field(z, "free_cma");
	bool bound;

	if (f == MT_UNKNOWN)
		return f;
	if (!r->movable && cma != MT_UNKNOWN)
		f -= cma;
	if (!r->harder)
		f -= zone_highatomic_kb(z, &bound);
	return f > 0 ? f : 0;
}

/* Whether @z could not serve the allocation: under min plus its reserve, or given up by reclaim. */
static bool zone_short_for(const struct oom_zone *z, int64_t reserve_kb, const struct alloc_req *r)
{
	int64_t f = zone_free_for(z, r), m = oom_zone_field(z, "min");

	if (z->all_unreclaimable && !strcmp(z->all_unreclaimable, "yes"))
		return true;
	return f != MT_UNKNOWN && m != MT_UNKNOWN && f < m + reserve_kb;
}

enum usable_part {
	USABLE_NAMES, USABLE_FREE, USABLE_SHORT, USABLE_TEXT, UNUSABLE_NAMES, UNUSABLE_FREE, UNUSABLE_ABOVE_HIGH
};

/* "DMA (4.0 MiB free, min 60 KiB, reclaim had given up on it)" */
static void describe_zone(struct strbuf *sb, const struct oom_zone *z, int64_t reserve_kb,
			  const struct alloc_req *r)
{
	int64_t f = zone_free_for(z, r), m = oom_zone_field(z, "min");
	bool bound, cma = !r->movable && oom_zone_field(z, "free_cma") > 0,
	     atomic = !r->harder && zone_highatomic_kb(z, &bound) > 0;

	strbuf_addf(sb, "%s%s (", sb->len ? ", " : "", z->name);
	if (f == MT_UNKNOWN) {
		strbuf_addstr(sb, "free unknown");
	} else {
		strbuf_add_kb(sb, (double)f);
		strbuf_addstr(sb, " free");
		if (cma || atomic)
			strbuf_addf(sb, " outside %s%s%s%s", cma ? "CMA" : "", cma && atomic ? " and " : "",
				    atomic ? "the high-order atomic reserve" : "",
				    atomic && bound ? " (at least one 2 MiB pageblock: this kernel prints no size)" : "");
	}
	if (m != MT_UNKNOWN) {
		strbuf_addstr(sb, ", min ");
		strbuf_add_kb(sb, (double)m);
		if (reserve_kb) {
			strbuf_addstr(sb, " + ");
			strbuf_add_kb(sb, (double)reserve_kb);
			strbuf_addstr(sb, " kept from it");
		}
	}
	if (z->all_unreclaimable && !strcmp(z->all_unreclaimable, "yes"))
		strbuf_addstr(sb, ", reclaim had given up on it");
	strbuf_addch(sb, ')');
}

/*
 * The populated zones the allocation may use, or those it may not (above
 * its highest zone type), as names, free memory, how many could not serve
 * it, or in words.
 */
static void usable_zones(const struct oom_event *e, enum usable_part part, struct fval *v)
{
	struct strbuf sb = STRBUF_INIT;
	bool want_usable = part < UNUSABLE_NAMES;
	struct alloc_req r;
	size_t i, seen = 0, nshort = 0, nhigh = 0;
	int64_t free_kb = 0;

	if (!alloc_req_of(e, &r))
		return;
	for (i = 0; i < e->nr_zones; i++) {
		const struct oom_zone *z = &e->zones[i];
		int t = zone_type(z);
		int64_t reserve, f;

		if (t < 0 || !zone_populated(z) || (t <= r.top) != want_usable)
			continue;
		seen++;
		reserve = want_usable ? zone_reserve_kb(z, class_zone(e, z, r.top)) : 0;
		f = want_usable ? zone_free_for(z, &r) : oom_zone_field(z, "free");
		if (f != MT_UNKNOWN)
			free_kb += f;
		nshort += want_usable && zone_short_for(z, reserve, &r);
		nhigh += f != MT_UNKNOWN && oom_zone_field(z, "high") != MT_UNKNOWN && f > oom_zone_field(z, "high");
		if (part == USABLE_TEXT)
			describe_zone(&sb, z, reserve, &r);
		else if (part == USABLE_NAMES || part == UNUSABLE_NAMES)
			strbuf_addf(&sb, "%s%s", sb.len ? ", " : "", z->name);
	}
	if (part == USABLE_FREE || part == UNUSABLE_FREE)
		num(v, (double)free_kb);
	else if (part == USABLE_SHORT && seen)
		num(v, (double)nshort);
	else if (part == UNUSABLE_ABOVE_HIGH && seen)
		num(v, (double)(nhigh == seen));
	else if (sb.len) {
		snprintf(v->buf, sizeof(v->buf), "%s", sb.buf);
		str(v, v->buf);
	}
	strbuf_release(&sb);
}

/*
 * The free blocks of the request's order or larger that it may take, in
 * the zones it may use that are above their watermark for it (0 when none
 * is).  From 4.4 the watermark check of a multi-page request passes such
 * a zone when it holds one
 * (__zone_watermark_ok(): a non-empty list at the order or above, of the
 * unmovable, movable or reclaimable type, CMA with ALLOC_CMA, the
 * high-order atomic reserve with ALLOC_HARDER).  The buddy line names the
 * types that have blocks at each order (3.10+), not how many each has: an
 * order that names one the request may take counts all its blocks, so 0 is
 * exact and more is at most.  A line without types counts every block.
 * Unknown when a zone it may use has no buddy line.
 * @largest: instead, the size of the largest of those blocks of any order,
 * kB: what a report that prints no order (up to 2.6.11) still tells of the
 * request that failed.
 */
static void usable_free_blocks(const struct oom_event *e, bool largest, struct fval *v)
{
	unsigned may = OOM_MT_UNMOVABLE | OOM_MT_MOVABLE | OOM_MT_RECLAIMABLE | OOM_MT_RESERVE;
	struct alloc_req r;
	double blocks = 0;
	size_t i, o, seen = 0;

	if ((!largest && e->order < 0) || !alloc_req_of(e, &r))
		return;
	may |= (r.movable ? OOM_MT_CMA : 0) | (r.harder ? OOM_MT_HIGHATOMIC : 0);
	for (i = 0; i < e->nr_zones; i++) {
		const struct oom_zone *z = &e->zones[i];
		int t = zone_type(z);

		if (t < 0 || t > r.top || !zone_populated(z))
			continue;
		if (!z->nr_buddy && z->buddy_total_kb != 0)
			return; /* no buddy line ("empty" is one) */
		seen++;
		if (zone_short_for(z, zone_reserve_kb(z, class_zone(e, z, r.top)), &r))
			continue;
		for (o = largest ? 0 : (size_t)e->order; o < z->nr_buddy; o++)
			if (z->buddy[o] && (!z->buddy_typed || (z->buddy_types[o] & may))) {
				if (largest && ldexp(PAGE_KB, (int)o) > blocks)
					blocks = ldexp(PAGE_KB, (int)o);
				else if (!largest)
					blocks += (double)z->buddy[o];
			}
	}
	if (seen)
		num(v, blocks);
}

/*
 * The zones' free CMA: its share of their free memory, or in words, "of the
 * 540.5 MiB free in HighMem, 512.0 MiB is CMA" for each zone that has some
 * (free_cma, 3.x+; counted a moment apart from free, it may exceed it).
 */
static void zones_free_cma(const struct oom_event *e, bool words, struct fval *v)
{
	struct strbuf sb = STRBUF_INIT;
	double free_kb = 0, cma_kb = 0;
	size_t i, seen = 0;

	for (i = 0; i < e->nr_zones; i++) {
		const struct oom_zone *z = &e->zones[i];
		int64_t f = oom_zone_field(z, "free"), c = oom_zone_field(z, "free_cma");

		if (f == MT_UNKNOWN || c == MT_UNKNOWN)
			continue;
		seen++;
		free_kb += (double)f;
		cma_kb += (double)(c < f ? c : f);
		if (!words || c <= 0)
			continue;
		strbuf_addstr(&sb, sb.len ? "; " : "");
		if (c >= f) {
			strbuf_addstr(&sb, "the ");
			strbuf_add_kb(&sb, (double)f);
			strbuf_addf(&sb, " free in %s is all CMA", z->name);
		} else {
			strbuf_addstr(&sb, "of the ");
			strbuf_add_kb(&sb, (double)f);
			strbuf_addf(&sb, " free in %s, ", z->name);
			strbuf_add_kb(&sb, (double)c);
			strbuf_addstr(&sb, " is CMA");
		}
	}
	if (words && sb.len) {
		snprintf(v->buf, sizeof(v->buf), "%s", sb.buf);
		str(v, v->buf);
	} else if (!words && seen && free_kb > 0) {
		num(v, cma_kb / free_kb);
	}
	strbuf_release(&sb);
}

/* 1 when the zone lines print protections[] (up to 2.6.11: vm.lower_zone_protection), 0 for lowmem_reserve[]. */
static void zones_protections(const struct oom_event *e, struct fval *v)
{
	size_t i;

	for (i = 0; i < e->nr_zones; i++)
		if (e->zones[i].nr_reserve) {
			num(v, e->zones[i].reserve_is_protections);
			return;
		}
}

/* ---- the task table: who held the memory ----------------------------------- */

static int cmp_program_kb(const void *x, const void *y)
{
	const struct program *a = x, *b = y;

	return a->kb < b->kb ? 1 : a->kb > b->kb ? -1 : strcmp(a->name, b->name);
}

/*
 * A row of the task table, its name and memory.  A table keeps each name
 * once (oom_task_add()), so rows of one name have the same pointer and are
 * grouped by it, without comparing the text.
 */
struct task_kb {
	const char *name;
	int64_t kb;
};

static int cmp_task_name_at(const void *x, const void *y)
{
	uintptr_t a = (uintptr_t)((const struct task_kb *)x)->name, b = (uintptr_t)((const struct task_kb *)y)->name;

	return a < b ? -1 : a > b;
}

/* Row @row's memory in kB: rss plus swapents, the pages it had in swap. */
static int64_t task_kb(const struct oom_event *e, size_t row, int rss, int swp)
{
	int64_t kb = oom_task_val(&e->tasks, row, (size_t)rss) * (int64_t)PAGE_KB;
	int64_t swapped = swp >= 0 ? oom_task_val(&e->tasks, row, (size_t)swp) : MT_UNKNOWN;

	if (swapped != MT_UNKNOWN && swapped > 0)
		kb += swapped * (int64_t)PAGE_KB;
	return kb;
}

struct program *event_programs(const struct oom_event *e, size_t *nr)
{
	int rss = oom_event_task_col(e, "rss"), swp = oom_event_task_col(e, "swapents");
	struct task_kb *rows;
	struct program *out;
	size_t i, n = 0;

	*nr = 0;
	if (rss < 0 || !e->nr_tasks)
		return NULL;
	rows = xcalloc(e->nr_tasks, sizeof(*rows));
	for (i = 0; i < e->nr_tasks; i++)
		rows[i] = (struct task_kb){ oom_task_name(&e->tasks, i), task_kb(e, i, rss, swp) };
	qsort(rows, e->nr_tasks, sizeof(*rows), cmp_task_name_at);
	out = xcalloc(e->nr_tasks, sizeof(*out));
	for (i = 0; i < e->nr_tasks; i++) {
		if (!n || out[n - 1].name != rows[i].name)
			out[n++] = (struct program){ rows[i].name, 0, 0 };
		out[n - 1].tasks++;
		out[n - 1].kb += rows[i].kb;
	}
	free(rows);
	qsort(out, n, sizeof(*out), cmp_program_kb);
	*nr = n;
	return out;
}

/*
 * What the programs' shares are of, kB: a cgroup's limit for its own OOM
 * (the host's RAM says nothing of an 8 MiB container), else RAM + swap.
 */
static int64_t consumers_whole_kb(const struct oom_event *e)
{
	int64_t limit = kv_get(&e->memcg, "memory_limit_kb"), ram = ram_kb(e), swap = swap_total_kb(e);

	if (e->constraint == CONSTRAINT_MEMCG && limit != MT_UNKNOWN && limit > 0)
		return limit;
	return ram == MT_UNKNOWN ? MT_UNKNOWN : ram + (swap == MT_UNKNOWN ? 0 : swap);
}

/*
 * The programs' memory together: the rows' sum, without grouping them
 * (event_programs()).  A table without a swapents column (before 3.6)
 * leaves out what the programs had in swap; the swap in use is counted in
 * its place, as swapped pages are the programs' anonymous memory (and
 * tmpfs, which a full swap rarely is).
 */
static void tasks_user_kb(const struct oom_event *e, struct fval *v, bool share)
{
	int rss = oom_event_task_col(e, "rss"), swp = oom_event_task_col(e, "swapents");
	int64_t sum = 0, swap = swap_total_kb(e), whole = consumers_whole_kb(e);
	int64_t swap_free = kv_get(&e->totals, "swap_free_kb");
	size_t i;

	if (rss < 0 || !e->nr_tasks)
		return;
	for (i = 0; i < e->nr_tasks; i++)
		sum += task_kb(e, i, rss, swp);
	/* the host's swap: not a cgroup's, whose share is of its own limit */
	if (swp < 0 && e->constraint != CONSTRAINT_MEMCG && swap != MT_UNKNOWN && swap_free != MT_UNKNOWN &&
	    swap > swap_free)
		sum += swap - swap_free;
	if (!share)
		num(v, (double)sum);
	else if (whole != MT_UNKNOWN)
		share_of(v, sum, whole);
}

enum top_part { TOP_NAME, TOP_KB, TOP_TASKS, TOP_SHARE, TOP_IS_VICTIM };

static void tasks_top(const struct oom_event *e, struct fval *v, enum top_part part)
{
	size_t n;
	struct program *p = event_programs(e, &n);
	int64_t whole = consumers_whole_kb(e);

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
		if (whole != MT_UNKNOWN)
			share_of(v, p[0].kb, whole);
		break;
	case TOP_IS_VICTIM:
		if (e->victim_comm)
			num(v, !strcmp(p[0].name, e->victim_comm));
		break;
	}
	free(p);
}

/*
 * "mysqld 19.7 GiB (63%), java 10.4 GiB (33%)": the top three programs,
 * with their share of RAM + swap (of the limit, for a cgroup's OOM).
 */
static void tasks_top_text(const struct oom_event *e, struct fval *v)
{
	size_t n, i;
	struct program *p = event_programs(e, &n);
	int64_t whole = consumers_whole_kb(e);
	struct strbuf sb = STRBUF_INIT;

	if (!p)
		return;
	for (i = 0; i < n && i < 3 && p[i].kb > 0; i++) {
		if (i)
			strbuf_addstr(&sb, ", ");
		strbuf_addstr(&sb, p[i].name);
		if (p[i].tasks > 1)
			strbuf_addf(&sb, " x%zu", p[i].tasks);
		strbuf_addch(&sb, ' ');
		strbuf_add_kb(&sb, (double)p[i].kb);
		/* rss counts shared pages in every task that maps them: a sum can pass 100% */
		if (whole != MT_UNKNOWN && whole > 0 && 200 * p[i].kb < whole)
			strbuf_addstr(&sb, " (<1%)");
		else if (whole != MT_UNKNOWN && whole > 0 && p[i].kb < whole)
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

/*
 * Whether a zone the allocation may use holds high-order atomic reserve
 * blocks ("(H)" in its buddy line) whose size the report does not print
 * (reserved_highatomic, 5.5+): its watermark check took the reserve out of
 * the free memory (unless the request was atomic), by how much is unknown.
 */
static bool highatomic_size_unknown(const struct oom_event *e)
{
	struct alloc_req r;

	if (!alloc_req_of(e, &r) || r.harder)
		return false;
	for (size_t i = 0; i < e->nr_zones; i++) {
		const struct oom_zone *z = &e->zones[i];
		int t = zone_type(z);

		if (t < 0 || t > r.top || !zone_populated(z) || oom_zone_field(z, "reserved_highatomic") != MT_UNKNOWN)
			continue;
		for (size_t o = 0; o < z->nr_buddy; o++)
			if (z->buddy_types[o] & OOM_MT_HIGHATOMIC)
				return true;
	}
	return false;
}


/*
 * A report that lacks nothing and fits no cause rule: the figures the cause
 * rules weigh, so the reader sees what was judged (its gfp flags are on the
 * event's own line).
 */
static void report_seen(const struct oom_event *e, struct strbuf *sb)
{
	struct fval fv;
	size_t shows;

	strbuf_reset(sb);
	strbuf_addstr(sb, "the report has what the rules read, and it shows ");
	shows = sb->len;
	/* each through event_field_get(), which clears fv: an unknown field is not the last one's value */
	event_field_get(e, "order", &fv);
	if (fv.kind == FV_NUM)
		strbuf_addf(sb, "an order-%.0f request, ", fv.num);
	event_field_get(e, "mem.free_kb", &fv);
	if (fv.kind == FV_NUM) {
		strbuf_add_kb(sb, fv.num);
		strbuf_addstr(sb, " free, ");
	}
	event_field_get(e, "zones.below_min", &fv);
	if (fv.kind == FV_NUM)
		strbuf_addf(sb, fv.num ? "%.0f zone%s under its min watermark, " : "no zone under its min watermark, ",
			    fv.num, fv.num == 1 ? "" : "s");
	event_field_get(e, "swap.text", &fv);
	if (fv.kind == FV_STR)
		strbuf_addf(sb, "%s, ", fv.str);
	if (sb->len == shows)
		strbuf_addstr(sb, "no figure a cause rule weighs, ");
	strbuf_setlen(sb, sb->len - 2);
}

/* What a diagnosis would need and the report does not have; when nothing is, what it shows. */
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
	else if (e->tasks_headerless)
		strbuf_addf(&sb, "the start of the task table (%zu rows read), ", e->nr_tasks);
	if (kv_get(&e->totals, "swap_total_kb") == MT_UNKNOWN)
		strbuf_addstr(&sb, "the swap totals, ");
	if (highatomic_size_unknown(e))
		strbuf_addstr(&sb, "the size of the high-order atomic reserve (its (H) free blocks show one; kernels print it from 5.5), ");
	if (sb.len > strlen("the report lacks "))
		strbuf_setlen(&sb, sb.len - 2);
	else
		report_seen(e, &sb);
	if (!e->complete && e->incomplete_why)
		strbuf_addf(&sb, " (%s)", e->incomplete_why);
	snprintf(v->buf, sizeof(v->buf), "%s", sb.buf);
	str(v, v->buf);
	strbuf_release(&sb);
}

/* ---- what a recommended sysctl acts on, at this event -------------------------- */

/*
 * Whether the kernel is older than @release: 1, 0, or -1 when the version is
 * unknown.  The host's version (@kernel) first, else the report's own
 * ("CPU: 0 PID: 1 Comm: x Not tainted REL"), which 2.6.9 reports lack.
 */
static int kernel_before(const struct oom_event *e, int64_t kernel, const char *release)
{
	int64_t code = kernel >= 0 ? kernel : e->kernel ? version_code_of(e->kernel) : -1;

	return code < 0 ? -1 : code < version_code_of(release);
}

/* An unknown value with what it lacks, for the effect to say (fval.str of an FV_NONE). */
static void unknown_because(struct fval *v, const char *why)
{
	v->kind = FV_NONE;
	v->str = why;
}

static void known_or_why(struct fval *v, int64_t x, const char *why)
{
	if (x == MT_UNKNOWN)
		unknown_because(v, why);
	else
		num(v, (double)x);
}

#define WHY_KERNEL "the kernel version is not in the inputs (uname -a of a snapshot, or the report's CPU: line, gives it), and which pages count depends on it"

/* free + LRU pages of the HighMem zones, kB: what the dirty limit leaves out (vm.highmem_is_dirtyable 0) */
static int64_t highmem_dirtyable_kb(const struct oom_event *e, bool anon)
{
	static const char *const split_keys[] = { "free", "active_file", "inactive_file", "active_anon", "inactive_anon" };
	static const char *const old_keys[] = { "free", "active", "inactive" };
	int64_t s = 0;
	size_t i, k;

	for (i = 0; i < e->nr_zones; i++) {
		const struct oom_zone *z = &e->zones[i];
		bool split = oom_zone_field(z, "active_file") != MT_UNKNOWN;
		size_t n = split ? (anon ? 5 : 3) : ARRAY_SIZE(old_keys);

		if (strcmp(z->name, "HighMem"))
			continue;
		for (k = 0; k < n; k++) {
			int64_t x = oom_zone_field(z, split ? split_keys[k] : old_keys[k]);

			s += x == MT_UNKNOWN ? 0 : x;
		}
	}
	return s;
}

/*
 * The zones' reserve the dirty limit leaves out since 3.3 (dirty_balance_reserve,
 * totalreserve_pages in 4.8+): per zone its high watermark plus its largest
 * lowmem_reserve[], at most the zone (calculate_totalreserve_pages), kB.
 */
static int64_t total_reserve_kb(const struct oom_event *e)
{
	int64_t s = 0;
	size_t i, k;

	for (i = 0; i < e->nr_zones; i++) {
		const struct oom_zone *z = &e->zones[i];
		int64_t high = oom_zone_field(z, "high"), size = oom_zone_field(z, "managed"), max = 0;

		if (size == MT_UNKNOWN)
			size = oom_zone_field(z, "present");
		if (high == MT_UNKNOWN || z->reserve_is_protections)
			return MT_UNKNOWN;
		for (k = 0; k < z->nr_reserve; k++)
			if (z->reserve[k] > max)
				max = z->reserve[k];
		max = max * (int64_t)PAGE_KB + high;
		s += size != MT_UNKNOWN && max > size ? size : max;
	}
	return s;
}

/* Before 2.6.24 a constant: every zone's pages above its high watermark (nr_free_pagecache_pages). */
static int64_t pagecache_pages_kb(const struct oom_event *e, const char **why)
{
	int64_t s = zones_sum(e, "present", false), h = zones_sum(e, "high", false);

	if (s == MT_UNKNOWN || h == MT_UNKNOWN) {
		*why = "the zones' present and high figures are not in the report (its zone lines give them)";
		return MT_UNKNOWN;
	}
	return s - h;
}

/* 2.6.24 to 2.6.27, reports of "Active:N inactive:N": free + every LRU page (determine_dirtyable_memory). */
static int64_t free_lru_kb(const struct oom_event *e, const char **why)
{
	int64_t free = info(e, "free"), act = info(e, "Active"), ina = info(e, "inactive");

	if (free == MT_UNKNOWN || act == MT_UNKNOWN || ina == MT_UNKNOWN) {
		*why = "the Mem-Info free, Active and inactive counters are not in the report";
		return MT_UNKNOWN;
	}
	return (free + act + ina) * (int64_t)PAGE_KB - highmem_dirtyable_kb(e, true);
}

/*
 * 2.6.28 on, reports of active_file/inactive_file: free + file LRU; before
 * 3.14 also the anonymous LRU, always before 2.6.32 (global_lru_pages) and
 * while swap is free after (global_reclaimable_pages); from 3.3 less the
 * zones' reserve (dirty_balance_reserve, then totalreserve_pages).
 */
static int64_t free_file_kb(const struct oom_event *e, int64_t kernel, const char **why)
{
	int64_t free = info(e, "free"), af = info(e, "active_file"), inf = info(e, "inactive_file");
	int64_t anon = anon_kb(e), swap_free = kv_get(&e->totals, "swap_free_kb"), x, r;
	int before_314 = kernel_before(e, kernel, "3.14");
	bool with_anon;

	if (before_314 < 0) {
		*why = WHY_KERNEL;
		return MT_UNKNOWN;
	}
	if (free == MT_UNKNOWN || inf == MT_UNKNOWN) {
		*why = "the Mem-Info free and file LRU counters are not in the report";
		return MT_UNKNOWN;
	}
	with_anon = before_314 == 1 && (kernel_before(e, kernel, "2.6.32") == 1 ||
					(swap_free != MT_UNKNOWN && swap_free > 0));
	if (with_anon && anon == MT_UNKNOWN) {
		*why = "the Mem-Info anonymous LRU counters are not in the report";
		return MT_UNKNOWN;
	}
	x = (free + af + inf) * (int64_t)PAGE_KB + (with_anon ? anon : 0) - highmem_dirtyable_kb(e, with_anon);
	if (kernel_before(e, kernel, "3.3") == 0) {
		if ((r = total_reserve_kb(e)) == MT_UNKNOWN) {
			*why = "the zones' high watermarks and lowmem_reserve[] are not in the report";
			return MT_UNKNOWN;
		}
		x -= r < x ? r : x;
	}
	return x;
}

/* A report of the era before the anon/file split, whose dirtyable memory is the boot-time constant. */
static int before_dirtyable_lru(const struct oom_event *e, int64_t kernel)
{
	int before = kernel_before(e, kernel, "2.6.24");

	/* protections[] is printed up to 2.6.11 only */
	if (before < 0 && e->nr_zones && e->zones[0].reserve_is_protections)
		return 1;
	return before;
}

/*
 * The memory the dirty ratios are a percentage of, in kB, as the kernel of
 * the report's era counts it (mm/page-writeback.c, get_dirty_limits and
 * global_dirtyable_memory); HighMem left out (vm.highmem_is_dirtyable 0).
 */
static int64_t dirtyable_kb(const struct oom_event *e, int64_t kernel, const char **why)
{
	int old;

	if (info(e, "active_file") != MT_UNKNOWN)
		return free_file_kb(e, kernel, why);
	if ((old = before_dirtyable_lru(e, kernel)) < 0) {
		*why = WHY_KERNEL;
		return MT_UNKNOWN;
	}
	return old ? pagecache_pages_kb(e, why) : free_lru_kb(e, why);
}

/*
 * The ratio the kernel applies for vm.dirty_ratio @ratio: before 2.6.37 at
 * least 5; before 2.6.24 at most half the share of memory processes do not
 * map (get_dirty_limits: unmapped_ratio / 2).  -1 with *why when unknown.
 */
static double effective_dirty_ratio(const struct oom_event *e, int64_t kernel, double ratio,
				    int64_t dirtyable, const char **why)
{
	int floor5 = kernel_before(e, kernel, "2.6.37");

	if (info(e, "active_file") == MT_UNKNOWN && before_dirtyable_lru(e, kernel) == 1) {
		int64_t mapped = info(e, "mapped");
		double unmapped;

		if (mapped == MT_UNKNOWN || dirtyable <= 0) {
			*why = "the Mem-Info mapped counter is not in the report (the 2.6.9-era limit depends on it)";
			return -1;
		}
		unmapped = 100.0 - floor((double)mapped * PAGE_KB * 100.0 / (double)dirtyable);
		if (ratio > floor(unmapped / 2))
			ratio = floor(unmapped / 2);
	}
	if (ratio < 5 && floor5 < 0) {
		*why = WHY_KERNEL;
		return -1;
	}
	return ratio < 5 && floor5 ? 5 : ratio;
}

/* The dirty limit (writers past it write back themselves) or, with @background, where flushing starts. */
static void dirty_limit(const struct oom_event *e, const struct field_ctx *c, struct fval *v, bool background)
{
	const char *why = NULL;
	int64_t d = dirtyable_kb(e, c->kernel, &why);
	double ratio = c->arg;

	if (d == MT_UNKNOWN) {
		unknown_because(v, why);
		return;
	}
	if (!background && (ratio = effective_dirty_ratio(e, c->kernel, ratio, d, &why)) < 0) {
		unknown_because(v, why);
		return;
	}
	num(v, floor(ratio * (double)d / 100.0));
}

/* The populated zones a min watermark of min_free_kbytes is shared by: all but HighMem. */
static bool lowmem_zone(const struct oom_zone *z)
{
	return strcmp(z->name, "HighMem") && oom_zone_field(z, "present") != 0 &&
	       oom_zone_field(z, "min") != MT_UNKNOWN;
}

/* A zone's min watermark less the boost 5.0+ prints in it (and adds to what it prints as min). */
static int64_t zone_min_kb(const struct oom_zone *z)
{
	int64_t m = oom_zone_field(z, "min"), b = oom_zone_field(z, "boost");

	return m - (b == MT_UNKNOWN ? 0 : b);
}

/* What vm.min_free_kbytes was at the event: the min watermarks of the low zones add up to it. */
static int64_t min_sum_kb(const struct oom_event *e)
{
	int64_t s = 0;
	size_t i;
	bool seen = false;

	for (i = 0; i < e->nr_zones; i++)
		if (lowmem_zone(&e->zones[i])) {
			s += zone_min_kb(&e->zones[i]);
			seen = true;
		}
	return seen && s > 0 ? s : MT_UNKNOWN;
}

#define WHY_ZONE_MIN "the zones' min watermarks are not in the report (its zone lines, \"Normal free:... min:...\", give them)"

/*
 * "DMA 64 KiB -> 256 KiB, Normal 3.6 MiB -> 14.5 MiB": each low zone's min
 * watermark now and at vm.min_free_kbytes @c->arg.  The kernel gives each
 * zone a share of min_free_kbytes in proportion to its pages
 * (__setup_per_zone_wmarks), so each scales by new / old, old being the sum.
 */
static void min_at(const struct oom_event *e, const struct field_ctx *c, struct fval *v)
{
	int64_t sum = min_sum_kb(e);
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	int nodes = 0;

	if (sum == MT_UNKNOWN) {
		unknown_because(v, WHY_ZONE_MIN);
		return;
	}
	for (i = 0; i < e->nr_zones; i++)
		if (e->zones[i].node > nodes)
			nodes = e->zones[i].node;
	for (i = 0; i < e->nr_zones; i++) {
		const struct oom_zone *z = &e->zones[i];

		if (!lowmem_zone(z))
			continue;
		if (sb.len)
			strbuf_addstr(&sb, ", ");
		if (nodes > 0)
			strbuf_addf(&sb, "node %d ", z->node);
		strbuf_addf(&sb, "%s ", z->name);
		strbuf_add_kb(&sb, (double)zone_min_kb(z));
		strbuf_addstr(&sb, " -> ");
		strbuf_add_kb(&sb, floor((double)zone_min_kb(z) * c->arg / (double)sum));
	}
	snprintf(v->buf, sizeof(v->buf), "%s", sb.buf);
	str(v, v->buf);
	strbuf_release(&sb);
}

/*
 * What vm.lower_zone_protection @c->arg makes allocations that could use
 * HighMem leave free in zone @name, kB, on 2.6.9 to 2.6.10: every populated
 * zone above it adds its low watermark times the value
 * (setup_per_zone_protection, higherzone_val), on top of the zone's own
 * watermark (__alloc_pages: min + protection[alloc_type]).
 */
static void lzp_protection(const struct oom_event *e, const char *name, const struct field_ctx *c,
			   struct fval *v)
{
	size_t i, at = e->nr_zones;
	double s = 0;

	for (i = 0; i < e->nr_zones; i++)
		if (!strcmp(e->zones[i].name, name))
			at = i;
	if (at == e->nr_zones || !e->zones[at].reserve_is_protections) {
		unknown_because(v, "the report has no 2.6.9-era zone lines (with protections[]) for this zone");
		return;
	}
	for (i = at + 1; i < e->nr_zones; i++) {
		int64_t low = oom_zone_field(&e->zones[i], "low");

		if (oom_zone_field(&e->zones[i], "present") == 0)
			continue;
		if (low == MT_UNKNOWN) {
			unknown_because(v, "a higher zone's low watermark is not in the report");
			return;
		}
		s += (double)low * c->arg;
	}
	num(v, s);
}

static void dirtyable(const struct oom_event *e, const struct field_ctx *c, struct fval *v)
{
	const char *why = NULL;
	int64_t kb = dirtyable_kb(e, c->kernel, &why);

	known_or_why(v, kb, why);
}

typedef void (*field_fn)(const struct oom_event *e, struct fval *v);
typedef void (*field_ctx_fn)(const struct oom_event *e, const struct field_ctx *c, struct fval *v);
typedef void (*field_fn)(const struct oom_event *e, struct fval *v);
typedef void (*field_ctx_fn)(const struct oom_event *e, const struct field_ctx *c, struct fval *v);


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
F(suppressed_before, known(v, e->suppressed_before))
F(suppressed_by, str(v, e->suppressed_by))
F(panic_not_oom, num(v, e->other_panic != NULL))
F(cgroup, str(v, e->cgroup))
F(task_memcg, str(v, e->task_memcg))
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
F(hv_hypervisor, if (e->hv) str(v, e->hv->hypervisor))
F(hv_at_collection, if (e->hv) num(v, e->hv->at_collection))
F(hv_after, if (e->hv && e->hv->has_after) num(v, (double)e->hv->after_s))
F(hv_distance, if (e->hv && e->hv->has_after) num(v, fabs((double)e->hv->after_s)))
F(hv_when, hv_when(e, v))
F(hv_balloon, hv_num(e, offsetof(struct hv_sample, balloon_mb), v))
F(hv_balloon_target, hv_num(e, offsetof(struct hv_sample, balloon_target_mb), v))
F(hv_balloon_share, hv_share(e, v))
F(hv_swapped, hv_num(e, offsetof(struct hv_sample, swapped_mb), v))
F(hv_compressed, hv_num(e, offsetof(struct hv_sample, compressed_mb), v))
F(hv_limit, hv_num(e, offsetof(struct hv_sample, limit_mb), v))
F(hv_reservation, hv_num(e, offsetof(struct hv_sample, reservation_mb), v))
F(hv_memsz, hv_num(e, offsetof(struct hv_sample, memsz_mb), v))
F(hv_limited, hv_limited(e, v))
F(hv_unaccounted_per_balloon, hv_unaccounted_per_balloon(e, v))
F(adm_after, if (e->admission) num(v, (double)e->admission->after_s))
F(adm_distance, if (e->admission) num(v, fabs((double)e->admission->after_s)))
F(adm_when, admission_when(e, v))
F(adm_available, figure_at(e->admission, offsetof(struct hv_admission, available_kb), v))
F(adm_occupied, figure_at(e->admission, offsetof(struct hv_admission, occupied_kb), v))
F(adm_requested, figure_at(e->admission, offsetof(struct hv_admission, requested_kb), v))
F(adm_available_share, admission_available_share(e, v))
F(adm_path, if (e->admission) str(v, e->admission->path))
F(adm_asked_of, if (e->admission) str(v, e->admission->asked_of))
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
F(lowmem_unaccounted_kb, lowmem_unaccounted(e, v, false))
F(lowmem_unaccounted_share, lowmem_unaccounted(e, v, true))
F(highmem_free_cma, zone_sum(e, "HighMem", "free_cma", v))
F(shmem_kb, known(v, shmem_kb(e)))
F(shmem_share, share_of(v, shmem_kb(e), ram_kb(e)))
F(hugepages_kb, known(v, hugepages_kb(e)))
F(hugepages_share, share_of(v, hugepages_kb(e), ram_kb(e)))
F(user_kb, tasks_user_kb(e, v, false))
F(user_share, tasks_user_kb(e, v, true))
F(top, tasks_top_text(e, v))
F(top_name, tasks_top(e, v, TOP_NAME))
F(top_kb, tasks_top(e, v, TOP_KB))
F(top_tasks, tasks_top(e, v, TOP_TASKS))
F(top_share, tasks_top(e, v, TOP_SHARE))
F(top_is_victim, tasks_top(e, v, TOP_IS_VICTIM))
F(gfp_dma, gfp_bit(e, GFP_BIT_DMA, v))
F(gfp_highmem, gfp_bit(e, GFP_BIT_HIGHMEM, v))
F(gfp_names, gfp_names(e, v))
F(pagefault, pagefault(e, v))
F(usable, usable_zones(e, USABLE_NAMES, v))
F(usable_free, usable_zones(e, USABLE_FREE, v))
F(usable_short, usable_zones(e, USABLE_SHORT, v))
F(usable_text, usable_zones(e, USABLE_TEXT, v))
F(usable_blocks, usable_free_blocks(e, false, v))
F(usable_largest_block, usable_free_blocks(e, true, v))
F(free_cma_share, zones_free_cma(e, false, v))
F(free_cma_text, zones_free_cma(e, true, v))
F(gfp_movable, gfp_bit(e, GFP_BIT_MOVABLE, v))
F(unusable, usable_zones(e, UNUSABLE_NAMES, v))
F(unusable_free, usable_zones(e, UNUSABLE_FREE, v))
F(unusable_above_high, usable_zones(e, UNUSABLE_ABOVE_HIGH, v))
F(protections, zones_protections(e, v))
F(unaccounted_kb, known(v, unaccounted_kb(e)))
F(unaccounted_share, share_of(v, unaccounted_kb(e), managed_kb(e)))
F(managed_kb, known(v, managed_kb(e)))
F(mapped_kb, known(v, info_kb(e, "mapped")))
F(file_kb, known(v, file_kb(e)))
F(pagetables_kb, known(v, info_kb(e, "pagetables")))
F(kernel_stack_kb, known(v, kernel_stack_kb(e)))
F(mapped_share, share_of(v, info_kb(e, "mapped"), ram_kb(e)))
F(memcg_version, memcg_version(e, v))
F(missing, report_missing(e, v))
F(engine, (void)e; (void)v) /* the engine fills these in (rule_eval.c) */
F(min_sum, known_or_why(v, min_sum_kb(e), WHY_ZONE_MIN))
F(highmem_low, zone_sum(e, "HighMem", "low", v))
F(dma_present, zone_sum(e, "DMA", "present", v))
#undef F

#define FC(name, body) \
	static void fc_##name(const struct oom_event *e, const struct field_ctx *c, struct fval *v) { body; }
FC(dirtyable, dirtyable(e, c, v))
FC(dirty_limit, dirty_limit(e, c, v, false))
FC(dirty_background, dirty_limit(e, c, v, true))
FC(min_at, min_at(e, c, v))
FC(normal_protection, lzp_protection(e, "Normal", c, v))
FC(dma_protection, lzp_protection(e, "DMA", c, v))
#undef FC

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
	{ "sysrq", f_sysrq, "1 for an OOM forced with SysRq-f: order=-1, or the \"Manual OOM execution\" line right before it" },
	{ "suppressed_before", f_suppressed_before, "messages a kernel rate limit said it suppressed right before the report (\"N callbacks suppressed\")" },
	{ "suppressed_by", f_suppressed_by, "that rate limit's name: printk, __ratelimit, oom_kill_process, warn_alloc..." },
	{ "panic.not_oom", f_panic_not_oom, "1 when a panic not for memory came while the report was printed (or just before, on another CPU)" },
	{ "cgroup", f_cgroup, "the memory cgroup whose limit was hit" },
	{ "task_memcg", f_task_memcg, "the victim's memory cgroup, from the oom-kill: line (4.19+): its systemd unit (/system.slice/NAME.service) or container" },
	{ "kernel", f_kernel, "the kernel release printed in the report" },
	{ "hardware", f_hardware, "the DMI hardware name printed in the report" },
	{ "trace", f_trace, "call trace function names (use contains)" },
	{ "mem.dirty_share", f_dirty_share, "(dirty + writeback) / file LRU pages, a fraction" },
	{ "mem.dirty_kb", f_dirty_kb, "dirty page cache, kB" },
	{ "mem.writeback_kb", f_writeback_kb, "page cache under writeback, kB" },
	{ "mem.slab_unreclaimable_share", f_slab_share, "unreclaimable slab / LRU pages, a fraction" },
	{ "swap.free_kb", f_swap_free, "free swap, kB" },
	{ "swap.total_kb", f_swap_total, "swap space, kB (0: none)" },
	{ "zones.below_min", f_below_min, "how many populated zones (of every node) had free below min" },
	{ "zone.Normal.below_min", f_normal_below_min, "how many Normal zones (one per NUMA node) had free below min" },
	{ "zone.DMA32.below_min", f_dma32_below_min, "how many DMA32 zones (one per NUMA node) had free below min" },
	{ "zone.Normal.free_kb", f_normal_free, "free memory in the Normal zone(s), kB, summed over the nodes" },
	{ "zone.Normal.min_kb", f_normal_min, "the Normal zone(s) min watermark, kB, summed over the nodes" },
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
	{ "esx.admission_after_s", f_adm_after, "when its ESXi host's nearest memory admission failure (vmkernel.log) was, minus the event's time (s): > 0 after the event; absent when none is known" },
	{ "esx.admission_distance_s", f_adm_distance, "how far from the event that failure was (s), either way" },
	{ "esx.admission_when", f_adm_when, "that in words: \"4 s after this event\"" },
	{ "esx.admission_available_kb", f_adm_available, "what the group asked (the host) had available then, kB" },
	{ "esx.admission_occupied_kb", f_adm_occupied, "what it had occupied then, kB" },
	{ "esx.admission_available_share", f_adm_available_share, "available / (available + occupied), a fraction: 0 when the host had nothing left to give" },
	{ "esx.admission_requested_kb", f_adm_requested, "what the refused group asked for, kB" },
	{ "esx.admission_path", f_adm_path, "the refused resource group's path (\"host/vim/vmvisor/hostd:...\"); absent when its line was not found" },
	{ "esx.admission_asked_of", f_adm_asked_of, "the group asked: \"host\" when the host itself had nothing left" },
	{ "hv.hypervisor", f_hv_hypervisor, "whose figures the hypervisor sample holds: vmware, hyperv, kvm, xen" },
	{ "hv.at_collection", f_hv_at_collection, "1 when they are a snapshot's reading (true when it was taken), 0 a capture's sample" },
	{ "hv.after_s", f_hv_after, "when they were true minus the event's time (s): > 0 after the event; absent when either time is unknown" },
	{ "hv.distance_s", f_hv_distance, "how far from the event they were true (s), either way; absent when unknown" },
	{ "hv.when", f_hv_when, "that in words: \"at collection, 3.0 days after this event\"" },
	{ "hv.balloon_mb", f_hv_balloon, "the balloon's size then (MB)" },
	{ "hv.balloon_target_mb", f_hv_balloon_target, "the balloon's target then (MB)" },
	{ "hv.balloon_share", f_hv_balloon_share, "the balloon against the guest's configured memory (else the report's RAM), a fraction" },
	{ "hv.swapped_mb", f_hv_swapped, "the guest's memory the host had swapped out then (MB)" },
	{ "hv.compressed_mb", f_hv_compressed, "the guest's memory the host had compressed then (MB)" },
	{ "hv.limit_mb", f_hv_limit, "the VM's memory limit (MB; -1 none)" },
	{ "hv.reservation_mb", f_hv_reservation, "the VM's memory reservation (MB)" },
	{ "hv.memsz_mb", f_hv_memsz, "the guest's configured memory (MB): the capture's, else DMI's, else MemTotal" },
	{ "hv.limited", f_hv_limited, "1 when the VM's memory limit is below its configured memory" },
	{ "hv.unaccounted_per_balloon", f_hv_unaccounted_per_balloon, "mem.unaccounted_kb over the balloon then (hv.balloon_mb): about 1 when the memory in no counter is the balloon's; absent when the balloon held nothing" },
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
	{ "mem.lowmem_unaccounted_kb", f_lowmem_unaccounted_kb, "low memory (managed, below HighMem) that no counter of its zone lines accounts for, less all slab (32-bit kernels, 3.x+ zone lines), kB: a driver's or a leak's pages" },
	{ "mem.lowmem_unaccounted_share", f_lowmem_unaccounted_share, "mem.lowmem_unaccounted_kb / the low zones' managed memory, a fraction" },
	{ "mem.shmem_kb", f_shmem_kb, "shared memory and tmpfs, kB: shmem (2.6.32+); 2.6.28-2.6.31 the page cache less the swap cache and the file LRU (ramfs and mlocked files included)" },
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
	{ "tasks.user_kb", f_user_kb, "the task table's rss + swapents, summed, kB; a table without swapents (before 3.6) counts the swap in use instead" },
	{ "tasks.user_share", f_user_share, "tasks.user_kb / (RAM + swap; the limit for a cgroup's OOM), a fraction" },
	{ "tasks.top", f_top, "the three biggest programs by rss + swapents, rows of one name summed, with their share of RAM + swap (of the limit for a cgroup's OOM)" },
	{ "tasks.top.name", f_top_name, "the biggest program (rows of one name summed)" },
	{ "tasks.top_kb", f_top_kb, "its rss + swapents, kB" },
	{ "tasks.top.tasks", f_top_tasks, "how many rows of the task table it has" },
	{ "tasks.top.is_victim", f_top_is_victim, "1 when the task killed is of the biggest program (its name), else 0; unknown without a victim" },
	{ "tasks.top_share", f_top_share, "tasks.top_kb / (RAM + swap; the limit for a cgroup's OOM), a fraction" },
	{ "gfp.dma", f_gfp_dma, "1 when the allocation asked for the DMA zone (__GFP_DMA)" },
	{ "gfp.highmem", f_gfp_highmem, "1 when the allocation could use HighMem (__GFP_HIGHMEM)" },
	{ "gfp.movable", f_gfp_movable, "1 when the allocation was movable (__GFP_MOVABLE): it may take free CMA" },
	{ "gfp.names", f_gfp_names, "the gfp flags by name: as printed (4.6+), else decoded for the kernel's era" },
	{ "pagefault", f_pagefault, "1 for the page-fault path's OOM (pagefault_out_of_memory, gfp_mask=0x0)" },
	{ "zones.usable", f_usable, "the populated zones the allocation may use, by the zone bits of its gfp mask: \"DMA\", \"DMA, Normal\"" },
	{ "zones.usable.free_kb", f_usable_free, "their free memory it may take, kB: less free CMA unless the allocation is movable, less the high-order atomic reserve (reserved_highatomic, 5.5+) unless it is an allocation failure" },
	{ "zones.usable.short", f_usable_short, "how many of them could not serve it: free under min + the reserve kept from it (lowmem_reserve[], protections[]), or given up by reclaim (all_unreclaimable)" },
	{ "zones.usable.text", f_usable_text, "those zones in words: \"DMA (4.0 MiB free, min 60 KiB, reclaim had given up on it)\"" },
	{ "zones.usable.free_blocks_at_order", f_usable_blocks, "free blocks of the allocation's order or larger that it may take (by the buddy lists' migrate types: CMA only if movable, the high-order atomic reserve only if atomic) in those zones that are above min + the reserve kept from it (0 when none is); 0 is exact, more is at most (an order's count is not split by type); unknown without their buddy lines" },
	{ "zones.usable.largest_block_kb", f_usable_largest_block, "the largest of those free blocks, of any order, kB (0 when no zone it may use is above min + the reserve kept from it); unknown without their buddy lines" },
	{ "zones.free_cma_share", f_free_cma_share, "the zones' free CMA / their free memory, a fraction (only movable allocations may take CMA)" },
	{ "zones.free_cma.text", f_free_cma_text, "the zones' free CMA in words: \"of the 1.2 GiB free in HighMem, 1.1 GiB is CMA\"" },
	{ "zones.unusable", f_unusable, "the populated zones above the allocation's highest zone, which it cannot use" },
	{ "zones.unusable.free_kb", f_unusable_free, "their free memory, kB (0: there are none)" },
	{ "zones.unusable.above_high", f_unusable_above_high, "1 when every one of them had free memory above its high watermark (no pressure there), else 0; unknown when there are none" },
	{ "zones.protections", f_protections, "1 when the zone lines print protections[] (kernels up to 2.6.11, whose knob is vm.lower_zone_protection), 0 for lowmem_reserve[]" },
	{ "mem.managed_kb", f_managed_kb, "the memory the page allocator manages, kB: the zones' managed, else pages RAM less pages reserved, else the zones' present" },
	{ "mem.unaccounted_kb", f_unaccounted_kb, "mem.managed_kb that no counter of the report accounts for (free, LRU, slab, page tables, kernel stacks, huge pages ...), kB: a leak, a driver's or a balloon's pages" },
	{ "mem.unaccounted_share", f_unaccounted_share, "mem.unaccounted_kb / mem.managed_kb, a fraction" },
	{ "mem.file_kb", f_file_kb, "the page cache on the LRU lists (active_file + inactive_file), kB (2.6.28+)" },
	{ "mem.pagetables_kb", f_pagetables_kb, "page tables (Mem-Info pagetables:), kB" },
	{ "mem.kernel_stack_kb", f_kernel_stack_kb, "kernel stacks, kB: the zones' kernel_stack summed (up to 4.8), else the nodes'" },
	{ "mem.mapped_kb", f_mapped_kb, "pages mapped into processes (Mem-Info mapped:), kB" },
	{ "mem.mapped_share", f_mapped_share, "mem.mapped_kb / RAM, a fraction: the processes' memory on kernels that split no anonymous memory out (before 2.6.28)" },
	{ "memcg.version", f_memcg_version, "1 or 2: the cgroup interface the report shows" },
	{ "cause", f_engine, "the event's primary cause kind (rules/causes.yaml); only rules without a cause of their own can test it" },
	{ "causes", f_engine, "every cause kind that holds for the event, a list (use contains or in)" },
	{ "report.missing", f_missing, "what of the report a diagnosis needs and is missing, in words: \"the report lacks the task table (...)\"" },
	{ "zones.min_sum_kb", f_min_sum, "the low zones' min watermarks (all but HighMem, less 5.0+'s boost) summed, kB: vm.min_free_kbytes at the event" },
	{ "zone.HighMem.low_kb", f_highmem_low, "the HighMem zone(s) low watermark, kB (32-bit kernels)" },
	{ "zone.DMA.present_kb", f_dma_present, "the DMA zone(s) present memory, kB" },
};

/* The fields computed with the host's kernel and, for some, at a sysctl value: what effects use. */
static const struct {
	const char *name;
	field_ctx_fn fn;
	const char *doc;
	bool takes_arg;              /* "NAME(value)" in an effect */
} ctx_fields[] = {
	{ "mem.dirtyable_kb", fc_dirtyable, "what the dirty ratios are a percentage of, kB, as the report's kernel counts it: before 2.6.24 every zone's pages above high; to 2.6.27 free + LRU; 2.6.28 on free + file LRU (+ anon LRU before 3.14 while swap is free, always before 2.6.32), less the zones' reserve from 3.3; HighMem left out", false },
	{ "dirty.limit_kb", fc_dirty_limit, "the dirty limit at vm.dirty_ratio V, kB: V% of mem.dirtyable_kb, V at least 5 before 2.6.37 and at most half the unmapped share before 2.6.24", true },
	{ "dirty.background_kb", fc_dirty_background, "where background writeback starts at vm.dirty_background_ratio V, kB: V% of mem.dirtyable_kb", true },
	{ "zones.min_at", fc_min_at, "each low zone's min watermark now and at vm.min_free_kbytes V, in words: \"DMA 64 KiB -> 256 KiB, Normal ...\" (each zone's share is in proportion to its pages)", true },
	{ "zone.Normal.protection_kb", fc_normal_protection, "what allocations that could use HighMem must leave free in Normal at vm.lower_zone_protection V, kB (2.6.9-2.6.10: HighMem's low watermark x V)", true },
	{ "zone.DMA.protection_kb", fc_dma_protection, "the same for DMA (the low watermarks of Normal and HighMem x V)", true },
};

/* The row of @name: in fields[] (>= 0), in ctx_fields[] (-1 - row), or none (LONG_MIN). */
/*
 * Rules ask for fields by name, once per event and condition: an open
 * hash of the names (built once) instead of a search through both tables.
 * Field k counts fields[] then ctx_fields[]; its slot holds k + 1, an empty
 * slot 0.
 */
#define FIELD_SLOTS 512
static size_t field_slots[FIELD_SLOTS];
static pthread_once_t field_slots_once = PTHREAD_ONCE_INIT;

static size_t name_hash(const char *name)
{
	size_t h = 5381;

	while (*name)
		h = h * 33 ^ (unsigned char)*name++;
	return h;
}

static const char *field_name(size_t k)
{
	return k < ARRAY_SIZE(fields) ? fields[k].name : ctx_fields[k - ARRAY_SIZE(fields)].name;
}

static void field_slots_build(void)
{
	_Static_assert(ARRAY_SIZE(fields) + ARRAY_SIZE(ctx_fields) < FIELD_SLOTS / 2, "the hash has room");
	for (size_t k = 0; k < ARRAY_SIZE(fields) + ARRAY_SIZE(ctx_fields); k++) {
		size_t h = name_hash(field_name(k));

		while (field_slots[h % FIELD_SLOTS])
			h++;
		field_slots[h % FIELD_SLOTS] = k + 1;
	}
}

/* i >= 0: fields[i]; i < 0: ctx_fields[-1 - i]; LONG_MIN: no such field */
static long field_index(const char *name)
{
	pthread_once(&field_slots_once, field_slots_build);
	for (size_t h = name_hash(name);; h++) {
		size_t slot = field_slots[h % FIELD_SLOTS];

		if (!slot)
			return LONG_MIN;
		if (!strcmp(field_name(slot - 1), name))
			return slot - 1 < ARRAY_SIZE(fields) ? (long)(slot - 1)
							      : -1 - (long)(slot - 1 - ARRAY_SIZE(fields));
	}
}

bool event_field_src(const struct oom_event *e, const char *name, struct src_loc *out)
{
	/* by the name's first word; the longer prefix first where two share a start */
	static const struct { const char *prefix; enum oom_part part; } parts[] = {
		{ "mem.lowmem", OOM_PART_ZONES }, { "mem.managed", OOM_PART_ZONES },
		{ "mem.unaccounted", OOM_PART_ZONES }, { "mem.", OOM_PART_MEM_INFO },
		{ "dirty.", OOM_PART_MEM_INFO }, { "zones.", OOM_PART_ZONES },
		{ "zone.", OOM_PART_ZONES }, { "swap.", OOM_PART_SWAP },
		{ "ram_kb", OOM_PART_RAM }, { "tasks.", OOM_PART_TASKS },
		{ "memcg.", OOM_PART_MEMCG }, { "victim.", OOM_PART_KILL },
		{ "task_memcg", OOM_PART_KILL },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(parts); i++) {
		if (strncmp(name, parts[i].prefix, strlen(parts[i].prefix)))
			continue;
		if (!e->part_line[parts[i].part])
			return false;
		out->file = e->src.file;
		out->line = e->part_line[parts[i].part];
		return true;
	}
	return false;
}

bool event_field_known(const char *name)
{
	return field_index(name) != LONG_MIN;
}

bool event_field_takes_arg(const char *name)
{
	long i = field_index(name);

	return i < 0 && i != LONG_MIN && ctx_fields[-1 - i].takes_arg;
}

void event_field_get(const struct oom_event *e, const char *name, struct fval *out)
{
	event_field_get_at(e, name, NULL, out);
}

void event_field_get_at(const struct oom_event *e, const char *name, const struct field_ctx *c,
			struct fval *out)
{
	static const struct field_ctx none = { -1, 0 };
	long i = field_index(name);

	memset(out, 0, sizeof(*out));
	if (i >= 0)
		fields[i].fn(e, out);
	else if (i != LONG_MIN && (c || !ctx_fields[-1 - i].takes_arg))
		ctx_fields[-1 - i].fn(e, c ? c : &none, out);
}

const char *event_field_doc(const char *name)
{
	long i = field_index(name);

	return i >= 0 ? fields[i].doc : i != LONG_MIN ? ctx_fields[-1 - i].doc : "?";
}

void event_field_why(const char *name, const struct fval *fv, struct strbuf *sb)
{
	if (fv->kind == FV_NONE && fv->str)
		strbuf_addstr(sb, fv->str);
	else
		strbuf_addf(sb, "the report does not give %s (%s)", name, event_field_doc(name));
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
	for (i = 0; i < ARRAY_SIZE(ctx_fields); i++)
		fprintf(out, "| `%s%s` | %s |\n", ctx_fields[i].name, ctx_fields[i].takes_arg ? "(V)" : "",
			ctx_fields[i].doc);
}
