/*
 * Xen's side: "xl list" (and "xm list" before it) in dom0, list_domains() of
 * xl_cmdimpl.c: a header, then "%-40s %5d %5lu %5d     %s %8.1f" a domain,
 * Mem in MiB (the domain's current memory, current_memkb + outstanding_memkb,
 * since Xen 4.2; the maximum before it):
 *
 *   Name                                        ID   Mem VCPUs	State	Time(s)
 *   Domain-0                                     0  4024     4     r-----     848.8
 *   app04                                        7  3000     2     -b----      94.7
 *
 * libxl may print its errors ("libxl: error: libxl_utils.c:817: ...") before
 * the header; they are passed over.  The list says nothing of the balloon's
 * target or the domain's maximum ("xl list -l" does), nor when it was taken:
 * one sample of unknown time (0), the memory each domain had.
 */
#include "esx/esx.h"

#define MAX_LINES_BEFORE_HEADER 8
#define XL_MAX_TOKENS 64

static bool header_line(struct span l)
{
	l = span_trim(l);
	return span_starts(l, "Name") && span_find(l, " ID ") && span_find(l, " Mem ") &&
	       span_find(l, " VCPUs") && span_find(l, "State");
}

static bool xl_is(const char *head, size_t len)
{
	return capture_header_within(head, len, MAX_LINES_BEFORE_HEADER, header_line);
}

/* "app04   7  3000  2  -b----  94.7": the name may hold blanks, so read from the right. */
static bool domain_row(struct span l, struct span *name, double *mem_mb)
{
	struct span tok[XL_MAX_TOKENS];
	const char *s = l.p, *end = span_end(l);
	size_t n = 0;
	double id, vcpus;

	for (scan_blanks(&s, end); n < XL_MAX_TOKENS && scan_word(&s, end, &tok[n]); scan_blanks(&s, end))
		n++;
	if (n < 6 || n == XL_MAX_TOKENS || !capture_u64(tok[n - 5], &id) ||
	    !capture_u64(tok[n - 4], mem_mb) || !capture_u64(tok[n - 3], &vcpus) ||
	    tok[n - 2].len != 6)
		return false;
	*name = span_make(tok[0].p, span_end(tok[n - 6]));
	return true;
}

static int xl_parse(struct esx_capture *cap, const char *buf, size_t len, struct diag *d)
{
	const char *p = buf, *end = buf + len;
	struct span l, name;
	bool header = false;
	unsigned no = 0;
	double mb;

	while (capture_next_line(&p, end, &l)) {
		no++;
		if (!header) {
			header = header_line(l);
			continue;
		}
		if (!span_trim(l).len)
			continue;
		if (!domain_row(l, &name, &mb)) {
			diag_warn(d, cap->file, no, "not an xl list row; skipped");
			continue;
		}
		capture_set(cap, capture_vm(cap, name.p, name.len), capture_sample(cap, 0),
			    "granted_mb", "MB", mb);
	}
	return cap->nr_vms ? 0 : -1;
}

const struct capture_reader capture_xl_list = {
	.tool = "xl list",
	.hypervisor = "xen",
	.is = xl_is,
	.parse = xl_parse,
};
