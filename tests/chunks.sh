#!/bin/sh
# Same output, byte for byte, wherever the reads cut the input: every sample
# and (when present) every corpus log and snapshot, read in chunks of 1, 7 and
# 4093 bytes ($MEMTRIAGE_READ_CHUNK) against the usual large reads.  A report
# whose line is split by a chunk boundary must come out as it does whole.
set -u
BIN=${BIN:-build/memtriage}
CORPUS=${MT_CORPUS:-../shared/corpus}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

same() { # name chunk path...
	name=$1 chunk=$2; shift 2
	"$BIN" -f json --year 2026 --fail-on never "$@" >"$tmp/whole" 2>"$tmp/whole.err"
	MEMTRIAGE_READ_CHUNK=$chunk "$BIN" -f json --year 2026 --fail-on never "$@" \
		>"$tmp/cut" 2>"$tmp/cut.err"
	if cmp -s "$tmp/whole" "$tmp/cut" && cmp -s "$tmp/whole.err" "$tmp/cut.err" &&
		grep -q '"schema"' "$tmp/whole"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1)); echo "FAIL $name read in chunks of $chunk differs:"
		diff "$tmp/whole" "$tmp/cut" | head -5
	fi
}

for chunk in 1 7 4093; do
	same samples $chunk samples
done
if [ -d "$CORPUS" ]; then
	for f in "$CORPUS"/oom/* "$CORPUS"/snapshots/*; do
		case $f in *.md) continue ;; esac
		for chunk in 7 4093; do
			same "${f#"$CORPUS"/}" $chunk "$f"
		done
	done
else
	echo "chunks: corpus part SKIPPED: $CORPUS not found (it ships beside the repository)"
fi
echo "chunks: $pass passed, $fail failed"
[ $fail = 0 ]
