/*
 * dmidecode(8): sos_commands/hardware/dmidecode and the root symlink "dmidecode".
 *
 *   # dmidecode 3.2
 *   Getting SMBIOS data from sysfs.
 *   SMBIOS 3.1.1 present.
 *
 *   Handle 0x0000, DMI type 0, 26 bytes
 *   BIOS Information
 *   	Vendor: Microsoft Corporation
 *
 *   Handle 0x0001, DMI type 1, 27 bytes
 *   System Information
 *   	Manufacturer: Microsoft Corporation
 *   	Product Name: Virtual Machine
 *   	Serial Number: 4281-0913-9049-8786-8343-3728-05
 *
 *   Handle 0x0007, DMI type 17, 40 bytes
 *   Memory Device
 *   	Size: 3968 MB
 *
 * Each block is a "Handle" line, a title, then indented "Key: value" lines
 * (tabs, or spaces when pasted).  dmidecode 2.0-2.6 indented the title and
 * put "DMI type N, M bytes" on a line of its own: both are read.  What the
 * System Information block names tells whether the host is a virtual
 * machine; the Memory Device sizes add up to the RAM the machine (or VM)
 * was given.
 *
 * The header lines before the first block are skipped silently; a run
 * without root prints "/dev/mem: Permission denied" (or "No SMBIOS nor DMI
 * entry point found"): that, and any other line there, gets a parse_warn.
 */
#include "sources/shared.h"

enum dmi_block { BLOCK_NONE, BLOCK_OTHER, BLOCK_BIOS, BLOCK_SYSTEM, BLOCK_CHASSIS, BLOCK_MEMORY };

struct dmi_scan {
	enum dmi_block block;
	bool want_title, seen_bios, seen_system, seen_chassis, vmware_serial, mem_any;
	struct span vendor, product, bios, asset;
	unsigned system_line, vendor_line, product_line, asset_line;
	uint64_t mem_kb;
	unsigned mem_line;
	size_t kept;
};

/* More than any machine has: beyond it a Size line is taken for garbage. */
#define DMI_MAX_KB (1ull << 50)

/* Known harmless lines of dmidecode's header, before the first block. */
static const char *const header_lines[] = {
	"# ", "Getting SMBIOS data from", "SMBIOS ", "Legacy DMI ", "Table at ",
	"Scanning /dev/mem", NULL,
};

/*
 * The hypervisor ("none" when the strings name none) and platform of the
 * DMI strings, joined as the kernel's "Hardware name:" line joins them, for
 * the one table of facts/platform.c.  Microsoft needs its product too: its
 * Surface laptops are "Microsoft Corporation" as well.
 */
struct platform dmi_platform(struct span vendor, struct span product, struct span bios, struct span asset)
{
	struct strbuf text = STRBUF_INIT;
	struct platform pf;

	strbuf_addf(&text, "%.*s %.*s, BIOS %.*s %.*s", (int)vendor.len, vendor.p, (int)product.len, product.p,
		    (int)bios.len, bios.p, (int)asset.len, asset.p);
	if (!platform_lookup(WITNESS_HARDWARE, (struct span){ text.buf, text.len }, &pf) || !pf.hypervisor)
		pf.hypervisor = "none";
	strbuf_release(&text);
	return pf;
}

static void header_line(struct parse_ctx *ctx, struct span line, unsigned no)
{
	size_t i;

	if (span_find(line, "Permission denied") || span_find(line, "No SMBIOS nor DMI")) {
		parse_warn(ctx, no, "dmidecode could not read the tables: %.*s", (int)line.len, line.p);
		return;
	}
	for (i = 0; header_lines[i]; i++)
		if (span_starts(line, header_lines[i]))
			return;
	/* "98 structures occupying 3699 bytes." */
	if (is_digit(line.p[0]) && span_find(line, " structures occupying "))
		return;
	parse_warn(ctx, no, "unexpected line before the first DMI block; skipped");
}

static void block_title(struct dmi_scan *ds, struct span line, unsigned no)
{
	if (span_starts(line, "DMI type "))
		return;         /* dmidecode 2.0-2.6: the title comes next */
	ds->want_title = false;
	if (span_eq(line, "BIOS Information") && !ds->seen_bios) {
		ds->block = BLOCK_BIOS;
		ds->seen_bios = true;
	} else if (span_eq(line, "System Information") && !ds->seen_system) {
		ds->block = BLOCK_SYSTEM;
		ds->seen_system = true;
		ds->system_line = no;
	} else if (span_eq(line, "Chassis Information") && !ds->seen_chassis) {
		ds->block = BLOCK_CHASSIS;
		ds->seen_chassis = true;
	} else if (span_eq(line, "Memory Device")) {
		ds->block = BLOCK_MEMORY;
	} else {
		ds->block = BLOCK_OTHER;
	}
}

/* "Size: 4096 MB"; false when the size is garbage.  Empty slots are fine. */
static bool memory_size(struct dmi_scan *ds, struct span v, unsigned no)
{
	static const struct { const char *unit; uint64_t kb; } units[] = {
		{ "kB", 1 }, { "KB", 1 }, { "MB", 1024 }, { "GB", 1ull << 20 }, { "TB", 1ull << 30 },
	};
	const char *s = v.p, *end = v.p + v.len;
	uint64_t n;
	size_t i;

	if (!is_digit(v.len ? v.p[0] : 0))
		return true;    /* No Module Installed, Not Installed, Unknown */
	if (!scan_u64(&s, end, &n) || !scan_char(&s, end, ' '))
		return false;
	for (i = 0; i < ARRAY_SIZE(units); i++) {
		if (!span_eq(span_make(s, end), units[i].unit))
			continue;
		if (n > DMI_MAX_KB / units[i].kb || ds->mem_kb > DMI_MAX_KB)
			return false;
		ds->mem_kb += n * units[i].kb;
		if (!ds->mem_any)
			ds->mem_line = no;
		ds->mem_any = true;
		return true;
	}
	return false;
}

static void block_line(struct parse_ctx *ctx, struct dmi_scan *ds, struct span line, unsigned no)
{
	const char *colon = memchr(line.p, ':', line.len);
	struct span key, v;

	if (!colon || ds->block == BLOCK_OTHER)
		return;
	key = span_make(line.p, colon);
	v = span_trim(span_make(colon + 1, line.p + line.len));
	if (!span_printable(v))
		v = SPAN_NONE;
	if (ds->block == BLOCK_BIOS && span_eq(key, "Vendor") && v.len) {
		parse_str(ctx, no, "dmi.bios_vendor", v.p, v.len);
		ds->bios = v;
		ds->kept++;
	} else if (ds->block == BLOCK_CHASSIS && span_eq(key, "Asset Tag") && v.len) {
		ds->asset = v;
		ds->asset_line = no;
	} else if (ds->block == BLOCK_SYSTEM && span_eq(key, "Manufacturer")) {
		ds->vendor = v;
		ds->vendor_line = no;
	} else if (ds->block == BLOCK_SYSTEM && span_eq(key, "Product Name")) {
		ds->product = v;
		ds->product_line = no;
	} else if (ds->block == BLOCK_SYSTEM && span_eq(key, "Serial Number")) {
		ds->vmware_serial = span_starts(v, "VMware-");
	} else if (ds->block == BLOCK_MEMORY && span_eq(key, "Size") && !memory_size(ds, v, no)) {
		parse_warn(ctx, no, "unreadable memory device size; skipped");
	}
}

static void system_store(struct parse_ctx *ctx, struct dmi_scan *ds)
{
	struct platform pf = dmi_platform(ds->vendor, ds->product, ds->bios, ds->asset);

	if (ds->vendor.len)
		parse_str(ctx, ds->vendor_line, "dmi.sys_vendor", ds->vendor.p, ds->vendor.len);
	if (ds->product.len)
		parse_str(ctx, ds->product_line, "dmi.product_name", ds->product.p, ds->product.len);
	if (ds->asset.len)
		parse_str(ctx, ds->asset_line, "dmi.chassis_asset_tag", ds->asset.p, ds->asset.len);
	if (!strcmp(pf.hypervisor, "none") && ds->vmware_serial)
		pf.hypervisor = "vmware";
	parse_str(ctx, ds->system_line, "virt.dmi_hypervisor", pf.hypervisor, strlen(pf.hypervisor));
	if (pf.platform)
		parse_str(ctx, ds->system_line, "virt.dmi_platform", pf.platform, strlen(pf.platform));
	ds->kept++;
}

static int dmidecode_parse(struct parse_ctx *ctx, const char *buf, size_t len)
{
	struct lines it = lines_of(buf, len);
	struct dmi_scan ds;

	memset(&ds, 0, sizeof(ds));
	while (lines_next(&it)) {
		struct span line = span_trim(it.line);

		if (!line.len)
			continue;
		if (span_starts(line, "Handle 0x")) {
			ds.block = BLOCK_OTHER;
			ds.want_title = true;
		} else if (ds.block == BLOCK_NONE) {
			header_line(ctx, line, it.no);
		} else if (ds.want_title) {
			block_title(&ds, line, it.no);
		} else {
			block_line(ctx, &ds, line, it.no);
		}
	}
	if (ds.seen_system)
		system_store(ctx, &ds);
	if (ds.mem_any) {
		parse_int(ctx, ds.mem_line, "dmi.memory_total_mb", (int64_t)(ds.mem_kb / 1024), "");
		ds.kept++;
	}
	return ds.kept ? 0 : -1;
}

static const char *const dmidecode_paths[] = {
	"sos_commands/hardware/dmidecode",
	"dmidecode",
	NULL,
};

static const struct fact_def dmidecode_facts[] = {
	{ "dmi.sys_vendor", FACT_STR, "", "System Information Manufacturer" },
	{ "dmi.product_name", FACT_STR, "", "System Information Product Name" },
	{ "dmi.bios_vendor", FACT_STR, "", "BIOS Information Vendor" },
	{ "dmi.chassis_asset_tag", FACT_STR, "", "Chassis Information Asset Tag (Azure's is 7783-7084-3265-9085-8269-3286-77)" },
	{ "virt.dmi_hypervisor", FACT_STR, "", "vmware, hyperv, kvm, xen, virtualbox or none, from the DMI system strings" },
	{ "virt.dmi_platform", FACT_STR, "", "gce, azure, aws, ovirt, rhev, openstack or proxmox, when the DMI strings name one" },
	{ "dmi.memory_total_mb", FACT_INT, "", "sum of the Memory Device sizes, in MiB" },
	{ NULL, FACT_INT, NULL, NULL },
};

const struct source in_dmidecode = {
	.name = "dmidecode",
	.paths = dmidecode_paths,
	.parse = dmidecode_parse,
	.facts = dmidecode_facts,
};
