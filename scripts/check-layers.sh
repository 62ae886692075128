#!/bin/sh
# Every #include "..." of analyzer/ must point down the folder layers of
# scripts/layers.txt: a folder sees the ones below it, never its own line's
# others nor those above.  A folder the table does not name fails too: a
# new one is placed in the table (and in docs/architecture.md) first.
set -u
cd "$(dirname "$0")/.." || exit 1
awk '
	FNR == NR {
		if ($0 ~ /^#/ || NF == 0)
			next
		level++
		for (i = 1; i <= NF; i++)
			rank[$i] = level
		next
	}
	FNR == 1 {
		file = FILENAME
		sub(/^analyzer\//, "", file)
		from = file ~ /\// ? file : "./" file
		sub(/\/[^\/]*$/, "", from)
		if (!(from in rank)) {
			printf "FAIL %s: folder %s is not in scripts/layers.txt\n", FILENAME, from
			failed++
		}
	}
	/^[ \t]*#[ \t]*include[ \t]*"/ {
		inc = $0
		sub(/^[^"]*"/, "", inc)
		sub(/".*$/, "", inc)
		to = inc ~ /\// ? inc : "./" inc
		sub(/\/[^\/]*$/, "", to)
		if (to == from) {
			passed++
		} else if (!(to in rank)) {
			printf "FAIL %s:%d: includes \"%s\": folder %s is not in scripts/layers.txt\n", FILENAME, FNR, inc, to
			failed++
		} else if ((from in rank) && rank[to] < rank[from]) {
			passed++
		} else if (from in rank) {
			printf "FAIL %s:%d: %s/ includes \"%s\", but %s/ is %s it in scripts/layers.txt\n", FILENAME, FNR, from, inc, to, rank[to] == rank[from] ? "beside" : "above"
			failed++
		}
	}
	END {
		printf "layers: %d passed, %d failed\n", passed, failed
		exit failed > 0
	}
' scripts/layers.txt $(find analyzer -name '*.[ch]' | sort)
