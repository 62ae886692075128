/*
 * Which hypervisor, and which cloud or virtualization platform, a string
 * names: the one table every witness is read through (DMI strings, the OOM
 * report's "Hardware name:", the boot "DMI:" line, lscpu's "Hypervisor
 * vendor", dmesg's "Hypervisor detected:", virt-what's words, the flavour of
 * a cloud kernel).  docs/platforms.md lists it.
 */
#ifndef MT_PLATFORM_H
#define MT_PLATFORM_H

#include "util/scan.h"

/* What kind of string is looked up: each row of the table says which it applies to. */
enum platform_witness {
	WITNESS_HARDWARE = 1 << 0, /* DMI vendor/product/BIOS/asset tag, "Hardware name:", boot "DMI:" */
	WITNESS_VENDOR = 1 << 1,   /* lscpu "Hypervisor vendor:", dmesg "Hypervisor detected:" */
	WITNESS_VIRT_WHAT = 1 << 2, /* one line of virt-what: the whole word */
	WITNESS_KERNEL = 1 << 3,   /* a kernel release: its flavour suffix, "5.15.0-1041-azure" */
	WITNESS_BALLOON = 1 << 4,  /* a balloon driver's name (balloon.driver): whose balloon it is */
};

struct platform {
	const char *hypervisor;      /* "vmware", "hyperv", "kvm", "xen", "virtualbox"; NULL: the witness does not say */
	const char *platform;        /* "gce", "azure", "aws", "ovirt", "rhev", "openstack", "proxmox"; NULL: none named */
};

/**
 * The first row of the table for @kind whose text @s holds (case-insensitive;
 * the whole line for WITNESS_VIRT_WHAT, the end of the release for
 * WITNESS_KERNEL).  False, and @out zeroed, when no row names it.
 */
bool platform_lookup(enum platform_witness kind, struct span s, struct platform *out);

#endif
