/*
 * The identity and virtualization sources: uname, hostname, date, time
 * zone, release files, dmidecode, sysfs DMI, lscpu, cpuinfo, lsmod and
 * sos's version.txt.  Each case is a file's bytes and what must (or must
 * not) come out of it.  The real samples are checked the same way, in a
 * test of their own per source (NAME_corpus), so that only those are
 * skipped where ../shared/corpus is absent.
 */
#include "source_harness.h"

extern const struct source in_uname, in_hostname, in_date, in_timezone, in_release,
	in_dmidecode, in_dmi_id, in_lscpu, in_cpuinfo, in_lsmod, in_sos_version, in_virt_what,
	in_tuned_adm, in_thp;

/* expected facts of one case, at most */
#define MAX_EXPECT 9
/* A string literal and its length, NUL bytes included. */
#define BUF(lit) lit, sizeof(lit) - 1

struct tcase {
	const char *rel;
	const char *buf;
	size_t len;
	int ret;
	int warns;              /* -1: not checked */
	struct fact_want ex[MAX_EXPECT];
};

static void check_result(const struct harness *h, int ret, int warns, const struct fact_want *ex,
			 const char *what, size_t idx)
{
	char row[256];

	snprintf(row, sizeof(row), "%s [%zu]", what, idx);
	if (h->ret != ret) {
		print_message("%s: returned %d, want %d\n", row, h->ret, ret);
		fail();
	}
	if (warns >= 0 && h->diag.nr != (size_t)warns) {
		print_message("%s: %zu warnings, want %d%s%s\n", row, h->diag.nr, warns,
			      h->diag.nr ? "; first: " : "", h->diag.nr ? h->diag.msgs[0].text : "");
		fail();
	}
	check_fact_wants(h, ex, MAX_EXPECT, row);
}

static void run_cases(const struct source *src, const struct tcase *cases, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++) {
		struct harness h;

		harness_run(&h, src, cases[i].rel, cases[i].buf, cases[i].len);
		check_result(&h, cases[i].ret, cases[i].warns, cases[i].ex, cases[i].rel, i);
		harness_release(&h);
	}
}

/* A real sample: skipped when the corpus is absent. */
struct ccase {
	const char *file;       /* below ../shared/corpus */
	const char *rel;        /* the path it has in a snapshot */
	int warns;
	struct fact_want ex[MAX_EXPECT];
};

static void run_corpus(const struct source *src, const struct ccase *cases, size_t nr)
{
	size_t i, len;

	for (i = 0; i < nr; i++) {
		char *buf = corpus_read(cases[i].file, &len);
		struct harness h;

		if (!buf)
			continue;
		harness_run(&h, src, cases[i].rel, buf, len);
		check_result(&h, 0, cases[i].warns, cases[i].ex, cases[i].file, i);
		harness_release(&h);
		free(buf);
	}
	corpus_skip_if_absent();
}

/* One source's real samples, a test's initial state. */
struct corpus_set {
	const struct source *src;
	const struct ccase *cases;
	size_t nr;
};

static void test_corpus(void **state)
{
	const struct corpus_set *set = *state;

	run_corpus(set->src, set->cases, set->nr);
}

#define SOS "snapshots/sosreport/rhcos-4.2-sos3.6-hyperv/"
#define RHCOS_UNAME "Linux localhost.localdomain 4.18.0-80.11.2.el8_0.x86_64 #1 SMP Sun Sep 15 11:24:21 UTC 2019 x86_64 x86_64 x86_64 GNU/Linux"

static void test_uname(void **state)
{
	static const struct tcase cases[] = {
		{ "uname", BUF(RHCOS_UNAME "\n"), 0, 0, {
			{ .fact = "kernel.release", .str = "4.18.0-80.11.2.el8_0.x86_64", .line = 1 },
			{ .fact = "kernel.version_code", .value = 4 * 65536 + 18 * 256, .line = 1 },
			{ .fact = "kernel.arch", .str = "x86_64", .line = 1 },
			{ .fact = "identity.uname_host", .str = "localhost.localdomain", .line = 1 } } },
		{ "sos_commands/kernel/uname_-a",
		  BUF("Linux deb10 4.19.0-17-amd64 #1 SMP Debian 4.19.194-3 (2021-07-18) x86_64 GNU/Linux"), 0, 0, {
			{ .fact = "kernel.version_code", .value = 4 * 65536 + 19 * 256 },
			{ .fact = "kernel.arch", .str = "x86_64" } } },
		/* the machine, not the hardware platform "i386" */
		{ "uname", BUF("Linux old 2.6.18-398.el5PAE #1 SMP Tue Sep 16 21:31:50 EDT 2014 i686 i686 i386 GNU/Linux\r\n"), 0, 0, {
			{ .fact = "kernel.arch", .str = "i686" },
			{ .fact = "kernel.release", .str = "2.6.18-398.el5PAE" },
			{ .fact = "kernel.version_code", .value = 2 * 65536 + 6 * 256 + 18 } } },
		{ "uname", BUF("Linux pi 5.15.0-1034-raspi #37-Ubuntu SMP PREEMPT Mon Jul 10 17:18:52 UTC 2023 aarch64 aarch64 aarch64 GNU/Linux\n"), 0, 0, {
			{ .fact = "kernel.arch", .str = "aarch64" },
			{ .fact = "kernel.version_code", .value = 5 * 65536 + 15 * 256 } } },
		/* sublevels past 255 are capped, as LINUX_VERSION_CODE does */
		{ "uname", BUF("Linux h 4.9.337-1 #1 SMP Mon Jan 1 00:00:00 UTC 2024 x86_64 GNU/Linux\n"), 0, 0, {
			{ .fact = "kernel.version_code", .value = 4 * 65536 + 9 * 256 + 255 } } },
		{ "uname", BUF("Linux h 6.1 #1 SMP PREEMPT weird64 GNU/Linux\n"), 0, 0, {
			{ .fact = "kernel.version_code", .value = 6 * 65536 + 256 },
			{ .fact = "kernel.arch", .str = "weird64" } } },
		/* stderr first, then the line */
		{ "uname", BUF("uname: write error\n" RHCOS_UNAME "\n"), 0, 1, {
			{ .fact = "kernel.arch", .str = "x86_64", .line = 2 } } },
		{ "uname", BUF(RHCOS_UNAME "\nbash: line 1: foo: command not found\n"), 0, 1, {
			{ .fact = "kernel.arch", .str = "x86_64", .line = 1 } } },
		/* the virt-what ESX 4.1 stub prints only the machine */
		{ "uname", BUF("x86_64\n"), -1, 1, { { .fact = "kernel.arch", .absent = true } } },
		{ "uname", BUF(""), -1, 0, { { .fact = "kernel.release", .absent = true } } },
		{ "uname", BUF("\n\n"), -1, 0, { { .fact = "kernel.release", .absent = true } } },
		{ "uname", BUF("Linux localhost.localdomain 4.18.0-80"), -1, 1, { { .fact = "kernel.release", .absent = true } } },
		{ "uname", BUF("Linux h 4.18.0 #1 SMP \0\0 x86_64 GNU/Linux\n"), -1, 1, { { .fact = "kernel.release", .absent = true } } },
		{ "uname", BUF("Linux h 99999999999999999999.1.2 #1 SMP x86_64 GNU/Linux\n"), 0, 1, {
			{ .fact = "kernel.release", .str = "99999999999999999999.1.2", .line = 1 },
			{ .fact = "kernel.version_code", .absent = true } } },
		{ "uname", BUF("Linux h 4.18.0 #1 SMP Sun Sep 15 2019 GNU/Linux\n"), 0, 1, {
			{ .fact = "kernel.arch", .absent = true }, { .fact = "kernel.version_code", .value = 4 * 65536 + 18 * 256 } } },
	};

	(void)state;
	run_cases(&in_uname, cases, ARRAY_SIZE(cases));
}

static const struct ccase uname_corpus[] = {
	{ "snapshots/uname/rhcos-4.2-hyperv.uname_-a", "uname", 0, {
		{ .fact = "kernel.release", .str = "4.18.0-80.11.2.el8_0.x86_64", .line = 1 },
		{ .fact = "kernel.version_code", .value = 266752, .line = 1 },
		{ .fact = "kernel.arch", .str = "x86_64", .line = 1 },
		{ .fact = "identity.uname_host", .str = "localhost.localdomain", .line = 1 } } },
	{ SOS "sos_commands/kernel/uname_-a", "sos_commands/kernel/uname_-a", 0, {
		{ .fact = "kernel.release", .str = "4.18.0-80.11.2.el8_0.x86_64", .line = 1 },
		{ .fact = "kernel.arch", .str = "x86_64", .line = 1 } } },
};

static void test_hostname(void **state)
{
	static const struct tcase cases[] = {
		{ "sos_commands/host/hostname", BUF("localhost.localdomain\n"), 0, 0, {
			{ .fact = "identity.hostname", .str = "localhost.localdomain", .line = 1 },
			{ .fact = "identity.fqdn", .str = "localhost.localdomain", .line = 1 } } },
		{ "etc/hostname", BUF("# set by the installer\n\nweb01\n"), 0, 0, {
			{ .fact = "identity.hostname", .str = "web01", .line = 3 },
			{ .fact = "identity.fqdn", .absent = true } } },
		{ "hostname", BUF("web01\r\n"), 0, 0, { { .fact = "identity.hostname", .str = "web01", .line = 1 } } },
		{ "sos_commands/general/hostname", BUF("app-2_b"), 0, 0, { { .fact = "identity.hostname", .str = "app-2_b", .line = 1 } } },
		{ "sos_commands/host/hostname_-f", BUF("db01.example.com\n"), 0, 0, {
			{ .fact = "identity.fqdn", .str = "db01.example.com", .line = 1 },
			{ .fact = "identity.hostname", .absent = true } } },
		/* a dotless -f answer is no FQDN: nothing stored, nothing wrong */
		{ "sos_commands/general/hostname_-f", BUF("localhost\n"), 0, 0, {
			{ .fact = "identity.fqdn", .absent = true }, { .fact = "identity.hostname", .absent = true } } },
		{ "etc/sysconfig/network", BUF("NETWORKING=yes\nHOSTNAME=\"db01.example.com\"\nGATEWAY=10.0.0.1\n"), 0, 0, {
			{ .fact = "identity.hostname", .str = "db01.example.com", .line = 2 },
			{ .fact = "identity.fqdn", .str = "db01.example.com", .line = 2 } } },
		{ "etc/sysconfig/network", BUF("NETWORKING=yes\nHOSTNAME=db02\n"), 0, 0, {
			{ .fact = "identity.hostname", .str = "db02", .line = 2 } } },
		{ "etc/sysconfig/network", BUF("NETWORKING=yes\nNOZEROCONF=yes\n"), -1, 0, {
			{ .fact = "identity.hostname", .absent = true } } },
		{ "etc/sysconfig/network", BUF("HOSTNAME=\"db01\nHOSTNAME=\n"), -1, 2, {
			{ .fact = "identity.hostname", .absent = true } } },
		{ "sos_commands/host/hostname_-f", BUF("hostname: Name or service not known\n"), -1, 1, {
			{ .fact = "identity.fqdn", .absent = true } } },
		{ "hostname", BUF("(none)\n"), -1, 1, { { .fact = "identity.hostname", .absent = true } } },
		{ "hostname", BUF("web\0001\n"), -1, 1, { { .fact = "identity.hostname", .absent = true } } },
		{ "hostname", BUF("web01\nweb02\n"), 0, 1, { { .fact = "identity.hostname", .str = "web01", .line = 1 } } },
		{ "hostname", BUF(""), -1, 0, { { .fact = "identity.hostname", .absent = true } } },
	};

	(void)state;
	run_cases(&in_hostname, cases, ARRAY_SIZE(cases));
}

static const struct ccase hostname_corpus[] = {
	{ SOS "sos_commands/host/hostname", "sos_commands/host/hostname", 0, {
		{ .fact = "identity.hostname", .str = "localhost.localdomain", .line = 1 },
		{ .fact = "identity.fqdn", .str = "localhost.localdomain", .line = 1 } } },
	/* the real sample answers "localhost" to hostname -f */
	{ SOS "sos_commands/host/hostname_-f", "sos_commands/host/hostname_-f", 0, {
		{ .fact = "identity.fqdn", .absent = true } } },
};

#define TDC_PARIS \
	"               Local time: Tue 2019-10-15 10:20:45 CEST\n" \
	"           Universal time: Tue 2019-10-15 08:20:45 UTC\n" \
	"                 RTC time: Tue 2019-10-15 08:20:44\n" \
	"                Time zone: Europe/Paris (CEST, +0200)\n" \
	"System clock synchronized: yes\n" \
	"              NTP service: active\n" \
	"          RTC in local TZ: no\n"

#define TDC_RHEL7 \
	"      Local time: Tue 2019-10-15 04:20:45 EDT\n" \
	"  Universal time: Tue 2019-10-15 08:20:45 UTC\n" \
	"        RTC time: Tue 2019-10-15 04:20:44\n" \
	"       Time zone: America/New_York (EDT, -0400)\n" \
	"     NTP enabled: yes\n" \
	"NTP synchronized: yes\n" \
	" RTC in local TZ: yes\n" \
	"      DST active: yes\n" \
	" Last DST change: DST began at\n" \
	"                  Sun 2019-03-10 01:59:59 EST\n" \
	"                  Sun 2019-03-10 03:00:00 EDT\n" \
	" Next DST change: DST ends (the clock jumps one hour backwards) at\n" \
	"                  Sun 2019-11-03 01:59:59 EDT\n" \
	"                  Sun 2019-11-03 01:00:00 EST\n" \
	"\n" \
	"Warning: The system is configured to read the RTC time in the local time zone.\n" \
	"         This mode can not be fully supported. It will create various problems\n"

static void test_date(void **state)
{
	static const struct tcase cases[] = {
		{ "sos_commands/date/date", BUF("Tue Oct 15 08:20:45 UTC 2019\n"), 0, 0, {
			{ .fact = "identity.collected", .str = "2019-10-15T08:20:45Z", .line = 1 },
			{ .fact = "identity.collected_year", .value = 2019, .line = 1 },
			{ .fact = "identity.collected_epoch", .value = 1571127645, .line = 1 },
			{ .fact = "identity.timezone_abbrev", .str = "UTC", .line = 1 },
			{ .fact = "identity.timezone", .absent = true } } },
		{ "sos_commands/general/date", BUF("Tue Oct 15 10:20:45 +0200 2019"), 0, 0, {
			{ .fact = "identity.collected", .str = "2019-10-15T10:20:45+02:00", .line = 1 },
			{ .fact = "identity.collected_epoch", .value = 1571127645, .line = 1 },
			{ .fact = "identity.timezone_abbrev", .absent = true } } },
		{ "date", BUF("Tue Oct 15 03:50:45 -0430 2019\n"), 0, 0, {
			{ .fact = "identity.collected", .str = "2019-10-15T03:50:45-04:30", .line = 1 },
			{ .fact = "identity.collected_epoch", .value = 1571127645, .line = 1 } } },
		/* an abbreviation of one offset gives it, hence the epoch */
		{ "date", BUF("Tue Oct 15 10:20:45 CEST 2019\r\n"), 0, 0, {
			{ .fact = "identity.collected", .str = "2019-10-15T10:20:45+02:00", .line = 1 },
			{ .fact = "identity.collected_year", .value = 2019, .line = 1 },
			{ .fact = "identity.collected_epoch", .value = 1571127645, .line = 1 },
			{ .fact = "identity.timezone_abbrev", .str = "CEST", .line = 1 },
			{ .fact = "identity.timezone_ambiguous", .absent = true } } },
		/* the seed's RHEL 4 guest: its date says PDT, -07:00 */
		{ "sos_commands/date/date", BUF("Mon Mar 15 09:12:44 PDT 2010\n"), 0, 0, {
			{ .fact = "identity.collected", .str = "2010-03-15T09:12:44-07:00", .line = 1 },
			{ .fact = "identity.collected_epoch", .value = 1268669564, .line = 1 } } },
		/* the first and the last of the table, and one of a half hour */
		{ "date", BUF("Mon Jan  6 10:00:00 ACDT 2025\n"), 0, 0, {
			{ .fact = "identity.collected", .str = "2025-01-06T10:00:00+10:30", .line = 1 } } },
		{ "date", BUF("Mon Jan  6 10:00:00 WIB 2025\n"), 0, 0, {
			{ .fact = "identity.collected", .str = "2025-01-06T10:00:00+07:00", .line = 1 } } },
		{ "date", BUF("Mon Jan  6 10:00:00 NST 2025\n"), 0, 0, {
			{ .fact = "identity.collected", .str = "2025-01-06T10:00:00-03:30", .line = 1 } } },
		/* one of several offsets gives none, and says what it may be */
		{ "date", BUF("Tue Oct 15 10:20:45 IST 2019\n"), 0, 0, {
			{ .fact = "identity.collected", .str = "2019-10-15T10:20:45", .line = 1 },
			{ .fact = "identity.collected_epoch", .absent = true },
			{ .fact = "identity.timezone_ambiguous", .str = "India +05:30, Israel +02:00 or Ireland +01:00", .line = 1 } } },
		{ "date", BUF("Tue Oct 15 10:20:45 EST 2019\n"), 0, 0, {
			{ .fact = "identity.collected_epoch", .absent = true },
			{ .fact = "identity.timezone_ambiguous", .str = "US Eastern -05:00, or Australian Eastern +10:00 in tz data before 2014", .line = 1 } } },
		/* an abbreviation the table does not know gives nothing */
		{ "date", BUF("Tue Oct 15 10:20:45 XYZT 2019\n"), 0, 0, {
			{ .fact = "identity.collected", .str = "2019-10-15T10:20:45", .line = 1 },
			{ .fact = "identity.collected_epoch", .absent = true },
			{ .fact = "identity.timezone_ambiguous", .absent = true } } },
		{ "date", BUF("Wed Oct  2 02:54:30 GMT 2019\n"), 0, 0, {
			{ .fact = "identity.collected", .str = "2019-10-02T02:54:30Z", .line = 1 },
			{ .fact = "identity.collected_epoch", .value = 1569984870, .line = 1 },
			{ .fact = "identity.timezone_abbrev", .str = "GMT", .line = 1 } } },
		/* a locale's word order, 12-hour clock */
		{ "date", BUF("Tue 15 Oct 2019 08:20:45 PM UTC\n"), 0, 0, {
			{ .fact = "identity.collected", .str = "2019-10-15T20:20:45Z", .line = 1 } } },
		{ "date", BUF("Tue 15 Oct 2019 12:20:45 AM CEST\n"), 0, 0, {
			{ .fact = "identity.collected", .str = "2019-10-15T00:20:45+02:00", .line = 1 } } },
		{ "date", BUF("Sat Feb 29 23:59:60 UTC 2020\n"), 0, 0, {
			{ .fact = "identity.collected", .str = "2020-02-29T23:59:60Z", .line = 1 } } },
		{ "date", BUF(TDC_PARIS), 0, 0, {
			{ .fact = "identity.collected", .str = "2019-10-15T10:20:45+02:00", .line = 1 },
			{ .fact = "identity.collected_epoch", .value = 1571127645, .line = 1 },
			{ .fact = "identity.collected_year", .value = 2019, .line = 1 },
			{ .fact = "identity.timezone_abbrev", .str = "CEST", .line = 1 },
			{ .fact = "identity.timezone", .str = "Europe/Paris", .line = 4 } } },
		{ "date", BUF(TDC_RHEL7), 0, 0, {
			{ .fact = "identity.collected", .str = "2019-10-15T04:20:45-04:00", .line = 1 },
			{ .fact = "identity.collected_epoch", .value = 1571127645, .line = 1 },
			{ .fact = "identity.timezone_abbrev", .str = "EDT", .line = 1 },
			{ .fact = "identity.timezone", .str = "America/New_York", .line = 4 } } },
		/* no zone configured; only the universal time */
		{ "date", BUF("  Universal time: Tue 2019-10-15 08:20:45 UTC\n       Time zone: n/a (UTC, +0000)\n"), 0, 0, {
			{ .fact = "identity.collected", .str = "2019-10-15T08:20:45Z", .line = 1 },
			{ .fact = "identity.collected_epoch", .value = 1571127645, .line = 1 },
			{ .fact = "identity.timezone", .absent = true } } },
		/* a local time whose zone is not the one "Time zone:" names keeps no offset */
		{ "date", BUF("Local time: Tue 2019-10-15 10:20:45 CET\nTime zone: Europe/Paris (CEST, +0200)\n"), 0, 0, {
			{ .fact = "identity.collected", .str = "2019-10-15T10:20:45", .line = 1 },
			{ .fact = "identity.collected_epoch", .absent = true } } },
		{ "date", BUF("Local time: n/a\nTime zone: Asia/Tokyo (JST, +0900)\n"), 0, 0, {
			{ .fact = "identity.timezone", .str = "Asia/Tokyo", .line = 2 },
			{ .fact = "identity.timezone_abbrev", .str = "JST", .line = 2 },
			{ .fact = "identity.collected", .absent = true } } },
		/* an unreadable zone line: the local time's own CEST still gives its offset */
		{ "date", BUF("Local time: Tue 2019-10-15 10:20:45 CEST\nTime zone: Europe/Paris CEST\n"), 0, 1, {
			{ .fact = "identity.collected", .str = "2019-10-15T10:20:45+02:00", .line = 1 }, { .fact = "identity.timezone", .absent = true } } },
		{ "date", BUF("Time zone: Europe/Paris (CEST, +0200\n"), -1, 1, {
			{ .fact = "identity.timezone_abbrev", .absent = true }, { .fact = "identity.timezone", .absent = true } } },
		{ "date", BUF("Local time: Tue 2019-10-15 10:20:45 CEST\nFailed to query server: Connection timed out\n"), 0, 1, {
			{ .fact = "identity.collected", .str = "2019-10-15T10:20:45+02:00", .line = 1 } } },
		/* stderr merged before and after */
		{ "date", BUF("date: cannot stat /etc/localtime\nTue Oct 15 08:20:45 UTC 2019\nextra\n"), 0, 2, {
			{ .fact = "identity.collected", .str = "2019-10-15T08:20:45Z", .line = 2 } } },
		{ "date", BUF("Sun Feb 30 08:20:45 UTC 2019\n"), -1, 1, { { .fact = "identity.collected", .absent = true } } },
		{ "date", BUF("Tue Oct 15 25:20:45 UTC 2019\n"), -1, 1, { { .fact = "identity.collected", .absent = true } } },
		{ "date", BUF("Tue Oct 99999999999999999999 08:20:45 UTC 2019\n"), -1, 1, { { .fact = "identity.collected", .absent = true } } },
		{ "date", BUF("Tue Oct 15 08:20:45 UTC\n"), -1, 1, { { .fact = "identity.collected", .absent = true } } },
		{ "date", BUF("Tue Oct 15 08:2"), -1, 1, { { .fact = "identity.collected", .absent = true } } },
		{ "date", BUF("Tue Oct 15 08:20:45 U\0C 2019\n"), -1, 1, { { .fact = "identity.collected", .absent = true } } },
		{ "date", BUF("Tue Oct 15 08:20:45 UTC CEST 2019\n"), -1, 1, { { .fact = "identity.collected", .absent = true } } },
		{ "date", BUF(""), -1, 0, { { .fact = "identity.collected", .absent = true } } },
	};

	(void)state;
	run_cases(&in_date, cases, ARRAY_SIZE(cases));
}

static const struct ccase date_corpus[] = {
	{ SOS "sos_commands/date/date", "sos_commands/date/date", 0, {
		{ .fact = "identity.collected", .str = "2019-10-02T02:54:30Z", .line = 1 },
		{ .fact = "identity.collected_year", .value = 2019, .line = 1 },
		{ .fact = "identity.collected_epoch", .value = 1569984870, .line = 1 },
		{ .fact = "identity.timezone_abbrev", .str = "UTC", .line = 1 } } },
};

static void test_timezone(void **state)
{
	static const struct tcase cases[] = {
		{ "etc/timezone", BUF("Europe/Paris\n"), 0, 0, { { .fact = "identity.timezone", .str = "Europe/Paris", .line = 1 } } },
		{ "etc/timezone", BUF("# zone\r\nAmerica/Argentina/Buenos_Aires\r\n"), 0, 0, {
			{ .fact = "identity.timezone", .str = "America/Argentina/Buenos_Aires", .line = 2 } } },
		{ "etc/timezone", BUF("Etc/GMT+5"), 0, 0, { { .fact = "identity.timezone", .str = "Etc/GMT+5", .line = 1 } } },
		{ "etc/sysconfig/clock", BUF("# The time zone of the system is defined by the contents of /etc/localtime.\n"
					     "ZONE=\"America/New_York\"\nUTC=true\nARC=false\n"), 0, 0, {
			{ .fact = "identity.timezone", .str = "America/New_York", .line = 2 },
			{ .fact = "identity.hwclock_utc", .value = 1, .line = 3 } } },
		{ "etc/sysconfig/clock", BUF("ZONE='Asia/Tokyo'\nUTC=no\n"), 0, 0, {
			{ .fact = "identity.timezone", .str = "Asia/Tokyo", .line = 1 },
			{ .fact = "identity.hwclock_utc", .line = 2 } } },
		/* SUSE */
		{ "etc/sysconfig/clock", BUF("HWCLOCK=\"--localtime\"\nTIMEZONE=\"Europe/Berlin\"\nDEFAULT_TIMEZONE=\"US/Eastern\"\n"), 0, 0, {
			{ .fact = "identity.timezone", .str = "Europe/Berlin", .line = 2 },
			{ .fact = "identity.hwclock_utc", .line = 1 } } },
		{ "etc/sysconfig/clock", BUF("UTC=maybe\nZONE=\"Europe/Paris\nthis is junk\n"), -1, 3, {
			{ .fact = "identity.timezone", .absent = true }, { .fact = "identity.hwclock_utc", .absent = true } } },
		{ "etc/sysconfig/clock", BUF("ARC=false\n"), -1, 0, { { .fact = "identity.timezone", .absent = true } } },
		{ "etc/timezone", BUF("Europe Paris\n"), -1, 1, { { .fact = "identity.timezone", .absent = true } } },
		{ "etc/timezone", BUF("Europe/Paris\nUTC\n"), 0, 1, { { .fact = "identity.timezone", .str = "Europe/Paris", .line = 1 } } },
		{ "etc/timezone", BUF("Europe/\0aris\n"), -1, 1, { { .fact = "identity.timezone", .absent = true } } },
		{ "etc/timezone", BUF(""), -1, 0, { { .fact = "identity.timezone", .absent = true } } },
	};

	(void)state;
	run_cases(&in_timezone, cases, ARRAY_SIZE(cases));
}

static void test_release(void **state)
{
	static const struct tcase cases[] = {
		{ "etc/redhat-release", BUF("Red Hat Enterprise Linux Server release 7.9 (Maipo)\n"), 0, 0, {
			{ .fact = "identity.distro", .str = "Red Hat Enterprise Linux Server release 7.9 (Maipo)", .line = 1 },
			{ .fact = "identity.distro_id", .str = "rhel", .line = 1 },
			{ .fact = "identity.distro_version", .str = "7.9", .line = 1 } } },
		{ "etc/centos-release", BUF("CentOS Linux release 7.9.2009 (Core)"), 0, 0, {
			{ .fact = "identity.distro_id", .str = "centos", .line = 1 },
			{ .fact = "identity.distro_version", .str = "7.9.2009", .line = 1 } } },
		{ "etc/redhat-release", BUF("Fedora release 30 (Thirty)\r\n"), 0, 0, {
			{ .fact = "identity.distro", .str = "Fedora release 30 (Thirty)", .line = 1 },
			{ .fact = "identity.distro_id", .str = "fedora", .line = 1 },
			{ .fact = "identity.distro_version", .str = "30", .line = 1 } } },
		{ "etc/redhat-release", BUF("Red Hat Enterprise Linux CoreOS release 4.2\n"), 0, 0, {
			{ .fact = "identity.distro_id", .str = "rhcos", .line = 1 }, { .fact = "identity.distro_version", .str = "4.2", .line = 1 } } },
		{ "etc/redhat-release", BUF("Red Hat Linux Advanced Server release 2.1AS (Pensacola)\n"), 0, 0, {
			{ .fact = "identity.distro_version", .str = "2.1", .line = 1 }, { .fact = "identity.distro_id", .absent = true } } },
		{ "etc/SuSE-release", BUF("SUSE Linux Enterprise Server 11 (x86_64)\nVERSION = 11\nPATCHLEVEL = 4\n"), 0, 0, {
			{ .fact = "identity.distro", .str = "SUSE Linux Enterprise Server 11 (x86_64)", .line = 1 },
			{ .fact = "identity.distro_id", .str = "sles", .line = 1 },
			{ .fact = "identity.distro_version", .str = "11.4", .line = 2 } } },
		{ "etc/SuSE-release", BUF("SUSE Linux Enterprise Server 12 (x86_64)\nVERSION = 12\nPATCHLEVEL = 0\n"
					  "# This file is deprecated and will be removed in a future service pack or release.\n"), 0, 0, {
			{ .fact = "identity.distro_version", .str = "12", .line = 2 } } },
		{ "etc/SuSE-release", BUF("openSUSE 13.2 (x86_64)\nVERSION = 13.2\nCODENAME = Harlequin\n"), 0, 0, {
			{ .fact = "identity.distro_id", .str = "opensuse", .line = 1 }, { .fact = "identity.distro_version", .str = "13.2", .line = 2 } } },
		{ "etc/os-release", BUF("NAME=\"Red Hat Enterprise Linux\"\nVERSION=\"8.0 (Ootpa)\"\nID=\"rhel\"\n"
					"ID_LIKE=\"fedora\"\nVERSION_ID=\"8.0\"\n"
					"PRETTY_NAME=\"Red Hat Enterprise Linux 8.0 (Ootpa)\"\n"
					"HOME_URL=\"https://www.redhat.com/\"\n"), 0, 0, {
			{ .fact = "identity.distro", .str = "Red Hat Enterprise Linux 8.0 (Ootpa)", .line = 6 },
			{ .fact = "identity.distro_id", .str = "rhel", .line = 3 },
			{ .fact = "identity.distro_version", .str = "8.0", .line = 5 },
			{ .fact = "os_release.ID_LIKE", .str = "fedora", .line = 4 },
			{ .fact = "os_release.HOME_URL", .str = "https://www.redhat.com/", .line = 7 } } },
		{ "usr/lib/os-release", BUF("# comment\nID=debian\nPRETTY_NAME='Debian GNU/Linux 10 (buster)'\n"
					    "VERSION_ID=\"10\"\nNAME=\"say \\\"hi\\\" \\$x\"\n"), 0, 0, {
			{ .fact = "identity.distro", .str = "Debian GNU/Linux 10 (buster)", .line = 3 },
			{ .fact = "identity.distro_id", .str = "debian", .line = 2 },
			{ .fact = "identity.distro_version", .str = "10", .line = 4 },
			{ .fact = "os_release.NAME", .str = "say \"hi\" $x", .line = 5 } } },
		{ "etc/lsb-release", BUF("DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=16.04\nDISTRIB_CODENAME=xenial\n"
					 "DISTRIB_DESCRIPTION=\"Ubuntu 16.04.7 LTS\"\n"), 0, 0, {
			{ .fact = "identity.distro_id", .str = "ubuntu", .line = 1 },
			{ .fact = "identity.distro_version", .str = "16.04", .line = 2 },
			{ .fact = "identity.distro", .str = "Ubuntu 16.04.7 LTS", .line = 4 },
			{ .fact = "lsb_release.DISTRIB_CODENAME", .str = "xenial", .line = 3 } } },
		/* broken quotes, junk lines, NUL bytes */
		{ "etc/os-release", BUF("ID=\"rhel\nVERSION_ID=\"8.0\"x\nbash: line 1: foo\nNAME=\"a\0b\"\n"
					"PRETTY_NAME=\"x\"\n"), 0, 4, {
			{ .fact = "identity.distro", .str = "x", .line = 5 }, { .fact = "identity.distro_id", .absent = true },
			{ .fact = "identity.distro_version", .absent = true } } },
		{ "etc/os-release", BUF("ID=\n"), 0, 0, { { .fact = "os_release.ID", .str = "", .line = 1 } } },
		{ "etc/os-release", BUF(""), -1, 0, { { .fact = "identity.distro", .absent = true } } },
		{ "etc/redhat-release", BUF("\n"), -1, 0, { { .fact = "identity.distro", .absent = true } } },
		/* a damaged first line is skipped, the next one read */
		{ "etc/redhat-release", BUF("Red Hat\0 Enterprise\nCentOS Linux release 7\n"), 0, 1, {
			{ .fact = "identity.distro", .str = "CentOS Linux release 7", .line = 2 },
			{ .fact = "identity.distro_version", .str = "7", .line = 2 } } },
	};

	(void)state;
	run_cases(&in_release, cases, ARRAY_SIZE(cases));
}

static void test_dmidecode(void **state)
{
	static const struct tcase cases[] = {
		{ "dmidecode", BUF("# dmidecode 3.2\n/sys/firmware/dmi/tables/smbios_entry_point: Permission denied\n"
				   "/dev/mem: Permission denied\n"), -1, 2, {
			{ .fact = "virt.dmi_hypervisor", .absent = true }, { .fact = "dmi.sys_vendor", .absent = true } } },
		{ "dmidecode", BUF("# dmidecode 2.12\n# No SMBIOS nor DMI entry point found, sorry.\n"), -1, 1, {
			{ .fact = "virt.dmi_hypervisor", .absent = true } } },
		/* dmidecode 2.0-2.6 layout */
		{ "sos_commands/hardware/dmidecode", BUF("# dmidecode 2.2\nSMBIOS 2.3 present.\n"
							 "Handle 0x0100\n\tDMI type 1, 25 bytes.\n\tSystem Information\n"
							 "\t\tManufacturer: QEMU\n\t\tProduct Name: Standard PC (i440FX + PIIX, 1996)\n"), 0, 0, {
			{ .fact = "dmi.sys_vendor", .str = "QEMU", .line = 6 },
			{ .fact = "dmi.product_name", .str = "Standard PC (i440FX + PIIX, 1996)", .line = 7 },
			{ .fact = "virt.dmi_hypervisor", .str = "kvm", .line = 5 } } },
		{ "dmidecode", BUF("Handle 0x0001, DMI type 1, 27 bytes\r\nSystem Information\r\n\tManufacturer: innotek GmbH\r\n"
				   "\tProduct Name: VirtualBox\r\n\r\nHandle 0x0011, DMI type 17, 40 bytes\r\nMemory Device\r\n"
				   "\tSize: 2 GB\r\n\tForm Factor: DIMM\r\nHandle 0x0012, DMI type 17, 40 bytes\r\nMemory Device\r\n"
				   "\tSize: 512 MB\r\nHandle 0x0013, DMI type 17, 40 bytes\r\nMemory Device\r\n\tSize: Not Installed\r\n"), 0, 0, {
			{ .fact = "dmi.sys_vendor", .str = "innotek GmbH", .line = 3 },
			{ .fact = "virt.dmi_hypervisor", .str = "virtualbox", .line = 2 },
			{ .fact = "dmi.memory_total_mb", .value = 2560, .line = 8 } } },
		{ "dmidecode", BUF("Handle 0x0001, DMI type 1, 27 bytes\nSystem Information\n\tManufacturer: Xen\n\tProduct Name: HVM domU\n"), 0, 0, {
			{ .fact = "virt.dmi_hypervisor", .str = "xen", .line = 2 } } },
		{ "dmidecode", BUF("Handle 0x0001, DMI type 1, 27 bytes\nSystem Information\n\tManufacturer: Amazon EC2\n\tProduct Name: m5.large\n"), 0, 0, {
			{ .fact = "virt.dmi_hypervisor", .str = "kvm", .line = 2 },
			{ .fact = "virt.dmi_platform", .str = "aws", .line = 2 } } },
		/* GCE: the BIOS vendor and the system strings are Google's */
		{ "dmidecode", BUF("Handle 0x0000, DMI type 0, 24 bytes\nBIOS Information\n\tVendor: Google\n\tVersion: Google\n"
				   "\nHandle 0x0100, DMI type 1, 27 bytes\nSystem Information\n\tManufacturer: Google\n"
				   "\tProduct Name: Google Compute Engine\n"), 0, 0, {
			{ .fact = "virt.dmi_hypervisor", .str = "kvm", .line = 7 },
			{ .fact = "virt.dmi_platform", .str = "gce", .line = 7 } } },
		/* Azure: Hyper-V's strings, and the chassis asset tag only Azure gives */
		{ "dmidecode", BUF("Handle 0x0001, DMI type 1, 27 bytes\nSystem Information\n\tManufacturer: Microsoft Corporation\n"
				   "\tProduct Name: Virtual Machine\n\nHandle 0x0003, DMI type 3, 21 bytes\nChassis Information\n"
				   "\tManufacturer: Microsoft Corporation\n\tAsset Tag: 7783-7084-3265-9085-8269-3286-77\n"), 0, 0, {
			{ .fact = "virt.dmi_hypervisor", .str = "hyperv", .line = 2 },
			{ .fact = "virt.dmi_platform", .str = "azure", .line = 2 },
			{ .fact = "dmi.chassis_asset_tag", .str = "7783-7084-3265-9085-8269-3286-77", .line = 9 } } },
		/* RHEL's own qemu-kvm, and oVirt's */
		{ "dmidecode", BUF("Handle 0x0100, DMI type 1, 27 bytes\nSystem Information\n\tManufacturer: Red Hat\n\tProduct Name: KVM\n"), 0, 0, {
			{ .fact = "virt.dmi_hypervisor", .str = "kvm", .line = 2 }, { .fact = "virt.dmi_platform", .absent = true } } },
		{ "dmidecode", BUF("Handle 0x0100, DMI type 1, 27 bytes\nSystem Information\n\tManufacturer: oVirt\n\tProduct Name: oVirt Node\n"), 0, 0, {
			{ .fact = "virt.dmi_hypervisor", .str = "kvm", .line = 2 }, { .fact = "virt.dmi_platform", .str = "ovirt", .line = 2 } } },
		{ "dmidecode", BUF("Handle 0x0100, DMI type 1, 27 bytes\nSystem Information\n\tManufacturer: OpenStack Foundation\n\tProduct Name: OpenStack Nova\n"), 0, 0, {
			{ .fact = "virt.dmi_hypervisor", .str = "kvm", .line = 2 }, { .fact = "virt.dmi_platform", .str = "openstack", .line = 2 } } },
		/* a Surface laptop is no Hyper-V guest */
		{ "dmidecode", BUF("Handle 0x0001, DMI type 1, 27 bytes\nSystem Information\n\tManufacturer: Microsoft Corporation\n\tProduct Name: Surface Pro 7\n"), 0, 0, {
			{ .fact = "virt.dmi_hypervisor", .str = "none", .line = 2 } } },
		/* only the serial tells */
		{ "dmidecode", BUF("Handle 0x0001, DMI type 1, 27 bytes\nSystem Information\n\tManufacturer: Not Specified\n\tSerial Number: VMware-56 4d bc 2c\n"), 0, 0, {
			{ .fact = "virt.dmi_hypervisor", .str = "vmware", .line = 2 }, { .fact = "dmi.product_name", .absent = true } } },
		{ "dmidecode", BUF("Handle 0x0001, DMI type 1, 27 bytes\nSystem Information\n\tManufacturer: Dell Inc.\n\tProduct Name: PowerEdge R740\n"), 0, 0, {
			{ .fact = "virt.dmi_hypervisor", .str = "none", .line = 2 } } },
		/* overflowing and garbage sizes */
		{ "dmidecode", BUF("Handle 0x0011, DMI type 17, 40 bytes\nMemory Device\n\tSize: 99999999999999999999 MB\n"
				   "Handle 0x0012, DMI type 17, 40 bytes\nMemory Device\n\tSize: 4096 PB\n"
				   "Handle 0x0013, DMI type 17, 40 bytes\nMemory Device\n\tSize: 9007199254740992 GB\n"
				   "Handle 0x0014, DMI type 17, 40 bytes\nMemory Device\n\tSize: 1024 MB\n"), 0, 3, {
			{ .fact = "dmi.memory_total_mb", .value = 1024, .line = 12 }, { .fact = "virt.dmi_hypervisor", .absent = true } } },
		{ "dmidecode", BUF("Handle 0x0001, DMI type 1, 27 bytes\nSystem Information\n\tManufacturer: VMw\0are\n\tProduct Name: VMware7,1\n"), 0, 0, {
			{ .fact = "dmi.sys_vendor", .absent = true }, { .fact = "virt.dmi_hypervisor", .str = "vmware", .line = 2 } } },
		{ "dmidecode", BUF("Handle 0x0001, DMI type 1, 27 bytes\nSystem Inform"), -1, 0, {
			{ .fact = "virt.dmi_hypervisor", .absent = true } } },
		{ "dmidecode", BUF("garbage\n"), -1, 1, { { .fact = "virt.dmi_hypervisor", .absent = true } } },
		{ "dmidecode", BUF(""), -1, 0, { { .fact = "virt.dmi_hypervisor", .absent = true } } },
	};
	(void)state;
	run_cases(&in_dmidecode, cases, ARRAY_SIZE(cases));
}

static const struct ccase dmidecode_corpus[] = {
	{ "snapshots/dmidecode/rhcos-4.2-hyperv.dmidecode", "dmidecode", 0, {
		/* an on-premises Hyper-V: its chassis tag is the VM's own, not Azure's */
		{ .fact = "dmi.chassis_asset_tag", .str = "4281-0913-9049-8786-8343-3728-05", .line = 38 },
		{ .fact = "virt.dmi_platform", .absent = true },
		{ .fact = "dmi.sys_vendor", .str = "Microsoft Corporation", .line = 22 },
		{ .fact = "dmi.product_name", .str = "Virtual Machine", .line = 23 },
		{ .fact = "dmi.bios_vendor", .str = "Microsoft Corporation", .line = 8 },
		{ .fact = "virt.dmi_hypervisor", .str = "hyperv", .line = 21 },
		{ .fact = "dmi.memory_total_mb", .value = 3968 + 4224, .line = 117 } } },
	{ SOS "sos_commands/hardware/dmidecode", "sos_commands/hardware/dmidecode", 0, {
		{ .fact = "virt.dmi_hypervisor", .str = "hyperv", .line = 21 },
		{ .fact = "dmi.memory_total_mb", .value = 8192, .line = 117 } } },
	{ "snapshots/dmidecode/virt-what-esx4.1.dmidecode", "dmidecode", 0, {
		{ .fact = "dmi.sys_vendor", .str = "VMware, Inc.", .line = 32 },
		{ .fact = "dmi.product_name", .str = "VMware Virtual Platform", .line = 33 },
		{ .fact = "dmi.bios_vendor", .str = "Phoenix Technologies LTD", .line = 8 },
		{ .fact = "virt.dmi_hypervisor", .str = "vmware", .line = 31 },
		{ .fact = "dmi.memory_total_mb", .value = 256 + 128, .line = 893 } } },
	{ "snapshots/dmidecode/blog-rhel8-vmware7,1-system.dmidecode.EXCERPT", "dmidecode", 0, {
		{ .fact = "dmi.sys_vendor", .str = "VMware, Inc.", .line = 7 },
		{ .fact = "dmi.product_name", .str = "VMware7,1", .line = 8 },
		{ .fact = "virt.dmi_hypervisor", .str = "vmware", .line = 6 },
		{ .fact = "dmi.bios_vendor", .absent = true },
		{ .fact = "dmi.memory_total_mb", .absent = true } } },
};

static void test_virt_what(void **state)
{
	static const struct tcase cases[] = {
		{ "sos_commands/system/virt-what", BUF("xen\nxen-hvm\naws\n"), 0, 0, {
			{ .fact = "virt.what", .str = "xen,xen-hvm,aws", .line = 3 },
			{ .fact = "virt.what_hypervisor", .str = "xen", .line = 1 },
			{ .fact = "virt.what_platform", .str = "aws", .line = 3 } } },
		{ "virt-what", BUF("kvm\ngoogle_cloud\n"), 0, 0, {
			{ .fact = "virt.what_hypervisor", .str = "kvm", .line = 1 },
			{ .fact = "virt.what_platform", .str = "gce", .line = 2 } } },
		{ "virt-what", BUF("hyperv\n"), 0, 0, {
			{ .fact = "virt.what_hypervisor", .str = "hyperv", .line = 1 }, { .fact = "virt.what_platform", .absent = true } } },
		/* nothing printed: bare metal, or a hypervisor virt-what does not know */
		{ "virt-what", BUF(""), 0, 0, { { .fact = "virt.what_hypervisor", .str = "none" } } },
		{ "virt-what", BUF("virt-what: this script must be run as root\n"), -1, 1, {
			{ .fact = "virt.what_hypervisor", .absent = true }, { .fact = "virt.what", .absent = true } } },
		{ "virt-what", BUF("lxc\n"), 0, 0, {
			{ .fact = "virt.what", .str = "lxc", .line = 1 }, { .fact = "virt.what_hypervisor", .absent = true } } },
	};

	(void)state;
	run_cases(&in_virt_what, cases, ARRAY_SIZE(cases));
}

/* tuned-adm list and active, as tuned/admin/admin.py prints them (stderr too: sos keeps it) */
static void test_tuned_adm(void **state)
{
	static const struct tcase cases[] = {
		{ "sos_commands/tuned/tuned-adm_list",
		  BUF("Available profiles:\n"
		      "- balanced                    - General non-specialized tuned profile\n"
		      "- virtual-guest               - Optimize for running inside a virtual guest\n"
		      "Current active profile: virtual-guest\n"), 0, 0, {
			{ .fact = "tuned.running", .value = 1, .line = 4 },
			{ .fact = "tuned.adm_profile", .str = "virtual-guest", .line = 4 } } },
		{ "sos_commands/tuned/tuned-adm_list",
		  BUF("Cannot talk to TuneD daemon via DBus. Is TuneD daemon running?\n"
		      "Available profiles:\n"
		      "- virtual-guest               - Optimize for running inside a virtual guest\n"
		      "It seems that tuned daemon is not running, preset profile is not activated.\n"
		      "Preset profile: virtual-guest\n"), 0, 0, {
			{ .fact = "tuned.running", .value = 0, .line = 4 },
			{ .fact = "tuned.adm_profile", .str = "virtual-guest", .line = 5 } } },
		{ "sos_commands/tuned/tuned-adm_active", BUF("No current active profile.\n"), 0, 0, {
			{ .fact = "tuned.adm_profile", .str = "", .line = 1 },
			{ .fact = "tuned.running", .absent = true } } },
		/* the D-Bus complaint alone says nothing of the daemon */
		{ "sos_commands/tuned/tuned-adm_active", BUF("Cannot talk to TuneD daemon via DBus. Is TuneD daemon running?\n"), -1, 0, {
			{ .fact = "tuned.running", .absent = true } } },
		{ "sos_commands/tuned/tuned-adm_list", BUF(""), -1, 0, { { .fact = "tuned.running", .absent = true } } },
	};

	(void)state;
	run_cases(&in_tuned_adm, cases, ARRAY_SIZE(cases));
}

/* transparent huge pages, the choice in brackets */
static void test_thp(void **state)
{
	static const struct tcase cases[] = {
		{ "sys/kernel/mm/transparent_hugepage/enabled", BUF("always [madvise] never\n"), 0, 0, {
			{ .fact = "thp.enabled", .str = "madvise", .line = 1 } } },
		{ "sys/kernel/mm/transparent_hugepage/defrag", BUF("always defer defer+madvise [madvise] never\n"), 0, 0, {
			{ .fact = "thp.defrag", .str = "madvise", .line = 1 }, { .fact = "thp.enabled", .absent = true } } },
		{ "sys/kernel/mm/transparent_hugepage/khugepaged/defrag", BUF("1\n"), 0, 0, {
			{ .fact = "thp.khugepaged_defrag", .value = 1, .line = 1 }, { .fact = "thp.defrag", .absent = true } } },
		{ "sys/kernel/mm/redhat_transparent_hugepage/khugepaged/defrag", BUF("yes [no]\n"), 0, 0, {
			{ .fact = "thp.khugepaged_defrag", .value = 0, .line = 1 } } },
		{ "sys/kernel/mm/redhat_transparent_hugepage/enabled", BUF("[always] madvise never\r\n"), 0, 0, {
			{ .fact = "thp.enabled", .str = "always", .line = 1 } } },
		{ "sys/kernel/mm/transparent_hugepage/enabled", BUF("always madvise never\n"), -1, 1, {
			{ .fact = "thp.enabled", .absent = true } } },
		{ "sys/kernel/mm/transparent_hugepage/enabled", BUF("[]\n"), -1, 1, { { .fact = "thp.enabled", .absent = true } } },
		{ "sys/kernel/mm/transparent_hugepage/khugepaged/defrag", BUF("2\n"), -1, 0, {
			{ .fact = "thp.khugepaged_defrag", .absent = true } } },
		{ "sys/kernel/mm/transparent_hugepage/enabled", BUF(""), -1, 0, { { .fact = "thp.enabled", .absent = true } } },
	};

	(void)state;
	run_cases(&in_thp, cases, ARRAY_SIZE(cases));
}

static void test_dmi_id(void **state)
{
	static const struct tcase cases[] = {
		{ "sys/class/dmi/id/sys_vendor", BUF("VMware, Inc.\n"), 0, 0, {
			{ .fact = "dmi.sys_vendor", .str = "VMware, Inc.", .line = 1 },
			{ .fact = "virt.dmi_hypervisor", .str = "vmware", .line = 1 } } },
		{ "sys/class/dmi/id/product_name", BUF("VMware Virtual Platform\r\n"), 0, 0, {
			{ .fact = "dmi.product_name", .str = "VMware Virtual Platform", .line = 1 },
			{ .fact = "virt.dmi_hypervisor", .str = "vmware", .line = 1 } } },
		{ "sys/class/dmi/id/bios_vendor", BUF("Phoenix Technologies LTD"), 0, 0, {
			{ .fact = "dmi.bios_vendor", .str = "Phoenix Technologies LTD", .line = 1 },
			{ .fact = "virt.dmi_hypervisor", .absent = true } } },
		{ "sys/devices/virtual/dmi/id/sys_vendor", BUF("Dell Inc.\n"), 0, 0, {
			{ .fact = "virt.dmi_hypervisor", .str = "none", .line = 1 } } },
		{ "sys/class/dmi/id/chassis_asset_tag", BUF("7783-7084-3265-9085-8269-3286-77\n"), 0, 0, {
			{ .fact = "dmi.chassis_asset_tag", .str = "7783-7084-3265-9085-8269-3286-77", .line = 1 } } },
		{ "sys/class/dmi/id/product_name", BUF("Google Compute Engine\n"), 0, 0, {
			{ .fact = "virt.dmi_hypervisor", .str = "kvm", .line = 1 }, { .fact = "virt.dmi_platform", .str = "gce", .line = 1 } } },
		{ "sys/class/dmi/id/sys_vendor", BUF("\n"), 0, 1, { { .fact = "dmi.sys_vendor", .absent = true } } },
		{ "sys/class/dmi/id/sys_vendor", BUF(""), 0, 1, { { .fact = "virt.dmi_hypervisor", .absent = true } } },
		{ "sys/class/dmi/id/product_name", BUF("Virtual\0Machine\n"), 0, 1, { { .fact = "dmi.product_name", .absent = true } } },
	};
	static const char *const rels[] = {
		"sys/class/dmi/id/product_name", "sys/class/dmi/id/sys_vendor", "sys/class/dmi/id/bios_vendor",
	};
	static const char *const vals[] = { "Virtual Machine\n", "Microsoft Corporation\n", "" };
	struct held_file files[3];
	struct parse_ctx ctx;
	struct harness h;
	size_t i;
	int ret;

	(void)state;
	run_cases(&in_dmi_id, cases, ARRAY_SIZE(cases));

	/* the hook with the three files at once, as the snapshot reader hands them */
	intern_init(&h.strings);
	factstore_init(&h.facts, &h.strings);
	diag_init(&h.diag, NULL);
	ctx.facts = &h.facts;
	ctx.diag = &h.diag;
	ctx.file = ctx.rel = "none";
	ctx.line_base = 0;
	for (i = 0; i < 3; i++) {
		files[i].rel = files[i].file = intern_str(&h.strings, rels[i]);
		files[i].buf = (char *)vals[i];
		files[i].len = strlen(vals[i]);
	}
	in_dmi_id.finish(&ctx, files, 3);
	assert_string_equal(ctx.file, "none");
	assert_string_equal(fact_str(&h, "virt.dmi_hypervisor"), "hyperv");
	assert_string_equal(fact_get(&h.facts, "virt.dmi_hypervisor")->src.file, "sys/class/dmi/id/sys_vendor");
	assert_string_equal(fact_get(&h.facts, "dmi.product_name")->src.file, "sys/class/dmi/id/product_name");
	assert_string_equal(fact_str(&h, "dmi.sys_vendor"), "Microsoft Corporation");
	assert_null(fact_get(&h.facts, "dmi.bios_vendor"));
	assert_int_equal(h.diag.nr, 1);
	assert_string_equal(h.diag.msgs[0].input, "sys/class/dmi/id/bios_vendor");
	harness_release(&h);

	/* one file at a time through parse */
	intern_init(&h.strings);
	factstore_init(&h.facts, &h.strings);
	diag_init(&h.diag, NULL);
	ctx.file = ctx.rel = intern_str(&h.strings, "sys/class/dmi/id/product_name");
	ret = in_dmi_id.parse(&ctx, "KVM\n", 4);
	assert_int_equal(ret, 0);
	assert_string_equal(fact_str(&h, "virt.dmi_hypervisor"), "kvm");
	ret = in_dmi_id.parse(&ctx, "", 0);
	assert_int_equal(ret, -1);
	harness_release(&h);
}

#define LSCPU_NEW \
	"Architecture:            aarch64\n" \
	"  CPU op-mode(s):        32-bit, 64-bit\n" \
	"  Byte Order:            Little Endian\n" \
	"CPU(s):                  64\n" \
	"  On-line CPU(s) list:   0-63\n" \
	"Vendor ID:               ARM\n" \
	"  Model name:            Neoverse-N1\n" \
	"Virtualization features: \n" \
	"  Hypervisor vendor:     KVM\n" \
	"  Virtualization type:   full\n" \
	"NUMA:                    \n" \
	"  NUMA node(s):          2\n" \
	"  NUMA node0 CPU(s):     0-31\n"

static void test_lscpu(void **state)
{
	static const struct tcase cases[] = {
		{ "sos_commands/processor/lscpu", BUF(LSCPU_NEW), 0, 0, {
			{ .fact = "cpu.arch", .str = "aarch64", .line = 1 },
			{ .fact = "cpu.count", .value = 64, .line = 4 },
			{ .fact = "cpu.model_name", .str = "Neoverse-N1", .line = 7 },
			{ .fact = "cpu.hypervisor_vendor", .str = "KVM", .line = 9 },
			{ .fact = "cpu.virtualization_type", .str = "full", .line = 10 },
			{ .fact = "cpu.numa_nodes", .value = 2, .line = 12 } } },
		{ "sos_commands/processor/lscpu", BUF("CPU(s): 99999999999999999999\r\nNUMA node(s): two\r\nSegmentation fault\r\nModel name: x\r\n"), 0, 3, {
			{ .fact = "cpu.count", .absent = true }, { .fact = "cpu.numa_nodes", .absent = true }, { .fact = "cpu.model_name", .str = "x", .line = 4 } } },
		{ "sos_commands/processor/lscpu", BUF("CPU(s):   4\0\nArchitecture: x86_64\n"), 0, 1, {
			{ .fact = "cpu.count", .absent = true }, { .fact = "cpu.arch", .str = "x86_64", .line = 2 } } },
		{ "sos_commands/processor/lscpu", BUF("CPU(s):   4"), 0, 0, { { .fact = "cpu.count", .value = 4, .line = 1 } } },
		{ "sos_commands/processor/lscpu", BUF("CPU(s"), -1, 1, { { .fact = "cpu.count", .absent = true } } },
		{ "sos_commands/processor/lscpu", BUF(""), -1, 0, { { .fact = "cpu.count", .absent = true } } },
	};

	(void)state;
	run_cases(&in_lscpu, cases, ARRAY_SIZE(cases));
}

static const struct ccase lscpu_corpus[] = {
	{ SOS "sos_commands/processor/lscpu", "sos_commands/processor/lscpu", 0, {
		{ .fact = "cpu.count", .value = 2, .line = 4 },
		{ .fact = "cpu.arch", .str = "x86_64", .line = 1 },
		{ .fact = "cpu.model_name", .str = "Intel(R) Xeon(R) W-2155 CPU @ 3.30GHz", .line = 13 },
		{ .fact = "cpu.hypervisor_vendor", .str = "Microsoft", .line = 17 },
		{ .fact = "cpu.virtualization_type", .str = "full", .line = 18 },
		{ .fact = "cpu.numa_nodes", .value = 1, .line = 9 } } },
};

static void test_cpuinfo(void **state)
{
	static const struct tcase cases[] = {
		{ "proc/cpuinfo", BUF("processor\t: 0\nmodel name\t: A\nflags\t\t: fpu hypervisor\n\n"
				      "processor\t: 1\nmodel name\t: B\nflags\t\t: fpu hypervisor\n"), 0, 0, {
			{ .fact = "cpu.count", .value = 2, .line = 1 }, { .fact = "cpu.model_name", .str = "A", .line = 2 },
			{ .fact = "cpu.flag_hypervisor", .value = 1, .line = 3 } } },
		/* "hypervisor" must be a whole word */
		{ "proc/cpuinfo", BUF("processor\t: 0\r\nflags\t\t: fpu hypervisor_x xhypervisor\r\n"), 0, 0, {
			{ .fact = "cpu.flag_hypervisor", .line = 2 } } },
		/* aarch64: no model name, no flags */
		{ "proc/cpuinfo", BUF("processor\t: 0\nBogoMIPS\t: 50.00\nFeatures\t: fp asimd evtstrm\nCPU implementer\t: 0x41\n"), 0, 0, {
			{ .fact = "cpu.count", .value = 1, .line = 1 }, { .fact = "cpu.flag_hypervisor", .absent = true }, { .fact = "cpu.model_name", .absent = true } } },
		/* s390 */
		{ "proc/cpuinfo", BUF("vendor_id       : IBM/S390\n# processors    : 2\nbogomips per cpu: 3241.00\n"
				      "processor 0: version = FF,  identification = 0133E8,  machine = 2964\n"
				      "processor 1: version = FF,  identification = 0133E8,  machine = 2964\n"), 0, 0, {
			{ .fact = "cpu.count", .value = 2, .line = 4 } } },
		{ "proc/cpuinfo", BUF("processor\t: 0\njunk without colon\nmodel name\t: \0x\n"), 0, 2, {
			{ .fact = "cpu.count", .value = 1, .line = 1 }, { .fact = "cpu.model_name", .absent = true } } },
		{ "proc/cpuinfo", BUF("processor\t: 0\nmodel na"), 0, 1, { { .fact = "cpu.count", .value = 1, .line = 1 } } },
		{ "proc/cpuinfo", BUF("cpu MHz\t: 3311.999\n"), -1, 0, { { .fact = "cpu.count", .absent = true } } },
		{ "proc/cpuinfo", BUF(""), -1, 0, { { .fact = "cpu.count", .absent = true } } },
	};

	(void)state;
	run_cases(&in_cpuinfo, cases, ARRAY_SIZE(cases));
}

static const struct ccase cpuinfo_corpus[] = {
	{ SOS "proc/cpuinfo", "proc/cpuinfo", 0, {
		{ .fact = "cpu.count", .value = 2, .line = 1 },
		{ .fact = "cpu.model_name", .str = "Intel(R) Xeon(R) W-2155 CPU @ 3.30GHz", .line = 5 },
		{ .fact = "cpu.flag_hypervisor", .value = 1, .line = 20 } } },
	/* an ESX 4.1 guest of 2010: no "hypervisor" flag yet */
	{ "snapshots/cpuinfo/virt-what-esx4.1.cpuinfo", "proc/cpuinfo", 0, {
		{ .fact = "cpu.count", .value = 1, .line = 1 },
		{ .fact = "cpu.model_name", .str = "Intel(R) Core(TM)2 Duo CPU     E8400  @ 3.00GHz", .line = 5 },
		{ .fact = "cpu.flag_hypervisor", .line = 13 } } },
};

static void test_lsmod(void **state)
{
	static const struct tcase cases[] = {
		{ "proc/modules", BUF("virtio_net 57344 0 - Live 0xffffffffc0350000\n"
				      "virtio_balloon 24576 0 - Live 0xffffffffc0340000\n"
				      "ext4 745472 1 - Live 0xffffffffc0200000 (E)\n"), 0, 0, {
			{ .fact = "modules.count", .value = 3, .line = 1 }, { .fact = "modules.ext4", .value = 1, .line = 3 },
			{ .fact = "virt.balloon_driver", .str = "virtio_balloon", .line = 2 },
			{ .fact = "virt.module_hypervisor", .str = "kvm", .line = 2 } } },
		{ "lsmod", BUF("Module                  Size  Used by\r\nxen_netfront           45056  0\r\nxen_blkfront           45056  3\r\n"), 0, 0, {
			{ .fact = "modules.count", .value = 2, .line = 2 },
			{ .fact = "virt.module_hypervisor", .str = "xen", .line = 3 },
			{ .fact = "virt.balloon_driver", .absent = true } } },
		/* nothing paravirtual: no verdict, built-in drivers never show here */
		{ "sos_commands/kernel/lsmod", BUF("Module                  Size  Used by\next4 745472 1\n"), 0, 0, {
			{ .fact = "virt.module_hypervisor", .absent = true }, { .fact = "modules.ext4", .value = 1, .line = 2 } } },
		/* 2.4 lsmod */
		{ "lsmod", BUF("Module                  Size  Used by    Not tainted\nipt_MASQUERADE          1720   1  (autoclean)\n"), 0, 0, {
			{ .fact = "modules.ipt_MASQUERADE", .value = 1, .line = 2 } } },
		{ "lsmod", BUF("lsmod: ERROR: could not open '/proc/modules': No such file or directory\n"), -1, 1, {
			{ .fact = "modules.count", .absent = true } } },
		{ "lsmod", BUF("Module Size Used by\nbig 99999999999999999999 0\nnul\0mod 10 0\nok 10 0\nnosize\ntrunc 12"), 0, 3, {
			{ .fact = "modules.count", .value = 2, .line = 4 }, { .fact = "modules.trunc", .value = 1, .line = 6 }, { .fact = "modules.big", .absent = true } } },
		{ "lsmod", BUF("Module                  Size  Used by\n"), -1, 0, { { .fact = "modules.count", .absent = true } } },
		{ "lsmod", BUF(""), -1, 0, { { .fact = "modules.count", .absent = true } } },
	};

	(void)state;
	run_cases(&in_lsmod, cases, ARRAY_SIZE(cases));
}

static const struct ccase lsmod_corpus[] = {
	{ "snapshots/lsmod/rhcos-4.2-hyperv.lsmod", "lsmod", 0, {
		{ .fact = "modules.count", .value = 81, .line = 2 },
		{ .fact = "modules.xfs", .value = 1 },
		{ .fact = "virt.balloon_driver", .str = "hv_balloon", .line = 46 },
		{ .fact = "virt.module_hypervisor", .str = "hyperv", .line = 62 } } },
	{ SOS "sos_commands/kernel/lsmod", "sos_commands/kernel/lsmod", 0, {
		{ .fact = "modules.count", .value = 81, .line = 2 },
		{ .fact = "modules.scsi_transport_iscsi", .value = 1, .line = 82 },
		{ .fact = "virt.balloon_driver", .str = "hv_balloon", .line = 46 } } },
	{ "snapshots/lsmod/blog-ubuntu16-vmware-guest.lsmod.EXCERPT", "lsmod", 0, {
		{ .fact = "modules.count", .value = 23, .line = 2 },
		{ .fact = "modules.vmw_vsock_vmci_transport", .value = 1, .line = 5 },
		{ .fact = "virt.balloon_driver", .str = "vmw_balloon", .line = 13 },
		{ .fact = "virt.module_hypervisor", .str = "vmware", .line = 13 } } },
	{ "snapshots/lsmod/blog-zh-2026-vmware-guest.lsmod_grep.EXCERPT", "lsmod", 0, {
		{ .fact = "modules.count", .value = 6, .line = 1 },
		{ .fact = "virt.balloon_driver", .str = "vmw_balloon", .line = 3 },
		{ .fact = "virt.module_hypervisor", .str = "vmware", .line = 3 } } },
	/* both the old and the new VMware-Tools balloon: the list order names one */
	{ "snapshots/lsmod/centos6-vmware-tools-iso.lsmod_grep.EXCERPT", "lsmod", 0, {
		{ .fact = "modules.count", .value = 2, .line = 1 },
		{ .fact = "modules.vmmemctl", .value = 1, .line = 1 },
		{ .fact = "virt.balloon_driver", .str = "vmware_balloon", .line = 2 },
		{ .fact = "virt.module_hypervisor", .str = "vmware", .line = 2 } } },
	{ "snapshots/lsmod/forum-old-vmware-tools-vmmemctl.lsmod.EXCERPT", "lsmod", 0, {
		{ .fact = "modules.count", .value = 23, .line = 2 },
		{ .fact = "virt.balloon_driver", .str = "vmmemctl", .line = 12 },
		{ .fact = "virt.module_hypervisor", .str = "vmware", .line = 12 } } },
	{ "snapshots/lsmod/notes-balloon-module-names.lsmod_grep.EXCERPT", "lsmod", 0, {
		{ .fact = "modules.count", .value = 3, .line = 1 },
		{ .fact = "virt.balloon_driver", .str = "vmw_balloon", .line = 2 } } },
};

static void test_sos_version(void **state)
{
	static const struct tcase cases[] = {
		{ "version.txt", BUF("sos report: 4.5.1\n"), 0, 0, {
			{ .fact = "sos.version", .str = "4.5.1", .line = 1 }, { .fact = "sos.major", .value = 4, .line = 1 } } },
		{ "version.txt", BUF("sosreport: 3.6\r\nkernel: unversioned\r\njars: 1.0.0"), 0, 0, {
			{ .fact = "sos.version", .str = "3.6", .line = 1 }, { .fact = "sos.major", .value = 3, .line = 1 },
			{ .fact = "sos.plugin.kernel", .str = "unversioned", .line = 2 }, { .fact = "sos.plugin.jars", .str = "1.0.0", .line = 3 } } },
		{ "version.txt", BUF("sosreport: 99999999999999999999.1\nkernel unversioned\n"), 0, 2, {
			{ .fact = "sos.version", .str = "99999999999999999999.1", .line = 1 }, { .fact = "sos.major", .absent = true } } },
		{ "version.txt", BUF("kernel: unversioned\n"), -1, 1, { { .fact = "sos.version", .absent = true } } },
		{ "version.txt", BUF("sosreport:"), -1, 1, { { .fact = "sos.version", .absent = true } } },
		{ "version.txt", BUF("sosreport: 3\0.6\nsosreport: 3.6\nkernel: un\0versioned\n"), 0, 2, {
			{ .fact = "sos.version", .str = "3.6", .line = 2 }, { .fact = "sos.plugin.kernel", .absent = true } } },
		{ "version.txt", BUF(""), -1, 0, { { .fact = "sos.version", .absent = true } } },
	};

	(void)state;
	run_cases(&in_sos_version, cases, ARRAY_SIZE(cases));
}

static const struct ccase sos_version_corpus[] = {
	{ SOS "version.txt", "version.txt", 0, {
		{ .fact = "sos.version", .str = "3.6", .line = 1 },
		{ .fact = "sos.major", .value = 3, .line = 1 },
		{ .fact = "sos.plugin.jars", .str = "1.0.0", .line = 27 },
		{ .fact = "sos.plugin.vmware", .absent = true },
		{ .fact = "sos.plugin.yum", .str = "unversioned", .line = 80 } } },
};

/* Every path of every source of this family reaches that source. */
static void test_paths(void **state)
{
	static const struct source *const srcs[] = {
		&in_uname, &in_hostname, &in_date, &in_timezone, &in_release, &in_dmidecode,
		&in_dmi_id, &in_lscpu, &in_cpuinfo, &in_lsmod, &in_sos_version,
	};
	size_t i, k;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(srcs); i++) {
		assert_non_null(srcs[i]->facts);
		for (k = 0; srcs[i]->paths[k]; k++) {
			if (source_for_path(srcs[i]->paths[k]) != srcs[i]) {
				print_message("%s: path %s goes elsewhere\n", srcs[i]->name, srcs[i]->paths[k]);
				fail();
			}
		}
	}
	assert_null(source_for_path("sos_commands/kernel/uname_-r"));
}

/* The test of source in_NAME's table NAME_corpus, named so. */
#define CORPUS_TEST(src)                                                              \
	{ .name = #src "_corpus", .test_func = test_corpus,                           \
	  .initial_state = &(struct corpus_set){ &in_##src, src##_corpus, ARRAY_SIZE(src##_corpus) } }

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_uname),
		cmocka_unit_test(test_hostname),
		cmocka_unit_test(test_date),
		cmocka_unit_test(test_timezone),
		cmocka_unit_test(test_release),
		cmocka_unit_test(test_dmidecode),
		cmocka_unit_test(test_dmi_id),
		cmocka_unit_test(test_virt_what),
		cmocka_unit_test(test_tuned_adm),
		cmocka_unit_test(test_thp),
		cmocka_unit_test(test_lscpu),
		cmocka_unit_test(test_cpuinfo),
		cmocka_unit_test(test_lsmod),
		cmocka_unit_test(test_sos_version),
		cmocka_unit_test(test_paths),
		CORPUS_TEST(uname),
		CORPUS_TEST(hostname),
		CORPUS_TEST(date),
		CORPUS_TEST(dmidecode),
		CORPUS_TEST(lscpu),
		CORPUS_TEST(cpuinfo),
		CORPUS_TEST(lsmod),
		CORPUS_TEST(sos_version),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
