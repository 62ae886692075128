"""Deterministic inputs for `make bench`: a syslog of many hosts with OOM
reports of several kernel eras scattered through it (SIZE_MB megabytes)."""
import os, random, sys

size = int(sys.argv[2]) * 1024 * 1024
out = sys.argv[1]
rnd = random.Random(1)
hosts = [f"node{i:03d}" for i in range(64)]
noise = [
    "sshd[{p}]: Accepted publickey for deploy from 10.0.{a}.{b} port {p} ssh2",
    "CRON[{p}]: (root) CMD (/usr/lib/sa/sa1 1 1)",
    "kernel: [{u}.{f:06d}] IPv4: martian source 10.0.{a}.{b} from 10.0.{b}.{a}, on dev eth0",
    "systemd[1]: Started Session {p} of user deploy.",
    "kernel: [{u}.{f:06d}] EXT4-fs (dm-0): re-mounted. Opts: errors=remount-ro",
    "ntpd[{p}]: adjusting local clock by 0.00{b}s",
    "dockerd[{p}]: time=\"2026-03-14T02:11:05Z\" level=info msg=\"ignoring event\" topic=/tasks/delete",
]
def report(host, stamp, era, pid):
    k = f"{stamp} {host} kernel: "
    if era == 0:
        lines = [f"java invoked oom-killer: gfp_mask=0x201da, order=0, oom_adj=0, oom_score_adj=0",
                 f"Pid: {pid}, comm: java Not tainted 2.6.32-754.el6.x86_64 #1",
                 "Call Trace:", " [<ffffffff8112f5d0>] ? dump_header+0x90/0x1b0",
                 " [<ffffffff8112fa52>] ? oom_kill_process+0x82/0x2a0", "Mem-Info:",
                 "Node 0 Normal free:12345kB min:16384kB low:20480kB high:24576kB present:3145728kB",
                 "lowmem_reserve[]: 0 0 0 0", "Node 0 Normal: 100*4kB 50*8kB 10*16kB = 960kB",
                 "Free swap  = 0kB", "Total swap = 2097148kB", "1048576 pages RAM",
                 "[ pid ]   uid  tgid total_vm      rss cpu oom_adj oom_score_adj name",
                 f"[{pid:5d}]   500 {pid:5d}  1048576   524288   1       0             0 java",
                 f"Out of memory: Kill process {pid} (java) score 900 or sacrifice child",
                 f"Killed process {pid}, UID 500, (java) total-vm:4194304kB, anon-rss:2097152kB, file-rss:0kB"]
    else:
        lines = [f"python3 invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=0",
                 f"CPU: 1 PID: {pid} Comm: python3 Not tainted 5.15.0-91-generic #101-Ubuntu",
                 "Call Trace:", " <TASK>", " dump_stack_lvl+0x48/0x60", " out_of_memory+0xed/0x2c0", " </TASK>",
                 "Mem-Info:", "active_anon:1413442 inactive_anon:1509191 isolated_anon:0",
                 " active_file:29 inactive_file:186 isolated_file:0", " free:34629 free_pcp:0 free_cma:0",
                 "Node 0 Normal free:61900kB boost:0kB min:61948kB low:75384kB high:88820kB present:13096960kB managed:12774792kB",
                 "Tasks state (memory values in pages):",
                 "[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name",
                 f"[{pid:7d}]  1000 {pid:7d}  7572670  2308580 60686336        0             0 python3",
                 f"oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/user.slice,task=python3,pid={pid},uid=1000",
                 f"Out of memory: Killed process {pid} (python3) total-vm:30290680kB, anon-rss:9234320kB, file-rss:4kB, shmem-rss:0kB, UID:1000 pgtables:59264kB oom_score_adj:0"]
    return "".join(k + l + "\n" for l in lines)

with open(out, "w") as f:
    written, n, sec = 0, 0, 0
    block = []
    while written < size:
        sec += 1
        day, rem = divmod(sec // 40, 86400)
        stamp = "Mar %2d %02d:%02d:%02d" % (1 + day % 28, rem // 3600, rem // 60 % 60, rem % 60)
        host = hosts[n % len(hosts)]
        n += 1
        if n % 20000 == 0:
            line = report(host, stamp, (n // 20000) % 2, 1000 + n % 30000)
        else:
            line = f"{stamp} {host} " + rnd.choice(noise).format(p=n % 32768, a=n % 250, b=n % 199, u=n, f=n % 999999) + "\n"
        block.append(line)
        written += len(line)
        if len(block) >= 4096:
            f.write("".join(block))
            block = []
    f.write("".join(block))
