#include "oom/oom_event.h"
#include "util/xalloc.h"

#include <assert.h>

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
	free(e->tasks);
	oom_task_store_release(&e->task_store);
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

/* ---- the task table's storage ------------------------------------------- */

/* Where the pid index of @nr_slots (a power of two) starts looking for @pid. */
static size_t pid_slot(int64_t pid, size_t nr_slots)
{
	/* Fibonacci hashing: the pids of a table are mostly consecutive */
	return (size_t)(((uint64_t)pid * UINT64_C(0x9E3779B97F4A7C15)) >> 32) & (nr_slots - 1);
}

static void index_row(struct oom_task_store *st, const struct oom_task *rows, size_t row)
{
	size_t i = pid_slot(rows[row].vals[0], st->nr_by_pid);

	while (st->by_pid[i])
		i = (i + 1) & (st->nr_by_pid - 1);
	st->by_pid[i] = (uint32_t)(row + 1);
}

/* The pid index, built again with room for @want rows when it has less. */
static void index_room(struct oom_task_store *st, const struct oom_task *rows, size_t nr,
		       size_t want)
{
	size_t n = 16;

	if (st->by_pid && st->nr_by_pid > 2 * want)
		return;
	while (n <= 2 * want)
		n *= 2;
	free(st->by_pid);
	st->by_pid = xcalloc(n, sizeof(*st->by_pid));
	st->nr_by_pid = n;
	for (size_t row = 0; row < nr; row++)
		index_row(st, rows, row);
}

bool oom_tasks_has_pid(struct oom_task_store *st, const struct oom_task *rows, size_t nr,
		       int64_t pid)
{
	size_t i;

	if (!nr)
		return false;
	index_room(st, rows, nr, nr);
	for (i = pid_slot(pid, st->nr_by_pid); st->by_pid[i]; i = (i + 1) & (st->nr_by_pid - 1))
		if (rows[st->by_pid[i] - 1].vals[0] == pid)
			return true;
	return false;
}

/* Point the @nr @rows at their numbers and names again: the storage moved. */
static void repoint_rows(const struct oom_task_store *st, struct oom_task *rows, size_t nr)
{
	char *name = st->names;

	for (size_t i = 0; i < nr; i++) {
		rows[i].vals = st->vals + i * st->ncols;
		rows[i].name = name;
		name += strlen(name) + 1;
	}
}

void oom_tasks_add(struct oom_task_store *st, struct oom_task **rows, size_t *nr, size_t *alloc,
		   const int64_t *vals, size_t ncols, const char *name, size_t len)
{
	const int64_t *old_vals = st->vals;
	const char *old_names = st->names, *nul = len ? memchr(name, '\0', len) : NULL;
	size_t n = *nr;

	assert(!n || ncols == st->ncols); /* a table's rows all have its columns */
	st->ncols = ncols;
	if (nul)
		len = (size_t)(nul - name);
	ALLOC_GROW(*rows, n, *alloc);
	ALLOC_GROW_TO(st->vals, (n + 1) * ncols, st->alloc_vals);
	ALLOC_GROW_TO(st->names, st->len_names + len + 1, st->alloc_names);
	memcpy(st->vals + n * ncols, vals, ncols * sizeof(*vals));
	if (len)
		memcpy(st->names + st->len_names, name, len);
	st->names[st->len_names + len] = '\0';
	st->len_names += len + 1;
	if (st->vals != old_vals || st->names != old_names)
		repoint_rows(st, *rows, n);
	(*rows)[n].vals = st->vals + n * ncols;
	(*rows)[n].name = st->names + st->len_names - len - 1;
	*nr = n + 1;
	if (st->by_pid) {
		index_room(st, *rows, n, n + 1);
		index_row(st, *rows, n);
	}
}

void oom_tasks_fit(struct oom_task_store *st, struct oom_task **rows, size_t nr, size_t *alloc)
{
	ALLOC_FIT(*rows, nr, *alloc);
	ALLOC_FIT(st->vals, nr * st->ncols, st->alloc_vals);
	ALLOC_FIT(st->names, st->len_names, st->alloc_names);
	repoint_rows(st, *rows, nr);
	free(st->by_pid);
	st->by_pid = NULL;
	st->nr_by_pid = 0;
}

void oom_task_store_release(struct oom_task_store *st)
{
	free(st->vals);
	free(st->names);
	free(st->by_pid);
	memset(st, 0, sizeof(*st));
}

static void zone_fit(struct oom_zone *z)
{
	kv_fit(&z->fields);
	ALLOC_FIT(z->reserve, z->nr_reserve, z->alloc_reserve);
}

void oom_event_fit(struct oom_event *e)
{
	size_t i;

	ALLOC_FIT(e->trace, e->nr_trace, e->alloc_trace);
	kv_fit(&e->memcg);
	for (i = 0; i < e->nr_memcg_stats; i++)
		kv_fit(&e->memcg_stats[i].stats);
	ALLOC_FIT(e->memcg_stats, e->nr_memcg_stats, e->alloc_memcg_stats);
	kv_fit(&e->mem_info);
	for (i = 0; i < e->nr_node_stats; i++)
		kv_fit(&e->node_stats[i]);
	ALLOC_FIT(e->node_stats, e->nr_node_stats, e->alloc_node_stats);
	for (i = 0; i < e->nr_zones; i++)
		zone_fit(&e->zones[i]);
	ALLOC_FIT(e->zones, e->nr_zones, e->alloc_zones);
	kv_fit(&e->totals);
	ALLOC_FIT(e->task_cols, e->nr_task_cols, e->alloc_task_cols);
	oom_tasks_fit(&e->task_store, &e->tasks, e->nr_tasks, &e->alloc_tasks);
	kv_fit(&e->victim);
	kv_fit(&e->summary);
	kv_fit(&e->reaper);
	kv_fit(&e->killer_figures);
}
