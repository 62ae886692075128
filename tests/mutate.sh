#!/bin/sh
# Every real log and sample, cut at random places and with random bytes
# flipped (fixed seed): memtriage must never die of a signal, a cut
# compressed file must be reported, and the damaged lines the prefilter
# passes over must be the ones that do not matter (MEMTRIAGE_PREFILTER=check
# stops the run otherwise; =off reads every line and must say the same).
set -u
BIN=${BIN:-build/memtriage}
exec /usr/bin/python3 - "$BIN" <<'PY'
import glob, gzip, os, random, subprocess, sys, tempfile
binary = sys.argv[1]
files = sorted(glob.glob("../shared/corpus/oom/*.log") + glob.glob("samples/*/var/log/*") +
               glob.glob("samples/central/*") + glob.glob("samples/journal/*") + glob.glob("samples/dmesg/*") +
               glob.glob("samples/esxtop/*.csv"))
skipped = 0
if not glob.glob("../shared/corpus/oom/*.log"):
    print("mutate: corpus SKIPPED: ../shared/corpus/oom not found; mutating the samples only")
    skipped = 1
rnd = random.Random(7)
runs = died = unreported = 0
with tempfile.TemporaryDirectory() as d:
    for f in files:
        data = open(f, "rb").read()
        for i in range(8):
            b = bytearray(data)
            if i % 2:
                b = b[:rnd.randrange(1, max(2, len(b)))]
            for _ in range(rnd.randrange(1, 16)):
                if b:
                    b[rnd.randrange(len(b))] = rnd.randrange(256)
            path = os.path.join(d, f"m{i}.log")
            open(path, "wb").write(bytes(b))
            argv = [binary, "-f", "json", "--fail-on", "never", "--year", "2026", path]
            r = subprocess.run(argv, capture_output=True, timeout=60,
                               env=dict(os.environ, MEMTRIAGE_PREFILTER="check"))
            full = subprocess.run(argv, capture_output=True, timeout=60,
                                  env=dict(os.environ, MEMTRIAGE_PREFILTER="off"))
            runs += 1
            if r.returncode < 0 or r.returncode > 5:
                died += 1
                print(f"FAIL {f} variant {i}: exit {r.returncode}\n{r.stderr.decode(errors='replace')[-600:]}")
            elif (r.stdout, r.stderr) != (full.stdout, full.stderr):
                died += 1
                print(f"FAIL {f} variant {i}: the prefilter changes the output")
        gz = gzip.compress(data)
        cut = os.path.join(d, "cut.log.gz")
        open(cut, "wb").write(gz[:max(20, len(gz) * 2 // 3)])
        r = subprocess.run([binary, "--fail-on", "never", cut], capture_output=True, timeout=60)
        runs += 1
        if r.returncode < 0 or r.returncode > 5:
            died += 1
            print(f"FAIL {f} cut .gz: exit {r.returncode}")
        elif b"cut.log.gz" not in r.stderr:
            unreported += 1
            print(f"FAIL {f} cut .gz: the damage is not reported")
print(f"mutate: {runs - died - unreported} passed, {died + unreported} failed, {skipped} skipped")
sys.exit(1 if died or unreported else 0)
PY
