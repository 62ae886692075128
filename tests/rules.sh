#!/bin/sh
# Every shipped rule against the inputs beside it: rules/tests/ID/fire/ (and
# each fire-NAME/ beside it, another case) must make it fire, quiet/ (and each
# quiet-NAME/) must not.  A rule without fire/ and quiet/ fails.
# rules/tests/ID/effects.tsv, when there, checks the effects of its
# recommendations: each row "CASE<TAB>KEY<TAB>TEXT" runs the inputs of
# rules/tests/ID/CASE/ and wants TEXT in the effect of sysctl KEY ("!TEXT":
# not in it); the numbers in TEXT are worked out by hand from the inputs.
# rules/tests/ID/advice.tsv, when there, checks what the rule advises: each
# row "CASE<TAB>ADVICE" runs rules/tests/ID/CASE/ and wants the rule ID to
# give ADVICE, "sysctl:KEY" or "action:TEXT" (TEXT in one of its actions);
# "!ADVICE": the rule must not give it (memory.high on a cgroup v1 host).
# rules/tests/ID/causes.tsv, when there, checks the causes the rules give:
# each row "CASE<TAB>KIND<TAB>ALSO" runs rules/tests/ID/CASE/ and wants its
# first event's primary cause KIND and its others ALSO (comma-separated,
# "-" for none), where two rules' kinds meet.
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
    """(kind, folder) of each case of a rule: fire/, quiet/, then fire-NAME/, quiet-NAME/."""
    top = os.path.join("rules", "tests", rid)
    more = sorted(n for n in (os.listdir(top) if os.path.isdir(top) else [])
                  if n.startswith(("fire-", "quiet-")) and os.path.isdir(os.path.join(top, n)))
    for name in ["fire", "quiet"] + more:
        yield name.split("-")[0], os.path.join(top, name)


for rid in ids:
    for kind, d in cases(rid):
        if not os.path.isdir(d) or not os.listdir(d):
            print(f"FAIL {rid}: no {kind} test in {d}")
            failed += 1
            continue
        run = subprocess.run([binary, "-f", "json", "--year", "2026", "--fail-on", "never", d],
                             capture_output=True, text=True)
        if run.returncode != 0:
            print(f"FAIL {d}: exit {run.returncode}: {run.stderr[:400]}")
            failed += 1
            continue
        doc = json.loads(run.stdout)
        fired = any(f["rule"] == rid for h in doc["hosts"] for f in h["findings"])
        if fired == (kind == "fire"):
            passed += 1
        else:
            failed += 1
            print(f"FAIL {d}: the rule {'did not fire' if kind == 'fire' else 'fired'}")
            for h in doc["hosts"]:
                print(f"     host {h['host']}: {len(h['events'])} events, findings {[f['rule'] for f in h['findings']]}")
def report(case_dir):
    run = subprocess.run([binary, "-f", "json", "--year", "2026", "--fail-on", "never", case_dir],
                         capture_output=True, text=True)
    return json.loads(run.stdout) if run.returncode == 0 else None

def rows(name):
    """Each row of every rule's rules/tests/ID/NAME: (table:line, rule, the case's report, its cells)."""
    for rid in ids:
        table = os.path.join("rules", "tests", rid, name)
        if not os.path.exists(table):
            continue
        docs = {}
        for n, line in enumerate(open(table, encoding="utf-8"), 1):
            if not line.strip() or line.startswith("#"):
                continue
            case, *cells = line.rstrip("\n").split("\t")
            if case not in docs:
                docs[case] = report(os.path.join("rules", "tests", rid, case))
            yield f"{table}:{n}", rid, case, docs[case], cells

def advice_of(doc, rid):
    """What rule @rid advises in a report: "sysctl:KEY" and "action:TEXT" strings."""
    out = []
    for h in (doc or {"hosts": []})["hosts"]:
        for r in h["recommendations"]:
            if rid in (r.get("rules") or []):
                out.append("sysctl:" + r["sysctl"] if r.get("sysctl") else "action:" + (r.get("action") or ""))
    return out

for where, rid, case, doc, (key, text) in rows("effects.tsv"):
    effects = [r.get("effect") or "" for h in (doc or {"hosts": []})["hosts"]
               for r in h["recommendations"] if r["sysctl"] == key]
    want = not text.startswith("!")
    text = text if want else text[1:]
    if effects and all((text in e) == want for e in effects):
        passed += 1
    else:
        failed += 1
        print(f"FAIL {where}: {key} effect {'lacks' if want else 'has'} {text!r}: {effects}")
for where, rid, case, doc, (advice,) in rows("advice.tsv"):
    want = not advice.startswith("!")
    advice = advice if want else advice[1:]
    kind, _, text = advice.partition(":")
    given = advice_of(doc, rid)
    has = any(g == advice if kind == "sysctl" else g.startswith("action:") and text in g[7:] for g in given)
    if doc is not None and has == want:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {where}: {rid} {'does not give' if want else 'gives'} {advice!r}: {given}")
for where, rid, case, doc, (kind, also) in rows("causes.tsv"):
    events = [e for h in (doc or {"hosts": []})["hosts"] for e in h["events"]]
    cause = (events[0].get("cause") or {}) if events else {}
    got = (cause.get("kind"), ",".join(sorted(cause.get("also") or [])) or "-")
    if got == (kind, ",".join(sorted(also.split(","))) if also != "-" else "-"):
        passed += 1
    else:
        failed += 1
        print(f"FAIL {where}: {rid} {case}: cause {got[0]}, also {got[1]}; want {kind}, also {also}")
print(f"rules: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY
