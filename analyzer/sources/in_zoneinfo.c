/*
 * /proc/zoneinfo, proc(5) and mm/vmstat.c zoneinfo_show_print(): the
 * watermarks and counters of every memory zone, every layout from 2.6.1x
 * to 6.x.  A 4.18 (RHEL 8) zone that carries the node's counters:
 *
 *   Node 0, zone      DMA
 *     per-node stats
 *         nr_inactive_anon 50
 *                      537792
 *     pages free     3975
 *           min      33
 *           managed  3977
 *           protection: (0, 3828, 7894, 7894, 7894)
 *         nr_free_pages 3975
 *     pagesets
 *       cpu: 0
 *                 count: 0
 *     vm stats threshold: 4
 *     node_unreclaimable:  0
 *     start_pfn:           1
 *
 * Older layouts differ only in which items appear ("scanned  0 (a: 14 i: 14)"
 * in 2.6.2x, "all_unreclaimable: 0" and "inactive_ratio: 1" trailers, the
 * 4-space item indent before 4.8), so every "name value" and "name: value"
 * line of a zone becomes a fact; the per-CPU pagesets are skipped.
 */
#include "sources/shared.h"
#include "util/strbuf.h"

/* ZI_SKIP: the rest of a zone whose header was damaged (one warning is enough) */
enum zi_state { ZI_START, ZI_SKIP, ZI_NODE_STATS, ZI_ZONE, ZI_PAGESETS };

struct zoneinfo {
	struct parse_ctx *ctx;
	enum zi_state state;
	struct strbuf node;          /* "zoneinfo.node0." */
	struct strbuf zone;          /* "zoneinfo.node0.Normal." */
	struct strbuf name;          /* scratch for one fact name */
	size_t zones;
	unsigned warned_start;
};

/* 1: a number in *out; 0: no number here; -1: digits that overflow int64_t. */
static int scan_count(const char **s, const char *end, int64_t *out)
{
	uint64_t v;

	if (*s >= end || !is_digit(**s))
		return 0;
	if (!scan_u64(s, end, &v) || v > INT64_MAX)
		return -1;
	*out = (int64_t)v;
	return 1;
}

static bool is_one_of(const char *key, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(key, *list))
			return true;
	return false;
}

static bool has_prefix(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

static bool has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && !strcmp(s + n - k, suffix);
}

/*
 * Most items are page counts.  Event counters are counts, the THP
 * counters count huge pages, and a few items are not amounts at all:
 * nr_kernel_stack is in kB since 4.7 but counted stacks before, so it gets
 * no unit rather than a wrong one.
 */
static const char *zi_unit(const char *key)
{
	static const char *const plain[] = {
		"start_pfn", "all_unreclaimable", "node_unreclaimable", "prev_priority",
		"temp_priority", "inactive_ratio", "node_inactive_ratio", "nr_kernel_stack",
		"nr_shadow_call_stack", NULL,
	};

	if (is_one_of(key, plain))
		return "";
	if (has_prefix(key, "numa_") || has_prefix(key, "workingset_") ||
	    has_prefix(key, "nr_foll_pin_") || has_suffix(key, "hugepages") ||
	    has_suffix(key, "pmdmapped"))
		return "count";
	return "pages";
}

bool scan_node_zone(const char **p, const char *end, uint64_t *node, struct span *zone)
{
	const char *s = *p, *z;

	if (!scan_lit(&s, end, "Node"))
		return false;
	scan_blanks(&s, end);
	if (!scan_u64(&s, end, node) || !scan_char(&s, end, ','))
		return false;
	scan_blanks(&s, end);
	if (!scan_lit(&s, end, "zone"))
		return false;
	scan_blanks(&s, end);
	z = s;
	while (s < end && is_ident(*s))
		s++;
	if (s == z)
		return false;
	*zone = span_make(z, s);
	*p = s;
	return true;
}

/* "Node 0, zone   Normal": opens a zone and sets the fact name prefixes. */
static bool zi_header(struct zoneinfo *z, const char *s, const char *end)
{
	struct span zone;
	uint64_t node;

	if (!scan_node_zone(&s, end, &node, &zone))
		return false;
	strbuf_reset(&z->node);
	strbuf_addf(&z->node, "zoneinfo.node%llu.", (unsigned long long)node);
	strbuf_reset(&z->zone);
	strbuf_addstr(&z->zone, z->node.buf);
	strbuf_add(&z->zone, zone.p, zone.len);
	strbuf_addch(&z->zone, '.');
	scan_blanks(&s, end);
	return s == end;
}

static void zi_fact(struct zoneinfo *z, unsigned no, const struct strbuf *prefix,
		    const char *key, int64_t v, const char *unit)
{
	strbuf_reset(&z->name);
	strbuf_addstr(&z->name, prefix->buf);
	strbuf_addstr(&z->name, key);
	parse_int(z->ctx, no, z->name.buf, v, unit);
}

/*
 * "protection: (0, 2780, 15835, 15835)", the zone's lowmem_reserve[] in
 * pages: kept as printed, and entry by entry.  The list is checked whole
 * before anything is stored, so a damaged one leaves no partial facts.
 */
static void zi_protection(struct zoneinfo *z, unsigned no, const char *s, const char *end)
{
	const char *list, *p;
	struct span shown;
	size_t i;
	int64_t v;

	scan_blanks(&s, end);
	if (!scan_char(&s, end, '('))
		goto bad;
	list = p = s;
	for (;;) {
		scan_blanks(&p, end);
		if (!scan_i64(&p, end, &v))
			goto bad;
		scan_blanks(&p, end);
		if (scan_char(&p, end, ')'))
			break;
		if (!scan_char(&p, end, ','))
			goto bad;
	}
	s = p;
	scan_blanks(&p, end);
	if (p != end)
		goto bad;
	strbuf_reset(&z->name);
	strbuf_addf(&z->name, "%sprotection", z->zone.buf);
	shown = span_trim(span_make(list, s - 1));
	parse_str(z->ctx, no, z->name.buf, shown.p, shown.len);
	for (i = 0, p = list; p < s - 1; i++) {
		scan_blanks(&p, end);
		scan_i64(&p, end, &v);
		strbuf_reset(&z->name);
		strbuf_addf(&z->name, "%sprotection%zu", z->zone.buf, i);
		parse_int(z->ctx, no, z->name.buf, v, "pages");
		scan_blanks(&p, end);
		scan_char(&p, end, ',');
	}
	return;
bad:
	parse_warn(z->ctx, no, "malformed zone protection list; skipped");
}

/* "pages free     3975", "        min      33", "  start_pfn:           1" */
static void zi_item(struct zoneinfo *z, unsigned no, const char *s, const char *end)
{
	const char *key = s;
	char *name = NULL;
	int64_t v;
	int r;

	if (scan_lit(&s, end, "pages free")) {
		key = "free";
	} else {
		/*
		 * 4.18 (RHEL 8) prints one node counter whose name string is
		 * empty, as a line of blanks and a number: expected, skipped.
		 */
		if (is_digit(*s) && z->state == ZI_NODE_STATS)
			return;
		if (is_digit(*s))
			goto bad;
		while (s < end && is_ident(*s))
			s++;
		if (s == key)
			goto bad;
		key = name = span_dup(span_make(key, s));
	}
	scan_char(&s, end, ':');
	if (s == end || !is_blank(*s))
		goto bad;
	scan_blanks(&s, end);
	r = scan_count(&s, end, &v);
	if (r < 0) {
		parse_warn(z->ctx, no, "value of '%s' out of range; skipped", key);
		goto out;
	}
	if (!r)
		goto bad;
	scan_blanks(&s, end);
	/* 2.6.2x: "scanned  0 (a: 14 i: 14)", the per-list split is not kept */
	if (s < end && *s == '(' && end[-1] == ')')
		s = end;
	if (s != end)
		goto bad;
	if (!strcmp(key, "free"))
		z->state = ZI_ZONE;
	zi_fact(z, no, z->state == ZI_NODE_STATS ? &z->node : &z->zone, key, v, zi_unit(key));
	goto out;
bad:
	parse_warn(z->ctx, no, "not a zoneinfo line; skipped");
out:
	free(name);
}

/*
 * Inside "pagesets": the per-CPU lists ("cpu: 0", "count: 12" ... at 4 and
 * more columns) and "vm stats threshold: 24" at 2.  Any other line at 2
 * columns or less ("  node_unreclaimable:  0") is the zone's again.
 */
static bool in_pagesets(size_t indent, struct span rest)
{
	static const char *const keys[] = {
		"cpu:", "count:", "high:", "batch:", "high_min:", "high_max:", "vm stats threshold:", NULL,
	};
	const char *const *k;

	if (indent > 2)
		return true;
	for (k = keys; *k; k++)
		if (span_starts(rest, *k))
			return true;
	return false;
}

static void zi_line(struct zoneinfo *z, unsigned no, struct span line)
{
	const char *s = line.p, *end = s + line.len;
	struct span rest;
	size_t indent;

	scan_blanks(&s, end);
	indent = (size_t)(s - line.p);
	rest = span_make(s, end);
	if (!rest.len)
		return;
	if (span_starts(line, "Node ")) {
		if (zi_header(z, s, end)) {
			z->zones++;
			z->state = ZI_ZONE;
		} else {
			z->state = ZI_SKIP;
			parse_warn(z->ctx, no, "malformed zone header; zone skipped");
		}
		return;
	}
	if (z->state == ZI_SKIP)
		return;
	if (z->state == ZI_START) {
		/* once: a file of something else should not cost a warning a line */
		if (!z->warned_start++)
			parse_warn(z->ctx, no, "not inside a zone; skipped up to the first zone");
		return;
	}
	if (z->state == ZI_PAGESETS) {
		if (in_pagesets(indent, rest))
			return;
		z->state = ZI_ZONE;
	}
	if (span_eq(span_trim(rest), "per-node stats"))
		z->state = ZI_NODE_STATS;
	else if (span_eq(span_trim(rest), "pagesets"))
		z->state = ZI_PAGESETS;
	else if (scan_lit(&s, end, "protection:"))
		zi_protection(z, no, s, end);
	else
		zi_item(z, no, s, end);
}

static int zoneinfo_parse(struct parse_ctx *ctx, const char *buf, size_t len)
{
	struct zoneinfo z = { ctx, ZI_START, STRBUF_INIT, STRBUF_INIT, STRBUF_INIT, 0, 0 };
	struct lines it = lines_of(buf, len);

	while (lines_next(&it))
		zi_line(&z, it.no, it.line);
	if (z.zones)
		parse_int(ctx, 0, "zoneinfo.zones", (int64_t)z.zones, "count");
	strbuf_release(&z.node);
	strbuf_release(&z.zone);
	strbuf_release(&z.name);
	return z.zones ? 0 : -1;
}

static const char *const zoneinfo_paths[] = {
	"proc/zoneinfo",
	NULL,
};

static const struct fact_def zoneinfo_facts[] = {
	{ "zoneinfo.zones", FACT_INT, "count", "zones listed, unpopulated ones included" },
	{ "zoneinfo.node<N>.<Zone>.free", FACT_INT, "pages", "free pages of the zone (\"pages free\")" },
	{ "zoneinfo.node<N>.<Zone>.min", FACT_INT, "pages", "min watermark: below it only atomic/reclaim allocations succeed" },
	{ "zoneinfo.node<N>.<Zone>.low", FACT_INT, "pages", "low watermark: kswapd wakes up below it" },
	{ "zoneinfo.node<N>.<Zone>.high", FACT_INT, "pages", "high watermark: kswapd sleeps above it" },
	{ "zoneinfo.node<N>.<Zone>.boost", FACT_INT, "pages", "watermark boost (5.0+)" },
	{ "zoneinfo.node<N>.<Zone>.spanned", FACT_INT, "pages", "pages spanned by the zone, holes included" },
	{ "zoneinfo.node<N>.<Zone>.present", FACT_INT, "pages", "physical pages of the zone" },
	{ "zoneinfo.node<N>.<Zone>.managed", FACT_INT, "pages", "pages managed by the buddy allocator (3.8+)" },
	{ "zoneinfo.node<N>.<Zone>.protection", FACT_STR, "", "lowmem_reserve[] as printed: \"0, 2780, 15835, 15835\"" },
	{ "zoneinfo.node<N>.<Zone>.protection<i>", FACT_INT, "pages", "lowmem_reserve[i]: pages kept back from allocations that could use zone i" },
	{ "zoneinfo.node<N>.<Zone>.<item>", FACT_INT, "pages", "every other zone item (numa_*, workingset_*, *hugepages are counts; start_pfn, *_unreclaimable, nr_kernel_stack have no unit)" },
	{ "zoneinfo.node<N>.<item>", FACT_INT, "pages", "the node's \"per-node stats\" (4.8+)" },
	{ NULL, FACT_INT, NULL, NULL },
};

const struct source in_zoneinfo = {
	.name = "zoneinfo",
	.paths = zoneinfo_paths,
	.parse = zoneinfo_parse,
	.facts = zoneinfo_facts,
};
