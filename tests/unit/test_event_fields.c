/*
 * The event fields rules test, computed from reports as the kernel printed
 * them: the zones an allocation may use and the memory no counter holds.
 */
#include "engine/event_fields.h"
#include "oom/oom_parse.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

/* 2.6.11-era x86_64: a GFP_KERNEL|__GFP_DMA request with DMA under min and 174 MiB free in Normal */
static const char *const dma_only[] = {
	"oom-killer: gfp_mask=0xd1",
	"Free pages:      178168kB (0kB HighMem)",
	"Active:121906 inactive:43104 dirty:1210 writeback:0 unstable:0 free:44542 slab:7012 mapped:98112 pagetables:2214",
	"DMA free:48kB min:60kB low:72kB high:88kB active:0kB inactive:12kB present:16384kB pages_scanned:1390 all_unreclaimable? yes",
	"protections[]: 0 0 0",
	"Normal free:178120kB min:4028kB low:5032kB high:6040kB active:487624kB inactive:172404kB present:1031360kB pages_scanned:0 all_unreclaimable? no",
	"protections[]: 0 0 0",
	"HighMem free:0kB min:128kB low:160kB high:192kB active:0kB inactive:0kB present:0kB pages_scanned:0 all_unreclaimable? no",
	"protections[]: 0 0 0",
	"Out of Memory: Killed process 4411 (thunderbird-bin).",
	NULL,
};

/* 2.6.8: protections[] that hold the zones' low watermarks; 96 % of the memory in no counter */
#define LEAK_2_6_8(gfp) \
	"oom-killer: gfp_mask=" gfp, \
	"Active:659 inactive:558 dirty:0 writeback:1 unstable:0 free:792 slab:2429 mapped:1020 pagetables:390", \
	"DMA free:1488kB min:20kB low:40kB high:60kB active:0kB inactive:4kB present:16384kB", \
	"protections[]: 10 358 358", \
	"Normal free:1680kB min:696kB low:1392kB high:2088kB active:2636kB inactive:2228kB present:507136kB", \
	"protections[]: 0 348 348", \
	"HighMem free:0kB min:128kB low:256kB high:384kB active:0kB inactive:0kB present:0kB", \
	"protections[]: 0 0 0", \
	"Out of Memory: Killed process 2731 (mozilla-bin).", NULL
static const char *const leak_highuser[] = { LEAK_2_6_8("0xd2") };
static const char *const leak_dma32[] = { LEAK_2_6_8("0xd4") };

/*
 * 4.14 ARM32: lowmem (DMA) above min, HighMem free but all CMA; the Normal zone is configured,
 * not populated.  The buddy lines name each order's migrate types; HighMem's wrapped by a mail client.
 */
#define DMA_BUDDY_UH "DMA: 60*4kB (UEH) 40*8kB (UH) 12*16kB (UMH) 3*32kB (H) 1*64kB (H) 0*128kB 0*256kB 0*512kB 0*1024kB 0*2048kB 0*4096kB 0*8192kB 0*16384kB = 912kB"
#define DMA_BUDDY_H "DMA: 60*4kB (UEH) 40*8kB (H) 12*16kB (H) 3*32kB (H) 1*64kB (H) 0*128kB 0*256kB 0*512kB 0*1024kB 0*2048kB 0*4096kB 0*8192kB 0*16384kB = 912kB"
#define DMA_BUDDY_U "DMA: 60*4kB (UE) 40*8kB (U) 12*16kB (UM) 3*32kB (U) 1*64kB (U) 0*128kB 0*256kB 0*512kB 0*1024kB 0*2048kB 0*4096kB 0*8192kB 0*16384kB = 912kB"
#define ARM32_CMA(gfp) ARM32_CMA_BUDDY(gfp, DMA_BUDDY_UH)
#define ARM32_CMA_BUDDY(gfp, dma_buddy) \
	"kworker/u8:2 invoked oom-killer: gfp_mask=" gfp ", nodemask=(null),  order=1, oom_score_adj=0", \
	"active_anon:97307 inactive_anon:124 isolated_anon:0", \
	" active_file:583 inactive_file:575 isolated_file:64", \
	" unevictable:638 dirty:0 writeback:0 unstable:0", \
	" slab_reclaimable:4681 slab_unreclaimable:7808", \
	" mapped:1656 shmem:182 pagetables:4482 bounce:0", \
	" free:143605 free_pcp:230 free_cma:139244", \
	"DMA free:17960kB min:16384kB low:25664kB high:29760kB active_anon:3556kB inactive_anon:0kB active_file:280kB inactive_file:28kB unevictable:0kB writepending:0kB present:458752kB managed:422896kB mlocked:0kB kernel_stack:6496kB pagetables:9904kB bounce:0kB free_pcp:348kB local_pcp:0kB free_cma:0kB", \
	"lowmem_reserve[]: 0 0 579 579", \
	"HighMem free:553472kB min:512kB low:34024kB high:48808kB active_anon:385672kB inactive_anon:496kB active_file:1820kB inactive_file:5284kB unevictable:2552kB writepending:0kB present:1526784kB managed:1526784kB mlocked:2552kB kernel_stack:0kB pagetables:7272kB bounce:0kB free_pcp:324kB local_pcp:0kB free_cma:553588kB", \
	"lowmem_reserve[]: 0 0 0 0", \
	dma_buddy, \
	"HighMem: 100*4kB (C) 50*8kB", \
	"(C) 20*16kB (C) 0*32kB 0*64kB 0*128kB 0*256kB 0*512kB 0*1024kB 0*2048kB 0*4096kB 0*8192kB 0*16384kB = 1120kB", \
	"496384 pages RAM", \
	"8964 pages reserved", NULL
static const char *const arm_kernel[] = { ARM32_CMA("0x15080c0(GFP_KERNEL_ACCOUNT|__GFP_ZERO)") };
static const char *const arm_kernel_u[] = { ARM32_CMA_BUDDY("0x15080c0(GFP_KERNEL_ACCOUNT|__GFP_ZERO)", DMA_BUDDY_U) };
static const char *const arm_kernel_h[] = { ARM32_CMA_BUDDY("0x15080c0(GFP_KERNEL_ACCOUNT|__GFP_ZERO)", DMA_BUDDY_H) };
static const char *const arm_movable[] = { ARM32_CMA("0x14200ca(GFP_HIGHUSER_MOVABLE)") };
static const char *const arm_highuser[] = { ARM32_CMA("0x14200c2(GFP_HIGHUSER)") };

/* 3.10 x86_64: a __GFP_DMA32 request meets the DMA zone's reserve for DMA32, 2959 pages */
#define X86_64_DMA32(dma_free) \
	"java invoked oom-killer: gfp_mask=0x200d4, order=0, oom_score_adj=0", \
	"Node 0 DMA free:" dma_free "kB min:132kB low:165kB high:198kB present:15992kB managed:15908kB", \
	"lowmem_reserve[]: 0 2959 7949 7949", \
	"Node 0 DMA32 free:26740kB min:25108kB low:31385kB high:37662kB present:3129280kB managed:3030184kB", \
	"lowmem_reserve[]: 0 0 4990 4990", \
	"Node 0 Normal free:4012120kB min:42344kB low:52930kB high:63516kB present:5242880kB managed:5110140kB", \
	"lowmem_reserve[]: 0 0 0 0", NULL
static const char *const dma32_short[] = { X86_64_DMA32("11000") };
static const char *const dma32_short_buddy[] = {
	"java invoked oom-killer: gfp_mask=0x200d4, order=2, oom_score_adj=0",
	"Node 0 DMA free:11000kB min:132kB low:165kB high:198kB present:15992kB managed:15908kB",
	"lowmem_reserve[]: 0 2959 7949 7949",
	"Node 0 DMA32 free:26740kB min:25108kB low:31385kB high:37662kB present:3129280kB managed:3030184kB",
	"lowmem_reserve[]: 0 0 4990 4990",
	"Node 0 DMA: 2*4kB (U) 1*8kB (U) 1*16kB (U) 1*32kB (U) 1*64kB (U) 1*128kB (U) 0*256kB 1*512kB (U) 0*1024kB 1*2048kB (M) 2*4096kB (M) = 11000kB",
	"Node 0 DMA32: 5905*4kB (UEM) 382*8kB (UEM) 2*16kB (UM) 1*32kB (M) 0*64kB 0*128kB 0*256kB 0*512kB 0*1024kB 0*2048kB 0*4096kB = 26740kB",
	NULL,
};
static const char *const dma32_ok[] = { X86_64_DMA32("15900") };

/* 5.15: the high-order atomic reserve (reserved_highatomic, capital KB) is out of reach of an OOM's request */
static const char *const highatomic[] = {
	"postgres invoked oom-killer: gfp_mask=0x1100cca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0",
	"Node 0 Normal free:63000kB min:61948kB low:75384kB high:88820kB reserved_highatomic:4096KB active_anon:5653768kB inactive_anon:6036764kB active_file:0kB inactive_file:0kB unevictable:0kB writepending:0kB present:13096960kB managed:12774792kB mlocked:0kB bounce:0kB free_pcp:0kB local_pcp:0kB free_cma:0kB",
	"lowmem_reserve[]: 0 0 0 0 0",
	NULL,
};

/* 2.6.2x: an atomic order-1 failure; the buddy line names no migrate types */
static const char *const atomic_untyped[] = {
	"swapper: page allocation failure. order:1, mode:0x4020",
	"Normal free:1304kB min:788kB low:985kB high:1182kB active:333668kB inactive:140984kB present:502860kB pages_scanned:940 all_unreclaimable? no",
	"lowmem_reserve[]: 0 0",
	"Normal: 200*4kB 3*8kB 2*16kB 1*32kB 0*64kB 0*128kB 0*256kB 0*512kB 0*1024kB 0*2048kB 0*4096kB = 888kB",
	NULL,
};

/* 2.6.11-era: a GFP_DMA request (no order printed) with DMA above min, its free blocks 16 kB at most */
static const char *const dma_small_blocks[] = {
	"oom-killer: gfp_mask=0xd1",
	"Free pages:      215112kB (0kB HighMem)",
	"Active:97117 inactive:15986 dirty:2693 writeback:0 unstable:0 free:53778 slab:6223 mapped:85471 pagetables:1948",
	"DMA free:4152kB min:60kB low:72kB high:88kB active:0kB inactive:0kB present:16384kB pages_scanned:0 all_unreclaimable? no",
	"protections[]: 0 0 0",
	"Normal free:210960kB min:4028kB low:5032kB high:6040kB active:388468kB inactive:63944kB present:1031360kB pages_scanned:0 all_unreclaimable? no",
	"protections[]: 0 0 0",
	"HighMem free:0kB min:128kB low:160kB high:192kB active:0kB inactive:0kB present:0kB pages_scanned:0 all_unreclaimable? no",
	"protections[]: 0 0 0",
	"DMA: 524*4kB 125*8kB 66*16kB 0*32kB 0*64kB 0*128kB 0*256kB 0*512kB 0*1024kB 0*2048kB 0*4096kB = 4152kB",
	"Normal: 29382*4kB 8689*8kB 669*16kB 91*32kB 29*64kB 10*128kB 4*256kB 4*512kB 0*1024kB 2*2048kB 0*4096kB = 210960kB",
	"HighMem: empty",
	"Out of Memory: Killed process 12909 (xmms).",
	NULL,
};

/* 3.10: an order-2 atomic failure the report lacks nothing of; its figures fit no cause */
static const char *const failure_whole[] = {
	"kworker/0:1: page allocation failure: order:2, mode:0x4020",
	"Mem-Info:",
	"active_anon:612000 inactive_anon:41000 isolated_anon:0",
	" active_file:210000 inactive_file:198000 isolated_file:0",
	" unevictable:0 dirty:120 writeback:0 unstable:0",
	" free:103000 slab_reclaimable:21000 slab_unreclaimable:9000",
	" mapped:8100 shmem:1200 pagetables:3100 bounce:0",
	" free_cma:0",
	"Node 0 Normal free:412000kB min:42344kB low:52930kB high:63516kB present:5242880kB managed:5110140kB",
	"lowmem_reserve[]: 0 0 0 0",
	"Node 0 Normal: 1000*4kB (UEM) 500*8kB (UEM) 200*16kB (UEM) 100*32kB (UEM) 50*64kB (UEM) 20*128kB (UEM) 10*256kB (UEM) 5*512kB (UEM) 2*1024kB (UEM) 90*2048kB (M) 50*4096kB (M) = 412000kB",
	"Free swap  = 2097148kB",
	"Total swap = 2097148kB",
	"1310720 pages RAM",
	NULL,
};

/* the same failure with its Mem-Info counters cut out: free memory is unknown, not the order's 2 */
static const char *const failure_no_counters[] = {
	"kworker/0:1: page allocation failure: order:2, mode:0x4020",
	"Node 0 Normal free:412000kB min:42344kB low:52930kB high:63516kB present:5242880kB managed:5110140kB",
	"lowmem_reserve[]: 0 0 0 0",
	"Free swap  = 2097148kB",
	"Total swap = 2097148kB",
	"1310720 pages RAM",
	NULL,
};

/* 4.14 arm64: part of the DMA zone's free memory is CMA */
static const char *const arm64_cma[] = {
	"logd invoked oom-killer: gfp_mask=0x14000c0(GFP_KERNEL), nodemask=(null), order=0, oom_score_adj=-600",
	"Node 0 DMA free:301212kB min:5616kB low:7020kB high:8424kB active_anon:1220304kB inactive_anon:204kB active_file:3092kB inactive_file:2988kB unevictable:1024kB writepending:0kB present:2097152kB managed:1999448kB mlocked:1024kB kernel_stack:21952kB pagetables:30420kB bounce:0kB free_pcp:1268kB local_pcp:252kB free_cma:121604kB",
	"lowmem_reserve[]: 0 0 0",
	NULL,
};

/* SysRq-f: order=-1, the mask means nothing */
static const char *const sysrq[] = {
	"bash invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=-1, oom_score_adj=0",
	"DMA free:48kB min:60kB low:72kB high:88kB present:16384kB",
	"Normal free:178120kB min:4028kB low:5032kB high:6040kB present:1031360kB",
	NULL,
};

#define NONE (-1e300)

static const struct field_case {
	const char *const *lines;
	const char *field;
	double num;                  /* NONE: the field must be absent */
	const char *str;             /* a string field: its value */
} cases[] = {
	{ dma_only, "zones.usable", 0, "DMA" },
	{ dma_only, "zones.unusable", 0, "Normal" },
	{ dma_only, "zones.usable.short", 1, NULL },
	{ dma_only, "zones.usable.free_kb", 48, NULL },
	{ dma_only, "zones.unusable.free_kb", 178120, NULL },
	{ dma_only, "zones.usable.text", 0, "DMA (48 KiB free, min 60 KiB, reclaim had given up on it)" },
	{ dma_only, "zones.protections", 1, NULL },
	{ dma_only, "mem.managed_kb", 1047744, NULL },
	/* 1047744 - (44542 + 121906 + 43104 + 7012 + 2214) * 4 */
	{ dma_only, "mem.unaccounted_kb", 172632, NULL },
	{ leak_highuser, "zones.usable", 0, "DMA, Normal" },
	{ leak_highuser, "zones.unusable.free_kb", 0, NULL },
	/* Normal: 1680 < 696 + 348 pages of protection; DMA: 1488 >= 20 + 358 pages */
	{ leak_highuser, "zones.usable.short", 1, NULL },
	{ leak_highuser, "zones.usable.text", 0,
	  "DMA (1.5 MiB free, min 20 KiB + 1.4 MiB kept from it), Normal (1.6 MiB free, min 696 KiB + 1.4 MiB kept from it)" },
	{ leak_highuser, "mem.unaccounted_kb", 523520 - (792 + 659 + 558 + 2429 + 390) * 4, NULL },
	{ leak_highuser, "mem.unaccounted_share", (523520.0 - 4828 * 4) / 523520.0, NULL },
	{ leak_dma32, "zones.usable", 0, "DMA, Normal" }, /* no DMA32 zone: __GFP_DMA32 means Normal */
	{ arm_kernel, "zones.usable", 0, "DMA" },
	{ arm_kernel, "zones.unusable", 0, "HighMem" },
	/* reserve[1], the empty Normal's, is 0; but DMA's (H) blocks show at least one 2 MiB
	 * pageblock of high-order atomic reserve: 17960 - 2048 < 16384 */
	{ arm_kernel, "zones.usable.short", 1, NULL },
	{ arm_kernel, "zones.usable.text", 0,
	  "DMA (15.5 MiB free outside the high-order atomic reserve (at least one 2 MiB pageblock: "
	  "this kernel prints no size), min 16.0 MiB)" },
	{ arm_kernel, "zones.unusable.free_kb", 553472, NULL },
	{ arm_kernel, "mem.managed_kb", 422896 + 1526784, NULL },
	/* free + free_pcp + LRU + isolated + unevictable + slab + pagetables, pages; kernel stacks, kB */
	{ arm_kernel, "mem.unaccounted_kb",
	  422896 + 1526784 - (143605 + 230 + 97307 + 124 + 583 + 575 + 64 + 638 + 4681 + 7808 + 4482) * 4 - 6496, NULL },
	/* DMA is short once the reserve its (H) blocks show is out: no zone above its watermark */
	{ arm_kernel, "zones.usable.free_blocks_at_order", 0, NULL },
	/* without (H) blocks DMA is above min: order 1 and up, 40 + 12 + 3 + 1; HighMem's CMA is not the request's */
	{ arm_kernel_u, "zones.usable.short", 0, NULL },
	{ arm_kernel_u, "zones.usable.free_blocks_at_order", 40 + 12 + 3 + 1, NULL },
	{ arm_kernel_h, "zones.usable.free_blocks_at_order", 0, NULL },
	/* a HighMem request: DMA is under min + the 579 pages it keeps from them; CMA is the movable's */
	{ arm_movable, "zones.usable.free_blocks_at_order", 50 + 20, NULL },
	{ arm_highuser, "zones.usable.free_blocks_at_order", 0, NULL }, /* and HighMem's free is all CMA */
	{ atomic_untyped, "zones.usable.free_blocks_at_order", 3 + 2 + 1, NULL },   /* no types: every block */
	{ dma32_ok, "zones.usable.free_blocks_at_order", NONE, NULL },              /* no buddy lines */
	{ dma32_short_buddy, "zones.usable.free_blocks_at_order", 3, NULL }, /* DMA under min + its reserve */
	/* HighMem's free_cma (553588 kB) is counted a moment apart from its free (553472 kB) */
	{ arm_kernel, "zones.free_cma_share", 553472.0 / (17960 + 553472), NULL },
	{ arm_kernel, "zones.free_cma.text", 0, "the 540.5 MiB free in HighMem is all CMA" },
	{ arm_kernel, "gfp.movable", 0, NULL },
	{ arm_movable, "gfp.movable", 1, NULL },
	{ dma32_ok, "zones.free_cma_share", NONE, NULL }, /* no free_cma printed */
	{ arm64_cma, "zones.free_cma.text", 0, "of the 294.2 MiB free in DMA, 118.8 MiB is CMA" },
	{ arm64_cma, "zones.free_cma_share", 121604.0 / 301212, NULL },
	{ arm_kernel, "report.missing", 0,
	  "the report lacks the task table, the swap totals, the size of the high-order atomic reserve "
	  "(its (H) free blocks show one; kernels print it from 5.5) (the log ends before the report does)" },
	{ arm_movable, "zones.usable", 0, "DMA, HighMem" },
	/* a movable request may take CMA, not the atomic reserve (at least 2048 kB) */
	{ arm_movable, "zones.usable.free_kb", 17960 - 2048 + 553472, NULL },
	{ arm_highuser, "zones.usable", 0, "DMA, HighMem" },
	{ arm_highuser, "zones.usable.free_kb", 17960 - 2048, NULL }, /* HighMem's free is all CMA */
	{ dma32_short, "zones.usable", 0, "DMA, DMA32" },
	{ dma32_short, "zones.unusable.free_kb", 4012120, NULL },
	{ dma32_short, "zones.usable.short", 1, NULL }, /* 11000 < 132 + 2959 * 4 */
	{ dma32_ok, "zones.usable.short", 0, NULL },    /* 15900 >= 132 + 11836; DMA32 above min */
	{ dma32_ok, "mem.unaccounted_kb", NONE, NULL }, /* no Mem-Info counters */
	/* the breakdown the reports draw, in kB from the pages of Mem-Info and the zones' kB */
	{ arm_kernel, "mem.file_kb", (583 + 575) * 4, NULL },
	{ arm_kernel, "mem.pagetables_kb", 4482 * 4, NULL },
	{ arm_kernel, "mem.kernel_stack_kb", 6496 + 0, NULL },
	{ arm_kernel, "mem.dirty_kb", 0, NULL },
	{ dma32_ok, "mem.file_kb", NONE, NULL },
	{ dma32_ok, "mem.kernel_stack_kb", NONE, NULL },
	{ dma32_ok, "zones.protections", 0, NULL },
	{ highatomic, "zones.usable.free_kb", 63000 - 4096, NULL },
	{ highatomic, "zones.usable.short", 1, NULL }, /* 58904 < 61948 */
	{ dma_small_blocks, "zones.usable.short", 0, NULL },
	{ dma_small_blocks, "zones.usable.largest_block_kb", 16, NULL },
	{ dma_small_blocks, "zones.usable.free_blocks_at_order", NONE, NULL }, /* no order printed */
	{ dma_only, "zones.usable.largest_block_kb", NONE, NULL },             /* no buddy lines */
	{ dma32_short_buddy, "zones.usable.largest_block_kb", 32, NULL }, /* DMA (under min + its reserve) left out */
	{ failure_whole, "zones.usable.largest_block_kb", 4096, NULL },
	{ failure_whole, "report.missing", 0,
	  "the report has what the rules read, and it shows an order-2 request, 402.3 MiB free, "
	  "no zone under its min watermark, 2.0 GiB of swap, 0% used" },
	{ failure_no_counters, "report.missing", 0,
	  "the report has what the rules read, and it shows an order-2 request, "
	  "no zone under its min watermark, 2.0 GiB of swap, 0% used" },
	{ sysrq, "zones.usable", NONE, NULL },
	{ sysrq, "zones.usable.short", NONE, NULL },
	{ sysrq, "zones.protections", NONE, NULL },
};

struct sink {
	struct oom_event *ev[4];
	size_t nr;
};

static void collect(void *ctx, struct oom_event *e)
{
	struct sink *s = ctx;

	assert_true(s->nr < ARRAY_SIZE(s->ev));
	s->ev[s->nr++] = e;
}

/* The first event of @lines, fed to a fresh parser as the log pipeline does. */
static struct oom_event *parse(const char *const *lines, struct sink *s)
{
	static struct oom_parser p;
	unsigned n = 0;

	memset(s, 0, sizeof(*s));
	oom_parser_init(&p, "h", collect, s);
	for (; *lines; lines++) {
		struct oom_line l = { .text = { *lines, strlen(*lines) }, .src = { "t.log", ++n } };

		oom_parser_line(&p, &l);
	}
	oom_parser_finish(&p);
	assert_true(s->nr >= 1);
	return s->ev[0];
}

static void test_fields(void **state)
{
	size_t i, k;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct field_case *c = &cases[i];
		struct sink s;
		struct oom_event *e = parse(c->lines, &s);
		struct fval v;

		print_message("case %zu: %s of '%s'\n", i, c->field, c->lines[0]);
		assert_true(event_field_known(c->field));
		event_field_get(e, c->field, &v);
		if (c->num == NONE) {
			assert_int_equal(v.kind, FV_NONE);
		} else if (c->str) {
			assert_int_equal(v.kind, FV_STR);
			assert_string_equal(v.str, c->str);
		} else {
			assert_int_equal(v.kind, FV_NUM);
			assert_true(fabs(v.num - c->num) < 1e-9);
		}
		for (k = 0; k < s.nr; k++)
			oom_event_free(s.ev[k]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fields),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
