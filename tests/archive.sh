#!/bin/sh
# The same logs give the same events whether read as a directory, a
# tar.gz, a tar.xz, compressed files or standard input; and the same events
# whatever the order of the options.
set -u
BIN=${BIN:-build/memtriage}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
src=tests/data/bad
events() { /usr/bin/python3 -c '
import json, sys
d = json.load(sys.stdin)
for h in d["hosts"]:
    for e in h["events"]:
        v = e["victim"] or {}
        print(h["host"], e["type"], e["time"], e["trigger"]["comm"], v.get("pid"), v.get("comm"))
'; }
"$BIN" -f json --year 2026 "$src" 2>/dev/null | events >"$tmp/dir"
fail=0 pass=0
check() {
	if diff -u "$tmp/dir" "$tmp/$1" >/dev/null; then pass=$((pass + 1)); echo "ok   $1"
	else fail=$((fail + 1)); echo "FAIL $1"; diff -u "$tmp/dir" "$tmp/$1"; fi
}
tar -C tests/data -czf "$tmp/bad.tar.gz" bad
"$BIN" -f json --year 2026 "$tmp/bad.tar.gz" 2>/dev/null | events >"$tmp/tar.gz"
check tar.gz
tar -C tests/data -cJf "$tmp/bad.tar.xz" bad
"$BIN" -f json --year 2026 "$tmp/bad.tar.xz" 2>/dev/null | events >"$tmp/tar.xz"
check tar.xz
mkdir "$tmp/z"
for f in "$src"/*.log; do
	b=$(basename "$f")
	case "$b" in cut*) xz -c "$f" >"$tmp/z/$b.xz" ;; crash*) zstd -q -c "$f" >"$tmp/z/$b.zst" ;; *) bzip2 -c "$f" >"$tmp/z/$b.bz2" ;; esac
done
cp "$src"/*.gz "$tmp/z/"
"$BIN" -f json --year 2026 "$tmp/z" 2>/dev/null | events >"$tmp/compressed"
check compressed
cat "$src/crash-with-nuls.log" | "$BIN" -f json --year 2026 - 2>/dev/null | events >"$tmp/stdin"
grep -c . "$tmp/stdin" | grep -qx 1 && grep -q 'java' "$tmp/stdin" && { pass=$((pass + 1)); echo "ok   stdin"; } || { fail=$((fail + 1)); echo "FAIL stdin"; cat "$tmp/stdin"; }
# a compressed log and a tarball larger than one read: the event at their end is found
/usr/bin/python3 -c '
import sys
with open(sys.argv[1], "w") as f:
    for i in range(60000):
        f.write("Mar 14 02:%02d:%02d big kernel: usb 1-1: new high-speed USB device number %d\n" % (i // 60 % 60, i % 60, i))
    f.write("Mar 14 03:00:00 big kernel: Out of memory: Killed process 4321 (late) total-vm:10kB, anon-rss:5kB, file-rss:0kB\n")
' "$tmp/big.log"
gzip -c "$tmp/big.log" >"$tmp/big.log.gz"
mkdir -p "$tmp/sos/sosreport-big/var/log" && cp "$tmp/big.log" "$tmp/sos/sosreport-big/var/log/messages"
tar -C "$tmp/sos" -czf "$tmp/sosreport-big.tar.gz" sosreport-big
for f in big.log.gz sosreport-big.tar.gz; do
	if "$BIN" -f json --year 2026 --fail-on never "$tmp/$f" 2>"$tmp/err" | grep -q '"pid": 4321' && [ ! -s "$tmp/err" ]; then
		pass=$((pass + 1)); echo "ok   large $f"
	else
		fail=$((fail + 1)); echo "FAIL large $f"; cat "$tmp/err"
	fi
done
# --since is read in the zone of --tz wherever --tz comes: local 08:30 and 09:30 are both after 08:00
printf '%s\n' 'Sep 29 08:30:00 tz kernel: Out of memory: Killed process 101 (first) total-vm:10kB, anon-rss:5kB, file-rss:0kB' \
	'Sep 29 09:30:00 tz kernel: Out of memory: Killed process 102 (second) total-vm:10kB, anon-rss:5kB, file-rss:0kB' >"$tmp/tz.log"
"$BIN" -f json --year 2026 --since 2026-09-29T08:00:00 --tz +01:00 "$tmp/tz.log" 2>&1 | events >"$tmp/since-tz"
"$BIN" -f json --year 2026 --tz +01:00 --since 2026-09-29T08:00:00 "$tmp/tz.log" 2>&1 | events >"$tmp/tz-since"
if diff -u "$tmp/tz-since" "$tmp/since-tz" && [ "$(grep -c . "$tmp/tz-since")" = 2 ]; then
	pass=$((pass + 1)); echo "ok   since-tz order"
else
	fail=$((fail + 1)); echo "FAIL since-tz order"; cat "$tmp/tz-since"
fi
# an option's wrong word: usage exit (2), the message lists the words it takes
for o in "--fail-on sometimes:--fail-on info, warning, critical or never" \
	 "--color maybe:--color auto, always or never" "--format yaml:--format text, json"; do
	"$BIN" ${o%%:*} "$tmp/tz.log" >/dev/null 2>"$tmp/err"
	rc=$?
	if [ $rc = 2 ] && grep -q "expected ${o#*:}" "$tmp/err"; then
		pass=$((pass + 1)); echo "ok   usage ${o%%:*}"
	else
		fail=$((fail + 1)); echo "FAIL usage ${o%%:*} (exit $rc)"; cat "$tmp/err"
	fi
done
# nothing is written next to the inputs
before=$(ls -A "$src" | wc -l)
"$BIN" -o "$tmp/report.txt" "$src" 2>/dev/null
[ "$(ls -A "$src" | wc -l)" = "$before" ] && [ -s "$tmp/report.txt" ] && { pass=$((pass + 1)); echo "ok   output-file"; } || { fail=$((fail + 1)); echo "FAIL output-file"; }
echo "archive: $pass passed, $fail failed"
[ $fail = 0 ]
