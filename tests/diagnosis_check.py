#!/usr/bin/python3
"""Hold memtriage's diagnosis to an expert's reading of the same inputs.

    diagnosis_check.py BIN corpus DIR  tests/corpus/diagnosis-expected.tsv
    diagnosis_check.py BIN samples DIR samples/DIAGNOSIS.tsv

Each row of the table was written by reading the log, before looking at
memtriage's output.  A row holds when the event's primary cause is the
expected one, no kind the expert ruled out is claimed, the top consumer is
named, every kind the expert also saw is claimed (as an event's cause or among
its others), and the advice that must (not) be given is (not) given.  Rows that
memtriage does not meet yet are listed with their reason in the gaps file
(tests/corpus/diagnosis-gaps.tsv): each such check is counted as a known
gap, and a gap that starts to hold is an error, so the list stays true.
"""
import json
import os
import subprocess
import sys

# The advice vocabulary of the tables: how each key shows in the report.
ACTIONS = {
    "add_swap": lambda a: a["action"].startswith("Add swap"),
    # VMware's sizing of a guest's swap for its balloon: part of the balloon advice, not swap as the fix
    "guest_swap_for_balloon": lambda a: a["action"].startswith("Give the guest swap"),
    "raise_memcg_limit": lambda a: a["action"].startswith("Raise the cgroup"),
    "find_leak_or_limit_program": lambda a: (a["rule"].startswith("demand-exceeded") or a["rule"] == "same-victim-again"
                                             or "make the workload fit" in a["action"]),
    "reduce_slab": lambda a: "slab" in a["action"],
    "64bit_kernel": lambda a: "64-bit kernel" in a["action"],
    "vm_reservation": lambda a: "reservation" in a["action"],
    "vmware": lambda a: a["rule"].startswith("esx-"),
    "memory_high": lambda a: "memory.high" in a["action"],
}


def read_tsv(path):
    rows, header = [], None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cells = line.split("\t")
            if header is None:
                header = cells
                continue
            rows.append(dict(zip(header, cells + [""] * (len(header) - len(cells)))))
    return rows


def words(cell):
    return [] if cell in ("", "-") else [w.strip() for w in cell.split(",") if w.strip()]


def advice_of(host):
    """Every piece of advice of a host, as the tables' keys."""
    out = set()
    for r in host.get("recommendations") or []:
        if r.get("sysctl"):
            if not r.get("satisfied"):
                out.add("sysctl:" + r["sysctl"])
            continue
        for rule in r.get("rules") or []:
            act = {"action": r.get("action") or "", "rule": rule}
            out.update("action:" + k for k, test in ACTIONS.items() if test(act))
    return out


def run(binary, path):
    p = subprocess.run([binary, "-f", "json", "--fail-on", "never", path],
                       capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError("%s %s: exit %d: %s" % (binary, path, p.returncode, p.stderr[-500:]))
    return json.loads(p.stdout)


# The clouds of the tables' hypervisor column are platforms: the host's
# "platform"; the other words are its "hypervisor" (null is unknown).
PLATFORMS = ("gce", "azure", "aws")


def hypervisor_check(host, want):
    got_hv = (host or {}).get("hypervisor") or "unknown"
    got_pf = (host or {}).get("platform")
    found = got_hv + ("/" + got_pf if got_pf else "")
    if want in PLATFORMS:
        return ("hypervisor", got_pf == want, found)
    return ("hypervisor", got_hv == want, found)


def check_row(name, events, host, row, lead=None):
    """The checks of one row: a list of (check, ok, what was found).

    @lead: the host's verdict causes, when the row is the whole host (a corpus log)."""
    got_primary = [e["cause"]["kind"] for e in events if e.get("cause")]
    got_all = set(got_primary)
    for e in events:
        got_all.update((e.get("cause") or {}).get("also") or [])
    checks = []
    want = row["cause"]
    if want not in ("", "-"):
        checks.append(("cause", want in got_primary, ",".join(got_primary) or "no event"))
        if lead is not None:
            checks.append(("verdict", lead[:1] == [want], ",".join(lead)))
    for k in words(row.get("also", "")):
        checks.append(("also:" + k, k in got_all, ",".join(sorted(got_all))))
    for k in words(row.get("must_not", "")):
        checks.append(("must_not:" + k, k not in got_all, ",".join(sorted(got_all))))
    top = row.get("top", "-").split(" ")[0]
    if top not in ("", "-"):
        tops = [(e.get("top_consumers") or [{}])[0].get("name") for e in events]
        checks.append(("top", top in tops, ",".join(str(t) for t in tops)))
    advice = advice_of(host) if host else set()
    for k in words(row.get("advice_must", "")):
        if k == "none":
            checks.append(("advice:none", not advice, ",".join(sorted(advice))))
        else:
            checks.append(("advice:" + k, k in advice, ",".join(sorted(advice))))
    for k in words(row.get("advice_must_not", "")):
        checks.append(("advice_not:" + k, k not in advice, ",".join(sorted(advice))))
    if row.get("hypervisor", "") not in ("", "-"):
        checks.append(hypervisor_check(host, row["hypervisor"]))
    return checks


def corpus_rows(binary, root, rows):
    for row in rows:
        path = os.path.join(root, row["file"])
        report = run(binary, path)
        hosts = report["hosts"]
        events = [e for h in hosts for e in h["events"]]
        yield row["file"], events, hosts[0] if hosts else None, row, hosts[0]["verdict"]["causes"] if hosts else []


def samples_rows(binary, root, rows):
    report = run(binary, root)
    # Advice is per host: what must not be given is what no row of the host asks for.
    banned, wanted = {}, {}
    for row in rows:
        b = set(words(row.get("advice_must_not", "")))
        banned[row["host"]] = banned.get(row["host"], b) & b
        wanted.setdefault(row["host"], set()).update(words(row.get("advice_must", "")))
    for row in rows:
        row = dict(row, advice_must_not=",".join(sorted(banned[row["host"]] - wanted[row["host"]])) or "-")
        where, _, which = row["sample"].partition("#")
        hosts = [h for h in report["hosts"] if (h["host"] or "-").split(".")[0] == row["host"].split(".")[0]]
        host = hosts[0] if hosts else None
        if host is None and row["host"] == "-":
            hosts = [h for h in report["hosts"] if h["host"] is None]
            host = hosts[0] if hosts else None
        events = []
        if host:
            events = [e for e in host["events"] if e["source"].startswith(os.path.join(root, where).rstrip("/"))]
            events.sort(key=lambda e: int(e["source"].rsplit(":", 1)[1]))
            if which.isdigit():
                n = int(which)
                events = events[n - 1:n]
        yield row["sample"], events, host, row, None


def main():
    binary, mode, root, table = sys.argv[1:5]
    gaps_path = os.path.join(os.path.dirname(table), "diagnosis-gaps.tsv")
    gaps = {}
    if os.path.exists(gaps_path):
        for g in read_tsv(gaps_path):
            gaps[(g["row"], g["check"])] = g["why"]
    rows = read_tsv(table)
    source = corpus_rows if mode == "corpus" else samples_rows
    passed = failed = known = 0
    seen_gaps = set()
    for name, events, host, row, lead in source(binary, root, rows):
        for check, ok, found in check_row(name, events, host, row, lead):
            key = (name, check)
            if key in gaps:
                seen_gaps.add(key)
                if ok:
                    failed += 1
                    print("FAIL %s: %s now holds; take it out of %s" % (name, check, gaps_path))
                else:
                    known += 1
                continue
            if ok:
                passed += 1
            else:
                failed += 1
                print("FAIL %s: %s (found: %s)" % (name, check, found))
    for key in sorted(set(gaps) - seen_gaps):
        if any(key[0] == r.get("file", r.get("sample")) for r in rows):
            failed += 1
            print("FAIL %s: the gap '%s' names a check that is not made" % key)
    print("diagnosis (%s): %d passed, %d failed, %d known gaps (%s)" % (mode, passed, failed, known, gaps_path))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
