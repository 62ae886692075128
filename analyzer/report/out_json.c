/*
 * --format json: the machine-readable report, schema "memtriage/1"
 * (docs/memtriage-1.schema.json).  Fields are only ever added to it.
 */
#include "report/report.h"
#include "util/xalloc.h"
#include "engine/event_fields.h"
#include "model/esx_match.h"

#include <math.h>
#include "util/json.h"
#include "util/strbuf.h"

static void kv_object(struct json *j, const char *key, const struct kv_list *l)
{
	size_t i;

	json_key(j, key);
	json_obj_begin(j);
	for (i = 0; i < l->nr; i++)
		json_kv_i64(j, l->items[i].key, l->items[i].val);
	json_obj_end(j);
}

static void src_str(struct json *j, const char *key, const struct src_loc *s)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "%s:%u", s->file ? s->file : "?", s->line);
	json_kv_str(j, key, sb.buf);
	strbuf_release(&sb);
}

static void write_trigger(struct json *j, const struct oom_event *e)
{
	struct fval names;

	json_key(j, "trigger");
	json_obj_begin(j);
	json_kv_str(j, "comm", e->trigger_comm);
	json_kv_i64(j, "pid", e->trigger_pid);
	json_kv_str(j, "gfp_mask", e->gfp_mask);
	json_kv_str(j, "gfp_flags", e->gfp_flags);
	event_field_get(e, "gfp.names", &names);
	json_kv_str(j, "gfp_names", names.kind == FV_STR ? names.str : NULL);
	json_kv_i64(j, "order", e->order);
	json_kv_i64(j, "oom_score_adj", e->oom_score_adj);
	json_kv_str(j, "oom_score_adj_field", e->oom_adj_field);
	json_kv_str(j, "nodemask", e->nodemask);
	json_kv_str(j, "cpuset", e->cpuset);
	json_kv_str(j, "mems_allowed", e->mems_allowed);
	json_key(j, "sysrq");
	json_bool(j, e->sysrq);
	if (e->sysrq_src.line)
		src_str(j, "sysrq_source", &e->sysrq_src);
	else
		json_kv_str(j, "sysrq_source", NULL);
	json_obj_end(j);
}

static void write_victim(struct json *j, const struct oom_event *e)
{
	size_t i;

	json_key(j, "victim");
	if (e->victim_pid == MT_UNKNOWN && e->selected_pid == MT_UNKNOWN && e->type != OOM_USERSPACE_KILL) {
		json_null(j);
		return;
	}
	json_obj_begin(j);
	json_kv_i64(j, "pid", e->victim_pid);
	json_kv_str(j, "comm", e->victim_comm);
	for (i = 0; i < e->victim.nr; i++)
		json_kv_i64(j, e->victim.items[i].key, e->victim.items[i].val);
	json_kv_str(j, "reason", e->kill_reason);
	if (e->type == OOM_USERSPACE_KILL)
		json_kv_str(j, "cgroup", e->task_memcg);
	json_kv_i64(j, "selected_pid", e->selected_pid);
	json_kv_str(j, "selected_comm", e->selected_comm);
	json_kv_i64(j, "score", e->selected_score);
	json_obj_end(j);
}

static void write_zones(struct json *j, const struct oom_event *e)
{
	size_t i, k;

	json_key(j, "zones");
	json_arr_begin(j);
	for (i = 0; i < e->nr_zones; i++) {
		const struct oom_zone *z = &e->zones[i];

		json_obj_begin(j);
		json_kv_i64(j, "node", z->node < 0 ? MT_UNKNOWN : z->node);
		json_kv_str(j, "zone", z->name);
		json_kv_i64(j, "free_kb", oom_zone_field(z, "free"));
		json_kv_i64(j, "min_kb", oom_zone_field(z, "min"));
		json_kv_i64(j, "low_kb", oom_zone_field(z, "low"));
		json_kv_i64(j, "high_kb", oom_zone_field(z, "high"));
		json_kv_i64(j, "present_kb", oom_zone_field(z, "present"));
		json_kv_i64(j, "managed_kb", oom_zone_field(z, "managed"));
		kv_object(j, "fields", &z->fields);
		json_key(j, "all_unreclaimable");
		if (z->all_unreclaimable)
			json_bool(j, !strcmp(z->all_unreclaimable, "yes"));
		else
			json_null(j);
		json_key(j, z->reserve_is_protections ? "protections" : "lowmem_reserve");
		json_arr_begin(j);
		for (k = 0; k < z->nr_reserve; k++)
			json_i64(j, z->reserve[k]);
		json_arr_end(j);
		json_key(j, "buddy");
		json_arr_begin(j);
		for (k = 0; k < z->nr_buddy; k++)
			json_i64(j, z->buddy[k]);
		json_arr_end(j);
		json_kv_i64(j, "buddy_total_kb", z->buddy_total_kb);
		json_obj_end(j);
	}
	json_arr_end(j);
}

static void write_tasks(struct json *j, const struct oom_event *e)
{
	size_t i, c;

	json_key(j, "tasks");
	json_arr_begin(j);
	for (i = 0; i < e->nr_tasks; i++) {
		json_obj_begin(j);
		for (c = 0; c < e->nr_task_cols; c++)
			json_kv_i64(j, e->task_cols[c], oom_task_val(&e->tasks, i, c));
		json_kv_str(j, "name", oom_task_name(&e->tasks, i));
		json_obj_end(j);
	}
	json_arr_end(j);
	json_key(j, "task_columns");
	json_arr_begin(j);
	for (c = 0; c < e->nr_task_cols; c++)
		json_str(j, e->task_cols[c]);
	json_arr_end(j);
	json_kv_i64(j, "tasks_dropped", (int64_t)e->tasks_dropped);
}

/* The unit of a memcg's stats line: v1 prints kB ("cache:121KB"), v2 memory.stat bytes. */
static const char *memcg_stats_unit(const struct oom_event *e)
{
	struct fval fv;

	event_field_get(e, "memcg.version", &fv);
	if (fv.kind != FV_NUM)
		return NULL;
	return fv.num == 2 ? "bytes" : "kB";
}

static void write_memcg(struct json *j, const struct oom_event *e)
{
	size_t i;

	json_key(j, "memcg");
	if (e->memcg.nr) {
		json_obj_begin(j);
		for (i = 0; i < e->memcg.nr; i++)
			json_kv_i64(j, e->memcg.items[i].key, e->memcg.items[i].val);
		json_obj_end(j);
	} else {
		json_null(j);
	}
	json_key(j, "memcg_stats");
	json_arr_begin(j);
	for (i = 0; i < e->nr_memcg_stats; i++) {
		json_obj_begin(j);
		json_kv_str(j, "cgroup", e->memcg_stats[i].cgroup);
		kv_object(j, "stats", &e->memcg_stats[i].stats);
		json_kv_str(j, "unit", memcg_stats_unit(e));
		json_obj_end(j);
	}
	json_arr_end(j);
}

static void write_kill_details(struct json *j, const struct oom_event *e)
{
	json_key(j, "oom_kill_summary");
	if (e->summary.nr || e->summary_task) {
		json_obj_begin(j);
		json_kv_str(j, "task", e->summary_task);
		json_kv_i64(j, "pid", kv_get(&e->summary, "pid"));
		json_kv_i64(j, "uid", kv_get(&e->summary, "uid"));
		json_obj_end(j);
	} else {
		json_null(j);
	}
	json_key(j, "reaper");
	if (e->reaped || e->reap_failed) {
		json_obj_begin(j);
		json_key(j, "reaped");
		json_bool(j, e->reaped);
		json_kv_i64(j, "anon_rss_kb", kv_get(&e->reaper, "anon_rss_kb"));
		json_kv_i64(j, "file_rss_kb", kv_get(&e->reaper, "file_rss_kb"));
		json_kv_i64(j, "shmem_rss_kb", kv_get(&e->reaper, "shmem_rss_kb"));
		json_obj_end(j);
	} else {
		json_null(j);
	}
	json_kv_str(j, "panic", e->panic);
	json_kv_str(j, "other_panic", e->other_panic);
	json_key(j, "suppressed_before");
	if (e->suppressed_before != MT_UNKNOWN) {
		json_obj_begin(j);
		json_kv_str(j, "limit", e->suppressed_by);
		json_kv_i64(j, "count", e->suppressed_before);
		json_obj_end(j);
	} else {
		json_null(j);
	}
}

static void kv_num(struct json *j, const char *key, double v)
{
	json_key(j, key);
	if (isnan(v))
		json_null(j);
	else
		json_double(j, v);
}

static void write_picture(struct json *j, const struct esx_picture *p)
{
	struct mt_time t;
	struct strbuf sb = STRBUF_INIT;

	json_key(j, "vmware");
	if (!p) {
		json_null(j);
		return;
	}
	json_obj_begin(j);
	json_kv_str(j, "capture", p->capture);
	json_kv_str(j, "vm", p->vm);
	mt_time_from_epoch(&t, p->sample_time, -1, 0, true);
	mt_time_format(&t, &sb);
	json_kv_str(j, "sample_time", sb.buf);
	json_kv_i64(j, "sample_before_s", p->before_s);
	kv_num(j, "memsz_mb", p->memsz_mb);
	kv_num(j, "balloon_mb", p->balloon_mb);
	kv_num(j, "balloon_target_mb", p->balloon_target_mb);
	kv_num(j, "balloon_max_mb", p->balloon_max_mb);
	kv_num(j, "swapped_mb", p->swapped_mb);
	kv_num(j, "compressed_mb", p->compressed_mb);
	kv_num(j, "limit_mb", p->limit_mb);
	kv_num(j, "reservation_mb", p->reservation_mb);
	kv_num(j, "host_free_mb", p->host_free_mb);
	kv_num(j, "host_minfree_mb", p->host_minfree_mb);
	kv_num(j, "host_state", p->host_state);
	json_kv_str(j, "host_band", p->host_band);
	json_obj_end(j);
	strbuf_release(&sb);
}

/* An ESXi admission failure's time, ISO 8601 UTC, or null when its line gives none. */
static void kv_epoch(struct json *j, const char *key, int64_t t)
{
	struct strbuf sb = STRBUF_INIT;
	struct mt_time tm;

	json_key(j, key);
	if (!t) {
		json_null(j);
		return;
	}
	mt_time_from_epoch(&tm, t, -1, 0, true);
	mt_time_format(&tm, &sb);
	json_str(j, sb.buf);
	strbuf_release(&sb);
}

/* The figures of one admission failure, the capture's and the event's alike. */
static void admission_figures(struct json *j, const char *path, const char *asked_of, double requested_kb,
			      double occupied_kb, double available_kb)
{
	json_kv_str(j, "path", path);
	json_kv_str(j, "asked_of", asked_of);
	kv_num(j, "requested_kb", requested_kb);
	kv_num(j, "occupied_kb", occupied_kb);
	kv_num(j, "available_kb", available_kb);
}

/* "esx_admission": the guest's ESXi host refusing memory nearest the event (a vmkernel.log); null when none. */
static void write_admission(struct json *j, const struct hv_admission *a)
{
	json_key(j, "esx_admission");
	if (!a) {
		json_null(j);
		return;
	}
	json_obj_begin(j);
	json_kv_str(j, "source", a->source);
	json_kv_i64(j, "line", a->line);
	kv_epoch(j, "time", a->time);
	json_kv_i64(j, "after_s", a->after_s);
	admission_figures(j, a->path, a->asked_of, a->requested_kb, a->occupied_kb, a->available_kb);
	json_obj_end(j);
}

/* "hypervisor_sample": the figures of every hypervisor with when they were true; null when none. */
static void write_hv_sample(struct json *j, const struct oom_event *e)
{
	const struct hv_sample *s = e->hv;
	struct strbuf sb = STRBUF_INIT;
	struct mt_time t;
	struct fval fv;

	json_key(j, "hypervisor_sample");
	if (!s) {
		json_null(j);
		return;
	}
	json_obj_begin(j);
	json_kv_str(j, "hypervisor", s->hypervisor);
	json_kv_str(j, "source", s->source);
	if (s->has_time) {
		mt_time_from_epoch(&t, s->time, -1, 0, true);
		mt_time_format(&t, &sb);
	}
	json_kv_str(j, "time", s->has_time ? sb.buf : NULL);
	json_key(j, "at_collection");
	json_bool(j, s->at_collection);
	json_key(j, "after_s");
	if (s->has_after)
		json_i64(j, s->after_s);
	else
		json_null(j);
	kv_num(j, "balloon_mb", s->balloon_mb);
	kv_num(j, "balloon_target_mb", s->balloon_target_mb);
	event_field_get(e, "hv.balloon_share", &fv);
	kv_num(j, "balloon_share", fv.kind == FV_NUM ? fv.num : NAN);
	kv_num(j, "swapped_mb", s->swapped_mb);
	kv_num(j, "compressed_mb", s->compressed_mb);
	kv_num(j, "limit_mb", s->limit_mb);
	kv_num(j, "reservation_mb", s->reservation_mb);
	kv_num(j, "host_free_mb", s->host_free_mb);
	kv_num(j, "memsz_mb", s->memsz_mb);
	json_obj_end(j);
	strbuf_release(&sb);
}

/* A figure of a cause: a number as the field gives it (kB, fractions), or text; null when unknown. */
static void write_figure(struct json *j, const char *name, const struct fval *fv)
{
	size_t i;

	json_key(j, name);
	switch (fv->kind) {
	case FV_NUM:
		json_double(j, fv->num);
		break;
	case FV_STR:
		json_str(j, fv->str);
		break;
	case FV_LIST:
		json_arr_begin(j);
		for (i = 0; i < fv->nr; i++)
			json_str(j, fv->list[i]);
		json_arr_end(j);
		break;
	default:
		json_null(j);
	}
}

/* "FILE:LINE" of each place, as an array under @key. */
static void write_locs(struct json *j, const char *key, const struct src_loc *locs, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	json_key(j, key);
	json_arr_begin(j);
	for (i = 0; i < n; i++) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s:%u", locs[i].file, locs[i].line);
		json_str(j, sb.buf);
	}
	json_arr_end(j);
	strbuf_release(&sb);
}

/* An event field as a whole number of kB under @key, null when the report's figures do not give it. */
static void write_field_kb(struct json *j, const char *key, const struct oom_event *e, const char *field)
{
	struct fval fv;

	event_field_get(e, field, &fv);
	json_key(j, key);
	if (fv.kind == FV_NUM)
		json_i64(j, (int64_t)fv.num);
	else
		json_null(j);
}

/* "memory": the event's memory in kB, every size in one unit, null when the report cannot give it. */
static void write_memory(struct json *j, const struct oom_event *e)
{
	size_t i;

	json_key(j, "memory");
	json_obj_begin(j);
	for (i = 0; i < nr_mem_parts; i++)
		json_kv_i64(j, mem_parts[i].key, event_kb(e, mem_parts[i].field));
	json_obj_end(j);
}

/* The biggest programs of the task table, rows of one name summed, rss + swap in kB. */
static void write_top_consumers(struct json *j, const struct oom_event *e)
{
	size_t n, i;
	struct program *p = event_programs(e, &n);

	json_key(j, "top_consumers");
	if (!p) {
		json_null(j);
		return;
	}
	json_arr_begin(j);
	for (i = 0; i < n && i < 5; i++) {
		json_obj_begin(j);
		json_kv_str(j, "name", p[i].name);
		json_kv_i64(j, "tasks", (int64_t)p[i].tasks);
		json_kv_i64(j, "memory_kb", p[i].kb);
		json_obj_end(j);
	}
	json_arr_end(j);
	free(p);
}

static void write_cause(struct json *j, const struct oom_event *e, const struct event_cause *c,
			const struct ruleset *rs)
{
	size_t k;

	json_key(j, "cause");
	if (!c || c->kind < 0) {
		json_null(j);
		return;
	}
	json_obj_begin(j);
	json_kv_str(j, "kind", rs->kinds[c->kind].name);
	json_kv_str(j, "summary", c->summary);
	json_kv_str(j, "rule", c->rule ? c->rule->id : NULL);
	json_key(j, "also");
	json_arr_begin(j);
	for (k = 0; k < rs->nr_kinds && k < 64; k++)
		if ((int)k != c->kind && (c->held >> k & 1))
			json_str(j, rs->kinds[k].name);
	json_arr_end(j);
	json_key(j, "figures");
	json_obj_begin(j);
	for (k = 0; c->rule && k < c->rule->nr_figures; k++) {
		struct fval fv;

		event_field_get(e, c->rule->figures[k], &fv);
		write_figure(j, c->rule->figures[k], &fv);
	}
	json_obj_end(j);
	write_locs(j, "evidence", c->evidence, c->nr_evidence);
	json_obj_end(j);
}

static void write_verdict(struct json *j, const struct verdict *v, const struct ruleset *rs)
{
	size_t i;

	json_key(j, "verdict");
	json_obj_begin(j);
	json_kv_str(j, "severity", v->worst >= 0 ? severity_names[v->worst] : "ok");
	json_key(j, "causes");
	json_arr_begin(j);
	for (i = 0; i < v->host.nr_causes; i++)
		json_str(j, rs->kinds[v->host.causes[i]].name);
	json_arr_end(j);
	json_kv_str(j, "summary", v->host.summary);
	json_obj_end(j);
}

/*
 * A userspace killer's figures: "pressure_pct": 91.73 for its pressure_x100
 * 9173, sizes and counts as they are.
 */
static void write_killer(struct json *j, const struct oom_event *e)
{
	struct strbuf key = STRBUF_INIT;
	size_t i, n;

	json_kv_str(j, "killer", e->killer);
	json_key(j, "killer_figures");
	if (e->type != OOM_USERSPACE_KILL) {
		json_null(j);
		return;
	}
	json_obj_begin(j);
	for (i = 0; i < e->killer_figures.nr; i++) {
		const struct kv *kv = &e->killer_figures.items[i];

		n = strlen(kv->key);
		strbuf_reset(&key);
		if (n > 5 && !strcmp(kv->key + n - 5, "_x100")) {
			strbuf_add(&key, kv->key, n - 5);
			strbuf_addstr(&key, "_pct");
			json_key(j, key.buf);
			json_double(j, (double)kv->val / 100);
		} else {
			json_kv_i64(j, kv->key, kv->val);
		}
	}
	json_obj_end(j);
	strbuf_release(&key);
}

/*
 * Where a time's year came from ("log": printed; "option", "snapshot"; the
 * guesses "mtime", "read"), whether it is a guess, and whether a walk back
 * over Dec->Jan turns stopped at MT_FIRST_YEAR; null when the time is unknown.
 */
static void write_year(struct json *j, const struct mt_time *t)
{
	bool known = t->valid && t->year;

	json_kv_str(j, "year_from", known ? mt_year_from_names[t->year_from] : NULL);
	json_key(j, "year_guessed");
	if (known)
		json_bool(j, mt_year_guessed(t));
	else
		json_null(j);
	if (known && t->year_floored) {
		json_key(j, "year_floored");
		json_bool(j, true);
	}
}

static void write_event(struct json *j, const struct oom_event *e, const struct event_cause *c,
			const struct ruleset *rs)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	json_obj_begin(j);
	json_kv_str(j, "type", oom_type_names[e->type]);
	json_kv_str(j, "time", event_time_str(e, &sb) ? sb.buf : NULL);
	write_year(j, &e->time);
	json_key(j, "uptime");
	if (e->has_uptime)
		json_double(j, (double)e->uptime_us / 1e6);
	else
		json_null(j);
	src_str(j, "source", &e->src);
	src_str(j, "source_end", &e->last);
	json_key(j, "complete");
	json_bool(j, e->complete);
	json_kv_str(j, "incomplete_reason", e->complete ? NULL : e->incomplete_why);
	json_kv_i64(j, "foreign_lines", e->foreign_lines);
	json_kv_str(j, "constraint", oom_constraint_names[e->constraint]);
	json_kv_str(j, "cgroup", e->cgroup);
	json_kv_str(j, "task_memcg", e->task_memcg);
	write_trigger(j, e);
	json_kv_str(j, "kernel", e->kernel);
	json_kv_str(j, "hardware", e->hardware);
	json_key(j, "call_trace");
	json_arr_begin(j);
	for (i = 0; i < e->nr_trace; i++)
		json_str(j, e->trace[i]);
	json_arr_end(j);
	write_victim(j, e);
	write_killer(j, e);
	if (e->paired)
		src_str(j, "paired", &e->paired->src);
	else
		json_kv_str(j, "paired", NULL);
	write_kill_details(j, e);
	write_memcg(j, e);
	kv_object(j, "mem_info", &e->mem_info);
	json_kv_str(j, "mem_info_unit", "pages");   /* as the kernel's Mem-Info line counts */
	json_key(j, "nodes");
	json_arr_begin(j);
	for (i = 0; i < e->nr_node_stats; i++) {
		json_obj_begin(j);
		json_kv_i64(j, "node", (int64_t)i);
		kv_object(j, "stats", &e->node_stats[i]);
		json_kv_str(j, "unit", "kB");        /* "Node 0 active_anon:1234kB ..." */
		json_obj_end(j);
	}
	json_arr_end(j);
	write_zones(j, e);
	kv_object(j, "totals", &e->totals);
	write_field_kb(j, "managed_kb", e, "mem.managed_kb");
	write_field_kb(j, "unaccounted_kb", e, "mem.unaccounted_kb");
	write_memory(j, e);
	write_tasks(j, e);
	write_picture(j, e->esx);
	write_hv_sample(j, e);
	write_admission(j, e->admission);
	write_top_consumers(j, e);
	write_cause(j, e, c, rs);
	json_obj_end(j);
	strbuf_release(&sb);
}

static void write_facts(struct json *j, struct host *h)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	factstore_sort(&h->facts);
	json_key(j, "facts");
	json_obj_begin(j);
	for (i = 0; i < h->facts.nr; i++) {
		const struct fact *f = &h->facts.items[i];

		if (f->type == FACT_INT)
			json_kv_i64(j, f->name, f->i);
		else
			json_kv_str(j, f->name, f->s);
	}
	json_obj_end(j);
	json_key(j, "fact_sources");
	json_obj_begin(j);
	for (i = 0; i < h->facts.nr; i++) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s:%u", h->facts.items[i].src.file, h->facts.items[i].src.line);
		json_kv_str(j, h->facts.items[i].name, sb.buf);
	}
	json_obj_end(j);
	json_key(j, "snapshot");
	if (h->snapshot) {
		const struct fact *f;

		json_obj_begin(j);
		json_kv_str(j, "root", h->snapshot->root);
		json_kv_str(j, "hostname", h->snapshot->hostname);
		f = fact_get(&h->facts, "identity.collected");
		json_kv_str(j, "collected", f && f->type == FACT_STR ? f->s : NULL);
		f = fact_get(&h->facts, "sos.version");
		json_kv_str(j, "sos_version", f && f->type == FACT_STR ? f->s : NULL);
		json_obj_end(j);
	} else {
		json_null(j);
	}
	strbuf_release(&sb);
}

static void fact_value(struct json *j, const char *key, const struct fact *f)
{
	json_key(j, key);
	if (!f)
		json_null(j);
	else if (f->type == FACT_INT)
		json_i64(j, f->i);
	else
		json_str(j, f->s);
}

static int cmp_event_index(const void *x, const void *y)
{
	size_t a = *(const size_t *)x, b = *(const size_t *)y;

	return (a > b) - (a < b);
}

/* "events": the finding's events by the numbers the reports give them (1 = the host's first), each once. */
static void write_finding_events(struct json *j, const struct finding *f)
{
	size_t *ev = xcalloc(f->nr_hits ? f->nr_hits : 1, sizeof(*ev)), k;

	if (f->nr_hits)   /* a finding of facts alone has no events, and no array of them */
		memcpy(ev, f->hits, f->nr_hits * sizeof(*ev));
	qsort(ev, f->nr_hits, sizeof(*ev), cmp_event_index);
	json_key(j, "events");
	json_arr_begin(j);
	for (k = 0; k < f->nr_hits; k++)
		if (!k || ev[k] != ev[k - 1])
			json_i64(j, (int64_t)ev[k] + 1);
	json_arr_end(j);
	free(ev);
}


/* "history": what --state knew of the finding before this run; null without it */
static void write_seen(struct json *j, const struct finding_seen *s)
{
	struct strbuf sb = STRBUF_INIT;

	json_key(j, "history");
	if (!s) {
		json_null(j);
		return;
	}
	utc_date(&sb, s->since);
	json_obj_begin(j);
	json_kv_str(j, "status", s->again ? "again" : "new");
	json_kv_i64(j, "nights", s->nights);
	json_kv_str(j, "since", sb.buf);
	json_obj_end(j);
	strbuf_release(&sb);
}

static void write_findings(struct json *j, const struct report_ctx *ctx, const struct verdict *v)
{
	size_t i, k;

	json_key(j, "findings");
	json_arr_begin(j);
	for (i = 0; i < v->nr_findings; i++) {
		const struct finding *f = &v->findings[i];

		json_obj_begin(j);
		json_kv_str(j, "rule", f->rule->id);
		json_kv_str(j, "severity", severity_names[f->rule->severity]);
		json_kv_str(j, "title", f->rule->title);
		json_kv_str(j, "explanation", f->rule->explanation);
		write_locs(j, "evidence", f->evidence, f->nr_evidence);
		write_finding_events(j, f);
		write_seen(j, finding_seen_of(ctx, v, i));
		json_key(j, "details");
		json_arr_begin(j);
		for (k = 0; k < f->nr_details; k++)
			json_str(j, f->details[k]);
		json_arr_end(j);
		json_key(j, "references");
		json_arr_begin(j);
		for (k = 0; k < f->rule->nr_refs; k++)
			json_str(j, f->rule->refs[k]);
		json_arr_end(j);
		json_obj_end(j);
	}
	json_arr_end(j);
}

static void write_recommendations(struct json *j, const struct verdict *v)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, k;

	json_key(j, "recommendations");
	json_arr_begin(j);
	for (i = 0; i < v->nr_recs; i++) {
		const struct sysctl_rec *r = &v->recs[i];

		json_obj_begin(j);
		json_kv_str(j, "sysctl", r->key);
		json_kv_str(j, "value", r->value);
		fact_value(j, "current", r->current);
		fact_value(j, "configured", r->configured);
		strbuf_reset(&sb);
		if (r->configured)
			strbuf_addf(&sb, "%s:%u", r->configured->src.file, r->configured->src.line);
		json_kv_str(j, "configured_at", r->configured ? sb.buf : NULL);
		fact_value(j, "tuned", r->tuned);
		json_key(j, "rules");
		json_arr_begin(j);
		for (k = 0; k < r->nr_askers; k++)
			json_str(j, r->askers[k].rule->id);
		json_arr_end(j);
		strbuf_reset(&sb);
		for (k = 0; k < r->nr_askers; k++)
			strbuf_addf(&sb, "%s%s", k ? " " : "", r->askers[k].reason);
		json_kv_str(j, "reason", sb.buf);
		json_kv_str(j, "note", r->note);
		json_kv_str(j, "effect", r->effect);
		strbuf_reset(&sb);
		if (r->effect_event)
			strbuf_addf(&sb, "%s:%u", r->effect_event->src.file, r->effect_event->src.line);
		json_kv_str(j, "effect_event", r->effect_event ? sb.buf : NULL);
		json_key(j, "satisfied");
		json_bool(j, r->satisfied);
		json_obj_end(j);
	}
	for (i = 0; i < v->nr_actions; i++) {
		json_obj_begin(j);
		json_kv_str(j, "sysctl", NULL);
		json_kv_str(j, "action", v->actions[i].action);
		json_key(j, "rules");
		json_arr_begin(j);
		json_str(j, v->actions[i].rule->id);
		json_arr_end(j);
		json_kv_str(j, "reason", v->actions[i].reason);
		json_obj_end(j);
	}
	json_arr_end(j);
	json_key(j, "not_applicable");
	json_arr_begin(j);
	for (i = 0; i < v->nr_dropped; i++)
		json_str(j, v->dropped[i].text);
	json_arr_end(j);
	strbuf_release(&sb);
}

/* The time and place of a note, as the events have them. */
static void write_note_when(struct json *j, const struct oom_note *n)
{
	struct strbuf sb = STRBUF_INIT;

	json_kv_str(j, "time", note_time_str(n, &sb) ? sb.buf : NULL);
	write_year(j, &n->time);
	json_key(j, "uptime");
	if (n->has_uptime)
		json_double(j, (double)n->uptime_us / 1e6);
	else
		json_null(j);
	src_str(j, "source", &n->src);
	strbuf_release(&sb);
}

/* The host's panics, the OOM killer's and others, and the rate limits' counts. */
static void write_notes(struct json *j, const struct host *h)
{
	size_t i;

	json_key(j, "panics");
	json_arr_begin(j);
	for (i = 0; i < h->nr_notes; i++) {
		const struct oom_note *n = h->notes[i];

		if (n->kind != NOTE_PANIC)
			continue;
		json_obj_begin(j);
		write_note_when(j, n);
		json_kv_str(j, "message", n->text);
		json_key(j, "oom");
		json_bool(j, n->oom);
		json_obj_end(j);
	}
	json_arr_end(j);
	json_key(j, "suppressed_messages");
	json_arr_begin(j);
	for (i = 0; i < h->nr_notes; i++) {
		const struct oom_note *n = h->notes[i];

		if (n->kind != NOTE_SUPPRESSED)
			continue;
		json_obj_begin(j);
		write_note_when(j, n);
		json_kv_str(j, "limit", n->text);
		json_kv_i64(j, "count", n->count);
		json_key(j, "before_report");
		json_bool(j, n->oom);
		json_obj_end(j);
	}
	json_arr_end(j);
}

/* The host object; with @schema, it stands alone (one line of --format jsonl). */
static void write_host(struct json *j, const struct report_ctx *ctx, struct host *h,
		       const struct verdict *v, const struct ruleset *rs, bool schema)
{
	size_t i;

	json_obj_begin(j);
	if (schema) {
		json_kv_str(j, "schema", MT_SCHEMA);
		json_kv_str(j, "version", MT_VERSION);
		json_kv_str(j, "worst", v->worst >= 0 ? severity_names[v->worst] : NULL);
	}
	json_kv_str(j, "host", h->name);
	json_kv_str(j, "origin", h->name ? NULL : h->origin_path);
	json_kv_str(j, "kernel", h->kernel);
	json_kv_str(j, "hypervisor", h->hypervisor);
	json_kv_str(j, "platform", h->platform);
	json_kv_str(j, "hardware", h->hardware);
	write_verdict(j, v, rs);
	json_key(j, "counts");
	json_obj_begin(j);
	for (i = 0; i < OOM__TYPES; i++)
		json_kv_i64(j, oom_type_names[i], (int64_t)host_count(h, (enum oom_type)i));
	json_kv_i64(j, "duplicates_merged", (int64_t)h->duplicates);
	json_key(j, "lower_bound");
	json_bool(j, true);
	json_kv_i64(j, "suppressed_before_reports", host_suppressed(h, true));
	json_obj_end(j);
	write_notes(j, h);
	json_key(j, "events");
	json_arr_begin(j);
	for (i = 0; i < h->nr_events; i++)
		write_event(j, h->events[i], i < v->nr_causes ? &v->causes[i] : NULL, rs);
	json_arr_end(j);
	write_facts(j, h);
	write_findings(j, ctx, v);
	write_recommendations(j, v);
	json_obj_end(j);
}

static void write_errors(struct json *j, const struct diag *d)
{
	size_t i;

	json_key(j, "errors");
	json_arr_begin(j);
	for (i = 0; i < d->nr; i++) {
		const struct diag_msg *m = &d->msgs[i];

		json_obj_begin(j);
		json_kv_str(j, "input", m->input);
		json_kv_i64(j, "line", m->line ? (int64_t)m->line : MT_UNKNOWN);
		json_kv_str(j, "severity", m->level == DIAG_ERROR ? "error" : "warning");
		json_kv_str(j, "message", m->text);
		json_obj_end(j);
	}
	json_arr_end(j);
}

/* A vmkernel.log's "admission_failures", each as the log gave it; [] when it had none. */
static void write_capture_admissions(struct json *j, const struct esx_capture *cap)
{
	size_t i;

	json_key(j, "admission_failures");
	json_arr_begin(j);
	for (i = 0; i < cap->nr_admissions; i++) {
		const struct esx_admission *a = &cap->admissions[i];

		json_obj_begin(j);
		json_kv_i64(j, "line", a->line);
		kv_epoch(j, "time", a->time);
		json_kv_str(j, "vm", a->vm);
		admission_figures(j, a->path, a->asked_of, a->requested_kb, a->occupied_kb, a->available_kb);
		json_obj_end(j);
	}
	json_arr_end(j);
}

static void write_captures(struct json *j, const struct report_ctx *ctx)
{
	struct strbuf sb = STRBUF_INIT;
	struct mt_time t;
	size_t i, k;

	json_key(j, "esx_captures");
	json_arr_begin(j);
	for (i = 0; i < ctx->model->nr_captures; i++) {
		const struct esx_capture *cap = ctx->model->captures[i];
		struct esx_capacity c;

		esx_capacity(cap, &c);
		json_obj_begin(j);
		json_kv_str(j, "file", cap->file);
		json_kv_str(j, "esx_host", cap->esx_host);
		json_kv_str(j, "hypervisor", cap->hypervisor);
		json_kv_str(j, "tool", cap->tool);
		json_key(j, "screen");
		json_bool(j, cap->screen);
		json_key(j, "local_times");
		json_bool(j, cap->local_times);
		json_kv_i64(j, "samples", (int64_t)cap->nr_samples);
		for (k = 0; k < 2; k++) {
			json_key(j, k ? "last" : "first");
			if (!cap->nr_samples || !cap->times[k ? cap->nr_samples - 1 : 0]) {
				json_null(j);
				continue;
			}
			strbuf_reset(&sb);
			mt_time_from_epoch(&t, cap->times[k ? cap->nr_samples - 1 : 0], -1, 0, true);
			mt_time_format(&t, &sb);
			json_str(j, sb.buf);
		}
		json_key(j, "capacity");
		json_obj_begin(j);
		kv_num(j, "machine_mb", c.machine_mb);
		kv_num(j, "vms_memsz_mb", c.vms_memsz_mb);
		kv_num(j, "vms_overhead_mb", c.vms_overhead_mb);
		kv_num(j, "overcommit", c.overcommit);
		json_key(j, "samples_by_state");
		json_obj_begin(j);
		for (k = 0; k < 5; k++)
			json_kv_i64(j, esx_band_names[k], (int64_t)c.samples_by_band[k]);
		json_obj_end(j);
		/* null, not 0, when no VM has the figure (esxtop -b without -a) */
		json_key(j, "vms_ballooned");
		if (c.vms_balloon_known)
			json_i64(j, (int64_t)c.vms_ballooned);
		else
			json_null(j);
		json_key(j, "vms_swapped");
		if (c.vms_swap_known)
			json_i64(j, (int64_t)c.vms_swapped);
		else
			json_null(j);
		kv_num(j, "host_memctl_mb", c.host_memctl_mb);
		json_obj_end(j);
		json_key(j, "vms");
		json_arr_begin(j);
		for (k = 0; k < cap->nr_vms; k++) {
			json_obj_begin(j);
			json_kv_str(j, "name", cap->vms[k].name);
			json_kv_str(j, "guest", cap->vms[k].guest);
			json_obj_end(j);
		}
		json_arr_end(j);
		if (cap->admission_log)
			write_capture_admissions(j, cap);
		json_obj_end(j);
	}
	json_arr_end(j);
	strbuf_release(&sb);
}

static void json_write(const struct report_ctx *ctx)
{
	struct json j;
	size_t i;

	json_init(&j, ctx->out, true);
	json_obj_begin(&j);
	json_kv_str(&j, "schema", MT_SCHEMA);
	json_kv_str(&j, "version", MT_VERSION);
	json_key(&j, "inputs");
	json_arr_begin(&j);
	for (i = 0; i < ctx->nr_inputs; i++)
		json_str(&j, ctx->inputs[i]);
	json_arr_end(&j);
	json_kv_i64(&j, "files_read", (int64_t)ctx->files_read);
	json_kv_i64(&j, "log_lines_read", (int64_t)ctx->log_lines);
	json_key(&j, "hosts");
	json_arr_begin(&j);
	for (i = 0; i < ctx->model->nr_hosts; i++)
		write_host(&j, ctx, ctx->model->hosts[i], &ctx->verdicts[i], ctx->rules, false);
	json_arr_end(&j);
	write_captures(&j, ctx);
	write_errors(&j, ctx->diag);
	json_obj_end(&j);
	json_flush(&j);
	fputc('\n', ctx->out);
}

const struct report_writer out_json = { .name = "json", .write = json_write };

/*
 * --format jsonl: one host a line, each a whole object with the schema and
 * its worst finding, for log stores and for aggregating many runs.
 */
static void jsonl_write(const struct report_ctx *ctx)
{
	size_t i;

	for (i = 0; i < ctx->model->nr_hosts; i++) {
		struct json j;

		json_init(&j, ctx->out, false);
		write_host(&j, ctx, ctx->model->hosts[i], &ctx->verdicts[i], ctx->rules, true);
		json_flush(&j);
		fputc('\n', ctx->out);
	}
}

const struct report_writer out_jsonl = { .name = "jsonl", .write = jsonl_write };
