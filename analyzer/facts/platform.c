#include "facts/platform.h"

#define HW WITNESS_HARDWARE
#define VENDOR WITNESS_VENDOR
#define WHAT WITNESS_VIRT_WHAT
#define KERNEL WITNESS_KERNEL
#define BALLOON WITNESS_BALLOON

/*
 * In order: the first row whose text a string holds names it, so the more
 * specific rows come first (".amazon" before "Xen", "OpenStack" before
 * "Red Hat").  The hardware rows read the DMI strings as the kernel's
 * "Hardware name:" joins them: "<sys_vendor> <product_name>/<board>, BIOS
 * <bios_version> <date>"; the DMI sources hand "<sys_vendor> <product_name>
 * <bios_vendor> <chassis_asset_tag>".  Why each row means what it does is in
 * docs/platforms.md.
 */
static const struct platform_row {
	unsigned kinds;
	const char *text;
	const char *hypervisor, *platform;
} rows[] = {
	/* GCE: "Google Google Compute Engine/Google Compute Engine, BIOS Google"; 3.x printed "Google Google" */
	{ HW, "Google Compute Engine", "kvm", "gce" },
	{ HW, "Google Google", "kvm", "gce" },
	{ HW, "BIOS Google", "kvm", "gce" },
	/* EC2 on Nitro: "Amazon EC2 m5.large/"; on Xen: "Xen HVM domU, BIOS 4.2.amazon" */
	{ HW, "Amazon EC2", "kvm", "aws" },
	{ HW, ".amazon", "xen", "aws" },
	/* Azure's chassis asset tag; its DMI strings are Hyper-V's own */
	{ HW, "7783-7084-3265-9085-8269-3286-77", "hyperv", "azure" },
	{ HW, "Microsoft Corporation Virtual Machine", "hyperv", NULL },
	{ HW, "Hyper-V", "hyperv", NULL },
	{ HW | VENDOR, "VMware", "vmware", NULL },
	{ HW, "innotek", "virtualbox", NULL },
	{ HW, "VirtualBox", "virtualbox", NULL },
	{ HW, "oVirt", "kvm", "ovirt" },
	{ HW, "RHEV", "kvm", "rhev" },
	{ HW, "OpenStack", "kvm", "openstack" },
	{ HW, "Proxmox", "kvm", "proxmox" },
	/* "Red Hat KVM", "Red Hat RHEL/RHEL-AV": the product names of RHEL's own qemu-kvm */
	{ HW, "Red Hat", "kvm", NULL },
	{ HW, "QEMU", "kvm", NULL },
	{ HW | VENDOR, "KVM", "kvm", NULL },
	{ HW, "Bochs", "kvm", NULL },
	{ HW, "HVM domU", "xen", NULL },
	{ HW | VENDOR, "Xen", "xen", NULL },
	/* lscpu "Microsoft", dmesg "Microsoft Hyper-V"; as hardware it needs "Virtual Machine" (Surface laptops) */
	{ VENDOR, "Microsoft", "hyperv", NULL },
	/* virt-what(1) facts, one a line */
	{ WHAT, "vmware", "vmware", NULL },
	{ WHAT, "hyperv", "hyperv", NULL },
	{ WHAT, "kvm", "kvm", NULL },
	{ WHAT, "qemu", "kvm", NULL },
	{ WHAT, "redhat", "kvm", NULL },
	{ WHAT, "rhev", "kvm", "rhev" },
	{ WHAT, "ovirt", "kvm", "ovirt" },
	{ WHAT, "google_cloud", "kvm", "gce" },
	{ WHAT, "aws", NULL, "aws" },
	{ WHAT, "xen", "xen", NULL },
	{ WHAT, "xen-hvm", "xen", NULL },
	{ WHAT, "xen-domU", "xen", NULL },
	{ WHAT, "virtualbox", "virtualbox", NULL },
	/* Ubuntu's cloud kernels: "5.15.0-1041-azure"; "-aws" runs on Xen and Nitro alike */
	{ KERNEL, "-azure", "hyperv", "azure" },
	{ KERNEL, "-gcp", "kvm", "gce" },
	{ KERNEL, "-gke", "kvm", "gce" },
	{ KERNEL, "-aws", NULL, "aws" },
	/* the guest's balloon drivers: which hypervisor filled balloon.size_kb */
	{ BALLOON, "vmmemctl", "vmware", NULL },
	{ BALLOON, "vmw_balloon", "vmware", NULL },
	{ BALLOON, "hv_balloon", "hyperv", NULL },
	{ BALLOON, "virtio_balloon", "kvm", NULL },
	{ BALLOON, "xen-balloon", "xen", NULL },
};

static bool row_matches(const struct platform_row *r, enum platform_witness kind, struct span s)
{
	size_t n = strlen(r->text);

	switch (kind) {
	case WITNESS_VIRT_WHAT:
	case WITNESS_BALLOON:
		return span_eq(s, r->text);
	case WITNESS_KERNEL:
		return s.len >= n && !memcmp(s.p + s.len - n, r->text, n);
	default:
		return span_contains_nocase(s, r->text);
	}
}

bool platform_lookup(enum platform_witness kind, struct span s, struct platform *out)
{
	size_t i;

	memset(out, 0, sizeof(*out));
	s = span_trim(s);
	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		if (!(rows[i].kinds & kind) || !row_matches(&rows[i], kind, s))
			continue;
		out->hypervisor = rows[i].hypervisor;
		out->platform = rows[i].platform;
		return true;
	}
	return false;
}
