/*
 * Hyper-V's side as PowerShell exports it: "Get-VM | Export-Csv f.csv"
 * (every property of Microsoft.HyperV.PowerShell.VirtualMachine) or a
 * selection, "Get-VM | Select-Object Name,MemoryAssigned,MemoryDemand,
 * MemoryStartup,MemoryMinimum,MemoryMaximum,DynamicMemoryEnabled |
 * Export-Csv f.csv"; memory properties in bytes, a "#TYPE" line first in
 * Windows PowerShell 5.1:
 *
 *   #TYPE Selected.Microsoft.HyperV.PowerShell.VirtualMachine
 *   "Name","MemoryAssigned","MemoryDemand","MemoryStartup","MemoryMinimum","MemoryMaximum","DynamicMemoryEnabled"
 *   "app02","2147483648","2040109465","4294967296","1073741824","8589934592","True"
 *
 * MemoryAssigned is what the host gives the VM now (granted), MemoryDemand
 * what the guest wants, MemoryStartup the memory it boots with,
 * MemoryMinimum and MemoryMaximum Dynamic Memory's floor and ceiling; the
 * whole export's ComputerName is the Hyper-V host.  No time is in it: one
 * sample of unknown time.  The "Hyper-V Dynamic Memory VM" perfmon counters
 * are PDH-CSV and read with esxtop's captures (esxtop.c).
 */
#include "esx/esx.h"

#define BYTES_PER_MB (1024.0 * 1024.0)

enum { GV_NAME, GV_VMNAME, GV_HOST, GV_ASSIGNED, GV_DEMAND, GV_STARTUP, GV_MIN, GV_MAX, NR_GV };

/* The series each memory column feeds; NULL for the names. */
static const char *const gv_series[NR_GV] = {
	[GV_ASSIGNED] = "granted_mb", [GV_DEMAND] = "demand_mb", [GV_STARTUP] = "memsz_mb",
	[GV_MIN] = "alloc_min_mb", [GV_MAX] = "alloc_max_mb",
};

static const char *const gv_names[NR_GV] = {
	"Name", "VMName", "ComputerName", "MemoryAssigned", "MemoryDemand", "MemoryStartup",
	"MemoryMinimum", "MemoryMaximum",
};

/* The columns; true when a name and MemoryAssigned are among them. */
static bool gv_header(struct span l, size_t col[NR_GV])
{
	capture_csv_columns(l, gv_names, NR_GV, col);
	return (col[GV_NAME] != SIZE_MAX || col[GV_VMNAME] != SIZE_MAX) && col[GV_ASSIGNED] != SIZE_MAX;
}

static bool getvm_is(const char *head, size_t len)
{
	const char *p = head;
	size_t col[NR_GV];
	unsigned no = 0;

	return gv_header(capture_csv_header(&p, head + len, &no), col);
}

static int getvm_parse(struct esx_capture *cap, const char *buf, size_t len, struct diag *d)
{
	const char *p = buf, *end = buf + len;
	struct span l, cell[NR_GV], name;
	size_t col[NR_GV], k, i;
	struct esx_vm *vm;
	unsigned no = 0;
	double mb;

	gv_header(capture_csv_header(&p, end, &no), col);
	while (capture_next_line(&p, end, &l)) {
		no++;
		if (!span_trim(l).len)
			continue;
		capture_csv_cells(l, col, NR_GV, cell);
		name = cell[GV_VMNAME].len ? cell[GV_VMNAME] : cell[GV_NAME];
		if (!name.len || !capture_u64(cell[GV_ASSIGNED], &mb)) {
			diag_warn(d, cap->file, no, "not a Get-VM row (a name and MemoryAssigned in bytes); skipped");
			continue;
		}
		if (!cap->esx_host && cell[GV_HOST].len)
			cap->esx_host = span_dup(cell[GV_HOST]);
		vm = capture_vm(cap, name.p, name.len);
		i = capture_sample(cap, 0);
		for (k = 0; k < NR_GV; k++)
			if (gv_series[k] && capture_u64(cell[k], &mb))
				capture_set(cap, vm, i, gv_series[k], "MB", mb / BYTES_PER_MB);
	}
	return cap->nr_vms ? 0 : -1;
}

const struct capture_reader capture_hyperv_getvm = {
	.tool = "Get-VM",
	.hypervisor = "hyperv",
	.is = getvm_is,
	.parse = getvm_parse,
};
