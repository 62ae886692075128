/* The registry of snapshot sources, and what they share. */
#include "sources/source.h"
#include "util/strbuf.h"

#include <fnmatch.h>
#include <stdarg.h>

/*
 * Weak references: a source whose file is not linked in is simply absent
 * (its slot is NULL and skipped), so sources can be added one at a time.
 */
extern const struct source in_meminfo __attribute__((weak));
extern const struct source in_zoneinfo __attribute__((weak));
extern const struct source in_buddyinfo __attribute__((weak));
extern const struct source in_pagetypeinfo __attribute__((weak));
extern const struct source in_vmstat __attribute__((weak));
extern const struct source in_slabinfo __attribute__((weak));
extern const struct source in_swaps __attribute__((weak));
extern const struct source in_free __attribute__((weak));
extern const struct source in_sysctl __attribute__((weak));
extern const struct source in_sysctl_conf __attribute__((weak));
extern const struct source in_tuned __attribute__((weak));
extern const struct source in_uname __attribute__((weak));
extern const struct source in_hostname __attribute__((weak));
extern const struct source in_date __attribute__((weak));
extern const struct source in_timezone __attribute__((weak));
extern const struct source in_release __attribute__((weak));
extern const struct source in_dmidecode __attribute__((weak));
extern const struct source in_dmi_id __attribute__((weak));
extern const struct source in_lscpu __attribute__((weak));
extern const struct source in_cpuinfo __attribute__((weak));
extern const struct source in_lsmod __attribute__((weak));
extern const struct source in_sos_version __attribute__((weak));
extern const struct source in_proc_kernel;
extern const struct source in_localtime;
extern const struct source in_cgroup;
extern const struct source in_vmmemctl __attribute__((weak));
extern const struct source in_toolbox __attribute__((weak));
extern const struct source in_hv_balloon __attribute__((weak));
extern const struct source in_xen_balloon __attribute__((weak));
extern const struct source in_virt_what __attribute__((weak));
extern const struct source in_tuned_adm __attribute__((weak));
extern const struct source in_thp __attribute__((weak));

static const struct source *const all_sources[] = {
	&in_meminfo,
	&in_zoneinfo,
	&in_buddyinfo,
	&in_pagetypeinfo,
	&in_vmstat,
	&in_slabinfo,
	&in_swaps,
	&in_free,
	&in_sysctl,
	&in_sysctl_conf,
	&in_tuned,
	&in_uname,
	&in_hostname,
	&in_date,
	&in_timezone,
	&in_release,
	&in_dmidecode,
	&in_dmi_id,
	&in_lscpu,
	&in_cpuinfo,
	&in_lsmod,
	&in_sos_version,
	&in_proc_kernel,
	&in_localtime,
	&in_cgroup,
	&in_vmmemctl,
	&in_toolbox,
	&in_hv_balloon,
	&in_xen_balloon,
	&in_virt_what,
	&in_tuned_adm,
	&in_thp,
};

const struct source *const *mt_source_list(size_t *nr)
{
	*nr = ARRAY_SIZE(all_sources);
	return all_sources;
}

const struct source *source_for_path(const char *rel)
{
	size_t i, k;

	for (i = 0; i < ARRAY_SIZE(all_sources); i++) {
		const struct source *src = all_sources[i];

		if (!src)
			continue;
		for (k = 0; src->paths[k]; k++)
			if (!fnmatch(src->paths[k], rel, FNM_PATHNAME))
				return src;
	}
	return NULL;
}

void parse_ctx_at(struct parse_ctx *ctx, const struct held_file *f)
{
	ctx->file = f->file;
	ctx->rel = f->rel;
	ctx->line_base = f->line_base;
}

void parse_warn(struct parse_ctx *ctx, unsigned line, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	diag_warn(ctx->diag, ctx->file, line ? line + ctx->line_base : 0, "%s", sb.buf);
	strbuf_release(&sb);
}

void parse_int(struct parse_ctx *ctx, unsigned line, const char *name, int64_t v, const char *unit)
{
	fact_set_int(ctx->facts, name, v, unit, (struct src_loc){ ctx->file, line ? line + ctx->line_base : 0 });
}

void parse_str(struct parse_ctx *ctx, unsigned line, const char *name, const char *s, size_t len)
{
	fact_set_str(ctx->facts, name, s, len, (struct src_loc){ ctx->file, line ? line + ctx->line_base : 0 });
}
