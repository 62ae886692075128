/* proc/meminfo: real samples of every era, and broken ones. */
#include "source_harness.h"

extern const struct source in_meminfo;

static void test_modern(void **state)
{
	static const char buf[] = "MemTotal:        8164548 kB\nMemFree:          850788 kB\n"
				  "Active(anon):    5584228 kB\nHugePages_Total:       0\r\n"
				  "VmallocTotal:   34359738367 kB";
	struct harness h;

	(void)state;
	harness_run(&h, &in_meminfo, "proc/meminfo", buf, sizeof(buf) - 1);
	assert_int_equal(h.ret, 0);
	assert_int_equal(fact_int(&h, "meminfo.MemTotal"), 8164548);
	assert_int_equal(fact_line(&h, "meminfo.MemFree"), 2);
	assert_int_equal(fact_int(&h, "meminfo.Active(anon)"), 5584228);
	assert_int_equal(fact_int(&h, "meminfo.HugePages_Total"), 0);
	assert_string_equal(fact_get(&h.facts, "meminfo.HugePages_Total")->unit, "count");
	assert_int_equal(fact_int(&h, "meminfo.VmallocTotal"), 34359738367LL);
	assert_int_equal(h.diag.nr, 0);
	harness_release(&h);
}

static void test_broken(void **state)
{
	static const char buf[] = "MemTotal: 99999999999999999999 kB\nMemFree 12 kB\n\0\0junk\nDirty:  12 kB extra\nBuffers:  7 kB\n";
	struct harness h;

	(void)state;
	harness_run(&h, &in_meminfo, "proc/meminfo", buf, sizeof(buf) - 1);
	assert_int_equal(h.ret, 0);
	assert_null(fact_get(&h.facts, "meminfo.MemTotal"));
	assert_null(fact_get(&h.facts, "meminfo.Dirty"));
	assert_int_equal(fact_int(&h, "meminfo.Buffers"), 7);
	assert_int_equal(h.diag.nr, 4);
	assert_int_equal(h.diag.msgs[0].line, 1);
	harness_release(&h);
	harness_run(&h, &in_meminfo, "proc/meminfo", "", 0);
	assert_int_equal(h.ret, -1);
	harness_release(&h);
}

static void test_corpus(void **state)
{
	static const struct { const char *file, *key; int64_t val; } cases[] = {
		{ "snapshots/meminfo/lkml-2001-linux-2.4.7.meminfo", "meminfo.MemTotal", -1 },
		{ "snapshots/meminfo/linuxmm-2007-i386-pae-12G-preoom.meminfo", "meminfo.LowFree", 36844 },
		{ "snapshots/meminfo/rhcos-4.2-hyperv.meminfo", "meminfo.MemTotal", 8164548 },
		{ "snapshots/meminfo/pcp-qa-meminfo-root-007.node0-sysfs.meminfo", "meminfo.node0.MemTotal", -1 },
	};
	size_t i, len;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		char *buf = corpus_read(cases[i].file, &len);
		const char *rel = strstr(cases[i].file, "node0") ? "sys/devices/system/node/node0/meminfo" : "proc/meminfo";
		struct harness h;

		if (!buf)
			continue;
		harness_run(&h, &in_meminfo, rel, buf, len);
		assert_int_equal(h.ret, 0);
		if (cases[i].val >= 0)
			assert_int_equal(fact_int(&h, cases[i].key), cases[i].val);
		else
			assert_true(fact_int(&h, cases[i].key) > 0);
		if (h.diag.nr) {
			print_message("case %zu: %s: %s\n", i, cases[i].file, h.diag.msgs[0].text);
			fail();
		}
		harness_release(&h);
		free(buf);
	}
	corpus_skip_if_absent();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_modern),
		cmocka_unit_test(test_broken),
		cmocka_unit_test(test_corpus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
