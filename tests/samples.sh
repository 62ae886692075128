#!/bin/sh
# The demo samples hold exactly the events written down in samples/EXPECTED.tsv
# (by reading them): one run over samples/, every event in its file and host.
set -u
BIN=${BIN:-build/memtriage}
exec /usr/bin/python3 - "$BIN" <<'PY'
import collections, json, subprocess, sys
binary = sys.argv[1]
want = collections.defaultdict(list)
for line in open("samples/EXPECTED.tsv", encoding="utf-8"):
    line = line.rstrip("\n")
    if not line or line.startswith("#"):
        continue
    c = line.split("\t")
    want["samples/" + c[0]].append((c[2], c[3], c[4], c[5], c[6], c[7]))
run = subprocess.run([binary, "-f", "json", "--year", "2026", "--fail-on", "never", "samples/"],
                     capture_output=True, text=True)
if run.returncode != 0:
    sys.exit(f"samples: exit {run.returncode}: {run.stderr[:500]}")
got = collections.defaultdict(list)
for h in json.loads(run.stdout)["hosts"]:
    host = h["host"].split(".")[0] if h["host"] else "-"
    for e in h["events"]:
        path, line = e["source"].rsplit(":", 1)
        v = e["victim"] or {}
        got[path].append((int(line), (e["type"], e["trigger"]["comm"] or "-",
                                      str(v["pid"]) if v.get("pid") is not None else "-",
                                      v.get("comm") or "-", e["constraint"] or "-", host)))
passed = failed = 0
for path in sorted(set(want) | set(got)):
    g = [x for _, x in sorted(got.get(path, []))]
    if g == want.get(path, []):
        passed += 1
        print(f"ok   {path}: {len(g)} event(s)")
    else:
        failed += 1
        print(f"FAIL {path}:\n     got  {g}\n     want {want.get(path, [])}")
print(f"samples: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY
