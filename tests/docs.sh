#!/bin/sh
# The README's examples are what the commands they show print: every fenced
# block whose first line is "$ build/memtriage ARGS" is run (from the top of
# the repository) and compared with the rest of the block, byte for byte.
set -u
BIN=${BIN:-build/memtriage}
exec /usr/bin/python3 - "$BIN" <<'PY'
import shlex, subprocess, sys, difflib
binary = sys.argv[1]
passed = failed = 0
lines = open("README.md", encoding="utf-8").read().split("\n")
i = 0
while i < len(lines):
    if lines[i].startswith("```") and i + 1 < len(lines) and lines[i + 1].startswith("$ build/memtriage "):
        cmd = lines[i + 1][2:]
        j = i + 2
        while j < len(lines) and not lines[j].startswith("```"):
            j += 1
        shown = "\n".join(lines[i + 2:j]) + "\n"
        args = shlex.split(cmd)[1:]
        run = subprocess.run([binary] + args, capture_output=True, text=True, errors="replace")
        if run.stdout == shown:
            passed += 1
        else:
            failed += 1
            print(f"FAIL README.md:{i + 2}: {cmd} prints otherwise:")
            sys.stdout.writelines(list(difflib.unified_diff(shown.splitlines(True), run.stdout.splitlines(True),
                                                            "README.md", cmd))[:40])
        i = j
    i += 1
if not passed and not failed:
    failed += 1
    print("FAIL README.md: no example block (\"$ build/memtriage ...\") found")
print(f"docs: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY
