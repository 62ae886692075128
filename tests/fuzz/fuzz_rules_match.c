/*
 * libFuzzer: a rule file, loaded and then run as memtriage runs it.  The
 * bytes are one YAML rule file (a site's when the first byte is odd), loaded
 * after the shipped vocabularies it may name (rules/causes.yaml and
 * rules/knobs.yaml, read from the current directory, the repository's top,
 * as `make fuzz` runs it).  When it loads without error it is run as run.c
 * runs rules (analysis.h: the engine's matcher of its log regexes handed to
 * the log scan, the model, every rule on every host) over a fixed log: an
 * OOM report of RHEL 6 and the lines of RHEL 8 for one, systemd,
 * systemd-oomd and earlyoom killing for memory, a journal record, the NULs
 * a crash leaves; the JSON report goes to /dev/null.  So the matching code
 * sees whatever a rule's regex may be: capture groups, named or not and in
 * any number (earlyoom's "[" after 32 empty groups,
 * regress/fuzz_rules_match/many-groups.yaml), empty matches, lookbehind, \C.
 */
#include "analysis.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Lines as those kernels and daemons print them, a few of each report's kind left out. */
#define K6 "Jun 20 12:47:04 db1 kernel: [15180285.559177] "
#define K8 "Sep 29 08:12:34 db1 kernel: "
static const char log_text[] =
	K6 "php-fpm invoked oom-killer: gfp_mask=0x280da, order=0, oom_adj=0, oom_score_adj=0\n"
	K6 "php-fpm cpuset=/ mems_allowed=0\n"
	K6 "Pid: 23212, comm: php-fpm Not tainted 2.6.32-642.11.1.el6.x86_64 #1\n"
	K6 "Call Trace:\n"
	K6 " [<ffffffff81131420>] ? dump_header+0x90/0x1b0\n"
	K6 " [<ffffffff811318a2>] ? oom_kill_process+0x82/0x2a0\n"
	K6 " [<ffffffff81131ce0>] ? out_of_memory+0x220/0x3c0\n"
	K6 " [<ffffffff8113e6bc>] ? __alloc_pages_nodemask+0x93c/0x950\n"
	K6 "Mem-Info:\n"
	K6 "Node 0 DMA per-cpu:\n"
	K6 "CPU    0: hi:    0, btch:   1 usd:   0\n"
	K6 "active_anon:7343961 inactive_anon:556529 isolated_anon:0\n"
	K6 " active_file:304 inactive_file:144 isolated_file:317\n"
	K6 " unevictable:0 dirty:2 writeback:0 unstable:0\n"
	K6 " free:49825 slab_reclaimable:13213 slab_unreclaimable:44840\n"
	K6 " mapped:38195 shmem:52281 pagetables:124334 bounce:0\n"
	K6 "Node 0 Normal free:60780kB min:60824kB low:76028kB high:91236kB active_anon:27383520kB "
	"inactive_anon:1699708kB active_file:848kB inactive_file:868kB unevictable:0kB isolated(anon):0kB "
	"isolated(file):1268kB present:29734400kB mlocked:0kB dirty:8kB writeback:0kB mapped:152768kB "
	"shmem:209124kB slab_reclaimable:52192kB slab_unreclaimable:174880kB kernel_stack:14448kB "
	"pagetables:490128kB unstable:0kB bounce:0kB writeback_tmp:0kB pages_scanned:573 all_unreclaimable? no\n"
	K6 "lowmem_reserve[]: 0 0 0 0\n"
	K6 "Node 0 Normal: 15426*4kB 18*8kB 1*16kB 0*32kB 0*64kB 0*128kB 0*256kB 0*512kB 0*1024kB "
	"0*2048kB 0*4096kB = 61864kB\n"
	K6 "72485 total pagecache pages\n"
	K6 "Free swap  = 0kB\n"
	K6 "Total swap = 2097148kB\n"
	K6 "8388607 pages RAM\n"
	K6 "[ pid ]   uid  tgid total_vm      rss cpu oom_adj oom_score_adj name\n"
	K6 "[  788]     0   788     2671        1   7     -17         -1000 udevd\n"
	K6 "[ 2507]     0  2507    62464     1285   2       0             0 rsyslogd\n"
	K6 "[40738]    27 40738  1606079     3283   4       0             0 mysqld\n"
	K6 "Out of memory: Kill process 40738 (mysqld) score 16 or sacrifice child\n"
	K6 "Killed process 40738, UID 27, (mysqld) total-vm:6424316kB, anon-rss:13128kB, file-rss:4kB\n"
	"\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"
	K8 "in:imjournal invoked oom-killer: gfp_mask=0x6200ca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0\n"
	K8 "oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,"
	"task_memcg=/system.slice/varnish.service,task=cache-main,pid=3117813,uid=991\n"
	K8 "Out of memory: Killed process 3117813 (cache-main) total-vm:11705436kB, anon-rss:4805020kB, "
	"file-rss:53964kB, shmem-rss:0kB, UID:991 pgtables:21664kB oom_score_adj:0\n"
	"Sep 29 08:12:35 db1 systemd[1]: varnish.service: A process of this unit has been killed by the OOM killer.\n"
	"Sep 29 08:13:01 db1 systemd-oomd[1261]: Killed /system.slice/packagekit.service due to memory pressure "
	"for /system.slice being 91.73% > 50.00% for > 20s with reclaim activity\n"
	"Sep 29 08:14:02 db1 earlyoom[733]: low memory! at or below SIGTERM limits: mem 10.00%, swap 10.00%\n"
	"Sep 29 08:14:02 db1 earlyoom[733]: sending SIGTERM to process 2931 uid 1000 \"java\": badness 901, VmRSS 6123 MiB\n"
	"{\"__REALTIME_TIMESTAMP\":\"1709691462301877\",\"PRIORITY\":\"5\",\"SYSLOG_IDENTIFIER\":\"systemd\","
	"\"_PID\":\"1\",\"_TRANSPORT\":\"journal\",\"_HOSTNAME\":\"batch03\",\"UNIT\":\"batch-import.service\","
	"\"MESSAGE\":\"batch-import.service: A process of this unit has been killed by the OOM killer.\"}\n";

/* The shipped files that hold no rule but what rules name: the causes, the sysctl knobs. */
static const char *const vocabulary_paths[] = { "rules/causes.yaml", "rules/knobs.yaml" };

static char log_path[64];
static struct mt_env env;
static FILE *devnull;
static char *vocabulary[ARRAY_SIZE(vocabulary_paths)];

static void remove_log(void)
{
	unlink(log_path);
}

static char *read_or_die(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	size_t n;
	FILE *f = fopen(path, "r");

	if (!f) {
		fprintf(stderr, "fuzz_rules_match: cannot read %s: %s (run it from the repository's top)\n",
			path, strerror(errno));
		exit(1);
	}
	while ((n = fread(buf, 1, sizeof(buf), f)))
		strbuf_add(&sb, buf, n);
	fclose(f);
	return strbuf_detach(&sb);
}

static void release_vocabulary(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(vocabulary); i++)
		free(vocabulary[i]);
}

/* Once a process: the log on disk, the vocabularies, the environment read, the report's sink. */
static void setup(void)
{
	size_t i;
	int fd;

	snprintf(log_path, sizeof(log_path), "/tmp/memtriage-fuzz-rules-%d.log", (int)getpid());
	fd = open(log_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, log_text, sizeof(log_text) - 1) != (ssize_t)(sizeof(log_text) - 1))
		abort();
	close(fd);
	atexit(remove_log);
	for (i = 0; i < ARRAY_SIZE(vocabulary); i++)
		vocabulary[i] = read_or_die(vocabulary_paths[i]);
	atexit(release_vocabulary);
	/* a line the prefilter passes over that a regex would have matched stops the run: a crash */
	setenv("MEMTRIAGE_PREFILTER", "check", 0);
	mt_env_read(&env);
	input_setup(&env);
	devnull = fopen("/dev/null", "w");
	if (!devnull)
		abort();
}

/* The analysis of the log with the rules, and its JSON report, as run.c makes them. */
static void run(const struct ruleset *rs, struct diag *d)
{
	const char *paths[] = { log_path };
	const struct analysis_opts ao = { .paths = paths, .nr_paths = 1, .year = 2026, .env = &env };
	struct report_ctx ctx = { 0 };
	struct analysis a;

	analysis_run(&a, rs, &ao, d);
	analysis_report_ctx(&a, &ao, rs, d, &ctx);
	ctx.out = devnull;
	out_json.write(&ctx);
	analysis_release(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ruleset rs;
	struct diag d;
	size_t i, errors = 0;
	char *text;

	if (!size)
		return 0;
	if (!log_path[0])
		setup();
	text = xmalloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	ruleset_init(&rs);
	rs.no_jit = env.no_jit;
	diag_init(&d, NULL);
	for (i = 0; i < ARRAY_SIZE(vocabulary); i++)
		errors += ruleset_load_string(&rs, vocabulary_paths[i], vocabulary[i], false, &d);
	if (errors)
		abort(); /* the shipped files load: a fault of the loader, not of the input */
	/* memtriage analyzes nothing when the rules have errors */
	if (!ruleset_load_string(&rs, "fuzz.yaml", text, data[0] & 1, &d))
		run(&rs, &d);
	ruleset_release(&rs);
	diag_release(&d);
	free(text);
	return 0;
}
