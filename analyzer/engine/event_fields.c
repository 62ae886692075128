#include "engine/event_fields.h"

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

typedef void (*field_fn)(const struct oom_event *e, struct fval *v);

#define F(name, body) static void f_##name(const struct oom_event *e, struct fval *v) { body; }
F(type, str(v, oom_type_names[e->type]))
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
#undef F

static const struct {
	const char *name;
	field_fn fn;
	const char *doc;
} fields[] = {
	{ "type", f_type, "oom_kill, oom_panic or alloc_failure" },
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

void event_fields_print(FILE *out)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(fields); i++)
		fprintf(out, "| `%s` | %s |\n", fields[i].name, fields[i].doc);
}
