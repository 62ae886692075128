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

/* A fact expected (or, with val ABSENT, not expected) after a parse. */
#define ABSENT INT64_MIN
#define NOLINE 0xffffffffu

struct want {
	const char *key;
	int64_t val;                 /* ignored when str is set */
	const char *str;
	unsigned line;               /* NOLINE: not checked */
	const char *unit;            /* NULL: not checked */
};

/* One parse: a buffer (or a corpus file), the path it is read as, what must come out. */
struct pcase {
	const char *what;            /* shown on failure */
	const struct source *src;
	const char *rel;
	const char *buf;             /* NULL: read corpus file @what */
	size_t len;
	int ret;
	size_t warns;
	struct want want[16];
};

#define BUF(s) s, sizeof(s) - 1
#define CORPUS NULL, 0

static bool check_want(const struct harness *h, const struct want *w)
{
	const struct fact *f = fact_get(&h->facts, w->key);

	if (w->val == ABSENT && !w->str)
		return !f;
	if (!f)
		return false;
	if (w->line != NOLINE && f->src.line != w->line)
		return false;
	if (w->unit && strcmp(f->unit, w->unit))
		return false;
	if (w->str)
		return f->type == FACT_STR && !strcmp(f->s, w->str);
	return f->type == FACT_INT && f->i == w->val;
}

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
	const struct want *w;
	char *owned = NULL;
	const char *buf = c->buf;
	size_t len = c->len;

	if (!buf) {
		owned = corpus_read(c->what, &len);
		if (!owned)
			return;
		buf = owned;
	}
	harness_run(&h, c->src, c->rel, buf, len);
	if (h.ret != c->ret || h.diag.nr != c->warns) {
		print_message("case %zu (%s): ret %d (want %d), %zu warnings (want %zu)\n", i, c->what,
			      h.ret, c->ret, h.diag.nr, c->warns);
		dump_facts(&h);
		fail();
	}
	for (w = c->want; w < c->want + ARRAY_SIZE(c->want) && w->key; w++) {
		if (!check_want(&h, w)) {
			print_message("case %zu (%s): fact %s is not %lld%s%s at line %u\n", i, c->what,
				      w->key, (long long)w->val, w->str ? " / " : "", w->str ? w->str : "",
				      w->line);
			dump_facts(&h);
			fail();
		}
	}
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
		{ "zoneinfo.zones", 2, NULL, 0, "count" },
		{ "zoneinfo.node0.nr_inactive_anon", 50, NULL, 3, "pages" },
		{ "zoneinfo.node0.nr_anon_transparent_hugepages", 69, NULL, 4, "count" },
		{ "zoneinfo.node0.DMA.free", 3975, NULL, 6, "pages" },
		{ "zoneinfo.node0.DMA.managed", 3977, NULL, 12, "pages" },
		{ "zoneinfo.node0.DMA.protection", 0, "0, 3828, 7894, 7894, 7894", 13, NULL },
		{ "zoneinfo.node0.DMA.protection1", 3828, NULL, 13, "pages" },
		{ "zoneinfo.node0.DMA.numa_hit", 1, NULL, 15, "count" },
		{ "zoneinfo.node0.DMA.nr_kernel_stack", 944, NULL, 16, "" },
		{ "zoneinfo.node0.DMA.start_pfn", 1, NULL, 24, "" },
		{ "zoneinfo.node0.DMA.high", 49, NULL, 9, NULL },
		{ "zoneinfo.node0.Movable.boost", 0, NULL, 27, "pages" },
	} },
	{ "rhel8 pagesets", &in_zoneinfo, "proc/zoneinfo", BUF(zi_rhel8), 0, 0, {
		{ "zoneinfo.node0.DMA.count", ABSENT, NULL, NOLINE, NULL },
		{ "zoneinfo.node0.DMA.batch", ABSENT, NULL, NOLINE, NULL },
		{ "zoneinfo.node0.DMA.cpu", ABSENT, NULL, NOLINE, NULL },
		{ "zoneinfo.node0.DMA.node_unreclaimable", 0, NULL, 23, NULL },
		{ "zoneinfo.node0.Movable.protection4", 0, NULL, 29, NULL },
	} },
	{ "2.6.22", &in_zoneinfo, "proc/zoneinfo", BUF(zi_2007), 0, 0, {
		{ "zoneinfo.zones", 1, NULL, NOLINE, NULL },
		{ "zoneinfo.node0.HighMem.free", 1297805, NULL, 2, NULL },
		{ "zoneinfo.node0.HighMem.scanned", 0, NULL, 4, NULL },
		{ "zoneinfo.node0.HighMem.nr_free_pages", 1297805, NULL, 5, NULL },
		{ "zoneinfo.node0.HighMem.protection", 0, "0, 0, 0", 6, NULL },
		{ "zoneinfo.node0.HighMem.high", ABSENT, NULL, NOLINE, NULL },
		{ "zoneinfo.node0.HighMem.all_unreclaimable", 0, NULL, 15, "" },
		{ "zoneinfo.node0.HighMem.prev_priority", 12, NULL, 16, NULL },
		{ "zoneinfo.node0.HighMem.start_pfn", 229376, NULL, 17, NULL },
	} },
	/* junk, overflow, bad protection, NUL bytes, a bash error: 5 warnings */
	{ "broken", &in_zoneinfo, "proc/zoneinfo", BUF(zi_broken), 0, 5, {
		{ "zoneinfo.zones", 1, NULL, NOLINE, NULL },
		{ "zoneinfo.node0.Normal.free", ABSENT, NULL, NOLINE, NULL },
		{ "zoneinfo.node0.Normal.min", 12, NULL, 4, NULL },
		{ "zoneinfo.node0.Normal.protection", ABSENT, NULL, NOLINE, NULL },
		{ "zoneinfo.node0.Normal.protection0", ABSENT, NULL, NOLINE, NULL },
		{ "zoneinfo.node0.Normal.low", ABSENT, NULL, NOLINE, NULL },
		{ "zoneinfo.node0.Normal.high", 30, NULL, 8, NULL },
	} },
	{ "truncated", &in_zoneinfo, "proc/zoneinfo", BUF(zi_truncated), 0, 1, {
		{ "zoneinfo.node0.Normal.free", 12, NULL, 2, NULL },
		{ "zoneinfo.node0.Normal.min", ABSENT, NULL, NOLINE, NULL },
	} },
	{ "empty", &in_zoneinfo, "proc/zoneinfo", BUF(""), -1, 0, { { "zoneinfo.zones", ABSENT, NULL, NOLINE, NULL } } },
	{ "cut header", &in_zoneinfo, "proc/zoneinfo", BUF("Node 0, zo"), -1, 1, { { NULL, 0, NULL, 0, NULL } } },
	/* a damaged header costs its zone, with one warning, not the next one */
	{ "bad header", &in_zoneinfo, "proc/zoneinfo",
	  BUF("Node x, zone   DMA\n  pages free 1\n        min 2\nNode 0, zone Normal\n  pages free 3\n"), 0, 1, {
		{ "zoneinfo.zones", 1, NULL, NOLINE, NULL },
		{ "zoneinfo.node0.Normal.free", 3, NULL, 5, NULL },
		{ "zoneinfo.node0.DMA.free", ABSENT, NULL, NOLINE, NULL },
	} },
	{ "not zoneinfo", &in_zoneinfo, "proc/zoneinfo", BUF("MemTotal: 12 kB\nMemFree: 1 kB\n"), -1, 1, { { NULL, 0, NULL, 0, NULL } } },
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
		{ "zoneinfo.zones", 3, NULL, NOLINE, NULL },
		{ "zoneinfo.node0.Normal.free", 6383, NULL, 65, NULL },
		{ "zoneinfo.node0.Normal.min", 936, NULL, 66, NULL },
		{ "zoneinfo.node0.Normal.nr_slab_reclaimable", 188073, NULL, NOLINE, NULL },
		{ "zoneinfo.node0.Normal.protection", 0, "0, 0, 90424", 86, NULL },
		{ "zoneinfo.node0.HighMem.free", 1297805, NULL, 128, NULL },
		{ "zoneinfo.node0.HighMem.start_pfn", 229376, NULL, 189, NULL },
		{ "zoneinfo.node0.DMA.managed", ABSENT, NULL, NOLINE, NULL },
	} },
	{ ZI "pcp-qa-meminfo-root-001.zoneinfo", &in_zoneinfo, "proc/zoneinfo", CORPUS, 0, 0, {
		{ "zoneinfo.zones", 3, NULL, NOLINE, NULL },
		{ "zoneinfo.node0.DMA32.free", 71215, NULL, 95, NULL },
		{ "zoneinfo.node0.Normal.managed", 3594586, NULL, 195, NULL },
		{ "zoneinfo.node0.DMA.protection", 0, "0, 1584, 15625, 15625", 49, NULL },
		{ "zoneinfo.node0.DMA.protection3", 15625, NULL, 49, NULL },
		{ "zoneinfo.node0.DMA.all_unreclaimable", 1, NULL, NOLINE, NULL },
		{ "zoneinfo.node0.Normal.start_pfn", 1048576, NULL, 278, NULL },
	} },
	{ ZI "pcp-qa-meminfo-root-002.zoneinfo", &in_zoneinfo, "proc/zoneinfo", CORPUS, 0, 0, {
		{ "zoneinfo.zones", 4, NULL, NOLINE, NULL },
		{ "zoneinfo.node0.Normal.free", 10550477, NULL, 426, NULL },
		{ "zoneinfo.node1.Normal.free", 11093906, NULL, 638, NULL },
		{ "zoneinfo.node1.Normal.min", 11288, NULL, 639, NULL },
		{ "zoneinfo.node1.Normal.managed", 16514387, NULL, 645, NULL },
		{ "zoneinfo.node1.Normal.start_pfn", 17301504, NULL, 847, NULL },
	} },
	{ ZI "pcp-qa-meminfo-root-004.zoneinfo", &in_zoneinfo, "proc/zoneinfo", CORPUS, 0, 0, {
		{ "zoneinfo.zones", 3, NULL, NOLINE, NULL },
		{ "zoneinfo.node0.nr_inactive_file", 53782, NULL, 5, NULL },
		{ "zoneinfo.node0.DMA.node_scanned", 0, NULL, 33, NULL },
		{ "zoneinfo.node0.DMA32.free", 757514, NULL, 84, NULL },
		{ "zoneinfo.node0.Normal.protection", 0, "0, 0, 0, 0, 0", 168, NULL },
	} },
	{ ZI "pcp-qa-meminfo-root-005.zoneinfo", &in_zoneinfo, "proc/zoneinfo", CORPUS, 0, 0, {
		{ "zoneinfo.zones", 5, NULL, NOLINE, NULL },
		{ "zoneinfo.node0.nr_inactive_file", 236628, NULL, 5, NULL },
		{ "zoneinfo.node0.Normal.free", 494869, NULL, 176, NULL },
		{ "zoneinfo.node0.Normal.managed", 3594150, NULL, 182, NULL },
		{ "zoneinfo.node0.DMA32.protection2", 14035, NULL, 109, NULL },
	} },
	{ ZI "pcp-qa-meminfo-root-006.zoneinfo", &in_zoneinfo, "proc/zoneinfo", CORPUS, 0, 0, {
		{ "zoneinfo.zones", 5, NULL, NOLINE, NULL },
		{ "zoneinfo.node0.nr_inactive_file", 59867, NULL, 5, NULL },
		{ "zoneinfo.node0.DMA32.free", 621829, NULL, 72, NULL },
		{ "zoneinfo.node0.Normal.free", 5420, NULL, 113, NULL },
		{ "zoneinfo.node0.Normal.managed", 245205, NULL, 119, NULL },
	} },
	{ ZI "pcp-qa-meminfo-root-007.zoneinfo", &in_zoneinfo, "proc/zoneinfo", CORPUS, 0, 0, {
		{ "zoneinfo.zones", 10, NULL, NOLINE, NULL },
		{ "zoneinfo.node0.nr_inactive_file", 528007, NULL, 5, NULL },
		{ "zoneinfo.node0.DMA.cma", 0, NULL, 49, NULL },
		{ "zoneinfo.node0.Normal.free", 248733, NULL, 182, NULL },
		{ "zoneinfo.node1.nr_inactive_file", 109598, NULL, 295, NULL },
		{ "zoneinfo.node1.Normal.free", 762548, NULL, 332, NULL },
		{ "zoneinfo.node1.Normal.managed", 1020184, NULL, 338, NULL },
		{ "zoneinfo.node1.Normal.start_pfn", 1572864, NULL, 400, NULL },
	} },
	{ ZI "prometheus-procfs.zoneinfo", &in_zoneinfo, "proc/zoneinfo", CORPUS, 0, 0, {
		{ "zoneinfo.zones", 5, NULL, NOLINE, NULL },
		{ "zoneinfo.node0.nr_inactive_anon", 230981, NULL, 3, NULL },
		{ "zoneinfo.node0.DMA.protection", 0, "0, 2877, 7826, 7826, 7826", 40, NULL },
		{ "zoneinfo.node0.DMA32.free", 204252, NULL, 104, NULL },
		{ "zoneinfo.node0.Normal.free", 18553, NULL, 175, NULL },
		{ "zoneinfo.node0.Normal.managed", 1268711, NULL, 181, NULL },
	} },
	{ ZI "rhcos-4.2-hyperv.zoneinfo", &in_zoneinfo, "proc/zoneinfo", CORPUS, 0, 0, {
		{ "zoneinfo.zones", 5, NULL, NOLINE, NULL },
		{ "zoneinfo.node0.nr_inactive_file", 253115, NULL, 5, NULL },
		{ "zoneinfo.node0.nr_written", 260861, NULL, 29, NULL },
		{ "zoneinfo.node0.DMA.protection", 0, "0, 3828, 7894, 7894, 7894", 38, NULL },
		{ "zoneinfo.node0.Normal.free", 10852, NULL, 113, NULL },
		{ "zoneinfo.node0.Normal.min", 8684, NULL, 114, NULL },
		{ "zoneinfo.node0.Normal.low", 10855, NULL, 115, NULL },
		{ "zoneinfo.node0.Normal.managed", 1042033, NULL, 119, NULL },
		{ "zoneinfo.node0.Device.managed", 0, NULL, NOLINE, NULL },
	} },
	{ SOS "proc/zoneinfo", &in_zoneinfo, "proc/zoneinfo", CORPUS, 0, 0, {
		{ "zoneinfo.zones", 5, NULL, NOLINE, NULL },
		{ "zoneinfo.node0.DMA32.free", 122008, NULL, 72, NULL },
		{ "zoneinfo.node0.DMA32.protection2", 4065, NULL, 79, NULL },
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
		{ "buddyinfo.node0.DMA.order0", 1, NULL, 1, "count" },
		{ "buddyinfo.node0.DMA.order2", 3, NULL, 1, NULL },
		{ "buddyinfo.node0.DMA.order3", ABSENT, NULL, NOLINE, NULL },
		{ "buddyinfo.node0.DMA.orders", 3, NULL, 1, "count" },
		{ "buddyinfo.node0.DMA.free_pages", 1 + 4 + 12, NULL, 1, "pages" },
		{ "buddyinfo.node1.Normal.free_pages", 16, NULL, 2, NULL },
	} },
	/* an overflowing count: the sum is unknown, the other orders stay */
	{ "overflow, junk, CRLF, NUL", &in_buddyinfo, "proc/buddyinfo",
	  BUF("Node 0, zone   Normal 99999999999999999999 5\r\nbash: line 1: foo: command not found\r\n"
	      "Node 0, zone    DMA32 1 x 2\nNode 0, zone\0 DMA 1\nNode 0, zone  Movable 2 2"), 0, 4, {
		{ "buddyinfo.node0.Normal.order0", ABSENT, NULL, NOLINE, NULL },
		{ "buddyinfo.node0.Normal.order1", 5, NULL, 1, NULL },
		{ "buddyinfo.node0.Normal.orders", 2, NULL, 1, NULL },
		{ "buddyinfo.node0.Normal.free_pages", ABSENT, NULL, NOLINE, NULL },
		{ "buddyinfo.node0.DMA32.order0", ABSENT, NULL, NOLINE, NULL },
		{ "buddyinfo.node0.Movable.free_pages", 6, NULL, 5, NULL },
	} },
	/* INT64_MAX blocks of order 0 fit, one more of order 1 overflows the sum */
	{ "sum overflow", &in_buddyinfo, "proc/buddyinfo",
	  BUF("Node 0, zone Normal 9223372036854775807 1\n"), 0, 0, {
		{ "buddyinfo.node0.Normal.order0", INT64_MAX, NULL, 1, NULL },
		{ "buddyinfo.node0.Normal.free_pages", ABSENT, NULL, NOLINE, NULL },
	} },
	{ "empty", &in_buddyinfo, "proc/buddyinfo", BUF(""), -1, 0, { { NULL, 0, NULL, 0, NULL } } },
	{ "truncated", &in_buddyinfo, "proc/buddyinfo", BUF("Node 0, zone"), -1, 1, { { NULL, 0, NULL, 0, NULL } } },
	{ "no counts", &in_buddyinfo, "proc/buddyinfo", BUF("Node 0, zone   Normal  \n"), -1, 1, { { NULL, 0, NULL, 0, NULL } } },
};

static void test_buddyinfo(void **state)
{
	(void)state;
	run_cases(buddyinfo_cases, ARRAY_SIZE(buddyinfo_cases));
}

#define BI "snapshots/buddyinfo/"

static const struct pcase buddyinfo_corpus[] = {
	{ BI "insights-core-test_buddyinfo-1-2node.buddyinfo", &in_buddyinfo, "proc/buddyinfo", CORPUS, 0, 0, {
		{ "buddyinfo.node0.DMA.free_pages", 2816, NULL, 1, NULL },
		{ "buddyinfo.node0.Normal.order10", 6120, NULL, 3, NULL },
		{ "buddyinfo.node1.Normal.order0", 1, NULL, 4, NULL },
		{ "buddyinfo.node1.Normal.order2", 1783, NULL, 4, NULL },
		{ "buddyinfo.node1.Normal.orders", 11, NULL, 4, NULL },
		{ "buddyinfo.node1.Normal.free_pages", 7772627, NULL, 4, NULL },
	} },
	{ BI "insights-core-test_buddyinfo-2.buddyinfo", &in_buddyinfo, "proc/buddyinfo", CORPUS, 0, 0, {
		{ "buddyinfo.node0.Normal.order0", 19340, NULL, 3, NULL },
		{ "buddyinfo.node0.Normal.free_pages", 54162, NULL, 3, NULL },
		{ "buddyinfo.node0.DMA32.free_pages", 94966, NULL, 2, NULL },
	} },
	{ BI "pcp-qa-meminfo-root-001.buddyinfo", &in_buddyinfo, "proc/buddyinfo", CORPUS, 0, 0, {
		{ "buddyinfo.node0.DMA32.order10", 681, NULL, 2, NULL },
		{ "buddyinfo.node0.DMA32.free_pages", 718374, NULL, 2, NULL },
		{ "buddyinfo.node0.Normal.free_pages", 2744, NULL, 3, NULL },
	} },
	{ BI "prometheus-procfs.buddyinfo", &in_buddyinfo, "proc/buddyinfo", CORPUS, 0, 0, {
		{ "buddyinfo.node0.Normal.order0", 4381, NULL, 3, NULL },
		{ "buddyinfo.node0.Normal.free_pages", 32139, NULL, 3, NULL },
		{ "buddyinfo.node0.DMA.free_pages", 3973, NULL, 1, NULL },
	} },
	/* sums checked by hand: they equal zoneinfo's "pages free" of DMA (3975) and Normal (10852) */
	{ BI "rhcos-4.2-hyperv.buddyinfo", &in_buddyinfo, "proc/buddyinfo", CORPUS, 0, 0, {
		{ "buddyinfo.node0.DMA.free_pages", 3975, NULL, 1, NULL },
		{ "buddyinfo.node0.DMA32.free_pages", 123190, NULL, 2, NULL },
		{ "buddyinfo.node0.Normal.free_pages", 10852, NULL, 3, NULL },
		{ "buddyinfo.node0.Normal.order10", 0, NULL, 3, NULL },
	} },
	{ SOS "proc/buddyinfo", &in_buddyinfo, "proc/buddyinfo", CORPUS, 0, 0, {
		{ "buddyinfo.node0.Normal.order2", 571, NULL, 3, NULL },
		{ "buddyinfo.node0.Normal.free_pages", 10852, NULL, 3, NULL },
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
		{ "pagetypeinfo.page_block_order", 9, NULL, 1, "" },
		{ "pagetypeinfo.pages_per_block", 512, NULL, 2, "pages" },
		{ "pagetypeinfo.node0.Normal.Unmovable.free_pages", 1 + 4 + 12, NULL, 5, "pages" },
		{ "pagetypeinfo.node0.Normal.Movable.free_pages", ABSENT, NULL, NOLINE, NULL },
		{ "pagetypeinfo.node1.Normal.CMA.free_pages", 8, NULL, 7, NULL },
		{ "pagetypeinfo.node0.Normal.Unmovable.blocks", 7, NULL, 10, "count" },
		{ "pagetypeinfo.node0.Normal.Movable.blocks", 100, NULL, 10, NULL },
		{ "pagetypeinfo.node0.Normal.CMA.blocks", 2, NULL, 10, NULL },
		{ "pagetypeinfo.node1.Normal.Movable.blocks", 2, NULL, 11, NULL },
		{ "pagetypeinfo.node1.Normal.CMA.blocks", ABSENT, NULL, NOLINE, NULL },
	} },
	{ "broken", &in_pagetypeinfo, "proc/pagetypeinfo",
	  BUF("Page block order: 99999999999999999999\r\nPages per block:  512\r\n"
	      "Node 0, zone Normal 1 2\n"
	      "Number of blocks type     Unmovable      Movable\n"
	      "Node 0, zone   Normal  1  2  3\n"
	      "Node 0, zone   Normal, type Unmovable 1 \0 2\n"
	      "cat: /proc/pagetypeinfo: Permission denied\n"
	      "Node 0, zone      DMA  99999999999999999999  4"), 0, 6, {
		{ "pagetypeinfo.page_block_order", ABSENT, NULL, NOLINE, NULL },
		{ "pagetypeinfo.pages_per_block", 512, NULL, 2, NULL },
		{ "pagetypeinfo.node0.Normal.Unmovable.blocks", ABSENT, NULL, NOLINE, NULL },
		{ "pagetypeinfo.node0.Normal.Unmovable.free_pages", ABSENT, NULL, NOLINE, NULL },
		{ "pagetypeinfo.node0.DMA.Unmovable.blocks", ABSENT, NULL, NOLINE, NULL },
		{ "pagetypeinfo.node0.DMA.Movable.blocks", 4, NULL, 8, NULL },
	} },
	{ "empty", &in_pagetypeinfo, "proc/pagetypeinfo", BUF(""), -1, 0, { { NULL, 0, NULL, 0, NULL } } },
	{ "truncated", &in_pagetypeinfo, "proc/pagetypeinfo", BUF("Page block ord"), -1, 1, { { NULL, 0, NULL, 0, NULL } } },
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
		{ "pagetypeinfo.page_block_order", 9, NULL, 1, NULL },
		{ "pagetypeinfo.pages_per_block", 512, NULL, 2, NULL },
		{ "pagetypeinfo.node0.DMA.Unmovable.free_pages", 391, NULL, 5, NULL },
		{ "pagetypeinfo.node0.DMA.Movable.free_pages", 3584, NULL, 6, NULL },
		{ "pagetypeinfo.node0.DMA32.Unmovable.free_pages", 190601, NULL, 10, NULL },
		{ "pagetypeinfo.node0.Normal.Movable.free_pages", 7610, NULL, 16, NULL },
		{ "pagetypeinfo.node0.Normal.Isolate.free_pages", 0, NULL, 19, NULL },
		{ "pagetypeinfo.node0.DMA.Movable.blocks", 7, NULL, 22, NULL },
		{ "pagetypeinfo.node0.DMA32.Unmovable.blocks", 1654, NULL, 23, NULL },
		{ "pagetypeinfo.node0.Normal.Movable.blocks", 530, NULL, 24, NULL },
		{ "pagetypeinfo.node0.Normal.Reclaimable.blocks", 25, NULL, 24, NULL },
		{ "pagetypeinfo.node0.Normal.CMA.blocks", ABSENT, NULL, NOLINE, NULL },
	} },
	{ SOS "proc/pagetypeinfo", &in_pagetypeinfo, "proc/pagetypeinfo", CORPUS, 0, 0, {
		{ "pagetypeinfo.node0.Normal.Unmovable.blocks", 1557, NULL, 24, NULL },
		{ "pagetypeinfo.node0.Normal.Unmovable.free_pages", 2858, NULL, 15, NULL },
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
		{ "vmstat.nr_free_pages", 213021, NULL, 1, "count" },
		{ "vmstat.pgscan_direct", 0, NULL, 2, NULL },
		{ "vmstat.oom_kill", 3, NULL, 3, NULL },
		{ "vmstat.nr_unstable", 0, NULL, 4, NULL },
	} },
	{ "broken", &in_vmstat, "proc/vmstat",
	  BUF("pgfault 99999999999999999999\nbash: line 1: foo: command not found\n\n"
	      "pgmajfault 12 kB\nnr_dirty\nallocstall -1\nnr_\0x 4\npswpin 7\n 5\n"), 0, 7, {
		{ "vmstat.pgfault", ABSENT, NULL, NOLINE, NULL },
		{ "vmstat.pgmajfault", ABSENT, NULL, NOLINE, NULL },
		{ "vmstat.nr_dirty", ABSENT, NULL, NOLINE, NULL },
		{ "vmstat.allocstall", ABSENT, NULL, NOLINE, NULL },
		{ "vmstat.pswpin", 7, NULL, 8, NULL },
	} },
	{ "empty", &in_vmstat, "proc/vmstat", BUF(""), -1, 0, { { NULL, 0, NULL, 0, NULL } } },
	{ "truncated", &in_vmstat, "proc/vmstat", BUF("nr_free_pa"), -1, 1, { { NULL, 0, NULL, 0, NULL } } },
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
		{ "vmstat.nr_free_pages", 1307065, NULL, 1, NULL },
		{ "vmstat.pgscan_kswapd_normal", 14688, NULL, 34, NULL },
		{ "vmstat.allocstall", 271, NULL, 44, NULL },
		{ "vmstat.oom_kill", ABSENT, NULL, NOLINE, NULL },
	} },
	{ VM "pcp-qa-meminfo-root-001.vmstat", &in_vmstat, "proc/vmstat", CORPUS, 0, 0, {
		{ "vmstat.nr_free_pages", 1159538, NULL, 1, NULL },
		{ "vmstat.pgmajfault", 9578, NULL, 54, NULL },
		{ "vmstat.pgdemote_khugepaged", 0, NULL, 123, NULL },
	} },
	{ VM "pcp-qa-meminfo-root-002.vmstat", &in_vmstat, "proc/vmstat", CORPUS, 0, 0, {
		{ "vmstat.nr_free_pages", 21821632, NULL, 1, NULL },
		{ "vmstat.pgmajfault", 1209, NULL, 53, NULL },
	} },
	{ VM "pcp-qa-meminfo-root-004.vmstat", &in_vmstat, "proc/vmstat", CORPUS, 0, 0, {
		{ "vmstat.nr_free_pages", 816140, NULL, 1, NULL },
		{ "vmstat.pgmajfault", 2055, NULL, 70, NULL },
	} },
	{ VM "pcp-qa-meminfo-root-005.vmstat", &in_vmstat, "proc/vmstat", CORPUS, 0, 0, {
		{ "vmstat.nr_free_pages", 624193, NULL, 1, NULL },
		{ "vmstat.pswpout", 58, NULL, 52, NULL },
		{ "vmstat.pgmajfault", 37373, NULL, 70, NULL },
	} },
	{ VM "pcp-qa-meminfo-root-006.vmstat", &in_vmstat, "proc/vmstat", CORPUS, 0, 0, {
		{ "vmstat.nr_free_pages", 631224, NULL, 1, NULL },
		{ "vmstat.oom_kill", 0, NULL, 88, NULL },
	} },
	{ VM "pcp-qa-meminfo-root-007.vmstat", &in_vmstat, "proc/vmstat", CORPUS, 0, 0, {
		{ "vmstat.nr_free_pages", 1052928, NULL, 1, NULL },
		{ "vmstat.oom_kill", 0, NULL, 103, NULL },
		{ "vmstat.pgmajfault", 940, NULL, 80, NULL },
	} },
	{ VM "rhcos-4.2-hyperv.vmstat", &in_vmstat, "proc/vmstat", CORPUS, 0, 0, {
		{ "vmstat.nr_free_pages", 213021, NULL, 1, NULL },
		{ "vmstat.pgmajfault", 2422, NULL, 70, NULL },
		{ "vmstat.oom_kill", 0, NULL, 88, NULL },
	} },
	{ SOS "proc/vmstat", &in_vmstat, "proc/vmstat", CORPUS, 0, 0, {
		{ "vmstat.pswpout", 0, NULL, 52, NULL },
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
		{ "slabinfo.caches", 13, NULL, 0, "count" },
		{ "slabinfo.total_bytes", (1 + 20 + 10 + 10 + 3 + 4 + 6 + 7 + 8 + 9 + 2 + 0 + 1) * 4096LL, NULL, 0, "bytes" },
		{ "slabinfo.top1.name", 0, "b", 4, NULL },
		{ "slabinfo.top1.bytes", 20 * 4096, NULL, 4, "bytes" },
		{ "slabinfo.top2.name", 0, "c", 5, NULL },
		{ "slabinfo.top3.name", 0, "d", 6, NULL },
		{ "slabinfo.top5.name", 0, "i", 11, NULL },
		{ "slabinfo.top6.name", 0, "size-64(DMA)", 10, NULL },
		{ "slabinfo.top10.name", 0, "k", 13, NULL },
		{ "slabinfo.top11.name", ABSENT, NULL, NOLINE, NULL },
		{ "slabinfo.size-64(DMA).bytes", 7 * 4096, NULL, 10, "bytes" },
		{ "slabinfo.a.bytes", ABSENT, NULL, NOLINE, NULL },
		{ "slabinfo.kmalloc-8.bytes", ABSENT, NULL, NOLINE, NULL },
	} },
	{ "version 1.1", &in_slabinfo, "proc/slabinfo",
	  BUF("slabinfo - version: 1.1\nkmem_cache 59 78 100 2 2 1\n"), -1, 1, {
		{ "slabinfo.caches", ABSENT, NULL, NOLINE, NULL },
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
		{ "slabinfo.caches", 1, NULL, NOLINE, NULL },
		{ "slabinfo.total_bytes", 3 * 4096, NULL, NOLINE, NULL },
		{ "slabinfo.top1.name", 0, "ok", 8, NULL },
		{ "slabinfo.top2.name", ABSENT, NULL, NOLINE, NULL },
	} },
	{ "empty", &in_slabinfo, "proc/slabinfo", BUF(""), -1, 0, { { NULL, 0, NULL, 0, NULL } } },
	{ "header only", &in_slabinfo, "proc/slabinfo", BUF(SLAB_HEAD), -1, 0, { { NULL, 0, NULL, 0, NULL } } },
};

static void test_slabinfo(void **state)
{
	(void)state;
	run_cases(slabinfo_cases, ARRAY_SIZE(slabinfo_cases));
}

/* bytes = num_slabs * pagesperslab * 4096, e.g. xfs_inode 1908 * 4 * 4096 */
static const struct pcase slabinfo_corpus[] = {
	{ "snapshots/slabinfo/linuxmm-2007-i386-pae-12G-preoom.slabinfo.EXCERPT", &in_slabinfo, "proc/slabinfo", CORPUS, 0, 0, {
		{ "slabinfo.caches", 7, NULL, NOLINE, NULL },
		{ "slabinfo.total_bytes", 776802304, NULL, NOLINE, NULL },
		{ "slabinfo.top1.name", 0, "buffer_head", 6, NULL },
		{ "slabinfo.top1.bytes", 768430080, NULL, 6, NULL },
		{ "slabinfo.buffer_head.bytes", 768430080, NULL, 6, NULL },
		{ "slabinfo.top2.name", 0, "radix_tree_node", 5, NULL },
		{ "slabinfo.top7.name", 0, "jbd_4k", 3, NULL },
		{ "slabinfo.top7.bytes", 0, NULL, 3, NULL },
		{ "slabinfo.top8.name", ABSENT, NULL, NOLINE, NULL },
	} },
	{ "snapshots/slabinfo/rhcos-4.2-hyperv.slabinfo", &in_slabinfo, "proc/slabinfo", CORPUS, 0, 0, {
		{ "slabinfo.caches", 142, NULL, NOLINE, NULL },
		{ "slabinfo.total_bytes", 201113600, NULL, NOLINE, NULL },
		{ "slabinfo.top1.name", 0, "xfs_inode", 24, NULL },
		{ "slabinfo.top1.bytes", 31260672, NULL, 24, NULL },
		{ "slabinfo.top2.name", 0, "kmalloc-1024", 133, NULL },
		{ "slabinfo.top3.name", 0, "dentry", 89, NULL },
		{ "slabinfo.top8.name", 0, "ovl_inode", 4, NULL },
		{ "slabinfo.top10.name", 0, "dmaengine-unmap-16", 71, NULL },
		{ "slabinfo.top10.bytes", 5255168, NULL, 71, NULL },
		{ "slabinfo.kmalloc-1024.bytes", 23609344, NULL, 133, NULL },
		{ "slabinfo.kmalloc-64.bytes", ABSENT, NULL, NOLINE, NULL },
	} },
	{ SOS "proc/slabinfo", &in_slabinfo, "proc/slabinfo", CORPUS, 0, 0, {
		{ "slabinfo.top1.name", 0, "xfs_inode", 24, NULL },
		{ "slabinfo.dentry.bytes", 22265856, NULL, 89, NULL },
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
		{ "swap.devices", 2, NULL, 0, "count" },
		{ "swap.total_kb", 5242872, NULL, 0, "kB" },
		{ "swap.used_kb", 1024, NULL, 0, "kB" },
	} },
	/* bytes, and a name with a blank: the extra field goes to NAME */
	{ "swapon --bytes", &in_swaps, SWAPON,
	  BUF("NAME       TYPE       SIZE    USED PRIO\r\n"
	      "/dev/dm-1  partition  4294963200 1048576   -2\r\n"
	      "/swap file file       1073737728       0   -3\r\n"), 0, 0, {
		{ "swap.devices", 2, NULL, NOLINE, NULL },
		{ "swap.total_kb", 5242872, NULL, NOLINE, NULL },
		{ "swap.used_kb", 1024, NULL, NOLINE, NULL },
	} },
	{ "header only: no swap", &in_swaps, "proc/swaps",
	  BUF("Filename\t\t\t\tType\t\tSize\tUsed\tPriority\n"), 0, 0, {
		{ "swap.devices", 0, NULL, NOLINE, NULL },
		{ "swap.total_kb", 0, NULL, NOLINE, NULL },
		{ "swap.used_kb", 0, NULL, NOLINE, NULL },
	} },
	/* junk before the header, a stderr line, an overflowing size */
	{ "broken", &in_swaps, SWAPON,
	  BUF("swapon: cannot open /proc/swaps\n"
	      "NAME      TYPE      SIZE USED PRIO\n"
	      "swapon: /dev/sdb2: read swap header failed\n"
	      "/dev/sda2 partition 99999999999999999999999 0 -2\n"
	      "/dev/sda3 partition 2048 1024 -3\n"
	      "/dev/sda4 par\0tition 2048"), 0, 4, {
		{ "swap.devices", 2, NULL, NOLINE, NULL },
		{ "swap.total_kb", ABSENT, NULL, NOLINE, NULL },
		{ "swap.used_kb", 1, NULL, NOLINE, NULL },
	} },
	{ "empty swapon: says nothing", &in_swaps, SWAPON, BUF(""), -1, 0, {
		{ "swap.devices", ABSENT, NULL, NOLINE, NULL },
	} },
	{ "no header", &in_swaps, "proc/swaps", BUF("/dev/dm-1 partition 4 0 -2\n/dev/dm-2 partition 4 0 -2\n"), -1, 1, {
		{ "swap.devices", ABSENT, NULL, NOLINE, NULL },
	} },
};

static void test_swaps(void **state)
{
	(void)state;
	run_cases(swaps_cases, ARRAY_SIZE(swaps_cases));
}

static const struct pcase swaps_corpus[] = {
	{ "snapshots/free/prometheus-procfs.proc_swaps", &in_swaps, "proc/swaps", CORPUS, 0, 0, {
		{ "swap.devices", 1, NULL, NOLINE, NULL },
		{ "swap.total_kb", 131068, NULL, NOLINE, NULL },
		{ "swap.used_kb", 176, NULL, NOLINE, NULL },
	} },
	{ SOS "proc/swaps", &in_swaps, "proc/swaps", CORPUS, 0, 0, {
		{ "swap.devices", 0, NULL, NOLINE, NULL },
		{ "swap.total_kb", 0, NULL, NOLINE, NULL },
	} },
	/* 0 bytes in this sosreport (the host has no swap) */
	{ SOS SWAPON, &in_swaps, SWAPON, CORPUS, -1, 0, {
		{ "swap.devices", ABSENT, NULL, NOLINE, NULL },
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
		{ "free.mem_total_kb", 2073152, NULL, 2, "kB" },
		{ "free.mem_used_kb", 933188, NULL, 2, NULL },
		{ "free.mem_free_kb", 1139964, NULL, 2, NULL },
		{ "free.mem_shared_kb", 0, NULL, 2, NULL },
		{ "free.mem_buff_cache_kb", 836776 + 43416, NULL, 2, "kB" },
		{ "free.mem_available_kb", ABSENT, NULL, NOLINE, NULL },
		{ "free.swap_total_kb", 2097144, NULL, 4, NULL },
		{ "free.swap_used_kb", 16, NULL, 4, NULL },
		{ "free.swap_free_kb", 2097128, NULL, 4, NULL },
	} },
	{ "free -w, -l and -t rows", &in_free, "free",
	  BUF("               total        used        free      shared     buffers       cache   available\n"
	      "Mem:        16318152     4038988     9446972      582452      413016     2419176    11368792\n"
	      "Low:        16318152     6871180     9446972\n"
	      "High:              0           0           0\n"
	      "Swap:        2097148           0     2097148\n"
	      "Total:      18415300     4038988    11544120\n"), 0, 0, {
		{ "free.mem_buff_cache_kb", 413016 + 2419176, NULL, 2, NULL },
		{ "free.mem_available_kb", 11368792, NULL, 2, NULL },
		{ "free.swap_free_kb", 2097148, NULL, 5, NULL },
	} },
	{ "MiB", &in_free, FREE_M,
	  BUF("              total        used        free      shared  buff/cache   available\n"
	      "Mem:           7973        5838         831           0        1303        1903\n"
	      "Swap:          2047           1        2046"), 0, 0, {
		{ "free.mem_total_kb", 7973 * 1024, NULL, 2, "kB" },
		{ "free.mem_available_kb", 1903 * 1024, NULL, 2, NULL },
		{ "free.swap_used_kb", 1024, NULL, 3, NULL },
	} },
	{ "broken", &in_free, FREE,
	  BUF("Mem:        8164548     5978528\n"
	      "bash: free: command not found\n"
	      "              total        used        free      shared  buff/cache   available\r\n"
	      "Mem:        8164548     5978528      850788         932     1335232     1949008    77\r\n"
	      "Mem:   99999999999999999999  12  1x\n"
	      "Swap:        100 99999999999999999999 \0 7\n"
	      "Swap:        100 9223372036854775807 5\n"), 0, 5, {
		{ "free.mem_total_kb", ABSENT, NULL, NOLINE, NULL },
		{ "free.mem_used_kb", ABSENT, NULL, NOLINE, NULL },
		{ "free.swap_total_kb", 100, NULL, 7, NULL },
		{ "free.swap_used_kb", 9223372036854775807LL, NULL, 7, NULL },
		{ "free.swap_free_kb", 5, NULL, 7, NULL },
	} },
	{ "MiB overflow", &in_free, FREE_M,
	  BUF("              total        used        free\nSwap:  9223372036854775807 0 0\n"), 0, 1, {
		{ "free.swap_total_kb", ABSENT, NULL, NOLINE, NULL },
		{ "free.swap_used_kb", 0, NULL, 2, NULL },
	} },
	{ "empty", &in_free, FREE, BUF(""), 0, 0, { { "free.mem_total_kb", ABSENT, NULL, NOLINE, NULL } } },
};

static void test_free_output(void **state)
{
	(void)state;
	run_cases(free_cases, ARRAY_SIZE(free_cases));
}

static const struct pcase free_corpus[] = {
	{ "snapshots/free/rhcos-4.2-hyperv.free", &in_free, FREE, CORPUS, 0, 0, {
		{ "free.mem_total_kb", 8164548, NULL, 2, NULL },
		{ "free.mem_used_kb", 5978528, NULL, 2, NULL },
		{ "free.mem_free_kb", 850788, NULL, 2, NULL },
		{ "free.mem_shared_kb", 932, NULL, 2, NULL },
		{ "free.mem_buff_cache_kb", 1335232, NULL, 2, NULL },
		{ "free.mem_available_kb", 1949008, NULL, 2, NULL },
		{ "free.swap_total_kb", 0, NULL, 3, NULL },
		{ "free.swap_used_kb", 0, NULL, 3, NULL },
		{ "free.swap_free_kb", 0, NULL, 3, NULL },
	} },
	{ "snapshots/free/rhcos-4.2-hyperv.free_-m", &in_free, FREE_M, CORPUS, 0, 0, {
		{ "free.mem_total_kb", 7973 * 1024, NULL, 2, NULL },
		{ "free.mem_shared_kb", 0, NULL, 2, NULL },
		{ "free.mem_buff_cache_kb", 1303 * 1024, NULL, 2, NULL },
		{ "free.swap_total_kb", 0, NULL, 3, NULL },
	} },
	/* mail-wrapped: the header's and Mem's last two columns sit on lines of their own */
	{ "snapshots/free/lkml-2005-i386-highmem-2G.free.WRAPPED", &in_free, FREE, CORPUS, 0, 2, {
		{ "free.mem_total_kb", 2073152, NULL, 3, NULL },
		{ "free.mem_free_kb", 1139964, NULL, 3, NULL },
		{ "free.mem_shared_kb", 0, NULL, 3, NULL },
		{ "free.mem_buff_cache_kb", ABSENT, NULL, NOLINE, NULL },
		{ "free.swap_total_kb", 0, NULL, 6, NULL },
	} },
	{ SOS "sos_commands/memory/free", &in_free, FREE, CORPUS, 0, 0, {
		{ "free.mem_available_kb", 1949008, NULL, 2, NULL },
	} },
	{ SOS "sos_commands/memory/free_-m", &in_free, FREE_M, CORPUS, 0, 0, {
		{ "free.mem_available_kb", 1903 * 1024, NULL, 2, NULL },
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
		{ "free", "snap/free", kib, sizeof(kib) - 1 },
		{ FREE_M, "snap/" FREE_M, mib, sizeof(mib) - 1 },
		{ FREE_M, "snap/" FREE_M, (char *)"", 0 },
	};
	struct harness h;
	struct parse_ctx ctx;

	(void)state;
	intern_init(&h.strings);
	factstore_init(&h.facts, &h.strings);
	diag_init(&h.diag, NULL);
	ctx = (struct parse_ctx){ &h.facts, &h.diag, files[1].file, files[1].rel };
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
