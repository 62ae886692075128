#!/bin/sh
# Same output, byte for byte, however the input is read: every sample, the
# prefilter's edge cases and (when present) every corpus log and snapshot,
# read in chunks of 1, 7 and 4093 bytes ($MEMTRIAGE_READ_CHUNK) against the
# usual large reads, and with every line read in full (MEMTRIAGE_PREFILTER=off)
# or passed over and checked all the same (=check, which stops the run when a
# line passed over would have mattered), and read ahead on a second thread
# from the first byte (MEMTRIAGE_READAHEAD_AFTER=0), in small reads too, and
# mapped however small the file (MEMTRIAGE_MMAP=0; the usual way maps files
# of 1 MiB and more) or never (=off).  A report whose line is split by a
# chunk boundary must come out as it does whole.
set -u
BIN=${BIN:-build/memtriage}
CORPUS=${MT_CORPUS:-../shared/corpus}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0 skipped=0

same() { # name VAR=value path...
	name=$1 how=$2; shift 2
	"$BIN" -f json --year 2026 --fail-on never "$@" >"$tmp/whole" 2>"$tmp/whole.err"
	env $how "$BIN" -f json --year 2026 --fail-on never "$@" >"$tmp/cut" 2>"$tmp/cut.err"
	if cmp -s "$tmp/whole" "$tmp/cut" && cmp -s "$tmp/whole.err" "$tmp/cut.err" &&
		grep -q '"schema"' "$tmp/whole"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1)); echo "FAIL $name read with $how differs:"
		diff "$tmp/whole" "$tmp/cut" | head -5
		diff "$tmp/whole.err" "$tmp/cut.err" | head -5
	fi
}

for how in MEMTRIAGE_READ_CHUNK=1 MEMTRIAGE_READ_CHUNK=7 MEMTRIAGE_READ_CHUNK=4093 \
	MEMTRIAGE_PREFILTER=off MEMTRIAGE_PREFILTER=check MEMTRIAGE_THREADS=1 \
	MEMTRIAGE_READAHEAD_AFTER=0 "MEMTRIAGE_READAHEAD_AFTER=0 MEMTRIAGE_READ_CHUNK=7" \
	MEMTRIAGE_MMAP=0 "MEMTRIAGE_MMAP=0 MEMTRIAGE_READ_CHUNK=7" "MEMTRIAGE_MMAP=0 MEMTRIAGE_READAHEAD_AFTER=0" \
	"MEMTRIAGE_MMAP=0 MEMTRIAGE_READ_CHUNK=7 MEMTRIAGE_READAHEAD_AFTER=0" MEMTRIAGE_MMAP=off; do
	same samples "$how" samples
	same prefilter-edges "$how" tests/data/prefilter
done
if [ -d "$CORPUS" ]; then
	for f in "$CORPUS"/oom/* "$CORPUS"/snapshots/*; do
		case $f in *.md) continue ;; esac
		for how in MEMTRIAGE_READ_CHUNK=7 MEMTRIAGE_READ_CHUNK=4093 \
			MEMTRIAGE_PREFILTER=off MEMTRIAGE_PREFILTER=check \
			"MEMTRIAGE_READAHEAD_AFTER=0 MEMTRIAGE_READ_CHUNK=4093" \
			"MEMTRIAGE_MMAP=0 MEMTRIAGE_READAHEAD_AFTER=0" \
			"MEMTRIAGE_MMAP=0 MEMTRIAGE_READAHEAD_AFTER=0 MEMTRIAGE_READ_CHUNK=4093" \
			MEMTRIAGE_MMAP=off; do
			same "${f#"$CORPUS"/}" "$how" "$f"
		done
	done
else
	echo "chunks: corpus part SKIPPED: $CORPUS not found (it ships beside the repository)"
	skipped=1
fi
echo "chunks: $pass passed, $fail failed, $skipped skipped"
[ $fail = 0 ]
