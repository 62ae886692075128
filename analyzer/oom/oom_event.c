#include "oom/oom_event.h"
#include "util/vocab.h"
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

void oom_event_free(struct oom_event *e)
{
	size_t i;

	if (!e)
		return;
	free(e->trace);
	kv_release(&e->memcg);
	for (i = 0; i < e->nr_memcg_stats; i++)
		kv_release(&e->memcg_stats[i].stats);
	free(e->memcg_stats);
	kv_release(&e->mem_info);
	for (i = 0; i < e->nr_node_stats; i++)
		kv_release(&e->node_stats[i]);
	free(e->node_stats);
	for (i = 0; i < e->nr_zones; i++) {
		kv_release(&e->zones[i].fields);
		free(e->zones[i].reserve);
	}
	free(e->zones);
	kv_release(&e->totals);
	free(e->task_cols);
	oom_task_table_release(&e->tasks);
	kv_release(&e->victim);
	kv_release(&e->summary);
	kv_release(&e->reaper);
	kv_release(&e->killer_figures);
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
	z->name = vocab_n(name, len);
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

/* ---- the task table ------------------------------------------------------ */

/* The bytes that hold @v: 1, 2, 4 or 8. */
static uint8_t num_width(int64_t v)
{
	if (v >= INT8_MIN && v <= INT8_MAX)
		return 1;
	if (v >= INT16_MIN && v <= INT16_MAX)
		return 2;
	if (v >= INT32_MIN && v <= INT32_MAX)
		return 4;
	return 8;
}

static int64_t get_num(const unsigned char *p, uint8_t width)
{
	int8_t v8;
	int16_t v16;
	int32_t v32;
	int64_t v64;

	switch (width) {
	case 1:
		memcpy(&v8, p, 1);
		return v8;
	case 2:
		memcpy(&v16, p, 2);
		return v16;
	case 4:
		memcpy(&v32, p, 4);
		return v32;
	default:
		memcpy(&v64, p, 8);
		return v64;
	}
}

/* @v in @width bytes at @p; @width holds it (num_width()). */
static void put_num(unsigned char *p, uint8_t width, int64_t v)
{
	int8_t v8 = (int8_t)v;
	int16_t v16 = (int16_t)v;
	int32_t v32 = (int32_t)v;

	switch (width) {
	case 1:
		memcpy(p, &v8, 1);
		break;
	case 2:
		memcpy(p, &v16, 2);
		break;
	case 4:
		memcpy(p, &v32, 4);
		break;
	default:
		memcpy(p, &v, 8);
		break;
	}
}

/* Row @row's name offset, the field after its numbers. */
static size_t name_at(const struct oom_task_table *t, size_t row)
{
	const unsigned char *r = t->rows + row * t->stride;

	return (size_t)get_num(r + t->stride - t->width[t->ncols], t->width[t->ncols]);
}

int64_t oom_task_val(const struct oom_task_table *t, size_t row, size_t col)
{
	return get_num(t->rows + row * t->stride + t->off[col], t->width[col]);
}

const char *oom_task_name(const struct oom_task_table *t, size_t row)
{
	return t->names + name_at(t, row);
}

/*
 * While a table is read: its rows by pid (a row pasted twice is found at
 * once) and its names by their text (a name that comes again, "httpd" in
 * a table of forty, is kept once).  Open addressing, each at most half full.
 */
struct oom_task_index {
	uint32_t *by_pid;            /* a row's index + 1 at its pid's hash, 0: free */
	size_t nr_by_pid;            /* a power of two */
	size_t *by_name;             /* a name's offset + 1 at its text's hash, 0: free */
	size_t nr_by_name;           /* a power of two */
	size_t nr_names;
};

/* Where a table of @nr_slots (a power of two) starts looking for @pid. */
static size_t pid_slot(int64_t pid, size_t nr_slots)
{
	/* Fibonacci hashing: the pids of a table are mostly consecutive */
	return (size_t)(((uint64_t)pid * UINT64_C(0x9E3779B97F4A7C15)) >> 32) & (nr_slots - 1);
}

/* FNV-1a */
static size_t name_slot(const char *s, size_t len, size_t nr_slots)
{
	uint64_t h = UINT64_C(1469598103934665603);

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * UINT64_C(1099511628211);
	return (size_t)h & (nr_slots - 1);
}

/*
 * An index's slots of @size bytes, made anew (all free, old ones freed) when
 * *@nr_slots cannot hold @want entries at most half full; NULL: they can.
 * *@nr_slots becomes the smallest power of two, 16 at least, that can.
 */
static void *renew_slots(void *slots, size_t *nr_slots, size_t want, size_t size)
{
	size_t n = 16;

	if (slots && *nr_slots > 2 * want)
		return NULL;
	while (n <= 2 * want)
		n *= 2;
	free(slots);
	*nr_slots = n;
	return xcalloc(n, size);
}

static void index_row(struct oom_task_table *t, size_t row)
{
	struct oom_task_index *x = t->index;
	size_t i = pid_slot(oom_task_val(t, row, 0), x->nr_by_pid);

	while (x->by_pid[i])
		i = (i + 1) & (x->nr_by_pid - 1);
	x->by_pid[i] = (uint32_t)(row + 1);
}

/* The slot of the name (s, len): its own, or the free one it would take. */
static size_t *name_entry(const struct oom_task_table *t, const char *s, size_t len)
{
	const struct oom_task_index *x = t->index;
	size_t i = name_slot(s, len, x->nr_by_name);

	for (; x->by_name[i]; i = (i + 1) & (x->nr_by_name - 1)) {
		const char *have = t->names + x->by_name[i] - 1;

		/* strncmp stops at the end of a shorter name: (s, len) has no NUL */
		if (!strncmp(have, s, len) && !have[len])
			break;
	}
	return &x->by_name[i];
}

/* The pid index of the @nr rows, built again with room for @want rows when it has less. */
static void pid_room(struct oom_task_table *t, size_t nr, size_t want)
{
	struct oom_task_index *x = t->index;
	uint32_t *fresh = renew_slots(x->by_pid, &x->nr_by_pid, want, sizeof(*x->by_pid));

	if (!fresh)
		return;
	x->by_pid = fresh;
	for (size_t row = 0; row < nr; row++)
		index_row(t, row);
}

/* The name index, built again with room for @want names when it has less. */
static void name_room(struct oom_task_table *t, size_t want)
{
	struct oom_task_index *x = t->index;
	size_t *fresh = renew_slots(x->by_name, &x->nr_by_name, want, sizeof(*x->by_name));

	if (!fresh)
		return;
	x->by_name = fresh;
	/* the names buffer holds each name once */
	for (size_t at = 0; at < t->len_names; at += strlen(t->names + at) + 1)
		*name_entry(t, t->names + at, strlen(t->names + at)) = at + 1;
}

/* The index of @t's @nr rows, built when there is none (the table was read, then grew). */
static void index_of(struct oom_task_table *t, size_t nr)
{
	struct oom_task_index *x;

	if (t->index)
		return;
	t->index = x = xcalloc(1, sizeof(*x));
	for (size_t at = 0; at < t->len_names; at += strlen(t->names + at) + 1)
		x->nr_names++;
	pid_room(t, nr, nr);
	name_room(t, x->nr_names);
}

bool oom_task_has_pid(struct oom_task_table *t, size_t nr, int64_t pid)
{
	struct oom_task_index *x;
	size_t i;

	if (!nr)
		return false;
	index_of(t, nr);
	x = t->index;
	for (i = pid_slot(pid, x->nr_by_pid); x->by_pid[i]; i = (i + 1) & (x->nr_by_pid - 1))
		if (oom_task_val(t, x->by_pid[i] - 1, 0) == pid)
			return true;
	return false;
}

/* Where the name (s, len) starts in @t's names: where it already is, or added at the end. */
static size_t name_offset(struct oom_task_table *t, const char *s, size_t len)
{
	struct oom_task_index *x = t->index;
	size_t *entry, at = t->len_names;

	name_room(t, x->nr_names + 1);
	entry = name_entry(t, s, len);
	if (*entry)
		return *entry - 1;
	ALLOC_GROW_TO(t->names, at + len + 1, t->alloc_names);
	if (len)
		memcpy(t->names + at, s, len);
	t->names[at + len] = '\0';
	t->len_names += len + 1;
	*entry = at + 1;
	x->nr_names++;
	return at;
}

/* Each field's place in a row, and the row's bytes, from the widths. */
static void lay_out(struct oom_task_table *t)
{
	unsigned at = 0;

	for (size_t c = 0; c < t->ncols; c++) {
		t->off[c] = (uint8_t)at;
		at += t->width[c];
	}
	t->stride = (uint16_t)(at + t->width[t->ncols]);
}

/* The @nr rows written again with the fields' widths @width (none narrower than now). */
static void widen(struct oom_task_table *t, size_t nr, const uint8_t *width)
{
	struct oom_task_table old = *t;
	size_t alloc = 0;

	memcpy(t->width, width, sizeof(t->width));
	lay_out(t);
	t->rows = NULL;
	ALLOC_GROW_TO(t->rows, nr * t->stride, alloc);
	t->alloc_rows = alloc;
	for (size_t row = 0; row < nr; row++) {
		unsigned char *r = t->rows + row * t->stride;

		for (size_t c = 0; c < t->ncols; c++)
			put_num(r + t->off[c], t->width[c], oom_task_val(&old, row, c));
		put_num(r + t->stride - t->width[t->ncols], t->width[t->ncols],
			(int64_t)name_at(&old, row));
	}
	free(old.rows);
}

void oom_task_add(struct oom_task_table *t, size_t *nr, const int64_t *vals, size_t ncols,
		  const char *name, size_t len)
{
	const char *nul = len ? memchr(name, '\0', len) : NULL;
	uint8_t width[OOM_MAX_TASK_COLS + 1];
	unsigned char *r;
	size_t n = *nr, c, at;
	bool wider = false;

	assert(ncols && ncols <= OOM_MAX_TASK_COLS && (!n || ncols == t->ncols));
	if (nul)
		len = (size_t)(nul - name);
	t->ncols = (uint8_t)ncols;
	index_of(t, n);
	at = name_offset(t, name, len);
	memcpy(width, t->width, sizeof(width));
	for (c = 0; c <= ncols; c++) {
		uint8_t w = num_width(c < ncols ? vals[c] : (int64_t)at);

		if (w > width[c]) {
			width[c] = w;
			wider = true;
		}
	}
	if (wider)
		widen(t, n, width);
	ALLOC_GROW_TO(t->rows, (n + 1) * t->stride, t->alloc_rows);
	r = t->rows + n * t->stride;
	for (c = 0; c < ncols; c++)
		put_num(r + t->off[c], t->width[c], vals[c]);
	put_num(r + t->stride - t->width[ncols], t->width[ncols], (int64_t)at);
	*nr = n + 1;
	pid_room(t, n, n + 1);
	index_row(t, n);
}

/* The index goes: the table is read. */
static void index_free(struct oom_task_table *t)
{
	if (!t->index)
		return;
	free(t->index->by_pid);
	free(t->index->by_name);
	free(t->index);
	t->index = NULL;
}

void oom_task_table_fit(struct oom_task_table *t, size_t nr)
{
	ALLOC_FIT(t->rows, nr * t->stride, t->alloc_rows);
	ALLOC_FIT(t->names, t->len_names, t->alloc_names);
	index_free(t);
}

void oom_task_table_release(struct oom_task_table *t)
{
	free(t->rows);
	free(t->names);
	index_free(t);
	memset(t, 0, sizeof(*t));
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
	oom_task_table_fit(&e->tasks, e->nr_tasks);
	kv_fit(&e->victim);
	kv_fit(&e->summary);
	kv_fit(&e->reaper);
	kv_fit(&e->killer_figures);
}
