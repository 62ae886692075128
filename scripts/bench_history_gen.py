#!/usr/bin/python3
"""A year of nightly -f jsonl reports of a fleet, for make bench-history.

bench_history_gen.py TEMPLATE.jsonl OUTDIR HOSTS NIGHTS RATE

TEMPLATE is memtriage's own -f jsonl of a guest with OOM kills (samples/
vmware-guest with samples/esxtop).  Each night a host writes one line: most
nights the template with no events, findings or recommendations and the
verdict ok; with probability RATE the template's events, shifted to that
night, under the host's name (the same seed: the same files every time).
Each night's file is OUTDIR/night-YYYY-MM-DD.jsonl, its mtime that night.
"""
import copy, datetime, json, os, random, sys

template, outdir, hosts, nights, rate = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
src = json.loads(open(template).readline())
healthy = copy.deepcopy(src)
healthy.update(events=[], findings=[], recommendations=[], not_applicable=[], facts={}, provenance={})
healthy["verdict"] = {"severity": "ok", "causes": [], "summary": None}
healthy["counts"] = dict(healthy["counts"], oom_kill=0, oom_panic=0, alloc_failure=0)
first = datetime.datetime(2025, 12, 1, 3, 0, tzinfo=datetime.timezone.utc)
t0 = datetime.datetime.fromisoformat(src["events"][0]["time"])
rnd = random.Random(18)
os.makedirs(outdir, exist_ok=True)
healthy_text = json.dumps(healthy)
for n in range(nights):
    night = first + datetime.timedelta(days=n)
    path = os.path.join(outdir, "night-%s.jsonl" % night.date())
    with open(path, "w") as out:
        for h in range(hosts):
            name = "host%04d" % h
            if rnd.random() < rate:
                d = copy.deepcopy(src)
                d["host"] = name
                shift = night.replace(tzinfo=None) - datetime.timedelta(hours=rnd.randint(1, 20)) - t0
                for e in d["events"]:
                    e["time"] = (datetime.datetime.fromisoformat(e["time"]) + shift).isoformat()
                    e["source"] = name + ":" + e["source"]
                out.write(json.dumps(d) + "\n")
            else:
                out.write(healthy_text.replace('"host": "%s"' % src["host"], '"host": "%s"' % name, 1) + "\n")
    os.utime(path, (night.timestamp(), night.timestamp()))
