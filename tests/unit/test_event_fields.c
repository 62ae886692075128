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

/* 4.14 ARM32: lowmem (DMA) above min, HighMem free but all CMA; the Normal zone is configured, not populated */
#define ARM32_CMA(gfp) \
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
	"496384 pages RAM", \
	"8964 pages reserved", NULL
static const char *const arm_kernel[] = { ARM32_CMA("0x15080c0(GFP_KERNEL_ACCOUNT|__GFP_ZERO)") };
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
static const char *const dma32_ok[] = { X86_64_DMA32("15900") };

/* 5.15: the high-order atomic reserve (reserved_highatomic, capital KB) is out of reach of an OOM's request */
static const char *const highatomic[] = {
	"postgres invoked oom-killer: gfp_mask=0x1100cca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0",
	"Node 0 Normal free:63000kB min:61948kB low:75384kB high:88820kB reserved_highatomic:4096KB active_anon:5653768kB inactive_anon:6036764kB active_file:0kB inactive_file:0kB unevictable:0kB writepending:0kB present:13096960kB managed:12774792kB mlocked:0kB bounce:0kB free_pcp:0kB local_pcp:0kB free_cma:0kB",
	"lowmem_reserve[]: 0 0 0 0 0",
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
	{ arm_kernel, "zones.usable.short", 0, NULL }, /* reserve[1], the empty Normal's: 0 */
	{ arm_kernel, "zones.unusable.free_kb", 553472, NULL },
	{ arm_kernel, "mem.managed_kb", 422896 + 1526784, NULL },
	/* free + free_pcp + LRU + isolated + unevictable + slab + pagetables, pages; kernel stacks, kB */
	{ arm_kernel, "mem.unaccounted_kb",
	  422896 + 1526784 - (143605 + 230 + 97307 + 124 + 583 + 575 + 64 + 638 + 4681 + 7808 + 4482) * 4 - 6496, NULL },
	{ arm_movable, "zones.usable", 0, "DMA, HighMem" },
	{ arm_movable, "zones.usable.free_kb", 17960 + 553472, NULL }, /* a movable request may take CMA */
	{ arm_highuser, "zones.usable", 0, "DMA, HighMem" },
	{ arm_highuser, "zones.usable.free_kb", 17960, NULL }, /* HighMem's free is all CMA */
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
