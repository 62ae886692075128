#include "facts/derive.h"

int64_t kernel_version_code(struct span release)
{
	const char *p = release.p, *end = release.p + release.len;
	uint64_t v[3] = { 0, 0, 0 };
	int i;

	for (i = 0; i < 3; i++) {
		if (!scan_u64(&p, end, &v[i]) || v[i] > 255) {
			if (i < 2)
				return -1;
			v[i] = 0;
			break;
		}
		if (i < 2 && !scan_char(&p, end, '.'))
			return i == 1 ? (int64_t)(v[0] << 16 | v[1] << 8) : -1;
	}
	return (int64_t)(v[0] << 16 | v[1] << 8 | v[2]);
}

static const struct fact *str_fact(const struct factstore *fs, const char *name)
{
	const struct fact *f = fact_get(fs, name);

	return f && f->type == FACT_STR ? f : NULL;
}

/* lscpu's "Hypervisor vendor:" words to our names */
static const char *vendor_name(const char *v)
{
	static const struct { const char *vendor, *name; } known[] = {
		{ "VMware", "vmware" }, { "Microsoft", "hyperv" }, { "KVM", "kvm" },
		{ "Xen", "xen" },       { "QEMU", "kvm" },          { "innotek", "virtualbox" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(known); i++)
		if (strstr(v, known[i].vendor))
			return known[i].name;
	return NULL;
}

/*
 * virt.hypervisor, from the most direct witness to the least: the DMI
 * tables, lscpu, the loaded modules, the cpuinfo "hypervisor" flag.
 */
static void derive_hypervisor(struct factstore *fs)
{
	static const char *const witnesses[] = { "virt.dmi_hypervisor", "cpu.hypervisor_vendor",
						  "virt.module_hypervisor" };
	const struct fact *f, *none = NULL;
	const char *name;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(witnesses); i++) {
		if (!(f = str_fact(fs, witnesses[i])))
			continue;
		name = i == 1 ? vendor_name(f->s) : f->s;
		if (name && strcmp(name, "none")) {
			fact_set_str(fs, "virt.hypervisor", name, strlen(name), f->src);
			return;
		}
		if (name)
			none = f;
	}
	f = fact_get(fs, "cpu.flag_hypervisor");
	if (f && f->type == FACT_INT && f->i == 1)
		fact_set_str(fs, "virt.hypervisor", "unknown", 7, f->src);
	else if (none)
		fact_set_str(fs, "virt.hypervisor", "none", 4, none->src);
}

/* kernel.highmem: a 32-bit kernel with HighMem, the setting where the low zones run out first. */
static void derive_highmem(struct factstore *fs)
{
	const struct fact *arch = str_fact(fs, "kernel.arch"), *high = fact_get(fs, "meminfo.HighTotal");
	bool bit32;

	if (!arch) {
		if (high && high->type == FACT_INT && high->i > 0)
			fact_set_int(fs, "kernel.highmem", 1, "", high->src);
		return;
	}
	/* copies: setting a fact may move the facts these point to */
	struct src_loc arch_src = arch->src;
	bool has_high = high && high->type == FACT_INT, highmem = has_high && high->i > 0;
	struct src_loc high_src = has_high ? high->src : arch_src;

	bit32 = (arch->s[0] == 'i' && strstr(arch->s, "86") && !strstr(arch->s, "x86_64")) ||
		!strncmp(arch->s, "armv7", 5) || !strcmp(arch->s, "arm") || !strcmp(arch->s, "ppc");
	if (!bit32)
		fact_set_int(fs, "kernel.highmem", 0, "", arch_src);
	else if (has_high)
		fact_set_int(fs, "kernel.highmem", highmem, "", high_src);
	fact_set_int(fs, "kernel.bits", bit32 ? 32 : 64, "", arch_src);
}

static void derive_version(struct factstore *fs)
{
	const struct fact *rel = str_fact(fs, "kernel.release");
	int64_t code;

	if (!rel || fact_get(fs, "kernel.version_code"))
		return;
	code = kernel_version_code((struct span){ rel->s, strlen(rel->s) });
	if (code >= 0)
		fact_set_int(fs, "kernel.version_code", code, "", rel->src);
}

/* How much of the guest's memory the balloon holds. */
static void derive_balloon_share(struct factstore *fs)
{
	const struct fact *b = fact_get(fs, "balloon.size_kb"), *t = fact_get(fs, "meminfo.MemTotal");
	struct src_loc src;
	int64_t share;

	if (!b || !t || b->type != FACT_INT || t->type != FACT_INT || t->i <= 0)
		return;
	src = b->src;
	/* MemTotal excludes ballooned pages on some drivers: take both together */
	share = b->i * 100 / (t->i + b->i);
	fact_set_int(fs, "balloon.share_pct", share, "percent", src);
}

void facts_derive(struct factstore *fs)
{
	derive_version(fs);
	derive_hypervisor(fs);
	derive_highmem(fs);
	derive_balloon_share(fs);
}

static const struct fact_def derived_facts[] = {
	{ "virt.hypervisor", FACT_STR, "", "vmware, hyperv, kvm, xen, virtualbox, none or unknown: from DMI, lscpu, modules, cpuinfo" },
	{ "kernel.version_code", FACT_INT, "", "major*65536 + minor*256 + patch, for version ranges" },
	{ "kernel.bits", FACT_INT, "", "32 or 64, from kernel.arch" },
	{ "kernel.highmem", FACT_INT, "", "1 on a 32-bit kernel with HighMem, where the low zones run out first" },
	{ "balloon.share_pct", FACT_INT, "percent", "the guest memory the balloon holds: balloon / (MemTotal + balloon)" },
	{ "virt.dmesg_hypervisor", FACT_STR, "", "the kernel's boot message 'Hypervisor detected: ...'" },
	{ "log.panics", FACT_INT, "count", "'Kernel panic - not syncing: ...' lines in the logs, the OOM killer's own and others" },
	{ "log.panics_not_oom", FACT_INT, "count", "of them, the panics for another reason than memory" },
	{ "log.panic_not_oom", FACT_STR, "", "the first of those panics' reason, e.g. 'Fatal exception'" },
	{ "log.suppressed", FACT_INT, "count", "messages the kernel's rate limits said they suppressed ('N callbacks suppressed'), summed" },
	{ "log.suppressed_before_reports", FACT_INT, "count", "of them, those counted right before an OOM report: reports the kernel did not print" },
	{ "esx.vm.name", FACT_STR, "", "the VM of an esxtop capture paired with this host" },
	{ "esx.host.name", FACT_STR, "", "the ESX host of that capture" },
	{ "esx.vm.memsz_mb", FACT_INT, "MB", "the VM's configured memory" },
	{ "esx.vm.limit_mb", FACT_INT, "MB", "the VM's memory limit (-1: none)" },
	{ "esx.vm.reservation_mb", FACT_INT, "MB", "the VM's memory reservation" },
	{ "esx.vm.max_balloon_mb", FACT_INT, "MB", "the largest balloon over the capture" },
	{ "esx.vm.max_swapped_mb", FACT_INT, "MB", "the most host-swapped memory over the capture" },
	{ "esx.vm.max_compressed_mb", FACT_INT, "MB", "the most host-compressed memory over the capture" },
	{ "esx.host.machine_mb", FACT_INT, "MB", "the ESX host's physical memory" },
	{ "esx.host.overcommit_pct", FACT_INT, "percent", "the VMs' configured memory plus overhead against the host's memory" },
	{ "esx.host.samples_below_clear", FACT_INT, "count", "samples where the host's free memory was in the soft, hard or low band" },
	{ NULL, FACT_INT, NULL, NULL },
};

const struct fact_def *derived_fact_defs(void)
{
	return derived_facts;
}
