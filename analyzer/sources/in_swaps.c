/*
 * Active swap areas: /proc/swaps (proc(5), sizes in kB) and sos's
 * `swapon --bytes --show` (swapon(8), sizes in bytes).
 *
 *   Filename				Type		Size	Used	Priority
 *   /dev/dm-2                               partition	131068	176	-2
 *
 *   NAME      TYPE            SIZE USED PRIO
 *   /dev/dm-1 partition 4294963200    0   -2
 *
 * Columns are found by their header names ("Size"/"Used" in kB, "SIZE"/
 * "USED" in bytes).  The kernel escapes blanks in a file name ("\040"),
 * swapon may not: a row with more fields than the header gives the extra
 * ones to the name, the first column.  A header with no rows is a host
 * without swap: 0 devices, 0 kB.  swapon --show prints nothing at all,
 * not even the header, when there is no swap, and also when it failed
 * silently, so an empty file says nothing and is not used; proc/swaps,
 * which sos copies beside it, tells.
 */
#include "sources/source.h"
#include "util/strbuf.h"

/* More header columns than swapon can print. */
#define SWAP_MAX_COLS 32

struct swaps {
	struct parse_ctx *ctx;
	size_t ncols, size_col, used_col;
	bool bytes;                  /* sizes in bytes (swapon), else kB (proc/swaps) */
	int64_t devices, total_kb, used_kb;
	bool header, size_unknown, used_unknown;
};

static size_t split_words(struct span line, struct span *w, size_t max)
{
	const char *s = line.p, *end = s + line.len;
	size_t n = 0;

	scan_blanks(&s, end);
	while (n < max && scan_word(&s, end, &w[n])) {
		n++;
		scan_blanks(&s, end);
	}
	return s == end ? n : max + 1;
}

static bool swap_header(struct swaps *sw, struct span line)
{
	struct span w[SWAP_MAX_COLS];
	size_t n = split_words(line, w, SWAP_MAX_COLS), i;

	if (n > SWAP_MAX_COLS)
		return false;
	sw->size_col = sw->used_col = n;
	for (i = 0; i < n; i++) {
		if (span_eq(w[i], "Size") || span_eq(w[i], "SIZE"))
			sw->size_col = i;
		else if (span_eq(w[i], "Used") || span_eq(w[i], "USED"))
			sw->used_col = i;
	}
	if (sw->size_col == n || sw->used_col == n || !sw->size_col || !sw->used_col)
		return false;
	sw->ncols = n;
	sw->bytes = span_eq(w[sw->size_col], "SIZE");
	return true;
}

/* A size column in kB: 1 read, 0 not a number, -1 too large. */
static int swap_kb(const struct swaps *sw, struct span w, int64_t *kb)
{
	const char *s = w.p, *end = w.p + w.len;
	uint64_t v;

	if (!w.len || !is_digit(*s))
		return 0;
	if (!scan_u64(&s, end, &v) || v > INT64_MAX)
		return -1;
	if (s != end)
		return 0;
	*kb = sw->bytes ? (int64_t)(v / 1024) : (int64_t)v;
	return 1;
}

/* Add to a total that becomes unknown for good once a term is. */
static void swap_add(int64_t *sum, bool *unknown, int r, int64_t kb)
{
	if (r < 0 || *sum > INT64_MAX - kb)
		*unknown = true;
	else
		*sum += kb;
}

static void swap_row(struct swaps *sw, unsigned no, struct span line)
{
	struct span w[SWAP_MAX_COLS + 1];
	size_t n = split_words(line, w, SWAP_MAX_COLS + 1), extra;
	int64_t size = 0, used = 0;
	int rs, ru;

	if (n > SWAP_MAX_COLS + 1 || n < sw->ncols)
		goto bad;
	/* blanks in the name: the extra fields belong to the first column */
	extra = n - sw->ncols;
	rs = swap_kb(sw, w[sw->size_col + extra], &size);
	ru = swap_kb(sw, w[sw->used_col + extra], &used);
	if (!rs || !ru)
		goto bad;
	if (rs < 0 || ru < 0)
		parse_warn(sw->ctx, no, "swap size or usage out of range; totals unknown");
	swap_add(&sw->total_kb, &sw->size_unknown, rs, size);
	swap_add(&sw->used_kb, &sw->used_unknown, ru, used);
	sw->devices++;
	return;
bad:
	/* e.g. "swapon: /swapfile: read swap header failed" merged from stderr */
	parse_warn(sw->ctx, no, "not a swap area line; skipped");
}

static int swaps_parse(struct parse_ctx *ctx, const char *buf, size_t len)
{
	struct swaps sw = { .ctx = ctx };
	struct lines it = lines_of(buf, len);
	unsigned warned = 0;

	while (lines_next(&it)) {
		if (!span_trim(it.line).len)
			continue;
		if (sw.header)
			swap_row(&sw, it.no, it.line);
		else if (swap_header(&sw, it.line))
			sw.header = true;
		else if (!warned++)
			/*
			 * once: an old swapon without --show prints its whole
			 * usage text ("swapon: unrecognized option '--show'")
			 */
			parse_warn(ctx, it.no, "not a swap table header; skipped up to the header");
	}
	if (!sw.header)
		return -1;
	parse_int(ctx, 0, "swap.devices", sw.devices, "count");
	if (!sw.size_unknown)
		parse_int(ctx, 0, "swap.total_kb", sw.total_kb, "kB");
	if (!sw.used_unknown)
		parse_int(ctx, 0, "swap.used_kb", sw.used_kb, "kB");
	return 0;
}

static const char *const swaps_paths[] = {
	"proc/swaps",
	"sos_commands/memory/swapon_--bytes_--show",
	NULL,
};

static const struct fact_def swaps_facts[] = {
	{ "swap.devices", FACT_INT, "count", "active swap areas (0: no swap)" },
	{ "swap.total_kb", FACT_INT, "kB", "size of all active swap areas" },
	{ "swap.used_kb", FACT_INT, "kB", "swap in use" },
	{ NULL, FACT_INT, NULL, NULL },
};

const struct source in_swaps = {
	.name = "swaps",
	.paths = swaps_paths,
	.parse = swaps_parse,
	.facts = swaps_facts,
};
