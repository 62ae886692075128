#include "model/model.h"
#include "util/xalloc.h"

#include <strings.h>

void model_init(struct model *m)
{
	memset(m, 0, sizeof(*m));
	intern_init(&m->strings);
}

static void host_free(struct host *h)
{
	size_t i;

	for (i = 0; i < h->nr_events; i++)
		oom_event_free(h->events[i]);
	free(h->events);
	free(h);
}

void model_release(struct model *m)
{
	size_t i;

	for (i = 0; i < m->nr_hosts; i++)
		host_free(m->hosts[i]);
	free(m->hosts);
	free(m->origins);
	intern_release(&m->strings);
	memset(m, 0, sizeof(*m));
}

struct host *model_host(struct model *m, const char *name, unsigned origin)
{
	struct host *h;
	size_t i;

	for (i = 0; i < m->nr_hosts; i++) {
		h = m->hosts[i];
		if (name ? h->name == name : (!h->name && h->origin == origin))
			return h;
	}
	h = xcalloc(1, sizeof(*h));
	h->name = name;
	h->origin = origin;
	h->origin_path = origin < m->nr_origins ? m->origins[origin] : NULL;
	ALLOC_GROW(m->hosts, m->nr_hosts, m->alloc_hosts);
	m->hosts[m->nr_hosts++] = h;
	return h;
}

void model_add_event(struct model *m, struct oom_event *e, unsigned origin)
{
	struct host *h = model_host(m, e->host, origin);

	ALLOC_GROW(h->events, h->nr_events, h->alloc_events);
	h->events[h->nr_events++] = e;
}

bool event_epoch(const struct oom_event *e, int64_t *out)
{
	return mt_time_epoch(&e->time, out);
}

const char *hypervisor_from_hardware(const char *hw)
{
	static const struct { const char *needle, *name; } known[] = {
		{ "VMware", "vmware" },
		{ "Microsoft Corporation Virtual Machine", "hyperv" },
		{ "Hyper-V", "hyperv" },
		{ "QEMU", "kvm" },
		{ "KVM", "kvm" },
		{ "Bochs", "kvm" },
		{ "Google Compute Engine", "kvm" },
		{ "OpenStack", "kvm" },
		{ "Amazon EC2", "kvm" },
		{ "Xen", "xen" },
		{ "HVM domU", "xen" },
		{ "VirtualBox", "virtualbox" },
		{ "innotek", "virtualbox" },
	};
	size_t i;

	if (!hw)
		return NULL;
	for (i = 0; i < ARRAY_SIZE(known); i++)
		if (strstr(hw, known[i].needle))
			return known[i].name;
	return "none";
}

/*
 * Time order.  Events whose wall time is unknown (raw dmesg, pastes) keep
 * their place relative to their neighbours from the same file by uptime,
 * then by line.
 */
static int cmp_events(const void *a, const void *b)
{
	const struct oom_event *x = *(const struct oom_event *const *)a;
	const struct oom_event *y = *(const struct oom_event *const *)b;
	int64_t tx, ty;
	bool hx = event_epoch(x, &tx), hy = event_epoch(y, &ty);
	int c;

	if (hx && hy && tx != ty)
		return tx < ty ? -1 : 1;
	if (hx != hy)
		return hx ? -1 : 1;
	if (x->src.file != y->src.file) {
		c = strcmp(x->src.file, y->src.file);
		if (!hx || !hy)
			return c;
	}
	if (x->has_uptime && y->has_uptime && x->uptime_us != y->uptime_us &&
	    x->src.file == y->src.file)
		return x->uptime_us < y->uptime_us ? -1 : 1;
	if (x->src.file != y->src.file)
		return strcmp(x->src.file, y->src.file);
	return x->src.line < y->src.line ? -1 : x->src.line > y->src.line;
}

static bool same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/*
 * The same report read twice: from dmesg and messages, or from messages and
 * kern.log.  Same kind, same trigger and victim, and close in time where
 * both times are known.
 */
static bool same_event(const struct oom_event *x, const struct oom_event *y)
{
	int64_t tx, ty;

	if (x->type != y->type || x->src.file == y->src.file || x->trigger_pid != y->trigger_pid ||
	    x->victim_pid != y->victim_pid || !same_str(x->trigger_comm, y->trigger_comm) ||
	    x->order != y->order || !same_str(x->gfp_mask, y->gfp_mask))
		return false;
	if (x->trigger_pid == MT_UNKNOWN && x->victim_pid == MT_UNKNOWN)
		return false;
	if (x->has_uptime && y->has_uptime)
		return llabs((long long)x->uptime_us - (long long)y->uptime_us) <= 1000000;
	if (event_epoch(x, &tx) && event_epoch(y, &ty))
		return llabs((long long)(tx - ty)) <= 2;
	return true;
}

/* The richer of the two copies stays. */
static bool richer(const struct oom_event *x, const struct oom_event *y)
{
	if (x->complete != y->complete)
		return x->complete;
	if (x->nr_tasks != y->nr_tasks)
		return x->nr_tasks > y->nr_tasks;
	return x->time.valid && !y->time.valid;
}

static void merge_duplicates(struct host *h)
{
	size_t i, j, out = 0;

	for (i = 0; i < h->nr_events; i++) {
		struct oom_event *e = h->events[i];
		bool dup = false;

		for (j = 0; j < out && !dup; j++) {
			if (!same_event(h->events[j], e))
				continue;
			if (richer(e, h->events[j])) {
				struct oom_event *t = h->events[j];

				h->events[j] = e;
				e = t;
			}
			oom_event_free(e);
			h->duplicates++;
			dup = true;
		}
		if (!dup)
			h->events[out++] = e;
	}
	h->nr_events = out;
}

static bool host_matches(const struct host *h, const char *want)
{
	size_t n;

	if (!h->name)
		return false;
	if (!strcasecmp(h->name, want))
		return true;
	/* "app01" matches "app01.example.com" and the other way round */
	n = strcspn(h->name, ".");
	if (strcspn(want, ".") == n && !strncasecmp(h->name, want, n))
		return !strchr(h->name, '.') || !strchr(want, '.');
	return false;
}

static bool in_window(const struct oom_event *e, const struct model_filter *f)
{
	int64_t t;

	if (!event_epoch(e, &t))
		return true;
	return (!f->has_since || t >= f->since) && (!f->has_until || t < f->until);
}

static void derive_host(struct model *m, struct host *h)
{
	size_t i;

	for (i = 0; i < h->nr_events; i++) {
		const struct oom_event *e = h->events[i];

		if (e->kernel)
			h->kernel = intern_str(&m->strings, e->kernel);
		if (e->hardware)
			h->hardware = intern_str(&m->strings, e->hardware);
	}
	h->hypervisor = hypervisor_from_hardware(h->hardware);
}

static int cmp_hosts(const void *a, const void *b)
{
	const struct host *x = *(const struct host *const *)a;
	const struct host *y = *(const struct host *const *)b;

	if (!x->name || !y->name) {
		if (x->name || y->name)
			return x->name ? -1 : 1;
		return x->origin < y->origin ? -1 : x->origin > y->origin;
	}
	return strcmp(x->name, y->name);
}

void model_finish(struct model *m, const struct model_filter *f)
{
	size_t i, j, out = 0;

	for (i = 0; i < m->nr_hosts; i++) {
		struct host *h = m->hosts[i];
		size_t keep = 0;

		if (f->host && !host_matches(h, f->host)) {
			host_free(h);
			continue;
		}
		if (h->nr_events > 1)
			qsort(h->events, h->nr_events, sizeof(*h->events), cmp_events);
		merge_duplicates(h);
		for (j = 0; j < h->nr_events; j++) {
			if (in_window(h->events[j], f))
				h->events[keep++] = h->events[j];
			else
				oom_event_free(h->events[j]);
		}
		h->nr_events = keep;
		derive_host(m, h);
		m->hosts[out++] = h;
	}
	m->nr_hosts = out;
	if (m->nr_hosts > 1)
		qsort(m->hosts, m->nr_hosts, sizeof(*m->hosts), cmp_hosts);
}
