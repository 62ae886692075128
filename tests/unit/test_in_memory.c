/*
 * The memory sources: zoneinfo, buddyinfo, pagetypeinfo, vmstat, slabinfo,
 * swaps and free.  Hand-made inputs for each layout and each kind of
 * damage, then every corpus sample with values read off the files.
 */
#include "source_harness.h"

extern const struct source in_zoneinfo;
extern const struct source in_buddyinfo;
extern const struct source in_pagetypeinfo;
extern const struct source in_vmstat;
extern const struct source in_slabinfo;
extern const struct source in_swaps;
extern const struct source in_free;

/* One parse: a buffer (or a corpus file), the path it is read as, what must come out. */
struct pcase {
	const char *what;            /* shown on failure */
	const struct source *src;
	const char *rel;
	const char *buf;             /* NULL: read corpus file @what */
	size_t len;
	int ret;
	size_t warns;
	struct fact_want want[16];
};

#define BUF(s) s, sizeof(s) - 1
#define CORPUS NULL, 0

static void dump_facts(const struct harness *h)
{
	size_t i;

	for (i = 0; i < h->facts.nr; i++)
		fact_print(stderr, &h->facts.items[i]);
	for (i = 0; i < h->diag.nr; i++)
		print_message("  warning line %u: %s\n", h->diag.msgs[i].line, h->diag.msgs[i].text);
}

static void run_case(const struct pcase *c, size_t i)
{
	struct harness h;
	char what[300];
	char *owned = NULL;
	const char *buf = c->buf;
	size_t len = c->len;

	if (!buf) {
		owned = corpus_read(c->what, &len);
		if (!owned)
			return;
		buf = owned;
	}
	snprintf(what, sizeof(what), "case %zu (%s)", i, c->what);
	harness_run(&h, c->src, c->rel, buf, len);
	if (h.ret != c->ret || h.diag.nr != c->warns) {
		print_message("%s: ret %d (want %d), %zu warnings (want %zu)\n", what, h.ret, c->ret,
			      h.diag.nr, c->warns);
		dump_facts(&h);
		fail();
	}
	check_fact_wants(&h, c->want, ARRAY_SIZE(c->want), what);
	harness_release(&h);
	free(owned);
}

static void run_cases(const struct pcase *cases, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		run_case(&cases[i], i);
	corpus_skip_if_absent();
}

/* ---- zoneinfo ---------------------------------------------------------- */

static const char zi_rhel8[] =
	"Node 0, zone      DMA\n"
	"  per-node stats\n"
	"      nr_inactive_anon 50\n"
	"      nr_anon_transparent_hugepages 69\n"
	"                   537792\n"
	"  pages free     3975\n"
	"        min      33\n"
	"        low      41\n"
	"        high     49\n"
	"        spanned  4095\n"
	"        present  3999\n"
	"        managed  3977\n"
	"        protection: (0, 3828, 7894, 7894, 7894)\n"
	"      nr_free_pages 3975\n"
	"      numa_hit     1\n"
	"      nr_kernel_stack 944\n"
	"  pagesets\n"
	"    cpu: 0\n"
	"              count: 0\n"
	"              high:  0\n"
	"              batch: 1\n"
	"  vm stats threshold: 4\n"
	"  node_unreclaimable:  0\n"
	"  start_pfn:           1\n"
	"Node 0, zone  Movable\n"
	"  pages free     0\n"
	"        boost    0\n"
	"        min      0\n"
	"        protection: (0, 0, 0, 0, 0)\n";

/* 2.6.22 i386 (linux-mm, 2007): no per-node stats, "scanned" with lists, pcp pairs */
static const char zi_2007[] =
	"Node 0, zone  HighMem\n"
	"  pages free     1297805\n"
	"        min      128\n"
	"        scanned  0 (a: 0 i: 0)\n"
	"    nr_free_pages 1297805\n"
	"        protection: (0, 0, 0)\n"
	"  pagesets\n"
	"    cpu: 0 pcp: 0\n"
	"              count: 19\n"
	"              high:  186\n"
	"  vm stats threshold: 24\n"
	"    cpu: 1 pcp: 0\n"
	"              batch: 31\n"
	"  vm stats threshold: 24\n"
	"  all_unreclaimable: 0\n"
	"  prev_priority:     12\n"
	"  start_pfn:         229376\n";

static const char zi_broken[] =
	"sos: junk before any zone\n"
	"Node 0, zone   Normal\r\n"
	"  pages free     99999999999999999999\r\n"
	"        min      12\r\n"
	"        protection: (0, 1x)\n"
	"        low  \0\0 5\n"
	"bash: line 1: foo: command not found\n"
	"        high     30";

static const char zi_truncated[] =
	"Node 0, zone   Normal\n"
	"  pages free     12\n"
	"        min";

static const struct pcase zoneinfo_inline[] = {
	{ "rhel8", &in_zoneinfo, "proc/zoneinfo", BUF(zi_rhel8), 0, 0, {
		{ .fact = "zoneinfo.zones", .value = 2, .unit = "count", .no_line = true },
		{ .fact = "zoneinfo.node0.nr_inactive_anon", .value = 50, .line = 3, .unit = "pages" },
		{ .fact = "zoneinfo.node0.nr_anon_transparent_hugepages", .value = 69, .line = 4, .unit = "count" },
		{ .fact = "zoneinfo.node0.DMA.free", .value = 3975, .line = 6, .unit = "pages" },
		{ .fact = "zoneinfo.node0.DMA.managed", .value = 3977, .line = 12, .unit = "pages" },
		{ .fact = "zoneinfo.node0.DMA.protection", .str = "0, 3828, 7894, 7894, 7894", .line = 13 },
		{ .fact = "zoneinfo.node0.DMA.protection1", .value = 3828, .line = 13, .unit = "pages" },
		{ .fact = "zoneinfo.node0.DMA.numa_hit", .value = 1, .line = 15, .unit = "count" },
		{ .fact = "zoneinfo.node0.DMA.nr_kernel_stack", .value = 944, .line = 16, .unit = "" },
		{ .fact = "zoneinfo.node0.DMA.start_pfn", .value = 1, .line = 24, .unit = "" },
		{ .fact = "zoneinfo.node0.DMA.high", .value = 49, .line = 9 },
		{ .fact = "zoneinfo.node0.Movable.boost", .line = 27, .unit = "pages" },
	} },
	{ "rhel8 pagesets", &in_zoneinfo, "proc/zoneinfo", BUF(zi_rhel8), 0, 0, {
		{ .fact = "zoneinfo.node0.DMA.count", .absent = true },
		{ .fact = "zoneinfo.node0.DMA.batch", .absent = true },
		{ .fact = "zoneinfo.node0.DMA.cpu", .absent = true },
		{ .fact = "zoneinfo.node0.DMA.node_unreclaimable", .line = 23 },
		{ .fact = "zoneinfo.node0.Movable.protection4", .line = 29 },
	} },
	{ "2.6.22", &in_zoneinfo, "proc/zoneinfo", BUF(zi_2007), 0, 0, {
		{ .fact = "zoneinfo.zones", .value = 1 },
		{ .fact = "zoneinfo.node0.HighMem.free", .value = 1297805, .line = 2 },
		{ .fact = "zoneinfo.node0.HighMem.scanned", .line = 4 },
		{ .fact = "zoneinfo.node0.HighMem.nr_free_pages", .value = 1297805, .line = 5 },
		{ .fact = "zoneinfo.node0.HighMem.protection", .str = "0, 0, 0", .line = 6 },
		{ .fact = "zoneinfo.node0.HighMem.high", .absent = true },
		{ .fact = "zoneinfo.node0.HighMem.all_unreclaimable", .line = 15, .unit = "" },
		{ .fact = "zoneinfo.node0.HighMem.prev_priority", .value = 12, .line = 16 },
		{ .fact = "zoneinfo.node0.HighMem.start_pfn", .value = 229376, .line = 17 },
	} },
	/* junk, overflow, bad protection, NUL bytes, a bash error: 5 warnings */
	{ "broken", &in_zoneinfo, "proc/zoneinfo", BUF(zi_broken), 0, 5, {
		{ .fact = "zoneinfo.zones", .value = 1 },
		{ .fact = "zoneinfo.node0.Normal.free", .absent = true },
		{ .fact = "zoneinfo.node0.Normal.min", .value = 12, .line = 4 },
		{ .fact = "zoneinfo.node0.Normal.protection", .absent = true },
		{ .fact = "zoneinfo.node0.Normal.protection0", .absent = true },
		{ .fact = "zoneinfo.node0.Normal.low", .absent = true },
		{ .fact = "zoneinfo.node0.Normal.high", .value = 30, .line = 8 },
	} },
	{ "truncated", &in_zoneinfo, "proc/zoneinfo", BUF(zi_truncated), 0, 1, {
		{ .fact = "zoneinfo.node0.Normal.free", .value = 12, .line = 2 },
		{ .fact = "zoneinfo.node0.Normal.min", .absent = true },
	} },
	{ "empty", &in_zoneinfo, "proc/zoneinfo", BUF(""), -1, 0, { { .fact = "zoneinfo.zones", .absent = true } } },
	{ "cut header", &in_zoneinfo, "proc/zoneinfo", BUF("Node 0, zo"), -1, 1, { { .fact = NULL } } },
	/* a damaged header costs its zone, with one warning, not the next one */
	{ "bad header", &in_zoneinfo, "proc/zoneinfo",
	  BUF("Node x, zone   DMA\n  pages free 1\n        min 2\nNode 0, zone Normal\n  pages free 3\n"), 0, 1, {
		{ .fact = "zoneinfo.zones", .value = 1 },
		{ .fact = "zoneinfo.node0.Normal.free", .value = 3, .line = 5 },
		{ .fact = "zoneinfo.node0.DMA.free", .absent = true },
	} },
	{ "not zoneinfo", &in_zoneinfo, "proc/zoneinfo", BUF("MemTotal: 12 kB\nMemFree: 1 kB\n"), -1, 1, { { .fact = NULL } } },
};

static void test_zoneinfo(void **state)
{
	(void)state;
	run_cases(zoneinfo_inline, ARRAY_SIZE(zoneinfo_inline));
}

#define ZI "snapshots/zoneinfo/"
#define SOS "snapshots/sosreport/rhcos-4.2-sos3.6-hyperv/"

static const struct pcase zoneinfo_corpus[] = {
	{ ZI "linuxmm-2007-i386-pae-12G-preoom.zoneinfo", &in_zoneinfo, "proc/zoneinfo", CORPUS, 0, 0, {
		{ .fact = "zoneinfo.zones", .value = 3 },
		{ .fact = "zoneinfo.node0.Normal.free", .value = 6383, .line = 65 },
		{ .fact = "zoneinfo.node0.Normal.min", .value = 936, .line = 66 },
		{ .fact = "zoneinfo.node0.Normal.nr_slab_reclaimable", .value = 188073 },
		{ .fact = "zoneinfo.node0.Normal.protection", .str = "0, 0, 90424", .line = 86 },
		{ .fact = "zoneinfo.node0.HighMem.free", .value = 1297805, .line = 128 },
		{ .fact = "zoneinfo.node0.HighMem.start_pfn", .value = 229376, .line = 189 },
		{ .fact = "zoneinfo.node0.DMA.managed", .absent = true },
	} },
	{ ZI "pcp-qa-meminfo-root-001.zoneinfo", &in_zoneinfo, "proc/zoneinfo", CORPUS, 0, 0, {
		{ .fact = "zoneinfo.zones", .value = 3 },
		{ .fact = "zoneinfo.node0.DMA32.free", .value = 71215, .line = 95 },
		{ .fact = "zoneinfo.node0.Normal.managed", .value = 3594586, .line = 195 },
		{ .fact = "zoneinfo.node0.DMA.protection", .str = "0, 1584, 15625, 15625", .line = 49 },
		{ .fact = "zoneinfo.node0.DMA.protection3", .value = 15625, .line = 49 },
		{ .fact = "zoneinfo.node0.DMA.all_unreclaimable", .value = 1 },
		{ .fact = "zoneinfo.node0.Normal.start_pfn", .value = 1048576, .line = 278 },
	} },
	{ ZI "pcp-qa-meminfo-root-002.zoneinfo", &in_zoneinfo, "proc/zoneinfo", CORPUS, 0, 0, {
		{ .fact = "zoneinfo.zones", .value = 4 },
		{ .fact = "zoneinfo.node0.Normal.free", .value = 10550477, .line = 426 },
		{ .fact = "zoneinfo.node1.Normal.free", .value = 11093906, .line = 638 },
		{ .fact = "zoneinfo.node1.Normal.min", .value = 11288, .line = 639 },
		{ .fact = "zoneinfo.node1.Normal.managed", .value = 16514387, .line = 645 },
		{ .fact = "zoneinfo.node1.Normal.start_pfn", .value = 17301504, .line = 847 },
	} },
	{ ZI "pcp-qa-meminfo-root-004.zoneinfo", &in_zoneinfo, "proc/zoneinfo", CORPUS, 0, 0, {
		{ .fact = "zoneinfo.zones", .value = 3 },
		{ .fact = "zoneinfo.node0.nr_inactive_file", .value = 53782, .line = 5 },
		{ .fact = "zoneinfo.node0.DMA.node_scanned", .line = 33 },
		{ .fact = "zoneinfo.node0.DMA32.free", .value = 757514, .line = 84 },
		{ .fact = "zoneinfo.node0.Normal.protection", .str = "0, 0, 0, 0, 0", .line = 168 },
	} },
	{ ZI "pcp-qa-meminfo-root-005.zoneinfo", &in_zoneinfo, "proc/zoneinfo", CORPUS, 0, 0, {
		{ .fact = "zoneinfo.zones", .value = 5 },
		{ .fact = "zoneinfo.node0.nr_inactive_file", .value = 236628, .line = 5 },
		{ .fact = "zoneinfo.node0.Normal.free", .value = 494869, .line = 176 },
		{ .fact = "zoneinfo.node0.Normal.managed", .value = 3594150, .line = 182 },
		{ .fact = "zoneinfo.node0.DMA32.protection2", .value = 14035, .line = 109 },
	} },
	{ ZI "pcp-qa-meminfo-root-006.zoneinfo", &in_zoneinfo, "proc/zoneinfo", CORPUS, 0, 0, {
		{ .fact = "zoneinfo.zones", .value = 5 },
		{ .fact = "zoneinfo.node0.nr_inactive_file", .value = 59867, .line = 5 },
		{ .fact = "zoneinfo.node0.DMA32.free", .value = 621829, .line = 72 },
		{ .fact = "zoneinfo.node0.Normal.free", .value = 5420, .line = 113 },
		{ .fact = "zoneinfo.node0.Normal.managed", .value = 245205, .line = 119 },
	} },
	{ ZI "pcp-qa-meminfo-root-007.zoneinfo", &in_zoneinfo, "proc/zoneinfo", CORPUS, 0, 0, {
		{ .fact = "zoneinfo.zones", .value = 10 },
		{ .fact = "zoneinfo.node0.nr_inactive_file", .value = 528007, .line = 5 },
		{ .fact = "zoneinfo.node0.DMA.cma", .line = 49 },
		{ .fact = "zoneinfo.node0.Normal.free", .value = 248733, .line = 182 },
		{ .fact = "zoneinfo.node1.nr_inactive_file", .value = 109598, .line = 295 },
		{ .fact = "zoneinfo.node1.Normal.free", .value = 762548, .line = 332 },
		{ .fact = "zoneinfo.node1.Normal.managed", .value = 1020184, .line = 338 },
		{ .fact = "zoneinfo.node1.Normal.start_pfn", .value = 1572864, .line = 400 },
	} },
	{ ZI "prometheus-procfs.zoneinfo", &in_zoneinfo, "proc/zoneinfo", CORPUS, 0, 0, {
		{ .fact = "zoneinfo.zones", .value = 5 },
		{ .fact = "zoneinfo.node0.nr_inactive_anon", .value = 230981, .line = 3 },
		{ .fact = "zoneinfo.node0.DMA.protection", .str = "0, 2877, 7826, 7826, 7826", .line = 40 },
		{ .fact = "zoneinfo.node0.DMA32.free", .value = 204252, .line = 104 },
		{ .fact = "zoneinfo.node0.Normal.free", .value = 18553, .line = 175 },
		{ .fact = "zoneinfo.node0.Normal.managed", .value = 1268711, .line = 181 },
	} },
	{ ZI "rhcos-4.2-hyperv.zoneinfo", &in_zoneinfo, "proc/zoneinfo", CORPUS, 0, 0, {
		{ .fact = "zoneinfo.zones", .value = 5 },
		{ .fact = "zoneinfo.node0.nr_inactive_file", .value = 253115, .line = 5 },
		{ .fact = "zoneinfo.node0.nr_written", .value = 260861, .line = 29 },
		{ .fact = "zoneinfo.node0.DMA.protection", .str = "0, 3828, 7894, 7894, 7894", .line = 38 },
		{ .fact = "zoneinfo.node0.Normal.free", .value = 10852, .line = 113 },
		{ .fact = "zoneinfo.node0.Normal.min", .value = 8684, .line = 114 },
		{ .fact = "zoneinfo.node0.Normal.low", .value = 10855, .line = 115 },
		{ .fact = "zoneinfo.node0.Normal.managed", .value = 1042033, .line = 119 },
		{ .fact = "zoneinfo.node0.Device.managed" },
	} },
	{ SOS "proc/zoneinfo", &in_zoneinfo, "proc/zoneinfo", CORPUS, 0, 0, {
		{ .fact = "zoneinfo.zones", .value = 5 },
		{ .fact = "zoneinfo.node0.DMA32.free", .value = 122008, .line = 72 },
		{ .fact = "zoneinfo.node0.DMA32.protection2", .value = 4065, .line = 79 },
	} },
};

static void test_zoneinfo_corpus(void **state)
{
	(void)state;
	run_cases(zoneinfo_corpus, ARRAY_SIZE(zoneinfo_corpus));
}

/* ---- buddyinfo --------------------------------------------------------- */

static const struct pcase buddyinfo_cases[] = {
	{ "three orders, trailing blank", &in_buddyinfo, "proc/buddyinfo",
	  BUF("Node 0, zone      DMA      1      2      3 \nNode 1, zone   Normal      0      0      4\n"), 0, 0, {
		{ .fact = "buddyinfo.node0.DMA.order0", .value = 1, .line = 1, .unit = "count" },
		{ .fact = "buddyinfo.node0.DMA.order2", .value = 3, .line = 1 },
		{ .fact = "buddyinfo.node0.DMA.order3", .absent = true },
		{ .fact = "buddyinfo.node0.DMA.orders", .value = 3, .line = 1, .unit = "count" },
		{ .fact = "buddyinfo.node0.DMA.free_pages", .value = 1 + 4 + 12, .line = 1, .unit = "pages" },
		{ .fact = "buddyinfo.node1.Normal.free_pages", .value = 16, .line = 2 },
	} },
	/* an overflowing count: the sum is unknown, the other orders stay */
	{ "overflow, junk, CRLF, NUL", &in_buddyinfo, "proc/buddyinfo",
	  BUF("Node 0, zone   Normal 99999999999999999999 5\r\nbash: line 1: foo: command not found\r\n"
	      "Node 0, zone    DMA32 1 x 2\nNode 0, zone\0 DMA 1\nNode 0, zone  Movable 2 2"), 0, 4, {
		{ .fact = "buddyinfo.node0.Normal.order0", .absent = true },
		{ .fact = "buddyinfo.node0.Normal.order1", .value = 5, .line = 1 },
		{ .fact = "buddyinfo.node0.Normal.orders", .value = 2, .line = 1 },
		{ .fact = "buddyinfo.node0.Normal.free_pages", .absent = true },
		{ .fact = "buddyinfo.node0.DMA32.order0", .absent = true },
		{ .fact = "buddyinfo.node0.Movable.free_pages", .value = 6, .line = 5 },
	} },
	/* INT64_MAX blocks of order 0 fit, one more of order 1 overflows the sum */
	{ "sum overflow", &in_buddyinfo, "proc/buddyinfo",
	  BUF("Node 0, zone Normal 9223372036854775807 1\n"), 0, 0, {
		{ .fact = "buddyinfo.node0.Normal.order0", .value = INT64_MAX, .line = 1 },
		{ .fact = "buddyinfo.node0.Normal.free_pages", .absent = true },
	} },
	{ "empty", &in_buddyinfo, "proc/buddyinfo", BUF(""), -1, 0, { { .fact = NULL } } },
	{ "truncated", &in_buddyinfo, "proc/buddyinfo", BUF("Node 0, zone"), -1, 1, { { .fact = NULL } } },
	{ "no counts", &in_buddyinfo, "proc/buddyinfo", BUF("Node 0, zone   Normal  \n"), -1, 1, { { .fact = NULL } } },
};

static void test_buddyinfo(void **state)
{
	(void)state;
	run_cases(buddyinfo_cases, ARRAY_SIZE(buddyinfo_cases));
}

#define BI "snapshots/buddyinfo/"

static const struct pcase buddyinfo_corpus[] = {
	{ BI "insights-core-test_buddyinfo-1-2node.buddyinfo", &in_buddyinfo, "proc/buddyinfo", CORPUS, 0, 0, {
		{ .fact = "buddyinfo.node0.DMA.free_pages", .value = 2816, .line = 1 },
		{ .fact = "buddyinfo.node0.Normal.order10", .value = 6120, .line = 3 },
		{ .fact = "buddyinfo.node1.Normal.order0", .value = 1, .line = 4 },
		{ .fact = "buddyinfo.node1.Normal.order2", .value = 1783, .line = 4 },
		{ .fact = "buddyinfo.node1.Normal.orders", .value = 11, .line = 4 },
		{ .fact = "buddyinfo.node1.Normal.free_pages", .value = 7772627, .line = 4 },
	} },
	{ BI "insights-core-test_buddyinfo-2.buddyinfo", &in_buddyinfo, "proc/buddyinfo", CORPUS, 0, 0, {
		{ .fact = "buddyinfo.node0.Normal.order0", .value = 19340, .line = 3 },
		{ .fact = "buddyinfo.node0.Normal.free_pages", .value = 54162, .line = 3 },
		{ .fact = "buddyinfo.node0.DMA32.free_pages", .value = 94966, .line = 2 },
	} },
	{ BI "pcp-qa-meminfo-root-001.buddyinfo", &in_buddyinfo, "proc/buddyinfo", CORPUS, 0, 0, {
		{ .fact = "buddyinfo.node0.DMA32.order10", .value = 681, .line = 2 },
		{ .fact = "buddyinfo.node0.DMA32.free_pages", .value = 718374, .line = 2 },
		{ .fact = "buddyinfo.node0.Normal.free_pages", .value = 2744, .line = 3 },
	} },
	{ BI "prometheus-procfs.buddyinfo", &in_buddyinfo, "proc/buddyinfo", CORPUS, 0, 0, {
		{ .fact = "buddyinfo.node0.Normal.order0", .value = 4381, .line = 3 },
		{ .fact = "buddyinfo.node0.Normal.free_pages", .value = 32139, .line = 3 },
		{ .fact = "buddyinfo.node0.DMA.free_pages", .value = 3973, .line = 1 },
	} },
	/* sums checked by hand: they equal zoneinfo's "pages free" of DMA (3975) and Normal (10852) */
	{ BI "rhcos-4.2-hyperv.buddyinfo", &in_buddyinfo, "proc/buddyinfo", CORPUS, 0, 0, {
		{ .fact = "buddyinfo.node0.DMA.free_pages", .value = 3975, .line = 1 },
		{ .fact = "buddyinfo.node0.DMA32.free_pages", .value = 123190, .line = 2 },
		{ .fact = "buddyinfo.node0.Normal.free_pages", .value = 10852, .line = 3 },
		{ .fact = "buddyinfo.node0.Normal.order10", .line = 3 },
	} },
	{ SOS "proc/buddyinfo", &in_buddyinfo, "proc/buddyinfo", CORPUS, 0, 0, {
		{ .fact = "buddyinfo.node0.Normal.order2", .value = 571, .line = 3 },
		{ .fact = "buddyinfo.node0.Normal.free_pages", .value = 10852, .line = 3 },
	} },
};

static void test_buddyinfo_corpus(void **state)
{
	(void)state;
	run_cases(buddyinfo_corpus, ARRAY_SIZE(buddyinfo_corpus));
}

/* ---- pagetypeinfo ------------------------------------------------------ */

static const char pti_modern[] =
	"Page block order: 9\n"
	"Pages per block:  512\n"
	"\n"
	"Free pages count per migrate type at order       0      1      2 \n"
	"Node    0, zone   Normal, type    Unmovable      1      2      3 \n"
	"Node    0, zone   Normal, type      Movable >100000      5      0 \n"
	"Node    1, zone   Normal, type          CMA      4      0      1 \n"
	"\n"
	"Number of blocks type     Unmovable      Movable          CMA \n"
	"Node 0, zone   Normal            7          100            2 \n"
	"Node 1, zone   Normal            1            2 \n"
	"\n"
	"Number of mixed blocks    Unmovable      Movable          CMA \n"
	"Node 0, zone   Normal            3            1            0 \n";

static const struct pcase pagetypeinfo_cases[] = {
	/* the ">100000" row is not summed: 1 warning */
	{ "capped, mixed table, CMA", &in_pagetypeinfo, "proc/pagetypeinfo", BUF(pti_modern), 0, 1, {
		{ .fact = "pagetypeinfo.page_block_order", .value = 9, .line = 1, .unit = "" },
		{ .fact = "pagetypeinfo.pages_per_block", .value = 512, .line = 2, .unit = "pages" },
		{ .fact = "pagetypeinfo.node0.Normal.Unmovable.free_pages", .value = 1 + 4 + 12, .line = 5, .unit = "pages" },
		{ .fact = "pagetypeinfo.node0.Normal.Movable.free_pages", .absent = true },
		{ .fact = "pagetypeinfo.node1.Normal.CMA.free_pages", .value = 8, .line = 7 },
		{ .fact = "pagetypeinfo.node0.Normal.Unmovable.blocks", .value = 7, .line = 10, .unit = "count" },
		{ .fact = "pagetypeinfo.node0.Normal.Movable.blocks", .value = 100, .line = 10 },
		{ .fact = "pagetypeinfo.node0.Normal.CMA.blocks", .value = 2, .line = 10 },
		{ .fact = "pagetypeinfo.node1.Normal.Movable.blocks", .value = 2, .line = 11 },
		{ .fact = "pagetypeinfo.node1.Normal.CMA.blocks", .absent = true },
	} },
	{ "broken", &in_pagetypeinfo, "proc/pagetypeinfo",
	  BUF("Page block order: 99999999999999999999\r\nPages per block:  512\r\n"
	      "Node 0, zone Normal 1 2\n"
	      "Number of blocks type     Unmovable      Movable\n"
	      "Node 0, zone   Normal  1  2  3\n"
	      "Node 0, zone   Normal, type Unmovable 1 \0 2\n"
	      "cat: /proc/pagetypeinfo: Permission denied\n"
	      "Node 0, zone      DMA  99999999999999999999  4"), 0, 6, {
		{ .fact = "pagetypeinfo.page_block_order", .absent = true },
		{ .fact = "pagetypeinfo.pages_per_block", .value = 512, .line = 2 },
		{ .fact = "pagetypeinfo.node0.Normal.Unmovable.blocks", .absent = true },
		{ .fact = "pagetypeinfo.node0.Normal.Unmovable.free_pages", .absent = true },
		{ .fact = "pagetypeinfo.node0.DMA.Unmovable.blocks", .absent = true },
		{ .fact = "pagetypeinfo.node0.DMA.Movable.blocks", .value = 4, .line = 8 },
	} },
	{ "empty", &in_pagetypeinfo, "proc/pagetypeinfo", BUF(""), -1, 0, { { .fact = NULL } } },
	{ "truncated", &in_pagetypeinfo, "proc/pagetypeinfo", BUF("Page block ord"), -1, 1, { { .fact = NULL } } },
};

static void test_pagetypeinfo(void **state)
{
	(void)state;
	run_cases(pagetypeinfo_cases, ARRAY_SIZE(pagetypeinfo_cases));
}

/*
 * Sums by hand, e.g. DMA32 Unmovable: 49 + 24*2 + 16*4 + 13*8 + 2*16 + 32 + 64
 * + 256 + 3*512 + 184*1024 = 190601.  The DMA rows add up to buddyinfo's 3975.
 */
static const struct pcase pagetypeinfo_corpus[] = {
	{ "snapshots/pagetypeinfo/rhcos-4.2-hyperv.pagetypeinfo", &in_pagetypeinfo, "proc/pagetypeinfo", CORPUS, 0, 0, {
		{ .fact = "pagetypeinfo.page_block_order", .value = 9, .line = 1 },
		{ .fact = "pagetypeinfo.pages_per_block", .value = 512, .line = 2 },
		{ .fact = "pagetypeinfo.node0.DMA.Unmovable.free_pages", .value = 391, .line = 5 },
		{ .fact = "pagetypeinfo.node0.DMA.Movable.free_pages", .value = 3584, .line = 6 },
		{ .fact = "pagetypeinfo.node0.DMA32.Unmovable.free_pages", .value = 190601, .line = 10 },
		{ .fact = "pagetypeinfo.node0.Normal.Movable.free_pages", .value = 7610, .line = 16 },
		{ .fact = "pagetypeinfo.node0.Normal.Isolate.free_pages", .line = 19 },
		{ .fact = "pagetypeinfo.node0.DMA.Movable.blocks", .value = 7, .line = 22 },
		{ .fact = "pagetypeinfo.node0.DMA32.Unmovable.blocks", .value = 1654, .line = 23 },
		{ .fact = "pagetypeinfo.node0.Normal.Movable.blocks", .value = 530, .line = 24 },
		{ .fact = "pagetypeinfo.node0.Normal.Reclaimable.blocks", .value = 25, .line = 24 },
		{ .fact = "pagetypeinfo.node0.Normal.CMA.blocks", .absent = true },
	} },
	{ SOS "proc/pagetypeinfo", &in_pagetypeinfo, "proc/pagetypeinfo", CORPUS, 0, 0, {
		{ .fact = "pagetypeinfo.node0.Normal.Unmovable.blocks", .value = 1557, .line = 24 },
		{ .fact = "pagetypeinfo.node0.Normal.Unmovable.free_pages", .value = 2858, .line = 15 },
	} },
};

static void test_pagetypeinfo_corpus(void **state)
{
	(void)state;
	run_cases(pagetypeinfo_corpus, ARRAY_SIZE(pagetypeinfo_corpus));
}

/* ---- vmstat ------------------------------------------------------------ */

static const struct pcase vmstat_cases[] = {
	{ "modern", &in_vmstat, "proc/vmstat",
	  BUF("nr_free_pages 213021\npgscan_direct 0\r\noom_kill 3\nnr_unstable 0"), 0, 0, {
		{ .fact = "vmstat.nr_free_pages", .value = 213021, .line = 1, .unit = "count" },
		{ .fact = "vmstat.pgscan_direct", .line = 2 },
		{ .fact = "vmstat.oom_kill", .value = 3, .line = 3 },
		{ .fact = "vmstat.nr_unstable", .line = 4 },
	} },
	{ "broken", &in_vmstat, "proc/vmstat",
	  BUF("pgfault 99999999999999999999\nbash: line 1: foo: command not found\n\n"
	      "pgmajfault 12 kB\nnr_dirty\nallocstall -1\nnr_\0x 4\npswpin 7\n 5\n"), 0, 7, {
		{ .fact = "vmstat.pgfault", .absent = true },
		{ .fact = "vmstat.pgmajfault", .absent = true },
		{ .fact = "vmstat.nr_dirty", .absent = true },
		{ .fact = "vmstat.allocstall", .absent = true },
		{ .fact = "vmstat.pswpin", .value = 7, .line = 8 },
	} },
	{ "empty", &in_vmstat, "proc/vmstat", BUF(""), -1, 0, { { .fact = NULL } } },
	{ "truncated", &in_vmstat, "proc/vmstat", BUF("nr_free_pa"), -1, 1, { { .fact = NULL } } },
};

static void test_vmstat(void **state)
{
	(void)state;
	run_cases(vmstat_cases, ARRAY_SIZE(vmstat_cases));
}

#define VM "snapshots/vmstat/"

/* every pcp-qa file ends with 6.x counters (pgdemote_*) whatever its kernel */
static const struct pcase vmstat_corpus[] = {
	{ VM "linuxmm-2007-i386-pae-12G-preoom.vmstat", &in_vmstat, "proc/vmstat", CORPUS, 0, 0, {
		{ .fact = "vmstat.nr_free_pages", .value = 1307065, .line = 1 },
		{ .fact = "vmstat.pgscan_kswapd_normal", .value = 14688, .line = 34 },
		{ .fact = "vmstat.allocstall", .value = 271, .line = 44 },
		{ .fact = "vmstat.oom_kill", .absent = true },
	} },
	{ VM "pcp-qa-meminfo-root-001.vmstat", &in_vmstat, "proc/vmstat", CORPUS, 0, 0, {
		{ .fact = "vmstat.nr_free_pages", .value = 1159538, .line = 1 },
		{ .fact = "vmstat.pgmajfault", .value = 9578, .line = 54 },
		{ .fact = "vmstat.pgdemote_khugepaged", .line = 123 },
	} },
	{ VM "pcp-qa-meminfo-root-002.vmstat", &in_vmstat, "proc/vmstat", CORPUS, 0, 0, {
		{ .fact = "vmstat.nr_free_pages", .value = 21821632, .line = 1 },
		{ .fact = "vmstat.pgmajfault", .value = 1209, .line = 53 },
	} },
	{ VM "pcp-qa-meminfo-root-004.vmstat", &in_vmstat, "proc/vmstat", CORPUS, 0, 0, {
		{ .fact = "vmstat.nr_free_pages", .value = 816140, .line = 1 },
		{ .fact = "vmstat.pgmajfault", .value = 2055, .line = 70 },
	} },
	{ VM "pcp-qa-meminfo-root-005.vmstat", &in_vmstat, "proc/vmstat", CORPUS, 0, 0, {
		{ .fact = "vmstat.nr_free_pages", .value = 624193, .line = 1 },
		{ .fact = "vmstat.pswpout", .value = 58, .line = 52 },
		{ .fact = "vmstat.pgmajfault", .value = 37373, .line = 70 },
	} },
	{ VM "pcp-qa-meminfo-root-006.vmstat", &in_vmstat, "proc/vmstat", CORPUS, 0, 0, {
		{ .fact = "vmstat.nr_free_pages", .value = 631224, .line = 1 },
		{ .fact = "vmstat.oom_kill", .line = 88 },
	} },
	{ VM "pcp-qa-meminfo-root-007.vmstat", &in_vmstat, "proc/vmstat", CORPUS, 0, 0, {
		{ .fact = "vmstat.nr_free_pages", .value = 1052928, .line = 1 },
		{ .fact = "vmstat.oom_kill", .line = 103 },
		{ .fact = "vmstat.pgmajfault", .value = 940, .line = 80 },
	} },
	{ VM "rhcos-4.2-hyperv.vmstat", &in_vmstat, "proc/vmstat", CORPUS, 0, 0, {
		{ .fact = "vmstat.nr_free_pages", .value = 213021, .line = 1 },
		{ .fact = "vmstat.pgmajfault", .value = 2422, .line = 70 },
		{ .fact = "vmstat.oom_kill", .line = 88 },
	} },
	{ SOS "proc/vmstat", &in_vmstat, "proc/vmstat", CORPUS, 0, 0, {
		{ .fact = "vmstat.pswpout", .line = 52 },
	} },
};

static void test_vmstat_corpus(void **state)
{
	(void)state;
	run_cases(vmstat_corpus, ARRAY_SIZE(vmstat_corpus));
}

/* ---- slabinfo ---------------------------------------------------------- */

#define SLAB_HEAD "slabinfo - version: 2.1\n" \
	"# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>\n"
#define SLAB(name, slabs, pps) name " 1 1 64 1 " #pps " : tunables 0 0 0 : slabdata " #slabs " " #slabs " 0\n"

/* 12 caches; c and d tie and keep file order; a and l fall out of the top 10 */
static const char slab_twelve[] = SLAB_HEAD
	SLAB("a", 1, 1) SLAB("b", 20, 1) SLAB("c", 5, 2) SLAB("d", 10, 1) SLAB("e", 3, 1)
	SLAB("f", 4, 1) SLAB("g", 6, 1) SLAB("size-64(DMA)", 7, 1) SLAB("i", 8, 1) SLAB("j", 9, 1)
	SLAB("k", 2, 1) SLAB("l", 0, 8)
	"kmalloc-8 1 1 8 512 1 : tunables 0 0 0 : slabdata 1 1 0 : globalstat 1 2 3 : cpustat 4 5 6 7\n";

static const struct pcase slabinfo_cases[] = {
	{ "top ten", &in_slabinfo, "proc/slabinfo", BUF(slab_twelve), 0, 0, {
		{ .fact = "slabinfo.caches", .value = 13, .unit = "count", .no_line = true },
		{ .fact = "slabinfo.total_bytes", .value = (1 + 20 + 10 + 10 + 3 + 4 + 6 + 7 + 8 + 9 + 2 + 0 + 1) * 4096LL, .unit = "bytes", .no_line = true },
		{ .fact = "slabinfo.top1.name", .str = "b", .line = 4 },
		{ .fact = "slabinfo.top1.bytes", .value = 20 * 4096, .line = 4, .unit = "bytes" },
		{ .fact = "slabinfo.top2.name", .str = "c", .line = 5 },
		{ .fact = "slabinfo.top3.name", .str = "d", .line = 6 },
		{ .fact = "slabinfo.top5.name", .str = "i", .line = 11 },
		{ .fact = "slabinfo.top6.name", .str = "size-64(DMA)", .line = 10 },
		{ .fact = "slabinfo.top10.name", .str = "k", .line = 13 },
		{ .fact = "slabinfo.top11.name", .absent = true },
		{ .fact = "slabinfo.size-64(DMA).bytes", .value = 7 * 4096, .line = 10, .unit = "bytes" },
		{ .fact = "slabinfo.a.bytes", .absent = true },
		{ .fact = "slabinfo.kmalloc-8.bytes", .absent = true },
	} },
	{ "version 1.1", &in_slabinfo, "proc/slabinfo",
	  BUF("slabinfo - version: 1.1\nkmem_cache 59 78 100 2 2 1\n"), -1, 1, {
		{ .fact = "slabinfo.caches", .absent = true },
	} },
	{ "broken", &in_slabinfo, "proc/slabinfo",
	  BUF(SLAB_HEAD
	      "big 1 1 64 1 1 : tunables 0 0 0 : slabdata 1 99999999999999999999 0\r\n"
	      "huge 1 1 64 1 4096 : tunables 0 0 0 : slabdata 1 2251799813685248 0\n"
	      "cat: /proc/slabinfo: Permission denied\n"
	      "no_tunables 1 1 64 1 1 : slabdata 1 1 0\n"
	      "nul\0name 1 1 64 1 1 : tunables 0 0 0 : slabdata 1 1 0\n"
	      "ok 1 1 64 1 1 : tunables 0 0 0 : slabdata 3 3 0\r\n"
	      "cut 1 1 64 1 1 : tunables 0 0"), 0, 6, {
		{ .fact = "slabinfo.caches", .value = 1 },
		{ .fact = "slabinfo.total_bytes", .value = 3 * 4096 },
		{ .fact = "slabinfo.top1.name", .str = "ok", .line = 8 },
		{ .fact = "slabinfo.top2.name", .absent = true },
	} },
	{ "empty", &in_slabinfo, "proc/slabinfo", BUF(""), -1, 0, { { .fact = NULL } } },
	{ "header only", &in_slabinfo, "proc/slabinfo", BUF(SLAB_HEAD), -1, 0, { { .fact = NULL } } },
};

static void test_slabinfo(void **state)
{
	(void)state;
	run_cases(slabinfo_cases, ARRAY_SIZE(slabinfo_cases));
}

/* bytes = num_slabs * pagesperslab * 4096, e.g. xfs_inode 1908 * 4 * 4096 */
static const struct pcase slabinfo_corpus[] = {
	{ "snapshots/slabinfo/linuxmm-2007-i386-pae-12G-preoom.slabinfo.EXCERPT", &in_slabinfo, "proc/slabinfo", CORPUS, 0, 0, {
		{ .fact = "slabinfo.caches", .value = 7 },
		{ .fact = "slabinfo.total_bytes", .value = 776802304 },
		{ .fact = "slabinfo.top1.name", .str = "buffer_head", .line = 6 },
		{ .fact = "slabinfo.top1.bytes", .value = 768430080, .line = 6 },
		{ .fact = "slabinfo.buffer_head.bytes", .value = 768430080, .line = 6 },
		{ .fact = "slabinfo.top2.name", .str = "radix_tree_node", .line = 5 },
		{ .fact = "slabinfo.top7.name", .str = "jbd_4k", .line = 3 },
		{ .fact = "slabinfo.top7.bytes", .line = 3 },
		{ .fact = "slabinfo.top8.name", .absent = true },
	} },
	{ "snapshots/slabinfo/rhcos-4.2-hyperv.slabinfo", &in_slabinfo, "proc/slabinfo", CORPUS, 0, 0, {
		{ .fact = "slabinfo.caches", .value = 142 },
		{ .fact = "slabinfo.total_bytes", .value = 201113600 },
		{ .fact = "slabinfo.top1.name", .str = "xfs_inode", .line = 24 },
		{ .fact = "slabinfo.top1.bytes", .value = 31260672, .line = 24 },
		{ .fact = "slabinfo.top2.name", .str = "kmalloc-1024", .line = 133 },
		{ .fact = "slabinfo.top3.name", .str = "dentry", .line = 89 },
		{ .fact = "slabinfo.top8.name", .str = "ovl_inode", .line = 4 },
		{ .fact = "slabinfo.top10.name", .str = "dmaengine-unmap-16", .line = 71 },
		{ .fact = "slabinfo.top10.bytes", .value = 5255168, .line = 71 },
		{ .fact = "slabinfo.kmalloc-1024.bytes", .value = 23609344, .line = 133 },
		{ .fact = "slabinfo.kmalloc-64.bytes", .absent = true },
	} },
	{ SOS "proc/slabinfo", &in_slabinfo, "proc/slabinfo", CORPUS, 0, 0, {
		{ .fact = "slabinfo.top1.name", .str = "xfs_inode", .line = 24 },
		{ .fact = "slabinfo.dentry.bytes", .value = 22265856, .line = 89 },
	} },
};

static void test_slabinfo_corpus(void **state)
{
	(void)state;
	run_cases(slabinfo_corpus, ARRAY_SIZE(slabinfo_corpus));
}

/* ---- swaps ------------------------------------------------------------- */

#define SWAPON "sos_commands/memory/swapon_--bytes_--show"

static const struct pcase swaps_cases[] = {
	{ "proc/swaps, two areas", &in_swaps, "proc/swaps",
	  BUF("Filename\t\t\t\tType\t\tSize\tUsed\tPriority\n"
	      "/dev/dm-1                               partition\t4194300\t1024\t-2\n"
	      "/swap\\040file                           file\t\t1048572\t0\t-3\n"), 0, 0, {
		{ .fact = "swap.devices", .value = 2, .unit = "count", .no_line = true },
		{ .fact = "swap.total_kb", .value = 5242872, .unit = "kB", .no_line = true },
		{ .fact = "swap.used_kb", .value = 1024, .unit = "kB", .no_line = true },
	} },
	/* bytes, and a name with a blank: the extra field goes to NAME */
	{ "swapon --bytes", &in_swaps, SWAPON,
	  BUF("NAME       TYPE       SIZE    USED PRIO\r\n"
	      "/dev/dm-1  partition  4294963200 1048576   -2\r\n"
	      "/swap file file       1073737728       0   -3\r\n"), 0, 0, {
		{ .fact = "swap.devices", .value = 2 },
		{ .fact = "swap.total_kb", .value = 5242872 },
		{ .fact = "swap.used_kb", .value = 1024 },
	} },
	{ "header only: no swap", &in_swaps, "proc/swaps",
	  BUF("Filename\t\t\t\tType\t\tSize\tUsed\tPriority\n"), 0, 0, {
		{ .fact = "swap.devices" },
		{ .fact = "swap.total_kb" },
		{ .fact = "swap.used_kb" },
	} },
	/* junk before the header, a stderr line, an overflowing size */
	{ "broken", &in_swaps, SWAPON,
	  BUF("swapon: cannot open /proc/swaps\n"
	      "NAME      TYPE      SIZE USED PRIO\n"
	      "swapon: /dev/sdb2: read swap header failed\n"
	      "/dev/sda2 partition 99999999999999999999999 0 -2\n"
	      "/dev/sda3 partition 2048 1024 -3\n"
	      "/dev/sda4 par\0tition 2048"), 0, 4, {
		{ .fact = "swap.devices", .value = 2 },
		{ .fact = "swap.total_kb", .absent = true },
		{ .fact = "swap.used_kb", .value = 1 },
	} },
	{ "empty swapon: says nothing", &in_swaps, SWAPON, BUF(""), -1, 0, {
		{ .fact = "swap.devices", .absent = true },
	} },
	{ "no header", &in_swaps, "proc/swaps", BUF("/dev/dm-1 partition 4 0 -2\n/dev/dm-2 partition 4 0 -2\n"), -1, 1, {
		{ .fact = "swap.devices", .absent = true },
	} },
};

static void test_swaps(void **state)
{
	(void)state;
	run_cases(swaps_cases, ARRAY_SIZE(swaps_cases));
}

static const struct pcase swaps_corpus[] = {
	{ "snapshots/free/prometheus-procfs.proc_swaps", &in_swaps, "proc/swaps", CORPUS, 0, 0, {
		{ .fact = "swap.devices", .value = 1 },
		{ .fact = "swap.total_kb", .value = 131068 },
		{ .fact = "swap.used_kb", .value = 176 },
	} },
	{ SOS "proc/swaps", &in_swaps, "proc/swaps", CORPUS, 0, 0, {
		{ .fact = "swap.devices" },
		{ .fact = "swap.total_kb" },
	} },
	/* 0 bytes in this sosreport (the host has no swap) */
	{ SOS SWAPON, &in_swaps, SWAPON, CORPUS, -1, 0, {
		{ .fact = "swap.devices", .absent = true },
	} },
};

static void test_swaps_corpus(void **state)
{
	(void)state;
	run_cases(swaps_corpus, ARRAY_SIZE(swaps_corpus));
}

/* ---- free -------------------------------------------------------------- */

#define FREE "sos_commands/memory/free"
#define FREE_M "sos_commands/memory/free_-m"

static const struct pcase free_cases[] = {
	{ "procps 3.2", &in_free, FREE,
	  BUF("             total       used       free     shared    buffers     cached\n"
	      "Mem:       2073152     933188    1139964          0     836776      43416\n"
	      "-/+ buffers/cache:      52996    2020156\n"
	      "Swap:       2097144         16    2097128\n"), 0, 0, {
		{ .fact = "free.mem_total_kb", .value = 2073152, .line = 2, .unit = "kB" },
		{ .fact = "free.mem_used_kb", .value = 933188, .line = 2 },
		{ .fact = "free.mem_free_kb", .value = 1139964, .line = 2 },
		{ .fact = "free.mem_shared_kb", .line = 2 },
		{ .fact = "free.mem_buff_cache_kb", .value = 836776 + 43416, .line = 2, .unit = "kB" },
		{ .fact = "free.mem_available_kb", .absent = true },
		{ .fact = "free.swap_total_kb", .value = 2097144, .line = 4 },
		{ .fact = "free.swap_used_kb", .value = 16, .line = 4 },
		{ .fact = "free.swap_free_kb", .value = 2097128, .line = 4 },
	} },
	{ "free -w, -l and -t rows", &in_free, "free",
	  BUF("               total        used        free      shared     buffers       cache   available\n"
	      "Mem:        16318152     4038988     9446972      582452      413016     2419176    11368792\n"
	      "Low:        16318152     6871180     9446972\n"
	      "High:              0           0           0\n"
	      "Swap:        2097148           0     2097148\n"
	      "Total:      18415300     4038988    11544120\n"), 0, 0, {
		{ .fact = "free.mem_buff_cache_kb", .value = 413016 + 2419176, .line = 2 },
		{ .fact = "free.mem_available_kb", .value = 11368792, .line = 2 },
		{ .fact = "free.swap_free_kb", .value = 2097148, .line = 5 },
	} },
	{ "MiB", &in_free, FREE_M,
	  BUF("              total        used        free      shared  buff/cache   available\n"
	      "Mem:           7973        5838         831           0        1303        1903\n"
	      "Swap:          2047           1        2046"), 0, 0, {
		{ .fact = "free.mem_total_kb", .value = 7973 * 1024, .line = 2, .unit = "kB" },
		{ .fact = "free.mem_available_kb", .value = 1903 * 1024, .line = 2 },
		{ .fact = "free.swap_used_kb", .value = 1024, .line = 3 },
	} },
	{ "broken", &in_free, FREE,
	  BUF("Mem:        8164548     5978528\n"
	      "bash: free: command not found\n"
	      "              total        used        free      shared  buff/cache   available\r\n"
	      "Mem:        8164548     5978528      850788         932     1335232     1949008    77\r\n"
	      "Mem:   99999999999999999999  12  1x\n"
	      "Swap:        100 99999999999999999999 \0 7\n"
	      "Swap:        100 9223372036854775807 5\n"), 0, 5, {
		{ .fact = "free.mem_total_kb", .absent = true },
		{ .fact = "free.mem_used_kb", .absent = true },
		{ .fact = "free.swap_total_kb", .value = 100, .line = 7 },
		{ .fact = "free.swap_used_kb", .value = 9223372036854775807LL, .line = 7 },
		{ .fact = "free.swap_free_kb", .value = 5, .line = 7 },
	} },
	{ "MiB overflow", &in_free, FREE_M,
	  BUF("              total        used        free\nSwap:  9223372036854775807 0 0\n"), 0, 1, {
		{ .fact = "free.swap_total_kb", .absent = true },
		{ .fact = "free.swap_used_kb", .line = 2 },
	} },
	{ "empty", &in_free, FREE, BUF(""), 0, 0, { { .fact = "free.mem_total_kb", .absent = true } } },
};

static void test_free_output(void **state)
{
	(void)state;
	run_cases(free_cases, ARRAY_SIZE(free_cases));
}

static const struct pcase free_corpus[] = {
	{ "snapshots/free/rhcos-4.2-hyperv.free", &in_free, FREE, CORPUS, 0, 0, {
		{ .fact = "free.mem_total_kb", .value = 8164548, .line = 2 },
		{ .fact = "free.mem_used_kb", .value = 5978528, .line = 2 },
		{ .fact = "free.mem_free_kb", .value = 850788, .line = 2 },
		{ .fact = "free.mem_shared_kb", .value = 932, .line = 2 },
		{ .fact = "free.mem_buff_cache_kb", .value = 1335232, .line = 2 },
		{ .fact = "free.mem_available_kb", .value = 1949008, .line = 2 },
		{ .fact = "free.swap_total_kb", .line = 3 },
		{ .fact = "free.swap_used_kb", .line = 3 },
		{ .fact = "free.swap_free_kb", .line = 3 },
	} },
	{ "snapshots/free/rhcos-4.2-hyperv.free_-m", &in_free, FREE_M, CORPUS, 0, 0, {
		{ .fact = "free.mem_total_kb", .value = 7973 * 1024, .line = 2 },
		{ .fact = "free.mem_shared_kb", .line = 2 },
		{ .fact = "free.mem_buff_cache_kb", .value = 1303 * 1024, .line = 2 },
		{ .fact = "free.swap_total_kb", .line = 3 },
	} },
	/* mail-wrapped: the header's and Mem's last two columns sit on lines of their own */
	{ "snapshots/free/lkml-2005-i386-highmem-2G.free.WRAPPED", &in_free, FREE, CORPUS, 0, 2, {
		{ .fact = "free.mem_total_kb", .value = 2073152, .line = 3 },
		{ .fact = "free.mem_free_kb", .value = 1139964, .line = 3 },
		{ .fact = "free.mem_shared_kb", .line = 3 },
		{ .fact = "free.mem_buff_cache_kb", .absent = true },
		{ .fact = "free.swap_total_kb", .line = 6 },
	} },
	{ SOS "sos_commands/memory/free", &in_free, FREE, CORPUS, 0, 0, {
		{ .fact = "free.mem_available_kb", .value = 1949008, .line = 2 },
	} },
	{ SOS "sos_commands/memory/free_-m", &in_free, FREE_M, CORPUS, 0, 0, {
		{ .fact = "free.mem_available_kb", .value = 1903 * 1024, .line = 2 },
	} },
};

static void test_free_output_corpus(void **state)
{
	(void)state;
	run_cases(free_corpus, ARRAY_SIZE(free_corpus));
}

/* free and free -m of one snapshot: the KiB values win, whatever the order. */
static void test_free_output_prefers_kib(void **state)
{
	static char kib[] = "       total  used  free  shared  buff/cache  available\n"
			    "Mem:   8164548  5978528  850788  932  1335232  1949008\n";
	static char mib[] = "       total  used  free  shared  buff/cache  available\n"
			    "Mem:   7973  5838  831  0  1303  1903\n";
	const struct held_file files[] = {
		{ "free", "snap/free", kib, sizeof(kib) - 1, 0 },
		{ FREE_M, "snap/" FREE_M, mib, sizeof(mib) - 1, 0 },
		{ FREE_M, "snap/" FREE_M, (char *)"", 0, 0 },
	};
	struct harness h;
	struct parse_ctx ctx;

	(void)state;
	intern_init(&h.strings);
	factstore_init(&h.facts, &h.strings);
	diag_init(&h.diag, NULL);
	ctx = (struct parse_ctx){ &h.facts, &h.diag, files[1].file, files[1].rel, 0 };
	in_free.finish(&ctx, files, ARRAY_SIZE(files));
	assert_int_equal(fact_int(&h, "free.mem_shared_kb"), 932);
	assert_int_equal(fact_int(&h, "free.mem_total_kb"), 8164548);
	assert_string_equal(fact_get(&h.facts, "free.mem_total_kb")->src.file, "snap/free");
	assert_int_equal(fact_line(&h, "free.mem_total_kb"), 2);
	assert_int_equal(h.diag.nr, 0);
	harness_release(&h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_zoneinfo),
		cmocka_unit_test(test_zoneinfo_corpus),
		cmocka_unit_test(test_buddyinfo),
		cmocka_unit_test(test_buddyinfo_corpus),
		cmocka_unit_test(test_pagetypeinfo),
		cmocka_unit_test(test_pagetypeinfo_corpus),
		cmocka_unit_test(test_vmstat),
		cmocka_unit_test(test_vmstat_corpus),
		cmocka_unit_test(test_slabinfo),
		cmocka_unit_test(test_slabinfo_corpus),
		cmocka_unit_test(test_swaps),
		cmocka_unit_test(test_swaps_corpus),
		cmocka_unit_test(test_free_output),
		cmocka_unit_test(test_free_output_corpus),
		cmocka_unit_test(test_free_output_prefers_kib),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
