/*
 * esxtop / resxtop on the ESXi host: batch captures ("esxtop -b -a > f.csv",
 * PDH-CSV) and pasted interactive memory screens ("m"), reduced to the
 * memory counters of esx.h.  Formats: FORMATS-snapshots-esx.md 3.1 and 3.2.
 *
 * A batch capture (real ESXi 6.x, 17427 fields a line, the header 1.3 MB):
 *
 *   "(PDH-CSV 4.0) (UTC)(0)","\\localhost.home\Memory\Memory Overcommit (1 Minute Avg)",...
 *   ...,"\\localhost.home\Group Memory(1303673:portunus)\Memctl MBytes",...
 *   "04/24/2018 10:49:12","0.78",...,"1302.00",...
 *
 * The header is split once; only the host's "\\<host>\Memory\<counter>" and
 * the groups' "\\<host>\Group Memory(<gid>:<name>)\<counter>" columns of
 * esx.h are kept, with their field numbers, sorted; each row is then walked
 * once, and only those fields are converted.  Fields are '"'-quoted with ""
 * escapes, or bare (spreadsheet re-saves); ESXi 6.x glues some bare fields to
 * quoted ones ('   -"\\localhost.home\PCPU Power State(PCPU 1)\%C-State C0"',
 * row '    73.1"8.93"'): such a field counts as one, as Python's csv reader
 * counts it, and its quoted part is its content.
 *
 * Time stamps are "MM/DD/YYYY HH:MM:SS", or "M/D/YYYY H:MM" after a
 * spreadsheet; they are local time of the zone the first header field names,
 * "(PDH-CSV 4.0) (UTC)(0)": the last number is the Windows bias (minutes
 * west of UTC, 0 on ESXi), added to make UTC.
 *
 * Which "Group Memory" groups are VMs (group_is_vm()): every scheduler group
 * has a "Memory Size MBytes", user worlds too, so that alone tells nothing.
 * In the real capture the 54 groups are 48 user worlds named
 * "<program>.<cartel id>" ("init.65759", "hostd.66694", "sh.65828") with
 * Overhead, Memctl Max and Memctl? all 0, and 6 VMs (styx, portunus, ...)
 * with 20-57 MB of overhead, a Memctl Max of ~60% of their size, Memctl? 1
 * and a world named "vmx" among their Vcpu columns
 * ("\Vcpu(1302698:styx:444767:vmx)\% Used").  Newer hosts also list system
 * groups by plain name ("system", "vim", "iofilterd" ...).
 *
 * Before the header, a capture may hold what esxtop printed about its
 * terminal and a blank line: up to MAX_LINES_BEFORE_HEADER lines are passed
 * over.  The header alone says whose capture it is:
 * ESX's objects ("Memory" with ESX's counters, "Group Memory", "Vcpu"), or
 * a Windows perfmon log ("(PDH-CSV 4.0) (Pacific Standard Time)(480)") whose
 * "\\HV01\Memory\Available MBytes" is Windows' own and says nothing of a
 * hypervisor, or Hyper-V's Dynamic Memory counters (Windows Server 2008 R2
 * SP1 and later, MB and percent):
 *
 *   "\\HV01\Hyper-V Dynamic Memory VM(app02)\Physical Memory"
 *   "\\HV01\Hyper-V Dynamic Memory VM(app02)\Guest Visible Physical Memory"
 *   "\\HV01\Hyper-V Dynamic Memory VM(app02)\Current Pressure"
 *   "\\HV01\Hyper-V Dynamic Memory Balancer(System Balancer)\Available Memory"
 *
 * which are read with their own table (hv_vm_counters): Physical Memory is
 * what the host gives the VM (granted), Guest Visible Physical Memory what
 * the guest believes it has; the difference is what its balloon holds.
 */
#include "esx/esx.h"
#include "util/strbuf.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#include <stdarg.h>

#define NO_COL SIZE_MAX
/* How many lines may come before the header: a warning, a blank line, a little more. */
#define MAX_LINES_BEFORE_HEADER 8

enum host_slot {
	H_MACHINE, H_FREE, H_MINFREE, H_STATE, H_OC1, H_OC5, H_OC15, H_MEMCTL, H_MEMCTL_TGT,
	H_MEMCTL_MAX, H_SWAP_USED, H_SWAP_TGT, H_ZIP, H_PSHARE_SAVE, NR_HOST
};

/* V_ACTIVE_PCT is read to derive active_mb, not kept as a series. */
enum vm_slot {
	V_MEMSZ, V_GRANTED, V_CONSUMED, V_TOUCHED, V_ACTIVE, V_MEMCTL, V_MEMCTL_TGT, V_MEMCTL_MAX,
	V_MEMCTL_ON, V_SWAPPED, V_SWAP_TGT, V_COMPRESSED, V_OVERHEAD, V_AMIN, V_AMAX, V_PRESSURE,
	NR_VM_SERIES, V_ACTIVE_PCT = NR_VM_SERIES, NR_VM_SLOTS
};

struct counter_def {
	const char *name, *unit;
	const char *batch[3];        /* batch counter names, the preferred first */
	const char *screen[2];       /* interactive column names (per-VM table) */
};

static const struct counter_def host_defs[NR_HOST] = {
	[H_MACHINE] = { "machine_mb", "MB", { "Machine MBytes" }, { NULL } },
	[H_FREE] = { "free_mb", "MB", { "Free MBytes" }, { NULL } },
	[H_MINFREE] = { "minfree_mb", "MB", { "Kernel MinFree MBytes" }, { NULL } },
	[H_STATE] = { "state", "state", { "Kernel State" }, { NULL } },
	[H_OC1] = { "overcommit_1m", "", { "Memory Overcommit (1 Minute Avg)" }, { NULL } },
	[H_OC5] = { "overcommit_5m", "", { "Memory Overcommit (5 Minute Avg)" }, { NULL } },
	[H_OC15] = { "overcommit_15m", "", { "Memory Overcommit (15 Minute Avg)" }, { NULL } },
	[H_MEMCTL] = { "memctl_mb", "MB", { "Memctl Current MBytes" }, { NULL } },
	[H_MEMCTL_TGT] = { "memctl_target_mb", "MB", { "Memctl Target MBytes" }, { NULL } },
	[H_MEMCTL_MAX] = { "memctl_max_mb", "MB", { "Memctl Max MBytes" }, { NULL } },
	[H_SWAP_USED] = { "swap_used_mb", "MB", { "Swap Used MBytes" }, { NULL } },
	[H_SWAP_TGT] = { "swap_target_mb", "MB", { "Swap Target MBytes" }, { NULL } },
	[H_ZIP] = { "zip_mb", "MB", { "Total Compressed MBytes" }, { NULL } },
	[H_PSHARE_SAVE] = { "pshare_savings_mb", "MB", { "PShare Savings MBytes" }, { NULL } },
};

/*
 * ESXi 6.x says "Memory Granted Size MBytes" where esx.h says "Granted
 * MBytes"; it has no per-group MB figure of active memory, only "% Active
 * Estimate" (of MEMSZ: see derive_active()), and no "Zipped MBytes": the
 * memory holding the group's compressed pages is "Used Compressed Memory
 * MBytes" (CACHEUSD; "Compressed Memory MBytes" is the cache's size).
 */
static const struct counter_def vm_defs[NR_VM_SLOTS] = {
	[V_MEMSZ] = { "memsz_mb", "MB", { "Memory Size MBytes" }, { "MEMSZ" } },
	[V_GRANTED] = { "granted_mb", "MB", { "Memory Granted Size MBytes", "Granted MBytes" },
			{ "GRANT" } },
	[V_CONSUMED] = { "consumed_mb", "MB", { "Memory Consumed Size MBytes", "Consumed MBytes" },
			 { "CNSM" } },
	[V_TOUCHED] = { "touched_mb", "MB", { "Touched MBytes" }, { "TCHD" } },
	[V_ACTIVE] = { "active_mb", "MB", { "Active Estimate MBytes" }, { NULL } },
	[V_MEMCTL] = { "memctl_mb", "MB", { "Memctl MBytes" }, { "MCTLSZ" } },
	[V_MEMCTL_TGT] = { "memctl_target_mb", "MB", { "Memctl Target MBytes" }, { "MCTLTGT" } },
	[V_MEMCTL_MAX] = { "memctl_max_mb", "MB", { "Memctl Max MBytes" }, { "MCTLMAX" } },
	[V_MEMCTL_ON] = { "memctl_enabled", "state", { "Memctl?" }, { "MCTL?" } },
	[V_SWAPPED] = { "swapped_mb", "MB", { "Swapped MBytes" }, { "SWCUR" } },
	[V_SWAP_TGT] = { "swap_target_mb", "MB", { "Swap Target MBytes" }, { "SWTGT" } },
	[V_COMPRESSED] = { "compressed_mb", "MB",
			   { "Compressed MBytes", "Zipped MBytes", "Used Compressed Memory MBytes" },
			   { "ZIP/MB", "CACHEUSD" } },
	[V_OVERHEAD] = { "overhead_mb", "MB", { "Overhead MBytes" }, { "OVHD" } },
	[V_AMIN] = { "alloc_min_mb", "MB", { "Alloc Min" }, { "AMIN" } },
	[V_AMAX] = { "alloc_max_mb", "MB", { "Alloc Max" }, { "AMAX" } },
	[V_PRESSURE] = { "pressure_pct", "percent", { NULL }, { NULL } },
	[V_ACTIVE_PCT] = { "active_percent", "percent", { "% Active Estimate" }, { "%ACTV" } },
};

/* Hyper-V's per-VM object, see the head comment. */
static const struct {
	const char *counter;
	enum vm_slot slot;
} hv_vm_counters[] = {
	{ "Physical Memory", V_GRANTED },
	{ "Guest Visible Physical Memory", V_MEMSZ },
	{ "Current Pressure", V_PRESSURE },
};

/* Whose objects the header holds. */
enum pdh_kind { PDH_NONE, PDH_WINDOWS, PDH_ESX, PDH_HYPERV };

struct group {
	int64_t gid;                 /* -1: a screen row without a GID column */
	char *name;
	bool vmx;                    /* one of its worlds is "vmx" (a VM's main world) */
	size_t col[NR_VM_SLOTS];
	unsigned char rank[NR_VM_SLOTS];
	double *v[NR_VM_SLOTS];      /* NULL: the capture has no such counter for it */
};

struct colmap {
	size_t col;                  /* field number in the header */
	size_t arr;                  /* which series array, see array_at() */
};

struct esxtop_parser {
	struct esx_capture *cap;
	struct diag *diag;
	bool have_header;
	bool found;                  /* a memory object was seen */
	bool stopped;                /* a second header: the rest is ignored */
	bool warned;
	enum pdh_kind kind;          /* the most telling object seen: ESX or Hyper-V over Windows */
	int64_t bias_min;            /* PDH time zone bias, minutes west of UTC */
	size_t nr_cols;
	size_t host_col[NR_HOST];
	unsigned char host_rank[NR_HOST];
	double *host_v[NR_HOST];
	struct group *groups;
	size_t nr_groups, alloc_groups;
	int64_t *vmx;                /* gids with a "vmx" world */
	size_t nr_vmx, alloc_vmx;
	struct colmap *map;
	size_t nr_map, alloc_map;
	struct strbuf tmp;
};

/* A whole field as a number; NAN when empty or not a number. */
static double span_number(struct span f)
{
	const char *s, *end;
	double v;

	f = span_trim(f);
	s = f.p;
	end = span_end(f);
	if (!f.len || !scan_double(&s, end, &v) || s != end)
		return NAN;
	return v;
}

/* Series storage: one array per (object, counter), alloc_samples long. */

static size_t nr_arrays(const struct esxtop_parser *p)
{
	return NR_HOST + p->nr_groups * NR_VM_SLOTS;
}

static double **array_at(struct esxtop_parser *p, size_t i)
{
	if (i < NR_HOST)
		return &p->host_v[i];
	i -= NR_HOST;
	return &p->groups[i / NR_VM_SLOTS].v[i % NR_VM_SLOTS];
}

static void fill_nan(double *v, size_t from, size_t to)
{
	for (; from < to; from++)
		v[from] = NAN;
}

static void grow_samples(struct esxtop_parser *p)
{
	struct esx_capture *cap = p->cap;
	size_t old = cap->alloc_samples, i;

	/* the times set the room; every counter's array follows it */
	ALLOC_GROW(cap->times, cap->nr_samples, cap->alloc_samples);
	for (i = 0; i < nr_arrays(p); i++) {
		double **v = array_at(p, i);

		if (!*v)
			continue;
		*v = xrealloc(*v, cap->alloc_samples * sizeof(**v));
		fill_nan(*v, old, cap->alloc_samples);
	}
}

/* Make array @i exist: NAN for every sample before now. */
static double *array_open(struct esxtop_parser *p, size_t i)
{
	double **v = array_at(p, i);

	if (!p->cap->alloc_samples)
		grow_samples(p);
	if (!*v) {
		*v = xmalloc(p->cap->alloc_samples * sizeof(**v));
		fill_nan(*v, 0, p->cap->alloc_samples);
	}
	return *v;
}

static void begin_sample(struct esxtop_parser *p)
{
	size_t i, n = p->cap->nr_samples;

	if (n >= p->cap->alloc_samples)
		grow_samples(p);
	for (i = 0; i < nr_arrays(p); i++) {
		double *v = *array_at(p, i);

		if (v)
			v[n] = NAN;
	}
}

static void commit_sample(struct esxtop_parser *p, int64_t t)
{
	p->cap->times[p->cap->nr_samples++] = t;
}

static void set_value(struct esxtop_parser *p, size_t arr, double v)
{
	array_open(p, arr)[p->cap->nr_samples] = v;
	p->found = true;
}

static size_t group_arr(const struct esxtop_parser *p, const struct group *g, enum vm_slot k)
{
	return NR_HOST + (size_t)(g - p->groups) * NR_VM_SLOTS + k;
}

/* Groups, found by gid (or by name when there is none). */
static struct group *group_get(struct esxtop_parser *p, int64_t gid, struct span name)
{
	struct group *g;
	size_t i, k;

	for (i = p->nr_groups; i-- > 0;) {
		g = &p->groups[i];
		if (gid >= 0 ? g->gid == gid : (g->gid < 0 && span_eq(name, g->name)))
			return g;
	}
	ALLOC_GROW(p->groups, p->nr_groups, p->alloc_groups);
	g = &p->groups[p->nr_groups++];
	memset(g, 0, sizeof(*g));
	g->gid = gid;
	g->name = span_dup(name);
	for (k = 0; k < NR_VM_SLOTS; k++)
		g->col[k] = NO_COL;
	return g;
}

/* The slot whose counter name (batch) or column name (screen) is @w, and the alias rank. */
static int def_lookup(const struct counter_def *defs, size_t nr, struct span w, bool screen,
		      unsigned *rank)
{
	size_t i, a;

	for (i = 0; i < nr; i++) {
		const char *const *names = screen ? defs[i].screen : defs[i].batch;
		size_t nr_names = screen ? ARRAY_SIZE(defs[i].screen) : ARRAY_SIZE(defs[i].batch);

		for (a = 0; a < nr_names && names[a]; a++) {
			if (span_eq(w, names[a])) {
				*rank = (unsigned)a;
				return (int)i;
			}
		}
	}
	return -1;
}

/* VM or not: see the head comment for what the real capture shows. */

static const char *const system_groups[] = {
	"system", "vim", "iofilterd", "host", "helper", "drivers", "ft", "vmotion", "user",
	"idle", "tmp", "vmkapimod", "kernel", "vmkboot", "uwshmem", "vsan",
};

static const char *const user_world_words[] = {
	"hostd", "vpxa", "sh.", "sfcb", "ssh", "init", "busybox", "vmsyslogd", "vobd", "dcui",
	"getty", "nscd", "slpd", "smartd", "esxtop", "rhttpproxy", "vmkdevmgr", "vmkeventd",
	"storageRM", "swapobjd", "dhclient", "net-lacp", "net-lbt", "net-cdp", "nfsgssd",
};

/* "hostd.66694": a user world's group is named after its cartel id. */
static bool cartel_name(const char *name)
{
	const char *dot = strrchr(name, '.'), *s;

	if (!dot || dot == name || strlen(dot + 1) < 4)
		return false;
	for (s = dot + 1; *s; s++)
		if (!is_digit(*s))
			return false;
	return true;
}

static bool any_positive(const struct esxtop_parser *p, const double *v)
{
	size_t i;

	for (i = 0; v && i < p->cap->nr_samples; i++)
		if (v[i] > 0)
			return true;
	return false;
}

static bool vmx_gid(const struct esxtop_parser *p, int64_t gid)
{
	size_t i;

	for (i = 0; i < p->nr_vmx; i++)
		if (p->vmx[i] == gid)
			return true;
	return false;
}

/*
 * In this order: a system group's name says no; a "vmx" world says yes; a
 * cartel name ("sh.65828") says no; overhead, a balloon maximum or a running
 * balloon driver say yes; when the capture has those counters and they are
 * all 0, no; only when it has none of them do the user-world words and a
 * non-zero size decide.
 */
static bool group_is_vm(const struct esxtop_parser *p, const struct group *g)
{
	size_t i;

	if (!g->name[0] || !strcmp(g->name, "_Total"))
		return false;
	if (p->kind == PDH_HYPERV)
		return true; /* Dynamic Memory's instances are VMs and nothing else */
	for (i = 0; i < ARRAY_SIZE(system_groups); i++)
		if (!strcmp(g->name, system_groups[i]))
			return false;
	if (g->vmx || (g->gid >= 0 && vmx_gid(p, g->gid)))
		return true;
	if (cartel_name(g->name))
		return false;
	if (any_positive(p, g->v[V_OVERHEAD]) || any_positive(p, g->v[V_MEMCTL_MAX]) ||
	    any_positive(p, g->v[V_MEMCTL_ON]))
		return true;
	if (g->v[V_OVERHEAD] || g->v[V_MEMCTL_MAX] || g->v[V_MEMCTL_ON] || p->nr_vmx)
		return false;
	for (i = 0; i < ARRAY_SIZE(user_world_words); i++)
		if (strstr(g->name, user_world_words[i]))
			return false;
	return any_positive(p, g->v[V_MEMSZ]);
}

/* At the end: the parser's arrays become the capture's series. */

static void take_series(struct series *s, const struct counter_def *def, double **v)
{
	s->name = xstrdup(def->name);
	s->unit = def->unit;
	s->v = *v;
	*v = NULL;
}

/* active_mb from "% Active Estimate" (%ACTV, a percentage of MEMSZ) when no MB column. */
static void derive_active(struct esxtop_parser *p, struct group *g)
{
	size_t i;
	double *v;

	if (g->v[V_ACTIVE] || !g->v[V_ACTIVE_PCT] || !g->v[V_MEMSZ])
		return;
	v = array_open(p, group_arr(p, g, V_ACTIVE));
	for (i = 0; i < p->cap->nr_samples; i++)
		v[i] = g->v[V_ACTIVE_PCT][i] * g->v[V_MEMSZ][i] / 100.0;
}

/*
 * Hyper-V's balloon: the memory the guest sees (Guest Visible Physical
 * Memory) less the memory the host gives it (Physical Memory).
 */
static void derive_hyperv_balloon(struct esxtop_parser *p, struct group *g)
{
	size_t i;
	double *v;

	if (p->kind != PDH_HYPERV || g->v[V_MEMCTL] || !g->v[V_MEMSZ] || !g->v[V_GRANTED])
		return;
	v = array_open(p, group_arr(p, g, V_MEMCTL));
	for (i = 0; i < p->cap->nr_samples; i++)
		v[i] = g->v[V_MEMSZ][i] - g->v[V_GRANTED][i];
}

static void build_capture(struct esxtop_parser *p)
{
	struct esx_capture *cap = p->cap;
	size_t k, i;

	cap->hypervisor = p->kind == PDH_HYPERV ? "hyperv" : "vmware";
	cap->tool = p->kind == PDH_HYPERV ? "perfmon" : "esxtop";

	cap->host = xcalloc(NR_HOST, sizeof(*cap->host));
	cap->alloc_host = NR_HOST;
	for (k = 0; k < NR_HOST; k++)
		if (p->host_v[k])
			take_series(&cap->host[cap->nr_host++], &host_defs[k], &p->host_v[k]);
	cap->alloc_vms = p->nr_groups ? p->nr_groups : 1;
	cap->vms = xcalloc(cap->alloc_vms, sizeof(*cap->vms));
	for (i = 0; i < p->nr_groups; i++) {
		struct group *g = &p->groups[i];
		struct esx_vm *vm;

		derive_active(p, g);
		derive_hyperv_balloon(p, g);
		if (!group_is_vm(p, g))
			continue;
		vm = &cap->vms[cap->nr_vms++];
		vm->name = g->name;
		g->name = NULL;
		vm->gid = g->gid;
		vm->series = xcalloc(NR_VM_SERIES, sizeof(*vm->series));
		vm->alloc_series = NR_VM_SERIES;
		for (k = 0; k < NR_VM_SERIES; k++)
			if (g->v[k])
				take_series(&vm->series[vm->nr_series++], &vm_defs[k], &g->v[k]);
	}
}

static void parser_free(struct esxtop_parser *p)
{
	size_t i, k;

	for (i = 0; i < NR_HOST; i++)
		free(p->host_v[i]);
	for (i = 0; i < p->nr_groups; i++) {
		free(p->groups[i].name);
		for (k = 0; k < NR_VM_SLOTS; k++)
			free(p->groups[i].v[k]);
	}
	free(p->groups);
	free(p->vmx);
	free(p->map);
	strbuf_release(&p->tmp);
	free(p);
}

struct esxtop_parser *esxtop_parser_new(struct esx_capture *cap, struct diag *d)
{
	struct esxtop_parser *p = xcalloc(1, sizeof(*p));
	size_t k;

	p->cap = cap;
	p->diag = d;
	strbuf_init(&p->tmp);
	for (k = 0; k < NR_HOST; k++)
		p->host_col[k] = NO_COL;
	return p;
}

int esxtop_parser_finish(struct esxtop_parser *p)
{
	int ret = p->found ? 0 : -1;

	if (p->found) {
		build_capture(p);
	} else {
		p->cap->tool = p->kind == PDH_WINDOWS ? "perfmon" : p->have_header ? "esxtop" : NULL;
		p->cap->nr_samples = 0;
	}
	parser_free(p);
	return ret;
}

/* CSV fields. */


/* The end of a quoted text starting at @s: the closing '"' (or @end); *esc when "" seen. */
static const char *quoted_end(const char *s, const char *end, bool *esc)
{
	const char *q;

	while ((q = memchr(s, '"', (size_t)(end - s)))) {
		if (q + 1 < end && q[1] == '"') {
			*esc = true;
			s = q + 2;
			continue;
		}
		return q;
	}
	return end;
}

bool csv_next(struct csv_cursor *c, struct csv_field *f)
{
	const char *s = c->p, *stop, *comma, *q;

	if (c->done)
		return false;
	f->escaped = false;
	if (s < c->end && *s == '"') {
		stop = quoted_end(s + 1, c->end, &f->escaped);
		f->text = span_make(s + 1, stop);
		s = stop < c->end ? stop + 1 : stop;
		/* what follows the closing quote up to the comma is not the field's */
		comma = memchr(s, ',', (size_t)(c->end - s));
	} else {
		comma = memchr(s, ',', (size_t)(c->end - s));
		stop = comma ? comma : c->end;
		f->text = span_make(s, stop);
		/* ESXi 6.x glued fields: '   -"name"', '    73.1"8.93"' */
		q = memchr(s, '"', (size_t)(stop - s));
		if (q)
			f->text = span_make(q + 1, quoted_end(q + 1, stop, &f->escaped));
	}
	if (comma) {
		c->p = comma + 1;
	} else {
		c->p = c->end;
		c->done = true;
	}
	return true;
}

/* The field's text, "" escapes undone into p->tmp when it has any. */
static struct span field_text(struct esxtop_parser *p, const struct csv_field *f)
{
	size_t i;

	if (!f->escaped)
		return f->text;
	strbuf_reset(&p->tmp);
	for (i = 0; i < f->text.len; i++) {
		strbuf_addch(&p->tmp, f->text.p[i]);
		if (f->text.p[i] == '"' && i + 1 < f->text.len && f->text.p[i + 1] == '"')
			i++;
	}
	return (struct span){ p->tmp.buf, p->tmp.len };
}

/* The header. */

struct colname {
	struct span host, object, instance, counter;
	bool has_instance;
};

/* "\\host\Object(instance)\Counter": the instance runs from the first '(' to the last ')'. */
static bool split_colname(struct span f, struct colname *cn)
{
	const char *s = f.p, *end = span_end(f), *sep, *last, *open, *close;

	if (!scan_lit(&s, end, "\\\\"))
		return false;
	sep = memchr(s, '\\', (size_t)(end - s));
	if (!sep)
		return false;
	cn->host = span_make(s, sep);
	s = sep + 1;
	last = memrchr(s, '\\', (size_t)(end - s));
	if (!last || last == s)
		return false;
	cn->counter = span_make(last + 1, end);
	open = memchr(s, '(', (size_t)(last - s));
	cn->has_instance = open && last[-1] == ')';
	if (!cn->has_instance) {
		cn->object = span_make(s, last);
		return true;
	}
	close = last - 1;
	cn->object = span_make(s, open);
	cn->instance = span_make(open + 1, close);
	return true;
}

static void pdh_bias(struct esxtop_parser *p, struct span f)
{
	const char *s = f.p, *end = span_end(f), *open;
	int64_t bias;

	if (!span_find(f, "PDH-CSV"))
		return;
	open = memrchr(s, '(', f.len);
	if (!open)
		return;
	s = open + 1;
	if (scan_i64(&s, end, &bias) && scan_char(&s, end, ')') && bias > -24 * 60 &&
	    bias < 24 * 60)
		p->bias_min = bias;
}

static void note_host(struct esxtop_parser *p, struct span host)
{
	if (!p->cap->esx_host && host.len)
		p->cap->esx_host = span_dup(host);
	p->found = true;
}

static void see_kind(struct esxtop_parser *p, enum pdh_kind k)
{
	if (k > p->kind)
		p->kind = k;
}

/* The host's "\Memory\" counter: ESX's names, or Windows' own ("Available MBytes"). */
static void host_column(struct esxtop_parser *p, const struct colname *cn, size_t col)
{
	unsigned rank;
	int k = def_lookup(host_defs, NR_HOST, cn->counter, false, &rank);

	if (k < 0) {
		see_kind(p, PDH_WINDOWS);
		return;
	}
	see_kind(p, PDH_ESX);
	note_host(p, cn->host);
	if (p->host_col[k] != NO_COL && rank >= p->host_rank[k])
		return;
	p->host_col[k] = col;
	p->host_rank[k] = (unsigned char)rank;
}

/* "1303673:portunus" */
static bool split_instance(struct span inst, int64_t *gid, struct span *name)
{
	const char *s = inst.p, *end = span_end(inst);
	uint64_t v;

	if (!scan_u64(&s, end, &v) || v > INT64_MAX || !scan_char(&s, end, ':'))
		return false;
	*gid = (int64_t)v;
	*name = span_make(s, end);
	return true;
}

static void group_column(struct esxtop_parser *p, const struct colname *cn, size_t col)
{
	struct span name;
	struct group *g;
	unsigned rank;
	int64_t gid;
	int k;

	if (!split_instance(cn->instance, &gid, &name))
		return;
	see_kind(p, PDH_ESX);
	note_host(p, cn->host);
	k = def_lookup(vm_defs, NR_VM_SLOTS, cn->counter, false, &rank);
	if (k < 0)
		return;
	g = group_get(p, gid, name);
	if (g->col[k] != NO_COL && rank >= g->rank[k])
		return;
	g->col[k] = col;
	g->rank[k] = (unsigned char)rank;
}

/* "\Vcpu(1302698:styx:444767:vmx)\% Used": group 1302698 has a vmx world. */
static void vcpu_column(struct esxtop_parser *p, const struct colname *cn)
{
	const char *colon = memrchr(cn->instance.p, ':', cn->instance.len);
	const char *end = span_end(cn->instance);
	struct span name;
	int64_t gid;

	if (!colon || !span_eq(span_make(colon + 1, end), "vmx") ||
	    !split_instance(cn->instance, &gid, &name))
		return;
	if (p->nr_vmx && p->vmx[p->nr_vmx - 1] == gid)
		return;
	ALLOC_GROW(p->vmx, p->nr_vmx, p->alloc_vmx);
	p->vmx[p->nr_vmx++] = gid;
}

/* "\\HV01\Hyper-V Dynamic Memory VM(app02)\Physical Memory": the VM is named, it has no gid. */
static void hyperv_vm_column(struct esxtop_parser *p, const struct colname *cn, size_t col)
{
	struct group *g;
	size_t i;

	see_kind(p, PDH_HYPERV);
	for (i = 0; i < ARRAY_SIZE(hv_vm_counters); i++) {
		if (!span_eq(cn->counter, hv_vm_counters[i].counter))
			continue;
		note_host(p, cn->host);
		g = group_get(p, -1, cn->instance);
		g->col[hv_vm_counters[i].slot] = col;
	}
}

/* "...\Hyper-V Dynamic Memory Balancer(System Balancer)\Available Memory": what the host has left. */
static void hyperv_balancer_column(struct esxtop_parser *p, const struct colname *cn, size_t col)
{
	see_kind(p, PDH_HYPERV);
	if (!span_eq(cn->counter, "Available Memory") || p->host_col[H_FREE] != NO_COL)
		return;
	note_host(p, cn->host);
	p->host_col[H_FREE] = col;
}

static void header_column(struct esxtop_parser *p, struct span name, size_t col)
{
	struct colname cn;

	if (!split_colname(name, &cn))
		return;
	if (!cn.has_instance && span_eq(cn.object, "Memory"))
		host_column(p, &cn, col);
	else if (cn.has_instance && span_eq(cn.object, "Group Memory"))
		group_column(p, &cn, col);
	else if (cn.has_instance && span_eq(cn.object, "Vcpu"))
		vcpu_column(p, &cn);
	else if (cn.has_instance && span_eq(cn.object, "Hyper-V Dynamic Memory VM"))
		hyperv_vm_column(p, &cn, col);
	else if (cn.has_instance && span_eq(cn.object, "Hyper-V Dynamic Memory Balancer"))
		hyperv_balancer_column(p, &cn, col);
}

static int colmap_cmp(const void *a, const void *b)
{
	const struct colmap *x = a, *y = b;

	return x->col < y->col ? -1 : x->col > y->col;
}

static void map_add(struct esxtop_parser *p, size_t col, size_t arr)
{
	if (col == NO_COL)
		return;
	array_open(p, arr);
	ALLOC_GROW(p->map, p->nr_map, p->alloc_map);
	p->map[p->nr_map++] = (struct colmap){ col, arr };
}

/* The kept columns in field order, and their arrays. */
static void build_map(struct esxtop_parser *p)
{
	size_t i, k;

	for (k = 0; k < NR_HOST; k++)
		map_add(p, p->host_col[k], k);
	for (i = 0; i < p->nr_groups; i++)
		for (k = 0; k < NR_VM_SLOTS; k++)
			map_add(p, p->groups[i].col[k], group_arr(p, &p->groups[i], k));
	if (p->nr_map > 1)
		qsort(p->map, p->nr_map, sizeof(*p->map), colmap_cmp);
}

static void parse_header(struct esxtop_parser *p, const char *line, size_t len)
{
	struct csv_cursor c = { line, line + len, false };
	struct csv_field f;
	size_t col;

	for (col = 0; csv_next(&c, &f); col++) {
		if (col == 0)
			pdh_bias(p, f.text);
		else
			header_column(p, field_text(p, &f), col);
	}
	p->nr_cols = col;
	p->have_header = true;
	if (p->found)
		build_map(p);
}

/* Rows. */

/* "12:49" / "10:49:12" / "10:49:12.5" and an optional AM/PM: seconds of the day. */
static bool scan_clock(const char **pp, const char *end, int64_t *out)
{
	const char *s = *pp;
	uint64_t h, mi, sec = 0;

	if (!scan_u64(&s, end, &h) || !scan_char(&s, end, ':') || !scan_u64(&s, end, &mi))
		return false;
	if (scan_char(&s, end, ':')) {
		if (!scan_u64(&s, end, &sec))
			return false;
		if (scan_char(&s, end, '.'))
			while (s < end && is_digit(*s))
				s++;
	}
	scan_blanks(&s, end);
	if (scan_lit(&s, end, "AM") || scan_lit(&s, end, "am")) {
		if (h < 1 || h > 12)
			return false;
		h %= 12;
	} else if (scan_lit(&s, end, "PM") || scan_lit(&s, end, "pm")) {
		if (h < 1 || h > 12)
			return false;
		h = h % 12 + 12;
	}
	if (h > 23 || mi > 59 || sec > 60)
		return false;
	*out = (int64_t)(h * 3600 + mi * 60 + sec);
	*pp = s;
	return true;
}

/*
 * "04/24/2018 10:49:12" or "4/24/2018 10:49" (month first), or, as
 * PowerShell prints dates in European locales, "18-09-2015 10:44:20" and
 * "18.09.2015 10:44:20" (day first): seconds since the epoch.
 */
bool esx_parse_stamp(struct span f, int64_t bias_min, int64_t *out)
{
	const char *s, *end;
	uint64_t mon, day, year, a;
	int64_t clock;
	char sep;

	f = span_trim(f);
	s = f.p;
	end = span_end(f);
	if (!scan_u64(&s, end, &a) || s == end)
		return false;
	sep = *s;
	if ((sep != '/' && sep != '-' && sep != '.') || !scan_char(&s, end, sep) ||
	    !scan_u64(&s, end, &day) || !scan_char(&s, end, sep) || !scan_u64(&s, end, &year))
		return false;
	mon = a;
	if (sep != '/') {
		mon = day;
		day = a;
	}
	if (s == end || !is_blank(*s))
		return false;
	scan_blanks(&s, end);
	if (!scan_clock(&s, end, &clock))
		return false;
	scan_blanks(&s, end);
	if (s != end || mon < 1 || mon > 12 || year < 1970 || year > 9999 || day < 1 ||
	    day > days_in_month((int)year, (unsigned)mon))
		return false;
	*out = days_from_civil((int)year, (unsigned)mon, (unsigned)day) * 86400 + clock +
	       bias_min * 60;
	return true;
}

static void bad_row(struct esxtop_parser *p, unsigned no, const char *fmt, ...) MT_PRINTF(3, 4);

/* Counted always, reported once a file: one broken row usually means more. */
static void bad_row(struct esxtop_parser *p, unsigned no, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	p->cap->bad_rows++;
	if (p->warned || !p->diag)
		return;
	p->warned = true;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	diag_warn(p->diag, p->cap->file, no,
		  "esxtop row %s; skipped (later broken rows are only counted)", sb.buf);
	strbuf_release(&sb);
}

static void parse_row(struct esxtop_parser *p, const char *line, size_t len, unsigned no)
{
	struct csv_cursor c = { line, line + len, false };
	size_t col, m = 0, i = p->cap->nr_samples;
	struct csv_field f;
	int64_t t;

	begin_sample(p);
	if (!csv_next(&c, &f) || !esx_parse_stamp(f.text, p->bias_min, &t)) {
		bad_row(p, no, "has no valid time stamp");
		return;
	}
	for (col = 1; csv_next(&c, &f); col++) {
		if (m < p->nr_map && p->map[m].col == col) {
			(*array_at(p, p->map[m].arr))[i] = f.escaped ? NAN : span_number(f.text);
			m++;
		}
	}
	if (col != p->nr_cols) {
		bad_row(p, no, "has %zu fields where the header has %zu (truncated?)", col,
			p->nr_cols);
		return;
	}
	commit_sample(p, t);
}

static bool is_header_line(const char *s, size_t len)
{
	struct span l = span_trim((struct span){ s, len });

	if (span_starts(l, "\xef\xbb\xbf"))
		l = span_make(l.p + 3, span_end(l));
	if (span_starts(l, "\""))
		l = span_make(l.p + 1, span_end(l));
	return span_starts(l, "(PDH-CSV");
}

static void parser_one_line(struct esxtop_parser *p, const char *s, size_t len, unsigned no)
{
	if (p->stopped || !span_trim((struct span){ s, len }).len)
		return;
	if (!p->have_header) {
		if (!is_header_line(s, len))
			return; /* what esxtop said of its terminal, before the header */
		if (len >= 3 && !memcmp(s, "\xef\xbb\xbf", 3)) {
			s += 3;
			len -= 3;
		}
		parse_header(p, s, len);
		return;
	}
	if (!p->found)
		return;
	if (is_header_line(s, len)) {
		/* two captures concatenated: the columns of the second need not match */
		if (p->diag)
			diag_warn(p->diag, p->cap->file, no,
				  "a second esxtop header; the rest of the file is not read");
		p->stopped = true;
		return;
	}
	parse_row(p, s, len, no);
}

/* Lines may still hold "\r": CRLF, or CR-only line ends after a spreadsheet. */
void esxtop_parser_line(struct esxtop_parser *p, const char *line, size_t len, unsigned lineno)
{
	const char *s = line, *end = line + len, *cr;
	unsigned k = 0;

	for (;;) {
		cr = memchr(s, '\r', (size_t)(end - s));
		if (cr != s && s < end)
			parser_one_line(p, s, (size_t)((cr ? cr : end) - s), lineno + k);
		if (!cr)
			break;
		s = cr + 1;
		k++;
	}
}


bool esxtop_is_capture(const char *p, size_t len)
{
	const char *s = p, *end = p + len, *nl;
	unsigned n;

	for (n = 0; s < end && n <= MAX_LINES_BEFORE_HEADER; n++, s = nl + 1) {
		nl = memchr(s, '\n', (size_t)(end - s));
		if (is_header_line(s, (size_t)((nl ? nl : end) - s)))
			return true;
		if (!nl)
			break;
	}
	return false;
}

/*
 * The interactive screen, e.g. (the value comes before its label):
 *
 *   2:58:11pm up 50 min, 722 worlds, 23 VMs, 45 vCPUs; MEM overcommit avg: 1.10, 1.10, 0.99
 *   PMEM  /MB: 65398   total: 2139     vmk,60782 other, 2358 free
 *   VMKMEM/MB: 65073 managed:  1265 minfree,  7501 rsvd,  57572 ursvd,  high state
 *   PSHARE/MB:    1648  shared,     248  (common:    1400 saving)
 *   SWAP  /MB:       0    curr,       0 rclmtgt:                 0.00 r/s,   0.00 w/s
 *   ZIP   /MB:       0  zipped,       0   saved
 *   MEMCTL/MB:       0    curr,       0  target,   62155 max
 *
 *        GID NAME            MEMSZ    GRANT ... MCTL?   MCTLSZ  MCTLTGT  MCTLMAX    SWCUR ...
 *    1302698 styx          1069.34   957.92 ...     Y     0.00     0.00   619.16     0.00 ...
 *
 * Each refresh in a paste (a header line, or a second PMEM line) is a
 * sample; the screen shows a time of day but no date, so times[] are 0.
 * Lines a paste wrapped are skipped; ANSI escapes are taken out.
 */

#define SCREEN_MAX_COLS 64
#define SCREEN_MAX_TOKENS 128

enum { COL_SKIP = -1, COL_GID = -2, COL_ID = -3, COL_NAME = -4 };

struct screen {
	bool open;                   /* a sample is being filled */
	bool seen_pmem;
	bool table;                  /* inside the per-group table */
	int cols[SCREEN_MAX_COLS];   /* a vm_slot, or COL_* */
	size_t nr_cols;
};

static const struct {
	const char *sec, *label;
	enum host_slot slot;
} screen_host[] = {
	{ "PMEM", "total", H_MACHINE },   { "PMEM", "free", H_FREE },
	{ "VMKMEM", "minfree", H_MINFREE }, { "PSHARE", "saving", H_PSHARE_SAVE },
	{ "SWAP", "curr", H_SWAP_USED },  { "SWAP", "rclmtgt", H_SWAP_TGT },
	{ "SWAP", "target", H_SWAP_TGT }, { "ZIP", "zipped", H_ZIP },
	{ "MEMCTL", "curr", H_MEMCTL },   { "MEMCTL", "target", H_MEMCTL_TGT },
	{ "MEMCTL", "max", H_MEMCTL_MAX },
};

/* The state word, in the ESXi 6.0+ numbering of "Kernel State" (5.5 had no "clear"). */
static const char *const state_words[] = { "high", "clear", "soft", "hard", "low" };

static void screen_open(struct esxtop_parser *p, struct screen *sc, bool new_sample)
{
	if (sc->open && !new_sample)
		return;
	if (sc->open)
		commit_sample(p, 0);
	begin_sample(p);
	sc->open = true;
	sc->seen_pmem = false;
}

static bool is_alpha(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* Copy @l into @out without ANSI escapes ("\x1b[1;7m") and control characters. */
static void strip_ansi(struct strbuf *out, struct span l)
{
	size_t i;

	strbuf_reset(out);
	for (i = 0; i < l.len; i++) {
		unsigned char c = (unsigned char)l.p[i];

		if (c == 0x1b && i + 1 < l.len && l.p[i + 1] == '[') {
			for (i += 2; i < l.len && !is_alpha(l.p[i]); i++)
				;
			continue;
		}
		if (c == 0x1b) {
			i++;
			continue;
		}
		if (c == '\t' || c >= 0x20)
			strbuf_addch(out, (char)c);
	}
}

/* "PMEM  /MB:": the section name, the cursor after the colon. */
static bool screen_section(const char **s, const char *end, struct span *sec)
{
	const char *x = *s;

	while (x < end && *x >= 'A' && *x <= 'Z')
		x++;
	*sec = span_make(*s, x);
	scan_blanks(&x, end);
	if (!sec->len || !scan_lit(&x, end, "/MB:"))
		return false;
	*s = x;
	return true;
}

static bool label_char(char c)
{
	return is_ident(c) || c == '/';
}

static void screen_state(struct esxtop_parser *p, struct span l)
{
	const char *st = span_find(l, " state"), *w;
	size_t i;

	if (!st)
		return;
	while (st > l.p && is_blank(st[-1]))
		st--;
	for (w = st; w > l.p && is_ident(w[-1]); w--)
		;
	for (i = 0; i < ARRAY_SIZE(state_words); i++)
		if (span_eq(span_make(w, st), state_words[i]))
			set_value(p, H_STATE, (double)i);
}

/* "<value> <label>" pairs after the section name. */
static void screen_pairs(struct esxtop_parser *p, struct span sec, const char *s, const char *end)
{
	const char *w;
	double v;
	size_t i;

	while (s < end) {
		if (!scan_double(&s, end, &v)) {
			s++;
			continue;
		}
		scan_blanks(&s, end);
		scan_char(&s, end, '(');
		for (w = s; s < end && label_char(*s); s++)
			;
		for (i = 0; i < ARRAY_SIZE(screen_host); i++)
			if (span_eq(sec, screen_host[i].sec) &&
			    span_eq(span_make(w, s), screen_host[i].label))
				set_value(p, screen_host[i].slot, v);
	}
}

/* "... MEM overcommit avg: 1.10, 1.10, 0.99" */
static void screen_overcommit(struct esxtop_parser *p, struct span l)
{
	const char *s = span_find(l, "overcommit avg:"), *end = span_end(l);
	static const enum host_slot slot[] = { H_OC1, H_OC5, H_OC15 };
	double v;
	size_t i;

	if (!s)
		return;
	s += strlen("overcommit avg:");
	for (i = 0; i < ARRAY_SIZE(slot); i++) {
		scan_blanks(&s, end);
		if (!scan_double(&s, end, &v))
			return;
		set_value(p, slot[i], v);
		scan_char(&s, end, ',');
	}
}

static size_t tokenize(struct span l, struct span *tok, size_t max)
{
	const char *s = l.p, *end = span_end(l);
	size_t n = 0;

	for (scan_blanks(&s, end); n < max && scan_word(&s, end, &tok[n]); scan_blanks(&s, end))
		n++;
	return n;
}

/* "GID NAME MEMSZ GRANT ...": true when it is the per-group table's header. */
static bool screen_table_header(struct screen *sc, struct span l)
{
	struct span tok[SCREEN_MAX_COLS];
	size_t n = tokenize(l, tok, SCREEN_MAX_COLS), i;
	int cols[SCREEN_MAX_COLS];
	bool name = false, counter = false;
	unsigned rank;
	int k;

	for (i = 0; i < n; i++) {
		k = def_lookup(vm_defs, NR_VM_SLOTS, tok[i], true, &rank);
		counter |= k >= 0;
		name |= span_eq(tok[i], "NAME");
		cols[i] = k >= 0 ? k : span_eq(tok[i], "NAME") ? COL_NAME :
			span_eq(tok[i], "GID") ? COL_GID : span_eq(tok[i], "ID") ? COL_ID : COL_SKIP;
	}
	if (!name || !counter)
		return false;
	memcpy(sc->cols, cols, n * sizeof(*cols));
	sc->nr_cols = n;
	sc->table = true;
	return true;
}

static double screen_cell(struct span t)
{
	if (span_eq(t, "Y"))
		return 1;
	if (span_eq(t, "N"))
		return 0;
	return span_number(t);
}

/* The GID (or, without one, the ID) of a row; -1 when the table has neither. */
static bool row_gid(const struct screen *sc, const struct span *tok, size_t ntok, size_t extra,
		    int64_t *gid)
{
	int64_t id = -1, v;
	bool want = false;
	size_t i, t;
	char num[24];

	*gid = -1;
	for (i = 0, t = 0; i < sc->nr_cols && t < ntok; i++, t++) {
		if (sc->cols[i] == COL_NAME)
			t += extra;
		if (t >= ntok)
			break;
		if (sc->cols[i] != COL_GID && sc->cols[i] != COL_ID)
			continue;
		want = true;
		if (tok[t].len >= sizeof(num))
			return false;
		memcpy(num, tok[t].p, tok[t].len);
		num[tok[t].len] = '\0';
		if (!parse_i64(num, &v) || v < 0)
			return false;
		*(sc->cols[i] == COL_GID ? gid : &id) = v;
	}
	if (*gid < 0)
		*gid = id;
	return !want || *gid >= 0;
}

/* One row of the table; NAME takes the extra words of a name with spaces. */
static void screen_table_row(struct esxtop_parser *p, struct screen *sc, struct span l, unsigned no)
{
	struct span tok[SCREEN_MAX_TOKENS], name = SPAN_NONE;
	size_t n = tokenize(l, tok, SCREEN_MAX_TOKENS), extra, i, t;
	struct group *g;
	int64_t gid;
	double v;

	if (n < sc->nr_cols || n == SCREEN_MAX_TOKENS) {
		bad_row(p, no, "is not a full row of the table (wrapped?)");
		return;
	}
	extra = n - sc->nr_cols;
	if (!row_gid(sc, tok, n, extra, &gid)) {
		bad_row(p, no, "has no group id");
		return;
	}
	/* a header may name NAME twice (a broken paste): the extra words go to the first */
	for (i = 0, t = 0; i < sc->nr_cols && t + extra < n; i++, t++) {
		if (sc->cols[i] == COL_NAME && !name.p) {
			name = span_make(tok[t].p, span_end(tok[t + extra]));
			t += extra;
		}
	}
	screen_open(p, sc, false);
	g = group_get(p, gid, name);
	for (i = 0, t = 0; i < sc->nr_cols && t < n; i++, t++) {
		if (sc->cols[i] == COL_NAME && tok[t].p == name.p)
			t += extra;
		else if (sc->cols[i] >= 0 && !isnan(v = screen_cell(tok[t])))
			set_value(p, group_arr(p, g, (enum vm_slot)sc->cols[i]), v);
	}
}

static void screen_line(struct esxtop_parser *p, struct screen *sc, struct span l, unsigned no)
{
	struct span t = span_trim(l), sec;
	const char *s = t.p, *end = span_end(t);

	if (!t.len) {
		sc->table = false;
		return;
	}
	if (span_find(t, "overcommit avg:") || (span_find(t, " up ") && span_find(t, " worlds"))) {
		screen_open(p, sc, true);
		screen_overcommit(p, t);
		sc->table = false;
	} else if (screen_section(&s, end, &sec)) {
		if (span_eq(sec, "PMEM")) {
			screen_open(p, sc, sc->seen_pmem);
			sc->seen_pmem = true;
		}
		screen_open(p, sc, false);
		screen_pairs(p, sec, s, end);
		if (span_eq(sec, "VMKMEM"))
			screen_state(p, t);
		sc->table = false;
	} else if (screen_table_header(sc, t)) {
		return;
	} else if (sc->table) {
		screen_table_row(p, sc, t, no);
	}
}

int esxtop_screen_parse(struct esx_capture *cap, const char *buf, size_t len, struct diag *d)
{
	struct esxtop_parser *p = esxtop_parser_new(cap, d);
	struct screen sc = { 0 };
	struct strbuf clean = STRBUF_INIT;
	const char *s = buf, *end = buf + len, *nl;
	unsigned no = 0;

	cap->screen = true;
	while (s < end) {
		nl = memchr(s, '\n', (size_t)(end - s));
		strip_ansi(&clean, span_make(s, nl ? nl : end));
		screen_line(p, &sc, (struct span){ clean.buf, clean.len }, ++no);
		s = nl ? nl + 1 : end;
	}
	if (sc.open)
		commit_sample(p, 0);
	strbuf_release(&clean);
	return esxtop_parser_finish(p);
}

/* Blanks and ANSI escapes at the start of a line. */
static const char *skip_lead(const char *s, const char *end)
{
	while (s < end) {
		if (is_blank(*s)) {
			s++;
		} else if (*s == 0x1b && s + 1 < end && s[1] == '[') {
			for (s += 2; s < end && !is_alpha(*s); s++)
				;
			if (s < end)
				s++;
		} else {
			break;
		}
	}
	return s;
}

bool esxtop_is_screen(const char *p, size_t len)
{
	const char *s = p, *end = p + (len > 65536 ? 65536 : len), *nl, *eol, *x;
	struct span sec;

	for (; s < end; s = nl ? nl + 1 : end) {
		nl = memchr(s, '\n', (size_t)(end - s));
		eol = nl ? nl : end;
		x = skip_lead(s, eol);
		if (screen_section(&x, eol, &sec) &&
		    (span_eq(sec, "PMEM") || span_eq(sec, "VMKMEM") || span_eq(sec, "MEMCTL")))
			return true;
	}
	return false;
}

/* The capture. */

void esx_capture_init(struct esx_capture *cap, const char *file)
{
	memset(cap, 0, sizeof(*cap));
	cap->file = file;
}

static void series_release(struct series *s, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++) {
		free(s[i].name);
		free(s[i].v);
	}
	free(s);
}

void esx_capture_release(struct esx_capture *cap)
{
	size_t i;

	free(cap->esx_host);
	free(cap->times);
	series_release(cap->host, cap->nr_host);
	for (i = 0; i < cap->nr_vms; i++) {
		free(cap->vms[i].name);
		series_release(cap->vms[i].series, cap->vms[i].nr_series);
	}
	free(cap->vms);
	for (i = 0; i < cap->nr_admissions; i++) {
		free(cap->admissions[i].path);
		free(cap->admissions[i].asked_of);
	}
	free(cap->admissions);
	esx_capture_init(cap, cap->file);
}

const struct series *esx_series(const struct esx_capture *cap, const struct esx_vm *vm,
				const char *name)
{
	const struct series *s = vm ? vm->series : cap->host;
	size_t nr = vm ? vm->nr_series : cap->nr_host, i;

	for (i = 0; i < nr; i++)
		if (!strcmp(s[i].name, name))
			return &s[i];
	return NULL;
}
