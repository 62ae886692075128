/*
 * The guest's view of ballooning: vmw_balloon / vmmemctl (VMware), hv_balloon
 * (Hyper-V) and the VMware guest library (vmware-toolbox-cmd, vmguest-stats).
 * Real samples where the corpus has them, inputs written from the drivers'
 * and tools' format strings where it has none, and broken variants.
 */
#include "source_harness.h"

extern const struct source in_vmmemctl;
extern const struct source in_toolbox;
extern const struct source in_hv_balloon;

#define GUEST "snapshots/vmware_guest/"
#define VMMEMCTL_DEBUGFS "sys/kernel/debug/vmmemctl"
#define TOOLBOX "sos_commands/vmware/vmware-toolbox-cmd_stat_"

static void check_diags(const struct harness *h, size_t want, const char *what)
{
	size_t i;

	if (h->diag.nr == want)
		return;
	print_message("%s: want %zu warnings, have %zu\n", what, want, h->diag.nr);
	for (i = 0; i < h->diag.nr; i++)
		print_message("  %s:%u: %s\n", h->diag.msgs[i].input, h->diag.msgs[i].line, h->diag.msgs[i].text);
	fail();
}

/* vmw_balloon 4.20+ (real capture): no units, two "target" lines. */
static void test_vmmemctl_g5(void **state)
{
	static const struct fact_want wants[] = {
		{ .fact = "balloon.driver", .str = "vmw_balloon", .unit = "", .line = 5 },
		{ .fact = "balloon.target_pages", .value = 1023777, .unit = "pages", .line = 4 },
		{ .fact = "balloon.target_kb", .value = 4095108, .unit = "kB", .line = 4 },
		{ .fact = "balloon.size_pages", .value = 1024000, .unit = "pages", .line = 5 },
		{ .fact = "balloon.size_kb", .value = 4096000, .unit = "kB", .line = 5 },
		{ .fact = "balloon.capabilities", .value = 0x3e, .unit = "", .line = 1 },
		{ .fact = "balloon.used_capabilities", .value = 0x1e, .unit = "", .line = 2 },
		{ .fact = "balloon.resetting", .unit = "", .line = 3 },
		{ .fact = "balloon.stat.target", .value = 768, .unit = "count", .line = 7 },
		{ .fact = "balloon.stat.target_failed", .unit = "count", .line = 7 },
		{ .fact = "balloon.stat.2m-lock", .value = 15, .unit = "count", .line = 13 },
		{ .fact = "balloon.stat.doorbell", .value = 14, .unit = "count", .line = 17 },
		{ .fact = "balloon.stat.alloc_2M", .value = 2036, .unit = "count", .line = 22 },
		{ .fact = "balloon.stat.free_2M", .value = 36, .unit = "count", .line = 30 },
		{ .fact = "balloon.stat.allocFail_4k", .unit = "count", .line = 23 },
	};
	struct harness h;
	size_t len;
	char *buf = corpus_read(GUEST "pcp-qa-sysfs-vmmemctl-001.debugfs_vmmemctl", &len);

	(void)state;
	if (!buf) {
		skip();
		return;
	}
	harness_run(&h, &in_vmmemctl, VMMEMCTL_DEBUGFS, buf, len);
	assert_int_equal(h.ret, 0);
	check_fact_wants(&h, wants, ARRAY_SIZE(wants), "G5");
	check_diags(&h, 0, "G5");
	harness_release(&h);
	free(buf);
}

/* vmw_balloon 4.4-4.17 (kernel-doc example): "pages" units, "( 0 failed)". */
static void test_vmmemctl_g3(void **state)
{
	static const struct fact_want wants[] = {
		{ .fact = "balloon.target_pages", .unit = "pages", .line = 4 },
		{ .fact = "balloon.size_kb", .unit = "kB", .line = 5 },
		{ .fact = "balloon.stat.rateSleepAlloc", .value = 2048, .unit = "", .line = 6 },
		{ .fact = "balloon.stat.timer", .value = 118, .unit = "count", .line = 7 },
		{ .fact = "balloon.stat.target", .value = 118, .unit = "count", .line = 15 },
		{ .fact = "balloon.stat.start", .value = 1, .unit = "count", .line = 9 },
		{ .fact = "balloon.stat.doorbellUnset", .value = 1, .unit = "count", .line = 26 },
		{ .fact = "balloon.capabilities", .value = 0x1e, .unit = "", .line = 1 },
	};
	struct harness h;
	size_t len;
	char *buf = corpus_read(GUEST "kernel-doc-patch-vmw_balloon-debugfs-G3.WHITESPACE-COLLAPSED.txt", &len);

	(void)state;
	if (!buf) {
		skip();
		return;
	}
	harness_run(&h, &in_vmmemctl, VMMEMCTL_DEBUGFS, buf, len);
	assert_int_equal(h.ret, 0);
	check_fact_wants(&h, wants, ARRAY_SIZE(wants), "G3");
	check_diags(&h, 0, "G3");
	harness_release(&h);
	free(buf);
}

/* The VMware-Tools vmmemctl.ko /proc file (BalloonProcRead's format strings), stats on. */
static void test_vmmemctl_proc(void **state)
{
	static const char buf[] =
		"target:                262144 pages\n"
		"current:               262100 pages\n"
		"rateNoSleepAlloc:       16384 pages/sec\n"
		"rateSleepAlloc:          2048 pages/sec\n"
		"rateFree:               16384 pages/sec\n"
		"\n"
		"timer:                 851234\n"
		"start:                      1 (   0 failed)\n"
		"guestType:                  1 (   0 failed)\n"
		"lock:                  262100 (  12 failed)\n"
		"unlock:                     0 (   0 failed)\n"
		"target:                 85123 (   0 failed)\n"
		"primNoSleepAlloc:      262112 (  12 failed)\n"
		"primCanSleepAlloc:          0 (   0 failed)\n"
		"primFree:                   0\n"
		"errAlloc:                  12\n"
		"errFree:                    0\n";
	static const struct fact_want wants[] = {
		{ .fact = "balloon.driver", .str = "vmmemctl", .unit = "", .line = 2 },
		{ .fact = "balloon.target_pages", .value = 262144, .unit = "pages", .line = 1 },
		{ .fact = "balloon.size_pages", .value = 262100, .unit = "pages", .line = 2 },
		{ .fact = "balloon.size_kb", .value = 1048400, .unit = "kB", .line = 2 },
		{ .fact = "balloon.stat.rateNoSleepAlloc", .value = 16384, .unit = "", .line = 3 },
		{ .fact = "balloon.stat.lock", .value = 262100, .unit = "count", .line = 10 },
		{ .fact = "balloon.stat.lock_failed", .value = 12, .unit = "count", .line = 10 },
		{ .fact = "balloon.stat.target", .value = 85123, .unit = "count", .line = 12 },
		{ .fact = "balloon.stat.errAlloc", .value = 12, .unit = "count", .line = 16 },
	};
	struct harness h;

	(void)state;
	harness_run(&h, &in_vmmemctl, "proc/vmmemctl", buf, sizeof(buf) - 1);
	assert_int_equal(h.ret, 0);
	check_fact_wants(&h, wants, ARRAY_SIZE(wants), "proc");
	check_diags(&h, 0, "proc");
	harness_release(&h);
}

#define SIZE_KB "balloon.size_kb"
#define NUL_TEXT "target: 8\n\0\0\0\ncurrent: 8\nbash: line 1: vmmemctl: command not found\n"

static void test_vmmemctl_broken(void **state)
{
	static const struct {
		const char *text;
		size_t len;                  /* 0: strlen */
		int ret;
		size_t diags;
		struct fact_want want;       /* balloon.size_kb, or its absence */
	} cases[] = {
		{ .text = "", .ret = -1, .want = { .fact = SIZE_KB, .absent = true } },
		{ .text = "\n\n", .ret = -1, .want = { .fact = SIZE_KB, .absent = true } },
		{ .text = "cat: /sys/kernel/debug/vmmemctl: Permission denied\n", .ret = -1, .diags = 1,
		  .want = { .fact = SIZE_KB, .absent = true } },
		/* CRLF, no final newline, truncated mid-line */
		{ .text = "target:   100 pages\r\ncurrent:   10", .want = { .fact = SIZE_KB, .value = 40, .unit = "kB" } },
		/* overflow: the size is unknown, not 0 */
		{ .text = "target: 1\ncurrent: 99999999999999999999 pages\n", .diags = 1,
		  .want = { .fact = SIZE_KB, .absent = true } },
		/* a size in kB is converted */
		{ .text = "current: 4096 kB\n", .want = { .fact = SIZE_KB, .value = 4096, .unit = "kB" } },
		/* an unknown unit */
		{ .text = "current: 4096 furlongs\n", .ret = -1, .diags = 1, .want = { .fact = SIZE_KB, .absent = true } },
		/* NUL bytes and junk among good lines */
		{ .text = NUL_TEXT, .len = sizeof(NUL_TEXT) - 1, .diags = 2,
		  .want = { .fact = SIZE_KB, .value = 32, .unit = "kB" } },
		/* a hex capability that is not one */
		{ .text = "balloon capabilities: 0xzz\ncurrent: 1\n", .diags = 1,
		  .want = { .fact = SIZE_KB, .value = 4, .unit = "kB" } },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct harness h;
		char what[32];

		snprintf(what, sizeof(what), "case %zu", i);
		harness_run(&h, &in_vmmemctl, VMMEMCTL_DEBUGFS, cases[i].text,
			    cases[i].len ? cases[i].len : strlen(cases[i].text));
		if (h.ret != cases[i].ret) {
			print_message("%s: ret %d\n", what, h.ret);
			fail();
		}
		check_diags(&h, cases[i].diags, what);
		check_fact_want(&h, &cases[i].want, what);
		harness_release(&h);
	}
}

/* hv-balloon (real capture): 3276800 pages = 12.5 GiB given back to the host. */
static void test_hv_balloon_real(void **state)
{
	static const struct fact_want wants[] = {
		{ .fact = "balloon.driver", .str = "hv_balloon", .unit = "", .line = 7 },
		{ .fact = "balloon.size_pages", .value = 3276800, .unit = "pages", .line = 7 },
		{ .fact = "balloon.size_kb", .value = 13107200, .unit = "kB", .line = 7 },
		{ .fact = "balloon.stat.pages_ballooned", .value = 3276800, .unit = "pages", .line = 7 },
		{ .fact = "balloon.stat.total_pages_committed", .value = 4026223, .unit = "pages", .line = 8 },
		{ .fact = "balloon.stat.max_dynamic_page_count", .value = 4706304, .unit = "pages", .line = 9 },
		{ .fact = "balloon.stat.page_size", .value = 4096, .unit = "bytes", .line = 4 },
		{ .fact = "balloon.stat.state", .value = 1, .unit = "count", .line = 3 },
		{ .fact = "balloon.hv.state", .str = "Initialized", .unit = "", .line = 3 },
		{ .fact = "balloon.hv.host_version", .str = "2.0", .unit = "", .line = 1 },
		{ .fact = "balloon.hv.capabilities", .str = "enabled hot_add", .unit = "", .line = 2 },
	};
	struct harness h;
	size_t len;
	char *buf = corpus_read("snapshots/hyperv_guest/pcp-qa-sysfs-hv-balloon-001.debugfs_hv-balloon", &len);

	(void)state;
	if (!buf) {
		skip();
		return;
	}
	harness_run(&h, &in_hv_balloon, "sys/kernel/debug/hv-balloon", buf, len);
	assert_int_equal(h.ret, 0);
	check_fact_wants(&h, wants, ARRAY_SIZE(wants), "hv");
	check_diags(&h, 0, "hv");
	harness_release(&h);
	free(buf);
}

static void test_hv_balloon_variants(void **state)
{
	/* the 2021 kernel-doc spelling, no page_size line, CRLF */
	static const char doc[] = "host_version : 2.0\r\nstate : 2 (Ballooning)\r\n"
				  "pages_ballooned_out : 256\r\ntotal_pages_commited : 1000\r\n";
	static const struct fact_want wants[] = {
		{ .fact = "balloon.size_pages", .value = 256, .unit = "pages", .line = 3 },
		{ .fact = "balloon.size_kb", .value = 1024, .unit = "kB", .line = 3 },
		{ .fact = "balloon.stat.total_pages_commited", .value = 1000, .unit = "pages", .line = 4 },
		{ .fact = "balloon.hv.state", .str = "Ballooning", .unit = "", .line = 2 },
	};
	static const char broken[] = "pages_ballooned : 99999999999999999999\nNo such file or directory\n"
				     "pages_added :\npages_onlined : 12";
	struct harness h;

	(void)state;
	harness_run(&h, &in_hv_balloon, "sys/kernel/debug/hv-balloon", doc, sizeof(doc) - 1);
	assert_int_equal(h.ret, 0);
	check_fact_wants(&h, wants, ARRAY_SIZE(wants), "doc");
	check_diags(&h, 0, "doc");
	harness_release(&h);

	harness_run(&h, &in_hv_balloon, "sys/kernel/debug/hv-balloon", broken, sizeof(broken) - 1);
	assert_int_equal(h.ret, 0);
	check_diags(&h, 3, "broken");
	assert_int_equal(h.diag.msgs[0].line, 1);
	assert_null(fact_get(&h.facts, "balloon.size_pages"));
	assert_int_equal(fact_int(&h, "balloon.stat.pages_onlined"), 12);
	harness_release(&h);

	harness_run(&h, &in_hv_balloon, "sys/kernel/debug/hv-balloon", "", 0);
	assert_int_equal(h.ret, -1);
	harness_release(&h);
}

/* vmware-toolbox-cmd stat balloon|swap|memlimit|memres, as sos would name them. */
static void test_toolbox_single(void **state)
{
	static const struct {
		const char *stat, *text;
		int ret;
		size_t diags;
		struct fact_want want;       /* the stat's fact, or its absence */
	} cases[] = {
		{ .stat = "balloon", .text = "0 MB\n", .want = { .fact = "vmware.balloon_mb", .value = 0, .unit = "MB", .line = 1 } },
		{ .stat = "balloon", .text = "1024 MB", .want = { .fact = "vmware.balloon_mb", .value = 1024, .unit = "MB", .line = 1 } },
		{ .stat = "swap", .text = "312 MB\r\n", .want = { .fact = "vmware.swap_mb", .value = 312, .unit = "MB", .line = 1 } },
		{ .stat = "memlimit", .text = "4294967295 MB\n", .want = { .fact = "vmware.memlimit_mb", .value = -1, .unit = "MB", .line = 1 } },
		{ .stat = "memlimit", .text = "-1 MB\n", .want = { .fact = "vmware.memlimit_mb", .value = -1, .unit = "MB", .line = 1 } },
		{ .stat = "memlimit", .text = "8192 MB\n", .want = { .fact = "vmware.memlimit_mb", .value = 8192, .unit = "MB", .line = 1 } },
		{ .stat = "memres", .text = "2048\n", .want = { .fact = "vmware.memres_mb", .value = 2048, .unit = "MB", .line = 1 } },
		{ .stat = "balloon", .text = "UpdateInfo failed: VMware Guest API is not enabled on the host\n",
		  .ret = -1, .diags = 1, .want = { .fact = "vmware.balloon_mb", .absent = true } },
		{ .stat = "swap", .text = "Failed to get swapped memory: This value is not available on this host\n",
		  .ret = -1, .diags = 1, .want = { .fact = "vmware.swap_mb", .absent = true } },
		{ .stat = "balloon", .text = "99999999999999999999 MB\n", .ret = -1, .diags = 1,
		  .want = { .fact = "vmware.balloon_mb", .absent = true } },
		{ .stat = "balloon", .text = "", .ret = -1, .want = { .fact = "vmware.balloon_mb", .absent = true } },
		{ .stat = "memres", .text = "12 MB\n13 MB\n", .diags = 1,
		  .want = { .fact = "vmware.memres_mb", .value = 12, .unit = "MB", .line = 1 } },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		char rel[128], what[32];
		struct harness h;

		snprintf(rel, sizeof(rel), TOOLBOX "%s", cases[i].stat);
		snprintf(what, sizeof(what), "case %zu", i);
		harness_run(&h, &in_toolbox, rel, cases[i].text, strlen(cases[i].text));
		if (h.ret != cases[i].ret) {
			print_message("%s: ret %d\n", what, h.ret);
			fail();
		}
		check_diags(&h, cases[i].diags, what);
		check_fact_want(&h, &cases[i].want, what);
		if (cases[i].diags && cases[i].ret < 0 && strstr(cases[i].text, "ailed"))
			assert_non_null(strstr(h.diag.msgs[0].text, "not"));
		harness_release(&h);
	}
}

/* The block of the documentation's "$ vmware-toolbox-cmd stat raw text <stat>" example. */
static char *raw_block(const char *doc, const char *cmd, size_t *len)
{
	const char *s = strstr(doc, cmd), *end;

	if (!s)
		return NULL;
	s += strlen(cmd);
	end = strstr(s, "\n\n");
	*len = end ? (size_t)(end - s) + 1 : strlen(s);
	return xstrndup(s, *len);
}

static void test_toolbox_raw(void **state)
{
	struct harness h;
	size_t len, blen;
	char *doc = corpus_read(GUEST "vmware-guest-sdk-doc.stat_raw_examples.txt", &len), *block;

	(void)state;
	if (!doc) {
		skip();
		return;
	}
	block = raw_block(doc, "$ vmware-toolbox-cmd stat raw text session\n", &blen);
	assert_non_null(block);
	harness_run(&h, &in_toolbox, TOOLBOX "raw_text_session", block, blen);
	assert_int_equal(h.ret, 0);
	assert_string_equal(fact_str(&h, "vmware.host_version"), "VMware ESXi 6.0.0 build-12345");
	assert_int_equal(fact_line(&h, "vmware.host_version"), 3);
	check_diags(&h, 0, "session");
	harness_release(&h);
	free(block);

	/* a network device: well formed, nothing about memory */
	block = raw_block(doc, "$ vmware-toolbox-cmd stat raw text vnet 00:0c:29:1e:23:f3\n", &blen);
	assert_non_null(block);
	harness_run(&h, &in_toolbox, TOOLBOX "raw_text_vnet_00_0c_29_1e_23_f3", block, blen);
	assert_int_equal(h.ret, -1);
	check_diags(&h, 0, "vnet");
	assert_int_equal(h.facts.nr, 0);
	harness_release(&h);
	free(block);
	free(doc);
}

/* No public sample of "stat raw text resources": written, so it runs without the corpus. */
static void test_toolbox_raw_resources(void **state)
{
	static const char resources[] = "cpu.used = 1234\nmem.ballooned = 524288\nmem.swapped = 0\n"
					"mem.limit = -1\nmem.note = n/a\nMemTarget = 99999999999999999999\n"
					"Failed to get stat: Other error\n";
	struct harness h;

	(void)state;
	harness_run(&h, &in_toolbox, TOOLBOX "raw_text_resources", resources, sizeof(resources) - 1);
	assert_int_equal(h.ret, 0);
	assert_int_equal(fact_int(&h, "vmware.raw.mem.ballooned"), 524288);
	assert_int_equal(fact_line(&h, "vmware.raw.mem.ballooned"), 2);
	assert_int_equal(fact_int(&h, "vmware.raw.mem.limit"), -1);
	assert_null(fact_get(&h.facts, "vmware.raw.cpu.used"));
	assert_null(fact_get(&h.facts, "vmware.raw.mem.note"));
	assert_null(fact_get(&h.facts, "vmware.raw.MemTarget"));
	check_diags(&h, 2, "resources");
	assert_int_equal(h.diag.msgs[0].line, 6);
	harness_release(&h);
}

/* vmguest-stats (dagwieers/vmguestlib README): a VM with a 12 GB target, no balloon. */
static void test_guestlib(void **state)
{
	static const struct fact_want wants[] = {
		{ .fact = "vmware.balloon_mb", .unit = "MB", .line = 11 },
		{ .fact = "vmware.swap_mb", .unit = "MB", .line = 16 },
		{ .fact = "vmware.memlimit_mb", .value = -1, .unit = "MB", .line = 19 },
		{ .fact = "vmware.memres_mb", .unit = "MB", .line = 20 },
		{ .fact = "vmware.guestlib.active_mb", .value = 1105, .unit = "MB", .line = 10 },
		{ .fact = "vmware.guestlib.target_size_mb", .value = 12219, .unit = "MB", .line = 17 },
		{ .fact = "vmware.guestlib.shared_saved_mb", .value = 68, .unit = "MB", .line = 15 },
		{ .fact = "vmware.guestlib.shares", .value = 122880, .unit = "count", .line = 21 },
	};
	struct harness h;
	size_t len;
	char *buf = corpus_read(GUEST "dagwieers-vmguestlib-vmguest-stats.README-example.txt", &len);

	(void)state;
	if (!buf) {
		skip();
		return;
	}
	harness_run(&h, &in_toolbox, "sos_commands/vmware/vmguest-stats", buf, len);
	assert_int_equal(h.ret, 0);
	check_fact_wants(&h, wants, ARRAY_SIZE(wants), "guestlib");
	check_diags(&h, 0, "guestlib");
	/* the "VM Processor" section's Limit is the CPU's */
	assert_null(fact_get(&h.facts, "vmware.guestlib.processor_time"));
	harness_release(&h);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vmmemctl_g5),
		cmocka_unit_test(test_vmmemctl_g3),
		cmocka_unit_test(test_vmmemctl_proc),
		cmocka_unit_test(test_vmmemctl_broken),
		cmocka_unit_test(test_hv_balloon_real),
		cmocka_unit_test(test_hv_balloon_variants),
		cmocka_unit_test(test_toolbox_single),
		cmocka_unit_test(test_toolbox_raw),
		cmocka_unit_test(test_toolbox_raw_resources),
		cmocka_unit_test(test_guestlib),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
