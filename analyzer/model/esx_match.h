/*
 * Putting the hypervisor's figures next to the guest's events: each VM of a
 * capture is paired with a guest host (by name, or by --vm VMNAME=HOST), and
 * each OOM event of that guest gets the capture's picture at that moment.
 * It is here, not in esx/, because it joins captures to the model's hosts:
 * esx/ only reads captures.
 */
#ifndef MT_ESX_MATCH_H
#define MT_ESX_MATCH_H

#include "esx/esx.h"
#include "model/model.h"

struct esx_match_opts {
	const char *const *vm_map;   /* "VMNAME=HOST" */
	size_t nr_vm_map;
	struct diag *diag;           /* where a guest without a known zone is said, or NULL */
};

/* The capacity view of a capture: what the host had against what its VMs were given. */
struct esx_capacity {
	double machine_mb;           /* the host's physical memory */
	double vms_memsz_mb;         /* the VMs' configured memory */
	double vms_overhead_mb;
	double overcommit;           /* (memsz + overhead) / machine */
	size_t samples_by_band[5];   /* high, clear, soft, hard, low */
	size_t vms, vms_ballooned, vms_swapped;
	/* VMs with a balloon / host-swap series at all: without them, vms_ballooned is unknown, not 0 */
	size_t vms_balloon_known, vms_swap_known;
	double host_memctl_mb;       /* the host's balloon total at its largest (Memctl Current), NAN when absent */
};

extern const char *const esx_band_names[5];

/** The band of the host's free memory against its minFree ("high" ... "low"), or NULL. */
const char *esx_band(double free_mb, double minfree_mb);
/** The host's state at sample @i: the screen's own word when it printed one, else esx_band(). */
const char *esx_band_at(const struct esx_capture *cap, size_t i);
void esx_capacity(const struct esx_capture *cap, struct esx_capacity *out);
/** The HOST of a "--vm VM=HOST" of @vm_map that names @vm (case aside), or NULL. */
const char *vm_map_host(const char *const *vm_map, size_t nr, const char *vm);
/** The host a VM belongs to, or NULL (listed as unmatched). */
struct host *esx_host_of_vm(struct model *m, const struct esx_match_opts *o, const char *vm);
/** The event's time in UTC: its own offset, else its guest's (see guest_offset()); false when unknown. */
bool event_utc(const struct host *h, const struct oom_event *e, int64_t *t);
/** Pair every capture's VMs with hosts; set host facts and each event's picture. */
void esx_match(struct model *m, const struct esx_match_opts *o);

#endif
