#include "model/model.h"
#include "facts/platform.h"
#include "util/tzfile.h"

#include <errno.h>
#include <stdio.h>
#include "esx/esx.h"
#include "util/scan.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <strings.h>
#include <time.h>

void model_init(struct model *m)
{
	memset(m, 0, sizeof(*m));
	intern_init(&m->strings);
	m->now = (int64_t)time(NULL);
}

static void host_free(struct host *h)
{
	size_t i;

	for (i = 0; i < h->nr_events; i++)
		oom_event_free(h->events[i]);
	free(h->events);
	for (i = 0; i < h->nr_past; i++)
		oom_event_free(h->past[i]);
	free(h->past);
	factstore_release(&h->facts);
	for (i = 0; i < h->nr_log_hits; i++)
		free(h->log_hits[i].groups);
	free(h->log_hits);
	if (h->zone)
		tz_release(h->zone);
	free(h->zone);
	free(h->zone_problem);
	for (i = 0; i < h->nr_notes; i++)
		oom_note_free(h->notes[i]);
	free(h->notes);
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

void model_add_note(struct model *m, struct oom_note *n)
{
	struct host *h = model_host(m, n->host, n->unit);

	ALLOC_GROW(h->notes, h->nr_notes, h->alloc_notes);
	h->notes[h->nr_notes++] = n;
}

bool event_epoch(const struct oom_event *e, int64_t *out)
{
	return mt_time_epoch(&e->time, out);
}

const struct oom_note *host_other_panic(const struct host *h)
{
	size_t i;

	for (i = 0; i < h->nr_notes; i++)
		if (h->notes[i]->kind == NOTE_PANIC && !h->notes[i]->oom)
			return h->notes[i];
	return NULL;
}

bool note_epoch(const struct oom_note *n, int64_t *out)
{
	return mt_time_epoch(&n->time, out);
}

const char *hypervisor_from_hardware(const char *hw)
{
	struct platform pf;

	if (!hw)
		return NULL;
	if (platform_lookup(WITNESS_HARDWARE, (struct span){ hw, strlen(hw) }, &pf) && pf.hypervisor)
		return pf.hypervisor;
	return "none";
}

/* Most bytes a zone file may have: the largest of the tz database is under 4 KiB. */
#define MT_MAX_TZFILE (64u << 10)

/* A tz database name, never a path out of the database: "America/Los_Angeles", "UTC". */
static bool zone_name_ok(const char *name)
{
	return *name && *name != '/' && !strstr(name, "..") && strlen(name) < 256;
}

static void zone_problem(struct host *h, struct strbuf *why)
{
	free(h->zone_problem);
	h->zone_problem = strbuf_detach(why);
}

/*
 * The zone of a copied etc/localtime: what the guest's clock printed by,
 * its own tz data's history, before any name the system's database reads.
 */
static bool host_zone_copy(struct host *h)
{
	const struct fact *f = fact_get(&h->facts, "identity.timezone_history");
	struct tz_rules z;

	if (!f || f->type != FACT_STR || tz_rules_read(f->s, &z))
		return false;
	h->zone = xmalloc(sizeof(*h->zone));
	*h->zone = z;
	return true;
}

static void host_zone(struct host *h, const char *dir)
{
	const struct fact *f = fact_get(&h->facts, "identity.timezone");
	struct strbuf path = STRBUF_INIT, why = STRBUF_INIT;
	char *buf = NULL;
	struct tz_rules z;
	FILE *fp;
	size_t n;

	if (host_zone_copy(h) || !f || f->type != FACT_STR)
		return;
	if (!zone_name_ok(f->s)) {
		strbuf_addf(&why, "the time zone '%s' is not a tz database name", f->s);
		zone_problem(h, &why);
		return;
	}
	strbuf_addf(&path, "%s/%s", dir, f->s);
	if (!(fp = fopen(path.buf, "rb"))) {
		strbuf_addf(&why, "the time zone '%s' is not in %s (%s)", f->s, dir, strerror(errno));
		zone_problem(h, &why);
		goto out;
	}
	buf = xmalloc(MT_MAX_TZFILE);
	n = fread(buf, 1, MT_MAX_TZFILE, fp);
	fclose(fp);
	if (tz_parse(buf, n, &z)) {
		strbuf_addf(&why, "the time zone '%s' of %s is not a TZif file", f->s, dir);
		zone_problem(h, &why);
		goto out;
	}
	h->zone = xmalloc(sizeof(*h->zone));
	*h->zone = z;
out:
	strbuf_release(&path);
	free(buf);
}

void model_zones(struct model *m, const char *zoneinfo_dir)
{
	size_t i;

	for (i = 0; i < m->nr_hosts; i++)
		host_zone(m->hosts[i], zoneinfo_dir);
}

/*
 * Time order.  Events whose wall time is unknown (raw dmesg, pastes) keep
 * their place relative to their neighbours from the same file by uptime,
 * then by line.
 */
struct when {
	const struct mt_time *time;
	bool has_uptime;
	uint64_t uptime_us;
	struct src_loc src;
};

static int cmp_when(const struct when *x, const struct when *y)
{
	int64_t tx, ty;
	bool hx = mt_time_epoch(x->time, &tx), hy = mt_time_epoch(y->time, &ty);
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

static int cmp_events(const void *a, const void *b)
{
	const struct oom_event *x = *(const struct oom_event *const *)a;
	const struct oom_event *y = *(const struct oom_event *const *)b;
	struct when wx = { &x->time, x->has_uptime, x->uptime_us, x->src };
	struct when wy = { &y->time, y->has_uptime, y->uptime_us, y->src };

	return cmp_when(&wx, &wy);
}

static int cmp_notes(const void *a, const void *b)
{
	const struct oom_note *x = *(const struct oom_note *const *)a;
	const struct oom_note *y = *(const struct oom_note *const *)b;
	struct when wx = { &x->time, x->has_uptime, x->uptime_us, x->src };
	struct when wy = { &y->time, y->has_uptime, y->uptime_us, y->src };

	return cmp_when(&wx, &wy);
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
	size_t other = 1;

	/* copies are of other files (same_event()): a group read from one file has none, however big */
	while (other < n && (*group[other])->src.file == (*group[0])->src.file)
		other++;
	if (other == n)
		return;
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
	return h->name && host_name_same(h->name, want);
}

static bool in_window(const struct mt_time *time, const struct model_filter *f)
{
	int64_t t;

	if (!mt_time_epoch(time, &t))
		return true;
	return (!f->has_since || t >= f->since) && (!f->has_until || t < f->until);
}

/* The same line read twice (dmesg and messages): same kind, text and count, close in time. */
static bool same_note(const struct oom_note *x, const struct oom_note *y)
{
	int64_t tx, ty;

	if (x->kind != y->kind || x->src.file == y->src.file || x->count != y->count ||
	    strcmp(x->text, y->text))
		return false;
	if (x->has_uptime && y->has_uptime)
		return llabs((long long)x->uptime_us - (long long)y->uptime_us) <= 1000000;
	if (note_epoch(x, &tx) && note_epoch(y, &ty))
		return llabs((long long)(tx - ty)) <= 2;
	return true;
}

/* Copies of one line lie close together once in time order: each is looked for among the next few. */
#define NOTE_COPY_SPAN 8

/* In time order, each note once, those of the window of @f only. */
static void finish_notes(struct host *h, const struct model_filter *f)
{
	size_t i, j, out = 0;

	if (h->nr_notes > 1)
		qsort(h->notes, h->nr_notes, sizeof(*h->notes), cmp_notes);
	for (i = 0; i < h->nr_notes; i++) {
		struct oom_note *n = h->notes[i];

		for (j = i + 1; n && j < h->nr_notes && j <= i + NOTE_COPY_SPAN; j++) {
			if (h->notes[j] && same_note(n, h->notes[j])) {
				h->notes[j]->oom |= n->oom;
				oom_note_free(n);
				n = NULL;
			}
		}
		if (n && in_window(&n->time, f))
			h->notes[out++] = n;
		else
			oom_note_free(n);
	}
	h->nr_notes = out;
}

/*
 * A host the logs name only in rate limits' counts ("net_ratelimit: 5
 * callbacks suppressed" of a router in a central log) has nothing to report.
 */
static bool only_rate_limits(const struct host *h)
{
	size_t i;

	if (h->nr_events || h->facts.nr || h->nr_log_hits || h->snapshot || !h->nr_notes)
		return false;
	for (i = 0; i < h->nr_notes; i++)
		if (h->notes[i]->kind != NOTE_SUPPRESSED)
			return false;
	return true;
}

/*
 * What the notes tell, as facts the rules can test: set only when the logs
 * hold such a line, so that a log without one leaves them unknown.
 */
static void note_facts(struct host *h)
{
	const struct oom_note *first_panic = NULL, *first_other = NULL, *first_sup = NULL;
	int64_t panics = 0, other = 0, suppressed = 0, before_reports = 0;
	size_t i;

	for (i = 0; i < h->nr_notes; i++) {
		const struct oom_note *n = h->notes[i];

		if (n->kind == NOTE_PANIC) {
			first_panic = first_panic ? first_panic : n;
			panics++;
			if (!n->oom && !other++)
				first_other = n;
		} else {
			first_sup = first_sup ? first_sup : n;
			suppressed += n->count;
			before_reports += n->oom ? n->count : 0;
		}
	}
	if (first_panic) {
		fact_set_int(&h->facts, "log.panics", panics, "count", first_panic->src);
		fact_set_int(&h->facts, "log.panics_not_oom", other, "count",
			     first_other ? first_other->src : first_panic->src);
	}
	if (first_other)
		fact_set_str(&h->facts, "log.panic_not_oom", first_other->text, strlen(first_other->text),
			     first_other->src);
	if (first_sup) {
		fact_set_int(&h->facts, "log.suppressed", suppressed, "count", first_sup->src);
		fact_set_int(&h->facts, "log.suppressed_before_reports", before_reports, "count", first_sup->src);
	}
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

/* Whether the hypervisor is still open to a weaker witness. */
static bool hypervisor_open(const struct host *h)
{
	return !h->hypervisor || !strcmp(h->hypervisor, "none") || !strcmp(h->hypervisor, "unknown");
}

/* A witness string of the logs: its hypervisor where none is known yet, its platform where none is. */
static void host_witness(struct host *h, const char *text, enum platform_witness kind)
{
	struct platform pf;

	if (!text || !platform_lookup(kind, (struct span){ text, strlen(text) }, &pf))
		return;
	if (pf.hypervisor && hypervisor_open(h))
		h->hypervisor = pf.hypervisor;
	if (pf.platform && !h->platform)
		h->platform = pf.platform;
}

static const char *str_fact_of(const struct host *h, const char *name)
{
	const struct fact *f = fact_get(&h->facts, name);

	return f && f->type == FACT_STR ? f->s : NULL;
}

/*
 * The host's hypervisor and platform: the snapshot's (DMI, lscpu, virt-what
 * ...: facts/derive.c) first, then what the logs show, from the most direct
 * witness: the OOM report's "Hardware name:", the boot "DMI:" line, the boot
 * "Hypervisor detected:", a VMware balloon driver in a report, the flavour
 * of a cloud kernel.
 */
static void derive_host(struct model *m, struct host *h)
{
	const char *hv = str_fact_of(h, "virt.hypervisor");
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
	if (!h->hardware && str_fact_of(h, "virt.dmesg_hardware"))
		h->hardware = str_fact_of(h, "virt.dmesg_hardware");
	h->hypervisor = hv;
	h->platform = str_fact_of(h, "virt.platform");
	if (h->hardware && hypervisor_open(h))
		h->hypervisor = hypervisor_from_hardware(h->hardware);
	host_witness(h, h->hardware, WITNESS_HARDWARE);
	host_witness(h, str_fact_of(h, "virt.dmesg_hypervisor"), WITNESS_VENDOR);
	if (balloon && hypervisor_open(h))
		h->hypervisor = "vmware";
	host_witness(h, h->kernel, WITNESS_KERNEL);
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
 * log is older than all of these), else from the time it is read (a pipe);
 * each line before it lies as many years earlier as Dec->Jan turns separate
 * them.  The last two are guesses, and said so (t->year_from): an old post
 * saved today dates itself today.  A guess is never later than the run, and
 * no walk goes back past MT_FIRST_YEAR (logs concatenated from many years,
 * or a file whose months jump back and forth): it stops there, said so.
 */
struct year_hints {
	unsigned rollovers, last_mon, last_day;
	int64_t mtime;               /* 0: unknown */
};

/* The date the log's last line is no later than, and what says so. */
static enum mt_year_from year_reference(const struct model *m, unsigned unit,
					const struct year_hints *log, struct mt_time *ref)
{
	const struct snapshot *snap = unit < m->nr_units ? m->units[unit].snapshot : NULL;
	const struct fact *col = snap ? fact_get(&snap->facts, "identity.collected") : NULL;
	struct mt_time now;

	mt_time_from_epoch(&now, m->now, -1, 0, false);
	if (col && col->type == FACT_STR && civil_of(col->s, ref))
		return MT_YEAR_SNAPSHOT;
	if (!log->mtime || log->mtime > m->now) {
		*ref = now;
		return MT_YEAR_READ;
	}
	mt_time_from_epoch(ref, log->mtime, -1, 0, false);
	return MT_YEAR_MTIME;
}

static void resolve_year_of(const struct model *m, unsigned unit, struct mt_time *t,
			    const struct year_hints *log)
{
	struct mt_time ref;
	int last_year;

	if (!t->valid || t->year)
		return;
	if (m->year) {
		last_year = m->year;
		t->year_from = MT_YEAR_OPTION;
	} else {
		t->year_from = year_reference(m, unit, log, &ref);
		last_year = ref.year;
		if (log->last_mon > ref.mon || (log->last_mon == ref.mon && log->last_day > ref.day + 1))
			last_year--;
	}
	t->year = last_year - (int)(log->rollovers - t->rollover);
	if (t->year < MT_FIRST_YEAR) {
		t->year = MT_FIRST_YEAR;
		t->year_floored = true;
	}
	if (t->mon == 2 && t->day == 29 && !is_leap_year(t->year))
		t->day = 28; /* a stamp that cannot be: keep it in its month */
}

static void resolve_year(const struct model *m, struct oom_event *e)
{
	struct year_hints log = { e->log_rollovers, e->log_last_mon, e->log_last_day, e->log_mtime };

	resolve_year_of(m, e->unit, &e->time, &log);
}

static void resolve_note_year(const struct model *m, struct oom_note *n)
{
	struct year_hints log = { n->log_rollovers, n->log_last_mon, n->log_last_day, n->log_mtime };

	resolve_year_of(m, n->unit, &n->time, &log);
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
	for (i = 0; i < src->nr_notes; i++) {
		ALLOC_GROW(dst->notes, dst->nr_notes, dst->alloc_notes);
		dst->notes[dst->nr_notes++] = src->notes[i];
	}
	src->nr_notes = 0;
	factstore_merge(&dst->facts, &src->facts);
	merge_log_hits(dst, src);
	if (!dst->snapshot)
		dst->snapshot = src->snapshot;
	host_free(src);
}

bool host_name_same(const char *a, const char *b)
{
	size_t n = strcspn(a, ".");

	if (!strcasecmp(a, b))
		return true;
	return n == strcspn(b, ".") && !strncasecmp(a, b, n) && (!a[n] || !b[n]);
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
			if (b->name ? a->name && !b->snapshot && host_name_same(a->name, b->name)
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
		if (j == SIZE_MAX || !(a = m->hosts[j]) || !host_name_same(a->name, b->name)) {
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
 * the kernel both acting): each names the other.  Within a minute of the
 * kill, the report of the same victim pairs first, else the nearest one
 * (the earlier in the host's order of two as near).
 */
#define PAIR_WINDOW_S 60

/* A kernel report that may pair: its time and its place in the host's events. */
struct pair_candidate {
	int64_t epoch;
	size_t at;
};

static int cmp_pair_candidates(const void *x, const void *y)
{
	const struct pair_candidate *a = x, *b = y;

	if (a->epoch != b->epoch)
		return a->epoch < b->epoch ? -1 : 1;
	return a->at < b->at ? -1 : a->at > b->at;
}

/* The first of the @nr candidates (by time) at or after @epoch. */
static size_t first_candidate_from(const struct pair_candidate *c, size_t nr, int64_t epoch)
{
	size_t lo = 0, hi = nr;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c[mid].epoch < epoch)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * The kernel report that the kill @u at @tu pairs with, among the @nr
 * candidates sorted by time: only those within the window are looked at, so
 * a log of thousands of kills of both kinds is not compared pairwise.
 */
static struct oom_event *pair_for(const struct host *h, const struct oom_event *u, int64_t tu,
				  const struct pair_candidate *c, size_t nr)
{
	struct oom_event *best = NULL;
	int64_t best_d = PAIR_WINDOW_S + 1;
	size_t i, best_at = 0;

	for (i = first_candidate_from(c, nr, tu - PAIR_WINDOW_S); i < nr && c[i].epoch <= tu + PAIR_WINDOW_S; i++) {
		struct oom_event *k = h->events[c[i].at];
		int64_t d = c[i].epoch > tu ? c[i].epoch - tu : tu - c[i].epoch;

		if (k->paired)
			continue;
		if (u->victim_pid != MT_UNKNOWN && k->victim_pid == u->victim_pid)
			d = 0;
		if (d < best_d || (d == best_d && c[i].at < best_at)) {
			best = k;
			best_d = d;
			best_at = c[i].at;
		}
	}
	return best;
}

static void pair_userspace_kills(struct host *h)
{
	struct pair_candidate *c;
	size_t i, nr = 0;
	int64_t t;

	c = xcalloc(h->nr_events ? h->nr_events : 1, sizeof(*c));
	for (i = 0; i < h->nr_events; i++)
		if (h->events[i]->type != OOM_USERSPACE_KILL && event_epoch(h->events[i], &t))
			c[nr++] = (struct pair_candidate){ t, i };
	if (nr > 1)
		qsort(c, nr, sizeof(*c), cmp_pair_candidates);
	for (i = 0; nr && i < h->nr_events; i++) {
		struct oom_event *u = h->events[i], *k;

		if (u->type != OOM_USERSPACE_KILL || !event_epoch(u, &t))
			continue;
		k = pair_for(h, u, t, c, nr);
		if (k) {
			u->paired = k;
			k->paired = u;
		}
	}
	free(c);
}

void model_finish(struct model *m, const struct model_filter *f)
{
	size_t i, j, out = 0;

	for (i = 0; i < m->nr_hosts; i++) {
		for (j = 0; j < m->hosts[i]->nr_events; j++)
			resolve_year(m, m->hosts[i]->events[j]);
		for (j = 0; j < m->hosts[i]->nr_notes; j++)
			resolve_note_year(m, m->hosts[i]->notes[j]);
	}
	join_hosts(m);

	for (i = 0; i < m->nr_hosts; i++) {
		struct host *h = m->hosts[i];
		size_t keep = 0;

		if ((f->host && !host_matches(h, f->host)) || only_rate_limits(h)) {
			host_free(h);
			continue;
		}
		if (h->nr_events > 1)
			qsort(h->events, h->nr_events, sizeof(*h->events), cmp_events);
		merge_duplicates(h);
		for (j = 0; j < h->nr_events; j++) {
			if (in_window(&h->events[j]->time, f))
				h->events[keep++] = h->events[j];
			else
				oom_event_free(h->events[j]);
		}
		h->nr_events = keep;
		finish_notes(h, f);
		note_facts(h);
		pair_userspace_kills(h);
		derive_host(m, h);
		m->hosts[out++] = h;
	}
	m->nr_hosts = out;
	if (m->nr_hosts > 1)
		qsort(m->hosts, m->nr_hosts, sizeof(*m->hosts), cmp_hosts);
	compact_hosts(m); /* the name index follows the new order */
}
