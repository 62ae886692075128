/*
 * vCenter's performance statistics of VMs, after the fact: what exists when
 * no esxtop ran at the OOM.  The counters read (vSphere's mem group, KB):
 * mem.vmmemctl (balloon), mem.vmmemctltarget, mem.swapped, mem.compressed,
 * mem.consumed, mem.active, mem.granted, each with its rollup
 * (".average", ".latest", ".maximum" ...).  -1 is vCenter's "no value".
 *
 * PowerCLI, "Get-Stat -Entity (Get-VM app01) -Stat mem.vmmemctl.average |
 * Export-Csv f.csv": one sample a row, the properties of the sample object
 * as columns (their order as PowerCLI lists them; Windows PowerShell 5.1
 * writes a "#TYPE" line first unless -NoTypeInformation):
 *
 *   #TYPE VMware.VimAutomation.ViCore.Impl.V1.Stat.FloatSampleImpl
 *   "Value","Timestamp","MetricId","Unit","Description","Entity","EntityId","IntervalSecs","Instance","Uid"
 *   "1103872","12/31/2025 11:59:00 PM","mem.vmmemctl.average","KB","Amount of guest physical memory reclaimed from the virtual machine by the balloon driver in the guest","app01","VirtualMachine-vm-42","20","","/VIServer=..."
 *
 * Timestamp is written in the culture of the machine that ran PowerShell
 * ("18-09-2015 10:44:20" in a Dutch one) and in its local time, whose zone
 * the file does not give: the times are read as UTC and the capture says so
 * (local_times).
 *
 * govc, "govc metric.sample [-t] vm/app01 mem.vmmemctl.average ..."
 * (govc/metric/sample.go: a tabwriter line "name instance metric [times]
 * values units", the name cut to 30 characters with a '*', instance "-"
 * for the aggregate, values and "-t"'s "time,interval" pairs
 * comma-separated, times RFC 3339 UTC):
 *
 *   app01  -  mem.vmmemctl.average  2025-12-31T23:58:40Z,20,2025-12-31T23:59:00Z,20  1099776,1103872  KB
 *
 * Without -t no time is printed; the last (newest) value is then kept as one
 * sample of unknown time.
 */
#include "esx/esx.h"
#include "util/timeutil.h"

static const struct {
	const char *counter;         /* group.name, without the rollup */
	const char *series;
} vc_counters[] = {
	{ "mem.vmmemctl", "memctl_mb" },     { "mem.vmmemctltarget", "memctl_target_mb" },
	{ "mem.swapped", "swapped_mb" },     { "mem.compressed", "compressed_mb" },
	{ "mem.consumed", "consumed_mb" },   { "mem.active", "active_mb" },
	{ "mem.granted", "granted_mb" },
};

static const char *const rollups[] = { "average", "latest", "maximum", "minimum", "none", "summation" };

/* "mem.vmmemctl.average": the series it feeds, or NULL; *metric true when it is any counter name. */
static const char *counter_series(struct span id, bool *metric)
{
	const char *dot = id.len ? memrchr(id.p, '.', id.len) : NULL;
	struct span base, roll;
	size_t i;

	*metric = false;
	if (!dot || dot == id.p || !memchr(id.p, '.', (size_t)(dot - id.p)))
		return NULL;
	base = span_make(id.p, dot);
	roll = span_make(dot + 1, span_end(id));
	for (i = 0; i < ARRAY_SIZE(rollups); i++)
		*metric |= span_eq(roll, rollups[i]);
	for (i = 0; *metric && i < ARRAY_SIZE(vc_counters); i++)
		if (span_eq(base, vc_counters[i].counter))
			return vc_counters[i].series;
	return NULL;
}

/* A value in the unit vCenter gives, as MB; NAN for -1 ("no value") or a unit not of memory. */
static double vc_mb(double v, struct span unit)
{
	if (v < 0)
		return NAN;
	if (span_eq(unit, "KB"))
		return v / 1024.0;
	if (span_eq(unit, "MB"))
		return v;
	return NAN;
}

static bool span_double(struct span t, double *v)
{
	const char *s, *end;

	t = span_trim(t);
	if (!t.len)                 /* SPAN_NONE's pointer is NULL: no arithmetic on it */
		return false;
	s = t.p;
	end = span_end(t);
	return scan_double(&s, end, v) && s == end;
}

/* "2025-12-31T23:59:00Z" (or with an offset) as epoch seconds. */
static bool iso_time(struct span t, int64_t *out)
{
	char buf[40];

	t = span_trim(t);
	if (!t.len || t.len >= sizeof(buf))
		return false;
	memcpy(buf, t.p, t.len);
	buf[t.len] = '\0';
	return parse_user_time(buf, 0, out);
}

/* PowerCLI Get-Stat | Export-Csv */

enum { PC_VALUE, PC_TIME, PC_METRIC, PC_UNIT, PC_ENTITY, PC_INSTANCE, NR_PC };
static const char *const pc_columns[NR_PC] = { "Value", "Timestamp", "MetricId", "Unit", "Entity",
					       "Instance" };

/* The header's column of each property; true when all but Instance are there. */
static bool pc_header(struct span l, size_t col[NR_PC])
{
	size_t k;

	capture_csv_columns(l, pc_columns, NR_PC, col);
	for (k = 0; k < PC_INSTANCE; k++)
		if (col[k] == SIZE_MAX)
			return false;
	return true;
}

static bool powercli_is(const char *head, size_t len)
{
	const char *p = head;
	size_t col[NR_PC];
	unsigned no = 0;

	return pc_header(capture_csv_header(&p, head + len, &no), col);
}

static int powercli_parse(struct esx_capture *cap, const char *buf, size_t len, struct diag *d)
{
	const char *p = buf, *end = buf + len;
	struct span l, cell[NR_PC];
	size_t col[NR_PC], kept = 0;
	unsigned no = 0;
	const char *series;
	bool metric;
	int64_t t;
	double v;

	pc_header(capture_csv_header(&p, end, &no), col);
	cap->local_times = true;
	while (capture_next_line(&p, end, &l)) {
		no++;
		if (!span_trim(l).len)
			continue;
		capture_csv_cells(l, col, NR_PC, cell);
		series = counter_series(cell[PC_METRIC], &metric);
		if (!metric || !span_double(cell[PC_VALUE], &v) ||
		    (!esx_parse_stamp(cell[PC_TIME], 0, &t) && !iso_time(cell[PC_TIME], &t))) {
			diag_warn(d, cap->file, no, "not a Get-Stat row (value, time stamp, metric); skipped");
			continue;
		}
		if (!series || cell[PC_INSTANCE].len || isnan(v = vc_mb(v, cell[PC_UNIT])))
			continue; /* another counter, a device's instance, or no value */
		capture_set(cap, capture_vm(cap, cell[PC_ENTITY].p, cell[PC_ENTITY].len),
			    capture_sample(cap, t), series, "MB", v);
		kept++;
	}
	return kept ? 0 : -1;
}

const struct capture_reader capture_powercli_stat = {
	.tool = "PowerCLI Get-Stat",
	.hypervisor = "vmware",
	.is = powercli_is,
	.parse = powercli_parse,
};

/* govc metric.sample */

#define GOVC_MAX_TOKENS 64

struct govc_line {
	struct span name, metric, times, values, unit;
	const char *series;
};

/* Read from the right: units, values, times when "-t", metric, instance; the name is the rest. */
static bool govc_line(struct span l, struct govc_line *g)
{
	struct span tok[GOVC_MAX_TOKENS];
	const char *s = l.p, *end = span_end(l);
	size_t n = 0, m;
	bool metric;
	double v;

	for (scan_blanks(&s, end); n < GOVC_MAX_TOKENS && scan_word(&s, end, &tok[n]); scan_blanks(&s, end))
		n++;
	if (n < 5 || n == GOVC_MAX_TOKENS)
		return false;
	g->unit = tok[n - 1];
	g->values = tok[n - 2];
	m = n - 3;
	g->times = SPAN_NONE;
	if (span_find(tok[m], "T") && span_find(tok[m], ":")) {
		g->times = tok[m];
		m--;
	}
	g->series = counter_series(tok[m], &metric);
	if (!metric || m < 2)
		return false;
	g->metric = tok[m];
	g->name = span_make(tok[0].p, span_end(tok[m - 2]));
	/* the values: numbers and commas only */
	s = g->values.p;
	end = span_end(g->values);
	while (s < end) {
		if (!scan_double(&s, end, &v) || (s < end && !scan_char(&s, end, ',')))
			return false;
	}
	return true;
}

static bool govc_is(const char *head, size_t len)
{
	struct govc_line g;

	return govc_line(capture_first_line(head, len), &g);
}

/* The next comma-separated item of *s. */
static struct span next_item(const char **s, const char *end)
{
	const char *comma = memchr(*s, ',', (size_t)(end - *s)), *stop = comma ? comma : end;
	struct span item = span_make(*s, stop);

	*s = comma ? comma + 1 : end;
	return item;
}

static size_t govc_store(struct esx_capture *cap, const struct govc_line *g)
{
	const char *vs = g->values.p, *ve = span_end(g->values);
	const char *ts = g->times.p, *te = span_end(g->times);
	struct esx_vm *vm = capture_vm(cap, g->name.p, g->name.len);
	struct span item, last = SPAN_NONE;
	size_t kept = 0;
	int64_t t;
	double v;

	while (vs < ve) {
		item = next_item(&vs, ve);
		if (!g->times.len) {
			last = item;
			continue;
		}
		if (ts >= te || !iso_time(next_item(&ts, te), &t))
			return kept;
		next_item(&ts, te); /* the interval */
		if (span_double(item, &v) && !isnan(v = vc_mb(v, g->unit))) {
			capture_set(cap, vm, capture_sample(cap, t), g->series, "MB", v);
			kept++;
		}
	}
	if (last.len && span_double(last, &v) && !isnan(v = vc_mb(v, g->unit))) {
		capture_set(cap, vm, capture_sample(cap, 0), g->series, "MB", v);
		kept++;
	}
	return kept;
}

static int govc_parse(struct esx_capture *cap, const char *buf, size_t len, struct diag *d)
{
	const char *p = buf, *end = buf + len;
	struct govc_line g;
	struct span l;
	size_t kept = 0;
	unsigned no = 0;

	while (capture_next_line(&p, end, &l)) {
		no++;
		if (!span_trim(l).len)
			continue;
		if (!govc_line(l, &g)) {
			diag_warn(d, cap->file, no, "not a govc metric.sample line; skipped");
			continue;
		}
		if (g.series)
			kept += govc_store(cap, &g);
	}
	return kept ? 0 : -1;
}

const struct capture_reader capture_govc_sample = {
	.tool = "govc metric.sample",
	.hypervisor = "vmware",
	.is = govc_is,
	.parse = govc_parse,
};
