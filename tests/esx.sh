#!/bin/sh
# End to end: the samples' VMware guest app01 and the ESX capture of its host.
# Its balloon-driven OOM (Dec 31 23:59:59) must get the capture's figures of
# that minute; its other events, outside the capture, none; a VM of another
# name pairs only through --vm.  Then the other tools' captures
# (tests/data/captures/): each by its reader, unknown never 0, a file no
# reader knows said.
set -u
BIN=${BIN:-build/memtriage}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
"$BIN" -f json --year 2026 --fail-on never samples/vmware-guest samples/esxtop >"$tmp/a.json" 2>"$tmp/a.err" || { cat "$tmp/a.err"; exit 1; }
sed 's/110234:app01/110234:APP01 prod/g' samples/esxtop/esx01-memory.csv >"$tmp/renamed.csv"
"$BIN" -f json --year 2026 --fail-on never samples/vmware-guest "$tmp/renamed.csv" >"$tmp/b.json" 2>/dev/null
"$BIN" -f json --year 2026 --fail-on never --vm "APP01 prod=app01.example.com" samples/vmware-guest "$tmp/renamed.csv" >"$tmp/c.json" 2>/dev/null
# The seed's scenario: a RHEL 4 guest in America/Los_Angeles (etc/sysconfig/clock), its
# syslog in local time without a zone, esxtop captures in UTC.  The snapshot is taken
# after the 2010 DST start (PDT, -7) while its OOMs were in PST (-8): only the zone's
# history pairs them.
cp -r samples/sosreport-rhel4-esx "$tmp/jboss02"
printf 'Mon Mar 15 09:47:12 PDT 2010\n' >"$tmp/jboss02/sos_commands/date/date"
mkdir -p "$tmp/jboss02/etc/sysconfig" "$tmp/cap"
printf 'ZONE="America/Los_Angeles"\nUTC=true\nARC=false\n' >"$tmp/jboss02/etc/sysconfig/clock"
/usr/bin/python3 - "$tmp/cap" <<'PY'
import sys
h = "\\\\esx35a.example.com\\"
cols = ["Memory\\Machine MBytes", "Memory\\Free MBytes", "Memory\\Kernel MinFree MBytes", "Memory\\Kernel State",
        "Memory\\Memctl Current MBytes"] + ["Group Memory(3412:jboss02)\\" + c for c in
        ("Alloc Min", "Alloc Max", "Memory Size MBytes", "Memctl MBytes", "Memctl Target MBytes", "Swapped MBytes")]
for name, day, minutes in (("esx35a-0308.csv", "03/08/2010", range(5, 55, 5)), ("esx35a-0309.csv", "03/09/2010", range(10, 35, 5))):
    with open(f"{sys.argv[1]}/{name}", "w") as f:
        f.write(",".join(['"(PDH-CSV 4.0) (UTC)(0)"'] + [f'"{h}{c}"' for c in cols]) + "\r\n")
        for m in minutes:
            vals = ["16383", "512", "654", "1", "2400", "0", "-1", "4096.00", "600.00", "600.00", "0.00"]
            f.write(",".join([f'"{day} 10:{m:02d}:00"'] + [f'"{v}"' for v in vals]) + "\r\n")
PY
"$BIN" -f json --fail-on never "$tmp/jboss02" "$tmp/cap" >"$tmp/la.json" 2>"$tmp/la.err" || { cat "$tmp/la.err"; exit 1; }
rm "$tmp/jboss02/etc/sysconfig/clock"
"$BIN" -f json --fail-on never "$tmp/jboss02" "$tmp/cap" >"$tmp/nozone.json" 2>"$tmp/nozone.err"
printf 'Mon Mar 15 22:17:12 IST 2010\n' >"$tmp/jboss02/sos_commands/date/date"
"$BIN" -f json --fail-on never "$tmp/jboss02" "$tmp/cap" >/dev/null 2>"$tmp/ist.err"
# etc/localtime a copy of the zone's TZif file, not a link, and no ZONE=: its own history pairs them.
printf 'Mon Mar 15 09:47:12 PDT 2010\n' >"$tmp/jboss02/sos_commands/date/date"
ZI=${MEMTRIAGE_ZONEINFO:-/usr/share/zoneinfo}
if [ -f "$ZI/America/Los_Angeles" ]; then
	cp "$ZI/America/Los_Angeles" "$tmp/jboss02/etc/localtime"
	"$BIN" -f json --fail-on never "$tmp/jboss02" "$tmp/cap" >"$tmp/copy.json" 2>"$tmp/copy.err"
fi
# The other captures: vCenter's figures of app01 through PowerCLI, esxtop -b
# without -a after a blank line, a file no reader knows.
D=tests/data/captures
"$BIN" -f json --year 2026 --fail-on never samples/vmware-guest $D/powercli-get-stat.csv >"$tmp/d.json" 2>/dev/null
"$BIN" --fail-on never $D/esxtop-b-blank-first.csv >"$tmp/e.txt" 2>"$tmp/e.err"
"$BIN" --fail-on never $D/not-a-capture.csv $D/perfmon-windows.csv >"$tmp/f.txt" 2>"$tmp/f.err"
"$BIN" -f json --fail-on never $D/virsh-domstats-balloon.txt $D/xl-list.txt $D/get-vm.csv $D/perfmon-hyperv-dm.csv >"$tmp/g.json" 2>"$tmp/g.err"
# The other hypervisors' captures paired with their guests: a KVM guest and
# virsh domstats, a Hyper-V guest and its host's perfmon log, a Xen guest and xl list.
R=rules/tests
"$BIN" -f json --year 2026 --fail-on never $R/kvm-balloon-at-collection/fire $R/hyperv-balloon-at-oom/fire-perfmon \
	$R/xen-balloon-at-collection/fire >"$tmp/h.json" 2>"$tmp/h.err"
# libvirt's balloon-change events with their times: the guest's sample near its OOM
"$BIN" -f json --year 2026 --fail-on never $R/kvm-balloon-at-oom/fire >"$tmp/k.json" 2>/dev/null
"$BIN" --year 2026 --fail-on never $R/kvm-balloon-at-oom/fire >"$tmp/k.txt" 2>/dev/null
# ESXi's memstats -r vm-stats names VMs vm.<worldGrp>: paired through --vm, a reading of no time.
"$BIN" -f json --year 2026 --fail-on never --vm "vm.48361=app01" samples/vmware-guest $D/memstats-vm-stats.txt \
	>"$tmp/m.json" 2>"$tmp/m.err"
exec /usr/bin/python3 - "$tmp" <<'PY'
import json, os, sys
d = sys.argv[1]
a, b, c = (json.load(open(f"{d}/{x}.json")) for x in "abc")
checks = []
def check(name, ok):
    checks.append(ok)
    print(("ok   " if ok else "FAIL ") + name)
app = next(h for h in a["hosts"] if h["host"] == "app01")
pics = {e["source"].rsplit("/", 1)[1]: e["vmware"] for e in app["events"]}
p = pics.get("messages.1:455")
check("the balloon OOM has the capture's picture", p is not None)
if p:
    check("taken 59 s before, at 23:59:00 UTC", p["sample_before_s"] == 59 and p["sample_time"] == "2025-12-31T23:59:00Z")
    check("balloon 1078 MB of a 4096 MB VM, 152 MB host-swapped", p["balloon_mb"] == 1078 and p["memsz_mb"] == 4096 and p["swapped_mb"] == 152)
    check("the ESX host was in the clear band", p["host_band"] == "clear")
hs = {e["source"].rsplit("/", 1)[1]: e["hypervisor_sample"] for e in app["events"]}
s = hs.get("messages.1:455")
check("its hypervisor sample is the capture's, 59 s before, not at collection",
      s is not None and s["hypervisor"] == "vmware" and s["at_collection"] is False and s["after_s"] == -59
      and s["time"] == "2025-12-31T23:59:00Z" and s["balloon_mb"] == 1078 and abs(s["balloon_share"] - 1078 / 4096) < 0.001)
check("events outside the capture and without a snapshot have no sample", hs.get("messages.1:94") is None)
check("events outside the capture have none", pics.get("messages.1:94") is None and pics.get("messages:176") is None)
check("the balloon rule cites the capture", any(f["rule"] == "esx-balloon-at-oom" for f in app["findings"]))
check("app01's facts hold the VM's figures", app["facts"].get("esx.vm.memsz_mb") == 4096 and app["facts"].get("esx.vm.max_balloon_mb") == 1150)
cap = a["esx_captures"][0]
check("three VMs, hostd left out", sorted(v["name"] for v in cap["vms"]) == ["app01", "build07", "db02"])
check("only app01 paired", {v["name"]: v["guest"] for v in cap["vms"]} == {"app01": "app01", "db02": None, "build07": None})
check("overcommit of the host", abs(cap["capacity"]["overcommit"] - 1.13) < 0.01)
appb = next(h for h in b["hosts"] if h["host"] == "app01")
check("a VM of another name does not pair by itself", all(e["vmware"] is None for e in appb["events"]))
appc = next(h for h in c["hosts"] if h["host"] == "app01")
check("--vm pairs it", any(e["vmware"] for e in appc["events"]))
if os.path.exists("/usr/share/zoneinfo/America/Los_Angeles") or os.environ.get("MEMTRIAGE_ZONEINFO"):
    la = json.load(open(f"{d}/la.json"))["hosts"][0]
    pics = [e["vmware"] for e in la["events"]]
    check("the Los Angeles guest: every event paired with the UTC captures",
          len(pics) == 3 and all(p is not None for p in pics))
    check("each read in PST (-8), as the zone was that week: 10:17:43, 10:41:09 and 10:22:51 UTC",
          [p and p["sample_before_s"] for p in pics] == [163, 69, 171])
    s = la["events"][0]["hypervisor_sample"]
    check("its sample says when it was true", s and s["time"] == "2010-03-08T10:15:00Z" and s["after_s"] == -163)
    check("no warning when the zone is known", open(f"{d}/la.err").read() == "")
    cp = json.load(open(f"{d}/copy.json"))["hosts"][0]
    check("a copied etc/localtime: its own history pairs every event in PST, with no warning",
          [e["vmware"] and e["vmware"]["sample_before_s"] for e in cp["events"]] == [163, 69, 171]
          and open(f"{d}/copy.err").read() == "" and "identity.timezone_history" in cp["facts"])
    ist = open(f"{d}/ist.err").read()
    check("an abbreviation of several offsets is said, with what it may be, and --tz",
          "its date's 'IST' may be India +05:30, Israel +02:00 or Ireland +01:00" in ist and "--tz" in ist)
    nz = open(f"{d}/nozone.err").read()
    check("without the zone, the pairing says it took the date's PDT (-07:00) for every season, and how to give the zone",
          "read at -07:00, the offset of its date's 'PDT'" in nz and "an hour off" in nz and "--tz" in nz)
else:
    print("SKIPPED the Los Angeles guest: no tz database")
d = json.load(open(f"{sys.argv[1]}/d.json"))
appd = next(h for h in d["hosts"] if h["host"] == "app01")
pd = {e["source"].rsplit("/", 1)[1]: e["vmware"] for e in appd["events"]}.get("messages.1:455")
check("PowerCLI's vCenter figures pair with the balloon OOM", pd is not None and pd["balloon_mb"] == 1080 and pd["swapped_mb"] == 152 and pd["sample_before_s"] == 19)
check("PowerCLI's times are said to be local", d["esx_captures"][0]["local_times"] is True and d["esx_captures"][0]["tool"] == "PowerCLI Get-Stat")
e = open(f"{sys.argv[1]}/e.txt").read()
check("a blank line before the header: still a capture", "ESX esx02.example.com" in e and "log line" in e and "(0 log lines)" in e)
check("no per-VM Memctl: unknown, not 0, and the host's total", "VMs ballooned: unknown" in e and "Memctl Current) reached 5.3 GiB" in e and "VMs ballooned: 0" not in e)
f = open(f"{sys.argv[1]}/f.err").read()
check("a file no reader knows is said once", f.count("not-a-capture.csv: warning: not recognized as a log, snapshot or hypervisor capture") == 1)
check("a Windows perfmon log is no ESX host", "perfmon-windows.csv: warning: a Windows performance log" in f and "ESX" not in open(f"{sys.argv[1]}/f.txt").read())
g = json.load(open(f"{sys.argv[1]}/g.json"))
kinds = sorted((c["hypervisor"], c["tool"]) for c in g["esx_captures"])
check("each tool read by its own reader", kinds == [("hyperv", "Get-VM"), ("hyperv", "perfmon"), ("kvm", "virsh domstats"), ("xen", "xl list")])
check("no capture of unknown time counted as a log", g["log_lines_read"] == 0 and open(f"{sys.argv[1]}/g.err").read() == "")
h = json.load(open(f"{sys.argv[1]}/h.json"))
hv = {x["host"]: x["events"][0]["hypervisor_sample"] for x in h["hosts"] if x["events"]}
s = hv.get("app03")
check("KVM: virsh domstats gives the guest's sample, at collection of unknown time",
      s is not None and s["hypervisor"] == "kvm" and s["at_collection"] is True and s["time"] is None
      and s["after_s"] is None and s["balloon_mb"] == 1024 and s["memsz_mb"] == 8192)
s = hv.get("app02")
check("Hyper-V: the host's perfmon sample 5 s before the OOM, 4096 - 1980 MB ballooned",
      s is not None and s["hypervisor"] == "hyperv" and s["at_collection"] is False and s["time"] == "2026-01-02T10:40:15Z"
      and s["after_s"] == -5 and s["balloon_mb"] == 2116 and s["host_free_mb"] == 622)
s = hv.get("app04")
check("Xen: xl list's 7096 MB against the guest's 8192 MB of DMI memory, at collection",
      s is not None and s["hypervisor"] == "xen" and s["at_collection"] is True and s["balloon_mb"] == 1096 and s["memsz_mb"] == 8192)
err = open(f"{sys.argv[1]}/h.err").read()
check("only the timed capture asks for the guest's zone", "perfmon-hyperv-dm.csv: warning: app02" in err
      and "virsh" not in err and "xl-list" not in err)
k = json.load(open(f"{sys.argv[1]}/k.json"))
s = k["hosts"][0]["events"][0]["hypervisor_sample"]
check("KVM: virsh event's balloon 141 s before the OOM (build09's change; app03's 7 GiB held since 14:02:10), of the report's 8 GiB of pages RAM",
      [(c["hypervisor"], c["tool"]) for c in k["esx_captures"]] == [("kvm", "virsh event")]
      and s is not None and s["hypervisor"] == "kvm" and s["at_collection"] is False and s["time"] == "2026-03-11T14:05:31Z"
      and s["after_s"] == -141 and abs(s["balloon_mb"] - (2097045 * 4 / 1024 - 7168)) < 0.1
      and any(f["rule"] == "kvm-balloon-at-oom" for f in k["hosts"][0]["findings"])
      and k["hosts"][0]["events"][0]["cause"]["kind"] == "hypervisor_reclaim")
t = open(f"{sys.argv[1]}/k.txt").read()
check("KVM: the capture covers the guest's event, and no esxtop hint for a virsh capture",
      "VM app03 is guest app03: the capture covers 1 of its 1 event" in t and "esxtop -b without -a" not in t)
m = json.load(open(f"{sys.argv[1]}/m.json"))
check("memstats read by its own reader", [(c["hypervisor"], c["tool"]) for c in m["esx_captures"]] == [("vmware", "memstats vm-stats")]
      and sorted(v["name"] for v in m["esx_captures"][0]["vms"]) == ["vm.48361", "vm.51207"])
appm = next(x for x in m["hosts"] if x["host"] == "app01")
s = appm["events"][0]["hypervisor_sample"]
check("memstats: balloon 1078 MB (target 1152) of 4096, 152 swapped, 9 zipped, no limit, at collection of unknown time",
      s is not None and s["hypervisor"] == "vmware" and s["at_collection"] is True and s["time"] is None
      and s["balloon_mb"] == 1078 and s["balloon_target_mb"] == 1152 and s["memsz_mb"] == 4096
      and s["swapped_mb"] == 152 and s["compressed_mb"] == 9 and s["limit_mb"] == -1 and s["reservation_mb"] == 0)
check("memstats gives no picture (no time) and only advice of its own",
      all(e["vmware"] is None for e in appm["events"])
      and any(f["rule"] == "esx-balloon-at-collection" for f in appm["findings"])
      and not any(f["rule"] == "esx-balloon-at-oom" for f in appm["findings"]))
print(f"esx: {sum(checks)} passed, {len(checks) - sum(checks)} failed")
sys.exit(0 if all(checks) else 1)
PY
