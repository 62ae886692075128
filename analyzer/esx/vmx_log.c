/*
 * A VM's own log, vmware.log (vmware-N.log for the runs before), which the
 * VMX process writes beside the VM's .vmx on its host.  It opens with the
 * VMX's banner, in one of three prefixes by version:
 *
 *   Apr 18 00:25:37.105: vmx| Log for VMware Workstation pid=5144 version=7.0.0 build=build-203739 option=Release
 *   2020-05-21T20:05:59.865-07:00| vmx| I125: Log for VMware Player pid=18468 version=15.5.2 build=build-15785246 option=Release
 *   2022-11-24T17:46:40.654Z In(05) vmx Log for VMware Workstation pid=820 version=16.2.4 build=build-20089737 option=Release
 *
 * and every half hour or so its memory scheduler's state, in 4 KiB pages:
 *
 *   2022-11-24T15:33:43.204Z In(05) vmx MemSched: locked 858347 target 865736 balloon 105211 105211 632120 swapped 7841 452 allocd 0 512 state 0 100
 *   2022-11-24T15:33:43.204Z In(05) vmx MemSched: Balloon enabled 1 guestType 1 maxSize 972493
 *
 * Those lines are known only from the hosted products' logs (ESXi 8's
 * vmware.log has the third prefix, by VMware's documentation); how many
 * numbers follow "balloon" and "swapped" changes with the version; and what
 * each number is, is documented nowhere.  Which is the balloon's size would
 * be a guess, and a guess must not say whether the host took the guest's
 * memory: the log is recognised, and said to be, but not read.
 */
#include "esx/esx.h"

/* The banner: "Log for VMware ... pid=N version=V" after a prefix that ends in the vmx thread. */
static bool is_banner(struct span line)
{
	const char *at = span_find(line, "Log for VMware ");
	struct span before, after;

	if (!at)
		return false;
	before = span_make(line.p, at);
	after = span_make(at, line.p + line.len);
	return (span_find(before, "vmx| ") || span_find(before, ") vmx ")) && span_find(after, " pid=") &&
	       span_find(after, " version=");
}

bool vmx_log_is(const char *head, size_t len)
{
	return is_banner(capture_first_line(head, len));
}
