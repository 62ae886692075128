/* Where snapshots begin, and how their hosts are named and joined. */
#include "model/model.h"
#include "route/route.h"

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

static void test_anchor(void **state)
{
	static const struct { const char *rel; long at; bool log; bool src; } cases[] = {
		{ "proc/meminfo", 0, false, true },
		{ "sosreport-db01-2026/proc/meminfo", 20, false, true },
		{ "cases/42/sosreport-db01/proc/meminfo", 24, false, true },
		{ "sosreport-db01/var/log/messages", 15, true, false },
		{ "sosreport-db01/var/log/messages-20261101.gz", 15, true, false },
		{ "x/sos_commands/logs/journalctl_--no-pager_--boot", 2, true, false },
		{ "x/sos_commands/logs/journalctl_--disk-usage", -1, false, false },
		{ "x/sos_commands/kernel/dmesg", 2, true, false },
		{ "var/log/secure", -1, false, false },
		{ "messages", -1, false, false },
		{ "proc/meminfo.bak", -1, false, false },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct source *src;
		bool is_log;
		long at = snapshot_anchor(cases[i].rel, &src, &is_log);

		if (at != cases[i].at || is_log != cases[i].log || (src != NULL) != cases[i].src) {
			print_message("case %zu: %s -> %ld %d %p\n", i, cases[i].rel, at, is_log, (void *)src);
			fail();
		}
	}
}

static struct oom_event *event(struct model *m, const char *host, unsigned unit)
{
	struct oom_event *e = oom_event_new(OOM_KILL);

	e->host = host ? intern_str(&m->strings, host) : NULL;
	e->unit = unit;
	e->victim_pid = 1;
	e->src = (struct src_loc){ intern_str(&m->strings, "f"), unit + 1 };
	model_add_event(m, e);
	return e;
}

/*
 * A snapshot named db01.example.com takes its own unnamed dmesg lines, the
 * syslog lines of "db01" given separately, but not those of "db02".
 */
static void test_join(void **state)
{
	struct model m;
	struct model_filter f = { 0 };
	struct snapshot *s;
	unsigned logs;
	size_t i;

	(void)state;
	model_init(&m);
	model_add_unit(&m, "sos");
	logs = model_add_unit(&m, "central");
	s = model_snapshot(&m, 0, "sosreport-db01/", "sos/sosreport-db01");
	assert_ptr_equal(model_snapshot(&m, 0, "sosreport-db01/", "sos/sosreport-db01"), s);
	s->hostname = "db01.example.com";
	fact_set_int(&s->facts, "meminfo.MemTotal", 1024, "kB", (struct src_loc){ "m", 1 });
	event(&m, NULL, s->unit);
	event(&m, "db01", logs);
	event(&m, "DB01", logs);
	event(&m, "db02", logs);
	model_finish(&m, &f);
	assert_int_equal(m.nr_hosts, 2);
	for (i = 0; i < m.nr_hosts; i++) {
		struct host *h = m.hosts[i];

		if (!strcmp(h->name, "db01.example.com")) {
			assert_int_equal(h->nr_events, 3);
			assert_ptr_equal(h->snapshot, s);
			assert_int_equal(fact_get(&h->facts, "meminfo.MemTotal")->i, 1024);
		} else {
			assert_string_equal(h->name, "db02");
			assert_int_equal(h->nr_events, 1);
		}
	}
	model_release(&m);
}

static void copy(struct model *m, unsigned unit, const char *file, int64_t victim, double uptime, bool complete)
{
	struct oom_event *e = oom_event_new(OOM_KILL);

	e->host = intern_str(&m->strings, "web01");
	e->unit = unit;
	e->victim_pid = victim;
	e->has_uptime = true;
	e->uptime_us = (int64_t)(uptime * 1e6);
	e->complete = complete;
	e->src = (struct src_loc){ intern_str(&m->strings, file), (unsigned)(uptime * 10) };
	model_add_event(m, e);
}

/*
 * The same report read from dmesg and from messages is one event, the
 * richer copy; the same victim pid later, other pids, and reports with no
 * pid at all stay apart.
 */
static void test_duplicates(void **state)
{
	struct model m;
	struct model_filter f = { 0 };
	unsigned logs;
	struct host *h;

	(void)state;
	model_init(&m);
	logs = model_add_unit(&m, "logs");
	copy(&m, logs, "dmesg", 100, 5.0, false);
	copy(&m, logs, "dmesg", 101, 60.0, true);
	copy(&m, logs, "dmesg", MT_UNKNOWN, 70.0, true);
	copy(&m, logs, "messages", 100, 5.3, true);
	copy(&m, logs, "messages", 100, 50.0, true);
	copy(&m, logs, "messages", 101, 60.2, true);
	copy(&m, logs, "messages", MT_UNKNOWN, 70.0, true);
	model_finish(&m, &f);
	assert_int_equal(m.nr_hosts, 1);
	h = m.hosts[0];
	assert_int_equal(h->duplicates, 2);
	assert_int_equal(h->nr_events, 5);
	for (size_t i = 0; i < h->nr_events; i++)
		if (h->events[i]->victim_pid == 100 && h->events[i]->uptime_us < 10000000)
			assert_true(h->events[i]->complete); /* messages' copy, not dmesg's */
	model_release(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_anchor),
		cmocka_unit_test(test_join),
		cmocka_unit_test(test_duplicates),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
