"""memtriage against rg, run in turn: for each input, RUNS pairs of
`memtriage --fail-on never -f json FILE` and
`rg -c 'invoked oom-killer|Out of memory' FILE`, the order flipped every
pair so that neither always runs on a cache or a CPU the other warmed.
Prints per input the wall-time and CPU-time (user + system) ratios
memtriage/rg of the pairs: median and min-max.  The machine's speed drifts
over seconds, so only ratios within a pair are compared.
usage: bench_pairs.py BIN RUNS NAME=FILE..."""
import os, statistics, subprocess, sys, time

PATTERN = "invoked oom-killer|Out of memory"

def run(cmd):
    """Wall seconds and CPU seconds (user + system) of one run of cmd."""
    with open(os.devnull, "wb") as null:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=null)
        _, status, ru = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):  # rg -c exits 1 when nothing matched
        sys.exit(f"bench: {' '.join(cmd)} exited {code}")
    return wall, ru.ru_utime + ru.ru_stime

def spread(xs):
    return f"{statistics.median(xs):5.2f} ({min(xs):.2f}-{max(xs):.2f})"

binary, runs = sys.argv[1], int(sys.argv[2])
print(f"{runs} pairs each, taken in turn; ratio memtriage/rg: median (min-max)")
print(f"{'input':<10} {'MB':>6} {'memtriage s':>11} {'rg s':>6} {'wall ratio':>18} {'CPU ratio':>18}")
for arg in sys.argv[3:]:
    name, path = arg.split("=", 1)
    cmds = ([binary, "--fail-on", "never", "-f", "json", path], ["rg", "-c", PATTERN, path])
    for c in cmds:  # warm the page cache for both
        run(c)
    m, r = [], []
    for i in range(runs):
        pair = {}
        for k in ((0, 1) if i % 2 == 0 else (1, 0)):
            pair[k] = run(cmds[k])
        m.append(pair[0])
        r.append(pair[1])
    wall = [a[0] / b[0] for a, b in zip(m, r)]
    cpu = [a[1] / b[1] for a, b in zip(m, r)]
    print(f"{name:<10} {os.path.getsize(path) / 1e6:6.0f} {statistics.median(a[0] for a in m):11.3f} "
          f"{statistics.median(b[0] for b in r):6.3f} {spread(wall):>18} {spread(cpu):>18}", flush=True)
