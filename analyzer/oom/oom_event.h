/*
 * One OOM-killer report, allocation failure or OOM panic, with everything
 * the kernel printed about it.  Numbers the report did not give are
 * MT_UNKNOWN; strings it did not give are NULL.  Every pointer is owned by
 * the event and freed by oom_event_free(), but its strings: they are
 * vocab_n()'s, kept once for the run (the same kernel release, GFP flags,
 * comms and cgroups come in report after report).
 */
#ifndef MT_OOM_EVENT_H
#define MT_OOM_EVENT_H

#include "util/src_loc.h"
#include "util/timeutil.h"
#include "util/value.h"

enum oom_type { OOM_KILL, OOM_PANIC, OOM_ALLOC_FAILURE, OOM_USERSPACE_KILL, OOM__TYPES };
enum oom_constraint { CONSTRAINT_UNKNOWN, CONSTRAINT_GLOBAL, CONSTRAINT_MEMCG,
		      CONSTRAINT_CPUSET, CONSTRAINT_MEMPOLICY, CONSTRAINT__COUNT };

extern const char *const oom_type_names[OOM__TYPES];
extern const char *const oom_constraint_names[CONSTRAINT__COUNT];

#define OOM_MAX_ORDERS 16
/* The size of the pages a report counts (its "pages RAM", its task table): 4 KiB on x86. */
#define OOM_PAGE_KB 4

/*
 * The migrate types a buddy list names for an order, "(UMEH)" (3.10+,
 * show_migration_types()): the types with free blocks of that order.
 */
enum oom_migrate_bits {
	OOM_MT_UNMOVABLE = 1 << 0,   /* U */
	OOM_MT_MOVABLE = 1 << 1,     /* M */
	OOM_MT_RECLAIMABLE = 1 << 2, /* E */
	OOM_MT_HIGHATOMIC = 1 << 3,  /* H: the high-order atomic reserve (4.4+) */
	OOM_MT_CMA = 1 << 4,         /* C: only movable allocations may take it */
	OOM_MT_ISOLATE = 1 << 5,     /* I: being isolated, no allocation takes it */
	OOM_MT_RESERVE = 1 << 6,     /* R: MIGRATE_RESERVE, before 4.4 */
};

/* A "Node 0 DMA32 free:...kB min:...kB ..." line and what follows it. */
struct oom_zone {
	int node;                    /* -1 when the kernel printed no "Node N" */
	const char *name;            /* "DMA", "DMA32", "Normal", "HighMem", "Movable" (vocab_n()) */
	struct kv_list fields;       /* every "key:value" in kB (pages_scanned: a count) */
	const char *all_unreclaimable; /* "yes"/"no", when printed */
	int64_t *reserve;            /* lowmem_reserve[] or, before 2.6.12, protections[] */
	size_t nr_reserve, alloc_reserve;
	bool reserve_is_protections;
	int64_t buddy[OOM_MAX_ORDERS]; /* free blocks per order, from the "N*4kB" line */
	uint8_t buddy_types[OOM_MAX_ORDERS]; /* enum oom_migrate_bits per order */
	size_t nr_buddy;
	bool buddy_typed;            /* the line names migrate types: buddy_types holds them */
	int64_t buddy_total_kb;      /* MT_UNKNOWN until the buddy line is seen */
};

#define OOM_MAX_TASK_COLS 32

/*
 * The rows of a task table, with the columns its kernel era printed, packed:
 * a row is its numbers then where its name starts in @names, each in as few
 * bytes as that column needs so far (1, 2, 4 or 8; a wider number widens the
 * column in every row), not an allocation per row and per name of 8 bytes
 * a number (a log full of OOMs holds thousands of tables of dozens of rows);
 * rows of the same name share it.  While the table is read, an index finds
 * a row pasted twice, and a name already kept, at once.  Read through
 * oom_task_val() and oom_task_name().
 */
struct oom_task_table {
	uint8_t ncols;               /* the numbers of each row, its pid first */
	uint8_t width[OOM_MAX_TASK_COLS + 1]; /* each number's bytes, then the name offset's */
	uint8_t off[OOM_MAX_TASK_COLS];       /* where each number starts in a row */
	uint16_t stride;             /* a row's bytes */
	unsigned char *rows;
	size_t alloc_rows;           /* bytes */
	char *names;                 /* the rows' names, each once and ending in a NUL */
	size_t len_names, alloc_names;
	struct oom_task_index *index; /* while the table is read (oom_event.c); NULL after */
};

/** Row @row's number in column @col (pid first). */
int64_t oom_task_val(const struct oom_task_table *t, size_t row, size_t col);
/** Row @row's name: the same pointer for every row of that name. */
const char *oom_task_name(const struct oom_task_table *t, size_t row);
/** Whether one of the @nr rows of @t has the pid @pid. */
bool oom_task_has_pid(struct oom_task_table *t, size_t nr, int64_t pid);
/**
 * Append to the *@nr rows of @t the row of @ncols numbers @vals (at most
 * OOM_MAX_TASK_COLS, the same in every row), pid first, named (name, len)
 * up to any NUL in it.
 */
void oom_task_add(struct oom_task_table *t, size_t *nr, const int64_t *vals, size_t ncols,
		  const char *name, size_t len);
/** The table is read: its @nr rows and names keep no room for more, the pid index goes. */
void oom_task_table_fit(struct oom_task_table *t, size_t nr);
void oom_task_table_release(struct oom_task_table *t);

/* A "Memory cgroup stats for PATH:" block: v1 kB fields or v2 memory.stat bytes. */
struct oom_memcg_stats {
	const char *cgroup;
	struct kv_list stats;
};

/*
 * The parts of a report whose lines a cause cites beside its first: where
 * the counters, zones, swap totals, RAM, task table, memcg usage and kill
 * were read (oom_event.part_line).
 */
enum oom_part {
	OOM_PART_MEM_INFO, OOM_PART_ZONES, OOM_PART_SWAP, OOM_PART_RAM, OOM_PART_TASKS,
	OOM_PART_MEMCG, OOM_PART_KILL, OOM_PART__COUNT
};

struct oom_event {
	enum oom_type type;
	struct src_loc src;          /* the report's first line */
	uint64_t src_off;            /* its byte offset in the file */
	struct src_loc last;         /* the last line that belonged to it */
	/* each part's first line in src.file (0: not seen there; a report cut by rotation goes on elsewhere) */
	unsigned part_line[OOM_PART__COUNT];
	const char *host;            /* interned; NULL when the log names none */
	unsigned unit;               /* the model unit (PATH or snapshot) its log belongs to */
	struct mt_time time;
	/*
	 * For stamps without a year: the log's Dec->Jan turns in all, the month
	 * and day of its last line and its file's mtime; see model_resolve_years().
	 */
	unsigned log_rollovers, log_last_mon, log_last_day;
	int64_t log_mtime;
	bool has_uptime;
	uint64_t uptime_us;

	/* the task that ran out of memory (the header, "CPU: .. Comm:" lines) */
	const char *trigger_comm;
	int64_t trigger_pid;
	const char *gfp_mask;        /* "0x201da" as printed */
	const char *gfp_flags;       /* "GFP_HIGHUSER_MOVABLE|__GFP_ZERO", 4.6+ */
	int64_t order;
	int64_t oom_score_adj;       /* oom_score_adj= / oom_adj= / oomkilladj= of the trigger */
	const char *oom_adj_field;   /* which of those the kernel printed */
	const char *nodemask, *cpuset, *mems_allowed;
	/*
	 * An OOM forced by SysRq-f, not a real shortage: order=-1 (4.6+), or the
	 * "SysRq : Manual OOM execution" line right before the report (3.10
	 * prints order=0 for it); sysrq_src is that line (line 0: none).
	 */
	bool sysrq;
	struct src_loc sysrq_src;
	const char *kernel;          /* release from "CPU: N PID: N Comm: x Not tainted REL #1" */
	const char *hardware;        /* "Hardware name: ..." */
	const char **trace;          /* call trace function names, outermost last (vocab_n()) */
	size_t nr_trace, alloc_trace;

	enum oom_constraint constraint;
	const char *cgroup;          /* the memcg whose limit was hit */
	const char *task_memcg;      /* the victim's memcg */
	struct kv_list memcg;        /* memory_usage_kb, memory_limit_kb, memory_failcnt, swap_..., kmem_... */
	struct oom_memcg_stats *memcg_stats;
	size_t nr_memcg_stats, alloc_memcg_stats;

	struct kv_list mem_info;     /* the global counters, in pages, as named by the kernel */
	struct kv_list *node_stats;  /* 4.8+ "Node N active_anon:...kB" lines, index = node */
	size_t nr_node_stats, alloc_node_stats;
	struct oom_zone *zones;
	size_t nr_zones, alloc_zones;
	struct kv_list totals;       /* swap_free_kb, swap_total_kb, pages_ram, pages_reserved... */

	const char **task_cols;      /* column names of the task table, "pid" first (vocab_n()) */
	size_t nr_task_cols, alloc_task_cols;
	struct oom_task_table tasks;
	size_t nr_tasks;
	size_t tasks_dropped;        /* rows beyond MT_MAX_TASKS */
	bool tasks_headerless;       /* the rows came without their header: the table's tail only */

	/* the kill */
	const char *kill_reason;     /* "Out of memory", "Memory cgroup out of memory", ... */
	int64_t selected_pid;        /* "Kill process N (x) score S" */
	const char *selected_comm;
	int64_t selected_score;
	int64_t victim_pid;          /* "Killed process N (x) ..." */
	bool kill_line_el6;          /* "Killed process N, UID N, (x)": RHEL 6's form */
	const char *victim_comm;
	struct kv_list victim;       /* total_vm_kb, anon_rss_kb, file_rss_kb, shmem_rss_kb, uid, pgtables_kb, oom_score_adj */
	struct kv_list summary;      /* pid, uid of the 5.0+ "oom-kill:" line */
	const char *summary_task;
	bool reaped;                 /* "oom_reaper: reaped process" */
	bool reap_failed;            /* "oom_reaper: unable to reap pid" */
	struct kv_list reaper;       /* anon_rss_kb, file_rss_kb, shmem_rss_kb after reaping */
	const char *panic;           /* the "Kernel panic - not syncing: ..." text */
	const char *other_panic;     /* a panic not for memory while the report was printed, its text */
	int64_t suppressed_before;   /* "N callbacks suppressed" right before the report; MT_UNKNOWN: none */
	const char *suppressed_by;   /* that rate limit's name: "printk", "oom_kill_process", "warn_alloc" */

	struct esx_picture *esx;     /* the hypervisor's figures at this moment, when a capture covers it */
	struct hv_sample *hv;        /* the hypervisor's figures nearest the event, with when they were true */
	struct hv_admission *admission; /* its ESXi host's memory admission failure nearest the event, or NULL */

	/*
	 * A userspace killer's kill (OOM_USERSPACE_KILL, oom/userspace_kill.h):
	 * who killed ("systemd-oomd", "earlyoom", "oomd", "lmkd"); the victim is
	 * victim_pid/victim_comm or, for a cgroup, task_memcg; kill_reason its
	 * words; cgroup the one under pressure.  Its figures: percentages in
	 * hundredths (*_x100), sizes in kB (*_kb).
	 */
	const char *killer;
	struct kv_list killer_figures;
	/* the other side's view of the same kill: the kernel's report of a userspace kill, and back */
	const struct oom_event *paired;

	bool header_seen;            /* the first line of the report was found */
	bool complete;
	unsigned foreign_lines;      /* other lines found inside the report */
	const char *incomplete_why;
};

/* What an ESX capture showed of this guest's VM at the event (esx/esx_match.c). */
struct esx_picture {
	const char *capture;         /* the capture's file */
	const char *vm;              /* the VM's name in it */
	int64_t sample_time;         /* epoch seconds of the sample used (the last one before the event) */
	int64_t before_s;            /* how long before the event it was taken */
	double memsz_mb, balloon_mb, balloon_target_mb, balloon_max_mb, swapped_mb, compressed_mb;
	double limit_mb, reservation_mb;
	double host_free_mb, host_minfree_mb, host_state;
	const char *host_band;       /* "high", "soft", "hard", "low" from free vs minfree */
};

/*
 * The guest's ESXi host refusing memory (a vmkernel.log admission failure,
 * model/esx_match.c): the failure nearest the event, whatever how near;
 * whether it is near enough to explain the event is the rules' to say.
 * NAN where the log's line of a figure was not found.
 */
struct hv_admission {
	const char *source;          /* the vmkernel.log */
	unsigned line;
	int64_t time;                /* epoch seconds, UTC */
	int64_t after_s;             /* @time minus the event's: > 0 after the event */
	const char *path;            /* the resource group refused, NULL when its line was not found */
	const char *asked_of;        /* the group asked ("host"), NULL when the figures line was not found */
	double requested_kb, occupied_kb, available_kb;
};

/*
 * What a hypervisor showed of this guest, and when it was true
 * (model/hv_sample.c): a capture's sample at the event, or a snapshot's
 * reading at its collection.  NAN where the source does not say.
 */
struct hv_sample {
	const char *hypervisor;      /* "vmware", "hyperv", "kvm", "xen" */
	const char *source;          /* the capture's file, or the file of the snapshot's figure */
	bool at_collection;          /* a reading true when it was taken (a snapshot, or a capture of one untimed reading) */
	bool from_capture;           /* the hypervisor's own capture (virsh, xl, Get-VM, perfmon), not the guest's snapshot */
	bool has_time;               /* @time known (a snapshot without a date: unknown) */
	int64_t time;                /* epoch seconds the figures were true */
	bool has_after;              /* @after_s known: both times are */
	int64_t after_s;             /* @time minus the event's time: > 0 when taken after the event */
	double balloon_mb, balloon_target_mb, swapped_mb, compressed_mb;
	double limit_mb;             /* -1: no limit */
	double reservation_mb, host_free_mb;
	double memsz_mb;             /* the guest's configured memory, for the balloon's share and a limit */
};

/*
 * A kernel line that is no part of a report but says something of the
 * log's reports: a rate limit's count of the messages it held back
 *   "printk: 10696059 messages suppressed."          (<= 2.6.24, printk_ratelimit)
 *   "__ratelimit: 12 callbacks suppressed"           (2.6.25-2.6.32)
 *   "oom_kill_process: 3 callbacks suppressed"       (2.6.33+, the caller's name)
 * or a panic, "Kernel panic - not syncing: ...", the OOM killer's own or another.
 */
enum oom_note_kind { NOTE_SUPPRESSED, NOTE_PANIC };

struct oom_note {
	enum oom_note_kind kind;
	struct src_loc src;
	uint64_t src_off;            /* the line's byte offset in its file, for --state */
	const char *host;            /* interned; NULL when the log names none */
	unsigned unit;
	struct mt_time time;
	unsigned log_rollovers, log_last_mon, log_last_day; /* the year hints, as for events */
	int64_t log_mtime;
	bool has_uptime;
	uint64_t uptime_us;
	char *text;                  /* the panic's reason, or the rate limit's name */
	int64_t count;               /* messages suppressed; MT_UNKNOWN for a panic */
	bool oom;                    /* the OOM killer's panic; suppressed messages right before a report */
};

void oom_note_free(struct oom_note *n);

struct oom_event *oom_event_new(enum oom_type type);
void oom_event_free(struct oom_event *e);
/** The zone called @name on @node, created when missing. */
struct oom_zone *oom_event_zone(struct oom_event *e, int node, const char *name, size_t len);
/** The buddy free-list total of @z, or MT_UNKNOWN. */
int64_t oom_zone_field(const struct oom_zone *z, const char *key);
/**
 * The report is read: every array of @e shrinks to what it holds (the room
 * kept for more items is most of an event's memory otherwise).
 */
void oom_event_fit(struct oom_event *e);
/** The task table column @name, or -1. */
int oom_event_task_col(const struct oom_event *e, const char *name);

#endif
