/*
 * Transparent huge pages, Documentation/admin-guide/mm/transhuge.rst: the
 * policy and how hard a fault works for a huge page, the choice in brackets
 * (sys/kernel/mm/transparent_hugepage/, RHEL 6's redhat_transparent_hugepage/):
 *
 *   enabled:            always [madvise] never
 *   defrag:             always defer defer+madvise [madvise] never
 *   khugepaged/defrag:  1                (RHEL 6: "[yes] no")
 *
 * "always" for defrag makes a fault stall in direct compaction for a huge
 * page; khugepaged's defrag lets the collapsing thread compact too.
 */
#include "sources/source.h"

/* The choice in brackets of "always [madvise] never", or a lone word. */
static bool thp_choice(struct span l, struct span *out)
{
	const char *open = memchr(l.p, '[', l.len), *close;

	if (!open) {
		*out = l;
		return l.len && !memchr(l.p, ' ', l.len);
	}
	close = memchr(open, ']', (size_t)(l.p + l.len - open));
	if (!close || close == open + 1)
		return false;
	*out = span_make(open + 1, close);
	return true;
}

static int thp_parse(struct parse_ctx *ctx, const char *buf, size_t len)
{
	struct lines it = lines_of(buf, len);
	bool khugepaged = strstr(ctx->rel, "khugepaged/") != NULL;
	struct span v;

	while (lines_next(&it)) {
		struct span l = span_trim(it.line);

		if (!l.len)
			continue;
		if (!thp_choice(l, &v)) {
			parse_warn(ctx, it.no, "not a transparent huge page setting: %.*s",
				   (int)(l.len > 80 ? 80 : l.len), l.p);
			return -1;
		}
		if (khugepaged) {
			if (span_eq(v, "1") || span_eq(v, "yes"))
				parse_int(ctx, it.no, "thp.khugepaged_defrag", 1, "");
			else if (span_eq(v, "0") || span_eq(v, "no"))
				parse_int(ctx, it.no, "thp.khugepaged_defrag", 0, "");
			else
				return -1;
		} else {
			parse_str(ctx, it.no, strstr(ctx->rel, "/defrag") ? "thp.defrag" : "thp.enabled", v.p, v.len);
		}
		return 0;
	}
	return -1;
}

static const char *const thp_paths[] = {
	"sys/kernel/mm/transparent_hugepage/enabled",
	"sys/kernel/mm/transparent_hugepage/defrag",
	"sys/kernel/mm/transparent_hugepage/khugepaged/defrag",
	"sys/kernel/mm/redhat_transparent_hugepage/enabled",
	"sys/kernel/mm/redhat_transparent_hugepage/defrag",
	"sys/kernel/mm/redhat_transparent_hugepage/khugepaged/defrag",
	NULL,
};

static const struct fact_def thp_facts[] = {
	{ "thp.enabled", FACT_STR, "", "transparent huge pages: always, madvise or never (the choice in brackets)" },
	{ "thp.defrag", FACT_STR, "", "how hard a fault works for a huge page: always (stalls in direct compaction), defer, defer+madvise, madvise or never" },
	{ "thp.khugepaged_defrag", FACT_INT, "", "1: khugepaged compacts memory to collapse huge pages; 0: it does not" },
	{ NULL, FACT_INT, NULL, NULL },
};

const struct source in_thp = {
	.name = "thp",
	.paths = thp_paths,
	.parse = thp_parse,
	.facts = thp_facts,
};
