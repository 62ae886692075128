/*
 * The hypervisor's side: an esxtop / resxtop batch capture (PDH-CSV) or a
 * pasted esxtop memory screen, reduced to the memory counters memtriage
 * uses, as time series.  Every series of a capture has one value per
 * sample (NAN where the row had none), aligned with capture->times.
 */
#ifndef MT_ESX_H
#define MT_ESX_H

#include "util/diag.h"
#include "util/scan.h"

#include <math.h>

/* One counter over the capture: v[i] is its value at times[i]. */
struct series {
	char *name;                  /* "free_mb", "memctl_mb" ... see esx_host_counters / esx_vm_counters */
	const char *unit;            /* "MB", "percent", "count", "state" */
	double *v;
};

struct esx_vm {
	char *name;                  /* the VM's display name, "app01" */
	const char *guest;           /* the guest host it was paired with (esx_match), or NULL */
	int64_t gid;                 /* the scheduler group id of "Group Memory(<gid>:<name>)" */
	struct series *series;
	size_t nr_series;
};

struct esx_capture {
	const char *file;            /* as shown to the user */
	char *esx_host;              /* "localhost.home", from "\\localhost.home\Memory\..." */
	bool screen;                 /* a pasted interactive screen rather than a batch capture */
	int64_t *times;              /* sample times, seconds since the epoch, UTC */
	size_t nr_samples, alloc_samples;
	struct series *host;         /* the host's Memory counters */
	size_t nr_host;
	struct esx_vm *vms;
	size_t nr_vms;
	size_t bad_rows;             /* rows skipped as broken */
};

/*
 * Counter names, with the esxtop column each comes from.  Host ("\Memory\"):
 *   machine_mb       Machine MBytes              free_mb          Free MBytes
 *   minfree_mb       Kernel MinFree MBytes       state            Kernel State (0 high .. 3/4 low)
 *   overcommit_1m/5m/15m  Memory Overcommit (N Minute Avg)
 *   memctl_mb / memctl_target_mb / memctl_max_mb   Memctl Current/Target/Max MBytes
 *   swap_used_mb / swap_target_mb                  Swap Used/Target MBytes
 *   zip_mb           Total Compressed MBytes     pshare_savings_mb PShare Savings MBytes
 * VM ("\Group Memory(<gid>:<name>)\"):
 *   memsz_mb  Memory Size MBytes   granted_mb  Granted MBytes   consumed_mb  Consumed MBytes (mapped)
 *   touched_mb  Touched MBytes     active_mb  Active Estimate MBytes (if present)
 *   memctl_mb  Memctl MBytes       memctl_target_mb  Memctl Target MBytes
 *   memctl_max_mb  Memctl Max MBytes                memctl_enabled  Memctl? (1/0)
 *   swapped_mb  Swapped MBytes     swap_target_mb  Swap Target MBytes
 *   compressed_mb  Compressed MBytes (Zipped)       overhead_mb  Overhead MBytes
 *   alloc_min_mb  Alloc Min (MB, reservation)       alloc_max_mb  Alloc Max (MB, limit; -1 unlimited)
 */

/** True when the first line of a file looks like an esxtop batch capture. */
bool esxtop_is_capture(const char *p, size_t len);
/** True when the text looks like a pasted esxtop memory screen (PMEM/VMKMEM lines). */
bool esxtop_is_screen(const char *p, size_t len);

/* Line-driven parsing: the caller feeds every line (the header may be megabytes long). */
struct esxtop_parser;
struct esxtop_parser *esxtop_parser_new(struct esx_capture *cap, struct diag *d);
/** One line (without its "\n"), 1-based @lineno for messages. */
void esxtop_parser_line(struct esxtop_parser *p, const char *line, size_t len, unsigned lineno);
/** The end of the file; frees the parser. Returns 0, or -1 when no memory object was found. */
int esxtop_parser_finish(struct esxtop_parser *p);

/** A pasted interactive screen, whole. 0, or -1 when nothing was found. */
int esxtop_screen_parse(struct esx_capture *cap, const char *buf, size_t len, struct diag *d);

void esx_capture_init(struct esx_capture *cap, const char *file);
void esx_capture_release(struct esx_capture *cap);
/** The series @name of the host or of @vm (NULL: host), or NULL. */
const struct series *esx_series(const struct esx_capture *cap, const struct esx_vm *vm,
				const char *name);

#endif
