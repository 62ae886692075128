#!/bin/sh
# --state: incremental runs as cron makes them.  Each step appends to or
# rotates a log, runs memtriage with the same state file, and checks which
# events it reports: only the new ones, never one twice, none lost.
set -u
BIN=${BIN:-$(pwd)/build/memtriage}
case "$BIN" in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
WRAP=${MT_WRAP:-} # a tool to run the binary under (valgrind): its errors (rc 9) fail the step
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
mkdir log
pass=0 fail=0
oom() { # oom PID COMM: a complete 2.6.32-style report
	printf 'Mar 14 0%s:00:00 box kernel: %s invoked oom-killer: gfp_mask=0x201da, order=0, oom_adj=0, oom_score_adj=0\n' "$3" "$2"
	printf 'Mar 14 0%s:00:00 box kernel: Out of memory: Kill process %s (%s) score 900 or sacrifice child\n' "$3" "$1" "$2"
	printf 'Mar 14 0%s:00:01 box kernel: Killed process %s, UID 0, (%s) total-vm:4096kB, anon-rss:2048kB, file-rss:0kB\n' "$3" "$1" "$2"
}
noise() { printf 'Mar 14 0%s:30:00 box sshd[77]: Accepted publickey for admin\n' "$1"; }
run() { # run EXPECTED-VICTIMS [extra args]: the victims reported, in order
	want=$1
	shift
	got=$({ $WRAP "$BIN" --state st --year 2026 -f json --fail-on never "$@" log 2>err; echo $? >rc; } | /usr/bin/python3 -c '
import json, sys
d = json.load(sys.stdin)
print(" ".join(str((e["victim"] or {}).get("pid")) + ("" if e["complete"] else "?") for h in d["hosts"] for e in h["events"]))')
	if [ "$got" = "$want" ] && [ "$(cat rc)" != 9 ]; then pass=$((pass + 1)); echo "ok   $step: [$got]"
	else fail=$((fail + 1)); echo "FAIL $step: got [$got], want [$want]"; cat err; fi
}
step="first run"; { noise 1; oom 101 java 1; noise 1; } >log/messages; run "101"
step="nothing new"; run ""
step="append"; { oom 102 httpd 2; noise 2; } >>log/messages; run "102"
step="rotation by rename"; mv log/messages log/messages.1; { oom 103 java 3; } >log/messages; run "103"
step="more after rotation"; oom 104 java 4 >>log/messages; run "104"
step="rotation by compression"; gzip log/messages.1; mv log/messages log/messages.1; oom 105 cron 5 >log/messages; run "105"
step="compressed again"; mv log/messages.1.gz log/messages.2.gz; gzip log/messages.1; run ""
step="report split across two runs"; { printf 'Mar 14 06:00:00 box kernel: java invoked oom-killer: gfp_mask=0x201da, order=0, oom_adj=0, oom_score_adj=0\nMar 14 06:00:00 box kernel: Mem-Info:\n'; } >>log/messages; run ""
step="...completed next run"; printf 'Mar 14 06:00:01 box kernel: Killed process 106, UID 0, (java) total-vm:4096kB, anon-rss:2048kB, file-rss:0kB\n' >>log/messages; run "106"
step="cut report, log never grows"; printf 'Mar 14 07:00:00 box kernel: java invoked oom-killer: gfp_mask=0x201da, order=0, oom_adj=0, oom_score_adj=0\n' >>log/messages; run ""
step="...reported incomplete next run"; run "None?"
step="truncation"; oom 108 java 8 >log/messages; run "108"
grep -q "read again from its start" err && { pass=$((pass + 1)); echo "ok   truncation is said"; } || { fail=$((fail + 1)); echo "FAIL truncation not said"; }
step="corrupt state"; echo garbage >st
$WRAP "$BIN" --state st --year 2026 log >/dev/null 2>err; rc=$?
if [ $rc = 5 ] && [ "$(cat st)" = garbage ]; then pass=$((pass + 1)); echo "ok   $step: refused, left alone"; else fail=$((fail + 1)); echo "FAIL $step (rc $rc)"; cat err; fi
grep -q "not a memtriage state" err && { pass=$((pass + 1)); echo "ok   corruption is said"; } || { fail=$((fail + 1)); echo "FAIL corruption not said"; }
step="newer version"; printf 'memtriage-state 99\n' >st
$WRAP "$BIN" --state st --year 2026 log >/dev/null 2>err; rc=$?
if [ $rc = 5 ] && grep -q "newer memtriage" err && grep -q "state 99" st; then pass=$((pass + 1)); echo "ok   $step: refused, left alone"; else fail=$((fail + 1)); echo "FAIL $step (rc $rc)"; fi
step="two runs at once"; rm -f st; run "101 102 103 104 108"
# another run's write transaction, held until this one is over (30 s at most): this one waits 1 s, then gives up
/usr/bin/python3 -c 'import os, sqlite3, time
c = sqlite3.connect("st", isolation_level=None); c.execute("BEGIN IMMEDIATE"); print("held", flush=True)
for _ in range(300):
    if os.path.exists("done"): break
    time.sleep(0.1)' >held &
holder=$!
while [ ! -s held ]; do sleep 0.1; done
before=$(/usr/bin/python3 -c 'import sqlite3; print(sqlite3.connect("st").execute("select count(*), sum(offset) from files").fetchall())')
MEMTRIAGE_STATE_WAIT=1 $WRAP "$BIN" --state st --year 2026 log >/dev/null 2>err; rc=$?
touch done; wait $holder
after=$(/usr/bin/python3 -c 'import sqlite3; print(sqlite3.connect("st").execute("select count(*), sum(offset) from files").fetchall())')
if [ $rc = 5 ] && grep -q "another memtriage run" err && [ "$before" = "$after" ]; then pass=$((pass + 1)); echo "ok   $step: the second waits out"; else fail=$((fail + 1)); echo "FAIL $step (rc $rc)"; cat err; fi
step="after the lock is gone"; oom 109 java 9 >>log/messages; run "109"
echo "state: $pass passed, $fail failed"
[ $fail = 0 ]
