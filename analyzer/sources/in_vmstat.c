/*
 * /proc/vmstat, proc(5) and mm/vmstat.c vmstat_show(): one kernel counter
 * per line, names varying with the version.
 *
 *   nr_free_pages 1307065          (2.6.22 i386, just before an OOM panic)
 *   pgscan_kswapd_normal 14688
 *   allocstall 271
 *   oom_kill 0                     (4.13+)
 *
 * Every line is kept as vmstat.<name>; what the names mean (pages, events,
 * kB for nr_kernel_stack) is for the rules to know, so the unit is "count".
 */
#include "sources/source.h"
#include "util/strbuf.h"

static int vmstat_parse(struct parse_ctx *ctx, const char *buf, size_t len)
{
	struct lines it = lines_of(buf, len);
	struct strbuf name = STRBUF_INIT;
	size_t kept = 0;

	while (lines_next(&it)) {
		const char *s = it.line.p, *end = s + it.line.len, *key = s;
		uint64_t v;

		while (s < end && is_ident(*s))
			s++;
		if (s == key || s == end || !is_blank(*s))
			goto bad;
		strbuf_reset(&name);
		strbuf_addstr(&name, "vmstat.");
		strbuf_add(&name, key, (size_t)(s - key));
		scan_blanks(&s, end);
		if (s == end || !is_digit(*s))
			goto bad;
		if (!scan_u64(&s, end, &v) || v > INT64_MAX) {
			parse_warn(ctx, it.no, "value of '%s' out of range; skipped", name.buf + 7);
			continue;
		}
		scan_blanks(&s, end);
		if (s != end)
			goto bad;
		parse_int(ctx, it.no, name.buf, (int64_t)v, "count");
		kept++;
		continue;
bad:
		/* blank lines are harmless; anything else (stderr junk) is worth a word */
		if (span_trim(it.line).len)
			parse_warn(ctx, it.no, "not a vmstat line; skipped");
	}
	strbuf_release(&name);
	return kept ? 0 : -1;
}

static const char *const vmstat_paths[] = {
	"proc/vmstat",
	NULL,
};

static const struct fact_def vmstat_facts[] = {
	{ "vmstat.<name>", FACT_INT, "count", "every /proc/vmstat counter (nr_* are mostly pages, the rest events)" },
	{ "vmstat.oom_kill", FACT_INT, "count", "OOM kills since boot (4.13+)" },
	{ "vmstat.allocstall", FACT_INT, "count", "direct reclaim stalls (split per zone in 4.x: allocstall_<zone>)" },
	{ "vmstat.pswpin", FACT_INT, "count", "pages swapped in since boot" },
	{ "vmstat.pswpout", FACT_INT, "count", "pages swapped out since boot" },
	{ "vmstat.compact_stall", FACT_INT, "count", "direct compaction stalls" },
	{ "vmstat.balloon_inflate", FACT_INT, "count", "pages taken by a balloon driver (CONFIG_BALLOON_COMPACTION)" },
	{ NULL, FACT_INT, NULL, NULL },
};

const struct source in_vmstat = {
	.name = "vmstat",
	.paths = vmstat_paths,
	.parse = vmstat_parse,
	.facts = vmstat_facts,
};
