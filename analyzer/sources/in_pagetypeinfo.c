/*
 * /proc/pagetypeinfo, proc(5) and mm/vmstat.c pagetypeinfo_show(): free
 * blocks per order and pageblocks per migrate type, for each zone.
 *
 *   Page block order: 9
 *   Pages per block:  512
 *
 *   Free pages count per migrate type at order       0      1 ...     10 
 *   Node    0, zone   Normal, type      Movable     12      3 ...      0 
 *
 *   Number of blocks type     Unmovable      Movable  Reclaimable   HighAtomic      Isolate 
 *   Node 0, zone   Normal         1557          530           25            0            0 
 *
 * The set of types changes with the kernel (Reserve in 2.6, HighAtomic,
 * CMA, Isolate later), so the second table's columns come from its header.
 * Since 5.5 a count of 100000 or more is printed as ">100000": the sum of
 * such a row is unknown and not stored.  A "Number of mixed blocks    ..."
 * table (CONFIG_PAGE_OWNER) follows on some kernels; its rows are skipped.
 */
#include "sources/shared.h"
#include "util/strbuf.h"

/* More columns than any kernel prints (orders ~11-20, types ~6). */
#define PTI_MAX_COLS 64

/* PTI_SKIPPED: the mixed blocks table, or one whose header was damaged */
enum pti_table { PTI_NONE, PTI_FREE, PTI_BLOCKS, PTI_SKIPPED };

struct pagetypeinfo {
	struct parse_ctx *ctx;
	enum pti_table table;
	struct span types[PTI_MAX_COLS]; /* the block table's columns, into the file's buffer */
	size_t ntypes;
	struct strbuf name;
	size_t kept;
};

/* One number of a row: ">100000" is capped, digits beyond int64_t overflow. */
struct pti_value {
	int64_t v;
	bool capped, overflow;
};

/* "Page block order: 9" */
static void pti_scalar(struct pagetypeinfo *t, unsigned no, const char *s, const char *end,
		       const char *name, const char *unit)
{
	uint64_t v;

	scan_blanks(&s, end);
	if (!scan_u64(&s, end, &v) || v > INT64_MAX) {
		parse_warn(t->ctx, no, "bad or out of range value for %s; skipped", name);
		return;
	}
	scan_blanks(&s, end);
	if (s != end) {
		parse_warn(t->ctx, no, "trailing junk after %s; skipped", name);
		return;
	}
	parse_int(t->ctx, no, name, (int64_t)v, unit);
	t->kept++;
}

/* The numbers up to the end of the line; false on anything else. */
static bool pti_values(const char *s, const char *end, struct pti_value *vals, size_t *nr)
{
	uint64_t v = 0;

	*nr = 0;
	for (;;) {
		struct pti_value *val = &vals[*nr];

		if (s < end && !is_blank(*s))
			return false;
		scan_blanks(&s, end);
		if (s == end)
			return *nr > 0;
		if (*nr == PTI_MAX_COLS)
			return false;
		val->capped = scan_char(&s, end, '>');
		if (s == end || !is_digit(*s))
			return false;
		val->overflow = !scan_u64(&s, end, &v) || v > INT64_MAX;
		val->v = val->overflow ? 0 : (int64_t)v;
		while (s < end && is_digit(*s))
			s++;
		(*nr)++;
	}
}

/* Σ count << order (the column is the order), or -1 when it is not known. */
static int64_t pti_sum(const struct pti_value *vals, size_t nr)
{
	int64_t sum = 0;
	size_t k;

	for (k = 0; k < nr; k++) {
		if (vals[k].capped || vals[k].overflow || k >= 62 || vals[k].v > (INT64_MAX >> k))
			return -1;
		if (sum > INT64_MAX - (vals[k].v << k))
			return -1;
		sum += vals[k].v << k;
	}
	return sum;
}

/* "Node    0, zone      DMA, type    Unmovable      1      1 ..." after the zone name */
static void pti_free_row(struct pagetypeinfo *t, unsigned no, const char *s, const char *end,
			 uint64_t node, struct span zone)
{
	struct pti_value vals[PTI_MAX_COLS];
	const char *type;
	int64_t sum;
	size_t nr;

	scan_blanks(&s, end);
	if (!scan_lit(&s, end, "type"))
		goto bad;
	scan_blanks(&s, end);
	type = s;
	while (s < end && is_ident(*s))
		s++;
	if (s == type || !pti_values(s, end, vals, &nr))
		goto bad;
	sum = pti_sum(vals, nr);
	if (sum < 0) {
		parse_warn(t->ctx, no, "a free count is capped (\">100000\") or out of range; free_pages unknown");
		return;
	}
	strbuf_reset(&t->name);
	strbuf_addf(&t->name, "pagetypeinfo.node%llu.%.*s.%.*s.free_pages", (unsigned long long)node,
		    (int)zone.len, zone.p, (int)(s - type), type);
	parse_int(t->ctx, no, t->name.buf, sum, "pages");
	t->kept++;
	return;
bad:
	parse_warn(t->ctx, no, "not a pagetypeinfo free count line; skipped");
}

/* "Node 0, zone   Normal         1557          530 ..." after the zone name */
static void pti_block_row(struct pagetypeinfo *t, unsigned no, const char *s, const char *end,
			  uint64_t node, struct span zone)
{
	struct pti_value vals[PTI_MAX_COLS];
	size_t nr, i;

	if (!pti_values(s, end, vals, &nr) || nr > t->ntypes) {
		parse_warn(t->ctx, no, "block counts do not match the table header; skipped");
		return;
	}
	for (i = 0; i < nr; i++) {
		if (vals[i].capped || vals[i].overflow) {
			parse_warn(t->ctx, no, "block count of %.*s out of range; skipped",
				   (int)t->types[i].len, t->types[i].p);
			continue;
		}
		strbuf_reset(&t->name);
		strbuf_addf(&t->name, "pagetypeinfo.node%llu.%.*s.%.*s.blocks", (unsigned long long)node,
			    (int)zone.len, zone.p, (int)t->types[i].len, t->types[i].p);
		parse_int(t->ctx, no, t->name.buf, vals[i].v, "count");
		t->kept++;
	}
}

static void pti_node_row(struct pagetypeinfo *t, unsigned no, const char *s, const char *end)
{
	struct span zone;
	uint64_t node;

	if (!scan_node_zone(&s, end, &node, &zone)) {
		parse_warn(t->ctx, no, "malformed zone header; skipped");
		return;
	}
	if (scan_char(&s, end, ','))
		pti_free_row(t, no, s, end, node, zone);
	else if (t->table == PTI_BLOCKS)
		pti_block_row(t, no, s, end, node, zone);
	else if (t->table != PTI_SKIPPED)
		parse_warn(t->ctx, no, "block counts before their table header; skipped");
}

/* "Number of blocks type     Unmovable      Movable ...": the column names. */
static void pti_block_header(struct pagetypeinfo *t, unsigned no, const char *s, const char *end)
{
	struct span w;

	t->table = PTI_BLOCKS;
	t->ntypes = 0;
	for (scan_blanks(&s, end); scan_word(&s, end, &w); scan_blanks(&s, end)) {
		size_t i;

		for (i = 0; i < w.len && is_ident(w.p[i]); i++)
			;
		if (i != w.len || t->ntypes == PTI_MAX_COLS) {
			parse_warn(t->ctx, no, "malformed block table header; its rows are skipped");
			t->table = PTI_SKIPPED;
			return;
		}
		t->types[t->ntypes++] = w;
	}
}

static void pti_line(struct pagetypeinfo *t, unsigned no, struct span line)
{
	const char *s = line.p, *end = s + line.len;

	if (!span_trim(line).len)
		return;
	if (scan_lit(&s, end, "Page block order:"))
		pti_scalar(t, no, s, end, "pagetypeinfo.page_block_order", "");
	else if (scan_lit(&s, end, "Pages per block:"))
		pti_scalar(t, no, s, end, "pagetypeinfo.pages_per_block", "pages");
	else if (scan_lit(&s, end, "Free pages count per migrate type at order"))
		t->table = PTI_FREE;
	else if (scan_lit(&s, end, "Number of blocks type"))
		pti_block_header(t, no, s, end);
	else if (scan_lit(&s, end, "Number of mixed blocks"))
		t->table = PTI_SKIPPED;
	else if (span_starts(line, "Node"))
		pti_node_row(t, no, s, end);
	else
		parse_warn(t->ctx, no, "not a pagetypeinfo line; skipped");
}

static int pagetypeinfo_parse(struct parse_ctx *ctx, const char *buf, size_t len)
{
	struct pagetypeinfo t = { .ctx = ctx, .table = PTI_NONE, .name = STRBUF_INIT };
	struct lines it = lines_of(buf, len);

	while (lines_next(&it))
		pti_line(&t, it.no, it.line);
	strbuf_release(&t.name);
	return t.kept ? 0 : -1;
}

static const char *const pagetypeinfo_paths[] = {
	"proc/pagetypeinfo",
	NULL,
};

static const struct fact_def pagetypeinfo_facts[] = {
	{ "pagetypeinfo.page_block_order", FACT_INT, "", "order of a pageblock (9 on x86_64: 2 MiB)" },
	{ "pagetypeinfo.pages_per_block", FACT_INT, "pages", "pages in a pageblock" },
	{ "pagetypeinfo.node<N>.<Zone>.<Type>.free_pages", FACT_INT, "pages", "free pages of that migrate type: sum of count << order; absent when a count is capped (\">100000\", 5.5+)" },
	{ "pagetypeinfo.node<N>.<Zone>.<Type>.blocks", FACT_INT, "count", "pageblocks of that migrate type (types from the table header)" },
	{ NULL, FACT_INT, NULL, NULL },
};

const struct source in_pagetypeinfo = {
	.name = "pagetypeinfo",
	.paths = pagetypeinfo_paths,
	.parse = pagetypeinfo_parse,
	.facts = pagetypeinfo_facts,
};
