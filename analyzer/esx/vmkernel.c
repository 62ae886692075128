/*
 * An ESXi host's vmkernel.log (in a vm-support bundle var/run/log/ or
 * var/log/vmkernel.log, or loose): the memory admission failures, the
 * host's own words that it had no memory left to give.  The VMkernel's
 * memory scheduler admits a resource group's allocation only when the group
 * it asks (its parent, up to "host", the root) has that much unreserved;
 * when it has not, it prints the group's path, then what was asked of whom:
 *
 *   2026-04-24T18:49:46.716Z In(182) vmkernel: cpu1:321017 opID=8e9c1967)Admission failure in path: host/vim/vmvisor/hostd:hostd.2101844:uw.2101844
 *   2026-04-24T18:49:46.716Z In(182) vmkernel: cpu1:321017 opID=8e9c1967)uw.2101844 (123) requires 512 KB, asked 512 KB from host (0) which has 16643784 KB occupied and 28940 KB available.
 *
 * The prefix is ESXi 6.x's "<ISO 8601 Z> cpuN:WORLD)", 7.0's and later
 * "<ISO 8601 Z> In(182) vmkernel: cpuN:WORLD[ opID=X])" ("Wa(180)
 * vmkwarning:" for warnings), and forwarded through syslog a host name
 * after the time ("<ISO Z> esx01.example.com vmkernel: cpuN:WORLD)").  The
 * two lines may come apart (other worlds log between them): they are paired
 * by cpu:world and time within a second, in either order.  The group
 * asked is "host (0)" when the host itself had nothing left; its occupied
 * and available KB are then the host's.  Paths are ':' or '/' separated;
 * a VM's own groups are under host/user/ ("host/user/pool0/vm.48361:..."),
 * named vm.<worldGrp> as memstats names them: only a path of that shape is
 * the VM's, anything else is the host's.  The heap's own warnings that
 * follow ("WARNING: Heap: 1081: Could not create a pagepool for heap X:
 * Admission check failed for memory resource", "Heap X already at its
 * maximum size. Cannot expand.") add no figure and are not read; nor is
 * any other line.
 */
#include "esx/esx.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#define MAX_LINES_BEFORE_PREFIX 16
/* how many failures back a line's other half is looked for (a burst logs many at once) */
#define PAIR_LOOKBACK 64
/* the most seconds between a failure's two lines */
#define PAIR_WITHIN_S 1
/* at most the words between the time and "cpuN:": a host name, "In(182)", "vmkernel:" */
#define MAX_PREFIX_WORDS 3

static const char admission_lit[] = "Admission failure in path:";

/* One line's prefix taken apart, and what follows its ')'. */
struct vmk_line {
	int64_t time;                /* 0: the line gives none */
	struct span host;            /* SPAN_NONE unless a syslog host name came before "vmkernel:" */
	unsigned cpu;
	uint64_t world;
	struct span msg;
};

/* "2026-04-24T18:49:46.716Z": the seconds since the epoch (the fraction dropped). */
static bool iso_z(struct span w, int64_t *t)
{
	const char *p = w.p, *end = span_end(w);
	unsigned y, mo, d, h, mi, s, frac;

	if (!w.len || !scan_digits(&p, end, 4, &y) || !scan_char(&p, end, '-') || !scan_digits(&p, end, 2, &mo) ||
	    !scan_char(&p, end, '-') || !scan_digits(&p, end, 2, &d) || !scan_char(&p, end, 'T') ||
	    !scan_digits(&p, end, 2, &h) || !scan_char(&p, end, ':') || !scan_digits(&p, end, 2, &mi) ||
	    !scan_char(&p, end, ':') || !scan_digits(&p, end, 2, &s))
		return false;
	if (scan_char(&p, end, '.'))
		while (scan_digits(&p, end, 1, &frac))
			;
	if (!scan_char(&p, end, 'Z') || p != end || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 ||
	    mi > 59 || s > 60)
		return false;
	*t = days_from_civil((int)y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
	return true;
}

/* "In(182)", "Wa(180)": the 7.0 syslog severity and its number. */
static bool severity_tag(struct span w)
{
	const char *p = w.p + 2, *end = span_end(w);
	uint64_t n;

	return w.len > 4 && (w.p[0] >= 'A' && w.p[0] <= 'Z') && (w.p[1] >= 'a' && w.p[1] <= 'z') &&
	       scan_char(&p, end, '(') && scan_u64(&p, end, &n) && scan_char(&p, end, ')') && p == end;
}

/* "cpu85:19435559)" or "cpu1:321017 opID=8e9c1967)" at *p: the cpu and world; *p after the ')'. */
static bool cpu_world(const char **p, const char *end, unsigned *cpu, uint64_t *world)
{
	const char *s = *p;
	uint64_t c;

	if (!scan_lit(&s, end, "cpu") || !scan_u64(&s, end, &c) || c > UINT32_MAX || !scan_char(&s, end, ':') ||
	    !scan_u64(&s, end, world))
		return false;
	if (scan_lit(&s, end, " opID=")) {
		s = memchr(s, ')', (size_t)(end - s));
		if (!s)
			return false;
	}
	if (!scan_char(&s, end, ')'))
		return false;
	*cpu = (unsigned)c;
	*p = s;
	return true;
}

/*
 * The prefix of @l: an optional time, then up to MAX_PREFIX_WORDS words
 * (a host name, a severity tag, "vmkernel:" or "vmkwarning:"), then
 * "cpuN:WORLD)".  A line without a time must name vmkernel: a bare
 * "cpuN:N)" is too little to say a file is the VMkernel's.
 */
static bool vmk_prefix(struct span l, struct vmk_line *out)
{
	const char *p = l.p, *end = span_end(l), *at;
	struct span w, words[MAX_PREFIX_WORDS];
	size_t n = 0, k;
	bool named = false;

	memset(out, 0, sizeof(*out));
	if (!l.len)
		return false;
	at = p;
	if (scan_word(&at, end, &w) && iso_z(w, &out->time))
		p = at;
	for (scan_blanks(&p, end); !cpu_world(&p, end, &out->cpu, &out->world); scan_blanks(&p, end)) {
		if (n == MAX_PREFIX_WORDS || !scan_word(&p, end, &words[n]))
			return false;
		n++;
	}
	for (k = 0; k < n; k++) {
		if (span_eq(words[k], "vmkernel:") || span_eq(words[k], "vmkwarning:"))
			named = true;
		else if (!severity_tag(words[k]) && k == 0 && out->time)
			out->host = words[k];
		else if (!severity_tag(words[k]))
			return false;
	}
	if ((n && !named) || (!out->time && !named))
		return false;
	out->msg = span_make(p, end);
	return true;
}

static bool is_vmk_line(struct span l)
{
	struct vmk_line v;

	return vmk_prefix(l, &v);
}

static bool vmkernel_is(const char *head, size_t len)
{
	return capture_header_within(head, len, MAX_LINES_BEFORE_PREFIX, is_vmk_line);
}

/*
 * "<name> (<id>) requires N KB, asked N KB from <group> (<id>) which has O
 * KB occupied and A KB available.": what was asked, of whom, and what that
 * group had.
 */
static bool figures_line(struct span msg, struct esx_admission *a, struct span *group)
{
	const char *req = span_find(msg, ") requires "), *p, *end = span_end(msg);
	uint64_t need, asked, id, occupied, avail;

	if (!req)
		return false;
	p = req + strlen(") requires ");
	if (!scan_u64(&p, end, &need) || !scan_lit(&p, end, " KB, asked ") || !scan_u64(&p, end, &asked) ||
	    !scan_lit(&p, end, " KB from ") || !scan_word(&p, end, group) || !scan_lit(&p, end, " (") ||
	    !scan_u64(&p, end, &id) || !scan_lit(&p, end, ") which has ") || !scan_u64(&p, end, &occupied) ||
	    !scan_lit(&p, end, " KB occupied and ") || !scan_u64(&p, end, &avail) ||
	    !scan_lit(&p, end, " KB available"))
		return false;
	a->requested_kb = (double)asked;
	a->occupied_kb = (double)occupied;
	a->available_kb = (double)avail;
	return true;
}

/* Whether @path is a VM's own group: "host/user/.../vm.N[:...]"; its "vm.N" in *vm. */
static bool vm_path(struct span path, struct span *vm)
{
	const char *p = path.p, *end = span_end(path), *q;
	unsigned k;
	double n;

	for (k = 0; p < end; k++, p = q + 1) {
		struct span c;

		for (q = p; q < end && *q != '/' && *q != ':'; q++)
			;
		c = span_make(p, q);
		if ((k == 0 && !span_eq(c, "host")) || (k == 1 && !span_eq(c, "user")))
			return false;
		if (k >= 2 && span_starts(c, "vm.") && capture_u64(span_make(c.p + 3, span_end(c)), &n)) {
			*vm = c;
			return true;
		}
		if (q == end)
			break;
	}
	return false;
}

/*
 * The failure this line is the other half of: the latest one of the same
 * cpu:world, within PAIR_WITHIN_S, still missing the half this line is;
 * NULL when none.
 */
static struct esx_admission *other_half(struct esx_capture *cap, const struct vmk_line *v, bool path)
{
	size_t i, stop = cap->nr_admissions > PAIR_LOOKBACK ? cap->nr_admissions - PAIR_LOOKBACK : 0;

	for (i = cap->nr_admissions; i-- > stop;) {
		struct esx_admission *a = &cap->admissions[i];
		int64_t dt = a->time - v->time;

		if (a->cpu == v->cpu && a->world == v->world && (dt < 0 ? -dt : dt) <= PAIR_WITHIN_S &&
		    (path ? !a->path : !a->asked_of))
			return a;
	}
	return NULL;
}

static struct esx_admission *new_admission(struct esx_capture *cap, const struct vmk_line *v, unsigned no)
{
	struct esx_admission *a;

	ALLOC_GROW(cap->admissions, cap->nr_admissions, cap->alloc_admissions);
	a = &cap->admissions[cap->nr_admissions++];
	memset(a, 0, sizeof(*a));
	a->time = v->time;
	a->line = no;
	a->cpu = v->cpu;
	a->world = v->world;
	a->requested_kb = a->occupied_kb = a->available_kb = NAN;
	return a;
}

static void path_line(struct esx_capture *cap, const struct vmk_line *v, struct span path, unsigned no,
		      struct diag *d)
{
	struct esx_admission *a;
	struct span vm;

	path = span_trim(path);
	if (!path.len) {
		diag_warn(d, cap->file, no, "'%s' names no path; skipped", admission_lit);
		return;
	}
	if (!(a = other_half(cap, v, true)))
		a = new_admission(cap, v, no);
	a->path = span_dup(path);
	if (vm_path(path, &vm))
		a->vm = capture_vm(cap, vm.p, vm.len)->name;
}

static void figures(struct esx_capture *cap, const struct vmk_line *v, unsigned no, struct diag *d)
{
	struct esx_admission f, *a;
	struct span group;

	if (!figures_line(v->msg, &f, &group)) {
		diag_warn(d, cap->file, no,
			  "not an admission failure's figures ('... requires N KB, asked N KB from GROUP (ID) which has N KB occupied and N KB available.'); skipped");
		return;
	}
	if (!(a = other_half(cap, v, false)))
		a = new_admission(cap, v, no);
	a->asked_of = span_dup(group);
	a->requested_kb = f.requested_kb;
	a->occupied_kb = f.occupied_kb;
	a->available_kb = f.available_kb;
}

/*
 * vm-support names its bundle "esx-<host>-<YYYY>-<MM>-<DD>--<HH>.<MM>-<pid>":
 * the host of a vmkernel.log inside one whose lines name none.
 */
static char *bundle_host(const char *file)
{
	const char *p = file, *dash, *end;
	unsigned n;

	for (; (p = strstr(p, "esx-")); p += 4) {
		if (p != file && p[-1] != '/')
			continue;
		end = p + strcspn(p, "/");
		for (dash = p + 4; (dash = memchr(dash, '-', (size_t)(end - dash))); dash++) {
			const char *s = dash + 1;

			if (dash > p + 4 && scan_digits(&s, end, 4, &n) && scan_char(&s, end, '-') &&
			    scan_digits(&s, end, 2, &n) && scan_char(&s, end, '-') && scan_digits(&s, end, 2, &n) &&
			    scan_lit(&s, end, "--"))
				return xstrndup(p + 4, (size_t)(dash - p - 4));
		}
	}
	return NULL;
}

/*
 * A failure whose figures line never came (the file cut short, or the line
 * lost): its figures are unknown, and said so.  One whose path line never
 * came is not warned of: ESXi prints a heap's figures line alone.
 */
static void say_unpaired(const struct esx_capture *cap, struct diag *d)
{
	size_t i;

	for (i = 0; i < cap->nr_admissions; i++)
		if (!cap->admissions[i].asked_of)
			diag_warn(d, cap->file, cap->admissions[i].line,
				  "an admission failure whose figures line ('... requires N KB, asked ...') is not in the file (cut short?); its figures are unknown");
}

static int vmkernel_parse(struct esx_capture *cap, const char *buf, size_t len, struct diag *d)
{
	const char *p = buf, *end = buf + len, *at;
	struct vmk_line v;
	struct span l;
	unsigned no = 0;

	cap->admission_log = true;
	while (capture_next_line(&p, end, &l)) {
		no++;
		if (!vmk_prefix(l, &v))
			continue;
		if (v.host.len && !cap->esx_host)
			cap->esx_host = span_dup(v.host);
		if ((at = span_find(v.msg, admission_lit)))
			path_line(cap, &v, span_make(at + strlen(admission_lit), span_end(v.msg)), no, d);
		else if (span_find(v.msg, ") requires ") && span_find(v.msg, " KB, asked "))
			figures(cap, &v, no, d);
	}
	say_unpaired(cap, d);
	if (!cap->esx_host)
		cap->esx_host = bundle_host(cap->file);
	/* a vmkernel.log without a failure is still one: the report says it was read and had none */
	return no ? 0 : -1;
}

const struct capture_reader capture_vmkernel_log = {
	.tool = "vmkernel.log",
	.hypervisor = "vmware",
	.is = vmkernel_is,
	.parse = vmkernel_parse,
};
