/* The logger prefixes, table-driven: each case is a line and what must come out of it. */
#include "log/log_line.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

struct prefix_case {
	const char *line;
	enum log_format fmt;
	const char *host, *prog, *text;
	int year;
	unsigned mon, day, hour, min, sec;
	int32_t usec;
	bool has_off;
	int off_min;
	long long uptime_us; /* -1: none */
};

static const struct prefix_case cases[] = {
	{ "Jun 20 12:47:02 new-db1 kernel: [15180285.537297] php-fpm invoked oom-killer: gfp_mask=0x280da",
	  LOG_RFC3164, "new-db1", "kernel", "php-fpm invoked oom-killer: gfp_mask=0x280da", 0, 6, 20, 12, 47, 2, -1, false, 0, 15180285537297LL },
	{ "Mar  4 02:11:05 app01 kernel: Out of memory: Killed process 1 (x)",
	  LOG_RFC3164, "app01", "kernel", "Out of memory: Killed process 1 (x)", 0, 3, 4, 2, 11, 5, -1, false, 0, -1 },
	{ "Feb 18 17:34:47  kernel: eth0 up", LOG_RFC3164, "", "kernel", "eth0 up", 0, 2, 18, 17, 34, 47, -1, false, 0, -1 },
	{ "Jan  5 15:19:27 kernel: [ 5864.708440] x", LOG_RFC3164, "", "kernel", "x", 0, 1, 5, 15, 19, 27, -1, false, 0, 5864708440LL },
	{ "Apr 01 14:13:32 mysrv <kern.warning> kernel: hello", LOG_RFC3164, "mysrv", "kernel", "hello", 0, 4, 1, 14, 13, 32, -1, false, 0, -1 },
	{ "Apr 01 14:13:32 <kern.warning> kernel: hello", LOG_RFC3164, "", "kernel", "hello", 0, 4, 1, 14, 13, 32, -1, false, 0, -1 },
	/* BSD syslogd -vv: the facility and level before the host */
	{ "Apr 01 14:13:32 <kern.warning> mysrv kernel: hello", LOG_RFC3164, "mysrv", "kernel", "hello", 0, 4, 1, 14, 13, 32, -1, false, 0, -1 },
	{ "Apr 01 14:13:32 <kern.warning> web3 sshd[9]: Accepted", LOG_RFC3164, "web3", "sshd", "Accepted", 0, 4, 1, 14, 13, 32, -1, false, 0, -1 },
	{ "Apr 01 14:13:32 <kern.warning> three plain words", LOG_RFC3164, "", "", "three plain words", 0, 4, 1, 14, 13, 32, -1, false, 0, -1 },
	{ "Dec 14 17:13:12.123456 host sshd[123]: Accepted", LOG_RFC3164, "host", "sshd", "Accepted", 0, 12, 14, 17, 13, 12, 123456, false, 0, -1 },
	{ "\tAug 25 18:21:35 node3 kernel: java cpuset=/ mems_allowed=0", LOG_RFC3164, "node3", "kernel", "java cpuset=/ mems_allowed=0", 0, 8, 25, 18, 21, 35, -1, false, 0, -1 },
	{ "2026-03-14T02:11:05.123456+01:00 web01 kernel: [ 1234.500000] sed invoked oom-killer:",
	  LOG_RFC3339, "web01", "kernel", "sed invoked oom-killer:", 2026, 3, 14, 2, 11, 5, 123456, true, 60, 1234500000LL },
	{ "2026-03-14T02:11:05+0100 web01 kernel: x", LOG_RFC3339, "web01", "kernel", "x", 2026, 3, 14, 2, 11, 5, -1, true, 60, -1 },
	{ "2026-03-14T02:11:05Z db01 systemd[1]: Started", LOG_RFC3339, "db01", "systemd", "Started", 2026, 3, 14, 2, 11, 5, -1, true, 0, -1 },
	{ "2005-05-17_10:24:16.76726 kern.info: oom-killer: gfp_mask=0xd0", LOG_SVLOGD, "", "kernel", "oom-killer: gfp_mask=0xd0", 2005, 5, 17, 10, 24, 16, 767260, false, 0, -1 },
	{ "[   25.721494] allocate invoked oom-killer: x", LOG_DMESG, "", "", "allocate invoked oom-killer: x", 0, 0, 0, 0, 0, 0, -1, false, 0, 25721494LL },
	{ "[ 3239.542037][    C1] foo", LOG_DMESG, "", "", "foo", 0, 0, 0, 0, 0, 0, -1, false, 0, 3239542037LL },
	{ "<4>[12345.342532] systemd-journal invoked oom-killer", LOG_DMESG, "", "", "systemd-journal invoked oom-killer", 0, 0, 0, 0, 0, 0, -1, false, 0, 12345342532LL },
	{ "[Fri Jan 15 08:35:34 2021] x y", LOG_DMESG_T, "", "", "x y", 2021, 1, 15, 8, 35, 34, -1, false, 0, -1 },
	{ "[Di Aug 12 03:54:03 2025] Memory cgroup stats", LOG_DMESG_T, "", "", "Memory cgroup stats", 2025, 8, 12, 3, 54, 3, -1, false, 0, -1 },
	{ "[dim. 19 avril 18:03:30 2026] z", LOG_DMESG_T, "", "", "z", 2026, 4, 19, 18, 3, 30, -1, false, 0, -1 },
	{ "[Mi Mär  4 10:00:00 2026] z", LOG_DMESG_T, "", "", "z", 2026, 3, 4, 10, 0, 0, -1, false, 0, -1 },
	{ " active_file:30 inactive_file:0", LOG_NONE, "", "", " active_file:30 inactive_file:0", 0, 0, 0, 0, 0, 0, -1, false, 0, -1 },
	{ "Mem-Info:", LOG_NONE, "", "", "Mem-Info:", 0, 0, 0, 0, 0, 0, -1, false, 0, -1 },
	{ "[<ffffffff816861ac>] dump_stack+0x19/0x1b", LOG_NONE, "", "", "[<ffffffff816861ac>] dump_stack+0x19/0x1b", 0, 0, 0, 0, 0, 0, -1, false, 0, -1 },
	{ "Mar 99 02:11:05 host kernel: bad day", LOG_NONE, "", "", "Mar 99 02:11:05 host kernel: bad day", 0, 0, 0, 0, 0, 0, -1, false, 0, -1 },
	{ "2026-13-14T02:11:05 host kernel: bad month", LOG_NONE, "", "", "2026-13-14T02:11:05 host kernel: bad month", 0, 0, 0, 0, 0, 0, -1, false, 0, -1 },
	{ "", LOG_NONE, "", "", "", 0, 0, 0, 0, 0, 0, -1, false, 0, -1 },
	{ "[99999999999999999999999.1] overflow", LOG_NONE, "", "", "[99999999999999999999999.1] overflow", 0, 0, 0, 0, 0, 0, -1, false, 0, -1 },
};

static void assert_span(struct span s, const char *want, size_t i, const char *what)
{
	if (!span_eq(s, want)) {
		print_message("case %zu (%s): %s is '%.*s', want '%s'\n", i, cases[i].line, what,
			      (int)s.len, s.p ? s.p : "", want);
		fail();
	}
}

static void test_prefixes(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct prefix_case *c = &cases[i];
		struct log_line l;

		log_parse_line(c->line, strlen(c->line), &l);
		if (l.fmt != c->fmt) {
			print_message("case %zu (%s): format %s, want %s\n", i, c->line,
				      log_format_names[l.fmt], log_format_names[c->fmt]);
			fail();
		}
		assert_span(l.host, c->host, i, "host");
		assert_span(l.prog, c->prog, i, "prog");
		assert_span(l.text, c->text, i, "text");
		if (c->mon) {
			assert_true(l.time.valid);
			assert_int_equal(l.time.year, c->year);
			assert_int_equal(l.time.mon, c->mon);
			assert_int_equal(l.time.day, c->day);
			assert_int_equal(l.time.hour, c->hour);
			assert_int_equal(l.time.min, c->min);
			assert_int_equal(l.time.sec, c->sec);
			assert_int_equal(l.time.usec, c->usec);
			assert_int_equal(l.time.has_off, c->has_off);
			if (c->has_off)
				assert_int_equal(l.time.off_min, c->off_min);
		} else {
			assert_false(l.time.valid);
		}
		assert_int_equal(l.has_uptime, c->uptime_us >= 0);
		if (c->uptime_us >= 0)
			assert_int_equal(l.uptime_us, (uint64_t)c->uptime_us);
	}
}

static void test_journal(void **state)
{
	static const char rec[] =
		"{\"__CURSOR\":\"s=1\",\"__REALTIME_TIMESTAMP\":\"1700000000123456\","
		"\"_HOSTNAME\":\"batch03\",\"_TRANSPORT\":\"kernel\",\"SYSLOG_IDENTIFIER\":\"kernel\","
		"\"_SOURCE_MONOTONIC_TIMESTAMP\":\"25721494\",\"PRIORITY\":\"4\","
		"\"MESSAGE\":\"Mem-Info:\\nactive_anon:1 \\u00e9\",\"_BOOT_ID\":\"x\"}";
	static const char bytes[] =
		"{\"MESSAGE\":[106,97,118,97,255],\"_HOSTNAME\":\"h\",\"SYSLOG_IDENTIFIER\":\"app\",\"X\":{\"a\":[1,2]}}";
	struct strbuf sb = STRBUF_INIT;
	struct log_line l;
	const char *why = NULL;

	(void)state;
	assert_true(journal_parse_line(rec, strlen(rec), &sb, &l, &why));
	assert_true(span_eq(l.text, "Mem-Info:\nactive_anon:1 \xc3\xa9"));
	assert_true(span_eq(l.host, "batch03"));
	assert_true(span_eq(l.prog, "kernel"));
	assert_true(l.has_uptime);
	assert_int_equal(l.uptime_us, 25721494);
	assert_int_equal(l.time.year, 2023);
	assert_int_equal(l.time.mon, 11);
	assert_int_equal(l.time.day, 14);
	assert_int_equal(l.time.hour, 22);
	assert_int_equal(l.time.usec, 123456);

	assert_true(journal_parse_line(bytes, strlen(bytes), &sb, &l, &why));
	assert_int_equal(l.text.len, 5);
	assert_memory_equal(l.text.p, "java\xff", 5);
	assert_true(span_eq(l.prog, "app"));

	assert_false(journal_parse_line("{\"MESSAGE\":", 11, &sb, &l, &why));
	assert_non_null(why);
	assert_false(journal_parse_line("{\"A\":\"b\"}", 9, &sb, &l, &why));
	assert_false(journal_parse_line("{\"MESSAGE\":\"\\q\"}", 16, &sb, &l, &why));
	strbuf_release(&sb);
}

/*
 * A prefix learned from a report's first line (the text log_parse_line()
 * left), then tried on a body line of the same report: what is left of each.
 */
struct learn_case {
	const char *first, *first_text; /* NULL first_text: no report's first line */
	const char *body, *body_text;   /* NULL body_text: the shape does not fit */
	long long uptime_us;            /* of the learned prefix; -1: none */
};

static const struct learn_case learn_cases[] = {
	/* "kernel:" glued to the text (rsyslog's %syslogtag%%msg%) */
	{ "kernel:[3669872.703174] java invoked oom-killer: gfp_mask=0x280da, order=0",
	  "java invoked oom-killer: gfp_mask=0x280da, order=0",
	  "kernel:[3669872.737028] Out of memory: Kill process 1519 (java) score 625 or sacrifice child",
	  "Out of memory: Kill process 1519 (java) score 625 or sacrifice child", 3669872703174LL },
	{ "kernel:GC Thread#3 invoked oom-killer: gfp_mask=0x1100cca(GFP_HIGHUSER_MOVABLE), order=0",
	  "GC Thread#3 invoked oom-killer: gfp_mask=0x1100cca(GFP_HIGHUSER_MOVABLE), order=0",
	  "kernel:Mem-Info:", "Mem-Info:", -1 },
	/* a whole syslog line behind a priority, and a report across midnight on Dec 31 */
	{ "<kern.warning> Dec 31 23:59:59 app01 kernel: [3876439.766527] vmmemctl invoked oom-killer: gfp_mask=0x200d2",
	  "vmmemctl invoked oom-killer: gfp_mask=0x200d2",
	  "<kern.warning> Jan  1 00:00:00 app01 kernel: [ 876439.799933] Out of memory: Kill process 9468 (java)",
	  "Out of memory: Kill process 9468 (java)", 3876439766527LL },
	/* a log viewer's columns */
	{ "app01 | kernel | [4001326.989039] httpd invoked oom-killer: gfp_mask=0x280da",
	  "httpd invoked oom-killer: gfp_mask=0x280da",
	  "app01 | kernel | [4001326.989439] Node 0 DMA free:15728kB", "Node 0 DMA free:15728kB", 4001326989039LL },
	/* nothing in front: nothing learned, nothing taken off */
	{ "java invoked oom-killer: gfp_mask=0x280da, order=0", "java invoked oom-killer: gfp_mask=0x280da, order=0",
	  "Mem-Info:", NULL, -1 },
	{ "Out of memory: Killed process 1580235 (java)", "Out of memory: Killed process 1580235 (java)",
	  "Mem-Info:", NULL, -1 },
	/* a line of another shape in the report is left as it is */
	{ "kernel:[ 123.000000] sh invoked oom-killer: gfp_mask=0x280da", "sh invoked oom-killer: gfp_mask=0x280da",
	  "systemd[1]: Started Session 5", NULL, 123000000LL },
	/* not a report's first line */
	{ "nfs: server x not responding, Out of memory?", NULL, NULL, NULL, -1 },
	{ "Memory cgroup out of memory: Killed process 1 (x)", NULL, NULL, NULL, -1 },
};

static void test_learned_prefix(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(learn_cases); i++) {
		const struct learn_case *c = &learn_cases[i];
		struct learned_prefix lp = { .len = 0 };
		struct span first = span_make(c->first, c->first + strlen(c->first)), body;
		uint64_t us = 0;
		bool learned = log_prefix_learn(&lp, &first);

		print_message("case %zu: '%s'\n", i, c->first);
		assert_int_equal(learned, c->first_text != NULL);
		if (!learned)
			continue;
		assert_true(span_eq(first, c->first_text));
		assert_int_equal(log_prefix_uptime(span_make(c->first, first.p), &us), c->uptime_us >= 0);
		if (c->uptime_us >= 0)
			assert_int_equal(us, (uint64_t)c->uptime_us);
		body = span_make(c->body, c->body + strlen(c->body));
		assert_int_equal(log_prefix_strip(&lp, &body), c->body_text != NULL);
		assert_true(span_eq(body, c->body_text ? c->body_text : c->body));
	}
}

/* Columns of a shape not known before known ones: learned from a report's first line, the rest parsed. */
static const struct { const char *first, *body, *host, *text; } outer_cases[] = {
	{ "<kern.warning> Dec 29 14:37:13 app01 kernel: [3669872.703174] java invoked oom-killer: gfp_mask=0x280da",
	  "<kern.info> Dec 29 14:37:14 app01 kernel: [3669872.703574] Mem-Info:", "app01", "Mem-Info:" },
	{ "messages.1:Dec 29 14:37:13 app01 kernel: Out of memory: Kill process 2931 (java) score 901",
	  "messages.1:Dec 29 14:37:13 app01 kernel: Killed process 2931 (java)", "app01", "Killed process 2931 (java)" },
	{ "messages.1:455:2026-01-01T00:00:01+01:00 db02 kernel: mysqld invoked oom-killer: gfp_mask=0x201da",
	  "messages.1:1456:2026-01-01T00:00:01+01:00 db02 kernel: Mem-Info:", "db02", "Mem-Info:" },
	/* no known columns after the unknown ones: nothing learned (the report's own learning takes it) */
	{ "app01 | kernel | java invoked oom-killer: gfp_mask=0x280da", NULL, NULL, NULL },
	{ "java invoked oom-killer: gfp_mask=0x280da", NULL, NULL, NULL },
	/* a known prefix of another program's line: not a kernel report */
	{ "x: Dec 29 14:37:13 app01 sshd[1]: java invoked oom-killer: as a quote", NULL, NULL, NULL },
};

static void test_outer_prefix(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(outer_cases); i++) {
		struct learned_prefix lp = { .len = 0 };
		struct log_line l;
		const char *b = outer_cases[i].body;

		print_message("case %zu: '%s'\n", i, outer_cases[i].first);
		assert_int_equal(log_prefix_learn_outer(&lp, outer_cases[i].first, strlen(outer_cases[i].first)), b != NULL);
		if (!b)
			continue;
		assert_true(log_parse_after(&lp, b, strlen(b), &l));
		assert_true(span_eq(l.host, outer_cases[i].host));
		assert_true(span_eq(l.prog, "kernel"));
		assert_true(span_eq(l.text, outer_cases[i].text));
		assert_true(l.time.valid);
		assert_false(log_parse_after(&lp, "an unprefixed line", 18, &l));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_prefixes),
		cmocka_unit_test(test_journal),
		cmocka_unit_test(test_learned_prefix),
		cmocka_unit_test(test_outer_prefix),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
