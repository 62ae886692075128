/*
 * What the capture readers share: a capture built one reading at a time
 * (capture_vm, capture_sample, capture_set), and the table of readers that
 * route/ asks which one a file is.  esxtop's own batch reader is not in the
 * table: its header may be megabytes long, so it is fed line by line.
 */
#include "esx/esx.h"
#include "util/xalloc.h"

extern const struct capture_reader capture_virsh_domstats, capture_virsh_dommemstat,
	capture_qemu_balloon, capture_xl_list, capture_powercli_stat, capture_govc_sample,
	capture_hyperv_getvm, capture_memstats_vm, capture_virsh_event,
	capture_vmkernel_log;

static const struct capture_reader *const readers[] = {
	&capture_virsh_domstats,
	&capture_virsh_dommemstat,
	&capture_qemu_balloon,
	&capture_xl_list,
	&capture_powercli_stat,
	&capture_govc_sample,
	&capture_hyperv_getvm,
	&capture_memstats_vm,
	&capture_virsh_event,
	&capture_vmkernel_log,
};

const struct capture_reader *const *capture_reader_list(size_t *nr)
{
	*nr = ARRAY_SIZE(readers);
	return readers;
}

const struct capture_reader *capture_reader_for(const char *head, size_t len)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(readers); i++)
		if (readers[i]->is(head, len))
			return readers[i];
	return NULL;
}

bool capture_next_line(const char **p, const char *end, struct span *line)
{
	const char *nl;

	if (*p >= end)
		return false;
	nl = memchr(*p, '\n', (size_t)(end - *p));
	*line = span_make(*p, nl ? nl : end);
	if (line->len && line->p[line->len - 1] == '\r')
		line->len--;
	*p = nl ? nl + 1 : end;
	return true;
}

struct span capture_first_line(const char *head, size_t len)
{
	const char *p = head, *end = head + len;
	struct span l;

	while (capture_next_line(&p, end, &l))
		if ((l = span_trim(l)).len)
			return l;
	return SPAN_NONE;
}

bool capture_header_within(const char *head, size_t len, unsigned max_before, bool (*is_header)(struct span))
{
	const char *p = head, *end = head + len;
	struct span l;
	unsigned n;

	for (n = 0; n <= max_before && capture_next_line(&p, end, &l); n++)
		if (is_header(l))
			return true;
	return false;
}

struct span capture_csv_header(const char **p, const char *end, unsigned *no)
{
	struct span l;

	while (capture_next_line(p, end, &l)) {
		++*no;
		l = span_trim(l);
		if (span_starts(l, "\xef\xbb\xbf"))
			l = span_make(l.p + 3, span_end(l));
		if (l.len && !span_starts(l, "#TYPE"))
			return l;
	}
	return SPAN_NONE;
}

void capture_csv_columns(struct span l, const char *const *names, size_t nr, size_t *col)
{
	struct csv_cursor c = { l.p, span_end(l), false };
	struct csv_field f;
	size_t n, k;

	for (k = 0; k < nr; k++)
		col[k] = SIZE_MAX;
	for (n = 0; l.len && csv_next(&c, &f); n++)
		for (k = 0; k < nr; k++)
			if (span_eq(span_trim(f.text), names[k]))
				col[k] = n;
}

void capture_csv_cells(struct span l, const size_t *col, size_t nr, struct span *cell)
{
	struct csv_cursor c = { l.p, span_end(l), false };
	struct csv_field f;
	size_t n, k;

	for (k = 0; k < nr; k++)
		cell[k] = SPAN_NONE;
	for (n = 0; l.len && csv_next(&c, &f); n++)
		for (k = 0; k < nr; k++)
			if (col[k] == n)
				cell[k] = span_trim(f.text);
}

bool capture_u64(struct span t, double *v)
{
	const char *s, *end;
	uint64_t n;

	if (!t.len)                 /* a missing cell is SPAN_NONE, whose pointer is NULL */
		return false;
	s = t.p;
	end = span_end(t);
	if (!scan_u64(&s, end, &n) || s != end)
		return false;
	*v = (double)n;
	return true;
}

struct esx_vm *capture_vm(struct esx_capture *cap, const char *name, size_t len)
{
	struct esx_vm *vm;
	size_t i;

	for (i = 0; i < cap->nr_vms; i++)
		if (strlen(cap->vms[i].name) == len && (!len || !memcmp(cap->vms[i].name, name, len)))
			return &cap->vms[i];
	ALLOC_GROW(cap->vms, cap->nr_vms, cap->alloc_vms);
	vm = &cap->vms[cap->nr_vms++];
	memset(vm, 0, sizeof(*vm));
	vm->name = xstrndup(name, len);
	vm->gid = -1;
	return vm;
}

/* Every series of the capture, the host's and each VM's. */
static void grow_series(struct series *s, size_t nr, size_t old, size_t cap)
{
	size_t i, k;

	for (i = 0; i < nr; i++) {
		s[i].v = xrealloc(s[i].v, cap * sizeof(*s[i].v));
		for (k = old; k < cap; k++)
			s[i].v[k] = NAN;
	}
}

static void shift_series(struct series *s, size_t nr, size_t at, size_t n)
{
	size_t i;

	for (i = 0; i < nr; i++) {
		memmove(&s[i].v[at + 1], &s[i].v[at], (n - at) * sizeof(*s[i].v));
		s[i].v[at] = NAN;
	}
}

size_t capture_sample(struct esx_capture *cap, int64_t t)
{
	size_t at, i;

	for (at = 0; at < cap->nr_samples && cap->times[at] < t; at++)
		;
	if (at < cap->nr_samples && cap->times[at] == t)
		return at;
	if (cap->nr_samples == cap->alloc_samples) {
		size_t old = cap->alloc_samples;

		/* the times set the room; every series follows it */
		ALLOC_GROW(cap->times, cap->nr_samples, cap->alloc_samples);
		grow_series(cap->host, cap->nr_host, old, cap->alloc_samples);
		for (i = 0; i < cap->nr_vms; i++)
			grow_series(cap->vms[i].series, cap->vms[i].nr_series, old, cap->alloc_samples);
	}
	memmove(&cap->times[at + 1], &cap->times[at], (cap->nr_samples - at) * sizeof(*cap->times));
	cap->times[at] = t;
	shift_series(cap->host, cap->nr_host, at, cap->nr_samples);
	for (i = 0; i < cap->nr_vms; i++)
		shift_series(cap->vms[i].series, cap->vms[i].nr_series, at, cap->nr_samples);
	cap->nr_samples++;
	return at;
}

void capture_set(struct esx_capture *cap, struct esx_vm *vm, size_t i, const char *name,
		 const char *unit, double v)
{
	struct series **s = vm ? &vm->series : &cap->host;
	size_t *nr = vm ? &vm->nr_series : &cap->nr_host, k;
	size_t *alloc = vm ? &vm->alloc_series : &cap->alloc_host;
	struct series *x = (struct series *)esx_series(cap, vm, name);

	if (i >= cap->nr_samples)
		return; /* not a sample of capture_sample(): nothing to set */
	if (!x) {
		ALLOC_GROW(*s, *nr, *alloc);
		x = &(*s)[(*nr)++];
		x->name = xstrdup(name);
		x->unit = unit;
		x->v = xmalloc(cap->alloc_samples * sizeof(*x->v));
		for (k = 0; k < cap->alloc_samples; k++)
			x->v[k] = NAN;
	}
	x->v[i] = v;
}
