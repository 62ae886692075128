/*
 * The sysctl family: running values (sysctl -a, the proc/sys/vm files), configured
 * values (sysctl.conf, sysctl.d, applied in systemd-sysctl's order) and the
 * tuned profile's values.  Real samples where the corpus has them, written
 * inputs (after tuned's stock profiles) where it has none.
 */
#include "source_harness.h"
#include "util/dirnames.h"


extern const struct source in_sysctl;
extern const struct source in_sysctl_conf;
extern const struct source in_tuned;

#define RHCOS "snapshots/sosreport/rhcos-4.2-sos3.6-hyperv/"

static void check_diags(const struct harness *h, size_t want, size_t ctx)
{
	size_t i;

	if (h->diag.nr == want)
		return;
	print_message("case %zu: want %zu warnings, have %zu\n", ctx, want, h->diag.nr);
	for (i = 0; i < h->diag.nr; i++)
		print_message("  %s:%u: %s\n", h->diag.msgs[i].input, h->diag.msgs[i].line,
			      h->diag.msgs[i].text);
	fail();
}

static size_t count_prefix(const struct harness *h, const char *prefix)
{
	size_t i, n = 0;

	for (i = 0; i < h->facts.nr; i++)
		n += !strncmp(h->facts.items[i].name, prefix, strlen(prefix));
	return n;
}

/* A file of a written scenario: its path in the snapshot and its text. */
struct text_file {
	const char *rel;
	const char *text;
};

/* What the snapshot reader does: hand every held file of a source over at once. */
static void run_held_files(struct harness *h, const struct source *src, struct held_file *held,
			   size_t n)
{
	struct parse_ctx ctx;
	size_t i;

	intern_init(&h->strings);
	factstore_init(&h->facts, &h->strings);
	diag_init(&h->diag, NULL);
	for (i = 0; i < n; i++) {
		assert_ptr_equal(source_for_path(held[i].rel), src);
		held[i].file = intern_str(&h->strings, held[i].rel);
	}
	ctx = (struct parse_ctx){ &h->facts, &h->diag, held[0].file, held[0].rel, 0 };
	src->finish(&ctx, held, n);
	h->ret = 0;
}

static void run_held(struct harness *h, const struct source *src, const struct text_file *files)
{
	struct held_file held[16];
	size_t n;

	for (n = 0; files[n].rel; n++) {
		assert_true(n < ARRAY_SIZE(held));
		held[n] = (struct held_file){ files[n].rel, NULL, (char *)files[n].text,
					      strlen(files[n].text), 0 };
	}
	run_held_files(h, src, held, n);
}

/* ---- sysctl -a ---------------------------------------------------------- */

static void test_sysctl_a(void **state)
{
	static const char buf[] =
		"abi.vsyscall32 = 1\n"
		"kernel.msg_next_id = -1\n"
		"vm.lowmem_reserve_ratio = 256\t256\t32\t0\t0\n"
		"net.ipv4.ip_local_reserved_ports = \n"
		"dev.cdrom.info = CD-ROM information, Id: cdrom.c 3.20 2003/12/17\n"
		"dev.cdrom.info = drive name:\t\tsr0\n"
		"sysctl: permission denied on key 'fs.protected_hardlinks'\n"
		"kernel.shmmax = 18446744073692774399\n"
		"net.ipv4.conf.eth0/100.forwarding = 0\n"
		"vm.min_free_kbytes = 67584\r\n"
		"error: permission denied on key 'net.ipv4.route.flush'\n"
		"\n"
		"kernel.osrelease = 4.18.0-80.11.2.el8_0.x86_64\n"
		"sunrpc.transports = tcp 1048576\n"
		"sunrpc.transports = udp 32768\n"
		"vm.dirty_ratio = 20";
	static const struct fact_want wants[] = {
		{ .fact = "sysctl.abi.vsyscall32", .value = 1, .line = 1 },
		{ .fact = "sysctl.kernel.msg_next_id", .value = -1, .line = 2 },
		{ .fact = "sysctl.vm.lowmem_reserve_ratio", .str = "256 256 32 0 0", .line = 3 },
		{ .fact = "sysctl.net.ipv4.ip_local_reserved_ports", .str = "", .line = 4 },
		{ .fact = "sysctl.dev.cdrom.info", .str = "CD-ROM information, Id: cdrom.c 3.20 2003/12/17", .line = 5 },
		{ .fact = "sysctl.kernel.shmmax", .str = "18446744073692774399", .line = 8 },
		{ .fact = "sysctl.net.ipv4.conf.eth0.100.forwarding", .line = 9 },
		{ .fact = "sysctl.vm.min_free_kbytes", .value = 67584, .line = 10 },
		{ .fact = "sysctl.kernel.osrelease", .str = "4.18.0-80.11.2.el8_0.x86_64", .line = 13 },
		{ .fact = "sysctl.sunrpc.transports", .str = "tcp 1048576", .line = 14 },
		{ .fact = "sysctl.vm.dirty_ratio", .value = 20, .line = 16 },
	};
	struct harness h;
	size_t i;

	(void)state;
	harness_run(&h, &in_sysctl, "sos_commands/kernel/sysctl_-a", buf, sizeof(buf) - 1);
	assert_int_equal(h.ret, 0);
	for (i = 0; i < ARRAY_SIZE(wants); i++) {
		struct fact_want w = wants[i];

		w.file = "sos_commands/kernel/sysctl_-a";
		check_fact_want(&h, &w, "sysctl -a");
	}
	assert_string_equal(fact_get(&h.facts, "sysctl.vm.min_free_kbytes")->unit, "kB");
	assert_string_equal(fact_get(&h.facts, "sysctl.vm.dirty_ratio")->unit, "percent");
	assert_string_equal(fact_get(&h.facts, "sysctl.abi.vsyscall32")->unit, "");
	assert_int_equal(count_prefix(&h, "sysctl."), ARRAY_SIZE(wants));
	check_diags(&h, 0, 0);
	harness_release(&h);
}

static void test_sysctl_a_broken(void **state)
{
	static const char errors[] = "sysctl: unable to open directory \"/proc/sys/fs/binfmt_misc/\"\n"
				     "error: permission denied on key 'net.ipv4.route.flush'\n";
	static const char buf[] =
		"bash: line 1: sysctl: command not found\n"             /* 1: junk */
		"vm.swappiness = 99999999999999999999\n"                /* 2: overflow */
		"vm.overcommit_ratio = -99999999999999999999\n"         /* 3: overflow */
		"vm.nul = 1\0 2\n"                                      /* 4: NUL */
		"foo bar = 1\n"                                         /* 5: blank in key */
		" = 5\n"                                                /* 6: no key */
		"vm.overcommit_memory =\n"                              /* 7: empty, trimmed */
		"\0\0\0\n"                                              /* 8: NULs */
		"vm.swappiness = 60\n"                                  /* 9: kept: the overflow set nothing */
		"vm.dirty_rat";                                         /* 10: truncated */
	static const unsigned warned[] = { 1, 2, 3, 4, 5, 6, 8, 10 };
	struct harness h;
	size_t i;

	(void)state;
	harness_run(&h, &in_sysctl, "sos_commands/kernel/sysctl_-a", buf, sizeof(buf) - 1);
	assert_int_equal(h.ret, 0);
	assert_int_equal(fact_int(&h, "sysctl.vm.swappiness"), 60);
	assert_int_equal(fact_line(&h, "sysctl.vm.swappiness"), 9);
	assert_null(fact_get(&h.facts, "sysctl.vm.overcommit_ratio"));
	assert_null(fact_get(&h.facts, "sysctl.vm.nul"));
	assert_string_equal(fact_str(&h, "sysctl.vm.overcommit_memory"), "");
	check_diags(&h, ARRAY_SIZE(warned), 0);
	for (i = 0; i < ARRAY_SIZE(warned); i++)
		assert_int_equal(h.diag.msgs[i].line, warned[i]);
	harness_release(&h);

	/* nothing usable: empty, and only sysctl's own error lines (no warning for those) */
	harness_run(&h, &in_sysctl, "sos_commands/kernel/sysctl_-a", "", 0);
	assert_int_equal(h.ret, -1);
	harness_release(&h);
	harness_run(&h, &in_sysctl, "sos_commands/kernel/sysctl_-a", errors, sizeof(errors) - 1);
	assert_int_equal(h.ret, -1);
	check_diags(&h, 0, 0);
	harness_release(&h);
}

/* ---- proc/sys/vm files --------------------------------------------------- */

static void test_vm_files(void **state)
{
	static const struct {
		const char *file, *buf;
		size_t len;
		int ret;
		const char *s;      /* expected string, or NULL */
		int64_t i;          /* expected integer when s is NULL and ret is 0 */
		size_t diags;
	} cases[] = {
		{ .file = "page-cluster", .buf = "3\n", .len = 2, .i = 3 },
		{ .file = "swappiness", .buf = "60", .len = 2, .i = 60 },
		{ .file = "dirty_ratio", .buf = "20\r\n", .len = 4, .i = 20 },
		{ .file = "lowmem_reserve_ratio", .buf = "256\t256\t32\t0\t0\n", .len = 15, .s = "256 256 32 0 0" },
		{ .file = "numa_zonelist_order", .buf = "Node\n", .len = 5, .s = "Node" },
		{ .file = "compact_memory", .buf = "", .len = 0, .ret = -1 },
		{ .file = "stat_refresh", .buf = "\n", .len = 1, .ret = -1 },
		{ .file = "min_free_kbytes", .buf = "67584\n1\n", .len = 8, .i = 67584, .diags = 1 },
		{ .file = "nr_hugepages", .buf = "99999999999999999999\n", .len = 21, .ret = -1, .diags = 1 },
		{ .file = "max_map_count", .buf = "65\0" "530\n", .len = 7, .ret = -1, .diags = 1 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		char rel[128], name[128];
		const struct fact *f;
		struct harness h;

		snprintf(rel, sizeof(rel), "proc/sys/vm/%s", cases[i].file);
		snprintf(name, sizeof(name), "sysctl.vm.%s", cases[i].file);
		harness_run(&h, &in_sysctl, rel, cases[i].buf, cases[i].len);
		f = fact_get(&h.facts, name);
		if (h.ret != cases[i].ret || !f != (cases[i].ret < 0)) {
			print_message("case %zu (%s): ret %d, fact %s\n", i, rel, h.ret, f ? "set" : "absent");
			fail();
		}
		if (!cases[i].ret)
			check_fact_want(&h, &(struct fact_want){ .fact = name, .str = cases[i].s, .value = cases[i].i, .file = rel, .line = 1 }, rel);
		check_diags(&h, cases[i].diags, i);
		harness_release(&h);
	}
}

/* ---- sysctl corpus ------------------------------------------------------ */

static void test_sysctl_corpus(void **state)
{
	static const char *const files[] = {
		"snapshots/sysctl/rhcos-4.2-hyperv.sysctl_-a",
		RHCOS "sos_commands/kernel/sysctl_-a",
	};
	static const struct fact_want wants[] = {
		{ .fact = "sysctl.vm.dirty_ratio", .value = 20, .line = 967 },
		{ .fact = "sysctl.vm.lowmem_reserve_ratio", .str = "256 256 32 0 0", .line = 975 },
		{ .fact = "sysctl.vm.min_free_kbytes", .value = 67584, .line = 979 },
		{ .fact = "sysctl.vm.overcommit_memory", .value = 1, .line = 993 },
		{ .fact = "sysctl.vm.numa_zonelist_order", .str = "Node", .line = 989 },
		{ .fact = "sysctl.vm.zone_reclaim_mode", .line = 1003 },
		{ .fact = "sysctl.dev.cdrom.info", .str = "CD-ROM information, Id: cdrom.c 3.20 2003/12/17", .line = 9 },
		{ .fact = "sysctl.net.ipv4.ip_local_reserved_ports", .str = "", .line = 434 },
		{ .fact = "sysctl.sunrpc.transports", .str = "tcp 1048576", .line = 945 },
		{ .fact = "sysctl.kernel.shmmax", .str = "18446744073692774399", .line = 227 },
		{ .fact = "sysctl.kernel.msg_next_id", .value = -1, .line = 131 },
		{ .fact = "sysctl.kernel.watchdog_cpumask", .str = "0-1", .line = 246 },
		{ .fact = "sysctl.fs.inotify.max_user_watches", .value = 65536, .line = 53 },
		{ .fact = "sysctl.net.ipv4.ip_forward", .value = 1, .line = 431 },
	};
	size_t k, len;

	(void)state;
	for (k = 0; k < ARRAY_SIZE(files); k++) {
		char *buf = corpus_read(files[k], &len);
		struct harness h;

		if (!buf)
			continue;
		harness_run(&h, &in_sysctl, "sos_commands/kernel/sysctl_-a", buf, len);
		assert_int_equal(h.ret, 0);
		check_fact_wants(&h, wants, ARRAY_SIZE(wants), files[k]);
		/* 1003 lines: one "sysctl: unable to open directory" line, 27 repeated keys */
		assert_int_equal(count_prefix(&h, "sysctl."), 975);
		check_diags(&h, 0, k);
		harness_release(&h);
		free(buf);
	}
	corpus_skip_if_absent();
}

static bool not_hidden(const char *name)
{
	return name[0] != '.';
}

/* The file names of a corpus directory, sorted; false when the corpus is absent. */
static bool corpus_list(const char *rel, struct dir_names *dn)
{
	char path[512];

	if (dir_names_read(dn, corpus_path(path, sizeof(path), rel), not_hidden)) {
		corpus_note_absent(path);
		return false;
	}
	return true;
}

/*
 * Every proc/sys/vm file of a tree: each gives the value sysctl -a printed
 * for the same key (when there is a sysctl -a), except the empty triggers.
 */
static void check_vm_dir(const char *dir, const struct harness *all, size_t want_files,
			 size_t want_empty)
{
	size_t i, len = 0, empty = 0;
	struct dir_names dn;

	if (!corpus_list(dir, &dn))
		return;
	assert_int_equal(dn.nr, want_files);
	for (i = 0; i < dn.nr; i++) {
		char file[256], rel[128], name[128];
		const struct fact *mine, *theirs;
		struct harness h;
		char *buf;

		snprintf(file, sizeof(file), "%s/%s", dir, dn.at[i]);
		snprintf(rel, sizeof(rel), "proc/sys/vm/%s", dn.at[i]);
		snprintf(name, sizeof(name), "sysctl.vm.%s", dn.at[i]);
		buf = corpus_read(file, &len);
		assert_non_null(buf);
		harness_run(&h, &in_sysctl, rel, buf, len);
		check_diags(&h, 0, i);
		mine = fact_get(&h.facts, name);
		if (!len) {
			assert_int_equal(h.ret, -1);
			assert_null(mine);
			empty++;
		} else {
			assert_int_equal(h.ret, 0);
			assert_non_null(mine);
			assert_int_equal(mine->src.line, 1);
			theirs = all ? fact_get(&all->facts, name) : NULL;
			if (all && (!theirs || theirs->type != mine->type || theirs->i != mine->i ||
				    (mine->type == FACT_STR && strcmp(mine->s, theirs->s)))) {
				print_message("%s disagrees with sysctl -a\n", rel);
				fail();
			}
		}
		harness_release(&h);
		free(buf);
	}
	dir_names_release(&dn);
	assert_int_equal(empty, want_empty);
}

static void test_vm_corpus(void **state)
{
	static const struct {
		const char *dir, *file, *s;
		int64_t i;
	} cases[] = {
		{ RHCOS "proc/sys/vm", "swappiness", NULL, 60 },
		{ RHCOS "proc/sys/vm", "overcommit_memory", NULL, 1 },
		{ RHCOS "proc/sys/vm", "page-cluster", NULL, 3 },
		{ RHCOS "proc/sys/vm", "lowmem_reserve_ratio", "256 256 32 0 0", 0 },
		{ "snapshots/proc_sys_vm/prometheus-procfs", "laptop_mode", NULL, 5 },
		{ "snapshots/proc_sys_vm/prometheus-procfs", "watermark_boost_factor", NULL, 15000 },
		{ "snapshots/proc_sys_vm/prometheus-procfs", "mmap_min_addr", NULL, 65536 },
		{ "snapshots/proc_sys_vm/prometheus-procfs", "numa_zonelist_order", "Node", 0 },
		{ "snapshots/proc_sys_vm/prometheus-procfs", "user_reserve_kbytes", NULL, 131072 },
	};
	struct harness all;
	size_t i, len;
	char *buf;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		char file[256], rel[128], name[128];
		struct harness h;

		snprintf(file, sizeof(file), "%s/%s", cases[i].dir, cases[i].file);
		snprintf(rel, sizeof(rel), "proc/sys/vm/%s", cases[i].file);
		snprintf(name, sizeof(name), "sysctl.vm.%s", cases[i].file);
		buf = corpus_read(file, &len);
		if (!buf)
			continue;
		harness_run(&h, &in_sysctl, rel, buf, len);
		assert_int_equal(h.ret, 0);
		check_fact_want(&h, &(struct fact_want){ .fact = name, .str = cases[i].s, .value = cases[i].i, .file = rel, .line = 1 }, file);
		harness_release(&h);
		free(buf);
	}

	/* rhcos has both: every file agrees with its sysctl -a */
	buf = corpus_read(RHCOS "sos_commands/kernel/sysctl_-a", &len);
	if (buf) {
		harness_run(&all, &in_sysctl, "sos_commands/kernel/sysctl_-a", buf, len);
		check_vm_dir(RHCOS "proc/sys/vm", &all, 46, 2);
		harness_release(&all);
		free(buf);
	}
	check_vm_dir("snapshots/proc_sys_vm/prometheus-procfs", NULL, 43, 0);
	corpus_skip_if_absent();
}

/* ---- sysctl.conf / sysctl.d --------------------------------------------- */

static void test_conf_syntax(void **state)
{
	static const char buf[] =
		"# sysctl settings are defined through files in\n"      /* 1 */
		"; an old-style comment\n"                              /* 2 */
		"\n"                                                    /* 3 */
		"vm.swappiness=10\n"                                    /* 4 */
		"  vm.dirty_ratio = 15  \r\n"                           /* 5 */
		"kernel/sysrq = 16\n"                                   /* 6 */
		"-net.ipv4.conf.all.promote_secondaries = 1\n"          /* 7 */
		"net.ipv4.tcp_rmem = 4096  87380\t16777216\n"           /* 8 */
		"kernel.core_pattern = |/usr/lib/systemd/systemd-coredump %P %u\n" /* 9 */
		"this line is junk\n"                                   /* 10 */
		"= 5\n"                                                 /* 11 */
		"vm.min_free_kbytes = 99999999999999999999\n"           /* 12 */
		"vm.swappiness = 1\n"                                   /* 13 */
		"vm.overcommit_memory = 2";                             /* 14 */
	static const struct fact_want wants[] = {
		{ .fact = "sysctl_conf.vm.swappiness", .value = 1, .file = "etc/sysctl.conf", .line = 13 },
		{ .fact = "sysctl_conf.vm.swappiness.overridden", .value = 1, .file = "etc/sysctl.conf", .line = 13 },
		{ .fact = "sysctl_conf.vm.dirty_ratio", .value = 15, .line = 5 },
		{ .fact = "sysctl_conf.kernel.sysrq", .value = 16, .line = 6 },
		{ .fact = "sysctl_conf.net.ipv4.conf.all.promote_secondaries", .value = 1, .line = 7 },
		{ .fact = "sysctl_conf.net.ipv4.tcp_rmem", .str = "4096 87380 16777216", .line = 8 },
		{ .fact = "sysctl_conf.kernel.core_pattern", .str = "|/usr/lib/systemd/systemd-coredump %P %u", .line = 9 },
		{ .fact = "sysctl_conf.vm.overcommit_memory", .value = 2, .line = 14 },
	};
	static const unsigned warned[] = { 10, 11, 12 };
	struct harness h;
	size_t i;

	(void)state;
	harness_run(&h, &in_sysctl_conf, "etc/sysctl.conf", buf, sizeof(buf) - 1);
	check_fact_wants(&h, wants, ARRAY_SIZE(wants), "etc/sysctl.conf");
	assert_string_equal(fact_get(&h.facts, "sysctl_conf.vm.dirty_ratio")->unit, "percent");
	assert_null(fact_get(&h.facts, "sysctl_conf.vm.min_free_kbytes"));
	assert_null(fact_get(&h.facts, "sysctl_conf.vm.dirty_ratio.overridden"));
	check_diags(&h, ARRAY_SIZE(warned), 0);
	for (i = 0; i < ARRAY_SIZE(warned); i++)
		assert_int_equal(h.diag.msgs[i].line, warned[i]);
	harness_release(&h);

	/* empty, NULs, the link text alone: nothing, and nothing to say */
	harness_run(&h, &in_sysctl_conf, "etc/sysctl.conf", "", 0);
	assert_int_equal(count_prefix(&h, "sysctl_conf."), 0);
	harness_release(&h);
	harness_run(&h, &in_sysctl_conf, "etc/sysctl.d/99-sysctl.conf", "../sysctl.conf", 14);
	assert_int_equal(count_prefix(&h, "sysctl_conf."), 0);
	check_diags(&h, 0, 0);
	harness_release(&h);
	harness_run(&h, &in_sysctl_conf, "etc/sysctl.d/x.conf", "vm.a = \0\0\nvm.b = 2\n", 19);
	assert_null(fact_get(&h.facts, "sysctl_conf.vm.a"));
	assert_int_equal(fact_int(&h, "sysctl_conf.vm.b"), 2);
	check_diags(&h, 1, 0);
	harness_release(&h);
}

/*
 * systemd-sysctl's order: basenames sorted across directories, the earlier
 * directory masking the same basename, etc/sysctl.conf last.  The files are
 * handed over in two different orders: the result must not change.
 */
static const struct text_file order_files[] = {
	{ "etc/sysctl.conf", "vm.swappiness = 5\n" },
	{ "lib/sysctl.d/50-default.conf", "kernel.sysrq = 99\nvm.swappiness = 99\n" },
	{ "usr/lib/sysctl.d/50-default.conf",
	  "kernel.sysrq = 16\nnet.ipv4.conf.all.rp_filter = 2\nvm.swappiness = 30\n" },
	{ "lib/sysctl.d/10-early.conf", "vm.swappiness = 10\nvm.dirty_ratio = 15\n" },
	{ "run/sysctl.d/60-run.conf", "# written at boot\nvm.dirty_ratio = 25\n" },
	{ "etc/sysctl.d/99-sysctl.conf", "../sysctl.conf\n" },
	{ "usr/lib/sysctl.d/99-sysctl.conf", "vm.swappiness = 77\n" },
	{ "etc/sysctl.d/70-vendor.conf", "/dev/null" },
	{ "usr/lib/sysctl.d/70-vendor.conf", "vm.overcommit_memory = 2\n" },
	{ "usr/local/lib/sysctl.d/80-local.conf", "vm.swappiness = 40\n" },
	{ NULL, NULL },
};

static const struct fact_want order_wants[] = {
	{ .fact = "sysctl_conf.vm.swappiness", .value = 5, .file = "etc/sysctl.conf", .line = 1 },
	/* 10-early, 50-default (usr/lib), 80-local; not lib's 50-default nor 99-sysctl */
	{ .fact = "sysctl_conf.vm.swappiness.overridden", .value = 3, .file = "etc/sysctl.conf", .line = 1 },
	{ .fact = "sysctl_conf.kernel.sysrq", .value = 16, .file = "usr/lib/sysctl.d/50-default.conf", .line = 1 },
	{ .fact = "sysctl_conf.net.ipv4.conf.all.rp_filter", .value = 2, .file = "usr/lib/sysctl.d/50-default.conf", .line = 2 },
	{ .fact = "sysctl_conf.vm.dirty_ratio", .value = 25, .file = "run/sysctl.d/60-run.conf", .line = 2 },
	{ .fact = "sysctl_conf.vm.dirty_ratio.overridden", .value = 1, .file = "run/sysctl.d/60-run.conf", .line = 2 },
};

static void test_conf_order(void **state)
{
	struct text_file reversed[ARRAY_SIZE(order_files)];
	const struct text_file *runs[2] = { order_files, reversed };
	static const char *const run_names[2] = { "in order", "reversed" };
	size_t i, k, n = ARRAY_SIZE(order_files) - 1;

	(void)state;
	for (i = 0; i < n; i++)
		reversed[i] = order_files[n - 1 - i];
	reversed[n] = order_files[n];
	for (k = 0; k < ARRAY_SIZE(runs); k++) {
		struct harness h;

		run_held(&h, &in_sysctl_conf, runs[k]);
		check_fact_wants(&h, order_wants, ARRAY_SIZE(order_wants), run_names[k]);
		/* masked by etc/sysctl.d/70-vendor.conf -> /dev/null */
		assert_null(fact_get(&h.facts, "sysctl_conf.vm.overcommit_memory"));
		assert_null(fact_get(&h.facts, "sysctl_conf.kernel.sysrq.overridden"));
		assert_int_equal(count_prefix(&h, "sysctl_conf."), ARRAY_SIZE(order_wants));
		check_diags(&h, 0, k);
		harness_release(&h);
	}
}

/* 99-sysctl.conf dereferenced into a copy of sysctl.conf: applied once, last. */
static void test_conf_dereferenced_link(void **state)
{
	static const struct text_file files[] = {
		{ "etc/sysctl.d/99-sysctl.conf", "vm.swappiness = 5\nvm.panic_on_oom = 1\n" },
		{ "etc/sysctl.d/50-tune.conf", "vm.swappiness = 20\n" },
		{ "etc/sysctl.conf", "vm.swappiness = 5\nvm.panic_on_oom = 1\n" },
		{ NULL, NULL },
	};
	static const struct fact_want link_wants[] = {
		{ .fact = "sysctl_conf.vm.swappiness", .value = 5, .file = "etc/sysctl.conf", .line = 1 },
		{ .fact = "sysctl_conf.vm.swappiness.overridden", .value = 1 },
		{ .fact = "sysctl_conf.vm.panic_on_oom", .value = 1, .file = "etc/sysctl.conf", .line = 2 },
		{ .fact = "sysctl_conf.vm.panic_on_oom.overridden", .absent = true },
	};
	struct harness h;

	(void)state;
	run_held(&h, &in_sysctl_conf, files);
	check_fact_wants(&h, link_wants, ARRAY_SIZE(link_wants), "dereferenced link");
	check_diags(&h, 0, 0);
	harness_release(&h);
}

static void test_conf_corpus(void **state)
{
	static const char *const rels[] = {
		"etc/sysctl.conf",
		"etc/sysctl.d/99-sysctl.conf",
		"etc/sysctl.d/forward.conf",
		"etc/sysctl.d/inotify.conf",
	};
	static const struct fact_want wants[] = {
		{ .fact = "sysctl_conf.net.ipv4.ip_forward", .value = 1, .file = "etc/sysctl.d/forward.conf", .line = 1 },
		{ .fact = "sysctl_conf.fs.inotify.max_user_watches", .value = 65536, .file = "etc/sysctl.d/inotify.conf", .line = 2 },
		{ .fact = "sysctl_conf.fs.inotify.max_user_instances", .value = 8192, .file = "etc/sysctl.d/inotify.conf", .line = 3 },
	};
	struct text_file files[ARRAY_SIZE(rels) + 1];
	char *bufs[ARRAY_SIZE(rels)];
	struct harness h;
	size_t i, len;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(rels); i++) {
		char path[256];

		snprintf(path, sizeof(path), RHCOS "%s", rels[i]);
		bufs[i] = corpus_read(path, &len);
		if (!bufs[i]) {
			while (i--)
				free(bufs[i]);
			skip();
			return;
		}
		files[i] = (struct text_file){ rels[i], bufs[i] };
	}
	files[ARRAY_SIZE(rels)] = (struct text_file){ NULL, NULL };
	run_held(&h, &in_sysctl_conf, files);
	check_fact_wants(&h, wants, ARRAY_SIZE(wants), "rhcos");
	/* sysctl.conf is all comments; 99-sysctl.conf is the 14-byte link text */
	assert_int_equal(count_prefix(&h, "sysctl_conf."), ARRAY_SIZE(wants));
	check_diags(&h, 0, 0);
	harness_release(&h);
	for (i = 0; i < ARRAY_SIZE(rels); i++) {
		/* each alone, as the harness hands it over */
		harness_run(&h, &in_sysctl_conf, rels[i], bufs[i], strlen(bufs[i]));
		check_diags(&h, 0, i);
		harness_release(&h);
		free(bufs[i]);
	}
}

/* ---- tuned -------------------------------------------------------------- */

/* After tuned's stock profiles (RHEL 7 virtual-guest, throughput-performance). */
#define THROUGHPUT_PERFORMANCE                                                 \
	"#\n# tuned configuration\n#\n\n"                  /* 1-4 */            \
	"[main]\n"                                         /* 5 */              \
	"summary=Broadly applicable tuning that provides excellent performance\n" \
	"\n"                                               /* 7 */              \
	"[cpu]\n"                                          /* 8 */              \
	"governor=performance\n"                           /* 9 */              \
	"energy_perf_bias=performance\n"                   /* 10 */             \
	"min_perf_pct=100\n"                               /* 11 */             \
	"\n"                                               /* 12 */             \
	"[vm]\n"                                           /* 13 */             \
	"transparent_hugepages=always\n"                   /* 14 */             \
	"\n"                                               /* 15 */             \
	"[sysctl]\n"                                       /* 16 */             \
	"kernel.sched_min_granularity_ns = 10000000\n"     /* 17 */             \
	"kernel.sched_wakeup_granularity_ns = 15000000\n"  /* 18 */             \
	"vm.dirty_ratio = 40\n"                            /* 19 */             \
	"vm.dirty_background_ratio = 10\n"                 /* 20 */             \
	"vm.swappiness=10\n"                               /* 21 */

#define VIRTUAL_GUEST                                                          \
	"#\n# tuned configuration\n#\n\n"                  /* 1-4 */            \
	"[main]\n"                                         /* 5 */              \
	"summary=Optimize for running inside a virtual guest\n"                  \
	"include=throughput-performance\n"                 /* 7 */              \
	"\n"                                               /* 8 */              \
	"[sysctl]\n"                                       /* 9 */              \
	"# If a workload mostly uses anonymous memory and it hits this limit, the entire\n" \
	"# working set is buffered for I/O, and any more write buffering would require\n" \
	"# swapping, so it's time to throttle writes until I/O can catch up.  Trying to\n" \
	"# cache more and more would harm latency.\n"      /* 10-13 */          \
	"vm.dirty_ratio = 30\n"                            /* 14 */             \
	"\n"                                               /* 15 */             \
	"# Filesystem I/O is usually much more efficient than swapping, so try to keep\n" \
	"# swapping low.\n"                                /* 16-17 */          \
	"vm.swappiness = 30\n"                             /* 18 */

#define BALANCED "[main]\nsummary=General non-specialized tuned profile\n[sysctl]\nvm.swappiness = 99\n"

#define TP "usr/lib/tuned/throughput-performance/tuned.conf"
#define VG "usr/lib/tuned/virtual-guest/tuned.conf"

struct tuned_case {
	const char *what;
	struct text_file files[8];
	struct fact_want wants[12];
	size_t diags;
};

static const struct tuned_case tuned_cases[] = {
	{ "virtual-guest includes throughput-performance",
	  { { "etc/tuned/active_profile", "virtual-guest\n" },
	    { "etc/tuned/profile_mode", "manual\n" },
	    { "usr/lib/tuned/balanced/tuned.conf", BALANCED },
	    { VG, VIRTUAL_GUEST },
	    { TP, THROUGHPUT_PERFORMANCE } },
	  { { .fact = "tuned.profile", .str = "virtual-guest", .file = "etc/tuned/active_profile", .line = 1 },
	    { .fact = "tuned.profiles", .str = "virtual-guest", .file = "etc/tuned/active_profile", .line = 1 },
	    { .fact = "tuned.profile_mode", .str = "manual", .file = "etc/tuned/profile_mode", .line = 1 },
	    { .fact = "tuned.sysctl.vm.dirty_ratio", .value = 30, .file = VG, .line = 14 },
	    { .fact = "tuned.sysctl.vm.swappiness", .value = 30, .file = VG, .line = 18 },
	    { .fact = "tuned.sysctl.vm.dirty_background_ratio", .value = 10, .file = TP, .line = 20 },
	    { .fact = "tuned.sysctl.kernel.sched_min_granularity_ns", .value = 10000000, .file = TP, .line = 17 },
	    { .fact = "tuned.sysctl.transparent_hugepages", .absent = true },
	    { .fact = "tuned.sysctl.governor", .absent = true } }, 0 },
	{ "etc/tuned/<name> replaces the stock file of the same name",
	  { { "etc/tuned/active_profile", "virtual-guest" },
	    { VG, VIRTUAL_GUEST },
	    { "etc/tuned/virtual-guest/tuned.conf", "[main]\ninclude=throughput-performance\n[sysctl]\nvm.swappiness=5\n" },
	    { TP, THROUGHPUT_PERFORMANCE } },
	  { { .fact = "tuned.sysctl.vm.swappiness", .value = 5, .file = "etc/tuned/virtual-guest/tuned.conf", .line = 4 },
	    { .fact = "tuned.sysctl.vm.dirty_ratio", .value = 40, .file = TP, .line = 19 } }, 0 },
	{ "etc/tuned/<name> extends the stock profile by including its own name",
	  { { "etc/tuned/active_profile", "virtual-guest\n" },
	    { "etc/tuned/virtual-guest/tuned.conf", "[main]\ninclude = virtual-guest\n\n[sysctl]\nvm.swappiness = 1\n" },
	    { VG, VIRTUAL_GUEST },
	    { TP, THROUGHPUT_PERFORMANCE } },
	  { { .fact = "tuned.sysctl.vm.swappiness", .value = 1, .file = "etc/tuned/virtual-guest/tuned.conf", .line = 5 },
	    { .fact = "tuned.sysctl.vm.dirty_ratio", .value = 30, .file = VG, .line = 14 },
	    { .fact = "tuned.sysctl.vm.dirty_background_ratio", .value = 10, .file = TP, .line = 20 } }, 0 },
	{ "several active profiles, expressions, inline comments",
	  { { "etc/tuned/active_profile", "virtual-guest   my-tweaks\r\n" },
	    { "etc/tuned/my-tweaks/tuned.conf",
	      "[sysctl]\n"
	      "vm.dirty_ratio = 5   # keep it low\n"
	      "vm.min_free_kbytes = >135168\n"
	      "kernel.sched_domain_mask = ${f:cpulist2hex:${isolated_cores}}\n"
	      "net/ipv4/tcp_rmem = 4096   87380  16777216\n"
	      "enabled = true\n" },
	    { VG, VIRTUAL_GUEST },
	    { TP, THROUGHPUT_PERFORMANCE } },
	  { { .fact = "tuned.profile", .str = "my-tweaks", .line = 1 },
	    { .fact = "tuned.profiles", .str = "virtual-guest my-tweaks", .line = 1 },
	    { .fact = "tuned.sysctl.vm.dirty_ratio", .value = 5, .file = "etc/tuned/my-tweaks/tuned.conf", .line = 2 },
	    { .fact = "tuned.sysctl.vm.min_free_kbytes", .str = ">135168", .line = 3 },
	    { .fact = "tuned.sysctl.kernel.sched_domain_mask", .str = "${f:cpulist2hex:${isolated_cores}}", .line = 4 },
	    { .fact = "tuned.sysctl.net.ipv4.tcp_rmem", .str = "4096 87380 16777216", .line = 5 },
	    { .fact = "tuned.sysctl.vm.swappiness", .value = 30, .file = VG, .line = 18 },
	    { .fact = "tuned.sysctl.enabled", .absent = true } }, 0 },
	{ "replace=true drops what the included profiles set",
	  { { "etc/tuned/active_profile", "my-db\n" },
	    { "etc/tuned/my-db/tuned.conf",
	      "[main]\ninclude=throughput-performance\n[sysctl]\nvm.swappiness = 1\nreplace=true\n" },
	    { TP, THROUGHPUT_PERFORMANCE } },
	  { { .fact = "tuned.sysctl.vm.swappiness", .value = 1, .line = 4 },
	    { .fact = "tuned.sysctl.vm.dirty_ratio", .absent = true },
	    { .fact = "tuned.sysctl.kernel.sched_min_granularity_ns", .absent = true } }, 0 },
	{ "enabled=false turns the sysctl plugin off",
	  { { "etc/tuned/active_profile", "quiet\n" },
	    { "etc/tuned/quiet/tuned.conf", "[main]\ninclude=throughput-performance\n[sysctl]\nenabled=false\n" },
	    { TP, THROUGHPUT_PERFORMANCE } },
	  { { .fact = "tuned.profile", .str = "quiet", .line = 1 },
	    { .fact = "tuned.sysctl.vm.dirty_ratio", .absent = true },
	    { .fact = "tuned.sysctl.vm.swappiness", .absent = true } }, 0 },
	{ "tuned 2.24 layout, an include cycle, junk lines",
	  { { "etc/tuned/active_profile", "a\n" },
	    { "usr/lib/tuned/profiles/a/tuned.conf", "[main]\ninclude=b\n[sysctl]\nvm.swappiness = 20\n" },
	    { "etc/tuned/profiles/b/tuned.conf",
	      "[main]\ninclude=a, missing-profile\n[sysctl]\nvm.swappiness = 40\nvm.dirty_ratio 7\n"
	      "vm.overcommit_memory = 1\n" } },
	  { { .fact = "tuned.sysctl.vm.swappiness", .value = 20, .file = "usr/lib/tuned/profiles/a/tuned.conf", .line = 4 },
	    { .fact = "tuned.sysctl.vm.overcommit_memory", .value = 1, .file = "etc/tuned/profiles/b/tuned.conf", .line = 6 },
	    { .fact = "tuned.sysctl.vm.dirty_ratio", .absent = true } }, 1 },
	{ "no active profile: nothing, even with profiles present",
	  { { "etc/tuned/active_profile", "\n" },
	    { TP, THROUGHPUT_PERFORMANCE } },
	  { { .fact = "tuned.profile", .absent = true },
	    { .fact = "tuned.profiles", .absent = true },
	    { .fact = "tuned.sysctl.vm.dirty_ratio", .absent = true } }, 0 },
};

static void test_tuned(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(tuned_cases); i++) {
		const struct tuned_case *c = &tuned_cases[i];
		struct harness h;

		run_held(&h, &in_tuned, c->files);
		check_fact_wants(&h, c->wants, ARRAY_SIZE(c->wants), c->what);
		check_diags(&h, c->diags, i);
		harness_release(&h);
	}
}

/* Each file alone, as harness_run() hands it over. */
static void test_tuned_single(void **state)
{
	struct harness h;

	(void)state;
	harness_run(&h, &in_tuned, "etc/tuned/active_profile", "throughput-performance\n", 23);
	assert_string_equal(fact_str(&h, "tuned.profile"), "throughput-performance");
	assert_int_equal(fact_line(&h, "tuned.profile"), 1);
	assert_int_equal(count_prefix(&h, "tuned.sysctl."), 0);
	harness_release(&h);

	harness_run(&h, &in_tuned, TP, THROUGHPUT_PERFORMANCE, strlen(THROUGHPUT_PERFORMANCE));
	assert_int_equal(count_prefix(&h, "tuned."), 0);    /* no active profile */
	check_diags(&h, 0, 0);
	harness_release(&h);

	harness_run(&h, &in_tuned, "etc/tuned/active_profile", "", 0);
	assert_int_equal(count_prefix(&h, "tuned."), 0);
	harness_release(&h);

	harness_run(&h, &in_tuned, "etc/tuned/active_profile", "virt\0al-guest\n", 14);
	assert_int_equal(count_prefix(&h, "tuned."), 0);
	harness_release(&h);

	harness_run(&h, &in_tuned, "etc/tuned/profile_mode", "auto\n", 5);
	assert_string_equal(fact_str(&h, "tuned.profile_mode"), "auto");
	harness_release(&h);
}

/* NUL bytes and CRLF in a profile: the damaged lines are named, the rest is used. */
static void test_tuned_damaged(void **state)
{
	static char active[] = "b\r\n";
	static char conf[] = "[sysctl]\r\nvm.swappiness = 40\r\n\0\0\r\nvm.dirty_ratio = 1\0\r\n"
			     "vm.overcommit_memory = 99999999999999999999\nvm.panic_on_oom = 1";
	struct held_file held[] = {
		{ "etc/tuned/b/tuned.conf", NULL, conf, sizeof(conf) - 1, 0 },
		{ "etc/tuned/active_profile", NULL, active, sizeof(active) - 1, 0 },
	};
	struct harness h;

	(void)state;
	run_held_files(&h, &in_tuned, held, ARRAY_SIZE(held));
	assert_string_equal(fact_str(&h, "tuned.profile"), "b");
	assert_int_equal(fact_int(&h, "tuned.sysctl.vm.swappiness"), 40);
	assert_int_equal(fact_line(&h, "tuned.sysctl.vm.panic_on_oom"), 6);
	assert_null(fact_get(&h.facts, "tuned.sysctl.vm.dirty_ratio"));
	assert_null(fact_get(&h.facts, "tuned.sysctl.vm.overcommit_memory"));
	check_diags(&h, 3, 0);
	assert_int_equal(h.diag.msgs[0].line, 3);
	harness_release(&h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sysctl_a),
		cmocka_unit_test(test_sysctl_a_broken),
		cmocka_unit_test(test_vm_files),
		cmocka_unit_test(test_sysctl_corpus),
		cmocka_unit_test(test_vm_corpus),
		cmocka_unit_test(test_conf_syntax),
		cmocka_unit_test(test_conf_order),
		cmocka_unit_test(test_conf_dereferenced_link),
		cmocka_unit_test(test_conf_corpus),
		cmocka_unit_test(test_tuned),
		cmocka_unit_test(test_tuned_single),
		cmocka_unit_test(test_tuned_damaged),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
