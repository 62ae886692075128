/*
 * /proc/slabinfo, proc(5) and slabinfo(5): the kernel's object caches, the
 * first suspect when an OOM leaves little in userspace.
 *
 *   slabinfo - version: 2.1
 *   # name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>
 *   buffer_head       12569528 12569535     56   67    1 : tunables  120   60    8 : slabdata 187605 187605      0
 *   xfs_inode          30039  30528   1024   16    4 : tunables    0    0    0 : slabdata   1908   1908      0
 *
 * Version 2.x (2.6 and later, SLAB and SLUB alike) is read; a cache's
 * footprint is num_slabs * pagesperslab * 4096 bytes (the page size is not
 * in the file; 4 KiB is what x86 and most servers use).  CONFIG_DEBUG_SLAB
 * appends ": globalstat ..." and ": cpustat ..." sections, which are
 * ignored.  Version 1.x (2.4) has other columns and is not read.
 */
#include "sources/source.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define SLAB_PAGE_SIZE 4096
#define SLAB_TOP 10

struct slab_cache {
	struct span name;            /* into the file's buffer */
	int64_t bytes;
	unsigned line;
};

struct slabinfo {
	struct parse_ctx *ctx;
	struct slab_cache *caches;
	size_t nr, alloc;
	int64_t total;
	bool total_overflow;
};

/* @n blank-separated numbers: 1 read, 0 not numbers, -1 a number overflows. */
static int slab_nums(const char **p, const char *end, size_t n, uint64_t *out)
{
	const char *s = *p;
	size_t i;

	for (i = 0; i < n; i++) {
		if (s < end && !is_blank(*s))
			return 0;
		scan_blanks(&s, end);
		if (s == end || !is_digit(*s))
			return 0;
		if (!scan_u64(&s, end, &out[i]))
			return -1;
	}
	*p = s;
	return 1;
}

/* " : name" */
static bool slab_section(const char **p, const char *end, const char *name)
{
	const char *s = *p;

	scan_blanks(&s, end);
	if (!scan_char(&s, end, ':'))
		return false;
	scan_blanks(&s, end);
	if (!scan_lit(&s, end, name))
		return false;
	*p = s;
	return true;
}

/* The cache name: printable, no blanks ("size-64(DMA)", "kmalloc-rcl-8k"). */
static bool slab_name(const char **p, const char *end, struct span *name)
{
	size_t i;

	if (!scan_word(p, end, name))
		return false;
	for (i = 0; i < name->len; i++)
		if ((unsigned char)name->p[i] < 0x21 || (unsigned char)name->p[i] == 0x7f)
			return false;
	return true;
}

/*
 * One cache line: 1 read into *c, 0 not a cache line, -1 a number out of
 * range.  Numbers are: 5 object columns, 3 tunables, 3 slabdata.
 */
static int slab_line(const char *s, const char *end, struct slab_cache *c)
{
	uint64_t obj[5], tun[3], data[3];
	int r;

	if (!slab_name(&s, end, &c->name))
		return 0;
	r = slab_nums(&s, end, 5, obj);
	if (r <= 0)
		return r;
	if (!slab_section(&s, end, "tunables"))
		return 0;
	r = slab_nums(&s, end, 3, tun);
	if (r <= 0)
		return r;
	if (!slab_section(&s, end, "slabdata"))
		return 0;
	r = slab_nums(&s, end, 3, data);
	if (r <= 0)
		return r;
	scan_blanks(&s, end);
	if (s != end && *s != ':')
		return 0;
	/* bytes = num_slabs * pagesperslab * page size, overflow-checked */
	if (obj[4] && data[1] > (uint64_t)INT64_MAX / SLAB_PAGE_SIZE / obj[4])
		return -1;
	c->bytes = (int64_t)(data[1] * obj[4] * SLAB_PAGE_SIZE);
	return 1;
}

/* "slabinfo - version: 2.1": false when the file is not to be read. */
static bool slab_version(struct parse_ctx *ctx, unsigned no, const char *s, const char *end)
{
	uint64_t major = 0;

	scan_blanks(&s, end);
	if (!scan_u64(&s, end, &major)) {
		parse_warn(ctx, no, "unreadable slabinfo version; read as 2.x");
		return true;
	}
	if (major == 1) {
		parse_warn(ctx, no, "slabinfo version 1.x (2.4 kernels) has other columns; file not read");
		return false;
	}
	if (major != 2)
		parse_warn(ctx, no, "unknown slabinfo version %llu; read as 2.x", (unsigned long long)major);
	return true;
}

static void slab_add(struct slabinfo *si, const struct slab_cache *c)
{
	ALLOC_GROW(si->caches, si->nr, si->alloc);
	si->caches[si->nr++] = *c;
	if (si->total > INT64_MAX - c->bytes)
		si->total_overflow = true;
	else
		si->total += c->bytes;
}

/* Largest first; equal sizes keep file order, so the output is stable. */
static int cmp_bytes(const void *a, const void *b)
{
	const struct slab_cache *x = a, *y = b;

	if (x->bytes != y->bytes)
		return x->bytes < y->bytes ? 1 : -1;
	return x->line < y->line ? -1 : x->line > y->line;
}

static void slab_emit(struct slabinfo *si)
{
	struct strbuf name = STRBUF_INIT;
	size_t i;

	parse_int(si->ctx, 0, "slabinfo.caches", (int64_t)si->nr, "count");
	if (!si->total_overflow)
		parse_int(si->ctx, 0, "slabinfo.total_bytes", si->total, "bytes");
	if (si->nr > 1)
		qsort(si->caches, si->nr, sizeof(*si->caches), cmp_bytes);
	for (i = 0; i < si->nr && i < SLAB_TOP; i++) {
		const struct slab_cache *c = &si->caches[i];

		strbuf_reset(&name);
		strbuf_addf(&name, "slabinfo.top%zu.name", i + 1);
		parse_str(si->ctx, c->line, name.buf, c->name.p, c->name.len);
		strbuf_reset(&name);
		strbuf_addf(&name, "slabinfo.top%zu.bytes", i + 1);
		parse_int(si->ctx, c->line, name.buf, c->bytes, "bytes");
		strbuf_reset(&name);
		strbuf_addf(&name, "slabinfo.%.*s.bytes", (int)c->name.len, c->name.p);
		parse_int(si->ctx, c->line, name.buf, c->bytes, "bytes");
	}
	strbuf_release(&name);
}

static int slabinfo_parse(struct parse_ctx *ctx, const char *buf, size_t len)
{
	struct slabinfo si = { .ctx = ctx };
	struct lines it = lines_of(buf, len);
	int ret = -1;

	while (lines_next(&it)) {
		const char *s = it.line.p, *end = s + it.line.len;
		struct slab_cache c = { SPAN_NONE, 0, it.no };
		int r;

		/* the column legend and blank lines carry nothing */
		if (!span_trim(it.line).len || span_starts(it.line, "#"))
			continue;
		if (scan_lit(&s, end, "slabinfo - version:")) {
			if (!slab_version(ctx, it.no, s, end))
				goto out;
			continue;
		}
		r = slab_line(s, end, &c);
		if (r > 0)
			slab_add(&si, &c);
		else if (r < 0)
			parse_warn(ctx, it.no, "number out of range; cache skipped");
		else
			parse_warn(ctx, it.no, "not a slabinfo 2.x line; skipped");
	}
	if (si.nr) {
		slab_emit(&si);
		ret = 0;
	}
out:
	free(si.caches);
	return ret;
}

static const char *const slabinfo_paths[] = {
	"proc/slabinfo",
	NULL,
};

static const struct fact_def slabinfo_facts[] = {
	{ "slabinfo.caches", FACT_INT, "count", "slab caches listed" },
	{ "slabinfo.total_bytes", FACT_INT, "bytes", "sum of num_slabs * pagesperslab * 4096 over all caches" },
	{ "slabinfo.top<i>.name", FACT_STR, "", "the i-th largest cache (i from 1 to 10)" },
	{ "slabinfo.top<i>.bytes", FACT_INT, "bytes", "its footprint: num_slabs * pagesperslab * 4096" },
	{ "slabinfo.<cache>.bytes", FACT_INT, "bytes", "footprint of each of the 10 largest caches" },
	{ NULL, FACT_INT, NULL, NULL },
};

const struct source in_slabinfo = {
	.name = "slabinfo",
	.paths = slabinfo_paths,
	.parse = slabinfo_parse,
	.facts = slabinfo_facts,
};
