/*
 * A live root's kernel identity, proc(5): proc/sys/kernel/osrelease
 * ("6.1.0-18-amd64") and proc/sys/kernel/hostname ("batch03"), one value
 * per file.  Snapshots have uname -a and hostname outputs for the same.
 */
#include "sources/source.h"

static int proc_kernel_parse(struct parse_ctx *ctx, const char *buf, size_t len)
{
	struct span v = span_trim((struct span){ buf, len });
	const char *nl = memchr(v.p, '\n', v.len);

	if (nl)
		v.len = (size_t)(nl - v.p);
	v = span_trim(v);
	if (!v.len)
		return -1;
	if (strstr(ctx->rel, "osrelease"))
		parse_str(ctx, 1, "kernel.release", v.p, v.len);
	else
		parse_str(ctx, 1, "identity.hostname", v.p, v.len);
	return 0;
}

static const char *const proc_kernel_paths[] = {
	"proc/sys/kernel/osrelease",
	"proc/sys/kernel/hostname",
	NULL,
};

static const struct fact_def proc_kernel_facts[] = {
	{ "kernel.release", FACT_STR, "", "the running kernel (also from uname -a)" },
	{ "identity.hostname", FACT_STR, "", "the host name (also from hostname files)" },
	{ NULL, FACT_INT, NULL, NULL },
};

const struct source in_proc_kernel = {
	.name = "proc_kernel",
	.paths = proc_kernel_paths,
	.parse = proc_kernel_parse,
	.facts = proc_kernel_facts,
};
