#include "oom/oom_event.h"
#include "util/xalloc.h"

const char *const oom_type_names[OOM__TYPES] = {
	[OOM_KILL] = "oom_kill",
	[OOM_PANIC] = "oom_panic",
	[OOM_ALLOC_FAILURE] = "alloc_failure",
	[OOM_USERSPACE_KILL] = "userspace_kill",
};

const char *const oom_constraint_names[CONSTRAINT__COUNT] = {
	[CONSTRAINT_UNKNOWN] = NULL,
	[CONSTRAINT_GLOBAL] = "global",
	[CONSTRAINT_MEMCG] = "memcg",
	[CONSTRAINT_CPUSET] = "cpuset",
	[CONSTRAINT_MEMPOLICY] = "mempolicy",
};

struct oom_event *oom_event_new(enum oom_type type)
{
	struct oom_event *e = xcalloc(1, sizeof(*e));

	e->type = type;
	e->trigger_pid = MT_UNKNOWN;
	e->order = MT_UNKNOWN;
	e->oom_score_adj = MT_UNKNOWN;
	e->selected_pid = MT_UNKNOWN;
	e->selected_score = MT_UNKNOWN;
	e->victim_pid = MT_UNKNOWN;
	e->suppressed_before = MT_UNKNOWN;
	e->time.usec = -1;
	return e;
}

static void free_strv(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void oom_event_free(struct oom_event *e)
{
	size_t i;

	if (!e)
		return;
	free(e->trigger_comm);
	free(e->gfp_mask);
	free(e->gfp_flags);
	free(e->oom_adj_field);
	free(e->nodemask);
	free(e->cpuset);
	free(e->mems_allowed);
	free(e->kernel);
	free(e->hardware);
	free_strv(e->trace, e->nr_trace);
	free(e->cgroup);
	free(e->task_memcg);
	kv_release(&e->memcg);
	for (i = 0; i < e->nr_memcg_stats; i++) {
		free(e->memcg_stats[i].cgroup);
		kv_release(&e->memcg_stats[i].stats);
	}
	free(e->memcg_stats);
	kv_release(&e->mem_info);
	for (i = 0; i < e->nr_node_stats; i++)
		kv_release(&e->node_stats[i]);
	free(e->node_stats);
	for (i = 0; i < e->nr_zones; i++) {
		free(e->zones[i].name);
		kv_release(&e->zones[i].fields);
		free(e->zones[i].all_unreclaimable);
		free(e->zones[i].reserve);
	}
	free(e->zones);
	kv_release(&e->totals);
	free_strv(e->task_cols, e->nr_task_cols);
	for (i = 0; i < e->nr_tasks; i++) {
		free(e->tasks[i].vals);
		free(e->tasks[i].name);
	}
	free(e->tasks);
	free(e->kill_reason);
	free(e->selected_comm);
	free(e->victim_comm);
	kv_release(&e->victim);
	kv_release(&e->summary);
	free(e->summary_task);
	kv_release(&e->reaper);
	kv_release(&e->killer_figures);
	free(e->panic);
	free(e->other_panic);
	free(e->suppressed_by);
	free(e->incomplete_why);
	free(e->esx);
	free(e->hv);
	free(e->admission);
	free(e);
}

void oom_note_free(struct oom_note *n)
{
	if (!n)
		return;
	free(n->text);
	free(n);
}

struct oom_zone *oom_event_zone(struct oom_event *e, int node, const char *name, size_t len)
{
	struct oom_zone *z;
	size_t i;

	for (i = 0; i < e->nr_zones; i++) {
		z = &e->zones[i];
		if (z->node == node && strlen(z->name) == len && !memcmp(z->name, name, len))
			return z;
	}
	ALLOC_GROW(e->zones, e->nr_zones, e->alloc_zones);
	z = &e->zones[e->nr_zones++];
	memset(z, 0, sizeof(*z));
	z->node = node;
	z->name = xstrndup(name, len);
	z->buddy_total_kb = MT_UNKNOWN;
	return z;
}

int64_t oom_zone_field(const struct oom_zone *z, const char *key)
{
	return kv_get(&z->fields, key);
}

int oom_event_task_col(const struct oom_event *e, const char *name)
{
	size_t i;

	for (i = 0; i < e->nr_task_cols; i++)
		if (!strcmp(e->task_cols[i], name))
			return (int)i;
	return -1;
}
