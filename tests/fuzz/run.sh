#!/bin/sh
# `make fuzz`: each libFuzzer target NAME given (built in $FUZZ_DIR) first
# runs the inputs that once crashed it (tests/fuzz/regress/NAME/), then
# fuzzes for $FUZZ_SECONDS from its seeds below, with a fixed $FUZZ_SEED.
# A crash stops the run: its input is kept in $FUZZ_DIR/crashes/.
set -eu
FUZZ_DIR=${FUZZ_DIR:-build/fuzz}
FUZZ_SECONDS=${FUZZ_SECONDS:-20}
FUZZ_SEED=${FUZZ_SEED:-1}
corpus=../shared/corpus

# The seeds of each target; those absent (the corpus beside the repository) are left out.
seeds_of() {
	case $1 in
	fuzz_log) echo "$corpus/oom samples/central samples/journal samples/dmesg tests/data/bad" ;;
	fuzz_sources) echo "$corpus/snapshots/meminfo $corpus/snapshots/zoneinfo $corpus/snapshots/sysctl tests/fuzz/seeds/sources" ;;
	fuzz_esxtop) echo "samples/esxtop tests/data/captures $corpus/snapshots/esxtop" ;;
	fuzz_rules) echo "rules tests/data/rules" ;;
	fuzz_rules_match) echo "tests/fuzz/seeds/rules_match rules tests/data/rules" ;;
	fuzz_walk) echo "$FUZZ_DIR/seeds/walk tests/data/bad" ;;
	esac
}

mkdir -p "$FUZZ_DIR/seeds/walk" "$FUZZ_DIR/crashes"
tar -C tests/data -czf "$FUZZ_DIR/seeds/walk/bad.tar.gz" bad
tar -C samples -cJf "$FUZZ_DIR/seeds/walk/guest.tar.xz" vmware-guest

n=0
for t in "$@"; do
	mkdir -p "$FUZZ_DIR/corpus/$t"
	seeds=""
	for s in $(seeds_of "$t"); do
		if [ -d "$s" ]; then seeds="$seeds $s"; fi
	done
	if [ -d "tests/fuzz/regress/$t" ] && [ -n "$(ls "tests/fuzz/regress/$t")" ]; then
		"$FUZZ_DIR/$t" "tests/fuzz/regress/$t"/* >"$FUZZ_DIR/$t.regress.log" 2>&1 || {
			tail -40 "$FUZZ_DIR/$t.regress.log"
			echo "fuzz: $t: a regression input fails"
			exit 1
		}
	fi
	echo "fuzz: $t for $FUZZ_SECONDS s"
	# shellcheck disable=SC2086 # $seeds is a list of directories
	"$FUZZ_DIR/$t" -seed="$FUZZ_SEED" -max_total_time="$FUZZ_SECONDS" -max_len=65536 -timeout=10 \
		-rss_limit_mb=1024 -artifact_prefix="$FUZZ_DIR/crashes/$t-" "$FUZZ_DIR/corpus/$t" $seeds \
		>"$FUZZ_DIR/$t.log" 2>&1 || {
		tail -40 "$FUZZ_DIR/$t.log"
		echo "fuzz: $t found a crash: $FUZZ_DIR/crashes/"
		exit 1
	}
	grep -E "^#[0-9]+.*DONE" "$FUZZ_DIR/$t.log" | tail -1
	n=$((n + 1))
done
echo "fuzz: $n passed, 0 failed"
