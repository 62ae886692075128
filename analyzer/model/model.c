#include "model/model.h"
#include "esx/esx.h"
#include "util/scan.h"
#include "util/strbuf.h"
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
	factstore_release(&h->facts);
	for (i = 0; i < h->nr_log_hits; i++)
		free(h->log_hits[i].groups);
	free(h->log_hits);
	free(h);
}

void model_release(struct model *m)
{
	size_t i;

	for (i = 0; i < m->nr_hosts; i++)
		host_free(m->hosts[i]);
	free(m->hosts);
	for (i = 0; i < m->nr_snapshots; i++) {
		factstore_release(&m->snapshots[i]->facts);
		free(m->snapshots[i]);
	}
	free(m->snapshots);
	for (i = 0; i < m->nr_captures; i++) {
		esx_capture_release(m->captures[i]);
		free(m->captures[i]);
	}
	free(m->captures);
	free(m->units);
	ptrmap_release(&m->host_of);
	intern_release(&m->strings);
	memset(m, 0, sizeof(*m));
}

static unsigned add_unit(struct model *m, const char *label, struct snapshot *snap)
{
	ALLOC_GROW(m->units, m->nr_units, m->alloc_units);
	m->units[m->nr_units].label = intern_str(&m->strings, label);
	m->units[m->nr_units].snapshot = snap;
	return (unsigned)m->nr_units++;
}

unsigned model_add_unit(struct model *m, const char *label)
{
	return add_unit(m, label, NULL);
}

struct snapshot *model_snapshot(struct model *m, unsigned origin, const char *prefix,
				const char *root)
{
	const char *p = intern_str(&m->strings, prefix);
	struct snapshot *s;
	size_t i;

	for (i = 0; i < m->nr_snapshots; i++) {
		s = m->snapshots[i];
		if (s->prefix == p && s->origin == origin)
			return s;
	}
	s = xcalloc(1, sizeof(*s));
	s->prefix = p;
	s->origin = origin;
	s->root = intern_str(&m->strings, root);
	factstore_init(&s->facts, &m->strings);
	s->unit = add_unit(m, root, s);
	ALLOC_GROW(m->snapshots, m->nr_snapshots, m->alloc_snapshots);
	m->snapshots[m->nr_snapshots++] = s;
	return s;
}

#define TOO_MANY_HOSTS "(more hosts than memtriage keeps)"

struct host *model_host(struct model *m, const char *name, unsigned unit)
{
	struct host *h;
	size_t i;

	if (name) {
		i = ptrmap_get(&m->host_of, name);
		if (i != SIZE_MAX && i < m->nr_hosts && m->hosts[i] && m->hosts[i]->name == name)
			return m->hosts[i];
	} else {
		for (i = 0; i < m->nr_hosts; i++) {
			h = m->hosts[i];
			if (h && !h->name && h->unit == unit)
				return h;
		}
	}
	if (m->nr_hosts >= MT_MAX_HOSTS && name && strcmp(name, TOO_MANY_HOSTS)) {
		/* a log naming more hosts than any fleet has: the rest share one entry */
		m->hosts_dropped++;
		return model_host(m, intern_str(&m->strings, TOO_MANY_HOSTS), unit);
	}
	h = xcalloc(1, sizeof(*h));
	h->name = name;
	h->unit = unit;
	h->origin_path = unit < m->nr_units ? m->units[unit].label : NULL;
	factstore_init(&h->facts, &m->strings);
	ALLOC_GROW(m->hosts, m->nr_hosts, m->alloc_hosts);
	if (name)
		ptrmap_put(&m->host_of, name, m->nr_hosts);
	m->hosts[m->nr_hosts++] = h;
	return h;
}

void model_add_event(struct model *m, struct oom_event *e)
{
	struct host *h = model_host(m, e->host, e->unit);

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
		{ "Microsoft Hyper-V", "hyperv" },
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

/* Events that can be the same report are of one kind with one trigger and victim. */
static int cmp_candidates(const void *x, const void *y)
{
	const struct oom_event *a = **(const struct oom_event *const *const *)x;
	const struct oom_event *b = **(const struct oom_event *const *const *)y;
	const void *pa = *(const void *const *)x, *pb = *(const void *const *)y;

	if (a->type != b->type)
		return a->type < b->type ? -1 : 1;
	if (a->trigger_pid != b->trigger_pid)
		return a->trigger_pid < b->trigger_pid ? -1 : 1;
	if (a->victim_pid != b->victim_pid)
		return a->victim_pid < b->victim_pid ? -1 : 1;
	return (pa > pb) - (pa < pb); /* in the order read */
}

static bool may_be_same(const struct oom_event *a, const struct oom_event *b)
{
	return a->type == b->type && a->trigger_pid == b->trigger_pid && a->victim_pid == b->victim_pid;
}

/*
 * Within one group of candidates, in the order read: a copy of an event kept
 * before goes, or takes its place when it is richer.
 */
static void merge_group(struct host *h, struct oom_event ***group, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		struct oom_event **slot = group[i];

		for (size_t j = 0; j < i; j++) {
			struct oom_event **kept = group[j], *e = *slot;

			if (!*kept || !same_event(*kept, e))
				continue;
			if (richer(e, *kept)) {
				*slot = *kept;
				*kept = e;
				e = *slot;
			}
			oom_event_free(e);
			*slot = NULL;
			h->duplicates++;
			break;
		}
	}
}

/*
 * Each report once.  Grouped by kind, trigger and victim first: a central
 * log can hold thousands of reports of one host, too many to compare pair
 * by pair.
 */
static void merge_duplicates(struct host *h)
{
	struct oom_event ***by = xcalloc(h->nr_events ? h->nr_events : 1, sizeof(*by));
	size_t i, j, out = 0;

	for (i = 0; i < h->nr_events; i++)
		by[i] = &h->events[i];
	qsort(by, h->nr_events, sizeof(*by), cmp_candidates);
	for (i = 0; i < h->nr_events; i = j) {
		const struct oom_event *e = *by[i];

		for (j = i + 1; j < h->nr_events && may_be_same(e, *by[j]); j++)
			;
		if (e->trigger_pid != MT_UNKNOWN || e->victim_pid != MT_UNKNOWN) /* else none is the same */
			merge_group(h, by + i, j - i);
	}
	free(by);
	for (i = 0; i < h->nr_events; i++)
		if (h->events[i])
			h->events[out++] = h->events[i];
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

/* The VMware balloon drivers name themselves in the reports they cause. */
static bool vmware_balloon_seen(const struct oom_event *e)
{
	size_t i;

	if (e->trigger_comm && !strcmp(e->trigger_comm, "vmmemctl"))
		return true;
	for (i = 0; i < e->nr_trace; i++)
		if (strstr(e->trace[i], "vmballoon") || strstr(e->trace[i], "BalloonPageAlloc"))
			return true;
	return false;
}

static void derive_host(struct model *m, struct host *h)
{
	const struct fact *hv = fact_get(&h->facts, "virt.hypervisor");
	const struct fact *boot = fact_get(&h->facts, "virt.dmesg_hypervisor");
	bool balloon = false;
	size_t i;

	for (i = 0; i < h->nr_events; i++) {
		const struct oom_event *e = h->events[i];

		if (e->kernel)
			h->kernel = intern_str(&m->strings, e->kernel);
		if (e->hardware)
			h->hardware = intern_str(&m->strings, e->hardware);
		balloon |= vmware_balloon_seen(e);
	}
	if (!h->kernel && fact_get(&h->facts, "kernel.release"))
		h->kernel = fact_get(&h->facts, "kernel.release")->s;
	h->hypervisor = hypervisor_from_hardware(h->hardware);
	if (hv && hv->type == FACT_STR)
		h->hypervisor = hv->s;
	else if (boot && boot->type == FACT_STR && (!h->hypervisor || !strcmp(h->hypervisor, "none")))
		h->hypervisor = hypervisor_from_hardware(boot->s);
	else if (balloon && (!h->hypervisor || !strcmp(h->hypervisor, "none")))
		h->hypervisor = "vmware";
}

static int cmp_hosts(const void *a, const void *b)
{
	const struct host *x = *(const struct host *const *)a;
	const struct host *y = *(const struct host *const *)b;

	if (!x->name || !y->name) {
		if (x->name || y->name)
			return x->name ? -1 : 1;
		return x->unit < y->unit ? -1 : x->unit > y->unit;
	}
	return strcmp(x->name, y->name);
}

/* "2019-10-15T08:20:45..." -> year, month, day */
static bool civil_of(const char *iso, struct mt_time *t)
{
	const char *p = iso, *end = iso + strlen(iso);
	unsigned y;

	memset(t, 0, sizeof(*t));
	if (!scan_digits(&p, end, 4, &y) || !scan_char(&p, end, '-') ||
	    !scan_digits(&p, end, 2, &t->mon) || !scan_char(&p, end, '-') ||
	    !scan_digits(&p, end, 2, &t->day))
		return false;
	t->year = (int)y;
	return true;
}

/*
 * Syslog stamps have no year.  A log's last line is dated from --year, else
 * from the date its snapshot was collected, else from its file's mtime (a
 * log is older than all of these); each line before it lies as many years
 * earlier as Dec->Jan turns separate them.
 */
static void resolve_year(const struct model *m, struct oom_event *e)
{
	const struct snapshot *snap = e->unit < m->nr_units ? m->units[e->unit].snapshot : NULL;
	const struct fact *col = snap ? fact_get(&snap->facts, "identity.collected") : NULL;
	struct mt_time ref;
	int last_year;

	if (!e->time.valid || e->time.year)
		return;
	if (m->year) {
		last_year = m->year;
	} else {
		if (!(col && col->type == FACT_STR && civil_of(col->s, &ref)))
			mt_time_from_epoch(&ref, e->log_mtime, -1, 0, false);
		last_year = ref.year;
		if (e->log_last_mon > ref.mon || (e->log_last_mon == ref.mon && e->log_last_day > ref.day + 1))
			last_year--;
	}
	e->time.year = last_year - (int)(e->log_rollovers - e->time.rollover);
	if (e->time.mon == 2 && e->time.day == 29 && !is_leap_year(e->time.year))
		e->time.day = 28; /* a stamp that cannot be: keep it in its month */
}

static void merge_log_hits(struct host *dst, struct host *src)
{
	size_t i, k;

	if (!src->nr_log_hits)
		return;
	if (!dst->nr_log_hits) {
		dst->log_hits = src->log_hits;
		dst->nr_log_hits = src->nr_log_hits;
		src->log_hits = NULL;
		src->nr_log_hits = 0;
		return;
	}
	for (i = 0; i < dst->nr_log_hits && i < src->nr_log_hits; i++) {
		struct log_hit *d = &dst->log_hits[i], *s = &src->log_hits[i];

		for (k = 0; k < s->count && k < LOG_HIT_LOCS && d->count + k < LOG_HIT_LOCS; k++)
			d->locs[d->count + k] = s->locs[k];
		d->count += s->count;
		if (!d->groups) {
			d->groups = s->groups;
			s->groups = NULL;
		}
	}
}

/* Move everything of @src into @dst; @src is freed. */
static void merge_host(struct host *dst, struct host *src)
{
	size_t i;

	for (i = 0; i < src->nr_events; i++) {
		ALLOC_GROW(dst->events, dst->nr_events, dst->alloc_events);
		dst->events[dst->nr_events++] = src->events[i];
	}
	src->nr_events = 0;
	factstore_merge(&dst->facts, &src->facts);
	merge_log_hits(dst, src);
	if (!dst->snapshot)
		dst->snapshot = src->snapshot;
	host_free(src);
}

static size_t short_len(const char *name)
{
	return strcspn(name, ".");
}

/* "app01" and "app01.example.com" are one host; two different FQDNs are not. */
static bool same_host_name(const char *a, const char *b)
{
	size_t n = short_len(a);

	if (!strcasecmp(a, b))
		return true;
	return n == short_len(b) && !strncasecmp(a, b, n) && (!a[n] || !b[n]);
}

/*
 * A snapshot that gives no host name: its logs may (one syslog host name in
 * them all); else its facts go to the unnamed host of the snapshot, when it
 * has any facts at all.
 */
static struct host *host_of_unnamed_snapshot(struct model *m, const struct snapshot *s)
{
	struct host *found = NULL;
	size_t i, j;

	for (i = 0; i < m->nr_hosts; i++) {
		struct host *h = m->hosts[i];

		for (j = 0; h->name && j < h->nr_events; j++) {
			if (h->events[j]->unit != s->unit)
				continue;
			if (found && found != h)
				return NULL;
			found = h;
		}
	}
	if (found)
		return found;
	return s->facts.nr ? model_host(m, NULL, s->unit) : NULL;
}

/* Drop the NULLs merging left, and index the names again. */
static void compact_hosts(struct model *m)
{
	size_t i, out = 0;

	ptrmap_release(&m->host_of);
	for (i = 0; i < m->nr_hosts; i++) {
		if (!m->hosts[i])
			continue;
		if (m->hosts[i]->name)
			ptrmap_put(&m->host_of, m->hosts[i]->name, out);
		m->hosts[out++] = m->hosts[i];
	}
	m->nr_hosts = out;
}

/* Each snapshot's facts go to the host it names, or the one its logs name. */
static void attach_snapshots(struct model *m)
{
	size_t i;

	for (i = 0; i < m->nr_snapshots; i++) {
		struct snapshot *s = m->snapshots[i];
		struct host *h;

		h = s->hostname ? model_host(m, intern_str(&m->strings, s->hostname), s->unit)
				: host_of_unnamed_snapshot(m, s);
		if (!h)
			continue;
		h->snapshot = s;
		factstore_merge(&h->facts, &s->facts);
	}
}

/*
 * A host with a snapshot takes the unnamed lines of that snapshot's logs
 * and every host of the same name that has no snapshot of its own.
 */
static void merge_into_snapshot_hosts(struct model *m)
{
	size_t i, j;

	/* merged hosts leave a NULL behind; the list is compacted once at the end */
	for (i = 0; i < m->nr_hosts; i++) {
		struct host *a = m->hosts[i];

		for (j = 0; a && a->snapshot && j < m->nr_hosts; j++) {
			struct host *b = m->hosts[j];

			if (i == j || !b)
				continue;
			if (b->name ? a->name && !b->snapshot && same_host_name(a->name, b->name)
				    : b->unit == a->snapshot->unit) {
				merge_host(a, b);
				m->hosts[j] = NULL;
			}
		}
	}
	compact_hosts(m);
}

/* "App01.example.com" -> "app01", the key short names and FQDNs meet by. */
static void short_name_key(const char *name, struct strbuf *key)
{
	size_t i;

	strbuf_reset(key);
	for (i = 0; name[i] && name[i] != '.'; i++)
		strbuf_addch(key, (char)(name[i] | (name[i] >= 'A' && name[i] <= 'Z' ? 0x20 : 0)));
}

/* Short name and FQDN of one host, neither from a snapshot, become one host under the FQDN. */
static void merge_short_and_full_names(struct model *m)
{
	struct ptrmap by_short;
	struct strbuf key = STRBUF_INIT;
	size_t i, j;

	ptrmap_init(&by_short);
	for (i = 0; i < m->nr_hosts; i++) {
		struct host *b = m->hosts[i], *a;
		const char *k;

		if (!b || !b->name || b->snapshot)
			continue;
		short_name_key(b->name, &key);
		k = intern_str(&m->strings, key.buf);
		j = ptrmap_get(&by_short, k);
		if (j == SIZE_MAX || !(a = m->hosts[j]) || !same_host_name(a->name, b->name)) {
			ptrmap_put(&by_short, k, i);
			continue;
		}
		/* the FQDN is the name kept */
		if (strlen(b->name) > strlen(a->name)) {
			m->hosts[j] = b;
			b = a;
		}
		merge_host(m->hosts[j], b);
		m->hosts[i] = NULL;
	}
	strbuf_release(&key);
	ptrmap_release(&by_short);
	compact_hosts(m);
}

/*
 * Hosts named by a snapshot take the unnamed lines of that snapshot's logs,
 * and every host of the same name given elsewhere; then short names and
 * FQDNs of one host are joined.  The snapshot's form of the name wins.
 */
static void join_hosts(struct model *m)
{
	attach_snapshots(m);
	merge_into_snapshot_hosts(m);
	merge_short_and_full_names(m);
}

/*
 * A userspace killer's kill and the kernel's OOM report of the same moment
 * (earlyoom's SIGTERM not heeded, then the kernel's kill; systemd-oomd and
 * the kernel both acting): each names the other.  The same victim pairs
 * first, else the nearest report within a minute.
 */
#define PAIR_WINDOW_S 60

static void pair_userspace_kills(struct host *h)
{
	size_t i, j;

	for (i = 0; i < h->nr_events; i++) {
		struct oom_event *u = h->events[i], *best = NULL;
		int64_t tu, tk, best_d = PAIR_WINDOW_S + 1;

		if (u->type != OOM_USERSPACE_KILL || !event_epoch(u, &tu))
			continue;
		for (j = 0; j < h->nr_events; j++) {
			struct oom_event *k = h->events[j];
			int64_t d;

			if (k->type == OOM_USERSPACE_KILL || k->paired || !event_epoch(k, &tk))
				continue;
			d = tk > tu ? tk - tu : tu - tk;
			if (u->victim_pid != MT_UNKNOWN && k->victim_pid == u->victim_pid)
				d = 0;
			if (d < best_d) {
				best = k;
				best_d = d;
			}
		}
		if (best) {
			u->paired = best;
			best->paired = u;
		}
	}
}

void model_finish(struct model *m, const struct model_filter *f)
{
	size_t i, j, out = 0;

	for (i = 0; i < m->nr_hosts; i++)
		for (j = 0; j < m->hosts[i]->nr_events; j++)
			resolve_year(m, m->hosts[i]->events[j]);
	join_hosts(m);

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
		pair_userspace_kills(h);
		derive_host(m, h);
		m->hosts[out++] = h;
	}
	m->nr_hosts = out;
	if (m->nr_hosts > 1)
		qsort(m->hosts, m->nr_hosts, sizeof(*m->hosts), cmp_hosts);
	compact_hosts(m); /* the name index follows the new order */
}
