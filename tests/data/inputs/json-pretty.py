"""journalctl -o json records (one a line) printed as journalctl -o json-pretty prints them:
"{", one TAB-indented "KEY" : VALUE a line, "}"."""
import json
import sys

for line in sys.stdin:
    if not line.strip():
        continue
    rec = json.loads(line)
    fields = ['\t"%s" : %s' % (k, json.dumps(v, ensure_ascii=False)) for k, v in rec.items()]
    sys.stdout.write("{\n" + ",\n".join(fields) + "\n}\n")
