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

# a missing path beside a good one: the report of the good one, and exit 4 (wins over 1)
run --year 2026 "$guest/messages" "$tmp/no-such-file"
if [ "$rc" = 4 ] && grep -q 'app01' "$tmp/out" && grep -q "no-such-file: error: cannot read" "$tmp/err" &&
   grep -q '1 of 2 inputs could not be read' "$tmp/err"; then ok "missing path beside a good one"; else ko "missing path beside a good one"; fi
run --year 2026 --fail-on never "$guest/messages"
if [ "$rc" = 0 ]; then ok "every path read: exit 0"; else ko "every path read: exit 0"; fi

# the shipped rules not found: where memtriage looked, and how to point it
cp "$BIN" "$tmp/memtriage-copy"
"$tmp/memtriage-copy" "$guest/messages" >"$tmp/out" 2>"$tmp/err"; rc=$?
if [ "$rc" = 3 ] && grep -q "shipped rules were not found (looked in $tmp/../rules, " "$tmp/err" &&
   grep -q 'MEMTRIAGE_RULES_DIR' "$tmp/err"; then ok "rules not found: where it looked"; else ko "rules not found: where it looked"; fi
MEMTRIAGE_RULES_DIR=$tmp/none "$BIN" "$guest/messages" >"$tmp/out" 2>"$tmp/err"; rc=$?
if [ "$rc" = 3 ] && grep -q "looked in MEMTRIAGE_RULES_DIR=$tmp/none)" "$tmp/err"; then ok "MEMTRIAGE_RULES_DIR not a folder"; else ko "MEMTRIAGE_RULES_DIR not a folder"; fi

# write-only files of a root (/proc/sys/vm/compact_memory, drop_caches are 0200) are not read
mkdir -p "$tmp/root/proc/sys/vm"
printf '60\n' >"$tmp/root/proc/sys/vm/swappiness"
printf '0\n' >"$tmp/root/proc/sys/vm/compact_memory"
printf '0\n' >"$tmp/root/proc/sys/vm/drop_caches"
chmod 0200 "$tmp/root/proc/sys/vm/compact_memory" "$tmp/root/proc/sys/vm/drop_caches"
run --dump-facts "$tmp/root"
if grep -q 'vm.swappiness' "$tmp/out" && ! grep -q 'compact_memory\|drop_caches' "$tmp/out" "$tmp/err"; then
	ok "write-only files passed over"; else ko "write-only files passed over"; fi

# ---- end of cases
echo "inputs: $pass passed, $fail failed"
[ "$fail" = 0 ]
