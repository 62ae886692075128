"""Deterministic inputs for `make bench` (SIZE_MB megabytes, one SHAPE):
  syslog   64 hosts' syslog, an OOM report of one of two kernel eras every
           20,000 lines (the default)
  chatty   one server's syslog where a quarter of the lines are ordinary
           kernel messages (a NIC's link state, an NFS server "OK"), an OOM
           report every 20,000 lines
  central  a central log of 2,000 hosts with RFC 3339 stamps (rsyslog's
           high-precision template), an OOM report every 20,000 lines
  journal  `journalctl -o json` of 64 hosts: one JSON object a line, the
           kernel's lines with _TRANSPORT "kernel"
usage: bench_gen.py OUT SIZE_MB [SHAPE]"""
import json, os, random, sys

size = int(sys.argv[2]) * 1024 * 1024
out = sys.argv[1]
shape = sys.argv[3] if len(sys.argv) > 3 else "syslog"
if shape not in ("syslog", "chatty", "central", "journal"):
    sys.exit(f"bench_gen.py: unknown shape '{shape}'; expected one of: syslog, chatty, central, journal")
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
# lines the kernel really prints all day: e1000e_check_for_link(), nfs's
# "server ... OK" after a timeout, the bridge and martian messages
kernel_chatter = [
    "e1000e: eno1 NIC Link is Down",
    "e1000e: eno1 NIC Link is Up 1000 Mbps Full Duplex, Flow Control: Rx/Tx",
    "nfs: server nfs01 not responding, still trying",
    "nfs: server nfs01 OK",
    "IPv6: ADDRCONF(NETDEV_CHANGE): eno1: link becomes ready",
    "br0: port 1(eno1) entered forwarding state",
    "TCP: request_sock_TCP: Possible SYN flooding on port 443. Sending cookies.  Check SNMP counters.",
]
def report_lines(era, pid):
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
    return lines

def stamp_of(sec):
    day, rem = divmod(sec // 40, 86400)
    if shape == "central":
        return "2026-03-%02dT%02d:%02d:%02d.%06d+00:00" % (1 + day % 28, rem // 3600, rem // 60 % 60, rem % 60, sec % 40 * 25000)
    return "Mar %2d %02d:%02d:%02d" % (1 + day % 28, rem // 3600, rem // 60 % 60, rem % 60)

def journal(sec, host, ident, pid, msg):
    rec = {"__CURSOR": f"s=6f1c2a;i={sec:x};b=9a3e;m={sec * 997:x};t={1772323200000000 + sec * 25000:x};x=1f",
           "__REALTIME_TIMESTAMP": str(1772323200000000 + sec * 25000),
           "__MONOTONIC_TIMESTAMP": str(sec * 25000), "_BOOT_ID": "9a3e5be0c2d84c0f8b0c4f2d3c1b7a66",
           "PRIORITY": "6", "_HOSTNAME": host}
    if ident == "kernel":
        rec.update({"_TRANSPORT": "kernel", "SYSLOG_FACILITY": "0", "SYSLOG_IDENTIFIER": "kernel"})
    else:
        rec.update({"_TRANSPORT": "syslog", "SYSLOG_FACILITY": "4", "SYSLOG_IDENTIFIER": ident,
                    "SYSLOG_PID": str(pid), "_PID": str(pid), "_UID": "0", "_COMM": ident})
    rec["MESSAGE"] = msg
    return json.dumps(rec, separators=(",", ":")) + "\n"

def report(host, sec, era, pid):
    lines = report_lines(era, pid)
    if shape == "journal":
        return "".join(journal(sec, host, "kernel", 0, l) for l in lines)
    k = f"{stamp_of(sec)} {host} kernel: "
    return "".join(k + l + "\n" for l in lines)

def ordinary(host, sec, n):
    if shape == "chatty" and n % 4 == 0:
        msg = "kernel: [%d.%06d] " % (n // 40, n % 999999) + kernel_chatter[n // 4 % len(kernel_chatter)]
    else:
        msg = rnd.choice(noise).format(p=n % 32768, a=n % 250, b=n % 199, u=n, f=n % 999999)
    if shape != "journal":
        return f"{stamp_of(sec)} {host} {msg}\n"
    ident, _, text = msg.partition(": ")
    if ident == "kernel":
        return journal(sec, host, "kernel", 0, text[text.index("] ") + 2:])
    ident, _, pid = ident.partition("[")
    return journal(sec, host, ident, int(pid.rstrip("]") or 1), text)

hosts = {"chatty": ["db01"], "central": [f"h{i:04d}.dc{i % 3}.example.com" for i in range(2000)]}.get(shape, hosts)

with open(out, "w") as f:
    written, n, sec = 0, 0, 0
    block = []
    while written < size:
        sec += 1
        host = hosts[n % len(hosts)]
        n += 1
        if n % 20000 == 0:
            line = report(host, sec, (n // 20000) % 2, 1000 + n % 30000)
        else:
            line = ordinary(host, sec, n)
        block.append(line)
        written += len(line)
        if len(block) >= 4096:
            f.write("".join(block))
            block = []
    f.write("".join(block))
