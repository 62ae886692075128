#!/bin/sh
# What the prefilter passes over, and what it must not: generated logs
# large enough to cross many 64 KiB samples and read-ahead blocks, each
# read with the prefilter, without it (MEMTRIAGE_PREFILTER=off) and checked
# line by line (=check), read rather than mapped (MEMTRIAGE_MMAP=off) or
# mapped however small, and the answers compared with what the log holds.
set -u
BIN=${BIN:-build/memtriage}
tmp=$(mktemp -d) || exit 1
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
pass=0 fail=0
check() { # name command...
	name=$1; shift
	if eval "$@"; then pass=$((pass + 1)); echo "ok   $name"; else fail=$((fail + 1)); echo "FAIL $name"; fi
}
# the same JSON and stderr whichever way the lines are read; the default run's JSON in out
ways() { # args...
	"$BIN" -f json --fail-on never "$@" >"$tmp/out" 2>"$tmp/err"
	for how in MEMTRIAGE_PREFILTER=off MEMTRIAGE_PREFILTER=check MEMTRIAGE_READAHEAD_AFTER=0 \
		MEMTRIAGE_THREADS=1 MEMTRIAGE_MMAP=off "MEMTRIAGE_MMAP=0 MEMTRIAGE_READAHEAD_AFTER=0"; do
		env $how "$BIN" -f json --fail-on never "$@" >"$tmp/out2" 2>"$tmp/err2" || return 1
		cmp -s "$tmp/out" "$tmp/out2" && cmp -s "$tmp/err" "$tmp/err2" || { echo "  $how differs"; return 1; }
	done
}

/usr/bin/python3 - "$tmp" <<'PY'
import os, sys, time
d = sys.argv[1]
kill = ("{t} web01 kernel: [ 99.0] java invoked oom-killer: gfp_mask=0x201da, order=0, oom_score_adj=0\n"
        "{t} web01 kernel: [ 99.1] Out of memory: Killed process 4242 (java) total-vm:4000000kB, "
        "anon-rss:1900000kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:4000kB oom_score_adj:0\n")
# a year turn with no report near it: only the samples see it (Nov -> Jun alone is no turn)
with open(f"{d}/turn.log", "w") as f:
    f.write(kill.format(t="Nov 10 10:00:00"))
    for day, mon in [(20, "Nov"), (28, "Dec"), (9, "Jan"), (20, "Mar"), (1, "May")]:
        for i in range(3000):
            f.write(f"{mon} {day:2d} 10:{i // 60 % 60:02d}:{i % 60:02d} web0{i % 7} sshd[{i}]: Accepted publickey for deploy\n")
    f.write(kill.format(t="Jun  1 10:00:00"))
    f.write("Jun  2 10:00:00 web01 CRON[1]: the last line\n")
t = time.mktime((2026, 6, 5, 12, 0, 0, 0, 0, -1))
os.utime(f"{d}/turn.log", (t, t))
# an OOM header pasted without a prefix after lines without one: it belongs to the last prefixed line
with open(f"{d}/paste.log", "w") as f:
    for i in range(20000):
        f.write(f"Mar  1 00:00:{i % 60:02d} db{i % 5} app[{i}]: working\n")
    f.write("Mar  1 00:01:00 web14 kernel: [ 20.0] before a pasted block\n")
    f.write("a line of the paste without a prefix\n" * 3)
    f.write("java invoked oom-killer: gfp_mask=0x201da, order=0, oom_score_adj=0\n")
    f.write("Out of memory: Killed process 77 (java) total-vm:1000kB, anon-rss:900kB, file-rss:0kB, shmem-rss:0kB\n")
    for i in range(20000):
        f.write(f"Mar  1 00:02:{i % 60:02d} db{i % 5} app[{i}]: working\n")
# journal records among syslog lines; one names its field with an escape, as journalctl never does
with open(f"{d}/mixed.log", "w") as f:
    for i in range(5000):
        f.write(f"Mar  1 00:00:{i % 60:02d} web02 app[{i}]: working\n")
    f.write('{"__REALTIME_TIMESTAMP":"1772323200000000","_HOSTNAME":"j1","SYSLOG_IDENTIFIER":"kernel",'
            '"MESSAGE":"Hypervisor detected: VMware"}\n')
    f.write('{"__REALTIME_TIMESTAMP":"1772323200000000","_HOSTNAME":"j2","SYSLOG_IDENTIFIER":"kernel",'
            '"MESS\\u0041GE":"Hypervisor detected: VMware"}\n')
    for i in range(5000):
        f.write(f"Mar  1 00:01:{i % 60:02d} web02 app[{i}]: working\n")
# svlogd keeps the facility apart: a regex sees "kern.info: x" as "kernel: x"
os.makedirs(f"{d}/svlogd")
with open(f"{d}/svlogd/current", "w") as f:
    for i in range(3000):
        f.write(f"2026-03-01_00:00:{i % 60:02d}.{i:05d} daemon.info: working\n")
    f.write("2026-03-01_00:01:00.00000 kern.info: eth0: up\n")
# the tail of a RHEL 6 task table without its header, far into a log, then the kill lines;
# another row in the lines before, and runs of blanks that are no row
with open(f"{d}/tail.log", "w") as f:
    k = "Mar  1 00:0{m}:{s:02d} app7 kernel: "
    for i in range(20000):
        f.write(f"Mar  1 00:00:{i % 60:02d} app7 app[{i}]: working     hard\n")
    f.write(k.format(m=1, s=0) + "[ 1999]     0  1999    27118      118   0       0             0 bash\n")
    for i in range(20):
        f.write(f"Mar  1 00:01:{i % 60:02d} app7 app[{i}]: working\n")
    f.write(k.format(m=1, s=1) + "[ 2417]     0  2417    27118      118   0       0             0 bash\n")
    f.write(k.format(m=1, s=1) + "[ 2301]   500  2301   412345   201234   1       0             0 tomcat\n")
    f.write(k.format(m=1, s=2) + "Out of memory: Kill process 2301 (tomcat) score 412 or sacrifice child\n")
    f.write(k.format(m=1, s=2) + "Killed process 2301, UID 500, (tomcat) total-vm:1649380kB, anon-rss:804936kB, file-rss:0kB\n")
    for i in range(20000):
        f.write(f"Mar  1 00:02:{i % 60:02d} app7 app[{i}]: working\n")
# the lowmemorykiller driver's report: its three continuation lines hold no literal of the prefilter
with open(f"{d}/lmk.log", "w") as f:
    for i in range(20000):
        f.write(f"[{5000 + i * 0.01:12.6f}] binder: {i}:{i + 1} transaction failed 29189/-22, size 0-0 line 2994\n")
    f.write("[ 5207.457373] lowmemorykiller: Killing 'example.gallery' (4321) (tgid 4321), adj 900,\n"
            "[ 5207.457373]    to free 51236kB on behalf of 'kswapd0' (61) because\n"
            "[ 5207.457373]    cache 98304kB is below limit 122880kB for oom_score_adj 900\n"
            "[ 5207.457373]    Free memory is -3232kB above reserved\n")
    for i in range(20000):
        f.write(f"[{5208 + i * 0.01:12.6f}] binder: undelivered death notification, {i:016x}\n")
# each line's priority before its stamp (no prefix memtriage knows), learned from the first report's
# first line: the year turn far from it (samples), and the report's host, every way the same
with open(f"{d}/priority.log", "w") as f:
    for day, mon in [(20, "Nov"), (28, "Dec")]:
        for i in range(3000):
            f.write(f"<daemon.info> {mon} {day:2d} 10:{i // 60 % 60:02d}:{i % 60:02d} web0{i % 7} sshd[{i}]: Accepted publickey for deploy\n")
    for line in kill.format(t="Dec 29 10:00:00").splitlines():
        f.write(("<kern.warning> " if "invoked" in line else "<kern.err> ") + line + "\n")
    for day, mon in [(9, "Jan"), (20, "Mar")]:
        for i in range(3000):
            f.write(f"<daemon.info> {mon} {day:2d} 10:{i // 60 % 60:02d}:{i % 60:02d} web0{i % 7} sshd[{i}]: Accepted publickey for deploy\n")
    for line in kill.format(t="Mar 21 10:00:00").splitlines():
        f.write(("<kern.warning> " if "invoked" in line else "<kern.err> ") + line + "\n")
os.utime(f"{d}/priority.log", (t, t))
os.makedirs(f"{d}/rules2")
open(f"{d}/rules2/site.yaml", "w").write("""rules:
  - id: site-flap
    title: a link came up
    severity: info
    explanation: test
    when:
      log: '^kernel: eth(?<dev>\\d+): up'
""")
# a site rule whose regex has no literal: a warning, and every line is read
os.makedirs(f"{d}/rules")
open(f"{d}/rules/site.yaml", "w").write("""rules:
  - id: site-any-digit-run
    title: a line of digits only
    severity: info
    explanation: test
    when:
      log: '^\\d+$'
""")
with open(f"{d}/digits.log", "w") as f:
    for i in range(3000):
        f.write(f"Mar  1 00:00:{i % 60:02d} web03 app[{i}]: working\n")
    f.write("Mar  1 00:00:59 web03 12345\n")
# a journalctl -o json export: ordinary records passed over, the kernel's OOM records read; a
# hypervisor note with an escaped blank, a report whose first MESSAGE is byte values (not UTF-8)
def rec(host, ident, msg, us, kernel=False):
    import json
    t = '"_TRANSPORT":"kernel",' if kernel else '"_TRANSPORT":"syslog",'
    m = msg if msg.startswith("[") else json.dumps(msg)
    return (f'{{"__REALTIME_TIMESTAMP":"{us}","_HOSTNAME":"{host}",{t}"SYSLOG_IDENTIFIER":"{ident}",'
            f'"MESSAGE":{m}}}\n')
with open(f"{d}/journal.json", "w") as f:
    us = 1772323200000000
    for i in range(20000):
        f.write(rec(f"n{i % 9}", "app", f"working on job {i}", us + i))
    f.write(rec("k1", "kernel", "Hypervisor detected: KVM", us + 20000, True).replace("detected: ", "detected:\\u0020"))
    oom = "java invoked oom-killer: gfp_mask=0x201da, order=0, oom_score_adj=0"
    f.write(rec("k1", "kernel", "[" + ",".join(str(b) for b in oom.encode()) + "]", us + 20001, True))
    f.write(rec("k1", "kernel", "Out of memory: Killed process 4242 (java) total-vm:4000000kB, anon-rss:1900000kB, "
                "file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:4000kB oom_score_adj:0", us + 20002, True))
    for i in range(20000):
        f.write(rec(f"n{i % 9}", "myapp" if i == 9000 else "app",
                    "overload, shedding" if i == 9000 else f"working on job {i}", us + 30000 + i))
# site regexes on the tag and the message of a record: one whose literal has a piece that
# every record holding it holds ("overload"), one whose literal has none (every record read)
os.makedirs(f"{d}/rules3")
open(f"{d}/rules3/site.yaml", "w").write("""rules:
  - id: site-overload
    title: an app sheds load
    severity: info
    explanation: test
    when:
      log: '^myapp: overload'
""")
os.makedirs(f"{d}/rules4")
open(f"{d}/rules4/site.yaml", "w").write("""rules:
  - id: site-short
    title: an app sheds load
    severity: info
    explanation: test
    when:
      log: '^myapp: ov'
""")
PY

ways "$tmp/turn.log"
check "a year turn far from any report is still counted (samples); the same every way" \
	'grep -q "\"time\": \"2025-11-10T10:00:00" "$tmp/out" && grep -q "\"time\": \"2026-06-01T10:00:00" "$tmp/out"'
check "hosts of lines that do not matter are not listed" \
	'[ "$(grep -c "\"host\": \"web0" "$tmp/out")" = 1 ] && grep -q "\"log_lines_read\": 15005" "$tmp/out"'

ways "$tmp/paste.log" --year 2026
check "a pasted header after unprefixed lines belongs to the last prefixed line; the same every way" \
	'grep -q "\"host\": \"web14\"" "$tmp/out" && grep -q "\"pid\": 77" "$tmp/out" && ! grep -q "\"host\": \"db" "$tmp/out"'

ways "$tmp/tail.log" --year 2026
check "the tail of a task table without its header is the kill's table; the same every way" \
	'/usr/bin/python3 -c "import json, sys; e = json.load(open(sys.argv[1]))[\"hosts\"][0][\"events\"][0]; \
sys.exit(not (e[\"task_columns\"][5:] == [\"cpu\", \"oom_adj\", \"oom_score_adj\"] and \
[t[\"pid\"] for t in e[\"tasks\"]] == [2417, 2301] and e[\"top_consumers\"][0][\"name\"] == \"tomcat\"))" "$tmp/out"'

ways "$tmp/mixed.log" --year 2026
check "journal records among syslog lines are read; an escaped field name is no journal field" \
	'grep -q "\"host\": \"j1\"" "$tmp/out" && ! grep -q "\"host\": \"j2\"" "$tmp/out"'

ways "$tmp/priority.log"
check "a learned prefix before the stamp: the stamps, the year turn and the host; the same every way" \
	'grep -q "\"time\": \"2025-12-29T10:00:00" "$tmp/out" && grep -q "\"time\": \"2026-03-21T10:00:00" "$tmp/out" && \
[ "$(grep -c "\"host\": \"web01\"" "$tmp/out")" = 1 ]'

ways "$tmp/lmk.log"
check "the lowmemorykiller driver's continuation lines are read; the same every way" \
	'grep -q "\"free_kb\": -3232" "$tmp/out" && grep -q "\"cache_limit_kb\": 122880" "$tmp/out" && grep -q "\"comm\": \"kswapd0\"" "$tmp/out"'

ways --rules "$tmp/rules" "$tmp/digits.log" --year 2026
check "a site regex without a literal is warned about, and still matches (every line read)" \
	'grep -q "site.yaml:7: warning: this regex has no literal" "$tmp/err" && grep -q "site-any-digit-run" "$tmp/out"'

ways --rules "$tmp/rules2" "$tmp/svlogd/current"
check "a regex on svlogd's kernel facility, which the line spells kern.info" \
	'grep -q "dev=0" "$tmp/out"'

ways "$tmp/journal.json"
check "a journal export: what matters is read among records passed over (escaped, byte values); the same every way" \
	'grep -q "\"host\": \"k1\"" "$tmp/out" && grep -q "\"pid\": 4242" "$tmp/out" && grep -q "KVM" "$tmp/out" && \
grep -q "\"log_lines_read\": 40003" "$tmp/out" && ! grep -q "\"host\": \"n" "$tmp/out"'

ways --rules "$tmp/rules3" "$tmp/journal.json"
check "a site regex across a record's tag and message matches" 'grep -q "site-overload" "$tmp/out"'

ways --rules "$tmp/rules4" "$tmp/journal.json"
check "a site regex whose literal has no journal piece: every record read, and it matches" 'grep -q "site-short" "$tmp/out"'

echo "prefilter: $pass passed, $fail failed"
[ $fail = 0 ]
