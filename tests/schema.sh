#!/bin/sh
# The JSON output validates against docs/memtriage-1.schema.json, on the
# samples, on bad input, and on the corpus when it is there.
set -u
BIN=${BIN:-build/memtriage}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
n=0 skipped=0
run() {
	n=$((n + 1))
	"$BIN" --format json --year 2026 "$@" >"$tmp/$n.json" 2>/dev/null
	rc=$?
	if [ $rc -gt 1 ] && [ $rc -ne 4 ]; then echo "schema: FAIL: exit $rc for $*"; exit 1; fi
	[ -s "$tmp/$n.json" ] || rm -f "$tmp/$n.json"
}
run samples/
# the ESXi host's memory admission failures, paired with app01 and not (rules/tests/ holds its bundle)
run samples/vmware-guest samples/esxtop tests/data/captures/vmkernel-7x.log tests/data/captures/vmkernel-6x.log \
	tests/data/captures/vmkernel-no-admission.log
run rules/tests/esx-host-admission-failure-at-oom/fire
printf 'garbage\000\001\002\n{"MESSAGE":\n' >"$tmp/bad.log"
run "$tmp/bad.log" /nonexistent
if [ -d ../shared/corpus/oom ]; then
	for f in ../shared/corpus/oom/*.log; do run "$f"; done
else
	echo "schema: corpus SKIPPED: ../shared/corpus/oom not found, validating samples and bad input only"
	skipped=1
fi
exec /usr/bin/python3 - "$tmp" "$skipped" <<'PY'
import glob, json, sys
import jsonschema
schema = json.load(open("docs/memtriage-1.schema.json"))
jsonschema.Draft202012Validator.check_schema(schema)
v = jsonschema.Draft202012Validator(schema)
files = sorted(glob.glob(sys.argv[1] + "/*.json"))
bad = 0
for f in files:
    errs = list(v.iter_errors(json.load(open(f))))
    for e in errs[:3]:
        print(f"FAIL {f}: {e.json_path}: {e.message}")
    bad += bool(errs)
print(f"schema: {len(files) - bad} passed, {bad} failed, {sys.argv[2]} skipped")
sys.exit(1 if bad or not files else 0)
PY
