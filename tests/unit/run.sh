#!/bin/sh
# `make unit`: each cmocka binary given, then one line of totals.  A test
# whose corpus file (../shared) is absent is counted skipped, not passed.
set -u
pass=0 fail=0 skipped=0 out=$(mktemp) || exit 1
trap 'rm -f "$out"' EXIT
for t in "$@"; do
	echo "== $t"
	"$t" >"$out" 2>&1
	rc=$?
	cat "$out"
	n=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$out")
	s=$(sed -n 's/^\[  SKIPPED \] \([0-9]*\) test.*/\1/p' "$out")
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$out")
	pass=$((pass + ${n:-0})) skipped=$((skipped + ${s:-0}))
	# a binary that died before its summary counts as one failure
	if [ $rc != 0 ]; then fail=$((fail + ${f:-1})); fi
done
echo "unit: $pass passed, $fail failed, $skipped skipped"
[ $fail = 0 ]
