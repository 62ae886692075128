/*
 * /proc/meminfo, proc(5): every key, any era.
 *
 *   MemTotal:        8164548 kB
 *   HugePages_Total:       0
 *   Active(anon):    5584228 kB
 *
 * 2.4 kernels put three other lines first ("        total:    used: ...",
 * "Mem:  <bytes> <bytes> ...", "Swap: ..."): they carry several numbers
 * after the colon, so the strict grammar below skips them.  Per-node files
 * (sys/devices/system/node/nodeN/meminfo, "Node 0 MemTotal: ...") are read
 * too, as meminfo.nodeN.KEY.
 */
#include "sources/source.h"
#include "util/strbuf.h"

static bool key_char(char c)
{
	return is_ident(c) || c == '(' || c == ')';
}

static int meminfo_parse(struct parse_ctx *ctx, const char *buf, size_t len)
{
	struct lines it = lines_of(buf, len);
	struct strbuf name = STRBUF_INIT;
	size_t kept = 0;

	while (lines_next(&it)) {
		const char *s = it.line.p, *end = s + it.line.len, *key;
		uint64_t node = 0, v;
		bool per_node = false;
		const char *unit = "count";

		if (scan_lit(&s, end, "Node ")) {
			if (!scan_u64(&s, end, &node) || !scan_char(&s, end, ' '))
				goto bad;
			per_node = true;
		}
		key = s;
		while (s < end && key_char(*s))
			s++;
		if (s == key || !scan_char(&s, end, ':'))
			goto bad;
		strbuf_reset(&name);
		if (per_node)
			strbuf_addf(&name, "meminfo.node%llu.", (unsigned long long)node);
		else
			strbuf_addstr(&name, "meminfo.");
		strbuf_add(&name, key, (size_t)(s - 1 - key));
		scan_blanks(&s, end);
		if (!scan_u64(&s, end, &v) || v > INT64_MAX)
			goto bad;
		scan_blanks(&s, end);
		if (scan_lit(&s, end, "kB"))
			unit = "kB";
		scan_blanks(&s, end);
		if (s != end)
			goto bad;
		parse_int(ctx, it.no, name.buf, (int64_t)v, unit);
		kept++;
		continue;
bad:
		/* the 2.4 header lines are expected; anything else is worth a word */
		if (!span_starts(span_trim(it.line), "total:") && !span_starts(it.line, "Mem:") &&
		    !span_starts(it.line, "Swap:") && it.line.len)
			parse_warn(ctx, it.no, "not a meminfo line; skipped");
	}
	strbuf_release(&name);
	return kept ? 0 : -1;
}

static const char *const meminfo_paths[] = {
	"proc/meminfo",
	"sys/devices/system/node/node*/meminfo",
	NULL,
};

static const struct fact_def meminfo_facts[] = {
	{ "meminfo.<Key>", FACT_INT, "kB", "every /proc/meminfo line (HugePages_* are counts)" },
	{ "meminfo.MemTotal", FACT_INT, "kB", "usable RAM" },
	{ "meminfo.MemFree", FACT_INT, "kB", "free RAM" },
	{ "meminfo.MemAvailable", FACT_INT, "kB", "estimate of memory available without swapping (3.14+)" },
	{ "meminfo.Dirty", FACT_INT, "kB", "dirty page cache waiting for writeback" },
	{ "meminfo.Writeback", FACT_INT, "kB", "page cache being written back" },
	{ "meminfo.SwapTotal", FACT_INT, "kB", "swap space" },
	{ "meminfo.SwapFree", FACT_INT, "kB", "free swap space" },
	{ "meminfo.HighTotal", FACT_INT, "kB", "HighMem (32-bit kernels)" },
	{ "meminfo.LowFree", FACT_INT, "kB", "free LowMem (32-bit kernels)" },
	{ "meminfo.SUnreclaim", FACT_INT, "kB", "unreclaimable slab" },
	{ "meminfo.CommitLimit", FACT_INT, "kB", "overcommit limit" },
	{ "meminfo.Committed_AS", FACT_INT, "kB", "memory committed by allocations" },
	{ "meminfo.node<N>.<Key>", FACT_INT, "kB", "sys/devices/system/node/nodeN/meminfo" },
	{ NULL, FACT_INT, NULL, NULL },
};

const struct source in_meminfo = {
	.name = "meminfo",
	.paths = meminfo_paths,
	.parse = meminfo_parse,
	.facts = meminfo_facts,
};
