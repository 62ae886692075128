"""Compare memtriage's JSON for each corpus log with the expected events."""
import collections
import json
import os
import subprocess
import sys

binary, corpus, expected_path = sys.argv[1:4]

expected = collections.defaultdict(list)
with open(expected_path, encoding="utf-8") as f:
    for line in f:
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 7:
            sys.exit(f"{expected_path}: bad row: {line!r}")
        name, n = cols[0], int(cols[1])
        if n == 0:
            expected[name]
            continue
        expected[name].append(tuple(cols[2:]))

logs = sorted(f for f in os.listdir(corpus) if f.endswith(".log"))
passed = failed = 0
for name in logs:
    if name not in expected:
        print(f"FAIL {name}: not in {expected_path}")
        failed += 1
        continue
    run = subprocess.run([binary, "--format", "json", "--year", "2020",
                          os.path.join(corpus, name)], capture_output=True)
    if run.returncode not in (0, 1):
        print(f"FAIL {name}: exit {run.returncode}: {run.stderr.decode()[:300]}")
        failed += 1
        continue
    doc = json.loads(run.stdout)
    # the table lists the kernel's reports; a userspace killer's kills are checked in diagnosis.sh
    events = [e for h in doc["hosts"] for e in h["events"] if e["type"] != "userspace_kill"]
    events.sort(key=lambda e: int(e["source"].rsplit(":", 1)[1]))
    got = []
    for e in events:
        v = e["victim"] or {}
        got.append((e["type"], e["trigger"]["comm"] or "-",
                    str(v.get("pid")) if v.get("pid") is not None else "-",
                    v.get("comm") or "-",
                    e["constraint"] or "-"))
    want = expected[name]
    if got == want:
        passed += 1
        print(f"ok   {name}: {len(got)} event(s)")
    else:
        failed += 1
        print(f"FAIL {name}:")
        for i in range(max(len(got), len(want))):
            g = got[i] if i < len(got) else None
            w = want[i] if i < len(want) else None
            mark = "  " if g == w else "!!"
            print(f"  {mark} event {i + 1}: got {g}  want {w}")
print(f"corpus: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
