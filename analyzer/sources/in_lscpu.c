/*
 * lscpu(1): sos_commands/processor/lscpu.
 *
 *   Architecture:        x86_64
 *   CPU(s):              2
 *   NUMA node(s):        1
 *   Model name:          Intel(R) Xeon(R) W-2155 CPU @ 3.30GHz
 *   Hypervisor vendor:   Microsoft
 *   Virtualization type: full
 *
 * util-linux 2.37+ indents the keys under section lines that have no value
 * ("Virtualization features:", "NUMA:"): keys are trimmed and the section
 * lines skipped.  Keys this tool has no use for (caches, flags, the
 * per-node CPU lists) are skipped silently: their names hold blanks and
 * parentheses, no good as fact names.  A line with no colon, stderr
 * merged by sos, gets a parse_warn.
 */
#include "sources/source.h"

static const struct {
	const char *key, *fact;
	bool count;
} lscpu_keys[] = {
	{ "CPU(s)", "cpu.count", true },
	{ "NUMA node(s)", "cpu.numa_nodes", true },
	{ "Architecture", "cpu.arch", false },
	{ "Model name", "cpu.model_name", false },
	{ "Hypervisor vendor", "cpu.hypervisor_vendor", false },
	{ "Virtualization type", "cpu.virtualization_type", false },
};

/* false when the value does not parse */
static bool lscpu_value(struct parse_ctx *ctx, unsigned no, size_t k, struct span v)
{
	const char *s = v.p, *end = v.p + v.len;
	uint64_t n;

	if (!lscpu_keys[k].count) {
		parse_str(ctx, no, lscpu_keys[k].fact, v.p, v.len);
		return true;
	}
	if (!scan_u64(&s, end, &n) || s != end || n > INT64_MAX)
		return false;
	parse_int(ctx, no, lscpu_keys[k].fact, (int64_t)n, "count");
	return true;
}

static int lscpu_parse(struct parse_ctx *ctx, const char *buf, size_t len)
{
	struct lines it = lines_of(buf, len);
	size_t kept = 0, k;

	while (lines_next(&it)) {
		struct span line = span_trim(it.line), key, v;
		const char *colon;

		if (!line.len)
			continue;
		colon = memchr(line.p, ':', line.len);
		if (!colon || memchr(line.p, '\0', line.len)) {
			parse_warn(ctx, it.no, "not a lscpu line; skipped");
			continue;
		}
		key = span_trim(span_make(line.p, colon));
		v = span_trim(span_make(colon + 1, line.p + line.len));
		for (k = 0; k < ARRAY_SIZE(lscpu_keys); k++)
			if (span_eq(key, lscpu_keys[k].key))
				break;
		if (k == ARRAY_SIZE(lscpu_keys) || !v.len)
			continue;
		if (lscpu_value(ctx, it.no, k, v))
			kept++;
		else
			parse_warn(ctx, it.no, "unreadable %s value; skipped", lscpu_keys[k].key);
	}
	return kept ? 0 : -1;
}

static const char *const lscpu_paths[] = {
	"sos_commands/processor/lscpu",
	NULL,
};

static const struct fact_def lscpu_facts[] = {
	{ "cpu.count", FACT_INT, "count", "CPU(s): logical CPUs" },
	{ "cpu.numa_nodes", FACT_INT, "count", "NUMA node(s)" },
	{ "cpu.arch", FACT_STR, "", "Architecture: x86_64, aarch64 ..." },
	{ "cpu.model_name", FACT_STR, "", "Model name" },
	{ "cpu.hypervisor_vendor", FACT_STR, "", "Hypervisor vendor: VMware, Microsoft, KVM, Xen ..." },
	{ "cpu.virtualization_type", FACT_STR, "", "Virtualization type: full, para, container" },
	{ NULL, FACT_INT, NULL, NULL },
};

const struct source in_lscpu = {
	.name = "lscpu",
	.paths = lscpu_paths,
	.parse = lscpu_parse,
	.facts = lscpu_facts,
};
