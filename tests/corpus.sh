#!/bin/sh
# Every real log of ../shared/corpus/oom against the events written down by
# reading each file (tests/corpus/oom-expected.tsv): count, type, trigger,
# victim and constraint of each event.  Skipped when the corpus is absent
# (a user's clone has none).
set -u
BIN=${BIN:-build/memtriage}
CORPUS=${MT_CORPUS:-../shared/corpus/oom}
if [ ! -d "$CORPUS" ]; then
	echo "corpus: SKIPPED: $CORPUS not found (it ships beside the repository, not in it)"
	echo "corpus: 0 passed, 0 failed, 1 skipped"
	exit 0
fi
exec /usr/bin/python3 tests/corpus_check.py "$BIN" "$CORPUS" tests/corpus/oom-expected.tsv
