#!/bin/sh
# End-to-end goldens: each tests/golden/CASE/ holds `args` (the command line
# after the binary, one line), and expected.out, expected.err, expected.rc.
# UPDATE=1 rewrites the expected files (review the diff before committing).
set -u
BIN=${BIN:-build/memtriage}
export LC_ALL=C TZ=UTC
unset NO_COLOR
pass=0 fail=0
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
for dir in tests/golden/*/; do
	case=$(basename "$dir")
	args=$(cat "$dir/args")
	if [ -f "$dir/stdin" ]; then
		eval "\"$BIN\" $args" <"$dir/stdin" >"$tmp/out" 2>"$tmp/err"
	else
		eval "\"$BIN\" $args" </dev/null >"$tmp/out" 2>"$tmp/err"
	fi
	echo $? >"$tmp/rc"
	if [ -n "${UPDATE:-}" ]; then
		cp "$tmp/out" "$dir/expected.out"
		cp "$tmp/err" "$dir/expected.err"
		cp "$tmp/rc" "$dir/expected.rc"
		echo "updated $case"
		continue
	fi
	ok=1
	for f in out err rc; do
		if ! diff -u "$dir/expected.$f" "$tmp/$f" >"$tmp/diff"; then
			ok=0
			echo "FAIL $case: $f differs"
			head -40 "$tmp/diff"
		fi
	done
	if [ $ok = 1 ]; then pass=$((pass + 1)); echo "ok   $case"; else fail=$((fail + 1)); fi
done
echo "golden: $pass passed, $fail failed"
[ $fail = 0 ]
