#!/bin/sh
# The --state history across nights: samples/sosreport-rhel4-esx's messages
# fed in three nightly pieces (one java kill a night) fire same-victim-again
# on the third night only; findings are marked new, then again; -q says
# nothing when nothing is new.  MEMTRIAGE_NOW sets each night's clock.
set -u
BIN=${BIN:-$(pwd)/build/memtriage}
case "$BIN" in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
WRAP=${MT_WRAP:-}
cwd=$(pwd)
src=$cwd/samples/sosreport-rhel4-esx/var/log/messages
tmp=$(mktemp -d) || exit 1
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
mkdir log
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; [ -f err ] && cat err; }
night() { # night N STATE [args]: run night N (2026-11-28 + N - 1, 03:00 UTC)
	n=$1 st=$2; shift 2
	MEMTRIAGE_NOW=$((1795834800 + (n - 1) * 86400)) $WRAP "$BIN" --state "$st" --fail-on never "$@" log 2>err
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
whole=$("$BIN" --fail-on never -f json "$src" 2>/dev/null | /usr/bin/python3 -c 'import json, sys
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
q() { MEMTRIAGE_NOW=$((1795834800 + ($1 - 1) * 86400)) $WRAP "$BIN" --state st2 -q --fail-on warning "$snap" 2>err; }
out=$(q 1); rc=$?
[ -n "$out" ] && [ $rc = 1 ] && ok "-q: the first night's finding is reported" || bad "-q first night (rc $rc): [$out]"
out=$(q 2); rc=$?
[ -z "$out" ] && [ $rc = 1 ] && ok "-q: silent the next night, the finding only again (rc 1 all the same)" || bad "-q next night (rc $rc): [$out]"
# memtriage history over night 3's database
$WRAP "$BIN" history --state st.json >hist.txt 2>err; rc=$?
grep -q "^jboss02$" hist.txt && grep -q "2026-03-09T02:22:51  oom_kill java (pid 25333): lowmem_exhausted" hist.txt &&
	grep -q "same-victim-again: The same program was killed again and again (1 night, 2026-11-30)" hist.txt &&
	grep -q "oom-kill: .* (3 nights, 2026-11-28 to 2026-11-30)" hist.txt && grep -q "^  jboss02 *CCC$" hist.txt && [ $rc = 0 ] &&
	ok "history (text): events, findings with their nights, the verdict of each night" || { bad "history text (rc $rc)"; cat hist.txt; }
$WRAP "$BIN" history --state st.json -f json --since 2026-11-30 >hist.json 2>err
/usr/bin/python3 -c 'import json, sys
d = json.load(open("hist.json"))
assert d["nights"] == ["2026-11-30"], d["nights"]
assert d["verdicts"] == {"jboss02": ["critical"]}, d["verdicts"]
assert [f["nights"] for f in d["findings"] if f["rule"] == "oom-kill"] == [1]
assert len(d["events"]) == 0, d["events"]' && ok "history --since: only that night (json)" || bad "history --since json"
$WRAP "$BIN" history --state st.json --host nosuchhost -f json | /usr/bin/python3 -c 'import json, sys
d = json.load(sys.stdin); assert not d["events"] and not d["findings"] and not d["nights"]' &&
	ok "history --host: another host's history is not shown" || bad "history --host"
$WRAP "$BIN" history --state st.json -f html >hist.html
grep -q '<td class="critical" title="2026-11-29: critical">C</td>' hist.html && ok "history -f html: the fleet grid" || bad "history html"
$WRAP "$BIN" history --state st.json -f markdown | grep -q "^| jboss02 | critical | critical | critical |$" && ok "history -f markdown: the grid" || bad "history markdown"
$WRAP "$BIN" history --state nosuch.db >/dev/null 2>err; rc=$?
[ $rc = 5 ] && grep -q "nosuch.db: error: no history to read" err && [ ! -e nosuch.db ] && ok "history of a missing database: said, not created" || bad "history missing db (rc $rc)"

# --import: guests of one capture killed minutes apart, one program on three hosts
"$BIN" -f jsonl --fail-on never "$cwd/samples/vmware-guest" "$cwd/samples/esxtop" >app01.jsonl 2>/dev/null
fleet() { # fleet OUT SPREAD_S: app01's report as hosts g1..g3, each SPREAD_S after the last
	/usr/bin/python3 - "$1" "$2" <<'PY'
import json, sys, datetime
src = json.loads(open("app01.jsonl").readline())
out, spread = open(sys.argv[1], "w"), int(sys.argv[2])
for i, name in enumerate(["g1", "g2", "g3"]):
    d = json.loads(json.dumps(src))
    d["host"] = name
    for e in d["events"]:
        t = datetime.datetime.fromisoformat(e["time"]) + datetime.timedelta(seconds=i * spread)
        e["time"] = t.isoformat()
        e["source"] = name + ":" + e["source"]
    out.write(json.dumps(d) + "\n")
PY
}
fleet near.jsonl 120; touch -d 2026-12-01T03:00Z near.jsonl
$WRAP "$BIN" history --state fleet.db --import near.jsonl >fleet.txt 2>err; rc=$?
grep -q "near.jsonl: 3 hosts imported" err && grep -q "fleet-guests-killed-together.*: g1 at .* and g2 at .* (120 s apart), both guests of .*esx01-memory.csv" fleet.txt &&
	grep -q "fleet-same-program.*: java killed on 3 hosts within 7 days: g1,g2,g3" fleet.txt && [ $rc = 0 ] &&
	ok "--import: the fleet findings fire (guests minutes apart, java on 3 hosts)" || { bad "fleet fire (rc $rc)"; cat fleet.txt; }
grep -q "^  g1 *W$\|^  g1 *C$" fleet.txt && ok "--import: the night is the file's modification time" || bad "import night"
fleet far.jsonl 432000; touch -d 2026-12-01T03:00Z far.jsonl
$WRAP "$BIN" history --state far.db --import far.jsonl >far.txt 2>err
if grep -q "fleet-guests-killed-together\|fleet-same-program" far.txt; then bad "fleet findings fired 5 days apart"; cat far.txt
else ok "--import: quiet 5 days apart (guests beyond 10 minutes, java on 2 hosts within 7 days)"; fi
echo '{"schema":"other"}' >bad.jsonl; cp fleet.db fleet.keep
$WRAP "$BIN" history --state fleet.db --import bad.jsonl >/dev/null 2>err; rc=$?
[ $rc = 4 ] && grep -q "bad.jsonl:1: error: the line is not a host of memtriage's JSON Lines" err &&
	[ "$(/usr/bin/python3 -c 'import sqlite3; print(sqlite3.connect("fleet.db").execute("select count(*) from runs").fetchone()[0])')" = 1 ] &&
	ok "--import of a foreign line: refused at its line, nothing imported" || { bad "bad import (rc $rc)"; cat err; }
# under MT_WRAP (valgrind), its reports of errors in any run
[ -n "$WRAP" ] && grep -l "^==[0-9]*==" ./*err* err 2>/dev/null | head -1 | grep -q . && bad "errors under $WRAP"
echo "history: $pass passed, $fail failed"
[ $fail = 0 ]
