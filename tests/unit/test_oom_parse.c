/* The OOM report reconstructor, fed line by line as the log pipeline does. */
#include "oom/oom_parse.h"
#include "util/strbuf.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

struct sink {
	struct oom_event *ev[16];
	size_t nr;
	struct oom_note *notes[16];
	size_t nr_notes;
};

static void collect(void *ctx, struct oom_event *e)
{
	struct sink *s = ctx;

	assert_true(s->nr < ARRAY_SIZE(s->ev));
	s->ev[s->nr++] = e;
}

static void collect_note(void *ctx, struct oom_note *n)
{
	struct sink *s = ctx;

	assert_true(s->nr_notes < ARRAY_SIZE(s->notes));
	s->notes[s->nr_notes++] = n;
}

/* Feed @lines (NULL-terminated) to a fresh parser, then end the log. */
static void feed(struct sink *s, const char *const *lines, bool finish)
{
	static struct oom_parser p;
	unsigned n = 0;

	memset(s, 0, sizeof(*s));
	oom_parser_init(&p, "h", collect, s);
	oom_parser_notes(&p, collect_note);
	for (; *lines; lines++) {
		struct oom_line l = { .text = { *lines, strlen(*lines) }, .src = { "t.log", ++n } };

		oom_parser_line(&p, &l);
	}
	if (finish)
		oom_parser_finish(&p);
}

static void release(struct sink *s)
{
	size_t i;

	for (i = 0; i < s->nr; i++)
		oom_event_free(s->ev[i]);
	for (i = 0; i < s->nr_notes; i++)
		oom_note_free(s->notes[i]);
}

static void test_modern_global(void **state)
{
	static const char *const lines[] = {
		"unrelated line before",
		"doxygen invoked oom-killer: gfp_mask=0x140dca(GFP_HIGHUSER_MOVABLE|__GFP_COMP|__GFP_ZERO), order=0, oom_score_adj=0",
		"CPU: 3 PID: 473206 Comm: doxygen Not tainted 6.1.1-arch1-1 #1 a2d6f3a0",
		"Hardware name: VMware, Inc. VMware Virtual Platform/440BX Desktop Reference Platform, BIOS 6.00 11/12/2020",
		"Call Trace:",
		" <TASK>",
		" dump_stack_lvl+0x48/0x60",
		" out_of_memory+0xed/0x2c0",
		" vmballoon_work+0x1d/0x40 [vmw_balloon]",
		" </TASK>",
		"Mem-Info:",
		"active_anon:1413442 inactive_anon:1509191 isolated_anon:0",
		" active_file:29 inactive_file:186 isolated_file:0",
		" unevictable:2047 dirty:56 writeback:20",
		" free:34629 free_pcp:0 free_cma:0",
		"Node 0 active_anon:5653768kB inactive_anon:6036764kB shmem_thp: 0kB all_unreclaimable? no",
		"Node 0 Normal free:61900kB boost:8192kB min:61948kB low:75384kB high:88820kB reserved_highatomic:0KB present:13096960kB managed:12774792kB",
		"lowmem_reserve[]: 0 0 0 0 0",
		"Node 0 Normal: 6676*4kB (UME) 2120*8kB (UME) 595*16kB (UM) = 62528kB",
		"44659 total pagecache pages",
		"Free swap  = 84kB",
		"Total swap = 25165820kB",
		"4115400 pages RAM",
		"Tasks state (memory values in pages):",
		"[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name",
		"[    246]     0   246    16404       66   159744      303          -250 systemd-journal",
		"[ 473206]   504 473206 7572670  2308580 60686336  1030270             0 doxygen",
		"[    999]     0   999      100       10    40960        0             0 tmux: client",
		"oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/user.slice/user-504.slice/session-2.scope,task=dox,y gen,pid=473206,uid=504",
		"Out of memory: Killed process 473206 (doxygen) total-vm:30290680kB, anon-rss:9234320kB, file-rss:4kB, shmem-rss:0kB, UID:504 pgtables:59264kB oom_score_adj:0",
		"other line",
		"oom_reaper: reaped process 473206 (doxygen), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB",
		NULL,
	};
	struct sink s;
	struct oom_event *e;
	const struct oom_zone *z;

	(void)state;
	feed(&s, lines, true);
	assert_int_equal(s.nr, 1);
	e = s.ev[0];
	assert_int_equal(e->type, OOM_KILL);
	assert_true(e->complete);
	assert_int_equal(e->src.line, 2);
	assert_string_equal(e->trigger_comm, "doxygen");
	assert_int_equal(e->trigger_pid, 473206);
	assert_string_equal(e->gfp_mask, "0x140dca");
	assert_string_equal(e->gfp_flags, "GFP_HIGHUSER_MOVABLE|__GFP_COMP|__GFP_ZERO");
	assert_int_equal(e->order, 0);
	assert_string_equal(e->kernel, "6.1.1-arch1-1");
	assert_non_null(strstr(e->hardware, "VMware"));
	assert_int_equal(e->nr_trace, 3);
	assert_string_equal(e->trace[2], "vmballoon_work");
	assert_int_equal(kv_get(&e->mem_info, "dirty"), 56);
	assert_int_equal(kv_get(&e->mem_info, "free"), 34629);
	assert_int_equal(e->nr_node_stats, 1);
	assert_int_equal(kv_get(&e->node_stats[0], "shmem_thp"), 0);
	assert_int_equal(e->nr_zones, 1);
	z = &e->zones[0];
	assert_int_equal(z->node, 0);
	assert_string_equal(z->name, "Normal");
	assert_int_equal(oom_zone_field(z, "free"), 61900);
	assert_int_equal(oom_zone_field(z, "min"), 61948);
	assert_int_equal(oom_zone_field(z, "reserved_highatomic"), 0);
	assert_int_equal(z->nr_reserve, 5);
	assert_int_equal(z->nr_buddy, 3);
	assert_int_equal(z->buddy[1], 2120);
	assert_int_equal(z->buddy_total_kb, 62528);
	assert_int_equal(kv_get(&e->totals, "swap_total_kb"), 25165820);
	assert_int_equal(kv_get(&e->totals, "pages_ram"), 4115400);
	assert_int_equal(e->nr_tasks, 3);
	assert_int_equal(e->nr_task_cols, 8);
	assert_string_equal(oom_task_name(&e->tasks, 2), "tmux: client");
	assert_int_equal(oom_task_val(&e->tasks, 1, (size_t)oom_event_task_col(e, "rss")), 2308580);
	assert_int_equal(e->constraint, CONSTRAINT_GLOBAL);
	assert_string_equal(e->task_memcg, "/user.slice/user-504.slice/session-2.scope");
	assert_string_equal(e->summary_task, "dox,y gen"); /* a comm may hold commas */
	assert_int_equal(kv_get(&e->summary, "uid"), 504);
	assert_int_equal(e->victim_pid, 473206);
	assert_string_equal(e->victim_comm, "doxygen");
	assert_int_equal(kv_get(&e->victim, "anon_rss_kb"), 9234320);
	assert_int_equal(kv_get(&e->victim, "uid"), 504);
	assert_string_equal(e->kill_reason, "Out of memory");
	assert_true(e->reaped);
	assert_int_equal(kv_get(&e->reaper, "anon_rss_kb"), 0);
	/* where each part begins, for the lines a cause cites */
	assert_int_equal(e->part_line[OOM_PART_MEM_INFO], 12);
	assert_int_equal(e->part_line[OOM_PART_ZONES], 17);
	assert_int_equal(e->part_line[OOM_PART_SWAP], 21);
	assert_int_equal(e->part_line[OOM_PART_RAM], 23);
	assert_int_equal(e->part_line[OOM_PART_TASKS], 25);
	assert_int_equal(e->part_line[OOM_PART_MEMCG], 0);
	assert_int_equal(e->part_line[OOM_PART_KILL], 29);
	release(&s);
}

static void test_old_kernels(void **state)
{
	static const char *const lines[] = {
		/* 2.6.9: no comm in the header, protections[], no Call Trace: header */
		"oom-killer: gfp_mask=0xd0",
		"DMA per-cpu:",
		"cpu 0 hot: low 2, high 6, batch 1",
		"Free pages:        3168kB (0kB HighMem)",
		"Active:659 inactive:558 dirty:0 writeback:1 ",
		"unstable:0 free:792 slab:2429 mapped:1020 pagetables:390",
		"DMA free:1488kB min:20kB low:40kB high:60kB ",
		"active:0kB inactive:4kB present:16384kB",
		"protections[]: 10 358 358",
		"DMA: 14*4kB 3*8kB 0*16kB 0*32kB 0*64kB 1*128kB ",
		"1*256kB 0*512kB 1*1024kB 0*2048kB 0*4096kB = 1488kB",
		"Out of Memory: Killed process 2731 ",
		"(mozilla-bin).",
		/* RHEL 6: selection line, then the UID form */
		"php-fpm invoked oom-killer: gfp_mask=0x280da, order=0, oom_adj=0, oom_score_adj=0",
		"Pid: 23212, comm: php-fpm Not tainted 2.6.32-642.11.1.el6.x86_64 #1",
		"Out of memory: Kill process 40738 (mysqld) score 13 or sacrifice child",
		"Killed process 40738, UID 27, (mysqld) total-vm:3086596kB, anon-rss:13108kB, file-rss:4kB",
		NULL,
	};
	struct sink s;
	struct oom_event *e;

	(void)state;
	feed(&s, lines, true);
	assert_int_equal(s.nr, 2);
	e = s.ev[0];
	assert_true(e->complete);
	assert_null(e->trigger_comm);
	assert_string_equal(e->gfp_mask, "0xd0");
	assert_int_equal(e->order, MT_UNKNOWN);
	assert_int_equal(kv_get(&e->mem_info, "dirty"), 0);
	assert_int_equal(kv_get(&e->mem_info, "pagetables"), 390);
	assert_int_equal(oom_zone_field(&e->zones[0], "present"), 16384);
	assert_true(e->zones[0].reserve_is_protections);
	assert_int_equal(e->zones[0].nr_buddy, 11);
	assert_int_equal(e->zones[0].buddy_total_kb, 1488);
	assert_int_equal(e->victim_pid, 2731);
	assert_string_equal(e->victim_comm, "mozilla-bin");
	assert_string_equal(e->kill_reason, "Out of Memory");

	e = s.ev[1];
	assert_true(e->complete);
	assert_string_equal(e->kernel, "2.6.32-642.11.1.el6.x86_64");
	assert_int_equal(e->trigger_pid, 23212);
	assert_int_equal(e->oom_score_adj, 0);
	assert_string_equal(e->oom_adj_field, "oom_score_adj");
	assert_int_equal(e->selected_pid, 40738);
	assert_int_equal(e->selected_score, 13);
	assert_int_equal(e->victim_pid, 40738);
	assert_int_equal(kv_get(&e->victim, "uid"), 27);
	assert_int_equal(kv_get(&e->victim, "anon_rss_kb"), 13108);
	release(&s);
}

/*
 * A report whose start (the "invoked oom-killer" line) is not in the log:
 * the lines that would say global or not may be what is missing, so none
 * is assumed unless the global OOM killer's own words are there; with the
 * start and the global counters after it, where a cgroup's report would
 * have named its cgroup first, a report without a constraint line is
 * global; cut right after its start, it is not known.
 */
static void test_constraint_without_start(void **state)
{
	static const char *const headless[] = {
		"Killed process 40738, UID 27, (mysqld) total-vm:1120644kB, anon-rss:13108kB, file-rss:28kB",
		NULL,
	};
	static const char *const global_words[] = {
		"Out of memory: Kill process 40738 (mysqld) score 13 or sacrifice child",
		"Killed process 40738, UID 27, (mysqld) total-vm:1120644kB, anon-rss:13108kB, file-rss:28kB",
		NULL,
	};
	static const char *const whole[] = {
		"mysqld invoked oom-killer: gfp_mask=0x201da, order=0, oom_score_adj=0",
		"Out of memory: Kill process 40738 (mysqld) score 13 or sacrifice child",
		"Killed process 40738, UID 27, (mysqld) total-vm:1120644kB, anon-rss:13108kB, file-rss:28kB",
		NULL,
	};
	static const char *const cut_after_start[] = {
		"mysqld invoked oom-killer: gfp_mask=0x201da, order=0, oom_score_adj=0",
		NULL,
	};
	static const char *const start_and_counters[] = {
		"mysqld invoked oom-killer: gfp_mask=0x201da, order=0, oom_score_adj=0",
		"Mem-Info:",
		"active_anon:1850817 inactive_anon:115 isolated_anon:0",
		NULL,
	};
	struct sink s;

	(void)state;
	feed(&s, cut_after_start, true);
	assert_int_equal(s.nr, 1);
	assert_true(s.ev[0]->header_seen);
	assert_int_equal(s.ev[0]->constraint, CONSTRAINT_UNKNOWN);
	release(&s);
	feed(&s, start_and_counters, true);
	assert_int_equal(s.nr, 1);
	assert_int_equal(s.ev[0]->constraint, CONSTRAINT_GLOBAL);
	release(&s);
	feed(&s, headless, true);
	assert_int_equal(s.nr, 1);
	assert_false(s.ev[0]->header_seen);
	assert_int_equal(s.ev[0]->constraint, CONSTRAINT_UNKNOWN);
	release(&s);
	feed(&s, global_words, true);
	assert_int_equal(s.nr, 1);
	assert_false(s.ev[0]->header_seen);
	assert_int_equal(s.ev[0]->constraint, CONSTRAINT_GLOBAL);
	release(&s);
	feed(&s, whole, true);
	assert_int_equal(s.nr, 1);
	assert_true(s.ev[0]->header_seen);
	assert_int_equal(s.ev[0]->constraint, CONSTRAINT_GLOBAL);
	release(&s);
}

static void test_memcg_and_panic(void **state)
{
	static const char *const lines[] = {
		/* starts mid-report, as pastes do */
		"Task in /docker/abc killed as a result of limit of /docker/abc",
		"memory: usage 4194304kB, limit 4194304kB, failcnt 1152",
		"memory+swap: usage 4194304kB, limit 9007199254740988kB, failcnt 0",
		"Memory cgroup stats for /docker/abc: cache:0KB rss:4194040KB mapped_file:0KB",
		"Memory cgroup out of memory: Kill process 76756 (java) score 1001 or sacrifice child",
		"Killed process 76513 (java) total-vm:7360592kB, anon-rss:4191428kB, file-rss:0kB",
		/* panic_on_oom */
		"kworker invoked oom-killer: gfp_mask=0xd0, order=0, oom_score_adj=0",
		"Out of memory: system-wide panic_on_oom is enabled",
		"Kernel panic - not syncing: Out of memory: system-wide panic_on_oom is enabled",
		/* a panic that is not about memory is not an event */
		"Kernel panic - not syncing: Fatal exception in interrupt",
		NULL,
	};
	struct sink s;
	struct oom_event *e;

	(void)state;
	feed(&s, lines, true);
	assert_int_equal(s.nr, 2);
	e = s.ev[0];
	assert_false(e->complete);
	assert_false(e->header_seen);
	assert_int_equal(e->constraint, CONSTRAINT_MEMCG);
	assert_string_equal(e->cgroup, "/docker/abc");
	assert_int_equal(kv_get(&e->memcg, "memory_limit_kb"), 4194304);
	assert_int_equal(kv_get(&e->memcg, "memory_failcnt"), 1152);
	assert_int_equal(kv_get(&e->memcg, "memsw_limit_kb"), 9007199254740988LL);
	assert_int_equal(e->nr_memcg_stats, 1);
	assert_int_equal(kv_get(&e->memcg_stats[0].stats, "rss"), 4194040);
	assert_int_equal(e->selected_pid, 76756);
	assert_int_equal(e->victim_pid, 76513);
	e = s.ev[1];
	assert_int_equal(e->type, OOM_PANIC);
	assert_true(e->complete);
	assert_string_equal(e->trigger_comm, "kworker");
	assert_non_null(strstr(e->panic, "panic_on_oom"));
	release(&s);
}

static void test_cut_and_broken(void **state)
{
	static const char *const lines[] = {
		"a invoked oom-killer: gfp_mask=0x0(), order=-1, oom_score_adj=0",
		"Mem-Info:",
		/* a second header before the first report ended */
		"b invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0",
		"swapper/0: page allocation failure: order:2, mode:0x4020",
		"Mem-Info:",
		"Free swap  = 0kB",
		"Total swap = 0kB",
		"eth0: link up",
		"c invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=99999999999999999999",
		"Mem-Info:",
		NULL,
	};
	struct sink s;

	(void)state;
	feed(&s, lines, true);
	assert_int_equal(s.nr, 4);
	assert_true(s.ev[0]->sysrq);
	assert_false(s.ev[0]->complete);
	assert_non_null(strstr(s.ev[0]->incomplete_why, "new report"));
	assert_false(s.ev[1]->complete);
	assert_int_equal(s.ev[2]->type, OOM_ALLOC_FAILURE);
	assert_true(s.ev[2]->complete);
	assert_string_equal(s.ev[2]->trigger_comm, "swapper/0");
	assert_int_equal(s.ev[2]->order, 2);
	assert_int_equal(s.ev[3]->oom_score_adj, MT_UNKNOWN); /* 20 digits: not a number */
	assert_false(s.ev[3]->complete);
	assert_non_null(strstr(s.ev[3]->incomplete_why, "log ends"));
	release(&s);
}

static void test_foreign_lines(void **state)
{
	const char *lines[OOM_RECENT + 60];
	struct sink s;
	size_t n = 0, i;

	(void)state;
	lines[n++] = "x invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0";
	for (i = 0; i < 45; i++)
		lines[n++] = "usb 1-1: new high-speed USB device";
	lines[n++] = NULL;
	feed(&s, lines, true);
	assert_int_equal(s.nr, 1);
	assert_false(s.ev[0]->complete);
	assert_non_null(strstr(s.ev[0]->incomplete_why, "breaks off"));
	release(&s);
}

/* A kill line alone, as in a paste of its last lines: still an event. */
static void test_lone_kill(void **state)
{
	static const char *const lines[] = {
		"eth0: link up",
		"Out of memory: Killed process 66 (early)",
		NULL,
	};
	struct sink s;

	(void)state;
	feed(&s, lines, true);
	assert_int_equal(s.nr, 1);
	assert_int_equal(s.ev[0]->victim_pid, 66);
	assert_string_equal(s.ev[0]->victim_comm, "early");
	assert_false(s.ev[0]->complete);
	assert_int_equal(s.ev[0]->src.line, 2);
	release(&s);
}

/*
 * A log that begins inside the task table: its rows without the header,
 * then the kill lines.  The rows are the table when the victim is among
 * them, right before the kill, and the era of their columns is told.
 */
static void test_headerless_table(void **state)
{
	static const struct {
		const char *lines[6];
		const char *cols;            /* the columns read, or NULL: no table */
		size_t rows;
		int64_t last_rss;            /* the last row's rss, its name the victim's */
	} cases[] = {
		{ { /* RHEL 6: its kill line names the era of the 7 numbers */
		    "[ 2417]     0  2417    27118      118   0       0             0 bash",
		    "[ 2301]   500  2301   412345   201234   1       0             0 tomcat",
		    "Out of memory: Kill process 2301 (tomcat) score 412 or sacrifice child",
		    "Killed process 2301, UID 500, (tomcat) total-vm:1649380kB, anon-rss:804936kB, file-rss:0kB" },
		  "pid uid tgid total_vm rss cpu oom_adj oom_score_adj", 2, 201234 },
		{ { /* 4.19+: "[%7d]", and the 5.4+ kill line */
		    "[    845]     0   845    56789     1523   458752        0         -1000 sshd",
		    "[   1234]  1000  1234  7572670  2308580 60686336        0             0 python3",
		    "oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/user.slice,task=python3,pid=1234,uid=1000",
		    "Out of memory: Killed process 1234 (python3) total-vm:30290680kB, anon-rss:9234320kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:59264kB oom_score_adj:0" },
		  "pid uid tgid total_vm rss pgtables_bytes swapents oom_score_adj", 2, 2308580 },
		{ { /* 4.0-4.14: 8 numbers after the pid */
		    "[ 3301]   999  3301  1583219   988123    2011       9        0             0 mysqld",
		    "Out of memory: Kill process 3301 (mysqld) score 941 or sacrifice child",
		    "Killed process 3301 (mysqld) total-vm:6332876kB, anon-rss:3952492kB, file-rss:0kB, shmem-rss:0kB" },
		  "pid uid tgid total_vm rss nr_ptes nr_pmds swapents oom_score_adj", 1, 988123 },
		{ { /* 3.6-3.19 or 4.15-4.18: 7 numbers, nothing tells which */
		    "[ 3301]   999  3301  1583219   988123    2011        0             0 mysqld",
		    "Out of memory: Kill process 3301 (mysqld) score 941 or sacrifice child",
		    "Killed process 3301 (mysqld) total-vm:6332876kB, anon-rss:3952492kB, file-rss:0kB" },
		  NULL, 0, 0 },
		{ { /* the victim is not among the rows: another table's tail */
		    "[ 2417]     0  2417    27118      118   0       0             0 bash",
		    "Out of memory: Kill process 2301 (tomcat) score 412 or sacrifice child",
		    "Killed process 2301, UID 500, (tomcat) total-vm:1649380kB, anon-rss:804936kB, file-rss:0kB" },
		  NULL, 0, 0 },
		{ { /* rows long before the kill */
		    "[ 2301]   500  2301   412345   201234   1       0             0 tomcat",
		    "eth0: link up", "eth0: link down", "eth0: link up", "eth0: link down",
		    "Killed process 2301, UID 500, (tomcat) total-vm:1649380kB, anon-rss:804936kB, file-rss:0kB" },
		  NULL, 0, 0 },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const char *lines[ARRAY_SIZE(cases[i].lines) + 1] = { 0 };
		struct strbuf cols = STRBUF_INIT;
		struct sink s;
		struct oom_event *e;

		print_message("case %zu\n", i);
		memcpy(lines, cases[i].lines, sizeof(cases[i].lines));
		feed(&s, lines, true);
		assert_int_equal(s.nr, 1);
		e = s.ev[0];
		for (size_t c = 0; c < e->nr_task_cols; c++)
			strbuf_addf(&cols, "%s%s", c ? " " : "", e->task_cols[c]);
		assert_string_equal(cols.buf, cases[i].cols ? cases[i].cols : "");
		assert_int_equal(e->nr_tasks, cases[i].rows);
		assert_int_equal(e->tasks_headerless, cases[i].rows > 0);
		if (e->nr_tasks) {
			size_t last = e->nr_tasks - 1;
			size_t rss = (size_t)oom_event_task_col(e, "rss");

			assert_int_equal(oom_task_val(&e->tasks, last, 0), e->victim_pid);
			assert_int_equal(oom_task_val(&e->tasks, last, rss), cases[i].last_rss);
			assert_string_equal(oom_task_name(&e->tasks, last), e->victim_comm);
		}
		strbuf_release(&cols);
		release(&s);
	}
}

/*
 * A 4.14 ARM32 report as a mail client wrapped it (the layout of corpus 23):
 * the header, the CPU line, the node line, a buddy line, and the frames'
 * saved registers, which look like counters.
 */
static void test_mail_wrapped_4_14(void **state)
{
	static const char *const lines[] = {
		"kworker/u8:1 invoked oom-killer:",
		"gfp_mask=0x15080c0(GFP_KERNEL_ACCOUNT|__GFP_ZERO), nodemask=(null),",
		" order=1, oom_score_adj=0",
		"CPU: 1 PID: 61 Comm: kworker/u8:1 Tainted: G           O",
		" 4.14.65 #12",
		"[<c020debc>] (show_stack) from [<c0ba8cf0>]",
		"(dump_stack+0x94/0xa8)",
		" r6:600f0113 r5:c141c0dc r4:00000000 r3:cf08b34d",
		"Mem-Info:",
		"active_anon:90211 inactive_anon:130 isolated_anon:0",
		" active_file:611 inactive_file:590 isolated_file:32",
		" mapped:1702 shmem:190 pagetables:4390 bounce:0",
		"Node 0 active_anon:360844kB inactive_anon:520kB",
		"active_file:2444kB inactive_file:2360kB unevictable:2560kB",
		"isolated(anon):0kB isolated(file):128kB mapped:6808kB dirty:0kB writeback:0kB",
		"shmem:760kB writeback_tmp:0kB unstable:0kB all_unreclaimable? no",
		"HighMem free:545900kB min:512kB low:34024kB high:48808kB",
		"lowmem_reserve[]: 0 0 0 0",
		"HighMem: 8000*4kB (C) 7700*8kB (C) 4300*16kB (C) 2300*32kB",
		"(C) 1300*64kB (C) 0*128kB = 319200kB",
		NULL,
	};
	struct sink s;
	struct oom_event *e;
	const struct oom_zone *z;

	(void)state;
	feed(&s, lines, true);
	assert_int_equal(s.nr, 1);
	e = s.ev[0];
	assert_string_equal(e->gfp_mask, "0x15080c0");
	assert_int_equal(e->order, 1);
	assert_int_equal(e->oom_score_adj, 0);
	assert_string_equal(e->kernel, "4.14.65");
	assert_int_equal(kv_get(&e->mem_info, "active_file"), 611); /* pages, not the node line's kB */
	assert_int_equal(kv_get(&e->mem_info, "shmem"), 190);
	assert_int_equal(kv_get(&e->mem_info, "r6"), MT_UNKNOWN);
	assert_int_equal(kv_get(&e->node_stats[0], "shmem"), 760);
	assert_int_equal(kv_get(&e->node_stats[0], "isolated(file)"), 128);
	z = &e->zones[0];
	assert_int_equal(z->nr_buddy, 6);
	assert_int_equal(z->buddy[4], 1300);
	assert_true(z->buddy_typed);
	assert_int_equal(z->buddy_types[3], OOM_MT_CMA); /* "(C)" at the start of the next line */
	assert_int_equal(z->buddy_types[5], 0);
	assert_int_equal(z->buddy_total_kb, 319200);
	release(&s);
}

/* The lines of an allocation failure report of 2.6.2x, as corpus 06 prints them. */
#define ALLOC_FAILURE_2_6_2X \
	"swapper: page allocation failure. order:1, mode:0x4020", \
	"Mem-info:", \
	"Normal free:1304kB min:2788kB low:3484kB high:4180kB active:333668kB inactive:140984kB present:502860kB pages_scanned:940 all_unreclaimable? no", \
	"Free swap  = 409648kB", \
	"Total swap = 465844kB", \
	"130800 pages of RAM"

/* Every era's count of what a rate limit held back: its name and number. */
static void test_suppressed_forms(void **state)
{
	static const struct {
		const char *line, *name;
		int64_t count;
	} cases[] = {
		{ "printk: 10696059 messages suppressed.", "printk", 10696059 },
		{ "__ratelimit: 14 callbacks suppressed", "__ratelimit", 14 },
		{ "oom_kill_process: 3 callbacks suppressed", "oom_kill_process", 3 },
		{ "warn_alloc: 12 callbacks suppressed", "warn_alloc", 12 },
		{ "net_ratelimit: 5 callbacks suppressed", "net_ratelimit", 5 },
		{ "callbacks suppressed", NULL, 0 },
		{ "x: callbacks suppressed", NULL, 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const char *lines[] = { cases[i].line, NULL };
		struct sink s;

		print_message("case %zu: '%s'\n", i, cases[i].line);
		feed(&s, lines, true);
		assert_int_equal(s.nr, 0);
		assert_int_equal(s.nr_notes, cases[i].name ? 1 : 0);
		if (cases[i].name) {
			assert_int_equal(s.notes[0]->kind, NOTE_SUPPRESSED);
			assert_string_equal(s.notes[0]->text, cases[i].name);
			assert_int_equal(s.notes[0]->count, cases[i].count);
			assert_false(s.notes[0]->oom);
		}
		release(&s);
	}
}

/* A count right before a report is that report's; one far from any is the host's only. */
static void test_suppressed_before_report(void **state)
{
	static const char *const lines[] = {
		"printk: 414349 messages suppressed.",
		ALLOC_FAILURE_2_6_2X,
		"eth0: link up",
		"eth0: link down",
		"net_ratelimit: 5 callbacks suppressed",
		"eth0: link up",
		"eth0: link down",
		"eth0: link up",
		"eth0: link down",
		"eth0: link up",
		ALLOC_FAILURE_2_6_2X,
		NULL,
	};
	struct sink s;

	(void)state;
	feed(&s, lines, true);
	assert_int_equal(s.nr, 2);
	assert_int_equal(s.ev[0]->suppressed_before, 414349);
	assert_string_equal(s.ev[0]->suppressed_by, "printk");
	assert_int_equal(s.ev[1]->suppressed_before, MT_UNKNOWN);
	assert_null(s.ev[1]->suppressed_by);
	assert_int_equal(s.nr_notes, 2);
	assert_true(s.notes[0]->oom);
	assert_int_equal(s.notes[0]->src.line, 1);
	assert_string_equal(s.notes[1]->text, "net_ratelimit");
	assert_false(s.notes[1]->oom);
	release(&s);
}

/* SysRq-f on 3.10: order=0, and the SysRq line right before is what says it was forced. */
static void test_sysrq_line(void **state)
{
	static const char *const lines[] = {
		"SysRq : Manual OOM execution",
		"kworker/5:2 invoked oom-killer: gfp_mask=0xd0, order=0, oom_score_adj=0",
		"Killed process 2231 (java) total-vm:17600448kB, anon-rss:13909512kB, file-rss:12136kB, shmem-rss:0kB",
		"sysrq: SysRq : Manual OOM execution",
		"eth0: link up",
		"eth0: link down",
		"eth0: link up",
		"eth0: link down",
		"eth0: link up",
		"java invoked oom-killer: gfp_mask=0x201da, order=0, oom_score_adj=0",
		"Killed process 2254 (java) total-vm:17600448kB, anon-rss:13909512kB, file-rss:12136kB, shmem-rss:0kB",
		"sysrq: Manual OOM execution",
		"kworker/0:2 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0",
		NULL,
	};
	struct sink s;

	(void)state;
	feed(&s, lines, true);
	assert_int_equal(s.nr, 3);
	assert_true(s.ev[0]->sysrq);
	assert_int_equal(s.ev[0]->order, 0);
	assert_int_equal(s.ev[0]->sysrq_src.line, 1);
	assert_false(s.ev[1]->sysrq); /* six lines after the SysRq line: not its report */
	assert_int_equal(s.ev[1]->sysrq_src.line, 0);
	assert_true(s.ev[2]->sysrq);
	assert_int_equal(s.ev[2]->sysrq_src.line, 12);
	assert_int_equal(s.nr_notes, 0);
	release(&s);
}

/* A panic not for memory is noted, and cuts the report printed in its shadow (corpus 40). */
static void test_other_panic(void **state)
{
	static const char *const lines[] = {
		"Kernel panic - not syncing: corrupted stack end detected inside scheduler",
		"CPU: 1 PID: 7 Comm: kworker/u4:0 Not tainted 4.20.0+ #252",
		"Call Trace:",
		" dump_stack+0x1d3/0x2c6",
		"syz-executor642 invoked oom-killer: gfp_mask=0x6202c2(GFP_HIGHUSER|__GFP_NOWARN), nodemask=(null), order=0, oom_score_adj=1000",
		"syz-executor642 cpuset=syz4 mems_allowed=0-1",
		"Kernel Offset: disabled",
		"Rebooting in 86400 seconds..",
		NULL,
	};
	static const char *const own[] = {
		"Kernel panic - not syncing: Out of memory: system-wide panic_on_oom is enabled",
		NULL,
	};
	struct sink s;

	(void)state;
	feed(&s, lines, true);
	assert_int_equal(s.nr, 1);
	assert_string_equal(s.ev[0]->other_panic, "corrupted stack end detected inside scheduler");
	assert_non_null(strstr(s.ev[0]->incomplete_why, "panicked, not for memory"));
	assert_int_equal(s.nr_notes, 1);
	assert_int_equal(s.notes[0]->kind, NOTE_PANIC);
	assert_false(s.notes[0]->oom);
	assert_int_equal(s.notes[0]->src.line, 1);
	release(&s);

	feed(&s, own, true);
	assert_int_equal(s.nr, 1);
	assert_int_equal(s.ev[0]->type, OOM_PANIC);
	assert_null(s.ev[0]->other_panic); /* the OOM killer's own panic is no other */
	assert_int_equal(s.nr_notes, 1);
	assert_true(s.notes[0]->oom);
	assert_string_equal(s.notes[0]->text, "Out of memory: system-wide panic_on_oom is enabled");
	release(&s);
}

/* Two NUMA nodes' Normal zones stay two zones (corpus 03, RHEL 7). */
static void test_numa_zones(void **state)
{
	static const char *const lines[] = {
		"sed invoked oom-killer: gfp_mask=0x201da, order=0, oom_score_adj=0",
		"Mem-Info:",
		"Node 0 DMA free:15872kB min:40kB low:48kB high:60kB present:15992kB managed:15908kB all_unreclaimable? yes",
		"lowmem_reserve[]: 0 2780 15835 15835",
		"Node 0 Normal free:36692kB min:36784kB low:45980kB high:55176kB present:13631488kB managed:13368348kB all_unreclaimable? no",
		"lowmem_reserve[]: 0 0 0 0",
		"Node 1 Normal free:49436kB min:45444kB low:56804kB high:68164kB present:16777212kB managed:16514220kB all_unreclaimable? yes",
		"lowmem_reserve[]: 0 0 0 0",
		"Node 0 Normal: 1231*4kB (UEM) 391*8kB (UEM) 456*16kB (UEM) = 38260kB",
		"Node 1 Normal: 2245*4kB (UEM) 732*8kB (UEM) 594*16kB (UEM) = 50836kB",
		NULL,
	};
	struct sink s;

	(void)state;
	feed(&s, lines, true);
	assert_int_equal(s.nr, 1);
	assert_int_equal(s.ev[0]->nr_zones, 3);
	assert_int_equal(s.ev[0]->zones[1].node, 0);
	assert_string_equal(s.ev[0]->zones[1].name, "Normal");
	assert_int_equal(oom_zone_field(&s.ev[0]->zones[1], "free"), 36692);
	assert_int_equal(s.ev[0]->zones[1].buddy_total_kb, 38260);
	assert_int_equal(s.ev[0]->zones[2].node, 1);
	assert_string_equal(s.ev[0]->zones[2].name, "Normal");
	assert_int_equal(oom_zone_field(&s.ev[0]->zones[2], "free"), 49436);
	assert_int_equal(s.ev[0]->zones[2].buddy_total_kb, 50836);
	release(&s);
}

/*
 * A task table pasted twice into the log (a report copied from a console
 * with the screen before it): each row once, where it first came.
 */
static void test_table_pasted_twice(void **state)
{
	static const char *const lines[] = {
		"doxygen invoked oom-killer: gfp_mask=0x140dca(GFP_HIGHUSER_MOVABLE|__GFP_COMP|__GFP_ZERO), order=0, oom_score_adj=0",
		"CPU: 3 PID: 473206 Comm: doxygen Not tainted 6.1.1-arch1-1 #1 a2d6f3a0",
		"Tasks state (memory values in pages):",
		"[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name",
		"[    246]     0   246    16404       66   159744      303          -250 systemd-journal",
		"[    999]     0   999      100       10    40960        0             0 tmux: client",
		"[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name",
		"[    246]     0   246    16404       66   159744      303          -250 systemd-journal",
		"[    999]     0   999      100       10    40960        0             0 tmux: client",
		"[ 473206]   504 473206 7572670  2308580 60686336  1030270             0 doxygen",
		"oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/user.slice/user-504.slice/session-2.scope,task=doxygen,pid=473206,uid=504",
		"Out of memory: Killed process 473206 (doxygen) total-vm:30290680kB, anon-rss:9234320kB, file-rss:4kB, shmem-rss:0kB, UID:504 pgtables:59264kB oom_score_adj:0",
		NULL,
	};
	static const int64_t pids[] = { 246, 999, 473206 };
	struct sink s;
	struct oom_event *e;
	size_t adj;

	(void)state;
	feed(&s, lines, true);
	assert_int_equal(s.nr, 1);
	e = s.ev[0];
	assert_int_equal(e->nr_tasks, ARRAY_SIZE(pids));
	for (size_t i = 0; i < ARRAY_SIZE(pids); i++)
		assert_int_equal(oom_task_val(&e->tasks, i, 0), pids[i]);
	adj = (size_t)oom_event_task_col(e, "oom_score_adj");
	assert_int_equal(oom_task_val(&e->tasks, 0, adj), -250);
	assert_int_equal(oom_task_val(&e->tasks, 2, (size_t)oom_event_task_col(e, "pgtables_bytes")),
			 60686336);
	assert_string_equal(oom_task_name(&e->tasks, 1), "tmux: client");
	assert_int_equal(e->tasks_dropped, 0);
	release(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_modern_global),
		cmocka_unit_test(test_old_kernels),
		cmocka_unit_test(test_memcg_and_panic),
		cmocka_unit_test(test_constraint_without_start),
		cmocka_unit_test(test_cut_and_broken),
		cmocka_unit_test(test_foreign_lines),
		cmocka_unit_test(test_lone_kill),
		cmocka_unit_test(test_headerless_table),
		cmocka_unit_test(test_mail_wrapped_4_14),
		cmocka_unit_test(test_suppressed_forms),
		cmocka_unit_test(test_suppressed_before_report),
		cmocka_unit_test(test_sysrq_line),
		cmocka_unit_test(test_other_panic),
		cmocka_unit_test(test_numa_zones),
		cmocka_unit_test(test_table_pasted_twice),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
