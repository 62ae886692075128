#!/bin/sh
# Inputs as users hand them over (issue 16): a file named on the command
# line is read whatever its path, a rotated log named by hand is one log,
# standard input is dated and said when empty, and a run that missed an
# input says so in its exit code.
set -u
BIN=${BIN:-build/memtriage}
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
data=tests/data/inputs
guest=samples/vmware-guest/var/log
fail=0 pass=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
ko() { fail=$((fail + 1)); echo "FAIL $1"; [ -s "$tmp/out" ] && head -20 "$tmp/out"; [ -s "$tmp/err" ] && head -20 "$tmp/err"; }
# run ARGS...: the report in $tmp/out, the diagnostics in $tmp/err, the exit code in $rc
run() { "$BIN" "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?; }
# sources: every event's source line of the JSON report in $tmp/out, one a line
sources() { /usr/bin/python3 -c '
import json, sys
for h in json.load(open(sys.argv[1]))["hosts"]:
    for e in h["events"]:
        print(e["source"], "complete" if e["complete"] else "incomplete")
' "$tmp/out"; }

# a file under /var/tmp (where sos and users leave files) is read, not taken for a snapshot's
mkdir -p "$tmp/var/tmp"
cp "$guest/messages.1" "$tmp/var/tmp/dmesg.txt"
run -f json --year 2026 --fail-on never "$tmp/var/tmp/dmesg.txt"
if [ "$rc" = 0 ] && [ "$(sources | grep -c .)" = 3 ]; then ok "named file under var/tmp"; else ko "named file under var/tmp"; fi

# rotation named by hand: the kill across midnight is one complete report, however named
cp "$guest/messages.1" "$guest/messages" "$tmp/"
for order in "messages.1 messages" "messages messages.1" "messages*"; do
	(cd "$tmp" && eval "\"\$BIN\" -f json --year 2026 --fail-on never $order" >"$tmp/out" 2>"$tmp/err")
	if [ "$(sources | grep -c .)" = 4 ] && ! sources | grep -q incomplete &&
	   sources | grep -qx 'messages.1:455 complete'; then
		ok "rotation named by hand: $order"
	else
		ko "rotation named by hand: $order"
	fi
done

# ---- end of cases
echo "inputs: $pass passed, $fail failed"
[ "$fail" = 0 ]
