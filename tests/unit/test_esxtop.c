/*
 * esxtop batch captures and pasted interactive screens: the real ESXi 6.x
 * captures of the corpus (values checked by reading the CSV), a spreadsheet
 * re-save, and broken or odd variants written here.
 */
#include "source_harness.h"
#include "esx/esx.h"
#include "util/strbuf.h"

#define ESXTOP "snapshots/esxtop/"

struct run {
	struct esx_capture cap;
	struct diag diag;
	int ret;
};

/* Feed @buf line by line, as the input layer does (split on "\n" only). */
static void run_capture(struct run *r, const char *buf, size_t len)
{
	struct esxtop_parser *p;
	const char *s = buf, *end = buf + len, *nl;
	unsigned no = 0;

	esx_capture_init(&r->cap, "test.csv");
	diag_init(&r->diag, NULL);
	p = esxtop_parser_new(&r->cap, &r->diag);
	while (s < end) {
		nl = memchr(s, '\n', (size_t)(end - s));
		esxtop_parser_line(p, s, (size_t)((nl ? nl : end) - s), ++no);
		s = nl ? nl + 1 : end;
	}
	r->ret = esxtop_parser_finish(p);
}

static void run_screen(struct run *r, const char *buf, size_t len)
{
	esx_capture_init(&r->cap, "screen.txt");
	diag_init(&r->diag, NULL);
	r->ret = esxtop_screen_parse(&r->cap, buf, len, &r->diag);
}

static void run_release(struct run *r)
{
	esx_capture_release(&r->cap);
	diag_release(&r->diag);
}

static const struct esx_vm *vm_named(const struct esx_capture *cap, const char *name)
{
	size_t i;

	for (i = 0; i < cap->nr_vms; i++)
		if (!strcmp(cap->vms[i].name, name))
			return &cap->vms[i];
	print_message("no VM '%s' among %zu\n", name, cap->nr_vms);
	fail();
	return NULL;
}

/* Value @i of series @name of @vm (NULL: the host). */
static double val(const struct esx_capture *cap, const char *vm, const char *name, size_t i)
{
	const struct series *s = esx_series(cap, vm ? vm_named(cap, vm) : NULL, name);

	if (!s) {
		print_message("no series '%s' for %s\n", name, vm ? vm : "the host");
		fail();
	}
	assert_true(i < cap->nr_samples);
	return s->v[i];
}

struct want {
	const char *vm, *series;
	size_t row;
	double v;
};

static double absd(double x)
{
	return x < 0 ? -x : x;
}

static void check_wants(const struct esx_capture *cap, const struct want *w, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++) {
		double have = val(cap, w[i].vm, w[i].series, w[i].row);
		double tol = 1e-9 * (absd(w[i].v) > 1 ? absd(w[i].v) : 1);

		if (isnan(w[i].v) ? !isnan(have) : !(absd(have - w[i].v) <= tol)) {
			print_message("case %zu: %s %s[%zu]: want %g, have %g\n", i,
				      w[i].vm ? w[i].vm : "host", w[i].series, w[i].row, w[i].v, have);
			fail();
		}
	}
}

static void check_no_diag(const struct run *r)
{
	if (r->diag.nr) {
		print_message("unexpected: %s:%u: %s\n", r->diag.msgs[0].input, r->diag.msgs[0].line,
			      r->diag.msgs[0].text);
		fail();
	}
}

/*
 * esxtop-data.csv: 17427 columns, 3 samples 5 s apart, an 8 GB host under
 * pressure; portunus, hermes, ananke ballooned past their Memctl Max.
 */
static void test_real_full(void **state)
{
	static const struct want wants[] = {
		{ NULL, "machine_mb", 0, 8083 },
		{ NULL, "free_mb", 1, 591 },
		{ NULL, "minfree_mb", 2, 403 },
		{ NULL, "state", 0, 1 },
		{ NULL, "overcommit_1m", 0, 0.78 },
		{ NULL, "memctl_mb", 0, 5154 },
		{ NULL, "memctl_target_mb", 2, 5144 },
		{ NULL, "memctl_max_mb", 0, 9042 },
		{ NULL, "swap_used_mb", 0, 1150 },
		{ NULL, "swap_target_mb", 1, 1147 },
		{ NULL, "zip_mb", 0, 173 },
		{ NULL, "pshare_savings_mb", 2, 1940 },
		{ "portunus", "memctl_mb", 0, 1302.00 },
		{ "portunus", "memctl_max_mb", 0, 1300.15 },
		{ "portunus", "memctl_target_mb", 0, 1300.15 },
		{ "portunus", "memctl_enabled", 0, 1 },
		{ "portunus", "swapped_mb", 2, 459.67 },
		{ "portunus", "memsz_mb", 0, 2097.16 },
		{ "portunus", "granted_mb", 1, 199.08 },
		{ "portunus", "consumed_mb", 0, 67.58 },
		{ "portunus", "alloc_max_mb", 0, -1 },
		{ "portunus", "alloc_min_mb", 0, 0 },
		{ "portunus", "compressed_mb", 1, 4.68 },
		{ "portunus", "overhead_mb", 0, 27.06 },
		{ "hermes", "memctl_mb", 0, 1302.00 },
		{ "ananke", "memctl_mb", 2, 1302.00 },
		{ "poseidon", "memctl_mb", 0, 1230.57 },
		{ "poseidon", "touched_mb", 0, 2262.54 },
		{ "poseidon", "active_mb", 0, 6222.84 * 32 / 100 },
		{ "poseidon", "active_mb", 2, 6222.84 * 4 / 100 },
		{ "styx", "memctl_max_mb", 0, 619.16 },
		{ "styx", "swapped_mb", 0, 11.25 },
	};
	struct run r;
	size_t len;
	char *buf = corpus_read(ESXTOP "rach-sharp-esxtopd.esxtop-data.csv", &len);

	(void)state;
	if (!buf) {
		skip();
		return;
	}
	assert_true(esxtop_is_capture(buf, len));
	assert_false(esxtop_is_screen(buf, len));
	run_capture(&r, buf, len);
	assert_int_equal(r.ret, 0);
	check_no_diag(&r);
	assert_string_equal(r.cap.esx_host, "localhost.home");
	assert_int_equal(r.cap.nr_samples, 3);
	assert_int_equal(r.cap.times[0], 1524566952);  /* 04/24/2018 10:49:12 UTC */
	assert_int_equal(r.cap.times[2], 1524566962);
	assert_int_equal(r.cap.bad_rows, 0);
	/* 54 groups: 48 user worlds ("hostd.66694", "sh.65828" ...) and 6 VMs */
	assert_int_equal(r.cap.nr_vms, 6);
	assert_int_equal(vm_named(&r.cap, "portunus")->gid, 1303673);
	vm_named(&r.cap, "ouranos");
	assert_int_equal(r.cap.nr_host, 14);
	check_wants(&r.cap, wants, ARRAY_SIZE(wants));
	run_release(&r);
	free(buf);
}

/* The 7632-column capture of two days later: no Memctl counters per group. */
static void test_real_small(void **state)
{
	static const struct want wants[] = {
		{ NULL, "free_mb", 0, 573 },
		{ NULL, "memctl_mb", 1, 5335 },
		{ NULL, "swap_used_mb", 2, 1567 },
		{ "portunus", "swapped_mb", 0, 510.14 },
		{ "poseidon", "granted_mb", 1, 4943.65 },
		{ "styx", "overhead_mb", 2, 20.11 },
	};
	struct run r;
	size_t len;
	char *buf = corpus_read(ESXTOP "rach-sharp-esxtopd.small-esxtop-data.csv", &len);

	(void)state;
	if (!buf) {
		skip();
		return;
	}
	run_capture(&r, buf, len);
	assert_int_equal(r.ret, 0);
	check_no_diag(&r);
	assert_int_equal(r.cap.nr_samples, 3);
	assert_int_equal(r.cap.times[1], 1524751592);  /* 04/26/2018 14:06:32 */
	assert_int_equal(r.cap.nr_vms, 6);
	assert_null(esx_series(&r.cap, vm_named(&r.cap, "portunus"), "memctl_mb"));
	assert_null(esx_series(&r.cap, vm_named(&r.cap, "portunus"), "active_mb"));
	check_wants(&r.cap, wants, ARRAY_SIZE(wants));
	run_release(&r);
	free(buf);
}

/* The memory-columns extract of the full capture: no Vcpu columns, so no "vmx" worlds. */
static void test_real_memory_subset(void **state)
{
	static const struct want wants[] = {
		{ NULL, "free_mb", 1, 591 },
		{ "portunus", "memctl_mb", 0, 1302.00 },
		{ "poseidon", "memctl_max_mb", 0, 3875.56 },
	};
	struct run r;
	size_t len;
	char *buf = corpus_read(ESXTOP "rach-sharp-esxtopd.esxtop-data.MEMORY-COLUMNS.derived.csv", &len);

	(void)state;
	if (!buf) {
		skip();
		return;
	}
	run_capture(&r, buf, len);
	assert_int_equal(r.ret, 0);
	check_no_diag(&r);
	assert_int_equal(r.cap.nr_vms, 6);
	check_wants(&r.cap, wants, ARRAY_SIZE(wants));
	run_release(&r);
	free(buf);
}

/* A spreadsheet re-save: no quotes, CRLF, "3/26/2015 22:42", host counters only. */
static void test_real_excel(void **state)
{
	static const struct want wants[] = {
		{ NULL, "state", 0, 0 },
		{ NULL, "swap_target_mb", 513, 0 },
	};
	struct run r;
	size_t len, i;
	char *buf = corpus_read(ESXTOP "gsliu-VisualEsxtopOnline.origincsvfile.excel-resaved.csv", &len);

	(void)state;
	if (!buf) {
		skip();
		return;
	}
	assert_true(esxtop_is_capture(buf, len));
	run_capture(&r, buf, len);
	assert_int_equal(r.ret, 0);
	check_no_diag(&r);
	assert_string_equal(r.cap.esx_host, "proma-2n-dhcp60.eng.vmware.com");
	assert_int_equal(r.cap.nr_samples, 514);
	assert_int_equal(r.cap.times[0], 1427409720);     /* 3/26/2015 22:42 */
	assert_int_equal(r.cap.times[513], 1427412540);   /* 3/26/2015 23:29 */
	assert_int_equal(r.cap.nr_vms, 0);
	assert_int_equal(r.cap.nr_host, 2);               /* Kernel State, Swap Target */
	assert_null(esx_series(&r.cap, NULL, "free_mb"));
	check_wants(&r.cap, wants, ARRAY_SIZE(wants));
	run_release(&r);

	/* the same with CR-only line ends: one "line" for the input layer */
	for (i = 0; i < len; i++)
		if (buf[i] == '\n')
			buf[i] = '\r';
	run_capture(&r, buf, len);
	assert_int_equal(r.ret, 0);
	assert_int_equal(r.cap.nr_samples, 514);
	assert_int_equal(r.cap.times[513], 1427412540);
	run_release(&r);
	free(buf);
}

#define HDR "\"(PDH-CSV 4.0) (UTC)(0)\",\"\\\\h1\\Memory\\Free MBytes\",\"\\\\h1\\Physical Cpu(0)\\% Util Time\"," \
	"\"\\\\h1\\Group Memory(100:app01)\\Memctl MBytes\",\"\\\\h1\\Group Memory(100:app01)\\Overhead MBytes\"," \
	"\"\\\\h1\\Group Memory(7:hostd.66694)\\Overhead MBytes\"\n"

#define ROW0 "\"04/24/2018 10:49:12\",\"590\",\"3.5\",\"12.5\",\"20\",\"0\"\n"
#define NUL_ROWS HDR "\n\"04/24/2018 10:49:12\",\"590\",\"3.5\",\"12.5\",\"20\",\"0\",\"x\"\n\n" \
	"\"04/24/2018 10:49:17\",\"589\",\"3\0\",\"12\",\"20\",\"0\"\n"

/* Broken and odd rows: each case is a whole file; want free_mb/memctl at the last row kept. */
static void test_malformed(void **state)
{
	static const struct {
		const char *text;
		size_t len;                  /* 0: strlen(text) */
		int ret;
		size_t samples, bad, diags;
		double free_last, memctl_last;
	} cases[] = {
		/* 0: clean */
		{ HDR ROW0, 0, 0, 1, 0, 0, 590, 12.5 },
		/* 1: truncated last row */
		{ HDR ROW0 "\"04/24/2018 10:49:17\",\"59", 0, 0, 1, 1, 1, 590, 12.5 },
		/* 2: CRLF, empty and non-number values are NAN */
		{ HDR "\"04/24/2018 10:49:12\",\"\",\"3.5\",\"n/a\",\"20\",\"0\"\r\n", 0, 0, 1, 0, 0, NAN, NAN },
		/* 3: unquoted, with blanks */
		{ HDR "04/24/2018 10:49:12, 590 ,3.5,-1.5e1,20,0\n", 0, 0, 1, 0, 0, 590, -15 },
		/* 4: ESXi 6.x glued field: the quoted part is the value */
		{ HDR "\"04/24/2018 10:49:12\",    73.1\"591\",\"3.5\",\"12.5\",\"20\",\"0\"\n", 0, 0, 1, 0, 0, 591, 12.5 },
		/* 5: bad time stamps (Feb 30, hour 25, text): three bad rows, one warning */
		{ HDR "\"02/30/2018 10:49:12\",\"1\",\"2\",\"3\",\"4\",\"5\"\n"
		      "\"04/24/2018 25:00:00\",\"1\",\"2\",\"3\",\"4\",\"5\"\n"
		      "\"yesterday\",\"1\",\"2\",\"3\",\"4\",\"5\"\n"
		      "\"4/24/2018 10:49\",\"592\",\"2\",\"3\",\"4\",\"5\"\n", 0, 0, 1, 3, 1, 592, 3 },
		/* 6: no memory object at all */
		{ "\"(PDH-CSV 4.0) (UTC)(0)\",\"\\\\h1\\Physical Cpu(0)\\% Util Time\"\n\"04/24/2018 10:49:12\",\"3.5\"\n",
		  0, -1, 0, 0, 0, 0, 0 },
		/* 7: empty */
		{ "", 0, -1, 0, 0, 0, 0, 0 },
		/* 8: header only */
		{ HDR, 0, 0, 0, 0, 0, 0, 0 },
		/* 9: a second header (two captures concatenated) stops the reading */
		{ HDR ROW0 HDR "\"04/24/2018 10:49:17\",\"1\",\"3.5\",\"1\",\"20\",\"0\"\n", 0, 0, 1, 0, 1, 590, 12.5 },
		/* 10: too many fields, blank lines, a NUL byte inside a skipped field */
		{ NUL_ROWS, sizeof(NUL_ROWS) - 1, 0, 1, 1, 1, 589, 12 },
		/* 11: 40 digits are still a number (a double); 1e999 is not */
		{ HDR "\"04/24/2018 10:49:12\",\"1234567890123456789012345678901234567890\",\"3.5\",\"1e999\",\"20\",\"0\"\n",
		  0, 0, 1, 0, 0, 1.234567890123456789e39, NAN },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		size_t len = cases[i].len ? cases[i].len : strlen(cases[i].text);
		struct run r;

		run_capture(&r, cases[i].text, len);
		if (r.ret != cases[i].ret || r.cap.nr_samples != cases[i].samples ||
		    r.cap.bad_rows != cases[i].bad || r.diag.nr != cases[i].diags) {
			print_message("case %zu: ret %d samples %zu bad %zu diags %zu\n", i, r.ret,
				      r.cap.nr_samples, r.cap.bad_rows, r.diag.nr);
			fail();
		}
		if (cases[i].samples) {
			const struct want w[] = {
				{ NULL, "free_mb", cases[i].samples - 1, cases[i].free_last },
				{ "app01", "memctl_mb", cases[i].samples - 1, cases[i].memctl_last },
			};

			check_wants(&r.cap, w, ARRAY_SIZE(w));
			assert_int_equal(r.cap.nr_vms, 1);  /* hostd.66694 is a user world */
			assert_int_equal(vm_named(&r.cap, "app01")->gid, 100);
		}
		if (cases[i].diags)
			assert_string_equal(r.diag.msgs[0].input, "test.csv");
		run_release(&r);
	}
}

/* Where the warnings point. */
static void test_truncated_line(void **state)
{
	static const char text[] = HDR "\"04/24/2018 10:49:12\",\"590\",\"3.5\",\"12.5\",\"20\",\"0\"\n"
		"\"04/24/2018 10:49:17\",\"591\",\"3.5\",\"12.5\",\"20\",\"0\"\n\"04/24/2018 10:49:22\",\"5";
	struct run r;

	(void)state;
	run_capture(&r, text, sizeof(text) - 1);
	assert_int_equal(r.ret, 0);
	assert_int_equal(r.cap.nr_samples, 2);
	assert_int_equal(r.cap.bad_rows, 1);
	assert_int_equal(r.diag.nr, 1);
	assert_int_equal(r.diag.msgs[0].line, 4);
	assert_non_null(strstr(r.diag.msgs[0].text, "truncated"));
	assert_int_equal(r.cap.times[1], 1524566957);
	run_release(&r);
}

/* Quoting: "" escapes, commas inside quotes, names with parentheses, PDH bias. */
static void test_quoting(void **state)
{
	static const char text[] =
		"\"(PDH-CSV 4.0) (Pacific Standard Time)(480)\","
		"\"\\\\h\\Group Memory(200:web (old), \"\"blue\"\")\\Memory Size MBytes\","
		"\"\\\\h\\Group Memory(200:web (old), \"\"blue\"\")\\Overhead MBytes\","
		"\"\\\\h\\Group Memory(201:system)\\Overhead MBytes\","
		"\"\\\\h\\Group Memory(202:db01)\\Memory Size MBytes\","
		"\"\\\\h\\Group Memory(202:db01)\\Overhead MBytes\","
		"\"\\\\h\\Group Memory(203:db02)\\Memory Size MBytes\","
		"\"\\\\h\\Group Memory(203:db02)\\Overhead MBytes\"\n"
		"\"04/24/2018 02:49:12\",\"4096\",\"30\",\"5\",\"1024\",\"0\",\"1024\",\"\"\n"
		"\"04/24/2018 02:49:17\",\"4096\",\"30\",\"5\",\"1024\",\"0\",\"1024\",\"12\"\n";
	struct run r;

	(void)state;
	run_capture(&r, text, sizeof(text) - 1);
	assert_int_equal(r.ret, 0);
	check_no_diag(&r);
	/* 8 hours west of UTC: 02:49:12 PST is 10:49:12 UTC */
	assert_int_equal(r.cap.times[0], 1524566952);
	/* "system" is a system group; db01 has no overhead ever: not a VM; db02 has some */
	assert_int_equal(r.cap.nr_vms, 2);
	assert_int_equal(val(&r.cap, "web (old), \"blue\"", "memsz_mb", 1), 4096);
	assert_true(isnan(val(&r.cap, "db02", "overhead_mb", 0)));
	assert_int_equal(val(&r.cap, "db02", "overhead_mb", 1), 12);
	run_release(&r);
}

/* 20,000 columns, the memory ones scattered, header and row each one line. */
static void test_wide(void **state)
{
	struct strbuf hdr = STRBUF_INIT, row = STRBUF_INIT, all = STRBUF_INIT;
	struct run r;
	size_t i;

	(void)state;
	strbuf_addstr(&hdr, "\"(PDH-CSV 4.0) (UTC)(0)\"");
	strbuf_addstr(&row, "\"04/24/2018 10:49:12\"");
	for (i = 1; i < 20000; i++) {
		if (i % 1000 == 7) {
			strbuf_addf(&hdr, ",\"\\\\wide\\Group Memory(%zu:vm%zu)\\Memctl MBytes\"", 5000 + i, i);
			strbuf_addf(&hdr, ",\"\\\\wide\\Vcpu(%zu:vm%zu:%zu:vmx)\\%% Used\"", 5000 + i, i, 90000 + i);
			strbuf_addf(&row, ",\"%zu.25\",\"1\"", i);
			i++;
		} else if (i == 19998) {
			strbuf_addstr(&hdr, ",\"\\\\wide\\Memory\\Free MBytes\"");
			strbuf_addstr(&row, ",\"1234\"");
		} else {
			strbuf_addf(&hdr, ",\"\\\\wide\\Physical Disk(vmhba%zu)\\Commands/sec\"", i);
			strbuf_addstr(&row, ",\"0.00\"");
		}
	}
	strbuf_addf(&all, "%s\n%s\n%s\n", hdr.buf, row.buf, row.buf);
	run_capture(&r, all.buf, all.len);
	assert_int_equal(r.ret, 0);
	check_no_diag(&r);
	assert_int_equal(r.cap.nr_samples, 2);
	assert_int_equal(r.cap.nr_vms, 20);
	assert_int_equal(val(&r.cap, NULL, "free_mb", 1), 1234);
	assert_true(val(&r.cap, "vm19007", "memctl_mb", 1) == 19007.25);
	assert_int_equal(vm_named(&r.cap, "vm7")->gid, 5007);
	run_release(&r);
	strbuf_release(&hdr);
	strbuf_release(&row);
	strbuf_release(&all);
}

/* Two 4-line captures of the same host (the corpus author's separator between them). */
static void test_screen_real(void **state)
{
	static const struct want wants[] = {
		{ NULL, "machine_mb", 0, 65398 },
		{ NULL, "free_mb", 0, 2358 },
		{ NULL, "free_mb", 1, 3057 },
		{ NULL, "minfree_mb", 1, 1265 },
		{ NULL, "state", 0, 0 },                 /* high */
		{ NULL, "state", 1, 1 },                 /* clear */
		{ NULL, "pshare_savings_mb", 0, 1400 },
		{ NULL, "pshare_savings_mb", 1, 32097 },
		{ NULL, "overcommit_1m", 0, 1.10 },
		{ NULL, "overcommit_15m", 1, 0.95 },
	};
	struct run r;
	size_t len;
	char *buf = corpus_read(ESXTOP "blog-zenprsolutions-esxi-interactive-memory-screen.txt", &len);

	(void)state;
	if (!buf) {
		skip();
		return;
	}
	assert_true(esxtop_is_screen(buf, len));
	assert_false(esxtop_is_capture(buf, len));
	run_screen(&r, buf, len);
	assert_int_equal(r.ret, 0);
	check_no_diag(&r);
	assert_true(r.cap.screen);
	assert_int_equal(r.cap.nr_samples, 2);
	assert_int_equal(r.cap.times[0], 0);
	assert_int_equal(r.cap.nr_vms, 0);
	assert_null(esx_series(&r.cap, NULL, "memctl_mb"));
	check_wants(&r.cap, wants, ARRAY_SIZE(wants));
	run_release(&r);
	free(buf);
}

/* A whole screen as "esxtop" then "m" shows it, with colours, names with spaces, user worlds. */
static void test_screen_full(void **state)
{
	static const char text[] =
		"\x1b[H\x1b[2J 9:02:11am up 41 days 21:02, 1210 worlds, 12 VMs, 30 vCPUs; MEM overcommit avg: 0.31, 0.30, 0.29\n"
		"PMEM  /MB: 98293   total: 3211     vmk,90023 other, 5058 free\n"
		"VMKMEM/MB: 97852 managed:  2016 minfree, 20500 rsvd,  77352 ursvd,  soft state\n"
		"PSHARE/MB:    4648  shared,     348  (common:    4300 saving)\n"
		"SWAP  /MB:     812    curr,     790 rclmtgt:                 0.25 r/s,   1.50 w/s\n"
		"ZIP   /MB:     120  zipped,      60   saved\n"
		"MEMCTL/MB:   41200    curr,   41000  target,   62155 max\n"
		"\n"
		"\x1b[7m      GID NAME               MEMSZ    GRANT     CNSM    SZTGT     TCHD   MCTL?   MCTLSZ  MCTLTGT  MCTLMAX    SWCUR    SWTGT     OVHD\x1b[m\n"
		"   170345 app01           16384.00 16380.00  9000.00  9100.00  2000.00       Y 10649.60 10649.60 10649.60   300.00   300.00    80.50\n"
		"   170346 my test vm       4096.00  4000.00  3000.00  3100.00   100.00       N     0.00     0.00  2662.40     0.00     0.00    40.00\n"
		"     5481 hostd.66694        64.50    35.03    35.03    40.00    10.00       N     0.00     0.00     0.00     0.00     0.00     0.00\n"
		"   170347 wrapped-row      1024.00  1000.00\n"
		"\n";
	static const struct want wants[] = {
		{ NULL, "machine_mb", 0, 98293 },
		{ NULL, "free_mb", 0, 5058 },
		{ NULL, "state", 0, 2 },
		{ NULL, "swap_used_mb", 0, 812 },
		{ NULL, "swap_target_mb", 0, 790 },
		{ NULL, "zip_mb", 0, 120 },
		{ NULL, "memctl_mb", 0, 41200 },
		{ NULL, "memctl_target_mb", 0, 41000 },
		{ NULL, "memctl_max_mb", 0, 62155 },
		{ NULL, "overcommit_5m", 0, 0.30 },
		{ "app01", "memctl_mb", 0, 10649.60 },
		{ "app01", "memctl_max_mb", 0, 10649.60 },
		{ "app01", "memctl_enabled", 0, 1 },
		{ "app01", "swapped_mb", 0, 300 },
		{ "app01", "granted_mb", 0, 16380 },
		{ "app01", "consumed_mb", 0, 9000 },
		{ "my test vm", "memsz_mb", 0, 4096 },
		{ "my test vm", "memctl_enabled", 0, 0 },
		{ "my test vm", "overhead_mb", 0, 40 },
	};
	struct run r;

	(void)state;
	assert_true(esxtop_is_screen(text, sizeof(text) - 1));
	run_screen(&r, text, sizeof(text) - 1);
	assert_int_equal(r.ret, 0);
	assert_int_equal(r.cap.nr_samples, 1);
	assert_int_equal(r.cap.times[0], 0);
	assert_int_equal(r.cap.nr_vms, 2);
	assert_int_equal(vm_named(&r.cap, "app01")->gid, 170345);
	assert_int_equal(r.cap.bad_rows, 1);
	assert_int_equal(r.diag.nr, 1);
	assert_int_equal(r.diag.msgs[0].line, 13);
	check_wants(&r.cap, wants, ARRAY_SIZE(wants));
	run_release(&r);
}

#define BOM_HDR "\xef\xbb\xbf(PDH-CSV 4.0) (UTC)(0),x\r\n"

static void test_screen_broken(void **state)
{
	static const char *const texts[] = {
		"",
		"hello\nworld\n",
		"PMEM  /MB:\n",
		"\0\0\0PMEM",
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(texts); i++) {
		struct run r;

		run_screen(&r, texts[i], i == 3 ? 7 : strlen(texts[i]));
		if (r.ret != -1 || r.cap.nr_samples) {
			print_message("case %zu: ret %d, %zu samples\n", i, r.ret, r.cap.nr_samples);
			fail();
		}
		run_release(&r);
	}
	assert_false(esxtop_is_screen("", 0));
	assert_false(esxtop_is_capture("", 0));
	assert_true(esxtop_is_capture(BOM_HDR, sizeof(BOM_HDR) - 1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_full),
		cmocka_unit_test(test_real_small),
		cmocka_unit_test(test_real_memory_subset),
		cmocka_unit_test(test_real_excel),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_truncated_line),
		cmocka_unit_test(test_quoting),
		cmocka_unit_test(test_wide),
		cmocka_unit_test(test_screen_real),
		cmocka_unit_test(test_screen_full),
		cmocka_unit_test(test_screen_broken),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
