/*
 * What the reports share: events named by number ("#1-#3, #7"), text
 * wrapped at 80 columns with no size cut from its unit and no long name
 * cut at all, a drop-in's file name from a host name.
 */
#include "report/report.h"
#include "util/strbuf.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

static void test_event_refs(void **state)
{
	static const struct {
		size_t events[8], n;
		const char *want;
	} cases[] = {
		{ { 0 }, 1, "#1" },
		{ { 0, 1 }, 2, "#1, #2" },                       /* a pair is no range */
		{ { 0, 1, 2 }, 3, "#1-#3" },
		{ { 6, 0, 2, 1 }, 4, "#1-#3, #7" },              /* any order */
		{ { 0, 0, 1, 1, 2 }, 5, "#1-#3" },               /* an event met twice by a rule */
		{ { 3, 9, 10, 11, 12 }, 5, "#4, #10-#13" },
		{ { 0 }, 0, "" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct strbuf sb = STRBUF_INIT;

		event_refs(&sb, cases[i].events, cases[i].n);
		assert_string_equal(sb.buf ? sb.buf : "", cases[i].want);
		strbuf_release(&sb);
	}
}

static char *wrapped(unsigned col, const char *text, unsigned indent, unsigned width)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	print_wrapped_at(f, col, text, indent, width);
	fclose(f);
	return buf;
}

static void test_wrapping(void **state)
{
	static const struct {
		unsigned col, indent, width;
		const char *text, *want;
	} cases[] = {
		{ 0, 2, 20, "one two three four five six", "  one two three four\n  five six\n" },
		/* a size keeps its unit, with what follows it up to the next blank */
		{ 0, 0, 20, "DMA32 free 24.4 MiB < min 24.6 MiB); Normal",
		  "DMA32 free 24.4 MiB\n< min 24.6 MiB);\nNormal\n" },
		/* after a label: the text starts on its line, and wraps under its start */
		{ 14, 15, 40, "java 2.3 GiB, httpd x6 237.5 MiB", " java 2.3 GiB, httpd x6\n               237.5 MiB\n" },
		/* a word that does not fit starts the next line, even one longer than a line */
		{ 0, 2, 20, "id abcdefghijklmnopqrstuvwxyz end", "  id\n  abcdefghijklmnopqrstuvwxyz\n  end\n" },
		/* a path longer than a line is cut after a '/' and goes on under the indent */
		{ 0, 2, 20, "cgroup /kubepods.slice/kubepods-burstable.slice reached",
		  "  cgroup\n  /kubepods.slice/\n  kubepods-burstable.slice\n  reached\n" },
		/* ... starting on the line it is on when a part of it fits there */
		{ 0, 2, 30, "cgroup /system.slice/docker-0123456789abcdef.scope ok",
		  "  cgroup /system.slice/\n  docker-0123456789abcdef.scope\n  ok\n" },
		/* no '/' fits: cut after the first, that part alone runs over */
		{ 0, 2, 20, "/aaaaaaaaaaaaaaaaaaaaaaaa/bb", "  /aaaaaaaaaaaaaaaaaaaaaaaa/\n  bb\n" },
		{ 0, 2, 20, "", "" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		char *got = wrapped(cases[i].col, cases[i].text, cases[i].indent, cases[i].width);

		assert_string_equal(got, cases[i].want);
		free(got);
	}
}

static void test_dropin_name(void **state)
{
	static const struct {
		const char *host, *want;
	} cases[] = {
		{ "app01", "90-memtriage-app01.conf" },
		{ "jboss02.example.com", "90-memtriage-jboss02.example.com.conf" },
		{ "../etc/x y", "90-memtriage-.._etc_x_y.conf" },  /* never a path */
		{ NULL, "90-memtriage-unnamed-3.conf" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct host h = { .name = cases[i].host };
		struct strbuf sb = STRBUF_INIT;

		sysctl_dropin_name(&sb, &h, 2);
		assert_string_equal(sb.buf, cases[i].want);
		/* where it goes on the host, as the reports and the drop-in's header name it */
		strbuf_reset(&sb);
		sysctl_dropin_path(&sb, &h, 2);
		assert_string_equal(sb.buf + strlen("/etc/sysctl.d/"), cases[i].want);
		assert_memory_equal(sb.buf, "/etc/sysctl.d/", strlen("/etc/sysctl.d/"));
		strbuf_release(&sb);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_event_refs),
		cmocka_unit_test(test_wrapping),
		cmocka_unit_test(test_dropin_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
