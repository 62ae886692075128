/*
 * The hypervisor captures other than esxtop's own batch files: each file of
 * tests/data/captures/ (written from the layout each tool prints, see the
 * head comments of the readers in analyzer/esx/) recognised by the right reader and read
 * to the figures it holds, in MB; and the perfmon logs esxtop's reader tells
 * apart.
 */
#include "source_harness.h"
#include "esx/esx.h"

#define DATA "tests/data/captures/"

static char *data_read(const char *name, size_t *len)
{
	char path[256];
	FILE *f;
	char *buf;
	long n;

	snprintf(path, sizeof(path), DATA "%s", name);
	f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = xmalloc((size_t)n + 1);
	*len = fread(buf, 1, (size_t)n, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

/* One figure a file must give: VM @vm's @series at the sample of time @time (0: unknown). */
struct figure {
	const char *file, *tool, *hypervisor, *vm, *series;
	int64_t time;
	double mb;
};

static const struct figure figures[] = {
	{ .file = "virsh-domstats-balloon.txt", .tool = "virsh domstats", .hypervisor = "kvm",
	  .vm = "app03", .series = "memctl_mb", .mb = 1024 },
	{ .file = "virsh-domstats-balloon.txt", .tool = "virsh domstats", .hypervisor = "kvm",
	  .vm = "app03", .series = "granted_mb", .mb = 7168 },
	{ .file = "virsh-domstats-balloon.txt", .tool = "virsh domstats", .hypervisor = "kvm",
	  .vm = "build09", .series = "memctl_mb", .mb = 0 },
	{ .file = "virsh_-r_dommemstat_app03", .tool = "virsh dommemstat", .hypervisor = "kvm",
	  .vm = "app03", .series = "granted_mb", .mb = 7168 },
	{ .file = "virsh_-r_dommemstat_app03", .tool = "virsh dommemstat", .hypervisor = "kvm",
	  .vm = "app03", .series = "consumed_mb", .mb = 7358520 / 1024.0 },
	{ .file = "qemu-info-balloon.txt", .tool = "QEMU info balloon", .hypervisor = "kvm",
	  .vm = "", .series = "granted_mb", .mb = 7168 },
	/* virsh event --timestamp: each balloon change a sample at its UTC time; other events passed over */
	{ .file = "virsh-event-balloon.txt", .tool = "virsh event", .hypervisor = "kvm",
	  .vm = "app03", .series = "granted_mb", .time = 1773237730, .mb = 7168 },
	{ .file = "virsh-event-balloon.txt", .tool = "virsh event", .hypervisor = "kvm",
	  .vm = "app03", .series = "granted_mb", .time = 1773238152, .mb = 8192 },
	{ .file = "virsh-event-balloon.txt", .tool = "virsh event", .hypervisor = "kvm",
	  .vm = "build09", .series = "granted_mb", .time = 1773237931, .mb = 1536 },
	{ .file = "xl-list.txt", .tool = "xl list", .hypervisor = "xen", .vm = "app04",
	  .series = "granted_mb", .mb = 7096 },
	{ .file = "xl-list.txt", .tool = "xl list", .hypervisor = "xen", .vm = "Domain-0",
	  .series = "granted_mb", .mb = 4024 },
	/* 12/31/2025 11:59:00 PM, the exporting machine's local time read as UTC */
	{ .file = "powercli-get-stat.csv", .tool = "PowerCLI Get-Stat", .hypervisor = "vmware",
	  .vm = "app01", .series = "memctl_mb", .time = 1767225540, .mb = 1078 },
	{ .file = "powercli-get-stat.csv", .tool = "PowerCLI Get-Stat", .hypervisor = "vmware",
	  .vm = "app01", .series = "memctl_mb", .time = 1767225520, .mb = 1074 },
	{ .file = "powercli-get-stat.csv", .tool = "PowerCLI Get-Stat", .hypervisor = "vmware",
	  .vm = "app01", .series = "swapped_mb", .time = 1767225540, .mb = 152 },
	{ .file = "govc-metric-sample-t.txt", .tool = "govc metric.sample", .hypervisor = "vmware",
	  .vm = "app01", .series = "memctl_mb", .time = 1767225540, .mb = 1078 },
	{ .file = "govc-metric-sample-t.txt", .tool = "govc metric.sample", .hypervisor = "vmware",
	  .vm = "app01", .series = "swapped_mb", .time = 1767225520, .mb = 148 },
	/* without -t: the newest value, of unknown time */
	{ .file = "govc-metric-sample.txt", .tool = "govc metric.sample", .hypervisor = "vmware",
	  .vm = "app01", .series = "memctl_mb", .mb = 1078 },
	{ .file = "get-vm.csv", .tool = "Get-VM", .hypervisor = "hyperv", .vm = "app02",
	  .series = "granted_mb", .mb = 2048 },
	{ .file = "get-vm.csv", .tool = "Get-VM", .hypervisor = "hyperv", .vm = "app02",
	  .series = "alloc_min_mb", .mb = 1024 },
	{ .file = "get-vm.csv", .tool = "Get-VM", .hypervisor = "hyperv", .vm = "app02",
	  .series = "alloc_max_mb", .mb = 8192 },
};

static const struct esx_vm *vm_named(const struct esx_capture *cap, const char *name)
{
	size_t i;

	for (i = 0; i < cap->nr_vms; i++)
		if (!strcmp(cap->vms[i].name, name))
			return &cap->vms[i];
	return NULL;
}

static void test_figures(void **state)
{
	size_t i, k, len;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(figures); i++) {
		const struct figure *c = &figures[i];
		const struct capture_reader *r;
		const struct series *s;
		const struct esx_vm *vm;
		struct esx_capture cap;
		struct diag d;
		char *buf = data_read(c->file, &len);

		print_message("case %zu: %s %s %s\n", i, c->file, c->vm, c->series);
		r = capture_reader_for(buf, len < 4096 ? len : 4096);
		assert_non_null(r);
		assert_string_equal(r->tool, c->tool);
		assert_string_equal(r->hypervisor, c->hypervisor);
		esx_capture_init(&cap, c->file);
		diag_init(&d, NULL);
		assert_int_equal(r->parse(&cap, buf, len, &d), 0);
		assert_int_equal(d.nr, 0);
		vm = vm_named(&cap, c->vm);
		assert_non_null(vm);
		s = esx_series(&cap, vm, c->series);
		assert_non_null(s);
		for (k = 0; k < cap.nr_samples && cap.times[k] != c->time; k++)
			;
		assert_true(k < cap.nr_samples);
		assert_true(fabs(s->v[k] - c->mb) < 0.01);
		esx_capture_release(&cap);
		diag_release(&d);
		free(buf);
	}
}

/* No reader claims another's file, nor a CSV of something else, nor esxtop's. */
static void test_recognition(void **state)
{
	static const char *const none[] = { "not-a-capture.csv", "esxtop-b-blank-first.csv",
					    "perfmon-hyperv-dm.csv", "perfmon-windows.csv" };
	static const char *const garbage[] = {
		"", "\n\n", "Domain: '\n", "actual 12\n", "balloon: actual=\n", "Name ID Mem\n",
		"\"Value\",\"Timestamp\"\n", "app01 - mem.vmmemctl.average 1,x KB\n",
		"2026-03-11 14:02:10+0000: event 'balloon-change' for domain 'a': 1\n", /* no milliseconds */
		"2026-03-11 14:02:10.412+0000: events received: 3\n",
	};
	size_t i, len;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(none); i++) {
		char *buf = data_read(none[i], &len);

		print_message("file %s\n", none[i]);
		assert_null(capture_reader_for(buf, len));
		free(buf);
	}
	for (i = 0; i < ARRAY_SIZE(garbage); i++) {
		print_message("garbage %zu: '%s'\n", i, garbage[i]);
		assert_null(capture_reader_for(garbage[i], strlen(garbage[i])));
	}
}

static const struct capture_reader *reader_named(const char *tool)
{
	const struct capture_reader *const *list;
	size_t nr, i;

	list = capture_reader_list(&nr);
	for (i = 0; i < nr; i++)
		if (!strcmp(list[i]->tool, tool))
			return list[i];
	fail();
	return NULL;
}

/* Broken rows are said with their line and skipped; the good ones are kept. */
static void test_broken_rows(void **state)
{
	static const char text[] = "Domain: 'app03'\n  balloon.current=3145728\n  junk\n"
				   "  balloon.maximum=4194304\n";
	struct esx_capture cap;
	struct diag d;

	(void)state;
	esx_capture_init(&cap, "domstats");
	diag_init(&d, NULL);
	assert_int_equal(reader_named("virsh domstats")->parse(&cap, text, strlen(text), &d), 0);
	assert_int_equal(d.nr, 1);
	assert_true(fabs(esx_series(&cap, &cap.vms[0], "memctl_mb")->v[0] - 1024) < 0.01);
	esx_capture_release(&cap);
	diag_release(&d);
}

/* virsh event: a line of no event said and skipped, a balloon change without its size too. */
static void test_virsh_event_lines(void **state)
{
	static const char text[] =
		"2026-03-11 14:02:10.412+0000: event 'balloon-change' for domain 'app03': 7340032KiB\n"
		"2026-03-11 14:02:11.000+0000: this is no event\n"
		"2026-03-11 14:02:12.000+0000: event 'balloon-change' for domain 'app03': KiB\n"
		"2026-03-11 14:02:13.000+0000: event 'graphics' for domain 'app03': connect local[IPv4 127.0.0.1 5900] remote[IPv4 127.0.0.1 40022] none\n"
		"\tx509dname=CN=admin\n"
		"2026-03-11 14:03:10.000+0000: event 'balloon-change' for domain 'app03': 6291456\n"
		"events received: 4\n";
	static const char untimed[] = "event 'balloon-change' for domain 'app03': 7340032KiB\n";
	static const char no_balloon[] = "2026-03-11 13:40:02.118+0000: event 'lifecycle' for domain 'build09': Started Booted\n";
	struct esx_capture cap;
	struct diag d;

	(void)state;
	esx_capture_init(&cap, "event");
	diag_init(&d, NULL);
	assert_int_equal(reader_named("virsh event")->parse(&cap, text, strlen(text), &d), 0);
	assert_int_equal(d.nr, 2);
	assert_int_equal(cap.nr_samples, 2);
	assert_int_equal(cap.times[1], 1773237790);
	assert_true(fabs(esx_series(&cap, &cap.vms[0], "granted_mb")->v[1] - 6144) < 0.01);
	esx_capture_release(&cap);
	diag_release(&d);
	esx_capture_init(&cap, "event");
	diag_init(&d, NULL);
	assert_int_equal(reader_named("virsh event")->parse(&cap, no_balloon, strlen(no_balloon), &d), -1);
	assert_int_equal(d.nr, 1);
	esx_capture_release(&cap);
	diag_release(&d);
	/* without --timestamp: read as virsh's, said to be of no use */
	assert_ptr_equal(capture_reader_for(untimed, strlen(untimed)), reader_named("virsh event"));
	esx_capture_init(&cap, "event");
	diag_init(&d, NULL);
	assert_int_equal(reader_named("virsh event")->parse(&cap, untimed, strlen(untimed), &d), -1);
	assert_int_equal(d.nr, 1);
	assert_int_equal(cap.nr_samples, 0);
	esx_capture_release(&cap);
	diag_release(&d);
}

/* Feed a PDH-CSV file to esxtop's reader as the router does, line by line. */
static int read_pdh(struct esx_capture *cap, const char *name)
{
	struct esxtop_parser *p;
	size_t len;
	char *buf = data_read(name, &len);
	const char *s = buf, *end = buf + len, *nl;
	unsigned no = 0;
	int ret;

	esx_capture_init(cap, name);
	p = esxtop_parser_new(cap, NULL);
	while (s < end) {
		nl = memchr(s, '\n', (size_t)(end - s));
		esxtop_parser_line(p, s, (size_t)((nl ? nl : end) - s), ++no);
		s = nl ? nl + 1 : end;
	}
	ret = esxtop_parser_finish(p);
	free(buf);
	return ret;
}

static void test_pdh_kinds(void **state)
{
	struct esx_capture cap;
	size_t len;
	char *buf;

	(void)state;
	/* a blank line before the header: still a capture, and read */
	buf = data_read("esxtop-b-blank-first.csv", &len);
	assert_true(esxtop_is_capture(buf, len));
	free(buf);
	assert_int_equal(read_pdh(&cap, "esxtop-b-blank-first.csv"), 0);
	assert_string_equal(cap.hypervisor, "vmware");
	assert_int_equal(cap.nr_samples, 2);
	assert_int_equal(cap.nr_vms, 1);
	/* esxtop -b without -a: no per-VM balloon, the host's total is there */
	assert_null(esx_series(&cap, &cap.vms[0], "memctl_mb"));
	assert_true(esx_series(&cap, NULL, "memctl_mb")->v[1] == 5431);
	esx_capture_release(&cap);

	/* Hyper-V's Dynamic Memory: a VM by name, its balloon visible - physical */
	assert_int_equal(read_pdh(&cap, "perfmon-hyperv-dm.csv"), 0);
	assert_string_equal(cap.hypervisor, "hyperv");
	assert_string_equal(cap.tool, "perfmon");
	assert_string_equal(cap.esx_host, "HV01");
	assert_int_equal(cap.nr_vms, 1);
	assert_string_equal(cap.vms[0].name, "app02");
	/* 02:40:00 Pacific Standard Time (bias 480) is 10:40:00 UTC */
	assert_int_equal(cap.times[0], 1767350400);
	assert_true(esx_series(&cap, &cap.vms[0], "memctl_mb")->v[1] == 4096 - 1980);
	assert_true(esx_series(&cap, &cap.vms[0], "pressure_pct")->v[1] == 136);
	assert_true(esx_series(&cap, NULL, "free_mb")->v[0] == 640);
	esx_capture_release(&cap);

	/* Windows' own \Memory\ counters make no ESX host */
	assert_int_equal(read_pdh(&cap, "perfmon-windows.csv"), -1);
	assert_string_equal(cap.tool, "perfmon");
	assert_int_equal(cap.nr_vms, 0);
	esx_capture_release(&cap);
}

/*
 * An ESXi vmkernel.log's admission failures: each era's prefix, the two
 * lines paired by cpu:world within a second in either order, the host from
 * a forwarded line or the vm-support bundle's name; what is not the
 * VMkernel's is no vmkernel.log.
 */
struct vmk_case {
	const char *file, *text;
	size_t nr;                   /* failures */
	int64_t time;                /* of the first */
	const char *path;            /* of the first, NULL: its path line not found */
	double available_kb;         /* of the first, NAN: unknown */
	const char *host;            /* cap.esx_host, NULL: none */
	size_t warnings;
};

#define VMK7 "2026-04-24T18:49:46.716Z In(182) vmkernel: "
#define FIGS "uw.2101 (61) requires 512 KB, asked 512 KB from host (0) which has 16643784 KB occupied and 28940 KB available.\n"

static const struct vmk_case vmk_cases[] = {
	/* ESXi 6.x: the time, then cpuN:WORLD) */
	{ "a/vmkernel.log", "2019-05-04T05:56:30.612Z cpu67:2674)Admission failure in path: host/vim/vmvisor/x:uw.2101\n"
	  "2019-05-04T05:56:30.613Z cpu67:2674)" FIGS, 1, 1556949390, "host/vim/vmvisor/x:uw.2101", 28940, NULL, 0 },
	/* 7.0 and later, an opID, the figures line first */
	{ "a/vmkernel.log", VMK7 "cpu1:3210 opID=8e9c1967)" FIGS VMK7 "cpu1:3210 opID=8e9c1967)Admission failure in path: host:system:x\n",
	  1, 1777056586, "host:system:x", 28940, NULL, 0 },
	/* two worlds interleaved: each path with its own figures */
	{ "a/vmkernel.log", VMK7 "cpu1:10)Admission failure in path: host/a\n" VMK7 "cpu2:20)Admission failure in path: host/b\n"
	  VMK7 "cpu2:20)uw.20 (1) requires 4 KB, asked 4 KB from host (0) which has 9 KB occupied and 3 KB available.\n"
	  VMK7 "cpu1:10)" FIGS, 2, 1777056586, "host/a", 28940, NULL, 0 },
	/* the same world 5 s later is another failure */
	{ "a/vmkernel.log", VMK7 "cpu1:10)Admission failure in path: host/a\n"
	  "2026-04-24T18:49:51.716Z In(182) vmkernel: cpu1:10)" FIGS, 2, 1777056586, "host/a", NAN, NULL, 1 },
	/* forwarded through syslog: the host after the time */
	{ "a/vmkernel.log", "2026-01-13T19:02:26.719Z esx01.example.com vmkernel: cpu24:5781)Admission failure in path: host/vim/vmvisor/dcui:dcui.2105653:uw.2105653\n",
	  1, 1768330946, "host/vim/vmvisor/dcui:dcui.2105653:uw.2105653", NAN, "esx01.example.com", 1 },
	/* in a vm-support bundle: the host from its name */
	{ "x/esx-esxi-dell-m.rainpole.com-2021-03-08--14.49-17885597/var/run/log/vmkernel.log", VMK7 "cpu1:3210)" FIGS,
	  1, 1777056586, NULL, 28940, "esxi-dell-m.rainpole.com", 0 },
	/* a vmkernel.log of no failure is one still */
	{ "a/vmkernel.log", "2019-05-04T05:56:30.612Z cpu67:2674)WARNING: Heap: 3534: Heap VMKAPI-char-metadata already at its maximum size. Cannot expand.\n",
	  0, 0, NULL, NAN, NULL, 0 },
};

static void test_vmkernel(void **state)
{
	const struct capture_reader *r = reader_named("vmkernel.log");
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(vmk_cases); i++) {
		const struct vmk_case *c = &vmk_cases[i];
		size_t len = strlen(c->text);
		struct esx_capture cap;
		struct diag d;

		print_message("case %zu: %s", i, c->text);
		assert_ptr_equal(capture_reader_for(c->text, len), r);
		esx_capture_init(&cap, c->file);
		diag_init(&d, NULL);
		assert_int_equal(r->parse(&cap, c->text, len, &d), 0);
		assert_true(cap.admission_log);
		assert_int_equal(cap.nr_admissions, c->nr);
		assert_int_equal(d.nr, c->warnings);
		if (c->host)
			assert_string_equal(cap.esx_host, c->host);
		else
			assert_null(cap.esx_host);
		if (c->nr) {
			const struct esx_admission *a = &cap.admissions[0];

			assert_int_equal(a->time, c->time);
			if (c->path)
				assert_string_equal(a->path, c->path);
			else
				assert_null(a->path);
			assert_true(isnan(c->available_kb) ? isnan(a->available_kb) : a->available_kb == c->available_kb);
		}
		esx_capture_release(&cap);
		diag_release(&d);
	}
}

/* Lines of other logs are no vmkernel.log: a Linux syslog, an ISO-stamped one, a bare "cpuN:N)". */
static void test_vmkernel_not(void **state)
{
	static const char *const others[] = {
		"Dec 31 23:59:59 app01 kernel: [3876439.766527] vmmemctl invoked oom-killer: gfp_mask=0x200d2\n",
		"2026-01-01T00:00:00.123456Z app01 kernel: cpu1:2)Admission failure in path: host\n",
		"cpu85:19435559)Admission failure in path: host:system:net\n",
		"2026-04-24T18:49:46.716Z In(182) Hostd[2099812]: [Originator@6876 sub=Default] hostd\n",
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(others); i++) {
		const struct capture_reader *r = capture_reader_for(others[i], strlen(others[i]));

		print_message("case %zu: %s", i, others[i]);
		assert_true(!r || strcmp(r->tool, "vmkernel.log"));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_figures),
		cmocka_unit_test(test_recognition),
		cmocka_unit_test(test_broken_rows),
		cmocka_unit_test(test_virsh_event_lines),
		cmocka_unit_test(test_pdh_kinds),
		cmocka_unit_test(test_vmkernel),
		cmocka_unit_test(test_vmkernel_not),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
