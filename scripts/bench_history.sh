#!/bin/sh
# make bench-history (and make bench): a generated year of nightly reports of
# 1,000 hosts (scripts/bench_history_gen.py) imported into one database, then
# `memtriage history --host` and the whole fleet view timed with hyperfine.
# BENCH_HOSTS, BENCH_NIGHTS and BENCH_RATE (the share of nights a host has
# OOM kills) change the fleet.  Inputs are kept in build/bench-history.
set -eu
BIN=${BIN:-build/memtriage}
HOSTS=${BENCH_HOSTS:-1000}
NIGHTS=${BENCH_NIGHTS:-365}
RATE=${BENCH_RATE:-0.01}
dir=build/bench-history
mkdir -p "$dir"
command -v hyperfine >/dev/null || { echo "bench-history: hyperfine is needed (apt-get install hyperfine)"; exit 1; }
tpl=$dir/template.jsonl
[ -s "$tpl" ] || "$BIN" -f jsonl --fail-on never samples/vmware-guest samples/esxtop >"$tpl" 2>/dev/null
nights=$dir/nights-$HOSTS-$NIGHTS-$RATE
if [ ! -d "$nights" ]; then
	echo "bench-history: generating $NIGHTS nights of $HOSTS hosts"
	/usr/bin/python3 scripts/bench_history_gen.py "$tpl" "$nights.tmp" "$HOSTS" "$NIGHTS" "$RATE"
	mv "$nights.tmp" "$nights"
fi
db=$dir/fleet.db
rm -f "$db" "$db-wal" "$db-shm"
set -- $(for f in "$nights"/night-*.jsonl; do echo "--import $f"; done)
echo "bench-history: importing $(du -sh "$nights" | cut -f1) of JSON Lines ($(cat "$nights"/*.jsonl | wc -l) lines)"
/usr/bin/time -f "bench-history: import: %es, %M KiB peak RSS" "$BIN" history --state "$db" -q "$@"
echo "bench-history: the database: $(du -h "$db" | cut -f1) ($(stat -c %s "$db") bytes)"
/usr/bin/python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print("bench-history: " + ", ".join("%s %d rows" % (t, c.execute("select count(*) from " + t).fetchone()[0])
      for t in ("runs", "verdicts", "events", "findings", "nights", "recommendations")))' "$db"
hyperfine -N --warmup 2 --runs 20 \
	"$BIN history --state $db --host host0042" \
	"$BIN history --state $db --host host0042 -f json" \
	"$BIN history --state $db --since 2026-11-01 -f html -o $dir/fleet.html"
