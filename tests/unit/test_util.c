/* The building blocks: dates, rotation order, JSON escaping, the reports' UTF-8 stream, the line reader, counting bytes, interning, growing arrays, directory names. */
#include "facts/derive.h"
#include "input/linereader.h"
#include "util/dirnames.h"
#include "util/intern.h"
#include "util/json.h"
#include "util/strbuf.h"
#include "util/scan.h"
#include "util/timeutil.h"
#include "util/tzfile.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <cmocka.h>
#include <unistd.h>

static void test_dates(void **state)
{
	static const struct { int y; unsigned m, d; int64_t days; } cases[] = {
		{ 1970, 1, 1, 0 }, { 2000, 2, 29, 11016 }, { 2026, 11, 29, 20786 }, { 1969, 12, 31, -1 },
	};
	static const struct { const char *name; unsigned mon; } months[] = {
		{ "Jan", 1 }, { "Mär", 3 }, { "mrz", 3 }, { "avril", 4 }, { "Mai", 5 }, { "août", 8 },
		{ "Sept", 9 }, { "okt.", 10 }, { "déc.", 12 }, { "Dez", 12 }, { "xyz", 0 }, { "Ju", 0 },
	};
	size_t i;
	int64_t e;
	int off;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		int y;
		unsigned m, d;

		assert_int_equal(days_from_civil(cases[i].y, cases[i].m, cases[i].d), cases[i].days);
		civil_from_days(cases[i].days, &y, &m, &d);
		assert_int_equal(y, cases[i].y);
		assert_int_equal(m, cases[i].m);
		assert_int_equal(d, cases[i].d);
	}
	for (i = 0; i < ARRAY_SIZE(months); i++) {
		if (month_from_name(months[i].name, strlen(months[i].name)) != months[i].mon) {
			print_message("case %zu: %s\n", i, months[i].name);
			fail();
		}
	}
	assert_true(parse_utc_offset("+01:00", "+01:00" + 6, &off) && off == 60);
	assert_true(parse_utc_offset("-0530", "-0530" + 5, &off) && off == -330);
	assert_true(parse_utc_offset("UTC", "UTC" + 3, &off) && off == 0);
	assert_false(parse_utc_offset("+25:00", "+25:00" + 6, &off));
	assert_false(parse_utc_offset("CET", "CET" + 3, &off));
	assert_true(parse_user_time("2026-03-14T02:11:05+01:00", 0, &e) && e == 1773450665);
	assert_true(parse_user_time("2026-03-14", 0, &e) && e == 1773446400);
	assert_false(parse_user_time("2026-3-14", 0, &e));
	assert_false(parse_user_time("2026-03-14T25:00", 0, &e));
}

static void test_rotation(void **state)
{
	static const struct { const char *name, *family; int64_t age; } cases[] = {
		{ "messages", "messages", 0 },
		{ "messages.1", "messages", 1 },
		{ "messages.12.gz", "messages", 12 },
		{ "messages-20261101", "messages", 100000000 - 20261101 },
		{ "messages-20261108.xz", "messages", 100000000 - 20261108 },
		{ "kern.log", "kern.log", 0 },
		{ "syslog.2.bz2", "syslog", 2 },
		{ "dmesg.old", "dmesg.old", 0 },
		/* supportconfig -A: the rotated logs beside messages.txt */
		{ "messages.txt", "messages.txt", 0 },
		{ "messages-20230610.txt", "messages.txt", 100000000 - 20230610 },
		{ "notes-2023x610.txt", "notes-2023x610.txt", 0 },
	};
	char fam[64];
	int64_t age;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		input_rotation_key(cases[i].name, fam, sizeof(fam), &age);
		if (strcmp(fam, cases[i].family) || age != cases[i].age) {
			print_message("case %zu: %s -> %s %lld\n", i, cases[i].name, fam, (long long)age);
			fail();
		}
	}
}

static void test_json_escape(void **state)
{
	static const char in[] = "a\"b\\\n\t\x01 \xc3\xa9 \xff \xe2\x82 \xed\xa0\x80";
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct json j;

	(void)state;
	json_init(&j, f, false);
	json_strn(&j, in, sizeof(in) - 1);
	json_flush(&j);
	fclose(f);
	assert_string_equal(buf, "\"a\\\"b\\\\\\n\\t\\u0001 \xc3\xa9 \\ufffd \\ufffd\\ufffd \\ufffd\\ufffd\\ufffd\"");
	free(buf);
}

/* What utf8_stream() writes of @in, given in pieces of @piece bytes (0: one write) to an unbuffered stream. */
static char *utf8_clean(const char *in, size_t len, size_t piece)
{
	char *buf = NULL;
	size_t n = 0, at;
	FILE *to = open_memstream(&buf, &n), *f = utf8_stream(to);

	setvbuf(f, NULL, _IONBF, 0);
	for (at = 0; at < len; at += piece ? piece : len)
		assert_int_equal(fwrite(in + at, 1, piece && len - at > piece ? piece : len - at, f),
				 piece && len - at > piece ? piece : len - at);
	assert_int_equal(fclose(f), 0);
	fclose(to);
	return buf;
}

/*
 * Invalid sequences become U+FFFD a byte each, as JSON escapes them; a
 * character cut between two writes comes out whole, and one cut by the end
 * of the report is invalid.
 */
static void test_utf8_stream(void **state)
{
	static const char in[] = "facturaci\xf3n \xc3\xa9 \xe2\x82\xac \xf0\x9f\x99\x82 \xff \xe2\x82 \xed\xa0\x80 \xe0\x80\x80 ok";
	static const char want[] = "facturaci\xef\xbf\xbdn \xc3\xa9 \xe2\x82\xac \xf0\x9f\x99\x82 \xef\xbf\xbd "
				   "\xef\xbf\xbd\xef\xbf\xbd \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd "
				   "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd ok";
	size_t piece;
	char *out;

	(void)state;
	for (piece = 0; piece <= 5; piece++) {
		out = utf8_clean(in, sizeof(in) - 1, piece);
		assert_string_equal(out, want);
		free(out);
	}
	out = utf8_clean("end \xe2\x82", 6, 0);
	assert_string_equal(out, "end \xef\xbf\xbd\xef\xbf\xbd");
	free(out);
	out = utf8_clean("cut \xe2\x82", 6, 5);
	assert_string_equal(out, "cut \xef\xbf\xbd\xef\xbf\xbd");
	free(out);
}

/* Tokens that cross the writer's buffer, and a string larger than it, come out whole and in order. */
static void test_json_buffer(void **state)
{
	size_t big = 3 * sizeof(((struct json *)0)->buf) + 7, len = 0, i;
	char *s = malloc(big), *buf = NULL;
	FILE *f = open_memstream(&buf, &len);
	struct strbuf want = STRBUF_INIT;
	struct json j;

	(void)state;
	memset(s, 'x', big);
	json_init(&j, f, false);
	json_arr_begin(&j);
	strbuf_addch(&want, '[');
	for (i = 0; i < 5000; i++) {
		json_i64(&j, (int64_t)i);
		strbuf_addf(&want, "%s%zu", i ? "," : "", i);
	}
	json_strn(&j, s, big);
	strbuf_addf(&want, ",\"%.*s\"", (int)big, s);
	json_double(&j, 1e60);
	strbuf_addf(&want, ",%.6f", 1e60);
	json_arr_end(&j);
	strbuf_addch(&want, ']');
	json_flush(&j);
	fclose(f);
	assert_int_equal(len, want.len);
	assert_memory_equal(buf, want.buf, len);
	free(buf);
	free(s);
	strbuf_release(&want);
}

struct mem {
	const char *p;
	size_t len, pos, chunk;
};

static long mem_read(void *h, char *buf, size_t n, const char **err)
{
	struct mem *m = h;
	size_t k = m->len - m->pos;

	(void)err;
	if (k > n)
		k = n;
	if (k > m->chunk)
		k = m->chunk;
	memcpy(buf, m->p + m->pos, k);
	m->pos += k;
	return (long)k;
}

static void test_line_reader(void **state)
{
	size_t big = MT_MAX_LINE + 100, i;
	char *data = malloc(big + 64), *line;
	struct mem m = { data, 0, 0, 7 };
	struct byte_reader rd = { .read = mem_read, .handle = &m };
	struct line_reader lr;
	size_t len;

	(void)state;
	memcpy(data, "one\r\n\0\0\0two\0x\n", 14);
	memset(data + 14, 'A', big);
	data[14 + big] = '\n';
	memcpy(data + 15 + big, "last", 4);
	m.len = 19 + big;
	for (i = 0; i < 2; i++) {
		m.pos = 0;
		m.chunk = i ? 1u << 20 : 7;
		line_reader_init(&lr, &rd);
		assert_int_equal(line_reader_next(&lr, &line, &len), 1);
		assert_int_equal(len, 3);
		assert_memory_equal(line, "one", 3);
		assert_int_equal(line_reader_next(&lr, &line, &len), 1);
		assert_int_equal(len, 4);
		assert_memory_equal(line, "twox", 4);
		assert_int_equal(lr.nuls, 4);
		assert_int_equal(line_reader_next(&lr, &line, &len), 1);
		assert_true(lr.cut);
		assert_int_equal(len, MT_MAX_LINE);
		assert_int_equal(line_reader_next(&lr, &line, &len), 1);
		assert_int_equal(lr.lineno, 4);
		assert_int_equal(len, 4);
		assert_memory_equal(line, "last", 4);
		assert_int_equal(line_reader_next(&lr, &line, &len), 0);
		line_reader_release(&lr);
	}
	free(data);
}

/* @count against a byte at a time, at every length and offset near its 16- and 32-byte steps. */
static void check_count_char(size_t (*count)(const char *, size_t, char))
{
	size_t n = 32 * 300 + 40, len, off, i, want;
	char *buf = malloc(n);
	unsigned seed = 7;

	for (i = 0; i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		buf[i] = (seed >> 16) % 3 ? 'x' : '\n';
	}
	for (off = 0; off < 33; off++) {
		for (len = 0; off + len <= n; len += len < 70 ? 1 : 997) {
			for (want = 0, i = off; i < off + len; i++)
				want += buf[i] == '\n';
			assert_int_equal(count(buf + off, len, '\n'), want);
		}
	}
	/* every byte a match: the 8-bit lanes must not wrap past 255 */
	memset(buf, '\n', n);
	assert_int_equal(count(buf, n, '\n'), n);
	assert_int_equal(count(buf, n, 'x'), 0);
	free(buf);
}

/* The body this CPU gets, and the one of CPUs without AVX2. */
static void test_count_char(void **state)
{
	(void)state;
	check_count_char(count_char);
	check_count_char(count_char_generic);
}

/* Keys with a NUL in them are the string before it, one copy each, through growing (ASan: no leak). */
static void test_intern(void **state)
{
	struct intern in;
	const char *a, *b;
	char key[16];

	(void)state;
	intern_init(&in);
	a = intern_n(&in, "ab\0c", 4);
	b = intern_n(&in, "ab\0d", 4);
	assert_ptr_equal(a, b);
	assert_string_equal(a, "ab");
	assert_ptr_equal(intern_str(&in, "ab"), a);
	for (int i = 0; i < 1000; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		intern_str(&in, key);
	}
	assert_ptr_equal(intern_n(&in, "ab\0e", 4), a);
	assert_ptr_equal(intern_lookup(&in, "k999"), intern_str(&in, "k999"));
	intern_release(&in);
}

/*
 * The room at least doubles (amortised constant time) and holds what was
 * asked at once, however much; the items stay; a strbuf's empty string is
 * never reallocated (ASan, valgrind: no error, no leak).
 */
static void test_alloc_grow(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	size_t nr = 0, alloc = 0, grew = 0, i;
	uint32_t *a = NULL;

	(void)state;
	for (i = 0; i < 1000; i++) {
		size_t was = alloc;

		ALLOC_GROW(a, nr, alloc);
		assert_true(alloc > nr);
		if (alloc != was) {
			assert_true(alloc >= 2 * was);
			grew++;
		}
		a[nr++] = (uint32_t)i * 7;
	}
	assert_in_range(grew, 1, 10);
	for (i = 0; i < nr; i++)
		assert_int_equal(a[i], i * 7);
	ALLOC_GROW_TO(a, nr + 5000, alloc);
	assert_true(alloc >= nr + 5000);
	a[nr + 4999] = 1;
	assert_int_equal(a[999], 999 * 7);
	free(a);

	strbuf_grow(&sb, 0);
	assert_string_equal(sb.buf, "");
	assert_true(sb.alloc >= 1);
	strbuf_addstr(&sb, "kernel");
	strbuf_grow(&sb, 100000);
	assert_true(sb.alloc >= sb.len + 100001);
	assert_string_equal(sb.buf, "kernel");
	strbuf_release(&sb);
}

static bool ends_yaml(const char *name)
{
	size_t n = strlen(name);

	return n > 5 && !strcmp(name + n - 5, ".yaml");
}

/* Sorted byte-wise whatever readdir() gives, without "." and "..", filtered; a missing folder is -1 and ENOENT. */
static void test_dir_names(void **state)
{
	static const char *const files[] = { "b.yaml", "a", "B", ".hidden", "a.yaml" };
	static const char *const all[] = { ".hidden", "B", "a", "a.yaml", "b.yaml" };
	char dir[] = "/tmp/memtriage-dirnames-XXXXXX", path[64];
	struct dir_names dn;
	size_t i;

	(void)state;
	assert_non_null(mkdtemp(dir));
	for (i = 0; i < ARRAY_SIZE(files); i++) {
		int fd;

		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		fd = open(path, O_WRONLY | O_CREAT, 0600);
		assert_true(fd >= 0);
		close(fd);
	}
	assert_int_equal(dir_names_read(&dn, dir, NULL), 0);
	assert_int_equal(dn.nr, ARRAY_SIZE(all));
	for (i = 0; i < dn.nr; i++)
		assert_string_equal(dn.at[i], all[i]);
	dir_names_release(&dn);
	assert_int_equal(dir_names_read(&dn, dir, ends_yaml), 0);
	assert_int_equal(dn.nr, 2);
	assert_string_equal(dn.at[0], "a.yaml");
	assert_string_equal(dn.at[1], "b.yaml");
	dir_names_release(&dn);
	for (i = 0; i < ARRAY_SIZE(files); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		unlink(path);
	}
	rmdir(dir);
	assert_int_equal(dir_names_read(&dn, dir, NULL), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(dn.nr, 0);
}

/* one version code for uname, the OOM report's kernel and the rules' version ranges */
static void test_kernel_version_code(void **state)
{
	static const struct { const char *release; int64_t code; } cases[] = {
		{ "2.6.9-89.ELsmp", 2 * 65536 + 6 * 256 + 9 },
		{ "3.10.0-1160.el7.x86_64", 3 * 65536 + 10 * 256 },
		{ "6.1", 6 * 65536 + 256 },
		{ "4.9.337-1", 4 * 65536 + 9 * 256 + 255 },  /* capped, as KERNEL_VERSION() */
		{ "4.18.x", 4 * 65536 + 18 * 256 },
		{ "4", -1 },
		{ "300.1.2", -1 },
		{ "", -1 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct span rel = { cases[i].release, strlen(cases[i].release) };

		assert_int_equal(kernel_version_code(rel), cases[i].code);
	}
}

/*
 * The system's tz database (skipped without it): America/Los_Angeles keeps
 * its history, the US rules of 2007 among it, and a file that is not TZif
 * is refused.
 */
static void test_tzfile(void **state)
{
	static const struct { int64_t utc; int32_t off; const char *why; } cases[] = {
		{ 1268043463, -8 * 3600, "2010-03-08T10:17:43Z: PST" },
		{ 1269086400, -7 * 3600, "2010-03-20T12:00Z: PDT since Mar 14 (the 2007 rules)" },
		{ 1142856000, -8 * 3600, "2006-03-20T12:00Z: PST (DST began in April before 2007)" },
		{ 1151755200, -7 * 3600, "2006-07-01T12:00Z: PDT" },
	};
	const char *dir = getenv("MEMTRIAGE_ZONEINFO");
	char path[512], *buf = malloc(1 << 16);
	struct tz_rules z;
	FILE *f;
	size_t n, i;

	(void)state;
	assert_int_equal(tz_parse("TZif", 4, &z), -1);
	assert_int_equal(tz_parse("not a zone file, but long enough to hold a header", 50, &z), -1);
	snprintf(path, sizeof(path), "%s/America/Los_Angeles", dir ? dir : "/usr/share/zoneinfo");
	if (!(f = fopen(path, "rb"))) {
		free(buf);
		skip();
	}
	n = fread(buf, 1, 1 << 16, f);
	fclose(f);
	assert_int_equal(tz_parse(buf, n, &z), 0);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		if (tz_offset_at(&z, cases[i].utc) != cases[i].off)
			print_message("case %zu: %s: %d\n", i, cases[i].why, tz_offset_at(&z, cases[i].utc));
		assert_int_equal(tz_offset_at(&z, cases[i].utc), cases[i].off);
		assert_int_equal(tz_local_to_utc(&z, cases[i].utc + cases[i].off), cases[i].utc);
	}
	/* cut short: refused, not read past its end */
	{
		struct tz_rules cut;

		assert_int_equal(tz_parse(buf, n / 3, &cut), -1);
	}
	/* as text (a copied etc/localtime's fact) and back: the same history */
	{
		struct strbuf sb = STRBUF_INIT;
		struct tz_rules back;

		tz_rules_format(&z, &sb);
		assert_int_equal(tz_rules_read(sb.buf, &back), 0);
		assert_int_equal(back.n, z.n);
		assert_int_equal(back.first_off, z.first_off);
		for (i = 0; i < ARRAY_SIZE(cases); i++)
			assert_int_equal(tz_offset_at(&back, cases[i].utc), cases[i].off);
		tz_release(&back);
		strbuf_release(&sb);
	}
	tz_release(&z);
	free(buf);
}

/*
 * A "slim" TZif file (zic -b slim): no transitions at all, one type, and the
 * footer's POSIX TZ string for every time; written here byte by byte.
 */
static size_t slim_tzif(char *buf, const char *std, int32_t utoff, const char *footer)
{
	size_t n = 0, chars = strlen(std) + 1;

	for (int block = 0; block < 2; block++) {
		static const unsigned char zeros[15];
		const uint32_t counts[6] = { 0, 0, 0, 0, 1, (uint32_t)chars };

		memcpy(buf + n, "TZif2", 5);
		memcpy(buf + n + 5, zeros, 15);
		n += 20;
		for (int i = 0; i < 6; i++, n += 4)
			for (int b = 0; b < 4; b++)
				buf[n + b] = (char)(counts[i] >> (24 - 8 * b));
		for (int b = 0; b < 4; b++)
			buf[n + b] = (char)((uint32_t)utoff >> (24 - 8 * b));
		buf[n + 4] = 0; /* isdst */
		buf[n + 5] = 0; /* abbreviation index */
		n += 6;
		memcpy(buf + n, std, chars);
		n += chars;
	}
	n += (size_t)snprintf(buf + n, 512 - n, "\n%s\n", footer);
	return n;
}

/* Slim files leave the times after their last transition to the footer's rule. */
static void test_tzfile_footer(void **state)
{
	static const struct {
		const char *std, *footer;
		int32_t utoff;
		int64_t utc;
		int32_t off;
		const char *why;
	} cases[] = {
		{ "PST", "PST8PDT,M3.2.0,M11.1.0", -28800, 1705320000, -28800, "2024-01-15T12:00Z: PST" },
		{ "PST", "PST8PDT,M3.2.0,M11.1.0", -28800, 1710064799, -28800, "2024-03-10T09:59:59Z: PST" },
		{ "PST", "PST8PDT,M3.2.0,M11.1.0", -28800, 1710064800, -25200, "2024-03-10T10:00Z: 02:00 PST, PDT" },
		{ "PST", "PST8PDT,M3.2.0,M11.1.0", -28800, 1730624399, -25200, "2024-11-03T08:59:59Z: PDT" },
		{ "PST", "PST8PDT,M3.2.0,M11.1.0", -28800, 1730624400, -28800, "2024-11-03T09:00Z: 02:00 PDT, PST" },
		{ "AEST", "AEST-10AEDT,M10.1.0,M4.1.0/3", 36000, 1705320000, 39600, "2024-01-15: AEDT (southern summer)" },
		{ "AEST", "AEST-10AEDT,M10.1.0,M4.1.0/3", 36000, 1712419200, 36000, "2024-04-06T16:00Z: 03:00 AEDT, AEST" },
		{ "AEST", "AEST-10AEDT,M10.1.0,M4.1.0/3", 36000, 1719835200, 36000, "2024-07-01: AEST" },
		{ "+1030", "<+1030>-10:30<+11>-11,M10.1.0,M4.1.0", 37800, 1705320000, 39600, "Lord Howe in January: +11" },
		{ "+1030", "<+1030>-10:30<+11>-11,M10.1.0,M4.1.0", 37800, 1719835200, 37800, "Lord Howe in July: +10:30" },
		{ "IST", "IST-5:30", 19800, 1719835200, 19800, "no DST: the standard offset" },
		{ "PST", "PST8PDT,M3.2.0,M11.1.0", -28800, 2145960000, -28800, "2038-01-01: past the rules written out" },
	};
	char buf[512];

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct tz_rules z;
		size_t n = slim_tzif(buf, cases[i].std, cases[i].utoff, cases[i].footer);

		assert_int_equal(tz_parse(buf, n, &z), 0);
		if (tz_offset_at(&z, cases[i].utc) != cases[i].off)
			print_message("case %zu: %s: %d\n", i, cases[i].why, tz_offset_at(&z, cases[i].utc));
		assert_int_equal(tz_offset_at(&z, cases[i].utc), cases[i].off);
		tz_release(&z);
	}
	/* a footer that is no TZ string: the file is read, its transitions (none) all there is */
	{
		struct tz_rules z;
		size_t n = slim_tzif(buf, "PST", -28800, "PST8PDT,M13.2.0,M11.1.0");

		assert_int_equal(tz_parse(buf, n, &z), 0);
		assert_int_equal(z.n, 0);
		assert_int_equal(tz_offset_at(&z, 1719835200), -28800);
		tz_release(&z);
	}
}

static void test_add_kb(void **state)
{
	static const struct { double kb; const char *text; } cases[] = {
		{ 0, "0 KiB" }, { 1023, "1023 KiB" }, { 1023.6, "1.0 MiB" }, { 1024, "1.0 MiB" },
		{ 35.8 * 1024, "35.8 MiB" }, { 1048524, "1023.9 MiB" }, { 1048572, "1.0 GiB" },
		{ 1048576, "1.0 GiB" }, { 2.5 * 1048576, "2.5 GiB" },
	};
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		strbuf_reset(&sb);
		strbuf_add_kb(&sb, cases[i].kb);
		assert_string_equal(sb.buf, cases[i].text);
	}
	strbuf_release(&sb);
}

static void test_tz_rules_text(void **state)
{
	static const char *const bad[] = { "", "x", "-28800;", "-28800;5", "-28800;5:", "-28800;9:1;5:1", "0;1:99999999999" };
	struct tz_rules z;
	size_t i;

	(void)state;
	assert_int_equal(tz_rules_read("-28378;-2717640000:-28800;1268560800:-25200", &z), 0);
	assert_int_equal(z.n, 2);
	assert_int_equal(tz_offset_at(&z, -3000000000LL), -28378);
	assert_int_equal(tz_offset_at(&z, 1268560799), -28800);
	assert_int_equal(tz_offset_at(&z, 1268560800), -25200);
	tz_release(&z);
	assert_int_equal(tz_rules_read("3600", &z), 0);
	assert_int_equal(z.n, 0);
	assert_int_equal(tz_offset_at(&z, 0), 3600);
	tz_release(&z);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		if (tz_rules_read(bad[i], &z) != -1)
			print_message("case %zu: '%s' read\n", i, bad[i]);
		assert_int_equal(tz_rules_read(bad[i], &z), -1);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_rotation),
		cmocka_unit_test(test_json_escape),
		cmocka_unit_test(test_json_buffer),
		cmocka_unit_test(test_utf8_stream),
		cmocka_unit_test(test_line_reader),
		cmocka_unit_test(test_count_char),
		cmocka_unit_test(test_intern),
		cmocka_unit_test(test_alloc_grow),
		cmocka_unit_test(test_dir_names),
		cmocka_unit_test(test_kernel_version_code),
		cmocka_unit_test(test_tzfile),
		cmocka_unit_test(test_tzfile_footer),
		cmocka_unit_test(test_tz_rules_text),
		cmocka_unit_test(test_add_kb),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
