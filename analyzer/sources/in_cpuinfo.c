/*
 * /proc/cpuinfo, proc(5): one "key<TAB>: value" record per CPU, blank-line separated.
 *
 *   processor	: 0
 *   model name	: Intel(R) Xeon(R) W-2155 CPU @ 3.30GHz
 *   flags		: fpu vme de pse ... rdrand hypervisor lahf_lm ...
 *
 * The "hypervisor" flag is the CPUID bit a hypervisor sets for its guests
 * (2.6.3x+ kernels print it; the old ESX 4.1 sample has no such flag).
 * s390 prints "processor 0: version = ..." lines: those count too.  ARM
 * and POWER have no "model name" or "flags": no fact then.  Other keys are
 * skipped silently; a non-blank line with no colon gets a parse_warn.
 */
#include "sources/source.h"

static bool has_word(struct span s, const char *word)
{
	const char *p = s.p, *end = s.p + s.len;
	struct span w;

	for (scan_blanks(&p, end); scan_word(&p, end, &w); scan_blanks(&p, end))
		if (span_eq(w, word))
			return true;
	return false;
}

/* "processor" (x86, ARM, POWER) or "processor 3" (s390) */
static bool is_processor_key(struct span key)
{
	const char *s = key.p, *end = key.p + key.len;
	uint64_t n;

	if (!scan_lit(&s, end, "processor"))
		return false;
	if (s == end)
		return true;
	return scan_char(&s, end, ' ') && scan_u64(&s, end, &n) && s == end;
}

struct cpuinfo_scan {
	int64_t count;
	unsigned count_line, flags_line;
	bool model_seen, flags_seen, hypervisor;
};

static void cpuinfo_line(struct parse_ctx *ctx, struct cpuinfo_scan *cs, struct span key,
			 struct span v, unsigned no)
{
	if (is_processor_key(key)) {
		if (!cs->count)
			cs->count_line = no;
		cs->count++;
	} else if (span_eq(key, "model name") && !cs->model_seen && v.len) {
		parse_str(ctx, no, "cpu.model_name", v.p, v.len);
		cs->model_seen = true;
	} else if (span_eq(key, "flags")) {
		if (!cs->flags_seen)
			cs->flags_line = no;
		cs->flags_seen = true;
		if (has_word(v, "hypervisor") && !cs->hypervisor) {
			cs->hypervisor = true;
			cs->flags_line = no;
		}
	}
}

static int cpuinfo_parse(struct parse_ctx *ctx, const char *buf, size_t len)
{
	struct lines it = lines_of(buf, len);
	struct cpuinfo_scan cs;

	memset(&cs, 0, sizeof(cs));
	while (lines_next(&it)) {
		struct span line = span_trim(it.line);
		const char *colon;

		if (!line.len)
			continue;
		colon = memchr(line.p, ':', line.len);
		if (!colon || memchr(line.p, '\0', line.len)) {
			parse_warn(ctx, it.no, "not a cpuinfo line; skipped");
			continue;
		}
		cpuinfo_line(ctx, &cs, span_trim(span_make(line.p, colon)),
			     span_trim(span_make(colon + 1, line.p + line.len)), it.no);
	}
	if (cs.count)
		parse_int(ctx, cs.count_line, "cpu.count", cs.count, "count");
	if (cs.flags_seen)
		parse_int(ctx, cs.flags_line, "cpu.flag_hypervisor", cs.hypervisor, "");
	return cs.count || cs.model_seen || cs.flags_seen ? 0 : -1;
}

static const char *const cpuinfo_paths[] = {
	"proc/cpuinfo",
	NULL,
};

static const struct fact_def cpuinfo_facts[] = {
	{ "cpu.count", FACT_INT, "count", "processor entries" },
	{ "cpu.model_name", FACT_STR, "", "the first model name" },
	{ "cpu.flag_hypervisor", FACT_INT, "", "1 when the flags have \"hypervisor\" (a guest), 0 when not" },
	{ NULL, FACT_INT, NULL, NULL },
};

const struct source in_cpuinfo = {
	.name = "cpuinfo",
	.paths = cpuinfo_paths,
	.parse = cpuinfo_parse,
	.facts = cpuinfo_facts,
};
