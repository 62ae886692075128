/* etc/localtime and the cgroup memory limits. */
#include "source_harness.h"

extern const struct source in_localtime, in_cgroup;

static void test_localtime(void **state)
{
	static const char tzif[] = "TZif2\0\0\0binary\nCET-1CEST,M3.5.0,M10.5.0/3\n";
	struct harness h;

	(void)state;
	harness_run(&h, &in_localtime, "etc/localtime", "../usr/share/zoneinfo/Europe/Paris", 34);
	assert_string_equal(fact_str(&h, "identity.timezone"), "Europe/Paris");
	harness_release(&h);
	harness_run(&h, &in_localtime, "etc/localtime", "/usr/share/zoneinfo/posix/America/New_York\n", 43);
	assert_string_equal(fact_str(&h, "identity.timezone"), "America/New_York");
	harness_release(&h);
	harness_run(&h, &in_localtime, "etc/localtime", tzif, sizeof(tzif) - 1);
	assert_string_equal(fact_str(&h, "identity.timezone_rule"), "CET-1CEST,M3.5.0,M10.5.0/3");
	harness_release(&h);
	harness_run(&h, &in_localtime, "etc/localtime", "TZif2\0\0garbage", 14);
	assert_int_equal(h.ret, -1);
	assert_int_equal(h.facts.nr, 0);
	harness_release(&h);
}

static void test_cgroup(void **state)
{
	static const struct { const char *rel, *content, *fact; int64_t val; } cases[] = {
		{ "sys/fs/cgroup/kubepods.slice/memory.max", "2147483648\n", "cgroup./kubepods.slice.memory.max", 2147483648LL },
		{ "sys/fs/cgroup/memory.max", "max\n", "cgroup./.memory.max", -1 },
		{ "sys/fs/cgroup/system.slice/app.service/memory.high", "max", "cgroup./system.slice/app.service.memory.high", -1 },
		{ "sys/fs/cgroup/memory/docker/abc/memory.limit_in_bytes", "9223372036854771712\n", "cgroup./docker/abc.memory.limit_in_bytes", -1 },
		{ "sys/fs/cgroup/memory/docker/abc/memory.limit_in_bytes", "536870912\n", "cgroup./docker/abc.memory.limit_in_bytes", 536870912 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct harness h;

		harness_run(&h, &in_cgroup, cases[i].rel, cases[i].content, strlen(cases[i].content));
		if (!fact_get(&h.facts, cases[i].fact) || fact_get(&h.facts, cases[i].fact)->i != cases[i].val) {
			print_message("case %zu: %s\n", i, cases[i].rel);
			fail();
		}
		harness_release(&h);
	}
	{
		struct harness h;

		harness_run(&h, &in_cgroup, "sys/fs/cgroup/memory.max", "lots\n", 5);
		assert_int_equal(h.ret, -1);
		assert_int_equal(h.diag.nr, 1);
		harness_release(&h);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_localtime),
		cmocka_unit_test(test_cgroup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
