#!/bin/sh
# memtriage's causes and advice against an expert's reading of the same
# inputs: samples/DIAGNOSIS.tsv always, tests/corpus/diagnosis-expected.tsv
# when ../shared/corpus is beside the repository (skipped, and said, if not).
set -u
BIN=${BIN:-build/memtriage}
CORPUS=${MT_CORPUS:-../shared/corpus/oom}
rc=0
/usr/bin/python3 tests/diagnosis_check.py "$BIN" samples samples samples/DIAGNOSIS.tsv || rc=1
if [ -d "$CORPUS" ]; then
	/usr/bin/python3 tests/diagnosis_check.py "$BIN" corpus "$CORPUS" tests/corpus/diagnosis-expected.tsv || rc=1
else
	echo "diagnosis (corpus): SKIPPED: $CORPUS not found (it ships beside the repository, not in it)"
	echo "diagnosis (corpus): 0 passed, 0 failed, 1 skipped"
fi
exit $rc
