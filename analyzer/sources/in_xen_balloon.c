/*
 * The Xen balloon as the guest's balloon driver shows it in sysfs
 * (drivers/xen/xen-balloon.c, BALLOON_SHOW and show_target_kb: "%lu\n",
 * kB), one value a file:
 *
 *   sys/devices/system/xen_memory/xen_memory0/target_kb      3072000
 *   sys/devices/system/xen_memory/xen_memory0/info/current_kb  3145728
 *   sys/devices/system/xen_memory/xen_memory0/info/low_kb    0
 *   sys/devices/system/xen_memory/xen_memory0/info/high_kb   1048576
 *
 * target_kb is the domain's memory target (what Xen lets the guest have),
 * current_kb what it has now; low_kb and high_kb are the pages the balloon
 * holds (low and high memory).  So the balloon is low + high, and while
 * current is above the target it still has current - target to take.  The
 * files are held and read at once in the finish hook; a file that is not
 * one number gets a parse_warn.
 */
#include "sources/shared.h"

enum xen_field { XEN_TARGET, XEN_CURRENT, XEN_LOW, XEN_HIGH, XEN_NR };

static const char *const xen_files[XEN_NR] = { "xen_memory0/target_kb", "info/current_kb", "info/low_kb",
					       "info/high_kb" };
static const char *const xen_facts[XEN_NR] = { "xen.target_kb", "xen.current_kb", "xen.balloon_low_kb",
					       "xen.balloon_high_kb" };

static int xen_field_of(const char *rel)
{
	size_t n = strlen(rel), k;
	int i;

	for (i = 0; i < XEN_NR; i++) {
		k = strlen(xen_files[i]);
		if (n >= k && !strcmp(rel + n - k, xen_files[i]))
			return i;
	}
	return -1;
}

/* The file's one number, kB; -1 (and a warning) when it holds anything else. */
static int64_t xen_value(struct parse_ctx *ctx, const struct held_file *f)
{
	struct lines it = lines_of(f->buf, f->len);
	const char *p, *end;
	uint64_t v;

	if (lines_next(&it)) {
		struct span l = span_trim(it.line);

		p = l.p;
		end = l.p + l.len;
		if (l.len && scan_u64(&p, end, &v) && p == end && v <= INT64_MAX / 1024)
			return (int64_t)v;
	}
	parse_warn(ctx, 1, "not a number of kB; skipped");
	return -1;
}

static void xen_balloon_finish(struct parse_ctx *ctx, const struct held_file *files, size_t nr)
{
	const struct parse_ctx ctx0 = *ctx;
	int64_t v[XEN_NR] = { -1, -1, -1, -1 };
	const struct held_file *from[XEN_NR] = { NULL };
	size_t i;
	int k;

	for (i = 0; i < nr; i++) {
		k = xen_field_of(files[i].rel);
		parse_ctx_at(ctx, &files[i]);
		if (k < 0 || (v[k] = xen_value(ctx, &files[i])) < 0)
			continue;
		from[k] = &files[i];
		parse_int(ctx, 1, xen_facts[k], v[k], "kB");
	}
	if (from[XEN_LOW] && from[XEN_HIGH]) {
		int64_t size = v[XEN_LOW] + v[XEN_HIGH];

		parse_ctx_at(ctx, from[XEN_HIGH]);
		parse_int(ctx, 1, "balloon.size_kb", size, "kB");
		parse_str(ctx, 1, "balloon.driver", "xen-balloon", strlen("xen-balloon"));
		if (from[XEN_TARGET] && from[XEN_CURRENT]) {
			int64_t more = v[XEN_CURRENT] - v[XEN_TARGET];

			parse_ctx_at(ctx, from[XEN_TARGET]);
			parse_int(ctx, 1, "balloon.target_kb", size + (more > 0 ? more : 0), "kB");
		}
	}
	*ctx = ctx0;
}

/* For a caller that hands files one at a time. */
static int xen_balloon_parse(struct parse_ctx *ctx, const char *buf, size_t len)
{
	struct held_file f = { ctx->rel, ctx->file, (char *)buf, len, ctx->line_base };
	int k = xen_field_of(ctx->rel);

	xen_balloon_finish(ctx, &f, 1);
	return k >= 0 && fact_get(ctx->facts, xen_facts[k]) ? 0 : -1;
}

static const char *const xen_balloon_paths[] = {
	"sys/devices/system/xen_memory/xen_memory0/target_kb",
	"sys/devices/system/xen_memory/xen_memory0/info/current_kb",
	"sys/devices/system/xen_memory/xen_memory0/info/low_kb",
	"sys/devices/system/xen_memory/xen_memory0/info/high_kb",
	NULL,
};

static const struct fact_def xen_balloon_facts[] = {
	{ "xen.target_kb", FACT_INT, "kB", "xen_memory0/target_kb: the domain's memory target" },
	{ "xen.current_kb", FACT_INT, "kB", "xen_memory0/info/current_kb: the memory the domain has" },
	{ "xen.balloon_low_kb", FACT_INT, "kB", "xen_memory0/info/low_kb: low memory in the balloon" },
	{ "xen.balloon_high_kb", FACT_INT, "kB", "xen_memory0/info/high_kb: high memory in the balloon" },
	{ "balloon.driver", FACT_STR, "", "\"xen-balloon\"" },
	{ "balloon.size_kb", FACT_INT, "kB", "low_kb + high_kb: what the Xen balloon holds" },
	{ "balloon.target_kb", FACT_INT, "kB", "the balloon and what it still has to take (current_kb - target_kb)" },
	{ NULL, FACT_INT, NULL, NULL },
};

const struct source in_xen_balloon = {
	.name = "xen_balloon",
	.paths = xen_balloon_paths,
	.parse = xen_balloon_parse,
	.finish = xen_balloon_finish,
	.facts = xen_balloon_facts,
};
