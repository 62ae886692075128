/*
 * libFuzzer: a rule file, loaded and then run as memtriage runs it.  The
 * bytes are one YAML rule file (a site's when the first byte is odd); when
 * it loads without error, its log regexes go into the log pipeline over a
 * few fixed lines (an OOM report, systemd-oomd, earlyoom and other userspace
 * lines, a journal record, NULs), the model is finished, every rule is
 * judged on every host and the JSON report is written to /dev/null.  So the
 * matching code sees what a rule's regex may be: capture groups, named or
 * not and in any number, empty matches, lookbehind, \C.
 */
#include "engine/verdict.h"
#include "log/logscan.h"
#include "report/report.h"
#include "snapshot/snapshot.h"
#include "util/xalloc.h"

#include <fcntl.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define K "Jan  2 10:41:27 app01 kernel: [4001326.989039] "
static const char log_text[] =
	K "httpd invoked oom-killer: gfp_mask=0x280da, order=0, oom_adj=0, oom_score_adj=0\n"
	K "httpd cpuset=/ mems_allowed=0\n"
	K "Pid: 21788, comm: httpd Not tainted 2.6.32-754.35.1.el6.x86_64 #1\n"
	K "Call Trace:\n"
	K " [<ffffffff81134d40>] ? dump_header+0x90/0x1e0\n"
	K " [<ffffffff81135620>] ? out_of_memory+0x220/0x3c0\n"
	K "Mem-Info:\n"
	K "active_anon:536805 inactive_anon:134181 isolated_anon:32\n"
	K " active_file:30409 inactive_file:44196 isolated_file:0\n"
	K " unevictable:0 dirty:17543 writeback:9098 unstable:0\n"
	K " free:21009 slab_reclaimable:19896 slab_unreclaimable:14529\n"
	K " mapped:7226 shmem:738 pagetables:3790 bounce:0\n"
	K "Node 0 Normal free:16624kB min:16896kB low:21120kB high:25344kB active_anon:528816kB "
	"inactive_anon:132196kB present:1034240kB pages_scanned:0 all_unreclaimable? no\n"
	K "lowmem_reserve[]: 0 0 0 0\n"
	K "Node 0 Normal: 3808*4kB 170*8kB 0*16kB 1*32kB 0*64kB 0*128kB 0*256kB 0*512kB 0*1024kB "
	"0*2048kB 0*4096kB = 16624kB\n"
	K "77387 total pagecache pages\n"
	K "Free swap  = 1388kB\n"
	K "Total swap = 2097148kB\n"
	K "1048575 pages RAM\n"
	K "[ pid ]   uid  tgid total_vm      rss cpu oom_adj oom_score_adj name\n"
	K "[ 1127]     0  1127    62271     1488   1       0             0 rsyslogd\n"
	K "[21788]    48 21788   912304   602114   1       0             0 httpd\n"
	K "Out of memory: Kill process 21788 (httpd) score 313 or sacrifice child\n"
	K "Killed process 21788, UID 48, (httpd) total-vm:3649216kB, anon-rss:2408456kB, file-rss:0kB\n"
	"Jan  2 10:42:00 app01 systemd[1]: httpd.service: A process of this unit has been killed by the OOM killer.\n"
	"Jan  2 10:42:01 app01 systemd-oomd[612]: Killed /system.slice/httpd.service due to memory pressure\n"
	"Jan  2 10:42:02 app01 earlyoom[733]: low memory! at or below SIGTERM limits: mem 10.00%, swap  5.00%\n"
	"Jan  2 10:42:02 app01 earlyoom[733]: sending SIGTERM to process 21790 uid 48 \"httpd\": badness 900\n"
	"Jan  2 10:42:03 app01 kernel: [4001400.000001] eth0: link up, 1000 Mbps, full duplex\n"
	"Jan  2 10:42:04 app01 kernel: [4001401.000002] vmmemctl: balloon size 1078 MB, target 1150 MB\n"
	"Jan  2 10:42:05 app01 java[4242]: java.lang.OutOfMemoryError: Java heap space\n"
	"Jan  2 10:42:06 app01 12345\n"
	"Jan  2 10:42:07 app01 app[99]: a\0b NULs\0 in a line\n"
	"2026-01-02T10:42:08.000001+00:00 web01 kernel: [1018603.022769] Memory cgroup out of memory: "
	"Killed process 4711 (node) total-vm:1024kB, anon-rss:512kB, file-rss:0kB, shmem-rss:0kB, UID:0\n"
	"{\"__REALTIME_TIMESTAMP\":\"1709691462118342\",\"_HOSTNAME\":\"batch03\",\"SYSLOG_IDENTIFIER\":\"kernel\","
	"\"_TRANSPORT\":\"kernel\",\"PRIORITY\":\"4\",\"MESSAGE\":\"Out of memory: Killed process 77 (python3) "
	"total-vm:10kB, anon-rss:5kB, file-rss:0kB\"}\n"
	"{\"__REALTIME_TIMESTAMP\":\"1709691463118342\",\"_HOSTNAME\":\"batch03\",\"SYSLOG_IDENTIFIER\":\"earlyoom\","
	"\"MESSAGE\":\"sending SIGKILL to process 78 \\\"python3\\\"\"}\n";

static char path[64];

static void remove_log(void)
{
	unlink(path);
}

static const char *log_path(void)
{
	int fd;

	if (path[0])
		return path;
	snprintf(path, sizeof(path), "/tmp/memtriage-fuzz-rules-%d.log", (int)getpid());
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, log_text, sizeof(log_text) - 1) != (ssize_t)(sizeof(log_text) - 1))
		abort();
	close(fd);
	atexit(remove_log);
	/* a line the prefilter passes over that a regex would have matched stops the run: a crash */
	setenv("MEMTRIAGE_PREFILTER", "check", 0);
	return path;
}

static void run(struct ruleset *rs, struct diag *d, const char *path)
{
	struct logscan_opts lo = { rs->log_res, rs->log_pats, rs->nr_log_res, false, 0 };
	struct model_filter f = { 0 };
	struct report_ctx ctx = { 0 };
	struct verdict *verdicts;
	struct collector col;
	struct logscan ls;
	struct model m;
	size_t i, files;

	model_init(&m);
	logscan_init(&ls, &m, d, &lo);
	collector_init(&col, &m, d, &ls);
	m.year = 2026;
	model_add_unit(&m, path);
	files = input_walk(path, 0, &col.sink, d, NULL);
	collector_finish(&col);
	model_finish(&m, &f);
	verdicts = xcalloc(m.nr_hosts ? m.nr_hosts : 1, sizeof(*verdicts));
	for (i = 0; i < m.nr_hosts; i++)
		verdict_build(&verdicts[i], rs, m.hosts[i]);
	ctx.model = &m;
	ctx.diag = d;
	ctx.inputs = &path;
	ctx.nr_inputs = 1;
	ctx.files_read = files;
	ctx.log_lines = ls.lines;
	ctx.verdicts = verdicts;
	ctx.rules = rs;
	ctx.out = fopen("/dev/null", "w");
	if (ctx.out) {
		out_json.write(&ctx);
		fclose(ctx.out);
	}
	for (i = 0; i < m.nr_hosts; i++)
		verdict_release(&verdicts[i]);
	free(verdicts);
	collector_release(&col);
	logscan_release(&ls);
	model_release(&m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = log_path();
	struct ruleset rs;
	struct diag d;
	char *text;

	if (!size)
		return 0;
	text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	ruleset_init(&rs);
	diag_init(&d, NULL);
	/* memtriage analyzes nothing when the rules have errors */
	if (!ruleset_load_string(&rs, "fuzz.yaml", text, data[0] & 1, &d))
		run(&rs, &d, path);
	ruleset_release(&rs);
	diag_release(&d);
	free(text);
	return 0;
}
