#!/bin/sh
# The --state history across nights: samples/sosreport-rhel4-esx's messages
# fed in three nightly pieces (one java kill a night) fire same-victim-again
# on the third night only; findings are marked new, then again; -q says
# nothing when nothing is new.  MEMTRIAGE_NOW sets each night's clock.
# The README's cron and fleet examples are run here and compared with it.
# Every run of the binary goes through w(): an exit 9 (an error of the tool
# under MT_WRAP, valgrind's --error-exitcode, or of ASan/UBSan: make asan)
# fails the suite whatever the step expected.
set -u
BIN=${BIN:-$(pwd)/build/memtriage}
case "$BIN" in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
WRAP=${MT_WRAP:-}
cwd=$(pwd)
self=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")
src=$cwd/samples/sosreport-rhel4-esx/var/log/messages
tmp=$(mktemp -d) || exit 1
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
mkdir log
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; [ -f err ] && cat err; }
skip=0
w() { # w ARGS: the binary, under MT_WRAP; an exit 9 is kept in wrap-errors
	$WRAP "$BIN" "$@"
	wrc=$?
	[ $wrc = 9 ] && echo "exit 9: memtriage $*" >>"$tmp/wrap-errors"
	return $wrc
}
# `memtriage` for the README's commands: w() as a program
mkdir bin
printf '#!/bin/sh\n%s "%s" "$@"\nwrc=$?\n[ $wrc = 9 ] && echo "exit 9: memtriage $*" >>"%s/wrap-errors"\nexit $wrc\n' \
	"$WRAP" "$BIN" "$tmp" >bin/memtriage
chmod +x bin/memtriage
night() { # night N STATE [args]: run night N (2026-11-28 + N - 1, 03:00 UTC)
	n=$1 st=$2; shift 2
	MEMTRIAGE_NOW=$((1795834800 + (n - 1) * 86400)) w --state "$st" --fail-on never "$@" log 2>err
}
three_nights() { # three_nights FORMAT: each night's report in night1.FORMAT ...
	rm -f log/messages
	# the three kills are at lines 326, 375 and 721: one in each piece
	sed -n 1,340p "$src" >log/messages
	night 1 "st.$1" -f "$1" >"night1.$1"
	sed -n 341,400p "$src" >>log/messages
	night 2 "st.$1" -f "$1" >"night2.$1"
	sed -n '401,$p' "$src" >>log/messages
	night 3 "st.$1" -f "$1" >"night3.$1"
}
rules_of() { # the findings of a JSON report: "id:new" or "id:again/N/since"
	/usr/bin/python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
out = []
for h in d["hosts"]:
    for f in h["findings"]:
        s = f["history"]
        out.append(f["rule"] + ":" + (s["status"] if s["status"] == "new" else "again/%d/%s" % (s["nights"], s["since"])))
print(" ".join(sorted(out)))' "$1"
}
for f in json text markdown html; do three_nights $f; done
r1=$(rules_of night1.json) r2=$(rules_of night2.json) r3=$(rules_of night3.json)
case "$r1 $r2" in *same-victim-again*) bad "same-victim-again before the third night: [$r1] [$r2]" ;;
*) ok "nights 1 and 2: no same-victim-again (one kill each)" ;; esac
case "$r3" in *same-victim-again:new*) ok "night 3: same-victim-again fires, new" ;;
*) bad "night 3: [$r3]" ;; esac
case "$r1" in *oom-kill:new*) ok "night 1: oom-kill new" ;; *) bad "night 1: [$r1]" ;; esac
case "$r3" in *oom-kill:again/3/2026-11-28*) ok "night 3: oom-kill again, 3 nights since 2026-11-28" ;;
*) bad "night 3: [$r3]" ;; esac
tr -s '\n ' '  ' <night3.text >night3.flat   # titles wrap at 80 columns
grep -q "(same-victim-again; new)" night3.flat && grep -q "(oom-kill; again: 3 nights since 2026-11-28)" night3.flat &&
	ok "text marks new and again" || { bad "text marks"; cat night3.text; }
grep -q '`same-victim-again`) \*new\*' night3.markdown && grep -q '`oom-kill`) \*again: 3 nights since 2026-11-28\*' night3.markdown &&
	ok "markdown marks new and again" || bad "markdown marks"
grep -q 'same-victim-again</code> <span class="muted">new</span>' night3.html &&
	grep -q 'oom-kill</code> <span class="muted">again: 3 nights since 2026-11-28</span>' night3.html &&
	ok "html marks new and again" || bad "html marks"
/usr/bin/python3 -c 'import json, sys, jsonschema
jsonschema.Draft202012Validator(json.load(open(sys.argv[1]))).validate(json.load(open(sys.argv[2])))' \
	"$cwd/docs/memtriage-1.schema.json" night3.json && ok "night 3's JSON (history objects) validates against the schema" || bad "schema"
# the whole log at once, without --state: the same finding, as a check of the split
whole=$(w --fail-on never -f json "$src" 2>/dev/null | /usr/bin/python3 -c 'import json, sys
print(" ".join(sorted(f["rule"] for h in json.load(sys.stdin)["hosts"] for f in h["findings"])))')
case "$whole" in *same-victim-again*) ok "the whole log in one run fires it too" ;; *) bad "whole log: [$whole]" ;; esac
# -q: night 2's kill is news, though every finding of it is one of night 1's again
sed -n 1,340p "$src" >log/messages
night 1 st.q -q --fail-on warning >/dev/null
sed -n 341,400p "$src" >>log/messages
out=$(night 2 st.q -q --fail-on warning)
case "$out" in *"again: 2 nights since 2026-11-28"*) ok "-q: a new kill is reported, its findings again" ;; *) bad "-q night 2: [$out]" ;; esac
# -q: a snapshot whose setting is a finding every night (panic_on_oom set)
snap=$cwd/rules/tests/panic-on-oom-set/fire
q() { MEMTRIAGE_NOW=$((1795834800 + ($1 - 1) * 86400)) w --state st2 -q --fail-on warning "$snap" 2>err; }
out=$(q 1); rc=$?
[ -n "$out" ] && [ $rc = 1 ] && ok "-q: the first night's finding is reported" || bad "-q first night (rc $rc): [$out]"
out=$(q 2); rc=$?
[ -z "$out" ] && [ $rc = 1 ] && ok "-q: silent the next night, the finding only again (rc 1 all the same)" || bad "-q next night (rc $rc): [$out]"
# The README's example blocks of the cron and fleet sections: the block that
# starts "$ MARK..." run in DIR, command by command (their `memtriage` is bin/'s),
# each command's stdout compared with the lines under it; a line "..." there
# stands for any lines.
readme() { # readme DIR MARK [VAR=VALUE...]
	d=$1 mark=$2; shift 2
	(cd "$d" && env PATH="$tmp/bin:$PATH" "$@" /usr/bin/python3 - "$cwd/README.md" "$mark" <<'PY'
import re, subprocess, sys, difflib
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
mark = "$ " + sys.argv[2]
try:
    i = next(k for k in range(len(lines) - 1) if lines[k].startswith("```") and lines[k + 1].startswith(mark))
except StopIteration:
    sys.exit("README.md: no example block starting with '%s'" % mark)
j = i + 1
while not lines[j].startswith("```"):
    j += 1
steps = []
for l in lines[i + 1:j]:
    if l.startswith("$ "):
        steps.append((l[2:], []))
    else:
        steps[-1][1].append(l)
failed = False
for cmd, want in steps:
    got = subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout
    pat = "".join("(?:.*\n)*?" if w == "..." else re.escape(w + "\n") for w in want)
    if not re.fullmatch(pat, got):
        failed = True
        print("README.md:%d: $ %s prints otherwise:" % (i + 2, cmd))
        sys.stdout.writelines(list(difflib.unified_diff([w + "\n" for w in want], got.splitlines(True), "README.md", cmd))[:60])
sys.exit(1 if failed else 0)
PY
	)
}
mkdir readme readme/log
sed -n 1,340p "$src" >readme/log/messages
(cd readme && MEMTRIAGE_NOW=1795834800 PATH="$tmp/bin:$PATH" memtriage -q --state state.db log >/dev/null 2>&1
	sed -n 341,400p "$src" >>log/messages
	MEMTRIAGE_NOW=1795921200 PATH="$tmp/bin:$PATH" memtriage -q --state state.db log >/dev/null 2>&1
	sed -n '401,$p' "$src" >>log/messages)
readme readme "memtriage -q --state state.db log" MEMTRIAGE_NOW=1796007600 >readme.out 2>&1 &&
	ok "README: the third night's report is the real one" || { bad "README night 3"; cat readme.out; }
readme readme "memtriage history --state state.db --host jboss02" >readme.out 2>&1 &&
	ok "README: the host's history is the real one" || { bad "README history"; cat readme.out; }
mkdir readme-fleet; ln -s "$cwd/samples" readme-fleet/samples
readme readme-fleet "memtriage -f jsonl --fail-on never samples/ > fleet-2026-12-01.jsonl" >readme.out 2>&1 &&
	ok "README: the samples as a fleet's night" || { bad "README fleet"; cat readme.out; }
if command -v jq >/dev/null; then
	readme readme-fleet "memtriage -f jsonl --fail-on never samples/vmware-guest | jq -c 'def later(s):" >readme.out 2>&1 &&
		ok "README: the guests paired centrally" || { bad "README fleet guests"; cat readme.out; }
else
	skip=$((skip + 1)); echo "SKIP README's fleet guests block: needs jq, not installed"
fi

# memtriage history over night 3's database
w history --state st.json >hist.txt 2>err; rc=$?
grep -q "^jboss02$" hist.txt && grep -q "2026?-03-09T02:22:51  oom_kill java (pid 25333): lowmem_exhausted" hist.txt &&
	grep -q "same-victim-again: The same program was killed again and again (1 night, 2026-11-30)" hist.txt &&
	grep -q "oom-kill: .* (3 nights, 2026-11-28 to 2026-11-30)" hist.txt && grep -q "^  jboss02 *CCC$" hist.txt && [ $rc = 0 ] &&
	ok "history (text): events, findings with their nights, the verdict of each night" || { bad "history text (rc $rc)"; cat hist.txt; }
w history --state st.json -f json --since 2026-11-30 >hist.json 2>err
/usr/bin/python3 -c 'import json, sys
d = json.load(open("hist.json"))
assert d["nights"] == ["2026-11-30"], d["nights"]
assert d["verdicts"] == {"jboss02": ["critical"]}, d["verdicts"]
assert [f["nights"] for f in d["findings"] if f["rule"] == "oom-kill"] == [1]
assert len(d["events"]) == 0, d["events"]' && ok "history --since: only that night (json)" || bad "history --since json"
w history --state st.json --host nosuchhost -f json | /usr/bin/python3 -c 'import json, sys
d = json.load(sys.stdin); assert not d["events"] and not d["findings"] and not d["nights"]' &&
	ok "history --host: another host's history is not shown" || bad "history --host"
w history --state st.json -f html >hist.html
grep -q '<td class="critical" title="2026-11-29: critical">C</td>' hist.html && ok "history -f html: the fleet grid" || bad "history html"
w history --state st.json -f markdown | grep -q "^| jboss02 | critical | critical | critical |$" && ok "history -f markdown: the grid" || bad "history markdown"
w history --state nosuch.db >/dev/null 2>err; rc=$?
[ $rc = 5 ] && grep -q "nosuch.db: error: no history to read" err && [ ! -e nosuch.db ] && ok "history of a missing database: said, not created" || bad "history missing db (rc $rc)"

# --import: guests of one capture killed minutes apart, one program on three hosts
w -f jsonl --fail-on never "$cwd/samples/vmware-guest" "$cwd/samples/esxtop" >app01.jsonl 2>/dev/null
# the same capture by another path (relative), and app01 without it (a guest's own cron job)
(cd "$cwd" && w -f jsonl --fail-on never samples/vmware-guest samples/esxtop) >rel.jsonl 2>/dev/null
(cd "$cwd" && w -f jsonl --fail-on never samples/vmware-guest) >bare.jsonl 2>/dev/null
as() { # as SRC HOST SHIFT_S: SRC's first host named HOST, its events SHIFT_S later
	/usr/bin/python3 - "$@" <<'PY'
import json, sys, datetime
d = json.loads(open(sys.argv[1]).readline())
d["host"], shift = sys.argv[2], int(sys.argv[3])
for e in d["events"]:
    e["time"] = (datetime.datetime.fromisoformat(e["time"]) + datetime.timedelta(seconds=shift)).isoformat()
print(json.dumps(d))
PY
}
fleet() { # fleet OUT SPREAD_S: app01's report as hosts g1..g3, each SPREAD_S after the last
	{ as app01.jsonl g1 0; as app01.jsonl g2 "$2"; as app01.jsonl g3 $(($2 * 2)); } >"$1"
	touch -d 2026-12-01T03:00Z "$1"
}
fleet near.jsonl 120
w history --state fleet.db --import near.jsonl >fleet.txt 2>err; rc=$?
grep -q "near.jsonl: 3 hosts imported" err && grep -q "fleet-guests-killed-together.*: g1 at .* and g2 at .* (120 s apart), both guests of esx01.example.com$" fleet.txt &&
	grep -q "fleet-same-program.*: java killed on 3 hosts within 7 days from 2025?-12-29T14:37:13: g1,g2,g3" fleet.txt && [ $rc = 0 ] &&
	ok "--import: the fleet findings fire (guests minutes apart, java on 3 hosts), the guests' years marked guessed" || { bad "fleet fire (rc $rc)"; cat fleet.txt; }
grep -q "^  g1 *W$\|^  g1 *C$" fleet.txt && ok "--import: the night is the file's modification time" || bad "import night"
fleet far.jsonl 432000
w history --state far.db --import far.jsonl >far.txt 2>err
if grep -q "fleet-guests-killed-together\|fleet-same-program" far.txt; then bad "fleet findings fired 5 days apart"; cat far.txt
else ok "--import: quiet 5 days apart (guests beyond 10 minutes, java on 2 hosts within 7 days)"; fi
# fleet-same-program: another host's kills a month later do not hide the cluster
as app01.jsonl late 2592000 >late.jsonl
w history --state late.db --import near.jsonl --import late.jsonl >late.txt 2>err
grep -q "fleet-same-program.*: java killed on 3 hosts within 7 days from 2025?-12-29T14:37:13: g1,g2,g3$" late.txt &&
	ok "fleet-same-program: the window slides (a later host's kills do not hide g1..g3's)" || { bad "same-program window"; cat late.txt; }
# the same capture read by an absolute and a relative path: one ESX host
{ as app01.jsonl g1 0; as rel.jsonl g2 60; } >paths.jsonl
w history --state paths.db --import paths.jsonl >paths.txt 2>err
grep -q "fleet-guests-killed-together.*: g1 at .* and g2 at .* (60 s apart), both guests of esx01.example.com$" paths.txt &&
	ok "guests pair on the capture's ESX host, not its path (absolute and relative)" || { bad "paths pairing"; cat paths.txt; }
# guests imported without a capture, paired centrally by the capture and --vm
{ as bare.jsonl g1 0; as bare.jsonl g2 120; } >bare2.jsonl
w history --state bare.db --import bare2.jsonl >bare.txt 2>err
grep -q "fleet-guests-killed-together" bare.txt && bad "guests without a capture paired" || ok "guests without a capture: not paired"
w history --state bare.db --import "$cwd/samples/esxtop/esx01-memory.csv" --vm app01=g1 --vm db02=g2 >bare.txt 2>err; rc=$?
grep -q "esx01-memory.csv: 3 VMs paired with guests (esx01.example.com: app01=g1 db02=g2 build07)" err &&
	grep -q "fleet-guests-killed-together.*: g1 at 2025?-12-31T23:59:59 and g2 at 2026?-01-01T00:01:59 (120 s apart), both guests of esx01.example.com$" bare.txt &&
	[ "$(grep -c fleet-guests-killed-together bare.txt)" = 1 ] && [ $rc = 0 ] &&
	ok "a capture and --vm given to history --import pair the guests, over the capture's time only" || { bad "central pairing (rc $rc)"; cat bare.txt err; }
echo garbage >notjson.txt
w history --state bare.db --import notjson.txt >/dev/null 2>err; rc=$?
[ $rc = 4 ] && grep -q "notjson.txt: error: neither memtriage's JSON Lines (-f jsonl) nor a hypervisor capture" err &&
	ok "--import of neither JSON Lines nor a capture: said, exit 4" || bad "--import garbage (rc $rc)"

# the per-host cron line of the README: a quiet night is still a record ("o"), -q or not
cp "$src" log/messages
for q in -q ""; do
	rm -f cron.db*
	MEMTRIAGE_NOW=1795834800 w $q --state host.db -f jsonl --fail-on never log >n1.jsonl 2>err
	MEMTRIAGE_NOW=1795921200 w $q --state host.db -f jsonl --fail-on never log >n2.jsonl 2>err
	touch -d 2026-11-28T06:15Z n1.jsonl; touch -d 2026-11-29T06:15Z n2.jsonl
	w history --state cron.db --import n1.jsonl --import n2.jsonl >cron.txt 2>err
	grep -q "^  jboss02 *Co$" cron.txt && ok "cron ${q:-without -q}: a quiet night's -f jsonl line imports as ok" || { bad "cron quiet night ${q}"; cat cron.txt n2.jsonl; }
	rm -f host.db*
done
echo "Mar 10 01:00:00 jboss02 sshd[1]: Accepted publickey for admin" >quiet.log
w -q --state fresh.db -f jsonl --fail-on never quiet.log >fresh.jsonl 2>err
[ "$(/usr/bin/python3 -c 'import json; d = json.load(open("fresh.jsonl")); print(d["host"], d["verdict"]["severity"])')" = "$(hostname) ok" ] &&
	ok "a state's first night with nothing in its logs: this machine's record, ok" || { bad "first quiet night"; cat fresh.jsonl; }

# a watched host is tonight's host by the names the model joins: jboss02.example.com seen on night 1,
# JBOSS02 killed on night 2, is one host (not a second one, ok with no events)
sed -n 1,340p "$src" | sed 's/ jboss02 / jboss02.example.com /' >fqdn.log
sed -n '341,$p' "$src" | sed 's/ jboss02 / JBOSS02 /' >short.log
rm -f names.db*
w -q --state names.db -f jsonl --fail-on never fqdn.log >/dev/null 2>err
w -q --state names.db -f jsonl --fail-on never short.log >names.jsonl 2>err
[ "$(grep -c . names.jsonl)" = 1 ] && grep -q '"host":"JBOSS02"' names.jsonl &&
	ok "a watched host named otherwise tonight (FQDN, short, case) is one host" || { bad "watched host by name"; cat names.jsonl; }

# guessed years: marked in history (text, JSON) and --emit-sysctl's evidence; not when --year gives it
w history --state st.json -f json | /usr/bin/python3 -c 'import json, sys
d = json.load(sys.stdin); assert d["events"] and all(e["year_guessed"] is True for e in d["events"]), d["events"]' &&
	ok "history -f json: year_guessed of each event" || bad "history json year_guessed"
MEMTRIAGE_NOW=1795834800 w --state year.db --year 2026 --fail-on never "$src" >/dev/null 2>err
w history --state year.db >year.txt && grep -q "^    2026-03-09T02:22:51  oom_kill java (pid 25333)" year.txt &&
	ok "history: a year given (--year) is not marked" || { bad "history --year mark"; cat year.txt; }
w --fail-on never --emit-sysctl dropin.conf "$src" >/dev/null 2>err
grep -q "^#     evidence: event #[0-9]*, oom_kill 2026?-03-09T02:22:51, " dropin.conf &&
	ok "--emit-sysctl: the evidence's guessed year marked" || { bad "emit-sysctl mark"; cat dropin.conf; }

echo '{"schema":"other"}' >bad.jsonl; cp fleet.db fleet.keep
w history --state fleet.db --import bad.jsonl >/dev/null 2>err; rc=$?
[ $rc = 4 ] && grep -q "bad.jsonl:1: error: the line is not a host of memtriage's JSON Lines" err &&
	[ "$(/usr/bin/python3 -c 'import sqlite3; print(sqlite3.connect("fleet.db").execute("select count(*) from runs").fetchone()[0])')" = 1 ] &&
	ok "--import of a foreign line: refused at its line, nothing imported" || { bad "bad import (rc $rc)"; cat err; }
# an exit 9 of any run (MT_WRAP's valgrind, or ASan/UBSan's exitcode=9 of make asan)
[ -s "$tmp/wrap-errors" ] && bad "errors under ${WRAP:-the sanitizers}:
$(cat "$tmp/wrap-errors")"
[ -n "$WRAP" ] && grep -l "^==[0-9]*==" ./*err* err 2>/dev/null | head -1 | grep -q . && bad "errors under $WRAP"
# and that this holds: a tool that finds an error in every history command (exit 9) fails the suite
if [ -z "$WRAP" ] && [ -z "${HISTORY_SELFTEST:-}" ]; then
	printf '#!/bin/sh\n"$@"\nrc=$?\ncase " $* " in *" history "*) exit 9 ;; esac\nexit $rc\n' >fake-wrap
	chmod +x fake-wrap
	(cd "$cwd" && MT_WRAP="$tmp/fake-wrap" HISTORY_SELFTEST=1 BIN="$BIN" sh "$self") >selftest.out 2>&1; rc=$?
	[ $rc != 0 ] && grep -q "^exit 9: memtriage history --state st.json -f markdown$" selftest.out &&
		ok "a fake MT_WRAP exiting 9 on history commands fails the suite" || { bad "self-test (rc $rc)"; tail -20 selftest.out; }
fi
echo "history: $pass passed, $fail failed, $skip skipped"
[ $fail = 0 ]
