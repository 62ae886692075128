#include "model/esx_match.h"
#include "util/tzfile.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <strings.h>

const char *const esx_band_names[5] = { "high", "clear", "soft", "hard", "low" };

/*
 * ESXi 6.x memory states by free memory against minFree: high from 400 %,
 * clear down to 64 %, soft below it, hard below 32 %, low below 16 %.  The
 * number esxtop prints as "Kernel State" changed meaning between releases
 * (0-3 before 6.0, 0-4 after), so the band is computed, and the raw state
 * is reported beside it.
 */
const char *esx_band(double free_mb, double minfree_mb)
{
	double share;

	if (isnan(free_mb) || isnan(minfree_mb) || minfree_mb <= 0)
		return NULL;
	share = free_mb / minfree_mb;
	return share >= 4 ? "high" : share >= 0.64 ? "clear" : share >= 0.32 ? "soft"
	       : share >= 0.16 ? "hard" : "low";
}

static double last_value(const struct series *s, size_t n)
{
	while (s && n--)
		if (!isnan(s->v[n]))
			return s->v[n];
	return NAN;
}

static double max_value(const struct series *s, size_t n)
{
	double m = NAN;
	size_t i;

	for (i = 0; s && i < n; i++)
		if (!isnan(s->v[i]) && (isnan(m) || s->v[i] > m))
			m = s->v[i];
	return m;
}

static double value(const struct esx_capture *cap, const struct esx_vm *vm, const char *name, size_t i)
{
	const struct series *s = esx_series(cap, vm, name);

	return s && i < cap->nr_samples ? s->v[i] : NAN;
}

/*
 * The interactive screen prints the state by name ("VMKMEM/MB: ... high
 * state"), the batch capture only as a number whose meaning changed in 6.0:
 * the word is the host's own judgement and is taken as it is.
 */
const char *esx_band_at(const struct esx_capture *cap, size_t i)
{
	double state = value(cap, NULL, "state", i);

	if (cap->screen && !isnan(state) && state >= 0 && state < 5)
		return esx_band_names[(size_t)state];
	return esx_band(value(cap, NULL, "free_mb", i), value(cap, NULL, "minfree_mb", i));
}

void esx_capacity(const struct esx_capture *cap, struct esx_capacity *out)
{
	size_t i, b, memsz_known = 0, overhead_known = 0;

	memset(out, 0, sizeof(*out));
	out->machine_mb = last_value(esx_series(cap, NULL, "machine_mb"), cap->nr_samples);
	out->host_memctl_mb = max_value(esx_series(cap, NULL, "memctl_mb"), cap->nr_samples);
	for (i = 0; i < cap->nr_vms; i++) {
		const struct esx_vm *vm = &cap->vms[i];
		double memsz = last_value(esx_series(cap, vm, "memsz_mb"), cap->nr_samples);
		double ovh = last_value(esx_series(cap, vm, "overhead_mb"), cap->nr_samples);

		out->vms++;
		memsz_known += !isnan(memsz);
		overhead_known += !isnan(ovh);
		if (!isnan(memsz))
			out->vms_memsz_mb += memsz;
		if (!isnan(ovh))
			out->vms_overhead_mb += ovh;
		out->vms_balloon_known += esx_series(cap, vm, "memctl_mb") != NULL;
		out->vms_swap_known += esx_series(cap, vm, "swapped_mb") != NULL;
		out->vms_ballooned += max_value(esx_series(cap, vm, "memctl_mb"), cap->nr_samples) > 0;
		out->vms_swapped += max_value(esx_series(cap, vm, "swapped_mb"), cap->nr_samples) > 0;
	}
	if (!memsz_known)
		out->vms_memsz_mb = NAN; /* no VM's size given: unknown, not 0 */
	if (!overhead_known)
		out->vms_overhead_mb = NAN;
	out->overcommit = out->machine_mb > 0 && memsz_known ? (out->vms_memsz_mb + out->vms_overhead_mb) / out->machine_mb : NAN;
	for (i = 0; i < cap->nr_samples; i++) {
		const char *band = esx_band_at(cap, i);

		for (b = 0; band && b < 5; b++)
			if (!strcmp(band, esx_band_names[b]))
				out->samples_by_band[b]++;
	}
}

static size_t short_len(const char *name)
{
	return strcspn(name, ".");
}

/* A VM's display name against a guest's short name or FQDN, case-insensitive. */
static bool vm_is_host(const char *vm, const char *host)
{
	size_t n = short_len(host);

	return !strcasecmp(vm, host) || (strlen(vm) == n && !strncasecmp(vm, host, n)) ||
	       (short_len(vm) == n && !strncasecmp(vm, host, n) && !host[n]);
}

const char *vm_map_host(const char *const *vm_map, size_t nr, const char *vm)
{
	size_t i, n = strlen(vm);

	for (i = 0; i < nr; i++) {
		const char *eq = strchr(vm_map[i], '=');

		if (eq && (size_t)(eq - vm_map[i]) == n && !strncasecmp(vm_map[i], vm, n))
			return eq + 1;
	}
	return NULL;
}

struct host *esx_host_of_vm(struct model *m, const struct esx_match_opts *o, const char *vm)
{
	const char *mapped = vm_map_host(o->vm_map, o->nr_vm_map, vm);
	size_t i;

	for (i = 0; mapped && i < m->nr_hosts; i++)
		if (m->hosts[i]->name && vm_is_host(mapped, m->hosts[i]->name))
			return m->hosts[i];
	for (i = 0; i < m->nr_hosts; i++)
		if (m->hosts[i]->name && vm_is_host(vm, m->hosts[i]->name))
			return m->hosts[i];
	return NULL;
}

/* The guest's UTC offset when its log stamps print none: --tz, else its snapshot's date. */
static bool guest_offset(const struct host *h, int *off)
{
	const struct fact *f = fact_get(&h->facts, "identity.collected");
	const char *p;

	if (!f || f->type != FACT_STR || strlen(f->s) < 19)
		return false;
	p = f->s + 19;
	while (*p == '.' || is_digit(*p))
		p++;
	return *p && parse_utc_offset(p, p + strlen(p), off);
}

bool event_utc(const struct host *h, const struct oom_event *e, int64_t *t)
{
	struct mt_time tm = e->time;
	int off;

	if (!tm.valid || !tm.year)
		return false;
	if (!tm.has_off && h->zone) {
		/* the zone's own history: the offset of that day, not of the snapshot's */
		if (!mt_time_epoch(&tm, t))
			return false;
		*t = tz_local_to_utc(h->zone, *t);
		return true;
	}
	if (!tm.has_off && guest_offset(h, &off)) {
		tm.has_off = true;
		tm.off_min = (int16_t)off;
	}
	return mt_time_epoch(&tm, t);
}

/*
 * The sample of @cap that shows the moment @t: the last one taken before it,
 * or after the last only while the next would not yet have been taken.
 * SIZE_MAX when none does.
 */
static size_t sample_at(const struct esx_capture *cap, int64_t t)
{
	size_t i, at = SIZE_MAX;
	int64_t step;

	for (i = 0; i < cap->nr_samples; i++)
		if (cap->times[i] <= t)
			at = i;
	if (at == SIZE_MAX || at + 1 < cap->nr_samples)
		return at; /* before the capture, or inside it */
	step = cap->nr_samples > 1 ? cap->times[at] - cap->times[at - 1] : 300;
	return t - cap->times[at] > 2 * (step > 0 ? step : 300) ? SIZE_MAX : at;
}

static void picture(const struct esx_capture *cap, const struct esx_vm *vm, struct host *h,
		    struct oom_event *e)
{
	struct esx_picture *p;
	int64_t t;
	size_t at;

	if (!event_utc(h, e, &t) || (at = sample_at(cap, t)) == SIZE_MAX)
		return;
	p = xcalloc(1, sizeof(*p));
	p->capture = cap->file;
	p->vm = vm->name;
	p->sample_time = cap->times[at];
	p->before_s = t - cap->times[at];
	p->memsz_mb = value(cap, vm, "memsz_mb", at);
	p->balloon_mb = value(cap, vm, "memctl_mb", at);
	p->balloon_target_mb = value(cap, vm, "memctl_target_mb", at);
	p->balloon_max_mb = value(cap, vm, "memctl_max_mb", at);
	p->swapped_mb = value(cap, vm, "swapped_mb", at);
	p->compressed_mb = value(cap, vm, "compressed_mb", at);
	p->limit_mb = value(cap, vm, "alloc_max_mb", at);
	p->reservation_mb = value(cap, vm, "alloc_min_mb", at);
	p->host_free_mb = value(cap, NULL, "free_mb", at);
	p->host_minfree_mb = value(cap, NULL, "minfree_mb", at);
	p->host_state = value(cap, NULL, "state", at);
	p->host_band = esx_band_at(cap, at);
	free(e->esx);
	e->esx = p;
}

static bool is_vmware(const struct esx_capture *cap)
{
	return !cap->hypervisor || !strcmp(cap->hypervisor, "vmware");
}

/* One reading whose time the tool does not print (virsh, QEMU, xl list, Get-VM). */
static bool untimed(const struct esx_capture *cap)
{
	return cap->nr_samples == 1 && cap->times[0] == 0;
}

/* The guest's configured memory as its own DMI tables give it (MB), NAN when they do not. */
static double guest_dmi_mb(const struct host *h)
{
	const struct fact *f = fact_get(&h->facts, "dmi.memory_total_mb");

	return f && f->type == FACT_INT ? (double)f->i : NAN;
}

/*
 * A KVM guest's memory as its OOM report counts it ("N pages RAM": the
 * zones' present pages), NAN when it does not: the virtio balloon takes
 * pages from the guest's managed memory and leaves the present count whole,
 * so it stands for the configured size when neither the host's figures nor
 * the guest's DMI give it (virsh event gives only what the balloon left).
 */
static double report_ram_mb(const struct oom_event *e)
{
	int64_t pages = kv_get(&e->totals, "pages_ram");

	return pages != MT_UNKNOWN && pages > 0 ? (double)pages * OOM_PAGE_KB / 1024 : NAN;
}

/*
 * What a capture other than VMware's series (KVM, Xen, Hyper-V, or a
 * VMware table of no time: memstats) shows of the guest at the event, as
 * its hypervisor sample: the series' sample at the event,
 * or the capture's one reading of unknown time (true when it was taken,
 * which it does not say).  The balloon is what the capture says it holds,
 * else, for a capture that gives no configured memory (xl list), the
 * guest's DMI memory less what the host grants it (MemTotal is no measure
 * of it).
 */
static void capture_hv_sample(const struct esx_capture *cap, const struct esx_vm *vm, struct host *h,
			      struct oom_event *e)
{
	struct hv_sample *s;
	int64_t t = 0;
	bool timed = event_utc(h, e, &t);
	size_t at = 0;
	double granted;

	if (!untimed(cap) && (!timed || (at = sample_at(cap, t)) == SIZE_MAX))
		return;
	s = xcalloc(1, sizeof(*s));
	s->hypervisor = is_vmware(cap) ? "vmware" : cap->hypervisor;
	s->source = cap->file;
	s->from_capture = true;
	s->at_collection = untimed(cap);
	s->has_time = !s->at_collection;
	s->time = cap->times[at];
	s->has_after = s->has_time && timed;
	s->after_s = s->has_after ? s->time - t : 0;
	s->balloon_mb = value(cap, vm, "memctl_mb", at);
	s->memsz_mb = value(cap, vm, "memsz_mb", at);
	granted = value(cap, vm, "granted_mb", at);
	/* Get-VM's startup memory is no bound (Dynamic Memory hot-adds past it): only the guest's own DMI is */
	if (isnan(s->memsz_mb))
		s->memsz_mb = guest_dmi_mb(h);
	if (isnan(s->memsz_mb) && !strcmp(s->hypervisor, "kvm"))
		s->memsz_mb = report_ram_mb(e);
	if (!isnan(s->memsz_mb) && isnan(s->balloon_mb) && !isnan(granted))
		s->balloon_mb = s->memsz_mb > granted ? s->memsz_mb - granted : 0;
	s->balloon_target_mb = value(cap, vm, "memctl_target_mb", at);
	s->swapped_mb = value(cap, vm, "swapped_mb", at);
	s->compressed_mb = value(cap, vm, "compressed_mb", at);
	/* VMware's settings (memstats' max and min); the others' maximum and minimum are not these */
	s->limit_mb = is_vmware(cap) ? value(cap, vm, "alloc_max_mb", at) : NAN;
	s->reservation_mb = is_vmware(cap) ? value(cap, vm, "alloc_min_mb", at) : NAN;
	s->host_free_mb = value(cap, NULL, "free_mb", at);
	free(e->hv);
	e->hv = s;
}

/* "esx.vm.memsz_mb" for VMware's captures, "kvm.vm.memsz_mb", "hyperv.vm...", "xen.vm..." for the others. */
static const char *fact_name(struct strbuf *sb, const struct esx_capture *cap, const char *what)
{
	strbuf_reset(sb);
	strbuf_addf(sb, "%s.%s", is_vmware(cap) ? "esx" : cap->hypervisor, what);
	return sb->buf;
}

static void set_mb(struct host *h, struct strbuf *sb, const struct esx_capture *cap, const char *what,
		   double v)
{
	if (!isnan(v))
		fact_set_int(&h->facts, fact_name(sb, cap, what), llround(v), "MB",
			     (struct src_loc){ cap->file, 1 });
}

static void vm_facts(const struct esx_capture *cap, const struct esx_vm *vm, struct host *h)
{
	struct esx_capacity c;
	struct strbuf sb = STRBUF_INIT;
	size_t n = cap->nr_samples;
	struct src_loc at = { cap->file, 1 };

	fact_set_str(&h->facts, fact_name(&sb, cap, "vm.name"), vm->name, strlen(vm->name), at);
	if (cap->esx_host)
		fact_set_str(&h->facts, fact_name(&sb, cap, "host.name"), cap->esx_host,
			     strlen(cap->esx_host), at);
	set_mb(h, &sb, cap, "vm.memsz_mb", last_value(esx_series(cap, vm, "memsz_mb"), n));
	set_mb(h, &sb, cap, "vm.limit_mb", last_value(esx_series(cap, vm, "alloc_max_mb"), n));
	set_mb(h, &sb, cap, "vm.reservation_mb", last_value(esx_series(cap, vm, "alloc_min_mb"), n));
	set_mb(h, &sb, cap, "vm.max_balloon_mb", max_value(esx_series(cap, vm, "memctl_mb"), n));
	set_mb(h, &sb, cap, "vm.max_swapped_mb", max_value(esx_series(cap, vm, "swapped_mb"), n));
	set_mb(h, &sb, cap, "vm.max_compressed_mb", max_value(esx_series(cap, vm, "compressed_mb"), n));
	esx_capacity(cap, &c);
	set_mb(h, &sb, cap, "host.machine_mb", c.machine_mb);
	if (!isnan(c.overcommit))
		fact_set_int(&h->facts, fact_name(&sb, cap, "host.overcommit_pct"),
			     llround(c.overcommit * 100), "percent", at);
	/* only when some sample's state is known: no state is not "never below clear" */
	if (c.samples_by_band[0] + c.samples_by_band[1] + c.samples_by_band[2] + c.samples_by_band[3] +
	    c.samples_by_band[4])
		fact_set_int(&h->facts, fact_name(&sb, cap, "host.samples_below_clear"),
			     (int64_t)(c.samples_by_band[2] + c.samples_by_band[3] + c.samples_by_band[4]),
			     "count", at);
	if (cap->hypervisor)
		h->hypervisor = cap->hypervisor;
	strbuf_release(&sb);
}

/*
 * A guest whose log times carry no offset is paired through its zone with a
 * capture's times; when none is known, say so once, and how to give it.
 */
static void zone_note(const struct esx_match_opts *o, struct host *h, const struct esx_capture *cap)
{
	const struct fact *amb, *abbrev;
	struct strbuf why = STRBUF_INIT;
	int off;
	size_t i;

	if (!o->diag || untimed(cap) || h->zone || h->zone_said)
		return; /* a reading of no time is paired with no event's time */
	for (i = 0; i < h->nr_events; i++)
		if (h->events[i]->time.valid && !h->events[i]->time.has_off)
			break;
	if (i == h->nr_events)
		return;
	amb = fact_get(&h->facts, "identity.timezone_ambiguous");
	abbrev = fact_get(&h->facts, "identity.timezone_abbrev");
	if (guest_offset(h, &off)) {
		/* the date's abbreviation is its season's offset, not the zone's history */
		if (abbrev && abbrev->type == FACT_STR && strcmp(abbrev->s, "UTC") && strcmp(abbrev->s, "GMT"))
			diag_warn(o->diag, cap->file, 0,
				  "%s: its log times were read at %+03d:%02d, the offset of its date's '%s' when the snapshot was taken; events of another season may be an hour off: ZONE= in etc/sysconfig/clock or --tz would say",
				  h->name, off / 60, abs(off % 60), abbrev->s);
		h->zone_said = true;
		return;
	}
	if (!h->zone_problem && amb && amb->type == FACT_STR && abbrev && abbrev->type == FACT_STR)
		strbuf_addf(&why, "the guest's time zone is unknown: its date's '%s' may be %s", abbrev->s, amb->s);
	diag_warn(o->diag, cap->file, 0,
		  "%s: %s; its log times were taken as UTC to pair them with this capture: give the guest's offset with --tz",
		  h->name, h->zone_problem ? h->zone_problem : why.len ? why.buf : "the guest's time zone is unknown (no ZONE= in etc/sysconfig/clock, timedatectl, etc/timezone or etc/localtime, no zone in the date)");
	h->zone_said = true;
	strbuf_release(&why);
}

/* A host name against another, each its short name or FQDN, case-insensitive. */
static bool same_host(const char *a, const char *b)
{
	size_t n = short_len(a);

	return !strcasecmp(a, b) || (short_len(b) == n && !strncasecmp(a, b, n));
}

/*
 * Whether guest @h runs on the ESXi host of vmkernel.log @cap: another
 * capture paired its VM on a host of that name (esx.host.name), or one of
 * the log's VM paths is its VM's (--vm vm.N=HOST, as memstats' are); the
 * VM then in *vm.  Never a guest that another hypervisor's figures claim.
 */
static bool admission_guest(struct model *m, const struct esx_match_opts *o, struct esx_capture *cap,
			    struct host *h, const char **vm)
{
	const struct fact *on = fact_get(&h->facts, "esx.host.name");
	size_t v;

	*vm = NULL;
	if (h->hypervisor && strcmp(h->hypervisor, "vmware") && strcmp(h->hypervisor, "unknown"))
		return false;
	for (v = 0; v < cap->nr_vms; v++)
		if (esx_host_of_vm(m, o, cap->vms[v].name) == h) {
			cap->vms[v].guest = h->name;
			*vm = cap->vms[v].name;
		}
	return *vm || (cap->esx_host && on && on->type == FACT_STR && same_host(on->s, cap->esx_host));
}

/*
 * The failure of @cap nearest @t that speaks of the guest: one whose group
 * asked the host itself (its figures are the host's), or one of the
 * guest's own VM; NULL when none has a time.
 */
static const struct esx_admission *nearest_admission(const struct esx_capture *cap, const char *vm, int64_t t)
{
	const struct esx_admission *best = NULL;
	int64_t d, best_d = 0;
	size_t i;

	for (i = 0; i < cap->nr_admissions; i++) {
		const struct esx_admission *a = &cap->admissions[i];

		if (!a->time || !((a->asked_of && !strcmp(a->asked_of, "host")) || (vm && a->vm == vm)))
			continue;
		d = a->time > t ? a->time - t : t - a->time;
		if (!best || d < best_d) {
			best = a;
			best_d = d;
		}
	}
	return best;
}

static void set_admission(struct oom_event *e, const struct esx_capture *cap, const struct esx_admission *a,
			  int64_t t)
{
	struct hv_admission *x;

	if (e->admission && llabs(e->admission->after_s) <= llabs(a->time - t))
		return; /* another vmkernel.log of the host has one nearer */
	x = xcalloc(1, sizeof(*x));
	*x = (struct hv_admission){ cap->file, a->line, a->time, a->time - t, a->path, a->asked_of,
				    a->requested_kb, a->occupied_kb, a->available_kb };
	free(e->admission);
	e->admission = x;
}

/* Each guest on the host of vmkernel.log @cap: its events' nearest admission failure. */
static void admission_match(struct model *m, const struct esx_match_opts *o, struct esx_capture *cap)
{
	const struct esx_admission *a;
	const char *vm;
	size_t i, k;
	int64_t t;

	for (i = 0; i < m->nr_hosts; i++) {
		struct host *h = m->hosts[i];

		if (!admission_guest(m, o, cap, h, &vm))
			continue;
		h->hypervisor = "vmware";
		zone_note(o, h, cap);
		for (k = 0; k < h->nr_events; k++)
			if (event_utc(h, h->events[k], &t) && (a = nearest_admission(cap, vm, t)))
				set_admission(h->events[k], cap, a, t);
	}
}

void esx_match(struct model *m, const struct esx_match_opts *o)
{
	size_t c, v, i;

	for (c = 0; c < m->nr_captures; c++) {
		struct esx_capture *cap = m->captures[c];

		if (cap->admission_log)
			continue; /* after every other capture: they say which guests are on its host */
		for (v = 0; v < cap->nr_vms; v++) {
			struct esx_vm *vm = &cap->vms[v];
			struct host *h = esx_host_of_vm(m, o, vm->name);

			if (!h)
				continue;
			vm->guest = h->name;
			vm_facts(cap, vm, h);
			zone_note(o, h, cap);
			/* an event's picture is VMware's series' (the JSON "vmware" object); the others go to its hypervisor sample */
			for (i = 0; i < h->nr_events; i++) {
				if (is_vmware(cap) && !untimed(cap))
					picture(cap, vm, h, h->events[i]);
				else
					capture_hv_sample(cap, vm, h, h->events[i]);
			}
		}
	}
	for (c = 0; c < m->nr_captures; c++)
		if (m->captures[c]->admission_log)
			admission_match(m, o, m->captures[c]);
}
