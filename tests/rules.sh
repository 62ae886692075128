#!/bin/sh
# Every shipped rule against the inputs beside it: rules/tests/ID/fire/ must
# make it fire, rules/tests/ID/quiet/ must not.  A rule without both fails.
# More cases of either kind go in fire-NAME/ and quiet-NAME/, each run alone.
set -u
BIN=${BIN:-build/memtriage}
exec /usr/bin/python3 - "$BIN" <<'PY'
import json, os, subprocess, sys
binary = sys.argv[1]
listing = subprocess.run([binary, "--list-rules"], capture_output=True, text=True)
if listing.returncode != 0:
    sys.exit("rules: cannot list the rules:\n" + listing.stderr)
ids = [line.split()[0] for line in listing.stdout.splitlines() if line.strip()]
passed = failed = 0
def cases(rid):
    """(kind, folder) of every case of the rule: fire and quiet first, then fire-*, quiet-*."""
    top = os.path.join("rules", "tests", rid)
    extra = sorted(n for n in (os.listdir(top) if os.path.isdir(top) else [])
                   if n.startswith(("fire-", "quiet-")) and os.path.isdir(os.path.join(top, n)))
    return [(n.split("-")[0], os.path.join(top, n)) for n in ["fire", "quiet"] + extra]

for rid in ids:
    for kind, d in cases(rid):
        if not os.path.isdir(d) or not os.listdir(d):
            print(f"FAIL {rid}: no {kind} test in {d}")
            failed += 1
            continue
        run = subprocess.run([binary, "-f", "json", "--year", "2026", "--fail-on", "never", d],
                             capture_output=True, text=True)
        if run.returncode != 0:
            print(f"FAIL {rid}/{os.path.basename(d)}: exit {run.returncode}: {run.stderr[:400]}")
            failed += 1
            continue
        doc = json.loads(run.stdout)
        fired = any(f["rule"] == rid for h in doc["hosts"] for f in h["findings"])
        if fired == (kind == "fire"):
            passed += 1
        else:
            failed += 1
            print(f"FAIL {rid}/{os.path.basename(d)}: the rule {'did not fire' if kind == 'fire' else 'fired'}")
            for h in doc["hosts"]:
                print(f"     host {h['host']}: {len(h['events'])} events, findings {[f['rule'] for f in h['findings']]}")
print(f"rules: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY
