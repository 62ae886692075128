#!/bin/sh
# Snapshots end to end: a sample sosreport read as a tree and as the tarball
# built from it here gives the same facts and events; the real sosreport
# subtree of the corpus (when present) gives the facts read off it by eye.
set -u
BIN=${BIN:-build/memtriage}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0 skipped=0
check() { if eval "$2"; then pass=$((pass + 1)); echo "ok   $1"; else fail=$((fail + 1)); echo "FAIL $1"; fi; }
tree=samples/sosreport-rhel8-vmware
"$BIN" --dump-facts "$tree" 2>/dev/null | sed 's|samples/sosreport-rhel8-vmware/||; s|  .*||' | sort >"$tmp/tree.facts"
tar -C samples -cJf "$tmp/sosreport-erp-app03-2026-06-16-abcdefg.tar.xz" sosreport-rhel8-vmware
"$BIN" --dump-facts "$tmp/sosreport-erp-app03-2026-06-16-abcdefg.tar.xz" 2>/dev/null | sed 's|  .*||' | sort >"$tmp/tar.facts"
check "the tarball gives the tree's facts ($(wc -l <"$tmp/tree.facts") of them)" 'cmp -s "$tmp/tree.facts" "$tmp/tar.facts" && [ $(wc -l <"$tmp/tree.facts") -gt 500 ]'
"$BIN" -f json --fail-on never "$tmp/sosreport-erp-app03-2026-06-16-abcdefg.tar.xz" >"$tmp/tar.json" 2>/dev/null
"$BIN" -f json --fail-on never "$tree" >"$tmp/tree.json" 2>/dev/null
/usr/bin/python3 - "$tmp" <<'PY' && pass=$((pass + 1)) || fail=$((fail + 1))
import json, sys
t = json.load(open(f"{sys.argv[1]}/tree.json")); a = json.load(open(f"{sys.argv[1]}/tar.json"))
key = lambda d: sorted((h["host"], e["type"], e["time"], (e["victim"] or {}).get("pid")) for h in d["hosts"] for e in h["events"])
rules = lambda d: sorted((h["host"], f["rule"]) for h in d["hosts"] for f in h["findings"])
ok = key(t) == key(a) and rules(t) == rules(a) and len(key(t)) == 1
print(("ok   " if ok else "FAIL ") + f"the tarball gives the tree's events and findings ({rules(t)})")
sys.exit(0 if ok else 1)
PY
fact() { grep -F "$1 = " "$2" | head -1 | sed 's|^[^ ]* [^ ]* = ||; s|  .*||'; }
"$BIN" --dump-facts "$tree" >"$tmp/f" 2>/dev/null
check "host name, kernel and hypervisor of the sample" '[ "$(fact identity.hostname "$tmp/f")" = "\"erp-app03.corp.example.com\"" ] && [ "$(fact kernel.release "$tmp/f")" = "\"4.18.0-477.10.1.el8_8.x86_64\"" ] && [ "$(fact virt.hypervisor "$tmp/f")" = "\"vmware\"" ]'
check "running and configured sysctls kept apart" '[ "$(fact sysctl.vm.dirty_ratio "$tmp/f")" = "30 percent" ] && [ "$(fact sysctl_conf.vm.dirty_ratio "$tmp/f")" = "5 percent" ]'
check "each fact with the file and line it came from" 'grep -q "sysctl_conf.vm.dirty_ratio = 5 percent  samples/sosreport-rhel8-vmware/etc/sysctl.d/99-vmware-tuning.conf:6" "$tmp/f"'
"$BIN" -q --year 2026 --emit-sysctl "$tmp/90-memtriage.conf" samples/sosreport-rhel4-esx >/dev/null 2>&1; rc=$?
check "the classic RHEL 4 guest: exit 1 for its critical findings" '[ $rc = 1 ]'
check "its drop-in sets lower_zone_protection and dirty_ratio" 'grep -qx "vm.lower_zone_protection = 100" "$tmp/90-memtriage.conf" && grep -qx "vm.dirty_ratio = 5" "$tmp/90-memtriage.conf"'
check "each block cites the running value and the evidence" 'grep -q "^# vm.dirty_ratio: running 40" "$tmp/90-memtriage.conf" && grep -q "^#     evidence: event #3, oom_kill 2026-03-09T02:22:51, samples/sosreport-rhel4-esx/var/log/messages:683$" "$tmp/90-memtriage.conf"'
check "one host: the drop-in is named for it, no section per host" 'grep -q "^# memtriage .*: recommended kernel settings for jboss02.example.com\.$" "$tmp/90-memtriage.conf" && ! grep -q "^# ---- host" "$tmp/90-memtriage.conf" && [ "$(grep -c "^vm.dirty_ratio = " "$tmp/90-memtriage.conf")" = 1 ]'
for f in text markdown html; do "$BIN" -q --year 2026 -f $f samples/sosreport-rhel4-esx >"$tmp/report.$f" 2>/dev/null; done
check "the drop-in and every report name the file it goes to on the host, the one --emit-sysctl names" 'grep -qx "# /etc/sysctl.d/90-memtriage-jboss02.example.com.conf and run .sysctl --system.\." "$tmp/90-memtriage.conf" && grep -q "^  Drop-in for /etc/sysctl.d/90-memtriage-jboss02.example.com.conf " "$tmp/report.text" && grep -qx "# /etc/sysctl.d/90-memtriage-jboss02.example.com.conf (review before applying)" "$tmp/report.markdown" && grep -q "dropin\"># /etc/sysctl.d/90-memtriage-jboss02.example.com.conf (review before applying)" "$tmp/report.html" && ! grep -q "90-memtriage\.conf" "$tmp/90-memtriage.conf" "$tmp/report.text" "$tmp/report.markdown" "$tmp/report.html"'
"$BIN" -q --year 2026 --emit-sysctl "$tmp/dropins" samples/ >/dev/null 2>"$tmp/dropins.err"
check "several hosts: a directory with one drop-in per host that has a setting to change, named for it" '[ "$(ls "$tmp/dropins" | tr "\n" " ")" = "90-memtriage-app01.conf 90-memtriage-jboss02.example.com.conf " ]'
check "each names its host, and says which were written" 'grep -q "for app01\.$" "$tmp/dropins/90-memtriage-app01.conf" && grep -q "^# /etc/sysctl.d/90-memtriage-app01.conf and run" "$tmp/dropins/90-memtriage-app01.conf" && grep -q "^vm.min_free_kbytes = " "$tmp/dropins/90-memtriage-app01.conf" && ! grep -q "lower_zone_protection" "$tmp/dropins/90-memtriage-app01.conf" && grep -q "2 drop-ins written, one per host with a setting to change (2 of 9)" "$tmp/dropins.err"'
: >"$tmp/plain-file"
"$BIN" -q --year 2026 --emit-sysctl "$tmp/plain-file" samples/ >/dev/null 2>"$tmp/plain.err"; rc=$?
check "several hosts and a FILE: a usage error naming it, the file untouched" '[ $rc = 2 ] && grep -q "plain-file: error: the report has 9 hosts, one drop-in each: --emit-sysctl needs a directory" "$tmp/plain.err" && [ ! -s "$tmp/plain-file" ]'
"$BIN" --emit-sysctl "$tmp/none.conf" samples/sosreport-healthy >/dev/null 2>&1; rc=$?
check "a healthy host: exit 0 and a drop-in with nothing to change" '[ $rc = 0 ] && grep -q "No setting to change" "$tmp/none.conf" && ! grep -q "^vm\." "$tmp/none.conf"'
corpus=../shared/corpus/snapshots/sosreport/rhcos-4.2-sos3.6-hyperv
if [ -d "$corpus" ]; then
	"$BIN" --dump-facts "$corpus" >"$tmp/c" 2>"$tmp/c.err"
	check "corpus sosreport: kernel 4.18.0-80.11.2.el8_0, x86_64" '[ "$(fact kernel.release "$tmp/c")" = "\"4.18.0-80.11.2.el8_0.x86_64\"" ] && [ "$(fact kernel.arch "$tmp/c")" = "\"x86_64\"" ]'
	check "corpus sosreport: a Hyper-V guest of 8 GB" '[ "$(fact virt.hypervisor "$tmp/c")" = "\"hyperv\"" ] && [ "$(fact meminfo.MemTotal "$tmp/c")" = "8164548 kB" ]'
	check "corpus sosreport: vm.overcommit_memory 1 running, sos 3.6" '[ "$(fact sysctl.vm.overcommit_memory "$tmp/c")" = "1" ] && [ "$(fact sos.version "$tmp/c")" = "\"3.6\"" ]'
	check "corpus sosreport: no warning about its files" '[ ! -s "$tmp/c.err" ]'
else
	echo "snapshot: corpus sosreport SKIPPED: $corpus not found; checked the samples only"
	skipped=4
fi
echo "snapshot: $pass passed, $fail failed, $skipped skipped"
[ $fail = 0 ]
