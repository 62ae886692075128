#!/bin/sh
# Each named bound (README "Limits"), reached on purpose: memtriage says what
# it cut, with the file, and still reports what lies within the bound.
set -u
BIN=${BIN:-build/memtriage}
case "$BIN" in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
pass=0 fail=0
check() { if eval "$2"; then pass=$((pass + 1)); echo "ok   $1"; else fail=$((fail + 1)); echo "FAIL $1"; fi; }
kill_line='Mar 14 03:00:00 box kernel: Out of memory: Killed process 4321 (java) total-vm:10kB, anon-rss:5kB, file-rss:0kB'
/usr/bin/python3 - "$kill_line" <<'PY'
import os, sys
kill = sys.argv[1] + "\n"
# a 3 MiB line, then a kill
open("long.log", "w").write("Mar 14 02:00:00 box kernel: " + "x" * (3 << 20) + "\n" + kill)
# a report with 70,000 task rows
with open("tasks.log", "w") as f:
    f.write("Mar 14 02:00:00 box kernel: java invoked oom-killer: gfp_mask=0x201da, order=0, oom_score_adj=0\n")
    f.write("Mar 14 02:00:00 box kernel: [ pid ]   uid  tgid total_vm      rss nr_ptes swapents oom_score_adj name\n")
    for i in range(70000):
        f.write("Mar 14 02:00:00 box kernel: [%5d]     0 %5d     1000      100      10        0             0 w%d\n" % (i + 2, i + 2, i))
    f.write(kill)
# a report of 210,000 lines (a call trace that never ends)
with open("report.log", "w") as f:
    f.write("Mar 14 02:00:00 box kernel: java invoked oom-killer: gfp_mask=0x201da, order=0, oom_score_adj=0\n")
    for i in range(210000):
        f.write("Mar 14 02:00:00 box kernel:  [<ffffffff81131420>] f%d+0x90/0x1b0\n" % i)
    f.write(kill)
# 100,050 hosts in one central log, each with a line that matters
with open("hosts.log", "w") as f:
    for i in range(100050):
        f.write("Mar 14 02:00:00 h%06d kernel: Hypervisor detected: VMware\n" % i)
# 500,100 sysctl keys
os.makedirs("snap/sos_commands/kernel")
with open("snap/sos_commands/kernel/sysctl_-a", "w") as f:
    for i in range(500100):
        f.write("net.k%d = 1\n" % i)
# 70 directory levels
p = "deep"
for i in range(70):
    p += "/d"
os.makedirs(p)
open(p + "/messages", "w").write(kill)
# an archive bomb in small: 40 MB of one line repeated
import lzma
open("bomb.log.xz", "wb").write(lzma.compress(("Mar 14 02:00:00 box kernel: eth0: link up\n" * 950000).encode()))
PY
"$BIN" -f json --fail-on never long.log >out 2>err
check "a line over 1 MiB is cut and said; the kill after it is found" 'grep -q "long.log:1: warning: 1 line(s) longer than 1048576 bytes cut" err && grep -q "\"pid\": 4321" out'
"$BIN" -f json --fail-on never tasks.log >out 2>err
check "a task table stops at 65,536 rows and says how many it dropped" 'grep -q "\"tasks_dropped\": 4464" out && grep -q "\"pid\": 4321" out'
"$BIN" -f json --fail-on never report.log >out 2>err
check "a report past 200,000 lines is closed as incomplete" 'grep -q "longer than any real one" out'
"$BIN" -f json --fail-on never hosts.log >out 2>err
check "past 100,000 hosts, the rest share one entry" 'grep -q "more hosts than memtriage keeps" out && [ "$(grep -c "\"host\": \"h0" out)" = 100000 ]'
"$BIN" --dump-facts snap >out 2>err
check "past 500,000 facts, the rest are counted and said" 'grep -q "more than 500000 facts; 100" err'
"$BIN" --fail-on never deep >out 2>err
check "directories deeper than 64 levels are not walked, and that is said" 'grep -q "deeper than 64 levels" err'
MEMTRIAGE_BOMB_SIZE=8000000 "$BIN" --fail-on never bomb.log.xz "$OLDPWD/tests/data/bad/cut-short.log" >out 2>err
check "an archive bomb stops being read, and the other input is read" 'grep -q "archive bomb" err && grep -q httpd out'
echo "bounds: $pass passed, $fail failed"
[ $fail = 0 ]
