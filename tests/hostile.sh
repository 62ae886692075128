#!/bin/sh
# Hostile and broken inputs: archives that try to escape or to explode, files
# that are not files, output that cannot be written.  memtriage must never
# crash, never write outside its output, say what it skipped, and still
# analyze the good part.
set -u
BIN=${BIN:-build/memtriage}
case "$BIN" in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
good=$(pwd)/tests/data/bad/crash-with-nuls.log
/usr/bin/python3 - "$tmp" "$good" <<'PY'
import io, sys, tarfile
d, good = sys.argv[1:3]
data = open(good, "rb").read()
with tarfile.open(f"{d}/evil.tar.gz", "w:gz") as t:
    def add(name, payload=b"", **kw):
        info = tarfile.TarInfo(name)
        for k, v in kw.items():
            setattr(info, k, v)
        info.size = len(payload) if info.type == tarfile.REGTYPE else 0
        t.addfile(info, io.BytesIO(payload) if info.type == tarfile.REGTYPE else None)
    add("sosreport-x/var/log/messages", data)
    add("../../../../tmp/memtriage-escaped", b"pwned\n")
    add("/etc/memtriage-absolute", b"pwned\n")
    add("sosreport-x/var/log/link", type=tarfile.SYMTYPE, linkname="/etc/shadow")
    add("sosreport-x/var/log/hard", type=tarfile.LNKTYPE, linkname="/etc/passwd")
    add("sosreport-x/dev/null-ish", type=tarfile.CHRTYPE, devmajor=1, devminor=3)
    add("sosreport-x/proc/meminfo", b"MemTotal: 99999999999999999999999 kB\n" * 3)
open(f"{d}/trunc.tar.gz", "wb").write(open(f"{d}/evil.tar.gz", "rb").read()[:300])
# a bomb: 200 MB of zeros, compressed to a few hundred kB
import gzip
with gzip.open(f"{d}/bomb.log.gz", "wb", compresslevel=9) as g:
    chunk = b"\0" * (1 << 20)
    for _ in range(200):
        g.write(chunk)
PY
pass=0 fail=0
check() { if eval "$2"; then pass=$((pass + 1)); echo "ok   $1"; else fail=$((fail + 1)); echo "FAIL $1"; fi; }
cd "$tmp"
"$BIN" -f json --year 2026 --fail-on never evil.tar.gz >out.json 2>err; rc=$?
check "an evil tarball is read, not feared (exit $rc)" '[ $rc = 0 ]'
check "its good log is analyzed" 'grep -q "\"pid\": 4242" out.json'
check "nothing escaped the archive" '[ ! -e /tmp/memtriage-escaped ] && [ ! -e /etc/memtriage-absolute ]'
check "names leaving the archive are reported" 'grep -q "leaves the archive" err'
check "a device member is reported" 'grep -q "dev/null-ish: warning: not a regular file" err'
check "overflowing numbers are reported with their line" 'grep -q "meminfo:1: warning" err'
"$BIN" -f json --fail-on never trunc.tar.gz >out2.json 2>err2; rc=$?
check "a truncated tarball is an error, not a crash (exit $rc)" '[ $rc -le 4 ] && grep -q "trunc.tar.gz" err2'
"$BIN" --fail-on never bomb.log.gz "$OLDPWD/tests/data/bad/cut-short.log" >out3 2>err3; rc=$?
check "a decompression bomb of NULs ends, and the other input is read (exit $rc)" '[ $rc = 0 ] && grep -q httpd out3'
mkdir sp && truncate -s 3G sp/messages && printf '%s\n' "$(head -1 "$good")" >>sp/messages
if tar -cSf sparse.tar sp 2>/dev/null; then
	timeout 60 "$BIN" --fail-on never sparse.tar "$OLDPWD/tests/data/bad/cut-short.log" >out7 2>err7; rc=$?
	check "a sparse 3 GB member is skipped and said, the rest read (exit $rc)" '[ $rc = 0 ] && grep -q "sparse member" err7 && grep -q httpd out7'
fi
rm -rf sp
# Files that appear, vanish, shrink and grow while a run reads the tree:
# each run ends by itself, never of a signal, and the steady file is read.
mkdir churn && touch churning && cp "$OLDPWD/tests/data/bad/cut-short.log" churn/steady.log
(
	i=0
	while [ -e churning ]; do
		i=$((i + 1))
		head -c $((i % 7 * 4096)) "$good" >churn/shifting.log 2>/dev/null
		cp "$good" "churn/come-and-go-$((i % 5)).log" 2>/dev/null
		rm -f "churn/come-and-go-$(((i + 2) % 5)).log"
		: >churn/shifting.log 2>/dev/null
	done
) &
churner=$!
worst=0 steady=0
for run in 1 2 3 4 5 6 7 8 9 10 11 12; do
	"$BIN" --fail-on never churn >out8 2>>err8; rc=$?
	[ $rc -gt $worst ] && worst=$rc
	grep -q httpd out8 && steady=$((steady + 1))
done
rm -f churning; wait $churner; rm -rf churn
check "files changing and vanishing mid-run: 12 runs end, worst exit $worst" '[ $worst -lt 128 ]'
check "the steady file is read on every such run ($steady/12)" '[ $steady = 12 ]'
mkfifo fifo
"$BIN" --fail-on never fifo "$good" >out4 2>err4; rc=$?
check "a FIFO is skipped, not waited on" '[ $rc = 0 ] && grep -q "fifo: warning: not a regular file" err4'
"$BIN" --fail-on never "$good" >/dev/full 2>err5; rc=$?
check "a full disk is exit 5 with a message" '[ $rc = 5 ] && grep -q "cannot write" err5'
mkdir ro && chmod 500 ro
"$BIN" --fail-on never -o ro/report.txt "$good" 2>err6; rc=$?
if [ "$(id -u)" != 0 ]; then
	check "an unwritable -o is exit 5, no partial file" '[ $rc = 5 ] && [ -z "$(ls ro)" ]'
fi
# A site rule's regex with more capture groups than a fixed match data holds.
groups=$(i=0; while [ $i -lt 40 ]; do printf '(?<g%d>a)' $i; i=$((i + 1)); done)
cat >many-groups.yaml <<EOF
rules:
  - id: many-groups
    title: a regex of 40 named groups
    severity: info
    explanation: more groups than 31
    when:
      log: 'manygroups $groups'
EOF
a40=$(i=0; while [ $i -lt 40 ]; do printf a; i=$((i + 1)); done)
printf 'Jan  5 10:00:00 db01 app[1]: manygroups %s\n' "$a40" >many-groups.log
"$BIN" -f json --year 2026 --fail-on never --rules many-groups.yaml many-groups.log >out9 2>err9; rc=$?
check "a regex of 40 named groups matches, no overrun (exit $rc)" '[ $rc = 0 ] && grep -q "g39=a" out9'
check "no file is written next to the inputs" '[ -z "$(ls "$(dirname "$good")" | grep -v -e "\.log$" -e "\.bin$" -e "\.gz$")" ]'
echo "hostile: $pass passed, $fail failed"
[ $fail = 0 ]
