/*
 * The DMI strings the kernel exports (drivers/firmware/dmi-id.c), one value
 * a file (sos 4.x copies them):
 *
 *   sys/class/dmi/id/sys_vendor       VMware, Inc.
 *   sys/class/dmi/id/product_name     VMware Virtual Platform
 *   sys/class/dmi/id/bios_vendor      Phoenix Technologies LTD
 *   sys/class/dmi/id/chassis_asset_tag  7783-7084-3265-9085-8269-3286-77   (Azure)
 *
 * sys/class/dmi/id is a symlink to sys/devices/virtual/dmi/id, so a tree
 * copied without following links has them there: both are read.  The
 * hypervisor needs the vendor and the product together (Microsoft makes
 * laptops too), so the files are held and read at once in the finish hook.
 * An empty file or one holding control bytes gets a parse_warn.
 */
#include "sources/shared.h"

enum dmi_field { FIELD_VENDOR, FIELD_PRODUCT, FIELD_BIOS, FIELD_ASSET, FIELD_NR };

static const char *const field_files[FIELD_NR] = { "sys_vendor", "product_name", "bios_vendor", "chassis_asset_tag" };
static const char *const field_facts[FIELD_NR] = { "dmi.sys_vendor", "dmi.product_name", "dmi.bios_vendor",
						   "dmi.chassis_asset_tag" };

struct dmi_value {
	struct span v;
	const struct held_file *f;   /* provenance, NULL until read */
};

static int field_of(const char *rel)
{
	const char *base = strrchr(rel, '/');
	int i;

	base = base ? base + 1 : rel;
	for (i = 0; i < FIELD_NR; i++)
		if (!strcmp(base, field_files[i]))
			return i;
	return -1;
}

/* The value of one file: its first line, trimmed. */
static bool read_value(struct parse_ctx *ctx, const struct held_file *f, struct dmi_value *out)
{
	struct lines it = lines_of(f->buf, f->len);
	struct span v = SPAN_NONE;

	if (lines_next(&it))
		v = span_trim(it.line);
	if (!v.len || !span_printable(v)) {
		parse_warn(ctx, 0, "no DMI string in this file");
		return false;
	}
	out->v = v;
	out->f = f;
	return true;
}

static size_t dmi_id_read(struct parse_ctx *ctx, const struct held_file *files, size_t nr)
{
	const struct parse_ctx ctx0 = *ctx;
	struct dmi_value vals[FIELD_NR];
	const struct dmi_value *hv_src;
	struct platform pf;
	size_t i, kept = 0;

	memset(vals, 0, sizeof(vals));
	for (i = 0; i < nr; i++) {
		int k = field_of(files[i].rel);

		parse_ctx_at(ctx, &files[i]);
		if (k >= 0 && read_value(ctx, &files[i], &vals[k])) {
			parse_str(ctx, 1, field_facts[k], vals[k].v.p, vals[k].v.len);
			kept++;
		}
	}
	hv_src = vals[FIELD_VENDOR].f ? &vals[FIELD_VENDOR] : &vals[FIELD_PRODUCT];
	if (hv_src->f) {
		pf = dmi_platform(vals[FIELD_VENDOR].v, vals[FIELD_PRODUCT].v, vals[FIELD_BIOS].v, vals[FIELD_ASSET].v);
		parse_ctx_at(ctx, hv_src->f);
		parse_str(ctx, 1, "virt.dmi_hypervisor", pf.hypervisor, strlen(pf.hypervisor));
		if (pf.platform)
			parse_str(ctx, 1, "virt.dmi_platform", pf.platform, strlen(pf.platform));
	}
	*ctx = ctx0;
	return kept;
}

static void dmi_id_finish(struct parse_ctx *ctx, const struct held_file *files, size_t nr)
{
	dmi_id_read(ctx, files, nr);
}

/* For a caller that hands files one at a time. */
static int dmi_id_parse(struct parse_ctx *ctx, const char *buf, size_t len)
{
	struct held_file f = { ctx->rel, ctx->file, (char *)buf, len, ctx->line_base };

	return dmi_id_read(ctx, &f, 1) ? 0 : -1;
}

static const char *const dmi_id_paths[] = {
	"sys/class/dmi/id/sys_vendor",
	"sys/class/dmi/id/product_name",
	"sys/class/dmi/id/bios_vendor",
	"sys/class/dmi/id/chassis_asset_tag",
	"sys/devices/virtual/dmi/id/sys_vendor",
	"sys/devices/virtual/dmi/id/product_name",
	"sys/devices/virtual/dmi/id/bios_vendor",
	"sys/devices/virtual/dmi/id/chassis_asset_tag",
	NULL,
};

static const struct fact_def dmi_id_facts[] = {
	{ "dmi.sys_vendor", FACT_STR, "", "sys/class/dmi/id/sys_vendor" },
	{ "dmi.product_name", FACT_STR, "", "sys/class/dmi/id/product_name" },
	{ "dmi.bios_vendor", FACT_STR, "", "sys/class/dmi/id/bios_vendor" },
	{ "dmi.chassis_asset_tag", FACT_STR, "", "sys/class/dmi/id/chassis_asset_tag (Azure's is 7783-7084-3265-9085-8269-3286-77)" },
	{ "virt.dmi_hypervisor", FACT_STR, "", "vmware, hyperv, kvm, xen, virtualbox or none, from sys_vendor and product_name" },
	{ "virt.dmi_platform", FACT_STR, "", "gce, azure, aws, ovirt, rhev, openstack or proxmox, when the DMI strings name one" },
	{ NULL, FACT_INT, NULL, NULL },
};

const struct source in_dmi_id = {
	.name = "dmi_id",
	.paths = dmi_id_paths,
	.parse = dmi_id_parse,
	.finish = dmi_id_finish,
	.facts = dmi_id_facts,
};
