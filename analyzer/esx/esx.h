/*
 * The hypervisor's side: an esxtop / resxtop batch capture (PDH-CSV), a
 * pasted esxtop memory screen, a Windows perfmon log of Hyper-V's Dynamic
 * Memory counters, or one of the other hypervisors' tools (capture_reader
 * below), reduced to the memory counters memtriage uses, as time series.
 * Every series of a capture has one value per sample (NAN where the row had
 * none), aligned with capture->times.  A time of 0 is a sample whose time the
 * file does not give (a pasted screen, "virsh dommemstat"): it is never paired
 * with an event.
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
	size_t nr_series, alloc_series;
};

/*
 * An ESXi host's refusal to give memory: one admission failure of its
 * vmkernel.log (vmkernel.c), its "Admission failure in path:" line and its
 * figures line paired.  NAN where the line that gives a figure was not
 * found or was cut.
 */
struct esx_admission {
	int64_t time;                /* epoch seconds, UTC; 0 when the line gives no time */
	unsigned line;               /* the first of its lines */
	unsigned cpu;
	uint64_t world;              /* "cpu85:19435559)": the world that asked */
	char *path;                  /* the resource group's path, NULL when its line was not found */
	const char *vm;              /* "vm.48361" when the path is that VM's (cap->vms' name), else NULL */
	char *asked_of;              /* the group asked, "host"; NULL when the figures line was not found */
	double requested_kb, occupied_kb, available_kb;
};

struct esx_capture {
	const char *file;            /* as shown to the user */
	const char *hypervisor;      /* "vmware", "hyperv", "kvm", "xen" (static strings) */
	const char *tool;            /* what printed it: "esxtop", "perfmon", "virsh domstats" ... */
	char *esx_host;              /* "localhost.home", from "\\localhost.home\Memory\..."; the host's name, any kind */
	bool screen;                 /* a pasted interactive screen rather than a batch capture */
	bool local_times;            /* times are the exporting machine's local time, zone unknown, read as UTC */
	int64_t *times;              /* sample times, seconds since the epoch, UTC */
	size_t nr_samples, alloc_samples;
	struct series *host;         /* the host's Memory counters */
	size_t nr_host, alloc_host;
	struct esx_vm *vms;
	size_t nr_vms, alloc_vms;
	size_t bad_rows;             /* rows skipped as broken */
	bool admission_log;          /* an ESXi vmkernel.log: its admissions are its figures, it has no series */
	struct esx_admission *admissions;
	size_t nr_admissions, alloc_admissions;
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
 *   pressure_pct  Hyper-V's Current Pressure (memory wanted / memory given, percent)
 * Every reader uses these names and MB, whatever unit its tool prints
 * (vCenter's KB, virsh's KiB, Get-VM's bytes), so that pairing and reports
 * need not know which tool it was.
 */

/** True when a PDH-CSV header ("(PDH-CSV 4.0) ...") is among the first lines (junk before it allowed). */
bool esxtop_is_capture(const char *p, size_t len);
/** True when the text looks like a pasted esxtop memory screen (PMEM/VMKMEM lines). */
bool esxtop_is_screen(const char *p, size_t len);
/** True when @head begins a VM's vmware.log (the VMX's "Log for VMware" banner); vmx_log.c says why it is not read. */
bool vmx_log_is(const char *head, size_t len);

/* Line-driven parsing: the caller feeds every line (the header may be megabytes long). */
struct esxtop_parser;
struct esxtop_parser *esxtop_parser_new(struct esx_capture *cap, struct diag *d);
/** One line (without its "\n"), 1-based @lineno for messages. */
void esxtop_parser_line(struct esxtop_parser *p, const char *line, size_t len, unsigned lineno);
/**
 * The end of the file; frees the parser.  Returns 0, or -1 when no memory
 * object was found: then cap->tool says what the file was ("perfmon" for a
 * Windows performance log with neither ESX nor Hyper-V memory counters) and
 * cap->nr_samples how many rows it had.
 */
int esxtop_parser_finish(struct esxtop_parser *p);

/** A pasted interactive screen, whole. 0, or -1 when nothing was found. */
int esxtop_screen_parse(struct esx_capture *cap, const char *buf, size_t len, struct diag *d);

/*
 * The readers of the other tools' captures: each recognises its file by its
 * content (the first 4 KiB: @head) and reads the whole of it: one file of
 * esx/ a tool family, listed in capture_readers.c.
 */
struct capture_reader {
	const char *tool;            /* "virsh domstats", "govc metric.sample" ... */
	const char *hypervisor;
	bool (*is)(const char *head, size_t len);
	/* 0, or -1 (with a warning to @d) when nothing usable was in it */
	int (*parse)(struct esx_capture *cap, const char *buf, size_t len, struct diag *d);
};

/** The reader whose file @head begins, or NULL. */
const struct capture_reader *capture_reader_for(const char *head, size_t len);
/** The registered readers, for tests. */
const struct capture_reader *const *capture_reader_list(size_t *nr);

/*
 * For the readers: a capture built sample by sample.  capture_vm() finds or
 * adds a VM by name; capture_sample() finds or adds the sample of time @t
 * (0: unknown), keeping times in order; capture_set() sets a VM's (or, @vm
 * NULL, the host's) series @name at sample @i.
 */
struct esx_vm *capture_vm(struct esx_capture *cap, const char *name, size_t len);
/** The next line of [*p, end) without its "\r\n"; false at the end. */
bool capture_next_line(const char **p, const char *end, struct span *line);
/** The first line of @head that is not blank, trimmed; SPAN_NONE when none. */
struct span capture_first_line(const char *head, size_t len);
/** Whether one of the first @max_before + 1 lines of @head is a header by @is_header. */
bool capture_header_within(const char *head, size_t len, unsigned max_before, bool (*is_header)(struct span));
/** An Export-Csv header: the first line not blank nor "#TYPE ...", a BOM taken off; *no counts lines. */
struct span capture_csv_header(const char **p, const char *end, unsigned *no);
/** Where each of @names (@nr of them) is in the CSV header @l: col[k], SIZE_MAX when absent. */
void capture_csv_columns(struct span l, const char *const *names, size_t nr, size_t *col);
/** The cells of row @l in the columns @col (@nr of them), trimmed; SPAN_NONE when the row is short. */
void capture_csv_cells(struct span l, const size_t *col, size_t nr, struct span *cell);
/** The whole of @t an unsigned number. */
bool capture_u64(struct span t, double *v);
size_t capture_sample(struct esx_capture *cap, int64_t t);
void capture_set(struct esx_capture *cap, struct esx_vm *vm, size_t i, const char *name,
		 const char *unit, double v);

/*
 * CSV as esxtop, perfmon and PowerShell's Export-Csv write it: fields
 * '"'-quoted with "" escapes, or bare.  csv_next() hands out the next field
 * of the line; false after the last.
 */
struct csv_cursor {
	const char *p, *end;
	bool done;
};

struct csv_field {
	struct span text;            /* the content, outer quotes taken off */
	bool escaped;                /* text still holds "" pairs */
};

bool csv_next(struct csv_cursor *c, struct csv_field *f);

/**
 * A PDH / PowerShell time stamp, "04/24/2018 10:49:12" (month first, AM/PM
 * allowed) or "18-09-2015 10:44:20" (day first), as seconds since the epoch,
 * @bias_min minutes west of UTC.
 */
bool esx_parse_stamp(struct span f, int64_t bias_min, int64_t *out);

void esx_capture_init(struct esx_capture *cap, const char *file);
void esx_capture_release(struct esx_capture *cap);
/** The series @name of the host or of @vm (NULL: host), or NULL. */
const struct series *esx_series(const struct esx_capture *cap, const struct esx_vm *vm,
				const char *name);

#endif
