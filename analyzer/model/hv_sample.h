/*
 * Every event's hypervisor figures with their time (struct hv_sample): a
 * capture's sample at the event when one covers it (VMware's picture, or
 * the sample esx_match() gave from another hypervisor's capture), else the
 * snapshot's own reading (balloon debugfs, /proc/vmmemctl, hv_balloon,
 * vmware-toolbox-cmd), true when the snapshot was taken, else another
 * hypervisor's reading of no time (virsh, QEMU, xl list, Get-VM).  Whether a figure
 * was true near enough to the event to explain it is the rules' to say
 * (hv.distance_s against their "near" parameter), not this file's.
 */
#ifndef MT_HV_SAMPLE_H
#define MT_HV_SAMPLE_H

#include "model/model.h"

/** Set e->hv of every event of every host (after esx_match()). */
void hv_samples(struct model *m);

#endif
