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

def find(node, key):
    """The first object of the schema under @key."""
    if isinstance(node, dict):
        for k, sub in node.items():
            if k == key and isinstance(sub, dict):
                return sub
            got = find(sub, key)
            if got is not None:
                return got
    elif isinstance(node, list):
        for sub in node:
            got = find(sub, key)
            if got is not None:
                return got
    return None

# a zone's numbers carry no unit in their names: the schema says each one's
unitless = 0
zone = find(schema, "zones")["items"]["properties"]
for key, unit in (("fields", "kB"), ("fields", "pages_scanned"), ("lowmem_reserve", "pages"), ("protections", "pages")):
    if unit not in zone[key].get("description", ""):
        print(f"FAIL docs/memtriage-1.schema.json: zones[].{key} does not say its unit ({unit})")
        unitless += 1
files = sorted(glob.glob(sys.argv[1] + "/*.json"))
bad = 0
for f in files:
    errs = list(v.iter_errors(json.load(open(f))))
    for e in errs[:3]:
        print(f"FAIL {f}: {e.json_path}: {e.message}")
    bad += bool(errs)
print(f"schema: {len(files) - bad + 4 - unitless} passed, {bad + unitless} failed, {sys.argv[2]} skipped")
sys.exit(1 if bad or unitless or not files else 0)
PY
