/*
 * /proc/buddyinfo, proc(5) and mm/vmstat.c frag_show_print(): how many free
 * blocks of 2^order pages each populated zone holds.
 *
 *   Node 0, zone      DMA      1      1      1      0      2      1      1      0      1      1      3 
 *   Node 0, zone   Normal    356    154    571    302    143     14      7      4      3      2      0 
 *
 * One column per order from 0: 11 on x86 (orders 0..10), other counts on
 * other architectures and configurations, so they are counted, not
 * assumed.  The kernel ends each line with a blank; copies that lost it
 * (insights-core test data) are read the same.
 */
#include "sources/shared.h"
#include "util/strbuf.h"

/* More orders than any kernel has (MAX_ORDER is at most ~20). */
#define BUDDY_MAX_ORDERS 64

struct buddy_row {
	uint64_t node;
	struct span zone;
	int64_t count[BUDDY_MAX_ORDERS];
	bool overflow[BUDDY_MAX_ORDERS];
	size_t orders;
};

/*
 * The counts after the zone name.  A number too large for int64_t is
 * marked and skipped on its own; anything that is not a number spoils
 * the row.
 */
static bool buddy_counts(const char *s, const char *end, struct buddy_row *row)
{
	uint64_t v = 0;
	size_t k;

	row->orders = 0;
	for (;;) {
		if (s < end && !is_blank(*s))
			return false;
		scan_blanks(&s, end);
		if (s == end)
			break;
		if (row->orders == BUDDY_MAX_ORDERS || !is_digit(*s))
			return false;
		k = row->orders++;
		row->overflow[k] = !scan_u64(&s, end, &v) || v > INT64_MAX;
		row->count[k] = row->overflow[k] ? 0 : (int64_t)v;
		while (s < end && is_digit(*s))
			s++;
	}
	return row->orders > 0;
}

/* Σ count << order, or -1 when a count is unknown or the sum overflows. */
static int64_t buddy_free_pages(const struct buddy_row *row)
{
	int64_t sum = 0;
	size_t k;

	for (k = 0; k < row->orders; k++) {
		if (row->overflow[k] || k >= 62 || row->count[k] > (INT64_MAX >> k))
			return -1;
		if (sum > INT64_MAX - (row->count[k] << k))
			return -1;
		sum += row->count[k] << k;
	}
	return sum;
}

static void buddy_emit(struct parse_ctx *ctx, unsigned no, const struct buddy_row *row)
{
	struct strbuf prefix = STRBUF_INIT, name = STRBUF_INIT;
	int64_t sum = buddy_free_pages(row);
	size_t k;

	strbuf_addf(&prefix, "buddyinfo.node%llu.", (unsigned long long)row->node);
	strbuf_add(&prefix, row->zone.p, row->zone.len);
	for (k = 0; k < row->orders; k++) {
		if (row->overflow[k]) {
			parse_warn(ctx, no, "order %zu count out of range; skipped", k);
			continue;
		}
		strbuf_reset(&name);
		strbuf_addf(&name, "%s.order%zu", prefix.buf, k);
		parse_int(ctx, no, name.buf, row->count[k], "count");
	}
	strbuf_reset(&name);
	strbuf_addf(&name, "%s.orders", prefix.buf);
	parse_int(ctx, no, name.buf, (int64_t)row->orders, "count");
	if (sum >= 0) {
		strbuf_reset(&name);
		strbuf_addf(&name, "%s.free_pages", prefix.buf);
		parse_int(ctx, no, name.buf, sum, "pages");
	}
	strbuf_release(&prefix);
	strbuf_release(&name);
}

static int buddyinfo_parse(struct parse_ctx *ctx, const char *buf, size_t len)
{
	struct lines it = lines_of(buf, len);
	struct buddy_row row;
	size_t kept = 0;

	while (lines_next(&it)) {
		const char *s = it.line.p, *end = s + it.line.len;

		if (!span_trim(it.line).len)
			continue;
		if (!scan_node_zone(&s, end, &row.node, &row.zone) || !buddy_counts(s, end, &row)) {
			parse_warn(ctx, it.no, "not a buddyinfo line; skipped");
			continue;
		}
		buddy_emit(ctx, it.no, &row);
		kept++;
	}
	return kept ? 0 : -1;
}

static const char *const buddyinfo_paths[] = {
	"proc/buddyinfo",
	NULL,
};

static const struct fact_def buddyinfo_facts[] = {
	{ "buddyinfo.node<N>.<Zone>.order<k>", FACT_INT, "count", "free blocks of 2^k pages in the zone" },
	{ "buddyinfo.node<N>.<Zone>.orders", FACT_INT, "count", "number of order columns (11 on x86)" },
	{ "buddyinfo.node<N>.<Zone>.free_pages", FACT_INT, "pages", "free pages of the zone: sum of count << k" },
	{ NULL, FACT_INT, NULL, NULL },
};

const struct source in_buddyinfo = {
	.name = "buddyinfo",
	.paths = buddyinfo_paths,
	.parse = buddyinfo_parse,
	.facts = buddyinfo_facts,
};
