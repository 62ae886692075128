#!/bin/sh
# make bench: memtriage against rg, grep -c and wc -l on the same generated
# inputs, in the same run (hyperfine), with peak RSS; memtriage also with 100
# more site log regexes (phrases, and 7-byte words), on one thread, and
# reading the log with read() instead of mapping it.
# Then memtriage/rg wall and CPU ratios, median and min-max over BENCH_RUNS
# pairs taken in turn (default 10), on every log shape scripts/bench_gen.py
# makes: the syslog, a kernel-chatty one, a central log of 2,000 hosts and a
# `journalctl -o json` export.
# BENCH_MB sets the size of each log (default 256).  Inputs are
# deterministic and kept in build/bench between runs.
set -eu
BIN=${BIN:-build/memtriage}
MB=${BENCH_MB:-256}
RUNS=${BENCH_RUNS:-10}
dir=build/bench
mkdir -p "$dir"
need=""
command -v rg >/dev/null || need="$need ripgrep"
command -v hyperfine >/dev/null || need="$need hyperfine"
[ -x /usr/bin/time ] || need="$need time"
if [ -n "$need" ]; then
	echo "bench: installing$need"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need >/dev/null
fi
log=$dir/syslog-${MB}m.log
[ -s "$log" ] || { echo "bench: generating $log"; /usr/bin/python3 scripts/bench_gen.py "$log" "$MB"; }
for shape in chatty central journal; do
	f=$dir/$shape-${MB}m.log
	[ -s "$f" ] || { echo "bench: generating $f"; /usr/bin/python3 scripts/bench_gen.py "$f" "$MB" $shape; }
done
[ -s "$log.gz" ] || { echo "bench: compressing"; gzip -1 -c "$log" >"$log.gz"; }
quarter=$dir/syslog-${MB}m-quarter.log
[ -s "$quarter" ] || head -c $((MB / 4 * 1048576)) "$log" >"$quarter"
tarball=$dir/sosreport-big.tar.gz
if [ ! -s "$tarball" ]; then
	rm -rf "$dir/sos" && mkdir -p "$dir/sos" && cp -r samples/sosreport-rhel8-vmware "$dir/sos/sosreport-bench"
	head -c $((MB / 4 * 1048576)) "$log" >"$dir/sos/sosreport-bench/var/log/messages"
	tar -C "$dir/sos" -czf "$tarball" sosreport-bench
fi
# one host killing the same program 20,000 times (time linear in the events too)
kills=$dir/kills-20000.log
[ -s "$kills" ] || /usr/bin/python3 - "$kills" <<'PY'
import sys
with open(sys.argv[1], "w") as out:
    for i in range(20000):
        t = f"Mar  1 {i // 3600 % 24:02d}:{i // 60 % 60:02d}:{i % 60:02d} web01 kernel: [{i}.0]"
        out.write(f"{t} java invoked oom-killer: gfp_mask=0x201da, order=0, oom_score_adj=0\n")
        out.write(f"{t} Out of memory: Killed process {1000 + i} (java) total-vm:4000000kB, anon-rss:1900000kB, "
                  "file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:4000kB oom_score_adj:0\n")
PY
# logs full of OOMs: every real report of ../shared/corpus (else the samples'
# logs: several hosts) 2,000 times over, timed with peak RSS as text and JSON
ooms=$dir/ooms-x2000.log
if [ ! -s "$ooms" ]; then
	one=$dir/ooms-x1.log
	if [ -d ../shared/corpus/oom ]; then cat ../shared/corpus/oom/*.log >"$one"
	else cat samples/*/var/log/messages* samples/*/sos_commands/kernel/dmesg* 2>/dev/null >"$one"; fi
	i=0; while [ $i -lt 2000 ]; do cat "$one"; i=$((i + 1)); done >"$ooms"
fi
# 100 more log regexes, each with its own literal: a phrase (RULES100), or 7 bytes at most (RULES100S)
site_rules() { # dir literal-format
	[ -s "$1/site.yaml" ] && return
	mkdir -p "$1"
	{
		echo "rules:"
		i=0
		while [ $i -lt 100 ]; do
			printf "  - id: site-%03d\n    title: app %03d failed\n    severity: info\n    explanation: bench\n    when:\n      log: '$2'\n" $i $i $i
			i=$((i + 1))
		done
	} >"$1/site.yaml"
}
rules=$dir/rules100
site_rules "$rules" 'app(?<n>\\d+)\\[\\d+\\]: backup job %03d failed to complete'
site_rules "$rules"s 'app%03d\\[\\d+\\]: job (?<job>\\S+) failed'
pattern='invoked oom-killer|Out of memory'
# In rounds of 4 runs of each command: this machine's speed drifts over
# seconds, and a command's 10 runs back to back would catch one drift.
for round in 1 2 3; do
	hyperfine -N --output=pipe --warmup 1 --runs 4 --export-json "$dir/plain$round.json" \
		"$BIN --fail-on never -f json $log" "$BIN --rules $rules --fail-on never -f json $log" \
		"$BIN --rules ${rules}s --fail-on never -f json $log" \
		"env MEMTRIAGE_THREADS=1 $BIN --fail-on never -f json $log" \
		"env MEMTRIAGE_MMAP=off $BIN --fail-on never -f json $log" \
		"$BIN --fail-on never -f json $quarter" \
		"rg -c '$pattern' $log" "grep -cE '$pattern' $log" "wc -l $log" >/dev/null
done
hyperfine --output=pipe --warmup 1 --runs 3 --export-json "$dir/gz.json" \
	"$BIN --fail-on never -f json $log.gz" "zcat $log.gz | wc -l" \
	"$BIN --fail-on never -f json $tarball" "$BIN --fail-on never -f json $kills" >/dev/null
rss() { /usr/bin/time -f %M "$@" >/dev/null 2>"$dir/rss" || true; tail -1 "$dir/rss"; }
echo "$(rss $BIN --fail-on never -f json "$log") $(rss $BIN --fail-on never -f json "$log.gz") $(rss $BIN --fail-on never -f json "$tarball") $(rss rg -c "$pattern" "$log") $(rss env MEMTRIAGE_MMAP=off $BIN --fail-on never -f json "$log")" >"$dir/rss.txt"
/usr/bin/python3 - "$dir" "$log" "$tarball" "$quarter" "$kills" <<'PY'
import json, os, statistics, sys
d, log, tarball, quarter, kills = sys.argv[1:6]
size = os.path.getsize(log)
rss = open(f"{d}/rss.txt").read().split()
times = {}
for f in ("plain1", "plain2", "plain3", "gz"):
    for r in json.load(open(f"{d}/{f}.json"))["results"]:
        times.setdefault(r["command"], []).extend(r["times"])
rows = [(c, statistics.median(t)) for c, t in times.items()]
rg = next(t for c, t in rows if c.startswith("rg "))
print(f"input: {log} ({size / 1e6:.0f} MB), {tarball} ({os.path.getsize(tarball) / 1e6:.0f} MB compressed)")
print(f"{'command':<58} {'median s':>9} {'MB/s':>8} {'vs rg':>7}")
for c, t in rows:
    name = c.replace(kills, "KILLS").replace(quarter, "LOG/4").replace(log, "LOG").replace(tarball, "TARBALL").replace(f"{d}/rules100s", "RULES100S").replace(f"{d}/rules100", "RULES100")
    mbps = (os.path.getsize(quarter) if "LOG/4" in name else size) / 1e6 / t if "TARBALL" not in name and "KILLS" not in name else float("nan")
    print(f"{name[:58]:<58} {t:9.3f} {mbps:8.0f} {t / rg:7.2f}")
print(f"peak RSS (kB): memtriage plain {rss[0]} (mapped: file pages in it), read {rss[4]} (none), gz {rss[1]}, tarball {rss[2]}; rg {rss[3]}")
PY
/usr/bin/python3 scripts/bench_pairs.py "$BIN" "$RUNS" syslog="$log" chatty="$dir/chatty-${MB}m.log" \
	central="$dir/central-${MB}m.log" journal="$dir/journal-${MB}m.log"
for fmt in text json; do
	/usr/bin/time -f "%e %U %S %M" $BIN --fail-on never -f $fmt "$ooms" >"$dir/ooms.$fmt" 2>"$dir/ooms.time" || true
	set -- $(tail -1 "$dir/ooms.time")
	echo "ooms-x2000 ($(($(wc -c <"$ooms") / 1000000)) MB, $(head -1 "$dir/ooms.text" | sed 's/.*: \([0-9]* hosts, [0-9]* events\).*/\1/')) -f $fmt: $1 s wall, $2 s user, $3 s system, peak RSS $(($4 / 1024)) MiB, report $(($(wc -c <"$dir/ooms.$fmt") / 1000000)) MB"
done
rm -f "$dir/ooms.json" # a GB and more
