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
grep -q "(same-victim-again; new)" night3.text && grep -q "(oom-kill; again: 3 nights since 2026-11-28)" night3.text &&
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
# -q: a snapshot whose setting is a finding every night (panic_on_oom set)
snap=$cwd/rules/tests/panic-on-oom-set/fire
q() { MEMTRIAGE_NOW=$((1795834800 + ($1 - 1) * 86400)) $WRAP "$BIN" --state st2 -q --fail-on warning "$snap" 2>err; }
out=$(q 1); rc=$?
[ -n "$out" ] && [ $rc = 1 ] && ok "-q: the first night's finding is reported" || bad "-q first night (rc $rc): [$out]"
out=$(q 2); rc=$?
[ -z "$out" ] && [ $rc = 1 ] && ok "-q: silent the next night, the finding only again (rc 1 all the same)" || bad "-q next night (rc $rc): [$out]"
echo "history: $pass passed, $fail failed"
[ $fail = 0 ]
