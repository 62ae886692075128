#!/bin/sh
# The formats agree: for every sample (each folder of samples/, and all of
# them at once), the text (-v: nothing folded), Markdown and HTML reports
# carry each host's verdict and each event's numbers as the JSON gives them:
# each finding's events by number, the victim's anon-rss, the swap, the top consumers, the memcg usage, the
# balloon's size, every zone's free memory, and the memory breakdown.  The
# numbers are formatted here from the JSON's kB, not taken from one report
# to look for in another.  The Markdown's tables have as many cells in each
# row as in their header (they render on GitHub, GitLab and Jira alike).
# Every report is strict UTF-8, as each says it is.  The text, -v or not,
# fits 80 columns, and so does the corpus's logs' when the corpus is here:
# only a word too long for a line, with no '/' to cut it after (a
# container's id), may run over.
set -u
BIN=${BIN:-build/memtriage}
exec /usr/bin/python3 - "$BIN" <<'PY'
import html, json, os, re, subprocess, sys
binary = sys.argv[1]
passed = failed = 0

def kb(v):
    """strbuf_add_kb: what every report prints for a size in kB."""
    if v >= 1024 * 1023.95:
        return "%.1f GiB" % (v / (1024 * 1024))
    if v >= 1023.5:
        return "%.1f MiB" % (v / 1024)
    return "%.0f KiB" % v

def run(fmt, path, verbose=True):
    args = [binary, "--year", "2026", "--fail-on", "never", "-f", fmt, path]
    if fmt == "text" and verbose:
        args.insert(1, "-v")
    out = subprocess.run(args, capture_output=True).stdout
    # strictly: a name of another encoding printed raw is not UTF-8, which every format says it is
    try:
        return out.decode("utf-8")
    except UnicodeDecodeError as e:
        check(f"{path}: the {fmt} report is UTF-8", False, f"{e}: {out[max(e.start - 30, 0):e.end + 10]!r}")
        return out.decode("utf-8", errors="replace")

def flat(s):
    return re.sub(r"\s+", " ", s)

def check(name, ok, why=""):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {name}{': ' + why if why else ''}")

def too_wide(text):
    """Lines past 80 columns, but for one word the wrapper cannot cut: no blank, no '/' but its first or last character."""
    return [line for line in text.split("\n")
            if len(line) > 80 and (" " in line.strip() or "/" in line.strip()[1:-1])]

def unwrap(text):
    """The text with its paths whole again: a line cut after a '/' goes on under the indent."""
    return re.sub(r"/\n +", "/", text)

def markdown_tables(md):
    bad = []
    for block in re.findall(r"(?:^\|.*\|\n)+", md, re.M):
        rows = block.rstrip("\n").split("\n")
        cells = [len(re.findall(r"(?<!\\)\|", r)) for r in rows]
        if len(rows) < 2 or not re.match(r"^\|( -+:? \|)+$", rows[1]) or len(set(cells)) != 1:
            bad.append(rows[0][:60])
    return bad

def refs(events):
    """event_refs(): "#1-#3, #7", a pair "#1, #2"."""
    out, i = [], 0
    while i < len(events):
        j = i
        while j + 1 < len(events) and events[j + 1] == events[j] + 1:
            j += 1
        out.append(f"#{events[i]}" + (f", #{events[j]}" if j == i + 1 else f"-#{events[j]}" if j > i else ""))
        i = j + 1
    return ", ".join(out)

def event_numbers(e, nodes):
    """What each report must say of the event, from the JSON."""
    want = []
    v = e["victim"] or {}
    if v.get("anon_rss_kb") is not None:
        want.append(("anon-rss", f"anon-rss {kb(v['anon_rss_kb'])}"))
    t = e["totals"] or {}
    if t.get("swap_total_kb") == 0:
        want.append(("swap", "swap none"))
    elif t.get("swap_total_kb") is not None and t.get("swap_free_kb") is not None:
        want.append(("swap", f"swap {kb(t['swap_free_kb'])} free of {kb(t['swap_total_kb'])}"))
    for p in (e["top_consumers"] or [])[:3]:
        want.append(("top consumer", f"{p['name']}{' x%d' % p['tasks'] if p['tasks'] > 1 else ''} {kb(p['memory_kb'])}"))
    m = e["memcg"] or {}
    if m.get("memory_usage_kb") is not None:
        want.append(("memcg", f"{kb(m['memory_usage_kb'])} used of limit {kb(m['memory_limit_kb'])}"))
    hv = e.get("hypervisor_sample") or {}
    pic = e.get("vmware") or {}
    balloon = pic.get("balloon_mb") if pic else hv.get("balloon_mb")
    if balloon is not None:
        want.append(("balloon", f"balloon {kb(balloon * 1024)}"))
    for z in e["zones"]:
        if z["free_kb"] is None or z.get("present_kb") == 0:
            continue
        name = (f"node {z['node']} " if nodes > 1 and z["node"] is not None else "") + z["zone"]
        want.append(("zone", f"{name} free {kb(z['free_kb'])}"))
    return want

samples = sorted(d for d in os.listdir("samples") if os.path.isdir(os.path.join("samples", d)))
for path in ["samples/"] + [f"samples/{d}" for d in samples]:
    report = json.loads(run("json", path) or "{}")
    text = flat(unwrap(run("text", path)))
    for verbose in (False, True):
        wide = too_wide(run("text", path, verbose))
        check(f"{path}: the text{' (-v)' if verbose else ''} fits 80 columns", not wide, f"{wide[:3]}")
    md_raw = run("markdown", path)
    md = flat(md_raw.replace("\\|", "|"))
    page = flat(html.unescape(re.sub(r"<[^>]+>", " ", run("html", path))))
    bad = markdown_tables(md_raw)
    check(f"{path}: Markdown tables well formed", not bad, f"{bad}")
    for h in report.get("hosts", []):
        name = h["host"] or f"(host not named in {h['origin']})"
        sev, summary = h["verdict"]["severity"], flat(h["verdict"]["summary"] or "")
        for fmt, body, said in (("text", text, f"{name}: {sev}: {summary}"), ("markdown", md, f"**{sev}**: {summary}"),
                                ("html", page, f"{sev} {summary}")):
            check(f"{path}: {name}: the {fmt} verdict", flat(said) in body, said[:100])
            if not h["events"]:
                # a healthy host's "no OOM kill, ..." once, not again on the line under it
                same = sum(flat(o["verdict"]["summary"] or "") == summary for o in report["hosts"])
                check(f"{path}: {name}: the {fmt} verdict said once", body.count(summary) == same,
                      f"{body.count(summary)} times: {summary}")
        for f in h["findings"]:
            for d in f["details"] or []:
                m = re.match(r"\d+ log lines? matched the rule's pattern, the first read at (\S+:\d+)", d)
                check(f"{path}: {name}: {f['rule']} names what its log lines matched, not only their count",
                      "line(s)" not in d and (not re.match(r"\d+ (log )?line", d) or (m and m[1] in f["evidence"])), d)
            if f["events"]:
                said = refs(f["events"])
                for fmt, body, words in (("text", text, f"events {said}"), ("markdown", md, f"(`{f['rule']}`): events {said}"),
                                         ("html", page, f"{f['rule']} Events (the time line below): {said}")):
                    check(f"{path}: {name}: {f['rule']}'s events in {fmt}", words in body, words)
        for k, e in enumerate(h["events"]):
            nodes = len({z["node"] for z in e["zones"] if z["node"] is not None})
            for what, words in event_numbers(e, nodes):
                for fmt, body in (("text", text), ("markdown", md), ("html", page)):
                    check(f"{path}: {name} #{k + 1}: {what} in {fmt}", words in body, words)
            mem = e["memory"]
            for key in ("anon_kb", "file_kb", "shmem_kb", "slab_kb", "pagetables_kb", "unaccounted_kb", "swap_used_kb"):
                if mem[key] is None:
                    continue
                value = mem[key] - (mem["shmem_kb"] or 0) if key == "anon_kb" and mem["shmem_kb"] is not None else mem[key]
                label = key[:-3].replace("pagetables", "page tables").replace("swap_used", "swap used").replace("anon", "anon less shmem" if mem["shmem_kb"] is not None else "anon")
                check(f"{path}: {name} #{k + 1}: {label} in the HTML legend", f"{label} {kb(value)}" in page, f"{label} {kb(value)}")
                check(f"{path}: {name} #{k + 1}: {key} in the Markdown breakdown", f" {kb(mem[key])} |" in md, kb(mem[key]))
# the corpus's logs, when here, in text as read by default: 80 columns (and UTF-8) too
corpus = "../shared/corpus/oom"
if os.path.isdir(corpus):
    for log in sorted(f for f in os.listdir(corpus) if f.endswith(".log")):
        wide = too_wide(run("text", os.path.join(corpus, log), False))
        check(f"{corpus}/{log}: the text fits 80 columns", not wide, f"{wide[:3]}")
else:
    print(f"formats: the corpus's 80 columns SKIPPED: {corpus} not found")
print(f"formats: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY
