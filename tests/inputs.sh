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

# victims: host, time and victim of every event of the JSON report in $tmp/out
victims() { /usr/bin/python3 -c '
import json, sys
for h in json.load(open(sys.argv[1]))["hosts"]:
    for e in h["events"]:
        print(h["host"], e["time"], (e["victim"] or {}).get("comm"))
' "$tmp/out"; }

# standard input: dated from the time it is read (a pipe has no date), never 1969
cat "$guest/messages" | "$BIN" -f json --fail-on never - >"$tmp/out" 2>"$tmp/err"
if victims | grep -q ' java$' && ! victims | grep -q ' 19[67]'; then ok "standard input dated"; else ko "standard input dated"; fi
gzip -c "$guest/messages" | "$BIN" -f json --fail-on never - >"$tmp/out" 2>"$tmp/err"
if victims | grep -q ' java$' && ! victims | grep -q ' 19[67]'; then ok "compressed standard input dated"; else ko "compressed standard input dated"; fi
: | "$BIN" - >"$tmp/out" 2>"$tmp/err"; rc=$?
if [ "$rc" = 0 ] && grep -qx -- '-: warning: standard input is empty; nothing to read' "$tmp/err"; then ok "empty standard input said"; else ko "empty standard input said"; fi

# journalctl -o json-pretty, from a file and on standard input: the events of -o json
"$BIN" -f json --fail-on never samples/journal/host3-journal.json >"$tmp/out" 2>/dev/null
victims >"$tmp/json.events"
/usr/bin/python3 "$data/json-pretty.py" <samples/journal/host3-journal.json >"$tmp/pretty.json"
for how in file stdin; do
	if [ $how = file ]; then run -f json --fail-on never "$tmp/pretty.json"; else run -f json --fail-on never - <"$tmp/pretty.json"; fi
	if [ -s "$tmp/json.events" ] && victims | diff -u "$tmp/json.events" - && [ ! -s "$tmp/err" ]; then
		ok "journalctl -o json-pretty ($how)"; else ko "journalctl -o json-pretty ($how)"; fi
done

# a log saved as UTF-16 (with its byte order mark and CRLF, as Windows saves it; without; big-endian)
run -f json --year 2026 --fail-on never "$guest/messages"
victims >"$tmp/utf8.events"
(printf '\377\376'; sed 's/$/\r/' "$guest/messages" | iconv -f UTF-8 -t UTF-16LE) >"$tmp/bom.log"
sed 's/$/\r/' "$guest/messages" | iconv -f UTF-8 -t UTF-16LE >"$tmp/le.log"
iconv -f UTF-8 -t UTF-16BE "$guest/messages" >"$tmp/be.log"
for f in bom le be; do
	run -f json --year 2026 --fail-on never "$tmp/$f.log"
	if [ -s "$tmp/utf8.events" ] && victims | diff -u "$tmp/utf8.events" - && [ ! -s "$tmp/err" ]; then
		ok "UTF-16 log ($f)"; else ko "UTF-16 log ($f)"; fi
done

# ---- end of cases
echo "inputs: $pass passed, $fail failed"
[ "$fail" = 0 ]
