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
# a VM's vmware.log, in the banner of each era (7.x, 8-16.0, 16.2+): said, not read as a log
"$BIN" --fail-on never -f json $D/vmware-ws7.log $D/vmware-ws15.log $D/vmware-ws17.log >"$tmp/vmx.json" 2>"$tmp/vmx.err"
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
# ESXi's vmkernel.log (data/captures/vmkernel-*.log): its memory admission failures,
# in a vm-support bundle of the host the esxtop capture puts app01 on (paired by the
# host's name), forwarded through syslog with the host in each line (paired too), loose
# with no host (paired with nothing), ESXi 6.x's prefix with a VM's own path (through
# --vm; never to a KVM guest), one with none, garbled and cut short.
V=$tmp/esx-esx01.example.com-2026-01-01--00.30-2100334/var/run/log
mkdir -p "$V" "$tmp/loose"
cp $D/vmkernel-7x.log "$V/vmkernel.log"
"$BIN" -f json --year 2026 --fail-on never samples/vmware-guest samples/esxtop "$tmp/esx-esx01.example.com-2026-01-01--00.30-2100334" \
	>"$tmp/k1.json" 2>"$tmp/k1.err"
"$BIN" --year 2026 --fail-on never samples/vmware-guest samples/esxtop "$tmp/esx-esx01.example.com-2026-01-01--00.30-2100334" \
	>"$tmp/k1.txt" 2>/dev/null
sed 's/Z In(182) vmkernel:/Z esx01.example.com vmkernel:/; s/Z Wa(180) vmkwarning:/Z esx01.example.com vmkwarning:/' \
	$D/vmkernel-7x.log >"$tmp/loose/forwarded.log"
"$BIN" -f json --year 2026 --fail-on never samples/vmware-guest samples/esxtop "$tmp/loose/forwarded.log" >"$tmp/k2.json" 2>/dev/null
"$BIN" -f json --year 2026 --fail-on never samples/vmware-guest samples/esxtop $D/vmkernel-7x.log >"$tmp/k3.json" 2>/dev/null
"$BIN" --year 2026 --fail-on never samples/vmware-guest samples/esxtop $D/vmkernel-7x.log >"$tmp/k3.txt" 2>/dev/null
sed 's/^2019-05-04T06:10:1/2025-12-31T23:59:4/' $D/vmkernel-6x.log >"$tmp/loose/6x-shifted.log"
"$BIN" -f json --year 2026 --fail-on never --vm "vm.51207=app01" samples/vmware-guest "$tmp/loose/6x-shifted.log" >"$tmp/k4.json" 2>/dev/null
"$BIN" -f json --year 2026 --fail-on never samples/vmware-guest "$tmp/loose/6x-shifted.log" >"$tmp/k5.json" 2>/dev/null
sed 's/^2019-05-04T06:10:1/2026-03-11T14:07:4/' $D/vmkernel-6x.log >"$tmp/loose/6x-kvm.log"
"$BIN" -f json --year 2026 --fail-on never --vm "vm.51207=app03" $R/kvm-balloon-at-collection/fire "$tmp/loose/6x-kvm.log" >"$tmp/k6.json" 2>/dev/null
"$BIN" --fail-on never $D/vmkernel-no-admission.log >"$tmp/k7.txt" 2>"$tmp/k7.err"
"$BIN" -f json --fail-on never $D/vmkernel-no-admission.log >"$tmp/k7.json" 2>/dev/null
# a figures line whose number is not one, an admission line with no path, a line of no VMkernel shape
{ sed -n 1,2p $D/vmkernel-7x.log; sed -n 3p $D/vmkernel-7x.log | sed 's/requires 1024 KB/requires 10x4 KB/'
  printf '2025-12-31T23:59:41.300Z In(182) vmkernel: cpu8:2099001)Admission failure in path: \n'
  printf 'Admission failure in path: host/vim/vmvisor/hostd\n'; } >"$tmp/loose/garbled.log"
"$BIN" -f json --fail-on never "$tmp/loose/garbled.log" >"$tmp/k8.json" 2>"$tmp/k8.err"
# cut in the middle of the last failure's figures line
head -c "$(( $(head -n 6 $D/vmkernel-7x.log | wc -c) + 60 ))" $D/vmkernel-7x.log >"$tmp/loose/cut.log"
"$BIN" -f json --fail-on never "$tmp/loose/cut.log" >"$tmp/k9.json" 2>"$tmp/k9.err"
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
vmx_err = open(f"{sys.argv[1]}/vmx.err").read()
vmx = json.load(open(f"{sys.argv[1]}/vmx.json"))
check("a VM's vmware.log of every era is said, once each, and why it is not read",
      all(vmx_err.count(f"vmware-ws{v}.log: warning: a VM's vmware.log") == 1 for v in (7, 15, 17))
      and "documented nowhere" in vmx_err)
check("its lines are not read as a log's", vmx["log_lines_read"] == 0 and vmx["hosts"] == [])
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
tmpdir = sys.argv[1]
def load(x):
    return json.load(open(f"{tmpdir}/{x}.json"))
def vmk(doc):
    return [c for c in doc["esx_captures"] if c["tool"] == "vmkernel.log"]
def adm(doc, host="app01"):
    h = next((x for x in doc["hosts"] if x["host"] == host), None)
    return {e["source"].rsplit("/", 1)[1]: e["esx_admission"] for e in h["events"]} if h else {}
def rules_of(doc, host="app01"):
    h = next(x for x in doc["hosts"] if x["host"] == host)
    return {f["rule"]: f for f in h["findings"]}
k1 = load("k1")
caps = vmk(k1)
check("vmkernel.log in a vm-support bundle read by its reader, its host from the bundle's name",
      len(caps) == 1 and caps[0]["esx_host"] == "esx01.example.com" and caps[0]["hypervisor"] == "vmware")
fails = caps[0]["admission_failures"] if caps else []
check("four admission failures, each path paired with its figures by cpu:world (interleaved ones too)",
      [(f["line"], f["path"], f["requested_kb"], f["available_kb"]) for f in fails] == [
          (2, "host/vim/vmvisor/hostd:hostd.2099812:uw.2099812", 1024, 0),
          (4, "host:system:net:vmxnet3Fastslab-0x4305a1e27d40", 2048, 0),
          (5, "host/vim/vmvisor/dcui:dcui.2099345:uw.2099345", 256, 0),
          (8, None, 69804, 18212)])
check("times UTC, occupied KB and the group asked as the log gives them",
      fails and fails[0]["time"] == "2025-12-31T23:59:41Z" and fails[3]["time"] == "2026-01-01T00:00:03Z"
      and all(f["occupied_kb"] == 66893412 and f["asked_of"] == "host" for f in fails))
a = adm(k1)
x = a.get("messages.1:455")
check("the balloon OOM (23:59:59) gets the host's nearest failure, 4 s after it",
      x is not None and x["after_s"] == 4 and x["available_kb"] == 18212 and x["occupied_kb"] == 66893412
      and x["requested_kb"] == 69804 and x["line"] == 8 and x["source"].endswith("var/run/log/vmkernel.log"))
r = rules_of(k1)
evs = next(h for h in k1["hosts"] if h["host"] == "app01")["events"]
num455 = next(i for i, e in enumerate(evs, 1) if e["source"].endswith("messages.1:455"))
check("esx-host-admission-failure-at-oom names it for that event only",
      "esx-host-admission-failure-at-oom" in r and r["esx-host-admission-failure-at-oom"]["events"] == [num455])
ev455 = evs[num455 - 1]
check("the event's causes include the host's exhaustion", "hypervisor_reclaim" in [ev455["cause"]["kind"]] + ev455["cause"].get("also", []))
check("events days away get the nearest failure too, said as not near (no cause)",
      a.get("messages.1:94") is not None and a["messages.1:94"]["after_s"] > 86400
      and "esx-host-admission-failure-not-near" in r)
t1 = " ".join(open(f"{tmpdir}/k1.txt").read().split())
check("the text's time line gives the event the host's refusal, with its numbers and line",
      "esxi refused memory 4 s after this event: asked 68.2 MiB of host, which had 17.8 MiB available, 63.8 GiB occupied" in t1
      and "vmkernel.log:8)" in t1 and "guest app01 is on this host: the failure nearest one of its events came 4 s after it" in t1)
k2 = load("k2")
check("forwarded through syslog: the host from its lines, paired the same",
      [c["esx_host"] for c in vmk(k2)] == ["esx01.example.com"] and (adm(k2).get("messages.1:455") or {}).get("after_s") == 4)
k3 = load("k3")
check("loose with no host: read, paired with no guest, no cause",
      len(vmk(k3)) == 1 and vmk(k3)[0]["esx_host"] is None and len(vmk(k3)[0]["admission_failures"]) == 4
      and all(v is None for v in adm(k3).values()) and "esx-host-admission-failure-at-oom" not in rules_of(k3))
t3 = open(f"{tmpdir}/k3.txt").read()
check("the text says the failures and when, and why none is paired",
      "4 memory admission failures" in t3 and "line 2, 2025-12-31T23:59:41Z: host/vim/vmvisor/hostd" in t3
      and "paired with no guest: the log names no host" in t3)
k4 = load("k4")
c4 = vmk(k4)
check("ESXi 6.x prefix: both failures, the VM path's VM named vm.51207 and paired through --vm",
      c4 and [f["vm"] for f in c4[0]["admission_failures"]] == ["vm.51207", None]
      and c4[0]["vms"] == [{"name": "vm.51207", "guest": "app01"}]
      and [f["available_kb"] for f in c4[0]["admission_failures"]] == [1920, 1920])
x4 = adm(k4).get("messages.1:455")
check("6.x: the nearest failure (23:59:43, 16 s before) explains the balloon OOM",
      x4 is not None and x4["after_s"] == -16 and x4["path"].startswith("host/vim/vmvisor/sfcb")
      and "esx-host-admission-failure-at-oom" in rules_of(k4))
check("6.x without --vm: its VM paired with no guest, no event given a failure",
      [v["guest"] for v in vmk(load("k5"))[0]["vms"]] == [None] and all(v is None for v in adm(load("k5")).values()))
k6 = load("k6")
check("a KVM guest is never paired with an ESXi host's failures, even through --vm",
      [v["guest"] for v in vmk(k6)[0]["vms"]] == [None] and all(v is None for v in adm(k6, "app03").values())
      and next(h for h in k6["hosts"] if h["host"] == "app03")["hypervisor"] == "kvm")
t7, e7 = open(f"{tmpdir}/k7.txt").read(), open(f"{tmpdir}/k7.err").read()
check("a vmkernel.log with no failure is said as read, not unrecognised",
      "vmkernel.log: no memory admission failure" in t7 and "not recognized" not in e7 and "not read" not in e7
      and vmk(load("k7"))[0]["admission_failures"] == [])
k8, e8 = load("k8"), open(f"{tmpdir}/k8.err").read()
check("garbled: a figures line that does not read is named by line and skipped, its path kept with unknown figures",
      "garbled.log:3: warning: not an admission failure's figures" in e8
      and [(f["path"], f["available_kb"]) for f in vmk(k8)[0]["admission_failures"]] == [("host/vim/vmvisor/hostd:hostd.2099812:uw.2099812", None)])
check("garbled: an admission line without a path is named; a line of no VMkernel prefix is passed over",
      "garbled.log:4: warning: 'Admission failure in path:' names no path" in e8 and "garbled.log:5" not in e8)
k9, e9 = load("k9"), open(f"{tmpdir}/k9.err").read()
f9 = vmk(k9)[0]["admission_failures"] if vmk(k9) else []
check("cut short: the last failure's figures line is named, its figures unknown (null, never 0)",
      len(f9) == 3 and f9[2]["path"].startswith("host/vim/vmvisor/dcui") and f9[2]["available_kb"] is None
      and f9[2]["requested_kb"] is None and "cut.log:5: warning: an admission failure whose figures line" in e9)
print(f"esx: {sum(checks)} passed, {len(checks) - sum(checks)} failed")
sys.exit(0 if all(checks) else 1)
PY
