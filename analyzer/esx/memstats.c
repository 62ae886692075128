/*
 * ESXi's "memstats -r vm-stats" (in a vm-support bundle, or run on the
 * host): one row a VM's memory scheduler group, in KB, under a header of
 * column names and a line of dashes:
 *
 *   name b   schedGrp parSchedGroup   worldGrp memSizeLimit    memSize        min        max ...   consumed balloonTgt  ballooned    swapTgt    swapped ...     zipped ...
 *   ------------------------------------------------------------------------------------------ ...
 *   vm.48361 n     125647             4      48361      2097152    2097152          0         -1 ...    2053692          0          0          0          0 ...          0 ...
 *
 * The columns are found by name (releases add columns); memSize is the
 * VM's configured memory, min its reservation, max its limit (-1: none),
 * ballooned and balloonTgt the balloon and its target, swapped and zipped
 * what the host swapped and compressed, consumed what it backs.  A VM is
 * named "vm.<worldGrp>", not by its display name, so it pairs with a
 * guest only through --vm.  Lines before the header (a title, a unit) are
 * passed over.  The table says nothing of when it was taken: one sample of
 * unknown time (0).
 */
#include "esx/esx.h"

#define MAX_LINES_BEFORE_HEADER 16
#define MEMSTATS_MAX_COLUMNS 64
#define KB_PER_MB 1024.0

static const struct {
	const char *column, *series;
} memstats_columns[] = {
	{ "memSize", "memsz_mb" },       { "min", "alloc_min_mb" },     { "max", "alloc_max_mb" },
	{ "consumed", "consumed_mb" },   { "ballooned", "memctl_mb" },  { "balloonTgt", "memctl_target_mb" },
	{ "swapped", "swapped_mb" },     { "zipped", "compressed_mb" },
};

/* The blank-separated words of @l, at most @max; how many. */
static size_t words(struct span l, struct span *w, size_t max)
{
	const char *s = l.p, *end = span_end(l);
	size_t n = 0;

	for (scan_blanks(&s, end); n < max && scan_word(&s, end, &w[n]); scan_blanks(&s, end))
		n++;
	return n;
}

static bool header_line(struct span l)
{
	struct span w[MEMSTATS_MAX_COLUMNS];
	size_t n = words(l, w, MEMSTATS_MAX_COLUMNS), i;
	bool size = false, balloon = false;

	for (i = 0; i < n; i++) {
		size |= span_eq(w[i], "memSize");
		balloon |= span_eq(w[i], "ballooned");
	}
	return n && span_eq(w[0], "name") && size && balloon;
}

static bool memstats_is(const char *head, size_t len)
{
	return capture_header_within(head, len, MAX_LINES_BEFORE_HEADER, header_line);
}

/* "2097152", or "-1" (max: no limit); false for anything else. */
static bool memstats_num(struct span t, double *v)
{
	bool neg = t.len > 1 && t.p[0] == '-';

	if (!capture_u64(neg ? span_make(t.p + 1, t.p + t.len) : t, v))
		return false;
	if (neg)
		*v = -*v;
	return true;
}

/* Where each column memtriage reads is in the header @head (SIZE_MAX: absent). */
static void memstats_header(const struct span *head, size_t nhead, size_t *col)
{
	size_t k, i;

	for (k = 0; k < ARRAY_SIZE(memstats_columns); k++)
		for (col[k] = SIZE_MAX, i = 0; i < nhead; i++)
			if (span_eq(head[i], memstats_columns[k].column))
				col[k] = i;
}

static int memstats_parse(struct esx_capture *cap, const char *buf, size_t len, struct diag *d)
{
	const char *p = buf, *end = buf + len;
	struct span l, row[MEMSTATS_MAX_COLUMNS];
	size_t col[ARRAY_SIZE(memstats_columns)], nhead = 0, k, at;
	struct esx_vm *vm;
	unsigned no = 0;
	double v;

	while (capture_next_line(&p, end, &l)) {
		no++;
		if (!nhead) {
			if (header_line(l)) {
				nhead = words(l, row, MEMSTATS_MAX_COLUMNS);
				memstats_header(row, nhead, col);
			}
			continue;
		}
		l = span_trim(l);
		if (!l.len || l.p[0] == '-')
			continue; /* the dashes under the header */
		if (words(l, row, MEMSTATS_MAX_COLUMNS) != nhead || !span_starts(row[0], "vm.")) {
			diag_warn(d, cap->file, no, "not a memstats vm-stats row (vm.N and one value a column); skipped");
			continue;
		}
		vm = capture_vm(cap, row[0].p, row[0].len);
		at = capture_sample(cap, 0);
		for (k = 0; k < ARRAY_SIZE(memstats_columns); k++)
			if (col[k] != SIZE_MAX && memstats_num(row[col[k]], &v))
				capture_set(cap, vm, at, memstats_columns[k].series, "MB", v < 0 ? v : v / KB_PER_MB);
	}
	return cap->nr_vms ? 0 : -1;
}

const struct capture_reader capture_memstats_vm = {
	.tool = "memstats vm-stats",
	.hypervisor = "vmware",
	.is = memstats_is,
	.parse = memstats_parse,
};
