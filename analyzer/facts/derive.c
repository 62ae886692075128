#include "facts/derive.h"
#include "facts/platform.h"

int64_t kernel_version_code(struct span release)
{
	const char *p = release.p, *end = release.p + release.len;
	uint64_t v[3] = { 0, 0, 0 };
	int i;

	for (i = 0; i < 3; i++) {
		if (!scan_u64(&p, end, &v[i]) || (i < 2 && v[i] > 255)) {
			if (i < 2)
				return -1;
			v[i] = 0;
			break;
		}
		if (i < 2 && !scan_char(&p, end, '.'))
			return i == 1 ? (int64_t)(v[0] << 16 | v[1] << 8) : -1;
	}
	/* KERNEL_VERSION() caps the sublevel at 255 since 4.9.256 and 4.4.256 */
	if (v[2] > 255)
		v[2] = 255;
	return (int64_t)(v[0] << 16 | v[1] << 8 | v[2]);
}

static const struct fact *str_fact(const struct factstore *fs, const char *name)
{
	const struct fact *f = fact_get(fs, name);

	return f && f->type == FACT_STR ? f : NULL;
}

/* The hypervisor a witness fact names through the table of facts/platform.c, or NULL. */
static const char *witness_hypervisor(const struct fact *f, enum platform_witness kind)
{
	struct platform pf;

	if (!kind)
		return f->s;     /* already a name: "vmware" ... "none" */
	return platform_lookup(kind, (struct span){ f->s, strlen(f->s) }, &pf) ? pf.hypervisor : NULL;
}

/*
 * virt.hypervisor, from the most direct witness to the least: the DMI
 * tables, lscpu, virt-what, the loaded modules, the cpuinfo "hypervisor"
 * flag.
 */
static void derive_hypervisor(struct factstore *fs)
{
	static const struct {
		const char *fact;
		enum platform_witness kind;   /* 0: the fact holds our name already */
	} witnesses[] = {
		{ "virt.dmi_hypervisor", 0 },
		{ "cpu.hypervisor_vendor", WITNESS_VENDOR },
		{ "virt.what_hypervisor", 0 },
		{ "virt.module_hypervisor", 0 },
	};
	const struct fact *f, *none = NULL;
	const char *name;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(witnesses); i++) {
		if (!(f = str_fact(fs, witnesses[i].fact)))
			continue;
		name = witness_hypervisor(f, witnesses[i].kind);
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

/* virt.platform: the cloud or platform the DMI strings, virt-what or the kernel's flavour name. */
static void derive_platform(struct factstore *fs)
{
	const struct fact *f;
	struct platform pf;

	if ((f = str_fact(fs, "virt.dmi_platform")) || (f = str_fact(fs, "virt.what_platform"))) {
		struct src_loc src = f->src;  /* setting a fact may move the one @f points to */

		fact_set_str(fs, "virt.platform", f->s, strlen(f->s), src);
		return;
	}
	f = str_fact(fs, "kernel.release");
	if (f && platform_lookup(WITNESS_KERNEL, (struct span){ f->s, strlen(f->s) }, &pf) && pf.platform)
		fact_set_str(fs, "virt.platform", pf.platform, strlen(pf.platform), f->src);
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

/* balloon.hypervisor: whose balloon filled balloon.size_kb, by its driver; the VMware Tools figures are VMware's. */
static void derive_balloon_owner(struct factstore *fs)
{
	const struct fact *f = str_fact(fs, "balloon.driver");
	struct platform pf;

	if (f && platform_lookup(WITNESS_BALLOON, (struct span){ f->s, strlen(f->s) }, &pf) && pf.hypervisor) {
		fact_set_str(fs, "balloon.hypervisor", pf.hypervisor, strlen(pf.hypervisor), f->src);
		return;
	}
	f = fact_get(fs, "vmware.balloon_mb");
	if (f && f->type == FACT_INT)
		fact_set_str(fs, "balloon.hypervisor", "vmware", 6, f->src);
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
	derive_platform(fs);
	derive_highmem(fs);
	derive_balloon_share(fs);
	derive_balloon_owner(fs);
}

static const struct fact_def derived_facts[] = {
	{ "virt.hypervisor", FACT_STR, "", "vmware, hyperv, kvm, xen, virtualbox, none or unknown: from DMI, lscpu, virt-what, modules, cpuinfo" },
	{ "virt.platform", FACT_STR, "", "gce, azure, aws, ovirt, rhev, openstack or proxmox: from DMI, virt-what or a cloud kernel's flavour (docs/platforms.md)" },
	{ "kernel.version_code", FACT_INT, "", "major*65536 + minor*256 + min(sublevel,255), for version ranges" },
	{ "kernel.bits", FACT_INT, "", "32 or 64, from kernel.arch" },
	{ "kernel.highmem", FACT_INT, "", "1 on a 32-bit kernel with HighMem, where the low zones run out first" },
	{ "balloon.share_pct", FACT_INT, "percent", "the guest memory the balloon holds: balloon / (MemTotal + balloon)" },
	{ "balloon.hypervisor", FACT_STR, "", "whose balloon the balloon facts are: vmware (vmmemctl, vmw_balloon, VMware Tools), hyperv (hv_balloon), kvm (virtio_balloon), xen" },
	{ "virt.dmesg_hypervisor", FACT_STR, "", "the kernel's boot message 'Hypervisor detected: ...'" },
	{ "virt.dmesg_hardware", FACT_STR, "", "the machine as the kernel's log names it: 'DMI: ...' at boot, 'Hardware name: ...' in a dump" },
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
	{ "esx.host.samples_below_clear", FACT_INT, "count", "samples where the host's free memory was in the soft, hard or low band (absent when no sample's state is known)" },
	{ "<hypervisor>.vm.name", FACT_STR, "", "the VM of a Hyper-V, KVM or Xen capture paired with this host (hyperv.vm.name, kvm.vm.name, xen.vm.name)" },
	{ "<hypervisor>.host.name", FACT_STR, "", "the host of that capture, when it names it" },
	{ "<hypervisor>.vm.memsz_mb", FACT_INT, "MB", "the memory the guest sees: Guest Visible Physical Memory, balloon.maximum, MemoryStartup" },
	{ "<hypervisor>.vm.limit_mb", FACT_INT, "MB", "the VM's ceiling (Hyper-V's MemoryMaximum)" },
	{ "<hypervisor>.vm.reservation_mb", FACT_INT, "MB", "the VM's floor (Hyper-V's MemoryMinimum)" },
	{ "<hypervisor>.vm.max_balloon_mb", FACT_INT, "MB", "the largest balloon over the capture" },
	{ NULL, FACT_INT, NULL, NULL },
};

const struct fact_def *derived_fact_defs(void)
{
	return derived_facts;
}
