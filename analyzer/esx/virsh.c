/*
 * KVM's side, as libvirt's virsh and QEMU's monitor print it on the host.
 *
 * "virsh domstats --balloon" (libvirt 1.2.8+, virshDomainStatsPrintRecord:
 * "Domain: '%s'" then "  %s=%s" per field, a blank line between domains),
 * figures in KiB:
 *
 *   Domain: 'app03'
 *     balloon.current=3145728
 *     balloon.maximum=4194304
 *     balloon.rss=3160124
 *
 * balloon.current is what the balloon leaves the guest (granted), .maximum
 * the guest's configured memory; the balloon holds the difference.  .rss is
 * the QEMU process's resident memory on the host (consumed).  .swap_in,
 * .unused, .available ... are the guest's own figures, not the host's.
 *
 * "virsh dommemstat DOMAIN" (cmdDomMemStat: "%s %llu" per statistic, KiB)
 * names no domain; sos saves it as "..._dommemstat_<domain>", and the
 * domain is taken from that name when the file has it:
 *
 *   actual 3145728
 *   swap_in 0
 *   rss 3160124
 *
 * QEMU's human monitor, "info balloon" (hmp_info_balloon: "balloon:
 * actual=%" PRId64, MiB; QEMU before 1.5 appended the guest's statistics,
 * " mem_swapped_in=..." or ",mem_swapped_in=..."), names no VM either:
 *
 *   (qemu) info balloon
 *   balloon: actual=3072
 *
 * None of the three says when it was taken: each is one sample of unknown
 * time (0), true at collection.
 *
 * "virsh event --all --loop --timestamp" (virshEventPrint: "%s: %s", the
 * time as virTimeStringNowRaw writes it, UTC; virshEventBalloonChangePrint:
 * the balloon's "actual", KiB, with "KiB" since libvirt 8.x) is the one that
 * does, a line each time the balloon moves:
 *
 *   2026-03-11 14:02:10.412+0000: event 'balloon-change' for domain 'app03': 3145728KiB
 *   2026-03-11 14:02:11.007+0000: event 'lifecycle' for domain 'app04': Started Booted
 *
 * Each balloon change is a sample of what the balloon left the guest
 * (granted) at that time; the other events are passed over.
 */
#include "esx/esx.h"
#include "util/timeutil.h"

#define KIB_PER_MB 1024.0

/* A domain's figures as a sample: what the balloon left, the maximum, the host's RSS. */
struct kvm_reading {
	double current_kb, maximum_kb, rss_kb;
};

static void kvm_reading_store(struct esx_capture *cap, struct esx_vm *vm,
			      const struct kvm_reading *r)
{
	size_t i = capture_sample(cap, 0);

	if (!isnan(r->current_kb))
		capture_set(cap, vm, i, "granted_mb", "MB", r->current_kb / KIB_PER_MB);
	if (!isnan(r->maximum_kb))
		capture_set(cap, vm, i, "memsz_mb", "MB", r->maximum_kb / KIB_PER_MB);
	if (!isnan(r->current_kb) && !isnan(r->maximum_kb))
		capture_set(cap, vm, i, "memctl_mb", "MB",
			    (r->maximum_kb - r->current_kb) / KIB_PER_MB);
	if (!isnan(r->rss_kb))
		capture_set(cap, vm, i, "consumed_mb", "MB", r->rss_kb / KIB_PER_MB);
}

/* virsh domstats */

/* "Domain: 'app03'": the name between the quotes. */
static bool domain_line(struct span l, struct span *name)
{
	l = span_trim(l);
	if (!span_starts(l, "Domain: '") || l.len < 11 || l.p[l.len - 1] != '\'')
		return false;
	*name = span_make(l.p + 9, span_end(l) - 1);
	return true;
}

static bool domstats_is(const char *head, size_t len)
{
	struct span name;

	return domain_line(capture_first_line(head, len), &name);
}

static void domstats_field(struct kvm_reading *r, struct span key, struct span v)
{
	double *to = span_eq(key, "balloon.current") ? &r->current_kb :
		     span_eq(key, "balloon.maximum") ? &r->maximum_kb :
		     span_eq(key, "balloon.rss") ? &r->rss_kb : NULL;

	if (to && !capture_u64(v, to))
		*to = NAN;
}

static int domstats_parse(struct esx_capture *cap, const char *buf, size_t len, struct diag *d)
{
	const char *p = buf, *end = buf + len, *eq;
	struct kvm_reading r = { NAN, NAN, NAN };
	struct esx_vm *vm = NULL;
	struct span l, name;
	unsigned no = 0;

	while (capture_next_line(&p, end, &l)) {
		no++;
		if (domain_line(l, &name)) {
			if (vm)
				kvm_reading_store(cap, vm, &r);
			vm = capture_vm(cap, name.p, name.len);
			r = (struct kvm_reading){ NAN, NAN, NAN };
			continue;
		}
		l = span_trim(l);
		if (!l.len)
			continue;
		eq = memchr(l.p, '=', l.len);
		if (!vm || !eq) {
			diag_warn(d, cap->file, no, "not a virsh domstats line; skipped");
			continue;
		}
		domstats_field(&r, span_make(l.p, eq), span_make(eq + 1, span_end(l)));
	}
	if (vm)
		kvm_reading_store(cap, vm, &r);
	return cap->nr_vms ? 0 : -1;
}

const struct capture_reader capture_virsh_domstats = {
	.tool = "virsh domstats",
	.hypervisor = "kvm",
	.is = domstats_is,
	.parse = domstats_parse,
};

/* virsh dommemstat */

static const char *const memstat_keys[] = {
	"actual", "swap_in", "swap_out", "major_fault", "minor_fault", "unused", "available",
	"usable", "rss", "last_update", "disk_caches", "hugetlb_pgalloc", "hugetlb_pgfail",
};

/* "actual 3145728": a statistic of cmdDomMemStat, its key in *key. */
static bool memstat_line(struct span l, struct span *key, double *v)
{
	const char *s = l.p, *end = span_end(l);
	size_t i;

	if (!scan_word(&s, end, key) || s == end || !is_blank(*s))
		return false;
	if (!capture_u64(span_trim(span_make(s, end)), v))
		return false;
	for (i = 0; i < ARRAY_SIZE(memstat_keys); i++)
		if (span_eq(*key, memstat_keys[i]))
			return true;
	return false;
}

/* Every line of the head a statistic, "actual" or "rss" among them. */
static bool dommemstat_is(const char *head, size_t len)
{
	const char *p = head, *end = head + len;
	struct span l, key;
	bool telling = false;
	unsigned n = 0;
	double v;

	while (capture_next_line(&p, end, &l)) {
		if (!(l = span_trim(l)).len)
			continue;
		if (!memstat_line(l, &key, &v))
			return p == end && n >= 2 && telling; /* a last line cut by the head */
		telling |= span_eq(key, "actual") || span_eq(key, "rss");
		n++;
	}
	return n >= 2 && telling;
}

/* sos's "sos_commands/virsh/virsh_-r_dommemstat_app03": the domain, or "" when unnamed. */
static struct span domain_of_file(const char *file)
{
	const char *at = strstr(file, "dommemstat_");

	if (!at)
		return span_make(file, file);
	at += strlen("dommemstat_");
	return span_make(at, at + strlen(at));
}

static int dommemstat_parse(struct esx_capture *cap, const char *buf, size_t len, struct diag *d)
{
	const char *p = buf, *end = buf + len;
	struct kvm_reading r = { NAN, NAN, NAN };
	struct span l, key, dom = domain_of_file(cap->file);
	unsigned no = 0;
	double v;

	while (capture_next_line(&p, end, &l)) {
		no++;
		if (!(l = span_trim(l)).len)
			continue;
		if (!memstat_line(l, &key, &v)) {
			diag_warn(d, cap->file, no, "not a virsh dommemstat line; skipped");
			continue;
		}
		if (span_eq(key, "actual"))
			r.current_kb = v;
		else if (span_eq(key, "rss"))
			r.rss_kb = v;
	}
	if (isnan(r.current_kb) && isnan(r.rss_kb))
		return -1;
	kvm_reading_store(cap, capture_vm(cap, dom.p, dom.len), &r);
	return 0;
}

const struct capture_reader capture_virsh_dommemstat = {
	.tool = "virsh dommemstat",
	.hypervisor = "kvm",
	.is = dommemstat_is,
	.parse = dommemstat_parse,
};

/* QEMU info balloon */

static bool balloon_line(struct span l, double *mb)
{
	const char *s, *end;
	uint64_t n;

	l = span_trim(l);
	s = l.p;
	end = span_end(l);
	if (!scan_lit(&s, end, "balloon: actual=") || !scan_u64(&s, end, &n))
		return false;
	*mb = (double)n;
	return s == end || *s == ' ' || *s == ',';
}

/* "balloon: actual=" on the first line, or after the monitor's "(qemu) info balloon". */
static bool qemu_balloon_is(const char *head, size_t len)
{
	const char *p = head, *end = head + len;
	struct span l;
	double mb;

	while (capture_next_line(&p, end, &l)) {
		if (!(l = span_trim(l)).len || span_starts(l, "(qemu)"))
			continue;
		return balloon_line(l, &mb);
	}
	return false;
}

static int qemu_balloon_parse(struct esx_capture *cap, const char *buf, size_t len, struct diag *d)
{
	const char *p = buf, *end = buf + len;
	struct span l;
	double mb = NAN, v;
	unsigned no = 0;

	while (capture_next_line(&p, end, &l)) {
		no++;
		if (balloon_line(l, &v))
			mb = v;
		else if ((l = span_trim(l)).len && !span_starts(l, "(qemu)"))
			diag_warn(d, cap->file, no, "not a QEMU info balloon line; skipped");
	}
	if (isnan(mb))
		return -1;
	capture_set(cap, capture_vm(cap, "", 0), capture_sample(cap, 0), "granted_mb", "MB", mb);
	return 0;
}

const struct capture_reader capture_qemu_balloon = {
	.tool = "QEMU info balloon",
	.hypervisor = "kvm",
	.is = qemu_balloon_is,
	.parse = qemu_balloon_parse,
};

/* virsh event */

#define EVENT_LIT "event '"
#define EVENT_DOMAIN_LIT "' for domain '"

/* "2026-03-11 14:02:10.412+0000: ": virTimeStringNowRaw's UTC time, then the event. */
static bool event_time(struct span *l, int64_t *t)
{
	static const size_t stamp = sizeof("2026-03-11 14:02:10.412+0000") - 1;
	char buf[sizeof("2026-03-11 14:02:10+0000")];

	if (l->len < stamp + 2 || l->p[19] != '.' || memcmp(l->p + 23, "+0000: ", 7))
		return false;
	memcpy(buf, l->p, 19); /* the milliseconds left out: samples are to the second */
	memcpy(buf + 19, "+0000", 6);
	if (!parse_user_time(buf, 0, t))
		return false;
	*l = span_make(l->p + stamp + 2, span_end(*l));
	return true;
}

/* "event 'NAME' for domain 'DOM': REST": the event's name, its domain and the rest. */
static bool event_line(struct span l, struct span *name, struct span *dom, struct span *rest)
{
	const char *s = l.p, *end = span_end(l), *q, *close;

	if (!scan_lit(&s, end, EVENT_LIT) || !(q = span_find(span_make(s, end), EVENT_DOMAIN_LIT)))
		return false;
	*name = span_make(s, q);
	s = q + strlen(EVENT_DOMAIN_LIT);
	/* the domain's name ends at the last "'" before ": ", or at the line's end */
	close = span_find(span_make(s, end), "': ");
	if (!close) {
		if (end == s || end[-1] != '\'')
			return false;
		close = end - 1;
	}
	*dom = span_make(s, close);
	*rest = close + 1 < end ? span_trim(span_make(close + 2 > end ? end : close + 2, end)) : SPAN_NONE;
	return name->len > 0 && dom->len > 0;
}

/* An event line first, with its time or without (virsh event without --timestamp). */
static bool virsh_event_is(const char *head, size_t len)
{
	struct span l = capture_first_line(head, len), name, dom, rest;
	int64_t t;

	return (event_time(&l, &t) || span_starts(l, EVENT_LIT)) && event_line(l, &name, &dom, &rest);
}

/* "3145728KiB" (libvirt 8.x on) or "3145728": the balloon's actual, KiB. */
static bool balloon_actual(struct span rest, double *kib)
{
	if (rest.len > 3 && !memcmp(span_end(rest) - 3, "KiB", 3))
		rest.len -= 3;
	return capture_u64(rest, kib);
}

/* virsh's own lines after the events ("events received: 12", "event loop timed out"). */
static bool virsh_event_trailer(struct span l)
{
	return span_starts(l, "events received: ") || span_starts(l, "event loop ");
}

/*
 * A balloon keeps its size until its next change: each VM's last one is
 * carried to the samples the other VMs' changes made.
 */
static void hold_until_next_change(struct esx_capture *cap)
{
	for (size_t v = 0; v < cap->nr_vms; v++) {
		const struct series *s = esx_series(cap, &cap->vms[v], "granted_mb");
		double last = NAN;

		for (size_t i = 0; s && i < cap->nr_samples; i++) {
			if (!isnan(s->v[i]))
				last = s->v[i];
			else if (!isnan(last))
				capture_set(cap, &cap->vms[v], i, "granted_mb", "MB", last);
		}
	}
}

static int virsh_event_parse(struct esx_capture *cap, const char *buf, size_t len, struct diag *d)
{
	const char *p = buf, *end = buf + len;
	struct span l, name, dom, rest;
	unsigned no = 0, changes = 0, untimed = 0;
	int64_t t;
	double kib;

	while (capture_next_line(&p, end, &l)) {
		no++;
		if ((l.len && l.p[0] == '\t') || !(l = span_trim(l)).len || virsh_event_trailer(l))
			continue; /* a graphics event's "\tTYPE=NAME" identities, blank lines, virsh's last words */
		if (!event_time(&l, &t) && event_line(l, &name, &dom, &rest)) {
			untimed++;
			continue;
		}
		if (!event_line(l, &name, &dom, &rest)) {
			diag_warn(d, cap->file, no, "not a virsh event --timestamp line; skipped");
			continue;
		}
		if (!span_eq(name, "balloon-change"))
			continue;
		if (!balloon_actual(rest, &kib)) {
			diag_warn(d, cap->file, no, "a balloon-change without its size; skipped");
			continue;
		}
		capture_set(cap, capture_vm(cap, dom.p, dom.len), capture_sample(cap, t), "granted_mb", "MB",
			    kib / KIB_PER_MB);
		changes++;
	}
	if (!changes) {
		diag_warn(d, cap->file, 0, untimed ? "virsh events without their time (virsh event --timestamp prints it): not used"
					       : "virsh events, but no balloon-change among them");
		return -1;
	}
	hold_until_next_change(cap);
	return 0;
}

const struct capture_reader capture_virsh_event = {
	.tool = "virsh event",
	.hypervisor = "kvm",
	.is = virsh_event_is,
	.parse = virsh_event_parse,
};
