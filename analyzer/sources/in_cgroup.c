/*
 * Memory limits of control groups, one value per file (the cgroup v2 and
 * v1 interface files, see Documentation/admin-guide/cgroup-v2.rst):
 *
 *   sys/fs/cgroup/kubepods.slice/memory.max            "2147483648" or "max"
 *   sys/fs/cgroup/memory/docker/abc/memory.limit_in_bytes  "9223372036854771712" (none)
 *
 * Facts cgroup.<path>.memory.max / memory.high / memory.limit_in_bytes in
 * bytes; no limit is -1.  The path is the cgroup's, "/" for the root.
 */
#include "sources/source.h"
#include "util/strbuf.h"

/* v1 writes a page-rounded LLONG_MAX for "no limit" */
#define CGROUP_V1_UNLIMITED (INT64_MAX - 4096)

static int cgroup_parse(struct parse_ctx *ctx, const char *buf, size_t len)
{
	struct span v = span_trim((struct span){ buf, len });
	const char *rel = ctx->rel + strlen("sys/fs/cgroup"), *file = strrchr(ctx->rel, '/') + 1;
	struct strbuf name = STRBUF_INIT;
	const char *p, *end;
	int64_t n;

	while (v.len && (v.p[v.len - 1] == '\n' || v.p[v.len - 1] == ' '))
		v.len--;
	p = v.p;
	end = v.p + v.len;
	if (!strncmp(rel, "/memory/", 8) && strstr(file, "limit_in_bytes"))
		rel += 7; /* the v1 memory hierarchy */
	strbuf_addstr(&name, "cgroup.");
	strbuf_add(&name, rel, (size_t)(file - 1 - rel));
	if (name.len == 7)
		strbuf_addch(&name, '/');
	strbuf_addf(&name, ".%s", file);
	if (span_eq(v, "max")) {
		parse_int(ctx, 1, name.buf, -1, "bytes");
	} else if (scan_i64(&p, end, &n) && p == end) {
		parse_int(ctx, 1, name.buf, n >= CGROUP_V1_UNLIMITED ? -1 : n, "bytes");
	} else {
		if (v.len)
			parse_warn(ctx, 1, "not a memory limit; skipped");
		strbuf_release(&name);
		return -1;
	}
	strbuf_release(&name);
	return 0;
}

#define LEVELS(file) "sys/fs/cgroup/" file, "sys/fs/cgroup/*/" file, "sys/fs/cgroup/*/*/" file, \
	"sys/fs/cgroup/*/*/*/" file, "sys/fs/cgroup/*/*/*/*/" file

static const char *const cgroup_paths[] = {
	LEVELS("memory.max"),
	LEVELS("memory.high"),
	"sys/fs/cgroup/memory/memory.limit_in_bytes",
	"sys/fs/cgroup/memory/*/memory.limit_in_bytes",
	"sys/fs/cgroup/memory/*/*/memory.limit_in_bytes",
	"sys/fs/cgroup/memory/*/*/*/memory.limit_in_bytes",
	NULL,
};

static const struct fact_def cgroup_facts[] = {
	{ "cgroup.<path>.memory.max", FACT_INT, "bytes", "a cgroup v2 hard memory limit (-1: none)" },
	{ "cgroup.<path>.memory.high", FACT_INT, "bytes", "a cgroup v2 throttling limit (-1: none)" },
	{ "cgroup.<path>.memory.limit_in_bytes", FACT_INT, "bytes", "a cgroup v1 memory limit (-1: none)" },
	{ NULL, FACT_INT, NULL, NULL },
};

const struct source in_cgroup = {
	.name = "cgroup",
	.paths = cgroup_paths,
	.parse = cgroup_parse,
	.facts = cgroup_facts,
};
